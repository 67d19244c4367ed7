#include "rx.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>

#include "log.h"
#include "xmalloc.h"

static pthread_once_t	 jit_checked = PTHREAD_ONCE_INIT;
static pthread_mutex_t	 jit_lock = PTHREAD_MUTEX_INITIALIZER;
static atomic_int	 jit_off;	/* no JIT here, or it failed once */
static _Thread_local struct rx thread_rx = RX_INIT;

static void
jit_check(void)
{
	uint32_t jit = 0;

	if (pcre2_config(PCRE2_CONFIG_JIT, &jit) < 0 || !jit) {
		log_warnx("pcre2 has no JIT here; using the interpreter");
		atomic_store(&jit_off, 1);
	}
}

void
rx_init(struct rx *r)
{
	(void)pthread_once(&jit_checked, jit_check);
	if (r->ctx != NULL)
		return;
	r->ctx = xalloc_check(pcre2_match_context_create(NULL));
	r->md = xalloc_check(pcre2_match_data_create(1, NULL));
	pcre2_set_match_limit(r->ctx, RX_MATCH_LIMIT);
	pcre2_set_depth_limit(r->ctx, RX_DEPTH_LIMIT);
	pcre2_set_heap_limit(r->ctx, RX_HEAP_LIMIT_KIB);
	r->jstack = pcre2_jit_stack_create(RX_JIT_STACK_MIN,
	    RX_JIT_STACK_MAX, NULL);
	if (r->jstack != NULL)
		pcre2_jit_stack_assign(r->ctx, NULL, r->jstack);
}

void
rx_release(struct rx *r)
{
	pcre2_match_data_free(r->md);
	pcre2_jit_stack_free(r->jstack);
	pcre2_match_context_free(r->ctx);
	*r = (struct rx)RX_INIT;
}

void
rx_thread_release(void)
{
	rx_release(&thread_rx);
}

struct rx *
rx_thread(void)
{
	rx_init(&thread_rx);
	return &thread_rx;
}

int
rx_jit_on(void)
{
	(void)pthread_once(&jit_checked, jit_check);
	return !atomic_load(&jit_off);
}

void
rx_jit_failed(int ec)
{
	PCRE2_UCHAR msg[256];

	if (atomic_exchange(&jit_off, 1))
		return;
	pcre2_get_error_message(ec, msg, sizeof(msg));
	log_warnx("pcre2 JIT unavailable (%s); using the interpreter",
	    (const char *)msg);
}

/*
 * JIT compilation waits for a pattern's first match, not the load: a run
 * whose sources all answer 304 never pays for it (14% of a warm run's
 * CPU). The interpreter gives the same matches under the same limits.
 */
void
rx_jit_once(const pcre2_code *re, _Atomic int *done)
{
	int ec;

	if (atomic_load_explicit(done, memory_order_acquire))
		return;
	(void)pthread_mutex_lock(&jit_lock);
	if (!atomic_load_explicit(done, memory_order_relaxed) &&
	    rx_jit_on()) {
		/* the code is the ruleset's, never const: only this call
		 * writes it, once, under the lock */
		ec = pcre2_jit_compile((pcre2_code *)(uintptr_t)re,
		    PCRE2_JIT_COMPLETE);
		if (ec != 0)
			rx_jit_failed(ec);
	}
	atomic_store_explicit(done, 1, memory_order_release);
	(void)pthread_mutex_unlock(&jit_lock);
}
