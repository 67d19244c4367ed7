#ifndef SIGWATCH_RUN_H
#define SIGWATCH_RUN_H

#include <stddef.h>

#include "config.h"
#include "playbook.h"
#include "rules.h"

/*
 * One watch cycle (what the timer runs): fetch due sources, parse, keep
 * new items, match rules, record hits, move playbooks, queue alerts,
 * commit, deliver, commit delivery. Returns a sysexits code: 0 ok, 69
 * every due source failed, 73 state cannot be written, 75 locked,
 * 70 internal error.
 */
struct run_opts {
	int		  dry_run;	/* fetch and match; write and send nothing */
	int		  preview;	/* dry run: print each alert as its Slack
					 * message reads, not as JSON */
	int		  no_alerts;	/* record everything, queue no alert */
	int		  force;	/* ignore `every` and backoff */
	const char	**only;		/* source ids, NULL-terminated, or NULL */
	unsigned	  shard, nshards; /* --shard I/N: sources whose id
					 * hashes to I (mod N); nshards 0 = all */
	const char	 *metrics_file;	/* Prometheus textfile, or NULL */
};

/* the shard (0..n-1) a source id belongs to: FNV-1a 64 of the id mod n */
unsigned run_shard_of(const char *id, unsigned n);

int	run_cycle(const struct config *, const struct ruleset *,
	    const struct playbooks *, const struct run_opts *);

/* `sigwatch deliver`: retry pending alerts now (ignoring backoff), then
 * commit and push */
int	run_deliver(const struct config *);

#endif
