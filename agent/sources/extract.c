#include "extract.h"

#include <libxml/HTMLparser.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xmlerror.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "buf.h"
#include "util.h"
#include "xmalloc.h"

/*
 * The text is built in one pass by a small writer that collapses
 * whitespace as it goes: spaces are only written between two words of the
 * same line, and a line break only before the next word. So lines come out
 * trimmed, blank lines never appear and the result is trimmed, without a
 * second pass over the output.
 */
struct writer {
	struct buf	*out;
	int		 space;		/* whitespace seen since the last word */
	int		 nl;		/* line break requested */
	int		 pre;		/* inside <pre>: newlines are breaks */
};

struct parse_state {
	int	depth_error;
	int	errors;
};

/* what an element means to the text: sorted by name for bsearch() */
enum { TAG_BLOCK = 1, TAG_DROP = 2, TAG_PRE = 4 };

static const struct tag {
	const char	*name;
	int		 cls;
} tags[] = {
	{ "address", TAG_BLOCK },
	{ "applet", TAG_DROP },
	{ "article", TAG_BLOCK },
	{ "aside", TAG_BLOCK },
	{ "audio", TAG_BLOCK },
	{ "blockquote", TAG_BLOCK },
	{ "body", TAG_BLOCK },
	{ "br", TAG_BLOCK },
	{ "caption", TAG_BLOCK },
	{ "center", TAG_BLOCK },
	{ "dd", TAG_BLOCK },
	{ "details", TAG_BLOCK },
	{ "dialog", TAG_BLOCK },
	{ "dir", TAG_BLOCK },
	{ "div", TAG_BLOCK },
	{ "dl", TAG_BLOCK },
	{ "dt", TAG_BLOCK },
	{ "fieldset", TAG_BLOCK },
	{ "figcaption", TAG_BLOCK },
	{ "figure", TAG_BLOCK },
	{ "footer", TAG_BLOCK },
	{ "form", TAG_BLOCK },
	{ "frameset", TAG_BLOCK },
	{ "h1", TAG_BLOCK },
	{ "h2", TAG_BLOCK },
	{ "h3", TAG_BLOCK },
	{ "h4", TAG_BLOCK },
	{ "h5", TAG_BLOCK },
	{ "h6", TAG_BLOCK },
	{ "head", TAG_BLOCK },
	{ "header", TAG_BLOCK },
	{ "hgroup", TAG_BLOCK },
	{ "hr", TAG_BLOCK },
	{ "html", TAG_BLOCK },
	{ "iframe", TAG_BLOCK },
	{ "legend", TAG_BLOCK },
	{ "li", TAG_BLOCK },
	{ "main", TAG_BLOCK },
	{ "math", TAG_BLOCK },
	{ "menu", TAG_BLOCK },
	{ "nav", TAG_BLOCK },
	{ "noframes", TAG_BLOCK },
	{ "noscript", TAG_DROP },
	{ "object", TAG_BLOCK },
	{ "ol", TAG_BLOCK },
	{ "optgroup", TAG_BLOCK },
	{ "option", TAG_BLOCK },
	{ "p", TAG_BLOCK },
	{ "pre", TAG_BLOCK | TAG_PRE },
	{ "script", TAG_DROP },
	{ "search", TAG_BLOCK },
	{ "section", TAG_BLOCK },
	{ "select", TAG_BLOCK },
	{ "style", TAG_DROP },
	{ "summary", TAG_BLOCK },
	{ "svg", TAG_BLOCK },
	{ "table", TAG_BLOCK },
	{ "tbody", TAG_BLOCK },
	{ "td", TAG_BLOCK },
	{ "template", TAG_DROP },
	{ "textarea", TAG_BLOCK },
	{ "tfoot", TAG_BLOCK },
	{ "th", TAG_BLOCK },
	{ "thead", TAG_BLOCK },
	{ "title", TAG_BLOCK },
	{ "tr", TAG_BLOCK },
	{ "ul", TAG_BLOCK },
	{ "video", TAG_BLOCK },
};

static int
tag_cmp(const void *key, const void *elem)
{
	return strcmp(key, ((const struct tag *)elem)->name);
}

/*
 * TAG_* bits of an element name, in any case (block elements break
 * lines, dropped ones lose their subtree; pre keeps newlines). One
 * lowercase copy and a binary search: this runs twice per element.
 */
