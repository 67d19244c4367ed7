#include "report.h"

#include <string.h>

#include "html.h"
#include "repchart.h"
#include "util.h"

static const char css[] =
"*{box-sizing:border-box}\n"
"body{font:14px/1.45 system-ui,-apple-system,'Segoe UI',sans-serif;"
"color:#222;background:#fafafa;margin:0;padding:24px}\n"
"main{max-width:1200px;margin:0 auto}\n"
"h1{font-size:22px;margin:0 0 4px}h2{font-size:17px;margin:24px 0 8px}\n"
"section>h2:first-child{margin-top:4px}\n"
"section{background:#fff;border:1px solid #e2e2e2;border-radius:6px;"
"padding:12px 16px;margin:16px 0}\n"
".muted{color:#777}.small{font-size:12px}\n"
".tiles{display:flex;flex-wrap:wrap;gap:12px;margin:12px 0 0;padding:0;"
"list-style:none}\n"
".tiles li{border:1px solid #e2e2e2;border-radius:6px;padding:8px 14px;"
"min-width:150px}\n"
".tiles b{display:block;font-size:22px}\n"
"table{border-collapse:collapse;width:100%}\n"
"th,td{text-align:left;vertical-align:top;padding:6px 8px;"
"border-bottom:1px solid #eee}\n"
"th{font-size:12px;color:#555;background:#f4f4f4}\n"
"td.excerpt{max-width:420px}\n"
"mark{background:#ffe066;padding:0 1px}\n"
"code{font:12px ui-monospace,monospace;overflow-wrap:break-word}\n"
"code.id{white-space:nowrap;color:#777}\n"
".badge{display:inline-block;border-radius:10px;padding:0 8px;"
"font-size:12px;font-weight:600;background:#eee;color:#333}\n"
".st-active,.sev-critical{background:#d62728;color:#fff}\n"
".sev-high{background:#f28e2b;color:#fff}\n"
".sev-medium{background:#edc948}.sev-low,.sev-info{background:#dde}\n"
".st-watching,.h-ok{background:#e3f1e3;color:#245c24}\n"
".h-failing{background:#fff0c2;color:#7a5b00}\n"
".h-broken{background:#d62728;color:#fff}.h-never{background:#eee}\n"
".tri-fp{background:#555;color:#fff}.tri-ack{background:#2c7be5;"
"color:#fff}.tri-none{background:#f4f4f4;color:#777}\n"
"tr.triage-fp td{opacity:.6}\n"
".legend{list-style:none;padding:0;margin:6px 0 0;display:flex;"
"flex-wrap:wrap;gap:6px 16px}\n"
".sw{display:inline-block;width:11px;height:11px;border-radius:2px;"
"margin-right:5px;vertical-align:-1px}\n"
"ul.signals{margin:0;padding-left:18px}\n"
"@media print{body{background:#fff;padding:0}section{border:0}}\n";

/* fmt_time(ts, t) and 1; or "-" into b and 0 when t is TIME_NONE */
static int
time_or_dash(struct buf *b, char ts[32], int64_t t)
{
	if (t == TIME_NONE) {
		buf_addch(b, '-');
		return 0;
	}
	fmt_time(ts, t);
	return 1;
}

/* "YYYY-MM-DD" of t, or "-" */
static void
add_day(struct buf *b, int64_t t)
{
	char ts[32];

	if (time_or_dash(b, ts, t))
		buf_add(b, ts, 10);
}

/* "YYYY-MM-DD HH:MM UTC" of t, or "-" */
static void
add_time(struct buf *b, int64_t t)
{
	char ts[32];

	if (!time_or_dash(b, ts, t))
		return;
	ts[10] = ' ';
	ts[16] = '\0';
	buf_addf(b, "%s UTC", ts);
}

/* 1 when a section has n > 0 rows; else the note `empty` ends it */
static int
has_rows(struct buf *b, size_t n, const char *empty)
{
	if (n > 0)
		return 1;
	buf_addf(b, "<p class=\"empty\">%s</p>\n</section>\n", empty);
	return 0;
}

/* a table's head: its column names, NULL-terminated */
static void
table_head(struct buf *b, const char *const *cols)
{
	buf_addstr(b, "<table>\n<thead><tr>");
	for (size_t i = 0; cols[i] != NULL; i++)
		buf_addf(b, "<th>%s</th>", cols[i]);
	buf_addstr(b, "</tr></thead>\n<tbody>\n");
}

