#include "explain.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "attrib.h"
#include "buf.h"
#include "cond.h"
#include "lang.h"
#include "match.h"
#include "match_int.h"
#include "rules_private.h"
#include "util.h"
#include "xmalloc.h"

/* s[0, len) as a quoted string, at most max bytes of it */
static void
put_quoted(FILE *out, const char *s, size_t len, size_t max)
{
	size_t n = len > max ? utf8_trunc(s, len, max) : len;

	fputc('"', out);
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c == '"' || c == '\\')
			fprintf(out, "\\%c", c);
		else if (c < 0x20 || c == 0x7f)
			fprintf(out, "\\x%02x", c);
		else
			fputc(c, out);
	}
	fputc('"', out);
	if (n < len)
		fputs("…", out);
}

static void
put_list(FILE *out, char *const *list)
{
	fputc('[', out);
	for (size_t i = 0; list[i]; i++)
		fprintf(out, "%s%s", i ? ", " : "", list[i]);
	fputc(']', out);
}

static void
put_key(FILE *out, const struct selkey *k)
{
	int first = 1;

	for (int f = 0; f < FIELD_N; f++)
		if (k->fields & FIELD_BIT(f)) {
			fprintf(out, "%s%s", first ? "" : ",",
			    rules_field_names[f]);
			first = 0;
		}
	if (k->mode == KEY_ALL)
		fputs("|all", out);
	else if (k->mode == KEY_NEAR && k->near)
		fprintf(out, "|near=%u", k->near);
	if (k->sentence)
		fputs("|sentence", out);
}

/* the first pattern of k found in none of its fields, or SIZE_MAX */
static size_t
key_missing(struct evalctx *e, const struct selkey *k)
{
	for (size_t i = 0; i < k->npats; i++) {
		struct selkey one = *k;
		struct selres r;

		one.mode = KEY_ANY;
		one.pats = &k->pats[i];
		one.npats = 1;
		if (match_key(e, &one, &r) == 0)
			return i;
	}
	return SIZE_MAX;
}

static int
explain_sel(size_t i, void *payload)
{
	const struct evalctx *e = payload;

	return e->res[i].st == 1;
}

/* one key of a selection, its value and why, indented */
static void
explain_key(struct evalctx *e, const struct selkey *key, FILE *out)
{
	const struct view *v = e->view;
	struct selres tmp;
	size_t miss;
	int rc;

	e->near_best = SIZE_MAX;
	rc = match_key(e, key, &tmp);
	fputs("    ", out);
	put_key(out, key);
	if (rc > 0) {
		fputs(": true (", out);
		put_quoted(out, v->v[tmp.subj].s + tmp.off, tmp.len, 120);
		fputs(")", out);
		if (key->mode == KEY_NEAR && key->near &&
		    e->near_best != SIZE_MAX)
			fprintf(out, " (%zu words apart, near=%u)",
			    e->near_best, key->near);
		fputc('\n', out);
		return;
	}
	fputs(": false", out);
	miss = key->mode == KEY_ANY ? SIZE_MAX : key_missing(e, key);
	if (miss != SIZE_MAX) {
		fputs(" (", out);
		put_quoted(out, key->pats[miss].src,
		    strlen(key->pats[miss].src), 80);
		fputs(" not found)", out);
	} else if (key->mode == KEY_NEAR && key->sentence &&
	    e->near_best == SIZE_MAX) {
		fputs(" (never all in one sentence)", out);
	} else if (key->mode == KEY_NEAR) {
		if (e->near_best != SIZE_MAX)
			fprintf(out, " (closest: %zu words apart, near=%u)",
			    e->near_best, key->near);
		else
			fprintf(out, " (never all in one %s, near=%u)",
			    key->fields == FIELD_BIT(FIELD_CATEGORIES) ?
			    "category" : "field", key->near);
	}
	fputc('\n', out);
}

/* evaluate every key of selection i (so each can be shown) into e->res */
static int
eval_selection(struct evalctx *e, size_t i)
{
	const struct selection *s = &e->rule->det->sels[i];
	int val = 1;

	for (size_t k = 0; k < s->nkeys; k++) {
		struct selres tmp, *dst = k == 0 ? &e->res[i] : &tmp;

		if (match_key(e, &s->keys[k], dst) <= 0)
			val = 0;
	}
	e->res[i].st = (signed char)val;
	return val;
}

