#include "htmlsrc.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "buf.h"
#include "err.h"
#include "item.h"
#include "util.h"
#include "t.h"

#define FIX "tests/fixtures/html/"
#define BASE "https://www.twingate.com/blog/"

static char *
load(const char *name, size_t *len)
{
	struct err e = ERR_INIT;
	char path[256], *data = NULL;

	snprintf(path, sizeof(path), FIX "%s", name);
	if (read_file(&data, len, path, 0, &e) < 0) {
		fprintf(stderr, "cannot read %s: %s\n", path, e.msg);
		*len = 0;
		return strdup("");
	}
	return data;
}

static int
count_of(const char *hay, const char *needle)
{
	int n = 0;

	for (const char *p = hay; p && (p = strstr(p, needle)) != NULL; p++)
		n++;
	return n;
}

static struct source
html_src(const char *items, const char *title, const char *link,
    const char *date, const char *summary)
{
	struct source s;

	memset(&s, 0, sizeof(s));
	s.id = (char *)"test";
	s.kind = KIND_HTML;
	s.items_xpath = (char *)items;
	s.title_xpath = (char *)title;
	s.link_xpath = (char *)link;
	s.date_xpath = (char *)date;
	s.summary_xpath = (char *)summary;
	return s;
}

static const char *
date_of(const struct item *it, char buf[32])
{
	if (it->published == TIME_NONE)
		return "none";
	fmt_time(buf, it->published);
	return buf;
}

static void
test_htmlsrc__blog_list(void)
{
	struct source src = html_src("//article", "normalize-space(.//h3)",
	    ".//a/@href", ".//time", ".//p");
	struct itemset set = ITEMSET_INIT;
	struct err e = ERR_INIT;
	size_t len;
	char *data = load("blog-list.html", &len), d[32];
	const struct item *it;

	T_EQ_INT(html_items(&set, &src, data, len, BASE, NULL, &e), 0);
	T_EQ_STR(set.kind, "html");
	T_EQ_STR(set.title, "Twingate Blog | Zero Trust Network Access");
	T_EQ_STR(set.link, BASE);
	/* the empty card and the repeated card (same link and title) are
	 * skipped */
	T_EQ_INT(set.n, 5);
	if (set.n != 5)
		goto out;
	it = &set.items[0];
	T_EQ_STR(it->title, "New Business plan pricing");
	T_EQ_STR(it->link, "https://www.twingate.com/blog/ztna-pricing-2026");
	T_ASSERT(it->id == NULL);	/* itemset_finish() derives it */
	T_EQ_STR(date_of(it, d), "2026-09-02T00:00:00Z");
	T_EQ_STR(it->text, "Starting today, Business is $5/user\xe2\x80\xa6");

	it = &set.items[1];
	T_EQ_STR(it->title, "Kubernetes operator GA");
	T_EQ_STR(it->link, "https://www.twingate.com/blog/k8s-operator");
	T_EQ_STR(date_of(it, d), "2026-09-10T00:00:00Z");
	/* no summary: the whole item's text */
	T_EQ_STR(it->text, "Kubernetes operator GA\nSeptember 10, 2026");

	it = &set.items[2];
	T_EQ_STR(it->title, "Why caf\xc3\xa9 Wi\xe2\x80\x91" "Fi needs ZTNA");
	T_EQ_STR(it->link, "https://www.twingate.com/blog/caf%C3%A9-wifi?"
	    "utm=1");
	T_EQ_STR(date_of(it, d), "2026-09-02T00:00:00Z");
	T_EQ_STR(it->text, "Coffee shops and untrusted networks.");

	/* no link: kept, identified later by a hash of the title */
	it = &set.items[3];
	T_EQ_STR(it->title, "Webinar: device posture");
	T_ASSERT(it->link == NULL);
	T_ASSERT(it->id == NULL);
	T_EQ_STR(date_of(it, d), "2026-08-15T00:00:00Z");

	/* a javascript: link is no link */
	it = &set.items[4];
	T_EQ_STR(it->title, "Scripted link");
	T_ASSERT(it->link == NULL);

	itemset_finish(&set);
	T_CONTAINS(set.items[3].id, "sha256:");
	for (size_t i = 0; i < set.n; i++) {
		T_ASSERT(strstr(set.items[i].text, "leak") == NULL);
		T_ASSERT(strstr(set.items[i].text, "track(") == NULL);
		T_ASSERT(strstr(set.items[i].text, ".x{}") == NULL);
		T_ASSERT(utf8_valid(set.items[i].text,
		    strlen(set.items[i].text)));
	}
out:
	itemset_release(&set);
	free(data);
}

