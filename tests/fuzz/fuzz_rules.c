/*
 * rules_load() on a rules directory built from the input: the bytes before
 * the first NUL are rules/fuzz.yaml, the bytes after it (if any) are
 * rules/aliases.yaml. Either a ruleset or diagnostics, each with a path
 * and valid UTF-8 text; never both, never a crash.
 */
#include <sys/stat.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "diag.h"
#include "fuzz.h"
#include "log.h"
#include "rules.h"

static char dir[256], rules_path[300], aliases_path[300];

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	log_init(LOG_LVL_QUIET);
	snprintf(dir, sizeof(dir), "%s/rules", fuzz_tmpdir());
	if (mkdir(dir, 0700) == -1) {
		perror(dir);
		abort();
	}
	snprintf(rules_path, sizeof(rules_path), "%s/fuzz.yaml", dir);
	snprintf(aliases_path, sizeof(aliases_path), "%s/aliases.yaml", dir);
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ruleset *rs = NULL;
	struct diags d = DIAGS_INIT;
	const uint8_t *nul;
	size_t n1;
	int rc;

	if (size > 128 * 1024)
		return 0;
	nul = memchr(data, '\0', size);
	n1 = nul ? (size_t)(nul - data) : size;
	fuzz_write_file(rules_path, data, n1);
	if (nul)
		fuzz_write_file(aliases_path, nul + 1, size - n1 - 1);
	else
		unlink(aliases_path);
	rc = rules_load(&rs, dir, &d);
	if (rc == 0) {
		FUZZ_CHECK(rs != NULL);
		FUZZ_CHECK(d.errors == 0);
		for (size_t i = 0; i < rs->n; i++) {
			FUZZ_CHECK(rs->rules[i].id != NULL);
			FUZZ_CHECK(rules_find(rs, rs->rules[i].id) != NULL);
			FUZZ_CHECK(rs->rules[i].rev != NULL &&
			    strlen(rs->rules[i].rev) == 12);
		}
		rules_free(rs);
	} else {
		FUZZ_CHECK(rs == NULL);
		FUZZ_CHECK(d.errors > 0);
	}
	for (size_t i = 0; i < d.n; i++) {
		FUZZ_CHECK(d.v[i].msg != NULL && d.v[i].msg[0] != '\0');
		FUZZ_CHECK(d.v[i].path != NULL);
	}
	diags_release(&d);
	return 0;
}
