#include "fetch.h"

#include <sys/types.h>
#include <sys/socket.h>

#include <arpa/inet.h>
#include <netinet/in.h>

#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <curl/curl.h>

#include "buf.h"
#include "log.h"
#include "url.h"
#include "util.h"
#include "xmalloc.h"

#define FETCH_DEF_CONCURRENCY	32
#define FETCH_DEF_PER_HOST	4
#define FETCH_DEF_TIMEOUT	30
#define FETCH_DEF_CONNECT	10
#define FETCH_DEF_MAX_BYTES	(10u * 1024 * 1024)
#define FETCH_DEF_UA		"sigwatch"
#define FETCH_MAX_REDIRS	5
#define FETCH_LOW_SPEED		100	/* bytes/s */
#define FETCH_LOW_SPEED_TIME	30	/* s */
#define FETCH_RETRY_MAX		86400	/* clamp Retry-After to a day */
#define FETCH_HDR_MAX		1024	/* longest validator we keep */
#define POST_TIMEOUT		30
#define POST_MAX_BODY		(64 * 1024)

/* one transfer, from fetch_add until its callback has run */
struct xfer {
	struct xfer	 *next;
	CURL		 *easy;
	struct curl_slist *hdrs;
	/* the request (copied) */
	char		 *url;
	char		 *host;		/* lowercased; scheduling and logs */
	char		 *etag;
	char		 *last_modified;
	char		**headers;	/* NULL-terminated */
	char		 *post_body;
	size_t		  post_len;
	char		 *post_type;
	void		(*done)(struct fetch_res *, void *);
	void		 *payload;
	/* the response */
	struct buf	  body;
	uint64_t	  max_bytes;
	int		  toolarge;	/* write callback hit max_bytes */
	int		  truncate;	/* fetch_post: over max_bytes is fine */
	int		  discard;	/* truncated: keep no more */
	struct xfer	 *aprev, *anext; /* the fetcher's running list */
	int		  refused;	/* open-socket callback refused */
	char		  refused_addr[INET6_ADDRSTRLEN];
	int		  allow_private;
	const char	 *allow_addr;
	char		 *h_etag;
	char		 *h_last_modified;
	char		 *h_content_type;
	char		 *h_charset;
	int64_t		  h_retry_after;
	/* set when the request fails before any transfer (policy) */
	enum fetch_status pre_status;
	int		  pre_failed;
	char		  pre_error[256];
	char		  errbuf[CURL_ERROR_SIZE];
};

struct hostslot {
	char		*host;
	unsigned	 active;
};

struct fetcher {
	CURLM		*multi;
	CURLSH		*share;
	struct fetch_opts opts;
	char		*user_agent;
	char		*allow_addr;
	char		*ca_file;
	struct xfer	*pend_head, *pend_tail;	/* not yet started */
	struct xfer	*fail_head, *fail_tail;	/* refused before start */
	struct xfer	*act_head;		/* in the multi handle */
	unsigned	 active;
	struct hostslot	*hosts;
	size_t		 nhosts;
	int		 running;		/* inside fetch_run */
};

void
fetch_global_init(void)
{
	CURLcode rc;

	rc = curl_global_init(CURL_GLOBAL_DEFAULT);
	if (rc != CURLE_OK)
		fatalx("curl_global_init: %s", curl_easy_strerror(rc));
}

const char *
fetch_status_name(enum fetch_status s)
{
	switch (s) {
	case FETCH_OK:		return "ok";
	case FETCH_UNCHANGED:	return "unchanged";
	case FETCH_TRANSIENT:	return "transient";
	case FETCH_PERMANENT:	return "permanent";
	case FETCH_POLICY:	return "policy_blocked";
	case FETCH_TOOLARGE:	return "too_large";
	case FETCH_PROTOCOL:	return "protocol_error";
	}
	return "unknown";
}

void
fetch_res_release(struct fetch_res *res)
{
	if (res == NULL)
		return;
	free(res->body);
	free(res->etag);
	free(res->last_modified);
	free(res->final_url);
	free(res->content_type);
	free(res->charset);
	memset(res, 0, sizeof(*res));
	res->retry_after = -1;
}

static void
res_init(struct fetch_res *res)
{
	memset(res, 0, sizeof(*res));
	res->retry_after = -1;
}

/* ---- address policy ---- */

static int
v4_private(const unsigned char a[4])
{
	uint32_t x = (uint32_t)a[0] << 24 | (uint32_t)a[1] << 16 |
	    (uint32_t)a[2] << 8 | a[3];
	static const struct { uint32_t net, mask; } nets[] = {
		{ 0x00000000, 0xff000000 },	/* 0/8 "this network" */
		{ 0x0a000000, 0xff000000 },	/* 10/8 */
		{ 0x64400000, 0xffc00000 },	/* 100.64/10 CGNAT */
		{ 0x7f000000, 0xff000000 },	/* 127/8 loopback */
		{ 0xa9fe0000, 0xffff0000 },	/* 169.254/16 link-local */
		{ 0xac100000, 0xfff00000 },	/* 172.16/12 */
		{ 0xc0000000, 0xffffff00 },	/* 192.0.0/24 IETF */
		{ 0xc0000200, 0xffffff00 },	/* 192.0.2/24 TEST-NET-1 */
		{ 0xc0a80000, 0xffff0000 },	/* 192.168/16 */
		{ 0xc6120000, 0xfffe0000 },	/* 198.18/15 benchmarking */
		{ 0xc6336400, 0xffffff00 },	/* 198.51.100/24 TEST-NET-2 */
		{ 0xcb007100, 0xffffff00 },	/* 203.0.113/24 TEST-NET-3 */
		{ 0xe0000000, 0xf0000000 },	/* 224/4 multicast */
		{ 0xf0000000, 0xf0000000 },	/* 240/4 incl. broadcast */
	};

	for (size_t i = 0; i < sizeof(nets) / sizeof(nets[0]); i++)
		if ((x & nets[i].mask) == nets[i].net)
			return 1;
	return 0;
}

