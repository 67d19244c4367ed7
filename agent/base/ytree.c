#include "ytree.h"

#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#include "buf.h"
#include "util.h"
#include "xmalloc.h"

/* Nesting deeper than this is not a config file; refuse it. */
#define YTREE_MAX_DEPTH 64

struct builder {
	struct ydocs	*set;
	struct diags	*d;
	yaml_parser_t	 parser;
};

static struct ynode *
node_new(struct builder *b, enum ynode_kind kind, const yaml_mark_t *m)
{
	struct ynode *n = xcalloc(1, sizeof(*n));

	n->kind = kind;
	n->line = (unsigned)m->line + 1;
	n->col = (unsigned)m->column + 1;
	n->index = m->index;
	n->path = b->set->path;
	n->src = b->set->src;
	n->srclen = b->set->srclen;
	return n;
}

static void
node_push(struct ynode *parent, struct ynode *kid, size_t *alloc)
{
	if (parent->n == *alloc) {
		*alloc = *alloc ? *alloc * 2 : 8;
		parent->kids = xreallocarray(parent->kids, *alloc,
		    sizeof(*parent->kids));
	}
	parent->kids[parent->n++] = kid;
}

static void
node_free(struct ynode *n)
{
	size_t total;

	if (n == NULL)
		return;
	total = n->kind == YNODE_MAP ? n->n * 2 : n->n;
	for (size_t i = 0; i < total; i++)
		node_free(n->kids[i]);
	free(n->kids);
	free(n->str);
	free(n);
}

static int
next_event(struct builder *b, yaml_event_t *ev)
{
	if (yaml_parser_parse(&b->parser, ev))
		return 0;
	diag_add(b->d, DIAG_ERROR, b->set->path,
	    (unsigned)b->parser.problem_mark.line + 1,
	    (unsigned)b->parser.problem_mark.column + 1,
	    "invalid YAML: %s%s%s",
	    b->parser.problem ? b->parser.problem : "syntax error",
	    b->parser.context ? " " : "",
	    b->parser.context ? b->parser.context : "");
	return -1;
}

static struct ynode *build(struct builder *, yaml_event_t *, int depth);
static size_t u8len(unsigned char);

/* 1 when the escape at p (after its backslash) stands for U+0000 */
static int
nul_escape(const char *p, const char *end)
{
	size_t want;

	if (p >= end)
		return 0;
	if (*p == '0')
		return 1;
	want = *p == 'x' ? 2 : *p == 'u' ? 4 : *p == 'U' ? 8 : 0;
	if (want == 0 || (size_t)(end - p) < want + 1)
		return 0;
	for (size_t i = 1; i <= want; i++)
		if (p[i] != '0')
			return 0;
	return 1;
}

/*
 * A string holding U+0000 would be cut short at the first NUL by every
 * C string use (ids, URLs, patterns): refuse it. Only a double-quoted
 * escape (\0, \x00, \u0000, \U00000000) can produce one; the diagnostic
 * points at that escape (libyaml's marks count characters, so the source
 * is walked from the scalar's line).
 */
static void
check_nul(struct builder *b, const struct ynode *n)
{
	const char *p = b->set->src, *end = p + b->set->srclen;
	unsigned line = 1, col = 1;

	if (memchr(n->str, '\0', n->len) == NULL)
		return;
	while (p < end && line < n->line)
		if (*p++ == '\n')
			line++;
	while (p < end && col < n->col && *p != '\n') {
		p += u8len((unsigned char)*p);
		col++;
	}
	if (n->style == YSTYLE_DOUBLE && p < end && *p == '"') {
		for (p++, col++; p < end && *p != '"'; ) {
			if (*p == '\\' && nul_escape(p + 1, end))
				break;
			if (*p == '\\' && p + 1 < end) {
				p++;
				col++;
			}
			if (*p == '\n') {
				line++;
				col = 1;
				p++;
				continue;
			}
			p += u8len((unsigned char)*p);
			col++;
		}
		if (p >= end || *p == '"') {
			line = n->line;	/* not found: the scalar itself */
			col = n->col;
		}
	} else {
		line = n->line;
		col = n->col;
	}
	diag_add(b->d, DIAG_ERROR, b->set->path, line, col,
	    "string holds a NUL character (\\0), which would cut it short");
}

