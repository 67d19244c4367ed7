#define _XOPEN_SOURCE 700

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "diag.h"
#include "rules.h"
#include "t.h"
#include "t_helpers.h"
#include "util.h"

#define FIXTURES "tests/fixtures/rules"

static char *
slurp(const char *path)
{
	FILE *fp = fopen(path, "rb");
	char *s;
	long n;

	if (fp == NULL)
		return NULL;
	fseek(fp, 0, SEEK_END);
	n = ftell(fp);
	fseek(fp, 0, SEEK_SET);
	s = calloc(1, (size_t)n + 1);
	if (fread(s, 1, (size_t)n, fp) != (size_t)n) {
		free(s);
		s = NULL;
	}
	fclose(fp);
	return s;
}

/* load dir, return every diagnostic as printed (malloc'd) */
static char *
load_diags(const char *dir, int *rc, struct ruleset **rsp)
{
	struct diags d = DIAGS_INIT;
	struct ruleset *rs = NULL;
	char *text;

	*rc = rules_load(&rs, dir, &d);
	text = t_diags_text(&d);
	if (rsp)
		*rsp = rs;
	else
		rules_free(rs);
	return text;
}

static int
cmp_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* every tests/fixtures/rules/bad-X prints exactly bad-X/expected.err */
static void
test_rules__bad_fixtures(void)
{
	DIR *dp = opendir(FIXTURES);
	struct dirent *de;
	char *names[128];
	size_t n = 0;

	setenv("SIGWATCH_NOW", "2025-01-01T00:00:00Z", 1);
	T_ASSERT(dp != NULL);
	if (dp == NULL)
		return;
	while ((de = readdir(dp)) != NULL && n < 128)
		if (strncmp(de->d_name, "bad-", 4) == 0)
			names[n++] = strdup(de->d_name);
	closedir(dp);
	qsort(names, n, sizeof(*names), cmp_name);
	T_ASSERT(n >= 12);
	for (size_t i = 0; i < n; i++) {
		char dir[512], exp[600];
		char *want, *got;
		int rc;

		snprintf(dir, sizeof(dir), FIXTURES "/%s", names[i]);
		snprintf(exp, sizeof(exp), "%s/expected.err", dir);
		want = slurp(exp);
		got = load_diags(dir, &rc, NULL);
		T_ASSERT(want != NULL);
		T_EQ_STR(got, want);
		/* every bad fixture fails to load, except warning-only ones */
		if (want && strstr(want, ": error: "))
			T_EQ_INT(rc, -1);
		free(want);
		free(got);
		free(names[i]);
	}
}

