#ifndef SIGWATCH_SEEN_H
#define SIGWATCH_SEEN_H

#include <stddef.h>

#include "err.h"

struct state;

/*
 * The item ids already seen for a source: seen/<id>.txt, one line per
 * item, "HASH YYYY-MM" (a 64-bit hash of the id in hex, and the month the
 * item was last present in the source), sorted by hash so diffs show only
 * what changed. It outlives items/ retention and loads fast: a million
 * ids parse in well under a second. A state written before the index
 * existed is migrated from items/<id>/ on first load.
 */
struct seenset;
int	state_seen_load(struct state *, const char *source_id,
	    struct seenset **out, struct err *);
int	seenset_has(const struct seenset *, const char *item_id);
/* record item_id as present in month (month_index()); adds it if new */
void	seenset_mark(struct seenset *, const char *item_id, unsigned month);
size_t	seenset_count(const struct seenset *);
/* drop ids not present since before month `keep_from`, then write the
 * index (only when its content changed) */
int	state_seen_save(struct state *, const char *source_id,
	    struct seenset *, unsigned keep_from, struct err *);
void	seenset_free(struct seenset *);

#endif
