/* See slack_check.h. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include <jansson.h>

#include "fuzz.h"
#include "playbook.h"
#include "slack_check.h"

#define SLACK_MAX_BLOCKS	50
#define SLACK_MAX_HEADER	150
#define SLACK_MAX_SECTION	3000
#define SLACK_MAX_FIELDS	10
#define SLACK_MAX_FIELD		2000
#define SLACK_MAX_CONTEXT	10
#define SLACK_MAX_BLOCK_TEXT	8000
#define SLACK_MAX_TEXT		4000

static int
fail(char *why, size_t whylen, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(why, whylen, fmt, ap);
	va_end(ap);
	return -1;
}

/* mrkdwn from untrusted text: no mentions, every '<' a plain link */
static int
mrkdwn_ok(const char *s, char *why, size_t whylen)
{
	const char *p = s;

	while ((p = strchr(p, '<')) != NULL) {
		const char *end = strchr(p, '>');

		/* <!date^UNIX^{token}|fallback> is notify's own date */
		if (strncmp(p + 1, "!date^", 6) == 0 && end != NULL &&
		    memchr(p + 1, '<', (size_t)(end - p - 1)) == NULL) {
			p = end + 1;
			continue;
		}
		/* an owner's exact Slack id (playbook_owner_kind()) is a
		 * mention on purpose; any other mention syntax is not */
		if (end != NULL && (p[1] == '!' || p[1] == '@') &&
		    memchr(p + 1, '<', (size_t)(end - p - 1)) == NULL) {
			enum owner_kind k = playbook_owner_kind(p,
			    (size_t)(end - p + 1));

			if (k == OWNER_USER || k == OWNER_GROUP) {
				p = end + 1;
				continue;
			}
		}
		if (p[1] == '!' || p[1] == '@' || p[1] == '#')
			return fail(why, whylen, "mention syntax in %.60s", p);
		if (strncmp(p + 1, "http://", 7) != 0 &&
		    strncmp(p + 1, "https://", 8) != 0)
			return fail(why, whylen, "'<' not opening a link: "
			    "%.60s", p);
		if (end == NULL)
			return fail(why, whylen, "unterminated link: %.60s", p);
		/* the URL part holds no second '<' and at most one '|' */
		for (const char *q = p + 1; q < end; q++)
			if (*q == '<')
				return fail(why, whylen, "'<' inside a link: "
				    "%.60s", p);
		p = end + 1;
	}
	return 0;
}

/* a text object: {type, text}; counts its code points into *total */
static int
text_obj(json_t *t, size_t max, size_t *total, const char *what, char *why,
    size_t whylen)
{
	const char *type = json_string_value(json_object_get(t, "type"));
	const char *s = json_string_value(json_object_get(t, "text"));
	size_t n;

	if (!json_is_object(t) || type == NULL || s == NULL)
		return fail(why, whylen, "%s: not a text object", what);
	if (strcmp(type, "plain_text") != 0 && strcmp(type, "mrkdwn") != 0)
		return fail(why, whylen, "%s: text type %s", what, type);
	if (!fuzz_utf8_str(s))
		return fail(why, whylen, "%s: invalid UTF-8", what);
	n = fuzz_utf8_count(s);
	if (n > max)
		return fail(why, whylen, "%s: %zu > %zu characters", what, n,
		    max);
	if (n == 0)
		return fail(why, whylen, "%s: empty text", what);
	*total += n;
	if (strcmp(type, "mrkdwn") == 0)
		return mrkdwn_ok(s, why, whylen);
	return 0;
}

int
slack_check_payload(const char *payload, size_t len, char *why,
    size_t whylen)
{
	json_error_t jerr;
	json_t *root, *blocks, *b, *text;
	size_t i, total = 0;
	int rc = -1;

	if (!fuzz_utf8_valid(payload, len))
		return fail(why, whylen, "payload is not UTF-8");
	root = json_loadb(payload, len, JSON_REJECT_DUPLICATES, &jerr);
	if (root == NULL)
		return fail(why, whylen, "invalid JSON: %s", jerr.text);
	if (!json_is_object(root)) {
		fail(why, whylen, "payload is not an object");
		goto out;
	}
	text = json_object_get(root, "text");
	if (!json_is_string(text) || json_string_length(text) == 0) {
		fail(why, whylen, "no text fallback");
		goto out;
	}
	if (fuzz_utf8_count(json_string_value(text)) > SLACK_MAX_TEXT) {
		fail(why, whylen, "text: %zu > %d characters",
		    fuzz_utf8_count(json_string_value(text)), SLACK_MAX_TEXT);
		goto out;
	}
	if (mrkdwn_ok(json_string_value(text), why, whylen) < 0)
		goto out;
	blocks = json_object_get(root, "blocks");
	if (blocks == NULL) {
		rc = 0;
		goto out;
	}
	if (!json_is_array(blocks)) {
		fail(why, whylen, "blocks is not an array");
		goto out;
	}
	if (json_array_size(blocks) > SLACK_MAX_BLOCKS) {
		fail(why, whylen, "%zu blocks", json_array_size(blocks));
		goto out;
	}
	json_array_foreach(blocks, i, b) {
		const char *type = json_string_value(json_object_get(b,
		    "type"));
		json_t *f, *e;
		size_t k;

		if (type == NULL) {
			fail(why, whylen, "block %zu has no type", i);
			goto out;
		}
		if (strcmp(type, "header") == 0) {
			if (text_obj(json_object_get(b, "text"),
			    SLACK_MAX_HEADER, &total, "header", why,
			    whylen) < 0)
				goto out;
			if (strcmp(json_string_value(json_object_get(
			    json_object_get(b, "text"), "type")),
			    "plain_text") != 0) {
				fail(why, whylen, "header is not plain_text");
				goto out;
			}
		} else if (strcmp(type, "section") == 0) {
			f = json_object_get(b, "fields");
			if (json_object_get(b, "text") == NULL && f == NULL) {
				fail(why, whylen, "empty section %zu", i);
				goto out;
			}
			if (json_object_get(b, "text") != NULL &&
			    text_obj(json_object_get(b, "text"),
			    SLACK_MAX_SECTION, &total, "section", why,
			    whylen) < 0)
				goto out;
			if (f != NULL) {
				if (!json_is_array(f) ||
				    json_array_size(f) > SLACK_MAX_FIELDS) {
					fail(why, whylen, "section fields");
					goto out;
				}
				json_array_foreach(f, k, e)
					if (text_obj(e, SLACK_MAX_FIELD,
					    &total, "field", why, whylen) < 0)
						goto out;
			}
		} else if (strcmp(type, "context") == 0) {
			f = json_object_get(b, "elements");
			if (!json_is_array(f) || json_array_size(f) == 0 ||
			    json_array_size(f) > SLACK_MAX_CONTEXT) {
				fail(why, whylen, "context elements");
				goto out;
			}
			json_array_foreach(f, k, e)
				if (text_obj(e, SLACK_MAX_SECTION, &total,
				    "context", why, whylen) < 0)
					goto out;
		} else if (strcmp(type, "divider") != 0) {
			fail(why, whylen, "unexpected block type %s", type);
			goto out;
		}
	}
	if (total > SLACK_MAX_BLOCK_TEXT) {
		fail(why, whylen, "total block text %zu > %d", total,
		    SLACK_MAX_BLOCK_TEXT);
		goto out;
	}
	rc = 0;
out:
	json_decref(root);
	return rc;
}
