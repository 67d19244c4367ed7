#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "cond.h"
#include "t.h"

static char lasterr[256];
static size_t lastoff;
static int nerr;

static void
report(size_t off, const char *msg, void *payload)
{
	(void)payload;
	if (nerr++ == 0) {
		lastoff = off;
		snprintf(lasterr, sizeof(lasterr), "%s", msg);
	}
}

struct evalstate {
	unsigned	 bits;		/* truth of selection i = bit i */
	unsigned	 asked;		/* selections evaluated */
};

static int
sel(size_t i, void *payload)
{
	struct evalstate *st = payload;

	st->asked |= 1u << i;
	return (st->bits >> i) & 1;
}

static struct cond *
parse(const char *src, const char *const *names, size_t n)
{
	struct cond *c = NULL;

	nerr = 0;
	lasterr[0] = '\0';
	if (cond_parse(&c, src, names, n, report, NULL) < 0)
		return NULL;
	return c;
}

static int
eval(const struct cond *c, unsigned bits)
{
	struct evalstate st = { bits, 0 };

	return cond_eval(c, sel, &st);
}

static const char *const abc[] = { "a", "b", "c" };

static void
test_cond__precedence(void)
{
	/* a or (b and (not c)) */
	struct cond *c = parse("a or b and not c", abc, 3);
	struct buf b = BUF_INIT;

	T_ASSERT(c != NULL);
	if (c == NULL)
		return;
	for (unsigned v = 0; v < 8; v++) {
		int a = v & 1, bb = (v >> 1) & 1, cc = (v >> 2) & 1;

		T_EQ_INT(eval(c, v), a || (bb && !cc));
	}
	cond_format(c, abc, &b);
	T_EQ_STR(b.data, "a or b and not c");
	buf_release(&b);
	cond_free(c);

	/* left-associative and, not binds tightest */
	c = parse("not a and b or c", abc, 3);
	T_ASSERT(c != NULL);
	for (unsigned v = 0; c && v < 8; v++) {
		int a = v & 1, bb = (v >> 1) & 1, cc = (v >> 2) & 1;

		T_EQ_INT(eval(c, v), (!a && bb) || cc);
	}
	cond_free(c);
	c = parse("not not a", abc, 3);
	T_ASSERT(c != NULL && eval(c, 1) == 1 && eval(c, 0) == 0);
	cond_free(c);
}

static void
test_cond__parentheses(void)
{
	struct cond *c = parse("(a or b) and not c", abc, 3);
	unsigned char used[3] = { 0 }, pos[3] = { 0 };

	T_ASSERT(c != NULL);
	if (c == NULL)
		return;
	for (unsigned v = 0; v < 8; v++) {
		int a = v & 1, bb = (v >> 1) & 1, cc = (v >> 2) & 1;

		T_EQ_INT(eval(c, v), (a || bb) && !cc);
	}
	cond_refs(c, used, pos);
	T_ASSERT(used[0] && used[1] && used[2]);
	T_ASSERT(pos[0] && pos[1] && !pos[2]);
	cond_free(c);
	c = parse("((((a))))", abc, 3);
	T_ASSERT(c != NULL && eval(c, 1) && !eval(c, 2));
	cond_free(c);
	/* short-circuit: b is never asked when a holds */
	c = parse("a or b", abc, 3);
	{
		struct evalstate st = { 1, 0 };

		T_EQ_INT(cond_eval(c, sel, &st), 1);
		T_EQ_INT(st.asked, 1);
	}
	cond_free(c);
}

static void
test_cond__quantifiers(void)
{
	static const char *const names[] = {
		"sel_a", "sel_b", "filter", "sel_c"
	};
	struct cond *c;
	struct buf b = BUF_INIT;

	c = parse("1 of sel_*", names, 4);
	T_ASSERT(c != NULL);
	T_EQ_INT(eval(c, 0x4), 0);	/* filter alone */
	T_EQ_INT(eval(c, 0x8), 1);
	T_EQ_INT(eval(c, 0x1), 1);
	cond_format(c, names, &b);
	T_EQ_STR(b.data, "1 of (sel_a, sel_b, sel_c)");
	buf_release(&b);
	cond_free(c);

	c = parse("all of them", names, 4);
	T_ASSERT(c != NULL);
	T_EQ_INT(eval(c, 0xf), 1);
	T_EQ_INT(eval(c, 0x7), 0);
	cond_free(c);

	c = parse("2 of them", names, 4);
	T_ASSERT(c != NULL);
	T_EQ_INT(eval(c, 0x1), 0);
	T_EQ_INT(eval(c, 0x9), 1);
	T_EQ_INT(eval(c, 0x6), 1);
	T_EQ_INT(eval(c, 0x0), 0);
	cond_free(c);

	c = parse("all of sel_* and not filter", names, 4);
	T_ASSERT(c != NULL);
	T_EQ_INT(eval(c, 0xb), 1);
	T_EQ_INT(eval(c, 0xf), 0);
	T_EQ_INT(eval(c, 0x3), 0);
	cond_free(c);

	c = parse("1 of them", names, 4);
	T_ASSERT(c != NULL && eval(c, 0x4) == 1 && eval(c, 0) == 0);
	cond_free(c);

	c = cond_any(4);
	T_ASSERT(eval(c, 0) == 0 && eval(c, 0x8) == 1);
	cond_free(c);
}

