#include "repdata.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "json_util.h"
#include "jsonl.h"
#include "strset.h"
#include "util.h"
#include "xmalloc.h"

/* the latest verdict per hit id, from triage/ */
struct verdict {
	enum rep_verdict v;
	char		*note, *author;
	int64_t		 at;
};

struct loadctx {
	struct report	*r;
	struct state	*st;
	const struct config *cfg;
	const struct playbooks *pbs;
	struct strset	 tri_idx;	/* hit id -> index + 1 in tri */
	struct verdict	*tri;
	size_t		 ntri;
	struct strset	 comp_idx, pb_idx;	/* name -> index + 1 */
	size_t		 cap;			/* of r->hits */
};

static int
on_triage(const char *line, size_t len, void *payload)
{
	struct loadctx *c = payload;
	json_error_t je;
	json_t *o = json_loadb(line, len, 0, &je);
	const char *hit, *v, *at;
	struct verdict *t;
	size_t *slot;
	int64_t when = TIME_NONE;

	hit = json_str(o, "hit");
	v = json_str(o, "verdict");
	at = json_str(o, "at");
	if (hit == NULL || v == NULL || (strcmp(v, "fp") != 0 &&
	    strcmp(v, "ack") != 0) || (at && parse_time(at, &when) < 0)) {
		json_decref(o);
		return 0;
	}
	slot = strset_val(&c->tri_idx, hit, strlen(hit));
	if (*slot == 0) {
		c->tri = xreallocarray(c->tri, c->ntri + 1, sizeof(*c->tri));
		*slot = ++c->ntri;
	} else if (c->tri[*slot - 1].at != TIME_NONE && when != TIME_NONE &&
	    when < c->tri[*slot - 1].at) {
		json_decref(o);		/* an older verdict read later */
		return 0;
	} else {
		free(c->tri[*slot - 1].note);
		free(c->tri[*slot - 1].author);
	}
	t = &c->tri[*slot - 1];
	t->v = strcmp(v, "fp") == 0 ? REP_FP : REP_ACK;
	t->note = json_dup(o, "note");
	t->author = json_dup(o, "author");
	t->at = when;
	json_decref(o);
	return 0;
}

static struct rep_series *
competitor(struct loadctx *c, const char *name)
{
	struct report *r = c->r;
	size_t *slot = strset_val(&c->comp_idx, name, strlen(name));

	if (*slot == 0) {
		r->comp = xreallocarray(r->comp, r->ncomp + 1,
		    sizeof(*r->comp));
		memset(&r->comp[r->ncomp], 0, sizeof(*r->comp));
		r->comp[r->ncomp].name = xstrdup(name);
		*slot = ++r->ncomp;
	}
	return &r->comp[*slot - 1];
}

/* the playbook entry for id, added (with its state) when new */
static struct rep_playbook *
playbook(struct loadctx *c, const char *id)
{
	struct report *r = c->r;
	size_t *slot = strset_val(&c->pb_idx, id, strlen(id));
	struct rep_playbook *p;

	if (*slot != 0)
		return &r->pb[*slot - 1];
	r->pb = xreallocarray(r->pb, r->npb + 1, sizeof(*r->pb));
	p = &r->pb[r->npb];
	memset(p, 0, sizeof(*p));
	p->id = xstrdup(id);
	p->months.name = xstrdup(id);
	p->def = c->pbs ? playbooks_find(c->pbs, id) : NULL;
	/* an id from a hit line names a file only when it is a slug */
	if (slug_valid(id, 128))
		pbstate_load(c->st, id, &p->st);
	else {
		p->st.id = xstrdup(id);
		p->st.activated_at = TIME_NONE;
	}
	if (p->def)
		p->in_window = pbstate_distinct(&p->st,
		    r->now - p->def->within);
	*slot = ++r->npb;
	return p;
}

static void
series_add(struct rep_series *s, unsigned m)
{
	s->count[m]++;
	s->total++;
}

static int
newest_first(const void *a, const void *b)
{
	const struct rep_hit *x = a, *y = b;

	if (x->h.at != y->h.at)
		return x->h.at < y->h.at ? 1 : -1;
	return strcmp(x->h.id, y->h.id);
}

static void
rep_hit_release(struct rep_hit *h)
{
	hit_release(&h->h);
	free(h->note);
	free(h->author);
}

/* keep the REPORT_MAX_HITS newest of the period */
static void
hits_trim(struct report *r)
{
	if (r->nhits > 1)
		qsort(r->hits, r->nhits, sizeof(*r->hits), newest_first);
	while (r->nhits > REPORT_MAX_HITS)
		rep_hit_release(&r->hits[--r->nhits]);
}

static void
keep_hit(struct loadctx *c, struct hit *h, const struct verdict *t)
{
	struct report *r = c->r;
	struct rep_hit *rh;

	r->period_hits++;
	if (t && t->v == REP_FP)
		r->period_fp++;
	else if (t && t->v == REP_ACK)
		r->period_ack++;
	if (r->nhits == c->cap) {
		if (r->nhits >= 2 * REPORT_MAX_HITS)
			hits_trim(r);
		c->cap = c->cap ? 2 * c->cap : 64;
		r->hits = xreallocarray(r->hits, c->cap, sizeof(*r->hits));
	}
	rh = &r->hits[r->nhits++];
	memset(rh, 0, sizeof(*rh));
	rh->h = *h;			/* now owned by the report */
	rh->verdict = t ? t->v : REP_UNTRIAGED;
	rh->note = t ? xstrdup_or_null(t->note) : NULL;
	rh->author = t ? xstrdup_or_null(t->author) : NULL;
	rh->triaged_at = t ? t->at : TIME_NONE;
}

