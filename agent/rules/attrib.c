#include "attrib.h"

#include <ctype.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "err.h"
#include "rx.h"
#include "textseg.h"
#include "util.h"
#include "xmalloc.h"

#define COMP_MAX	256		/* competitors in a directory */
#define NAME_MAX_LEN	100		/* bytes of one name */
#define ID_MAX_LEN	64
/* the lead: the first sentence of at least LEAD_MIN_WORDS words, cut at
 * LEAD_MAX_WORDS words or LEAD_MAX_BYTES bytes */
#define LEAD_MIN_WORDS	6
#define LEAD_MAX_WORDS	40
#define LEAD_MAX_BYTES	600
/* how far back the context patterns look, in bytes */
#define PRE_WINDOW	160
#define MENTIONS_MAX	64

static const char *const comp_keys[] = {
	"id", "names", "products", "former", "description", NULL
};
static const char *const name_keys[] = { "names", "products", "former",
	NULL };

struct comp {
	char	 *id;
	char	**names;	/* names, products and former names */
	size_t	  nnames;
};

struct compdir {
	struct comp		*v;
	size_t			 n;
	pcre2_code		*re;	/* group i + 1 = competitor i */
};

/*
 * The context patterns. Each runs on the title or the lead: the PRE ones
 * must match right before a name (they end in \s*$ and run on the text up
 * to the name), the POST ones right after it (anchored with \G: they run
 * from the name's end).
 */
enum {
	CX_CLAUSE,	/* the name starts a clause */
	CX_PUBLISHER,	/* " - " before a title's last few words */
	CX_PREP,	/* a preposition or comparison word before it */
	CX_AGENT,	/* "acquired by" */
	CX_COMMA,	/* a comma before it */
	CX_BLOCK,	/* after: vs, or, customers, rival... */
	CX_POSS_MOVE,	/* after: 's new / 's acquisition... */
	CX_VERB,	/* after: a verb */
	CX_JOINT,	/* between two subjects: "and", ", " */
	CX_TAIL,	/* after: the rest of a title is a few words */
	CX_N
};

static const char *const cx_src[CX_N] = {
	[CX_CLAUSE] =
	    "(?:^|^(?-i:[A-Z][A-Z]++(?:\\s++\\d++)?)-|[:|;“\"‘—–\\n]|[.!?]\\s|"
	    "-{2}|\\s-|\\s[-–—])\\s*"
	    "(?:(?:how|why|when|where|what|inside|(?:the|a|an|new)\\s+)\\s*)?"
	    "(?:(?:[\\w’'.&-]++\\s++){0,3}?"
	    "(?:rival|startup|start-up|vendor|company|firm|provider|maker|"
	    "giant|player|specialist|upstart|pioneer|leader|unicorn|"
	    "developer|incumbent|outfit|supplier|heavyweight|"
	    "service)\\s++)?$",
	[CX_PUBLISHER] = "\\s[-–—|]\\s+(?:the\\s+)?$",
	[CX_PREP] =
	    "\\b(?:vs\\.?|versus|than|against|on|over|like|unlike|to|with|"
	    "from|of|about|into|at|for|and|or|such\\s+as|including)\\s+"
	    "(?:the\\s+)?$",
	[CX_AGENT] =
	    "\\b(?:acquired|bought|purchased|snapped\\s+up|taken\\s+over|"
	    "launched|unveiled|introduced|released|announced|built|developed|"
	    "offered|run|operated|hosted|made|rolled\\s+out|shipped)\\s+by\\s+"
	    "(?:the\\s+)?$",
	[CX_COMMA] = ",\\s*$",
	[CX_BLOCK] =
	    "\\G(?:\\s*+(?:vs\\.?|versus|v\\.)(?!\\w)|\\s++or\\s|"
	    "(?:['’]s)?\\s++(?:alternatives?|rivals?|competitors?|customers?|"
	    "users?|partners?|resellers?|alumni|veterans|engineers?|"
	    "employees?|staff|shares|stock|investors?|admins?|administrators|"
	    "fans|ventures)\\b|"
	    "-(?:backed|owned|funded|like|style|compatible|certified|"
	    "alternative)\\b)",
	[CX_POSS_MOVE] =
	    "\\G['’]s\\s++(?:[\\w-]++\\s++){0,2}?(?:new|latest|first|next|"
	    "upcoming|planned|proposed|pending|rumou?red|reported|launch|"
	    "acquisition|purchase|deal|takeover|buyout|bid|move|push|entry|"
	    "expansion|plans?|pricing|price|edition|offer|offering|service|"
	    "product|platform|release|update|rollout|debut|foray|beta|preview|"
	    "features?|tier|bundle|version|support|agent|client|connector|"
	    "tunnel|mesh)\\b",
	[CX_VERB] =
	    "\\G\\s++(?:(?:on\\s+\\w+\\s+|today\\s+|now\\s+|also\\s+|quietly\\s+|"
	    "has\\s+|have\\s+)?(?:to\\s+(?:acquire|buy|launch|purchase|offer|"
	    "add|bring|open|release|introduce|unveil|expand|enter|roll)|will|"
	    "would|is|was|has|had|have|said|says|plans?|agreed|agrees|"
	    "acquired|acquires|bought|buys|released|releases|rolled|rolls|"
	    "added|adds|launched|launches|unveiled|unveils|introduced|"
	    "introduces|announced|announces|opened|opens|offered|offers|"
	    "began|begins|started|starts|expanded|expands|debuted|debuts|"
	    "became|becomes|brings|brought|moved|moves|entered|enters|"
	    "confirmed|confirms|revealed|reveals|told|tells|shipped|ships|"
	    "(?-i:[a-z]+(?:s|ed)))\\b)",
	[CX_JOINT] = "\\G\\s*+(?:,\\s*+(?:and\\s++|&\\s*+)?|and\\s++|&\\s*+)$",
	[CX_TAIL] = "\\G[\\w\\s.'’&-]{0,40}$",
};

