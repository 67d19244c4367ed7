/*
 * run: run_cycle() in-process, each case against its own
 * tests/helpers/fixture_httpd.py on 127.0.0.1 (ephemeral port, stopped by
 * its pid; every wait bounded), its own temp state, and a config and rules
 * built here from strings. What is checked is what run.h and the state's
 * layout (state.h) promise: items, hits, health, one commit, exit codes.
 */
#define _XOPEN_SOURCE 700
#include "run.h"

#include <sys/wait.h>

#include <fcntl.h>
#include <signal.h>
#include <time.h>
#include <unistd.h>

#include <jansson.h>

#include "diag.h"
#include "feed.h"
#include "fetch.h"
#include "gitstore.h"
#include "log.h"
#include "state.h"
#include "t.h"
#include "t_helpers.h"

#define NOW1 "2025-10-17T09:00:00Z"
#define NOW2 "2025-10-17T10:00:00Z"
#define MONTH "2025-10"
#define RULE "price-cut"
#define RULES_TEXT "id: " RULE "\ntitle: A competitor cuts its price\n" \
	"detection:\n  cut:\n    title: ['\\bprice\\s+cut\\b']\n"

static pid_t srv_pid;
static int srv_port;
static const struct playbooks no_playbooks;

static void
sleep_ms(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };

	nanosleep(&ts, NULL);
}

/* start the fixture server in t_dir with these routes (a JSON object,
 * taken); 0 once it listens (at most 10 s) */
static int
srv_start(json_t *routes)
{
	int st, rc = json_dump_file(routes, t_path("routes.json"), 0);

	json_decref(routes);
	srv_port = 0;
	if (rc != 0)
		return -1;
	srv_pid = fork();
	if (srv_pid == 0) {
		int fd = open("/dev/null", O_RDWR);

		dup2(fd, 0);
		dup2(fd, 1);
		execlp("python3", "python3", "tests/helpers/fixture_httpd.py",
		    "--routes", t_path("routes.json"), "--port-file",
		    t_path("port"), "--log", t_path("log.jsonl"),
		    "--max-seconds", "120", (char *)NULL);
		_exit(127);
	}
	for (int i = 0; i < 500 && srv_pid > 0; i++) {
		char *p = t_read_file(t_path("port"), NULL);

		if (p != NULL)
			srv_port = (int)strtol(p, NULL, 10);
		free(p);
		if (srv_port > 0)
			return 0;
		if (waitpid(srv_pid, &st, WNOHANG) == srv_pid)
			srv_pid = 0;
		sleep_ms(20);
	}
	return -1;
}

static void
srv_stop(void)
{
	int st;

	if (srv_pid <= 0)
		return;
	kill(srv_pid, SIGTERM);
	for (int i = 0; i < 100; i++) {
		if (waitpid(srv_pid, &st, WNOHANG) == srv_pid) {
			srv_pid = 0;
			return;
		}
		sleep_ms(20);
	}
	kill(srv_pid, SIGKILL);
	waitpid(srv_pid, &st, 0);
	srv_pid = 0;
}

/* a temp dir for the case (t_dir), the libraries initialised once */
static void
setup(const char *tag)
{
	static int inited;

	if (!inited++) {
		fetch_global_init();
		feed_global_init();
		gitstore_global_init();
		log_init(LOG_LVL_WARN);
	}
	t_mkdtemp(tag);
	setenv("SIGWATCH_NOW", NOW1, 1);
}

static void
teardown(void)
{
	srv_stop();
	t_rmtree(t_dir);
	unsetenv("SIGWATCH_NOW");
}

/* an RSS document of n items under /tag/; item hit (if < n) is titled
 * so that RULE matches it; malloc'd */
static char *
rss(const char *tag, int n, int hit)
{
	char *s = NULL;
	size_t len = 0;
	FILE *fp = open_memstream(&s, &len);

	fprintf(fp, "<?xml version=\"1.0\"?>\n<rss version=\"2.0\"><channel>"
	    "<title>%s</title><link>https://%s.example/</link>\n", tag, tag);
	for (int i = 0; i < n; i++)
		fprintf(fp, "<item><title>%s %s post %d</title>"
		    "<link>https://%s.example/p/%d</link>"
		    "<pubDate>Thu, 16 Oct 2025 %02d:00:00 GMT</pubDate>"
		    "</item>\n", i == hit ? "Acme announces a price cut in" :
		    "Weekly notes from", tag, i, tag, i, i % 24);
	fputs("</channel></rss>\n", fp);
	fclose(fp);
	return s;
}

/* a route answering body (taken) as RSS; with etag, 304 to a request
 * that has it */
static json_t *
route(char *body, const char *etag)
{
	json_t *o = json_pack("{s:s, s:s}", "body", body ? body : "",
	    "content_type", "application/rss+xml");

	if (etag)
		json_object_set_new(o, "etag", json_string(etag));
	free(body);
	return o;
}

