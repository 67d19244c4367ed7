#include "fsutil.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "buf.h"

/*
 * Note on RLIMIT_FSIZE: a write past the limit raises SIGXFSZ, whose
 * default action kills the process. The program ignores SIGXFSZ (main
 * calls signal(SIGXFSZ, SIG_IGN)), so such a write fails with EFBIG and
 * is reported as ERR_IO like a full disk.
 */

#define FS_MAX_DEPTH	64

const char *
fs_strerror(int e)
{
	switch (e) {
	case ENOSPC:	return "no space left on device";
#ifdef EDQUOT
	case EDQUOT:	return "disk quota exceeded";
#endif
	case EROFS:	return "read-only file system";
	case EFBIG:	return "file too large";
	case EACCES:	return "permission denied";
	case ENOENT:	return "no such file or directory";
	case ENOTDIR:	return "not a directory";
	case EIO:	return "input/output error";
	default:	return strerror(e);
	}
}

/* the directory part of path ("." when there is none) */
static void
fs_dirname(struct buf *out, const char *path)
{
	const char *slash;

	buf_reset(out);
	slash = strrchr(path, '/');
	if (slash == NULL)
		buf_addstr(out, ".");
	else if (slash == path)
		buf_addstr(out, "/");
	else
		buf_add(out, path, (size_t)(slash - path));
}

/* fsync a directory so that entries created or removed in it are durable */
static int
fs_sync_dir(const char *dir)
{
	int fd, rc = 0, saved;

	fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd == -1)
		return -1;
	if (fsync(fd) == -1 && errno != EINVAL && errno != ENOTSUP)
		rc = -1;
	saved = errno;
	close(fd);
	errno = saved;
	return rc;
}

static int
fs_sync_parent(const char *path)
{
	struct buf dir = BUF_INIT;
	int rc;

	fs_dirname(&dir, path);
	rc = fs_sync_dir(dir.data);
	buf_release(&dir);
	return rc;
}

int
fs_mkdirs(const char *path, struct err *err)
{
	struct buf p = BUF_INIT;
	struct stat st;
	size_t i;
	int rc = 0;

	if (path == NULL || *path == '\0')
		return err_set(err, ERR_IO, "cannot create directory: empty path");
	buf_addstr(&p, path);
	while (p.len > 1 && p.data[p.len - 1] == '/')
		buf_truncate(&p, p.len - 1);
	for (i = 1; i <= p.len; i++) {
		if (i < p.len && p.data[i] != '/')
			continue;
		p.data[i] = '\0';
		if (mkdir(p.data, 0755) == 0) {
			/* make the new entry in the parent durable */
			if (fs_sync_parent(p.data) == -1) {
				rc = err_set(err, ERR_IO, "cannot create %s: %s",
				    p.data, fs_strerror(errno));
				goto out;
			}
		} else if (errno == EEXIST) {
			if (stat(p.data, &st) == -1 || !S_ISDIR(st.st_mode)) {
				errno = ENOTDIR;
				rc = err_set(err, ERR_IO, "cannot create %s: %s",
				    p.data, fs_strerror(errno));
				goto out;
			}
		} else {
			rc = err_set(err, ERR_IO, "cannot create %s: %s",
			    p.data, fs_strerror(errno));
			goto out;
		}
		if (i < p.len)
			p.data[i] = '/';
	}
out:
	buf_release(&p);
	return rc;
}

/* write all of data to fd, retrying on EINTR and short writes; -1 with
 * errno set (EIO for a write that wrote nothing) */
