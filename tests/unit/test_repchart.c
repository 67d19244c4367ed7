#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "repchart.h"
#include "t.h"
#include "util.h"
#include "xmalloc.h"

/* repchart: the report's SVG charts over reports built by hand */

#define NOW	1795420800	/* 2026-11-23: timeline 2025-12 .. 2026-11 */
#define DAY	86400

static void
report_at(struct report *r)
{
	memset(r, 0, sizeof(*r));
	r->now = NOW;
	r->since = NOW;
	r->month0 = month_index(NOW) - (REPORT_MONTHS - 1);
}

/* count signals of competitor name in month m (0 = oldest) */
static void
comp_add(struct report *r, const char *name, unsigned m, unsigned count)
{
	struct rep_series *s = NULL;

	for (size_t i = 0; i < r->ncomp; i++)
		if (strcmp(r->comp[i].name, name) == 0)
			s = &r->comp[i];
	if (s == NULL) {
		r->comp = xreallocarray(r->comp, r->ncomp + 1, sizeof(*s));
		s = &r->comp[r->ncomp++];
		memset(s, 0, sizeof(*s));
		s->name = xstrdup(name);
	}
	s->count[m] += count;
	s->total += count;
}

static struct rep_playbook *
pb_add(struct report *r, const char *id, const struct playbook *def,
    int64_t activated_at)
{
	struct rep_playbook *p;

	r->pb = xreallocarray(r->pb, r->npb + 1, sizeof(*p));
	p = &r->pb[r->npb++];
	memset(p, 0, sizeof(*p));
	p->id = xstrdup(id);
	p->months.name = xstrdup(id);
	p->def = def;
	p->st.id = xstrdup(id);
	p->st.activated_at = activated_at;
	return p;
}

static size_t
count_of(const char *hay, const char *needle)
{
	size_t n = 0;

	for (const char *p = hay; (p = strstr(p, needle)) != NULL; p++)
		n++;
	return n;
}

/* the integer attribute attr of the <rect> whose <title> is title */
static int
mark_attr(const char *svg, const char *title, const char *attr)
{
	char t[256], a[32];
	const char *end, *start, *p;
	int v = -1;

	snprintf(t, sizeof(t), "<title>%s</title>", title);
	snprintf(a, sizeof(a), " %s=\"", attr);
	if ((end = strstr(svg, t)) == NULL)
		return -1;
	for (start = end; start > svg && strncmp(start, "<rect ", 6) != 0;
	    start--)
		;
	if ((p = strstr(start, a)) != NULL && p < end)
		sscanf(p + strlen(a), "%d", &v);
	return v;
}

static void
test_repchart__stacked_bars(void)
{
	struct report r;
	struct buf b = BUF_INIT;

	report_at(&r);
	comp_add(&r, "Acme", 0, 1);
	comp_add(&r, "Acme", 11, 3);
	comp_add(&r, "Globex", 11, 2);
	repchart_competitors(&b, &r);
	/* one mark per competitor and month with signals, with its tooltip */
	T_EQ_INT(count_of(b.data, "<rect class=\"mark "), 3);
	T_CONTAINS(b.data, "<rect class=\"mark competitor-acme c0\" "
	    "data-competitor=\"Acme\" data-month=\"2025-12\"");
	T_CONTAINS(b.data, "<title>Acme, 2025-12: 1 signal</title>");
	T_CONTAINS(b.data, "<title>Acme, 2026-11: 3 signals</title>");
	T_CONTAINS(b.data, "<rect class=\"mark competitor-globex c1\" "
	    "data-competitor=\"Globex\" data-month=\"2026-11\"");
	/* stacked: Globex sits on Acme, the tallest bar fills the plot
	 * (16 to 212) as the y axis ends at 5 */
	T_EQ_INT(mark_attr(b.data, "Globex, 2026-11: 2 signals", "y") +
	    mark_attr(b.data, "Globex, 2026-11: 2 signals", "height"),
	    mark_attr(b.data, "Acme, 2026-11: 3 signals", "y"));
	T_EQ_INT(mark_attr(b.data, "Globex, 2026-11: 2 signals", "y"), 16);
	T_EQ_INT(mark_attr(b.data, "Acme, 2026-11: 3 signals", "y") +
	    mark_attr(b.data, "Acme, 2026-11: 3 signals", "height"), 212);
	T_EQ_INT(count_of(b.data, "<line class=\"grid\""), 6);	/* 0..5 */
	T_CONTAINS(b.data, "text-anchor=\"end\">5</text>");
	/* month names, the year under the first column and January */
	T_CONTAINS(b.data, "text-anchor=\"middle\">Dec</text>");
	T_EQ_INT(count_of(b.data, "text-anchor=\"middle\">2025</text>"), 1);
	T_EQ_INT(count_of(b.data, "text-anchor=\"middle\">2026</text>"), 1);
	T_CONTAINS(b.data, "<ul class=\"legend\">\n<li><span class=\"sw c0\">"
	    "</span>Acme <span class=\"muted\">4</span></li>\n");
	report_release(&r);
	buf_release(&b);
}

