#include "fetch.h"

#include <sys/types.h>
#include <sys/socket.h>

#include <arpa/inet.h>
#include <netinet/in.h>

#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <curl/curl.h>

#include "buf.h"
#include "log.h"
#include "lookup.h"
#include "record.h"
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
#define FETCH_MAX_LOOKUPS	8	/* resolver threads at once (the unit
					 * has TasksMax=32) */

/* fetch_opts' proxy, checked and copied */
struct proxy {
	char		 *url;		/* as configured; NULL: no proxy */
	char		 *label;	/* "host:port", for messages */
	char		 *user, *pass;	/* secret (wiped), or NULL */
	char		**no_proxy;	/* lowercased, no brackets, no
					 * leading "*." or "." */
	int		  loopback;	/* tests: loopback tunnels too */
};

/* how the current hop reaches its host */
enum route {
	ROUTE_DIRECT,	/* libcurl resolves; open_socket_cb checks */
	ROUTE_PINNED,	/* to the address checked here, directly */
	ROUTE_PROXY	/* CONNECT through the proxy to that address */
};

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
	/* with a proxy: redirects are followed here, hop by hop */
	const struct proxy *px;		/* NULL: no proxy configured */
	enum route	  route;
	int		  in_multi;	/* easy is in the multi handle */
	int		  resolving;	/* the hop's host, before libcurl */
	struct lookup	 *lookup;	/* or NULL while waiting for a thread */
	double		  lookup_t0;
	char		 *hop_host;	/* the hop's host: lowercased, no
					 * brackets */
	long		  hop_port;
	struct curl_slist *connect_to;
	unsigned	  hops;		/* redirects followed */
	int		  first_https;	/* no downgrade to http */
	char		 *origin;	/* "scheme://host:port" of the first
					 * URL: credentials stay with it */
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
	struct proxy	 px;
	char		*user_agent;
	char		*allow_addr;
	char		*ca_file;
	struct xfer	*pend_head, *pend_tail;	/* not yet started */
	struct xfer	*fail_head, *fail_tail;	/* refused before start */
	struct xfer	*act_head;		/* in the multi handle */
	unsigned	 active;
	unsigned	 nlookups;		/* lookups running */
	struct hostslot	*hosts;
	size_t		 nhosts;
	int		 running;		/* inside fetch_run */
	size_t		(*idle)(void *);	/* fetch_set_idle */
	void		*idle_arg;
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

static const struct strfield res_strings[] = {
	STRFIELD(struct fetch_res, body), STRFIELD(struct fetch_res, etag),
	STRFIELD(struct fetch_res, last_modified),
	STRFIELD(struct fetch_res, final_url),
	STRFIELD(struct fetch_res, content_type),
	STRFIELD(struct fetch_res, charset),
};

void
fetch_res_release(struct fetch_res *res)
{
	if (res == NULL)
		return;
	strfields_free(res, res_strings, NSTRFIELDS(res_strings));
	memset(res, 0, sizeof(*res));
	res->retry_after = -1;
}

static void
res_init(struct fetch_res *res)
{
	memset(res, 0, sizeof(*res));
	res->retry_after = -1;
}

static int
is_https(const char *url)
{
	return strncasecmp(url, "https:", 6) == 0;
}

/* ---- proxy ---- */

/* a host as no_proxy compares it: lowercased, without brackets or
 * trailing dots */
static char *
host_norm(const char *h)
{
	size_t n;
	char *r;

	if (h[0] == '[') {
		h++;
		n = strcspn(h, "]");
	} else
		n = strlen(h);
	while (n > 0 && h[n - 1] == '.')
		n--;
	r = xstrndup(h, n);
	for (char *p = r; *p; p++)
		*p = (char)tolower((unsigned char)*p);
	return r;
}

static void
secret_drop(char **s)
{
	if (*s != NULL) {
		explicit_bzero(*s, strlen(*s));
		free(*s);
		*s = NULL;
	}
}

static void
proxy_release(struct proxy *px)
{
	free(px->url);
	free(px->label);
	secret_drop(&px->user);
	secret_drop(&px->pass);
	strv_free(px->no_proxy);
	memset(px, 0, sizeof(*px));
}