static int
v6_private(const unsigned char a[16])
{
	static const unsigned char zero[12];
	static const unsigned char mapped[12] =
	    { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff };
	static const unsigned char nat64[12] =
	    { 0, 0x64, 0xff, 0x9b, 0, 0, 0, 0, 0, 0, 0, 0 };
	unsigned char v4[4];

	/* ::/96 (::, ::1, IPv4-compatible), ::ffff:0:0/96, 64:ff9b::/96 */
	if (memcmp(a, zero, 12) == 0 || memcmp(a, mapped, 12) == 0 ||
	    memcmp(a, nat64, 12) == 0)
		return v4_private(a + 12);
	if (a[0] == 0x00 && a[1] == 0x64 && a[2] == 0xff && a[3] == 0x9b &&
	    a[4] == 0x00 && a[5] == 0x01)
		return 1;				/* 64:ff9b:1::/48 */
	if (a[0] == 0x20 && a[1] == 0x02)		/* 2002::/16 6to4 */
		return v4_private(a + 2);
	if (a[0] == 0x20 && a[1] == 0x01 && a[2] == 0 && a[3] == 0) {
		/* 2001::/32 Teredo: the client's v4 address, inverted */
		for (int i = 0; i < 4; i++)
			v4[i] = (unsigned char)~a[12 + i];
		return v4_private(v4) || v4_private(a + 4);
	}
	if (a[0] == 0x20 && a[1] == 0x01 && a[2] == 0x0d && a[3] == 0xb8)
		return 1;				/* 2001:db8::/32 */
	if (a[0] == 0x01 && a[1] == 0x00 && memcmp(a + 2, zero, 6) == 0)
		return 1;				/* 100::/64 discard */
	if ((a[0] & 0xfe) == 0xfc)			/* fc00::/7 ULA */
		return 1;
	if (a[0] == 0xfe && (a[1] & 0xc0) == 0x80)	/* fe80::/10 */
		return 1;
	if (a[0] == 0xfe && (a[1] & 0xc0) == 0xc0)	/* fec0::/10 */
		return 1;
	if (a[0] == 0xff)				/* ff00::/8 */
		return 1;
	return 0;
}

static curl_socket_t
open_socket_cb(void *clientp, curlsocktype purpose,
    struct curl_sockaddr *addr)
{
	struct xfer *x = clientp;
	char text[INET6_ADDRSTRLEN] = "?";
	int bad = 1;

	(void)purpose;
	if (addr->family == AF_INET && addr->addrlen >=
	    (unsigned)sizeof(struct sockaddr_in)) {
		const struct sockaddr_in *sin =
		    (const struct sockaddr_in *)(const void *)&addr->addr;

		inet_ntop(AF_INET, &sin->sin_addr, text, sizeof(text));
		bad = v4_private((const unsigned char *)&sin->sin_addr);
	} else if (addr->family == AF_INET6 && addr->addrlen >=
	    (unsigned)sizeof(struct sockaddr_in6)) {
		const struct sockaddr_in6 *sin6 =
		    (const struct sockaddr_in6 *)(const void *)&addr->addr;

		inet_ntop(AF_INET6, &sin6->sin6_addr, text, sizeof(text));
		bad = v6_private((const unsigned char *)&sin6->sin6_addr);
	}
	/* any other family (unix sockets...) is refused */
	if (bad && !x->allow_private && !(x->allow_addr != NULL &&
	    strcmp(text, x->allow_addr) == 0)) {
		x->refused = 1;
		snprintf(x->refused_addr, sizeof(x->refused_addr), "%s",
		    text);
		return CURL_SOCKET_BAD;
	}
	return socket(addr->family, addr->socktype, addr->protocol);
}

/* ---- response headers ---- */

/* printable ASCII only (validators go back out verbatim in headers) */
static int
hdr_value_ok(const char *s, size_t n)
{
	if (n == 0 || n > FETCH_HDR_MAX)
		return 0;
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)s[i] < 0x20 || (unsigned char)s[i] >= 0x7f)
			if (s[i] != '\t')
				return 0;
	return 1;
}

static void
hdr_reset(struct xfer *x)
{
	free(x->h_etag);
	free(x->h_last_modified);
	free(x->h_content_type);
	free(x->h_charset);
	x->h_etag = x->h_last_modified = NULL;
	x->h_content_type = x->h_charset = NULL;
	x->h_retry_after = -1;
}

