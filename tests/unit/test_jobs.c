#include "jobs.h"

#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "err.h"
#include "item.h"
#include "util.h"
#include "t.h"

#define FIX "tests/fixtures/jobs/"

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

/* parse a whole string as one page of kind */
static int
parse_str(struct itemset *set, enum source_kind kind, const char *s,
    struct err *e)
{
	struct jobs_page pg = JOBS_PAGE_INIT;
	int rc;

	rc = jobs_parse(set, kind, s, strlen(s), "https://example.com/x",
	    &pg, e);
	T_EQ_INT(pg.more, 0);
	jobs_page_release(&pg);
	return rc;
}

static int
has_cat(const struct item *it, const char *c)
{
	for (size_t i = 0; i < it->ncategories; i++)
		if (strcmp(it->categories[i], c) == 0)
			return 1;
	return 0;
}

static void
test_jobs__greenhouse(void)
{
	struct itemset set = ITEMSET_INIT;
	struct jobs_page pg = JOBS_PAGE_INIT;
	struct err e = ERR_INIT;
	size_t len;
	char *data = load("greenhouse.json", &len), *u, ts[32];
	const struct item *it;

	T_EQ_INT(jobs_parse(&set, KIND_GREENHOUSE, data, len,
	    "https://boards-api.greenhouse.io/v1/boards/cloudflare/jobs?"
	    "content=true", &pg, &e), 0);
	T_EQ_INT(pg.more, 0);
	T_ASSERT(pg.post_body == NULL);
	T_EQ_STR(set.kind, "greenhouse");
	T_EQ_INT(set.n, 3);
	if (set.n != 3)
		goto out;
	it = &set.items[0];
	T_EQ_STR(it->id, "8077075");
	T_EQ_STR(it->title, "Product Manager, Zero Trust");
	T_EQ_STR(it->link, "https://boards.greenhouse.io/cloudflare/jobs/"
	    "8077075?gh_jid=8077075");
	/* no first_published: updated_at, with its offset */
	fmt_time(ts, it->published);
	T_EQ_STR(ts, "2026-09-01T14:55:28Z");
	/* the escaping pin: one layer removed, then HTML -> text */
	T_CONTAINS(it->text, "Own our ZTNA roadmap.");
	T_CONTAINS(it->text, "What you\xe2\x80\x99ll do");
	T_CONTAINS(it->text, "Ship the <script> sandbox");
	T_CONTAINS(it->text, "Talk to AT&T");
	T_ASSERT(strstr(it->text, "alert(1)") == NULL);
	T_ASSERT(strstr(it->text, "&lt;") == NULL);
	T_ASSERT(strstr(it->text, "<strong>") == NULL);
	T_ASSERT(has_cat(it, "Austin, TX"));
	T_ASSERT(has_cat(it, "Product"));
	T_ASSERT(has_cat(it, "Austin"));

	it = &set.items[1];
	T_EQ_STR(it->id, "8077101");
	T_EQ_STR(it->title, "Senior Software Engineer, Access");
	fmt_time(ts, it->published);
	T_EQ_STR(ts, "2026-08-20T12:00:00Z");
	fmt_time(ts, it->updated);
	T_EQ_STR(ts, "2026-08-28T09:00:00Z");
	T_EQ_STR(it->text, "Build device posture checks for WARP.");
	T_ASSERT(has_cat(it, "Engineering"));
	T_ASSERT(has_cat(it, "Zero Trust"));
	T_ASSERT(has_cat(it, "Remote - US"));

	/* a relative absolute_url resolves against the API URL */
	it = &set.items[2];
	T_EQ_STR(it->link, "https://boards-api.greenhouse.io/cloudflare/jobs/"
	    "8077222");
	T_CONTAINS(it->text, "VPN\xc2\xa0" "concentrators");

	/* Greenhouse never pages */
	u = jobs_url(KIND_GREENHOUSE, "https://boards-api.greenhouse.io/v1/"
	    "boards/x/jobs?content=true", 500);
	T_EQ_STR(u, "https://boards-api.greenhouse.io/v1/boards/x/jobs?"
	    "content=true");
	free(u);
	T_ASSERT(jobs_post_body(KIND_GREENHOUSE, 0) == NULL);
out:
	jobs_page_release(&pg);
	itemset_release(&set);
	free(data);
}

