#include "jobs.h"

#include <curl/curl.h>
#include <jansson.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "date.h"
#include "extract.h"
#include "json_util.h"
#include "lang.h"
#include "url.h"
#include "util.h"
#include "xmalloc.h"

/*
 * One parser per vendor, each a function from a job object to an item.
 * Every field is type-checked: a field of the wrong type is ignored, a job
 * whose id or title has the wrong type is skipped and counted, and a page
 * where more than half the jobs are skipped is schema drift.
 */

enum job_rc { JOB_OK, JOB_SKIP, JOB_BAD };

void
jobs_page_release(struct jobs_page *pg)
{
	free(pg->post_body);
	strset_release(&pg->ids);
	memset(pg, 0, sizeof(*pg));
}

int
jobs_kind(enum source_kind kind)
{
	switch (kind) {
	case KIND_GREENHOUSE:
	case KIND_LEVER:
	case KIND_ASHBY:
	case KIND_WORKDAY:
		return 1;
	default:
		return 0;
	}
}

static int
query_param_is(const char *p, size_t n, const char *name)
{
	size_t k = strlen(name);

	return n >= k && strncmp(p, name, k) == 0 &&
	    (n == k || p[k] == '=');
}

char *
jobs_url(enum source_kind kind, const char *url, size_t offset)
{
	CURLU *u = NULL;
	char *q = NULL, *s = NULL, *ret = NULL;
	struct buf nq = BUF_INIT;
	const char *p;

	if (url == NULL)
		return NULL;
	if (kind != KIND_LEVER)
		return xstrdup(url);
	u = curl_url();
	if (u == NULL)
		BUG("curl_url failed");
	if (curl_url_set(u, CURLUPART_URL, url, 0) != CURLUE_OK)
		goto out;
	if (curl_url_get(u, CURLUPART_QUERY, &q, 0) != CURLUE_OK)
		q = NULL;	/* no query */
	/* keep every parameter but skip and limit, in order */
	for (p = q; p && *p;) {
		const char *e = strchr(p, '&');
		size_t n = e ? (size_t)(e - p) : strlen(p);

		if (n > 0 && !query_param_is(p, n, "skip") &&
		    !query_param_is(p, n, "limit")) {
			buf_add(&nq, p, n);
			buf_addch(&nq, '&');
		}
		p += n + (e != NULL);
	}
	buf_addf(&nq, "skip=%zu&limit=%d", offset, JOBS_LEVER_LIMIT);
	if (curl_url_set(u, CURLUPART_QUERY, nq.data, 0) != CURLUE_OK ||
	    curl_url_get(u, CURLUPART_URL, &s, 0) != CURLUE_OK || s == NULL)
		goto out;
	ret = xstrdup(s);
out:
	curl_free(q);
	curl_free(s);
	curl_url_cleanup(u);
	buf_release(&nq);
	return ret;
}

char *
jobs_post_body(enum source_kind kind, size_t offset)
{
	struct buf b = BUF_INIT;

	if (kind != KIND_WORKDAY)
		return NULL;
	buf_addf(&b, "{\"appliedFacets\":{},\"limit\":%d,\"offset\":%zu,"
	    "\"searchText\":\"\"}", JOBS_WORKDAY_LIMIT, offset);
	return buf_detach(&b, NULL);
}

/* field helpers: NULL (or 0) when absent or of another type */

static void
add_cat(struct item *it, const char *s)
{
	char *c;

	if (s == NULL)
		return;
	c = extract_one_line(s);
	item_add_category(it, c);
	free(c);
}

static void
set_date(int64_t *dst, const char *s)
{
	int64_t t;

	if (s && date_parse(s, &t) == 0)
		*dst = t;
}

/* append plain text s (whitespace-normalised) as a paragraph of b */
static void
add_para(struct buf *b, const char *s)
{
	char *t;

	if (s == NULL)
		return;
	t = extract_plain(s, strlen(s));
	if (*t) {
		if (b->len)
			buf_addch(b, '\n');
		buf_addstr(b, t);
	}
	free(t);
}

static void
add_html_para(struct buf *b, const char *html)
{
	char *t;

	if (html == NULL)
		return;
	t = extract_text(html, strlen(html), NULL);
	if (*t) {
		if (b->len)
			buf_addch(b, '\n');
		buf_addstr(b, t);
	}
	free(t);
}


