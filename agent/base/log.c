#include "log.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "redact.h"

static int level = LOG_LVL_INFO;
static int journal = -1;

void
log_init(int lvl)
{
	level = lvl;
	journal = getenv("JOURNAL_STREAM") != NULL;
}

int
log_level(void)
{
	return level;
}

static void
vlog(int prio, const char *fmt, va_list ap, const char *suffix)
{
	char line[2048];
	int saved = errno;

	if (journal < 0)
		journal = getenv("JOURNAL_STREAM") != NULL;
	vsnprintf(line, sizeof(line), fmt, ap);
	/* whatever the message quotes, a registered secret is not printed */
	redact_str(line, sizeof(line));
	/* one event is one line: never let a message span several */
	for (char *p = line; *p; p++)
		if (*p == '\n' || *p == '\r')
			*p = ' ';
	if (journal)
		fprintf(stderr, "<%d>%s%s%s\n", prio, line,
		    suffix ? ": " : "", suffix ? suffix : "");
	else
		fprintf(stderr, "sigwatch: %s%s%s\n", line,
		    suffix ? ": " : "", suffix ? suffix : "");
	errno = saved;
}

#define LOGFN(name, prio, min, withErrno)				\
void									\
name(const char *fmt, ...)						\
{									\
	va_list ap;							\
	int saved = errno;						\
									\
	if (level < (min))						\
		return;							\
	va_start(ap, fmt);						\
	vlog(prio, fmt, ap, (withErrno) ? strerror(saved) : NULL);	\
	va_end(ap);							\
	errno = saved;							\
}

LOGFN(log_warn, 4, LOG_LVL_WARN, 1)
LOGFN(log_warnx, 4, LOG_LVL_WARN, 0)
LOGFN(log_errorx, 3, LOG_LVL_QUIET, 0)
LOGFN(log_info, 6, LOG_LVL_INFO, 0)
LOGFN(log_debug, 7, LOG_LVL_DEBUG, 0)

void
fatal(const char *fmt, ...)
{
	va_list ap;
	int saved = errno;

	va_start(ap, fmt);
	vlog(3, fmt, ap, strerror(saved));
	va_end(ap);
	exit(70);
}

void
fatalx(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vlog(3, fmt, ap, NULL);
	va_end(ap);
	exit(70);
}
