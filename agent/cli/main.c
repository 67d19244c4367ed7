/*
 * sigwatch: a competitive-signal watcher. Command line (DESIGN.md
 * section 2); every subcommand lives in its own function below or in
 * run.c.
 */
#include <getopt.h>
#include <jansson.h>
#include <malloc.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
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

static void
usage(FILE *fp)
{
	fprintf(fp,
"usage: sigwatch [--config FILE] [--state DIR] [--rules DIR] [--feeds DIR]\n"
"                [-v|-q] COMMAND [ARGS]\n"
"\n"
"commands:\n"
"  run [--dry-run] [--no-alerts] [--force] [--only FEED_ID]...\n"
"      [--shard I/N] [--metrics-file PATH]\n"
"                                  one watch cycle (what the timer runs)\n"
"  check                           validate config, feeds, rules, playbooks\n"
"  parse [--base URL] [--kind KIND] FILE|-\n"
"                                  print the items parsed from a document\n"
"  test-rule [--rule ID] [--kind KIND] [--base URL] [--source ID]\n"
"            [--explain] FILE|URL|-\n"
"                                  show which rules match which items\n"
"  backtest [--rule ID] [--since DATE] [--json]\n"
"                                  run current rules over stored items\n"
"  hits [--since DURATION|DATE] [--rule ID] [--competitor NAME]\n"
"       [--playbook ID] [--json]   list recorded hits\n"
"  status [--json]                 source health, playbook states, outbox\n"
"  deliver                         retry pending alerts now\n"
"  import-opml FILE                turn an OPML list into a feeds file\n"
"  add [--competitor NAME] [--tags A,B] [--id ID] [--feeds FILE]\n"
"      [--kind KIND] [--dry-run] URL\n"
"                                  find what to watch on a page and add it\n"
"  report --out DIR [--since DURATION|DATE]\n"
"                                  write DIR/index.html, a static report\n"
"  version\n");
}

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

int
main(int argc, char *argv[])
{
	static const struct option opts[] = {
		{ "config", required_argument, NULL, 'c' },
		{ "state", required_argument, NULL, 's' },
		{ "rules", required_argument, NULL, 'r' },
		{ "feeds", required_argument, NULL, 'f' },
		{ "verbose", no_argument, NULL, 'v' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	struct cmd_env env;
	int c, level = LOG_LVL_INFO, rc;
	const char *cmd;

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
	while ((c = getopt_long(argc, argv, "+c:s:r:f:vqdh", opts, NULL)) !=
	    -1) {
		switch (c) {
		case 'c':
			env.config_path = optarg;
			break;
		case 's':
			env.ov.state_dir = optarg;
			break;
		case 'r':
			env.ov.rules_dir = optarg;
			break;
		case 'f':
			env.ov.feeds_dir = optarg;
			break;
		case 'v':
		case 'd':
			level++;
			break;
		case 'q':
			level = LOG_LVL_WARN;
			break;
		case 'h':
			usage(stdout);
			return 0;
		default:
			usage(stderr);
			return 64;
		}
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
	if (strcmp(cmd, "version") == 0) {
		printf("sigwatch %s\n", SIGWATCH_VERSION);
		return 0;
	}
	fetch_global_init();
	feed_global_init();
	gitstore_global_init();
	if (strcmp(cmd, "run") == 0)
		rc = cmd_run(&env, argc, argv);
	else if (strcmp(cmd, "check") == 0)
		rc = cmd_check(&env, argc, argv);
	else if (strcmp(cmd, "parse") == 0)
		rc = cmd_parse(&env, argc, argv);
	else if (strcmp(cmd, "test-rule") == 0)
		rc = cmd_test_rule(&env, argc, argv);
	else if (strcmp(cmd, "backtest") == 0)
		rc = cmd_backtest(&env, argc, argv);
	else if (strcmp(cmd, "hits") == 0)
		rc = cmd_hits(&env, argc, argv);
	else if (strcmp(cmd, "status") == 0)
		rc = cmd_status(&env, argc, argv);
	else if (strcmp(cmd, "deliver") == 0)
		rc = cmd_deliver(&env, argc, argv);
	else if (strcmp(cmd, "import-opml") == 0)
		rc = cmd_import_opml(&env, argc, argv);
	else if (strcmp(cmd, "add") == 0)
		rc = cmd_add(&env, argc, argv);
	else if (strcmp(cmd, "report") == 0)
		rc = cmd_report(&env, argc, argv);
	else {
		fprintf(stderr, "sigwatch: unknown command '%s'\n", cmd);
		usage(stderr);
		rc = 64;
	}
	fflush(stdout);
	return rc;
}
