#define _XOPEN_SOURCE 700

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "digest.h"
#include "gitstore.h"
#include "hit.h"
#include "playbook.h"
#include "state.h"
#include "t.h"
#include "t_helpers.h"
#include "triage.h"
#include "util.h"

/* digest: what the state says about a period, one alert per notifier */

#define DAY	86400
#define NOW	1710000000	/* 2024-03-09T16:00:00Z */
#define SINCE	(NOW - 7 * DAY)

static struct state *st;

static void
add_hit(const char *rule, const char *comp, const char *item, int64_t at,
    int silenced, int baseline, char id[17])
{
	struct hit h;
	struct err e = ERR_INIT;
	char *line;

	memset(&h, 0, sizeof(h));
	hit_make_id(h.id, rule, "src", item);
	h.at = at;
	h.rule = (char *)rule;
	h.competitor = (char *)comp;
	h.source = (char *)"src";
	h.item = (char *)item;
	h.title = (char *)item;
	h.link = (char *)"https://acme.example/x";
	h.published = TIME_NONE;
	h.silenced = silenced;
	h.baseline = baseline;
	line = hit_to_json(&h);
	T_EQ_INT(state_append_lines(st, "hits/2024-03.jsonl", &line, 1, &e), 0);
	free(line);
	if (id)
		memcpy(id, h.id, 17);
}

static void
verdict(const char *hit, int fp)
{
	struct triage t;
	struct err e = ERR_INIT;

	memset(&t, 0, sizeof(t));
	memcpy(t.hit, hit, 17);
	t.fp = fp;
	t.at = NOW - DAY;
	T_EQ_INT(triage_append(st, &t, &e), 0);
}

static struct config *cfg;
static struct playbooks pbs;
static struct playbook pb[2];
static char *pb_signals[] = { (char *)"r-launch", NULL };
static char *pb_notify[] = { (char *)"other", NULL };
static char *none[] = { NULL };

static void
setup(void)
{
	struct err e = ERR_INIT;
	struct source_state ss;
	char fp_id[17], ack_id[17];

	gitstore_global_init();
	t_mkdtemp("digest");
	if (state_open(&st, t_dir, 0, &e) < 0) {
		fprintf(stderr, "state_open: %s\n", e.msg);
		exit(2);
	}
	/* in the period: two rules on item a (one signal), b, c */
	add_hit("r-launch", "Acme", "a", NOW - DAY, 0, 0, NULL);
	add_hit("r-price", "Acme", "a", NOW - DAY, 0, 0, NULL);
	add_hit("r-launch", "Acme", "b", NOW - 2 * DAY, 0, 0, ack_id);
	add_hit("r-price", "Bolt", "c", NOW - 3 * DAY, 0, 0, NULL);
	add_hit("r-other", "Bolt", "c", NOW - 3 * DAY, 0, 0, NULL);
	/* not signals: silenced, baseline, a false positive, too old,
	 * in the future */
	add_hit("r-price", "Bolt", "d", NOW - DAY, 1, 0, NULL);
	add_hit("r-price", "Bolt", "e", NOW - DAY, 0, 1, NULL);
	add_hit("r-launch", "Bolt", "f", NOW - DAY, 0, 0, fp_id);
	add_hit("r-launch", "Acme", "g", SINCE - 1, 0, 0, NULL);
	add_hit("r-launch", "Acme", "h", NOW + 1, 0, 0, NULL);
	verdict(fp_id, 1);
	verdict(ack_id, 0);

	cfg = config_new();
	/* one broken source of two */
	cfg->sources = calloc(2, sizeof(*cfg->sources));
	cfg->nsources = 2;
	cfg->sources[0].id = strdup("src");
	cfg->sources[0].kind = KIND_FEED;
	cfg->sources[1].id = strdup("gh");
	cfg->sources[1].kind = KIND_GREENHOUSE;
	cfg->sources[1].competitor = strdup("Bolt");
	memset(&ss, 0, sizeof(ss));
	ss.broken = 1;
	ss.consecutive_failures = 5;
	ss.last_error = (char *)"http 404";
	T_EQ_INT(state_source_save(st, "gh", &ss, &e), 0);

	memset(pb, 0, sizeof(pb));
	pb[0].id = (char *)"pb-launch";
	pb[0].title = (char *)"Launch response";
	pb[0].signals = pb_signals;
	pb[0].distinct_signals = 2;
	pb[0].within = 30 * DAY;
	pb[0].owners = none;
	pb[0].dont = none;
	pb[1] = pb[0];
	pb[1].id = (char *)"pb-elsewhere";
	pb[1].notify = pb_notify;
	pbs.v = pb;
	pbs.n = 2;
}

