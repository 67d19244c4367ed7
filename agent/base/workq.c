/* sched_getaffinity, CPU_COUNT */
#define _GNU_SOURCE
#include "workq.h"

#include <pthread.h>
#include <sched.h>
#include <stdlib.h>
#include <unistd.h>

#include "log.h"
#include "xmalloc.h"

#define WORKQ_MAX_THREADS	64

/* a FIFO of tasks, linked through task->next */
struct tasklist {
	struct workq_task	*head, *tail;
};

struct workq {
	pthread_mutex_t	 mu;
	pthread_cond_t	 todo_cv;	/* workers: a task or stop */
	pthread_cond_t	 done_cv;	/* owner: a task finished */
	struct tasklist	 todo, finished;
	int		 stopping;
	size_t		 outstanding;	/* owner's count: submitted, not
					 * collected */
	void		(*wake)(void *);
	void		*wake_arg;
	void		(*thread_end)(void);
	pthread_t	*threads;
	unsigned	 nthreads;
};

static void
list_push(struct tasklist *l, struct workq_task *t)
{
	t->next = NULL;
	if (l->tail)
		l->tail->next = t;
	else
		l->head = t;
	l->tail = t;
}

static struct workq_task *
list_pop(struct tasklist *l)
{
	struct workq_task *t = l->head;

	if (t) {
		l->head = t->next;
		if (l->head == NULL)
			l->tail = NULL;
		t->next = NULL;
	}
	return t;
}

static void *
worker(void *arg)
{
	struct workq *q = arg;
	struct workq_task *t;

	pthread_mutex_lock(&q->mu);
	for (;;) {
		while (q->todo.head == NULL && !q->stopping)
			pthread_cond_wait(&q->todo_cv, &q->mu);
		if ((t = list_pop(&q->todo)) == NULL)
			break;	/* stopping and nothing left */
		pthread_mutex_unlock(&q->mu);
		t->run(t);
		pthread_mutex_lock(&q->mu);
		list_push(&q->finished, t);
		pthread_cond_signal(&q->done_cv);
		if (q->wake)
			q->wake(q->wake_arg);
	}
	pthread_mutex_unlock(&q->mu);
	if (q->thread_end)
		q->thread_end();
	return NULL;
}

unsigned
workq_cpus(void)
{
	cpu_set_t set;
	long n;

	if (sched_getaffinity(0, sizeof(set), &set) == 0 && CPU_COUNT(&set) > 0)
		return (unsigned)CPU_COUNT(&set);
	n = sysconf(_SC_NPROCESSORS_ONLN);
	return n > 0 ? (unsigned)n : 1;
}

struct workq *
workq_new(unsigned nthreads, void (*wake)(void *), void *wake_arg,
    void (*thread_end)(void))
{
	struct workq *q = xcalloc(1, sizeof(*q));

	if (nthreads > WORKQ_MAX_THREADS)
		nthreads = WORKQ_MAX_THREADS;
	q->wake = wake;
	q->wake_arg = wake_arg;
	q->thread_end = thread_end;
	if (nthreads == 0)
		return q;
	pthread_mutex_init(&q->mu, NULL);
	pthread_cond_init(&q->todo_cv, NULL);
	pthread_cond_init(&q->done_cv, NULL);
	q->threads = xcalloc(nthreads, sizeof(*q->threads));
	while (q->nthreads < nthreads) {
		if (pthread_create(&q->threads[q->nthreads], NULL, worker,
		    q) != 0) {
			log_warnx("cannot start parse worker %u of %u; going "
			    "on with %u", q->nthreads + 1, nthreads,
			    q->nthreads);
			break;
		}
		q->nthreads++;
	}
	return q;
}

unsigned
workq_threads(const struct workq *q)
{
	return q->nthreads;
}

void
workq_submit(struct workq *q, struct workq_task *t)
{
	if (q->nthreads == 0) {
		t->run(t);
		t->done(t);
		return;
	}
	q->outstanding++;
	pthread_mutex_lock(&q->mu);
	list_push(&q->todo, t);
	pthread_cond_signal(&q->todo_cv);
	pthread_mutex_unlock(&q->mu);
}

size_t
workq_collect(struct workq *q, int wait)
{
	struct tasklist got;
	struct workq_task *t;
	size_t n = 0;

	if (q->nthreads == 0 || q->outstanding == 0)
		return 0;
	pthread_mutex_lock(&q->mu);
	while (wait && q->finished.head == NULL)
		pthread_cond_wait(&q->done_cv, &q->mu);
	got = q->finished;	/* take them all; done() runs unlocked */
	q->finished.head = q->finished.tail = NULL;
	pthread_mutex_unlock(&q->mu);
	while ((t = list_pop(&got)) != NULL) {
		q->outstanding--;
		t->done(t);
		n++;
	}
	return n;
}

size_t
workq_outstanding(const struct workq *q)
{
	return q->outstanding;
}

void
workq_free(struct workq *q)
{
	if (q == NULL)
		return;
	if (q->nthreads > 0) {
		while (q->outstanding > 0)
			workq_collect(q, 1);
		pthread_mutex_lock(&q->mu);
		q->stopping = 1;
		pthread_cond_broadcast(&q->todo_cv);
		pthread_mutex_unlock(&q->mu);
		for (unsigned i = 0; i < q->nthreads; i++)
			pthread_join(q->threads[i], NULL);
		pthread_mutex_destroy(&q->mu);
		pthread_cond_destroy(&q->todo_cv);
		pthread_cond_destroy(&q->done_cv);
	}
	free(q->threads);
	free(q);
}
