#include <jansson.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "err.h"
#include "notify.h"
#include "playbook.h"
#include "util.h"
#include "t.h"

#define FIXTURES "tests/fixtures/alerts/"

/* length in UTF-16 units: >= code points, so a text within a limit
 * this way is within it however Slack counts */
static size_t
cps(const char *s)
{
	size_t n = 0;

	for (; *s != '\0'; s++)
		if (((unsigned char)*s & 0xc0) != 0x80)
			n += (unsigned char)*s >= 0xf0 ? 2 : 1;
	return n;
}

static char *
fixture(const char *name, size_t *len)
{
	struct err err = ERR_INIT;
	char path[256], *data = NULL;

	snprintf(path, sizeof(path), FIXTURES "%s", name);
	if (read_file(&data, len, path, 1 << 20, &err) != 0) {
		fprintf(stderr, "%s\n", err.msg);
		return NULL;
	}
	return data;
}

/*
 * Escaping of one text: every & starts &amp; &lt; or &gt;, and every <
 * opens a link or date token we built: <http(s)://...|label> or
 * <!date^...|fallback>, with no space in the URL part and a |.
 */
static int
escaped_ok(const char *s, int links)
{
	for (const char *p = s; *p != '\0'; p++) {
		if (*p == '&' && strncmp(p, "&amp;", 5) != 0 &&
		    strncmp(p, "&lt;", 4) != 0 && strncmp(p, "&gt;", 4) != 0) {
			fprintf(stderr, "raw & at \"%.40s\"\n", p);
			return 0;
		}
		if (*p == '<') {
			const char *q = strchr(p, '>'), *bar;

			if (links && q != NULL && playbook_owner_kind(p,
			    (size_t)(q - p + 1)) != OWNER_PLAIN &&
			    playbook_owner_kind(p, (size_t)(q - p + 1)) !=
			    OWNER_BAD) {
				p = q;	/* an owner's Slack mention */
				continue;
			}
			if (!links || (strncmp(p, "<http://", 8) != 0 &&
			    strncmp(p, "<https://", 9) != 0 &&
			    strncmp(p, "<!date^", 7) != 0) || q == NULL) {
				fprintf(stderr, "raw < at \"%.40s\"\n", p);
				return 0;
			}
			bar = memchr(p, '|', (size_t)(q - p));
			if (bar == NULL || memchr(p + 1, '<', (size_t)(q - p - 1))) {
				fprintf(stderr, "bad link \"%.60s\"\n", p);
				return 0;
			}
			for (const char *u = p; u < bar; u++)
				if ((unsigned char)*u <= 0x20) {
					fprintf(stderr, "space in URL\n");
					return 0;
				}
			p = q;
		}
	}
	return 1;
}

struct vstat {
	size_t	 blocks, total, hits;
	struct buf all;		/* every block text, one per line */
	struct buf header;
	struct buf context;
	struct buf text;	/* top-level text */
};

static void
vstat_release(struct vstat *v)
{
	buf_release(&v->all);
	buf_release(&v->header);
	buf_release(&v->context);
	buf_release(&v->text);
}

static int
text_obj_ok(json_t *t, const char *type, size_t max, struct vstat *v)
{
	const char *s = json_string_value(json_object_get(t, "text"));
	const char *ty = json_string_value(json_object_get(t, "type"));
	size_t n;

	if (s == NULL || ty == NULL)
		return 0;
	if (type != NULL && strcmp(ty, type) != 0)
		return 0;
	if (strlen(s) != json_string_length(json_object_get(t, "text")))
		return 0;	/* NUL inside */
	n = cps(s);
	if (n == 0 || n > max) {
		fprintf(stderr, "text of %zu code points (max %zu)\n", n, max);
		return 0;
	}
	if (!escaped_ok(s, strcmp(ty, "mrkdwn") == 0))
		return 0;
	v->total += n;
	buf_addstr(&v->all, s);
	buf_addch(&v->all, '\n');
	return 1;
}

/* every limit of section 4.2, and the escaping, for one payload */
static void
validate(const char *payload, int with_blocks, struct vstat *v)
{
	json_error_t jerr;
	json_t *root, *blocks, *text;
	size_t i;

	memset(v, 0, sizeof(*v));
	buf_init(&v->all);
	buf_init(&v->header);
	buf_init(&v->context);
	buf_init(&v->text);
	T_ASSERT(payload != NULL);
	if (payload == NULL)
		return;
	root = json_loads(payload, 0, &jerr);
	T_ASSERT(json_is_object(root));
	if (!json_is_object(root)) {
		fprintf(stderr, "invalid JSON: %s\n", jerr.text);
		json_decref(root);
		return;
	}
	text = json_object_get(root, "text");
	T_ASSERT(json_is_string(text));
	if (json_is_string(text)) {
		T_ASSERT(cps(json_string_value(text)) <= 4000);
		T_ASSERT(cps(json_string_value(text)) > 0);
		T_ASSERT(escaped_ok(json_string_value(text), 1));
		buf_addstr(&v->text, json_string_value(text));
	}
	T_ASSERT(json_is_false(json_object_get(root, "unfurl_links")));
	T_ASSERT(json_is_false(json_object_get(root, "unfurl_media")));
	blocks = json_object_get(root, "blocks");
	if (!with_blocks) {
		T_ASSERT(blocks == NULL);
		json_decref(root);
		return;
	}
	T_ASSERT(json_is_array(blocks));
	v->blocks = json_array_size(blocks);
	T_ASSERT(v->blocks >= 1 && v->blocks <= 50);
	for (i = 0; i < json_array_size(blocks); i++) {
		json_t *b = json_array_get(blocks, i), *f, *e;
		const char *type = json_string_value(json_object_get(b,
		    "type"));

		T_ASSERT(type != NULL);
		if (type == NULL)
			continue;
		if (strcmp(type, "header") == 0) {
			T_ASSERT(text_obj_ok(json_object_get(b, "text"),
			    "plain_text", 150, v));
			buf_addstr(&v->header, json_string_value(
			    json_object_get(json_object_get(b, "text"),
			    "text")));
		} else if (strcmp(type, "section") == 0) {
			json_t *t = json_object_get(b, "text");

			f = json_object_get(b, "fields");
			T_ASSERT(t != NULL || f != NULL);
			if (t != NULL) {
				T_ASSERT(text_obj_ok(t, NULL, 3000, v));
				if (strstr(json_string_value(json_object_get(t,
				    "text")) ? json_string_value(
				    json_object_get(t, "text")) : "",
				    "\nRule: ") != NULL)
					v->hits++;
			}
			if (f != NULL) {
				T_ASSERT(json_is_array(f));
				T_ASSERT(json_array_size(f) >= 1 &&
				    json_array_size(f) <= 10);
				for (size_t k = 0; k < json_array_size(f); k++)
					T_ASSERT(text_obj_ok(json_array_get(f,
					    k), NULL, 2000, v));
			}
		} else if (strcmp(type, "context") == 0) {
			e = json_object_get(b, "elements");
			T_ASSERT(json_is_array(e));
			T_ASSERT(json_array_size(e) >= 1 &&
			    json_array_size(e) <= 10);
			for (size_t k = 0; k < json_array_size(e); k++) {
				T_ASSERT(text_obj_ok(json_array_get(e, k),
				    NULL, 3000, v));
				buf_addstr(&v->context, json_string_value(
				    json_object_get(json_array_get(e, k),
				    "text")));
				buf_addch(&v->context, '\n');
			}
		} else {
			fprintf(stderr, "unexpected block type %s\n", type);
			T_ASSERT(0);
		}
	}
	T_ASSERT(v->total <= 8000);
	if (v->total > 8000)
		fprintf(stderr, "total block text %zu\n", v->total);
	json_decref(root);
}

