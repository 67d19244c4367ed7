/*
 * log, backup: git on the state repository, whoever owns it. The service
 * runs as a dynamic user, so as root (or any other user) plain `git -C
 * /var/lib/sigwatch log` refuses the repository ("dubious ownership").
 * These commands run git with safe.directory set for this one repository
 * and this one invocation, never in anyone's git configuration.
 */
#include "cmd.h"

#include <errno.h>
#include <limits.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "buf.h"
#include "xmalloc.h"

extern char **environ;

/* the state directory of the configuration, as a real path; 66 when it
 * is not a state repository */
static int
state_realpath(char out[PATH_MAX], const struct cmd_env *env)
{
	struct diags d = DIAGS_INIT;
	struct config *cfg = NULL;
	struct buf git = BUF_INIT;
	struct stat sb;
	int rc = 0;

	if (config_load(&cfg, env->config_path, &env->ov, &d) < 0)
		rc = 78;
	diag_print(&d, stderr);
	diags_release(&d);
	if (rc == 0) {
		buf_addf(&git, "%s/.git", cfg->state_dir);
		if (realpath(cfg->state_dir, out) == NULL ||
		    stat(git.data, &sb) < 0) {
			fprintf(stderr, "sigwatch: %s is not a sigwatch state "
			    "directory (wrong --state, or no run yet)\n",
			    cfg->state_dir);
			rc = 66;
		}
	}
	buf_release(&git);
	config_free(cfg);
	return rc;
}

/* git -c safe.directory=DIR -C DIR ARGS...; git's exit status */
static int
run_git(const char *dir, char *const *args, size_t nargs)
{
	struct buf safe = BUF_INIT;
	char **argv = xcalloc(nargs + 6, sizeof(*argv));
	size_t n = 0;
	pid_t pid;
	int st, rc;

	buf_addf(&safe, "safe.directory=%s", dir);
	argv[n++] = (char *)"git";
	argv[n++] = (char *)"-c";
	argv[n++] = safe.data;
	argv[n++] = (char *)"-C";
	argv[n++] = (char *)dir;
	for (size_t i = 0; i < nargs; i++)
		argv[n++] = args[i];
	argv[n] = NULL;
	fflush(stdout);
	rc = posix_spawnp(&pid, "git", NULL, NULL, argv, environ);
	if (rc != 0) {
		fprintf(stderr, "sigwatch: cannot run git: %s (install the "
		    "git package)\n", strerror(rc));
		rc = 69;
	} else if (waitpid(pid, &st, 0) < 0) {
		fprintf(stderr, "sigwatch: git: %s\n", strerror(errno));
		rc = 70;
	} else
		rc = WIFEXITED(st) ? WEXITSTATUS(st) : 70;
	free(argv);
	buf_release(&safe);
	return rc;
}

int
cmd_log(const struct cmd_env *env, int argc, char **argv)
{
	char dir[PATH_MAX];
	char **args = xcalloc((size_t)argc + 1, sizeof(*args));
	size_t n = 0;
	int rc;

	if ((rc = state_realpath(dir, env)) != 0) {
		free(args);
		return rc;
	}
	args[n++] = (char *)"log";
	for (int i = 1; i < argc; i++)
		args[n++] = argv[i];
	rc = run_git(dir, args, n);
	free(args);
	return rc;
}

int
cmd_backup(const struct cmd_env *env, int argc, char **argv)
{
	char dir[PATH_MAX], cwd[PATH_MAX];
	struct buf file = BUF_INIT;
	char *args[5];
	int rc;

	if (argc != 2 || argv[1][0] == '\0' || argv[1][0] == '-') {
		cmd_usage(stderr, "backup", 0);
		return 64;
	}
	if ((rc = state_realpath(dir, env)) != 0)
		return rc;
	/* git runs in the state directory: a relative FILE is ours */
	if (argv[1][0] != '/' && getcwd(cwd, sizeof(cwd)) != NULL)
		buf_addf(&file, "%s/%s", cwd, argv[1]);
	else
		buf_addstr(&file, argv[1]);
	args[0] = (char *)"bundle";
	args[1] = (char *)"create";
	args[2] = file.data;
	args[3] = (char *)"--all";
	args[4] = NULL;
	/* committed objects only: safe while a run holds the lock */
	rc = run_git(dir, args, 4);
	if (rc == 0)
		fprintf(stderr, "sigwatch: the state's whole history is in %s; "
		    "restore it with `git clone %s DIR`\n", file.data,
		    file.data);
	else if (rc != 69)
		fprintf(stderr, "sigwatch: backup failed (git exited %d)\n",
		    rc);
	buf_release(&file);
	return rc == 0 ? 0 : rc == 69 ? 69 : 73;
}
