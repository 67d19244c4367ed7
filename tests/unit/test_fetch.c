/*
 * fetch: every case runs against tests/helpers/fixture_httpd.py, started
 * here on 127.0.0.1 with an ephemeral port and stopped by its pid.
 */
#include "fetch.h"
#include "url.h"

#include <sys/stat.h>
#include <sys/time.h>
#include <sys/types.h>
#include <sys/wait.h>

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <jansson.h>

#include "t.h"

#define SCRIPT "tests/helpers/fixture_httpd.py"

struct srv {
	pid_t	pid;
	int	port;
	char	dir[64];
	char	routes[128];
	char	log[128];
	char	portfile[128];
};

static double
now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void
sleep_ms(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };

	nanosleep(&ts, NULL);
}

static int
write_text(const char *path, const char *text)
{
	char tmp[256];
	FILE *fp;

	snprintf(tmp, sizeof(tmp), "%s.tmp", path);
	fp = fopen(tmp, "w");
	if (fp == NULL)
		return -1;
	fputs(text, fp);
	if (fclose(fp) != 0)
		return -1;
	return rename(tmp, path);
}

/*
 * A server started in s->pid writes its port to s->portfile once it
 * listens: wait for it, at most 10 s; -1 when the server died first or
 * never wrote it.
 */
static int
srv_wait_port(struct srv *s)
{
	FILE *fp;
	int status;

	for (int i = 0; i < 500; i++) {
		fp = fopen(s->portfile, "r");
		if (fp != NULL) {
			if (fscanf(fp, "%d", &s->port) != 1)
				s->port = 0;
			fclose(fp);
			if (s->port > 0)
				return 0;
		}
		if (waitpid(s->pid, &status, WNOHANG) == s->pid) {
			s->pid = 0;
			return -1;
		}
		sleep_ms(20);
	}
	return -1;
}

#define TLS_CERT "tests/fixtures/http/tls-cert.pem"
#define TLS_KEY "tests/fixtures/http/tls-key.pem"

/* start the fixture server with these routes (HTTPS when tls); 0 on
 * success */
static int
srv_start_tls(struct srv *s, const char *routes, int tls)
{
	char maxs[] = "120";

	memset(s, 0, sizeof(*s));
	snprintf(s->dir, sizeof(s->dir), "/tmp/sigwatch-fetch-XXXXXX");
	if (mkdtemp(s->dir) == NULL)
		return -1;
	snprintf(s->routes, sizeof(s->routes), "%s/routes.json", s->dir);
	snprintf(s->log, sizeof(s->log), "%s/log.jsonl", s->dir);
	snprintf(s->portfile, sizeof(s->portfile), "%s/port", s->dir);
	if (write_text(s->routes, routes) != 0)
		return -1;
	s->pid = fork();
	if (s->pid < 0)
		return -1;
	if (s->pid == 0) {
		int fd = open("/dev/null", O_RDWR);

		if (fd >= 0) {
			dup2(fd, 0);
			dup2(fd, 1);
		}
		if (tls) {
			execl("/usr/bin/python3", "python3", SCRIPT,
			    "--routes", s->routes, "--port-file", s->portfile,
			    "--log", s->log, "--max-seconds", maxs,
			    "--tls-cert", TLS_CERT, "--tls-key", TLS_KEY,
			    (char *)NULL);
			execlp("python3", "python3", SCRIPT,
			    "--routes", s->routes, "--port-file", s->portfile,
			    "--log", s->log, "--max-seconds", maxs,
			    "--tls-cert", TLS_CERT, "--tls-key", TLS_KEY,
			    (char *)NULL);
		} else {
			execl("/usr/bin/python3", "python3", SCRIPT,
			    "--routes", s->routes, "--port-file", s->portfile,
			    "--log", s->log, "--max-seconds", maxs,
			    (char *)NULL);
			execlp("python3", "python3", SCRIPT,
			    "--routes", s->routes, "--port-file", s->portfile,
			    "--log", s->log, "--max-seconds", maxs,
			    (char *)NULL);
		}
		_exit(127);
	}
	return srv_wait_port(s);
}

static int
srv_start(struct srv *s, const char *routes)
{
	return srv_start_tls(s, routes, 0);
}

static void
srv_stop(struct srv *s)
{
	int status;
	char path[256];

	if (s->pid > 0) {
		kill(s->pid, SIGTERM);
		for (int i = 0; i < 100; i++) {
			if (waitpid(s->pid, &status, WNOHANG) == s->pid) {
				s->pid = 0;
				break;
			}
			sleep_ms(20);
		}
		if (s->pid > 0) {
			kill(s->pid, SIGKILL);
			waitpid(s->pid, &status, 0);
			s->pid = 0;
		}
	}
	if (s->dir[0] != '\0') {
		unlink(s->routes);
		unlink(s->log);
		unlink(s->portfile);
		snprintf(path, sizeof(path), "%s/routes.json.tmp", s->dir);
		unlink(path);
		rmdir(s->dir);
	}
}

static char *
srv_url(const struct srv *s, const char *path)
{
	static char u[8][256];
	static int k;
	char *p = u[k++ % 8];

	snprintf(p, sizeof(u[0]), "http://127.0.0.1:%d%s", s->port, path);
	return p;
}

/* the logged requests, as an array of JSON objects */
static json_t *
srv_requests(const struct srv *s)
{
	json_t *arr = json_array(), *o;
	FILE *fp = fopen(s->log, "r");
	char line[65536];

	if (fp == NULL)
		return arr;
	while (fgets(line, sizeof(line), fp) != NULL) {
		o = json_loads(line, 0, NULL);
		if (o != NULL)
			json_array_append_new(arr, o);
	}
	fclose(fp);
	return arr;
}

/* how many requests reached path (NULL: all) */
static int
srv_count(const struct srv *s, const char *path)
{
	json_t *arr = srv_requests(s), *o;
	size_t i;
	int n = 0;

	json_array_foreach(arr, i, o) {
		const char *p = json_string_value(json_object_get(o, "path"));

		if (path == NULL || (p != NULL && strcmp(p, path) == 0))
			n++;
	}
	json_decref(arr);
	return n;
}

/* the last request to path, borrowed from *arr (caller json_decref) */
static json_t *
srv_last(const struct srv *s, const char *path, json_t **arr)
{
	json_t *o, *last = NULL;
	size_t i;

	*arr = srv_requests(s);
	json_array_foreach(*arr, i, o) {
		const char *p = json_string_value(json_object_get(o, "path"));

		if (p != NULL && strcmp(p, path) == 0)
			last = o;
	}
	return last;
}

static const char *
req_header(json_t *req, const char *name)
{
	return json_string_value(json_object_get(json_object_get(req,
	    "headers"), name));
}

/* ---- running fetches ---- */

struct got {
	struct fetch_res res;
	int		 calls;
};

static void
keep_cb(struct fetch_res *res, void *payload)
{
	struct got *g = payload;

	g->calls++;
	g->res = *res;
	/* take every pointer: the fetcher frees only what is left */
	memset(res, 0, sizeof(*res));
}

static void
got_release(struct got *g)
{
	fetch_res_release(&g->res);
	g->calls = 0;
}

static struct fetch_opts
opts_local(void)
{
	struct fetch_opts o;

	memset(&o, 0, sizeof(o));
	o.concurrency = 8;
	o.per_host = 4;
	o.timeout = 10;
	o.connect_timeout = 5;
	o.max_bytes = 1024 * 1024;
	o.user_agent = "sigwatch-test/1";
	o.allow_private = 1;
	return o;
}

