#include "record.h"

#include <jansson.h>
#include <stdlib.h>

#include "json_util.h"
#include "xmalloc.h"

static char **
member(void *rec, const struct strfield *f)
{
	return (char **)(void *)((char *)rec + f->off);
}

void
strfields_load(void *rec, const struct strfield *f, size_t n,
    const struct json_t *o)
{
	for (size_t i = 0; i < n; i++)
		if (f[i].key != NULL)
			*member(rec, &f[i]) = json_dup(o, f[i].key);
}

void
strfields_dup(void *rec, const struct strfield *f, size_t n)
{
	for (size_t i = 0; i < n; i++)
		*member(rec, &f[i]) = xstrdup_or_null(*member(rec, &f[i]));
}

void
strfields_free(void *rec, const struct strfield *f, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(*member(rec, &f[i]));
		*member(rec, &f[i]) = NULL;
	}
}
