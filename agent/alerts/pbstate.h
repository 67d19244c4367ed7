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
	int64_t	 at;		/* when the hit was recorded (seen) */
	int64_t	 published;	/* the item's date, or TIME_NONE */
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
/* 1 when h is a signal of pb: recorded for it, or one of its signal rules */
int	pbstate_is_signal(const struct hit *, const struct playbook *);
/* what a playbook window counts: the item's date, else when it was seen */
int64_t	pbsignal_date(const struct pbsignal *);
/* distinct rules among signals at or after since */
unsigned pbstate_distinct(const struct pbstate *, int64_t since);
/*
 * Prune signals older than the window and move the state machine. Returns
 * PB_ACTIVATED when the playbook turned active now, PB_RELAXED when it went
 * back to watching.
 */
enum pb_transition pbstate_step(struct pbstate *, const struct playbook *,
	    int64_t now);
/*
 * Take hit_id out of the window (a false positive). Returns 1 when it was
 * there; then PB_RELAXED in *tr when an active playbook no longer meets
 * `activate` with what is left (it goes back to watching), else PB_NONE.
 */
int	pbstate_retract(struct pbstate *, const struct playbook *,
	    const char *hit_id, int64_t now, enum pb_transition *tr);

#endif
