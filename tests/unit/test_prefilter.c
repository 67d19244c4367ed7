#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "prefilter.h"
#include "t.h"

/* as rules.c compiles patterns */
#define FLAGS	(PCRE2_UTF | PCRE2_UCP | PCRE2_CASELESS | \
		 PCRE2_MATCH_INVALID_UTF | PCRE2_NEVER_BACKSLASH_C)

static uint64_t rng = 0x853c49e6748fea9bULL;

static unsigned
rnd(unsigned n)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return (unsigned)((rng >> 16) % n);
}

/* the requirement and prefix of re, formatted */
static void
analyze(const char *re, char *req, char *pre, size_t sz)
{
	struct buf a = BUF_INIT, b = BUF_INIT;
	struct pf_req *p = NULL, *r;

	r = pf_analyze(re, strlen(re), &p);
	pf_req_format(r, &a);
	pf_req_format(p, &b);
	snprintf(req, sz, "%s", a.data);
	snprintf(pre, sz, "%s", b.data);
	buf_release(&a);
	buf_release(&b);
	pf_req_free(r);
	pf_req_free(p);
}

static void
test_prefilter__analysis(void)
{
	static const struct {
		const char *re, *req, *pre;
	} cases[] = {
		{ "\\bmesh\\s+(network|vpn)", "(\"mesh\" & (\"network\" | "
		    "\"vpn\"))", "\"mesh\"" },
		{ "(zerotier|twingate)", "(\"zerotier\" | \"twingate\")",
		    "(\"zerotier\" | \"twingate\")" },
		{ "zero[- ]?trust", "(\"zero trust\" | \"zero-trust\" | "
		    "\"zerotrust\")", "(\"zero trust\" | \"zero-trust\" | "
		    "\"zerotrust\")" },
		{ "mesh(es)?", "\"mesh\"", "\"mesh\"" },
		{ "\\bTailscale\\b", "\"tailscale\"", "\"tailscale\"" },
		{ "(?:acq|merg)(?:uires?|ers?)", "(\"acquire\" | \"acqer\" | "
		    "\"merguire\" | \"merger\")", "(\"acquire\" | \"acqer\" | "
		    "\"merguire\" | \"merger\")" },
		{ "\\d{3} users", "\" users\"", "*" },
		{ "foo(?=bar)", "(\"foo\" & \"bar\")", "\"foo\"" },
		{ "foo(?!bar)", "\"foo\"", "\"foo\"" },
		{ "(?<!x)foo\\s+bar", "(\"foo\" & \"bar\")", "\"foo\"" },
		{ "[Kk]ubernetes", "\"kubernetes\"", "\"kubernetes\"" },
		{ "a\\x41bc\\.d", "\"aabc.d\"", "\"aabc.d\"" },
		{ "\\Qa.b|c\\E", "\"a.b|c\"", "\"a.b|c\"" },
		{ "(?i)Kelvin", "\"kelvin\"", "\"kelvin\"" },
		{ "(?-i)ZPA\\b", "\"zpa\"", "\"zpa\"" },
		{ "(?s:foo.bar)", "(\"foo\" & \"bar\")", "\"foo\"" },
		{ "(?<n>acme) corp", "\"acme corp\"", "\"acme corp\"" },
		/* non-ASCII characters are never literal material */
		{ "caf\xc3\xa9 society", "(\"caf\" & \" society\")",
		    "\"caf\"" },
		{ "\xc3\xa9t\xc3\xa9", "*", "*" },
		/* no requirement: alternatives without one, unknown syntax */
		{ "foo|b", "*", "*" },
		{ "foo|\\w+", "*", "*" },
		{ ".*", "*", "*" },
		{ "(?x) foo", "*", "*" },
		{ "(\\w+) \\1 test", "*", "*" },
		{ "(*UCP)abcd", "*", "*" },
		{ "x{,3}abc", "*", "*" },
		{ "\\Gabcd", "*", "*" },
		{ "(?(1)abc|def)", "*", "*" },
		{ "\\Qabc\\E+", "*", "*" },
		/* optional and repeated parts */
		{ "(foo)*barbaz", "\"barbaz\"", "*" },
		{ "(foobar)+baz", "(\"foobar\" & \"baz\")", "\"foobar\"" },
		{ "ab{2}cd", "*", "*" },
		{ "colou?r", "(\"colour\" | \"color\")",
		    "(\"colour\" | \"color\")" },
	};
	char req[512], pre[512];

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		analyze(cases[i].re, req, pre, sizeof(req));
		if (strcmp(req, cases[i].req) != 0 ||
		    strcmp(pre, cases[i].pre) != 0)
			fprintf(stderr, "pattern %s\n", cases[i].re);
		T_EQ_STR(req, cases[i].req);
		T_EQ_STR(pre, cases[i].pre);
	}
}

