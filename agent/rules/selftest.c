#include "selftest.h"

#include <string.h>

#include "item.h"
#include "match.h"
#include "util.h"

static void
selftest_example(const struct rule *r, const struct ynode *ex, int want,
    struct diags *d, void *matcher)
{
	struct item it;
	struct match_hit hit;
	size_t ml;
	int got;

	memset(&it, 0, sizeof(it));
	it.id = (char *)"example";
	it.title = ex->str;
	it.text = ex->str;
	it.published = it.updated = TIME_NONE;
	got = match_rule(matcher, r, &it, "tests", &hit);
	if (want && !got)
		ydiag(d, DIAG_ERROR, ex, "rule \"%s\" should match this "
		    "example but does not", r->id);
	else if (!want && got) {
		ml = utf8_trunc(hit.match, hit.matchlen, 80);
		ydiag(d, DIAG_ERROR, ex, "rule \"%s\" should not match this "
		    "example but does (selection \"%s\" matched \"%.*s\")",
		    r->id, hit.selection, (int)ml, hit.match);
	}
}

void
selftest_attach(struct rules_compiler *c, struct matcher *m)
{
	rules_on_example(c, selftest_example, m);
}
