#include "util.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <fnmatch.h>
#include <limits.h>
#include <openssl/evp.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "date.h"
#include "xmalloc.h"

int
parse_duration(const char *s, int64_t *secs)
{
	char *end;
	long long n;
	int64_t mul;

	if (s == NULL || !isdigit((unsigned char)s[0]))
		return -1;
	errno = 0;
	n = strtoll(s, &end, 10);
	if (errno || n < 0)
		return -1;
	if (strcmp(end, "s") == 0)
		mul = 1;
	else if (strcmp(end, "m") == 0)
		mul = 60;
	else if (strcmp(end, "h") == 0)
		mul = 3600;
	else if (strcmp(end, "d") == 0)
		mul = 86400;
	else if (strcmp(end, "w") == 0)
		mul = 7 * 86400;
	else
		return -1;
	if (n > (long long)(INT64_MAX / mul) || n > 100LL * 365 * 86400)
		return -1;
	*secs = (int64_t)n * mul;
	return 0;
}

int
parse_size(const char *s, uint64_t *bytes)
{
	char *end;
	unsigned long long n;
	uint64_t mul;

	if (s == NULL || !isdigit((unsigned char)s[0]))
		return -1;
	errno = 0;
	n = strtoull(s, &end, 10);
	if (errno)
		return -1;
	if (*end == '\0' || strcmp(end, "B") == 0)
		mul = 1;
	else if (strcmp(end, "KB") == 0 || strcmp(end, "K") == 0 ||
	    strcmp(end, "KiB") == 0)
		mul = 1024;
	else if (strcmp(end, "MB") == 0 || strcmp(end, "M") == 0 ||
	    strcmp(end, "MiB") == 0)
		mul = 1024 * 1024;
	else if (strcmp(end, "GB") == 0 || strcmp(end, "G") == 0 ||
	    strcmp(end, "GiB") == 0)
		mul = 1024ULL * 1024 * 1024;
	else
		return -1;
	if (n > UINT64_MAX / mul)
		return -1;
	*bytes = n * mul;
	return 0;
}

