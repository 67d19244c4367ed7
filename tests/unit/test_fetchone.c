/*
 * fetchone: one blocking request with a run's policy, against
 * tests/helpers/fixture_httpd.py on 127.0.0.1 (ephemeral port, stopped by
 * its pid; every wait bounded).
 */
#define _XOPEN_SOURCE 700
#include "fetchone.h"

#include <jansson.h>

#include "t.h"
#include "t_helpers.h"

static const char *
url(const char *path)
{
	static char u[4][128];
	static int k;
	char *p = u[k++ % 4];

	snprintf(p, sizeof(u[0]), "http://127.0.0.1:%d%s", t_srv_port, path);
	return p;
}

/* the server's log: one JSON object per request, in an array */
static json_t *
requests(void)
{
	char *log = t_read_file(t_path("log.jsonl"), NULL), *line, *nl;
	json_t *arr = json_array();

	for (line = log; line != NULL && *line; line = nl + 1) {
		json_t *o;

		nl = strchr(line, '\n');
		if (nl == NULL)
			break;
		*nl = '\0';
		if ((o = json_loads(line, 0, NULL)) != NULL)
			json_array_append_new(arr, o);
	}
	free(log);
	return arr;
}

static const char *
req_str(json_t *arr, size_t i, const char *key)
{
	return json_string_value(json_object_get(json_array_get(arr, i), key));
}

static struct config
cfg_local(void)
{
	struct config c;

	memset(&c, 0, sizeof(c));
	c.fetch.timeout = 10;
	c.fetch.connect_timeout = 5;
	c.fetch.max_bytes = 1000;
	c.fetch.user_agent = (char *)"sigwatch-test/1";
	c.fetch.allow_private_addresses = 1;
	return c;
}

static void
test_fetchone__get_and_post(void)
{
	struct config c = cfg_local();
	struct fetch_res r;
	struct err e = ERR_INIT;
	json_t *arr;

	t_mkdtemp("fetchone");
	T_EQ_INT(t_srv_start("{\"/a\": {\"body\": \"hello\", "
	    "\"content_type\": \"application/atom+xml\"},"
	    "\"/p\": {\"body\": \"posted\"}}"), 0);
	T_EQ_INT(fetch_one(&r, &c, url("/a"), NULL, NULL, &e), 0);
	T_EQ_INT(r.status, FETCH_OK);
	T_EQ_INT(r.http_status, 200);
	T_EQ_STR(r.body, "hello");
	T_EQ_INT(r.len, 5);
	T_EQ_STR(r.content_type, "application/atom+xml");
	T_EQ_STR(r.final_url, url("/a"));
	T_EQ_INT(e.code, 0);
	fetch_res_release(&r);
	T_EQ_INT(fetch_one(&r, &c, url("/p"), "q=1&r=2",
	    "application/x-www-form-urlencoded", &e), 0);
	T_EQ_STR(r.body, "posted");
	fetch_res_release(&r);
	arr = requests();
	T_EQ_INT(json_array_size(arr), 2);
	T_EQ_STR(req_str(arr, 0, "method"), "GET");
	T_EQ_STR(json_string_value(json_object_get(json_object_get(
	    json_array_get(arr, 0), "headers"), "user-agent")),
	    "sigwatch-test/1");
	T_EQ_STR(req_str(arr, 1, "method"), "POST");
	T_EQ_STR(req_str(arr, 1, "body"), "q=1&r=2");
	T_EQ_STR(json_string_value(json_object_get(json_object_get(
	    json_array_get(arr, 1), "headers"), "content-type")),
	    "application/x-www-form-urlencoded");
	json_decref(arr);
	t_srv_stop();
	t_rmtree(t_dir);
}

/* not OK: -1, "STATUS: reason", out still filled */
static void
test_fetchone__failures(void)
{
	struct config c = cfg_local();
	struct fetch_res r;
	struct err e = ERR_INIT;

	t_mkdtemp("fetchone");
	T_EQ_INT(t_srv_start("{\"/gone\": {\"status\": 410},"
	    "\"/big\": {\"generate\": {\"bytes\": 5000}}}"), 0);
	T_EQ_INT(fetch_one(&r, &c, url("/none"), NULL, NULL, &e), -1);
	T_EQ_INT(r.status, FETCH_TRANSIENT);
	T_EQ_INT(r.http_status, 404);
	T_EQ_INT(e.code, ERR_GENERIC);
	T_EQ_INT(strncmp(e.msg, "transient: ", 11), 0);
	T_EQ_STR(e.msg + 11, r.error);
	fetch_res_release(&r);
	T_EQ_INT(fetch_one(&r, &c, url("/gone"), NULL, NULL, &e), -1);
	T_EQ_INT(r.status, FETCH_PERMANENT);
	T_EQ_INT(strncmp(e.msg, "permanent: ", 11), 0);
	fetch_res_release(&r);
	T_EQ_INT(fetch_one(&r, &c, url("/big"), NULL, NULL, &e), -1);
	T_EQ_INT(r.status, FETCH_TOOLARGE);
	T_EQ_INT(strncmp(e.msg, "too_large: ", 11), 0);
	T_ASSERT(r.body == NULL || r.len <= 1000);
	fetch_res_release(&r);

	/* the private-address check: loopback refused before any request,
	 * ERR_POLICY; so is a scheme other than http(s) */
	c.fetch.allow_private_addresses = 0;
	err_clear(&e);
	T_EQ_INT(fetch_one(&r, &c, url("/gone"), NULL, NULL, &e), -1);
	T_EQ_INT(r.status, FETCH_POLICY);
	T_EQ_INT(e.code, ERR_POLICY);
	T_EQ_INT(strncmp(e.msg, "policy_blocked: ", 16), 0);
	fetch_res_release(&r);
	c.fetch.allow_private_addresses = 1;
	T_EQ_INT(fetch_one(&r, &c, "file:///etc/passwd", NULL, NULL, &e), -1);
	T_EQ_INT(e.code, ERR_POLICY);
	T_ASSERT(r.body == NULL);
	fetch_res_release(&r);
	{
		json_t *arr = requests();

		/* 3 requests: the refused ones never reached the server */
		T_EQ_INT(json_array_size(arr), 3);
		json_decref(arr);
	}
	t_srv_stop();
	t_rmtree(t_dir);
}

T_MAIN(T_CASE(test_fetchone__get_and_post), T_CASE(test_fetchone__failures))
