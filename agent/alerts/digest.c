#include "digest.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "hit.h"
#include "hitlog.h"
#include "json_util.h"
#include "pbstate.h"
#include "strset.h"
#include "triage.h"
#include "util.h"
#include "xmalloc.h"

/* per playbook and per list, the signals listed in full */
#define DIGEST_MAX_SIGNALS	20

struct rulestat {
	char	*rule;
	size_t	 hits, fp, ack;
};

struct digest {
	const struct config	*cfg;
	const struct ruleset	*rs;
	const struct playbooks	*pbs;
	int64_t			 since, now, previous;
	struct hit		*v;		/* the period's signals */
	size_t			 n;
	struct rulestat		*rules;
	size_t			 nrules;
	struct strset		 ruleix;	/* rule -> index + 1 */
	struct triages		 tri;
	struct pbstate		*ps;		/* one per playbook */
	json_t			*sources;	/* health, read at collect */
};

static int
collect_hit(const struct hit *h, void *payload)
{
	struct digest *dg = payload;
	const struct triage *t = triages_find(&dg->tri, h->id);
	size_t *ix = strset_val(&dg->ruleix, h->rule, strlen(h->rule));
	struct rulestat *rs;

	if (*ix == 0) {
		dg->rules = xreallocarray(dg->rules, dg->nrules + 1,
		    sizeof(*dg->rules));
		memset(&dg->rules[dg->nrules], 0, sizeof(*dg->rules));
		dg->rules[dg->nrules].rule = xstrdup(h->rule);
		*ix = ++dg->nrules;
	}
	rs = &dg->rules[*ix - 1];
	rs->hits++;
	if (t != NULL && t->fp)
		rs->fp++;
	else if (t != NULL)
		rs->ack++;
	if (h->at < dg->since || h->at > dg->now || h->silenced ||
	    h->baseline || (t != NULL && t->fp))
		return 0;
	dg->v = xreallocarray(dg->v, dg->n + 1, sizeof(*dg->v));
	hit_copy(&dg->v[dg->n++], h);
	return 0;
}

/* newest first */
static int
by_time(const void *a, const void *b)
{
	const struct hit *x = a, *y = b;
	int64_t tx = x->published != TIME_NONE ? x->published : x->at;
	int64_t ty = y->published != TIME_NONE ? y->published : y->at;

	if (tx != ty)
		return tx > ty ? -1 : 1;
	return strcmp(x->id, y->id);
}

static json_t *sources_json(const struct digest *, struct state *);

int
digest_collect(struct digest **out, struct state *st,
    const struct config *cfg, const struct ruleset *rs,
    const struct playbooks *pbs, int64_t since, int64_t now)
{
	struct digest *dg = xcalloc(1, sizeof(*dg));

	dg->cfg = cfg;
	dg->rs = rs;
	dg->pbs = pbs;
	dg->since = since;
	dg->now = now;
	dg->previous = digest_last(st);
	triages_load(st, &dg->tri);
	hitlog_each(st, TIME_NONE, collect_hit, dg);
	if (dg->n > 1)
		qsort(dg->v, dg->n, sizeof(*dg->v), by_time);
	dg->ps = xcalloc(pbs->n + 1, sizeof(*dg->ps));
	for (size_t i = 0; i < pbs->n; i++)
		pbstate_load(st, pbs->v[i].id, &dg->ps[i]);
	dg->sources = sources_json(dg, st);
	*out = dg;
	return 0;
}

/* "source\0item" of a hit, the identity of what it was about */
static void
item_key(struct buf *key, const struct hit *h)
{
	buf_reset(key);
	buf_addstr(key, h->source ? h->source : "");
	buf_addch(key, '\0');
	buf_addstr(key, h->item ? h->item : h->id);
}

static int
is_new(const struct digest *dg, const struct hit *h)
{
	return dg->previous != TIME_NONE && h->at > dg->previous;
}

void
digest_counts(const struct digest *dg, size_t *signals, size_t *items,
    size_t *fresh)
{
	struct strset all = STRSET_INIT, nw = STRSET_INIT;
	struct buf key = BUF_INIT;

	for (size_t i = 0; i < dg->n; i++) {
		item_key(&key, &dg->v[i]);
		strset_add(&all, key.data, key.len);
		if (is_new(dg, &dg->v[i]))
			strset_add(&nw, key.data, key.len);
	}
	*signals = dg->n;
	*items = strset_count(&all);
	*fresh = strset_count(&nw);
	strset_release(&all);
	strset_release(&nw);
	buf_release(&key);
}

