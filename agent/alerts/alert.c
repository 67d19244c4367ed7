#include "alert.h"

#include <ctype.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "json_util.h"
#include "util.h"
#include "xmalloc.h"

static json_t *
strv(char *const *v)
{
	json_t *a = json_array();

	for (size_t i = 0; v && v[i]; i++)
		json_array_append_new(a, json_str_or_null(v[i]));
	return a;
}

static json_t *
stage_json(const struct pb_stage *st)
{
	json_t *o = json_object();

	json_object_set_new(o, "name", json_str_or_null(st->name));
	json_object_set_new(o, "steps", strv(st->steps));
	return o;
}

/* days from a stage name: "Week 2" -> 7, "Months 2-3" -> 30, else -1 */
static int64_t
stage_offset(const char *name)
{
	const char *p = name;
	long n;
	int64_t unit;

	while (*p && !isdigit((unsigned char)*p))
		p++;
	if (*p == '\0')
		return -1;
	n = strtol(p, NULL, 10);
	if (strncasecmp(name, "week", 4) == 0)
		unit = 7;
	else if (strncasecmp(name, "month", 5) == 0)
		unit = 30;
	else if (strncasecmp(name, "day", 3) == 0)
		unit = 1;
	else
		return -1;
	return (n > 0 ? n - 1 : 0) * unit * 86400;
}

/* index of the stage that applies t seconds after activation (names like
 * "Week 1", "Month 1", "Months 2-3" give the offsets), or 0 */
static size_t
alert_stage_at(const struct playbook *pb, int64_t elapsed)
{
	size_t best = 0;
	int64_t bestoff = -1;

	/* the latest stage already started; on a tie ("Week 1" and
	 * "Months 1-6" both start at once) the first one listed */
	for (size_t i = 0; i < pb->nstages; i++) {
		int64_t off = stage_offset(pb->stages[i].name);

		if (off >= 0 && off <= elapsed && off > bestoff) {
			best = i;
			bestoff = off;
		}
	}
	return best;
}

static json_t *
playbook_json(const struct playbook *pb, const struct pbstate *st,
    int64_t now, int full)
{
	json_t *o = json_object(), *stages;
	size_t next = 0;

	json_object_set_new(o, "id", json_str_or_null(pb->id));
	json_object_set_new(o, "title", json_str_or_null(pb->title));
	json_object_set_new(o, "competitor", json_str_or_null(pb->competitor));
	json_object_set_new(o, "threat", json_str_or_null(pb->threat));
	json_object_set_new(o, "state", json_string(st && st->active ?
	    "active" : "watching"));
	json_object_set_new(o, "signals_in_window", json_integer(st ?
	    pbstate_distinct(st, now - pb->within) : 0));
	json_object_set_new(o, "distinct_needed",
	    json_integer(pb->distinct_signals));
	json_object_set_new(o, "within_days", json_integer(pb->within / 86400));
	json_object_set_new(o, "owners", strv(pb->owners));
	if (st && st->active && st->activated_at != TIME_NONE)
		next = alert_stage_at(pb, now - st->activated_at);
	json_object_set_new(o, "next_stage", pb->nstages ?
	    stage_json(&pb->stages[next]) : json_null());
	stages = json_array();
	if (full)
		for (size_t i = 0; i < pb->nstages; i++)
			json_array_append_new(stages,
			    stage_json(&pb->stages[i]));
	json_object_set_new(o, "stages", stages);
	json_object_set_new(o, "dont", full ? strv(pb->dont) : json_array());
	return o;
}

static json_t *
hit_json(const struct hit *h, const struct config *cfg)
{
	char *line = hit_to_json(h), *home = NULL;
	json_error_t je;
	json_t *o = json_loads(line, 0, &je);
	const struct source *src = cfg && h->source ?
	    config_source(cfg, h->source) : NULL;

	free(line);
	if (o == NULL)
		o = json_object();
	json_object_set_new(o, "rule_title", json_str_or_null(h->rule_title));
	json_object_set_new(o, "source_url", json_str_or_null(h->source_url));
	/* a person's report leaves the state through its title, link,
	 * excerpt and reporter only: not its id (a Message-ID names mail
	 * hosts) */
	if (h->reporter)
		json_object_set_new(o, "item", json_null());
	/* what the document said (a feed's channel link), else what the
	 * configuration says */
	if (h->source_home != NULL && (strncmp(h->source_home, "https://",
	    8) == 0 || strncmp(h->source_home, "http://", 7) == 0))
		home = xstrdup(h->source_home);
	else if (src != NULL)
		home = config_source_home(src);
	if (home != NULL)
		json_object_set_new(o, "source_home", json_str_or_null(home));
	free(home);
	return o;
}

