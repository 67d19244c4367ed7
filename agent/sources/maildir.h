#ifndef SIGWATCH_MAILDIR_H
#define SIGWATCH_MAILDIR_H

#include <stddef.h>
#include <stdint.h>

#include "config.h"
#include "err.h"
#include "item.h"

/*
 * kind: maildir. A Maildir (new/, cur/, tmp/, as Postfix, getmail or
 * fetchmail deliver it) read without HTTP: each message in new/ is one
 * item (mail.h).
 *
 * Reading and moving are two steps, so that no message is lost or read
 * twice whatever instant the process dies at:
 *   1. maildir_scan() reads new/ (oldest name first) into items. A
 *      message that cannot be taken (a sender not on the source's `from:`
 *      allow-list, over message_max_bytes, MIME the parser refuses, not a
 *      regular file) is moved at once to the Maildir's .rejected/ folder
 *      (.rejected/new/, created as a Maildir++ folder) and logged with the
 *      reason; it is never matched.
 *   2. maildir_commit() moves each taken message from new/ to cur/ with
 *      the info suffix ":2,S" (seen). Call it only once the state commit
 *      holds the items: a message still in new/ after a crash is read
 *      again, and the seen index (by Message-ID) makes it known, not new.
 *
 * Budget per run: run_max_messages messages and run_max_bytes bytes
 * (of messages read); the rest stays in new/ for the next run and
 * maildir_more() says so.
 */
struct maildir_opts {
	/* known competitor names: a subject tag "[name]" makes the message
	 * an item about that competitor; NULL-terminated, or NULL */
	const char *const	*competitors;
	size_t			 max_messages;	/* 0, or a lower cap than the
						 * source's run_max_messages */
	int			 dry_run;	/* read only: move nothing */
};

struct maildir_batch;

/*
 * Read src->maildir's new/ into items (appended; items->kind set to
 * "mail"). Fails (the source failed) when the Maildir is missing, is not
 * one, or, unless dry_run, new/ or cur/ cannot be written (a read-only
 * bind mount: see ReadWritePaths= in sigwatch-feeds(5)). *out is set on
 * success and freed with maildir_batch_free().
 */
int	maildir_scan(struct maildir_batch **out, struct itemset *items,
	    const struct source *src, const struct maildir_opts *,
	    struct err *) __attribute__((warn_unused_result));
/* 1 when the budget left messages in new/ for the next run */
int	maildir_more(const struct maildir_batch *);
size_t	maildir_taken(const struct maildir_batch *);
size_t	maildir_rejected(const struct maildir_batch *);
/*
 * Move the taken messages new/ -> cur/NAME:2,S (crash point
 * "maildir-move" before each), then fsync both directories. A message
 * gone meanwhile is skipped; other failures are logged, the rest still
 * moved, and the first one returned.
 */
int	maildir_commit(struct maildir_batch *, struct err *);
void	maildir_batch_free(struct maildir_batch *);

/* 1 if addr (lowercase) matches one of the globs in from */
int	maildir_sender_allowed(char *const *from, const char *addr);

#endif
