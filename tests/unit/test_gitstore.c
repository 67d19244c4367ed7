#define _XOPEN_SOURCE 700

#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fsutil.h"
#include "gitstore.h"
#include "t.h"
#include "t_helpers.h"

/* run a shell command; its stdout (trailing newline removed) */
static const char *
sh(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

static const char *
sh(const char *fmt, ...)
{
	static char out[4][8192];
	static int i;
	char cmd[2048];
	va_list ap;
	FILE *f;
	size_t n;

	i = (i + 1) % 4;
	va_start(ap, fmt);
	vsnprintf(cmd, sizeof(cmd), fmt, ap);
	va_end(ap);
	out[i][0] = '\0';
	f = popen(cmd, "r");
	if (f == NULL)
		return "";
	n = fread(out[i], 1, sizeof(out[i]) - 1, f);
	out[i][n] = '\0';
	pclose(f);
	while (n > 0 && out[i][n - 1] == '\n')
		out[i][--n] = '\0';
	return out[i];
}

static void
put(const char *rel, const char *text)
{
	struct err err = ERR_INIT;

	if (fs_write_atomic(t_path(rel), text, strlen(text), &err) != 0)
		fprintf(stderr, "put %s: %s\n", rel, err.msg);
}

static const char *
slurp(const char *path)
{
	static char data[4096];
	ssize_t n;
	int fd;

	fd = open(path, O_RDONLY);
	if (fd == -1)
		return "(missing)";
	n = read(fd, data, sizeof(data) - 1);
	close(fd);
	data[n > 0 ? n : 0] = '\0';
	return data;
}

/* open (or create) t_dir/state; NULL on failure */
static struct gitstore *
open_state(void)
{
	struct gitstore *gs = NULL;
	struct err err = ERR_INIT;

	if (gitstore_open(&gs, t_path("state"), &err) != 0)
		fprintf(stderr, "gitstore_open: %s\n", err.msg);
	return gs;
}

static size_t
count(struct gitstore *gs)
{
	struct err err = ERR_INIT;
	size_t n = 999;

	if (gitstore_count(gs, &n, &err) != 0)
		fprintf(stderr, "gitstore_count: %s\n", err.msg);
	return n;
}

static int
commit(struct gitstore *gs, const char *msg)
{
	struct err err = ERR_INIT;
	int committed = -1;

	if (gitstore_commit(gs, msg, &committed, &err) != 0) {
		fprintf(stderr, "gitstore_commit: %s\n", err.msg);
		return -1;
	}
	return committed;
}

/* a run killed while it commits: the twelve paths (put_big's), or all */
static void
commit_killed(void *paths)
{
	struct err err = ERR_INIT;
	struct gitstore *gs = NULL;
	int committed;

	if (gitstore_open(&gs, t_path("state"), &err) != 0)
		_exit(3);
	if (paths != NULL)
		(void)gitstore_commit_paths(gs, "killed", paths, 12, &committed,
		    &err);
	else
		(void)gitstore_commit(gs, "killed", &committed, &err);
}

static void
test_gitstore__init_creates_repo_on_main(void)
{
	struct gitstore *gs;

	t_mkdtemp("gitstore");
	gs = open_state();
	T_ASSERT(gs != NULL);
	T_ASSERT(fs_exists(t_path("state/.git/objects")));
	T_EQ_STR(slurp(t_path("state/.git/HEAD")), "ref: refs/heads/main\n");
	T_EQ_STR(slurp(t_path("state/.gitignore")),
	    ".run/\n*.tmp.*\nrun.lock\n");
	T_EQ_INT(count(gs), 0);
	T_ASSERT(gitstore_dirty(gs));	/* .gitignore not committed yet */
	gitstore_free(gs);
	/* reopening an empty repository is fine and changes nothing */
	gs = open_state();
	T_ASSERT(gs != NULL);
	T_EQ_INT(count(gs), 0);
	gitstore_free(gs);
	t_rmtree(t_dir);
}

static void
test_gitstore__commit_and_no_empty_commit(void)
{
	struct gitstore *gs;

	t_mkdtemp("gitstore");
	gs = open_state();
	T_ASSERT(gs != NULL);
	put("state/sources/a.json", "{\"etag\":\"1\"}\n");
	put("state/hits/2024-05.jsonl", "{}\n");
	T_ASSERT(gitstore_dirty(gs));
	T_EQ_INT(commit(gs, "run: 1 new item"), 1);
	T_EQ_INT(count(gs), 1);
	T_ASSERT(!gitstore_dirty(gs));
	T_EQ_INT(commit(gs, "run: nothing"), 0);
	T_EQ_INT(count(gs), 1);
	T_EQ_STR(sh("git -C %s ls-files", t_path("state")),
	    ".gitignore\nhits/2024-05.jsonl\nsources/a.json");
	T_EQ_STR(sh("git -C %s log -1 --format=%%s", t_path("state")),
	    "run: 1 new item");
	put("state/sources/a.json", "{\"etag\":\"2\"}\n");
	T_ASSERT(gitstore_dirty(gs));
	T_EQ_INT(commit(gs, "run: etag"), 1);
	T_EQ_INT(count(gs), 2);
	T_EQ_STR(sh("git -C %s show HEAD:sources/a.json", t_path("state")),
	    "{\"etag\":\"2\"}");
	/* the git CLI agrees the repository is sound */
	T_EQ_STR(sh("git -C %s fsck --strict >/dev/null 2>&1 && echo ok",
	    t_path("state")), "ok");
	gitstore_free(gs);
	t_rmtree(t_dir);
}

static void
test_gitstore__deleted_file_leaves_next_commit(void)
{
	struct err err = ERR_INIT;
	struct gitstore *gs;

	t_mkdtemp("gitstore");
	gs = open_state();
	T_ASSERT(gs != NULL);
	put("state/outbox/a1.json", "{}\n");
	put("state/keep.json", "{}\n");
	T_EQ_INT(commit(gs, "alert queued"), 1);
	T_EQ_INT(fs_remove(t_path("state/outbox/a1.json"), &err), 0);
	T_ASSERT(gitstore_dirty(gs));
	T_EQ_INT(commit(gs, "alert delivered"), 1);
	T_EQ_INT(count(gs), 2);
	T_EQ_STR(sh("git -C %s ls-tree -r --name-only HEAD", t_path("state")),
	    ".gitignore\nkeep.json");
	T_ASSERT(!gitstore_dirty(gs));
	gitstore_free(gs);
	t_rmtree(t_dir);
}

static void
test_gitstore__ignored_files_never_committed(void)
{
	struct gitstore *gs;

	t_mkdtemp("gitstore");
	gs = open_state();
	T_ASSERT(gs != NULL);
	put("state/a.json", "1\n");
	T_EQ_INT(commit(gs, "first"), 1);
	put("state/.run/last.json", "volatile\n");
	put("state/sources/b.json.tmp.4242", "half\n");
	put("state/run.lock", "123\n");
	T_ASSERT(!gitstore_dirty(gs));
	T_EQ_INT(commit(gs, "second"), 0);
	put("state/c.json", "3\n");
	T_EQ_INT(commit(gs, "third"), 1);
	T_EQ_STR(sh("git -C %s ls-tree -r --name-only HEAD", t_path("state")),
	    ".gitignore\na.json\nc.json");
	gitstore_free(gs);
	t_rmtree(t_dir);
}

static void
test_gitstore__gitignore_kept_and_completed(void)
{
	struct gitstore *gs;

	t_mkdtemp("gitstore");
	put("state/.gitignore", "mine/\n*.tmp.*");
	gs = open_state();
	T_ASSERT(gs != NULL);
	T_EQ_STR(slurp(t_path("state/.gitignore")),
	    "mine/\n*.tmp.*\n.run/\nrun.lock\n");
	gitstore_free(gs);
	t_rmtree(t_dir);
}

static void
test_gitstore__stale_locks_removed_on_open(void)
{
	struct gitstore *gs;

	t_mkdtemp("gitstore");
	gs = open_state();
	T_ASSERT(gs != NULL);
	put("state/a.json", "1\n");
	T_EQ_INT(commit(gs, "first"), 1);
	gitstore_free(gs);
	/* an interrupted run left its locks behind */
	T_ASSERT(close(open(t_path("state/.git/index.lock"),
	    O_CREAT | O_WRONLY, 0644)) == 0);
	T_ASSERT(close(open(t_path("state/.git/refs/heads/main.lock"),
	    O_CREAT | O_WRONLY, 0644)) == 0);
	put("state/a.json", "2\n");
	gs = open_state();
	T_ASSERT(gs != NULL);
	T_ASSERT(!fs_exists(t_path("state/.git/index.lock")));
	T_ASSERT(!fs_exists(t_path("state/.git/refs/heads/main.lock")));
	T_EQ_INT(commit(gs, "second"), 1);
	T_EQ_INT(count(gs), 2);
	gitstore_free(gs);
	t_rmtree(t_dir);
}

static void
test_gitstore__corrupt_head_commit_is_reported(void)
{
	struct gitstore *gs;
	struct err err = ERR_INIT;
	char obj[600], before[8192];
	const char *id;

	t_mkdtemp("gitstore");
	gs = open_state();
	T_ASSERT(gs != NULL);
	put("state/a.json", "1\n");
	T_EQ_INT(commit(gs, "first"), 1);
	gitstore_free(gs);
	id = sh("git -C %s rev-parse HEAD", t_path("state"));
	T_EQ_INT(strlen(id), 40);
	/* the commit's objects are in its pack: the only one */
	snprintf(obj, sizeof(obj), "%s", sh("ls %s/.git/objects/pack/*.pack",
	    t_path("state")));
	T_CONTAINS(obj, "/pack-");
	T_ASSERT(chmod(obj, 0644) == 0 && truncate(obj, 0) == 0);
	snprintf(before, sizeof(before), "%s", sh("cd %s && find . -printf "
	    "'%%p %%s\\n' | sort", t_path("state")));
	gs = NULL;
	T_EQ_INT(gitstore_open(&gs, t_path("state"), &err), ERR_CORRUPT);
	T_ASSERT(gs == NULL);
	T_CONTAINS(err.msg, "is corrupt");
	T_CONTAINS(err.msg, "fsck");
	T_CONTAINS(err.msg, t_path("state"));
	T_EQ_STR(sh("cd %s && find . -printf '%%p %%s\\n' | sort",
	    t_path("state")), before);
	t_rmtree(t_dir);
}

static void
test_gitstore__missing_head_is_reported(void)
{
	struct gitstore *gs;
	struct err err = ERR_INIT;
	char before[8192];

	t_mkdtemp("gitstore");
	gs = open_state();
	T_ASSERT(gs != NULL);
	put("state/a.json", "1\n");
	T_EQ_INT(commit(gs, "first"), 1);
	gitstore_free(gs);
	T_ASSERT(unlink(t_path("state/.git/HEAD")) == 0);
	snprintf(before, sizeof(before), "%s", sh("cd %s && find . -printf "
	    "'%%p %%s\\n' | sort", t_path("state")));
	gs = NULL;
	T_EQ_INT(gitstore_open(&gs, t_path("state"), &err), ERR_CORRUPT);
	T_ASSERT(gs == NULL);
	T_CONTAINS(err.msg, "never re-initialises");
	T_ASSERT(!fs_exists(t_path("state/.git/HEAD")));
	T_EQ_STR(sh("cd %s && find . -printf '%%p %%s\\n' | sort",
	    t_path("state")), before);

	/* garbage in HEAD is corrupt too */
	put("state/.git/HEAD", "garbage\n");
	T_EQ_INT(gitstore_open(&gs, t_path("state"), &err), ERR_CORRUPT);
	T_EQ_STR(slurp(t_path("state/.git/HEAD")), "garbage\n");
	t_rmtree(t_dir);
}

static void
test_gitstore__corrupt_index_is_rebuilt(void)
{
	struct gitstore *gs;

	t_mkdtemp("gitstore");
	gs = open_state();
	T_ASSERT(gs != NULL);
	put("state/a.json", "1\n");
	put("state/b.json", "1\n");
	T_EQ_INT(commit(gs, "first"), 1);
	gitstore_free(gs);
	put("state/.git/index", "this is not an index file at all\n");
	put("state/b.json", "2\n");
	gs = open_state();
	T_ASSERT(gs != NULL);
	T_EQ_INT(commit(gs, "second"), 1);
	T_EQ_STR(sh("git -C %s ls-files", t_path("state")),
	    ".gitignore\na.json\nb.json");
	T_EQ_STR(sh("git -C %s diff --stat HEAD~1 HEAD | tail -1",
	    t_path("state")), " 1 file changed, 1 insertion(+), 1 deletion(-)");
	T_EQ_INT(commit(gs, "third"), 0);
	gitstore_free(gs);
	t_rmtree(t_dir);
}

static void
test_gitstore__author_and_committer(void)
{
	struct gitstore *gs;
	char host[256], want[300];

	t_mkdtemp("gitstore");
	gs = open_state();
	T_ASSERT(gs != NULL);
	put("state/a.json", "1\n");
	T_EQ_INT(commit(gs, "first"), 1);
	if (gethostname(host, sizeof(host)) != 0 || host[0] == '\0')
		snprintf(host, sizeof(host), "localhost");
	host[sizeof(host) - 1] = '\0';
	snprintf(want, sizeof(want), "sigwatch <sigwatch@%s>", host);
	T_EQ_STR(sh("git -C %s log -1 --format='%%an <%%ae>'",
	    t_path("state")), want);
	T_EQ_STR(sh("git -C %s log -1 --format='%%cn <%%ce>'",
	    t_path("state")), want);
	gitstore_free(gs);
	t_rmtree(t_dir);
}

static void
test_gitstore__push_to_local_bare(void)
{
	struct gitstore *gs;
	struct err err = ERR_INIT;
	char head[64];

	t_mkdtemp("gitstore");
	T_EQ_STR(sh("git init -q --bare %s && echo ok", t_path("remote.git")),
	    "ok");
	gs = open_state();
	T_ASSERT(gs != NULL);
	/* nothing committed yet: nothing to push */
	T_EQ_INT(gitstore_push(gs, t_path("remote.git"), &err), 0);
	put("state/a.json", "1\n");
	T_EQ_INT(commit(gs, "first"), 1);
	T_EQ_INT(gitstore_push(gs, t_path("remote.git"), &err), 0);
	snprintf(head, sizeof(head), "%s",
	    sh("git -C %s rev-parse HEAD", t_path("state")));
	T_EQ_STR(sh("git -C %s rev-parse refs/heads/main",
	    t_path("remote.git")), head);
	put("state/a.json", "2\n");
	T_EQ_INT(commit(gs, "second"), 1);
	T_EQ_INT(gitstore_push(gs, t_path("remote.git"), &err), 0);
	snprintf(head, sizeof(head), "%s",
	    sh("git -C %s rev-parse HEAD", t_path("state")));
	T_EQ_STR(sh("git -C %s rev-parse refs/heads/main",
	    t_path("remote.git")), head);
	/* the URL was never stored in the repository's config */
	T_ASSERT(strstr(slurp(t_path("state/.git/config")), "remote") ==
	    NULL);
	gitstore_free(gs);
	t_rmtree(t_dir);
}

static void
test_gitstore__push_to_diverged_remote_is_rejected(void)
{
	struct gitstore *gs;
	struct err err = ERR_INIT;
	char theirs[64];

	t_mkdtemp("gitstore");
	T_EQ_STR(sh("git init -q --bare %s && echo ok", t_path("remote.git")),
	    "ok");
	gs = open_state();
	T_ASSERT(gs != NULL);
	put("state/a.json", "1\n");
	T_EQ_INT(commit(gs, "first"), 1);
	T_EQ_INT(gitstore_push(gs, t_path("remote.git"), &err), 0);
	/* someone else pushes a different commit */
	T_EQ_STR(sh("git clone -q -b main %s %s 2>/dev/null && cd %s && "
	    "echo x > other.txt && git add other.txt && "
	    "git -c user.name=t -c user.email=t@t commit -q -m other && "
	    "git push -q origin main 2>/dev/null && echo ok",
	    t_path("remote.git"), t_path("scratch"), t_path("scratch")),
	    "ok");
	snprintf(theirs, sizeof(theirs), "%s",
	    sh("git -C %s rev-parse refs/heads/main", t_path("remote.git")));
	T_EQ_INT(strlen(theirs), 40);
	put("state/a.json", "2\n");
	T_EQ_INT(commit(gs, "second"), 1);
	T_EQ_INT(gitstore_push(gs, t_path("remote.git"), &err), ERR_GENERIC);
	T_CONTAINS(err.msg, "rejected");
	T_EQ_STR(sh("git -C %s rev-parse refs/heads/main",
	    t_path("remote.git")), theirs);
	/* the next run fails the same way: never forced */
	err = (struct err)ERR_INIT;
	T_EQ_INT(gitstore_push(gs, t_path("remote.git"), &err), ERR_GENERIC);
	T_CONTAINS(err.msg, "rejected");
	T_EQ_STR(sh("git -C %s rev-parse refs/heads/main",
	    t_path("remote.git")), theirs);
	T_EQ_INT(count(gs), 2);
	gitstore_free(gs);
	t_rmtree(t_dir);
}

static void
test_gitstore__push_refused_ref_update_is_failure(void)
{
	struct gitstore *gs;
	struct err err = ERR_INIT;
	char before[64];

	t_mkdtemp("gitstore");
	T_EQ_STR(sh("git init -q --bare %s && echo ok", t_path("remote.git")),
	    "ok");
	gs = open_state();
	T_ASSERT(gs != NULL);
	put("state/a.json", "1\n");
	T_EQ_INT(commit(gs, "first"), 1);
	T_EQ_INT(gitstore_push(gs, t_path("remote.git"), &err), 0);
	snprintf(before, sizeof(before), "%s",
	    sh("git -C %s rev-parse refs/heads/main", t_path("remote.git")));
	/* the remote cannot update its ref: reported only through the
	 * push_update_reference callback, git_remote_push returns 0 */
	put("remote.git/refs/heads/main.lock", "");
	put("state/a.json", "2\n");
	T_EQ_INT(commit(gs, "second"), 1);
	T_EQ_INT(gitstore_push(gs, t_path("remote.git"), &err), ERR_GENERIC);
	T_CONTAINS(err.msg, "push rejected: refs/heads/main");
	T_EQ_STR(sh("git -C %s rev-parse refs/heads/main",
	    t_path("remote.git")), before);
	gitstore_free(gs);
	t_rmtree(t_dir);
}

static void
test_gitstore__push_url_with_password_refused(void)
{
	struct gitstore *gs;
	struct err err = ERR_INIT;

	t_mkdtemp("gitstore");
	gs = open_state();
	T_ASSERT(gs != NULL);
	T_EQ_INT(gitstore_push(gs, "https://bob:s3cret@example.invalid/x.git",
	    &err), ERR_CONFIG);
	T_CONTAINS(err.msg, "password");
	T_ASSERT(strstr(err.msg, "s3cret") == NULL);
	T_ASSERT(strstr(slurp(t_path("state/.git/config")), "s3cret") ==
	    NULL);
	gitstore_free(gs);
	t_rmtree(t_dir);
}

static void
test_gitstore__file_size_limit_fails_cleanly(void)
{
	struct gitstore *gs;
	struct err err = ERR_INIT;
	static unsigned char big[256 * 1024];
	char head[64];
	int status = -1;
	size_t i;
	pid_t child;

	t_mkdtemp("gitstore");
	gs = open_state();
	T_ASSERT(gs != NULL);
	put("state/a.json", "1\n");
	T_EQ_INT(commit(gs, "first"), 1);
	gitstore_free(gs);
	snprintf(head, sizeof(head), "%s",
	    sh("git -C %s rev-parse HEAD", t_path("state")));
	/* incompressible, so the object is as large as the file */
	srand(7);
	for (i = 0; i < sizeof(big); i++)
		big[i] = (unsigned char)rand();
	T_EQ_INT(fs_write_atomic(t_path("state/big.bin"), big, sizeof(big),
	    &err), 0);
	child = fork();
	if (child == 0) {
		struct rlimit rl = { 64 * 1024, 64 * 1024 };
		struct err cerr = ERR_INIT;
		struct gitstore *cgs = NULL;
		int committed = -1, rc;

		signal(SIGXFSZ, SIG_IGN);
		if (setrlimit(RLIMIT_FSIZE, &rl) == -1)
			_exit(2);
		if (gitstore_open(&cgs, t_path("state"), &cerr) != 0)
			_exit(3);
		rc = gitstore_commit(cgs, "too big", &committed, &cerr);
		if (rc != ERR_IO)
			fprintf(stderr, "commit: %d %s\n", rc, cerr.msg);
		_exit(rc == ERR_IO && committed == 0 ? 0 : 1);
	}
	waitpid(child, &status, 0);
	T_ASSERT(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	T_EQ_STR(sh("git -C %s rev-parse HEAD", t_path("state")), head);
	/* with room again the same state commits */
	gs = open_state();
	T_ASSERT(gs != NULL);
	T_EQ_INT(commit(gs, "big"), 1);
	T_EQ_INT(count(gs), 2);
	T_EQ_STR(sh("git -C %s fsck >/dev/null 2>&1 && echo ok",
	    t_path("state")), "ok");
	gitstore_free(gs);
	t_rmtree(t_dir);
}

/* nfiles files of 1 MiB each (distinct contents) under state/big/ */
static void
put_big(int nfiles, int run, char **paths)
{
	static char data[1 << 20];
	struct err err = ERR_INIT;

	for (int f = 0; f < nfiles; f++) {
		char rel[64];

		for (size_t i = 0; i < sizeof(data); i++)
			data[i] = (char)('a' + (i * 7 + (size_t)f * 13 +
			    (size_t)run) % 26);
		snprintf(paths[f], 64, "big/f%02d.txt", f);
		snprintf(rel, sizeof(rel), "state/%s", paths[f]);
		T_EQ_INT(fs_mkdirs(t_path("state/big"), &err), 0);
		T_EQ_INT(fs_write_atomic(t_path(rel), data, sizeof(data),
		    &err), 0);
	}
}

static void
test_gitstore__big_commit_packs_as_it_goes(void)
{
	struct gitstore *gs;
	struct err err = ERR_INIT;
	char buf[12][64], *paths[12];
	int committed = -1;

	for (int i = 0; i < 12; i++)
		paths[i] = buf[i];
	t_mkdtemp("gitstore");
	gs = open_state();
	T_ASSERT(gs != NULL);
	put("state/a.json", "1\n");
	T_EQ_INT(commit(gs, "first"), 1);
	/* 12 MiB of new blobs: more than one pack, no loose object */
	put_big(12, 0, paths);
	T_EQ_INT(gitstore_commit_paths(gs, "big", paths, 12, &committed, &err),
	    0);
	T_EQ_INT(committed, 1);
	gitstore_free(gs);
	T_ASSERT(strtol(sh("ls %s/.git/objects/pack/*.pack | wc -l",
	    t_path("state")), NULL, 10) >= 3);
	T_EQ_STR(sh("find %s/.git/objects -path '*/objects/[0-9a-f][0-9a-f]/*' | wc -l",
	    t_path("state")), "0");
	T_EQ_STR(sh("git -C %s fsck 2>&1 && git -C %s status --porcelain",
	    t_path("state"), t_path("state")), "");
	/* killed between two of its packs: the next commit has it all */
	put_big(12, 1, paths);
	T_ASSERT(t_crash_at("gitstore_commit.chunk", commit_killed, paths));
	gs = open_state();
	T_ASSERT(gs != NULL);
	T_EQ_INT(count(gs), 2);
	T_EQ_INT(gitstore_commit_paths(gs, "again", paths, 12, &committed,
	    &err), 0);
	T_EQ_INT(committed, 1);
	T_EQ_INT(count(gs), 3);
	gitstore_free(gs);
	T_EQ_STR(sh("git -C %s fsck --no-dangling 2>&1 && git -C %s status "
	    "--porcelain", t_path("state"), t_path("state")), "");
	T_EQ_STR(sh("git -C %s show HEAD:big/f11.txt | cmp - %s && echo same",
	    t_path("state"), t_path("state/big/f11.txt")), "same");
	t_rmtree(t_dir);
}

static void
test_gitstore__crash_before_commit_recovers(void)
{
	struct gitstore *gs;

	t_mkdtemp("gitstore");
	gs = open_state();
	T_ASSERT(gs != NULL);
	put("state/a.json", "1\n");
	T_EQ_INT(commit(gs, "first"), 1);
	gitstore_free(gs);
	put("state/a.json", "2\n");
	T_ASSERT(t_crash_at("gitstore_commit.before", commit_killed, NULL));
	gs = open_state();
	T_ASSERT(gs != NULL);
	T_ASSERT(gitstore_dirty(gs));
	T_EQ_INT(count(gs), 1);
	T_EQ_INT(commit(gs, "second"), 1);
	T_EQ_INT(count(gs), 2);
	T_ASSERT(!gitstore_dirty(gs));
	gitstore_free(gs);
	t_rmtree(t_dir);
}

static void
test_gitstore__crash_after_commit_is_complete(void)
{
	struct gitstore *gs;

	t_mkdtemp("gitstore");
	gs = open_state();
	T_ASSERT(gs != NULL);
	put("state/a.json", "1\n");
	T_EQ_INT(commit(gs, "first"), 1);
	gitstore_free(gs);
	put("state/a.json", "2\n");
	T_ASSERT(t_crash_at("gitstore_commit.after", commit_killed, NULL));
	gs = open_state();
	T_ASSERT(gs != NULL);
	T_ASSERT(!gitstore_dirty(gs));
	T_EQ_INT(count(gs), 2);
	T_EQ_INT(commit(gs, "again"), 0);
	T_EQ_STR(sh("git -C %s show HEAD:a.json", t_path("state")), "2");
	gitstore_free(gs);
	t_rmtree(t_dir);
}

static void
b64(char *out, const void *data, size_t len)
{
	EVP_EncodeBlock((unsigned char *)out, data, (int)len);
}

static void
test_gitstore__known_hosts(void)
{
	unsigned char key[51], other[51], salt[20], md[20];
	char kb[128], ob[128], sb[64], hb[64], text[2048];
	unsigned int mdlen = 0;
	size_t i, n;

	for (i = 0; i < sizeof(key); i++) {
		key[i] = (unsigned char)(i * 7 + 1);
		other[i] = (unsigned char)(i * 11 + 3);
	}
	for (i = 0; i < sizeof(salt); i++)
		salt[i] = (unsigned char)(i + 100);
	b64(kb, key, sizeof(key));
	b64(ob, other, sizeof(other));
	HMAC(EVP_sha1(), salt, sizeof(salt), (const unsigned char *)
	    "hashed.example.org", strlen("hashed.example.org"), md, &mdlen);
	b64(sb, salt, sizeof(salt));
	b64(hb, md, sizeof(md));
	n = (size_t)snprintf(text, sizeof(text),
	    "# comment\n"
	    "\n"
	    "git.example.com,10.0.0.1 ssh-ed25519 %s comment here\n"
	    "changed.example.com ssh-ed25519 %s\n"
	    "*.wild.example.com,!bad.wild.example.com ssh-rsa %s\n"
	    "|1|%s|%s ssh-ed25519 %s\n"
	    "@cert-authority ca.example.com ssh-ed25519 %s\n"
	    "@revoked git.example.com ssh-ed25519 %s\n"
	    "broken.example.com ssh-ed25519 !!!notbase64\n",
	    kb, ob, kb, sb, hb, kb, kb, ob);
	T_EQ_INT(gitstore_knownhosts_match(text, n, "git.example.com", key,
	    sizeof(key)), 1);
	T_EQ_INT(gitstore_knownhosts_match(text, n, "GIT.Example.COM", key,
	    sizeof(key)), 1);
	T_EQ_INT(gitstore_knownhosts_match(text, n, "10.0.0.1", key,
	    sizeof(key)), 1);
	T_EQ_INT(gitstore_knownhosts_match(text, n, "git.example.com", other,
	    sizeof(other)), -1);	/* revoked */
	T_EQ_INT(gitstore_knownhosts_match(text, n, "changed.example.com", key,
	    sizeof(key)), -1);
	T_EQ_INT(gitstore_knownhosts_match(text, n, "unknown.example.com", key,
	    sizeof(key)), 0);
	T_EQ_INT(gitstore_knownhosts_match(text, n, "a.wild.example.com", key,
	    sizeof(key)), 1);
	T_EQ_INT(gitstore_knownhosts_match(text, n, "bad.wild.example.com",
	    key, sizeof(key)), 0);
	T_EQ_INT(gitstore_knownhosts_match(text, n, "hashed.example.org", key,
	    sizeof(key)), 1);
	T_EQ_INT(gitstore_knownhosts_match(text, n, "hashed.example.net", key,
	    sizeof(key)), 0);
	T_EQ_INT(gitstore_knownhosts_match(text, n, "ca.example.com", key,
	    sizeof(key)), 0);
	T_EQ_INT(gitstore_knownhosts_match(text, n, "broken.example.com", key,
	    sizeof(key)), 0);
	T_EQ_INT(gitstore_knownhosts_match(text, n, "git.example.com", key,
	    sizeof(key) - 1), -1);
	T_EQ_INT(gitstore_knownhosts_match("", 0, "git.example.com", key,
	    sizeof(key)), 0);
}

static void
setup(void)
{
	signal(SIGXFSZ, SIG_IGN);
	unsetenv("SIGWATCH_CRASH_AT");
	gitstore_global_init();
}

static void
test_gitstore__setup(void)
{
	setup();
	T_ASSERT(getenv("SIGWATCH_CRASH_AT") == NULL);
}

T_MAIN(
	T_CASE(test_gitstore__setup),
	T_CASE(test_gitstore__init_creates_repo_on_main),
	T_CASE(test_gitstore__commit_and_no_empty_commit),
	T_CASE(test_gitstore__deleted_file_leaves_next_commit),
	T_CASE(test_gitstore__ignored_files_never_committed),
	T_CASE(test_gitstore__gitignore_kept_and_completed),
	T_CASE(test_gitstore__stale_locks_removed_on_open),
	T_CASE(test_gitstore__corrupt_head_commit_is_reported),
	T_CASE(test_gitstore__missing_head_is_reported),
	T_CASE(test_gitstore__corrupt_index_is_rebuilt),
	T_CASE(test_gitstore__author_and_committer),
	T_CASE(test_gitstore__push_to_local_bare),
	T_CASE(test_gitstore__push_to_diverged_remote_is_rejected),
	T_CASE(test_gitstore__push_refused_ref_update_is_failure),
	T_CASE(test_gitstore__push_url_with_password_refused),
	T_CASE(test_gitstore__file_size_limit_fails_cleanly),
	T_CASE(test_gitstore__big_commit_packs_as_it_goes),
	T_CASE(test_gitstore__crash_before_commit_recovers),
	T_CASE(test_gitstore__crash_after_commit_is_complete),
	T_CASE(test_gitstore__known_hosts)
)
