/*
 * Slack: an alert as a Block Kit payload and its minimal text-only form
 * (notify.h).
 */
#include "notify.h"

#include <ctype.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <jansson.h>

#include "buf.h"
#include "json_util.h"
#include "notify_int.h"
#include "playbook.h"
#include "util.h"
#include "xmalloc.h"

/*
 * Slack's limits (reference section 4.2), counted in code points. The
 * total is our own budget, well under the ~13k where Slack starts to
 * answer msg_blocks_too_long.
 */
#define SL_MAX_BLOCKS	50
#define SL_MAX_SECTION	3000
#define SL_MAX_HEADER	150
#define SL_MAX_FIELDS	10
#define SL_MAX_FIELD	2000
#define SL_MAX_CONTEXT	10
#define SL_MAX_TOTAL	8000
#define SL_MAX_TEXT	4000

/* our own display caps for one piece of untrusted text */
#define RAW_MAX		16384	/* bytes of a string we look at at all */
#define CAP_TITLE	200
#define CAP_NAME	80	/* competitor, ids, rule title in lines */
#define CAP_RULE_TITLE	160
#define CAP_EXCERPT	480
#define CAP_MATCH	160
#define CAP_STEP	500
#define CAP_ERROR	500
#define CAP_URL		2000	/* longer URLs are shown unlinked */
#define CAP_URL_HIT	1000	/* in a hit's section, so it fits in 3000 */
#define CAP_URL_SOURCE	400
#define MAX_HITS_SHOWN	10
#define MAX_OWNERS	10
#define MAX_EVIDENCE	10

/* look-alikes for mrkdwn control characters (reference 4.1) */
#define LA_STAR		"\xe2\x88\x97"	/* U+2217 */
#define LA_UNDER	"\xef\xbc\xbf"	/* U+FF3F */
#define LA_TILDE	"\xe2\x88\xbc"	/* U+223C */
#define LA_TICK		"\xcb\x8b"	/* U+02CB */
#define LA_AT		"\xef\xbc\xa0"	/* U+FF20 */
#define ELLIPSIS	"\xe2\x80\xa6"	/* U+2026 */
#define MIDDOT		" \xc2\xb7 "	/* " · " */

/* ------------------------------------------------------------------ */
/* text: cleaning, escaping, truncating */

/*
 * Length units of the character starting with byte c: 0 for a
 * continuation byte, 2 for a 4-byte sequence, else 1. That is the UTF-16
 * length, never less than the code point count, so text within a limit
 * counted in either way is within it counted in the other.
 */
static size_t
units(unsigned char c)
{
	if ((c & 0xc0) == 0x80)
		return 0;
	return c >= 0xf0 ? 2 : 1;
}

static size_t
cp_count(const char *s, size_t len)
{
	size_t n = 0;

	for (size_t i = 0; i < len; i++)
		n += units((unsigned char)s[i]);
	return n;
}

/*
 * Append untrusted s to out as one line of clean text: valid UTF-8 (bad
 * sequences become U+FFFD), no NUL or other C0/C1 controls, no bidi
 * embeddings, overrides or isolates, whitespace runs collapsed to one
 * space, no leading or trailing space.
 */
static void
clean_add(struct buf *out, const char *s, size_t len)
{
	struct buf t = BUF_INIT;
	const unsigned char *p;
	size_t i, start = out->len;
	int pending = 0;

	if (s == NULL)
		return;
	if (len > RAW_MAX)
		len = utf8_trunc(s, len, RAW_MAX);
	buf_add(&t, s, len);
	utf8_repair(&t);
	p = (const unsigned char *)t.data;
	i = 0;
	while (i < t.len) {
		size_t l = 1;

		if (p[i] >= 0xf0)
			l = 4;
		else if (p[i] >= 0xe0)
			l = 3;
		else if (p[i] >= 0xc0)
			l = 2;
		if (i + l > t.len)
			break;	/* cannot happen after utf8_repair */
		if (p[i] == ' ' || p[i] == '\t' || p[i] == '\n' ||
		    p[i] == '\r' || p[i] < 0x20 || p[i] == 0x7f) {
			pending = 1;
			i++;
			continue;
		}
		/* U+0080..U+009F */
		if (l == 2 && p[i] == 0xc2 && p[i + 1] <= 0x9f) {
			i += 2;
			continue;
		}
		if (l == 3 && p[i] == 0xe2) {
			/* U+202A..U+202E, U+2066..U+2069 */
			if ((p[i + 1] == 0x80 && p[i + 2] >= 0xaa &&
			    p[i + 2] <= 0xae) || (p[i + 1] == 0x81 &&
			    p[i + 2] >= 0xa6 && p[i + 2] <= 0xa9)) {
				i += 3;
				continue;
			}
			/* U+2028, U+2029: line and paragraph separators */
			if (p[i + 1] == 0x80 && (p[i + 2] == 0xa8 ||
			    p[i + 2] == 0xa9)) {
				pending = 1;
				i += 3;
				continue;
			}
		}
		if (pending && out->len > start)
			buf_addch(out, ' ');
		pending = 0;
		buf_add(out, p + i, l);
		i += l;
	}
	buf_release(&t);
}

static int
word_at(const char *s, size_t len, const char *w)
{
	size_t n = strlen(w);

	return len >= n && strncasecmp(s, w, n) == 0;
}

/* escaping modes: & < > only (plain_text), mrkdwn, inside a code span */
enum { ESC_PLAIN = 0, ESC_MD = 1, ESC_CODE = 2 };

int
notify_wordbyte(const char *s, size_t len, size_t i)
{
	unsigned char c;

	if (i >= len)
		return 0;
	c = (unsigned char)s[i];
	return isalnum(c) || c >= 0x80;
}

/*
 * Append clean text escaped for Slack: & < > always (Slack decodes the
 * entities, so copied text is the original). ESC_MD: a * _ ~ that could
 * open or close formatting (not between two letters or digits: smb_offer
 * stays as it is) and every ` become look-alikes, so feed text can
 * neither format nor open a code span; @channel, @here and @everyone
 * lose their @. ESC_CODE: inside `...` every character is literal, so
 * only a ` (which would end the span) is replaced.
 */
static void
esc_add(struct buf *out, const char *s, size_t len, int mode)
{
	int md = mode == ESC_MD;

	for (size_t i = 0; i < len; i++) {
		int inword = i > 0 && notify_wordbyte(s, len, i - 1) &&
		    notify_wordbyte(s, len, i + 1);

		switch (s[i]) {
		case '&':
			buf_addstr(out, "&amp;");
			break;
		case '<':
			buf_addstr(out, "&lt;");
			break;
		case '>':
			buf_addstr(out, "&gt;");
			break;
		case '*':
			buf_addstr(out, md && !inword ? LA_STAR : "*");
			break;
		case '_':
			buf_addstr(out, md && !inword ? LA_UNDER : "_");
			break;
		case '~':
			buf_addstr(out, md && !inword ? LA_TILDE : "~");
			break;
		case '`':
			buf_addstr(out, mode != ESC_PLAIN ? LA_TICK : "`");
			break;
		case '@':
			/* a bare @channel is no mention without link_names,
			 * but do not rely on a receiver's default */
			if (md && (word_at(s + i + 1, len - i - 1, "channel") ||
			    word_at(s + i + 1, len - i - 1, "here") ||
			    word_at(s + i + 1, len - i - 1, "everyone")))
				buf_addstr(out, LA_AT);
			else
				buf_addch(out, '@');
			break;
		default:
			buf_addch(out, s[i]);
		}
	}
}

/*
 * Escaped text has an entity wherever it has '&'. Is byte offset p (a cut
 * point) inside one? Returns the offset of its '&', or p.
 */
static size_t
entity_start(const char *s, size_t p)
{
	for (size_t k = 1; k <= 4 && k <= p; k++) {
		if (s[p - k] == ';')
			return p;
		if (s[p - k] == '&')
			return p - k;
	}
	return p;
}

/* byte length of the first n units of escaped s, on a character
 * boundary, not cutting an entity */
static size_t
esc_prefix(const char *s, size_t len, size_t n)
{
	size_t i = 0, c = 0, u;

	while (i < len) {
		u = units((unsigned char)s[i]);
		if (c + u > n)
			break;
		c += u;
		i++;
	}
	return entity_start(s, i);
}

/* byte offset where the last n units of escaped s start, on a character
 * boundary, moved forward past an entity it would cut */
static size_t
esc_suffix(const char *s, size_t len, size_t n)
{
	size_t i = len, j = len, c = 0, u, e;

	while (i > 0) {
		i--;
		u = units((unsigned char)s[i]);
		if (u == 0)
			continue;
		if (c + u > n)
			break;
		c += u;
		j = i;
	}
	i = j;
	e = entity_start(s, i);
	if (e != i) {
		while (i < len && s[i] != ';')
			i++;
		if (i < len)
			i++;
	}
	return i;
}

/*
 * Append escaped s, at most maxcp code points including an "…": the
 * start of s and a final "…" (trunc_add), or a first "…" and the end of s
 * (trunc_add_left). Spaces next to the "…" are dropped.
 */
static void
trunc_side(struct buf *out, const char *s, size_t len, size_t maxcp,
    int keep_end)
{
	size_t cut;

	if (cp_count(s, len) <= maxcp) {
		buf_add(out, s, len);
		return;
	}
	if (maxcp == 0)
		return;
	if (keep_end) {
		cut = esc_suffix(s, len, maxcp - 1);
		while (cut < len && s[cut] == ' ')
			cut++;
		buf_addstr(out, ELLIPSIS);
		buf_add(out, s + cut, len - cut);
		return;
	}
	cut = esc_prefix(s, len, maxcp - 1);
	while (cut > 0 && s[cut - 1] == ' ')
		cut--;
	buf_add(out, s, cut);
	buf_addstr(out, ELLIPSIS);
}

static void
trunc_add(struct buf *out, const char *s, size_t len, size_t maxcp)
{
	trunc_side(out, s, len, maxcp, 0);
}

static void
trunc_add_left(struct buf *out, const char *s, size_t len, size_t maxcp)
{
	trunc_side(out, s, len, maxcp, 1);
}

