/* hits, status, backtest: commands that only read the state directory */
#include "cmd.h"

#include <getopt.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "deliver.h"
#include "hit.h"
#include "item.h"
#include "match.h"
#include "pbstate.h"
#include "state.h"
#include "util.h"
#include "xmalloc.h"

/* a config for reading: the state path is all these commands need */
static int
load_config(struct config **cfg, const struct cmd_env *env)
{
	struct diags d = DIAGS_INIT;
	int rc = config_load(cfg, env->config_path, &env->ov, &d);

	diag_print(&d, stderr);
	diags_release(&d);
	return rc < 0 ? 78 : 0;
}

/* "7d" (ago) or a date "2026-11-01"; -1 when neither */
static int
parse_since(const char *s, int64_t *out)
{
	int64_t d;

	if (parse_duration(s, &d) == 0) {
		*out = now_time() - d;
		return 0;
	}
	return parse_time(s, out);
}

/* call fn for every line of every file in state subdir, in order */
static void
each_line(struct state *st, const char *subdir,
    void (*fn)(const char *line, size_t len, const char *file, void *),
    void *payload)
{
	char **names = NULL;
	size_t n = 0;

	state_list(st, subdir, ".jsonl", &names, &n);
	for (size_t i = 0; i < n; i++) {
		struct buf rel = BUF_INIT;
		struct err err = ERR_INIT;
		char *data = NULL, *p, *end;
		size_t len = 0;

		buf_addf(&rel, "%s/%s", subdir, names[i]);
		if (state_read(st, rel.data, &data, &len, &err) == 0)
			for (p = data, end = data + len; p < end; ) {
				char *nl = memchr(p, '\n', (size_t)(end - p));
				size_t l = nl ? (size_t)(nl - p) :
				    (size_t)(end - p);

				if (l)
					fn(p, l, names[i], payload);
				p += l + 1;
			}
		free(data);
		buf_release(&rel);
	}
	strv_free(names);
}

struct hits_filter {
	int64_t		 since;
	const char	*rule, *competitor, *playbook;
	int		 json;
	size_t		 shown;
};

static void
print_hit(const char *line, size_t len, const char *file, void *payload)
{
	struct hits_filter *f = payload;
	struct hit h;
	char at[32];

	(void)file;
	if (hit_from_json(&h, line, len) < 0)
		return;
	if ((f->since != TIME_NONE && h.at < f->since) ||
	    (f->rule && strcmp(f->rule, h.rule) != 0) ||
	    (f->competitor && (h.competitor == NULL ||
	    strcmp(f->competitor, h.competitor) != 0)) ||
	    (f->playbook && (h.playbook == NULL ||
	    strcmp(f->playbook, h.playbook) != 0))) {
		hit_release(&h);
		return;
	}
	f->shown++;
	if (f->json)
		printf("%.*s\n", (int)len, line);
	else {
		fmt_time(at, h.at);
		printf("%s  %-8s %-28s %-22s %s%s%s%s\n    %s\n", at,
		    severity_name(h.severity), h.rule, h.source,
		    h.title ? h.title : "", h.baseline ? " [baseline]" : "",
		    h.silenced ? " [silenced]" : "", h.stale ? " [stale]" : "",
		    h.link ? h.link : h.item);
	}
	hit_release(&h);
}

int
cmd_hits(const struct cmd_env *env, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "since", required_argument, NULL, 's' },
		{ "rule", required_argument, NULL, 'r' },
		{ "competitor", required_argument, NULL, 'c' },
		{ "playbook", required_argument, NULL, 'p' },
		{ "json", no_argument, NULL, 'j' },
		{ NULL, 0, NULL, 0 }
	};
	struct hits_filter f = { TIME_NONE, NULL, NULL, NULL, 0, 0 };
	struct config *cfg = NULL;
	struct state *st = NULL;
	struct err err = ERR_INIT;
	int c, rc;

	while ((c = getopt_long(argc, argv, "s:r:c:p:j", opts, NULL)) != -1) {
		switch (c) {
		case 's':
			if (parse_since(optarg, &f.since) < 0) {
				fprintf(stderr, "sigwatch: --since wants a "
				    "duration (7d) or a date (2026-11-01)\n");
				return 64;
			}
			break;
		case 'r':
			f.rule = optarg;
			break;
		case 'c':
			f.competitor = optarg;
			break;
		case 'p':
			f.playbook = optarg;
			break;
		case 'j':
			f.json = 1;
			break;
		default:
			fprintf(stderr, "usage: sigwatch hits [--since "
			    "DURATION|DATE] [--rule ID] [--competitor NAME] "
			    "[--playbook ID] [--json]\n");
			return 64;
		}
	}
	if ((rc = load_config(&cfg, env)) != 0) {
		config_free(cfg);
		return rc;
	}
	if (state_open(&st, cfg->state_dir, 1, &err) < 0) {
		fprintf(stderr, "sigwatch: %s\n", err.msg);
		config_free(cfg);
		return 66;
	}
	each_line(st, "hits", print_hit, &f);
	if (!f.json && f.shown == 0)
		fprintf(stderr, "sigwatch: no hits\n");
	state_close(st);
	config_free(cfg);
	return 0;
}

