#ifndef SIGWATCH_METRICS_H
#define SIGWATCH_METRICS_H

#include <stddef.h>
#include <stdint.h>

/*
 * Prometheus textfile-collector metrics of a run (`run --metrics-file`,
 * `metrics_file:`): one gauge per source and per run, written atomically
 * so the collector never reads half a file. Volatile by nature: never
 * committed.
 */
struct metrics_source {
	const char	*id;
	int		 up;		/* the last fetch succeeded */
	unsigned	 failures;	/* in a row */
	size_t		 items;		/* in the last good fetch */
	size_t		 dropped;	/* past the per-source limit then */
	int64_t		 last_ok;	/* unix time, or TIME_NONE */
};

struct metrics_run {
	size_t		 new_items, hits;
	size_t		 alerts_queued, alerts_sent;
	size_t		 outbox_pending, outbox_dead;
	double		 duration;	/* seconds, wall */
	int		 exit_code;
	int64_t		 now;		/* the run's clock */
};

/*
 * Write the metrics to path: only a regular file in an existing directory
 * (the path comes from the command line or the config; run as root,
 * renaming over /dev/full or a planted link would be harm). Returns -1
 * when it was not written (logged).
 */
int	metrics_write(const char *path, const struct metrics_source *,
	    size_t nsources, const struct metrics_run *);
/* checked before anything is fetched: 1 when path may be written (or is
 * empty), else 0 (logged: the run exits 73 at once) */
int	metrics_target_ok(const char *path);

#endif
