#include "html.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "url.h"
#include "util.h"

/* what text and attribute values must not hold as themselves; other
 * control characters are dropped */
static const char *const entities[UCHAR_MAX + 1] = {
	['&'] = "&amp;", ['<'] = "&lt;", ['>'] = "&gt;", ['"'] = "&quot;",
	['\''] = "&#39;",
};

void
html_text_n(struct buf *b, const char *s, size_t len)
{
	struct buf tmp = BUF_INIT;
	const char *p;
	size_t i;

	if (s == NULL)
		return;
	p = s;
	if (!utf8_valid(s, len)) {
		buf_add(&tmp, s, len);
		utf8_repair(&tmp);
		p = tmp.data;
		len = tmp.len;
	}
	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)p[i];

		if (entities[c] != NULL)
			buf_addstr(b, entities[c]);
		else if (c >= 0x20 || c == '\t' || c == '\n' || c == '\r')
			buf_addch(b, c);
	}
	buf_release(&tmp);
}

void
html_text(struct buf *b, const char *s)
{
	if (s)
		html_text_n(b, s, strlen(s));
}

int
html_url(struct buf *b, const char *url)
{
	char *norm;

	/* written as libcurl understood it, so the browser and the check
	 * see the same URL (tabs, spaces and odd bytes already cleaned) */
	if (url == NULL || (norm = url_resolve("", url)) == NULL)
		return -1;
	if (url_check(norm, NULL) != 0) {
		free(norm);
		return -1;
	}
	html_text(b, norm);
	free(norm);
	return 0;
}

void
html_class(struct buf *b, const char *name)
{
	size_t n = 0;
	int dash = 0;

	for (const char *p = name ? name : ""; *p && n < 48; p++) {
		char c = *p;

		if (c >= 'A' && c <= 'Z')
			c = (char)(c - 'A' + 'a');
		if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
			if (dash && n > 0) {
				buf_addch(b, '-');
				n++;
			}
			buf_addch(b, c);
			n++;
			dash = 0;
		} else
			dash = 1;
	}
	if (n == 0)
		buf_addch(b, 'x');
}
