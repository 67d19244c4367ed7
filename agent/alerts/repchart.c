#include "repchart.h"

#include <stdint.h>
#include <string.h>

#include "date.h"
#include "html.h"
#include "util.h"

#define NCOLORS	10	/* palette size; competitors beyond it repeat */

/* bar chart geometry (SVG user units) */
#define BAR_W	760
#define BAR_H	250
#define BAR_L	44	/* left of the plot: axis labels */
#define BAR_T	16
#define BAR_B	212	/* bottom of the plot; month labels below */
#define SLOT	((BAR_W - BAR_L - 8) / REPORT_MONTHS)

/* playbook strip geometry */
#define STRIP_L	200	/* playbook ids on the left */
#define STRIP_ROW 28
#define STRIP_CELL ((BAR_W - STRIP_L - 8) / REPORT_MONTHS)

static const char *const palette[NCOLORS] = {
	"#4e79a7", "#f28e2b", "#59a14f", "#e15759", "#76b7b2",
	"#edc948", "#b07aa1", "#ff9da7", "#9c755f", "#bab0ac"
};

static const char *const month_abbr[12] = {
	"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep",
	"Oct", "Nov", "Dec"
};

void
repchart_css(struct buf *b)
{
	for (int i = 0; i < NCOLORS; i++)
		buf_addf(b, ".c%d{fill:%s;background:%s}\n", i, palette[i],
		    palette[i]);
	buf_addstr(b,
	    "svg.chart{width:100%;max-width:900px;height:auto;display:block}\n"
	    "svg.chart text{font:11px system-ui,sans-serif;fill:#444}\n"
	    "svg.chart .grid{stroke:#e3e3e3;stroke-width:1}\n"
	    "svg.chart .axis{stroke:#999;stroke-width:1}\n"
	    "svg.chart .pb{fill:#6a3d9a}\n"
	    "svg.chart .window{fill:#fff3c4}\n"
	    "svg.chart .activation{fill:#d62728;stroke:#fff;stroke-width:1.5}\n"
	    "svg.chart text.n{fill:#fff;font-weight:600;text-anchor:middle}\n"
	    "svg.chart rect.mark:hover{stroke:#222;stroke-width:1.5}\n");
}

/* a step of 1, 2 or 5 times a power of ten giving at most 5 grid lines
 * (64-bit: near UINT_MAX, 25 * p wrapped and the search never ended) */
static uint64_t
nice_step(uint64_t max)
{
	uint64_t p = 1;

	for (;;) {
		if (max <= 5 * p)
			return p;
		if (max <= 10 * p)
			return 2 * p;
		if (max <= 25 * p)
			return 5 * p;
		p *= 10;
	}
}

/* unix time of the first second of the timeline's i-th month */
static int64_t
month_start(const struct report *r, unsigned i)
{
	unsigned m = r->month0 + i;

	return date_days_from_civil(m / 12, m % 12 + 1, 1) * 86400;
}

/* month names under columns starting at x0, slot wide; year on January
 * and on the first column */
static void
month_labels(struct buf *b, const struct report *r, int x0, int slot, int y)
{
	for (unsigned i = 0; i < REPORT_MONTHS; i++) {
		unsigned m = r->month0 + i;
		int x = x0 + (int)i * slot + slot / 2;

		buf_addf(b, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">%s"
		    "</text>", x, y, month_abbr[m % 12]);
		if (i == 0 || m % 12 == 0)
			buf_addf(b, "<text x=\"%d\" y=\"%d\" "
			    "text-anchor=\"middle\">%u</text>", x, y + 13,
			    m / 12);
	}
	buf_addch(b, '\n');
}

/* 64-bit: the sum of a month's counts may not fit their type */
static uint64_t
month_total(const struct report *r, unsigned m)
{
	uint64_t t = 0;

	for (size_t c = 0; c < r->ncomp; c++)
		t += r->comp[c].count[m];
	return t;
}

/* the y of value v on a plot whose axis ends at ymax */
static int
bar_y(uint64_t v, uint64_t ymax)
{
	return BAR_B - (int)(v * (BAR_B - BAR_T) / ymax);
}

