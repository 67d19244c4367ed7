#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "err.h"
#include "extract.h"
#include "util.h"
#include "t.h"

static char *
ex(const char *html)
{
	return extract_text(html, strlen(html), NULL);
}

#define T_EXTRACT(html, want) do {					\
	char *t_s = ex(html);						\
	T_EQ_STR(t_s, want);						\
	free(t_s);							\
} while (0)

static void
test_extract__inline_adds_nothing(void)
{
	T_EXTRACT("mesh <b>networking</b>", "mesh networking");
	T_EXTRACT("mesh<b>net</b>working", "meshnetworking");
	T_EXTRACT("<p>a <a href=\"x\">link</a> <em>here</em>, <span>ok</span></p>",
	    "a link here, ok");
}

static void
test_extract__blocks_break_lines(void)
{
	T_EXTRACT("<p>one</p><p>two</p>", "one\ntwo");
	T_EXTRACT("a<br>b<br/>c", "a\nb\nc");
	T_EXTRACT("<ul><li>x</li><li>y</li></ul>after", "x\ny\nafter");
	T_EXTRACT("<h1>Title</h1>body<div>d</div>", "Title\nbody\nd");
	T_EXTRACT("<table><tr><td>1</td><td>2</td></tr></table>", "1\n2");
	/* blank lines collapse, lines are trimmed */
	T_EXTRACT("<p>  a  </p><p> </p><br><br><div>\n\n b \t c </div>",
	    "a\nb c");
}

static void
test_extract__dropped(void)
{
	T_EXTRACT("Hello <script>alert(1)</script>world", "Hello world");
	T_EXTRACT("a<style>p { color: red }</style>b", "ab");
	T_EXTRACT("a<template><p>hidden</p></template>b", "ab");
	T_EXTRACT("a<noscript>enable js</noscript>b", "ab");
	T_EXTRACT("a<!-- secret comment -->b", "ab");
	T_EXTRACT("<html><head><script>var secret=1;</script>"
	    "<style>body{}</style></head><body>Hello</body></html>", "Hello");
}

static void
test_extract__no_attributes(void)
{
	T_EXTRACT("<a href=\"http://evil/\" title=\"mesh vpn\">x</a>"
	    "<img alt=\"service mesh\" src=\"y\">", "x");
}

static void
test_extract__entities(void)
{
	T_EXTRACT("AT&amp;T &lt;b&gt; &#169; &#x263A; &eacute;",
	    "AT&T <b> \xc2\xa9 \xe2\x98\xba \xc3\xa9");
	/* decoded exactly once */
	T_EXTRACT("&amp;lt;script&amp;gt;", "&lt;script&gt;");
	T_EXTRACT("mesh&nbsp;networking", "mesh\xc2\xa0networking");
}

static void
test_extract__pre_keeps_lines(void)
{
	T_EXTRACT("<pre>a\nb  c\n\nd</pre>", "a\nb c\nd");
}

static void
test_extract__empty(void)
{
	char *s = extract_text("", 0, NULL);

	T_EQ_STR(s, "");
	free(s);
	s = extract_text(NULL, 0, NULL);
	T_EQ_STR(s, "");
	free(s);
	T_EXTRACT("<p></p>   <div> </div>", "");
}

static void
test_extract__deep_nesting(void)
{
	struct buf b = BUF_INIT;
	struct err e = ERR_INIT;
	char *s = (char *)1;
	int rc;

	for (int i = 0; i < 2000; i++)
		buf_addstr(&b, "<div>");
	buf_addstr(&b, "text");
	rc = extract_text_checked(&s, b.data, b.len, NULL, &e);
	T_EQ_INT(rc, ERR_PARSE);
	T_EQ_INT(e.code, ERR_PARSE);
	T_ASSERT(s == NULL);
	s = extract_text(b.data, b.len, NULL);
	T_EQ_STR(s, "");
	free(s);
	buf_release(&b);

	/* moderately deep is fine */
	for (int i = 0; i < 100; i++)
		buf_addstr(&b, "<span>");
	buf_addstr(&b, "deep text");
	rc = extract_text_checked(&s, b.data, b.len, NULL, &e);
	T_EQ_INT(rc, 0);
	T_EQ_STR(s, "deep text");
	free(s);
	buf_release(&b);
}

/*
 * What libxml2's tree builder did, kept now that the text comes from SAX
 * events: the limit is 256 open elements counting the implied html and
 * body, a prefixed name is its local part, text beside no element is lost.
 */
