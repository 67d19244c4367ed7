#ifndef SIGWATCH_PFINDEX_H
#define SIGWATCH_PFINDEX_H

/*
 * The ruleset's prefilter index (struct rules_private, rules_private.h):
 * every literal of every pattern in one automaton (prefilter.h), which
 * rules may hold with no literal present, the anchored copies of patterns
 * whose matches begin with a literal. The compiler builds it once the
 * rules are loaded (rules_compile()); match.c reads it.
 */
struct ruleset;
struct rules_private;

/* rs->priv, empty: not ready, no index (rules_compiler_new()) */
struct rules_private *pfindex_new(struct ruleset *rs);
/* build rs->priv's index (replacing any) and mark it ready; an automaton
 * too large to build is logged and left out: matching then runs without
 * the prefilter */
void	pfindex_build(struct ruleset *rs);
void	pfindex_free(struct rules_private *);

#endif
