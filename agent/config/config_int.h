#ifndef SIGWATCH_CONFIG_INT_H
#define SIGWATCH_CONFIG_INT_H

#include <stdint.h>

#include "config.h"
#include "diag.h"
#include "ytree.h"

/*
 * Shared by the files of agent/config only (not part of config.h's API):
 * the schema helpers of config.c that feeds.c uses too. Each records a
 * diagnostic at the node on a problem.
 */
#define CONFIG_MAX_FILE		(4 * 1024 * 1024)	/* one YAML file */
#define CONFIG_MAX_ID		64

/* "feed", "html", ...: enum source_kind order, NULL-terminated */
extern const char *const cfg_kind_names[];

/* index of s in the NULL-terminated list, or -1 */
int	cfg_in_list(const char *s, const char *const *list);
/*
 * The required key of map (a `what`: "source") whose value is one of the
 * NULL-terminated names: its index. Else -1 with a diagnostic: missing,
 * or "unknown <label> 'x'" with "did you mean 'y'?" or "(use <use>)".
 * *at (when not NULL) is the value's node, NULL when it is not a scalar.
 */
int	cfg_get_enum(const struct ynode *map, const char *key, const char *what,
	    const char *const *names, const char *label, const char *use,
	    const struct ynode **at, struct diags *);
/* a plain scalar ~, null or empty: YAML null */
int	cfg_is_null(const struct ynode *);
/* a non-empty string at map[key] copied, else NULL */
char	*cfg_get_nonempty(const struct ynode *map, const char *key,
	    struct diags *);
/* an XPath at map[key] that compiles (when present) */
void	cfg_check_xpath(const struct ynode *map, const char *key,
	    struct diags *);
/* a string list with non-empty entries, copied; *out untouched if absent */
void	cfg_get_strv(char ***out, const struct ynode *map, const char *key,
	    struct diags *);
/* unsigned from lo to hi at map[key] into *out when present */
void	cfg_get_uint(unsigned *out, const struct ynode *map, const char *key,
	    unsigned lo, unsigned hi, struct diags *);
/* a size from 1KB to hi bytes at map[key] into *out when present; hi_text
 * says hi in the message ("64MB") */
void	cfg_get_size(uint64_t *out, const struct ynode *map, const char *key,
	    uint64_t hi, const char *hi_text, struct diags *);
/* a duration of at least lo seconds at map[key] into *out when present */
void	cfg_get_duration(int64_t *out, const struct ynode *map,
	    const char *key, int64_t lo, struct diags *);
int	cfg_valid_header_name(const char *);
int	cfg_valid_env_name(const char *);
/* an http(s) URL at v: 0, or -1 */
int	cfg_check_url(const struct ynode *v, struct diags *);
/* p under dir unless p is absolute or dir is "." or empty; malloc'd */
char	*cfg_path_join(const char *dir, const char *p);
/* the path at v (key) with $CREDENTIALS_DIRECTORY expanded, relative to
 * dir; malloc'd, or NULL */
char	*cfg_expand_path(const struct ynode *v, const char *key,
	    const char *dir, struct diags *);
void	cfg_source_release(struct source *);

/* the job board endpoint for board v of a source of this kind, malloc'd,
 * or NULL (with a diagnostic at v) */
char	*config_board_url(enum source_kind, const struct ynode *v,
	    struct diags *);

#endif
