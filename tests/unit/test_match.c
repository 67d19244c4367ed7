#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "diag.h"
#include "item.h"
#include "match.h"
#include "rules.h"
#include "rules_private.h"
#include "t.h"
#include "util.h"

#define FIXTURE "tests/fixtures/rules/match"

#define MAXHITS 32
struct hits {
	size_t	n;
	char	rule[MAXHITS][64];
	char	sel[MAXHITS][64];
	char	field[MAXHITS][16];
	char	match[MAXHITS][256];
	char	excerpt[MAXHITS][512];
	char	hl[MAXHITS][256];	/* excerpt[hl_off, hl_off + hl_len) */
	size_t	hl_off[MAXHITS];
};

static void
collect(const struct match_hit *h, void *payload)
{
	struct hits *hs = payload;
	size_t i = hs->n;

	if (i >= MAXHITS)
		return;
	hs->n++;
	snprintf(hs->rule[i], sizeof(hs->rule[i]), "%s", h->rule->id);
	snprintf(hs->sel[i], sizeof(hs->sel[i]), "%s", h->selection);
	snprintf(hs->field[i], sizeof(hs->field[i]), "%s", h->field);
	snprintf(hs->match[i], sizeof(hs->match[i]), "%.*s",
	    (int)h->matchlen, h->match);
	snprintf(hs->excerpt[i], sizeof(hs->excerpt[i]), "%s", h->excerpt);
	snprintf(hs->hl[i], sizeof(hs->hl[i]), "%.*s", (int)h->hl_len,
	    h->excerpt + h->hl_off);
	hs->hl_off[i] = h->hl_off;
}

static struct ruleset *
load(void)
{
	struct diags d = DIAGS_INIT;
	struct ruleset *rs = NULL;

	T_EQ_INT(rules_load(&rs, FIXTURE, &d), 0);
	if (d.errors)
		diag_print(&d, stderr);
	diags_release(&d);
	return rs;
}

static struct item
mk(const char *title, const char *text)
{
	struct item it;

	memset(&it, 0, sizeof(it));
	it.id = (char *)"item-1";
	it.title = (char *)title;
	it.text = (char *)text;
	it.published = it.updated = TIME_NONE;
	return it;
}

static const struct match_ctx noctx = { "src", NULL, NULL };

/* hits of item on rs; returns the index of rule id in hs, or -1 */
static int
find(const struct hits *hs, const char *rule)
{
	for (size_t i = 0; i < hs->n; i++)
		if (strcmp(hs->rule[i], rule) == 0)
			return (int)i;
	return -1;
}

static int
hits_rule(struct ruleset *rs, const struct item *it,
    const struct match_ctx *ctx, const char *rule, struct hits *hs)
{
	memset(hs, 0, sizeof(*hs));
	match_item(rs, it, ctx, collect, hs);
	return find(hs, rule);
}

static void
test_match__list_and_map(void)
{
	struct ruleset *rs = load();
	struct hits hs;
	struct item it;
	int i;

	if (rs == NULL)
		return;
	it = mk("Nothing here", "We now do mesh   networking at scale");
	i = hits_rule(rs, &it, &noctx, "m-list", &hs);
	T_ASSERT(i >= 0);
	if (i >= 0) {
		T_EQ_STR(hs.sel[i], "sel");
		T_EQ_STR(hs.field[i], "text");
		T_EQ_STR(hs.match[i], "mesh   networking");
		/* whitespace collapsed in the excerpt */
		T_EQ_STR(hs.hl[i], "mesh networking");
	}
	/* plain text from markup ("mesh <b>networking</b>") matches too */
	it = mk("Service Mesh", "");
	T_ASSERT(hits_rule(rs, &it, &noctx, "m-list", &hs) >= 0);
	it = mk("mesh", "networking");
	T_ASSERT(hits_rule(rs, &it, &noctx, "m-list", &hs) < 0);

	/* map: every key must match, each in its field */
	it = mk("We launch today", "New pricing");
	T_ASSERT(hits_rule(rs, &it, &noctx, "m-map", &hs) >= 0);
	it = mk("We launch today", "Nothing");
	T_ASSERT(hits_rule(rs, &it, &noctx, "m-map", &hs) < 0);
	it = mk("New pricing", "We launch today");
	T_ASSERT(hits_rule(rs, &it, &noctx, "m-map", &hs) < 0);
	rules_free(rs);
}

