#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "item.h"
#include "t.h"
#include "util.h"
#include "xmalloc.h"

/*
 * item_json_line() writes the stored line itself; itemset_to_json() still
 * builds it with jansson. The two must agree byte for byte, or the lines
 * of items/ would change with this version.
 */
static void
same_as_jansson(struct item *it)
{
	struct itemset s = ITEMSET_INIT;
	struct buf line = BUF_INIT;
	char *doc;
	size_t n, dn;

	s.items = it;
	s.n = 1;
	item_json_line(&line, it);
	T_ASSERT(line.len > 0 && line.data[line.len - 1] == '\n');
	n = line.len - 1;
	doc = itemset_to_json(&s, 0);
	/* {"kind":null,"title":null,"link":null,"items":[ITEM]} */
	dn = strlen(doc);
	T_ASSERT(dn > n + 2);
	if (dn > n + 2) {
		T_ASSERT(memcmp(doc + dn - n - 2, line.data, n) == 0);
		if (memcmp(doc + dn - n - 2, line.data, n) != 0)
			fprintf(stderr, "line: %.*s\njansson: %s\n", (int)n,
			    line.data, doc);
	}
	free(doc);
	buf_release(&line);
}

static void
test_item__json_line_plain(void)
{
	struct item it;
	char *cats[] = { (char *)"a", (char *)"b/c", NULL };

	memset(&it, 0, sizeof(it));
	it.id = (char *)"urn:x:1";
	it.title = (char *)"T\u00e9l\u00e9 \"quoted\" back\\slash";
	it.link = (char *)"https://example.org/a/b?c=d&e=f";
	it.text = (char *)"line one\nline two\ttab\r\n\u2603 snow";
	it.published = 1700000000;
	it.updated = TIME_NONE;
	it.categories = cats;
	it.ncategories = 2;
	same_as_jansson(&it);
	it.author = (char *)"Ann";
	it.lang = (char *)"fr";
	it.lang_detected = 1;
	it.competitor = (char *)"acme";
	it.updated = 0;
	same_as_jansson(&it);
	it.lang_detected = 0;
	it.categories = NULL;
	it.ncategories = 0;
	it.link = NULL;
	same_as_jansson(&it);
}

/* what only a source that does not clean its strings could hand over */
static void
test_item__json_line_odd_bytes(void)
{
	struct item it;

	memset(&it, 0, sizeof(it));
	it.id = (char *)"ctl\x01\x02\x08\x0c\x1f\x7f end";
	it.title = (char *)"bad \xff\xfe utf-8 \xc3 cut";
	it.text = (char *)"surrogate \xed\xa0\x80 and overlong \xc0\xaf, "
	    "ctl \x01 after";
	it.author = (char *)"";
	it.published = it.updated = TIME_NONE;
	same_as_jansson(&it);
}

/* item_copy is deep: every string, the categories and the plain fields */
static void
test_item__copy_is_deep(void)
{
	struct item a, b;

	memset(&a, 0, sizeof(a));
	a.id = xstrdup("id-1");
	a.title = xstrdup("Title");
	a.lang = xstrdup("de");
	a.lang_detected = 1;
	a.legacy_id = xstrdup("old");
	a.published = 42;
	item_add_category(&a, "pricing");
	item_add_category(&a, "sase");
	item_copy(&b, &a);
	item_release(&a);
	T_EQ_STR(b.id, "id-1");
	T_EQ_STR(b.title, "Title");
	T_ASSERT(b.link == NULL && b.author == NULL);
	T_EQ_STR(b.lang, "de");
	T_EQ_INT(b.lang_detected, 1);
	T_EQ_STR(b.legacy_id, "old");
	T_EQ_INT(b.published, 42);
	T_EQ_INT(b.ncategories, 2);
	T_EQ_STR(b.categories[1], "sase");
	T_ASSERT(b.categories[2] == NULL);
	item_release(&b);
	T_ASSERT(b.id == NULL && b.categories == NULL);
}

T_MAIN(
	T_CASE(test_item__copy_is_deep),
	T_CASE(test_item__json_line_plain),
	T_CASE(test_item__json_line_odd_bytes),
)
