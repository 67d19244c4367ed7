#ifndef SIGWATCH_REPDATA_H
#define SIGWATCH_REPDATA_H

#include <stddef.h>
#include <stdint.h>

#include "config.h"
#include "err.h"
#include "hit.h"
#include "pbstate.h"
#include "playbook.h"
#include "state.h"

/*
 * What `sigwatch report` shows, read from the state directory (opened
 * read-only) and the playbook definitions: signals per competitor and per
 * playbook over the last REPORT_MONTHS calendar months (the month of now
 * and the ones before it), the hits of the period with their triage,
 * each playbook's state and window, and every source's health.
 *
 * A signal is a hit that is neither silenced nor triaged a false
 * positive; baseline hits are signals (they count in playbook states
 * too). Triage comes from triage/<YYYY-MM>.jsonl, one verdict per line
 * ({"hit", "verdict": "fp"|"ack", "note", "author", "at", ...}); the
 * latest verdict of a hit wins, and a hit without one is untriaged.
 */
#define REPORT_MONTHS	12
#define REPORT_MAX_HITS	1000	/* hits of the period listed (newest) */

enum rep_verdict { REP_UNTRIAGED, REP_FP, REP_ACK };

struct rep_hit {
	struct hit	  h;
	enum rep_verdict  verdict;
	char		 *note, *author;	/* or NULL */
	int64_t		  triaged_at;		/* or TIME_NONE */
};

/* signals per month of one competitor or one playbook */
struct rep_series {
	char		*name;
	unsigned	 count[REPORT_MONTHS];
	unsigned	 total;
};

struct rep_playbook {
	char		*id;
	const struct playbook *def;	/* borrowed, or NULL (state only) */
	struct pbstate	 st;
	unsigned	 in_window;	/* distinct signals in the window */
	struct rep_series months;	/* name = id */
};

struct rep_source {
	char		*id;
	const struct source *def;	/* borrowed, or NULL: no longer
					 * configured */
	struct source_state ss;
	struct source_run   sr;
};

struct report {
	int64_t			 now, since;
	unsigned		 month0;	/* month_index() of the first
						 * month of the timeline */
	struct rep_series	*comp;		/* competitors, by name */
	size_t			 ncomp;
	struct rep_playbook	*pb;
	size_t			 npb;
	struct rep_hit		*hits;		/* of the period, newest first */
	size_t			 nhits;
	size_t			 period_hits;	/* all of the period (>= nhits) */
	size_t			 period_fp, period_ack;
	struct rep_source	*src;
	size_t			 nsrc;
};

/*
 * Fill r from st (hits, triage, playbooks/, sources/ and .run), cfg (the
 * configured sources) and pbs (the playbook definitions); hits at or
 * after since are listed. Unreadable or malformed lines are skipped.
 * Release with report_release().
 */
void	report_load(struct report *r, struct state *st,
	    const struct config *cfg, const struct playbooks *pbs,
	    int64_t now, int64_t since);
void	report_release(struct report *);

/* "YYYY-MM" of the i-th month of the timeline */
void	report_month(char out[8], const struct report *, unsigned i);

#endif
