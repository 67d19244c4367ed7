/* config.c: sigwatch.yaml and feeds/NAME.yaml, see DESIGN.md sections 3-4 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "config.h"
#include "url.h"
#include "err.h"
#include "t.h"

#define FIX "tests/fixtures/config"

/* every diagnostic as diag_print() writes it; malloc'd */
static char *
diag_text(const struct diags *d)
{
	char *s = NULL;
	size_t n = 0;
	FILE *fp = open_memstream(&s, &n);

	diag_print(d, fp);
	fclose(fp);
	return s;
}

static void
write_file(const char *path, const char *text)
{
	FILE *fp = fopen(path, "w");

	T_ASSERT(fp != NULL);
	if (fp == NULL)
		return;
	fputs(text, fp);
	fclose(fp);
}

/*
 * A scratch config directory: dir/sigwatch.yaml holding cfg_text and
 * dir/feeds/a.yaml holding feeds_text. dir is filled in (PATH_MAX).
 */
static void
scratch(char *dir, const char *cfg_text, const char *feeds_text)
{
	char p[PATH_MAX];

	snprintf(dir, PATH_MAX, "/tmp/sigwatch-test-config.XXXXXX");
	T_ASSERT(mkdtemp(dir) != NULL);
	snprintf(p, sizeof(p), "%.200s/sigwatch.yaml", dir);
	write_file(p, cfg_text);
	snprintf(p, sizeof(p), "%.200s/feeds", dir);
	mkdir(p, 0700);
	snprintf(p, sizeof(p), "%.200s/feeds/a.yaml", dir);
	write_file(p, feeds_text);
}

static void
scratch_rm(const char *dir)
{
	char p[PATH_MAX];

	snprintf(p, sizeof(p), "%.200s/feeds/a.yaml", dir);
	unlink(p);
	snprintf(p, sizeof(p), "%.200s/feeds", dir);
	rmdir(p);
	snprintf(p, sizeof(p), "%.200s/sigwatch.yaml", dir);
	unlink(p);
	rmdir(dir);
}

/* load a scratch config and return its diagnostics text (malloc'd) */
static char *
scratch_diags(const char *cfg_text, const char *feeds_text, int *rc)
{
	char dir[PATH_MAX], p[PATH_MAX], *text;
	struct diags d = DIAGS_INIT;
	struct config *cfg = NULL;

	scratch(dir, cfg_text, feeds_text);
	snprintf(p, sizeof(p), "%.200s/sigwatch.yaml", dir);
	*rc = config_load(&cfg, p, NULL, &d);
	text = diag_text(&d);
	config_free(cfg);
	diags_release(&d);
	scratch_rm(dir);
	/* paths differ per run: keep only "sigwatch.yaml:..." / "a.yaml:..." */
	return text;
}

static const char minimal_feed[] =
    "sources:\n  - id: x\n    kind: feed\n    url: https://example.org/\n";

static void
test_config__defaults(void)
{
	struct diags d = DIAGS_INIT;
	struct config *cfg = NULL;
	char cwd[PATH_MAX];

	T_ASSERT(getcwd(cwd, sizeof(cwd)) != NULL);
	T_ASSERT(chdir(FIX "/defaults") == 0);
	T_EQ_INT(config_load(&cfg, NULL, NULL, &d), 0);
	T_ASSERT(chdir(cwd) == 0);
	T_EQ_INT(d.n, 0);
	T_ASSERT(cfg != NULL);
	if (cfg == NULL)
		return;
	T_ASSERT(cfg->path == NULL);
	T_EQ_STR(cfg->rules_dir, "rules");
	T_EQ_STR(cfg->feeds_dir, "feeds");
	T_EQ_STR(cfg->state_dir, "state");
	T_EQ_INT(cfg->fetch.concurrency, 32);
	T_EQ_INT(cfg->fetch.per_host, 4);
	T_EQ_INT(cfg->fetch.timeout, 30);
	T_EQ_INT(cfg->fetch.connect_timeout, 10);
	T_EQ_INT(cfg->fetch.max_bytes, 10 * 1024 * 1024);
	T_EQ_STR(cfg->fetch.user_agent,
	    "sigwatch/0.1 (+https://github.com/sigwatch/sigwatch)");
	T_EQ_INT(cfg->fetch.allow_private_addresses, 0);
	T_EQ_INT(cfg->fetch.default_every, 0);
	T_EQ_INT(cfg->alerts.first_run_alert, 0);
	T_EQ_INT(cfg->alerts.broken_after, 3);
	T_ASSERT(cfg->alerts.ops == NULL);
	T_EQ_INT(cfg->alerts.nnotifiers, 0);
	T_ASSERT(cfg->state_git.remote == NULL);
	T_EQ_INT(cfg->state_git.retain, 730 * 86400);
	T_ASSERT(cfg->metrics_file == NULL);
	T_EQ_INT(cfg->nsources, 1);
	T_EQ_STR(cfg->sources[0].id, "one");
	T_EQ_STR(cfg->sources[0].path, "feeds/one.yaml");
	T_EQ_INT(cfg->sources[0].every, 0);
	T_ASSERT(cfg->sources[0].tags != NULL && cfg->sources[0].tags[0] ==
	    NULL);
	T_ASSERT(cfg->sources[0].competitor == NULL);
	config_free(cfg);
	diags_release(&d);
	T_EQ_STR(SIGWATCH_VERSION, "0.1.0");
}