static json_t *
jstr(const char *s)
{
	json_t *j = s ? json_string(s) : NULL;

	return j ? j : json_null();
}

static json_t *
jts(int64_t t)
{
	char s[32];

	if (t == TIME_NONE)
		return json_null();
	fmt_time(s, t);
	return json_string(s);
}

static json_t *
status_json(struct state *st, const struct config *cfg,
    const struct playbooks *pbs)
{
	json_t *o = json_object(), *srcs = json_array(), *pbj = json_array();
	json_t *ob = json_object(), *dead = json_array();
	char **names = NULL;
	size_t pending = 0, ndead = 0, n = 0;
	int64_t now = now_time();

	for (size_t i = 0; i < cfg->nsources; i++) {
		const struct source *src = &cfg->sources[i];
		struct source_state ss;
		struct source_run sr;
		json_t *s = json_object();

		state_source_load(st, src->id, &ss);
		state_run_load(st, src->id, &sr);
		json_object_set_new(s, "id", json_string(src->id));
		json_object_set_new(s, "kind",
		    json_string(source_kind_name(src->kind)));
		json_object_set_new(s, "competitor", jstr(src->competitor));
		json_object_set_new(s, "url", jstr(src->url));
		json_object_set_new(s, "last_ok", jts(sr.last_ok));
		json_object_set_new(s, "last_attempt", jts(sr.last_attempt));
		json_object_set_new(s, "last_status", sr.status[0] ?
		    json_string(sr.status) : json_null());
		json_object_set_new(s, "consecutive_failures",
		    json_integer(sr.failures > ss.consecutive_failures ?
		    sr.failures : ss.consecutive_failures));
		json_object_set_new(s, "items", json_integer((json_int_t)
		    ss.items));
		json_object_set_new(s, "last_error", jstr(sr.error ? sr.error :
		    ss.last_error));
		json_object_set_new(s, "broken", json_boolean(ss.broken));
		json_object_set_new(s, "next_allowed", sr.next_allowed > now ?
		    jts(sr.next_allowed) : json_null());
		json_array_append_new(srcs, s);
		source_state_release(&ss);
		source_run_release(&sr);
	}
	for (size_t i = 0; i < pbs->n; i++) {
		const struct playbook *pb = &pbs->v[i];
		struct pbstate ps;
		json_t *p = json_object();

		pbstate_load(st, pb->id, &ps);
		json_object_set_new(p, "id", json_string(pb->id));
		json_object_set_new(p, "title", jstr(pb->title));
		json_object_set_new(p, "state", json_string(ps.active ?
		    "active" : "watching"));
		json_object_set_new(p, "signals_in_window",
		    json_integer(pbstate_distinct(&ps, now - pb->within)));
		json_object_set_new(p, "distinct_needed",
		    json_integer(pb->distinct_signals));
		json_object_set_new(p, "within_days",
		    json_integer(pb->within / 86400));
		json_object_set_new(p, "activated_at", jts(ps.activated_at));
		json_array_append_new(pbj, p);
		pbstate_release(&ps);
	}
	outbox_counts(st, &pending, &ndead);
	state_list(st, "outbox/dead", ".json", &names, &n);
	for (size_t i = 0; i < n; i++) {
		struct buf rel = BUF_INIT;
		struct err err = ERR_INIT;
		char *data = NULL;
		size_t len = 0;
		json_error_t je;
		json_t *d, *e;

		buf_addf(&rel, "outbox/dead/%s", names[i]);
		if (state_read(st, rel.data, &data, &len, &err) == 0 &&
		    (d = json_loadb(data, len, 0, &je)) != NULL) {
			e = json_object();
			json_object_set(e, "id", json_object_get(d, "id"));
			json_object_set(e, "notifier",
			    json_object_get(d, "notifier"));
			json_object_set(e, "reason", json_object_get(d,
			    "reason"));
			json_object_set(e, "failed_at", json_object_get(d,
			    "failed_at"));
			json_object_set(e, "kind", json_object_get(
			    json_object_get(d, "alert"), "kind"));
			json_array_append_new(dead, e);
			json_decref(d);
		}
		free(data);
		buf_release(&rel);
	}
	strv_free(names);
	json_object_set_new(ob, "pending", json_integer((json_int_t)pending));
	json_object_set_new(ob, "dead", json_integer((json_int_t)ndead));
	json_object_set_new(ob, "dead_alerts", dead);
	json_object_set_new(o, "sources", srcs);
	json_object_set_new(o, "playbooks", pbj);
	json_object_set_new(o, "outbox", ob);
	return o;
}

