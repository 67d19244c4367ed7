#include "htmlsrc.h"

#include <libxml/HTMLparser.h>
#include <libxml/HTMLtree.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xmlerror.h>
#include <libxml/xpath.h>
#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "buf.h"
#include "date.h"
#include "extract.h"
#include "lang.h"
#include "url.h"
#include "util.h"
#include "xmalloc.h"

/*
 * One parsed page and one XPath context per call. libxml2 reports parser
 * errors through the (thread-local) structured handler and XPath errors
 * through the context's handler; both land in struct perr so that a depth
 * error, an expression error or the operation limit become our errors.
 */
struct perr {
	int	depth;		/* "Excessive depth" while parsing */
	int	code;		/* last XPath error code, 0 = none */
	char	msg[256];	/* its message */
};

struct hdoc {
	htmlDocPtr		 doc;
	xmlXPathContextPtr	 x;
	struct perr		 pe;
};

#define HTML_PRESCAN	1024	/* bytes searched for <meta charset> */

static void
parse_error(void *ctx, xmlErrorPtr e)
{
	struct perr *pe = ctx;

	if (pe && e && e->message && strstr(e->message, "Excessive depth"))
		pe->depth = 1;
}

static void
xpath_error(void *ctx, xmlErrorPtr e)
{
	struct perr *pe = ctx;
	size_t n;

	if (pe == NULL || e == NULL)
		return;
	pe->code = e->code ? e->code : -1;
	snprintf(pe->msg, sizeof(pe->msg), "%s",
	    e->message ? e->message : "XPath error");
	n = strlen(pe->msg);
	while (n > 0 && (pe->msg[n - 1] == '\n' || pe->msg[n - 1] == ' '))
		pe->msg[--n] = '\0';
}

/* lowercase ASCII */
static int
lc(int c)
{
	return c >= 'A' && c <= 'Z' ? c + 32 : c;
}

/* case-insensitive search of needle (lowercase) in s[0..n) */
static const char *
memcasestr(const char *s, size_t n, const char *needle)
{
	size_t k = strlen(needle);

	for (size_t i = 0; i + k <= n; i++) {
		size_t j;

		for (j = 0; j < k && lc((unsigned char)s[i + j]) == needle[j];
		    j++)
			;
		if (j == k)
			return s + i;
	}
	return NULL;
}

/*
 * The charset a <meta> declares in the first HTML_PRESCAN bytes, into
 * label; 0 when found.
 */
static int
meta_charset(const char *data, size_t len, char *label, size_t size)
{
	const char *p = data, *end = data + (len < HTML_PRESCAN ? len :
	    HTML_PRESCAN);

	while (p < end) {
		const char *tag = memcasestr(p, (size_t)(end - p), "<meta");
		const char *gt, *cs;
		size_t n = 0;

		if (tag == NULL)
			return -1;
		gt = memchr(tag, '>', (size_t)(end - tag));
		if (gt == NULL)
			gt = end;
		cs = memcasestr(tag, (size_t)(gt - tag), "charset");
		p = gt;
		if (cs == NULL)
			continue;
		cs += 7;
		while (cs < gt && (*cs == ' ' || *cs == '\t'))
			cs++;
		if (cs >= gt || *cs != '=')
			continue;
		cs++;
		while (cs < gt && (*cs == ' ' || *cs == '\t' || *cs == '"' ||
		    *cs == '\''))
			cs++;
		while (cs < gt && n + 1 < size && (((*cs | 0x20) >= 'a' &&
		    (*cs | 0x20) <= 'z') || (*cs >= '0' && *cs <= '9') ||
		    *cs == '-' || *cs == '_' || *cs == '.' || *cs == ':'))
			label[n++] = *cs++;
		label[n] = '\0';
		if (n > 0)
			return 0;
	}
	return -1;
}

/*
 * The encoding to give libxml2 (always explicit, so libxml2 never falls
 * back to ISO-8859-1 on its own); skips a BOM in *data.
 */