static void
test_jobs__lever_paging(void)
{
	struct itemset set = ITEMSET_INIT;
	struct jobs_page pg = JOBS_PAGE_INIT;
	struct err e = ERR_INIT;
	const char *api = "https://api.lever.co/v0/postings/acme?mode=json";
	size_t len1, len2;
	char *p1 = load("lever-page1.json", &len1);
	char *p2 = load("lever-page2.json", &len2);
	char *u, ts[32];
	const struct item *it;

	u = jobs_url(KIND_LEVER, api, 0);
	T_EQ_STR(u, "https://api.lever.co/v0/postings/acme?mode=json&skip=0"
	    "&limit=100");
	free(u);
	T_ASSERT(jobs_post_body(KIND_LEVER, 0) == NULL);

	T_EQ_INT(jobs_parse(&set, KIND_LEVER, p1, len1, api, &pg, &e), 0);
	T_EQ_INT(set.n, 100);
	T_EQ_INT(pg.more, 1);
	T_EQ_INT(pg.next_offset, 100);
	T_ASSERT(pg.post_body == NULL);
	u = jobs_url(KIND_LEVER, api, pg.next_offset);
	T_EQ_STR(u, "https://api.lever.co/v0/postings/acme?mode=json"
	    "&skip=100&limit=100");
	free(u);

	pg.offset = pg.next_offset;
	T_EQ_INT(jobs_parse(&set, KIND_LEVER, p2, len2, api, &pg, &e), 0);
	T_EQ_INT(set.n, 103);
	T_EQ_INT(pg.more, 0);
	if (set.n != 103)
		goto out;
	it = &set.items[0];
	T_EQ_STR(it->id, "5f1c0000-aaaa-bbbb-cccc-0123456789ab");
	T_EQ_STR(it->title, "Network Engineer 0");
	T_EQ_STR(it->link, "https://jobs.lever.co/acme/5f1c0000-aaaa-bbbb-"
	    "cccc-0123456789ab");
	fmt_time(ts, it->published);
	T_EQ_STR(ts, "2025-09-01T00:00:00Z");
	T_EQ_STR(it->text, "We are building a mesh VPN.\nPosting 0.\n"
	    "Requirements\nWireGuard\nBGP & OSPF\n"
	    "Equal opportunity employer.");
	T_ASSERT(has_cat(it, "Remote - US"));
	T_ASSERT(has_cat(it, "Engineering"));
	T_ASSERT(has_cat(it, "R&D"));
	T_ASSERT(has_cat(it, "Full-time"));
	/* HTML fallbacks for description and additional */
	it = &set.items[102];
	T_CONTAINS(it->text, "Design ZTNA policy engines.");
	T_CONTAINS(it->text, "Visa sponsorship available.");
	T_ASSERT(strstr(it->text, "var x") == NULL);

	/* a re-served first page (skip ignored) adds nothing, stops */
	pg.offset = 200;
	T_EQ_INT(jobs_parse(&set, KIND_LEVER, p1, len1, api, &pg, &e), 0);
	T_EQ_INT(set.n, 103);
	T_EQ_INT(pg.more, 0);

	/* existing skip/limit parameters are replaced, others kept */
	u = jobs_url(KIND_LEVER, "https://api.eu.lever.co/v0/postings/x?"
	    "skip=7&team=Eng&limit=5", 300);
	T_EQ_STR(u, "https://api.eu.lever.co/v0/postings/x?team=Eng&skip=300"
	    "&limit=100");
	free(u);
	u = jobs_url(KIND_LEVER, "https://api.lever.co/v0/postings/x", 0);
	T_EQ_STR(u, "https://api.lever.co/v0/postings/x?skip=0&limit=100");
	free(u);
out:
	jobs_page_release(&pg);
	itemset_release(&set);
	free(p1);
	free(p2);
}

