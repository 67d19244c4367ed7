#include "triage.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "json_util.h"
#include "jsonl.h"
#include "record.h"
#include "util.h"
#include "xmalloc.h"

static const struct strfield triage_strings[] = {
	STRFIELD(struct triage, note), STRFIELD(struct triage, author),
	STRFIELD(struct triage, rule), STRFIELD(struct triage, source),
	STRFIELD(struct triage, item),
};

char *
triage_to_json(const struct triage *t)
{
	json_t *o = json_object();
	char ts[32];

	fmt_time(ts, t->at);
	json_object_set_new(o, "hit", json_string(t->hit));
	json_object_set_new(o, "verdict", json_string(t->fp ? "fp" : "ack"));
	json_object_set_new(o, "note", json_str_or_null(t->note));
	json_object_set_new(o, "author", json_str_or_null(t->author));
	json_object_set_new(o, "at", json_string(ts));
	json_object_set_new(o, "rule", json_str_or_null(t->rule));
	json_object_set_new(o, "source", json_str_or_null(t->source));
	json_object_set_new(o, "item", json_str_or_null(t->item));
	return json_line(o);
}

int
triage_from_json(struct triage *t, const char *line, size_t len)
{
	json_error_t je;
	json_t *o = json_loadb(line, len, 0, &je);
	const char *hit = json_str(o, "hit");
	const char *v = json_str(o, "verdict");
	const char *at = json_str(o, "at");

	memset(t, 0, sizeof(*t));
	if (hit == NULL || strlen(hit) != 16 || v == NULL || at == NULL ||
	    (strcmp(v, "fp") != 0 && strcmp(v, "ack") != 0) ||
	    parse_time(at, &t->at) < 0) {
		json_decref(o);
		return -1;
	}
	memcpy(t->hit, hit, 17);
	t->fp = strcmp(v, "fp") == 0;
	strfields_load(t, triage_strings, NSTRFIELDS(triage_strings), o);
	json_decref(o);
	return 0;
}

void
triage_release(struct triage *t)
{
	strfields_free(t, triage_strings, NSTRFIELDS(triage_strings));
	memset(t, 0, sizeof(*t));
}

int
triage_append(struct state *st, const struct triage *t, struct err *err)
{
	struct buf rel = BUF_INIT;
	char month[8], *line = triage_to_json(t);
	int rc;

	month_of(month, t->at);
	buf_addf(&rel, "triage/%s.jsonl", month);
	rc = state_append_lines(st, rel.data, &line, 1, err);
	buf_release(&rel);
	free(line);
	return rc;
}

static int
load_line(const char *line, size_t len, void *payload)
{
	struct triages *out = payload;
	struct triage t;

	if (triage_from_json(&t, line, len) == 0) {
		out->v = xreallocarray(out->v, out->n + 1, sizeof(*out->v));
		out->v[out->n++] = t;
		*strset_val(&out->latest, t.hit, 16) = out->n;
	}
	return 0;
}

void
triages_load(struct state *st, struct triages *out)
{
	memset(out, 0, sizeof(*out));
	jsonl_each(st, "triage", NULL, load_line, NULL, out);
}

const struct triage *
triages_find(const struct triages *ts, const char *hit)
{
	size_t k;

	if (hit == NULL || strlen(hit) != 16 ||
	    !strset_has(&ts->latest, hit, 16))
		return NULL;
	/* strset_val adds missing keys; the key is there, so nothing is
	 * added and the set is not changed */
	k = *strset_val((struct strset *)&ts->latest, hit, 16);
	return k ? &ts->v[k - 1] : NULL;
}

void
triages_release(struct triages *ts)
{
	for (size_t i = 0; i < ts->n; i++)
		triage_release(&ts->v[i]);
	free(ts->v);
	strset_release(&ts->latest);
	memset(ts, 0, sizeof(*ts));
}
