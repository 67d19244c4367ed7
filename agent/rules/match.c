#include "match.h"

#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "attrib.h"
#include "buf.h"
#include "lang.h"
#include "log.h"
#include "rules_private.h"
#include "textseg.h"
#include "util.h"
#include "xmalloc.h"

/* Limits from the reliability catalogue (section 3). */
#define MATCH_LIMIT		200000
#define MATCH_DEPTH_LIMIT	10000
#define MATCH_HEAP_LIMIT_KIB	20000
#define MATCH_JIT_STACK_MIN	(32 * 1024)
#define MATCH_JIT_STACK_MAX	(1024 * 1024)
/* rules see at most this much of one field (one category) */
#define MATCH_SUBJECT_MAX	(256 * 1024)
/* |near: occurrences of one pattern considered per subject */
#define MATCH_NEAR_MAX_OCC	4096
/* a rule whose condition may hold with no literal present in this many
 * selections or more is always evaluated (2^n condition probes) */
#define ALWAYS_PROBE_MAX	12
/* literal occurrences recorded per item (for anchored runs) */
#define OCC_MAX			16384
/* anchored runs tried per pattern and subject before a plain run */
#define ANCHOR_MAX		64
/* excerpt size around a match, in bytes (before "…" marks) */
#define EXCERPT_MAX		300
#define EXCERPT_MATCH_MAX	200
/* how far the excerpt edges may move to land on a word boundary */
#define EXCERPT_WORD_SLACK	24

const char *const rules_field_names[FIELD_N + 1] = {
	"title", "text", "link", "author", "categories", NULL
};

/*
 * sigwatch is single-threaded: one match context, one JIT stack and one
 * match data serve every pattern, so matching allocates nothing per
 * pattern per item.
 */
static pcre2_match_context	*mctx;
static pcre2_jit_stack		*jstack;
static pcre2_match_data		*mdata;
static pcre2_code		*wordre;	/* \w+ under UCP: words for |near */
static size_t			 nlimit;
static int			 prefilter_on = 1;

/* one subject: a field, or one category */
struct subj {
	const char	*s;
	size_t		 len;
	int		 field;
	/* prefilter: this subject's literal occurrences in pfs.occ */
	size_t		 ofirst, on;
	int		 ovalid;
	size_t		*wend;		/* ends of words, ascending */
	size_t		 nw, walloc;
	int		 wdone;
	size_t		*send;		/* ends of sentences (textseg.h) */
	size_t		 nsent, salloc;
	int		 sdone;
};

struct view {
	struct subj	*v;
	size_t		 n, alloc;
	size_t		 first[FIELD_N], count[FIELD_N];
};

/* where a selection (key) matched */
struct selres {
	signed char	 st;		/* -1 not evaluated, 0 false, 1 true */
	int		 field;
	size_t		 subj;
	size_t		 off, len;
};

struct evalctx {
	const struct rule	*rule;
	const struct item	*item;
	struct view		*view;
	struct selres		*res;
	const char		*source_id;
	int			 limited;
	/* prefilter: per field, the literals present; NULL: off */
	uint64_t *const		*found;
	/* |near: the smallest word distance seen (match_explain) */
	size_t			 near_best;
};

/* per item prefilter state, sized for the largest ruleset seen */
struct pfstate {
	uint64_t	*found[FIELD_N];
	uint64_t	*words;		/* FIELD_N * nwords + nwords */
	size_t		 nwords;
	struct pf_found	 all;
	size_t		 nids;
	struct pf_occs	 occ;
	unsigned char	*touched;	/* per rule */
	size_t		 ntouched;
};

static struct view	 theview;
static struct pfstate	 pfs;
static struct selres	*selres;
static size_t		 selres_alloc;
static struct buf	 excerpt_buf = BUF_INIT;
static struct attribution attr = ATTRIBUTION_INIT;

/* the current item's language, decided once and only when needed */
static struct {
	int			 decided;
	const char		*declared;	/* the item's lang */
	struct lang_guess	 g;		/* else detection */
} il;
static int		 jit_off;	/* no JIT here, or it failed once */

