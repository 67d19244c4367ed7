#ifndef SIGWATCH_UTIL_H
#define SIGWATCH_UTIL_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "buf.h"
#include "err.h"

/* "no timestamp" for published/updated and other optional times */
#define TIME_NONE INT64_MIN

/* "30s" "5m" "1h" "7d" "2w"; 0 on success, -1 on syntax error */
int	parse_duration(const char *, int64_t *secs);
/* "512KB" "10MB" "1GB" "300B" "1024": powers of 1024; -1 on error */
int	parse_size(const char *, uint64_t *bytes);

/* UTC "YYYY-MM-DDTHH:MM:SSZ" into buf (21 bytes incl. NUL) */
void	fmt_time(char out[32], int64_t t);
/* parse exactly the fmt_time format (also accepts a date alone) */
int	parse_time(const char *, int64_t *out);

/* now, or $SIGWATCH_NOW (unix seconds or ISO UTC) for tests */
int64_t	now_time(void);

/* one entry of a list to thin out: its date (TIME_NONE: undated), index */
struct dated_rank {
	int64_t	t;
	size_t	i;
};
/*
 * Reorder r[0, n) so that r[0, keep) holds the keep newest (undated ones
 * counting as oldest, ties going to the lower index) in index order;
 * keep <= n.
 */
void	rank_keep_newest(struct dated_rank *r, size_t n, size_t keep);

/* lowercase hex SHA-256 of data (65 bytes incl. NUL) */
void	sha256_hex(char out[65], const void *data, size_t len);
/* a 32-byte digest as 64 lowercase hex digits and a NUL */
void	digest_hex(char out[65], const unsigned char md[32]);
/* one backoff for everything retried: 60 s doubled n times, at most max
 * seconds (a broken source, an alert a receiver refused) */
int64_t	backoff_seconds(unsigned n, int64_t max);

/* read a whole file (limit: max bytes, 0 = none) */
int	read_file(char **out, size_t *len, const char *path, size_t max,
	    struct err *);
/* read all of stdin */
int	read_stream(char **out, size_t *len, int fd, size_t max, struct err *);

/*
 * Make s valid UTF-8 in place or by reallocation: invalid sequences
 * become U+FFFD. NUL bytes are dropped as well, and so are C0 controls
 * other than TAB, LF and CR.
 */
void	utf8_repair(struct buf *);
int	utf8_valid(const char *, size_t);
/* byte length of the longest prefix of s (<= max bytes) that ends on a
 * code point boundary */
size_t	utf8_trunc(const char *s, size_t len, size_t max);

/* FNV-1a 64 of a NUL-terminated string (hash tables, --shard) */
uint64_t fnv1a64(const char *);
uint64_t fnv1a64_mem(const void *, size_t);

/* NULL-terminated string vectors: copy (NULL for NULL), copy of the first
 * n, free (accepts NULL) */
char	**strv_dup(const char *const *);
char	**strv_dupn(const char *const *, size_t n);
void	strv_free(char **);
/*
 * Append a copy of s to the NULL-terminated vector *v of *n strings unless
 * s is NULL or empty, is there already, or *n is max: 1 when added. The
 * scan is linear: for short lists (tags, categories, names).
 */
int	strv_add_unique(char ***v, size_t *n, const char *s, size_t max);

/* an id of [a-z0-9-]+, at most max bytes (sources, playbooks) */
int	slug_valid(const char *, size_t max);

/* glob match (fnmatch without flags), for silences */
int	glob_match(const char *pattern, const char *s);

#endif
