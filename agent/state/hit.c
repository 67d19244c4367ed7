#include "hit.h"

#include <jansson.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "json_util.h"
#include "record.h"
#include "util.h"
#include "xmalloc.h"

/* every malloc'd string of struct hit; rule_title and source_url come
 * from the rule and the config, never from a stored line */
static const struct strfield hit_strings[] = {
	STRFIELD(struct hit, rule), STRFIELD(struct hit, rule_rev),
	STRFIELD_HELD(struct hit, rule_title),
	STRFIELD(struct hit, competitor), STRFIELD(struct hit, playbook),
	STRFIELD(struct hit, source), STRFIELD_HELD(struct hit, source_url),
	STRFIELD(struct hit, source_home), STRFIELD(struct hit, item),
	STRFIELD(struct hit, title), STRFIELD(struct hit, link),
	STRFIELD(struct hit, selection), STRFIELD(struct hit, field),
	STRFIELD(struct hit, match), STRFIELD(struct hit, excerpt),
	STRFIELD(struct hit, reporter),
};

void
hit_make_id(char out[17], const char *rule, const char *source,
    const char *item)
{
	struct buf b = BUF_INIT;
	char hex[65];

	buf_addstr(&b, rule);
	buf_addch(&b, '\0');
	buf_addstr(&b, source);
	buf_addch(&b, '\0');
	buf_addstr(&b, item);
	sha256_hex(hex, b.data, b.len);
	buf_release(&b);
	memcpy(out, hex, 16);
	out[16] = '\0';
}

char *
hit_to_json(const struct hit *h)
{
	json_t *o = json_object();

	json_object_set_new(o, "id", json_string(h->id));
	json_object_set_new(o, "at", json_time_or_null(h->at));
	json_object_set_new(o, "rule", json_str_repaired(h->rule));
	json_object_set_new(o, "rule_rev", json_str_repaired(h->rule_rev));
	json_object_set_new(o, "severity",
	    json_string(severity_name(h->severity)));
	json_object_set_new(o, "competitor", json_str_repaired(h->competitor));
	if (h->attributed)
		json_object_set_new(o, "attributed", json_true());
	json_object_set_new(o, "playbook", json_str_repaired(h->playbook));
	json_object_set_new(o, "source", json_str_repaired(h->source));
	json_object_set_new(o, "item", json_str_repaired(h->item));
	json_object_set_new(o, "title", json_str_repaired(h->title));
	json_object_set_new(o, "link", json_str_repaired(h->link));
	json_object_set_new(o, "published", json_time_or_null(h->published));
	json_object_set_new(o, "selection", json_str_repaired(h->selection));
	json_object_set_new(o, "field", json_str_repaired(h->field));
	json_object_set_new(o, "match", json_str_repaired(h->match));
	json_object_set_new(o, "excerpt", json_str_repaired(h->excerpt));
	json_object_set_new(o, "silenced", json_boolean(h->silenced));
	if (h->baseline)
		json_object_set_new(o, "baseline", json_true());
	if (h->reporter)
		json_object_set_new(o, "reporter",
		    json_str_repaired(h->reporter));
	if (h->analyst)
		json_object_set_new(o, "analyst", json_true());
	if (h->stale)
		json_object_set_new(o, "stale", json_true());
	/* `sigwatch playbooks` builds a shard's alerts from this line: the
	 * page the document named must survive it */
	if (h->source_home)
		json_object_set_new(o, "source_home",
		    json_str_repaired(h->source_home));
	return json_line(o);
}

int
hit_from_json(struct hit *h, const char *line, size_t len)
{
	json_error_t je;
	json_t *o = json_loadb(line, len, 0, &je);
	const char *id, *sev;
	int s;

	memset(h, 0, sizeof(*h));
	id = json_str(o, "id");
	if (o == NULL || id == NULL || json_object_get(o, "rule") == NULL) {
		json_decref(o);
		return -1;
	}
	snprintf(h->id, sizeof(h->id), "%s", id);
	strfields_load(h, hit_strings, NSTRFIELDS(hit_strings), o);
	h->at = json_time(o, "at");
	h->published = json_time(o, "published");
	sev = json_str(o, "severity");
	s = sev ? severity_parse(sev) : -1;
	h->severity = s < 0 ? SEV_MEDIUM : (enum severity)s;
	h->attributed = json_is_true(json_object_get(o, "attributed"));
	h->silenced = json_is_true(json_object_get(o, "silenced"));
	h->baseline = json_is_true(json_object_get(o, "baseline"));
	h->analyst = json_is_true(json_object_get(o, "analyst"));
	h->stale = json_is_true(json_object_get(o, "stale"));
	json_decref(o);
	return 0;
}

void
hit_copy(struct hit *dst, const struct hit *src)
{
	*dst = *src;
	strfields_dup(dst, hit_strings, NSTRFIELDS(hit_strings));
}

void
hit_release(struct hit *h)
{
	strfields_free(h, hit_strings, NSTRFIELDS(hit_strings));
	memset(h, 0, sizeof(*h));
}