/* untrusted raw text -> cleaned, escaped, truncated, appended */
static void
put(struct buf *out, const char *s, size_t len, size_t maxcp, int md)
{
	struct buf c = BUF_INIT, e = BUF_INIT;

	clean_add(&c, s, len);
	esc_add(&e, c.data, c.len, md);
	trunc_add(out, e.data, e.len, maxcp);
	buf_release(&c);
	buf_release(&e);
}

/* ------------------------------------------------------------------ */
/* reading the alert */


/* a string member: pointer and length (may hold NULs), or NULL */
static const char *
jget(const json_t *o, const char *k, size_t *len)
{
	json_t *v = json_object_get(o, k);

	if (!json_is_string(v)) {
		*len = 0;
		return NULL;
	}
	*len = json_string_length(v);
	return json_string_value(v);
}

/* append member k of o (untrusted), or dflt when missing or empty */
static void
put_key(struct buf *out, const json_t *o, const char *k, size_t maxcp,
    int md, const char *dflt)
{
	size_t len, before = out->len;
	const char *s = jget(o, k, &len);

	if (s != NULL)
		put(out, s, len, maxcp, md);
	if (out->len == before && dflt != NULL)
		buf_addstr(out, dflt);
}

/* a member cleaned into a NUL-terminated malloc'd string ("" if absent) */
static char *
jclean(const json_t *o, const char *k)
{
	struct buf b = BUF_INIT;
	size_t len;
	const char *s = jget(o, k, &len);

	clean_add(&b, s, len);
	return buf_detach(&b, NULL);
}

static long long
jint(const json_t *o, const char *k, long long dflt)
{
	json_t *v = json_object_get(o, k);
	long long n;

	if (json_is_integer(v))
		n = (long long)json_integer_value(v);
	else if (json_is_real(v) && json_real_value(v) > -1e12 &&
	    json_real_value(v) < 1e12)
		n = (long long)json_real_value(v);
	else
		return dflt;
	if (n < 0)
		n = 0;
	if (n > 1000000000LL)
		n = 1000000000LL;
	return n;
}

/* ------------------------------------------------------------------ */
/* pieces of messages */

struct sevinfo {
	const char	*name, *label, *word, *emoji;
};

static const struct sevinfo sevs[] = {
	{ "critical", "CRITICAL", "Critical", "\xf0\x9f\x94\xb4" },
	{ "high", "HIGH", "High", "\xf0\x9f\x94\xb4" },
	{ "medium", "MEDIUM", "Medium", "\xf0\x9f\x9f\xa0" },
	{ "low", "LOW", "Low", "\xf0\x9f\x94\xb5" },
	{ "info", "INFO", "Info", "\xf0\x9f\x94\xb5" },
};
static const struct sevinfo sev_unknown = {
	"unknown", "UNKNOWN", "Unknown", "\xe2\x9a\xaa"
};

static const struct sevinfo *
sev_of(const json_t *o)
{
	size_t len;
	const char *s = jget(o, "severity", &len);

	for (size_t i = 0; s != NULL && i < sizeof(sevs) / sizeof(sevs[0]);
	    i++)
		if (strlen(sevs[i].name) == len && strcmp(s, sevs[i].name) == 0)
			return &sevs[i];
	return &sev_unknown;
}

/* "cloudflare" -> "Cloudflare", for display */
static void
competitor_add(struct buf *out, const json_t *o, int md)
{
	static const struct {
		const char *id, *name;
	} names[] = {
		{ "zerotier", "ZeroTier" }, { "netbird", "NetBird" },
		{ "paloalto", "Palo Alto Networks" },
		{ "palo-alto", "Palo Alto Networks" },
		{ "openvpn", "OpenVPN" }, { "ngrok", "ngrok" },
	};
	char *c = jclean(o, "competitor");
	struct buf t = BUF_INIT;

	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (strcmp(c, names[i].id) == 0) {
			buf_addstr(out, names[i].name);
			goto out;
		}
	buf_addstr(&t, c);
	if (t.len > 0 && t.data[0] >= 'a' && t.data[0] <= 'z')
		t.data[0] = (char)(t.data[0] - 'a' + 'A');
	put(out, t.data, t.len, CAP_NAME, md);
out:
	buf_release(&t);
	free(c);
}

static int
has_competitor(const json_t *o)
{
	size_t len;
	const char *s = jget(o, "competitor", &len);

	return s != NULL && len > 0;
}

/* an id-like value inside backticks, character for character */
static void
code_add(struct buf *out, const json_t *o, const char *k, const char *dflt)
{
	buf_addch(out, '`');
	put_key(out, o, k, CAP_NAME, ESC_CODE, dflt);
	buf_addch(out, '`');
}

/* only http(s) URLs with a host, not too long, become links */
static int
url_linkable(const char *u, size_t len)
{
	size_t n;

	if (len > CAP_URL)
		return 0;
	if (len > 7 && strncasecmp(u, "http://", 7) == 0)
		n = 7;
	else if (len > 8 && strncasecmp(u, "https://", 8) == 0)
		n = 8;
	else
		return 0;
	return u[n] != '/' && u[n] != '\0' && u[n] != '?' && u[n] != '#';
}

/* the URL part of <url|label>: the scheme in lower case (its canonical
 * form; Slack links "HTTPS://" less reliably), | < > whitespace and
 * controls percent-encoded, & as &amp; (Slack decodes entities in links) */
static void
url_add(struct buf *out, const char *u, size_t len)
{
	static const char hex[] = "0123456789ABCDEF";
	int in_scheme = 1;

	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)u[i];

		if (in_scheme && c == ':')
			in_scheme = 0;
		if (in_scheme)
			buf_addch(out, (char)tolower(c));
		else if (c <= 0x20 || c == 0x7f || c == '|' || c == '<' ||
		    c == '>' || c == '"' || c == '`') {
			buf_addch(out, '%');
			buf_addch(out, hex[c >> 4]);
			buf_addch(out, hex[c & 15]);
		} else if (c == '&')
			buf_addstr(out, "&amp;");
		else
			buf_addch(out, (char)c);
	}
}

/*
 * A link to url (member k of o) labelled with label (already escaped):
 * <url|label> when the URL is linkable and at most maxurl characters once
 * encoded, else the label alone. Links are never cut.
 */
static void
link_add(struct buf *out, const json_t *o, const char *k, const char *label,
    size_t maxurl)
{
	size_t len;
	const char *raw = jget(o, k, &len);
	struct buf u = BUF_INIT, e = BUF_INIT;

	if (raw != NULL)
		clean_add(&u, raw, len);
	if (url_linkable(u.data, u.len))
		url_add(&e, u.data, u.len);
	if (e.len == 0 || cp_count(e.data, e.len) > maxurl) {
		buf_addstr(out, label);
		goto out;
	}
	buf_addch(out, '<');
	buf_add(out, e.data, e.len);
	buf_addch(out, '|');
	buf_addstr(out, label);
	buf_addch(out, '>');
out:
	buf_release(&u);
	buf_release(&e);
}

/* a date as a Slack date token (reader's time zone) with a fallback */
static int
date_add(struct buf *out, const json_t *o, const char *k)
{
	char *s = jclean(o, k);
	int64_t t;
	char iso[32];
	int ok = 0;

	if (*s != '\0' && parse_time(s, &t) == 0 && t > 0 &&
	    t < 253402300800LL) {
		fmt_time(iso, t);
		iso[10] = '\0';
		buf_addf(out, "<!date^%lld^{date_short_pretty}|%s>",
		    (long long)t, iso);
		ok = 1;
	}
	free(s);
	return ok;
}

static int
isword(unsigned char c)
{
	return isalnum(c) || c == '_';
}

/*
 * ">excerpt" with the first occurrence of match in *bold* (widened to
 * word boundaries), at most maxcp code points, one line.
 */
static void
excerpt_add(struct buf *out, const json_t *hit, size_t maxcp)
{
	char *ex = jclean(hit, "excerpt"), *m = jclean(hit, "match");
	struct buf pre = BUF_INIT, mid = BUF_INIT, post = BUF_INIT;
	struct buf emid = BUF_INIT;
	size_t off = 0, end = 0, mlen = strlen(m), exlen = strlen(ex);
	size_t cmid, room, cpre, cpost, bpre;
	const char *at = NULL;

	if (mlen > 0) {
		at = strstr(ex, m);
		if (at == NULL) {
			/* case may differ after cleaning; ASCII fold */
			for (size_t i = 0; i + mlen <= exlen; i++)
				if (strncasecmp(ex + i, m, mlen) == 0) {
					at = ex + i;
					break;
				}
		}
	}
	if (at == NULL) {
		buf_addch(out, '>');
		if (exlen == 0 && mlen == 0) {
			buf_addstr(out, "(no excerpt)");
			goto out;
		}
		if (exlen == 0) {
			buf_addch(out, '*');
			put(out, m, mlen, CAP_MATCH, 1);
			buf_addch(out, '*');
			goto out;
		}
		put(out, ex, exlen, maxcp, 1);
		if (mlen > 0) {
			buf_addstr(out, "\nMatched: *");
			put(out, m, mlen, CAP_MATCH, 1);
			buf_addch(out, '*');
		}
		goto out;
	}
	off = (size_t)(at - ex);
	end = off + mlen;
	while (off > 0 && isword((unsigned char)ex[off - 1]) &&
	    isword((unsigned char)ex[off]))
		off--;
	while (end < exlen && isword((unsigned char)ex[end]) &&
	    isword((unsigned char)ex[end - 1]))
		end++;
	esc_add(&pre, ex, off, 1);
	esc_add(&mid, ex + off, end - off, 1);
	esc_add(&post, ex + end, exlen - end, 1);
	trunc_add(&emid, mid.data, mid.len, CAP_MATCH);
	cmid = cp_count(emid.data, emid.len);
	room = maxcp > cmid + 3 ? maxcp - cmid - 3 : 0;
	cpre = cp_count(pre.data, pre.len);
	cpost = cp_count(post.data, post.len);
	/* give the text before the match half the room, more when the
	 * text after it is short */
	bpre = room / 2;
	if (cpost < room - bpre)
		bpre = room - cpost;
	if (bpre > cpre)
		bpre = cpre;
	buf_addch(out, '>');
	trunc_add_left(out, pre.data, pre.len, bpre);
	buf_addch(out, '*');
	buf_add(out, emid.data, emid.len);
	buf_addch(out, '*');
	trunc_add(out, post.data, post.len, room - bpre);
out:
	buf_release(&pre);
	buf_release(&mid);
	buf_release(&post);
	buf_release(&emid);
	free(ex);
	free(m);
}