static const char *
pick_encoding(const char **data, size_t *len, const char *charset,
    char *label, size_t size)
{
	const unsigned char *d = (const unsigned char *)*data;
	const char *enc;

	if (*len >= 3 && d[0] == 0xef && d[1] == 0xbb && d[2] == 0xbf) {
		*data += 3;
		*len -= 3;
		return "UTF-8";
	}
	if (*len >= 2 && d[0] == 0xff && d[1] == 0xfe) {
		*data += 2;
		*len -= 2;
		return "UTF-16LE";
	}
	if (*len >= 2 && d[0] == 0xfe && d[1] == 0xff) {
		*data += 2;
		*len -= 2;
		return "UTF-16BE";
	}
	if (charset && *charset) {
		enc = extract_charset(charset);
		if (extract_charset_known(enc))
			return enc;
	}
	if (meta_charset(*data, *len, label, size) == 0) {
		/* WHATWG: a UTF-16 declaration in ASCII bytes is UTF-8 */
		if (strncasecmp(label, "utf-16", 6) == 0)
			return "UTF-8";
		enc = extract_charset(label);
		if (extract_charset_known(enc))
			return enc;
	}
	return utf8_valid(*data, *len) ? "UTF-8" : "windows-1252";
}

static void
hdoc_release(struct hdoc *h)
{
	if (h->x)
		xmlXPathFreeContext(h->x);
	if (h->doc)
		xmlFreeDoc(h->doc);
	memset(h, 0, sizeof(*h));
}

/* an XPath context with our error handler and operation limit */
static void
hdoc_init(struct hdoc *h)
{
	memset(h, 0, sizeof(*h));
	h->x = xmlXPathNewContext(NULL);
	if (h->x == NULL)
		BUG("xmlXPathNewContext failed");
	h->x->error = xpath_error;
	h->x->userData = &h->pe;
	h->x->opLimit = HTML_XPATH_OPS;
	h->x->opCount = 0;
}

static int
hdoc_parse(struct hdoc *h, const char *data, size_t len, const char *charset,
    struct err *err)
{
	htmlParserCtxtPtr ctxt = NULL;
	xmlStructuredErrorFunc old_fn;
	void *old_ctx;
	const char *enc;
	char label[64];

	if (data == NULL || len == 0)
		return err_set(err, ERR_PARSE, "empty document");
	if (len > INT_MAX)
		return err_set(err, ERR_TOOLARGE, "html document too large");
	enc = pick_encoding(&data, &len, charset, label, sizeof(label));
	ctxt = htmlNewParserCtxt();
	if (ctxt == NULL)
		BUG("htmlNewParserCtxt failed");
	/* the HTML parser ignores a per-context serror (extract.c) */
	old_fn = xmlStructuredError;
	old_ctx = xmlStructuredErrorContext;
	h->pe.depth = 0;
	xmlSetStructuredErrorFunc(&h->pe, parse_error);
	h->doc = htmlCtxtReadMemory(ctxt, data, (int)len, NULL, enc,
	    HTML_PARSE_RECOVER | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING |
	    HTML_PARSE_NONET);
	xmlSetStructuredErrorFunc(old_ctx, old_fn);
	htmlFreeParserCtxt(ctxt);
	if (h->pe.depth)
		return err_set(err, ERR_PARSE, "html nested too deeply");
	if (h->doc == NULL)
		return err_set(err, ERR_PARSE, "html document did not parse");
	h->x->doc = h->doc;
	h->x->node = (xmlNodePtr)h->doc;
	return 0;
}

/* libxml2 prints some XPath errors with xmlGenericError: keep them quiet
 * (the context's handler still records them) */
static void
quiet(void *ctx, const char *fmt, ...)
{
	(void)ctx;
	(void)fmt;
}

struct generic_saved {
	xmlGenericErrorFunc	 fn;
	void			*ctx;
};

static struct generic_saved
quiet_on(void)
{
	struct generic_saved s = { xmlGenericError, xmlGenericErrorContext };

	xmlSetGenericErrorFunc(NULL, quiet);
	return s;
}

static void
quiet_off(struct generic_saved s)
{
	xmlSetGenericErrorFunc(s.ctx, s.fn);
}

static int
compile(xmlXPathCompExprPtr *out, struct hdoc *h, const char *expr,
    const char *what, struct err *err)
{
	struct generic_saved g = quiet_on();

	h->pe.code = 0;
	*out = xmlXPathCtxtCompile(h->x, (const xmlChar *)expr);
	quiet_off(g);
	if (*out == NULL || h->pe.code != 0) {
		if (*out)
			xmlXPathFreeCompExpr(*out);
		*out = NULL;
		return err_set(err, ERR_CONFIG, "invalid XPath in %s: %s",
		    what, h->pe.code ? h->pe.msg : "cannot compile");
	}
	return 0;
}

