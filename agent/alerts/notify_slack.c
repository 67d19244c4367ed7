/*
 * Slack: an alert as a Block Kit payload and its minimal text-only form
 * (notify.h): the message of each alert kind, put together from the
 * pieces of slack_text.c, slack_fields.c, slack_blocks.c, slack_entries.c
 * and slack_digest.c (slack_int.h).
 */
#include "notify.h"

#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "buf.h"
#include "json_util.h"
#include "notify_int.h"
#include "slack_int.h"
#include "util.h"
#include "xmalloc.h"

#define MAX_EVIDENCE	10

/* ------------------------------------------------------------------ */
/* the kinds */

/* one evidence object (pbsignal) as a compact line */
static void
evidence_line(struct buf *out, const json_t *h)
{
	struct buf label = BUF_INIT;

	put_key(&label, h, "title", CAP_TITLE, ESC_MD, "(untitled)");
	buf_addstr(out, "\xe2\x80\xa2 *");
	link_add(out, h, "link", label.data, CAP_URL_SOURCE);
	buf_addstr(out, "*" MIDDOT);
	code_add(out, h, "rule", "unknown");
	buf_addstr(out, MIDDOT);
	code_add(out, h, "source", "unknown");
	buf_addstr(out, MIDDOT);
	buf_reset(&label);
	if (slack_date_add(&label, h, "published"))
		buf_addstr(out, "published ");
	else if (slack_date_add(&label, h, "at"))
		buf_addstr(out, "seen ");
	buf_add(out, label.data, label.len);
	buf_release(&label);
}

/* numbered steps of a stage into sections; returns the next number */
static unsigned
steps_add(struct sections *s, const json_t *stage, unsigned num)
{
	json_t *steps = json_object_get(stage, "steps");
	struct buf line = BUF_INIT;
	size_t n = json_is_array(steps) ? json_array_size(steps) : 0;

	for (size_t i = 0; i < n; i++) {
		json_t *v = json_array_get(steps, i);

		if (!json_is_string(v))
			continue;
		buf_reset(&line);
		buf_addf(&line, "%u. ", num++);
		slack_put(&line, json_string_value(v), json_string_length(v),
		    CAP_STEP, ESC_MD);
		sec_line(s, line.data, line.len);
	}
	buf_release(&line);
	return num;
}

/*
 * The header's subject: the rule's title when every hit is of one rule,
 * else the playbook's title, else "N rules". *named: 1 when it is the
 * rule's title (entries then give only its id), 2 the playbook's.
 */
static void
subject_add(struct buf *out, const json_t *a, const struct entries *es,
    int md, size_t cap, int *named)
{
	const json_t *pb = json_object_get(a, "playbook");
	size_t before = out->len;
	int mode = md ? ESC_MD : ESC_PLAIN;

	*named = 0;
	if (es->nh > 0 && es->nrules == 1) {
		put_key(out, es->h[0], "rule_title", cap, mode, NULL);
		if (out->len == before)
			put_key(out, es->h[0], "rule", CAP_NAME, mode, NULL);
		if (out->len > before) {
			*named = 1;
			return;
		}
	}
	if (json_is_object(pb)) {
		put_key(out, pb, "title", cap, mode, NULL);
		if (out->len > before) {
			*named = 2;
			return;
		}
	}
	buf_addf(out, "new signals from %zu rules", es->nrules);
}

/* "🔴 HIGH · Cloudflare · subject · 3 new items", within 150 */
static void
signal_header(struct buf *hdr, const json_t *a, const struct entries *es,
    long long items, int *named)
{
	const struct sevinfo *sev = sev_of(a);
	struct buf suffix = BUF_INIT, mid = BUF_INIT;
	size_t used;

	buf_addf(hdr, "%s %s" MIDDOT, sev->emoji, sev->label);
	if (has_competitor(a)) {
		competitor_add(hdr, a, 0);
		buf_addstr(hdr, MIDDOT);
	}
	if (items > 1)
		buf_addf(&suffix, MIDDOT "%lld new items", items);
	subject_add(&mid, a, es, 0, RAW_MAX, named);
	used = cp_count(hdr->data, hdr->len) + cp_count(suffix.data,
	    suffix.len);
	trunc_add(hdr, mid.data, mid.len, used < SL_MAX_HEADER ?
	    SL_MAX_HEADER - used : 0);
	buf_add(hdr, suffix.data, suffix.len);
	buf_release(&suffix);
	buf_release(&mid);
}