static int
digit_val(char c, int hex)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (hex && c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (hex && c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/*
 * One layer of HTML escaping removed: &lt; &gt; &amp; &quot; &apos; and
 * numeric references. Anything else (&nbsp;, &rsquo;, a stray &) is left
 * for the HTML parser of the next layer, which can only make text of it,
 * never markup. The input is never unescaped a second time here.
 */
static char *
unescape_once(const char *s)
{
	static const struct {
		const char	*name;
		char		 c;
	} ents[] = {
		{ "lt;", '<' }, { "gt;", '>' }, { "amp;", '&' },
		{ "quot;", '"' }, { "apos;", '\'' }
	};
	struct buf b = BUF_INIT;
	const char *p = s;

	while (*p) {
		const char *amp = strchr(p, '&');
		size_t i;

		if (amp == NULL) {
			buf_addstr(&b, p);
			break;
		}
		buf_add(&b, p, (size_t)(amp - p));
		p = amp + 1;
		for (i = 0; i < sizeof(ents) / sizeof(ents[0]); i++) {
			size_t n = strlen(ents[i].name);

			if (strncmp(p, ents[i].name, n) == 0) {
				buf_addch(&b, ents[i].c);
				p += n;
				break;
			}
		}
		if (i < sizeof(ents) / sizeof(ents[0]))
			continue;
		if (*p == '#') {
			int hex = p[1] == 'x' || p[1] == 'X';
			const char *d = p + 1 + hex, *e = d;
			unsigned long cp = 0;

			for (; e - d < 8 && digit_val(*e, hex) >= 0; e++)
				cp = cp * (hex ? 16 : 10) +
				    (unsigned long)digit_val(*e, hex);
			if (e > d && *e == ';') {
				buf_add_utf8(&b, cp);
				p = e + 1;
				continue;
			}
		}
		buf_addch(&b, '&');
	}
	return buf_detach(&b, NULL);
}

/* the id and title every posting has: JOB_BAD without either */
static enum job_rc
job_head(struct item *it, const char *id, const char *title)
{
	if (id == NULL || *id == '\0' || title == NULL)
		return JOB_BAD;
	it->id = extract_one_line(id);
	it->title = extract_one_line(title);
	return JOB_OK;
}

/* Greenhouse: {"jobs":[{"id":int,"title","absolute_url","content",...}]} */
static enum job_rc
greenhouse_job(struct item *it, const json_t *j, const char *base)
{
	const json_t *id = json_object_get(j, "id"), *a, *e;
	const char *title = json_str(j, "title"), *s;
	char num[32];
	size_t i;

	if (!json_is_integer(id))
		return JOB_BAD;
	snprintf(num, sizeof(num), "%lld", (long long)json_integer_value(id));
	if (job_head(it, num, title) != JOB_OK)
		return JOB_BAD;
	it->link = url_link(base, json_str(j, "absolute_url"));
	set_date(&it->updated, json_str(j, "updated_at"));
	set_date(&it->published, json_str(j, "first_published"));
	it->lang = lang_normalize(json_str(j, "language"));
	if (it->published == TIME_NONE)
		it->published = it->updated;
	if ((s = json_str(j, "content")) != NULL) {
		char *html = unescape_once(s);

		it->text = extract_text(html, strlen(html), NULL);
		free(html);
	}
	if (json_is_object(a = json_object_get(j, "location")))
		add_cat(it, json_str(a, "name"));
	json_array_foreach(json_object_get(j, "departments"), i, e)
		add_cat(it, json_str(e, "name"));
	json_array_foreach(json_object_get(j, "offices"), i, e)
		add_cat(it, json_str(e, "name"));
	return JOB_OK;
}

/* Lever: [{"id","text","hostedUrl","createdAt":ms,"categories":{...}}] */
static enum job_rc
lever_job(struct item *it, const json_t *j, const char *base)
{
	static const char *const cats[] = {
		"location", "team", "department", "commitment"
	};
	const char *id = json_str(j, "id"), *title = json_str(j, "text"), *s;
	const json_t *c, *e;
	struct buf b = BUF_INIT;
	size_t i;

	if (job_head(it, id, title) != JOB_OK)
		return JOB_BAD;
	it->link = url_link(base, json_str(j, "hostedUrl"));
	c = json_object_get(j, "createdAt");
	if (json_is_integer(c) && json_integer_value(c) > 0)
		it->published = json_integer_value(c) / 1000;
	if ((s = json_str(j, "descriptionPlain")) != NULL && *s)
		add_para(&b, s);
	else
		add_html_para(&b, json_str(j, "description"));
	json_array_foreach(json_object_get(j, "lists"), i, e) {
		add_para(&b, json_str(e, "text"));
		add_html_para(&b, json_str(e, "content"));
	}
	if ((s = json_str(j, "additionalPlain")) != NULL && *s)
		add_para(&b, s);
	else
		add_html_para(&b, json_str(j, "additional"));
	it->text = buf_detach(&b, NULL);
	if (json_is_object(c = json_object_get(j, "categories")))
		for (i = 0; i < sizeof(cats) / sizeof(cats[0]); i++)
			add_cat(it, json_str(c, cats[i]));
	return JOB_OK;
}

/* Ashby: {"jobs":[{"id","title","jobUrl","publishedAt","isListed",...}]} */
static enum job_rc
ashby_job(struct item *it, const json_t *j, const char *base)
{
	static const char *const cats[] = {
		"location", "department", "team", "employmentType"
	};
	const char *id = json_str(j, "id"), *title = json_str(j, "title"), *s;
	const json_t *listed = json_object_get(j, "isListed");

	if (job_head(it, id, title) != JOB_OK)
		return JOB_BAD;
	if (json_is_false(listed))
		return JOB_SKIP;
	it->link = url_link(base, json_str(j, "jobUrl"));
	set_date(&it->published, json_str(j, "publishedAt"));
	if ((s = json_str(j, "descriptionPlain")) != NULL && *s)
		it->text = extract_plain(s, strlen(s));
	else if ((s = json_str(j, "descriptionHtml")) != NULL)
		it->text = extract_text(s, strlen(s), NULL);
	for (size_t i = 0; i < sizeof(cats) / sizeof(cats[0]); i++)
		add_cat(it, json_str(j, cats[i]));
	return JOB_OK;
}

/*
 * Workday's public job page for externalPath: the CXS endpoint is
 * https://HOST/wday/cxs/TENANT/SITE/jobs and the posting lives at
 * https://HOST/SITE/job/...; any other base resolves externalPath
 * directly.
 */
static char *
workday_link(const char *base, const char *path)
{
	CURLU *u = NULL;
	char *p = NULL, *ret = NULL;
	const char *site, *end;
	struct buf b = BUF_INIT;

	if (path == NULL || *path != '/' || base == NULL)
		return url_link(base, path);
	u = curl_url();
	if (u == NULL)
		BUG("curl_url failed");
	if (curl_url_set(u, CURLUPART_URL, base, 0) != CURLUE_OK ||
	    curl_url_get(u, CURLUPART_PATH, &p, 0) != CURLUE_OK ||
	    strncmp(p, "/wday/cxs/", 10) != 0)
		goto fallback;
	site = strchr(p + 10, '/');		/* after TENANT */
	if (site == NULL || site[1] == '\0')
		goto fallback;
	site++;
	end = strchr(site, '/');
	if (end == NULL || end == site)
		goto fallback;
	buf_addch(&b, '/');
	buf_add(&b, site, (size_t)(end - site));
	buf_addstr(&b, path);
	ret = url_link(base, b.data);
	goto out;
fallback:
	ret = url_link(base, path);
out:
	curl_free(p);
	curl_url_cleanup(u);
	buf_release(&b);
	return ret;
}

/* Workday: {"total":N,"jobPostings":[{"title","externalPath",...}]} */
static enum job_rc
workday_job(struct item *it, const json_t *j, const char *base)
{
	const char *path = json_str(j, "externalPath"), *title = json_str(j, "title");
	const char *req = NULL, *loc;
	const json_t *bf = json_object_get(j, "bulletFields");

	if (json_is_array(bf) && json_array_size(bf) > 0)
		req = json_string_value(json_array_get(bf, 0));
	if (job_head(it, path && *path ? path : req, title) != JOB_OK)
		return JOB_BAD;
	it->link = workday_link(base, path);
	loc = json_str(j, "locationsText");
	it->text = loc ? extract_one_line(loc) : xstrdup("");
	add_cat(it, loc);
	return JOB_OK;
}

static const char *
kind_word(enum source_kind kind)
{
	switch (kind) {
	case KIND_GREENHOUSE:
		return "greenhouse";
	case KIND_LEVER:
		return "lever";
	case KIND_ASHBY:
		return "ashby";
	case KIND_WORKDAY:
		return "workday";
	default:
		return NULL;
	}
}

typedef enum job_rc (*job_fn)(struct item *, const json_t *, const char *);

/* the postings array of a board's answer and the reader of one posting;
 * ERR_SCHEMA when the answer is not shaped as the board's */
static int
board_jobs(enum source_kind kind, json_t *root, json_t **jobs, job_fn *one,
    struct err *err)
{
	switch (kind) {
	case KIND_GREENHOUSE:
		*one = greenhouse_job;
		*jobs = json_object_get(root, "jobs");
		if (!json_is_object(root) || !json_is_array(*jobs))
			return err_set(err, ERR_SCHEMA, "schema_drift: "
			    "expected an object with a \"jobs\" array");
		break;
	case KIND_LEVER:
		*one = lever_job;
		*jobs = root;
		if (!json_is_array(root))
			return err_set(err, ERR_SCHEMA, "schema_drift: "
			    "expected a JSON array of postings");
		break;
	case KIND_ASHBY:
		*one = ashby_job;
		*jobs = json_object_get(root, "jobs");
		if (!json_is_object(root) || !json_is_array(*jobs))
			return err_set(err, ERR_SCHEMA, "schema_drift: "
			    "expected an object with a \"jobs\" array");
		break;
	default:
		*one = workday_job;
		*jobs = json_object_get(root, "jobPostings");
		if (!json_is_object(root) || !json_is_array(*jobs) ||
		    !json_is_number(json_object_get(root, "total")))
			return err_set(err, ERR_SCHEMA, "schema_drift: "
			    "expected an object with a \"jobPostings\" array "
			    "and a numeric \"total\"");
		break;
	}
	return 0;
}

/* the postings of jobs whose ids are new to page->ids, appended to out
 * (items from n0 on are this page's); returns how many were malformed */
static size_t
jobs_add(struct itemset *out, size_t n0, json_t *jobs, job_fn one,
    const char *base, struct jobs_page *page)
{
	json_t *j;
	size_t i, bad = 0;

	json_array_foreach(jobs, i, j) {
		struct item *it;
		enum job_rc r;

		/* a huge listing: keep the newest, in bounded memory */
		if (out->n >= n0 + 2 * JOBS_MAX)
			(void)itemset_keep_newest(out, n0, JOBS_MAX);
		if (!json_is_object(j)) {
			bad++;
			continue;
		}
		it = itemset_push(out);
		r = one(it, j, base);
		if (r != JOB_OK || !strset_add(&page->ids, it->id,
		    strlen(it->id))) {
			if (r == JOB_BAD)
				bad++;
			item_release(it);
			out->n--;
			continue;
		}
		if (it->text == NULL)
			it->text = xstrdup("");
	}
	return bad;
}

int
jobs_parse(struct itemset *out, enum source_kind kind, const char *data,
    size_t len, const char *base, struct jobs_page *page, struct err *err)
{
	job_fn one = NULL;
	json_error_t je;
	json_t *root = NULL, *jobs = NULL;
	size_t n0 = out->n, bad, njobs;
	const char *word = kind_word(kind);
	int rc = 0;

	page->more = 0;
	page->next_offset = 0;
	free(page->post_body);
	page->post_body = NULL;
	if (word == NULL)
		return err_set(err, ERR_CONFIG, "source kind '%s' is not a "
		    "job board", source_kind_name(kind));
	root = json_loadb(data ? data : "", data ? len : 0,
	    JSON_REJECT_DUPLICATES, &je);
	if (root == NULL)
		return err_set(err, ERR_PARSE, "invalid JSON at %d:%d: %s",
		    je.line, je.column, je.text);
	if ((rc = board_jobs(kind, root, &jobs, &one, err)) < 0)
		goto out;
	if (out->kind == NULL)
		out->kind = xstrdup(word);
	njobs = json_array_size(jobs);
	bad = jobs_add(out, n0, jobs, one, base, page);
	if (bad > 0 && bad * 2 > njobs) {
		rc = err_set(err, ERR_SCHEMA, "schema_drift: %zu of %zu jobs "
		    "have unexpected types", bad, njobs);
		goto out;
	}
	/* over the cap: the newest jobs stay, the rest are counted, and no
	 * further page is fetched */
	if (out->n > JOBS_MAX)
		(void)itemset_keep_newest(out, 0, JOBS_MAX);
	if (out->n >= JOBS_MAX || strset_count(&page->ids) >= JOBS_MAX) {
		if (kind == KIND_LEVER && njobs == JOBS_LEVER_LIMIT)
			out->dropped++;		/* at least one more */
		else if (kind == KIND_WORKDAY) {
			json_t *t = json_object_get(root, "total");
			double total = json_number_value(t);
			size_t next = page->offset + njobs;

			if (total > (double)next && total < (double)SIZE_MAX)
				out->dropped += (size_t)total - next;
		}
		goto out;
	}
	if (kind == KIND_LEVER && njobs == JOBS_LEVER_LIMIT &&
	    out->n > n0) {
		/* a page of nothing new: the server ignores skip */
		page->more = 1;
		page->next_offset = page->offset + JOBS_LEVER_LIMIT;
	} else if (kind == KIND_WORKDAY && njobs > 0) {
		json_t *t = json_object_get(root, "total");
		double total = json_number_value(t);
		size_t next = page->offset + JOBS_WORKDAY_LIMIT;

		if (total > 0 && total < (double)SIZE_MAX &&
		    (size_t)total > page->total)
			page->total = (size_t)total;
		if (next < page->total && out->n > n0 &&
		    next / JOBS_WORKDAY_LIMIT < JOBS_WORKDAY_PAGES) {
			page->more = 1;
			page->next_offset = next;
			page->post_body = jobs_post_body(kind, next);
		}
	}
out:
	if (rc < 0) {
		while (out->n > n0)
			item_release(&out->items[--out->n]);
		page->more = 0;
	}
	json_decref(root);
	return rc;
}
