/* add: what to watch on a page, tried by fetching and parsing it */
#include "add.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "buf.h"
#include "discover.h"
#include "feed.h"
#include "feedsfile.h"
#include "fetchone.h"
#include "htmlsrc.h"
#include "jobs.h"
#include "record.h"
#include "util.h"
#include "xmalloc.h"

#define PREVIEW_ITEMS	5

static const char html_note[] =
"sigwatch add found no feed or job board on this page: each <article> is\n"
"an item. Check these XPaths and set title, link, date and summary as the\n"
"page needs (sigwatch-feeds(5)); try them with\n"
"sigwatch test-rule --source ID --explain URL";

static const char page_note[] =
"sigwatch add found no feed, job board or <article> list on this page:\n"
"the whole page (or select) is one item and rules see its new lines. To\n"
"watch a list of posts instead, use kind: html and set its XPaths (items,\n"
"title, link): see sigwatch-feeds(5)";

/* a careers page: a linked job board is preferred to a site-wide feed */
static int
careers_url(const char *url)
{
	static const char *const words[] = {
		"career", "job", "join", "hiring", "opening", "position",
		"work-with", NULL
	};
	const char *p = strstr(url, "://");

	p = p ? strchr(p + 3, '/') : NULL;
	for (; p && *p; p++)
		for (size_t i = 0; words[i]; i++)
			if (strncasecmp(p, words[i], strlen(words[i])) == 0)
				return 1;
	return 0;
}