static char *
render_fixture(const char *name, struct vstat *v)
{
	size_t len;
	char *a = fixture(name, &len), *p;

	T_ASSERT(a != NULL);
	if (a == NULL) {
		validate(NULL, 1, v);
		return NULL;
	}
	p = notify_slack_payload(a, len);
	validate(p, 1, v);
	free(a);
	return p;
}

static void
test_notify__signal_cloudflare(void)
{
	struct vstat v;
	char *p = render_fixture("signal-cloudflare-mesh.json", &v);

	/* severity, competitor and rule title once each, in the header */
	T_EQ_STR(v.header.data, "\xf0\x9f\x94\xb4 HIGH \xc2\xb7 Cloudflare "
	    "\xc2\xb7 Cloudflare writes about mesh networking or service mesh");
	T_ASSERT(strstr(v.all.data, "*Competitor*") == NULL);
	T_ASSERT(strstr(v.all.data, "*Severity*") == NULL);
	T_ASSERT(strstr(v.all.data + v.header.len, "Cloudflare writes about "
	    "mesh networking") == NULL);
	T_CONTAINS(v.all.data, "Playbook *If Cloudflare launches \"Cloudflare "
	    "Connect\" (VPN + platform)* `cloudflare-connect` \xc2\xb7 threat: "
	    "existential \xc2\xb7 watching: 1 of 2 distinct signals within "
	    "90 days");
	/* the link with & escaped inside, the title escaped in the label */
	T_CONTAINS(v.all.data, "*<https://blog.cloudflare.com/cloudflare-"
	    "mesh-one/?utm_source=rss&amp;utm_medium=feed|Introducing "
	    "Cloudflare Mesh: private networking for every device &amp; "
	    "workload>*\n>");
	/* the source's site, never the raw feed URL */
	T_CONTAINS(v.all.data, "<https://blog.cloudflare.com/|"
	    "cloudflare-blog>");
	T_ASSERT(strstr(v.all.data, "blog.cloudflare.com/rss") == NULL);
	/* dates labelled */
	T_CONTAINS(v.all.data, "published <!date^1795420800^"
	    "{date_short_pretty}|2026-11-23> \xc2\xb7 seen <!date^1795427892^");
	T_CONTAINS(v.all.data, "\nRule: `cf-mesh-networking` in `text` "
	    "(selection `mesh`)");
	T_CONTAINS(v.all.data, "\n>\xe2\x80\xa6today we are announcing "
	    "*mesh networking* for Cloudflare One");
	/* how to triage it, exactly */
	T_CONTAINS(v.all.data, "Triage: `sigwatch triage 9c0e5d4a11f2b7e3 "
	    "--fp --note \"why\"` if it is wrong, `--ack` if it is right");
	T_CONTAINS(v.all.data, "*Next: Month 1*\n1. Publish the "
	    "architecture post");
	T_CONTAINS(v.all.data, "\n3. Brief Gartner");
	T_CONTAINS(v.all.data, "Owners: @pmm, @vp-product");
	T_CONTAINS(v.context.data, "Alert `3f9a1c27b84e0d61` \xc2\xb7 "
	    "sigwatch");
	T_EQ_STR(v.text.data, "[HIGH] Cloudflare: Cloudflare writes about "
	    "mesh networking or service mesh - Introducing Cloudflare Mesh: "
	    "private networking for every device &amp; workload");
	T_EQ_INT(v.hits, 1);
	T_ASSERT(strstr(v.all.data, "more item") == NULL);
	T_EQ_INT(v.blocks, 5);
	vstat_release(&v);
	free(p);
}

static void
test_notify__signal_grouped(void)
{
	struct vstat v;
	char *p = render_fixture("signal-zscaler-acquisition.json", &v);
	const char *press, *blog;

	/* three hits, two items: the item two rules hit is one entry */
	T_EQ_STR(v.header.data, "\xf0\x9f\x94\xb4 CRITICAL \xc2\xb7 Zscaler "
	    "\xc2\xb7 If Zscaler acquires ZeroTier or Twingate \xc2\xb7 2 new "
	    "items");
	T_EQ_INT(v.hits, 2);
	T_CONTAINS(v.all.data, "Playbook `zscaler-acquisition` \xc2\xb7 "
	    "threat: high \xc2\xb7 *ACTIVE*: 2 distinct signals within 30 days "
	    "(needs 1)");
	T_CONTAINS(v.all.data, "\nRule: Zscaler announces an acquisition of "
	    "a mesh VPN vendor `zs-acquires-mesh-vendor` \xc2\xb7 matched "
	    "*Acquire Twingate* in `title` (selection `deal`) \xc2\xb7 hit "
	    "`51aa0be6c3d9f270`\nRule: Zscaler pitches an SMB offer "
	    "`zs-smb-offer` \xc2\xb7 matched *Small &amp; Mid-Sized Teams* in "
	    "`text` (selection `smb_offer`) \xc2\xb7 hit `7d3a90c1e5b2f486`\n");
	T_ASSERT(strstr(v.all.data, "smb\xef\xbc\xbf" "offer") == NULL);
	T_CONTAINS(v.all.data, "(one hit per rule)");
	/* a title match is not quoted again under the title */
	T_ASSERT(strstr(v.all.data, ">Zscaler to Acquire") == NULL);
	/* the critical item before the newer high one */
	press = strstr(v.all.data, "|Zscaler to Acquire Twingate");
	blog = strstr(v.all.data, "|Why Twingate is joining");
	T_ASSERT(press != NULL && blog != NULL && press < blog);
	/* feed text cannot format or tag: look-alikes and entities */
	T_CONTAINS(v.all.data, "*peer-to-peer* connectors");
	T_CONTAINS(v.all.data, "\xe2\x88\x97zero trust\xe2\x88\x97");
	T_CONTAINS(v.all.data, "&lt;behind&gt;");
	/* a real mention pings; a look-alike is text */
	T_CONTAINS(v.all.data, "Owners: @ceo, <@W0123ABCD>, "
	    "&lt;@U123|spoof&gt;");
	T_EQ_STR(v.text.data, "[CRITICAL] Zscaler: If Zscaler acquires "
	    "ZeroTier or Twingate - Zscaler to Acquire Twingate, Extending "
	    "Zero Trust to Small &amp; Mid-Sized Teams (+1 more)");
	T_CONTAINS(v.context.data, "Alert `c07d2e9f4a6b1358`");
	vstat_release(&v);
	free(p);
}

