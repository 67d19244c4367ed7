#include "cliopt.h"

#include <getopt.h>
#include <stdlib.h>

#include "buf.h"
#include "xmalloc.h"

static int
takes_arg(const struct cliopt *o)
{
	return o->kind == CLIOPT_KIND_STR || o->kind == CLIOPT_KIND_CALL_ARG;
}

/* what option letter c does; 0, or the value that stops parsing */
static int
apply(const struct cliopt *opts, size_t n, int c)
{
	for (size_t i = 0; i < n; i++) {
		const struct cliopt *o = &opts[i];

		if (o->letter != c)
			continue;
		switch (o->kind) {
		case CLIOPT_KIND_FLAG:
			*(int *)o->dest = 1;
			return 0;
		case CLIOPT_KIND_STR:
			*(const char **)o->dest = optarg;
			return 0;
		case CLIOPT_KIND_CALL:
			return o->fn(o->dest, c, NULL);
		case CLIOPT_KIND_CALL_ARG:
			return o->fn(o->dest, c, optarg);
		}
	}
	return -1;	/* '?' or ':' from getopt */
}

int
cliopt_parse(int argc, char **argv, const struct cliopt *opts, size_t n,
    const char *lead)
{
	struct option *lo = xcalloc(n + 1, sizeof(*lo));
	struct buf sh = BUF_INIT;
	size_t nl = 0;
	int c, rc = 0;

	buf_addstr(&sh, lead);
	for (size_t i = 0; i < n; i++) {
		if (opts[i].name != NULL) {
			lo[nl].name = opts[i].name;
			lo[nl].has_arg = takes_arg(&opts[i]) ?
			    required_argument : no_argument;
			lo[nl++].val = opts[i].letter;
		}
		buf_addch(&sh, (char)opts[i].letter);
		if (takes_arg(&opts[i]))
			buf_addch(&sh, ':');
	}
	while (rc == 0 && (c = getopt_long(argc, argv, sh.data, lo, NULL)) !=
	    -1)
		rc = apply(opts, n, c);
	buf_release(&sh);
	free(lo);
	return rc;
}
