#include "redact.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <curl/curl.h>

#include "xmalloc.h"

/* a path segment or query value this long is taken for a token */
#define TOKEN_MIN	16

struct secret {
	char	*s;
	size_t	 len;
};

/* longest first, so that a whole URL is replaced before its parts */
static struct secret	*secrets;
static size_t		 nsecrets;

void
redact_add(const char *secret)
{
	size_t len = secret ? strlen(secret) : 0, i;

	if (len < REDACT_MIN)
		return;
	for (i = 0; i < nsecrets; i++)
		if (secrets[i].len == len && memcmp(secrets[i].s, secret,
		    len) == 0)
			return;
	secrets = xreallocarray(secrets, nsecrets + 1, sizeof(*secrets));
	for (i = nsecrets; i > 0 && secrets[i - 1].len < len; i--)
		secrets[i] = secrets[i - 1];
	secrets[i].s = xstrdup(secret);
	secrets[i].len = len;
	nsecrets++;
}

/* every piece of s between separators (any of sep) that is TOKEN_MIN
 * bytes or more */
static void
add_tokens(const char *s, const char *sep)
{
	char *copy = xstrdup(s), *p = copy;

	while (*p != '\0') {
		size_t n = strcspn(p, sep);
		char c = p[n];

		p[n] = '\0';
		if (n >= TOKEN_MIN)
			redact_add(p);
		p[n] = c;
		p += n;
		if (*p != '\0')
			p++;
	}
	free(copy);
}

/* one part of u (flags 0 or CURLU_URLDECODE), malloc'd, or NULL */
static char *
url_part(CURLU *u, CURLUPart what, unsigned flags)
{
	char *v = NULL, *r = NULL;

	if (curl_url_get(u, what, &v, flags) == CURLUE_OK && v != NULL)
		r = xstrdup(v);
	curl_free(v);
	return r;
}

void
redact_add_url(const char *url)
{
	CURLU *u;
	char *path = NULL, *query = NULL, *v;
	unsigned dec;

	redact_add(url);
	if (url == NULL || (u = curl_url()) == NULL)
		return;
	if (curl_url_set(u, CURLUPART_URL, url, CURLU_NON_SUPPORT_SCHEME) !=
	    CURLUE_OK)
		goto out;
	v = url_part(u, CURLUPART_URL, 0);
	redact_add(v);
	free(v);
	v = url_part(u, CURLUPART_PASSWORD, 0);
	redact_add(v);
	free(v);
	for (dec = 0; dec <= 1; dec++) {
		struct buf pq = BUF_INIT;
		unsigned flags = dec ? CURLU_URLDECODE : 0;

		free(path);
		free(query);
		path = url_part(u, CURLUPART_PATH, flags);
		query = url_part(u, CURLUPART_QUERY, flags);
		if (path != NULL) {
			redact_add(path);
			add_tokens(path, "/");
			buf_addstr(&pq, path);
		}
		if (query != NULL) {
			redact_add(query);
			add_tokens(query, "&=");
			buf_addf(&pq, "?%s", query);
		}
		redact_add(pq.data);
		buf_release(&pq);
	}
out:
	free(path);
	free(query);
	curl_url_cleanup(u);
}

/* the first occurrence of needle (m > 0 bytes) in hay, or NULL (memmem is
 * a GNU extension) */
static const char *
find(const char *hay, size_t n, const char *needle, size_t m)
{
	const char *p = hay, *end = hay + n;

	while ((size_t)(end - p) >= m &&
	    (p = memchr(p, needle[0], (size_t)(end - p) - m + 1)) != NULL) {
		if (memcmp(p, needle, m) == 0)
			return p;
		p++;
	}
	return NULL;
}

int
redact_active(void)
{
	return nsecrets > 0;
}

size_t
redact_buf(struct buf *b)
{
	size_t total = 0;

	for (size_t i = 0; i < nsecrets; i++) {
		const struct secret *sc = &secrets[i];
		struct buf out = BUF_INIT;
		const char *p = b->data, *end = b->data + b->len, *hit;

		if (find(p, b->len, sc->s, sc->len) == NULL)
			continue;
		while ((hit = find(p, (size_t)(end - p), sc->s,
		    sc->len)) != NULL) {
			buf_add(&out, p, (size_t)(hit - p));
			buf_addstr(&out, REDACT_MARK);
			p = hit + sc->len;
			total++;
		}
		buf_add(&out, p, (size_t)(end - p));
		buf_release(b);
		*b = out;	/* the old text goes, with the secret */
	}
	return total;
}

size_t
redact_str(char *s, size_t size)
{
	struct buf b = BUF_INIT;
	size_t n;

	if (nsecrets == 0 || s == NULL || size == 0)
		return 0;
	buf_addstr(&b, s);
	n = redact_buf(&b);
	if (n > 0)
		snprintf(s, size, "%s", b.data);
	buf_release(&b);
	return n;
}

void
redact_reset(void)
{
	for (size_t i = 0; i < nsecrets; i++) {
		explicit_bzero(secrets[i].s, secrets[i].len);
		free(secrets[i].s);
	}
	free(secrets);
	secrets = NULL;
	nsecrets = 0;
}
