/*
 * Feeds files (feeds/NAME.yaml, sigwatch-feeds(5)): their sources into
 * struct config, every problem recorded with its position.
 */
#include "config.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "buf.h"
#include "config_int.h"
#include "util.h"
#include "xmalloc.h"
#include "ytree.h"

static const char *const feeds_keys[] = {
	"competitor", "tags", "sources", NULL
};
static const char *const source_keys[] = {
	"id", "kind", "url", "board", "competitor", "tags", "every", "headers",
	"items", "title", "link", "date", "summary", "min_items", "select",
	"path", "from", "message_max_bytes", "run_max_messages",
	"run_max_bytes", NULL
};
static const char *const header_keys[] = {
	"value_env", "value_file", NULL
};
/* keys that apply to one kind only */
static const char *const html_only[] = {
	"items", "title", "link", "date", "summary", "min_items", NULL
};
static const char *const maildir_only[] = {
	"path", "from", "message_max_bytes", "run_max_messages",
	"run_max_bytes", NULL
};

static void
parse_headers(struct source *s, const struct config *cfg,
    const struct ynode *h, struct diags *d)
{
	if (h->kind != YNODE_MAP) {
		ydiag(d, DIAG_ERROR, h, "'headers' must be a map of header "
		    "names to {value_env: VAR} or {value_file: PATH}, not %s",
		    ynode_kind_name(h));
		return;
	}
	s->headers = xcalloc(h->n + 1, sizeof(*s->headers));
	s->header_refs = xcalloc(h->n + 1, sizeof(*s->header_refs));
	for (size_t i = 0; i < h->n; i++) {
		const struct ynode *k = ymap_key(h, i), *v = ymap_val(h, i);
		const struct ynode *ve, *vf;
		struct header_ref ref = { NULL, NULL };
		int dup = 0;

		if (k->kind != YNODE_SCALAR)
			continue;
		if (!cfg_valid_header_name(k->str)) {
			ydiag(d, DIAG_ERROR, k, "invalid header name '%s'",
			    k->str);
			continue;
		}
		if (strcasecmp(k->str, "Host") == 0 ||
		    strcasecmp(k->str, "Content-Length") == 0 ||
		    strcasecmp(k->str, "Transfer-Encoding") == 0 ||
		    strcasecmp(k->str, "Connection") == 0) {
			ydiag(d, DIAG_ERROR, k, "header '%s' may not be set",
			    k->str);
			continue;
		}
		for (size_t j = 0; j < s->nheaders; j++)
			if (strncasecmp(s->headers[j], k->str,
			    strlen(k->str)) == 0 &&
			    s->headers[j][strlen(k->str)] == ':')
				dup = 1;
		if (dup) {
			ydiag(d, DIAG_ERROR, k, "duplicate header '%s'",
			    k->str);
			continue;
		}
		if (v->kind != YNODE_MAP) {
			ydiag(d, DIAG_ERROR, v, "header '%s' must be "
			    "{value_env: VAR} or {value_file: PATH}; values "
			    "are secrets and never written inline", k->str);
			continue;
		}
		if (ycheck_map(v, "header", header_keys, d) < 0)
			continue;
		ve = yget_scalar(v, "value_env", d);
		vf = yget_scalar(v, "value_file", d);
		if ((ve != NULL) == (vf != NULL)) {
			ydiag(d, DIAG_ERROR, v, "header '%s' needs exactly one "
			    "of value_env and value_file", k->str);
			continue;
		}
		if (ve != NULL) {
			if (!cfg_valid_env_name(ve->str)) {
				ydiag(d, DIAG_ERROR, ve, "'value_env' must be "
				    "an environment variable name, not '%s'",
				    ve->str);
				continue;
			}
			ref.env = xstrdup(ve->str);
		} else {
			ref.file = cfg_expand_path(vf, "value_file", cfg->dir, d);
			if (ref.file == NULL)
				continue;
		}
		s->headers[s->nheaders] = xmalloc(strlen(k->str) + 3);
		memcpy(s->headers[s->nheaders], k->str, strlen(k->str));
		memcpy(s->headers[s->nheaders] + strlen(k->str), ": ", 3);
		s->header_refs[s->nheaders++] = ref;
	}
}

