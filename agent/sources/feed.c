#include "feed.h"

#include <jansson.h>
#include <libxml/HTMLparser.h>
#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/tree.h>
#include <libxml/xmlerror.h>
#include <limits.h>
#include <openssl/evp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "buf.h"
#include "date.h"
#include "extract.h"
#include "json_util.h"
#include "lang.h"
#include "record.h"
#include "url.h"
#include "util.h"
#include "xmalloc.h"

#define FEED_MAX_ITEMS	100000
#define FEED_MAX_ATTEMPTS 4

/* namespaces, by what they mean to us (feedparser's prefix map) */
enum ns {
	NS_CORE,	/* none, RSS 0.9/1.0, Userland, Atom 0.3/1.0 */
	NS_DC,
	NS_DCTERMS,
	NS_CONTENT,
	NS_ITUNES,
	NS_MEDIA,
	NS_XHTML,
	NS_OTHER
};

static const struct {
	const char	*uri;
	enum ns		 ns;
} ns_map[] = {
	{ "http://www.w3.org/2005/Atom", NS_CORE },
	{ "http://purl.org/atom/ns#", NS_CORE },
	{ "http://purl.org/rss/1.0/", NS_CORE },
	{ "http://my.netscape.com/rdf/simple/0.9/", NS_CORE },
	{ "http://backend.userland.com/rss", NS_CORE },
	{ "http://backend.userland.com/rss2", NS_CORE },
	{ "http://blogs.law.harvard.edu/tech/rss", NS_CORE },
	{ "http://purl.org/rss/1.0/modules/rss091#", NS_CORE },
	{ "http://purl.org/dc/elements/1.1/", NS_DC },
	{ "http://purl.org/dc/elements/1.0/", NS_DC },
	{ "http://purl.org/dc/terms/", NS_DCTERMS },
	{ "http://purl.org/rss/1.0/modules/content/", NS_CONTENT },
	{ "http://www.itunes.com/dtds/podcast-1.0.dtd", NS_ITUNES },
	{ "http://www.itunes.com/DTDs/PodCast-1.0.dtd", NS_ITUNES },
	{ "http://example.com/DTDs/PodCast-1.0.dtd", NS_ITUNES },
	{ "http://search.yahoo.com/mrss/", NS_MEDIA },
	{ "http://search.yahoo.com/mrss", NS_MEDIA },
	{ "http://www.w3.org/1999/xhtml", NS_XHTML },
};

enum fmt { FMT_RSS, FMT_ATOM };

/* what the libxml2 error handler saw during one parse */
struct xml_state {
	int	nerr;
	int	utf8;		/* "Input is not proper UTF-8" */
	int	loop;		/* entity reference loop / amplification */
	int	undeclared;	/* undefined entity */
	int	depth;		/* "Excessive depth": never recover */
	char	first[256];
};

/*
 * A text construct of an entry, kept as its element until the entry is
 * complete: only the one the item uses is converted (content, else the
 * summary), and only the last of several.
 */
struct text {
	const xmlNode	*n;
	int		 mode;		/* enum tmode, or -1: markup_text() */
	int		 set;
};

struct entry {
	struct text	title, summary, content;
	char		*link;		/* best alternate link so far */
	char		*guid_link;	/* permalink guid, resolved */
	char		*id;
	char		*author;
	char		*lang;		/* dc:language */
	int64_t		 published, updated;
};

struct ctx {
	enum fmt	 fmt;
	const char	*base;
	xmlDocPtr	 doc;
};

static int feed_inited;

/* libxml2 never reads anything but the document it was handed */
static xmlParserInputPtr
deny_loader(const char *url, const char *id, xmlParserCtxtPtr ctxt)
{
	(void)url;
	(void)id;
	(void)ctxt;
	return NULL;
}

void
feed_global_init(void)
{
	if (feed_inited)
		return;
	feed_inited = 1;
	xmlInitParser();
	xmlSetExternalEntityLoader(deny_loader);
}

/* url_resolve() (fetch.h, libcurl's URL API); with no base, only absolute
 * references survive */
