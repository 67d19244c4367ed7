#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "buf.h"
#include "err.h"
#include "feed.h"
#include "item.h"
#include "util.h"
#include "t.h"

#define FIX "tests/fixtures/feeds/"
#define BASE "https://acme.example/feeds/x.xml"

static char *
ts(int64_t t)
{
	static char s[4][32];
	static int i;

	i = (i + 1) % 4;
	if (t == TIME_NONE)
		return NULL;
	fmt_time(s[i], t);
	return s[i];
}

static int
parse_file(struct itemset *s, const char *name, const char *charset,
    struct err *e)
{
	char path[256], *data = NULL;
	size_t len = 0;
	int rc;

	snprintf(path, sizeof(path), FIX "%s", name);
	if (read_file(&data, &len, path, 0, e) < 0) {
		fprintf(stderr, "cannot read %s: %s\n", path, e->msg);
		return -100;
	}
	rc = feed_parse(s, data, len, BASE, charset, e);
	free(data);
	return rc;
}

static void
test_feed__rss20(void)
{
	struct itemset s = ITEMSET_INIT;
	struct err e = ERR_INIT;
	struct item *it;

	T_EQ_INT(parse_file(&s, "rss20.xml", NULL, &e), 0);
	T_EQ_STR(s.kind, "rss20");
	T_EQ_STR(s.title, "Acme Blog");
	T_EQ_STR(s.link, "https://acme.example/blog/");
	T_EQ_INT(s.n, 2);
	if (s.n != 2)
		goto out;
	it = &s.items[0];
	T_EQ_STR(it->id, "acme-post-1");
	T_EQ_STR(it->title, "Introducing mesh networking");
	T_EQ_STR(it->link, "https://acme.example/blog/mesh");
	T_EQ_STR(ts(it->published), "2003-06-10T04:00:00Z");
	T_EQ_STR(ts(it->updated), "2003-06-11T06:30:00Z");	/* dc:date */
	T_EQ_STR(it->author, "Jane Doe");
	T_EQ_INT(it->ncategories, 2);
	if (it->ncategories == 2) {
		T_EQ_STR(it->categories[0], "Product");
		T_EQ_STR(it->categories[1], "Networking news");
	}
	/* content:encoded wins over description; script dropped */
	T_EQ_STR(it->text, "Full mesh text\nsecond");
	it = &s.items[1];
	T_EQ_STR(it->id, "https://acme.example/p/2");
	T_EQ_STR(it->title, "Plain & simple");
	T_EQ_STR(it->link, "https://acme.example/p/2");	/* permalink guid */
	T_ASSERT(it->published == TIME_NONE && it->updated == TIME_NONE);
	T_ASSERT(it->author == NULL);
	T_EQ_STR(it->text, "Only a summary");
out:
	itemset_release(&s);
}

static void
test_feed__atom10_xml_base(void)
{
	struct itemset s = ITEMSET_INIT;
	struct err e = ERR_INIT;
	struct item *it;

	T_EQ_INT(parse_file(&s, "atom10-base.xml", NULL, &e), 0);
	T_EQ_STR(s.kind, "atom10");
	T_EQ_STR(s.title, "Acme News");
	T_EQ_STR(s.link, "https://acme.example/news/index.html");
	T_EQ_INT(s.n, 2);
	if (s.n != 2)
		goto out;
	it = &s.items[0];
	T_EQ_STR(it->id, "tag:acme.example,2024:1");
	/* type=text: the entities are text, not markup */
	T_EQ_STR(it->title, "Zero <trust> & more");
	/* nested xml:base; enclosure and pdf alternates ignored */
	T_EQ_STR(it->link, "https://acme.example/news/2024/one.html");
	T_EQ_STR(ts(it->published), "2024-03-01T10:00:00Z");
	T_EQ_STR(ts(it->updated), "2024-03-02T16:30:00Z");
	T_EQ_STR(it->author, "Ann (ann@acme.example)");
	T_EQ_INT(it->ncategories, 1);
	if (it->ncategories == 1)
		T_EQ_STR(it->categories[0], "zero-trust");
	/* xhtml content: markup read once; escaped markup stays text */
	T_EQ_STR(it->text, "Hello mesh world\n<script>kept as text</script>");
	it = &s.items[1];
	T_EQ_STR(it->link, "https://other.example/abs/two");
	T_EQ_STR(it->text, "Just text, <b>not</b> markup");
	T_ASSERT(it->author == NULL);	/* no inheritance of feed author */
out:
	itemset_release(&s);
}