static void
set_what(struct add_pick *p, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void
set_what(struct add_pick *p, const char *fmt, ...)
{
	struct buf b = BUF_INIT;
	va_list ap;

	va_start(ap, fmt);
	buf_vaddf(&b, fmt, ap);
	va_end(ap);
	free(p->what);
	p->what = buf_detach(&b, NULL);
}

/* the fetched document itself is a feed (a feed URL was given) */
static int
self_feed(struct add_pick *p, const struct fetch_res *page)
{
	struct err err = ERR_INIT;

	if (page->content_type && strstr(page->content_type, "html"))
		return -1;
	if (feed_parse(&p->preview, page->body, page->len, page->final_url,
	    page->charset, &err) < 0) {
		itemset_release(&p->preview);
		return -1;
	}
	p->kind = KIND_FEED;
	p->url = xstrdup(page->final_url);
	set_what(p, "the URL is a feed (%s)", p->preview.kind ?
	    p->preview.kind : "feed");
	return 0;
}

static int
try_feed(struct add_pick *p, const struct config *cfg,
    const struct disc_cand *c)
{
	struct fetch_res r;
	struct err err = ERR_INIT;
	int rc = -1;

	printf("trying %s\n", c->url);
	if (fetch_one(&r, cfg, c->url, NULL, NULL, &err) < 0)
		printf("  skipped: %s\n", err.msg);
	else if (feed_parse(&p->preview, r.body, r.len, r.final_url,
	    r.charset, &err) < 0) {
		printf("  skipped: not a feed: %s\n", err.msg);
		itemset_release(&p->preview);
	} else {
		p->kind = KIND_FEED;
		p->url = xstrdup(c->url);
		set_what(p, "%s feed %s%s%s%s, advertised by the page",
		    discover_type_label(c->type), c->url, c->title ? " (\"" :
		    "", c->title ? c->title : "", c->title ? "\")" : "");
		rc = 0;
	}
	fetch_res_release(&r);
	return rc;
}

/*
 * The listing endpoint of a board, as config.c builds it from `board:`
 * (the candidate entry is loaded like any feeds file), or NULL.
 */
static char *
board_endpoint(enum source_kind kind, const char *board)
{
	struct feeds_spot sp = { 0, 2, 1, 0, NULL };
	struct feeds_entry e;
	struct buf text = BUF_INIT;
	struct diags d = DIAGS_INIT;
	struct config *cfg = config_new();
	char *url = NULL;

	memset(&e, 0, sizeof(e));
	e.id = "candidate";
	e.kind = source_kind_name(kind);
	e.board = board;
	feeds_entry_text(&text, &sp, &e);
	if (config_load_feeds_text(cfg, "(candidate)", text.data, text.len,
	    &d) == 0 && cfg->nsources == 1)
		url = xstrdup_or_null(cfg->sources[0].url);
	diags_release(&d);
	config_free(cfg);
	buf_release(&text);
	return url;
}

/* the endpoint, or its path under $SIGWATCH_JOBS_API (tests) */
static char *
endpoint_for(const char *vendor, int *overridden)
{
	const char *api = getenv("SIGWATCH_JOBS_API");
	const char *path = strstr(vendor, "://");
	struct buf b = BUF_INIT;
	size_t n;

	*overridden = 0;
	path = path ? strchr(path + 3, '/') : NULL;
	if (api == NULL || *api == '\0' || path == NULL)
		return xstrdup(vendor);
	*overridden = 1;
	n = strlen(api);
	while (n > 0 && api[n - 1] == '/')
		n--;
	buf_addf(&b, "%.*s%s", (int)n, api, path);
	return buf_detach(&b, NULL);
}

static int
try_board(struct add_pick *p, const struct config *cfg,
    const struct disc_cand *c)
{
	struct jobs_page pg = JOBS_PAGE_INIT;
	struct fetch_res r;
	struct err err = ERR_INIT;
	char *vendor = board_endpoint(c->kind, c->board), *ep, *url, *body;
	int over, rc = -1;

	printf("trying %s board %s\n", source_kind_name(c->kind), c->board);
	if (vendor == NULL) {
		printf("  skipped: not a valid %s board\n",
		    source_kind_name(c->kind));
		return -1;
	}
	ep = endpoint_for(vendor, &over);
	url = jobs_url(c->kind, ep, 0);
	body = jobs_post_body(c->kind, 0);
	if (url == NULL || fetch_one(&r, cfg, url, body, body ?
	    JOBS_POST_TYPE : NULL, &err) < 0)
		printf("  skipped: %s\n", url ? err.msg : "bad endpoint");
	else if (jobs_parse(&p->preview, c->kind, r.body, r.len, r.final_url,
	    &pg, &err) < 0) {
		printf("  skipped: %s\n", err.msg);
		itemset_release(&p->preview);
	} else {
		itemset_finish(&p->preview);
		p->kind = c->kind;
		p->board = xstrdup(c->board);
		p->url = over ? xstrdup(ep) : NULL;
		set_what(p, "%s job board '%s' (%s), listed at %s",
		    source_kind_name(c->kind), c->board, c->url, vendor);
		rc = 0;
	}
	if (url)
		fetch_res_release(&r);
	jobs_page_release(&pg);
	free(url);
	free(body);
	free(ep);
	free(vendor);
	return rc;
}

/* kind html with //article items when the page has some, else page */
static int
fallback(struct add_pick *p, const struct fetch_res *page, int only)
{
	struct source src;
	struct err err = ERR_INIT;
	struct item *it;
	char *text = NULL;

	memset(&src, 0, sizeof(src));
	src.id = (char *)"candidate";
	src.url = page->final_url;
	src.items_xpath = (char *)"//article";
	if (only != KIND_PAGE && html_items(&p->preview, &src, page->body,
	    page->len, page->final_url, page->charset, &err) == 0 &&
	    p->preview.n > 0) {
		itemset_finish(&p->preview);
		p->kind = KIND_HTML;
		p->items = xstrdup("//article");
		p->comment = xstrdup(html_note);
		set_what(p, "an html source: %zu <article> item%s on the page",
		    p->preview.n, p->preview.n == 1 ? "" : "s");
		p->url = xstrdup(page->final_url);
		return 0;
	}
	itemset_release(&p->preview);
	if (only == KIND_HTML) {
		printf("no <article> items on the page: set the XPaths "
		    "yourself (sigwatch-feeds(5))\n");
		return 65;
	}
	src.select_xpath = (char *)"//main";
	if (page_text(&text, &src, page->body, page->len, page->charset,
	    &err) == 0)
		p->select = xstrdup("//main");
	else {
		src.select_xpath = NULL;
		if (page_text(&text, &src, page->body, page->len,
		    page->charset, &err) < 0) {
			printf("the page has no text to watch: %s\n", err.msg);
			return 65;
		}
	}
	it = itemset_push(&p->preview);
	it->title = xstrdup(p->select ? "the page's <main>" : "the page");
	it->text = text;
	itemset_finish(&p->preview);
	p->kind = KIND_PAGE;
	p->url = xstrdup(page->final_url);
	p->comment = xstrdup(page_note);
	set_what(p, "a page source (the %s)", p->select ? "page's <main>" :
	    "whole page");
	return 0;
}

static void
list_candidates(const struct discovery *d)
{
	if (d->n == 0) {
		printf("no feed or job board found on the page\n");
		return;
	}
	printf("found on the page:\n");
	for (size_t i = 0; i < d->n; i++) {
		const struct disc_cand *c = &d->v[i];

		if (c->what == DISC_FEED)
			printf("  %-10s %s%s%s%s\n",
			    discover_type_label(c->type), c->url, c->title ?
			    "  \"" : "", c->title ? c->title : "",
			    c->title ? "\"" : "");
		else
			printf("  %-10s %s  (%s)\n", source_kind_name(c->kind),
			    c->board, c->url);
	}
}

/* pass 0: boards, 1: feeds, 2: comments feeds; -1 for none */
static int
pass_of(const struct disc_cand *c, int only)
{
	if (only >= 0 && (int)c->kind != only)
		return -1;
	if (c->what == DISC_BOARD)
		return 0;
	return c->comments ? 2 : 1;
}

int
add_pick(struct add_pick *p, const struct config *cfg,
    const struct fetch_res *page, int only)
{
	static const int feed_first[] = { 1, 2, 0 }, board_first[] = { 0, 1,
	    2 };
	struct discovery d;
	struct err err = ERR_INIT;
	const int *order;

	memset(p, 0, sizeof(*p));
	if ((only < 0 || only == KIND_FEED) && self_feed(p, page) == 0)
		return 0;
	if (only == KIND_HTML || only == KIND_PAGE)
		return fallback(p, page, only);
	if (discover_page(&d, page->final_url, page->body, page->len,
	    page->charset, &err) < 0)
		printf("the page did not parse: %s\n", err.msg);
	list_candidates(&d);
	order = careers_url(page->final_url) || (d.n > 0 &&
	    d.v[0].what == DISC_BOARD && strcmp(d.v[0].url,
	    page->final_url) == 0) ? board_first : feed_first;
	for (int k = 0; k < 3; k++)
		for (size_t i = 0; i < d.n; i++) {
			const struct disc_cand *c = &d.v[i];

			if (pass_of(c, only) != order[k])
				continue;
			if ((c->what == DISC_FEED ? try_feed(p, cfg, c) :
			    try_board(p, cfg, c)) == 0) {
				discovery_release(&d);
				return 0;
			}
		}
	discovery_release(&d);
	if (only >= 0) {
		printf("no working %s found\n", source_kind_name(
		    (enum source_kind)only));
		return 65;
	}
	return fallback(p, page, only);
}

static const struct strfield pick_strings[] = {
	STRFIELD(struct add_pick, url), STRFIELD(struct add_pick, board),
	STRFIELD(struct add_pick, items), STRFIELD(struct add_pick, select),
	STRFIELD(struct add_pick, comment), STRFIELD(struct add_pick, what),
};

void
add_pick_release(struct add_pick *p)
{
	strfields_free(p, pick_strings, NSTRFIELDS(pick_strings));
	itemset_release(&p->preview);
	memset(p, 0, sizeof(*p));
}

void
add_pick_print(const struct add_pick *p)
{
	size_t n = p->preview.n < PREVIEW_ITEMS ? p->preview.n : PREVIEW_ITEMS;

	printf("chose: %s\n", p->what);
	printf("first items (%zu of %zu):\n", n, p->preview.n);
	for (size_t i = 0; i < n; i++) {
		const struct item *it = &p->preview.items[i];
		char ts[32] = "-";

		if (it->published != TIME_NONE)
			fmt_time(ts, it->published);
		ts[10] = '\0';
		printf("  %-10s  %s\n", ts, it->title[0] ? it->title :
		    "(untitled)");
		if (p->kind == KIND_PAGE) {
			size_t len = strcspn(it->text, "\n");
			size_t cut = utf8_trunc(it->text, len, 160);

			printf("              %.*s%s\n", (int)cut, it->text,
			    cut < strlen(it->text) ? " ..." : "");
		} else if (it->link)
			printf("              %s\n", it->link);
	}
}
