#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "err.h"
#include "url.h"
#include "t.h"

/* url: resolution, the http(s) check, hosts and links */

static void
test_url__resolve(void)
{
	char *r = url_resolve("https://example.com/a/b", "../c?x=1");

	T_EQ_STR(r, "https://example.com/c?x=1");
	free(r);
	r = url_resolve("https://example.com/a/", " d e ");
	T_EQ_STR(r, "https://example.com/a/d%20e");
	free(r);
}

static void
test_url__check(void)
{
	struct err e = ERR_INIT;

	T_EQ_INT(url_check("https://example.com/x", NULL), 0);
	T_EQ_INT(url_check("HTTP://example.com", NULL), 0);
	T_ASSERT(url_check("file:///etc/passwd", &e) < 0);
	T_CONTAINS(e.msg, "file");
	T_ASSERT(url_check("not a url", NULL) < 0);
}

static void
test_url__link(void)
{
	char *r;

	r = url_link("https://example.com/jobs/", "42");
	T_EQ_STR(r, "https://example.com/jobs/42");
	free(r);
	r = url_link(NULL, "https://example.org/p");
	T_EQ_STR(r, "https://example.org/p");
	free(r);
	r = url_link("", "https://example.org/p");
	T_EQ_STR(r, "https://example.org/p");
	free(r);
	/* not http(s), nothing to resolve against, or empty: no link */
	T_ASSERT(url_link("https://example.com/", "javascript:alert(1)") ==
	    NULL);
	T_ASSERT(url_link(NULL, "/relative") == NULL);
	T_ASSERT(url_link("https://example.com/", "") == NULL);
	T_ASSERT(url_link("https://example.com/", NULL) == NULL);
}

static void
test_url__host(void)
{
	char *h = url_host("https://user@Example.com:8080/x");

	T_ASSERT(h != NULL);
	T_ASSERT(h && strcasecmp(h, "example.com") == 0);
	free(h);
	T_ASSERT(url_host("nope") == NULL);
}

T_MAIN(
	T_CASE(test_url__resolve),
	T_CASE(test_url__check),
	T_CASE(test_url__link),
	T_CASE(test_url__host),
)
