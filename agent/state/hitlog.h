#ifndef SIGWATCH_HITLOG_H
#define SIGWATCH_HITLOG_H

#include <stddef.h>
#include <stdint.h>

#include "hit.h"
#include "state.h"

/*
 * Reading the recorded hits back: hits/<YYYY-MM>.jsonl and its parts, in
 * file order (oldest month first). Lines that are not hits are skipped.
 */

/* call fn for every hit recorded at or after since (TIME_NONE: all); the
 * hit is released after fn returns. fn returns nonzero to stop. */
void	hitlog_each(struct state *, int64_t since,
	    int (*fn)(const struct hit *, void *), void *payload);
/* the hit with this id into *out (release with hit_release()), or
 * ERR_NOTFOUND */
int	hitlog_find(struct state *, const char *id, struct hit *out);

#endif