static int64_t
retry_after_parse(const char *v)
{
	int64_t secs;
	time_t when;

	if (isdigit((unsigned char)v[0])) {
		secs = 0;
		for (const char *p = v; *p; p++) {
			if (!isdigit((unsigned char)*p))
				return -1;
			if (secs < FETCH_RETRY_MAX)
				secs = secs * 10 + (*p - '0');
		}
	} else {
		when = curl_getdate(v, NULL);
		if (when == (time_t)-1)
			return -1;
		secs = (int64_t)when - (int64_t)time(NULL);
	}
	if (secs < 0)
		secs = 0;
	if (secs > FETCH_RETRY_MAX)
		secs = FETCH_RETRY_MAX;
	return secs;
}

static int
token_char(int c)
{
	return isalnum(c) || strchr("!#$%&'*+-.^_`|~", c) != NULL;
}

static void
content_type_parse(struct xfer *x, const char *v)
{
	const char *p = v, *q;
	char *type;
	size_t n;

	while (*p && (token_char((unsigned char)*p) || *p == '/'))
		p++;
	n = (size_t)(p - v);
	if (n == 0 || n > 255 || memchr(v, '/', n) == NULL)
		return;
	type = xstrndup(v, n);
	for (char *t = type; *t; t++)
		*t = (char)tolower((unsigned char)*t);
	x->h_content_type = type;
	/* parameters: ; name=value or ; name="value" */
	while (*p) {
		while (*p == ' ' || *p == '\t' || *p == ';')
			p++;
		q = p;
		while (*p && token_char((unsigned char)*p))
			p++;
		n = (size_t)(p - q);
		if (*p != '=')
			break;
		p++;
		if (n == 7 && strncasecmp(q, "charset", 7) == 0) {
			const char *vs = p, *ve;

			if (*vs == '"')
				vs++;
			ve = vs;
			while (*ve && (isalnum((unsigned char)*ve) ||
			    strchr("-_.:+", *ve) != NULL))
				ve++;
			if (ve > vs && ve - vs < 64 && x->h_charset == NULL)
				x->h_charset = xstrndup(vs, (size_t)(ve - vs));
		}
		if (*p == '"') {
			p++;
			while (*p && *p != '"') {
				if (*p == '\\' && p[1])
					p++;
				p++;
			}
			if (*p == '"')
				p++;
		} else
			while (*p && *p != ';')
				p++;
	}
}

static size_t
header_cb(char *data, size_t size, size_t n, void *userdata)
{
	struct xfer *x = userdata;
	size_t len = size * n, nlen;
	const char *colon, *v, *e;
	char *val;

	if (len >= 5 && memcmp(data, "HTTP/", 5) == 0) {
		/* a new response (1xx, redirect hop, final): start over */
		hdr_reset(x);
		buf_reset(&x->body);
		x->discard = 0;
		return len;
	}
	colon = memchr(data, ':', len);
	if (colon == NULL)
		return len;
	nlen = (size_t)(colon - data);
	v = colon + 1;
	e = data + len;
	while (v < e && (*v == ' ' || *v == '\t'))
		v++;
	while (e > v && (e[-1] == '\r' || e[-1] == '\n' || e[-1] == ' ' ||
	    e[-1] == '\t'))
		e--;
	if (!hdr_value_ok(v, (size_t)(e - v)))
		return len;
	val = xstrndup(v, (size_t)(e - v));
	if (nlen == 4 && strncasecmp(data, "etag", 4) == 0) {
		free(x->h_etag);
		x->h_etag = val;
		val = NULL;	/* now owned by x */
	} else if (nlen == 13 && strncasecmp(data, "last-modified", 13) == 0) {
		free(x->h_last_modified);
		x->h_last_modified = val;
		val = NULL;	/* now owned by x */
	} else if (nlen == 12 && strncasecmp(data, "content-type", 12) == 0) {
		free(x->h_content_type);
		free(x->h_charset);
		x->h_content_type = x->h_charset = NULL;
		content_type_parse(x, val);
	} else if (nlen == 11 && strncasecmp(data, "retry-after", 11) == 0)
		x->h_retry_after = retry_after_parse(val);
	free(val);
	return len;
}

static size_t
write_cb(char *data, size_t size, size_t n, void *userdata)
{
	struct xfer *x = userdata;
	size_t len = size * n;

	if (x->discard)
		return len;
	if ((uint64_t)x->body.len + len > x->max_bytes) {
		if (x->truncate) {
			/* fetch_post: keep what fits, drop the rest */
			buf_add(&x->body, data,
			    (size_t)(x->max_bytes - x->body.len));
			x->discard = 1;
			return len;
		}
		x->toolarge = 1;
		return CURL_WRITEFUNC_ERROR;
	}
	buf_add(&x->body, data, len);
	return len;
}

/* ---- transfers ---- */

static void
xfer_free(struct xfer *x)
{
	if (x == NULL)
		return;
	if (x->easy != NULL)
		curl_easy_cleanup(x->easy);
	curl_slist_free_all(x->hdrs);
	free(x->url);
	free(x->host);
	free(x->etag);
	free(x->last_modified);
	if (x->headers != NULL)
		for (char **h = x->headers; *h; h++)
			free(*h);
	free(x->headers);
	free(x->post_body);
	free(x->post_type);
	buf_release(&x->body);
	hdr_reset(x);
	free(x);
}

/* a header line we may send: "Name: value", no CR, LF or NUL */
static int
req_header_ok(const char *h)
{
	const char *colon = strchr(h, ':');

	if (colon == NULL || colon == h)
		return 0;
	for (const char *p = h; p < colon; p++)
		if (!token_char((unsigned char)*p))
			return 0;
	return strpbrk(h, "\r\n") == NULL;
}