static char *
resolve(const char *base, const char *ref)
{
	const char *p;
	char *r;

	if (ref == NULL)
		return NULL;
	r = url_resolve(base && *base ? base : "", ref);
	if (r == NULL)
		return NULL;
	/* an absolute URL that needs no cleaning stays as the feed wrote
	 * it (libcurl would add a "/" to "http://example.org") */
	for (p = ref; (*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
	    (p > ref && ((*p >= '0' && *p <= '9') || *p == '+' ||
	    *p == '-' || *p == '.')); p++)
		;
	if (p == ref || strncmp(p, "://", 3) != 0)
		return r;
	for (p = ref; *p; p++)
		if ((unsigned char)*p <= 0x20 || (unsigned char)*p >= 0x7f ||
		    *p == '"' || *p == '<' || *p == '>' || *p == '`' ||
		    *p == '\\')
			return r;
	free(r);
	return xstrdup(ref);
}

static int
is_http(const char *u)
{
	return u && (strncasecmp(u, "http://", 7) == 0 ||
	    strncasecmp(u, "https://", 8) == 0);
}

static enum ns
node_ns(const xmlNode *n)
{
	const char *uri;

	if (n->ns == NULL || n->ns->href == NULL)
		return NS_CORE;
	uri = (const char *)n->ns->href;
	for (size_t i = 0; i < sizeof(ns_map) / sizeof(ns_map[0]); i++)
		if (strcasecmp(uri, ns_map[i].uri) == 0)
			return ns_map[i].ns;
	return NS_OTHER;
}

static int
has_element_children(const xmlNode *n)
{
	for (const xmlNode *c = n->children; c; c = c->next)
		if (c->type == XML_ELEMENT_NODE)
			return 1;
	return 0;
}

/* attribute name in namespace ns (NULL: in none) of n, or NULL */
static char *
attr_ns(const xmlNode *n, const char *name, const char *ns)
{
	xmlChar *v = xmlGetNsProp(n, (const xmlChar *)name,
	    (const xmlChar *)ns);
	char *r;

	if (v == NULL)
		return NULL;
	r = xstrdup((const char *)v);
	xmlFree(v);
	return r;
}

static char *
attr(const xmlNode *n, const char *name)
{
	return attr_ns(n, name, NULL);
}

/*
 * Concatenated text of n (entities are refused earlier, so no refs). An
 * element with one text child, the common case, is read in place, not
 * copied; else the text is gathered into b. Valid until b or n changes.
 */
static const char *
raw_text(struct buf *b, const xmlNode *n)
{
	const xmlNode *c = n->children;
	xmlChar *v;

	if (n->type == XML_ELEMENT_NODE && c != NULL && c->next == NULL &&
	    (c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) &&
	    c->content != NULL)
		return (const char *)c->content;
	buf_reset(b);
	if ((v = xmlNodeGetContent(n)) != NULL) {
		buf_addstr(b, (const char *)v);
		xmlFree(v);
	}
	return b->data;
}

/* the children of n serialised as markup, then taken as HTML */
static char *
markup_text(xmlDocPtr doc, const xmlNode *n)
{
	xmlBufferPtr xb = xmlBufferCreate();
	char *s;

	if (xb == NULL)
		BUG("xmlBufferCreate failed");
	for (xmlNode *c = n->children; c; c = c->next)
		xmlNodeDump(xb, doc, c, 0, 0);
	s = extract_text((const char *)xmlBufferContent(xb),
	    (size_t)xmlBufferLength(xb), NULL);
	xmlBufferFree(xb);
	return s;
}

/* feedparser's test: a closing tag or an entity reference, and every
 * tag and named entity known to HTML */
static int
looks_like_html(const char *s)
{
	int found = 0;

	for (const char *p = s; *p; p++) {
		if (p[0] == '<' && p[1] == '/' &&
		    ((p[2] >= 'a' && p[2] <= 'z') ||
		    (p[2] >= 'A' && p[2] <= 'Z')))
			found = 1;
		else if (p[0] == '&') {
			const char *q = p + 1;

			if (*q == '#')
				q++;
			while ((*q >= 'a' && *q <= 'z') ||
			    (*q >= 'A' && *q <= 'Z') ||
			    (*q >= '0' && *q <= '9') || *q == '_')
				q++;
			if (*q == ';' && q > p + 1 + (p[1] == '#'))
				found = 1;
		}
	}
	if (!found)
		return 0;
	for (const char *p = s; *p; p++) {
		char name[32];
		size_t k = 0;
		const char *q;

		if (*p == '<') {
			q = p + 1 + (p[1] == '/');
			while (k < sizeof(name) - 1 && ((*q >= 'a' &&
			    *q <= 'z') || (*q >= 'A' && *q <= 'Z') ||
			    (*q >= '0' && *q <= '9')))
				name[k++] = *q++;
			name[k] = '\0';
			if (k > 0 && htmlTagLookup((const xmlChar *)name) ==
			    NULL)
				return 0;
		} else if (*p == '&' && p[1] != '#') {
			q = p + 1;
			while (k < sizeof(name) - 1 && ((*q >= 'a' &&
			    *q <= 'z') || (*q >= 'A' && *q <= 'Z') ||
			    (*q >= '0' && *q <= '9')))
				name[k++] = *q++;
			name[k] = '\0';
			if (*q == ';' && k > 0 && strcmp(name, "apos") != 0 &&
			    htmlEntityLookup((const xmlChar *)name) == NULL)
				return 0;
		}
	}
	return 1;
}

static char *
base64_text(const char *s, int html)
{
	EVP_ENCODE_CTX *e = EVP_ENCODE_CTX_new();
	size_t len = strlen(s);
	unsigned char *out = xmalloc(len / 4 * 3 + 4);
	int n = 0, m = 0;
	char *r;

	if (e == NULL)
		BUG("EVP_ENCODE_CTX_new failed");
	EVP_DecodeInit(e);
	if (len > INT_MAX || EVP_DecodeUpdate(e, out, &n,
	    (const unsigned char *)s, (int)len) < 0 ||
	    EVP_DecodeFinal(e, out + n, &m) < 0)
		n = m = 0;
	EVP_ENCODE_CTX_free(e);
	r = html ? extract_text((const char *)out, (size_t)(n + m), NULL) :
	    extract_plain((const char *)out, (size_t)(n + m));
	free(out);
	return r;
}

enum tmode { T_TEXT, T_HTML, T_XHTML, T_GUESS, T_BASE64 };

/* Atom type (and 0.3 MIME types) to a mode */
static enum tmode
atom_mode(const char *type)
{
	if (type == NULL || *type == '\0' || strcasecmp(type, "text") == 0 ||
	    strcasecmp(type, "text/plain") == 0)
		return T_TEXT;
	if (strcasecmp(type, "html") == 0 || strcasecmp(type, "text/html") == 0)
		return T_HTML;
	if (strcasecmp(type, "xhtml") == 0 ||
	    strcasecmp(type, "application/xhtml+xml") == 0)
		return T_XHTML;
	if (strncasecmp(type, "text/", 5) == 0)
		return T_TEXT;
	if (strstr(type, "xml") != NULL)
		return T_XHTML;
	return T_BASE64;	/* other media types are base64 (RFC 4287) */
}

/*
 * A text construct to plain text. HTML is decoded exactly once: after the
 * XML layer, the value goes through the HTML parser one time, never "until
 * stable".
 */
static char *
construct_text(struct ctx *c, const xmlNode *n, enum tmode mode,
    struct buf *tmp)
{
	char *mode03 = c->fmt == FMT_ATOM ? attr(n, "mode") : NULL;
	const char *s;
	char *r = NULL;

	if (mode == T_BASE64 ||
	    (mode03 && strcasecmp(mode03, "base64") == 0)) {
		r = base64_text(raw_text(tmp, n), mode == T_HTML ||
		    mode == T_XHTML);
		goto out;
	}
	if (mode03 && strcasecmp(mode03, "escaped") == 0 && mode != T_TEXT)
		mode = T_HTML;
	if (has_element_children(n)) {
		/* xhtml, or naked markup where escaped HTML belongs (reddit
		 * descriptions): read it as markup, keeping its structure.
		 * Escaped HTML inside that markup stays text. */
		r = markup_text(c->doc, n);
		goto out;
	}
	/* the XML text is the HTML, decoded once more, exactly once */
	s = raw_text(tmp, n);
	if (mode == T_GUESS)
		mode = looks_like_html(s) ? T_HTML : T_TEXT;
	if (mode == T_TEXT)
		r = extract_plain(s, strlen(s));
	else
		r = extract_text(s, strlen(s), NULL);
out:
	free(mode03);
	return r;
}

static void
set_text(struct text *t, const xmlNode *n, int mode)
{
	t->n = n;
	t->mode = mode;
	t->set = 1;
}

/* the plain text of a text construct set_text() kept */
static char *
text_of(struct ctx *c, const struct text *t, struct buf *tmp)
{
	if (t->mode < 0)
		return markup_text(c->doc, t->n);
	return construct_text(c, t->n, (enum tmode)t->mode, tmp);
}

static void
set_str(char **dst, char *s)
{
	free(*dst);
	*dst = s;
}

/* base for n: its xml:base chain, resolved against the document URL */
static char *
node_base(struct ctx *c, const xmlNode *n)
{
	xmlChar *xb = xmlNodeGetBase(c->doc, n);
	char *r;

	if (xb == NULL)
		return c->base ? xstrdup(c->base) : NULL;
	r = resolve(c->base, (const char *)xb);
	xmlFree(xb);
	if (r == NULL && c->base)
		r = xstrdup(c->base);
	return r;
}

static char *
resolve_at(struct ctx *c, const xmlNode *n, const char *ref)
{
	char *b, *r;

	if (ref == NULL)
		return NULL;
	b = node_base(c, n);
	r = resolve(b, ref);
	free(b);
	return r;
}

static int
html_link_type(const char *type)
{
	return type == NULL || *type == '\0' ||
	    strcasecmp(type, "text/html") == 0 ||
	    strcasecmp(type, "application/xhtml+xml") == 0 ||
	    strcasecmp(type, "html") == 0;
}

/* <link>: Atom style (href, rel, type) or RSS style (text) */
static void
take_link(struct ctx *c, const xmlNode *n, char **dst, struct buf *tmp)
{
	char *href = attr(n, "href");

	if (href != NULL) {
		char *rel = attr(n, "rel"), *type = attr(n, "type");

		if ((rel == NULL || strcasecmp(rel, "alternate") == 0) &&
		    html_link_type(type)) {
			char *h = extract_one_line(href), *u = resolve_at(c, n, h);

			free(h);
			if (u)
				set_str(dst, u);
		}
		free(rel);
		free(type);
		free(href);
		return;
	}
	if (c->fmt == FMT_ATOM)
		return;
	{
		char *h = extract_one_line(raw_text(tmp, n)), *u;

		if (*h) {
			u = resolve_at(c, n, h);
			if (u)
				set_str(dst, u);
		}
		free(h);
	}
}

/* Atom person construct: "Name (email)", or whichever exists */
static char *
person(const xmlNode *n, struct buf *tmp)
{
	char *name = NULL, *email = NULL, *r = NULL;
	struct buf b = BUF_INIT;

	if (!has_element_children(n)) {
		r = extract_one_line(raw_text(tmp, n));
		goto out;
	}
	for (const xmlNode *c = n->children; c; c = c->next) {
		if (c->type != XML_ELEMENT_NODE)
			continue;
		if (strcmp((const char *)c->name, "name") == 0) {
			set_str(&name, extract_one_line(raw_text(tmp, c)));
		} else if (strcmp((const char *)c->name, "email") == 0) {
			set_str(&email, extract_one_line(raw_text(tmp, c)));
		}
	}
	if (name && *name && email && *email)
		buf_addf(&b, "%s (%s)", name, email);
	else if (name && *name)
		buf_addstr(&b, name);
	else if (email && *email)
		buf_addstr(&b, email);
	if (b.len)
		r = buf_detach(&b, NULL);
out:
	free(name);
	free(email);
	buf_release(&b);
	if (r && *r == '\0') {
		free(r);
		r = NULL;
	}
	return r;
}

static void
add_category(struct item *it, const char *s)
{
	char *t = extract_one_line(s);

	item_add_category(it, t);
	free(t);
}

static void
add_keywords(struct item *it, const char *s)
{
	char *t = xstrdup(s), *p = t;

	while (p) {
		char *comma = strchr(p, ',');

		if (comma)
			*comma = '\0';
		add_category(it, p);
		p = comma ? comma + 1 : NULL;
	}
	free(t);
}

/* <itunes:category text="A"><itunes:category text="B"/></...> */
static void
itunes_category(struct item *it, const xmlNode *n)
{
	char *t = attr(n, "text");

	if (t)
		add_category(it, t);
	free(t);
	for (const xmlNode *c = n->children; c; c = c->next)
		if (c->type == XML_ELEMENT_NODE &&
		    strcmp((const char *)c->name, "category") == 0 &&
		    node_ns(c) == NS_ITUNES) {
			t = attr(c, "text");
			if (t)
				add_category(it, t);
			free(t);
		}
}

static int64_t
node_date(const xmlNode *n, struct buf *tmp)
{
	int64_t t;

	if (date_parse(raw_text(tmp, n), &t) == 0)
		return t;
	return TIME_NONE;
}

/* one child element of an item or entry in the core (RSS or Atom)
 * namespace */
static void
entry_core(struct ctx *c, struct entry *e, struct item *it,
    const xmlNode *n, struct buf *tmp)
{
	const char *name = (const char *)n->name;
	int64_t t;

	if (strcmp(name, "title") == 0) {
		char *type = attr(n, "type");

		set_text(&e->title, n, c->fmt == FMT_ATOM ? atom_mode(type) :
		    T_GUESS);
		free(type);
	} else if (strcmp(name, "link") == 0) {
		take_link(c, n, &e->link, tmp);
	} else if (strcmp(name, "guid") == 0) {
		char *pl = attr(n, "isPermaLink");

		set_str(&e->id, extract_one_line(raw_text(tmp, n)));
		free(e->guid_link);
		e->guid_link = NULL;
		/* a permalink guid stands in for a missing link; only
		 * a real absolute URL, never a resolved "1234" */
		if (is_http(e->id) && (pl == NULL ||
		    strcasecmp(pl, "false") != 0)) {
			char *u = resolve_at(c, n, e->id);

			if (is_http(u))
				e->guid_link = u;
			else
				free(u);
		}
		free(pl);
	} else if (strcmp(name, "id") == 0) {
		set_str(&e->id, extract_one_line(raw_text(tmp, n)));
	} else if (strcmp(name, "description") == 0) {
		set_text(&e->summary, n, c->fmt == FMT_ATOM ? T_TEXT :
		    T_HTML);
	} else if (strcmp(name, "fullitem") == 0) {
		set_text(&e->content, n, T_HTML);
	} else if (strcmp(name, "summary") == 0 ||
	    strcmp(name, "content") == 0) {
		char *type = attr(n, "type");
		enum tmode m = c->fmt == FMT_ATOM ? atom_mode(type) :
		    T_HTML;

		set_text(name[0] == 's' ? &e->summary : &e->content, n, m);
		free(type);
	} else if (strcmp(name, "pubDate") == 0 ||
	    strcmp(name, "published") == 0 ||
	    strcmp(name, "issued") == 0) {
		if ((t = node_date(n, tmp)) != TIME_NONE)
			e->published = t;
	} else if (strcmp(name, "updated") == 0 ||
	    strcmp(name, "modified") == 0) {
		if ((t = node_date(n, tmp)) != TIME_NONE)
			e->updated = t;
	} else if (strcmp(name, "author") == 0) {
		char *p = person(n, tmp);

		if (p)
			set_str(&e->author, p);
	} else if (strcmp(name, "categories") == 0) {
		/* a non-standard wrapper seen in the wild */
		for (const xmlNode *ch = n->children; ch; ch = ch->next)
			if (ch->type == XML_ELEMENT_NODE &&
			    node_ns(ch) == NS_CORE && strcmp((const char *)
			    ch->name, "category") == 0) {
				add_category(it, raw_text(tmp, ch));
			}
	} else if (strcmp(name, "category") == 0) {
		char *term = attr(n, "term");

		if (term == NULL) {
			add_category(it, raw_text(tmp, n));
		} else
			add_category(it, term);
		free(term);
	}
}

/* one Dublin Core child element of an item or entry */
static void
entry_dc(struct ctx *c, struct entry *e, struct item *it, const xmlNode *n,
    struct buf *tmp)
{
	const char *name = (const char *)n->name;
	int64_t t;

	if (strcmp(name, "title") == 0 && !e->title.set) {
		set_text(&e->title, n, T_GUESS);
	} else if (strcmp(name, "description") == 0 &&
	    !e->summary.set) {
		set_text(&e->summary, n, T_GUESS);
	} else if (strcmp(name, "date") == 0) {
		if ((t = node_date(n, tmp)) != TIME_NONE)
			e->updated = t;
	} else if (strcmp(name, "creator") == 0 ||
	    strcmp(name, "author") == 0) {
		set_str(&e->author, extract_one_line(raw_text(tmp, n)));
	} else if (strcmp(name, "subject") == 0) {
		add_category(it, raw_text(tmp, n));
	} else if (strcmp(name, "language") == 0) {
		set_str(&e->lang, extract_one_line(raw_text(tmp, n)));
	}
}

/* one child element of an item or entry */
static void
entry_field(struct ctx *c, struct entry *e, struct item *it,
    const xmlNode *n, struct buf *tmp)
{
	enum ns ns = node_ns(n);
	const char *name = (const char *)n->name;
	int64_t t;

	if (ns == NS_CORE) {
		entry_core(c, e, it, n, tmp);
	} else if (ns == NS_CONTENT && strcmp(name, "encoded") == 0) {
		set_text(&e->content, n, T_HTML);
	} else if (ns == NS_XHTML && strcmp(name, "body") == 0) {
		/* RSS with an inline XHTML body */
		set_text(&e->content, n, -1);
	} else if (ns == NS_DC) {
		entry_dc(c, e, it, n, tmp);
	} else if (ns == NS_DCTERMS) {
		if (strcmp(name, "modified") == 0) {
			if ((t = node_date(n, tmp)) != TIME_NONE)
				e->updated = t;
		} else if (strcmp(name, "issued") == 0) {
			if ((t = node_date(n, tmp)) != TIME_NONE)
				e->published = t;
		}
	} else if (ns == NS_ITUNES) {
		if (strcmp(name, "summary") == 0 && !e->summary.set) {
			set_text(&e->summary, n, T_GUESS);
		} else if (strcmp(name, "author") == 0) {
			set_str(&e->author, extract_one_line(raw_text(tmp, n)));
		} else if (strcmp(name, "keywords") == 0) {
			add_keywords(it, raw_text(tmp, n));
		} else if (strcmp(name, "category") == 0) {
			itunes_category(it, n);
		}
	} else if (ns == NS_MEDIA && strcmp(name, "group") == 0) {
		/* YouTube: title, description, keywords live in media:group */
		for (const xmlNode *ch = n->children; ch; ch = ch->next)
			if (ch->type == XML_ELEMENT_NODE &&
			    node_ns(ch) == NS_MEDIA &&
			    strcmp((const char *)ch->name, "group") != 0)
				entry_field(c, e, it, ch, tmp);
	} else if (ns == NS_MEDIA && strcmp(name, "category") == 0) {
		add_category(it, raw_text(tmp, n));
	} else if (ns == NS_MEDIA && strcmp(name, "keywords") == 0) {
		add_keywords(it, raw_text(tmp, n));
	} else if (ns == NS_MEDIA && strcmp(name, "title") == 0 &&
	    !e->title.set) {
		set_text(&e->title, n, T_GUESS);
	} else if (ns == NS_MEDIA && strcmp(name, "description") == 0 &&
	    !e->summary.set) {
		set_text(&e->summary, n, T_GUESS);
	}
}

/* an entry's malloc'd strings (one handed to the item is NULL by then) */
static const struct strfield entry_strings[] = {
	STRFIELD(struct entry, link), STRFIELD(struct entry, guid_link),
	STRFIELD(struct entry, id), STRFIELD(struct entry, author),
	STRFIELD(struct entry, lang),
};

/* xml:lang set on n itself (not inherited), or NULL */
static char *
own_lang(const xmlNode *n)
{
	char *l = attr_ns(n, "lang", (const char *)XML_XML_NAMESPACE);
	char *s = lang_normalize(l);

	free(l);
	return s;
}

/*
 * The feed's language for an entry: the nearest ancestor's xml:lang or
 * its RSS <language> / <dc:language> child (the channel's header
 * elements stay in the tree while entries are walked).
 */
static char *
feed_lang(const xmlNode *n, struct buf *tmp)
{
	for (const xmlNode *a = n->parent; a && a->type == XML_ELEMENT_NODE;
	    a = a->parent) {
		char *s = own_lang(a);

		if (s)
			return s;
		for (const xmlNode *ch = a->children; ch; ch = ch->next) {
			enum ns ns;

			if (ch->type != XML_ELEMENT_NODE ||
			    strcmp((const char *)ch->name, "language") != 0)
				continue;
			ns = node_ns(ch);
			if (ns != NS_CORE && ns != NS_DC)
				continue;
			if ((s = lang_normalize(raw_text(tmp, ch))) != NULL)
				return s;
		}
	}
	return NULL;
}

static void
parse_entry(struct ctx *c, struct itemset *out, const xmlNode *n,
    struct buf *tmp)
{
	struct entry e;
	struct item *it = itemset_push(out);

	memset(&e, 0, sizeof(e));
	e.published = e.updated = TIME_NONE;
	for (const xmlNode *ch = n->children; ch; ch = ch->next)
		if (ch->type == XML_ELEMENT_NODE)
			entry_field(c, &e, it, ch, tmp);
	if (e.title.set) {
		char *s = text_of(c, &e.title, tmp);

		it->title = extract_one_line(s);
		free(s);
	}
	if (e.content.set) {
		it->text = text_of(c, &e.content, tmp);
		if (*it->text == '\0') {
			free(it->text);
			it->text = NULL;
		}
	}
	if (it->text == NULL && e.summary.set)
		it->text = text_of(c, &e.summary, tmp);
	if (e.link) {
		it->link = e.link;
		e.link = NULL;
	} else if (e.guid_link) {
		it->link = e.guid_link;
		e.guid_link = NULL;
	} else if (c->fmt == FMT_ATOM && e.id && is_http(e.id)) {
		it->link = resolve_at(c, n, e.id);
	}
	if (e.id == NULL) {
		/* RSS 1.0: the item's rdf:about is its identity */
		char *about = attr_ns(n, "about",
		    "http://www.w3.org/1999/02/22-rdf-syntax-ns#");

		if (about) {
			e.id = extract_one_line(about);
			free(about);
		}
	}
	it->id = e.id;
	e.id = NULL;
	it->author = e.author;
	e.author = NULL;
	/* the item's own language first (dc:language, xml:lang on the
	 * entry), else the feed's */
	it->lang = lang_normalize(e.lang);
	if (it->lang == NULL)
		it->lang = own_lang(n);
	if (it->lang == NULL)
		it->lang = feed_lang(n, tmp);
	it->published = e.published;
	it->updated = e.updated;
	strfields_free(&e, entry_strings, NSTRFIELDS(entry_strings));
}

/* feed-level title and link from the channel/feed element */
static void
parse_head(struct ctx *c, struct itemset *out, const xmlNode *n,
    struct buf *tmp)
{
	char *link = NULL, *id = NULL;

	for (const xmlNode *ch = n->children; ch; ch = ch->next) {
		if (ch->type != XML_ELEMENT_NODE || node_ns(ch) != NS_CORE)
			continue;
		if (strcmp((const char *)ch->name, "title") == 0) {
			char *type = attr(ch, "type");
			char *s = construct_text(c, ch, c->fmt == FMT_ATOM ?
			    atom_mode(type) : T_GUESS, tmp);

			set_str(&out->title, extract_one_line(s));
			free(s);
			free(type);
		} else if (strcmp((const char *)ch->name, "link") == 0) {
			take_link(c, ch, &link, tmp);
		} else if (strcmp((const char *)ch->name, "id") == 0) {
			set_str(&id, extract_one_line(raw_text(tmp, ch)));
		}
	}
	if (link == NULL && c->fmt == FMT_ATOM && id && is_http(id))
		link = resolve_at(c, n, id);
	out->link = link;
	free(id);
}

static int
declares_entities(xmlDocPtr doc)
{
	xmlDtdPtr d[2] = { doc->intSubset, doc->extSubset };

	for (int i = 0; i < 2; i++) {
		if (d[i] == NULL)
			continue;
		if (d[i]->entities && xmlHashSize(d[i]->entities) > 0)
			return 1;
		if (d[i]->pentities && xmlHashSize(d[i]->pentities) > 0)
			return 1;
	}
	return 0;
}

static int
is_entry(const xmlNode *n, enum fmt fmt)
{
	return n->type == XML_ELEMENT_NODE && node_ns(n) == NS_CORE &&
	    strcmp((const char *)n->name, fmt == FMT_ATOM ? "entry" :
	    "item") == 0;
}

/*
 * One parse attempt, walked while libxml2's push parser builds the tree:
 * every entry the parser has moved past is turned into an item and freed,
 * so a 100,000-item feed never exists as a whole DOM (it did: 170 MB for
 * 22 MB of RSS). Entries of a <channel> come first, then those beside it
 * under the root (RSS 0.9/1.0), in document order within each.
 */
struct walk {
	struct ctx	 c;
	struct itemset	*out;
	struct itemset	 beside;	/* root-level entries of RSS */
	const char	*base;
	char		*kind;
	xmlNode		*channel;
	int		 started;	/* root element seen */
	int		 feed;		/* ...and it is a feed's */
	int		 entities;	/* declares entities: never walked */
	int		 rc;
	struct err	*err;
	struct buf	 tmp;
};

static void
walk_init(struct walk *w, struct itemset *out, const char *base,
    struct err *err)
{
	memset(w, 0, sizeof(*w));
	w->out = out;
	w->base = base;
	w->err = err;
	w->tmp = (struct buf)BUF_INIT;
}

/* forget what an abandoned attempt collected */
static void
walk_reset(struct walk *w)
{
	itemset_release(w->out);
	memset(w->out, 0, sizeof(*w->out));
	itemset_release(&w->beside);
	memset(&w->beside, 0, sizeof(w->beside));
	free(w->kind);
	w->kind = NULL;
	w->channel = NULL;
	w->started = w->feed = w->entities = 0;
	w->rc = 0;
}

/* what the walk holds besides its output */
static void
walk_release(struct walk *w)
{
	itemset_release(&w->beside);
	free(w->kind);
	buf_release(&w->tmp);
}

/* format and kind from the root element */
static void
walk_start(struct walk *w, const xmlNode *root)
{
	const char *name = (const char *)root->name;
	const char *uri = root->ns && root->ns->href ?
	    (const char *)root->ns->href : "";
	char *version;

	w->started = 1;
	w->feed = 1;
	w->c.fmt = FMT_RSS;
	if (strcmp(name, "feed") == 0) {
		w->c.fmt = FMT_ATOM;
		if (strcmp(uri, "http://www.w3.org/2005/Atom") == 0)
			w->kind = xstrdup("atom10");
		else if (strcmp(uri, "http://purl.org/atom/ns#") == 0)
			w->kind = xstrdup("atom03");
		else
			w->kind = xstrdup("atom");
		return;
	}
	if (strcmp(name, "RDF") == 0)
		return;		/* rss090 or rss10: by the channel's namespace */
	if (strcmp(name, "rss") != 0 && strcmp(name, "channel") != 0) {
		w->feed = 0;
		return;
	}
	version = attr(root, "version");
	if (version && strcmp(version, "2.0") == 0)
		w->kind = xstrdup("rss20");
	else if (version && strcmp(version, "0.91") == 0)
		w->kind = xstrdup("rss091u");
	else if (version && (strcmp(version, "0.92") == 0 ||
	    strcmp(version, "0.93") == 0 || strcmp(version, "0.94") == 0)) {
		char k[8];

		snprintf(k, sizeof(k), "rss0%c%c", version[2], version[3]);
		w->kind = xstrdup(k);
	} else
		w->kind = xstrdup("rss");
	free(version);
}

/*
 * Items from the entries of parent the parser is done with: every child
 * but the last one, which may still be growing (all of them when final).
 * Entries and the text between them are freed; other elements stay for
 * parse_head().
 */
static void
walk_children(struct walk *w, xmlNode *parent, struct itemset *dst,
    int final)
{
	xmlNode *n, *next;

	for (n = parent->children; n != NULL && w->rc == 0; n = next) {
		next = n->next;
		if (next == NULL && !final)
			break;
		if (is_entry(n, w->c.fmt)) {
			if (w->out->n + w->beside.n >= FEED_MAX_ITEMS) {
				w->rc = err_set(w->err, ERR_TOOLARGE,
				    "more than %d items", FEED_MAX_ITEMS);
				return;
			}
			parse_entry(&w->c, dst, n, &w->tmp);
		} else if (n->type == XML_ELEMENT_NODE)
			continue;
		xmlUnlinkNode(n);
		xmlFreeNode(n);
	}
}

static void
walk_drain(struct walk *w, xmlDocPtr doc, int final)
{
	xmlNode *root = doc ? xmlDocGetRootElement(doc) : NULL;

	if (root == NULL || w->rc != 0)
		return;
	if (!w->started)
		walk_start(w, root);
	if (!w->feed || w->entities)
		return;
	/* the DTD is complete once the root element exists */
	if (declares_entities(doc)) {
		w->entities = 1;
		return;
	}
	w->c.doc = doc;
	w->c.base = w->base;
	if (w->c.fmt == FMT_ATOM) {
		walk_children(w, root, w->out, final);
		return;
	}
	if (strcmp((const char *)root->name, "channel") == 0)
		w->channel = root;
	for (xmlNode *n = root->children; n && !w->channel; n = n->next)
		if (n->type == XML_ELEMENT_NODE && node_ns(n) == NS_CORE &&
		    strcmp((const char *)n->name, "channel") == 0)
			w->channel = n;
	if (w->channel == root) {
		walk_children(w, root, w->out, final);
		return;
	}
	if (w->channel != NULL)
		walk_children(w, w->channel, w->out, final);
	walk_children(w, root, &w->beside, final);
}

/* after the last drain of an accepted document: head, kind, order */
static int
walk_finish(struct walk *w, xmlDocPtr doc)
{
	xmlNode *root = xmlDocGetRootElement(doc);
	struct itemset *out = w->out;

	if (root == NULL)
		return err_set(w->err, ERR_PARSE,
		    "document has no root element");
	if (w->rc != 0)
		return w->rc;
	if (!w->feed)
		return err_set(w->err, ERR_PARSE,
		    "not a feed: root element <%.64s>", root->name);
	if (w->kind == NULL) {		/* RDF */
		const char *cu = w->channel && w->channel->ns ?
		    (const char *)w->channel->ns->href : "";

		w->kind = xstrdup(strcmp(cu,
		    "http://my.netscape.com/rdf/simple/0.9/") == 0 ?
		    "rss090" : "rss10");
	}
	out->kind = w->kind;
	w->kind = NULL;
	if (w->c.fmt == FMT_ATOM)
		parse_head(&w->c, out, root, &w->tmp);
	else if (w->channel != NULL)
		parse_head(&w->c, out, w->channel, &w->tmp);
	for (size_t i = 0; i < w->beside.n; i++)
		*itemset_push(out) = w->beside.items[i];
	free(w->beside.items);
	memset(&w->beside, 0, sizeof(w->beside));
	return 0;
}

static void
xml_error(void *data, xmlErrorPtr e)
{
	xmlParserCtxtPtr ctxt = data;
	struct xml_state *st = ctxt ? ctxt->_private : NULL;

	if (st == NULL || e == NULL || e->level < XML_ERR_ERROR)
		return;
	if (st->nerr++ == 0) {
		char msg[200];
		size_t l;

		snprintf(msg, sizeof(msg), "%s",
		    e->message ? e->message : "unknown error");
		l = strlen(msg);
		while (l > 0 && (msg[l - 1] == '\n' || msg[l - 1] == ' '))
			msg[--l] = '\0';
		if (e->line > 0)
			snprintf(st->first, sizeof(st->first), "line %d: %s",
			    e->line, msg);
		else
			snprintf(st->first, sizeof(st->first), "%s", msg);
	}
	if (e->message && strstr(e->message, "not proper UTF-8"))
		st->utf8 = 1;
	if (e->code == XML_ERR_ENTITY_LOOP ||
	    (e->message && strstr(e->message, "entity reference loop")))
		st->loop = 1;
	if (e->message && strstr(e->message, "Excessive depth"))
		st->depth = 1;
	if (e->code == XML_ERR_UNDECLARED_ENTITY ||
	    e->code == XML_WAR_UNDECLARED_ENTITY)
		st->undeclared = 1;
}

/*
 * One parse attempt with libxml2's push parser, FEED_CHUNK bytes at a
 * time, draining the walk after each chunk (NULL when not well-formed and
 * not recovering). The error state covers the whole document, as a
 * one-shot parse would.
 */
#define FEED_CHUNK	(256 * 1024)

static xmlDocPtr
xml_read(const char *p, size_t n, const char *enc, int recover,
    struct xml_state *st, struct walk *w)
{
	xmlParserCtxtPtr ctxt = xmlCreatePushParserCtxt(NULL, NULL, NULL, 0,
	    NULL);
	xmlDocPtr doc;
	int opts = XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING |
	    XML_PARSE_NOCDATA;
	size_t off;

	if (ctxt == NULL)
		BUG("xmlCreatePushParserCtxt failed");
	if (enc)
		opts |= XML_PARSE_IGNORE_ENC;
	if (recover)
		opts |= XML_PARSE_RECOVER;
	/* with no encoding given, the first 4 bytes let libxml2 detect one */
	off = enc == NULL && n >= 4 ? 4 : 0;
	if (xmlCtxtResetPush(ctxt, p, (int)off, NULL, enc) != 0)
		BUG("xmlCtxtResetPush failed");
	xmlCtxtUseOptions(ctxt, opts);
	memset(st, 0, sizeof(*st));
	ctxt->_private = st;
	ctxt->sax->serror = xml_error;
	while (off < n && w->rc == 0) {
		size_t len = n - off < FEED_CHUNK ? n - off : FEED_CHUNK;

		xmlParseChunk(ctxt, p + off, (int)len, 0);
		off += len;
		if (recover || ctxt->wellFormed)
			walk_drain(w, ctxt->myDoc, 0);
	}
	xmlParseChunk(ctxt, NULL, 0, 1);
	doc = ctxt->myDoc;
	ctxt->myDoc = NULL;
	if (doc && ((!recover && !ctxt->wellFormed) || w->rc != 0)) {
		xmlFreeDoc(doc);
		doc = NULL;
	}
	xmlFreeParserCtxt(ctxt);
	if (doc)
		walk_drain(w, doc, 1);
	return doc;
}

/*
 * A document that says UTF-8 but is not: keep every valid UTF-8 sequence
 * and read every other byte as windows-1252. For a pure cp1252 document
 * this is exactly a windows-1252 decode; for the common mix (a UTF-8 feed
 * with one pasted cp1252 quote) it keeps the UTF-8 text intact.
 */
static void
cp1252_repair(struct buf *out, const char *p, size_t n)
{
	const unsigned char *s = (const unsigned char *)p;
	size_t i = 0;

	buf_reset(out);
	buf_grow(out, n + n / 8);
	while (i < n) {
		size_t l = 1;

		if (s[i] >= 0x80) {
			unsigned char c = s[i];

			l = c >= 0xc2 && c <= 0xdf ? 2 : c >= 0xe0 &&
			    c <= 0xef ? 3 : c >= 0xf0 && c <= 0xf4 ? 4 : 0;
			if (l == 0 || i + l > n ||
			    !utf8_valid(p + i, l)) {
				unsigned cp = extract_cp1252(c);

				buf_add_utf8(out, cp ? cp : 0xfffd);
				i++;
				continue;
			}
		}
		buf_add(out, p + i, l);
		i += l;
	}
}

/* &hellip; and friends (no DTD) to numeric references, for recovery */
static int
html_entities(struct buf *out, const char *p, size_t n)
{
	int changed = 0;
	size_t i = 0;

	buf_reset(out);
	while (i < n) {
		char name[33];
		size_t k = 0, j = i + 1;
		const htmlEntityDesc *d;

		if (p[i] != '&') {
			const char *amp = memchr(p + i, '&', n - i);
			size_t stop = amp ? (size_t)(amp - p) : n;

			buf_add(out, p + i, stop - i);
			i = stop;
			continue;
		}
		while (j < n && k < sizeof(name) - 1 &&
		    ((p[j] >= 'a' && p[j] <= 'z') ||
		    (p[j] >= 'A' && p[j] <= 'Z') ||
		    (k > 0 && p[j] >= '0' && p[j] <= '9')))
			name[k++] = p[j++];
		name[k] = '\0';
		if (k > 0 && j < n && p[j] == ';' &&
		    strcmp(name, "amp") != 0 && strcmp(name, "lt") != 0 &&
		    strcmp(name, "gt") != 0 && strcmp(name, "quot") != 0 &&
		    strcmp(name, "apos") != 0 &&
		    (d = htmlEntityLookup((const xmlChar *)name)) != NULL) {
			buf_addf(out, "&#%u;", d->value);
			i = j + 1;
			changed = 1;
			continue;
		}
		buf_addch(out, '&');
		i++;
	}
	return changed;
}

static int
is_utf8_label(const char *enc)
{
	return enc == NULL || strcasecmp(enc, "UTF-8") == 0 ||
	    strcasecmp(enc, "utf8") == 0;
}

/* parse XML bytes (already past any junk) into a document */
static int
xml_doc(xmlDocPtr *out, const char *p, size_t n, const char *enc,
    struct walk *w, struct err *err)
{
	struct buf fixed = BUF_INIT, ents = BUF_INIT;
	struct xml_state st;
	xmlDocPtr doc = NULL;
	const char *in = p;
	size_t inlen = n;
	int recover = 0, repaired = 0, rc = 0;
	char first[256] = "";

	*out = NULL;
	for (int attempt = 0; attempt < FEED_MAX_ATTEMPTS; attempt++) {
		walk_reset(w);
		doc = xml_read(in, inlen, enc, recover, &st, w);
		if (w->rc != 0) {
			rc = w->rc;	/* too many items: no retry helps */
			goto out;
		}
		if (first[0] == '\0' && st.first[0])
			memcpy(first, st.first, sizeof(first));
		if (st.loop) {
			if (doc)
				xmlFreeDoc(doc);
			doc = NULL;
			rc = err_set(err, ERR_POLICY, "document declares "
			    "entities (entity reference loop)");
			goto out;
		}
		if (st.utf8 && !repaired && is_utf8_label(enc)) {
			/* not UTF-8 after all: windows-1252 for the bad bytes */
			if (doc)
				xmlFreeDoc(doc);
			doc = NULL;
			cp1252_repair(&fixed, in, inlen);
			in = fixed.data;
			inlen = fixed.len;
			enc = "UTF-8";
			repaired = 1;
			continue;
		}
		if (doc && st.depth) {
			/* a recovered doc here is a truncated one */
			xmlFreeDoc(doc);
			doc = NULL;
		}
		if (doc || recover || st.depth)
			break;
		recover = 1;
		if (html_entities(&ents, in, inlen)) {
			in = ents.data;
			inlen = ents.len;
		}
	}
	if (doc == NULL) {
		rc = err_set(err, ERR_PARSE, "not well-formed: %s",
		    first[0] ? first : "unknown error");
		goto out;
	}
	if (declares_entities(doc)) {
		xmlFreeDoc(doc);
		doc = NULL;
		rc = err_set(err, ERR_POLICY, "document declares entities");
		goto out;
	}
	*out = doc;
out:
	buf_release(&fixed);
	buf_release(&ents);
	return rc;
}

/* JSON Feed 1.0/1.1 */

static char *
json_author(json_t *item)
{
	json_t *a = json_object_get(item, "authors");
	const char *name;

	if (json_is_array(a) && json_array_size(a) > 0)
		a = json_array_get(a, 0);
	else
		a = json_object_get(item, "author");
	if (!json_is_object(a))
		return NULL;
	name = json_str(a, "name");
	if (name == NULL || *name == '\0')
		return NULL;
	return extract_one_line(name);
}

static int
json_feed(struct itemset *out, const char *p, size_t n, const char *base,
    struct err *err)
{
	json_error_t je;
	json_t *root, *items, *it;
	const char *v, *s, *flang;
	size_t i;
	int rc = 0;

	root = json_loadb(p, n, JSON_REJECT_DUPLICATES, &je);
	if (root == NULL)
		return err_set(err, ERR_PARSE, "invalid JSON at %d:%d: %s",
		    je.line, je.column, je.text);
	items = json_object_get(root, "items");
	if (!json_is_object(root) || !json_is_array(items)) {
		rc = err_set(err, ERR_PARSE, "not a JSON Feed (no items "
		    "array)");
		goto out;
	}
	v = json_str(root, "version");
	out->kind = xstrdup(v && strstr(v, "1.1") ? "json11" : "json1");
	if ((s = json_str(root, "title")) != NULL)
		out->title = extract_one_line(s);
	if ((s = json_str(root, "home_page_url")) != NULL)
		out->link = resolve(base, s);
	flang = json_str(root, "language");
	json_array_foreach(items, i, it) {
		struct item *item;
		json_t *id, *tags, *tag;
		char *summary = NULL;
		int64_t t;
		size_t j;

		if (!json_is_object(it))
			continue;
		if (out->n >= FEED_MAX_ITEMS) {
			rc = err_set(err, ERR_TOOLARGE, "more than %d items",
			    FEED_MAX_ITEMS);
			goto out;
		}
		item = itemset_push(out);
		id = json_object_get(it, "id");
		if (json_is_string(id))
			item->id = extract_one_line(json_string_value(id));
		else if (json_is_integer(id)) {
			char num[32];

			snprintf(num, sizeof(num), "%lld",
			    (long long)json_integer_value(id));
			item->id = xstrdup(num);
		} else if (json_is_real(id)) {
			char num[64];

			snprintf(num, sizeof(num), "%.17g", json_real_value(id));
			item->id = xstrdup(num);
		}
		if ((s = json_str(it, "url")) != NULL)
			item->link = resolve(base, s);
		if ((s = json_str(it, "title")) != NULL)
			item->title = extract_one_line(s);
		if ((s = json_str(it, "summary")) != NULL)
			summary = extract_plain(s, strlen(s));
		if ((s = json_str(it, "content_text")) != NULL && *s)
			item->text = extract_plain(s, strlen(s));
		else if ((s = json_str(it, "content_html")) != NULL && *s)
			item->text = extract_text(s, strlen(s), NULL);
		if (item->text == NULL || *item->text == '\0') {
			free(item->text);
			item->text = summary;
			summary = NULL;
		}
		free(summary);
		if ((s = json_str(it, "date_published")) && date_parse(s, &t) == 0)
			item->published = t;
		if ((s = json_str(it, "date_modified")) && date_parse(s, &t) == 0)
			item->updated = t;
		item->author = json_author(it);
		item->lang = lang_normalize(json_str(it, "language"));
		if (item->lang == NULL)
			item->lang = lang_normalize(flang);
		tags = json_object_get(it, "tags");
		json_array_foreach(tags, j, tag)
			if (json_is_string(tag))
				add_category(item, json_string_value(tag));
	}
out:
	json_decref(root);
	return rc;
}

/* byte order marks and BOM-less UTF-16/32 */
static const char *
sniff_bom(const unsigned char *s, size_t n, size_t *skip)
{
	*skip = 0;
	if (n >= 4 && s[0] == 0 && s[1] == 0 && s[2] == 0xfe && s[3] == 0xff)
		return *skip = 4, "UTF-32BE";
	if (n >= 4 && s[0] == 0xff && s[1] == 0xfe && s[2] == 0 && s[3] == 0)
		return *skip = 4, "UTF-32LE";
	if (n >= 3 && s[0] == 0xef && s[1] == 0xbb && s[2] == 0xbf)
		return *skip = 3, "UTF-8";
	if (n >= 2 && s[0] == 0xfe && s[1] == 0xff)
		return *skip = 2, "UTF-16BE";
	if (n >= 2 && s[0] == 0xff && s[1] == 0xfe)
		return *skip = 2, "UTF-16LE";
	if (n >= 4 && s[0] == 0 && s[1] == 0 && s[2] == 0 && s[3] == '<')
		return "UTF-32BE";
	if (n >= 4 && s[0] == '<' && s[1] == 0 && s[2] == 0 && s[3] == 0)
		return "UTF-32LE";
	if (n >= 4 && s[0] == 0 && s[1] == '<' && s[2] == 0)
		return "UTF-16BE";
	if (n >= 4 && s[0] == '<' && s[1] == 0 && s[3] == 0)
		return "UTF-16LE";
	return NULL;
}

/*
 * The encoding an XML declaration names, when it is a Latin-1/ASCII
 * label: those documents get windows-1252 instead (WHATWG), so 0x92 reads
 * as a quote and not as an invisible C1 control.
 */
static const char *
decl_latin1(const char *p, size_t n)
{
	char label[48];
	const char *end, *e;
	size_t k = 0;
	char q;

	if (n < 6 || memcmp(p, "<?xml", 5) != 0)
		return NULL;
	end = memchr(p, '>', n < 512 ? n : 512);
	if (end == NULL)
		return NULL;
	for (e = p; e + 9 < end; e++)
		if (memcmp(e, "encoding", 8) == 0)
			break;
	if (e + 9 >= end)
		return NULL;
	e += 8;
	while (e < end && (*e == ' ' || *e == '=' || *e == '\t'))
		e++;
	if (e >= end || (*e != '"' && *e != '\''))
		return NULL;
	q = *e++;
	while (e < end && *e != q && k < sizeof(label) - 1)
		label[k++] = *e++;
	label[k] = '\0';
	if (strcmp(extract_charset(label), "windows-1252") == 0)
		return "windows-1252";
	return NULL;
}

/*
 * Only http(s) links leave the parser: javascript: (also reached through
 * xml:base), file:, gopher:, data: and the like would otherwise become
 * links in hits and alerts. url_check() decides with libcurl's URL API
 * (the scheme in any case, and a host). A refused item link is kept as
 * the last line of the item's text, where rules still see it and nothing
 * renders it as a link; a refused feed link is dropped.
 */
static void
http_links_only(struct itemset *out)
{
	if (out->link && url_check(out->link, NULL) != 0) {
		free(out->link);
		out->link = NULL;
	}
	for (size_t i = 0; i < out->n; i++) {
		struct item *it = &out->items[i];
		struct buf b = BUF_INIT;

		if (it->link == NULL || url_check(it->link, NULL) == 0)
			continue;
		if (it->text && *it->text) {
			buf_addstr(&b, it->text);
			buf_addch(&b, '\n');
		}
		buf_addstr(&b, it->link);
		free(it->text);
		it->text = buf_detach(&b, NULL);
		free(it->link);
		it->link = NULL;
	}
}

int
feed_parse(struct itemset *out, const char *data, size_t len,
    const char *base, const char *charset, struct err *err)
{
	const unsigned char *s = (const unsigned char *)data;
	const char *enc;
	xmlDocPtr doc = NULL;
	struct walk w;
	size_t skip, i;
	int rc;

	memset(out, 0, sizeof(*out));
	walk_init(&w, out, base, err);
	feed_global_init();
	if (data == NULL || len == 0)
		return err_set(err, ERR_PARSE, "empty document");
	if (len > INT_MAX)
		return err_set(err, ERR_TOOLARGE, "document too large");
	enc = sniff_bom(s, len, &skip);
	i = skip;
	if (enc == NULL || strcmp(enc, "UTF-8") == 0) {
		/* junk before the document: whitespace, a stray newline
		 * before <?xml, server noise */
		while (i < len && s[i] != '<' && s[i] != '{')
			i++;
		if (i == len)
			return err_set(err, ERR_PARSE, "not a feed: no markup");
		if (s[i] == '{') {
			rc = json_feed(out, data + i, len - i, base, err);
			goto out;
		}
	}
	if (enc == NULL && charset && *charset) {
		enc = extract_charset(charset);
		if (!extract_charset_known(enc))
			enc = NULL;	/* unknown label: the declaration */
	}
	if (enc == NULL)
		enc = decl_latin1(data + i, len - i);
	rc = xml_doc(&doc, data + i, len - i, enc, &w, err);
	if (rc == 0)
		rc = walk_finish(&w, doc);
out:
	walk_release(&w);
	if (doc)
		xmlFreeDoc(doc);
	if (rc < 0) {
		itemset_release(out);
		return rc;
	}
	http_links_only(out);
	itemset_finish(out);
	return 0;
}