static void
test_htmlsrc__defaults(void)
{
	struct source src = html_src("//article", NULL, NULL, NULL, NULL);
	struct source nav = html_src("//nav/a", NULL, NULL, NULL, NULL);
	struct itemset set = ITEMSET_INIT;
	struct err e = ERR_INIT;
	size_t len;
	char *data = load("blog-list.html", &len);

	T_EQ_INT(html_items(&set, &src, data, len, BASE, NULL, &e), 0);
	T_EQ_INT(set.n, 5);
	if (set.n == 5) {
		/* first h1/h2/h3, first a/@href */
		T_EQ_STR(set.items[0].title, "New Business plan pricing");
		T_EQ_STR(set.items[0].link,
		    "https://www.twingate.com/blog/ztna-pricing-2026");
		T_EQ_INT(set.items[0].published, TIME_NONE);
		T_EQ_STR(set.items[3].title, "Webinar: device posture");
		/* the item's text when there is no summary, script-free */
		T_CONTAINS(set.items[0].text, "Sep 2, 2026\nStarting today");
		T_ASSERT(strstr(set.items[0].text, "track") == NULL);
	}
	itemset_release(&set);

	/* items that are links themselves */
	T_EQ_INT(html_items(&set, &nav, data, len, BASE, NULL, &e), 0);
	T_EQ_INT(set.n, 2);
	if (set.n == 2) {
		T_EQ_STR(set.items[0].title, "Home");
		T_EQ_STR(set.items[0].link, "https://www.twingate.com/");
		T_EQ_STR(set.items[1].link, "https://www.twingate.com/pricing");
	}
	itemset_release(&set);
	free(data);
}

static void
test_htmlsrc__no_match_and_bad_xpath(void)
{
	struct source none = html_src("//div[@class='post']", NULL, NULL,
	    NULL, NULL);
	struct source bad = html_src("//article", ".//h3[", NULL, NULL,
	    NULL);
	struct source str = html_src("string(//title)", NULL, NULL, NULL,
	    NULL);
	struct source noitems = html_src(NULL, NULL, NULL, NULL, NULL);
	struct source badfn = html_src("//article", "nosuchfn(.)", NULL, NULL,
	    NULL);
	struct itemset set = ITEMSET_INIT;
	struct err e = ERR_INIT;
	size_t len;
	char *data = load("blog-list.html", &len);

	/* matching nothing is zero items, for the caller to judge */
	T_EQ_INT(html_items(&set, &none, data, len, BASE, NULL, &e), 0);
	T_EQ_INT(set.n, 0);
	itemset_release(&set);

	T_EQ_INT(html_items(&set, &bad, data, len, BASE, NULL, &e),
	    ERR_CONFIG);
	T_CONTAINS(e.msg, "invalid XPath in title: ");
	T_EQ_INT(set.n, 0);
	err_clear(&e);
	/* an expression error is found even when the page is broken */
	T_EQ_INT(html_items(&set, &bad, "", 0, BASE, NULL, &e), ERR_CONFIG);
	err_clear(&e);
	T_EQ_INT(html_items(&set, &str, data, len, BASE, NULL, &e),
	    ERR_CONFIG);
	T_CONTAINS(e.msg, "does not select nodes");
	err_clear(&e);
	T_EQ_INT(html_items(&set, &noitems, data, len, BASE, NULL, &e),
	    ERR_CONFIG);
	err_clear(&e);
	T_EQ_INT(html_items(&set, &badfn, data, len, BASE, NULL, &e),
	    ERR_CONFIG);
	T_CONTAINS(e.msg, "title");
	T_EQ_INT(set.n, 0);
	itemset_release(&set);
	free(data);
}

