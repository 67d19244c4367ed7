#ifndef SIGWATCH_ERR_H
#define SIGWATCH_ERR_H

/*
 * One error shape for the whole program. Functions return 0 on success and a
 * negative ERR_* value on failure, with the message in a caller-provided
 * struct err. Messages are lowercase, name the problem first and carry no
 * trailing period.
 */
enum {
	ERR_GENERIC = -1,
	ERR_NOTFOUND = -2,
	ERR_IO = -3,		/* file system; disk full, read-only... */
	ERR_PARSE = -4,		/* document is not well-formed */
	ERR_POLICY = -5,	/* refused by policy: entities, scheme, address */
	ERR_TOOLARGE = -6,	/* over a configured size limit */
	ERR_SCHEMA = -7,	/* well-formed, but not the shape we expect */
	ERR_LOCKED = -8,	/* another process holds the lock */
	ERR_CONFIG = -9,	/* invalid configuration */
	ERR_LIMIT = -10,	/* regex match/depth limit hit */
	ERR_CORRUPT = -11	/* state repository corrupt */
};

struct err {
	int		code;		/* 0, or a negative ERR_* value */
	char		msg[512];
};

#define ERR_INIT { 0, { 0 } }

/* set code and message; returns code so callers can `return err_set(...)` */
int	err_set(struct err *, int code, const char *fmt, ...)
	    __attribute__((format(printf, 3, 4)));
void	err_clear(struct err *);
/* a short word for an ERR_* code: "parse_error", "policy_blocked"... */
const char *err_class(int code);

/* report a programming error with file:line and abort */
#define BUG(...) bug_fl(__FILE__, __LINE__, __VA_ARGS__)
void	bug_fl(const char *file, int line, const char *fmt, ...)
	    __attribute__((format(printf, 3, 4), noreturn));

#endif
