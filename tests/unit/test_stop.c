/*
 * stop: SIGTERM/SIGINT set a flag once caught; a second one kills. Each
 * case runs in a child process (the handlers and the flag are for life).
 */
#include "stop.h"

#include <sys/wait.h>

#include <signal.h>
#include <stdlib.h>
#include <unistd.h>

#include "t.h"

/* run fn in a child; its wait status */
static int
in_child(int (*fn)(void))
{
	int status = -1;
	pid_t pid = fork();

	if (pid == 0)
		_exit(fn());
	T_ASSERT(pid > 0);
	if (pid > 0)
		waitpid(pid, &status, 0);
	return status;
}

/* the exit code is which check failed (0: none) */
static int
flag_first(void)
{
	struct sigaction sa;

	if (stop_requested() != 0)
		return 1;
	stop_catch();
	stop_catch();	/* idempotent */
	if (stop_requested() != 0)
		return 2;
	if (raise(SIGTERM) != 0 || stop_requested() != SIGTERM)
		return 3;
	/* SIGINT is caught too, without SA_RESTART; SIGHUP is left alone */
	if (sigaction(SIGINT, NULL, &sa) != 0 ||
	    sa.sa_handler == SIG_DFL || sa.sa_handler == SIG_IGN ||
	    (sa.sa_flags & SA_RESTART))
		return 4;
	if (sigaction(SIGHUP, NULL, &sa) != 0 || sa.sa_handler != SIG_DFL)
		return 5;
	return 0;
}

static int
sigint_sets_sigint(void)
{
	stop_catch();
	raise(SIGINT);
	return stop_requested() == SIGINT ? 0 : 1;
}

/* the second signal, of either kind, takes its default action */
static int
second_kills(void)
{
	stop_catch();
	raise(SIGINT);
	if (stop_requested() != SIGINT)
		return 1;
	raise(SIGTERM);
	return 2;	/* still alive */
}

static int
second_kills_same(void)
{
	stop_catch();
	raise(SIGTERM);
	raise(SIGTERM);
	return 2;
}

static void
test_stop__flag(void)
{
	int st = in_child(flag_first);

	T_ASSERT(WIFEXITED(st));
	T_EQ_INT(WEXITSTATUS(st), 0);
	st = in_child(sigint_sets_sigint);
	T_ASSERT(WIFEXITED(st));
	T_EQ_INT(WEXITSTATUS(st), 0);
}

static void
test_stop__second_signal_kills(void)
{
	int st = in_child(second_kills);

	T_ASSERT(WIFSIGNALED(st));
	T_EQ_INT(WIFSIGNALED(st) ? WTERMSIG(st) : 0, SIGTERM);
	st = in_child(second_kills_same);
	T_ASSERT(WIFSIGNALED(st));
	T_EQ_INT(WIFSIGNALED(st) ? WTERMSIG(st) : 0, SIGTERM);
}

T_MAIN(T_CASE(test_stop__flag), T_CASE(test_stop__second_signal_kills))
