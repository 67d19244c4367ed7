#include "discover.h"

#include <curl/curl.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "buf.h"
#include "htmlsrc.h"
#include "log.h"
#include "strset.h"
#include "xmalloc.h"

#define TOKEN_MAX 128

static const char *const feed_types[][2] = {
	{ "application/rss+xml", "RSS" },
	{ "application/atom+xml", "Atom" },
	{ "application/rdf+xml", "RSS 1.0" },
	{ "application/feed+json", "JSON Feed" },
	{ "application/json", "JSON Feed" },
	{ NULL, NULL }
};

/* 1 to TOKEN_MAX bytes of [A-Za-z0-9._-] (workday: no '.') */
static int
token_ok(const char *s, int dots)
{
	size_t n = 0;

	for (; s && s[n]; n++) {
		char c = s[n];

		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		    (c >= '0' && c <= '9') || c == '-' || c == '_' ||
		    (dots && c == '.')))
			return 0;
	}
	return n > 0 && n <= TOKEN_MAX;
}

/* path segment i of "/a/b/c" (0-based), malloc'd, or NULL */
static char *
segment(const char *path, unsigned i)
{
	const char *p = path, *end;

	for (;;) {
		while (*p == '/')
			p++;
		if (*p == '\0')
			return NULL;
		end = strchr(p, '/');
		if (end == NULL)
			end = p + strlen(p);
		if (i-- == 0)
			return xstrndup(p, (size_t)(end - p));
		p = end;
	}
}

/* the value of name=... in a query string (not decoded), or NULL */
static char *
param(const char *query, const char *name)
{
	size_t k = strlen(name);

	for (const char *p = query; p && *p; ) {
		const char *end = strchr(p, '&');

		if (end == NULL)
			end = p + strlen(p);
		if ((size_t)(end - p) > k && strncmp(p, name, k) == 0 &&
		    p[k] == '=')
			return xstrndup(p + k + 1, (size_t)(end - p - k - 1));
		p = *end ? end + 1 : end;
	}
	return NULL;
}

/* segments a and b of path equal s0 and s1: then segment c, else NULL */
static char *
after(const char *path, const char *s0, const char *s1, unsigned c)
{
	char *a = segment(path, 0), *b = segment(path, 1), *r = NULL;

	if (a && b && strcmp(a, s0) == 0 && strcmp(b, s1) == 0)
		r = segment(path, c);
	free(a);
	free(b);
	return r;
}

static int
is_locale(const char *s)
{
	size_t n = s ? strlen(s) : 0;

	return (n == 2 || (n == 5 && s[2] == '-')) && s[0] >= 'a' &&
	    s[0] <= 'z' && s[1] >= 'a' && s[1] <= 'z';
}

/* TENANT.wdN/TENANT/SITE from a myworkdayjobs.com host and path */
static char *
workday_board(const char *host, const char *path)
{
	const char *dot = strchr(host, '.');
	char *tenant = NULL, *site = NULL, *first = NULL, *r = NULL;
	struct buf b = BUF_INIT;

	if (dot == NULL || strncasecmp(dot, ".wd", 3) != 0 ||
	    dot[3] < '0' || dot[3] > '9' || strcasecmp(dot + 3 +
	    strspn(dot + 3, "0123456789"), ".myworkdayjobs.com") != 0)
		return NULL;
	buf_add(&b, host, (size_t)(dot - host) + 3 + strspn(dot + 3,
	    "0123456789"));
	if ((site = after(path, "wday", "cxs", 3)) != NULL)
		tenant = after(path, "wday", "cxs", 2);
	else {
		first = segment(path, 0);
		site = is_locale(first) ? segment(path, 1) : xstrdup_or_null(
		    first);
		tenant = xstrndup(host, (size_t)(dot - host));
	}
	if (token_ok(tenant, 0) && token_ok(site, 0) && token_ok(b.data +
	    (dot - host) + 1, 0)) {
		buf_addf(&b, "/%s/%s", tenant, site);
		r = buf_detach(&b, NULL);
	}
	buf_release(&b);
	free(first);
	free(tenant);
	free(site);
	return r;
}

/* the token of a greenhouse/lever/ashby URL (host lowercase), or NULL */
static char *
vendor_token(const char *host, const char *path, const char *query,
    enum source_kind *kind)
{
	char *t = NULL;

	if (strcmp(host, "boards.greenhouse.io") == 0 ||
	    strcmp(host, "job-boards.greenhouse.io") == 0) {
		*kind = KIND_GREENHOUSE;
		t = segment(path, 0);
		if (t && strcmp(t, "embed") == 0) {
			free(t);
			t = param(query, "for");
		}
	} else if (strcmp(host, "boards-api.greenhouse.io") == 0) {
		*kind = KIND_GREENHOUSE;
		t = after(path, "v1", "boards", 2);
	} else if (strcmp(host, "jobs.lever.co") == 0) {
		*kind = KIND_LEVER;
		t = segment(path, 0);
	} else if (strcmp(host, "api.lever.co") == 0) {
		*kind = KIND_LEVER;
		t = after(path, "v0", "postings", 2);
	} else if (strcmp(host, "jobs.ashbyhq.com") == 0) {
		*kind = KIND_ASHBY;
		t = segment(path, 0);
	} else if (strcmp(host, "api.ashbyhq.com") == 0) {
		*kind = KIND_ASHBY;
		t = after(path, "posting-api", "job-board", 2);
	}
	if (t && !token_ok(t, 1)) {
		free(t);
		t = NULL;
	}
	return t;
}

