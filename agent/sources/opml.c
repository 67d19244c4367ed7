#include "opml.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxml/tree.h>

#include "strset.h"
#include "url.h"
#include "util.h"
#include "xmalloc.h"

#define OPML_MAX_BYTES	(16 * 1024 * 1024)
#define OPML_MAX_DEPTH	32
#define OPML_MAX_FEEDS	100000
#define OPML_SLUG_MAX	48
#define OPML_MAX_TAGS	32	/* per source: more categories are dropped */

struct osrc {
	char	 *id;
	char	 *url;
	char	**tags;
	size_t	  ntags;
};

struct walk {
	struct osrc	 *v;
	size_t		  n, alloc;
	char		**cats;		/* stack of parent category slugs */
	size_t		  ncats;
	struct buf	  skipped;	/* YAML comment lines */
	struct strset	  ids;		/* every id given so far; per base id,
					 * the next suffix to try */
};

/* lowercase [a-z0-9] runs joined by '-', at most max bytes; malloc'd */
static char *
slug(const char *s, size_t max)
{
	struct buf b = BUF_INIT;
	int dash = 0;

	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if (isalnum(*p) && *p < 0x80) {
			if (dash && b.len > 0)
				buf_addch(&b, '-');
			dash = 0;
			if (b.len >= max)
				break;
			buf_addch(&b, tolower(*p));
		} else
			dash = 1;
	}
	while (b.len > max || (b.len > 0 && b.data[b.len - 1] == '-'))
		buf_truncate(&b, b.len - 1);
	return buf_detach(&b, NULL);
}

static char *
prop(xmlNodePtr n, const char *name)
{
	xmlChar *v = xmlGetProp(n, (const xmlChar *)name);
	char *s;

	if (v == NULL)
		return NULL;
	s = xstrdup((const char *)v);
	xmlFree(v);
	return s;
}

/*
 * base, else base-2, base-3...: the first not given yet. The next suffix
 * to try is kept per base, so 4,000 untitled outlines of one host cost
 * 4,000 look-ups, not 4,000 scans of every id.
 */
static char *
unique_id(struct walk *w, const char *base)
{
	struct buf b = BUF_INIT;
	size_t k;

	buf_addstr(&b, base);
	if (strset_add(&w->ids, b.data, b.len))
		return buf_detach(&b, NULL);
	k = *strset_val(&w->ids, base, strlen(base));
	if (k < 2)
		k = 2;
	do {	/* strset_add may move the slots: no pointer kept */
		buf_reset(&b);
		buf_addf(&b, "%s-%zu", base, k++);
	} while (!strset_add(&w->ids, b.data, b.len));
	*strset_val(&w->ids, base, strlen(base)) = k;
	return buf_detach(&b, NULL);
}

/* the URL with surrounding blanks trimmed and non-ASCII bytes
 * percent-encoded, so that the YAML we write is plain ASCII */
static char *
clean_url(const char *u)
{
	struct buf b = BUF_INIT;
	const char *end;

	while (isspace((unsigned char)*u))
		u++;
	end = u + strlen(u);
	while (end > u && isspace((unsigned char)end[-1]))
		end--;
	for (const char *p = u; p < end; p++) {
		unsigned char c = (unsigned char)*p;

		if (c >= 0x80)
			buf_addf(&b, "%%%02X", c);
		else
			buf_addch(&b, c);
	}
	return buf_detach(&b, NULL);
}

static void
add_feed(struct walk *w, xmlNodePtr n, const char *xmlurl,
    const char *title)
{
	struct err e = ERR_INIT;
	struct osrc s;
	char *url = clean_url(xmlurl), *base, *cat;

	if (url_check(url, &e) < 0) {
		buf_addf(&w->skipped, "# skipped the outline at line %ld: "
		    "%s\n", xmlGetLineNo(n), e.msg);
		free(url);
		return;
	}
	if (w->n >= OPML_MAX_FEEDS) {
		free(url);
		return;
	}
	memset(&s, 0, sizeof(s));
	base = slug(title ? title : "", OPML_SLUG_MAX);
	if (base[0] == '\0') {
		char *host = NULL, *p;

		/* no usable title: the host name, e.g. blog-example-com */
		p = strstr(url, "://");
		host = xstrdup(p ? p + 3 : url);
		host[strcspn(host, "/?#:")] = '\0';
		free(base);
		base = slug(host, OPML_SLUG_MAX);
		free(host);
		if (base[0] == '\0') {
			free(base);
			base = xstrdup("feed");
		}
	}
	s.id = unique_id(w, base);
	free(base);
	s.url = url;
	for (size_t i = 0; i < w->ncats; i++)
		(void)strv_add_unique(&s.tags, &s.ntags, w->cats[i],
		    OPML_MAX_TAGS);
	cat = prop(n, "category");
	if (cat != NULL) {
		char *save = cat;

		/* "/Boston/Weather, /Harvard/Alumni": one tag per entry */
		for (char *ent = cat; ent != NULL; ) {
			char *comma = strchr(ent, ',');
			char *t;

			if (comma)
				*comma = '\0';
			t = slug(ent, OPML_SLUG_MAX);
			(void)strv_add_unique(&s.tags, &s.ntags, t, OPML_MAX_TAGS);
			free(t);
			ent = comma ? comma + 1 : NULL;
		}
		free(save);
	}
	w->v = xgrowarray(w->v, w->n, &w->alloc, 64, sizeof(*w->v));
	w->v[w->n++] = s;
}