/* <a href> for http(s) URLs, else the text alone */
static void
add_link(struct buf *b, const char *url, const char *text)
{
	struct buf href = BUF_INIT;

	if (html_url(&href, url) == 0) {
		buf_addf(b, "<a href=\"%s\" rel=\"noopener noreferrer "
		    "nofollow\">", href.data);
		html_text(b, text && *text ? text : url);
		buf_addstr(b, "</a>");
	} else
		html_text(b, text && *text ? text : "(untitled)");
	buf_release(&href);
}

static void
page_head(struct buf *b)
{
	buf_addstr(b, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n"
	    "<meta charset=\"utf-8\">\n"
	    "<meta name=\"viewport\" content=\"width=device-width, "
	    "initial-scale=1\">\n"
	    "<meta http-equiv=\"Content-Security-Policy\" content=\""
	    "default-src 'none'; style-src 'unsafe-inline'; img-src data:; "
	    "base-uri 'none'; form-action 'none'\">\n"
	    "<meta name=\"referrer\" content=\"no-referrer\">\n"
	    "<meta name=\"generator\" content=\"sigwatch\">\n"
	    "<title>sigwatch report</title>\n<style>\n");
	buf_addstr(b, css);
	repchart_css(b);
	buf_addstr(b, "</style>\n</head>\n<body>\n<main>\n");
}

static void
summary(struct buf *b, const struct report *r)
{
	size_t active = 0, broken = 0, failing = 0;

	for (size_t i = 0; i < r->npb; i++)
		active += r->pb[i].st.active != 0;
	for (size_t i = 0; i < r->nsrc; i++) {
		if (r->src[i].ss.broken)
			broken++;
		else if (r->src[i].sr.failures || r->src[i].ss.
		    consecutive_failures)
			failing++;
	}
	buf_addstr(b, "<header id=\"summary\">\n<h1>sigwatch report</h1>\n"
	    "<div class=\"muted\">Generated ");
	add_time(b, r->now);
	buf_addstr(b, " &middot; hits since ");
	add_day(b, r->since);
	buf_addstr(b, " &middot; timeline of the last 12 months</div>\n"
	    "<ul class=\"tiles\">\n");
	buf_addf(b, "<li><b id=\"n-signals\">%zu</b>signals in the period"
	    "</li>\n", r->period_hits - r->period_fp);
	buf_addf(b, "<li><b>%zu</b>false positives, %zu acknowledged</li>\n",
	    r->period_fp, r->period_ack);
	buf_addf(b, "<li><b id=\"n-active\">%zu</b>of %zu playbooks active"
	    "</li>\n", active, r->npb);
	buf_addf(b, "<li><b id=\"n-broken\">%zu</b>broken sources, %zu "
	    "failing, of %zu</li>\n", broken, failing, r->nsrc);
	buf_addstr(b, "</ul>\n</header>\n");
}

static void
timeline(struct buf *b, const struct report *r)
{
	buf_addstr(b, "<section id=\"timeline\">\n<h2>Signals per competitor"
	    "</h2>\n");
	repchart_competitors(b, r);
	buf_addstr(b, "<h2>Signals per playbook</h2>\n<p class=\"muted "
	    "small\">Shaded: the playbook's current activation window; "
	    "diamond: when it turned active. Silenced hits and false "
	    "positives are not signals.</p>\n");
	repchart_playbooks(b, r);
	buf_addstr(b, "</section>\n");
}

/* the signals of a playbook's state inside its window */
static void
window_signals(struct buf *b, const struct report *r,
    const struct rep_playbook *p)
{
	int64_t since = p->def ? r->now - p->def->within : TIME_NONE;
	size_t n = 0;

	for (size_t i = 0; i < p->st.n; i++) {
		const struct pbsignal *g = &p->st.v[i];

		if (g->at < since)
			continue;
		buf_addstr(b, n++ ? "" : "<ul class=\"signals\">");
		buf_addstr(b, "<li>");
		add_day(b, g->at);
		buf_addstr(b, " <code>");
		html_text(b, g->rule);
		buf_addstr(b, "</code> ");
		add_link(b, g->link, g->title);
		buf_addstr(b, g->baseline ? " <span class=\"muted\">"
		    "(baseline)</span></li>" : "</li>");
	}
	buf_addstr(b, n ? "</ul>" : "<span class=\"muted\">none</span>");
}

