#define _XOPEN_SOURCE 700

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "redact.h"
#include "t.h"
#include "t_helpers.h"

/* secrets.c: notifier URLs and keys, header values, proxy credentials,
 * read when used from an environment variable or a file */

#define HOOK "https://hooks.example.test/services/T000/B000/XXXXSECRETXXXXXXXXXXXX"

static struct notifier
notifier(enum notifier_type type, const char *env, const char *file)
{
	struct notifier n;

	memset(&n, 0, sizeof(n));
	n.name = (char *)"team";
	n.type = type;
	n.url_env = (char *)env;
	n.url_file = (char *)file;
	return n;
}

/* after the value was read, every text that quotes it is redacted */
static int
redacted(const char *secret)
{
	char s[512];

	snprintf(s, sizeof(s), "posting to %s failed", secret);
	return redact_str(s, sizeof(s)) > 0 && strstr(s, secret) == NULL &&
	    strstr(s, REDACT_MARK) != NULL;
}

static void
test_secrets__url_from_env(void)
{
	struct notifier n = notifier(NOTIFY_SLACK, "T_SW_HOOK", NULL);
	struct err e = ERR_INIT;
	char *url = NULL;

	redact_reset();
	setenv("T_SW_HOOK", HOOK " \t\n", 1);
	T_EQ_INT(config_notifier_url(&n, &url, &e), 0);
	/* trailing whitespace trimmed */
	T_EQ_STR(url, HOOK);
	T_ASSERT(redacted(HOOK));
	/* its token alone too (redact_add_url) */
	T_ASSERT(redacted("XXXXSECRETXXXXXXXXXXXX"));
	free(url);
	unsetenv("T_SW_HOOK");
	redact_reset();
}

static void
test_secrets__url_from_file(void)
{
	struct notifier n;
	struct err e = ERR_INIT;
	char *url = NULL, file[600];

	redact_reset();
	t_mkdtemp("secrets");
	T_EQ_INT(t_write_file(t_path("hook"), HOOK "\n"), 0);
	n = notifier(NOTIFY_WEBHOOK, NULL, t_path("hook"));
	T_EQ_INT(config_notifier_url(&n, &url, &e), 0);
	T_EQ_STR(url, HOOK);
	free(url);
	/* ${CREDENTIALS_DIRECTORY} expanded at read time */
	snprintf(file, sizeof(file), "${CREDENTIALS_DIRECTORY}/hook");
	n = notifier(NOTIFY_WEBHOOK, NULL, file);
	unsetenv("CREDENTIALS_DIRECTORY");
	T_ASSERT(config_notifier_url(&n, &url, &e) == ERR_CONFIG);
	T_ASSERT(url == NULL);
	T_CONTAINS(e.msg, "CREDENTIALS_DIRECTORY");
	setenv("CREDENTIALS_DIRECTORY", t_dir, 1);
	err_clear(&e);
	T_EQ_INT(config_notifier_url(&n, &url, &e), 0);
	T_EQ_STR(url, HOOK);
	free(url);
	unsetenv("CREDENTIALS_DIRECTORY");
	/* a missing file: an error naming the notifier */
	n = notifier(NOTIFY_WEBHOOK, NULL, t_path("nope"));
	T_ASSERT(config_notifier_url(&n, &url, &e) < 0);
	T_CONTAINS(e.msg, "notifier 'team'");
	T_ASSERT(url == NULL);
	t_rmtree(t_dir);
	redact_reset();
}