/* selection i: its value, then (several keys, or |all, |near) each key */
static void
explain_selection(struct evalctx *e, size_t i, FILE *out)
{
	const struct selection *s = &e->rule->det->sels[i];
	const struct selres *r = &e->res[i];
	int detail = s->nkeys > 1;

	for (size_t k = 0; k < s->nkeys; k++)
		if (s->keys[k].mode != KEY_ANY)
			detail = 1;
	fprintf(out, "  selection %s: ", s->name);
	if (eval_selection(e, i)) {
		const struct subj *sj = &e->view->v[r->subj];

		fprintf(out, "true (%s: ", rules_field_names[r->field]);
		put_quoted(out, sj->s + r->off, r->len, 120);
		fputs(")\n", out);
	} else
		fputs("false\n", out);
	for (size_t k = 0; detail && k < s->nkeys; k++)
		explain_key(e, &s->keys[k], out);
}

static void
explain_rule(struct matcher *m, const struct rule *r, const struct item *it,
    const char *source_id, FILE *out)
{
	const struct detection *det = r->det;
	const char **names;
	struct buf cb = BUF_INIT;
	struct selres *res;
	struct evalctx e;
	int holds;

	fprintf(out, "rule %s: no match\n", r->id);
	if (det == NULL || det->nsels == 0) {
		fputs("  (no detection)\n", out);
		return;
	}
	res = xcalloc(det->nsels, sizeof(*res));
	names = xcalloc(det->nsels, sizeof(*names));
	match_evalctx(&e, m, r, it, res, source_id);
	for (size_t i = 0; i < det->nsels; i++) {
		names[i] = det->sels[i].name;
		explain_selection(&e, i, out);
	}
	holds = cond_eval(det->cond, explain_sel, &e);
	cond_format(det->cond, names, &cb);
	fprintf(out, "  condition: %s = %s\n", cb.data ? cb.data : "",
	    holds ? "true" : "false");
	if (e.limited)
		fputs("  (a pattern hit its regex limit: counted as no "
		    "match)\n", out);
	buf_release(&cb);
	free(names);
	free(res);
}

/*
 * Why rule r is out of scope for ctx, printed as one line; 0 when it is
 * in scope.
 */
static int
explain_scope(const struct rule *r, const struct match_ctx *ctx,
    const char *const *attributed, FILE *out)
{
	if (ctx == NULL)
		return 0;
	if (r->competitors && ctx->competitor == NULL &&
	    !match_in_scope(r, ctx, attributed)) {
		fprintf(out, "rule %s: out of scope: attributed to ", r->id);
		if (attributed && attributed[0])
			put_list(out, (char *const *)attributed);
		else
			fputs("no competitor", out);
		fputs(", not ", out);
		put_list(out, r->competitors);
		fputc('\n', out);
		return 1;
	}
	if (r->competitors && !match_in_list(r->competitors,
	    ctx->competitor)) {
		fprintf(out, "rule %s: out of scope: competitor %s not in ",
		    r->id, ctx->competitor ? ctx->competitor : "(none)");
		put_list(out, r->competitors);
		fputc('\n', out);
		return 1;
	}
	if (match_in_sources(r, ctx))
		return 0;
	fprintf(out, "rule %s: out of scope: source %s", r->id,
	    ctx->source_id ? ctx->source_id : "(none)");
	if (ctx->tags && ctx->tags[0]) {
		fputs(" (tags ", out);
		for (size_t k = 0; ctx->tags[k]; k++)
			fprintf(out, "%s%s", k ? ", " : "", ctx->tags[k]);
		fputc(')', out);
	}
	fputs(" not in ", out);
	put_list(out, r->sources);
	fputc('\n', out);
	return 1;
}

/* rule r hit the item: say so when it is the one asked about, or why
 * the hit does not count (language) */