/* colours repeat after ten competitors */
static void
test_repchart__palette_wraps(void)
{
	struct report r;
	struct buf b = BUF_INIT;
	char name[16];

	report_at(&r);
	for (int i = 0; i < 12; i++) {
		snprintf(name, sizeof(name), "k%d", i);
		comp_add(&r, name, 5, 1);
	}
	repchart_competitors(&b, &r);
	T_CONTAINS(b.data, "competitor-k9 c9\"");
	T_CONTAINS(b.data, "competitor-k10 c0\"");
	T_CONTAINS(b.data, "competitor-k11 c1\"");
	T_CONTAINS(b.data, ">12</text>");	/* the bar's total */
	buf_reset(&b);
	repchart_css(&b);
	T_CONTAINS(b.data, ".c9{fill:#bab0ac;background:#bab0ac}\n");
	T_ASSERT(strstr(b.data, ".c10{") == NULL);
	report_release(&r);
	buf_release(&b);
}

static void
test_repchart__empty(void)
{
	struct report r;
	struct buf b = BUF_INIT;

	report_at(&r);
	repchart_competitors(&b, &r);
	T_EQ_STR(b.data, "<p class=\"empty\">No signals in the last 12 "
	    "months.</p>\n");
	buf_reset(&b);
	comp_add(&r, "idle", 3, 0);	/* a competitor without signals */
	repchart_competitors(&b, &r);
	T_EQ_STR(b.data, "<p class=\"empty\">No signals in the last 12 "
	    "months.</p>\n");
	buf_reset(&b);
	repchart_playbooks(&b, &r);
	T_EQ_STR(b.data, "<p class=\"empty\">No playbooks.</p>\n");
	report_release(&r);
	buf_release(&b);
}

/* names from the state never leave their text or attribute */
static void
test_repchart__hostile_names(void)
{
	struct report r;
	struct buf b = BUF_INIT;

	report_at(&r);
	comp_add(&r, "\"><script>x</script>\xff", 11, 1);
	pb_add(&r, "\"><svg onload=x>", NULL, TIME_NONE)->months.count[11] = 1;
	repchart_competitors(&b, &r);
	repchart_playbooks(&b, &r);
	T_ASSERT(strstr(b.data, "<script") == NULL);
	T_ASSERT(strstr(b.data, "<svg onload") == NULL);
	T_CONTAINS(b.data, "class=\"mark competitor-script-x-script c0\" "
	    "data-competitor=\"&quot;&gt;&lt;script&gt;");
	T_CONTAINS(b.data, "<title>&quot;&gt;&lt;script&gt;x&lt;/script&gt;"
	    "\xef\xbf\xbd, 2026-11: 1 signal</title>");
	T_CONTAINS(b.data, "class=\"mark pb playbook-svg-onload-x\"");
	T_ASSERT(utf8_valid(b.data, b.len));
	report_release(&r);
	buf_release(&b);
}

