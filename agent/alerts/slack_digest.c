/*
 * Slack digest: the periodic digest alert as Block Kit sections
 * (slack_int.h).
 */
#include "slack_int.h"

#include <stdlib.h>
#include <string.h>

#include "util.h"

#define DIG_SIGNALS_SHOWN	5

/* "2026-11-27" of member k, or "?" */
static void
day_add(struct buf *out, const json_t *o, const char *k)
{
	char *s = jclean(o, k);
	int64_t t;
	char iso[32];

	if (*s != '\0' && parse_time(s, &t) == 0) {
		fmt_time(iso, t);
		iso[10] = '\0';
		buf_addstr(out, iso);
	} else
		buf_addch(out, '?');
	free(s);
}

/* "`rule-a`, `rule-b`": every rule that hit a digest item (at most 5) */
static void
rules_add(struct buf *out, const json_t *g)
{
	const json_t *rules = json_object_get(g, "rules");
	size_t n = json_is_array(rules) ? json_array_size(rules) : 0, k = 0;

	for (size_t i = 0; i < n && k < 5; i++) {
		json_t *tmp = json_object();

		if (!json_is_string(json_array_get(rules, i))) {
			json_decref(tmp);
			continue;
		}
		json_object_set(tmp, "r", json_array_get(rules, i));
		if (k++ > 0)
			buf_addstr(out, ", ");
		code_add(out, tmp, "r", "?");
		json_decref(tmp);
	}
	if (k == 0)
		code_add(out, g, "rule", "unknown");
	else if (n > k)
		buf_addf(out, " +%zu", n - k);
}

/* one signal of a digest: "• 🆕 *<link|title>* · `rule` · `source` · date" */
static void
digest_signal_line(struct buf *out, const json_t *g)
{
	struct buf label = BUF_INIT, d = BUF_INIT;

	put_key(&label, g, "title", CAP_TITLE, ESC_MD, "(untitled)");
	buf_addstr(out, "\xe2\x80\xa2 ");
	if (json_is_true(json_object_get(g, "new")))
		buf_addstr(out, "\xf0\x9f\x86\x95 ");	/* 🆕 */
	buf_addch(out, '*');
	link_add(out, g, "link", label.data, CAP_URL_SOURCE);
	buf_addstr(out, "*" MIDDOT);
	rules_add(out, g);
	buf_addstr(out, MIDDOT);
	code_add(out, g, "source", "unknown");
	if (slack_date_add(&d, g, "published")) {
		buf_addstr(out, MIDDOT "published ");
		buf_add(out, d.data, d.len);
	} else if (slack_date_add(&d, g, "at")) {
		buf_addstr(out, MIDDOT "seen ");
		buf_add(out, d.data, d.len);
	}
	buf_release(&label);
	buf_release(&d);
}

/* signals of a list as lines, then "+N more" */
static void
digest_signals(struct buf *out, const json_t *list, long long total,
    const char *more_cmd)
{
	size_t n = json_is_array(list) ? json_array_size(list) : 0, shown = 0;

	for (size_t i = 0; i < n && shown < DIG_SIGNALS_SHOWN; i++) {
		const json_t *g = json_array_get(list, i);

		if (!json_is_object(g))
			continue;
		buf_addch(out, '\n');
		digest_signal_line(out, g);
		shown++;
	}
	if (total > (long long)shown)
		buf_addf(out, "\n+%lld more: `%s`", total - (long long)shown,
		    more_cmd);
}

