/* hits, status, backtest: commands that only read the state directory */
#include "cmd.h"

#include <ctype.h>
#include <jansson.h>
#include <stdio.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "buf.h"
#include "cliopt.h"
#include "deliver.h"
#include "hit.h"
#include "item.h"
#include "json_util.h"
#include "jsonl.h"
#include "match.h"
#include "pbstate.h"
#include "redact.h"
#include "run.h"
#include "runnote.h"
#include "state.h"
#include "triage.h"
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

int
cmd_open_state(struct state **st, const struct config *cfg)
{
	struct buf git = BUF_INIT;
	struct err err = ERR_INIT;
	struct stat sb;
	int rc = 0;

	*st = NULL;
	buf_addf(&git, "%s/.git", cfg->state_dir);
	if (stat(cfg->state_dir, &sb) < 0 || !S_ISDIR(sb.st_mode)) {
		fprintf(stderr, "sigwatch: state directory %s does not exist "
		    "(wrong --state, or no run yet)\n", cfg->state_dir);
		rc = 66;
	} else if (stat(git.data, &sb) < 0) {
		fprintf(stderr, "sigwatch: %s is not a sigwatch state directory "
		    "(no git repository: wrong --state, or no run yet)\n",
		    cfg->state_dir);
		rc = 66;
	} else if (state_open(st, cfg->state_dir, 1, &err) < 0) {
		fprintf(stderr, "sigwatch: %s\n", err.msg);
		rc = 66;
	}
	buf_release(&git);
	return rc;
}

int
since_opt(void *dest, int letter, const char *arg)
{
	struct since_opt *s = dest;
	int64_t d;

	if (s->durations != NULL && parse_duration(arg, &d) == 0) {
		s->t = s->now - d;
		return 0;
	}
	if (parse_time(arg, &s->t) == 0)
		return 0;
	if (s->durations == NULL)
		fprintf(stderr, "sigwatch: --since wants a date "
		    "(2026-11-01)\n");
	else
		fprintf(stderr, "sigwatch: --since wants a duration (%s) or a "
		    "date (2026-11-01)\n", s->durations);
	return 64;
}

/* a file of the state that jsonl_each could not read: said, skipped */
static void
unreadable(const struct err *err, void *payload)
{
	fprintf(stderr, "sigwatch: %s\n", err->msg);
}

struct hits_filter {
	int64_t		 since;
	const char	*rule, *competitor, *playbook;
	int		 json;
	size_t		 shown;
	struct triages	 tri;	/* verdicts, for "triage" */
};

/* the hit line with "triage": null or {verdict, note, author, at} */
static void
print_hit_json(const char *line, size_t len, const struct triage *t)
{
	json_error_t je;
	json_t *o = json_loadb(line, len, 0, &je), *tj = json_null();
	char ts[32], *s;

	if (o == NULL) {
		printf("%.*s\n", (int)len, line);
		return;
	}
	if (t != NULL) {
		fmt_time(ts, t->at);
		tj = json_pack("{s:s,s:s?,s:s?,s:s}", "verdict", t->fp ? "fp" :
		    "ack", "note", t->note, "author", t->author, "at", ts);
		if (tj == NULL)
			tj = json_null();
	}
	json_object_set_new(o, "triage", tj);
	s = json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER);
	printf("%s\n", s);
	free(s);
	json_decref(o);
}

static int
print_hit(const char *line, size_t len, void *payload)
{
	struct hits_filter *f = payload;
	const struct triage *t;
	struct hit h;
	char at[32], pub[32];

	if (hit_from_json(&h, line, len) < 0)
		return 0;
	if ((f->since != TIME_NONE && h.at < f->since) ||
	    (f->rule && strcmp(f->rule, h.rule) != 0) ||
	    (f->competitor && (h.competitor == NULL ||
	    strcasecmp(f->competitor, h.competitor) != 0)) ||
	    (f->playbook && (h.playbook == NULL ||
	    strcmp(f->playbook, h.playbook) != 0))) {
		hit_release(&h);
		return 0;
	}
	f->shown++;
	t = triages_find(&f->tri, h.id);
	if (f->json)
		print_hit_json(line, len, t);
	else {
		fmt_time(at, h.at);
		if (h.published != TIME_NONE)
			fmt_time(pub, h.published);
		else
			snprintf(pub, sizeof(pub), "unknown");
		printf("%s  %-8s %-28s %-14s %s\n    %s%s%s%s\n    published "
		    "%s  %s  hit %s", at, severity_name(h.severity), h.rule,
		    h.competitor ? h.competitor : "-", h.source,
		    h.title && *h.title ? h.title : "(untitled)",
		    h.baseline ? " [baseline]" : "",
		    h.silenced ? " [silenced]" : "", h.stale ? " [stale]" :
		    h.analyst ? " [analyst]" : "", pub, h.link ? h.link :
		    h.item, h.id);
		if (h.reporter)
			printf("  (reported by %s)", h.reporter);
		printf("\n");
		if (t != NULL)
			printf("    triage: %s by %s: %s\n", t->fp ?
			    "FALSE POSITIVE" : "confirmed", t->author ?
			    t->author : "?", t->note ? t->note : "");
	}
	hit_release(&h);
	return 0;
}

