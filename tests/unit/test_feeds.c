#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "t.h"

/*
 * feeds: a feeds file's sources into struct config, each problem at its
 * position. test_config loads whole configurations; these feed one text
 * at a time to config_load_feeds_text().
 */

static struct config *cfg;
static struct diags d;
static char *out;	/* the diagnostics of the last load, printed */

/* load text as "f.yaml" into a fresh cfg; its return value */
static int
load(const char *text)
{
	size_t n = 0;
	FILE *fp;
	int rc;

	config_free(cfg);
	diags_release(&d);
	free(out);
	cfg = config_new();
	rc = config_load_feeds_text(cfg, "f.yaml", text, strlen(text), &d);
	fp = open_memstream(&out, &n);
	diag_print(&d, fp);
	fclose(fp);
	return rc;
}

static void
done(void)
{
	config_free(cfg);
	diags_release(&d);
	free(out);
	cfg = NULL;
	out = NULL;
}

/* the file's competitor and tags are each source's unless it says */
static void
test_feeds__file_defaults(void)
{
	const struct source *s;

	T_EQ_INT(load("competitor: acme\ntags: [blog, us]\nsources:\n"
	    "  - {id: a, kind: feed, url: 'https://a.example/f'}\n"
	    "  - {id: b, kind: feed, url: 'https://b.example/f',"
	    " competitor: beta, tags: [], every: 2h}\n"), 0);
	T_EQ_STR(out, "");
	T_EQ_INT(cfg->nsources, 2);
	s = config_source(cfg, "a");
	T_ASSERT(s != NULL);
	if (s != NULL) {
		T_EQ_STR(s->competitor, "acme");
		T_EQ_STR(s->tags[0], "blog");
		T_EQ_STR(s->tags[1], "us");
		T_ASSERT(s->tags[2] == NULL);
		T_EQ_STR(s->path, "f.yaml");
		T_EQ_INT(s->line, 4);
		T_ASSERT(s->headers != NULL && s->headers[0] == NULL);
	}
	s = config_source(cfg, "b");
	T_ASSERT(s != NULL);
	if (s != NULL) {
		T_EQ_STR(s->competitor, "beta");
		T_ASSERT(s->tags != NULL && s->tags[0] == NULL);
		T_EQ_INT(s->every, 7200);
	}
	done();
}

/* what is not one map with a list of sources */
static void
test_feeds__file_shape(void)
{
	T_EQ_INT(load(""), -1);
	T_EQ_STR(out, "f.yaml:1:1: error: feeds file is missing required "
	    "key 'sources'\n");
	T_EQ_INT(load("competitor: acme\n"), -1);
	T_CONTAINS(out, "f.yaml:1:1: error: feeds file is missing required "
	    "key 'sources'\n");
	T_EQ_INT(load("sources:\n"), 0);	/* none yet: fine */
	T_EQ_INT(cfg->nsources, 0);
	T_EQ_INT(load("sources: []\n---\nsources: []\n"), -1);
	T_EQ_STR(out, "f.yaml:3:1: error: a feeds file holds one YAML "
	    "document\n");
	T_EQ_INT(load("- id: a\n"), -1);
	T_EQ_STR(out, "f.yaml:1:1: error: feeds file must be a map, not a "
	    "list\n");
	T_EQ_INT(load("sources: [\n"), -1);
	T_CONTAINS(out, "f.yaml:2:1: error: invalid YAML: ");
	T_EQ_INT(load("sources:\n  - 3\n  - id: ok\n    kind: feed\n"
	    "    url: https://o.example/\n"), -1);
	T_EQ_STR(out, "f.yaml:2:5: error: source must be a map, not a "
	    "string\n");
	T_ASSERT(config_source(cfg, "ok") != NULL);	/* the rest loads */
	done();
}

/* ids: slugs of at most 64 characters, each defined once */
static void
test_feeds__ids(void)
{
	char text[512], id[66];

	memset(id, 'a', 65);
	id[65] = '\0';
	snprintf(text, sizeof(text), "sources:\n  - id: %s\n    kind: feed\n"
	    "    url: https://e.example/\n", id + 1);	/* 64 */
	T_EQ_INT(load(text), 0);
	snprintf(text, sizeof(text), "sources:\n  - id: %s\n    kind: feed\n"
	    "    url: https://e.example/\n", id);	/* 65 */
	T_EQ_INT(load(text), -1);
	T_CONTAINS(out, "f.yaml:2:9: error: invalid source id '");
	T_EQ_INT(cfg->nsources, 0);
	T_EQ_INT(load("sources:\n  - {kind: feed, url: 'https://e.example/'}\n"
	    "  - {id: x, kind: feed, url: 'https://e.example/'}\n"
	    "  - {id: x, kind: feed, url: 'https://e.example/'}\n"), -1);
	T_CONTAINS(out, "f.yaml:2:5: error: source is missing required key "
	    "'id'\n");
	T_CONTAINS(out, "f.yaml:4:10: error: duplicate source id 'x' (first "
	    "defined at f.yaml:3)\n");
	T_EQ_INT(cfg->nsources, 1);
	done();
}