/*
 * "Owners: <@U0123ABCD>, <!subteam^S0123ABCD|@pmm>, @vp-product": an
 * owner in Slack's exact user or user-group syntax (playbook_owner_kind())
 * is a real mention; anything else is escaped text.
 */
static void
owners_add(struct buf *out, const json_t *pb)
{
	json_t *ow = json_object_get(pb, "owners");
	size_t n = json_is_array(ow) ? json_array_size(ow) : 0, shown = 0;

	buf_addstr(out, "Owners: ");
	for (size_t i = 0; i < n && shown < MAX_OWNERS; i++) {
		json_t *v = json_array_get(ow, i);
		const char *s = json_string_value(v);
		size_t len = json_string_length(v);
		enum owner_kind k;

		if (!json_is_string(v) || len == 0)
			continue;
		if (shown++ > 0)
			buf_addstr(out, ", ");
		k = playbook_owner_kind(s, len);
		if ((k == OWNER_USER || k == OWNER_GROUP) &&
		    memchr(s, '\0', len) == NULL)
			buf_add(out, s, len);
		else
			put(out, s, len, CAP_NAME, ESC_MD);
	}
	if (shown == 0)
		buf_addstr(out, "none set in the playbook");
	else if (n > shown)
		buf_addf(out, " (+%zu more)", n - shown);
}

/*
 * "watching: 1 of 2 distinct signals within 90 days" or "*ACTIVE*: 3
 * distinct signals within 90 days (needs 2)"
 */
static void
pbstate_line(struct buf *out, const json_t *pb, int md)
{
	size_t len;
	const char *st = jget(pb, "state", &len);
	long long have = jint(pb, "signals_in_window", 0);
	long long need = jint(pb, "distinct_needed", 1);
	long long days = jint(pb, "within_days", 0);
	int active = st != NULL && strcmp(st, "active") == 0;

	if (active) {
		buf_addstr(out, md ? "*ACTIVE*: " : "ACTIVE: ");
		buf_addf(out, "%lld distinct signal%s", have,
		    have == 1 ? "" : "s");
	} else
		buf_addf(out, "watching: %lld of %lld distinct signal%s", have,
		    need, need == 1 ? "" : "s");
	if (days > 0)
		buf_addf(out, " within %lld day%s", days, days == 1 ? "" : "s");
	if (active)
		buf_addf(out, " (needs %lld)", need);
}

/* ------------------------------------------------------------------ */
/* blocks within limits */

struct blocks {
	json_t	*a;
	size_t	 chars;		/* code points of all text in a */
};

static void
blocks_init(struct blocks *b)
{
	b->a = json_array();
	b->chars = 0;
}

/* a JSON string from our own text; valid UTF-8 by construction, repaired
 * if ever not */
static json_t *
jstring(const char *s, size_t len)
{
	struct buf b = BUF_INIT;
	json_t *v;

	if (utf8_valid(s, len) && memchr(s, '\0', len) == NULL)
		return json_stringn(s, len);
	buf_add(&b, s, len);
	utf8_repair(&b);
	v = json_stringn(b.data, b.len);
	buf_release(&b);
	if (v == NULL)
		BUG("json_stringn refused repaired text");
	return v;
}

/* a text object holding s cut to max code points */
static json_t *
textobj(const char *type, const char *s, size_t max, size_t *chars)
{
	struct buf t = BUF_INIT;
	json_t *o = json_object();

	trunc_add(&t, s, strlen(s), max);
	if (cp_count(s, strlen(s)) > max) {
		/* never leave a link or date token of ours open: every raw
		 * '<' in our text starts one */
		char *lt = strrchr(t.data, '<');

		if (lt != NULL && strchr(lt, '>') == NULL) {
			buf_truncate(&t, (size_t)(lt - t.data));
			buf_addstr(&t, ELLIPSIS);
		}
	}
	if (t.len == 0)
		buf_addch(&t, '-');	/* Slack refuses empty text */
	*chars = cp_count(t.data, t.len);
	json_object_set_new(o, "type", json_string(type));
	json_object_set_new(o, "text", jstring(t.data, t.len));
	if (strcmp(type, "plain_text") == 0)
		json_object_set_new(o, "emoji", json_true());
	buf_release(&t);
	return o;
}

/* append a block {"type": type, key: v}; takes v */
static void
blk_add(struct blocks *b, const char *type, const char *key, json_t *v)
{
	json_t *o = json_object();

	json_object_set_new(o, "type", json_string(type));
	json_object_set_new(o, key, v);
	json_array_append_new(b->a, o);
}

/* a block of type `type` holding one text object */
static void
blk_text(struct blocks *b, const char *type, const char *texttype,
    const char *text, size_t max)
{
	size_t c;
	json_t *v = textobj(texttype, text, max, &c);

	blk_add(b, type, "text", v);
	b->chars += c;
}

static void
blk_header(struct blocks *b, const char *text)
{
	blk_text(b, "header", "plain_text", text, SL_MAX_HEADER);
}

static void
blk_section(struct blocks *b, const char *mrkdwn)
{
	blk_text(b, "section", "mrkdwn", mrkdwn, SL_MAX_SECTION);
}

static void
blk_fields(struct blocks *b, const struct buf *f, size_t n)
{
	json_t *arr = json_array();
	size_t c;

	for (size_t i = 0; i < n && i < SL_MAX_FIELDS; i++) {
		json_array_append_new(arr, textobj("mrkdwn", f[i].data,
		    SL_MAX_FIELD, &c));
		b->chars += c;
	}
	blk_add(b, "section", "fields", arr);
}

static void
blk_context(struct blocks *b, const char *mrkdwn)
{
	json_t *arr = json_array();
	size_t c;

	json_array_append_new(arr, textobj("mrkdwn", mrkdwn, SL_MAX_SECTION,
	    &c));
	b->chars += c;
	blk_add(b, "context", "elements", arr);
}

static void
blk_alert_context(struct blocks *b, const json_t *a)
{
	struct buf t = BUF_INIT;

	buf_addstr(&t, "Alert ");
	code_add(&t, a, "id", "no-id");
	buf_addstr(&t, MIDDOT "sigwatch");
	blk_context(b, t.data);
	buf_release(&t);
}

/*
 * Sections filled line by line: a line that would push the current
 * section past the section limit starts a new one; lines past the byte
 * budget or the block budget are counted, not shown.
 */
struct sections {
	struct blocks	*b;
	struct buf	 cur;
	size_t		 budget;	/* code points for all sections */
	size_t		 used;
	size_t		 maxblocks;	/* sections we may still add */
	size_t		 dropped;	/* lines not shown */
};

static void
sec_flush(struct sections *s)
{
	if (s->cur.len == 0)
		return;
	blk_section(s->b, s->cur.data);
	s->used += cp_count(s->cur.data, s->cur.len);
	s->maxblocks--;
	buf_reset(&s->cur);
}

/* start a new section for the next line when the blocks allow it */
static void
sec_break(struct sections *s)
{
	if (s->cur.len > 0 && s->maxblocks > 1)
		sec_flush(s);
}

static void
sec_line(struct sections *s, const char *line, size_t len)
{
	size_t c = cp_count(line, len), cur = cp_count(s->cur.data, s->cur.len);

	if (s->dropped > 0 || s->used + cur + c + 1 > s->budget) {
		s->dropped++;
		return;
	}
	if (cur > 0 && cur + 1 + c > SL_MAX_SECTION) {
		if (s->maxblocks <= 1) {
			s->dropped++;
			return;
		}
		sec_flush(s);
		cur = 0;
	}
	if (cur > 0)
		buf_addch(&s->cur, '\n');
	buf_add(&s->cur, line, len);
}

static void
sec_init(struct sections *s, struct blocks *b, size_t budget,
    size_t maxblocks)
{
	memset(s, 0, sizeof(*s));
	s->b = b;
	s->cur = (struct buf)BUF_INIT;
	s->budget = budget;
	s->maxblocks = maxblocks;
}

/*
 * The closing "n more" line: shown even though lines were dropped, with
 * extra code points of budget and a block of its own if none is left.
 */
static void
sec_more(struct sections *s, const struct buf *line, size_t extra)
{
	s->dropped = 0;
	s->budget += extra;
	if (s->maxblocks == 0)
		s->maxblocks = 1;
	sec_line(s, line->data, line->len);
}

/* flush the last section and free s (not its blocks) */
static void
sec_end(struct sections *s)
{
	sec_flush(s);
	buf_release(&s->cur);
}

/* end a paragraph of n lines in t: add it as a section of its own (when
 * it has lines) and empty t for the next one */
static void
sec_para(struct sections *s, struct buf *t, size_t *n)
{
	if (*n > 0) {
		sec_break(s);
		sec_line(s, t->data, t->len);
	}
	buf_reset(t);
	*n = 0;
}

/* ------------------------------------------------------------------ */
/* the kinds */

/* scheme://host[:port]/ of a linkable URL, userinfo dropped, or nothing */
static void
site_root(struct buf *out, const char *u, size_t len)
{
	const char *p, *end, *at;
	size_t n;

	if (u == NULL || !url_linkable(u, len))
		return;
	p = memchr(u, ':', len);
	n = (size_t)(p - u) + 3;		/* "https://" */
	end = u + n;
	while (end < u + len && *end != '/' && *end != '?' && *end != '#')
		end++;
	p = u + n;
	while ((at = memchr(p, '@', (size_t)(end - p))) != NULL)
		p = at + 1;
	if (p == end)
		return;
	buf_add(out, u, n);
	buf_add(out, p, (size_t)(end - p));
	buf_addch(out, '/');
}

/*
 * The source as a link to its page for people: "source_home" (a feed's
 * site, a job board's public page), else the site root of the source's
 * URL; never the raw feed or API URL.
 */
