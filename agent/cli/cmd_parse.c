/* parse, test-rule, import-opml: the pure stages on one document */
#include "cmd.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "cliopt.h"
#include "explain.h"
#include "fetch.h"
#include "fetchcfg.h"
#include "item.h"
#include "lang.h"
#include "log.h"
#include "match.h"
#include "opml.h"
#include "source.h"
#include "util.h"
#include "xmalloc.h"

/* documents read from files or stdin are capped like fetched ones */
#define DOC_MAX (64u * 1024 * 1024)

static int
kind_parse(const char *s, enum source_kind *out)
{
	for (int k = KIND_FEED; k <= KIND_MAILDIR; k++)
		if (strcmp(source_kind_name((enum source_kind)k), s) == 0) {
			*out = (enum source_kind)k;
			return 0;
		}
	return -1;
}

struct fetched {
	char	*body;
	size_t	 len;
	char	*final_url, *charset;
	char	 error[300];
	int	 ok;
};

static void
on_one(struct fetch_res *res, void *payload)
{
	struct fetched *f = payload;

	if (res->status != FETCH_OK) {
		snprintf(f->error, sizeof(f->error), "%s: %s",
		    fetch_status_name(res->status), res->error);
		return;
	}
	f->ok = 1;
	f->body = res->body;
	f->len = res->len;
	res->body = NULL;	/* now owned by f */
	f->final_url = xstrdup_or_null(res->final_url);
	f->charset = xstrdup_or_null(res->charset);
}

/* FILE, "-" or an http(s) URL; *base defaults to the URL fetched */
static int
read_input(const char *what, struct fetched *f, const struct config *cfg)
{
	struct err err = ERR_INIT;

	memset(f, 0, sizeof(*f));
	if (strncmp(what, "http://", 7) == 0 ||
	    strncmp(what, "https://", 8) == 0) {
		struct fetch_opts fo;
		struct fetch_req req;
		struct fetcher *ft = NULL;
		char *auth = NULL;
		int rc;

		fetchcfg_opts(&fo, cfg);	/* NULL: fetch.h's defaults */
		fo.concurrency = 1;
		fo.per_host = 1;
		if (fetchcfg_proxy(&fo, cfg, &auth, &err) < 0) {
			fprintf(stderr, "sigwatch: %s\n", err.msg);
			return -1;
		}
		rc = fetch_new(&ft, &fo, &err);
		fetchcfg_auth_free(auth);
		if (rc < 0) {
			fprintf(stderr, "sigwatch: %s\n", err.msg);
			return -1;
		}
		memset(&req, 0, sizeof(req));
		req.url = what;
		fetch_add(ft, &req, on_one, f);
		fetch_run(ft, &err);
		fetch_free(ft);
		if (!f->ok) {
			fprintf(stderr, "sigwatch: %s\n", f->error);
			return -1;
		}
		if (f->final_url == NULL)
			f->final_url = xstrdup(what);
		return 0;
	}
	if (strcmp(what, "-") == 0) {
		if (read_stream(&f->body, &f->len, STDIN_FILENO, DOC_MAX,
		    &err) < 0) {
			fprintf(stderr, "sigwatch: stdin: %s\n", err.msg);
			return -1;
		}
	} else if (read_file(&f->body, &f->len, what, DOC_MAX, &err) < 0) {
		fprintf(stderr, "sigwatch: %s\n", err.msg);
		return -1;
	}
	f->ok = 1;
	return 0;
}

static void
fetched_release(struct fetched *f)
{
	free(f->body);
	free(f->final_url);
	free(f->charset);
}

/* parse f as a source of kind (with the source's settings when given) */
static int
parse_doc(struct itemset *out, const struct source *src, enum source_kind kind,
    const struct fetched *f, const char *base)
{
	struct source tmp;
	struct err err = ERR_INIT;

	if (src == NULL) {
		memset(&tmp, 0, sizeof(tmp));
		tmp.id = (char *)"cli";
		tmp.kind = kind;
		tmp.url = (char *)(base ? base : "");
		src = &tmp;
	}
	if (source_parse(out, src, f->body, f->len, base, f->charset,
	    &err) < 0) {
		fprintf(stderr, "sigwatch: %s: %s\n", err_class(err.code),
		    err.msg);
		return -1;
	}
	return 0;
}

/*
 * --source ID: the configuration's source of that id (loaded here: parse
 * needs no configuration otherwise), or NULL with a message and *rc set.
 */
