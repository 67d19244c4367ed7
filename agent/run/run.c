#include "run.h"
#include "run_int.h"

#include <stdarg.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <string.h>
#include <time.h>

#include "alert.h"
#include "buf.h"
#include "deliver.h"
#include "fetch.h"
#include "fetchcfg.h"
#include "fsutil.h"
#include "gitstore.h"
#include "hit.h"
#include "htmlsrc.h"
#include "intake.h"
#include "jobs.h"
#include "log.h"
#include "maildir.h"
#include "match.h"
#include "metrics.h"
#include "notify.h"
#include "parsejob.h"
#include "pbstate.h"
#include "runnote.h"
#include "shardhits.h"
#include "source.h"
#include "state.h"
#include "stop.h"
#include "util.h"
#include "workq.h"
#include "xmalloc.h"

/* backoff once a source is broken: 2^n minutes, at most 6 hours */
#define BACKOFF_MAX (6 * 3600)
/* the longest Retry-After a source can set (fetch.c clamps it to a day) */
#define CLOCK_RETRY_MAX (24 * 3600)

/* the shard (0..n-1) a source id belongs to: FNV-1a 64 of the id mod n */
static unsigned
run_shard_of(const char *id, unsigned n)
{
	return n ? (unsigned)(fnv1a64(id) % n) : 0;
}

static int
is_only(const struct run_opts *o, const char *id)
{
	if (o->only == NULL)
		return 1;
	for (size_t i = 0; o->only[i]; i++)
		if (strcmp(o->only[i], id) == 0)
			return 1;
	return 0;
}

static int
job_cmp(const void *a, const void *b)
{
	return strcmp(((const struct job *)a)->src->id,
	    ((const struct job *)b)->src->id);
}

/*
 * Times in .run/ written while the clock was ahead (or by a host with a
 * wrong clock) must not silence a source until the clock catches up: a
 * last fetch in the future, or a backoff deadline further away than any
 * backoff or Retry-After we set, is stale. Warn and forget it, so the
 * source is due now and asks without validators.
 */
static void
clock_sanity(struct run *r, struct job *j)
{
	char at[32];
	int64_t latest = r->now + BACKOFF_MAX + BACKOFF_MAX / 4 +
	    CLOCK_RETRY_MAX;

	if (j->sr.last_attempt != TIME_NONE && j->sr.last_attempt > r->now) {
		fmt_time(at, j->sr.last_attempt);
		log_warnx("source=%s last fetch at %s is in the future (was the "
		    "clock ahead?); treated as stale, fetching now",
		    j->src->id, at);
		j->sr.last_attempt = TIME_NONE;
		j->sr.last_full = TIME_NONE;
		if (j->sr.next_allowed != TIME_NONE &&
		    j->sr.next_allowed > r->now)
			j->sr.next_allowed = TIME_NONE;
	}
	if (j->sr.next_allowed != TIME_NONE && j->sr.next_allowed > latest) {
		fmt_time(at, j->sr.next_allowed);
		log_warnx("source=%s backoff until %s is further away than any "
		    "backoff (was the clock ahead?); treated as stale, "
		    "fetching now", j->src->id, at);
		j->sr.next_allowed = TIME_NONE;
	}
	if (j->sr.last_full != TIME_NONE && j->sr.last_full > r->now)
		j->sr.last_full = TIME_NONE;
	if (j->sr.last_ok != TIME_NONE && j->sr.last_ok > r->now)
		j->sr.last_ok = TIME_NONE;
}

int64_t
run_next_due(const struct source *src, const struct source_run *sr)
{
	char rev[17];
	int64_t due;

	config_source_rev(src, rev);
	/* never tried, or edited since: now, whatever the backoff */
	if (sr->last_attempt == TIME_NONE ||
	    (sr->rev[0] != '\0' && strcmp(sr->rev, rev) != 0))
		return TIME_NONE;
	/* a failing source is retried every run (health() sets a backoff
	 * deadline once it is broken, and for Retry-After) */
	if (sr->failures > 0 || src->every <= 0)
		due = sr->last_attempt;
	else
		due = sr->last_attempt + src->every -
		    src->every / DUE_TOLERANCE;
	if (sr->next_allowed != TIME_NONE && sr->next_allowed > due)
		due = sr->next_allowed;
	return due;
}

static void
plan_jobs(struct run *r)
{
	const struct config *cfg = r->cfg;

	r->jobs = xcalloc(cfg->nsources + 1, sizeof(*r->jobs));
	for (size_t i = 0; i < cfg->nsources; i++) {
		const struct source *src = &cfg->sources[i];
		struct job *j;
		int64_t due;

		if (!is_only(r->opts, src->id))
			continue;
		if (r->opts->nshards > 1 &&
		    run_shard_of(src->id, r->opts->nshards) != r->opts->shard)
			continue;
		j = &r->jobs[r->njobs++];
		j->r = r;
		j->src = src;
		state_source_load(r->st, src->id, &j->ss);
		state_run_load(r->st, src->id, &j->sr);
		clock_sanity(r, j);
		j->due = 1;
		if (r->opts->force || r->opts->only)
			continue;
		due = run_next_due(src, &j->sr);
		if (due != TIME_NONE && r->now < due) {
			j->due = 0;
			if (due == j->sr.next_allowed)
				log_info("source=%s backing off until %lld s "
				    "from now", src->id, (long long)(due -
				    r->now));
			else
				log_debug("source=%s not due for %lld s (every "
				    "%llds)", src->id, (long long)(due -
				    r->now), (long long)src->every);
		}
	}
	qsort(r->jobs, r->njobs, sizeof(*r->jobs), job_cmp);
}

