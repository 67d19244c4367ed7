#define _XOPEN_SOURCE 700

#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fsutil.h"
#include "t.h"
#include "t_helpers.h"

/* the content of a small file, or "" */
static const char *
slurp(const char *path)
{
	static char data[4096];
	ssize_t n;
	int fd;

	data[0] = '\0';
	fd = open(path, O_RDONLY);
	if (fd == -1)
		return "(missing)";
	n = read(fd, data, sizeof(data) - 1);
	close(fd);
	data[n > 0 ? n : 0] = '\0';
	return data;
}

static int
count_temps(const char *dir)
{
	char cmd[600];
	FILE *f;
	int n = -1;

	snprintf(cmd, sizeof(cmd), "find '%s' -name '*.tmp.*' | wc -l", dir);
	f = popen(cmd, "r");
	if (f == NULL)
		return -1;
	if (fscanf(f, "%d", &n) != 1)
		n = -1;
	pclose(f);
	return n;
}

static void
test_fsutil__atomic_write_creates_parents_and_replaces(void)
{
	struct err err = ERR_INIT;
	const char *p;
	struct stat st;

	t_mkdtemp("fsutil");
	p = t_path("a/b/c/f.json");
	T_EQ_INT(fs_write_atomic(p, "one\n", 4, &err), 0);
	T_EQ_STR(slurp(p), "one\n");
	T_EQ_INT(fs_write_atomic(p, "two, longer\n", 12, &err), 0);
	T_EQ_STR(slurp(p), "two, longer\n");
	T_EQ_INT(fs_write_atomic(p, "", 0, &err), 0);
	T_EQ_STR(slurp(p), "");
	T_ASSERT(stat(p, &st) == 0 && (st.st_mode & 0777) == (0644 & ~022));
	T_EQ_INT(count_temps(t_dir), 0);
	T_ASSERT(fs_exists(p));
	T_ASSERT(!fs_exists(t_path("a/b/c/none")));
	t_rmtree(t_dir);
}

static void
test_fsutil__atomic_write_errors_name_the_path(void)
{
	struct err err = ERR_INIT;
	const char *p;

	t_mkdtemp("fsutil");
	T_EQ_INT(fs_write_atomic(t_path("file"), "x", 1, &err), 0);
	/* the parent is a regular file */
	p = t_path("file/sub/f.json");
	T_EQ_INT(fs_write_atomic(p, "x", 1, &err), ERR_IO);
	T_EQ_INT(err.code, ERR_IO);
	T_CONTAINS(err.msg, "file/sub");
	T_CONTAINS(err.msg, "not a directory");
	T_EQ_STR(slurp(t_path("file")), "x");
	t_rmtree(t_dir);
}

static void
test_fsutil__stale_temp_with_our_pid_is_replaced(void)
{
	struct err err = ERR_INIT;
	char tmp[600];
	const char *p;

	t_mkdtemp("fsutil");
	p = t_path("f.json");
	snprintf(tmp, sizeof(tmp), "%s.tmp.%ld", p, (long)getpid());
	T_EQ_INT(fs_write_atomic(tmp, "junk", 4, &err), 0);
	T_EQ_INT(fs_write_atomic(p, "new", 3, &err), 0);
	T_EQ_STR(slurp(p), "new");
	T_ASSERT(!fs_exists(tmp));
	t_rmtree(t_dir);
}