/* UTF-8 of code point c into b; returns the length */
static size_t
u8(unsigned c, unsigned char *b)
{
	if (c < 0x80) {
		b[0] = (unsigned char)c;
		return 1;
	}
	if (c < 0x800) {
		b[0] = (unsigned char)(0xc0 | c >> 6);
		b[1] = (unsigned char)(0x80 | (c & 63));
		return 2;
	}
	if (c < 0x10000) {
		b[0] = (unsigned char)(0xe0 | c >> 12);
		b[1] = (unsigned char)(0x80 | ((c >> 6) & 63));
		b[2] = (unsigned char)(0x80 | (c & 63));
		return 3;
	}
	b[0] = (unsigned char)(0xf0 | c >> 18);
	b[1] = (unsigned char)(0x80 | ((c >> 12) & 63));
	b[2] = (unsigned char)(0x80 | ((c >> 6) & 63));
	b[3] = (unsigned char)(0x80 | (c & 63));
	return 4;
}

/*
 * The scanner folds exactly the non-ASCII characters that PCRE2's caseless
 * UCP matching equates with ASCII ones: check every code point.
 */
static void
test_prefilter__unicode_folding(void)
{
	pcre2_code *re;
	pcre2_match_data *md;
	int ec;
	PCRE2_SIZE eo;
	unsigned found[4], nfound = 0;
	struct pf *pf;
	struct pf_req *r1, *r2;
	uint64_t bits[8];

	re = pcre2_compile((PCRE2_SPTR)"^[\\x{01}-\\x{7f}]$",
	    PCRE2_ZERO_TERMINATED, FLAGS, &ec, &eo, NULL);
	md = pcre2_match_data_create(1, NULL);
	T_ASSERT(re != NULL && md != NULL);
	if (re == NULL || md == NULL)
		return;
	for (unsigned c = 0x80; c < 0x110000; c++) {
		unsigned char b[4];
		size_t n;

		if (c >= 0xd800 && c < 0xe000)
			continue;
		n = u8(c, b);
		if (pcre2_match(re, b, n, 0, 0, md, NULL) >= 0 && nfound < 4)
			found[nfound++] = c;
	}
	T_EQ_INT(nfound, 2);
	if (nfound == 2) {
		T_EQ_INT(found[0], 0x17f);	/* LONG S ~ s */
		T_EQ_INT(found[1], 0x212a);	/* KELVIN SIGN ~ k */
	}
	pcre2_match_data_free(md);
	pcre2_code_free(re);

	/* and the scanner reads them so */
	pf = pf_new();
	r1 = pf_analyze("kisses", 6, NULL);
	r2 = pf_analyze("ask", 3, NULL);
	pf_add(pf, r1, 0);
	pf_add(pf, r2, 1);
	T_EQ_INT(pf_compile(pf), 0);
	memset(bits, 0, sizeof(bits));
	pf_scan(pf, "\xe2\x84\xaa" "i\xc5\xbf" "SE\xc5\xbf", 10, bits, NULL,
	    NULL);
	T_ASSERT(pf_eval(r1, bits));
	T_ASSERT(!pf_eval(r2, bits));
	memset(bits, 0, sizeof(bits));
	pf_scan(pf, "A\xc5\xbf\xe2\x84\xaa", 6, bits, NULL, NULL);
	T_ASSERT(pf_eval(r2, bits));
	/* a lone lead byte, or a cut sequence, is no letter */
	memset(bits, 0, sizeof(bits));
	pf_scan(pf, "as\xe2\x84", 4, bits, NULL, NULL);
	T_ASSERT(!pf_eval(r2, bits));
	pf_req_free(r1);
	pf_req_free(r2);
	pf_free(pf);
}

static void
lower(char *s)
{
	for (; *s; s++)
		if (*s >= 'A' && *s <= 'Z')
			*s = (char)(*s - 'A' + 'a');
}

