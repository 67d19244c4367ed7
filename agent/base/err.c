#include "err.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int
err_vset(struct err *e, int code, const char *fmt, va_list ap)
{
	if (e == NULL)
		return code;
	e->code = code;
	vsnprintf(e->msg, sizeof(e->msg), fmt, ap);
	return code;
}

int
err_set(struct err *e, int code, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	err_vset(e, code, fmt, ap);
	va_end(ap);
	return code;
}

void
err_clear(struct err *e)
{
	memset(e, 0, sizeof(*e));
}

const char *
err_class(int code)
{
	switch (code) {
	case 0:			return "ok";
	case ERR_NOTFOUND:	return "not_found";
	case ERR_IO:		return "io_error";
	case ERR_PARSE:		return "parse_error";
	case ERR_POLICY:	return "policy_blocked";
	case ERR_TOOLARGE:	return "too_large";
	case ERR_SCHEMA:	return "schema_drift";
	case ERR_LOCKED:	return "locked";
	case ERR_CONFIG:	return "config_error";
	case ERR_LIMIT:		return "limit";
	case ERR_CORRUPT:	return "corrupt";
	default:		return "error";
	}
}

void
bug_fl(const char *file, int line, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "sigwatch: BUG: %s:%d: ", file, line);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	abort();
}
