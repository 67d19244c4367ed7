#include "item.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "util.h"
#include "err.h"
#include "xmalloc.h"

struct item *
itemset_push(struct itemset *s)
{
	struct item *it;

	if (s->n == s->alloc) {
		s->alloc = s->alloc ? s->alloc * 2 : 16;
		s->items = xreallocarray(s->items, s->alloc, sizeof(*s->items));
	}
	it = &s->items[s->n++];
	memset(it, 0, sizeof(*it));
	it->published = TIME_NONE;
	it->updated = TIME_NONE;
	return it;
}

void
item_add_category(struct item *it, const char *c)
{
	if (c == NULL || *c == '\0')
		return;
	for (size_t i = 0; i < it->ncategories; i++)
		if (strcmp(it->categories[i], c) == 0)
			return;
	it->categories = xreallocarray(it->categories, it->ncategories + 2,
	    sizeof(*it->categories));
	it->categories[it->ncategories++] = xstrdup(c);
	it->categories[it->ncategories] = NULL;
}

void
itemset_finish(struct itemset *s)
{
	for (size_t i = 0; i < s->n; i++) {
		struct item *it = &s->items[i];

		if (it->title == NULL)
			it->title = xstrdup("");
		if (it->text == NULL)
			it->text = xstrdup("");
		if (it->id && *it->id == '\0') {
			free(it->id);
			it->id = NULL;
		}
		if (it->id == NULL && it->link && *it->link)
			it->id = xstrdup(it->link);
		if (it->id == NULL) {
			struct buf b = BUF_INIT;
			char date[32], hex[65];

			fmt_time(date, it->published != TIME_NONE ?
			    it->published : it->updated);
			buf_addf(&b, "%s\n%s", it->title, date);
			sha256_hex(hex, b.data, b.len);
			buf_release(&b);
			buf_addf(&b, "sha256:%.32s", hex);
			it->id = buf_detach(&b, NULL);
		}
	}
}

void
item_release(struct item *it)
{
	free(it->id);
	free(it->title);
	free(it->link);
	free(it->author);
	free(it->text);
	free(it->lang);
	for (size_t i = 0; i < it->ncategories; i++)
		free(it->categories[i]);
	free(it->categories);
	memset(it, 0, sizeof(*it));
}

void
itemset_release(struct itemset *s)
{
	for (size_t i = 0; i < s->n; i++)
		item_release(&s->items[i]);
	free(s->items);
	free(s->kind);
	free(s->title);
	free(s->link);
	memset(s, 0, sizeof(*s));
}

static json_t *
str_or_null(const char *s)
{
	/* json_string refuses invalid UTF-8; parsers guarantee validity, but
	 * never lose the item over it */
	json_t *j;

	if (s == NULL)
		return json_null();
	j = json_string(s);
	if (j == NULL) {
		struct buf b = BUF_INIT;

		buf_addstr(&b, s);
		utf8_repair(&b);
		j = json_string(b.data);
		buf_release(&b);
	}
	return j ? j : json_null();
}

static json_t *
time_or_null(int64_t t)
{
	char s[32];

	if (t == TIME_NONE)
		return json_null();
	fmt_time(s, t);
	return json_string(s);
}

static json_t *
item_json(const struct item *it)
{
	json_t *o = json_object(), *cats = json_array();

	for (size_t i = 0; i < it->ncategories; i++)
		json_array_append_new(cats, str_or_null(it->categories[i]));
	json_object_set_new(o, "id", str_or_null(it->id));
	json_object_set_new(o, "title", str_or_null(it->title));
	json_object_set_new(o, "link", str_or_null(it->link));
	json_object_set_new(o, "published", time_or_null(it->published));
	json_object_set_new(o, "updated", time_or_null(it->updated));
	json_object_set_new(o, "author", str_or_null(it->author));
	if (it->lang) {
		json_object_set_new(o, "lang", str_or_null(it->lang));
		if (it->lang_detected)
			json_object_set_new(o, "lang_detected", json_true());
	}
	json_object_set_new(o, "categories", cats);
	json_object_set_new(o, "text", str_or_null(it->text));
	return o;
}

static char *
dump(json_t *j, size_t flags)
{
	char *s = json_dumps(j, flags | JSON_PRESERVE_ORDER |
	    JSON_ENCODE_ANY);
	char *r;

	json_decref(j);
	if (s == NULL)
		BUG("json_dumps failed");
	r = xstrdup(s);
	free(s);
	return r;
}

/* json_dump_callback target: append to a struct buf */
static int
buf_sink(const char *p, size_t n, void *b)
{
	buf_add(b, p, n);
	return 0;
}

void
item_json_line(struct buf *out, const struct item *it)
{
	json_t *j = item_json(it);

	if (json_dump_callback(j, buf_sink, out, JSON_COMPACT |
	    JSON_PRESERVE_ORDER) != 0)
		BUG("json_dump_callback failed");
	json_decref(j);
	buf_addch(out, '\n');
}

char *
itemset_to_json(const struct itemset *s, int pretty)
{
	json_t *o = json_object(), *items = json_array();

	for (size_t i = 0; i < s->n; i++)
		json_array_append_new(items, item_json(&s->items[i]));
	json_object_set_new(o, "kind", str_or_null(s->kind));
	json_object_set_new(o, "title", str_or_null(s->title));
	json_object_set_new(o, "link", str_or_null(s->link));
	json_object_set_new(o, "items", items);
	return dump(o, pretty ? JSON_INDENT(2) : JSON_COMPACT);
}

static char *
get_str(json_t *o, const char *k)
{
	const char *s = json_string_value(json_object_get(o, k));

	return s ? xstrdup(s) : NULL;
}

static int64_t
get_time(json_t *o, const char *k)
{
	const char *s = json_string_value(json_object_get(o, k));
	int64_t t;

	if (s && parse_time(s, &t) == 0)
		return t;
	return TIME_NONE;
}

int
item_from_json(struct item *it, const char *js, size_t len)
{
	json_error_t e;
	json_t *o = json_loadb(js, len, 0, &e), *cats;
	size_t i;
	json_t *c;

	memset(it, 0, sizeof(*it));
	if (o == NULL || !json_is_object(o)) {
		json_decref(o);
		return -1;
	}
	it->id = get_str(o, "id");
	it->title = get_str(o, "title");
	it->link = get_str(o, "link");
	it->author = get_str(o, "author");
	it->text = get_str(o, "text");
	it->lang = get_str(o, "lang");
	it->lang_detected = json_is_true(json_object_get(o, "lang_detected"));
	it->published = get_time(o, "published");
	it->updated = get_time(o, "updated");
	cats = json_object_get(o, "categories");
	json_array_foreach(cats, i, c)
		item_add_category(it, json_string_value(c));
	json_decref(o);
	if (it->id == NULL) {
		item_release(it);
		return -1;
	}
	if (it->title == NULL)
		it->title = xstrdup("");
	if (it->text == NULL)
		it->text = xstrdup("");
	return 0;
}

int64_t
item_date(const struct item *it)
{
	return it->published != TIME_NONE ? it->published : it->updated;
}

int
item_stale(const struct item *it, int64_t now, int64_t max_age)
{
	int64_t t = item_date(it);

	return max_age > 0 && t != TIME_NONE && now - t > max_age;
}
