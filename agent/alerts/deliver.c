#include "deliver.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "buf.h"
#include "fetch.h"
#include "fsutil.h"
#include "log.h"
#include "notify.h"
#include "util.h"
#include "xmalloc.h"

/* retry backoff for 5xx/network errors: 1, 2, 4 ... minutes, capped */
#define RETRY_MAX (3600)
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
	fo.timeout = 30;
	fo.connect_timeout = 10;
	pace(ns);
	crash_point("before-post");
	memset(&res, 0, sizeof(res));
	fetch_post(&res, &fo, ns->url, "application/json", body,
	    strlen(body), hdrs, &err);
	clock_gettime(CLOCK_MONOTONIC, &ns->last_post);
	crash_point("after-post");
	v = notify_classify(res.http_status, res.body, reason);
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
			v = notify_classify(res.http_status, res.body, reason);
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

static json_t *
run_outbox_load(struct state *st)
{
	char *p = state_file(st, ".run/outbox.json");
	json_error_t je;
	json_t *o = json_load_file(p, 0, &je);

	free(p);
	return o ? o : json_object();
}

static void
run_outbox_save(struct state *st, json_t *o)
{
	char *p = state_file(st, ".run/outbox.json");
	char *s = json_dumps(o, JSON_INDENT(1) | JSON_SORT_KEYS);
	struct err err = ERR_INIT;

	if (fs_write_replace(p, s, strlen(s), &err) < 0)
		log_warnx("state: %s", err.msg);
	free(p);
	free(s);
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
	const char *cx = json_string_value(json_object_get(x, "created"));
	const char *cy = json_string_value(json_object_get(y, "created"));
	int c = strcmp(cx ? cx : "", cy ? cy : "");
	json_int_t sx = json_integer_value(json_object_get(x, "seq"));
	json_int_t sy = json_integer_value(json_object_get(y, "seq"));

	if (c)
		return c;
	if (sx != sy)	/* the run's order: activations first... */
		return sx < sy ? -1 : 1;
	return strcmp(json_string_value(json_object_get(x, "id")),
	    json_string_value(json_object_get(y, "id")));
}