static void
test_fsutil__clean_temps(void)
{
	struct err err = ERR_INIT;

	t_mkdtemp("fsutil");
	T_EQ_INT(fs_write_atomic(t_path("x.json.tmp.123"), "1", 1, &err), 0);
	T_EQ_INT(fs_write_atomic(t_path("sub/deeper/y.tmp.9"), "1", 1, &err),
	    0);
	T_EQ_INT(fs_write_atomic(t_path(".git/z.tmp.1"), "1", 1, &err), 0);
	T_EQ_INT(fs_write_atomic(t_path("sub/keep.json"), "1", 1, &err), 0);
	T_EQ_INT(fs_write_atomic(t_path("tmp.json"), "1", 1, &err), 0);
	T_EQ_INT(fs_clean_temps(t_dir), 2);
	T_ASSERT(!fs_exists(t_path("x.json.tmp.123")));
	T_ASSERT(!fs_exists(t_path("sub/deeper/y.tmp.9")));
	T_ASSERT(fs_exists(t_path(".git/z.tmp.1")));
	T_ASSERT(fs_exists(t_path("sub/keep.json")));
	T_ASSERT(fs_exists(t_path("tmp.json")));
	T_EQ_INT(fs_clean_temps(t_dir), 0);
	T_EQ_INT(fs_clean_temps(t_path("missing")), 0);
	t_rmtree(t_dir);
}

static void
test_fsutil__remove(void)
{
	struct err err = ERR_INIT;
	const char *p;

	t_mkdtemp("fsutil");
	p = t_path("f");
	T_EQ_INT(fs_remove(p, &err), 0);
	T_EQ_INT(fs_write_atomic(p, "1", 1, &err), 0);
	T_ASSERT(fs_exists(p));
	T_EQ_INT(fs_remove(p, &err), 0);
	T_ASSERT(!fs_exists(p));
	T_EQ_INT(fs_mkdirs(t_path("d/e"), &err), 0);
	T_EQ_INT(fs_remove(t_path("d"), &err), ERR_IO);
	T_CONTAINS(err.msg, "cannot remove");
	t_rmtree(t_dir);
}

static void
test_fsutil__mkdirs(void)
{
	struct err err = ERR_INIT;
	struct stat st;

	t_mkdtemp("fsutil");
	T_EQ_INT(fs_mkdirs(t_path("a/b/c/"), &err), 0);
	T_ASSERT(stat(t_path("a/b/c"), &st) == 0 && S_ISDIR(st.st_mode));
	T_EQ_INT(fs_mkdirs(t_path("a/b/c"), &err), 0);
	T_EQ_INT(fs_write_atomic(t_path("a/f"), "1", 1, &err), 0);
	T_EQ_INT(fs_mkdirs(t_path("a/f/g"), &err), ERR_IO);
	T_CONTAINS(err.msg, "a/f");
	t_rmtree(t_dir);
}

