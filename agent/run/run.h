#ifndef SIGWATCH_RUN_H
#define SIGWATCH_RUN_H

#include <stddef.h>
#include <stdint.h>

#include "config.h"
#include "playbook.h"
#include "rules.h"

/*
 * One watch cycle (what the timer runs): fetch due sources, parse, keep
 * new items, match rules, record hits, move playbooks, queue alerts,
 * commit, deliver, commit delivery. A shard (nshards > 0) stops at the
 * hits: no playbook, no signal alert; run_playbooks() does that over all
 * the shards. Returns a sysexits code: 0 ok, 69
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

/*
 * When a source is next due: TIME_NONE when it is due now whatever the
 * time (never attempted, or its definition changed since: see
 * config_source_rev()); else the time from which it is. A source is due
 * once (every - every / DUE_TOLERANCE) has passed since its last attempt,
 * so a timer with the same period as `every` fetches it on every run
 * despite its jitter; a failing source on the next run; never before a
 * backoff or Retry-After deadline.
 */
#define DUE_TOLERANCE 4		/* a quarter of `every` */
struct source_run;
int64_t	run_next_due(const struct source *, const struct source_run *);

int	run_cycle(const struct config *, const struct ruleset *,
	    const struct playbooks *, const struct run_opts *);

/*
 * `sigwatch playbooks --from DIR...`: after the shards (run --shard I/N,
 * which record hits and evaluate no playbook), take the hits of the
 * shards' state directories not taken yet (shardhits.h), record them in
 * this state, move every playbook and queue the signal and playbook
 * alerts exactly as one unsharded run would, commit, deliver. Returns
 * the exit code as run_cycle() does; 66 when no DIR could be read.
 */
int	run_playbooks(const struct config *, const struct ruleset *,
	    const struct playbooks *, const struct run_opts *,
	    const char *const *from, size_t nfrom);

/* `sigwatch deliver`: retry pending alerts now (ignoring backoff), then
 * commit and push */
int	run_deliver(const struct config *);

/*
 * `sigwatch signal add`: one report from a person, as an item of the
 * built-in field source (intake.h), processed as a run processes a
 * source's items: the run lock (75 when held), the seen index (a report
 * already recorded changes nothing), items/field/MONTH.jsonl, the rules
 * (the same matching), hits, playbooks and alerts queued, one commit
 * whose subject is `subject`, then delivery. With rule set, the report is
 * also a hit of that rule (selection "analyst", "analyst": true) unless
 * the rule matched it anyway (then that hit is marked analyst). Field
 * sources have no baseline. Returns the exit code as run_cycle() does.
 */
struct run_report {
	const struct source	*src;		/* kind field */
	const struct item	*item;		/* the report (copied) */
	const struct rule	*rule;		/* --rule, or NULL */
	const char		*subject;	/* the commit's first line */
	/* results */
	int			 known;		/* already recorded */
	size_t			 nhits;
	size_t			 alerts;	/* alerts queued */
};

int	run_report(const struct config *, const struct ruleset *,
	    const struct playbooks *, const struct run_opts *,
	    struct run_report *);

#endif
