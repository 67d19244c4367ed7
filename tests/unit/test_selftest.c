#define _XOPEN_SOURCE 700

/*
 * selftest: a rule's tests: examples matched as items (title and text),
 * a wrong answer an error at the example with the selection and match.
 */
#include "selftest.h"
#include "match.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "t.h"
#include "t_helpers.h"

/* compile one rules file (with competitors.yaml naming acme); the
 * diagnostics as printed, malloc'd; *rc from rules_compile */
static char *
compile_rules(const char *yaml, int hook, int *rc)
{
	static const char comps[] = "- id: acme\n  names: [Acme]\n";
	struct diags d = DIAGS_INIT;
	struct rules_compiler *c = rules_compiler_new(&d);
	struct matcher *m = matcher_new();
	struct ruleset *rs = NULL;

	if (hook)
		selftest_attach(c, m);
	(void)rules_add_buf(c, RULES_PART_COMPETITORS, "competitors.yaml",
	    comps, strlen(comps));
	(void)rules_add_buf(c, RULES_PART_RULES, "r.yaml", yaml,
	    strlen(yaml));
	*rc = rules_compile(&rs, c);
	rules_compiler_free(c);
	matcher_free(m);
	rules_free(rs);
	return t_diags_text(&d);
}

static void
test_selftest__examples_pass(void)
{
	int rc = -1;
	/* scoping plays no part: sources and competitor do not stop the
	 * examples; title: patterns see the example too */
	char *t = compile_rules("id: r1\ntitle: T\ncompetitor: acme\n"
	    "sources: [news]\ndetection:\n  head:\n    title: ['launch(es)?']\n"
	    "  body: ['\\bmesh\\b']\n  condition: head and body\n"
	    "tests:\n  match: ['Acme launches mesh']\n"
	    "  nomatch: ['Acme launches', 'a mesh']\n", 1, &rc);

	T_EQ_STR(t, "");
	T_EQ_INT(rc, 0);
	free(t);
}

static void
test_selftest__wrong_answers_located(void)
{
	int rc = 0;
	const char *rule = "id: r2\ntitle: T\ndetection:\n"
	    "  sel: ['mesh\\s+\\w+']\n  condition: sel\ntests:\n"
	    "  match:\n    - 'no such thing'\n"
	    "  nomatch: [ok, \"the Mesh   VPN story\"]\n";
	char *t = compile_rules(rule, 1, &rc);

	T_EQ_STR(t, "r.yaml:8:7: error: rule \"r2\" should match this "
	    "example but does not\n"
	    "r.yaml:9:17: error: rule \"r2\" should not match this example "
	    "but does (selection \"sel\" matched \"Mesh   VPN\")\n");
	T_EQ_INT(rc, -1);
	free(t);
	/* the hook is what matches: without it only the shape is checked */
	t = compile_rules(rule, 0, &rc);
	T_EQ_STR(t, "");
	T_EQ_INT(rc, 0);
	free(t);
}

/* the quoted match is cut at 80 bytes, on a character boundary */
static void
test_selftest__long_match_cut(void)
{
	char rule[1024], ex[200], want[600];
	char *t;
	int rc = 0;

	/* 79 x, then a 2-byte e-acute that would straddle byte 80 */
	memset(ex, 'x', 79);
	snprintf(ex + 79, sizeof(ex) - 79, "\xc3\xa9yyyyyyyyyy");
	snprintf(rule, sizeof(rule), "id: r3\ntitle: T\ndetection:\n"
	    "  s: ['x+.y+']\n  condition: s\ntests:\n  nomatch: ['%s']\n", ex);
	t = compile_rules(rule, 1, &rc);
	snprintf(want, sizeof(want), "r.yaml:7:13: error: rule \"r3\" should "
	    "not match this example but does (selection \"s\" matched "
	    "\"%.79s\")\n", ex);
	T_EQ_STR(t, want);
	T_EQ_INT(rc, -1);
	free(t);
}

T_MAIN(T_CASE(test_selftest__examples_pass),
    T_CASE(test_selftest__wrong_answers_located),
    T_CASE(test_selftest__long_match_cut))
