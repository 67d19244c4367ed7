#ifndef SIGWATCH_PBSTATE_H
#define SIGWATCH_PBSTATE_H

#include <stddef.h>
#include <stdint.h>

#include "err.h"
#include "hit.h"
#include "playbook.h"
#include "state.h"

/*
 * A playbook's state across runs (playbooks/<id>.json). Each hit of one of
 * its rules is a signal; the playbook is active while `activate` holds
 * (distinct signal rules within the window) and goes back to watching when
 * the window empties. Signals older than the window are pruned, so the
 * file stays small.
 */
struct pbsignal {
	char	*rule, *hit, *source, *title, *link;
	int64_t	 at;		/* what the window counts: the item's date,
				 * else when the hit was made */
	int	 baseline;
};

struct pbstate {
	char		*id;
	int		 active;
	int64_t		 activated_at;	/* TIME_NONE when watching */
	struct pbsignal	*v;
	size_t		 n;
};

enum pb_transition { PB_NONE, PB_ACTIVATED, PB_RELAXED };

int	pbstate_load(struct state *, const char *id, struct pbstate *);
int	pbstate_save(struct state *, const struct pbstate *, struct err *);
void	pbstate_release(struct pbstate *);
void	pbstate_add(struct pbstate *, const struct hit *);
/* distinct rules among signals at or after since */
unsigned pbstate_distinct(const struct pbstate *, int64_t since);
/*
 * Prune signals older than the window and move the state machine. Returns
 * PB_ACTIVATED when the playbook turned active now, PB_RELAXED when it went
 * back to watching.
 */
enum pb_transition pbstate_step(struct pbstate *, const struct playbook *,
	    int64_t now);

#endif
