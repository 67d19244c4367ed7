#ifndef SIGWATCH_PREFILTER_H
#define SIGWATCH_PREFILTER_H

#include <stddef.h>
#include <stdint.h>

#include "buf.h"

/*
 * The literal prefilter of rule matching.
 *
 * pf_analyze() reads a regex as rules.c compiles it (UTF, UCP, caseless)
 * and returns what every match needs in the subject: an AND/OR tree of
 * ASCII literals, lowercased, such as ("mesh" & ("network" | "vpn")). A
 * subject can only match when the tree holds on the set of literals that
 * occur in its folded form: ASCII lowercased, U+212A KELVIN SIGN read as
 * k and U+017F LATIN SMALL LETTER LONG S as s, which are exactly the
 * non-ASCII characters that PCRE2's caseless UCP matching equates with
 * ASCII characters (test_prefilter checks every code point). NULL means
 * no requirement: every subject is a candidate. Whatever the analysis
 * does not understand ((?x), verbs, backreferences, conditionals,
 * non-ASCII characters, big classes) weakens the requirement, never makes
 * it wrong.
 *
 * A struct pf puts the literals of many trees into one Aho-Corasick
 * automaton, so one pass over a subject finds every literal present; each
 * literal keeps the owners (rules) whose trees use it.
 */
struct pf_req;
struct pf;

/*
 * NULL when a match needs no literal (or the analysis gave up). With
 * prefix, *prefix is set to an OR of literals one of which every match
 * begins with (as in \bmesh\s+vpn or (?:acme|globex) buys), or NULL.
 */
struct pf_req *pf_analyze(const char *re, size_t len,
	    struct pf_req **prefix);
void	pf_req_free(struct pf_req *);
/* canonical text, e.g. ("mesh" & ("network" | "vpn")); "*" for NULL */
void	pf_req_format(const struct pf_req *, struct buf *);

struct pf *pf_new(void);
/*
 * Register the literals of req (which must outlive pf) and give each its
 * id. Unless owner is PF_NO_OWNER, attach owner to some of them: enough
 * that whenever req holds, one of them is present (all literals of an OR,
 * one child's of an AND). Owners are added in non-decreasing order.
 */
void	pf_add(struct pf *, struct pf_req *, uint32_t owner);
/* owner for literals that no rule should be woken up by (prefixes) */
#define PF_NO_OWNER	UINT32_MAX
/* is literal id one of r's? */
int	pf_req_has(const struct pf_req *, uint32_t id);
/*
 * When r (after pf_add) is one literal or an AND of at most max literals,
 * store their ids in ids and return how many; otherwise 0.
 */
size_t	pf_req_conj(const struct pf_req *, uint32_t *ids, size_t max);
/*
 * Build the automaton. Returns -1 (and the prefilter must not be used)
 * when it would be unreasonably large.
 */
int	pf_compile(struct pf *);
void	pf_free(struct pf *);
size_t	pf_nlits(const struct pf *);
/* size of a literal bit set, in 64-bit words */
size_t	pf_words(const struct pf *);
const char *pf_lit(const struct pf *, uint32_t id);
/* the owners of literal id, ascending */
const uint32_t *pf_owners(const struct pf *, uint32_t id, size_t *n);

/* literals found anywhere in an item, as a set and in order of discovery */
struct pf_found {
	uint64_t	*bits;		/* pf_words() words */
	uint32_t	*ids;		/* pf_nlits() entries */
	size_t		 nids;
};

/* where literals occur in one subject (in no particular order; an
 * occurrence may be reported twice) */
struct pf_occ {
	size_t		 pos;		/* byte offset of the first byte */
	uint32_t	 id;
};
struct pf_occs {
	struct pf_occ	*v;
	size_t		 n, max;
	/* set when occurrences were dropped (more than max) or offsets
	 * are unreliable (a folded U+212A or U+017F) */
	int		 overflow;
};

/*
 * Scan s[0, len): set the bit of every literal that occurs (folded) in
 * found (pf_words() words); literals not yet in all->bits are added to all
 * (all may be NULL); occurrences are appended to occ (may be NULL).
 */
void	pf_scan(const struct pf *, const char *s, size_t len, uint64_t *found,
	    struct pf_found *all, struct pf_occs *occ);
/* does req hold on the literal set found? (NULL holds) */
int	pf_eval(const struct pf_req *, const uint64_t *found);

#endif