static void
test_htmlsrc__charset(void)
{
	struct source src = html_src("//li", NULL, NULL, NULL, NULL);
	struct source page = html_src(NULL, NULL, NULL, NULL, NULL);
	struct itemset set = ITEMSET_INIT;
	struct err e = ERR_INIT;
	size_t len;
	char *data = load("latin1.html", &len), *t = NULL;
	const char *nometa = "<p>Don\x92t \x93quote\x94 caf\xe9</p>";

	/* <meta> iso-8859-1 means windows-1252: 0x92 is a quote */
	T_EQ_INT(html_items(&set, &src, data, len, "https://example.com/news/",
	    NULL, &e), 0);
	T_EQ_INT(set.n, 2);
	if (set.n == 2) {
		T_EQ_STR(set.items[0].title,
		    "Don\xe2\x80\x99t miss caf\xc3\xa9 news");
		T_EQ_STR(set.items[0].link, "https://example.com/news/a.html");
		T_EQ_STR(set.items[1].title, "Second\xe2\x80\xa6");
	}
	T_EQ_STR(set.title, "Caf\xc3\xa9");
	itemset_release(&set);

	/* no declaration and not UTF-8: windows-1252 */
	T_EQ_INT(page_text(&t, &page, nometa, strlen(nometa), NULL, &e), 0);
	T_EQ_STR(t, "Don\xe2\x80\x99t \xe2\x80\x9cquote\xe2\x80\x9d "
	    "caf\xc3\xa9");
	free(t);
	/* the HTTP charset wins over the default */
	T_EQ_INT(page_text(&t, &page, nometa, strlen(nometa), "ISO-8859-1",
	    &e), 0);
	T_CONTAINS(t, "Don\xe2\x80\x99t");
	free(t);
	/* a BOM wins over everything */
	T_EQ_INT(page_text(&t, &page, "\xef\xbb\xbf<p>caf\xc3\xa9</p>", 11,
	    "iso-8859-1", &e), 0);
	T_EQ_STR(t, "caf\xc3\xa9");
	free(t);
	/* UTF-8 bytes without a declaration stay UTF-8 */
	T_EQ_INT(page_text(&t, &page, "<p>caf\xc3\xa9</p>", 12, NULL, &e), 0);
	T_EQ_STR(t, "caf\xc3\xa9");
	free(t);
	free(data);
}

static void
test_htmlsrc__base_href(void)
{
	const char *html = "<html><head><base href=\"https://cdn.example.org/"
	    "posts/\"></head><body><div class=i><a href=\"one\">One</a></div>"
	    "<div class=i><a href=\"../two\">Two</a></div></body></html>";
	struct source src = html_src("//div[@class='i']", NULL, NULL, NULL,
	    NULL);
	struct itemset set = ITEMSET_INIT;
	struct err e = ERR_INIT;

	T_EQ_INT(html_items(&set, &src, html, strlen(html),
	    "https://example.org/", NULL, &e), 0);
	T_EQ_INT(set.n, 2);
	if (set.n == 2) {
		T_EQ_STR(set.items[0].link, "https://cdn.example.org/posts/one");
		T_EQ_STR(set.items[1].link, "https://cdn.example.org/two");
	}
	itemset_release(&set);
}

