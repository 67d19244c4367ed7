#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "ytree.h"
#include "t.h"

/* YAML trees: positions, refusals (aliases, duplicate keys), getters */

static int
parse(struct ydocs *y, struct diags *d, const char *text)
{
	memset(y, 0, sizeof(*y));
	return ytree_parse(y, "t.yaml", text, strlen(text), d);
}

static int
has_diag(const struct diags *d, const char *needle)
{
	for (size_t i = 0; i < d->n; i++)
		if (strstr(d->v[i].msg, needle))
			return 1;
	return 0;
}

static void
test_ytree__tree_and_positions(void)
{
	struct ydocs y;
	struct diags d = DIAGS_INIT;
	const struct ynode *root, *v, *l;

	T_EQ_INT(parse(&y, &d, "a: 1\nlist:\n  - x\n  - 'y'\nm: {k: v}\n"),
	    0);
	T_EQ_INT(d.errors, 0);
	T_EQ_INT(y.ndocs, 1);
	root = y.docs[0];
	T_EQ_INT(root->kind, YNODE_MAP);
	T_EQ_INT(root->n, 3);
	v = ymap_get(root, "a");
	T_EQ_STR(v ? v->str : NULL, "1");
	T_EQ_INT(v ? v->line : 0, 1);
	T_EQ_INT(v ? v->col : 0, 4);
	T_EQ_STR(ymap_key(root, 1)->str, "list");
	l = ymap_val(root, 1);
	T_EQ_INT(l->kind, YNODE_SEQ);
	T_EQ_INT(l->n, 2);
	T_EQ_STR(l->kids[1]->str, "y");
	T_EQ_INT(l->kids[1]->style, YSTYLE_SINGLE);
	T_EQ_INT(l->kids[1]->line, 4);
	T_EQ_STR(ynode_kind_name(l), "a list");
	T_EQ_STR(ynode_kind_name(ymap_get(root, "m")), "a map");
	T_EQ_STR(ynode_kind_name(v), "a string");
	T_ASSERT(ymap_get(root, "absent") == NULL);
	ydocs_release(&y);
	diags_release(&d);
}

static void
test_ytree__several_documents(void)
{
	struct ydocs y;
	struct diags d = DIAGS_INIT;

	T_EQ_INT(parse(&y, &d, "a: 1\n---\nb: 2\n"), 0);
	T_EQ_INT(y.ndocs, 2);
	T_ASSERT(ymap_get(y.docs[1], "b") != NULL);
	ydocs_release(&y);
	diags_release(&d);
}

static void
test_ytree__refuses_aliases(void)
{
	struct ydocs y;
	struct diags d = DIAGS_INIT;

	T_EQ_INT(parse(&y, &d, "a: &x [1, 2]\nb: *x\n"), -1);
	T_ASSERT(d.errors > 0);
	ydocs_release(&y);
	diags_release(&d);
}

static void
test_ytree__refuses_duplicate_keys(void)
{
	struct ydocs y;
	struct diags d = DIAGS_INIT;

	parse(&y, &d, "a: 1\nb: 2\na: 3\n");
	T_ASSERT(d.errors > 0);
	T_EQ_INT(d.n > 0 ? d.v[0].line : 0, 3);
	ydocs_release(&y);
	diags_release(&d);
}

static void
test_ytree__invalid_yaml(void)
{
	struct ydocs y;
	struct diags d = DIAGS_INIT;

	T_EQ_INT(parse(&y, &d, "a: [1, 2\n"), -1);
	T_ASSERT(d.errors > 0);
	T_EQ_STR(d.n > 0 ? d.v[0].path : NULL, "t.yaml");
	ydocs_release(&y);
	diags_release(&d);
}

static void
test_ytree__getters(void)
{
	struct ydocs y;
	struct diags d = DIAGS_INIT;
	const struct ynode *m;
	const char *s = NULL, **list = NULL;
	size_t n = 0;
	int b = -1;
	uint64_t u = 0, sz = 0;
	int64_t dur = 0;

	T_EQ_INT(parse(&y, &d, "s: text\nb: yes\nu: 42\ndur: 5m\n"
	    "size: 10MB\none: x\nmany: [p, q]\n"), 0);
	m = y.docs[0];
	T_EQ_INT(yget_str(&s, m, "s", &d), 0);
	T_EQ_STR(s, "text");
	T_EQ_INT(yget_bool(&b, m, "b", &d), 0);
	T_EQ_INT(b, 1);
	T_EQ_INT(yget_uint(&u, m, "u", 100, &d), 0);
	T_EQ_INT(u, 42);
	T_EQ_INT(yget_duration(&dur, m, "dur", &d), 0);
	T_EQ_INT(dur, 300);
	T_EQ_INT(yget_size(&sz, m, "size", &d), 0);
	T_EQ_INT(sz, 10 * 1024 * 1024);
	T_EQ_INT(yget_strlist(&list, &n, m, "one", &d), 0);
	T_EQ_INT(n, 1);
	T_EQ_STR(list[0], "x");
	T_ASSERT(list[1] == NULL);
	free(list);
	T_EQ_INT(yget_strlist(&list, &n, m, "many", &d), 0);
	T_EQ_INT(n, 2);
	T_EQ_STR(list[1], "q");
	free(list);
	/* absent keys leave the output alone and are no error */
	s = "kept";
	T_EQ_INT(yget_str(&s, m, "nope", &d), 0);
	T_EQ_STR(s, "kept");
	T_EQ_INT(yget_uint(&u, m, "nope", 100, &d), 0);
	T_EQ_INT(u, 42);
	T_EQ_INT(d.errors, 0);
	ydocs_release(&y);
	diags_release(&d);
}