static void
slist_add(struct curl_slist **l, const char *s)
{
	struct curl_slist *n = curl_slist_append(*l, s);

	if (n == NULL)
		fatalx("curl_slist_append: out of memory");
	*l = n;
}

#define SETOPT(h, o, v) do {						\
	if (curl_easy_setopt((h), (o), (v)) != CURLE_OK)		\
		goto fail;						\
} while (0)

/*
 * Options shared by source fetches and webhook posts. Returns 0, or -1
 * when libcurl refused an option (too old, or out of memory).
 */
static int
easy_common(struct xfer *x, const char *user_agent, const char *ca_file,
    long timeout, long connect_timeout, int https)
{
	CURL *h = x->easy;
	struct buf line = BUF_INIT;
	long lst;

	SETOPT(h, CURLOPT_URL, x->url);
	SETOPT(h, CURLOPT_PROTOCOLS_STR, "http,https");
	SETOPT(h, CURLOPT_REDIR_PROTOCOLS_STR, https ? "https" : "http,https");
	SETOPT(h, CURLOPT_NOSIGNAL, 1L);
	SETOPT(h, CURLOPT_PROXY, "");
	SETOPT(h, CURLOPT_ERRORBUFFER, x->errbuf);
	SETOPT(h, CURLOPT_USERAGENT, user_agent);
	SETOPT(h, CURLOPT_TIMEOUT, timeout);
	SETOPT(h, CURLOPT_CONNECTTIMEOUT, connect_timeout);
	lst = FETCH_LOW_SPEED_TIME;
	if (timeout > 0 && lst > timeout / 2)
		lst = timeout / 2 > 0 ? timeout / 2 : 1;
	SETOPT(h, CURLOPT_LOW_SPEED_LIMIT, (long)FETCH_LOW_SPEED);
	SETOPT(h, CURLOPT_LOW_SPEED_TIME, lst);
	SETOPT(h, CURLOPT_ACCEPT_ENCODING, "");
	SETOPT(h, CURLOPT_SSL_VERIFYPEER, 1L);
	SETOPT(h, CURLOPT_SSL_VERIFYHOST, 2L);
	if (ca_file != NULL)
		SETOPT(h, CURLOPT_CAINFO, ca_file);
	SETOPT(h, CURLOPT_VERBOSE, 0L);
	SETOPT(h, CURLOPT_HEADERFUNCTION, header_cb);
	SETOPT(h, CURLOPT_HEADERDATA, x);
	SETOPT(h, CURLOPT_WRITEFUNCTION, write_cb);
	SETOPT(h, CURLOPT_WRITEDATA, x);
	SETOPT(h, CURLOPT_PRIVATE, x);

	if (x->etag != NULL && hdr_value_ok(x->etag, strlen(x->etag))) {
		buf_reset(&line);
		buf_addf(&line, "If-None-Match: %s", x->etag);
		slist_add(&x->hdrs, line.data);
	}
	if (x->last_modified != NULL &&
	    hdr_value_ok(x->last_modified, strlen(x->last_modified))) {
		buf_reset(&line);
		buf_addf(&line, "If-Modified-Since: %s", x->last_modified);
		slist_add(&x->hdrs, line.data);
	}
	if (x->post_body != NULL) {
		SETOPT(h, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)x->post_len);
		SETOPT(h, CURLOPT_POSTFIELDS, x->post_body);
		if (x->post_type != NULL && strpbrk(x->post_type, "\r\n") ==
		    NULL) {
			buf_reset(&line);
			buf_addf(&line, "Content-Type: %s", x->post_type);
			slist_add(&x->hdrs, line.data);
		}
		/* no "Expect: 100-continue" round trip */
		slist_add(&x->hdrs, "Expect:");
	}
	if (x->headers != NULL)
		for (char **hp = x->headers; *hp; hp++) {
			if (req_header_ok(*hp))
				slist_add(&x->hdrs, *hp);
			else
				log_warnx("fetch url=%s: malformed request "
				    "header dropped", x->host ? x->host : "?");
		}
	if (x->hdrs != NULL)
		SETOPT(h, CURLOPT_HTTPHEADER, x->hdrs);
	buf_release(&line);
	return 0;
fail:
	buf_release(&line);
	return -1;
}

static int
is_https(const char *url)
{
	return strncasecmp(url, "https:", 6) == 0;
}

static int
xfer_setup(struct fetcher *f, struct xfer *x)
{
	x->easy = curl_easy_init();
	if (x->easy == NULL)
		return -1;
	if (easy_common(x, f->user_agent, f->ca_file, f->opts.timeout,
	    f->opts.connect_timeout, is_https(x->url)) != 0)
		return -1;
	SETOPT(x->easy, CURLOPT_FOLLOWLOCATION, 1L);
	SETOPT(x->easy, CURLOPT_MAXREDIRS, (long)FETCH_MAX_REDIRS);
	SETOPT(x->easy, CURLOPT_MAXFILESIZE_LARGE, (curl_off_t)x->max_bytes);
	SETOPT(x->easy, CURLOPT_OPENSOCKETFUNCTION, open_socket_cb);
	SETOPT(x->easy, CURLOPT_OPENSOCKETDATA, x);
	if (f->share != NULL)
		SETOPT(x->easy, CURLOPT_SHARE, f->share);
	return 0;
fail:
	return -1;
}

