#include "xmalloc.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* the one out-of-memory policy (xmalloc.h); n 0: a library's call */
static void
oom(size_t n)
{
	if (n)
		fprintf(stderr, "sigwatch: out of memory (%zu bytes)\n", n);
	else
		fputs("sigwatch: out of memory\n", stderr);
	exit(70);
}

void
xalloc_die(void)
{
	oom(0);
	abort();	/* not reached: oom() exits */
}

void *
xalloc_check(void *p)
{
	if (p == NULL)
		xalloc_die();
	return p;
}

void *
xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);

	if (p == NULL)
		oom(n);
	return p;
}

void *
xcalloc(size_t nmemb, size_t size)
{
	void *p = calloc(nmemb ? nmemb : 1, size ? size : 1);

	if (p == NULL)
		oom(nmemb * size);
	return p;
}

void *
xrealloc(void *p, size_t n)
{
	void *q = realloc(p, n ? n : 1);

	if (q == NULL)
		oom(n);
	return q;
}

void *
xreallocarray(void *p, size_t nmemb, size_t size)
{
	if (size != 0 && nmemb > SIZE_MAX / size)
		oom(SIZE_MAX);
	return xrealloc(p, nmemb * size);
}

char *
xstrdup(const char *s)
{
	return xstrndup(s, strlen(s));
}

char *
xstrndup(const char *s, size_t n)
{
	char *p = xmalloc(n + 1);

	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *
xstrdup_or_null(const char *s)
{
	return s ? xstrdup(s) : NULL;
}

void *
xgrowarray(void *p, size_t n, size_t *alloc, size_t min, size_t size)
{
	if (n < *alloc)
		return p;
	*alloc = *alloc ? *alloc * 2 : min;
	return xreallocarray(p, *alloc, size);
}