/* request headers: names checked, values only by reference */
static void
test_feeds__headers(void)
{
	const struct source *s;

	T_EQ_INT(load("sources:\n  - id: h\n    kind: feed\n"
	    "    url: https://e.example/\n    headers:\n"
	    "      X-Key: {value_env: API_KEY}\n"
	    "      x-key: {value_env: OTHER}\n"
	    "      Bad Name: {value_env: A}\n"
	    "      X-Both: {value_env: A, value_file: /f}\n"
	    "      X-None: {}\n"
	    "      X-Env: {value_env: 1BAD}\n"
	    "      Transfer-Encoding: {value_env: A}\n"
	    "      X-Extra: {value_env: A, value: inline}\n"), -1);
	T_CONTAINS(out, "f.yaml:7:7: error: duplicate header 'x-key'\n");
	T_CONTAINS(out, "f.yaml:8:7: error: invalid header name 'Bad Name'\n");
	T_CONTAINS(out, "f.yaml:9:15: error: header 'X-Both' needs exactly "
	    "one of value_env and value_file\n");
	T_CONTAINS(out, "f.yaml:10:15: error: header 'X-None' needs exactly "
	    "one of value_env and value_file\n");
	T_CONTAINS(out, "f.yaml:11:26: error: 'value_env' must be an "
	    "environment variable name, not '1BAD'\n");
	T_CONTAINS(out, "f.yaml:12:7: error: header 'Transfer-Encoding' may "
	    "not be set\n");
	T_CONTAINS(out, "f.yaml:13:31: error: unknown key 'value' in header\n");
	T_EQ_INT(d.errors, 7);
	s = config_source(cfg, "h");
	T_ASSERT(s != NULL && s->nheaders == 1);
	if (s != NULL && s->nheaders == 1) {
		T_EQ_STR(s->headers[0], "X-Key: ");
		T_EQ_STR(s->header_refs[0].env, "API_KEY");
		T_ASSERT(s->header_refs[0].file == NULL);
	}
	T_EQ_INT(load("sources:\n  - id: h\n    kind: feed\n"
	    "    url: https://e.example/\n    headers: [X-Key]\n"), -1);
	T_EQ_STR(out, "f.yaml:5:14: error: 'headers' must be a map of header "
	    "names to {value_env: VAR} or {value_file: PATH}, not a list\n");
	done();
}

/* keys of one kind on another, and what each kind requires */
static void
test_feeds__kinds(void)
{
	const struct source *s;

	T_EQ_INT(load("sources:\n"
	    "  - {id: f, kind: feed, url: 'https://e.example/', board: x,"
	    " items: //a, select: //b, from: [a@b.c]}\n"
	    "  - {id: p, kind: page, url: 'https://e.example/', items: //a}\n"
	    "  - {id: h, kind: html, url: 'https://e.example/', select: //b}\n"
	    "  - {id: m, kind: maildir, path: m, from: ['*@e.example'],"
	    " message_max_bytes: 2MB, run_max_bytes: 1MB}\n"
	    "  - {id: e, kind: maildir, path: '', from: ['*@e.example']}\n"),
	    -1);
	T_CONTAINS(out, "f.yaml:2:52: error: 'board' does not apply to kind "
	    "'feed'\n");
	T_CONTAINS(out, "'items' does not apply to kind 'feed'\n");
	T_CONTAINS(out, "'select' does not apply to kind 'feed'\n");
	T_CONTAINS(out, "'from' does not apply to kind 'feed'\n");
	T_CONTAINS(out, "f.yaml:3:52: error: 'items' does not apply to kind "
	    "'page'\n");
	T_CONTAINS(out, "f.yaml:4:5: error: html source is missing required "
	    "key 'items'\n");
	T_CONTAINS(out, "f.yaml:4:52: error: 'select' does not apply to kind "
	    "'html'\n");
	T_CONTAINS(out, "f.yaml:5:5: error: 'run_max_bytes' must be at least "
	    "'message_max_bytes'\n");
	T_CONTAINS(out, "f.yaml:6:34: error: 'path' must not be empty\n");
	T_EQ_INT(d.errors, 9);

	/* a board gives the URL; an explicit url wins over it */
	T_EQ_INT(load("sources:\n  - {id: g, kind: greenhouse, board: acme}\n"
	    "  - {id: u, kind: greenhouse, board: acme,"
	    " url: 'https://jobs.example/acme'}\n"
	    "  - {id: s, kind: page, url: 'https://e.example/',"
	    " select: '//main'}\n"), 0);
	s = config_source(cfg, "g");
	T_ASSERT(s != NULL && s->url != NULL && strstr(s->url, "acme") &&
	    strncmp(s->url, "https://", 8) == 0);
	T_EQ_STR(s ? s->board : NULL, "acme");
	s = config_source(cfg, "u");
	T_EQ_STR(s ? s->url : NULL, "https://jobs.example/acme");
	s = config_source(cfg, "s");
	T_EQ_STR(s ? s->select_xpath : NULL, "//main");
	done();
}

/* a feeds file that cannot be read: one error naming it */
static void
test_feeds__unreadable(void)
{
	struct config *c = config_new();
	struct diags dd = DIAGS_INIT;

	T_EQ_INT(config_load_feeds_file(c, "/nonexistent/feeds/x.yaml", &dd),
	    -1);
	T_EQ_INT(dd.errors, 1);
	T_EQ_INT(dd.n, 1);
	T_EQ_STR(dd.n ? dd.v[0].path : NULL, "/nonexistent/feeds/x.yaml");
	T_EQ_INT(c->nsources, 0);
	config_free(c);
	diags_release(&dd);
}

T_MAIN(T_CASE(test_feeds__file_defaults),
    T_CASE(test_feeds__file_shape),
    T_CASE(test_feeds__ids),
    T_CASE(test_feeds__headers),
    T_CASE(test_feeds__kinds),
    T_CASE(test_feeds__unreadable))