static void
test_rules__good(void)
{
	struct ruleset *rs = NULL;
	const struct rule *r;
	char *diags;
	int rc;

	setenv("SIGWATCH_NOW", "2025-01-01T00:00:00Z", 1);
	diags = load_diags(FIXTURES "/good", &rc, &rs);
	T_EQ_INT(rc, 0);
	T_EQ_STR(diags, FIXTURES "/good/silences.yaml:8:10: warning: silence "
	    "expired on 2024-01-01T00:00:00Z\n");
	free(diags);
	T_ASSERT(rs != NULL);
	if (rs == NULL)
		return;
	T_EQ_INT(rs->n, 3);
	/* files in name order, documents in file order */
	T_EQ_STR(rs->rules[0].id, "cf-mesh-networking");
	T_EQ_STR(rs->rules[1].id, "cf-hiring-alumni");
	T_EQ_STR(rs->rules[2].id, "zs-acquisition");
	r = rules_find(rs, "cf-mesh-networking");
	T_ASSERT(r == &rs->rules[0]);
	T_ASSERT(rules_find(rs, "nope") == NULL);
	T_EQ_INT(r->severity, SEV_HIGH);
	T_EQ_STR(r->playbook, "cloudflare-connect");
	T_EQ_STR(r->competitors[0], "cloudflare");
	T_ASSERT(r->competitors[1] == NULL);
	T_EQ_STR(r->sources[1], "news");
	T_EQ_STR(r->fields[0], "title");
	T_EQ_STR(r->fields[1], "text");
	T_EQ_STR(r->falsepositives[0], "Marketing copy about the \"mesh\" of "
	    "Cloudflare data centers");
	T_EQ_INT(strlen(r->rev), 12);
	T_EQ_INT(strspn(r->rev, "0123456789abcdef"), 12);
	T_EQ_INT(r->line, 1);
	T_CONTAINS(r->path, "good/cloudflare.yaml");
	r = rules_find(rs, "cf-hiring-alumni");
	T_EQ_INT(r->severity, SEV_MEDIUM);
	T_ASSERT(r->playbook == NULL);
	T_EQ_INT(r->line, 30);
	T_EQ_INT(rules_find(rs, "zs-acquisition")->severity, SEV_CRITICAL);

	/* silences: globs, until, expired ones inactive */
	{
		int64_t t2025, t2031;

		T_EQ_INT(parse_time("2025-06-01", &t2025), 0);
		T_EQ_INT(parse_time("2031-06-01", &t2031), 0);
		T_EQ_STR(rules_silenced(rs, "cf-mesh-networking",
		    "cloudflare-press", "https://x/", t2025),
		    "press releases repeat blog posts");
		T_ASSERT(rules_silenced(rs, "cf-mesh-networking",
		    "cloudflare-blog", "https://x/", t2025) == NULL);
		T_ASSERT(rules_silenced(rs, "zs-acquisition",
		    "cloudflare-press", "https://x/", t2025) == NULL);
		T_ASSERT(rules_silenced(rs, "cf-mesh-networking",
		    "cloudflare-press", "https://x/", t2031) == NULL);
		/* expired silence never applies */
		T_ASSERT(rules_silenced(rs, "zs-acquisition", "zs-blog",
		    "https://example.com/old/1", t2025) == NULL);
		/* a date alone lasts through that day */
		T_EQ_INT(parse_time("2029-12-31T23:59:59Z", &t2025), 0);
		T_ASSERT(rules_silenced(rs, "cf-x", "cloudflare-press", NULL,
		    t2025) != NULL);
		T_EQ_INT(parse_time("2030-01-01T23:59:59Z", &t2025), 0);
		T_ASSERT(rules_silenced(rs, "cf-x", "cloudflare-press", NULL,
		    t2025) != NULL);
		T_EQ_INT(parse_time("2030-01-02T00:00:00Z", &t2025), 0);
		T_ASSERT(rules_silenced(rs, "cf-x", "cloudflare-press", NULL,
		    t2025) == NULL);
	}
	rules_free(rs);
}

static void
test_rules__severity(void)
{
	T_EQ_INT(severity_parse("info"), SEV_INFO);
	T_EQ_INT(severity_parse("critical"), SEV_CRITICAL);
	T_EQ_INT(severity_parse("High"), -1);
	T_EQ_STR(severity_name(SEV_LOW), "low");
	T_EQ_STR(severity_name(SEV_HIGH), "high");
}

static void
write_file(const char *dir, const char *name, const char *text)
{
	char path[512];
	FILE *fp;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	fp = fopen(path, "w");
	T_ASSERT(fp != NULL);
	if (fp == NULL)
		return;
	fputs(text, fp);
	fclose(fp);
}

/* rev of the single rule in a directory holding only rule text */
static char *
rev_of(const char *rule, const char *aliases)
{
	char dir[] = "/tmp/sigwatch-rules-XXXXXX", path[512];
	struct ruleset *rs = NULL;
	char *diags, *rev = NULL;
	int rc;

	T_ASSERT(mkdtemp(dir) != NULL);
	write_file(dir, "r.yaml", rule);
	if (aliases)
		write_file(dir, "aliases.yaml", aliases);
	diags = load_diags(dir, &rc, &rs);
	T_EQ_INT(rc, 0);
	T_EQ_STR(diags, "");
	if (rs && rs->n == 1)
		rev = strdup(rs->rules[0].rev);
	rules_free(rs);
	free(diags);
	snprintf(path, sizeof(path), "%s/r.yaml", dir);
	unlink(path);
	snprintf(path, sizeof(path), "%s/aliases.yaml", dir);
	unlink(path);
	rmdir(dir);
	return rev ? rev : strdup("none");
}