static void
init(void)
{
	static const PCRE2_SPTR wordpat = (PCRE2_SPTR)"\\w+";
	uint32_t jit = 0;
	int ec;
	PCRE2_SIZE eo;

	if (mctx != NULL)
		return;
	mctx = pcre2_match_context_create(NULL);
	mdata = pcre2_match_data_create(1, NULL);
	if (mctx == NULL || mdata == NULL)
		fatalx("pcre2: out of memory");
	pcre2_set_match_limit(mctx, MATCH_LIMIT);
	pcre2_set_depth_limit(mctx, MATCH_DEPTH_LIMIT);
	pcre2_set_heap_limit(mctx, MATCH_HEAP_LIMIT_KIB);
	jstack = pcre2_jit_stack_create(MATCH_JIT_STACK_MIN,
	    MATCH_JIT_STACK_MAX, NULL);
	if (jstack != NULL)
		pcre2_jit_stack_assign(mctx, NULL, jstack);
	if (pcre2_config(PCRE2_CONFIG_JIT, &jit) < 0 || !jit) {
		log_warnx("pcre2 has no JIT here; using the interpreter");
		jit_off = 1;
	}
	wordre = pcre2_compile(wordpat, PCRE2_ZERO_TERMINATED,
	    PCRE2_UTF | PCRE2_UCP | PCRE2_MATCH_INVALID_UTF, &ec, &eo, NULL);
	if (wordre == NULL)
		BUG("cannot compile the word pattern");
	(void)pcre2_jit_compile(wordre, PCRE2_JIT_COMPLETE);
}

pcre2_match_context *
match_context(void)
{
	init();
	return mctx;
}

pcre2_match_data *
match_data(void)
{
	init();
	return mdata;
}

void
match_set_prefilter(int on)
{
	prefilter_on = on;
}

size_t
match_limit_errors(void)
{
	return nlimit;
}

