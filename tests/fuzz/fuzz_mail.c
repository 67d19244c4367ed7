/*
 * mail_parse() (one e-mail message with GMime) on arbitrary bytes: a
 * clean error, or one item whose strings are valid UTF-8, whose id is
 * set and stable (the same bytes give the same id: the seen index relies
 * on it), whose title fits MAIL_MAX_TITLE and is one line, and whose
 * sender, when there is one, is a lowercase address. source_parse() with
 * kind maildir gives the same item.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "err.h"
#include "items_check.h"
#include "log.h"
#include "mail.h"
#include "source.h"

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	log_init(LOG_LVL_QUIET);
	mail_global_init();
	return 0;
}

static void
check_mail(const struct mail *m)
{
	const struct item *it = &m->item;

	FUZZ_CHECK(it->id != NULL && *it->id != '\0');
	FUZZ_CHECK(fuzz_utf8_str(it->id));
	FUZZ_CHECK(it->title != NULL && fuzz_utf8_str(it->title));
	FUZZ_CHECK(strlen(it->title) <= MAIL_MAX_TITLE);
	FUZZ_CHECK(strchr(it->title, '\n') == NULL);
	FUZZ_CHECK(it->text != NULL && fuzz_utf8_str(it->text));
	FUZZ_CHECK(fuzz_utf8_str(it->author));
	FUZZ_CHECK(it->link == NULL);
	if (m->sender != NULL) {
		FUZZ_CHECK(fuzz_utf8_str(m->sender));
		FUZZ_CHECK(strchr(m->sender, '@') != NULL);
		for (const char *p = m->sender; *p; p++)
			FUZZ_CHECK(!isupper((unsigned char)*p));
	}
	if (m->nattachments > 0)
		FUZZ_CHECK(strstr(it->text, "Attachments:\n- ") != NULL);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct mail a, b;
	struct err err = ERR_INIT;
	struct itemset set = ITEMSET_INIT;
	struct source src;
	char *doc = malloc(size ? size : 1);
	int rc;

	if (doc == NULL)
		abort();
	memcpy(doc, data, size);
	rc = mail_parse(&a, doc, size, &err);
	if (rc < 0) {
		FUZZ_CHECK(err.code < 0 && err.msg[0] != '\0');
		FUZZ_CHECK(a.item.id == NULL && a.sender == NULL);
	} else {
		check_mail(&a);
		FUZZ_CHECK(mail_parse(&b, doc, size, &err) == 0);
		FUZZ_CHECK(strcmp(a.item.id, b.item.id) == 0);
		FUZZ_CHECK(strcmp(a.item.text, b.item.text) == 0);
		mail_release(&b);
	}
	memset(&src, 0, sizeof(src));
	src.id = (char *)"fuzz";
	src.kind = KIND_MAILDIR;
	if (source_parse(&set, &src, doc, size, NULL, NULL, &err) == 0) {
		FUZZ_CHECK(rc == 0 && set.n == 1);
		FUZZ_CHECK(strcmp(set.items[0].id, a.item.id) == 0);
		fuzz_check_itemset(&set);
	} else
		FUZZ_CHECK(rc < 0);
	if (rc == 0)
		mail_release(&a);
	itemset_release(&set);
	free(doc);
	return 0;
}