static void
test_cond__errors(void)
{
	static const struct {
		const char	*src;
		size_t		 off;
		const char	*msg;
	} bad[] = {
		{ "a and or b", 6, "expected a selection name, 'not', '(' or "
		    "'N of', found 'or'" },
		{ "(a or b", 0, "unclosed '('" },
		{ "a or b)", 6, "unbalanced ')'" },
		{ "a b", 2, "expected 'and' or 'or', found 'b'" },
		{ "a and", 5, "expected a selection name, 'not', '(' or "
		    "'N of', found end of condition" },
		{ "", 0, "empty condition" },
		{ "a & b", 2, "expected 'and' or 'or', found '&'" },
		{ "a or d", 5, "undefined selection 'd'; did you mean 'a'?" },
		{ "a or zzzz", 5, "undefined selection 'zzzz'" },
		{ "1 of x*", 5, "'x*' matches no selection" },
		{ "4 of them", 0, "'4 of them' can never hold: only 3 "
		    "selections match" },
		{ "0 of them", 0, "'0 of' can never select anything; use 1 or "
		    "more" },
		{ "2 a", 2, "expected 'of' after a number, found 'a'" },
		{ "all of a", 7, "expected 'them' or a PREFIX* after 'of', "
		    "found 'a'" },
		{ "a*", 0, "'a*' needs a quantifier: 1 of, all of or N of" },
		{ "a and (b or ()", 13, "expected a selection name, 'not', "
		    "'(' or 'N of', found ')'" },
	};

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		struct cond *c = parse(bad[i].src, abc, 3);

		T_ASSERT(c == NULL);
		T_EQ_STR(lasterr, bad[i].msg);
		T_EQ_INT(lastoff, bad[i].off);
		cond_free(c);
	}
	/* deep nesting is refused, not a stack overflow */
	{
		char deep[4096];
		size_t n = 0;

		for (; n < 1500; n++)
			deep[n] = '(';
		deep[n++] = 'a';
		deep[n] = '\0';
		T_ASSERT(parse(deep, abc, 3) == NULL);
		T_EQ_STR(lasterr, "condition nested too deeply");
	}
}

/* conditions print with the parentheses their meaning needs, no more,
 * and the printed form means the same */
static void
test_cond__format_minimal(void)
{
	static const struct {
		const char *src, *want;
	} cases[] = {
		{ "(a or b) and not c", "(a or b) and not c" },
		{ "((a or b)) and (not (c))", "(a or b) and not c" },
		{ "a and (b and c)", "a and b and c" },
		{ "(a or b) or c", "a or b or c" },
		{ "not (a and b)", "not (a and b)" },
		{ "not (not a)", "not not a" },
		{ "a and not (b or c)", "a and not (b or c)" },
		{ "(a and b) or (b and c)", "a and b or b and c" },
		{ "a and (b or c) and c", "a and (b or c) and c" },
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct cond *c = parse(cases[i].src, abc, 3), *again;
		struct buf b = BUF_INIT;

		T_ASSERT(c != NULL);
		if (c == NULL)
			continue;
		cond_format(c, abc, &b);
		T_EQ_STR(b.data, cases[i].want);
		again = parse(b.data, abc, 3);
		T_ASSERT(again != NULL);
		for (unsigned v = 0; again && v < 8; v++)
			T_EQ_INT(eval(again, v), eval(c, v));
		cond_free(again);
		cond_free(c);
		buf_release(&b);
	}
}

/* an undefined name gets the closest selection, like unknown keys do */
static void
test_cond__did_you_mean(void)
{
	static const char *const names[] = { "mesh", "headline", "marketing" };
	struct cond *c;

	c = parse("(mesh or headlines) and not marketing", names, 3);
	T_ASSERT(c == NULL);
	T_EQ_STR(lasterr, "undefined selection 'headlines'; did you mean "
	    "'headline'?");
	T_EQ_INT(lastoff, 9);
	c = parse("mesh and not marketting", names, 3);
	T_ASSERT(c == NULL);
	T_EQ_STR(lasterr, "undefined selection 'marketting'; did you mean "
	    "'marketing'?");
}

T_MAIN(T_CASE(test_cond__precedence), T_CASE(test_cond__parentheses),
    T_CASE(test_cond__quantifiers), T_CASE(test_cond__errors),
    T_CASE(test_cond__did_you_mean), T_CASE(test_cond__format_minimal))