/* one GET with opts; the result lands in g */
static void
fetch_one(const struct fetch_opts *o, const struct fetch_req *req,
    struct got *g)
{
	struct fetcher *f = NULL;
	struct err e = ERR_INIT;

	memset(g, 0, sizeof(*g));
	T_ASSERT(fetch_new(&f, o, &e) == 0);
	if (f == NULL)
		return;
	fetch_add(f, req, keep_cb, g);
	T_ASSERT(fetch_run(f, &e) == 0);
	T_EQ_INT(g->calls, 1);
	fetch_free(f);
}

static void
get_url(const struct fetch_opts *o, const char *url, struct got *g)
{
	struct fetch_req req;

	memset(&req, 0, sizeof(req));
	req.url = url;
	fetch_one(o, &req, g);
}

/* ---- cases ---- */

static void
test_fetch__ok_body_and_headers(void)
{
	struct srv s;
	struct fetch_opts o = opts_local();
	struct fetch_req req;
	struct got g;
	json_t *arr = NULL, *r;
	const char *hdrs[] = { "X-Api-Key: k1", "Bad\r\nInjected: 1",
	    NULL };

	T_ASSERT(srv_start(&s, "{\"/a\": {\"body\": \"hello\", "
	    "\"etag\": \"\\\"v1\\\"\", "
	    "\"last_modified\": \"Wed, 21 Oct 2015 07:28:00 GMT\", "
	    "\"content_type\": \"Application/RSS+XML; charset=\\\"ISO-8859-1\\\"\"},"
	    "\"/gz\": {\"body\": \"zipped text\", \"gzip\": true},"
	    "\"/redir\": {\"redirect\": \"/final\", \"etag\": \"\\\"hop\\\"\"},"
	    "\"/final\": {\"body\": \"landed\"}}") == 0);
	memset(&req, 0, sizeof(req));
	req.url = srv_url(&s, "/a");
	req.headers = hdrs;
	fetch_one(&o, &req, &g);
	T_EQ_INT(g.res.status, FETCH_OK);
	T_EQ_INT(g.res.http_status, 200);
	T_EQ_STR(g.res.body, "hello");
	T_EQ_INT(g.res.len, 5);
	T_EQ_STR(g.res.etag, "\"v1\"");
	T_EQ_STR(g.res.last_modified, "Wed, 21 Oct 2015 07:28:00 GMT");
	T_EQ_STR(g.res.content_type, "application/rss+xml");
	T_EQ_STR(g.res.charset, "ISO-8859-1");
	T_EQ_INT(g.res.retry_after, -1);
	T_CONTAINS(g.res.final_url, "/a");
	r = srv_last(&s, "/a", &arr);
	T_ASSERT(r != NULL);
	T_EQ_STR(req_header(r, "user-agent"), "sigwatch-test/1");
	T_EQ_STR(req_header(r, "x-api-key"), "k1");
	T_ASSERT(req_header(r, "injected") == NULL);
	T_ASSERT(req_header(r, "if-none-match") == NULL);
	T_ASSERT(req_header(r, "accept-encoding") != NULL);
	json_decref(arr);
	got_release(&g);

	/* gzip content encoding is decoded */
	get_url(&o, srv_url(&s, "/gz"), &g);
	T_EQ_INT(g.res.status, FETCH_OK);
	T_EQ_STR(g.res.body, "zipped text");
	got_release(&g);

	/* headers of a redirect hop do not leak into the final response */
	get_url(&o, srv_url(&s, "/redir"), &g);
	T_EQ_INT(g.res.status, FETCH_OK);
	T_EQ_STR(g.res.body, "landed");
	T_ASSERT(g.res.etag == NULL);
	T_CONTAINS(g.res.final_url, "/final");
	got_release(&g);
	srv_stop(&s);
}

static void
test_fetch__conditional_get(void)
{
	struct srv s;
	struct fetch_opts o = opts_local();
	struct fetch_req req;
	struct got g;
	json_t *arr = NULL, *r;

	T_ASSERT(srv_start(&s, "{\"/e\": {\"body\": \"x\", "
	    "\"etag\": \"W/\\\"v1\\\"\"},"
	    "\"/lm\": {\"body\": \"y\", "
	    "\"last_modified\": \"Wed, 21 Oct 2015 07:28:00 GMT\"}}") == 0);
	memset(&req, 0, sizeof(req));
	req.url = srv_url(&s, "/e");
	req.etag = "W/\"v1\"";
	fetch_one(&o, &req, &g);
	T_EQ_INT(g.res.status, FETCH_UNCHANGED);
	T_EQ_INT(g.res.http_status, 304);
	T_ASSERT(g.res.body == NULL);
	r = srv_last(&s, "/e", &arr);
	T_EQ_STR(req_header(r, "if-none-match"), "W/\"v1\"");
	json_decref(arr);
	got_release(&g);

	/* a stale validator gets the body */
	req.etag = "\"v0\"";
	fetch_one(&o, &req, &g);
	T_EQ_INT(g.res.status, FETCH_OK);
	T_EQ_STR(g.res.body, "x");
	got_release(&g);

	memset(&req, 0, sizeof(req));
	req.url = srv_url(&s, "/lm");
	req.last_modified = "Wed, 21 Oct 2015 07:28:00 GMT";
	fetch_one(&o, &req, &g);
	T_EQ_INT(g.res.status, FETCH_UNCHANGED);
	got_release(&g);

	/* a validator that would inject a header is not sent */
	memset(&req, 0, sizeof(req));
	req.url = srv_url(&s, "/e");
	req.etag = "\"v1\"\r\nX-Evil: 1";
	fetch_one(&o, &req, &g);
	T_EQ_INT(g.res.status, FETCH_OK);
	r = srv_last(&s, "/e", &arr);
	T_ASSERT(req_header(r, "if-none-match") == NULL);
	T_ASSERT(req_header(r, "x-evil") == NULL);
	json_decref(arr);
	got_release(&g);
	srv_stop(&s);
}

struct many {
	int	ok, calls;
};

static void
count_cb(struct fetch_res *res, void *payload)
{
	struct many *m = payload;

	m->calls++;
	if (res->status == FETCH_OK)
		m->ok++;
}

static int
max_inflight(const struct srv *s)
{
	json_t *arr = srv_requests(s), *o;
	size_t i;
	int max = 0;

	json_array_foreach(arr, i, o) {
		int n = (int)json_integer_value(json_object_get(o, "inflight"));

		if (n > max)
			max = n;
	}
	json_decref(arr);
	return max;
}

static void
run_many(struct srv *s, unsigned conc, unsigned per_host, int n,
    struct many *m, double *secs)
{
	struct fetch_opts o = opts_local();
	struct fetcher *f = NULL;
	struct fetch_req req;
	struct err e = ERR_INIT;
	char path[32];
	double t0;

	o.concurrency = conc;
	o.per_host = per_host;
	memset(m, 0, sizeof(*m));
	T_ASSERT(fetch_new(&f, &o, &e) == 0);
	for (int i = 0; i < n; i++) {
		snprintf(path, sizeof(path), "/slow%d", i);
		memset(&req, 0, sizeof(req));
		req.url = srv_url(s, path);	/* copied by fetch_add */
		fetch_add(f, &req, count_cb, m);
	}
	t0 = now_s();
	T_ASSERT(fetch_run(f, &e) == 0);
	*secs = now_s() - t0;
	fetch_free(f);
}

