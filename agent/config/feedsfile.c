#include "feedsfile.h"

#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#include "xmalloc.h"

/* one libyaml parse of the file, and what feeds_spot learns from it */
struct scan {
	yaml_parser_t	 p;
	struct err	*err;
	size_t		 last_end;	/* end of the list's last content */
	int		 found;		/* a `sources:` block list or empty */
};

static int
next(struct scan *s, yaml_event_t *ev)
{
	if (yaml_parser_parse(&s->p, ev))
		return 0;
	return err_set(s->err, ERR_PARSE, "line %zu: %s",
	    s->p.problem_mark.line + 1, s->p.problem ? s->p.problem :
	    "invalid YAML");
}

/*
 * Consume events up to the end of the collection just opened, recording
 * where its last piece of content ends: scalars and flow collections have
 * exact end marks; a block collection's end sits at the next token, which
 * may be lines further down, so it does not count.
 */
#define NEST_MAX 64

static int
skip_collection(struct scan *s)
{
	yaml_event_t ev;
	int flow[NEST_MAX], depth = 1, rc = 0;

	flow[0] = 0;
	while (depth > 0 && rc == 0) {
		if (next(s, &ev) < 0)
			return -1;
		switch (ev.type) {
		case YAML_SEQUENCE_START_EVENT:
		case YAML_MAPPING_START_EVENT:
			if (depth == NEST_MAX)
				rc = err_set(s->err, ERR_SCHEMA, "line %zu: "
				    "nested too deeply", ev.start_mark.line + 1);
			else
				flow[depth++] = ev.type ==
				    YAML_SEQUENCE_START_EVENT ?
				    ev.data.sequence_start.style ==
				    YAML_FLOW_SEQUENCE_STYLE :
				    ev.data.mapping_start.style ==
				    YAML_FLOW_MAPPING_STYLE;
			break;
		case YAML_SEQUENCE_END_EVENT:
		case YAML_MAPPING_END_EVENT:
			if (flow[--depth] && ev.end_mark.index > s->last_end)
				s->last_end = ev.end_mark.index;
			break;
		case YAML_SCALAR_EVENT:
		case YAML_ALIAS_EVENT:
			if (ev.end_mark.index > s->last_end)
				s->last_end = ev.end_mark.index;
			break;
		default:
			break;
		}
		yaml_event_delete(&ev);
	}
	return rc;
}

/* the value of `sources:` */
static int
sources_value(struct scan *s, struct feeds_spot *out, yaml_event_t *ev)
{
	if (ev->type == YAML_SEQUENCE_START_EVENT) {
		if (ev->data.sequence_start.style == YAML_FLOW_SEQUENCE_STYLE)
			return err_set(s->err, ERR_SCHEMA, "'sources' is a flow "
			    "list ([...]); write it as a block list (- id: ...) "
			    "or give --feeds another file");
		out->indent = (unsigned)ev->start_mark.column;
		s->last_end = ev->start_mark.index;
		s->found = 1;
		return skip_collection(s);
	}
	if (ev->type == YAML_SCALAR_EVENT && ev->data.scalar.length == 0 &&
	    ev->data.scalar.style == YAML_PLAIN_SCALAR_STYLE) {
		s->last_end = ev->end_mark.index;
		s->found = 1;
		return 0;
	}
	return err_set(s->err, ERR_SCHEMA, "line %zu: 'sources' is not a "
	    "list", ev->start_mark.line + 1);
}

/* the pairs of the top-level mapping, up to its end */
static int
top_pairs(struct scan *s, struct feeds_spot *out)
{
	yaml_event_t k, v;
	int rc = 0;

	for (;;) {
		if (next(s, &k) < 0)
			return -1;
		if (k.type == YAML_MAPPING_END_EVENT) {
			yaml_event_delete(&k);
			return 0;
		}
		if (next(s, &v) < 0) {
			yaml_event_delete(&k);
			return -1;
		}
		if (k.type == YAML_SCALAR_EVENT && strcmp((char *)
		    k.data.scalar.value, "sources") == 0) {
			out->indent = (unsigned)k.start_mark.column + 2;
			rc = sources_value(s, out, &v);
		} else if (k.type == YAML_SCALAR_EVENT && strcmp((char *)
		    k.data.scalar.value, "competitor") == 0 &&
		    v.type == YAML_SCALAR_EVENT) {
			free(out->competitor);
			out->competitor = xstrdup((char *)v.data.scalar.value);
		} else if (v.type == YAML_SEQUENCE_START_EVENT ||
		    v.type == YAML_MAPPING_START_EVENT) {
			size_t keep = s->last_end;	/* not the list's */

			rc = skip_collection(s);
			s->last_end = keep;
		}
		yaml_event_delete(&k);
		yaml_event_delete(&v);
		if (rc < 0)
			return rc;
	}
}

