#ifndef SIGWATCH_FEEDSFILE_H
#define SIGWATCH_FEEDSFILE_H

#include <stddef.h>

#include "buf.h"
#include "err.h"

/*
 * Adding one source to a feeds file (`sigwatch add`) without rewriting
 * what the analyst wrote: the file's bytes stay as they are, and the new
 * entry's lines go right after the last line of the `sources:` block list
 * (or after an empty `sources:`, or, when the key is missing, at the end
 * under a new `sources:`). Positions come from libyaml's event marks.
 * Layouts where inserting lines cannot be done safely are refused: a
 * flow list (`sources: [...]`), a top level that is not a block mapping,
 * several documents.
 */
struct feeds_entry {
	const char	 *id, *kind;
	const char	 *url, *board;		/* or NULL */
	const char	 *competitor;		/* or NULL: the file's */
	char *const	 *tags;			/* NULL-terminated, or NULL */
	const char	 *items, *select;	/* html / page XPaths, or NULL */
	const char	 *comment;		/* comment lines (split at \n)
						 * put above the entry, or NULL */
};

struct feeds_spot {
	size_t		 offset;	/* where the entry's text goes */
	unsigned	 indent;	/* column of the list's "-" */
	int		 need_key;	/* write "sources:" first */
	int		 need_nl;	/* the text before does not end a line */
	char		*competitor;	/* the file's default, or NULL */
};

/*
 * Find where an entry goes in the feeds file text data[0..len) (empty for
 * a new file). Errors: ERR_PARSE ("line N: did not find expected key"),
 * ERR_SCHEMA (a layout that cannot take an appended entry; the message
 * says why). Release with feeds_spot_release().
 */
int	feeds_spot(struct feeds_spot *out, const char *data, size_t len,
	    struct err *) __attribute__((warn_unused_result));
void	feeds_spot_release(struct feeds_spot *);

/* the entry as YAML lines at the spot's indent ("- id: ..."), with
 * "sources:" and a newline first when the spot needs them */
void	feeds_entry_text(struct buf *out, const struct feeds_spot *,
	    const struct feeds_entry *);

/* data with text inserted at the spot's offset */
void	feeds_insert(struct buf *out, const char *data, size_t len,
	    const struct feeds_spot *, const char *text, size_t tlen);

/* s as a YAML double-quoted scalar (\\ \" and \xNN escapes) */
void	feeds_quote(struct buf *, const char *s);

#endif