/* the automaton against a plain search, occurrences included */
static void
test_prefilter__automaton(void)
{
	static const char alpha[] = "abcdehrsAB -";
	size_t rounds = 0;

	for (int round = 0; round < 300; round++) {
		struct pf *pf = pf_new();
		struct pf_req *reqs[12];
		char lits[12][8], text[2048], low[2048];
		size_t nl = 3 + rnd(10), len = rnd(2) ? 20 + rnd(60) :
		    600 + rnd(1400);
		uint64_t bits[8];
		struct pf_occ occv[4096];
		struct pf_occs occ = { occv, 0, 4096, 0 };

		for (size_t i = 0; i < nl; i++) {
			size_t l = 3 + rnd(4);

			for (size_t k = 0; k < l; k++)
				lits[i][k] = "abcdehrs"[rnd(rnd(2) ? 3 : 8)];
			lits[i][l] = '\0';
			reqs[i] = pf_analyze(lits[i], l, NULL);
			pf_add(pf, reqs[i], (uint32_t)i);
		}
		T_EQ_INT(pf_compile(pf), 0);
		for (size_t k = 0; k < len; k++)
			text[k] = alpha[rnd(rnd(3) ? 3 : sizeof(alpha) - 1)];
		text[len] = '\0';
		memcpy(low, text, len + 1);
		lower(low);
		memset(bits, 0, sizeof(bits));
		pf_scan(pf, text, len, bits, NULL, &occ);
		T_ASSERT(!occ.overflow);
		for (size_t i = 0; i < nl; i++) {
			int want = strstr(low, lits[i]) != NULL;

			T_EQ_INT(pf_eval(reqs[i], bits), want);
			/* every occurrence is reported at its offset */
			for (const char *p = low; (p = strstr(p, lits[i]));
			    p++) {
				size_t at = (size_t)(p - low), k;

				for (k = 0; k < occ.n; k++)
					if (occ.v[k].pos == at &&
					    strcmp(pf_lit(pf, occ.v[k].id),
					    lits[i]) == 0)
						break;
				T_ASSERT(k < occ.n);
			}
		}
		for (size_t k = 0; k < occ.n; k++) {
			const char *l = pf_lit(pf, occ.v[k].id);

			T_ASSERT(strncmp(low + occ.v[k].pos, l, strlen(l)) == 0);
		}
		for (size_t i = 0; i < nl; i++)
			pf_req_free(reqs[i]);
		pf_free(pf);
		rounds++;
	}
	T_EQ_INT(rounds, 300);
}

/* ---- soundness on random patterns ---- */

static const char *const words[] = {
	"mesh", "vpn", "zero", "trust", "kelvin", "skis", "net", "ab",
	"caf\xc3\xa9", "x", "acme", "tier", "zerotier",
};
#define NWORDS	(sizeof(words) / sizeof(words[0]))

static void
rnd_word(struct buf *b)
{
	const char *w = words[rnd(NWORDS)];

	switch (rnd(5)) {
	case 0:		/* upper case */
		for (; *w; w++)
			buf_addch(b, *w >= 'a' && *w <= 'z' ? *w - 32 : *w);
		break;
	case 1:		/* a class for its first letter */
		if (*w >= 'a' && *w <= 'z') {
			buf_addf(b, "[%c%c]", *w, *w - 32);
			buf_addstr(b, w + 1);
			break;
		}
		/* FALLTHROUGH */
	default:
		buf_addstr(b, w);
	}
}

static void rnd_seq(struct buf *, int);

static void
rnd_term(struct buf *b, int depth)
{
	switch (rnd(depth > 2 ? 3 : 9)) {
	case 0: case 1: case 2:
		rnd_word(b);
		break;
	case 3:
		buf_addstr(b, rnd(2) ? "(?:" : "(");
		rnd_seq(b, depth + 1);
		for (unsigned k = rnd(3); k > 0; k--) {
			buf_addch(b, '|');
			rnd_seq(b, depth + 1);
		}
		buf_addch(b, ')');
		buf_addstr(b, (const char *[]){ "", "", "?", "+", "*",
		    "{1,2}", "{2}" }[rnd(7)]);
		break;
	case 4:
		buf_addstr(b, (const char *[]){ "\\d+", "\\w*", ".", "\\S",
		    "[a-z]{2}", "[^x]" }[rnd(6)]);
		break;
	case 5:
		buf_addstr(b, rnd(2) ? "(?=" : "(?!");
		rnd_word(b);
		buf_addch(b, ')');
		break;
	case 6:
		buf_addstr(b, (const char *[]){ "\\b", "^", "$", "\\B" }
		    [rnd(4)]);
		break;
	case 7:
		buf_addstr(b, "\\Q");
		rnd_word(b);
		buf_addstr(b, ".\\E");
		break;
	default:
		rnd_word(b);
		buf_addstr(b, (const char *[]){ "s?", "e*", "+" }[rnd(3)]);
		break;
	}
}

static void
rnd_seq(struct buf *b, int depth)
{
	rnd_term(b, depth);
	for (unsigned k = rnd(3); k > 0; k--) {
		buf_addstr(b, (const char *[]){ "", " ", "\\s+", "\\s*",
		    "[- ]?", ".{0,5}", "\\W+", "-" }[rnd(8)]);
		rnd_term(b, depth);
	}
}