/* bad values: refused, the message names where, never what */
static void
test_secrets__refused(void)
{
	static const char *const bad[] = {
		"",			/* not set (empty) */
		"   \n",		/* empty once trimmed */
		HOOK "\nsecond-line-SECRET",
		"ftp://hooks.example.test/SECRETSECRETSECRET",
		"hooks.example.test/SECRETSECRETSECRET",
	};
	struct notifier n = notifier(NOTIFY_SLACK, "T_SW_HOOK", NULL);
	struct err e = ERR_INIT;
	char *url = NULL;

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		err_clear(&e);
		setenv("T_SW_HOOK", bad[i], 1);
		T_EQ_INT(config_notifier_url(&n, &url, &e), ERR_CONFIG);
		T_ASSERT(url == NULL);
		T_CONTAINS(e.msg, "T_SW_HOOK");
		T_ASSERT(strstr(e.msg, "SECRET") == NULL);
		T_ASSERT(strstr(e.msg, "hooks.example") == NULL);
	}
	unsetenv("T_SW_HOOK");
	err_clear(&e);
	T_EQ_INT(config_notifier_url(&n, &url, &e), ERR_CONFIG);
	T_CONTAINS(e.msg, "is not set");
	/* a stdout notifier has no URL */
	n = notifier(NOTIFY_STDOUT, NULL, NULL);
	T_EQ_INT(config_notifier_url(&n, &url, &e), ERR_CONFIG);
	T_CONTAINS(e.msg, "has no URL");
	/* neither env nor file */
	n = notifier(NOTIFY_SLACK, NULL, NULL);
	T_EQ_INT(config_notifier_url(&n, &url, &e), ERR_CONFIG);
	redact_reset();
}

/* a file with a NUL byte, or bigger than a secret can be */
static void
test_secrets__bad_files(void)
{
	struct notifier n;
	struct err e = ERR_INIT;
	char *url = NULL, *big;
	FILE *f;

	t_mkdtemp("secrets");
	f = fopen(t_path("nul"), "wb");
	T_ASSERT(f != NULL);
	if (f) {
		fwrite("https://a.example/x\0y", 1, 21, f);
		fclose(f);
	}
	n = notifier(NOTIFY_WEBHOOK, NULL, t_path("nul"));
	T_EQ_INT(config_notifier_url(&n, &url, &e), ERR_CONFIG);
	T_CONTAINS(e.msg, "NUL");
	big = malloc(100 * 1024 + 1);
	memset(big, 'a', 100 * 1024);
	big[100 * 1024] = '\0';
	T_EQ_INT(t_write_file(t_path("big"), big), 0);
	free(big);
	n = notifier(NOTIFY_WEBHOOK, NULL, t_path("big"));
	err_clear(&e);
	T_ASSERT(config_notifier_url(&n, &url, &e) < 0);
	T_ASSERT(url == NULL);
	T_ASSERT(e.msg[0] != '\0');
	t_rmtree(t_dir);
	redact_reset();
}

static void
test_secrets__hmac_key(void)
{
	struct notifier n = notifier(NOTIFY_WEBHOOK, "T_SW_HOOK", NULL);
	struct err e = ERR_INIT;
	char *key = (char *)"x";

	/* none configured: 0 and NULL */
	T_EQ_INT(config_notifier_secret(&n, &key, &e), 0);
	T_ASSERT(key == NULL);
	n.secret_env = (char *)"T_SW_KEY";
	setenv("T_SW_KEY", "hmac-key-0123456789\r\n", 1);
	T_EQ_INT(config_notifier_secret(&n, &key, &e), 0);
	T_EQ_STR(key, "hmac-key-0123456789");
	T_ASSERT(redacted("hmac-key-0123456789"));
	free(key);
	unsetenv("T_SW_KEY");
	T_EQ_INT(config_notifier_secret(&n, &key, &e), ERR_CONFIG);
	T_CONTAINS(e.msg, "T_SW_KEY");
	redact_reset();
}