static void
test_fetch__concurrency_cap(void)
{
	struct srv s;
	struct many m;
	double secs;

	T_ASSERT(srv_start(&s, "{\"*\": {\"body\": \"slow\", "
	    "\"delay\": 0.3}}") == 0);
	run_many(&s, 2, 4, 8, &m, &secs);
	T_EQ_INT(m.calls, 8);
	T_EQ_INT(m.ok, 8);
	T_EQ_INT(srv_count(&s, NULL), 8);
	T_ASSERT(max_inflight(&s) <= 2);
	T_ASSERT(max_inflight(&s) == 2);	/* and it did run in parallel */
	T_ASSERT(secs >= 1.1);
	srv_stop(&s);

	/* per-host cap below the total cap */
	T_ASSERT(srv_start(&s, "{\"*\": {\"body\": \"slow\", "
	    "\"delay\": 0.3}}") == 0);
	run_many(&s, 8, 3, 9, &m, &secs);
	T_EQ_INT(m.ok, 9);
	T_ASSERT(max_inflight(&s) <= 3);
	T_ASSERT(secs >= 0.85);
	srv_stop(&s);
}

struct pager {
	struct fetcher	*f;
	const struct srv *s;
	int		 pages;
	char		 last[32];
};

static void
page_cb(struct fetch_res *res, void *payload)
{
	struct pager *p = payload;
	struct fetch_req req;
	char path[32];

	if (res->status != FETCH_OK)
		return;
	p->pages++;
	snprintf(p->last, sizeof(p->last), "%s", res->body);
	if (p->pages < 3) {
		snprintf(path, sizeof(path), "/page%d", p->pages + 1);
		memset(&req, 0, sizeof(req));
		req.url = srv_url(p->s, path);
		fetch_add(p->f, &req, page_cb, p);
	}
}

static void
test_fetch__callback_queues_more(void)
{
	struct srv s;
	struct fetch_opts o = opts_local();
	struct pager p;
	struct fetch_req req;
	struct err e = ERR_INIT;

	T_ASSERT(srv_start(&s, "{\"/page1\": {\"body\": \"one\"},"
	    "\"/page2\": {\"body\": \"two\"},"
	    "\"/page3\": {\"body\": \"three\"}}") == 0);
	memset(&p, 0, sizeof(p));
	p.s = &s;
	T_ASSERT(fetch_new(&p.f, &o, &e) == 0);
	memset(&req, 0, sizeof(req));
	req.url = srv_url(&s, "/page1");
	fetch_add(p.f, &req, page_cb, &p);
	T_ASSERT(fetch_run(p.f, &e) == 0);
	T_EQ_INT(p.pages, 3);
	T_EQ_STR(p.last, "three");
	fetch_free(p.f);
	srv_stop(&s);
}

static void
test_fetch__byte_cap(void)
{
	struct srv s;
	struct fetch_opts o = opts_local();
	struct got g;
	double t0;

	T_ASSERT(srv_start(&s, "{"
	    "\"/chunked\": {\"generate\": {\"bytes\": 52428800}, "
	    "\"chunked\": true},"
	    "\"/bomb\": {\"generate\": {\"bytes\": 52428800, \"byte\": \"0\"},"
	    " \"gzip\": true},"
	    "\"/known\": {\"generate\": {\"bytes\": 3000000}},"
	    "\"/fits\": {\"generate\": {\"bytes\": 1048576}, "
	    "\"chunked\": true}}") == 0);
	o.max_bytes = 1024 * 1024;

	t0 = now_s();
	get_url(&o, srv_url(&s, "/chunked"), &g);
	T_EQ_INT(g.res.status, FETCH_TOOLARGE);
	T_EQ_STR(g.res.error, "response larger than 1048576 bytes");
	T_ASSERT(g.res.body == NULL);
	T_ASSERT(now_s() - t0 < 5);
	got_release(&g);

	t0 = now_s();
	get_url(&o, srv_url(&s, "/bomb"), &g);
	T_EQ_INT(g.res.status, FETCH_TOOLARGE);
	T_ASSERT(g.res.body == NULL);
	T_ASSERT(now_s() - t0 < 5);
	got_release(&g);

	/* Content-Length over the cap: refused up front */
	get_url(&o, srv_url(&s, "/known"), &g);
	T_EQ_INT(g.res.status, FETCH_TOOLARGE);
	got_release(&g);

	/* exactly the cap is fine */
	get_url(&o, srv_url(&s, "/fits"), &g);
	T_EQ_INT(g.res.status, FETCH_OK);
	T_EQ_INT(g.res.len, 1048576);
	got_release(&g);
	srv_stop(&s);
}

static void
test_fetch__redirects(void)
{
	struct srv s;
	struct fetch_opts o = opts_local();
	struct got g;
	char routes[512];

	T_ASSERT(srv_start(&s, "{\"/loop\": {\"redirect\": \"/loop\"},"
	    "\"/tofile\": {\"redirect\": \"file:///etc/hostname\"},"
	    "\"/toftp\": {\"redirect\": \"ftp://127.0.0.1/x\"},"
	    "\"/perm\": {\"redirect\": \"/a\", \"status\": 301},"
	    "\"/a\": {\"body\": \"ok\"}}") == 0);
	get_url(&o, srv_url(&s, "/loop"), &g);
	T_EQ_INT(g.res.status, FETCH_TRANSIENT);
	T_EQ_STR(g.res.error, "too many redirects");
	T_ASSERT(srv_count(&s, "/loop") <= 6);
	T_ASSERT(srv_count(&s, "/loop") >= 5);
	got_release(&g);

	get_url(&o, srv_url(&s, "/tofile"), &g);
	T_EQ_INT(g.res.status, FETCH_POLICY);
	T_EQ_STR(g.res.error, "redirect to a refused scheme (file)");
	got_release(&g);

	get_url(&o, srv_url(&s, "/toftp"), &g);
	T_EQ_INT(g.res.status, FETCH_POLICY);
	got_release(&g);

	get_url(&o, srv_url(&s, "/perm"), &g);
	T_EQ_INT(g.res.status, FETCH_OK);
	T_EQ_STR(g.res.body, "ok");
	got_release(&g);

	/* configured URLs: refused without any request */
	get_url(&o, "file:///etc/passwd", &g);
	T_EQ_INT(g.res.status, FETCH_POLICY);
	got_release(&g);
	get_url(&o, "file:/etc/passwd", &g);
	T_EQ_INT(g.res.status, FETCH_POLICY);
	got_release(&g);
	snprintf(routes, sizeof(routes), "ftp://127.0.0.1:%d/a", s.port);
	get_url(&o, routes, &g);
	T_EQ_INT(g.res.status, FETCH_POLICY);
	T_CONTAINS(g.res.error, "ftp");
	got_release(&g);
	get_url(&o, "not a url", &g);
	T_EQ_INT(g.res.status, FETCH_POLICY);
	got_release(&g);
	T_EQ_INT(srv_count(&s, "/a"), 1);
	srv_stop(&s);
}