struct keyref {
	const char	*str;
	size_t		 i;	/* the pair's index */
};

static int
key_cmp(const void *a, const void *b)
{
	const struct keyref *x = a, *y = b;
	int c = strcmp(x->str, y->str);

	return c ? c : (x->i > y->i) - (x->i < y->i);
}

/*
 * Keys must be strings and unique. Sorting the keys finds every duplicate
 * in n log n (a 4 MiB file of distinct keys took minutes with a pairwise
 * scan); the diagnostics still come in document order, each naming the
 * line of the first occurrence.
 */
static void
check_keys(struct builder *b, struct ynode *n)
{
	size_t pairs = n->n, *first, m = 0;
	struct keyref *keys;

	keys = xcalloc(pairs + 1, sizeof(*keys));
	first = xcalloc(pairs + 1, sizeof(*first));
	for (size_t i = 0; i < pairs; i++) {
		first[i] = i;
		if (n->kids[2 * i]->kind == YNODE_SCALAR) {
			keys[m].str = n->kids[2 * i]->str;
			keys[m++].i = i;
		}
	}
	qsort(keys, m, sizeof(*keys), key_cmp);
	for (size_t k = 1; k < m; k++)
		if (strcmp(keys[k].str, keys[k - 1].str) == 0)
			first[keys[k].i] = first[keys[k - 1].i];
	for (size_t i = 0; i < pairs; i++) {
		const struct ynode *k = n->kids[2 * i];

		if (k->kind != YNODE_SCALAR)
			ydiag(b->d, DIAG_ERROR, k, "map keys must be strings");
		else if (first[i] != i)
			ydiag(b->d, DIAG_ERROR, k, "duplicate key '%s' (first "
			    "at line %u)", k->str, n->kids[2 * first[i]]->line);
	}
	free(keys);
	free(first);
}

static int
build_children(struct builder *b, struct ynode *n, yaml_event_type_t end,
    int depth)
{
	size_t alloc = 0;
	yaml_event_t ev;

	for (;;) {
		struct ynode *kid;

		if (next_event(b, &ev) < 0)
			return -1;
		if (ev.type == end) {
			yaml_event_delete(&ev);
			break;
		}
		kid = build(b, &ev, depth + 1);
		yaml_event_delete(&ev);
		if (kid == NULL)
			return -1;
		node_push(n, kid, &alloc);
	}
	if (n->kind == YNODE_MAP) {
		n->n /= 2;
		check_keys(b, n);
	}
	return 0;
}

static struct ynode *
build(struct builder *b, yaml_event_t *ev, int depth)
{
	struct ynode *n = NULL;

	if (depth > YTREE_MAX_DEPTH) {
		diag_add(b->d, DIAG_ERROR, b->set->path,
		    (unsigned)ev->start_mark.line + 1,
		    (unsigned)ev->start_mark.column + 1,
		    "nesting deeper than %d levels", YTREE_MAX_DEPTH);
		return NULL;
	}
	switch (ev->type) {
	case YAML_ALIAS_EVENT:
		diag_add(b->d, DIAG_ERROR, b->set->path,
		    (unsigned)ev->start_mark.line + 1,
		    (unsigned)ev->start_mark.column + 1,
		    "YAML aliases (*name) are not supported; repeat the value");
		return NULL;
	case YAML_SCALAR_EVENT:
		n = node_new(b, YNODE_SCALAR, &ev->start_mark);
		n->str = xstrndup((const char *)ev->data.scalar.value,
		    ev->data.scalar.length);
		n->len = ev->data.scalar.length;
		switch (ev->data.scalar.style) {
		case YAML_SINGLE_QUOTED_SCALAR_STYLE:
			n->style = YSTYLE_SINGLE;
			break;
		case YAML_DOUBLE_QUOTED_SCALAR_STYLE:
			n->style = YSTYLE_DOUBLE;
			break;
		case YAML_LITERAL_SCALAR_STYLE:
		case YAML_FOLDED_SCALAR_STYLE:
			n->style = YSTYLE_BLOCK;
			break;
		default:
			n->style = YSTYLE_PLAIN;
			break;
		}
		check_nul(b, n);
		return n;
	case YAML_SEQUENCE_START_EVENT:
		n = node_new(b, YNODE_SEQ, &ev->start_mark);
		if (build_children(b, n, YAML_SEQUENCE_END_EVENT, depth) < 0)
			goto fail;
		return n;
	case YAML_MAPPING_START_EVENT:
		n = node_new(b, YNODE_MAP, &ev->start_mark);
		if (build_children(b, n, YAML_MAPPING_END_EVENT, depth) < 0)
			goto fail;
		return n;
	default:
		diag_add(b->d, DIAG_ERROR, b->set->path,
		    (unsigned)ev->start_mark.line + 1,
		    (unsigned)ev->start_mark.column + 1,
		    "unexpected YAML event");
		return NULL;
	}
fail:
	/* a map's n is still the raw kid count here */
	if (n->kind == YNODE_MAP) {
		for (size_t i = 0; i < n->n; i++)
			node_free(n->kids[i]);
		free(n->kids);
		n->kids = NULL;
		n->n = 0;
	}
	node_free(n);
	return NULL;
}

