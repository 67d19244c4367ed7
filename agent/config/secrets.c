/*
 * Secrets a configuration names (notifier URLs and HMAC keys, source
 * header values): read at send time from an environment variable or a
 * file, never at load time, and registered for redaction at once.
 */
#include "config.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "redact.h"
#include "url.h"
#include "util.h"
#include "xmalloc.h"

#define CONFIG_MAX_SECRET	(64 * 1024)		/* one secret file */

void
config_headers_free(char **v)
{
	if (v == NULL)
		return;
	for (size_t i = 0; v[i]; i++) {
		explicit_bzero(v[i], strlen(v[i]));
		free(v[i]);
	}
	free(v);
}

static void
secret_free(char *s, size_t len)
{
	if (s == NULL)
		return;
	explicit_bzero(s, len);
	free(s);
}

/*
 * Read a secret from the environment variable env or the file file, trim
 * trailing whitespace, and refuse empty values and control characters.
 * what names the owner for messages ("notifier 'slack'").
 */
static int
read_secret(char **out, const char *env, const char *file, const char *what,
    struct err *err)
{
	static const char var[] = "${CREDENTIALS_DIRECTORY}";
	struct buf path = BUF_INIT;
	const char *at, *label;
	char *s = NULL;
	size_t len = 0;
	int rc = 0;

	*out = NULL;
	if (env != NULL) {
		const char *v = getenv(env);

		if (v == NULL || v[0] == '\0')
			return err_set(err, ERR_CONFIG, "%s: environment "
			    "variable %s is not set", what, env);
		s = xstrdup(v);
		len = strlen(s);
	} else if (file != NULL) {
		struct err fe = ERR_INIT;

		/* expanded now: commands that never read the secret work
		 * without the systemd credential */
		if ((at = strstr(file, var)) != NULL) {
			const char *cd = getenv("CREDENTIALS_DIRECTORY");

			if (cd == NULL || cd[0] == '\0')
				return err_set(err, ERR_CONFIG, "%s: %s uses "
				    "$CREDENTIALS_DIRECTORY, which is not set "
				    "(see systemd LoadCredential=)", what, file);
			buf_add(&path, file, (size_t)(at - file));
			buf_addstr(&path, cd);
			buf_addstr(&path, at + sizeof(var) - 1);
			file = path.data;
		}
		if ((rc = read_file(&s, &len, file, CONFIG_MAX_SECRET,
		    &fe)) < 0) {
			rc = err_set(err, rc, "%s: %.400s", what, fe.msg);
			goto out;
		}
		if (memchr(s, '\0', len) != NULL) {
			rc = err_set(err, ERR_CONFIG, "%s: %s holds a NUL "
			    "byte", what, file);
			goto out;
		}
	} else
		return err_set(err, ERR_CONFIG, "%s has no secret configured",
		    what);
	label = env ? env : file;
	while (len > 0 && isspace((unsigned char)s[len - 1]))
		s[--len] = '\0';
	if (len == 0) {
		rc = err_set(err, ERR_CONFIG, "%s: %s%s is empty", what,
		    env ? "environment variable " : "", label);
		goto out;
	}
	for (size_t i = 0; i < len; i++)
		if ((unsigned char)s[i] < 0x20 || s[i] == 0x7f) {
			rc = err_set(err, ERR_CONFIG, "%s: %s%s holds control "
			    "characters or more than one line", what,
			    env ? "environment variable " : "", label);
			goto out;
		}
	/* from now on, no log line or state file can quote it */
	redact_add(s);
	*out = s;
	s = NULL;	/* now owned by the caller */
out:
	if (s)
		secret_free(s, len);
	buf_release(&path);
	return rc;
}

