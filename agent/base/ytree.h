#ifndef SIGWATCH_YTREE_H
#define SIGWATCH_YTREE_H

#include <stddef.h>
#include <stdint.h>

#include "diag.h"

/*
 * YAML documents as small trees with source positions, built from libyaml
 * events. Anchors and aliases are refused (an alias bomb would otherwise
 * expand exponentially in our walkers) and so are duplicate map keys.
 * Every problem is recorded in struct diags with the file's line:col.
 */
enum ynode_kind { YNODE_SCALAR, YNODE_SEQ, YNODE_MAP };

enum ynode_style {
	YSTYLE_PLAIN, YSTYLE_SINGLE, YSTYLE_DOUBLE, YSTYLE_BLOCK
};

struct ynode {
	enum ynode_kind	  kind;
	enum ynode_style  style;	/* scalars only */
	unsigned	  line, col;	/* 1-based, of the node's first char */
	const char	 *path;		/* borrowed from the ydoc set */
	const char	 *src;		/* borrowed: whole source text */
	size_t		  srclen;
	size_t		  index;	/* byte offset of the node in src */
	char		 *str;		/* scalar value, NUL-terminated */
	size_t		  len;
	/* SEQ: items; MAP: key at 2*i, value at 2*i + 1; n counts pairs */
	struct ynode	**kids;
	size_t		  n;
};

struct ydocs {
	char		 *path;
	char		 *src;		/* owned copy of the source text */
	size_t		  srclen;
	struct ynode	**docs;		/* NULL entries for empty documents */
	size_t		  ndocs;
};

/*
 * Parse every document of one file. Returns 0, or -1 when the file is not
 * valid YAML (a diagnostic was recorded; docs parsed before the error are
 * kept). path is copied.
 */
int	ytree_parse(struct ydocs *out, const char *path, const char *data,
	    size_t len, struct diags *);
void	ydocs_release(struct ydocs *);

/* MAP access: value for key, or NULL; key node via keyp when non-NULL */
const struct ynode *ymap_get(const struct ynode *map, const char *key);
const struct ynode *ymap_key(const struct ynode *map, size_t i);
const struct ynode *ymap_val(const struct ynode *map, size_t i);

/* 1-based column of byte `off` inside a single-line scalar's value */
unsigned ynode_col_at(const struct ynode *, size_t off);

/* a short name for the node's kind: "a string", "a list", "a map" */
const char *ynode_kind_name(const struct ynode *);

/*
 * Schema helpers: each records a diagnostic at the node and returns -1 on
 * a type error, 0 on success.
 */
/* node must be a map whose keys are all in known (NULL-terminated);
 * unknown keys are reported with a did-you-mean; what is "rule", "source" */
int	ycheck_map(const struct ynode *, const char *what,
	    const char *const *known, struct diags *);
/* the scalar at map[key]; NULL when absent, or (with a diagnostic) when
 * it is not a scalar */
const struct ynode *yget_scalar(const struct ynode *map, const char *key,
	    struct diags *);
/* the same, and an empty string is an error too */
const struct ynode *yget_nonempty(const struct ynode *map, const char *key,
	    struct diags *);
/* scalar string; an empty required value counts as missing */
int	yget_str(const char **out, const struct ynode *, const char *key,
	    struct diags *);
/* a string or a list of strings (NULL-terminated, malloc'd array of
 * borrowed strings); *out untouched when the key is absent */
int	yget_strlist(const char ***out, size_t *n, const struct ynode *,
	    const char *key, struct diags *);
int	yget_bool(int *out, const struct ynode *, const char *key,
	    struct diags *);
int	yget_uint(uint64_t *out, const struct ynode *, const char *key,
	    uint64_t max, struct diags *);
/* "30s", "5m", "1h", "7d", "2w" -> seconds */
int	yget_duration(int64_t *out, const struct ynode *, const char *key,
	    struct diags *);
/* "512KB", "10MB", "1GB", "100B" or a plain number of bytes */
int	yget_size(uint64_t *out, const struct ynode *, const char *key,
	    struct diags *);
/* record "missing required key" at the map */
void	ymissing(const struct ynode *map, const char *key, const char *what,
	    struct diags *);
void	ydiag(struct diags *, enum diag_sev, const struct ynode *,
	    const char *fmt, ...) __attribute__((format(printf, 4, 5)));

#endif