static void
test_config__full(void)
{
	struct diags d = DIAGS_INIT;
	struct config *cfg = NULL;
	const struct source *s;
	const struct notifier *n;

	T_EQ_INT(config_load(&cfg, FIX "/full/sigwatch.yaml", NULL, &d), 0);
	T_EQ_INT(d.n, 0);
	T_ASSERT(cfg != NULL);
	if (cfg == NULL)
		return;
	T_EQ_STR(cfg->path, FIX "/full/sigwatch.yaml");
	T_EQ_STR(cfg->dir, FIX "/full");
	T_EQ_STR(cfg->rules_dir, FIX "/full/my-rules");
	T_EQ_STR(cfg->feeds_dir, FIX "/full/feeds");
	T_EQ_STR(cfg->state_dir, "/var/lib/sigwatch/state");
	T_EQ_STR(cfg->metrics_file, FIX "/full/metrics/sigwatch.prom");
	T_EQ_INT(cfg->fetch.concurrency, 8);
	T_EQ_INT(cfg->fetch.per_host, 2);
	T_EQ_INT(cfg->fetch.timeout, 60);
	T_EQ_INT(cfg->fetch.connect_timeout, 5);
	T_EQ_INT(cfg->fetch.max_bytes, 512 * 1024);
	T_EQ_STR(cfg->fetch.user_agent, "test-agent/1.0");
	T_EQ_INT(cfg->fetch.allow_private_addresses, 1);
	T_EQ_INT(cfg->fetch.default_every, 7200);
	T_EQ_INT(cfg->alerts.first_run_alert, 1);
	T_EQ_INT(cfg->alerts.broken_after, 5);
	T_ASSERT(cfg->alerts.ops != NULL);
	if (cfg->alerts.ops) {
		T_EQ_STR(cfg->alerts.ops[0], "ops-hook");
		T_ASSERT(cfg->alerts.ops[1] == NULL);
	}
	T_EQ_STR(cfg->state_git.remote, "git@example.org:intel/state.git");
	T_EQ_INT(cfg->state_git.retain, 365 * 86400);

	T_EQ_INT(cfg->alerts.nnotifiers, 3);
	n = config_notifier(cfg, "slack");
	T_ASSERT(n != NULL);
	if (n) {
		T_EQ_INT(n->type, NOTIFY_SLACK);
		T_EQ_STR(n->url_env, "SIGWATCH_TEST_SLACK_URL");
		T_ASSERT(n->url_file == NULL);
		T_EQ_INT(n->min_severity, 3);	/* high */
		T_EQ_INT(n->max_per_run, 10);
	}
	n = config_notifier(cfg, "ops-hook");
	T_ASSERT(n != NULL);
	if (n) {
		T_EQ_INT(n->type, NOTIFY_WEBHOOK);
		T_EQ_STR(n->url_file, FIX "/full/secrets/ops-url");
		T_EQ_STR(n->secret_env, "SIGWATCH_TEST_HMAC");
		T_EQ_INT(n->min_severity, 0);
		T_EQ_INT(n->max_per_run, 0);
	}
	n = config_notifier(cfg, "console");
	T_ASSERT(n != NULL && n->type == NOTIFY_STDOUT);
	T_ASSERT(config_notifier(cfg, "nope") == NULL);

	T_EQ_INT(cfg->nsources, 8);
	/* files in name order, sources in file order */
	T_EQ_STR(cfg->sources[0].id, "cloudflare-blog");
	T_EQ_STR(cfg->sources[4].id, "acme-lever");
	s = config_source(cfg, "cloudflare-blog");
	T_ASSERT(s != NULL);
	if (s) {
		T_EQ_INT(s->kind, KIND_FEED);
		T_EQ_STR(s->url, "https://blog.cloudflare.com/rss/");
		T_EQ_STR(s->competitor, "cloudflare");
		T_EQ_STR(s->tags[0], "blog");
		T_ASSERT(s->tags[1] == NULL);
		T_EQ_INT(s->every, 3600);
		T_EQ_STR(s->path, FIX "/full/feeds/10-cloudflare.yaml");
		T_EQ_INT(s->line, 4);
		T_EQ_INT(s->col, 5);
	}
	s = config_source(cfg, "cloudflare-jobs");
	T_ASSERT(s != NULL);
	if (s) {
		T_EQ_INT(s->kind, KIND_GREENHOUSE);
		T_EQ_STR(s->board, "cloudflare");
		T_EQ_STR(s->url, "https://boards-api.greenhouse.io/v1/boards/"
		    "cloudflare/jobs?content=true");
		T_EQ_STR(s->tags[0], "cf");	/* the file's default */
		T_EQ_INT(s->every, 7200);	/* fetch.default_every */
	}
	s = config_source(cfg, "cloudflare-press");
	T_ASSERT(s != NULL);
	if (s) {
		T_EQ_INT(s->kind, KIND_HTML);
		T_EQ_STR(s->items_xpath, "//article");
		T_EQ_STR(s->title_xpath, ".//h2");
		T_EQ_STR(s->link_xpath, ".//a/@href");
		T_EQ_STR(s->date_xpath, ".//time/@datetime");
		T_EQ_STR(s->summary_xpath, ".//p");
		T_EQ_INT(s->min_items, 3);
		T_ASSERT(s->select_xpath == NULL);
	}
	s = config_source(cfg, "cloudflare-one-page");
	T_ASSERT(s != NULL);
	if (s) {
		T_EQ_INT(s->kind, KIND_PAGE);
		T_EQ_STR(s->select_xpath, "//main");
		T_EQ_INT(s->nheaders, 2);
		T_EQ_STR(s->headers[0], "Authorization: ");
		T_EQ_STR(s->header_refs[0].env, "SIGWATCH_TEST_TOKEN");
		T_EQ_STR(s->headers[1], "X-Api-Key: ");
		T_EQ_STR(s->header_refs[1].file, FIX "/full/secrets/ops-url");
		T_ASSERT(s->headers[2] == NULL);
	}
	s = config_source(cfg, "acme-lever");
	T_ASSERT(s && s->kind == KIND_LEVER);
	if (s) {
		T_EQ_STR(s->url, "https://api.lever.co/v0/postings/acme"
		    "?mode=json");
		T_EQ_STR(s->competitor, "acme");
	}
	s = config_source(cfg, "hippo-ashby");
	T_ASSERT(s && s->kind == KIND_ASHBY);
	if (s) {
		T_EQ_STR(s->url, "https://api.ashbyhq.com/posting-api/job-board/"
		    "Hippocratic%20AI?includeCompensation=true");
		T_ASSERT(s->competitor == NULL);
	}
	s = config_source(cfg, "panw-workday");
	T_ASSERT(s && s->kind == KIND_WORKDAY);
	if (s)
		T_EQ_STR(s->url, "https://paloaltonetworks.wd5.myworkdayjobs.com"
		    "/wday/cxs/paloaltonetworks/panwexternalcareers/jobs");
	s = config_source(cfg, "mirror-greenhouse");
	T_ASSERT(s != NULL);
	if (s) {
		T_EQ_STR(s->url, "http://127.0.0.1:8080/greenhouse/zscaler.json");
		T_EQ_STR(s->board, "zscaler");
	}
	T_ASSERT(config_source(cfg, "README") == NULL);
	T_EQ_STR(source_kind_name(KIND_WORKDAY), "workday");
	config_free(cfg);
	diags_release(&d);
}