static void
digest_summary(struct blocks *all, struct buf *text, const json_t *d,
    long long signals)
{
	const json_t *pbs = json_object_get(d, "playbooks"), *e;
	const json_t *src = json_object_get(d, "sources");
	struct buf t = BUF_INIT, p = BUF_INIT;
	long long fresh = 0, active = 0, npb = 0, items = 0;
	long long broken = (long long)json_array_size(json_object_get(src,
	    "broken"));
	long long nsrc = jint(src, "total", 0);
	size_t i;

	items = jint(d, "items", 0);
	json_array_foreach(pbs, i, e) {
		size_t len;
		const char *st = jget(e, "state", &len);

		npb++;
		if (st != NULL && strcmp(st, "active") == 0)
			active++;
	}
	fresh = jint(d, "items_new", 0);

	buf_addf(&t, "*%lld item%s* this period (%lld signal%s)", items,
	    items == 1 ? "" : "s", signals, signals == 1 ? "" : "s");
	if (json_is_string(json_object_get(d, "previous"))) {
		buf_addf(&t, ", *%lld new* since the last digest (", fresh);
		if (!slack_date_add(&t, d, "previous"))
			buf_addch(&t, '?');
		buf_addch(&t, ')');
	}
	buf_addf(&t, "\n*%lld of %lld playbook%s active*" MIDDOT, active, npb,
	    npb == 1 ? "" : "s");
	if (broken > 0)
		buf_addf(&t, "*%lld of %lld source%s broken*", broken, nsrc,
		    nsrc == 1 ? "" : "s");
	else
		buf_addf(&t, "all %lld source%s healthy", nsrc, nsrc == 1 ?
		    "" : "s");
	buf_reset(&p);
	put_key(&p, d, "report_url", CAP_NAME, ESC_MD, NULL);
	if (p.len > 0) {
		buf_addstr(&t, "\n*");
		link_add(&t, d, "report_url", "Open the report",
		    CAP_URL_SOURCE);
		buf_addch(&t, '*');
	}
	blk_section(all, t.data);

	buf_addf(text, "sigwatch digest: %lld item%s", items,
	    items == 1 ? "" : "s");
	if (json_is_string(json_object_get(d, "previous")))
		buf_addf(text, " (%lld new)", fresh);
	buf_addf(text, ", %lld active playbook%s, %lld broken source%s",
	    active, active == 1 ? "" : "s", broken, broken == 1 ? "" : "s");
	buf_release(&t);
	buf_release(&p);
}

/* one section per playbook with signals or active; the quiet ones in a
 * line */
static void
digest_playbooks(struct sections *sec, const json_t *d)
{
	const json_t *e;
	struct buf t = BUF_INIT, quiet = BUF_INIT, cmd = BUF_INIT;
	size_t i, nq = 0;

	json_array_foreach(json_object_get(d, "playbooks"), i, e) {
		long long total = jint(e, "signals_total", 0);
		size_t len;
		const char *st = jget(e, "state", &len);
		int active = st != NULL && strcmp(st, "active") == 0;

		if (total == 0 && !active) {
			buf_addstr(&quiet, nq++ ? ", " : "*Quiet*: ");
			code_add(&quiet, e, "id", "?");
			continue;
		}
		buf_reset(&t);
		buf_reset(&cmd);
		buf_addch(&t, '*');
		put_key(&t, e, "title", CAP_TITLE, ESC_MD, "(untitled)");
		buf_addstr(&t, "* ");
		code_add(&t, e, "id", "?");
		buf_addch(&t, '\n');
		slack_pbstate_line(&t, e, 1);
		if (active && slack_date_add(&cmd, e, "activated_at")) {
			buf_addstr(&t, ", active since ");
			buf_add(&t, cmd.data, cmd.len);
		}
		buf_reset(&cmd);
		buf_addstr(&cmd, "sigwatch hits --playbook ");
		put_key(&cmd, e, "id", CAP_NAME, ESC_CODE, "?");
		buf_addstr(&cmd, " --since ");
		day_add(&cmd, d, "since");
		if (total == 0)
			buf_addstr(&t, "\nNo new signal this period.");
		digest_signals(&t, json_object_get(e, "signals"), total,
		    cmd.data);
		sec_break(sec);
		sec_line(sec, t.data, t.len);
	}
	if (nq > 0) {
		buf_addstr(&quiet, " (watching, nothing new)");
		sec_break(sec);
		sec_line(sec, quiet.data, quiet.len);
	}
	buf_release(&t);
	buf_release(&quiet);
	buf_release(&cmd);
}

