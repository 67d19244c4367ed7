#include "config.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include <curl/curl.h>
#include <libxml/parser.h>
#include <libxml/xmlerror.h>
#include <libxml/xpath.h>

#include "buf.h"
#include "config_int.h"
#include "record.h"
#include "redact.h"
#include "rules.h"
#include "url.h"
#include "util.h"
#include "lang.h"
#include "xmalloc.h"
#include "ytree.h"

static const char *const top_keys[] = {
	"rules", "feeds", "state", "fetch", "alerts", "state_git",
	"metrics_file", "languages", NULL
};
static const char *const fetch_keys[] = {
	"concurrency", "per_host", "timeout", "connect_timeout", "max_bytes",
	"user_agent", "allow_private_addresses", "default_every",
	"source_max_bytes", "source_max_items", "proxy", "proxy_auth_env",
	"proxy_auth_file", "no_proxy", "parse_workers", NULL
};
static const char *const alerts_keys[] = {
	"first_run", "broken_after", "ops", "notifiers", "report_url", "max_age",
	NULL
};
static const char *const notifier_keys[] = {
	"name", "type", "url_env", "url_file", "secret_env", "secret_file",
	"min_severity", "max_per_run", "timeout", "max_attempts", "max_age",
	NULL
};
static const char *const git_keys[] = {
	"remote", "retain", "branch", NULL
};
const char *const cfg_kind_names[] = {
	"feed", "html", "page", "greenhouse", "lever", "ashby", "workday",
	"maildir", "field", NULL
};
static const char *const notifier_types[] = {
	"slack", "webhook", "stdout", NULL
};

int
cfg_in_list(const char *s, const char *const *list)
{
	for (size_t i = 0; list[i]; i++)
		if (strcmp(s, list[i]) == 0)
			return (int)i;
	return -1;
}

int
cfg_get_enum(const struct ynode *map, const char *key, const char *what,
    const char *const *names, const char *label, const char *use,
    const struct ynode **at, struct diags *d)
{
	const struct ynode *v = yget_scalar(map, key, d);
	const char *hint;
	int i;

	if (at != NULL)
		*at = v;
	if (v == NULL) {
		if (ymap_get(map, key) == NULL)
			ymissing(map, key, what, d);
		return -1;
	}
	if ((i = cfg_in_list(v->str, names)) >= 0)
		return i;
	if ((hint = diag_suggest(v->str, names)) != NULL)
		ydiag(d, DIAG_ERROR, v, "unknown %s '%s'; did you mean '%s'?",
		    label, v->str, hint);
	else
		ydiag(d, DIAG_ERROR, v, "unknown %s '%s' (use %s)", label,
		    v->str, use);
	return -1;
}

int
cfg_is_null(const struct ynode *n)
{
	return n && n->kind == YNODE_SCALAR && n->style == YSTYLE_PLAIN &&
	    (n->str[0] == '\0' || strcmp(n->str, "~") == 0 ||
	    strcmp(n->str, "null") == 0);
}

/* the key node of key in map, or NULL */
static const struct ynode *
key_node(const struct ynode *map, const char *key)
{
	if (map == NULL || map->kind != YNODE_MAP)
		return NULL;
	for (size_t i = 0; i < map->n; i++) {
		const struct ynode *k = ymap_key(map, i);

		if (k->kind == YNODE_SCALAR && strcmp(k->str, key) == 0)
			return k;
	}
	return NULL;
}

char *
cfg_path_join(const char *dir, const char *p)
{
	struct buf b = BUF_INIT;

	if (p[0] == '/' || dir == NULL || strcmp(dir, ".") == 0 ||
	    dir[0] == '\0')
		return xstrdup(p);
	buf_addstr(&b, dir);
	if (b.data[b.len - 1] != '/')
		buf_addch(&b, '/');
	buf_addstr(&b, p);
	return buf_detach(&b, NULL);
}

static char *
dir_of(const char *path)
{
	const char *slash = strrchr(path, '/');

	if (slash == NULL)
		return xstrdup(".");
	if (slash == path)
		return xstrdup("/");
	return xstrndup(path, (size_t)(slash - path));
}

/* an environment variable name */
int
cfg_valid_env_name(const char *s)
{
	if (!(isalpha((unsigned char)s[0]) || s[0] == '_'))
		return 0;
	for (size_t i = 1; s[i]; i++)
		if (!(isalnum((unsigned char)s[i]) || s[i] == '_'))
			return 0;
	return strlen(s) <= 255;
}

/* an HTTP header name (RFC 9110 token) */
int
cfg_valid_header_name(const char *s)
{
	static const char tchar[] = "!#$%&'*+-.^_`|~";

	if (s[0] == '\0' || strlen(s) > 128)
		return 0;
	for (size_t i = 0; s[i]; i++)
		if (!isalnum((unsigned char)s[i]) &&
		    strchr(tchar, s[i]) == NULL)
			return 0;
	return 1;
}

/* check the URL in scalar node v; record a diagnostic at it */
int
cfg_check_url(const struct ynode *v, struct diags *d)
{
	struct err e = ERR_INIT;

	if (url_check(v->str, &e) < 0) {
		ydiag(d, DIAG_ERROR, v, "%s", e.msg);
		return -1;
	}
	return 0;
}

struct xpath_err {
	int	 set;
	int	 off;
	char	 msg[256];
};

static void
xpath_err_cb(void *ctx, xmlErrorPtr e)
{
	struct xpath_err *x = ctx;
	size_t n;

	if (x->set || e == NULL)
		return;
	x->set = 1;
	x->off = e->int1;
	snprintf(x->msg, sizeof(x->msg), "%s",
	    e->message ? e->message : "syntax error");
	n = strlen(x->msg);
	while (n > 0 && isspace((unsigned char)x->msg[n - 1]))
		x->msg[--n] = '\0';
}