int
config_notifier_url(const struct notifier *n, char **out, struct err *err)
{
	struct buf what = BUF_INIT;
	struct err ue = ERR_INIT;
	char *url = NULL;
	int rc;

	*out = NULL;
	buf_addf(&what, "notifier '%s'", n->name);
	if (n->type == NOTIFY_STDOUT) {
		rc = err_set(err, ERR_CONFIG, "%s has no URL", what.data);
		goto out;
	}
	rc = read_secret(&url, n->url_env, n->url_file, what.data, err);
	if (rc < 0)
		goto out;
	if (url_check(url, &ue) < 0) {
		rc = err_set(err, ERR_CONFIG, "%s: the URL in %s is not "
		    "usable: %s", what.data, n->url_env ? n->url_env :
		    n->url_file, ue.msg);
		secret_free(url, strlen(url));
		goto out;
	}
	redact_add_url(url);	/* its path, query and token too */
	*out = url;
out:
	buf_release(&what);
	return rc;
}

void
config_register_secrets(const struct config *cfg)
{
	for (size_t i = 0; i < cfg->alerts.nnotifiers; i++) {
		const struct notifier *n = &cfg->alerts.notifiers[i];
		struct err ignore = ERR_INIT;
		char *v = NULL;

		if (n->type != NOTIFY_STDOUT &&
		    config_notifier_url(n, &v, &ignore) == 0)
			secret_free(v, strlen(v));
		v = NULL;
		if (config_notifier_secret(n, &v, &ignore) == 0 && v != NULL)
			secret_free(v, strlen(v));
	}
	for (size_t i = 0; i < cfg->nsources; i++) {
		struct err ignore = ERR_INIT;
		char **h = NULL;

		if (cfg->sources[i].nheaders > 0 &&
		    config_source_headers(&cfg->sources[i], &h, &ignore) == 0)
			config_headers_free(h);
	}
}

int
config_notifier_secret(const struct notifier *n, char **out, struct err *err)
{
	struct buf what = BUF_INIT;
	int rc = 0;

	*out = NULL;
	if (n->secret_env == NULL && n->secret_file == NULL)
		return 0;
	buf_addf(&what, "notifier '%s'", n->name);
	rc = read_secret(out, n->secret_env, n->secret_file, what.data, err);
	buf_release(&what);
	return rc;
}

int
config_source_headers(const struct source *s, char ***out, struct err *err)
{
	struct buf what = BUF_INIT;
	char **v = xcalloc(s->nheaders + 1, sizeof(*v));
	int rc = 0;

	*out = NULL;
	for (size_t i = 0; i < s->nheaders; i++) {
		size_t pl, vl;
		char *val = NULL;

		buf_reset(&what);
		buf_addf(&what, "source '%s' header %.*s", s->id,
		    (int)(strlen(s->headers[i]) - 2), s->headers[i]);
		rc = read_secret(&val, s->header_refs[i].env,
		    s->header_refs[i].file, what.data, err);
		if (rc < 0)
			break;
		/* exact allocation: no realloc leaves copies of the value */
		pl = strlen(s->headers[i]);
		vl = strlen(val);
		v[i] = xmalloc(pl + vl + 1);
		memcpy(v[i], s->headers[i], pl);
		memcpy(v[i] + pl, val, vl + 1);
		secret_free(val, vl);
	}
	buf_release(&what);
	if (rc < 0) {
		config_headers_free(v);
		return rc;
	}
	*out = v;
	return 0;
}

int
config_proxy_auth(const struct config *cfg, char **out, struct err *err)
{
	const char *env = cfg->fetch.proxy_auth_env;
	const char *file = cfg->fetch.proxy_auth_file;
	int rc;

	*out = NULL;
	if (env == NULL && file == NULL)
		return 0;
	rc = read_secret(out, env, file, "fetch.proxy_auth", err);
	if (rc < 0)
		return rc;
	if (strchr(*out, ':') == NULL) {
		secret_free(*out, strlen(*out));
		*out = NULL;
		return err_set(err, ERR_CONFIG, "fetch.proxy_auth: %s%s must "
		    "hold user:password", env ? "environment variable " : "",
		    env ? env : file);
	}
	return 0;
}
