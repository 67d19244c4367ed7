#include "json_util.h"

#include "buf.h"
#include "util.h"
#include "xmalloc.h"

const char *
json_str(const json_t *o, const char *k)
{
	return json_string_value(json_object_get(o, k));
}

long long
json_int(const json_t *o, const char *k)
{
	return (long long)json_integer_value(json_object_get(o, k));
}

char *
json_dup(const json_t *o, const char *k)
{
	const char *v = json_str(o, k);

	return v ? xstrdup(v) : NULL;
}

int64_t
json_time(const json_t *o, const char *k)
{
	const char *v = json_str(o, k);
	int64_t t;

	return v && parse_time(v, &t) == 0 ? t : TIME_NONE;
}

char *
json_line(json_t *o)
{
	char *s = xalloc_check(json_dumps(o, JSON_COMPACT |
	    JSON_PRESERVE_ORDER));
	char *r = xstrdup(s);

	free(s);
	json_decref(o);
	return r;
}

json_t *
json_str_or_null(const char *s)
{
	json_t *j = s ? json_string(s) : NULL;

	return j ? j : json_null();
}

json_t *
json_str_repaired(const char *s)
{
	json_t *j;
	struct buf b = BUF_INIT;

	if (s == NULL)
		return json_null();
	if ((j = json_string(s)) != NULL)
		return j;
	/* json_string refuses invalid UTF-8; parsers guarantee validity,
	 * but never lose the item or the hit over it */
	buf_addstr(&b, s);
	utf8_repair(&b);
	j = json_string(b.data);
	buf_release(&b);
	return j ? j : json_null();
}

json_t *
json_time_or_null(int64_t t)
{
	char ts[32];

	if (t == TIME_NONE)
		return json_null();
	fmt_time(ts, t);
	return json_string(ts);
}
