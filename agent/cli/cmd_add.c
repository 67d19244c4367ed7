/*
 * add: fetch a page, choose what to watch on it (add_pick.c) and append
 * that source to a feeds file, checked like `check` and rolled back when
 * the check fails.
 */
#include "cmd.h"

#include <errno.h>
#include <libgen.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "add.h"
#include "buf.h"
#include "cliopt.h"
#include "feedsfile.h"
#include "fetchone.h"
#include "fsutil.h"
#include "url.h"
#include "util.h"
#include "xmalloc.h"

#define ID_MAX		64	/* source ids (config.c) */
#define FEEDS_MAX	(4u << 20)

struct add_opts {
	const char	*url, *competitor, *id, *feeds;
	char		**tags;
	int		 only;		/* --kind, or -1 */
	int		 dry_run;
};

/* [a-z0-9-] of name: other runs become one '-'; "" when nothing is left */
static void
slug(struct buf *b, const char *name, size_t max)
{
	size_t start = b->len;
	int dash = 0;

	for (const char *p = name; *p && b->len - start < max; p++) {
		char c = *p >= 'A' && *p <= 'Z' ? (char)(*p + 32) : *p;

		if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
			if (dash && b->len > start)
				buf_addch(b, '-');
			buf_addch(b, c);
			dash = 0;
		} else
			dash = 1;
	}
}

/*
 * The competitor when --competitor is not given: a job board's token, else
 * the host's name under its public suffix ("blog.acme.co.uk" -> "acme").
 */
static char *
guess_competitor(const struct add_pick *p, const char *url)
{
	char *host = url_host(url), *name = NULL, *labels[64];
	size_t n = 0;

	if (p->board && p->kind != KIND_WORKDAY)
		name = xstrdup(p->board);
	else if (p->board)
		name = xstrndup(p->board, strcspn(p->board, "."));
	else if (host && strspn(host, "0123456789.:[]") != strlen(host)) {
		for (char *s = host, *dot; n < 64; s = dot + 1) {
			labels[n++] = s;
			if ((dot = strchr(s, '.')) == NULL)
				break;
			*dot = '\0';
		}
		if (n >= 3 && strlen(labels[n - 1]) == 2 &&
		    strlen(labels[n - 2]) <= 3)
			name = xstrdup(labels[n - 3]);
		else
			name = xstrdup(labels[n >= 2 ? n - 2 : 0]);
	}
	free(host);
	return name;
}

/* <competitor>-<what>, then -2, -3... until no source has it */
static char *
make_id(const struct config *cfg, const struct add_pick *p,
    const char *competitor, const char *url)
{
	const char *what = p->kind == KIND_PAGE ? "page" : p->kind ==
	    KIND_HTML ? "web" : p->kind != KIND_FEED ? "jobs" :
	    strstr(url, "blog") ? "blog" : strstr(url, "news") ||
	    strstr(url, "press") ? "news" : "feed";
	struct buf base = BUF_INIT, id = BUF_INIT;

	slug(&base, competitor, ID_MAX - 8);
	if (base.len == 0)
		buf_addstr(&base, "source");
	buf_addf(&base, "-%s", what);
	buf_addstr(&id, base.data);
	for (int i = 2; config_source(cfg, id.data) != NULL && i < 1000;
	    i++) {
		buf_reset(&id);
		buf_addf(&id, "%s-%d", base.data, i);
	}
	buf_release(&base);
	return buf_detach(&id, NULL);
}

/* the feeds file: --feeds, else <feeds dir>/<competitor>.yaml */
static char *
feeds_path(const struct config *cfg, const struct add_opts *o,
    const char *competitor)
{
	struct buf b = BUF_INIT;
	size_t n;

	if (o->feeds)
		return xstrdup(o->feeds);
	buf_addf(&b, "%s/", cfg->feeds_dir);
	n = b.len;
	slug(&b, competitor, 100);
	if (b.len == n)
		buf_addstr(&b, "added");
	buf_addstr(&b, ".yaml");
	return buf_detach(&b, NULL);
}

