/*
 * Slack text: untrusted strings cleaned, escaped for mrkdwn and cut
 * within a limit (slack_int.h).
 */
#include "slack_int.h"

#include <ctype.h>
#include <string.h>
#include <strings.h>

#include "util.h"

/* look-alikes for mrkdwn control characters (reference 4.1) */
#define LA_STAR		"\xe2\x88\x97"	/* U+2217 */
#define LA_UNDER	"\xef\xbc\xbf"	/* U+FF3F */
#define LA_TILDE	"\xe2\x88\xbc"	/* U+223C */
#define LA_TICK		"\xcb\x8b"	/* U+02CB */
#define LA_AT		"\xef\xbc\xa0"	/* U+FF20 */

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

size_t
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
void
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
void
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

void
trunc_add(struct buf *out, const char *s, size_t len, size_t maxcp)
{
	trunc_side(out, s, len, maxcp, 0);
}

void
trunc_add_left(struct buf *out, const char *s, size_t len, size_t maxcp)
{
	trunc_side(out, s, len, maxcp, 1);
}

/* untrusted raw text -> cleaned, escaped, truncated, appended */
void
slack_put(struct buf *out, const char *s, size_t len, size_t maxcp, int md)
{
	struct buf c = BUF_INIT, e = BUF_INIT;

	clean_add(&c, s, len);
	esc_add(&e, c.data, c.len, md);
	trunc_add(out, e.data, e.len, maxcp);
	buf_release(&c);
	buf_release(&e);
}