/*
 * kind: maildir. path (relative to the configuration file), from (the
 * sender allow-list, required: a mailbox anyone can write to must not be
 * able to trigger a playbook) and the limits.
 */
static void
parse_maildir(struct source *s, const struct config *cfg,
    const struct ynode *n, struct diags *d)
{
	const struct ynode *v;

	s->message_max = MAILDIR_MESSAGE_MAX;
	s->run_max_messages = MAILDIR_RUN_MESSAGES;
	s->run_max_bytes = MAILDIR_RUN_BYTES;
	if ((v = yget_scalar(n, "path", d)) != NULL && v->str[0] != '\0')
		s->maildir = cfg_path_join(cfg->dir, v->str);
	else if (v != NULL)
		ydiag(d, DIAG_ERROR, v, "'path' must not be empty");
	else if (ymap_get(n, "path") == NULL)
		ymissing(n, "path", "maildir source", d);
	if (ymap_get(n, "from") == NULL)
		ymissing(n, "from", "maildir source (the allow-list of "
		    "senders)", d);
	cfg_get_strv(&s->from, n, "from", d);
	for (size_t i = 0; s->from && s->from[i]; i++) {
		char *p = s->from[i];

		for (char *q = p; *q; q++)
			*q = (char)tolower((unsigned char)*q);
		if (strchr(p, '@') == NULL || strpbrk(p, " \t<>,") != NULL)
			ydiag(d, DIAG_ERROR, ymap_get(n, "from"), "'from' "
			    "entries are address patterns such as "
			    "'*@example.com', not '%s'", p);
	}
	if (s->from != NULL && s->from[0] == NULL)
		ydiag(d, DIAG_ERROR, ymap_get(n, "from"), "'from' must name "
		    "at least one sender pattern");
	cfg_get_size(&s->message_max, n, "message_max_bytes",
	    (uint64_t)64 * 1024 * 1024, "64MB", d);
	cfg_get_uint(&s->run_max_messages, n, "run_max_messages", 1, 100000, d);
	cfg_get_size(&s->run_max_bytes, n, "run_max_bytes",
	    (uint64_t)4 * 1024 * 1024 * 1024, "4GB", d);
	if (s->run_max_bytes < s->message_max)
		ydiag(d, DIAG_ERROR, n, "'run_max_bytes' must be at least "
		    "'message_max_bytes'");
}

/* the node of a valid, unused source id, or NULL (with a diagnostic) */
static const struct ynode *
source_id_node(const struct config *cfg, const struct ynode *n,
    struct diags *d)
{
	const struct ynode *v;
	const struct source *o;

	if ((v = yget_scalar(n, "id", d)) == NULL) {
		if (ymap_get(n, "id") == NULL)
			ymissing(n, "id", "source", d);
		return NULL;
	}
	if (!slug_valid(v->str, CONFIG_MAX_ID))
		ydiag(d, DIAG_ERROR, v, "invalid source id '%s' (use "
		    "a-z, 0-9 and '-', at most %d characters)", v->str,
		    CONFIG_MAX_ID);
	else if (strcmp(v->str, FIELD_SOURCE_ID) == 0)
		ydiag(d, DIAG_ERROR, v, "source id '%s' is reserved "
		    "for field reports (sigwatch signal add)", v->str);
	else if ((o = config_source(cfg, v->str)) != NULL)
		ydiag(d, DIAG_ERROR, v, "duplicate source id '%s' "
		    "(first defined at %s:%u)", v->str, o->path,
		    o->line);
	else
		return v;
	return NULL;
}

/* the declared kind (enum source_kind), or -1 (with a diagnostic) */
static int
source_kind_of(const struct ynode *n, struct diags *d)
{
	const struct ynode *v;
	int kind = cfg_get_enum(n, "kind", "source", cfg_kind_names,
	    "source kind", "feed, html, page, greenhouse, lever, ashby, "
	    "workday or maildir", &v, d);

	if (kind == KIND_FIELD) {
		ydiag(d, DIAG_ERROR, v, "kind 'field' is built in "
		    "(field reports come from sigwatch signal add) and "
		    "cannot be declared");
		kind = -1;
	}
	return kind;
}