static int
evaluate(xmlXPathObjectPtr *out, struct hdoc *h, xmlXPathCompExprPtr comp,
    const char *what, struct err *err)
{
	struct generic_saved g = quiet_on();

	h->pe.code = 0;
	*out = xmlXPathCompiledEval(comp, h->x);
	quiet_off(g);
	if (*out != NULL && h->pe.code == 0)
		return 0;
	if (*out)
		xmlXPathFreeObject(*out);
	*out = NULL;
	if (h->pe.code == XML_XPATH_EXPRESSION_OK + XPATH_OP_LIMIT_EXCEEDED ||
	    h->pe.code == XML_XPATH_EXPRESSION_OK +
	    XPATH_RECURSION_LIMIT_EXCEEDED)
		return err_set(err, ERR_LIMIT, "XPath in %s: %s", what,
		    h->pe.msg);
	return err_set(err, ERR_CONFIG, "XPath in %s: %s", what,
	    h->pe.code ? h->pe.msg : "evaluation failed");
}

/* text of an element (or the document) by extract_text()'s rules */
static int
markup_text(char **out, xmlDocPtr doc, xmlNodePtr n, struct err *err)
{
	xmlBufferPtr xb = xmlBufferCreate();
	xmlOutputBufferPtr ob;
	int rc;

	if (xb == NULL)
		BUG("xmlBufferCreate failed");
	ob = xmlOutputBufferCreateBuffer(xb, NULL);
	if (ob == NULL)
		BUG("xmlOutputBufferCreateBuffer failed");
	if (n->type == XML_DOCUMENT_NODE || n->type == XML_HTML_DOCUMENT_NODE)
		for (xmlNodePtr c = n->children; c; c = c->next)
			htmlNodeDumpFormatOutput(ob, doc, c, NULL, 0);
	else
		htmlNodeDumpFormatOutput(ob, doc, n, NULL, 0);
	xmlOutputBufferFlush(ob);
	rc = extract_text_checked(out, (const char *)xmlBufferContent(xb),
	    (size_t)xmlBufferLength(xb), NULL, err);
	xmlOutputBufferClose(ob);
	xmlBufferFree(xb);
	return rc;
}

/* text of any node: attribute values and text nodes as plain text */
static int
node_text(char **out, xmlDocPtr doc, xmlNodePtr n, struct err *err)
{
	xmlChar *c;

	switch (n->type) {
	case XML_ELEMENT_NODE:
	case XML_DOCUMENT_NODE:
	case XML_HTML_DOCUMENT_NODE:
		return markup_text(out, doc, n, err);
	case XML_ATTRIBUTE_NODE:
	case XML_TEXT_NODE:
	case XML_CDATA_SECTION_NODE:
		c = xmlNodeGetContent(n);
		*out = extract_plain(c ? (const char *)c : "",
		    c ? strlen((const char *)c) : 0);
		xmlFree(c);
		return 0;
	default:
		*out = xstrdup("");
		return 0;
	}
}

static void
flatten(char *s)
{
	for (; *s; s++)
		if (*s == '\n')
			*s = ' ';
}

/*
 * The value of comp for the context node: the first node's text, or a
 * string/number/boolean result as plain text. *out is NULL for an empty
 * node-set. one_line: line breaks become spaces.
 */
static int
value(char **out, struct hdoc *h, xmlXPathCompExprPtr comp, const char *what,
    int one_line, struct err *err)
{
	xmlXPathObjectPtr r = NULL;
	xmlChar *s;
	int rc;

	*out = NULL;
	if ((rc = evaluate(&r, h, comp, what, err)) < 0)
		return rc;
	if (r->type == XPATH_NODESET) {
		if (r->nodesetval && r->nodesetval->nodeNr > 0)
			rc = node_text(out, h->doc,
			    r->nodesetval->nodeTab[0], err);
	} else {
		s = xmlXPathCastToString(r);
		*out = extract_plain(s ? (const char *)s : "",
		    s ? strlen((const char *)s) : 0);
		xmlFree(s);
	}
	xmlXPathFreeObject(r);
	if (rc == 0 && *out && one_line)
		flatten(*out);
	return rc;
}

/* value of n decimal digits (n <= 4) */
static int
atoi_n(const char *p, size_t n)
{
	int v = 0;

	for (size_t i = 0; i < n; i++)
		v = v * 10 + (p[i] - '0');
	return v;
}

