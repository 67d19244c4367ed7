#ifndef SIGWATCH_CMD_H
#define SIGWATCH_CMD_H

#include <stddef.h>
#include <stdint.h>

#include "config.h"
#include "diag.h"
#include "playbook.h"
#include "rules.h"

/*
 * Subcommands. Each takes its own argv (argv[0] is the command name) and
 * returns a sysexits exit code (DESIGN.md section 2).
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

/* --since: "7d" (that long before now) or a date "2026-11-01"; -1 when
 * neither */
int	parse_since(const char *, int64_t *out);

int	cmd_run(const struct cmd_env *, int, char **);
int	cmd_check(const struct cmd_env *, int, char **);
int	cmd_parse(const struct cmd_env *, int, char **);
int	cmd_test_rule(const struct cmd_env *, int, char **);
int	cmd_backtest(const struct cmd_env *, int, char **);
int	cmd_hits(const struct cmd_env *, int, char **);
int	cmd_status(const struct cmd_env *, int, char **);
int	cmd_deliver(const struct cmd_env *, int, char **);
int	cmd_import_opml(const struct cmd_env *, int, char **);
int	cmd_report(const struct cmd_env *, int, char **);
int	cmd_add(const struct cmd_env *, int, char **);

#endif