static void
test_match__all_and_near(void)
{
	struct ruleset *rs = load();
	struct hits hs;
	struct item it;

	if (rs == NULL)
		return;
	it = mk("", "beta then alpha");
	T_ASSERT(hits_rule(rs, &it, &noctx, "m-all", &hs) >= 0);
	it = mk("", "alpha only");
	T_ASSERT(hits_rule(rs, &it, &noctx, "m-all", &hs) < 0);
	it = mk("beta", "alpha");	/* |all is per field */
	T_ASSERT(hits_rule(rs, &it, &noctx, "m-all", &hs) < 0);

	/* near=3: word positions differ by at most 3 */
	it = mk("", "alpha one two omega");
	T_ASSERT(hits_rule(rs, &it, &noctx, "m-near", &hs) >= 0);
	it = mk("", "omega, one. two! alpha");
	T_ASSERT(hits_rule(rs, &it, &noctx, "m-near", &hs) >= 0);
	it = mk("", "alpha one two three omega");
	T_ASSERT(hits_rule(rs, &it, &noctx, "m-near", &hs) < 0);
	/* the closest pair wins even when an earlier pair is too far */
	it = mk("", "alpha a b c d e f g alpha x omega");
	{
		int i = hits_rule(rs, &it, &noctx, "m-near", &hs);

		T_ASSERT(i >= 0);
		if (i >= 0)
			T_EQ_STR(hs.match[i], "alpha x omega");
	}
	/* Unicode words count as words (UCP) */
	it = mk("", "alpha café über naïve omega");
	T_ASSERT(hits_rule(rs, &it, &noctx, "m-near", &hs) < 0);
	it = mk("", "alpha café über omega");
	T_ASSERT(hits_rule(rs, &it, &noctx, "m-near", &hs) >= 0);
	it = mk("", "omega alpha");
	T_ASSERT(hits_rule(rs, &it, &noctx, "m-near", &hs) >= 0);
	rules_free(rs);
}

static void
test_match__alias_case_categories(void)
{
	struct ruleset *rs = load();
	struct hits hs;
	struct item it;
	char *cats[] = { (char *)"Security", (char *)"Zero Trust" };

	if (rs == NULL)
		return;
	it = mk("", "Acme acquires ZeroTier");
	T_ASSERT(hits_rule(rs, &it, &noctx, "m-alias", &hs) >= 0);
	it = mk("", "Acme acquires Tailscale");
	T_ASSERT(hits_rule(rs, &it, &noctx, "m-alias", &hs) >= 0);
	it = mk("", "Acme acquires Twingate");
	T_ASSERT(hits_rule(rs, &it, &noctx, "m-alias", &hs) < 0);

	it = mk("ZPA is here", "");
	T_ASSERT(hits_rule(rs, &it, &noctx, "m-case", &hs) >= 0);
	it = mk("zpa is here", "");
	T_ASSERT(hits_rule(rs, &it, &noctx, "m-case", &hs) < 0);

	it = mk("", "");
	it.categories = cats;
	it.ncategories = 2;
	{
		int i = hits_rule(rs, &it, &noctx, "m-cat", &hs);

		T_ASSERT(i >= 0);
		if (i >= 0) {
			T_EQ_STR(hs.field[i], "categories");
			T_EQ_STR(hs.match[i], "Zero Trust");
		}
	}
	/* each category is its own subject: ^...$ never spans two */
	cats[1] = (char *)"Zero Trust Network";
	T_ASSERT(hits_rule(rs, &it, &noctx, "m-cat", &hs) < 0);

	it = mk("", "");
	it.link = (char *)"https://acme.example/careers/42";
	it.author = (char *)"Jane Doe";
	T_ASSERT(hits_rule(rs, &it, &noctx, "m-link", &hs) >= 0);
	it.author = NULL;
	T_ASSERT(hits_rule(rs, &it, &noctx, "m-link", &hs) < 0);
	rules_free(rs);
}

static void
test_match__scoping(void)
{
	struct ruleset *rs = load();
	const char *const tags[] = { "blog", "jobs", NULL };
	const char *const blogtag[] = { "blog", NULL };
	struct match_ctx ctx = { "acme-careers", "acme", tags };
	struct hits hs;
	struct item it = mk("a scoped-word here", "");

	if (rs == NULL)
		return;
	T_ASSERT(hits_rule(rs, &it, &ctx, "m-scope", &hs) >= 0);	/* tag */
	ctx.tags = blogtag;
	T_ASSERT(hits_rule(rs, &it, &ctx, "m-scope", &hs) < 0);
	ctx.source_id = "acme-blog";					/* id */
	T_ASSERT(hits_rule(rs, &it, &ctx, "m-scope", &hs) >= 0);
	ctx.competitor = "globex";
	T_ASSERT(hits_rule(rs, &it, &ctx, "m-scope", &hs) >= 0);
	ctx.competitor = "initech";
	T_ASSERT(hits_rule(rs, &it, &ctx, "m-scope", &hs) < 0);
	ctx.competitor = NULL;
	T_ASSERT(hits_rule(rs, &it, &ctx, "m-scope", &hs) < 0);
	/* unscoped rules apply everywhere */
	it = mk("service mesh", "");
	T_ASSERT(hits_rule(rs, &it, &ctx, "m-list", &hs) >= 0);
	rules_free(rs);
}