/* "Playbook *title* `id` · threat: x · watching: 1 of 2 ..." */
static void
playbook_line(struct buf *out, const json_t *pb, int with_title)
{
	buf_addstr(out, "Playbook ");
	if (with_title) {
		buf_addch(out, '*');
		put_key(out, pb, "title", CAP_TITLE, ESC_MD, "(untitled)");
		buf_addstr(out, "* ");
	}
	code_add(out, pb, "id", "unknown");
	if (json_is_string(json_object_get(pb, "threat"))) {
		buf_addstr(out, MIDDOT "threat: ");
		put_key(out, pb, "threat", CAP_NAME, ESC_MD, "-");
	}
	buf_addstr(out, MIDDOT);
	slack_pbstate_line(out, pb, 1);
}

/* "*Next: Month 1*" and its steps, and the owners, into tail */
static void
next_steps_add(struct blocks *tail, const json_t *pb)
{
	const json_t *next = pb != NULL ? json_object_get(pb, "next_stage") :
	    NULL;
	struct sections sec;
	struct buf t = BUF_INIT;

	sec_init(&sec, tail, 2600, 1);
	if (pb != NULL && json_is_object(next)) {
		buf_addstr(&t, "*Next: ");
		put_key(&t, next, "name", CAP_NAME, ESC_MD, "next stage");
		buf_addch(&t, '*');
		sec_line(&sec, t.data, t.len);
		steps_add(&sec, next, 1);
	} else if (pb != NULL) {
		buf_addstr(&t, "*Next:* the playbook lists no further stage; "
		    "check with the owners before acting.");
		sec_line(&sec, t.data, t.len);
	} else {
		buf_addstr(&t, "*Next:* no playbook is linked to this rule: "
		    "decide whether it matters, then triage it.");
		sec_line(&sec, t.data, t.len);
	}
	if (sec.dropped > 0) {
		buf_reset(&t);
		buf_addf(&t, ELLIPSIS " %zu more step%s in the playbook",
		    sec.dropped, sec.dropped == 1 ? "" : "s");
		sec_more(&sec, &t, 200);
	}
	if (pb != NULL) {
		buf_reset(&t);
		owners_add(&t, pb);
		sec.budget += 800;
		sec_line(&sec, t.data, t.len);
	}
	sec_end(&sec);
	buf_release(&t);
}

static void
render_signal(struct blocks *all, struct buf *text, const json_t *a)
{
	const json_t *pb = json_object_get(a, "playbook");
	const struct sevinfo *sev = sev_of(a);
	struct blocks head, mid, tail;
	struct buf t = BUF_INIT;
	struct entries *es = xcalloc(1, sizeof(*es));
	size_t budget, maxblk;
	long long items;
	int named = 0;

	if (!json_is_object(pb))
		pb = NULL;
	entries_build(es, json_object_get(a, "hits"));
	items = slack_items_total(a, es);
	blocks_init(&head);
	blocks_init(&mid);
	blocks_init(&tail);

	/* header: severity, competitor and what happened, once each */
	signal_header(&t, a, es, items, &named);
	blk_header(&head, t.data);
	if (pb != NULL) {
		buf_reset(&t);
		playbook_line(&t, pb, named != 2);
		blk_section(&head, t.data);
	}
	next_steps_add(&tail, pb);
	blk_alert_context(&tail, a);

	/* as many items as the budget allows */
	budget = SL_MAX_TOTAL - head.chars - tail.chars - 120;
	maxblk = SL_MAX_BLOCKS - json_array_size(head.a) -
	    json_array_size(tail.a) - 1;
	entries_add(&mid, es, items, budget, maxblk, named != 1, CAP_EXCERPT);
	json_array_extend(all->a, head.a);
	json_array_extend(all->a, mid.a);
	json_array_extend(all->a, tail.a);
	all->chars = head.chars + mid.chars + tail.chars;
	json_decref(head.a);
	json_decref(mid.a);
	json_decref(tail.a);

	/* [HIGH] Cloudflare: subject - item title (+2 more) */
	buf_addf(text, "[%s] ", sev->label);
	if (has_competitor(a)) {
		competitor_add(text, a, 1);
		buf_addstr(text, ": ");
	}
	subject_add(text, a, es, 1, CAP_RULE_TITLE, &named);
	if (es->ne > 0) {
		buf_addstr(text, " - ");
		put_key(text, es->h[es->e[0].first], "title", CAP_TITLE, ESC_MD,
		    "(untitled)");
	}
	if (items > 1)
		buf_addf(text, " (+%lld more)", items - 1);
	buf_release(&t);
	free(es);
}