/* 1 when `check` reads path as part of the feeds directory */
static int
in_feeds_dir(const struct config *cfg, const char *path)
{
	char *copy = xstrdup(path), dir[PATH_MAX], fdir[PATH_MAX];
	const char *name = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
	size_t n = strlen(name);
	int in;

	in = name[0] != '.' && n > 5 && strcmp(name + n - 5, ".yaml") == 0 &&
	    realpath(dirname(copy), dir) != NULL &&
	    realpath(cfg->feeds_dir, fdir) != NULL && strcmp(dir, fdir) == 0;
	free(copy);
	return in;
}

/* the file's text, or a new file's header when it does not exist */
static int
read_feeds(const char *path, const char *competitor, struct buf *out,
    int *existed)
{
	struct err err = ERR_INIT;
	char *data = NULL;
	size_t len = 0;

	*existed = fs_exists(path);
	if (!*existed) {
		buf_addstr(out, "# Sources added by sigwatch add; see "
		    "sigwatch-feeds(5).\ncompetitor: ");
		feeds_quote(out, competitor);
		buf_addstr(out, "\nsources:\n");
		return 0;
	}
	if (read_file(&data, &len, path, FEEDS_MAX, &err) < 0) {
		fprintf(stderr, "sigwatch: %s\n", err.msg);
		return -1;
	}
	buf_add(out, data, len);
	free(data);
	return 0;
}

/* write path atomically; an existing file keeps its mode */
static int
write_feeds(const char *path, const char *data, size_t len,
    const struct stat *old)
{
	struct err err = ERR_INIT;

	if (fs_write_atomic(path, data, len, &err) < 0) {
		fprintf(stderr, "sigwatch: %s\n", err.msg);
		return -1;
	}
	if (old && chmod(path, old->st_mode & 07777) < 0)
		fprintf(stderr, "sigwatch: chmod %s: %s\n", path,
		    strerror(errno));
	return 0;
}

/* `check` on the result, with path too when check does not read it */
static int
validate(const struct cmd_env *env, const char *path)
{
	struct diags d = DIAGS_INIT;
	struct loaded l;
	int rc = load_all(&l, env);

	if (rc == 0 && !in_feeds_dir(l.cfg, path)) {
		if (config_load_feeds_file(l.cfg, path, &d) < 0)
			rc = 78;
		diag_print(&d, stderr);
		diags_release(&d);
	}
	if (rc == 0)
		printf("configuration OK (%zu sources, %zu rules, %zu "
		    "playbooks)\n", l.cfg->nsources, l.rs->n, l.pbs.n);
	loaded_release(&l);
	return rc;
}

/* the entry alone must load (quoting, keys, the board) */
static int
entry_loads(const char *path, const struct buf *text)
{
	struct config *cfg = config_new();
	struct diags d = DIAGS_INIT;
	int rc = config_load_feeds_text(cfg, path, text->data, text->len, &d);

	diag_print(&d, stderr);
	diags_release(&d);
	config_free(cfg);
	return rc;
}

static void
fill_entry(struct feeds_entry *e, const struct add_pick *p,
    const struct add_opts *o, const char *id, const char *competitor,
    const struct feeds_spot *sp)
{
	memset(e, 0, sizeof(*e));
	e->id = id;
	e->kind = source_kind_name(p->kind);
	e->url = p->url;
	e->board = p->board;
	if (sp->competitor == NULL || strcmp(sp->competitor, competitor) != 0)
		e->competitor = competitor;
	e->tags = o->tags;
	e->items = p->items;
	e->select = p->select;
	e->comment = p->comment;
}

/* a source that already watches the same URL or board */
static const struct source *
watched(const struct config *cfg, const struct add_pick *p)
{
	for (size_t i = 0; i < cfg->nsources; i++) {
		const struct source *s = &cfg->sources[i];

		if (p->board ? s->kind == p->kind && s->board &&
		    strcmp(s->board, p->board) == 0 : s->url && p->url &&
		    strcmp(s->url, p->url) == 0)
			return s;
	}
	return NULL;
}

