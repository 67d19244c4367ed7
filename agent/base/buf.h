#ifndef SIGWATCH_BUF_H
#define SIGWATCH_BUF_H

#include <stdarg.h>
#include <stddef.h>

/*
 * A growable byte buffer (git's strbuf). Invariants: data is never NULL, it
 * is always NUL-terminated, and len excludes the NUL. Adding never fails
 * (xmalloc). Limits are the caller's business.
 */
struct buf {
	char	*data;
	size_t	 len;
	size_t	 alloc;
};

extern char buf_empty[];
#define BUF_INIT { .data = buf_empty, .len = 0, .alloc = 0 }

void	buf_init(struct buf *);
void	buf_grow(struct buf *, size_t extra);
void	buf_add(struct buf *, const void *, size_t);
void	buf_addstr(struct buf *, const char *);
void	buf_addch(struct buf *, int);
void	buf_addf(struct buf *, const char *, ...)
	    __attribute__((format(printf, 2, 3)));
void	buf_vaddf(struct buf *, const char *, va_list)
	    __attribute__((format(printf, 2, 0)));
/* one code point as UTF-8; invalid ones (NUL, surrogates, > U+10FFFF)
 * become U+FFFD */
void	buf_add_utf8(struct buf *, unsigned long cp);
/* len = 0, memory kept */
void	buf_reset(struct buf *);
/* shorten to n bytes (n <= len) */
void	buf_truncate(struct buf *, size_t n);
/* free memory, back to BUF_INIT */
void	buf_release(struct buf *);
/* hand the memory to the caller (always malloc'd, never buf_empty) */
char	*buf_detach(struct buf *, size_t *len);

#endif