static void
xpath_quiet(void *ctx, const char *fmt, ...)
{
	(void)ctx;
	(void)fmt;
}

/* compile the XPath in map[key] to validate it */
void
cfg_check_xpath(const struct ynode *map, const char *key, struct diags *d)
{
	const struct ynode *v = ymap_get(map, key);
	struct xpath_err x;
	xmlStructuredErrorFunc prev_s;
	xmlGenericErrorFunc prev_g;
	void *prev_sctx, *prev_gctx;
	xmlXPathCompExprPtr comp;
	size_t off;

	if (v == NULL)
		return;
	if (v->kind != YNODE_SCALAR) {
		ydiag(d, DIAG_ERROR, v, "'%s' must be an XPath string, not %s",
		    key, ynode_kind_name(v));
		return;
	}
	if (v->str[0] == '\0') {
		ydiag(d, DIAG_ERROR, v, "'%s' must not be empty", key);
		return;
	}
	memset(&x, 0, sizeof(x));
	xmlInitParser();
	prev_s = xmlStructuredError;
	prev_sctx = xmlStructuredErrorContext;
	prev_g = xmlGenericError;
	prev_gctx = xmlGenericErrorContext;
	xmlSetStructuredErrorFunc(&x, xpath_err_cb);
	xmlSetGenericErrorFunc(NULL, xpath_quiet);
	comp = xmlXPathCompile((const xmlChar *)v->str);
	xmlSetStructuredErrorFunc(prev_sctx, prev_s);
	xmlSetGenericErrorFunc(prev_gctx, prev_g);
	if (comp != NULL) {
		xmlXPathFreeCompExpr(comp);
		return;
	}
	off = x.off > 0 ? (size_t)x.off : 0;
	if (off > v->len)
		off = v->len;
	diag_add(d, DIAG_ERROR, v->path, v->line, ynode_col_at(v, off),
	    "invalid XPath in '%s': %s", key,
	    x.set ? x.msg : "cannot compile expression");
}

/*
 * Expand $CREDENTIALS_DIRECTORY / ${CREDENTIALS_DIRECTORY} in a path, then
 * make it relative to dir. NULL (with a diagnostic) on error.
 */
char *
cfg_expand_path(const struct ynode *v, const char *key, const char *dir,
    struct diags *d)
{
	static const char var[] = "CREDENTIALS_DIRECTORY";
	struct buf b = BUF_INIT;
	const char *p = v->str;
	char *res;

	if (p[0] == '\0') {
		ydiag(d, DIAG_ERROR, v, "'%s' must not be empty", key);
		return NULL;
	}
	while (*p) {
		size_t skip = 0;
		const char *cd;

		if (p[0] != '$') {
			buf_addch(&b, *p++);
			continue;
		}
		if (p[1] == '{' && strncmp(p + 2, var, sizeof(var) - 1) == 0 &&
		    p[sizeof(var) + 1] == '}')
			skip = sizeof(var) + 2;
		else if (strncmp(p + 1, var, sizeof(var) - 1) == 0 &&
		    !isalnum((unsigned char)p[sizeof(var)]) &&
		    p[sizeof(var)] != '_')
			skip = sizeof(var);
		if (skip == 0) {
			ydiag(d, DIAG_ERROR, v, "'%s' may only use "
			    "$CREDENTIALS_DIRECTORY", key);
			buf_release(&b);
			return NULL;
		}
		cd = getenv(var);
		/* unset outside the unit (check, status, hits...): keep the
		 * variable and expand it when the secret is read */
		if (cd == NULL || cd[0] == '\0')
			buf_addstr(&b, "${" "CREDENTIALS_DIRECTORY}");
		else
			buf_addstr(&b, cd);
		p += skip;
	}
	if (b.data[0] == '$') {
		res = buf_detach(&b, NULL);
		return res;
	}
	res = cfg_path_join(dir, b.data);
	buf_release(&b);
	return res;
}

/* a non-empty string at map[key] copied, else NULL */
char *
cfg_get_nonempty(const struct ynode *map, const char *key, struct diags *d)
{
	const struct ynode *v = yget_nonempty(map, key, d);

	return v ? xstrdup(v->str) : NULL;
}

/* unsigned from lo to hi at map[key] into *out when present */
void
cfg_get_uint(unsigned *out, const struct ynode *map, const char *key,
    unsigned lo, unsigned hi, struct diags *d)
{
	uint64_t v;

	if (ymap_get(map, key) == NULL)
		return;
	if (yget_uint(&v, map, key, hi, d) < 0)
		return;
	if (v < lo) {
		ydiag(d, DIAG_ERROR, ymap_get(map, key), "'%s' must be at "
		    "least %u", key, lo);
		return;
	}
	*out = (unsigned)v;
}

void
cfg_get_size(uint64_t *out, const struct ynode *map, const char *key,
    uint64_t hi, const char *hi_text, struct diags *d)
{
	uint64_t v;

	if (ymap_get(map, key) == NULL || yget_size(&v, map, key, d) < 0)
		return;
	if (v < 1024 || v > hi)
		ydiag(d, DIAG_ERROR, ymap_get(map, key), "'%s' must be from "
		    "1KB to %s", key, hi_text);
	else
		*out = v;
}

/* duration at least lo seconds */
void
cfg_get_duration(int64_t *out, const struct ynode *map, const char *key,
    int64_t lo, struct diags *d)
{
	int64_t v;

	if (ymap_get(map, key) == NULL)
		return;
	if (yget_duration(&v, map, key, d) < 0)
		return;
	if (v < lo) {
		ydiag(d, DIAG_ERROR, ymap_get(map, key), "'%s' must be at "
		    "least %llds", key, (long long)lo);
		return;
	}
	*out = v;
}

