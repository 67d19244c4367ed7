/* item languages: declared tags in every format, detection, and rules
 * that skip items not written in their languages */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "diag.h"
#include "err.h"
#include "explain.h"
#include "feed.h"
#include "item.h"
#include "lang.h"
#include "match.h"
#include "rules.h"
#include "source.h"
#include "t.h"
#include "util.h"

#define FIXTURE "tests/fixtures/rules/lang"

static const char en_text[] =
	"Starting today, every device enrolled in the private network can "
	"reach every other device directly, without sending its traffic "
	"through a data centre first. The change cuts latency for teams "
	"that work across several offices and makes file transfers faster.";
static const char de_text[] =
	"Ab heute kann jedes Gerät im privaten Netzwerk jedes andere Gerät "
	"direkt erreichen, ohne seinen Datenverkehr zuerst über ein "
	"Rechenzentrum zu schicken. Die Änderung senkt die Latenz für Teams, "
	"die über mehrere Büros hinweg arbeiten.";
static const char ja_text[] =
	"本日より、プライベートネットワークに登録されたすべてのデバイスは、"
	"データセンターを経由せずに他のデバイスへ直接接続できるようになりま"
	"した。この変更により、複数のオフィスにまたがって働くチームの遅延が"
	"短縮され、ファイル転送も高速になります。";

static void
test_lang__normalize(void)
{
	char *s;

	s = lang_normalize("en-US");
	T_EQ_STR(s, "en");
	free(s);
	s = lang_normalize(" DE_at ");
	T_EQ_STR(s, "de");
	free(s);
	s = lang_normalize("fil");
	T_EQ_STR(s, "fil");
	free(s);
	s = lang_normalize("zh-Hans-CN");
	T_EQ_STR(s, "zh");
	free(s);
	T_ASSERT(lang_normalize(NULL) == NULL);
	T_ASSERT(lang_normalize("") == NULL);
	T_ASSERT(lang_normalize("english") == NULL);
	T_ASSERT(lang_normalize("e") == NULL);
	T_ASSERT(lang_normalize("*") == NULL);
	T_ASSERT(lang_code_valid("en"));
	T_ASSERT(lang_code_valid("fil"));
	T_ASSERT(!lang_code_valid("EN"));
	T_ASSERT(!lang_code_valid("en-US"));
	T_ASSERT(!lang_code_valid(""));
	T_ASSERT(lang_same("en-US", "en"));
	T_ASSERT(lang_same("EN", "en"));
	T_ASSERT(!lang_same("en", "eng"));
	T_ASSERT(!lang_same("de", "en"));
	T_ASSERT(!lang_same(NULL, "en"));
}

static void
test_lang__detect(void)
{
	struct lang_guess g;

	lang_detect(&g, "Direct device-to-device paths", en_text);
	T_EQ_STR(g.why, "detected");
	T_ASSERT(g.n >= 1);
	T_EQ_STR(g.cand[0], "en");
	lang_detect(&g, "Direkte Verbindungen zwischen Geräten", de_text);
	T_ASSERT(g.n >= 1);
	T_EQ_STR(g.cand[0], "de");
	lang_detect(&g, NULL, ja_text);
	T_ASSERT(g.n >= 1);
	T_EQ_STR(g.cand[0], "ja");
	T_ASSERT(g.letters >= LANG_MIN_LETTERS);
	/* a title-only item is too short to tell */
	lang_detect(&g, "Zscaler übernimmt ZeroTier", "");
	T_EQ_INT(g.n, 0);
	T_EQ_STR(g.why, "too short");
	T_ASSERT(g.letters < LANG_MIN_LETTERS);
	lang_detect(&g, NULL, NULL);
	T_EQ_INT(g.n, 0);
	/* many letters but few words: junk is not a language */
	lang_detect(&g, "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa! mesh networking",
	    "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!");
	T_EQ_INT(g.n, 0);
	T_EQ_STR(g.why, "too short");
	T_ASSERT(g.letters >= LANG_MIN_LETTERS);
	T_ASSERT(g.words < LANG_MIN_WORDS);
}

static struct itemset
parse(const char *doc)
{
	struct itemset set = ITEMSET_INIT;
	struct err err = ERR_INIT;

	T_EQ_INT(feed_parse(&set, doc, strlen(doc), "https://x.example/",
	    NULL, &err), 0);
	return set;
}

