#include "deliver.h"

#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "beneath.h"
#include "buf.h"
#include "fetch.h"
#include "fetchcfg.h"
#include "fsutil.h"
#include "json_util.h"
#include "log.h"
#include "notify.h"
#include "redact.h"
#include "stop.h"
#include "util.h"
#include "xmalloc.h"

/* retry backoff for 5xx/network errors: 1, 2, 4 ... minutes, capped */
#define RETRY_MAX (3600)
/* the longest Retry-After a receiver can set (fetch.c clamps to a day) */
#define RETRY_AFTER_MAX (24 * 3600)
/* Slack accepts about one message per second per webhook */
#define SLACK_PACE_MS 1100

static json_t *
jstrv(const char *const *v)
{
	json_t *a = json_array();

	for (size_t i = 0; v && v[i]; i++)
		json_array_append_new(a, json_string(v[i]));
	return a;
}

static int
write_json(struct state *st, const char *rel, json_t *o, struct err *err)
{
	char *s = json_dumps(o, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	struct buf b = BUF_INIT;
	int rc;

	buf_addstr(&b, s);
	buf_addch(&b, '\n');
	free(s);
	rc = state_write(st, rel, b.data, b.len, err);
	buf_release(&b);
	return rc;
}

int
outbox_put(struct state *st, const char *id, const char *alert_json,
    const char *const *notifiers, int64_t now, struct err *err)
{
	return outbox_put_seq(st, id, alert_json, notifiers, now, 0, err);
}

int
outbox_put_seq(struct state *st, const char *id, const char *alert_json,
    const char *const *notifiers, int64_t now, size_t seq, struct err *err)
{
	json_error_t je;
	json_t *o, *alert;
	struct buf rel = BUF_INIT;
	char ts[32];
	int rc;

	alert = json_loads(alert_json, 0, &je);
	if (alert == NULL)
		BUG("alert is not JSON: %s", je.text);
	fmt_time(ts, now);
	o = json_object();
	json_object_set_new(o, "id", json_string(id));
	json_object_set_new(o, "created", json_string(ts));
	if (seq > 0)
		json_object_set_new(o, "seq", json_integer((json_int_t)seq));
	json_object_set_new(o, "pending", jstrv(notifiers));
	json_object_set_new(o, "alert", alert);
	buf_addf(&rel, "outbox/%s.json", id);
	rc = write_json(st, rel.data, o, err);
	json_decref(o);
	buf_release(&rel);
	return rc;
}

/* per-notifier state for one delivery pass */
struct nstate {
	const struct notifier	*nt;
	char			*url;	/* secret: never logged */
	char			*key;	/* webhook HMAC key, or NULL */
	size_t			 keylen;
	int			 stopped;	/* 429, or no URL */
	int			 url_failed;
	struct timespec		 last_post;
	const struct fetch_opts	*proxy;	/* the pass's proxy options */
};

static void
pace(struct nstate *ns)
{
	const char *e = getenv("SIGWATCH_SLACK_PACE_MS");
	long ms = e ? strtol(e, NULL, 10) : SLACK_PACE_MS;
	struct timespec now, wait;
	long elapsed;

	if (ns->nt->type != NOTIFY_SLACK || ms <= 0 ||
	    ns->last_post.tv_sec == 0)
		return;
	clock_gettime(CLOCK_MONOTONIC, &now);
	elapsed = (now.tv_sec - ns->last_post.tv_sec) * 1000 +
	    (now.tv_nsec - ns->last_post.tv_nsec) / 1000000;
	if (elapsed >= ms)
		return;
	wait.tv_sec = (ms - elapsed) / 1000;
	wait.tv_nsec = ((ms - elapsed) % 1000) * 1000000;
	nanosleep(&wait, NULL);
}

static int
ensure_url(struct nstate *ns)
{
	struct err err = ERR_INIT;

	if (ns->url || ns->url_failed)
		return ns->url ? 0 : -1;
	if (config_notifier_url(ns->nt, &ns->url, &err) < 0) {
		ns->url_failed = 1;
		log_errorx("notifier=%s: %s; its alerts stay in the outbox",
		    ns->nt->name, err.msg);
		return -1;
	}
	if (ns->nt->type == NOTIFY_WEBHOOK && (ns->nt->secret_env ||
	    ns->nt->secret_file)) {
		if (config_notifier_secret(ns->nt, &ns->key, &err) < 0) {
			ns->url_failed = 1;
			free(ns->url);
			ns->url = NULL;
			log_errorx("notifier=%s: %s; its alerts stay in the "
			    "outbox", ns->nt->name, err.msg);
			return -1;
		}
		ns->keylen = strlen(ns->key);
	}
	return 0;
}

/*
 * The verdict on a receiver's answer. Its body is redacted first: a
 * receiver that echoes its URL (a 404 page quoting the path) would put the
 * secret in the reason, and cutting the reason short first could leave a
 * piece of it that redaction no longer recognises.
 */
static enum deliver_verdict
classify(const struct fetch_res *res, char reason[128])
{
	struct buf body = BUF_INIT;
	enum deliver_verdict v;

	if (res->body != NULL)
		buf_add(&body, res->body, res->len);
	redact_buf(&body);
	v = notify_classify(res->http_status, res->body ? body.data : NULL,
	    reason);
	buf_release(&body);
	return v;
}

/*
 * Send one alert to one notifier. Returns the verdict; reason is filled
 * for failures.
 */
static enum deliver_verdict
send_one(struct nstate *ns, const char *alert, int64_t now,
    int64_t *retry_after, char reason[128])
{
	struct fetch_opts fo;
	struct fetch_res res;
	struct err err = ERR_INIT;
	char *body = NULL, *ts = NULL, *sig = NULL;
	const char *hdrs[3] = { NULL, NULL, NULL };
	enum deliver_verdict v;
	size_t len = strlen(alert);

	*retry_after = -1;
	if (ns->nt->type == NOTIFY_STDOUT) {
		char *line = notify_stdout_line(alert, len);

		printf("%s\n", line ? line : alert);
		fflush(stdout);
		free(line);
		return DELIVER_OK;
	}
	if (ensure_url(ns) < 0) {
		snprintf(reason, 128, "notifier URL unavailable");
		return DELIVER_RETRY;
	}
	if (ns->nt->type == NOTIFY_SLACK)
		body = notify_slack_payload(alert, len);
	else {
		body = notify_webhook_body(alert, len);
		if (body && ns->key) {
			notify_webhook_sign(&ts, &sig, ns->key, ns->keylen,
			    body, strlen(body), now);
			hdrs[0] = ts;
			hdrs[1] = sig;
		}
	}
	if (body == NULL) {
		snprintf(reason, 128, "alert cannot be rendered");
		return DELIVER_DEAD;
	}
	memset(&fo, 0, sizeof(fo));
	fo.proxy = ns->proxy->proxy;
	fo.proxy_auth = ns->proxy->proxy_auth;
	fo.no_proxy = ns->proxy->no_proxy;
	fo.proxy_loopback = ns->proxy->proxy_loopback;
	fo.user_agent = ns->proxy->user_agent;
	fo.timeout = (long)(ns->nt->timeout ? ns->nt->timeout :
	    DELIVER_TIMEOUT);
	fo.connect_timeout = fo.timeout < 10 ? fo.timeout : 10;
	pace(ns);
	crash_point("before-post");
	memset(&res, 0, sizeof(res));
	fetch_post(&res, &fo, ns->url, "application/json", body,
	    strlen(body), hdrs, &err);
	clock_gettime(CLOCK_MONOTONIC, &ns->last_post);
	crash_point("after-post");
	v = classify(&res, reason);
	if (res.proxy_failed)	/* names the proxy, never the URL */
		snprintf(reason, 128, "%.127s", res.error);
	if (v == DELIVER_PAYLOAD && ns->nt->type == NOTIFY_SLACK) {
		/* one retry as minimal text before giving up */
		char *minimal = notify_slack_minimal(alert, len);

		fetch_res_release(&res);
		memset(&res, 0, sizeof(res));
		if (minimal) {
			pace(ns);
			fetch_post(&res, &fo, ns->url, "application/json",
			    minimal, strlen(minimal), hdrs, &err);
			clock_gettime(CLOCK_MONOTONIC, &ns->last_post);
			v = classify(&res, reason);
			if (v == DELIVER_PAYLOAD)
				v = DELIVER_DEAD;
			free(minimal);
		} else
			v = DELIVER_DEAD;
	}
	if (res.retry_after >= 0)
		*retry_after = res.retry_after;
	fetch_res_release(&res);
	free(body);
	free(ts);
	free(sig);
	return v;
}

/* a JSON object from a file of the state, or NULL */
static json_t *
load_object(struct state *st, const char *rel)
{
	json_t *o = state_load_json(st, rel, 0);

	if (o != NULL && !json_is_object(o)) {
		json_decref(o);
		o = NULL;
	}
	return o;
}

static json_t *
run_outbox_load(struct state *st)
{
	json_t *o = load_object(st, ".run/outbox.json");

	return o ? o : json_object();
}

static void
run_outbox_save(struct state *st, json_t *o)
{
	char *s = json_dumps(o, JSON_INDENT(1) | JSON_SORT_KEYS);
	struct err err = ERR_INIT;

	if (state_write_run(st, "outbox.json", s, strlen(s), &err) < 0)
		log_warnx("state: %s", err.msg);
	free(s);
}

/*
 * An outbox entry read back from the state, where anyone who could write
 * a backup or the remote may have put it: its id and notifier names
 * become paths (outbox/ID.json, outbox/dead/ID.NAME.json), so the id
 * must be the file's own name and every name a plain name. NULL (after a
 * warning) for anything else, which is then left alone.
 */
static json_t *
entry_load(struct state *st, const char *file)
{
	struct buf rel = BUF_INIT;
	json_t *o, *nm;
	const char *id;
	size_t i, stem = strlen(file) - strlen(".json");
	int ok;

	buf_addf(&rel, "outbox/%s", file);
	o = load_object(st, rel.data);
	buf_release(&rel);
	id = json_str(o, "id");
	ok = id != NULL && json_is_object(json_object_get(o, "alert")) &&
	    json_is_array(json_object_get(o, "pending")) &&
	    beneath_name_valid(id) && strlen(id) == stem &&
	    strncmp(id, file, stem) == 0;
	json_array_foreach(ok ? json_object_get(o, "pending") : NULL, i, nm)
		if (!beneath_name_valid(json_string_value(nm)))
			ok = 0;
	if (!ok) {
		log_warnx("outbox: %s is not a valid outbox entry (its id must "
		    "be its file name, its notifiers plain names); left alone",
		    file);
		json_decref(o);
		return NULL;
	}
	return o;
}

/*
 * The delivered journal, .run/delivered: one line "ID NOTIFIER CREATED"
 * appended and fdatasync'd as soon as a receiver answers 2xx. It is not
 * in the repository, so the repair at the next start (which puts the
 * outbox back as it was committed) leaves it alone, and that run honours
 * it before sending: a kill after a 2xx re-sends nothing that was
 * recorded. Emptied once a delivery commit has recorded the removals.
 */
#define JOURNAL ".run/delivered"

static char *
journal_key(const char *id, const char *notifier, const char *created)
{
	struct buf b = BUF_INIT;

	buf_addf(&b, "%s %s %s", id, notifier, created ? created : "-");
	return buf_detach(&b, NULL);
}

/* the journal's lines as a NULL-terminated vector (never NULL) */
static char **
journal_load(struct state *st)
{
	char *p = state_file(st, JOURNAL), *data = NULL, *line, *nl;
	struct err err = ERR_INIT;
	char **v = NULL;
	size_t len = 0, n = 0;

	if (read_file(&data, &len, p, 16 * 1024 * 1024, &err) == 0)
		for (line = data; line < data + len; line = nl + 1) {
			nl = memchr(line, '\n', (size_t)(data + len - line));
			if (nl == NULL)
				break;	/* a torn last line: never recorded */
			*nl = '\0';
			if (*line == '\0')
				continue;
			v = xreallocarray(v, n + 2, sizeof(*v));
			v[n++] = xstrdup(line);
			v[n] = NULL;
		}
	free(data);
	free(p);
	if (v == NULL)
		v = xcalloc(1, sizeof(*v));
	return v;
}

static int
journal_has(char *const *v, const char *key)
{
	for (size_t i = 0; v[i]; i++)
		if (strcmp(v[i], key) == 0)
			return 1;
	return 0;
}

static void
journal_add(struct state *st, const char *key)
{
	char *p = state_file(st, JOURNAL);
	struct buf line = BUF_INIT;
	ssize_t w;
	int fd;

	buf_addf(&line, "%s\n", key);
	fd = open(p, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC | O_NOFOLLOW,
	    0600);
	if (fd == -1) {
		log_warn("state: cannot record a delivery in %s", p);
		goto out;
	}
	/* one write of a short line under O_APPEND: whole or torn at the
	 * end, and a torn line is ignored */
	w = write(fd, line.data, line.len);
	if (w != (ssize_t)line.len || fdatasync(fd) == -1)
		log_warn("state: cannot record a delivery in %s", p);
	close(fd);
out:
	buf_release(&line);
	free(p);
}

void
outbox_journal_clear(struct state *st)
{
	char *p = state_file(st, JOURNAL);

	if (unlink(p) == -1 && errno != ENOENT)
		log_warn("state: cannot remove %s", p);
	free(p);
}

static int
dead_letter(struct state *st, const char *id, const char *notifier,
    json_t *alert, const char *reason, int64_t now, struct err *err)
{
	json_t *o = json_object();
	struct buf rel = BUF_INIT;
	char ts[32];
	int rc;

	fmt_time(ts, now);
	json_object_set_new(o, "id", json_string(id));
	json_object_set_new(o, "notifier", json_string(notifier));
	json_object_set_new(o, "reason", json_string(reason));
	json_object_set_new(o, "failed_at", json_string(ts));
	json_object_set_new(o, "alert", json_incref(alert));
	buf_addf(&rel, "outbox/dead/%s.%s.json", id, notifier);
	rc = write_json(st, rel.data, o, err);
	json_decref(o);
	buf_release(&rel);
	return rc;
}

static int
by_created(const void *a, const void *b)
{
	json_t *x = *(json_t *const *)a, *y = *(json_t *const *)b;
	const char *cx = json_str(x, "created");
	const char *cy = json_str(y, "created");
	int c = strcmp(cx ? cx : "", cy ? cy : "");
	json_int_t sx = json_int(x, "seq");
	json_int_t sy = json_int(y, "seq");

	if (c)
		return c;
	if (sx != sy)	/* the run's order: activations first... */
		return sx < sy ? -1 : 1;
	return strcmp(json_str(x, "id"),
	    json_str(y, "id"));
}

/* one delivery pass */
struct dpass {
	struct state		*st;
	const struct config	*cfg;
	struct nstate		*ns;
	json_t			*runinfo;
	char			**journal;
	int64_t			 now;
	int			 force;
	struct deliver_stats	*ds;
	struct err		*err;
	int			 rc;
	struct fetch_opts	 proxy;	/* proxy options only */
	char			*proxy_auth;	/* secret */
};

/* one alert of the pass */
struct dentry {
	const char	*id;
	const char	*created;
	int64_t		 age;		/* seconds since it was queued */
	json_t		*alert;
	const char	*text;		/* the alert, compact */
	json_t		*ri;		/* its .run/outbox.json entry */
	json_t		*keep;		/* notifiers still pending */
};

static struct nstate *
nstate_of(struct dpass *p, const char *name)
{
	for (size_t k = 0; name && k < p->cfg->alerts.nnotifiers; k++)
		if (strcmp(p->ns[k].nt->name, name) == 0)
			return &p->ns[k];
	return NULL;
}

static void
dead(struct dpass *p, struct dentry *e, const char *name, const char *reason)
{
	if (dead_letter(p->st, e->id, name, e->alert, reason, p->now,
	    p->err) < 0)
		p->rc = -1;
	json_object_del(e->ri, name);
	p->ds->dead++;
}

/*
 * A receiver that never answers in time (or keeps failing) is not sent
 * the same alert for ever: past max_attempts failed attempts or max_age
 * since it was queued, the alert is dead-lettered. A timed-out POST may
 * well have arrived, hence the warning in the log.
 */
static void
give_up(struct dpass *p, struct dentry *e, struct nstate *s,
    const char *name, int64_t attempts, const char *last)
{
	char reason[256];

	snprintf(reason, sizeof(reason), "gave up after %lld attempt%s in "
	    "%lld s (last: %s); the receiver may have received it",
	    (long long)attempts, attempts == 1 ? "" : "s",
	    (long long)e->age, last && *last ? last : "error");
	log_errorx("alert=%s notifier=%s %s; moved to outbox/dead/ (limits: "
	    "max_attempts %u, max_age %llds)", e->id, name, reason,
	    s->nt->max_attempts ? s->nt->max_attempts : DELIVER_MAX_ATTEMPTS,
	    (long long)(s->nt->max_age ? s->nt->max_age : DELIVER_MAX_AGE));
	dead(p, e, name, reason);
}

/* the verdict of one send: update the bookkeeping, keep or drop it */
static void
verdict(struct dpass *p, struct dentry *e, struct nstate *s, json_t *nm,
    json_t *nri, enum deliver_verdict v, int64_t attempts,
    int64_t retry_after, const char *reason)
{
	const char *name = json_string_value(nm);
	unsigned max_attempts = s->nt->max_attempts ? s->nt->max_attempts :
	    DELIVER_MAX_ATTEMPTS;
	int64_t max_age = s->nt->max_age ? s->nt->max_age : DELIVER_MAX_AGE;
	int64_t next;

	switch (v) {
	case DELIVER_OK:
		p->ds->sent++;
		log_info("alert=%s notifier=%s delivered", e->id, name);
		json_object_del(e->ri, name);
		break;
	case DELIVER_RATELIMIT:
		s->stopped = 1;
		next = p->now + (retry_after >= 0 ? retry_after : 60);
		json_object_set_new(nri, "next_attempt", json_integer(next));
		json_array_append(e->keep, nm);
		p->ds->pending++;
		log_warnx("alert=%s notifier=%s rate limited (%s); retry after "
		    "%llds", e->id, name, reason, (long long)(next - p->now));
		break;
	case DELIVER_RETRY:
		p->ds->failed++;
		/* no URL: nothing was sent; the operator fixes it, the alert
		 * waits */
		if (!s->url_failed && (attempts >= max_attempts ||
		    e->age >= max_age)) {
			give_up(p, e, s, name, attempts, reason);
			break;
		}
		next = backoff_seconds(attempts > 1 ? (unsigned)(attempts - 1) : 0,
		    RETRY_MAX);
		if (retry_after > next)
			next = retry_after;
		json_object_set_new(nri, "next_attempt",
		    json_integer(p->now + next));
		json_array_append(e->keep, nm);
		p->ds->pending++;
		log_warnx("alert=%s notifier=%s not delivered (%s); retry in "
		    "%llds", e->id, name, reason[0] ? reason : s->url_failed ?
		    "no URL" : "error", (long long)next);
		if (s->url_failed)
			s->stopped = 1;
		break;
	case DELIVER_CONFIG:
		p->ds->config_error = 1;
		/* FALLTHROUGH */
	case DELIVER_PAYLOAD:
	case DELIVER_DEAD:
		log_errorx("alert=%s notifier=%s failed permanently (%s); "
		    "moved to outbox/dead/, see 'sigwatch status'", e->id,
		    name, reason);
		dead(p, e, name, reason);
		break;
	}
}

/* deliver e to the pending notifier nm */
static void
deliver_to(struct dpass *p, struct dentry *e, json_t *nm)
{
	const char *name = json_string_value(nm);
	struct nstate *s = nstate_of(p, name);
	json_t *nri;
	int64_t next, attempts, retry_after, max_age;
	enum deliver_verdict v;
	char reason[128] = "", *key;

	if (s == NULL) {
		log_errorx("outbox: alert %s: notifier %s is no longer "
		    "configured; dead-lettered", e->id, name ? name : "?");
		dead(p, e, name ? name : "?", "notifier no longer configured");
		return;
	}
	key = journal_key(e->id, name, e->created);
	if (journal_has(p->journal, key)) {
		/* a 2xx recorded by a run stopped before its delivery
		 * commit: never send it again */
		log_info("alert=%s notifier=%s already delivered (recorded "
		    "before an interruption); not sent again", e->id, name);
		p->ds->resumed++;
		json_object_del(e->ri, name);
		free(key);
		return;
	}
	nri = json_object_get(e->ri, name);
	if (nri == NULL) {
		nri = json_object();
		json_object_set_new(e->ri, name, nri);
	}
	next = json_int(nri, "next_attempt");
	attempts = json_int(nri, "attempts");
	max_age = s->nt->max_age ? s->nt->max_age : DELIVER_MAX_AGE;
	if (next > p->now + RETRY_MAX + RETRY_AFTER_MAX) {
		/* set while the clock was ahead: no backoff is that long */
		log_warnx("alert=%s notifier=%s next attempt is further away "
		    "than any backoff (was the clock ahead?); treated as "
		    "stale, trying now", e->id, name);
		next = 0;
	}
	if (s->stopped || s->url_failed || (next > p->now && !p->force) ||
	    stop_requested()) {
		json_array_append(e->keep, nm);
		p->ds->pending++;
		p->ds->stopped += stop_requested() != 0;
		free(key);
		return;
	}
	if (attempts > 0 && e->age >= max_age) {
		/* tried before and too old now: no further copy */
		give_up(p, e, s, name, attempts, json_string_value(
		    json_object_get(nri, "last_error")));
		free(key);
		return;
	}
	v = send_one(s, e->text, p->now, &retry_after, reason);
	if (v == DELIVER_OK)
		journal_add(p->st, key);
	free(key);
	attempts++;
	json_object_set_new(nri, "attempts", json_integer(attempts));
	json_object_set_new(nri, "last_error", json_string(reason));
	verdict(p, e, s, nm, nri, v, attempts, retry_after, reason);
}

/* deliver one outbox entry to its pending notifiers; rewrite or remove it */
static void
deliver_entry(struct dpass *p, json_t *o)
{
	struct dentry e;
	json_t *pending, *nm;
	struct buf rel = BUF_INIT;
	char *text;
	int64_t created;
	size_t i;

	memset(&e, 0, sizeof(e));
	e.id = json_str(o, "id");
	e.created = json_str(o, "created");
	/* a clock that was ahead when it was queued makes it younger, not
	 * negative */
	if (e.created && parse_time(e.created, &created) == 0 &&
	    p->now > created)
		e.age = p->now - created;
	e.alert = json_object_get(o, "alert");
	text = json_dumps(e.alert, JSON_COMPACT | JSON_PRESERVE_ORDER);
	e.text = text;
	pending = json_object_get(o, "pending");
	e.keep = json_array();
	e.ri = json_object_get(p->runinfo, e.id);
	if (e.ri == NULL) {
		e.ri = json_object();
		json_object_set_new(p->runinfo, e.id, e.ri);
	}
	json_array_foreach(pending, i, nm)
		deliver_to(p, &e, nm);
	buf_addf(&rel, "outbox/%s.json", e.id);
	if (json_array_size(e.keep) == 0) {
		if (state_remove(p->st, rel.data, p->err) < 0)
			p->rc = -1;
		json_object_del(p->runinfo, e.id);
	} else if (json_array_size(e.keep) != json_array_size(pending)) {
		json_object_set(o, "pending", e.keep);
		if (write_json(p->st, rel.data, o, p->err) < 0)
			p->rc = -1;
	}
	buf_release(&rel);
	json_decref(e.keep);
	free(text);
}

/* the outbox entries, oldest first; *n set */
static json_t **
load_entries(struct state *st, size_t *n)
{
	char **names = NULL;
	size_t nn = 0, ne = 0;
	json_t **entries;

	state_list(st, "outbox", ".json", &names, &nn);
	entries = xcalloc(nn + 1, sizeof(*entries));
	for (size_t i = 0; i < nn; i++) {
		json_t *o = entry_load(st, names[i]);

		if (o != NULL)
			entries[ne++] = o;
	}
	strv_free(names);
	qsort(entries, ne, sizeof(*entries), by_created);
	*n = ne;
	return entries;
}

int
outbox_deliver(struct state *st, const struct config *cfg, int64_t now,
    int force, struct deliver_stats *ds, struct err *err)
{
	struct dpass p;
	struct err perr = ERR_INIT;
	json_t **entries;
	size_t ne = 0;
	int no_proxy_auth = 0;

	memset(ds, 0, sizeof(*ds));
	entries = load_entries(st, &ne);
	if (ne == 0) {
		free(entries);
		return 0;
	}
	memset(&p, 0, sizeof(p));
	p.st = st;
	p.cfg = cfg;
	p.now = now;
	p.force = force;
	p.ds = ds;
	p.err = err;
	p.ns = xcalloc(cfg->alerts.nnotifiers + 1, sizeof(*p.ns));
	/* webhooks go through fetch.proxy too; without its credentials
	 * nothing is sent and the alerts stay in the outbox */
	if (fetchcfg_proxy(&p.proxy, cfg, &p.proxy_auth, &perr) < 0)
		no_proxy_auth = 1;
	/* the configured User-Agent, as on every source request */
	p.proxy.user_agent = cfg->fetch.user_agent;
	for (size_t i = 0; i < cfg->alerts.nnotifiers; i++) {
		p.ns[i].nt = &cfg->alerts.notifiers[i];
		p.ns[i].proxy = &p.proxy;
		if (no_proxy_auth && p.ns[i].nt->type != NOTIFY_STDOUT) {
			log_errorx("notifier=%s: %s; its alerts stay in the "
			    "outbox", p.ns[i].nt->name, perr.msg);
			p.ns[i].url_failed = 1;
		}
	}
	p.runinfo = run_outbox_load(st);
	p.journal = journal_load(st);
	for (size_t e = 0; e < ne && p.rc == 0; e++)
		deliver_entry(&p, entries[e]);
	if (ds->stopped)
		log_warnx("stop requested (signal %d): %zu deliver%s left for "
		    "the next run", stop_requested(), ds->stopped,
		    ds->stopped == 1 ? "y" : "ies");
	run_outbox_save(st, p.runinfo);
	json_decref(p.runinfo);
	strv_free(p.journal);
	for (size_t i = 0; i < cfg->alerts.nnotifiers; i++) {
		free(p.ns[i].url);
		free(p.ns[i].key);
	}
	free(p.ns);
	fetchcfg_auth_free(p.proxy_auth);
	for (size_t e = 0; e < ne; e++)
		json_decref(entries[e]);
	free(entries);
	return p.rc;
}

void
outbox_counts(struct state *st, size_t *pending, size_t *dead)
{
	char **names = NULL;

	state_list(st, "outbox", ".json", &names, pending);
	strv_free(names);
	names = NULL;
	state_list(st, "outbox/dead", ".json", &names, dead);
	strv_free(names);
}
