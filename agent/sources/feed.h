#ifndef SIGWATCH_FEED_H
#define SIGWATCH_FEED_H

#include <stddef.h>

#include "err.h"
#include "item.h"

/*
 * Syndication feeds to items. Pure: bytes in, items out; no file or network.
 *
 * feed_parse() detects the format from the content (never the URL or
 * Content-Type alone): RSS 0.9x/2.0, RSS 1.0 (RDF), Atom 0.3/1.0, JSON Feed
 * 1.0/1.1. base is the document's final URL (relative links resolve against
 * xml:base, then base); charset is the HTTP Content-Type charset or NULL.
 * Encoding precedence: BOM > charset > XML declaration > UTF-8, with a
 * windows-1252 fallback for feeds that lie about being UTF-8.
 *
 * libxml2 runs without NOENT, DTDLOAD or HUGE and with a deny-all external
 * entity loader; a document that declares entities is refused with
 * ERR_POLICY. Errors: ERR_PARSE (not a feed / not well-formed and not
 * recoverable), ERR_POLICY. On success *out holds the items in document
 * order, itemset_finish() applied; release with itemset_release().
 */
int	feed_parse(struct itemset *out, const char *data, size_t len,
	    const char *base, const char *charset, struct err *);

/* Call once at program start (libxml2 global setup: entity loader). */
void	feed_global_init(void);

#endif
