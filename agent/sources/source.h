#ifndef SIGWATCH_SOURCE_H
#define SIGWATCH_SOURCE_H

#include <stddef.h>

#include "config.h"
#include "err.h"
#include "item.h"

/*
 * One fetched document of a source -> items, by the source's kind. Pure.
 * base is the final URL after redirects; charset the HTTP charset or NULL.
 * Errors: ERR_PARSE, ERR_POLICY, ERR_SCHEMA (job board shape changed).
 */
int	source_parse(struct itemset *out, const struct source *src,
	    const char *data, size_t len, const char *base,
	    const char *charset, struct err *);
/* 1 for kinds fetched in several pages (lever, workday): the run loop
 * pages them with jobs.h and sends no conditional request */
int	source_paged(enum source_kind);
/*
 * Why a document of src that parsed yielded no item, in words that fit
 * the kind ("items XPath \"//article\" matched nothing", "the greenhouse
 * board \"acme\" lists no jobs"): the run's extraction failure message.
 */
void	source_empty_reason(const struct source *, char *buf, size_t size);
/* 1 for kinds where a fetch with no item is normal, not an extraction
 * failure: page (no new text), maildir and field (nobody wrote) */
int	source_may_be_empty(enum source_kind);

#endif
