/*
 * seenload: time the seen index of every source of a state directory, the
 * way `sigwatch run` builds it (state_seen_load), for the 1,000,000-item
 * measurement of `make bench`.
 *
 *	seenload STATE_DIR [REPEAT]
 *
 * Prints one JSON object: sources, items (ids loaded), bytes (of the
 * items/ files), seconds (wall, best of REPEAT passes, default 1) and
 * cpu_seconds (of that pass). Opens the state read-only: no lock, no
 * repair, nothing written.
 */
#include <sys/resource.h>
#include <sys/stat.h>

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "buf.h"
#include "err.h"
#include "gitstore.h"
#include "log.h"
#include "state.h"
#include "xmalloc.h"

static double
now_wall(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static double
now_cpu(void)
{
	struct rusage ru;

	getrusage(RUSAGE_SELF, &ru);
	return (double)ru.ru_utime.tv_sec + (double)ru.ru_utime.tv_usec / 1e6 +
	    (double)ru.ru_stime.tv_sec + (double)ru.ru_stime.tv_usec / 1e6;
}

/* sum of the sizes of the regular files directly under dir */
static long long
dir_bytes(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	struct buf p = BUF_INIT;
	struct stat sb;
	long long n = 0;

	if (d == NULL)
		return 0;
	while ((de = readdir(d)) != NULL) {
		buf_reset(&p);
		buf_addf(&p, "%s/%s", dir, de->d_name);
		if (stat(p.data, &sb) == 0 && S_ISREG(sb.st_mode))
			n += (long long)sb.st_size;
	}
	closedir(d);
	buf_release(&p);
	return n;
}

int
main(int argc, char **argv)
{
	struct state *st = NULL;
	struct err err = ERR_INIT;
	struct buf items = BUF_INIT;
	char **names = NULL;
	size_t nnames = 0, total = 0;
	long long bytes = 0;
	double best = -1, best_cpu = 0;
	int repeat = 1, rc = 1;

	if (argc < 2 || argc > 3) {
		fprintf(stderr, "usage: seenload STATE_DIR [REPEAT]\n");
		return 64;
	}
	if (argc == 3 && (repeat = (int)strtol(argv[2], NULL, 10)) < 1)
		repeat = 1;
	log_init(1);
	gitstore_global_init();
	if (state_open(&st, argv[1], 1, &err) < 0) {
		fprintf(stderr, "seenload: %s\n", err.msg);
		return 66;
	}
	buf_addf(&items, "%s/items", argv[1]);
	{
		DIR *d = opendir(items.data);
		struct dirent *de;

		if (d == NULL) {
			fprintf(stderr, "seenload: no items/ in %s\n", argv[1]);
			goto out;
		}
		while ((de = readdir(d)) != NULL) {
			struct buf sub = BUF_INIT;

			if (de->d_name[0] == '.')
				continue;
			names = xreallocarray(names, nnames + 1, sizeof(*names));
			names[nnames++] = xstrdup(de->d_name);
			buf_addf(&sub, "%s/%s", items.data, de->d_name);
			bytes += dir_bytes(sub.data);
			buf_release(&sub);
		}
		closedir(d);
	}
	for (int r = 0; r < repeat; r++) {
		double t0 = now_wall(), c0 = now_cpu(), t;

		total = 0;
		for (size_t i = 0; i < nnames; i++) {
			struct seenset *ss = NULL;

			if (state_seen_load(st, names[i], &ss, &err) < 0) {
				fprintf(stderr, "seenload: %s: %s\n", names[i],
				    err.msg);
				goto out;
			}
			total += seenset_count(ss);
			seenset_free(ss);
		}
		t = now_wall() - t0;
		if (best < 0 || t < best) {
			best = t;
			best_cpu = now_cpu() - c0;
		}
	}
	printf("{\"sources\": %zu, \"items\": %zu, \"bytes\": %lld, "
	    "\"seconds\": %.4f, \"cpu_seconds\": %.4f}\n", nnames, total, bytes,
	    best, best_cpu);
	rc = 0;
out:
	for (size_t i = 0; i < nnames; i++)
		free(names[i]);
	free(names);
	buf_release(&items);
	state_close(st);
	return rc;
}