static const struct source *
find_source(struct config **cfg, const struct cmd_env *env, const char *id,
    int *rc)
{
	struct diags d = DIAGS_INIT;
	const struct source *src = NULL;

	*rc = cmd_need_config(env);
	if (*rc == 0 && config_load(cfg, env->config_path, &env->ov, &d) < 0)
		*rc = 78;
	diag_print(&d, stderr);
	diags_release(&d);
	if (*rc == 0 && (src = config_source(*cfg, id)) == NULL) {
		fprintf(stderr, "sigwatch: no source '%s' in %s\n", id,
		    (*cfg)->feeds_dir);
		*rc = 64;
	}
	return src;
}

/* --kind of parse and test-rule: the kind, and whether it was given */
struct kind_opt {
	enum source_kind	kind;
	int			given;
};

static int
kind_opt(void *dest, int letter, const char *arg)
{
	struct kind_opt *k = dest;

	if (kind_parse(arg, &k->kind) < 0) {
		fprintf(stderr, "sigwatch: unknown kind '%s'\n", arg);
		return 64;
	}
	k->given = 1;
	return 0;
}

/* kind html without --source: 64, said on stderr */
static int
html_needs_source(enum source_kind kind, const char *source_id)
{
	if (kind != KIND_HTML || source_id != NULL)
		return 0;
	/* the XPaths are the source's: there is no sensible default */
	fprintf(stderr, "sigwatch: kind html needs its XPaths: use --source ID "
	    "to read the document as that source does\n");
	return 64;
}

int
cmd_parse(const struct cmd_env *env, int argc, char **argv)
{
	struct kind_opt k = { KIND_FEED, 0 };
	enum source_kind kind;
	struct itemset set = ITEMSET_INIT;
	struct config *cfg = NULL;
	const struct source *src = NULL;
	struct fetched f;
	const char *base = NULL, *source_id = NULL;
	char *json;
	int rc = 0;
	const struct cliopt opts[] = {
		CLIOPT_STR("base", 'b', &base),
		CLIOPT_CALL_ARG("kind", 'k', kind_opt, &k),
		CLIOPT_STR("source", 's', &source_id),
	};

	if ((rc = cliopt_parse(argc, argv, opts, CLIOPT_N(opts), "")) > 0)
		return rc;
	if (rc < 0 || optind + 1 != argc || (k.given && source_id))
		goto usage;
	kind = k.kind;
	if ((rc = html_needs_source(kind, source_id)) != 0)
		return rc;
	if (source_id && (src = find_source(&cfg, env, source_id, &rc)) ==
	    NULL) {
		config_free(cfg);
		return rc;
	}
	if (read_input(argv[optind], &f, NULL) < 0) {
		config_free(cfg);
		return 66;
	}
	/* as a run: relative links resolve against the source's URL */
	if (base == NULL)
		base = f.final_url ? f.final_url : src ? src->url : NULL;
	if (parse_doc(&set, src, kind, &f, base) < 0)
		rc = 65;
	else {
		/* every item shows its language: declared, else detected */
		for (size_t i = 0; i < set.n; i++) {
			struct item *it = &set.items[i];
			struct lang_guess g;

			if (it->lang)
				continue;
			lang_detect(&g, it->title, it->text);
			if (g.n) {
				it->lang = xstrdup(g.cand[0]);
				it->lang_detected = 1;
			}
		}
		json = itemset_to_json(&set, 1);
		printf("%s\n", json);
		free(json);
	}
	itemset_release(&set);
	fetched_release(&f);
	config_free(cfg);
	return rc;
usage:
	cmd_usage(stderr, "parse", 0);
	return 64;
}

struct trctx {
	const struct item	*it;
	const char		*only_rule;
	size_t			 shown;
	int			 color;
	int			 header;	/* title and link printed */
};

static void
print_header(struct trctx *t)
{
	if (t->header)
		return;
	t->header = 1;
	printf("%s\n  %s\n", t->it->title[0] ? t->it->title : "(untitled)",
	    t->it->link ? t->it->link : t->it->id);
}

static void
on_test_hit(const struct match_hit *h, void *payload)
{
	struct trctx *t = payload;
	const char *hl = t->color ? "\033[1;31m" : "»";
	const char *end = t->color ? "\033[0m" : "«";

	if (t->only_rule && strcmp(t->only_rule, h->rule->id) != 0)
		return;
	t->shown++;
	print_header(t);
	printf("  match %s [%s] selection=%s field=%s", h->rule->id,
	    severity_name(h->rule->severity), h->selection, h->field);
	if (h->attributed)
		printf(" competitor=%s (attributed)", h->competitor);
	putchar('\n');
	if (h->excerpt)
		printf("    %.*s%s%.*s%s%s\n", (int)h->hl_off, h->excerpt, hl,
		    (int)h->hl_len, h->excerpt + h->hl_off, end,
		    h->excerpt + h->hl_off + h->hl_len);
}

