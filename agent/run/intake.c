#include "intake.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "buf.h"
#include "extract.h"
#include "util.h"
#include "xmalloc.h"

#define INTAKE_MAX_TITLE	300
#define INTAKE_EXCERPT		280

static void
add_name(const char ***v, size_t *n, const char *s)
{
	if (s == NULL || *s == '\0')
		return;
	for (size_t i = 0; i < *n; i++)
		if (strcasecmp((*v)[i], s) == 0)
			return;
	*v = xreallocarray(*v, *n + 2, sizeof(**v));
	(*v)[(*n)++] = s;
	(*v)[*n] = NULL;
}

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

const char **
intake_competitors(const struct config *cfg, const struct ruleset *rs,
    const struct playbooks *pbs)
{
	const char **v = xcalloc(1, sizeof(*v));
	size_t n = 0;

	for (size_t i = 0; cfg && i < cfg->nsources; i++)
		add_name(&v, &n, cfg->sources[i].competitor);
	for (size_t i = 0; rs && i < rs->n; i++)
		for (size_t k = 0; rs->rules[i].competitors &&
		    rs->rules[i].competitors[k]; k++)
			add_name(&v, &n, rs->rules[i].competitors[k]);
	for (size_t i = 0; pbs && i < pbs->n; i++)
		add_name(&v, &n, pbs->v[i].competitor);
	if (n > 1)
		qsort(v, n, sizeof(*v), cmp_str);
	return v;
}

const char *
intake_competitor(const char *const *known, const char *name)
{
	for (size_t i = 0; known && known[i]; i++)
		if (strcasecmp(known[i], name) == 0)
			return known[i];
	return NULL;
}

void
intake_field_source(struct source *out, const char *competitor)
{
	static char id[] = FIELD_SOURCE_ID;
	static char *tags[] = { id, NULL };
	static char *none[] = { NULL };

	memset(out, 0, sizeof(*out));
	out->id = id;
	out->kind = KIND_FIELD;
	out->competitor = (char *)competitor;	/* borrowed */
	out->tags = tags;
	out->headers = none;
	out->from = none;
}

/* one line: white space and controls become single spaces, trimmed */
static char *
one_line(const char *s, size_t max)
{
	char *t = extract_plain(s, strlen(s));
	size_t n = 0;
	int space = 0;

	for (size_t i = 0; t[i]; i++) {
		unsigned char c = (unsigned char)t[i];

		if (c <= ' ' || c == 0x7f) {
			space = n > 0;
			continue;
		}
		if (space)
			t[n++] = ' ';
		space = 0;
		t[n++] = (char)c;
	}
	t[utf8_trunc(t, n, max)] = '\0';
	return t;
}

void
intake_field_item(struct item *it, const char *competitor, const char *title,
    const char *text, size_t textlen, const char *link, const char *reporter,
    int64_t published, int64_t now)
{
	struct buf b = BUF_INIT;
	char hex[65];

	memset(it, 0, sizeof(*it));
	it->title = one_line(title, INTAKE_MAX_TITLE);
	it->text = text ? extract_plain(text, textlen) : xstrdup("");
	it->link = xstrdup_or_null(link);
	it->author = reporter ? one_line(reporter, ITEM_MAX_AUTHOR) : NULL;
	it->competitor = xstrdup(competitor);
	it->published = published != TIME_NONE ? published : now;
	it->updated = TIME_NONE;
	buf_addstr(&b, competitor);
	buf_addch(&b, '\0');
	buf_addstr(&b, it->title);
	buf_addch(&b, '\0');
	buf_addstr(&b, it->text);
	buf_addch(&b, '\0');
	buf_addstr(&b, link ? link : "");
	sha256_hex(hex, b.data, b.len);
	buf_reset(&b);
	buf_addf(&b, "field:%.16s", hex);
	it->id = buf_detach(&b, NULL);
}

char *
intake_excerpt(const struct item *it)
{
	const char *src = it->text && *it->text ? it->text : it->title;
	char *t = one_line(src ? src : "", 4 * INTAKE_EXCERPT);
	size_t n = strlen(t), cut;
	struct buf b = BUF_INIT;

	if (n <= INTAKE_EXCERPT)
		return t;
	cut = utf8_trunc(t, n, INTAKE_EXCERPT);
	/* end on a word */
	for (size_t i = cut; i > INTAKE_EXCERPT / 2; i--)
		if (t[i] == ' ') {
			cut = i;
			break;
		}
	buf_add(&b, t, cut);
	buf_addstr(&b, "\xe2\x80\xa6");
	free(t);
	return buf_detach(&b, NULL);
}
