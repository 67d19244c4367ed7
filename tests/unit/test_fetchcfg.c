/*
 * fetchcfg: fetch_opts from the fetch: section, and the proxy with its
 * credentials (read now, never quoted in an error).
 */
#define _XOPEN_SOURCE 700
#include "fetchcfg.h"

#include <stdlib.h>
#include <string.h>

#include "t.h"
#include "t_helpers.h"

static struct config
cfg_sample(void)
{
	struct config c;

	memset(&c, 0, sizeof(c));
	c.fetch.concurrency = 7;
	c.fetch.per_host = 3;
	c.fetch.timeout = 45;
	c.fetch.connect_timeout = 6;
	c.fetch.max_bytes = 123456;
	c.fetch.user_agent = (char *)"ua/1";
	c.fetch.allow_private_addresses = 1;
	return c;
}

static void
test_fetchcfg__opts(void)
{
	struct config c = cfg_sample();
	struct fetch_opts fo;

	/* whatever fo held before is gone */
	memset(&fo, 0xa5, sizeof(fo));
	fetchcfg_opts(&fo, &c);
	T_EQ_INT(fo.concurrency, 7);
	T_EQ_INT(fo.per_host, 3);
	T_EQ_INT(fo.timeout, 45);
	T_EQ_INT(fo.connect_timeout, 6);
	T_EQ_INT(fo.max_bytes, 123456);
	T_ASSERT(fo.user_agent == c.fetch.user_agent);
	T_EQ_INT(fo.allow_private, 1);
	T_ASSERT(fo.proxy == NULL && fo.ca_file == NULL &&
	    fo.allow_addr == NULL && fo.proxy_loopback == 0);
	/* no config: all zero, fetch.h's defaults */
	memset(&fo, 0xa5, sizeof(fo));
	fetchcfg_opts(&fo, NULL);
	T_EQ_INT(fo.concurrency, 0);
	T_EQ_INT(fo.timeout, 0);
	T_EQ_INT(fo.allow_private, 0);
	T_ASSERT(fo.user_agent == NULL);
}

static void
test_fetchcfg__proxy(void)
{
	struct config c = cfg_sample();
	char *np[] = { (char *)"internal.example", NULL };
	struct fetch_opts fo;
	struct err e = ERR_INIT;
	char *auth = (char *)"junk";

	/* none configured: no proxy, even with credentials named */
	c.fetch.proxy_auth_env = (char *)"T_FETCHCFG_UNSET";
	memset(&fo, 0xa5, sizeof(fo));
	T_EQ_INT(fetchcfg_proxy(&fo, &c, &auth, &e), 0);
	T_ASSERT(auth == NULL && fo.proxy == NULL && fo.proxy_auth == NULL &&
	    fo.no_proxy == NULL && fo.proxy_loopback == 0);
	T_EQ_INT(fetchcfg_proxy(&fo, NULL, &auth, &e), 0);
	T_ASSERT(auth == NULL && fo.proxy == NULL);

	/* a proxy without credentials; loopback only with exactly "1" */
	c.fetch.proxy = (char *)"http://127.0.0.1:3128";
	c.fetch.proxy_auth_env = NULL;
	c.fetch.no_proxy = np;
	setenv("SIGWATCH_TEST_PROXY_LOOPBACK", "yes", 1);
	T_EQ_INT(fetchcfg_proxy(&fo, &c, &auth, &e), 0);
	T_ASSERT(fo.proxy == c.fetch.proxy && fo.proxy_auth == NULL);
	T_ASSERT(fo.no_proxy == (const char *const *)np);
	T_EQ_INT(fo.proxy_loopback, 0);
	setenv("SIGWATCH_TEST_PROXY_LOOPBACK", "1", 1);
	T_EQ_INT(fetchcfg_proxy(&fo, &c, &auth, &e), 0);
	T_EQ_INT(fo.proxy_loopback, 1);
	unsetenv("SIGWATCH_TEST_PROXY_LOOPBACK");

	/* credentials from the environment, borrowed by fo */
	c.fetch.proxy_auth_env = (char *)"T_FETCHCFG_AUTH";
	setenv("T_FETCHCFG_AUTH", "bob:s3cr3t-Pw0rd\n", 1);
	T_EQ_INT(fetchcfg_proxy(&fo, &c, &auth, &e), 0);
	T_EQ_STR(auth, "bob:s3cr3t-Pw0rd");
	T_ASSERT(fo.proxy_auth == auth);
	fetchcfg_auth_free(auth);
	fetchcfg_auth_free(NULL);
}

/* credentials that cannot be read: -1, no proxy, the error names where
 * they were looked for and never what was found */
static void
test_fetchcfg__bad_credentials(void)
{
	struct config c = cfg_sample();
	struct fetch_opts fo;
	struct err e = ERR_INIT;
	char *auth = NULL;

	c.fetch.proxy = (char *)"http://127.0.0.1:3128";
	c.fetch.proxy_auth_env = (char *)"T_FETCHCFG_AUTH";
	unsetenv("T_FETCHCFG_AUTH");
	T_EQ_INT(fetchcfg_proxy(&fo, &c, &auth, &e), -1);
	T_EQ_STR(e.msg, "fetch.proxy_auth: environment variable "
	    "T_FETCHCFG_AUTH is not set");
	T_ASSERT(auth == NULL && fo.proxy == NULL && fo.proxy_auth == NULL);

	setenv("T_FETCHCFG_AUTH", "n0-c0lon-Tok3n", 1);
	T_EQ_INT(fetchcfg_proxy(&fo, &c, &auth, &e), -1);
	T_EQ_STR(e.msg, "fetch.proxy_auth: environment variable "
	    "T_FETCHCFG_AUTH must hold user:password");
	T_ASSERT(auth == NULL && fo.proxy == NULL);
	unsetenv("T_FETCHCFG_AUTH");

	/* from a file: trimmed; a missing file is named */
	t_mkdtemp("fetchcfg");
	c.fetch.proxy_auth_env = NULL;
	c.fetch.proxy_auth_file = (char *)t_path("auth");
	T_EQ_INT(fetchcfg_proxy(&fo, &c, &auth, &e), -1);
	T_CONTAINS(e.msg, "fetch.proxy_auth: cannot open ");
	T_CONTAINS(e.msg, t_path("auth"));
	T_EQ_INT(t_write_file(t_path("auth"), "ann:f1le-Secr3t\n"), 0);
	T_EQ_INT(fetchcfg_proxy(&fo, &c, &auth, &e), 0);
	T_EQ_STR(auth, "ann:f1le-Secr3t");
	T_ASSERT(fo.proxy_auth == auth && fo.proxy == c.fetch.proxy);
	fetchcfg_auth_free(auth);
	t_rmtree(t_dir);
}

T_MAIN(T_CASE(test_fetchcfg__opts), T_CASE(test_fetchcfg__proxy),
    T_CASE(test_fetchcfg__bad_credentials))