/* report the keys that do not apply to kind */
static void
source_check_keys(const struct ynode *n, int kind, struct diags *d)
{
	for (size_t i = 0; i < n->n; i++) {
		const struct ynode *k = ymap_key(n, i);
		int bad = 0;

		if (k->kind != YNODE_SCALAR)
			continue;
		if (cfg_in_list(k->str, html_only) >= 0)
			bad = kind != KIND_HTML;
		else if (strcmp(k->str, "select") == 0)
			bad = kind != KIND_PAGE;
		else if (strcmp(k->str, "board") == 0)
			bad = !source_kind_board((enum source_kind)kind);
		else if (cfg_in_list(k->str, maildir_only) >= 0 ||
		    strcmp(k->str, "url") == 0 ||
		    strcmp(k->str, "headers") == 0)
			/* a Maildir is read without HTTP */
			bad = (kind == KIND_MAILDIR) !=
			    (cfg_in_list(k->str, maildir_only) >= 0);
		if (bad)
			ydiag(d, DIAG_ERROR, k, "'%s' does not apply to "
			    "kind '%s'", k->str, cfg_kind_names[kind]);
	}
}

/* url:, or the endpoint board: names; a missing one is reported */
static void
source_url(struct source *s, const struct ynode *n, int kind,
    struct diags *d)
{
	const struct ynode *v, *url_node;

	url_node = yget_scalar(n, "url", d);
	if (url_node != NULL && cfg_check_url(url_node, d) == 0)
		s->url = xstrdup(url_node->str);
	if ((v = yget_scalar(n, "board", d)) != NULL &&
	    source_kind_board((enum source_kind)kind)) {
		char *u = config_board_url((enum source_kind)kind, v, d);

		s->board = xstrdup(v->str);
		if (s->url == NULL && url_node == NULL)
			s->url = u;
		else
			free(u);
	}
	if (ymap_get(n, "url") == NULL && kind >= 0) {
		if (kind == KIND_MAILDIR)
			;	/* path: instead */
		else if (!source_kind_board((enum source_kind)kind))
			ymissing(n, "url", "source", d);
		else if (ymap_get(n, "board") == NULL)
			ymissing(n, "board", "source", d);
	}
}

/* competitor: and tags:, else the feeds file's defaults */
static void
source_labels(struct source *s, const struct ynode *n, const char *def_comp,
    char *const *def_tags, struct diags *d)
{
	if (ymap_get(n, "competitor") != NULL)
		s->competitor = cfg_get_nonempty(n, "competitor", d);
	else
		s->competitor = xstrdup_or_null(def_comp);
	if (ymap_get(n, "tags") != NULL)
		cfg_get_strv(&s->tags, n, "tags", d);
	else if (def_tags != NULL) {
		size_t nt = 0;

		while (def_tags[nt])
			nt++;
		s->tags = strv_dupn((const char *const *)def_tags, nt);
	}
	if (s->tags == NULL)
		s->tags = xcalloc(1, sizeof(*s->tags));
}

/* the XPaths of html and page sources (checked for any unknown kind) */
static void
source_xpaths(struct source *s, const struct ynode *n, int kind,
    struct diags *d)
{
	if (kind == KIND_HTML && ymap_get(n, "items") == NULL)
		ymissing(n, "items", "html source", d);
	if (kind == KIND_HTML || kind < 0) {
		cfg_check_xpath(n, "items", d);
		cfg_check_xpath(n, "title", d);
		cfg_check_xpath(n, "link", d);
		cfg_check_xpath(n, "date", d);
		cfg_check_xpath(n, "summary", d);
		cfg_get_uint(&s->min_items, n, "min_items", 0, 100000, d);
	}
	if (kind == KIND_PAGE || kind < 0)
		cfg_check_xpath(n, "select", d);
	if (kind == KIND_HTML) {
		s->items_xpath = xstrdup_or_null(ymap_get(n, "items") &&
		    ymap_get(n, "items")->kind == YNODE_SCALAR ?
		    ymap_get(n, "items")->str : NULL);
		s->title_xpath = cfg_get_nonempty(n, "title", d);
		s->link_xpath = cfg_get_nonempty(n, "link", d);
		s->date_xpath = cfg_get_nonempty(n, "date", d);
		s->summary_xpath = cfg_get_nonempty(n, "summary", d);
	}
	if (kind == KIND_PAGE)
		s->select_xpath = cfg_get_nonempty(n, "select", d);
}