void
io_fail(struct run *r, const struct err *err)
{
	if (!r->io_failed) {
		r->io_failed = 1;
		r->io_err = *err;
	}
}

/* the first month kept by state_git.retain (items/, seen/) */
unsigned
keep_from(const struct run *r)
{
	int64_t retain = r->cfg->state_git.retain;

	return retain > 0 ? month_index(r->now - retain) : 0;
}

/* after the commit: the messages whose items it holds leave new/ */
static void
move_mail(struct run *r)
{
	struct err err = ERR_INIT;

	for (size_t i = 0; i < r->njobs; i++)
		if (r->jobs[i].mail != NULL && r->jobs[i].outcome != JOB_FAILED)
			(void)maildir_commit(r->jobs[i].mail, &err);
}

/* per-notifier count of signal alerts this run, and the overflow */
struct overflow {
	size_t		 queued;
	struct hit	**hits;
	size_t		 n;
};

#define DEFAULT_MAX_PER_RUN 20

/*
 * Queue an alert for the notifiers in targets (NULL = all) whose
 * min_severity it meets. Signal alerts (hits != NULL) beyond a notifier's
 * max_per_run are held back and summarised in one overflow alert at the
 * end of the run, so a flood never becomes a Slack storm. Alerts of one
 * run are sent in the order they are queued (their outbox seq).
 */
static void
queue_alert(struct run *r, const char *id, const char *json,
    char **targets, enum severity sev, struct hit **hits, size_t nhits)
{
	const char **names;
	size_t n = 0;
	struct err err = ERR_INIT;

	names = xcalloc(r->cfg->alerts.nnotifiers + 1, sizeof(*names));
	for (size_t i = 0; i < r->cfg->alerts.nnotifiers; i++) {
		const struct notifier *nt = &r->cfg->alerts.notifiers[i];
		struct overflow *ov = &r->overflow[i];
		size_t cap = nt->max_per_run ? nt->max_per_run :
		    DEFAULT_MAX_PER_RUN;
		int wanted = targets == NULL;

		for (size_t k = 0; targets && targets[k]; k++)
			if (strcmp(targets[k], nt->name) == 0)
				wanted = 1;
		if (!wanted || (int)sev < nt->min_severity)
			continue;
		if (hits && ov->queued >= cap) {
			ov->hits = xreallocarray(ov->hits, ov->n + nhits,
			    sizeof(*ov->hits));
			memcpy(ov->hits + ov->n, hits, nhits * sizeof(*hits));
			ov->n += nhits;
			continue;
		}
		if (hits)
			ov->queued++;
		names[n++] = nt->name;
	}
	if (n && !r->opts->dry_run) {
		if (outbox_put_seq(r->st, id, json, names, r->now,
		    r->alerts + 1, &err) < 0)
			io_fail(r, &err);
		else
			r->alerts++;
	}
	if (n && r->opts->dry_run) {
		char *text = r->opts->preview ? notify_preview(json,
		    strlen(json)) : NULL;

		printf("%s\n", text ? text : json);
		free(text);
	}
	free(names);
}

/* one summary alert per notifier that hit its max_per_run */
static void
queue_overflow(struct run *r)
{
	for (size_t i = 0; i < r->cfg->alerts.nnotifiers; i++) {
		struct overflow *ov = &r->overflow[i];
		const struct notifier *nt = &r->cfg->alerts.notifiers[i];
		const char *names[2] = { nt->name, NULL };
		struct err err = ERR_INIT;
		char id[17], *json;

		if (ov->n == 0)
			continue;
		log_warnx("notifier=%s: more than %u alerts this run; %zu "
		    "hit%s summarised in one overflow alert", nt->name,
		    nt->max_per_run ? nt->max_per_run : DEFAULT_MAX_PER_RUN,
		    ov->n, ov->n == 1 ? "" : "s");
		json = alert_signal(id, r->cfg, NULL, NULL, ov->hits, ov->n,
		    r->now);
		if (r->opts->dry_run)
			printf("%s\n", json);
		else if (outbox_put(r->st, id, json, names, r->now, &err) < 0)
			io_fail(r, &err);
		else
			r->alerts++;
		free(json);
		free(ov->hits);
		ov->hits = NULL;
		ov->n = 0;
	}
}

