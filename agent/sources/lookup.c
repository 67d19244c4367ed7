#include "lookup.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "log.h"
#include "xmalloc.h"

struct lookup {
	pthread_mutex_t	  mu;
	pthread_cond_t	  cv;
	char		 *host;
	void		(*wake)(void *);	/* NULL once abandoned */
	void		 *arg;
	int		  done;
	int		  gai;
	struct addrinfo	 *res;
	int		  refs;		/* the caller, and the thread while
					 * it runs */
};

static void
lookup_destroy(struct lookup *l)
{
	if (l->res != NULL)
		freeaddrinfo(l->res);
	pthread_cond_destroy(&l->cv);
	pthread_mutex_destroy(&l->mu);
	free(l->host);
	free(l);
}

static void
resolve(struct lookup *l, struct addrinfo **res, int *gai)
{
	struct addrinfo hints;

	memset(&hints, 0, sizeof(hints));
	hints.ai_family = AF_UNSPEC;
	hints.ai_socktype = SOCK_STREAM;
	*res = NULL;
	*gai = getaddrinfo(l->host, NULL, &hints, res);
	if (*gai != 0)
		*res = NULL;
}

static void *
lookup_main(void *arg)
{
	struct lookup *l = arg;
	struct addrinfo *res = NULL;
	int gai, last;

	resolve(l, &res, &gai);
	if (pthread_mutex_lock(&l->mu) != 0)
		fatalx("lookup: cannot lock");
	l->res = res;
	l->gai = gai;
	l->done = 1;
	/* under the lock: lookup_free cannot return while wake runs */
	if (l->wake != NULL)
		l->wake(l->arg);
	pthread_cond_broadcast(&l->cv);
	last = --l->refs == 0;
	pthread_mutex_unlock(&l->mu);
	if (last)
		lookup_destroy(l);
	return NULL;
}

struct lookup *
lookup_start(const char *host, void (*wake)(void *), void *arg)
{
	struct lookup *l = xcalloc(1, sizeof(*l));
	pthread_attr_t attr;
	pthread_t tid;
	int rc;

	if (pthread_mutex_init(&l->mu, NULL) != 0 ||
	    pthread_cond_init(&l->cv, NULL) != 0)
		fatalx("lookup: cannot initialise a lock");
	l->host = xstrdup(host);
	l->wake = wake;
	l->arg = arg;
	l->refs = 2;
	rc = pthread_attr_init(&attr);
	if (rc == 0) {
		pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
		rc = pthread_create(&tid, &attr, lookup_main, l);
		pthread_attr_destroy(&attr);
	}
	if (rc != 0) {
		/* no thread: resolve here (the answer is simply late) */
		log_debug("lookup: no thread (%s); resolving in place",
		    strerror(rc));
		l->refs = 1;
		resolve(l, &l->res, &l->gai);
		l->done = 1;
	}
	return l;
}

int
lookup_result(struct lookup *l, const struct addrinfo **res, int *gai)
{
	int done;

	if (pthread_mutex_lock(&l->mu) != 0)
		fatalx("lookup: cannot lock");
	done = l->done;
	if (done) {
		*res = l->res;
		*gai = l->gai;
	}
	pthread_mutex_unlock(&l->mu);
	return done;
}

int
lookup_wait(struct lookup *l, long ms)
{
	struct timespec until;
	int done, rc = 0;

	clock_gettime(CLOCK_REALTIME, &until);
	until.tv_sec += ms / 1000;
	until.tv_nsec += (ms % 1000) * 1000000L;
	if (until.tv_nsec >= 1000000000L) {
		until.tv_sec++;
		until.tv_nsec -= 1000000000L;
	}
	if (pthread_mutex_lock(&l->mu) != 0)
		fatalx("lookup: cannot lock");
	while (!l->done && rc == 0)
		rc = pthread_cond_timedwait(&l->cv, &l->mu, &until);
	done = l->done;
	pthread_mutex_unlock(&l->mu);
	return done;
}

void
lookup_free(struct lookup *l)
{
	int last;

	if (l == NULL)
		return;
	if (pthread_mutex_lock(&l->mu) != 0)
		fatalx("lookup: cannot lock");
	l->wake = NULL;
	last = --l->refs == 0;
	pthread_mutex_unlock(&l->mu);
	if (last)
		lookup_destroy(l);
}
