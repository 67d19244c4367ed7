#ifndef SIGWATCH_GITSTORE_H
#define SIGWATCH_GITSTORE_H

#include <stddef.h>

#include "err.h"

/*
 * The state directory as a git repository (libgit2). The caller holds the
 * run lock, so every .git/ *.lock file found at open is stale: it is
 * removed and logged. A repository that cannot be read is ERR_CORRUPT and
 * is never re-initialised or deleted.
 */
struct gitstore;

/* open dir as a repository, creating it (and a .gitignore holding ".run/"
 * and "*.tmp.*" and "run.lock") when dir has no .git */
int	gitstore_open(struct gitstore **out, const char *dir, struct err *);
/*
 * Stage every change in the work tree (new, modified and deleted files,
 * honouring .gitignore) and commit with message when the tree differs from
 * HEAD's. *committed is 1 when a commit was made. Author and committer are
 * "sigwatch <sigwatch@HOSTNAME>". A stale parent (GIT_EMODIFIED) re-reads
 * HEAD and retries once; it never forces.
 */
int	gitstore_commit(struct gitstore *, const char *message, int *committed,
	    struct err *);
/* the number of commits reachable from HEAD (0 for an unborn branch) */
int	gitstore_count(struct gitstore *, size_t *count, struct err *);
/* 1 when the work tree has uncommitted changes (a run was interrupted) */
int	gitstore_dirty(struct gitstore *);
/*
 * Push HEAD's branch to remote (a URL or local path). Rejections reported
 * through libgit2's push_update_reference callback count as failure.
 * Never forces. Credentials from the ssh agent or a credentials file
 * named by $SIGWATCH_GIT_CREDENTIALS, never from the URL.
 */
int	gitstore_push(struct gitstore *, const char *remote, struct err *);
void	gitstore_free(struct gitstore *);

/*
 * Check an ssh host key against known_hosts text (OpenSSH format: plain,
 * wildcard, negated and hashed "|1|" host patterns; @revoked honoured,
 * @cert-authority lines skipped). key is the raw key blob. Returns 1 when
 * a line for host holds key, -1 when lines for host hold only other keys
 * (or the key is revoked), 0 when host is unknown. gitstore_push checks
 * ssh remotes against $SIGWATCH_SSH_KNOWN_HOSTS, else ~/.ssh/known_hosts
 * and /etc/ssh/ssh_known_hosts, and refuses unknown or mismatched keys.
 */
int	gitstore_knownhosts_match(const char *text, size_t len,
	    const char *host, const void *key, size_t keylen);

void	gitstore_global_init(void);

#endif
