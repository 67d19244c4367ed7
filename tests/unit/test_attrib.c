#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "attrib.h"
#include "buf.h"
#include "diag.h"
#include "explain.h"
#include "item.h"
#include "match.h"
#include "rules.h"
#include "t.h"
#include "util.h"
#include "ytree.h"

#define FIXTURE "tests/fixtures/rules/attrib"

static const char dir_yaml[] =
	"- id: cloudflare\n"
	"  names: [Cloudflare]\n"
	"  products: [Cloudflare One, WARP, cloudflared]\n"
	"  former: [BastionZero]\n"
	"- id: zscaler\n"
	"  names: [Zscaler]\n"
	"  products: [Zero Trust Exchange, ZIA]\n"
	"- id: twingate\n"
	"  names: [Twingate]\n"
	"- id: zerotier\n"
	"  names: [ZeroTier, Zero Tier]\n"
	"- id: netmaker\n"
	"  names: [Netmaker, Gravitl]\n";

static struct compdir *
dir(void)
{
	struct diags d = DIAGS_INIT;
	struct ydocs docs;
	struct compdir *cd = NULL;

	T_EQ_INT(ytree_parse(&docs, "competitors.yaml", dir_yaml,
	    strlen(dir_yaml), &d), 0);
	T_EQ_INT(compdir_load(&cd, &docs, &d), 0);
	T_EQ_INT(d.errors, 0);
	ydocs_release(&docs);
	diags_release(&d);
	return cd;
}

/* the attributed ids of (title, text), joined with commas */
static char *
who(const struct compdir *cd, const char *title, const char *text)
{
	struct attribution a = ATTRIBUTION_INIT;
	struct buf b = BUF_INIT;

	attrib_item(cd, title, text, &a);
	for (size_t i = 0; i < a.n; i++)
		buf_addf(&b, "%s%s", i ? "," : "", a.ids[i]);
	attribution_release(&a);
	return buf_detach(&b, NULL);
}

#define WHO(title, text, want) do {					\
	char *t_got = who(cd, (title), (text));				\
	T_EQ_STR(t_got, (want));					\
	free(t_got);							\
} while (0)

/* the actor of a title: subject, possessive, agent */
static void
test_attrib__actors_in_titles(void)
{
	struct compdir *cd = dir();

	WHO("Zscaler to acquire ZeroTier", NULL, "zscaler");
	WHO("Exclusive: Zscaler nears deal for a mesh startup", NULL,
	    "zscaler");
	WHO("Zscaler's new plan for small teams", NULL, "zscaler");
	WHO("How Zscaler's new plan changes ZTNA pricing", NULL, "zscaler");
	WHO("Twingate to be acquired by Zscaler, sources say", NULL,
	    "twingate,zscaler");
	WHO("Twingate and Zscaler team up on device posture", NULL,
	    "twingate,zscaler");
	WHO("Security startup Twingate launches an SDK", NULL, "twingate");
	WHO("Zscaler rival Twingate launches an SDK", NULL, "twingate");
	WHO("cloudflared 2025.4.0 released", NULL, "cloudflare");
	WHO("BastionZero features arrive in Tunnel", NULL, "cloudflare");
	WHO("WARP clients can now reach each other", NULL, "cloudflare");
	WHO("Cloudflare One adds device-to-device paths", NULL,
	    "cloudflare");
	/* wire and news-agency styles */
	WHO("EXCLUSIVE-Zscaler in talks to buy a mesh startup", NULL,
	    "zscaler");
	WHO("UPDATE 2-Twingate adds workload identity", NULL, "twingate");
	WHO("With a new SDK, Twingate targets developers", NULL, "twingate");
	compdir_free(cd);
}