static void
health(struct run *r, struct job *j)
{
	struct source_state *ss = &j->ss;
	unsigned cap = r->cfg->alerts.broken_after;
	char id[17], *json;

	j->sr.last_attempt = r->now;
	config_source_rev(j->src, j->sr.rev);
	snprintf(j->sr.status, sizeof(j->sr.status), "%s", j->klass);
	if (j->outcome == JOB_FAILED) {
		int64_t wait;

		j->sr.failures++;
		free(j->sr.error);
		j->sr.error = xstrdup(j->error);
		if (ss->consecutive_failures < cap)
			ss->consecutive_failures++;
		free(ss->last_error);
		ss->last_error = xstrdup(j->klass);
		/* retried every run until broken, then exponential backoff
		 * with jitter; the server's Retry-After always counts */
		wait = j->sr.failures >= cap ? backoff_seconds(j->sr.failures -
		    cap, BACKOFF_MAX) : 0;
		if (wait)
			wait += (int64_t)(now_time() % (wait / 4 + 1));
		if (j->retry_after > wait)
			wait = j->retry_after;
		j->sr.next_allowed = wait ? r->now + wait : TIME_NONE;
		log_warnx("source=%s %s: %s", j->src->id, j->klass, j->error);
		if (ss->consecutive_failures >= cap && !ss->broken) {
			ss->broken = 1;
			json = alert_source(id, "source-broken", j->src,
			    j->sr.failures, j->error, r->now);
			if (!r->opts->no_alerts)
				queue_alert(r, id, json, r->cfg->alerts.ops,
				    SEV_CRITICAL, NULL, 0);
			free(json);
		}
		return;
	}
	j->sr.failures = 0;
	j->sr.next_allowed = TIME_NONE;
	j->sr.last_ok = r->now;
	if (j->full)
		j->sr.last_full = r->now;
	free(j->sr.error);
	j->sr.error = NULL;
	if (degraded(j)) {
		j->sr.error = xstrdup(j->error);
		log_warnx("source=%s degraded: %s", j->src->id, j->error);
	}
	if (j->body_sha[0])
		memcpy(j->sr.body_sha, j->body_sha, sizeof(j->sr.body_sha));
	ss->consecutive_failures = 0;
	free(ss->last_error);
	ss->last_error = NULL;
	if (ss->broken) {
		ss->broken = 0;
		json = alert_source(id, "source-recovered", j->src, 0, NULL,
		    r->now);
		if (!r->opts->no_alerts)
			queue_alert(r, id, json, r->cfg->alerts.ops,
			    SEV_CRITICAL, NULL, 0);
		free(json);
		log_info("source=%s recovered", j->src->id);
	}
	if (j->outcome == JOB_OK) {
		free(ss->url);
		ss->url = xstrdup_or_null(j->src->url);	/* NULL: maildir */
		if (j->etag || j->last_modified) {
			free(ss->etag);
			free(ss->last_modified);
			ss->etag = xstrdup_or_null(j->etag);
			ss->last_modified = xstrdup_or_null(j->last_modified);
		} else {
			free(ss->etag);
			free(ss->last_modified);
			ss->etag = ss->last_modified = NULL;
		}
		ss->items = j->src->kind == KIND_PAGE ? 1 : j->nitems;
		j->sr.dropped = j->dropped;
	}
}

/* an alert of this run, queued once all are built, in order */
struct pending {
	char		  id[17];
	char		 *json;
	char		**targets;	/* borrowed from the playbook */
	enum severity	  sev;
	struct hit	**hits;		/* signal alerts only; owned */
	size_t		  nhits;
	int		  activation;
	int64_t		  published;	/* the newest of its hits */
};

/* activations first, then by severity, then newest published first */
static int
pending_order(const void *a, const void *b)
{
	const struct pending *x = a, *y = b;

	if (x->activation != y->activation)
		return x->activation ? -1 : 1;
	if (x->sev != y->sev)
		return x->sev > y->sev ? -1 : 1;
	if (x->published != y->published)
		return x->published > y->published ? -1 : 1;
	return strcmp(x->id, y->id);
}

/*
 * The alert for one playbook's (or no playbook's) new hits: the
 * activation when this run activated it, which carries the new hits so
 * that no signal alert repeats them; else a signal alert.
 */
static void
build_alert(struct run *r, struct pending *pd, const struct playbook *pb,
    const struct pbstate *st, enum pb_transition tr, struct hit **live,
    size_t m)
{
	memset(pd, 0, sizeof(*pd));
	pd->published = TIME_NONE;
	for (size_t i = 0; i < m; i++) {
		if (live[i]->severity > pd->sev)
			pd->sev = live[i]->severity;
		if (live[i]->published > pd->published)
			pd->published = live[i]->published;
	}
	pd->targets = pb ? pb->notify : NULL;
	if (tr == PB_ACTIVATED) {
		pd->json = alert_activation(pd->id, r->cfg, pb, st, live, m,
		    r->now);
		pd->sev = (enum severity)playbook_severity(pb);
		pd->activation = 1;
		free(live);
		return;
	}
	pd->json = alert_signal(pd->id, r->cfg, pb, st, live, m, r->now);
	pd->hits = live;	/* now owned by pd */
	pd->nhits = m;
}