/* curl's error text, unless it could quote the URL (query, userinfo) */
static const char *
curl_reason(const struct xfer *x, CURLcode rc)
{
	if (x->errbuf[0] != '\0' && strstr(x->errbuf, "://") == NULL &&
	    strchr(x->errbuf, '?') == NULL && strchr(x->errbuf, '@') == NULL)
		return x->errbuf;
	return curl_easy_strerror(rc);
}

/* the scheme of the refused redirect target, and nothing else of it */
static void
redirect_scheme(const struct xfer *x, char *out, size_t size)
{
	char *loc = NULL;
	size_t n = 0;

	out[0] = '\0';
	/* after following, the refused target is the effective URL */
	if (curl_easy_getinfo(x->easy, CURLINFO_EFFECTIVE_URL, &loc) !=
	    CURLE_OK || loc == NULL)
		return;
	while (loc[n] != '\0' && n + 1 < size &&
	    (isalnum((unsigned char)loc[n]) || loc[n] == '+' ||
	    loc[n] == '-' || loc[n] == '.'))
		n++;
	if (n == 0 || loc[n] != ':')
		return;
	for (size_t i = 0; i < n; i++)
		out[i] = (char)tolower((unsigned char)loc[i]);
	out[n] = '\0';
}

static void
classify_http(struct fetch_res *res, long code, long unmet)
{
	if (unmet || code == 304) {
		res->status = FETCH_UNCHANGED;
		return;
	}
	if (code >= 200 && code <= 299) {
		res->status = FETCH_OK;
		return;
	}
	if (code == 410 || code == 401 || code == 403)
		res->status = FETCH_PERMANENT;
	else
		res->status = FETCH_TRANSIENT;
	snprintf(res->error, sizeof(res->error), "HTTP %ld", code);
}

/*
 * Fill res from a finished transfer. secret_url: never quote curl's
 * error buffer (it can name the host, and for webhooks even that stays
 * out).
 */
static void
result_fill(struct fetch_res *res, struct xfer *x, CURLcode rc,
    int secret_url)
{
	long code = 0, unmet = 0;
	double secs = 0;
	char *eff = NULL;
	char scheme[17];
	curl_off_t ra = -1;

	curl_easy_getinfo(x->easy, CURLINFO_RESPONSE_CODE, &code);
	curl_easy_getinfo(x->easy, CURLINFO_CONDITION_UNMET, &unmet);
	curl_easy_getinfo(x->easy, CURLINFO_TOTAL_TIME, &secs);
	res->http_status = code;
	res->seconds = secs;
	if (!secret_url && curl_easy_getinfo(x->easy, CURLINFO_EFFECTIVE_URL,
	    &eff) == CURLE_OK && eff != NULL)
		res->final_url = xstrdup(eff);

	if (x->toolarge || rc == CURLE_FILESIZE_EXCEEDED) {
		res->status = FETCH_TOOLARGE;
		snprintf(res->error, sizeof(res->error),
		    "response larger than %" PRIu64 " bytes", x->max_bytes);
		buf_release(&x->body);
		return;
	}
	if (x->refused && rc != CURLE_OK) {
		res->status = FETCH_POLICY;
		snprintf(res->error, sizeof(res->error),
		    "refused private address %s (allowed only with "
		    "fetch.allow_private_addresses: true)", x->refused_addr);
		return;
	}
	switch (rc) {
	case CURLE_OK:
		classify_http(res, code, unmet);
		break;
	case CURLE_UNSUPPORTED_PROTOCOL:
		/*
		 * libcurl gives this code for a refused redirect target and
		 * also for an answer without a status line (HTTP/0.9, which
		 * it refuses by default) or with an HTTP version it does not
		 * know: only its message tells them apart.
		 */
		if (strstr(x->errbuf, "HTTP/0.9") != NULL ||
		    strstr(x->errbuf, "Unsupported HTTP") != NULL) {
			res->status = FETCH_PROTOCOL;
			snprintf(res->error, sizeof(res->error), "%s",
			    strstr(x->errbuf, "HTTP/0.9") != NULL ?
			    "HTTP/0.9 response refused (no status line)" :
			    "unsupported HTTP version in response");
			break;
		}
		redirect_scheme(x, scheme, sizeof(scheme));
		res->status = FETCH_POLICY;
		if (scheme[0] != '\0')
			snprintf(res->error, sizeof(res->error),
			    "redirect to a refused scheme (%s)", scheme);
		else
			snprintf(res->error, sizeof(res->error),
			    "redirect to a refused scheme");
		break;
	case CURLE_TOO_MANY_REDIRECTS:
		res->status = FETCH_TRANSIENT;
		snprintf(res->error, sizeof(res->error), "too many redirects");
		break;
	case CURLE_PEER_FAILED_VERIFICATION:
	case CURLE_SSL_CERTPROBLEM:
	case CURLE_SSL_CIPHER:
	case CURLE_SSL_CACERT_BADFILE:
	case CURLE_SSL_ISSUER_ERROR:
	case CURLE_SSL_PINNEDPUBKEYNOTMATCH:
	case CURLE_SSL_INVALIDCERTSTATUS:
	case CURLE_SSL_CRL_BADFILE:
		res->status = FETCH_PERMANENT;
		snprintf(res->error, sizeof(res->error), "TLS: %s",
		    secret_url ? curl_easy_strerror(rc) : curl_reason(x, rc));
		break;
	case CURLE_OPERATION_TIMEDOUT:
		res->status = FETCH_TRANSIENT;
		snprintf(res->error, sizeof(res->error), "timeout: %s",
		    secret_url ? curl_easy_strerror(rc) : curl_reason(x, rc));
		break;
	default:
		res->status = FETCH_TRANSIENT;
		snprintf(res->error, sizeof(res->error), "%s",
		    secret_url ? curl_easy_strerror(rc) : curl_reason(x, rc));
		break;
	}
	if (rc == CURLE_OK && curl_easy_getinfo(x->easy, CURLINFO_RETRY_AFTER,
	    &ra) == CURLE_OK && x->h_retry_after < 0 && ra > 0)
		x->h_retry_after = ra > FETCH_RETRY_MAX ? FETCH_RETRY_MAX : ra;
	res->retry_after = x->h_retry_after;
	/* a failed transfer's partial body is never handed on */
	if (rc == CURLE_OK && res->status != FETCH_UNCHANGED &&
	    x->body.len > 0)
		res->body = buf_detach(&x->body, &res->len);
	else if (res->status == FETCH_OK)
		res->body = xstrdup("");	/* 2xx: body present */
	res->etag = x->h_etag;
	res->last_modified = x->h_last_modified;
	res->content_type = x->h_content_type;
	res->charset = x->h_charset;
	x->h_etag = x->h_last_modified = NULL;	/* now owned by res */
	x->h_content_type = x->h_charset = NULL;
}

