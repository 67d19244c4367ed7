/*
 * feed_parse() on arbitrary bytes: never crashes, stays bounded, and what
 * it returns is valid UTF-8 that itemset_to_json() can render. The first
 * byte picks the HTTP charset passed along (none, utf-8, windows-1252,
 * iso-8859-1, a bogus label) so the encoding precedence paths run too;
 * the whole input is still the document.
 */
#include <stdlib.h>
#include <string.h>

#include "err.h"
#include "feed.h"
#include "items_check.h"
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
		NULL, "utf-8", "windows-1252", "iso-8859-1", "x-bogus", NULL,
		NULL, NULL
	};
	struct itemset set = ITEMSET_INIT;
	struct err err = ERR_INIT;
	const char *cs = size ? charsets[data[0] & 7] : NULL;
	char *doc = malloc(size ? size : 1);

	if (doc == NULL)
		abort();
	memcpy(doc, data, size);
	if (feed_parse(&set, doc, size, "https://fuzz.example/feed/", cs,
	    &err) == 0)
		fuzz_check_itemset(&set);
	else
		FUZZ_CHECK(err.code < 0 && err.msg[0] != '\0');
	itemset_release(&set);
	free(doc);
	return 0;
}