static void
test_fetch__private_addresses(void)
{
	struct srv s;
	struct fetch_opts o = opts_local();
	struct got g;
	char routes[1024];
	static const char *const lit[] = {
		"10.1.2.3", "172.16.0.1", "172.31.255.1", "192.168.1.1",
		"169.254.169.254", "100.64.0.1", "0.0.0.0", "127.0.0.2",
		"224.0.0.1", "255.255.255.255", "[::1]", "[::]",
		"[fc00::1]", "[fd12::1]", "[ff02::1]", "[::ffff:10.0.0.1]",
		"[::ffff:127.0.0.1]", "[64:ff9b::a00:1]", "[2002:a00:1::1]",
		"0x7f.1", "2130706433",
	};

	T_ASSERT(srv_start(&s, "{\"/a\": {\"body\": \"secret\"}}") == 0);
	o.allow_private = 0;
	get_url(&o, srv_url(&s, "/a"), &g);
	T_EQ_INT(g.res.status, FETCH_POLICY);
	T_EQ_STR(g.res.error, "refused private address 127.0.0.1 (allowed "
	    "only with fetch.allow_private_addresses: true)");
	T_ASSERT(g.res.body == NULL);
	got_release(&g);
	T_EQ_INT(srv_count(&s, NULL), 0);

	/* refused before connect(): these never leave the host */
	for (size_t i = 0; i < sizeof(lit) / sizeof(lit[0]); i++) {
		char url[128];

		snprintf(url, sizeof(url), "http://%s:%d/a", lit[i], s.port);
		get_url(&o, url, &g);
		if (g.res.status != FETCH_POLICY)
			fprintf(stderr, "not refused: %s (%s)\n", lit[i],
			    g.res.error);
		T_EQ_INT(g.res.status, FETCH_POLICY);
		T_CONTAINS(g.res.error, "refused private address");
		got_release(&g);
	}
	T_EQ_INT(srv_count(&s, NULL), 0);
	srv_stop(&s);

	/* after a redirect: the first hop is allowed (test allow-list) */
	T_ASSERT(srv_start(&s, "{\"/a\": {\"body\": \"public\"}}") == 0);
	snprintf(routes, sizeof(routes), "{"
	    "\"/a\": {\"body\": \"public\"},"
	    "\"/to2\": {\"redirect\": \"http://127.0.0.2:%d/secret\"},"
	    "\"/to6\": {\"redirect\": \"http://[::ffff:127.0.0.1]:%d/secret\"},"
	    "\"/secret\": {\"body\": \"INTERNAL-SECRET\"}}", s.port, s.port);
	T_ASSERT(write_text(s.routes, routes) == 0);
	o.allow_addr = "127.0.0.1";
	get_url(&o, srv_url(&s, "/a"), &g);
	T_EQ_INT(g.res.status, FETCH_OK);
	got_release(&g);
	get_url(&o, srv_url(&s, "/to2"), &g);
	T_EQ_INT(g.res.status, FETCH_POLICY);
	T_EQ_STR(g.res.error, "refused private address 127.0.0.2 (allowed "
	    "only with fetch.allow_private_addresses: true)");
	got_release(&g);
	get_url(&o, srv_url(&s, "/to6"), &g);
	T_EQ_INT(g.res.status, FETCH_POLICY);
	T_ASSERT(g.res.body == NULL);
	got_release(&g);
	T_EQ_INT(srv_count(&s, "/to2"), 1);
	T_EQ_INT(srv_count(&s, "/secret"), 0);
	srv_stop(&s);
}

static void
test_fetch__status_classes(void)
{
	struct srv s;
	struct fetch_opts o = opts_local();
	struct got g;
	char future[64], routes[2048];
	time_t t = time(NULL) + 120;
	struct tm tm;
	static const struct { const char *path; int status; long code; }
	    cases[] = {
		{ "/404", FETCH_TRANSIENT, 404 },
		{ "/410", FETCH_PERMANENT, 410 },
		{ "/401", FETCH_PERMANENT, 401 },
		{ "/403", FETCH_PERMANENT, 403 },
		{ "/500", FETCH_TRANSIENT, 500 },
		{ "/400", FETCH_TRANSIENT, 400 },
		{ "/204", FETCH_OK, 204 },
	};

	gmtime_r(&t, &tm);
	strftime(future, sizeof(future), "%a, %d %b %Y %H:%M:%S GMT", &tm);
	snprintf(routes, sizeof(routes), "{"
	    "\"/404\": {\"status\": 404}, \"/410\": {\"status\": 410},"
	    "\"/401\": {\"status\": 401}, \"/403\": {\"status\": 403},"
	    "\"/500\": {\"status\": 500}, \"/400\": {\"status\": 400},"
	    "\"/204\": {\"status\": 204},"
	    "\"/429\": {\"status\": 429, \"retry_after\": \"7\"},"
	    "\"/503\": {\"status\": 503, \"retry_after\": \"%s\"},"
	    "\"/huge\": {\"status\": 429, \"retry_after\": \"999999999999\"},"
	    "\"/past\": {\"status\": 503, "
	    "\"retry_after\": \"Wed, 21 Oct 2015 07:28:00 GMT\"},"
	    "\"/trunc\": {\"body\": \"0123456789\", \"truncate\": 4},"
	    "\"/junk\": {\"status\": 503, \"retry_after\": \"soon\"}}",
	    future);
	T_ASSERT(srv_start(&s, routes) == 0);
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		get_url(&o, srv_url(&s, cases[i].path), &g);
		T_EQ_INT(g.res.status, cases[i].status);
		T_EQ_INT(g.res.http_status, cases[i].code);
		if (cases[i].status != FETCH_OK) {
			char want[32];

			snprintf(want, sizeof(want), "HTTP %ld", cases[i].code);
			T_EQ_STR(g.res.error, want);
		}
		got_release(&g);
	}
	get_url(&o, srv_url(&s, "/429"), &g);
	T_EQ_INT(g.res.status, FETCH_TRANSIENT);
	T_EQ_INT(g.res.retry_after, 7);
	got_release(&g);
	get_url(&o, srv_url(&s, "/503"), &g);
	T_EQ_INT(g.res.status, FETCH_TRANSIENT);
	T_ASSERT(g.res.retry_after >= 100 && g.res.retry_after <= 121);
	got_release(&g);
	get_url(&o, srv_url(&s, "/huge"), &g);
	T_EQ_INT(g.res.retry_after, 86400);
	got_release(&g);
	get_url(&o, srv_url(&s, "/past"), &g);
	T_EQ_INT(g.res.retry_after, 0);
	got_release(&g);
	get_url(&o, srv_url(&s, "/junk"), &g);
	T_EQ_INT(g.res.retry_after, -1);
	got_release(&g);
	/* a body cut short is a failure, and no partial body is handed on */
	get_url(&o, srv_url(&s, "/trunc"), &g);
	T_EQ_INT(g.res.status, FETCH_TRANSIENT);
	T_ASSERT(g.res.body == NULL);
	got_release(&g);
	srv_stop(&s);

	/* nothing listens on port 1: transient, not policy */
	get_url(&o, "http://127.0.0.1:1/", &g);
	T_EQ_INT(g.res.status, FETCH_TRANSIENT);
	T_EQ_INT(g.res.http_status, 0);
	T_ASSERT(g.res.error[0] != '\0');
	got_release(&g);
}