/* compiled once (pthread_once), then only read */
static pcre2_code *cx[CX_N];
static pthread_once_t cx_once = PTHREAD_ONCE_INIT;

static void
cx_init(void)
{
	PCRE2_SIZE eo;
	int ec;

	for (int i = 0; i < CX_N; i++) {
		cx[i] = pcre2_compile((PCRE2_SPTR)cx_src[i],
		    PCRE2_ZERO_TERMINATED, PCRE2_UTF | PCRE2_UCP |
		    PCRE2_CASELESS | PCRE2_MATCH_INVALID_UTF, &ec, &eo, NULL);
		if (cx[i] == NULL)
			BUG("attribution pattern %d does not compile", i);
		(void)pcre2_jit_compile(cx[i], PCRE2_JIT_COMPLETE);
	}
}

/*
 * Does context pattern k match in s[from, to) (a PRE pattern ends at to, a
 * POST one starts at from)? *mo, *me: where the match is (may be NULL).
 */
static int
cx_match(int k, const char *s, size_t from, size_t to, size_t *mo,
    size_t *me)
{
	struct rx *rx = rx_thread();
	pcre2_match_data *md = rx->md;
	PCRE2_SIZE *ov;
	int rc;

	rc = pcre2_match(cx[k], (PCRE2_SPTR)s, to, from, 0, md, rx->ctx);
	if (rc < 0)
		return 0;
	ov = pcre2_get_ovector_pointer(md);
	if (mo)
		*mo = ov[0];
	if (me)
		*me = ov[1];
	return 1;
}

/* ---- the directory ---- */

static int
name_caps(const char *s)
{
	size_t letters = 0;

	for (; *s; s++) {
		if (islower((unsigned char)*s))
			return 0;
		if (isupper((unsigned char)*s))
			letters++;
	}
	return letters >= 2;
}