/* declared languages: the item's own first, else the feed's */
static void
test_lang__declared(void)
{
	struct itemset set;
	struct source src;
	struct err err = ERR_INIT;
	static const char rss[] =
	    "<rss version='2.0' xmlns:dc='http://purl.org/dc/elements/1.1/'>"
	    "<channel><title>t</title><language>en-us</language>"
	    "<item><title>a</title><guid>1</guid></item>"
	    "<item><title>b</title><guid>2</guid>"
	    "<dc:language>fr-FR</dc:language></item>"
	    "</channel></rss>";
	static const char atom[] =
	    "<feed xmlns='http://www.w3.org/2005/Atom' xml:lang='en-GB'>"
	    "<title>t</title>"
	    "<entry><id>1</id><title>a</title></entry>"
	    "<entry xml:lang='de'><id>2</id><title>b</title></entry>"
	    "</feed>";
	static const char nolang[] =
	    "<rss version='2.0'><channel><title>t</title>"
	    "<item><title>a</title><guid>1</guid></item></channel></rss>";
	static const char json[] =
	    "{\"version\": \"https://jsonfeed.org/version/1.1\", "
	    "\"title\": \"t\", \"language\": \"en-US\", \"items\": ["
	    "{\"id\": \"1\", \"title\": \"a\"}, "
	    "{\"id\": \"2\", \"title\": \"b\", \"language\": \"ja\"}]}";
	static const char html[] =
	    "<html lang='es'><body><article><h2>a</h2><a href='/a'>x</a>"
	    "</article><article lang='pt-BR'><h2>b</h2><a href='/b'>y</a>"
	    "</article></body></html>";
	static const char gh[] =
	    "{\"jobs\": [{\"id\": 1, \"title\": \"a\", \"language\": \"de\","
	    " \"absolute_url\": \"https://x.example/1\", \"content\": \"x\"}],"
	    " \"meta\": {\"total\": 1}}";

	set = parse(rss);
	T_EQ_STR(set.items[0].lang, "en");
	T_EQ_STR(set.items[1].lang, "fr");
	itemset_release(&set);
	set = parse(atom);
	T_EQ_STR(set.items[0].lang, "en");
	T_EQ_STR(set.items[1].lang, "de");
	itemset_release(&set);
	set = parse(nolang);
	T_ASSERT(set.items[0].lang == NULL);
	itemset_release(&set);
	set = parse(json);
	T_EQ_STR(set.items[0].lang, "en");
	T_EQ_STR(set.items[1].lang, "ja");
	itemset_release(&set);

	memset(&src, 0, sizeof(src));
	src.id = (char *)"h";
	src.kind = KIND_HTML;
	src.url = (char *)"https://x.example/";
	src.items_xpath = (char *)"//article";
	src.title_xpath = (char *)".//h2";
	src.link_xpath = (char *)".//a/@href";
	memset(&set, 0, sizeof(set));
	T_EQ_INT(source_parse(&set, &src, html, strlen(html),
	    "https://x.example/", NULL, &err), 0);
	T_EQ_INT(set.n, 2);
	if (set.n == 2) {
		T_EQ_STR(set.items[0].lang, "es");
		T_EQ_STR(set.items[1].lang, "pt");
	}
	itemset_release(&set);
	src.kind = KIND_GREENHOUSE;
	memset(&set, 0, sizeof(set));
	T_EQ_INT(source_parse(&set, &src, gh, strlen(gh),
	    "https://x.example/", NULL, &err), 0);
	T_EQ_STR(set.n ? set.items[0].lang : NULL, "de");
	itemset_release(&set);
}

/* state lines carry lang and lang_detected, and read back */
static void
test_lang__item_json(void)
{
	struct item it, back;
	struct buf b = BUF_INIT;

	memset(&it, 0, sizeof(it));
	it.id = (char *)"1";
	it.title = (char *)"t";
	it.text = (char *)"";
	it.published = it.updated = TIME_NONE;
	item_json_line(&b, &it);
	T_ASSERT(strstr(b.data, "lang") == NULL);
	buf_reset(&b);
	it.lang = (char *)"de";
	it.lang_detected = 1;
	item_json_line(&b, &it);
	T_CONTAINS(b.data, "\"lang\":\"de\",\"lang_detected\":true");
	T_EQ_INT(item_from_json(&back, b.data, b.len), 0);
	T_EQ_STR(back.lang, "de");
	T_EQ_INT(back.lang_detected, 1);
	item_release(&back);
	buf_release(&b);
}

struct got {
	char	rules[256];
};

