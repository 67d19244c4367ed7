#ifndef SIGWATCH_RUN_INT_H
#define SIGWATCH_RUN_INT_H

/*
 * What run.c (planning, health, alerts, the commit) and process.c (the
 * fetch and the per-document stages: parse, judge, dedupe, match, write)
 * share about a run: private to agent/run/.
 */
#include <stddef.h>
#include <stdint.h>

#include "buf.h"
#include "err.h"
#include "item.h"
#include "jobs.h"
#include "run.h"
#include "state.h"

enum job_outcome { JOB_SKIPPED, JOB_OK, JOB_UNCHANGED, JOB_FAILED };

struct run;

struct job {
	struct run		*r;
	const struct source	*src;
	struct jobs_page	 pg;		/* paged job boards */
	struct source_state	 ss;
	struct source_run	 sr;
	int			 due;
	enum job_outcome	 outcome;
	char			 klass[24];	/* ok, unchanged, transient... */
	char			 error[300];
	long			 http_status;
	int64_t			 retry_after;
	char			*etag, *last_modified, *final_url;
	char			 body_sha[17];
	int			 full;		/* a 200 with a body arrived */
	struct itemset		 items;		/* freed once processed */
	size_t			 nitems;	/* items examined, all pages */
	uint64_t		 bytes;		/* bytes received, all pages */
	struct seenset		*seen;		/* loaded by process_begin() */
	struct buf		 lines;		/* new items' JSON lines, not yet
					 * appended (write_items) */
	struct err		 state_err;	/* seen_begin failed (on a worker) */
	int			 state_failed;
	struct err		 write_err;	/* a write failed (on a worker) */
	size_t			 dropped;	/* items past a parser's cap */
	int			 legacy;	/* seen index of old-style ids */
	/* results of processing */
	size_t			 nnew;
	struct hit		*hits;
	size_t			 nhits, ahits;
	int			 baseline;
	struct maildir_batch	*mail;		/* kind maildir: moved after
						 * the commit */
};

struct run {
	const struct config	*cfg;
	const struct ruleset	*rs;
	const struct playbooks	*pbs;
	const struct run_opts	*opts;
	struct state		*st;
	int64_t			 now;
	struct job		*jobs;
	size_t			 njobs;
	struct buf		 summary;	/* commit message body */
	size_t			 alerts;
	int			 io_failed;
	struct err		 io_err;
	struct overflow		*overflow;	/* one per notifier */
	struct fetcher		*fetcher;
	struct workq		*parsers;	/* parse workers (parsejob.h) */
	size_t			 parse_bytes;	/* bodies waiting for them */
};

/* what on_hit() needs to record a hit of one item */
struct hitctx {
	struct run		*r;
	struct job		*j;
	const struct item	*it;
	int			 stale;
};

/* process.c: fetch every due source; each document processed as it comes */
int	fetch_all(struct run *);
/* a source's items outside a fetch (signal add, a mailbox): the seen
 * index, the new items matched and written, the index saved */
int	process_begin(struct run *, struct job *);
void	process_batch(struct run *, struct job *);
void	process_end(struct run *, struct job *);
/* a match_cb (match.h): the hit, recorded in its job; payload a hitctx */
struct match_hit;
void	on_hit(const struct match_hit *, void *payload);
/* the source stopped short of what it offered (a budget of the run) */
int	degraded(const struct job *);

/* run.c: the first state I/O failure of the run is kept (nothing is
 * committed then) */
void	io_fail(struct run *, const struct err *);
/* the first month kept by state_git.retain (items/, seen/) */
unsigned keep_from(const struct run *);

#endif
