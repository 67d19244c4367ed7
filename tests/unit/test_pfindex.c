/*
 * pfindex: the prefilter index a compiled rule set carries: which rules
 * must always run, which pattern each literal wakes up, the fields read,
 * the anchored copies; rebuilt in place.
 */
#include "pfindex.h"
#include "rules_private.h"

#include <stdlib.h>
#include <string.h>

#include "t.h"

static const char rules_yaml[] =
    "id: both\ntitle: T\ndetection:\n  a: [alpha]\n  b: [beta]\n"
    "  condition: a and b\n---\n"
    "id: notb\ntitle: T\ndetection:\n  a: [gamma]\n  b: [delta]\n"
    "  condition: a or not b\n---\n"
    "id: digits\ntitle: T\ndetection:\n  s: ['\\d{3}']\n  condition: s\n"
    "---\n"
    "id: link\ntitle: T\ndetection:\n  s:\n    link: ['example\\.org/jobs']\n"
    "  condition: s\n---\n"
    "id: anch\ntitle: T\ndetection:\n"
    "  s: ['zorp\\s+\\d+', '\\d+\\s*widgets', '(?:foo|bar)x']\n"
    "  condition: s\n";

static struct ruleset *
compile(void)
{
	struct diags d = DIAGS_INIT;
	struct rules_compiler *c = rules_compiler_new(&d);
	struct ruleset *rs = NULL;

	(void)rules_add_buf(c, RULES_PART_RULES, "r.yaml", rules_yaml,
	    strlen(rules_yaml));
	T_EQ_INT(rules_compile(&rs, c), 0);
	T_EQ_INT(d.n, 0);
	rules_compiler_free(c);
	diags_release(&d);
	return rs;
}

static struct pattern *
pat(struct ruleset *rs, size_t rule, size_t sel, size_t i)
{
	return &rs->rules[rule].det->sels[sel].keys[0].pats[i];
}

/* the id of literal s in pf, or UINT32_MAX */
static uint32_t
lit_id(const struct pf *pf, const char *s)
{
	for (uint32_t i = 0; i < pf_nlits(pf); i++)
		if (strcmp(pf_lit(pf, i), s) == 0)
			return i;
	return UINT32_MAX;
}

/* does literal s wake up a ref to rule? */
static int
wakes(const struct rules_private *pv, const char *s, uint32_t rule)
{
	uint32_t id = lit_id(pv->pf, s);
	const uint32_t *own;
	size_t n = 0;

	if (id == UINT32_MAX)
		return 0;
	own = pf_owners(pv->pf, id, &n);
	for (size_t i = 0; i < n; i++)
		if (own[i] < pv->nrefs && pv->refs[own[i]].rule == rule)
			return 1;
	return 0;
}

/* the whole index, as built for rs (all five rules) */
static void
check_index(struct ruleset *rs)
{
	struct rules_private *pv = rs->priv;
	static const unsigned char always[] = { 0, 1, 1, 0, 0 };
	struct pattern *p;

	T_ASSERT(pv != NULL && pv->pf != NULL && pv->ready == 1);
	if (pv == NULL || pv->pf == NULL)
		return;
	for (size_t i = 0; i < 5; i++)
		T_EQ_INT(pv->always[i], always[i]);
	/* one ref per pattern that needs a literal; \d{3} needs none */
	T_ASSERT(pat(rs, 2, 0, 0)->req == NULL);
	T_EQ_INT(pv->nrefs, 8);
	T_ASSERT(wakes(pv, "alpha", 0) && wakes(pv, "beta", 0));
	T_ASSERT(wakes(pv, "delta", 1) && !wakes(pv, "delta", 0));
	T_ASSERT(wakes(pv, "widgets", 4));
	T_EQ_INT(pv->fields, FIELD_BIT(FIELD_TITLE) | FIELD_BIT(FIELD_TEXT) |
	    FIELD_BIT(FIELD_LINK));
	/* one literal: its id in conj */
	p = pat(rs, 0, 0, 0);
	T_EQ_INT(p->nconj, 1);
	T_EQ_INT(p->conj[0], lit_id(pv->pf, "alpha"));
	/* a match that begins with a literal gets an anchored copy; one
	 * literal is named by id */
	p = pat(rs, 4, 0, 0);
	T_ASSERT(p->pre != NULL && p->are != NULL);
	T_ASSERT(p->pre_id != UINT32_MAX &&
	    strcmp(pf_lit(pv->pf, p->pre_id), "zorp") == 0);
	p = pat(rs, 4, 0, 1);
	T_ASSERT(p->pre == NULL && p->are == NULL);
	T_EQ_INT(p->pre_id, UINT32_MAX);
	p = pat(rs, 4, 0, 2);
	T_ASSERT(p->pre != NULL && p->are != NULL);
	T_EQ_INT(p->pre_id, UINT32_MAX);	/* two literals */
}

static void
test_pfindex__built(void)
{
	struct ruleset *rs = compile();

	if (rs == NULL)
		return;
	T_EQ_INT(rs->n, 5);
	check_index(rs);
	rules_free(rs);
}

/* building again replaces the index with an equal one */
static void
test_pfindex__rebuild(void)
{
	struct ruleset *rs = compile();
	size_t nlits;

	pfindex_build(NULL);	/* harmless */
	if (rs == NULL || rs->priv == NULL || rs->priv->pf == NULL)
		return;
	nlits = pf_nlits(rs->priv->pf);
	pfindex_build(rs);
	pfindex_build(rs);
	T_EQ_INT(pf_nlits(rs->priv->pf), nlits);
	check_index(rs);
	rules_free(rs);
}

T_MAIN(T_CASE(test_pfindex__built), T_CASE(test_pfindex__rebuild))