static void
collect(const struct match_hit *h, void *payload)
{
	struct got *g = payload;
	size_t n = strlen(g->rules);

	snprintf(g->rules + n, sizeof(g->rules) - n, "%s%s", n ? "," : "",
	    h->rule->id);
}

static void
run(const struct ruleset *rs, const struct match_ctx *ctx, const char *title,
    const char *text, const char *lang, struct got *g)
{
	struct item it;

	memset(&it, 0, sizeof(it));
	memset(g, 0, sizeof(*g));
	it.id = (char *)"i";
	it.title = (char *)title;
	it.text = (char *)text;
	it.lang = (char *)lang;
	it.published = it.updated = TIME_NONE;
	match_item(rs, &it, ctx, collect, g);
}

/* rules/lang: "mesh-en" (default languages), "mesh-any" (any),
 * "mesh-de" (languages: [de]) all match \bmesh\b or \bGerät */
static void
test_lang__gate(void)
{
	static const char *const en[] = { "en", NULL };
	struct diags d = DIAGS_INIT;
	struct ruleset *rs = NULL;
	struct match_info mi;
	struct match_ctx ctx = { "blog", NULL, NULL, en, &mi };
	struct got g;
	struct buf de = BUF_INIT;
	char *out = NULL;
	size_t len = 0;
	FILE *fp;
	struct item it;

	T_EQ_INT(rules_load(&rs, FIXTURE, &d), 0);
	diag_print(&d, stderr);
	diags_release(&d);
	T_ASSERT(rs != NULL);
	if (rs == NULL)
		return;
	buf_addf(&de, "Mesh: %s", de_text);
	/* declared German: only the rules for German or any language */
	run(rs, &ctx, "Mesh für alle", "", "de", &g);
	T_EQ_STR(g.rules, "mesh-any,mesh-de");
	T_EQ_INT(mi.lang_skipped, 1);
	T_EQ_STR(mi.lang, "de");
	T_EQ_INT(mi.detected, 0);
	/* undeclared German, long enough: detected */
	run(rs, &ctx, "Mesh für alle", de.data, NULL, &g);
	T_EQ_STR(g.rules, "mesh-any,mesh-de");
	T_EQ_STR(mi.lang, "de");
	T_EQ_INT(mi.detected, 1);
	/* undeclared English: detected, every rule for English */
	run(rs, &ctx, "A mesh for everyone", en_text, NULL, &g);
	T_EQ_STR(g.rules, "mesh-en,mesh-any");
	T_EQ_STR(mi.lang, "en");
	/* a short title-only item in German is assumed in [en] */
	run(rs, &ctx, "Mesh für alle", "", NULL, &g);
	T_EQ_STR(g.rules, "mesh-en,mesh-any,mesh-de");
	T_ASSERT(mi.lang == NULL);
	/* no hit: no detection at all */
	run(rs, &ctx, "Nothing here", de_text, NULL, &g);
	T_EQ_STR(g.rules, "");
	T_ASSERT(mi.lang == NULL);
	/* without configured languages every rule applies */
	ctx.languages = NULL;
	run(rs, &ctx, "Mesh für alle", "", "de", &g);
	T_EQ_STR(g.rules, "mesh-en,mesh-any,mesh-de");
	ctx.languages = en;
	/* --explain says why */
	memset(&it, 0, sizeof(it));
	it.id = (char *)"i";
	it.title = (char *)"Mesh für alle";
	it.text = de.data;
	it.published = it.updated = TIME_NONE;
	ctx.competitor = "acme";
	fp = open_memstream(&out, &len);
	explain_context(rs, &it, &ctx, fp);
	explain_rules(rs, &it, &ctx, "mesh-en", fp);
	fclose(fp);
	T_CONTAINS(out, "language: de (detected in ");
	T_CONTAINS(out, "not one of [en]");
	T_CONTAINS(out, "rule mesh-en: matches, but not in the item's "
	    "language (de): it is for [en]");
	free(out);
	buf_release(&de);
	rules_free(rs);
}

static void
test_lang__config(void)
{
	struct config *cfg = config_new();

	T_ASSERT(cfg->languages != NULL);
	if (cfg->languages) {
		T_EQ_STR(cfg->languages[0], "en");
		T_ASSERT(cfg->languages[1] == NULL);
	}
	config_free(cfg);
}

T_MAIN(T_CASE(test_lang__normalize),
    T_CASE(test_lang__detect),
    T_CASE(test_lang__declared),
    T_CASE(test_lang__item_json),
    T_CASE(test_lang__gate),
    T_CASE(test_lang__config))