static void
test_rules__rev(void)
{
	const char *base = "id: r\ntitle: T\ndetection:\n  a: [alpha]\n"
	    "  b:\n    text: [beta]\n  condition: a or b\n";
	char *r1 = rev_of(base, NULL);
	char *r2 = rev_of("# comment\nid: r\ntitle: Other title\nseverity: "
	    "high\ndescription: x\ndetection:\n  a: [ 'alpha' ]\n  b:\n"
	    "    text: \"beta\"\n  condition: (a  or b)\n---\n", NULL);
	char *r3 = rev_of("id: r\ntitle: T\ndetection:\n  a: [alphas]\n"
	    "  b:\n    text: [beta]\n  condition: a or b\n", NULL);
	char *r4 = rev_of("id: r\ntitle: T\ndetection:\n  a: ['%{x}']\n"
	    "  b:\n    text: [beta]\n  condition: a or b\n", "x: [one]\n");
	char *r5 = rev_of("id: r\ntitle: T\ndetection:\n  a: ['%{x}']\n"
	    "  b:\n    text: [beta]\n  condition: a or b\n", "x: [two]\n");
	char *r6 = rev_of("id: r\ntitle: T\ncompetitor: acme\ndetection:\n"
	    "  a: [alpha]\n  b:\n    text: [beta]\n  condition: a or b\n",
	    NULL);
	char *r7 = rev_of("id: r\ntitle: T\ndetection:\n  a: [alpha]\n"
	    "  b:\n    text: [beta]\n  condition: a and b\n", NULL);

	/* title, severity, comments, quoting, spacing: same definition
	 * (and a trailing --- is an empty document, not a rule) */
	T_EQ_STR(r1, r2);
	T_ASSERT(strcmp(r1, r3) != 0);
	T_ASSERT(strcmp(r4, r5) != 0);	/* alias content counts */
	T_ASSERT(strcmp(r1, r6) != 0);
	T_ASSERT(strcmp(r1, r7) != 0);
	free(r1);
	free(r2);
	free(r3);
	free(r4);
	free(r5);
	free(r6);
	free(r7);
}

static void
test_rules__missing_dir(void)
{
	int rc;
	char *diags = load_diags(FIXTURES "/does-not-exist", &rc, NULL);

	T_EQ_INT(rc, -1);
	T_CONTAINS(diags, "does-not-exist: error: cannot open rules directory");
	free(diags);
}

/* aliases.yaml and silences.yaml each hold one document of one shape */
static char *
compile_part(enum rules_part part, const char *name, const char *text)
{
	struct diags d = DIAGS_INIT;
	struct rules_compiler *L = rules_compiler_new(&d);
	struct ruleset *rs = NULL;

	rules_add_buf(L, part, name, text, strlen(text));
	T_EQ_INT(rules_compile(&rs, L), -1);
	rules_compiler_free(L);
	return t_diags_text(&d);
}

static void
test_rules__one_document_files(void)
{
	char *t;

	t = compile_part(RULES_PART_SILENCES, "silences.yaml",
	    "- rule: a\n  until: 2099-01-01\n---\n- rule: b\n"
	    "  until: 2099-01-01\n");
	T_CONTAINS(t, "silences.yaml: error: silences must be one YAML "
	    "document");
	free(t);
	t = compile_part(RULES_PART_SILENCES, "silences.yaml", "rule: a\n");
	T_CONTAINS(t, "silences.yaml:1:1: error: silences must be a list, "
	    "not a map");
	free(t);
	t = compile_part(RULES_PART_ALIASES, "aliases.yaml",
	    "a: [x]\n---\nb: [y]\n");
	T_CONTAINS(t, "aliases.yaml: error: aliases must be one YAML "
	    "document");
	free(t);
	t = compile_part(RULES_PART_ALIASES, "aliases.yaml", "- x\n");
	T_CONTAINS(t, "aliases.yaml:1:1: error: aliases must be a map of "
	    "names to lists of patterns, not a list");
	free(t);
}

T_MAIN(T_CASE(test_rules__bad_fixtures), T_CASE(test_rules__good),
    T_CASE(test_rules__severity), T_CASE(test_rules__rev),
    T_CASE(test_rules__missing_dir), T_CASE(test_rules__one_document_files))