static void
test_feed__rdf(void)
{
	struct itemset s = ITEMSET_INIT;
	struct err e = ERR_INIT;

	T_EQ_INT(parse_file(&s, "rdf.rdf", NULL, &e), 0);
	T_EQ_STR(s.kind, "rss10");
	T_EQ_STR(s.title, "Acme RDF");
	T_EQ_INT(s.n, 1);
	if (s.n == 1) {
		T_EQ_STR(s.items[0].id, "https://acme.example/r/1");
		T_EQ_STR(s.items[0].title, "RDF item");
		T_EQ_STR(s.items[0].link, "https://acme.example/r/1");
		T_EQ_STR(ts(s.items[0].updated), "2004-01-02T03:04:05Z");
		T_ASSERT(s.items[0].published == TIME_NONE);
		T_EQ_STR(s.items[0].text, "An RDF description");
		T_EQ_INT(s.items[0].ncategories, 1);
	}
	itemset_release(&s);
}

static void
test_feed__jsonfeed11(void)
{
	struct itemset s = ITEMSET_INIT;
	struct err e = ERR_INIT;
	struct item *it;

	T_EQ_INT(parse_file(&s, "jsonfeed11.json", NULL, &e), 0);
	T_EQ_STR(s.kind, "json11");
	T_EQ_STR(s.title, "Acme JSON");
	T_EQ_STR(s.link, "https://acme.example/");
	T_EQ_INT(s.n, 2);
	if (s.n != 2)
		goto out;
	it = &s.items[0];
	T_EQ_STR(it->id, "42");		/* number -> string */
	T_EQ_STR(it->title, "JSON item");
	T_EQ_STR(it->link, "https://acme.example/j/42");
	T_EQ_STR(ts(it->published), "2024-05-06T06:08:09Z");
	T_EQ_STR(ts(it->updated), "2024-05-07T00:00:00Z");
	T_EQ_STR(it->author, "Bob");
	T_EQ_INT(it->ncategories, 2);
	T_EQ_STR(it->text, "Hello JSON");
	it = &s.items[1];
	T_EQ_STR(it->id, "x");
	T_EQ_STR(it->title, "");
	T_ASSERT(it->link == NULL);
	T_EQ_STR(it->text, "plain <b>text</b>");	/* content_text */
out:
	itemset_release(&s);
}

static void
test_feed__json_errors(void)
{
	struct itemset s = ITEMSET_INIT;
	struct err e = ERR_INIT;
	const char dup[] = "{\"version\":\"https://jsonfeed.org/version/1\","
	    "\"items\":[],\"items\":[]}";
	const char trunc[] = "{\"version\":\"https://jsonfeed.org/version/1\","
	    "\"items\":[{\"id\":\"1\"";
	const char noitems[] = "{\"rss\":{\"channel\":{}}}";

	T_EQ_INT(feed_parse(&s, dup, sizeof(dup) - 1, NULL, NULL, &e),
	    ERR_PARSE);
	T_CONTAINS(e.msg, "duplicate");
	T_EQ_INT(feed_parse(&s, trunc, sizeof(trunc) - 1, NULL, NULL, &e),
	    ERR_PARSE);
	T_EQ_INT(feed_parse(&s, noitems, sizeof(noitems) - 1, NULL, NULL, &e),
	    ERR_PARSE);
	T_EQ_INT(s.n, 0);
}

static void
test_feed__cdata_html(void)
{
	struct itemset s = ITEMSET_INIT;
	struct err e = ERR_INIT;

	T_EQ_INT(parse_file(&s, "cdata-html.xml", NULL, &e), 0);
	T_EQ_INT(s.n, 1);
	if (s.n == 1) {
		T_EQ_STR(s.items[0].title, "Service mesh launch");
		/* no attribute values, no comment, li are lines */
		T_EQ_STR(s.items[0].text, "Hi there\none\ntwo");
		/* not a URL: no link made up from the guid */
		T_ASSERT(s.items[0].link == NULL);
	}
	itemset_release(&s);
}

