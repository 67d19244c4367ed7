#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "hit.h"
#include "util.h"
#include "t.h"

/* hit_to_json / hit_from_json: the hits-file line, both ways */

static void
fill(struct hit *h)
{
	memset(h, 0, sizeof(*h));
	hit_make_id(h->id, "r1", "src", "item-1");
	h->at = 1709164800;
	h->rule = strdup("r1");
	h->rule_rev = strdup("abc123");
	h->severity = SEV_HIGH;
	h->competitor = strdup("Acme");
	h->playbook = NULL;
	h->source = strdup("src");
	h->item = strdup("item-1");
	h->title = strdup("Caf\xc3\xa9 \"launch\"");
	h->link = strdup("https://example.com/a");
	h->published = TIME_NONE;
	h->selection = strdup("title");
	h->field = strdup("title");
	h->match = strdup("launch");
	h->excerpt = strdup("... launch ...");
	h->silenced = 1;
}

static void
test_hit__make_id(void)
{
	char a[17], b[17], c[17];

	hit_make_id(a, "r", "s", "i");
	hit_make_id(b, "r", "s", "i");
	/* the NUL separators keep ("rs", "", "i") apart from ("r", "s", "i") */
	hit_make_id(c, "rs", "", "i");
	T_EQ_INT(strlen(a), 16);
	T_EQ_STR(a, b);
	T_ASSERT(strcmp(a, c) != 0);
}

static void
test_hit__round_trip(void)
{
	struct hit h, back;
	char *line, *again;

	fill(&h);
	line = hit_to_json(&h);
	T_ASSERT(line != NULL);
	T_ASSERT(strchr(line, '\n') == NULL);
	T_CONTAINS(line, "\"severity\":\"high\"");
	T_CONTAINS(line, "\"playbook\":null");
	T_CONTAINS(line, "\"published\":null");
	T_CONTAINS(line, "\"silenced\":true");
	/* only when set */
	T_ASSERT(strstr(line, "baseline") == NULL);
	T_ASSERT(strstr(line, "reporter") == NULL);
	T_ASSERT(strstr(line, "analyst") == NULL);
	T_EQ_INT(hit_from_json(&back, line, strlen(line)), 0);
	T_EQ_STR(back.id, h.id);
	T_EQ_INT(back.at, h.at);
	T_EQ_STR(back.rule, "r1");
	T_EQ_STR(back.rule_rev, "abc123");
	T_EQ_INT(back.severity, SEV_HIGH);
	T_EQ_STR(back.competitor, "Acme");
	T_ASSERT(back.playbook == NULL);
	T_EQ_STR(back.title, h.title);
	T_EQ_STR(back.link, h.link);
	T_EQ_INT(back.published, TIME_NONE);
	T_EQ_STR(back.excerpt, h.excerpt);
	T_EQ_INT(back.silenced, 1);
	T_EQ_INT(back.baseline, 0);
	T_ASSERT(back.reporter == NULL);
	again = hit_to_json(&back);
	T_EQ_STR(again, line);
	free(again);
	free(line);
	hit_release(&back);
	hit_release(&h);
}

static void
test_hit__optional_fields(void)
{
	struct hit h, back;
	char *line;

	fill(&h);
	h.baseline = 1;
	h.analyst = 1;
	h.reporter = strdup("ana@example.com");
	h.published = 1700000000;
	line = hit_to_json(&h);
	T_CONTAINS(line, "\"baseline\":true");
	T_CONTAINS(line, "\"analyst\":true");
	T_CONTAINS(line, "\"reporter\":\"ana@example.com\"");
	T_EQ_INT(hit_from_json(&back, line, strlen(line)), 0);
	T_EQ_INT(back.baseline, 1);
	T_EQ_INT(back.analyst, 1);
	T_EQ_STR(back.reporter, "ana@example.com");
	T_EQ_INT(back.published, 1700000000);
	free(line);
	hit_release(&back);
	hit_release(&h);
	/* hit_release zeroes the struct */
	T_ASSERT(h.rule == NULL && h.id[0] == '\0');
}

static void
test_hit__not_a_hit(void)
{
	struct hit h;
	const char *bad[] = {
		"", "not json", "[]", "{}", "{\"id\":\"x\"}",
		"{\"rule\":\"r\"}", "{\"id\":1,\"rule\":\"r\"}",
	};

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		T_EQ_INT(hit_from_json(&h, bad[i], strlen(bad[i])), -1);
		hit_release(&h);
	}
}

static void
test_hit__lenient_fields(void)
{
	struct hit h;
	const char *l = "{\"id\":\"0123456789abcdef0123\",\"rule\":\"r\","
	    "\"severity\":\"bogus\",\"at\":\"yesterday\",\"title\":7}";

	T_EQ_INT(hit_from_json(&h, l, strlen(l)), 0);
	/* the id is cut to 16 hex; unknown severity reads as medium */
	T_EQ_STR(h.id, "0123456789abcdef");
	T_EQ_INT(h.severity, SEV_MEDIUM);
	T_EQ_INT(h.at, TIME_NONE);
	T_ASSERT(h.title == NULL);
	hit_release(&h);
}

static void
test_hit__copy_owns_every_string(void)
{
	struct hit h, c;

	fill(&h);
	h.reporter = strdup("ana");
	h.source_home = strdup("https://example.com/");
	hit_copy(&c, &h);
	T_EQ_STR(c.id, h.id);
	T_EQ_INT(c.at, h.at);
	T_EQ_INT(c.silenced, 1);
	T_ASSERT(c.playbook == NULL);
	/* equal strings in memory of its own: both release cleanly */
	T_EQ_STR(c.rule, "r1");
	T_ASSERT(c.rule != h.rule);
	T_EQ_STR(c.reporter, "ana");
	T_ASSERT(c.reporter != h.reporter);
	T_EQ_STR(c.source_home, "https://example.com/");
	T_ASSERT(c.source_home != h.source_home);
	T_EQ_STR(c.excerpt, h.excerpt);
	T_ASSERT(c.excerpt != h.excerpt);
	hit_release(&h);
	T_EQ_STR(c.title, "Caf\xc3\xa9 \"launch\"");
	hit_release(&c);
	T_ASSERT(c.rule == NULL);
}

T_MAIN(
	T_CASE(test_hit__copy_owns_every_string),
	T_CASE(test_hit__make_id),
	T_CASE(test_hit__round_trip),
	T_CASE(test_hit__optional_fields),
	T_CASE(test_hit__not_a_hit),
	T_CASE(test_hit__lenient_fields),
)
