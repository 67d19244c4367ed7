#ifndef SIGWATCH_EXTRACT_H
#define SIGWATCH_EXTRACT_H

#include <stddef.h>

/*
 * HTML to the plain text rules see (DESIGN.md section 5): entities decoded;
 * script, style, template, noscript and comments dropped; attribute values
 * never included; block elements (p, div, li, br, h1-h6, tr, ...) become
 * line breaks, inline elements add nothing ("mesh <b>networking</b>" reads
 * "mesh networking"); runs of spaces and tabs collapse to one space, blank
 * lines collapse, lines are trimmed; the result is valid UTF-8.
 *
 * The input is an HTML fragment or document in UTF-8 (charset NULL) or in
 * the named charset. Never fails: returns a malloc'd string, "" at worst.
 */
char	*extract_text(const char *html, size_t len, const char *charset);

/* plain text (not HTML) normalised the same way: whitespace collapsed,
 * valid UTF-8. malloc'd. */
char	*extract_plain(const char *text, size_t len);

#endif
