/* alert.c and pbstate.c: what alerts hold, in which order */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alert.h"
#include "config.h"
#include "pbstate.h"
#include "playbook.h"
#include "util.h"
#include "xmalloc.h"
#include "t.h"

#define NOW 1796000000LL

static void
mkhit(struct hit *h, const char *rule, const char *source, const char *item,
    enum severity sev, int64_t published)
{
	memset(h, 0, sizeof(*h));
	hit_make_id(h->id, rule, source, item);
	h->at = NOW;
	h->rule = xstrdup(rule);
	h->rule_title = xstrdup(rule);
	h->severity = sev;
	h->competitor = xstrdup("cloudflare");
	h->playbook = xstrdup("pb");
	h->source = xstrdup(source);
	h->source_url = xstrdup("https://feeds.example/rss?token=t");
	h->item = xstrdup(item);
	h->title = xstrdup(item);
	h->published = published;
}

static void
mkplaybook(struct playbook *p, const char *threat)
{
	static char *signals[] = { "r1", "r2", "r3", NULL };
	static char *none[] = { NULL };
	static struct pb_stage stage = { "Week 1", none };

	memset(p, 0, sizeof(*p));
	p->id = "pb";
	p->title = "A playbook";
	p->competitor = "cloudflare";
	p->threat = (char *)threat;
	p->signals = signals;
	p->distinct_signals = 2;
	p->within = 90 * 86400;
	p->owners = none;
	p->dont = none;
	p->stages = &stage;
	p->nstages = 1;
}

static struct config *
mkconfig(void)
{
	struct config *cfg = config_new();

	cfg->sources = xcalloc(2, sizeof(*cfg->sources));
	cfg->sources[0].id = xstrdup("jobs");
	cfg->sources[0].kind = KIND_GREENHOUSE;
	cfg->sources[0].board = xstrdup("cloudflare");
	cfg->sources[0].url = xstrdup("https://boards-api.greenhouse.io/v1/"
	    "boards/cloudflare/jobs?content=true");
	cfg->sources[0].tags = xcalloc(1, sizeof(char *));
	cfg->sources[0].headers = xcalloc(1, sizeof(char *));
	cfg->sources[1].id = xstrdup("blog");
	cfg->sources[1].kind = KIND_FEED;
	cfg->sources[1].url = xstrdup("https://user:pw@blog.example:8443/feed/"
	    "rss.xml?x=1");
	cfg->sources[1].tags = xcalloc(1, sizeof(char *));
	cfg->sources[1].headers = xcalloc(1, sizeof(char *));
	cfg->nsources = 2;
	return cfg;
}

static const char *
hstr(json_t *a, size_t i, const char *k)
{
	return json_string_value(json_object_get(json_array_get(
	    json_object_get(a, "hits"), i), k));
}

/* most severe first, then newest published; the source's page for people */
static void
test_alert__signal_order(void)
{
	struct hit h[4], *v[4];
	struct config *cfg = mkconfig();
	char id[17], id2[17], *s;
	json_t *a;

	mkhit(&h[0], "r1", "blog", "old-high", SEV_HIGH, NOW - 5 * 86400);
	mkhit(&h[1], "r2", "jobs", "new-medium", SEV_MEDIUM, NOW - 86400);
	mkhit(&h[2], "r3", "blog", "new-high", SEV_HIGH, NOW - 3600);
	mkhit(&h[3], "r1", "blog", "undated-high", SEV_HIGH, TIME_NONE);
	/* what the feed said about itself wins over the configuration */
	h[2].source_home = xstrdup("https://www.blog.example/");
	h[0].source_home = xstrdup("javascript:alert(1)");
	for (int i = 0; i < 4; i++)
		v[i] = &h[i];
	s = alert_signal(id, cfg, NULL, NULL, v, 4, NOW);
	a = json_loads(s, 0, NULL);
	T_EQ_STR(json_string_value(json_object_get(a, "severity")), "high");
	T_EQ_STR(hstr(a, 0, "item"), "new-high");
	T_EQ_STR(hstr(a, 1, "item"), "old-high");
	T_EQ_STR(hstr(a, 2, "item"), "undated-high");
	T_EQ_STR(hstr(a, 3, "item"), "new-medium");
	T_EQ_STR(hstr(a, 3, "source_home"),
	    "https://boards.greenhouse.io/cloudflare");
	T_EQ_STR(hstr(a, 0, "source_home"), "https://www.blog.example/");
	T_EQ_STR(hstr(a, 1, "source_home"), "https://blog.example:8443/");
	/* the caller's order is not changed; the id is stable */
	T_ASSERT(v[0] == &h[0]);
	free(s);
	s = alert_signal(id2, cfg, NULL, NULL, v, 4, NOW);
	T_EQ_STR(id, id2);
	free(s);
	json_decref(a);
	for (int i = 0; i < 4; i++)
		hit_release(&h[i]);
	config_free(cfg);
}