int
match_rule_suspended(const struct ruleset *rs, size_t i, unsigned *errors)
{
	unsigned e = rs && rs->priv && rs->priv->limit_errors && i < rs->n ?
	    rs->priv->limit_errors[i] : 0;

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

		v->alloc = v->alloc ? v->alloc * 2 : 16;
		v->v = xreallocarray(v->v, v->alloc, sizeof(*v->v));
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

static void
view_build(struct view *v, const struct item *it)
{
	static struct buf mtitle = BUF_INIT, mtext = BUF_INIT;

	v->n = 0;
	v->first[FIELD_TITLE] = v->n;
	view_add(v, it->title, FIELD_TITLE);
	mask_urls(&v->v[v->n - 1], &mtitle);
	v->first[FIELD_TEXT] = v->n;
	view_add(v, it->text, FIELD_TEXT);
	mask_urls(&v->v[v->n - 1], &mtext);
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
subj_words(struct subj *sj)
{
	size_t start = 0;

	sj->nw = 0;
	sj->wdone = 1;
	while (start < sj->len) {
		PCRE2_SIZE *ov;
		int rc;

		rc = pcre2_match(wordre, (PCRE2_SPTR)sj->s, sj->len, start,
		    0, mdata, mctx);
		if (rc < 0)
			break;
		ov = pcre2_get_ovector_pointer(mdata);
		if (ov[1] <= ov[0])
			break;
		if (sj->nw == sj->walloc) {
			sj->walloc = sj->walloc ? sj->walloc * 2 : 64;
			sj->wend = xreallocarray(sj->wend, sj->walloc,
			    sizeof(*sj->wend));
		}
		sj->wend[sj->nw++] = ov[1];
		start = ov[1];
	}
}

/* index of the word at (or, outside words, right after) byte off */
static size_t
word_index(struct subj *sj, size_t off)
{
	size_t lo = 0, hi;

	if (!sj->wdone)
		subj_words(sj);
	hi = sj->nw;
	/* number of words ending at or before off */
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (sj->wend[mid] <= off)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
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
		if (sj->nsent == sj->salloc) {
			sj->salloc = sj->salloc ? sj->salloc * 2 : 32;
			sj->send = xreallocarray(sj->send, sj->salloc,
			    sizeof(*sj->send));
		}
		sj->send[sj->nsent++] = i + 1;
	}
}

/* index of the sentence holding byte off */
static size_t
sentence_index(struct subj *sj, size_t off)
{
	size_t lo = 0, hi;

	if (!sj->sdone)
		subj_sentences(sj);
	hi = sj->nsent;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (sj->send[mid] <= off)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

static void
limit_hit(struct evalctx *e, int rc)
{
	PCRE2_UCHAR msg[256];

	if (e->limited)
		return;
	e->limited = 1;
	nlimit++;
	if (pcre2_get_error_message(rc, msg, sizeof(msg)) < 0)
		memcpy(msg, "unknown error", sizeof("unknown error"));
	log_warnx("rule=%s source=%s item=%s: regex limit hit (%s); counted "
	    "as no match", e->rule->id, e->source_id ? e->source_id : "-",
	    e->item->id ? e->item->id : "-", (const char *)msg);
}

/*
 * JIT-compile a rule's pattern before its first match, not at load: a run
 * whose sources all answer 304 never pays for it (14% of a warm run's
 * CPU). A failure switches the JIT off for the rest of the process; the
 * interpreter gives the same matches under the same limits.
 */
static void
jit_once(const pcre2_code *re)
{
	PCRE2_UCHAR msg[256];
	size_t size = 0;
	int ec;

	if (jit_off || (pcre2_pattern_info(re, PCRE2_INFO_JITSIZE, &size) ==
	    0 && size > 0))
		return;
	/* the code is the ruleset's, never const: only this call writes */
	ec = pcre2_jit_compile((pcre2_code *)(uintptr_t)re,
	    PCRE2_JIT_COMPLETE);
	if (ec != 0) {
		jit_off = 1;
		pcre2_get_error_message(ec, msg, sizeof(msg));
		log_warnx("pcre2 JIT unavailable (%s); using the interpreter",
		    (const char *)msg);
	}
}

static int
re_exec(struct evalctx *e, const pcre2_code *re, const struct subj *sj,
    size_t start, size_t *mo, size_t *me)
{
	PCRE2_SIZE *ov;
	int rc;

	jit_once(re);
	rc = pcre2_match(re, (PCRE2_SPTR)sj->s, sj->len, start, 0, mdata,
	    mctx);
	if (rc == PCRE2_ERROR_NOMATCH)
		return 0;
	if (rc < 0) {
		limit_hit(e, rc);
		return -1;
	}
	ov = pcre2_get_ovector_pointer(mdata);
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
	const struct pf_occ *o = pfs.occ.v + sj->ofirst;
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
		int rc = re_exec(e, p->are, sj, pos[i], mo, me);

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
	return re_exec(e, p->re, sj, start, mo, me);
}

static int
key_any(struct evalctx *e, const struct selkey *k, struct selres *r)
{
	const struct view *v = e->view;

	for (int f = 0; f < FIELD_N; f++) {
		if (!(k->fields & FIELD_BIT(f)))
			continue;
		for (size_t j = 0; j < v->count[f]; j++) {
			size_t si = v->first[f] + j;

			for (size_t i = 0; i < k->npats; i++) {
				size_t mo, me;
				int rc;

				rc = run(e, &k->pats[i], &v->v[si], 0, &mo,
				    &me);
				if (rc < 0)
					return -1;
				if (rc == 0)
					continue;
				r->field = f;
				r->subj = si;
				r->off = mo;
				r->len = me - mo;
				return 1;
			}
		}
	}
	return 0;
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
			if (nocc[i] == alloc) {
				alloc = alloc ? alloc * 2 : 8;
				occ[i] = xreallocarray(occ[i], alloc,
				    sizeof(**occ));
			}
			occ[i][nocc[i]].w = word_index(sj, mo);
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
	const struct view *v = e->view;

	for (int f = 0; f < FIELD_N; f++) {
		if (!(k->fields & FIELD_BIT(f)))
			continue;
		for (size_t j = 0; j < v->count[f]; j++) {
			size_t si = v->first[f] + j;
			int rc;

			rc = near_subject(e, k, &v->v[si], r);
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
		int rc;

		switch (key->mode) {
		case KEY_ALL:
			rc = key_all(e, key, dst);
			break;
		case KEY_NEAR:
			rc = key_near(e, key, dst);
			break;
		default:
			rc = key_any(e, key, dst);
			break;
		}
		if (rc <= 0)
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

/* the rule's condition on the item; fills hit when it holds */
static int
rule_eval(const struct rule *rule, const struct item *it, struct view *v,
    const char *source_id, uint64_t *const *found, struct match_hit *hit)
{
	const struct detection *det = rule->det;
	struct evalctx e;
	const struct selres *r;
	const struct subj *sj;
	size_t chosen = SIZE_MAX;

	if (det == NULL || det->nsels == 0)
		return 0;
	if (selres_alloc < det->nsels) {
		selres_alloc = det->nsels;
		selres = xreallocarray(selres, selres_alloc, sizeof(*selres));
	}
	for (size_t i = 0; i < det->nsels; i++)
		selres[i].st = -1;
	memset(&e, 0, sizeof(e));
	e.rule = rule;
	e.item = it;
	e.view = v;
	e.res = selres;
	e.source_id = source_id;
	e.found = found;
	e.near_best = SIZE_MAX;
	if (!cond_eval(det->cond, sel_eval, &e))
		return 0;
	if (hit == NULL)
		return 1;
	/* report the first selection that matched and helped */
	for (size_t i = 0; i < det->nsels; i++)
		if (det->positive[i] && sel_eval(i, &e)) {
			chosen = i;
			break;
		}
	memset(hit, 0, sizeof(*hit));
	hit->rule = rule;
	if (chosen == SIZE_MAX) {
		/* only negated selections: nothing to point at */
		sj = &v->v[v->first[FIELD_TITLE]];
		hit->selection = "";
		hit->field = rules_field_names[FIELD_TITLE];
		hit->match = sj->s;
		hit->matchlen = 0;
		excerpt(&excerpt_buf, sj->s, sj->len, 0, 0, &hit->hl_off,
		    &hit->hl_len);
	} else {
		r = &selres[chosen];
		sj = &v->v[r->subj];
		hit->selection = det->sels[chosen].name;
		hit->field = rules_field_names[r->field];
		hit->match = sj->s + r->off;
		hit->matchlen = r->len;
		excerpt(&excerpt_buf, sj->s, sj->len, r->off, r->len,
		    &hit->hl_off, &hit->hl_len);
	}
	hit->excerpt = excerpt_buf.data;
	return 1;
}

int
match_rule(const struct rule *rule, const struct item *it,
    const char *source_id, struct match_hit *hit)
{
	init();
	view_build(&theview, it);
	return rule_eval(rule, it, &theview, source_id, NULL, hit);
}

/* ---- the prefilter index ---- */

/* can selection s hold with no literal present? */
static int
sel_possible_bare(const struct selection *s)
{
	for (size_t k = 0; k < s->nkeys; k++) {
		const struct selkey *key = &s->keys[k];
		int any = 0, all = 1;

		for (size_t i = 0; i < key->npats; i++) {
			int bare = key->pats[i].re != NULL &&
			    key->pats[i].req == NULL;

			any |= bare;
			all &= bare;
		}
		if (key->mode == KEY_ANY ? !any : !all)
			return 0;
	}
	return 1;
}

struct probe {
	const unsigned char	*bare;
	unsigned		 bits;
	const size_t		*slot;	/* selection -> bit, or SIZE_MAX */
};

static int
probe_sel(size_t i, void *payload)
{
	const struct probe *pr = payload;

	if (pr->slot[i] == SIZE_MAX)
		return 0;
	return (pr->bits >> pr->slot[i]) & 1;
}

/*
 * May the rule's condition hold with no literal present in the item? Only
 * the selections that can hold then (patterns without a literal) may be
 * true; every combination of them is tried.
 */
static int
rule_always(const struct rule *r)
{
	const struct detection *det = r->det;
	unsigned char *bare;
	size_t *slot, nbare = 0;
	struct probe pr;
	int always = 0;

	if (det == NULL || det->nsels == 0 || det->cond == NULL)
		return 0;
	bare = xcalloc(det->nsels, 1);
	slot = xcalloc(det->nsels, sizeof(*slot));
	for (size_t i = 0; i < det->nsels; i++) {
		bare[i] = (unsigned char)sel_possible_bare(&det->sels[i]);
		slot[i] = bare[i] ? nbare++ : SIZE_MAX;
	}
	if (nbare >= ALWAYS_PROBE_MAX)
		always = 1;
	else {
		pr.bare = bare;
		pr.slot = slot;
		for (unsigned b = 0; b < (1u << nbare) && !always; b++) {
			pr.bits = b;
			always = cond_eval(det->cond, probe_sel, &pr);
		}
	}
	free(bare);
	free(slot);
	return always;
}

/*
 * A pattern whose matches begin with known literals gets an anchored copy
 * (run_anchored); the literals go into the automaton without waking any
 * rule up.
 */
static void
anchor(struct pf *pf, struct pattern *p)
{
	uint32_t opts = 0, one;
	PCRE2_SIZE eo;
	int ec;

	p->pre_id = UINT32_MAX;
	if (p->pre == NULL || p->re == NULL || p->expanded == NULL)
		return;
	if (p->are == NULL) {
		if (pcre2_pattern_info(p->re, PCRE2_INFO_ARGOPTIONS, &opts) !=
		    0)
			return;
		p->are = pcre2_compile((PCRE2_SPTR)p->expanded,
		    PCRE2_ZERO_TERMINATED, opts | PCRE2_ANCHORED, &ec, &eo,
		    NULL);
		if (p->are == NULL)
			return;	/* JIT-compiled on first use, as p->re */
	}
	pf_add(pf, p->pre, PF_NO_OWNER);
	if (pf_req_conj(p->pre, &one, 1) == 1)
		p->pre_id = one;
}

static void
add_ref(struct rules_private *pv, uint32_t rule, const struct pattern *p)
{
	if ((pv->nrefs & (pv->nrefs - 1)) == 0)
		pv->refs = xreallocarray(pv->refs, pv->nrefs ? pv->nrefs * 2 :
		    1, sizeof(*pv->refs));
	pv->refs[pv->nrefs].rule = rule;
	pv->refs[pv->nrefs].pat = p;
	pv->nrefs++;
}

void
match_index(struct ruleset *rs)
{
	struct rules_private *pv;

	if (rs == NULL)
		return;
	match_index_free(rs->priv);
	pv = xcalloc(1, sizeof(*pv));
	pv->always = xcalloc(rs->n ? rs->n : 1, 1);
	pv->limit_errors = xcalloc(rs->n ? rs->n : 1,
	    sizeof(*pv->limit_errors));
	pv->pf = pf_new();
	for (size_t i = 0; i < rs->n; i++) {
		const struct detection *det = rs->rules[i].det;

		pv->always[i] = (unsigned char)rule_always(&rs->rules[i]);
		for (size_t s = 0; det && s < det->nsels; s++)
			for (size_t k = 0; k < det->sels[s].nkeys; k++) {
				const struct selkey *key = &det->sels[s].keys[k];

				pv->fields |= key->fields;
				for (size_t j = 0; j < key->npats; j++) {
					struct pattern *p = &key->pats[j];

					if (p->req != NULL) {
						add_ref(pv, (uint32_t)i, p);
						pf_add(pv->pf, p->req,
						    (uint32_t)(pv->nrefs - 1));
					}
					p->nconj = (unsigned)pf_req_conj(
					    p->req, p->conj, 4);
					anchor(pv->pf, p);
				}
			}
	}
	if (pf_compile(pv->pf) < 0) {
		log_warnx("rules: literal prefilter too large (%zu literals); "
		    "matching without it", pf_nlits(pv->pf));
		pf_free(pv->pf);
		pv->pf = NULL;
	}
	rs->priv = pv;
}

void
match_index_free(struct rules_private *pv)
{
	if (pv == NULL)
		return;
	pf_free(pv->pf);
	free(pv->always);
	free(pv->refs);
	free(pv->limit_errors);
	free(pv);
}

/*
 * Scan the item's fields for the ruleset's literals; mark in
 * pfs.touched the rules some present literal belongs to.
 */
static void
prefilter_item(const struct ruleset *rs, struct view *v)
{
	const struct rules_private *pv = rs->priv;
	size_t nw = pf_words(pv->pf), nl = pf_nlits(pv->pf);

	if (pfs.nwords < nw) {
		free(pfs.words);
		pfs.words = xcalloc((FIELD_N + 1) * nw, sizeof(*pfs.words));
		pfs.nwords = nw;
	}
	if (pfs.nids < nl) {
		free(pfs.all.ids);
		pfs.all.ids = xcalloc(nl, sizeof(*pfs.all.ids));
		pfs.nids = nl;
	}
	if (pfs.ntouched < rs->n) {
		free(pfs.touched);
		pfs.touched = xcalloc(rs->n, 1);
		pfs.ntouched = rs->n;
	}
	memset(pfs.words, 0, (FIELD_N + 1) * nw * sizeof(*pfs.words));
	for (int f = 0; f < FIELD_N; f++)
		pfs.found[f] = pfs.words + (size_t)f * nw;
	pfs.all.bits = pfs.words + (size_t)FIELD_N * nw;
	pfs.all.nids = 0;
	memset(pfs.touched, 0, rs->n);
	if (pfs.occ.v == NULL) {
		pfs.occ.v = xcalloc(OCC_MAX, sizeof(*pfs.occ.v));
		pfs.occ.max = OCC_MAX;
	}
	pfs.occ.n = 0;
	for (int f = 0; f < FIELD_N; f++) {
		if (!(pv->fields & FIELD_BIT(f)))
			continue;
		for (size_t j = 0; j < v->count[f]; j++) {
			struct subj *sj = &v->v[v->first[f] + j];

			pfs.occ.overflow = 0;
			sj->ofirst = pfs.occ.n;
			pf_scan(pv->pf, sj->s, sj->len, pfs.found[f],
			    &pfs.all, &pfs.occ);
			sj->on = pfs.occ.n - sj->ofirst;
			sj->ovalid = !pfs.occ.overflow;
		}
	}
	/* a rule is worth evaluating when one of its patterns'
	 * requirements holds somewhere in the item */
	for (size_t i = 0; i < pfs.all.nids; i++) {
		size_t n;
		const uint32_t *own = pf_owners(pv->pf, pfs.all.ids[i], &n);

		for (size_t k = 0; k < n; k++) {
			const struct pf_ref *r = &pv->refs[own[k]];

			if (!pfs.touched[r->rule] &&
			    req_holds(r->pat, pfs.all.bits))
				pfs.touched[r->rule] = 1;
		}
	}
}

static int
in_list(char *const *list, const char *s)
{
	if (s == NULL)
		return 0;
	for (size_t i = 0; list[i]; i++)
		if (strcmp(list[i], s) == 0)
			return 1;
	return 0;
}

static int
in_sources(const struct rule *r, const struct match_ctx *ctx)
{
	if (r->sources == NULL)
		return 1;
	if (in_list(r->sources, ctx->source_id))
		return 1;
	for (size_t i = 0; ctx->tags && ctx->tags[i]; i++)
		if (in_list(r->sources, ctx->tags[i]))
			return 1;
	return 0;
}

static void
lang_decide(const struct item *it)
{
	if (il.decided)
		return;
	il.decided = 1;
	il.declared = it->lang && *it->lang ? it->lang : NULL;
	if (il.declared == NULL)
		lang_detect(&il.g, it->title, it->text);
}

static int
in_langs(const char *const *list, const char *lang)
{
	for (size_t i = 0; list[i]; i++)
		if (lang_same(list[i], lang))
			return 1;
	return 0;
}

/* the languages rule r is for: its own, every one, or the configured */
static const char *const *
rule_langs(const struct rule *r, const struct match_ctx *ctx)
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
static int
lang_ok(const struct rule *r, const struct match_ctx *ctx,
    const struct item *it)
{
	const char *const *allow = rule_langs(r, ctx);

	if (allow == NULL)
		return 1;
	lang_decide(it);
	if (il.declared)
		return in_langs(allow, il.declared);
	for (size_t i = 0; i < il.g.n; i++)
		if (in_langs(allow, il.g.cand[i]))
			return 1;
	return il.g.n == 0;
}

/*
 * The competitors a source with no competitor is about (attrib.h), or
 * NULL when attribution does not apply.
 */
static const char *const *
attribute(const struct ruleset *rs, const struct item *it,
    const struct match_ctx *ctx)
{
	if (ctx == NULL || ctx->competitor != NULL || rs->competitors == NULL)
		return NULL;
	attrib_item(rs->competitors, it->title, it->text, &attr);
	return attr.ids;
}

/* Does rule r apply (its competitors and sources)? */
static inline int
in_scope(const struct rule *r, const struct match_ctx *ctx,
    const char *const *attributed)
{
	if (ctx == NULL)
		return 1;
	if (r->competitors) {
		if (ctx->competitor) {
			if (!in_list(r->competitors, ctx->competitor))
				return 0;
		} else {
			size_t i;

			for (i = 0; attributed && attributed[i]; i++)
				if (in_list(r->competitors, attributed[i]))
					break;
			if (attributed == NULL || attributed[i] == NULL)
				return 0;
		}
	}
	return in_sources(r, ctx);
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
		if (r->competitors == NULL || in_list(r->competitors,
		    attributed[i]))
			return attributed[i];
	return NULL;
}

size_t
match_item(const struct ruleset *rs, const struct item *it,
    const struct match_ctx *ctx, match_cb cb, void *payload)
{
	struct match_hit hit;
	uint64_t *const *found = NULL;
	const unsigned char *always = NULL;
	const char *const *attributed;
	unsigned *errs;
	size_t n = 0, skipped = 0;

	if (rs == NULL || it == NULL)
		return 0;
	init();
	il.decided = 0;
	view_build(&theview, it);
	attributed = attribute(rs, it, ctx);
	if (prefilter_on && rs->priv != NULL && rs->priv->pf != NULL) {
		prefilter_item(rs, &theview);
		found = pfs.found;
		always = rs->priv->always;
	}
	errs = rs->priv ? rs->priv->limit_errors : NULL;
	for (size_t i = 0; i < rs->n; i++) {
		const struct rule *r = &rs->rules[i];
		size_t before = nlimit;
		int held;

		if (errs && errs[i] >= MATCH_LIMIT_BUDGET)
			continue;	/* suspended */
		/* no literal of the rule is present: it cannot hold */
		if (found && !always[i] && !pfs.touched[i])
			continue;
		if (!in_scope(r, ctx, attributed))
			continue;
		held = rule_eval(r, it, &theview, ctx ? ctx->source_id : NULL,
		    found, &hit);
		if (errs && nlimit > before &&
		    ++errs[i] == MATCH_LIMIT_BUDGET)
			log_warnx("rule=%s suspended for the rest of the run: "
			    "regex limit hit on %u items (last: source=%s "
			    "item=%s); it matches nothing more until the next "
			    "run; make its patterns cheaper", r->id, errs[i],
			    ctx && ctx->source_id ? ctx->source_id : "-",
			    it->id ? it->id : "-");
		if (!held)
			continue;
		/* after the match: detection runs only when a hit needs it */
		if (!lang_ok(r, ctx, it)) {
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
	if (ctx && ctx->info) {
		memset(ctx->info, 0, sizeof(*ctx->info));
		ctx->info->lang_skipped = skipped;
		if (il.decided && il.declared)
			ctx->info->lang = il.declared;
		else if (il.decided && il.g.n) {
			ctx->info->lang = il.g.cand[0];
			ctx->info->detected = 1;
		}
	}
	return n;
}

/* ---- match_explain ---- */

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

static int
key_eval(struct evalctx *e, const struct selkey *k, struct selres *r)
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
		if (key_any(e, &one, &r) == 0)
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

static void
explain_rule(const struct rule *r, const struct item *it, struct view *v,
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
	memset(&e, 0, sizeof(e));
	e.rule = r;
	e.item = it;
	e.view = v;
	e.res = res;
	e.source_id = source_id;
	for (size_t i = 0; i < det->nsels; i++) {
		const struct selection *s = &det->sels[i];
		int val = 1, detail = s->nkeys > 1;

		names[i] = s->name;
		for (size_t k = 0; k < s->nkeys; k++)
			if (s->keys[k].mode != KEY_ANY)
				detail = 1;
		fprintf(out, "  selection %s: ", s->name);
		/* every key, so that each can be shown */
		for (size_t k = 0; k < s->nkeys; k++) {
			struct selres tmp, *dst = k == 0 ? &res[i] : &tmp;

			if (key_eval(&e, &s->keys[k], dst) <= 0)
				val = 0;
		}
		res[i].st = (signed char)val;
		if (val) {
			const struct subj *sj = &v->v[res[i].subj];

			fprintf(out, "true (%s: ",
			    rules_field_names[res[i].field]);
			put_quoted(out, sj->s + res[i].off, res[i].len, 120);
			fputs(")\n", out);
		} else
			fputs("false\n", out);
		if (!detail)
			continue;
		for (size_t k = 0; k < s->nkeys; k++) {
			const struct selkey *key = &s->keys[k];
			struct selres tmp;
			size_t miss;
			int rc;

			e.near_best = SIZE_MAX;
			rc = key_eval(&e, key, &tmp);
			fputs("    ", out);
			put_key(out, key);
			if (rc > 0) {
				fputs(": true (", out);
				put_quoted(out, v->v[tmp.subj].s + tmp.off,
				    tmp.len, 120);
				fputs(")", out);
				if (key->mode == KEY_NEAR && key->near &&
				    e.near_best != SIZE_MAX)
					fprintf(out, " (%zu words apart, "
					    "near=%u)", e.near_best,
					    key->near);
				fputc('\n', out);
				continue;
			}
			fputs(": false", out);
			miss = key->mode == KEY_ANY ? SIZE_MAX :
			    key_missing(&e, key);
			if (miss != SIZE_MAX) {
				fputs(" (", out);
				put_quoted(out, key->pats[miss].src,
				    strlen(key->pats[miss].src), 80);
				fputs(" not found)", out);
			} else if (key->mode == KEY_NEAR && key->sentence &&
			    e.near_best == SIZE_MAX) {
				fputs(" (never all in one sentence)", out);
			} else if (key->mode == KEY_NEAR) {
				if (e.near_best != SIZE_MAX)
					fprintf(out, " (closest: %zu words "
					    "apart, near=%u)", e.near_best,
					    key->near);
				else
					fprintf(out, " (never all in one "
					    "%s, near=%u)",
					    key->fields == FIELD_BIT(
					    FIELD_CATEGORIES) ? "category" :
					    "field", key->near);
			}
			fputc('\n', out);
		}
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

void
match_explain(const struct ruleset *rs, const struct item *it,
    const struct match_ctx *ctx, const char *rule_id, FILE *out)
{
	struct match_hit hit;
	const char *const *attributed;
	int seen = 0;

	if (rs == NULL || it == NULL)
		return;
	init();
	il.decided = 0;
	view_build(&theview, it);
	attributed = attribute(rs, it, ctx);
	for (size_t i = 0; i < rs->n; i++) {
		const struct rule *r = &rs->rules[i];

		if (rule_id && strcmp(r->id, rule_id) != 0)
			continue;
		seen = 1;
		if (ctx && r->competitors && ctx->competitor == NULL &&
		    !in_scope(r, ctx, attributed)) {
			fputs("rule ", out);
			fputs(r->id, out);
			fputs(": out of scope: attributed to ", out);
			if (attributed && attributed[0])
				put_list(out, (char *const *)attributed);
			else
				fputs("no competitor", out);
			fputs(", not ", out);
			put_list(out, r->competitors);
			fputc('\n', out);
			continue;
		}
		if (ctx && r->competitors &&
		    !in_list(r->competitors, ctx->competitor)) {
			fprintf(out, "rule %s: out of scope: competitor %s "
			    "not in ", r->id, ctx->competitor ?
			    ctx->competitor : "(none)");
			put_list(out, r->competitors);
			fputc('\n', out);
			continue;
		}
		if (ctx && !in_sources(r, ctx)) {
			fprintf(out, "rule %s: out of scope: source %s",
			    r->id, ctx->source_id ? ctx->source_id : "(none)");
			if (ctx->tags && ctx->tags[0]) {
				fputs(" (tags ", out);
				for (size_t k = 0; ctx->tags[k]; k++)
					fprintf(out, "%s%s", k ? ", " : "",
					    ctx->tags[k]);
				fputc(')', out);
			}
			fputs(" not in ", out);
			put_list(out, r->sources);
			fputc('\n', out);
			continue;
		}
		if (rule_eval(r, it, &theview, ctx ? ctx->source_id : NULL,
		    NULL, &hit)) {
			if (!lang_ok(r, ctx, it)) {
				fprintf(out, "rule %s: matches, but not in the "
				    "item's language (%s): it is for ", r->id,
				    il.declared ? il.declared : il.g.cand[0]);
				put_list(out, (char *const *)rule_langs(r,
				    ctx));
				fputc('\n', out);
				continue;
			}
			if (rule_id) {
				fprintf(out, "rule %s: matches (selection "
				    "%s, %s: ", r->id, hit.selection[0] ?
				    hit.selection : "-", hit.field);
				put_quoted(out, hit.match, hit.matchlen, 120);
				fputs(")\n", out);
			}
			continue;
		}
		explain_rule(r, it, &theview, ctx ? ctx->source_id : NULL,
		    out);
	}
	if (rule_id && !seen)
		fprintf(out, "no rule %s\n", rule_id);
}

/* why a rule is out of scope for ctx, in a few words; NULL when in scope */
static void
scope_reason(const struct rule *r, const struct match_ctx *ctx,
    struct buf *b)
{
	if (ctx && r->competitors &&
	    !in_list(r->competitors, ctx->competitor)) {
		buf_addf(b, "no: competitor %s", ctx->competitor ?
		    ctx->competitor : "(none)");
		return;
	}
	if (ctx && !in_sources(r, ctx))
		buf_addf(b, "no: source %s", ctx->source_id ?
		    ctx->source_id : "(none)");
}

void
match_explain_brief(const struct ruleset *rs, const struct item *it,
    const struct match_ctx *ctx, FILE *out)
{
	if (rs == NULL || it == NULL)
		return;
	init();
	view_build(&theview, it);
	fprintf(out, "  %-30s %-22s %-30s %s\n", "RULE", "IN SCOPE",
	    "SELECTIONS MATCHED", "CONDITION");
	for (size_t i = 0; i < rs->n; i++) {
		const struct rule *r = &rs->rules[i];
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
			continue;
		}
		res = xcalloc(det->nsels, sizeof(*res));
		memset(&e, 0, sizeof(e));
		e.rule = r;
		e.item = it;
		e.view = &theview;
		e.res = res;
		e.source_id = ctx ? ctx->source_id : NULL;
		/* every selection, as in match_explain(): no prefilter */
		for (size_t k = 0; k < det->nsels; k++) {
			const struct selection *sel = &det->sels[k];
			int val = 1;

			for (size_t q = 0; q < sel->nkeys && val; q++) {
				struct selres tmp;

				if (key_eval(&e, &sel->keys[q], q == 0 ?
				    &res[k] : &tmp) <= 0)
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
explain_attribution(const struct ruleset *rs, const struct item *it,
    const struct match_ctx *ctx, FILE *out)
{
	const char *const *ids;

	if (rs->competitors == NULL) {
		fputs("  attribution: none (no competitors.yaml)\n", out);
		return;
	}
	ids = attribute(rs, it, ctx);
	fputs("  attribution: ", out);
	if (ids && ids[0])
		put_list(out, (char *const *)ids);
	else
		fputs("none", out);
	fprintf(out, " (source %s has no competitor; title and lead, %zu "
	    "bytes of text)\n", ctx->source_id ? ctx->source_id : "-",
	    attr.lead_len);
	for (size_t i = 0; i < attr.nm; i++)
		put_mention(out, rs, it, &attr.m[i]);
}

/* "language: de (declared); rules for [en] skip it" */
static void
explain_language(const struct item *it, const struct match_ctx *ctx,
    FILE *out)
{
	const char *const *allow = ctx->languages;
	int ok;

	il.decided = 0;
	lang_decide(it);
	fputs("  language: ", out);
	if (il.declared) {
		fprintf(out, "%s (%s)", il.declared, it->lang_detected ?
		    "detected when it was first matched" : "declared");
		ok = in_langs(allow, il.declared);
	} else if (il.g.n) {
		fprintf(out, "%s (detected in %zu letters; candidates",
		    il.g.cand[0], il.g.letters);
		for (size_t i = 0; i < il.g.n; i++)
			fprintf(out, " %s", il.g.cand[i]);
		fputc(')', out);
		ok = 0;
		for (size_t i = 0; i < il.g.n; i++)
			ok |= in_langs(allow, il.g.cand[i]);
	} else {
		fprintf(out, "unknown (%s: %zu letters and %zu words, "
		    "detection needs %d and %d); counted as written in ",
		    il.g.why, il.g.letters, il.g.words, LANG_MIN_LETTERS,
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
match_explain_context(const struct ruleset *rs, const struct item *it,
    const struct match_ctx *ctx, FILE *out)
{
	if (rs == NULL || it == NULL || ctx == NULL)
		return;
	init();
	if (ctx->competitor == NULL)
		explain_attribution(rs, it, ctx, out);
	if (ctx->languages)
		explain_language(it, ctx, out);
}
