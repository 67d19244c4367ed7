#include "match.h"

#include <ctype.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "attrib.h"
#include "buf.h"
#include "cond.h"
#include "err.h"
#include "lang.h"
#include "log.h"
#include "match_int.h"
#include "rules_private.h"
#include "rx.h"
#include "textseg.h"
#include "util.h"
#include "xmalloc.h"

/* rules see at most this much of one field (one category) */
#define MATCH_SUBJECT_MAX	(256 * 1024)
/* |near: occurrences of one pattern considered per subject */
#define MATCH_NEAR_MAX_OCC	4096
/* literal occurrences recorded per item (for anchored runs) */
#define OCC_MAX			16384
/* anchored runs tried per pattern and subject before a plain run */
#define ANCHOR_MAX		64
/* excerpt size around a match, in bytes (before "…" marks) */
#define EXCERPT_MAX		300
#define EXCERPT_MATCH_MAX	200
/* how far the excerpt edges may move to land on a word boundary */
#define EXCERPT_WORD_SLACK	24

/*
 * What matching shares between threads is read-only once set up: the
 * word pattern (compiled once), the ruleset (but for the atomic limit
 * counters and JIT flags). Everything an item's matching writes is in a
 * struct matcher, one per thread.
 */
static pthread_once_t	 word_once = PTHREAD_ONCE_INIT;
static pcre2_code	*wordre;	/* \w+ under UCP: words for |near */
static atomic_size_t	 nlimit;
static _Thread_local struct matcher *thread_matcher;

static void
word_init(void)
{
	static const PCRE2_SPTR wordpat = (PCRE2_SPTR)"\\w+";
	int ec;
	PCRE2_SIZE eo;

	wordre = pcre2_compile(wordpat, PCRE2_ZERO_TERMINATED,
	    PCRE2_UTF | PCRE2_UCP | PCRE2_MATCH_INVALID_UTF, &ec, &eo, NULL);
	if (wordre == NULL)
		BUG("cannot compile the word pattern");
	if (rx_jit_on())
		(void)pcre2_jit_compile(wordre, PCRE2_JIT_COMPLETE);
}

struct matcher *
matcher_new(void)
{
	struct matcher *m = xcalloc(1, sizeof(*m));

	(void)pthread_once(&word_once, word_init);
	rx_init(&m->rx);
	m->mtitle = (struct buf)BUF_INIT;
	m->mtext = (struct buf)BUF_INIT;
	m->excerpt = (struct buf)BUF_INIT;
	m->attr = (struct attribution)ATTRIBUTION_INIT;
	m->prefilter = 1;
	return m;
}

void
matcher_free(struct matcher *m)
{
	if (m == NULL)
		return;
	for (size_t i = 0; i < m->view.alloc; i++) {
		free(m->view.v[i].wend);
		free(m->view.v[i].send);
	}
	free(m->view.v);
	buf_release(&m->mtitle);
	buf_release(&m->mtext);
	free(m->pfs.words);
	free(m->pfs.all.ids);
	free(m->pfs.occ.v);
	free(m->pfs.touched);
	free(m->selres);
	buf_release(&m->excerpt);
	attribution_release(&m->attr);
	rx_release(&m->rx);
	free(m);
}

struct matcher *
matcher_thread(void)
{
	if (thread_matcher == NULL)
		thread_matcher = matcher_new();
	return thread_matcher;
}

void
matcher_no_jit(struct matcher *m)
{
	m->nojit = 1;
}

void
matcher_thread_end(void)
{
	matcher_free(thread_matcher);
	thread_matcher = NULL;
	rx_thread_release();
}

void
match_set_prefilter(int on)
{
	matcher_thread()->prefilter = on;
}

size_t
match_limit_errors(void)
{
	return atomic_load(&nlimit);
}

int
match_rule_suspended(const struct ruleset *rs, size_t i, unsigned *errors)
{
	unsigned e = rs && rs->priv && rs->priv->limit_errors && i < rs->n ?
	    atomic_load(&rs->priv->limit_errors[i]) : 0;

	if (errors)
		*errors = e;
	return e >= MATCH_LIMIT_BUDGET;
}


static void
view_add(struct view *v, const char *s, int field)
{
	struct subj *sj;

	if (v->n == v->alloc) {
		size_t old = v->alloc;

		v->v = xgrowarray(v->v, v->n, &v->alloc, 16, sizeof(*v->v));
		memset(v->v + old, 0, (v->alloc - old) * sizeof(*v->v));
	}
	sj = &v->v[v->n++];
	if (s == NULL)
		s = "";
	sj->s = s;
	sj->len = utf8_trunc(s, strlen(s), MATCH_SUBJECT_MAX);
	sj->field = field;
	sj->ovalid = 0;
	sj->on = 0;
	sj->wdone = 0;
	sj->sdone = 0;
}