/* "Sep 2, 2026", "September 2nd, 2026", "2 Sep 2026" -> midnight UTC */
static int
month_date(const char *s, int64_t *out)
{
	static const char *const names[] = {
		"january", "february", "march", "april", "may", "june", "july",
		"august", "september", "october", "november", "december"
	};
	static const int mdays[] = {
		31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31
	};
	struct tok {
		const char	*p;
		size_t		 n;
		int		 num;	/* digits */
	} t[32];
	size_t nt = 0, i;

	if (s == NULL)
		return -1;
	for (const char *p = s; *p && nt < 32;) {
		int c = lc((unsigned char)*p);
		const char *q = p;

		if (c >= 'a' && c <= 'z') {
			while (lc((unsigned char)*q) >= 'a' &&
			    lc((unsigned char)*q) <= 'z')
				q++;
			t[nt++] = (struct tok){ p, (size_t)(q - p), 0 };
		} else if (c >= '0' && c <= '9') {
			while (*q >= '0' && *q <= '9')
				q++;
			t[nt++] = (struct tok){ p, (size_t)(q - p), 1 };
		} else
			q++;
		p = q;
	}
	for (i = 0; i < nt; i++) {
		int m = -1, day = -1, year = -1;
		size_t j, k;

		if (t[i].num || t[i].n < 3)
			continue;
		for (j = 0; j < 12; j++)
			if (t[i].n <= strlen(names[j]) &&
			    strncasecmp(t[i].p, names[j], t[i].n) == 0 &&
			    (t[i].n == 3 || t[i].n == strlen(names[j]) ||
			    (j == 8 && t[i].n == 4)))
				m = (int)j;
		if (m < 0)
			continue;
		/* month day[suffix] year */
		k = i + 1;
		if (k < nt && t[k].num && t[k].n <= 2) {
			day = atoi_n(t[k].p, t[k].n);
			k++;
			if (k < nt && !t[k].num && t[k].n == 2)
				k++;	/* st nd rd th */
			if (k < nt && t[k].num && t[k].n == 4)
				year = atoi_n(t[k].p, 4);
		}
		/* day[suffix] month year */
		if (year < 0 && i + 1 < nt && t[i + 1].num &&
		    t[i + 1].n == 4) {
			k = i;
			if (k >= 1 && !t[k - 1].num && t[k - 1].n == 2)
				k--;
			if (k >= 1 && t[k - 1].num && t[k - 1].n <= 2) {
				day = atoi_n(t[k - 1].p, t[k - 1].n);
				year = atoi_n(t[i + 1].p, 4);
			}
		}
		if (year < 1970 || day < 1 || day > mdays[m])
			continue;
		if (m == 1 && day == 29 && !(year % 4 == 0 &&
		    (year % 100 != 0 || year % 400 == 0)))
			continue;
		*out = date_days_from_civil(year, (unsigned)m + 1,
		    (unsigned)day) * 86400;
		return 0;
	}
	return -1;
}

static int
parse_date(const char *s, int64_t *out)
{
	if (s == NULL || *s == '\0')
		return -1;
	if (date_parse(s, out) == 0)
		return 0;
	return month_date(s, out);
}

/* lang (or xml:lang) on n or its nearest ancestor that has one, e.g.
 * <html lang="de">, normalised; NULL when none */
static char *
node_lang(const xmlNode *n)
{
	for (; n && n->type == XML_ELEMENT_NODE; n = n->parent) {
		xmlChar *l = xmlGetProp(n, (const xmlChar *)"lang");
		char *s;

		if (l == NULL)
			l = xmlGetNsProp(n, (const xmlChar *)"lang",
			    XML_XML_NAMESPACE);
		if (l == NULL)
			continue;
		s = lang_normalize((const char *)l);
		xmlFree(l);
		return s;
	}
	return NULL;
}

/* the page's <base href> resolved against base, or a copy of base */
static char *
doc_base(struct hdoc *h, const char *base)
{
	xmlXPathCompExprPtr c = NULL;
	xmlXPathObjectPtr r = NULL;
	char *href = NULL, *ret = NULL;

	c = xmlXPathCompile((const xmlChar *)"(//head/base/@href)[1]");
	if (c == NULL)
		BUG("constant XPath does not compile");
	h->x->node = (xmlNodePtr)h->doc;
	if (evaluate(&r, h, c, "base", NULL) == 0 && r->nodesetval &&
	    r->nodesetval->nodeNr > 0 && node_text(&href, h->doc,
	    r->nodesetval->nodeTab[0], NULL) == 0)
		ret = url_link(base, href);
	if (ret == NULL)
		ret = xstrdup_or_null(base);
	free(href);
	xmlXPathFreeObject(r);
	xmlXPathFreeCompExpr(c);
	return ret;
}

