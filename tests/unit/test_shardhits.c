#define _XOPEN_SOURCE 700

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "buf.h"
#include "gitstore.h"
#include "hit.h"
#include "shardhits.h"
#include "state.h"
#include "t.h"
#include "t_helpers.h"
#include "util.h"

/* shardhits: the hits of shard state directories not taken yet */

static char *
line_of(const char *source, const char *item, int64_t at)
{
	struct hit h;

	memset(&h, 0, sizeof(h));
	hit_make_id(h.id, "r1", source, item);
	h.at = at;
	h.rule = (char *)"r1";
	h.severity = SEV_MEDIUM;
	h.source = (char *)source;
	h.item = (char *)item;
	h.title = (char *)item;
	h.published = TIME_NONE;
	return hit_to_json(&h);
}

/* append a hit line to DIR/hits/2024-03.jsonl (a shard: plain files, it
 * is opened read-only) */
static void
shard_add(const char *dir, const char *source, const char *item, int64_t at)
{
	char p[600];
	char *line = line_of(source, item, at);
	FILE *f;

	snprintf(p, sizeof(p), "%s/hits", dir);
	mkdir(dir, 0700);
	mkdir(p, 0700);
	snprintf(p, sizeof(p), "%s/hits/2024-03.jsonl", dir);
	f = fopen(p, "a");
	if (f == NULL) {
		perror(p);
		exit(2);
	}
	fprintf(f, "%s\n", line);
	fclose(f);
	free(line);
}

/* what a run does with the hits it takes: record them in its own log */
static void
own_add(struct state *own, const struct hit *h)
{
	struct err e = ERR_INIT;
	char *line = hit_to_json(h);

	T_EQ_INT(state_append_lines(own, "hits/2024-03.jsonl", &line, 1, &e),
	    0);
	free(line);
}

static struct state *
open_own(void)
{
	struct state *s = NULL;
	struct err e = ERR_INIT;

	gitstore_global_init();
	t_mkdtemp("shardhits");
	if (state_open(&s, t_path("own"), 0, &e) < 0) {
		fprintf(stderr, "state_open: %s\n", e.msg);
		exit(2);
	}
	return s;
}

#define T0 1709300000	/* 2024-03-01 */

/* the order of one run: by at, then source id, then as recorded */
static void
test_shardhits__order_and_dedup(void)
{
	struct state *own = open_own();
	const char *dirs[2];
	struct shardhits sh;
	char id[17];

	dirs[0] = t_path("a");
	dirs[1] = t_path("b");
	shard_add(dirs[0], "zeta", "z1", T0 + 10);
	shard_add(dirs[0], "alpha", "a2", T0 + 20);
	shard_add(dirs[0], "alpha", "a1", T0 + 20);
	shard_add(dirs[1], "beta", "b1", T0 + 20);
	shard_add(dirs[1], "beta", "b0", T0 + 5);
	/* the same hit recorded by both shards (a redone run): once */
	shard_add(dirs[1], "zeta", "z1", T0 + 10);
	T_EQ_INT(shardhits_collect(own, dirs, 2, &sh), 2);
	T_EQ_INT(sh.n, 5);
	if (sh.n == 5) {
		T_EQ_STR(sh.v[0].item, "b0");
		T_EQ_STR(sh.v[1].item, "z1");
		/* same at: alpha before beta, alpha's in read order */
		T_EQ_STR(sh.v[2].item, "a2");
		T_EQ_STR(sh.v[3].item, "a1");
		T_EQ_STR(sh.v[4].item, "b1");
		hit_make_id(id, "r1", "beta", "b1");
		T_EQ_STR(sh.v[4].id, id);
		T_EQ_INT(sh.v[4].severity, SEV_MEDIUM);
	}
	T_EQ_INT(sh.ncur, 2);
	T_EQ_INT(sh.cur[0].readable, 1);
	T_EQ_INT(sh.cur[0].taken, 3);
	T_EQ_INT(sh.cur[0].at, T0 + 20);
	T_EQ_INT(sh.cur[1].taken, 2);
	T_EQ_STR(sh.cur[0].dir, dirs[0]);
	shardhits_release(&sh);
	T_EQ_INT(sh.n, 0);
	state_close(own);
	t_rmtree(t_dir);
}

