#ifndef SIGWATCH_CLIOPT_H
#define SIGWATCH_CLIOPT_H

#include <stddef.h>

/*
 * Command-line options from one table: the long and short names and what
 * each does, so that a command's getopt_long string, its struct option
 * array and its switch cannot disagree. getopt_long(3) still reads argv
 * (abbreviations, "--opt=value", its own messages on a bad option).
 *
 *	const char *rule = NULL;
 *	int json = 0;
 *	const struct cliopt opts[] = {
 *		CLIOPT_STR("rule", 'r', &rule),
 *		CLIOPT_FLAG("json", 'j', &json),
 *	};
 *	if (cliopt_parse(argc, argv, opts, CLIOPT_N(opts), "") != 0)
 *		... usage, 64 ...
 *
 * The caller sets optind first when it needs to (0 to re-initialise
 * getopt) and reads the operands from optind after.
 */
enum cliopt_kind {
	CLIOPT_KIND_FLAG,	/* no argument: *(int *)dest = 1 */
	CLIOPT_KIND_STR,	/* *(const char **)dest = optarg */
	CLIOPT_KIND_CALL,	/* no argument: fn(dest, letter, NULL) */
	CLIOPT_KIND_CALL_ARG	/* fn(dest, letter, optarg) */
};

/* an option's action: 0 to go on, else parsing stops and
 * cliopt_parse returns this value */
typedef int cliopt_fn(void *dest, int letter, const char *arg);

struct cliopt {
	const char		*name;		/* long name, no "--"; or NULL */
	int			 letter;	/* short name */
	enum cliopt_kind	 kind;
	void			*dest;
	cliopt_fn		*fn;		/* the CALL kinds */
};

/* the type checks make a wrong dest a compiler warning */
#define CLIOPT_FLAG(name, letter, p) \
	{ name, letter, CLIOPT_KIND_FLAG, (1 ? (p) : (int *)0), NULL }
#define CLIOPT_STR(name, letter, p) \
	{ name, letter, CLIOPT_KIND_STR, (1 ? (p) : (const char **)0), NULL }
#define CLIOPT_CALL(name, letter, fn, p) \
	{ name, letter, CLIOPT_KIND_CALL, p, fn }
#define CLIOPT_CALL_ARG(name, letter, fn, p) \
	{ name, letter, CLIOPT_KIND_CALL_ARG, p, fn }
#define CLIOPT_N(a)	(sizeof(a) / sizeof((a)[0]))

/*
 * Read the options of argv with getopt_long, lead before the short
 * options ("+": stop at the first operand, as main does). Returns 0 when every option was read, -1 on one getopt
 * rejects (it said why on stderr; the caller prints its usage), or the
 * nonzero value an option's function returned.
 */
int	cliopt_parse(int argc, char **argv, const struct cliopt *, size_t n,
	    const char *lead);

#endif