int
outbox_deliver(struct state *st, const struct config *cfg, int64_t now,
    int force, struct deliver_stats *ds, struct err *err)
{
	struct nstate *ns;
	char **names = NULL;
	size_t n = 0, ne = 0;
	json_t **entries, *runinfo;
	int rc = 0;

	memset(ds, 0, sizeof(*ds));
	state_list(st, "outbox", ".json", &names, &n);
	if (n == 0)
		return 0;
	entries = xcalloc(n, sizeof(*entries));
	for (size_t i = 0; i < n; i++) {
		char *p = state_file(st, "outbox/%s", names[i]);
		json_error_t je;
		json_t *o = json_load_file(p, 0, &je);

		free(p);
		if (o == NULL || !json_is_string(json_object_get(o, "id")) ||
		    !json_is_object(json_object_get(o, "alert"))) {
			log_warnx("outbox: %s is not an outbox entry; left "
			    "alone", names[i]);
			json_decref(o);
			continue;
		}
		entries[ne++] = o;
	}
	strv_free(names);
	qsort(entries, ne, sizeof(*entries), by_created);
	ns = xcalloc(cfg->alerts.nnotifiers + 1, sizeof(*ns));
	for (size_t i = 0; i < cfg->alerts.nnotifiers; i++)
		ns[i].nt = &cfg->alerts.notifiers[i];
	runinfo = run_outbox_load(st);
	for (size_t e = 0; e < ne && rc == 0; e++) {
		json_t *o = entries[e], *pending, *keep, *alert, *ri;
		const char *id = json_string_value(json_object_get(o, "id"));
		char *alert_text;
		size_t i;
		json_t *nm;
		struct buf rel = BUF_INIT;

		alert = json_object_get(o, "alert");
		alert_text = json_dumps(alert, JSON_COMPACT |
		    JSON_PRESERVE_ORDER);
		pending = json_object_get(o, "pending");
		keep = json_array();
		ri = json_object_get(runinfo, id);
		if (ri == NULL) {
			ri = json_object();
			json_object_set_new(runinfo, id, ri);
		}
		json_array_foreach(pending, i, nm) {
			const char *name = json_string_value(nm);
			struct nstate *s = NULL;
			json_t *nri;
			int64_t next, attempts, retry_after;
			enum deliver_verdict v;
			char reason[128] = "";

			for (size_t k = 0; name && k < cfg->alerts.nnotifiers;
			    k++)
				if (strcmp(ns[k].nt->name, name) == 0)
					s = &ns[k];
			if (s == NULL) {
				log_errorx("outbox: alert %s: notifier %s is "
				    "no longer configured; dead-lettered", id,
				    name ? name : "?");
				if (dead_letter(st, id, name ? name : "?",
				    alert, "notifier no longer configured",
				    now, err) < 0)
					rc = -1;
				ds->dead++;
				continue;
			}
			nri = json_object_get(ri, name);
			if (nri == NULL) {
				nri = json_object();
				json_object_set_new(ri, name, nri);
			}
			next = json_integer_value(json_object_get(nri,
			    "next_attempt"));
			attempts = json_integer_value(json_object_get(nri,
			    "attempts"));
			if (s->stopped || s->url_failed || (next > now && !force)) {
				json_array_append(keep, nm);
				ds->pending++;
				continue;
			}
			v = send_one(s, alert_text, now, &retry_after, reason);
			attempts++;
			json_object_set_new(nri, "attempts",
			    json_integer(attempts));
			json_object_set_new(nri, "last_error",
			    json_string(reason));
			switch (v) {
			case DELIVER_OK:
				ds->sent++;
				log_info("alert=%s notifier=%s delivered", id,
				    name);
				json_object_del(ri, name);
				break;
			case DELIVER_RATELIMIT:
				s->stopped = 1;
				next = now + (retry_after >= 0 ? retry_after :
				    60);
				json_object_set_new(nri, "next_attempt",
				    json_integer(next));
				json_array_append(keep, nm);
				ds->pending++;
				log_warnx("alert=%s notifier=%s rate limited "
				    "(%s); retry after %llds", id, name, reason,
				    (long long)(next - now));
				break;
			case DELIVER_RETRY:
				next = (int64_t)60 << (attempts < 7 ?
				    attempts - 1 : 6);
				if (next > RETRY_MAX)
					next = RETRY_MAX;
				if (retry_after > next)
					next = retry_after;
				json_object_set_new(nri, "next_attempt",
				    json_integer(now + next));
				json_array_append(keep, nm);
				ds->pending++;
				ds->failed++;
				log_warnx("alert=%s notifier=%s not delivered "
				    "(%s); retry in %llds", id, name,
				    reason[0] ? reason : s->url_failed ?
				    "no URL" : "error", (long long)next);
				if (s->url_failed)
					s->stopped = 1;
				break;
			case DELIVER_CONFIG:
				ds->config_error = 1;
				/* FALLTHROUGH */
			case DELIVER_PAYLOAD:
			case DELIVER_DEAD:
				log_errorx("alert=%s notifier=%s failed "
				    "permanently (%s); moved to outbox/dead/, "
				    "see 'sigwatch status'", id, name, reason);
				if (dead_letter(st, id, name, alert, reason,
				    now, err) < 0)
					rc = -1;
				json_object_del(ri, name);
				ds->dead++;
				break;
			}
		}
		buf_addf(&rel, "outbox/%s.json", id);
		if (json_array_size(keep) == 0) {
			if (state_remove(st, rel.data, err) < 0)
				rc = -1;
			json_object_del(runinfo, id);
		} else if (json_array_size(keep) != json_array_size(pending)) {
			json_object_set(o, "pending", keep);
			if (write_json(st, rel.data, o, err) < 0)
				rc = -1;
		}
		buf_release(&rel);
		json_decref(keep);
		free(alert_text);
	}
	run_outbox_save(st, runinfo);
	json_decref(runinfo);
	for (size_t i = 0; i < cfg->alerts.nnotifiers; i++) {
		free(ns[i].url);
		free(ns[i].key);
	}
	free(ns);
	for (size_t e = 0; e < ne; e++)
		json_decref(entries[e]);
	free(entries);
	return rc;
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
