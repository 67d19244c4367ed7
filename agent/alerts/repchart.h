#ifndef SIGWATCH_REPCHART_H
#define SIGWATCH_REPCHART_H

#include "buf.h"
#include "repdata.h"

/*
 * The report's charts as inline SVG (no script, no external resource),
 * drawn over the report's REPORT_MONTHS months. Every data mark is an
 * element of class "mark" carrying a <title> (the browser's tooltip), so
 * a test can count marks and read what each one says:
 *
 *   repchart_competitors: stacked monthly bars, one <rect class="mark
 *	competitor-NAME cN"> per competitor and month with signals (NAME as
 *	html_class() writes it, cN its colour), data-competitor and
 *	data-month attributes; then a legend (an HTML list).
 *   repchart_playbooks: one row per playbook, one <rect class="mark
 *	playbook-ID"> per month with signals (darker for more), the current
 *	activation window as a band (class "window") and the activation
 *	time, when in range, as a diamond (class "activation").
 *
 * Text from the state is escaped with html.h.
 */
void	repchart_competitors(struct buf *, const struct report *);
void	repchart_playbooks(struct buf *, const struct report *);
/* the CSS the charts' classes need (colours cN, window, activation) */
void	repchart_css(struct buf *);

#endif