int
ytree_parse(struct ydocs *out, const char *path, const char *data,
    size_t len, struct diags *d)
{
	struct builder b;
	yaml_event_t ev;
	size_t alloc = 0;
	int rc = 0;

	memset(out, 0, sizeof(*out));
	out->path = xstrdup(path);
	out->src = xstrndup(data, len);
	out->srclen = len;
	b.set = out;
	b.d = d;
	if (!yaml_parser_initialize(&b.parser))
		BUG("yaml_parser_initialize");
	yaml_parser_set_input_string(&b.parser,
	    (const unsigned char *)out->src, len);
	for (;;) {
		struct ynode *root = NULL;

		if (next_event(&b, &ev) < 0) {
			rc = -1;
			break;
		}
		if (ev.type == YAML_STREAM_END_EVENT) {
			yaml_event_delete(&ev);
			break;
		}
		if (ev.type != YAML_DOCUMENT_START_EVENT) {
			yaml_event_delete(&ev);
			continue;
		}
		yaml_event_delete(&ev);
		if (next_event(&b, &ev) < 0) {
			rc = -1;
			break;
		}
		if (ev.type != YAML_DOCUMENT_END_EVENT) {
			root = build(&b, &ev, 0);
			yaml_event_delete(&ev);
			if (root == NULL) {
				rc = -1;
				break;
			}
			if (next_event(&b, &ev) < 0) {
				node_free(root);
				rc = -1;
				break;
			}
		}
		yaml_event_delete(&ev);
		/* an empty document is a NULL root: callers skip it */
		if (out->ndocs == alloc) {
			alloc = alloc ? alloc * 2 : 4;
			out->docs = xreallocarray(out->docs, alloc,
			    sizeof(*out->docs));
		}
		out->docs[out->ndocs++] = root;
	}
	yaml_parser_delete(&b.parser);
	return rc;
}

void
ydocs_release(struct ydocs *s)
{
	for (size_t i = 0; i < s->ndocs; i++)
		node_free(s->docs[i]);
	free(s->docs);
	free(s->path);
	free(s->src);
	memset(s, 0, sizeof(*s));
}

const struct ynode *
ymap_key(const struct ynode *map, size_t i)
{
	return map->kids[2 * i];
}

const struct ynode *
ymap_val(const struct ynode *map, size_t i)
{
	return map->kids[2 * i + 1];
}

const struct ynode *
ymap_get(const struct ynode *map, const char *key)
{
	if (map == NULL || map->kind != YNODE_MAP)
		return NULL;
	for (size_t i = 0; i < map->n; i++) {
		const struct ynode *k = map->kids[2 * i];

		if (k->kind == YNODE_SCALAR && strcmp(k->str, key) == 0)
			return map->kids[2 * i + 1];
	}
	return NULL;
}

/* length of the UTF-8 sequence led by c (1 for continuation/invalid) */
static size_t
u8len(unsigned char c)
{
	if (c >= 0xf0)
		return 4;
	if (c >= 0xe0)
		return 3;
	if (c >= 0xc0)
		return 2;
	return 1;
}

