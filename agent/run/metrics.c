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

/* a gauge of the run that counts something, with its value */
static void
count(struct buf *b, const char *name, const char *help, size_t v)
{
	gauge(b, name, help);
	buf_addf(b, "%s %zu\n", name, v);
}

/* the per-source gauges, in the order they are written */
enum { G_UP, G_FAILURES, G_ITEMS, G_DROPPED, G_LAST_OK, G_N };

static const struct {
	const char	*name, *help;
} source_gauges[G_N] = {
	[G_UP] = { "sigwatch_source_up",
	    "1 when the source's last fetch succeeded" },
	[G_FAILURES] = { "sigwatch_source_consecutive_failures",
	    "failed fetches in a row" },
	[G_ITEMS] = { "sigwatch_source_items",
	    "items in the last good fetch" },
	[G_DROPPED] = { "sigwatch_source_items_dropped", "items past the "
	    "per-source limit at the last good fetch (truncated)" },
	[G_LAST_OK] = { "sigwatch_source_last_success_timestamp_seconds",
	    "unix time of the last successful fetch" },
};

/* gauge g of source s in *v; 0 when s has no value to report */
static int
source_value(const struct metrics_source *s, int g, long long *v)
{
	switch (g) {
	case G_UP:
		*v = s->up;
		return 1;
	case G_FAILURES:
		*v = s->failures;
		return 1;
	case G_ITEMS:
		*v = (long long)s->items;
		return 1;
	case G_DROPPED:
		*v = (long long)s->dropped;
		return 1;
	default:
		*v = s->last_ok;
		return s->last_ok != TIME_NONE;
	}
}

static void
per_source(struct buf *b, const struct metrics_source *s, size_t n)
{
	for (int g = 0; g < G_N; g++) {
		gauge(b, source_gauges[g].name, source_gauges[g].help);
		for (size_t i = 0; i < n; i++) {
			long long v;

			if (source_value(&s[i], g, &v))
				buf_addf(b, "%s{source=\"%s\"} %lld\n",
				    source_gauges[g].name, s[i].id, v);
		}
	}
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
	count(&b, "sigwatch_run_new_items", "new items in the last run",
	    m->new_items);
	count(&b, "sigwatch_run_hits", "hits recorded in the last run",
	    m->hits);
	count(&b, "sigwatch_run_alerts_queued", "alerts queued in the last "
	    "run", m->alerts_queued);
	count(&b, "sigwatch_run_alerts_sent", "alerts delivered in the last "
	    "run", m->alerts_sent);
	count(&b, "sigwatch_outbox_pending", "alerts waiting for delivery",
	    m->outbox_pending);
	count(&b, "sigwatch_outbox_dead", "alerts that failed permanently",
	    m->outbox_dead);
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