static void
test_feed__double_escaped(void)
{
	struct itemset s = ITEMSET_INIT;
	struct err e = ERR_INIT;

	T_EQ_INT(parse_file(&s, "double-escaped.xml", NULL, &e), 0);
	T_EQ_INT(s.n, 1);
	if (s.n == 1) {
		/* XML gives "AT&amp;T &lt;b&gt;", HTML decodes once */
		T_EQ_STR(s.items[0].title, "AT&T <b>");
		/* never "until stable": the script stays visible text */
		T_EQ_STR(s.items[0].text, "<script>alert(1)</script>");
	}
	itemset_release(&s);
}

static void
test_feed__xxe_refused(void)
{
	struct itemset s = ITEMSET_INIT;
	struct err e = ERR_INIT;

	T_EQ_INT(parse_file(&s, "xxe.xml", NULL, &e), ERR_POLICY);
	T_CONTAINS(e.msg, "entities");
	T_ASSERT(strstr(e.msg, "root:") == NULL);
	T_EQ_INT(s.n, 0);
	T_ASSERT(s.items == NULL && s.title == NULL);
}

static void
test_feed__billion_laughs_fast(void)
{
	struct itemset s = ITEMSET_INIT;
	struct err e = ERR_INIT;
	struct timespec a, b;
	int rc;
	double secs;

	clock_gettime(CLOCK_MONOTONIC, &a);
	rc = parse_file(&s, "billion-laughs.xml", NULL, &e);
	clock_gettime(CLOCK_MONOTONIC, &b);
	secs = (double)(b.tv_sec - a.tv_sec) + (b.tv_nsec - a.tv_nsec) / 1e9;
	T_ASSERT(rc == ERR_POLICY || rc == ERR_PARSE);
	T_ASSERT(secs < 2.0);
	T_EQ_INT(s.n, 0);
}

static void
test_feed__external_dtd_no_network(void)
{
	struct itemset s = ITEMSET_INIT;
	struct err e = ERR_INIT;
	struct sockaddr_in sa;
	socklen_t sl = sizeof(sa);
	struct buf doc = BUF_INIT;
	int fd, c, rc;

	fd = socket(AF_INET, SOCK_STREAM, 0);
	T_ASSERT(fd >= 0);
	memset(&sa, 0, sizeof(sa));
	sa.sin_family = AF_INET;
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	T_EQ_INT(bind(fd, (struct sockaddr *)&sa, sizeof(sa)), 0);
	T_EQ_INT(listen(fd, 4), 0);
	T_EQ_INT(getsockname(fd, (struct sockaddr *)&sa, &sl), 0);
	fcntl(fd, F_SETFL, O_NONBLOCK);
	buf_addf(&doc, "<?xml version=\"1.0\"?>\n<!DOCTYPE rss SYSTEM "
	    "\"http://127.0.0.1:%d/evil.dtd\">\n<rss version=\"2.0\"><channel>"
	    "<item><guid>n1</guid><title>no &amp; net</title></item>"
	    "</channel></rss>", ntohs(sa.sin_port));
	rc = feed_parse(&s, doc.data, doc.len, NULL, NULL, &e);
	T_EQ_INT(rc, 0);
	T_EQ_INT(s.n, 1);
	if (s.n == 1)
		T_EQ_STR(s.items[0].title, "no & net");
	c = accept(fd, NULL, NULL);
	T_ASSERT(c < 0 && (errno == EAGAIN || errno == EWOULDBLOCK));
	if (c >= 0)
		close(c);
	close(fd);
	buf_release(&doc);
	itemset_release(&s);
}

