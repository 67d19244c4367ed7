#include "metrics.h"

#include "buf.h"
#include "err.h"
#include "fsutil.h"
#include "log.h"
#include "util.h"

static void
gauge(struct buf *b, const char *name, const char *help)
{
	buf_addf(b, "# HELP %s %s\n# TYPE %s gauge\n", name, help, name);
}

static void
per_source(struct buf *b, const struct metrics_source *s, size_t n)
{
	gauge(b, "sigwatch_source_up", "1 when the source's last fetch "
	    "succeeded");
	for (size_t i = 0; i < n; i++)
		buf_addf(b, "sigwatch_source_up{source=\"%s\"} %d\n", s[i].id,
		    s[i].up);
	gauge(b, "sigwatch_source_consecutive_failures",
	    "failed fetches in a row");
	for (size_t i = 0; i < n; i++)
		buf_addf(b, "sigwatch_source_consecutive_failures{source="
		    "\"%s\"} %u\n", s[i].id, s[i].failures);
	gauge(b, "sigwatch_source_items", "items in the last good fetch");
	for (size_t i = 0; i < n; i++)
		buf_addf(b, "sigwatch_source_items{source=\"%s\"} %zu\n",
		    s[i].id, s[i].items);
	gauge(b, "sigwatch_source_items_dropped", "items past the "
	    "per-source limit at the last good fetch (truncated)");
	for (size_t i = 0; i < n; i++)
		buf_addf(b, "sigwatch_source_items_dropped{source=\"%s\"} "
		    "%zu\n", s[i].id, s[i].dropped);
	gauge(b, "sigwatch_source_last_success_timestamp_seconds",
	    "unix time of the last successful fetch");
	for (size_t i = 0; i < n; i++)
		if (s[i].last_ok != TIME_NONE)
			buf_addf(b, "sigwatch_source_last_success_timestamp_"
			    "seconds{source=\"%s\"} %lld\n", s[i].id,
			    (long long)s[i].last_ok);
}

int
metrics_write(const char *path, const struct metrics_source *s, size_t n,
    const struct metrics_run *m)
{
	struct buf b = BUF_INIT;
	struct err err = ERR_INIT;

	if (path == NULL || *path == '\0')
		return 0;
	per_source(&b, s, n);
	gauge(&b, "sigwatch_run_new_items", "new items in the last run");
	buf_addf(&b, "sigwatch_run_new_items %zu\n", m->new_items);
	gauge(&b, "sigwatch_run_hits", "hits recorded in the last run");
	buf_addf(&b, "sigwatch_run_hits %zu\n", m->hits);
	gauge(&b, "sigwatch_run_alerts_queued", "alerts queued in the last "
	    "run");
	buf_addf(&b, "sigwatch_run_alerts_queued %zu\n", m->alerts_queued);
	gauge(&b, "sigwatch_run_alerts_sent", "alerts delivered in the last "
	    "run");
	buf_addf(&b, "sigwatch_run_alerts_sent %zu\n", m->alerts_sent);
	gauge(&b, "sigwatch_outbox_pending", "alerts waiting for delivery");
	buf_addf(&b, "sigwatch_outbox_pending %zu\n", m->outbox_pending);
	gauge(&b, "sigwatch_outbox_dead", "alerts that failed permanently");
	buf_addf(&b, "sigwatch_outbox_dead %zu\n", m->outbox_dead);
	gauge(&b, "sigwatch_run_duration_seconds", "wall time of the last "
	    "run");
	buf_addf(&b, "sigwatch_run_duration_seconds %.3f\n", m->duration);
	gauge(&b, "sigwatch_run_exit_code", "exit status of the last run");
	buf_addf(&b, "sigwatch_run_exit_code %d\n", m->exit_code);
	gauge(&b, "sigwatch_run_timestamp_seconds", "unix time of the last "
	    "run");
	buf_addf(&b, "sigwatch_run_timestamp_seconds %lld\n",
	    (long long)m->now);
	/* 0644: not secret, the collector reads it */
	if (fs_write_regular(path, b.data, b.len, 0644, &err) < 0)
		log_errorx("metrics: %s", err.msg);
	buf_release(&b);
	return err.code < 0 ? -1 : 0;
}

int
metrics_target_ok(const char *path)
{
	struct err err = ERR_INIT;

	if (path == NULL || *path == '\0' ||
	    fs_regular_target(path, &err) == 0)
		return 1;
	log_errorx("metrics: %s; nothing fetched", err.msg);
	return 0;
}