static void
digest_rest(struct sections *sec, const json_t *d)
{
	const json_t *e, *src = json_object_get(d, "sources");
	struct buf t = BUF_INIT, cmd = BUF_INIT;
	size_t i, n = 0;
	long long other = jint(d, "other_total", 0);

	if (other > 0) {
		buf_addstr(&t, "*No playbook*");
		buf_addstr(&cmd, "sigwatch hits --since ");
		day_add(&cmd, d, "since");
		digest_signals(&t, json_object_get(d, "other"), other,
		    cmd.data);
		n = 1;
	}
	sec_para(sec, &t, &n);
	json_array_foreach(json_object_get(d, "competitors"), i, e) {
		buf_addstr(&t, n++ ? MIDDOT : "*By competitor* (items): ");
		if (has_competitor(e))
			competitor_add(&t, e, 1);
		else
			buf_addstr(&t, "not set");
		buf_addf(&t, " %lld", jint(e, "items", 0));
	}
	sec_para(sec, &t, &n);
	json_array_foreach(json_object_get(src, "broken"), i, e) {
		buf_addstr(&t, n++ ? "\n" : "*Broken sources*\n");
		buf_addstr(&t, "\xe2\x80\xa2 ");
		code_add(&t, e, "id", "?");
		buf_addf(&t, MIDDOT "%lld failures" MIDDOT,
		    jint(e, "consecutive_failures", 0));
		put_key(&t, e, "last_error", CAP_STEP, ESC_MD, "no error text");
	}
	sec_para(sec, &t, &n);
	json_array_foreach(json_object_get(d, "rules"), i, e) {
		long long fp = jint(e, "fp", 0), ack = jint(e, "ack", 0);

		buf_addstr(&t, n++ ? "\n" : "*Rule precision* (from triage, "
		    "all recorded hits)\n");
		buf_addstr(&t, "\xe2\x80\xa2 ");
		code_add(&t, e, "rule", "?");
		buf_addf(&t, ": %lld hit%s, %lld false positive%s",
		    jint(e, "hits", 0), jint(e, "hits", 0) == 1 ? "" : "s", fp,
		    fp == 1 ? "" : "s");
		if (ack > 0)
			buf_addf(&t, ", %lld confirmed", ack);
	}
	sec_para(sec, &t, &n);
	buf_release(&t);
	buf_release(&cmd);
}

void
slack_render_digest(struct blocks *all, struct buf *text, const json_t *a)
{
	const json_t *d = json_object_get(a, "digest");
	struct buf t = BUF_INIT;
	struct blocks tail;
	struct sections sec;

	if (!json_is_object(d))
		d = NULL;
	blocks_init(&tail);
	buf_addstr(&t, "\xf0\x9f\x93\x8b sigwatch digest" MIDDOT);
	day_add(&t, d, "since");
	buf_addstr(&t, " to ");
	day_add(&t, d, "until");
	blk_header(all, t.data);
	digest_summary(all, text, d, jint(a, "hits_total", 0));

	buf_reset(&t);
	buf_addstr(&t, "Digest ");
	code_add(&t, a, "id", "no-id");
	buf_addstr(&t, MIDDOT "sigwatch" MIDDOT "a signal was wrong? "
	    "`sigwatch triage HIT-ID --fp --note \"why\"` (ids: `sigwatch "
	    "hits`)");
	blk_context(&tail, t.data);

	sec_init(&sec, all, SL_MAX_TOTAL - all->chars - tail.chars - 300,
	    SL_MAX_BLOCKS - json_array_size(all->a) - json_array_size(tail.a) -
	    2);
	digest_playbooks(&sec, d);
	digest_rest(&sec, d);
	if (sec.dropped > 0) {
		buf_reset(&t);
		buf_addf(&t, ELLIPSIS " %zu more line%s: `sigwatch status` and "
		    "`sigwatch hits` have them", sec.dropped,
		    sec.dropped == 1 ? "" : "s");
		sec_more(&sec, &t, 200);
	}
	sec_end(&sec);
	json_array_extend(all->a, tail.a);
	all->chars += tail.chars;
	json_decref(tail.a);
	buf_release(&t);
}
