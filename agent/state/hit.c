#include "hit.h"

#include <jansson.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "json_util.h"
#include "util.h"
#include "xmalloc.h"

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

static json_t *
s_or_null(const char *s)
{
	json_t *j;

	if (s == NULL)
		return json_null();
	j = json_string(s);
	return j ? j : json_string("\xef\xbf\xbd");
}

char *
hit_to_json(const struct hit *h)
{
	json_t *o = json_object();

	json_object_set_new(o, "id", json_string(h->id));
	json_object_set_new(o, "at", json_time_or_null(h->at));
	json_object_set_new(o, "rule", s_or_null(h->rule));
	json_object_set_new(o, "rule_rev", s_or_null(h->rule_rev));
	json_object_set_new(o, "severity",
	    json_string(severity_name(h->severity)));
	json_object_set_new(o, "competitor", s_or_null(h->competitor));
	if (h->attributed)
		json_object_set_new(o, "attributed", json_true());
	json_object_set_new(o, "playbook", s_or_null(h->playbook));
	json_object_set_new(o, "source", s_or_null(h->source));
	json_object_set_new(o, "item", s_or_null(h->item));
	json_object_set_new(o, "title", s_or_null(h->title));
	json_object_set_new(o, "link", s_or_null(h->link));
	json_object_set_new(o, "published", json_time_or_null(h->published));
	json_object_set_new(o, "selection", s_or_null(h->selection));
	json_object_set_new(o, "field", s_or_null(h->field));
	json_object_set_new(o, "match", s_or_null(h->match));
	json_object_set_new(o, "excerpt", s_or_null(h->excerpt));
	json_object_set_new(o, "silenced", json_boolean(h->silenced));
	if (h->baseline)
		json_object_set_new(o, "baseline", json_true());
	if (h->reporter)
		json_object_set_new(o, "reporter", s_or_null(h->reporter));
	if (h->analyst)
		json_object_set_new(o, "analyst", json_true());
	if (h->stale)
		json_object_set_new(o, "stale", json_true());
	/* `sigwatch playbooks` builds a shard's alerts from this line: the
	 * page the document named must survive it */
	if (h->source_home)
		json_object_set_new(o, "source_home", s_or_null(h->source_home));
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
	h->at = json_time(o, "at");
	h->rule = json_dup(o, "rule");
	h->rule_rev = json_dup(o, "rule_rev");
	sev = json_str(o, "severity");
	s = sev ? severity_parse(sev) : -1;
	h->severity = s < 0 ? SEV_MEDIUM : (enum severity)s;
	h->competitor = json_dup(o, "competitor");
	h->attributed = json_is_true(json_object_get(o, "attributed"));
	h->playbook = json_dup(o, "playbook");
	h->source = json_dup(o, "source");
	h->item = json_dup(o, "item");
	h->title = json_dup(o, "title");
	h->link = json_dup(o, "link");
	h->published = json_time(o, "published");
	h->selection = json_dup(o, "selection");
	h->field = json_dup(o, "field");
	h->match = json_dup(o, "match");
	h->excerpt = json_dup(o, "excerpt");
	h->silenced = json_is_true(json_object_get(o, "silenced"));
	h->baseline = json_is_true(json_object_get(o, "baseline"));
	h->reporter = json_dup(o, "reporter");
	h->analyst = json_is_true(json_object_get(o, "analyst"));
	h->stale = json_is_true(json_object_get(o, "stale"));
	h->source_home = json_dup(o, "source_home");
	json_decref(o);
	return 0;
}

/* every malloc'd string of struct hit: what hit_copy copies and
 * hit_release frees */
static const size_t hit_strings[] = {
	offsetof(struct hit, rule), offsetof(struct hit, rule_rev),
	offsetof(struct hit, rule_title), offsetof(struct hit, competitor),
	offsetof(struct hit, playbook), offsetof(struct hit, source),
	offsetof(struct hit, source_url), offsetof(struct hit, source_home),
	offsetof(struct hit, item), offsetof(struct hit, title),
	offsetof(struct hit, link), offsetof(struct hit, selection),
	offsetof(struct hit, field), offsetof(struct hit, match),
	offsetof(struct hit, excerpt), offsetof(struct hit, reporter),
};
#define HIT_NSTRINGS	(sizeof(hit_strings) / sizeof(hit_strings[0]))

static char **
hit_string(struct hit *h, size_t i)
{
	return (char **)(void *)((char *)h + hit_strings[i]);
}

void
hit_copy(struct hit *dst, const struct hit *src)
{
	*dst = *src;
	for (size_t i = 0; i < HIT_NSTRINGS; i++)
		*hit_string(dst, i) = xstrdup_or_null(*hit_string(dst, i));
}

void
hit_release(struct hit *h)
{
	for (size_t i = 0; i < HIT_NSTRINGS; i++)
		free(*hit_string(h, i));
	memset(h, 0, sizeof(*h));
}