static void
walk_outlines(struct walk *w, xmlNodePtr parent, int depth)
{
	for (xmlNodePtr n = parent->children; n != NULL; n = n->next) {
		char *url, *title;
		int pushed = 0;

		if (n->type != XML_ELEMENT_NODE ||
		    xmlStrcmp(n->name, (const xmlChar *)"outline") != 0)
			continue;
		url = prop(n, "xmlUrl");
		title = prop(n, "title");
		if (title == NULL || title[0] == '\0') {
			free(title);
			title = prop(n, "text");
		}
		if (url != NULL && url[0] != '\0')
			add_feed(w, n, url, title);
		else if (title != NULL && depth < OPML_MAX_DEPTH) {
			char *t = slug(title, OPML_SLUG_MAX);

			if (t[0] != '\0') {
				w->cats = xreallocarray(w->cats, w->ncats + 1,
				    sizeof(*w->cats));
				w->cats[w->ncats++] = t;
				pushed = 1;
			} else
				free(t);
		}
		if (depth < OPML_MAX_DEPTH)
			walk_outlines(w, n, depth + 1);
		if (pushed)
			free(w->cats[--w->ncats]);
		free(url);
		free(title);
	}
}

/* a double-quoted YAML scalar of printable ASCII */
static void
yaml_quote(struct buf *out, const char *s)
{
	buf_addch(out, '"');
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if (*p == '"' || *p == '\\') {
			buf_addch(out, '\\');
			buf_addch(out, *p);
		} else if (*p < 0x20 || *p >= 0x7f)
			buf_addf(out, "\\x%02x", *p);
		else
			buf_addch(out, *p);
	}
	buf_addch(out, '"');
}

int
opml_to_feeds(struct buf *out, const char *data, size_t len, struct err *err)
{
	xmlParserCtxtPtr ctxt = NULL;
	xmlDocPtr doc = NULL;
	xmlNodePtr root, body = NULL;
	struct walk w;
	int rc = 0;

	memset(&w, 0, sizeof(w));
	buf_init(&w.skipped);
	if (len > OPML_MAX_BYTES)
		return err_set(err, ERR_TOOLARGE, "OPML document larger than "
		    "%d bytes", OPML_MAX_BYTES);
	xmlInitParser();
	ctxt = xmlNewParserCtxt();
	if (ctxt == NULL)
		BUG("xmlNewParserCtxt");
	doc = xmlCtxtReadMemory(ctxt, data, (int)len, NULL, NULL,
	    XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
	if (doc == NULL) {
		const xmlError *xe = xmlCtxtGetLastError(ctxt);
		char msg[256] = "not well-formed";
		size_t n;

		if (xe != NULL && xe->message != NULL)
			snprintf(msg, sizeof(msg), "%s", xe->message);
		n = strlen(msg);
		while (n > 0 && isspace((unsigned char)msg[n - 1]))
			msg[--n] = '\0';
		rc = err_set(err, ERR_PARSE, "invalid OPML: line %d: %s",
		    xe ? xe->line : 0, msg);
		goto out;
	}
	if (doc->intSubset != NULL && (doc->intSubset->entities != NULL ||
	    doc->intSubset->pentities != NULL)) {
		rc = err_set(err, ERR_POLICY, "OPML document declares "
		    "entities; refused");
		goto out;
	}
	root = xmlDocGetRootElement(doc);
	if (root == NULL ||
	    xmlStrcmp(root->name, (const xmlChar *)"opml") != 0) {
		rc = err_set(err, ERR_PARSE, "not an OPML document (no <opml> "
		    "root element)");
		goto out;
	}
	for (xmlNodePtr n = root->children; n != NULL; n = n->next)
		if (n->type == XML_ELEMENT_NODE &&
		    xmlStrcmp(n->name, (const xmlChar *)"body") == 0) {
			body = n;
			break;
		}
	if (body == NULL) {
		rc = err_set(err, ERR_PARSE, "not an OPML document (no <body>)");
		goto out;
	}
	walk_outlines(&w, body, 0);
	if (w.n == 0) {
		rc = err_set(err, ERR_SCHEMA, "no outline with an http(s) "
		    "xmlUrl in the OPML document");
		goto out;
	}
	buf_addstr(out, "# Generated by `sigwatch import-opml` from an OPML "
	    "subscription list.\n# Review the ids and tags, add "
	    "\"competitor: NAME\", then save it as feeds/NAME.yaml.\n");
	buf_add(out, w.skipped.data, w.skipped.len);
	buf_addstr(out, "sources:\n");
	for (size_t i = 0; i < w.n; i++) {
		const struct osrc *s = &w.v[i];

		buf_addstr(out, "  - id: ");
		yaml_quote(out, s->id);
		buf_addstr(out, "\n    kind: feed\n    url: ");
		yaml_quote(out, s->url);
		buf_addstr(out, "\n    tags: [");
		for (size_t j = 0; j < s->ntags; j++) {
			if (j > 0)
				buf_addstr(out, ", ");
			yaml_quote(out, s->tags[j]);
		}
		buf_addstr(out, "]\n");
	}
out:
	for (size_t i = 0; i < w.n; i++) {
		free(w.v[i].id);
		free(w.v[i].url);
		strv_free(w.v[i].tags);
	}
	free(w.v);
	for (size_t i = 0; i < w.ncats; i++)
		free(w.cats[i]);
	free(w.cats);
	strset_release(&w.ids);
	buf_release(&w.skipped);
	xmlFreeDoc(doc);
	xmlFreeParserCtxt(ctxt);
	return rc;
}