void
fmt_time(char out[32], int64_t t)
{
	struct tm tm;
	time_t tt = (time_t)t;

	if (t == TIME_NONE || gmtime_r(&tt, &tm) == NULL) {
		out[0] = '\0';
		return;
	}
	strftime(out, 32, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

int
parse_time(const char *s, int64_t *out)
{
	int y, mo, d, h = 0, mi = 0, se = 0, n = 0;

	if (sscanf(s, "%4d-%2d-%2dT%2d:%2d:%2dZ%n", &y, &mo, &d, &h, &mi, &se,
	    &n) == 6 && s[n] == '\0')
		;
	else if (sscanf(s, "%4d-%2d-%2d%n", &y, &mo, &d, &n) == 3 &&
	    s[n] == '\0')
		h = mi = se = 0;
	else
		return -1;
	if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 ||
	    se > 60)
		return -1;
	*out = date_days_from_civil(y, (unsigned)mo, (unsigned)d) * 86400 +
	    h * 3600 + mi * 60 + se;
	return 0;
}

int64_t
now_time(void)
{
	const char *e = getenv("SIGWATCH_NOW");
	int64_t t;

	if (e && *e) {
		char *end;
		long long v;

		errno = 0;
		v = strtoll(e, &end, 10);
		if (errno == 0 && *end == '\0')
			return v;
		if (parse_time(e, &t) == 0)
			return t;
	}
	return (int64_t)time(NULL);
}

void
digest_hex(char out[65], const unsigned char md[32])
{
	static const char hex[] = "0123456789abcdef";

	for (unsigned i = 0; i < 32; i++) {
		out[2 * i] = hex[md[i] >> 4];
		out[2 * i + 1] = hex[md[i] & 15];
	}
	out[64] = '\0';
}

void
sha256_hex(char out[65], const void *data, size_t len)
{
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int mdlen = 0;

	if (!EVP_Digest(data, len, md, &mdlen, EVP_sha256(), NULL))
		BUG("EVP_Digest failed");
	digest_hex(out, md);
}

int
read_stream(char **out, size_t *len, int fd, size_t max, struct err *err)
{
	struct buf b = BUF_INIT;
	char chunk[65536];

	for (;;) {
		ssize_t r = read(fd, chunk, sizeof(chunk));

		if (r < 0) {
			if (errno == EINTR)
				continue;
			buf_release(&b);
			return err_set(err, ERR_IO, "read error: %s",
			    strerror(errno));
		}
		if (r == 0)
			break;
		if (max && b.len + (size_t)r > max) {
			buf_release(&b);
			return err_set(err, ERR_TOOLARGE, "input larger than "
			    "%zu bytes", max);
		}
		buf_add(&b, chunk, (size_t)r);
	}
	*out = buf_detach(&b, len);
	return 0;
}

int
read_file(char **out, size_t *len, const char *path, size_t max,
    struct err *err)
{
	int fd, rc;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return err_set(err, errno == ENOENT ? ERR_NOTFOUND : ERR_IO,
		    "cannot open %s: %s", path, strerror(errno));
	rc = read_stream(out, len, fd, max, err);
	close(fd);
	return rc;
}

static size_t
utf8_seq(const unsigned char *s, size_t n)
{
	unsigned char c = s[0];
	size_t l, i;
	uint32_t cp;

	if (c < 0x80)
		return 1;
	if (c >= 0xc2 && c <= 0xdf)
		l = 2, cp = c & 0x1f;
	else if (c >= 0xe0 && c <= 0xef)
		l = 3, cp = c & 0x0f;
	else if (c >= 0xf0 && c <= 0xf4)
		l = 4, cp = c & 0x07;
	else
		return 0;
	if (n < l)
		return 0;
	for (i = 1; i < l; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		cp = (cp << 6) | (s[i] & 0x3f);
	}
	if ((l == 3 && cp < 0x800) || (l == 4 && (cp < 0x10000 ||
	    cp > 0x10ffff)) || (cp >= 0xd800 && cp <= 0xdfff))
		return 0;
	return l;
}

int
utf8_valid(const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0;

	while (i < len) {
		size_t l = utf8_seq(p + i, len - i);

		if (l == 0)
			return 0;
		i += l;
	}
	return 1;
}

void
utf8_repair(struct buf *b)
{
	const unsigned char *p = (const unsigned char *)b->data;
	struct buf out = BUF_INIT;
	size_t i = 0;
	int dirty = 0;

	for (i = 0; i < b->len; i++) {
		unsigned char c = p[i];

		if (c >= 0x80 || (c < 0x20 && c != '\t' && c != '\n' &&
		    c != '\r') || c == 0x7f) {
			dirty = 1;
			break;
		}
	}
	if (!dirty)
		return;
	if (utf8_valid(b->data, b->len)) {
		/* only control characters to drop */
		dirty = 0;
		for (i = 0; i < b->len; i++)
			if ((p[i] < 0x20 && p[i] != '\t' && p[i] != '\n' &&
			    p[i] != '\r') || p[i] == 0x7f) {
				dirty = 1;
				break;
			}
		if (!dirty)
			return;
	}
	buf_grow(&out, b->len);
	i = 0;
	while (i < b->len) {
		size_t l = utf8_seq(p + i, b->len - i);

		if (l == 0) {
			buf_add(&out, "\xef\xbf\xbd", 3);
			i++;
			continue;
		}
		if (l == 1 && ((p[i] < 0x20 && p[i] != '\t' && p[i] != '\n' &&
		    p[i] != '\r') || p[i] == 0x7f)) {
			i++;
			continue;
		}
		buf_add(&out, p + i, l);
		i += l;
	}
	buf_release(b);
	*b = out;
}

size_t
utf8_trunc(const char *s, size_t len, size_t max)
{
	size_t n;

	if (len <= max)
		return len;
	n = max;
	while (n > 0 && ((unsigned char)s[n] & 0xc0) == 0x80)
		n--;
	return n;
}

int
glob_match(const char *pattern, const char *s)
{
	return fnmatch(pattern, s ? s : "", 0) == 0;
}

uint64_t
fnv1a64_mem(const void *data, size_t n)
{
	const unsigned char *p = data;
	uint64_t h = 14695981039346656037ULL;

	for (size_t i = 0; i < n; i++) {
		h ^= p[i];
		h *= 1099511628211ULL;
	}
	return h;
}

uint64_t
fnv1a64(const char *s)
{
	return fnv1a64_mem(s, strlen(s));
}

char **
strv_dupn(const char *const *v, size_t n)
{
	char **out = xcalloc(n + 1, sizeof(*out));

	for (size_t i = 0; i < n; i++)
		out[i] = xstrdup(v[i]);
	return out;
}

char **
strv_dup(const char *const *v)
{
	size_t n = 0;

	if (v == NULL)
		return NULL;
	while (v[n] != NULL)
		n++;
	return strv_dupn(v, n);
}

void
strv_free(char **v)
{
	if (v == NULL)
		return;
	for (size_t i = 0; v[i]; i++)
		free(v[i]);
	free(v);
}

int
strv_add_unique(char ***v, size_t *n, const char *s, size_t max)
{
	if (s == NULL || *s == '\0' || *n >= max)
		return 0;
	for (size_t i = 0; i < *n; i++)
		if (strcmp((*v)[i], s) == 0)
			return 0;
	*v = xreallocarray(*v, *n + 2, sizeof(**v));
	(*v)[(*n)++] = xstrdup(s);
	(*v)[*n] = NULL;
	return 1;
}

int
slug_valid(const char *s, size_t max)
{
	size_t n = strlen(s);

	if (n == 0 || n > max)
		return 0;
	for (size_t i = 0; i < n; i++)
		if (!((s[i] >= 'a' && s[i] <= 'z') ||
		    (s[i] >= '0' && s[i] <= '9') || s[i] == '-'))
			return 0;
	return 1;
}

static int
rank_newest(const void *a, const void *b)
{
	const struct dated_rank *x = a, *y = b;

	if (x->t != y->t)
		return x->t > y->t ? -1 : 1;
	return x->i < y->i ? -1 : x->i > y->i;
}

static int
rank_index(const void *a, const void *b)
{
	const struct dated_rank *x = a, *y = b;

	return x->i < y->i ? -1 : x->i > y->i;
}

void
rank_keep_newest(struct dated_rank *r, size_t n, size_t keep)
{
	qsort(r, n, sizeof(*r), rank_newest);
	qsort(r, keep, sizeof(*r), rank_index);
}

int64_t
backoff_seconds(unsigned n, int64_t max)
{
	int64_t s = (int64_t)60 << (n < 24 ? n : 24);

	return s < max ? s : max;
}
