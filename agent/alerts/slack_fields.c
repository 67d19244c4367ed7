/*
 * Slack fields: members of an alert read and rendered as pieces of
 * mrkdwn (slack_int.h).
 */
#include "slack_int.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "playbook.h"
#include "util.h"

#define MAX_OWNERS	10

/* a string member: pointer and length (may hold NULs), or NULL */
const char *
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
void
put_key(struct buf *out, const json_t *o, const char *k, size_t maxcp,
    int md, const char *dflt)
{
	size_t len, before = out->len;
	const char *s = jget(o, k, &len);

	if (s != NULL)
		slack_put(out, s, len, maxcp, md);
	if (out->len == before && dflt != NULL)
		buf_addstr(out, dflt);
}

/* a member cleaned into a NUL-terminated malloc'd string ("" if absent) */
char *
jclean(const json_t *o, const char *k)
{
	struct buf b = BUF_INIT;
	size_t len;
	const char *s = jget(o, k, &len);

	clean_add(&b, s, len);
	return buf_detach(&b, NULL);
}

long long
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

const struct sevinfo *
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

int
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

/* "cloudflare" -> "Cloudflare", for display */
void
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
	slack_put(out, t.data, t.len, CAP_NAME, md);
out:
	buf_release(&t);
	free(c);
}

int
has_competitor(const json_t *o)
{
	size_t len;
	const char *s = jget(o, "competitor", &len);

	return s != NULL && len > 0;
}

/* an id-like value inside backticks, character for character */
void
code_add(struct buf *out, const json_t *o, const char *k, const char *dflt)
{
	buf_addch(out, '`');
	put_key(out, o, k, CAP_NAME, ESC_CODE, dflt);
	buf_addch(out, '`');
}

/* only http(s) URLs with a host, not too long, become links */
int
slack_url_linkable(const char *u, size_t len)
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
void
link_add(struct buf *out, const json_t *o, const char *k, const char *label,
    size_t maxurl)
{
	size_t len;
	const char *raw = jget(o, k, &len);
	struct buf u = BUF_INIT, e = BUF_INIT;

	if (raw != NULL)
		clean_add(&u, raw, len);
	if (slack_url_linkable(u.data, u.len))
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
int
slack_date_add(struct buf *out, const json_t *o, const char *k)
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
void
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
			slack_put(out, m, mlen, CAP_MATCH, 1);
			buf_addch(out, '*');
			goto out;
		}
		slack_put(out, ex, exlen, maxcp, 1);
		if (mlen > 0) {
			buf_addstr(out, "\nMatched: *");
			slack_put(out, m, mlen, CAP_MATCH, 1);
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
void
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
			slack_put(out, s, len, CAP_NAME, ESC_MD);
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
void
slack_pbstate_line(struct buf *out, const json_t *pb, int md)
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