static void
test_secrets__headers(void)
{
	struct source s;
	struct header_ref refs[2];
	char *names[3] = { (char *)"Authorization: ", (char *)"X-Key: ", NULL };
	char **h = NULL;
	struct err e = ERR_INIT;

	t_mkdtemp("secrets");
	memset(&s, 0, sizeof(s));
	memset(refs, 0, sizeof(refs));
	s.id = (char *)"acme";
	s.headers = names;
	s.header_refs = refs;
	s.nheaders = 2;
	refs[0].env = (char *)"T_SW_AUTH";
	refs[1].file = (char *)t_path("xkey");
	setenv("T_SW_AUTH", "Bearer tok-0123456789", 1);
	T_EQ_INT(t_write_file(t_path("xkey"), "k3y-abcdefgh\n"), 0);
	T_EQ_INT(config_source_headers(&s, &h, &e), 0);
	T_ASSERT(h != NULL);
	if (h) {
		T_EQ_STR(h[0], "Authorization: Bearer tok-0123456789");
		T_EQ_STR(h[1], "X-Key: k3y-abcdefgh");
		T_ASSERT(h[2] == NULL);
	}
	config_headers_free(h);
	config_headers_free(NULL);
	T_ASSERT(redacted("Bearer tok-0123456789"));
	/* one missing value fails the whole list, naming the header */
	unsetenv("T_SW_AUTH");
	h = (char **)&e;
	T_EQ_INT(config_source_headers(&s, &h, &e), ERR_CONFIG);
	T_ASSERT(h == NULL);
	T_CONTAINS(e.msg, "source 'acme' header Authorization");
	T_CONTAINS(e.msg, "T_SW_AUTH");
	t_rmtree(t_dir);
	redact_reset();
}

static void
test_secrets__proxy_auth(void)
{
	struct config cfg;
	struct err e = ERR_INIT;
	char *v = (char *)"x";

	memset(&cfg, 0, sizeof(cfg));
	T_EQ_INT(config_proxy_auth(&cfg, &v, &e), 0);
	T_ASSERT(v == NULL);
	cfg.fetch.proxy_auth_env = (char *)"T_SW_PROXY";
	setenv("T_SW_PROXY", "user:pa55word-long", 1);
	T_EQ_INT(config_proxy_auth(&cfg, &v, &e), 0);
	T_EQ_STR(v, "user:pa55word-long");
	free(v);
	/* no colon: refused, without quoting it */
	setenv("T_SW_PROXY", "justapassword-123", 1);
	T_EQ_INT(config_proxy_auth(&cfg, &v, &e), ERR_CONFIG);
	T_ASSERT(v == NULL);
	T_CONTAINS(e.msg, "user:password");
	T_ASSERT(strstr(e.msg, "justapassword") == NULL);
	unsetenv("T_SW_PROXY");
	redact_reset();
}

/* register_secrets reads every secret it can, skips what it cannot */
static void
test_secrets__register(void)
{
	struct config cfg;
	struct notifier n[3];

	redact_reset();
	memset(&cfg, 0, sizeof(cfg));
	n[0] = notifier(NOTIFY_SLACK, "T_SW_HOOK", NULL);
	n[1] = notifier(NOTIFY_SLACK, "T_SW_UNSET", NULL);
	n[2] = notifier(NOTIFY_STDOUT, NULL, NULL);
	n[2].secret_env = (char *)"T_SW_KEY";
	cfg.alerts.notifiers = n;
	cfg.alerts.nnotifiers = 3;
	setenv("T_SW_HOOK", HOOK, 1);
	setenv("T_SW_KEY", "stdout-key-abcdef", 1);
	unsetenv("T_SW_UNSET");
	T_EQ_INT(redact_active(), 0);
	config_register_secrets(&cfg);
	T_EQ_INT(redact_active(), 1);
	T_ASSERT(redacted(HOOK));
	T_ASSERT(redacted("stdout-key-abcdef"));
	unsetenv("T_SW_HOOK");
	unsetenv("T_SW_KEY");
	redact_reset();
}

T_MAIN(T_CASE(test_secrets__url_from_env), T_CASE(test_secrets__url_from_file),
    T_CASE(test_secrets__refused), T_CASE(test_secrets__bad_files),
    T_CASE(test_secrets__hmac_key), T_CASE(test_secrets__headers),
    T_CASE(test_secrets__proxy_auth), T_CASE(test_secrets__register))