/* the earlier signals of an activation, compact, within budget */
static void
evidence_add(struct blocks *all, const json_t *a, size_t budget)
{
	const json_t *ev = json_object_get(a, "evidence");
	struct sections sec;
	struct buf line = BUF_INIT;
	size_t n = json_is_array(ev) ? json_array_size(ev) : 0, shown = 0;
	long long total = jint(a, "evidence_total", (long long)n);

	if (n == 0)
		return;
	if (total < (long long)n)
		total = (long long)n;
	sec_init(&sec, all, budget, 1);
	sec_line(&sec, "*Earlier signals in the window*",
	    strlen("*Earlier signals in the window*"));
	for (size_t i = 0; i < n && shown < MAX_EVIDENCE; i++) {
		const json_t *h = json_array_get(ev, i);

		if (!json_is_object(h))
			continue;
		buf_reset(&line);
		evidence_line(&line, h);
		sec_line(&sec, line.data, line.len);
		if (sec.dropped > 0)
			break;
		shown++;
	}
	if (total > (long long)shown) {
		buf_reset(&line);
		buf_addf(&line, "+%lld more", total - (long long)shown);
		sec_more(&sec, &line, 100);
	}
	sec_end(&sec);
	buf_release(&line);
}

/* "*Don't*" and its bullets into tail */
static void
dont_add(struct blocks *tail, const json_t *dont)
{
	struct sections ds;
	struct buf line = BUF_INIT;
	size_t nd = json_is_array(dont) ? json_array_size(dont) : 0;
	size_t dshown = 0;

	if (nd == 0)
		return;
	sec_init(&ds, tail, 1500, 1);
	sec_line(&ds, "*Don't*", strlen("*Don't*"));
	for (size_t i = 0; i < nd; i++) {
		json_t *v = json_array_get(dont, i);

		if (!json_is_string(v))
			continue;
		buf_reset(&line);
		buf_addstr(&line, "\xe2\x80\xa2 ");
		slack_put(&line, json_string_value(v), json_string_length(v),
		    CAP_STEP, ESC_MD);
		sec_line(&ds, line.data, line.len);
		if (ds.dropped == 0)
			dshown++;
	}
	if (ds.dropped > 0) {
		buf_reset(&line);
		buf_addf(&line, ELLIPSIS " %zu more", nd - dshown);
		sec_more(&ds, &line, 100);
	}
	sec_end(&ds);
	buf_release(&line);
}

/* the full plan, stage by stage, numbered through, in what is left */
static void
plan_add(struct blocks *all, const json_t *pb, size_t budget,
    size_t maxblocks)
{
	const json_t *stages = json_object_get(pb, "stages");
	size_t ns = json_is_array(stages) ? json_array_size(stages) : 0;
	struct sections sec;
	struct buf line = BUF_INIT;
	unsigned num = 1;

	sec_init(&sec, all, budget, maxblocks);
	sec_line(&sec, "*Response plan*", strlen("*Response plan*"));
	for (size_t i = 0; i < ns; i++) {
		const json_t *st = json_array_get(stages, i);

		if (!json_is_object(st))
			continue;
		if (i > 0)
			sec_break(&sec);
		buf_reset(&line);
		buf_addch(&line, '*');
		put_key(&line, st, "name", CAP_NAME, ESC_MD, "Stage");
		buf_addch(&line, '*');
		sec_line(&sec, line.data, line.len);
		num = steps_add(&sec, st, num);
	}
	if (ns == 0)
		sec_line(&sec, "The playbook has no stages.",
		    strlen("The playbook has no stages."));
	if (sec.dropped > 0) {
		buf_reset(&line);
		buf_addf(&line, ELLIPSIS " plan cut here (%zu more line%s): "
		    "see the playbook file for ", sec.dropped,
		    sec.dropped == 1 ? "" : "s");
		code_add(&line, pb, "id", "unknown");
		sec_more(&sec, &line, 200);
	}
	sec_end(&sec);
	buf_release(&line);
}

