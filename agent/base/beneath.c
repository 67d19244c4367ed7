#include "beneath.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "buf.h"
#include "fsutil.h"
#include "util.h"

#ifndef NAME_MAX
#define NAME_MAX 255
#endif

/* open_parent() flags */
#define MKDIRS	1	/* create missing directories */
#define SYNC	2	/* ... and fsync the directory that got one */

int
beneath_rel_valid(const char *rel)
{
	const char *p = rel, *e;

	if (rel == NULL || *rel == '\0' || *rel == '/')
		return 0;
	for (;;) {
		e = strchr(p, '/');
		if (e == NULL)
			e = p + strlen(p);
		if (e == p || (e - p == 1 && p[0] == '.') ||
		    (e - p == 2 && p[0] == '.' && p[1] == '.') ||
		    e - p > NAME_MAX)
			return 0;
		if (*e == '\0')
			return 1;
		p = e + 1;
	}
}

int
beneath_name_valid(const char *s)
{
	size_t n = 0;

	if (s == NULL || *s == '.')
		return 0;
	for (; s[n] != '\0'; n++)
		if (n >= 64 || !((s[n] >= 'a' && s[n] <= 'z') ||
		    (s[n] >= 'A' && s[n] <= 'Z') ||
		    (s[n] >= '0' && s[n] <= '9') ||
		    s[n] == '.' || s[n] == '_' || s[n] == '-'))
			return 0;
	return n > 0;
}

/* the error for a component that did not open: a link is refused by name */
static int
walk_fail(int dfd, const char *comp, int e, const char *what,
    const char *root, const char *rel, size_t prefix, struct err *err)
{
	struct stat st;

	if ((e == ELOOP || e == ENOTDIR || e == EMLINK) &&
	    fstatat(dfd, comp, &st, AT_SYMLINK_NOFOLLOW) == 0 &&
	    S_ISLNK(st.st_mode))
		return err_set(err, ERR_POLICY, "cannot %s %s/%s: %.*s is a "
		    "symbolic link; refused", what, root, rel, (int)prefix,
		    rel);
	return err_set(err, e == ENOENT ? ERR_NOTFOUND : ERR_IO,
	    "cannot %s %s/%s: %s", what, root, rel, fs_strerror(e));
}

/*
 * Open the directory that holds rel's last component, walking down from
 * root one component at a time without following links; *leaf points into
 * rel at the last component.
 */
static int
open_parent(int *out, const char **leaf, const char *root, const char *rel,
    int flags, const char *what, struct err *err)
{
	char comp[NAME_MAX + 1];
	const char *p = rel, *slash;
	int fd, next, e;

	*out = -1;
	if (!beneath_rel_valid(rel))
		return err_set(err, ERR_POLICY, "cannot %s %s/%s: unsafe path; "
		    "refused", what, root, rel);
	fd = open(root, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd == -1) {
		e = errno;
		return err_set(err, e == ENOENT ? ERR_NOTFOUND : ERR_IO,
		    "cannot %s %s/%s: %s", what, root, rel, fs_strerror(e));
	}
	while ((slash = strchr(p, '/')) != NULL) {
		memcpy(comp, p, (size_t)(slash - p));
		comp[slash - p] = '\0';
		next = openat(fd, comp, O_RDONLY | O_DIRECTORY | O_NOFOLLOW |
		    O_CLOEXEC);
		if (next == -1 && errno == ENOENT && (flags & MKDIRS)) {
			if (mkdirat(fd, comp, 0755) == 0 && (flags & SYNC) &&
			    fsync(fd) == -1) {
				e = errno;
				close(fd);
				return err_set(err, ERR_IO, "cannot %s %s/%s: %s",
				    what, root, rel, fs_strerror(e));
			}
			next = openat(fd, comp, O_RDONLY | O_DIRECTORY |
			    O_NOFOLLOW | O_CLOEXEC);
		}
		if (next == -1) {
			int rc = walk_fail(fd, comp, errno, what, root, rel,
			    (size_t)(slash - rel), err);

			close(fd);
			return rc;
		}
		close(fd);
		fd = next;
		p = slash + 1;
	}
	*out = fd;
	*leaf = p;
	return 0;
}

