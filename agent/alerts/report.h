#ifndef SIGWATCH_REPORT_H
#define SIGWATCH_REPORT_H

#include "buf.h"
#include "repdata.h"

/*
 * The report as one self-contained HTML page: inline CSS and SVG, no
 * script, nothing fetched (a Content-Security-Policy of default-src
 * 'none' says so to the browser too), so it works from file:// and from
 * any web server. Sections, each an element with an id a test can find:
 * #summary, #timeline (repchart.h), #playbooks (state and window of each
 * playbook, the signals in its window), #hits (the hits of the period,
 * newest first, one <tr class="hit"> each, with the matched text inside
 * <mark> in its excerpt and its triage state) and #sources (health).
 *
 * Every string from the state is escaped (html.h); links are written only
 * for http(s) URLs, with rel="noopener noreferrer nofollow".
 */
void	report_html(struct buf *out, const struct report *);

#endif
