#include "fetchcfg.h"

#include <stdlib.h>
#include <string.h>

int
fetchcfg_proxy(struct fetch_opts *fo, const struct config *cfg,
    char **auth, struct err *err)
{
	const char *t = getenv("SIGWATCH_TEST_PROXY_LOOPBACK");

	*auth = NULL;
	fo->proxy = NULL;
	fo->proxy_auth = NULL;
	fo->no_proxy = NULL;
	fo->proxy_loopback = 0;
	if (cfg == NULL || cfg->fetch.proxy == NULL)
		return 0;
	if (config_proxy_auth(cfg, auth, err) < 0)
		return -1;
	fo->proxy = cfg->fetch.proxy;
	fo->proxy_auth = *auth;
	fo->no_proxy = (const char *const *)cfg->fetch.no_proxy;
	fo->proxy_loopback = t != NULL && strcmp(t, "1") == 0;
	return 0;
}

void
fetchcfg_auth_free(char *auth)
{
	if (auth == NULL)
		return;
	explicit_bzero(auth, strlen(auth));
	free(auth);
}

void
fetchcfg_opts(struct fetch_opts *fo, const struct config *cfg)
{
	memset(fo, 0, sizeof(*fo));
	if (cfg == NULL)
		return;
	fo->concurrency = cfg->fetch.concurrency;
	fo->per_host = cfg->fetch.per_host;
	fo->timeout = (long)cfg->fetch.timeout;
	fo->connect_timeout = (long)cfg->fetch.connect_timeout;
	fo->max_bytes = cfg->fetch.max_bytes;
	fo->user_agent = cfg->fetch.user_agent;
	fo->allow_private = cfg->fetch.allow_private_addresses;
}
