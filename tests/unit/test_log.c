/*
 * log: one line per event on stderr, "sigwatch: " or a journald priority
 * prefix, levels, errno kept, registered secrets replaced.
 */
#define _XOPEN_SOURCE 700
#include "log.h"
#include "redact.h"

#include <sys/wait.h>

#include <errno.h>
#include <fcntl.h>
#include <unistd.h>

#include "t.h"
#include "t_helpers.h"

static void
test_log__plain_prefix_and_levels(void)
{
	char *out;

	t_mkdtemp("log");
	unsetenv("JOURNAL_STREAM");
	log_init(LOG_LVL_INFO);
	T_EQ_INT(log_level(), LOG_LVL_INFO);
	t_stderr_begin("err");
	log_info("source=%s items=%d", "acme-blog", 3);
	log_warnx("w");
	log_errorx("e");
	log_debug("not shown at info");
	out = t_stderr_end("err");
	T_EQ_STR(out, "sigwatch: source=acme-blog items=3\n"
	    "sigwatch: w\nsigwatch: e\n");
	free(out);

	/* quiet keeps only errors; debug shows everything */
	log_init(LOG_LVL_QUIET);
	t_stderr_begin("err");
	log_info("i");
	log_warnx("w");
	log_warn("w2");
	log_errorx("e");
	out = t_stderr_end("err");
	T_EQ_STR(out, "sigwatch: e\n");
	free(out);
	log_init(LOG_LVL_DEBUG);
	T_EQ_INT(log_level(), LOG_LVL_DEBUG);
	t_stderr_begin("err");
	log_debug("d%d", 1);
	out = t_stderr_end("err");
	T_EQ_STR(out, "sigwatch: d1\n");
	free(out);
	t_rmtree(t_dir);
}

static void
test_log__journal_priorities(void)
{
	char *out;

	t_mkdtemp("log");
	setenv("JOURNAL_STREAM", "8:1234", 1);
	log_init(LOG_LVL_DEBUG);
	t_stderr_begin("err");
	log_errorx("e");
	log_warnx("w");
	log_info("i");
	log_debug("d");
	out = t_stderr_end("err");
	T_EQ_STR(out, "<3>e\n<4>w\n<6>i\n<7>d\n");
	free(out);
	unsetenv("JOURNAL_STREAM");
	log_init(LOG_LVL_INFO);
	t_rmtree(t_dir);
}

static void
test_log__errno_one_line_and_secrets(void)
{
	char *out, big[3000];

	t_mkdtemp("log");
	unsetenv("JOURNAL_STREAM");
	log_init(LOG_LVL_INFO);
	redact_reset();
	redact_add("hk3Ds8Fg1Jz5Qw");
	memset(big, 'x', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	t_stderr_begin("err");
	/* log_warn appends strerror of the errno at the call, and keeps it */
	errno = ENOENT;
	log_warn("cannot open %s", "a.yaml");
	T_EQ_INT(errno, ENOENT);
	errno = EACCES;
	log_info("x");
	T_EQ_INT(errno, EACCES);
	/* a message with line breaks stays one line */
	log_warnx("a\nb\r\nc");
	/* a registered secret never reaches the line */
	log_warnx("receiver https://h/hk3Ds8Fg1Jz5Qw said no");
	log_info("%s", big);
	out = t_stderr_end("err");
	T_ASSERT(out != NULL);
	if (out != NULL) {
		const char *want = "sigwatch: cannot open a.yaml: "
		    "No such file or directory\nsigwatch: x\n"
		    "sigwatch: a b  c\nsigwatch: receiver https://h/"
		    "[redacted] said no\nsigwatch: ";
		const char *tail;

		T_EQ_INT(strncmp(out, want, strlen(want)), 0);
		T_ASSERT(strstr(out, "hk3Ds8Fg1Jz5Qw") == NULL);
		/* an over-long message is cut at the line buffer */
		tail = out + strlen(want);
		T_EQ_INT(strspn(tail, "x"), 2047);
		T_EQ_STR(tail + 2047, "\n");
	}
	free(out);
	redact_reset();
	t_rmtree(t_dir);
}

/* fatal and fatalx log at error priority and exit 70 */
static void
test_log__fatal_exits_70(void)
{
	char *out;
	int status = 0;

	t_mkdtemp("log");
	for (int which = 0; which < 2; which++) {
		pid_t pid;

		t_stderr_begin("err");
		pid = fork();
		if (pid == 0) {
			setenv("JOURNAL_STREAM", "8:1", 1);
			log_init(LOG_LVL_QUIET);
			errno = EPERM;
			if (which == 0)
				fatal("state=%s", "/srv");
			fatalx("bad %d", 7);
		}
		T_ASSERT(pid > 0);
		waitpid(pid, &status, 0);
		out = t_stderr_end("err");
		T_ASSERT(WIFEXITED(status));
		T_EQ_INT(WEXITSTATUS(status), 70);
		T_EQ_STR(out, which == 0 ?
		    "<3>state=/srv: Operation not permitted\n" : "<3>bad 7\n");
		free(out);
	}
	t_rmtree(t_dir);
}

T_MAIN(T_CASE(test_log__plain_prefix_and_levels),
    T_CASE(test_log__journal_priorities),
    T_CASE(test_log__errno_one_line_and_secrets),
    T_CASE(test_log__fatal_exits_70))
