#include "cond.h"

#include <ctype.h>
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "diag.h"
#include "xmalloc.h"

/* deeper nesting than this is not a condition anyone writes */
#define COND_MAX_DEPTH 100

enum cop { C_SEL, C_NOT, C_AND, C_OR, C_OF };

struct cond {
	enum cop	 op;
	struct cond	*a, *b;		/* NOT: a; AND/OR: a, b */
	size_t		 sel;		/* SEL */
	size_t		*set;		/* OF: selection indices */
	size_t		 nset;
	size_t		 need;		/* OF: how many must hold */
};

enum tok {
	T_END, T_LPAREN, T_RPAREN, T_NAME, T_PREFIX, T_NUMBER,
	T_AND, T_OR, T_NOT, T_OF, T_ALL, T_THEM, T_BAD
};

struct parser {
	const char		 *src;
	size_t			  pos;		/* scanner position */
	enum tok		  tok;		/* current token */
	size_t			  toff, tlen;	/* its place in src */
	const char *const	 *names;
	size_t			  nnames;
	cond_report_fn		  report;
	void			 *payload;
	int			  errors;
	int			  syntax;	/* a syntax error: stop */
};

static int
namechar(int c)
{
	return isalnum(c) || c == '_' || c == '.' || c == '-';
}

static void
perr(struct parser *p, size_t off, const char *fmt, const char *arg,
    size_t arglen)
{
	struct buf b = BUF_INIT;
	const char *pct = strstr(fmt, "%s");

	/* a minimal "%s" substitution keeps -Wformat=2 happy without
	 * making fmt a non-literal printf format */
	if (pct && arg) {
		buf_add(&b, fmt, (size_t)(pct - fmt));
		buf_add(&b, arg, arglen);
		buf_addstr(&b, pct + 2);
	} else
		buf_addstr(&b, fmt);
	p->report(off, b.data, p->payload);
	buf_release(&b);
	p->errors++;
}

/* the current name is no selection of the rule: say which one it may
 * have meant, as for unknown keys */
static void
undefined(struct parser *p)
{
	const char **cands = xcalloc(p->nnames + 1, sizeof(*cands));
	char *name = xstrndup(p->src + p->toff, p->tlen);
	struct buf b = BUF_INIT;
	const char *hint;

	for (size_t i = 0; i < p->nnames; i++)
		cands[i] = p->names[i];
	hint = diag_suggest(name, cands);
	buf_addf(&b, "undefined selection '%s'", name);
	if (hint)
		buf_addf(&b, "; did you mean '%s'?", hint);
	p->report(p->toff, b.data, p->payload);
	p->errors++;
	buf_release(&b);
	free(name);
	free(cands);
}

