#ifndef SIGWATCH_TRIAGE_H
#define SIGWATCH_TRIAGE_H

#include <stddef.h>
#include <stdint.h>

#include "err.h"
#include "state.h"
#include "strset.h"

/*
 * Analysts' verdicts on hits (`sigwatch triage`): one JSON line per
 * verdict in triage/<YYYY-MM>.jsonl (the month of "at"), exactly
 *
 *   {"hit": ID, "verdict": "fp"|"ack", "note": ..., "author": ...,
 *    "at": "YYYY-MM-DDTHH:MM:SSZ", "rule": ..., "source": ..., "item": ...}
 *
 * Lines are only appended; a hit's latest line is its verdict.
 */
struct triage {
	char	 hit[17];
	int	 fp;		/* 1: "fp" (false positive), 0: "ack" */
	char	*note, *author, *rule, *source, *item;
	int64_t	 at;
};

struct triages {
	struct triage	*v;		/* in file order */
	size_t		 n;
	struct strset	 latest;	/* hit id -> index + 1 in v */
};

/* the line, compact, no newline; malloc'd */
char	*triage_to_json(const struct triage *);
/* parse a line; -1 if it is not a verdict */
int	triage_from_json(struct triage *, const char *line, size_t len);
void	triage_release(struct triage *);
/* append t to triage/<month of t->at>.jsonl */
int	triage_append(struct state *, const struct triage *, struct err *);

/* every verdict of the state (none when there is no triage/) */
void	triages_load(struct state *, struct triages *);
/* the latest verdict on hit, or NULL */
const struct triage *triages_find(const struct triages *, const char *hit);
void	triages_release(struct triages *);

#endif
