/*
 * Sources without a feed: html_items() with the default item selectors and
 * with every selector set, page_text() for kind page, and page_added()
 * between the two halves of the input. Results are valid UTF-8.
 */
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "err.h"
#include "feed.h"
#include "htmlsrc.h"
#include "items_check.h"
#include "log.h"

static char *no_tags[] = { NULL };

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	log_init(LOG_LVL_QUIET);
	feed_global_init();
	return 0;
}

static void
init_source(struct source *s, const char *id)
{
	memset(s, 0, sizeof(*s));
	s->id = (char *)id;
	s->tags = no_tags;
	s->headers = no_tags;
	s->url = (char *)"https://fuzz.example/news/";
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const charsets[] = {
		NULL, "utf-8", "windows-1252", "iso-8859-1"
	};
	const char *cs = size ? charsets[data[0] & 3] : NULL;
	struct source a, b, p, q;
	struct err err = ERR_INIT;
	char *doc = malloc(size ? size : 1), *t1 = NULL, *t2 = NULL, *add;
	size_t half = size / 2;

	if (doc == NULL)
		abort();
	memcpy(doc, data, size);

	init_source(&a, "fuzz-html-default");
	a.kind = KIND_HTML;
	a.items_xpath = (char *)"//article | //li[a]";
	init_source(&b, "fuzz-html-full");
	b.kind = KIND_HTML;
	b.items_xpath = (char *)"//*[@class='post'] | //div[h2]";
	b.title_xpath = (char *)"normalize-space(.//h2)";
	b.link_xpath = (char *)".//a/@href";
	b.date_xpath = (char *)".//time/@datetime | .//span[@class='date']";
	b.summary_xpath = (char *)".//p";
	init_source(&p, "fuzz-page-main");
	p.kind = KIND_PAGE;
	p.select_xpath = (char *)"//main | //*[@id='content']";
	init_source(&q, "fuzz-page-body");
	q.kind = KIND_PAGE;

	for (int i = 0; i < 2; i++) {
		struct itemset set = ITEMSET_INIT;

		err_clear(&err);
		if (html_items(&set, i ? &b : &a, doc, size,
		    "https://fuzz.example/news/", cs, &err) == 0) {
			FUZZ_CHECK(set.n <= HTML_MAX_ITEMS);
			itemset_finish(&set);
			fuzz_check_itemset(&set);
		} else
			FUZZ_CHECK(err.code < 0 && set.n == 0);
		itemset_release(&set);
	}

	err_clear(&err);
	if (page_text(&t1, &p, doc, size, cs, &err) == 0)
		FUZZ_CHECK(t1 != NULL && fuzz_utf8_str(t1));
	else
		FUZZ_CHECK(t1 == NULL);
	err_clear(&err);
	if (page_text(&t2, &q, doc, size, cs, &err) == 0)
		FUZZ_CHECK(t2 != NULL && fuzz_utf8_str(t2));
	else
		FUZZ_CHECK(t2 == NULL);
	if (t1 != NULL && t2 != NULL) {
		add = page_added(t1, t2);
		FUZZ_CHECK(add != NULL && fuzz_utf8_str(add));
		free(add);
		add = page_added(t2, t2);
		FUZZ_CHECK(add != NULL && add[0] == '\0');
		free(add);
	}
	free(t1);
	free(t2);

	/* page_added on raw text: the first half is the old page */
	{
		char *o = fuzz_strndup(data, half);
		char *n = fuzz_strndup(data + half, size - half);

		if (fuzz_utf8_str(o) && fuzz_utf8_str(n)) {
			add = page_added(o, n);
			FUZZ_CHECK(add != NULL);
			free(add);
			add = page_added(NULL, n);
			FUZZ_CHECK(add != NULL);
			free(add);
		}
		free(o);
		free(n);
	}
	free(doc);
	return 0;
}