/*
 * Group the new hits (in the run's order: by source id, then as matched)
 * per playbook; move each playbook; queue the alerts. A run passes its
 * jobs' hits; `sigwatch playbooks` the shards' hits it has not seen yet.
 */
static void
playbooks_and_alerts(struct run *r, struct hit **hits, size_t total)
{
	struct hit **group = NULL;
	struct pending *pend;
	size_t npend = 0;

	group = xcalloc(total + 1, sizeof(*group));
	pend = xcalloc(r->pbs->n + 1, sizeof(*pend));
	for (size_t p = 0; p <= r->pbs->n; p++) {
		const struct playbook *pb = p < r->pbs->n ? &r->pbs->v[p] : NULL;
		struct pbstate st;
		enum pb_transition tr = PB_NONE;
		size_t n = 0, alertable = 0;
		struct err err = ERR_INIT;

		for (size_t i = 0; i < total; i++) {
			struct hit *h = hits[i];
			int mine;

			if (pb)
				mine = pbstate_is_signal(h, pb);
			else {
				/* hits no playbook claims */
				mine = 1;
				for (size_t q = 0; q < r->pbs->n; q++)
					if (pbstate_is_signal(h, &r->pbs->v[q]))
						mine = 0;
			}
			/* silenced and stale hits count for nothing */
			if (!mine || h->silenced || h->stale)
				continue;
			group[n++] = h;
			if (!h->baseline)
				alertable++;
		}
		if (pb) {
			unsigned d;

			pbstate_load(r->st, pb->id, &st);
			for (size_t i = 0; i < n; i++)
				pbstate_add(&st, group[i]);
			tr = pbstate_step(&st, pb, r->now);
			d = pbstate_distinct(&st, r->now - pb->within);
			if (tr == PB_ACTIVATED)
				log_info("playbook=%s active (%u distinct "
				    "signal%s)", pb->id, d, d == 1 ? "" : "s");
			if (tr == PB_RELAXED)
				log_info("playbook=%s back to watching", pb->id);
		}
		if (alertable && !r->opts->no_alerts) {
			struct hit **live = xcalloc(alertable, sizeof(*live));
			size_t m = 0;

			for (size_t i = 0; i < n; i++)
				if (!group[i]->baseline)
					live[m++] = group[i];
			build_alert(r, &pend[npend++], pb, pb ? &st : NULL, tr,
			    live, m);
		}
		if (pb) {
			if (!r->opts->dry_run && pbstate_save(r->st, &st,
			    &err) < 0)
				io_fail(r, &err);
			pbstate_release(&st);
		}
	}
	qsort(pend, npend, sizeof(*pend), pending_order);
	for (size_t i = 0; i < npend; i++) {
		queue_alert(r, pend[i].id, pend[i].json, pend[i].targets,
		    pend[i].sev, pend[i].hits, pend[i].nhits);
		free(pend[i].json);
		free(pend[i].hits);
	}
	free(pend);
	free(group);
}

/* the run's new hits, in job order, for playbooks_and_alerts() */
static void
jobs_playbooks(struct run *r)
{
	struct hit **v;
	size_t n = 0;

	for (size_t i = 0; i < r->njobs; i++)
		n += r->jobs[i].nhits;
	v = xcalloc(n + 1, sizeof(*v));
	n = 0;
	for (size_t i = 0; i < r->njobs; i++)
		for (size_t k = 0; k < r->jobs[i].nhits; k++)
			v[n++] = &r->jobs[i].hits[k];
	playbooks_and_alerts(r, v, n);
	free(v);
}

static void
record_hits(struct run *r)
{
	char **lines;
	size_t n = 0, total = 0;
	struct err err = ERR_INIT;
	struct buf rel = BUF_INIT;
	char month[8];

	for (size_t i = 0; i < r->njobs; i++)
		total += r->jobs[i].nhits;
	if (total == 0)
		return;
	lines = xcalloc(total, sizeof(*lines));
	for (size_t i = 0; i < r->njobs; i++)
		for (size_t k = 0; k < r->jobs[i].nhits; k++) {
			const struct hit *h = &r->jobs[i].hits[k];

			lines[n++] = hit_to_json(h);
			log_info("hit rule=%s source=%s item=%s%s%s%s",
			    h->rule, h->source, h->item, h->baseline ?
			    " (baseline)" : "", h->silenced ? " (silenced)" :
			    "", h->stale ? " (stale)" : "");
		}
	if (!r->opts->dry_run) {
		month_of(month, r->now);
		buf_addf(&rel, "hits/%s.jsonl", month);
		if (state_append_lines(r->st, rel.data, lines, n, &err) < 0)
			io_fail(r, &err);
		buf_release(&rel);
	} else if (!r->opts->preview)	/* a preview shows the messages */
		for (size_t i = 0; i < n; i++)
			printf("%s\n", lines[i]);
	for (size_t i = 0; i < n; i++)
		free(lines[i]);
	free(lines);
}