/* a hit already in this state's own hits files is not taken again */
static void
test_shardhits__own_hits_skipped(void)
{
	struct state *own = open_own();
	const char *dirs[1];
	struct shardhits sh;

	dirs[0] = t_path("a");
	shard_add(dirs[0], "alpha", "a1", T0);
	shard_add(dirs[0], "alpha", "a2", T0 + 1);
	T_EQ_INT(shardhits_collect(own, dirs, 1, &sh), 1);
	T_EQ_INT(sh.n, 2);
	if (sh.n == 2)
		own_add(own, &sh.v[0]);
	shardhits_release(&sh);
	T_EQ_INT(shardhits_collect(own, dirs, 1, &sh), 1);
	T_EQ_INT(sh.n, 1);
	if (sh.n == 1)
		T_EQ_STR(sh.v[0].item, "a2");
	shardhits_release(&sh);
	state_close(own);
	t_rmtree(t_dir);
}

/* a DIR that is not there: counted out, left for next time, its cursor
 * not written */
static void
test_shardhits__missing_dir(void)
{
	struct state *own = open_own();
	const char *dirs[2];
	struct shardhits sh;
	struct err e = ERR_INIT;
	char **names = NULL;
	size_t n = 0;

	dirs[0] = t_path("nope");
	dirs[1] = t_path("b");
	shard_add(dirs[1], "beta", "b1", T0);
	T_EQ_INT(shardhits_collect(own, dirs, 2, &sh), 1);
	T_EQ_INT(sh.cur[0].readable, 0);
	T_EQ_INT(sh.cur[1].readable, 1);
	T_EQ_INT(sh.n, 1);
	T_EQ_INT(shardhits_save(own, &sh, &e), 0);
	state_list(own, "shards", ".json", &names, &n);
	T_EQ_INT(n, 1);
	if (n == 1)
		T_ASSERT(strncmp(names[0], "b-", 2) == 0);
	strv_free(names);
	shardhits_release(&sh);
	state_close(own);
	t_rmtree(t_dir);
}

/* the cursor: saved with the newest at taken; the next collect reads
 * only from a day before it */
static void
test_shardhits__cursor(void)
{
	struct state *own = open_own();
	const char *dirs[1];
	struct shardhits sh;
	struct err e = ERR_INIT;
	char *data = NULL, ts[32];
	size_t len = 0;

	dirs[0] = t_path("shard-1");
	shard_add(dirs[0], "alpha", "a1", T0);
	shard_add(dirs[0], "alpha", "a2", T0 + 3 * 86400);
	T_EQ_INT(shardhits_collect(own, dirs, 1, &sh), 1);
	T_EQ_INT(sh.n, 2);
	/* shards/<last component>-<8 hex>.json */
	T_ASSERT(strncmp(sh.cur[0].rel, "shards/shard-1-", 15) == 0);
	T_EQ_INT(strlen(sh.cur[0].rel), strlen("shards/shard-1-") + 8 + 5);
	T_EQ_INT(shardhits_save(own, &sh, &e), 0);
	T_EQ_INT(state_read(own, sh.cur[0].rel, &data, &len, &e), 0);
	fmt_time(ts, T0 + 3 * 86400);
	T_CONTAINS(data, ts);
	T_CONTAINS(data, "\"taken\": 2");
	T_CONTAINS(data, dirs[0]);
	free(data);
	shardhits_release(&sh);

	/* none taken into own hits, but a hit more than a day older than
	 * the cursor is no longer read; one within the day still is */
	shard_add(dirs[0], "alpha", "old", T0 + 86400);
	shard_add(dirs[0], "alpha", "late", T0 + 3 * 86400 - 3600);
	T_EQ_INT(shardhits_collect(own, dirs, 1, &sh), 1);
	T_EQ_INT(sh.cur[0].taken, 2 + sh.n);
	for (size_t i = 0; i < sh.n; i++) {
		T_ASSERT(strcmp(sh.v[i].item, "old") != 0);
		T_ASSERT(strcmp(sh.v[i].item, "a1") != 0);
	}
	/* a2 and late: a2 was never recorded in own hits (the cursor only
	 * spares reading, the ids de-duplicate) */
	T_EQ_INT(sh.n, 2);
	if (sh.n == 2) {
		T_EQ_STR(sh.v[0].item, "late");
		T_EQ_STR(sh.v[1].item, "a2");
	}
	shardhits_release(&sh);
	state_close(own);
	t_rmtree(t_dir);
}

