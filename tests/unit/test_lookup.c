/*
 * lookup: getaddrinfo on a thread of its own. Only IP literals and the
 * empty name (refused locally, no DNS query) are resolved here: no test
 * traffic leaves the machine.
 */
#include "lookup.h"

#include <arpa/inet.h>
#include <netinet/in.h>

#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "t.h"

static void
sleep_ms(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };

	nanosleep(&ts, NULL);
}

static void
count_wake(void *arg)
{
	atomic_fetch_add((atomic_int *)arg, 1);
}

/* the first address of a finished lookup, as text */
static const char *
first_addr(struct lookup *l, int *family)
{
	static char s[INET6_ADDRSTRLEN];
	const struct addrinfo *res = NULL;
	int gai = -1;

	s[0] = '\0';
	*family = 0;
	if (lookup_result(l, &res, &gai) != 1 || gai != 0 || res == NULL)
		return s;
	*family = res->ai_family;
	T_EQ_INT(res->ai_socktype, SOCK_STREAM);
	if (res->ai_family == AF_INET)
		inet_ntop(AF_INET, &((const struct sockaddr_in *)
		    (const void *)res->ai_addr)->sin_addr, s, sizeof(s));
	else if (res->ai_family == AF_INET6)
		inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)
		    (const void *)res->ai_addr)->sin6_addr, s, sizeof(s));
	return s;
}

static void
test_lookup__literals(void)
{
	atomic_int woken = 0;
	struct lookup *l4 = lookup_start("127.0.0.1", count_wake, &woken);
	struct lookup *l6 = lookup_start("::1", count_wake, &woken);
	struct lookup *ln = lookup_start("127.0.0.2", NULL, NULL);
	int fam;

	T_EQ_INT(lookup_wait(l4, 5000), 1);
	T_EQ_INT(lookup_wait(l6, 5000), 1);
	T_EQ_INT(lookup_wait(ln, 5000), 1);
	T_EQ_STR(first_addr(l4, &fam), "127.0.0.1");
	T_EQ_INT(fam, AF_INET);
	T_EQ_STR(first_addr(l6, &fam), "::1");
	T_EQ_INT(fam, AF_INET6);
	T_EQ_STR(first_addr(ln, &fam), "127.0.0.2");
	/* each wake ran once (it runs before the waiters are told) */
	T_EQ_INT(atomic_load(&woken), 2);
	lookup_free(l4);
	lookup_free(l6);
	lookup_free(ln);
	lookup_free(NULL);
}

static void
test_lookup__error(void)
{
	struct lookup *l = lookup_start("", NULL, NULL);
	const struct addrinfo *res = (const void *)&res;
	int gai = 0;

	T_EQ_INT(lookup_wait(l, 5000), 1);
	T_EQ_INT(lookup_result(l, &res, &gai), 1);
	T_EQ_INT(gai, EAI_NONAME);
	T_ASSERT(res == NULL);
	lookup_free(l);
}

struct slow {
	atomic_int	in, out;
};

static void
slow_wake(void *arg)
{
	struct slow *s = arg;

	atomic_store(&s->in, 1);
	sleep_ms(200);
	atomic_store(&s->out, 1);
}

/* lookup_free never returns while wake runs: after it, wake is done */
static void
test_lookup__free_waits_for_wake(void)
{
	struct slow s = { 0, 0 };
	struct lookup *l = lookup_start("127.0.0.1", slow_wake, &s);

	for (int i = 0; i < 500 && !atomic_load(&s.in); i++)
		sleep_ms(10);
	T_EQ_INT(atomic_load(&s.in), 1);
	lookup_free(l);
	T_EQ_INT(atomic_load(&s.out), 1);
}

/* many at once, most abandoned unanswered: none calls wake after its
 * lookup_free (ASan: nothing used after free) */
static void
test_lookup__abandoned(void)
{
	atomic_int woken[64];
	struct lookup *l[64];
	char host[32];

	for (int i = 0; i < 64; i++) {
		atomic_init(&woken[i], 0);
		snprintf(host, sizeof(host), "127.0.%d.%d", i / 8, i % 8 + 1);
		l[i] = lookup_start(host, count_wake, &woken[i]);
	}
	for (int i = 0; i < 64; i++) {
		if (i % 4 == 0) {
			int fam;
			char want[32];

			T_EQ_INT(lookup_wait(l[i], 5000), 1);
			snprintf(want, sizeof(want), "127.0.%d.%d", i / 8,
			    i % 8 + 1);
			T_EQ_STR(first_addr(l[i], &fam), want);
		}
		lookup_free(l[i]);
	}
	/* give abandoned threads time to finish (bounded) */
	sleep_ms(300);
	for (int i = 0; i < 64; i++) {
		T_ASSERT(atomic_load(&woken[i]) <= 1);
		if (i % 4 == 0)
			T_EQ_INT(atomic_load(&woken[i]), 1);
	}
}

T_MAIN(T_CASE(test_lookup__literals), T_CASE(test_lookup__error),
    T_CASE(test_lookup__free_waits_for_wake), T_CASE(test_lookup__abandoned))