/* the commit message: a subject and a per-source / per-rule body */
static void
summarise(struct run *r, size_t *ok, size_t *failed, size_t *due)
{
	size_t nnew = 0, nhits = 0;
	struct buf body = BUF_INIT;
	const char **rules = NULL;
	size_t *counts = NULL, nrules = 0;

	*ok = *failed = *due = 0;
	for (size_t i = 0; i < r->njobs; i++) {
		struct job *j = &r->jobs[i];

		if (!j->due)
			continue;
		(*due)++;
		if (j->outcome == JOB_FAILED) {
			(*failed)++;
			buf_addf(&body, "failed %s: %s: %s\n", j->src->id,
			    j->klass, j->error);
		} else
			(*ok)++;
		nnew += j->nnew;
		nhits += j->nhits;
		for (size_t k = 0; k < j->nhits; k++) {
			size_t q;

			for (q = 0; q < nrules; q++)
				if (strcmp(rules[q], j->hits[k].rule) == 0)
					break;
			if (q == nrules) {
				rules = xreallocarray(rules, nrules + 1,
				    sizeof(*rules));
				counts = xreallocarray(counts, nrules + 1,
				    sizeof(*counts));
				rules[nrules] = j->hits[k].rule;
				counts[nrules++] = 0;
			}
			counts[q]++;
		}
	}
	buf_addf(&r->summary, "run: %zu source%s ok, %zu failed, %zu new "
	    "item%s, %zu hit%s\n\n", *ok, *ok == 1 ? "" : "s", *failed, nnew,
	    nnew == 1 ? "" : "s", nhits, nhits == 1 ? "" : "s");
	for (size_t q = 0; q < nrules; q++)
		buf_addf(&r->summary, "hits %s: %zu\n", rules[q], counts[q]);
	buf_add(&r->summary, body.data, body.len);
	if (r->alerts)
		buf_addf(&r->summary, "alerts queued: %zu\n", r->alerts);
	buf_release(&body);
	free(rules);
	free(counts);
}

/* .run/rules.json: the rules this run suspended, for `status` */
static void
note_rules(struct run *r)
{
	struct rule_note *v = xcalloc(r->rs->n + 1, sizeof(*v));
	size_t n = 0;
	unsigned errors;

	for (size_t i = 0; i < r->rs->n; i++)
		if (match_rule_suspended(r->rs, i, &errors)) {
			v[n].rule = r->rs->rules[i].id;	/* borrowed */
			v[n++].limit_errors = errors;
		}
	runnote_rules_save(r->st, r->now, v, n);
	free(v);
}

static void
job_release(struct job *j)
{
	source_state_release(&j->ss);
	source_run_release(&j->sr);
	itemset_release(&j->items);
	free(j->etag);
	free(j->last_modified);
	free(j->final_url);
	for (size_t i = 0; i < j->nhits; i++)
		hit_release(&j->hits[i]);
	free(j->hits);
	jobs_page_release(&j->pg);
	maildir_batch_free(j->mail);
}

static int
open_state(const struct config *cfg, struct state **st, int readonly)
{
	struct err err = ERR_INIT;

	if ((readonly ? state_open(st, cfg->state_dir, 1, &err) :
	    state_open_branch(st, cfg->state_dir, cfg->state_git.branch,
	    &err)) == 0)
		return 0;
	log_errorx("state=%s: %s", cfg->state_dir, err.msg);
	if (err.code == ERR_LOCKED)
		return 75;
	return 73;
}

/*
 * Push after the run's commits. Always tried when a remote is set, so a
 * push that failed or was rejected last time is retried even by an idle
 * run. Never fails the run, never forces.
 */
static void
push_state(struct state *st, const struct config *cfg)
{
	struct err err = ERR_INIT;

	if (cfg->state_git.remote == NULL || *cfg->state_git.remote == '\0')
		return;
	if (stop_requested()) {
		log_info("state: stop requested; push left for the next run");
		return;
	}
	if (gitstore_push(state_git(st), cfg->state_git.remote, &err) < 0)
		log_warnx("state: push failed, retried next run: %s", err.msg);
	else
		log_debug("state: pushed");
}

static int
deliver_and_commit(struct state *st, const struct config *cfg, int64_t now,
    int force, struct deliver_stats *dsp)
{
	struct deliver_stats ds;
	struct err err = ERR_INIT;
	struct buf msg = BUF_INIT;
	int committed = 0;

	memset(&ds, 0, sizeof(ds));
	/* from here a stop finishes the request in flight and commits */
	stop_catch();
	if (outbox_deliver(st, cfg, now, force, &ds, &err) < 0) {
		log_errorx("state: %s", err.msg);
		return 73;
	}
	if (dsp)
		*dsp = ds;
	if (ds.sent == 0 && ds.dead == 0 && ds.resumed == 0) {
		outbox_journal_clear(st);
		return 0;
	}
	buf_addf(&msg, "deliver: %zu sent, %zu pending, %zu dead\n",
	    ds.sent + ds.resumed, ds.pending, ds.dead);
	crash_point("before-delivery-commit");
	if (state_commit(st, msg.data, &committed, &err) < 0) {
		log_errorx("state: cannot commit delivery: %s", err.msg);
		buf_release(&msg);
		return 73;
	}
	crash_point("after-delivery-commit");
	outbox_journal_clear(st);
	buf_release(&msg);
	return 0;
}