/* names a filter may take: a NULL-terminated, duplicate-free list */
struct names {
	char	**v;
	size_t	  n;
};

static void
names_add(struct names *ns, const char *s)
{
	(void)strv_add_unique(&ns->v, &ns->n, s, SIZE_MAX);
}

struct known {
	struct names	 rules, competitors, playbooks;
};

static int
known_hit(const char *line, size_t len, void *payload)
{
	struct known *k = payload;
	struct hit h;

	if (hit_from_json(&h, line, len) < 0)
		return 0;
	names_add(&k->rules, h.rule);
	names_add(&k->competitors, h.competitor);
	names_add(&k->playbooks, h.playbook);
	hit_release(&h);
	return 0;
}

/* 0 when want is one of ns (ignoring case when nocase), else 64 with a
 * "did you mean" when a name is close */
static int
check_name(const char *opt, const char *what, const char *want,
    const struct names *ns, int nocase)
{
	const char *const none[] = { NULL };
	const char *hint;
	char *low = xstrdup(want);

	for (size_t i = 0; i < ns->n; i++)
		if ((nocase ? strcasecmp(want, ns->v[i]) :
		    strcmp(want, ns->v[i])) == 0) {
			free(low);
			return 0;
		}
	for (char *p = low; nocase && *p; p++)
		*p = (char)tolower((unsigned char)*p);
	hint = diag_suggest(low, ns->v ? (const char *const *)ns->v : none);
	if (hint)
		fprintf(stderr, "sigwatch: %s %s: no such %s; did you mean "
		    "'%s'?\n", opt, want, what, hint);
	else
		fprintf(stderr, "sigwatch: %s %s: no such %s (not in the "
		    "configuration, the rules or the recorded hits)\n", opt,
		    want, what);
	free(low);
	return 64;
}

/*
 * Every filter must name something that exists: a rule, competitor or
 * playbook of the current configuration, or one the recorded hits name
 * (a rule since deleted still has its hits).
 */
static int
check_filters(const struct hits_filter *f, const struct config *cfg,
    struct state *st)
{
	struct known k;
	struct diags d = DIAGS_INIT;
	struct ruleset *rs = NULL;
	struct playbooks pbs;
	struct buf pbdir = BUF_INIT;
	int rc = 0;

	if (!f->rule && !f->competitor && !f->playbook)
		return 0;
	memset(&k, 0, sizeof(k));
	jsonl_each(st, "hits", NULL, known_hit, unreadable, &k);
	for (size_t i = 0; i < cfg->nsources; i++)
		names_add(&k.competitors, cfg->sources[i].competitor);
	if (f->rule && rules_load(&rs, cfg->rules_dir, &d) == 0)
		for (size_t i = 0; i < rs->n; i++)
			names_add(&k.rules, rs->rules[i].id);
	if (f->playbook) {
		buf_addf(&pbdir, "%s/playbooks", cfg->rules_dir);
		playbooks_load(&pbs, pbdir.data, &d);
		for (size_t i = 0; i < pbs.n; i++)
			names_add(&k.playbooks, pbs.v[i].id);
		playbooks_release(&pbs);
		buf_release(&pbdir);
	}
	if (f->rule)
		rc = check_name("--rule", "rule", f->rule, &k.rules, 0);
	if (rc == 0 && f->competitor)
		rc = check_name("--competitor", "competitor", f->competitor,
		    &k.competitors, 1);
	if (rc == 0 && f->playbook)
		rc = check_name("--playbook", "playbook", f->playbook,
		    &k.playbooks, 0);
	rules_free(rs);
	diags_release(&d);
	strv_free(k.rules.v);
	strv_free(k.competitors.v);
	strv_free(k.playbooks.v);
	return rc;
}

