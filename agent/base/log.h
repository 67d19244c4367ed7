#ifndef SIGWATCH_LOG_H
#define SIGWATCH_LOG_H

/*
 * One line per event on stderr (OpenSMTPD's log.h). Under journald
 * ($JOURNAL_STREAM set) lines carry <3>/<4>/<6>/<7> priority prefixes,
 * otherwise "sigwatch: ". Put context first: "source=acme-blog ...".
 * Never pass a secret (webhook URL, token) to these functions; as a
 * second line of defence, every secret registered with redact.h is
 * replaced in the line.
 * All preserve errno.
 */
enum { LOG_LVL_QUIET = 0, LOG_LVL_WARN = 1, LOG_LVL_INFO = 2, LOG_LVL_DEBUG = 3 };

void	log_init(int level);
int	log_level(void);
void	log_warn(const char *, ...) __attribute__((format(printf, 1, 2)));
void	log_warnx(const char *, ...) __attribute__((format(printf, 1, 2)));
void	log_errorx(const char *, ...) __attribute__((format(printf, 1, 2)));
void	log_info(const char *, ...) __attribute__((format(printf, 1, 2)));
void	log_debug(const char *, ...) __attribute__((format(printf, 1, 2)));
void	fatal(const char *, ...)
	    __attribute__((format(printf, 1, 2), noreturn));
void	fatalx(const char *, ...)
	    __attribute__((format(printf, 1, 2), noreturn));

#endif
