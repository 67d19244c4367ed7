#define _XOPEN_SOURCE 700

#include <sys/socket.h>
#include <sys/wait.h>

#include <netinet/in.h>
#include <arpa/inet.h>

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "config.h"
#include "deliver.h"
#include "err.h"
#include "gitstore.h"
#include "state.h"
#include "xmalloc.h"
#include "t.h"
#include "t_helpers.h"
#include "t_state.h"

/*
 * The outbox: entries queued with outbox_put, delivered by
 * outbox_deliver to a stdout notifier and to a webhook on a loopback
 * receiver (a child process answering with a fixed status), then removed,
 * kept pending or dead-lettered.
 */

#define NOW	1709164800	/* 2024-02-29T00:00:00Z */
#define URLVAR	"SIGWATCH_TEST_DELIVER_URL"

static struct state *
open_state(void)
{
	return t_state_open("deliver");
}

static void
done(struct state *s, struct config *cfg)
{
	state_close(s);
	config_free(cfg);
	t_rmtree(t_dir);
}

/* a config with one notifier "n" of the given type, its URL in URLVAR */
static struct config *
one_notifier(enum notifier_type type)
{
	struct config *cfg = config_new();
	struct notifier *n = xcalloc(1, sizeof(*n));

	n->name = xstrdup("n");
	n->type = type;
	if (type != NOTIFY_STDOUT)
		n->url_env = xstrdup(URLVAR);
	n->timeout = 5;
	cfg->alerts.notifiers = n;
	cfg->alerts.nnotifiers = 1;
	return cfg;
}

static int
exists(const char *rel)
{
	return access(t_path(rel), F_OK) == 0;
}

static void
put(struct state *s, const char *id)
{
	static const char *const names[] = { "n", NULL };
	struct err e = ERR_INIT;
	char *alert = t_fixture("alerts/signal-cloudflare-mesh.json", NULL);

	T_ASSERT(alert != NULL);
	T_EQ_INT(outbox_put(s, id, alert, names, NOW, &e), 0);
	free(alert);
}

/*
 * A one-shot HTTP receiver on 127.0.0.1 (ephemeral port): it answers the
 * first request with status and writes the request's body to bodyfile.
 * Bounded: it gives up after 10 seconds.
 */
static pid_t
receiver(int status, const char *bodyfile, char url[64])
{
	struct sockaddr_in a;
	socklen_t al = sizeof(a);
	int ls = socket(AF_INET, SOCK_STREAM, 0);
	pid_t pid;

	memset(&a, 0, sizeof(a));
	a.sin_family = AF_INET;
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (ls < 0 || bind(ls, (struct sockaddr *)&a, sizeof(a)) < 0 ||
	    listen(ls, 4) < 0 || getsockname(ls, (struct sockaddr *)&a,
	    &al) < 0) {
		perror("receiver");
		exit(2);
	}
	snprintf(url, 64, "http://127.0.0.1:%u/hook", ntohs(a.sin_port));
	fflush(NULL);
	if ((pid = fork()) != 0) {
		close(ls);
		return pid;
	}
	alarm(10);
	{
		char req[65536], resp[256], *hdr_end, *cl;
		size_t got = 0, want = 0;
		ssize_t r;
		int c = accept(ls, NULL, NULL);
		FILE *f;

		while (c >= 0 && got < sizeof(req) - 1) {
			r = read(c, req + got, sizeof(req) - 1 - got);
			if (r <= 0)
				break;
			got += (size_t)r;
			req[got] = '\0';
			hdr_end = strstr(req, "\r\n\r\n");
			if (hdr_end == NULL)
				continue;
			cl = strstr(req, "Content-Length:");
			want = (size_t)(hdr_end + 4 - req) +
			    (cl ? strtoul(cl + 15, NULL, 10) : 0);
			if (got >= want)
				break;
		}
		hdr_end = strstr(req, "\r\n\r\n");
		if ((f = fopen(bodyfile, "w")) != NULL) {
			fputs(hdr_end ? hdr_end + 4 : "", f);
			fclose(f);
		}
		snprintf(resp, sizeof(resp), "HTTP/1.1 %d X\r\n"
		    "Content-Length: 2\r\nConnection: close\r\n\r\nok",
		    status);
		if (c >= 0 && write(c, resp, strlen(resp)) < 0)
			_exit(1);
		_exit(0);
	}
}

static void
reap(pid_t pid)
{
	int st;

	kill(pid, SIGTERM);
	waitpid(pid, &st, 0);
}

static void
test_deliver__put_writes_entry(void)
{
	struct state *s = open_state();
	struct config *cfg = one_notifier(NOTIFY_STDOUT);
	size_t pending = 9, dead = 9;
	char *text;

	put(s, "a1");
	text = t_read_file(t_path("outbox/a1.json"), NULL);
	T_CONTAINS(text, "\"id\": \"a1\"");
	T_CONTAINS(text, "\"pending\"");
	T_CONTAINS(text, "\"created\": \"2024-02-29T00:00:00Z\"");
	free(text);
	outbox_counts(s, &pending, &dead);
	T_EQ_INT(pending, 1);
	T_EQ_INT(dead, 0);
	done(s, cfg);
}