static double
now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void
test_match__catastrophic(void)
{
	struct ruleset *rs = load();
	struct hits hs;
	struct item it = mk("", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!");
	size_t before = match_limit_errors();
	double t0;

	if (rs == NULL)
		return;
	t0 = now_s();
	T_ASSERT(hits_rule(rs, &it, &noctx, "m-catastrophic", &hs) < 0);
	T_ASSERT(now_s() - t0 < 2.0);
	T_EQ_INT(match_limit_errors(), before + 1);
	/* the run goes on: other rules still match the same item */
	it = mk("service mesh", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!");
	T_ASSERT(hits_rule(rs, &it, &noctx, "m-list", &hs) >= 0);
	T_EQ_INT(match_limit_errors(), before + 2);
	/* an ordinary subject still matches it */
	it = mk("", "xaaa");
	T_ASSERT(hits_rule(rs, &it, &noctx, "m-catastrophic", &hs) >= 0);
	T_EQ_INT(match_limit_errors(), before + 2);
	rules_free(rs);
}

static void
test_match__report_and_excerpt(void)
{
	struct ruleset *rs = load();
	struct hits hs;
	struct item it;
	char text[2048];
	int i;

	if (rs == NULL)
		return;
	/* selection "first" is defined first (the condition names it
	 * last), so it is the one reported when both match */
	it = mk("first-word and second-word", "");
	i = hits_rule(rs, &it, &noctx, "m-report", &hs);
	T_ASSERT(i >= 0);
	if (i >= 0)
		T_EQ_STR(hs.sel[i], "first");
	it = mk("first-word", "");
	i = hits_rule(rs, &it, &noctx, "m-report", &hs);
	T_ASSERT(i >= 0);
	if (i >= 0)
		T_EQ_STR(hs.sel[i], "second");
	it = mk("first-word ignored", "");
	T_ASSERT(hits_rule(rs, &it, &noctx, "m-report", &hs) < 0);

	/* long text: cut on both sides at word boundaries, with "…" */
	text[0] = '\0';
	for (int k = 0; k < 60; k++)
		strcat(text, "lorem ");
	strcat(text, "a needle \n\t in   hay stack ");
	for (int k = 0; k < 60; k++)
		strcat(text, "ipsum ");
	it = mk("", text);
	i = hits_rule(rs, &it, &noctx, "m-excerpt", &hs);
	T_ASSERT(i >= 0);
	if (i >= 0) {
		const char *e = hs.excerpt[i];
		size_t el = strlen(e);

		T_EQ_STR(hs.match[i], "needle \n\t in   hay");
		T_EQ_STR(hs.hl[i], "needle in hay");
		T_ASSERT(strncmp(e, "…lorem ", 9) == 0);
		T_ASSERT(el > 6 && strcmp(e + el - 3, "…") == 0);
		T_ASSERT(strcmp(e + el - 9, " ipsum…") == 0);
		T_ASSERT(el <= 300 + 6);
		T_ASSERT(strstr(e, "  ") == NULL);
		T_ASSERT(utf8_valid(e, el));
	}
	/* short text: no cut marks, highlight offsets exact */
	it = mk("", "  find the needle in hay  ");
	i = hits_rule(rs, &it, &noctx, "m-excerpt", &hs);
	T_ASSERT(i >= 0);
	if (i >= 0) {
		T_EQ_STR(hs.excerpt[i], "find the needle in hay");
		T_EQ_INT(hs.hl_off[i], 9);
		T_EQ_STR(hs.hl[i], "needle in hay");
	}
	/* multi-byte text around the cut stays valid UTF-8 */
	text[0] = '\0';
	for (int k = 0; k < 100; k++)
		strcat(text, "été");
	strcat(text, " needle in hay ");
	for (int k = 0; k < 100; k++)
		strcat(text, "ünï");
	it = mk("", text);
	i = hits_rule(rs, &it, &noctx, "m-excerpt", &hs);
	T_ASSERT(i >= 0);
	if (i >= 0) {
		T_ASSERT(utf8_valid(hs.excerpt[i], strlen(hs.excerpt[i])));
		T_EQ_STR(hs.hl[i], "needle in hay");
	}
	rules_free(rs);
}

static void
test_match__invalid_utf8(void)
{
	struct ruleset *rs = load();
	struct hits hs;
	struct item it = mk("", "caf\xe9 bar \xff\xfe end");
	int i;

	if (rs == NULL)
		return;
	i = hits_rule(rs, &it, &noctx, "m-utf", &hs);
	T_ASSERT(i >= 0);
	if (i >= 0) {
		T_EQ_STR(hs.match[i], "bar");
		T_EQ_STR(hs.hl[i], "bar");
		T_ASSERT(utf8_valid(hs.excerpt[i], strlen(hs.excerpt[i])));
		T_CONTAINS(hs.excerpt[i], "caf\xef\xbf\xbd bar");
	}
	it = mk("\xc3", "\xe2\x82");
	(void)hits_rule(rs, &it, &noctx, "m-utf", &hs);
	T_ASSERT(find(&hs, "m-utf") < 0);
	rules_free(rs);
}

static uint64_t rng = 0x9e3779b97f4a7c15ULL;

static unsigned
rnd(unsigned n)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return (unsigned)(rng % n);
}

/* the literal prefilter never changes a result */
static void
test_match__prefilter_equivalence(void)
{
	static const char *const words[] = {
		"mesh", "Mesh", "MESH", "networking", "service", "alpha",
		"omega", "beta", "launch", "pricing", "plans", "acquires",
		"tailscale", "ZeroTier", "zero", "tier", "ZPA", "zpa",
		"needle", "in", "hay", "first-word", "second-word", "ignored",
		"scoped-word", "bar", "\xe2\x84\xaa", "\xc5\xbf", "aaaa", "!",
		"café", "naïve", "x", "\n", "  ", "\xff", "-", "/careers/",
	};
	const size_t nw = sizeof(words) / sizeof(words[0]);
	struct ruleset *rs = load();
	size_t checked = 0, hitsum = 0;

	if (rs == NULL)
		return;
	for (int round = 0; round < 3000; round++) {
		char title[256] = "", text[1024] = "";
		struct hits a, b;
		struct item it;
		unsigned n;

		n = 1 + rnd(6);
		for (unsigned k = 0; k < n; k++) {
			strcat(title, words[rnd((unsigned)nw)]);
			strcat(title, rnd(3) ? " " : "");
		}
		n = rnd(40);
		for (unsigned k = 0; k < n; k++) {
			strcat(text, words[rnd((unsigned)nw)]);
			strcat(text, rnd(4) ? " " : "");
		}
		it = mk(title, text);
		memset(&a, 0, sizeof(a));
		memset(&b, 0, sizeof(b));
		match_set_prefilter(1);
		match_item(rs, &it, NULL, collect, &a);
		match_set_prefilter(0);
		match_item(rs, &it, NULL, collect, &b);
		T_EQ_INT(a.n, b.n);
		for (size_t i = 0; i < a.n && i < b.n; i++) {
			T_EQ_STR(a.rule[i], b.rule[i]);
			T_EQ_STR(a.sel[i], b.sel[i]);
			T_EQ_STR(a.match[i], b.match[i]);
		}
		checked++;
		hitsum += a.n;
	}
	match_set_prefilter(1);
	T_EQ_INT(checked, 3000);
	T_ASSERT(hitsum > 300);		/* the inputs do exercise the rules */
	/* U+212A KELVIN SIGN folds to k and U+017F LONG S to s under
	 * caseless UCP matching; the prefilter must know that */
	{
		struct hits hs;
		struct item it = mk("mesh networ\xe2\x84\xaaing", "");

		T_ASSERT(hits_rule(rs, &it, &noctx, "m-list", &hs) >= 0);
		it = mk("\xc5\xbf" "ervice mesh", "");
		T_ASSERT(hits_rule(rs, &it, &noctx, "m-list", &hs) >= 0);
	}
	rules_free(rs);
}

T_MAIN(T_CASE(test_match__list_and_map), T_CASE(test_match__all_and_near),
    T_CASE(test_match__alias_case_categories), T_CASE(test_match__scoping),
    T_CASE(test_match__catastrophic), T_CASE(test_match__report_and_excerpt),
    T_CASE(test_match__invalid_utf8),
    T_CASE(test_match__prefilter_equivalence))