/* a string list with non-empty entries, copied; *out untouched if absent */
void
cfg_get_strv(char ***out, const struct ynode *map, const char *key,
    struct diags *d)
{
	const char **list = NULL;
	size_t n = 0;
	const struct ynode *v = ymap_get(map, key);

	if (v == NULL)
		return;
	if (yget_strlist(&list, &n, map, key, d) < 0) {
		free(list);
		return;
	}
	for (size_t i = 0; i < n; i++)
		if (list[i][0] == '\0') {
			ydiag(d, DIAG_ERROR, v, "'%s' must not hold empty "
			    "strings", key);
			free(list);
			return;
		}
	strv_free(*out);
	*out = strv_dupn(list, n);
	free(list);
}

/* "is a section present": absent or null counts as no */
static const struct ynode *
section(const struct ynode *root, const char *key, const char *what,
    const char *const *known, struct diags *d)
{
	const struct ynode *v = ymap_get(root, key);

	if (v == NULL || cfg_is_null(v))
		return NULL;
	if (ycheck_map(v, what, known, d) < 0 && v->kind != YNODE_MAP)
		return NULL;
	return v;
}

struct config *
config_new(void)
{
	struct config *cfg = xcalloc(1, sizeof(*cfg));

	cfg->dir = xstrdup(".");
	cfg->rules_dir = xstrdup("rules");
	cfg->feeds_dir = xstrdup("feeds");
	cfg->state_dir = xstrdup("state");
	cfg->fetch.concurrency = 32;
	cfg->fetch.per_host = 4;
	cfg->fetch.parse_workers = PARSE_WORKERS_AUTO;
	cfg->fetch.timeout = 30;
	cfg->fetch.connect_timeout = 10;
	cfg->fetch.max_bytes = 10 * 1024 * 1024;
	cfg->fetch.source_max_bytes = 64 * 1024 * 1024;
	cfg->fetch.source_max_items = 100000;
	cfg->fetch.user_agent = xstrdup(SIGWATCH_USER_AGENT);
	cfg->fetch.allow_private_addresses = 0;
	/* unset: every run fetches every source; the shipped sigwatch.yaml
	 * sets 1h for the timer (README, "every") */
	cfg->fetch.default_every = 0;
	cfg->alerts.first_run_alert = 0;
	cfg->alerts.broken_after = 3;
	cfg->alerts.max_age = 30 * 86400;
	{
		static const char *const en[] = { "en" };

		cfg->languages = strv_dupn(en, 1);
	}
	cfg->alerts.ops = NULL;
	cfg->state_git.retain = 730 * 86400;
	cfg->state_git.branch = xstrdup("main");
	return cfg;
}

/* the malloc'd strings of each config struct, for their release */
static const struct strfield source_strings[] = {
	STRFIELD(struct source, id), STRFIELD(struct source, url),
	STRFIELD(struct source, board), STRFIELD(struct source, competitor),
	STRFIELD(struct source, items_xpath),
	STRFIELD(struct source, title_xpath),
	STRFIELD(struct source, link_xpath),
	STRFIELD(struct source, date_xpath),
	STRFIELD(struct source, summary_xpath),
	STRFIELD(struct source, select_xpath),
	STRFIELD(struct source, maildir), STRFIELD(struct source, path),
};
static const struct strfield notifier_strings[] = {
	STRFIELD(struct notifier, name), STRFIELD(struct notifier, url_env),
	STRFIELD(struct notifier, url_file),
	STRFIELD(struct notifier, secret_env),
	STRFIELD(struct notifier, secret_file),
};
static const struct strfield config_strings[] = {
	STRFIELD(struct config, path), STRFIELD(struct config, dir),
	STRFIELD(struct config, rules_dir), STRFIELD(struct config, feeds_dir),
	STRFIELD(struct config, state_dir),
	STRFIELD(struct config, fetch.user_agent),
	STRFIELD(struct config, fetch.proxy),
	STRFIELD(struct config, fetch.proxy_auth_env),
	STRFIELD(struct config, fetch.proxy_auth_file),
	STRFIELD(struct config, alerts.report_url),
	STRFIELD(struct config, state_git.remote),
	STRFIELD(struct config, state_git.branch),
	STRFIELD(struct config, metrics_file),
};

static void
notifier_release(struct notifier *n)
{
	strfields_free(n, notifier_strings, NSTRFIELDS(notifier_strings));
}

void
cfg_source_release(struct source *s)
{
	strfields_free(s, source_strings, NSTRFIELDS(source_strings));
	strv_free(s->tags);
	strv_free(s->from);
	strv_free(s->headers);
	for (size_t i = 0; i < s->nheaders; i++) {
		free(s->header_refs[i].env);
		free(s->header_refs[i].file);
	}
	free(s->header_refs);
}

void
config_free(struct config *cfg)
{
	if (cfg == NULL)
		return;
	strfields_free(cfg, config_strings, NSTRFIELDS(config_strings));
	strv_free(cfg->fetch.no_proxy);
	strv_free(cfg->alerts.ops);
	strv_free(cfg->languages);
	for (size_t i = 0; i < cfg->alerts.nnotifiers; i++)
		notifier_release(&cfg->alerts.notifiers[i]);
	free(cfg->alerts.notifiers);
	for (size_t i = 0; i < cfg->nsources; i++)
		cfg_source_release(&cfg->sources[i]);
	free(cfg->sources);
	free(cfg);
}

