/* syncfs(2) */
#define _GNU_SOURCE
#include "gitstore.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <fnmatch.h>
#include <git2.h>
#include <git2/sys/mempack.h>
#include <git2/sys/odb_backend.h>
#include <limits.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "buf.h"
#include "fsutil.h"
#include "gitpack.h"
#include "log.h"
#include "redact.h"
#include "util.h"
#include "xmalloc.h"

#define GS_IGNORE	".run/\n*.tmp.*\nrun.lock\n"
#define GS_MAX_AUTH	3
#define GS_MAX_DEPTH	32
#define GS_MAX_FILE	(1024 * 1024)
#define GS_MEMPACK_PRIORITY	1000	/* above the loose (1) and packs (2) */
#define GS_PENDING_MAX	(8u << 20)	/* new blob bytes held in memory */

struct gitstore {
	git_repository	*repo;
	char		*dir;
	git_odb_backend	*mem;	/* new objects until their pack is stored */
};

/* the text of libgit2's last error */
static const char *
gs_lasterr(void)
{
	static char msg[512];
	const git_error *e = git_error_last();
	size_t n;

	if (e == NULL || e->message == NULL || e->message[0] == '\0')
		return "unknown libgit2 error";
	snprintf(msg, sizeof(msg), "%s", e->message);
	/* our messages carry no trailing period or dangling ": " */
	n = strlen(msg);
	while (n > 0 && strchr(".: \t\r\n", msg[n - 1]) != NULL)
		msg[--n] = '\0';
	return n > 0 ? msg : "unknown libgit2 error";
}

/* errno values that mean "the disk cannot take it" */
static int
gs_errno_is_io(int e)
{
	return e == ENOSPC || e == EFBIG || e == EROFS || e == EIO
#ifdef EDQUOT
	    || e == EDQUOT
#endif
	    ;
}

/*
 * Report a failed libgit2 call as "<what>: <libgit2 message>". Disk full,
 * quota, read-only and file size limits are ERR_IO; so is any error that
 * libgit2 classes as an OS error. saved_errno is errno right after the
 * failing call.
 */
static int
gs_fail(struct err *err, int saved_errno, const char *what)
{
	const git_error *e = git_error_last();
	int code = ERR_GENERIC;

	if (gs_errno_is_io(saved_errno) ||
	    (e != NULL && e->klass == GIT_ERROR_OS))
		code = ERR_IO;
	return err_set(err, code, "%s: %s", what, gs_lasterr());
}

static int
gs_corrupt(struct err *err, const char *dir, const char *why)
{
	return err_set(err, ERR_CORRUPT, "state repository %s is corrupt: %s; "
	    "recover with 'git -C %s fsck' or re-clone from the remote; "
	    "sigwatch never re-initialises it (that would forget every seen "
	    "item)", dir, why, dir);
}

void
gitstore_global_init(void)
{
	if (git_libgit2_init() < 0)
		fatalx("cannot initialise libgit2: %s", gs_lasterr());
	/*
	 * Off by default: a commit writes thousands of objects, and one
	 * syncfs() before the ref moves makes them durable at the cost of
	 * one flush instead of one fsync each. The ref update itself runs
	 * with libgit2's fsync on (gs_update_ref).
	 */
	if (git_libgit2_opts(GIT_OPT_ENABLE_FSYNC_GITDIR, 0) < 0)
		log_warnx("state: cannot set fsync in libgit2: %s",
		    gs_lasterr());
}

/* flush the file system holding the repository: objects, index, tree */
static int
gs_syncfs(struct gitstore *gs)
{
	int fd = open(gs->dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC), rc;

	if (fd == -1)
		return -1;
	rc = syncfs(fd);
	close(fd);
	return rc;
}

/*
 * Point HEAD's branch at id if it still points at parent (NULL for the
 * first commit): GIT_EMODIFIED otherwise. Durable: libgit2 fsyncs the ref
 * file and its directory during this call.
 */
static int
gs_update_ref(struct gitstore *gs, const git_oid *id, const git_commit *parent,
    const char *message)
{
	git_reference *head = NULL, *out = NULL;
	const char *branch;
	int grc;

	if ((grc = git_reference_lookup(&head, gs->repo, "HEAD")) < 0)
		return grc;
	branch = git_reference_type(head) == GIT_REFERENCE_SYMBOLIC ?
	    git_reference_symbolic_target(head) : "HEAD";
	git_libgit2_opts(GIT_OPT_ENABLE_FSYNC_GITDIR, 1);
	if (parent)
		grc = git_reference_create_matching(&out, gs->repo, branch, id,
		    1, git_commit_id(parent), message);
	else
		grc = git_reference_create(&out, gs->repo, branch, id, 0,
		    message);
	git_libgit2_opts(GIT_OPT_ENABLE_FSYNC_GITDIR, 0);
	if (grc == GIT_EEXISTS)
		grc = GIT_EMODIFIED;	/* someone made the first commit */
	git_reference_free(out);
	git_reference_free(head);
	return grc;
}

static int
gs_has_suffix(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);

	return n >= m && strcmp(s + n - m, suffix) == 0;
}

/*
 * Remove every *.lock file in the directory path (recursively when
 * recurse is set). The caller holds the run lock, so they are stale.
 */