static int
append(const struct cmd_env *env, const struct config *cfg,
    const struct add_opts *o, const struct add_pick *p, const char *id,
    const char *competitor)
{
	struct buf old = BUF_INIT, text = BUF_INIT, next = BUF_INIT;
	struct feeds_spot sp;
	struct feeds_entry e;
	struct err err = ERR_INIT;
	struct stat sb;
	const struct source *s;
	char *path = feeds_path(cfg, o, competitor), *real;
	int existed, rc = 0;

	if ((s = watched(cfg, p)) != NULL) {
		fprintf(stderr, "sigwatch: source %s already watches this "
		    "(%s:%u)\n", s->id, s->path, s->line);
		free(path);
		return 78;
	}
	if ((real = realpath(path, NULL)) != NULL) {
		free(path);
		path = real;	/* a symlinked feeds file: its target */
	}
	if (read_feeds(path, competitor, &old, &existed) < 0) {
		rc = 66;
		goto out;
	}
	if (feeds_spot(&sp, old.data, old.len, &err) < 0) {
		fprintf(stderr, "sigwatch: %s: cannot append a source: %s\n",
		    path, err.msg);
		rc = 78;
		goto out;
	}
	fill_entry(&e, p, o, id, competitor, &sp);
	feeds_entry_text(&text, &sp, &e);
	feeds_insert(&next, old.data, old.len, &sp, text.data, text.len);
	feeds_spot_release(&sp);
	printf("%s %s:\n%s", o->dry_run ? "would append to" : "appending to",
	    path, text.data);
	if (entry_loads(path, &next) < 0) {
		rc = 78;
		goto out;
	}
	if (o->dry_run)
		goto out;
	if (existed && stat(path, &sb) < 0)
		existed = 0;
	if (!existed && o->feeds == NULL && fs_mkdirs(cfg->feeds_dir,
	    &err) < 0) {
		fprintf(stderr, "sigwatch: %s\n", err.msg);
		rc = 73;
		goto out;
	}
	if (write_feeds(path, next.data, next.len, existed ? &sb : NULL) <
	    0) {
		rc = 73;
		goto out;
	}
	if ((rc = validate(env, path)) != 0) {
		/* roll back: the file as it was, or no file */
		if (existed)
			(void)write_feeds(path, old.data, old.len, &sb);
		else if (fs_remove(path, &err) < 0)
			fprintf(stderr, "sigwatch: %s\n", err.msg);
		fprintf(stderr, "sigwatch: the check failed: %s is as it was "
		    "before\n", path);
		rc = 78;
	} else
		printf("added source %s to %s\n", id, path);
out:
	buf_release(&old);
	buf_release(&text);
	buf_release(&next);
	free(path);
	return rc;
}

static char **
split_tags(const char *s)
{
	char **v = xcalloc(strlen(s) + 2, sizeof(*v));
	size_t n = 0;

	while (*s) {
		size_t k = strcspn(s, ",");
		const char *a = s, *z = s + k;

		while (a < z && (*a == ' ' || *a == '\t'))
			a++;
		while (z > a && (z[-1] == ' ' || z[-1] == '\t'))
			z--;
		if (z > a)
			v[n++] = xstrndup(a, (size_t)(z - a));
		s += k + (s[k] == ',');
	}
	return v;
}

/* --tags: the last one counts */
static int
tags_opt(void *dest, int letter, const char *arg)
{
	struct add_opts *o = dest;

	strv_free(o->tags);
	o->tags = split_tags(arg);
	return 0;
}

/* --kind: a kind's name, else -1 */
static int
kind_opt(void *dest, int letter, const char *arg)
{
	struct add_opts *o = dest;

	for (o->only = KIND_WORKDAY; o->only >= 0; o->only--)
		if (strcmp(arg, source_kind_name((enum source_kind)o->only)) ==
		    0)
			break;
	return o->only < 0 ? -1 : 0;
}