/* names that are mentioned, not acting */
static void
test_attrib__mentions(void)
{
	struct compdir *cd = dir();

	WHO("Tailscale vs Zscaler: which is better for a small team?", NULL,
	    "");
	WHO("Zscaler vs Twingate: a buyer's guide", NULL, "");
	WHO("Zscaler or Twingate? How to choose", NULL, "");
	WHO("Zscaler customers can now buy Twingate licences", NULL, "");
	WHO("Partners of Zscaler get a new portal", NULL, "");
	WHO("Why Acme chose Cloudflare over Zscaler", NULL, "");
	WHO("Acme takes aim at Zscaler with a new SASE bundle", NULL, "");
	WHO("Survey: developers prefer mesh VPNs such as ZeroTier", NULL, "");
	WHO("Mesh networking is having a moment - Cloudflare Blog", NULL, "");
	WHO("Acme, a Twingate rival, raises money", NULL, "");
	WHO("Zscaler-backed Acme launches a mesh VPN", NULL, "");
	WHO("Red Hat to acquire WireGuard networking startup Netmaker", NULL,
	    "");
	/* capitals only: WARP and ZIA, not warp or zia */
	WHO("Startups move at warp speed", NULL, "");
	WHO("Zia Rahman joins Acme as CTO", NULL, "");
	WHO("ZIA adds a new policy engine", NULL, "zscaler");
	/* a word that contains a name is not the name */
	WHO("Netmakers of the world, unite", NULL, "");
	compdir_free(cd);
}

/* the lead: first sentence of 6 words or more, at most 40 words */
static void
test_attrib__lead(void)
{
	struct compdir *cd = dir();
	struct attribution a = ATTRIBUTION_INIT;
	const char *text;

	WHO("Weekly roundup", "On Tuesday, Cloudflare said it would open a "
	    "mesh beta. Zscaler also launched a plan.", "cloudflare");
	WHO("Weekly roundup", "Mesh VPNs are popular, according to Zscaler, "
	    "which sells none.", "");
	WHO("Weekly roundup", "SAN JOSE, Calif.--(BUSINESS WIRE)--Zscaler, "
	    "Inc. (NASDAQ: ZS) today announced a plan for small teams.",
	    "zscaler");
	WHO("Weekly roundup", "SAN JOSE, Calif., Oct. 21, 2025 /PRNewswire/ -- "
	    "Zscaler, Inc. (NASDAQ: ZS), the leader in cloud security, today "
	    "announced a new plan.", "zscaler");
	/* a short first line is not the whole lead */
	WHO("Weekly roundup", "By Jane Doe\nTwingate on Monday added a "
	    "Kubernetes operator for workloads.", "twingate");
	/* past 40 words nothing counts */
	text = "one two three four five six seven eight nine ten eleven "
	    "twelve thirteen fourteen fifteen sixteen seventeen eighteen "
	    "nineteen twenty twentyone twentytwo twentythree twentyfour "
	    "twentyfive twentysix twentyseven twentyeight twentynine thirty "
	    "thirtyone thirtytwo thirtythree thirtyfour thirtyfive thirtysix "
	    "thirtyseven thirtyeight thirtynine forty; Zscaler launched a plan";
	WHO("Weekly roundup", text, "");
	/* why and where, for --explain */
	attrib_item(cd, "Zscaler rival Twingate ships an SDK", "It works.",
	    &a);
	T_EQ_INT(a.n, 1);
	T_EQ_INT(a.nm, 2);
	if (a.nm == 2) {
		T_EQ_INT(a.m[0].actor, 0);
		T_EQ_INT(a.m[0].off, 0);
		T_EQ_INT(a.m[0].seg, ATTRIB_TITLE);
		T_CONTAINS(a.m[0].why, "followed by");
		T_EQ_INT(a.m[1].actor, 1);
		T_EQ_INT(a.m[1].off, 14);
		T_EQ_INT(a.m[1].len, 8);
		T_CONTAINS(a.m[1].why, "subject");
	}
	attribution_release(&a);
	compdir_free(cd);
}

static void
test_attrib__directory(void)
{
	struct compdir *cd = dir();
	struct compdir *empty = NULL;
	struct diags d = DIAGS_INIT;
	struct ydocs docs;

	T_EQ_INT(compdir_count(cd), 5);
	T_EQ_STR(compdir_id(cd, 1), "zscaler");
	T_EQ_INT(compdir_find(cd, "netmaker"), 4);
	T_EQ_INT(compdir_find(cd, "acme"), -1);
	compdir_free(cd);
	/* an empty file is an empty directory */
	T_EQ_INT(ytree_parse(&docs, "c.yaml", "", 0, &d), 0);
	T_EQ_INT(compdir_load(&empty, &docs, &d), 0);
	T_ASSERT(empty != NULL);
	T_EQ_INT(compdir_count(empty), 0);
	{
		char *got = who(empty, "Zscaler to acquire ZeroTier", NULL);

		T_EQ_STR(got, "");
		free(got);
	}
	compdir_free(empty);
	ydocs_release(&docs);
	diags_release(&d);
}

struct got {
	char	 rules[256];
	char	 comps[256];
};