#define ACT_ENTRIES_BUDGET	2400
#define ACT_EVIDENCE_BUDGET	900
#define ACT_EXCERPT		300

/* the header: t (its start) + the playbook's title, or its id */
static void
pb_header(struct blocks *all, struct buf *t, const json_t *pb)
{
	size_t used = t->len;

	put_key(t, pb, "title", RAW_MAX, ESC_PLAIN, NULL);
	if (t->len == used)
		put_key(t, pb, "id", CAP_NAME, ESC_PLAIN, "(untitled)");
	blk_header(all, t->data);
}

/*
 * Playbook active: who and how bad, this run's new items in full (no
 * separate signal alert repeats them), the earlier signals in the window,
 * the whole plan and the Don't list.
 */
static void
render_activation(struct blocks *all, struct buf *text, const json_t *a)
{
	const json_t *pb = json_object_get(a, "playbook");
	const struct sevinfo *sev = sev_of(a);
	struct buf t = BUF_INIT;
	struct blocks tail, mid;
	struct entries *es = xcalloc(1, sizeof(*es));
	size_t used, maxblk;
	long long items, have;

	if (!json_is_object(pb))
		pb = NULL;	/* json_object_get(NULL, k) is NULL */
	entries_build(es, json_object_get(a, "hits"));
	items = slack_items_total(a, es);
	have = jint(pb, "signals_in_window", 0);
	blocks_init(&tail);
	blocks_init(&mid);

	buf_addf(&t, "%s %s" MIDDOT "Playbook active: ", sev->emoji,
	    sev->label);
	pb_header(all, &t, pb);

	/* who, how bad, why now, who owns it */
	buf_reset(&t);
	if (has_competitor(a)) {
		buf_addch(&t, '*');
		competitor_add(&t, a, 1);
		buf_addstr(&t, "*" MIDDOT);
	}
	buf_addstr(&t, "threat: *");
	put_key(&t, pb, "threat", CAP_NAME, ESC_MD, "not rated");
	buf_addf(&t, "*" MIDDOT "%lld distinct signal%s within %lld day%s "
	    "(needs %lld) activated ", have, have == 1 ? "" : "s",
	    jint(pb, "within_days", 0),
	    jint(pb, "within_days", 0) == 1 ? "" : "s",
	    jint(pb, "distinct_needed", 1));
	code_add(&t, pb, "id", "unknown");
	buf_addch(&t, '\n');
	owners_add(&t, pb);
	blk_section(all, t.data);

	/* the Don't list and the context, reserved before the rest */
	dont_add(&tail, json_object_get(pb, "dont"));
	blk_alert_context(&tail, a);

	/* this run's new items in full */
	if (es->ne > 0) {
		buf_reset(&t);
		buf_addf(&t, "*New %s*", items == 1 ? "signal" : "signals");
		blk_section(&mid, t.data);
		entries_add(&mid, es, items, mid.chars + ACT_ENTRIES_BUDGET,
		    12, 1, ACT_EXCERPT);
	}
	json_array_extend(all->a, mid.a);
	all->chars += mid.chars;
	json_decref(mid.a);
	evidence_add(all, a, ACT_EVIDENCE_BUDGET);

	/* the full plan in what is left */
	used = all->chars + tail.chars;
	maxblk = SL_MAX_BLOCKS - json_array_size(all->a) -
	    json_array_size(tail.a) - 1;
	plan_add(all, pb, SL_MAX_TOTAL > used + 200 ? SL_MAX_TOTAL - used -
	    200 : 0, maxblk);
	json_array_extend(all->a, tail.a);
	all->chars += tail.chars;
	json_decref(tail.a);

	/* [CRITICAL] Playbook active: title (Cloudflare) - 3 distinct signals */
	buf_addf(text, "[%s] Playbook active: ", sev->label);
	put_key(text, pb, "title", CAP_TITLE, ESC_MD, NULL);
	if (has_competitor(a)) {
		buf_addstr(text, " (");
		competitor_add(text, a, 1);
		buf_addch(text, ')');
	}
	buf_addf(text, " - %lld distinct signal%s", have, have == 1 ? "" :
	    "s");
	buf_release(&t);
	free(es);
}

