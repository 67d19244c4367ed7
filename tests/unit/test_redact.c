#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "redact.h"
#include "t.h"

static char *
red(const char *s)
{
	struct buf b = BUF_INIT;

	buf_addstr(&b, s);
	redact_buf(&b);
	return buf_detach(&b, NULL);
}

#define T_RED(in, want) do {						\
	char *t_r = red(in);						\
	T_EQ_STR(t_r, want);						\
	free(t_r);							\
} while (0)

static void
test_redact__literal_secrets(void)
{
	char small[32];

	redact_reset();
	T_ASSERT(!redact_active());
	T_RED("none registered: hk3Ds8Fg1Jz5", "none registered: hk3Ds8Fg1Jz5");
	redact_add("hk3Ds8Fg1Jz5");
	redact_add("short");		/* under REDACT_MIN: ignored */
	redact_add("hk3Ds8Fg1Jz5");	/* duplicate */
	T_ASSERT(redact_active());
	T_RED("key hk3Ds8Fg1Jz5, again hk3Ds8Fg1Jz5.",
	    "key [redacted], again [redacted].");
	T_RED("a short word stays", "a short word stays");
	snprintf(small, sizeof(small), "k=hk3Ds8Fg1Jz5!");
	T_EQ_INT(redact_str(small, sizeof(small)), 1);
	T_EQ_STR(small, "k=[redacted]!");
	snprintf(small, sizeof(small), "xxxxxxxxxxxxhk3Ds8Fg1Jz5");
	redact_str(small, 16);	/* the mark is cut, never the secret kept */
	T_EQ_STR(small, "xxxxxxxxxxxx[re");
	redact_reset();
	T_ASSERT(!redact_active());
}

static void
test_redact__url_and_parts(void)
{
	const char *url = "https://hooks.example.com/services/T0AAA/B0BBB/"
	    "rd7Qp2Xw9Lk4Zt6Vb1Nm8Hc3?sig=qs5Fh8Jk2Lm4Np6RtW&v=1";

	redact_reset();
	redact_add_url(url);
	/* the whole URL is one mark (longest first) */
	T_RED(url, "[redacted]");
	/* a 404 page quoting the path, the path and query, a token alone,
	 * a JSON-escaped path */
	T_RED("no route for /services/T0AAA/B0BBB/rd7Qp2Xw9Lk4Zt6Vb1Nm8Hc3",
	    "no route for [redacted]");
	T_RED("GET /services/T0AAA/B0BBB/rd7Qp2Xw9Lk4Zt6Vb1Nm8Hc3?sig="
	    "qs5Fh8Jk2Lm4Np6RtW&v=1 HTTP/1.1", "GET [redacted] HTTP/1.1");
	T_RED("token rd7Qp2Xw9Lk4Zt6Vb1Nm8Hc3 revoked",
	    "token [redacted] revoked");
	T_RED("{\"path\":\"\\/services\\/T0AAA\\/B0BBB\\/"
	    "rd7Qp2Xw9Lk4Zt6Vb1Nm8Hc3\"}",
	    "{\"path\":\"\\/services\\/T0AAA\\/B0BBB\\/[redacted]\"}");
	T_RED("sig=qs5Fh8Jk2Lm4Np6RtW", "sig=[redacted]");
	/* ordinary words of the URL are left alone */
	T_RED("services at hooks.example.com",
	    "services at hooks.example.com");
	redact_reset();
	/* a password in the user info; a root path registers nothing */
	redact_add_url("https://bot:pw9Tz4Kq2Lx8@git.example.org/");
	T_RED("auth pw9Tz4Kq2Lx8 failed", "auth [redacted] failed");
	T_RED("path / and /x stay", "path / and /x stay");
	redact_reset();
	redact_add_url("not a URL at all, but secret");
	T_RED("it was not a URL at all, but secret!", "it was [redacted]!");
	redact_reset();
}

T_MAIN(
	T_CASE(test_redact__literal_secrets),
	T_CASE(test_redact__url_and_parts)
)
