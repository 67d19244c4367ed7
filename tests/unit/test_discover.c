#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "discover.h"
#include "t.h"

static void
board(const char *url, int kind, const char *token)
{
	enum source_kind k = KIND_FEED;
	char *b = NULL;
	int rc = discover_board(url, &k, &b);

	if (token == NULL) {
		T_EQ_INT(rc, -1);
		T_ASSERT(b == NULL);
		if (rc == 0)
			fprintf(stderr, "  %s -> %s\n", url, b);
	} else {
		T_EQ_INT(rc, 0);
		T_EQ_INT(k, kind);
		T_EQ_STR(b, token);
	}
	free(b);
}

static void
test_discover__job_board_urls(void)
{
	board("https://boards.greenhouse.io/acme", KIND_GREENHOUSE, "acme");
	board("https://job-boards.greenhouse.io/acme/jobs/123",
	    KIND_GREENHOUSE, "acme");
	board("https://boards.greenhouse.io/embed/job_board?for=acme&b=x",
	    KIND_GREENHOUSE, "acme");
	board("https://boards.greenhouse.io/embed/job_board/js?for=acme",
	    KIND_GREENHOUSE, "acme");
	board("https://BOARDS.greenhouse.io/Acme", KIND_GREENHOUSE, "Acme");
	board("https://boards-api.greenhouse.io/v1/boards/acme/jobs",
	    KIND_GREENHOUSE, "acme");
	board("https://jobs.lever.co/acme/0a1b-2c", KIND_LEVER, "acme");
	board("https://api.lever.co/v0/postings/acme?mode=json", KIND_LEVER,
	    "acme");
	board("https://jobs.ashbyhq.com/acme.io", KIND_ASHBY, "acme.io");
	board("https://api.ashbyhq.com/posting-api/job-board/acme",
	    KIND_ASHBY, "acme");
	board("https://acme.wd5.myworkdayjobs.com/en-US/External_Careers",
	    KIND_WORKDAY, "acme.wd5/acme/External_Careers");
	board("https://acme.wd1.myworkdayjobs.com/Careers/job/x/y",
	    KIND_WORKDAY, "acme.wd1/acme/Careers");
	board("https://acme.wd1.myworkdayjobs.com/wday/cxs/acme2/Site/jobs",
	    KIND_WORKDAY, "acme.wd1/acme2/Site");
}

static void
test_discover__not_boards(void)
{
	board("https://boards.greenhouse.io/", 0, NULL);
	board("https://boards.greenhouse.io/embed/job_board", 0, NULL);
	board("https://boards.greenhouse.io/embed/job_board?for=a%20b", 0,
	    NULL);
	board("https://greenhouse.io.evil.example/acme", 0, NULL);
	board("https://evil.example/boards.greenhouse.io/acme", 0, NULL);
	board("https://jobs.lever.co", 0, NULL);
	board("https://acme.myworkdayjobs.com/Careers", 0, NULL);
	board("https://acme.wdx.myworkdayjobs.com/Careers", 0, NULL);
	board("https://acme.wd1.myworkdayjobs.com.evil.example/C", 0, NULL);
	board("https://acme.wd1.myworkdayjobs.com/", 0, NULL);
	board("not a url", 0, NULL);
	board(NULL, 0, NULL);
}

static void
test_discover__page_feeds_and_boards(void)
{
	static const char page[] =
	    "<html><head><base href=\"/b/\">"
	    "<link rel=\"alternate\" type=\"application/rss+xml\" "
	    "title=\"Comments Feed\" href=\"c.xml\">"
	    "<link rel=\"ALTERNATE home\" type=\"application/atom+xml\" "
	    "href=\"a.xml\">"
	    "<link rel=\"alternate\" type=\"text/html\" href=\"fr\">"
	    "<link rel=\"stylesheet\" type=\"application/rss+xml\" href=\"s\">"
	    "<link rel=\"alternate\" type=\"application/rss+xml\" "
	    "href=\"javascript:alert(1)\">"
	    "<link rel=\"alternate\" type=\"application/atom+xml\" "
	    "href=\"a.xml\">"
	    "</head><body><a href=\"https://jobs.lever.co/acme\">jobs</a>"
	    "<iframe src=\"https://jobs.lever.co/acme/x\"></iframe>"
	    "</body></html>";
	struct discovery d;
	struct err err = ERR_INIT;

	T_EQ_INT(discover_page(&d, "https://acme.example/x/y", page,
	    sizeof(page) - 1, NULL, &err), 0);
	T_EQ_INT(d.n, 3);
	if (d.n == 3) {
		T_EQ_STR(d.v[0].url, "https://acme.example/b/c.xml");
		T_EQ_INT(d.v[0].comments, 1);
		T_EQ_STR(d.v[1].url, "https://acme.example/b/a.xml");
		T_EQ_STR(discover_type_label(d.v[1].type), "Atom");
		T_EQ_INT(d.v[1].comments, 0);
		T_EQ_INT(d.v[2].what, DISC_BOARD);
		T_EQ_STR(d.v[2].board, "acme");
	}
	discovery_release(&d);
}

T_MAIN(T_CASE(test_discover__job_board_urls),
    T_CASE(test_discover__not_boards),
    T_CASE(test_discover__page_feeds_and_boards))