static void
one_title(const char *file, const char *charset, const char *want)
{
	struct itemset s = ITEMSET_INIT;
	struct err e = ERR_INIT;

	T_EQ_INT(parse_file(&s, file, charset, &e), 0);
	T_EQ_INT(s.n, 1);
	if (s.n == 1) {
		T_EQ_STR(s.items[0].title, want);
		T_ASSERT(utf8_valid(s.items[0].title,
		    strlen(s.items[0].title)));
	}
	itemset_release(&s);
}

static void
test_feed__encodings(void)
{
	/* cp1252 bytes in a document declared UTF-8; UTF-8 kept */
	one_title("cp1252-declared-utf8.xml", NULL,
	    "don\xe2\x80\x99t caf\xc3\xa9 \xe2\x82\xac");
	/* BOM beats the declaration */
	one_title("bom-vs-decl.xml", NULL, "caf\xc3\xa9");
	/* declared ISO-8859-1 is read as windows-1252 */
	one_title("latin1-declared.xml", NULL, "caf\xc3\xa9 don\xe2\x80\x99t");
	/* HTTP charset beats the declaration */
	one_title("bom-vs-decl.xml", "iso-8859-1", "caf\xc3\xa9");
	one_title("latin1-declared.xml", "utf-8",
	    "caf\xc3\xa9 don\xe2\x80\x99t");
}

static void
test_feed__recovery(void)
{
	/* newline and spaces before <?xml */
	one_title("junk-before-xml.xml", NULL, "junk before");
	/* HTML named entities without a DTD, truncated document */
	one_title("html-entities.xml", NULL,
	    "wait\xe2\x80\xa6 \xe2\x80\x94 done");
}

static void
test_feed__not_a_feed(void)
{
	struct itemset s = ITEMSET_INIT;
	struct err e = ERR_INIT;
	const char html[] = "<html><body><p>hi</p></body></html>";
	const char junk[] = "just text";

	T_EQ_INT(feed_parse(&s, html, sizeof(html) - 1, NULL, NULL, &e),
	    ERR_PARSE);
	T_CONTAINS(e.msg, "not a feed");
	T_EQ_INT(feed_parse(&s, junk, sizeof(junk) - 1, NULL, NULL, &e),
	    ERR_PARSE);
	T_EQ_INT(feed_parse(&s, "", 0, NULL, NULL, &e), ERR_PARSE);
}

static void
test_feed__deep_nesting(void)
{
	struct itemset s = ITEMSET_INIT;
	struct err e = ERR_INIT;
	struct buf b = BUF_INIT;

	buf_addstr(&b, "<rss version=\"2.0\"><channel><item><title>");
	for (int i = 0; i < 5000; i++)
		buf_addstr(&b, "<a>");
	T_ASSERT(feed_parse(&s, b.data, b.len, NULL, NULL, &e) < 0);
	T_EQ_INT(s.n, 0);
	buf_release(&b);
}

static void
test_feed__missing_id(void)
{
	struct itemset s = ITEMSET_INIT;
	struct err e = ERR_INIT;
	const char doc[] = "<rss version=\"2.0\"><channel>"
	    "<item><title>a</title><link>https://x.example/a</link></item>"
	    "<item><title>b</title></item></channel></rss>";

	T_EQ_INT(feed_parse(&s, doc, sizeof(doc) - 1, NULL, NULL, &e), 0);
	T_EQ_INT(s.n, 2);
	if (s.n == 2) {
		/* a link no other item has is the id, as it always was */
		T_EQ_STR(s.items[0].id, "https://x.example/a");
		T_EQ_INT(s.items[0].id_from_link, 1);
		T_ASSERT(s.items[0].legacy_id == NULL);
		T_ASSERT(strncmp(s.items[1].id, "sha256:", 7) == 0);
		T_ASSERT(strncmp(s.items[1].legacy_id, "sha256:", 7) == 0);
		T_ASSERT(strcmp(s.items[1].id, s.items[1].legacy_id) != 0);
	}
	itemset_release(&s);
}

