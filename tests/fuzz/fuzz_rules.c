/*
 * The rule compiler on bytes (rules_add_buf(), no file): the input before
 * the first NUL is rules/fuzz.yaml, the bytes after it (if any) are
 * rules/aliases.yaml; tests: examples are matched, as rules_load() does.
 * Either a ruleset or diagnostics, each with a path and valid UTF-8 text;
 * never both, never a crash.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "fuzz.h"
#include "log.h"
#include "match.h"
#include "rules.h"
#include "selftest.h"

static struct matcher *m;

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	log_init(LOG_LVL_QUIET);
	m = matcher_new();
	return 0;
}

/* the ruleset the input compiles to, or NULL with errors in d */
static struct ruleset *
compile(const uint8_t *data, size_t size, struct diags *d)
{
	struct rules_compiler *c = rules_compiler_new(d);
	struct ruleset *rs = NULL;
	const uint8_t *nul = memchr(data, '\0', size);
	size_t n1 = nul ? (size_t)(nul - data) : size;
	int rc;

	selftest_attach(c, m);
	if (nul)
		(void)rules_add_buf(c, RULES_PART_ALIASES,
		    "rules/aliases.yaml", (const char *)nul + 1,
		    size - n1 - 1);
	(void)rules_add_buf(c, RULES_PART_RULES, "rules/fuzz.yaml",
	    (const char *)data, n1);
	rc = rules_compile(&rs, c);
	FUZZ_CHECK((rc == 0) == (rs != NULL));
	rules_compiler_free(c);
	return rs;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ruleset *rs;
	struct diags d = DIAGS_INIT;

	if (size > 128 * 1024)
		return 0;
	rs = compile(data, size, &d);
	if (rs != NULL) {
		FUZZ_CHECK(rs != NULL);
		FUZZ_CHECK(d.errors == 0);
		for (size_t i = 0; i < rs->n; i++) {
			FUZZ_CHECK(rs->rules[i].id != NULL);
			FUZZ_CHECK(rules_find(rs, rs->rules[i].id) != NULL);
			FUZZ_CHECK(rs->rules[i].rev != NULL &&
			    strlen(rs->rules[i].rev) == 12);
		}
		rules_free(rs);
	} else
		FUZZ_CHECK(d.errors > 0);
	for (size_t i = 0; i < d.n; i++) {
		FUZZ_CHECK(d.v[i].msg != NULL && d.v[i].msg[0] != '\0');
		FUZZ_CHECK(d.v[i].path != NULL);
	}
	diags_release(&d);
	return 0;
}
