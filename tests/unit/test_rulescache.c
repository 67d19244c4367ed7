/*
 * The rules' verdict cache (rules_load_cached(), rulescache.h): a second
 * load of the same bytes compiles nothing and says the same; anything
 * else about the bytes or the file means a full validation.
 */
#define _XOPEN_SOURCE 700

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "diag.h"
#include "item.h"
#include "match.h"
#include "rules.h"
#include "rules_private.h"
#include "t.h"
#include "t_helpers.h"
#include "util.h"

/* warnings of every kind a valid rule set can give, live and compiled */
static const char ALIASES[] =
    "vendor: [acme, 'globex corp']\n";
static const char RULES[] =
    "id: r-empty\n"
    "title: Empty\n"
    "detection:\n"
    "  a: ['%{vendor} (mesh|grid)', 'x*']\n"
    "  unused: [never]\n"
    "  condition: a\n"
    "tests:\n"
    "  match: [acme mesh launch]\n"
    "---\n"
    "id: r-nested\n"
    "title: Nested\n"
    "detection:\n"
    "  b: ['(a+)+b', 'pricing', 'y?']\n"
    "  condition: b\n"
    "---\n"
    "id: r-scoped\n"
    "title: Scoped\n"
    "competitor: initech\n"
    "detection:\n"
    "  c: [initech]\n";
static const char SILENCES[] =
    "- rule: r-empty\n"
    "  until: 2000-01-01\n"
    "  reason: old\n";
static const char COMPETITORS[] =
    "- id: acme\n"
    "  names: [Acme]\n";

struct fx {
	char	*dir;		/* the temp dir */
	char	 rules[600], cache[600];
};

static void
fx_setup(struct fx *f)
{
	char p[700];

	f->dir = strdup(t_mkdtemp("rulescache"));
	snprintf(f->rules, sizeof(f->rules), "%s/rules", f->dir);
	snprintf(f->cache, sizeof(f->cache), "%s/rules-verdict", f->dir);
	snprintf(p, sizeof(p), "mkdir -p '%s'", f->rules);
	T_ASSERT(system(p) == 0);
	snprintf(p, sizeof(p), "%s/aliases.yaml", f->rules);
	T_ASSERT(t_write_file(p, ALIASES) == 0);
	snprintf(p, sizeof(p), "%s/a.yaml", f->rules);
	T_ASSERT(t_write_file(p, RULES) == 0);
	snprintf(p, sizeof(p), "%s/silences.yaml", f->rules);
	T_ASSERT(t_write_file(p, SILENCES) == 0);
	snprintf(p, sizeof(p), "%s/competitors.yaml", f->rules);
	T_ASSERT(t_write_file(p, COMPETITORS) == 0);
}

static void
fx_free(struct fx *f)
{
	t_rmtree(f->dir);
	free(f->dir);
}

/* load through the cache (saving a fresh verdict); the diagnostics as
 * printed, *hit whether the verdict was used */
static char *
load(const struct fx *f, const char *salt, int *rc, int *hit,
    struct ruleset **rsp)
{
	struct rules_cache c = RULES_CACHE_INIT;
	struct diags d = DIAGS_INIT;
	struct ruleset *rs = NULL;
	char *text;

	*rc = rules_load_cached(&rs, f->rules, f->cache, salt, &c, &d);
	*hit = c.hit;
	T_ASSERT(!(c.hit && c.fresh));
	T_ASSERT(rules_cache_save(&c, f->cache, NULL) == 0);
	rules_cache_release(&c);
	text = t_diags_text(&d);
	if (rsp)
		*rsp = rs;
	else
		rules_free(rs);
	return text;
}

struct hits {
	char	 buf[2048];
	size_t	 len;
};

static void
on_hit(const struct match_hit *h, void *payload)
{
	struct hits *hs = payload;

	hs->len += (size_t)snprintf(hs->buf + hs->len, sizeof(hs->buf) -
	    hs->len, "%s/%s/%s/%.*s;", h->rule->id, h->selection, h->field,
	    (int)h->matchlen, h->match);
}