/* only http(s) links; the rest is kept as text (issue 13 item 14) */
static void
test_feed__http_links_only(void)
{
	static const char doc[] =
	    "<feed xmlns='http://www.w3.org/2005/Atom'><title>t</title>"
	    "<link href='gopher://example.com/'/>"
	    "<entry xml:base='javascript://example.com/%0Aalert(1)//'>"
	    "<title>a</title><id>a</id><link href='x'/></entry>"
	    "<entry><title>b</title><id>b</id><content>body</content>"
	    "<link href='FILE:///etc/passwd'/></entry>"
	    "<entry><title>c</title><id>c</id>"
	    "<link href='HTTPS://Example.com/c'/></entry>"
	    "<entry><title>d</title><id>d</id><link href='/d'/></entry>"
	    "</feed>";
	struct itemset s = ITEMSET_INIT;
	struct err e = ERR_INIT;

	T_EQ_INT(feed_parse(&s, doc, sizeof(doc) - 1,
	    "https://feeds.example.com/f", NULL, &e), 0);
	T_ASSERT(s.link == NULL);
	T_EQ_INT(s.n, 4);
	if (s.n != 4)
		goto out;
	T_ASSERT(s.items[0].link == NULL);
	T_EQ_STR(s.items[0].text,
	    "javascript://example.com/%0Aalert(1)//x");
	T_ASSERT(s.items[1].link == NULL);
	T_EQ_STR(s.items[1].text, "body\nFILE:///etc/passwd");
	T_EQ_STR(s.items[2].link, "HTTPS://Example.com/c");
	T_EQ_STR(s.items[3].link, "https://feeds.example.com/d");
out:
	itemset_release(&s);
}

/* issue 13 item 12: items that share a link, or have neither guid, link
 * nor date, no longer share an identity; the same item keeps its id */
static void
test_feed__identity(void)
{
	struct itemset s = ITEMSET_INIT, t = ITEMSET_INIT;
	struct err e = ERR_INIT;
	const char doc[] = "<rss version=\"2.0\"><channel>"
	    "<item><title>a</title><link>https://x.example/l</link></item>"
	    "<item><title>b</title><link>https://x.example/l</link></item>"
	    "<item><title>b</title><link>https://x.example/l</link>"
	    "<pubDate>Tue, 01 Sep 2026 10:00:00 GMT</pubDate></item>"
	    "<item><title>c</title><description>one</description></item>"
	    "<item><title>c</title><description>two</description></item>"
	    "<item><description>three</description></item>"
	    "<item><guid>g</guid><link>https://x.example/l</link></item>"
	    "</channel></rss>";

	T_EQ_INT(feed_parse(&s, doc, sizeof(doc) - 1, NULL, NULL, &e), 0);
	T_EQ_INT(feed_parse(&t, doc, sizeof(doc) - 1, NULL, NULL, &e), 0);
	T_EQ_INT(s.n, 7);
	for (size_t i = 0; i < s.n && s.n == t.n; i++) {
		T_EQ_STR(s.items[i].id, t.items[i].id);	/* stable */
		for (size_t j = 0; j < i; j++)
			T_ASSERT(strcmp(s.items[i].id, s.items[j].id) != 0);
	}
	if (s.n == 7) {
		T_EQ_STR(s.items[6].id, "g");
		T_ASSERT(s.items[6].legacy_id == NULL);
		/* the old rule collapsed these */
		T_EQ_STR(s.items[0].legacy_id, s.items[1].legacy_id);
		T_EQ_STR(s.items[3].legacy_id, s.items[4].legacy_id);
	}
	itemset_release(&s);
	itemset_release(&t);
}

T_MAIN(T_CASE(test_feed__http_links_only),
    T_CASE(test_feed__rss20), T_CASE(test_feed__atom10_xml_base),
    T_CASE(test_feed__rdf), T_CASE(test_feed__jsonfeed11),
    T_CASE(test_feed__identity),
    T_CASE(test_feed__json_errors), T_CASE(test_feed__cdata_html),
    T_CASE(test_feed__double_escaped), T_CASE(test_feed__xxe_refused),
    T_CASE(test_feed__billion_laughs_fast),
    T_CASE(test_feed__external_dtd_no_network),
    T_CASE(test_feed__encodings), T_CASE(test_feed__recovery),
    T_CASE(test_feed__not_a_feed), T_CASE(test_feed__deep_nesting),
    T_CASE(test_feed__missing_id))