/* the run's figures for the metrics file (metrics.h); -1 when it was not
 * written */
static int
write_metrics(struct run *r, const char *path, const struct deliver_stats *ds,
    const struct timespec *t0, int rc)
{
	struct metrics_source *ms;
	struct metrics_run m;
	struct timespec t1;
	int ret;

	if (path == NULL || *path == '\0' || r->st == NULL)
		return 0;
	clock_gettime(CLOCK_MONOTONIC, &t1);
	memset(&m, 0, sizeof(m));
	ms = xcalloc(r->njobs ? r->njobs : 1, sizeof(*ms));
	for (size_t i = 0; i < r->njobs; i++) {
		const struct job *j = &r->jobs[i];

		ms[i].id = j->src->id;
		ms[i].up = j->sr.failures == 0 &&
		    j->sr.last_attempt != TIME_NONE;
		ms[i].failures = j->sr.failures;
		ms[i].items = j->ss.items;
		ms[i].dropped = j->sr.dropped;
		ms[i].last_ok = j->sr.last_ok;
		m.hits += j->nhits;
		m.new_items += j->nnew;
	}
	outbox_counts(r->st, &m.outbox_pending, &m.outbox_dead);
	m.alerts_queued = r->alerts;
	m.alerts_sent = ds->sent;
	m.duration = (double)(t1.tv_sec - t0->tv_sec) +
	    (double)(t1.tv_nsec - t0->tv_nsec) / 1e9;
	m.exit_code = rc;
	m.now = r->now;
	ret = metrics_write(path, ms, r->njobs, &m);
	free(ms);
	return ret;
}

/* a run's common start: its inputs, the clock, the state opened (its exit
 * code on failure), one overflow slot per notifier */
static int
run_open(struct run *r, const struct config *cfg, const struct ruleset *rs,
    const struct playbooks *pbs, const struct run_opts *opts)
{
	int rc;

	memset(r, 0, sizeof(*r));
	r->cfg = cfg;
	r->rs = rs;
	r->pbs = pbs;
	r->opts = opts;
	r->now = now_time();
	buf_init(&r->summary);
	if ((rc = open_state(cfg, &r->st, opts->dry_run)) != 0)
		return rc;
	r->overflow = xcalloc(cfg->alerts.nnotifiers + 1,
	    sizeof(*r->overflow));
	return 0;
}

int
run_cycle(const struct config *cfg, const struct ruleset *rs,
    const struct playbooks *pbs, const struct run_opts *opts)
{
	struct run r;
	struct err err = ERR_INIT;
	struct deliver_stats ds;
	struct timespec t0;
	size_t ok = 0, failed = 0, due = 0;
	int rc = 0, committed = 0;

	memset(&ds, 0, sizeof(ds));
	clock_gettime(CLOCK_MONOTONIC, &t0);
	if (!opts->dry_run && !metrics_target_ok(opts->metrics_file ?
	    opts->metrics_file : cfg->metrics_file))
		return 73;
	if ((rc = run_open(&r, cfg, rs, pbs, opts)) != 0)
		return rc;
	plan_jobs(&r);
	fetch_all(&r);
	crash_point("after-fetch");
	for (size_t i = 0; i < r.njobs; i++) {
		struct job *j = &r.jobs[i];

		if (!j->due)
			continue;
		if (!opts->dry_run)
			health(&r, j);
		if (j->outcome != JOB_FAILED)
			log_info("source=%s %s items=%zu new=%zu hits=%zu%s",
			    j->src->id, j->klass, j->outcome == JOB_OK ?
			    j->nitems : j->ss.items, j->nnew,
			    j->nhits, j->baseline && j->nnew ?
			    " (baseline)" : "");
		if (j->outcome == JOB_OK && j->dropped)
			log_warnx("source=%s truncated: kept %zu items (the "
			    "newest where they are dated), dropped %s%zu over "
			    "the per-source limit", j->src->id, j->nitems,
			    source_paged(j->src->kind) ? "at least " : "",
			    j->dropped);
	}
	record_hits(&r);
	/* a shard sees only its own sources' hits: playbooks and signal
	 * alerts are left to `sigwatch playbooks` over all the shards */
	if (opts->nshards == 0)
		jobs_playbooks(&r);
	else
		log_info("shard %u/%u: hits recorded; playbooks and signal "
		    "alerts are left to `sigwatch playbooks`", opts->shard,
		    opts->nshards);
	queue_overflow(&r);
	crash_point("during-writes");
	if (!opts->dry_run)
		for (size_t i = 0; i < r.njobs; i++) {
			struct job *j = &r.jobs[i];

			if (!j->due)
				continue;
			if (state_source_save(r.st, j->src->id, &j->ss,
			    &err) < 0 || state_retain_items(r.st, j->src->id,
			    keep_from(&r), &err) < 0)
				io_fail(&r, &err);
			state_run_save(r.st, j->src->id, &j->sr);
		}
	summarise(&r, &ok, &failed, &due);
	if (!opts->dry_run)
		note_rules(&r);
	if (opts->dry_run) {
		log_info("dry run: nothing written, nothing sent");
		goto out;
	}
	if (r.io_failed) {
		log_errorx("state: %s; nothing committed, the next run starts "
		    "again from the last commit", r.io_err.msg);
		state_run_discard(r.st);
		rc = 73;
		goto out;
	}
	crash_point("before-commit");
	if (state_commit(r.st, r.summary.data, &committed, &err) < 0) {
		log_errorx("state: cannot commit: %s", err.msg);
		state_run_discard(r.st);
		rc = 73;
		goto out;
	}
	crash_point("after-commit");
	move_mail(&r);
	rc = deliver_and_commit(r.st, cfg, r.now, 0, &ds);
	push_state(r.st, cfg);
	if (rc == 0)
		state_mark_clean(r.st);
	if (rc == 0 && due > 0 && failed == due)
		rc = 69;
	log_info("run done: %zu source%s ok, %zu failed, %zu not due, %zu "
	    "alert%s queued", ok, ok == 1 ? "" : "s", failed, r.njobs - due,
	    r.alerts, r.alerts == 1 ? "" : "s");
out:
	if (opts->dry_run && due > 0 && failed == due)
		rc = 69;
	if (!opts->dry_run && write_metrics(&r, opts->metrics_file ?
	    opts->metrics_file : cfg->metrics_file, &ds, &t0, rc) < 0 &&
	    rc == 0)
		rc = 73;
	for (size_t i = 0; i < r.njobs; i++)
		job_release(&r.jobs[i]);
	free(r.jobs);
	free(r.overflow);
	buf_release(&r.summary);
	state_close(r.st);
	return rc;
}