/* a config: state in t_dir/<state>, one feed source per id (NULL-ended)
 * at /<id>.xml on the server; NULL when it does not load */
static struct config *
make_config(const char *state, unsigned workers, const char *const *ids)
{
	struct config *cfg = config_new();
	struct diags d = DIAGS_INIT;
	char *text = NULL;
	size_t len = 0;
	FILE *fp = open_memstream(&text, &len);
	int rc;

	fputs("sources:\n", fp);
	for (size_t i = 0; ids[i]; i++)
		fprintf(fp, "  - {id: %s, kind: feed, url: "
		    "'http://127.0.0.1:%d/%s.xml'}\n", ids[i], srv_port, ids[i]);
	fclose(fp);
	free(cfg->state_dir);
	cfg->state_dir = strdup(t_path(state));
	cfg->fetch.allow_private_addresses = 1;	/* loopback only */
	cfg->fetch.parse_workers = workers;
	cfg->fetch.timeout = 10;
	cfg->fetch.connect_timeout = 5;
	rc = config_load_feeds_text(cfg, "f.yaml", text, len, &d);
	T_EQ_INT(rc, 0);
	free(text);
	free(t_diags_text(&d));
	if (rc != 0) {
		config_free(cfg);
		return NULL;
	}
	return cfg;
}

static struct ruleset *
make_rules(void)
{
	struct diags d = DIAGS_INIT;
	struct rules_compiler *rc = rules_compiler_new(&d);
	struct ruleset *rs = NULL;

	rules_add_buf(rc, RULES_PART_RULES, "r.yaml", RULES_TEXT,
	    strlen(RULES_TEXT));
	T_EQ_INT(rules_compile(&rs, rc), 0);
	rules_compiler_free(rc);
	free(t_diags_text(&d));
	return rs;
}

/* run_cycle with default options but these; its exit code */
static int
run(const struct config *cfg, const struct ruleset *rs, int dry_run,
    const char **only)
{
	struct run_opts o;

	memset(&o, 0, sizeof(o));
	o.dry_run = dry_run;
	o.only = only;
	return run_cycle(cfg, rs, &no_playbooks, &o);
}

/* lines of t_dir/<rel>; 0 when missing */
static int
nlines(const char *rel)
{
	char *s = t_read_file(t_path(rel), NULL);
	int n = 0;

	for (char *p = s; p && (p = strchr(p, '\n')) != NULL; p++)
		n++;
	free(s);
	return n;
}

/* each hit line of <state>/hits/MONTH.jsonl as "source rule id\n",
 * sorted by the file's order (source order); malloc'd, "" for none */
static char *
hits(const char *state)
{
	char rel[128], *s, *line, *nl, *out = NULL;
	size_t len = 0;
	FILE *fp = open_memstream(&out, &len);

	snprintf(rel, sizeof(rel), "%s/hits/" MONTH ".jsonl", state);
	s = t_read_file(t_path(rel), NULL);
	for (line = s; line && (nl = strchr(line, '\n')) != NULL;
	    line = nl + 1) {
		json_t *o = json_loadb(line, (size_t)(nl - line), 0, NULL);
		const char *f[3] = { "source", "rule", "id" };

		for (int i = 0; i < 3; i++)
			fprintf(fp, "%s%c", json_string_value(json_object_get(
			    o, f[i])) ? json_string_value(json_object_get(o,
			    f[i])) : "?", i < 2 ? ' ' : '\n');
		json_decref(o);
	}
	free(s);
	fclose(fp);
	return out;
}

/* commits reachable from HEAD of t_dir/<state>; -1 when unreadable */
static long
commits(const char *state)
{
	struct gitstore *g = NULL;
	struct err err = ERR_INIT;
	size_t n = 0;
	int rc = gitstore_open(&g, t_path(state), &err);

	if (rc == 0)
		rc = gitstore_count(g, &n, &err);
	gitstore_free(g);
	return rc == 0 ? (long)n : -1;
}

/* a source's health: sources/<id>.json and its .run/ record */
static void
health(const char *state, const char *id, struct source_state *ss,
    struct source_run *sr)
{
	struct state *st = NULL;
	struct err err = ERR_INIT;

	memset(ss, 0, sizeof(*ss));
	memset(sr, 0, sizeof(*sr));
	T_EQ_INT(state_open(&st, t_path(state), 1, &err), 0);
	if (st == NULL)
		return;
	state_source_load(st, id, ss);
	state_run_load(st, id, sr);
	state_close(st);
}

/*
 * A feed of 5 items, one of them a hit, and the same feed again without
 * validators: the items, one hit line each, the health, one commit. The
 * next run (a 304, the same body) records nothing and commits nothing.
 */
