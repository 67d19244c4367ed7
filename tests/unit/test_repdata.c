#define _XOPEN_SOURCE 700

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "hit.h"
#include "playbook.h"
#include "repdata.h"
#include "t.h"
#include "t_helpers.h"
#include "t_state.h"
#include "util.h"
#include "xmalloc.h"

/* repdata: what `sigwatch report` reads from a state */

#define DAY	86400
#define NOW	1795420800	/* 2026-11-23T08:00:00Z; timeline 2025-12.. */
#define SINCE	(NOW - 7 * DAY)

static struct state *st;

/* append text to the state's relpath */
static void
append(const char *relpath, const char *text)
{
	struct err e = ERR_INIT;
	char *line = (char *)text;

	T_EQ_INT(state_append_lines(st, relpath, &line, 1, &e), 0);
}

/* a hit of item at time at in its month's file; its id in id */
static void
add_hit(const char *item, const char *comp, const char *pb, int64_t at,
    int silenced, int baseline, char id[17])
{
	struct hit h;
	char *line, rel[32], month[8];

	memset(&h, 0, sizeof(h));
	hit_make_id(h.id, "rule", "src", item);
	h.at = at;
	h.rule = (char *)"rule";
	h.competitor = (char *)comp;
	h.playbook = (char *)pb;
	h.source = (char *)"src";
	h.item = h.title = (char *)item;
	h.published = TIME_NONE;
	h.silenced = silenced;
	h.baseline = baseline;
	line = hit_to_json(&h);
	month_of(month, at);
	snprintf(rel, sizeof(rel), "hits/%s.jsonl", month);
	append(rel, line);
	free(line);
	if (id)
		memcpy(id, h.id, 17);
}

static void
triage_line(const char *hit, const char *verdict, const char *at,
    const char *note)
{
	char line[256];

	snprintf(line, sizeof(line), "{\"hit\":\"%s\",\"verdict\":\"%s\","
	    "\"note\":\"%s\",\"author\":\"ana\",\"at\":\"%s\"}", hit, verdict,
	    note, at);
	append("triage/2026-11.jsonl", line);
}

static const struct rep_series *
comp(const struct report *r, const char *name)
{
	for (size_t i = 0; i < r->ncomp; i++)
		if (strcmp(r->comp[i].name, name) == 0)
			return &r->comp[i];
	return NULL;
}

static const struct rep_hit *
listed(const struct report *r, const char *id)
{
	for (size_t i = 0; i < r->nhits; i++)
		if (strcmp(r->hits[i].h.id, id) == 0)
			return &r->hits[i];
	return NULL;
}

static void
test_repdata__signals_and_period(void)
{
	struct report r;
	const struct rep_series *s;
	char open_id[17], fp_id[17], ack_id[17], sil_id[17], base_id[17];

	st = t_state_open("repdata");
	add_hit("old", "acme", NULL, NOW - 370 * DAY, 0, 0, NULL);
	add_hit("june", NULL, NULL, NOW - 170 * DAY, 0, 0, NULL);
	add_hit("oct", "globex", NULL, NOW - 40 * DAY, 0, 0, ack_id);
	add_hit("open", "acme", "pb-a", NOW - 3 * DAY, 0, 0, open_id);
	add_hit("fp", "acme", "pb-a", NOW - 2 * DAY, 0, 0, fp_id);
	add_hit("silenced", "acme", NULL, NOW - DAY, 1, 0, sil_id);
	add_hit("base", "globex", NULL, NOW - 3600, 0, 1, base_id);
	append("hits/2026-11.jsonl", "not json");
	append("hits/2026-11.jsonl", "{\"id\":\"0123456789abcdef\"}");
	triage_line(fp_id, "fp", "2026-11-22T00:00:00Z", "not a launch");
	triage_line(ack_id, "ack", "2026-11-22T00:00:00Z", "seen");
	report_load(&r, st, NULL, NULL, NOW, SINCE);

	T_EQ_INT(r.month0, month_index(NOW) - 11);
	/* signals: neither silenced nor false positives; baseline counts */
	T_EQ_INT(r.ncomp, 3);
	s = comp(&r, "acme");
	T_ASSERT(s != NULL && s->total == 1 && s->count[11] == 1);
	s = comp(&r, "globex");
	T_ASSERT(s != NULL && s->total == 2 && s->count[10] == 1 &&
	    s->count[11] == 1);
	s = comp(&r, "(none)");		/* a hit without a competitor */
	T_ASSERT(s != NULL && s->total == 1 && s->count[6] == 1);
	T_EQ_INT(r.npb, 1);
	if (r.npb == 1) {
		T_EQ_STR(r.pb[0].id, "pb-a");
		T_EQ_INT(r.pb[0].months.total, 1);
		T_ASSERT(r.pb[0].def == NULL);
		T_EQ_INT(r.pb[0].st.activated_at, TIME_NONE);
	}
	/* the period's hits, newest first, with their triage */
	T_EQ_INT(r.period_hits, 4);
	T_EQ_INT(r.nhits, 4);
	T_EQ_INT(r.period_fp, 1);
	T_EQ_INT(r.period_ack, 0);	/* the ack is older than the period */
	if (r.nhits == 4) {
		T_EQ_STR(r.hits[0].h.id, base_id);
		T_EQ_STR(r.hits[1].h.id, sil_id);
		T_EQ_STR(r.hits[3].h.id, open_id);
		T_EQ_INT(r.hits[3].verdict, REP_UNTRIAGED);
		T_ASSERT(r.hits[3].note == NULL);
		T_EQ_INT(r.hits[3].triaged_at, TIME_NONE);
		T_EQ_INT(r.hits[2].verdict, REP_FP);
		T_EQ_STR(r.hits[2].note, "not a launch");
		T_EQ_STR(r.hits[2].author, "ana");
		T_EQ_INT(r.hits[2].triaged_at, NOW - DAY - 8 * 3600);
	}
	report_release(&r);
	T_ASSERT(r.comp == NULL && r.hits == NULL && r.nhits == 0);
	report_release(&r);		/* released twice: harmless */
	state_close(st);
	t_rmtree(t_dir);
}