int
run_deliver(const struct config *cfg)
{
	struct state *st = NULL;
	int rc = open_state(cfg, &st, 0);

	if (rc)
		return rc;
	rc = deliver_and_commit(st, cfg, now_time(), 1, NULL);
	push_state(st, cfg);
	if (rc == 0)
		state_mark_clean(st);
	state_close(st);
	return rc;
}

/* signal add --rule: the analyst's judgement that the report is this
 * signal, recorded as such */
static void
analyst_hit(struct run *r, struct job *j, const struct run_report *rep)
{
	struct hitctx hc = { r, j, rep->item, item_stale(rep->item, r->now,
	    r->cfg->alerts.max_age) };
	struct match_hit mh;
	char *excerpt;

	for (size_t i = 0; i < j->nhits; i++)
		if (strcmp(j->hits[i].rule, rep->rule->id) == 0) {
			j->hits[i].analyst = 1;	/* matched, and confirmed */
			return;
		}
	excerpt = intake_excerpt(rep->item);
	memset(&mh, 0, sizeof(mh));
	mh.rule = rep->rule;
	mh.selection = "analyst";
	mh.excerpt = excerpt;
	on_hit(&mh, &hc);
	j->hits[j->nhits - 1].analyst = 1;
	j->hits[j->nhits - 1].baseline = 0;
	free(excerpt);
}

int
run_report(const struct config *cfg, const struct ruleset *rs,
    const struct playbooks *pbs, const struct run_opts *opts,
    struct run_report *rep)
{
	struct run r;
	struct job *j;
	struct err err = ERR_INIT;
	size_t ok = 0, failed = 0, due = 0;
	int rc, committed = 0;

	if ((rc = run_open(&r, cfg, rs, pbs, opts)) != 0)
		return rc;
	r.jobs = xcalloc(1, sizeof(*r.jobs));
	r.njobs = 1;
	j = &r.jobs[0];
	j->r = &r;
	j->src = rep->src;
	j->due = 1;
	j->outcome = JOB_OK;
	snprintf(j->klass, sizeof(j->klass), "ok");
	item_copy(itemset_push(&j->items), rep->item);
	if (process_begin(&r, j) == 0) {
		j->baseline = 0;
		process_batch(&r, j);
		if (j->nnew > 0 && rep->rule != NULL)
			analyst_hit(&r, j, rep);
		process_end(&r, j);
	}
	rep->known = j->outcome != JOB_FAILED && j->nnew == 0;
	rep->nhits = j->nhits;
	record_hits(&r);
	jobs_playbooks(&r);
	queue_overflow(&r);
	if (!opts->dry_run && state_retain_items(r.st, j->src->id,
	    keep_from(&r), &err) < 0)
		io_fail(&r, &err);
	rep->alerts = r.alerts;
	buf_addf(&r.summary, "%s\n\n", rep->subject);
	summarise(&r, &ok, &failed, &due);
	if (opts->dry_run)
		goto out;
	if (r.io_failed) {
		log_errorx("state: %s; nothing committed", r.io_err.msg);
		rc = 73;
		goto out;
	}
	crash_point("before-commit");
	if (state_commit(r.st, r.summary.data, &committed, &err) < 0) {
		log_errorx("state: cannot commit: %s", err.msg);
		rc = 73;
		goto out;
	}
	crash_point("after-commit");
	rc = deliver_and_commit(r.st, cfg, r.now, 0, NULL);
	push_state(r.st, cfg);
	if (rc == 0)
		state_mark_clean(r.st);
out:
	job_release(j);
	free(r.jobs);
	free(r.overflow);
	buf_release(&r.summary);
	state_close(r.st);
	return rc;
}

