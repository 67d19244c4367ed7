#include "url.h"

#include <ctype.h>
#include <curl/curl.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "buf.h"
#include "log.h"
#include "util.h"
#include "xmalloc.h"

/*
 * The scheme is read by hand first, so that every scheme but http(s) gets
 * the same message whatever libcurl thinks of it ("unsupported URL scheme
 * 'file'"); then libcurl parses the rest and there must be a host.
 */
int
url_check(const char *url, struct err *err)
{
	CURLU *u = NULL;
	CURLUcode uc;
	char *host = NULL;
	const char *p = url;
	int rc = 0;

	if (url == NULL || *url == '\0')
		return err_set(err, ERR_PARSE, "invalid URL: empty");

	/* the scheme first, by hand, so that every non-http(s) scheme gets
	 * the same message whatever libcurl thinks of it */
	if (isalpha((unsigned char)*p)) {
		while (isalnum((unsigned char)*p) || *p == '+' || *p == '-' ||
		    *p == '.')
			p++;
	}
	if (p == url || *p != ':')
		return err_set(err, ERR_PARSE, "invalid URL: missing http:// "
		    "or https:// scheme");
	if (!((p - url == 4 && strncasecmp(url, "http", 4) == 0) ||
	    (p - url == 5 && strncasecmp(url, "https", 5) == 0)))
		return err_set(err, ERR_POLICY, "unsupported URL scheme "
		    "'%.*s'", (int)(p - url > 32 ? 32 : p - url), url);
	u = curl_url();
	if (u == NULL)
		BUG("curl_url");
	uc = curl_url_set(u, CURLUPART_URL, url, 0);
	if (uc != CURLUE_OK) {
		rc = err_set(err, ERR_PARSE, "invalid URL: %s",
		    curl_url_strerror(uc));
		goto out;
	}
	uc = curl_url_get(u, CURLUPART_HOST, &host, 0);
	if (uc != CURLUE_OK || host == NULL || host[0] == '\0') {
		rc = err_set(err, ERR_PARSE, "invalid URL: no host");
		goto out;
	}
out:
	curl_free(host);
	curl_url_cleanup(u);
	return rc;
}

char *
url_host(const char *url)
{
	CURLU *u;
	char *host = NULL, *ret = NULL;

	if (url == NULL)
		return NULL;
	u = curl_url();
	if (u == NULL)
		fatalx("curl_url: out of memory");
	if (curl_url_set(u, CURLUPART_URL, url, CURLU_NON_SUPPORT_SCHEME) ==
	    CURLUE_OK &&
	    curl_url_get(u, CURLUPART_HOST, &host, 0) == CURLUE_OK &&
	    host != NULL) {
		ret = xstrdup(host);
		for (char *p = ret; *p; p++)
			*p = (char)tolower((unsigned char)*p);
	}
	curl_free(host);
	curl_url_cleanup(u);
	return ret;
}

/*
 * Clean a reference the way browsers do before parsing: trim C0 controls
 * and spaces at both ends, drop tabs and newlines, and percent-encode
 * bytes that may not appear in a URL (spaces, controls, non-ASCII, quotes,
 * angle brackets, backtick) outside the authority, so that libcurl, which
 * refuses them in absolute URLs, accepts the reference.
 */
static char *
ref_clean(const char *ref)
{
	static const char hex[] = "0123456789ABCDEF";
	struct buf b = BUF_INIT;
	const char *s = ref, *e = ref + strlen(ref), *auth_end = NULL;
	const char *p;

	while (s < e && (unsigned char)*s <= 0x20)
		s++;
	while (e > s && (unsigned char)e[-1] <= 0x20)
		e--;
	/* find where the authority ends, if the reference has one */
	p = s;
	while (p < e && (isalnum((unsigned char)*p) || *p == '+' ||
	    *p == '-' || *p == '.'))
		p++;
	if (p > s && p < e && *p == ':' && isalpha((unsigned char)*s))
		p++;	/* a scheme */
	else
		p = s;
	if (e - p >= 2 && p[0] == '/' && p[1] == '/') {
		p += 2;
		while (p < e && *p != '/' && *p != '?' && *p != '#')
			p++;
		auth_end = p;
	}
	for (p = s; p < e; p++) {
		unsigned char c = (unsigned char)*p;

		if (c == '\t' || c == '\n' || c == '\r')
			continue;
		if ((auth_end == NULL || p >= auth_end) && (c <= 0x20 ||
		    c >= 0x7f || c == '"' || c == '<' || c == '>' ||
		    c == '`')) {
			buf_addch(&b, '%');
			buf_addch(&b, hex[c >> 4]);
			buf_addch(&b, hex[c & 15]);
		} else
			buf_addch(&b, c);
	}
	return buf_detach(&b, NULL);
}

char *
url_resolve(const char *base, const char *ref)
{
	CURLU *u = NULL;
	char *clean = NULL, *out = NULL, *ret = NULL;
	CURLUcode uc;

	if (base == NULL || ref == NULL)
		return NULL;
	u = curl_url();
	if (u == NULL)
		fatalx("curl_url: out of memory");
	clean = ref_clean(ref);
	if (curl_url_set(u, CURLUPART_URL, base, CURLU_NON_SUPPORT_SCHEME) !=
	    CURLUE_OK) {
		/* no usable base: an absolute reference still resolves */
		if (curl_url_set(u, CURLUPART_URL, clean,
		    CURLU_NON_SUPPORT_SCHEME) != CURLUE_OK)
			goto out;
	} else if (clean[0] == '\0') {
		/* same document: the base without its fragment */
		uc = curl_url_set(u, CURLUPART_FRAGMENT, NULL, 0);
		if (uc != CURLUE_OK)
			goto out;
	} else if (clean[0] == '#') {
		/* libcurl 7.88 drops the last path segment here: do it
		 * ourselves */
		uc = curl_url_set(u, CURLUPART_FRAGMENT,
		    clean[1] ? clean + 1 : NULL, 0);
		if (uc != CURLUE_OK)
			goto out;
	} else {
		uc = curl_url_set(u, CURLUPART_URL, clean,
		    CURLU_NON_SUPPORT_SCHEME);
		if (uc != CURLUE_OK)
			goto out;
	}
	if (curl_url_get(u, CURLUPART_URL, &out, 0) != CURLUE_OK ||
	    out == NULL)
		goto out;
	/* libcurl decodes a percent-encoded host: a result that is not
	 * valid UTF-8 is no link we can pass on */
	if (!utf8_valid(out, strlen(out)))
		goto out;
	ret = xstrdup(out);
out:
	curl_free(out);
	free(clean);
	curl_url_cleanup(u);
	return ret;
}

char *
url_link(const char *base, const char *ref)
{
	char *r;

	if (ref == NULL || *ref == '\0')
		return NULL;
	r = url_resolve(base && *base ? base : "", ref);
	if (r == NULL)
		return NULL;
	if (url_check(r, NULL) != 0) {
		free(r);
		return NULL;
	}
	return r;
}