static void
y_axis(struct buf *b, uint64_t ymax, uint64_t step)
{
	for (uint64_t v = 0; v <= ymax; v += step) {
		int y = bar_y(v, ymax);

		buf_addf(b, "<line class=\"grid\" x1=\"%d\" x2=\"%d\" "
		    "y1=\"%d\" y2=\"%d\"/><text x=\"%d\" y=\"%d\" "
		    "text-anchor=\"end\">%llu</text>\n", BAR_L, BAR_W - 8, y, y,
		    BAR_L - 6, y + 4, (unsigned long long)v);
	}
	buf_addf(b, "<line class=\"axis\" x1=\"%d\" x2=\"%d\" y1=\"%d\" "
	    "y2=\"%d\"/>\n", BAR_L, BAR_W - 8, BAR_B, BAR_B);
}

/* one stacked bar: a segment per competitor with signals that month */
static void
bar(struct buf *b, const struct report *r, unsigned m, uint64_t ymax)
{
	int x = BAR_L + (int)m * SLOT + SLOT / 5, w = SLOT * 3 / 5;
	uint64_t below = 0, total = month_total(r, m);
	char month[8];

	report_month(month, r, m);
	for (size_t c = 0; c < r->ncomp; c++) {
		const struct rep_series *s = &r->comp[c];
		int y0, y1;

		if (s->count[m] == 0)
			continue;
		y0 = bar_y(below, ymax);
		below += s->count[m];
		y1 = bar_y(below, ymax);
		buf_addstr(b, "<rect class=\"mark competitor-");
		html_class(b, s->name);
		buf_addf(b, " c%zu\" data-competitor=\"", c % NCOLORS);
		html_text(b, s->name);
		buf_addf(b, "\" data-month=\"%s\" x=\"%d\" y=\"%d\" "
		    "width=\"%d\" height=\"%d\"><title>", month, x, y1, w,
		    y0 - y1 > 1 ? y0 - y1 : 1);
		html_text(b, s->name);
		buf_addf(b, ", %s: %u signal%s</title></rect>\n", month,
		    s->count[m], s->count[m] == 1 ? "" : "s");
	}
	if (total)
		buf_addf(b, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">"
		    "%llu</text>\n", x + w / 2, bar_y(total, ymax) - 4,
		    (unsigned long long)total);
}

static void
legend(struct buf *b, const struct report *r)
{
	buf_addstr(b, "<ul class=\"legend\">\n");
	for (size_t c = 0; c < r->ncomp; c++) {
		buf_addf(b, "<li><span class=\"sw c%zu\"></span>",
		    c % NCOLORS);
		html_text(b, r->comp[c].name);
		buf_addf(b, " <span class=\"muted\">%u</span></li>\n",
		    r->comp[c].total);
	}
	buf_addstr(b, "</ul>\n");
}

void
repchart_competitors(struct buf *b, const struct report *r)
{
	uint64_t max = 0, step, ymax;

	for (unsigned m = 0; m < REPORT_MONTHS; m++)
		if (month_total(r, m) > max)
			max = month_total(r, m);
	if (max == 0) {
		buf_addstr(b, "<p class=\"empty\">No signals in the last 12 "
		    "months.</p>\n");
		return;
	}
	step = nice_step(max);
	ymax = (max + step - 1) / step * step;
	buf_addf(b, "<svg class=\"chart\" id=\"chart-competitors\" "
	    "viewBox=\"0 0 %d %d\" role=\"img\" aria-labelledby=\"cc-t\" "
	    "xmlns=\"http://www.w3.org/2000/svg\"><title id=\"cc-t\">Signals "
	    "per month and competitor</title>\n", BAR_W, BAR_H);
	y_axis(b, ymax, step);
	for (unsigned m = 0; m < REPORT_MONTHS; m++)
		bar(b, r, m, ymax);
	month_labels(b, r, BAR_L, SLOT, BAR_B + 16);
	buf_addstr(b, "</svg>\n");
	legend(b, r);
}

/* x of time t on the strip (clamped to the timeline) */
static int
strip_x(const struct report *r, int64_t t)
{
	int64_t s0 = month_start(r, 0), s1;
	unsigned i;

	if (t <= s0)
		return STRIP_L;
	for (i = 0; i < REPORT_MONTHS; i++) {
		s1 = month_start(r, i + 1);
		if (t < s1)
			return STRIP_L + (int)i * STRIP_CELL + (int)((t -
			    month_start(r, i)) * STRIP_CELL / (s1 -
			    month_start(r, i)));
	}
	return STRIP_L + REPORT_MONTHS * STRIP_CELL;
}