static void
source_add(struct buf *out, const json_t *h)
{
	struct buf label = BUF_INIT, root = BUF_INIT;
	json_t *tmp;
	size_t len;
	const char *home = jget(h, "source_home", &len);

	put_key(&label, h, "source", CAP_NAME, ESC_MD, "unknown source");
	if (home == NULL || !url_linkable(home, len)) {
		const char *u = jget(h, "source_url", &len);

		site_root(&root, u, len);
		tmp = json_object();
		json_object_set_new(tmp, "u", jstring(root.data, root.len));
		link_add(out, tmp, "u", label.data, CAP_URL_SOURCE);
		json_decref(tmp);
	} else
		link_add(out, h, "source_home", label.data, CAP_URL_SOURCE);
	buf_release(&label);
	buf_release(&root);
}

/* "published <date> · seen <date>" (or only what is known) */
static void
dates_add(struct buf *out, const json_t *h)
{
	struct buf d = BUF_INIT;
	int any = 0;

	if (date_add(&d, h, "published")) {
		buf_addstr(out, "published ");
		buf_add(out, d.data, d.len);
		any = 1;
	}
	buf_reset(&d);
	if (date_add(&d, h, "at")) {
		buf_addstr(out, any ? MIDDOT "seen " : "seen ");
		buf_add(out, d.data, d.len);
		any = 1;
	}
	if (!any)
		buf_addstr(out, "date unknown");
	buf_release(&d);
}

/*
 * The hits of one alert grouped by item: an item several rules hit is one
 * entry listing its rules. At most MAX_GROUPED hits are looked at (an
 * alert holds 20; more come only from a hand-made one).
 */
#define MAX_GROUPED 200

struct entries {
	const json_t	*h[MAX_GROUPED];
	size_t		 grp[MAX_GROUPED];	/* entry of each hit */
	size_t		 nh;
	struct entry {
		size_t	 first;		/* its first hit */
		size_t	 n;		/* hits */
		int	 sev;
		long long pub;		/* unix time, or LLONG_MIN */
	}		 e[MAX_GROUPED];
	size_t		 ne;
	size_t		 nrules;	/* distinct rules in the alert */
};

static int
sev_rank(const json_t *h)
{
	size_t len;
	const char *s = jget(h, "severity", &len);

	for (size_t i = 0; s != NULL && i < sizeof(sevs) / sizeof(sevs[0]);
	    i++)
		if (strcmp(s, sevs[i].name) == 0)
			return (int)(sizeof(sevs) / sizeof(sevs[0]) - i);
	return 0;
}

static long long
time_of(const json_t *o, const char *k)
{
	char *s = jclean(o, k);
	int64_t t;
	long long r = LLONG_MIN;

	if (*s != '\0' && parse_time(s, &t) == 0)
		r = (long long)t;
	free(s);
	return r;
}

/* "source\nitem" (else the link, the title, the hit id) */
static char *
entry_key(const json_t *h)
{
	struct buf k = BUF_INIT;
	size_t len;
	const char *item = jget(h, "item", &len);

	buf_addstr(&k, "s:");
	put_key(&k, h, "source", RAW_MAX, ESC_PLAIN, "");
	buf_addch(&k, '\n');
	if (item != NULL && len > 0)
		put_key(&k, h, "item", RAW_MAX, ESC_PLAIN, "");
	else if (jget(h, "link", &len) != NULL && len > 0)
		put_key(&k, h, "link", RAW_MAX, ESC_PLAIN, "");
	else if (jget(h, "title", &len) != NULL && len > 0)
		put_key(&k, h, "title", RAW_MAX, ESC_PLAIN, "");
	else
		put_key(&k, h, "id", RAW_MAX, ESC_PLAIN, "");
	return buf_detach(&k, NULL);
}

/* most severe first, then newest published, then the alert's order */
static int
entry_order(const void *a, const void *b)
{
	const struct entry *x = a, *y = b;

	if (x->sev != y->sev)
		return x->sev > y->sev ? -1 : 1;
	if (x->pub != y->pub)
		return x->pub > y->pub ? -1 : 1;
	return x->first < y->first ? -1 : x->first > y->first;
}

static void
entries_build(struct entries *es, const json_t *hits)
{
	size_t n = json_is_array(hits) ? json_array_size(hits) : 0;
	char **keys = xcalloc(MAX_GROUPED + 1, sizeof(*keys));
	char **rules = xcalloc(MAX_GROUPED + 1, sizeof(*rules));
	size_t map[MAX_GROUPED];

	memset(es, 0, sizeof(*es));
	for (size_t i = 0; i < n && es->nh < MAX_GROUPED; i++) {
		const json_t *h = json_array_get(hits, i);
		size_t k, r;
		char *rule;

		if (!json_is_object(h))
			continue;
		keys[es->nh] = entry_key(h);
		for (k = 0; k < es->ne; k++)
			if (strcmp(keys[es->e[k].first], keys[es->nh]) == 0)
				break;
		if (k == es->ne) {
			es->e[k].first = es->nh;
			es->e[k].sev = sev_rank(h);
			es->e[k].pub = time_of(h, "published");
			es->ne++;
		}
		if (sev_rank(h) > es->e[k].sev)
			es->e[k].sev = sev_rank(h);
		es->e[k].n++;
		es->grp[es->nh] = k;
		es->h[es->nh++] = h;
		rule = jclean(h, "rule");
		for (r = 0; r < es->nrules; r++)
			if (strcmp(rules[r], rule) == 0)
				break;
		if (r == es->nrules)
			rules[es->nrules++] = rule;
		else
			free(rule);
	}
	/* sort the entries; hits keep pointing at them through map */
	for (size_t k = 0; k < es->ne; k++)
		es->e[k].n = k;		/* remember the old index in n */
	qsort(es->e, es->ne, sizeof(es->e[0]), entry_order);
	for (size_t k = 0; k < es->ne; k++)
		map[es->e[k].n] = k;
	for (size_t k = 0; k < es->ne; k++)
		es->e[k].n = 0;
	for (size_t i = 0; i < es->nh; i++) {
		es->grp[i] = map[es->grp[i]];
		es->e[es->grp[i]].n++;
	}
	for (size_t i = 0; i < es->nh; i++)
		free(keys[i]);
	for (size_t r = 0; r < es->nrules; r++)
		free(rules[r]);
	free(keys);
	free(rules);
}

/*
 * One item as a section:
 *   *<link|title>*
 *   >excerpt with the *match*
 *   Rule: title `rule` · selection `s` in `field`     (one line per rule)
 *   <home|source> · published <date> · seen <date>
 *   Triage: `sigwatch triage ID --fp --note "why"` or `--ack`
 * rule_titles 0: the header names the only rule, so lines give its id.
 */
static void
entry_section(struct buf *out, const struct entries *es, size_t k,
    int rule_titles, size_t excerpt_cap)
{
	const json_t *h0 = es->h[es->e[k].first];
	struct buf label = BUF_INIT;
	size_t len, nr = 0;
	const char *sel;
	char *ex = jclean(h0, "excerpt"), *ti = jclean(h0, "title");
	/* a match in the title: its excerpt is the title again */
	int quote = *ex != '\0' && strcmp(ex, ti) != 0;

	put_key(&label, h0, "title", CAP_TITLE, ESC_MD, "(untitled)");
	buf_addch(out, '*');
	link_add(out, h0, "link", label.data, CAP_URL_HIT);
	buf_addch(out, '*');
	if (quote) {
		buf_addch(out, '\n');
		excerpt_add(out, h0, excerpt_cap);
	}
	for (size_t i = es->e[k].first; i < es->nh; i++) {
		const json_t *h = es->h[i];

		if (es->grp[i] != k)
			continue;
		buf_addstr(out, "\nRule: ");
		if (rule_titles && jget(h, "rule_title", &len) != NULL &&
		    len > 0) {
			put_key(out, h, "rule_title", CAP_RULE_TITLE, ESC_MD,
			    NULL);
			buf_addch(out, ' ');
		}
		code_add(out, h, "rule", "unknown");
		if (json_is_true(json_object_get(h, "analyst")))
			buf_addstr(out, MIDDOT "attached by the analyst's "
			    "judgement");
		if ((h != h0 || !quote) && jget(h, "match", &len) != NULL &&
		    len > 0) {
			buf_addstr(out, MIDDOT "matched *");
			put_key(out, h, "match", CAP_MATCH, ESC_MD, NULL);
			buf_addch(out, '*');
		}
		sel = jget(h, "field", &len);
		if (sel != NULL && len > 0) {
			buf_addstr(out, " in ");
			code_add(out, h, "field", NULL);
		}
		sel = jget(h, "selection", &len);
		if (sel != NULL && len > 0) {
			buf_addstr(out, " (selection ");
			code_add(out, h, "selection", NULL);
			buf_addch(out, ')');
		}
		if (es->e[k].n > 1) {
			buf_addstr(out, MIDDOT "hit ");
			code_add(out, h, "id", "?");
		}
		nr++;
	}
	buf_addch(out, '\n');
	source_add(out, h0);
	/* a report from a person says who */
	if (jget(h0, "reporter", &len) != NULL && len > 0) {
		buf_addstr(out, MIDDOT "reported by ");
		put_key(out, h0, "reporter", CAP_NAME, ESC_MD, NULL);
	}
	buf_addstr(out, MIDDOT);
	dates_add(out, h0);
	buf_addstr(out, "\nTriage: `sigwatch triage ");
	put_key(out, h0, "id", CAP_NAME, ESC_CODE, "HIT-ID");
	buf_addstr(out, " --fp --note \"why\"` if it is wrong, `--ack` if "
	    "it is right");
	if (nr > 1)
		buf_addstr(out, " (one hit per rule)");
	buf_release(&label);
	free(ex);
	free(ti);
}

/* one evidence object (pbsignal) as a compact line */
static void
evidence_line(struct buf *out, const json_t *h)
{
	struct buf label = BUF_INIT;

	put_key(&label, h, "title", CAP_TITLE, ESC_MD, "(untitled)");
	buf_addstr(out, "\xe2\x80\xa2 *");
	link_add(out, h, "link", label.data, CAP_URL_SOURCE);
	buf_addstr(out, "*" MIDDOT);
	code_add(out, h, "rule", "unknown");
	buf_addstr(out, MIDDOT);
	code_add(out, h, "source", "unknown");
	buf_addstr(out, MIDDOT);
	buf_reset(&label);
	if (date_add(&label, h, "published"))
		buf_addstr(out, "published ");
	else if (date_add(&label, h, "at"))
		buf_addstr(out, "seen ");
	buf_add(out, label.data, label.len);
	buf_release(&label);
}