static void
test_run__hit_recorded_once(void)
{
	struct config *cfg;
	struct ruleset *rs = make_rules();
	struct source_state ss;
	struct source_run sr;
	char *h1, *h2;

	setup("run-once");
	T_EQ_INT(srv_start(json_pack("{s:o, s:o}", "/a.xml", route(rss("a",
	    5, 2), "\"v1\""), "/b.xml", route(rss("b", 5, 4), NULL))), 0);
	cfg = make_config("state", 0, (const char *[]){ "a", "b", NULL });
	T_ASSERT(cfg != NULL && rs != NULL);
	if (cfg == NULL || rs == NULL)
		goto out;
	T_EQ_INT(run(cfg, rs, 0, NULL), 0);
	T_EQ_INT(nlines("state/items/a/" MONTH ".jsonl"), 5);
	T_EQ_INT(nlines("state/items/b/" MONTH ".jsonl"), 5);
	h1 = hits("state");
	T_CONTAINS(h1, "a " RULE " ");
	T_CONTAINS(h1, "b " RULE " ");
	T_EQ_INT(nlines("state/hits/" MONTH ".jsonl"), 2);
	health("state", "a", &ss, &sr);
	T_ASSERT(ss.exists);
	T_EQ_INT(ss.items, 5);
	T_EQ_INT(ss.consecutive_failures, 0);
	T_EQ_STR(ss.etag, "\"v1\"");
	T_EQ_STR(sr.status, "ok");
	source_state_release(&ss);
	source_run_release(&sr);
	T_EQ_INT(commits("state"), 1);

	setenv("SIGWATCH_NOW", NOW2, 1);
	T_EQ_INT(run(cfg, rs, 0, NULL), 0);
	h2 = hits("state");
	T_EQ_STR(h2, h1);
	T_EQ_INT(nlines("state/items/a/" MONTH ".jsonl"), 5);
	T_EQ_INT(commits("state"), 1);
	health("state", "a", &ss, &sr);
	T_EQ_STR(sr.status, "unchanged");	/* the 304 */
	source_state_release(&ss);
	source_run_release(&sr);
	health("state", "b", &ss, &sr);
	T_EQ_STR(sr.status, "unchanged");	/* the same body */
	T_EQ_INT(ss.items, 5);
	source_state_release(&ss);
	source_run_release(&sr);
	free(h1);
	free(h2);
out:
	config_free(cfg);
	rules_free(rs);
	teardown();
}

/*
 * A good source between an HTTP 500 and a document that is not XML: the
 * good one's hit is recorded and committed, each broken one's health says
 * it failed, and the run is ok (0); a run of the broken ones alone is 69.
 */
static void
test_run__broken_source(void)
{
	const char *broken[] = { "bad", "junk", NULL };
	struct config *cfg;
	struct ruleset *rs = make_rules();
	struct source_state ss;
	struct source_run sr;
	char *h;

	setup("run-broken");
	T_EQ_INT(srv_start(json_pack("{s:o, s:{s:i, s:s}, s:o}", "/good.xml",
	    route(rss("good", 3, 1), NULL), "/bad.xml", "status", 500, "body",
	    "oops", "/junk.xml", route(strdup("price cut, and not XML at all"), NULL))), 0);
	cfg = make_config("state", 0, (const char *[]){ "bad", "good", "junk",
	    NULL });
	T_ASSERT(cfg != NULL && rs != NULL);
	if (cfg == NULL || rs == NULL)
		goto out;
	T_EQ_INT(run(cfg, rs, 0, NULL), 0);
	h = hits("state");
	T_CONTAINS(h, "good " RULE " ");
	T_EQ_INT(nlines("state/hits/" MONTH ".jsonl"), 1);
	free(h);
	T_EQ_INT(nlines("state/items/good/" MONTH ".jsonl"), 3);
	T_EQ_INT(commits("state"), 1);
	for (int i = 0; broken[i]; i++) {
		health("state", broken[i], &ss, &sr);
		T_EQ_INT(ss.consecutive_failures, 1);
		T_ASSERT(ss.last_error != NULL);
		T_EQ_INT(sr.failures, 1);
		T_ASSERT(strcmp(sr.status, "ok") != 0 &&
		    strcmp(sr.status, "unchanged") != 0);
		T_ASSERT(sr.error != NULL);
		source_state_release(&ss);
		source_run_release(&sr);
	}
	health("state", "good", &ss, &sr);
	T_EQ_INT(ss.consecutive_failures, 0);
	T_EQ_STR(sr.status, "ok");
	source_state_release(&ss);
	source_run_release(&sr);

	setenv("SIGWATCH_NOW", NOW2, 1);
	T_EQ_INT(run(cfg, rs, 0, broken), 69);	/* every due source failed */
out:
	config_free(cfg);
	rules_free(rs);
	teardown();
}