static int
url_at(const char *s)
{
	return strncasecmp(s, "http://", 7) == 0 ||
	    strncasecmp(s, "https://", 8) == 0 ||
	    strncasecmp(s, "ftp://", 6) == 0;
}

/*
 * URLs never count, not even printed as visible text: the words of a link
 * or slug are not the item's words. When the subject holds one (from
 * http://, https:// or ftp:// to the next space or quote, trailing
 * punctuation left), it becomes a copy in b with every URL turned into
 * spaces, so lengths and offsets stay as they were. ':' is rare in text,
 * so memchr finds the candidates cheaply.
 */
static void
mask_urls(struct subj *sj, struct buf *b)
{
	const char *p, *e = sj->s + sj->len;
	char *d;

	for (p = sj->s; (p = memchr(p, ':', (size_t)(e - p))) != NULL; p++)
		if (e - p >= 3 && p[1] == '/' && p[2] == '/')
			break;
	if (p == NULL)
		return;
	buf_reset(b);
	buf_add(b, sj->s, sj->len);
	d = b->data;
	for (size_t i = 0; i < b->len; i++) {
		size_t end;

		if ((i > 0 && isalnum((unsigned char)d[i - 1])) ||
		    !url_at(d + i))
			continue;
		for (end = i; end < b->len && !isspace((unsigned char)d[end]) &&
		    strchr("<>\"'`", d[end]) == NULL; end++)
			;
		while (end > i && strchr(".,;:!?)]}", d[end - 1]) != NULL)
			end--;
		memset(d + i, ' ', end - i);
		i = end;
	}
	sj->s = d;
}

void
match_view(struct matcher *m, const struct item *it)
{
	struct view *v = &m->view;

	v->n = 0;
	v->first[FIELD_TITLE] = v->n;
	view_add(v, it->title, FIELD_TITLE);
	mask_urls(&v->v[v->n - 1], &m->mtitle);
	v->first[FIELD_TEXT] = v->n;
	view_add(v, it->text, FIELD_TEXT);
	mask_urls(&v->v[v->n - 1], &m->mtext);
	v->first[FIELD_LINK] = v->n;
	view_add(v, it->link, FIELD_LINK);
	v->first[FIELD_AUTHOR] = v->n;
	view_add(v, it->author, FIELD_AUTHOR);
	for (int f = FIELD_TITLE; f < FIELD_CATEGORIES; f++)
		v->count[f] = 1;
	v->first[FIELD_CATEGORIES] = v->n;
	v->count[FIELD_CATEGORIES] = it->ncategories;
	for (size_t i = 0; i < it->ncategories; i++)
		view_add(v, it->categories[i], FIELD_CATEGORIES);
}

/* word ends of the subject, from \w+ under UCP */
static void
subj_words(struct rx *rx, struct subj *sj)
{
	size_t start = 0;

	sj->nw = 0;
	sj->wdone = 1;
	while (start < sj->len) {
		PCRE2_SIZE *ov;
		int rc;

		rc = pcre2_match(wordre, (PCRE2_SPTR)sj->s, sj->len, start,
		    0, rx->md, rx->ctx);
		if (rc < 0)
			break;
		ov = pcre2_get_ovector_pointer(rx->md);
		if (ov[1] <= ov[0])
			break;
		sj->wend = xgrowarray(sj->wend, sj->nw, &sj->walloc, 64,
		    sizeof(*sj->wend));
		sj->wend[sj->nw++] = ov[1];
		start = ov[1];
	}
}