static int
on_hit(const char *line, size_t len, void *payload)
{
	struct loadctx *c = payload;
	struct report *r = c->r;
	const struct verdict *t = NULL;
	struct hit h;
	unsigned m;
	size_t *slot;

	if (hit_from_json(&h, line, len) < 0)
		return 0;
	if (h.at == TIME_NONE) {
		hit_release(&h);
		return 0;
	}
	if ((slot = strset_val(&c->tri_idx, h.id, strlen(h.id))) && *slot)
		t = &c->tri[*slot - 1];
	m = month_index(h.at);
	if (!h.silenced && !(t && t->v == REP_FP) && m >= r->month0 &&
	    m < r->month0 + REPORT_MONTHS) {
		series_add(competitor(c, h.competitor && *h.competitor ?
		    h.competitor : "(none)"), m - r->month0);
		if (h.playbook && *h.playbook)
			series_add(&playbook(c, h.playbook)->months,
			    m - r->month0);
	}
	if (h.at >= r->since)
		keep_hit(c, &h, t);
	else
		hit_release(&h);
	return 0;
}

static void
load_playbooks(struct loadctx *c)
{
	char **names = NULL;
	size_t n = 0;

	for (size_t i = 0; c->pbs && i < c->pbs->n; i++)
		playbook(c, c->pbs->v[i].id);
	state_list(c->st, "playbooks", ".json", &names, &n);
	for (size_t i = 0; i < n; i++) {
		names[i][strlen(names[i]) - 5] = '\0';
		playbook(c, names[i]);
	}
	strv_free(names);
}

static void
add_source(struct loadctx *c, struct strset *seen, const char *id)
{
	struct report *r = c->r;
	struct rep_source *s;

	if (!strset_add(seen, id, strlen(id)) || !slug_valid(id, 128))
		return;
	r->src = xreallocarray(r->src, r->nsrc + 1, sizeof(*r->src));
	s = &r->src[r->nsrc++];
	memset(s, 0, sizeof(*s));
	s->id = xstrdup(id);
	s->def = c->cfg ? config_source(c->cfg, id) : NULL;
	state_source_load(c->st, id, &s->ss);
	state_run_load(c->st, id, &s->sr);
}

static void
load_sources(struct loadctx *c)
{
	struct strset seen = STRSET_INIT;
	char **names = NULL;
	size_t n = 0;

	for (size_t i = 0; c->cfg && i < c->cfg->nsources; i++)
		add_source(c, &seen, c->cfg->sources[i].id);
	state_list(c->st, "sources", ".json", &names, &n);
	for (size_t i = 0; i < n; i++) {
		names[i][strlen(names[i]) - 5] = '\0';
		add_source(c, &seen, names[i]);
	}
	strv_free(names);
	strset_release(&seen);
}

void
report_load(struct report *r, struct state *st, const struct config *cfg,
    const struct playbooks *pbs, int64_t now, int64_t since)
{
	struct loadctx c;
	char from[8], first[8];

	memset(r, 0, sizeof(*r));
	memset(&c, 0, sizeof(c));
	c.r = r;
	c.st = st;
	c.cfg = cfg;
	c.pbs = pbs;
	r->now = now;
	r->since = since;
	r->month0 = month_index(now) - (REPORT_MONTHS - 1);
	jsonl_each(st, "triage", NULL, on_triage, NULL, &c);
	load_playbooks(&c);
	/* hits files of the timeline's months and of the period */
	report_month(first, r, 0);
	month_of(from, since);
	if (strcmp(first, from) < 0)
		memcpy(from, first, sizeof(from));
	jsonl_each(st, "hits", from, on_hit, NULL, &c);
	hits_trim(r);
	load_sources(&c);
	for (size_t i = 0; i < c.ntri; i++) {
		free(c.tri[i].note);
		free(c.tri[i].author);
	}
	free(c.tri);
	strset_release(&c.tri_idx);
	strset_release(&c.comp_idx);
	strset_release(&c.pb_idx);
}

void
report_release(struct report *r)
{
	for (size_t i = 0; i < r->ncomp; i++)
		free(r->comp[i].name);
	free(r->comp);
	for (size_t i = 0; i < r->npb; i++) {
		free(r->pb[i].id);
		free(r->pb[i].months.name);
		pbstate_release(&r->pb[i].st);
	}
	free(r->pb);
	for (size_t i = 0; i < r->nhits; i++)
		rep_hit_release(&r->hits[i]);
	free(r->hits);
	for (size_t i = 0; i < r->nsrc; i++) {
		free(r->src[i].id);
		source_state_release(&r->src[i].ss);
		source_run_release(&r->src[i].sr);
	}
	free(r->src);
	memset(r, 0, sizeof(*r));
}

void
report_month(char out[8], const struct report *r, unsigned i)
{
	unsigned m = r->month0 + i;

	snprintf(out, 8, "%04u-%02u", (m / 12) % 10000, m % 12 + 1);
}
