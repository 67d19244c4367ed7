#ifndef SIGWATCH_DISCOVER_H
#define SIGWATCH_DISCOVER_H

#include <stddef.h>

#include "config.h"
#include "err.h"

/*
 * What to watch on a page (`sigwatch add`). Pure: a URL and, optionally,
 * the page's bytes in; candidates out. Nothing is fetched here.
 *
 * Feeds are the ones a page advertises the way Miniflux and newsboat find
 * them: <link rel="alternate"> with type application/rss+xml,
 * application/atom+xml, application/rdf+xml, application/feed+json or
 * application/json, resolved against <base href> and the page's final URL
 * (htmlsrc.h: html_links). Job boards are recognised by the URL alone:
 *
 *   greenhouse  boards.greenhouse.io/TOKEN, job-boards.greenhouse.io/TOKEN,
 *		 boards.greenhouse.io/embed/job_board[/js]?for=TOKEN,
 *		 boards-api.greenhouse.io/v1/boards/TOKEN/...
 *   lever	 jobs.lever.co/TOKEN, api.lever.co/v0/postings/TOKEN
 *   ashby	 jobs.ashbyhq.com/TOKEN,
 *		 api.ashbyhq.com/posting-api/job-board/TOKEN
 *   workday	 TENANT.wdN.myworkdayjobs.com/[LOCALE/]SITE and
 *		 .../wday/cxs/TENANT/SITE/jobs: board "TENANT.wdN/TENANT/SITE"
 *
 * the page's own URL first, then every link, iframe and script of the
 * page (an embedded board is a script or an iframe). A board token is
 * 1 to 128 of [A-Za-z0-9._-] (Workday parts as config.c accepts them).
 */
enum disc_what { DISC_FEED, DISC_BOARD };

struct disc_cand {
	enum disc_what	  what;
	enum source_kind  kind;		/* KIND_FEED or a job-board kind */
	char		 *url;		/* the feed, or the board's page */
	char		 *board;	/* job boards: the token, else NULL */
	char		 *type;		/* feeds: the advertised media type */
	char		 *title;	/* feeds: the link's title, or NULL */
	int		  comments;	/* a comments feed (title says so) */
};

struct discovery {
	struct disc_cand *v;
	size_t		  n;
};

/* KIND_GREENHOUSE... and the token when url is a job board, else -1 */
int	discover_board(const char *url, enum source_kind *kind, char **board);

/*
 * Candidates of the page at url (its final URL after redirects): the URL
 * itself when it is a board, then the advertised feeds and the linked
 * boards in document order, each URL once. data may be NULL (URL only).
 * Errors: those of html_links() (ERR_PARSE...); *out is then empty.
 */
int	discover_page(struct discovery *out, const char *url, const char *data,
	    size_t len, const char *charset, struct err *);
void	discovery_release(struct discovery *);

/* a short label for a feed's media type: "RSS", "Atom", "JSON Feed"... */
const char *discover_type_label(const char *type);

#endif