/* the band of a row's current activation window (under its marks) */
static void
strip_window(struct buf *b, const struct report *r,
    const struct rep_playbook *p, int y)
{
	int x;

	if (p->def == NULL)
		return;
	x = strip_x(r, r->now - p->def->within);
	buf_addf(b, "<rect class=\"window\" x=\"%d\" y=\"%d\" width=\"%d\" "
	    "height=\"%d\"><title>activation window: %lld days</title>"
	    "</rect>", x, y + 1, strip_x(r, r->now) - x + 1, STRIP_ROW - 2,
	    (long long)(p->def->within / 86400));
}

/* a diamond where the playbook turned active (over its marks) */
static void
strip_activation(struct buf *b, const struct report *r,
    const struct rep_playbook *p, int y)
{
	char at[32];

	if (p->st.activated_at == TIME_NONE ||
	    p->st.activated_at < month_start(r, 0))
		return;
	fmt_time(at, p->st.activated_at);
	buf_addf(b, "<path class=\"activation\" d=\"M%d %dl7 7l-7 7l-7 -7z\">"
	    "<title>activated %s</title></path>", strip_x(r,
	    p->st.activated_at), y + STRIP_ROW / 2 - 7, at);
}

static void
strip_row(struct buf *b, const struct report *r,
    const struct rep_playbook *p, int y, unsigned max)
{
	const struct rep_series *s = &p->months;
	char month[8];
	size_t n = strlen(p->id), cut = utf8_trunc(p->id, n, 28);

	buf_addf(b, "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">",
	    STRIP_L - 8, y + STRIP_ROW / 2 + 4);
	html_text_n(b, p->id, cut);
	buf_addstr(b, cut < n ? "…</text>" : "</text>");
	strip_window(b, r, p, y);
	for (unsigned m = 0; m < REPORT_MONTHS; m++) {
		int x = STRIP_L + (int)m * STRIP_CELL + 2;

		if (s->count[m] == 0)
			continue;
		report_month(month, r, m);
		buf_addstr(b, "<rect class=\"mark pb playbook-");
		html_class(b, p->id);
		buf_addf(b, "\" data-month=\"%s\" x=\"%d\" y=\"%d\" "
		    "width=\"%d\" height=\"%d\" rx=\"3\" fill-opacity=\"%.2f\">"
		    "<title>", month, x, y + 4, STRIP_CELL - 4, STRIP_ROW - 8,
		    0.35 + 0.65 * s->count[m] / max);
		html_text(b, p->id);
		buf_addf(b, ", %s: %u signal%s</title></rect><text class=\"n\" "
		    "x=\"%d\" y=\"%d\">%u</text>", month, s->count[m],
		    s->count[m] == 1 ? "" : "s", x + STRIP_CELL / 2 - 2,
		    y + STRIP_ROW / 2 + 4, s->count[m]);
	}
	strip_activation(b, r, p, y);
	buf_addch(b, '\n');
}

void
repchart_playbooks(struct buf *b, const struct report *r)
{
	unsigned max = 1;
	int h;

	if (r->npb == 0) {
		buf_addstr(b, "<p class=\"empty\">No playbooks.</p>\n");
		return;
	}
	for (size_t i = 0; i < r->npb; i++)
		for (unsigned m = 0; m < REPORT_MONTHS; m++)
			if (r->pb[i].months.count[m] > max)
				max = r->pb[i].months.count[m];
	h = (int)r->npb * STRIP_ROW + 34;
	buf_addf(b, "<svg class=\"chart\" id=\"chart-playbooks\" "
	    "viewBox=\"0 0 %d %d\" role=\"img\" aria-labelledby=\"cp-t\" "
	    "xmlns=\"http://www.w3.org/2000/svg\"><title id=\"cp-t\">Signals "
	    "per month and playbook</title>\n", BAR_W, h);
	for (size_t i = 0; i < r->npb; i++) {
		int y = (int)i * STRIP_ROW;

		buf_addf(b, "<line class=\"grid\" x1=\"%d\" x2=\"%d\" y1=\"%d\" "
		    "y2=\"%d\"/>", STRIP_L, BAR_W - 8, y + STRIP_ROW,
		    y + STRIP_ROW);
		strip_row(b, r, &r->pb[i], y, max);
	}
	month_labels(b, r, STRIP_L, STRIP_CELL, (int)r->npb * STRIP_ROW + 14);
	buf_addstr(b, "</svg>\n");
}
