#ifndef SIGWATCH_RULESCACHE_H
#define SIGWATCH_RULESCACHE_H

#include <stddef.h>
#include <stdint.h>

#include "err.h"
#include "rules.h"

/*
 * The rules' verdict cache (rules_load_cached(), rules.h): one small text
 * file saying "the rules files whose digest is D were validated and found
 * valid; these patterns matched the empty string":
 *
 *   sigwatch rules verdict 1
 *   digest <sha-256 hex>
 *   empty <n> <ordinal>...
 *   sum <sha-256 hex of the lines above>
 *
 * Anything else (unreadable, truncated, another format, a wrong sum) is
 * no verdict: the rules are validated in full, as without a cache.
 */

/* 0 and *v filled, or -1 (no usable verdict; *v empty) */
int	rulescache_read(struct rules_cache *v, const char *path);
/* write v's digest and empty[] to path (temp file and rename) */
int	rulescache_write(const struct rules_cache *v, const char *path,
	    struct err *);

#endif