static void
test_config__bad_config(void)
{
	struct diags d = DIAGS_INIT;
	struct config *cfg = (struct config *)&d;
	char *t;

	T_EQ_INT(config_load(&cfg, FIX "/bad-config/sigwatch.yaml", NULL, &d),
	    -1);
	T_ASSERT(cfg == NULL);
	t = diag_text(&d);
#define P FIX "/bad-config/sigwatch.yaml:"
	T_CONTAINS(t, P "2:3: error: unknown key 'concurency' in fetch; did "
	    "you mean 'concurrency'?\n");
	T_CONTAINS(t, P "3:12: error: invalid duration '30 seconds' for "
	    "'timeout' (use e.g. 30s, 5m, 1h, 7d)\n");
	T_CONTAINS(t, P "4:14: error: invalid size '10 megs' for 'max_bytes' "
	    "(use e.g. 512KB, 10MB)\n");
	T_CONTAINS(t, P "9:13: error: unknown notifier type 'slak'; did you "
	    "mean 'slack'?\n");
	T_CONTAINS(t, P "11:7: error: notifier 'hook' needs url_env or "
	    "url_file\n");
	T_CONTAINS(t, P "16:7: error: notifier 'both' sets both url_env and "
	    "url_file; use one\n");
	T_CONTAINS(t, P "6:16: error: unknown notifier 'pager' in ops\n");
#undef P
	/* every problem in one pass, and no cascade from the bad 'slack' */
	T_EQ_INT(d.errors, 7);
	free(t);
	diags_release(&d);
}

static void
test_config__bad_feeds(void)
{
	struct diags d = DIAGS_INIT;
	struct config *cfg = NULL;
	char *t;

	T_EQ_INT(config_load(&cfg, FIX "/bad-feeds/sigwatch.yaml", NULL, &d),
	    -1);
	T_ASSERT(cfg == NULL);
	t = diag_text(&d);
#define A FIX "/bad-feeds/feeds/a.yaml:"
#define B FIX "/bad-feeds/feeds/b.yaml:"
	T_CONTAINS(t, A "8:10: error: unsupported URL scheme 'file'\n");
	T_CONTAINS(t, A "10:11: error: unknown source kind 'rss' (use feed, "
	    "html, page, greenhouse, lever, ashby, workday or maildir)\n");
	T_CONTAINS(t, B "2:9: error: duplicate source id 'acme-blog' (first "
	    "defined at " FIX "/bad-feeds/feeds/a.yaml:3)\n");
	T_CONTAINS(t, B "5:5: error: html source is missing required key "
	    "'items'\n");
	T_CONTAINS(t, B "12:33: error: invalid XPath in 'items': Invalid "
	    "predicate\n");
	T_CONTAINS(t, B "16:5: error: 'select' does not apply to kind "
	    "'feed'\n");
#undef A
#undef B
	T_EQ_INT(d.errors, 6);
	free(t);
	diags_release(&d);
}

