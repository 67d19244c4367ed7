#ifndef SIGWATCH_DELIVER_H
#define SIGWATCH_DELIVER_H

#include <stddef.h>
#include <stdint.h>

#include "config.h"
#include "err.h"
#include "state.h"

/*
 * The outbox (docs/formats.md section 6). An entry outbox/<alert-id>.json holds
 * {"alert": {...}, "pending": ["slack", ...], "created": "..."}; it is
 * committed together with the hits that caused it, before any send.
 * Delivery then POSTs to each pending notifier and rewrites or removes the
 * entry; the caller commits that. Backoff and attempt counts are volatile
 * (.run/outbox.json). A permanent failure moves the alert, with the
 * reason, to outbox/dead/<alert-id>.<notifier>.json.
 */

/*
 * Per-notifier delivery bounds (notifier keys timeout, max_attempts,
 * max_age; these defaults apply when they are not set): a POST gets
 * DELIVER_TIMEOUT seconds; an alert that failed DELIVER_MAX_ATTEMPTS
 * times (5xx, timeouts, network errors), or was queued more than
 * DELIVER_MAX_AGE seconds ago and has failed at least once, is
 * dead-lettered with a log line saying the receiver may have received it
 * (a timed-out POST may have arrived). A notifier whose URL cannot be
 * read sends nothing and is not counted.
 */
#define DELIVER_TIMEOUT		30
#define DELIVER_MAX_ATTEMPTS	12
#define DELIVER_MAX_AGE		(24 * 3600)

/* queue an alert for the named notifiers (NULL-terminated) */
int	outbox_put(struct state *, const char *id, const char *alert_json,
	    const char *const *notifiers, int64_t now, struct err *);
/* the same; alerts created at the same time are sent in seq order */
int	outbox_put_seq(struct state *, const char *id, const char *alert_json,
	    const char *const *notifiers, int64_t now, size_t seq,
	    struct err *);

struct deliver_stats {
	size_t	sent, pending, dead, failed;
	size_t	resumed;	/* found in the delivered journal: not sent */
	size_t	stopped;	/* left pending because a stop was asked */
	int	config_error;	/* a receiver said its configuration is bad */
};

/*
 * Try every pending entry whose backoff has passed (every entry when
 * force is set: `sigwatch deliver`). Never fails the run:
 * problems are logged (without secrets) and counted in stats. Returns -1
 * only when the state cannot be written (ERR_IO in err).
 *
 * Each 2xx is recorded at once, durably, in .run/delivered (outside the
 * repository, so the repair at the next start keeps it); an entry found
 * there is treated as delivered without a send. So a process killed
 * after some deliveries re-sends at most the one whose 2xx it had not
 * yet recorded. Once stop_requested() (stop.h) is set no new request
 * starts: what is left stays pending for the next run.
 */
int	outbox_deliver(struct state *, const struct config *, int64_t now,
	    int force, struct deliver_stats *, struct err *);
/* empty the delivered journal: call once the removals it records are
 * committed (or there was nothing to commit) */
void	outbox_journal_clear(struct state *);

/* counts for `status` */
void	outbox_counts(struct state *, size_t *pending, size_t *dead);

#endif
