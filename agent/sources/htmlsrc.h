#ifndef SIGWATCH_HTMLSRC_H
#define SIGWATCH_HTMLSRC_H

#include <stddef.h>

#include "config.h"
#include "err.h"
#include "item.h"

/*
 * Sources without a feed (sigwatch-feeds(5)): kind html (items picked
 * out of a page with the source's XPath 1.0 expressions) and kind page (a
 * watched region of a page, diffed line by line). Pure: bytes in, items or
 * text out, libxml2's HTML parser only (HTML_PARSE_RECOVER, NOERROR,
 * NOWARNING, NONET: no network, no entities, no DTDs).
 *
 * Only the configured expressions are ever evaluated, never anything taken
 * from the page. Each is compiled once per call; a syntax error is
 * ERR_CONFIG ("invalid XPath in items: Invalid expression"). XPath work is
 * bounded (libxml2's opLimit, HTML_XPATH_OPS per call): over it is
 * ERR_LIMIT.
 *
 * Encoding, in order: a byte order mark, then the HTTP charset (when
 * libxml2 knows it), then a <meta charset> or <meta http-equiv
 * content="...; charset=..."> in the first 1024 bytes, then UTF-8 when the
 * bytes are valid UTF-8, else windows-1252. iso-8859-1, latin1 and ascii
 * labels mean windows-1252 (WHATWG). Output strings are valid UTF-8.
 *
 * A page nested deeper than libxml2's limit (256) is ERR_PARSE, never an
 * empty page; so is an empty document. Over INT_MAX bytes is ERR_TOOLARGE.
 */

/* items per page: past it the newest by the date expression are kept
 * (else the first), the rest counted in out->dropped */
#define HTML_MAX_ITEMS	500
#define HTML_XPATH_OPS	10000000UL	/* XPath operations per call */

/*
 * kind html: evaluate src->items_xpath (absolute) and, with each selected
 * node (at most HTML_MAX_ITEMS: with more, the newest by date_xpath, else
 * the first; the others are counted in out->dropped) as the context node,
 * title_xpath,
 * link_xpath, date_xpath and summary_xpath. Each may yield a node-set (its
 * first node is used: an attribute's value, an element's text by
 * extract_text()'s rules, so script and style never leak) or a string or
 * number (e.g. "normalize-space(.//h2)").
 *
 * Defaults: title = the first h1/h2/h3 in the item, else its first a (or
 * the item itself when it is an a); link = the first a/@href (the item's
 * own href when it is an a). The link resolves against <base href> and
 * then base (libcurl's URL API) and is kept only when http(s). The date
 * goes through date_parse(), then a fallback for "Sep 2, 2026",
 * "September 2, 2026", "2 Sep 2026" (also inside text such as "Posted
 * Sep 2, 2026"), midnight UTC. text = the summary, else the whole item's
 * text. No id: itemset_finish() builds one from the link, title and date
 * (or the content). Items with neither title nor link are skipped, as are
 * later items with the same link and title.
 *
 * Appends to out (out->kind = "html", out->title = the page's <title>,
 * out->link = base). An items_xpath that matches nothing appends nothing
 * and returns 0: the caller compares with earlier runs (min_items).
 * Errors: ERR_CONFIG (missing items_xpath, bad expression, an items
 * expression that is not a node-set), ERR_PARSE, ERR_LIMIT, ERR_TOOLARGE.
 * Nothing is appended on error.
 */
int	html_items(struct itemset *out, const struct source *src,
	    const char *data, size_t len, const char *base,
	    const char *charset, struct err *)
	    __attribute__((warn_unused_result));

/*
 * kind page: the text (extract_text()'s rules: script, style, template
 * and noscript dropped, block elements become line breaks) of the nodes
 * src->select_xpath selects (default "//body"), in document order, joined
 * by line breaks; a node inside an earlier selected node is not repeated.
 * A string or number result is taken as text. *out is malloc'd valid
 * UTF-8. A select expression that matches nothing is ERR_SCHEMA ("select
 * matched nothing"), so a changed layout is an extraction failure and not
 * a page whose content all went away. Other errors as html_items(); *out
 * is NULL on error.
 */
int	page_text(char **out, const struct source *src, const char *data,
	    size_t len, const char *charset, struct err *)
	    __attribute__((warn_unused_result));

/*
 * The links of a page, for finding what to watch on it (`sigwatch add`):
 * every <link href>, <a href>, <iframe src> and <script src>, in document
 * order, at most HTML_MAX_LINKS. url is the href (src) resolved against
 * <base href> and then base, kept only when it is http(s) (elements
 * without one are skipped); rel, type and title are the attribute values
 * on one line (rel and type lowercased), or NULL. *out is malloc'd (free
 * it with html_links_free); errors as html_items().
 */
#define HTML_MAX_LINKS	5000

struct html_link {
	char	*tag;		/* "link", "a", "iframe" or "script" */
	char	*rel, *type, *title;
	char	*url;
};

int	html_links(struct html_link **out, size_t *n, const char *data,
	    size_t len, const char *base, const char *charset,
	    struct err *) __attribute__((warn_unused_result));
void	html_links_free(struct html_link *, size_t n);

/*
 * The lines of new_text that old_text does not have, in new_text's order,
 * joined with "\n"; "" when there are none. Lines compare after trimming
 * and collapsing runs of whitespace; blank lines are ignored. Old lines
 * are a multiset: a re-ordered page adds nothing, and a line that now
 * appears twice where it appeared once adds one copy. The returned lines
 * are the normalised ones. O(n) expected (a hash table). old_text may be
 * NULL (everything is new). malloc'd.
 */
char	*page_added(const char *old_text, const char *new_text);

#endif