/* numbered steps of a stage into sections; returns the next number */
static unsigned
steps_add(struct sections *s, const json_t *stage, unsigned num)
{
	json_t *steps = json_object_get(stage, "steps");
	struct buf line = BUF_INIT;
	size_t n = json_is_array(steps) ? json_array_size(steps) : 0;

	for (size_t i = 0; i < n; i++) {
		json_t *v = json_array_get(steps, i);

		if (!json_is_string(v))
			continue;
		buf_reset(&line);
		buf_addf(&line, "%u. ", num++);
		put(&line, json_string_value(v), json_string_length(v),
		    CAP_STEP, ESC_MD);
		sec_line(s, line.data, line.len);
	}
	buf_release(&line);
	return num;
}

/*
 * The header's subject: the rule's title when every hit is of one rule,
 * else the playbook's title, else "N rules". *named: 1 when it is the
 * rule's title (entries then give only its id), 2 the playbook's.
 */
static void
subject_add(struct buf *out, const json_t *a, const struct entries *es,
    int md, size_t cap, int *named)
{
	const json_t *pb = json_object_get(a, "playbook");
	size_t before = out->len;
	int mode = md ? ESC_MD : ESC_PLAIN;

	*named = 0;
	if (es->nh > 0 && es->nrules == 1) {
		put_key(out, es->h[0], "rule_title", cap, mode, NULL);
		if (out->len == before)
			put_key(out, es->h[0], "rule", CAP_NAME, mode, NULL);
		if (out->len > before) {
			*named = 1;
			return;
		}
	}
	if (json_is_object(pb)) {
		put_key(out, pb, "title", cap, mode, NULL);
		if (out->len > before) {
			*named = 2;
			return;
		}
	}
	buf_addf(out, "new signals from %zu rules", es->nrules);
}

/* "🔴 HIGH · Cloudflare · subject · 3 new items", within 150 */
static void
signal_header(struct buf *hdr, const json_t *a, const struct entries *es,
    long long items, int *named)
{
	const struct sevinfo *sev = sev_of(a);
	struct buf suffix = BUF_INIT, mid = BUF_INIT;
	size_t used;

	buf_addf(hdr, "%s %s" MIDDOT, sev->emoji, sev->label);
	if (has_competitor(a)) {
		competitor_add(hdr, a, 0);
		buf_addstr(hdr, MIDDOT);
	}
	if (items > 1)
		buf_addf(&suffix, MIDDOT "%lld new items", items);
	subject_add(&mid, a, es, 0, RAW_MAX, named);
	used = cp_count(hdr->data, hdr->len) + cp_count(suffix.data,
	    suffix.len);
	trunc_add(hdr, mid.data, mid.len, used < SL_MAX_HEADER ?
	    SL_MAX_HEADER - used : 0);
	buf_add(hdr, suffix.data, suffix.len);
	buf_release(&suffix);
	buf_release(&mid);
}

/* "Playbook *title* `id` · threat: x · watching: 1 of 2 ..." */
static void
playbook_line(struct buf *out, const json_t *pb, int with_title)
{
	buf_addstr(out, "Playbook ");
	if (with_title) {
		buf_addch(out, '*');
		put_key(out, pb, "title", CAP_TITLE, ESC_MD, "(untitled)");
		buf_addstr(out, "* ");
	}
	code_add(out, pb, "id", "unknown");
	if (json_is_string(json_object_get(pb, "threat"))) {
		buf_addstr(out, MIDDOT "threat: ");
		put_key(out, pb, "threat", CAP_NAME, ESC_MD, "-");
	}
	buf_addstr(out, MIDDOT);
	pbstate_line(out, pb, 1);
}

/*
 * Entries as sections while the budget and the blocks last; then a
 * context line counting the items not shown. Returns how many items
 * were shown.
 */
static size_t
entries_add(struct blocks *mid, const struct entries *es, long long items,
    size_t budget, size_t maxblk, int rule_titles, size_t excerpt_cap)
{
	struct buf t = BUF_INIT;
	size_t shown = 0;

	for (size_t k = 0; k < es->ne && shown < MAX_HITS_SHOWN &&
	    shown + 1 < maxblk; k++) {
		size_t c;

		buf_reset(&t);
		entry_section(&t, es, k, rule_titles, excerpt_cap);
		c = cp_count(t.data, t.len);
		if (c > SL_MAX_SECTION)
			c = SL_MAX_SECTION;
		if (mid->chars + c > budget)
			break;
		blk_section(mid, t.data);
		shown++;
	}
	if (items > (long long)shown) {
		buf_reset(&t);
		buf_addf(&t, "*+%lld more item%s* not shown here: `sigwatch "
		    "hits` lists them all", items - (long long)shown,
		    items - (long long)shown == 1 ? "" : "s");
		blk_context(mid, t.data);
	}
	buf_release(&t);
	return shown;
}

/* items in an alert: its entries, plus what the cap left out */
static long long
items_total(const json_t *a, const struct entries *es)
{
	long long total = jint(a, "hits_total", (long long)es->nh);

	if (total < (long long)es->nh)
		total = (long long)es->nh;
	/* hits past the 20 in the alert are counted as items of their own */
	return (long long)es->ne + (total - (long long)es->nh);
}

/* "*Next: Month 1*" and its steps, and the owners, into tail */
static void
next_steps_add(struct blocks *tail, const json_t *pb)
{
	const json_t *next = pb != NULL ? json_object_get(pb, "next_stage") :
	    NULL;
	struct sections sec;
	struct buf t = BUF_INIT;

	sec_init(&sec, tail, 2600, 1);
	if (pb != NULL && json_is_object(next)) {
		buf_addstr(&t, "*Next: ");
		put_key(&t, next, "name", CAP_NAME, ESC_MD, "next stage");
		buf_addch(&t, '*');
		sec_line(&sec, t.data, t.len);
		steps_add(&sec, next, 1);
	} else if (pb != NULL) {
		buf_addstr(&t, "*Next:* the playbook lists no further stage; "
		    "check with the owners before acting.");
		sec_line(&sec, t.data, t.len);
	} else {
		buf_addstr(&t, "*Next:* no playbook is linked to this rule: "
		    "decide whether it matters, then triage it.");
		sec_line(&sec, t.data, t.len);
	}
	if (sec.dropped > 0) {
		buf_reset(&t);
		buf_addf(&t, ELLIPSIS " %zu more step%s in the playbook",
		    sec.dropped, sec.dropped == 1 ? "" : "s");
		sec_more(&sec, &t, 200);
	}
	if (pb != NULL) {
		buf_reset(&t);
		owners_add(&t, pb);
		sec.budget += 800;
		sec_line(&sec, t.data, t.len);
	}
	sec_end(&sec);
	buf_release(&t);
}

static void
render_signal(struct blocks *all, struct buf *text, const json_t *a)
{
	const json_t *pb = json_object_get(a, "playbook");
	const struct sevinfo *sev = sev_of(a);
	struct blocks head, mid, tail;
	struct buf t = BUF_INIT;
	struct entries *es = xcalloc(1, sizeof(*es));
	size_t budget, maxblk;
	long long items;
	int named = 0;

	if (!json_is_object(pb))
		pb = NULL;
	entries_build(es, json_object_get(a, "hits"));
	items = items_total(a, es);
	blocks_init(&head);
	blocks_init(&mid);
	blocks_init(&tail);

	/* header: severity, competitor and what happened, once each */
	signal_header(&t, a, es, items, &named);
	blk_header(&head, t.data);
	if (pb != NULL) {
		buf_reset(&t);
		playbook_line(&t, pb, named != 2);
		blk_section(&head, t.data);
	}
	next_steps_add(&tail, pb);
	blk_alert_context(&tail, a);

	/* as many items as the budget allows */
	budget = SL_MAX_TOTAL - head.chars - tail.chars - 120;
	maxblk = SL_MAX_BLOCKS - json_array_size(head.a) -
	    json_array_size(tail.a) - 1;
	entries_add(&mid, es, items, budget, maxblk, named != 1, CAP_EXCERPT);
	json_array_extend(all->a, head.a);
	json_array_extend(all->a, mid.a);
	json_array_extend(all->a, tail.a);
	all->chars = head.chars + mid.chars + tail.chars;
	json_decref(head.a);
	json_decref(mid.a);
	json_decref(tail.a);

	/* [HIGH] Cloudflare: subject - item title (+2 more) */
	buf_addf(text, "[%s] ", sev->label);
	if (has_competitor(a)) {
		competitor_add(text, a, 1);
		buf_addstr(text, ": ");
	}
	subject_add(text, a, es, 1, CAP_RULE_TITLE, &named);
	if (es->ne > 0) {
		buf_addstr(text, " - ");
		put_key(text, es->h[es->e[0].first], "title", CAP_TITLE, ESC_MD,
		    "(untitled)");
	}
	if (items > 1)
		buf_addf(text, " (+%lld more)", items - 1);
	buf_release(&t);
	free(es);
}

/* the earlier signals of an activation, compact, within budget */
static void
evidence_add(struct blocks *all, const json_t *a, size_t budget)
{
	const json_t *ev = json_object_get(a, "evidence");
	struct sections sec;
	struct buf line = BUF_INIT;
	size_t n = json_is_array(ev) ? json_array_size(ev) : 0, shown = 0;
	long long total = jint(a, "evidence_total", (long long)n);

	if (n == 0)
		return;
	if (total < (long long)n)
		total = (long long)n;
	sec_init(&sec, all, budget, 1);
	sec_line(&sec, "*Earlier signals in the window*",
	    strlen("*Earlier signals in the window*"));
	for (size_t i = 0; i < n && shown < MAX_EVIDENCE; i++) {
		const json_t *h = json_array_get(ev, i);

		if (!json_is_object(h))
			continue;
		buf_reset(&line);
		evidence_line(&line, h);
		sec_line(&sec, line.data, line.len);
		if (sec.dropped > 0)
			break;
		shown++;
	}
	if (total > (long long)shown) {
		buf_reset(&line);
		buf_addf(&line, "+%lld more", total - (long long)shown);
		sec_more(&sec, &line, 100);
	}
	sec_end(&sec);
	buf_release(&line);
}