static int
hit_order(const void *a, const void *b)
{
	const struct hit *x = *(const struct hit *const *)a;
	const struct hit *y = *(const struct hit *const *)b;
	int c;

	if (x->severity != y->severity)
		return x->severity > y->severity ? -1 : 1;
	if (x->published != y->published)	/* TIME_NONE is the smallest */
		return x->published > y->published ? -1 : 1;
	c = strcmp(x->title ? x->title : "", y->title ? y->title : "");
	return c ? c : strcmp(x->id, y->id);
}

/* hits in the order alerts show them: most severe, then newest published
 * first, then by title and id (sorts v in place) */
static void
alert_sort_hits(struct hit **v, size_t n)
{
	if (n > 1)
		qsort(v, n, sizeof(*v), hit_order);
}

/* a sorted copy of hits (the caller's array is left alone) */
static struct hit **
sorted(struct hit *const *hits, size_t n)
{
	struct hit **v = xcalloc(n + 1, sizeof(*v));

	memcpy(v, hits, n * sizeof(*v));
	alert_sort_hits(v, n);
	return v;
}

static char *
finish(json_t *o, char id[17], const char *idseed)
{
	char hex[65], *s, *r;

	sha256_hex(hex, idseed, strlen(idseed));
	memcpy(id, hex, 16);
	id[16] = '\0';
	json_object_set_new(o, "id", json_string(id));
	s = json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER);
	json_decref(o);
	r = xstrdup(s);
	free(s);
	return r;
}

static json_t *
alert_new(const char *kind, int64_t now)
{
	json_t *o = json_object();

	json_object_set_new(o, "schema", json_string("sigwatch.alert/1"));
	json_object_set_new(o, "id", json_null());
	json_object_set_new(o, "kind", json_string(kind));
	json_object_set_new(o, "created", json_time_or_null(now));
	return o;
}

char *
alert_signal(char id[17], const struct config *cfg, const struct playbook *pb,
    const struct pbstate *st, struct hit *const *hits, size_t n, int64_t now)
{
	json_t *o = alert_new("signal", now), *arr = json_array();
	struct buf seed = BUF_INIT;
	enum severity top = SEV_INFO;
	const char *competitor = pb ? pb->competitor : NULL;
	struct hit **v = sorted(hits, n);
	char *r;

	/* the id hashes the hits in their given order, as it always did */
	buf_addstr(&seed, "signal");
	for (size_t i = 0; i < n; i++) {
		if (v[i]->severity > top)
			top = v[i]->severity;
		if (competitor == NULL)
			competitor = v[i]->competitor;
		if (i < ALERT_MAX_HITS)
			json_array_append_new(arr, hit_json(v[i], cfg));
		buf_addf(&seed, "|%s", hits[i]->id);
	}
	free(v);
	json_object_set_new(o, "severity", json_string(severity_name(top)));
	json_object_set_new(o, "competitor", json_str_or_null(competitor));
	json_object_set_new(o, "playbook", pb ? playbook_json(pb, st, now, 0) :
	    json_null());
	json_object_set_new(o, "hits", arr);
	json_object_set_new(o, "hits_total", json_integer((json_int_t)n));
	json_object_set_new(o, "source", json_null());
	r = finish(o, id, seed.data);
	buf_release(&seed);
	return r;
}

static int
hit_among(const char *id, struct hit *const *hits, size_t n)
{
	for (size_t i = 0; id && i < n; i++)
		if (strcmp(hits[i]->id, id) == 0)
			return 1;
	return 0;
}

char *
alert_activation(char id[17], const struct config *cfg,
    const struct playbook *pb, const struct pbstate *st,
    struct hit *const *hits, size_t n, int64_t now)
{
	json_t *o = alert_new("playbook-activated", now), *arr = json_array();
	json_t *ev = json_array();
	struct buf seed = BUF_INIT;
	struct hit **v = sorted(hits, n);
	char ts[32], *r;
	size_t inwin = 0;