/* what rs says about a few items, as one string */
static void
match_all(const struct ruleset *rs, struct hits *hs)
{
	static const char *const titles[] = {
		"Acme mesh launch", "globex corp GRID", "pricing aab",
		"nothing at all", ""
	};
	struct match_ctx ctx;

	memset(hs, 0, sizeof(*hs));
	memset(&ctx, 0, sizeof(ctx));
	ctx.source_id = "s";
	for (size_t i = 0; i < sizeof(titles) / sizeof(*titles); i++) {
		struct item it;

		memset(&it, 0, sizeof(it));
		it.id = (char *)"i";
		it.title = (char *)titles[i];
		it.text = (char *)"";
		it.published = it.updated = TIME_NONE;
		(void)match_item(rs, &it, &ctx, on_hit, hs);
		hs->len += (size_t)snprintf(hs->buf + hs->len,
		    sizeof(hs->buf) - hs->len, "|");
	}
}

/* second load: the verdict is used, nothing compiles, same diagnostics,
 * same revs, same hits (compiled on the first match, once) */
static void
test_rulescache__hit(void)
{
	struct fx f;
	struct ruleset *full = NULL, *lazy = NULL;
	struct hits a, b;
	char *d1, *d2;
	size_t before;
	int rc, hit;

	fx_setup(&f);
	d1 = load(&f, "v1", &rc, &hit, &full);
	T_EQ_INT(rc, 0);
	T_EQ_INT(hit, 0);
	/* the fixture warns the way the cache must reproduce */
	T_CONTAINS(d1, "a.yaml:4:32: warning: pattern matches the empty string");
	T_CONTAINS(d1, "a.yaml:13:28: warning: pattern matches the empty string");
	T_CONTAINS(d1, "warning: nested quantifier");
	T_CONTAINS(d1, "selection 'unused' is not used");
	T_CONTAINS(d1, "competitor 'initech' is not in competitors.yaml");
	T_CONTAINS(d1, "silence expired on 2000-01-01");
	before = rules_deferred_compiles();
	d2 = load(&f, "v1", &rc, &hit, &lazy);
	T_EQ_INT(rc, 0);
	T_EQ_INT(hit, 1);
	T_EQ_STR(d2, d1);
	T_EQ_INT(rules_deferred_compiles(), before);	/* none at load */
	T_ASSERT(lazy != NULL && full != NULL);
	if (lazy && full) {
		T_EQ_INT(lazy->n, full->n);
		for (size_t i = 0; i < lazy->n && i < full->n; i++)
			T_EQ_STR(lazy->rules[i].rev, full->rules[i].rev);
		match_all(full, &a);
		T_EQ_INT(rules_deferred_compiles(), before);
		match_all(lazy, &b);
		/* 7 patterns, compiled once for all the items */
		T_EQ_INT(rules_deferred_compiles(), before + 7);
		T_EQ_STR(b.buf, a.buf);
		T_CONTAINS(a.buf, "r-empty/a/title/Acme mesh");
		T_CONTAINS(a.buf, "r-nested/b/title/aab;");
	}
	rules_free(full);
	rules_free(lazy);
	free(d1);
	free(d2);
	fx_free(&f);
}