const char *
source_kind_name(enum source_kind k)
{
	if ((unsigned)k >= sizeof(cfg_kind_names) / sizeof(cfg_kind_names[0]) - 1)
		return "unknown";
	return cfg_kind_names[k];
}

/* one field of a source definition, length-prefixed so "ab"+"c" and
 * "a"+"bc" differ */
static void
rev_add(struct buf *b, const char *s)
{
	buf_addf(b, "%zu:%s;", s ? strlen(s) : (size_t)0, s ? s : "");
}

void
config_source_rev(const struct source *s, char out[17])
{
	struct buf b = BUF_INIT;
	char hex[65];

	buf_addf(&b, "%d;%u;", (int)s->kind, s->min_items);
	rev_add(&b, s->url);
	rev_add(&b, s->board);
	rev_add(&b, s->items_xpath);
	rev_add(&b, s->title_xpath);
	rev_add(&b, s->link_xpath);
	rev_add(&b, s->date_xpath);
	rev_add(&b, s->summary_xpath);
	rev_add(&b, s->select_xpath);
	for (size_t i = 0; i < s->nheaders; i++) {
		rev_add(&b, s->headers[i]);
		rev_add(&b, s->header_refs[i].env);
		rev_add(&b, s->header_refs[i].file);
	}
	sha256_hex(hex, b.data ? b.data : "", b.len);
	memcpy(out, hex, 16);
	out[16] = '\0';
	buf_release(&b);
}

int
source_kind_board(enum source_kind k)
{
	return k == KIND_GREENHOUSE || k == KIND_LEVER || k == KIND_ASHBY ||
	    k == KIND_WORKDAY;
}

const struct source *
config_source(const struct config *cfg, const char *id)
{
	for (size_t i = 0; i < cfg->nsources; i++)
		if (strcmp(cfg->sources[i].id, id) == 0)
			return &cfg->sources[i];
	return NULL;
}

const struct notifier *
config_notifier(const struct config *cfg, const char *name)
{
	for (size_t i = 0; i < cfg->alerts.nnotifiers; i++)
		if (strcmp(cfg->alerts.notifiers[i].name, name) == 0)
			return &cfg->alerts.notifiers[i];
	return NULL;
}

static void
parse_paths(struct config *cfg, const struct ynode *root, struct diags *d)
{
	static const char *const keys[] = { "rules", "feeds", "state" };
	char **dst[] = { &cfg->rules_dir, &cfg->feeds_dir, &cfg->state_dir };
	char *s;

	for (size_t i = 0; i < 3; i++) {
		s = cfg_get_nonempty(root, keys[i], d);
		if (s == NULL)
			continue;
		free(*dst[i]);
		*dst[i] = cfg_path_join(cfg->dir, s);
		free(s);
	}
	s = cfg_get_nonempty(root, "metrics_file", d);
	if (s != NULL) {
		cfg->metrics_file = cfg_path_join(cfg->dir, s);
		free(s);
	}
}

/* env-name key (notifiers, fetch.proxy_auth_env) */
static char *
get_env_name(const struct ynode *map, const char *key, struct diags *d)
{
	const struct ynode *v = yget_scalar(map, key, d);

	if (v == NULL)
		return NULL;
	if (!cfg_valid_env_name(v->str)) {
		ydiag(d, DIAG_ERROR, v, "'%s' must be an environment variable "
		    "name, not '%s'", key, v->str);
		return NULL;
	}
	return xstrdup(v->str);
}

/*
 * fetch.proxy: http:// or https://, a host and a port, nothing else. The
 * message never quotes the URL: it may hold a password by mistake.
 */
static int
proxy_url_check(const char *url, struct err *err)
{
	CURLU *u = NULL;
	char *part = NULL;
	int rc;

	if ((rc = url_check(url, err)) < 0)
		return rc;
	u = xalloc_check(curl_url());
	if (curl_url_set(u, CURLUPART_URL, url, 0) != CURLUE_OK)
		BUG("URL checked but does not parse");
	if (curl_url_get(u, CURLUPART_USER, &part, 0) == CURLUE_OK)
		rc = err_set(err, ERR_CONFIG, "the URL must not hold "
		    "credentials; put user:password in the file named by "
		    "proxy_auth_file (or the variable named by "
		    "proxy_auth_env)");
	else if (curl_url_get(u, CURLUPART_PORT, &part, 0) != CURLUE_OK)
		rc = err_set(err, ERR_CONFIG, "the URL needs a port, as in "
		    "http://proxy.example:3128");
	else {
		curl_free(part);
		part = NULL;
		if (curl_url_get(u, CURLUPART_PATH, &part, 0) == CURLUE_OK &&
		    strcmp(part, "/") != 0)
			rc = -1;
		curl_free(part);
		part = NULL;
		if (curl_url_get(u, CURLUPART_QUERY, &part, 0) == CURLUE_OK)
			rc = -1;
		curl_free(part);
		part = NULL;
		if (curl_url_get(u, CURLUPART_FRAGMENT, &part, 0) == CURLUE_OK)
			rc = -1;
		if (rc < 0)
			rc = err_set(err, ERR_CONFIG, "the URL must be only "
			    "scheme, host and port");
	}
	curl_free(part);
	curl_url_cleanup(u);
	return rc;
}

/* a no_proxy entry: a host name, optionally "*." or "." first (the same
 * as without), or an IP address (IPv6 with or without brackets) */