static void
test_notify__activation(void)
{
	struct vstat v;
	char *p = render_fixture("playbook-activated-cloudflare-connect.json",
	    &v);
	const char *n, *e, *plan;

	T_EQ_STR(v.header.data, "\xf0\x9f\x94\xb4 CRITICAL \xc2\xb7 Playbook "
	    "active: If Cloudflare launches \"Cloudflare Connect\" (VPN + "
	    "platform)");
	T_CONTAINS(v.all.data, "*Cloudflare* \xc2\xb7 threat: *existential* "
	    "\xc2\xb7 2 distinct signals within 90 days (needs 2) activated "
	    "`cloudflare-connect`");
	/* Slack ids are mentions; <!channel> is not */
	T_CONTAINS(v.all.data, "Owners: <@U024BE7LH>, "
	    "<!subteam^SAZ94GDB8|@pmm>, @vp-product, &lt;!channel&gt;");
	/* this run's hit in full, the earlier one as a line */
	n = strstr(v.all.data, "*New signal*\n*<https://boards.greenhouse.io/"
	    "cloudflare/jobs/6543210|");
	e = strstr(v.all.data, "*Earlier signals in the window*\n\xe2\x80\xa2 "
	    "*<https://blog.cloudflare.com/cloudflare-mesh-one/|Introducing "
	    "Cloudflare Mesh: private networking for every device &amp; "
	    "workload>* \xc2\xb7 `cf-mesh-networking` \xc2\xb7 "
	    "`cloudflare-blog` \xc2\xb7 published <!date^1795420800^");
	plan = strstr(v.all.data, "*Response plan*");
	T_ASSERT(n != NULL && e != NULL && plan != NULL && n < e && e < plan);
	T_CONTAINS(v.all.data, "<https://boards.greenhouse.io/cloudflare|"
	    "cloudflare-jobs>");
	T_CONTAINS(v.all.data, "Triage: `sigwatch triage 04b7c1d9e8f2a365 ");
	/* the whole plan, numbered through */
	T_CONTAINS(v.all.data, "*Month 1*\n1. Publish the architecture post");
	T_CONTAINS(v.all.data, "*Months 2-3*\n4. Speed up Services");
	T_CONTAINS(v.all.data, "*Months 4-6*\n7. Find the customers");
	T_CONTAINS(v.all.data, "\n9. Launch comparison pages");
	T_CONTAINS(v.all.data, "*Don't*\n\xe2\x80\xa2 Cut prices in a panic");
	T_CONTAINS(v.all.data, "Copy features for parity's sake");
	T_CONTAINS(v.context.data, "Alert `8d1e6f0a2b4c9753`");
	T_EQ_STR(v.text.data, "[CRITICAL] Playbook active: If Cloudflare "
	    "launches \"Cloudflare Connect\" (VPN + platform) (Cloudflare) - 2 "
	    "distinct signals");
	T_ASSERT(strstr(v.all.data, "plan cut here") == NULL);
	vstat_release(&v);
	free(p);
}

/* a one-signal alert: grammar, and an activation of "1 distinct signal" */
static void
test_notify__grammar(void)
{
	static const char a[] = "{\"kind\":\"playbook-activated\",\"id\":"
	    "\"0123456789abcdef\",\"severity\":\"medium\",\"competitor\":"
	    "\"netmaker\",\"playbook\":{\"id\":\"netmaker-saas\",\"title\":"
	    "\"Netmaker goes SaaS\",\"threat\":\"adjacent\",\"state\":"
	    "\"active\",\"signals_in_window\":1,\"distinct_needed\":1,"
	    "\"within_days\":1,\"stages\":[{\"name\":\"Week 1\",\"steps\":"
	    "[\"Read it\"]}]},\"hits\":[{\"id\":\"aaaaaaaaaaaaaaaa\",\"rule\":"
	    "\"nm-saas\",\"title\":\"Netmaker Cloud\",\"source\":\"nm-blog\","
	    "\"source_url\":\"https://user:secret@nm.example/feed.xml\","
	    "\"at\":\"2026-12-01T10:00:00Z\"}],\"hits_total\":1}";
	struct vstat v;
	char *p = notify_slack_payload(a, sizeof(a) - 1);

	validate(p, 1, &v);
	T_CONTAINS(v.all.data, "1 distinct signal within 1 day (needs 1)");
	T_ASSERT(strstr(v.all.data, "1 distinct signals") == NULL);
	T_CONTAINS(v.header.data, "\xf0\x9f\x9f\xa0 MEDIUM \xc2\xb7 Playbook "
	    "active: Netmaker goes SaaS");
	T_CONTAINS(v.all.data, "*New signal*");
	/* no date published: "seen" alone; the site root without userinfo */
	T_CONTAINS(v.all.data, "<https://nm.example/|nm-blog> \xc2\xb7 seen "
	    "<!date^");
	T_ASSERT(strstr(p, "secret") == NULL);
	T_CONTAINS(v.text.data, "- 1 distinct signal");
	T_ASSERT(strstr(v.text.data, "signals") == NULL);
	vstat_release(&v);
	free(p);
}

/* identifiers stay copyable: no look-alike inside words or code spans */
static void
test_notify__copyable(void)
{
	static const char a[] = "{\"kind\":\"signal\",\"id\":\"0123456789abcdef\","
	    "\"severity\":\"low\",\"hits\":[{\"id\":\"bbbbbbbbbbbbbbbb\","
	    "\"rule\":\"smb_offer*x\",\"rule_title\":\"t\",\"title\":"
	    "\"Use the snake_case_id and a*b, not _this_ or *that* or `x`\","
	    "\"selection\":\"a_b`c\",\"excerpt\":\"x\",\"match\":\"x\","
	    "\"source\":\"s\"}]}";
	struct vstat v;
	char *p = notify_slack_payload(a, sizeof(a) - 1);

	validate(p, 1, &v);
	T_CONTAINS(v.all.data, "`smb_offer*x`");
	T_CONTAINS(v.all.data, "(selection `a_b\xcb\x8b" "c`)");
	T_CONTAINS(v.all.data, "snake_case_id and a*b, not \xef\xbc\xbf"
	    "this\xef\xbc\xbf or \xe2\x88\x97that\xe2\x88\x97 or \xcb\x8bx"
	    "\xcb\x8b");
	vstat_release(&v);
	free(p);
}

