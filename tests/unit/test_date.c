#include <stdint.h>
#include <string.h>

#include "date.h"
#include "t.h"

static const struct {
	const char	*in;
	long long	 want;
} good[] = {
	{ "Fri, 01 Dec 2017 18:38:32 GMT", 1512153512LL },
	{ "Tue, 10 Mar 2020 16:05:00 +0100", 1583852700LL },
	{ "Wed, 03 Dec 2025 21:40:00 -0800", 1764826800LL },
	{ "Tue, 4 Nov 2025 14:25:56  EST", 1762284356LL },
	{ "08 Sep 2012 12:00:00 EST", 1347123600LL },
	{ "Sat 25 Sep 2010 01:30:00 GMT", 1285378200LL },
	{ "Thu, 01 Jan 04 19:48:21 GMT", 1072986501LL },
	{ "Thu, 01 Jan 99 19:48:21 GMT", 915220101LL },
	{ "thu, 01 jan 2004 19:48 gmt", 1072986480LL },
	{ "Mon, 15 Sept 2003 10:00:00 PDT", 1063645200LL },
	{ "Tuesday, 10 June 2003 04:00:00 CDT", 1055235600LL },
	{ "Sun, 06 Nov 1994 08:49:37 Z", 784111777LL },
	{ "Sun, 06 Nov 1994 08:49:37 UT", 784111777LL },
	{ "Sun, 06 Nov 1994 08:49:37 MST", 784136977LL },
	{ "Sun, 06 Nov 1994 08:49:37 MDT", 784133377LL },
	{ "Sun, 06 Nov 1994 08:49:37 CST", 784133377LL },
	{ "Sun, 06 Nov 1994 08:49:37 EDT", 784126177LL },
	{ "Sun, 06 Nov 1994 08:49:37 PST", 784140577LL },
	{ "Sun, 06 Nov 1994 08:49:37 A", 784115377LL },
	{ "Sun, 06 Nov 1994 08:49:37 Y", 784068577LL },
	{ "Sun, 06 Nov 1994 08:49:37 -05:30", 784131577LL },
	{ "Sun, 06 Nov 1994 08:49:37 GMT+02:00", 784104577LL },
	{ "Sunday, 06-Nov-94 08:49:37 GMT", 784111777LL },
	{ "Sun Nov  6 08:49:37 1994", 784111777LL },
	{ "Nov 6 1994 08:49:37 GMT", 784111777LL },
	{ "  Sun,   06  Nov  1994   08:49:37   GMT  ", 784111777LL },
	{ "10 Jun 2003", 1055203200LL },
	{ "Tue, 10 Jun 2003", 1055203200LL },
	{ "2016-01-26T19:20:07+00:00", 1453836007LL },
	{ "2016-05-04T06:53:45Z", 1462344825LL },
	{ "2017-06-21T10:31:19-07:00", 1498066279LL },
	{ "2015-10-15T04:20:50.312-07:00", 1444908050LL },
	{ "2019-10-12T07:20:50.52Z", 1570864850LL },
	{ "2019-10-12T07:20:50,52Z", 1570864850LL },
	{ "20191012T072050.123456789012Z", 1570864850LL },
	{ "2019-08-14", 1565740800LL },
	{ "2003-12", 1070236800LL },
	{ "2003", 1041379200LL },
	{ "2016-06-01T07:00", 1464764400LL },
	{ "2016-06-01 07:00:05", 1464764405LL },
	{ "2016-06-01t07:00:05z", 1464764405LL },
	{ "2003-12-31T10:14:55+0530", 1072845895LL },
	{ "2003-12-31T10:14:55-08", 1072894495LL },
	{ "20031231T101455Z", 1072865695LL },
	{ "20031231", 1072828800LL },
	{ "2020/1/10 14:03:00", 1578664980LL },
	{ "2000-02-29T00:00:00Z", 951782400LL },
	{ "1970-01-01T00:00:00Z", 0LL },
	{ "1969-12-31T23:59:59Z", -1LL },
};

static const char *const bad[] = {
	"",
	"   ",
	"garbage",
	"Tue, 10 Jun 2003 04:00:00",
	"2003-02-31",
	"Tue, 31 Feb 2004 10:00:00 GMT",
	"1900-02-29",
	"2003-13-01",
	"2003-12-31T25:00:00Z",
	"2003-12-31T10:61:00Z",
	"Seg, 24 Set 2018 19:18:49 -0300",
	"Sun, 06 Nov 1994 08:49:37 +5x",
	"2003-12-31T10:00:00+25:00",
	"10 Jun",
	"Jun 2003",
	"2003-12-31Tfoo",
	"2003-12-31T10:14:55.Z",
	"20031231T101455,Z",
	"Sun, 06 Nov 1994 08:49:37 GMT extra junk",
	"\xc3\xa9 2003",
	NULL
};

static void
test_date__good(void)
{
	for (size_t i = 0; i < sizeof(good) / sizeof(good[0]); i++) {
		int64_t t = 0;
		int rc = date_parse(good[i].in, &t);

		if (rc != 0 || t != good[i].want)
			fprintf(stderr, "case \"%s\": rc %d t %lld\n",
			    good[i].in, rc, (long long)t);
		T_EQ_INT(rc, 0);
		T_EQ_INT(t, good[i].want);
	}
}

static void
test_date__bad(void)
{
	for (size_t i = 0; bad[i]; i++) {
		int64_t t = 42;
		int rc = date_parse(bad[i], &t);

		if (rc == 0)
			fprintf(stderr, "case \"%s\" accepted: %lld\n", bad[i],
			    (long long)t);
		T_EQ_INT(rc, -1);
		T_EQ_INT(t, 42);	/* untouched on failure */
	}
	T_EQ_INT(date_parse(NULL, &(int64_t){ 0 }), -1);
}

static void
test_date__long_input(void)
{
	char s[4096];
	int64_t t;

	memset(s, ' ', sizeof(s) - 1);
	s[sizeof(s) - 1] = '\0';
	memcpy(s, "2003-12-31", 10);
	/* trailing spaces are trimmed; the rest is bounded */
	T_EQ_INT(date_parse(s, &t), 0);
	memset(s, '1', sizeof(s) - 1);
	T_EQ_INT(date_parse(s, &t), -1);
}

static void
test_date__days_from_civil(void)
{
	T_EQ_INT(date_days_from_civil(1970, 1, 1), 0);
	T_EQ_INT(date_days_from_civil(2000, 3, 1), 11017);
	T_EQ_INT(date_days_from_civil(1969, 12, 31), -1);
}

T_MAIN(T_CASE(test_date__good), T_CASE(test_date__bad),
    T_CASE(test_date__long_input), T_CASE(test_date__days_from_civil))