static void
teardown(void)
{
	/* config_free releases the sources (cfg_source_release needs
	 * tags and headers set) */
	for (size_t i = 0; i < cfg->nsources; i++) {
		free(cfg->sources[i].id);
		free(cfg->sources[i].competitor);
	}
	free(cfg->sources);
	cfg->sources = NULL;
	cfg->nsources = 0;
	config_free(cfg);
	state_close(st);
	t_rmtree(t_dir);
}

static json_t *
alert_for(struct digest *dg, const char *notifier, char id[17])
{
	struct notifier nt;
	char *s;
	json_t *o;

	memset(&nt, 0, sizeof(nt));
	nt.name = (char *)notifier;
	s = digest_alert(id, dg, &nt);
	o = json_loads(s, 0, NULL);
	T_ASSERT(o != NULL);
	free(s);
	return o;
}

static const char *
str(json_t *o, const char *path0, const char *key)
{
	json_t *x = path0 ? json_object_get(o, path0) : o;

	return json_string_value(json_object_get(x, key));
}

static long long
num(json_t *o, const char *key)
{
	return json_integer_value(json_object_get(o, key));
}

static void
test_digest__counts_and_alert(void)
{
	struct digest *dg = NULL;
	size_t sig, items, fresh;
	char id[17], id2[17];
	json_t *o, *d, *x, *pbv;

	setup();
	T_EQ_INT(digest_collect(&dg, st, cfg, NULL, &pbs, SINCE, NOW), 0);
	digest_counts(dg, &sig, &items, &fresh);
	T_EQ_INT(sig, 5);
	T_EQ_INT(items, 3);
	/* no previous digest: nothing is new */
	T_EQ_INT(fresh, 0);

	o = alert_for(dg, "team", id);
	T_EQ_INT(strlen(id), 16);
	T_EQ_STR(str(o, NULL, "id"), id);
	T_EQ_STR(str(o, NULL, "kind"), "digest");
	T_EQ_STR(str(o, NULL, "schema"), "sigwatch.alert/1");
	T_EQ_INT(num(o, "hits_total"), 5);
	d = json_object_get(o, "digest");
	T_EQ_STR(str(d, NULL, "notifier"), "team");
	T_ASSERT(json_is_null(json_object_get(d, "previous")));
	T_EQ_INT(num(d, "signals"), 5);
	T_EQ_INT(num(d, "items"), 3);
	/* pb-elsewhere notifies "other" only */
	pbv = json_object_get(d, "playbooks");
	T_EQ_INT(json_array_size(pbv), 1);
	x = json_array_get(pbv, 0);
	T_EQ_STR(str(x, NULL, "id"), "pb-launch");
	/* r-launch hit items a and b */
	T_EQ_INT(num(x, "signals_total"), 2);
	T_EQ_INT(num(x, "within_days"), 30);
	/* newest first; a playbook lists only its own rules' hits */
	x = json_array_get(json_object_get(x, "signals"), 0);
	T_EQ_STR(str(x, NULL, "title"), "a");
	T_EQ_INT(json_array_size(json_object_get(x, "rules")), 1);
	/* other: the hits no playbook claims, r-price on a, r-price and
	 * r-other on c (one signal listing both) */
	T_EQ_INT(num(d, "other_total"), 2);
	x = json_object_get(d, "other");
	T_EQ_INT(json_array_size(x), 2);
	x = json_array_get(x, 1);
	T_EQ_STR(str(x, NULL, "title"), "c");
	T_EQ_INT(json_array_size(json_object_get(x, "rules")), 2);
	T_EQ_INT(json_array_size(json_object_get(x, "hits")), 2);
	/* competitors: Acme 2 items (3 hits), Bolt 1 item (2 hits) */
	x = json_object_get(d, "competitors");
	T_EQ_INT(json_array_size(x), 2);
	T_EQ_STR(str(json_array_get(x, 0), NULL, "competitor"), "Acme");
	T_EQ_INT(num(json_array_get(x, 0), "items"), 2);
	T_EQ_INT(num(json_array_get(x, 0), "hits"), 3);
	T_EQ_STR(str(json_array_get(x, 1), NULL, "competitor"), "Bolt");
	T_EQ_INT(num(json_array_get(x, 1), "items"), 1);
	T_EQ_INT(num(json_array_get(x, 1), "hits"), 2);
	/* sources: 2, gh broken */
	x = json_object_get(d, "sources");
	T_EQ_INT(num(x, "total"), 2);
	T_EQ_INT(json_array_size(json_object_get(x, "broken")), 1);
	x = json_array_get(json_object_get(x, "broken"), 0);
	T_EQ_STR(str(x, NULL, "id"), "gh");
	T_EQ_STR(str(x, NULL, "kind"), "greenhouse");
	T_EQ_STR(str(x, NULL, "last_error"), "http 404");
	T_EQ_INT(num(x, "consecutive_failures"), 5);
	/* rules with a verdict: r-launch, over every recorded hit (5) */
	x = json_object_get(d, "rules");
	T_EQ_INT(json_array_size(x), 1);
	x = json_array_get(x, 0);
	T_EQ_STR(str(x, NULL, "rule"), "r-launch");
	T_EQ_INT(num(x, "hits"), 5);
	T_EQ_INT(num(x, "fp"), 1);
	T_EQ_INT(num(x, "ack"), 1);
	json_decref(o);

	/* the id: per notifier and time */
	o = alert_for(dg, "other", id2);
	T_ASSERT(strcmp(id, id2) != 0);
	T_EQ_INT(json_array_size(json_object_get(json_object_get(o,
	    "digest"), "playbooks")), 2);
	json_decref(o);
	o = alert_for(dg, "team", id2);
	T_EQ_STR(id, id2);
	json_decref(o);
	digest_free(dg);
	digest_free(NULL);
	teardown();
}