static int
notifies(const struct playbook *pb, const struct notifier *nt)
{
	if (pb->notify == NULL)
		return 1;
	for (size_t i = 0; pb->notify[i]; i++)
		if (strcmp(pb->notify[i], nt->name) == 0)
			return 1;
	return 0;
}

static json_t *
signal_json(const struct digest *dg, const struct hit *h)
{
	json_t *o = json_object();

	json_object_set_new(o, "hit", json_string(h->id));
	json_object_set_new(o, "hits", json_pack("[s]", h->id));
	json_object_set_new(o, "rule", json_str_or_null(h->rule));
	json_object_set_new(o, "rules", json_pack("[s]", h->rule));
	json_object_set_new(o, "source", json_str_or_null(h->source));
	json_object_set_new(o, "title", json_str_or_null(h->title));
	json_object_set_new(o, "link", json_str_or_null(h->link));
	json_object_set_new(o, "published", json_time_or_null(h->published));
	json_object_set_new(o, "at", json_time_or_null(h->at));
	/* without a previous digest nothing is marked */
	json_object_set_new(o, "new", json_boolean(is_new(dg, h)));
	return o;
}

/*
 * The signals of one list, one entry per item (an item several rules hit
 * lists them), at most DIGEST_MAX_SIGNALS; returns the number of items.
 * want(h, arg) picks the hits of the list.
 */
static size_t
signals_json(const struct digest *dg, json_t *arr,
    int (*want)(const struct digest *, const struct hit *, const void *),
    const void *arg)
{
	struct strset seen = STRSET_INIT;
	struct buf key = BUF_INIT;
	size_t items = 0;

	for (size_t i = 0; i < dg->n; i++) {
		const struct hit *h = &dg->v[i];
		size_t *ix;

		if (!want(dg, h, arg))
			continue;
		item_key(&key, h);
		ix = strset_val(&seen, key.data, key.len);
		if (*ix == 0) {
			*ix = ++items;
			if (items <= DIGEST_MAX_SIGNALS)
				json_array_append_new(arr, signal_json(dg, h));
			continue;
		}
		if (*ix <= DIGEST_MAX_SIGNALS) {
			json_t *e = json_array_get(arr, *ix - 1);

			json_array_append_new(json_object_get(e, "hits"),
			    json_string(h->id));
			json_array_append_new(json_object_get(e, "rules"),
			    json_str_or_null(h->rule));
			if (is_new(dg, h))
				json_object_set_new(e, "new", json_true());
		}
	}
	strset_release(&seen);
	buf_release(&key);
	return items;
}

static int
want_playbook(const struct digest *dg, const struct hit *h, const void *pb)
{
	(void)dg;
	return pbstate_is_signal(h, pb);
}

/* hits no playbook claims */
static int
want_other(const struct digest *dg, const struct hit *h, const void *arg)
{
	(void)arg;
	for (size_t p = 0; p < dg->pbs->n; p++)
		if (pbstate_is_signal(h, &dg->pbs->v[p]))
			return 0;
	return 1;
}

static json_t *
playbook_json(const struct digest *dg, size_t p)
{
	const struct playbook *pb = &dg->pbs->v[p];
	const struct pbstate *ps = &dg->ps[p];
	json_t *o = json_object(), *sig = json_array();
	size_t total = 0;

	json_object_set_new(o, "id", json_str_or_null(pb->id));
	json_object_set_new(o, "title", json_str_or_null(pb->title));
	json_object_set_new(o, "competitor", json_str_or_null(pb->competitor));
	json_object_set_new(o, "threat", json_str_or_null(pb->threat));
	json_object_set_new(o, "state", json_string(ps->active ? "active" :
	    "watching"));
	json_object_set_new(o, "activated_at", json_time_or_null(ps->active ?
	    ps->activated_at : TIME_NONE));
	json_object_set_new(o, "signals_in_window", json_integer(
	    pbstate_distinct(ps, dg->now - pb->within)));
	json_object_set_new(o, "distinct_needed",
	    json_integer(pb->distinct_signals));
	json_object_set_new(o, "within_days", json_integer(pb->within /
	    86400));
	total = signals_json(dg, sig, want_playbook, pb);
	json_object_set_new(o, "signals", sig);
	json_object_set_new(o, "signals_total", json_integer((json_int_t)
	    total));
	return o;
}

/* active first, then busiest in the period, then by id */
static int
pb_order(const void *a, const void *b)
{
	json_t *x = *(json_t *const *)a, *y = *(json_t *const *)b;
	int ax = strcmp(json_str(x, "state"),
	    "active") == 0;
	int ay = strcmp(json_str(y, "state"),
	    "active") == 0;
	json_int_t nx = json_int(x, "signals_total");
	json_int_t ny = json_int(y, "signals_total");

	if (ax != ay)
		return ax ? -1 : 1;
	if (nx != ny)
		return nx > ny ? -1 : 1;
	return strcmp(json_str(x, "id"),
	    json_str(y, "id"));
}

