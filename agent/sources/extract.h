#ifndef SIGWATCH_EXTRACT_H
#define SIGWATCH_EXTRACT_H

#include <stddef.h>

#include "err.h"

/*
 * HTML to the plain text rules see (docs/formats.md, "Text"): entities decoded;
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

/*
 * extract_text() that tells failure from an empty page: ERR_PARSE when
 * libxml2 gave up on the nesting depth (it then returns a document with an
 * empty body, which would read as "all content removed"), ERR_TOOLARGE
 * over 2 GB. On success *out is malloc'd valid UTF-8 ("" for an empty
 * document); on failure *out is NULL.
 */
int	extract_text_checked(char **out, const char *html, size_t len,
	    const char *charset, struct err *)
	    __attribute__((warn_unused_result));

/*
 * The encoding label to give libxml2 for an HTTP/declared charset: NULL
 * or "" is UTF-8, and iso-8859-1/latin1/us-ascii labels are windows-1252
 * (WHATWG Encoding). Other labels are returned as they are (borrowed).
 */
const char *extract_charset(const char *charset);

/* 1 if libxml2 (with iconv) can decode the encoding label */
int	extract_charset_known(const char *label);

/* the code point of windows-1252 byte c (0 when undefined, 0x81...) */
unsigned extract_cp1252(unsigned c);

/* plain text (not HTML) normalised the same way: whitespace collapsed,
 * valid UTF-8. malloc'd. */
char	*extract_plain(const char *text, size_t len);
/* extract_plain() of a string on one line (newlines become spaces) */
char	*extract_one_line(const char *s);

#endif