static int
gs_remove_locks(struct buf *path, int recurse, int depth, struct err *err)
{
	DIR *d;
	const struct dirent *de;
	struct stat st;
	size_t base = path->len;
	int rc = 0;

	if (depth > GS_MAX_DEPTH)
		return 0;
	d = opendir(path->data);
	if (d == NULL)
		return 0;
	while ((de = fs_next_entry(d, path, base, &st)) != NULL) {
		if (S_ISDIR(st.st_mode)) {
			if (recurse && (rc = gs_remove_locks(path, 1, depth + 1,
			    err)) != 0)
				break;
			continue;
		}
		if (!S_ISREG(st.st_mode) || !gs_has_suffix(de->d_name, ".lock"))
			continue;
		if ((rc = fs_remove(path->data, err)) != 0)
			break;
		log_warnx("state: removed stale %s (left by an interrupted run)",
		    path->data);
	}
	closedir(d);
	buf_truncate(path, base);
	return rc;
}

static int
gs_remove_stale_locks(const char *gitdir, struct err *err)
{
	static const char *const sub[] = { "refs", "logs" };
	struct buf p = BUF_INIT;
	size_t i;
	int rc;

	/* index.lock, HEAD.lock, config.lock, packed-refs.lock... */
	buf_addstr(&p, gitdir);
	if ((rc = gs_remove_locks(&p, 0, 0, err)) != 0)
		goto out;
	for (i = 0; i < sizeof(sub) / sizeof(sub[0]); i++) {
		buf_reset(&p);
		buf_addf(&p, "%s/%s", gitdir, sub[i]);
		if ((rc = gs_remove_locks(&p, 1, 0, err)) != 0)
			goto out;
	}
out:
	buf_release(&p);
	return rc;
}

/* HEAD must be unborn or name a readable commit with a readable tree */
static int
gs_check_head(git_repository *repo, const char *dir, struct err *err)
{
	git_reference *head = NULL;
	git_commit *commit = NULL;
	git_tree *tree = NULL;
	struct buf why = BUF_INIT;
	const git_oid *oid;
	int rc = 0, grc;

	grc = git_repository_head(&head, repo);
	if (grc == GIT_EUNBORNBRANCH)
		goto out;
	if (grc < 0) {
		buf_addf(&why, "cannot read HEAD: %s", gs_lasterr());
		goto corrupt;
	}
	oid = git_reference_target(head);
	if (oid == NULL) {
		buf_addstr(&why, "HEAD does not name a commit");
		goto corrupt;
	}
	if (git_commit_lookup(&commit, repo, oid) < 0) {
		buf_addf(&why, "cannot read HEAD commit: %s", gs_lasterr());
		goto corrupt;
	}
	if (git_commit_tree(&tree, commit) < 0) {
		buf_addf(&why, "cannot read HEAD tree: %s", gs_lasterr());
		goto corrupt;
	}
	goto out;
corrupt:
	rc = gs_corrupt(err, dir, why.data);
out:
	git_tree_free(tree);
	git_commit_free(commit);
	git_reference_free(head);
	buf_release(&why);
	return rc;
}

/* make sure .gitignore holds our patterns, keeping the user's own */
static int
gs_ensure_gitignore(const char *dir, struct err *err)
{
	static const char *const want[] = { ".run/", "*.tmp.*", "run.lock" };
	struct buf path = BUF_INIT, text = BUF_INIT;
	struct err rerr = ERR_INIT;
	char *old = NULL;
	size_t len = 0, i, n;
	const char *p, *nl;
	int rc = 0, found, changed = 0;

	buf_addf(&path, "%s/.gitignore", dir);
	if (read_file(&old, &len, path.data, GS_MAX_FILE, &rerr) != 0) {
		if (fs_exists(path.data)) {
			rc = err_set(err, ERR_IO, "%s", rerr.msg);
			goto out;
		}
		buf_addstr(&text, GS_IGNORE);
		changed = 1;
	} else {
		buf_add(&text, old, len);
		for (i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
			found = 0;
			n = strlen(want[i]);
			for (p = text.data; *p; p = nl + 1) {
				nl = strchr(p, '\n');
				if (nl == NULL)
					nl = p + strlen(p);
				if ((size_t)(nl - p) == n &&
				    strncmp(p, want[i], n) == 0)
					found = 1;
				if (*nl == '\0')
					break;
			}
			if (found)
				continue;
			if (text.len > 0 && text.data[text.len - 1] != '\n')
				buf_addch(&text, '\n');
			buf_addf(&text, "%s\n", want[i]);
			changed = 1;
		}
	}
	if (changed)
		rc = fs_write_atomic(path.data, text.data, text.len, err);
out:
	free(old);
	buf_release(&path);
	buf_release(&text);
	return rc;
}

static int
gs_init_repo(git_repository **out, const char *dir, struct err *err)
{
	git_repository_init_options opts;
	int grc, e;

	git_repository_init_options_init(&opts,
	    GIT_REPOSITORY_INIT_OPTIONS_VERSION);
	opts.flags = GIT_REPOSITORY_INIT_MKPATH | GIT_REPOSITORY_INIT_NO_REINIT;
	opts.initial_head = "main";
	errno = 0;
	grc = git_repository_init_ext(out, dir, &opts);
	e = errno;
	if (grc < 0)
		return gs_fail(err, e, "cannot create state repository");
	log_info("state: created repository %s", dir);
	return 0;
}

/*
 * Every object written through the repository goes to an in-memory
 * backend first (above the loose and pack backends: reads see it too),
 * and a commit stores them as one pack (gitpack_store). The odb owns it.
 */
static int
gs_attach_mempack(git_repository *repo, git_odb_backend **out,
    struct err *err)
{
	git_odb *odb = NULL;
	git_odb_backend *mem = NULL;
	int rc = 0;

	*out = NULL;
	if (git_repository_odb(&odb, repo) < 0 || git_mempack_new(&mem) < 0) {
		rc = gs_fail(err, errno, "cannot open the object database");
		goto out;
	}
	if (git_odb_add_backend(odb, mem, GS_MEMPACK_PRIORITY) < 0) {
		mem->free(mem);		/* not owned by the odb yet */
		rc = gs_fail(err, errno, "cannot open the object database");
		goto out;
	}
	*out = mem;
out:
	git_odb_free(odb);
	return rc;
}

