/* signal add: a field report from a person (sales, SEs, customers) */
#include "cmd.h"

#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "cliopt.h"
#include "intake.h"
#include "run.h"
#include "url.h"
#include "util.h"
#include "xmalloc.h"

#define SIGNAL_MAX_TEXT	(1024 * 1024)	/* --text-file or stdin */

static const char usage_text[] =
    "usage: sigwatch signal add --competitor NAME --title TEXT\n"
    "           [--text-file FILE | -] [--link URL] [--reporter NAME]\n"
    "           [--published DATE] [--rule ID] [--dry-run]\n";

struct signal_args {
	const char	*competitor, *title, *text_file, *link, *reporter;
	const char	*rule;
	int64_t		 published;
	int		 dry_run;
};

/* who reports: --reporter, else the user behind sudo, else the login */
static const char *
default_reporter(void)
{
	const char *s = getenv("SUDO_USER");
	struct passwd *pw;

	if (s != NULL && *s != '\0')
		return s;
	pw = getpwuid(getuid());
	return pw && pw->pw_name ? pw->pw_name : "unknown";
}

/* --published */
static int
published_opt(void *dest, int letter, const char *arg)
{
	struct signal_args *a = dest;

	if (parse_time(arg, &a->published) < 0) {
		fprintf(stderr, "sigwatch: --published wants a date "
		    "(2026-11-01) or a time (2026-11-01T10:00:00Z)\n");
		return 64;
	}
	return 0;
}

static int
parse_args(struct signal_args *a, int argc, char **argv)
{
	const struct cliopt opts[] = {
		CLIOPT_STR("competitor", 'c', &a->competitor),
		CLIOPT_STR("title", 't', &a->title),
		CLIOPT_STR("text-file", 'f', &a->text_file),
		CLIOPT_STR("link", 'l', &a->link),
		CLIOPT_STR("reporter", 'R', &a->reporter),
		CLIOPT_CALL_ARG("published", 'p', published_opt, a),
		CLIOPT_STR("rule", 'r', &a->rule),
		CLIOPT_FLAG("dry-run", 'n', &a->dry_run),
	};
	int rc;

	memset(a, 0, sizeof(*a));
	a->published = TIME_NONE;
	if ((rc = cliopt_parse(argc, argv, opts, CLIOPT_N(opts), "")) != 0) {
		if (rc < 0)
			fputs(usage_text, stderr);
		return 64;
	}
	if (optind < argc && strcmp(argv[optind], "-") == 0 &&
	    a->text_file == NULL) {
		a->text_file = "-";
		optind++;
	}
	if (optind < argc || a->competitor == NULL || a->title == NULL) {
		fputs(usage_text, stderr);
		return 64;
	}
	return 0;
}

/* the report's text: a file or stdin, at most SIGNAL_MAX_TEXT */
static int
read_text(char **out, size_t *len, const char *path)
{
	struct err err = ERR_INIT;
	int rc;

	*out = NULL;
	*len = 0;
	if (path == NULL)
		return 0;
	if (strcmp(path, "-") == 0)
		rc = read_stream(out, len, 0, SIGNAL_MAX_TEXT, &err);
	else
		rc = read_file(out, len, path, SIGNAL_MAX_TEXT, &err);
	if (rc < 0) {
		fprintf(stderr, "sigwatch: %s\n", err.msg);
		return err.code == ERR_NOTFOUND || err.code == ERR_TOOLARGE ?
		    66 : 74;
	}
	return 0;
}

/* the checks that need the rules: competitor known, rule exists and
 * applies to it */
static int
check_report(const struct loaded *l, const struct signal_args *a,
    const char **competitor, const struct rule **rule)
{
	const char **known = intake_competitors(l->cfg, l->rs, &l->pbs);
	const char *c = intake_competitor(known, a->competitor);
	int rc = 0;

	*rule = NULL;
	*competitor = c;
	if (c == NULL) {
		fprintf(stderr, "sigwatch: unknown competitor '%s' (known:",
		    a->competitor);
		for (size_t i = 0; known[i]; i++)
			fprintf(stderr, "%s %s", i ? "," : "", known[i]);
		fprintf(stderr, "%s)\n", known[0] ? "" : " none");
		rc = 64;
	} else if (a->rule && (*rule = rules_find(l->rs, a->rule)) == NULL) {
		fprintf(stderr, "sigwatch: --rule %s: no such rule\n", a->rule);
		rc = 64;
	} else if (*rule && (*rule)->competitors) {
		int ok = 0;

		for (size_t i = 0; (*rule)->competitors[i]; i++)
			if (strcmp((*rule)->competitors[i], c) == 0)
				ok = 1;
		if (!ok) {
			fprintf(stderr, "sigwatch: --rule %s does not apply to "
			    "competitor %s\n", a->rule, c);
			rc = 64;
		}
	}
	free(known);
	return rc;
}

static int
signal_add(const struct cmd_env *env, const struct signal_args *a)
{
	struct loaded l;
	struct err err = ERR_INIT;
	struct run_opts ro;
	struct run_report rep;
	struct source src;
	struct item it;
	struct buf subject = BUF_INIT;
	const struct rule *rule = NULL;
	const char *competitor = NULL;
	char *text = NULL;
	size_t textlen = 0;
	int rc;

	memset(&it, 0, sizeof(it));
	if (a->link && url_check(a->link, &err) < 0) {
		fprintf(stderr, "sigwatch: --link: %s\n", err.msg);
		return 64;
	}
	if ((rc = read_text(&text, &textlen, a->text_file)) != 0)
		return rc;
	if ((rc = load_all(&l, env)) != 0)
		goto out;
	if ((rc = check_report(&l, a, &competitor, &rule)) != 0)
		goto out;
	intake_field_item(&it, competitor, a->title, text, textlen, a->link,
	    a->reporter ? a->reporter : default_reporter(), a->published,
	    now_time());
	if (it.title[0] == '\0') {
		fprintf(stderr, "sigwatch: --title must not be empty\n");
		rc = 64;
		goto out;
	}
	intake_field_source(&src, competitor);
	buf_addf(&subject, "signal add by %s: %s (%s)", it.author ?
	    it.author : "unknown", it.title, competitor);
	memset(&ro, 0, sizeof(ro));
	ro.dry_run = a->dry_run;
	memset(&rep, 0, sizeof(rep));
	rep.src = &src;
	rep.item = &it;
	rep.rule = rule;
	rep.subject = subject.data;
	rc = run_report(l.cfg, l.rs, &l.pbs, &ro, &rep);
	if (rc == 0 && rep.known)
		printf("%s already recorded: nothing changed\n", it.id);
	else if (rc == 0)
		printf("%s %s: %zu hit%s, %zu alert%s queued\n", it.id,
		    a->dry_run ? "checked (dry run)" : "recorded", rep.nhits,
		    rep.nhits == 1 ? "" : "s", rep.alerts,
		    rep.alerts == 1 ? "" : "s");
out:
	item_release(&it);
	buf_release(&subject);
	free(text);
	loaded_release(&l);
	return rc;
}

int
cmd_signal(const struct cmd_env *env, int argc, char **argv)
{
	struct signal_args a;
	int rc;

	if (argc < 2 || strcmp(argv[1], "add") != 0) {
		fputs(usage_text, stderr);
		return 64;
	}
	if ((rc = parse_args(&a, argc - 1, argv + 1)) != 0)
		return rc;
	return signal_add(env, &a);
}