static json_t *
playbooks_json(const struct digest *dg, const struct notifier *nt)
{
	json_t **v = xcalloc(dg->pbs->n + 1, sizeof(*v)), *arr = json_array();
	size_t n = 0;

	for (size_t p = 0; p < dg->pbs->n; p++)
		if (notifies(&dg->pbs->v[p], nt))
			v[n++] = playbook_json(dg, p);
	qsort(v, n, sizeof(*v), pb_order);
	for (size_t i = 0; i < n; i++)
		json_array_append_new(arr, v[i]);
	free(v);
	return arr;
}

/* hits of the period no playbook claims */
static void
other_json(const struct digest *dg, json_t *d)
{
	json_t *arr = json_array();
	size_t total = signals_json(dg, arr, want_other, NULL);

	json_object_set_new(d, "other", arr);
	json_object_set_new(d, "other_total", json_integer((json_int_t)total));
}

static int
by_items(const void *a, const void *b)
{
	json_t *x = *(json_t *const *)a, *y = *(json_t *const *)b;
	json_int_t nx = json_int(x, "items");
	json_int_t ny = json_int(y, "items");

	if (nx != ny)
		return nx > ny ? -1 : 1;
	return strcmp(json_str(x, "competitor"),
	    json_str(y, "competitor"));
}

/* per competitor: distinct items and hits of the period */
static json_t *
competitors_json(const struct digest *dg)
{
	struct strset comp = STRSET_INIT, items = STRSET_INIT;
	json_t **v = NULL, *arr = json_array();
	size_t n = 0;

	for (size_t i = 0; i < dg->n; i++) {
		const struct hit *h = &dg->v[i];
		const char *c = h->competitor ? h->competitor : "";
		size_t *ix = strset_val(&comp, c, strlen(c));
		struct buf key = BUF_INIT;

		if (*ix == 0) {
			v = xreallocarray(v, n + 1, sizeof(*v));
			v[n] = json_pack("{s:s,s:i,s:i}", "competitor", c,
			    "items", 0, "hits", 0);
			*ix = ++n;
		}
		json_object_set_new(v[*ix - 1], "hits",
		    json_integer(json_int(v[*ix - 1], "hits") + 1));
		buf_addf(&key, "%s", h->source ? h->source : "");
		buf_addch(&key, '\0');
		buf_addstr(&key, h->item ? h->item : h->id);
		if (strset_add(&items, key.data, key.len))
			json_object_set_new(v[*ix - 1], "items",
			    json_integer(json_int(v[*ix - 1], "items") + 1));
		buf_release(&key);
	}
	if (n > 1)
		qsort(v, n, sizeof(*v), by_items);
	for (size_t i = 0; i < n; i++) {
		if (*json_str(v[i], "competitor") ==
		    '\0')
			json_object_set_new(v[i], "competitor", json_null());
		json_array_append_new(arr, v[i]);
	}
	free(v);
	strset_release(&comp);
	strset_release(&items);
	return arr;
}

static json_t *
sources_json(const struct digest *dg, struct state *st)
{
	json_t *o = json_object(), *broken = json_array();

	for (size_t i = 0; i < dg->cfg->nsources; i++) {
		const struct source *src = &dg->cfg->sources[i];
		struct source_state ss;

		state_source_load(st, src->id, &ss);
		if (ss.broken)
			json_array_append_new(broken, json_pack(
			    "{s:s,s:s,s:s?,s:i,s:s?}", "id", src->id, "kind",
			    source_kind_name(src->kind), "competitor",
			    src->competitor, "consecutive_failures",
			    (json_int_t)ss.consecutive_failures, "last_error",
			    ss.last_error));
		source_state_release(&ss);
	}
	json_object_set_new(o, "total", json_integer((json_int_t)
	    dg->cfg->nsources));
	json_object_set_new(o, "broken", broken);
	return o;
}

static int
by_fp(const void *a, const void *b)
{
	const struct rulestat *x = a, *y = b;

	if (x->fp != y->fp)
		return x->fp > y->fp ? -1 : 1;
	return strcmp(x->rule, y->rule);
}