static void
test_notify__deactivation(void)
{
	static const char a[] = "{\"kind\":\"playbook-deactivated\",\"id\":"
	    "\"fedcba9876543210\",\"severity\":\"critical\",\"competitor\":"
	    "\"cloudflare\",\"playbook\":{\"id\":\"cloudflare-connect\","
	    "\"title\":\"Cloudflare Connect\",\"threat\":\"existential\","
	    "\"state\":\"watching\",\"signals_in_window\":1,"
	    "\"distinct_needed\":2,\"within_days\":90,\"owners\":"
	    "[\"<@U024BE7LH>\"]},\"hits\":[{\"id\":\"0bcb0d69168605c4\","
	    "\"rule\":\"cf-mesh-networking\",\"title\":\"Our mesh of 330 "
	    "cities\",\"link\":\"https://blog.example/m\"}],\"triage\":"
	    "{\"verdict\":\"fp\",\"note\":\"marketing <!channel> copy\","
	    "\"author\":\"ana\"}}";
	struct vstat v;
	char *p = notify_slack_payload(a, sizeof(a) - 1);

	validate(p, 1, &v);
	T_CONTAINS(v.header.data, "Playbook back to watching: Cloudflare "
	    "Connect");
	T_CONTAINS(v.all.data, "*false positive* by ana");
	T_CONTAINS(v.all.data, "*<https://blog.example/m|Our mesh of 330 "
	    "cities>* \xc2\xb7 `cf-mesh-networking` \xc2\xb7 hit "
	    "`0bcb0d69168605c4`");
	T_CONTAINS(v.all.data, ">marketing &lt;!channel&gt; copy");
	T_CONTAINS(v.all.data, "watching: 1 of 2 distinct signals within 90 "
	    "days");
	T_CONTAINS(v.all.data, "Owners: <@U024BE7LH>");
	T_CONTAINS(v.text.data, "[CRITICAL] Playbook back to watching");
	vstat_release(&v);
	free(p);
}

/* what `run --dry-run --preview` prints */
static void
test_notify__preview(void)
{
	size_t len;
	char *a = fixture("signal-zscaler-acquisition.json", &len), *t;

	T_ASSERT(a != NULL);
	if (a == NULL)
		return;
	t = notify_preview(a, len);
	T_ASSERT(t != NULL);
	T_CONTAINS(t, "\n\xf0\x9f\x94\xb4 CRITICAL \xc2\xb7 Zscaler \xc2\xb7 If "
	    "Zscaler acquires ZeroTier or Twingate \xc2\xb7 2 new items\n");
	T_CONTAINS(t, "\nZscaler to Acquire Twingate, Extending Zero Trust to "
	    "Small & Mid-Sized Teams <https://www.zscaler.com/press/zscaler-"
	    "acquire-twingate>\n");
	T_CONTAINS(t, "zscaler-press <https://www.zscaler.com/> \xc2\xb7 "
	    "published 2026-11-24 \xc2\xb7 seen 2026-11-24\n");
	T_CONTAINS(t, "Triage: sigwatch triage 51aa0be6c3d9f270 --fp --note "
	    "\"why\" if it is wrong");
	T_CONTAINS(t, "Owners: @ceo, @W0123ABCD, <@U123|spoof>\n");
	T_CONTAINS(t, "  \xc2\xb7 Alert c07d2e9f4a6b1358 \xc2\xb7 sigwatch\n");
	T_ASSERT(strstr(t, "<!date") == NULL && strstr(t, "&amp;") == NULL);
	T_ASSERT(t[strlen(t) - 1] == '\n');
	free(t);
	free(a);
}

static void
test_notify__digest(void)
{
	struct vstat v;
	char *p = render_fixture("digest.json", &v);
	const char *cf, *zs, *quiet;

	T_EQ_STR(v.header.data, "\xf0\x9f\x93\x8b sigwatch digest \xc2\xb7 "
	    "2026-11-30 to 2026-12-07");
	T_CONTAINS(v.all.data, "*4 items* this period (5 signals), *2 new* "
	    "since the last digest (<!date^1796284800^{date_short_pretty}|"
	    "2026-12-03>)\n*1 of 3 playbooks active* \xc2\xb7 *1 of 6 sources "
	    "broken*\n*<https://intel.example/sigwatch/report/index.html|Open "
	    "the report>*");
	/* active playbooks first; new signals marked */
	cf = strstr(v.all.data, "*Cloudflare launches \"Cloudflare Connect\"* "
	    "`cloudflare-connect`\n*ACTIVE*: 3 distinct signals within 90 days "
	    "(needs 2), active since <!date^1796378400^");
	zs = strstr(v.all.data, "*Zscaler enters the SMB market* "
	    "`zscaler-smb-mesh`\nwatching: 1 of 2 distinct signals within 60 "
	    "days\n\xe2\x80\xa2 \xf0\x9f\x86\x95 *<https://www.zscaler.com/"
	    "blogs/essentials|Zero Trust Essentials &lt;b&gt;for SMBs&lt;/b&gt;"
	    ">* \xc2\xb7 `zs_smb_edition` \xc2\xb7 `zscaler-blog` \xc2\xb7 "
	    "published <!date^");
	quiet = strstr(v.all.data, "*Quiet*: `netmaker-saas`");
	T_ASSERT(cf != NULL && zs != NULL && quiet != NULL && cf < zs &&
	    zs < quiet);
	/* an item two rules hit: one line with both */
	T_CONTAINS(v.all.data, "\n\xe2\x80\xa2 \xf0\x9f\x86\x95 *<https://"
	    "blog.cloudflare.com/mesh/|Introducing mesh networking for "
	    "Cloudflare One>* \xc2\xb7 `cf-mesh-networking`, "
	    "`cf-vpn-infra-pitch` \xc2\xb7 `cloudflare-blog`");
	T_CONTAINS(v.all.data, "\n\xe2\x80\xa2 *<https://boards.greenhouse.io/"
	    "cloudflare/jobs/1|Systems Engineer, Mesh Networking>* \xc2\xb7 "
	    "`cf-hiring-mesh` \xc2\xb7 `cloudflare-jobs` \xc2\xb7 seen <!date^");
	T_CONTAINS(v.all.data, "*No playbook*\n\xe2\x80\xa2 *<https://news."
	    "example/1|Ex-Tailscale founders raise seed>*");
	T_CONTAINS(v.all.data, "*By competitor* (items): Cloudflare 2 \xc2\xb7 "
	    "Zscaler 1 \xc2\xb7 not set 1");
	T_CONTAINS(v.all.data, "*Broken sources*\n\xe2\x80\xa2 "
	    "`twingate-blog` \xc2\xb7 4 failures \xc2\xb7 HTTP 503 "
	    "&lt;html&gt;");
	T_CONTAINS(v.all.data, "\xe2\x80\xa2 `cf-mesh-networking`: 9 hits, 2 "
	    "false positives, 3 confirmed");
	T_CONTAINS(v.context.data, "Digest `5d1c0a9e7b3f2468`");
	T_EQ_STR(v.text.data, "sigwatch digest: 4 items (2 new), 1 active "
	    "playbook, 1 broken source");
	vstat_release(&v);
	free(p);
}

