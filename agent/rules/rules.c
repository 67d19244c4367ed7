#include "rules.h"

#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include "attrib.h"
#include "buf.h"
#include "cond.h"
#include "lang.h"
#include "pfindex.h"
#include "record.h"
#include "rules_private.h"
#include "rx.h"
#include "util.h"
#include "xmalloc.h"
#include "ytree.h"

#define NEAR_MAX		1000
/*
 * %{alias} expansion multiplies: one short pattern naming a large alias
 * many times, or many patterns naming it, would ask for gigabytes (and
 * PCRE2 refuses a compiled pattern much over 64 KiB anyway, after trying).
 * A pattern may be PATTERN_MAX bytes once expanded, and expansion may add
 * EXPANDED_MAX bytes over the whole rule set (sigwatch-rules(5), Limits;
 * the default rules add 34 KB).
 */
#define PATTERN_MAX		(64u * 1024)
#define EXPANDED_MAX		(4u * 1024 * 1024)

static const char *const rule_keys[] = {
	"id", "title", "description", "competitor", "sources", "fields",
	"severity", "playbook", "detection", "falsepositives", "references",
	"tags", "author", "date", "status", "tests", "languages", NULL
};
static const char *const silence_keys[] = {
	"rule", "source", "link", "until", "reason", "author", NULL
};
static const char *const test_keys[] = { "match", "nomatch", NULL };
static const char *const sev_names[] = {
	"info", "low", "medium", "high", "critical", NULL
};
static const char *const modifiers[] = { "all", "near", "sentence", NULL };

struct alias {
	char	 *name;
	char	**alts;
	size_t	  nalts;
	size_t	  explen;	/* bytes of its expansion (?:(?:a)|(?:b)) */
	int	  bad;		/* an alternative did not compile */
};

const char *const rules_field_names[FIELD_N + 1] = {
	"title", "text", "link", "author", "categories", NULL
};

struct rules_compiler {
	struct diags		 *d;
	size_t			  errs;		/* d->errors at the start */
	struct ruleset		 *rs;
	size_t			  ralloc;
	struct alias		 *aliases;
	size_t			  naliases;
	const char		**alias_names;	/* for did-you-mean */
	pcre2_compile_context	 *cctx;
	const char		 *rule_id;	/* for " [rule "id"]" suffixes */
	size_t			  expanded;	/* bytes added by alias
						 * expansion so far */
	int			  over;		/* EXPANDED_MAX reported */
	struct rx		  rx;		/* for the empty-string probe */
	rules_example_fn	  on_example;	/* tests: examples, or NULL */
	void			 *example_payload;
	/*
	 * defer: these bytes were validated before (rules_compiler_defer()):
	 * no pattern is compiled here; the patterns that matched the empty
	 * string then (empty[], ordinals in compile order, ascending) are
	 * warned about again. Without defer, empty[] records them.
	 */
	int			  defer;
	uint32_t		 *empty;
	size_t			  nempty, empty_alloc, empty_at;
	uint32_t		  npats;	/* patterns seen so far */
};

/* a stretch of the expanded pattern that came from one %{alias} */
struct expseg {
	size_t	src_off, src_len;
	size_t	exp_off, exp_len;
};

const char *
severity_name(enum severity s)
{
	if ((int)s < 0 || s > SEV_CRITICAL)
		return "medium";
	return sev_names[s];
}

int
severity_parse(const char *s)
{
	for (int i = 0; sev_names[i]; i++)
		if (strcmp(sev_names[i], s) == 0)
			return i;
	return -1;
}

static void
rdiag(struct rules_compiler *L, enum diag_sev sev, const struct ynode *n,
    unsigned col, const char *fmt, ...) __attribute__((format(printf, 5, 6)));

/* a diagnostic at node n (column col when non-zero) ending in [rule "id"] */
static void
rdiag(struct rules_compiler *L, enum diag_sev sev, const struct ynode *n,
    unsigned col, const char *fmt, ...)
{
	struct buf msg = BUF_INIT;
	va_list ap;

	va_start(ap, fmt);
	buf_vaddf(&msg, fmt, ap);
	va_end(ap);
	if (L->rule_id)
		buf_addf(&msg, " [rule \"%s\"]", L->rule_id);
	diag_add(L->d, sev, n->path, n->line, col ? col : n->col, "%s",
	    msg.data);
	buf_release(&msg);
}