/* the same last component under two parents: two cursors; trailing
 * slashes do not change the name */
static void
test_shardhits__cursor_names(void)
{
	struct state *own = open_own();
	const char *dirs[3];
	struct shardhits sh;
	char p1[512], p2[512], p3[512];

	snprintf(p1, sizeof(p1), "%s", t_path("x/st"));
	snprintf(p2, sizeof(p2), "%s", t_path("y/st"));
	snprintf(p3, sizeof(p3), "%s//", t_path("x/st"));
	mkdir(t_path("x"), 0700);
	mkdir(t_path("y"), 0700);
	dirs[0] = p1;
	dirs[1] = p2;
	dirs[2] = p3;
	shard_add(p1, "alpha", "a1", T0);
	shard_add(p2, "alpha", "a1", T0);
	T_EQ_INT(shardhits_collect(own, dirs, 3, &sh), 3);
	T_ASSERT(strcmp(sh.cur[0].rel, sh.cur[1].rel) != 0);
	T_EQ_STR(sh.cur[0].rel, sh.cur[2].rel);
	T_ASSERT(strncmp(sh.cur[1].rel, "shards/st-", 10) == 0);
	/* the same hit from all three: taken once */
	T_EQ_INT(sh.n, 1);
	shardhits_release(&sh);
	state_close(own);
	t_rmtree(t_dir);
}

/*
 * `playbooks --from` killed after recording the taken hits and saving the
 * cursors but before its commit: the next state_open() repairs hits/ and
 * shards/ together, so every hit is taken again (before the fix, shards/
 * was left as written and a hit more than a day older than the cursor was
 * never taken again).
 */
static void
test_shardhits__interrupted_take(void)
{
	struct state *own = open_own();
	const char *dirs[1];
	struct shardhits sh;
	struct err e = ERR_INIT;
	char *lines[2];
	int c = 0;

	dirs[0] = t_path("a");
	shard_add(dirs[0], "alpha", "old", T0);
	shard_add(dirs[0], "alpha", "new", T0 + 5 * 86400);
	T_EQ_INT(state_write(own, "sources/x.json", "{}\n", 3, &e), 0);
	T_EQ_INT(state_commit(own, "first", &c, &e), 0);
	T_EQ_INT(shardhits_collect(own, dirs, 1, &sh), 1);
	T_EQ_INT(sh.n, 2);
	for (size_t i = 0; i < 2 && i < sh.n; i++)
		lines[i] = hit_to_json(&sh.v[i]);
	if (sh.n == 2) {
		T_EQ_INT(state_append_lines(own, "hits/2024-03.jsonl", lines,
		    2, &e), 0);
		free(lines[0]);
		free(lines[1]);
	}
	T_EQ_INT(shardhits_save(own, &sh, &e), 0);
	shardhits_release(&sh);
	state_close(own);		/* killed: no commit */
	T_EQ_INT(state_open(&own, t_path("own"), 0, &e), 0);
	T_EQ_INT(shardhits_collect(own, dirs, 1, &sh), 1);
	T_EQ_INT(sh.n, 2);		/* the bug was 1 ("new" only) */
	shardhits_release(&sh);
	state_close(own);
	t_rmtree(t_dir);
}

T_MAIN(T_CASE(test_shardhits__order_and_dedup),
    T_CASE(test_shardhits__own_hits_skipped),
    T_CASE(test_shardhits__missing_dir), T_CASE(test_shardhits__cursor),
    T_CASE(test_shardhits__cursor_names),
    T_CASE(test_shardhits__interrupted_take))