static void
test_deliver__stdout_notifier(void)
{
	struct state *s = open_state();
	struct config *cfg = one_notifier(NOTIFY_STDOUT);
	struct deliver_stats st;
	struct err e = ERR_INIT;
	char out[512], *text;
	int saved, fd;

	put(s, "a2");
	snprintf(out, sizeof(out), "%s", t_path("stdout.txt"));
	fflush(stdout);
	saved = dup(1);
	fd = open(out, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	dup2(fd, 1);
	close(fd);
	memset(&st, 0, sizeof(st));
	T_EQ_INT(outbox_deliver(s, cfg, NOW, 0, &st, &e), 0);
	fflush(stdout);
	dup2(saved, 1);
	close(saved);
	T_EQ_INT(st.sent, 1);
	T_EQ_INT(st.pending, 0);
	T_ASSERT(!exists("outbox/a2.json"));
	text = t_read_file(out, NULL);
	T_ASSERT(text != NULL && strlen(text) > 0);
	T_CONTAINS(text, "\n");
	free(text);
	done(s, cfg);
}

/*
 * One delivery pass to a receiver on loopback that answers status (the
 * request body it got is saved in t_path("body.json")); outbox_deliver's
 * result.
 */
static int
deliver_to_receiver(struct state *s, struct config *cfg, int status,
    struct deliver_stats *st)
{
	struct err e = ERR_INIT;
	char url[64];
	pid_t pid;
	int rc;

	pid = receiver(status, t_path("body.json"), url);
	setenv(URLVAR, url, 1);
	memset(st, 0, sizeof(*st));
	rc = outbox_deliver(s, cfg, NOW, 0, st, &e);
	reap(pid);
	unsetenv(URLVAR);
	return rc;
}

static void
test_deliver__webhook_2xx(void)
{
	struct state *s = open_state();
	struct config *cfg = one_notifier(NOTIFY_WEBHOOK);
	struct deliver_stats st;
	char *got;

	put(s, "a3");
	T_EQ_INT(deliver_to_receiver(s, cfg, 200, &st), 0);
	T_EQ_INT(st.sent, 1);
	T_EQ_INT(st.failed, 0);
	T_ASSERT(!exists("outbox/a3.json"));
	/* the 2xx is in the delivered journal until it is cleared */
	T_ASSERT(exists(".run/delivered"));
	outbox_journal_clear(s);
	T_ASSERT(!exists(".run/delivered"));
	got = t_read_file(t_path("body.json"), NULL);
	T_ASSERT(got != NULL && got[0] == '{');
	free(got);
	done(s, cfg);
}

static void
test_deliver__webhook_5xx_stays_pending(void)
{
	struct state *s = open_state();
	struct config *cfg = one_notifier(NOTIFY_WEBHOOK);
	struct deliver_stats st;
	size_t pending = 0, dead = 9;

	put(s, "a4");
	T_EQ_INT(deliver_to_receiver(s, cfg, 503, &st), 0);
	T_EQ_INT(st.sent, 0);
	T_EQ_INT(st.failed, 1);
	T_ASSERT(exists("outbox/a4.json"));
	outbox_counts(s, &pending, &dead);
	T_EQ_INT(pending, 1);
	T_EQ_INT(dead, 0);
	done(s, cfg);
}

static void
test_deliver__webhook_4xx_dead_letters(void)
{
	struct state *s = open_state();
	struct config *cfg = one_notifier(NOTIFY_WEBHOOK);
	struct deliver_stats st;

	put(s, "a5");
	T_EQ_INT(deliver_to_receiver(s, cfg, 400, &st), 0);
	T_EQ_INT(st.sent, 0);
	T_EQ_INT(st.dead, 1);
	T_ASSERT(!exists("outbox/a5.json"));
	T_ASSERT(exists("outbox/dead/a5.n.json"));
	done(s, cfg);
}

static void
test_deliver__no_url_sends_nothing(void)
{
	struct state *s = open_state();
	struct config *cfg = one_notifier(NOTIFY_WEBHOOK);
	struct deliver_stats st;
	struct err e = ERR_INIT;

	unsetenv(URLVAR);
	put(s, "a6");
	memset(&st, 0, sizeof(st));
	T_EQ_INT(outbox_deliver(s, cfg, NOW, 0, &st, &e), 0);
	T_EQ_INT(st.sent, 0);
	T_EQ_INT(st.dead, 0);
	T_ASSERT(exists("outbox/a6.json"));
	done(s, cfg);
}

T_MAIN(
	T_CASE(test_deliver__put_writes_entry),
	T_CASE(test_deliver__stdout_notifier),
	T_CASE(test_deliver__webhook_2xx),
	T_CASE(test_deliver__webhook_5xx_stays_pending),
	T_CASE(test_deliver__webhook_4xx_dead_letters),
	T_CASE(test_deliver__no_url_sends_nothing),
)