static void
test_notify__source_health(void)
{
	struct vstat v;
	char *p = render_fixture("source-broken.json", &v);

	T_EQ_STR(v.header.data, "\xe2\x9a\xa0\xef\xb8\x8f Source broken: "
	    "cloudflare-press");
	T_CONTAINS(v.all.data, "*Kind*\nhtml");
	T_CONTAINS(v.all.data, "*Consecutive failures*\n3");
	T_CONTAINS(v.all.data, "*URL*\n<https://www.cloudflare.com/press-"
	    "releases/|https://www.cloudflare.com/press-releases/>");
	T_CONTAINS(v.all.data, "*Last error*\n>extraction: //article matched "
	    "0 elements (was 24) &lt;html&gt; &amp; layout change?");
	T_CONTAINS(v.all.data, "`sigwatch status`");
	T_CONTAINS(v.context.data, "Alert `f1e2d3c4b5a69788`");
	T_CONTAINS(v.text.data, "[HIGH] Source broken: cloudflare-press - "
	    "extraction:");
	vstat_release(&v);
	free(p);

	p = render_fixture("source-recovered.json", &v);
	T_EQ_STR(v.header.data, "\xe2\x9c\x85 Source recovered: "
	    "cloudflare-press");
	T_CONTAINS(v.context.data, "Alert `0a1b2c3d4e5f6071`");
	T_EQ_STR(v.text.data, "[INFO] Source recovered: cloudflare-press");
	T_CONTAINS(v.all.data, "<https://www.cloudflare.com/press-releases/|");
	T_ASSERT(strstr(v.all.data, "Consecutive failures") == NULL);
	vstat_release(&v);
	free(p);
}

#define EVIL "@channel @Here <!channel> <https://evil.example|Click to verify> a & b > c " \
	"*bold* _it_ ~st~ `code` <@U123> "

/* big: the 100 KB title (first hits), long: a 4 KB text elsewhere */
static json_t *
hostile_hit(size_t i, const char *big, const char *lng)
{
	json_t *h = json_object();
	char id[32], lurl[1001];

	/* a 1000-character URL, the longest a hit may link; its last 400
	 * characters are the longest source URL */
	memset(lurl, 'a', sizeof(lurl) - 1);
	lurl[sizeof(lurl) - 1] = '\0';
	memcpy(lurl, "https://long.example/", 21);
	memcpy(lurl + 600, "https://src.example/", 20);

	snprintf(id, sizeof(id), "%016zx", i);
	json_object_set_new(h, "id", json_string(id));
	json_object_set_new(h, "item", json_string(id));
	json_object_set_new(h, "rule", json_string("cf-mesh`evil*"));
	json_object_set_new(h, "rule_title", json_string(i < 3 ? big : lng));
	json_object_set_new(h, "source", json_string(EVIL));
	json_object_set_new(h, "source_url", json_string(i % 3 == 0 ?
	    lurl + 600 : "javascript:alert(1)"));
	json_object_set_new(h, "title", json_string(i < 3 ? big : lng));
	json_object_set_new(h, "link", json_string(i % 3 == 0 ? lurl :
	    i % 3 == 1 ? "javascript:alert(document.cookie)" :
	    "https://ok.example/a|b>c<d e\"f"));
	json_object_set_new(h, "published", json_string(EVIL));
	json_object_set_new(h, "selection", json_string(lng));
	json_object_set_new(h, "field", json_string("text"));
	json_object_set_new(h, "match", json_string(lng + 7));
	json_object_set_new(h, "excerpt", json_string(i < 3 ? big : lng));
	return h;
}

static char *
hostile_alert(size_t titlelen, size_t nhits, const char *kind)
{
	struct buf big = BUF_INIT;
	json_t *a = json_object(), *hits = json_array(), *pb = json_object();
	json_t *steps = json_array(), *stages = json_array(), *st;
	struct buf step = BUF_INIT;
	char *r;

	while (big.len < titlelen)
		buf_addstr(&big, EVIL);
	while (step.len < 4096)
		buf_addstr(&step, EVIL);
	for (size_t i = 0; i < nhits; i++)
		json_array_append_new(hits, hostile_hit(i, big.data,
		    step.data));
	/* 30 stages of 12 long steps: far past every budget */
	for (size_t i = 0; i < 12; i++)
		json_array_append_new(steps, json_string(step.data));
	for (size_t i = 0; i < 30; i++) {
		st = json_object();
		json_object_set_new(st, "name", json_string(EVIL));
		json_object_set_new(st, "steps", json_deep_copy(steps));
		json_array_append_new(stages, st);
	}
	json_object_set_new(pb, "id", json_string("evil`pb"));
	json_object_set_new(pb, "title", json_string(big.data));
	json_object_set_new(pb, "threat", json_string(big.data));
	json_object_set_new(pb, "state", json_string("watching"));
	json_object_set_new(pb, "owners", json_pack("[s,s]", big.data, EVIL));
	st = json_object();
	json_object_set_new(st, "name", json_string(big.data));
	json_object_set_new(st, "steps", steps);
	json_object_set_new(pb, "next_stage", st);
	json_object_set_new(pb, "stages", stages);
	json_object_set_new(pb, "dont", json_pack("[s,s,s]", big.data,
	    big.data, big.data));
	json_object_set_new(a, "schema", json_string("sigwatch.alert/1"));
	json_object_set_new(a, "id", json_string("4242424242424242"));
	json_object_set_new(a, "kind", json_string(kind));
	json_object_set_new(a, "severity", json_string("high"));
	json_object_set_new(a, "competitor", json_string(big.data));
	json_object_set_new(a, "playbook", pb);
	json_object_set_new(a, "evidence", json_deep_copy(hits));
	json_object_set_new(a, "evidence_total", json_integer((json_int_t)
	    nhits));
	json_object_set_new(a, "hits", hits);
	json_object_set_new(a, "hits_total", json_integer((json_int_t)nhits));
	json_object_set_new(a, "source", json_pack("{s:s,s:s,s:s,s:s}", "id",
	    big.data, "url", big.data, "kind", EVIL, "last_error", big.data));
	r = json_dumps(a, JSON_COMPACT);
	json_decref(a);
	buf_release(&big);
	buf_release(&step);
	return r;
}