static void
test_ytree__getter_errors(void)
{
	struct ydocs y;
	struct diags d = DIAGS_INIT;
	const struct ynode *m;
	const char *s = NULL, **list = NULL;
	size_t n = 0;
	int b = 0;
	uint64_t u = 0;
	int64_t dur = 0;

	T_EQ_INT(parse(&y, &d, "s: [a]\nb: maybe\nu: -1\nbig: 101\n"
	    "dur: soon\nl: {a: b}\nsz: 10 parsecs\nsz2: [1]\n"), 0);
	m = y.docs[0];
	T_EQ_INT(yget_str(&s, m, "s", &d), -1);
	T_EQ_INT(yget_bool(&b, m, "b", &d), -1);
	T_EQ_INT(yget_uint(&u, m, "u", 100, &d), -1);
	T_EQ_INT(yget_uint(&u, m, "big", 100, &d), -1);
	T_EQ_INT(yget_duration(&dur, m, "dur", &d), -1);
	T_EQ_INT(yget_strlist(&list, &n, m, "l", &d), -1);
	T_EQ_INT(yget_size(&u, m, "sz", &d), -1);
	T_EQ_INT(yget_size(&u, m, "sz2", &d), -1);
	T_EQ_INT(yget_size(&u, m, "absent", &d), 0);
	T_EQ_INT(yget_duration(&dur, m, "absent", &d), 0);
	T_EQ_INT(d.errors, 8);
	T_ASSERT(has_diag(&d, "'s' must be a string, not a list"));
	T_ASSERT(has_diag(&d, "'b' must be true or false, not 'maybe'"));
	T_ASSERT(has_diag(&d, "invalid duration 'soon' for 'dur' (use e.g. "
	    "30s, 5m, 1h, 7d)"));
	T_ASSERT(has_diag(&d, "invalid size '10 parsecs' for 'sz' (use e.g. "
	    "512KB, 10MB)"));
	T_ASSERT(has_diag(&d, "'sz2' must be a size, not a list"));
	ydocs_release(&y);
	diags_release(&d);
}

static void
test_ytree__check_map(void)
{
	struct ydocs y;
	struct diags d = DIAGS_INIT;
	static const char *const known[] = { "name", "url", NULL };

	T_EQ_INT(parse(&y, &d, "name: a\nulr: b\n"), 0);
	T_EQ_INT(ycheck_map(y.docs[0], "source", known, &d), -1);
	T_ASSERT(has_diag(&d, "unknown key 'ulr'"));
	T_ASSERT(has_diag(&d, "url"));		/* did you mean */
	ymissing(y.docs[0], "url", "source", &d);
	T_ASSERT(has_diag(&d, "source is missing required key 'url'"));
	ydocs_release(&y);
	diags_release(&d);
}

static void
test_ytree__scalar_nonempty(void)
{
	struct ydocs y;
	struct diags d = DIAGS_INIT;
	const struct ynode *m;

	T_EQ_INT(parse(&y, &d, "s: x\ne: ''\nl: [1]\n"), 0);
	m = y.docs[0];
	T_EQ_STR(yget_scalar(m, "s", &d)->str, "x");
	T_EQ_STR(yget_scalar(m, "e", &d)->str, "");
	T_ASSERT(yget_scalar(m, "absent", &d) == NULL);
	T_EQ_INT(d.errors, 0);
	T_ASSERT(yget_scalar(m, "l", &d) == NULL);
	T_EQ_INT(d.errors, 1);
	T_ASSERT(has_diag(&d, "'l' must be a string, not a list"));
	T_EQ_STR(yget_nonempty(m, "s", &d)->str, "x");
	T_ASSERT(yget_nonempty(m, "e", &d) == NULL);
	T_ASSERT(has_diag(&d, "'e' must not be empty"));
	T_ASSERT(yget_nonempty(m, "absent", &d) == NULL);
	T_EQ_INT(d.errors, 2);
	ydocs_release(&y);
	diags_release(&d);
}

T_MAIN(
	T_CASE(test_ytree__tree_and_positions),
	T_CASE(test_ytree__several_documents),
	T_CASE(test_ytree__refuses_aliases),
	T_CASE(test_ytree__refuses_duplicate_keys),
	T_CASE(test_ytree__invalid_yaml),
	T_CASE(test_ytree__getters),
	T_CASE(test_ytree__getter_errors),
	T_CASE(test_ytree__check_map),
	T_CASE(test_ytree__scalar_nonempty),
)