/* a changed byte, another salt: validated again (and re-recorded) */
static void
test_rulescache__changed(void)
{
	struct fx f;
	char p[700], *d;
	int rc, hit;

	fx_setup(&f);
	free(load(&f, "v1", &rc, &hit, NULL));
	free(load(&f, "v1", &rc, &hit, NULL));
	T_EQ_INT(hit, 1);
	free(load(&f, "v2", &rc, &hit, NULL));
	T_EQ_INT(hit, 0);		/* another version */
	free(load(&f, "v2", &rc, &hit, NULL));
	T_EQ_INT(hit, 1);
	/* a broken edit: every error, as without a cache */
	snprintf(p, sizeof(p), "%s/a.yaml", f.rules);
	T_ASSERT(t_write_file(p, "id: r\ntitle: T\ndetection:\n"
	    "  a: ['(open']\n") == 0);
	d = load(&f, "v2", &rc, &hit, NULL);
	T_EQ_INT(rc, -1);
	T_EQ_INT(hit, 0);
	T_CONTAINS(d, "a.yaml:4:13: error: invalid regex: missing closing "
	    "parenthesis");
	free(d);
	/* the bad bytes were never recorded as valid */
	d = load(&f, "v2", &rc, &hit, NULL);
	T_EQ_INT(rc, -1);
	T_EQ_INT(hit, 0);
	free(d);
	/* a failing tests: example is no verdict either */
	T_ASSERT(t_write_file(p, "id: r\ntitle: T\ndetection:\n"
	    "  a: [mesh]\ntests:\n  match: [grid]\n") == 0);
	d = load(&f, "v2", &rc, &hit, NULL);
	T_EQ_INT(rc, -1);
	T_CONTAINS(d, "should match this example but does not");
	free(d);
	d = load(&f, "v2", &rc, &hit, NULL);
	T_EQ_INT(hit, 0);
	T_EQ_INT(rc, -1);
	free(d);
	/* a new file is a change too */
	fx_free(&f);
	fx_setup(&f);
	free(load(&f, "v1", &rc, &hit, NULL));
	snprintf(p, sizeof(p), "%s/b.yaml", f.rules);
	T_ASSERT(t_write_file(p, "id: b\ntitle: B\ndetection:\n"
	    "  a: [x]\n") == 0);
	free(load(&f, "v1", &rc, &hit, NULL));
	T_EQ_INT(hit, 0);
	T_EQ_INT(rc, 0);
	fx_free(&f);
}

/* a verdict file that is not exactly what was written is ignored */
static void
test_rulescache__corrupt(void)
{
	struct fx f;
	char *good, *bad, *d1, *d2;
	size_t len, before;
	int rc, hit;

	fx_setup(&f);
	d1 = load(&f, "v1", &rc, &hit, NULL);
	good = t_read_file(f.cache, &len);
	T_ASSERT(good != NULL && len > 100);
	if (good == NULL)
		return;
	for (int k = 0; k < 6; k++) {
		bad = strdup(good);
		switch (k) {
		case 0:	/* truncated */
			bad[len / 2] = '\0';
			break;
		case 1:	/* a digit of the digest */
			bad[strlen("sigwatch rules verdict 1\ndigest ")] ^= 1;
			break;
		case 2:	/* the empty list edited, sum kept */
			*strstr(bad, "empty 2 ") = 'E';
			break;
		case 3:	/* the sum */
			bad[len - 2] = bad[len - 2] == '0' ? '1' : '0';
			break;
		case 4:	/* garbage */
			strcpy(bad, "\xff\xfe garbage\n");
			break;
		case 5:	/* empty */
			bad[0] = '\0';
			break;
		}
		T_ASSERT(t_write_file(f.cache, bad) == 0);
		before = rules_deferred_compiles();
		d2 = load(&f, "v1", &rc, &hit, NULL);
		T_EQ_INT(hit, 0);
		T_EQ_INT(rc, 0);
		T_EQ_STR(d2, d1);
		T_EQ_INT(rules_deferred_compiles(), before);
		free(d2);
		free(bad);
		/* the full validation wrote it back */
		bad = t_read_file(f.cache, &len);
		T_EQ_STR(bad, good);
		free(bad);
	}
	free(good);
	free(d1);
	fx_free(&f);
}

/* no cache path, or a directory that does not exist: nothing written */
static void
test_rulescache__nowhere(void)
{
	struct rules_cache c = RULES_CACHE_INIT;
	struct diags d = DIAGS_INIT;
	struct ruleset *rs = NULL;
	struct fx f;
	char p[700];

	fx_setup(&f);
	snprintf(p, sizeof(p), "%s/no/such/dir/rules-verdict", f.dir);
	T_EQ_INT(rules_load_cached(&rs, f.rules, p, "v1", &c, &d), 0);
	T_EQ_INT(c.fresh, 1);
	T_EQ_INT(rules_cache_save(&c, p, NULL), 0);
	snprintf(p, sizeof(p), "%s/no", f.dir);
	T_ASSERT(access(p, F_OK) != 0);
	rules_cache_release(&c);
	rules_free(rs);
	diags_release(&d);
	fx_free(&f);
}

T_MAIN(
	T_CASE(test_rulescache__hit),
	T_CASE(test_rulescache__changed),
	T_CASE(test_rulescache__corrupt),
	T_CASE(test_rulescache__nowhere)
)