/*
 * Open the repository afresh: a full repack removed packs the old handle
 * may hold open, and a failed commit leaves objects in the old handle's
 * caches that are on no disk.
 */
static int
gs_reopen(struct gitstore *gs, struct err *err)
{
	git_repository *repo = NULL;
	git_odb_backend *mem = NULL;

	if (git_repository_open_ext(&repo, gs->dir,
	    GIT_REPOSITORY_OPEN_NO_SEARCH, NULL) < 0)
		return gs_fail(err, errno, "cannot reopen the state repository");
	if (gs_attach_mempack(repo, &mem, err) != 0) {
		git_repository_free(repo);
		return -1;
	}
	git_repository_free(gs->repo);
	gs->repo = repo;
	gs->mem = mem;
	return 0;
}

int
gitstore_open(struct gitstore **out, const char *dir, struct err *err)
{
	git_odb_backend *mem = NULL;
	git_repository *repo = NULL;
	struct buf gitdir = BUF_INIT;
	struct stat st;
	int rc, grc;

	*out = NULL;
	if ((rc = fs_mkdirs(dir, err)) != 0)
		goto out;
	buf_addf(&gitdir, "%s/.git", dir);
	if (lstat(gitdir.data, &st) == -1) {
		if (errno != ENOENT) {
			rc = err_set(err, ERR_IO, "cannot read %s: %s",
			    gitdir.data, strerror(errno));
			goto out;
		}
		if ((rc = gs_init_repo(&repo, dir, err)) != 0)
			goto out;
	} else {
		if (S_ISDIR(st.st_mode) &&
		    (rc = gs_remove_stale_locks(gitdir.data, err)) != 0)
			goto out;
		grc = git_repository_open_ext(&repo, dir,
		    GIT_REPOSITORY_OPEN_NO_SEARCH, NULL);
		if (grc == GIT_EOWNER) {
			rc = err_set(err, ERR_GENERIC, "cannot open state "
			    "repository %s: %s", dir, gs_lasterr());
			goto out;
		}
		if (grc < 0) {
			rc = gs_corrupt(err, dir, gs_lasterr());
			goto out;
		}
		if (git_repository_is_bare(repo)) {
			rc = gs_corrupt(err, dir, "it is a bare repository");
			goto out;
		}
		if ((rc = gs_check_head(repo, dir, err)) != 0)
			goto out;
		gitpack_clean(repo);
	}
	if ((rc = gs_ensure_gitignore(dir, err)) != 0 ||
	    (rc = gs_attach_mempack(repo, &mem, err)) != 0)
		goto out;
	*out = xcalloc(1, sizeof(**out));
	(*out)->repo = repo;
	(*out)->dir = xstrdup(dir);
	(*out)->mem = mem;
	repo = NULL;		/* now owned by *out */
out:
	git_repository_free(repo);
	buf_release(&gitdir);
	return rc;
}

/* 1 when the repository has no commit on any branch */
static int
gs_no_branches(git_repository *repo)
{
	git_branch_iterator *it = NULL;
	git_reference *ref = NULL;
	git_branch_t type;
	int none = 1;

	if (git_branch_iterator_new(&it, repo, GIT_BRANCH_LOCAL) < 0)
		return 0;
	if (git_branch_next(&ref, &type, it) == 0)
		none = 0;
	git_reference_free(ref);
	git_branch_iterator_free(it);
	return none;
}

/* point HEAD at refs/heads/<branch> */
static int
gs_reattach(struct gitstore *gs, const char *full, const char *why,
    struct err *err)
{
	int e;

	errno = 0;
	if (git_repository_set_head(gs->repo, full) < 0) {
		e = errno;
		return gs_fail(err, e, "cannot set HEAD");
	}
	log_warnx("state: HEAD %s; moved it to %s", why, full);
	return 0;
}

int
gitstore_check_branch(struct gitstore *gs, const char *branch,
    struct err *err)
{
	git_reference *head = NULL, *br = NULL;
	struct buf full = BUF_INIT;
	const char *target;
	const git_oid *at;
	char hex[GIT_OID_HEXSZ + 1];
	int rc = 0;

	buf_addf(&full, "refs/heads/%s", branch);
	if (git_reference_lookup(&head, gs->repo, "HEAD") < 0) {
		rc = gs_corrupt(err, gs->dir, "cannot read HEAD");
		goto out;
	}
	if (git_reference_type(head) == GIT_REFERENCE_SYMBOLIC) {
		target = git_reference_symbolic_target(head);
		if (strcmp(target, full.data) == 0)
			goto out;
		/* an empty repository (git init elsewhere): nothing to lose */
		if (gs_no_branches(gs->repo)) {
			rc = gs_reattach(gs, full.data, "named a branch with no "
			    "commit in an empty repository", err);
			goto out;
		}
		rc = err_set(err, ERR_LOCKED, "HEAD is on branch '%s', not "
		    "'%s': runs would commit there and items seen there would "
		    "alert again on '%s'; check it out ('git -C %s checkout "
		    "%s') or set state_git.branch",
		    strncmp(target, "refs/heads/", 11) == 0 ? target + 11 :
		    target, branch, branch, gs->dir, branch);
		goto out;
	}
	/* detached: safe to reattach only where the branch already is */
	at = git_reference_target(head);
	if (at != NULL && git_reference_lookup(&br, gs->repo, full.data) == 0 &&
	    git_reference_target(br) != NULL &&
	    git_oid_equal(at, git_reference_target(br))) {
		rc = gs_reattach(gs, full.data, "was detached at the tip of "
		    "the branch", err);
		goto out;
	}
	if (at != NULL)
		git_oid_tostr(hex, sizeof(hex), at);
	else
		snprintf(hex, sizeof(hex), "?");
	rc = err_set(err, ERR_LOCKED, "detached HEAD (at %.12s), not on "
	    "branch '%s': runs would commit to no branch and items seen there "
	    "would alert again; once the work there is saved, check out '%s' "
	    "('git -C %s checkout %s')", hex, branch, branch, gs->dir, branch);
out:
	git_reference_free(br);
	git_reference_free(head);
	buf_release(&full);
	return rc;
}