static void
hostile_checks(const struct vstat *v, const char *p, int known)
{
	T_ASSERT(strstr(p, "<!channel") == NULL);
	T_ASSERT(strstr(p, "<@U123") == NULL);
	T_ASSERT(strstr(p, "<https://evil") == NULL);
	T_ASSERT(strstr(p, "javascript:") == NULL ||
	    strstr(p, "<javascript:") == NULL);
	T_ASSERT(strstr(v->all.data, "<javascript") == NULL);
	T_CONTAINS(v->context.data, "Alert `4242424242424242`");
	T_ASSERT(v->total <= 8000);
	if (!known)
		return;
	T_CONTAINS(v->all.data, "&lt;!channel&gt;");
	T_CONTAINS(v->all.data, "&lt;https://evil.example|Click to verify&gt;");
	T_CONTAINS(v->all.data, "a &amp; b &gt; c");
	T_CONTAINS(v->all.data, "\xef\xbc\xa0" "channel \xef\xbc\xa0" "Here");
}

static void
test_notify__hostile_signal(void)
{
	struct vstat v;
	char *a = hostile_alert(100 * 1024, 70, "signal"), *p;
	char more[64];

	p = notify_slack_payload(a, strlen(a));
	validate(p, 1, &v);
	T_ASSERT(p != NULL);
	if (p == NULL)
		goto out;
	hostile_checks(&v, p, 1);
	/* look-alikes, not formatting, in feed text */
	T_CONTAINS(v.all.data, "\xe2\x88\x97" "bold\xe2\x88\x97");
	T_CONTAINS(v.all.data, "\xef\xbc\xbf" "it\xef\xbc\xbf");
	T_CONTAINS(v.all.data, "\xcb\x8b" "code\xcb\x8b");
	/* the safe link was percent-encoded, the javascript: one unlinked */
	T_CONTAINS(v.all.data, "<https://ok.example/a%7Cb%3Ec%3Cd%20e%22f|");
	/* long links whole, never cut */
	T_CONTAINS(v.all.data, "aaaaaa|");
	T_CONTAINS(v.all.data, "<https://long.example/");
	T_CONTAINS(v.all.data, "<https://src.example/");
	T_ASSERT(v.hits >= 1 && v.hits <= 10);
	snprintf(more, sizeof(more), "*+%zu more items*", 70 - v.hits);
	T_CONTAINS(v.all.data, more);
	T_CONTAINS(v.header.data, " \xc2\xb7 70 new items");
	T_CONTAINS(v.header.data, "\xe2\x80\xa6");
	T_CONTAINS(v.text.data, "(+69 more)");
	T_CONTAINS(v.all.data, "more steps in the playbook");
out:
	vstat_release(&v);
	free(p);
	free(a);
}

static void
test_notify__hostile_other_kinds(void)
{
	static const char *kinds[] = { "playbook-activated", "source-broken",
	    "source-recovered", "no-such-kind" };

	for (size_t k = 0; k < 4; k++) {
		struct vstat v;
		char *a = hostile_alert(100 * 1024, 70, kinds[k]), *p, *m;

		p = notify_slack_payload(a, strlen(a));
		validate(p, 1, &v);
		if (p != NULL)
			hostile_checks(&v, p, k < 3);
		if (k == 0) {
			const char *e = strstr(v.all.data, "\n+6");

			/* some new items and evidence lines, then "+N
			 * more" of 70 each */
			T_CONTAINS(v.all.data, "more items*");
			T_CONTAINS(v.all.data, "plan cut here");
			T_ASSERT(e != NULL && strncmp(e + 4, " more", 5) == 0);
		}
		vstat_release(&v);
		m = notify_slack_minimal(a, strlen(a));
		validate(m, 0, &v);
		T_ASSERT(m == NULL || strstr(m, "<!channel") == NULL);
		T_CONTAINS(v.text.data, "4242424242424242");
		vstat_release(&v);
		free(m);
		free(p);
		free(a);
	}
}

static void
test_notify__entities_never_cut(void)
{
	/* & turns into 5 code points: every cut lands on an entity */
	for (size_t n = 140; n < 160; n++) {
		struct buf t = BUF_INIT, j = BUF_INIT;
		struct vstat v;
		char *p;

		for (size_t i = 0; i < n; i++)
			buf_addch(&t, i % 3 ? '&' : '<');
		buf_addf(&j, "{\"kind\":\"signal\",\"id\":\"abc\",\"severity\":"
		    "\"low\",\"hits\":[{\"rule_title\":\"%s\",\"title\":\"%s\","
		    "\"excerpt\":\"%s\",\"match\":\"&\"}]}", t.data, t.data,
		    t.data);
		p = notify_slack_payload(j.data, j.len);
		validate(p, 1, &v);
		T_CONTAINS(v.header.data, "&amp;\xe2\x80\xa6");
		T_ASSERT(strncmp(v.header.data, "\xf0\x9f\x94\xb5 LOW", 8) == 0);
		vstat_release(&v);
		free(p);
		buf_release(&t);
		buf_release(&j);
	}
}

static void
test_notify__astral_header(void)
{
	struct buf t = BUF_INIT, j = BUF_INIT;
	struct vstat v;
	char *p;

	for (int i = 0; i < 200; i++)
		buf_addstr(&t, "\xf0\x9f\x98\x80");	/* U+1F600 */
	buf_addf(&j, "{\"kind\":\"signal\",\"id\":\"abc\",\"severity\":"
	    "\"high\",\"competitor\":\"cloudflare\",\"hits\":[{\"rule_title\":"
	    "\"%s\",\"title\":\"%s\",\"excerpt\":\"%s\",\"match\":\"x\"}]}",
	    t.data, t.data, t.data);
	p = notify_slack_payload(j.data, j.len);
	validate(p, 1, &v);
	T_ASSERT(cps(v.header.data) <= 150 && cps(v.header.data) >= 140);
	T_CONTAINS(v.header.data, "\xf0\x9f\x98\x80\xe2\x80\xa6");
	vstat_release(&v);
	free(p);
	buf_release(&t);
	buf_release(&j);
}