static void
playbook_row(struct buf *b, const struct report *r,
    const struct rep_playbook *p)
{
	const struct playbook *d = p->def;

	buf_addstr(b, "<tr class=\"playbook\" id=\"pb-");
	html_class(b, p->id);
	buf_addstr(b, "\"><td><code>");
	html_text(b, p->id);
	buf_addstr(b, "</code><br>");
	html_text(b, d ? d->title : "(no longer defined)");
	if (d && d->threat) {
		buf_addstr(b, "<br><span class=\"muted small\">threat: ");
		html_text(b, d->threat);
		buf_addstr(b, "</span>");
	}
	buf_addf(b, "</td><td><span class=\"badge st-%s\">%s</span></td><td>",
	    p->st.active ? "active" : "watching", p->st.active ? "active" :
	    "watching");
	if (d)
		buf_addf(b, "%u of %u distinct signals within %lld days",
		    p->in_window, d->distinct_signals,
		    (long long)(d->within / 86400));
	else
		buf_addch(b, '-');
	buf_addstr(b, "</td><td>");
	add_day(b, p->st.activated_at);
	buf_addstr(b, "</td><td>");
	window_signals(b, r, p);
	buf_addstr(b, "</td></tr>\n");
}

static void
playbooks(struct buf *b, const struct report *r)
{
	static const char *const cols[] = {
		"Playbook", "State", "Window", "Active since",
		"Signals in the window", NULL
	};

	buf_addstr(b, "<section id=\"playbooks\">\n<h2>Playbooks</h2>\n");
	if (!has_rows(b, r->npb, "No playbooks."))
		return;
	table_head(b, cols);
	for (size_t i = 0; i < r->npb; i++)
		playbook_row(b, r, &r->pb[i]);
	buf_addstr(b, "</tbody>\n</table>\n</section>\n");
}

/* the excerpt with the first occurrence of the match inside <mark> */
static void
excerpt(struct buf *b, const struct hit *h)
{
	const char *e = h->excerpt, *m = h->match, *at;

	if (e == NULL || *e == '\0') {
		if (m && *m) {
			buf_addstr(b, "<mark>");
			html_text(b, m);
			buf_addstr(b, "</mark>");
		}
		return;
	}
	at = m && *m ? strstr(e, m) : NULL;
	if (at == NULL) {
		html_text(b, e);
		return;
	}
	html_text_n(b, e, (size_t)(at - e));
	buf_addstr(b, "<mark>");
	html_text(b, m);
	buf_addstr(b, "</mark>");
	html_text(b, at + strlen(m));
}

static void
triage_cell(struct buf *b, const struct rep_hit *rh)
{
	static const char *const cls[] = { "none", "fp", "ack" };
	static const char *const label[] = { "untriaged", "false positive",
	    "acknowledged" };

	buf_addf(b, "<td class=\"triage\"><span class=\"badge tri-%s\">%s"
	    "</span>", cls[rh->verdict], label[rh->verdict]);
	if (rh->verdict == REP_UNTRIAGED) {
		buf_addstr(b, "<br><code class=\"id\">");
		html_text(b, rh->h.id);
		buf_addstr(b, "</code></td>");
		return;
	}
	if (rh->note) {
		buf_addstr(b, "<br><span class=\"note\">");
		html_text(b, rh->note);
		buf_addstr(b, "</span>");
	}
	buf_addstr(b, "<br><span class=\"muted small\">");
	html_text(b, rh->author ? rh->author : "unknown");
	buf_addstr(b, ", ");
	add_day(b, rh->triaged_at);
	buf_addstr(b, "</span></td>");
}

static void
hit_row(struct buf *b, const struct rep_hit *rh)
{
	static const char *const tcls[] = { "none", "fp", "ack" };
	const struct hit *h = &rh->h;
	const char *sev = severity_name(h->severity);

	buf_addf(b, "<tr class=\"hit triage-%s\" id=\"hit-", tcls[rh->verdict]);
	html_text(b, h->id);
	buf_addstr(b, "\"><td>");
	add_day(b, h->at);
	if (h->published != TIME_NONE) {
		buf_addstr(b, "<br><span class=\"muted small\">published ");
		add_day(b, h->published);
		buf_addstr(b, "</span>");
	}
	buf_addf(b, "</td><td><span class=\"badge sev-%s\">%s</span></td><td>",
	    sev, sev);
	html_text(b, h->competitor ? h->competitor : "-");
	buf_addstr(b, "</td><td><code>");
	html_text(b, h->rule);
	buf_addstr(b, "</code>");
	if (h->playbook) {
		buf_addstr(b, "<br><span class=\"muted small\">");
		html_text(b, h->playbook);
		buf_addstr(b, "</span>");
	}
	buf_addstr(b, "</td><td class=\"title\">");
	add_link(b, h->link, h->title);
	buf_addstr(b, "<br><span class=\"muted small\">");
	html_text(b, h->source);
	buf_addstr(b, h->baseline ? " &middot; baseline" : "");
	buf_addstr(b, h->silenced ? " &middot; silenced" : "");
	buf_addstr(b, "</span></td><td class=\"excerpt\">");
	excerpt(b, h);
	buf_addstr(b, "</td>");
	triage_cell(b, rh);
	buf_addstr(b, "</tr>\n");
}