void
gitstore_free(struct gitstore *gs)
{
	if (gs == NULL)
		return;
	git_repository_free(gs->repo);
	free(gs->dir);
	free(gs);
}

/*
 * HEAD's commit, or NULL in *out for an unborn branch. Returns a libgit2
 * error code.
 */
static int
gs_head_commit(git_commit **out, git_repository *repo)
{
	git_oid oid;
	int grc;

	*out = NULL;
	grc = git_reference_name_to_id(&oid, repo, "HEAD");
	if (grc == GIT_ENOTFOUND || grc == GIT_EUNBORNBRANCH) {
		git_error_clear();
		return 0;
	}
	if (grc < 0)
		return grc;
	return git_commit_lookup(out, repo, &oid);
}

/*
 * The repository's index. The index is a cache: when it cannot be parsed
 * it is rebuilt from HEAD's tree.
 */
static int
gs_index(git_index **out, struct gitstore *gs, struct err *err)
{
	const git_error *ge;
	git_commit *head = NULL;
	git_tree *tree = NULL;
	struct buf path = BUF_INIT;
	int rc = 0, grc, e;

	*out = NULL;
	errno = 0;
	grc = git_repository_index(out, gs->repo);
	e = errno;
	if (grc == 0)
		goto out;
	ge = git_error_last();
	if (ge == NULL || ge->klass != GIT_ERROR_INDEX) {
		rc = gs_fail(err, e, "cannot read the index");
		goto out;
	}
	log_warnx("state: index unreadable (%s); rebuilding it from HEAD",
	    gs_lasterr());
	buf_addf(&path, "%s/index", git_repository_path(gs->repo));
	if ((rc = fs_remove(path.data, err)) != 0)
		goto out;
	errno = 0;
	if ((grc = git_repository_index(out, gs->repo)) < 0 ||
	    (grc = gs_head_commit(&head, gs->repo)) < 0 ||
	    (head != NULL && (grc = git_commit_tree(&tree, head)) < 0) ||
	    (tree != NULL && (grc = git_index_read_tree(*out, tree)) < 0)) {
		rc = gs_fail(err, errno, "cannot rebuild the index");
		goto out;
	}
out:
	if (rc != 0 && *out != NULL) {
		git_index_free(*out);
		*out = NULL;
	}
	git_tree_free(tree);
	git_commit_free(head);
	buf_release(&path);
	return rc;
}

/* "sigwatch <sigwatch@HOST>" with HOST reduced to [A-Za-z0-9.-] */
static int
gs_signature(git_signature **out, struct err *err)
{
	char host[256], email[300];
	size_t i;
	int e;

	if (gethostname(host, sizeof(host)) == -1)
		host[0] = '\0';
	host[sizeof(host) - 1] = '\0';
	for (i = 0; host[i]; i++)
		if (!isalnum((unsigned char)host[i]) && host[i] != '.' &&
		    host[i] != '-')
			host[i] = '-';
	if (host[0] == '\0')
		snprintf(host, sizeof(host), "localhost");
	snprintf(email, sizeof(email), "sigwatch@%s", host);
	errno = 0;
	if (git_signature_now(out, "sigwatch", email) < 0) {
		e = errno;
		return gs_fail(err, e, "cannot make the commit signature");
	}
	return 0;
}

static int commit_staged(struct gitstore *, const char *, char *const *,
    size_t, int, int *, struct err *);

/*
 * After a commit: repack when the thresholds say so. A failure costs
 * disk, not data, so it is logged and the run goes on. A full repack
 * removes packs this repository may hold open: reopen it.
 */
static void
gs_pack(struct gitstore *gs)
{
	struct gitpack_stats st;
	struct err err = ERR_INIT;

	if (gitpack_auto(gs->repo, 0, &st, &err) < 0) {
		log_warnx("state: packing failed, retried next commit: %s",
		    err.msg);
		return;
	}
	if (st.packed == 2 && gs_reopen(gs, &err) != 0)
		log_warnx("state: %s", err.msg);
}

int
gitstore_commit(struct gitstore *gs, const char *message, int *committed,
    struct err *err)
{
	return commit_staged(gs, message, NULL, 0, 1, committed, err);
}

int
gitstore_commit_paths(struct gitstore *gs, const char *message,
    char *const *paths, size_t npaths, int *committed, struct err *err)
{
	return commit_staged(gs, message, paths, npaths, 0, committed, err);
}

/*
 * A commit's new blobs wait in memory for its pack; past GS_PENDING_MAX
 * bytes (a first run, a migration) those staged so far are stored as a
 * pack of their own, so memory stays bounded. The ref still moves only
 * after every pack of the commit is flushed.
 */
static int
gs_pending(struct gitstore *gs, git_index *idx, const char *path,
    struct gitpack_ids *pend, uint64_t *bytes, struct err *err)
{
	const git_index_entry *e = git_index_get_bypath(idx, path, 0);
	char name[GIT_OID_HEXSZ + 1];
	size_t n = pend->n;
	int rc;