/* a name as a regex fragment */
static void
name_regex(struct buf *b, const char *s)
{
	int caps = name_caps(s);

	if (caps)
		buf_addstr(b, "(?-i:");
	while (*s) {
		if (*s == ' ' || *s == '-' || *s == '\t') {
			while (*s == ' ' || *s == '-' || *s == '\t')
				s++;
			buf_addstr(b, "[\\s\\x{2010}-\\x{2015}-]+");
			continue;
		}
		if (strchr("\\^$.|?*+()[]{}#", *s))
			buf_addch(b, '\\');
		buf_addch(b, *s++);
	}
	if (caps)
		buf_addch(b, ')');
}

static int
by_length_desc(const void *a, const void *b)
{
	size_t la = strlen(*(char *const *)a), lb = strlen(*(char *const *)b);

	return la < lb ? 1 : la > lb ? -1 : 0;
}

static int
build_regex(struct compdir *cd, struct diags *d, const char *path)
{
	struct buf b = BUF_INIT;
	PCRE2_UCHAR msg[256];
	PCRE2_SIZE eo;
	int ec;

	buf_addstr(&b, "(?<!\\w)(?:");
	for (size_t i = 0; i < cd->n; i++) {
		struct comp *c = &cd->v[i];

		qsort(c->names, c->nnames, sizeof(*c->names), by_length_desc);
		buf_addstr(&b, i ? "|(" : "(");
		for (size_t j = 0; j < c->nnames; j++) {
			if (j)
				buf_addch(&b, '|');
			name_regex(&b, c->names[j]);
		}
		buf_addch(&b, ')');
	}
	buf_addstr(&b, ")(?!\\w)");
	cd->re = pcre2_compile((PCRE2_SPTR)b.data, b.len, PCRE2_UTF |
	    PCRE2_UCP | PCRE2_CASELESS | PCRE2_MATCH_INVALID_UTF, &ec, &eo,
	    NULL);
	buf_release(&b);
	if (cd->re == NULL) {
		pcre2_get_error_message(ec, msg, sizeof(msg));
		diag_add(d, DIAG_ERROR, path, 0, 0, "competitor names do not "
		    "compile: %s", (const char *)msg);
		return -1;
	}
	(void)pcre2_jit_compile(cd->re, PCRE2_JIT_COMPLETE);
	return 0;
}

/* lowercase, one space for every run of spaces and hyphens */
static char *
name_key(const char *s)
{
	struct buf b = BUF_INIT;

	for (; *s; s++) {
		if (*s == ' ' || *s == '-' || *s == '\t') {
			if (b.len && b.data[b.len - 1] != ' ')
				buf_addch(&b, ' ');
			continue;
		}
		buf_addch(&b, (char)tolower((unsigned char)*s));
	}
	return buf_detach(&b, NULL);
}

/* the name, or NULL after a diagnostic */
static const char *
check_name(const struct compdir *cd, const struct comp *self,
    const struct ynode *n, struct diags *d)
{
	char *key;

	if (n->kind != YNODE_SCALAR) {
		ydiag(d, DIAG_ERROR, n, "names must be strings, not %s",
		    ynode_kind_name(n));
		return NULL;
	}
	if (n->len == 0 || n->len > NAME_MAX_LEN ||
	    !utf8_valid(n->str, n->len)) {
		ydiag(d, DIAG_ERROR, n, "invalid competitor name (1 to %d "
		    "bytes of text)", NAME_MAX_LEN);
		return NULL;
	}
	for (size_t k = 0; k < n->len; k++)
		if ((unsigned char)n->str[k] < 0x20) {
			ydiag(d, DIAG_ERROR, n, "invalid competitor name "
			    "(control character)");
			return NULL;
		}
	key = name_key(n->str);
	for (size_t i = 0; i <= cd->n; i++) {
		const struct comp *c = i < cd->n ? &cd->v[i] : self;

		for (size_t j = 0; j < c->nnames; j++) {
			char *other = name_key(c->names[j]);
			int same = strcmp(other, key) == 0;

			free(other);
			if (same) {
				ydiag(d, DIAG_ERROR, n, "duplicate competitor "
				    "name '%s' (also a name of '%s')", n->str,
				    c->id ? c->id : "?");
				free(key);
				return NULL;
			}
		}
	}
	free(key);
	return n->str;
}