static void
test_config__more_errors(void)
{
	char *t;
	int rc;

	t = scratch_diags("alerts:\n  notifiers:\n    - name: out\n"
	    "      type: stdout\n      url_env: X\n", minimal_feed, &rc);
	T_EQ_INT(rc, -1);
	T_CONTAINS(t, "sigwatch.yaml:5:7: error: 'url_env' does not apply to "
	    "stdout notifiers\n");
	free(t);

	t = scratch_diags("alerts:\n  notifiers:\n    - name: s\n"
	    "      type: slack\n      url_file: $HOME/url\n"
	    "      min_severity: urgent\n", minimal_feed, &rc);
	T_EQ_INT(rc, -1);
	T_CONTAINS(t, "sigwatch.yaml:5:17: error: 'url_file' may only use "
	    "$CREDENTIALS_DIRECTORY\n");
	T_CONTAINS(t, "sigwatch.yaml:6:21: error: unknown severity 'urgent' "
	    "(use info, low, medium, high or critical)\n");
	free(t);

	t = scratch_diags("alerts:\n  notifiers:\n    - name: a\n"
	    "      type: stdout\n    - name: a\n      type: stdout\n"
	    "  first_run: always\n", minimal_feed, &rc);
	T_EQ_INT(rc, -1);
	T_CONTAINS(t, "sigwatch.yaml:5:13: error: duplicate notifier name "
	    "'a'\n");
	T_CONTAINS(t, "sigwatch.yaml:7:14: error: 'first_run' must be "
	    "baseline or alert, not 'always'\n");
	free(t);

	t = scratch_diags("bogus: 1\nfetch: [1]\n", minimal_feed, &rc);
	T_EQ_INT(rc, -1);
	T_CONTAINS(t, "sigwatch.yaml:1:1: error: unknown key 'bogus' in "
	    "configuration\n");
	T_CONTAINS(t, "sigwatch.yaml:2:8: error: fetch must be a map, not "
	    "a list\n");
	free(t);

	t = scratch_diags("", "sources:\n"
	    "  - id: Bad_Id\n    kind: feed\n    url: https://e.org/\n"
	    "  - id: jobs\n    kind: greenhouse\n"
	    "  - id: wd\n    kind: workday\n    board: acme\n"
	    "  - id: nourl\n    kind: html\n    items: //a\n"
	    "  - id: js\n    kind: feed\n    url: \"javascript:alert(1)\"\n"
	    "  - id: noscheme\n    kind: page\n    url: example.org/x\n"
	    "  - id: hdr\n    kind: feed\n    url: https://e.org/\n"
	    "    headers:\n      Host: {value_env: H}\n"
	    "      X-Token: secret-inline\n"
	    "  - id: slow\n    kind: feed\n    url: https://e.org/\n"
	    "    every: soon\n    sumary: //p\n", &rc);
	T_EQ_INT(rc, -1);
	T_CONTAINS(t, "a.yaml:2:9: error: invalid source id 'Bad_Id' (use "
	    "a-z, 0-9 and '-', at most 64 characters)\n");
	T_CONTAINS(t, "a.yaml:5:5: error: source is missing required key "
	    "'board'\n");
	T_CONTAINS(t, "a.yaml:9:12: error: invalid workday board 'acme' (use "
	    "TENANT.wdN/TENANT/SITE");
	T_CONTAINS(t, "a.yaml:10:5: error: source is missing required key "
	    "'url'\n");
	T_CONTAINS(t, "a.yaml:15:10: error: unsupported URL scheme "
	    "'javascript'\n");
	T_CONTAINS(t, "a.yaml:18:10: error: invalid URL: missing http:// or "
	    "https:// scheme\n");
	T_CONTAINS(t, "a.yaml:23:7: error: header 'Host' may not be set\n");
	T_CONTAINS(t, "a.yaml:24:16: error: header 'X-Token' must be "
	    "{value_env: VAR} or {value_file: PATH}");
	T_CONTAINS(t, "a.yaml:28:12: error: invalid duration 'soon' for "
	    "'every'");
	T_CONTAINS(t, "a.yaml:29:5: error: unknown key 'sumary' in source; "
	    "did you mean 'summary'?\n");
	free(t);

	/* YAML syntax error and a non-list sources */
	t = scratch_diags("fetch: {concurrency: 0}\n",
	    "sources: {id: x}\n", &rc);
	T_EQ_INT(rc, -1);
	T_CONTAINS(t, "sigwatch.yaml:1:22: error: 'concurrency' must be at "
	    "least 1\n");
	T_CONTAINS(t, "a.yaml:1:10: error: 'sources' must be a list, not a "
	    "map\n");
	free(t);
	t = scratch_diags("fetch: [\n", minimal_feed, &rc);
	T_EQ_INT(rc, -1);
	T_CONTAINS(t, "sigwatch.yaml:2:1: error: invalid YAML");
	free(t);
}