/* the no_proxy entries, normalised; empty ones dropped */
static char **
no_proxy_copy(const char *const *v)
{
	size_t n = 0, k = 0;
	char **out, *e;

	while (v != NULL && v[n] != NULL)
		n++;
	out = xcalloc(n + 1, sizeof(*out));
	for (size_t i = 0; i < n; i++) {
		e = host_norm(v[i]);
		if (e[0] == '*' && e[1] == '.')
			memmove(e, e + 2, strlen(e + 2) + 1);
		else if (e[0] == '.')
			memmove(e, e + 1, strlen(e + 1) + 1);
		if (e[0] == '\0') {
			free(e);
			continue;
		}
		out[k++] = e;
	}
	return out;
}

/*
 * Check and copy the proxy options. The URL must be http or https with a
 * host and an explicit port (libcurl's default proxy port, 1080, would
 * surprise) and no credentials (those come from proxy_auth, a secret).
 */
static int
proxy_init(struct proxy *px, const struct fetch_opts *o, struct err *err)
{
	CURLU *u = NULL;
	char *scheme = NULL, *host = NULL, *port = NULL, *user = NULL;
	const char *colon;
	struct buf label = BUF_INIT;
	int rc = 0;

	memset(px, 0, sizeof(*px));
	if (o == NULL || o->proxy == NULL)
		return 0;
	u = xalloc_check(curl_url());
	if (curl_url_set(u, CURLUPART_URL, o->proxy, 0) != CURLUE_OK ||
	    curl_url_get(u, CURLUPART_SCHEME, &scheme, 0) != CURLUE_OK ||
	    (strcmp(scheme, "http") != 0 && strcmp(scheme, "https") != 0) ||
	    curl_url_get(u, CURLUPART_HOST, &host, 0) != CURLUE_OK) {
		rc = err_set(err, ERR_CONFIG, "proxy is not an http:// or "
		    "https:// URL with a host");
		goto out;
	}
	if (curl_url_get(u, CURLUPART_USER, &user, 0) == CURLUE_OK) {
		rc = err_set(err, ERR_CONFIG, "proxy URL holds credentials "
		    "(give them as proxy_auth)");
		goto out;
	}
	if (curl_url_get(u, CURLUPART_PORT, &port, 0) != CURLUE_OK) {
		rc = err_set(err, ERR_CONFIG, "proxy URL has no port");
		goto out;
	}
	buf_addf(&label, "%s:%s", host, port);
	px->label = buf_detach(&label, NULL);
	px->url = xstrdup(o->proxy);
	if (o->proxy_auth != NULL) {
		colon = strchr(o->proxy_auth, ':');
		if (colon != NULL) {
			px->user = xstrndup(o->proxy_auth,
			    (size_t)(colon - o->proxy_auth));
			px->pass = xstrdup(colon + 1);
		} else {
			px->user = xstrdup(o->proxy_auth);
			px->pass = xstrdup("");
		}
	}
	px->no_proxy = no_proxy_copy(o->no_proxy);
	px->loopback = o->proxy_loopback;
out:
	curl_free(scheme);
	curl_free(host);
	curl_free(port);
	curl_free(user);
	curl_url_cleanup(u);
	buf_release(&label);
	return rc;
}

/* 1 if host (normalised) is to be reached without the proxy */
static int
no_proxy_match(const struct proxy *px, const char *host)
{
	size_t hl = strlen(host), el;

	for (char **e = px->no_proxy; e != NULL && *e != NULL; e++) {
		el = strlen(*e);
		if (strcmp(host, *e) == 0)
			return 1;
		if (hl > el && host[hl - el - 1] == '.' &&
		    strcmp(host + hl - el, *e) == 0)
			return 1;
	}
	return 0;
}

/*
 * The current hop's host and port from x->url, and on the first hop its
 * origin; -1 when the URL does not parse (url_check passed it, so only
 * out of memory).
 */
