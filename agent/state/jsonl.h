#ifndef SIGWATCH_JSONL_H
#define SIGWATCH_JSONL_H

#include <stddef.h>

#include "err.h"
#include "state.h"

/*
 * The line logs of the state: hits/, triage/ and items/<source>/ hold
 * one JSON value a line in <YYYY-MM>[...].jsonl files. These read them
 * back a line at a time; empty lines are skipped, and a last line
 * without its newline is still a line.
 */

/* called for each line (not NUL-terminated); nonzero stops the reading */
typedef int	jsonl_fn(const char *line, size_t len, void *payload);

/*
 * Every line of the state file rel. -1 (err set, fn never called) when
 * it cannot be read; else 1 when fn stopped it, or 0.
 */
int	jsonl_read(struct state *, const char *rel, jsonl_fn *fn,
	    void *payload, struct err *);

/*
 * Every line of every .jsonl file of subdir (state_list() order: oldest
 * month first) whose name sorts at or after from (NULL or "": all). A
 * file that cannot be read is skipped after unreadable(err, payload)
 * when that is not NULL. Returns 1 when fn stopped it, else 0.
 */
int	jsonl_each(struct state *, const char *subdir, const char *from,
	    jsonl_fn *fn, void (*unreadable)(const struct err *, void *),
	    void *payload);

#endif