static void
collect(const struct match_hit *h, void *payload)
{
	struct got *g = payload;
	size_t n = strlen(g->rules);

	snprintf(g->rules + n, sizeof(g->rules) - n, "%s%s", n ? "," : "",
	    h->rule->id);
	n = strlen(g->comps);
	snprintf(g->comps + n, sizeof(g->comps) - n, "%s%s%s", n ? "," : "",
	    h->competitor ? h->competitor : "-", h->attributed ? "*" : "");
}

static void
run(const struct ruleset *rs, const struct match_ctx *ctx, const char *title,
    const char *text, struct got *g)
{
	struct item it;

	memset(&it, 0, sizeof(it));
	memset(g, 0, sizeof(*g));
	it.id = (char *)"i";
	it.title = (char *)title;
	it.text = (char *)text;
	it.published = it.updated = TIME_NONE;
	match_item(rs, &it, ctx, collect, g);
}

/* competitor-scoped rules apply to what a mixed source is attributed to */
static void
test_attrib__scoping(void)
{
	struct diags d = DIAGS_INIT;
	struct ruleset *rs = NULL;
	const struct match_ctx mixed = { "trade-press", NULL, NULL, NULL,
	    NULL };
	const struct match_ctx zs = { "zscaler-blog", "zscaler", NULL, NULL,
	    NULL };
	struct got g;
	char *text = NULL;
	size_t len = 0;
	FILE *fp;
	struct item it;

	T_EQ_INT(rules_load(&rs, FIXTURE, &d), 0);
	diags_release(&d);
	T_ASSERT(rs != NULL);
	if (rs == NULL)
		return;
	T_EQ_INT(rules_competitor_known(rs, "zscaler"), 1);
	T_EQ_INT(rules_competitor_known(rs, "acme"), 0);
	run(rs, &mixed, "Zscaler launches a small business plan", "", &g);
	T_EQ_STR(g.rules, "zs-smb");
	T_EQ_STR(g.comps, "zscaler*");
	/* Zscaler is mentioned, Cloudflare acts: the Zscaler rule is out */
	run(rs, &mixed, "Cloudflare courts small businesses, turning up heat "
	    "on Zscaler", "", &g);
	T_EQ_STR(g.rules, "");
	/* the same words from Zscaler's own source: in scope, not attributed */
	run(rs, &zs, "Cloudflare courts small businesses, turning up heat on "
	    "Zscaler", "", &g);
	T_EQ_STR(g.rules, "zs-smb");
	T_EQ_STR(g.comps, "zscaler");
	/* an unscoped rule hits whoever acts, and names the actor */
	run(rs, &mixed, "Zscaler acquires a mesh startup", "", &g);
	T_EQ_STR(g.rules, "any-deal");
	T_EQ_STR(g.comps, "zscaler*");
	run(rs, &mixed, "Acme acquires a mesh startup", "", &g);
	T_EQ_STR(g.comps, "-");
	/* two actors: each scoped rule for its own */
	run(rs, &mixed, "Cloudflare and Zscaler add mesh for small business "
	    "teams", "", &g);
	T_EQ_STR(g.rules, "zs-smb,cf-mesh");
	T_EQ_STR(g.comps, "zscaler*,cloudflare*");
	/* --explain shows the attribution and why */
	memset(&it, 0, sizeof(it));
	it.id = (char *)"i";
	it.title = (char *)"Tailscale vs Zscaler: Cloudflare weighs in";
	it.text = (char *)"";
	it.published = it.updated = TIME_NONE;
	fp = open_memstream(&text, &len);
	explain_context(rs, &it, &mixed, fp);
	explain_rules(rs, &it, &mixed, "zs-smb", fp);
	fclose(fp);
	T_CONTAINS(text, "attribution: [cloudflare]");
	T_CONTAINS(text, "zscaler: \"Zscaler\" in the title: not the actor, "
	    "a mention: after \"vs \"");
	T_CONTAINS(text, "cloudflare: \"Cloudflare\" in the title: actor, "
	    "the subject");
	T_CONTAINS(text, "rule zs-smb: out of scope: attributed to "
	    "[cloudflare], not [zscaler]");
	free(text);
	rules_free(rs);
}

T_MAIN(T_CASE(test_attrib__actors_in_titles),
    T_CASE(test_attrib__mentions),
    T_CASE(test_attrib__lead),
    T_CASE(test_attrib__directory),
    T_CASE(test_attrib__scoping))