static int
hop_parse(struct xfer *x)
{
	CURLU *u;
	char *host = NULL, *port = NULL;
	struct buf b = BUF_INIT;
	int rc = -1;

	free(x->hop_host);
	x->hop_host = NULL;
	u = xalloc_check(curl_url());
	/* an IDN host in punycode, as libcurl itself would resolve it */
	if (curl_url_set(u, CURLUPART_URL, x->url, 0) == CURLUE_OK &&
	    (curl_url_get(u, CURLUPART_HOST, &host, CURLU_PUNYCODE) ==
	    CURLUE_OK || curl_url_get(u, CURLUPART_HOST, &host, 0) ==
	    CURLUE_OK) &&
	    curl_url_get(u, CURLUPART_PORT, &port, CURLU_DEFAULT_PORT) ==
	    CURLUE_OK) {
		x->hop_host = host_norm(host);
		x->hop_port = strtol(port, NULL, 10);
		if (x->origin == NULL) {
			buf_addf(&b, "%s://%s:%ld", is_https(x->url) ?
			    "https" : "http", x->hop_host, x->hop_port);
			x->origin = buf_detach(&b, NULL);
		}
		rc = 0;
	}
	curl_free(host);
	curl_free(port);
	curl_url_cleanup(u);
	return rc;
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

/*
 * The address check: 1 if x may connect to sa (families other than IPv4
 * and IPv6 are refused). text receives the address as inet_ntop prints
 * it; *loop says whether it is a loopback address.
 */
static int
addr_allowed(const struct xfer *x, const struct sockaddr *sa, size_t len,
    char text[INET6_ADDRSTRLEN], int *loop)
{
	static const unsigned char one[16] =
	    { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1 };
	static const unsigned char mapped[12] =
	    { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff };
	const unsigned char *a;
	int bad = 1;

	snprintf(text, INET6_ADDRSTRLEN, "?");
	*loop = 0;
	if (sa->sa_family == AF_INET && len >= sizeof(struct sockaddr_in)) {
		const struct sockaddr_in *sin =
		    (const struct sockaddr_in *)(const void *)sa;

		a = (const unsigned char *)&sin->sin_addr;
		inet_ntop(AF_INET, &sin->sin_addr, text, INET6_ADDRSTRLEN);
		bad = v4_private(a);
		*loop = a[0] == 127;
	} else if (sa->sa_family == AF_INET6 &&
	    len >= sizeof(struct sockaddr_in6)) {
		const struct sockaddr_in6 *sin6 =
		    (const struct sockaddr_in6 *)(const void *)sa;

		a = (const unsigned char *)&sin6->sin6_addr;
		inet_ntop(AF_INET6, &sin6->sin6_addr, text, INET6_ADDRSTRLEN);
		bad = v6_private(a);
		*loop = memcmp(a, one, 16) == 0 ||
		    (memcmp(a, mapped, 12) == 0 && a[12] == 127);
	}
	return !bad || x->allow_private ||
	    (x->allow_addr != NULL && strcmp(text, x->allow_addr) == 0);
}

static curl_socket_t
open_socket_cb(void *clientp, curlsocktype purpose,
    struct curl_sockaddr *addr)
{
	struct xfer *x = clientp;
	char text[INET6_ADDRSTRLEN];
	int loop;

	(void)purpose;
	/*
	 * A tunnelled hop opens one connection, to the proxy: the operator
	 * configured it, so its address is not checked. The target's
	 * address was checked before the proxy was asked to CONNECT to it
	 * (hop_resolved).
	 */
	if (x->route != ROUTE_PROXY && !addr_allowed(x, &addr->addr,
	    addr->addrlen, text, &loop)) {
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

/* the response headers a transfer keeps */
static const struct strfield header_strings[] = {
	STRFIELD(struct xfer, h_etag), STRFIELD(struct xfer, h_last_modified),
	STRFIELD(struct xfer, h_content_type), STRFIELD(struct xfer, h_charset),
};

static void
hdr_reset(struct xfer *x)
{
	strfields_free(x, header_strings, NSTRFIELDS(header_strings));
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
	lookup_free(x->lookup);
	if (x->easy != NULL)
		curl_easy_cleanup(x->easy);
	curl_slist_free_all(x->hdrs);
	curl_slist_free_all(x->connect_to);
	free(x->hop_host);
	free(x->origin);
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
	*l = xalloc_check(curl_slist_append(*l, s));
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

/*
 * How the hop reaches its host. ROUTE_PINNED and ROUTE_PROXY connect to
 * the address checked in hop_resolved (ip), whatever the name resolves
 * to by now: CONNECT_TO with an empty host and port applies to every
 * request of this handle, which makes one request per hop.
 */
static int
route_options(struct xfer *x, const char *ca_file, const char *ip)
{
	CURL *h = x->easy;
	const struct proxy *px = x->px;
	struct buf to = BUF_INIT;

	if (x->route == ROUTE_DIRECT)
		return 0;
	buf_addf(&to, strchr(ip, ':') != NULL ? "::[%s]:%ld" : "::%s:%ld",
	    ip, x->hop_port);
	slist_add(&x->connect_to, to.data);
	buf_release(&to);
	SETOPT(h, CURLOPT_CONNECT_TO, x->connect_to);
	if (x->route == ROUTE_PINNED)
		return 0;
	SETOPT(h, CURLOPT_PROXY, px->url);
	/* "": the proxy for every host, whatever no_proxy in the
	 * environment says (our no_proxy was applied in hop_start) */
	SETOPT(h, CURLOPT_NOPROXY, "");
	SETOPT(h, CURLOPT_HTTPPROXYTUNNEL, 1L);
	SETOPT(h, CURLOPT_SUPPRESS_CONNECT_HEADERS, 1L);
	if (px->user != NULL) {
		SETOPT(h, CURLOPT_PROXYUSERNAME, px->user);
		SETOPT(h, CURLOPT_PROXYPASSWORD, px->pass);
	}
	if (ca_file != NULL)
		SETOPT(h, CURLOPT_PROXY_CAINFO, ca_file);
	return 0;
fail:
	return -1;
}

/*
 * Set up x->easy for its current hop (a new handle, or the previous hop's
 * reset: its connections stay in the multi handle's pool). ip is the
 * checked address of ROUTE_PINNED and ROUTE_PROXY hops.
 */
static int
xfer_setup(struct fetcher *f, struct xfer *x, const char *ip)
{
	if (x->easy == NULL)
		x->easy = curl_easy_init();
	else
		curl_easy_reset(x->easy);
	if (x->easy == NULL)
		return -1;
	/* reset: libcurl no longer points at the old lists */
	curl_slist_free_all(x->hdrs);
	curl_slist_free_all(x->connect_to);
	x->hdrs = x->connect_to = NULL;
	if (easy_common(x, f->user_agent, f->ca_file, f->opts.timeout,
	    f->opts.connect_timeout, is_https(x->url)) != 0 ||
	    route_options(x, f->ca_file, ip) != 0)
		return -1;
	/* with a proxy, redirects are followed hop by hop (hop_redirect) */
	SETOPT(x->easy, CURLOPT_FOLLOWLOCATION, x->px == NULL ? 1L : 0L);
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

/* the scheme of url, lowercased, and nothing else of it; "" if none */
static void
scheme_of(const char *loc, char *out, size_t size)
{
	size_t n = 0;

	out[0] = '\0';
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

/* the scheme of the refused redirect target, and nothing else of it */
static void
redirect_scheme(const struct xfer *x, char *out, size_t size)
{
	char *loc = NULL;

	out[0] = '\0';
	/* after following, the refused target is the effective URL */
	if (curl_easy_getinfo(x->easy, CURLINFO_EFFECTIVE_URL, &loc) ==
	    CURLE_OK && loc != NULL)
		scheme_of(loc, out, size);
}

/*
 * A tunnelled hop that failed before its tunnel was open failed at the
 * proxy: say so, naming the proxy (never the target, which for webhooks
 * is a secret). 1 when res was filled; 0 when the tunnel was open (or an
 * open one was reused), so the target failed and the usual reasons apply.
 */
static int
proxy_failed(struct fetch_res *res, struct xfer *x, CURLcode rc)
{
	const char *label = x->px->label;
	long cc = 0, nconn = 0, oserr = 0;

	curl_easy_getinfo(x->easy, CURLINFO_HTTP_CONNECTCODE, &cc);
	curl_easy_getinfo(x->easy, CURLINFO_NUM_CONNECTS, &nconn);
	curl_easy_getinfo(x->easy, CURLINFO_OS_ERRNO, &oserr);
	if (rc == CURLE_ABORTED_BY_CALLBACK || (cc >= 200 && cc <= 299) ||
	    (cc == 0 && nconn == 0 &&
	    rc != CURLE_COULDNT_CONNECT && rc != CURLE_COULDNT_RESOLVE_PROXY))
		return 0;
	res->status = FETCH_TRANSIENT;
	res->proxy_failed = 1;
	res->http_status = 0;	/* the proxy's answer is not the target's */
	if (cc == 407)
		snprintf(res->error, sizeof(res->error), "proxy %s refused the "
		    "tunnel: HTTP 407 (proxy authentication %s)", label,
		    x->px->user != NULL ? "failed" : "required; see "
		    "fetch.proxy_auth_file");
	else if (cc != 0)
		snprintf(res->error, sizeof(res->error), "proxy %s refused the "
		    "tunnel: HTTP %ld", label, cc);
	else if (rc == CURLE_COULDNT_RESOLVE_PROXY)
		snprintf(res->error, sizeof(res->error), "cannot resolve proxy "
		    "%s", label);
	else if (rc == CURLE_COULDNT_CONNECT)
		snprintf(res->error, sizeof(res->error), "cannot connect to "
		    "proxy %s: %s", label, oserr != 0 ? strerror((int)oserr) :
		    curl_easy_strerror(rc));
	else if (rc == CURLE_OPERATION_TIMEDOUT)
		snprintf(res->error, sizeof(res->error), "timeout: proxy %s "
		    "did not open the tunnel in time", label);
	else
		snprintf(res->error, sizeof(res->error), "proxy %s: %s", label,
		    curl_easy_strerror(rc));
	return 1;
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

	/* no handle: a first hop that failed while resolving */
	if (x->easy != NULL) {
		curl_easy_getinfo(x->easy, CURLINFO_RESPONSE_CODE, &code);
		curl_easy_getinfo(x->easy, CURLINFO_CONDITION_UNMET, &unmet);
		curl_easy_getinfo(x->easy, CURLINFO_TOTAL_TIME, &secs);
		if (!secret_url && curl_easy_getinfo(x->easy,
		    CURLINFO_EFFECTIVE_URL, &eff) == CURLE_OK && eff != NULL)
			res->final_url = xstrdup(eff);
	}
	res->http_status = code;
	res->seconds = secs;

	if (x->toolarge || rc == CURLE_FILESIZE_EXCEEDED) {
		res->status = FETCH_TOOLARGE;
		snprintf(res->error, sizeof(res->error),
		    "response larger than %" PRIu64 " bytes", x->max_bytes);
		buf_release(&x->body);
		return;
	}
	if (x->pre_failed) {
		/* failed here, between hops (hop_fail) */
		res->status = x->pre_status;
		snprintf(res->error, sizeof(res->error), "%s", x->pre_error);
		return;
	}
	if (x->refused && rc != CURLE_OK) {
		res->status = FETCH_POLICY;
		snprintf(res->error, sizeof(res->error),
		    "refused private address %s (allowed only with "
		    "fetch.allow_private_addresses: true)", x->refused_addr);
		return;
	}
	if (x->route == ROUTE_PROXY && rc != CURLE_OK &&
	    proxy_failed(res, x, rc))
		return;
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

/* take x off the running list and give back its slots */
static void
release_slot(struct fetcher *f, struct xfer *x)
{
	if (x->aprev != NULL)
		x->aprev->anext = x->anext;
	else
		f->act_head = x->anext;
	if (x->anext != NULL)
		x->anext->aprev = x->aprev;
	x->aprev = x->anext = NULL;
	host_slot(f, x->host)->active--;
	f->active--;
}

/* ---- hops: with a proxy, each URL of a transfer is checked here ---- */

static double
mono_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void
wake_multi(void *multi)
{
	curl_multi_wakeup(multi);
}

/* the hop failed before libcurl ran it: x completes with this result */
static void __attribute__((format(printf, 3, 4)))
hop_fail(struct xfer *x, enum fetch_status st, const char *fmt, ...)
{
	va_list ap;

	x->pre_failed = 1;
	x->pre_status = st;
	va_start(ap, fmt);
	vsnprintf(x->pre_error, sizeof(x->pre_error), fmt, ap);
	va_end(ap);
}

/*
 * The hop's host is resolved: check every address as open_socket_cb
 * would and pick the one to connect to, the first allowed IPv4 address,
 * else the first allowed IPv6 one (the proxy's network is more likely to
 * reach IPv4). A loopback address is reached directly (the proxy's
 * loopback is not ours), any other through the proxy. 0 with ip set;
 * -1 when the lookup failed (pre_failed) or no address passes the check
 * (refused, reported as libcurl's own refusals are).
 */
static int
hop_resolved(struct xfer *x, const struct addrinfo *ai, int gai,
    char ip[INET6_ADDRSTRLEN], int secret)
{
	char text[INET6_ADDRSTRLEN], first[INET6_ADDRSTRLEN] = "";
	char v4[INET6_ADDRSTRLEN] = "", v6[INET6_ADDRSTRLEN] = "";
	int loop, loop4 = 0, loop6 = 0;

	if (gai != 0) {
		if (secret)
			hop_fail(x, FETCH_TRANSIENT, "cannot resolve the host "
			    "name: %s", gai_strerror(gai));
		else
			hop_fail(x, FETCH_TRANSIENT, "cannot resolve host "
			    "%.100s: %s", x->hop_host, gai_strerror(gai));
		return -1;
	}
	for (; ai != NULL; ai = ai->ai_next) {
		if (!addr_allowed(x, ai->ai_addr, ai->ai_addrlen, text,
		    &loop)) {
			if (first[0] == '\0')
				memcpy(first, text, sizeof(first));
			continue;
		}
		if (ai->ai_family == AF_INET && v4[0] == '\0') {
			memcpy(v4, text, sizeof(v4));
			loop4 = loop;
		} else if (ai->ai_family == AF_INET6 && v6[0] == '\0') {
			memcpy(v6, text, sizeof(v6));
			loop6 = loop;
		}
	}
	if (v4[0] == '\0' && v6[0] == '\0') {
		x->refused = 1;
		snprintf(x->refused_addr, sizeof(x->refused_addr), "%s",
		    first[0] != '\0' ? first : "?");
		return -1;
	}
	memcpy(ip, v4[0] != '\0' ? v4 : v6, INET6_ADDRSTRLEN);
	loop = v4[0] != '\0' ? loop4 : loop6;
	x->route = loop && !x->px->loopback ? ROUTE_PINNED : ROUTE_PROXY;
	return 0;
}

/* hand the hop to libcurl; -1 (pre_failed) when it cannot be set up */
static int
hop_launch(struct fetcher *f, struct xfer *x, const char *ip)
{
	static const char *const names[] = { "direct", "pinned", "proxy" };

	if (x->route != ROUTE_DIRECT)
		log_debug("fetch url=%s hop=%u route=%s address=%s",
		    x->host, x->hops, names[x->route], ip);
	if (xfer_setup(f, x, ip) != 0 ||
	    curl_multi_add_handle(f->multi, x->easy) != CURLM_OK) {
		hop_fail(x, FETCH_TRANSIENT, "cannot set up the transfer");
		return -1;
	}
	x->in_multi = 1;
	return 0;
}

/*
 * Begin the current hop (hop_parse done). Without a proxy, or to a
 * no_proxy host, libcurl resolves and open_socket_cb checks; else the
 * host is resolved first, on a thread, and hop_progress carries on. 0
 * when under way; -1 when it failed (pre_failed).
 */
static int
hop_start(struct fetcher *f, struct xfer *x)
{
	if (x->px == NULL || no_proxy_match(x->px, x->hop_host)) {
		x->route = ROUTE_DIRECT;
		return hop_launch(f, x, NULL);
	}
	x->resolving = 1;	/* hop_progress starts the lookup */
	return 0;
}

/* the hop's lookup is over (answered, timed out or abandoned) */
static void
lookup_end(struct fetcher *f, struct xfer *x)
{
	if (x->lookup != NULL) {
		lookup_free(x->lookup);
		x->lookup = NULL;
		f->nlookups--;
	}
	x->resolving = 0;
}

/* drop Authorization and Cookie headers (leaving the first origin) */
static void
drop_credentials(struct xfer *x)
{
	size_t k = 0;

	for (size_t i = 0; x->headers != NULL && x->headers[i] != NULL;
	    i++) {
		char *h = x->headers[i];

		if (strncasecmp(h, "authorization:", 14) == 0 ||
		    strncasecmp(h, "cookie:", 7) == 0) {
			explicit_bzero(h, strlen(h));
			free(h);
		} else
			x->headers[k++] = h;
	}
	if (x->headers != NULL)
		x->headers[k] = NULL;
}

/*
 * With a proxy libcurl follows no redirect: a 301, 302, 303, 307 or 308
 * with a Location starts the next hop here, resolved and checked like the
 * first, under libcurl's rules: at most FETCH_MAX_REDIRS, http and https
 * only, no downgrade from https, POST becomes GET after 301, 302 and 303,
 * Authorization and Cookie headers only to the first URL's origin. 1 when
 * the next hop is under way; 0 for no redirect; -1 when the redirect is
 * refused or the hop failed (pre_failed).
 */
static int
hop_redirect(struct fetcher *f, struct xfer *x)
{
	long code = 0;
	char *loc = NULL, *first, scheme[17];
	struct err e = ERR_INIT;
	int rc;

	curl_easy_getinfo(x->easy, CURLINFO_RESPONSE_CODE, &code);
	if ((code < 301 || code > 303) && code != 307 && code != 308)
		return 0;
	if (curl_easy_getinfo(x->easy, CURLINFO_REDIRECT_URL, &loc) !=
	    CURLE_OK || loc == NULL)
		return 0;
	if (x->hops >= FETCH_MAX_REDIRS) {
		hop_fail(x, FETCH_TRANSIENT, "too many redirects");
		return -1;
	}
	scheme_of(loc, scheme, sizeof(scheme));
	if ((strcmp(scheme, "http") != 0 && strcmp(scheme, "https") != 0) ||
	    (x->first_https && strcmp(scheme, "https") != 0)) {
		hop_fail(x, FETCH_POLICY, "redirect to a refused scheme%s%s%s",
		    scheme[0] ? " (" : "", scheme, scheme[0] ? ")" : "");
		return -1;
	}
	if (url_check(loc, &e) != 0) {
		hop_fail(x, FETCH_TRANSIENT, "redirect to an invalid URL");
		return -1;
	}
	free(x->url);
	x->url = xstrdup(loc);	/* loc is the handle's: copy it first */
	if (code <= 303 && x->post_body != NULL) {
		free(x->post_body);
		free(x->post_type);
		x->post_body = x->post_type = NULL;
		x->post_len = 0;
	}
	x->hops++;
	buf_reset(&x->body);
	hdr_reset(x);
	x->discard = 0;
	first = x->origin;
	x->origin = NULL;
	rc = hop_parse(x);	/* sets x->origin: this hop's */
	if (rc == 0 && strcmp(first, x->origin) != 0)
		drop_credentials(x);
	free(x->origin);
	x->origin = first;	/* the first URL's, still */
	if (rc != 0) {
		hop_fail(x, FETCH_TRANSIENT, "cannot set up the transfer");
		return -1;
	}
	return hop_start(f, x) == 0 ? 1 : -1;
}

static void
complete_done(struct fetcher *f, struct xfer *x, CURLcode rc)
{
	struct fetch_res res;

	if (x->in_multi) {
		curl_multi_remove_handle(f->multi, x->easy);
		x->in_multi = 0;
	}
	lookup_end(f, x);
	if (x->px != NULL && rc == CURLE_OK && hop_redirect(f, x) > 0)
		return;		/* the next hop is under way */
	release_slot(f, x);
	res_init(&res);
	result_fill(&res, x, rc, 0);
	deliver(x, &res);
	xfer_free(x);
}

/*
 * Move resolving hops on: start lookups while fewer than
 * FETCH_MAX_LOOKUPS run; a finished one launches its hop or fails it; one
 * older than connect_timeout fails. Returns how many moved.
 */
static unsigned
hop_progress(struct fetcher *f)
{
	struct xfer *x, *next;
	const struct addrinfo *ai = NULL;
	char ip[INET6_ADDRSTRLEN];
	int gai = 0, rc;
	unsigned n = 0;

	for (x = f->act_head; x != NULL; x = next) {
		next = x->anext;	/* callbacks only queue new ones */
		if (!x->resolving)
			continue;
		if (x->lookup == NULL) {
			if (f->nlookups >= FETCH_MAX_LOOKUPS)
				continue;
			x->lookup = lookup_start(x->hop_host, wake_multi,
			    f->multi);
			x->lookup_t0 = mono_now();
			f->nlookups++;
		}
		if (lookup_result(x->lookup, &ai, &gai)) {
			rc = hop_resolved(x, ai, gai, ip, 0);
			lookup_end(f, x);
			if (rc == 0)
				rc = hop_launch(f, x, ip);
		} else if (mono_now() - x->lookup_t0 >
		    (double)f->opts.connect_timeout) {
			lookup_end(f, x);
			hop_fail(x, FETCH_TRANSIENT, "timeout: cannot resolve "
			    "host %.100s in %ld s", x->hop_host,
			    f->opts.connect_timeout);
			rc = -1;
		} else
			continue;
		n++;
		if (rc != 0)
			complete_done(f, x, CURLE_COULDNT_CONNECT);
	}
	return n;
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
	if (proxy_init(&f->px, opts, err) != 0) {
		fetch_free(f);
		return err->code;
	}
	/* borrowed strings of the caller's: not kept */
	f->opts.proxy = f->opts.proxy_auth = NULL;
	f->opts.no_proxy = NULL;

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
	if (f->px.url != NULL) {
		x->px = &f->px;
		x->first_https = is_https(x->url);
		if (hop_parse(x) != 0) {
			hop_fail(x, FETCH_TRANSIENT, "cannot set up the "
			    "transfer");
			queue_push(&f->fail_head, &f->fail_tail, x);
			return;
		}
	}
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
		slot->active++;
		f->active++;
		x->anext = f->act_head;
		if (f->act_head != NULL)
			f->act_head->aprev = x;
		f->act_head = x;
		if (hop_start(f, x) != 0) {
			/* completed from drain_failed: no callback runs
			 * while the pending list is walked */
			release_slot(f, x);
			queue_push(&f->fail_head, &f->fail_tail, x);
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
	unsigned moved;

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
		moved = hop_progress(f);	/* resolved hosts (proxy) */
		mc = curl_multi_perform(f->multi, &still);
		if (mc != CURLM_OK) {
			rc = err_set(err, ERR_GENERIC, "curl_multi_perform: %s",
			    curl_multi_strerror(mc));
			abort_all(f, "internal transfer error");
			break;
		}
		/* something finished: its slot may let a queued one start */
		if (drain_done(f) > 0 || moved > 0 || f->fail_head != NULL ||
		    f->active == 0)
			continue;
		/* work other threads finished (parsed documents) */
		if (f->idle != NULL && f->idle(f->idle_arg) > 0)
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
fetch_set_idle(struct fetcher *f, size_t (*idle)(void *), void *arg)
{
	f->idle = idle;
	f->idle_arg = arg;
}

void
fetch_wakeup(void *f)
{
	curl_multi_wakeup(((struct fetcher *)f)->multi);
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
		if (x->in_multi)
			curl_multi_remove_handle(f->multi, x->easy);
		xfer_free(x);	/* abandons its lookup: no wake-up after */
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
	proxy_release(&f->px);
	free(f);
}

/* ---- webhook POST ---- */

/*
 * fetch_post's route: with a proxy, resolve the host (waiting at most
 * connect_timeout) and pick the address as for a source's hop. 0, or -1
 * with pre_failed set. Messages never name the host: it is part of the
 * secret.
 */
static int
post_route(struct xfer *x, long connect_timeout, char ip[INET6_ADDRSTRLEN])
{
	struct lookup *l;
	const struct addrinfo *ai = NULL;
	int gai = 0, rc;

	x->route = ROUTE_DIRECT;
	if (x->px == NULL)
		return 0;
	if (hop_parse(x) != 0) {
		hop_fail(x, FETCH_TRANSIENT, "cannot set up the transfer");
		return -1;
	}
	if (no_proxy_match(x->px, x->hop_host))
		return 0;
	l = lookup_start(x->hop_host, NULL, NULL);
	if (!lookup_wait(l, connect_timeout * 1000)) {
		hop_fail(x, FETCH_TRANSIENT, "timeout: cannot resolve the host "
		    "name in %ld s", connect_timeout);
		rc = -1;
	} else {
		(void)lookup_result(l, &ai, &gai);
		rc = hop_resolved(x, ai, gai, ip, 1);
	}
	lookup_free(l);
	return rc;
}

int
fetch_post(struct fetch_res *out, const struct fetch_opts *opts,
    const char *url, const char *content_type, const char *body,
    size_t len, const char *const *headers, struct err *err)
{
	struct xfer *x;
	struct err e = ERR_INIT;
	struct proxy px;
	CURLcode rc;
	long connect_timeout, timeout;
	const char *ua = FETCH_DEF_UA, *ca_file = NULL;
	char ip[INET6_ADDRSTRLEN] = "";
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
	if (proxy_init(&px, opts, &e) != 0) {
		out->status = FETCH_TRANSIENT;
		snprintf(out->error, sizeof(out->error), "%.200s", e.msg);
		return err_set(err, ERR_CONFIG, "%s", out->error);
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
	x->px = px.url != NULL ? &px : NULL;
	timeout = opts != NULL && opts->timeout > 0 ? opts->timeout :
	    POST_TIMEOUT;
	connect_timeout = opts != NULL && opts->connect_timeout > 0 ?
	    opts->connect_timeout : FETCH_DEF_CONNECT;
	if (connect_timeout > timeout)
		connect_timeout = timeout;

	if (post_route(x, connect_timeout, ip) != 0) {
		result_fill(out, x, CURLE_COULDNT_CONNECT, 1);
		ret = err_set(err, ERR_GENERIC, "%s", out->error);
		goto out;
	}
	x->easy = curl_easy_init();
	if (x->easy == NULL || easy_common(x, ua, ca_file, timeout,
	    connect_timeout, is_https(url)) != 0 ||
	    route_options(x, ca_file, ip) != 0 ||
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
	proxy_release(&px);
	return ret;
}
