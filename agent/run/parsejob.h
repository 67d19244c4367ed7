#ifndef SIGWATCH_PARSEJOB_H
#define SIGWATCH_PARSEJOB_H

#include <stddef.h>

#include "err.h"
#include "item.h"
#include "source.h"
#include "workq.h"

/*
 * The parse stage of a run: one fetched document in, its items out. Pure
 * (no state, no clock, no shared mutable data), so it runs on a parse
 * worker (workq.h) while the run goes on fetching; what it found is taken
 * back on the run's thread by the task's done().
 *
 * A body whose digest equals prev_sha (the last parsed body of a source
 * that has items) is not parsed: same is set and items stay empty.
 */
struct parsejob {
	struct workq_task	 task;		/* first: a workq task */
	/* in */
	const struct source	*src;
	char			*body;		/* owned; freed once parsed */
	size_t			 len;
	char			*base;		/* URL links resolve against */
	char			*charset;	/* from Content-Type, or NULL */
	char			 prev_sha[17];	/* "" for none */
	/* out */
	char			 body_sha[17];	/* 16 hex of the body's SHA-256 */
	int			 same;		/* body_sha == prev_sha */
	int			 rc;		/* source_parse's */
	struct err		 err;
	struct itemset		 items;
	void			*owner;		/* the caller's */
	/* when set, run on the worker after a parse that found items
	 * (rc 0, not same); it may take the items */
	void			(*then)(struct parsejob *);
};

/* take body (set *body to NULL); base and charset are copied */
struct parsejob	*parsejob_new(const struct source *, char **body, size_t len,
		    const char *base, const char *charset, const char *prev_sha,
		    void (*done)(struct workq_task *), void *owner);
/* what task.run does: hash, then parse unless unchanged */
void		 parsejob_run(struct workq_task *);
/* items not taken (moved out) are released too */
void		 parsejob_free(struct parsejob *);

#endif