static void
test_notify__bad_bytes(void)
{
	/* invalid UTF-8, a raw NUL and an escaped one, bidi overrides */
	static const char a[] = "{\"kind\":\"signal\",\"id\":\"0123456789abcdef\","
	    "\"severity\":\"medium\",\"competitor\":\"cloud\xff" "flare\","
	    "\"hits\":[{\"rule\":\"r\",\"title\":\"pay\xe2\x80\xae" "lpd.exe "
	    "\xc3\x28 nul\\u0000here \xed\xa0\x80 raw\0byte\","
	    "\"excerpt\":\"abc \xe2\x81\xa6mesh\xe2\x81\xa9 \xf8\x88\x80\x80\x80 "
	    "x\",\"match\":\"mesh\",\"link\":\"https://a.example/\xe2\x80\xae"
	    "x\"}]}";
	struct vstat v;
	char *p = notify_slack_payload(a, sizeof(a) - 1), *w, *m;

	validate(p, 1, &v);
	T_ASSERT(p != NULL);
	if (p != NULL) {
		T_ASSERT(strstr(p, "\xe2\x80\xae") == NULL);
		T_ASSERT(strstr(p, "\xe2\x81\xa6") == NULL);
		T_ASSERT(strstr(p, "\\u0000") == NULL);
		T_CONTAINS(v.all.data, "\xef\xbf\xbd");	/* U+FFFD */
		T_CONTAINS(v.all.data, "nulhere");
		T_CONTAINS(v.all.data, "rawbyte");
		T_CONTAINS(v.all.data, ">abc *mesh* ");
		T_CONTAINS(v.header.data, "\xf0\x9f\x9f\xa0 MEDIUM");
	}
	vstat_release(&v);
	w = notify_webhook_body(a, sizeof(a) - 1);
	T_ASSERT(w != NULL && strchr(w, '\n') == NULL);
	m = notify_slack_minimal(a, sizeof(a) - 1);
	validate(m, 0, &v);
	vstat_release(&v);
	free(m);
	free(w);
	free(p);
}

static void
test_notify__minimal(void)
{
	size_t len;
	char *a = fixture("signal-zscaler-acquisition.json", &len), *m;
	struct vstat v;

	T_ASSERT(a != NULL);
	if (a == NULL)
		return;
	m = notify_slack_minimal(a, len);
	validate(m, 0, &v);
	T_CONTAINS(v.text.data, "[CRITICAL] Zscaler: If Zscaler acquires "
	    "ZeroTier or Twingate - Zscaler to Acquire Twingate");
	T_CONTAINS(v.text.data, "<https://www.zscaler.com/press/zscaler-"
	    "acquire-twingate|Zscaler to Acquire Twingate, Extending Zero "
	    "Trust to Small &amp; Mid-Sized Teams>");
	T_CONTAINS(v.text.data, "Alert c07d2e9f4a6b1358");
	vstat_release(&v);
	free(m);
	free(a);
}

static void
test_notify__webhook_body(void)
{
	static const char *names[] = { "signal-cloudflare-mesh.json",
	    "playbook-activated-cloudflare-connect.json",
	    "source-broken.json" };

	for (size_t i = 0; i < 3; i++) {
		size_t len;
		char *a = fixture(names[i], &len), *b, *s;
		json_t *ja, *jb;

		T_ASSERT(a != NULL);
		if (a == NULL)
			continue;
		b = notify_webhook_body(a, len);
		s = notify_stdout_line(a, len);
		T_ASSERT(b != NULL && s != NULL);
		T_ASSERT(b != NULL && strchr(b, '\n') == NULL);
		T_ASSERT(s != NULL && strchr(s, '\n') == NULL);
		ja = json_loadb(a, len, 0, NULL);
		jb = b ? json_loads(b, 0, NULL) : NULL;
		T_ASSERT(json_equal(ja, jb));
		T_ASSERT(b != NULL && strncmp(b, "{\"schema\":", 10) == 0);
		json_decref(ja);
		json_decref(jb);
		free(a);
		free(b);
		free(s);
	}
}

static void
test_notify__not_an_alert(void)
{
	static const char *bad[] = { "", "[]", "{}", "garbage",
	    "{\"kind\":3}", "\"signal\"", "{\"kind\":\"signal\"" };

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		T_ASSERT(notify_slack_payload(bad[i], strlen(bad[i])) == NULL);
		T_ASSERT(notify_slack_minimal(bad[i], strlen(bad[i])) == NULL);
		T_ASSERT(notify_webhook_body(bad[i], strlen(bad[i])) == NULL);
	}
	T_ASSERT(notify_slack_payload(NULL, 0) == NULL);
}

static void
test_notify__hmac_vector(void)
{
	char hex[65];
	static const char data[] = "what do ya want for nothing?";

	/* RFC 4231 test case 2 */
	notify_hmac_sha256_hex(hex, "Jefe", 4, data, strlen(data));
	T_EQ_STR(hex, "5bdcc146bf60754e6a042426089575c7"
	    "5a003f089d2739839dec58b964ec3843");
}

static void
test_notify__sign(void)
{
	static const char body[] = "{\"schema\":\"sigwatch.alert/1\","
	    "\"id\":\"3f9a1c27b84e0d61\"}";
	static const char key[] = "s3cr3t-webhook-key";
	char *ts = NULL, *sig = NULL, want[65], tmpl[] = "/tmp/sigwatch-"
	    "hmac-XXXXXX", cmd[256], line[512];
	struct buf msg = BUF_INIT;
	FILE *fp;
	int fd;

	notify_webhook_sign(&ts, &sig, key, strlen(key), body, strlen(body),
	    1795420800);
	T_EQ_STR(ts, "X-Sigwatch-Timestamp: 1795420800");
	buf_addf(&msg, "1795420800.%s", body);
	notify_hmac_sha256_hex(want, key, strlen(key), msg.data, msg.len);
	T_ASSERT(sig != NULL && strncmp(sig, "X-Sigwatch-Signature: sha256=",
	    29) == 0);
	T_EQ_STR(sig ? sig + 29 : NULL, want);

	/* and the same as the openssl command line, when installed */
	if (system("command -v openssl >/dev/null 2>&1") != 0) {
		fprintf(stderr, "openssl CLI not found, skipping\n");
		goto out;
	}
	fd = mkstemp(tmpl);
	T_ASSERT(fd >= 0);
	if (fd < 0)
		goto out;
	T_ASSERT(write(fd, msg.data, msg.len) == (ssize_t)msg.len);
	close(fd);
	snprintf(cmd, sizeof(cmd), "openssl dgst -sha256 -hmac '%s' '%s'",
	    key, tmpl);
	fp = popen(cmd, "r");
	T_ASSERT(fp != NULL);
	if (fp != NULL) {
		line[0] = '\0';
		T_ASSERT(fgets(line, sizeof(line), fp) != NULL);
		pclose(fp);
		line[strcspn(line, "\n")] = '\0';
		T_ASSERT(strlen(line) > 64);
		T_EQ_STR(line + (strlen(line) > 64 ? strlen(line) - 64 : 0),
		    sig ? sig + 29 : "");
	}
	unlink(tmpl);
out:
	buf_release(&msg);
	free(ts);
	free(sig);
}