static int
strcmp_p(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static int
valid_id(const char *s)
{
	if (!(islower((unsigned char)s[0]) || isdigit((unsigned char)s[0])))
		return 0;
	for (size_t i = 1; s[i]; i++)
		if (!(islower((unsigned char)s[i]) ||
		    isdigit((unsigned char)s[i]) || s[i] == '.' ||
		    s[i] == '_' || s[i] == '-'))
			return 0;
	return 1;
}

static int
valid_selname(const char *s)
{
	static const char *const kw[] = {
		"and", "or", "not", "of", "all", "them", NULL
	};

	if (!(isalpha((unsigned char)s[0]) || s[0] == '_'))
		return 0;
	for (size_t i = 1; s[i]; i++)
		if (!(isalnum((unsigned char)s[i]) || s[i] == '_' ||
		    s[i] == '.' || s[i] == '-'))
			return 0;
	for (size_t i = 0; kw[i]; i++)
		if (strcmp(kw[i], s) == 0)
			return 0;
	return 1;
}

static int
alias_char(int c)
{
	return isalnum(c) || c == '_' || c == '.' || c == '-';
}

/* ---- pattern analysis ---- */

/* skip a character class starting at p[i] == '['; returns index after ] */
static size_t
skip_class(const char *p, size_t len, size_t i)
{
	i++;
	if (i < len && p[i] == '^')
		i++;
	if (i < len && p[i] == ']')
		i++;
	while (i < len && p[i] != ']') {
		if (p[i] == '\\' && i + 1 < len)
			i += 2;
		else if (p[i] == '[' && i + 1 < len && p[i + 1] == ':') {
			const char *e = strstr(p + i + 2, ":]");

			i = e && (size_t)(e - p) < len ? (size_t)(e - p) + 2 :
			    i + 1;
		} else
			i++;
	}
	return i < len ? i + 1 : len;
}

/* skip an escape starting at p[i] == '\\'; returns index after it */
static size_t
skip_escape(const char *p, size_t len, size_t i)
{
	if (i + 1 >= len)
		return len;
	if (p[i + 1] == 'Q') {
		const char *e = strstr(p + i + 2, "\\E");

		return e && (size_t)(e - p) < len ? (size_t)(e - p) + 2 : len;
	}
	if (strchr("pPxNgko", p[i + 1]) && i + 2 < len && p[i + 2] == '{') {
		const char *e = memchr(p + i + 2, '}', len - i - 2);

		return e ? (size_t)(e - p) + 1 : len;
	}
	return i + 2;
}

/*
 * A quantifier at p[i]? Returns its length (0 if none); *repeat: it can
 * repeat the atom more than once; *unbounded: without an upper limit and
 * not possessive (it can backtrack over any number of repetitions).
 */
static size_t
quant_at(const char *p, size_t len, size_t i, int *repeat, int *unbounded,
    int *optional)
{
	size_t j = i;

	*repeat = *unbounded = *optional = 0;
	if (i >= len)
		return 0;
	if (p[i] == '*' || p[i] == '+') {
		*repeat = *unbounded = 1;
		*optional = p[i] == '*';
		j = i + 1;
	} else if (p[i] == '?') {
		*optional = 1;
		j = i + 1;
	} else if (p[i] == '{') {
		unsigned long lo = 0, hi = 0;
		int havehi = 0, comma = 0;

		j = i + 1;
		if (j >= len || !isdigit((unsigned char)p[j]))
			return 0;
		while (j < len && isdigit((unsigned char)p[j]))
			lo = lo * 10 + (unsigned long)(p[j++] - '0') % 10;
		if (j < len && p[j] == ',') {
			comma = 1;
			j++;
			while (j < len && isdigit((unsigned char)p[j])) {
				hi = hi * 10 + (unsigned long)(p[j++] - '0');
				havehi = 1;
			}
		}
		if (j >= len || p[j] != '}')
			return 0;
		j++;
		if (comma && !havehi)
			*repeat = *unbounded = 1;
		else if (comma)
			*repeat = hi > 1;
		else
			*repeat = lo > 1;
		*optional = lo == 0;
	} else
		return 0;
	if (j < len && p[j] == '+') {
		*unbounded = 0;		/* possessive: no backtracking */
		j++;
	} else if (j < len && p[j] == '?')
		j++;
	return j - i;
}

/*
 * Nested quantifiers, as in (a+)+, (\w*)* or (.*)*: a group repeated by a
 * quantifier while its content has an unbounded quantifier. Returns the
 * offset of the group's '(' or (size_t)-1.
 */
static size_t
nested_quantifier(const char *p, size_t len)
{
	size_t stack[64], depth = 0, i = 0;
	unsigned char inner[65];

	memset(inner, 0, sizeof(inner));
	while (i < len) {
		int rep, unb, opt;
		size_t q;

		switch (p[i]) {
		case '\\':
			i = skip_escape(p, len, i);
			break;
		case '[':
			i = skip_class(p, len, i);
			break;
		case '(':
			if (depth < 64)
				stack[depth] = i;
			depth++;
			if (depth < 65)
				inner[depth] = 0;
			i++;
			continue;
		case ')':
			i++;
			if (depth == 0)
				continue;
			q = quant_at(p, len, i, &rep, &unb, &opt);
			if (depth < 65 && inner[depth] && rep && depth <= 64)
				return stack[depth - 1];
			if (depth < 65 && (inner[depth] || unb))
				inner[depth - 1] = 1;
			depth--;
			i += q;
			continue;
		default:
			i++;
			break;
		}
		q = quant_at(p, len, i, &rep, &unb, &opt);
		if (unb && depth < 65)
			inner[depth] = 1;
		i += q;
	}
	return (size_t)-1;
}

/* ---- aliases ---- */

static const struct alias *
alias_find(const struct rules_compiler *L, const char *name, size_t len)
{
	for (size_t i = 0; i < L->naliases; i++)
		if (strlen(L->aliases[i].name) == len &&
		    memcmp(L->aliases[i].name, name, len) == 0)
			return &L->aliases[i];
	return NULL;
}

/* compile a pattern alone, only to check it; reports at node n */
static int
check_regex(struct rules_compiler *L, const struct ynode *n, const char *what)
{
	pcre2_code *re;
	PCRE2_SIZE eo;
	PCRE2_UCHAR msg[256];
	int ec;

	if (L->defer)
		return 0;	/* it compiled when these bytes were checked */
	re = pcre2_compile((PCRE2_SPTR)n->str, n->len, RULES_COMPILE_FLAGS, &ec,
	    &eo, L->cctx);
	if (re != NULL) {
		pcre2_code_free(re);
		return 0;
	}
	pcre2_get_error_message(ec, msg, sizeof(msg));
	diag_add(L->d, DIAG_ERROR, n->path, n->line, ynode_col_at(n, eo),
	    "invalid regex: %s [%s]", (const char *)msg, what);
	return -1;
}

/* the size of an alias's expansion; one over PATTERN_MAX by itself is
 * reported here, once, and not at every use */
static void
alias_size(struct rules_compiler *L, struct alias *a, const struct ynode *key)
{
	a->explen = 4;	/* (?: ) and (?: )| per alternative */
	for (size_t k = 0; k < a->nalts; k++)
		a->explen += strlen(a->alts[k]) + 5;
	if (a->explen > PATTERN_MAX) {
		ydiag(L->d, DIAG_ERROR, key, "alias '%s' expands to more than "
		    "%u KiB; split it", a->name, PATTERN_MAX / 1024);
		a->bad = 1;
	}
}

/*
 * The document of aliases.yaml or silences.yaml, or NULL: the file is
 * empty, or its root is not of the kind wanted (an error is recorded). A
 * second document is an error too; the first is still read, so its own
 * problems are reported in the same run.
 */
static const struct ynode *
one_root(struct rules_compiler *L, const struct ydocs *docs,
    const char *what, enum ynode_kind kind, const char *want)
{
	const struct ynode *root = docs->ndocs ? docs->docs[0] : NULL;

	if (docs->ndocs > 1)
		diag_add(L->d, DIAG_ERROR, docs->path, 0, 0, "%s must be one "
		    "YAML document", what);
	if (root != NULL && root->kind != kind) {
		ydiag(L->d, DIAG_ERROR, root, "%s must be %s, not %s", what,
		    want, ynode_kind_name(root));
		return NULL;
	}
	return root;
}

static void
load_aliases(struct rules_compiler *L, const struct ydocs *docs)
{
	const struct ynode *root = one_root(L, docs, "aliases", YNODE_MAP,
	    "a map of names to lists of patterns");

	if (root == NULL)
		return;
	L->aliases = xcalloc(root->n, sizeof(*L->aliases));
	L->alias_names = xcalloc(root->n + 1, sizeof(*L->alias_names));
	for (size_t i = 0; i < root->n; i++) {
		const struct ynode *k = ymap_key(root, i), *v = ymap_val(root, i);
		struct alias *a;
		char what[160];
		size_t j;

		if (k->kind != YNODE_SCALAR)
			continue;
		for (j = 0; k->str[j] && alias_char((unsigned char)k->str[j]);
		    j++)
			;
		if (j == 0 || k->str[j]) {
			ydiag(L->d, DIAG_ERROR, k, "invalid alias name '%s' "
			    "(use letters, digits, '_', '.', '-')", k->str);
			continue;
		}
		a = &L->aliases[L->naliases++];
		a->name = xstrdup(k->str);
		L->alias_names[L->naliases - 1] = a->name;
		snprintf(what, sizeof(what), "alias \"%s\"", a->name);
		if (v->kind == YNODE_SCALAR) {
			a->alts = xcalloc(2, sizeof(*a->alts));
			if (check_regex(L, v, what) < 0)
				a->bad = 1;
			a->alts[a->nalts++] = xstrdup(v->str);
			alias_size(L, a, k);
			continue;
		}
		if (v->kind != YNODE_SEQ || v->n == 0) {
			ydiag(L->d, DIAG_ERROR, v, "alias '%s' must be a "
			    "pattern or a non-empty list of patterns",
			    a->name);
			a->bad = 1;
			continue;
		}
		a->alts = xcalloc(v->n + 1, sizeof(*a->alts));
		for (j = 0; j < v->n; j++) {
			const struct ynode *p = v->kids[j];

			if (p->kind != YNODE_SCALAR) {
				ydiag(L->d, DIAG_ERROR, p, "patterns must be "
				    "strings, not %s", ynode_kind_name(p));
				a->bad = 1;
				continue;
			}
			if (strstr(p->str, "%{")) {
				diag_add(L->d, DIAG_ERROR, p->path, p->line,
				    ynode_col_at(p, (size_t)(strstr(p->str,
				    "%{") - p->str)), "aliases cannot use "
				    "other aliases [%s]", what);
				a->bad = 1;
				continue;
			}
			if (check_regex(L, p, what) < 0)
				a->bad = 1;
			a->alts[a->nalts++] = xstrdup(p->str);
		}
		alias_size(L, a, k);
	}
}

/*
 * Expand %{name} in the pattern of node n into out, recording where each
 * expansion landed. Returns 0, or -1 after reporting an unknown alias (or
 * silently for an alias already reported as invalid).
 */
static int
expand(struct rules_compiler *L, const struct ynode *n, struct buf *out,
    struct expseg **segs, size_t *nsegs)
{
	const char *p = n->str;
	size_t len = n->len, i = 0, alloc = 0;
	int rc = 0;

	*nsegs = 0;
	while (i < len) {
		const struct alias *a;
		size_t j;

		if (p[i] == '\\' && i + 1 < len) {
			buf_add(out, p + i, 2);
			i += 2;
			continue;
		}
		if (!(p[i] == '%' && i + 1 < len && p[i + 1] == '{')) {
			buf_addch(out, p[i++]);
			continue;
		}
		for (j = i + 2; j < len && alias_char((unsigned char)p[j]); j++)
			;
		if (j == i + 2 || j >= len || p[j] != '}') {
			buf_addch(out, p[i++]);
			continue;
		}
		a = alias_find(L, p + i + 2, j - i - 2);
		if (a == NULL) {
			char name[128];
			const char *hint;

			snprintf(name, sizeof(name), "%.*s", (int)(j - i - 2),
			    p + i + 2);
			hint = L->alias_names ?
			    diag_suggest(name, L->alias_names) : NULL;
			if (hint)
				rdiag(L, DIAG_ERROR, n, ynode_col_at(n, i),
				    "unknown alias '%%{%s}'; did you mean "
				    "'%%{%s}'?", name, hint);
			else
				rdiag(L, DIAG_ERROR, n, ynode_col_at(n, i),
				    "unknown alias '%%{%s}'", name);
			rc = -1;
			i = j + 1;
			continue;
		}
		if (a->bad) {
			/* reported at the alias; its size may be the problem */
			rc = -1;
			i = j + 1;
			continue;
		}
		if (out->len + a->explen + (len - j - 1) > PATTERN_MAX) {
			rdiag(L, DIAG_ERROR, n, ynode_col_at(n, i),
			    "pattern expands to more than %u KiB with its "
			    "aliases; name fewer or shorter aliases",
			    PATTERN_MAX / 1024);
			return -1;
		}
		if (*nsegs == alloc) {
			alloc = alloc ? alloc * 2 : 4;
			*segs = xreallocarray(*segs, alloc, sizeof(**segs));
		}
		(*segs)[*nsegs].src_off = i;
		(*segs)[*nsegs].src_len = j + 1 - i;
		(*segs)[*nsegs].exp_off = out->len;
		buf_addstr(out, "(?:");
		for (size_t k = 0; k < a->nalts; k++) {
			buf_addstr(out, k ? "|(?:" : "(?:");
			buf_addstr(out, a->alts[k]);
			buf_addch(out, ')');
		}
		buf_addch(out, ')');
		(*segs)[*nsegs].exp_len = out->len - (*segs)[*nsegs].exp_off;
		(*nsegs)++;
		i = j + 1;
	}
	return rc;
}

/* an offset in the expanded pattern -> offset in the pattern as written */
static size_t
unexpand(const struct expseg *segs, size_t nsegs, size_t off)
{
	long long delta = 0;

	for (size_t i = 0; i < nsegs; i++) {
		if (off < segs[i].exp_off)
			break;
		if (off < segs[i].exp_off + segs[i].exp_len)
			return segs[i].src_off;
		delta += (long long)segs[i].exp_len -
		    (long long)segs[i].src_len;
	}
	return (size_t)((long long)off - delta);
}

/*
 * Does the pattern just compiled (re) match the empty string? Deferred,
 * re is NULL and the answer is the one recorded when these bytes were
 * validated (the ordinal of this pattern among all the compiled ones).
 */
static int
matches_empty(struct rules_compiler *L, const pcre2_code *re)
{
	uint32_t ord = L->npats++;

	if (L->defer) {
		while (L->empty_at < L->nempty && L->empty[L->empty_at] < ord)
			L->empty_at++;
		return L->empty_at < L->nempty && L->empty[L->empty_at] == ord;
	}
	/* JIT compilation waits for the pattern's first item (rx.h) */
	if (pcre2_match(re, (PCRE2_SPTR)"", 0, 0, 0, L->rx.md,
	    L->rx.ctx) < 0)
		return 0;
	L->empty = xgrowarray(L->empty, L->nempty, &L->empty_alloc, 8,
	    sizeof(*L->empty));
	L->empty[L->nempty++] = ord;
	return 1;
}

static int
compile_pattern(struct rules_compiler *L, const struct ynode *n, struct pattern *pat)
{
	struct buf exp = BUF_INIT;
	struct expseg *segs = NULL;
	size_t nsegs = 0, at;
	PCRE2_SIZE eo;
	PCRE2_UCHAR msg[256];
	int ec, rc = -1;

	pat->src = xstrdup(n->str);
	if (n->len > PATTERN_MAX) {
		rdiag(L, DIAG_ERROR, n, 0, "pattern is longer than %u KiB",
		    PATTERN_MAX / 1024);
		goto out;
	}
	if (L->over || expand(L, n, &exp, &segs, &nsegs) < 0)
		goto out;
	/* what expansion adds over the whole rule set is bounded too */
	L->expanded += exp.len - n->len;
	if (L->expanded > EXPANDED_MAX) {
		if (!L->over)
			rdiag(L, DIAG_ERROR, n, 0, "aliases add more than %u MiB "
			    "to the patterns of the rule set; name fewer or "
			    "shorter aliases", EXPANDED_MAX / (1024 * 1024));
		L->over = 1;
		goto out;
	}
	if (!L->defer) {
		pat->re = pcre2_compile((PCRE2_SPTR)exp.data, exp.len,
		    RULES_COMPILE_FLAGS, &ec, &eo, L->cctx);
		if (pat->re == NULL) {
			pcre2_get_error_message(ec, msg, sizeof(msg));
			rdiag(L, DIAG_ERROR, n, ynode_col_at(n, unexpand(segs,
			    nsegs, eo)), "invalid regex: %s",
			    (const char *)msg);
			goto out;
		}
	}
	if (matches_empty(L, pat->re))
		rdiag(L, DIAG_WARNING, n, 0, "pattern matches the empty "
		    "string");
	at = nested_quantifier(exp.data, exp.len);
	if (at != (size_t)-1)
		rdiag(L, DIAG_WARNING, n, ynode_col_at(n, unexpand(segs, nsegs,
		    at)), "nested quantifier: a repeated group that contains "
		    "an unbounded quantifier can backtrack catastrophically");
	/* deferred: rules_ready() compiles and analyses it (pfindex.c) */
	if (!L->defer)
		pat->req = pf_analyze(exp.data, exp.len, &pat->pre);
	pat->explen = exp.len;
	pat->expanded = buf_detach(&exp, NULL);
	rc = 0;
out:
	buf_release(&exp);
	free(segs);
	return rc;
}

static void
pattern_release(struct pattern *p)
{
	free(p->src);
	free(p->expanded);
	pf_req_free(p->req);
	pf_req_free(p->pre);
	if (p->are)
		pcre2_code_free(p->are);
	if (p->re)
		pcre2_code_free(p->re);
}

/* ---- rules ---- */

static void
detection_free(struct detection *det)
{
	if (det == NULL)
		return;
	for (size_t i = 0; i < det->nsels; i++) {
		struct selection *s = &det->sels[i];

		for (size_t k = 0; k < s->nkeys; k++) {
			for (size_t j = 0; j < s->keys[k].npats; j++)
				pattern_release(&s->keys[k].pats[j]);
			free(s->keys[k].pats);
		}
		free(s->keys);
		free(s->name);
	}
	free(det->sels);
	cond_free(det->cond);
	free(det->positive);
	free(det);
}

static const struct strfield rule_strings[] = {
	STRFIELD(struct rule, id), STRFIELD(struct rule, title),
	STRFIELD(struct rule, description), STRFIELD(struct rule, playbook),
	STRFIELD(struct rule, rev), STRFIELD(struct rule, path),
};

static void
rule_release(struct rule *r)
{
	strfields_free(r, rule_strings, NSTRFIELDS(rule_strings));
	strv_free(r->competitors);
	strv_free(r->sources);
	strv_free(r->fields);
	strv_free(r->languages);
	strv_free(r->falsepositives);
	detection_free(r->det);
	memset(r, 0, sizeof(*r));
}

/* a string or list of strings -> owned NULL-terminated vector */
static int
get_strv(char ***out, const struct ynode *map, const char *key,
    struct diags *d)
{
	const char **list = NULL;
	size_t n = 0;
	int rc;

	rc = yget_strlist(&list, &n, map, key, d);
	if (list)
		*out = strv_dupn(list, n);
	free(list);
	return rc;
}

static int
get_ownstr(char **out, const struct ynode *map, const char *key,
    struct diags *d)
{
	const char *s = NULL;

	if (yget_str(&s, map, key, d) < 0)
		return -1;
	if (s)
		*out = xstrdup(s);
	return 0;
}

/* fields: -> bit set; 0 on error */
static unsigned
load_fields(struct rules_compiler *L, struct rule *r, const struct ynode *map)
{
	const struct ynode *v = ymap_get(map, "fields");
	unsigned bits = 0;
	size_t n;

	if (v == NULL) {
		static const char *const def[] = { "title", "text" };

		r->fields = strv_dupn(def, 2);
		return FIELD_BIT(FIELD_TITLE) | FIELD_BIT(FIELD_TEXT);
	}
	if (v->kind == YNODE_MAP) {
		ydiag(L->d, DIAG_ERROR, v, "'fields' must be a string or a "
		    "list of strings, not a map");
		return 0;
	}
	n = v->kind == YNODE_SEQ ? v->n : 1;
	r->fields = xcalloc(n + 1, sizeof(*r->fields));
	for (size_t i = 0, o = 0; i < n; i++) {
		const struct ynode *f = v->kind == YNODE_SEQ ? v->kids[i] : v;
		const char *hint;
		int k;

		if (f->kind != YNODE_SCALAR) {
			ydiag(L->d, DIAG_ERROR, f, "items of 'fields' must be "
			    "strings, not %s", ynode_kind_name(f));
			continue;
		}
		for (k = 0; k < FIELD_N; k++)
			if (strcmp(rules_field_names[k], f->str) == 0)
				break;
		if (k == FIELD_N) {
			hint = diag_suggest(f->str, rules_field_names);
			if (hint)
				ydiag(L->d, DIAG_ERROR, f, "unknown field '%s'; "
				    "did you mean '%s'?", f->str, hint);
			else
				ydiag(L->d, DIAG_ERROR, f, "unknown field '%s' "
				    "(use title, text, link, author or "
				    "categories)", f->str);
			continue;
		}
		bits |= FIELD_BIT(k);
		r->fields[o++] = xstrdup(f->str);
	}
	if (bits == 0 && n == 0)
		ydiag(L->d, DIAG_ERROR, v, "'fields' is empty");
	return bits;
}

/* value of a selection key: a pattern or a list of patterns */
static int
load_patterns(struct rules_compiler *L, const struct ynode *v, const char *what,
    struct selkey *k)
{
	size_t n = v->kind == YNODE_SEQ ? v->n : 1;
	int rc = 0;

	if (v->kind == YNODE_MAP) {
		rdiag(L, DIAG_ERROR, v, 0, "%s must be a pattern or a list of "
		    "patterns, not a map", what);
		return -1;
	}
	if (n == 0) {
		rdiag(L, DIAG_ERROR, v, 0, "%s has no patterns", what);
		return -1;
	}
	k->pats = xcalloc(n, sizeof(*k->pats));
	for (size_t i = 0; i < n; i++) {
		const struct ynode *p = v->kind == YNODE_SEQ ? v->kids[i] : v;

		if (p->kind != YNODE_SCALAR) {
			rdiag(L, DIAG_ERROR, p, 0, "patterns must be strings, "
			    "not %s", ynode_kind_name(p));
			rc = -1;
			continue;
		}
		if (compile_pattern(L, p, &k->pats[k->npats]) < 0)
			rc = -1;
		k->npats++;	/* released even when it failed */
	}
	return rc;
}

/* "text|all", "title|near=12" */
static int
load_key(struct rules_compiler *L, const struct ynode *kn, const struct ynode *v,
    const char *sel, struct selkey *k)
{
	const char *s = kn->str, *bar = strchr(s, '|'), *hint;
	char field[64], what[200];
	size_t flen = bar ? (size_t)(bar - s) : strlen(s);
	int f, rc = 0, seen_all = 0, seen_near = 0, seen_sentence = 0;

	snprintf(field, sizeof(field), "%.*s", (int)flen, s);
	for (f = 0; f < FIELD_N; f++)
		if (strcmp(rules_field_names[f], field) == 0)
			break;
	if (f == FIELD_N) {
		hint = diag_suggest(field, rules_field_names);
		if (hint)
			rdiag(L, DIAG_ERROR, kn, 0, "unknown field '%s' in "
			    "selection '%s'; did you mean '%s'?", field, sel,
			    hint);
		else
			rdiag(L, DIAG_ERROR, kn, 0, "unknown field '%s' in "
			    "selection '%s' (use title, text, link, author or "
			    "categories)", field, sel);
		rc = -1;
	} else
		k->fields = FIELD_BIT(f);
	k->mode = KEY_ANY;
	while (bar) {
		const char *m = bar + 1, *next = strchr(m, '|');
		size_t mlen = next ? (size_t)(next - m) : strlen(m);
		char mod[64];

		snprintf(mod, sizeof(mod), "%.*s", (int)mlen, m);
		bar = next;
		if (strcmp(mod, "all") == 0) {
			seen_all = 1;
			k->mode = KEY_ALL;
			continue;
		}
		if (strcmp(mod, "sentence") == 0) {
			seen_sentence = 1;
			k->sentence = 1;
			continue;
		}
		if (strncmp(mod, "near=", 5) == 0 || strcmp(mod, "near") == 0) {
			char *end;
			unsigned long nv;

			seen_near = 1;
			errno = 0;
			nv = mod[4] ? strtoul(mod + 5, &end, 10) : 0;
			if (mod[4] == '\0' || !isdigit((unsigned char)mod[5]) ||
			    *end || errno || nv < 1 || nv > NEAR_MAX) {
				rdiag(L, DIAG_ERROR, kn, 0, "invalid near value "
				    "'%s' (use |near=N with N from 1 to %d)",
				    mod[4] ? mod + 5 : "", NEAR_MAX);
				rc = -1;
				continue;
			}
			k->mode = KEY_NEAR;
			k->near = (unsigned)nv;
			continue;
		}
		hint = diag_suggest(mod, modifiers);
		if (hint)
			rdiag(L, DIAG_ERROR, kn, 0, "unknown modifier '|%s'; "
			    "did you mean '|%s'?", mod, hint);
		else
			rdiag(L, DIAG_ERROR, kn, 0, "unknown modifier '|%s' "
			    "(use |all, |near=N or |sentence)", mod);
		rc = -1;
	}
	if (seen_all && seen_near) {
		rdiag(L, DIAG_ERROR, kn, 0, "|near already requires every "
		    "pattern; drop |all");
		rc = -1;
	}
	if (seen_all && seen_sentence) {
		rdiag(L, DIAG_ERROR, kn, 0, "|sentence already requires every "
		    "pattern; drop |all");
		rc = -1;
	}
	/* |sentence alone: every pattern in one sentence, at any distance */
	if (seen_sentence && !seen_all)
		k->mode = KEY_NEAR;
	snprintf(what, sizeof(what), "'%s'", s);
	if (load_patterns(L, v, what, k) < 0)
		rc = -1;
	if (k->mode == KEY_NEAR && k->npats < 2) {
		rdiag(L, DIAG_ERROR, kn, 0, "|%s needs at least two patterns",
		    seen_near ? "near" : "sentence");
		rc = -1;
	}
	return rc;
}

static int
load_selection(struct rules_compiler *L, const struct ynode *kn,
    const struct ynode *v, unsigned fields, struct selection *s)
{
	int rc = 0;

	s->name = xstrdup(kn->str);
	if (v->kind == YNODE_SEQ) {
		char what[200];

		s->keys = xcalloc(1, sizeof(*s->keys));
		s->nkeys = 1;
		s->keys[0].fields = fields;
		s->keys[0].mode = KEY_ANY;
		snprintf(what, sizeof(what), "selection '%s'", s->name);
		return load_patterns(L, v, what, &s->keys[0]);
	}
	if (v->kind != YNODE_MAP) {
		rdiag(L, DIAG_ERROR, v, 0, "selection '%s' must be a list of "
		    "patterns or a map of fields, not %s", s->name,
		    ynode_kind_name(v));
		return -1;
	}
	if (v->n == 0) {
		rdiag(L, DIAG_ERROR, v, 0, "selection '%s' is empty", s->name);
		return -1;
	}
	s->keys = xcalloc(v->n, sizeof(*s->keys));
	for (size_t i = 0; i < v->n; i++) {
		const struct ynode *k = ymap_key(v, i);

		if (k->kind != YNODE_SCALAR)
			continue;
		if (load_key(L, k, ymap_val(v, i), s->name,
		    &s->keys[s->nkeys++]) < 0)
			rc = -1;
	}
	return rc;
}

struct condrep {
	struct rules_compiler		*L;
	const struct ynode	*node;
};

static void
cond_report(size_t off, const char *msg, void *payload)
{
	struct condrep *cr = payload;

	rdiag(cr->L, DIAG_ERROR, cr->node, ynode_col_at(cr->node, off), "%s",
	    msg);
}

static int
load_detection(struct rules_compiler *L, struct rule *r, const struct ynode *det,
    unsigned fields)
{
	struct detection *d;
	const struct ynode *cn = NULL;
	const char **names = NULL;
	unsigned char *used = NULL;
	int rc = 0;

	if (det->kind != YNODE_MAP) {
		ydiag(L->d, DIAG_ERROR, det, "'detection' must be a map, not "
		    "%s", ynode_kind_name(det));
		return -1;
	}
	d = r->det = xcalloc(1, sizeof(*d));
	d->owner = L->rs->priv;
	d->sels = xcalloc(det->n ? det->n : 1, sizeof(*d->sels));
	for (size_t i = 0; i < det->n; i++) {
		const struct ynode *k = ymap_key(det, i);

		if (k->kind != YNODE_SCALAR)
			continue;
		if (strcmp(k->str, "condition") == 0) {
			cn = ymap_val(det, i);
			continue;
		}
		if (!valid_selname(k->str)) {
			rdiag(L, DIAG_ERROR, k, 0, "invalid selection name "
			    "'%s' (start with a letter or '_'; use letters, "
			    "digits, '_', '.', '-'; not a keyword)", k->str);
			rc = -1;
			continue;
		}
		if (load_selection(L, k, ymap_val(det, i), fields,
		    &d->sels[d->nsels++]) < 0)
			rc = -1;
	}
	if (d->nsels == 0) {
		rdiag(L, DIAG_ERROR, det, 0, "detection has no selections");
		return -1;
	}
	names = xcalloc(d->nsels + 1, sizeof(*names));
	for (size_t i = 0; i < d->nsels; i++)
		names[i] = d->sels[i].name;
	if (cn == NULL)
		d->cond = cond_any(d->nsels);
	else if (cn->kind != YNODE_SCALAR) {
		rdiag(L, DIAG_ERROR, cn, 0, "'condition' must be a string, "
		    "not %s", ynode_kind_name(cn));
		rc = -1;
	} else {
		struct condrep cr = { L, cn };

		if (cond_parse(&d->cond, cn->str, names, d->nsels,
		    cond_report, &cr) < 0)
			rc = -1;
	}
	d->positive = xcalloc(d->nsels, 1);
	if (d->cond) {
		used = xcalloc(d->nsels, 1);
		cond_refs(d->cond, used, d->positive);
		for (size_t i = 0, s = 0; i < det->n; i++) {
			const struct ynode *k = ymap_key(det, i);

			if (k->kind != YNODE_SCALAR || s >= d->nsels ||
			    strcmp(k->str, d->sels[s].name) != 0)
				continue;
			if (!used[s])
				rdiag(L, DIAG_WARNING, k, 0, "selection '%s' is "
				    "not used by the condition", k->str);
			s++;
		}
	}
	free(used);
	free(names);
	return rc;
}

/* s NULL: a part that failed to load (its error is already reported) */
static void
canon_add(struct buf *b, const char *tag, const char *s)
{
	if (s == NULL)
		buf_addf(b, "%s -\n", tag);
	else
		buf_addf(b, "%s %zu:%s\n", tag, strlen(s), s);
}

static void
canon_strv(struct buf *b, const char *tag, char **v)
{
	size_t n = 0;
	char **copy;

	if (v == NULL) {
		buf_addf(b, "%s *\n", tag);
		return;
	}
	while (v[n])
		n++;
	copy = xcalloc(n + 1, sizeof(*copy));
	memcpy(copy, v, n * sizeof(*copy));
	qsort(copy, n, sizeof(*copy), strcmp_p);
	buf_addf(b, "%s %zu\n", tag, n);
	for (size_t i = 0; i < n; i++)
		canon_add(b, "-", copy[i]);
	free(copy);
}

/* rule_rev: a hash of everything that decides what the rule matches */
static void
rule_rev(struct rule *r, unsigned fields)
{
	const struct detection *d = r->det;
	struct buf b = BUF_INIT;
	const char **names;
	char hex[65];

	canon_add(&b, "id", r->id);
	buf_addf(&b, "fields %u\n", fields);
	canon_strv(&b, "competitor", r->competitors);
	canon_strv(&b, "sources", r->sources);
	if (r->languages_any)
		buf_addstr(&b, "languages any\n");
	else if (r->languages)
		canon_strv(&b, "languages", r->languages);
	names = xcalloc(d->nsels + 1, sizeof(*names));
	for (size_t i = 0; i < d->nsels; i++) {
		const struct selection *s = &d->sels[i];

		names[i] = s->name;
		canon_add(&b, "selection", s->name);
		for (size_t k = 0; k < s->nkeys; k++) {
			const struct selkey *key = &s->keys[k];

			buf_addf(&b, "key %u %d %u %zu%s\n", key->fields,
			    (int)key->mode, key->near, key->npats,
			    key->sentence ? " sentence" : "");
			for (size_t j = 0; j < key->npats; j++)
				canon_add(&b, "pattern",
				    key->pats[j].expanded);
		}
	}
	buf_addstr(&b, "condition ");
	cond_format(d->cond, names, &b);
	buf_addch(&b, '\n');
	sha256_hex(hex, b.data, b.len);
	r->rev = xstrndup(hex, 12);
	free(names);
	buf_release(&b);
}

/* languages: [de, en] or any */
static void
load_languages(struct rules_compiler *L, struct rule *r, const struct ynode *v)
{
	size_t n;

	if (v == NULL)
		return;
	if (v->kind == YNODE_MAP) {
		rdiag(L, DIAG_ERROR, v, 0, "'languages' must be a list of "
		    "language codes or 'any', not a map");
		return;
	}
	n = v->kind == YNODE_SEQ ? v->n : 1;
	if (n == 0) {
		rdiag(L, DIAG_ERROR, v, 0, "'languages' is empty");
		return;
	}
	r->languages = xcalloc(n + 1, sizeof(*r->languages));
	for (size_t i = 0, o = 0; i < n; i++) {
		const struct ynode *e = v->kind == YNODE_SEQ ? v->kids[i] : v;

		if (e->kind != YNODE_SCALAR) {
			rdiag(L, DIAG_ERROR, e, 0, "items of 'languages' must "
			    "be strings, not %s", ynode_kind_name(e));
			continue;
		}
		if (strcmp(e->str, "any") == 0) {
			if (n > 1)
				rdiag(L, DIAG_ERROR, e, 0, "'any' cannot be "
				    "listed with languages");
			r->languages_any = 1;
			continue;
		}
		if (!lang_code_valid(e->str)) {
			rdiag(L, DIAG_ERROR, e, 0, "invalid language '%s' (use "
			    "ISO 639 codes such as en or de, or any)", e->str);
			continue;
		}
		r->languages[o++] = xstrdup(e->str);
	}
	if (r->languages_any) {
		strv_free(r->languages);
		r->languages = NULL;
	}
}

/* a competitor the directory does not know is a typo or a missing entry */
static void
check_competitors(struct rules_compiler *L, const struct rule *r,
    const struct ynode *v)
{
	if (r->competitors == NULL || v == NULL || L->rs->competitors == NULL ||
	    compdir_count(L->rs->competitors) == 0)
		return;
	for (size_t i = 0; r->competitors[i]; i++) {
		const struct ynode *n = v->kind == YNODE_SEQ && i < v->n ?
		    v->kids[i] : v;

		const char **ids, *hint;
		size_t nc = compdir_count(L->rs->competitors);

		if (compdir_find(L->rs->competitors, r->competitors[i]) >= 0)
			continue;
		ids = xcalloc(nc + 1, sizeof(*ids));
		for (size_t k = 0; k < nc; k++)
			ids[k] = compdir_id(L->rs->competitors, k);
		hint = diag_suggest(r->competitors[i], ids);
		if (hint)
			rdiag(L, DIAG_WARNING, n, 0, "competitor '%s' is "
			    "not in competitors.yaml; did you mean '%s'?",
			    r->competitors[i], hint);
		else
			rdiag(L, DIAG_WARNING, n, 0, "competitor '%s' is "
			    "not in competitors.yaml", r->competitors[i]);
		free(ids);
	}
}

/*
 * The rule's tests: examples: their shape is checked here; each example is
 * handed to the on_example hook (selftest.h), which matches it, in the
 * order written, so its diagnostics land among the others as they come.
 */
static void
load_tests(struct rules_compiler *L, struct rule *r,
    const struct ynode *tests)
{
	static const char *const kinds[] = { "match", "nomatch" };

	if (ycheck_map(tests, "tests", test_keys, L->d) < 0 &&
	    tests->kind != YNODE_MAP)
		return;
	for (int want = 1; want >= 0; want--) {
		const struct ynode *list = ymap_get(tests, kinds[!want]);
		size_t n;

		if (list == NULL)
			continue;
		if (list->kind == YNODE_MAP) {
			ydiag(L->d, DIAG_ERROR, list, "'%s' must be a list of "
			    "strings, not a map", kinds[!want]);
			continue;
		}
		n = list->kind == YNODE_SEQ ? list->n : 1;
		for (size_t i = 0; i < n; i++) {
			const struct ynode *ex = list->kind == YNODE_SEQ ?
			    list->kids[i] : list;

			if (ex->kind != YNODE_SCALAR) {
				ydiag(L->d, DIAG_ERROR, ex, "test examples must "
				    "be strings, not %s", ynode_kind_name(ex));
				continue;
			}
			/* deferred, they passed with these bytes */
			if (r->det != NULL && L->on_example && !L->defer)
				L->on_example(r, ex, want, L->d,
				    L->example_payload);
		}
	}
}

/* keep r (now owned by the ruleset) */
static void
add_rule(struct rules_compiler *L, const struct rule *r)
{
	L->rs->rules = xgrowarray(L->rs->rules, L->rs->n, &L->ralloc, 32,
	    sizeof(*L->rs->rules));
	L->rs->rules[L->rs->n++] = *r;
}

static const struct rule *
find_rule(const struct ruleset *rs, const char *id)
{
	for (size_t i = 0; i < rs->n; i++)
		if (strcmp(rs->rules[i].id, id) == 0)
			return &rs->rules[i];
	return NULL;
}

static void
load_rule(struct rules_compiler *L, const struct ynode *map)
{
	struct rule r;
	const struct ynode *v, *det;
	const char *s = NULL;
	size_t errs = L->d->errors;
	unsigned fields;
	int dup = 0;

	memset(&r, 0, sizeof(r));
	if (map->kind != YNODE_MAP) {
		ydiag(L->d, DIAG_ERROR, map, "a rule must be a map, not %s",
		    ynode_kind_name(map));
		return;
	}
	(void)ycheck_map(map, "rule", rule_keys, L->d);
	r.path = xstrdup(map->path);
	r.line = map->line;
	r.severity = SEV_MEDIUM;
	v = ymap_get(map, "id");
	if (v == NULL)
		ymissing(map, "id", "rule", L->d);
	else if (yget_str(&s, map, "id", L->d) == 0) {
		const struct rule *first;

		if (!valid_id(s))
			ydiag(L->d, DIAG_ERROR, v, "invalid rule id '%s' (use "
			    "lowercase letters, digits, '.', '_', '-'; start "
			    "with a letter or digit)", s);
		else if ((first = find_rule(L->rs, s)) != NULL) {
			ydiag(L->d, DIAG_ERROR, v, "duplicate rule id '%s' "
			    "(first defined at %s:%u)", s, first->path,
			    first->line);
			dup = 1;
		}
		r.id = xstrdup(s);
	}
	L->rule_id = r.id;
	s = NULL;
	if (yget_str(&s, map, "title", L->d) == 0 && (s == NULL || !*s))
		ymissing(map, "title", "rule", L->d);
	else if (s)
		r.title = xstrdup(s);
	(void)get_ownstr(&r.description, map, "description", L->d);
	(void)get_ownstr(&r.playbook, map, "playbook", L->d);
	(void)get_strv(&r.competitors, map, "competitor", L->d);
	check_competitors(L, &r, ymap_get(map, "competitor"));
	(void)get_strv(&r.sources, map, "sources", L->d);
	(void)get_strv(&r.falsepositives, map, "falsepositives", L->d);
	load_languages(L, &r, ymap_get(map, "languages"));
	{
		const char **tmp = NULL;
		size_t n;
		const char *const lists[] = { "references", "tags", NULL };
		const char *const strs[] = { "author", "date", "status", NULL };

		for (int i = 0; lists[i]; i++) {
			(void)yget_strlist(&tmp, &n, map, lists[i], L->d);
			free(tmp);
			tmp = NULL;
		}
		for (int i = 0; strs[i]; i++)
			(void)yget_str(&s, map, strs[i], L->d);
	}
	s = NULL;
	if (yget_str(&s, map, "severity", L->d) == 0 && s) {
		int sv = severity_parse(s);

		if (sv < 0) {
			const char *hint = diag_suggest(s, sev_names);

			v = ymap_get(map, "severity");
			if (hint)
				ydiag(L->d, DIAG_ERROR, v, "invalid severity "
				    "'%s'; did you mean '%s'?", s, hint);
			else
				ydiag(L->d, DIAG_ERROR, v, "invalid severity "
				    "'%s' (use info, low, medium, high or "
				    "critical)", s);
		} else
			r.severity = (enum severity)sv;
	}
	fields = load_fields(L, &r, map);
	det = ymap_get(map, "detection");
	if (det == NULL)
		ymissing(map, "detection", "rule", L->d);
	else
		(void)load_detection(L, &r, det, fields);
	if (L->d->errors == errs && r.det && r.det->cond) {
		rule_rev(&r, fields);
		v = ymap_get(map, "tests");
		if (v)
			load_tests(L, &r, v);
	}
	L->rule_id = NULL;
	if (L->d->errors != errs || dup || r.id == NULL) {
		rule_release(&r);
		return;
	}
	add_rule(L, &r);
}

/*
 * A rule that failed is not kept, but its id still counts for duplicate
 * detection: keep a placeholder so a later file's duplicate is reported.
 */
static void
keep_placeholder(struct rules_compiler *L, const struct ynode *map)
{
	const struct ynode *v;
	struct rule r;

	if (map->kind != YNODE_MAP)
		return;
	v = ymap_get(map, "id");
	if (v == NULL || v->kind != YNODE_SCALAR || !valid_id(v->str) ||
	    find_rule(L->rs, v->str))
		return;
	memset(&r, 0, sizeof(r));
	r.id = xstrdup(v->str);
	r.path = xstrdup(map->path);
	r.line = map->line;
	add_rule(L, &r);
}

/* ---- silences ---- */

static const struct strfield silence_strings[] = {
	STRFIELD(struct silence, rule), STRFIELD(struct silence, source),
	STRFIELD(struct silence, link), STRFIELD(struct silence, reason),
	STRFIELD(struct silence, author),
};

static void
load_silences(struct rules_compiler *L, const struct ydocs *docs)
{
	const struct ynode *root = one_root(L, docs, "silences", YNODE_SEQ,
	    "a list");
	int64_t now = now_time();

	if (root == NULL)
		return;
	L->rs->silences = xcalloc(root->n ? root->n : 1,
	    sizeof(*L->rs->silences));
	for (size_t i = 0; i < root->n; i++) {
		const struct ynode *m = root->kids[i], *u;
		struct silence *s;
		const char *until = NULL;
		size_t errs = L->d->errors;
		int64_t t;

		if (ycheck_map(m, "silence", silence_keys, L->d) < 0 &&
		    m->kind != YNODE_MAP)
			continue;
		s = &L->rs->silences[L->rs->nsilences];
		memset(s, 0, sizeof(*s));
		(void)get_ownstr(&s->rule, m, "rule", L->d);
		(void)get_ownstr(&s->source, m, "source", L->d);
		(void)get_ownstr(&s->link, m, "link", L->d);
		(void)get_ownstr(&s->reason, m, "reason", L->d);
		(void)get_ownstr(&s->author, m, "author", L->d);
		if (!s->rule && !s->source && !s->link)
			ydiag(L->d, DIAG_ERROR, m, "silence must name a rule, "
			    "source or link");
		u = ymap_get(m, "until");
		if (u == NULL)
			ymissing(m, "until", "silence", L->d);
		else if (yget_str(&until, m, "until", L->d) == 0) {
			if (parse_time(until, &t) < 0)
				ydiag(L->d, DIAG_ERROR, u, "invalid date '%s' "
				    "for 'until' (use YYYY-MM-DD or "
				    "YYYY-MM-DDTHH:MM:SSZ)", until);
			else {
				/* a date alone silences through that day */
				if (strchr(until, 'T') == NULL)
					t += 86400;
				s->until = t;
				if (now >= t)
					ydiag(L->d, DIAG_WARNING, u, "silence "
					    "expired on %s", until);
			}
		}
		if (L->d->errors != errs) {
			strfields_free(s, silence_strings,
			    NSTRFIELDS(silence_strings));
			continue;
		}
		L->rs->nsilences++;
	}
}

const char *
rules_silenced(const struct ruleset *rs, const char *rule,
    const char *source, const char *link, int64_t now)
{
	if (rs == NULL)
		return NULL;
	for (size_t i = 0; i < rs->nsilences; i++) {
		const struct silence *s = &rs->silences[i];

		if (now >= s->until)
			continue;
		if (s->rule && !glob_match(s->rule, rule))
			continue;
		if (s->source && !glob_match(s->source, source))
			continue;
		if (s->link && !glob_match(s->link, link))
			continue;
		return s->reason && *s->reason ? s->reason :
		    "silenced (no reason given)";
	}
	return NULL;
}

/* ---- the compiler ---- */

struct rules_compiler *
rules_compiler_new(struct diags *d)
{
	struct rules_compiler *L = xcalloc(1, sizeof(*L));

	L->d = d;
	L->errs = d->errors;
	L->rs = xcalloc(1, sizeof(*L->rs));
	L->rs->priv = pfindex_new(L->rs);
	/* the patterns are compiled as they come: usable (by tests:
	 * examples) before the index is built */
	atomic_store(&L->rs->priv->ready, 1);
	L->cctx = xalloc_check(pcre2_compile_context_create(NULL));
	rx_init(&L->rx);
	return L;
}

void
rules_compiler_defer(struct rules_compiler *L, const uint32_t *empty,
    size_t n)
{
	L->defer = 1;
	atomic_store(&L->rs->priv->ready, 0);
	free(L->empty);
	L->empty = n ? xcalloc(n, sizeof(*L->empty)) : NULL;
	if (n)
		memcpy(L->empty, empty, n * sizeof(*empty));
	L->nempty = L->empty_alloc = n;
	L->empty_at = 0;
}

const uint32_t *
rules_compiler_empties(const struct rules_compiler *L, size_t *n)
{
	*n = L->nempty;
	return L->empty;
}

void
rules_on_example(struct rules_compiler *L, rules_example_fn fn,
    void *payload)
{
	L->on_example = fn;
	L->example_payload = payload;
}

/* the documents of one rules file: each a rule */
static void
add_rules(struct rules_compiler *L, const struct ydocs *docs)
{
	for (size_t j = 0; j < docs->ndocs; j++) {
		const struct ynode *doc = docs->docs[j];
		size_t before;

		/* an empty document (a trailing ---) is no rule */
		if (doc == NULL || (doc->kind == YNODE_SCALAR &&
		    doc->style == YSTYLE_PLAIN && doc->len == 0))
			continue;
		before = L->rs->n;
		load_rule(L, doc);
		if (L->rs->n == before)
			keep_placeholder(L, doc);
	}
}

size_t
rules_add_buf(struct rules_compiler *L, enum rules_part part,
    const char *name, const char *data, size_t len)
{
	struct ydocs docs;
	size_t errs = L->d->errors;
	int parsed;

	parsed = ytree_parse(&docs, name, data, len, L->d) == 0;
	switch (part) {
	case RULES_PART_RULES:
		/* what parsed of a broken file still counts */
		add_rules(L, &docs);
		break;
	case RULES_PART_ALIASES:
		if (parsed)
			load_aliases(L, &docs);
		break;
	case RULES_PART_COMPETITORS:
		if (parsed)
			(void)compdir_load(&L->rs->competitors, &docs, L->d);
		break;
	case RULES_PART_SILENCES:
		if (parsed)
			load_silences(L, &docs);
		break;
	}
	ydocs_release(&docs);
	return L->d->errors - errs;
}

int
rules_compile(struct ruleset **out, struct rules_compiler *L)
{
	*out = NULL;
	if (L->d->errors != L->errs)
		return -1;
	if (L->defer)	/* compiled and indexed on first use */
		L->rs->priv->limit_errors = xcalloc(L->rs->n ? L->rs->n : 1,
		    sizeof(*L->rs->priv->limit_errors));
	else
		pfindex_build(L->rs);
	*out = L->rs;
	L->rs = NULL;	/* now owned by the caller */
	return 0;
}

void
rules_compiler_free(struct rules_compiler *L)
{
	if (L == NULL)
		return;
	for (size_t i = 0; i < L->naliases; i++) {
		strv_free(L->aliases[i].alts);
		free(L->aliases[i].name);
	}
	free(L->aliases);
	free(L->alias_names);
	free(L->empty);
	pcre2_compile_context_free(L->cctx);
	rx_release(&L->rx);
	rules_free(L->rs);
	free(L);
}

void
rules_free(struct ruleset *rs)
{
	if (rs == NULL)
		return;
	for (size_t i = 0; i < rs->n; i++)
		rule_release(&rs->rules[i]);
	free(rs->rules);
	for (size_t i = 0; i < rs->nsilences; i++)
		strfields_free(&rs->silences[i], silence_strings,
		    NSTRFIELDS(silence_strings));
	free(rs->silences);
	compdir_free(rs->competitors);
	pfindex_free(rs->priv);
	free(rs);
}

int
rules_competitor_known(const struct ruleset *rs, const char *id)
{
	if (rs == NULL || rs->competitors == NULL)
		return -1;
	return compdir_find(rs->competitors, id) >= 0;
}

const struct rule *
rules_find(const struct ruleset *rs, const char *id)
{
	if (rs == NULL || id == NULL)
		return NULL;
	return find_rule(rs, id);
}
