#ifndef SIGWATCH_DIGEST_H
#define SIGWATCH_DIGEST_H

#include <stdint.h>

#include "config.h"
#include "err.h"
#include "playbook.h"
#include "rules.h"
#include "state.h"

/*
 * The digest (`sigwatch digest`): what the state says about a period, as
 * one alert of kind "digest" per notifier (the alert schema of notify.h
 * plus a "digest" object, documented in the README):
 *
 *   "digest": {
 *     "since", "until", "previous": last digest or null, "notifier",
 *     "signals": hits, "items": what they were about, "items_new":
 *     items seen after the previous digest,
 *     "report_url": alerts.report_url or null,
 *     "playbooks": [{"id", "title", "competitor", "threat", "state",
 *        "activated_at", "signals_in_window", "distinct_needed",
 *        "within_days", "signals": [SIGNAL...], "signals_total": items}],
 *     "other": [SIGNAL...], "other_total",     hits no playbook claims
 *     "competitors": [{"competitor", "items", "hits"}],
 *     "sources": {"total", "broken": [{"id", "kind", "competitor",
 *        "consecutive_failures", "last_error"}]},
 *     "rules": [{"rule", "title", "hits", "fp", "ack"}]
 *   }
 *   SIGNAL: one item, {"hit", "hits": [...], "rule", "rules": [...]
 *            (every rule that hit it), "source", "title", "link",
 *            "published", "at", "new": seen after the previous digest}
 *
 * Signals are the period's hits that are neither silenced, baseline nor
 * triaged as false positives; a notifier's digest lists the playbooks
 * that notify it. "rules" is triage precision over every recorded hit,
 * for rules with at least one verdict.
 */
struct digest;

/* read the state for the period [since, now] */
int	digest_collect(struct digest **out, struct state *,
	    const struct config *, const struct ruleset *,
	    const struct playbooks *, int64_t since, int64_t now);
/* the digest alert for one notifier, malloc'd JSON; id as alert.h */
char	*digest_alert(char id[17], const struct digest *,
	    const struct notifier *);
/* hits in the period, the items they were about, and how many of those
 * are new since the previous digest (none without one) */
void	digest_counts(const struct digest *, size_t *signals, size_t *items,
	    size_t *fresh);
void	digest_free(struct digest *);

/* digest.json: the time of the last digest queued, or TIME_NONE */
int64_t	digest_last(struct state *);
int	digest_mark(struct state *, int64_t when, int64_t since,
	    struct err *);

#endif
