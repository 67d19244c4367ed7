/* load_all, check, run, deliver */
#include "cmd.h"

#include <stdio.h>
#include <sys/stat.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "cliopt.h"
#include "err.h"
#include "log.h"
#include "run.h"
#include "xmalloc.h"

static int
lists_signal(const struct playbook *pb, const char *rule)
{
	for (size_t i = 0; pb->signals && pb->signals[i]; i++)
		if (strcmp(pb->signals[i], rule) == 0)
			return 1;
	return 0;
}

/* playbooks and rules must name each other consistently */
static void
cross_check(struct loaded *l)
{
	const struct config *cfg = l->cfg;

	for (size_t p = 0; p < l->pbs.n; p++) {
		const struct playbook *pb = &l->pbs.v[p];

		for (size_t i = 0; pb->signals && pb->signals[i]; i++) {
			const struct rule *r = l->rs ?
			    rules_find(l->rs, pb->signals[i]) : NULL;

			if (l->rs && r == NULL)
				diag_add(&l->diags, DIAG_ERROR, pb->path,
				    pb->signal_lines ? pb->signal_lines[i] :
				    pb->line, pb->signal_cols ?
				    pb->signal_cols[i] : pb->col,
				    "playbook \"%s\" names unknown rule \"%s\"",
				    pb->id, pb->signals[i]);
			else if (r && r->playbook &&
			    strcmp(r->playbook, pb->id) != 0)
				diag_add(&l->diags, DIAG_WARNING, pb->path,
				    pb->signal_lines ? pb->signal_lines[i] :
				    pb->line, pb->signal_cols ?
				    pb->signal_cols[i] : pb->col,
				    "rule \"%s\" is a signal of playbook \"%s\" "
				    "but says playbook: %s", r->id, pb->id,
				    r->playbook);
		}
	}
	if (cfg)
		playbooks_check_notifiers(&l->pbs, cfg, &l->diags);
	/* a source's competitor the directory does not know is a typo */
	for (size_t i = 0; cfg && l->rs && i < cfg->nsources; i++) {
		const struct source *s = &cfg->sources[i];

		if (s->competitor &&
		    rules_competitor_known(l->rs, s->competitor) == 0)
			diag_add(&l->diags, DIAG_WARNING, s->path, s->line,
			    s->col, "source \"%s\": competitor '%s' is not in "
			    "competitors.yaml", s->id, s->competitor);
	}
	for (size_t i = 0; l->rs && i < l->rs->n; i++) {
		const struct rule *r = &l->rs->rules[i];
		const struct playbook *pb = r->playbook ?
		    playbooks_find(&l->pbs, r->playbook) : NULL;

		if (r->playbook && pb == NULL)
			diag_add(&l->diags, DIAG_ERROR, r->path, r->line, 1,
			    "rule \"%s\" names unknown playbook \"%s\"", r->id,
			    r->playbook);
		else if (pb && !lists_signal(pb, r->id))
			/* its hits would count toward a playbook whose
			 * owners never chose it as a signal */
			diag_add(&l->diags, DIAG_ERROR, r->path, r->line, 1,
			    "rule \"%s\" says playbook: %s, but that playbook "
			    "does not list it in signals (%s:%u); add it there "
			    "or change playbook:", r->id, pb->id, pb->path,
			    pb->line);
	}
}

int
cmd_need_config(const struct cmd_env *env)
{
	const char *e = getenv("SIGWATCH_CONFIG");

	if (env->config_path || env->ov.rules_dir || env->ov.feeds_dir ||
	    env->ov.state_dir)
		return 0;
	fprintf(stderr, "sigwatch: no configuration found; looked for:\n"
	    "  --config FILE                 (not given)\n"
	    "  $SIGWATCH_CONFIG              (%s)\n"
	    "  ./sigwatch.yaml               (not in the current directory)\n"
	    "  /etc/sigwatch/sigwatch.yaml   (does not exist)\n"
	    "Run from the project directory, pass --config FILE, or install "
	    "one with `make install`.\n", e && *e ? "empty" : "not set");
	return 78;
}

/*
 * Where run keeps the rules' verdict (rulescache.h): beside the state, in
 * .run/ (volatile, git-ignored). NULL (no cache) without a configuration.
 */
static char *
verdict_path(const struct config *cfg)
{
	struct buf b = BUF_INIT;

	if (cfg == NULL || cfg->state_dir == NULL)
		return NULL;
	buf_addf(&b, "%s/.run/rules-verdict", cfg->state_dir);
	return buf_detach(&b, NULL);
}