	fmt_time(ts, st->activated_at);
	buf_addf(&seed, "playbook-activated|%s|%s", pb->id, ts);
	for (size_t i = 0; i < n && i < ALERT_MAX_HITS; i++)
		json_array_append_new(arr, hit_json(v[i], cfg));
	free(v);
	/* the earlier evidence: the window's other signals, newest first */
	for (size_t k = st->n; k-- > 0; ) {
		const struct pbsignal *g = &st->v[k];
		json_t *e;

		if (g->at < now - pb->within || hit_among(g->hit, hits, n))
			continue;
		if (inwin++ >= ALERT_MAX_HITS)
			continue;
		e = json_object();
		json_object_set_new(e, "id", json_str_or_null(g->hit));
		json_object_set_new(e, "at", json_time_or_null(g->at));
		json_object_set_new(e, "published", json_time_or_null(g->published));
		json_object_set_new(e, "rule", json_str_or_null(g->rule));
		json_object_set_new(e, "source", json_str_or_null(g->source));
		json_object_set_new(e, "title", json_str_or_null(g->title));
		json_object_set_new(e, "link", json_str_or_null(g->link));
		json_array_append_new(ev, e);
	}
	json_object_set_new(o, "severity",
	    json_string(severity_name(playbook_severity(pb))));
	json_object_set_new(o, "competitor", json_str_or_null(pb->competitor));
	json_object_set_new(o, "playbook", playbook_json(pb, st, now, 1));
	json_object_set_new(o, "hits", arr);
	json_object_set_new(o, "hits_total", json_integer((json_int_t)n));
	json_object_set_new(o, "evidence", ev);
	json_object_set_new(o, "evidence_total",
	    json_integer((json_int_t)inwin));
	json_object_set_new(o, "source", json_null());
	r = finish(o, id, seed.data);
	buf_release(&seed);
	return r;
}

char *
alert_deactivation(char id[17], const struct config *cfg,
    const struct playbook *pb, const struct pbstate *st,
    const struct hit *h, const struct triage *t, int64_t now)
{
	json_t *o = alert_new("playbook-deactivated", now), *arr = json_array();
	json_t *tj = json_object();
	struct buf seed = BUF_INIT;
	char ts[32], *r;

	fmt_time(ts, t->at);
	buf_addf(&seed, "playbook-deactivated|%s|%s|%s", pb->id, h->id, ts);
	json_array_append_new(arr, hit_json(h, cfg));
	json_object_set_new(tj, "verdict", json_string(t->fp ? "fp" : "ack"));
	json_object_set_new(tj, "note", json_str_or_null(t->note));
	json_object_set_new(tj, "author", json_str_or_null(t->author));
	json_object_set_new(tj, "at", json_time_or_null(t->at));
	json_object_set_new(o, "severity",
	    json_string(severity_name(playbook_severity(pb))));
	json_object_set_new(o, "competitor", json_str_or_null(pb->competitor));
	json_object_set_new(o, "playbook", playbook_json(pb, st, now, 0));
	json_object_set_new(o, "hits", arr);
	json_object_set_new(o, "hits_total", json_integer(1));
	json_object_set_new(o, "triage", tj);
	json_object_set_new(o, "source", json_null());
	r = finish(o, id, seed.data);
	buf_release(&seed);
	return r;
}

char *
alert_source(char id[17], const char *kind, const struct source *src,
    unsigned failures, const char *error, int64_t now)
{
	json_t *o = alert_new(kind, now), *s = json_object();
	struct buf seed = BUF_INIT;
	char ts[32], *r;
	int broken = strcmp(kind, "source-broken") == 0;

	fmt_time(ts, now);
	buf_addf(&seed, "%s|%s|%s", kind, src->id, ts);
	json_object_set_new(s, "id", json_str_or_null(src->id));
	json_object_set_new(s, "url", json_str_or_null(src->url));
	json_object_set_new(s, "kind", json_str_or_null(source_kind_name(src->kind)));
	json_object_set_new(s, "competitor", json_str_or_null(src->competitor));
	json_object_set_new(s, "consecutive_failures", json_integer(failures));
	json_object_set_new(s, "last_error", json_str_or_null(error));
	json_object_set_new(s, "status", json_string(broken ? "broken" :
	    "ok"));
	json_object_set_new(o, "severity", json_string(broken ? "high" :
	    "info"));
	json_object_set_new(o, "competitor", json_str_or_null(src->competitor));
	json_object_set_new(o, "playbook", json_null());
	json_object_set_new(o, "hits", json_array());
	json_object_set_new(o, "hits_total", json_integer(0));
	json_object_set_new(o, "source", s);
	r = finish(o, id, seed.data);
	buf_release(&seed);
	return r;
}
