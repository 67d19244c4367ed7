#ifndef SIGWATCH_FSUTIL_H
#define SIGWATCH_FSUTIL_H

#include <dirent.h>
#include <stddef.h>
#include <sys/stat.h>
#include <sys/types.h>

#include "buf.h"
#include "err.h"

/*
 * File system helpers for the state directory. Every write is
 * temp-file + fsync + rename + fsync(dir), so a crash leaves the old or the
 * new file, never half of one. ENOSPC, EROFS, EDQUOT and EFBIG give ERR_IO
 * with a message naming the path ("cannot write PATH: no space left on
 * device"); the temp file ("PATH.tmp.PID", mode 0644 less umask) is removed.
 * The program must ignore SIGXFSZ (main does signal(SIGXFSZ, SIG_IGN)) so
 * that a write past RLIMIT_FSIZE fails with EFBIG instead of killing it.
 * Crash point: "fs_write_atomic.before_rename".
 */
int	fs_write_atomic(const char *path, const void *data, size_t len,
	    struct err *);
/* how fs_write_at() writes */
struct fs_wopts {
	int	  sync;		/* fsync the file, then its directory */
	mode_t	  mode;		/* set on the file; 0: 0644 less umask */
	/* run just before the rename with the name: -1 refuses it (the
	 * error is recheck's) */
	int	(*recheck)(const char *name, struct err *);
};
/*
 * The one atomic write the others are made of: data into a new
 * LEAF.tmp.PID in the directory dfd (never through a link), then renamed
 * over leaf (a link there is replaced, never followed). name is what
 * errors call the file. Crash point: "fs_write_atomic.before_rename".
 */
int	fs_write_at(int dfd, const char *leaf, const char *name,
	    const void *data, size_t len, const struct fs_wopts *,
	    struct err *);
/*
 * The same without fsync: the replacement is atomic for readers, but a
 * power loss may leave the old, the new or an empty file. For files whose
 * durability comes from elsewhere: the state's work tree, whose truth is
 * the git commit (a run starts by restoring the work tree from it).
 */
int	fs_write_replace(const char *path, const void *data, size_t len,
	    struct err *);
/*
 * Append data to fd, a file opened O_RDWR | O_APPEND (path only names it
 * in errors), after a newline when the file's last byte is not one. Never
 * reads or rewrites the old contents; a failed write truncates back to
 * the old size. Refuses anything but a regular file. No fsync: as for
 * fs_write_replace, durability comes from the state's git commit. Closes
 * fd. beneath_append() opens it inside the state.
 */
int	fs_append_fd(int fd, const char *path, const void *data, size_t len,
	    struct err *);
/*
 * For files outside the state that an operator names (--metrics-file):
 * fs_regular_target() checks that path's directory exists and that path is
 * absent or a regular file, never a symbolic link, device, FIFO, socket
 * or directory (ERR_IO, "cannot write PATH: it is a symbolic link, not a
 * regular file"; "...: directory DIR does not exist"). fs_write_regular()
 * checks the same, then writes like fs_write_atomic() (mode set on the
 * temp file before the rename) without creating any directory.
 */
int	fs_regular_target(const char *path, struct err *);
int	fs_write_regular(const char *path, const void *data, size_t len,
	    mode_t mode, struct err *);
/* lowercase text for the errors a user can act on ("no space left on
 * device", "file too large"...); strerror otherwise */
const char *fs_strerror(int errnum);
/* fill a new temporary file: write all of data (retrying on EINTR and
 * short writes), fsync when sync, and close
 * fd (always, also on failure); -1 with errno of the step that failed */
int	fs_fill_close(int fd, const void *data, size_t len, int sync);
/* mkdir -p */
int	fs_mkdirs(const char *path, struct err *);
/* unlink, fsync the directory; missing file is not an error */
int	fs_remove(const char *path, struct err *);
/* remove leftover "*.tmp.*" files of fs_write_atomic under dir, recursively,
 * skipping .git; returns the number removed */
int	fs_clean_temps(const char *dir);
/* remove every symbolic link under dir (the links, never what they point
 * to), recursively, skipping .git; returns the number removed */
int	fs_clean_links(const char *dir);
int	fs_exists(const char *path);
/*
 * For a walk of the directory d opened at path (its first base bytes): the
 * next entry but "." and "..", its path in path and its lstat in *st, or
 * NULL at the end. An entry lstat cannot read is passed over.
 */
const struct dirent *fs_next_entry(DIR *d, struct buf *path, size_t base,
	    struct stat *st);

/*
 * Take an exclusive, non-blocking flock on path (created 0600) and write
 * our pid into it. ERR_LOCKED when another process holds it, with *holder
 * set to its pid when readable (else 0). The lock lives until fs_unlock or
 * process exit.
 */
int	fs_lock(int *fd, const char *path, pid_t *holder, struct err *);
void	fs_unlock(int fd);

/*
 * Test-only crash points: when $SIGWATCH_CRASH_AT equals name (or
 * "name:N" and this is the N-th time name is reached), the process kills
 * itself with SIGKILL. Compiled in always; costs one getenv per call.
 */
void	crash_point(const char *name);

#endif