static void
test_config__maildir(void)
{
	char dir[PATH_MAX], p[PATH_MAX], *t;
	struct diags d = DIAGS_INIT;
	struct config *cfg = NULL;
	const struct source *s;
	int rc;

	scratch(dir, "", "competitor: acme\nsources:\n"
	    "  - id: inbox\n    kind: maildir\n    path: mail/Maildir\n"
	    "    from: ['*@Example.com', 'ae@partner.example']\n"
	    "    message_max_bytes: 2MB\n    run_max_messages: 10\n");
	snprintf(p, sizeof(p), "%.200s/sigwatch.yaml", dir);
	T_EQ_INT(config_load(&cfg, p, NULL, &d), 0);
	s = cfg ? config_source(cfg, "inbox") : NULL;
	T_ASSERT(s != NULL);
	if (s != NULL) {
		snprintf(p, sizeof(p), "%.200s/mail/Maildir", dir);
		T_EQ_STR(s->maildir, p);
		T_EQ_STR(s->from[0], "*@example.com");
		T_EQ_STR(s->from[1], "ae@partner.example");
		T_ASSERT(s->from[2] == NULL);
		T_EQ_INT(s->message_max, 2 * 1024 * 1024);
		T_EQ_INT(s->run_max_messages, 10);
		T_EQ_INT(s->run_max_bytes, MAILDIR_RUN_BYTES);
		T_ASSERT(s->url == NULL);
		T_EQ_STR(source_kind_name(s->kind), "maildir");
	}
	config_free(cfg);
	diags_release(&d);
	scratch_rm(dir);

	t = scratch_diags("", "sources:\n"
	    "  - id: m1\n    kind: maildir\n    path: /x\n"
	    "  - id: m2\n    kind: maildir\n    from: [example.com]\n"
	    "    url: https://e.org/\n"
	    "  - id: field\n    kind: feed\n    url: https://e.org/\n"
	    "  - id: f2\n    kind: field\n"
	    "  - id: f3\n    kind: feed\n    url: https://e.org/\n"
	    "    path: /x\n"
	    "  - id: m3\n    kind: maildir\n    path: /x\n    from: []\n"
	    "    message_max_bytes: 1GB\n", &rc);
	T_EQ_INT(rc, -1);
	T_CONTAINS(t, "a.yaml:2:5: error: maildir source (the allow-list of "
	    "senders) is missing required key 'from'\n");
	T_CONTAINS(t, "a.yaml:5:5: error: maildir source is missing required "
	    "key 'path'\n");
	T_CONTAINS(t, "a.yaml:7:11: error: 'from' entries are address "
	    "patterns such as '*@example.com', not 'example.com'\n");
	T_CONTAINS(t, "a.yaml:8:5: error: 'url' does not apply to kind "
	    "'maildir'\n");
	T_CONTAINS(t, "a.yaml:9:9: error: source id 'field' is reserved for "
	    "field reports (sigwatch signal add)\n");
	T_CONTAINS(t, "a.yaml:13:11: error: kind 'field' is built in");
	T_CONTAINS(t, "a.yaml:17:5: error: 'path' does not apply to kind "
	    "'feed'\n");
	T_CONTAINS(t, "a.yaml:21:11: error: 'from' must name at least one "
	    "sender pattern\n");
	T_CONTAINS(t, "'message_max_bytes' must be from 1KB to 64MB\n");
	free(t);
}

static void
test_config__missing_files(void)
{
	struct diags d = DIAGS_INIT;
	struct config *cfg = NULL;
	struct config_overrides ov = { NULL, NULL, "/nonexistent/feeds" };
	char *t;

	T_EQ_INT(config_load(&cfg, "/nonexistent/sigwatch.yaml", NULL, &d),
	    -1);
	t = diag_text(&d);
	T_CONTAINS(t, "/nonexistent/sigwatch.yaml: error: cannot open "
	    "/nonexistent/sigwatch.yaml");
	/* one error: no cascade about directories next to a file that
	 * could not be read */
	T_EQ_INT(d.errors, 1);
	T_ASSERT(strstr(t, "/nonexistent/feeds") == NULL);
	free(t);
	diags_release(&d);
	T_EQ_INT(config_load(&cfg, FIX "/full/sigwatch.yaml", &ov, &d), -1);
	T_EQ_INT(d.errors, 1);
	diags_release(&d);
}

/* errors in the feeds: the paths are still known, from the config */
static void
test_config__partial(void)
{
	struct diags d = DIAGS_INIT;
	struct config *cfg = NULL;

	T_EQ_INT(config_load_partial(&cfg, FIX "/bad-feeds/sigwatch.yaml",
	    NULL, &d), -1);
	T_ASSERT(cfg != NULL);
	T_ASSERT(d.errors > 0);
	T_EQ_STR(cfg->rules_dir, FIX "/bad-feeds/rules");
	config_free(cfg);
	diags_release(&d);
	cfg = (struct config *)&d;
	T_EQ_INT(config_load_partial(&cfg, "/nonexistent/sigwatch.yaml",
	    NULL, &d), -1);
	T_ASSERT(cfg == NULL);
	diags_release(&d);
}

