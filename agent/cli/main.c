/*
 * sigwatch: a competitive-signal watcher. Command line (sigwatch(1));
 * every subcommand lives in its own function below or in
 * run.c.
 */
#include <jansson.h>
#include <malloc.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "cliopt.h"
#include "cmd.h"
#include "config.h"
#include "diag.h"
#include "feed.h"
#include "fetch.h"
#include "gitstore.h"
#include "log.h"
#include "playbook.h"
#include "rules.h"
#include "run.h"
#include "util.h"
#include "xmalloc.h"

static const char *
default_config(void)
{
	const char *e = getenv("SIGWATCH_CONFIG");

	if (e && *e)
		return e;
	if (access("sigwatch.yaml", F_OK) == 0)
		return "sigwatch.yaml";
	if (access("/etc/sigwatch/sigwatch.yaml", F_OK) == 0)
		return "/etc/sigwatch/sigwatch.yaml";
	return NULL;
}

static const struct {
	const char	*name;
	int		(*fn)(const struct cmd_env *, int, char **);
	int		 config;	/* needs the configuration */
} dispatch[] = {
	{ "run", cmd_run, 1 },
	{ "playbooks", cmd_playbooks, 1 },
	{ "check", cmd_check, 1 },
	{ "parse", cmd_parse, 0 },
	{ "test-rule", cmd_test_rule, 1 },
	{ "backtest", cmd_backtest, 1 },
	{ "hits", cmd_hits, 1 },
	{ "status", cmd_status, 1 },
	{ "deliver", cmd_deliver, 1 },
	{ "log", cmd_log, 1 },
	{ "backup", cmd_backup, 1 },
	{ "signal", cmd_signal, 1 },
	{ "digest", cmd_digest, 1 },
	{ "triage", cmd_triage, 1 },
	{ "report", cmd_report, 1 },
	{ "add", cmd_add, 1 },
	{ "import-opml", cmd_import_opml, 0 },
};

/* `sigwatch CMD ... --help`: anywhere before a "--" */
static int
wants_help(int argc, char **argv)
{
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--") == 0)
			return 0;
		if (strcmp(argv[i], "--help") == 0 ||
		    strcmp(argv[i], "-h") == 0)
			return 1;
	}
	return 0;
}

/* -v, -d (more) and -q: the log level */
static int
level_opt(void *dest, int letter, const char *arg)
{
	int *level = dest;

	if (letter == 'q')
		*level = LOG_LVL_WARN;
	else
		(*level)++;
	return 0;
}

/* --help and --version: said on stdout, then exit 0 (the 1) */
static int
info_opt(void *dest, int letter, const char *arg)
{
	if (letter == 'h')
		usage(stdout);
	else
		printf("sigwatch %s\n", SIGWATCH_VERSION);
	return 1;
}

int
main(int argc, char *argv[])
{
	struct cmd_env env;
	int level = LOG_LVL_INFO, rc = -1, orc;
	const char *cmd;
	const struct cliopt opts[] = {
		CLIOPT_STR("config", 'c', &env.config_path),
		CLIOPT_STR("state", 's', &env.ov.state_dir),
		CLIOPT_STR("rules", 'r', &env.ov.rules_dir),
		CLIOPT_STR("feeds", 'f', &env.ov.feeds_dir),
		CLIOPT_CALL("verbose", 'v', level_opt, &level),
		CLIOPT_CALL("quiet", 'q', level_opt, &level),
		CLIOPT_CALL(NULL, 'd', level_opt, &level),
		CLIOPT_CALL("help", 'h', info_opt, NULL),
		CLIOPT_CALL("version", 'V', info_opt, NULL),
	};

	memset(&env, 0, sizeof(env));
	/* a write past RLIMIT_FSIZE must fail with EFBIG, not kill us */
	signal(SIGXFSZ, SIG_IGN);
	signal(SIGPIPE, SIG_IGN);
#ifdef M_MMAP_THRESHOLD
	/*
	 * A fixed threshold: glibc otherwise raises it to 32 MB after the
	 * first big buffer is freed, and later bodies and state files stay
	 * in the heap as fragments (a 100,000-item feed: 111 MB peak RSS
	 * with the default, 98 MB with this; tests/e2e/t0970).
	 */
	mallopt(M_MMAP_THRESHOLD, 256 * 1024);
#endif
	if ((orc = cliopt_parse(argc, argv, opts, CLIOPT_N(opts), "+")) != 0) {
		if (orc > 0)
			return 0;
		usage(stderr);
		return 64;
	}
	log_init(level);
	if (optind >= argc) {
		usage(stderr);
		return 64;
	}
	if (env.config_path == NULL)
		env.config_path = default_config();
	cmd = argv[optind];
	argc -= optind;
	argv += optind;
	optind = 1;
	if (!cmd_known(cmd)) {
		fprintf(stderr, "sigwatch: unknown command '%s'\n", cmd);
		usage(stderr);
		return 64;
	}
	if (wants_help(argc, argv)) {
		cmd_usage(stdout, cmd, 1);
		return 0;
	}
	if (strcmp(cmd, "version") == 0) {
		printf("sigwatch %s\n", SIGWATCH_VERSION);
		return 0;
	}
	fetch_global_init();
	feed_global_init();
	gitstore_global_init();
	for (size_t i = 0; i < sizeof(dispatch) / sizeof(dispatch[0]); i++)
		if (strcmp(cmd, dispatch[i].name) == 0) {
			rc = dispatch[i].config ? cmd_need_config(&env) : 0;
			if (rc == 0)
				rc = dispatch[i].fn(&env, argc, argv);
			break;
		}
	if (rc < 0)
		BUG("command %s has no function", cmd);
	fflush(stdout);
	return rc;
}