static void
parse_source(struct config *cfg, const char *path, const struct ynode *n,
    const char *def_comp, char *const *def_tags, struct diags *d)
{
	struct source s;
	const struct ynode *v, *id_node;
	int kind;

	memset(&s, 0, sizeof(s));
	if (ycheck_map(n, "source", source_keys, d) < 0 &&
	    n->kind != YNODE_MAP)
		return;
	s.line = n->line;
	s.col = n->col;
	s.every = cfg->fetch.default_every;
	id_node = source_id_node(cfg, n, d);
	kind = source_kind_of(n, d);
	s.kind = kind < 0 ? KIND_FEED : (enum source_kind)kind;
	if (kind >= 0)
		source_check_keys(n, kind, d);
	source_url(&s, n, kind, d);
	if (kind == KIND_MAILDIR)
		parse_maildir(&s, cfg, n, d);
	source_labels(&s, n, def_comp, def_tags, d);
	cfg_get_duration(&s.every, n, "every", 0, d);
	source_xpaths(&s, n, kind, d);
	if ((v = ymap_get(n, "headers")) != NULL && !cfg_is_null(v))
		parse_headers(&s, cfg, v, d);
	if (s.headers == NULL)
		s.headers = xcalloc(1, sizeof(*s.headers));

	if (id_node == NULL) {
		cfg_source_release(&s);
		return;
	}
	s.id = xstrdup(id_node->str);
	s.path = xstrdup(path);
	cfg->sources = xreallocarray(cfg->sources, cfg->nsources + 1,
	    sizeof(*cfg->sources));
	cfg->sources[cfg->nsources++] = s;
}

int
config_load_feeds_file(struct config *cfg, const char *path,
    struct diags *d)
{
	char *data = NULL;
	size_t len = 0;
	int rc;

	if (diag_read_file(&data, &len, path, CONFIG_MAX_FILE, d) < 0)
		return -1;
	rc = config_load_feeds_text(cfg, path, data, len, d);
	free(data);
	return rc;
}

int
config_load_feeds_text(struct config *cfg, const char *path, const char *data,
    size_t len, struct diags *d)
{
	struct ydocs docs;
	const struct ynode *root, *v;
	char *comp = NULL, **tags = NULL;
	size_t errs0 = d->errors;

	memset(&docs, 0, sizeof(docs));
	if (ytree_parse(&docs, path, data, len, d) < 0)
		goto out;
	if (docs.ndocs > 1) {
		for (size_t i = 1; i < docs.ndocs; i++)
			if (docs.docs[i] != NULL) {
				ydiag(d, DIAG_ERROR, docs.docs[i], "a feeds "
				    "file holds one YAML document");
				goto out;
			}
	}
	root = docs.ndocs ? docs.docs[0] : NULL;
	if (root == NULL || cfg_is_null(root)) {
		diag_add(d, DIAG_ERROR, path, 1, 1, "feeds file is missing "
		    "required key 'sources'");
		goto out;
	}
	if (ycheck_map(root, "feeds file", feeds_keys, d) < 0 &&
	    root->kind != YNODE_MAP)
		goto out;
	if (ymap_get(root, "competitor") != NULL)
		comp = cfg_get_nonempty(root, "competitor", d);
	cfg_get_strv(&tags, root, "tags", d);
	v = ymap_get(root, "sources");
	if (v == NULL)
		ymissing(root, "sources", "feeds file", d);
	else if (v->kind != YNODE_SEQ && !cfg_is_null(v))
		ydiag(d, DIAG_ERROR, v, "'sources' must be a list, not %s",
		    ynode_kind_name(v));
	else if (v->kind == YNODE_SEQ)
		for (size_t i = 0; i < v->n; i++)
			parse_source(cfg, path, v->kids[i], comp, tags, d);
out:
	free(comp);
	strv_free(tags);
	ydocs_release(&docs);
	return d->errors > errs0 ? -1 : 0;
}