unsigned
ynode_col_at(const struct ynode *n, size_t off)
{
	const char *p, *end;
	unsigned col = n->col;
	size_t done = 0;

	if (n->kind != YNODE_SCALAR || n->src == NULL || n->index >= n->srclen)
		return col;
	p = n->src + n->index;
	end = n->src + n->srclen;
	if (n->style == YSTYLE_SINGLE || n->style == YSTYLE_DOUBLE) {
		p++;
		col++;
	} else if (n->style == YSTYLE_BLOCK)
		return col;
	/* walk the source, mapping value bytes back to source characters */
	while (done < off && p < end && *p != '\n') {
		size_t l = u8len((unsigned char)*p);

		if (n->style == YSTYLE_SINGLE && p[0] == '\'' &&
		    p + 1 < end && p[1] == '\'') {
			p += 2;
			done += 1;
		} else if (n->style == YSTYLE_DOUBLE && p[0] == '\\' &&
		    p + 1 < end) {
			/* escapes: \\ \" \n \t... produce one byte; others
			 * (\x, \u) are rare in patterns: count as one */
			p += 2;
			col++;
			done += 1;
		} else {
			p += l;
			done += l;
		}
		col++;
	}
	return col;
}

const char *
ynode_kind_name(const struct ynode *n)
{
	if (n == NULL)
		return "nothing";
	switch (n->kind) {
	case YNODE_SCALAR:
		return "a string";
	case YNODE_SEQ:
		return "a list";
	default:
		return "a map";
	}
}

void
ydiag(struct diags *d, enum diag_sev sev, const struct ynode *n,
    const char *fmt, ...)
{
	struct buf msg = BUF_INIT;
	va_list ap;

	va_start(ap, fmt);
	buf_vaddf(&msg, fmt, ap);
	va_end(ap);
	diag_add(d, sev, n ? n->path : NULL, n ? n->line : 0, n ? n->col : 0,
	    "%s", msg.data);
	buf_release(&msg);
}

int
ycheck_map(const struct ynode *n, const char *what, const char *const *known,
    struct diags *d)
{
	int rc = 0;

	if (n == NULL || n->kind != YNODE_MAP) {
		ydiag(d, DIAG_ERROR, n, "%s must be a map, not %s", what,
		    ynode_kind_name(n));
		return -1;
	}
	if (known == NULL)
		return 0;
	for (size_t i = 0; i < n->n; i++) {
		const struct ynode *k = ymap_key(n, i);
		const char *hint;
		size_t j;

		if (k->kind != YNODE_SCALAR)
			continue;
		for (j = 0; known[j]; j++)
			if (strcmp(known[j], k->str) == 0)
				break;
		if (known[j])
			continue;
		hint = diag_suggest(k->str, known);
		if (hint)
			ydiag(d, DIAG_ERROR, k, "unknown key '%s' in %s; did "
			    "you mean '%s'?", k->str, what, hint);
		else
			ydiag(d, DIAG_ERROR, k, "unknown key '%s' in %s",
			    k->str, what);
		rc = -1;
	}
	return rc;
}

static const struct ynode *
scalar_at(const struct ynode *map, const char *key, const char *want,
    struct diags *d)
{
	const struct ynode *v = ymap_get(map, key);

	if (v == NULL)
		return NULL;
	if (v->kind != YNODE_SCALAR) {
		ydiag(d, DIAG_ERROR, v, "'%s' must be %s, not %s", key, want,
		    ynode_kind_name(v));
		return NULL;
	}
	return v;
}

const struct ynode *
yget_scalar(const struct ynode *map, const char *key, struct diags *d)
{
	return scalar_at(map, key, "a string", d);
}

const struct ynode *
yget_nonempty(const struct ynode *map, const char *key, struct diags *d)
{
	const struct ynode *v = scalar_at(map, key, "a string", d);

	if (v != NULL && v->str[0] == '\0') {
		ydiag(d, DIAG_ERROR, v, "'%s' must not be empty", key);
		return NULL;
	}
	return v;
}

int
yget_str(const char **out, const struct ynode *map, const char *key,
    struct diags *d)
{
	const struct ynode *v = ymap_get(map, key);

