#ifndef SIGWATCH_MATCH_H
#define SIGWATCH_MATCH_H

#include <stddef.h>
#include <stdio.h>

#include "item.h"
#include "rules.h"

/*
 * Items x ruleset -> hits. Pure.
 *
 * A rule applies to an item when its competitor list is empty or names
 * ctx->competitor, and its sources list is empty or names ctx->source_id
 * or one of ctx->tags. For a source with no competitor (ctx->competitor
 * NULL) and a ruleset with a competitors directory, the item is first
 * attributed (attrib.h): a competitor-scoped rule then applies when it
 * names one of the attributed competitors. A rule is for the languages of
 * its `languages:` key, else ctx->languages (NULL: every language); a hit
 * on an item in another language is dropped (lang.h: the item's declared
 * language, else the detected one, detected only when a hit depends on
 * it; an item too short to detect counts as in every language). A rule
 * hits when its condition holds; the hit
 * reports the first selection (in definition order) that matched and
 * helped the condition, the field it matched in, and the matched text.
 *
 * Patterns run with match and depth limits; a pattern that hits a limit is
 * logged (rule, source, item) and counts as no match for that item only;
 * a rule that keeps hitting limits is suspended (MATCH_LIMIT_BUDGET).
 */
/* what match_item decided about the item (optional output) */
struct match_info {
	/* the item's language when a hit depended on it: the declared one,
	 * or the detected one (detected set); NULL: not needed or unknown.
	 * Valid until the next match_item. */
	const char		*lang;
	int			 detected;
	size_t			 lang_skipped;	/* hits dropped for language */
};

struct match_ctx {
	const char		 *source_id;
	const char		 *competitor;	/* or NULL */
	const char *const	 *tags;		/* NULL-terminated, or NULL */
	/* the languages rules are written for (config `languages:`,
	 * NULL-terminated primary subtags), or NULL: every language */
	const char *const	 *languages;
	struct match_info	 *info;		/* filled when not NULL */
};

struct match_hit {
	const struct rule	*rule;
	/* the competitor the hit is about: the source's, else the attributed
	 * one the rule is scoped to (or, for an unscoped rule, the first
	 * attributed one); NULL when none */
	const char		*competitor;
	int			 attributed;	/* competitor came from
						 * attribution */
	/* selection name; "" when the condition holds with no selection
	 * matching (e.g. `not a`): then field is "title", match empty */
	const char		*selection;
	const char		*field;		/* title, text, link, author, categories */
	/* matched text (not NUL-terminated), in the field as rules see it:
	 * the item's string, or a copy of the same length with its URLs
	 * blanked (URLs never count) */
	const char		*match;
	size_t			 matchlen;
	/* an excerpt of the field around the match, at most ~300 bytes,
	 * valid UTF-8, whitespace collapsed, "…" where cut; the match is at
	 * [hl_off, hl_off + hl_len) inside it */
	const char		*excerpt;
	size_t			 hl_off, hl_len;
};

/* called once per hitting rule; the hit is valid during the call only */
typedef void (*match_cb)(const struct match_hit *, void *payload);

/* returns the number of rules that hit */
size_t	match_item(const struct ruleset *, const struct item *,
	    const struct match_ctx *, match_cb, void *payload);

/* count of limit errors since start (for run summaries and tests) */
size_t	match_limit_errors(void);

/*
 * A budget for regex limit errors: once a rule has hit a limit on
 * MATCH_LIMIT_BUDGET items in this process, match_item() logs one summary
 * line and skips the rule for the rest of the process (the run), so a
 * catastrophic rule costs a few warnings and a few limits' worth of CPU,
 * not one of each per item.
 */
#define MATCH_LIMIT_BUDGET	3
/* 1 when rule i of rs is suspended; *errors gets its limit errors */
int	match_rule_suspended(const struct ruleset *, size_t i,
	    unsigned *errors);

/*
 * What decides scoping before any rule runs (`test-rule --explain`): for
 * a source with no competitor, the item's attribution: each competitor
 * name in the title and lead, whether it counts as the actor and why;
 * with ctx->languages, the item's language and how it was decided.
 * Prints nothing when ctx is NULL.
 */
void	match_explain_context(const struct ruleset *, const struct item *,
	    const struct match_ctx *ctx, FILE *out);

/*
 * Why did rules not hit the item (`sigwatch test-rule --explain`)? For
 * each rule (only rule_id when not NULL) that does not hit, print to out
 * its id, each selection's value (true with the field and the matched
 * text; for a map selection each key too, |all naming the first pattern
 * found nowhere and |near the closest word distance found against N) and
 * the condition with its value, indented. With ctx, a rule whose
 * competitor or sources exclude the item is reported as "out of scope"
 * with the reason; ctx NULL ignores scoping. A rule_id that hits gets one
 * "matches" line; an unknown rule_id a "no rule" line. Runs without the
 * prefilter, so every selection is evaluated.
 */
void	match_explain(const struct ruleset *, const struct item *,
	    const struct match_ctx *ctx, const char *rule_id, FILE *out);
/*
 * The same question for every rule at once, one line each: the rule,
 * whether the item is in its scope (with ctx), the selections that
 * matched and the condition's value. match_explain() with a rule_id
 * gives the full tree of one rule.
 */
void	match_explain_brief(const struct ruleset *, const struct item *,
	    const struct match_ctx *ctx, FILE *out);

#endif