static void
test_fsutil__lock_held_by_other_process(void)
{
	struct err err = ERR_INIT;
	int fd = -1, status = -1;
	pid_t child, parent = getpid();
	const char *p;

	t_mkdtemp("fsutil");
	p = t_path("run.lock");
	T_EQ_INT(fs_lock(&fd, p, NULL, &err), 0);
	T_ASSERT(fd >= 0);
	child = fork();
	if (child == 0) {
		struct err cerr = ERR_INIT;
		char want[64];
		pid_t holder = -1;
		int cfd = -1, rc;

		rc = fs_lock(&cfd, p, &holder, &cerr);
		snprintf(want, sizeof(want), "(pid %ld)", (long)parent);
		_exit(rc == ERR_LOCKED && holder == parent && cfd == -1 &&
		    strstr(cerr.msg, want) != NULL &&
		    strstr(cerr.msg, "another run holds the lock") ? 0 : 1);
	}
	T_ASSERT(child > 0);
	waitpid(child, &status, 0);
	T_ASSERT(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	{
		struct stat st;

		T_ASSERT(stat(p, &st) == 0 && (st.st_mode & 0777) == 0600);
	}
	{
		char want[32];

		snprintf(want, sizeof(want), "%ld\n", (long)parent);
		T_EQ_STR(slurp(p), want);
	}
	fs_unlock(fd);
	/* released: another process can take it now */
	child = fork();
	if (child == 0) {
		struct err cerr = ERR_INIT;
		int cfd = -1;

		_exit(fs_lock(&cfd, p, NULL, &cerr) == 0 && cfd >= 0 ? 0 : 1);
	}
	waitpid(child, &status, 0);
	T_ASSERT(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	t_rmtree(t_dir);
}

/* run crash_point calls in a child; returns its wait status and the
 * number of points it got past (written to a pipe) */
static int
crash_child(const char *env, const char *const *names, int *passed)
{
	int pfd[2], status = -1;
	char c;
	pid_t child;

	*passed = 0;
	if (pipe(pfd) == -1)
		return -1;
	child = fork();
	if (child == 0) {
		close(pfd[0]);
		if (env)
			setenv("SIGWATCH_CRASH_AT", env, 1);
		else
			unsetenv("SIGWATCH_CRASH_AT");
		for (; *names; names++) {
			crash_point(*names);
			if (write(pfd[1], "x", 1) != 1)
				_exit(3);
		}
		_exit(0);
	}
	close(pfd[1]);
	while (read(pfd[0], &c, 1) == 1)
		(*passed)++;
	close(pfd[0]);
	waitpid(child, &status, 0);
	return status;
}

static void
test_fsutil__crash_point(void)
{
	static const char *const one[] = { "a", "commit.before", "b", NULL };
	static const char *const rep[] = { "p", "q", "p", "p", NULL };
	int st, passed;

	st = crash_child("commit.before", one, &passed);
	T_ASSERT(WIFSIGNALED(st) && WTERMSIG(st) == SIGKILL);
	T_EQ_INT(passed, 1);

	st = crash_child("other", one, &passed);
	T_ASSERT(WIFEXITED(st) && WEXITSTATUS(st) == 0);
	T_EQ_INT(passed, 3);

	st = crash_child(NULL, one, &passed);
	T_ASSERT(WIFEXITED(st) && WEXITSTATUS(st) == 0);
	T_EQ_INT(passed, 3);

	/* p:2 fires on the second p, not on the first nor on q */
	st = crash_child("p:2", rep, &passed);
	T_ASSERT(WIFSIGNALED(st) && WTERMSIG(st) == SIGKILL);
	T_EQ_INT(passed, 2);

	st = crash_child("p:3", rep, &passed);
	T_ASSERT(WIFSIGNALED(st) && WTERMSIG(st) == SIGKILL);
	T_EQ_INT(passed, 3);

	st = crash_child("p:9", rep, &passed);
	T_ASSERT(WIFEXITED(st) && WEXITSTATUS(st) == 0);
	T_EQ_INT(passed, 4);

	st = crash_child("q:1", rep, &passed);
	T_ASSERT(WIFSIGNALED(st) && WTERMSIG(st) == SIGKILL);
	T_EQ_INT(passed, 1);
}

static void
write_new(void *path)
{
	struct err err = ERR_INIT;

	(void)fs_write_atomic(path, "new", 3, &err);
}

static void
test_fsutil__crash_before_rename_keeps_old_file(void)
{
	struct err err = ERR_INIT;
	const char *p;

	t_mkdtemp("fsutil");
	p = t_path("s.json");
	T_EQ_INT(fs_write_atomic(p, "old", 3, &err), 0);
	T_ASSERT(t_crash_at("fs_write_atomic.before_rename", write_new,
	    (void *)p));
	T_EQ_STR(slurp(p), "old");
	T_EQ_INT(fs_clean_temps(t_dir), 1);
	T_EQ_STR(slurp(p), "old");
	t_rmtree(t_dir);
}

static void
test_fsutil__file_size_limit_is_an_error(void)
{
	struct err err = ERR_INIT;
	int status = -1;
	pid_t child;
	const char *p;

	t_mkdtemp("fsutil");
	p = t_path("big.json");
	T_EQ_INT(fs_write_atomic(p, "old-content", 11, &err), 0);
	child = fork();
	if (child == 0) {
		struct err cerr = ERR_INIT;
		struct rlimit rl = { 1024, 1024 };
		static char big[65536];
		int rc;

		memset(big, 'a', sizeof(big));
		signal(SIGXFSZ, SIG_IGN);
		if (setrlimit(RLIMIT_FSIZE, &rl) == -1)
			_exit(2);
		rc = fs_write_atomic(p, big, sizeof(big), &cerr);
		_exit(rc == ERR_IO && cerr.code == ERR_IO &&
		    strstr(cerr.msg, "file too large") != NULL &&
		    strstr(cerr.msg, "big.json") != NULL ? 0 : 1);
	}
	waitpid(child, &status, 0);
	T_ASSERT(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	T_EQ_STR(slurp(p), "old-content");
	T_EQ_INT(count_temps(t_dir), 0);
	t_rmtree(t_dir);
}

/* --metrics-file: only a regular file in an existing directory */
static void
test_fsutil__write_regular_refuses_links_fifos_dirs(void)
{
	struct err err = ERR_INIT;
	struct stat st;
	const char *p, *out;

	t_mkdtemp("fsutil");
	p = t_path("m.prom");
	T_EQ_INT(fs_write_regular(p, "a 1\n", 4, 0644, &err), 0);
	T_EQ_STR(slurp(p), "a 1\n");
	T_ASSERT(stat(p, &st) == 0 && (st.st_mode & 0777) == 0644);
	T_EQ_INT(fs_write_regular(p, "a 2\n", 4, 0644, &err), 0);
	T_EQ_STR(slurp(p), "a 2\n");

	/* a link: neither it nor its target is touched */
	out = t_path("outside");
	T_EQ_INT(fs_write_atomic(out, "keep\n", 5, &err), 0);
	T_ASSERT(symlink(out, t_path("link.prom")) == 0);
	T_EQ_INT(fs_write_regular(t_path("link.prom"), "x", 1, 0644, &err),
	    ERR_IO);
	T_CONTAINS(err.msg, "it is a symbolic link, not a regular file");
	T_EQ_STR(slurp(out), "keep\n");
	T_ASSERT(lstat(t_path("link.prom"), &st) == 0 && S_ISLNK(st.st_mode));

	T_ASSERT(mkfifo(t_path("fifo.prom"), 0600) == 0);
	T_EQ_INT(fs_regular_target(t_path("fifo.prom"), &err), ERR_IO);
	T_CONTAINS(err.msg, "it is a FIFO");
	T_EQ_INT(fs_write_regular(t_path("fifo.prom"), "x", 1, 0644, &err),
	    ERR_IO);
	T_ASSERT(lstat(t_path("fifo.prom"), &st) == 0 &&
	    S_ISFIFO(st.st_mode));

	T_ASSERT(mkdir(t_path("dir.prom"), 0755) == 0);
	T_EQ_INT(fs_write_regular(t_path("dir.prom"), "x", 1, 0644, &err),
	    ERR_IO);
	T_CONTAINS(err.msg, "it is a directory");

	/* no directory is created */
	T_EQ_INT(fs_write_regular(t_path("no/such/m.prom"), "x", 1, 0644,
	    &err), ERR_IO);
	T_CONTAINS(err.msg, "does not exist");
	T_ASSERT(!fs_exists(t_path("no")));
	T_EQ_INT(fs_regular_target("/dev/null", &err), ERR_IO);
	T_CONTAINS(err.msg, "it is a device");
	T_EQ_INT(count_temps(t_dir), 0);
	t_rmtree(t_dir);
}

static void
test_fsutil__fill_close(void)
{
	int fd;

	t_mkdtemp("fsutil");
	fd = open(t_path("f"), O_CREAT | O_WRONLY, 0644);
	T_ASSERT(fd != -1);
	T_EQ_INT(fs_fill_close(fd, "abc", 3, 1), 0);
	T_EQ_STR(slurp(t_path("f")), "abc");
	/* closed, even on success: the descriptor is gone */
	T_ASSERT(fcntl(fd, F_GETFD) == -1 && errno == EBADF);
	/* a failed write says why, and still closes */
	fd = open(t_path("f"), O_RDONLY);
	T_ASSERT(fd != -1);
	T_EQ_INT(fs_fill_close(fd, "x", 1, 0), -1);
	T_EQ_INT(errno, EBADF);
	T_ASSERT(fcntl(fd, F_GETFD) == -1);
	t_rmtree(t_dir);
}

static int
refuse(const char *name, struct err *err)
{
	return err_set(err, ERR_POLICY, "refused %s", name);
}

/* the one atomic write: in a directory fd, with a mode, a last check */
static void
test_fsutil__write_at(void)
{
	const char *d = t_mkdtemp("fsutil");
	struct fs_wopts o = { .sync = 1, .mode = 0640 };
	struct err e = ERR_INIT;
	char path[256], target[256], big[300], buf[16] = "";
	struct stat st;
	int dfd = open(d, O_RDONLY | O_DIRECTORY), fd;
	ssize_t n;

	T_ASSERT(dfd != -1);
	snprintf(path, sizeof(path), "%s/f", d);
	T_EQ_INT(fs_write_at(dfd, "f", "F", "one", 3, &o, &e), 0);
	T_EQ_INT(stat(path, &st), 0);
	T_EQ_INT(st.st_mode & 0777, 0640);
	/* a refusing check keeps the old file and leaves no temp file */
	o.recheck = refuse;
	T_ASSERT(fs_write_at(dfd, "f", "F", "two", 3, &o, &e) < 0);
	T_EQ_STR(e.msg, "refused F");
	fd = open(path, O_RDONLY);
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	T_EQ_INT(n, 3);
	T_EQ_STR(buf, "one");
	T_EQ_INT(fs_clean_temps(d), 0);
	/* a link at the name is replaced, never written through */
	o.recheck = NULL;
	snprintf(target, sizeof(target), "%s/target", d);
	T_EQ_INT(fs_write_at(dfd, "target", "T", "t", 1, &o, &e), 0);
	T_EQ_INT(symlinkat("target", dfd, "link"), 0);
	T_EQ_INT(fs_write_at(dfd, "link", "L", "new", 3, &o, &e), 0);
	T_EQ_INT(lstat(target, &st), 0);
	T_EQ_INT(st.st_size, 1);
	T_EQ_INT(fstatat(dfd, "link", &st, AT_SYMLINK_NOFOLLOW), 0);
	T_ASSERT(S_ISREG(st.st_mode));
	/* a name the temp suffix would push past NAME_MAX */
	memset(big, 'a', 250);
	big[250] = '\0';
	T_ASSERT(fs_write_at(dfd, big, "B", "x", 1, &o, &e) < 0);
	T_EQ_INT(e.code, ERR_POLICY);
	T_EQ_STR(e.msg, "cannot write B: name too long");
	close(dfd);
	t_rmtree(t_dir);
}

T_MAIN(
	T_CASE(test_fsutil__fill_close),
	T_CASE(test_fsutil__write_at),
	T_CASE(test_fsutil__write_regular_refuses_links_fifos_dirs),
	T_CASE(test_fsutil__atomic_write_creates_parents_and_replaces),
	T_CASE(test_fsutil__atomic_write_errors_name_the_path),
	T_CASE(test_fsutil__stale_temp_with_our_pid_is_replaced),
	T_CASE(test_fsutil__clean_temps),
	T_CASE(test_fsutil__remove),
	T_CASE(test_fsutil__mkdirs),
	T_CASE(test_fsutil__lock_held_by_other_process),
	T_CASE(test_fsutil__crash_point),
	T_CASE(test_fsutil__crash_before_rename_keeps_old_file),
	T_CASE(test_fsutil__file_size_limit_is_an_error)
)