static int
tag_class(const xmlChar *name)
{
	char low[16];
	const struct tag *t;
	size_t i;

	if (name == NULL)
		return 0;
	for (i = 0; name[i] != '\0'; i++) {
		if (i == sizeof(low) - 1)
			return 0;	/* longer than any name above */
		low[i] = name[i] >= 'A' && name[i] <= 'Z' ?
		    (char)(name[i] - 'A' + 'a') : (char)name[i];
	}
	low[i] = '\0';
	t = bsearch(low, tags, sizeof(tags) / sizeof(tags[0]), sizeof(tags[0]),
	    tag_cmp);
	return t ? t->cls : 0;
}

/* windows-1252 0x80-0x9f; 0 = undefined */
static const unsigned short cp1252[32] = {
	0x20ac, 0, 0x201a, 0x0192, 0x201e, 0x2026, 0x2020, 0x2021,
	0x02c6, 0x2030, 0x0160, 0x2039, 0x0152, 0, 0x017d, 0,
	0, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014,
	0x02dc, 0x2122, 0x0161, 0x203a, 0x0153, 0, 0x017e, 0x0178
};

unsigned
extract_cp1252(unsigned c)
{
	if (c >= 0x80 && c < 0xa0)
		return cp1252[c - 0x80];
	return c;
}

/*
 * U+0080-U+009F (C1 controls) are never meant in feed text: they are
 * windows-1252 bytes decoded as Latin-1 somewhere upstream. Read them as
 * windows-1252 (feedparser's "demoronize"); undefined ones are dropped.
 * b must be valid UTF-8.
 */
static void
demoronize(struct buf *b)
{
	struct buf o = BUF_INIT;
	const unsigned char *p = (const unsigned char *)b->data;
	size_t i;

	if (memchr(b->data, 0xc2, b->len) == NULL)
		return;
	for (i = 0; i + 1 < b->len; i++)
		if (p[i] == 0xc2 && p[i + 1] >= 0x80 && p[i + 1] < 0xa0)
			break;
	if (i + 1 >= b->len)
		return;
	buf_grow(&o, b->len + 8);
	for (i = 0; i < b->len; i++) {
		if (p[i] == 0xc2 && i + 1 < b->len && p[i + 1] >= 0x80 &&
		    p[i + 1] < 0xa0) {
			unsigned cp = cp1252[p[i + 1] - 0x80];

			if (cp)
				buf_add_utf8(&o, cp);
			i++;
			continue;
		}
		buf_addch(&o, p[i]);
	}
	buf_release(b);
	*b = o;
}

static void
w_break(struct writer *w)
{
	if (w->out->len > 0)
		w->nl = 1;
	w->space = 0;
}

static int
is_ws(unsigned char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' ||
	    c == '\v';
}

static void
w_text(struct writer *w, const char *s, size_t len)
{
	size_t i = 0;

	while (i < len) {
		size_t j;

		if (is_ws((unsigned char)s[i])) {
			if (w->pre && s[i] == '\n')
				w_break(w);
			else if (w->out->len > 0 && !w->nl)
				w->space = 1;
			i++;
			continue;
		}
		/* a run of words with one ' ' between them (one word, or
		 * part of one, at least): written as it is */
		for (j = i;;) {
			while (j < len && !is_ws((unsigned char)s[j]))
				j++;
			if (j + 1 < len && s[j] == ' ' &&
			    !is_ws((unsigned char)s[j + 1])) {
				j++;
				continue;
			}
			break;
		}
		if (w->nl) {
			buf_addch(w->out, '\n');
			w->nl = 0;
		} else if (w->space)
			buf_addch(w->out, ' ');
		w->space = 0;
		buf_add(w->out, s + i, j - i);
		i = j;
	}
}

/*
 * 1 when utf8_repair() and demoronize() would leave s as it is: valid
 * UTF-8 without control characters (but tab, CR, LF) or C1 controls.
 * Such text is written without a cleaned copy, and what the writer makes
 * of it is clean too (it only drops and collapses ASCII whitespace).
 */
static int
text_clean(const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s;
	int high = 0;

	for (size_t i = 0; i < n; i++) {
		unsigned char c = p[i];

		if (c < 0x20) {
			if (c != '\t' && c != '\n' && c != '\r')
				return 0;
		} else if (c == 0x7f)
			return 0;
		else if (c >= 0x80) {
			high = 1;
			if (c == 0xc2 && i + 1 < n && p[i + 1] < 0xa0)
				return 0;
		}
	}
	return !high || utf8_valid(s, n);
}