int
cmd_hits(const struct cmd_env *env, int argc, char **argv)
{
	struct hits_filter f;
	struct config *cfg = NULL;
	struct state *st = NULL;
	struct since_opt since = { now_time(), TIME_NONE, "12h, 7d, 2w" };
	int rc;
	const struct cliopt opts[] = {
		CLIOPT_CALL_ARG("since", 's', since_opt, &since),
		CLIOPT_STR("rule", 'r', &f.rule),
		CLIOPT_STR("competitor", 'c', &f.competitor),
		CLIOPT_STR("playbook", 'p', &f.playbook),
		CLIOPT_FLAG("json", 'j', &f.json),
	};

	memset(&f, 0, sizeof(f));
	if ((rc = cliopt_parse(argc, argv, opts, CLIOPT_N(opts), "")) > 0)
		return rc;
	f.since = since.t;
	if (rc < 0 || optind < argc) {
		cmd_usage(stderr, "hits", 0);
		return 64;
	}
	if ((rc = load_config(&cfg, env)) != 0) {
		config_free(cfg);
		return rc;
	}
	if ((rc = cmd_open_state(&st, cfg)) != 0) {
		config_free(cfg);
		return rc;
	}
	if ((rc = check_filters(&f, cfg, st)) == 0) {
		triages_load(st, &f.tri);
		jsonl_each(st, "hits", NULL, print_hit, unreadable, &f);
		triages_release(&f.tri);
		if (!f.json && f.shown == 0)
			fprintf(stderr, "sigwatch: no hits\n");
	}
	state_close(st);
	config_free(cfg);
	return rc;
}

/* {"last_run": TIME, "suspended": [{"rule", "limit_errors"}]} */
static json_t *
rules_json(struct state *st)
{
	json_t *o = json_object();
	struct rule_note *v = NULL;
	size_t n = 0;
	int64_t at;

	runnote_rules_load(st, &at, &v, &n);
	json_object_set_new(o, "last_run", json_time_or_null(at));
	json_object_set_new(o, "suspended", runnote_rules_json(v, n));
	runnote_rules_free(v, n);
	return o;
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
		int64_t due;

		state_source_load(st, src->id, &ss);
		state_run_load(st, src->id, &sr);
		json_object_set_new(s, "id", json_string(src->id));
		json_object_set_new(s, "kind",
		    json_string(source_kind_name(src->kind)));
		json_object_set_new(s, "competitor", json_str_or_null(src->competitor));
		json_object_set_new(s, "url", json_str_or_null(src->url));
		json_object_set_new(s, "last_ok", json_time_or_null(sr.last_ok));
		json_object_set_new(s, "last_attempt", json_time_or_null(sr.last_attempt));
		json_object_set_new(s, "last_status", sr.status[0] ?
		    json_string(sr.status) : json_null());
		json_object_set_new(s, "consecutive_failures",
		    json_integer(sr.failures > ss.consecutive_failures ?
		    sr.failures : ss.consecutive_failures));
		json_object_set_new(s, "items", json_integer((json_int_t)
		    ss.items));
		json_object_set_new(s, "truncated", json_integer((json_int_t)
		    sr.dropped));
		json_object_set_new(s, "last_error", json_str_or_null(sr.error ? sr.error :
		    ss.last_error));
		json_object_set_new(s, "broken", json_boolean(ss.broken));
		json_object_set_new(s, "next_allowed", sr.next_allowed > now ?
		    json_time_or_null(sr.next_allowed) : json_null());
		due = run_next_due(src, &sr);
		/* null: the next run fetches it */
		json_object_set_new(s, "next_due", due != TIME_NONE &&
		    due > now ? json_time_or_null(due) : json_null());
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
		json_object_set_new(p, "title", json_str_or_null(pb->title));
		json_object_set_new(p, "state", json_string(ps.active ?
		    "active" : "watching"));
		json_object_set_new(p, "signals_in_window",
		    json_integer(pbstate_distinct(&ps, now - pb->within)));
		json_object_set_new(p, "distinct_needed",
		    json_integer(pb->distinct_signals));
		json_object_set_new(p, "within_days",
		    json_integer(pb->within / 86400));
		json_object_set_new(p, "activated_at", json_time_or_null(ps.activated_at));
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
	json_object_set_new(o, "rules", rules_json(st));
	return o;
}