static int
fs_write_full(int fd, const void *data, size_t len)
{
	const char *p = data;
	ssize_t n;

	while (len > 0) {
		n = write(fd, p, len);
		if (n == -1) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		if (n == 0) {
			errno = EIO;
			return -1;
		}
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

int
fs_fill_close(int fd, const void *data, size_t len, int sync)
{
	int e;

	if (fs_write_full(fd, data, len) == -1 || (sync && fsync(fd) == -1)) {
		e = errno;
		close(fd);
		errno = e;
		return -1;
	}
	return close(fd);
}

int
fs_write_at(int dfd, const char *leaf, const char *name, const void *data,
    size_t len, const struct fs_wopts *o, struct err *err)
{
	char tmp[NAME_MAX + 1];
	int fd = -1, n, rc, e;

	n = snprintf(tmp, sizeof(tmp), "%s.tmp.%ld", leaf, (long)getpid());
	if (n < 0 || (size_t)n >= sizeof(tmp))
		return err_set(err, ERR_POLICY, "cannot write %s: name too "
		    "long", name);
	for (int tries = 0; tries < 2; tries++) {
		fd = openat(dfd, tmp, O_CREAT | O_EXCL | O_WRONLY | O_NOFOLLOW |
		    O_CLOEXEC, o->mode ? 0600 : 0644);
		if (fd != -1 || errno != EEXIST)
			break;
		/* left by an earlier process with our pid: never in use */
		unlinkat(dfd, tmp, 0);
	}
	if (fd == -1)
		return err_set(err, ERR_IO, "cannot write %s: %s", name,
		    fs_strerror(errno));
	/* the mode first: fd was opened for writing, so 0400 still writes */
	if (o->mode && fchmod(fd, o->mode) == -1) {
		e = errno;
		close(fd);
		errno = e;
		goto fail;
	}
	if (fs_fill_close(fd, data, len, o->sync) == -1)
		goto fail;
	crash_point("fs_write_atomic.before_rename");
	if (o->recheck != NULL && (rc = o->recheck(name, err)) < 0) {
		unlinkat(dfd, tmp, 0);
		return rc;
	}
	/* a link at the final name is replaced, never written through */
	if (renameat(dfd, tmp, dfd, leaf) == -1)
		goto fail;
	/* the new file is in place; a failure here leaves only its
	 * durability in doubt */
	if (o->sync && fsync(dfd) == -1 && errno != EINVAL && errno != ENOTSUP)
		return err_set(err, ERR_IO, "cannot write %s: %s", name,
		    fs_strerror(errno));
	return 0;
fail:
	e = errno;
	unlinkat(dfd, tmp, 0);
	return err_set(err, ERR_IO, "cannot write %s: %s", name,
	    fs_strerror(e));
}

/* fs_write_at() on a path: the directory is opened (created when mkdirs) */
static int
write_path(const char *path, int mkdirs, const void *data, size_t len,
    const struct fs_wopts *o, struct err *err)
{
	struct buf dir = BUF_INIT;
	const char *slash = strrchr(path, '/');
	int dfd, rc;

	fs_dirname(&dir, path);
	if (mkdirs && fs_mkdirs(dir.data, NULL) != 0) {
		/* fs_mkdirs leaves errno set */
		rc = err_set(err, ERR_IO, "cannot write %s: %s", path,
		    fs_strerror(errno));
		goto out;
	}
	dfd = open(dir.data, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dfd == -1) {
		rc = err_set(err, ERR_IO, "cannot write %s: %s", path,
		    fs_strerror(errno));
		goto out;
	}
	rc = fs_write_at(dfd, slash ? slash + 1 : path, path, data, len, o,
	    err);
	close(dfd);
out:
	buf_release(&dir);
	return rc;
}

int
fs_write_atomic(const char *path, const void *data, size_t len,
    struct err *err)
{
	static const struct fs_wopts o = { .sync = 1 };

	return write_path(path, 1, data, len, &o, err);
}

int
fs_write_replace(const char *path, const void *data, size_t len,
    struct err *err)
{
	static const struct fs_wopts o = { .sync = 0 };

	return write_path(path, 1, data, len, &o, err);
}

/*
 * Append in place: the old bytes are never read, copied or rewritten, so
 * a file of any size keeps every line it had (a failed read can no longer
 * turn into "the file was empty"). A last line without its newline gets
 * one first. A failed write is undone by truncating back to the old size;
 * durability is the caller's (the state's git commit). Closes fd.
 */
int
fs_append_fd(int fd, const char *path, const void *data, size_t len,
    struct err *err)
{
	struct stat st;
	char last = '\n';
	int rc = 0, e;

	if (fstat(fd, &st) == -1 || !S_ISREG(st.st_mode)) {
		e = S_ISREG(st.st_mode) ? errno : EINVAL;
		close(fd);
		return err_set(err, ERR_IO, "cannot append to %s: %s", path,
		    e == EINVAL ? "not a regular file" : fs_strerror(e));
	}
	if (st.st_size > 0 && pread(fd, &last, 1, st.st_size - 1) != 1) {
		e = errno;
		close(fd);
		return err_set(err, ERR_IO, "cannot read the end of %s: %s",
		    path, fs_strerror(e));
	}
	if ((last != '\n' && fs_write_full(fd, "\n", 1) == -1) ||
	    fs_write_full(fd, data, len) == -1) {
		e = errno;
		if (ftruncate(fd, st.st_size) == -1)
			e = errno;
		rc = err_set(err, ERR_IO, "cannot append to %s: %s", path,
		    fs_strerror(e));
	}
	if (close(fd) == -1 && rc == 0)
		rc = err_set(err, ERR_IO, "cannot append to %s: %s", path,
		    fs_strerror(errno));
	return rc;
}

/* what a non-regular file is, for messages */
static const char *
fs_kind(mode_t m)
{
	if (S_ISLNK(m))
		return "a symbolic link";
	if (S_ISDIR(m))
		return "a directory";
	if (S_ISCHR(m) || S_ISBLK(m))
		return "a device";
	if (S_ISFIFO(m))
		return "a FIFO";
	if (S_ISSOCK(m))
		return "a socket";
	return "not a regular file";
}

int
fs_regular_target(const char *path, struct err *err)
{
	struct buf dir = BUF_INIT;
	struct stat st;
	int rc = 0;

	if (path == NULL || *path == '\0')
		return err_set(err, ERR_IO, "cannot write: empty path");
	fs_dirname(&dir, path);
	/* the directory may be a link to one (an operator's choice) */
	if (stat(dir.data, &st) == -1 || !S_ISDIR(st.st_mode)) {
		rc = err_set(err, ERR_IO, "cannot write %s: directory %s does "
		    "not exist", path, dir.data);
		goto out;
	}
	if (lstat(path, &st) == -1) {
		if (errno != ENOENT)
			rc = err_set(err, ERR_IO, "cannot write %s: %s", path,
			    fs_strerror(errno));
		goto out;
	}
	if (!S_ISREG(st.st_mode))
		rc = err_set(err, ERR_IO, "cannot write %s: it is %s, not a "
		    "regular file", path, fs_kind(st.st_mode));
out:
	buf_release(&dir);
	return rc;
}

int
fs_write_regular(const char *path, const void *data, size_t len, mode_t mode,
    struct err *err)
{
	/* checked again before the rename: it would replace a link or a
	 * device that appeared meanwhile */
	const struct fs_wopts o = { .sync = 1, .mode = mode,
	    .recheck = fs_regular_target };
	int rc;

	if ((rc = fs_regular_target(path, err)) < 0)
		return rc;
	return write_path(path, 0, data, len, &o, err);
}

int
fs_remove(const char *path, struct err *err)
{
	if (unlink(path) == -1) {
		if (errno == ENOENT)
			return 0;
		return err_set(err, ERR_IO, "cannot remove %s: %s", path,
		    fs_strerror(errno));
	}
	if (fs_sync_parent(path) == -1)
		return err_set(err, ERR_IO, "cannot remove %s: %s", path,
		    fs_strerror(errno));
	return 0;
}

int
fs_exists(const char *path)
{
	struct stat st;

	return lstat(path, &st) == 0;
}

const struct dirent *
fs_next_entry(DIR *d, struct buf *path, size_t base, struct stat *st)
{
	const struct dirent *de;

	while ((de = readdir(d)) != NULL) {
		if (strcmp(de->d_name, ".") == 0 ||
		    strcmp(de->d_name, "..") == 0)
			continue;
		buf_truncate(path, base);
		buf_addch(path, '/');
		buf_addstr(path, de->d_name);
		if (lstat(path->data, st) == 0)
			return de;
	}
	return NULL;
}

/* what fs_clean_dir removes */
#define CLEAN_TEMPS	1	/* "*.tmp.*" files */
#define CLEAN_LINKS	2	/* symbolic links (never followed) */

static int
fs_clean_dir(struct buf *path, int depth, int what)
{
	DIR *d;
	const struct dirent *de;
	struct stat st;
	size_t base;
	int n = 0, removed = 0;

	if (depth > FS_MAX_DEPTH)
		return 0;
	d = opendir(path->data);
	if (d == NULL)
		return 0;
	base = path->len;
	while ((de = fs_next_entry(d, path, base, &st)) != NULL) {
		if (strcmp(de->d_name, ".git") == 0)
			continue;
		if (S_ISDIR(st.st_mode)) {
			n += fs_clean_dir(path, depth + 1, what);
			continue;
		}
		if (S_ISLNK(st.st_mode) ? !(what & CLEAN_LINKS) :
		    !(what & CLEAN_TEMPS) || strstr(de->d_name, ".tmp.") == NULL)
			continue;
		if (unlink(path->data) == 0) {
			n++;
			removed = 1;
		}
	}
	closedir(d);
	buf_truncate(path, base);
	if (removed)
		(void)fs_sync_dir(path->data);
	return n;
}

static int
fs_clean(const char *dir, int what)
{
	struct buf p = BUF_INIT;
	int n;

	buf_addstr(&p, dir);
	while (p.len > 1 && p.data[p.len - 1] == '/')
		buf_truncate(&p, p.len - 1);
	n = fs_clean_dir(&p, 0, what);
	buf_release(&p);
	return n;
}

int
fs_clean_temps(const char *dir)
{
	return fs_clean(dir, CLEAN_TEMPS);
}

int
fs_clean_links(const char *dir)
{
	return fs_clean(dir, CLEAN_LINKS);
}

/* the pid written in a lock file, or 0 */
static pid_t
fs_lock_holder(int fd)
{
	char line[32];
	ssize_t n;
	char *end;
	long v;

	n = pread(fd, line, sizeof(line) - 1, 0);
	if (n <= 0)
		return 0;
	line[n] = '\0';
	errno = 0;
	v = strtol(line, &end, 10);
	if (errno || end == line || (*end != '\n' && *end != '\0') ||
	    v <= 0 || v > INT_MAX)
		return 0;
	return (pid_t)v;
}

int
fs_lock(int *out, const char *path, pid_t *holder, struct err *err)
{
	char line[32];
	int fd, e, n;

	*out = -1;
	if (holder)
		*holder = 0;
	fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);
	if (fd == -1)
		return err_set(err, ERR_IO, "cannot open lock %s: %s", path,
		    fs_strerror(errno));
	while (flock(fd, LOCK_EX | LOCK_NB) == -1) {
		e = errno;
		if (e == EINTR)
			continue;
		if (e == EWOULDBLOCK) {
			pid_t pid = fs_lock_holder(fd);

			close(fd);
			if (holder)
				*holder = pid;
			if (pid > 0)
				return err_set(err, ERR_LOCKED,
				    "another run holds the lock (pid %ld)",
				    (long)pid);
			return err_set(err, ERR_LOCKED,
			    "another run holds the lock");
		}
		close(fd);
		return err_set(err, ERR_IO, "cannot lock %s: %s", path,
		    fs_strerror(e));
	}
	n = snprintf(line, sizeof(line), "%ld\n", (long)getpid());
	if (ftruncate(fd, 0) == -1 || pwrite(fd, line, (size_t)n, 0) != n) {
		e = errno;
		close(fd);
		return err_set(err, ERR_IO, "cannot write lock %s: %s", path,
		    fs_strerror(e));
	}
	*out = fd;
	return 0;
}

void
fs_unlock(int fd)
{
	if (fd >= 0)
		close(fd);
}

void
crash_point(const char *name)
{
	static char counted[128];
	static unsigned long calls;
	const char *env, *colon, *p;
	size_t nlen;
	unsigned long want;
	char *end;

	env = getenv("SIGWATCH_CRASH_AT");
	if (env == NULL || *env == '\0')
		return;
	if (strcmp(env, name) == 0)
		goto crash;
	colon = strrchr(env, ':');
	if (colon == NULL || colon[1] == '\0')
		return;
	for (p = colon + 1; *p; p++)
		if (*p < '0' || *p > '9')
			return;
	nlen = (size_t)(colon - env);
	if (strlen(name) != nlen || strncmp(env, name, nlen) != 0 ||
	    nlen >= sizeof(counted))
		return;
	errno = 0;
	want = strtoul(colon + 1, &end, 10);
	if (errno || want == 0)
		return;
	/* count per name; restart when the variable names another point */
	if (strcmp(counted, name) != 0) {
		memcpy(counted, name, nlen + 1);
		calls = 0;
	}
	if (++calls != want)
		return;
crash:
	fflush(NULL);
	raise(SIGKILL);
}
