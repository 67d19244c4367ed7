#ifndef SIGWATCH_OPML_H
#define SIGWATCH_OPML_H

#include <stddef.h>

#include "buf.h"
#include "err.h"

/*
 * OPML 1.0/2.0 subscription lists -> a feeds/NAME.yaml document
 * (sigwatch-feeds(5)), for `sigwatch import-opml`. Every outline with an xmlUrl
 * becomes a source of kind feed; its id comes from its title (or text),
 * slugged to [a-z0-9-] and made unique with -2, -3... suffixes; its tags
 * are the slugged titles of the outlines it is nested in plus the entries
 * of its category attribute. Outlines whose xmlUrl is not http(s) are
 * skipped with a comment naming their line. Documents that declare
 * entities are refused (ERR_POLICY); nothing is fetched (no DTD, no
 * network). The YAML text is appended to out and loads with
 * config_load_feeds_file(). ERR_PARSE for a document that is not OPML,
 * ERR_SCHEMA when it holds no feed.
 */
int	opml_to_feeds(struct buf *out, const char *data, size_t len,
	    struct err *) __attribute__((warn_unused_result));

#endif