static void
test_fetch__slow_drip(void)
{
	struct srv s;
	struct fetch_opts o = opts_local();
	struct got g;
	double t0, dt;

	T_ASSERT(srv_start(&s, "{\"/drip\": {\"drip\": {\"bytes\": 1, "
	    "\"every\": 2.0, \"total\": 50}},"
	    "\"/stall\": {\"delay\": 30, \"body\": \"late\"}}") == 0);
	o.timeout = 3;
	o.connect_timeout = 2;
	t0 = now_s();
	get_url(&o, srv_url(&s, "/drip"), &g);
	dt = now_s() - t0;
	T_EQ_INT(g.res.status, FETCH_TRANSIENT);
	T_CONTAINS(g.res.error, "timeout");
	T_ASSERT(dt >= 0.9 && dt < 5);
	got_release(&g);

	t0 = now_s();
	get_url(&o, srv_url(&s, "/stall"), &g);
	dt = now_s() - t0;
	T_EQ_INT(g.res.status, FETCH_TRANSIENT);
	T_CONTAINS(g.res.error, "timeout");
	T_ASSERT(dt < 5);
	got_release(&g);
	srv_stop(&s);
}

static void
test_fetch__post(void)
{
	struct srv s;
	struct fetch_opts o = opts_local();
	struct fetch_res res;
	struct err e = ERR_INIT;
	json_t *arr = NULL, *r;
	const char *body = "{\"text\":\"hi\"}";
	const char *hdrs[] = { "X-Signature: sha256=abc", NULL };
	char url[256];
	int rc;

	T_ASSERT(srv_start(&s, "{\"/hooks/T1/B2/SECRETX\": ["
	    "{\"status\": 500, \"body\": \"rollup_error\"},"
	    "{\"status\": 429, \"retry_after\": \"3\"},"
	    "{\"status\": 410, \"body\": \"channel_is_archived\"},"
	    "{\"status\": 200, \"body\": \"ok\"}],"
	    "\"/big\": {\"generate\": {\"bytes\": 200000}},"
	    "\"/moved\": {\"redirect\": \"/elsewhere\"}}") == 0);
	snprintf(url, sizeof(url), "http://127.0.0.1:%d/hooks/T1/B2/SECRETX",
	    s.port);

	rc = fetch_post(&res, &o, url, "application/json", body,
	    strlen(body), hdrs, &e);
	T_ASSERT(rc < 0);
	T_EQ_INT(res.status, FETCH_TRANSIENT);
	T_EQ_INT(res.http_status, 500);
	T_EQ_STR(res.body, "rollup_error");
	fetch_res_release(&res);

	rc = fetch_post(&res, &o, url, "application/json", body,
	    strlen(body), hdrs, &e);
	T_ASSERT(rc < 0);
	T_EQ_INT(res.http_status, 429);
	T_EQ_INT(res.retry_after, 3);
	fetch_res_release(&res);

	rc = fetch_post(&res, &o, url, "application/json", body,
	    strlen(body), hdrs, &e);
	T_ASSERT(rc < 0);
	T_EQ_INT(res.status, FETCH_PERMANENT);
	T_EQ_STR(res.body, "channel_is_archived");
	fetch_res_release(&res);

	rc = fetch_post(&res, &o, url, "application/json", body,
	    strlen(body), hdrs, &e);
	T_EQ_INT(rc, 0);
	T_EQ_INT(res.status, FETCH_OK);
	T_EQ_STR(res.body, "ok");
	T_ASSERT(res.final_url == NULL);
	fetch_res_release(&res);

	r = srv_last(&s, "/hooks/T1/B2/SECRETX", &arr);
	T_ASSERT(r != NULL);
	T_EQ_STR(json_string_value(json_object_get(r, "method")), "POST");
	T_EQ_STR(json_string_value(json_object_get(r, "body")), body);
	T_EQ_STR(req_header(r, "content-type"), "application/json");
	T_EQ_STR(req_header(r, "x-signature"), "sha256=abc");
	T_EQ_INT(json_integer_value(json_object_get(r, "n")), 4);
	json_decref(arr);

	/* a large answer is cut at 64 KB, not an error */
	snprintf(url, sizeof(url), "http://127.0.0.1:%d/big", s.port);
	rc = fetch_post(&res, &o, url, "application/json", body,
	    strlen(body), NULL, &e);
	T_EQ_INT(rc, 0);
	T_EQ_INT(res.len, 65536);
	fetch_res_release(&res);

	/* no redirects followed */
	snprintf(url, sizeof(url), "http://127.0.0.1:%d/moved", s.port);
	rc = fetch_post(&res, &o, url, "application/json", body,
	    strlen(body), NULL, &e);
	T_ASSERT(rc < 0);
	T_EQ_INT(res.http_status, 302);
	T_EQ_INT(srv_count(&s, "/elsewhere"), 0);
	fetch_res_release(&res);
	srv_stop(&s);

	/* connection failure: the secret URL appears nowhere */
	rc = fetch_post(&res, &o,
	    "http://user:pw@127.0.0.1:1/services/SECRETPATH?token=TOK",
	    "application/json", body, strlen(body), NULL, &e);
	T_ASSERT(rc < 0);
	T_EQ_INT(res.status, FETCH_TRANSIENT);
	T_ASSERT(res.error[0] != '\0');
	T_ASSERT(strstr(res.error, "SECRETPATH") == NULL);
	T_ASSERT(strstr(res.error, "TOK") == NULL);
	T_ASSERT(strstr(res.error, "pw") == NULL);
	T_ASSERT(strstr(res.error, "127.0.0.1") == NULL);
	T_ASSERT(strstr(e.msg, "SECRETPATH") == NULL);
	T_ASSERT(strstr(e.msg, "TOK") == NULL);
	fetch_res_release(&res);

	rc = fetch_post(&res, NULL, "file:///etc/passwd", "text/plain", "x",
	    1, NULL, &e);
	T_EQ_INT(rc, ERR_POLICY);
	T_EQ_INT(res.status, FETCH_POLICY);
	fetch_res_release(&res);
}

static void
test_fetch__url_helpers(void)
{
	static const struct { const char *base, *ref, *want; } cases[] = {
		{ "https://a.example/b/c/d?q=1#f", "e",
		    "https://a.example/b/c/e" },
		{ "https://a.example/b/c/d", "../x",
		    "https://a.example/b/x" },
		{ "https://a.example/b/c/d", "../../../../x",
		    "https://a.example/x" },
		{ "https://a.example/b/c/d", "/root",
		    "https://a.example/root" },
		{ "https://a.example/b/", "https://o.example/y",
		    "https://o.example/y" },
		{ "https://a.example/b/", "//cdn.example/x",
		    "https://cdn.example/x" },
		{ "http://a.example/b/", "//cdn.example/x",
		    "http://cdn.example/x" },
		{ "https://a.example/b/c?q=1#f", "#frag",
		    "https://a.example/b/c?q=1#frag" },
		{ "https://a.example/b/c?q=1#f", "?q=2",
		    "https://a.example/b/c?q=2" },
		{ "https://a.example/b/c?q=1#f", "",
		    "https://a.example/b/c?q=1" },
		{ "https://a.example/b/", "  post.html\n",
		    "https://a.example/b/post.html" },
		{ "https://a.example/b/", "a b",
		    "https://a.example/b/a%20b" },
		{ "https://a.example/b/", "https://o.example/a b",
		    "https://o.example/a%20b" },
		{ "not a url", "https://o.example/y",
		    "https://o.example/y" },
	};
	struct err e = ERR_INIT;
	char *r;

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		r = url_resolve(cases[i].base, cases[i].ref);
		T_EQ_STR(r, cases[i].want);
		free(r);
	}
	T_ASSERT(url_resolve("https://a.example/", "javascript:alert(1)") ==
	    NULL);
	T_ASSERT(url_resolve("not a url", "x") == NULL);

	T_EQ_INT(url_check("https://a.example/feed", &e), 0);
	T_EQ_INT(url_check("http://a.example:8080/", &e), 0);
	T_EQ_INT(url_check("file:/etc/passwd", &e), ERR_POLICY);
	T_EQ_INT(url_check("ftp://a.example/", &e), ERR_POLICY);
	T_EQ_INT(url_check("gopher://a.example/", &e), ERR_POLICY);
	/* not a URL at all: a parse error; a refused scheme: policy */
	T_EQ_INT(url_check("https://", &e), ERR_PARSE);
	T_EQ_INT(url_check("", &e), ERR_PARSE);
	T_EQ_INT(url_check("https://a.example/ space", &e), ERR_PARSE);
	T_EQ_INT(url_check("HTTPS://A.EXAMPLE/", &e), 0);
	T_EQ_INT(url_check("javascript:alert(1)", &e), ERR_POLICY);
	T_EQ_STR(e.msg, "unsupported URL scheme 'javascript'");

	r = url_host("https://user:pw@Blog.Example.COM:8443/x?y");
	T_EQ_STR(r, "blog.example.com");
	free(r);
	T_ASSERT(url_host("::::") == NULL);
	T_EQ_STR(fetch_status_name(FETCH_POLICY), "policy_blocked");
}

