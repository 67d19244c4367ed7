#include "prefilter.h"

#include <stdlib.h>
#include <string.h>

#include "xmalloc.h"

/* literals shorter than this rule out too little to be worth a check */
#define LIT_MIN		3
/* a literal is cut here (a prefix of a required literal is required) */
#define LIT_MAX		32
/* strings an exact set may hold before it becomes a requirement */
#define EXACT_MAX	16
/* widest OR kept (wider: no requirement) */
#define OR_MAX		64
#define DEPTH_MAX	200
/* automaton size limit: states x classes */
#define DELTA_MAX	(1u << 24)

enum { PF_LIT, PF_AND, PF_OR };

struct pf_req {
	int		  op;
	char		 *lit;		/* PF_LIT: lowercase ASCII */
	uint32_t	  id;
	struct pf_req	**kid;		/* PF_AND, PF_OR */
	size_t		  nkid;
};

/* ---- requirement trees ---- */

void
pf_req_free(struct pf_req *r)
{
	if (r == NULL)
		return;
	for (size_t i = 0; i < r->nkid; i++)
		pf_req_free(r->kid[i]);
	free(r->kid);
	free(r->lit);
	free(r);
}

static struct pf_req *
req_lit(const char *s)
{
	struct pf_req *r = xcalloc(1, sizeof(*r));

	r->op = PF_LIT;
	r->lit = xstrdup(s);
	return r;
}

static void
req_push(struct pf_req *r, struct pf_req *k)
{
	r->kid = xreallocarray(r->kid, r->nkid + 1, sizeof(*r->kid));
	r->kid[r->nkid++] = k;
}

static int
req_equal(const struct pf_req *a, const struct pf_req *b)
{
	if (a->op != b->op || a->nkid != b->nkid)
		return 0;
	if (a->op == PF_LIT)
		return strcmp(a->lit, b->lit) == 0;
	for (size_t i = 0; i < a->nkid; i++)
		if (!req_equal(a->kid[i], b->kid[i]))
			return 0;
	return 1;
}

/* add k to the children of r (same op as r's are spliced in), deduped */
static void
req_join(struct pf_req *r, struct pf_req *k)
{
	if (k->op == r->op) {
		for (size_t i = 0; i < k->nkid; i++)
			req_join(r, k->kid[i]);
		k->nkid = 0;
		pf_req_free(k);
		return;
	}
	for (size_t i = 0; i < r->nkid; i++)
		if (req_equal(r->kid[i], k)) {
			pf_req_free(k);
			return;
		}
	req_push(r, k);
}

/* a node op over a and b, each spliced in when of the same op */
static struct pf_req *
req_pair(int op, struct pf_req *a, struct pf_req *b)
{
	struct pf_req *r = xcalloc(1, sizeof(*r));

	r->op = op;
	req_join(r, a);
	req_join(r, b);
	return r;
}

/* a node left with one child (a and b were equal) is that child */
static struct pf_req *
req_single(struct pf_req *r)
{
	struct pf_req *k;

	if (r->nkid != 1)
		return r;
	k = r->kid[0];
	r->nkid = 0;
	pf_req_free(r);
	return k;
}

/* a AND b; NULL (no requirement) is the identity */
static struct pf_req *
req_and(struct pf_req *a, struct pf_req *b)
{
	if (a == NULL)
		return b;
	if (b == NULL)
		return a;
	return req_single(req_pair(PF_AND, a, b));
}

/* a OR b; NULL (no requirement) absorbs */
static struct pf_req *
req_or(struct pf_req *a, struct pf_req *b)
{
	struct pf_req *r;

	if (a == NULL || b == NULL) {
		pf_req_free(a);
		pf_req_free(b);
		return NULL;
	}
	r = req_pair(PF_OR, a, b);
	if (r->nkid > OR_MAX) {
		pf_req_free(r);
		return NULL;
	}
	return req_single(r);
}

static void
format(const struct pf_req *r, struct buf *b)
{
	if (r->op == PF_LIT) {
		buf_addch(b, '"');
		for (const char *p = r->lit; *p; p++) {
			if (*p == '"' || *p == '\\')
				buf_addch(b, '\\');
			if ((unsigned char)*p < 0x20)
				buf_addf(b, "\\x%02x", (unsigned char)*p);
			else
				buf_addch(b, *p);
		}
		buf_addch(b, '"');
		return;
	}
	buf_addch(b, '(');
	for (size_t i = 0; i < r->nkid; i++) {
		if (i)
			buf_addstr(b, r->op == PF_AND ? " & " : " | ");
		format(r->kid[i], b);
	}
	buf_addch(b, ')');
}

void
pf_req_format(const struct pf_req *r, struct buf *b)
{
	if (r == NULL)
		buf_addch(b, '*');
	else
		format(r, b);
}

/* ---- pattern analysis ---- */

/*
 * What a piece of a pattern needs. exact: the piece matches exactly one
 * of the strings in set (lowercased); otherwise m is what any match of it
 * contains (NULL: nothing known).
 */
struct info {
	int		  exact;
	char		**set;
	size_t		  n;
	struct pf_req	 *m;
	/* !exact: every match begins with one of pre (when npre > 0) */
	char		**pre;
	size_t		  npre;
};

struct parser {
	const char	*p;
	size_t		 len, i;
	int		 bail;		/* unsupported: no requirement at all */
	int		 quote;		/* inside \Q...\E */
	int		 depth;
};