/* the document's root: a block mapping, or nothing (an empty file) */
static int
document(struct scan *s, struct feeds_spot *out, int *empty)
{
	yaml_event_t ev;
	int docs = 0, rc = 0;

	*empty = 1;
	while (rc == 0) {
		if (next(s, &ev) < 0)
			return -1;
		if (ev.type == YAML_STREAM_END_EVENT) {
			yaml_event_delete(&ev);
			break;
		}
		if (ev.type == YAML_DOCUMENT_START_EVENT && ++docs > 1)
			rc = err_set(s->err, ERR_SCHEMA, "a feeds file holds "
			    "one YAML document");
		else if (ev.type == YAML_MAPPING_START_EVENT) {
			*empty = 0;
			if (ev.data.mapping_start.style ==
			    YAML_FLOW_MAPPING_STYLE)
				rc = err_set(s->err, ERR_SCHEMA, "the file is "
				    "a flow mapping ({...})");
			else
				rc = top_pairs(s, out);
		} else if (ev.type == YAML_SEQUENCE_START_EVENT ||
		    (ev.type == YAML_SCALAR_EVENT &&
		    ev.data.scalar.length > 0))
			rc = err_set(s->err, ERR_SCHEMA, "a feeds file is a "
			    "mapping (competitor:, sources:)");
		else if (ev.type == YAML_SCALAR_EVENT)
			*empty = 1;
		yaml_event_delete(&ev);
	}
	return rc;
}

int
feeds_spot(struct feeds_spot *out, const char *data, size_t len,
    struct err *err)
{
	struct scan s;
	const char *nl;
	int empty, rc;

	memset(out, 0, sizeof(*out));
	memset(&s, 0, sizeof(s));
	s.err = err;
	out->indent = 2;
	if (!yaml_parser_initialize(&s.p))
		xalloc_die();	/* it fails only for memory */
	yaml_parser_set_input_string(&s.p, (const unsigned char *)data, len);
	rc = document(&s, out, &empty);
	yaml_parser_delete(&s.p);
	if (rc < 0) {
		feeds_spot_release(out);
		return rc;
	}
	if (!s.found) {
		/* no sources: key: a new one at the end */
		out->need_key = 1;
		out->indent = 2;
		out->offset = len;
		out->need_nl = len > 0 && data[len - 1] != '\n';
		return 0;
	}
	/* after the line holding the list's last content */
	out->offset = s.last_end;
	if (out->offset > 0 && data[out->offset - 1] == '\n')
		return 0;
	nl = memchr(data + out->offset, '\n', len - out->offset);
	if (nl)
		out->offset = (size_t)(nl - data) + 1;
	else {
		out->offset = len;
		out->need_nl = 1;
	}
	(void)empty;
	return 0;
}

void
feeds_spot_release(struct feeds_spot *sp)
{
	free(sp->competitor);
	memset(sp, 0, sizeof(*sp));
}

void
feeds_quote(struct buf *b, const char *s)
{
	buf_addch(b, '"');
	for (; s && *s; s++) {
		unsigned char c = (unsigned char)*s;

		if (c == '"' || c == '\\') {
			buf_addch(b, '\\');
			buf_addch(b, c);
		} else if (c < 0x20 || c == 0x7f)
			buf_addf(b, "\\x%02x", c);
		else
			buf_addch(b, c);
	}
	buf_addch(b, '"');
}

static void
key(struct buf *b, unsigned indent, const char *k, const char *v)
{
	if (v == NULL)
		return;
	buf_addf(b, "%*s  %s: ", (int)indent, "", k);
	feeds_quote(b, v);
	buf_addch(b, '\n');
}

void
feeds_entry_text(struct buf *b, const struct feeds_spot *sp,
    const struct feeds_entry *e)
{
	unsigned in = sp->indent;
	const char *c = e->comment;

	if (sp->need_nl)
		buf_addch(b, '\n');
	if (sp->need_key)
		buf_addstr(b, "sources:\n");
	while (c && *c) {
		size_t n = strcspn(c, "\n");

		buf_addf(b, "%*s# %.*s\n", (int)in, "", (int)n, c);
		c += n + (c[n] == '\n');
	}
	buf_addf(b, "%*s- id: %s\n%*s  kind: %s\n", (int)in, "", e->id,
	    (int)in, "", e->kind);
	key(b, in, "url", e->url);
	key(b, in, "board", e->board);
	key(b, in, "competitor", e->competitor);
	if (e->tags && e->tags[0]) {
		buf_addf(b, "%*s  tags: [", (int)in, "");
		for (size_t i = 0; e->tags[i]; i++) {
			buf_addstr(b, i ? ", " : "");
			feeds_quote(b, e->tags[i]);
		}
		buf_addstr(b, "]\n");
	}
	key(b, in, "items", e->items);
	key(b, in, "select", e->select);
}

void
feeds_insert(struct buf *out, const char *data, size_t len,
    const struct feeds_spot *sp, const char *text, size_t tlen)
{
	buf_add(out, data, sp->offset);
	buf_add(out, text, tlen);
	buf_add(out, data + sp->offset, len - sp->offset);
}
