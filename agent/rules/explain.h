#ifndef SIGWATCH_EXPLAIN_H
#define SIGWATCH_EXPLAIN_H

#include <stdio.h>

#include "item.h"
#include "match.h"
#include "rules.h"

/*
 * `sigwatch test-rule --explain`: why rules do or do not hit an item,
 * printed to out. Each call matches with its own scratch (match.h), so it
 * leaves the calling thread's matcher as it was.
 */

/*
 * What decides scoping before any rule runs: for a source with no
 * competitor, the item's attribution: each competitor name in the title
 * and lead, whether it counts as the actor and why; with ctx->languages,
 * the item's language and how it was decided. Prints nothing when ctx is
 * NULL.
 */
void	explain_context(const struct ruleset *, const struct item *,
	    const struct match_ctx *ctx, FILE *out);

/*
 * Why did rules not hit the item? For each rule (only rule_id when not
 * NULL) that does not hit, print its id, each selection's value (true
 * with the field and the matched text; for a map selection each key too,
 * |all naming the first pattern found nowhere and |near the closest word
 * distance found against N) and the condition with its value, indented.
 * With ctx, a rule whose competitor or sources exclude the item is
 * reported as "out of scope" with the reason; ctx NULL ignores scoping. A
 * rule_id that hits gets one "matches" line; an unknown rule_id a "no
 * rule" line. Runs without the prefilter, so every selection is
 * evaluated.
 */
void	explain_rules(const struct ruleset *, const struct item *,
	    const struct match_ctx *ctx, const char *rule_id, FILE *out);

/*
 * The same question for every rule at once, one line each: the rule,
 * whether the item is in its scope (with ctx), the selections that
 * matched and the condition's value. explain_rules() with a rule_id
 * gives the full tree of one rule.
 */
void	explain_brief(const struct ruleset *, const struct item *,
	    const struct match_ctx *ctx, FILE *out);

#endif