int
discover_board(const char *url, enum source_kind *kind, char **board)
{
	CURLU *u = curl_url();
	char *host = NULL, *path = NULL, *query = NULL, *t = NULL;

	if (u == NULL)
		fatalx("curl_url: out of memory");
	*board = NULL;
	if (url && curl_url_set(u, CURLUPART_URL, url, 0) == CURLUE_OK &&
	    curl_url_get(u, CURLUPART_HOST, &host, 0) == CURLUE_OK &&
	    curl_url_get(u, CURLUPART_PATH, &path, 0) == CURLUE_OK) {
		if (curl_url_get(u, CURLUPART_QUERY, &query, 0) != CURLUE_OK)
			query = NULL;
		for (char *p = host; *p; p++)
			*p = (char)(*p >= 'A' && *p <= 'Z' ? *p + 32 : *p);
		t = vendor_token(host, path, query, kind);
		if (t == NULL && (t = workday_board(host, path)) != NULL)
			*kind = KIND_WORKDAY;
	}
	curl_free(host);
	curl_free(path);
	curl_free(query);
	curl_url_cleanup(u);
	*board = t;
	return t ? 0 : -1;
}

const char *
discover_type_label(const char *type)
{
	for (size_t i = 0; type && feed_types[i][0]; i++)
		if (strcmp(type, feed_types[i][0]) == 0)
			return feed_types[i][1];
	return "feed";
}

/* the media type of an alternate feed link (params dropped), or NULL */
static const char *
feed_type(const struct html_link *l, char *buf, size_t size)
{
	const char *p;
	size_t n;

	if (strcmp(l->tag, "link") != 0 || l->rel == NULL || l->type == NULL)
		return NULL;
	for (p = l->rel; (p = strstr(p, "alternate")) != NULL; p += 9)
		if ((p == l->rel || p[-1] == ' ') && (p[9] == '\0' ||
		    p[9] == ' '))
			break;
	if (p == NULL)
		return NULL;
	n = strcspn(l->type, "; ");
	if (n >= size)
		return NULL;
	memcpy(buf, l->type, n);
	buf[n] = '\0';
	return strcmp(discover_type_label(buf), "feed") == 0 ? NULL : buf;
}

static struct disc_cand *
push(struct discovery *d)
{
	d->v = xreallocarray(d->v, d->n + 1, sizeof(*d->v));
	memset(&d->v[d->n], 0, sizeof(*d->v));
	return &d->v[d->n++];
}

/* a candidate for a board URL, once per kind and token */
static void
add_board(struct discovery *d, struct strset *seen, const char *url)
{
	enum source_kind kind;
	struct disc_cand *c;
	char *board = NULL;
	struct buf key = BUF_INIT;

	if (discover_board(url, &kind, &board) == 0) {
		buf_addf(&key, "%d %s", (int)kind, board);
		if (strset_add(seen, key.data, key.len)) {
			c = push(d);
			c->what = DISC_BOARD;
			c->kind = kind;
			c->url = xstrdup(url);
			c->board = board;
			board = NULL;		/* now owned by c */
		}
	}
	free(board);
	buf_release(&key);
}

/* "comment" in s, any case (WordPress's "Comments Feed") */
static int
has_comment(const char *s)
{
	for (; *s; s++)
		if (strncasecmp(s, "comment", 7) == 0)
			return 1;
	return 0;
}

static void
add_feed(struct discovery *d, struct strset *seen, const struct html_link *l,
    const char *type)
{
	struct disc_cand *c;

	if (!strset_add(seen, l->url, strlen(l->url)))
		return;
	c = push(d);
	c->what = DISC_FEED;
	c->kind = KIND_FEED;
	c->url = xstrdup(l->url);
	c->type = xstrdup(type);
	c->title = xstrdup_or_null(l->title);
	c->comments = l->title && has_comment(l->title);
}

int
discover_page(struct discovery *out, const char *url, const char *data,
    size_t len, const char *charset, struct err *err)
{
	struct strset seen = STRSET_INIT;
	struct html_link *links = NULL;
	size_t n = 0;
	char type[64];
	int rc = 0;

	memset(out, 0, sizeof(*out));
	add_board(out, &seen, url);
	if (data && (rc = html_links(&links, &n, data, len, url, charset,
	    err)) == 0)
		for (size_t i = 0; i < n; i++) {
			const char *t = feed_type(&links[i], type,
			    sizeof(type));

			if (t)
				add_feed(out, &seen, &links[i], t);
			else
				add_board(out, &seen, links[i].url);
		}
	html_links_free(links, n);
	strset_release(&seen);
	if (rc < 0)
		discovery_release(out);
	return rc;
}

void
discovery_release(struct discovery *d)
{
	for (size_t i = 0; i < d->n; i++) {
		free(d->v[i].url);
		free(d->v[i].board);
		free(d->v[i].type);
		free(d->v[i].title);
	}
	free(d->v);
	memset(d, 0, sizeof(*d));
}