static void
test_fetch__tls(void)
{
	struct srv s, plain;
	struct fetch_opts o = opts_local();
	struct got g;
	struct fetch_res res;
	struct err e = ERR_INIT;
	char routes[512], url[128];
	int rc;

	T_ASSERT(srv_start(&plain, "{\"/a\": {\"body\": \"plain\"}}") == 0);
	snprintf(routes, sizeof(routes), "{"
	    "\"/a\": {\"body\": \"secure\"},"
	    "\"/up\": {\"redirect\": \"/a\"},"
	    "\"/down\": {\"redirect\": \"http://127.0.0.1:%d/a\"}}",
	    plain.port);
	T_ASSERT(srv_start_tls(&s, routes, 1) == 0);

	/* not trusted: a TLS verification failure is permanent */
	snprintf(url, sizeof(url), "https://127.0.0.1:%d/a", s.port);
	get_url(&o, url, &g);
	T_EQ_INT(g.res.status, FETCH_PERMANENT);
	T_CONTAINS(g.res.error, "TLS");
	got_release(&g);
	T_EQ_INT(srv_count(&s, NULL), 0);

	o.ca_file = TLS_CERT;
	get_url(&o, url, &g);
	T_EQ_INT(g.res.status, FETCH_OK);
	T_EQ_STR(g.res.body, "secure");
	got_release(&g);

	snprintf(url, sizeof(url), "https://127.0.0.1:%d/up", s.port);
	get_url(&o, url, &g);
	T_EQ_INT(g.res.status, FETCH_OK);
	got_release(&g);

	/* https never follows a redirect to http */
	snprintf(url, sizeof(url), "https://127.0.0.1:%d/down", s.port);
	get_url(&o, url, &g);
	T_EQ_INT(g.res.status, FETCH_POLICY);
	T_EQ_STR(g.res.error, "redirect to a refused scheme (http)");
	got_release(&g);
	T_EQ_INT(srv_count(&plain, NULL), 0);

	/* webhooks over TLS verify too */
	snprintf(url, sizeof(url), "https://127.0.0.1:%d/a", s.port);
	o.ca_file = NULL;
	rc = fetch_post(&res, &o, url, "text/plain", "x", 1, NULL, &e);
	T_ASSERT(rc < 0);
	T_EQ_INT(res.status, FETCH_PERMANENT);
	fetch_res_release(&res);
	o.ca_file = TLS_CERT;
	rc = fetch_post(&res, &o, url, "text/plain", "x", 1, NULL, &e);
	T_EQ_INT(rc, 0);
	T_EQ_STR(res.body, "secure");
	fetch_res_release(&res);
	srv_stop(&s);
	srv_stop(&plain);
}

/* ---- through a CONNECT proxy (tests/helpers/connect_proxy.py) ---- */

#define PROXY_SCRIPT "tests/helpers/connect_proxy.py"

/* start the proxy (Basic auth "user:pw" required when auth is set) */
static int
px_start(struct srv *s, const char *auth)
{
	char maxs[] = "120";
	char *argv[12];
	int n = 0;

	memset(s, 0, sizeof(*s));
	snprintf(s->dir, sizeof(s->dir), "/tmp/sigwatch-proxy-XXXXXX");
	if (mkdtemp(s->dir) == NULL)
		return -1;
	snprintf(s->log, sizeof(s->log), "%s/log.jsonl", s->dir);
	snprintf(s->portfile, sizeof(s->portfile), "%s/port", s->dir);
	argv[n++] = (char *)"python3";
	argv[n++] = (char *)PROXY_SCRIPT;
	argv[n++] = (char *)"--port-file";
	argv[n++] = s->portfile;
	argv[n++] = (char *)"--log";
	argv[n++] = s->log;
	argv[n++] = (char *)"--max-seconds";
	argv[n++] = maxs;
	if (auth != NULL) {
		argv[n++] = (char *)"--auth";
		argv[n++] = (char *)auth;
	}
	argv[n] = NULL;
	s->pid = fork();
	if (s->pid < 0)
		return -1;
	if (s->pid == 0) {
		int fd = open("/dev/null", O_RDWR);

		if (fd >= 0) {
			dup2(fd, 0);
			dup2(fd, 1);
		}
		execv("/usr/bin/python3", argv);
		execvp("python3", argv);
		_exit(127);
	}
	return srv_wait_port(s);
}

/* CONNECT requests the proxy saw for authority (NULL: any), with the
 * answer it gave (0: any) */
static int
px_count(const struct srv *s, const char *authority, int status)
{
	json_t *arr = srv_requests(s), *o;
	size_t i;
	int n = 0;

	json_array_foreach(arr, i, o) {
		const char *a = json_string_value(json_object_get(o,
		    "authority"));
		int st = (int)json_integer_value(json_object_get(o, "status"));

		if ((authority == NULL || (a != NULL &&
		    strcmp(a, authority) == 0)) && (status == 0 ||
		    st == status))
			n++;
	}
	json_decref(arr);
	return n;
}

/* a port on 127.0.0.1 where nothing listens (bound, then closed) */
static int
dead_port(void)
{
	struct srv s;
	int port;

	if (px_start(&s, NULL) != 0)
		return 1;
	port = s.port;
	srv_stop(&s);
	return port;
}

