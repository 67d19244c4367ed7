#ifndef SIGWATCH_RUNNOTE_H
#define SIGWATCH_RUNNOTE_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

#include "state.h"

/*
 * .run/rules.json: what the last run learnt about its rules, for
 * `sigwatch status`: the rules it suspended for hitting regex limits too
 * often (match.h, MATCH_LIMIT_BUDGET). Volatile bookkeeping, rewritten by
 * every run that matched anything, never committed:
 *
 *   {"at": "2026-11-23T10:00:00Z",
 *    "suspended": [{"rule": "redos", "limit_errors": 3}]}
 */
struct rule_note {
	char		*rule;
	unsigned	 limit_errors;
};

/* write the notes of the run at `at` (n may be 0); problems are logged */
void	runnote_rules_save(struct state *, int64_t at,
	    const struct rule_note *, size_t n);
/*
 * The last run's notes: *out malloc'd (free with runnote_rules_free),
 * *at TIME_NONE and *n 0 when there are none.
 */
void	runnote_rules_load(struct state *, int64_t *at,
	    struct rule_note **out, size_t *n);
void	runnote_rules_free(struct rule_note *, size_t n);
/* the "suspended" array of the file: [{"rule", "limit_errors"}...] */
json_t	*runnote_rules_json(const struct rule_note *, size_t n);

#endif