/* a false positive took the playbook back to watching */
static void
render_deactivation(struct blocks *all, struct buf *text, const json_t *a)
{
	const json_t *pb = json_object_get(a, "playbook");
	const json_t *tr = json_object_get(a, "triage");
	const json_t *hits = json_object_get(a, "hits");
	const json_t *h = json_array_get(hits, 0);
	struct buf t = BUF_INIT, label = BUF_INIT;

	if (!json_is_object(pb))
		pb = NULL;
	if (!json_is_object(tr))
		tr = NULL;
	buf_addstr(&t, "\xe2\x86\xa9\xef\xb8\x8f Playbook back to watching: ");
	pb_header(all, &t, pb);

	buf_reset(&t);
	buf_addstr(&t, "A signal was triaged as a *false positive* by ");
	put_key(&t, tr, "author", CAP_NAME, ESC_MD, "someone");
	buf_addstr(&t, " and no longer counts:\n");
	if (json_is_object(h)) {
		put_key(&label, h, "title", CAP_TITLE, ESC_MD, "(untitled)");
		buf_addstr(&t, "\xe2\x80\xa2 *");
		link_add(&t, h, "link", label.data, CAP_URL_HIT);
		buf_addstr(&t, "*" MIDDOT);
		code_add(&t, h, "rule", "unknown");
		buf_addstr(&t, MIDDOT "hit ");
		code_add(&t, h, "id", "?");
		buf_addch(&t, '\n');
	}
	buf_addstr(&t, ">");
	put_key(&t, tr, "note", CAP_EXCERPT, ESC_MD, "(no note)");
	buf_addstr(&t, "\nNow ");
	code_add(&t, pb, "id", "unknown");
	buf_addstr(&t, " is ");
	slack_pbstate_line(&t, pb, 1);
	buf_addstr(&t, ". The response plan is on hold until the playbook "
	    "activates again.\n");
	owners_add(&t, pb);
	blk_section(all, t.data);
	blk_alert_context(all, a);

	buf_addf(text, "[%s] Playbook back to watching: ", sev_of(a)->label);
	put_key(text, pb, "title", CAP_TITLE, ESC_MD, "(untitled)");
	buf_addstr(text, " (a signal was triaged as a false positive)");
	buf_release(&t);
	buf_release(&label);
}

/* step 2 of a source-broken alert: what to fix depends on the kind */
static void
fix_advice(struct buf *t, const json_t *src)
{
	const char *kind = json_str(src, "kind");
	const char *what, *file;

	if (kind == NULL)
		kind = "";
	if (strcmp(kind, "html") == 0 || strcmp(kind, "page") == 0) {
		what = "2. If the page loads but its layout changed, fix the "
		    "source's XPath (`items`, `title`, `link`... or `select`) "
		    "in its feeds file";
		file = "page.html";
	} else if (strcmp(kind, "feed") == 0) {
		what = "2. If the URL no longer serves a feed (RSS, Atom or "
		    "JSON Feed), or an empty one, find the site's current "
		    "feed (often linked from its pages) and put it in `url:`";
		file = "feed.xml";
	} else if (strcmp(kind, "greenhouse") == 0 || strcmp(kind, "lever") ==
	    0 || strcmp(kind, "ashby") == 0 || strcmp(kind, "workday") == 0) {
		what = "2. Check the job board: does the company still post "
		    "its jobs with this vendor, under this `board:` token? Its "
		    "careers page shows where the jobs are now";
		file = "jobs.json";
	} else {
		what = "2. Check the source's definition in its feeds file";
		file = "FILE";
	}
	buf_addstr(t, what);
	buf_addstr(t, "; save what the URL returns and try it with `sigwatch "
	    "parse --source ");
	put_key(t, src, "id", CAP_NAME, 1, "ID");
	buf_addf(t, " %s`.\n", file);
}