static void
test_config__overrides_and_paths(void)
{
	struct diags d = DIAGS_INIT;
	struct config *cfg = NULL;
	struct config_overrides ov = {
		"my-state", "my-rules", FIX "/defaults/feeds"
	};
	char cwd[PATH_MAX];

	T_EQ_INT(config_load(&cfg, FIX "/full/sigwatch.yaml", &ov, &d), 0);
	T_ASSERT(cfg != NULL);
	if (cfg) {
		/* overrides are relative to the current directory */
		T_EQ_STR(cfg->state_dir, "my-state");
		T_EQ_STR(cfg->rules_dir, "my-rules");
		T_EQ_STR(cfg->feeds_dir, FIX "/defaults/feeds");
		T_EQ_INT(cfg->nsources, 1);
		T_EQ_STR(cfg->sources[0].id, "one");
		/* default_every of the config applies to overridden feeds */
		T_EQ_INT(cfg->sources[0].every, 7200);
		config_free(cfg);
	}
	diags_release(&d);

	/* a config file in the current directory: paths stay short */
	T_ASSERT(getcwd(cwd, sizeof(cwd)) != NULL);
	T_ASSERT(chdir(FIX "/full") == 0);
	T_EQ_INT(config_load(&cfg, "sigwatch.yaml", NULL, &d), 0);
	T_ASSERT(chdir(cwd) == 0);
	T_ASSERT(cfg != NULL);
	if (cfg) {
		T_EQ_STR(cfg->dir, ".");
		T_EQ_STR(cfg->rules_dir, "my-rules");
		T_EQ_STR(cfg->feeds_dir, "feeds");
		T_EQ_STR(config_notifier(cfg, "ops-hook")->url_file,
		    "secrets/ops-url");
		T_EQ_STR(cfg->sources[0].path, "feeds/10-cloudflare.yaml");
		config_free(cfg);
	}
	diags_release(&d);
}

static void
test_config__credentials_directory(void)
{
	struct diags d = DIAGS_INIT;
	struct config *cfg = NULL;
	struct err e = ERR_INIT;
	char cwd[PATH_MAX], creds[PATH_MAX + 64], want[PATH_MAX + 96];
	char *url = NULL, *sec = NULL;

	T_ASSERT(getcwd(cwd, sizeof(cwd)) != NULL);
	snprintf(creds, sizeof(creds), "%s/" FIX "/creds/credentials", cwd);
	setenv("CREDENTIALS_DIRECTORY", creds, 1);
	T_EQ_INT(config_load(&cfg, FIX "/creds/sigwatch.yaml", NULL, &d), 0);
	T_EQ_INT(d.n, 0);
	T_ASSERT(cfg != NULL);
	if (cfg == NULL)
		goto out;
	snprintf(want, sizeof(want), "%s/slack-url", creds);
	T_EQ_STR(config_notifier(cfg, "slack")->url_file, want);
	snprintf(want, sizeof(want), "%s/hook-secret", creds);
	T_EQ_STR(config_notifier(cfg, "hook")->secret_file, want);
	/* read at send time, trailing newline (and CR) trimmed */
	T_EQ_INT(config_notifier_url(config_notifier(cfg, "slack"), &url, &e),
	    0);
	T_EQ_STR(url, "https://hooks.slack.example.invalid/services/T1/B2/C3");
	free(url);
	T_EQ_INT(config_notifier_url(config_notifier(cfg, "hook"), &url, &e),
	    0);
	T_EQ_STR(url, "https://hooks.example.invalid/x");
	free(url);
	T_EQ_INT(config_notifier_secret(config_notifier(cfg, "hook"), &sec,
	    &e), 0);
	T_EQ_STR(sec, "s3cr3t-hmac-key");
	free(sec);
	T_EQ_INT(config_notifier_secret(config_notifier(cfg, "slack"), &sec,
	    &e), 0);
	T_ASSERT(sec == NULL);
	config_free(cfg);
	cfg = NULL;
	diags_release(&d);

	/* unset: the config still loads (check, status and hits never read
	 * secrets); reading the secret names the variable */
	unsetenv("CREDENTIALS_DIRECTORY");
	T_EQ_INT(config_load(&cfg, FIX "/creds/sigwatch.yaml", NULL, &d), 0);
	T_EQ_INT(d.errors, 0);
	if (cfg == NULL)
		goto out;
	T_ASSERT(config_notifier_url(config_notifier(cfg, "slack"), &url,
	    &e) < 0);
	T_CONTAINS(e.msg, "uses $CREDENTIALS_DIRECTORY, which is not set "
	    "(see systemd LoadCredential=)");
	T_ASSERT(config_notifier_secret(config_notifier(cfg, "hook"), &sec,
	    &e) < 0);
	T_CONTAINS(e.msg, "$CREDENTIALS_DIRECTORY");
	/* set later (as systemd does for the unit): read at send time */
	setenv("CREDENTIALS_DIRECTORY", creds, 1);
	T_EQ_INT(config_notifier_url(config_notifier(cfg, "slack"), &url,
	    &e), 0);
	free(url);
	unsetenv("CREDENTIALS_DIRECTORY");
out:
	config_free(cfg);
	diags_release(&d);
}