/* digest.json: the last digest, and what is new since it */
static void
test_digest__mark_and_new(void)
{
	struct digest *dg = NULL;
	struct err e = ERR_INIT;
	size_t sig, items, fresh;
	json_t *o, *d, *x;
	char id[17];

	setup();
	T_EQ_INT(digest_last(st), TIME_NONE);
	T_EQ_INT(digest_mark(st, NOW - 2 * DAY + 1, SINCE - 7 * DAY, &e), 0);
	T_EQ_INT(digest_last(st), NOW - 2 * DAY + 1);
	T_EQ_INT(digest_collect(&dg, st, cfg, NULL, &pbs, SINCE, NOW), 0);
	digest_counts(dg, &sig, &items, &fresh);
	T_EQ_INT(sig, 5);
	/* only item a is after the previous digest */
	T_EQ_INT(fresh, 1);
	o = alert_for(dg, "team", id);
	d = json_object_get(o, "digest");
	T_ASSERT(json_is_string(json_object_get(d, "previous")));
	T_EQ_INT(num(d, "items_new"), 1);
	x = json_object_get(json_array_get(json_object_get(d, "playbooks"), 0),
	    "signals");
	T_EQ_INT(json_array_size(x), 2);
	T_ASSERT(json_is_true(json_object_get(json_array_get(x, 0), "new")));
	T_ASSERT(json_is_false(json_object_get(json_array_get(x, 1), "new")));
	json_decref(o);
	digest_free(dg);
	/* a digest.json that does not parse: no previous digest */
	T_EQ_INT(state_write(st, "digest.json", "{", 1, &e), 0);
	T_EQ_INT(digest_last(st), TIME_NONE);
	teardown();
}

T_MAIN(T_CASE(test_digest__counts_and_alert),
    T_CASE(test_digest__mark_and_new))
