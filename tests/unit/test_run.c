/*
 * run: run_cycle() in-process, each case against its own
 * tests/helpers/fixture_httpd.py on 127.0.0.1 (t_srv_start: ephemeral
 * port, stopped by its pid, every wait bounded), its own temp state, and
 * a config and rules built here from strings. What is checked is what
 * run.h and the state's layout (state.h) promise: items, hits, health,
 * commits, exit codes.
 */
#define _XOPEN_SOURCE 700
#include "run.h"

#include <fcntl.h>
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

static const struct playbooks no_playbooks;
static struct ruleset *rs;	/* RULES_TEXT, per case */
static struct config *cfg;	/* per case */

/*
 * A case's start: the libraries (once), a temp dir (t_dir), the clock at
 * NOW1, the rules, and the fixture server with these routes (a JSON
 * object, taken). -1 when something is missing.
 */
static int
setup(const char *tag, json_t *routes)
{
	static int inited;
	char *text = json_dumps(routes, 0);
	struct diags d = DIAGS_INIT;
	struct rules_compiler *c = rules_compiler_new(&d);
	int rc;

	if (!inited++) {
		fetch_global_init();
		feed_global_init();
		gitstore_global_init();
		log_init(LOG_LVL_WARN);
	}
	t_mkdtemp(tag);
	setenv("SIGWATCH_NOW", NOW1, 1);
	rules_add_buf(c, RULES_PART_RULES, "r.yaml", RULES_TEXT,
	    strlen(RULES_TEXT));
	T_EQ_INT(rules_compile(&rs, c), 0);
	rules_compiler_free(c);
	free(t_diags_text(&d));
	rc = text ? t_srv_start(text) : -1;
	T_EQ_INT(rc, 0);
	free(text);
	json_decref(routes);
	return rc == 0 && rs != NULL ? 0 : -1;
}

static void
teardown(void)
{
	t_srv_stop();
	config_free(cfg);
	cfg = NULL;
	rules_free(rs);
	rs = NULL;
	t_rmtree(t_dir);
	unsetenv("SIGWATCH_NOW");
}

/*
 * A route answering an RSS document of n items under https://tag.example/;
 * item hit (if < n) is titled so that RULE matches it. With etag, a 304
 * to a request that has it.
 */
static json_t *
feed(const char *tag, int n, int hit, const char *etag)
{
	char *s = NULL;
	size_t len = 0;
	FILE *fp = open_memstream(&s, &len);
	json_t *o;

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
	o = json_pack("{s:s, s:s}", "body", s, "content_type",
	    "application/rss+xml");
	if (etag)
		json_object_set_new(o, "etag", json_string(etag));
	free(s);
	return o;
}

/* a config: state in t_dir/<state>, one feed source per id (NULL-ended)
 * at /<id>.xml on the server; NULL when it does not load */
static struct config *
make_config(const char *state, unsigned workers, const char *const *ids)
{
	struct config *c = config_new();
	struct diags d = DIAGS_INIT;
	char *text = NULL;
	size_t len = 0;
	FILE *fp = open_memstream(&text, &len);
	int rc;

	fputs("sources:\n", fp);
	for (size_t i = 0; ids[i]; i++)
		fprintf(fp, "  - {id: %s, kind: feed, url: 'http://127.0.0.1:"
		    "%d/%s.xml'}\n", ids[i], t_srv_port, ids[i]);
	fclose(fp);
	free(c->state_dir);
	c->state_dir = strdup(t_path(state));
	c->fetch.allow_private_addresses = 1;	/* loopback only */
	c->fetch.parse_workers = workers;
	c->fetch.timeout = 10;
	c->fetch.connect_timeout = 5;
	rc = config_load_feeds_text(c, "f.yaml", text, len, &d);
	T_EQ_INT(rc, 0);
	free(text);
	free(t_diags_text(&d));
	if (rc == 0)
		return c;
	config_free(c);
	return NULL;
}

/* run_cycle with default options but these; its exit code */
static int
run(int dry_run, const char **only)
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

/* each hit line of <state>/hits/MONTH.jsonl as "source rule id\n", in
 * the file's order; malloc'd, "" for none */
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
		const char *src = "?", *rule = "?", *id = "?";

		json_unpack(o, "{s:s, s:s, s:s}", "source", &src, "rule",
		    &rule, "id", &id);
		fprintf(fp, "%s %s %s\n", src, rule, id);
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