/*
 * Open rel itself below root (open_parent's flags, openat's oflags, never
 * following a link): the descriptor in *fd, or an error code and -1.
 */
static int
open_leaf(int *fd, const char *root, const char *rel, int flags, int oflags,
    const char *what, struct err *err)
{
	const char *leaf;
	int dfd, rc;

	*fd = -1;
	if ((rc = open_parent(&dfd, &leaf, root, rel, flags, what, err)) < 0)
		return rc;
	*fd = openat(dfd, leaf, oflags | O_NOFOLLOW | O_CLOEXEC, 0644);
	rc = 0;
	if (*fd == -1)
		rc = walk_fail(dfd, leaf, errno, what, root, rel, strlen(rel),
		    err);
	close(dfd);
	return rc;
}

int
beneath_read(char **out, size_t *len, const char *root, const char *rel,
    size_t max, struct err *err)
{
	struct stat st;
	int fd, rc;

	*out = NULL;
	/* O_NONBLOCK: opening a planted FIFO must not wait for a writer */
	if ((rc = open_leaf(&fd, root, rel, 0, O_RDONLY | O_NONBLOCK, "read",
	    err)) < 0)
		return rc;
	if (fstat(fd, &st) == -1 || !S_ISREG(st.st_mode)) {
		close(fd);
		return err_set(err, ERR_POLICY, "cannot read %s/%s: not a "
		    "regular file; refused", root, rel);
	}
	rc = read_stream(out, len, fd, max, err);
	close(fd);
	return rc;
}

int
beneath_write(const char *root, const char *rel, const void *data,
    size_t len, int sync, struct err *err)
{
	const struct fs_wopts o = { .sync = sync };
	struct buf name = BUF_INIT;
	const char *leaf;
	int dfd, rc;

	rc = open_parent(&dfd, &leaf, root, rel, MKDIRS | (sync ? SYNC : 0),
	    "write", err);
	if (rc < 0)
		return rc;
	buf_addf(&name, "%s/%s", root, rel);
	rc = fs_write_at(dfd, leaf, name.data, data, len, &o, err);
	buf_release(&name);
	close(dfd);
	return rc;
}

int
beneath_append(const char *root, const char *rel, const void *data,
    size_t len, struct err *err)
{
	int fd, rc;

	if ((rc = open_leaf(&fd, root, rel, MKDIRS, O_RDWR | O_APPEND |
	    O_CREAT, "append to", err)) < 0)
		return rc;
	return fs_append_fd(fd, rel, data, len, err);
}

int
beneath_remove(const char *root, const char *rel, struct err *err)
{
	const char *leaf;
	int dfd, rc;

	if ((rc = open_parent(&dfd, &leaf, root, rel, 0, "remove", err)) < 0)
		return rc;
	if (unlinkat(dfd, leaf, 0) == -1)
		rc = err_set(err, errno == ENOENT ? ERR_NOTFOUND : ERR_IO,
		    "cannot remove %s/%s: %s", root, rel, fs_strerror(errno));
	close(dfd);
	return rc;
}

int
beneath_opendir(DIR **out, const char *root, const char *rel,
    struct err *err)
{
	int fd, rc;

	*out = NULL;
	if ((rc = open_leaf(&fd, root, rel, 0, O_RDONLY | O_DIRECTORY, "list",
	    err)) < 0)
		return rc;
	*out = fdopendir(fd);
	if (*out == NULL) {
		close(fd);
		return err_set(err, ERR_IO, "cannot list %s/%s: %s", root, rel,
		    fs_strerror(errno));
	}
	return 0;
}