static int
no_proxy_entry_ok(const char *e)
{
	const char *p = e;
	int colons = 0;

	if (e[0] == '*' && e[1] == '.')
		p += 2;
	else if (e[0] == '.')
		p++;
	if (*p == '\0' || strlen(p) > 253)
		return 0;
	if (*p == '[') {
		size_t n = strlen(p);

		if (n < 3 || p[n - 1] != ']')
			return 0;
		for (const char *q = p + 1; q < p + n - 1; q++)
			if (!isxdigit((unsigned char)*q) && *q != ':' &&
			    *q != '.')
				return 0;
		return 1;
	}
	for (; *p; p++) {
		if (*p == ':')
			colons++;
		else if (!isalnum((unsigned char)*p) && *p != '-' &&
		    *p != '.')
			return 0;
	}
	/* colons only in an IPv6 address (no ports) */
	if (colons > 0)
		for (p = e; *p; p++)
			if (!isxdigit((unsigned char)*p) && *p != ':' &&
			    *p != '.')
				return 0;
	return 1;
}

static void
parse_proxy(struct config *cfg, const struct ynode *f, struct diags *d)
{
	const struct ynode *v, *k;
	struct err e = ERR_INIT;

	if ((v = yget_scalar(f, "proxy", d)) != NULL) {
		if (proxy_url_check(v->str, &e) < 0)
			ydiag(d, DIAG_ERROR, v, "'proxy': %s", e.msg);
		else
			cfg->fetch.proxy = xstrdup(v->str);
	}
	cfg->fetch.proxy_auth_env = get_env_name(f, "proxy_auth_env", d);
	if ((v = yget_scalar(f, "proxy_auth_file", d)) != NULL)
		cfg->fetch.proxy_auth_file = cfg_expand_path(v, "proxy_auth_file",
		    cfg->dir, d);
	if (ymap_get(f, "proxy_auth_env") && ymap_get(f, "proxy_auth_file"))
		ydiag(d, DIAG_ERROR, key_node(f, "proxy_auth_file"),
		    "fetch sets both proxy_auth_env and proxy_auth_file; "
		    "use one");
	cfg_get_strv(&cfg->fetch.no_proxy, f, "no_proxy", d);
	for (size_t i = 0; cfg->fetch.no_proxy != NULL &&
	    cfg->fetch.no_proxy[i] != NULL; i++)
		if (!no_proxy_entry_ok(cfg->fetch.no_proxy[i]))
			ydiag(d, DIAG_ERROR, ymap_get(f, "no_proxy"),
			    "'no_proxy': '%s' is not a host name or an IP "
			    "address", cfg->fetch.no_proxy[i]);
	if (ymap_get(f, "proxy") == NULL) {
		static const char *const need[] = {
			"proxy_auth_env", "proxy_auth_file", "no_proxy", NULL
		};

		for (size_t i = 0; need[i] != NULL; i++)
			if ((k = key_node(f, need[i])) != NULL)
				ydiag(d, DIAG_ERROR, k, "'%s' needs 'proxy'",
				    need[i]);
	}
}

static void
parse_fetch(struct config *cfg, const struct ynode *root, struct diags *d)
{
	const struct ynode *f = section(root, "fetch", "fetch", fetch_keys, d);
	const struct ynode *v;

	if (f == NULL)
		return;
	cfg_get_uint(&cfg->fetch.concurrency, f, "concurrency", 1, 1024, d);
	cfg_get_uint(&cfg->fetch.per_host, f, "per_host", 1, 256, d);
	cfg_get_uint(&cfg->fetch.parse_workers, f, "parse_workers", 0, 64, d);
	cfg_get_duration(&cfg->fetch.timeout, f, "timeout", 1, d);
	cfg_get_duration(&cfg->fetch.connect_timeout, f, "connect_timeout", 1, d);
	cfg_get_size(&cfg->fetch.max_bytes, f, "max_bytes",
	    (uint64_t)1024 * 1024 * 1024, "1GB", d);
	v = yget_scalar(f, "user_agent", d);
	if (v != NULL) {
		int bad = v->str[0] == '\0';

		for (size_t i = 0; v->str[i]; i++)
			if ((unsigned char)v->str[i] < 0x20 ||
			    v->str[i] == 0x7f)
				bad = 1;
		if (bad)
			ydiag(d, DIAG_ERROR, v, "'user_agent' must be a "
			    "non-empty single line");
		else {
			free(cfg->fetch.user_agent);
			cfg->fetch.user_agent = xstrdup(v->str);
		}
	}
	(void)yget_bool(&cfg->fetch.allow_private_addresses, f,
	    "allow_private_addresses", d);
	cfg_get_size(&cfg->fetch.source_max_bytes, f, "source_max_bytes",
	    (uint64_t)16 * 1024 * 1024 * 1024, "16GB", d);
	cfg_get_uint(&cfg->fetch.source_max_items, f, "source_max_items", 1,
	    1000000, d);
	cfg_get_duration(&cfg->fetch.default_every, f, "default_every", 0, d);
	parse_proxy(cfg, f, d);
}

