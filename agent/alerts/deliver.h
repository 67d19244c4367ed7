#ifndef SIGWATCH_DELIVER_H
#define SIGWATCH_DELIVER_H

#include <stddef.h>
#include <stdint.h>

#include "config.h"
#include "err.h"
#include "state.h"

/*
 * The outbox (DESIGN.md section 8). An entry outbox/<alert-id>.json holds
 * {"alert": {...}, "pending": ["slack", ...], "created": "..."}; it is
 * committed together with the hits that caused it, before any send.
 * Delivery then POSTs to each pending notifier and rewrites or removes the
 * entry; the caller commits that. Backoff and attempt counts are volatile
 * (.run/outbox.json). A permanent failure moves the alert, with the
 * reason, to outbox/dead/<alert-id>.<notifier>.json.
 */

/* queue an alert for the named notifiers (NULL-terminated) */
int	outbox_put(struct state *, const char *id, const char *alert_json,
	    const char *const *notifiers, int64_t now, struct err *);
/* the same; alerts created at the same time are sent in seq order */
int	outbox_put_seq(struct state *, const char *id, const char *alert_json,
	    const char *const *notifiers, int64_t now, size_t seq,
	    struct err *);

struct deliver_stats {
	size_t	sent, pending, dead, failed;
	int	config_error;	/* a receiver said its configuration is bad */
};

/*
 * Try every pending entry whose backoff has passed (every entry when
 * force is set: `sigwatch deliver`). Never fails the run:
 * problems are logged (without secrets) and counted in stats. Returns -1
 * only when the state cannot be written (ERR_IO in err).
 */
int	outbox_deliver(struct state *, const struct config *, int64_t now,
	    int force, struct deliver_stats *, struct err *);

/* counts for `status` */
void	outbox_counts(struct state *, size_t *pending, size_t *dead);

#endif
