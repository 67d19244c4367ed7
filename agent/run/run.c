#include "run.h"

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
#define FULL_FETCH_EVERY (24 * 3600)
#define BACKOFF_MAX (6 * 3600)
/* the longest Retry-After a source can set (fetch.c clamps it to a day) */
#define CLOCK_RETRY_MAX (24 * 3600)

enum job_outcome { JOB_SKIPPED, JOB_OK, JOB_UNCHANGED, JOB_FAILED };

struct run;

struct job {
	struct run		*r;
	const struct source	*src;
	struct jobs_page	 pg;		/* paged job boards */
	struct source_state	 ss;
	struct source_run	 sr;
	int			 due;
	enum job_outcome	 outcome;
	char			 klass[24];	/* ok, unchanged, transient... */
	char			 error[300];
	long			 http_status;
	int64_t			 retry_after;
	char			*etag, *last_modified, *final_url;
	char			 body_sha[17];
	int			 full;		/* a 200 with a body arrived */
	struct itemset		 items;		/* freed once processed */
	size_t			 nitems;	/* items examined, all pages */
	uint64_t		 bytes;		/* bytes received, all pages */
	struct seenset		*seen;		/* loaded by process_begin() */
	struct buf		 lines;		/* new items' JSON lines, not yet
					 * appended (write_items) */
	struct err		 state_err;	/* seen_begin failed (on a worker) */
	int			 state_failed;
	struct err		 write_err;	/* a write failed (on a worker) */
	int			 worked;	/* a parse worker did new_items() */
	size_t			 dropped;	/* items past a parser's cap */
	int			 legacy;	/* seen index of old-style ids */
	/* results of processing */
	size_t			 nnew;
	struct hit		*hits;
	size_t			 nhits, ahits;
	int			 baseline;
	struct maildir_batch	*mail;		/* kind maildir: moved after
						 * the commit */
};

struct run {
	const struct config	*cfg;
	const struct ruleset	*rs;
	const struct playbooks	*pbs;
	const struct run_opts	*opts;
	struct state		*st;
	int64_t			 now;
	struct job		*jobs;
	size_t			 njobs;
	struct buf		 summary;	/* commit message body */
	size_t			 alerts;
	int			 io_failed;
	struct err		 io_err;
	struct overflow		*overflow;	/* one per notifier */
	struct fetcher		*fetcher;
	struct workq		*parsers;	/* parse workers (parsejob.h) */
	size_t			 parse_bytes;	/* bodies waiting for them */
};

unsigned
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

static void
set_failure(struct job *j, const char *klass, const char *msg)
{
	size_t n = strlen(msg);

	j->outcome = JOB_FAILED;
	snprintf(j->klass, sizeof(j->klass), "%s", klass);
	if (n >= sizeof(j->error))
		n = utf8_trunc(msg, n, sizeof(j->error) - 1);
	memcpy(j->error, msg, n);
	j->error[n] = '\0';
}

static void on_fetched(struct fetch_res *, void *);
static void process_items(struct run *, struct job *);
static int process_begin(struct run *, struct job *);
static void process_batch(struct run *, struct job *);
static int seen_begin(struct run *, struct job *);
static void seen_failed(struct run *, struct job *);
static void new_items(struct run *, struct job *);
static void write_items(struct run *, struct job *);
static int items_write(struct run *, struct job *, struct err *);
static int seen_end(struct run *, struct job *, struct err *);
static void io_fail(struct run *, const struct err *);
static void process_end(struct run *, struct job *);
static int extraction_ok(struct job *, size_t n, size_t previous);

/*
 * A document parsed into items: keep the new ones, match and record them
 * now, inside fetch_run(), and free them, so memory holds only the
 * documents in flight, not every source's items at once. Each source
 * writes only its own files here; the shared ones (hits, playbooks,
 * outbox) are written in source order after the fetch.
 */
static void
parsed(struct job *j)
{
	j->outcome = JOB_OK;
	snprintf(j->klass, sizeof(j->klass), "ok");
	process_items(j->r, j);
	itemset_release(&j->items);
}

/*
 * The source stopped short of what it offered (a budget of the run): what
 * was read is kept and recorded, the rest waits for the next run, and the
 * source says so in its status and the log.
 */