/* test-rule on one item: 1 if a rule (rule, when set) matched it */
static int
test_one(const struct ruleset *rs, const struct item *it,
    const struct match_ctx *mc, const char *rule, int explain, int color)
{
	struct trctx t = { it, rule, 0, color, 0 };

	if (explain && mc) {
		/* what scoping will see, before any match line */
		print_header(&t);
		explain_context(rs, it, mc, stdout);
	}
	match_item(rs, it, mc, on_test_hit, &t);
	if (t.shown)
		return 1;
	if (explain) {
		print_header(&t);
		/* the whole tree for one rule; a line per rule otherwise
		 * (hundreds of rules stay readable) */
		if (rule)
			explain_rules(rs, it, mc, rule, stdout);
		else
			explain_brief(rs, it, mc, stdout);
	}
	return 0;
}

int
cmd_test_rule(const struct cmd_env *env, int argc, char **argv)
{
	struct kind_opt k = { KIND_FEED, 0 };
	enum source_kind kind;
	const char *rule = NULL, *base = NULL, *source_id = NULL;
	const struct source *src = NULL;
	struct itemset set = ITEMSET_INIT;
	struct loaded l;
	struct fetched f;
	struct match_ctx mc;
	size_t matched = 0;
	int rc, explain = 0, color;
	const char *nocolor = getenv("NO_COLOR");
	const struct cliopt opts[] = {
		CLIOPT_STR("rule", 'r', &rule),
		CLIOPT_CALL_ARG("kind", 'k', kind_opt, &k),
		CLIOPT_STR("base", 'b', &base),
		CLIOPT_STR("source", 's', &source_id),
		CLIOPT_FLAG("explain", 'e', &explain),
	};

	if ((rc = cliopt_parse(argc, argv, opts, CLIOPT_N(opts), "")) > 0)
		return rc;
	if (rc < 0 || optind + 1 != argc)
		goto usage;
	kind = k.kind;
	if ((rc = html_needs_source(kind, source_id)) != 0)
		return rc;
	/* https://no-color.org: set and not empty means no colour */
	color = isatty(STDOUT_FILENO) && !(nocolor && *nocolor);
	rc = load_all(&l, env);
	if (rc) {
		loaded_release(&l);
		return rc;
	}
	if (rule && rules_find(l.rs, rule) == NULL) {
		fprintf(stderr, "sigwatch: no rule '%s'\n", rule);
		loaded_release(&l);
		return 64;
	}
	if (source_id && (src = config_source(l.cfg, source_id)) == NULL) {
		fprintf(stderr, "sigwatch: no source '%s'\n", source_id);
		loaded_release(&l);
		return 64;
	}
	if (read_input(argv[optind], &f, l.cfg) < 0) {
		loaded_release(&l);
		return 66;
	}
	/* as a run: relative links resolve against the source's URL */
	if (base == NULL)
		base = f.final_url ? f.final_url : src ? src->url : NULL;
	if (parse_doc(&set, src, src ? src->kind : kind, &f, base) < 0) {
		fetched_release(&f);
		loaded_release(&l);
		return 65;
	}
	if (src) {
		mc.source_id = src->id;
		mc.competitor = src->competitor;
		mc.tags = (const char *const *)src->tags;
		mc.languages = (const char *const *)l.cfg->languages;
		mc.info = NULL;
	}
	for (size_t i = 0; i < set.n; i++)
		matched += test_one(l.rs, &set.items[i], src ? &mc : NULL, rule,
		    explain, color);
	printf("%zu of %zu item%s matched\n", matched, set.n,
	    set.n == 1 ? "" : "s");
	if (explain && rule == NULL && matched < set.n)
		printf("(--explain --rule ID shows one rule's selections, "
		    "keys and condition in full)\n");
	itemset_release(&set);
	fetched_release(&f);
	loaded_release(&l);
	return matched ? 0 : 1;
usage:
	cmd_usage(stderr, "test-rule", 0);
	return 64;
}

int
cmd_import_opml(const struct cmd_env *env, int argc, char **argv)
{
	struct buf out = BUF_INIT;
	struct err err = ERR_INIT;
	char *data = NULL;
	size_t len = 0;

	(void)env;
	if (argc != 2) {
		cmd_usage(stderr, "import-opml", 0);
		return 64;
	}
	if ((strcmp(argv[1], "-") == 0 ? read_stream(&data, &len,
	    STDIN_FILENO, DOC_MAX, &err) : read_file(&data, &len, argv[1],
	    DOC_MAX, &err)) < 0) {
		fprintf(stderr, "sigwatch: %s\n", err.msg);
		return 66;
	}
	if (opml_to_feeds(&out, data, len, &err) < 0) {
		fprintf(stderr, "sigwatch: %s: %s\n", argv[1], err.msg);
		free(data);
		return 65;
	}
	fwrite(out.data, 1, out.len, stdout);
	buf_release(&out);
	free(data);
	return 0;
}
