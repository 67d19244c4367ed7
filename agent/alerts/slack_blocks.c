/*
 * Slack blocks: Block Kit blocks within Slack's limits, and sections
 * filled line by line within a budget (slack_int.h).
 */
#include "slack_int.h"

#include <string.h>

#include "util.h"

void
blocks_init(struct blocks *b)
{
	b->a = json_array();
	b->chars = 0;
}

/* a JSON string from our own text; valid UTF-8 by construction, repaired
 * if ever not */
json_t *
jstring(const char *s, size_t len)
{
	struct buf b = BUF_INIT;
	json_t *v;

	if (utf8_valid(s, len) && memchr(s, '\0', len) == NULL)
		return json_stringn(s, len);
	buf_add(&b, s, len);
	utf8_repair(&b);
	v = json_stringn(b.data, b.len);
	buf_release(&b);
	if (v == NULL)
		BUG("json_stringn refused repaired text");
	return v;
}

/* a text object holding s cut to max code points */
static json_t *
textobj(const char *type, const char *s, size_t max, size_t *chars)
{
	struct buf t = BUF_INIT;
	json_t *o = json_object();

	trunc_add(&t, s, strlen(s), max);
	if (cp_count(s, strlen(s)) > max) {
		/* never leave a link or date token of ours open: every raw
		 * '<' in our text starts one */
		char *lt = strrchr(t.data, '<');

		if (lt != NULL && strchr(lt, '>') == NULL) {
			buf_truncate(&t, (size_t)(lt - t.data));
			buf_addstr(&t, ELLIPSIS);
		}
	}
	if (t.len == 0)
		buf_addch(&t, '-');	/* Slack refuses empty text */
	*chars = cp_count(t.data, t.len);
	json_object_set_new(o, "type", json_string(type));
	json_object_set_new(o, "text", jstring(t.data, t.len));
	if (strcmp(type, "plain_text") == 0)
		json_object_set_new(o, "emoji", json_true());
	buf_release(&t);
	return o;
}

/* append a block {"type": type, key: v}; takes v */
static void
blk_add(struct blocks *b, const char *type, const char *key, json_t *v)
{
	json_t *o = json_object();

	json_object_set_new(o, "type", json_string(type));
	json_object_set_new(o, key, v);
	json_array_append_new(b->a, o);
}

/* a block of type `type` holding one text object */
static void
blk_text(struct blocks *b, const char *type, const char *texttype,
    const char *text, size_t max)
{
	size_t c;
	json_t *v = textobj(texttype, text, max, &c);

	blk_add(b, type, "text", v);
	b->chars += c;
}

void
blk_header(struct blocks *b, const char *text)
{
	blk_text(b, "header", "plain_text", text, SL_MAX_HEADER);
}

void
blk_section(struct blocks *b, const char *mrkdwn)
{
	blk_text(b, "section", "mrkdwn", mrkdwn, SL_MAX_SECTION);
}

void
blk_fields(struct blocks *b, const struct buf *f, size_t n)
{
	json_t *arr = json_array();
	size_t c;

	for (size_t i = 0; i < n && i < SL_MAX_FIELDS; i++) {
		json_array_append_new(arr, textobj("mrkdwn", f[i].data,
		    SL_MAX_FIELD, &c));
		b->chars += c;
	}
	blk_add(b, "section", "fields", arr);
}

void
blk_context(struct blocks *b, const char *mrkdwn)
{
	json_t *arr = json_array();
	size_t c;

	json_array_append_new(arr, textobj("mrkdwn", mrkdwn, SL_MAX_SECTION,
	    &c));
	b->chars += c;
	blk_add(b, "context", "elements", arr);
}

void
blk_alert_context(struct blocks *b, const json_t *a)
{
	struct buf t = BUF_INIT;

	buf_addstr(&t, "Alert ");
	code_add(&t, a, "id", "no-id");
	buf_addstr(&t, MIDDOT "sigwatch");
	blk_context(b, t.data);
	buf_release(&t);
}

static void
sec_flush(struct sections *s)
{
	if (s->cur.len == 0)
		return;
	blk_section(s->b, s->cur.data);
	s->used += cp_count(s->cur.data, s->cur.len);
	s->maxblocks--;
	buf_reset(&s->cur);
}

/* start a new section for the next line when the blocks allow it */
void
sec_break(struct sections *s)
{
	if (s->cur.len > 0 && s->maxblocks > 1)
		sec_flush(s);
}

void
sec_line(struct sections *s, const char *line, size_t len)
{
	size_t c = cp_count(line, len), cur = cp_count(s->cur.data, s->cur.len);

	if (s->dropped > 0 || s->used + cur + c + 1 > s->budget) {
		s->dropped++;
		return;
	}
	if (cur > 0 && cur + 1 + c > SL_MAX_SECTION) {
		if (s->maxblocks <= 1) {
			s->dropped++;
			return;
		}
		sec_flush(s);
		cur = 0;
	}
	if (cur > 0)
		buf_addch(&s->cur, '\n');
	buf_add(&s->cur, line, len);
}

void
sec_init(struct sections *s, struct blocks *b, size_t budget,
    size_t maxblocks)
{
	memset(s, 0, sizeof(*s));
	s->b = b;
	s->cur = (struct buf)BUF_INIT;
	s->budget = budget;
	s->maxblocks = maxblocks;
}

/*
 * The closing "n more" line: shown even though lines were dropped, with
 * extra code points of budget and a block of its own if none is left.
 */
void
sec_more(struct sections *s, const struct buf *line, size_t extra)
{
	s->dropped = 0;
	s->budget += extra;
	if (s->maxblocks == 0)
		s->maxblocks = 1;
	sec_line(s, line->data, line->len);
}

/* flush the last section and free s (not its blocks) */
void
sec_end(struct sections *s)
{
	sec_flush(s);
	buf_release(&s->cur);
}

/* end a paragraph of n lines in t: add it as a section of its own (when
 * it has lines) and empty t for the next one */
void
sec_para(struct sections *s, struct buf *t, size_t *n)
{
	if (*n > 0) {
		sec_break(s);
		sec_line(s, t->data, t->len);
	}
	buf_reset(t);
	*n = 0;
}
