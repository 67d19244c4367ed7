#include "item.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "json_util.h"
#include "record.h"
#include "strset.h"
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
	/* capped, so the duplicate scan stays linear in the document */
	(void)strv_add_unique(&it->categories, &it->ncategories, c,
	    ITEM_MAX_CATEGORIES);
}

static void
cap_author(struct item *it)
{
	size_t n;

	if (it->author == NULL || (n = strlen(it->author)) <= ITEM_MAX_AUTHOR)
		return;
	it->author[utf8_trunc(it->author, n, ITEM_MAX_AUTHOR)] = '\0';
}

static void item_derive_id(struct item *, int link_unique);

void
itemset_finish(struct itemset *s)
{
	struct strset links = STRSET_INIT;

	/* how many items without an id share each link */
	for (size_t i = 0; i < s->n; i++) {
		struct item *it = &s->items[i];

		if ((it->id == NULL || *it->id == '\0') && it->link &&
		    *it->link)
			(*strset_val(&links, it->link, strlen(it->link)))++;
	}
	for (size_t i = 0; i < s->n; i++) {
		struct item *it = &s->items[i];

		cap_author(it);
		if (it->title == NULL)
			it->title = xstrdup("");
		if (it->text == NULL)
			it->text = xstrdup("");
		if (it->id && *it->id == '\0') {
			free(it->id);
			it->id = NULL;
		}
		if (it->id == NULL)
			item_derive_id(it, it->link && *it->link &&
			    *strset_val(&links, it->link, strlen(it->link)) == 1);
	}
	strset_release(&links);
}

/* "sha256:" + 32 hex of what b holds; b is released */
static char *
hash_id(struct buf *b)
{
	char hex[65];

	sha256_hex(hex, b->data, b->len);
	buf_reset(b);
	buf_addf(b, "sha256:%.32s", hex);
	return buf_detach(b, NULL);
}

static void
item_derive_id(struct item *it, int link_unique)
{
	struct buf b = BUF_INIT;
	char date[32];
	int has_link = it->link && *it->link;

	fmt_time(date, it->published != TIME_NONE ? it->published :
	    it->updated);
	if (has_link && link_unique) {
		/* the link names the item, as it always did; a later item
		 * under the same link is told apart by its title (run.c) */
		it->id = xstrdup(it->link);
		it->id_from_link = 1;
		return;
	}
	/* the old rule, for items seen by older versions */
	if (has_link)
		it->legacy_id = xstrdup(it->link);
	else {
		buf_addf(&b, "%s\n%s", it->title, date);
		it->legacy_id = hash_id(&b);
	}
	if (has_link)
		buf_addf(&b, "link\n%s\n%s\n%s", it->link, it->title, date);
	else
		buf_addf(&b, "content\n%s\n%s\n%s\n%s", it->title, date,
		    it->author ? it->author : "", it->text);
	it->id = hash_id(&b);
}

size_t
itemset_keep_newest(struct itemset *s, size_t from, size_t max)
{
	struct dated_rank *r;
	size_t n, drop, w;

	if (from >= s->n || s->n - from <= max)
		return 0;
	n = s->n - from;
	r = xcalloc(n, sizeof(*r));
	for (size_t i = 0; i < n; i++) {
		const struct item *it = &s->items[from + i];

		/* TIME_NONE is INT64_MIN: undated sorts as oldest */
		r[i].t = it->published != TIME_NONE ? it->published :
		    it->updated;
		r[i].i = from + i;
	}
	rank_keep_newest(r, n, max);
	drop = n - max;
	for (size_t i = max; i < n; i++)
		item_release(&s->items[r[i].i]);
	w = from;
	for (size_t i = 0; i < max; i++)
		s->items[w++] = s->items[r[i].i];
	s->n = w;
	s->dropped += drop;
	free(r);
	return drop;
}

/* every malloc'd string of struct item */
static const struct strfield item_strings[] = {
	STRFIELD(struct item, id), STRFIELD(struct item, title),
	STRFIELD(struct item, link), STRFIELD(struct item, author),
	STRFIELD(struct item, text), STRFIELD(struct item, competitor),
	STRFIELD(struct item, lang), STRFIELD(struct item, legacy_id),
};

void
item_release(struct item *it)
{
	strfields_free(it, item_strings, NSTRFIELDS(item_strings));
	for (size_t i = 0; i < it->ncategories; i++)
		free(it->categories[i]);
	free(it->categories);
	memset(it, 0, sizeof(*it));
}