static void
test_fetch__proxy_tunnel(void)
{
	struct srv s, px;
	struct fetch_opts o = opts_local();
	struct fetch_req req;
	struct got g;
	char purl[64], auth[64], url[256];
	json_t *arr = NULL, *r;
	const char *hdrs[] = { "Authorization: Bearer TOKEN1", "X-Key: k1",
	    NULL };

	T_ASSERT(srv_start(&s, "{\"/a\": {\"body\": \"through\"},"
	    "\"/hop\": {\"redirect\": \"/a\"},"
	    "\"/post\": {\"redirect\": \"/a\", \"status\": 303},"
	    "\"/loop\": {\"redirect\": \"/loop\"},"
	    "\"/tofile\": {\"redirect\": \"file:///etc/hostname\"}}") == 0);
	T_ASSERT(px_start(&px, NULL) == 0);
	snprintf(purl, sizeof(purl), "http://127.0.0.1:%d", px.port);
	snprintf(auth, sizeof(auth), "127.0.0.1:%d", s.port);
	o.proxy = purl;
	o.proxy_loopback = 1;

	/* the proxy is asked for the checked address, not the name */
	snprintf(url, sizeof(url), "http://localhost:%d/a", s.port);
	get_url(&o, url, &g);
	T_EQ_INT(g.res.status, FETCH_OK);
	T_EQ_STR(g.res.body, "through");
	T_EQ_STR(g.res.final_url, url);
	got_release(&g);
	T_EQ_INT(px_count(&px, auth, 200), 1);
	T_EQ_INT(px_count(&px, NULL, 0), 1);

	/* redirects are followed hop by hop, each through the proxy */
	get_url(&o, srv_url(&s, "/hop"), &g);
	T_EQ_INT(g.res.status, FETCH_OK);
	T_EQ_STR(g.res.body, "through");
	T_EQ_STR(g.res.final_url, srv_url(&s, "/a"));
	got_release(&g);
	get_url(&o, srv_url(&s, "/loop"), &g);
	T_EQ_INT(g.res.status, FETCH_TRANSIENT);
	T_EQ_STR(g.res.error, "too many redirects");
	T_EQ_INT(srv_count(&s, "/loop"), 6);
	got_release(&g);
	get_url(&o, srv_url(&s, "/tofile"), &g);
	T_EQ_INT(g.res.status, FETCH_POLICY);
	T_EQ_STR(g.res.error, "redirect to a refused scheme (file)");
	got_release(&g);
	T_EQ_INT(px_count(&px, NULL, 0), px_count(&px, auth, 200));

	/* POST becomes GET after a 303; credentials stay with their origin
	 * (the same here: host, port and scheme unchanged) */
	memset(&req, 0, sizeof(req));
	req.url = srv_url(&s, "/post");
	req.post_body = "q=1";
	req.post_len = 3;
	req.headers = hdrs;
	fetch_one(&o, &req, &g);
	T_EQ_INT(g.res.status, FETCH_OK);
	got_release(&g);
	r = srv_last(&s, "/a", &arr);
	T_ASSERT(r != NULL);
	T_EQ_STR(json_string_value(json_object_get(r, "method")), "GET");
	T_EQ_STR(req_header(r, "authorization"), "Bearer TOKEN1");
	json_decref(arr);
	/* another origin (localhost): Authorization is dropped, not X-Key */
	snprintf(url, sizeof(url), "{\"/a\": {\"body\": \"through\"},"
	    "\"/away\": {\"redirect\": \"http://localhost:%d/a\"}}", s.port);
	T_ASSERT(write_text(s.routes, url) == 0);
	req.url = srv_url(&s, "/away");
	req.post_body = NULL;
	req.post_len = 0;
	fetch_one(&o, &req, &g);
	T_EQ_INT(g.res.status, FETCH_OK);
	got_release(&g);
	r = srv_last(&s, "/a", &arr);
	T_ASSERT(r != NULL);
	T_ASSERT(req_header(r, "authorization") == NULL);
	T_EQ_STR(req_header(r, "x-key"), "k1");
	json_decref(arr);

	/* more transfers at once than resolver threads: all get through */
	{
		struct fetcher *f = NULL;
		struct err e = ERR_INIT;
		struct many m;
		char path[32];

		memset(&m, 0, sizeof(m));
		o.concurrency = 24;
		o.per_host = 24;
		T_ASSERT(fetch_new(&f, &o, &e) == 0);
		for (int i = 0; i < 24 && f != NULL; i++) {
			snprintf(path, sizeof(path), "/a?%d", i);
			memset(&req, 0, sizeof(req));
			snprintf(url, sizeof(url), "http://localhost:%d%s",
			    s.port, path);
			req.url = url;
			fetch_add(f, &req, count_cb, &m);
		}
		T_ASSERT(fetch_run(f, &e) == 0);
		fetch_free(f);
		T_EQ_INT(m.calls, 24);
		T_EQ_INT(m.ok, 24);
		T_EQ_INT(px_count(&px, NULL, 0), px_count(&px, auth, 200));
	}

	/* no_proxy: direct; loopback is direct unless the test says */
	{
		const char *np[] = { "127.0.0.1", NULL };
		int before = px_count(&px, NULL, 0);

		o.no_proxy = np;
		get_url(&o, srv_url(&s, "/a"), &g);
		T_EQ_INT(g.res.status, FETCH_OK);
		got_release(&g);
		o.no_proxy = NULL;
		o.proxy_loopback = 0;
		get_url(&o, srv_url(&s, "/a"), &g);
		T_EQ_INT(g.res.status, FETCH_OK);
		got_release(&g);
		o.proxy_loopback = 1;
		T_EQ_INT(px_count(&px, NULL, 0), before);
	}
	srv_stop(&px);
	srv_stop(&s);
}

static void
test_fetch__proxy_guard(void)
{
	struct srv s, px;
	struct fetch_opts o = opts_local();
	struct got g;
	char purl[64], routes[512], url[256], auth[64];

	T_ASSERT(srv_start(&s, "{}") == 0);
	T_ASSERT(px_start(&px, NULL) == 0);
	snprintf(routes, sizeof(routes), "{"
	    "\"/a\": {\"body\": \"public\"},"
	    "\"/to2\": {\"redirect\": \"http://127.0.0.2:%d/secret\"},"
	    "\"/tolocal\": {\"redirect\": \"http://localhost:%d/secret\"},"
	    "\"/secret\": {\"body\": \"INTERNAL-SECRET\"}}", s.port, s.port);
	T_ASSERT(write_text(s.routes, routes) == 0);
	snprintf(purl, sizeof(purl), "http://127.0.0.1:%d", px.port);
	snprintf(auth, sizeof(auth), "127.0.0.1:%d", s.port);
	o.proxy = purl;
	o.proxy_loopback = 1;
	o.allow_private = 0;

	/* the proxy (on loopback) is exempt; a loopback target is not */
	snprintf(url, sizeof(url), "http://localhost:%d/secret", s.port);
	get_url(&o, url, &g);
	T_EQ_INT(g.res.status, FETCH_POLICY);
	T_CONTAINS(g.res.error, "refused private address 127.0.0.1");
	T_ASSERT(g.res.body == NULL);
	got_release(&g);
	snprintf(url, sizeof(url), "http://10.1.2.3:%d/secret", s.port);
	get_url(&o, url, &g);
	T_EQ_INT(g.res.status, FETCH_POLICY);
	T_CONTAINS(g.res.error, "refused private address 10.1.2.3");
	got_release(&g);
	T_EQ_INT(px_count(&px, NULL, 0), 0);

	/* after a redirect: the first hop is allowed (test allow-list) */
	o.allow_addr = "127.0.0.1";
	get_url(&o, srv_url(&s, "/a"), &g);
	T_EQ_INT(g.res.status, FETCH_OK);
	got_release(&g);
	get_url(&o, srv_url(&s, "/to2"), &g);
	T_EQ_INT(g.res.status, FETCH_POLICY);
	T_CONTAINS(g.res.error, "refused private address 127.0.0.2");
	T_ASSERT(g.res.body == NULL);
	got_release(&g);
	/* localhost: ::1 is refused, 127.0.0.1 passes (allow-list) */
	get_url(&o, srv_url(&s, "/tolocal"), &g);
	T_EQ_INT(g.res.status, FETCH_OK);
	got_release(&g);
	T_EQ_INT(srv_count(&s, "/to2"), 1);
	T_EQ_INT(srv_count(&s, "/secret"), 1);
	/* every CONNECT was to the checked address, none to 127.0.0.2 */
	T_EQ_INT(px_count(&px, NULL, 0), px_count(&px, auth, 200));
	T_ASSERT(px_count(&px, auth, 200) >= 3);
	srv_stop(&px);
	srv_stop(&s);
}

