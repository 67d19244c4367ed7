#ifndef SIGWATCH_XMALLOC_H
#define SIGWATCH_XMALLOC_H

#include <stddef.h>

/*
 * Allocation that never fails: on exhaustion these print "sigwatch: out of
 * memory" and exit with status 70 (EX_SOFTWARE), the one out-of-memory
 * policy of the program. sigwatch is a program, not a library (OpenSMTPD's
 * xmalloc).
 */
void	*xmalloc(size_t);
void	*xcalloc(size_t, size_t);
void	*xrealloc(void *, size_t);
void	*xreallocarray(void *, size_t, size_t);
/*
 * Room for one more element: when n == *alloc, grow p to twice the
 * elements (at least min), so appending stays linear however many come
 * (a realloc per element copies the whole array under some allocators).
 */
void	*xgrowarray(void *p, size_t n, size_t *alloc, size_t min, size_t size);
char	*xstrdup(const char *);
/*
 * p, which a library's allocating call returned (pcre2_*_create,
 * curl_url, json_dumps...): NULL means that allocation failed, and the
 * program dies by the same policy.
 */
void	*xalloc_check(void *p);
/* the same death, for a library's call that reports failure otherwise
 * (yaml_parser_initialize() returning 0) */
void	xalloc_die(void) __attribute__((noreturn));
char	*xstrndup(const char *, size_t);
/* xstrdup(s) or NULL when s is NULL */
char	*xstrdup_or_null(const char *);

#endif
