#ifndef SIGWATCH_FETCH_H
#define SIGWATCH_FETCH_H

#include <stddef.h>
#include <stdint.h>

#include "err.h"

/*
 * HTTP with libcurl. One multi handle drives every transfer of a run
 * (fetch_add + fetch_run); fetch_post() is a single synchronous POST for
 * webhook delivery. Policy on every source transfer: http/https only (also
 * after redirects; https never downgrades to http), at most 5 redirects,
 * connect/total/low-speed timeouts, a byte cap counted on decoded data in
 * the write callback, every content encoding libcurl supports, and an
 * open-socket check refusing loopback, private, link-local, CGNAT,
 * multicast and unspecified addresses (IPv4, IPv6, v4-mapped) unless
 * allow_private is set.
 *
 * Proxy environment variables (http_proxy, https_proxy, no_proxy...) are
 * always ignored; only opts->proxy sends transfers through a proxy. With
 * one, every hop (the first URL and each redirect, which libcurl then no
 * longer follows itself) to a host not in no_proxy is resolved here
 * (lookup.h), its address checked as above, and the proxy asked to CONNECT
 * to that checked address (a tunnel, for http too), so the proxy cannot be
 * used to reach what the check refuses. Only the connection to the proxy
 * itself is exempt from the address check. A host that resolves to a
 * loopback address is reached directly: the proxy's loopback is not ours.
 * Failures of the proxy say so and name it ("proxy HOST:PORT ...").
 */
struct fetch_opts {
	unsigned	 concurrency;	/* transfers at once (default 32) */
	unsigned	 per_host;	/* connections per host (default 4) */
	long		 timeout;	/* seconds, whole transfer (30) */
	long		 connect_timeout; /* seconds (10) */
	uint64_t	 max_bytes;	/* decoded body cap (10 MB) */
	const char	*user_agent;
	int		 allow_private;	/* allow_private_addresses */
	const char	*ca_file;	/* PEM CA bundle trusted instead of
					 * the system's (private CAs, tests),
					 * or NULL */
	const char	*allow_addr;	/* tests only: this one numeric address
					 * (as inet_ntop prints it, e.g.
					 * "127.0.0.1") passes the address
					 * check even when allow_private is 0;
					 * never set from configuration */
	const char	*proxy;		/* "http://host:port" or
					 * "https://host:port", without
					 * credentials, or NULL for none */
	const char	*proxy_auth;	/* "user:password" for the proxy
					 * (Basic), or NULL; secret: copied,
					 * wiped when freed, never logged */
	const char *const *no_proxy;	/* NULL-terminated: hosts reached
					 * directly; an entry matches itself
					 * and its subdomains; or NULL */
	int		 proxy_loopback; /* tests only: loopback targets
					 * tunnel through the proxy too
					 * (a test's servers are all on
					 * loopback); never set from
					 * configuration */
};

enum fetch_status {
	FETCH_OK,		/* 2xx, body present */
	FETCH_UNCHANGED,	/* 304 Not Modified */
	FETCH_TRANSIENT,	/* network error, timeout, 5xx, 429, 404... */
	FETCH_PERMANENT,	/* 410, 401/403, TLS verification failure */
	FETCH_POLICY,		/* refused scheme or address */
	FETCH_TOOLARGE,		/* body over max_bytes */
	FETCH_PROTOCOL		/* not an HTTP/1.x or 2 answer we accept:
				 * HTTP/0.9 (no status line), unknown
				 * HTTP version */
};

struct fetch_req {
	const char		*url;
	const char		*etag;		/* If-None-Match, or NULL */
	const char		*last_modified;	/* If-Modified-Since, or NULL */
	const char *const	*headers;	/* "Name: value", NULL-terminated;
						 * secret: never logged */
	const char		*post_body;	/* POST when non-NULL */
	size_t			 post_len;
	const char		*post_type;	/* Content-Type of the body */
};

struct fetch_res {
	enum fetch_status status;
	long		  http_status;	/* 0 when no response */
	char		 *body;		/* NUL-terminated; NULL when none; the
					 * callback may take it (set to NULL) */
	size_t		  len;
	char		 *etag;		/* validators as the server sent them */
	char		 *last_modified;
	char		 *final_url;	/* after redirects */
	char		 *content_type;	/* media type only, lowercased
					 * ("application/rss+xml"), or NULL */
	char		 *charset;	/* from Content-Type, or NULL */
	int64_t		  retry_after;	/* seconds from now, or -1; clamped */
	char		  error[256];	/* human-readable reason when not OK */
	int		  proxy_failed;	/* the proxy failed, not the target:
					 * error names the proxy; http_status
					 * is 0 (no answer from the target) */
	double		  seconds;	/* total transfer time */
};

struct fetcher;

int	fetch_new(struct fetcher **out, const struct fetch_opts *,
	    struct err *);
/* queue a transfer; done() runs from fetch_run() as it completes, so
 * parsing overlaps with transfers still in flight. res is freed after the
 * callback returns. req strings are copied. */
void	fetch_add(struct fetcher *, const struct fetch_req *,
	    void (*done)(struct fetch_res *res, void *payload), void *payload);
/* run until every queued transfer (including ones queued from callbacks)
 * has finished */
int	fetch_run(struct fetcher *, struct err *);
void	fetch_free(struct fetcher *);
/*
 * Work finished by other threads (documents parsed on workers) is taken
 * in on fetch_run()'s thread: fetch_run() calls idle(arg) on each turn of
 * its loop before it waits, and goes round again when it returns > 0.
 * fetch_wakeup(fetcher) ends that wait early; any thread may call it.
 */
void	fetch_set_idle(struct fetcher *, size_t (*idle)(void *), void *arg);
void	fetch_wakeup(void *fetcher);

/*
 * One blocking POST (webhooks): no redirects, no private-address check
 * (the operator configured the URL), opts->timeout (default 30 s),
 * response body kept up to 64 KB. The URL is a secret: it never appears
 * in res->error or logs. opts may be NULL (defaults; only user_agent,
 * ca_file, timeout, connect_timeout and the proxy options are used). *out is always filled (release it with fetch_res_release);
 * returns 0 when the server answered 2xx, else a negative ERR_* value
 * (ERR_POLICY for a refused URL) with err->msg = out->error; the caller
 * decides from out->status, out->http_status, out->body and
 * out->retry_after.
 */
int	fetch_post(struct fetch_res *out, const struct fetch_opts *,
	    const char *url, const char *content_type, const char *body,
	    size_t len, const char *const *headers, struct err *);
void	fetch_res_release(struct fetch_res *);
const char *fetch_status_name(enum fetch_status);

/* curl_global_init; once at program start */
void	fetch_global_init(void);

#endif