/* precision from triage: rules with at least one verdict */
static json_t *
rules_json(const struct digest *dg)
{
	struct rulestat *v = xcalloc(dg->nrules + 1, sizeof(*v));
	json_t *arr = json_array();
	size_t n = 0;

	for (size_t i = 0; i < dg->nrules; i++)
		if (dg->rules[i].fp + dg->rules[i].ack > 0)
			v[n++] = dg->rules[i];
	if (n > 1)
		qsort(v, n, sizeof(*v), by_fp);
	for (size_t i = 0; i < n; i++) {
		const struct rule *r = dg->rs ? rules_find(dg->rs, v[i].rule) :
		    NULL;

		json_array_append_new(arr, json_pack("{s:s,s:s?,s:i,s:i,s:i}",
		    "rule", v[i].rule, "title", r ? r->title : NULL, "hits",
		    (json_int_t)v[i].hits, "fp", (json_int_t)v[i].fp, "ack",
		    (json_int_t)v[i].ack));
	}
	free(v);
	return arr;
}

char *
digest_alert(char id[17], const struct digest *dg, const struct notifier *nt)
{
	json_t *o = json_object(), *d = json_object();
	struct buf seed = BUF_INIT;
	char ts[32], hex[65], *r;
	size_t nsig, nitems, fresh;

	fmt_time(ts, dg->now);
	buf_addf(&seed, "digest|%s|%s", nt->name, ts);
	sha256_hex(hex, seed.data, seed.len);
	memcpy(id, hex, 16);
	id[16] = '\0';
	json_object_set_new(d, "since", json_time_or_null(dg->since));
	json_object_set_new(d, "until", json_time_or_null(dg->now));
	json_object_set_new(d, "previous", json_time_or_null(dg->previous));
	json_object_set_new(d, "notifier", json_str_or_null(nt->name));
	json_object_set_new(d, "report_url",
	    json_str_or_null(dg->cfg->alerts.report_url));
	digest_counts(dg, &nsig, &nitems, &fresh);
	json_object_set_new(d, "signals", json_integer((json_int_t)nsig));
	json_object_set_new(d, "items", json_integer((json_int_t)nitems));
	json_object_set_new(d, "items_new", json_integer((json_int_t)fresh));
	json_object_set_new(d, "playbooks", playbooks_json(dg, nt));
	other_json(dg, d);
	json_object_set_new(d, "competitors", competitors_json(dg));
	json_object_set_new(d, "sources", json_deep_copy(dg->sources));
	json_object_set_new(d, "rules", rules_json(dg));
	json_object_set_new(o, "schema", json_string("sigwatch.alert/1"));
	json_object_set_new(o, "id", json_string(id));
	json_object_set_new(o, "kind", json_string("digest"));
	json_object_set_new(o, "created", json_string(ts));
	json_object_set_new(o, "severity", json_string("info"));
	json_object_set_new(o, "competitor", json_null());
	json_object_set_new(o, "playbook", json_null());
	json_object_set_new(o, "hits", json_array());
	json_object_set_new(o, "hits_total", json_integer((json_int_t)dg->n));
	json_object_set_new(o, "source", json_null());
	json_object_set_new(o, "digest", d);
	r = json_line(o);
	buf_release(&seed);
	return r;
}

void
digest_free(struct digest *dg)
{
	if (dg == NULL)
		return;
	for (size_t i = 0; i < dg->n; i++)
		hit_release(&dg->v[i]);
	free(dg->v);
	for (size_t i = 0; i < dg->nrules; i++)
		free(dg->rules[i].rule);
	free(dg->rules);
	strset_release(&dg->ruleix);
	triages_release(&dg->tri);
	for (size_t i = 0; dg->ps && i < dg->pbs->n; i++)
		pbstate_release(&dg->ps[i]);
	free(dg->ps);
	json_decref(dg->sources);
	free(dg);
}

int64_t
digest_last(struct state *st)
{
	json_t *o = state_load_json(st, "digest.json", 0);
	int64_t t = TIME_NONE;
	const char *s;

	s = json_str(o, "last_digest");
	if (s == NULL || parse_time(s, &t) < 0)
		t = TIME_NONE;
	json_decref(o);
	return t;
}

int
digest_mark(struct state *st, int64_t when, int64_t since, struct err *err)
{
	json_t *o = json_object();
	char *s;
	struct buf b = BUF_INIT;
	int rc;

	json_object_set_new(o, "last_digest", json_time_or_null(when));
	json_object_set_new(o, "period_since", json_time_or_null(since));
	s = json_dumps(o, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	json_decref(o);
	buf_addstr(&b, s);
	buf_addch(&b, '\n');
	free(s);
	rc = state_write(st, "digest.json", b.data, b.len, err);
	buf_release(&b);
	return rc;
}
