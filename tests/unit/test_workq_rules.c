/*
 * Parse workers (workq.h) matching items with a ruleset loaded on a cached
 * verdict: the first matches race to compile it (rules_ready()); it must
 * compile once, and every worker must see it whole. `make test-tsan` runs
 * this (its unit filter is "workq").
 */
#define _XOPEN_SOURCE 700

#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "item.h"
#include "match.h"
#include "rules.h"
#include "rules_private.h"
#include "t.h"
#include "t_helpers.h"
#include "util.h"
#include "workq.h"

#define NTASKS	64

static const char RULES[] =
    "id: mesh\ntitle: Mesh\ndetection:\n"
    "  a: ['mesh (network|vpn)', 'zero.?trust']\n"
    "  b: [pricing]\n  condition: a and not b\n"
    "tests:\n  match: [mesh network]\n"
    "---\n"
    "id: near\ntitle: Near\ndetection:\n"
    "  k:\n    text|near=5: [acquire, startup]\n"
    "---\n"
    "id: plain\ntitle: Plain\ndetection:\n  p: [launch]\n";

static const char *const TITLES[] = {
	"Mesh network launch", "zero trust pricing", "we acquire a startup",
	"nothing", "ZeroTrust mesh VPN"
};
#define NTITLES	(sizeof(TITLES) / sizeof(*TITLES))

struct job {
	struct workq_task	 t;
	const struct ruleset	*rs;
	size_t			 i;
	size_t			 hits;
};

static void
job_run(struct workq_task *t)
{
	struct job *j = (struct job *)t;
	struct item it;

	memset(&it, 0, sizeof(it));
	it.id = (char *)"i";
	it.title = (char *)TITLES[j->i % NTITLES];
	it.text = (char *)TITLES[(j->i + 2) % NTITLES];
	it.published = it.updated = TIME_NONE;
	j->hits = match_item(j->rs, &it, NULL, NULL, NULL);
}

static void
job_done(struct workq_task *t)
{
	(void)t;
}

/* hits per item over NTASKS items, on nthreads workers */
static void
match_on_workers(const struct ruleset *rs, unsigned nthreads, size_t *hits)
{
	struct workq *q = workq_new(nthreads, NULL, NULL, matcher_thread_end);
	struct job *jobs = calloc(NTASKS, sizeof(*jobs));

	for (size_t i = 0; i < NTASKS; i++) {
		jobs[i].t.run = job_run;
		jobs[i].t.done = job_done;
		jobs[i].rs = rs;
		jobs[i].i = i;
		workq_submit(q, &jobs[i].t);
	}
	workq_free(q);
	for (size_t i = 0; i < NTASKS; i++)
		hits[i] = jobs[i].hits;
	free(jobs);
}

static struct ruleset *
load(const char *dir, const char *cache, int want_hit)
{
	struct rules_cache c = RULES_CACHE_INIT;
	struct diags d = DIAGS_INIT;
	struct ruleset *rs = NULL;

	T_EQ_INT(rules_load_cached(&rs, dir, cache, "t", &c, &d), 0);
	T_EQ_INT(c.hit, want_hit);
	T_EQ_INT(rules_cache_save(&c, cache, NULL), 0);
	rules_cache_release(&c);
	diags_release(&d);
	return rs;
}

static void
test_workq_rules__lazy_compile(void)
{
	char *dir = strdup(t_mkdtemp("workq-rules"));
	char rules[600], cache[600], p[700];
	size_t want[NTASKS], got[NTASKS], before, total = 0;
	struct ruleset *full, *lazy;

	snprintf(rules, sizeof(rules), "%s/rules", dir);
	snprintf(cache, sizeof(cache), "%s/verdict", dir);
	snprintf(p, sizeof(p), "mkdir -p '%s'", rules);
	T_ASSERT(system(p) == 0);
	snprintf(p, sizeof(p), "%s/r.yaml", rules);
	T_ASSERT(t_write_file(p, RULES) == 0);
	full = load(rules, cache, 0);
	match_on_workers(full, 0, want);
	for (int round = 0; round < 4; round++) {
		lazy = load(rules, cache, 1);
		before = rules_deferred_compiles();
		match_on_workers(lazy, 4, got);
		/* 6 patterns, compiled once whatever the race */
		T_EQ_INT(rules_deferred_compiles() - before, 6);
		for (size_t i = 0; i < NTASKS; i++)
			T_EQ_INT(got[i], want[i]);
		rules_free(lazy);
	}
	for (size_t i = 0; i < NTASKS; i++)
		total += want[i];
	T_ASSERT(total > NTASKS / 2);	/* the items do hit */
	rules_free(full);
	t_rmtree(dir);
	free(dir);
}

T_MAIN(
	T_CASE(test_workq_rules__lazy_compile)
)
