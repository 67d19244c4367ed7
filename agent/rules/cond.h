#ifndef SIGWATCH_COND_H
#define SIGWATCH_COND_H

#include <stddef.h>

#include "buf.h"

/*
 * Rule conditions (sigwatch-rules(5), CONDITION):
 *
 *	expr    = and { "or" and }
 *	and     = unary { "and" unary }
 *	unary   = "not" unary | primary
 *	primary = "(" expr ")" | NAME | quant
 *	quant   = ( NUMBER | "all" ) "of" ( PREFIX "*" | "them" )
 *
 * Precedence: not > and > or; and/or are left-associative. Keywords are
 * lowercase. Names are selection names of the rule ([A-Za-z_][A-Za-z0-9_.-]*).
 * Pure: no I/O, no PCRE2.
 */
struct cond;

/*
 * Called for every problem found, with the byte offset of the offending
 * token inside src (src length for "at end of condition").
 */
typedef void (*cond_report_fn)(size_t off, const char *msg, void *payload);

/*
 * Parse src against the selection names (in definition order). On a
 * syntax error parsing stops after reporting it; undefined names and
 * PREFIX* that match nothing are reported and parsing goes on. Returns 0
 * and *out, or -1 (with *out NULL) when anything was reported.
 */
int	cond_parse(struct cond **out, const char *src,
	    const char *const *names, size_t nnames, cond_report_fn,
	    void *payload);

/*
 * A condition that holds when any of the nnames selections holds (what a
 * rule without `condition` means).
 */
struct cond *cond_any(size_t nnames);

/*
 * Evaluate. sel(i, payload) returns the truth of selection i (1/0); it is
 * called lazily, only for the selections needed (and/or short-circuit),
 * so the caller can memoise it.
 */
typedef int (*cond_sel_fn)(size_t i, void *payload);
int	cond_eval(const struct cond *, cond_sel_fn, void *payload);

/*
 * used[i] = 1 for every selection the condition refers to; positive[i] = 1
 * for those referred to under an even number of `not`s (the selections
 * whose match can help the condition hold). Arrays hold nnames bytes;
 * either may be NULL.
 */
void	cond_refs(const struct cond *, unsigned char *used,
	    unsigned char *positive);

/*
 * Text of the condition with only the parentheses its meaning needs
 * (not > and > or) and quantifier sets spelled out: "(a or b) and not c",
 * "a or b and not c", "2 of (s1, s2, s3)". Parsing it back (with N of
 * written as the set) gives the same truth table.
 */
void	cond_format(const struct cond *, const char *const *names,
	    struct buf *);

void	cond_free(struct cond *);

#endif