static void
test_repchart__playbook_strip(void)
{
	struct playbook def = { .id = (char *)"p", .within = 90 * DAY };
	struct report r;
	struct rep_playbook *p;
	struct buf b = BUF_INIT;

	report_at(&r);
	p = pb_add(&r, "acme-launch", &def, NOW - 30 * DAY);
	p->months.count[10] = 4;
	p->months.count[11] = 1;
	pb_add(&r, "old", NULL, NOW - 400 * DAY)->months.count[0] = 2;
	repchart_playbooks(&b, &r);
	T_EQ_INT(count_of(b.data, "<rect class=\"mark pb playbook-"), 3);
	T_CONTAINS(b.data, "<title>acme-launch, 2026-10: 4 signals</title>");
	/* darker for more: the busiest cell is opaque */
	T_CONTAINS(b.data, "data-month=\"2026-10\" x=\"");
	T_CONTAINS(b.data, "fill-opacity=\"1.00\"><title>acme-launch, 2026-10");
	T_CONTAINS(b.data, "fill-opacity=\"0.51\"><title>acme-launch, 2026-11");
	/* the window of the defined playbook only; the activation in range
	 * only (the other one's is before the timeline) */
	T_EQ_INT(count_of(b.data, "class=\"window\""), 1);
	T_CONTAINS(b.data, "<title>activation window: 90 days</title>");
	T_EQ_INT(count_of(b.data, "class=\"activation\""), 1);
	T_CONTAINS(b.data, "<title>activated 2026-10-24T08:00:00Z</title>");
	T_CONTAINS(b.data, "viewBox=\"0 0 760 90\"");	/* 2 rows */
	report_release(&r);
	buf_release(&b);
}

/* a window longer than the timeline starts at its left edge; a long id
 * is cut on a character boundary, the tooltip keeps all of it */
static void
test_repchart__clamps_and_cuts(void)
{
	struct playbook def = { .id = (char *)"p", .within = 3650 * DAY };
	static const char id[] = "\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9"
	    "\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9"
	    "\xc3\xa9\xc3\xa9\xc3\xa9";	/* 16 x U+00E9, 32 bytes */
	struct report r;
	struct buf b = BUF_INIT;

	report_at(&r);
	pb_add(&r, id, &def, TIME_NONE)->months.count[2] = 1;
	repchart_playbooks(&b, &r);
	T_CONTAINS(b.data, "<rect class=\"window\" x=\"200\"");
	T_CONTAINS(b.data, "text-anchor=\"end\">\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9"
	    "\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9"
	    "\xc3\xa9\xc3\xa9\xe2\x80\xa6</text>");
	T_CONTAINS(b.data, "<title>");
	T_CONTAINS(b.data, id);
	T_EQ_INT(count_of(b.data, "class=\"activation\""), 0);
	report_release(&r);
	buf_release(&b);
}

/* counts near UINT_MAX: the axis still ends above the tallest bar, and
 * drawing ends (it used to loop forever in the axis step) */
static void
test_repchart__huge_counts(void)
{
	struct report r;
	struct buf b = BUF_INIT;

	alarm(20);
	report_at(&r);
	comp_add(&r, "a", 11, UINT_MAX);
	comp_add(&r, "b", 11, UINT_MAX);
	comp_add(&r, "a", 3, 3000000000u);
	repchart_competitors(&b, &r);
	alarm(0);
	T_CONTAINS(b.data, "<title>a, 2026-11: 4294967295 signals</title>");
	/* the bar's total and the axis, over 32 bits */
	T_CONTAINS(b.data, ">8589934590</text>");
	T_CONTAINS(b.data, "text-anchor=\"end\">10000000000</text>");
	T_EQ_INT(mark_attr(b.data, "b, 2026-11: 4294967295 signals", "y"),
	    212 - (int)(8589934590LL * 196 / 10000000000LL));
	T_ASSERT(mark_attr(b.data, "a, 2026-03: 3000000000 signals",
	    "height") > 0);
	report_release(&r);
	buf_release(&b);
}

T_MAIN(T_CASE(test_repchart__stacked_bars),
    T_CASE(test_repchart__palette_wraps),
    T_CASE(test_repchart__empty),
    T_CASE(test_repchart__hostile_names),
    T_CASE(test_repchart__playbook_strip),
    T_CASE(test_repchart__clamps_and_cuts),
    T_CASE(test_repchart__huge_counts))
