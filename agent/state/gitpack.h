#ifndef SIGWATCH_GITPACK_H
#define SIGWATCH_GITPACK_H

#include <git2.h>
#include <stddef.h>
#include <stdint.h>

#include "err.h"

/*
 * Keeping the state repository small, as git's `gc --auto` does. Every
 * run rewrites the month files it appends to, and each version is a new
 * loose object holding the whole file: without packing, disk grows with
 * runs x file size. After a commit:
 *
 *  - once loose objects and packs together pass 3/2 of the last full
 *    pack (at least GITPACK_MIN_BYTES), or there are GITPACK_MAX_PACKS
 *    packs, everything HEAD reaches becomes one pack with deltas, named
 *    by path so that the versions of one file delta against each other,
 *    and the rest is removed. Each full pack is paid for by the growth
 *    since the last one, and disk stays within 3/2 of what the last
 *    full pack needed (about what `git gc` makes of the repository);
 *  - between full packs, GITPACK_LOOSE_COUNT loose objects go into one
 *    new pack of the commits since the last pack (fewer files to walk).
 *
 * The first commit only records the repository's size as the measure
 * (one copy of everything: nothing to gain). The delta search keeps at
 * most pack.windowMemory (64 MiB unless the repository's config says
 * otherwise) of objects in memory.
 *
 * Crash safety: a pack is written under a temporary name, renamed, and
 * flushed (syncfs) before anything is removed; a loose object is removed
 * only once the new pack's index says it holds it; an old pack only after
 * a full pack holding everything reachable is durable. Killed at any
 * instant, the repository has every object it had (test crash points
 * "gitpack.written", "gitpack.pruning").
 */
#define GITPACK_MIN_BYTES	(256u << 10)
#define GITPACK_WINDOW_MEMORY	(64 << 20)	/* pack.windowMemory */
#define GITPACK_LOOSE_COUNT	5000
#define GITPACK_MAX_PACKS	8

struct gitpack_stats {
	size_t		loose, packs;		/* before */
	uint64_t	loose_bytes, pack_bytes;
	int		packed;			/* 0, 1 incremental, 2 full */
	size_t		removed;		/* loose objects and packs */
};

/* pack when the thresholds say so (force: always, in full) */
int	gitpack_auto(git_repository *, int force, struct gitpack_stats *,
	    struct err *);

#endif