	if (e == NULL)
		return 0;
	gitpack_ids_add(pend, gs->mem, &e->id);
	if (pend->n > n)
		*bytes += e->file_size;
	if (*bytes < GS_PENDING_MAX)
		return 0;
	if ((rc = gitpack_store_list(gs->repo, pend, name, err)) != 0)
		return rc;
	crash_point("gitstore_commit.chunk");
	git_mempack_reset(gs->mem);
	*bytes = 0;
	return 0;
}

/*
 * Stage in idx (in memory: the index file is written only once the
 * objects it names are durable) every change of the work tree (scan),
 * or the given paths. New blobs go to the in-memory backend.
 */
static int
gs_stage(struct gitstore *gs, git_index *idx, char *const *paths,
    size_t npaths, int scan, struct err *err)
{
	char star[] = "*";
	char *all[] = { star };
	git_strarray spec = { all, 1 };
	struct gitpack_ids pend = { NULL, 0, 0 };
	uint64_t bytes = 0;
	int grc, rc = 0;

	errno = 0;
	if (scan && ((grc = git_index_add_all(idx, &spec,
	    GIT_INDEX_ADD_DEFAULT, NULL, NULL)) < 0 ||
	    (grc = git_index_update_all(idx, &spec, NULL, NULL)) < 0))
		return gs_fail(err, errno, "cannot stage the state");
	for (size_t i = 0; rc == 0 && !scan && i < npaths; i++) {
		struct buf full = BUF_INIT;
		int exists;

		buf_addf(&full, "%s/%s", gs->dir, paths[i]);
		exists = fs_exists(full.data);
		buf_release(&full);
		errno = 0;
		grc = exists ? git_index_add_bypath(idx, paths[i]) :
		    git_index_remove_bypath(idx, paths[i]);
		if (grc < 0)
			rc = gs_fail(err, errno, "cannot stage the state");
		else if (exists)
			rc = gs_pending(gs, idx, paths[i], &pend, &bytes, err);
	}
	gitpack_ids_release(&pend);
	return rc;
}

static int
gs_write_index(git_index *idx, struct err *err)
{
	errno = 0;
	if (git_index_write(idx) < 0)
		return gs_fail(err, errno, "cannot write the index");
	return 0;
}

/*
 * Make the commit id durable before any ref names it: its new objects
 * become one pack, flushed with one syncfs; only then is the index file
 * written, since its entries name those objects (an index naming objects
 * that a crash lost would make the next commit's tree incomplete).
 */
static int
gs_store(struct gitstore *gs, git_index *idx, const git_oid *id,
    struct err *err)
{
	char name[GIT_OID_HEXSZ + 1];
	int rc;

	if ((rc = gitpack_store(gs->repo, gs->mem, id, name, err)) != 0)
		return rc;
	crash_point("gitstore_commit.packed");
	if (gs_syncfs(gs) == -1)
		return err_set(err, gs_errno_is_io(errno) ? ERR_IO :
		    ERR_GENERIC, "cannot flush the state: %s",
		    strerror(errno));
	/* the pack backend finds them now (it rescans on a miss) */
	git_mempack_reset(gs->mem);
	crash_point("gitstore_commit.synced");
	if ((rc = gs_write_index(idx, err)) != 0)
		return rc;
	crash_point("gitstore_commit.indexed");
	return 0;
}

/*
 * After a failure: objects the commit wrote are in memory only, and the
 * repository's caches and index may name them. Drop them all.
 */
static void
gs_discard(struct gitstore *gs)
{
	struct err err = ERR_INIT;

	git_mempack_reset(gs->mem);
	if (gs_reopen(gs, &err) != 0)
		log_warnx("state: %s", err.msg);
}

static int
commit_staged(struct gitstore *gs, const char *message, char *const *paths,
    size_t npaths, int scan, int *committed, struct err *err)
{
	git_index *idx = NULL;
	git_commit *parent = NULL;
	git_tree *tree = NULL;
	git_signature *sig = NULL;
	git_oid tree_id, commit_id;
	const git_commit *parents[1];
	int rc = 0, grc = 0, attempt, e;

	*committed = 0;
	if (message == NULL || *message == '\0')
		message = "sigwatch run";
	if ((rc = gs_index(&idx, gs, err)) != 0 ||
	    (rc = gs_stage(gs, idx, paths, npaths, scan, err)) != 0)
		goto out;
	errno = 0;
	if ((grc = git_index_write_tree(&tree_id, idx)) < 0 ||
	    (grc = git_tree_lookup(&tree, gs->repo, &tree_id)) < 0) {
		rc = gs_fail(err, errno, "cannot write the tree");
		goto out;
	}
	if ((rc = gs_signature(&sig, err)) != 0)
		goto out;
	for (attempt = 0; attempt < 2; attempt++) {
		git_commit_free(parent);
		parent = NULL;
		errno = 0;
		if ((grc = gs_head_commit(&parent, gs->repo)) < 0) {
			rc = gs_fail(err, errno, "cannot read HEAD");
			goto out;
		}
		if (parent != NULL &&
		    git_oid_equal(git_commit_tree_id(parent), &tree_id)) {
			/* nothing changed, no empty commit; every blob the
			 * index names is HEAD's, so it may be written */
			rc = gs_write_index(idx, err);
			goto out;
		}
		parents[0] = parent;
		crash_point("gitstore_commit.before");
		errno = 0;
		grc = git_commit_create(&commit_id, gs->repo, NULL, sig, sig,
		    NULL, message, tree, parent ? 1 : 0, parents);
		if (grc < 0) {
			rc = gs_fail(err, errno, "cannot commit the state");
			goto out;
		}
		/* objects first, durably; then the ref, durably */
		if ((rc = gs_store(gs, idx, &commit_id, err)) != 0)
			goto out;
		errno = 0;
		grc = gs_update_ref(gs, &commit_id, parent, message);
		e = errno;
		if (grc == GIT_EMODIFIED && attempt == 0) {
			log_warnx("state: HEAD moved during the commit (%s); "
			    "retrying once", gs_lasterr());
			continue;
		}
		if (grc < 0) {
			rc = gs_fail(err, e, "cannot commit the state");
			goto out;
		}
		*committed = 1;
		crash_point("gitstore_commit.after");
		break;
	}
out:
	git_signature_free(sig);
	git_tree_free(tree);
	git_commit_free(parent);
	git_index_free(idx);
	if (rc != 0)
		gs_discard(gs);
	else if (*committed)
		gs_pack(gs);
	return rc;
}

