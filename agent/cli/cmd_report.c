/* report: the state as one static HTML page */
#include "cmd.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "buf.h"
#include "cliopt.h"
#include "fsutil.h"
#include "report.h"
#include "state.h"
#include "util.h"
#include "xmalloc.h"

/*
 * The output directory: created when missing; refused when it is a
 * symbolic link or not a directory (a web root someone else controls
 * could point it anywhere). Trailing slashes are dropped first, since
 * lstat("link/") follows the link.
 */
static int
out_dir(char *dir)
{
	struct stat sb;
	struct err err = ERR_INIT;
	size_t n = strlen(dir);

	while (n > 1 && dir[n - 1] == '/')
		dir[--n] = '\0';
	if (lstat(dir, &sb) < 0 && errno == ENOENT &&
	    fs_mkdirs(dir, &err) < 0) {
		fprintf(stderr, "sigwatch: %s\n", err.msg);
		return -1;
	}
	if (lstat(dir, &sb) < 0) {
		fprintf(stderr, "sigwatch: %s: %s\n", dir, strerror(errno));
		return -1;
	}
	if (S_ISLNK(sb.st_mode)) {
		fprintf(stderr, "sigwatch: --out %s is a symbolic link; give "
		    "the directory itself\n", dir);
		return -1;
	}
	if (!S_ISDIR(sb.st_mode)) {
		fprintf(stderr, "sigwatch: --out %s is not a directory\n", dir);
		return -1;
	}
	return 0;
}

/* build the page from the state and write it to path */
static int
write_report(const struct config *cfg, const struct playbooks *pbs,
    int64_t since, const char *path)
{
	struct state *st = NULL;
	struct err err = ERR_INIT;
	struct report r;
	struct buf page = BUF_INIT;
	int rc = 0;

	if (state_open(&st, cfg->state_dir, 1, &err) < 0) {
		fprintf(stderr, "sigwatch: %s\n", err.msg);
		return 66;
	}
	report_load(&r, st, cfg, pbs, now_time(), since);
	report_html(&page, &r);
	if (fs_write_atomic(path, page.data, page.len, &err) < 0) {
		fprintf(stderr, "sigwatch: %s\n", err.msg);
		rc = 73;
	} else
		printf("wrote %s (%zu hit%s since the period began, %zu "
		    "competitor%s, %zu playbook%s, %zu source%s)\n", path,
		    r.period_hits, r.period_hits == 1 ? "" : "s", r.ncomp,
		    r.ncomp == 1 ? "" : "s", r.npb, r.npb == 1 ? "" : "s",
		    r.nsrc, r.nsrc == 1 ? "" : "s");
	report_release(&r);
	buf_release(&page);
	state_close(st);
	return rc;
}

int
cmd_report(const struct cmd_env *env, int argc, char **argv)
{
	struct diags d = DIAGS_INIT;
	struct config *cfg = NULL;
	struct playbooks pbs;
	struct buf pbdir = BUF_INIT, path = BUF_INIT;
	const char *out_arg = NULL;
	char *out = NULL;
	struct since_opt since = { now_time(), 0, "90d" };
	int rc;
	const struct cliopt opts[] = {
		CLIOPT_STR("out", 'o', &out_arg),
		CLIOPT_CALL_ARG("since", 's', since_opt, &since),
	};

	since.t = since.now - 90 * 86400;
	if ((rc = cliopt_parse(argc, argv, opts, CLIOPT_N(opts), "")) > 0)
		return rc;
	if (rc < 0 || out_arg == NULL || *out_arg == '\0' || optind != argc)
		goto usage;
	out = xstrdup(out_arg);	/* out_dir() trims its trailing '/' */
	rc = config_load(&cfg, env->config_path, &env->ov, &d) < 0 ? 78 : 0;
	diag_print(&d, stderr);
	diags_release(&d);
	if (rc == 0 && out_dir(out) < 0)
		rc = 73;
	if (rc) {
		config_free(cfg);
		free(out);
		return rc;
	}
	/* definitions give titles and windows; a broken file is status's
	 * and check's business, not a reason for no report */
	buf_addf(&pbdir, "%s/playbooks", cfg->rules_dir);
	playbooks_load(&pbs, pbdir.data, &d);
	diags_release(&d);
	buf_addf(&path, "%s/index.html", out);
	rc = write_report(cfg, &pbs, since.t, path.data);
	buf_release(&path);
	buf_release(&pbdir);
	playbooks_release(&pbs);
	config_free(cfg);
	free(out);
	return rc;
usage:
	free(out);
	fprintf(stderr, "usage: sigwatch report --out DIR [--since "
	    "DURATION|DATE]\n");
	return 64;
}
