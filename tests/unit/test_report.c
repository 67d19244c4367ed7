#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "fetch.h"
#include "html.h"
#include "report.h"
#include "t.h"
#include "util.h"
#include "xmalloc.h"

static void
test_report__text_escapes_every_quote(void)
{
	struct buf b = BUF_INIT;

	html_text(&b, "<a href=\"x\" title='y'>&amp;</a>");
	T_EQ_STR(b.data, "&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;"
	    "&amp;amp;&lt;/a&gt;");
	buf_reset(&b);
	html_text(&b, NULL);
	T_EQ_STR(b.data, "");
	/* invalid UTF-8 repaired, controls dropped */
	html_text_n(&b, "a\xff\x01" "b\tc", 6);
	T_EQ_STR(b.data, "a\xef\xbf\xbd" "b\tc");
	buf_release(&b);
}

static void
test_report__url_only_http(void)
{
	static const char *const bad[] = {
		"javascript:alert(1)", " JaVaScRiPt:alert(1)",
		"java\tscript:alert(1)", "data:text/html,<script>",
		"vbscript:x", "/relative/path", "//host/x", "", "file:///etc/passwd",
		"ftp://x.example/", "http://", NULL
	};
	struct buf b = BUF_INIT;

	for (size_t i = 0; bad[i]; i++) {
		T_EQ_INT(html_url(&b, bad[i]), -1);
		T_EQ_STR(b.data, "");
	}
	T_EQ_INT(html_url(&b, NULL), -1);
	T_EQ_INT(html_url(&b, "https://x.example/a?b=1&c=\"2\"<3>"), 0);
	/* as libcurl normalised it, then escaped: no raw quote or bracket */
	T_ASSERT(strchr(b.data, '"') == NULL && strchr(b.data, '<') == NULL);
	T_CONTAINS(b.data, "https://x.example/a?b=1&amp;c=");
	buf_reset(&b);
	T_EQ_INT(html_url(&b, " \thttp://x.example/p q\n"), 0);
	T_EQ_STR(b.data, "http://x.example/p%20q");
	buf_release(&b);
}

static void
test_report__class_names(void)
{
	struct buf b = BUF_INIT;

	html_class(&b, "Globex & Co.");
	T_EQ_STR(b.data, "globex-co");
	buf_reset(&b);
	html_class(&b, "\"><script>");
	T_EQ_STR(b.data, "script");
	buf_reset(&b);
	html_class(&b, "???");
	T_EQ_STR(b.data, "x");
	buf_release(&b);
}

/* a report with one hostile hit, built by hand */
static void
hostile(struct report *r)
{
	struct rep_hit *h;

	memset(r, 0, sizeof(*r));
	r->now = 1790000000;
	r->since = r->now - 86400;
	r->month0 = month_index(r->now) - (REPORT_MONTHS - 1);
	r->comp = xcalloc(1, sizeof(*r->comp));
	r->comp[0].name = xstrdup("\"><script>alert(1)</script>");
	r->comp[0].count[REPORT_MONTHS - 1] = 2;
	r->comp[0].total = 2;
	r->ncomp = 1;
	r->hits = h = xcalloc(1, sizeof(*r->hits));
	r->nhits = r->period_hits = 1;
	snprintf(h->h.id, sizeof(h->h.id), "\"><b>");
	h->h.at = r->now;
	h->h.published = TIME_NONE;
	h->h.rule = xstrdup("r<1>");
	h->h.competitor = xstrdup("a&b");
	h->h.source = xstrdup("s");
	h->h.title = xstrdup("<img src=x onerror=alert(1)>");
	h->h.link = xstrdup("javascript:alert(1)");
	h->h.match = xstrdup("<m>");
	h->h.excerpt = xstrdup("x <m> y");
	h->verdict = REP_FP;
	h->note = xstrdup("\"onmouseover=alert(1)");
	h->author = xstrdup("<a>");
	h->triaged_at = r->now;
}

static void
test_report__page_escapes_state_text(void)
{
	struct report r;
	struct buf b = BUF_INIT;

	hostile(&r);
	report_html(&b, &r);
	T_ASSERT(strstr(b.data, "<script") == NULL);
	T_ASSERT(strstr(b.data, "<img") == NULL);
	T_ASSERT(strstr(b.data, "\"><b>") == NULL);
	T_ASSERT(strstr(b.data, "javascript:") == NULL);
	T_ASSERT(strstr(b.data, "\"onmouseover") == NULL);
	T_CONTAINS(b.data, "&lt;img src=x onerror=alert(1)&gt;");
	T_CONTAINS(b.data, "x <mark>&lt;m&gt;</mark> y");
	T_CONTAINS(b.data, "id=\"hit-&quot;&gt;&lt;b&gt;\"");
	T_CONTAINS(b.data, "class=\"mark competitor-script-alert-1-script c0\""
	    " data-competitor=\"&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;"
	    "\"");
	T_CONTAINS(b.data, "&quot;onmouseover=alert(1)");
	T_CONTAINS(b.data, "Content-Security-Policy");
	report_release(&r);
	buf_release(&b);
}

static void
test_report__empty_state(void)
{
	struct report r;
	struct buf b = BUF_INIT;

	memset(&r, 0, sizeof(r));
	r.now = 1790000000;
	r.since = r.now;
	r.month0 = month_index(r.now) - (REPORT_MONTHS - 1);
	report_html(&b, &r);
	T_CONTAINS(b.data, "No signals in the last 12 months.");
	T_CONTAINS(b.data, "No hits in the period.");
	T_CONTAINS(b.data, "</html>\n");
	report_release(&r);
	buf_release(&b);
}

T_MAIN(T_CASE(test_report__text_escapes_every_quote),
    T_CASE(test_report__url_only_http),
    T_CASE(test_report__class_names),
    T_CASE(test_report__page_escapes_state_text),
    T_CASE(test_report__empty_state))
