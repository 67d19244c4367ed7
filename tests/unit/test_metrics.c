#define _XOPEN_SOURCE 700

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "metrics.h"
#include "t.h"
#include "t_helpers.h"
#include "util.h"

static void
test_metrics__gauges(void)
{
	struct metrics_source s[2] = {
		{ "blog", 1, 0, 30, 0, 1700000000 },
		{ "jobs", 0, 3, 12, 5, TIME_NONE },
	};
	struct metrics_run m = { 4, 2, 1, 1, 0, 1, 1.25, 0, 1700000100 };
	char *text;

	t_mkdtemp("metrics");
	T_EQ_INT(metrics_target_ok(t_path("m.prom")), 1);
	T_EQ_INT(metrics_write(t_path("m.prom"), s, 2, &m), 0);
	text = t_read_file(t_path("m.prom"), NULL);
	T_ASSERT(text != NULL);
	T_CONTAINS(text, "# TYPE sigwatch_source_up gauge\n");
	T_CONTAINS(text, "sigwatch_source_up{source=\"blog\"} 1\n");
	T_CONTAINS(text, "sigwatch_source_up{source=\"jobs\"} 0\n");
	T_CONTAINS(text, "sigwatch_source_consecutive_failures{source=\"jobs\"} 3\n");
	T_CONTAINS(text, "sigwatch_source_items_dropped{source=\"jobs\"} 5\n");
	T_CONTAINS(text, "sigwatch_source_last_success_timestamp_seconds{source=\"blog\"} 1700000000\n");
	/* never succeeded: no timestamp */
	T_ASSERT(strstr(text, "timestamp_seconds{source=\"jobs\"}") == NULL);
	T_CONTAINS(text, "sigwatch_run_new_items 4\n");
	T_CONTAINS(text, "sigwatch_run_hits 2\n");
	T_CONTAINS(text, "sigwatch_outbox_dead 1\n");
	T_CONTAINS(text, "sigwatch_run_duration_seconds 1.250\n");
	T_CONTAINS(text, "sigwatch_run_timestamp_seconds 1700000100\n");
	free(text);
	/* an empty path writes nothing and is not an error */
	T_EQ_INT(metrics_write("", s, 2, &m), 0);
	t_rmtree(t_dir);
}

/* a directory that does not exist: refused before the run fetches */
static void
test_metrics__target_refused(void)
{
	struct metrics_run m;

	memset(&m, 0, sizeof(m));
	t_mkdtemp("metrics");
	T_EQ_INT(metrics_target_ok(t_path("no/such/dir/m.prom")), 0);
	T_EQ_INT(metrics_write(t_path("no/such/dir/m.prom"), NULL, 0, &m), -1);
	t_rmtree(t_dir);
}

T_MAIN(T_CASE(test_metrics__gauges), T_CASE(test_metrics__target_refused))
