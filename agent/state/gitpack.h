#ifndef SIGWATCH_GITPACK_H
#define SIGWATCH_GITPACK_H

#include <git2.h>
#include <stddef.h>
#include <stdint.h>

#include "err.h"

/*
 * Keeping the state repository small, as git's `gc --auto` does.
 *
 * Every commit stores its new objects (blobs, trees, the commit) as one
 * pack with its index (gitpack_store), not as one loose object per file:
 * one file and one zlib stream instead of thousands. A run rewrites the
 * month files it appends to, and the per-commit pack holds each such
 * file whole (a pack on disk cannot delta against another pack), so
 * without repacking disk grows with runs x file size. After a commit
 * (gitpack_auto):
 *
 *  - once loose objects and packs together pass 3/2 of the last full
 *    pack (at least GITPACK_MIN_BYTES), or there are GITPACK_MAX_PACKS
 *    packs (git's gc.autoPackLimit), everything HEAD reaches becomes one
 *    pack with deltas, each object sorted by its whole path so that the
 *    versions of one file, and only they, delta against each other (git's
 *    own name hash sees the last 16 characters, the same for every
 *    source's items/<id>/<month>.jsonl), and the rest is removed. Each full pack
 *    is paid for by the growth since the last one, and disk stays within
 *    3/2 of what the last full pack needed (about what `git gc` makes of
 *    the repository);
 *  - between full packs, GITPACK_LOOSE_COUNT loose objects (written by
 *    older versions or by git itself) go into one new pack of the
 *    commits since the last pack.
 *
 * The first commit only records the repository's size as the measure
 * (one copy of everything: nothing to gain). The delta search keeps at
 * most pack.windowMemory (64 MiB unless the repository's config says
 * otherwise) of objects in memory.
 *
 * Crash safety: a pack is written under a temporary name and renamed
 * (its .idx first: git and libgit2 ignore an index without its pack),
 * and flushed (syncfs) before anything is removed or any ref points into
 * it; a loose object is removed only once the new pack's index says it
 * holds it; an old pack only after a full pack holding everything
 * reachable is durable. Killed at any instant, the repository has every
 * object it had (test crash points "gitpack.written", "gitpack.pruning").
 * What a kill leaves behind (temporary packs, an index without its pack)
 * is removed by gitpack_clean.
 */
#define GITPACK_MIN_BYTES	(256u << 10)
#define GITPACK_WINDOW_MEMORY	(64 << 20)	/* pack.windowMemory */
#define GITPACK_LOOSE_COUNT	5000
#define GITPACK_MAX_PACKS	50
#define GITPACK_MAX_DEPTH	32		/* of the state's trees */

struct gitpack_stats {
	size_t		loose, packs;		/* before */
	uint64_t	loose_bytes, pack_bytes;
	int		packed;			/* 0, 1 incremental, 2 full */
	size_t		removed;		/* loose objects and packs */
};

/* object ids to store in one pack */
struct gitpack_ids {
	git_oid	*ids;
	size_t	 n, alloc;
};

/* add id to l when mem holds it (else it is on disk already) */
void	gitpack_ids_add(struct gitpack_ids *l, git_odb_backend *mem,
	    const git_oid *id);
void	gitpack_ids_release(struct gitpack_ids *);
/*
 * Write the objects of l (readable through the repository) as one pack
 * in objects/pack and empty l; name gets the pack's name, "" when l was
 * empty. Nothing is flushed. A commit too large to hold in memory at
 * once stores its blobs this way as it goes.
 */
int	gitpack_store_list(git_repository *, struct gitpack_ids *l,
	    char *name, struct err *);
/*
 * Write the objects of the in-memory backend mem (libgit2's mempack) that
 * commit reaches as one pack in objects/pack: the commit, and the trees and
 * blobs mem holds (what it does not hold is on disk already). name gets
 * the pack's name (40 hex digits). Nothing is flushed: the caller syncs
 * before a ref points at commit, then resets mem.
 */
int	gitpack_store(git_repository *, git_odb_backend *mem,
	    const git_oid *commit, char *name, struct err *);
/*
 * Remove what an interrupted pack write leaves in objects/pack: libgit2's
 * temporary packs and lock files, and an .idx whose .pack never arrived.
 * The caller holds the run lock.
 */
void	gitpack_clean(git_repository *);
/* pack when the thresholds say so (force: always, in full) */
int	gitpack_auto(git_repository *, int force, struct gitpack_stats *,
	    struct err *);

#endif