/* "*Don't*" and its bullets into tail */
static void
dont_add(struct blocks *tail, const json_t *dont)
{
	struct sections ds;
	struct buf line = BUF_INIT;
	size_t nd = json_is_array(dont) ? json_array_size(dont) : 0;
	size_t dshown = 0;

	if (nd == 0)
		return;
	sec_init(&ds, tail, 1500, 1);
	sec_line(&ds, "*Don't*", strlen("*Don't*"));
	for (size_t i = 0; i < nd; i++) {
		json_t *v = json_array_get(dont, i);

		if (!json_is_string(v))
			continue;
		buf_reset(&line);
		buf_addstr(&line, "\xe2\x80\xa2 ");
		put(&line, json_string_value(v), json_string_length(v),
		    CAP_STEP, ESC_MD);
		sec_line(&ds, line.data, line.len);
		if (ds.dropped == 0)
			dshown++;
	}
	if (ds.dropped > 0) {
		buf_reset(&line);
		buf_addf(&line, ELLIPSIS " %zu more", nd - dshown);
		sec_more(&ds, &line, 100);
	}
	sec_end(&ds);
	buf_release(&line);
}

/* the full plan, stage by stage, numbered through, in what is left */
static void
plan_add(struct blocks *all, const json_t *pb, size_t budget,
    size_t maxblocks)
{
	const json_t *stages = json_object_get(pb, "stages");
	size_t ns = json_is_array(stages) ? json_array_size(stages) : 0;
	struct sections sec;
	struct buf line = BUF_INIT;
	unsigned num = 1;

	sec_init(&sec, all, budget, maxblocks);
	sec_line(&sec, "*Response plan*", strlen("*Response plan*"));
	for (size_t i = 0; i < ns; i++) {
		const json_t *st = json_array_get(stages, i);

		if (!json_is_object(st))
			continue;
		if (i > 0)
			sec_break(&sec);
		buf_reset(&line);
		buf_addch(&line, '*');
		put_key(&line, st, "name", CAP_NAME, ESC_MD, "Stage");
		buf_addch(&line, '*');
		sec_line(&sec, line.data, line.len);
		num = steps_add(&sec, st, num);
	}
	if (ns == 0)
		sec_line(&sec, "The playbook has no stages.",
		    strlen("The playbook has no stages."));
	if (sec.dropped > 0) {
		buf_reset(&line);
		buf_addf(&line, ELLIPSIS " plan cut here (%zu more line%s): "
		    "see the playbook file for ", sec.dropped,
		    sec.dropped == 1 ? "" : "s");
		code_add(&line, pb, "id", "unknown");
		sec_more(&sec, &line, 200);
	}
	sec_end(&sec);
	buf_release(&line);
}

#define ACT_ENTRIES_BUDGET	2400
#define ACT_EVIDENCE_BUDGET	900
#define ACT_EXCERPT		300

/* the header: t (its start) + the playbook's title, or its id */
static void
pb_header(struct blocks *all, struct buf *t, const json_t *pb)
{
	size_t used = t->len;

	put_key(t, pb, "title", RAW_MAX, ESC_PLAIN, NULL);
	if (t->len == used)
		put_key(t, pb, "id", CAP_NAME, ESC_PLAIN, "(untitled)");
	blk_header(all, t->data);
}

/*
 * Playbook active: who and how bad, this run's new items in full (no
 * separate signal alert repeats them), the earlier signals in the window,
 * the whole plan and the Don't list.
 */
static void
render_activation(struct blocks *all, struct buf *text, const json_t *a)
{
	const json_t *pb = json_object_get(a, "playbook");
	const struct sevinfo *sev = sev_of(a);
	struct buf t = BUF_INIT;
	struct blocks tail, mid;
	struct entries *es = xcalloc(1, sizeof(*es));
	size_t used, maxblk;
	long long items, have;

	if (!json_is_object(pb))
		pb = NULL;	/* json_object_get(NULL, k) is NULL */
	entries_build(es, json_object_get(a, "hits"));
	items = items_total(a, es);
	have = jint(pb, "signals_in_window", 0);
	blocks_init(&tail);
	blocks_init(&mid);

	buf_addf(&t, "%s %s" MIDDOT "Playbook active: ", sev->emoji,
	    sev->label);
	pb_header(all, &t, pb);

	/* who, how bad, why now, who owns it */
	buf_reset(&t);
	if (has_competitor(a)) {
		buf_addch(&t, '*');
		competitor_add(&t, a, 1);
		buf_addstr(&t, "*" MIDDOT);
	}
	buf_addstr(&t, "threat: *");
	put_key(&t, pb, "threat", CAP_NAME, ESC_MD, "not rated");
	buf_addf(&t, "*" MIDDOT "%lld distinct signal%s within %lld day%s "
	    "(needs %lld) activated ", have, have == 1 ? "" : "s",
	    jint(pb, "within_days", 0),
	    jint(pb, "within_days", 0) == 1 ? "" : "s",
	    jint(pb, "distinct_needed", 1));
	code_add(&t, pb, "id", "unknown");
	buf_addch(&t, '\n');
	owners_add(&t, pb);
	blk_section(all, t.data);

	/* the Don't list and the context, reserved before the rest */
	dont_add(&tail, json_object_get(pb, "dont"));
	blk_alert_context(&tail, a);

	/* this run's new items in full */
	if (es->ne > 0) {
		buf_reset(&t);
		buf_addf(&t, "*New %s*", items == 1 ? "signal" : "signals");
		blk_section(&mid, t.data);
		entries_add(&mid, es, items, mid.chars + ACT_ENTRIES_BUDGET,
		    12, 1, ACT_EXCERPT);
	}
	json_array_extend(all->a, mid.a);
	all->chars += mid.chars;
	json_decref(mid.a);
	evidence_add(all, a, ACT_EVIDENCE_BUDGET);

	/* the full plan in what is left */
	used = all->chars + tail.chars;
	maxblk = SL_MAX_BLOCKS - json_array_size(all->a) -
	    json_array_size(tail.a) - 1;
	plan_add(all, pb, SL_MAX_TOTAL > used + 200 ? SL_MAX_TOTAL - used -
	    200 : 0, maxblk);
	json_array_extend(all->a, tail.a);
	all->chars += tail.chars;
	json_decref(tail.a);

	/* [CRITICAL] Playbook active: title (Cloudflare) - 3 distinct signals */
	buf_addf(text, "[%s] Playbook active: ", sev->label);
	put_key(text, pb, "title", CAP_TITLE, ESC_MD, NULL);
	if (has_competitor(a)) {
		buf_addstr(text, " (");
		competitor_add(text, a, 1);
		buf_addch(text, ')');
	}
	buf_addf(text, " - %lld distinct signal%s", have, have == 1 ? "" :
	    "s");
	buf_release(&t);
	free(es);
}

/* a false positive took the playbook back to watching */
static void
render_deactivation(struct blocks *all, struct buf *text, const json_t *a)
{
	const json_t *pb = json_object_get(a, "playbook");
	const json_t *tr = json_object_get(a, "triage");
	const json_t *hits = json_object_get(a, "hits");
	const json_t *h = json_array_get(hits, 0);
	struct buf t = BUF_INIT, label = BUF_INIT;

	if (!json_is_object(pb))
		pb = NULL;
	if (!json_is_object(tr))
		tr = NULL;
	buf_addstr(&t, "\xe2\x86\xa9\xef\xb8\x8f Playbook back to watching: ");
	pb_header(all, &t, pb);

	buf_reset(&t);
	buf_addstr(&t, "A signal was triaged as a *false positive* by ");
	put_key(&t, tr, "author", CAP_NAME, ESC_MD, "someone");
	buf_addstr(&t, " and no longer counts:\n");
	if (json_is_object(h)) {
		put_key(&label, h, "title", CAP_TITLE, ESC_MD, "(untitled)");
		buf_addstr(&t, "\xe2\x80\xa2 *");
		link_add(&t, h, "link", label.data, CAP_URL_HIT);
		buf_addstr(&t, "*" MIDDOT);
		code_add(&t, h, "rule", "unknown");
		buf_addstr(&t, MIDDOT "hit ");
		code_add(&t, h, "id", "?");
		buf_addch(&t, '\n');
	}
	buf_addstr(&t, ">");
	put_key(&t, tr, "note", CAP_EXCERPT, ESC_MD, "(no note)");
	buf_addstr(&t, "\nNow ");
	code_add(&t, pb, "id", "unknown");
	buf_addstr(&t, " is ");
	pbstate_line(&t, pb, 1);
	buf_addstr(&t, ". The response plan is on hold until the playbook "
	    "activates again.\n");
	owners_add(&t, pb);
	blk_section(all, t.data);
	blk_alert_context(all, a);

	buf_addf(text, "[%s] Playbook back to watching: ", sev_of(a)->label);
	put_key(text, pb, "title", CAP_TITLE, ESC_MD, "(untitled)");
	buf_addstr(text, " (a signal was triaged as a false positive)");
	buf_release(&t);
	buf_release(&label);
}

/* ------------------------------------------------------------------ */
/* the digest */

#define DIG_SIGNALS_SHOWN	5

/* "2026-11-27" of member k, or "?" */
static void
day_add(struct buf *out, const json_t *o, const char *k)
{
	char *s = jclean(o, k);
	int64_t t;
	char iso[32];

	if (*s != '\0' && parse_time(s, &t) == 0) {
		fmt_time(iso, t);
		iso[10] = '\0';
		buf_addstr(out, iso);
	} else
		buf_addch(out, '?');
	free(s);
}

/* "`rule-a`, `rule-b`": every rule that hit a digest item (at most 5) */
static void
rules_add(struct buf *out, const json_t *g)
{
	const json_t *rules = json_object_get(g, "rules");
	size_t n = json_is_array(rules) ? json_array_size(rules) : 0, k = 0;

	for (size_t i = 0; i < n && k < 5; i++) {
		json_t *tmp = json_object();

		if (!json_is_string(json_array_get(rules, i))) {
			json_decref(tmp);
			continue;
		}
		json_object_set(tmp, "r", json_array_get(rules, i));
		if (k++ > 0)
			buf_addstr(out, ", ");
		code_add(out, tmp, "r", "?");
		json_decref(tmp);
	}
	if (k == 0)
		code_add(out, g, "rule", "unknown");
	else if (n > k)
		buf_addf(out, " +%zu", n - k);
}

