#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "util.h"
#include "t.h"

static void
test_util__durations_and_sizes(void)
{
	int64_t s;
	uint64_t b;

	T_EQ_INT(parse_duration("30s", &s), 0);
	T_EQ_INT(s, 30);
	T_EQ_INT(parse_duration("7d", &s), 0);
	T_EQ_INT(s, 7 * 86400);
	T_EQ_INT(parse_duration("1h", &s), 0);
	T_EQ_INT(s, 3600);
	T_ASSERT(parse_duration("", &s) < 0);
	T_ASSERT(parse_duration("5 parsecs", &s) < 0);
	T_ASSERT(parse_duration("-1h", &s) < 0);
	T_EQ_INT(parse_size("512KB", &b), 0);
	T_EQ_INT(b, 512 * 1024);
	T_EQ_INT(parse_size("10MB", &b), 0);
	T_EQ_INT(b, 10 * 1024 * 1024);
	T_ASSERT(parse_size("10XB", &b) < 0);
}

static void
test_util__time_round_trip(void)
{
	char out[32];
	int64_t t;

	T_EQ_INT(parse_time("2026-12-04T10:20:30Z", &t), 0);
	fmt_time(out, t);
	T_EQ_STR(out, "2026-12-04T10:20:30Z");
	T_ASSERT(parse_time("yesterday-ish", &t) < 0);
}

static void
test_util__utf8(void)
{
	struct buf b = BUF_INIT;
	/* "é" is two bytes: cutting at 2 would split it */
	const char *s = "a\xc3\xa9z";

	T_EQ_INT(utf8_trunc(s, 4, 2), 1);
	T_EQ_INT(utf8_trunc(s, 4, 3), 3);
	T_EQ_INT(utf8_valid(s, 4), 1);
	T_EQ_INT(utf8_valid("\xff", 1), 0);
	buf_add(&b, "ok\xff\xfe!", 5);
	utf8_repair(&b);
	T_EQ_INT(utf8_valid(b.data, b.len), 1);
	T_ASSERT(strncmp(b.data, "ok", 2) == 0 && b.data[b.len - 1] == '!');
	buf_release(&b);
}

static void
test_util__hashes_and_slugs(void)
{
	char hex[65];

	sha256_hex(hex, "abc", 3);
	T_EQ_STR(hex, "ba7816bf8f01cfea414140de5dae2223"
	    "b00361a396177a9cb410ff61f20015ad");
	T_EQ_INT(fnv1a64(""), 0xcbf29ce484222325ULL);
	T_EQ_INT(fnv1a64("abc") == fnv1a64_mem("abc", 3), 1);
	T_EQ_INT(slug_valid("cloudflare-blog", 64), 1);
	T_EQ_INT(slug_valid("Cloudflare", 64), 0);
	T_EQ_INT(slug_valid("../etc", 64), 0);
	T_EQ_INT(slug_valid("", 64), 0);
}

static void
test_util__globs_and_vectors(void)
{
	const char *v[] = { "a", "b", NULL };
	char **d = strv_dup(v);

	T_EQ_INT(glob_match("cf-*", "cf-mesh"), 1);
	T_EQ_INT(glob_match("cf-*", "zs-mesh"), 0);
	T_EQ_INT(glob_match("*", ""), 1);
	T_EQ_STR(d[0], "a");
	T_EQ_STR(d[1], "b");
	T_ASSERT(d[2] == NULL);
	strv_free(d);
	d = strv_dupn(v, 1);
	T_EQ_STR(d[0], "a");
	T_ASSERT(d[1] == NULL);
	strv_free(d);
}

/* one backoff: 1, 2, 4... minutes, capped; a huge n never overflows */
static void
test_util__backoff(void)
{
	T_EQ_INT(backoff_seconds(0, 3600), 60);
	T_EQ_INT(backoff_seconds(1, 3600), 120);
	T_EQ_INT(backoff_seconds(5, 3600), 1920);
	T_EQ_INT(backoff_seconds(6, 3600), 3600);
	T_EQ_INT(backoff_seconds(8, 6 * 3600), 15360);
	/* the documented cap is reached (6 hours for a broken source) */
	T_EQ_INT(backoff_seconds(9, 6 * 3600), 6 * 3600);
	T_EQ_INT(backoff_seconds(4000000000u, 6 * 3600), 6 * 3600);
}

/* a short list of unique strings, NULL-terminated and capped */
static void
test_util__strv_add_unique(void)
{
	char **v = NULL;
	size_t n = 0;

	T_EQ_INT(strv_add_unique(&v, &n, "a", 3), 1);
	T_EQ_INT(strv_add_unique(&v, &n, "a", 3), 0);
	T_EQ_INT(strv_add_unique(&v, &n, "", 3), 0);
	T_EQ_INT(strv_add_unique(&v, &n, NULL, 3), 0);
	T_EQ_INT(strv_add_unique(&v, &n, "A", 3), 1);	/* case counts */
	T_EQ_INT(strv_add_unique(&v, &n, "b", 3), 1);
	T_EQ_INT(strv_add_unique(&v, &n, "c", 3), 0);	/* at max */
	T_EQ_INT(n, 3);
	T_EQ_STR(v[0], "a");
	T_EQ_STR(v[2], "b");
	T_ASSERT(v[3] == NULL);
	strv_free(v);
}

T_MAIN(T_CASE(test_util__backoff), T_CASE(test_util__durations_and_sizes), T_CASE(test_util__time_round_trip),
    T_CASE(test_util__utf8), T_CASE(test_util__hashes_and_slugs),
    T_CASE(test_util__globs_and_vectors), T_CASE(test_util__strv_add_unique))
