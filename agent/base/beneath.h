#ifndef SIGWATCH_BENEATH_H
#define SIGWATCH_BENEATH_H

#include <dirent.h>
#include <stddef.h>

#include "err.h"

/*
 * Files under a root directory (the state directory) reached without
 * following a symbolic link below the root. The state is restored from
 * backups and pushed remotes, so its content is not trusted: a link
 * planted in items/ or hits/ must not carry writes (or reads) outside it.
 *
 * rel is a relative path of clean components: none empty, "." or "..",
 * no leading "/" (else ERR_POLICY, "unsafe path"). Each directory of rel
 * is opened with openat(O_DIRECTORY | O_NOFOLLOW) from the one before,
 * the file itself with O_NOFOLLOW: a symbolic link anywhere below root is
 * refused with ERR_POLICY, "cannot write ROOT/REL: items/x is a symbolic
 * link; refused". The root itself may be a link (the operator's choice).
 * Only regular files are read (a planted FIFO would block).
 */

/* 1 when rel is a clean relative path as above */
int	beneath_rel_valid(const char *rel);
/*
 * 1 when s may be one component of a path built from untrusted content
 * (an outbox entry's id, a notifier name): 1 to 64 of [A-Za-z0-9._-], not
 * starting with '.'.
 */
int	beneath_name_valid(const char *s);

/* read root/rel whole (max bytes, 0 = no limit); ERR_NOTFOUND if absent */
int	beneath_read(char **out, size_t *len, const char *root, const char *rel,
	    size_t max, struct err *);
/*
 * Replace root/rel with data: missing directories are created (0755),
 * then temp file "NAME.tmp.PID" (0644 less umask) + rename, both relative
 * to the directory opened above; with sync, fsync of the file and the
 * directory (fs_write_atomic's guarantees), else fs_write_replace's.
 */
int	beneath_write(const char *root, const char *rel, const void *data,
	    size_t len, int sync, struct err *);
/* append data to root/rel in place (fs_append_fd), missing directories
 * and the file created */
int	beneath_append(const char *root, const char *rel, const void *data,
	    size_t len, struct err *);
/* unlink root/rel; a missing file is ERR_NOTFOUND (nothing else done) */
int	beneath_remove(const char *root, const char *rel, struct err *);
/* opendir root/rel; a missing directory is ERR_NOTFOUND */
int	beneath_opendir(DIR **out, const char *root, const char *rel,
	    struct err *);

#endif