/* index of the word at (or, outside words, right after) byte off */
/* how many of the ascending ends v[0, n) are at or before off */
static size_t
ends_upto(const size_t *v, size_t n, size_t off)
{
	size_t lo = 0, hi = n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (v[mid] <= off)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

static size_t
word_index(struct evalctx *e, struct subj *sj, size_t off)
{
	if (!sj->wdone)
		subj_words(&e->m->rx, sj);
	/* number of words ending at or before off */
	return ends_upto(sj->wend, sj->nw, off);
}

/* where the subject's sentences end (textseg.h) */
static void
subj_sentences(struct subj *sj)
{
	sj->nsent = 0;
	sj->sdone = 1;
	for (size_t i = 0; i < sj->len; i++) {
		char c = sj->s[i];

		if (c != '.' && c != '!' && c != '?' && c != ';' && c != '\n')
			continue;
		if (!textseg_ends_at(sj->s, sj->len, i))
			continue;
		sj->send = xgrowarray(sj->send, sj->nsent, &sj->salloc, 32,
		    sizeof(*sj->send));
		sj->send[sj->nsent++] = i + 1;
	}
}

/* index of the sentence holding byte off */
static size_t
sentence_index(struct subj *sj, size_t off)
{
	if (!sj->sdone)
		subj_sentences(sj);
	return ends_upto(sj->send, sj->nsent, off);
}

static void
limit_hit(struct evalctx *e, int rc)
{
	PCRE2_UCHAR msg[256];

	if (e->limited)
		return;
	e->limited = 1;
	atomic_fetch_add(&nlimit, 1);
	if (pcre2_get_error_message(rc, msg, sizeof(msg)) < 0)
		memcpy(msg, "unknown error", sizeof("unknown error"));
	log_warnx("rule=%s source=%s item=%s: regex limit hit (%s); counted "
	    "as no match", e->rule->id, e->source_id ? e->source_id : "-",
	    e->item->id ? e->item->id : "-", (const char *)msg);
}

/*
 * Run re (p's re or are, jitted: its flag in p) on the subject from start.
 * The pattern is the ruleset's, shared: only its JIT flag is written
 * (rx_jit_once).
 */
static int
re_exec(struct evalctx *e, const pcre2_code *re, const _Atomic int *jitted,
    const struct subj *sj, size_t start, size_t *mo, size_t *me)
{
	struct rx *rx = &e->m->rx;
	PCRE2_SIZE *ov;
	int rc;

	if (!e->m->nojit)
		rx_jit_once(re, (_Atomic int *)(uintptr_t)jitted);
	rc = pcre2_match(re, (PCRE2_SPTR)sj->s, sj->len, start,
	    e->m->nojit ? PCRE2_NO_JIT : 0, rx->md, rx->ctx);
	if (rc == PCRE2_ERROR_NOMATCH)
		return 0;
	if (rc < 0) {
		limit_hit(e, rc);
		return -1;
	}
	ov = pcre2_get_ovector_pointer(rx->md);
	*mo = ov[0];
	*me = ov[1] >= ov[0] ? ov[1] : ov[0];
	return 1;
}

/* can p match, given the literals present? */
static inline int
req_holds(const struct pattern *p, const uint64_t *bits)
{
	if (p->nconj == 0)
		return pf_eval(p->req, bits);
	for (unsigned k = 0; k < p->nconj; k++)
		if (!((bits[p->conj[k] >> 6] >> (p->conj[k] & 63)) & 1))
			return 0;
	return 1;
}

/*
 * Every match of p begins with one of the literals p->pre: try the
 * anchored pattern at each of their occurrences from start on, leftmost
 * first. That is what the unanchored search does, minus the positions
 * where no match can begin. Returns -2 when there are too many
 * occurrences to be worth it.
 */
static int
run_anchored(struct evalctx *e, const struct pattern *p,
    const struct subj *sj, size_t start, size_t *mo, size_t *me)
{
	const struct pf_occ *o = e->m->pfs.occ.v + sj->ofirst;
	size_t pos[ANCHOR_MAX], n = 0;

	for (size_t i = 0; i < sj->on; i++) {
		size_t at = o[i].pos, j;

		if (at < start || (p->pre_id != UINT32_MAX ? o[i].id !=
		    p->pre_id : !pf_req_has(p->pre, o[i].id)))
			continue;
		/* insert in order, once */
		for (j = n; j > 0 && pos[j - 1] > at; j--)
			;
		if (j > 0 && pos[j - 1] == at)
			continue;
		if (n == ANCHOR_MAX)
			return -2;
		memmove(pos + j + 1, pos + j, (n - j) * sizeof(*pos));
		pos[j] = at;
		n++;
	}
	for (size_t i = 0; i < n; i++) {
		int rc = re_exec(e, p->are, &p->jit_are, sj, pos[i], mo,
		    me);

		if (rc != 0)
			return rc;
	}
	return 0;
}

/* 1 match at [*mo, *me), 0 none, -1 limit or other matching error */
static int
run(struct evalctx *e, const struct pattern *p, struct subj *sj,
    size_t start, size_t *mo, size_t *me)
{
	if (p->re == NULL)
		return 0;
	if (e->found) {
		/* a literal the pattern needs is absent: it cannot match */
		if (!req_holds(p, e->found[sj->field]))
			return 0;
		if (p->are && sj->ovalid) {
			int rc = run_anchored(e, p, sj, start, mo, me);

			if (rc != -2)
				return rc;
		}
	}
	return re_exec(e, p->re, &p->jit_re, sj, start, mo, me);
}

/*
 * Calls fn on each subject of the fields k selects, in field order, until
 * one answers non-zero: 1 (a match: its field and subject go to r) or -1.
 */
typedef int subj_fn(struct evalctx *, const struct selkey *, struct subj *,
    struct selres *);

static int
each_subject(struct evalctx *e, const struct selkey *k, subj_fn *fn,
    struct selres *r)
{
	const struct view *v = e->view;

	for (int f = 0; f < FIELD_N; f++) {
		if (!(k->fields & FIELD_BIT(f)))
			continue;
		for (size_t j = 0; j < v->count[f]; j++) {
			size_t si = v->first[f] + j;
			int rc;

			rc = fn(e, k, &v->v[si], r);
			if (rc != 0) {
				if (rc > 0) {
					r->field = f;
					r->subj = si;
				}
				return rc;
			}
		}
	}
	return 0;
}

/* one subject of key_any: does one of the patterns match it? */
static int
any_subject(struct evalctx *e, const struct selkey *k, struct subj *sj,
    struct selres *r)
{
	for (size_t i = 0; i < k->npats; i++) {
		size_t mo, me;
		int rc;

		rc = run(e, &k->pats[i], sj, 0, &mo, &me);
		if (rc < 0)
			return -1;
		if (rc == 0)
			continue;
		r->off = mo;
		r->len = me - mo;
		return 1;
	}
	return 0;
}

static int
key_any(struct evalctx *e, const struct selkey *k, struct selres *r)
{
	return each_subject(e, k, any_subject, r);
}

static int
key_all(struct evalctx *e, const struct selkey *k, struct selres *r)
{
	const struct view *v = e->view;

	for (size_t i = 0; i < k->npats; i++) {
		int found = 0;

		for (int f = 0; f < FIELD_N && !found; f++) {
			if (!(k->fields & FIELD_BIT(f)))
				continue;
			for (size_t j = 0; j < v->count[f]; j++) {
				size_t si = v->first[f] + j, mo, me;
				int rc;

				rc = run(e, &k->pats[i], &v->v[si], 0, &mo,
				    &me);
				if (rc < 0)
					return -1;
				if (rc == 0)
					continue;
				found = 1;
				if (i == 0) {
					r->field = f;
					r->subj = si;
					r->off = mo;
					r->len = me - mo;
				}
				break;
			}
		}
		if (!found)
			return 0;
	}
	return 1;
}

struct occ {
	size_t	w;		/* word index */
	size_t	s;		/* sentence index (|sentence) */
	size_t	off, end;	/* bytes */
};

/*
 * The smallest window holding one occurrence of each of the n patterns
 * (occ[i][0, nocc[i]), in text order), counting only occurrences in
 * sentence sent (SIZE_MAX: any): advance the list whose current
 * occurrence comes first. Holds when the window spans at most near words
 * (near 0: any span). Sets *off, *len to the span; e->near_best.
 */
static int
occ_window(struct evalctx *e, struct occ **occ, const size_t *nocc,
    size_t *pos, size_t n, size_t sent, unsigned near, size_t *off,
    size_t *len)
{
	for (size_t i = 0; i < n; i++) {
		pos[i] = 0;
		while (pos[i] < nocc[i] && sent != SIZE_MAX &&
		    occ[i][pos[i]].s != sent)
			pos[i]++;
		if (pos[i] == nocc[i])
			return 0;
	}
	for (;;) {
		size_t lo = 0, minw = SIZE_MAX, maxw = 0;

		for (size_t i = 0; i < n; i++) {
			size_t w = occ[i][pos[i]].w;

			if (w < minw) {
				minw = w;
				lo = i;
			}
			if (w > maxw)
				maxw = w;
		}
		if (maxw - minw < e->near_best)
			e->near_best = maxw - minw;
		if (near == 0 || maxw - minw <= near) {
			size_t o = SIZE_MAX, end = 0;

			for (size_t i = 0; i < n; i++) {
				const struct occ *x = &occ[i][pos[i]];

				if (x->off < o)
					o = x->off;
				if (x->end > end)
					end = x->end;
			}
			*off = o;
			*len = end - o;
			return 1;
		}
		do
			pos[lo]++;
		while (pos[lo] < nocc[lo] && sent != SIZE_MAX &&
		    occ[lo][pos[lo]].s != sent);
		if (pos[lo] == nocc[lo])
			return 0;
	}
}

/* does pattern list i have an occurrence in sentence sent? */
static int
occ_in_sentence(const struct occ *o, size_t n, size_t sent)
{
	for (size_t k = 0; k < n && o[k].s <= sent; k++)
		if (o[k].s == sent)
			return 1;
	return 0;
}

/*
 * |near=N and/or |sentence on one subject: is there one occurrence of
 * every pattern such that their word indices differ by at most N and (for
 * |sentence) they all start in the same sentence?
 */
static int
near_subject(struct evalctx *e, const struct selkey *k, struct subj *sj,
    struct selres *r)
{
	struct occ **occ = NULL;
	size_t *nocc = NULL, *pos = NULL;
	int ret = 0;

	occ = xcalloc(k->npats, sizeof(*occ));
	nocc = xcalloc(k->npats, sizeof(*nocc));
	pos = xcalloc(k->npats, sizeof(*pos));
	for (size_t i = 0; i < k->npats; i++) {
		size_t start = 0, alloc = 0;

		while (start <= sj->len && nocc[i] < MATCH_NEAR_MAX_OCC) {
			size_t mo, me;
			int rc;

			rc = run(e, &k->pats[i], sj, start, &mo, &me);
			if (rc < 0) {
				ret = -1;
				goto out;
			}
			if (rc == 0)
				break;
			occ[i] = xgrowarray(occ[i], nocc[i], &alloc, 8,
			    sizeof(**occ));
			occ[i][nocc[i]].w = word_index(e, sj, mo);
			occ[i][nocc[i]].s = k->sentence ?
			    sentence_index(sj, mo) : 0;
			occ[i][nocc[i]].off = mo;
			occ[i][nocc[i]].end = me;
			nocc[i]++;
			if (me > mo)
				start = me;
			else {
				/* empty match: step one character */
				start = mo + 1;
				while (start < sj->len &&
				    ((unsigned char)sj->s[start] & 0xc0) ==
				    0x80)
					start++;
			}
		}
		if (nocc[i] == 0)
			goto out;
	}
	if (!k->sentence) {
		ret = occ_window(e, occ, nocc, pos, k->npats, SIZE_MAX,
		    k->near, &r->off, &r->len);
		goto out;
	}
	/* |sentence: a sentence every pattern occurs in, tried in order */
	for (size_t q = 0; q < nocc[0] && ret == 0; q++) {
		size_t sent = occ[0][q].s, i;

		if (q > 0 && occ[0][q - 1].s == sent)
			continue;
		for (i = 1; i < k->npats; i++)
			if (!occ_in_sentence(occ[i], nocc[i], sent))
				break;
		if (i == k->npats)
			ret = occ_window(e, occ, nocc, pos, k->npats, sent,
			    k->near, &r->off, &r->len);
	}
out:
	for (size_t i = 0; i < k->npats; i++)
		free(occ[i]);
	free(occ);
	free(nocc);
	free(pos);
	return ret;
}

static int
key_near(struct evalctx *e, const struct selkey *k, struct selres *r)
{
	return each_subject(e, k, near_subject, r);
}

int
match_key(struct evalctx *e, const struct selkey *k, struct selres *r)
{
	switch (k->mode) {
	case KEY_ALL:
		return key_all(e, k, r);
	case KEY_NEAR:
		return key_near(e, k, r);
	default:
		return key_any(e, k, r);
	}
}

static int
sel_eval(size_t i, void *payload)
{
	struct evalctx *e = payload;
	const struct selection *s = &e->rule->det->sels[i];
	struct selres *r = &e->res[i];

	if (r->st >= 0)
		return r->st;
	r->st = 0;
	for (size_t k = 0; k < s->nkeys; k++) {
		const struct selkey *key = &s->keys[k];
		struct selres tmp, *dst = k == 0 ? r : &tmp;

		if (match_key(e, key, dst) <= 0)
			return 0;	/* a limit error counts as false */
	}
	r->st = 1;
	return 1;
}

static int
is_space(unsigned char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' ||
	    c == '\v';
}

/* bytes of the UTF-8 character at s (1 for an invalid byte), valid? */
static size_t
u8char(const unsigned char *s, size_t n, int *valid)
{
	size_t l;

	if (s[0] < 0x80)
		l = 1;
	else if (s[0] >= 0xf0)
		l = 4;
	else if (s[0] >= 0xe0)
		l = 3;
	else if (s[0] >= 0xc0)
		l = 2;
	else
		l = 1;
	if (l > n || !utf8_valid((const char *)s, l)) {
		*valid = 0;
		return 1;
	}
	*valid = 1;
	return l;
}

/*
 * Build the excerpt of s[0, len) around the match [mo, mo + ml) into b;
 * see match.h.
 */
static void
excerpt(struct buf *b, const char *s, size_t len, size_t mo, size_t ml,
    size_t *hl_off, size_t *hl_len)
{
	size_t start, end, before, hl_end = 0, i, prefix;
	int space = 0, hl_started = 0, hl_done = 0;

	buf_reset(b);
	if (mo > len)
		mo = len;
	if (ml > len - mo)
		ml = len - mo;
	if (ml > EXCERPT_MATCH_MAX)
		ml = utf8_trunc(s + mo, ml, EXCERPT_MATCH_MAX);
	/* split the context budget, giving what one side cannot use to the
	 * other */
	before = (EXCERPT_MAX - ml) / 2;
	if (before > mo)
		before = mo;
	end = mo + ml + (EXCERPT_MAX - ml - before);
	if (end > len) {
		size_t spare = end - len;

		end = len;
		before = before + spare > mo ? mo : before + spare;
	}
	start = mo - before;
	/* land on character boundaries */
	while (start < mo && ((unsigned char)s[start] & 0xc0) == 0x80)
		start++;
	end = mo + ml + utf8_trunc(s + mo + ml, len - mo - ml,
	    end - mo - ml);
	/* and preferably on word boundaries */
	if (start > 0 && !is_space((unsigned char)s[start - 1])) {
		for (i = start; i < mo && i < start + EXCERPT_WORD_SLACK; i++)
			if (is_space((unsigned char)s[i])) {
				start = i + 1;
				break;
			}
	}
	if (end < len && !is_space((unsigned char)s[end])) {
		for (i = end; i > mo + ml && i + EXCERPT_WORD_SLACK > end; i--)
			if (is_space((unsigned char)s[i - 1])) {
				end = i - 1;
				break;
			}
	}
	if (start > 0)
		buf_addstr(b, "…");
	prefix = b->len;
	for (i = start; i < end;) {
		const unsigned char *c = (const unsigned char *)s + i;
		size_t l;
		int valid;

		if (i == mo && !hl_started) {
			if (space && b->len > prefix)
				buf_addch(b, ' ');
			space = 0;
			*hl_off = b->len;
			hl_started = 1;
		}
		if (i == mo + ml && hl_started && !hl_done) {
			hl_end = b->len;
			hl_done = 1;
		}
		if (is_space(*c) || *c < 0x20 || *c == 0x7f) {
			space = 1;
			i++;
			continue;
		}
		if (space && b->len > prefix)
			buf_addch(b, ' ');
		space = 0;
		l = u8char(c, end - i, &valid);
		if (valid)
			buf_add(b, c, l);
		else
			buf_addstr(b, "\xef\xbf\xbd");
		i += l;
	}
	if (!hl_started)
		*hl_off = b->len;
	if (!hl_done)
		hl_end = b->len;
	if (hl_end < *hl_off)
		hl_end = *hl_off;
	*hl_len = hl_end - *hl_off;
	if (end < len)
		buf_addstr(b, "…");
}

void
match_evalctx(struct evalctx *e, struct matcher *m, const struct rule *r,
    const struct item *it, struct selres *res, const char *source_id)
{
	/* a ruleset loaded on a cached verdict compiles on first use */
	if (r->det != NULL)
		rules_ready(r->det->owner);
	memset(e, 0, sizeof(*e));
	e->m = m;
	e->rule = r;
	e->item = it;
	e->view = &m->view;
	e->res = res;
	e->source_id = source_id;
	e->near_best = SIZE_MAX;
}

/* the hit: the first selection that matched and helped (chosen), or none */
static void
fill_hit(struct matcher *m, const struct rule *rule, size_t chosen,
    struct match_hit *hit)
{
	const struct detection *det = rule->det;
	const struct view *v = &m->view;
	const struct subj *sj;
	size_t off = 0, len = 0;

	memset(hit, 0, sizeof(*hit));
	hit->rule = rule;
	if (chosen == SIZE_MAX) {
		/* only negated selections: nothing to point at */
		sj = &v->v[v->first[FIELD_TITLE]];
		hit->selection = "";
		hit->field = rules_field_names[FIELD_TITLE];
	} else {
		const struct selres *r = &m->selres[chosen];

		sj = &v->v[r->subj];
		hit->selection = det->sels[chosen].name;
		hit->field = rules_field_names[r->field];
		off = r->off;
		len = r->len;
	}
	hit->match = sj->s + off;
	hit->matchlen = len;
	excerpt(&m->excerpt, sj->s, sj->len, off, len, &hit->hl_off,
	    &hit->hl_len);
	hit->excerpt = m->excerpt.data;
}

int
match_eval(struct matcher *m, const struct rule *rule, const struct item *it,
    const char *source_id, uint64_t *const *found, struct match_hit *hit,
    int *limited)
{
	const struct detection *det = rule->det;
	struct evalctx e;
	size_t chosen = SIZE_MAX;
	int held;

	if (det == NULL || det->nsels == 0)
		return 0;
	if (m->selres_alloc < det->nsels) {
		m->selres_alloc = det->nsels;
		m->selres = xreallocarray(m->selres, m->selres_alloc,
		    sizeof(*m->selres));
	}
	for (size_t i = 0; i < det->nsels; i++)
		m->selres[i].st = -1;
	match_evalctx(&e, m, rule, it, m->selres, source_id);
	e.found = found;
	held = cond_eval(det->cond, sel_eval, &e);
	if (limited)
		*limited = e.limited;
	if (!held)
		return 0;
	if (hit == NULL)
		return 1;
	/* report the first selection that matched and helped */
	for (size_t i = 0; i < det->nsels; i++)
		if (det->positive[i] && sel_eval(i, &e)) {
			chosen = i;
			break;
		}
	if (limited)
		*limited = e.limited;
	fill_hit(m, rule, chosen, hit);
	return 1;
}

int
match_rule(struct matcher *m, const struct rule *rule, const struct item *it,
    const char *source_id, struct match_hit *hit)
{
	match_view(m, it);
	return match_eval(m, rule, it, source_id, NULL, hit, NULL);
}

/*
 * Scan the item's fields for the ruleset's literals; mark in
 * m->pfs.touched the rules some present literal belongs to.
 */
static void
prefilter_item(struct matcher *m, const struct ruleset *rs)
{
	const struct rules_private *pv = rs->priv;
	struct pfstate *pfs = &m->pfs;
	struct view *v = &m->view;
	size_t nw = pf_words(pv->pf), nl = pf_nlits(pv->pf);

	if (pfs->nwords < nw) {
		free(pfs->words);
		pfs->words = xcalloc((FIELD_N + 1) * nw, sizeof(*pfs->words));
		pfs->nwords = nw;
	}
	if (pfs->nids < nl) {
		free(pfs->all.ids);
		pfs->all.ids = xcalloc(nl, sizeof(*pfs->all.ids));
		pfs->nids = nl;
	}
	if (pfs->ntouched < rs->n) {
		free(pfs->touched);
		pfs->touched = xcalloc(rs->n, 1);
		pfs->ntouched = rs->n;
	}
	memset(pfs->words, 0, (FIELD_N + 1) * nw * sizeof(*pfs->words));
	for (int f = 0; f < FIELD_N; f++)
		pfs->found[f] = pfs->words + (size_t)f * nw;
	pfs->all.bits = pfs->words + (size_t)FIELD_N * nw;
	pfs->all.nids = 0;
	memset(pfs->touched, 0, rs->n);
	if (pfs->occ.v == NULL) {
		pfs->occ.v = xcalloc(OCC_MAX, sizeof(*pfs->occ.v));
		pfs->occ.max = OCC_MAX;
	}
	pfs->occ.n = 0;
	for (int f = 0; f < FIELD_N; f++) {
		if (!(pv->fields & FIELD_BIT(f)))
			continue;
		for (size_t j = 0; j < v->count[f]; j++) {
			struct subj *sj = &v->v[v->first[f] + j];

			pfs->occ.overflow = 0;
			sj->ofirst = pfs->occ.n;
			pf_scan(pv->pf, sj->s, sj->len, pfs->found[f],
			    &pfs->all, &pfs->occ);
			sj->on = pfs->occ.n - sj->ofirst;
			sj->ovalid = !pfs->occ.overflow;
		}
	}
	/* a rule is worth evaluating when one of its patterns'
	 * requirements holds somewhere in the item */
	for (size_t i = 0; i < pfs->all.nids; i++) {
		size_t n;
		const uint32_t *own = pf_owners(pv->pf, pfs->all.ids[i], &n);

		for (size_t k = 0; k < n; k++) {
			const struct pf_ref *r = &pv->refs[own[k]];

			if (!pfs->touched[r->rule] &&
			    req_holds(r->pat, pfs->all.bits))
				pfs->touched[r->rule] = 1;
		}
	}
}

int
match_in_list(char *const *list, const char *s)
{
	if (s == NULL)
		return 0;
	for (size_t i = 0; list[i]; i++)
		if (strcmp(list[i], s) == 0)
			return 1;
	return 0;
}

int
match_in_sources(const struct rule *r, const struct match_ctx *ctx)
{
	if (r->sources == NULL)
		return 1;
	if (match_in_list(r->sources, ctx->source_id))
		return 1;
	for (size_t i = 0; ctx->tags && ctx->tags[i]; i++)
		if (match_in_list(r->sources, ctx->tags[i]))
			return 1;
	return 0;
}

void
match_lang_decide(struct matcher *m, const struct item *it)
{
	if (m->il.decided)
		return;
	m->il.decided = 1;
	m->il.declared = it->lang && *it->lang ? it->lang : NULL;
	if (m->il.declared == NULL)
		lang_detect(&m->il.g, it->title, it->text);
}

int
match_in_langs(const char *const *list, const char *lang)
{
	for (size_t i = 0; list[i]; i++)
		if (lang_same(list[i], lang))
			return 1;
	return 0;
}

/* the languages rule r is for: its own, every one, or the configured */
const char *const *
match_rule_langs(const struct rule *r, const struct match_ctx *ctx)
{
	if (r->languages_any)
		return NULL;
	if (r->languages)
		return (const char *const *)r->languages;
	return ctx ? ctx->languages : NULL;
}

/*
 * Is the item in a language rule r is for? An item whose language is
 * unknown (too short to detect) is.
 */
int
match_lang_ok(struct matcher *m, const struct rule *r,
    const struct match_ctx *ctx, const struct item *it)
{
	const char *const *allow = match_rule_langs(r, ctx);

	if (allow == NULL)
		return 1;
	match_lang_decide(m, it);
	if (m->il.declared)
		return match_in_langs(allow, m->il.declared);
	for (size_t i = 0; i < m->il.g.n; i++)
		if (match_in_langs(allow, m->il.g.cand[i]))
			return 1;
	return m->il.g.n == 0;
}

/*
 * The competitors a source with no competitor is about (attrib.h), or
 * NULL when attribution does not apply.
 */
const char *const *
match_attribute(struct matcher *m, const struct ruleset *rs,
    const struct item *it, const struct match_ctx *ctx)
{
	if (ctx == NULL || ctx->competitor != NULL || rs->competitors == NULL)
		return NULL;
	attrib_item(rs->competitors, it->title, it->text, &m->attr);
	return m->attr.ids;
}

/* Does rule r apply (its competitors and sources)? */
int
match_in_scope(const struct rule *r, const struct match_ctx *ctx,
    const char *const *attributed)
{
	if (ctx == NULL)
		return 1;
	if (r->competitors) {
		if (ctx->competitor) {
			if (!match_in_list(r->competitors, ctx->competitor))
				return 0;
		} else {
			size_t i;

			for (i = 0; attributed && attributed[i]; i++)
				if (match_in_list(r->competitors, attributed[i]))
					break;
			if (attributed == NULL || attributed[i] == NULL)
				return 0;
		}
	}
	return match_in_sources(r, ctx);
}

/*
 * The competitor a hit of r (in scope) is about: the source's, else the
 * first attributed one the rule names, else (unscoped rule) the first
 * attributed one; NULL when none.
 */
static const char *
hit_competitor(const struct rule *r, const struct match_ctx *ctx,
    const char *const *attributed)
{
	if (ctx == NULL || ctx->competitor)
		return ctx ? ctx->competitor : NULL;
	for (size_t i = 0; attributed && attributed[i]; i++)
		if (r->competitors == NULL || match_in_list(r->competitors,
		    attributed[i]))
			return attributed[i];
	return NULL;
}

/*
 * A regex limit hit while rule i looked at the item: one more item toward
 * the rule's budget; at the budget the rule is suspended for the process.
 */
static void
limit_budget(const struct ruleset *rs, size_t i, const struct item *it,
    const struct match_ctx *ctx)
{
	unsigned n = atomic_fetch_add(&rs->priv->limit_errors[i], 1) + 1;

	if (n == MATCH_LIMIT_BUDGET)
		log_warnx("rule=%s suspended for the rest of the run: "
		    "regex limit hit on %u items (last: source=%s "
		    "item=%s); it matches nothing more until the next "
		    "run; make its patterns cheaper", rs->rules[i].id, n,
		    ctx && ctx->source_id ? ctx->source_id : "-",
		    it->id ? it->id : "-");
}

/* what match_item decided about the item's language, for ctx->info */
static void
fill_info(const struct matcher *m, const struct match_ctx *ctx,
    size_t skipped)
{
	if (ctx == NULL || ctx->info == NULL)
		return;
	memset(ctx->info, 0, sizeof(*ctx->info));
	ctx->info->lang_skipped = skipped;
	if (m->il.decided && m->il.declared)
		ctx->info->lang = m->il.declared;
	else if (m->il.decided && m->il.g.n) {
		ctx->info->lang = m->il.g.cand[0];
		ctx->info->detected = 1;
	}
}

size_t
matcher_item(struct matcher *m, const struct ruleset *rs,
    const struct item *it, const struct match_ctx *ctx, match_cb cb,
    void *payload)
{
	struct match_hit hit;
	uint64_t *const *found = NULL;
	const unsigned char *always = NULL;
	const char *const *attributed;
	_Atomic unsigned *errs;
	size_t n = 0, skipped = 0;

	if (rs == NULL || it == NULL)
		return 0;
	rules_ready(rs->priv);	/* before the prefilter reads the index */
	m->il.decided = 0;
	match_view(m, it);
	attributed = match_attribute(m, rs, it, ctx);
	if (m->prefilter && rs->priv != NULL && rs->priv->pf != NULL) {
		prefilter_item(m, rs);
		found = m->pfs.found;
		always = rs->priv->always;
	}
	errs = rs->priv ? rs->priv->limit_errors : NULL;
	for (size_t i = 0; i < rs->n; i++) {
		const struct rule *r = &rs->rules[i];
		int held, limited = 0;

		if (errs && atomic_load_explicit(&errs[i],
		    memory_order_relaxed) >= MATCH_LIMIT_BUDGET)
			continue;	/* suspended */
		/* no literal of the rule is present: it cannot hold */
		if (found && !always[i] && !m->pfs.touched[i])
			continue;
		if (!match_in_scope(r, ctx, attributed))
			continue;
		held = match_eval(m, r, it, ctx ? ctx->source_id : NULL,
		    found, &hit, &limited);
		if (limited && errs)
			limit_budget(rs, i, it, ctx);
		if (!held)
			continue;
		/* after the match: detection runs only when a hit needs it */
		if (!match_lang_ok(m, r, ctx, it)) {
			skipped++;
			continue;
		}
		hit.competitor = hit_competitor(r, ctx, attributed);
		hit.attributed = hit.competitor != NULL &&
		    ctx->competitor == NULL;
		n++;
		if (cb)
			cb(&hit, payload);
	}
	fill_info(m, ctx, skipped);
	return n;
}

size_t
match_item(const struct ruleset *rs, const struct item *it,
    const struct match_ctx *ctx, match_cb cb, void *payload)
{
	return matcher_item(matcher_thread(), rs, it, ctx, cb, payload);
}
