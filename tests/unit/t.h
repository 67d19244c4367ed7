#ifndef SIGWATCH_T_H
#define SIGWATCH_T_H

/*
 * A tiny test harness. Each tests/unit/test_<mod>.c defines static test
 * functions test_<mod>__<case> and ends with T_MAIN(list). A test passes
 * when none of its assertions failed. The runner's last line is
 * "N passed, N failed".
 */
#include <stdio.h>
#include <string.h>

static int t_failed_now, t_passed, t_failed;

#define T_ASSERT(c) do {						\
	if (!(c)) {							\
		t_failed_now = 1;					\
		fprintf(stderr, "%s:%d: assertion failed: %s\n",	\
		    __FILE__, __LINE__, #c);				\
	}								\
} while (0)

#define T_EQ_STR(a, b) do {						\
	const char *t_a = (a), *t_b = (b);				\
	if (t_a == NULL || t_b == NULL ? t_a != t_b :			\
	    strcmp(t_a, t_b) != 0) {					\
		t_failed_now = 1;					\
		fprintf(stderr, "%s:%d: expected \"%s\", got \"%s\" "	\
		    "(%s)\n", __FILE__, __LINE__, t_b ? t_b : "(null)",	\
		    t_a ? t_a : "(null)", #a);				\
	}								\
} while (0)

#define T_EQ_INT(a, b) do {						\
	long long t_a = (long long)(a), t_b = (long long)(b);		\
	if (t_a != t_b) {						\
		t_failed_now = 1;					\
		fprintf(stderr, "%s:%d: expected %lld, got %lld (%s)\n",\
		    __FILE__, __LINE__, t_b, t_a, #a);			\
	}								\
} while (0)

#define T_CONTAINS(hay, needle) do {					\
	const char *t_h = (hay), *t_n = (needle);			\
	if (t_h == NULL || strstr(t_h, t_n) == NULL) {			\
		t_failed_now = 1;					\
		fprintf(stderr, "%s:%d: \"%s\" not found in \"%.300s\"\n",\
		    __FILE__, __LINE__, t_n, t_h ? t_h : "(null)");	\
	}								\
} while (0)

typedef void (*t_fn)(void);
struct t_case { const char *name; t_fn fn; };
#define T_CASE(f) { #f, f }

static inline int
t_main(const struct t_case *cases, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		t_failed_now = 0;
		cases[i].fn();
		if (t_failed_now) {
			t_failed++;
			fprintf(stderr, "FAIL %s\n", cases[i].name);
		} else
			t_passed++;
	}
	printf("%d passed, %d failed\n", t_passed, t_failed);
	return t_failed != 0;
}

#define T_MAIN(...)							\
int									\
main(void)								\
{									\
	static const struct t_case t_cases[] = { __VA_ARGS__ };	\
	return t_main(t_cases, sizeof(t_cases) / sizeof(t_cases[0]));	\
}

#endif
