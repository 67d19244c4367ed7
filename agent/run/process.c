/*
 * The fetch and the per-document stages of a run: each due source is
 * fetched; a document goes to a parse worker (parsejob.h), which parses it,
 * judges the extraction, keeps the new items, matches them and writes the
 * source's own files; what is shared (hits, health, the commit) is left to
 * run.c, in source order, after the fetch.
 */
#include "run.h"
#include "run_int.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "fetch.h"
#include "fetchcfg.h"
#include "hit.h"
#include "htmlsrc.h"
#include "intake.h"
#include "jobs.h"
#include "log.h"
#include "maildir.h"
#include "match.h"
#include "parsejob.h"
#include "source.h"
#include "state.h"
#include "util.h"
#include "workq.h"
#include "xmalloc.h"

/*
 * Bodies waiting for a parse worker hold memory: past this, the fetching
 * thread waits for parses to finish before it takes in more.
 */
#define PARSE_MAX_PENDING	(8u * 1024 * 1024)

/* in a seen index: its ids are built from all an item has (issue 13) */
#define ID_SCHEME_MARK "\nsigwatch: item ids v2 (link, title, date)"

/* fetch without validators once a day (a server may wrongly answer 304) */
#define FULL_FETCH_EVERY (24 * 3600)

static void on_fetched(struct fetch_res *, void *);
static void process_items(struct run *, struct job *);
static int seen_begin(struct run *, struct job *);
static void seen_failed(struct run *, struct job *);
static void new_items(struct run *, struct job *);
static int items_write(struct run *, struct job *, struct err *);
static int seen_end(struct run *, struct job *, struct err *);
static int extraction_ok(struct job *, size_t n, size_t previous);
static void read_maildir(struct run *, struct job *);
static void document_failed(struct run *, struct job *);

/*
 * A whole document's items, on whichever thread parsed it: judge the
 * extraction, load the seen index, keep the new items, match them, write
 * the source's items and seen index; then free them. Writes nothing
 * shared: a failure waits in the job for document_failed() on the run's
 * thread.
 */
static void
process_document(struct run *r, struct job *j, size_t previous)
{
	struct err err = ERR_INIT;

	if (extraction_ok(j, j->items.n, previous) && seen_begin(r, j) == 0) {
		new_items(r, j);
		/* both; the first failure is kept */
		if (items_write(r, j, &err) < 0)
			j->write_err = err;
		if (seen_end(r, j, &err) < 0 && j->write_err.code == 0)
			j->write_err = err;
	}
	itemset_release(&j->items);
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

int
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

	if (j->src->kind == KIND_PAGE)
		return;
	j->items = pj->items;	/* moved */
	memset(&pj->items, 0, sizeof(pj->items));
	j->outcome = JOB_OK;
	snprintf(j->klass, sizeof(j->klass), "ok");
	process_document(j->r, j, j->ss.items);
}

/* what process_document() left for the run's thread: its failures */
static void
document_failed(struct run *r, struct job *j)
{
	if (j->state_failed)
		seen_failed(r, j);
	else if (j->write_err.code != 0)
		io_fail(r, &j->write_err);
}

/*
 * A document's parse task is done (on a worker, or here with no workers):
 * on the run's thread, its outcome is taken in; a page, which work_items()
 * left alone, is diffed, matched and recorded here.
 */
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
	} else if (j->src->kind != KIND_PAGE) {
		document_failed(j->r, j);	/* work_items() did the rest */
	} else {
		j->items = pj->items;	/* moved */
		memset(&pj->items, 0, sizeof(pj->items));
		parsed(j);
	}
	parsejob_free(pj);
}

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

int
fetch_all(struct run *r)
{
	struct fetch_opts fo;
	struct fetcher *f = NULL;
	struct err err = ERR_INIT, perr = ERR_INIT;
	size_t queued = 0;
	char *auth = NULL;
	int no_auth = 0;

	fetchcfg_opts(&fo, r->cfg);
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

void
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

int
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

void
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

void
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
	process_document(r, j, previous);
	document_failed(r, j);
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
