#ifndef SIGWATCH_RULES_PRIVATE_H
#define SIGWATCH_RULES_PRIVATE_H

/*
 * Compiled detections, shared by rules.c (which builds them), pfindex.c
 * (which indexes them) and the matcher (match.c, explain.c, selftest.c,
 * which run them). Not part of the API: nothing outside rules/ includes
 * this header, so PCRE2 stays inside it.
 */
#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#include <pthread.h>
#include <stdint.h>

#include "cond.h"
#include "prefilter.h"
#include "rules.h"

/* the fields rules see, as bits */
enum {
	FIELD_TITLE = 0, FIELD_TEXT, FIELD_LINK, FIELD_AUTHOR,
	FIELD_CATEGORIES, FIELD_N
};
#define FIELD_BIT(f)	(1u << (f))

extern const char *const rules_field_names[FIELD_N + 1];

/* how every rule pattern is compiled (rules.c, and pfindex.c when the
 * compilation was deferred) */
#define RULES_COMPILE_FLAGS	(PCRE2_UTF | PCRE2_UCP | PCRE2_CASELESS | \
				 PCRE2_MATCH_INVALID_UTF | \
				 PCRE2_NEVER_BACKSLASH_C)

struct pattern {
	char		*src;		/* as written */
	char		*expanded;	/* after %{alias} expansion */
	size_t		 explen;
	pcre2_code	*re;		/* NULL until rules_ready() when
					 * the compilation was deferred */
	struct pf_req	*req;		/* literals every match needs
					 * (prefilter.h), NULL: none */
	struct pf_req	*pre;		/* literals one of which every match
					 * begins with, or NULL */
	pcre2_code	*are;		/* with pre: re compiled anchored
					 * (pfindex.c), or NULL */
	/* pfindex.c: req as an AND of literal ids (nconj 0: use req);
	 * pre as one literal id (UINT32_MAX: use pre) */
	uint32_t	 conj[4];
	unsigned	 nconj;
	uint32_t	 pre_id;
	/* re, are JIT-compiled (tried) before their first match
	 * (rx_jit_once) */
	_Atomic int	 jit_re, jit_are;
};

enum key_mode { KEY_ANY, KEY_ALL, KEY_NEAR };

/* one "field|mods: patterns" entry; a list selection is one KEY_ANY key
 * over the rule's fields */
struct selkey {
	unsigned	 fields;	/* FIELD_BIT set */
	enum key_mode	 mode;
	/* KEY_NEAR: max word distance (0: none, with sentence) and whether
	 * the occurrences must share a sentence (|sentence) */
	unsigned	 near;
	int		 sentence;
	struct pattern	*pats;
	size_t		 npats;
};

struct selection {
	char		*name;
	struct selkey	*keys;		/* all must hold (AND) */
	size_t		 nkeys;
};

struct detection {
	struct selection *sels;
	size_t		  nsels;
	struct cond	 *cond;
	unsigned char	 *positive;	/* per selection: can help the
					 * condition hold */
	struct rules_private *owner;	/* the ruleset's (rules_ready) */
};

/*
 * The ruleset's prefilter index (pfindex.c builds it once the rules are
 * loaded): every literal of every pattern in one automaton, each literal
 * naming the patterns (refs) whose requirement it can complete. A rule
 * none of whose patterns' requirements holds on an item's literals is
 * skipped unless it is "always": it may hold with no literal present (a
 * pattern without literal, or a condition like `not a`).
 */
struct rules_private {
	struct pf	*pf;		/* NULL: prefilter unusable */
	unsigned char	*always;	/* per rule */
	unsigned	 fields;	/* FIELD_BIT set any rule reads */
	/* the automaton's owners: a rule may hold only if one of its
	 * patterns' requirements does */
	struct pf_ref {
		uint32_t		 rule;
		const struct pattern	*pat;
	}		*refs;
	size_t		 nrefs, refs_alloc;
	/* per rule: items on which it hit a regex limit in match_item() in
	 * this process; at MATCH_LIMIT_BUDGET the rule is suspended. The
	 * one part of a loaded ruleset that matching writes: atomic, so
	 * threads may share the ruleset */
	_Atomic unsigned *limit_errors;
	/*
	 * Deferred compilation (a ruleset loaded on a cached verdict,
	 * rulescache.c): the patterns are compiled and the index built by
	 * the first rules_ready(), once, under lock; ready says it is done
	 * (1 from the start when the compiler compiled everything).
	 */
	struct ruleset	*rs;
	pthread_mutex_t	 lock;
	_Atomic int	 ready;
};

/*
 * Make sure pv's ruleset is compiled and indexed: the patterns compiled
 * (pcre2_compile, prefilter analysis), the index built. Thread-safe; after
 * the first call it costs one atomic load. A pattern that no longer
 * compiles (it cannot, unless the verdict cache lied) is logged and never
 * matches. pv NULL: nothing to do.
 */
void	rules_ready(struct rules_private *pv);
/* patterns compiled by rules_ready() in this process (tests, -v) */
size_t	rules_deferred_compiles(void);

struct silence {
	char		*rule, *source, *link;	/* globs, NULL = any */
	char		*reason, *author;
	int64_t		 until;		/* active while now < until */
};

#endif
