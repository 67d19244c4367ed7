/*
 * The rules' verdict cache file (rulescache.h). Reading is strict: a file
 * that is not exactly what rulescache_write() writes is ignored.
 */
#include "rulescache.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "buf.h"
#include "fsutil.h"
#include "util.h"
#include "xmalloc.h"

#define MAGIC		"sigwatch rules verdict 1\n"
/* more patterns than any rule set can hold (PCRE2 and EXPANDED_MAX) */
#define EMPTY_MAX	100000u
#define FILE_MAX	(64u * 1024 * 1024)

static int
is_hex64(const char *s)
{
	for (int i = 0; i < 64; i++)
		if (!((s[i] >= '0' && s[i] <= '9') ||
		    (s[i] >= 'a' && s[i] <= 'f')))
			return 0;
	return 1;
}

/* an unsigned decimal at *p (no sign, no leading space); advances *p */
static int
get_u32(const char **p, uint32_t max, uint32_t *out)
{
	unsigned long v = 0;
	const char *s = *p;

	if (*s < '0' || *s > '9')
		return -1;
	while (*s >= '0' && *s <= '9') {
		v = v * 10 + (unsigned long)(*s++ - '0');
		if (v > max)
			return -1;
	}
	*p = s;
	*out = (uint32_t)v;
	return 0;
}

/* "empty N o1 o2 ...\n" at *p: N ordinals, strictly ascending */
static int
get_empty(const char **p, struct rules_cache *v)
{
	const char *s = *p;
	uint32_t n;

	if (strncmp(s, "empty ", 6) != 0)
		return -1;
	s += 6;
	if (get_u32(&s, EMPTY_MAX, &n) < 0)
		return -1;
	v->empty = n ? xcalloc(n, sizeof(*v->empty)) : NULL;
	for (uint32_t i = 0; i < n; i++) {
		if (*s++ != ' ' || get_u32(&s, UINT32_MAX - 1,
		    &v->empty[i]) < 0 || (i > 0 &&
		    v->empty[i] <= v->empty[i - 1]))
			return -1;
		v->nempty = i + 1;
	}
	if (*s++ != '\n')
		return -1;
	*p = s;
	return 0;
}

static int
parse(struct rules_cache *v, const char *data, size_t len)
{
	const char *s = data, *sum;
	char hex[65];

	/* the file is text: one NUL anywhere and strncmp would stop short */
	if (memchr(data, '\0', len) != NULL || len < strlen(MAGIC) ||
	    memcmp(s, MAGIC, strlen(MAGIC)) != 0)
		return -1;
	s += strlen(MAGIC);
	if (strncmp(s, "digest ", 7) != 0 || !is_hex64(s + 7) ||
	    s[71] != '\n')
		return -1;
	memcpy(v->digest, s + 7, 64);
	v->digest[64] = '\0';
	s += 72;
	if (get_empty(&s, v) < 0)
		return -1;
	sum = s;
	if (strncmp(s, "sum ", 4) != 0 || (size_t)(s - data) + 69 != len ||
	    !is_hex64(s + 4) || s[68] != '\n')
		return -1;
	sha256_hex(hex, data, (size_t)(sum - data));
	return memcmp(hex, sum + 4, 64) == 0 ? 0 : -1;
}

int
rulescache_read(struct rules_cache *v, const char *path)
{
	struct err err = ERR_INIT;
	char *data = NULL;
	size_t len = 0;
	int rc = -1;

	free(v->empty);
	v->empty = NULL;
	v->nempty = 0;
	v->digest[0] = '\0';
	if (read_file(&data, &len, path, FILE_MAX, &err) == 0)
		rc = parse(v, data, len);
	free(data);
	if (rc < 0) {
		free(v->empty);
		v->empty = NULL;
		v->nempty = 0;
		v->digest[0] = '\0';
	}
	return rc;
}

int
rulescache_write(const struct rules_cache *v, const char *path,
    struct err *err)
{
	struct buf b = BUF_INIT;
	char hex[65];
	int rc;

	buf_addstr(&b, MAGIC);
	buf_addf(&b, "digest %s\nempty %zu", v->digest, v->nempty);
	for (size_t i = 0; i < v->nempty; i++)
		buf_addf(&b, " %lu", (unsigned long)v->empty[i]);
	buf_addch(&b, '\n');
	sha256_hex(hex, b.data, b.len);
	buf_addf(&b, "sum %s\n", hex);
	rc = fs_write_replace(path, b.data, b.len, err);
	buf_release(&b);
	return rc;
}