/* a source's health, from sources/<id>.json and .run/: "STATUS
 * failures=N consecutive=N items=N etag=E error=E last_error=E" ("-" for
 * none), in a static buffer */
static const char *
health(const char *state, const char *id)
{
	static char out[512];
	struct state *st = NULL;
	struct err err = ERR_INIT;
	struct source_state ss;
	struct source_run sr;

	T_EQ_INT(state_open(&st, t_path(state), 1, &err), 0);
	if (st == NULL)
		return "(no state)";
	state_source_load(st, id, &ss);
	state_run_load(st, id, &sr);
	snprintf(out, sizeof(out), "%s failures=%u consecutive=%u items=%zu "
	    "etag=%s error=%s last_error=%s", sr.status, sr.failures,
	    ss.consecutive_failures, ss.items, ss.etag ? ss.etag : "-",
	    sr.error ? sr.error : "-", ss.last_error ? ss.last_error : "-");
	source_state_release(&ss);
	source_run_release(&sr);
	state_close(st);
	return out;
}

/*
 * A feed of 5 items, one of them a hit, and another without validators:
 * their items, one hit line each, their health, one commit. The next run
 * (a 304, the same body) records nothing and commits nothing.
 */
static void
test_run__hit_recorded_once(void)
{
	char *h1 = NULL, *h2 = NULL;

	if (setup("run-once", json_pack("{s:o, s:o}", "/a.xml", feed("a", 5,
	    2, "\"v1\""), "/b.xml", feed("b", 5, 4, NULL))) < 0 ||
	    (cfg = make_config("state", 0, (const char *[]){ "a", "b",
	    NULL })) == NULL)
		goto out;
	T_EQ_INT(run(0, NULL), 0);
	T_EQ_INT(nlines("state/items/a/" MONTH ".jsonl"), 5);
	T_EQ_INT(nlines("state/items/b/" MONTH ".jsonl"), 5);
	h1 = hits("state");
	T_CONTAINS(h1, "a " RULE " ");
	T_CONTAINS(h1, "b " RULE " ");
	T_EQ_INT(nlines("state/hits/" MONTH ".jsonl"), 2);
	T_EQ_STR(health("state", "a"), "ok failures=0 consecutive=0 items=5 "
	    "etag=\"v1\" error=- last_error=-");
	T_EQ_STR(health("state", "b"), "ok failures=0 consecutive=0 items=5 "
	    "etag=- error=- last_error=-");
	T_EQ_INT(commits("state"), 1);

	setenv("SIGWATCH_NOW", NOW2, 1);
	T_EQ_INT(run(0, NULL), 0);
	h2 = hits("state");
	T_EQ_STR(h2, h1);
	T_EQ_INT(nlines("state/items/a/" MONTH ".jsonl"), 5);
	T_EQ_INT(commits("state"), 1);
	/* a 304, then the same body */
	T_EQ_STR(health("state", "a"), "unchanged failures=0 consecutive=0 "
	    "items=5 etag=\"v1\" error=- last_error=-");
	T_EQ_STR(health("state", "b"), "unchanged failures=0 consecutive=0 "
	    "items=5 etag=- error=- last_error=-");
out:
	free(h1);
	free(h2);
	teardown();
}

/*
 * A good source between an HTTP 500 and a body that is no feed: the good
 * one's hit is recorded and committed, each broken one's health says it
 * failed, and the run is ok (0); a run of the broken ones alone is 69.
 */
