#include "pfindex.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>

#include "cond.h"
#include "log.h"
#include "prefilter.h"
#include "rules_private.h"
#include "xmalloc.h"

/* a rule whose condition may hold with no literal present in this many
 * selections or more is always evaluated (2^n condition probes) */
#define ALWAYS_PROBE_MAX	12

/* can selection s hold with no literal present? */
static int
sel_possible_bare(const struct selection *s)
{
	for (size_t k = 0; k < s->nkeys; k++) {
		const struct selkey *key = &s->keys[k];
		int any = 0, all = 1;

		for (size_t i = 0; i < key->npats; i++) {
			int bare = key->pats[i].re != NULL &&
			    key->pats[i].req == NULL;

			any |= bare;
			all &= bare;
		}
		if (key->mode == KEY_ANY ? !any : !all)
			return 0;
	}
	return 1;
}

struct probe {
	const unsigned char	*bare;
	unsigned		 bits;
	const size_t		*slot;	/* selection -> bit, or SIZE_MAX */
};

static int
probe_sel(size_t i, void *payload)
{
	const struct probe *pr = payload;

	if (pr->slot[i] == SIZE_MAX)
		return 0;
	return (pr->bits >> pr->slot[i]) & 1;
}

/*
 * May the rule's condition hold with no literal present in the item? Only
 * the selections that can hold then (patterns without a literal) may be
 * true; every combination of them is tried.
 */
static int
rule_always(const struct rule *r)
{
	const struct detection *det = r->det;
	unsigned char *bare;
	size_t *slot, nbare = 0;
	struct probe pr;
	int always = 0;

	if (det == NULL || det->nsels == 0 || det->cond == NULL)
		return 0;
	bare = xcalloc(det->nsels, 1);
	slot = xcalloc(det->nsels, sizeof(*slot));
	for (size_t i = 0; i < det->nsels; i++) {
		bare[i] = (unsigned char)sel_possible_bare(&det->sels[i]);
		slot[i] = bare[i] ? nbare++ : SIZE_MAX;
	}
	if (nbare >= ALWAYS_PROBE_MAX)
		always = 1;
	else {
		pr.bare = bare;
		pr.slot = slot;
		for (unsigned b = 0; b < (1u << nbare) && !always; b++) {
			pr.bits = b;
			always = cond_eval(det->cond, probe_sel, &pr);
		}
	}
	free(bare);
	free(slot);
	return always;
}

/*
 * A pattern whose matches begin with known literals gets an anchored copy
 * (match.c: run_anchored); the literals go into the automaton without waking any
 * rule up.
 */
static void
anchor(struct pf *pf, struct pattern *p)
{
	uint32_t opts = 0, one;
	PCRE2_SIZE eo;
	int ec;

	p->pre_id = UINT32_MAX;
	if (p->pre == NULL || p->re == NULL || p->expanded == NULL)
		return;
	if (p->are == NULL) {
		if (pcre2_pattern_info(p->re, PCRE2_INFO_ARGOPTIONS, &opts) !=
		    0)
			return;
		p->are = pcre2_compile((PCRE2_SPTR)p->expanded,
		    PCRE2_ZERO_TERMINATED, opts | PCRE2_ANCHORED, &ec, &eo,
		    NULL);
		if (p->are == NULL)
			return;	/* JIT-compiled on first use, as p->re */
	}
	pf_add(pf, p->pre, PF_NO_OWNER);
	if (pf_req_conj(p->pre, &one, 1) == 1)
		p->pre_id = one;
}

static void
add_ref(struct rules_private *pv, uint32_t rule, const struct pattern *p)
{
	pv->refs = xgrowarray(pv->refs, pv->nrefs, &pv->refs_alloc, 16,
	    sizeof(*pv->refs));
	pv->refs[pv->nrefs].rule = rule;
	pv->refs[pv->nrefs].pat = p;
	pv->nrefs++;
}

struct rules_private *
pfindex_new(struct ruleset *rs)
{
	struct rules_private *pv = xcalloc(1, sizeof(*pv));

	pv->rs = rs;
	(void)pthread_mutex_init(&pv->lock, NULL);
	return pv;
}

/* drop the index (not the limit errors, the lock, the ruleset) */
static void
index_clear(struct rules_private *pv)
{
	pf_free(pv->pf);
	free(pv->always);
	free(pv->refs);
	pv->pf = NULL;
	pv->always = NULL;
	pv->refs = NULL;
	pv->nrefs = pv->refs_alloc = 0;
	pv->fields = 0;
}

