#ifndef SIGWATCH_SLACK_INT_H
#define SIGWATCH_SLACK_INT_H

#include <stddef.h>

#include <jansson.h>

#include "buf.h"

/*
 * Rendering alerts as Slack messages, shared by notify_slack.c (the
 * entry points of notify.h), slack_text.c, slack_fields.c,
 * slack_blocks.c, slack_entries.c, slack_digest.c and notify_preview.c;
 * not part of notify.h's API. Pure: no network, no I/O.
 *
 * All text from an alert is untrusted. It reaches a message only through
 * slack_put() (or put_key(), code_add(), link_add()...), which clean,
 * escape and truncate it; text of our own is appended as it is.
 */

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

#define ELLIPSIS	"\xe2\x80\xa6"	/* U+2026 */
#define MIDDOT		" \xc2\xb7 "	/* " · " */

/* escaping modes: & < > only (plain_text), mrkdwn, inside a code span */
enum { ESC_PLAIN = 0, ESC_MD = 1, ESC_CODE = 2 };

/* ---- text (slack_text.c) ------------------------------------------ */

/* length of s in UTF-16 units (never less than its code points): what
 * every limit above is checked against */
size_t	cp_count(const char *s, size_t len);
/* append untrusted s as one line of clean text: valid UTF-8, no controls
 * or bidi overrides, whitespace runs as one space, trimmed; s may be NULL */
void	clean_add(struct buf *out, const char *s, size_t len);
/* a letter, digit or UTF-8 byte at s[i] (false outside s): where a
 * mrkdwn marker touches a word and is literal */
int	notify_wordbyte(const char *s, size_t len, size_t i);
/* append clean text escaped for Slack in mode (ESC_*): & < > as
 * entities; in mrkdwn, markers and mentions as look-alikes */
void	esc_add(struct buf *out, const char *s, size_t len, int mode);
/* append escaped s cut to maxcp code points including a final "…"
 * (trunc_add) or a first one (trunc_add_left), never inside an entity */
void	trunc_add(struct buf *out, const char *s, size_t len, size_t maxcp);
void	trunc_add_left(struct buf *out, const char *s, size_t len,
	    size_t maxcp);
/* untrusted raw text cleaned, escaped in mode md, cut to maxcp, appended */
void	slack_put(struct buf *out, const char *s, size_t len, size_t maxcp,
	    int md);

/* ---- members of an alert (slack_fields.c) -------------------------- */

struct sevinfo {
	const char	*name, *label, *word, *emoji;
};

/* string member k of o: pointer and length (may hold NULs), or NULL with
 * *len 0 (o may be NULL) */
const char *jget(const json_t *o, const char *k, size_t *len);
/* append member k of o as slack_put() does, or dflt (our own text, may
 * be NULL) when it is missing or comes out empty */
void	put_key(struct buf *out, const json_t *o, const char *k, size_t maxcp,
	    int md, const char *dflt);
/* member k cleaned (clean_add()) into a malloc'd string, "" if absent */
char	*jclean(const json_t *o, const char *k);
/* integer member k clamped to 0..1e9, or dflt when not a number */
long long jint(const json_t *o, const char *k, long long dflt);
/* the severity of o ("severity"); a static entry, "unknown" if none */
const struct sevinfo *sev_of(const json_t *o);
/* o's severity as a rank, higher is more severe; 0 if unknown */
int	sev_rank(const json_t *o);
/* o's "competitor" for display ("cloudflare" -> "Cloudflare") */
void	competitor_add(struct buf *out, const json_t *o, int md);
int	has_competitor(const json_t *o);
/* member k of o (an id) in backticks, or dflt */
void	code_add(struct buf *out, const json_t *o, const char *k,
	    const char *dflt);
/* u is an http(s) URL with a host, short enough to be a link */
int	slack_url_linkable(const char *u, size_t len);
/* <url|label> for URL member k of o, or label (already escaped) alone
 * when the URL is not linkable or longer than maxurl once encoded */
void	link_add(struct buf *out, const json_t *o, const char *k,
	    const char *label, size_t maxurl);
/* date member k as a Slack date token with its fallback; returns 0 (and
 * appends nothing) when k is not a date */
int	slack_date_add(struct buf *out, const json_t *o, const char *k);
/* ">excerpt" of a hit with its match in bold, at most maxcp, one line */
void	excerpt_add(struct buf *out, const json_t *hit, size_t maxcp);
/* "Owners: ..." of a playbook; only exact Slack ids become mentions */
void	owners_add(struct buf *out, const json_t *pb);
/* "watching: 1 of 2 distinct signals within 90 days" or "*ACTIVE*: ..."
 * (bold only when md) */
void	slack_pbstate_line(struct buf *out, const json_t *pb, int md);

/* ---- blocks within limits (slack_blocks.c) ------------------------- */

struct blocks {
	json_t	*a;
	size_t	 chars;		/* code points of all text in a */
};

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

/* b empty: a new JSON array (the caller owns b->a) */
void	blocks_init(struct blocks *b);
/* a JSON string from our own text (repaired if ever not valid UTF-8) */
json_t	*jstring(const char *s, size_t len);
/*
 * Blocks appended to b, their text (ours, escaped) cut to Slack's limit
 * without leaving a link or date token open, "-" when empty; b->chars
 * counts it. blk_fields() takes at most SL_MAX_FIELDS of f[0..n).
 */
void	blk_header(struct blocks *b, const char *text);
void	blk_section(struct blocks *b, const char *mrkdwn);
void	blk_fields(struct blocks *b, const struct buf *f, size_t n);
void	blk_context(struct blocks *b, const char *mrkdwn);
/* the context line "Alert `id` · sigwatch" */
void	blk_alert_context(struct blocks *b, const json_t *a);
/* s empty, adding to b within budget code points and maxblocks sections */
void	sec_init(struct sections *s, struct blocks *b, size_t budget,
	    size_t maxblocks);
/* the next line starts a new section (when the blocks allow it) */
void	sec_break(struct sections *s);
/* append a line, or count it in s->dropped when it does not fit */
void	sec_line(struct sections *s, const char *line, size_t len);
/* the closing "n more" line: shown with extra code points of budget */
void	sec_more(struct sections *s, const struct buf *line, size_t extra);
/* flush the last section and free s (not its blocks) */
void	sec_end(struct sections *s);
/* a paragraph of *n lines in t as a section of its own (when *n > 0);
 * t and *n emptied */
void	sec_para(struct sections *s, struct buf *t, size_t *n);

/* ---- hits grouped by item (slack_entries.c) ------------------------ */

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

/* es from an alert's "hits": entries most severe first, then newest;
 * es borrows the hits */
void	entries_build(struct entries *es, const json_t *hits);
/*
 * Entries as sections of mid while budget (code points of mid) and
 * maxblk blocks last, then a context line counting the items not shown.
 * rule_titles 0: the header names the only rule, so lines give its id.
 * Returns how many items were shown.
 */
size_t	entries_add(struct blocks *mid, const struct entries *es,
	    long long items, size_t budget, size_t maxblk, int rule_titles,
	    size_t excerpt_cap);
/* items in an alert: its entries, plus what the cap of 20 hits left out */
long long slack_items_total(const json_t *a, const struct entries *es);

/* ---- the digest (slack_digest.c) ----------------------------------- */

/* the blocks (into all, initialised) and fallback text of a digest */
void	slack_render_digest(struct blocks *all, struct buf *text,
	    const json_t *a);

#endif