/* the latest verdict wins whatever the order of the lines; lines that
 * are not verdicts change nothing */
static void
test_repdata__latest_verdict_wins(void)
{
	struct report r;
	char a[17], b[17];
	const struct rep_hit *h;

	st = t_state_open("repdata");
	add_hit("a", "acme", NULL, NOW - DAY, 0, 0, a);
	add_hit("b", "acme", NULL, NOW - DAY, 0, 0, b);
	triage_line(a, "fp", "2026-11-20T00:00:00Z", "first");
	triage_line(a, "ack", "2026-11-21T00:00:00Z", "second");
	triage_line(b, "ack", "2026-11-21T00:00:00Z", "newer");
	triage_line(b, "fp", "2026-11-20T00:00:00Z", "older, read later");
	triage_line(b, "maybe", "2026-11-22T00:00:00Z", "not a verdict");
	triage_line(b, "fp", "yesterday", "bad time");
	append("triage/2026-11.jsonl", "{\"verdict\":\"fp\"}");
	report_load(&r, st, NULL, NULL, NOW, SINCE);
	h = listed(&r, a);
	T_ASSERT(h != NULL && h->verdict == REP_ACK);
	T_EQ_STR(h ? h->note : NULL, "second");
	h = listed(&r, b);
	T_ASSERT(h != NULL && h->verdict == REP_ACK);
	T_EQ_STR(h ? h->note : NULL, "newer");
	T_EQ_INT(r.period_ack, 2);
	T_EQ_INT(r.period_fp, 0);
	T_EQ_INT(comp(&r, "acme") ? comp(&r, "acme")->total : 0, 2);
	report_release(&r);
	state_close(st);
	t_rmtree(t_dir);
}

/* at most REPORT_MAX_HITS listed, the newest; all of them counted */
static void
test_repdata__newest_hits_kept(void)
{
	enum { N = 2 * REPORT_MAX_HITS + 100 };
	struct report r;
	char **lines = xcalloc(N, sizeof(*lines)), item[16];
	struct err e = ERR_INIT;
	int ordered = 1;

	st = t_state_open("repdata");
	for (int i = 0; i < N; i++) {
		struct hit h;

		memset(&h, 0, sizeof(h));
		snprintf(item, sizeof(item), "i%d", i);
		hit_make_id(h.id, "rule", "src", item);
		h.at = NOW - 3 * DAY + i;
		h.rule = h.source = h.item = h.title = item;
		h.published = TIME_NONE;
		lines[i] = hit_to_json(&h);
	}
	T_EQ_INT(state_append_lines(st, "hits/2026-11.jsonl", lines, N, &e),
	    0);
	report_load(&r, st, NULL, NULL, NOW, SINCE);
	T_EQ_INT(r.period_hits, N);
	T_EQ_INT(r.nhits, REPORT_MAX_HITS);
	T_EQ_INT(r.nhits ? r.hits[0].h.at : 0, NOW - 3 * DAY + N - 1);
	T_EQ_INT(r.nhits ? r.hits[r.nhits - 1].h.at : 0,
	    NOW - 3 * DAY + N - REPORT_MAX_HITS);
	for (size_t i = 1; i < r.nhits; i++)
		ordered &= r.hits[i - 1].h.at > r.hits[i].h.at;
	T_ASSERT(ordered);
	T_EQ_INT(comp(&r, "(none)") ? comp(&r, "(none)")->total : 0, N);
	report_release(&r);
	for (int i = 0; i < N; i++)
		free(lines[i]);
	free(lines);
	state_close(st);
	t_rmtree(t_dir);
}

/* playbooks: defined ones first, with their window; then those only
 * in the state; an id from a hit that is not a slug names no file */
