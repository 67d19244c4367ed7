#ifndef SIGWATCH_STATE_H
#define SIGWATCH_STATE_H

#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "err.h"
#include "item.h"
#include "seen.h"

/*
 * The state directory (docs/formats.md section 6): what each file holds, how it
 * is read and written. Committed files are written only when their
 * content changes, so an idle run makes no commit; volatile bookkeeping
 * (attempt times, backoff, delivery attempts) lives in .run/, which the
 * state repository ignores.
 *
 *   sources/<id>.json        validators and health (committed)
 *   items/<id>/<YYYY-MM>.jsonl   items by month first seen (committed)
 *   hits/<YYYY-MM>.jsonl     hits (committed)
 *   playbooks/<id>.json      playbook state (committed)
 *   outbox/<alert-id>.json   undelivered alerts; outbox/dead/ (committed)
 *   .run/run.lock            the run lock (flock)
 *   .run/sources.json        last attempt, last ok, backoff, body hash
 *   .run/outbox.json         delivery attempts and backoff per alert
 */
struct state;
struct gitstore;

/*
 * Take the run lock (ERR_LOCKED, message "another run holds the lock
 * (pid N)"), open or create the repository, and repair what an
 * interrupted run left: temp files are removed and uncommitted changes
 * are discarded, so the run starts from the last commit and reproduces
 * exactly the hits and alerts the interrupted run would have produced.
 * readonly: no lock, no repair, no creation (hits/status), and every
 * write (state_write, state_append, state_remove, state_write_run) is
 * refused with ERR_POLICY.
 */
int	state_open(struct state **out, const char *dir, int readonly,
	    struct err *);
/*
 * state_open(dir, 0) for a run: also refuses, with ERR_LOCKED and before
 * any repair, a repository whose HEAD is not on branch (see
 * gitstore_check_branch()).
 */
int	state_open_branch(struct state **out, const char *dir,
	    const char *branch, struct err *);
void	state_close(struct state *);
struct gitstore *state_git(struct state *);
/* absolute path of a file under the state dir, malloc'd */
char	*state_file(const struct state *, const char *fmt, ...)
	    __attribute__((format(printf, 2, 3)));

/* sources/<id>.json */
struct source_state {
	char		*url;
	char		*etag;
	char		*last_modified;
	unsigned	 consecutive_failures;	/* capped at broken_after */
	char		*last_error;		/* or NULL */
	size_t		 items;			/* items in the last good parse */
	int		 broken;		/* a source-broken alert was sent */
	int		 exists;		/* the file was there */
	/* the file's bytes as loaded (state.c's own): a save that would
	 * write the same bytes reads and writes nothing */
	char		*loaded;
	size_t		 loaded_len;
};
int	state_source_load(struct state *, const char *id, struct source_state *);
/* writes only when the serialised content differs from the file's */
int	state_source_save(struct state *, const char *id,
	    const struct source_state *, struct err *);
void	source_state_release(struct source_state *);

/* .run/sources.json: volatile per-source bookkeeping */
struct source_run {
	int64_t	 last_attempt, last_ok;	/* TIME_NONE if never */
	int64_t	 next_allowed;		/* backoff / Retry-After deadline */
	int64_t	 last_full;		/* last 200 answer (a full body) */
	unsigned failures;		/* exact consecutive failures */
	char	 status[24];		/* ok, unchanged, transient, ... */
	char	 body_sha[17];		/* short hash of the last body */
	char	 rev[17];		/* config_source_rev() at the last
					 * attempt, or "" */
	char	*error;			/* last error or NULL */
	size_t	 dropped;		/* items past a parser's cap at the
					 * last good fetch (truncated) */
};
int	state_run_load(struct state *, const char *id, struct source_run *);
int	state_run_save(struct state *, const char *id, const struct source_run *);
/* forget this run's .run/sources.json updates (a run that committed
 * nothing: the next one must find the sources as this one did, or a body
 * it already saw would pass as unchanged and its new items be lost) */
void	state_run_discard(struct state *);
void	source_run_release(struct source_run *);

/* the seen index: seen.h */

/* months since year 0 of unix time t (for seen and retention) */
unsigned month_index(int64_t t);
/*
 * Retention: remove items/<source>/<YYYY-MM>.jsonl files of months before
 * keep_from from the work tree (history keeps them). Returns the number
 * removed, or -1 with err set.
 */
int	state_retain_items(struct state *, const char *source_id,
	    unsigned keep_from, struct err *);

/*
 * Append text (whole lines) to a committed .jsonl file in place (never
 * rewriting what it holds); once a file reaches 64 MiB, lines go to its
 * next part, relpath with "_002", "_003"... before the extension. Readers
 * list the directory, so parts read in order. A failed append is an error
 * of the run (nothing is committed over the old file).
 */
int	state_append(struct state *, const char *relpath, const char *text,
	    size_t len, struct err *);
/* the same for JSON lines, each without its newline */
int	state_append_lines(struct state *, const char *relpath,
	    char *const *lines, size_t n, struct err *);
/* write or remove a committed file; content compared first */
int	state_write(struct state *, const char *relpath, const char *data,
	    size_t len, struct err *);
int	state_remove(struct state *, const char *relpath, struct err *);
/* write .run/NAME: volatile bookkeeping, never committed */
int	state_write_run(struct state *, const char *name, const char *data,
	    size_t len, struct err *);
/*
 * Every relpath is resolved below the state directory without following
 * a symbolic link (beneath.h): a link planted in items/ or hits/ makes the
 * write fail (ERR_POLICY, "... is a symbolic link; refused"), and a
 * relpath with an empty, "." or ".." component is refused too.
 */
/* read a file under the state dir; ERR_NOTFOUND when missing */
int	state_read(struct state *, const char *relpath, char **out,
	    size_t *len, struct err *);
/*
 * A JSON file of the state parsed with jansson's flags (json_loadb), or
 * NULL: missing, unreadable or not JSON alike.
 */
json_t	*state_load_json(struct state *, const char *relpath, size_t flags);
/*
 * List file names (not paths) in a state sub-directory that end with
 * suffix, sorted; *out is a NULL-terminated malloc'd array of malloc'd
 * strings (free with strv_free() from util.h).
 */
int	state_list(struct state *, const char *subdir, const char *suffix,
	    char ***out, size_t *n);

/*
 * Commit every committed file written or removed since the last commit
 * (staging just those paths), then forget them. *committed as for
 * gitstore_commit().
 */
int	state_commit(struct state *, const char *message, int *committed,
	    struct err *);
/*
 * Record that the run ended with the work tree equal to the last commit,
 * so the next state_open() can skip the repair scan.
 */
void	state_mark_clean(struct state *);

/* "YYYY-MM" of t */
void	month_of(char out[8], int64_t t);

#endif