static char *
doc_title(struct hdoc *h)
{
	xmlXPathCompExprPtr c = NULL;
	char *s = NULL;

	c = xmlXPathCompile((const xmlChar *)"(//head/title)[1]");
	if (c == NULL)
		BUG("constant XPath does not compile");
	h->x->node = (xmlNodePtr)h->doc;
	if (value(&s, h, c, "title", 1, NULL) == 0 && s && *s == '\0') {
		free(s);
		s = NULL;
	}
	xmlXPathFreeCompExpr(c);
	return s;
}

enum { X_ITEMS, X_TITLE, X_TITLE2, X_LINK, X_DATE, X_SUMMARY, X_N };

/*
 * More item nodes than HTML_MAX_ITEMS: the indices of the ones to keep,
 * in document order. With a date expression, the newest (a page may list
 * oldest first; undated nodes count as oldest, ties go to the earlier
 * node); without one, or when dating every node runs out of XPath
 * operations, the first. *out is malloc'd, HTML_MAX_ITEMS long.
 */
static size_t *
pick_items(struct hdoc *h, xmlNodeSetPtr set, xmlXPathCompExprPtr date)
{
	size_t n = (size_t)set->nodeNr, *out;
	struct dated_rank *r = xcalloc(n, sizeof(*r));
	char *d = NULL;
	int dated = date != NULL;

	for (size_t i = 0; i < n; i++) {
		r[i].i = i;
		r[i].t = TIME_NONE;
		if (!dated)
			continue;
		h->x->node = set->nodeTab[i];
		if (value(&d, h, date, "date", 1, NULL) < 0) {
			/* over the XPath budget: document order, and the
			 * items themselves get a fresh budget */
			dated = 0;
			h->x->opCount = 0;
			for (size_t k = 0; k < n; k++)
				r[k].t = TIME_NONE;
			continue;
		}
		if (parse_date(d, &r[i].t) < 0)
			r[i].t = TIME_NONE;
		free(d);
		d = NULL;
	}
	/* undated, r[] is in document order already */
	if (dated)
		rank_keep_newest(r, n, HTML_MAX_ITEMS);
	out = xcalloc(HTML_MAX_ITEMS, sizeof(*out));
	for (size_t i = 0; i < HTML_MAX_ITEMS; i++)
		out[i] = r[i].i;
	free(r);
	return out;
}

/*
 * One node the items XPath selected, as an item appended to out (none for
 * a node without title and link, or the same entry again: same link and
 * title as an item from n0 on). 0, or -1 when an XPath fails.
 */
static int
html_one(struct itemset *out, size_t n0, struct hdoc *h,
    xmlXPathCompExprPtr comp[X_N], xmlNodePtr node, const char *pbase,
    struct err *err)
{
	char *title = NULL, *link = NULL, *date = NULL, *summary = NULL;
	char *ref = NULL;
	struct item *it;
	size_t j;
	int rc;

	h->x->node = node;
	if ((rc = value(&title, h, comp[X_TITLE], "title", 1, err)) < 0)
		goto out;
	if ((title == NULL || *title == '\0') && comp[X_TITLE2]) {
		free(title);
		if ((rc = value(&title, h, comp[X_TITLE2], "title", 1,
		    err)) < 0)
			goto out;
	}
	if ((rc = value(&ref, h, comp[X_LINK], "link", 1, err)) < 0)
		goto out;
	link = url_link(pbase, ref);
	free(ref);
	if (comp[X_DATE] && (rc = value(&date, h, comp[X_DATE], "date", 1,
	    err)) < 0)
		goto out;
	if (comp[X_SUMMARY] && (rc = value(&summary, h, comp[X_SUMMARY],
	    "summary", 0, err)) < 0)
		goto out;
	if ((title == NULL || *title == '\0') && link == NULL)
		goto out;
	/* the same entry twice (a featured card and the list): same link
	 * and title; a shared link alone is not enough */
	for (j = n0; link && j < out->n; j++)
		if (out->items[j].link &&
		    strcmp(out->items[j].link, link) == 0 &&
		    strcmp(out->items[j].title, title ? title : "") == 0)
			break;
	if (link && j < out->n)
		goto out;
	if (summary == NULL || *summary == '\0') {
		free(summary);
		summary = NULL;
		if ((rc = node_text(&summary, h->doc, node, err)) < 0)
			goto out;
	}
	it = itemset_push(out);
	it->title = title ? title : xstrdup("");
	title = NULL;			/* now owned by it */
	it->link = link;
	link = NULL;
	it->text = summary;
	summary = NULL;
	if (parse_date(date, &it->published) < 0)
		it->published = TIME_NONE;
	it->lang = node_lang(node);
out:
	free(title);
	free(link);
	free(date);
	free(summary);
	return rc;
}

