#include "pbstate.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "json_util.h"
#include "record.h"
#include "util.h"
#include "xmalloc.h"

/* a signal's strings, as playbooks/ID.json stores them */
static const struct strfield signal_strings[] = {
	STRFIELD(struct pbsignal, rule), STRFIELD(struct pbsignal, hit),
	STRFIELD(struct pbsignal, source), STRFIELD(struct pbsignal, title),
	STRFIELD(struct pbsignal, link),
};

static void
signal_release(struct pbsignal *g)
{
	strfields_free(g, signal_strings, NSTRFIELDS(signal_strings));
}

int
pbstate_load(struct state *s, const char *id, struct pbstate *pb)
{
	struct buf rel = BUF_INIT;
	size_t i;
	json_t *o, *sig, *e;

	memset(pb, 0, sizeof(*pb));
	pb->id = xstrdup(id);
	pb->activated_at = TIME_NONE;
	buf_addf(&rel, "playbooks/%s.json", id);
	o = state_load_json(s, rel.data, 0);
	buf_release(&rel);
	if (o == NULL)
		return 0;
	pb->active = strcmp(json_string_value(json_object_get(o, "state")) ?
	    json_string_value(json_object_get(o, "state")) : "", "active") == 0;
	pb->activated_at = json_time(o, "activated_at");
	sig = json_object_get(o, "signals");
	pb->v = xcalloc(json_array_size(sig) + 1, sizeof(*pb->v));
	json_array_foreach(sig, i, e) {
		struct pbsignal *g = &pb->v[pb->n];

		strfields_load(g, signal_strings, NSTRFIELDS(signal_strings),
		    e);
		g->at = json_time(e, "at");
		g->published = json_time(e, "published");
		g->baseline = json_is_true(json_object_get(e, "baseline"));
		if (g->rule == NULL || g->at == TIME_NONE) {
			signal_release(g);
			continue;
		}
		pb->n++;
	}
	json_decref(o);
	return 0;
}

int
pbstate_save(struct state *s, const struct pbstate *pb, struct err *err)
{
	json_t *o = json_object(), *sig = json_array();
	struct buf rel = BUF_INIT, text = BUF_INIT;
	char *dump;
	int rc;

	for (size_t i = 0; i < pb->n; i++) {
		const struct pbsignal *g = &pb->v[i];
		json_t *e = json_object();

		json_object_set_new(e, "rule", json_str_or_null(g->rule));
		json_object_set_new(e, "hit", json_str_or_null(g->hit));
		json_object_set_new(e, "at", json_time_or_null(g->at));
		json_object_set_new(e, "source", json_str_or_null(g->source));
		json_object_set_new(e, "title", json_str_or_null(g->title));
		json_object_set_new(e, "link", json_str_or_null(g->link));
		if (g->published != TIME_NONE)
			json_object_set_new(e, "published", json_time_or_null(g->published));
		if (g->baseline)
			json_object_set_new(e, "baseline", json_true());
		json_array_append_new(sig, e);
	}
	json_object_set_new(o, "id", json_str_or_null(pb->id));
	json_object_set_new(o, "state", json_string(pb->active ? "active" :
	    "watching"));
	json_object_set_new(o, "activated_at", json_time_or_null(pb->activated_at));
	json_object_set_new(o, "signals", sig);
	dump = json_dumps(o, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	json_decref(o);
	buf_addstr(&text, dump);
	buf_addch(&text, '\n');
	free(dump);
	buf_addf(&rel, "playbooks/%s.json", pb->id);
	rc = state_write(s, rel.data, text.data, text.len, err);
	buf_release(&rel);
	buf_release(&text);
	return rc;
}

void
pbstate_release(struct pbstate *pb)
{
	for (size_t i = 0; i < pb->n; i++)
		signal_release(&pb->v[i]);
	free(pb->v);
	free(pb->id);
	memset(pb, 0, sizeof(*pb));
}

int
pbstate_is_signal(const struct hit *h, const struct playbook *pb)
{
	if (h->playbook && strcmp(h->playbook, pb->id) == 0)
		return 1;
	for (size_t i = 0; pb->signals && pb->signals[i]; i++)
		if (strcmp(pb->signals[i], h->rule) == 0)
			return 1;
	return 0;
}

void
pbstate_add(struct pbstate *pb, const struct hit *h)
{
	struct pbsignal *g;

	for (size_t i = 0; i < pb->n; i++)
		if (pb->v[i].hit && strcmp(pb->v[i].hit, h->id) == 0)
			return;
	pb->v = xreallocarray(pb->v, pb->n + 1, sizeof(*pb->v));
	g = &pb->v[pb->n++];
	g->rule = xstrdup(h->rule);
	g->hit = xstrdup(h->id);
	g->source = xstrdup_or_null(h->source);
	g->title = xstrdup_or_null(h->title);
	g->link = xstrdup_or_null(h->link);
	g->at = h->at;
	g->published = h->published;
	g->baseline = h->baseline;
}

int64_t
pbsignal_date(const struct pbsignal *g)
{
	/* the window counts the item's date where it has one (an old post
	 * surfacing today is not a signal of today) */
	return g->published != TIME_NONE && g->published < g->at ?
	    g->published : g->at;
}

unsigned
pbstate_distinct(const struct pbstate *pb, int64_t since)
{
	unsigned n = 0;

	for (size_t i = 0; i < pb->n; i++) {
		size_t j;

		if (pbsignal_date(&pb->v[i]) < since)
			continue;
		for (j = 0; j < i; j++)
			if (pbsignal_date(&pb->v[j]) >= since &&
			    strcmp(pb->v[j].rule, pb->v[i].rule) == 0)
				break;
		if (j == i)
			n++;
	}
	return n;
}

enum pb_transition
pbstate_step(struct pbstate *pb, const struct playbook *p, int64_t now)
{
	int64_t since = now - p->within;
	size_t k = 0;

	for (size_t i = 0; i < pb->n; i++) {
		if (pbsignal_date(&pb->v[i]) < since) {
			signal_release(&pb->v[i]);
			continue;
		}
		pb->v[k++] = pb->v[i];
	}
	pb->n = k;
	if (!pb->active && pbstate_distinct(pb, since) >= p->distinct_signals &&
	    pb->n > 0) {
		pb->active = 1;
		pb->activated_at = now;
		return PB_ACTIVATED;
	}
	if (pb->active && pb->n == 0) {
		pb->active = 0;
		pb->activated_at = TIME_NONE;
		return PB_RELAXED;
	}
	return PB_NONE;
}

int
pbstate_retract(struct pbstate *pb, const struct playbook *p,
    const char *hit_id, int64_t now, enum pb_transition *tr)
{
	size_t k = 0, n0 = pb->n;

	*tr = PB_NONE;
	for (size_t i = 0; i < pb->n; i++) {
		if (pb->v[i].hit && strcmp(pb->v[i].hit, hit_id) == 0) {
			signal_release(&pb->v[i]);
			continue;
		}
		pb->v[k++] = pb->v[i];
	}
	pb->n = k;
	if (k == n0)
		return 0;
	if (pb->active && (pb->n == 0 || pbstate_distinct(pb,
	    now - p->within) < p->distinct_signals)) {
		pb->active = 0;
		pb->activated_at = TIME_NONE;
		*tr = PB_RELAXED;
	}
	return 1;
}