/* w_text() of text that may need utf8_repair() and demoronize() first */
static void
w_clean_text(struct writer *w, const char *s, size_t n)
{
	struct buf in = BUF_INIT;

	buf_add(&in, s, n);
	utf8_repair(&in);
	demoronize(&in);
	w_text(w, in.data, in.len);
	buf_release(&in);
}

/*
 * The text is written from the HTML parser's SAX events, as they come: no
 * DOM is built (it was, then walked and freed: most of the cost of an item
 * body). The events are those libxml2's own tree builder (SAX2.c) gets, so
 * the text is what a walk of that tree gave, byte for byte; what the tree
 * builder does beyond nesting is copied below:
 *   - it refuses more than EXTRACT_MAX_DEPTH open elements (nodePush():
 *     "Excessive depth") and stops the parser;
 *   - an element's name is what follows the first ':' of its tag name
 *     (xmlSplitQName(): "dc:title" is a title);
 *   - text with no open element has no node to go to and is lost.
 */
#define EXTRACT_MAX_DEPTH	256	/* xmlParserMaxDepth (we never lift it) */

/* the tag class of the node xmlSAX2StartElement() makes of name */
static int
sax_class(const xmlChar *name)
{
	const xmlChar *colon;

	if (name != NULL && name[0] != ':' &&
	    (colon = (const xmlChar *)strchr((const char *)name, ':')) !=
	    NULL && colon[1] != '\0')
		name = colon + 1;
	return tag_class(name);
}

struct sax {
	struct writer		*w;
	struct parse_state	*st;
	int			 open;		/* open elements */
	int			 drop;		/* open dropped ones */
};

static void
sax_start(void *data, const xmlChar *name, const xmlChar **atts)
{
	htmlParserCtxtPtr ctxt = data;
	struct sax *x = ctxt->_private;
	int cls;

	(void)atts;
	if (x->open > EXTRACT_MAX_DEPTH) {
		x->st->depth_error = 1;
		xmlStopParser(ctxt);
		return;
	}
	x->open++;
	if (x->drop > 0) {
		x->drop++;
		return;
	}
	cls = sax_class(name);
	if (cls & TAG_DROP) {
		x->drop = 1;
		return;
	}
	if (cls & TAG_BLOCK)
		w_break(x->w);
	if (cls & TAG_PRE)
		x->w->pre++;
}

static void
sax_end(void *data, const xmlChar *name)
{
	htmlParserCtxtPtr ctxt = data;
	struct sax *x = ctxt->_private;
	int cls;

	if (x->open == 0)
		return;
	x->open--;
	if (x->drop > 0) {
		x->drop--;
		return;
	}
	cls = sax_class(name);
	if (cls & TAG_BLOCK)
		w_break(x->w);
	if ((cls & TAG_PRE) && x->w->pre > 0)
		x->w->pre--;
}

static void
sax_text(void *data, const xmlChar *s, int len)
{
	htmlParserCtxtPtr ctxt = data;
	struct sax *x = ctxt->_private;

	if (x->open > 0 && x->drop == 0 && len > 0)
		w_text(x->w, (const char *)s, (size_t)len);
}

/* the parser's SAX handler: ours for what makes text, nothing else */
static void
sax_setup(htmlParserCtxtPtr ctxt, struct sax *x)
{
	xmlSAXHandler *h = (xmlSAXHandler *)ctxt->sax;

	h->startDocument = NULL;
	h->endDocument = NULL;
	h->startElement = sax_start;
	h->endElement = sax_end;
	h->characters = sax_text;
	h->cdataBlock = sax_text;
	h->ignorableWhitespace = NULL;
	h->comment = NULL;
	h->processingInstruction = NULL;
	h->reference = NULL;
	h->internalSubset = NULL;
	h->externalSubset = NULL;
	ctxt->_private = x;
}

static void
html_error(void *ctx, xmlErrorPtr e)
{
	struct parse_state *st = ctx;

	if (st == NULL || e == NULL)
		return;
	st->errors++;
	if (e->message && strstr(e->message, "Excessive depth"))
		st->depth_error = 1;
}