int
html_items(struct itemset *out, const struct source *src, const char *data,
    size_t len, const char *base, const char *charset, struct err *err)
{
	static const char *const names[X_N] = {
		"items", "title", "title", "link", "date", "summary"
	};
	const char *expr[X_N];
	xmlXPathCompExprPtr comp[X_N] = { NULL };
	xmlXPathObjectPtr items = NULL;
	struct hdoc h;
	size_t n0 = out->n, i, n;
	char *pbase = NULL;
	size_t *pick = NULL, dropped = 0;
	int rc = 0;

	hdoc_init(&h);
	if (src->items_xpath == NULL || *src->items_xpath == '\0') {
		rc = err_set(err, ERR_CONFIG, "html source without an items "
		    "XPath");
		goto out;
	}
	expr[X_ITEMS] = src->items_xpath;
	expr[X_TITLE] = src->title_xpath ? src->title_xpath :
	    "(.//h1|.//h2|.//h3)[1]";
	expr[X_TITLE2] = src->title_xpath ? NULL : "(self::a|.//a)[1]";
	expr[X_LINK] = src->link_xpath ? src->link_xpath :
	    "(self::a/@href|.//a/@href)[1]";
	expr[X_DATE] = src->date_xpath;
	expr[X_SUMMARY] = src->summary_xpath;
	for (i = 0; i < X_N; i++)
		if (expr[i] && (rc = compile(&comp[i], &h, expr[i], names[i],
		    err)) < 0)
			goto out;
	if ((rc = hdoc_parse(&h, data, len, charset, err)) < 0)
		goto out;
	if ((rc = evaluate(&items, &h, comp[X_ITEMS], "items", err)) < 0)
		goto out;
	if (items->type != XPATH_NODESET) {
		rc = err_set(err, ERR_CONFIG, "XPath in items does not "
		    "select nodes");
		goto out;
	}
	pbase = doc_base(&h, base);
	if (out->kind == NULL)
		out->kind = xstrdup("html");
	if (out->title == NULL)
		out->title = doc_title(&h);
	if (out->link == NULL && base && *base)
		out->link = xstrdup(base);
	n = items->nodesetval ? (size_t)items->nodesetval->nodeNr : 0;
	if (n > HTML_MAX_ITEMS) {
		pick = pick_items(&h, items->nodesetval, comp[X_DATE]);
		dropped = n - HTML_MAX_ITEMS;
		n = HTML_MAX_ITEMS;
	}
	for (i = 0; i < n; i++)
		if ((rc = html_one(out, n0, &h, comp,
		    items->nodesetval->nodeTab[pick ? pick[i] : i], pbase,
		    err)) < 0)
			goto out;
	out->dropped += dropped;
out:
	if (rc < 0)
		while (out->n > n0)
			item_release(&out->items[--out->n]);
	free(pbase);
	free(pick);
	if (items)
		xmlXPathFreeObject(items);
	for (i = 0; i < X_N; i++)
		if (comp[i])
			xmlXPathFreeCompExpr(comp[i]);
	hdoc_release(&h);
	return rc;
}

/* 1 if n is a descendant of (or is) anc */
static int
inside(xmlNodePtr n, xmlNodePtr anc)
{
	for (; n; n = n->parent)
		if (n == anc)
			return 1;
	return 0;
}

/* one XPath over one document: page_text's select, html_links' links */
struct hquery {
	struct hdoc		h;
	xmlXPathCompExprPtr	comp;
	xmlXPathObjectPtr	r;	/* the result */
};

