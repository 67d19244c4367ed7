/*
 * extract_text() (HTML to plain text) and extract_plain() on arbitrary
 * bytes: the result is valid UTF-8, whatever the encoding claims.
 */
#include <stdlib.h>
#include <string.h>

#include "err.h"
#include "extract.h"
#include "feed.h"
#include "fuzz.h"
#include "log.h"

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	log_init(LOG_LVL_QUIET);
	feed_global_init();
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const charsets[] = {
		NULL, "utf-8", "windows-1252", "iso-8859-1", "shift_jis",
		"x-bogus", "utf-16", NULL
	};
	const char *cs = size ? charsets[data[0] & 7] : NULL;
	struct err err = ERR_INIT;
	char *doc = malloc(size ? size : 1), *t;

	if (doc == NULL)
		abort();
	memcpy(doc, data, size);
	t = extract_text(doc, size, cs);
	if (t != NULL) {
		FUZZ_CHECK(fuzz_utf8_str(t));
		free(t);
	}
	t = NULL;
	if (extract_text_checked(&t, doc, size, cs, &err) == 0) {
		FUZZ_CHECK(t != NULL && fuzz_utf8_str(t));
	} else
		FUZZ_CHECK(err.code < 0);
	free(t);
	t = extract_plain(doc, size);
	if (t != NULL) {
		FUZZ_CHECK(fuzz_utf8_str(t));
		free(t);
	}
	free(doc);
	return 0;
}
