#ifndef SIGWATCH_LOOKUP_H
#define SIGWATCH_LOOKUP_H

#include <sys/types.h>
#include <sys/socket.h>

#include <netdb.h>

/*
 * Name resolution off the caller's thread: getaddrinfo(3) (the resolver
 * behind libcurl's own threaded resolver) runs on a thread of its own, so
 * a slow DNS server holds up neither the other transfers of a run nor its
 * timeouts. fetch.c uses it when a proxy is configured: the host name of
 * every hop is resolved here and checked before the proxy is asked to
 * connect anywhere.
 */
struct lookup;

/*
 * Start resolving host (a name or an IP literal; IPv6 without brackets)
 * for a TCP connection. wake(arg), when not NULL, runs once on the
 * lookup's thread as soon as the answer is in, unless lookup_free() came
 * first; it must be thread-safe (curl_multi_wakeup is). Never fails: when
 * no thread can be started the lookup runs at once, in the caller.
 */
struct lookup *lookup_start(const char *host, void (*wake)(void *),
	    void *arg);

/*
 * 1 once the answer is in: then *gai is 0 and *res the address list
 * (borrowed: it lives as long as the lookup), or *gai a getaddrinfo error
 * code (gai_strerror) and *res NULL. 0 while it is still running.
 */
int	lookup_result(struct lookup *, const struct addrinfo **res, int *gai);

/* wait up to ms milliseconds for the answer; 1 once it is in */
int	lookup_wait(struct lookup *, long ms);

/* release it (accepts NULL); a lookup still running is abandoned: its
 * thread frees it when getaddrinfo returns and wake is not called */
void	lookup_free(struct lookup *);

#endif