/* compile expr (what: its name in errors), parse data, evaluate into
 * q->r; release q with hquery_release whatever this returns */
static int
hquery_run(struct hquery *q, const char *expr, const char *what,
    const char *data, size_t len, const char *charset, struct err *err)
{
	int rc;

	memset(q, 0, sizeof(*q));
	hdoc_init(&q->h);
	if ((rc = compile(&q->comp, &q->h, expr, what, err)) < 0 ||
	    (rc = hdoc_parse(&q->h, data, len, charset, err)) < 0)
		return rc;
	return evaluate(&q->r, &q->h, q->comp, what, err);
}

static void
hquery_release(struct hquery *q)
{
	/* both return at once on NULL (libxml2's xpath.c) */
	xmlXPathFreeObject(q->r);
	xmlXPathFreeCompExpr(q->comp);
	hdoc_release(&q->h);
}

int
page_text(char **out, const struct source *src, const char *data,
    size_t len, const char *charset, struct err *err)
{
	struct hquery q;
	xmlXPathObjectPtr r;
	struct buf b = BUF_INIT;
	const char *expr = src->select_xpath && *src->select_xpath ?
	    src->select_xpath : "//body";
	char *t = NULL;
	int rc;

	*out = NULL;
	if ((rc = hquery_run(&q, expr, "select", data, len, charset, err)) < 0)
		goto out;
	r = q.r;
	if (r->type == XPATH_NODESET) {
		xmlNodePtr last = NULL;
		int nn = r->nodesetval ? r->nodesetval->nodeNr : 0;

		if (nn == 0) {
			rc = err_set(err, ERR_SCHEMA, "select XPath \"%s\" "
			    "matched nothing", expr);
			goto out;
		}
		/* document order: a node inside the last kept one follows
		 * it directly */
		for (int i = 0; i < nn; i++) {
			xmlNodePtr n = r->nodesetval->nodeTab[i];

			if (last && inside(n, last))
				continue;
			last = n;
			if ((rc = node_text(&t, q.h.doc, n, err)) < 0)
				goto out;
			if (*t) {
				if (b.len)
					buf_addch(&b, '\n');
				buf_addstr(&b, t);
			}
			free(t);
			t = NULL;
		}
	} else {
		xmlChar *s = xmlXPathCastToString(r);

		t = extract_plain(s ? (const char *)s : "",
		    s ? strlen((const char *)s) : 0);
		xmlFree(s);
		buf_addstr(&b, t);
	}
	utf8_repair(&b);
	*out = buf_detach(&b, NULL);
out:
	free(t);
	buf_release(&b);
	hquery_release(&q);
	return rc;
}

/* an attribute on one line (lowercased when lower), or NULL */
static char *
attr(xmlNodePtr n, const char *name, int lower)
{
	xmlChar *v = xmlGetProp(n, (const xmlChar *)name);
	char *s;

	if (v == NULL)
		return NULL;
	s = extract_plain((const char *)v, strlen((const char *)v));
	xmlFree(v);
	flatten(s);
	for (char *p = s; lower && *p; p++)
		*p = (char)lc((unsigned char)*p);
	return s;
}

/* one element as an html_link; 0 when it has no http(s) URL */
static int
link_of_node(struct html_link *l, xmlNodePtr n, const char *base)
{
	const char *name = (const char *)n->name;
	int src = strcmp(name, "iframe") == 0 || strcmp(name, "script") == 0;
	char *ref = attr(n, src ? "src" : "href", 0);

	memset(l, 0, sizeof(*l));
	l->url = url_link(base, ref);
	free(ref);
	if (l->url == NULL)
		return 0;
	l->tag = xstrdup(name);
	l->rel = attr(n, "rel", 1);
	l->type = attr(n, "type", 1);
	l->title = attr(n, "title", 0);
	return 1;
}

int
html_links(struct html_link **out, size_t *np, const char *data, size_t len,
    const char *base, const char *charset, struct err *err)
{
	struct hquery q;
	xmlXPathObjectPtr r;
	struct html_link *v = NULL;
	char *pbase = NULL;
	size_t n = 0, nn;
	int rc;

	*out = NULL;
	*np = 0;
	if ((rc = hquery_run(&q, "//link[@href] | //a[@href] | "
	    "//iframe[@src] | //script[@src]", "links", data, len, charset,
	    err)) < 0)
		goto out;
	r = q.r;
	pbase = doc_base(&q.h, base);
	nn = r->nodesetval ? (size_t)r->nodesetval->nodeNr : 0;
	if (nn > HTML_MAX_LINKS)
		nn = HTML_MAX_LINKS;
	v = xcalloc(nn + 1, sizeof(*v));
	for (size_t i = 0; i < nn; i++)
		n += (size_t)link_of_node(&v[n], r->nodesetval->nodeTab[i],
		    pbase);
	*out = v;
	*np = n;
out:
	free(pbase);
	hquery_release(&q);
	return rc;
}