static void
rnd_subject(struct buf *b)
{
	for (unsigned k = 1 + rnd(8); k > 0; k--) {
		const char *w = words[rnd(NWORDS)];

		for (; *w; w++) {
			unsigned r = rnd(20);

			if (*w == 'k' && r == 0)
				buf_addstr(b, "\xe2\x84\xaa");
			else if (*w == 's' && r == 0)
				buf_addstr(b, "\xc5\xbf");
			else if (r < 4 && *w >= 'a' && *w <= 'z')
				buf_addch(b, *w - 32);
			else
				buf_addch(b, *w);
		}
		buf_addstr(b, (const char *[]){ " ", "  ", "-", "", "\n",
		    " 42 ", ".", "\xc3\xa9" }[rnd(8)]);
	}
}

/*
 * For random patterns and subjects: whenever PCRE2 finds a match, the
 * requirement holds on the literals the scanner found, and the match
 * begins at an occurrence of a prefix literal; anchored runs at those
 * occurrences find the same leftmost match as the plain search.
 */
static void
test_prefilter__soundness(void)
{
	pcre2_match_data *md = pcre2_match_data_create(1, NULL);
	size_t matched = 0, withreq = 0, withpre = 0, rounds = 0;

	for (int round = 0; round < 1500; round++) {
		struct buf re = BUF_INIT;
		struct pf_req *req, *pre = NULL;
		pcre2_code *code, *acode = NULL;
		struct pf *pf;
		int ec;
		PCRE2_SIZE eo;

		if (rnd(4) == 0)
			buf_addstr(&re, "(?-i)");
		rnd_seq(&re, 0);
		if (rnd(5) == 0) {
			buf_addch(&re, '|');
			rnd_seq(&re, 0);
		}
		code = pcre2_compile((PCRE2_SPTR)re.data, re.len, FLAGS, &ec,
		    &eo, NULL);
		if (code == NULL) {
			buf_release(&re);
			continue;
		}
		rounds++;
		req = pf_analyze(re.data, re.len, &pre);
		withreq += req != NULL;
		withpre += pre != NULL;
		pf = pf_new();
		pf_add(pf, req, 0);
		pf_add(pf, pre, PF_NO_OWNER);
		T_EQ_INT(pf_compile(pf), 0);
		if (pre)
			acode = pcre2_compile((PCRE2_SPTR)re.data, re.len,
			    FLAGS | PCRE2_ANCHORED, &ec, &eo, NULL);
		for (int k = 0; k < 20; k++) {
			struct buf s = BUF_INIT;
			uint64_t bits[8];
			struct pf_occ occv[512];
			struct pf_occs occ = { occv, 0, 512, 0 };
			PCRE2_SIZE start, *ov;
			int rc;

			rnd_subject(&s);
			memset(bits, 0, sizeof(bits));
			pf_scan(pf, s.data, s.len, bits, NULL, &occ);
			rc = pcre2_match(code, (PCRE2_SPTR)s.data, s.len, 0, 0,
			    md, NULL);
			if (rc < 0) {
				buf_release(&s);
				continue;
			}
			matched++;
			ov = pcre2_get_ovector_pointer(md);
			start = ov[0];
			if (!pf_eval(req, bits))
				fprintf(stderr, "unsound: /%s/ on \"%s\"\n",
				    re.data, s.data);
			T_ASSERT(pf_eval(req, bits));
			if (pre && acode && !occ.overflow) {
				size_t best = SIZE_MAX;

				for (size_t o = 0; o < occ.n; o++)
					if (pf_req_has(pre, occ.v[o].id) &&
					    occ.v[o].pos < best &&
					    pcre2_match(acode, (PCRE2_SPTR)
					    s.data, s.len, occ.v[o].pos, 0,
					    md, NULL) >= 0)
						best = occ.v[o].pos;
				if (best != start)
					fprintf(stderr, "prefix: /%s/ on "
					    "\"%s\": %zu vs %zu\n", re.data,
					    s.data, best, (size_t)start);
				T_EQ_INT(best, start);
			}
			buf_release(&s);
		}
		if (acode)
			pcre2_code_free(acode);
		pcre2_code_free(code);
		pf_req_free(req);
		pf_req_free(pre);
		pf_free(pf);
		buf_release(&re);
	}
	pcre2_match_data_free(md);
	T_ASSERT(rounds > 1000);
	T_ASSERT(matched > 1000);	/* the inputs do match */
	T_ASSERT(withreq > rounds / 3);
	T_ASSERT(withpre > rounds / 5);
}

T_MAIN(T_CASE(test_prefilter__analysis),
    T_CASE(test_prefilter__unicode_folding),
    T_CASE(test_prefilter__automaton),
    T_CASE(test_prefilter__soundness))