static void
parse_notifier(struct config *cfg, const struct ynode *n, struct diags *d)
{
	struct notifier nf;
	const struct ynode *v, *k;
	char *name = NULL;
	int type = -1, ok = 1;

	memset(&nf, 0, sizeof(nf));
	nf.min_severity = SEV_INFO;
	if (ycheck_map(n, "notifier", notifier_keys, d) < 0 &&
	    n->kind != YNODE_MAP)
		return;
	v = yget_scalar(n, "name", d);
	if (v == NULL) {
		if (ymap_get(n, "name") == NULL)
			ymissing(n, "name", "notifier", d);
		ok = 0;
	} else {
		int good = v->str[0] != '\0' && strlen(v->str) <= CONFIG_MAX_ID;

		for (size_t i = 0; v->str[i]; i++)
			if (!isalnum((unsigned char)v->str[i]) &&
			    strchr("-_.", v->str[i]) == NULL)
				good = 0;
		if (!good) {
			ydiag(d, DIAG_ERROR, v, "invalid notifier name '%s' "
			    "(use letters, digits, '-', '_' and '.')", v->str);
			ok = 0;
		} else if (config_notifier(cfg, v->str) != NULL) {
			ydiag(d, DIAG_ERROR, v, "duplicate notifier name '%s'",
			    v->str);
			ok = 0;
		} else
			name = xstrdup(v->str);
	}
	if ((type = cfg_get_enum(n, "type", "notifier", notifier_types,
	    "notifier type", "slack, webhook or stdout", NULL, d)) < 0)
		ok = 0;
	nf.url_env = get_env_name(n, "url_env", d);
	if ((v = yget_scalar(n, "url_file", d)) != NULL)
		nf.url_file = cfg_expand_path(v, "url_file", cfg->dir, d);
	nf.secret_env = get_env_name(n, "secret_env", d);
	if ((v = yget_scalar(n, "secret_file", d)) != NULL)
		nf.secret_file = cfg_expand_path(v, "secret_file", cfg->dir, d);
	if (type == NOTIFY_STDOUT) {
		static const char *const na[] = {
			"url_env", "url_file", "secret_env", "secret_file", NULL
		};

		for (size_t i = 0; na[i]; i++)
			if ((k = key_node(n, na[i])) != NULL)
				ydiag(d, DIAG_ERROR, k, "'%s' does not apply to "
				    "stdout notifiers", na[i]);
	} else if (type >= 0) {
		int has_env = ymap_get(n, "url_env") != NULL;
		int has_file = ymap_get(n, "url_file") != NULL;

		if (has_env && has_file)
			ydiag(d, DIAG_ERROR, key_node(n, "url_file"),
			    "notifier '%s' sets both url_env and url_file; "
			    "use one", name ? name : "?");
		else if (!has_env && !has_file)
			ydiag(d, DIAG_ERROR, n, "notifier '%s' needs url_env "
			    "or url_file", name ? name : "?");
		if (ymap_get(n, "secret_env") && ymap_get(n, "secret_file"))
			ydiag(d, DIAG_ERROR, key_node(n, "secret_file"),
			    "notifier '%s' sets both secret_env and "
			    "secret_file; use one", name ? name : "?");
		if (type == NOTIFY_SLACK) {
			if ((k = key_node(n, "secret_env")) != NULL ||
			    (k = key_node(n, "secret_file")) != NULL)
				ydiag(d, DIAG_ERROR, k, "'%s' does not apply "
				    "to slack notifiers", k->str);
		}
	}
	if ((v = yget_scalar(n, "min_severity", d)) != NULL) {
		int s = severity_parse(v->str);

		if (s < 0)
			ydiag(d, DIAG_ERROR, v, "unknown severity '%s' (use "
			    "info, low, medium, high or critical)", v->str);
		else
			nf.min_severity = s;
	}
	cfg_get_uint(&nf.max_per_run, n, "max_per_run", 1, 10000, d);
	cfg_get_duration(&nf.timeout, n, "timeout", 1, d);
	cfg_get_uint(&nf.max_attempts, n, "max_attempts", 1, 10000, d);
	cfg_get_duration(&nf.max_age, n, "max_age", 60, d);
	if (!ok) {
		free(name);
		notifier_release(&nf);
		return;
	}
	nf.name = name;
	nf.type = (enum notifier_type)type;
	cfg->alerts.notifiers = xreallocarray(cfg->alerts.notifiers,
	    cfg->alerts.nnotifiers + 1, sizeof(*cfg->alerts.notifiers));
	cfg->alerts.notifiers[cfg->alerts.nnotifiers++] = nf;
}

/* is name the name of some entry of the notifiers list, valid or not
 * (an invalid notifier already has its diagnostic: do not cascade) */
static int
declared(const struct ynode *list, const char *name)
{
	if (list == NULL || list->kind != YNODE_SEQ)
		return 0;
	for (size_t i = 0; i < list->n; i++) {
		const struct ynode *v = ymap_get(list->kids[i], "name");

		if (v != NULL && v->kind == YNODE_SCALAR &&
		    strcmp(v->str, name) == 0)
			return 1;
	}
	return 0;
}