static void
degrade(struct job *j, const char *fmt, ...)
{
	va_list ap;

	snprintf(j->klass, sizeof(j->klass), "degraded");
	va_start(ap, fmt);
	vsnprintf(j->error, sizeof(j->error), fmt, ap);
	va_end(ap);
}

static int
degraded(const struct job *j)
{
	return strcmp(j->klass, "degraded") == 0;
}

/*
 * One page of a paged job board (Lever, Workday) arrived: parse it,
 * process its items and free them before the next page is asked for, so
 * a board of 200 pages costs the memory of one. A source's pages share a
 * budget of bytes and items (fetch.source_max_bytes / _items): past it,
 * paging stops and the source is degraded. A failing page fails the
 * source; the items of the pages before it stay recorded.
 */
static void
on_page(struct job *j, struct fetch_res *res)
{
	uint64_t budget = j->r->cfg->fetch.source_max_bytes;
	struct err err = ERR_INIT;
	struct fetch_req req;
	char *url;

	j->bytes += res->len;
	if (jobs_parse(&j->items, j->src->kind, res->body ? res->body : "",
	    res->len, res->final_url ? res->final_url : j->src->url, &j->pg,
	    &err) < 0) {
		itemset_release(&j->items);
		jobs_page_release(&j->pg);
		process_end(j->r, j);
		set_failure(j, err_class(err.code), err.msg);
		return;
	}
	free(res->body);	/* the page is items now */
	res->body = NULL;
	if (j->outcome != JOB_OK) {	/* the first page */
		j->outcome = JOB_OK;
		snprintf(j->klass, sizeof(j->klass), "ok");
		if (j->items.kind == NULL)
			j->items.kind = xstrdup(source_kind_name(j->src->kind));
	}
	if (j->seen == NULL && process_begin(j->r, j) < 0) {
		itemset_release(&j->items);
		jobs_page_release(&j->pg);
		return;
	}
	process_batch(j->r, j);
	if (j->pg.more && !degraded(j) && j->bytes >= budget)
		degrade(j, "stopped paging after %llu bytes (fetch."
		    "source_max_bytes); the rest is read next run",
		    (unsigned long long)j->bytes);
	if (!j->pg.more || degraded(j)) {
		jobs_page_release(&j->pg);
		extraction_ok(j, j->nitems, j->ss.items);
		process_end(j->r, j);
		return;
	}
	url = jobs_url(j->src->kind, j->src->url, j->pg.next_offset);
	memset(&req, 0, sizeof(req));
	req.url = url;
	req.post_body = j->pg.post_body;
	req.post_len = j->pg.post_body ? strlen(j->pg.post_body) : 0;
	req.post_type = JOBS_POST_TYPE;
	j->pg.offset = j->pg.next_offset;
	fetch_add(j->r->fetcher, &req, on_fetched, j);	/* copies the strings */
	free(url);
	free(j->pg.post_body);
	j->pg.post_body = NULL;
}

/*
 * On the parse worker, right after the parse: the rest of a document's
 * processing (judge the extraction, load the seen index, keep the new
 * items, match them, write the source's own files). What is shared (the
 * run's I/O failure, hits, the commit) waits for the run's thread. A
 * page's diff stays there too: it is one small item.
 */
static void
work_items(struct parsejob *pj)
{
	struct job *j = pj->owner;
	struct err err = ERR_INIT;

	if (j->src->kind == KIND_PAGE)
		return;
	j->worked = 1;
	j->items = pj->items;	/* moved */
	memset(&pj->items, 0, sizeof(pj->items));
	j->outcome = JOB_OK;
	snprintf(j->klass, sizeof(j->klass), "ok");
	if (extraction_ok(j, j->items.n, j->ss.items) &&
	    seen_begin(j->r, j) == 0) {
		new_items(j->r, j);
		/* both, as on the run's thread; the first failure is kept */
		if (items_write(j->r, j, &err) < 0)
			j->write_err = err;
		if (seen_end(j->r, j, &err) < 0 && j->write_err.code == 0)
			j->write_err = err;
	}
	itemset_release(&j->items);
}

/* what work_items left for the run's thread: the writes */
static void
worked(struct run *r, struct job *j)
{
	if (j->state_failed)
		seen_failed(r, j);
	else if (j->write_err.code != 0)
		io_fail(r, &j->write_err);
}

/* a document parsed (on a worker, or here with no workers): on the run's
 * thread, its items are matched and recorded */
