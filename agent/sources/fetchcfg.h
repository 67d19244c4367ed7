#ifndef SIGWATCH_FETCHCFG_H
#define SIGWATCH_FETCHCFG_H

#include "config.h"
#include "err.h"
#include "fetch.h"

/*
 * The proxy options of fetch_opts from the fetch: section, for every
 * caller of fetch.h (runs, deliveries, parse URL) alike: fo->proxy and
 * fo->no_proxy (borrowed from cfg) and the credentials, read now
 * (config_proxy_auth) into *auth, which fo->proxy_auth borrows; release
 * them with fetchcfg_auth_free(). SIGWATCH_TEST_PROXY_LOOPBACK=1 in the
 * environment sends loopback targets through the proxy too (tests only:
 * their servers are all on loopback). Returns -1 when the credentials
 * cannot be read (err names the variable or file, never the value); fo
 * then holds no proxy.
 */
/*
 * fo from the fetch: section (concurrency, per-host cap, timeouts, body
 * cap, User-Agent, private addresses), the same for a run, `parse URL`
 * and `discover`; cfg NULL gives fetch.h's defaults. The proxy options
 * come from fetchcfg_proxy().
 */
void	fetchcfg_opts(struct fetch_opts *fo, const struct config *);
int	fetchcfg_proxy(struct fetch_opts *fo, const struct config *,
	    char **auth, struct err *) __attribute__((warn_unused_result));
/* wipe and free credentials from fetchcfg_proxy (accepts NULL) */
void	fetchcfg_auth_free(char *auth);

#endif