static void
test_htmlsrc__dates(void)
{
	static const struct {
		const char	*in, *want;
	} cases[] = {
		{ "Sep 2, 2026", "2026-09-02T00:00:00Z" },
		{ "September 2, 2026", "2026-09-02T00:00:00Z" },
		{ "2 Sep 2026", "2026-09-02T00:00:00Z" },
		{ "Published: March 3rd, 2026", "2026-03-03T00:00:00Z" },
		{ "Sept. 4, 2026 &middot; 5 min read", "2026-09-04T00:00:00Z" },
		{ "29 February 2028", "2028-02-29T00:00:00Z" },
		{ "2026-09-02T10:00:00-04:00", "2026-09-02T14:00:00Z" },
		{ "Feb 29, 2027", "none" },
		{ "Sep 31, 2026", "none" },
		{ "Posted 30+ Days Ago", "none" },
		{ "Q3 2026", "none" },
	};
	struct source src = html_src("//li", "string(.)", NULL,
	    "string(.)", NULL);

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct itemset set = ITEMSET_INIT;
		struct err e = ERR_INIT;
		struct buf b = BUF_INIT;
		char d[32];

		buf_addf(&b, "<ul><li>%s</li></ul>", cases[i].in);
		T_EQ_INT(html_items(&set, &src, b.data, b.len, BASE, NULL,
		    &e), 0);
		T_EQ_INT(set.n, 1);
		if (set.n == 1)
			T_EQ_STR(date_of(&set.items[0], d), cases[i].want);
		buf_release(&b);
		itemset_release(&set);
	}
}

static void
test_htmlsrc__deep_nesting(void)
{
	struct source src = html_src("//div", NULL, NULL, NULL, NULL);
	struct source page = html_src(NULL, NULL, NULL, NULL, NULL);
	struct itemset set = ITEMSET_INIT;
	struct err e = ERR_INIT;
	struct buf b = BUF_INIT;
	char *t = NULL;

	buf_addstr(&b, "<html><body><p>before</p>");
	for (int i = 0; i < 100000; i++)
		buf_addstr(&b, "<div>");
	buf_addstr(&b, "deep");
	T_EQ_INT(html_items(&set, &src, b.data, b.len, BASE, NULL, &e),
	    ERR_PARSE);
	T_CONTAINS(e.msg, "nested too deeply");
	T_EQ_INT(set.n, 0);
	err_clear(&e);
	T_EQ_INT(page_text(&t, &page, b.data, b.len, NULL, &e), ERR_PARSE);
	T_ASSERT(t == NULL);
	/* an empty document is a failure too, never an empty page */
	T_EQ_INT(page_text(&t, &page, "", 0, NULL, &e), ERR_PARSE);
	T_ASSERT(t == NULL);
	buf_release(&b);
	itemset_release(&set);
}

static void
test_htmlsrc__xpath_limit(void)
{
	/* n^2 work: every node counts all nodes */
	struct source src = html_src("//p[count(//p) > 1]", NULL, NULL, NULL,
	    NULL);
	struct itemset set = ITEMSET_INIT;
	struct err e = ERR_INIT;
	struct buf b = BUF_INIT;
	time_t t0 = time(NULL);

	buf_addstr(&b, "<html><body>");
	for (int i = 0; i < 20000; i++)
		buf_addstr(&b, "<p>x</p>");
	T_EQ_INT(html_items(&set, &src, b.data, b.len, BASE, NULL, &e),
	    ERR_LIMIT);
	T_CONTAINS(e.msg, "items");
	T_ASSERT(time(NULL) - t0 < 20);
	T_EQ_INT(set.n, 0);
	buf_release(&b);
	itemset_release(&set);
}