/* one signal of a digest: "• 🆕 *<link|title>* · `rule` · `source` · date" */
static void
digest_signal_line(struct buf *out, const json_t *g)
{
	struct buf label = BUF_INIT, d = BUF_INIT;

	put_key(&label, g, "title", CAP_TITLE, ESC_MD, "(untitled)");
	buf_addstr(out, "\xe2\x80\xa2 ");
	if (json_is_true(json_object_get(g, "new")))
		buf_addstr(out, "\xf0\x9f\x86\x95 ");	/* 🆕 */
	buf_addch(out, '*');
	link_add(out, g, "link", label.data, CAP_URL_SOURCE);
	buf_addstr(out, "*" MIDDOT);
	rules_add(out, g);
	buf_addstr(out, MIDDOT);
	code_add(out, g, "source", "unknown");
	if (date_add(&d, g, "published")) {
		buf_addstr(out, MIDDOT "published ");
		buf_add(out, d.data, d.len);
	} else if (date_add(&d, g, "at")) {
		buf_addstr(out, MIDDOT "seen ");
		buf_add(out, d.data, d.len);
	}
	buf_release(&label);
	buf_release(&d);
}

/* signals of a list as lines, then "+N more" */
static void
digest_signals(struct buf *out, const json_t *list, long long total,
    const char *more_cmd)
{
	size_t n = json_is_array(list) ? json_array_size(list) : 0, shown = 0;

	for (size_t i = 0; i < n && shown < DIG_SIGNALS_SHOWN; i++) {
		const json_t *g = json_array_get(list, i);

		if (!json_is_object(g))
			continue;
		buf_addch(out, '\n');
		digest_signal_line(out, g);
		shown++;
	}
	if (total > (long long)shown)
		buf_addf(out, "\n+%lld more: `%s`", total - (long long)shown,
		    more_cmd);
}

static void
digest_summary(struct blocks *all, struct buf *text, const json_t *d,
    long long signals)
{
	const json_t *pbs = json_object_get(d, "playbooks"), *e;
	const json_t *src = json_object_get(d, "sources");
	struct buf t = BUF_INIT, p = BUF_INIT;
	long long fresh = 0, active = 0, npb = 0, items = 0;
	long long broken = (long long)json_array_size(json_object_get(src,
	    "broken"));
	long long nsrc = jint(src, "total", 0);
	size_t i;

	items = jint(d, "items", 0);
	json_array_foreach(pbs, i, e) {
		size_t len;
		const char *st = jget(e, "state", &len);

		npb++;
		if (st != NULL && strcmp(st, "active") == 0)
			active++;
	}
	fresh = jint(d, "items_new", 0);

	buf_addf(&t, "*%lld item%s* this period (%lld signal%s)", items,
	    items == 1 ? "" : "s", signals, signals == 1 ? "" : "s");
	if (json_is_string(json_object_get(d, "previous"))) {
		buf_addf(&t, ", *%lld new* since the last digest (", fresh);
		if (!date_add(&t, d, "previous"))
			buf_addch(&t, '?');
		buf_addch(&t, ')');
	}
	buf_addf(&t, "\n*%lld of %lld playbook%s active*" MIDDOT, active, npb,
	    npb == 1 ? "" : "s");
	if (broken > 0)
		buf_addf(&t, "*%lld of %lld source%s broken*", broken, nsrc,
		    nsrc == 1 ? "" : "s");
	else
		buf_addf(&t, "all %lld source%s healthy", nsrc, nsrc == 1 ?
		    "" : "s");
	buf_reset(&p);
	put_key(&p, d, "report_url", CAP_NAME, ESC_MD, NULL);
	if (p.len > 0) {
		buf_addstr(&t, "\n*");
		link_add(&t, d, "report_url", "Open the report",
		    CAP_URL_SOURCE);
		buf_addch(&t, '*');
	}
	blk_section(all, t.data);

	buf_addf(text, "sigwatch digest: %lld item%s", items,
	    items == 1 ? "" : "s");
	if (json_is_string(json_object_get(d, "previous")))
		buf_addf(text, " (%lld new)", fresh);
	buf_addf(text, ", %lld active playbook%s, %lld broken source%s",
	    active, active == 1 ? "" : "s", broken, broken == 1 ? "" : "s");
	buf_release(&t);
	buf_release(&p);
}

/* one section per playbook with signals or active; the quiet ones in a
 * line */
static void
digest_playbooks(struct sections *sec, const json_t *d)
{
	const json_t *e;
	struct buf t = BUF_INIT, quiet = BUF_INIT, cmd = BUF_INIT;
	size_t i, nq = 0;

	json_array_foreach(json_object_get(d, "playbooks"), i, e) {
		long long total = jint(e, "signals_total", 0);
		size_t len;
		const char *st = jget(e, "state", &len);
		int active = st != NULL && strcmp(st, "active") == 0;

		if (total == 0 && !active) {
			buf_addstr(&quiet, nq++ ? ", " : "*Quiet*: ");
			code_add(&quiet, e, "id", "?");
			continue;
		}
		buf_reset(&t);
		buf_reset(&cmd);
		buf_addch(&t, '*');
		put_key(&t, e, "title", CAP_TITLE, ESC_MD, "(untitled)");
		buf_addstr(&t, "* ");
		code_add(&t, e, "id", "?");
		buf_addch(&t, '\n');
		pbstate_line(&t, e, 1);
		if (active && date_add(&cmd, e, "activated_at")) {
			buf_addstr(&t, ", active since ");
			buf_add(&t, cmd.data, cmd.len);
		}
		buf_reset(&cmd);
		buf_addstr(&cmd, "sigwatch hits --playbook ");
		put_key(&cmd, e, "id", CAP_NAME, ESC_CODE, "?");
		buf_addstr(&cmd, " --since ");
		day_add(&cmd, d, "since");
		if (total == 0)
			buf_addstr(&t, "\nNo new signal this period.");
		digest_signals(&t, json_object_get(e, "signals"), total,
		    cmd.data);
		sec_break(sec);
		sec_line(sec, t.data, t.len);
	}
	if (nq > 0) {
		buf_addstr(&quiet, " (watching, nothing new)");
		sec_break(sec);
		sec_line(sec, quiet.data, quiet.len);
	}
	buf_release(&t);
	buf_release(&quiet);
	buf_release(&cmd);
}

static void
digest_rest(struct sections *sec, const json_t *d)
{
	const json_t *e, *src = json_object_get(d, "sources");
	struct buf t = BUF_INIT, cmd = BUF_INIT;
	size_t i, n = 0;
	long long other = jint(d, "other_total", 0);

	if (other > 0) {
		buf_addstr(&t, "*No playbook*");
		buf_addstr(&cmd, "sigwatch hits --since ");
		day_add(&cmd, d, "since");
		digest_signals(&t, json_object_get(d, "other"), other,
		    cmd.data);
		n = 1;
	}
	sec_para(sec, &t, &n);
	json_array_foreach(json_object_get(d, "competitors"), i, e) {
		buf_addstr(&t, n++ ? MIDDOT : "*By competitor* (items): ");
		if (has_competitor(e))
			competitor_add(&t, e, 1);
		else
			buf_addstr(&t, "not set");
		buf_addf(&t, " %lld", jint(e, "items", 0));
	}
	sec_para(sec, &t, &n);
	json_array_foreach(json_object_get(src, "broken"), i, e) {
		buf_addstr(&t, n++ ? "\n" : "*Broken sources*\n");
		buf_addstr(&t, "\xe2\x80\xa2 ");
		code_add(&t, e, "id", "?");
		buf_addf(&t, MIDDOT "%lld failures" MIDDOT,
		    jint(e, "consecutive_failures", 0));
		put_key(&t, e, "last_error", CAP_STEP, ESC_MD, "no error text");
	}
	sec_para(sec, &t, &n);
	json_array_foreach(json_object_get(d, "rules"), i, e) {
		long long fp = jint(e, "fp", 0), ack = jint(e, "ack", 0);

		buf_addstr(&t, n++ ? "\n" : "*Rule precision* (from triage, "
		    "all recorded hits)\n");
		buf_addstr(&t, "\xe2\x80\xa2 ");
		code_add(&t, e, "rule", "?");
		buf_addf(&t, ": %lld hit%s, %lld false positive%s",
		    jint(e, "hits", 0), jint(e, "hits", 0) == 1 ? "" : "s", fp,
		    fp == 1 ? "" : "s");
		if (ack > 0)
			buf_addf(&t, ", %lld confirmed", ack);
	}
	sec_para(sec, &t, &n);
	buf_release(&t);
	buf_release(&cmd);
}

static void
render_digest(struct blocks *all, struct buf *text, const json_t *a)
{
	const json_t *d = json_object_get(a, "digest");
	struct buf t = BUF_INIT;
	struct blocks tail;
	struct sections sec;

	if (!json_is_object(d))
		d = NULL;
	blocks_init(&tail);
	buf_addstr(&t, "\xf0\x9f\x93\x8b sigwatch digest" MIDDOT);
	day_add(&t, d, "since");
	buf_addstr(&t, " to ");
	day_add(&t, d, "until");
	blk_header(all, t.data);
	digest_summary(all, text, d, jint(a, "hits_total", 0));

	buf_reset(&t);
	buf_addstr(&t, "Digest ");
	code_add(&t, a, "id", "no-id");
	buf_addstr(&t, MIDDOT "sigwatch" MIDDOT "a signal was wrong? "
	    "`sigwatch triage HIT-ID --fp --note \"why\"` (ids: `sigwatch "
	    "hits`)");
	blk_context(&tail, t.data);

	sec_init(&sec, all, SL_MAX_TOTAL - all->chars - tail.chars - 300,
	    SL_MAX_BLOCKS - json_array_size(all->a) - json_array_size(tail.a) -
	    2);
	digest_playbooks(&sec, d);
	digest_rest(&sec, d);
	if (sec.dropped > 0) {
		buf_reset(&t);
		buf_addf(&t, ELLIPSIS " %zu more line%s: `sigwatch status` and "
		    "`sigwatch hits` have them", sec.dropped,
		    sec.dropped == 1 ? "" : "s");
		sec_more(&sec, &t, 200);
	}
	sec_end(&sec);
	json_array_extend(all->a, tail.a);
	all->chars += tail.chars;
	json_decref(tail.a);
	buf_release(&t);
}