static void
test_config__secrets_at_send_time(void)
{
	struct diags d = DIAGS_INIT;
	struct config *cfg = NULL;
	struct err e = ERR_INIT;
	const struct notifier *slack, *hook;
	char *url = NULL, **h = NULL;

	unsetenv("SIGWATCH_TEST_SLACK_URL");
	/* the load itself reads no secret: missing variables are fine */
	T_EQ_INT(config_load(&cfg, FIX "/full/sigwatch.yaml", NULL, &d), 0);
	T_ASSERT(cfg != NULL);
	if (cfg == NULL)
		return;
	slack = config_notifier(cfg, "slack");
	hook = config_notifier(cfg, "ops-hook");

	T_EQ_INT(config_notifier_url(slack, &url, &e), ERR_CONFIG);
	T_EQ_STR(e.msg, "notifier 'slack': environment variable "
	    "SIGWATCH_TEST_SLACK_URL is not set");
	T_ASSERT(url == NULL);

	setenv("SIGWATCH_TEST_SLACK_URL",
	    "https://hooks.slack.example.invalid/services/SECRET\n", 1);
	T_EQ_INT(config_notifier_url(slack, &url, &e), 0);
	T_EQ_STR(url, "https://hooks.slack.example.invalid/services/SECRET");
	free(url);
	url = NULL;

	/* a bad URL: refused, and the message never shows the value */
	setenv("SIGWATCH_TEST_SLACK_URL", "file:///etc/SECRET", 1);
	T_ASSERT(config_notifier_url(slack, &url, &e) < 0);
	T_CONTAINS(e.msg, "unsupported URL scheme 'file'");
	T_ASSERT(strstr(e.msg, "SECRET") == NULL);
	setenv("SIGWATCH_TEST_SLACK_URL", "https://x.example/SECRET\nmore", 1);
	T_ASSERT(config_notifier_url(slack, &url, &e) < 0);
	T_ASSERT(strstr(e.msg, "SECRET") == NULL);
	T_CONTAINS(e.msg, "more than one line");
	unsetenv("SIGWATCH_TEST_SLACK_URL");

	/* from a file, relative to the config's directory */
	T_EQ_INT(config_notifier_url(hook, &url, &e), 0);
	T_EQ_STR(url, "https://hooks.example.invalid/ops/T000/B000");
	free(url);
	url = NULL;
	T_ASSERT(config_notifier_url(config_notifier(cfg, "console"), &url,
	    &e) < 0);

	/* request headers: values read now, CR/LF refused */
	setenv("SIGWATCH_TEST_TOKEN", "Bearer t0ken", 1);
	T_EQ_INT(config_source_headers(config_source(cfg,
	    "cloudflare-one-page"), &h, &e), 0);
	T_ASSERT(h != NULL);
	if (h) {
		T_EQ_STR(h[0], "Authorization: Bearer t0ken");
		T_EQ_STR(h[1], "X-Api-Key: https://hooks.example.invalid/ops/"
		    "T000/B000");
		T_ASSERT(h[2] == NULL);
	}
	config_headers_free(h);
	h = NULL;
	setenv("SIGWATCH_TEST_TOKEN", "x\r\nX-Injected: 1", 1);
	T_ASSERT(config_source_headers(config_source(cfg,
	    "cloudflare-one-page"), &h, &e) < 0);
	T_ASSERT(h == NULL);
	T_ASSERT(strstr(e.msg, "Injected") == NULL);
	unsetenv("SIGWATCH_TEST_TOKEN");
	config_free(cfg);
	diags_release(&d);
}

