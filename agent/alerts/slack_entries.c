/*
 * Slack entries: the hits of an alert grouped by item, each item a
 * section (slack_int.h).
 */
#include "slack_int.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"
#include "xmalloc.h"

#define MAX_HITS_SHOWN	10

/* scheme://host[:port]/ of a linkable URL, userinfo dropped, or nothing */
static void
site_root(struct buf *out, const char *u, size_t len)
{
	const char *p, *end, *at;
	size_t n;

	if (u == NULL || !slack_url_linkable(u, len))
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
	if (home == NULL || !slack_url_linkable(home, len)) {
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

	if (slack_date_add(&d, h, "published")) {
		buf_addstr(out, "published ");
		buf_add(out, d.data, d.len);
		any = 1;
	}
	buf_reset(&d);
	if (slack_date_add(&d, h, "at")) {
		buf_addstr(out, any ? MIDDOT "seen " : "seen ");
		buf_add(out, d.data, d.len);
		any = 1;
	}
	if (!any)
		buf_addstr(out, "date unknown");
	buf_release(&d);
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

void
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

/*
 * Entries as sections while the budget and the blocks last; then a
 * context line counting the items not shown. Returns how many items
 * were shown.
 */
size_t
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
long long
slack_items_total(const json_t *a, const struct entries *es)
{
	long long total = jint(a, "hits_total", (long long)es->nh);

	if (total < (long long)es->nh)
		total = (long long)es->nh;
	/* hits past the 20 in the alert are counted as items of their own */
	return (long long)es->ne + (total - (long long)es->nh);
}
