#include <limits.h>
#include <stdio.h>
#include <string.h>

#include "notify.h"
#include "t.h"

/*
 * notify_verdict: a receiver's answer to a verdict. test_notify covers
 * Slack's error words; these are the edges: status boundaries, JSON and
 * hostile bodies, and the reason's shape.
 */

struct vcase {
	long		 status;
	const char	*body;
	enum deliver_verdict want;
	const char	*reason;
};

static void
check(const struct vcase *c, size_t n)
{
	char reason[128];

	for (size_t i = 0; i < n; i++) {
		memset(reason, 'x', sizeof(reason));
		T_EQ_INT(notify_classify(c[i].status, c[i].body, reason),
		    c[i].want);
		T_EQ_STR(reason, c[i].reason);
	}
}

static void
test_notify_verdict__status_boundaries(void)
{
	static const struct vcase c[] = {
		{ 199, "", DELIVER_RETRY, "unexpected HTTP status 199" },
		{ 200, "invalid_token", DELIVER_OK, "200 ok" },
		{ 299, NULL, DELIVER_OK, "299 ok" },
		{ 300, "", DELIVER_DEAD, "300 unexpected redirect" },
		{ 399, "", DELIVER_DEAD, "399 unexpected redirect" },
		{ 400, NULL, DELIVER_DEAD, "HTTP 400" },
		{ 499, "", DELIVER_DEAD, "HTTP 499" },
		{ 500, NULL, DELIVER_RETRY, "HTTP 500" },
		{ 599, "", DELIVER_RETRY, "HTTP 599" },
		{ 600, "", DELIVER_RETRY, "unexpected HTTP status 600" },
		{ -1, "", DELIVER_RETRY, "unexpected HTTP status -1" },
		{ LONG_MAX, "", DELIVER_RETRY,
		    "unexpected HTTP status 9223372036854775807" },
		/* no response wins over any body */
		{ 0, "invalid_token", DELIVER_RETRY, "no response" },
	};

	check(c, sizeof(c) / sizeof(c[0]));
}

/* the error word of a JSON body, and bodies that only look like one */
static void
test_notify_verdict__json_bodies(void)
{
	static const struct vcase c[] = {
		{ 503, "{\"ok\":false,\"error\":\"service_unavailable\"}",
		    DELIVER_RETRY, "503 service_unavailable" },
		{ 404, " \n{\"error\":\"no_service\"}", DELIVER_CONFIG,
		    "404 no_service" },
		{ 400, "{\"error\":\"invalid_blocks\\n  at block 3\"}",
		    DELIVER_PAYLOAD, "400 invalid_blocks" },
		{ 400, "{\"error\":5}", DELIVER_DEAD,
		    "HTTP 400: {\"error\":5}" },
		{ 403, "{oops", DELIVER_DEAD, "HTTP 403: {oops" },
		/* a NUL must not cut a word into a known one */
		{ 403, "{\"error\":\"no_service\\u0000x\"}", DELIVER_DEAD,
		    "HTTP 403: {\"error\":\"no_service\\u0000x\"}" },
		/* Slack's words are lower case; others are not Slack's */
		{ 403, "Invalid_Token", DELIVER_DEAD, "HTTP 403: Invalid_Token" },
		{ 403, "invalid_tokens", DELIVER_DEAD, "403 invalid_tokens" },
		{ 429, "slow_down", DELIVER_RATELIMIT, "429 slow_down" },
		{ 400, "bad request here", DELIVER_DEAD,
		    "HTTP 400: bad request here" },
	};

	check(c, sizeof(c) / sizeof(c[0]));
}

/* a long word or body: the reason is cut, printable, NUL-terminated */
static void
test_notify_verdict__long_bodies(void)
{
	char body[301], want[128], reason[128];

	memset(body, 'a', 300);
	body[300] = '\0';
	/* 80 chars of the body shown after "HTTP 400: " */
	snprintf(want, sizeof(want), "HTTP 400: %.80s", body);
	T_EQ_INT(notify_classify(400, body, reason), DELIVER_DEAD);
	T_EQ_STR(reason, want);
	/* a 5xx shows at most 63 chars of the word */
	snprintf(want, sizeof(want), "500 %.63s", body);
	T_EQ_INT(notify_classify(500, body, reason), DELIVER_RETRY);
	T_EQ_STR(reason, want);
	/* whitespace runs fold into one space, bytes outside ASCII are '?' */
	T_EQ_INT(notify_classify(418, "no\r\n\t\tway \xc3\xa9\x07!  ", reason),
	    DELIVER_DEAD);
	T_EQ_STR(reason, "HTTP 418: no way ??" "?!");
}

static void
test_notify_verdict__names(void)
{
	static const char *const want[] = { "ok", "retry", "ratelimit",
	    "payload", "dead", "config" };

	for (int v = DELIVER_OK; v <= DELIVER_CONFIG; v++)
		T_EQ_STR(deliver_verdict_name((enum deliver_verdict)v),
		    want[v]);
	T_EQ_STR(deliver_verdict_name((enum deliver_verdict)99), "unknown");
}

T_MAIN(T_CASE(test_notify_verdict__status_boundaries),
    T_CASE(test_notify_verdict__json_bodies),
    T_CASE(test_notify_verdict__long_bodies),
    T_CASE(test_notify_verdict__names))