static struct hostslot *
host_slot(struct fetcher *f, const char *host)
{
	for (size_t i = 0; i < f->nhosts; i++)
		if (strcmp(f->hosts[i].host, host) == 0)
			return &f->hosts[i];
	f->hosts = xreallocarray(f->hosts, f->nhosts + 1, sizeof(*f->hosts));
	f->hosts[f->nhosts].host = xstrdup(host);
	f->hosts[f->nhosts].active = 0;
	return &f->hosts[f->nhosts++];
}

static void
deliver(struct xfer *x, struct fetch_res *res)
{
	log_debug("fetch url=%s status=%ld result=%s bytes=%zu time=%.3f",
	    x->host ? x->host : "?", res->http_status,
	    fetch_status_name(res->status), res->len, res->seconds);
	if (x->done != NULL)
		x->done(res, x->payload);
	fetch_res_release(res);
}

/* run the callback of a transfer that never started */
static void
complete_pre(struct xfer *x)
{
	struct fetch_res res;

	res_init(&res);
	res.status = x->pre_status;
	snprintf(res.error, sizeof(res.error), "%s", x->pre_error);
	deliver(x, &res);
	xfer_free(x);
}

static void
complete_done(struct fetcher *f, struct xfer *x, CURLcode rc)
{
	struct fetch_res res;

	curl_multi_remove_handle(f->multi, x->easy);
	if (x->aprev != NULL)
		x->aprev->anext = x->anext;
	else
		f->act_head = x->anext;
	if (x->anext != NULL)
		x->anext->aprev = x->aprev;
	x->aprev = x->anext = NULL;
	host_slot(f, x->host)->active--;
	f->active--;
	res_init(&res);
	result_fill(&res, x, rc, 0);
	deliver(x, &res);
	xfer_free(x);
}

static void
queue_push(struct xfer **head, struct xfer **tail, struct xfer *x)
{
	x->next = NULL;
	if (*tail != NULL)
		(*tail)->next = x;
	else
		*head = x;
	*tail = x;
}

int
fetch_new(struct fetcher **out, const struct fetch_opts *opts,
    struct err *err)
{
	struct fetcher *f;
	unsigned conc, per;

	*out = NULL;
	f = xcalloc(1, sizeof(*f));
	if (opts != NULL)
		f->opts = *opts;
	conc = f->opts.concurrency ? f->opts.concurrency :
	    FETCH_DEF_CONCURRENCY;
	per = f->opts.per_host ? f->opts.per_host : FETCH_DEF_PER_HOST;
	if (per > conc)
		per = conc;
	f->opts.concurrency = conc;
	f->opts.per_host = per;
	if (f->opts.timeout <= 0)
		f->opts.timeout = FETCH_DEF_TIMEOUT;
	if (f->opts.connect_timeout <= 0)
		f->opts.connect_timeout = FETCH_DEF_CONNECT;
	if (f->opts.connect_timeout > f->opts.timeout)
		f->opts.connect_timeout = f->opts.timeout;
	if (f->opts.max_bytes == 0)
		f->opts.max_bytes = FETCH_DEF_MAX_BYTES;
	f->user_agent = xstrdup(f->opts.user_agent ? f->opts.user_agent :
	    FETCH_DEF_UA);
	f->opts.user_agent = f->user_agent;
	f->allow_addr = xstrdup_or_null(f->opts.allow_addr);
	f->opts.allow_addr = f->allow_addr;
	f->ca_file = xstrdup_or_null(f->opts.ca_file);
	f->opts.ca_file = f->ca_file;