static void
next(struct parser *p)
{
	const char *s = p->src;
	size_t i = p->pos, start;

	while (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r')
		i++;
	p->toff = start = i;
	if (s[i] == '\0') {
		p->tok = T_END;
		p->tlen = 0;
		p->pos = i;
		return;
	}
	if (s[i] == '(' || s[i] == ')') {
		p->tok = s[i] == '(' ? T_LPAREN : T_RPAREN;
		p->tlen = 1;
		p->pos = i + 1;
		return;
	}
	if (!namechar((unsigned char)s[i]) && s[i] != '*') {
		/* one whole UTF-8 character, for the message */
		size_t l = 1;

		while (((unsigned char)s[i + l] & 0xc0) == 0x80)
			l++;
		p->tok = T_BAD;
		p->tlen = l;
		p->pos = i + l;
		return;
	}
	while (namechar((unsigned char)s[i]))
		i++;
	if (s[i] == '*') {
		i++;
		p->tok = T_PREFIX;
	} else
		p->tok = T_NAME;
	p->tlen = i - start;
	p->pos = i;
	if (p->tok == T_PREFIX)
		return;
	if (p->tlen == 3 && memcmp(s + start, "and", 3) == 0)
		p->tok = T_AND;
	else if (p->tlen == 2 && memcmp(s + start, "or", 2) == 0)
		p->tok = T_OR;
	else if (p->tlen == 3 && memcmp(s + start, "not", 3) == 0)
		p->tok = T_NOT;
	else if (p->tlen == 2 && memcmp(s + start, "of", 2) == 0)
		p->tok = T_OF;
	else if (p->tlen == 3 && memcmp(s + start, "all", 3) == 0)
		p->tok = T_ALL;
	else if (p->tlen == 4 && memcmp(s + start, "them", 4) == 0)
		p->tok = T_THEM;
	else {
		size_t k;

		for (k = 0; k < p->tlen; k++)
			if (!isdigit((unsigned char)s[start + k]))
				break;
		if (k == p->tlen)
			p->tok = T_NUMBER;
	}
}

static void
unexpected(struct parser *p, const char *what)
{
	struct buf b = BUF_INIT;

	if (p->tok == T_END)
		buf_addf(&b, "%s, found end of condition", what);
	else
		buf_addf(&b, "%s, found '%.*s'", what, (int)p->tlen,
		    p->src + p->toff);
	p->report(p->toff, b.data, p->payload);
	buf_release(&b);
	p->errors++;
	p->syntax = 1;
}

static struct cond *
node(enum cop op, struct cond *a, struct cond *b)
{
	struct cond *c = xcalloc(1, sizeof(*c));

	c->op = op;
	c->a = a;
	c->b = b;
	return c;
}

static struct cond *parse_or(struct parser *, int depth);

static struct cond *
parse_quant(struct parser *p)
{
	struct cond *c = NULL;
	size_t qoff = p->toff, need = 0, poff;
	int all = p->tok == T_ALL;

	if (!all) {
		unsigned long long v;
		char *end;

		errno = 0;
		v = strtoull(p->src + p->toff, &end, 10);
		if (errno || v > 100000)
			v = 100000;
		need = (size_t)v;
		if (need == 0) {
			perr(p, qoff, "'0 of' can never select anything; use "
			    "1 or more", NULL, 0);
		}
	}
	next(p);
	if (p->tok != T_OF) {
		unexpected(p, all ? "expected 'of' after 'all'" :
		    "expected 'of' after a number");
		return NULL;
	}
	next(p);
	poff = p->toff;
	c = node(C_OF, NULL, NULL);
	c->set = xcalloc(p->nnames ? p->nnames : 1, sizeof(*c->set));
	if (p->tok == T_THEM) {
		for (size_t i = 0; i < p->nnames; i++)
			c->set[c->nset++] = i;
	} else if (p->tok == T_PREFIX) {
		size_t plen = p->tlen - 1;

		for (size_t i = 0; i < p->nnames; i++)
			if (strncmp(p->names[i], p->src + p->toff, plen) == 0)
				c->set[c->nset++] = i;
		if (c->nset == 0)
			perr(p, poff, "'%s' matches no selection",
			    p->src + p->toff, p->tlen);
	} else {
		unexpected(p, "expected 'them' or a PREFIX* after 'of'");
		cond_free(c);
		return NULL;
	}
	c->need = all ? c->nset : need;
	if (!all && need > c->nset && c->nset > 0) {
		struct buf b = BUF_INIT;

		buf_addf(&b, "'%.*s' can never hold: only %zu "
		    "selection%s", (int)(poff + p->tlen - qoff), p->src + qoff,
		    c->nset,
		    c->nset == 1 ? " matches" : "s match");
		p->report(qoff, b.data, p->payload);
		p->errors++;
		buf_release(&b);
	}
	next(p);
	return c;
}

static struct cond *
parse_primary(struct parser *p, int depth)
{
	struct cond *c;

	switch (p->tok) {
	case T_LPAREN: {
		size_t open = p->toff;

		next(p);
		c = parse_or(p, depth + 1);
		if (c == NULL)
			return NULL;
		if (p->tok != T_RPAREN) {
			if (p->tok == T_END) {
				perr(p, open, "unclosed '('", NULL, 0);
				p->syntax = 1;
			} else
				unexpected(p, "expected 'and', 'or' or ')'");
			cond_free(c);
			return NULL;
		}
		next(p);
		return c;
	}
	case T_NAME: {
		size_t i;

		for (i = 0; i < p->nnames; i++)
			if (strlen(p->names[i]) == p->tlen &&
			    memcmp(p->names[i], p->src + p->toff, p->tlen) == 0)
				break;
		if (i == p->nnames)
			undefined(p);
		c = node(C_SEL, NULL, NULL);
		c->sel = i < p->nnames ? i : 0;
		next(p);
		return c;
	}
	case T_NUMBER:
	case T_ALL:
		return parse_quant(p);
	case T_PREFIX:
		perr(p, p->toff, "'%s' needs a quantifier: 1 of, all of or N of",
		    p->src + p->toff, p->tlen);
		p->syntax = 1;
		return NULL;
	default:
		unexpected(p, "expected a selection name, 'not', '(' or "
		    "'N of'");
		return NULL;
	}
}

static struct cond *
parse_not(struct parser *p, int depth)
{
	struct cond *c;

	if (depth > COND_MAX_DEPTH) {
		perr(p, p->toff, "condition nested too deeply", NULL, 0);
		p->syntax = 1;
		return NULL;
	}
	if (p->tok != T_NOT)
		return parse_primary(p, depth);
	next(p);
	c = parse_not(p, depth + 1);
	return c ? node(C_NOT, c, NULL) : NULL;
}

typedef struct cond *parse_fn(struct parser *, int depth);

/* operand (tok operand)*: left-associative op nodes */
static struct cond *
parse_chain(struct parser *p, int depth, enum tok tok, enum cop op,
    parse_fn *operand)
{
	struct cond *c, *r;

	c = operand(p, depth);
	while (c && p->tok == tok) {
		next(p);
		r = operand(p, depth);
		if (r == NULL) {
			cond_free(c);
			return NULL;
		}
		c = node(op, c, r);
	}
	return c;
}

static struct cond *
parse_and(struct parser *p, int depth)
{
	return parse_chain(p, depth, T_AND, C_AND, parse_not);
}

static struct cond *
parse_or(struct parser *p, int depth)
{
	if (depth > COND_MAX_DEPTH) {
		perr(p, p->toff, "condition nested too deeply", NULL, 0);
		p->syntax = 1;
		return NULL;
	}
	return parse_chain(p, depth, T_OR, C_OR, parse_and);
}

int
cond_parse(struct cond **out, const char *src, const char *const *names,
    size_t nnames, cond_report_fn report, void *payload)
{
	struct parser p;
	struct cond *c;

	*out = NULL;
	memset(&p, 0, sizeof(p));
	p.src = src;
	p.names = names;
	p.nnames = nnames;
	p.report = report;
	p.payload = payload;
	next(&p);
	if (p.tok == T_END) {
		perr(&p, 0, "empty condition", NULL, 0);
		return -1;
	}
	c = parse_or(&p, 0);
	if (c && p.tok != T_END) {
		if (p.tok == T_RPAREN)
			perr(&p, p.toff, "unbalanced ')'", NULL, 0);
		else
			unexpected(&p, "expected 'and' or 'or'");
	}
	if (c == NULL || p.errors) {
		cond_free(c);
		return -1;
	}
	*out = c;
	return 0;
}

struct cond *
cond_any(size_t nnames)
{
	struct cond *c = node(C_OF, NULL, NULL);

	c->set = xcalloc(nnames ? nnames : 1, sizeof(*c->set));
	for (size_t i = 0; i < nnames; i++)
		c->set[c->nset++] = i;
	c->need = 1;
	return c;
}

int
cond_eval(const struct cond *c, cond_sel_fn sel, void *payload)
{
	size_t yes, i;

	switch (c->op) {
	case C_SEL:
		return sel(c->sel, payload) != 0;
	case C_NOT:
		return !cond_eval(c->a, sel, payload);
	case C_AND:
		return cond_eval(c->a, sel, payload) &&
		    cond_eval(c->b, sel, payload);
	case C_OR:
		return cond_eval(c->a, sel, payload) ||
		    cond_eval(c->b, sel, payload);
	case C_OF:
		if (c->need == 0)
			return 1;
		for (i = 0, yes = 0; i < c->nset; i++) {
			/* stop once the outcome is settled */
			if (c->nset - i < c->need - yes)
				return 0;
			if (sel(c->set[i], payload) && ++yes >= c->need)
				return 1;
		}
		return 0;
	}
	return 0;
}

static void
refs(const struct cond *c, unsigned char *used, unsigned char *pos, int neg)
{
	switch (c->op) {
	case C_SEL:
		if (used)
			used[c->sel] = 1;
		if (pos && !neg)
			pos[c->sel] = 1;
		break;
	case C_NOT:
		refs(c->a, used, pos, !neg);
		break;
	case C_AND:
	case C_OR:
		refs(c->a, used, pos, neg);
		refs(c->b, used, pos, neg);
		break;
	case C_OF:
		for (size_t i = 0; i < c->nset; i++) {
			if (used)
				used[c->set[i]] = 1;
			if (pos && !neg)
				pos[c->set[i]] = 1;
		}
		break;
	}
}

void
cond_refs(const struct cond *c, unsigned char *used, unsigned char *positive)
{
	refs(c, used, positive, 0);
}

/* binding strength: or < and < not < a name or "N of (...)" */
static int
prec(const struct cond *c)
{
	switch (c->op) {
	case C_OR:
		return 1;
	case C_AND:
		return 2;
	case C_NOT:
		return 3;
	default:
		return 4;
	}
}

/* c inside an operator binding with strength outer: parenthesised only
 * when c binds less tightly (and/or are associative, so "a and b and c"
 * needs none whichever way it was grouped) */
static void
format_in(const struct cond *c, const char *const *names, struct buf *b,
    int outer)
{
	int paren = prec(c) < outer;

	if (paren)
		buf_addch(b, '(');
	switch (c->op) {
	case C_SEL:
		buf_addstr(b, names[c->sel]);
		break;
	case C_NOT:
		buf_addstr(b, "not ");
		format_in(c->a, names, b, 3);
		break;
	case C_AND:
	case C_OR:
		format_in(c->a, names, b, prec(c));
		buf_addstr(b, c->op == C_AND ? " and " : " or ");
		format_in(c->b, names, b, prec(c));
		break;
	case C_OF:
		buf_addf(b, "%zu of (", c->need);
		for (size_t i = 0; i < c->nset; i++)
			buf_addf(b, "%s%s", i ? ", " : "", names[c->set[i]]);
		buf_addch(b, ')');
		break;
	}
	if (paren)
		buf_addch(b, ')');
}

void
cond_format(const struct cond *c, const char *const *names, struct buf *b)
{
	format_in(c, names, b, 0);
}

void
cond_free(struct cond *c)
{
	if (c == NULL)
		return;
	cond_free(c->a);
	cond_free(c->b);
	free(c->set);
	free(c);
}