void
pfindex_build(struct ruleset *rs)
{
	struct rules_private *pv;

	if (rs == NULL)
		return;
	if (rs->priv == NULL)
		rs->priv = pfindex_new(rs);
	pv = rs->priv;
	index_clear(pv);
	if (pv->limit_errors == NULL)
		pv->limit_errors = xcalloc(rs->n ? rs->n : 1,
		    sizeof(*pv->limit_errors));
	pv->always = xcalloc(rs->n ? rs->n : 1, 1);
	pv->pf = pf_new();
	for (size_t i = 0; i < rs->n; i++) {
		const struct detection *det = rs->rules[i].det;

		pv->always[i] = (unsigned char)rule_always(&rs->rules[i]);
		for (size_t s = 0; det && s < det->nsels; s++)
			for (size_t k = 0; k < det->sels[s].nkeys; k++) {
				const struct selkey *key = &det->sels[s].keys[k];

				pv->fields |= key->fields;
				for (size_t j = 0; j < key->npats; j++) {
					struct pattern *p = &key->pats[j];

					if (p->req != NULL) {
						add_ref(pv, (uint32_t)i, p);
						pf_add(pv->pf, p->req,
						    (uint32_t)(pv->nrefs - 1));
					}
					p->nconj = (unsigned)pf_req_conj(
					    p->req, p->conj, 4);
					anchor(pv->pf, p);
				}
			}
	}
	if (pf_compile(pv->pf) < 0) {
		log_warnx("rules: literal prefilter too large (%zu literals); "
		    "matching without it", pf_nlits(pv->pf));
		pf_free(pv->pf);
		pv->pf = NULL;
	}
	atomic_store_explicit(&pv->ready, 1, memory_order_release);
}

void
pfindex_free(struct rules_private *pv)
{
	if (pv == NULL)
		return;
	index_clear(pv);
	free((void *)pv->limit_errors);
	(void)pthread_mutex_destroy(&pv->lock);
	free(pv);
}

/* ---- deferred compilation (rules_private.h) ---- */

static atomic_size_t deferred_compiles;

size_t
rules_deferred_compiles(void)
{
	return atomic_load(&deferred_compiles);
}

/* what the compiler does to a pattern when it does not defer: the same
 * flags, the same analysis; the checks (errors, warnings) were its */
static void
pattern_compile(const struct rule *r, struct pattern *p)
{
	PCRE2_UCHAR msg[256];
	PCRE2_SIZE eo;
	int ec;

	if (p->re != NULL || p->expanded == NULL)
		return;
	p->re = pcre2_compile((PCRE2_SPTR)p->expanded, p->explen,
	    RULES_COMPILE_FLAGS, &ec, &eo, NULL);
	if (p->re == NULL) {
		pcre2_get_error_message(ec, msg, sizeof(msg));
		log_warnx("rules: rule \"%s\": pattern does not compile (%s); "
		    "it never matches (run `sigwatch check`)", r->id,
		    (const char *)msg);
		return;
	}
	p->req = pf_analyze(p->expanded, p->explen, &p->pre);
	atomic_fetch_add(&deferred_compiles, 1);
}

static void
ruleset_compile(struct ruleset *rs)
{
	size_t n0 = rules_deferred_compiles();

	for (size_t i = 0; i < rs->n; i++) {
		const struct detection *det = rs->rules[i].det;

		for (size_t s = 0; det && s < det->nsels; s++)
			for (size_t k = 0; k < det->sels[s].nkeys; k++)
				for (size_t j = 0; j < det->sels[s].keys[k].npats;
				    j++)
					pattern_compile(&rs->rules[i],
					    &det->sels[s].keys[k].pats[j]);
	}
	log_debug("rules: compiled %zu patterns on the first match",
	    rules_deferred_compiles() - n0);
}

void
rules_ready(struct rules_private *pv)
{
	if (pv == NULL ||
	    atomic_load_explicit(&pv->ready, memory_order_acquire))
		return;
	(void)pthread_mutex_lock(&pv->lock);
	if (!atomic_load_explicit(&pv->ready, memory_order_relaxed)) {
		ruleset_compile(pv->rs);
		pfindex_build(pv->rs);	/* sets ready, releasing */
	}
	(void)pthread_mutex_unlock(&pv->lock);
}
