/*
 * Replay driver for the fuzz targets without libFuzzer (gcc builds, make
 * check-fuzz, make test): runs LLVMFuzzerTestOneInput() on every file of
 * the directories (or files) given on the command line, by default the
 * target's corpus directories compiled in as FUZZ_DIRS (colon-separated).
 * Prints each input's name before running it, so a crash names its input,
 * and ends with "N passed, N failed". An input that takes longer than
 * FUZZ_SLOW_SECONDS (default 20) counts as a failure: every parser must
 * stay bounded.
 */
#include <sys/stat.h>

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "fuzz.h"

#ifndef FUZZ_DIRS
#define FUZZ_DIRS ""
#endif

static size_t passed, failed;
static double slow_limit = 20.0;

static int
cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static double
now_sec(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void
run_file(const char *path)
{
	FILE *f;
	uint8_t *data = NULL;
	size_t len = 0, cap = 0, n;
	double t0, dt;

	if ((f = fopen(path, "rb")) == NULL) {
		printf("not ok - %s: cannot open\n", path);
		failed++;
		return;
	}
	for (;;) {
		if (cap - len < 65536) {
			cap = cap ? cap * 2 : 65536;
			if ((data = realloc(data, cap)) == NULL)
				abort();
		}
		n = fread(data + len, 1, cap - len, f);
		len += n;
		if (n == 0)
			break;
	}
	fclose(f);
	/* an exact-size copy so that ASan sees any read past the end */
	{
		uint8_t *exact = malloc(len ? len : 1);

		if (exact == NULL)
			abort();
		memcpy(exact, data, len);
		free(data);
		data = exact;
	}
	printf("# %s (%zu bytes)\n", path, len);
	fflush(stdout);
	t0 = now_sec();
	LLVMFuzzerTestOneInput(data, len);
	dt = now_sec() - t0;
	free(data);
	if (dt > slow_limit) {
		printf("not ok - %s: took %.1f s (limit %.0f s)\n", path, dt,
		    slow_limit);
		failed++;
	} else
		passed++;
}

static void
run_path(const char *path)
{
	struct stat st;
	DIR *d;
	struct dirent *e;
	char **names = NULL;
	size_t n = 0, cap = 0;

	if (stat(path, &st) == -1) {
		printf("# %s: missing, skipped\n", path);
		return;
	}
	if (!S_ISDIR(st.st_mode)) {
		run_file(path);
		return;
	}
	if ((d = opendir(path)) == NULL) {
		printf("not ok - %s: cannot open directory\n", path);
		failed++;
		return;
	}
	while ((e = readdir(d)) != NULL) {
		char *p;
		size_t l;

		if (e->d_name[0] == '.')
			continue;
		l = strlen(path) + strlen(e->d_name) + 2;
		if ((p = malloc(l)) == NULL)
			abort();
		snprintf(p, l, "%s/%s", path, e->d_name);
		if (n == cap) {
			cap = cap ? cap * 2 : 64;
			if ((names = realloc(names, cap * sizeof(*names))) ==
			    NULL)
				abort();
		}
		names[n++] = p;
	}
	closedir(d);
	if (n)
		qsort(names, n, sizeof(*names), cmp);
	for (size_t i = 0; i < n; i++) {
		run_path(names[i]);
		free(names[i]);
	}
	free(names);
}

int
main(int argc, char **argv)
{
	const char *s = getenv("FUZZ_SLOW_SECONDS");

	if (s && atof(s) > 0)
		slow_limit = atof(s);
	LLVMFuzzerInitialize(&argc, &argv);
	if (argc > 1) {
		for (int i = 1; i < argc; i++)
			run_path(argv[i]);
	} else {
		char *dirs = strdup(FUZZ_DIRS), *p, *save = NULL;

		if (dirs == NULL)
			abort();
		for (p = strtok_r(dirs, ":", &save); p != NULL;
		    p = strtok_r(NULL, ":", &save))
			run_path(p);
		free(dirs);
	}
	printf("%zu passed, %zu failed\n", passed, failed);
	return failed ? 1 : 0;
}
