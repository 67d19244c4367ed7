#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>

#include "t.h"
#include "workq.h"

struct sq {
	struct workq_task	 task;
	unsigned		 n;
	unsigned long		 square;
	pthread_t		 ran_on, done_on;
	int			*done_count;
};

static void
sq_run(struct workq_task *t)
{
	struct sq *s = (struct sq *)t;

	s->square = (unsigned long)s->n * s->n;
	s->ran_on = pthread_self();
}

static void
sq_done(struct workq_task *t)
{
	struct sq *s = (struct sq *)t;

	s->done_on = pthread_self();
	(*s->done_count)++;	/* the owner's thread only: no lock */
}

static atomic_int wakes, ends;

static void
count_end(void)
{
	atomic_fetch_add(&ends, 1);
}

static void
count_wake(void *arg)
{
	(void)arg;
	atomic_fetch_add(&wakes, 1);
}

/* every task runs once, on a worker; done() runs on the owner's thread */
static void
test_workq__threads(void)
{
	enum { N = 2000 };
	struct sq *v = calloc(N, sizeof(*v));
	struct workq *q = workq_new(3, count_wake, NULL, count_end);
	int done = 0, ok = 1, off_owner = 0;
	size_t got = 0;

	T_EQ_INT(workq_threads(q), 3);
	for (unsigned i = 0; i < N; i++) {
		v[i].task.run = sq_run;
		v[i].task.done = sq_done;
		v[i].n = i;
		v[i].done_count = &done;
		workq_submit(q, &v[i].task);
		if (i % 100 == 0)
			got += workq_collect(q, 0);
	}
	T_ASSERT(workq_outstanding(q) + got == N);
	while (workq_outstanding(q) > 0)
		got += workq_collect(q, 1);
	T_EQ_INT(got, N);
	T_EQ_INT(done, N);
	for (unsigned i = 0; i < N; i++) {
		ok &= v[i].square == (unsigned long)i * i;
		ok &= pthread_equal(v[i].done_on, pthread_self()) != 0;
		off_owner += !pthread_equal(v[i].ran_on, pthread_self());
	}
	T_ASSERT(ok);
	T_EQ_INT(off_owner, N);
	T_EQ_INT(atomic_load(&wakes), N);
	T_EQ_INT(workq_collect(q, 1), 0);	/* nothing outstanding: no wait */
	T_EQ_INT(atomic_load(&ends), 0);
	workq_free(q);
	T_EQ_INT(atomic_load(&ends), 3);	/* each worker, as it ended */
	free(v);
}

/* no threads: submit runs and completes the task at once, in place */
static void
test_workq__inline(void)
{
	struct workq *q = workq_new(0, NULL, NULL, count_end);
	struct sq s = { .n = 12 };
	int done = 0;

	s.task.run = sq_run;
	s.task.done = sq_done;
	s.done_count = &done;
	workq_submit(q, &s.task);
	T_EQ_INT(done, 1);
	T_EQ_INT(s.square, 144);
	T_ASSERT(pthread_equal(s.ran_on, pthread_self()));
	T_EQ_INT(workq_outstanding(q), 0);
	T_EQ_INT(workq_collect(q, 1), 0);
	workq_free(q);
	T_EQ_INT(atomic_load(&ends), 3);	/* no thread: never called */
}

/* freeing a pool with work outstanding completes it first */
static void
test_workq__free_collects(void)
{
	struct sq v[50];
	struct workq *q = workq_new(2, NULL, NULL, NULL);
	int done = 0;

	for (unsigned i = 0; i < 50; i++) {
		v[i] = (struct sq){ .n = i, .done_count = &done };
		v[i].task.run = sq_run;
		v[i].task.done = sq_done;
		workq_submit(q, &v[i].task);
	}
	workq_free(q);
	T_EQ_INT(done, 50);
	T_EQ_INT(v[49].square, 49 * 49);
}

static void
test_workq__cpus(void)
{
	T_ASSERT(workq_cpus() >= 1);
}

T_MAIN(T_CASE(test_workq__threads), T_CASE(test_workq__inline),
    T_CASE(test_workq__free_collects), T_CASE(test_workq__cpus))
