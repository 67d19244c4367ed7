/* the synopsis of every command: `sigwatch --help`, `sigwatch CMD --help`
 * and the usage line of a command given wrong arguments */
#include "cmd.h"

#include <stdio.h>
#include <string.h>

#define HELP_COL 34

/* args: '\n' marks where a long synopsis wraps */
static const struct {
	const char	*name, *args, *help;
} cmds[] = {
	{ "run", "[--dry-run [--preview]] [--no-alerts] [--force] [--only FEED_ID]...\n"
	    "[--shard I/N] [--metrics-file PATH]",
	    "one watch cycle (what the timer runs)" },
	{ "playbooks", "--from DIR [--from DIR]... [--dry-run [--preview]]\n"
	    "[--no-alerts]", "playbooks and signal alerts over the shards' hits" },
	{ "check", "", "validate config, feeds, rules, playbooks" },
	{ "parse", "[--source ID | --kind KIND] [--base URL] FILE|-",
	    "print the items parsed from a document" },
	{ "test-rule", "[--rule ID] [--kind KIND] [--base URL] [--source ID]\n"
	    "[--explain] FILE|URL|-", "show which rules match which items" },
	{ "backtest", "[--rule ID] [--since DATE] [--json]",
	    "run current rules over stored items" },
	{ "hits", "[--since DURATION|DATE] [--rule ID] [--competitor NAME]\n"
	    "[--playbook ID] [--json]", "list recorded hits" },
	{ "status", "[--json]", "source health, playbook states, outbox" },
	{ "deliver", "", "retry pending alerts now" },
	{ "log", "[GIT-LOG-OPTION]...", "the state's history (git log)" },
	{ "backup", "FILE", "the state's whole history in a git bundle" },
	{ "digest", "[--since DURATION|DATE] [--dry-run]",
	    "one summary message per notifier" },
	{ "triage", "HIT (--fp | --ack) --note TEXT [--author NAME]",
	    "record a verdict on a hit" },
	{ "signal", "add --competitor NAME --title TEXT [--text-file FILE | -]\n"
	    "[--link URL] [--reporter NAME] [--published DATE] [--rule ID]\n"
	    "[--dry-run]", "record a field report from a person" },
	{ "import-opml", "FILE", "turn an OPML list into a feeds file" },
	{ "add", "[--competitor NAME] [--tags A,B] [--id ID] [--feeds FILE]\n"
	    "[--kind KIND] [--dry-run] URL",
	    "find what to watch on a page and add it" },
	{ "report", "--out DIR [--since DURATION|DATE]",
	    "write DIR/index.html, a static report" },
	{ "version", "", "print the version" },
};

/* args with each wrap point turned into a newline and indent spaces;
 * returns the length of the last line printed */
static size_t
put_args(FILE *fp, const char *args, size_t indent, size_t col)
{
	for (const char *p = args; *p; p++) {
		if (*p == '\n') {
			fprintf(fp, "\n%*s", (int)indent, "");
			col = indent;
		} else {
			fputc(*p, fp);
			col++;
		}
	}
	return col;
}

void
usage(FILE *fp)
{
	fprintf(fp,
"usage: sigwatch [--config FILE] [--state DIR] [--rules DIR] [--feeds DIR]\n"
"                [-v|-q] COMMAND [ARGS]\n"
"       sigwatch --version | --help | COMMAND --help\n"
"\n"
"commands:\n");
	for (size_t i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++) {
		size_t col = 2 + strlen(cmds[i].name);

		fprintf(fp, "  %s", cmds[i].name);
		if (*cmds[i].args) {
			fputc(' ', fp);
			col = put_args(fp, cmds[i].args, col + 1, col + 1);
		}
		if (col + 1 < HELP_COL)
			fprintf(fp, "%*s%s\n", (int)(HELP_COL - col), "",
			    cmds[i].help);
		else
			fprintf(fp, "\n%*s%s\n", HELP_COL, "", cmds[i].help);
	}
	fprintf(fp, "\nsigwatch(1) describes every command; "
	    "docs/formats.md every file.\n");
}

int
cmd_known(const char *name)
{
	for (size_t i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++)
		if (strcmp(cmds[i].name, name) == 0)
			return 1;
	return 0;
}

void
cmd_usage(FILE *fp, const char *name, int verbose)
{
	for (size_t i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++) {
		size_t indent = strlen("usage: sigwatch ") +
		    strlen(cmds[i].name) + 1;

		if (strcmp(cmds[i].name, name) != 0)
			continue;
		fprintf(fp, "usage: sigwatch %s", cmds[i].name);
		if (*cmds[i].args) {
			fputc(' ', fp);
			put_args(fp, cmds[i].args, indent, indent);
		}
		fputc('\n', fp);
		if (verbose)
			fprintf(fp, "\n%s.\nGlobal options (--config, --state, "
			    "--rules, --feeds, -v, -q) go before\nthe command; "
			    "sigwatch(1) describes them all.\n", cmds[i].help);
		return;
	}
}