static void
test_htmlsrc__page_text(void)
{
	struct source mainsel = html_src(NULL, NULL, NULL, NULL, NULL);
	struct source body = html_src(NULL, NULL, NULL, NULL, NULL);
	struct source nested = html_src(NULL, NULL, NULL, NULL, NULL);
	struct source none = html_src(NULL, NULL, NULL, NULL, NULL);
	struct source str = html_src(NULL, NULL, NULL, NULL, NULL);
	struct err e = ERR_INIT;
	size_t len;
	char *data = load("product.html", &len), *t = NULL;

	mainsel.kind = body.kind = nested.kind = none.kind = KIND_PAGE;
	mainsel.select_xpath = (char *)"//main";
	nested.select_xpath = (char *)"//main | //section[@class='plans']";
	none.select_xpath = (char *)"//div[@id='pricing']";
	str.select_xpath = (char *)"concat('plans: ', count(//li))";

	T_EQ_INT(page_text(&t, &mainsel, data, len, NULL, &e), 0);
	T_EQ_STR(t, "Zero Trust Platform\nPlans\nFree: up to 50 users\n"
	    "Teams: $7 per user\nEnterprise: contact sales\nFeatures\n"
	    "Device posture checks");
	free(t);

	T_EQ_INT(page_text(&t, &body, data, len, NULL, &e), 0);
	T_CONTAINS(t, "Cookie banner text");
	T_CONTAINS(t, "Products Pricing Docs");
	T_ASSERT(strstr(t, "pricing =") == NULL);
	T_ASSERT(strstr(t, "Enable JavaScript") == NULL);
	T_ASSERT(strstr(t, "hidden template") == NULL);
	free(t);

	/* a node inside an already selected node is not repeated */
	T_EQ_INT(page_text(&t, &nested, data, len, NULL, &e), 0);
	T_EQ_INT(count_of(t, "Teams: $7"), 1);
	T_EQ_INT(count_of(t, "Device posture"), 1);
	free(t);

	T_EQ_INT(page_text(&t, &none, data, len, NULL, &e), ERR_SCHEMA);
	T_CONTAINS(e.msg, "matched nothing");
	T_ASSERT(t == NULL);

	T_EQ_INT(page_text(&t, &str, data, len, NULL, &e), 0);
	T_EQ_STR(t, "plans: 3");
	free(t);
	free(data);
}

static void
test_htmlsrc__page_added(void)
{
	char *s;

	s = page_added("a\nb\nc", "a\nb\nnew line\nc\nanother");
	T_EQ_STR(s, "new line\nanother");
	free(s);
	/* re-ordered: nothing new */
	s = page_added("one\ntwo\nthree", "three\none\ntwo");
	T_EQ_STR(s, "");
	free(s);
	/* a duplicated line counts once more */
	s = page_added("Teams: $7\nFree", "Free\nTeams: $7\nTeams: $7");
	T_EQ_STR(s, "Teams: $7");
	free(s);
	/* whitespace and blank lines are ignored */
	s = page_added("  Teams:   $7 per user\n\nFree",
	    "Teams: $7\tper user  \n\n\n   \nFree\r\n");
	T_EQ_STR(s, "");
	free(s);
	/* a removed line is not reported; changed lines are */
	s = page_added("Teams: $7\nFree", "Teams: $8");
	T_EQ_STR(s, "Teams: $8");
	free(s);
	/* no old text: everything, normalised */
	s = page_added(NULL, " a  b \n\nc");
	T_EQ_STR(s, "a b\nc");
	free(s);
	s = page_added("x", "");
	T_EQ_STR(s, "");
	free(s);
}

static void
test_htmlsrc__page_added_large(void)
{
	struct buf a = BUF_INIT, b = BUF_INIT;
	clock_t c0;
	double secs;
	char *s;

	for (int i = 0; i < 100000; i++) {
		buf_addf(&a, "line number %d of the old page\n", i);
		/* the new page: reversed, plus one new line */
		buf_addf(&b, "line number %d of the old page\n", 99999 - i);
	}
	buf_addstr(&b, "a brand new line\n");
	c0 = clock();
	s = page_added(a.data, b.data);
	secs = (double)(clock() - c0) / CLOCKS_PER_SEC;
	T_EQ_STR(s, "a brand new line");
	T_ASSERT(secs < 2.0);
	free(s);
	buf_release(&a);
	buf_release(&b);
}

T_MAIN(
	T_CASE(test_htmlsrc__blog_list),
	T_CASE(test_htmlsrc__defaults),
	T_CASE(test_htmlsrc__no_match_and_bad_xpath),
	T_CASE(test_htmlsrc__charset),
	T_CASE(test_htmlsrc__base_href),
	T_CASE(test_htmlsrc__dates),
	T_CASE(test_htmlsrc__deep_nesting),
	T_CASE(test_htmlsrc__xpath_limit),
	T_CASE(test_htmlsrc__page_text),
	T_CASE(test_htmlsrc__page_added),
	T_CASE(test_htmlsrc__page_added_large)
)
