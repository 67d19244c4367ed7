/*
 * The preview: a Slack message as a person reads it, in plain text
 * (`run --dry-run --preview`, `digest --dry-run`; notify.h).
 */
#include "notify.h"

#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "buf.h"
#include "json_util.h"
#include "slack_int.h"

/* mrkdwn (our own) to what a reader sees */
static void
mrkdwn_text(struct buf *out, const char *s)
{
	size_t len = strlen(s);

	for (size_t i = 0; i < len; i++) {
		const char *end, *bar;

		if (s[i] == '<' && (end = memchr(s + i, '>', len - i)) != NULL) {
			const char *in = s + i + 1;
			size_t n = (size_t)(end - in);

			bar = memchr(in, '|', n);
			if (n > 0 && (in[0] == '@' || in[0] == '#'))
				buf_add(out, in, n);	/* <@U123> -> @U123 */
			else if (n > 0 && in[0] == '!') {
				if (bar != NULL)	/* <!x|fallback> */
					buf_add(out, bar + 1,
					    (size_t)(end - bar - 1));
				else {
					buf_addch(out, '@');
					buf_add(out, in + 1, n - 1);
				}
			} else if (bar != NULL) {
				buf_add(out, bar + 1, (size_t)(end - bar - 1));
				buf_addstr(out, " <");
				buf_add(out, in, (size_t)(bar - in));
				buf_addch(out, '>');
			} else
				buf_add(out, in, n);
			i = (size_t)(end - s);
			continue;
		}
		if (s[i] == '`' || (s[i] == '*' && !(i > 0 &&
		    notify_wordbyte(s, len, i - 1) && notify_wordbyte(s, len, i + 1))))
			continue;
		buf_addch(out, s[i]);
	}
}

/* entities back to characters, in place */
static void
unescape(struct buf *b)
{
	static const struct {
		const char *e;
		char c;
	} ents[] = { { "&lt;", '<' }, { "&gt;", '>' }, { "&amp;", '&' } };
	size_t o = 0;

	for (size_t i = 0; i < b->len; ) {
		size_t k;

		for (k = 0; k < 3; k++)
			if (strncmp(b->data + i, ents[k].e,
			    strlen(ents[k].e)) == 0)
				break;
		if (k < 3) {
			b->data[o++] = ents[k].c;
			i += strlen(ents[k].e);
		} else
			b->data[o++] = b->data[i++];
	}
	buf_truncate(b, o);
}

static void
preview_text(struct buf *out, const json_t *t, const char *indent)
{
	struct buf b = BUF_INIT;
	const char *s = json_str(t, "text");
	const char *type = json_str(t, "type");

	if (s == NULL)
		return;
	if (type != NULL && strcmp(type, "mrkdwn") == 0)
		mrkdwn_text(&b, s);
	else
		buf_addstr(&b, s);
	unescape(&b);
	for (size_t i = 0; i < b.len; i++) {
		if (i == 0 || b.data[i - 1] == '\n')
			buf_addstr(out, indent);
		buf_addch(out, b.data[i]);
	}
	buf_addch(out, '\n');
	buf_release(&b);
}

char *
notify_preview_payload(const char *payload, size_t len)
{
	json_error_t je;
	json_t *p = json_loadb(payload, len, 0, &je), *blocks, *b;
	struct buf out = BUF_INIT;
	size_t i;

	if (p == NULL)
		return NULL;
	buf_addstr(&out, "\xe2\x94\x80\xe2\x94\x80 Slack message ");
	for (i = 0; i < 50; i++)
		buf_addstr(&out, "\xe2\x94\x80");
	buf_addch(&out, '\n');
	blocks = json_object_get(p, "blocks");
	if (json_array_size(blocks) == 0) {
		json_t *t = json_object();

		json_object_set_new(t, "type", json_string("mrkdwn"));
		json_object_set(t, "text", json_object_get(p, "text"));
		preview_text(&out, t, "");
		json_decref(t);
	}
	json_array_foreach(blocks, i, b) {
		const char *type = json_str(b, "type");
		json_t *f, *e;
		size_t k;

		if (type == NULL)
			continue;
		/* blocks are apart in Slack */
		if (i > 1 && strcmp(type, "header") != 0)
			buf_addch(&out, '\n');
		if (strcmp(type, "header") == 0 || strcmp(type, "section") == 0)
			preview_text(&out, json_object_get(b, "text"), "");
		f = json_object_get(b, "fields");
		json_array_foreach(f, k, e)
			preview_text(&out, e, "  ");
		if (strcmp(type, "context") == 0)
			json_array_foreach(json_object_get(b, "elements"), k,
			    e)
				preview_text(&out, e, "  \xc2\xb7 ");
	}
	json_decref(p);
	return buf_detach(&out, NULL);
}

char *
notify_preview(const char *alert_json, size_t len)
{
	char *p = notify_slack_payload(alert_json, len), *r;

	if (p == NULL)
		return NULL;
	r = notify_preview_payload(p, strlen(p));
	free(p);
	return r;
}