static int
parse_opts(struct add_opts *o, int argc, char **argv)
{
	const struct cliopt opts[] = {
		CLIOPT_STR("competitor", 'c', &o->competitor),
		CLIOPT_CALL_ARG("tags", 't', tags_opt, o),
		CLIOPT_STR("id", 'i', &o->id),
		CLIOPT_STR("feeds", 'f', &o->feeds),
		CLIOPT_CALL_ARG("kind", 'k', kind_opt, o),
		CLIOPT_FLAG("dry-run", 'n', &o->dry_run),
	};

	memset(o, 0, sizeof(*o));
	o->only = -1;
	if (cliopt_parse(argc, argv, opts, CLIOPT_N(opts), "") != 0)
		return -1;
	if (optind + 1 != argc || (o->competitor && *o->competitor == '\0'))
		return -1;
	o->url = argv[optind];
	return 0;
}

/* the configuration, and --id checked against it */
static int
add_config(struct config **cfg, const struct cmd_env *env,
    const struct add_opts *o)
{
	struct diags d = DIAGS_INIT;
	const struct source *s;
	int rc = config_load(cfg, env->config_path, &env->ov, &d) < 0 ? 78 : 0;

	diag_print(&d, stderr);
	diags_release(&d);
	if (rc)
		return rc;
	if (o->id && !slug_valid(o->id, ID_MAX)) {
		fprintf(stderr, "sigwatch: invalid source id '%s' (use a-z, "
		    "0-9 and '-', at most %d characters)\n", o->id, ID_MAX);
		return 64;
	}
	if (o->id && (s = config_source(*cfg, o->id)) != NULL) {
		fprintf(stderr, "sigwatch: source id '%s' already exists "
		    "(%s:%u)\n", o->id, s->path, s->line);
		return 78;
	}
	return 0;
}

static int
fetch_page(struct fetch_res *page, const struct config *cfg, const char *url)
{
	struct err err = ERR_INIT;

	if (fetch_one(page, cfg, url, NULL, NULL, &err) < 0) {
		fprintf(stderr, "sigwatch: %s: %s\n", url, err.msg);
		return 69;
	}
	if (page->final_url == NULL)
		page->final_url = xstrdup(url);
	printf("fetched %s (HTTP %ld, %s, %zu bytes)\n", page->final_url,
	    page->http_status, page->content_type ? page->content_type :
	    "no type", page->len);
	if (strcmp(page->final_url, url) != 0)
		printf("  (redirected from %s)\n", url);
	return 0;
}

int
cmd_add(const struct cmd_env *env, int argc, char **argv)
{
	struct add_opts o;
	struct config *cfg = NULL;
	struct fetch_res page;
	struct add_pick p;
	struct err err = ERR_INIT;
	char *comp = NULL, *id = NULL;
	int rc;

	memset(&page, 0, sizeof(page));
	memset(&p, 0, sizeof(p));
	if (parse_opts(&o, argc, argv) < 0) {
		fprintf(stderr, "usage: sigwatch add [--competitor NAME] "
		    "[--tags A,B] [--id ID] [--feeds FILE] [--kind KIND] "
		    "[--dry-run] URL\n");
		strv_free(o.tags);
		return 64;
	}
	if (url_check(o.url, &err) < 0) {
		fprintf(stderr, "sigwatch: %s: %s\n", o.url, err.msg);
		rc = 64;
	} else if ((rc = add_config(&cfg, env, &o)) == 0 &&
	    (rc = fetch_page(&page, cfg, o.url)) == 0 &&
	    (rc = add_pick(&p, cfg, &page, o.only)) == 0) {
		add_pick_print(&p);
		comp = o.competitor ? xstrdup(o.competitor) :
		    guess_competitor(&p, page.final_url);
		if (comp == NULL) {
			fprintf(stderr, "sigwatch: no competitor name in the "
			    "URL: give --competitor NAME\n");
			rc = 64;
		} else {
			id = o.id ? xstrdup(o.id) : make_id(cfg, &p, comp,
			    p.url ? p.url : page.final_url);
			rc = append(env, cfg, &o, &p, id, comp);
		}
	}
	free(comp);
	free(id);
	add_pick_release(&p);
	fetch_res_release(&page);
	config_free(cfg);
	strv_free(o.tags);
	return rc;
}
