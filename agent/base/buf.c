#include "buf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xmalloc.h"

char buf_empty[1];

void
buf_init(struct buf *b)
{
	b->data = buf_empty;
	b->len = 0;
	b->alloc = 0;
}

void
buf_grow(struct buf *b, size_t extra)
{
	size_t want = b->len + extra + 1;
	size_t n;

	if (want <= b->alloc)
		return;
	n = b->alloc ? b->alloc : 64;
	while (n < want)
		n = n < (1u << 20) ? n * 2 : n + n / 2;
	if (b->alloc == 0) {
		b->data = xmalloc(n);
		b->data[0] = '\0';
	} else
		b->data = xrealloc(b->data, n);
	b->alloc = n;
}

void
buf_add(struct buf *b, const void *p, size_t n)
{
	if (n == 0)
		return;
	buf_grow(b, n);
	memcpy(b->data + b->len, p, n);
	b->len += n;
	b->data[b->len] = '\0';
}

void
buf_addstr(struct buf *b, const char *s)
{
	buf_add(b, s, strlen(s));
}

void
buf_addch(struct buf *b, int c)
{
	buf_grow(b, 1);
	b->data[b->len++] = (char)c;
	b->data[b->len] = '\0';
}

void
buf_add_utf8(struct buf *b, unsigned long cp)
{
	if (cp == 0 || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
		cp = 0xfffd;
	if (cp < 0x80)
		buf_addch(b, (int)cp);
	else if (cp < 0x800) {
		buf_addch(b, (int)(0xc0 | (cp >> 6)));
		buf_addch(b, (int)(0x80 | (cp & 0x3f)));
	} else if (cp < 0x10000) {
		buf_addch(b, (int)(0xe0 | (cp >> 12)));
		buf_addch(b, (int)(0x80 | ((cp >> 6) & 0x3f)));
		buf_addch(b, (int)(0x80 | (cp & 0x3f)));
	} else {
		buf_addch(b, (int)(0xf0 | (cp >> 18)));
		buf_addch(b, (int)(0x80 | ((cp >> 12) & 0x3f)));
		buf_addch(b, (int)(0x80 | ((cp >> 6) & 0x3f)));
		buf_addch(b, (int)(0x80 | (cp & 0x3f)));
	}
}

void
buf_vaddf(struct buf *b, const char *fmt, va_list ap)
{
	va_list cp;
	int n;

	va_copy(cp, ap);
	n = vsnprintf(NULL, 0, fmt, cp);
	va_end(cp);
	if (n <= 0)
		return;
	buf_grow(b, (size_t)n);
	vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
	b->len += (size_t)n;
}

void
buf_addf(struct buf *b, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	buf_vaddf(b, fmt, ap);
	va_end(ap);
}

void
buf_reset(struct buf *b)
{
	buf_truncate(b, 0);
}

void
buf_truncate(struct buf *b, size_t n)
{
	if (n > b->len)
		n = b->len;
	b->len = n;
	if (b->alloc)
		b->data[n] = '\0';
}

void
buf_release(struct buf *b)
{
	if (b->alloc)
		free(b->data);
	buf_init(b);
}

char *
buf_detach(struct buf *b, size_t *len)
{
	char *p;

	if (b->alloc == 0)
		buf_grow(b, 0);
	/* detached strings live on (an item's text for a whole run): give
	 * back a doubling's slack, here up to half the allocation */
	if (b->alloc - b->len > 32 && b->alloc - b->len > b->len / 8) {
		b->data = xrealloc(b->data, b->len + 1);
		b->alloc = b->len + 1;
	}
	p = b->data;
	if (len)
		*len = b->len;
	buf_init(b);
	return p;
}