static void
test_notify__classify(void)
{
	static const struct {
		long		 status;
		const char	*body;
		enum deliver_verdict want;
		const char	*reason;
	} cases[] = {
		{ 200, "ok", DELIVER_OK, "200 ok" },
		{ 204, "", DELIVER_OK, NULL },
		{ 202, "{\"status\":\"success\"}", DELIVER_OK, NULL },
		{ 0, NULL, DELIVER_RETRY, "no response" },
		{ 500, "rollup_error", DELIVER_RETRY, "500 rollup_error" },
		{ 503, "", DELIVER_RETRY, "HTTP 503" },
		{ 502, "<html><body>Bad gateway</body></html>", DELIVER_RETRY,
		    "HTTP 502" },
		{ 429, "{\"ok\":false,\"error\":\"rate_limited\"}",
		    DELIVER_RATELIMIT, "429 rate_limited" },
		{ 429, "", DELIVER_RATELIMIT, "429 rate limited" },
		{ 400, "invalid_payload", DELIVER_PAYLOAD,
		    "400 invalid_payload" },
		{ 400, "no_text\n", DELIVER_PAYLOAD, "400 no_text" },
		{ 400, "invalid_blocks", DELIVER_PAYLOAD, NULL },
		{ 400, "invalid_blocks_format", DELIVER_PAYLOAD, NULL },
		{ 400, "msg_blocks_too_long", DELIVER_PAYLOAD, NULL },
		{ 400, "missing_text_or_fallback_or_attachments",
		    DELIVER_PAYLOAD, NULL },
		{ 400, "too_many_attachments", DELIVER_PAYLOAD, NULL },
		{ 404, "no_service", DELIVER_CONFIG, "404 no_service" },
		{ 403, "invalid_token", DELIVER_CONFIG, "403 invalid_token" },
		{ 403, "{\"ok\":false,\"error\":\"invalid_token\"}",
		    DELIVER_CONFIG, "403 invalid_token" },
		{ 404, "channel_not_found", DELIVER_CONFIG, NULL },
		{ 410, "channel_is_archived", DELIVER_CONFIG,
		    "410 channel_is_archived" },
		{ 403, "action_prohibited", DELIVER_CONFIG, NULL },
		{ 403, "posting_to_general_channel_denied", DELIVER_CONFIG,
		    NULL },
		{ 403, "team_disabled", DELIVER_CONFIG, NULL },
		{ 404, "no_team", DELIVER_CONFIG, NULL },
		{ 404, "no_active_hooks", DELIVER_CONFIG, NULL },
		{ 400, "user_not_found", DELIVER_CONFIG, NULL },
		{ 400, "  invalid_token  ", DELIVER_CONFIG, "400 invalid_token" },
		{ 404, "Not Found", DELIVER_DEAD, "HTTP 404: Not Found" },
		{ 400, "something_else", DELIVER_DEAD, "400 something_else" },
		{ 401, "", DELIVER_DEAD, "HTTP 401" },
		{ 301, "moved", DELIVER_DEAD, "301 unexpected redirect" },
		{ 302, "", DELIVER_DEAD, "302 unexpected redirect" },
		{ 413, "", DELIVER_PAYLOAD, "413 payload too large" },
		{ 408, "", DELIVER_RETRY, "408 request timeout" },
		{ 100, "", DELIVER_RETRY, NULL },
	};
	char reason[128];

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		enum deliver_verdict v;

		memset(reason, 'x', sizeof(reason));
		v = notify_classify(cases[i].status, cases[i].body, reason);
		if (v != cases[i].want)
			fprintf(stderr, "case %zu: %ld %s -> %s\n", i,
			    cases[i].status, cases[i].body ? cases[i].body :
			    "(null)", deliver_verdict_name(v));
		T_EQ_INT(v, cases[i].want);
		T_ASSERT(memchr(reason, '\0', sizeof(reason)) != NULL);
		if (cases[i].reason != NULL)
			T_EQ_STR(reason, cases[i].reason);
	}
	T_EQ_STR(deliver_verdict_name(DELIVER_CONFIG), "config");
	T_EQ_STR(deliver_verdict_name(DELIVER_PAYLOAD), "payload");
}

static void
test_notify__classify_sanitises(void)
{
	struct buf body = BUF_INIT;
	char reason[128];

	/* a long, binary, newline-ridden body: short printable reason */
	for (int i = 0; i < 500; i++)
		buf_addstr(&body, "\x1b[31mE\xff\n\t");
	T_EQ_INT(notify_classify(418, body.data, reason), DELIVER_DEAD);
	T_ASSERT(strlen(reason) < 128);
	for (const char *p = reason; *p != '\0'; p++)
		T_ASSERT(*p >= 0x20 && *p <= 0x7e);
	T_CONTAINS(reason, "HTTP 418: ");
	buf_release(&body);
}

/* fuzz find: an upper-case scheme made "<httPs://" links */
static void
test_notify__scheme_lowercased(void)
{
	size_t len;
	char *a = fixture("signal-cloudflare-mesh.json", &len), *j, *p;
	json_t *root, *hit;
	struct vstat v;

	T_ASSERT(a != NULL);
	if (a == NULL)
		return;
	root = json_loadb(a, len, 0, NULL);
	hit = json_array_get(json_object_get(root, "hits"), 0);
	T_ASSERT(hit != NULL);
	json_object_set_new(hit, "link", json_string(
	    "HttPS://Blog.Example/A|B?Q=1"));
	j = json_dumps(root, JSON_COMPACT);
	p = notify_slack_payload(j, strlen(j));
	validate(p, 1, &v);
	T_CONTAINS(v.all.data, "<https://Blog.Example/A%7CB?Q=1|");
	T_ASSERT(strstr(v.all.data, "HttPS") == NULL);
	vstat_release(&v);
	free(p);
	free(j);
	json_decref(root);
	free(a);
}

T_MAIN(
	T_CASE(test_notify__signal_cloudflare),
	T_CASE(test_notify__signal_grouped),
	T_CASE(test_notify__activation),
	T_CASE(test_notify__grammar),
	T_CASE(test_notify__copyable),
	T_CASE(test_notify__deactivation),
	T_CASE(test_notify__preview),
	T_CASE(test_notify__digest),
	T_CASE(test_notify__source_health),
	T_CASE(test_notify__hostile_signal),
	T_CASE(test_notify__hostile_other_kinds),
	T_CASE(test_notify__entities_never_cut),
	T_CASE(test_notify__astral_header),
	T_CASE(test_notify__bad_bytes),
	T_CASE(test_notify__minimal),
	T_CASE(test_notify__webhook_body),
	T_CASE(test_notify__not_an_alert),
	T_CASE(test_notify__hmac_vector),
	T_CASE(test_notify__sign),
	T_CASE(test_notify__classify),
	T_CASE(test_notify__classify_sanitises),
	T_CASE(test_notify__scheme_lowercased)
)
