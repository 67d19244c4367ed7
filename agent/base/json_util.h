#ifndef SIGWATCH_JSON_UTIL_H
#define SIGWATCH_JSON_UTIL_H

#include <stdint.h>

#include <jansson.h>

/*
 * The few jansson idioms every JSON reader and writer of ours repeats.
 * This is the one header of ours that includes jansson's: it exists to
 * wrap jansson, and is included only by files that use jansson already.
 */

/* the string member k of object o, or NULL (absent, not a string, o not
 * an object or NULL) */
const char *json_str(const json_t *o, const char *k);
/* the integer member k of o, or 0 (absent, not an integer) */
long long json_int(const json_t *o, const char *k);
/* the same, malloc'd (xstrdup), or NULL */
char	*json_dup(const json_t *o, const char *k);
/* the string member k of o read as a time (parse_time), or TIME_NONE when
 * absent or not a time */
int64_t	json_time(const json_t *o, const char *k);
/* o as one compact line of JSON, keys in the order they were set,
 * malloc'd; takes o (its reference is dropped) */
char	*json_line(json_t *o);
/* a new JSON string for s, or JSON null when s is NULL or not valid
 * UTF-8 */
json_t	*json_str_or_null(const char *s);
/* the same, but invalid UTF-8 is repaired (utf8_repair) instead of
 * dropped: for what the state stores, where losing a field loses data */
json_t	*json_str_repaired(const char *s);
/* a new JSON string for t as fmt_time() prints it, or JSON null when t is
 * TIME_NONE */
json_t	*json_time_or_null(int64_t t);

#endif