static void
parse_alerts(struct config *cfg, const struct ynode *root, struct diags *d)
{
	const struct ynode *a = section(root, "alerts", "alerts", alerts_keys,
	    d);
	const struct ynode *v;
	const char **names;
	size_t nnames;

	if (a == NULL)
		return;
	if ((v = yget_scalar(a, "first_run", d)) != NULL) {
		if (strcmp(v->str, "baseline") == 0)
			cfg->alerts.first_run_alert = 0;
		else if (strcmp(v->str, "alert") == 0)
			cfg->alerts.first_run_alert = 1;
		else
			ydiag(d, DIAG_ERROR, v, "'first_run' must be baseline "
			    "or alert, not '%s'", v->str);
	}
	cfg_get_uint(&cfg->alerts.broken_after, a, "broken_after", 1, 1000, d);
	if ((v = yget_scalar(a, "report_url", d)) != NULL && v->str[0] != '\0') {
		struct err e = ERR_INIT;

		/* shown in digests as a link: http(s) only */
		if (url_check(v->str, &e) < 0)
			ydiag(d, DIAG_ERROR, v, "'report_url': %s", e.msg);
		else
			cfg->alerts.report_url = xstrdup(v->str);
	}
	cfg_get_duration(&cfg->alerts.max_age, a, "max_age", 0, d);
	v = ymap_get(a, "notifiers");
	if (v != NULL && !cfg_is_null(v)) {
		if (v->kind != YNODE_SEQ)
			ydiag(d, DIAG_ERROR, v, "'notifiers' must be a list, "
			    "not %s", ynode_kind_name(v));
		else
			for (size_t i = 0; i < v->n; i++)
				parse_notifier(cfg, v->kids[i], d);
	}
	v = ymap_get(a, "ops");
	if (v == NULL)
		return;
	if (v->kind == YNODE_MAP) {
		ydiag(d, DIAG_ERROR, v, "'ops' must be a list of notifier "
		    "names, not a map");
		return;
	}
	nnames = 0;
	names = xcalloc(v->kind == YNODE_SEQ ? v->n + 1 : 2, sizeof(*names));
	for (size_t i = 0; i < (v->kind == YNODE_SEQ ? v->n : 1); i++) {
		const struct ynode *e = v->kind == YNODE_SEQ ? v->kids[i] : v;

		if (e->kind != YNODE_SCALAR) {
			ydiag(d, DIAG_ERROR, e, "items of 'ops' must be "
			    "notifier names, not %s", ynode_kind_name(e));
			continue;
		}
		if (config_notifier(cfg, e->str) == NULL &&
		    !declared(ymap_get(a, "notifiers"), e->str)) {
			const char **cand = xcalloc(cfg->alerts.nnotifiers + 1,
			    sizeof(*cand));
			const char *hint;

			for (size_t j = 0; j < cfg->alerts.nnotifiers; j++)
				cand[j] = cfg->alerts.notifiers[j].name;
			hint = diag_suggest(e->str, cand);
			if (hint)
				ydiag(d, DIAG_ERROR, e, "unknown notifier "
				    "'%s' in ops; did you mean '%s'?", e->str,
				    hint);
			else
				ydiag(d, DIAG_ERROR, e, "unknown notifier "
				    "'%s' in ops", e->str);
			free(cand);
			continue;
		}
		names[nnames++] = e->str;
	}
	cfg->alerts.ops = strv_dupn(names, nnames);
	free(names);
}

/*
 * Where the password of url starts (libcurl's URL API, any scheme), or -1
 * when it has none. "git@host:path" (scp style) does not parse as a URL
 * and cannot carry a password.
 */
static long
url_password_at(const char *url)
{
	CURLU *u = xalloc_check(curl_url());
	char *pw = NULL;
	const char *auth, *at;
	long off = -1;

	if (curl_url_set(u, CURLUPART_URL, url, CURLU_NON_SUPPORT_SCHEME) ==
	    CURLUE_OK && curl_url_get(u, CURLUPART_PASSWORD, &pw, 0) ==
	    CURLUE_OK && pw != NULL) {
		/* the column: after the first ':' of the user info */
		auth = strstr(url, "://");
		auth = auth ? auth + 3 : url;
		at = strchr(auth, '@');
		off = (long)(auth - url);
		while (at && auth + 1 < at && *auth != ':')
			auth++;
		if (at && *auth == ':')
			off = (long)(auth + 1 - url);
	}
	curl_free(pw);
	curl_url_cleanup(u);
	return off;
}

/*
 * state_git.branch: a plain branch name (git check-ref-format's rules, a
 * little stricter: [A-Za-z0-9._/-], no "..", no leading '-' or '/', no
 * trailing '/', '.' or ".lock", no "//").
 */
static void
parse_branch(struct config *cfg, const struct ynode *g, struct diags *d)
{
	const struct ynode *v = yget_scalar(g, "branch", d);
	const char *b;
	size_t n;
	int ok;

	if (v == NULL)
		return;
	b = v->str;
	n = strlen(b);
	ok = n > 0 && n <= 200 && b[0] != '-' && b[0] != '/' &&
	    b[n - 1] != '/' && b[n - 1] != '.' && strstr(b, "..") == NULL &&
	    strstr(b, "//") == NULL && strstr(b, "/.") == NULL &&
	    b[0] != '.' && (n < 5 || strcmp(b + n - 5, ".lock") != 0);
	for (size_t i = 0; ok && i < n; i++)
		if (!isalnum((unsigned char)b[i]) && strchr("._/-", b[i]) == NULL)
			ok = 0;
	if (!ok) {
		ydiag(d, DIAG_ERROR, v, "invalid branch name '%s'", b);
		return;
	}
	free(cfg->state_git.branch);
	cfg->state_git.branch = xstrdup(b);
}

static void
parse_state_git(struct config *cfg, const struct ynode *root,
    struct diags *d)
{
	const struct ynode *g = section(root, "state_git", "state_git",
	    git_keys, d);
	const struct ynode *v;
	long off;

	if (g == NULL)
		return;
	if ((v = yget_scalar(g, "remote", d)) != NULL && v->str[0] != '\0') {
		for (size_t i = 0; v->str[i]; i++)
			if ((unsigned char)v->str[i] < 0x20) {
				ydiag(d, DIAG_ERROR, v, "'remote' must be a "
				    "single line");
				return;
			}
		/* every push would fail, and the password would sit in the
		 * config file: the credentials file is the way */
		if ((off = url_password_at(v->str)) >= 0) {
			diag_add(d, DIAG_ERROR, v->path, v->line,
			    ynode_col_at(v, (size_t)off), "'remote' must not "
			    "hold a password; put the user name and the password "
			    "or token on two lines of a file named by "
			    "$SIGWATCH_GIT_CREDENTIALS (see sigwatch(1))");
			return;
		}
		cfg->state_git.remote = xstrdup(v->str);
	}
	cfg_get_duration(&cfg->state_git.retain, g, "retain", 86400, d);
	parse_branch(cfg, g, d);
}

/* languages: [en, de] or any */
static void
parse_languages(struct config *cfg, const struct ynode *root,
    struct diags *d)
{
	const struct ynode *v = ymap_get(root, "languages");
	size_t n, o = 0;
	char **list;