static void
explain_hit(struct matcher *m, const struct rule *r, const struct item *it,
    const struct match_ctx *ctx, const struct match_hit *hit, int asked,
    FILE *out)
{
	if (!match_lang_ok(m, r, ctx, it)) {
		fprintf(out, "rule %s: matches, but not in the item's "
		    "language (%s): it is for ", r->id, m->il.declared ?
		    m->il.declared : m->il.g.cand[0]);
		put_list(out, (char *const *)match_rule_langs(r, ctx));
		fputc('\n', out);
		return;
	}
	if (!asked)
		return;
	fprintf(out, "rule %s: matches (selection %s, %s: ", r->id,
	    hit->selection[0] ? hit->selection : "-", hit->field);
	put_quoted(out, hit->match, hit->matchlen, 120);
	fputs(")\n", out);
}

void
explain_rules(const struct ruleset *rs, const struct item *it,
    const struct match_ctx *ctx, const char *rule_id, FILE *out)
{
	struct match_hit hit;
	struct matcher *m;
	const char *const *attributed;
	int seen = 0;

	if (rs == NULL || it == NULL)
		return;
	m = matcher_new();
	match_view(m, it);
	attributed = match_attribute(m, rs, it, ctx);
	for (size_t i = 0; i < rs->n; i++) {
		const struct rule *r = &rs->rules[i];
		const char *sid = ctx ? ctx->source_id : NULL;

		if (rule_id && strcmp(r->id, rule_id) != 0)
			continue;
		seen = 1;
		if (explain_scope(r, ctx, attributed, out))
			continue;
		if (match_eval(m, r, it, sid, NULL, &hit, NULL))
			explain_hit(m, r, it, ctx, &hit, rule_id != NULL,
			    out);
		else
			explain_rule(m, r, it, sid, out);
	}
	if (rule_id && !seen)
		fprintf(out, "no rule %s\n", rule_id);
	matcher_free(m);
}

/* why a rule is out of scope for ctx, in a few words; NULL when in scope */
static void
scope_reason(const struct rule *r, const struct match_ctx *ctx,
    struct buf *b)
{
	if (ctx && r->competitors &&
	    !match_in_list(r->competitors, ctx->competitor)) {
		buf_addf(b, "no: competitor %s", ctx->competitor ?
		    ctx->competitor : "(none)");
		return;
	}
	if (ctx && !match_in_sources(r, ctx))
		buf_addf(b, "no: source %s", ctx->source_id ?
		    ctx->source_id : "(none)");
}

/* one rule's line of the brief table: in scope, selections, condition */
static void
brief_rule(struct matcher *m, const struct rule *r, const struct item *it,
    const struct match_ctx *ctx, FILE *out)
{
	const struct detection *det = r->det;
	struct buf scope = BUF_INIT, sels = BUF_INIT;
	struct selres *res;
	struct evalctx e;
	int holds;

	scope_reason(r, ctx, &scope);
	if (scope.len || det == NULL || det->nsels == 0) {
		fprintf(out, "  %-30s %-22s %-30s %s\n", r->id,
		    scope.len ? scope.data : "yes", "-", "-");
		buf_release(&scope);
		return;
	}
	res = xcalloc(det->nsels, sizeof(*res));
	match_evalctx(&e, m, r, it, res, ctx ? ctx->source_id : NULL);
	/* every selection, as in explain_rules(): no prefilter */
	for (size_t k = 0; k < det->nsels; k++) {
		const struct selection *sel = &det->sels[k];
		int val = 1;

		for (size_t q = 0; q < sel->nkeys && val; q++) {
			struct selres tmp;

			if (match_key(&e, &sel->keys[q], q == 0 ? &res[k] :
			    &tmp) <= 0)
				val = 0;
		}
		res[k].st = (signed char)val;
		if (val)
			buf_addf(&sels, "%s%s", sels.len ? ", " : "",
			    sel->name);
	}
	holds = cond_eval(det->cond, explain_sel, &e);
	fprintf(out, "  %-30s %-22s %-30s %s%s\n", r->id, "yes",
	    sels.len ? sels.data : "none", holds ? "true" : "false",
	    e.limited ? " (a pattern hit its limit)" : "");
	buf_release(&sels);
	buf_release(&scope);
	free(res);
}

