#define _XOPEN_SOURCE 700

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "diag.h"
#include "t.h"

/* boards.c: the endpoint a job board's `board:` names, and the page for
 * people of any source */

/* load one source of kind with board b; its URL, or NULL with the
 * diagnostics in *msg (malloc'd) */
static char *
board_url(const char *kind, const char *b, char **msg)
{
	struct config *cfg = config_new();
	struct diags d = DIAGS_INIT;
	char text[1024], *url = NULL;
	int rc;

	snprintf(text, sizeof(text), "sources:\n  - id: s\n    kind: %s\n"
	    "    board: '%s'\n", kind, b);
	rc = config_load_feeds_text(cfg, "f.yaml", text, strlen(text), &d);
	*msg = NULL;
	if (rc == 0 && cfg->nsources == 1 && cfg->sources[0].url)
		url = strdup(cfg->sources[0].url);
	if (d.n > 0)
		*msg = strdup(d.v[0].msg);
	diags_release(&d);
	config_free(cfg);
	return url;
}

static void
test_boards__endpoints(void)
{
	char *u, *m;

	u = board_url("greenhouse", "acme", &m);
	T_EQ_STR(u, "https://boards-api.greenhouse.io/v1/boards/acme/jobs?"
	    "content=true");
	free(u);
	free(m);
	u = board_url("lever", "acme-inc", &m);
	T_EQ_STR(u, "https://api.lever.co/v0/postings/acme-inc?mode=json");
	free(u);
	free(m);
	u = board_url("ashby", "Acme", &m);
	T_EQ_STR(u, "https://api.ashbyhq.com/posting-api/job-board/Acme?"
	    "includeCompensation=true");
	free(u);
	free(m);
	u = board_url("workday", "acme.wd5/acme/External_Careers", &m);
	T_EQ_STR(u, "https://acme.wd5.myworkdayjobs.com/wday/cxs/acme/"
	    "External_Careers/jobs");
	free(u);
	free(m);
}

/* a token cannot reach another path or host: it is percent-encoded */
static void
test_boards__escaped(void)
{
	char *u, *m;

	u = board_url("greenhouse", "a/../b?x=1#f", &m);
	T_EQ_STR(u, "https://boards-api.greenhouse.io/v1/boards/"
	    "a%2F..%2Fb%3Fx%3D1%23f/jobs?content=true");
	free(u);
	free(m);
	u = board_url("lever", "ac me@evil.example", &m);
	T_EQ_STR(u, "https://api.lever.co/v0/postings/ac%20me%40evil.example?"
	    "mode=json");
	free(u);
	free(m);
}

static void
test_boards__refused(void)
{
	static const char *const bad_workday[] = {
		"acme",				/* no slashes */
		"acme/acme/site",		/* no .wdN */
		"acme.wd/acme/site",		/* no N */
		"acme.wdx/acme/site",		/* N not digits */
		"acme.xd5/acme/site",		/* not wd */
		"acme.wd5/acme/site/more",	/* a slash too many */
		"acme.wd5//site",		/* empty part */
		"acme.wd5/acme/",		/* empty site */
		"ac%me.wd5/acme/site",		/* not [A-Za-z0-9_-] */
		"acme.wd5/ac.me/site",
	};
	char long_token[300], *u, *m;

	for (size_t i = 0; i < sizeof(bad_workday) / sizeof(bad_workday[0]);
	    i++) {
		u = board_url("workday", bad_workday[i], &m);
		if (u != NULL)
			fprintf(stderr, "accepted: %s -> %s\n", bad_workday[i],
			    u);
		T_ASSERT(u == NULL);
		T_CONTAINS(m, "invalid workday board");
		free(u);
		free(m);
	}
	memset(long_token, 'a', 257);
	long_token[257] = '\0';
	u = board_url("greenhouse", long_token, &m);
	T_ASSERT(u == NULL);
	T_CONTAINS(m, "1 to 256 characters");
	free(u);
	free(m);
	long_token[256] = '\0';
	u = board_url("greenhouse", long_token, &m);
	T_ASSERT(u != NULL);
	free(u);
	free(m);
}

static struct source
src(enum source_kind k, const char *url, const char *board)
{
	struct source s;

	memset(&s, 0, sizeof(s));
	s.id = (char *)"s";
	s.kind = k;
	s.url = (char *)url;
	s.board = (char *)board;
	return s;
}

static void
test_boards__home(void)
{
	static const struct {
		enum source_kind kind;
		const char *url, *board, *want;
	} cases[] = {
		{ KIND_GREENHOUSE, "https://boards-api.greenhouse.io/x", "acme",
		    "https://boards.greenhouse.io/acme" },
		{ KIND_LEVER, NULL, "acme", "https://jobs.lever.co/acme" },
		{ KIND_ASHBY, NULL, "a b", "https://jobs.ashbyhq.com/a%20b" },
		{ KIND_WORKDAY, NULL, "acme.wd5/acme/Ext",
		    "https://acme.wd5.myworkdayjobs.com/Ext" },
		/* a feed: its site root, never the credentials */
		{ KIND_FEED, "https://user:pw@blog.acme.example:8443/feed.xml?"
		    "k=v#top", NULL, "https://blog.acme.example:8443/" },
		/* html and page: the URL itself, without userinfo and
		 * fragment */
		{ KIND_HTML, "https://u:p@acme.example/news?page=1#x", NULL,
		    "https://acme.example/news?page=1" },
		{ KIND_PAGE, "https://acme.example/pricing", NULL,
		    "https://acme.example/pricing" },
		/* a job board given by url: only: the root */
		{ KIND_LEVER, "https://api.lever.co/v0/postings/x?mode=json",
		    NULL, "https://api.lever.co/" },
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct source s = src(cases[i].kind, cases[i].url,
		    cases[i].board);
		char *h = config_source_home(&s);

		T_EQ_STR(h, cases[i].want);
		free(h);
	}
}

/* nothing to show: NULL */
static void
test_boards__home_unknown(void)
{
	struct source s = src(KIND_FEED, NULL, NULL);

	T_ASSERT(config_source_home(&s) == NULL);
	s = src(KIND_MAILDIR, NULL, NULL);
	T_ASSERT(config_source_home(&s) == NULL);
	s = src(KIND_WORKDAY, NULL, "acme.wd5");
	T_ASSERT(config_source_home(&s) == NULL);
	s = src(KIND_FEED, "not a url", NULL);
	T_ASSERT(config_source_home(&s) == NULL);
}

static void
test_boards__kind_board(void)
{
	T_EQ_INT(source_kind_board(KIND_GREENHOUSE), 1);
	T_EQ_INT(source_kind_board(KIND_LEVER), 1);
	T_EQ_INT(source_kind_board(KIND_ASHBY), 1);
	T_EQ_INT(source_kind_board(KIND_WORKDAY), 1);
	T_EQ_INT(source_kind_board(KIND_FEED), 0);
	T_EQ_INT(source_kind_board(KIND_HTML), 0);
	T_EQ_INT(source_kind_board(KIND_MAILDIR), 0);
	T_EQ_INT(source_kind_board(KIND_FIELD), 0);
}

T_MAIN(T_CASE(test_boards__endpoints), T_CASE(test_boards__escaped),
    T_CASE(test_boards__refused), T_CASE(test_boards__home),
    T_CASE(test_boards__home_unknown), T_CASE(test_boards__kind_board))