static void
test_jobs__ashby(void)
{
	struct itemset set = ITEMSET_INIT;
	struct err e = ERR_INIT;
	size_t len;
	char *data = load("ashby.json", &len), ts[32];
	const struct item *it;

	T_EQ_INT(parse_str(&set, KIND_ASHBY, data, &e), 0);
	T_EQ_STR(set.kind, "ashby");
	/* isListed false is skipped */
	T_EQ_INT(set.n, 2);
	if (set.n != 2)
		goto out;
	it = &set.items[0];
	T_EQ_STR(it->id, "a1b2c3d4-0000-4000-8000-000000000001");
	T_EQ_STR(it->title, "Solutions Engineer");
	T_EQ_STR(it->link, "https://jobs.ashbyhq.com/acme/a1b2c3d4-0000-4000-"
	    "8000-000000000001");
	/* descriptionPlain wins over descriptionHtml */
	T_EQ_STR(it->text, "You will demo our mesh.\nTravel: 25%");
	fmt_time(ts, it->published);
	T_EQ_STR(ts, "2026-08-30T17:02:11Z");
	T_ASSERT(has_cat(it, "Remote"));
	T_ASSERT(has_cat(it, "Sales"));
	T_ASSERT(has_cat(it, "SE"));
	T_ASSERT(has_cat(it, "FullTime"));
	it = &set.items[1];
	T_EQ_STR(it->id, "a1b2c3d4-0000-4000-8000-000000000003");
	T_EQ_STR(it->text, "Design the admin console.");
	T_ASSERT(has_cat(it, "Contract"));
out:
	itemset_release(&set);
	free(data);
}

static void
test_jobs__workday_paging(void)
{
	static const char *const pages[] = {
		"workday-page1.json", "workday-page2.json",
		"workday-page3.json"
	};
	struct itemset set = ITEMSET_INIT;
	struct jobs_page pg = JOBS_PAGE_INIT;
	struct err e = ERR_INIT;
	const char *api = "https://paloaltonetworks.wd5.myworkdayjobs.com/"
	    "wday/cxs/paloaltonetworks/panwexternalcareers/jobs";
	char *body, *u;
	size_t i, len;
	const struct item *it;

	body = jobs_post_body(KIND_WORKDAY, 0);
	T_EQ_STR(body, "{\"appliedFacets\":{},\"limit\":20,\"offset\":0,"
	    "\"searchText\":\"\"}");
	free(body);
	u = jobs_url(KIND_WORKDAY, api, 40);
	T_EQ_STR(u, api);
	free(u);
	for (i = 0; i < 3; i++) {
		char *data = load(pages[i], &len);

		T_EQ_INT(jobs_parse(&set, KIND_WORKDAY, data, len, api, &pg,
		    &e), 0);
		free(data);
		if (i < 2) {
			/* page 2 says total 0: the first total still holds */
			T_EQ_INT(pg.more, 1);
			T_EQ_INT(pg.next_offset, (i + 1) * 20);
			T_CONTAINS(pg.post_body, i == 0 ? "\"offset\":20," :
			    "\"offset\":40,");
		} else {
			T_EQ_INT(pg.more, 0);
			T_ASSERT(pg.post_body == NULL);
		}
		pg.offset = pg.next_offset;
	}
	T_EQ_STR(set.kind, "workday");
	T_EQ_INT(set.n, 45);
	if (set.n != 45)
		goto out;
	it = &set.items[1];
	T_EQ_STR(it->id, "/job/Santa-Clara-CA/Staff-Engineer--Prisma-Access_"
	    "JR00001");
	T_EQ_STR(it->title, "Staff Engineer, Prisma Access 1");
	T_EQ_STR(it->link, "https://paloaltonetworks.wd5.myworkdayjobs.com/"
	    "panwexternalcareers/job/Santa-Clara-CA/Staff-Engineer--Prisma-"
	    "Access_JR00001");
	T_EQ_INT(it->published, TIME_NONE);
	T_EQ_STR(it->text, "Santa Clara, CA");
	T_ASSERT(has_cat(it, "Santa Clara, CA"));

	/* a posting without externalPath is identified by its reqId */
	itemset_release(&set);
	jobs_page_release(&pg);
	T_EQ_INT(parse_str(&set, KIND_WORKDAY, "{\"total\":1,\"jobPostings\":"
	    "[{\"title\":\"SE\",\"bulletFields\":[\"JR999\"]}]}", &e), 0);
	T_EQ_INT(set.n, 1);
	if (set.n == 1) {
		T_EQ_STR(set.items[0].id, "JR999");
		T_ASSERT(set.items[0].link == NULL);
	}
out:
	jobs_page_release(&pg);
	itemset_release(&set);
}