/* WHATWG: iso-8859-1 and us-ascii labels mean windows-1252 */
const char *
extract_charset(const char *charset)
{
	static const char *const latin1[] = {
		"iso-8859-1", "iso8859-1", "iso_8859-1", "latin1", "latin-1",
		"l1", "ascii", "us-ascii", "iso-ir-100", "cp819", "ibm819",
		"csisolatin1", "iso_8859-1:1987", "x-cp1252", "cp1252",
		"windows-1252", NULL
	};

	if (charset == NULL || *charset == '\0')
		return "UTF-8";
	for (size_t i = 0; latin1[i]; i++)
		if (strcasecmp(charset, latin1[i]) == 0)
			return "windows-1252";
	if (strcasecmp(charset, "utf8") == 0)
		return "UTF-8";
	return charset;
}

int
extract_charset_known(const char *label)
{
	xmlCharEncodingHandlerPtr h = xmlFindCharEncodingHandler(label);

	if (h == NULL)
		return 0;
	xmlCharEncCloseFunc(h);	/* frees iconv handlers */
	return 1;
}

int
extract_text_checked(char **out, const char *html, size_t len,
    const char *charset, struct err *err)
{
	htmlParserCtxtPtr ctxt = NULL;
	htmlDocPtr doc = NULL;
	struct parse_state st = { 0, 0 };
	struct buf b = BUF_INIT;
	struct writer w = { &b, 0, 0, 0 };
	struct sax x = { &w, &st, 0, 0 };
	xmlStructuredErrorFunc old_fn;
	void *old_ctx;
	const char *enc;
	int rc = 0;

	*out = NULL;
	if (html == NULL || len == 0)
		goto done;
	/* the text is rarely longer than its source: one allocation */
	buf_grow(&b, len < 65536 ? len : 65536);
	/* no markup and no entity: what the HTML parser would produce is the
	 * text itself, whitespace collapsed; skip the parse (hot path: most
	 * feed titles and many descriptions) */
	if ((charset == NULL || strcasecmp(charset, "utf-8") == 0) &&
	    memchr(html, '<', len) == NULL && memchr(html, '&', len) == NULL &&
	    memchr(html, '\0', len) == NULL) {
		if (text_clean(html, len)) {
			w_text(&w, html, len);
			*out = buf_detach(&b, NULL);
			goto out;
		}
		w_clean_text(&w, html, len);
		goto done;
	}
	if (len > INT_MAX) {
		rc = err_set(err, ERR_TOOLARGE, "html document too large");
		goto out;
	}
	enc = extract_charset(charset);
	if (!extract_charset_known(enc))
		enc = "windows-1252";	/* unknown label: never fail on it */
	ctxt = htmlNewParserCtxt();
	if (ctxt == NULL)
		BUG("htmlNewParserCtxt failed");
	sax_setup(ctxt, &x);
	/*
	 * The HTML parser's SAX handler is not SAX2, so libxml2 ignores a
	 * per-context serror: use the (thread-local) structured handler for
	 * the duration of the parse and put the previous one back.
	 */
	old_fn = xmlStructuredError;
	old_ctx = xmlStructuredErrorContext;
	xmlSetStructuredErrorFunc(&st, html_error);
	doc = htmlCtxtReadMemory(ctxt, html, (int)len, NULL, enc,
	    HTML_PARSE_NONET | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING |
	    HTML_PARSE_RECOVER);
	xmlSetStructuredErrorFunc(old_ctx, old_fn);
	if (st.depth_error) {
		rc = err_set(err, ERR_PARSE, "html nested too deeply");
		goto out;
	}
done:
	utf8_repair(&b);
	demoronize(&b);
	*out = buf_detach(&b, NULL);
out:
	if (doc)
		xmlFreeDoc(doc);
	if (ctxt)
		htmlFreeParserCtxt(ctxt);
	buf_release(&b);
	return rc;
}

char *
extract_text(const char *html, size_t len, const char *charset)
{
	char *s = NULL;

	if (extract_text_checked(&s, html, len, charset, NULL) < 0)
		return xstrdup("");
	return s;
}

char *
extract_plain(const char *text, size_t len)
{
	struct buf b = BUF_INIT;
	struct writer w = { &b, 0, 0, 1 };

	if (text == NULL)
		return xstrdup("");
	buf_grow(&b, len < 65536 ? len : 65536);
	if (text_clean(text, len))
		w_text(&w, text, len);
	else
		w_clean_text(&w, text, len);
	return buf_detach(&b, NULL);
}

char *
extract_one_line(const char *s)
{
	char *t = extract_plain(s, strlen(s));

	for (char *p = t; *p; p++)
		if (*p == '\n')
			*p = ' ';
	return t;
}
