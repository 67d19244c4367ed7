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

/*
 * Open dir as a repository, creating it (branch "main") when dir has no
 * .git. The .gitignore is made to hold ".run/", "*.tmp.*" and "run.lock"
 * (the user's own lines are kept). ERR_CORRUPT, with recovery advice in the
 * message, when the repository or its HEAD commit or tree is unreadable;
 * nothing is then changed beyond the removal of stale lock files.
 */
int	gitstore_open(struct gitstore **out, const char *dir, struct err *);
/*
 * Stage every change in the work tree (new, modified and deleted files,
 * honouring .gitignore) and commit with message when the tree differs from
 * HEAD's. *committed is 1 when a commit was made. Author and committer are
 * "sigwatch <sigwatch@HOSTNAME>". A stale parent (GIT_EMODIFIED) re-reads
 * HEAD and retries once; it never forces. An index that cannot be parsed
 * is rebuilt from HEAD's tree (it is a cache). Disk full, quota and file
 * size limits give ERR_IO, and HEAD does not move.
 * The new objects go to one pack (see gitpack.h), flushed before HEAD
 * moves; the index file is written only after that flush.
 * Crash points: "gitstore_commit.before" (nothing written for the
 * commit), ".packed" (its pack in objects/pack, not flushed), ".synced"
 * (flushed), ".indexed" (index written), ".after" (HEAD updated), and
 * ".chunk" (a large commit's blobs spilled to a pack of their own).
 */
int	gitstore_commit(struct gitstore *, const char *message, int *committed,
	    struct err *);
/*
 * The same, staging only the given paths (relative to the work tree):
 * each is added when it exists and removed from the index when it does
 * not. Much cheaper than a scan of the whole tree; the caller must name
 * every path it changed since the last commit.
 */
int	gitstore_commit_paths(struct gitstore *, const char *message,
	    char *const *paths, size_t npaths, int *committed, struct err *);
/*
 * HEAD must be on refs/heads/<branch>, so every run commits to the one
 * branch whose seen items it knows. Reattached (with a warning) only where
 * nothing can be lost: HEAD naming another branch in a repository with no
 * commit at all, or HEAD detached at the branch's own tip. Otherwise
 * ERR_LOCKED (someone is working in the state repository; the run exits
 * 75 and changes nothing), with the branch found and how to fix it.
 */
int	gitstore_check_branch(struct gitstore *, const char *branch,
	    struct err *);
/* the number of commits reachable from HEAD (0 for an unborn branch) */
int	gitstore_count(struct gitstore *, size_t *count, struct err *);
/* 1 when the work tree has uncommitted changes (a run was interrupted) */
int	gitstore_dirty(struct gitstore *);
/*
 * Push HEAD's branch to remote (a URL or local path). Rejections reported
 * through libgit2's push_update_reference callback count as failure.
 * Never forces. Credentials from the ssh agent or a credentials file
 * named by $SIGWATCH_GIT_CREDENTIALS, never from the URL (a URL holding a
 * password is ERR_CONFIG). The remote is anonymous, so the URL is never
 * stored in .git/config. Rejections ("push rejected: ...") and network
 * errors are ERR_GENERIC; nothing to push (no commit yet) is success.
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
