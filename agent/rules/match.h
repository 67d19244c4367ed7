#ifndef SIGWATCH_MATCH_H
#define SIGWATCH_MATCH_H

#include <stddef.h>

#include "item.h"
#include "rules.h"

/*
 * Items x ruleset -> hits. Pure: no file, no output but log lines about
 * regex limits (`--explain` printing is explain.h).
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

/*
 * A matcher is one thread's scratch: what matching an item writes (the
 * item's view, prefilter state, excerpts, PCRE2 match data and JIT stack)
 * lives in it and is reused from item to item. Threads may share a loaded
 * ruleset, each with its own matcher. matcher_thread() is the calling
 * thread's own, created on first use and kept for the thread's life (the
 * one match_item() uses).
 */
struct matcher;

struct matcher *matcher_new(void);
void	matcher_free(struct matcher *);
struct matcher *matcher_thread(void);
/*
 * Match with the PCRE2 interpreter only, never JIT-compiling a pattern:
 * for a handful of matches (rules' tests: examples at load), compiling
 * every pattern costs far more than it saves. Same matches, same limits.
 */
void	matcher_no_jit(struct matcher *);
/* free the calling thread's matcher and regex scratch: a thread that
 * matched calls it before it ends (a worker pool's thread_end) */
void	matcher_thread_end(void);

/* returns the number of rules that hit; uses matcher_thread() */
size_t	match_item(const struct ruleset *, const struct item *,
	    const struct match_ctx *, match_cb, void *payload);
size_t	matcher_item(struct matcher *, const struct ruleset *,
	    const struct item *, const struct match_ctx *, match_cb,
	    void *payload);

/*
 * Evaluate one rule on one item, ignoring the rule's scoping and the
 * prefilter (rules' tests: examples, selftest.h). Returns 1 and fills *hit
 * (valid until the matcher's next use) when the condition holds, 0
 * otherwise. source_id labels limit-error log lines.
 */
int	match_rule(struct matcher *, const struct rule *, const struct item *,
	    const char *source_id, struct match_hit *hit);

/* turn the literal prefilter of the calling thread's matcher off/on
 * (tests prove it changes nothing) */
void	match_set_prefilter(int on);

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

#endif