static const char *
sval(json_t *o, const char *k)
{
	const char *s = json_string_value(json_object_get(o, k));

	return s ? s : "-";
}

static void
status_text(json_t *o)
{
	size_t i;
	json_t *e, *ob = json_object_get(o, "outbox");

	printf("SOURCES\n");
	json_array_foreach(json_object_get(o, "sources"), i, e) {
		long long f = json_integer_value(json_object_get(e,
		    "consecutive_failures"));

		printf("  %-28s %-10s last ok %-20s %-17s items %-4lld "
		    "failures %lld%s%s%s\n", sval(e, "id"), sval(e, "kind"),
		    sval(e, "last_ok"), sval(e, "last_status"),
		    (long long)json_integer_value(json_object_get(e, "items")),
		    f, json_is_true(json_object_get(e, "broken")) ?
		    " BROKEN" : "", f ? "  " : "", f ? sval(e, "last_error") :
		    "");
	}
	printf("PLAYBOOKS\n");
	json_array_foreach(json_object_get(o, "playbooks"), i, e)
		printf("  %-22s %-9s %lld of %lld signals within %lld days%s%s\n",
		    sval(e, "id"), sval(e, "state"),
		    (long long)json_integer_value(json_object_get(e,
		    "signals_in_window")),
		    (long long)json_integer_value(json_object_get(e,
		    "distinct_needed")),
		    (long long)json_integer_value(json_object_get(e,
		    "within_days")),
		    json_is_string(json_object_get(e, "activated_at")) ?
		    "  active since " : "",
		    json_is_string(json_object_get(e, "activated_at")) ?
		    sval(e, "activated_at") : "");
	printf("OUTBOX\n  pending %lld, dead %lld\n",
	    (long long)json_integer_value(json_object_get(ob, "pending")),
	    (long long)json_integer_value(json_object_get(ob, "dead")));
	json_array_foreach(json_object_get(ob, "dead_alerts"), i, e)
		printf("  dead %s (%s) to %s: %s\n", sval(e, "id"),
		    sval(e, "kind"), sval(e, "notifier"), sval(e, "reason"));
}

int
cmd_status(const struct cmd_env *env, int argc, char **argv)
{
	struct config *cfg = NULL;
	struct playbooks pbs;
	struct diags d = DIAGS_INIT;
	struct state *st = NULL;
	struct err err = ERR_INIT;
	struct buf pbdir = BUF_INIT;
	json_t *o;
	int json = 0, rc;

	if (argc == 2 && strcmp(argv[1], "--json") == 0)
		json = 1;
	else if (argc != 1) {
		fprintf(stderr, "usage: sigwatch status [--json]\n");
		return 64;
	}
	if ((rc = load_config(&cfg, env)) != 0) {
		config_free(cfg);
		return rc;
	}
	buf_addf(&pbdir, "%s/playbooks", cfg->rules_dir);
	playbooks_load(&pbs, pbdir.data, &d);
	buf_release(&pbdir);
	diags_release(&d);
	if (state_open(&st, cfg->state_dir, 1, &err) < 0) {
		fprintf(stderr, "sigwatch: %s\n", err.msg);
		playbooks_release(&pbs);
		config_free(cfg);
		return 66;
	}
	o = status_json(st, cfg, &pbs);
	if (json) {
		char *s = json_dumps(o, JSON_INDENT(2) | JSON_PRESERVE_ORDER);

		printf("%s\n", s);
		free(s);
	} else
		status_text(o);
	json_decref(o);
	state_close(st);
	playbooks_release(&pbs);
	config_free(cfg);
	return 0;
}
