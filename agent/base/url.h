#ifndef SIGWATCH_URL_H
#define SIGWATCH_URL_H

#include "err.h"

/*
 * URLs with libcurl's URL API: the one place that parses, checks and
 * resolves them (sources, config, alerts).
 */

/*
 * libcurl's URL API: resolve ref against base (RFC 3986, as browsers do:
 * surrounding whitespace is trimmed, tabs and newlines dropped, spaces and
 * other unsafe bytes percent-encoded). malloc'd, or NULL when either does
 * not parse. The result's scheme is not checked: use url_check before
 * fetching or linking it.
 */
char	*url_resolve(const char *base, const char *ref);
/*
 * 0 if url parses, is http or https (any case) and has a host; else
 * ERR_PARSE ("invalid URL: ...") or ERR_POLICY ("unsupported URL scheme
 * 'file'"). err may be NULL.
 */
int	url_check(const char *url, struct err *);
/* ref resolved against base (NULL or "" for none) when the result
 * passes url_check(): a link fit to show; malloc'd, or NULL (also for an
 * empty ref) */
char	*url_link(const char *base, const char *ref);
/* host part of url, malloc'd, or NULL */
char	*url_host(const char *url);

#endif
