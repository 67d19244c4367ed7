#include "date.h"

#include <stddef.h>
#include <string.h>

/*
 * A small hand-written scanner rather than strptime(3): %a and %b depend on
 * the locale, and feeds are full of near-misses that strptime refuses.
 * Everything works on a lowercased ASCII copy of the input.
 */

#define DATE_MAXLEN	128
#define DATE_MAXTOK	12

struct dt {
	int	y, mo, d, h, mi, s;
	int	off;		/* seconds east of UTC */
};

static const char *const months[] = {
	"jan", "feb", "mar", "apr", "may", "jun",
	"jul", "aug", "sep", "oct", "nov", "dec"
};
static const char *const days[] = {
	"mon", "tue", "wed", "thu", "fri", "sat", "sun"
};

static const struct {
	const char	*name;
	int		 hours;
} zones[] = {
	{ "ut", 0 }, { "utc", 0 }, { "gmt", 0 }, { "z", 0 }, { "wet", 0 },
	{ "bst", 1 }, { "cet", 1 }, { "cest", 2 }, { "eet", 2 },
	{ "adt", -3 }, { "ast", -4 }, { "at", -4 },
	{ "edt", -4 }, { "est", -5 }, { "et", -5 },
	{ "cdt", -5 }, { "cst", -6 }, { "ct", -6 },
	{ "mdt", -6 }, { "mst", -7 }, { "mt", -7 },
	{ "pdt", -7 }, { "pst", -8 }, { "pt", -8 },
};

int64_t
date_days_from_civil(int64_t y, unsigned m, unsigned d)
{
	int64_t era;
	unsigned yoe, doy, doe;

	/* Howard Hinnant's algorithm */
	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = (unsigned)(y - era * 400);
	doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + (int64_t)doe - 719468;
}

static int
isdig(int c)
{
	return c >= '0' && c <= '9';
}

static int
isalph(int c)
{
	return c >= 'a' && c <= 'z';
}

static int
isspc(int c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' ||
	    c == '\v';
}

/* read 1..max digits at *p; -1 when none */
static int
digits(const char **p, int min, int max)
{
	int n = 0, v = 0;

	while (n < max && isdig((unsigned char)**p)) {
		v = v * 10 + (**p - '0');
		(*p)++;
		n++;
	}
	return n >= min ? v : -1;
}

/* skip a fraction of a second (".5", ",123456789012") at *p if there is
 * one; -1 for a separator without digits */
static int
skip_fraction(const char **p)
{
	if (**p != '.' && **p != ',')
		return 0;
	(*p)++;
	if (digits(p, 1, 9) < 0)
		return -1;
	while (isdig((unsigned char)**p))
		(*p)++;
	return 0;
}

static int
month_index(const char *tok, size_t len)
{
	if (len < 3)
		return -1;
	for (int i = 0; i < 12; i++)
		if (strncmp(tok, months[i], 3) == 0)
			return i + 1;
	return -1;
}

static int
is_dayname(const char *tok, size_t len)
{
	if (len < 3)
		return 0;
	for (int i = 0; i < 7; i++)
		if (strncmp(tok, days[i], 3) == 0)
			return 1;
	return 0;
}

static int
valid(const struct dt *t)
{
	static const int mdays[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31,
	    30, 31 };
	int md;

	if (t->y < 1 || t->y > 9999 || t->mo < 1 || t->mo > 12 || t->d < 1)
		return 0;
	md = mdays[t->mo - 1];
	if (t->mo == 2 && ((t->y % 4 == 0 && t->y % 100 != 0) ||
	    t->y % 400 == 0))
		md = 29;
	if (t->d > md)
		return 0;
	if (t->h < 0 || t->h > 23 || t->mi < 0 || t->mi > 59 || t->s < 0 ||
	    t->s > 60)
		return 0;
	if (t->off < -24 * 3600 || t->off > 24 * 3600)
		return 0;
	return 1;
}

static int64_t
to_unix(const struct dt *t)
{
	return date_days_from_civil(t->y, (unsigned)t->mo, (unsigned)t->d) *
	    86400 + t->h * 3600 + t->mi * 60 + t->s - t->off;
}

/* "+hhmm" "-hh:mm" "+hh" "+h" at p, to the end of the string */
static int
numeric_zone(const char *p, int *off)
{
	int sign, h, m = 0;

	if (*p != '+' && *p != '-')
		return -1;
	sign = *p == '-' ? -1 : 1;
	p++;
	if (isdig((unsigned char)p[0]) && isdig((unsigned char)p[1]) &&
	    isdig((unsigned char)p[2])) {
		/* hhmm (or hmm) */
		const char *q = p;
		int n = 0;

		while (isdig((unsigned char)q[n]))
			n++;
		if (n != 4 && n != 3)
			return -1;
		h = n == 4 ? (p[0] - '0') * 10 + (p[1] - '0') : p[0] - '0';
		p += n - 2;
		m = (p[0] - '0') * 10 + (p[1] - '0');
		p += 2;
	} else {
		if ((h = digits(&p, 1, 2)) < 0)
			return -1;
		if (*p == ':') {
			p++;
			if ((m = digits(&p, 2, 2)) < 0)
				return -1;
		}
	}
	if (*p != '\0' || h > 23 || m > 59)
		return -1;
	*off = sign * (h * 3600 + m * 60);
	return 0;
}