/* every string in o with the registered secrets redacted (a dead letter
 * or an error written before redaction existed) */
static void
redact_json(json_t *o)
{
	const char *k;
	json_t *v;
	size_t i;

	if (json_is_string(o)) {
		struct buf b = BUF_INIT;

		buf_addstr(&b, json_string_value(o));
		if (redact_buf(&b) > 0)
			json_string_set(o, b.data);
		buf_release(&b);
	} else if (json_is_object(o)) {
		json_object_foreach(o, k, v)
			redact_json(v);
	} else if (json_is_array(o)) {
		json_array_foreach(o, i, v)
			redact_json(v);
	}
}

static const char *
sval(json_t *o, const char *k)
{
	const char *s = json_str(o, k);

	return s ? s : "-";
}

static void
status_text(json_t *o)
{
	size_t i;
	json_t *e, *ob = json_object_get(o, "outbox");

	printf("SOURCES\n");
	json_array_foreach(json_object_get(o, "sources"), i, e) {
		long long f = json_int(e, "consecutive_failures");

		long long dropped = json_int(e, "truncated");

		printf("  %-28s %-10s last ok %-20s %-17s items %-4lld "
		    "failures %-3lld due %s%s%s%s", sval(e, "id"),
		    sval(e, "kind"), sval(e, "last_ok"), sval(e, "last_status"),
		    json_int(e, "items"),
		    f, json_is_string(json_object_get(e, "next_due")) ?
		    sval(e, "next_due") : "next run",
		    json_is_true(json_object_get(e, "broken")) ?
		    " BROKEN" : "", f ? "  " : "", f ? sval(e, "last_error") :
		    "");
		if (dropped)
			printf("  TRUNCATED (%lld items dropped)", dropped);
		printf("\n");
	}
	printf("PLAYBOOKS\n");
	json_array_foreach(json_object_get(o, "playbooks"), i, e) {
		long long have = json_int(e, "signals_in_window");
		long long need = json_int(e, "distinct_needed");
		long long days = json_int(e, "within_days");

		/* active: how many it has (it may have more than it needed);
		 * watching: how many of how many */
		if (json_is_string(json_object_get(e, "activated_at")))
			printf("  %-22s %-9s %lld distinct signal%s within "
			    "%lld day%s (needs %lld)  active since %s\n",
			    sval(e, "id"), sval(e, "state"), have,
			    have == 1 ? "" : "s", days, days == 1 ? "" : "s",
			    need, sval(e, "activated_at"));
		else
			printf("  %-22s %-9s %lld of %lld distinct signal%s "
			    "within %lld day%s\n", sval(e, "id"),
			    sval(e, "state"), have, need, need == 1 ? "" : "s",
			    days, days == 1 ? "" : "s");
	}
	printf("OUTBOX\n  pending %lld, dead %lld\n",
	    json_int(ob, "pending"),
	    json_int(ob, "dead"));
	json_array_foreach(json_object_get(ob, "dead_alerts"), i, e)
		printf("  dead %s (%s) to %s: %s\n", sval(e, "id"),
		    sval(e, "kind"), sval(e, "notifier"), sval(e, "reason"));
	e = json_object_get(json_object_get(o, "rules"), "suspended");
	if (json_array_size(e) > 0) {
		json_t *r;

		printf("RULES\n");
		json_array_foreach(e, i, r)
			printf("  %-28s SUSPENDED in the last run: regex limit "
			    "hit on %lld items\n", sval(r, "rule"),
			    json_int(r, "limit_errors"));
	}
}

int
cmd_status(const struct cmd_env *env, int argc, char **argv)
{
	struct config *cfg = NULL;
	struct playbooks pbs;
	struct diags d = DIAGS_INIT;
	struct state *st = NULL;
	struct buf pbdir = BUF_INIT;
	json_t *o;
	int json = 0, rc;

	if (argc == 2 && strcmp(argv[1], "--json") == 0)
		json = 1;
	else if (argc != 1) {
		cmd_usage(stderr, "status", 0);
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
	if ((rc = cmd_open_state(&st, cfg)) != 0) {
		playbooks_release(&pbs);
		config_free(cfg);
		return rc;
	}
	o = status_json(st, cfg, &pbs);
	config_register_secrets(cfg);
	redact_json(o);
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
