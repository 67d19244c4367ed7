#include "runnote.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "fsutil.h"
#include "json_util.h"
#include "log.h"
#include "util.h"
#include "xmalloc.h"

#define RULES_NOTE ".run/rules.json"

json_t *
runnote_rules_json(const struct rule_note *v, size_t n)
{
	json_t *a = json_array();

	for (size_t i = 0; i < n; i++) {
		json_t *e = json_object();

		json_object_set_new(e, "rule", json_string(v[i].rule));
		json_object_set_new(e, "limit_errors",
		    json_integer(v[i].limit_errors));
		json_array_append_new(a, e);
	}
	return a;
}

void
runnote_rules_save(struct state *st, int64_t at, const struct rule_note *v,
    size_t n)
{
	json_t *o = json_object();
	char ts[32], *s, *p;
	struct err err = ERR_INIT;

	fmt_time(ts, at);
	json_object_set_new(o, "at", json_string(ts));
	json_object_set_new(o, "suspended", runnote_rules_json(v, n));
	s = json_dumps(o, JSON_INDENT(1) | JSON_PRESERVE_ORDER);
	p = state_file(st, RULES_NOTE);
	if (fs_write_replace(p, s, strlen(s), &err) < 0)
		log_warnx("state: %s", err.msg);
	free(p);
	free(s);
	json_decref(o);
}

void
runnote_rules_load(struct state *st, int64_t *at, struct rule_note **out,
    size_t *n)
{
	char *p = state_file(st, RULES_NOTE);
	json_error_t je;
	json_t *o = json_load_file(p, 0, &je), *a, *e;
	const char *ts;
	size_t i;

	free(p);
	*at = TIME_NONE;
	*out = NULL;
	*n = 0;
	if (o == NULL)
		return;
	ts = json_str(o, "at");
	if (ts == NULL || parse_time(ts, at) < 0)
		*at = TIME_NONE;
	a = json_object_get(o, "suspended");
	*out = xcalloc(json_array_size(a) + 1, sizeof(**out));
	json_array_foreach(a, i, e) {
		const char *rule = json_str(e, "rule");

		if (rule == NULL)
			continue;
		(*out)[*n].rule = xstrdup(rule);
		(*out)[*n].limit_errors = (unsigned)json_integer_value(
		    json_object_get(e, "limit_errors"));
		(*n)++;
	}
	json_decref(o);
}

void
runnote_rules_free(struct rule_note *v, size_t n)
{
	for (size_t i = 0; v && i < n; i++)
		free(v[i].rule);
	free(v);
}