static void
comp_release(struct comp *c)
{
	free(c->id);
	for (size_t j = 0; j < c->nnames; j++)
		free(c->names[j]);
	free(c->names);
}

static void
load_one(struct compdir *cd, const struct ynode *m, struct diags *d)
{
	struct comp c;
	const char *id = NULL;
	size_t errs = d->errors;

	memset(&c, 0, sizeof(c));
	if (ycheck_map(m, "competitor", comp_keys, d) < 0 &&
	    m->kind != YNODE_MAP)
		return;
	if (ymap_get(m, "id") == NULL)
		ymissing(m, "id", "competitor", d);
	else if (yget_str(&id, m, "id", d) == 0 && id) {
		if (!slug_valid(id, ID_MAX_LEN))
			ydiag(d, DIAG_ERROR, ymap_get(m, "id"), "invalid "
			    "competitor id '%s' (use lowercase letters, "
			    "digits and '-')", id);
		else if (compdir_find(cd, id) >= 0)
			ydiag(d, DIAG_ERROR, ymap_get(m, "id"), "duplicate "
			    "competitor id '%s'", id);
		c.id = xstrdup(id);
	}
	if (ymap_get(m, "names") == NULL)
		ymissing(m, "names", "competitor", d);
	for (int k = 0; name_keys[k]; k++) {
		const struct ynode *v = ymap_get(m, name_keys[k]);
		size_t n;

		if (v == NULL)
			continue;
		if (v->kind == YNODE_MAP) {
			ydiag(d, DIAG_ERROR, v, "'%s' must be a name or a list "
			    "of names, not a map", name_keys[k]);
			continue;
		}
		n = v->kind == YNODE_SEQ ? v->n : 1;
		if (n == 0 && k == 0)
			ydiag(d, DIAG_ERROR, v, "'names' is empty");
		for (size_t i = 0; i < n; i++) {
			const struct ynode *e = v->kind == YNODE_SEQ ?
			    v->kids[i] : v;
			const char *s = check_name(cd, &c, e, d);

			if (s == NULL)
				continue;
			c.names = xreallocarray(c.names, c.nnames + 1,
			    sizeof(*c.names));
			c.names[c.nnames++] = xstrdup(s);
		}
	}
	if (d->errors != errs || c.id == NULL) {
		comp_release(&c);
		return;
	}
	cd->v = xreallocarray(cd->v, cd->n + 1, sizeof(*cd->v));
	cd->v[cd->n++] = c;
}

int
compdir_load(struct compdir **out, const struct ydocs *docs, struct diags *d)
{
	const struct ynode *root = docs->ndocs ? docs->docs[0] : NULL;
	struct compdir *cd = xcalloc(1, sizeof(*cd));
	size_t errs = d->errors;

	*out = NULL;
	if (docs->ndocs > 1)
		diag_add(d, DIAG_ERROR, docs->path, 0, 0, "competitors must "
		    "be one YAML document");
	if (root != NULL && root->kind != YNODE_SEQ &&
	    !(root->kind == YNODE_SCALAR && root->len == 0))
		ydiag(d, DIAG_ERROR, root, "competitors must be a list, not %s",
		    ynode_kind_name(root));
	else if (root != NULL && root->kind == YNODE_SEQ) {
		if (root->n > COMP_MAX)
			ydiag(d, DIAG_ERROR, root, "more than %d competitors",
			    COMP_MAX);
		for (size_t i = 0; i < root->n && i < COMP_MAX; i++)
			load_one(cd, root->kids[i], d);
	}
	if (d->errors == errs && cd->n > 0)
		(void)build_regex(cd, d, docs->path);
	if (d->errors != errs) {
		compdir_free(cd);
		return -1;
	}
	*out = cd;
	return 0;
}

void
compdir_free(struct compdir *cd)
{
	if (cd == NULL)
		return;
	for (size_t i = 0; i < cd->n; i++)
		comp_release(&cd->v[i]);
	free(cd->v);
	pcre2_code_free(cd->re);
	free(cd);
}

size_t
compdir_count(const struct compdir *cd)
{
	return cd ? cd->n : 0;
}