static void
render_source(struct blocks *all, struct buf *text, const json_t *a,
    int broken)
{
	const json_t *src = json_object_get(a, "source");
	struct buf t = BUF_INIT, u = BUF_INIT, f[4] = { BUF_INIT, BUF_INIT,
	    BUF_INIT, BUF_INIT };

	if (!json_is_object(src))
		src = NULL;
	buf_addstr(&t, broken ? "\xe2\x9a\xa0\xef\xb8\x8f Source broken: " :
	    "\xe2\x9c\x85 Source recovered: ");
	put_key(&t, src, "id", SL_MAX_HEADER, 0, "unknown");
	blk_header(all, t.data);

	buf_addstr(&f[0], "*Kind*\n");
	put_key(&f[0], src, "kind", CAP_NAME, 1, "unknown");
	buf_addstr(&f[1], "*Competitor*\n");
	if (has_competitor(src))
		competitor_add(&f[1], src, 1);
	else if (has_competitor(a))
		competitor_add(&f[1], a, 1);
	else
		buf_addstr(&f[1], "not set");
	buf_addstr(&f[2], "*Status*\n");
	put_key(&f[2], src, "status", CAP_NAME, 1, broken ? "broken" : "ok");
	if (broken)
		buf_addf(&f[3], "*Consecutive failures*\n%lld",
		    jint(src, "consecutive_failures", 0));
	blk_fields(all, f, broken ? 4 : 3);

	buf_reset(&t);
	put_key(&u, src, "url", 300, 1, "(no URL)");
	buf_addstr(&t, "*URL*\n");
	link_add(&t, src, "url", u.data, CAP_URL);
	if (broken) {
		buf_addstr(&t, "\n*Last error*\n>");
		put_key(&t, src, "last_error", CAP_ERROR, 1, "(none recorded)");
		blk_section(all, t.data);
		buf_reset(&t);
		buf_addstr(&t, "*What to do*\n"
		    "1. Open the URL in a browser: is it still there, did it "
		    "move, does it now need a login or block our client?\n");
		fix_advice(&t, src);
		buf_addstr(&t, "3. Run `sigwatch status` for its history; it is "
		    "retried every run and a recovery is announced here.\n"
		    "Hits from this source are missed until it is fixed.");
		blk_section(all, t.data);
	} else {
		buf_addstr(&t, "\nFetching and extraction work again; its items "
		    "are matched from this run on. Items it published while "
		    "broken are picked up if the source still lists them.");
		blk_section(all, t.data);
	}
	blk_alert_context(all, a);

	buf_addf(text, "[%s] Source %s: ", sev_of(a)->label,
	    broken ? "broken" : "recovered");
	put_key(text, src, "id", CAP_NAME, 1, "unknown");
	if (broken) {
		buf_addstr(text, " - ");
		put_key(text, src, "last_error", CAP_ERROR, 1, "no error text");
	}
	for (size_t i = 0; i < 4; i++)
		buf_release(&f[i]);
	buf_release(&t);
	buf_release(&u);
}

static void
render_other(struct blocks *all, struct buf *text, const json_t *a)
{
	struct buf t = BUF_INIT;

	buf_addstr(&t, "sigwatch alert: ");
	put_key(&t, a, "kind", CAP_NAME, 0, "unknown");
	blk_header(all, t.data);
	buf_reset(&t);
	buf_addstr(&t, "An alert of a kind this version cannot show: ");
	code_add(&t, a, "kind", "unknown");
	buf_addstr(&t, ". Its JSON is in the outbox under its id.");
	blk_section(all, t.data);
	blk_alert_context(all, a);
	buf_addf(text, "[%s] sigwatch alert ", sev_of(a)->label);
	put_key(text, a, "kind", CAP_NAME, 1, "unknown");
	buf_release(&t);
}

static void
set_text(json_t *root, const struct buf *text)
{
	struct buf t = BUF_INIT;

	trunc_add(&t, text->data, text->len, SL_MAX_TEXT);
	json_object_set_new(root, "text", jstring(t.data, t.len));
	buf_release(&t);
}

