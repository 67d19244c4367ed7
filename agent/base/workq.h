#ifndef SIGWATCH_WORKQ_H
#define SIGWATCH_WORKQ_H

#include <stddef.h>

/*
 * A small pool of worker threads for pure work (parsing a fetched
 * document). The thread that owns the queue submits tasks; a worker runs
 * task->run(task); the owner later takes finished tasks back with
 * workq_collect(), which calls task->done(task) on the owner's thread, so
 * everything that touches shared state (the seen index, the state files,
 * the fetcher) stays on one thread and run() needs no lock.
 *
 * With 0 threads the pool is a no-op: workq_submit() runs run() and then
 * done() at once, on the caller's thread, as if there were no pool.
 *
 * wake(wake_arg), when given, is called from a worker each time a task
 * finishes (so a poll loop on the owner's thread can stop waiting); it
 * must be safe to call from any thread (curl_multi_wakeup is).
 * thread_end(), when given, runs on each worker just before it ends (to
 * free what the thread kept for itself, e.g. thread-local scratch).
 */
struct workq_task {
	void			(*run)(struct workq_task *);	/* on a worker */
	void			(*done)(struct workq_task *);	/* owner */
	struct workq_task	 *next;				/* the queue's */
};

struct workq;

/* never fails for 0 threads; may fall back to fewer threads (even 0)
 * when the system refuses to create them */
struct workq	*workq_new(unsigned nthreads, void (*wake)(void *),
		    void *wake_arg, void (*thread_end)(void));
/* the threads actually running */
unsigned	 workq_threads(const struct workq *);
void		 workq_submit(struct workq *, struct workq_task *);
/* run done() for every finished task, in the order they finished; with
 * wait, first block until at least one has finished (when any is
 * outstanding). Returns how many were collected. */
size_t		 workq_collect(struct workq *, int wait);
/* tasks submitted and not yet collected */
size_t		 workq_outstanding(const struct workq *);
/* collect until nothing is outstanding, then stop the threads */
void		 workq_free(struct workq *);

/* the processors this process may run on (sched_getaffinity), at least 1 */
unsigned	 workq_cpus(void);

#endif