/*
 * load_all(), and for run (cache set) the rules through their verdict
 * cache: rules whose bytes were validated before are loaded without
 * compiling a pattern (rules_load_cached()); anything else is validated
 * in full, as `sigwatch check` does every time.
 */
static int
load_with(struct loaded *l, const struct cmd_env *env,
    struct rules_cache *cache, char **cache_path)
{
	struct buf pbdir = BUF_INIT;
	char *rules_dir = NULL;

	memset(l, 0, sizeof(*l));
	/* the rules directory comes from the configuration even when the
	 * configuration or the feeds have errors, so every problem is
	 * reported in one pass, wherever sigwatch was started from */
	if (config_load_partial(&l->cfg, env->config_path, &env->ov,
	    &l->diags) < 0) {
		if (l->cfg)
			rules_dir = xstrdup(l->cfg->rules_dir);
		else if (env->ov.rules_dir)
			rules_dir = xstrdup(env->ov.rules_dir);
		config_free(l->cfg);
		l->cfg = NULL;
	} else
		rules_dir = xstrdup(l->cfg->rules_dir);
	if (cache)
		*cache_path = verdict_path(l->cfg);
	if (rules_dir) {
		if (rules_load_cached(&l->rs, rules_dir, cache ? *cache_path :
		    NULL, SIGWATCH_VERSION, cache, &l->diags) < 0)
			l->rs = NULL;
		buf_addf(&pbdir, "%s/playbooks", rules_dir);
		playbooks_load(&l->pbs, pbdir.data, &l->diags);
		buf_release(&pbdir);
		cross_check(l);
	}
	free(rules_dir);
	diag_print(&l->diags, stderr);
	if (l->diags.errors) {
		fprintf(stderr, "sigwatch: %zu error%s, %zu warning%s; nothing "
		    "was fetched\n", l->diags.errors,
		    l->diags.errors == 1 ? "" : "s", l->diags.warnings,
		    l->diags.warnings == 1 ? "" : "s");
		return 78;
	}
	return 0;
}

int
load_all(struct loaded *l, const struct cmd_env *env)
{
	return load_with(l, env, NULL, NULL);
}

void
loaded_release(struct loaded *l)
{
	config_free(l->cfg);
	rules_free(l->rs);
	playbooks_release(&l->pbs);
	diags_release(&l->diags);
}

int
cmd_check(const struct cmd_env *env, int argc, char **argv)
{
	struct loaded l;
	int rc;

	if (argc > 1) {
		cmd_usage(stderr, "check", 0);
		return 64;
	}
	(void)argv;
	rc = load_all(&l, env);
	if (rc == 0)
		printf("configuration OK (%zu source%s, %zu rule%s, %zu "
		    "playbook%s)\n", l.cfg->nsources,
		    l.cfg->nsources == 1 ? "" : "s", l.rs->n,
		    l.rs->n == 1 ? "" : "s", l.pbs.n, l.pbs.n == 1 ? "" : "s");
	loaded_release(&l);
	return rc;
}

/* --preview: what would be sent, as people will read it */
static int
preview_opt(void *dest, int letter, const char *arg)
{
	struct run_opts *ro = dest;

	ro->dry_run = ro->preview = 1;
	return 0;
}

/* --only, --from: a NULL-terminated list of the arguments */
struct arglist {
	const char	**v;
	size_t		  n;
};

static int
arglist_opt(void *dest, int letter, const char *arg)
{
	struct arglist *l = dest;

	l->v = xreallocarray(l->v, l->n + 2, sizeof(*l->v));
	l->v[l->n++] = arg;
	l->v[l->n] = NULL;
	return 0;
}

static int
shard_opt(void *dest, int letter, const char *arg)
{
	struct run_opts *ro = dest;

	if (sscanf(arg, "%u/%u", &ro->shard, &ro->nshards) != 2 ||
	    ro->nshards == 0 || ro->shard >= ro->nshards) {
		fprintf(stderr, "sigwatch: --shard wants I/N with "
		    "0 <= I < N\n");
		return 64;
	}
	return 0;
}

/* the flags run and playbooks share */
#define DELIVERY_OPTS(ro) \
	CLIOPT_FLAG("dry-run", 'n', &(ro)->dry_run), \
	CLIOPT_CALL("preview", 'P', preview_opt, (ro)), \
	CLIOPT_FLAG("no-alerts", 'A', &(ro)->no_alerts)