const char *
compdir_id(const struct compdir *cd, size_t i)
{
	return cd && i < cd->n ? cd->v[i].id : NULL;
}

long
compdir_find(const struct compdir *cd, const char *id)
{
	for (size_t i = 0; cd && id && i < cd->n; i++)
		if (strcmp(cd->v[i].id, id) == 0)
			return (long)i;
	return -1;
}

/* ---- attribution ---- */

/* bytes of text that make the lead (see attrib.h) */
static size_t
lead_end(const char *s, size_t len)
{
	size_t i = 0, words = 0, wstart = 0;
	int inword = 0;

	if (len > LEAD_MAX_BYTES)
		len = utf8_trunc(s, len, LEAD_MAX_BYTES);
	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];

		if (isspace(c)) {
			if (inword && words >= LEAD_MAX_WORDS)
				return i;
			if (c == '\n' && inword && words >= LEAD_MIN_WORDS)
				return i;
			inword = 0;
			continue;
		}
		if (!inword) {
			inword = 1;
			words++;
			wstart = i;
		}
		if ((c == '.' || c == '!' || c == '?') && words >=
		    LEAD_MIN_WORDS && (i + 1 == len ||
		    isspace((unsigned char)s[i + 1]))) {
			size_t j = i + 1;

			while (j < len && isspace((unsigned char)s[j]))
				j++;
			if (c == '.' && textseg_abbrev(s, wstart, i))
				continue;
			if (j < len && islower((unsigned char)s[j]))
				continue;
			return i + 1;
		}
	}
	return len;
}

static void
add_mention(struct attribution *a, size_t comp, enum attrib_seg seg,
    size_t off, size_t len, int actor, const char *why, size_t cue_off,
    size_t cue_len)
{
	if (a->nm == MENTIONS_MAX)
		return;
	if (a->nm == a->malloc_) {
		a->malloc_ = a->malloc_ ? a->malloc_ * 2 : 8;
		a->m = xreallocarray(a->m, a->malloc_, sizeof(*a->m));
	}
	a->m[a->nm++] = (struct attrib_mention){ .comp = comp, .seg = seg,
	    .off = off, .len = len, .actor = actor, .why = why,
	    .cue_off = cue_off, .cue_len = cue_len };
}

/*
 * Is the name at s[off, off + len) an actor? Sets *why and the cue (the
 * words that decided). prev_end: end of the previous actor in this
 * string, or SIZE_MAX.
 */
static int
is_actor(const char *s, size_t slen, size_t off, size_t len,
    enum attrib_seg seg, size_t prev_end, const char **why,
    size_t *cue_off, size_t *cue_len)
{
	size_t from = off > PRE_WINDOW ? off - PRE_WINDOW : 0, end = off + len;
	size_t mo = 0, me = 0;

	*cue_off = *cue_len = 0;
	if (cx_match(CX_BLOCK, s, end, slen, NULL, &me)) {
		*cue_off = end;
		*cue_len = me - end;
		*why = "a mention: followed by";
		return 0;
	}
	if (seg == ATTRIB_TITLE && cx_match(CX_PUBLISHER, s, from, off, NULL,
	    NULL) && cx_match(CX_TAIL, s, end, slen, NULL, NULL)) {
		*why = "a mention: the title's publisher suffix";
		return 0;
	}
	if (cx_match(CX_CLAUSE, s, from, off, &mo, NULL)) {
		*cue_off = mo;
		*cue_len = off - mo;
		*why = "the subject";
		return 1;
	}
	if (prev_end != SIZE_MAX && prev_end <= off &&
	    cx_match(CX_JOINT, s, prev_end, off, NULL, NULL)) {
		*cue_off = prev_end;
		*cue_len = off - prev_end;
		*why = "a joint subject";
		return 1;
	}
	if (cx_match(CX_AGENT, s, from, off, &mo, NULL)) {
		*cue_off = mo;
		*cue_len = off - mo;
		*why = "the agent";
		return 1;
	}
	if (cx_match(CX_COMMA, s, from, off, NULL, NULL) &&
	    cx_match(CX_VERB, s, end, slen, NULL, &me)) {
		*cue_off = end;
		*cue_len = me - end;
		*why = "the subject of";
		return 1;
	}
	if (cx_match(CX_PREP, s, from, off, &mo, NULL)) {
		*cue_off = mo;
		*cue_len = off - mo;
		*why = "a mention: after";
		return 0;
	}
	if (cx_match(CX_POSS_MOVE, s, end, slen, NULL, &me)) {
		*cue_off = end;
		*cue_len = me - end;
		*why = "a possessive";
		return 1;
	}
	*why = "a mention: not the subject";
	return 0;
}