/* the blocks and fallback text of an alert, by its kind */
static void
render_kind(struct blocks *all, struct buf *text, json_t *a, const char *kind)
{
	if (strcmp(kind, "signal") == 0)
		render_signal(all, text, a);
	else if (strcmp(kind, "playbook-activated") == 0)
		render_activation(all, text, a);
	else if (strcmp(kind, "playbook-deactivated") == 0)
		render_deactivation(all, text, a);
	else if (strcmp(kind, "digest") == 0)
		slack_render_digest(all, text, a);
	else if (strcmp(kind, "source-broken") == 0)
		render_source(all, text, a, 1);
	else if (strcmp(kind, "source-recovered") == 0)
		render_source(all, text, a, 0);
	else
		render_other(all, text, a);
}

/* the message: text, blocks (taken; NULL for none), no unfurling */
static char *
payload_dump(const struct buf *text, json_t *blocks)
{
	json_t *root = json_object();
	char *r;

	set_text(root, text);
	if (blocks != NULL)
		json_object_set_new(root, "blocks", blocks);
	json_object_set_new(root, "unfurl_links", json_false());
	json_object_set_new(root, "unfurl_media", json_false());
	r = notify_json_dump(root);
	json_decref(root);
	return r;
}

/* the alert parsed and rendered into all and text; NULL if not JSON */
static json_t *
render_alert(struct blocks *all, struct buf *text, const char *alert_json,
    size_t len)
{
	json_t *a;

	if ((a = notify_alert_load(alert_json, len)) == NULL)
		return NULL;
	blocks_init(all);
	render_kind(all, text, a, json_str(a, "kind"));
	return a;
}

char *
notify_slack_payload(const char *alert_json, size_t len)
{
	json_t *a;
	struct blocks all;
	struct buf text = BUF_INIT;
	char *r;

	if ((a = render_alert(&all, &text, alert_json, len)) == NULL)
		return NULL;
	if (json_array_size(all.a) > SL_MAX_BLOCKS)
		BUG("%zu blocks", json_array_size(all.a));
	r = payload_dump(&text, all.a);
	json_decref(a);
	buf_release(&text);
	return r;
}

/* add a line to the minimal text if it still fits whole */
static void
minimal_line(struct buf *text, const struct buf *line)
{
	if (cp_count(text->data, text->len) + cp_count(line->data,
	    line->len) <= 3600)
		buf_add(text, line->data, line->len);
}

char *
notify_slack_minimal(const char *alert_json, size_t len)
{
	json_t *a, *hits;
	struct blocks all;
	struct buf text = BUF_INIT, label = BUF_INIT, line = BUF_INIT;
	size_t nh;
	char *r;

	/* the same first line as the full payload's fallback */
	if ((a = render_alert(&all, &text, alert_json, len)) == NULL)
		return NULL;
	json_decref(all.a);
	/* plus links, plainly */
	hits = json_object_get(a, "hits");
	nh = json_is_array(hits) ? json_array_size(hits) : 0;
	for (size_t i = 0; i < nh && i < 5; i++) {
		const json_t *h = json_array_get(hits, i);

		buf_reset(&label);
		buf_reset(&line);
		put_key(&label, h, "title", 120, 1, "(untitled)");
		buf_addstr(&line, "\n\xe2\x80\xa2 ");
		link_add(&line, h, "link", label.data, CAP_URL_HIT);
		minimal_line(&text, &line);
	}
	if (json_is_object(json_object_get(a, "source"))) {
		buf_reset(&label);
		buf_reset(&line);
		put_key(&label, json_object_get(a, "source"), "url", 300, 1,
		    "(no URL)");
		buf_addstr(&line, "\n");
		link_add(&line, json_object_get(a, "source"), "url",
		    label.data, CAP_URL);
		minimal_line(&text, &line);
	}
	/* the alert id last; whole lines only, so no link is ever cut */
	if (cp_count(text.data, text.len) > 3600) {
		buf_reset(&line);
		trunc_add(&line, text.data, text.len, 3600);
		buf_reset(&text);
		buf_add(&text, line.data, line.len);
	}
	buf_addstr(&text, "\nAlert ");
	put_key(&text, a, "id", CAP_NAME, 1, "no-id");
	buf_addstr(&text, MIDDOT "sigwatch (shortened message)");
	r = payload_dump(&text, NULL);
	json_decref(a);
	buf_release(&text);
	buf_release(&label);
	buf_release(&line);
	return r;
}