static void
test_jobs__workday_page_cap(void)
{
	struct itemset set = ITEMSET_INIT;
	struct jobs_page pg = JOBS_PAGE_INIT;
	struct err e = ERR_INIT;
	struct buf b = BUF_INIT;
	size_t pages = 0;

	/* a server announcing a million jobs gets 50 pages at most */
	while (pages < 100) {
		buf_reset(&b);
		buf_addstr(&b, "{\"total\":1000000,\"jobPostings\":[");
		for (size_t i = 0; i < 20; i++)
			buf_addf(&b, "%s{\"title\":\"t\",\"externalPath\":"
			    "\"/job/%zu\"}", i ? "," : "", pg.offset + i);
		buf_addstr(&b, "]}");
		T_EQ_INT(jobs_parse(&set, KIND_WORKDAY, b.data, b.len,
		    "https://x.wd1.myworkdayjobs.com/wday/cxs/x/Ext/jobs",
		    &pg, &e), 0);
		pages++;
		if (!pg.more)
			break;
		pg.offset = pg.next_offset;
	}
	T_EQ_INT(pages, JOBS_WORKDAY_PAGES);
	T_EQ_INT(set.n, JOBS_WORKDAY_PAGES * 20);
	buf_release(&b);
	jobs_page_release(&pg);
	itemset_release(&set);
}

static void
test_jobs__schema_drift(void)
{
	static const struct {
		enum source_kind kind;
		const char	*json;
		const char	*msg;
	} cases[] = {
		{ KIND_GREENHOUSE, "{\"error\":\"not found\"}",
		    "schema_drift: expected an object with a \"jobs\" array" },
		{ KIND_GREENHOUSE, "{\"jobs\":{\"1\":{}}}", "schema_drift" },
		{ KIND_GREENHOUSE, "[]", "schema_drift" },
		{ KIND_LEVER, "{\"ok\":false,\"error\":\"Document not found\"}",
		    "schema_drift: expected a JSON array" },
		{ KIND_ASHBY, "{\"apiVersion\":\"1\",\"jobs\":null}",
		    "schema_drift" },
		{ KIND_WORKDAY, "{\"jobPostings\":[]}", "numeric \"total\"" },
		{ KIND_WORKDAY, "{\"total\":\"3\",\"jobPostings\":[]}",
		    "schema_drift" },
		/* ids of the wrong type on every job */
		{ KIND_GREENHOUSE, "{\"jobs\":[{\"id\":\"1\",\"title\":\"a\"},"
		    "{\"id\":\"2\",\"title\":\"b\"}]}",
		    "schema_drift: 2 of 2 jobs" },
		{ KIND_LEVER, "[{\"id\":1,\"text\":\"a\"},{\"id\":2,"
		    "\"text\":\"b\"},{\"id\":\"x\",\"text\":\"c\"}]",
		    "schema_drift: 2 of 3 jobs" },
		{ KIND_ASHBY, "{\"jobs\":[1,2,3]}", "schema_drift: 3 of 3" },
		{ KIND_GREENHOUSE, "{\"jobs\":[{\"id\":1,\"title\":null}]}",
		    "schema_drift: 1 of 1" },
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct itemset set = ITEMSET_INIT;
		struct err e = ERR_INIT;

		T_EQ_INT(parse_str(&set, cases[i].kind, cases[i].json, &e),
		    ERR_SCHEMA);
		T_CONTAINS(e.msg, cases[i].msg);
		T_EQ_INT(set.n, 0);
		itemset_release(&set);
	}
}

