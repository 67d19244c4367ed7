#ifndef SIGWATCH_HTML_H
#define SIGWATCH_HTML_H

#include <stddef.h>

#include "buf.h"

/*
 * Writing HTML that quotes untrusted text (titles, excerpts, notes and ids
 * from the state). Every helper escapes & < > " and ' so its output is
 * safe both as element text and inside a double- or single-quoted
 * attribute value; invalid UTF-8 becomes U+FFFD and control characters
 * other than tab and line breaks are dropped.
 */

/* s (may be NULL: nothing), escaped */
void	html_text(struct buf *, const char *s);
void	html_text_n(struct buf *, const char *s, size_t len);

/*
 * A URL for an href: when url is an absolute http or https URL, appends
 * it as libcurl's URL API normalises it (so what the browser follows is
 * what was checked), escaped, and returns 0; appends nothing and returns
 * -1 otherwise (javascript:, data:, relative or unparsable), so a caller
 * can render plain text instead of a link.
 */
int	html_url(struct buf *, const char *url);

/*
 * A CSS class name fragment for an arbitrary name: ASCII letters and
 * digits lowercased, every other run of bytes one '-', at most 48 bytes,
 * "x" when nothing is left ("Acme Inc." -> "acme-inc").
 */
void	html_class(struct buf *, const char *name);

#endif
