/* intake.c: field reports as items, the competitors a report may name */
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "intake.h"
#include "util.h"
#include "t.h"

static void
test_intake__field_item(void)
{
	struct item a, b, c;
	const char *text = "  They  asked\tabout \xff VPN\n\n\nreplacement.  ";

	intake_field_item(&a, "cloudflare", " ACME\nRFP:\t pitch ", text,
	    strlen(text), "https://crm.example.com/1", "Dana\n(AE)", TIME_NONE,
	    1790000000);
	T_EQ_STR(a.title, "ACME RFP: pitch");
	T_ASSERT(utf8_valid(a.text, strlen(a.text)));
	T_CONTAINS(a.text, "They asked about");
	T_ASSERT(strstr(a.text, "\n\n") == NULL);
	T_EQ_STR(a.author, "Dana (AE)");
	T_EQ_STR(a.competitor, "cloudflare");
	T_EQ_STR(a.link, "https://crm.example.com/1");
	T_EQ_INT(a.published, 1790000000);
	T_ASSERT(strncmp(a.id, "field:", 6) == 0 && strlen(a.id) == 22);
	/* the same report is the same item, whoever adds it, whenever */
	intake_field_item(&b, "cloudflare", "ACME RFP: pitch", text,
	    strlen(text), "https://crm.example.com/1", "Sam", 1700000000,
	    1790000001);
	T_EQ_STR(a.id, b.id);
	T_EQ_INT(b.published, 1700000000);
	/* another link is another report */
	intake_field_item(&c, "cloudflare", "ACME RFP: pitch", text,
	    strlen(text), "https://crm.example.com/2", "Dana", TIME_NONE, 0);
	T_ASSERT(strcmp(a.id, c.id) != 0);
	item_release(&a);
	item_release(&b);
	item_release(&c);
}

static void
test_intake__limits_and_excerpt(void)
{
	char title[1000], text[2000];
	struct item it;
	char *ex;

	memset(title, 'T', sizeof(title) - 1);
	title[sizeof(title) - 1] = '\0';
	for (size_t i = 0; i + 1 < sizeof(text); i++)
		text[i] = i % 7 == 6 ? ' ' : 'x';
	text[sizeof(text) - 1] = '\0';
	intake_field_item(&it, "zscaler", title, text, strlen(text), NULL,
	    NULL, TIME_NONE, 1);
	T_EQ_INT(strlen(it.title), 300);
	T_ASSERT(it.author == NULL && it.link == NULL);
	ex = intake_excerpt(&it);
	T_ASSERT(strlen(ex) <= 280 + 3);
	T_ASSERT(strlen(ex) > 140);
	T_CONTAINS(ex, "\xe2\x80\xa6");
	T_ASSERT(strncmp(ex, "xxxxxx xxxxxx", 13) == 0);
	free(ex);
	item_release(&it);
	/* no text: the title */
	intake_field_item(&it, "zscaler", "Just a title", NULL, 0, NULL, NULL,
	    TIME_NONE, 1);
	T_EQ_STR(it.text, "");
	ex = intake_excerpt(&it);
	T_EQ_STR(ex, "Just a title");
	free(ex);
	item_release(&it);
}

static void
test_intake__competitors(void)
{
	struct config *cfg = config_new();
	struct source src[2];
	struct playbook pb;
	struct playbooks pbs = { &pb, 1 };
	const char **v;

	memset(src, 0, sizeof(src));
	memset(&pb, 0, sizeof(pb));
	src[0].competitor = (char *)"zscaler";
	src[1].competitor = (char *)"Cloudflare";
	pb.competitor = (char *)"cloudflare";	/* same name, other case */
	cfg->sources = src;
	cfg->nsources = 2;
	v = intake_competitors(cfg, NULL, &pbs);
	T_EQ_STR(v[0], "Cloudflare");
	T_EQ_STR(v[1], "zscaler");
	T_ASSERT(v[2] == NULL);
	T_EQ_STR(intake_competitor(v, "CLOUDFLARE"), "Cloudflare");
	T_ASSERT(intake_competitor(v, "netmaker") == NULL);
	free(v);
	cfg->sources = NULL;
	cfg->nsources = 0;
	config_free(cfg);
}

static void
test_intake__field_source(void)
{
	struct source s;

	intake_field_source(&s, "twingate");
	T_EQ_STR(s.id, FIELD_SOURCE_ID);
	T_EQ_STR(source_kind_name(s.kind), "field");
	T_EQ_STR(s.competitor, "twingate");
	T_EQ_STR(s.tags[0], "field");
	T_ASSERT(s.url == NULL);
}

T_MAIN(
	T_CASE(test_intake__field_item),
	T_CASE(test_intake__limits_and_excerpt),
	T_CASE(test_intake__competitors),
	T_CASE(test_intake__field_source)
)