void
html_links_free(struct html_link *v, size_t n)
{
	for (size_t i = 0; v && i < n; i++) {
		free(v[i].tag);
		free(v[i].rel);
		free(v[i].type);
		free(v[i].title);
		free(v[i].url);
	}
	free(v);
}

/*
 * page_added: the old lines, normalised, in one arena and counted in an
 * open-addressing hash table keyed by (offset, length) into the arena.
 */
struct line_tab {
	struct buf	 arena;
	struct slot {
		uint64_t	 hash;
		size_t		 off, len;
		size_t		 count;	/* old copies not yet matched */
		int		 used;	/* 0 = empty slot */
	}		*slot;
	size_t		 cap, n;
};

static struct slot *
tab_find(struct line_tab *t, const char *p, size_t n, uint64_t h)
{
	size_t i;

	for (i = h & (t->cap - 1); t->slot[i].used;
	    i = (i + 1) & (t->cap - 1))
		if (t->slot[i].hash == h && t->slot[i].len == n &&
		    memcmp(t->arena.data + t->slot[i].off, p, n) == 0)
			break;
	return &t->slot[i];
}

static void
tab_grow(struct line_tab *t)
{
	struct slot *old = t->slot;
	size_t ocap = t->cap;

	t->cap = ocap ? ocap * 2 : 1024;
	t->slot = xcalloc(t->cap, sizeof(*t->slot));
	for (size_t i = 0; i < ocap; i++) {
		size_t j;

		if (!old[i].used)
			continue;
		for (j = old[i].hash & (t->cap - 1); t->slot[j].used;
		    j = (j + 1) & (t->cap - 1))
			;
		t->slot[j] = old[i];
	}
	free(old);
}

/*
 * The next line of *s, trimmed and with whitespace runs collapsed, into
 * line (reset first); advances *s; returns 0 at the end of the text.
 */
static int
next_line(const char **s, struct buf *line)
{
	const char *p = *s;
	int space = 0;

	buf_reset(line);
	if (*p == '\0')
		return 0;
	for (; *p && *p != '\n'; p++) {
		if (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\f' ||
		    *p == '\v') {
			space = 1;
			continue;
		}
		if (space && line->len)
			buf_addch(line, ' ');
		space = 0;
		buf_addch(line, *p);
	}
	*s = *p ? p + 1 : p;
	return 1;
}

char *
page_added(const char *old_text, const char *new_text)
{
	struct line_tab t = { BUF_INIT, NULL, 0, 0 };
	struct buf line = BUF_INIT, res = BUF_INIT;
	const char *p;

	tab_grow(&t);
	for (p = old_text ? old_text : ""; next_line(&p, &line);) {
		uint64_t h;
		struct slot *sl;

		if (line.len == 0)
			continue;
		h = fnv1a64_mem(line.data, line.len);
		sl = tab_find(&t, line.data, line.len, h);
		if (sl->used) {
			sl->count++;
			continue;
		}
		if ((t.n + 1) * 2 > t.cap) {
			tab_grow(&t);
			sl = tab_find(&t, line.data, line.len, h);
		}
		sl->hash = h;
		sl->off = t.arena.len;
		sl->len = line.len;
		sl->count = 1;
		sl->used = 1;
		buf_add(&t.arena, line.data, line.len);
		t.n++;
	}
	for (p = new_text ? new_text : ""; next_line(&p, &line);) {
		struct slot *sl;

		if (line.len == 0)
			continue;
		sl = tab_find(&t, line.data, line.len,
		    fnv1a64_mem(line.data, line.len));
		if (sl->used && sl->count > 0) {
			sl->count--;
			continue;
		}
		if (res.len)
			buf_addch(&res, '\n');
		buf_add(&res, line.data, line.len);
	}
	buf_release(&line);
	buf_release(&t.arena);
	free(t.slot);
	return buf_detach(&res, NULL);
}
