#ifndef SIGWATCH_RX_H
#define SIGWATCH_RX_H

/*
 * The PCRE2 matching runtime of rules/: the limits every pattern runs
 * under, and the per-thread scratch a match needs (a match context holding
 * the limits and a JIT stack, one match data). Private to rules/ (it
 * exposes PCRE2's types, as rules_private.h does).
 *
 * Threads: a struct rx is one thread's; nothing else here is mutable
 * after rx_init() (the JIT check runs once, under pthread_once).
 */
#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

/* Limits from the reliability catalogue (section 3). */
#define RX_MATCH_LIMIT		200000
#define RX_DEPTH_LIMIT		10000
#define RX_HEAP_LIMIT_KIB	20000
#define RX_JIT_STACK_MIN	(32 * 1024)
#define RX_JIT_STACK_MAX	(1024 * 1024)

struct rx {
	pcre2_match_context	*ctx;	/* the limits, the JIT stack */
	pcre2_jit_stack		*jstack;	/* or NULL: PCRE2's default */
	pcre2_match_data	*md;	/* room for one match */
};

#define RX_INIT { NULL, NULL, NULL }

/* set up r (dies on out of memory, xmalloc.h); idempotent */
void	rx_init(struct rx *r);
void	rx_release(struct rx *r);

/*
 * The calling thread's struct rx, set up on first use (for code that has
 * no scratch of its own to carry one: attribution's context patterns).
 * It lives as long as the thread.
 */
struct rx *rx_thread(void);
/* free the calling thread's (before the thread ends) */
void	rx_thread_release(void);

/*
 * 1 when the JIT may be used: PCRE2 has one here and no JIT compilation
 * has failed in this process (rx_jit_failed() turns it off for good,
 * logging why once).
 */
int	rx_jit_on(void);
void	rx_jit_failed(int pcre2_error);

/*
 * JIT-compile re (full matching) once, before its first match: *done
 * (zero-initialised, one per compiled pattern) records that it was tried,
 * so a pattern shared by threads is compiled by one of them, under a lock;
 * later calls cost one atomic load. A failure turns the JIT off.
 */
void	rx_jit_once(const pcre2_code *re, _Atomic int *done);

#endif
