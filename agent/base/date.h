#ifndef SIGWATCH_DATE_H
#define SIGWATCH_DATE_H

#include <stdint.h>

/*
 * Dates as feeds write them, to unix seconds UTC. Locale-independent.
 *
 * Accepted: RFC 822/1123 (weekday optional, 2- or 4-digit years, named
 * zones UT GMT UTC Z EST EDT CST CDT MST MDT PST PDT AST ADT and the
 * military letters, numeric +hhmm/-hh:mm/+hh, GMT+hh:mm), ISO 8601 /
 * RFC 3339 / W3C-DTF (fractions dropped, offsets, Z; no zone = UTC; partial
 * dates "2003", "2003-12", "2003-12-31" = midnight UTC; basic format
 * 20031231T235959Z), asctime ("Sun Nov  6 08:49:37 1994", UTC), and common
 * broken variants: extra spaces, missing seconds, lowercase names, long
 * names ("Sept", "Tuesday"), month before day, "2003/12/31 10:00".
 *
 * An RFC 822 date with a time but no zone fails (feedparser gives null),
 * an RFC 822 date with no time at all is midnight UTC, and impossible
 * dates (31 Feb, hour 25) fail. An alphabetic zone we do not know is taken
 * as UTC, as feedparser does.
 *
 * Returns 0 and sets *out, or -1 (s may be NULL).
 */
int	date_parse(const char *s, int64_t *out)
	    __attribute__((warn_unused_result));

/* days since 1970-01-01 of a proleptic Gregorian date; no validation */
int64_t	date_days_from_civil(int64_t y, unsigned m, unsigned d);

#endif
