#include "source.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "feed.h"
#include "htmlsrc.h"
#include "jobs.h"
#include "mail.h"
#include "xmalloc.h"

int
source_paged(enum source_kind kind)
{
	return kind == KIND_LEVER || kind == KIND_WORKDAY;
}

int
source_parse(struct itemset *out, const struct source *src, const char *data,
    size_t len, const char *base, const char *charset, struct err *err)
{
	struct jobs_page pg = JOBS_PAGE_INIT;
	struct mail m;
	struct item *it;
	char *text = NULL;
	int rc;

	switch (src->kind) {
	case KIND_FEED:
		return feed_parse(out, data, len, base, charset, err);
	case KIND_HTML:
		rc = html_items(out, src, data, len, base, charset, err);
		if (rc == 0)
			itemset_finish(out);
		return rc;
	case KIND_PAGE:
		/* the whole selected text as one item; the run loop turns
		 * it into "what was added since the last fetch" */
		if ((rc = page_text(&text, src, data, len, charset, err)) < 0)
			return rc;
		it = itemset_push(out);
		it->id = xstrdup(src->url ? src->url : src->id);
		it->link = xstrdup_or_null(src->url);
		it->title = xstrdup(src->id);
		it->text = text;
		out->kind = xstrdup("page");
		itemset_finish(out);
		return 0;
	case KIND_GREENHOUSE:
	case KIND_LEVER:
	case KIND_ASHBY:
	case KIND_WORKDAY:
		rc = jobs_parse(out, src->kind, data, len, base, &pg, err);
		jobs_page_release(&pg);
		if (rc == 0) {
			if (out->kind == NULL)
				out->kind = xstrdup(source_kind_name(src->kind));
			itemset_finish(out);
		}
		return rc;
	case KIND_MAILDIR:
		/* one message (a file of the Maildir); the run reads the
		 * Maildir itself with maildir.h */
		if ((rc = mail_parse(&m, data, len, err)) < 0)
			return rc;
		it = itemset_push(out);
		*it = m.item;
		memset(&m.item, 0, sizeof(m.item));	/* now owned by out */
		mail_release(&m);
		out->kind = xstrdup("mail");
		itemset_finish(out);
		return 0;
	case KIND_FIELD:
		break;
	}
	return err_set(err, ERR_CONFIG, "source kind '%s' has no document "
	    "to parse", source_kind_name(src->kind));
}

void
source_empty_reason(const struct source *src, char *buf, size_t size)
{
	switch (src->kind) {
	case KIND_HTML:
		snprintf(buf, size, "items XPath \"%s\" matched nothing",
		    src->items_xpath ? src->items_xpath : "");
		break;
	case KIND_PAGE:
		snprintf(buf, size, "select XPath \"%s\" matched nothing",
		    src->select_xpath ? src->select_xpath : "//body");
		break;
	case KIND_FEED:
		snprintf(buf, size, "the document has no entries");
		break;
	case KIND_GREENHOUSE:
	case KIND_LEVER:
	case KIND_ASHBY:
	case KIND_WORKDAY:
		snprintf(buf, size, "the %s board \"%s\" lists no jobs",
		    source_kind_name(src->kind), src->board ? src->board :
		    "(url)");
		break;
	case KIND_MAILDIR:
	case KIND_FIELD:
		snprintf(buf, size, "no item");
		break;
	}
}

int
source_may_be_empty(enum source_kind kind)
{
	/* a page yields an item only when it grew; people write when they
	 * have something to say */
	return kind == KIND_PAGE || kind == KIND_MAILDIR || kind == KIND_FIELD;
}