static void
test_fetch__proxy_failures(void)
{
	struct srv s, px;
	struct fetch_opts o = opts_local();
	struct fetch_res res;
	struct err e = ERR_INIT;
	struct fetcher *f = NULL;
	struct got g;
	char purl[64], url[256];
	int rc;

	T_ASSERT(srv_start(&s, "{\"/a\": {\"body\": \"ok\"},"
	    "\"/hooks/T1/SECRETX\": {\"body\": \"ok\"}}") == 0);
	o.proxy_loopback = 1;
	o.proxy = purl;

	/* no proxy listening: the error names the proxy */
	snprintf(purl, sizeof(purl), "http://127.0.0.1:%d", dead_port());
	get_url(&o, srv_url(&s, "/a"), &g);
	T_EQ_INT(g.res.status, FETCH_TRANSIENT);
	snprintf(url, sizeof(url), "cannot connect to proxy %s", purl + 7);
	T_CONTAINS(g.res.error, url);
	got_release(&g);
	snprintf(url, sizeof(url), "http://127.0.0.1:%d/hooks/T1/SECRETX",
	    s.port);
	rc = fetch_post(&res, &o, url, "application/json", "{}", 2, NULL,
	    &e);
	T_ASSERT(rc < 0);
	T_CONTAINS(res.error, "cannot connect to proxy");
	T_ASSERT(strstr(res.error, "SECRETX") == NULL);
	T_ASSERT(strstr(e.msg, "SECRETX") == NULL);
	fetch_res_release(&res);
	T_EQ_INT(srv_count(&s, NULL), 0);

	/* a proxy wanting credentials: 407 without, through with them */
	T_ASSERT(px_start(&px, "user:pw") == 0);
	snprintf(purl, sizeof(purl), "http://127.0.0.1:%d", px.port);
	get_url(&o, srv_url(&s, "/a"), &g);
	T_EQ_INT(g.res.status, FETCH_TRANSIENT);
	T_CONTAINS(g.res.error, "refused the tunnel: HTTP 407");
	T_CONTAINS(g.res.error, purl + 7);
	got_release(&g);
	/* a webhook: the proxy's 407 is no answer of the receiver's */
	rc = fetch_post(&res, &o, url, "application/json", "{}", 2, NULL,
	    &e);
	T_ASSERT(rc < 0);
	T_EQ_INT(res.http_status, 0);
	T_EQ_INT(res.proxy_failed, 1);
	T_CONTAINS(res.error, "HTTP 407");
	T_ASSERT(strstr(res.error, "SECRETX") == NULL);
	fetch_res_release(&res);
	o.proxy_auth = "user:wrong";
	get_url(&o, srv_url(&s, "/a"), &g);
	T_CONTAINS(g.res.error, "proxy authentication failed");
	got_release(&g);
	o.proxy_auth = "user:pw";
	get_url(&o, srv_url(&s, "/a"), &g);
	T_EQ_INT(g.res.status, FETCH_OK);
	got_release(&g);
	rc = fetch_post(&res, &o, url, "application/json", "{}", 2, NULL,
	    &e);
	T_EQ_INT(rc, 0);
	T_EQ_STR(res.body, "ok");
	fetch_res_release(&res);
	T_EQ_INT(srv_count(&s, "/hooks/T1/SECRETX"), 1);
	T_EQ_INT(px_count(&px, NULL, 407), 3);
	/* the proxy refusing a destination (this one refuses all but
	 * loopback): named as the proxy's answer */
	o.allow_private = 1;
	get_url(&o, "http://192.0.2.1:9/a", &g);
	T_CONTAINS(g.res.error, "refused the tunnel: HTTP 403");
	got_release(&g);
	srv_stop(&px);

	/* bad proxy settings are refused up front */
	o.proxy = "http://user:pw@127.0.0.1:3128";
	T_ASSERT(fetch_new(&f, &o, &e) < 0);
	T_CONTAINS(e.msg, "credentials");
	T_ASSERT(strstr(e.msg, "pw") == NULL);
	o.proxy = "socks5://127.0.0.1:1080";
	T_ASSERT(fetch_new(&f, &o, &e) < 0);
	o.proxy = "http://127.0.0.1";
	T_ASSERT(fetch_new(&f, &o, &e) < 0);
	T_CONTAINS(e.msg, "no port");
	T_ASSERT(f == NULL);
	srv_stop(&s);
}

static void
test_fetch__proxy_tls(void)
{
	struct srv s, px;
	struct fetch_opts o = opts_local();
	struct got g;
	char purl[64], url[256], auth[64];

	T_ASSERT(srv_start_tls(&s, "{\"/a\": {\"body\": \"secure\"},"
	    "\"/down\": {\"redirect\": \"http://localhost:9/a\"}}", 1) == 0);
	T_ASSERT(px_start(&px, NULL) == 0);
	snprintf(purl, sizeof(purl), "http://127.0.0.1:%d", px.port);
	snprintf(auth, sizeof(auth), "127.0.0.1:%d", s.port);
	o.proxy = purl;
	o.proxy_loopback = 1;
	o.ca_file = TLS_CERT;
	/* CONNECT to the address; TLS still checks the name */
	snprintf(url, sizeof(url), "https://localhost:%d/a", s.port);
	get_url(&o, url, &g);
	T_EQ_INT(g.res.status, FETCH_OK);
	T_EQ_STR(g.res.body, "secure");
	got_release(&g);
	T_EQ_INT(px_count(&px, auth, 200), 1);
	/* https never downgrades to http, hop by hop either */
	snprintf(url, sizeof(url), "https://localhost:%d/down", s.port);
	get_url(&o, url, &g);
	T_EQ_INT(g.res.status, FETCH_POLICY);
	T_EQ_STR(g.res.error, "redirect to a refused scheme (http)");
	got_release(&g);
	T_EQ_INT(px_count(&px, "127.0.0.1:9", 0), 0);
	/* an untrusted certificate through the tunnel is the target's */
	o.ca_file = NULL;
	get_url(&o, url, &g);
	T_EQ_INT(g.res.status, FETCH_PERMANENT);
	T_CONTAINS(g.res.error, "TLS");
	got_release(&g);
	srv_stop(&px);
	srv_stop(&s);
}

static void
setup(void)
{
	signal(SIGPIPE, SIG_IGN);
	fetch_global_init();
}

static void
test_fetch__setup(void)
{
	setup();
	T_ASSERT(access(SCRIPT, R_OK) == 0);
}

T_MAIN(T_CASE(test_fetch__setup), T_CASE(test_fetch__url_helpers),
    T_CASE(test_fetch__ok_body_and_headers),
    T_CASE(test_fetch__conditional_get), T_CASE(test_fetch__concurrency_cap),
    T_CASE(test_fetch__callback_queues_more), T_CASE(test_fetch__byte_cap),
    T_CASE(test_fetch__redirects), T_CASE(test_fetch__private_addresses),
    T_CASE(test_fetch__status_classes), T_CASE(test_fetch__slow_drip),
    T_CASE(test_fetch__post), T_CASE(test_fetch__tls),
    T_CASE(test_fetch__proxy_tunnel), T_CASE(test_fetch__proxy_guard),
    T_CASE(test_fetch__proxy_failures), T_CASE(test_fetch__proxy_tls))
