#ifndef SIGWATCH_SELFTEST_H
#define SIGWATCH_SELFTEST_H

#include "diag.h"
#include "rules.h"
#include "ytree.h"

struct matcher;

/*
 * Rules' tests: examples (sigwatch-rules(5)): each example is an item
 * whose title and text are the example; a `match:` example the rule does
 * not hit, or a `nomatch:` one it hits, is an error at the example's
 * position. Scoping and the prefilter play no part.
 */

/* check every example of the rules c compiles with matcher m, through
 * the compiler's example hook (rules_on_example()) */
void	selftest_attach(struct rules_compiler *c, struct matcher *m);

#endif
