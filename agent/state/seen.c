/*
 * The seen index of a source, seen/<id>.txt (the file format is in
 * seen.h): an open-addressing hash table of 64-bit id hashes, each with
 * the last month the item was present.
 */
#include "seen.h"

#include <jansson.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "json_util.h"
#include "state.h"
#include "util.h"
#include "xmalloc.h"

struct seenset {
	uint64_t	*slots;		/* 0 = empty */
	uint16_t	*months;
	size_t		 cap, n;
};

static uint64_t
id_hash(const char *id)
{
	/* FNV-1a then a finaliser (splitmix) for spread; never 0 */
	uint64_t h = fnv1a64(id);

	h ^= h >> 33;
	h *= 0xff51afd7ed558ccdULL;
	h ^= h >> 33;
	return h ? h : 1;
}

static size_t
seen_slot(const struct seenset *ss, uint64_t h)
{
	size_t i = h & (ss->cap - 1);

	while (ss->slots[i] && ss->slots[i] != h)
		i = (i + 1) & (ss->cap - 1);
	return i;
}

static void
seen_put(struct seenset *ss, uint64_t h, unsigned month)
{
	size_t i;

	if ((ss->n + 1) * 2 > ss->cap) {
		struct seenset big = { NULL, NULL, ss->cap ? ss->cap * 2 : 1024,
		    0 };

		big.slots = xcalloc(big.cap, sizeof(*big.slots));
		big.months = xcalloc(big.cap, sizeof(*big.months));
		for (size_t j = 0; j < ss->cap; j++)
			if (ss->slots[j])
				seen_put(&big, ss->slots[j], ss->months[j]);
		free(ss->slots);
		free(ss->months);
		*ss = big;
	}
	i = seen_slot(ss, h);
	if (ss->slots[i] == 0) {
		ss->slots[i] = h;
		ss->n++;
	}
	if (month > ss->months[i])
		ss->months[i] = (uint16_t)month;
}

int
seenset_has(const struct seenset *ss, const char *id)
{
	return ss->cap && ss->slots[seen_slot(ss, id_hash(id))] != 0;
}

void
seenset_mark(struct seenset *ss, const char *id, unsigned month)
{
	seen_put(ss, id_hash(id), month);
}

size_t
seenset_count(const struct seenset *ss)
{
	return ss->n;
}

void
seenset_free(struct seenset *ss)
{
	if (ss == NULL)
		return;
	free(ss->slots);
	free(ss->months);
	free(ss);
}

static int
hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

/* parse "HASH16 YYYY-MM" lines; malformed lines are skipped */
static void
seen_parse(struct seenset *ss, const char *p, const char *end)
{
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t l = nl ? (size_t)(nl - p) : (size_t)(end - p);
		uint64_t h = 0;
		int ok = l == 24 && p[16] == ' ' && p[21] == '-', y, m;

		for (int k = 0; ok && k < 16; k++) {
			int v = hexval((unsigned char)p[k]);

			if (v < 0)
				ok = 0;
			h = h << 4 | (uint64_t)(v < 0 ? 0 : v);
		}
		if (ok) {
			y = (p[17] - '0') * 1000 + (p[18] - '0') * 100 +
			    (p[19] - '0') * 10 + (p[20] - '0');
			m = (p[22] - '0') * 10 + (p[23] - '0');
			if (h && m >= 1 && m <= 12 && y >= 1970 && y < 5000)
				seen_put(ss, h, (unsigned)(y * 12 + m - 1));
		}
		p += l + 1;
	}
}

/* the "id" value of one JSON line */
static int
line_id(const char *line, size_t len, struct buf *out)
{
	json_t *o;
	json_error_t je;
	const char *id;

	o = json_loadb(line, len, 0, &je);
	id = json_str(o, "id");
	if (id) {
		buf_reset(out);
		buf_addstr(out, id);
	}
	json_decref(o);
	return id ? 0 : -1;
}

/* a state from before seen/ existed: read the ids from items/<id>/ */
static void
seen_migrate(struct state *s, const char *source_id, struct seenset *ss)
{
	struct buf sub = BUF_INIT, id = BUF_INIT;
	char **names = NULL;
	size_t n = 0;

	buf_addf(&sub, "items/%s", source_id);
	state_list(s, sub.data, ".jsonl", &names, &n);
	for (size_t i = 0; i < n; i++) {
		struct buf rel = BUF_INIT;
		struct err ignore = ERR_INIT;
		char *data = NULL, *p, *end;
		size_t len = 0;
		int y = 1970, m = 1;
		unsigned month;

		sscanf(names[i], "%4d-%2d", &y, &m);
		month = (unsigned)(y * 12 + m - 1);
		buf_addf(&rel, "%s/%s", sub.data, names[i]);
		if (state_read(s, rel.data, &data, &len, &ignore) < 0) {
			buf_release(&rel);
			continue;
		}
		for (p = data, end = data + len; p < end; ) {
			char *nl = memchr(p, '\n', (size_t)(end - p));
			size_t l = nl ? (size_t)(nl - p) : (size_t)(end - p);

			if (l > 0 && line_id(p, l, &id) == 0)
				seenset_mark(ss, id.data, month);
			p += l + 1;
		}
		free(data);
		buf_release(&rel);
	}
	strv_free(names);
	buf_release(&sub);
	buf_release(&id);
}

int
state_seen_load(struct state *s, const char *source_id, struct seenset **out,
    struct err *err)
{
	struct seenset *ss = xcalloc(1, sizeof(*ss));
	struct buf rel = BUF_INIT;
	char *data = NULL;
	size_t len = 0;
	int rc;

	buf_addf(&rel, "seen/%s.txt", source_id);
	rc = state_read(s, rel.data, &data, &len, err);
	if (rc == 0)
		seen_parse(ss, data, data + len);
	else if (rc == ERR_NOTFOUND) {
		err_clear(err);
		seen_migrate(s, source_id, ss);
	} else {
		buf_release(&rel);
		seenset_free(ss);
		return rc;
	}
	free(data);
	buf_release(&rel);
	*out = ss;
	return 0;
}

struct seen_line {
	uint64_t	h;
	unsigned	month;
};

static int
seen_line_cmp(const void *a, const void *b)
{
	uint64_t x = ((const struct seen_line *)a)->h;
	uint64_t y = ((const struct seen_line *)b)->h;

	return x < y ? -1 : x > y;
}

int
state_seen_save(struct state *s, const char *source_id, struct seenset *ss,
    unsigned keep_from, struct err *err)
{
	struct seen_line *v = xcalloc(ss->n + 1, sizeof(*v));
	struct buf rel = BUF_INIT, text = BUF_INIT;
	size_t n = 0;
	int rc;

	for (size_t i = 0; i < ss->cap; i++)
		if (ss->slots[i] && ss->months[i] >= keep_from) {
			v[n].h = ss->slots[i];
			v[n++].month = ss->months[i];
		}
	if (n > 1)
		qsort(v, n, sizeof(*v), seen_line_cmp);
	buf_grow(&text, n * 25);
	for (size_t i = 0; i < n; i++)
		buf_addf(&text, "%016llx %04u-%02u\n", (unsigned long long)v[i].h,
		    v[i].month / 12, v[i].month % 12 + 1);
	buf_addf(&rel, "seen/%s.txt", source_id);
	rc = state_write(s, rel.data, text.data, text.len, err);
	buf_release(&rel);
	buf_release(&text);
	free(v);
	return rc;
}