static void
test_jobs__minority_bad_skipped(void)
{
	struct itemset set = ITEMSET_INIT;
	struct err e = ERR_INIT;

	/* one bad job of three is skipped, the rest kept */
	T_EQ_INT(parse_str(&set, KIND_GREENHOUSE, "{\"jobs\":["
	    "{\"id\":1,\"title\":\"A\",\"absolute_url\":\"javascript:x()\"},"
	    "{\"id\":1.5,\"title\":\"B\"},"
	    "{\"id\":3,\"title\":\"C\",\"location\":\"not an object\","
	    "\"departments\":\"nope\",\"content\":7,\"updated_at\":5},"
	    "{\"id\":1,\"title\":\"duplicate\"}]}", &e), 0);
	T_EQ_INT(set.n, 2);
	if (set.n == 2) {
		T_EQ_STR(set.items[0].id, "1");
		T_EQ_STR(set.items[0].title, "A");
		/* non-http links are dropped */
		T_ASSERT(set.items[0].link == NULL);
		T_EQ_STR(set.items[1].id, "3");
		T_EQ_STR(set.items[1].text, "");
		T_EQ_INT(set.items[1].ncategories, 0);
		T_EQ_INT(set.items[1].published, TIME_NONE);
	}
	itemset_release(&set);

	/* an empty board is zero jobs, not an error */
	T_EQ_INT(parse_str(&set, KIND_ASHBY, "{\"apiVersion\":\"1\","
	    "\"jobs\":[]}", &e), 0);
	T_EQ_INT(set.n, 0);
	itemset_release(&set);
}

static void
test_jobs__invalid_json(void)
{
	struct itemset set = ITEMSET_INIT;
	struct err e = ERR_INIT;
	struct buf b = BUF_INIT;

	T_EQ_INT(parse_str(&set, KIND_GREENHOUSE, "{\"jobs\":[\n  {\"id\":1,"
	    "\"title\":}\n]}", &e), ERR_PARSE);
	T_CONTAINS(e.msg, "invalid JSON at 2:");
	err_clear(&e);

	/* duplicate keys are rejected, not "last wins" */
	T_EQ_INT(parse_str(&set, KIND_GREENHOUSE, "{\"jobs\":[],\"jobs\":"
	    "[{\"id\":1,\"title\":\"x\"}]}", &e), ERR_PARSE);
	T_CONTAINS(e.msg, "duplicate");
	err_clear(&e);

	/* an integer beyond 64 bits */
	T_EQ_INT(parse_str(&set, KIND_GREENHOUSE, "{\"jobs\":[{\"id\":"
	    "123456789012345678901234567890,\"title\":\"x\"}]}", &e),
	    ERR_PARSE);
	err_clear(&e);

	/* deep nesting: an error, no crash */
	for (int i = 0; i < 100000; i++)
		buf_addch(&b, '[');
	T_EQ_INT(parse_str(&set, KIND_LEVER, b.data, &e), ERR_PARSE);
	T_CONTAINS(e.msg, "invalid JSON");
	err_clear(&e);

	/* trailing garbage, empty body, not a job board */
	T_EQ_INT(parse_str(&set, KIND_LEVER, "[] x", &e), ERR_PARSE);
	T_EQ_INT(parse_str(&set, KIND_LEVER, "", &e), ERR_PARSE);
	T_EQ_INT(parse_str(&set, KIND_FEED, "[]", &e), ERR_CONFIG);
	T_EQ_INT(set.n, 0);
	buf_release(&b);
	itemset_release(&set);
}

static void
test_jobs__error_keeps_earlier_pages(void)
{
	struct itemset set = ITEMSET_INIT;
	struct err e = ERR_INIT;

	T_EQ_INT(parse_str(&set, KIND_LEVER, "[{\"id\":\"a\",\"text\":\"A\"}]",
	    &e), 0);
	T_EQ_INT(parse_str(&set, KIND_LEVER, "[{\"id\":\"b\",\"text\":\"B\"},"
	    "{\"id\":2,\"text\":\"C\"},{\"id\":3,\"text\":\"D\"}]", &e),
	    ERR_SCHEMA);
	/* the failing page appended nothing */
	T_EQ_INT(set.n, 1);
	itemset_release(&set);
}

T_MAIN(
	T_CASE(test_jobs__greenhouse),
	T_CASE(test_jobs__lever_paging),
	T_CASE(test_jobs__ashby),
	T_CASE(test_jobs__workday_paging),
	T_CASE(test_jobs__workday_page_cap),
	T_CASE(test_jobs__schema_drift),
	T_CASE(test_jobs__minority_bad_skipped),
	T_CASE(test_jobs__invalid_json),
	T_CASE(test_jobs__error_keeps_earlier_pages)
)