static void
hits(struct buf *b, const struct report *r)
{
	static const char *const cols[] = {
		"Seen", "Severity", "Competitor", "Rule", "Item", "Match",
		"Triage", NULL
	};

	buf_addstr(b, "<section id=\"hits\">\n<h2>Hits since ");
	add_day(b, r->since);
	buf_addf(b, " <span class=\"muted\">(%zu)</span></h2>\n",
	    r->period_hits);
	if (!has_rows(b, r->nhits, "No hits in the period."))
		return;
	if (r->nhits < r->period_hits)
		buf_addf(b, "<p class=\"muted\">The newest %zu are listed "
		    "(sigwatch hits lists them all).</p>\n", r->nhits);
	table_head(b, cols);
	for (size_t i = 0; i < r->nhits; i++)
		hit_row(b, &r->hits[i]);
	buf_addstr(b, "</tbody>\n</table>\n</section>\n");
}

/* health class and words of a source */
static const char *
health(const struct rep_source *s, struct buf *words)
{
	unsigned f = s->sr.failures > s->ss.consecutive_failures ?
	    s->sr.failures : s->ss.consecutive_failures;

	if (s->ss.broken) {
		buf_addf(words, "broken (%u failures)", f);
		return "broken";
	}
	if (f) {
		buf_addf(words, "failing (%u)", f);
		return "failing";
	}
	if (s->sr.last_ok == TIME_NONE && !s->ss.exists) {
		buf_addstr(words, "never fetched");
		return "never";
	}
	buf_addstr(words, "ok");
	return "ok";
}

static void
source_row(struct buf *b, const struct rep_source *s)
{
	struct buf words = BUF_INIT;
	const char *cls = health(s, &words);
	const char *err = s->sr.error ? s->sr.error : s->ss.last_error;

	buf_addf(b, "<tr class=\"source health-%s\"><td><code>", cls);
	html_text(b, s->id);
	buf_addstr(b, "</code><br><span class=\"muted small\">");
	html_text(b, s->def ? s->def->url : s->ss.url);
	buf_addstr(b, "</span></td><td>");
	html_text(b, s->def ? source_kind_name(s->def->kind) :
	    "(removed)");
	buf_addstr(b, "</td><td>");
	html_text(b, s->def && s->def->competitor ? s->def->competitor : "-");
	buf_addf(b, "</td><td><span class=\"badge h-%s\">%s</span></td><td>",
	    cls, words.data);
	add_time(b, s->sr.last_ok);
	buf_addstr(b, "</td><td>");
	add_time(b, s->sr.last_attempt);
	buf_addf(b, "</td><td>%zu</td><td class=\"small\">", s->ss.items);
	html_text(b, err && (s->sr.failures || s->ss.consecutive_failures) ?
	    err : "");
	buf_addstr(b, "</td></tr>\n");
	buf_release(&words);
}

static int
health_rank(const struct rep_source *s)
{
	struct buf w = BUF_INIT;
	const char *c = health(s, &w);

	buf_release(&w);
	return strcmp(c, "broken") == 0 ? 0 : strcmp(c, "failing") == 0 ? 1 :
	    2;
}

static void
sources(struct buf *b, const struct report *r)
{
	static const char *const cols[] = {
		"Source", "Kind", "Competitor", "Health", "Last OK",
		"Last attempt", "Items", "Last error", NULL
	};

	buf_addstr(b, "<section id=\"sources\">\n<h2>Source health</h2>\n");
	if (!has_rows(b, r->nsrc, "No sources."))
		return;
	table_head(b, cols);
	/* broken first, then failing, then the rest, each in config order */
	for (int rank = 0; rank < 3; rank++)
		for (size_t i = 0; i < r->nsrc; i++)
			if (health_rank(&r->src[i]) == rank)
				source_row(b, &r->src[i]);
	buf_addstr(b, "</tbody>\n</table>\n</section>\n");
}

void
report_html(struct buf *b, const struct report *r)
{
	page_head(b);
	summary(b, r);
	timeline(b, r);
	playbooks(b, r);
	hits(b, r);
	sources(b, r);
	buf_addstr(b, "<footer class=\"muted small\">Written by sigwatch "
	    "report from the state directory; no script, nothing loaded "
	    "from the network.</footer>\n</main>\n</body>\n</html>\n");
}
