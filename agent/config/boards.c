/*
 * Job boards: the API endpoint a `board:` value names, and the page for
 * people of any source (config_source_home).
 */
#include "config.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include <curl/curl.h>

#include "buf.h"
#include "config_int.h"
#include "util.h"
#include "xmalloc.h"
#include "ytree.h"

/* percent-encode s (every byte but unreserved ones) */
static char *
escape(const char *s)
{
	char *e = xalloc_check(curl_easy_escape(NULL, s, 0));
	char *res;

	res = xstrdup(e);
	curl_free(e);
	return res;
}

static int
workday_part(const char *s, size_t n)
{
	if (n == 0 || n > 128)
		return 0;
	for (size_t i = 0; i < n; i++)
		if (!isalnum((unsigned char)s[i]) && s[i] != '-' && s[i] != '_')
			return 0;
	return 1;
}

/* scheme://host[:port] of url plus path (0: "/" only), without userinfo;
 * NULL when it does not parse */
static char *
url_public(const char *url, int keep_path)
{
	CURLU *u = xalloc_check(curl_url());
	char *out = NULL, *r = NULL;

	if (curl_url_set(u, CURLUPART_URL, url, 0) != CURLUE_OK)
		goto out;
	curl_url_set(u, CURLUPART_USER, NULL, 0);
	curl_url_set(u, CURLUPART_PASSWORD, NULL, 0);
	curl_url_set(u, CURLUPART_FRAGMENT, NULL, 0);
	if (!keep_path) {
		curl_url_set(u, CURLUPART_PATH, "/", 0);
		curl_url_set(u, CURLUPART_QUERY, NULL, 0);
	}
	if (curl_url_get(u, CURLUPART_URL, &out, 0) == CURLUE_OK)
		r = xstrdup(out);
out:
	curl_free(out);
	curl_url_cleanup(u);
	return r;
}

/* the boards one token names: their API and the page for people */
static const struct token_board {
	enum source_kind	 kind;
	const char		*api, *api_query, *home;
} token_boards[] = {
	{ KIND_GREENHOUSE, "https://boards-api.greenhouse.io/v1/boards/",
	    "/jobs?content=true", "https://boards.greenhouse.io/" },
	{ KIND_LEVER, "https://api.lever.co/v0/postings/", "?mode=json",
	    "https://jobs.lever.co/" },
	{ KIND_ASHBY, "https://api.ashbyhq.com/posting-api/job-board/",
	    "?includeCompensation=true", "https://jobs.ashbyhq.com/" },
};

static const struct token_board *
token_board(enum source_kind k)
{
	for (size_t i = 0; i < sizeof(token_boards) / sizeof(token_boards[0]);
	    i++)
		if (token_boards[i].kind == k)
			return &token_boards[i];
	return NULL;
}

char *
config_source_home(const struct source *src)
{
	struct buf b = BUF_INIT;
	char *e = NULL;
	const char *s = src->board, *s1, *s2;
	const struct token_board *tb;

	switch (src->kind) {
	case KIND_HTML:
	case KIND_PAGE:
		return src->url ? url_public(src->url, 1) : NULL;
	case KIND_FEED:
		return src->url ? url_public(src->url, 0) : NULL;
	default:
		break;
	}
	if (s == NULL)	/* a job board given by url: only */
		return src->url ? url_public(src->url, 0) : NULL;
	if (src->kind == KIND_WORKDAY) {
		/* TENANT.wdN/TENANT/SITE, checked at load */
		s1 = strchr(s, '/');
		s2 = s1 ? strchr(s1 + 1, '/') : NULL;
		if (s2 == NULL)
			return NULL;
		buf_addf(&b, "https://%.*s.myworkdayjobs.com/%s",
		    (int)(s1 - s), s, s2 + 1);
		return buf_detach(&b, NULL);
	}
	if ((tb = token_board(src->kind)) == NULL)
		return NULL;
	e = escape(s);
	buf_addstr(&b, tb->home);
	buf_addstr(&b, e);
	free(e);
	return buf_detach(&b, NULL);
}

char *
config_board_url(enum source_kind kind, const struct ynode *v, struct diags *d)
{
	struct buf b = BUF_INIT;
	char *e;
	const char *s = v->str, *dot, *s1, *s2;
	const struct token_board *tb;

	if (s[0] == '\0' || strlen(s) > 256) {
		ydiag(d, DIAG_ERROR, v, "'board' must be a board token of 1 "
		    "to 256 characters");
		return NULL;
	}
	if ((tb = token_board(kind)) != NULL) {
		e = escape(s);
		buf_addstr(&b, tb->api);
		buf_addstr(&b, e);
		buf_addstr(&b, tb->api_query);
		free(e);
		return buf_detach(&b, NULL);
	}
	switch (kind) {
	case KIND_WORKDAY:
		/* tenant.wdN/tenant/site */
		dot = strchr(s, '.');
		s1 = strchr(s, '/');
		s2 = s1 ? strchr(s1 + 1, '/') : NULL;
		if (dot == NULL || s1 == NULL || s2 == NULL || dot > s1 ||
		    strchr(s2 + 1, '/') != NULL ||
		    !workday_part(s, (size_t)(dot - s)) ||
		    s1 - dot < 4 || dot[1] != 'w' || dot[2] != 'd' ||
		    !workday_part(dot + 1, (size_t)(s1 - dot - 1)) ||
		    !workday_part(s1 + 1, (size_t)(s2 - s1 - 1)) ||
		    !workday_part(s2 + 1, strlen(s2 + 1))) {
			ydiag(d, DIAG_ERROR, v, "invalid workday board '%s' "
			    "(use TENANT.wdN/TENANT/SITE, e.g. "
			    "paloaltonetworks.wd5/paloaltonetworks/"
			    "panwexternalcareers)", s);
			return NULL;
		}
		for (const char *p = dot + 3; p < s1; p++)
			if (!isdigit((unsigned char)*p)) {
				ydiag(d, DIAG_ERROR, v, "invalid workday board "
				    "'%s' (the host part must be TENANT.wdN)",
				    s);
				return NULL;
			}
		buf_addf(&b, "https://%.*s.myworkdayjobs.com/wday/cxs/%.*s/%s/"
		    "jobs", (int)(s1 - s), s, (int)(s2 - s1 - 1), s1 + 1,
		    s2 + 1);
		break;
	default:
		BUG("config_board_url for kind %d", (int)kind);
	}
	return buf_detach(&b, NULL);
}