void
explain_brief(const struct ruleset *rs, const struct item *it,
    const struct match_ctx *ctx, FILE *out)
{
	struct matcher *m;

	if (rs == NULL || it == NULL)
		return;
	m = matcher_new();
	match_view(m, it);
	fprintf(out, "  %-30s %-22s %-30s %s\n", "RULE", "IN SCOPE",
	    "SELECTIONS MATCHED", "CONDITION");
	for (size_t i = 0; i < rs->n; i++)
		brief_rule(m, &rs->rules[i], it, ctx, out);
	matcher_free(m);
}

/* one mention of the attribution, as "zscaler: "Zscaler" (title): why" */
static void
put_mention(FILE *out, const struct ruleset *rs, const struct item *it,
    const struct attrib_mention *m)
{
	const char *s = m->seg == ATTRIB_TITLE ? it->title : it->text;

	fprintf(out, "    %s: ", compdir_id(rs->competitors, m->comp));
	put_quoted(out, s + m->off, m->len, 80);
	fprintf(out, " in the %s: %s %s", m->seg == ATTRIB_TITLE ? "title" :
	    "lead", m->actor ? "actor," : "not the actor,", m->why);
	if (m->cue_len) {
		fputc(' ', out);
		put_quoted(out, s + m->cue_off, m->cue_len, 60);
	}
	fputc('\n', out);
}

static void
explain_attribution(struct matcher *m, const struct ruleset *rs,
    const struct item *it, const struct match_ctx *ctx, FILE *out)
{
	const char *const *ids;

	if (rs->competitors == NULL) {
		fputs("  attribution: none (no competitors.yaml)\n", out);
		return;
	}
	ids = match_attribute(m, rs, it, ctx);
	fputs("  attribution: ", out);
	if (ids && ids[0])
		put_list(out, (char *const *)ids);
	else
		fputs("none", out);
	fprintf(out, " (source %s has no competitor; title and lead, %zu "
	    "bytes of text)\n", ctx->source_id ? ctx->source_id : "-",
	    m->attr.lead_len);
	for (size_t i = 0; i < m->attr.nm; i++)
		put_mention(out, rs, it, &m->attr.m[i]);
}

/* "language: de (declared); rules for [en] skip it" */
static void
explain_language(struct matcher *m, const struct item *it,
    const struct match_ctx *ctx, FILE *out)
{
	const char *const *allow = ctx->languages;
	int ok;

	m->il.decided = 0;
	match_lang_decide(m, it);
	fputs("  language: ", out);
	if (m->il.declared) {
		fprintf(out, "%s (%s)", m->il.declared, it->lang_detected ?
		    "detected when it was first matched" : "declared");
		ok = match_in_langs(allow, m->il.declared);
	} else if (m->il.g.n) {
		fprintf(out, "%s (detected in %zu letters; candidates",
		    m->il.g.cand[0], m->il.g.letters);
		for (size_t i = 0; i < m->il.g.n; i++)
			fprintf(out, " %s", m->il.g.cand[i]);
		fputc(')', out);
		ok = 0;
		for (size_t i = 0; i < m->il.g.n; i++)
			ok |= match_in_langs(allow, m->il.g.cand[i]);
	} else {
		fprintf(out, "unknown (%s: %zu letters and %zu words, "
		    "detection needs %d and %d); counted as written in ",
		    m->il.g.why, m->il.g.letters, m->il.g.words, LANG_MIN_LETTERS,
		    LANG_MIN_WORDS);
		put_list(out, (char *const *)allow);
		fputc('\n', out);
		return;
	}
	if (ok) {
		fputs(", one of ", out);
		put_list(out, (char *const *)allow);
	} else {
		fputs(", not one of ", out);
		put_list(out, (char *const *)allow);
		fputs(": only rules with languages: any or naming it are "
		    "matched", out);
	}
	fputc('\n', out);
}

void
explain_context(const struct ruleset *rs, const struct item *it,
    const struct match_ctx *ctx, FILE *out)
{
	struct matcher *m;

	if (rs == NULL || it == NULL || ctx == NULL)
		return;
	m = matcher_new();
	if (ctx->competitor == NULL)
		explain_attribution(m, rs, it, ctx, out);
	if (ctx->languages)
		explain_language(m, it, ctx, out);
	matcher_free(m);
}