/* the same corpus through 0 and 2 parse workers: the same hits */
static void
test_run__parse_workers_same_hits(void)
{
	static const char *const feeds[] = { "c0", "c1", "c2", "c3", NULL };
	struct ruleset *rs = make_rules();
	json_t *routes = json_object();
	char *h0 = NULL, *h2 = NULL;

	setup("run-workers");
	for (int i = 0; i < 4; i++) {
		char path[16], tag[8];

		snprintf(path, sizeof(path), "/c%d.xml", i);
		snprintf(tag, sizeof(tag), "c%d", i);
		/* c3 has no hit: 3 hits in all */
		json_object_set_new(routes, path, route(rss(tag, 12, i * 5),
		    NULL));
	}
	T_EQ_INT(srv_start(routes), 0);
	for (unsigned w = 0; w <= 2; w += 2) {
		struct config *cfg = make_config(w ? "w2" : "w0", w, feeds);

		T_ASSERT(cfg != NULL && rs != NULL);
		if (cfg == NULL || rs == NULL)
			break;
		T_EQ_INT(run(cfg, rs, 0, NULL), 0);
		config_free(cfg);
	}
	h0 = hits("w0");
	h2 = hits("w2");
	T_EQ_INT(nlines("w0/hits/" MONTH ".jsonl"), 3);
	T_EQ_INT(nlines("w2/hits/" MONTH ".jsonl"), 3);
	T_EQ_STR(h2, h0);
	T_EQ_INT(nlines("w2/items/c3/" MONTH ".jsonl"), 12);
	free(h0);
	free(h2);
	rules_free(rs);
	teardown();
}

/* every file under t_dir/<state> (the repository too), its path and
 * bytes, as one string; malloc'd */
static FILE *tree_fp;

static int
tree_one(const char *p, const struct stat *st, int flag, struct FTW *ftw)
{
	char *s = flag == FTW_F ? t_read_file(p, NULL) : NULL;

	(void)ftw;
	fprintf(tree_fp, "%s %o %lld\n%s\n", p, (unsigned)st->st_mode,
	    (long long)st->st_size, s ? s : "");
	free(s);
	return 0;
}

static char *
tree(const char *state)
{
	char *out = NULL;
	size_t len = 0;

	tree_fp = open_memstream(&out, &len);
	nftw(t_path(state), tree_one, 16, FTW_PHYS);
	fclose(tree_fp);
	return out;
}

/*
 * A dry run over a state whose source has a new item that is a hit: the
 * hit is printed, nothing in the state changes, and the next real run
 * still finds the item new and records the hit.
 */
static void
test_run__dry_run_writes_nothing(void)
{
	struct config *cfg;
	struct ruleset *rs = make_rules();
	char *before, *after, *out;
	int rc;

	setup("run-dry");
	/* the first request sees no hit; every later one a new item that
	 * is a hit */
	T_EQ_INT(srv_start(json_pack("{s:[o, o]}", "/d.xml", route(rss("d",
	    3, -1), NULL), route(rss("d", 4, 3), NULL))), 0);
	cfg = make_config("state", 2, (const char *[]){ "d", NULL });
	T_ASSERT(cfg != NULL && rs != NULL);
	if (cfg == NULL || rs == NULL)
		goto out;
	T_EQ_INT(run(cfg, rs, 0, NULL), 0);
	T_EQ_INT(commits("state"), 1);
	before = tree("state");

	setenv("SIGWATCH_NOW", NOW2, 1);
	fflush(stdout);
	t_stderr_begin("err");	/* not to mix with what stdout gets */
	{
		int saved = dup(1), fd = open(t_path("out"), O_WRONLY |
		    O_CREAT | O_TRUNC, 0600);

		dup2(fd, 1);
		close(fd);
		rc = run(cfg, rs, 1, NULL);
		fflush(stdout);
		dup2(saved, 1);
		close(saved);
	}
	free(t_stderr_end("err"));
	T_EQ_INT(rc, 0);
	out = t_read_file(t_path("out"), NULL);
	T_CONTAINS(out, "\"rule\":\"" RULE "\"");
	free(out);
	after = tree("state");
	T_ASSERT(before != NULL && after != NULL &&
	    strcmp(before, after) == 0);
	free(before);
	free(after);

	T_EQ_INT(run(cfg, rs, 0, NULL), 0);
	T_EQ_INT(nlines("state/hits/" MONTH ".jsonl"), 1);
	T_EQ_INT(nlines("state/items/d/" MONTH ".jsonl"), 4);
	T_EQ_INT(commits("state"), 2);
out:
	config_free(cfg);
	rules_free(rs);
	teardown();
}

T_MAIN(T_CASE(test_run__hit_recorded_once), T_CASE(test_run__broken_source),
    T_CASE(test_run__parse_workers_same_hits),
    T_CASE(test_run__dry_run_writes_nothing))
