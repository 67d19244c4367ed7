#ifndef SIGWATCH_CMD_H
#define SIGWATCH_CMD_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "config.h"
#include "diag.h"
#include "playbook.h"
#include "rules.h"

/*
 * Subcommands. Each takes its own argv (argv[0] is the command name) and
 * returns a sysexits exit code (sigwatch(1), EXIT STATUS).
 */
struct cmd_env {
	const char		*config_path;	/* or NULL: defaults */
	struct config_overrides	 ov;
};

/* everything an analyst edits, loaded and cross-checked */
struct loaded {
	struct config		*cfg;
	struct ruleset		*rs;
	struct playbooks	 pbs;
	struct diags		 diags;
};

/*
 * Load config, feeds, rules and playbooks, cross-check them (playbooks
 * naming unknown rules, rules naming unknown playbooks, unknown notifiers)
 * and print every diagnostic to stderr. Returns 0, or 78 when any error
 * was found (then nothing is usable).
 */
int	load_all(struct loaded *, const struct cmd_env *);
void	loaded_release(struct loaded *);

/* usage.c: `sigwatch --help`; one command's synopsis ("usage: sigwatch
 * run ..."), with its description when verbose; 1 if name is a command */
void	usage(FILE *);
void	cmd_usage(FILE *, const char *name, int verbose);
int	cmd_known(const char *name);

/*
 * 0 when a configuration was found (env->config_path) or the command line
 * names the directories itself (--rules, --feeds or --state); else prints
 * "no configuration found" with every place looked at and returns 78.
 */
int	cmd_need_config(const struct cmd_env *);

/*
 * Open the state directory of cfg for reading (hits, status, backtest).
 * A directory that does not exist or holds no repository is an error
 * (66, said on stderr), never an empty state: a wrong --state must not
 * read as "no hits" and every source healthy.
 */
struct state;
int	cmd_open_state(struct state **, const struct config *);
/*
 * --since as a cliopt function (cliopt.h), dest a struct since_opt:
 * a duration ("7d": that long before now) when durations is set, or a
 * date "2026-11-01", into t. Anything else is said on stderr ("wants a
 * duration (<durations>) or a date") and returns 64.
 */
struct since_opt {
	int64_t		 now;
	int64_t		 t;		/* the caller's default until given */
	const char	*durations;	/* examples ("7d"); NULL: dates only */
};
int	since_opt(void *dest, int letter, const char *arg);

int	cmd_run(const struct cmd_env *, int, char **);
int	cmd_playbooks(const struct cmd_env *, int, char **);
int	cmd_check(const struct cmd_env *, int, char **);
int	cmd_parse(const struct cmd_env *, int, char **);
int	cmd_test_rule(const struct cmd_env *, int, char **);
int	cmd_backtest(const struct cmd_env *, int, char **);
int	cmd_hits(const struct cmd_env *, int, char **);
int	cmd_status(const struct cmd_env *, int, char **);
int	cmd_deliver(const struct cmd_env *, int, char **);
int	cmd_import_opml(const struct cmd_env *, int, char **);
int	cmd_log(const struct cmd_env *, int, char **);
int	cmd_backup(const struct cmd_env *, int, char **);
int	cmd_signal(const struct cmd_env *, int, char **);
int	cmd_triage(const struct cmd_env *, int, char **);
int	cmd_digest(const struct cmd_env *, int, char **);
int	cmd_report(const struct cmd_env *, int, char **);
int	cmd_add(const struct cmd_env *, int, char **);

#endif
