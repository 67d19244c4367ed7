#ifndef STRSET_H
#define STRSET_H

#include <stddef.h>

/*
 * A set of byte strings (copies), open addressing: O(1) membership for
 * de-duplication where a list scan would make hostile input quadratic
 * (an item's 200,000 categories, a YAML map's keys, OPML ids, job ids
 * across the pages of one board).
 *
 *	struct strset s = STRSET_INIT;
 *	if (strset_add(&s, key, strlen(key)))	// 1: new, 0: already there
 *		...
 *	strset_release(&s);
 */
struct strset {
	struct strset_slot {
		char	*s;
		size_t	 len;
		size_t	 val;	/* the caller's, from strset_val() */
	}		*slot;
	size_t		 cap, n;
};

#define STRSET_INIT { NULL, 0, 0 }

/* 1 if (s, len) was added, 0 if it was already in the set */
int	strset_add(struct strset *, const char *s, size_t len);
int	strset_has(const struct strset *, const char *s, size_t len);
/* the caller's number kept with (s, len), added (as 0) when missing */
size_t	*strset_val(struct strset *, const char *s, size_t len);
size_t	strset_count(const struct strset *);
void	strset_release(struct strset *);

#endif
