#include <getopt.h>
#include <stddef.h>
#include <string.h>
#include <unistd.h>

#include "cliopt.h"
#include "t.h"

struct seen {
	int	calls, last, stop;
	char	arg[32];
};

static int
record(void *dest, int letter, const char *arg)
{
	struct seen *s = dest;

	s->calls++;
	s->last = letter;
	s->arg[0] = '\0';
	if (arg != NULL && strlen(arg) < sizeof(s->arg))
		memcpy(s->arg, arg, strlen(arg) + 1);
	return s->stop;
}

/* getopt keeps state across calls: start each parse afresh, quietly */
static int
parse(int argc, char **argv, const struct cliopt *o, size_t n,
    const char *lead)
{
	optind = 0;
	opterr = 0;
	return cliopt_parse(argc, argv, o, n, lead);
}

static void
test_cliopt__kinds(void)
{
	const char *name = NULL;
	int flag = 0;
	struct seen s = { 0, 0, 0, "" };
	const struct cliopt o[] = {
		CLIOPT_STR("name", 'n', &name),
		CLIOPT_FLAG("json", 'j', &flag),
		CLIOPT_CALL("more", 'm', record, &s),
		CLIOPT_CALL_ARG("since", 's', record, &s),
		CLIOPT_CALL(NULL, 'd', record, &s),
	};
	char *argv[] = { "cmd", "--name=x", "-j", "--mo", "-d", "--since",
	    "7d", "operand", NULL };

	T_EQ_INT(parse(8, argv, o, CLIOPT_N(o), ""), 0);
	T_EQ_STR(name, "x");
	T_EQ_INT(flag, 1);
	T_EQ_INT(s.calls, 3);
	T_EQ_INT(s.last, 's');
	T_EQ_STR(s.arg, "7d");
	/* the operand is left, permuted to the end, at optind */
	T_EQ_INT(optind, 7);
	T_EQ_STR(argv[optind], "operand");
}

static void
test_cliopt__errors_stop(void)
{
	const char *name = NULL;
	struct seen s = { 0, 0, 64, "" };
	const struct cliopt o[] = {
		CLIOPT_STR("name", 'n', &name),
		CLIOPT_CALL_ARG("since", 's', record, &s),
	};
	char *bad[] = { "cmd", "--bogus", NULL };
	char *noarg[] = { "cmd", "--name", NULL };
	char *stop[] = { "cmd", "-s", "x", "-n", "y", NULL };

	T_EQ_INT(parse(2, bad, o, CLIOPT_N(o), ""), -1);
	T_EQ_INT(parse(2, noarg, o, CLIOPT_N(o), ""), -1);
	T_ASSERT(name == NULL);
	/* a function's nonzero answer ends the parse: -n is never read */
	T_EQ_INT(parse(5, stop, o, CLIOPT_N(o), ""), 64);
	T_EQ_INT(s.calls, 1);
	T_ASSERT(name == NULL);
}

static void
test_cliopt__lead_plus(void)
{
	int flag = 0, later = 0;
	const struct cliopt o[] = {
		CLIOPT_FLAG("verbose", 'v', &flag),
		CLIOPT_FLAG("json", 'j', &later),
	};
	char *argv[] = { "sigwatch", "-v", "hits", "-j", NULL };

	/* "+": options after the first operand belong to the command */
	T_EQ_INT(parse(4, argv, o, CLIOPT_N(o), "+"), 0);
	T_EQ_INT(flag, 1);
	T_EQ_INT(later, 0);
	T_EQ_INT(optind, 2);
}

T_MAIN(T_CASE(test_cliopt__kinds), T_CASE(test_cliopt__errors_stop),
    T_CASE(test_cliopt__lead_plus))
