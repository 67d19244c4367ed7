#ifndef SIGWATCH_MATCH_INT_H
#define SIGWATCH_MATCH_INT_H

/*
 * The matcher's internals, shared by match.c (matching), explain.c
 * (`test-rule --explain`) and selftest.c (rules' tests: examples). Not
 * part of the API: nothing outside rules/ includes this header.
 */
#include <stddef.h>
#include <stdint.h>

#include "attrib.h"
#include "buf.h"
#include "item.h"
#include "lang.h"
#include "match.h"
#include "prefilter.h"
#include "rules_private.h"
#include "rx.h"

/* one subject: a field, or one category */
struct subj {
	const char	*s;
	size_t		 len;
	int		 field;
	/* prefilter: this subject's literal occurrences in pfs.occ */
	size_t		 ofirst, on;
	int		 ovalid;
	size_t		*wend;		/* ends of words, ascending */
	size_t		 nw, walloc;
	int		 wdone;
	size_t		*send;		/* ends of sentences (textseg.h) */
	size_t		 nsent, salloc;
	int		 sdone;
};

/* the item as rules see it: its fields as subjects */
struct view {
	struct subj	*v;
	size_t		 n, alloc;
	size_t		 first[FIELD_N], count[FIELD_N];
};

/* where a selection (key) matched */
struct selres {
	signed char	 st;		/* -1 not evaluated, 0 false, 1 true */
	int		 field;
	size_t		 subj;
	size_t		 off, len;
};

/* per item prefilter state, sized for the largest ruleset seen */
struct pfstate {
	uint64_t	*found[FIELD_N];
	uint64_t	*words;		/* FIELD_N * nwords + nwords */
	size_t		 nwords;
	struct pf_found	 all;
	size_t		 nids;
	struct pf_occs	 occ;
	unsigned char	*touched;	/* per rule */
	size_t		 ntouched;
};

/*
 * One thread's matching scratch: everything match_item() writes while it
 * looks at an item, reused from item to item so that matching allocates
 * nothing per pattern per item.
 */
struct matcher {
	struct rx		 rx;
	struct view		 view;
	struct buf		 mtitle, mtext;	/* URL-masked copies */
	struct pfstate		 pfs;
	struct selres		*selres;
	size_t			 selres_alloc;
	struct buf		 excerpt;
	struct attribution	 attr;
	/* the current item's language, decided once and only when needed */
	struct {
		int			 decided;
		const char		*declared;	/* the item's lang */
		struct lang_guess	 g;		/* else detection */
	}			 il;
	int			 prefilter;	/* 0: off (tests) */
	int			 nojit;		/* interpreter only (matcher_no_jit) */
};

struct evalctx {
	struct matcher		*m;
	const struct rule	*rule;
	const struct item	*item;
	struct view		*view;
	struct selres		*res;
	const char		*source_id;
	int			 limited;
	/* prefilter: per field, the literals present; NULL: off */
	uint64_t *const		*found;
	/* |near: the smallest word distance seen (explain.c) */
	size_t			 near_best;
};

/* an evaluation of rule r on the item of m's view, results in res */
void	match_evalctx(struct evalctx *, struct matcher *,
	    const struct rule *r, const struct item *, struct selres *res,
	    const char *source_id);
/* m's view of the item (its fields as rules see them) */
void	match_view(struct matcher *, const struct item *);
/* one key of a selection: 1 holds (where in *r), 0 not, -1 limit */
int	match_key(struct evalctx *, const struct selkey *, struct selres *r);
/*
 * The rule's condition on the item of m's view; fills hit when it holds
 * (hit may be NULL). found: the prefilter's literals, or NULL. *limited
 * (may be NULL) is set when a pattern hit a regex limit.
 */
int	match_eval(struct matcher *, const struct rule *, const struct item *,
	    const char *source_id, uint64_t *const *found,
	    struct match_hit *hit, int *limited);

/* scoping (match.h) */
int	match_in_list(char *const *list, const char *s);
int	match_in_sources(const struct rule *, const struct match_ctx *);
int	match_in_scope(const struct rule *, const struct match_ctx *,
	    const char *const *attributed);
/* the competitors the item is attributed to (in m->attr), or NULL when
 * attribution does not apply */
const char *const *match_attribute(struct matcher *,
	    const struct ruleset *, const struct item *,
	    const struct match_ctx *);

/* languages: decide the item's (m->il) once; is lang in list? */
void	match_lang_decide(struct matcher *, const struct item *);
int	match_in_langs(const char *const *list, const char *lang);
const char *const *match_rule_langs(const struct rule *,
	    const struct match_ctx *);
int	match_lang_ok(struct matcher *, const struct rule *,
	    const struct match_ctx *, const struct item *);

#endif