/* a whole zone token: named, military letter, numeric, "gmt+5" */
static int
zone(const char *p, int *off)
{
	size_t len = strlen(p);

	if (len == 0)
		return -1;
	if (*p == '+' || *p == '-')
		return numeric_zone(p, off);
	if ((strncmp(p, "gmt", 3) == 0 || strncmp(p, "utc", 3) == 0) &&
	    (p[3] == '+' || p[3] == '-'))
		return numeric_zone(p + 3, off);
	for (size_t i = 0; i < sizeof(zones) / sizeof(zones[0]); i++)
		if (strcmp(p, zones[i].name) == 0) {
			*off = zones[i].hours * 3600;
			return 0;
		}
	if (len == 1 && isalph((unsigned char)p[0]) && p[0] != 'j') {
		/* RFC 822 military zones: a-i = -1..-9, k-m = -10..-12,
		 * n-y = +1..+12 */
		int c = p[0];

		if (c <= 'i')
			*off = -(c - 'a' + 1) * 3600;
		else if (c <= 'm')
			*off = -(c - 'k' + 10) * 3600;
		else
			*off = (c - 'n' + 1) * 3600;
		return 0;
	}
	for (size_t i = 0; i < len; i++)
		if (!isalph((unsigned char)p[i]))
			return -1;
	if (len > 5)
		return -1;
	/* an abbreviation we do not know: UTC, like feedparser */
	*off = 0;
	return 0;
}

/* "hh:mm[:ss[.frac]]" (whole token) */
static int
clock_time(const char *p, struct dt *t)
{
	if ((t->h = digits(&p, 1, 2)) < 0 || *p++ != ':')
		return -1;
	if ((t->mi = digits(&p, 2, 2)) < 0)
		return -1;
	t->s = 0;
	if (*p == ':') {
		p++;
		if ((t->s = digits(&p, 2, 2)) < 0)
			return -1;
		if (skip_fraction(&p) < 0)
			return -1;
	}
	return *p == '\0' ? 0 : -1;
}

/*
 * ISO 8601 / RFC 3339 / W3C-DTF: YYYY[-MM[-DD]][(T| )hh[:mm[:ss[.f]]][zone]]
 * and the basic format YYYYMMDD[Thhmm[ss]][zone]. "/" works as a date
 * separator too. No zone means UTC.
 */
static int
parse_iso(const char *p, struct dt *t)
{
	char sep;
	int basic = 0;

	memset(t, 0, sizeof(*t));
	t->mo = t->d = 1;
	if ((t->y = digits(&p, 4, 4)) < 0)
		return -1;
	if (*p == '\0')
		return 0;
	if (isdig((unsigned char)*p)) {
		basic = 1;
		if ((t->mo = digits(&p, 2, 2)) < 0 ||
		    (t->d = digits(&p, 2, 2)) < 0)
			return -1;
	} else {
		sep = *p;
		if (sep != '-' && sep != '/')
			return -1;
		p++;
		if ((t->mo = digits(&p, 1, 2)) < 0)
			return -1;
		if (*p == '\0')
			return 0;
		if (*p != sep)
			return -1;
		p++;
		if ((t->d = digits(&p, 1, 2)) < 0)
			return -1;
	}
	if (*p == '\0')
		return 0;
	if (*p == 't')
		p++;
	else if (isspc((unsigned char)*p))
		while (isspc((unsigned char)*p))
			p++;
	else
		return -1;
	if ((t->h = digits(&p, 2, 2)) < 0)
		return -1;
	if (*p == ':' || (basic && isdig((unsigned char)*p))) {
		int colon = *p == ':';

		if (colon)
			p++;
		if ((t->mi = digits(&p, 2, 2)) < 0)
			return -1;
		if ((colon && *p == ':') ||
		    (!colon && isdig((unsigned char)*p))) {
			if (colon)
				p++;
			if ((t->s = digits(&p, 2, 2)) < 0)
				return -1;
			if (skip_fraction(&p) < 0)
				return -1;
		}
	}
	while (isspc((unsigned char)*p))
		p++;
	if (*p == '\0')
		return 0;
	return zone(p, &t->off);
}

static int
all_digits(const char *s)
{
	if (*s == '\0')
		return 0;
	for (; *s; s++)
		if (!isdig((unsigned char)*s))
			return 0;
	return 1;
}

