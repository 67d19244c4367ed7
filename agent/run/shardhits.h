#ifndef SIGWATCH_SHARDHITS_H
#define SIGWATCH_SHARDHITS_H

#include <stddef.h>
#include <stdint.h>

#include "err.h"
#include "hit.h"
#include "state.h"

/*
 * `sigwatch playbooks --from DIR...`: the hits the shards recorded (each
 * DIR a shard's state directory, opened read-only) that this state has
 * not taken yet. A hit is taken once: its id is then in this state's own
 * hits files, which is what de-duplicates (a shard's run that was
 * discarded and redone records the same hit ids again). Each shard's
 * cursor, shards/<name>.json (the newest `at` taken), only spares reading
 * its hits older than a day before that again.
 *
 * The order is the one a single run gives its hits (by `at`, then source
 * id, then as the shard recorded them), so playbooks move, and alerts are
 * built and identified, exactly as one unsharded run would.
 */
struct shardcursor {
	char	*dir;		/* as given */
	char	*rel;		/* shards/<name>.json */
	int64_t	 at;		/* newest `at` taken, or TIME_NONE */
	size_t	 taken;		/* hits taken from it, ever */
	int	 readable;
};

struct shardhits {
	struct hit		*v;	/* new hits, in order; all owned */
	size_t			 n;
	struct shardcursor	*cur;	/* one per DIR */
	size_t			 ncur;
};

/* Returns the number of DIRs that could be read (the others are logged
 * and left for the next time). */
size_t	shardhits_collect(struct state *own, const char *const *dirs,
	    size_t ndirs, struct shardhits *out);
/* write the cursors that moved */
int	shardhits_save(struct state *own, const struct shardhits *,
	    struct err *);
void	shardhits_release(struct shardhits *);

#endif