	f->multi = curl_multi_init();
	if (f->multi == NULL) {
		fetch_free(f);
		return err_set(err, ERR_GENERIC, "curl_multi_init failed");
	}
	if (curl_multi_setopt(f->multi, CURLMOPT_MAX_TOTAL_CONNECTIONS,
	    (long)conc) != CURLM_OK ||
	    curl_multi_setopt(f->multi, CURLMOPT_MAX_HOST_CONNECTIONS,
	    (long)per) != CURLM_OK ||
	    curl_multi_setopt(f->multi, CURLMOPT_PIPELINING,
	    (long)CURLPIPE_MULTIPLEX) != CURLM_OK) {
		fetch_free(f);
		return err_set(err, ERR_GENERIC, "curl_multi_setopt failed");
	}
	f->share = curl_share_init();
	if (f->share != NULL &&
	    (curl_share_setopt(f->share, CURLSHOPT_SHARE,
	    CURL_LOCK_DATA_DNS) != CURLSHE_OK ||
	    curl_share_setopt(f->share, CURLSHOPT_SHARE,
	    CURL_LOCK_DATA_SSL_SESSION) != CURLSHE_OK)) {
		curl_share_cleanup(f->share);
		f->share = NULL;	/* an optimisation only */
	}
	*out = f;
	return 0;
}

void
fetch_add(struct fetcher *f, const struct fetch_req *req,
    void (*done)(struct fetch_res *, void *), void *payload)
{
	struct xfer *x;
	struct err e = ERR_INIT;

	x = xcalloc(1, sizeof(*x));
	buf_init(&x->body);
	x->h_retry_after = -1;
	x->done = done;
	x->payload = payload;
	x->max_bytes = f->opts.max_bytes;
	x->allow_private = f->opts.allow_private;
	x->allow_addr = f->allow_addr;
	x->url = xstrdup(req->url ? req->url : "");
	x->etag = xstrdup_or_null(req->etag);
	x->last_modified = xstrdup_or_null(req->last_modified);
	x->headers = strv_dup(req->headers);
	if (req->post_body != NULL) {
		x->post_body = xmalloc(req->post_len + 1);
		memcpy(x->post_body, req->post_body, req->post_len);
		x->post_body[req->post_len] = '\0';
		x->post_len = req->post_len;
		x->post_type = xstrdup_or_null(req->post_type);
	}
	if (url_check(x->url, &e) != 0) {
		x->pre_failed = 1;
		x->pre_status = FETCH_POLICY;
		snprintf(x->pre_error, sizeof(x->pre_error), "%.200s", e.msg);
		queue_push(&f->fail_head, &f->fail_tail, x);
		return;
	}
	x->host = url_host(x->url);
	if (x->host == NULL)
		x->host = xstrdup("?");
	queue_push(&f->pend_head, &f->pend_tail, x);
}

/* start queued transfers while there is room, honouring per_host */
static void
start_pending(struct fetcher *f)
{
	struct xfer *prev = NULL, *x = f->pend_head;
	struct hostslot *slot;

	while (x != NULL && f->active < f->opts.concurrency) {
		slot = host_slot(f, x->host);
		if (slot->active >= f->opts.per_host) {
			prev = x;
			x = x->next;
			continue;
		}
		/* unlink */
		if (prev != NULL)
			prev->next = x->next;
		else
			f->pend_head = x->next;
		if (f->pend_tail == x)
			f->pend_tail = prev;
		x->next = NULL;
		if (xfer_setup(f, x) != 0 ||
		    curl_multi_add_handle(f->multi, x->easy) != CURLM_OK) {
			x->pre_status = FETCH_TRANSIENT;
			snprintf(x->pre_error, sizeof(x->pre_error),
			    "cannot set up the transfer");
			queue_push(&f->fail_head, &f->fail_tail, x);
		} else {
			slot->active++;
			f->active++;
			x->anext = f->act_head;
			if (f->act_head != NULL)
				f->act_head->aprev = x;
			f->act_head = x;
		}
		x = prev != NULL ? prev->next : f->pend_head;
	}
}

static void
drain_failed(struct fetcher *f)
{
	struct xfer *x;

	while ((x = f->fail_head) != NULL) {
		f->fail_head = x->next;
		if (f->fail_head == NULL)
			f->fail_tail = NULL;
		x->next = NULL;
		complete_pre(x);	/* may queue more */
	}
}

/* run the callbacks of finished transfers; returns how many */
static unsigned
drain_done(struct fetcher *f)
{
	CURLMsg *m;
	int left;
	struct xfer *x;
	CURLcode rc;
	unsigned n = 0;

	while ((m = curl_multi_info_read(f->multi, &left)) != NULL) {
		if (m->msg != CURLMSG_DONE)
			continue;
		x = NULL;
		curl_easy_getinfo(m->easy_handle, CURLINFO_PRIVATE, &x);
		if (x == NULL)
			BUG("transfer without its private pointer");
		rc = m->data.result;
		complete_done(f, x, rc);	/* may queue more */
		n++;
	}
	return n;
}

/* fail everything still queued or running (after a multi-level error) */
static void
abort_all(struct fetcher *f, const char *why)
{
	struct xfer *x;

	while ((x = f->act_head) != NULL) {
		snprintf(x->errbuf, sizeof(x->errbuf), "%s", why);
		complete_done(f, x, CURLE_ABORTED_BY_CALLBACK);
	}
	while ((x = f->pend_head) != NULL) {
		f->pend_head = x->next;
		if (f->pend_head == NULL)
			f->pend_tail = NULL;
		x->pre_status = FETCH_TRANSIENT;
		snprintf(x->pre_error, sizeof(x->pre_error), "%s", why);
		queue_push(&f->fail_head, &f->fail_tail, x);
	}
	drain_failed(f);
}