void
item_copy(struct item *dst, const struct item *src)
{
	*dst = *src;
	strfields_dup(dst, item_strings, NSTRFIELDS(item_strings));
	dst->categories = NULL;
	dst->ncategories = 0;
	for (size_t i = 0; i < src->ncategories; i++)
		item_add_category(dst, src->categories[i]);
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
item_json(const struct item *it)
{
	json_t *o = json_object(), *cats = json_array();

	for (size_t i = 0; i < it->ncategories; i++)
		json_array_append_new(cats,
		    json_str_repaired(it->categories[i]));
	json_object_set_new(o, "id", json_str_repaired(it->id));
	json_object_set_new(o, "title", json_str_repaired(it->title));
	json_object_set_new(o, "link", json_str_repaired(it->link));
	json_object_set_new(o, "published", json_time_or_null(it->published));
	json_object_set_new(o, "updated", json_time_or_null(it->updated));
	json_object_set_new(o, "author", json_str_repaired(it->author));
	if (it->lang) {
		json_object_set_new(o, "lang", json_str_repaired(it->lang));
		if (it->lang_detected)
			json_object_set_new(o, "lang_detected", json_true());
	}
	json_object_set_new(o, "categories", cats);
	json_object_set_new(o, "text", json_str_repaired(it->text));
	if (it->competitor)
		json_object_set_new(o, "competitor",
		    json_str_repaired(it->competitor));
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

/*
 * A JSON string exactly as jansson's json_dumps() writes it (the lines
 * item_json_line() wrote through jansson before, so stored lines do not
 * change): '"', '\\' and control characters escaped (\b \f \n \r \t,
 * else \u00XX), everything else as it is. Invalid UTF-8, which
 * json_string() refuses, goes through utf8_repair() as json_str_repaired() does.
 */
static void
put_str(struct buf *out, const char *s)
{
	static const char hex[] = "0123456789ABCDEF";
	struct buf fixed = BUF_INIT;
	size_t n = strlen(s), i, run;

	if (!utf8_valid(s, n)) {
		buf_add(&fixed, s, n);
		utf8_repair(&fixed);
		s = fixed.data;
		n = fixed.len;
	}
	buf_grow(out, n + 2);
	buf_addch(out, '"');
	for (i = run = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		char esc[6] = { '\\', 0, 0, 0, 0, 0 };
		size_t el = 2;

		if (c >= 0x20 && c != '"' && c != '\\')
			continue;
		buf_add(out, s + run, i - run);
		run = i + 1;
		switch (c) {
		case '"': esc[1] = '"'; break;
		case '\\': esc[1] = '\\'; break;
		case '\b': esc[1] = 'b'; break;
		case '\f': esc[1] = 'f'; break;
		case '\n': esc[1] = 'n'; break;
		case '\r': esc[1] = 'r'; break;
		case '\t': esc[1] = 't'; break;
		default:
			memcpy(esc + 1, "u00", 3);
			esc[4] = hex[c >> 4];
			esc[5] = hex[c & 15];
			el = 6;
		}
		buf_add(out, esc, el);
	}
	buf_add(out, s + run, n - run);
	buf_addch(out, '"');
	buf_release(&fixed);
}

static void
put_key_str(struct buf *out, const char *key, const char *s)
{
	buf_addstr(out, key);
	if (s == NULL)
		buf_add(out, "null", 4);
	else
		put_str(out, s);
}

static void
put_key_time(struct buf *out, const char *key, int64_t t)
{
	char s[32];

	buf_addstr(out, key);
	if (t == TIME_NONE) {
		buf_add(out, "null", 4);
		return;
	}
	fmt_time(s, t);
	put_str(out, s);
}

/*
 * item_json() dumped compact, in its key order, written directly: no
 * jansson objects per item (this runs for every new item of a run).
 * test_item checks it against itemset_to_json(), which still uses
 * jansson.
 */
void
item_json_line(struct buf *out, const struct item *it)
{
	put_key_str(out, "{\"id\":", it->id);
	put_key_str(out, ",\"title\":", it->title);
	put_key_str(out, ",\"link\":", it->link);
	put_key_time(out, ",\"published\":", it->published);
	put_key_time(out, ",\"updated\":", it->updated);
	put_key_str(out, ",\"author\":", it->author);
	if (it->lang) {
		put_key_str(out, ",\"lang\":", it->lang);
		if (it->lang_detected)
			buf_addstr(out, ",\"lang_detected\":true");
	}
	buf_addstr(out, ",\"categories\":[");
	for (size_t i = 0; i < it->ncategories; i++) {
		if (i > 0)
			buf_addch(out, ',');
		if (it->categories[i] == NULL)
			buf_add(out, "null", 4);
		else
			put_str(out, it->categories[i]);
	}
	buf_addch(out, ']');
	put_key_str(out, ",\"text\":", it->text);
	if (it->competitor)
		put_key_str(out, ",\"competitor\":", it->competitor);
	buf_add(out, "}\n", 2);
}

char *
itemset_to_json(const struct itemset *s, int pretty)
{
	json_t *o = json_object(), *items = json_array();

	for (size_t i = 0; i < s->n; i++)
		json_array_append_new(items, item_json(&s->items[i]));
	json_object_set_new(o, "kind", json_str_repaired(s->kind));
	json_object_set_new(o, "title", json_str_repaired(s->title));
	json_object_set_new(o, "link", json_str_repaired(s->link));
	json_object_set_new(o, "items", items);
	return dump(o, pretty ? JSON_INDENT(2) : JSON_COMPACT);
}

static char *
get_str(json_t *o, const char *k)
{
	const char *s = json_str(o, k);

	return s ? xstrdup(s) : NULL;
}

static int64_t
get_time(json_t *o, const char *k)
{
	const char *s = json_str(o, k);
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
	it->competitor = get_str(o, "competitor");
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
