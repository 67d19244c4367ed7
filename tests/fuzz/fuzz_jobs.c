/*
 * jobs_parse() for each job-board kind on the same bytes (Greenhouse,
 * Lever, Ashby, Workday): a clean error or valid items, and the paging
 * protocol's outputs stay sane.
 */
#include <stdlib.h>
#include <string.h>

#include "err.h"
#include "items_check.h"
#include "jobs.h"
#include "log.h"

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	log_init(LOG_LVL_QUIET);
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const enum source_kind kinds[] = {
		KIND_GREENHOUSE, KIND_LEVER, KIND_ASHBY, KIND_WORKDAY
	};
	static const char *const bases[] = {
		"https://boards-api.greenhouse.io/v1/boards/fuzz/jobs?content=true",
		"https://api.lever.co/v0/postings/fuzz?mode=json",
		"https://api.ashbyhq.com/posting-api/job-board/fuzz",
		"https://fuzz.wd1.myworkdayjobs.com/wday/cxs/fuzz/External/jobs"
	};
	char *doc = malloc(size ? size : 1);

	if (doc == NULL)
		abort();
	memcpy(doc, data, size);
	for (size_t k = 0; k < sizeof(kinds) / sizeof(kinds[0]); k++) {
		struct itemset set = ITEMSET_INIT;
		struct jobs_page page = JOBS_PAGE_INIT;
		struct err err = ERR_INIT;

		/* a later page, so paging arithmetic sees odd offsets */
		page.offset = size && (data[0] & 1) ? 20 : 0;
		if (jobs_parse(&set, kinds[k], doc, size, bases[k], &page,
		    &err) == 0) {
			itemset_finish(&set);
			fuzz_check_itemset(&set);
			FUZZ_CHECK(set.n <= JOBS_MAX);
			if (page.more)
				FUZZ_CHECK(page.next_offset > page.offset);
		} else {
			FUZZ_CHECK(err.code < 0 && err.msg[0] != '\0');
			FUZZ_CHECK(page.more == 0);
		}
		if (page.post_body != NULL)
			FUZZ_CHECK(fuzz_utf8_str(page.post_body));
		jobs_page_release(&page);
		itemset_release(&set);
	}
	free(doc);
	return 0;
}