	if (v == NULL)
		return;
	if (v->kind == YNODE_SCALAR && strcmp(v->str, "any") == 0) {
		strv_free(cfg->languages);
		cfg->languages = NULL;
		return;
	}
	if (v->kind == YNODE_MAP || (v->kind == YNODE_SEQ && v->n == 0)) {
		ydiag(d, DIAG_ERROR, v, "'languages' must be a list of "
		    "language codes or 'any'");
		return;
	}
	n = v->kind == YNODE_SEQ ? v->n : 1;
	list = xcalloc(n + 1, sizeof(*list));
	for (size_t i = 0; i < n; i++) {
		const struct ynode *e = v->kind == YNODE_SEQ ? v->kids[i] : v;

		if (e->kind != YNODE_SCALAR || !lang_code_valid(e->str)) {
			ydiag(d, DIAG_ERROR, e, "invalid language '%s' (use "
			    "ISO 639 codes such as en or de, or any)",
			    e->kind == YNODE_SCALAR ? e->str : "");
			continue;
		}
		list[o++] = xstrdup(e->str);
	}
	strv_free(cfg->languages);
	cfg->languages = list;
}

static void
parse_config(struct config *cfg, const struct ynode *root, struct diags *d)
{
	if (cfg_is_null(root))
		return;
	if (ycheck_map(root, "configuration", top_keys, d) < 0 &&
	    root->kind != YNODE_MAP)
		return;
	parse_paths(cfg, root, d);
	parse_fetch(cfg, root, d);
	parse_alerts(cfg, root, d);
	parse_state_git(cfg, root, d);
	parse_languages(cfg, root, d);
}

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int
config_list_yaml(char ***out, size_t *np, const char *dir, struct err *err)
{
	DIR *dp;
	struct dirent *de;
	char **v = NULL;
	size_t n = 0, alloc = 0;

	*out = NULL;
	*np = 0;
	dp = opendir(dir);
	if (dp == NULL)
		return err_set(err, errno == ENOENT ? ERR_NOTFOUND : ERR_IO,
		    "cannot open directory %s: %s", dir, strerror(errno));
	while ((de = readdir(dp)) != NULL) {
		size_t l = strlen(de->d_name);
		struct stat st;
		char *p;

		if (de->d_name[0] == '.' || l < 6 ||
		    strcmp(de->d_name + l - 5, ".yaml") != 0)
			continue;
		p = cfg_path_join(dir, de->d_name);
		if (stat(p, &st) < 0 || !S_ISREG(st.st_mode)) {
			free(p);
			continue;
		}
		if (n + 1 >= alloc) {
			alloc = alloc ? alloc * 2 : 16;
			v = xreallocarray(v, alloc, sizeof(*v));
		}
		v[n++] = p;
	}
	closedir(dp);
	if (v == NULL)
		v = xcalloc(1, sizeof(*v));
	v[n] = NULL;
	qsort(v, n, sizeof(*v), cmp_str);
	*out = v;
	*np = n;
	return 0;
}

int
config_load(struct config **out, const char *path,
    const struct config_overrides *ov, struct diags *d)
{
	if (config_load_partial(out, path, ov, d) == 0)
		return 0;
	config_free(*out);
	*out = NULL;
	return -1;
}

int
config_load_partial(struct config **out, const char *path,
    const struct config_overrides *ov, struct diags *d)
{
	struct config *cfg = config_new();
	struct err e = ERR_INIT;
	struct ydocs docs;
	char *data = NULL, **files = NULL;
	size_t len = 0, nfiles = 0, errs0 = d->errors;

	memset(&docs, 0, sizeof(docs));
	*out = NULL;
	if (path != NULL) {
		cfg->path = xstrdup(path);
		free(cfg->dir);
		cfg->dir = dir_of(path);
		free(cfg->rules_dir);
		free(cfg->feeds_dir);
		free(cfg->state_dir);
		cfg->rules_dir = cfg_path_join(cfg->dir, "rules");
		cfg->feeds_dir = cfg_path_join(cfg->dir, "feeds");
		cfg->state_dir = cfg_path_join(cfg->dir, "state");
		if (diag_read_file(&data, &len, path, CONFIG_MAX_FILE, d) < 0) {
			/* nothing else can be located without it */
			config_free(cfg);
			return -1;
		} else if (ytree_parse(&docs, path, data, len, d) == 0) {
			for (size_t i = 1; i < docs.ndocs; i++)
				if (docs.docs[i] != NULL) {
					ydiag(d, DIAG_ERROR, docs.docs[i],
					    "the configuration is one YAML "
					    "document");
					break;
				}
			if (docs.ndocs > 0 && docs.docs[0] != NULL)
				parse_config(cfg, docs.docs[0], d);
		}
	}
	if (ov != NULL) {
		if (ov->state_dir) {
			free(cfg->state_dir);
			cfg->state_dir = xstrdup(ov->state_dir);
		}
		if (ov->rules_dir) {
			free(cfg->rules_dir);
			cfg->rules_dir = xstrdup(ov->rules_dir);
		}
		if (ov->feeds_dir) {
			free(cfg->feeds_dir);
			cfg->feeds_dir = xstrdup(ov->feeds_dir);
		}
	}
	if (config_list_yaml(&files, &nfiles, cfg->feeds_dir, &e) < 0)
		diag_add(d, DIAG_ERROR, cfg->feeds_dir, 0, 0, "%s", e.msg);
	for (size_t i = 0; i < nfiles; i++)
		(void)config_load_feeds_file(cfg, files[i], d);
	strv_free(files);
	ydocs_release(&docs);
	free(data);
	*out = cfg;
	return d->errors > errs0 ? -1 : 0;
}