static void
on_parsed(struct workq_task *t)
{
	struct parsejob *pj = (struct parsejob *)t;
	struct job *j = pj->owner;

	j->r->parse_bytes -= pj->len;
	memcpy(j->body_sha, pj->body_sha, sizeof(j->body_sha));
	if (pj->same) {
		j->outcome = JOB_UNCHANGED;
		snprintf(j->klass, sizeof(j->klass), "unchanged");
	} else if (pj->rc < 0) {
		/* a page whose select matches nothing: its layout changed */
		set_failure(j, pj->err.code == ERR_SCHEMA && j->src->kind ==
		    KIND_PAGE ? "extraction_failed" : err_class(pj->err.code),
		    pj->err.msg);
	} else if (j->worked) {
		worked(j->r, j);
	} else {
		j->items = pj->items;	/* moved */
		memset(&pj->items, 0, sizeof(pj->items));
		parsed(j);
	}
	parsejob_free(pj);
}

/*
 * Bodies waiting for a parse worker hold memory: past this, the fetching
 * thread waits for parses to finish before it takes in more.
 */
#define PARSE_MAX_PENDING	(8u * 1024 * 1024)

/* fetch_run's idle hook: take in the documents parsed meanwhile */
static size_t
collect_parsed(void *arg)
{
	return workq_collect(((struct run *)arg)->parsers, 0);
}

/*
 * A transfer finished. Runs inside fetch_run(); the body goes to a parse
 * worker, so transfers still in flight go on meanwhile.
 */