/* step 2 of a source-broken alert: what to fix depends on the kind */
static void
fix_advice(struct buf *t, const json_t *src)
{
	const char *kind = json_str(src, "kind");
	const char *what, *file;

	if (kind == NULL)
		kind = "";
	if (strcmp(kind, "html") == 0 || strcmp(kind, "page") == 0) {
		what = "2. If the page loads but its layout changed, fix the "
		    "source's XPath (`items`, `title`, `link`... or `select`) "
		    "in its feeds file";
		file = "page.html";
	} else if (strcmp(kind, "feed") == 0) {
		what = "2. If the URL no longer serves a feed (RSS, Atom or "
		    "JSON Feed), or an empty one, find the site's current "
		    "feed (often linked from its pages) and put it in `url:`";
		file = "feed.xml";
	} else if (strcmp(kind, "greenhouse") == 0 || strcmp(kind, "lever") ==
	    0 || strcmp(kind, "ashby") == 0 || strcmp(kind, "workday") == 0) {
		what = "2. Check the job board: does the company still post "
		    "its jobs with this vendor, under this `board:` token? Its "
		    "careers page shows where the jobs are now";
		file = "jobs.json";
	} else {
		what = "2. Check the source's definition in its feeds file";
		file = "FILE";
	}
	buf_addstr(t, what);
	buf_addstr(t, "; save what the URL returns and try it with `sigwatch "
	    "parse --source ");
	put_key(t, src, "id", CAP_NAME, 1, "ID");
	buf_addf(t, " %s`.\n", file);
}

static void
render_source(struct blocks *all, struct buf *text, const json_t *a,
    int broken)
{
	const json_t *src = json_object_get(a, "source");
	struct buf t = BUF_INIT, u = BUF_INIT, f[4] = { BUF_INIT, BUF_INIT,
	    BUF_INIT, BUF_INIT };

	if (!json_is_object(src))
		src = NULL;
	buf_addstr(&t, broken ? "\xe2\x9a\xa0\xef\xb8\x8f Source broken: " :
	    "\xe2\x9c\x85 Source recovered: ");
	put_key(&t, src, "id", SL_MAX_HEADER, 0, "unknown");
	blk_header(all, t.data);

	buf_addstr(&f[0], "*Kind*\n");
	put_key(&f[0], src, "kind", CAP_NAME, 1, "unknown");
	buf_addstr(&f[1], "*Competitor*\n");
	if (has_competitor(src))
		competitor_add(&f[1], src, 1);
	else if (has_competitor(a))
		competitor_add(&f[1], a, 1);
	else
		buf_addstr(&f[1], "not set");
	buf_addstr(&f[2], "*Status*\n");
	put_key(&f[2], src, "status", CAP_NAME, 1, broken ? "broken" : "ok");
	if (broken)
		buf_addf(&f[3], "*Consecutive failures*\n%lld",
		    jint(src, "consecutive_failures", 0));
	blk_fields(all, f, broken ? 4 : 3);

	buf_reset(&t);
	put_key(&u, src, "url", 300, 1, "(no URL)");
	buf_addstr(&t, "*URL*\n");
	link_add(&t, src, "url", u.data, CAP_URL);
	if (broken) {
		buf_addstr(&t, "\n*Last error*\n>");
		put_key(&t, src, "last_error", CAP_ERROR, 1, "(none recorded)");
		blk_section(all, t.data);
		buf_reset(&t);
		buf_addstr(&t, "*What to do*\n"
		    "1. Open the URL in a browser: is it still there, did it "
		    "move, does it now need a login or block our client?\n");
		fix_advice(&t, src);
		buf_addstr(&t, "3. Run `sigwatch status` for its history; it is "
		    "retried every run and a recovery is announced here.\n"
		    "Hits from this source are missed until it is fixed.");
		blk_section(all, t.data);
	} else {
		buf_addstr(&t, "\nFetching and extraction work again; its items "
		    "are matched from this run on. Items it published while "
		    "broken are picked up if the source still lists them.");
		blk_section(all, t.data);
	}
	blk_alert_context(all, a);

	buf_addf(text, "[%s] Source %s: ", sev_of(a)->label,
	    broken ? "broken" : "recovered");
	put_key(text, src, "id", CAP_NAME, 1, "unknown");
	if (broken) {
		buf_addstr(text, " - ");
		put_key(text, src, "last_error", CAP_ERROR, 1, "no error text");
	}
	for (size_t i = 0; i < 4; i++)
		buf_release(&f[i]);
	buf_release(&t);
	buf_release(&u);
}

static void
render_other(struct blocks *all, struct buf *text, const json_t *a)
{
	struct buf t = BUF_INIT;

	buf_addstr(&t, "sigwatch alert: ");
	put_key(&t, a, "kind", CAP_NAME, 0, "unknown");
	blk_header(all, t.data);
	buf_reset(&t);
	buf_addstr(&t, "An alert of a kind this version cannot show: ");
	code_add(&t, a, "kind", "unknown");
	buf_addstr(&t, ". Its JSON is in the outbox under its id.");
	blk_section(all, t.data);
	blk_alert_context(all, a);
	buf_addf(text, "[%s] sigwatch alert ", sev_of(a)->label);
	put_key(text, a, "kind", CAP_NAME, 1, "unknown");
	buf_release(&t);
}


static void
set_text(json_t *root, const struct buf *text)
{
	struct buf t = BUF_INIT;

	trunc_add(&t, text->data, text->len, SL_MAX_TEXT);
	json_object_set_new(root, "text", jstring(t.data, t.len));
	buf_release(&t);
}

/* the blocks and fallback text of an alert, by its kind */
static void
render_kind(struct blocks *all, struct buf *text, json_t *a, const char *kind)
{
	if (strcmp(kind, "signal") == 0)
		render_signal(all, text, a);
	else if (strcmp(kind, "playbook-activated") == 0)
		render_activation(all, text, a);
	else if (strcmp(kind, "playbook-deactivated") == 0)
		render_deactivation(all, text, a);
	else if (strcmp(kind, "digest") == 0)
		render_digest(all, text, a);
	else if (strcmp(kind, "source-broken") == 0)
		render_source(all, text, a, 1);
	else if (strcmp(kind, "source-recovered") == 0)
		render_source(all, text, a, 0);
	else
		render_other(all, text, a);
}

/* the message: text, blocks (taken; NULL for none), no unfurling */
static char *
payload_dump(const struct buf *text, json_t *blocks)
{
	json_t *root = json_object();
	char *r;

	set_text(root, text);
	if (blocks != NULL)
		json_object_set_new(root, "blocks", blocks);
	json_object_set_new(root, "unfurl_links", json_false());
	json_object_set_new(root, "unfurl_media", json_false());
	r = notify_json_dump(root);
	json_decref(root);
	return r;
}

/* the alert parsed and rendered into all and text; NULL if not JSON */
static json_t *
render_alert(struct blocks *all, struct buf *text, const char *alert_json,
    size_t len)
{
	json_t *a;

	if ((a = notify_alert_load(alert_json, len)) == NULL)
		return NULL;
	blocks_init(all);
	render_kind(all, text, a, json_str(a, "kind"));
	return a;
}

char *
notify_slack_payload(const char *alert_json, size_t len)
{
	json_t *a;
	struct blocks all;
	struct buf text = BUF_INIT;
	char *r;

	if ((a = render_alert(&all, &text, alert_json, len)) == NULL)
		return NULL;
	if (json_array_size(all.a) > SL_MAX_BLOCKS)
		BUG("%zu blocks", json_array_size(all.a));
	r = payload_dump(&text, all.a);
	json_decref(a);
	buf_release(&text);
	return r;
}

/* add a line to the minimal text if it still fits whole */
static void
minimal_line(struct buf *text, const struct buf *line)
{
	if (cp_count(text->data, text->len) + cp_count(line->data,
	    line->len) <= 3600)
		buf_add(text, line->data, line->len);
}

char *
notify_slack_minimal(const char *alert_json, size_t len)
{
	json_t *a, *hits;
	struct blocks all;
	struct buf text = BUF_INIT, label = BUF_INIT, line = BUF_INIT;
	size_t nh;
	char *r;

	/* the same first line as the full payload's fallback */
	if ((a = render_alert(&all, &text, alert_json, len)) == NULL)
		return NULL;
	json_decref(all.a);
	/* plus links, plainly */
	hits = json_object_get(a, "hits");
	nh = json_is_array(hits) ? json_array_size(hits) : 0;
	for (size_t i = 0; i < nh && i < 5; i++) {
		const json_t *h = json_array_get(hits, i);

		buf_reset(&label);
		buf_reset(&line);
		put_key(&label, h, "title", 120, 1, "(untitled)");
		buf_addstr(&line, "\n\xe2\x80\xa2 ");
		link_add(&line, h, "link", label.data, CAP_URL_HIT);
		minimal_line(&text, &line);
	}
	if (json_is_object(json_object_get(a, "source"))) {
		buf_reset(&label);
		buf_reset(&line);
		put_key(&label, json_object_get(a, "source"), "url", 300, 1,
		    "(no URL)");
		buf_addstr(&line, "\n");
		link_add(&line, json_object_get(a, "source"), "url",
		    label.data, CAP_URL);
		minimal_line(&text, &line);
	}
	/* the alert id last; whole lines only, so no link is ever cut */
	if (cp_count(text.data, text.len) > 3600) {
		buf_reset(&line);
		trunc_add(&line, text.data, text.len, 3600);
		buf_reset(&text);
		buf_add(&text, line.data, line.len);
	}
	buf_addstr(&text, "\nAlert ");
	put_key(&text, a, "id", CAP_NAME, 1, "no-id");
	buf_addstr(&text, MIDDOT "sigwatch (shortened message)");
	r = payload_dump(&text, NULL);
	json_decref(a);
	buf_release(&text);
	buf_release(&label);
	buf_release(&line);
	return r;
}