static void
strs_free(char **v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

static void
info_clear(struct info *in)
{
	strs_free(in->set, in->n);
	strs_free(in->pre, in->npre);
	pf_req_free(in->m);
	memset(in, 0, sizeof(*in));
}

/*
 * What every match of in begins with, as a new array (*n == 0: nothing
 * known). An exact set that holds "" says nothing.
 */
static char **
prefix_of(const struct info *in, size_t *n)
{
	char *const *src = in->exact ? in->set : in->pre;
	size_t ns = in->exact ? in->n : in->npre;
	char **v;

	*n = 0;
	if (ns == 0)
		return NULL;
	for (size_t i = 0; i < ns; i++)
		if (src[i][0] == '\0')
			return NULL;
	v = xreallocarray(NULL, ns, sizeof(*v));
	for (size_t i = 0; i < ns; i++)
		v[i] = xstrdup(src[i]);
	*n = ns;
	return v;
}

static void
set_add(struct info *in, const char *s, size_t len)
{
	for (size_t i = 0; i < in->n; i++)
		if (strlen(in->set[i]) == len && memcmp(in->set[i], s, len) ==
		    0)
			return;
	in->set = xreallocarray(in->set, in->n + 1, sizeof(*in->set));
	in->set[in->n++] = xstrndup(s, len);
}

static struct info
info_any(void)
{
	struct info in;

	memset(&in, 0, sizeof(in));
	return in;
}

static struct info
info_str(const char *s, size_t len)
{
	struct info in;

	memset(&in, 0, sizeof(in));
	in.exact = 1;
	set_add(&in, s, len);
	return in;
}

static struct info
info_empty(void)
{
	return info_str("", 0);
}

static struct info
info_char(int c)
{
	char ch;

	if (c >= 'A' && c <= 'Z')
		c = c - 'A' + 'a';
	ch = (char)c;
	return info_str(&ch, 1);
}

/* does s contain t? */
static int
contains(const char *s, const char *t)
{
	return strstr(s, t) != NULL;
}

/* the requirement of an info, consuming it */
static struct pf_req *
to_req(struct info *in)
{
	struct pf_req *r = NULL;

	if (!in->exact) {
		r = in->m;
		in->m = NULL;
		info_clear(in);
		return r;
	}
	for (size_t i = 0; i < in->n; i++)
		if (strlen(in->set[i]) < LIT_MIN)
			goto out;
	/* "mesh" | "meshes" is "mesh": drop strings that contain another */
	for (size_t i = 0; i < in->n; i++) {
		int redundant = 0;

		for (size_t j = 0; j < in->n && !redundant; j++)
			redundant = j != i && contains(in->set[i], in->set[j]) &&
			    (strcmp(in->set[i], in->set[j]) != 0 || j < i);
		if (redundant)
			continue;
		if (r == NULL)
			r = req_lit(in->set[i]);
		else {
			r = req_or(r, req_lit(in->set[i]));
			if (r == NULL)
				break;
		}
	}
out:
	info_clear(in);
	return r;
}

/* the concatenation of exact sets a and b into a, if it stays small */
static int
cross(struct info *a, const struct info *b)
{
	struct info c;

	if (a->n * b->n > EXACT_MAX)
		return 0;
	for (size_t i = 0; i < a->n; i++)
		for (size_t j = 0; j < b->n; j++)
			if (strlen(a->set[i]) + strlen(b->set[j]) > LIT_MAX)
				return 0;
	memset(&c, 0, sizeof(c));
	c.exact = 1;
	for (size_t i = 0; i < a->n; i++)
		for (size_t j = 0; j < b->n; j++) {
			size_t la = strlen(a->set[i]), lb = strlen(b->set[j]);
			char buf[2 * LIT_MAX + 1];

			memcpy(buf, a->set[i], la);
			memcpy(buf + la, b->set[j], lb);
			set_add(&c, buf, la + lb);
		}
	info_clear(a);
	*a = c;
	return 1;
}

static int
is_digit(int c)
{
	return c >= '0' && c <= '9';
}

static int
is_alnum(int c)
{
	return is_digit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static int
hexval(int c)
{
	if (is_digit(c))
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

static int
peek(const struct parser *P, size_t k)
{
	return P->i + k < P->len ? (unsigned char)P->p[P->i + k] : -1;
}

/* skip one UTF-8 character at P->i */
static void
skip_char(struct parser *P)
{
	P->i++;
	while (P->i < P->len && ((unsigned char)P->p[P->i] & 0xc0) == 0x80)
		P->i++;
}

/*
 * \x escape at P->i (on the x): the code point, or -1 (and P->bail set)
 * when malformed.
 */
static long
hex_escape(struct parser *P)
{
	long v = 0;
	int h;

	P->i++;
	if (peek(P, 0) == '{') {
		size_t nd = 0;

		P->i++;
		while ((h = hexval(peek(P, 0))) >= 0 && nd < 8) {
			v = v * 16 + h;
			P->i++;
			nd++;
		}
		if (peek(P, 0) != '}' || nd == 0) {
			P->bail = 1;
			return -1;
		}
		P->i++;
		return v;
	}
	for (int k = 0; k < 2 && (h = hexval(peek(P, 0))) >= 0; k++) {
		v = v * 16 + h;
		P->i++;
	}
	return v;
}

/*
 * An escape at P->i (on the backslash) that stands for one character:
 * returns it, -2 for "some character we do not track" (\d, \p{..}...),
 * or -1 with P->bail set.
 */
static long
escape_char(struct parser *P, int in_class)
{
	int c = peek(P, 1);

	if (c < 0) {
		P->bail = 1;
		return -1;
	}
	if (c >= 0x80) {
		P->i++;
		skip_char(P);
		return -2;
	}
	if (!is_alnum(c)) {
		P->i += 2;
		return c;
	}
	switch (c) {
	case 't': P->i += 2; return '\t';
	case 'n': P->i += 2; return '\n';
	case 'r': P->i += 2; return '\r';
	case 'f': P->i += 2; return '\f';
	case 'e': P->i += 2; return 0x1b;
	case 'a': P->i += 2; return 0x07;
	case 'x': {
		long v;

		P->i++;
		v = hex_escape(P);
		if (v < 0)
			return -1;
		return v >= 1 && v < 0x80 ? v : -2;
	}
	case 'd': case 'D': case 'w': case 'W': case 's': case 'S':
	case 'h': case 'H': case 'v': case 'V': case 'R': case 'X':
		P->i += 2;
		return -2;
	case 'N':
		if (in_class || peek(P, 2) == '{') {
			P->bail = 1;
			return -1;
		}
		P->i += 2;
		return -2;
	case 'p': case 'P':
		P->i += 2;
		if (peek(P, 0) == '{') {
			const char *e = memchr(P->p + P->i, '}', P->len - P->i);

			if (e == NULL) {
				P->bail = 1;
				return -1;
			}
			P->i = (size_t)(e - P->p) + 1;
		} else if (peek(P, 0) >= 0)
			P->i++;
		return -2;
	default:
		/* backreferences, octal, \c, \g, \k, \Q inside classes...:
		 * not worth the risk of reading them wrong */
		P->bail = 1;
		return -1;
	}
}

/*
 * One character of a class at P->i (c, its first byte): its value, -2 for
 * one outside ASCII or a shorthand (\d...), or -1 with P->bail set
 * (escape_char gives up on \Q, \E and \b among others).
 */
static long
class_char(struct parser *P, int c)
{
	if (c == '\\')
		return escape_char(P, 1);
	if (c >= 0x80) {
		skip_char(P);
		return -2;
	}
	P->i++;
	return c;
}

/* a character class at P->i (on the '['): a small set of chars, or any */
static struct info
parse_class(struct parser *P)
{
	unsigned char set[128];
	int neg = 0, complex = 0, first = 1;
	size_t count = 0;
	struct info in;

	memset(set, 0, sizeof(set));
	P->i++;
	if (peek(P, 0) == '^') {
		neg = 1;
		P->i++;
	}
	for (;;) {
		long lo, hi;
		int c = peek(P, 0);

		if (c < 0) {
			P->bail = 1;
			return info_any();
		}
		if (c == ']' && !first) {
			P->i++;
			break;
		}
		first = 0;
		if (c == '[' && (peek(P, 1) == ':' || peek(P, 1) == '.' ||
		    peek(P, 1) == '=')) {
			size_t j = P->i + 2;

			while (j + 1 < P->len && !(P->p[j] == ':' &&
			    P->p[j + 1] == ']'))
				j++;
			if (j + 1 >= P->len || peek(P, 1) != ':') {
				P->bail = 1;
				return info_any();
			}
			P->i = j + 2;
			complex = 1;
			continue;
		}
		lo = class_char(P, c);
		if (P->bail)
			return info_any();
		hi = lo;
		if (peek(P, 0) == '-' && peek(P, 1) != ']' && peek(P, 1) >= 0) {
			int d = peek(P, 1);

			P->i++;
			if (d == '[') {
				P->bail = 1;
				return info_any();
			}
			hi = class_char(P, d);
			if (P->bail)
				return info_any();
			if (lo < 0 || hi < 0 || hi < lo || hi - lo > 26)
				lo = hi = -2;
		}
		if (lo < 0) {
			complex = 1;
			continue;
		}
		for (long v = lo; v <= hi; v++) {
			long f = v >= 'A' && v <= 'Z' ? v - 'A' + 'a' : v;

			if (!set[f]) {
				set[f] = 1;
				count++;
			}
		}
	}
	if (neg || complex || count == 0 || count > 4 || set[0])
		return info_any();
	memset(&in, 0, sizeof(in));
	in.exact = 1;
	for (int v = 1; v < 128; v++)
		if (set[v]) {
			char ch = (char)v;

			set_add(&in, &ch, 1);
		}
	return in;
}

/*
 * A quantifier at P->i: 1 and its bounds (max -1: unbounded), or 0 when
 * there is none. A '{' that is no quantifier makes the analysis give up
 * (PCRE2 versions differ on what it is).
 */
static int
quantifier(struct parser *P, long *min, long *max)
{
	int c = peek(P, 0);

	if (c == '*' || c == '+' || c == '?') {
		*min = c == '+';
		*max = c == '?' ? 1 : -1;
		P->i++;
	} else if (c == '{') {
		size_t j = P->i + 1;
		long lo = 0, hi;

		if (j >= P->len || !is_digit((unsigned char)P->p[j])) {
			P->bail = 1;
			return 0;
		}
		while (j < P->len && is_digit((unsigned char)P->p[j]) &&
		    lo < 100000)
			lo = lo * 10 + (P->p[j++] - '0');
		hi = lo;
		if (j < P->len && P->p[j] == ',') {
			j++;
			if (j < P->len && is_digit((unsigned char)P->p[j])) {
				hi = 0;
				while (j < P->len &&
				    is_digit((unsigned char)P->p[j]) &&
				    hi < 100000)
					hi = hi * 10 + (P->p[j++] - '0');
			} else
				hi = -1;
		}
		if (j >= P->len || P->p[j] != '}') {
			P->bail = 1;
			return 0;
		}
		P->i = j + 1;
		*min = lo;
		*max = hi;
	} else
		return 0;
	if (peek(P, 0) == '+' || peek(P, 0) == '?')
		P->i++;
	return 1;
}

static struct info parse_alt(struct parser *);

/* skip to after the ')' closing a group with no content of interest */
static void
skip_to_close(struct parser *P)
{
	const char *e = memchr(P->p + P->i, ')', P->len - P->i);

	if (e == NULL)
		P->bail = 1;
	else
		P->i = (size_t)(e - P->p) + 1;
}

/* a group at P->i (on the '(') */
static struct info
parse_group(struct parser *P)
{
	struct info in;
	int look = 0;		/* 1 positive, -1 negative lookaround */

	P->i++;
	if (peek(P, 0) == '*') {
		P->bail = 1;	/* verbs, (*ACCEPT) among them */
		return info_any();
	}
	if (peek(P, 0) == '?') {
		int c = peek(P, 1);

		if (c == ':' || c == '|' || c == '>') {
			P->i += 2;
		} else if (c == '=') {
			P->i += 2;
			look = 1;
		} else if (c == '!') {
			P->i += 2;
			look = -1;
		} else if (c == '<' && peek(P, 2) == '=') {
			P->i += 3;
			look = 1;
		} else if (c == '<' && peek(P, 2) == '!') {
			P->i += 3;
			look = -1;
		} else if (c == '#') {
			skip_to_close(P);
			return info_empty();
		} else if (c == '<' || c == '\'' || (c == 'P' &&
		    peek(P, 2) == '<')) {
			/* named group */
			const char *e;
			char close = c == '\'' ? '\'' : '>';

			P->i += c == 'P' ? 3 : 2;
			e = memchr(P->p + P->i, close, P->len - P->i);
			if (e == NULL) {
				P->bail = 1;
				return info_any();
			}
			P->i = (size_t)(e - P->p) + 1;
		} else if (c == 'R' || c == '&' || is_digit(c) || c == '+' ||
		    (c == '-' && is_digit(peek(P, 2))) || (c == 'P' &&
		    (peek(P, 2) == '=' || peek(P, 2) == '>'))) {
			/* recursion, subroutine call, named backreference */
			skip_to_close(P);
			return info_any();
		} else {
			/* option settings: (?i) (?-i) (?s:...) ... */
			size_t j = P->i + 1;

			while (j < P->len && strchr("imnsUJ-^", P->p[j]) &&
			    P->p[j] != '\0')
				j++;
			if (j >= P->len || (P->p[j] != ')' && P->p[j] != ':')) {
				/* (?x), (?C...), (?(...)...), unknown */
				P->bail = 1;
				return info_any();
			}
			P->i = j + 1;
			if (P->p[j] == ')')
				return info_empty();
		}
	}
	if (++P->depth > DEPTH_MAX) {
		P->bail = 1;
		return info_any();
	}
	in = parse_alt(P);
	P->depth--;
	if (P->bail)
		return in;
	if (peek(P, 0) != ')') {
		P->bail = 1;
		return in;
	}
	P->i++;
	if (look < 0) {
		info_clear(&in);
		return info_empty();
	}
	if (look > 0) {
		/* zero-width, but what it looks at is in the subject */
		struct info r = info_any();

		r.m = to_req(&in);
		return r;
	}
	return in;
}

/* one atom and its quantifiers */
static struct info
parse_atom(struct parser *P)
{
	struct info in;
	long min, max;
	int c = peek(P, 0);

	if (P->quote) {
		/* a quantifier after \E applies to the last character
		 * only: parse_atom then finds it at an atom's start and
		 * gives up */
		if (c == '\\' && peek(P, 1) == 'E') {
			P->i += 2;
			P->quote = 0;
			return info_empty();
		}
		if (c >= 0x80) {
			skip_char(P);
			return info_any();
		}
		P->i++;
		return c == 0 ? info_any() : info_char(c);
	}
	switch (c) {
	case '(':
		in = parse_group(P);
		break;
	case '[':
		in = parse_class(P);
		break;
	case '.':
		P->i++;
		in = info_any();
		break;
	case '^':
	case '$':
		P->i++;
		return info_empty();
	case '{':
	case '}':
	case ']':
	case '*':
	case '+':
	case '?':
		P->bail = 1;
		return info_any();
	case '\\': {
		int e = peek(P, 1);
		long v;

		if (e == 'G') {
			/* true at the start offset: anchored runs (match.c)
			 * would change its meaning */
			P->bail = 1;
			return info_any();
		}
		if (e > 0 && strchr("bBAzZKE", e)) {
			P->i += 2;
			return info_empty();
		}
		if (e == 'Q') {
			/* \Q...\E: literal text, read by parse_atom */
			P->i += 2;
			P->quote = 1;
			return info_empty();
		}
		v = escape_char(P, 0);
		if (P->bail)
			return info_any();
		in = v > 0 ? info_char((int)v) : info_any();
		break;
	}
	default:
		if (c >= 0x80) {
			skip_char(P);
			in = info_any();
		} else {
			P->i++;
			in = c == 0 ? info_any() : info_char(c);
		}
		break;
	}
	while (!P->bail && quantifier(P, &min, &max)) {
		if (min == 0) {
			if (max == 1 && in.exact) {
				set_add(&in, "", 0);
				if (in.n > EXACT_MAX) {
					info_clear(&in);
					in = info_any();
				}
			} else {
				info_clear(&in);
				in = info_any();
			}
		} else if (!(min == 1 && max == 1)) {
			struct info r = info_any();

			/* the first repetition begins the match */
			r.pre = prefix_of(&in, &r.npre);
			r.m = to_req(&in);
			in = r;
		}
	}
	return in;
}

/* a sequence of atoms up to '|', ')' or the end */
static struct info
parse_concat(struct parser *P)
{
	struct info run = info_empty(), out;
	struct pf_req *acc = NULL;
	int all_exact = 1;
	char **pre = NULL;
	size_t npre = 0;

	while (!P->bail && P->i < P->len && (P->quote ||
	    (P->p[P->i] != '|' && P->p[P->i] != ')'))) {
		struct info a = parse_atom(P);

		if (P->bail) {
			info_clear(&a);
			break;
		}
		if (a.exact) {
			if (!cross(&run, &a)) {
				/* too many strings or too long: what we have
				 * is required; start a new run */
				if (all_exact)
					pre = prefix_of(&run, &npre);
				acc = req_and(acc, to_req(&run));
				all_exact = 0;
				run = a;
			} else
				info_clear(&a);
		} else {
			if (all_exact) {
				/* what the match begins with: the run so
				 * far, or (the run being empty) this atom's */
				if (run.n == 1 && run.set[0][0] == '\0')
					pre = prefix_of(&a, &npre);
				else
					pre = prefix_of(&run, &npre);
			}
			acc = req_and(acc, to_req(&run));
			run = info_empty();
			acc = req_and(acc, to_req(&a));
			all_exact = 0;
		}
	}
	if (P->bail) {
		info_clear(&run);
		pf_req_free(acc);
		strs_free(pre, npre);
		return info_any();
	}
	if (all_exact)
		return run;
	out = info_any();
	out.m = req_and(acc, to_req(&run));
	out.pre = pre;
	out.npre = npre;
	return out;
}

static struct info
parse_alt(struct parser *P)
{
	struct info in = parse_concat(P);

	while (!P->bail && peek(P, 0) == '|') {
		struct info b;

		P->i++;
		b = parse_concat(P);
		if (P->bail) {
			info_clear(&b);
			break;
		}
		if (in.exact && b.exact && in.n + b.n <= EXACT_MAX) {
			for (size_t k = 0; k < b.n; k++)
				set_add(&in, b.set[k], strlen(b.set[k]));
			info_clear(&b);
		} else {
			struct pf_req *l, *r, *o;
			char **pa, **pb;
			size_t na, nb;

			pa = prefix_of(&in, &na);
			pb = prefix_of(&b, &nb);
			l = to_req(&in);
			r = to_req(&b);

			/* an alternative with no requirement: none */
			if (l == NULL || r == NULL) {
				pf_req_free(l);
				pf_req_free(r);
				o = NULL;
			} else
				o = req_or(l, r);
			in = info_any();
			in.m = o;
			if (na && nb && na + nb <= 4 * EXACT_MAX) {
				in.pre = xreallocarray(pa, na + nb,
				    sizeof(*pa));
				memcpy(in.pre + na, pb, nb * sizeof(*pb));
				in.npre = na + nb;
				free(pb);
			} else {
				strs_free(pa, na);
				strs_free(pb, nb);
			}
			if (o == NULL) {
				/* nothing known: skip the remaining
				 * alternatives */
				strs_free(in.pre, in.npre);
				in.pre = NULL;
				in.npre = 0;
				while (!P->bail && peek(P, 0) == '|') {
					P->i++;
					b = parse_concat(P);
					info_clear(&b);
				}
				break;
			}
		}
	}
	return in;
}

/* an OR of the strings of v (none shorter than LIT_MIN), minus those
 * that begin with another; NULL when v says nothing */
static struct pf_req *
prefix_req(char **v, size_t n)
{
	struct pf_req *r = NULL;

	for (size_t i = 0; i < n; i++)
		if (strlen(v[i]) < LIT_MIN)
			return NULL;
	for (size_t i = 0; i < n; i++) {
		int redundant = 0;

		for (size_t j = 0; j < n && !redundant; j++)
			redundant = j != i && strncmp(v[i], v[j],
			    strlen(v[j])) == 0 && (strcmp(v[i], v[j]) != 0 ||
			    j < i);
		if (redundant)
			continue;
		r = r == NULL ? req_lit(v[i]) : req_or(r, req_lit(v[i]));
		if (r == NULL)
			return NULL;
	}
	return r;
}

struct pf_req *
pf_analyze(const char *re, size_t len, struct pf_req **prefix)
{
	struct parser P;
	struct info in;
	struct pf_req *r;
	char **pre;
	size_t npre;

	if (prefix)
		*prefix = NULL;
	if (re == NULL || memchr(re, '\0', len) != NULL)
		return NULL;
	memset(&P, 0, sizeof(P));
	P.p = re;
	P.len = len;
	in = parse_alt(&P);
	if (P.bail || P.i != P.len) {
		info_clear(&in);
		return NULL;
	}
	pre = prefix_of(&in, &npre);
	if (prefix)
		*prefix = prefix_req(pre, npre);
	strs_free(pre, npre);
	r = to_req(&in);
	return r;
}

size_t
pf_req_conj(const struct pf_req *r, uint32_t *ids, size_t max)
{
	if (r == NULL)
		return 0;
	if (r->op == PF_LIT) {
		if (max < 1)
			return 0;
		ids[0] = r->id;
		return 1;
	}
	if (r->op != PF_AND || r->nkid > max)
		return 0;
	for (size_t i = 0; i < r->nkid; i++) {
		if (r->kid[i]->op != PF_LIT)
			return 0;
		ids[i] = r->kid[i]->id;
	}
	return r->nkid;
}

int
pf_req_has(const struct pf_req *r, uint32_t id)
{
	if (r == NULL)
		return 0;
	if (r->op == PF_LIT)
		return r->id == id;
	for (size_t i = 0; i < r->nkid; i++)
		if (pf_req_has(r->kid[i], id))
			return 1;
	return 0;
}

/* ---- the automaton ---- */

struct pf {
	/* literals */
	char		**lits;
	size_t		  nlits, alits;
	uint32_t	 *hash;		/* open addressing: id + 1, 0 free */
	size_t		  hsize;
	uint32_t	 *len;		/* per literal */
	uint32_t	  maxlen;
	uint32_t	**own;		/* per literal: owners */
	size_t		 *nown, *aown;
	/* automaton */
	unsigned char	  cls[256];
	uint32_t	  ncls;
	uint32_t	 *delta;	/* [state * ncls + class] = next * ncls */
	uint32_t	  hot;		/* next >= hot: output or special */
	uint32_t	  spec;		/* 0xe2 / 0xc5: maybe a folded k or s */
	uint32_t	 *out_off;	/* per output state (from hot) */
	uint32_t	 *out;
	int		  compiled;
};

struct pf *
pf_new(void)
{
	return xcalloc(1, sizeof(struct pf));
}

void
pf_free(struct pf *pf)
{
	if (pf == NULL)
		return;
	for (size_t i = 0; i < pf->nlits; i++) {
		free(pf->lits[i]);
		free(pf->own[i]);
	}
	free(pf->lits);
	free(pf->len);
	free(pf->own);
	free(pf->nown);
	free(pf->aown);
	free(pf->hash);
	free(pf->delta);
	free(pf->out_off);
	free(pf->out);
	free(pf);
}

static uint32_t
strhash(const char *s)
{
	uint32_t h = 2166136261u;

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 16777619u;
	return h;
}

static uint32_t
lit_id(struct pf *pf, const char *s)
{
	size_t i;

	if (pf->nlits * 2 >= pf->hsize) {
		size_t nsize = pf->hsize ? pf->hsize * 2 : 256;

		free(pf->hash);
		pf->hash = xcalloc(nsize, sizeof(*pf->hash));
		pf->hsize = nsize;
		for (size_t k = 0; k < pf->nlits; k++) {
			i = strhash(pf->lits[k]) & (nsize - 1);
			while (pf->hash[i])
				i = (i + 1) & (nsize - 1);
			pf->hash[i] = (uint32_t)k + 1;
		}
	}
	i = strhash(s) & (pf->hsize - 1);
	while (pf->hash[i]) {
		if (strcmp(pf->lits[pf->hash[i] - 1], s) == 0)
			return pf->hash[i] - 1;
		i = (i + 1) & (pf->hsize - 1);
	}
	if (pf->nlits == pf->alits) {
		pf->alits = pf->alits ? pf->alits * 2 : 64;
		pf->lits = xreallocarray(pf->lits, pf->alits, sizeof(*pf->lits));
		pf->len = xreallocarray(pf->len, pf->alits, sizeof(*pf->len));
		pf->own = xreallocarray(pf->own, pf->alits, sizeof(*pf->own));
		pf->nown = xreallocarray(pf->nown, pf->alits,
		    sizeof(*pf->nown));
		pf->aown = xreallocarray(pf->aown, pf->alits,
		    sizeof(*pf->aown));
	}
	pf->lits[pf->nlits] = xstrdup(s);
	pf->len[pf->nlits] = (uint32_t)strlen(s);
	if (pf->len[pf->nlits] > pf->maxlen)
		pf->maxlen = pf->len[pf->nlits];
	pf->own[pf->nlits] = NULL;
	pf->nown[pf->nlits] = pf->aown[pf->nlits] = 0;
	pf->hash[i] = (uint32_t)pf->nlits + 1;
	return (uint32_t)pf->nlits++;
}

static void
add_lits(struct pf *pf, struct pf_req *r)
{
	if (r->op != PF_LIT) {
		for (size_t i = 0; i < r->nkid; i++)
			add_lits(pf, r->kid[i]);
		return;
	}
	r->id = lit_id(pf, r->lit);
}

/* how selective the trigger literals of r are likely to be: longer
 * literals and fewer alternatives are better */
static int
quality(const struct pf_req *r)
{
	int q;

	switch (r->op) {
	case PF_LIT:
		return (int)strlen(r->lit);
	case PF_AND:
		q = 0;
		for (size_t i = 0; i < r->nkid; i++)
			if (quality(r->kid[i]) > q)
				q = quality(r->kid[i]);
		return q;
	default:
		q = 1000;
		for (size_t i = 0; i < r->nkid; i++)
			if (quality(r->kid[i]) < q)
				q = quality(r->kid[i]);
		return q - 2 * (int)(r->nkid - 1);
	}
}

static void
add_owner(struct pf *pf, uint32_t id, uint32_t owner)
{
	if (pf->nown[id] && pf->own[id][pf->nown[id] - 1] == owner)
		return;
	if (pf->nown[id] == pf->aown[id]) {
		pf->aown[id] = pf->aown[id] ? pf->aown[id] * 2 : 4;
		pf->own[id] = xreallocarray(pf->own[id], pf->aown[id],
		    sizeof(**pf->own));
	}
	pf->own[id][pf->nown[id]++] = owner;
}

/*
 * Attach owner to literals one of which is present whenever r holds: all
 * of an OR's, one child's of an AND (the likeliest to be rare).
 */
static void
trigger(struct pf *pf, const struct pf_req *r, uint32_t owner)
{
	size_t best = 0;

	switch (r->op) {
	case PF_LIT:
		add_owner(pf, r->id, owner);
		return;
	case PF_OR:
		for (size_t i = 0; i < r->nkid; i++)
			trigger(pf, r->kid[i], owner);
		return;
	default:
		for (size_t i = 1; i < r->nkid; i++)
			if (quality(r->kid[i]) > quality(r->kid[best]))
				best = i;
		trigger(pf, r->kid[best], owner);
		return;
	}
}

void
pf_add(struct pf *pf, struct pf_req *r, uint32_t owner)
{
	if (r == NULL)
		return;
	add_lits(pf, r);
	if (owner != PF_NO_OWNER)
		trigger(pf, r, owner);
}

size_t
pf_nlits(const struct pf *pf)
{
	return pf->nlits;
}

size_t
pf_words(const struct pf *pf)
{
	return (pf->nlits + 63) / 64 + 1;
}

const char *
pf_lit(const struct pf *pf, uint32_t id)
{
	return id < pf->nlits ? pf->lits[id] : NULL;
}

const uint32_t *
pf_owners(const struct pf *pf, uint32_t id, size_t *n)
{
	if (id >= pf->nlits) {
		*n = 0;
		return NULL;
	}
	*n = pf->nown[id];
	return pf->own[id];
}

/*
 * Lay the automaton out for the scan: states without outputs first, so one
 * compare tells a state with outputs; each transition premultiplied by the
 * number of classes; the outputs of each state in the new order.
 */
static void
pf_layout(struct pf *pf, size_t nstates, uint32_t ncls, uint32_t special,
    const uint32_t *dfa, uint32_t *const *outs, const size_t *nouts)
{
	uint32_t *renum = xcalloc(nstates, sizeof(*renum));
	uint32_t lo = 0, hi = 0, nplain = 0;
	size_t nout = 0;

	for (size_t s = 0; s < nstates; s++)
		if (nouts[s] == 0)
			nplain++;
	hi = nplain;
	for (size_t s = 0; s < nstates; s++) {
		renum[s] = nouts[s] == 0 ? lo++ : hi++;
		nout += nouts[s];
	}
	pf->hot = nplain * ncls;
	pf->spec = (uint32_t)nstates * ncls;
	free(pf->delta);
	free(pf->out_off);
	free(pf->out);
	pf->delta = xcalloc(nstates * ncls, sizeof(*pf->delta));
	pf->out_off = xcalloc(nstates - nplain + 1,
	    sizeof(*pf->out_off));
	pf->out = xcalloc(nout + 1, sizeof(*pf->out));
	for (size_t s = 0; s < nstates; s++)
		for (uint32_t c = 0; c < ncls; c++)
			pf->delta[renum[s] * ncls + c] = c == special ?
			    pf->spec : renum[dfa[s * ncls + c]] * ncls;
	/* outputs in new state order */
	{
		uint32_t *inv = xcalloc(nstates, sizeof(*inv));
		size_t o = 0;

		for (size_t s = 0; s < nstates; s++)
			inv[renum[s]] = (uint32_t)s;
		for (size_t k = nplain; k < nstates; k++) {
			uint32_t s = inv[k];

			pf->out_off[k - nplain] = (uint32_t)o;
			memcpy(pf->out + o, outs[s], nouts[s] *
			    sizeof(*pf->out));
			o += nouts[s];
		}
		pf->out_off[nstates - nplain] = (uint32_t)o;
		free(inv);
	}
	free(renum);
}

int
pf_compile(struct pf *pf)
{
	int32_t *go = NULL;		/* trie: [state * ncls + c], -1 none */
	uint32_t *fail = NULL, *queue = NULL, *dfa = NULL;
	uint32_t **outs = NULL;
	size_t *nouts = NULL;
	size_t nstates = 1, maxstates = 1, qh = 0, qt = 0;
	/* the class of 0xe2 and 0xc5 when some literal has a k or an s */
	uint32_t ncls = 1, special = UINT32_MAX;
	int rc = -1;

	/* classes: 0 is every byte no literal contains */
	memset(pf->cls, 0, sizeof(pf->cls));
	for (size_t i = 0; i < pf->nlits; i++)
		for (const unsigned char *p = (const unsigned char *)
		    pf->lits[i]; *p; p++)
			if (pf->cls[*p] == 0)
				pf->cls[*p] = (unsigned char)ncls++;
	for (int c = 'A'; c <= 'Z'; c++)
		pf->cls[c] = pf->cls[c - 'A' + 'a'];
	if (pf->cls['k'] || pf->cls['s']) {
		special = ncls++;
		pf->cls[0xe2] = pf->cls[0xc5] = (unsigned char)special;
	}
	pf->ncls = ncls;
	for (size_t i = 0; i < pf->nlits; i++)
		maxstates += strlen(pf->lits[i]);
	if ((uint64_t)maxstates * ncls > DELTA_MAX)
		goto out;

	/* the trie */
	go = xreallocarray(NULL, maxstates * ncls, sizeof(*go));
	memset(go, 0xff, maxstates * ncls * sizeof(*go));
	outs = xcalloc(maxstates, sizeof(*outs));
	nouts = xcalloc(maxstates, sizeof(*nouts));
	for (size_t i = 0; i < pf->nlits; i++) {
		uint32_t s = 0;

		for (const unsigned char *p = (const unsigned char *)
		    pf->lits[i]; *p; p++) {
			int32_t *t = &go[s * ncls + pf->cls[*p]];

			if (*t < 0)
				*t = (int32_t)nstates++;
			s = (uint32_t)*t;
		}
		outs[s] = xreallocarray(outs[s], nouts[s] + 1,
		    sizeof(**outs));
		outs[s][nouts[s]++] = (uint32_t)i;
	}

	/* breadth first: failure links, outputs, the full transitions */
	fail = xcalloc(nstates, sizeof(*fail));
	queue = xcalloc(nstates, sizeof(*queue));
	dfa = xcalloc(nstates * ncls, sizeof(*dfa));
	for (uint32_t c = 0; c < ncls; c++) {
		int32_t t = go[c];

		if (t > 0 && c != special) {
			dfa[c] = (uint32_t)t;
			fail[t] = 0;
			queue[qt++] = (uint32_t)t;
		}
	}
	while (qh < qt) {
		uint32_t s = queue[qh++];

		/* outputs of the failure state are outputs here too */
		if (nouts[fail[s]]) {
			outs[s] = xreallocarray(outs[s], nouts[s] +
			    nouts[fail[s]], sizeof(**outs));
			memcpy(outs[s] + nouts[s], outs[fail[s]],
			    nouts[fail[s]] * sizeof(**outs));
			nouts[s] += nouts[fail[s]];
		}
		for (uint32_t c = 0; c < ncls; c++) {
			int32_t t = go[s * ncls + c];

			if (c == special)
				continue;
			if (t > 0) {
				fail[t] = dfa[fail[s] * ncls + c];
				dfa[s * ncls + c] = (uint32_t)t;
				queue[qt++] = (uint32_t)t;
			} else
				dfa[s * ncls + c] = dfa[fail[s] * ncls + c];
		}
	}

	pf_layout(pf, nstates, ncls, special, dfa, outs, nouts);
	pf->compiled = 1;
	rc = 0;
out:
	if (outs)
		for (size_t s = 0; s < maxstates; s++)
			free(outs[s]);
	free(outs);
	free(nouts);
	free(go);
	free(fail);
	free(queue);
	free(dfa);
	return rc;
}

static void
emit(const struct pf *pf, uint32_t st, size_t end, uint64_t *found,
    struct pf_found *all, struct pf_occs *occ)
{
	uint32_t k = (st - pf->hot) / pf->ncls;

	for (uint32_t o = pf->out_off[k]; o < pf->out_off[k + 1]; o++) {
		uint32_t id = pf->out[o];
		uint64_t bit = (uint64_t)1 << (id & 63);

		if (occ) {
			if (occ->n < occ->max) {
				occ->v[occ->n].pos = end - pf->len[id];
				occ->v[occ->n].id = id;
				occ->n++;
			} else
				occ->overflow = 1;
		}

		found[id >> 6] |= bit;
		if (all && !(all->bits[id >> 6] & bit)) {
			all->bits[id >> 6] |= bit;
			all->ids[all->nids++] = id;
		}
	}
}

/*
 * The rare transitions: a state with outputs, or a byte that may begin a
 * folded U+212A (k) or U+017F (s), as PCRE2's caseless matching has them.
 * Returns the state to go on from; *ip may move over the folded bytes.
 */
static uint32_t
slow(const struct pf *pf, const unsigned char *u, size_t len, size_t *ip,
    uint32_t st, uint32_t nx, uint64_t *found, struct pf_found *all,
    struct pf_occs *occ)
{
	size_t i = *ip;

	if (nx == pf->spec) {
		if (u[i] == 0xe2 && i + 2 < len && u[i + 1] == 0x84 &&
		    u[i + 2] == 0xaa) {
			nx = pf->delta[st + pf->cls['k']];
			i += 2;
			if (occ)	/* byte offsets of literals are off */
				occ->overflow = 1;
		} else if (u[i] == 0xc5 && i + 1 < len && u[i + 1] == 0xbf) {
			nx = pf->delta[st + pf->cls['s']];
			i += 1;
			if (occ)
				occ->overflow = 1;
		} else
			nx = 0;
	}
	if (nx >= pf->hot)
		emit(pf, nx, i + 1, found, all, occ);
	*ip = i;
	return nx;
}

#define STEP(st, i) do {						\
	uint32_t nx_ = d[(st) + cls[u[i]]];				\
	if (nx_ >= hot)							\
		nx_ = slow(pf, u, len, &(i), (st), nx_, found, all, occ);\
	(st) = nx_;							\
	(i)++;								\
} while (0)

void
pf_scan(const struct pf *pf, const char *s, size_t len, uint64_t *found,
    struct pf_found *all, struct pf_occs *occ)
{
	const unsigned char *u = (const unsigned char *)s;
	const unsigned char *cls = pf->cls;
	const uint32_t *d = pf->delta;
	const uint32_t hot = pf->hot;
	uint32_t sa = 0, sb = 0;
	size_t i = 0, j, mid, overlap;

	if (!pf->compiled || pf->nlits == 0)
		return;
	/*
	 * Two independent walks, over each half, interleaved: the table
	 * lookups of one do not wait for the other's. The second half
	 * starts early enough (the longest literal, each byte possibly a
	 * 3-byte folded character) that no occurrence ending in it is
	 * missed; occurrences in the overlap are reported twice.
	 */
	overlap = 3 * (size_t)pf->maxlen;
	if (len < 4 * overlap + 64) {
		while (i < len)
			STEP(sa, i);
		return;
	}
	mid = len / 2;
	j = mid - overlap;
	while (i < mid && j < len) {
		STEP(sa, i);
		STEP(sb, j);
	}
	while (i < mid)
		STEP(sa, i);
	while (j < len)
		STEP(sb, j);
}

int
pf_eval(const struct pf_req *r, const uint64_t *found)
{
	if (r == NULL)
		return 1;
	switch (r->op) {
	case PF_LIT:
		return (found[r->id >> 6] >> (r->id & 63)) & 1;
	case PF_AND:
		for (size_t i = 0; i < r->nkid; i++)
			if (!pf_eval(r->kid[i], found))
				return 0;
		return 1;
	default:
		for (size_t i = 0; i < r->nkid; i++)
			if (pf_eval(r->kid[i], found))
				return 1;
		return 0;
	}
}
