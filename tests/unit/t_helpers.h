#ifndef SIGWATCH_T_HELPERS_H
#define SIGWATCH_T_HELPERS_H

/*
 * Shared helpers for unit tests: a temp directory per test (created under
 * /tmp, removed with everything in it), paths inside it, and whole-file
 * reads and writes. Include after the feature-test macro of the test
 * (nftw needs _XOPEN_SOURCE 700).
 */
#include <sys/stat.h>
#include <sys/wait.h>

#include <fcntl.h>
#include <ftw.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "diag.h"

static char t_dir[128];

/* create /tmp/sigwatch-<tag>-XXXXXX as t_dir; exits 2 when it cannot */
static inline const char *
t_mkdtemp(const char *tag)
{
	snprintf(t_dir, sizeof(t_dir), "/tmp/sigwatch-%s-XXXXXX", tag);
	if (mkdtemp(t_dir) == NULL) {
		perror("mkdtemp");
		exit(2);
	}
	return t_dir;
}

static inline int
t_rm_one(const char *p, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	return remove(p);
}

/* remove a tree (files, links and directories, links not followed) */
static inline void
t_rmtree(const char *dir)
{
	nftw(dir, t_rm_one, 16, FTW_DEPTH | FTW_PHYS);
}

/* t_dir/rel in one of 8 rotating static buffers */
static inline const char *
t_path(const char *rel)
{
	static char p[8][512];
	static int i;

	i = (i + 1) % 8;
	snprintf(p[i], sizeof(p[i]), "%s/%s", t_dir, rel);
	return p[i];
}

/* the whole file, malloc'd and NUL-terminated, or NULL */
static inline char *
t_read_file(const char *path, size_t *lenp)
{
	FILE *f = fopen(path, "rb");
	char *data = NULL;
	size_t len = 0, cap = 0, n;

	if (f == NULL)
		return NULL;
	do {
		if (cap - len < 4096) {
			char *p = realloc(data, cap = cap * 2 + 4096);

			if (p == NULL) {
				free(data);
				fclose(f);
				return NULL;
			}
			data = p;
		}
		n = fread(data + len, 1, cap - len - 1, f);
		len += n;
	} while (n > 0);
	fclose(f);
	data[len] = '\0';
	if (lenp)
		*lenp = len;
	return data;
}

/* tests/fixtures/<rel>, malloc'd and NUL-terminated, or NULL */
static inline char *
t_fixture(const char *rel, size_t *lenp)
{
	char p[512];

	snprintf(p, sizeof(p), "tests/fixtures/%s", rel);
	return t_read_file(p, lenp);
}

/* write s to path (creating or truncating); 0 or -1 */
static inline int
t_write_file(const char *path, const char *s)
{
	FILE *f = fopen(path, "wb");
	int rc;

	if (f == NULL)
		return -1;
	rc = fputs(s, f) < 0 ? -1 : 0;
	return fclose(f) != 0 ? -1 : rc;
}

/* a test's setup step that must work: exits 2 (not a failed test) when
 * it does not */
static inline void
t_must(int ok, const char *what)
{
	if (!ok) {
		fprintf(stderr, "setup: %s\n", what);
		exit(2);
	}
}

/* every diagnostic in d as printed (malloc'd); d is released */
static inline char *
t_diags_text(struct diags *d)
{
	char *text = NULL;
	size_t len = 0;
	FILE *fp = open_memstream(&text, &len);

	diag_print(d, fp);
	fclose(fp);
	diags_release(d);
	return text;
}

static int t_saved_stderr = -1;

/* send stderr to t_path(rel) until t_stderr_end(rel) */
static inline void
t_stderr_begin(const char *rel)
{
	int fd = open(t_path(rel), O_WRONLY | O_CREAT | O_TRUNC, 0600);

	fflush(stderr);
	t_saved_stderr = dup(2);
	dup2(fd, 2);
	close(fd);
}

/* what was written to stderr since t_stderr_begin(rel), malloc'd */
static inline char *
t_stderr_end(const char *rel)
{
	fflush(stderr);
	dup2(t_saved_stderr, 2);
	close(t_saved_stderr);
	t_saved_stderr = -1;
	return t_read_file(t_path(rel), NULL);
}

/*
 * Run fn(arg) in a child process with SIGWATCH_CRASH_AT=point (the child
 * exits 0 when fn returns). 1 when the child died by SIGKILL, as
 * crash_point() kills it, else 0.
 */
static inline int
t_crash_at(const char *point, void (*fn)(void *), void *arg)
{
	pid_t child;
	int status = 0;

	fflush(NULL);
	child = fork();
	if (child == 0) {
		setenv("SIGWATCH_CRASH_AT", point, 1);
		fn(arg);
		_exit(0);
	}
	if (child < 0 || waitpid(child, &status, 0) != child)
		return 0;
	return WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL;
}

static inline void
t_sleep_ms(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };

	nanosleep(&ts, NULL);
}

/*
 * The fixture server (tests/helpers/fixture_httpd.py) on 127.0.0.1, on an
 * ephemeral port, in t_dir: routes.json, port, log.jsonl (one JSON object
 * per request). Stopped by its pid; every wait is bounded.
 */
static pid_t t_srv_pid;
static int t_srv_port;

/* start it with these routes (JSON text); 0 once it listens (at most
 * 10 s), else -1 */
static inline int
t_srv_start(const char *routes)
{
	int st;

	t_srv_port = 0;
	if (t_write_file(t_path("routes.json"), routes) != 0)
		return -1;
	t_srv_pid = fork();
	if (t_srv_pid == 0) {
		int fd = open("/dev/null", O_RDWR);

		dup2(fd, 0);
		dup2(fd, 1);
		execlp("python3", "python3", "tests/helpers/fixture_httpd.py",
		    "--routes", t_path("routes.json"), "--port-file",
		    t_path("port"), "--log", t_path("log.jsonl"),
		    "--max-seconds", "120", (char *)NULL);
		_exit(127);
	}
	for (int i = 0; i < 500 && t_srv_pid > 0; i++) {
		char *p = t_read_file(t_path("port"), NULL);

		if (p != NULL)
			t_srv_port = (int)strtol(p, NULL, 10);
		free(p);
		if (t_srv_port > 0)
			return 0;
		if (waitpid(t_srv_pid, &st, WNOHANG) == t_srv_pid)
			t_srv_pid = 0;
		t_sleep_ms(20);
	}
	return -1;
}

/* SIGTERM, then SIGKILL after 2 s; a no-op when it is not running */
static inline void
t_srv_stop(void)
{
	int st;

	if (t_srv_pid <= 0)
		return;
	kill(t_srv_pid, SIGTERM);
	for (int i = 0; i < 100; i++) {
		if (waitpid(t_srv_pid, &st, WNOHANG) == t_srv_pid) {
			t_srv_pid = 0;
			return;
		}
		t_sleep_ms(20);
	}
	kill(t_srv_pid, SIGKILL);
	waitpid(t_srv_pid, &st, 0);
	t_srv_pid = 0;
}

#endif