int
fetch_run(struct fetcher *f, struct err *err)
{
	CURLMcode mc;
	int still = 0, rc = 0;

	if (f->running)
		BUG("fetch_run called from a fetch callback");
	f->running = 1;
	for (;;) {
		drain_failed(f);
		start_pending(f);
		if (f->fail_head != NULL)
			continue;
		if (f->active == 0) {
			if (f->pend_head == NULL)
				break;
			BUG("queued transfers but none can start");
		}
		mc = curl_multi_perform(f->multi, &still);
		if (mc != CURLM_OK) {
			rc = err_set(err, ERR_GENERIC, "curl_multi_perform: %s",
			    curl_multi_strerror(mc));
			abort_all(f, "internal transfer error");
			break;
		}
		/* something finished: its slot may let a queued one start */
		if (drain_done(f) > 0 || f->fail_head != NULL ||
		    f->active == 0)
			continue;
		mc = curl_multi_poll(f->multi, NULL, 0, 1000, NULL);
		if (mc != CURLM_OK) {
			rc = err_set(err, ERR_GENERIC, "curl_multi_poll: %s",
			    curl_multi_strerror(mc));
			abort_all(f, "internal transfer error");
			break;
		}
	}
	f->running = 0;
	return rc;
}

void
fetch_free(struct fetcher *f)
{
	struct xfer *x;

	if (f == NULL)
		return;
	if (f->running)
		BUG("fetch_free called from a fetch callback");
	/* transfers never run: drop them without callbacks */
	while ((x = f->act_head) != NULL) {
		f->act_head = x->anext;
		curl_multi_remove_handle(f->multi, x->easy);
		xfer_free(x);
	}
	while ((x = f->pend_head) != NULL) {
		f->pend_head = x->next;
		xfer_free(x);
	}
	while ((x = f->fail_head) != NULL) {
		f->fail_head = x->next;
		xfer_free(x);
	}
	if (f->multi != NULL)
		curl_multi_cleanup(f->multi);
	if (f->share != NULL)
		curl_share_cleanup(f->share);
	for (size_t i = 0; i < f->nhosts; i++)
		free(f->hosts[i].host);
	free(f->hosts);
	free(f->user_agent);
	free(f->allow_addr);
	free(f->ca_file);
	free(f);
}

/* ---- webhook POST ---- */

int
fetch_post(struct fetch_res *out, const struct fetch_opts *opts,
    const char *url, const char *content_type, const char *body,
    size_t len, const char *const *headers, struct err *err)
{
	struct xfer *x;
	struct err e = ERR_INIT;
	CURLcode rc;
	long connect_timeout, timeout;
	const char *ua = FETCH_DEF_UA, *ca_file = NULL;
	int ret = 0;

	res_init(out);
	if (opts != NULL && opts->user_agent != NULL)
		ua = opts->user_agent;
	if (opts != NULL)
		ca_file = opts->ca_file;
	if (url_check(url, &e) != 0) {
		out->status = FETCH_POLICY;
		snprintf(out->error, sizeof(out->error), "%.200s", e.msg);
		return err_set(err, ERR_POLICY, "%s", out->error);
	}
	x = xcalloc(1, sizeof(*x));
	buf_init(&x->body);
	x->h_retry_after = -1;
	x->max_bytes = POST_MAX_BODY;
	x->truncate = 1;
	x->allow_private = 1;
	x->url = xstrdup(url);
	x->headers = strv_dup(headers);
	x->post_body = xmalloc(len + 1);
	if (len > 0)
		memcpy(x->post_body, body, len);
	x->post_body[len] = '\0';
	x->post_len = len;
	x->post_type = xstrdup_or_null(content_type);
	timeout = opts != NULL && opts->timeout > 0 ? opts->timeout :
	    POST_TIMEOUT;
	connect_timeout = opts != NULL && opts->connect_timeout > 0 ?
	    opts->connect_timeout : FETCH_DEF_CONNECT;
	if (connect_timeout > timeout)
		connect_timeout = timeout;

	x->easy = curl_easy_init();
	if (x->easy == NULL || easy_common(x, ua, ca_file, timeout,
	    connect_timeout, is_https(url)) != 0 ||
	    curl_easy_setopt(x->easy, CURLOPT_FOLLOWLOCATION, 0L) !=
	    CURLE_OK ||
	    /* a slow answer after the send is still an answer (the
	     * alternative is a duplicate): only the 30 s total applies */
	    curl_easy_setopt(x->easy, CURLOPT_LOW_SPEED_LIMIT, 0L) !=
	    CURLE_OK) {
		out->status = FETCH_TRANSIENT;
		snprintf(out->error, sizeof(out->error),
		    "cannot set up the transfer");
		ret = err_set(err, ERR_GENERIC, "%s", out->error);
		goto out;
	}
	rc = curl_easy_perform(x->easy);
	result_fill(out, x, rc, 1);
	log_debug("post status=%ld result=%s bytes=%zu time=%.3f",
	    out->http_status, fetch_status_name(out->status), out->len,
	    out->seconds);
	if (out->status != FETCH_OK)
		ret = err_set(err, out->status == FETCH_POLICY ? ERR_POLICY :
		    ERR_GENERIC, "%s", out->error);
out:
	xfer_free(x);
	return ret;
}
