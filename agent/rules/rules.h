#ifndef SIGWATCH_RULES_H
#define SIGWATCH_RULES_H

#include <stddef.h>
#include <stdint.h>

#include "diag.h"

/*
 * Signal rules (sigwatch-rules(5)): rules/NAME.yaml (one rule per YAML
 * document), rules/aliases.yaml (%{name} lists) and rules/silences.yaml.
 * rules/competitors.yaml is the competitors directory (attrib.h).
 * rules/playbooks/ is not read here (see playbook.h).
 *
 * The compiler takes bytes, as YARA's does: rules_compiler_new(), one
 * rules_add_buf() per file, rules_compile(). It records every problem in
 * the diags (gcc-style file:line:col, regex errors at the exact character
 * PCRE2 reports) and keeps going; rules_compile() fails if any error was
 * recorded. Warnings (patterns that can match the empty string, nested
 * quantifiers, expired silences) do not fail it. rules_load() reads a
 * rules directory through it (rulesdir.c).
 */
enum severity {
	SEV_INFO = 0, SEV_LOW, SEV_MEDIUM, SEV_HIGH, SEV_CRITICAL
};

struct rule {
	char		 *id;
	char		 *title;
	char		 *description;	/* or NULL */
	enum severity	  severity;
	char		 *playbook;	/* or NULL */
	char		**competitors;	/* NULL-terminated; NULL = all */
	char		**sources;	/* ids or tags; NULL = all */
	char		**fields;	/* NULL-terminated; default title, text */
	char		**languages;	/* languages: the rule is for, or NULL:
					 * the configured ones (match.h) */
	int		  languages_any;	/* languages: any */
	char		**falsepositives;
	char		 *rev;		/* 12 hex chars: hash of the definition */
	char		 *path;		/* file the rule came from */
	unsigned	  line;
	/* compiled detection: private to rules.c/match.c */
	struct detection *det;
};

struct ruleset {
	struct rule	*rules;
	size_t		 n;
	struct silence	*silences;	/* private */
	size_t		 nsilences;
	/* private: rules/competitors.yaml (attrib.h), or NULL when the
	 * rules directory has none */
	struct compdir	*competitors;
	/* private: prefilter, aliases... */
	struct rules_private *priv;
};

struct ynode;
struct rules_compiler;

/* what a buffer holds: rules, or one of the directory's special files */
enum rules_part {
	RULES_PART_RULES,		/* NAME.yaml */
	RULES_PART_ALIASES,		/* aliases.yaml */
	RULES_PART_COMPETITORS,		/* competitors.yaml */
	RULES_PART_SILENCES		/* silences.yaml */
};

/*
 * A rule's tests: example (a scalar node), which the rule should match
 * (want 1) or not (want 0). The hook matches it and records a diagnostic
 * in d when the answer is wrong (selftest.h); r is compiled and valid
 * during the call only.
 */
typedef void (*rules_example_fn)(const struct rule *r,
	    const struct ynode *example, int want, struct diags *d,
	    void *payload);

/* a compiler recording into d (borrowed; it must outlive the compiler) */
struct rules_compiler *rules_compiler_new(struct diags *d);
/*
 * Defer: the bytes about to be added were validated before (rulescache.h)
 * and are trusted to compile. Parsing and every check that needs no
 * compiled pattern run as always; pcre2_compile, the prefilter analysis,
 * the index and the tests: examples wait for the first match
 * (match_item(), match_rule(), explain.h), once for the whole set. The
 * warning "pattern matches the empty string", which needs the compiled
 * pattern, is given for the patterns whose ordinals (in the order the
 * compiler meets patterns, ascending) are in empty[0, n): what
 * rules_compiler_empties() said when the bytes were validated. Call it
 * before the first rules_add_buf().
 */
void	rules_compiler_defer(struct rules_compiler *, const uint32_t *empty,
	    size_t n);
/* the ordinals of the patterns that matched the empty string so far (not
 * deferred); valid until the compiler's next use */
const uint32_t *rules_compiler_empties(const struct rules_compiler *,
	    size_t *n);
/* have each tests: example of a compiled rule checked by fn; without a
 * hook, examples are only checked for their shape */
void	rules_on_example(struct rules_compiler *, rules_example_fn,
	    void *payload);
/*
 * Compile one file's bytes (data[0, len), need not be NUL-terminated; name
 * labels diagnostics). Aliases and the competitors directory must be added
 * before the rules that use them. Returns the number of errors recorded.
 * The caller bounds len (rules_load: 4 MiB a file).
 */
size_t	rules_add_buf(struct rules_compiler *, enum rules_part,
	    const char *name, const char *data, size_t len);
/*
 * The rule set, with its prefilter index built: 0 and *out (owned by the
 * caller), or -1 and *out NULL when any error was recorded since
 * rules_compiler_new().
 */
int	rules_compile(struct ruleset **out, struct rules_compiler *);
void	rules_compiler_free(struct rules_compiler *);

/*
 * Load the rules directory dir (rulesdir.c): aliases.yaml and
 * competitors.yaml when present, every other *.yaml in name order, then
 * silences.yaml, each through rules_add_buf(), with every rule's tests:
 * examples matched (selftest.h); a failing example is an error at the
 * example's position. 0 and *out, or -1 and *out NULL.
 */
int	rules_load(struct ruleset **out, const char *dir, struct diags *);

/*
 * The verdict cache (`sigwatch run`): validating the rules costs far more
 * than reading them (every pattern compiled and analysed, every tests:
 * example matched), and a run that fetches nothing new matches nothing.
 * rules_load_cached() is rules_load() that first computes a digest of
 * every file it reads (name, bytes), of salt (the program's version) and
 * of PCRE2's version, and reads the verdict file at path (rulescache.h):
 * when the file is intact and holds that digest, the rules are loaded
 * deferred (rules_compiler_defer(): same diagnostics, patterns compiled
 * on the first match) and c->hit is set. Otherwise they are validated in
 * full; when valid, c->fresh is set and rules_cache_save() records the
 * verdict. A missing, unreadable or corrupt file is no verdict.
 */
struct rules_cache {
	char		 digest[65];
	uint32_t	*empty;		/* rules_compiler_empties() */
	size_t		 nempty;
	int		 hit;		/* loaded on the cached verdict */
	int		 fresh;		/* validated now and valid */
};

#define RULES_CACHE_INIT	{ { 0 }, NULL, 0, 0, 0 }

struct err;

int	rules_load_cached(struct ruleset **out, const char *dir,
	    const char *path, const char *salt, struct rules_cache *c,
	    struct diags *);
/* write c's verdict to path when c->fresh, and only into an existing
 * directory (0: written or nothing to do) */
int	rules_cache_save(const struct rules_cache *c, const char *path,
	    struct err *);
void	rules_cache_release(struct rules_cache *);
void	rules_free(struct ruleset *);
const struct rule *rules_find(const struct ruleset *, const char *id);
const char *severity_name(enum severity);
/* "high" -> SEV_HIGH; -1 if unknown */
int	severity_parse(const char *);

/*
 * Does the competitors directory know id? 1 yes, 0 no, -1 there is no
 * directory (rules/competitors.yaml absent).
 */
int	rules_competitor_known(const struct ruleset *, const char *id);

/*
 * Is a hit of rule on (source, link) silenced at time now? Returns the
 * silence's reason (borrowed) or NULL.
 */
const char *rules_silenced(const struct ruleset *, const char *rule,
	    const char *source, const char *link, int64_t now);

#endif