int
gitstore_count(struct gitstore *gs, size_t *count, struct err *err)
{
	git_revwalk *walk = NULL;
	git_oid oid;
	size_t n = 0;
	int rc = 0, grc;

	*count = 0;
	if (git_repository_head_unborn(gs->repo) == 1)
		goto out;
	if ((grc = git_revwalk_new(&walk, gs->repo)) < 0) {
		rc = gs_fail(err, errno, "cannot walk the history");
		goto out;
	}
	grc = git_revwalk_push_head(walk);
	if (grc == GIT_ENOTFOUND || grc == GIT_EUNBORNBRANCH) {
		git_error_clear();
		goto out;
	}
	if (grc < 0) {
		rc = gs_fail(err, errno, "cannot walk the history");
		goto out;
	}
	while ((grc = git_revwalk_next(&oid, walk)) == 0)
		n++;
	if (grc != GIT_ITEROVER) {
		rc = gs_fail(err, errno, "cannot walk the history");
		goto out;
	}
	*count = n;
out:
	git_revwalk_free(walk);
	return rc;
}

int
gitstore_dirty(struct gitstore *gs)
{
	git_status_options opts;
	git_status_list *list = NULL;
	int dirty;

	git_status_options_init(&opts, GIT_STATUS_OPTIONS_VERSION);
	opts.show = GIT_STATUS_SHOW_INDEX_AND_WORKDIR;
	opts.flags = GIT_STATUS_OPT_INCLUDE_UNTRACKED |
	    GIT_STATUS_OPT_RECURSE_UNTRACKED_DIRS;
	if (git_status_list_new(&list, gs->repo, &opts) < 0) {
		/* cannot tell: say dirty, the next commit restages all */
		log_warnx("state: cannot read the work tree status: %s",
		    gs_lasterr());
		return 1;
	}
	dirty = git_status_list_entrycount(list) > 0;
	git_status_list_free(list);
	return dirty;
}

/*
 * known_hosts matching for ssh remotes: libgit2 1.5 accepts any host key
 * unless the certificate callback checks it.
 */

/* decode base64 s (n bytes, padded) into a new buffer */
static unsigned char *
gs_b64_decode(const char *s, size_t n, size_t *outlen)
{
	unsigned char *out;
	int len, pad = 0;

	if (n == 0 || n % 4 != 0 || n > INT_MAX)
		return NULL;
	out = xmalloc(n / 4 * 3 + 1);
	len = EVP_DecodeBlock(out, (const unsigned char *)s, (int)n);
	if (len < 0) {
		free(out);
		return NULL;
	}
	if (s[n - 1] == '=')
		pad++;
	if (s[n - 2] == '=')
		pad++;
	*outlen = (size_t)len - (size_t)pad;
	return out;
}

/* does one known_hosts host pattern (hashed, wildcard or plain) match? */
static int
gs_host_pattern(const char *pat, size_t plen, const char *host)
{
	char buf[512];
	const char *bar;
	unsigned char *salt = NULL, *hash = NULL, md[EVP_MAX_MD_SIZE];
	unsigned int mdlen = 0;
	size_t saltlen = 0, hashlen = 0;
	int match = 0;

	if (plen >= sizeof(buf))
		return 0;
	if (plen > 3 && strncmp(pat, "|1|", 3) == 0) {
		bar = memchr(pat + 3, '|', plen - 3);
		if (bar == NULL)
			return 0;
		salt = gs_b64_decode(pat + 3, (size_t)(bar - pat - 3),
		    &saltlen);
		hash = gs_b64_decode(bar + 1, plen - (size_t)(bar + 1 - pat),
		    &hashlen);
		if (salt != NULL && hash != NULL && hashlen == 20 &&
		    HMAC(EVP_sha1(), salt, (int)saltlen,
		    (const unsigned char *)host, strlen(host), md, &mdlen) &&
		    mdlen == 20 && memcmp(md, hash, 20) == 0)
			match = 1;
		free(salt);
		free(hash);
		return match;
	}
	memcpy(buf, pat, plen);
	buf[plen] = '\0';
	return fnmatch(buf, host, 0) == 0;
}

/* 1 when the comma-separated host list of a known_hosts line names host */
static int
gs_host_list(const char *list, size_t len, const char *host)
{
	const char *p = list, *end = list + len, *comma;
	int match = 0, neg;

	while (p < end) {
		comma = memchr(p, ',', (size_t)(end - p));
		if (comma == NULL)
			comma = end;
		neg = *p == '!';
		if (gs_host_pattern(p + neg, (size_t)(comma - p - neg), host)) {
			if (neg)
				return 0;
			match = 1;
		}
		p = comma + 1;
	}
	return match;
}