static void
test_run__broken_source(void)
{
	const char *broken[] = { "bad", "junk", NULL };
	char *h = NULL;

	if (setup("run-broken", json_pack("{s:o, s:{s:i}, s:{s:s}}",
	    "/good.xml", feed("good", 3, 1, NULL), "/bad.xml", "status", 500,
	    "/junk.xml", "body", "a price cut, not XML")) < 0 ||
	    (cfg = make_config("state", 0, (const char *[]){ "bad", "good",
	    "junk", NULL })) == NULL)
		goto out;
	T_EQ_INT(run(0, NULL), 0);
	h = hits("state");
	T_CONTAINS(h, "good " RULE " ");
	T_EQ_INT(nlines("state/hits/" MONTH ".jsonl"), 1);
	T_EQ_INT(nlines("state/items/good/" MONTH ".jsonl"), 3);
	T_EQ_INT(commits("state"), 1);
	T_EQ_STR(health("state", "bad"), "transient failures=1 consecutive=1 "
	    "items=0 etag=- error=HTTP 500 last_error=transient");
	T_CONTAINS(health("state", "junk"), "parse_error failures=1 "
	    "consecutive=1 items=0 etag=- error=not a feed");
	T_EQ_STR(health("state", "good"), "ok failures=0 consecutive=0 "
	    "items=3 etag=- error=- last_error=-");

	setenv("SIGWATCH_NOW", NOW2, 1);
	T_EQ_INT(run(0, broken), 69);	/* every due source failed */
out:
	free(h);
	teardown();
}

/* the same corpus through 0 and 2 parse workers: the same hits */
static void
test_run__parse_workers_same_hits(void)
{
	static const char *const ids[] = { "c0", "c1", "c2", "c3", NULL };
	json_t *routes = json_object();
	char *h0 = NULL, *h2 = NULL;

	/* 12 items each; c3's would-be hit is past its end: 3 hits */
	for (int i = 0; i < 4; i++) {
		char path[16];

		snprintf(path, sizeof(path), "/%s.xml", ids[i]);
		json_object_set_new(routes, path, feed(ids[i], 12, i * 5,
		    NULL));
	}
	if (setup("run-workers", routes) < 0)
		goto out;
	for (unsigned w = 0; w <= 2; w += 2) {
		if ((cfg = make_config(w ? "w2" : "w0", w, ids)) == NULL)
			goto out;
		T_EQ_INT(run(0, NULL), 0);
		config_free(cfg);
		cfg = NULL;
	}
	h0 = hits("w0");
	h2 = hits("w2");
	T_EQ_INT(nlines("w0/hits/" MONTH ".jsonl"), 3);
	T_EQ_STR(h2, h0);
	T_EQ_INT(nlines("w2/items/c3/" MONTH ".jsonl"), 12);
out:
	free(h0);
	free(h2);
	teardown();
}

/* every file under t_dir/<state> (the repository too): its path, mode,
 * size and bytes, as one string; malloc'd */
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
	char *before = NULL, *after = NULL, *out;
	int rc, saved, fd;

	/* the first request sees no hit; every later one a new item that
	 * is a hit */
	if (setup("run-dry", json_pack("{s:[o, o]}", "/d.xml", feed("d", 3,
	    -1, NULL), feed("d", 4, 3, NULL))) < 0 ||
	    (cfg = make_config("state", 2, (const char *[]){ "d", NULL })) ==
	    NULL)
		goto out;
	T_EQ_INT(run(0, NULL), 0);
	T_EQ_INT(commits("state"), 1);
	before = tree("state");

	setenv("SIGWATCH_NOW", NOW2, 1);
	fflush(stdout);	/* what the dry run prints goes to t_dir/out */
	saved = dup(1);
	fd = open(t_path("out"), O_WRONLY | O_CREAT | O_TRUNC, 0600);
	dup2(fd, 1);
	close(fd);
	rc = run(1, NULL);
	fflush(stdout);
	dup2(saved, 1);
	close(saved);
	T_EQ_INT(rc, 0);
	out = t_read_file(t_path("out"), NULL);
	T_CONTAINS(out, "\"rule\":\"" RULE "\"");
	free(out);
	after = tree("state");
	T_ASSERT(before != NULL && after != NULL &&
	    strcmp(before, after) == 0);

	T_EQ_INT(run(0, NULL), 0);
	T_EQ_INT(nlines("state/hits/" MONTH ".jsonl"), 1);
	T_EQ_INT(nlines("state/items/d/" MONTH ".jsonl"), 4);
	T_EQ_INT(commits("state"), 2);
out:
	free(before);
	free(after);
	teardown();
}

T_MAIN(T_CASE(test_run__hit_recorded_once), T_CASE(test_run__broken_source),
    T_CASE(test_run__parse_workers_same_hits),
    T_CASE(test_run__dry_run_writes_nothing))