/* fetch.proxy, proxy_auth_env/_file and no_proxy */
static void
test_config__proxy(void)
{
	static const struct { const char *yaml, *want; } bad[] = {
		{ "fetch:\n  proxy: http://u:PASSW0RD@proxy.example:3128\n",
		  "sigwatch.yaml:2:10: error: 'proxy': the URL must not hold "
		  "credentials" },
		{ "fetch:\n  proxy: http://proxy.example\n",
		  "'proxy': the URL needs a port" },
		{ "fetch:\n  proxy: socks5://proxy.example:1080\n",
		  "'proxy': unsupported URL scheme 'socks5'" },
		{ "fetch:\n  proxy: http://proxy.example:3128/x?y\n",
		  "'proxy': the URL must be only scheme, host and port" },
		{ "fetch:\n  no_proxy: [a.example]\n",
		  "error: 'no_proxy' needs 'proxy'" },
		{ "fetch:\n  proxy_auth_env: PROXY_AUTH\n",
		  "error: 'proxy_auth_env' needs 'proxy'" },
		{ "fetch:\n  proxy: http://p.example:3128\n  proxy_auth_env: A\n"
		  "  proxy_auth_file: f\n", "sets both proxy_auth_env and "
		  "proxy_auth_file" },
		{ "fetch:\n  proxy: http://p.example:3128\n  proxy_auth_env: "
		  "1BAD\n", "must be an environment variable name" },
		{ "fetch:\n  proxy: http://p.example:3128\n  no_proxy: "
		  "[\"host:80\"]\n", "'host:80' is not a host name or an IP "
		  "address" },
	};
	struct diags d = DIAGS_INIT;
	struct config *cfg = NULL;
	struct err e = ERR_INIT;
	char dir[PATH_MAX], p[PATH_MAX], *text, *auth = NULL;
	int rc;

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		text = scratch_diags(bad[i].yaml, minimal_feed, &rc);
		T_ASSERT(rc < 0);
		T_CONTAINS(text, bad[i].want);
		/* a password written into the URL is never echoed */
		T_ASSERT(strstr(text, "PASSW0RD") == NULL);
		free(text);
	}

	scratch(dir, "fetch:\n  proxy: https://proxy.example:3128/\n"
	    "  proxy_auth_file: auth\n  no_proxy: [intranet.example, "
	    "\"*.svc.local\", 10.0.0.7, \"[fd00::1]\", \"::1\"]\n",
	    minimal_feed);
	snprintf(p, sizeof(p), "%.200s/sigwatch.yaml", dir);
	T_EQ_INT(config_load(&cfg, p, NULL, &d), 0);
	T_ASSERT(cfg != NULL);
	if (cfg == NULL) {
		scratch_rm(dir);
		return;
	}
	T_EQ_STR(cfg->fetch.proxy, "https://proxy.example:3128/");
	T_ASSERT(cfg->fetch.no_proxy != NULL);
	T_EQ_STR(cfg->fetch.no_proxy[1], "*.svc.local");
	T_ASSERT(cfg->fetch.no_proxy[5] == NULL);
	/* credentials: read when used, relative to the config */
	T_ASSERT(config_proxy_auth(cfg, &auth, &e) < 0);
	T_CONTAINS(e.msg, "fetch.proxy_auth");
	snprintf(p, sizeof(p), "%.200s/auth", dir);
	write_file(p, "nocolon\n");
	T_ASSERT(config_proxy_auth(cfg, &auth, &e) < 0);
	T_CONTAINS(e.msg, "must hold user:password");
	T_ASSERT(strstr(e.msg, "nocolon") == NULL);
	write_file(p, "agent:s3cret pass\n");
	T_EQ_INT(config_proxy_auth(cfg, &auth, &e), 0);
	T_EQ_STR(auth, "agent:s3cret pass");
	free(auth);
	unlink(p);
	config_free(cfg);
	diags_release(&d);
	scratch_rm(dir);

	/* none configured: no credentials, no error */
	cfg = config_new();
	auth = (char *)"x";
	T_EQ_INT(config_proxy_auth(cfg, &auth, &e), 0);
	T_ASSERT(auth == NULL);
	T_ASSERT(cfg->fetch.proxy == NULL);
	config_free(cfg);
}

static void
test_config__url_check(void)
{
	struct err e = ERR_INIT;

	T_EQ_INT(url_check("https://example.org/feed", &e), 0);
	T_EQ_INT(url_check("HTTP://EXAMPLE.ORG", &e), 0);
	T_EQ_INT(url_check("http://[::1]:8080/x", &e), 0);
	T_EQ_INT(url_check("file:/etc/passwd", &e), ERR_POLICY);
	T_EQ_STR(e.msg, "unsupported URL scheme 'file'");
	T_EQ_INT(url_check("gopher://h/", &e), ERR_POLICY);
	T_EQ_INT(url_check("example.org/feed", &e), ERR_PARSE);
	T_EQ_INT(url_check("http://", &e), ERR_PARSE);
	T_EQ_INT(url_check("https://exa mple.org/", &e), ERR_PARSE);
	T_EQ_INT(url_check("", &e), ERR_PARSE);
}

static void
test_config__feeds_file_direct(void)
{
	struct diags d = DIAGS_INIT;
	struct config *cfg = config_new();

	T_EQ_INT(config_load_feeds_file(cfg, FIX "/full/feeds/20-jobs.yaml",
	    &d), 0);
	T_EQ_INT(cfg->nsources, 4);
	/* loading the same file again: every id is a duplicate */
	T_EQ_INT(config_load_feeds_file(cfg, FIX "/full/feeds/20-jobs.yaml",
	    &d), -1);
	T_EQ_INT(d.errors, 4);
	T_EQ_INT(cfg->nsources, 4);
	config_free(cfg);
	diags_release(&d);
}

T_MAIN(
	T_CASE(test_config__defaults),
	T_CASE(test_config__full),
	T_CASE(test_config__bad_config),
	T_CASE(test_config__bad_feeds),
	T_CASE(test_config__more_errors),
	T_CASE(test_config__maildir),
	T_CASE(test_config__missing_files),
	T_CASE(test_config__partial),
	T_CASE(test_config__overrides_and_paths),
	T_CASE(test_config__credentials_directory),
	T_CASE(test_config__secrets_at_send_time),
	T_CASE(test_config__proxy),
	T_CASE(test_config__url_check),
	T_CASE(test_config__feeds_file_direct)
)