static void
test_extract__tree_builder_rules(void)
{
	struct buf b = BUF_INIT;
	struct err e = ERR_INIT;
	char *s = NULL;

	for (int i = 0; i < 255; i++)
		buf_addstr(&b, "<span>");
	buf_addstr(&b, "ok");
	T_EQ_INT(extract_text_checked(&s, b.data, b.len, NULL, &e), 0);
	T_EQ_STR(s, "ok");
	free(s);
	buf_reset(&b);
	for (int i = 0; i < 256; i++)
		buf_addstr(&b, "<span>");
	buf_addstr(&b, "too deep");
	T_EQ_INT(extract_text_checked(&s, b.data, b.len, NULL, &e), ERR_PARSE);
	T_ASSERT(s == NULL);
	buf_release(&b);
	T_EXTRACT("<dc:title>a</dc:title>b<x:p>c</x:p>d<x:y:p>e</x:y:p>f",
	    "a\nb\nc\ndef");
	T_EXTRACT("<svg:script>gone</svg:script>kept", "kept");
	T_EXTRACT("<p>a</p></body></html> \n <b>b</b>", "a\nb");
}

static void
test_extract__invalid_utf8(void)
{
	const char in[] = "caf\xe9 \x92quoted\x92 \xff ok \xe2\x82";
	char *s = extract_text(in, sizeof(in) - 1, NULL);

	T_ASSERT(utf8_valid(s, strlen(s)));
	T_CONTAINS(s, "ok");
	free(s);
	s = extract_plain(in, sizeof(in) - 1);
	T_ASSERT(utf8_valid(s, strlen(s)));
	T_CONTAINS(s, "caf\xef\xbf\xbd");
	free(s);
}

static void
test_extract__charsets(void)
{
	const char in[] = "<p>caf\xe9 \x93quoted\x94 \x80</p>";
	char *s;

	s = extract_text(in, sizeof(in) - 1, "windows-1252");
	T_EQ_STR(s, "caf\xc3\xa9 \xe2\x80\x9cquoted\xe2\x80\x9d \xe2\x82\xac");
	free(s);
	/* iso-8859-1 means windows-1252 (WHATWG) */
	s = extract_text(in, sizeof(in) - 1, "ISO-8859-1");
	T_EQ_STR(s, "caf\xc3\xa9 \xe2\x80\x9cquoted\xe2\x80\x9d \xe2\x82\xac");
	free(s);
	s = extract_text(in, sizeof(in) - 1, "no-such-charset");
	T_ASSERT(utf8_valid(s, strlen(s)));
	T_CONTAINS(s, "quoted");
	free(s);
	T_EQ_STR(extract_charset(NULL), "UTF-8");
	T_EQ_STR(extract_charset("us-ascii"), "windows-1252");
	T_EQ_STR(extract_charset("Shift_JIS"), "Shift_JIS");
}

static void
test_extract__plain(void)
{
	char *s = extract_plain("  a \t b \n\n\n c  \x01", 17);

	T_EQ_STR(s, "a b\nc");
	free(s);
	s = extract_plain("<b>not html</b> &amp;", 21);
	T_EQ_STR(s, "<b>not html</b> &amp;");
	free(s);
}

static void
test_extract__large_flat_is_fast(void)
{
	struct buf b = BUF_INIT;
	char *s;

	for (int i = 0; i < 50000; i++)
		buf_addstr(&b, "<p>word <b>bold</b></p>");
	s = extract_text(b.data, b.len, NULL);
	T_EQ_INT(strlen(s), 50000 * 10 - 1);
	free(s);
	buf_release(&b);
}

/* the no-markup fast path gives exactly what the HTML parser gives */
static void
test_extract__plain_fast_path_matches_parser(void)
{
	static const char *const cases[] = {
		"  mesh \n networking  ", "a\tb\r\nc", "caf\xc3\xa9 \xe2\x80\x94 x",
		"bad \xe9 byte", "\xc2\x93quoted\xc2\x94", "", " ", "one",
		"trailing space ", "\n\nlead",
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct buf wrapped = BUF_INIT;
		char *fast, *slow;

		buf_addf(&wrapped, "<span>%s</span>", cases[i]);
		fast = extract_text(cases[i], strlen(cases[i]), NULL);
		slow = extract_text(wrapped.data, wrapped.len, NULL);
		T_EQ_STR(fast, slow);
		free(fast);
		free(slow);
		buf_release(&wrapped);
	}
}

static void
test_extract__one_line(void)
{
	char *t = extract_one_line("  a\n\n b\tc  ");

	T_ASSERT(t != NULL && strchr(t, '\n') == NULL);
	T_CONTAINS(t, "a");
	T_CONTAINS(t, "b c");
	free(t);
}

T_MAIN(
    T_CASE(test_extract__plain_fast_path_matches_parser),T_CASE(test_extract__inline_adds_nothing),
    T_CASE(test_extract__blocks_break_lines),
    T_CASE(test_extract__dropped),
    T_CASE(test_extract__no_attributes),
    T_CASE(test_extract__entities),
    T_CASE(test_extract__pre_keeps_lines),
    T_CASE(test_extract__empty),
    T_CASE(test_extract__deep_nesting),
    T_CASE(test_extract__tree_builder_rules),
    T_CASE(test_extract__invalid_utf8),
    T_CASE(test_extract__charsets),
    T_CASE(test_extract__plain),
    T_CASE(test_extract__large_flat_is_fast),
    T_CASE(test_extract__one_line))