	if (v == NULL)
		return 0;
	if (v->kind != YNODE_SCALAR) {
		ydiag(d, DIAG_ERROR, v, "'%s' must be a string, not %s", key,
		    ynode_kind_name(v));
		return -1;
	}
	*out = v->str;
	return 0;
}

int
yget_strlist(const char ***out, size_t *n, const struct ynode *map,
    const char *key, struct diags *d)
{
	const struct ynode *v = ymap_get(map, key);
	const char **list;
	int rc = 0;

	if (v == NULL)
		return 0;
	if (v->kind == YNODE_SCALAR) {
		list = xcalloc(2, sizeof(*list));
		list[0] = v->str;
		*out = list;
		*n = 1;
		return 0;
	}
	if (v->kind != YNODE_SEQ) {
		ydiag(d, DIAG_ERROR, v, "'%s' must be a string or a list of "
		    "strings, not %s", key, ynode_kind_name(v));
		return -1;
	}
	list = xcalloc(v->n + 1, sizeof(*list));
	*n = 0;
	for (size_t i = 0; i < v->n; i++) {
		if (v->kids[i]->kind != YNODE_SCALAR) {
			ydiag(d, DIAG_ERROR, v->kids[i], "items of '%s' must "
			    "be strings, not %s", key,
			    ynode_kind_name(v->kids[i]));
			rc = -1;
			continue;
		}
		list[(*n)++] = v->kids[i]->str;
	}
	*out = list;
	return rc;
}

int
yget_bool(int *out, const struct ynode *map, const char *key,
    struct diags *d)
{
	const struct ynode *v = scalar_at(map, key, "true or false", d);

	if (v == NULL)
		return ymap_get(map, key) ? -1 : 0;
	if (strcmp(v->str, "true") == 0 || strcmp(v->str, "yes") == 0)
		*out = 1;
	else if (strcmp(v->str, "false") == 0 || strcmp(v->str, "no") == 0)
		*out = 0;
	else {
		ydiag(d, DIAG_ERROR, v, "'%s' must be true or false, not '%s'",
		    key, v->str);
		return -1;
	}
	return 0;
}

int
yget_uint(uint64_t *out, const struct ynode *map, const char *key,
    uint64_t max, struct diags *d)
{
	const struct ynode *v = scalar_at(map, key, "a number", d);
	char *end;
	unsigned long long x;

	if (v == NULL)
		return ymap_get(map, key) ? -1 : 0;
	errno = 0;
	x = strtoull(v->str, &end, 10);
	if (v->str[0] == '\0' || *end != '\0' || errno || v->str[0] == '-' ||
	    x > max) {
		ydiag(d, DIAG_ERROR, v, "'%s' must be a whole number from 0 to "
		    "%" PRIu64 ", not '%s'", key, max, v->str);
		return -1;
	}
	*out = x;
	return 0;
}

/*
 * A typed getter's answer: 0 when key is absent, -1 when it is not a
 * scalar (scalar_at said so) or ok is false (the value did not parse).
 */
static int
typed_answer(const struct ynode *map, const char *key,
    const struct ynode *v, int ok, const char *what, const char *examples,
    struct diags *d)
{
	if (v == NULL)
		return ymap_get(map, key) ? -1 : 0;
	if (!ok) {
		ydiag(d, DIAG_ERROR, v, "invalid %s '%s' for '%s' (use e.g. %s)",
		    what, v->str, key, examples);
		return -1;
	}
	return 0;
}

int
yget_duration(int64_t *out, const struct ynode *map, const char *key,
    struct diags *d)
{
	const struct ynode *v = scalar_at(map, key, "a duration", d);

	return typed_answer(map, key, v, v && parse_duration(v->str, out) == 0,
	    "duration", "30s, 5m, 1h, 7d", d);
}

int
yget_size(uint64_t *out, const struct ynode *map, const char *key,
    struct diags *d)
{
	const struct ynode *v = scalar_at(map, key, "a size", d);

	return typed_answer(map, key, v, v && parse_size(v->str, out) == 0,
	    "size", "512KB, 10MB", d);
}

void
ymissing(const struct ynode *map, const char *key, const char *what,
    struct diags *d)
{
	ydiag(d, DIAG_ERROR, map, "%s is missing required key '%s'", what,
	    key);
}