int
cmd_run(const struct cmd_env *env, int argc, char **argv)
{
	struct run_opts ro;
	struct loaded l;
	struct rules_cache cache = RULES_CACHE_INIT;
	struct err err = ERR_INIT;
	char *cache_path = NULL;
	struct arglist only = { NULL, 0 };
	int rc, load_ok;
	const struct cliopt opts[] = {
		DELIVERY_OPTS(&ro),
		CLIOPT_FLAG("force", 'F', &ro.force),
		CLIOPT_CALL_ARG("only", 'o', arglist_opt, &only),
		CLIOPT_CALL_ARG("shard", 'S', shard_opt, &ro),
		CLIOPT_STR("metrics-file", 'M', &ro.metrics_file),
	};

	memset(&ro, 0, sizeof(ro));
	if ((rc = cliopt_parse(argc, argv, opts, CLIOPT_N(opts), "")) < 0) {
		cmd_usage(stderr, "run", 0);
		rc = 64;
	}
	if (rc == 0 && optind < argc) {
		fprintf(stderr, "sigwatch: run takes no argument '%s'\n",
		    argv[optind]);
		rc = 64;
	}
	if (rc != 0) {
		free(only.v);
		return rc;
	}
	rc = load_with(&l, env, &cache, &cache_path);
	load_ok = rc == 0;
	for (size_t i = 0; load_ok && i < only.n; i++)
		if (config_source(l.cfg, only.v[i]) == NULL) {
			fprintf(stderr, "sigwatch: --only %s: no such source\n",
			    only.v[i]);
			rc = 64;
		}
	ro.only = only.v;
	if (rc == 0) {
		/* nothing this run logs or writes may quote a secret */
		config_register_secrets(l.cfg);
		rc = run_cycle(l.cfg, l.rs, &l.pbs, &ro);
	}
	/* after the cycle: the state's .run/ exists now (--dry-run writes
	 * nothing); a verdict that cannot be written costs the next run a
	 * full validation, nothing else */
	if (load_ok && !ro.dry_run &&
	    rules_cache_save(&cache, cache_path, &err) < 0)
		log_debug("rules verdict not saved: %s", err.msg);
	rules_cache_release(&cache);
	free(cache_path);
	free(only.v);
	loaded_release(&l);
	return rc;
}

/* both name one existing directory */
static int
same_dir(const char *a, const char *b)
{
	struct stat sa, sb;

	return stat(a, &sa) == 0 && stat(b, &sb) == 0 &&
	    sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
}

/* `sigwatch playbooks --from DIR...`: the step after the shards */
int
cmd_playbooks(const struct cmd_env *env, int argc, char **argv)
{
	struct run_opts ro;
	struct loaded l;
	struct arglist from = { NULL, 0 };
	int rc;
	const struct cliopt opts[] = {
		CLIOPT_CALL_ARG("from", 'f', arglist_opt, &from),
		DELIVERY_OPTS(&ro),
	};

	memset(&ro, 0, sizeof(ro));
	rc = cliopt_parse(argc, argv, opts, CLIOPT_N(opts), "");
	if (rc != 0 || optind < argc || from.n == 0) {
		cmd_usage(stderr, "playbooks", 0);
		free(from.v);
		return 64;
	}
	rc = load_all(&l, env);
	if (rc == 0) {
		/* nothing this step logs or writes may quote a secret */
		config_register_secrets(l.cfg);
		for (size_t i = 0; i < from.n && rc == 0; i++)
			if (same_dir(from.v[i], l.cfg->state_dir)) {
				fprintf(stderr, "sigwatch: --from %s is this "
				    "step's own state directory\n", from.v[i]);
				rc = 64;
			}
	}
	if (rc == 0)
		rc = run_playbooks(l.cfg, l.rs, &l.pbs, &ro,
		    (const char *const *)from.v, from.n);
	free(from.v);
	loaded_release(&l);
	return rc;
}

int
cmd_deliver(const struct cmd_env *env, int argc, char **argv)
{
	struct diags d = DIAGS_INIT;
	struct config *cfg = NULL;
	int rc;

	(void)argv;
	if (argc > 1) {
		cmd_usage(stderr, "deliver", 0);
		return 64;
	}
	/* delivery needs the notifiers, not the rules */
	if (config_load(&cfg, env->config_path, &env->ov, &d) < 0) {
		diag_print(&d, stderr);
		diags_release(&d);
		config_free(cfg);
		return 78;
	}
	diag_print(&d, stderr);
	diags_release(&d);
	config_register_secrets(cfg);
	rc = run_deliver(cfg);
	config_free(cfg);
	return rc;
}