static void
scan(const struct compdir *cd, const char *s, size_t len,
    enum attrib_seg seg, struct attribution *a, unsigned char *hit)
{
	size_t start = 0, prev_end = SIZE_MAX;

	while (start < len) {
		PCRE2_SIZE *ov;
		size_t comp = SIZE_MAX, cue_off, cue_len, off, mlen;
		const char *why;
		int rc, actor;

		rc = pcre2_match(cd->re, (PCRE2_SPTR)s, len, start, 0, a->md,
		    rx_thread()->ctx);
		if (rc < 0)
			break;
		ov = pcre2_get_ovector_pointer(a->md);
		if (ov[1] <= ov[0])
			break;
		for (int g = 1; g < rc; g++)
			if (ov[2 * g] != PCRE2_UNSET) {
				comp = (size_t)g - 1;
				break;
			}
		off = ov[0];
		mlen = ov[1] - ov[0];
		start = ov[1];
		if (comp == SIZE_MAX)
			continue;
		actor = is_actor(s, len, off, mlen, seg, prev_end, &why,
		    &cue_off, &cue_len);
		add_mention(a, comp, seg, off, mlen, actor, why, cue_off,
		    cue_len);
		if (actor) {
			hit[comp] = 1;
			prev_end = off + mlen;
		}
	}
}

/* a's match data, with room for every group of cd's names pattern */
static void
attrib_match_data(struct attribution *a, const struct compdir *cd)
{
	uint32_t groups = 0;

	(void)pcre2_pattern_info(cd->re, PCRE2_INFO_CAPTURECOUNT, &groups);
	if (a->md != NULL && pcre2_get_ovector_count(a->md) > groups)
		return;
	pcre2_match_data_free(a->md);
	a->md = xalloc_check(pcre2_match_data_create_from_pattern(cd->re,
	    NULL));
}

size_t
attrib_item(const struct compdir *cd, const char *title, const char *text,
    struct attribution *a)
{
	unsigned char *hit;
	size_t n = 0;

	a->n = 0;
	a->nm = 0;
	a->lead_len = 0;
	free(a->ids);
	a->ids = NULL;
	if (cd == NULL || cd->n == 0 || cd->re == NULL) {
		a->ids = xcalloc(1, sizeof(*a->ids));
		return 0;
	}
	(void)pthread_once(&cx_once, cx_init);
	attrib_match_data(a, cd);
	hit = xcalloc(cd->n, 1);
	if (title)
		scan(cd, title, strlen(title), ATTRIB_TITLE, a, hit);
	if (text) {
		size_t tl = strlen(text), skip = 0;

		/* leading blank lines are not the lead */
		while (skip < tl && isspace((unsigned char)text[skip]))
			skip++;
		a->lead_len = skip + lead_end(text + skip, tl - skip);
		scan(cd, text, a->lead_len, ATTRIB_LEAD, a, hit);
	}
	a->ids = xcalloc(cd->n + 1, sizeof(*a->ids));
	/* in order of first actor mention */
	for (size_t i = 0; i < a->nm; i++) {
		size_t c = a->m[i].comp;

		if (a->m[i].actor && hit[c]) {
			a->ids[n++] = cd->v[c].id;
			hit[c] = 0;
		}
	}
	a->n = n;
	free(hit);
	return n;
}

void
attribution_release(struct attribution *a)
{
	free(a->ids);
	free(a->m);
	pcre2_match_data_free(a->md);
	memset(a, 0, sizeof(*a));
}