/* the activation carries the new hits; evidence is the rest of the window */
static void
test_alert__activation(void)
{
	struct hit h[3], *live[2];
	struct playbook p;
	struct pbstate st;
	char id[17], *s;
	json_t *a, *ev;

	mkplaybook(&p, "direct peer");
	memset(&st, 0, sizeof(st));
	st.id = xstrdup("pb");
	st.activated_at = TIME_NONE;
	mkhit(&h[0], "r1", "blog", "earlier", SEV_LOW, NOW - 40 * 86400);
	h[0].at = NOW - 30 * 86400;
	mkhit(&h[1], "r2", "blog", "now-1", SEV_MEDIUM, NOW - 60);
	mkhit(&h[2], "r3", "jobs", "now-2", SEV_MEDIUM, NOW - 120);
	for (int i = 0; i < 3; i++)
		pbstate_add(&st, &h[i]);
	T_EQ_INT(pbstate_step(&st, &p, NOW), PB_ACTIVATED);
	live[0] = &h[1];
	live[1] = &h[2];
	s = alert_activation(id, NULL, &p, &st, live, 2, NOW);
	a = json_loads(s, 0, NULL);
	T_EQ_STR(json_string_value(json_object_get(a, "kind")),
	    "playbook-activated");
	/* "direct peer" -> high, whatever the hits' severities */
	T_EQ_STR(json_string_value(json_object_get(a, "severity")), "high");
	T_EQ_INT(json_array_size(json_object_get(a, "hits")), 2);
	T_EQ_STR(hstr(a, 0, "item"), "now-1");
	T_EQ_STR(hstr(a, 0, "excerpt"), NULL);
	ev = json_object_get(a, "evidence");
	T_EQ_INT(json_array_size(ev), 1);
	T_EQ_STR(json_string_value(json_object_get(json_array_get(ev, 0),
	    "title")), "earlier");
	T_ASSERT(json_is_string(json_object_get(json_array_get(ev, 0),
	    "published")));
	T_EQ_INT(json_integer_value(json_object_get(a, "evidence_total")), 1);
	T_EQ_INT(json_integer_value(json_object_get(json_object_get(a,
	    "playbook"), "signals_in_window")), 3);
	free(s);
	json_decref(a);
	p.threat = "existential";
	s = alert_activation(id, NULL, &p, &st, live, 2, NOW);
	T_ASSERT(strstr(s, "\"severity\":\"critical\"") != NULL);
	free(s);
	pbstate_release(&st);
	for (int i = 0; i < 3; i++)
		hit_release(&h[i]);
}

/* a false positive leaves the window; below `activate`, back to watching */
static void
test_alert__retract(void)
{
	struct hit h[3];
	struct playbook p;
	struct pbstate st;
	enum pb_transition tr;

	mkplaybook(&p, NULL);
	memset(&st, 0, sizeof(st));
	st.id = xstrdup("pb");
	st.activated_at = TIME_NONE;
	mkhit(&h[0], "r1", "blog", "a", SEV_LOW, TIME_NONE);
	mkhit(&h[1], "r2", "blog", "b", SEV_LOW, TIME_NONE);
	mkhit(&h[2], "r3", "blog", "c", SEV_LOW, TIME_NONE);
	for (int i = 0; i < 3; i++)
		pbstate_add(&st, &h[i]);
	T_EQ_INT(pbstate_step(&st, &p, NOW), PB_ACTIVATED);
	T_EQ_INT(pbstate_retract(&st, &p, "0000000000000000", NOW, &tr), 0);
	T_EQ_INT(tr, PB_NONE);
	/* three distinct, two needed: one false positive keeps it active */
	T_EQ_INT(pbstate_retract(&st, &p, h[0].id, NOW, &tr), 1);
	T_EQ_INT(tr, PB_NONE);
	T_ASSERT(st.active);
	T_EQ_INT(st.n, 2);
	T_EQ_INT(pbstate_retract(&st, &p, h[1].id, NOW, &tr), 1);
	T_EQ_INT(tr, PB_RELAXED);
	T_ASSERT(!st.active && st.activated_at == TIME_NONE);
	T_EQ_INT(pbstate_distinct(&st, NOW - p.within), 1);
	pbstate_release(&st);
	for (int i = 0; i < 3; i++)
		hit_release(&h[i]);
}

static void
test_alert__deactivation(void)
{
	struct hit h;
	struct playbook p;
	struct pbstate st;
	struct triage t;
	char id[17], id2[17], *s;
	json_t *a;

	mkplaybook(&p, "adjacent");
	memset(&st, 0, sizeof(st));
	st.id = xstrdup("pb");
	st.activated_at = TIME_NONE;
	mkhit(&h, "r1", "blog", "a", SEV_LOW, TIME_NONE);
	memset(&t, 0, sizeof(t));
	memcpy(t.hit, h.id, 17);
	t.fp = 1;
	t.note = "marketing copy";
	t.author = "ana";
	t.at = NOW;
	s = alert_deactivation(id, NULL, &p, &st, &h, &t, NOW);
	a = json_loads(s, 0, NULL);
	T_EQ_STR(json_string_value(json_object_get(a, "kind")),
	    "playbook-deactivated");
	T_EQ_STR(json_string_value(json_object_get(a, "severity")), "medium");
	T_EQ_STR(json_string_value(json_object_get(json_object_get(a,
	    "triage"), "note")), "marketing copy");
	T_EQ_STR(json_string_value(json_object_get(json_object_get(a,
	    "playbook"), "state")), "watching");
	free(s);
	s = alert_deactivation(id2, NULL, &p, &st, &h, &t, NOW + 60);
	T_EQ_STR(id, id2);	/* one per verdict, however often rebuilt */
	free(s);
	json_decref(a);
	pbstate_release(&st);
	hit_release(&h);
}

T_MAIN(
	T_CASE(test_alert__signal_order),
	T_CASE(test_alert__activation),
	T_CASE(test_alert__retract),
	T_CASE(test_alert__deactivation)
)
