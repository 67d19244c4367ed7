/*
 * rx: the limits every match runs under, the JIT stack, per-thread
 * scratch, JIT compilation once per pattern, and the JIT turned off for
 * good after a failure (the last case: it cannot be undone).
 */
#define _XOPEN_SOURCE 700
#include "rx.h"
#include "log.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdatomic.h>
#include <unistd.h>

#include "t.h"
#include "t_helpers.h"

static pcre2_code *
compile(const char *pat)
{
	PCRE2_SIZE eo;
	int ec;

	return pcre2_compile((PCRE2_SPTR)pat, PCRE2_ZERO_TERMINATED, 0, &ec,
	    &eo, NULL);
}

/* pcre2_match of re on n times 'a' (then tail) under r's limits */
static int
run(const struct rx *r, const pcre2_code *re, size_t n, const char *tail)
{
	size_t tl = strlen(tail);
	char *s = malloc(n + tl + 1);
	int rc;

	memset(s, 'a', n);
	memcpy(s + n, tail, tl + 1);
	rc = pcre2_match(re, (PCRE2_SPTR)s, n + tl, 0, 0, r->md, r->ctx);
	free(s);
	return rc;
}

static size_t
jit_size(const pcre2_code *re)
{
	size_t sz = 0;

	(void)pcre2_pattern_info(re, PCRE2_INFO_JITSIZE, &sz);
	return sz;
}

static void
test_rx__limits(void)
{
	struct rx r = RX_INIT, none = RX_INIT;
	pcre2_code *cat = compile("(a+)+$"), *deep = compile("(?:a|b)*(?=c)");

	rx_init(&r);
	T_ASSERT(r.ctx != NULL && r.md != NULL && r.jstack != NULL);
	rx_init(&r);	/* idempotent */
	/* the interpreter: catastrophic backtracking stops at the match
	 * limit, deep backtracking at the depth limit */
	T_EQ_INT(run(&r, cat, 30, "!"), PCRE2_ERROR_MATCHLIMIT);
	T_EQ_INT(run(&r, deep, 20000, ""), PCRE2_ERROR_DEPTHLIMIT);
	/* (PCRE2's default limits let this one finish) */
	none.md = r.md;
	T_EQ_INT(run(&none, deep, 20000, ""), PCRE2_ERROR_NOMATCH);
	T_EQ_INT(run(&r, deep, 100, "c"), 1);
	T_EQ_INT(pcre2_get_ovector_pointer(r.md)[1], 100);
	/* JIT code: the same match limit; the JIT stack (up to 1 MiB) holds
	 * what PCRE2's 32 KiB default cannot */
	if (rx_jit_on() && pcre2_jit_compile(cat, PCRE2_JIT_COMPLETE) == 0 &&
	    pcre2_jit_compile(deep, PCRE2_JIT_COMPLETE) == 0) {
		pcre2_match_context *bare = pcre2_match_context_create(NULL);
		pcre2_match_data *md = pcre2_match_data_create(1, NULL);

		T_EQ_INT(run(&r, cat, 30, "!"), PCRE2_ERROR_MATCHLIMIT);
		T_EQ_INT(run(&r, deep, 20000, ""), PCRE2_ERROR_NOMATCH);
		none.ctx = bare;
		none.md = md;
		T_EQ_INT(run(&none, deep, 20000, ""), PCRE2_ERROR_JIT_STACKLIMIT);
		pcre2_match_context_free(bare);
		pcre2_match_data_free(md);
	}
	rx_release(&r);
	T_ASSERT(r.ctx == NULL && r.md == NULL && r.jstack == NULL);
	rx_release(&r);	/* twice is harmless */
	pcre2_code_free(cat);
	pcre2_code_free(deep);
}

static void *
thread_rx(void *arg)
{
	struct rx **out = arg;

	out[0] = rx_thread();
	out[1] = rx_thread();
	T_ASSERT(out[0]->ctx != NULL && out[0]->md != NULL);
	rx_thread_release();
	return NULL;
}

static void
test_rx__per_thread(void)
{
	struct rx *mine = rx_thread(), *other[2] = { NULL, NULL };
	pthread_t t;

	T_ASSERT(mine != NULL && mine->ctx != NULL);
	T_ASSERT(rx_thread() == mine);
	T_EQ_INT(pthread_create(&t, NULL, thread_rx, other), 0);
	pthread_join(t, NULL);
	T_ASSERT(other[0] != NULL && other[0] == other[1]);
	T_ASSERT(other[0] != mine);
	rx_thread_release();
	T_ASSERT(mine->ctx == NULL);
	/* set up again on the next use */
	T_ASSERT(rx_thread() == mine && mine->ctx != NULL);
	rx_thread_release();
}

struct once_arg {
	const pcre2_code	*re;
	_Atomic int		*done;
};

static void *
thread_once(void *arg)
{
	struct once_arg *a = arg;

	rx_jit_once(a->re, a->done);
	return NULL;
}

static void
test_rx__jit_once(void)
{
	pcre2_code *re = compile("xy+z");
	_Atomic int done = 0;
	struct once_arg a = { re, &done };
	pthread_t t[4];
	struct rx r = RX_INIT;

	T_EQ_INT(jit_size(re), 0);
	for (int i = 0; i < 4; i++)
		T_EQ_INT(pthread_create(&t[i], NULL, thread_once, &a), 0);
	for (int i = 0; i < 4; i++)
		pthread_join(t[i], NULL);
	T_EQ_INT(atomic_load(&done), 1);
	T_EQ_INT(jit_size(re) > 0, rx_jit_on());
	rx_init(&r);
	T_EQ_INT(pcre2_match(re, (PCRE2_SPTR)"axyyz", 5, 0, 0, r.md, r.ctx),
	    1);
	rx_release(&r);
	pcre2_code_free(re);
}

/* last: a JIT failure turns the JIT off for the process, logged once */
static void
test_rx__jit_failed(void)
{
	pcre2_code *re = compile("q+");
	_Atomic int done = 0;
	PCRE2_UCHAR msg[256];
	char want[400], *out;
	int saved, fd;

	t_mkdtemp("rx");
	unsetenv("JOURNAL_STREAM");
	log_init(LOG_LVL_INFO);
	pcre2_get_error_message(PCRE2_ERROR_NOMEMORY, msg, sizeof(msg));
	fflush(stderr);
	saved = dup(2);
	fd = open(t_path("err"), O_WRONLY | O_CREAT | O_TRUNC, 0600);
	dup2(fd, 2);
	close(fd);
	rx_jit_failed(PCRE2_ERROR_NOMEMORY);
	rx_jit_failed(PCRE2_ERROR_NOMEMORY);
	fflush(stderr);
	dup2(saved, 2);
	close(saved);
	out = t_read_file(t_path("err"), NULL);
	snprintf(want, sizeof(want), "sigwatch: pcre2 JIT unavailable (%s); "
	    "using the interpreter\n", (const char *)msg);
	T_EQ_STR(out, want);
	free(out);
	T_EQ_INT(rx_jit_on(), 0);
	/* later patterns are marked done without JIT code */
	rx_jit_once(re, &done);
	T_EQ_INT(atomic_load(&done), 1);
	T_EQ_INT(jit_size(re), 0);
	pcre2_code_free(re);
	t_rmtree(t_dir);
}

T_MAIN(T_CASE(test_rx__limits), T_CASE(test_rx__per_thread),
    T_CASE(test_rx__jit_once), T_CASE(test_rx__jit_failed))