/* what a hit line leaves out and the alerts show: from the configuration
 * this step loaded, as the shard's run had them */
static void
complete_hit(struct run *r, struct hit *h)
{
	const struct rule *ru = rules_find(r->rs, h->rule);
	const struct source *src = h->source ? config_source(r->cfg,
	    h->source) : NULL;

	if (h->rule_title == NULL && ru != NULL)
		h->rule_title = xstrdup_or_null(ru->title);
	if (h->source_url == NULL && src != NULL)
		h->source_url = xstrdup_or_null(src->url);
}

/* the taken hits into this state's own hits files: `sigwatch hits`,
 * `status` and the triage commands see the union of the shards here */
static void
record_taken(struct run *r, const struct shardhits *sh)
{
	char **lines = xcalloc(sh->n + 1, sizeof(*lines));
	struct buf rel = BUF_INIT;
	struct err err = ERR_INIT;
	char month[8];

	for (size_t i = 0; i < sh->n; i++)
		lines[i] = hit_to_json(&sh->v[i]);
	month_of(month, r->now);
	buf_addf(&rel, "hits/%s.jsonl", month);
	if (sh->n && state_append_lines(r->st, rel.data, lines, sh->n,
	    &err) < 0)
		io_fail(r, &err);
	if (shardhits_save(r->st, sh, &err) < 0)
		io_fail(r, &err);
	buf_release(&rel);
	for (size_t i = 0; i < sh->n; i++)
		free(lines[i]);
	free(lines);
}

int
run_playbooks(const struct config *cfg, const struct ruleset *rs,
    const struct playbooks *pbs, const struct run_opts *opts,
    const char *const *from, size_t nfrom)
{
	struct run r;
	struct shardhits sh;
	struct hit **v;
	struct err err = ERR_INIT;
	size_t readable;
	int rc, committed = 0;

	if ((rc = run_open(&r, cfg, rs, pbs, opts)) != 0)
		return rc;
	readable = shardhits_collect(r.st, from, nfrom, &sh);
	v = xcalloc(sh.n + 1, sizeof(*v));
	for (size_t i = 0; i < sh.n; i++) {
		complete_hit(&r, &sh.v[i]);
		v[i] = &sh.v[i];
		if (opts->dry_run && !opts->preview) {
			char *line = hit_to_json(&sh.v[i]);

			printf("%s\n", line);
			free(line);
		}
	}
	if (!opts->dry_run)
		record_taken(&r, &sh);
	playbooks_and_alerts(&r, v, sh.n);
	queue_overflow(&r);
	buf_addf(&r.summary, "playbooks: %zu new hit%s from %zu of %zu "
	    "shard%s\n\n", sh.n, sh.n == 1 ? "" : "s", readable, nfrom,
	    nfrom == 1 ? "" : "s");
	for (size_t i = 0; i < sh.ncur; i++)
		buf_addf(&r.summary, "%s %s: %zu hits taken in all\n",
		    sh.cur[i].readable ? "shard" : "unreadable",
		    sh.cur[i].dir, sh.cur[i].taken);
	log_info("playbooks: %zu new hit%s from %zu of %zu shard%s, %zu "
	    "alert%s queued", sh.n, sh.n == 1 ? "" : "s", readable, nfrom,
	    nfrom == 1 ? "" : "s", r.alerts, r.alerts == 1 ? "" : "s");
	if (opts->dry_run)
		goto out;
	if (r.io_failed) {
		log_errorx("state: %s; nothing committed", r.io_err.msg);
		state_run_discard(r.st);
		rc = 73;
		goto out;
	}
	if (state_commit(r.st, r.summary.data, &committed, &err) < 0) {
		log_errorx("state: cannot commit: %s", err.msg);
		state_run_discard(r.st);
		rc = 73;
		goto out;
	}
	rc = deliver_and_commit(r.st, cfg, r.now, 0, NULL);
	push_state(r.st, cfg);
	if (rc == 0)
		state_mark_clean(r.st);
out:
	/* no shard readable: nothing was evaluated (66, an input) */
	if (rc == 0 && readable == 0 && nfrom > 0)
		rc = 66;
	free(v);
	shardhits_release(&sh);
	free(r.overflow);
	buf_release(&r.summary);
	state_close(r.st);
	return rc;
}