static void
on_fetched(struct fetch_res *res, void *payload)
{
	struct job *j = payload;
	struct run *r = j->r;
	struct parsejob *pj;

	j->http_status = res->http_status;
	j->retry_after = res->retry_after;
	free(j->final_url);	/* paged sources arrive here once a page */
	j->final_url = xstrdup_or_null(res->final_url);
	if (res->status == FETCH_UNCHANGED) {
		j->outcome = JOB_UNCHANGED;
		snprintf(j->klass, sizeof(j->klass), "unchanged");
		return;
	}
	if (res->status != FETCH_OK) {
		set_failure(j, fetch_status_name(res->status),
		    res->error[0] ? res->error : fetch_status_name(res->status));
		return;
	}
	if (source_paged(j->src->kind)) {
		on_page(j, res);	/* the next page's URL comes from this
					 * one: parsed here */
		return;
	}
	j->etag = xstrdup_or_null(res->etag);
	j->last_modified = xstrdup_or_null(res->last_modified);
	j->full = 1;
	pj = parsejob_new(j->src, &res->body, res->len, res->final_url ?
	    res->final_url : j->src->url, res->charset, j->ss.exists &&
	    j->ss.items > 0 ? j->sr.body_sha : NULL, on_parsed, j);
	pj->then = work_items;
	r->parse_bytes += pj->len;
	workq_submit(r->parsers, &pj->task);
	while (r->parse_bytes > PARSE_MAX_PENDING &&
	    workq_outstanding(r->parsers) > 0)
		workq_collect(r->parsers, 1);
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

static void read_maildir(struct run *, struct job *);

/* fetch.parse_workers; unset: one per CPU, at most 8 (the fetching thread
 * also matches and writes, so a parse stage of 8 is plenty) */
static unsigned
parse_threads(const struct config *cfg)
{
	unsigned n = cfg->fetch.parse_workers;

	if (n == PARSE_WORKERS_AUTO)
		n = workq_cpus() < 8 ? workq_cpus() : 8;
	return n;
}

static int
fetch_all(struct run *r)
{
	struct fetch_opts fo;
	struct fetcher *f = NULL;
	struct err err = ERR_INIT, perr = ERR_INIT;
	size_t queued = 0;
	char *auth = NULL;
	int no_auth = 0;

	memset(&fo, 0, sizeof(fo));
	fo.concurrency = r->cfg->fetch.concurrency;
	fo.per_host = r->cfg->fetch.per_host;
	fo.timeout = (long)r->cfg->fetch.timeout;
	fo.connect_timeout = (long)r->cfg->fetch.connect_timeout;
	fo.max_bytes = r->cfg->fetch.max_bytes;
	fo.user_agent = r->cfg->fetch.user_agent;
	fo.allow_private = r->cfg->fetch.allow_private_addresses;
	/* unreadable proxy credentials fail the sources, not the run */
	if (fetchcfg_proxy(&fo, r->cfg, &auth, &perr) < 0)
		no_auth = 1;
	if (fetch_new(&f, &fo, &err) < 0) {
		fetchcfg_auth_free(auth);
		log_errorx("fetch: %s", err.msg);
		return -1;
	}
	fetchcfg_auth_free(auth);	/* the fetcher has a copy */
	r->fetcher = f;
	r->parsers = workq_new(parse_threads(r->cfg), fetch_wakeup, f,
	    matcher_thread_end);
	fetch_set_idle(f, collect_parsed, r);
	for (size_t i = 0; i < r->njobs; i++) {
		struct job *j = &r->jobs[i];
		struct fetch_req req;
		char **hdrs, *url = NULL, *body = NULL;

		if (!j->due)
			continue;
		if (j->src->kind == KIND_MAILDIR) {
			read_maildir(r, j);
			continue;
		}
		if (no_auth) {
			set_failure(j, "config_error", perr.msg);
			continue;
		}
		memset(&req, 0, sizeof(req));
		req.url = j->src->url;
		if (source_paged(j->src->kind)) {
			/* every page is fetched whole: no validators */
			url = jobs_url(j->src->kind, j->src->url, 0);
			body = jobs_post_body(j->src->kind, 0);
			req.url = url;
			req.post_body = body;
			req.post_len = body ? strlen(body) : 0;
			req.post_type = JOBS_POST_TYPE;
		} else if (j->ss.url && strcmp(j->ss.url, j->src->url) == 0 &&
		    j->sr.last_full != TIME_NONE &&
		    r->now - j->sr.last_full < FULL_FETCH_EVERY) {
			/* validators belong to the URL they came from; once a
			 * day we ask without them, so a server that wrongly
			 * answers 304 cannot hide a change for ever */
			req.etag = j->ss.etag;
			req.last_modified = j->ss.last_modified;
		}
		hdrs = NULL;
		if (config_source_headers(j->src, &hdrs, &err) < 0) {
			/* a missing token file fails this source only */
			set_failure(j, "config_error", err.msg);
			free(url);
			free(body);
			continue;
		}
		req.headers = (const char *const *)hdrs;
		fetch_add(f, &req, on_fetched, j);	/* copies the strings */
		config_headers_free(hdrs);
		free(url);
		free(body);
		url = body = NULL;
		queued++;
	}
	if (queued && fetch_run(f, &err) < 0)
		log_errorx("fetch: %s", err.msg);
	workq_free(r->parsers);		/* after the last parses */
	r->parsers = NULL;
	fetch_free(f);
	r->fetcher = NULL;
	return 0;
}

static void
io_fail(struct run *r, const struct err *err)
{
	if (!r->io_failed) {
		r->io_failed = 1;
		r->io_err = *err;
	}
}

struct hitctx {
	struct run		*r;
	struct job		*j;
	const struct item	*it;
	int			 stale;
};


static void
on_hit(const struct match_hit *mh, void *payload)
{
	struct hitctx *hc = payload;
	struct job *j = hc->j;
	struct hit *h;

	j->hits = xgrowarray(j->hits, j->nhits, &j->ahits, 16,
	    sizeof(*j->hits));
	h = &j->hits[j->nhits++];
	memset(h, 0, sizeof(*h));
	hit_make_id(h->id, mh->rule->id, j->src->id, hc->it->id);
	h->at = hc->r->now;
	h->rule = xstrdup(mh->rule->id);
	h->rule_rev = xstrdup_or_null(mh->rule->rev);
	h->rule_title = xstrdup_or_null(mh->rule->title);
	h->severity = mh->rule->severity;
	/* the item's own competitor (a field report, tagged mail), else the
	 * source's, else the one the item is attributed to */
	h->competitor = xstrdup_or_null(hc->it->competitor ?
	    hc->it->competitor : mh->competitor);
	h->attributed = hc->it->competitor == NULL && mh->attributed;
	h->playbook = xstrdup_or_null(mh->rule->playbook);
	h->source = xstrdup(j->src->id);
	h->source_url = xstrdup_or_null(j->src->url);
	/* a feed's channel link: the page people open for it */
	h->source_home = xstrdup_or_null(hc->j->items.link);
	h->item = xstrdup(hc->it->id);
	h->title = xstrdup_or_null(hc->it->title);
	h->link = xstrdup_or_null(hc->it->link);
	h->published = item_date(hc->it);
	h->stale = hc->stale;
	h->selection = xstrdup_or_null(mh->selection);
	h->field = xstrdup_or_null(mh->field);
	h->match = xstrndup(mh->match ? mh->match : "", mh->matchlen);
	h->excerpt = xstrdup_or_null(mh->excerpt);
	h->baseline = j->baseline;
	h->silenced = rules_silenced(hc->r->rs, h->rule, h->source, h->link,
	    hc->r->now) != NULL;
	if (j->src->kind == KIND_FIELD || j->src->kind == KIND_MAILDIR)
		h->reporter = xstrdup_or_null(hc->it->author);
}

/*
 * kind: page. The document is one item holding the selected text; what
 * rules see is the lines added since the last fetch (state/pages/<id>.txt),
 * so a re-ordered page alerts nobody. No added line: no item.
 */
static int
page_changes(struct run *r, struct job *j)
{
	struct buf rel = BUF_INIT, id = BUF_INIT;
	struct err err = ERR_INIT;
	char *old = NULL, *added, hex[65];
	size_t oldlen = 0, n;
	struct item *it;
	const char *text = j->items.n ? j->items.items[0].text : "";

	buf_addf(&rel, "pages/%s.txt", j->src->id);
	if (state_read(r->st, rel.data, &old, &oldlen, &err) < 0)
		old = NULL;
	added = page_added(old ? old : "", text);
	if (!r->opts->dry_run && state_write(r->st, rel.data, text,
	    strlen(text), &err) < 0)
		io_fail(r, &err);
	free(old);
	buf_release(&rel);
	j->ss.items = 0;
	itemset_release(&j->items);
	if (*added == '\0') {
		free(added);
		return 0;
	}
	sha256_hex(hex, added, strlen(added));
	buf_addf(&id, "sha256:%.32s", hex);
	it = itemset_push(&j->items);
	it->id = buf_detach(&id, NULL);
	n = strcspn(added, "\n");
	it->title = xstrndup(added, utf8_trunc(added, n, 200));
	it->link = xstrdup_or_null(j->src->url);
	it->text = added;
	it->published = r->now;
	j->items.kind = xstrdup("page");
	return 0;
}

/* in a seen index: its ids are built from all an item has (issue 13) */
#define ID_SCHEME_MARK "\nsigwatch: item ids v2 (link, title, date)"

/* the first month kept by state_git.retain (items/, seen/) */
static unsigned
keep_from(const struct run *r)
{
	int64_t retain = r->cfg->state_git.retain;

	return retain > 0 ? month_index(r->now - retain) : 0;
}

/*
 * A 200 that yields no item, fewer than min_items, or a collapse from
 * what there used to be is a broken extraction, not "everything was
 * removed": 0 and the job failed.
 */
static int
extraction_ok(struct job *j, size_t n, size_t previous)
{
	/* a 200 that yields no item at all is a broken extraction (an
	 * XPath that matches nothing, a wrong URL or board), never "ok,
	 * nothing there", whether or not there were items before */
	if (n == 0 && !source_may_be_empty(j->src->kind)) {
		char why[200];

		source_empty_reason(j->src, why, sizeof(why));
		snprintf(j->klass, sizeof(j->klass), "extraction_failed");
		if (previous > 0)
			snprintf(j->error, sizeof(j->error), "extraction "
			    "failed: %s (previously %zu items)", why, previous);
		else
			snprintf(j->error, sizeof(j->error), "extraction "
			    "failed: %s", why);
		j->outcome = JOB_FAILED;
		return 0;
	}
	if (j->src->min_items && n < j->src->min_items) {
		snprintf(j->klass, sizeof(j->klass), "extraction_failed");
		snprintf(j->error, sizeof(j->error), "extraction failed: %zu "
		    "items, fewer than min_items %u", n, j->src->min_items);
		j->outcome = JOB_FAILED;
		return 0;
	}
	if (previous >= 10 && n * 5 < previous) {
		snprintf(j->klass, sizeof(j->klass), "extraction_failed");
		snprintf(j->error, sizeof(j->error), "extraction failed: %zu "
		    "items (previously %zu)", n, previous);
		j->outcome = JOB_FAILED;
		return 0;
	}
	return 1;
}

/*
 * Once per source, before its first items: the seen index, the baseline.
 * Reads the state, writes only the job: a parse worker may run it; a
 * failure waits in the job (state_failed) for the run's thread.
 */
static int
seen_begin(struct run *r, struct job *j)
{
	if (state_seen_load(r->st, j->src->id, &j->seen, &j->state_err) < 0) {
		j->state_failed = 1;
		return -1;
	}
	j->baseline = !j->ss.exists || (seenset_count(j->seen) == 0 &&
	    j->ss.items == 0);
	/* an index written before ids were built from all an item has knows
	 * link-only items by their link (item.h, legacy_id): honoured on the
	 * first run after the upgrade only, which then marks the new ids */
	j->legacy = seenset_count(j->seen) > 0 &&
	    !seenset_has(j->seen, ID_SCHEME_MARK);
	if (r->cfg->alerts.first_run_alert)
		j->baseline = 0;
	return 0;
}

/* an unreadable seen index: never guess what is new */
static void
seen_failed(struct run *r, struct job *j)
{
	io_fail(r, &j->state_err);
	set_failure(j, "state_error", j->state_err.msg);
}

static int
process_begin(struct run *r, struct job *j)
{
	if (seen_begin(r, j) == 0)
		return 0;
	seen_failed(r, j);
	return -1;
}

/*
 * The items of one document or page: keep the new ones, match them and
 * add their JSON lines to j->lines; then free them. Items past the
 * source's item budget are left unseen for the next run. Writes only the
 * job: a parse worker may run it.
 */
static void
new_items(struct run *r, struct job *j)
{
	struct match_ctx mc;
	struct match_info mi;
	size_t budget = r->cfg->fetch.source_max_items;

	mc.source_id = j->src->id;
	mc.competitor = j->src->competitor;
	mc.tags = (const char *const *)j->src->tags;
	mc.languages = (const char *const *)r->cfg->languages;
	mc.info = &mi;
	for (size_t i = 0; i < j->items.n; i++) {
		struct item *it = &j->items.items[i];
		/* older than alerts.max_age when first seen: recorded,
		 * alerts nobody */
		struct hitctx hc = { r, j, it, item_stale(it, r->now,
		    r->cfg->alerts.max_age) };
		struct buf alt = BUF_INIT;
		int known;

		/* a report or a tagged message names its own competitor */
		mc.competitor = it->competitor ? it->competitor :
		    j->src->competitor;
		if (j->nitems >= budget) {
			degrade(j, "stopped after %zu items (fetch."
			    "source_max_items); the rest is read next run",
			    j->nitems);
			break;
		}
		j->nitems++;
		/* a feed that re-publishes an item under a new guid is
		 * caught by its link and title */
		if (it->link && *it->link && j->src->kind != KIND_PAGE)
			buf_addf(&alt, "link+title\n%s\n%s", it->link,
			    it->title);
		/* an item known by its link alone is new when its title is:
		 * a page that reuses a link for another post says something
		 * new (the seen index keys link and title too) */
		if (it->id_from_link && alt.len)
			known = seenset_has(j->seen, alt.data);
		else
			known = seenset_has(j->seen, it->id) || (alt.len &&
			    seenset_has(j->seen, alt.data)) || (j->legacy &&
			    it->legacy_id && seenset_has(j->seen,
			    it->legacy_id));
		/* present now: keeps it in the index past retention; also
		 * catches duplicates within one document */
		seenset_mark(j->seen, it->id, month_index(r->now));
		if (alt.len)
			seenset_mark(j->seen, alt.data, month_index(r->now));
		buf_release(&alt);
		if (known)
			continue;
		j->nnew++;
		/* the calling thread's matcher (match.h) */
		match_item(r->rs, it, &mc, on_hit, &hc);
		/* a language detected because a hit depended on it is kept
		 * (mi points into the matcher's scratch) */
		if (it->lang == NULL && mi.lang) {
			it->lang = xstrdup(mi.lang);
			it->lang_detected = mi.detected;
		}
		item_json_line(&j->lines, it);
	}
	j->dropped += j->items.dropped;
	itemset_release(&j->items);
}

/* the new items' lines go to this month's items file; any thread */
static int
items_write(struct run *r, struct job *j, struct err *err)
{
	int rc = 0;

	if (j->lines.len && !r->opts->dry_run) {
		struct buf rel = BUF_INIT;
		char month[8];

		month_of(month, r->now);
		buf_addf(&rel, "items/%s/%s.jsonl", j->src->id, month);
		rc = state_append(r->st, rel.data, j->lines.data, j->lines.len,
		    err);
		buf_release(&rel);
	}
	buf_release(&j->lines);
	return rc;
}

static void
write_items(struct run *r, struct job *j)
{
	struct err err = ERR_INIT;

	if (items_write(r, j, &err) < 0)
		io_fail(r, &err);
}

static void
process_batch(struct run *r, struct job *j)
{
	new_items(r, j);
	write_items(r, j);
}

/* once per source, after its last items: the seen index is saved; any
 * thread */
static int
seen_end(struct run *r, struct job *j, struct err *err)
{
	int rc = 0;

	if (j->seen == NULL)
		return 0;
	seenset_mark(j->seen, ID_SCHEME_MARK, month_index(r->now));
	if (!r->opts->dry_run)
		rc = state_seen_save(r->st, j->src->id, j->seen, keep_from(r),
		    err);
	seenset_free(j->seen);
	j->seen = NULL;
	return rc;
}

static void
process_end(struct run *r, struct job *j)
{
	struct err err = ERR_INIT;

	if (seen_end(r, j, &err) < 0)
		io_fail(r, &err);
}

/* An OK fetch of a whole document: find new items, match, record. */
static void
process_items(struct run *r, struct job *j)
{
	size_t previous = j->ss.items;

	if (j->src->kind == KIND_PAGE) {
		if (page_changes(r, j) < 0)
			return;
		previous = 0;	/* a page yields one item or none */
	}
	if (!extraction_ok(j, j->items.n, previous))
		return;
	if (process_begin(r, j) < 0)
		return;
	process_batch(r, j);
	process_end(r, j);
	if (j->src->kind == KIND_PAGE)
		j->nitems = 1;	/* the page, whether or not it grew */
}

/*
 * kind: maildir, read here instead of fetched: the messages in new/
 * become items like a fetched document's and are processed at once; they
 * leave new/ only after the commit (move_mail). No baseline: every message
 * is a report someone sent. An empty new/ is "unchanged", not an
 * extraction failure.
 */
static void
read_maildir(struct run *r, struct job *j)
{
	const char **known = intake_competitors(r->cfg, r->rs, r->pbs);
	struct maildir_opts mo = { known, r->cfg->fetch.source_max_items,
	    r->opts->dry_run };
	struct err err = ERR_INIT;
	int rc = maildir_scan(&j->mail, &j->items, j->src, &mo, &err);

	free(known);
	if (rc < 0) {
		set_failure(j, err_class(err.code), err.msg);
		return;
	}
	if (j->items.n == 0 && !maildir_more(j->mail)) {
		itemset_release(&j->items);
		j->outcome = JOB_UNCHANGED;
		snprintf(j->klass, sizeof(j->klass), "unchanged");
		return;
	}
	j->outcome = JOB_OK;
	snprintf(j->klass, sizeof(j->klass), "ok");
	if (process_begin(r, j) == 0) {
		j->baseline = 0;
		process_batch(r, j);
		process_end(r, j);
	}
	if (maildir_more(j->mail) && !degraded(j))
		degrade(j, "stopped after %zu messages (run_max_messages, "
		    "run_max_bytes); the rest is read next run",
		    maildir_taken(j->mail) + maildir_rejected(j->mail));
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
		wait = j->sr.failures >= cap ? (int64_t)60 << (j->sr.failures -
		    cap < 8 ? j->sr.failures - cap : 8) : 0;
		if (wait > BACKOFF_MAX)
			wait = BACKOFF_MAX;
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

static int
hit_in_playbook(const struct hit *h, const struct playbook *pb)
{
	if (h->playbook && strcmp(h->playbook, pb->id) == 0)
		return 1;
	for (size_t i = 0; pb->signals && pb->signals[i]; i++)
		if (strcmp(pb->signals[i], h->rule) == 0)
			return 1;
	return 0;
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
				mine = hit_in_playbook(h, pb);
			else {
				/* hits no playbook claims */
				mine = 1;
				for (size_t q = 0; q < r->pbs->n; q++)
					if (hit_in_playbook(h, &r->pbs->v[q]))
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