int
gitstore_knownhosts_match(const char *text, size_t len, const char *host,
    const void *key, size_t keylen)
{
	char lhost[256];
	const char *line = text, *end = text + len, *nl, *f[4];
	size_t flen[4], nf, i, blen;
	unsigned char *blob;
	int result = 0, revoked, same;

	if (strlen(host) >= sizeof(lhost))
		return 0;
	for (i = 0; host[i]; i++)
		lhost[i] = (char)tolower((unsigned char)host[i]);
	lhost[i] = '\0';
	for (; line < end; line = nl + 1) {
		const char *p;

		nl = memchr(line, '\n', (size_t)(end - line));
		if (nl == NULL)
			nl = end;
		/* split into up to four blank-separated fields */
		p = line;
		for (nf = 0; nf < 4; nf++) {
			while (p < nl && (*p == ' ' || *p == '\t' || *p == '\r'))
				p++;
			if (p >= nl || *p == '#')
				break;
			f[nf] = p;
			while (p < nl && *p != ' ' && *p != '\t' && *p != '\r')
				p++;
			flen[nf] = (size_t)(p - f[nf]);
		}
		revoked = 0;
		i = 0;
		if (nf > 0 && f[0][0] == '@') {
			if (flen[0] == 8 && strncmp(f[0], "@revoked", 8) == 0)
				revoked = 1;
			else
				continue;	/* @cert-authority: unsupported */
			i = 1;
		}
		if (nf < i + 3)
			continue;
		if (!gs_host_list(f[i], flen[i], lhost))
			continue;
		blob = gs_b64_decode(f[i + 2], flen[i + 2], &blen);
		if (blob == NULL)
			continue;
		same = blen == keylen && memcmp(blob, key, keylen) == 0;
		free(blob);
		if (same && revoked)
			return -1;
		if (same)
			result = 1;
		else if (result == 0)
			result = -1;
	}
	return result;
}

static int
gs_check_hostkey(const git_cert_hostkey *hk, const char *host)
{
	const char *files[3];
	struct buf home = BUF_INIT;
	struct err rerr = ERR_INIT;
	char *text;
	size_t len, i, n = 0;
	int r, best = 0;

	if (!(hk->type & GIT_CERT_SSH_RAW) || hk->hostkey == NULL) {
		git_error_set_str(GIT_ERROR_SSH, "the ssh host key of the "
		    "remote is not available for checking");
		return GIT_ECERTIFICATE;
	}
	if (getenv("SIGWATCH_SSH_KNOWN_HOSTS") != NULL)
		files[n++] = getenv("SIGWATCH_SSH_KNOWN_HOSTS");
	else {
		if (getenv("HOME") != NULL) {
			buf_addf(&home, "%s/.ssh/known_hosts", getenv("HOME"));
			files[n++] = home.data;
		}
		files[n++] = "/etc/ssh/ssh_known_hosts";
	}
	for (i = 0; i < n && best != -1; i++) {
		text = NULL;
		if (read_file(&text, &len, files[i], GS_MAX_FILE, &rerr) != 0)
			continue;
		r = gitstore_knownhosts_match(text, len, host, hk->hostkey,
		    hk->hostkey_len);
		free(text);
		if (r == -1 || (r == 1 && best == 0))
			best = r;
	}
	buf_release(&home);
	if (best == 1)
		return 0;
	if (best == -1)
		git_error_set_str(GIT_ERROR_SSH, "the ssh host key of the "
		    "remote does not match known_hosts (or is revoked)");
	else
		git_error_set_str(GIT_ERROR_SSH, "the ssh host key of the "
		    "remote is not in known_hosts; add it with ssh-keyscan or "
		    "set $SIGWATCH_SSH_KNOWN_HOSTS");
	return GIT_ECERTIFICATE;
}

struct gs_push {
	int		 auth_tries;
	struct buf	 rejected;	/* "ref: status" of refused refs */
};

static int
gs_cert_cb(git_cert *cert, int valid, const char *host, void *payload)
{
	(void)valid;
	(void)payload;
	if (cert->cert_type == GIT_CERT_HOSTKEY_LIBSSH2)
		return gs_check_hostkey((const git_cert_hostkey *)cert,
		    host ? host : "");
	/* TLS: libgit2's own verification decides */
	return GIT_PASSTHROUGH;
}

/* user and password from the file named by $SIGWATCH_GIT_CREDENTIALS */
static int
gs_userpass(git_credential **out, const char *username_from_url)
{
	struct err rerr = ERR_INIT;
	struct stat st;
	const char *path = getenv("SIGWATCH_GIT_CREDENTIALS");
	char *text = NULL, *user, *pass, *nl;
	size_t len = 0;
	int grc = GIT_EAUTH;

	if (path == NULL || *path == '\0') {
		git_error_set_str(GIT_ERROR_NET, "the remote wants a password; "
		    "set $SIGWATCH_GIT_CREDENTIALS to a file holding the user "
		    "and the password or token on two lines");
		return GIT_EAUTH;
	}
	if (stat(path, &st) == 0 && (st.st_mode & 004))
		log_warnx("state: credentials file %s is world-readable",
		    path);
	if (read_file(&text, &len, path, 4096, &rerr) != 0) {
		git_error_set_str(GIT_ERROR_NET, rerr.msg);
		return GIT_EAUTH;
	}
	user = text;
	nl = strchr(user, '\n');
	if (nl == NULL)
		goto bad;
	*nl = '\0';
	pass = nl + 1;
	if ((nl = strchr(pass, '\n')) != NULL)
		*nl = '\0';
	user[strcspn(user, "\r")] = '\0';
	pass[strcspn(pass, "\r")] = '\0';
	if (*user == '\0' || *pass == '\0')
		goto bad;
	/* a remote's error text that quotes it is redacted */
	redact_add(pass);
	if (username_from_url != NULL && *username_from_url != '\0' &&
	    strcmp(username_from_url, user) != 0)
		log_warnx("state: the remote URL names user %s but the "
		    "credentials file another; using the file's",
		    username_from_url);
	grc = git_credential_userpass_plaintext_new(out, user, pass);
	goto out;
bad:
	git_error_set_str(GIT_ERROR_NET, "the credentials file must hold "
	    "the user and the password or token on two lines");
out:
	explicit_bzero(text, len);
	free(text);
	return grc;
}

