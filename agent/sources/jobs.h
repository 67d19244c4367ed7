#ifndef SIGWATCH_JOBS_H
#define SIGWATCH_JOBS_H

#include <stddef.h>

#include "config.h"
#include "err.h"
#include "item.h"
#include "strset.h"

/*
 * Job boards (kinds greenhouse, lever, ashby, workday): the vendors' public
 * JSON listings -> one item per job. Pure: bytes in, items out, jansson only.
 * reference/sources-and-slack.md section 1 documents the shapes.
 *
 * Item fields: id = the vendor's job id as a string (Greenhouse's integer in
 * decimal; Workday: externalPath, else the first bulletFields entry); title
 * on one line; link = absolute http(s) URL or NULL; published (Greenhouse
 * first_published else updated_at, Lever createdAt ms, Ashby publishedAt,
 * Workday none); text = plain text of the description (Greenhouse content
 * is entity-escaped HTML, unescaped exactly once before extract_text(), so
 * "&amp;lt;script&amp;gt;" reads "<script>" and never becomes markup);
 * categories = location, department, team, office, commitment.
 *
 * Calling protocol (one source, one run):
 *
 *	struct jobs_page pg = JOBS_PAGE_INIT;
 *	char *url = jobs_url(kind, src->url, 0);
 *	char *body = jobs_post_body(kind, 0);	// NULL: GET, else POST it
 *						// as JOBS_POST_TYPE
 *	for (;;) {
 *		fetch url (with body when non-NULL) -> data, len, final_url
 *		rc = jobs_parse(&set, kind, data, len, final_url, &pg, err);
 *		if (rc < 0 || !pg.more)
 *			break;		// on error: the whole source failed
 *		free(url); free(body);
 *		url = jobs_url(kind, src->url, pg.next_offset);
 *		body = pg.post_body; pg.post_body = NULL;  // now owned here
 *		pg.offset = pg.next_offset;
 *	}
 *	free(url); free(body); jobs_page_release(&pg);
 *	itemset_finish(&set);
 *
 * Pages append to the itemset (which the caller may empty between pages);
 * a job id seen on an earlier page is not added again. Conditional GET validators (ETag) only make sense for single-page
 * kinds (greenhouse, ashby); a 304 for a later page of a paged listing
 * must be treated as a failure of the source by the caller.
 */

/* jobs per source: past it the newest (by published date; undated ones
 * count as oldest) are kept, the rest counted in out->dropped, and no
 * further page is fetched */
#define JOBS_MAX		20000
#define JOBS_LEVER_LIMIT	100	/* Lever page size */
#define JOBS_WORKDAY_LIMIT	20	/* Workday page size */
#define JOBS_WORKDAY_PAGES	50	/* Workday pages per source */
#define JOBS_POST_TYPE		"application/json"

struct jobs_page {
	size_t	 offset;	/* in: the offset this response was requested
				 * at (0 for the first page); the caller sets
				 * it to next_offset before the next call */
	int	 more;		/* out: 1 if another page must be fetched */
	size_t	 next_offset;	/* out: its offset, when more */
	char	*post_body;	/* out: malloc'd JSON body for the next
				 * request (POST kinds, when more), or NULL */
	size_t	 total;		/* state: largest total a page announced
				 * (Workday); keep the struct across pages */
	struct strset ids;	/* state: job ids of every page so far, so a
				 * caller may process and free each page's
				 * items before the next one arrives */
};

#define JOBS_PAGE_INIT { 0, 0, 0, NULL, 0, STRSET_INIT }

/* free post_body and zero the struct */
void	jobs_page_release(struct jobs_page *);

/* 1 for the job-board kinds, 0 for feed/html/page */
int	jobs_kind(enum source_kind);

/*
 * The URL to fetch for the page at offset: url itself for every kind but
 * Lever, where "skip=N&limit=100" replace any skip/limit already in the
 * query (libcurl's URL API). malloc'd; NULL when url does not parse.
 */
char	*jobs_url(enum source_kind, const char *url, size_t offset);

/*
 * The request body for the page at offset: Workday's
 * {"appliedFacets":{},"limit":20,"offset":N,"searchText":""}, malloc'd;
 * NULL for the GET kinds.
 */
char	*jobs_post_body(enum source_kind, size_t offset);

/*
 * Parse one response of a job board and append one item per listed job to
 * out (out->kind is set to "greenhouse", "lever", "ashby" or "workday").
 * base is the URL the response came from (after redirects): relative links
 * resolve against it; Workday links are built from its host and site.
 * page: see the protocol above; page->more, next_offset and post_body are
 * always rewritten (more = 0 on error).
 *
 * Errors (nothing is appended to out from a failing page, but earlier
 * pages stay; the caller drops the itemset):
 *   ERR_PARSE	invalid JSON ("invalid JSON at LINE:COL: reason"), including
 *		duplicate keys, nesting deeper than jansson's 2048 and
 *		integers beyond 64 bits
 *   ERR_SCHEMA	"schema_drift: expected ..." when the top level is not the
 *		vendor's shape (an error object instead of a listing), or when
 *		more than half of a page's jobs fail their type checks (a job
 *		that is not an object, has an id of the wrong type or a
 *		non-string title is skipped otherwise)
 *   ERR_CONFIG	kind is not a job-board kind
 * An empty listing is not an error: it yields zero items.
 */
int	jobs_parse(struct itemset *out, enum source_kind, const char *data,
	    size_t len, const char *base, struct jobs_page *page,
	    struct err *) __attribute__((warn_unused_result));

#endif
