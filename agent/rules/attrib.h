#ifndef SIGWATCH_ATTRIB_H
#define SIGWATCH_ATTRIB_H

#include <stddef.h>

#include "diag.h"
#include "ytree.h"

/*
 * The competitors directory (rules/competitors.yaml) and attribution:
 * which competitors an item of a mixed-vendor source (one with no
 * `competitor`) is about.
 *
 * The directory is a list of competitors, each with an id (what sources'
 * and rules' `competitor` name) and the names it goes by: `names`,
 * `products` and `former` (former names and acquired companies whose news
 * is now the competitor's). Names are literal text matched caseless at word
 * boundaries, a space or hyphen matching any run of spaces and hyphens; a
 * name written in capitals only (WARP, ZIA) matches in capitals only.
 *
 * An item is attributed to a competitor when one of its names is the
 * ACTOR of the item's title or lead (the text up to the end of its first
 * sentence of at least 6 words, at most 40 words): the subject of a
 * clause (at the start, after a label such as "Exclusive:", after a
 * descriptor such as "security startup", or joined to another subject by
 * "and"), a possessive ("Zscaler's new plan"), the agent of a passive
 * ("acquired by Zscaler"), or a name between a comma and a verb ("On
 * Tuesday, Zscaler said"). A name followed by "vs", "or", "customers",
 * "rival", "partners"... or in a title's " - Publisher" suffix is a
 * mention, not an actor. All names are found with one PCRE2 alternation.
 */
struct compdir;

/*
 * Parse competitors.yaml (docs may hold no document: an empty directory).
 * Every problem is recorded in d (file:line:col: unknown keys, invalid or
 * duplicate ids, empty, overlong or duplicate names). Returns 0 and *out,
 * or -1 with *out NULL when an error was recorded.
 */
int	compdir_load(struct compdir **out, const struct ydocs *docs,
	    struct diags *d);
void	compdir_free(struct compdir *);
size_t	compdir_count(const struct compdir *);
/* id of competitor i (borrowed) */
const char *compdir_id(const struct compdir *, size_t i);
/* index of id, or -1 */
long	compdir_find(const struct compdir *, const char *id);

enum attrib_seg { ATTRIB_TITLE, ATTRIB_LEAD };

/* one name found in the title or the lead */
struct attrib_mention {
	size_t		 comp;		/* competitor index */
	enum attrib_seg	 seg;
	size_t		 off, len;	/* in the title, or in the item text */
	int		 actor;
	const char	*why;		/* static text: why it counts or not */
	size_t		 cue_off, cue_len; /* the words that decided, in the
					 * same string (cue_len 0: none) */
};

struct attribution {
	const char	**ids;		/* attributed ids (borrowed from the
					 * directory), NULL-terminated */
	size_t		  n;
	struct attrib_mention *m;	/* every mention, in order */
	size_t		  nm, malloc_;
	size_t		  lead_len;	/* bytes of the text read as lead */
	void		 *md;		/* private: PCRE2 match data */
};

#define ATTRIBUTION_INIT { NULL, 0, NULL, 0, 0, 0, NULL }

/*
 * Attribute an item (title and text may be NULL). Reuses a's arrays;
 * returns a->n. a->ids is valid while the directory lives. a is the
 * caller's scratch: threads may share a directory, each with its own a.
 */
size_t	attrib_item(const struct compdir *, const char *title,
	    const char *text, struct attribution *a);
void	attribution_release(struct attribution *);

#endif
