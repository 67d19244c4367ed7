#include "stop.h"

#include <signal.h>
#include <string.h>

static volatile sig_atomic_t stop_sig;

static void
on_stop(int sig)
{
	if (stop_sig != 0) {
		/* asked twice: the default action, now */
		signal(sig, SIG_DFL);
		raise(sig);
		return;
	}
	stop_sig = sig;
}

void
stop_catch(void)
{
	static int installed;
	struct sigaction sa;

	if (installed)
		return;
	installed = 1;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_stop;
	sigemptyset(&sa.sa_mask);
	/* no SA_RESTART needed: libcurl retries its poll on EINTR, and a
	 * pacing sleep cut short only means the flag is read sooner */
	sa.sa_flags = 0;
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
}

int
stop_requested(void)
{
	return (int)stop_sig;
}