static int
gs_cred_cb(git_credential **out, const char *url,
    const char *username_from_url, unsigned int allowed, void *payload)
{
	struct gs_push *ctx = payload;
	const char *user;

	(void)url;
	if (++ctx->auth_tries > GS_MAX_AUTH) {
		git_error_set_str(GIT_ERROR_NET, "authentication failed "
		    "after 3 attempts");
		return GIT_EAUTH;
	}
	user = username_from_url && *username_from_url ? username_from_url :
	    "git";
	if (allowed & GIT_CREDENTIAL_SSH_KEY)
		return git_credential_ssh_key_from_agent(out, user);
	if (allowed & GIT_CREDENTIAL_USERPASS_PLAINTEXT)
		return gs_userpass(out, username_from_url);
	if (allowed & GIT_CREDENTIAL_USERNAME)
		return git_credential_username_new(out, user);
	git_error_set_str(GIT_ERROR_NET, "the remote asks for an unsupported "
	    "kind of authentication");
	return GIT_EAUTH;
}

static int
gs_update_ref_cb(const char *refname, const char *status, void *payload)
{
	struct gs_push *ctx = payload;

	if (status == NULL)
		return 0;
	if (ctx->rejected.len > 0)
		buf_addstr(&ctx->rejected, "; ");
	buf_addf(&ctx->rejected, "%s: %s", refname, status);
	return 0;
}

/* 1 when a URL carries a password ("scheme://user:pass@host/...") */
static int
gs_url_has_password(const char *url)
{
	const char *auth, *end, *at, *colon;

	auth = strstr(url, "://");
	if (auth == NULL)
		return 0;
	auth += 3;
	end = auth + strcspn(auth, "/?#");
	at = memchr(auth, '@', (size_t)(end - auth));
	if (at == NULL)
		return 0;
	colon = memchr(auth, ':', (size_t)(at - auth));
	return colon != NULL;
}

int
gitstore_push(struct gitstore *gs, const char *url, struct err *err)
{
	git_push_options opts;
	git_remote_create_options copts;
	struct gs_push ctx = { 0, BUF_INIT };
	git_reference *head = NULL;
	git_remote *remote = NULL;
	struct buf refspec = BUF_INIT;
	char *specs[1];
	git_strarray arr = { specs, 1 };
	const char *branch;
	int rc = 0, grc, e;

	git_push_options_init(&opts, GIT_PUSH_OPTIONS_VERSION);
	if (url == NULL || *url == '\0')
		return err_set(err, ERR_CONFIG, "no remote to push to");
	if (gs_url_has_password(url))
		return err_set(err, ERR_CONFIG, "the remote URL must not hold "
		    "a password; use $SIGWATCH_GIT_CREDENTIALS");
	grc = git_repository_head(&head, gs->repo);
	if (grc == GIT_EUNBORNBRANCH || grc == GIT_ENOTFOUND) {
		git_error_clear();
		goto out;	/* no commit yet: nothing to push */
	}
	if (grc < 0) {
		rc = gs_fail(err, errno, "cannot read HEAD");
		goto out;
	}
	branch = git_reference_name(head);
	if (!git_reference_is_branch(head) || branch == NULL) {
		rc = err_set(err, ERR_GENERIC, "cannot push: HEAD is not on "
		    "a branch");
		goto out;
	}
	/* never "+": a diverged remote is refused, not overwritten */
	buf_addf(&refspec, "%s:%s", branch, branch);
	specs[0] = refspec.data;
	errno = 0;
	/*
	 * An anonymous remote (name NULL): the URL is never written to
	 * .git/config. insteadOf rewriting is skipped so the URL used is the
	 * one configured (and libgit2 1.5 leaks a regex match per lookup).
	 */
	git_remote_create_options_init(&copts, GIT_REMOTE_CREATE_OPTIONS_VERSION);
	copts.repository = gs->repo;
	copts.flags = GIT_REMOTE_CREATE_SKIP_INSTEADOF |
	    GIT_REMOTE_CREATE_SKIP_DEFAULT_FETCHSPEC;
	if ((grc = git_remote_create_with_opts(&remote, url, &copts)) < 0) {
		e = errno;
		rc = gs_fail(err, e, "cannot push");
		goto out;
	}
	opts.callbacks.credentials = gs_cred_cb;
	opts.callbacks.certificate_check = gs_cert_cb;
	opts.callbacks.push_update_reference = gs_update_ref_cb;
	opts.callbacks.payload = &ctx;
	errno = 0;
	grc = git_remote_push(remote, &arr, &opts);
	e = errno;
	if (grc == GIT_ENONFASTFORWARD) {
		rc = err_set(err, ERR_GENERIC, "push rejected: %s",
		    gs_lasterr());
		goto out;
	}
	if (grc < 0) {
		rc = gs_fail(err, e, "push failed");
		goto out;
	}
	/* libgit2 returns 0 when the remote refuses a ref (libgit2#3963) */
	if (ctx.rejected.len > 0) {
		rc = err_set(err, ERR_GENERIC, "push rejected: %s",
		    ctx.rejected.data);
		goto out;
	}
out:
	git_remote_free(remote);
	git_reference_free(head);
	buf_release(&refspec);
	buf_release(&ctx.rejected);
	return rc;
}
