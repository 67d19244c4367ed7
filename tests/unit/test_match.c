#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "buf.h"
#include "diag.h"
#include "explain.h"
#include "item.h"
#include "match.h"
#include "rules.h"
#include "rules_private.h"
#include "t.h"
#include "textseg.h"
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

static const struct match_ctx noctx = { "src", NULL, NULL, NULL, NULL };

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
	struct match_ctx ctx = { "acme-careers", "acme", tags, NULL, NULL };
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

/* issue 13 item 18: after MATCH_LIMIT_BUDGET items with a limit error a
 * rule is suspended: no more work, no more warnings */
static void
test_match__limit_budget(void)
{
	struct ruleset *rs = load();
	struct hits hs;
	struct item it = mk("", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!");
	size_t before = match_limit_errors(), idx = 0;
	unsigned errors = 0;

	if (rs == NULL)
		return;
	while (idx < rs->n && strcmp(rs->rules[idx].id, "m-catastrophic") != 0)
		idx++;
	T_ASSERT(idx < rs->n);
	for (int i = 0; i < MATCH_LIMIT_BUDGET; i++) {
		T_ASSERT(!match_rule_suspended(rs, idx, NULL));
		(void)hits_rule(rs, &it, &noctx, "m-catastrophic", &hs);
	}
	T_EQ_INT(match_limit_errors(), before + MATCH_LIMIT_BUDGET);
	T_ASSERT(match_rule_suspended(rs, idx, &errors));
	T_EQ_INT(errors, MATCH_LIMIT_BUDGET);
	for (int i = 0; i < 10; i++)
		(void)hits_rule(rs, &it, &noctx, "m-catastrophic", &hs);
	T_EQ_INT(match_limit_errors(), before + MATCH_LIMIT_BUDGET);
	/* suspended: even a subject it would match */
	it = mk("", "xaaa");
	T_ASSERT(hits_rule(rs, &it, &noctx, "m-catastrophic", &hs) < 0);
	/* the other rules go on */
	it = mk("service mesh", "");
	T_ASSERT(hits_rule(rs, &it, &noctx, "m-list", &hs) >= 0);
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
	/* the prefilter is in effect: m-list is indexed, `not a` is not */
	T_ASSERT(rs->priv != NULL && rs->priv->pf != NULL);
	if (rs->priv != NULL && rs->priv->pf != NULL) {
		for (size_t i = 0; i < rs->n; i++)
			if (strcmp(rs->rules[i].id, "m-list") == 0)
				T_EQ_INT(rs->priv->always[i], 0);
		T_ASSERT(pf_nlits(rs->priv->pf) > 5);
	}
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

/* ---- the prefilter on random rule sets ---- */

static const char *const vocab[] = {
	"mesh", "vpn", "zero", "trust", "kelvin", "skis", "net", "tier",
	"zerotier", "acme", "launch", "pricing", "caf\xc3\xa9", "alpha",
	"omega", "ask", "x",
};
#define NVOCAB	(sizeof(vocab) / sizeof(vocab[0]))

static void
r_word(struct buf *b)
{
	const char *w = vocab[rnd((unsigned)NVOCAB)];

	if (rnd(5) == 0) {
		for (; *w; w++)
			buf_addch(b, *w >= 'a' && *w <= 'z' ? *w - 32 : *w);
	} else if (rnd(6) == 0 && *w >= 'a' && *w <= 'z') {
		buf_addf(b, "[%c%c]%s", *w, *w - 32, w + 1);
	} else
		buf_addstr(b, w);
}

static void r_seq(struct buf *, int);

static void
r_term(struct buf *b, int depth)
{
	switch (rnd(depth > 1 ? 3 : 8)) {
	case 0: case 1: case 2:
		r_word(b);
		break;
	case 3:
		buf_addstr(b, "(?:");
		r_seq(b, depth + 1);
		for (unsigned k = 1 + rnd(2); k > 0; k--) {
			buf_addch(b, '|');
			r_seq(b, depth + 1);
		}
		buf_addch(b, ')');
		buf_addstr(b, (const char *[]){ "", "", "?", "{1,2}" }[rnd(4)]);
		break;
	case 4:
		buf_addstr(b, (const char *[]){ "\\d+", "\\w{0,3}", ".",
		    "[a-z]" }[rnd(4)]);
		break;
	case 5:
		buf_addstr(b, rnd(2) ? "(?=" : "(?!");
		r_word(b);
		buf_addch(b, ')');
		break;
	case 6:
		buf_addstr(b, (const char *[]){ "\\b", "^", "$" }[rnd(3)]);
		break;
	default:
		r_word(b);
		buf_addstr(b, (const char *[]){ "s?", "e?" }[rnd(2)]);
		break;
	}
}

static void
r_seq(struct buf *b, int depth)
{
	r_term(b, depth);
	for (unsigned k = rnd(3); k > 0; k--) {
		buf_addstr(b, (const char *[]){ " ", "\\s+", "\\s*", "[- ]?",
		    "\\W", "-" }[rnd(6)]);
		r_term(b, depth);
	}
}

/* a random pattern that compiles, as a single-quoted YAML scalar */
static void
r_pattern(struct buf *yaml)
{
	for (;;) {
		struct buf re = BUF_INIT;
		pcre2_code *code;
		int ec;
		PCRE2_SIZE eo;

		if (rnd(6) == 0)
			buf_addstr(&re, "(?-i)");
		r_seq(&re, 0);
		if (rnd(6) == 0) {
			buf_addch(&re, '|');
			r_seq(&re, 0);
		}
		code = pcre2_compile((PCRE2_SPTR)re.data, re.len, PCRE2_UTF |
		    PCRE2_UCP | PCRE2_CASELESS, &ec, &eo, NULL);
		if (code != NULL) {
			pcre2_code_free(code);
			buf_addch(yaml, '\'');
			for (size_t i = 0; i < re.len; i++) {
				if (re.data[i] == '\'')
					buf_addch(yaml, '\'');
				buf_addch(yaml, re.data[i]);
			}
			buf_addch(yaml, '\'');
			buf_release(&re);
			return;
		}
		buf_release(&re);
	}
}

static void
r_patterns(struct buf *yaml, unsigned n)
{
	buf_addch(yaml, '[');
	for (unsigned i = 0; i < n; i++) {
		if (i)
			buf_addstr(yaml, ", ");
		r_pattern(yaml);
	}
	buf_addch(yaml, ']');
}

static const char *const field_sets[] = {
	"", "fields: [title]\n", "fields: [text]\n",
	"fields: [title, text, categories]\n", "fields: [categories]\n",
};
static const char *const conditions[] = {
	NULL, "a", "a and not b", "a or (b and not c)", "not a",
	"1 of them", "all of them", "2 of them", "not (a or b)",
	"(a or b) and c",
};

static void
r_rules(struct buf *y, unsigned nrules)
{
	for (unsigned r = 0; r < nrules; r++) {
		unsigned nsel = 3;

		buf_addf(y, "%sid: r-%u\ntitle: random %u\n%s", r ? "---\n" : "",
		    r, r, field_sets[rnd(5)]);
		buf_addstr(y, "detection:\n");
		for (unsigned s = 0; s < nsel; s++) {
			buf_addf(y, "  %c:", 'a' + s);
			switch (rnd(5)) {
			case 0:
				buf_addf(y, "\n    %s|all: ", rnd(2) ? "text" :
				    "title");
				r_patterns(y, 2);
				break;
			case 1:
				buf_addf(y, "\n    %s|near=%u: ", rnd(2) ?
				    "text" : "title", 1 + rnd(4));
				r_patterns(y, 2);
				break;
			case 2:
				buf_addstr(y, "\n    title: ");
				r_patterns(y, 1);
				buf_addstr(y, "\n    categories: ");
				r_patterns(y, 1);
				break;
			default:
				buf_addch(y, ' ');
				r_patterns(y, 1 + rnd(3));
				break;
			}
			buf_addch(y, '\n');
		}
		{
			const char *c = conditions[rnd(10)];

			if (c)
				buf_addf(y, "  condition: %s\n", c);
		}
	}
}

static void
r_text(struct buf *b, unsigned nwords)
{
	for (unsigned k = 0; k < nwords; k++) {
		const char *w = vocab[rnd((unsigned)NVOCAB)];

		for (; *w; w++) {
			unsigned r = rnd(30);

			if (*w == 'k' && r == 0)
				buf_addstr(b, "\xe2\x84\xaa");
			else if (*w == 's' && r == 0)
				buf_addstr(b, "\xc5\xbf");
			else if (r < 5 && *w >= 'a' && *w <= 'z')
				buf_addch(b, *w - 32);
			else
				buf_addch(b, *w);
		}
		buf_addstr(b, (const char *[]){ " ", " ", "  ", "-", "", "\n",
		    " 42 ", ". ", " \xc3\xa9 " }[rnd(9)]);
	}
}

static int
same_hits(const struct hits *a, const struct hits *b)
{
	int same = a->n == b->n;

	T_EQ_INT(a->n, b->n);
	for (size_t i = 0; i < a->n && i < b->n; i++) {
		T_EQ_STR(a->rule[i], b->rule[i]);
		T_EQ_STR(a->sel[i], b->sel[i]);
		T_EQ_STR(a->field[i], b->field[i]);
		T_EQ_STR(a->match[i], b->match[i]);
		T_EQ_STR(a->excerpt[i], b->excerpt[i]);
		T_EQ_INT(a->hl_off[i], b->hl_off[i]);
		same = same && strcmp(a->rule[i], b->rule[i]) == 0 &&
		    strcmp(a->sel[i], b->sel[i]) == 0 &&
		    strcmp(a->match[i], b->match[i]) == 0 &&
		    strcmp(a->excerpt[i], b->excerpt[i]) == 0;
	}
	return same;
}

/*
 * Random rule sets (alternations, classes, lookarounds, (?-i), |all,
 * |near, maps over title and categories, `not` and quantified
 * conditions) against random items (case changes, U+212A and U+017F for
 * k and s, non-ASCII, categories): the prefilter changes no hit, down to
 * the excerpt.
 */
static void
test_match__prefilter_random_rules(void)
{
	char dir[] = "/tmp/sigwatch-match-XXXXXX", path[600];
	size_t compared = 0, hitsum = 0, skipped = 0, sets = 0, always = 0;

	T_ASSERT(mkdtemp(dir) != NULL);
	snprintf(path, sizeof(path), "%s/r.yaml", dir);
	for (int set = 0; set < 40; set++) {
		struct buf y = BUF_INIT;
		struct diags d = DIAGS_INIT;
		struct ruleset *rs = NULL;
		FILE *fp;

		r_rules(&y, 10);
		fp = fopen(path, "w");
		T_ASSERT(fp != NULL);
		if (fp == NULL)
			break;
		fwrite(y.data, 1, y.len, fp);
		fclose(fp);
		if (rules_load(&rs, dir, &d) < 0) {
			diag_print(&d, stderr);
			fprintf(stderr, "%s\n", y.data);
			T_ASSERT(0);
			diags_release(&d);
			buf_release(&y);
			continue;
		}
		sets++;
		for (size_t i = 0; i < rs->n; i++)
			always += rs->priv->always[i];
		for (int k = 0; k < 150; k++) {
			struct buf t = BUF_INIT, x = BUF_INIT, c1 = BUF_INIT;
			struct item it;
			char *cats[1];
			struct hits a, b;
			size_t lim;

			r_text(&t, 1 + rnd(6));
			r_text(&x, rnd(2) ? rnd(12) : 40 + rnd(200));
			r_text(&c1, 1 + rnd(2));
			it = mk(t.data, x.data ? x.data : "");
			if (rnd(2)) {
				cats[0] = c1.data;
				it.categories = cats;
				it.ncategories = 1;
			}
			lim = match_limit_errors();
			memset(&a, 0, sizeof(a));
			memset(&b, 0, sizeof(b));
			match_set_prefilter(1);
			match_item(rs, &it, &noctx, collect, &a);
			match_set_prefilter(0);
			match_item(rs, &it, &noctx, collect, &b);
			match_set_prefilter(1);
			/* a regex limit may trip on one side only */
			if (match_limit_errors() != lim)
				skipped++;
			else if (!same_hits(&a, &b))
				fprintf(stderr, "rules:\n%s\nitem: %s | %s\n",
				    y.data, t.data, x.data ? x.data : "");
			compared++;
			hitsum += a.n;
			buf_release(&t);
			buf_release(&x);
			buf_release(&c1);
		}
		rules_free(rs);
		diags_release(&d);
		buf_release(&y);
	}
	unlink(path);
	rmdir(dir);
	T_EQ_INT(sets, 40);
	T_EQ_INT(compared, 40 * 150);
	T_ASSERT(skipped < compared / 100);
	T_ASSERT(hitsum > compared / 4);	/* the rules do hit */
	T_ASSERT(always < sets * 10);		/* most rules are indexed */
}

static char *
explain(struct ruleset *rs, const struct item *it,
    const struct match_ctx *ctx, const char *rule)
{
	char *out = NULL;
	size_t len = 0;
	FILE *fp = open_memstream(&out, &len);

	if (fp == NULL)
		return NULL;
	explain_rules(rs, it, ctx, rule, fp);
	fclose(fp);
	return out;
}

static void
test_match__explain(void)
{
	struct ruleset *rs = load();
	struct item it;
	struct match_ctx ctx = { "blog", "initech", NULL, NULL, NULL };
	const char *const tags[] = { "news", NULL };
	char *out;

	if (rs == NULL)
		return;
	/* |near: the closest distance found against N */
	it = mk("", "alpha one two three four omega");
	out = explain(rs, &it, NULL, "m-near");
	T_CONTAINS(out, "rule m-near: no match\n");
	T_CONTAINS(out, "  selection sel: false\n");
	T_CONTAINS(out, "    text|near=3: false (closest: 5 words apart, "
	    "near=3)\n");
	T_CONTAINS(out, "  condition: ");
	T_CONTAINS(out, "= false\n");
	free(out);
	/* a map: each key with its value, the true one with its match */
	it = mk("We launch today", "Nothing");
	out = explain(rs, &it, NULL, "m-map");
	T_CONTAINS(out, "  selection both: false\n");
	T_CONTAINS(out, "    title: true (\"launch\")\n");
	T_CONTAINS(out, "    text: false\n");
	free(out);
	/* |all names the pattern found nowhere */
	it = mk("", "alpha only");
	out = explain(rs, &it, NULL, "m-all");
	T_CONTAINS(out, "text|all: false (\"\\\\bbeta\\\\b\" not found)");
	free(out);
	/* a true selection shows its field and match */
	it = mk("", "mesh networking with alpha");
	out = explain(rs, &it, NULL, "m-near");
	T_CONTAINS(out, "text|near=3: false (\"\\\\bomega\\\\b\" not found)");
	free(out);
	out = explain(rs, &it, NULL, "m-list");
	T_EQ_STR(out, "rule m-list: matches (selection sel, text: "
	    "\"mesh networking\")\n");
	free(out);
	out = explain(rs, &it, NULL, "no-such-rule");
	T_EQ_STR(out, "no rule no-such-rule\n");
	free(out);
	/* scoping */
	it = mk("", "scoped-word");
	out = explain(rs, &it, &ctx, "m-scope");
	T_EQ_STR(out, "rule m-scope: out of scope: competitor initech not in "
	    "[acme, globex]\n");
	free(out);
	ctx.competitor = "acme";
	ctx.tags = tags;
	out = explain(rs, &it, &ctx, "m-scope");
	T_EQ_STR(out, "rule m-scope: out of scope: source blog (tags news) "
	    "not in [jobs, acme-blog]\n");
	free(out);
	out = explain(rs, &it, NULL, "m-scope");
	T_CONTAINS(out, "matches");
	free(out);
	/* all rules: the ones that hit are left out */
	it = mk("", "alpha one omega");
	out = explain(rs, &it, NULL, NULL);
	T_ASSERT(out != NULL && strstr(out, "rule m-near") == NULL);
	T_CONTAINS(out, "rule m-list: no match\n");
	T_CONTAINS(out, "rule m-map: no match\n");
	T_CONTAINS(out, "text|all: false (\"\\\\bbeta\\\\b\" not found)");
	free(out);
	/* a true selection, with its field and match, in a false condition */
	it = mk("", "");
	it.link = (char *)"https://example.com/careers/";
	out = explain(rs, &it, NULL, "m-link");
	T_CONTAINS(out, "  selection l: true (link: \"/careers/\")\n");
	T_CONTAINS(out, "  selection a: false\n");
	T_CONTAINS(out, "  condition: l and a = false\n");
	free(out);
	rules_free(rs);
}

/* where sentences end (textseg.h) */
static void
test_match__sentence_ends(void)
{
	static const char t1[] = "Zscaler, Inc. (NASDAQ: ZS) said so. Next";
	static const char t2[] =
	    "e.g. this one; and the U.S. market!\nNew line";
	static const char t3[] = "version 1.2.0 is out. it continues";

	T_ASSERT(!textseg_ends_at(t1, strlen(t1), 12));	/* Inc. */
	T_ASSERT(textseg_ends_at(t1, strlen(t1), 34));	/* so. Next */
	T_ASSERT(!textseg_ends_at(t2, strlen(t2), 3));	/* e.g. */
	T_ASSERT(textseg_ends_at(t2, strlen(t2), 13));	/* ; */
	T_ASSERT(!textseg_ends_at(t2, strlen(t2), 26));	/* U.S. */
	T_ASSERT(textseg_ends_at(t2, strlen(t2), 34));	/* ! */
	T_ASSERT(textseg_ends_at(t2, strlen(t2), 35));	/* line break */
	T_ASSERT(!textseg_ends_at(t3, strlen(t3), 9));	/* 1.2.0 */
	T_ASSERT(!textseg_ends_at(t3, strlen(t3), 20));	/* lower case next */
	T_ASSERT(textseg_ends_at(t3, strlen(t3), strlen(t3) - 1) == 0);
}

/* |sentence: every pattern in one sentence; with |near, close too */
static void
test_match__sentence(void)
{
	struct diags d = DIAGS_INIT;
	struct ruleset *rs = NULL;
	struct hits hs;
	struct item it;
	char *out = NULL;
	size_t len = 0;
	FILE *fp;
	int i;

	T_EQ_INT(rules_load(&rs, "tests/fixtures/rules/sentence", &d), 0);
	diags_release(&d);
	T_ASSERT(rs != NULL);
	if (rs == NULL)
		return;
	it = mk("t", "Zscaler said on Tuesday that it will acquire ZeroTier "
	    "for an undisclosed sum.");
	i = hits_rule(rs, &it, &noctx, "deal", &hs);
	T_ASSERT(i >= 0);
	if (i >= 0)
		T_EQ_STR(hs.match[i], "Zscaler said on Tuesday that it will "
		    "acquire ZeroTier");
	it = mk("t", "Zscaler, Inc. (NASDAQ: ZS) today announced an agreement "
	    "to acquire ZeroTier, Inc. The deal closes in Q3.");
	T_ASSERT(hits_rule(rs, &it, &noctx, "deal", &hs) >= 0);
	/* spread over sentences, clauses and list items: no */
	it = mk("t", "Zscaler reported results. It did not acquire anything. "
	    "ZeroTier shipped 1.14.");
	T_ASSERT(hits_rule(rs, &it, &noctx, "deal", &hs) < 0);
	it = mk("t", "Zscaler acquires Airgap; ZeroTier ships version 1.14");
	T_ASSERT(hits_rule(rs, &it, &noctx, "deal", &hs) < 0);
	it = mk("t", "Highlights\n- Zscaler buys a printer company\n"
	    "- ZeroTier adds multipath");
	T_ASSERT(hits_rule(rs, &it, &noctx, "deal", &hs) < 0);
	/* one buried bullet is one sentence */
	it = mk("t", "Highlights\n- Printers\n- Zscaler agrees to buy "
	    "ZeroTier\n- Weather");
	i = hits_rule(rs, &it, &noctx, "deal", &hs);
	T_ASSERT(i >= 0);
	if (i >= 0)
		T_EQ_STR(hs.match[i], "Zscaler agrees to buy ZeroTier");
	/* a later sentence can hold them all */
	it = mk("t", "ZeroTier ships 1.14. Zscaler buys ZeroTier.");
	i = hits_rule(rs, &it, &noctx, "deal", &hs);
	T_ASSERT(i >= 0);
	if (i >= 0)
		T_EQ_STR(hs.match[i], "Zscaler buys ZeroTier");
	/* |near=3|sentence */
	it = mk("t", "A new mesh for networking teams.");
	T_ASSERT(hits_rule(rs, &it, &noctx, "mesh-near", &hs) >= 0);
	it = mk("t", "We sell mesh. Networking is hard.");
	T_ASSERT(hits_rule(rs, &it, &noctx, "mesh-near", &hs) < 0);
	it = mk("t", "A mesh of many cities and data centres for networking.");
	T_ASSERT(hits_rule(rs, &it, &noctx, "mesh-near", &hs) < 0);
	/* URLs never count, even printed as text */
	it = mk("t", "Read more: https://blog.example/mesh-networking-launch.");
	T_ASSERT(hits_rule(rs, &it, &noctx, "mesh-near", &hs) < 0);
	it = mk("t", "Slides at http://example.com/mesh/networking/ and more");
	T_ASSERT(hits_rule(rs, &it, &noctx, "mesh-near", &hs) < 0);
	it = mk("t", "New mesh networking (https://blog.example/x).");
	i = hits_rule(rs, &it, &noctx, "mesh-near", &hs);
	T_ASSERT(i >= 0);
	if (i >= 0)
		T_EQ_STR(hs.match[i], "mesh networking");
	/* --explain says why not */
	it = mk("t", "Zscaler reported results. ZeroTier was not acquired.");
	fp = open_memstream(&out, &len);
	explain_rules(rs, &it, NULL, "deal", fp);
	fclose(fp);
	T_CONTAINS(out, "text|sentence: false (never all in one sentence)");
	free(out);
	rules_free(rs);
}

T_MAIN(T_CASE(test_match__list_and_map), T_CASE(test_match__all_and_near),
    T_CASE(test_match__alias_case_categories), T_CASE(test_match__scoping),
    T_CASE(test_match__catastrophic),
    T_CASE(test_match__limit_budget), T_CASE(test_match__report_and_excerpt),
    T_CASE(test_match__invalid_utf8),
    T_CASE(test_match__prefilter_equivalence),
    T_CASE(test_match__prefilter_random_rules), T_CASE(test_match__explain),
    T_CASE(test_match__sentence_ends), T_CASE(test_match__sentence))