static int
alpha_only(const char *s)
{
	if (*s == '\0')
		return 0;
	for (; *s; s++)
		if (!isalph((unsigned char)*s) && *s != '.')
			return 0;
	return 1;
}

static int
num(const char *s)
{
	int v = 0;

	for (; *s && v < 100000; s++)
		v = v * 10 + (*s - '0');
	return v;
}

static int
fix_year(const char *tok)
{
	int y = num(tok);

	if (strlen(tok) <= 2)
		y += y < 90 ? 2000 : 1900;
	return y;
}

/*
 * RFC 822 and friends, by token: [weekday] day month year time zone, with
 * month before day, RFC 850 "06-nov-94", and asctime's
 * "weekday month day time year [zone]".
 */
static int
parse_words(char *p, struct dt *t)
{
	char *tok[DATE_MAXTOK];
	char *nums[3];
	int n = 0, nn = 0, i = 0, month = -1, have_time = 0, have_zone = 0;
	int nums_after_time = 0;

	memset(t, 0, sizeof(*t));
	/* split on spaces and commas; "06-nov-94" into three */
	while (*p) {
		char *start, *q;
		int alpha = 0;

		while (isspc((unsigned char)*p) || *p == ',')
			*p++ = '\0';
		if (*p == '\0')
			break;
		start = p;
		while (*p && !isspc((unsigned char)*p) && *p != ',') {
			alpha |= isalph((unsigned char)*p);
			p++;
		}
		if (*p)
			*p++ = '\0';
		q = start;
		for (;;) {
			char *dash = NULL;

			if (n == DATE_MAXTOK)
				return -1;
			tok[n++] = q;
			if (alpha && isdig((unsigned char)start[0]))
				dash = strchr(q, '-');
			if (dash == NULL)
				break;
			*dash = '\0';
			q = dash + 1;
		}
	}
	if (n == 0)
		return -1;
	if (alpha_only(tok[0]) && is_dayname(tok[0], strlen(tok[0])) &&
	    month_index(tok[0], strlen(tok[0])) < 0)
		i = 1;
	for (; i < n; i++) {
		char *s = tok[i];

		if (all_digits(s)) {
			if (nn == 3 || strlen(s) > 4)
				return -1;
			if (have_time)
				nums_after_time++;
			nums[nn++] = s;
		} else if (strchr(s, ':') && isdig((unsigned char)s[0]) &&
		    !have_time && nn + (month > 0) >= 1) {
			if (clock_time(s, t) < 0)
				return -1;
			have_time = 1;
		} else if (month < 0 && !have_time && alpha_only(s) &&
		    month_index(s, strlen(s)) > 0) {
			month = month_index(s, strlen(s));
		} else if (have_time && !have_zone && zone(s, &t->off) == 0) {
			have_zone = 1;
		} else if (have_zone && s[0] == '(') {
			/* "(PST)" comment after a zone */
			break;
		} else
			return -1;
	}
	if (month < 0 || nn != 2)
		return -1;
	t->mo = month;
	if (nums_after_time == 1) {
		/* asctime: month day time year [zone]; no zone is UTC */
		t->d = num(nums[0]);
		t->y = fix_year(nums[1]);
		if (strlen(nums[0]) > 2)
			return -1;
		return 0;
	}
	if (nums_after_time != 0)
		return -1;
	if (strlen(nums[0]) > 2 && strlen(nums[1]) <= 2) {
		/* "2003 jun 10" */
		t->y = fix_year(nums[0]);
		t->d = num(nums[1]);
	} else {
		if (strlen(nums[0]) > 2)
			return -1;
		t->d = num(nums[0]);
		t->y = fix_year(nums[1]);
	}
	if (have_time && !have_zone)
		return -1;	/* RFC 822 without a zone: unknown offset */
	return 0;
}

int
date_parse(const char *s, int64_t *out)
{
	char b[DATE_MAXLEN];
	size_t len, i, j = 0;
	struct dt t;
	int rc;

	if (s == NULL)
		return -1;
	while (isspc((unsigned char)*s))
		s++;
	len = strlen(s);
	while (len > 0 && isspc((unsigned char)s[len - 1]))
		len--;
	if (len == 0 || len >= sizeof(b))
		return -1;
	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c >= 0x80)
			return -1;
		if (c >= 'A' && c <= 'Z')
			c = (unsigned char)(c - 'A' + 'a');
		b[j++] = (char)c;
	}
	b[j] = '\0';
	if (isdig((unsigned char)b[0]) && isdig((unsigned char)b[1]) &&
	    isdig((unsigned char)b[2]) && isdig((unsigned char)b[3]) &&
	    (b[4] == '\0' || b[4] == '-' || b[4] == '/' ||
	    isdig((unsigned char)b[4])))
		rc = parse_iso(b, &t);
	else
		rc = parse_words(b, &t);
	if (rc < 0 || !valid(&t))
		return -1;
	*out = to_unix(&t);
	return 0;
}