static void
test_repdata__playbooks(void)
{
	static char *none[] = { NULL };
	struct playbook def = { .id = (char *)"defined", .title = (char *)"D",
	    .within = 30 * DAY, .distinct_signals = 2, .owners = none,
	    .dont = none };
	struct playbooks pbs = { &def, 1 };
	struct report r;
	struct err e = ERR_INIT;
	static const char pbjson[] = "{\"id\":\"defined\",\"state\":\"active\","
	    "\"activated_at\":\"2026-11-01T00:00:00Z\",\"signals\":["
	    "{\"rule\":\"r1\",\"at\":\"2026-11-01T00:00:00Z\"},"
	    "{\"rule\":\"r1\",\"at\":\"2026-11-02T00:00:00Z\"},"
	    "{\"rule\":\"r2\",\"at\":\"2026-11-03T00:00:00Z\"},"
	    "{\"rule\":\"r3\",\"at\":\"2026-01-01T00:00:00Z\"}]}";

	st = t_state_open("repdata");
	T_EQ_INT(state_write(st, "playbooks/defined.json", pbjson,
	    strlen(pbjson), &e), 0);
	T_EQ_INT(state_write(st, "playbooks/stale.json", "{\"id\":\"stale\"}",
	    14, &e), 0);
	add_hit("x", "acme", "../playbooks/defined", NOW - DAY, 0, 0, NULL);
	report_load(&r, st, NULL, &pbs, NOW, SINCE);
	T_EQ_INT(r.npb, 3);
	if (r.npb == 3) {
		T_EQ_STR(r.pb[0].id, "defined");
		T_ASSERT(r.pb[0].def == &def);
		T_EQ_INT(r.pb[0].st.active, 1);
		T_EQ_INT(r.pb[0].st.activated_at, 1793491200);
		T_EQ_INT(r.pb[0].in_window, 2);	/* r1, r2; r3 is too old */
		T_EQ_STR(r.pb[1].id, "stale");
		T_ASSERT(r.pb[1].def == NULL);
		T_EQ_STR(r.pb[2].id, "../playbooks/defined");
		T_EQ_INT(r.pb[2].st.active, 0);
		T_EQ_INT(r.pb[2].st.n, 0);
		T_EQ_INT(r.pb[2].months.total, 1);
	}
	report_release(&r);
	state_close(st);
	t_rmtree(t_dir);
}

/* sources: the configured ones, then those only in the state */
static void
test_repdata__sources(void)
{
	struct config *cfg = config_new();
	struct diags d = DIAGS_INIT;
	struct source_state ss;
	struct report r;
	struct err e = ERR_INIT;
	static const char feeds[] = "sources:\n  - id: conf\n    kind: feed\n"
	    "    url: https://e.example/feed\n";

	st = t_state_open("repdata");
	T_EQ_INT(config_load_feeds_text(cfg, "f.yaml", feeds, strlen(feeds),
	    &d), 0);
	memset(&ss, 0, sizeof(ss));
	ss.url = (char *)"https://gone.example/";
	T_EQ_INT(state_source_save(st, "gone", &ss, &e), 0);
	T_EQ_INT(state_source_save(st, "conf", &ss, &e), 0);
	T_EQ_INT(state_write(st, "sources/Not_A_Slug.json", "{}", 2, &e), 0);
	report_load(&r, st, cfg, NULL, NOW, SINCE);
	T_EQ_INT(r.nsrc, 2);
	if (r.nsrc == 2) {
		T_EQ_STR(r.src[0].id, "conf");
		T_ASSERT(r.src[0].def == config_source(cfg, "conf"));
		T_EQ_STR(r.src[1].id, "gone");
		T_ASSERT(r.src[1].def == NULL);
		T_EQ_STR(r.src[1].ss.url, "https://gone.example/");
	}
	report_release(&r);
	config_free(cfg);
	diags_release(&d);
	state_close(st);
	t_rmtree(t_dir);
}

static void
test_repdata__months(void)
{
	struct report r;
	char m[8];

	memset(&r, 0, sizeof(r));
	r.month0 = month_index(NOW) - 11;
	report_month(m, &r, 0);
	T_EQ_STR(m, "2025-12");
	report_month(m, &r, 1);
	T_EQ_STR(m, "2026-01");
	report_month(m, &r, 11);
	T_EQ_STR(m, "2026-11");
	r.month0 = 0;
	report_month(m, &r, 0);
	T_EQ_STR(m, "0000-01");
	/* an empty state: an empty report */
	st = t_state_open("repdata");
	report_load(&r, st, NULL, NULL, NOW, NOW);
	T_ASSERT(r.ncomp == 0 && r.npb == 0 && r.nhits == 0 && r.nsrc == 0);
	T_EQ_INT(r.now, NOW);
	report_release(&r);
	state_close(st);
	t_rmtree(t_dir);
}

T_MAIN(T_CASE(test_repdata__signals_and_period),
    T_CASE(test_repdata__latest_verdict_wins),
    T_CASE(test_repdata__newest_hits_kept),
    T_CASE(test_repdata__playbooks),
    T_CASE(test_repdata__sources),
    T_CASE(test_repdata__months))
