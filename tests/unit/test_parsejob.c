#define _XOPEN_SOURCE 700

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "parsejob.h"
#include "t.h"
#include "t_helpers.h"
#include "util.h"
#include "workq.h"
#include "xmalloc.h"

static const char RSS[] =
    "<?xml version=\"1.0\"?>\n"
    "<rss version=\"2.0\"><channel><title>Acme blog</title>"
    "<link>https://acme.example/</link>"
    "<item><title>Acme launches Rocket</title>"
    "<link>/posts/rocket</link><guid>r1</guid></item>"
    "<item><title>Acme hires</title><guid>r2</guid></item>"
    "</channel></rss>\n";

static struct source
feed_src(void)
{
	struct source s;

	memset(&s, 0, sizeof(s));
	s.id = (char *)"acme-blog";
	s.kind = KIND_FEED;
	s.url = (char *)"https://acme.example/feed.xml";
	return s;
}

static int ndone, nthen;

static void
count_done(struct workq_task *t)
{
	(void)t;
	ndone++;
}

/* takes the items, as the run's matcher does on the worker */
static void
take_items(struct parsejob *pj)
{
	struct itemset *kept = pj->owner;

	nthen++;
	*kept = pj->items;
	memset(&pj->items, 0, sizeof(pj->items));
}

/* the 16 hex digits parsejob_run keeps of the body's SHA-256 */
static void
sha16(char out[17], const char *s)
{
	char hex[65];

	sha256_hex(hex, s, strlen(s));
	memcpy(out, hex, 16);
	out[16] = '\0';
}

/* new takes the body (the caller's pointer is cleared) and copies base
 * and charset */
static void
test_parsejob__new_takes_body(void)
{
	struct source src = feed_src();
	char *body = xstrdup(RSS), base[] = "https://acme.example/feed.xml";
	char cs[] = "utf-8";
	struct parsejob *pj;
	char *orig = body;

	pj = parsejob_new(&src, &body, strlen(RSS), base, cs, NULL,
	    count_done, &src);
	T_ASSERT(body == NULL);
	T_ASSERT(pj->body == orig);
	T_ASSERT(pj->base != base);
	T_EQ_STR(pj->base, base);
	T_ASSERT(pj->charset != cs);
	T_EQ_STR(pj->charset, "utf-8");
	T_EQ_STR(pj->prev_sha, "");
	T_ASSERT(pj->task.run == parsejob_run);
	T_ASSERT(pj->task.done == count_done);
	T_ASSERT(pj->owner == &src);
	T_ASSERT(pj->src == &src);
	T_EQ_INT(pj->len, strlen(RSS));
	parsejob_free(pj);
	/* no charset stays NULL */
	body = xstrdup(RSS);
	pj = parsejob_new(&src, &body, strlen(RSS), base, NULL, "", NULL,
	    NULL);
	T_ASSERT(pj->charset == NULL);
	parsejob_free(pj);
}

static void
test_parsejob__parses(void)
{
	struct source src = feed_src();
	char *body = xstrdup(RSS), want[17];
	struct parsejob *pj;

	pj = parsejob_new(&src, &body, strlen(RSS),
	    "https://acme.example/feed.xml", NULL, NULL, NULL, NULL);
	parsejob_run(&pj->task);
	sha16(want, RSS);
	T_EQ_STR(pj->body_sha, want);
	T_EQ_INT(strlen(pj->body_sha), 16);
	T_EQ_INT(pj->same, 0);
	T_EQ_INT(pj->rc, 0);
	/* the body goes once parsed */
	T_ASSERT(pj->body == NULL);
	T_EQ_INT(pj->items.n, 2);
	if (pj->items.n == 2) {
		T_EQ_STR(pj->items.items[0].title, "Acme launches Rocket");
		/* resolved against base */
		T_EQ_STR(pj->items.items[0].link,
		    "https://acme.example/posts/rocket");
		T_EQ_STR(pj->items.items[1].id, "r2");
	}
	parsejob_free(pj);
}

/* the body of the last parse: not parsed again, then() not called */
static void
test_parsejob__unchanged_skips_parse(void)
{
	struct source src = feed_src();
	struct itemset kept;
	char *body = xstrdup(RSS), prev[17];
	struct parsejob *pj;

	memset(&kept, 0, sizeof(kept));
	nthen = 0;
	sha16(prev, RSS);
	pj = parsejob_new(&src, &body, strlen(RSS), "https://acme.example/",
	    NULL, prev, NULL, &kept);
	pj->then = take_items;
	parsejob_run(&pj->task);
	T_EQ_INT(pj->same, 1);
	T_EQ_STR(pj->body_sha, prev);
	T_EQ_INT(pj->rc, 0);
	T_EQ_INT(pj->items.n, 0);
	T_EQ_INT(nthen, 0);
	T_ASSERT(pj->body == NULL);
	parsejob_free(pj);

	/* another previous digest: parsed */
	body = xstrdup(RSS);
	pj = parsejob_new(&src, &body, strlen(RSS), "https://acme.example/",
	    NULL, "0123456789abcdef", NULL, &kept);
	parsejob_run(&pj->task);
	T_EQ_INT(pj->same, 0);
	T_EQ_INT(pj->items.n, 2);
	parsejob_free(pj);
}

/* then() runs after a parse that found items and may take them; free
 * releases only what is left */
static void
test_parsejob__then_takes_items(void)
{
	struct source src = feed_src();
	struct itemset kept;
	char *body = xstrdup(RSS);
	struct parsejob *pj;

	memset(&kept, 0, sizeof(kept));
	nthen = 0;
	pj = parsejob_new(&src, &body, strlen(RSS), "https://acme.example/",
	    NULL, NULL, NULL, &kept);
	pj->then = take_items;
	parsejob_run(&pj->task);
	T_EQ_INT(nthen, 1);
	T_EQ_INT(pj->items.n, 0);
	T_EQ_INT(kept.n, 2);
	parsejob_free(pj);
	if (kept.n == 2)
		T_EQ_STR(kept.items[0].id, "r1");
	itemset_release(&kept);
}

/* a document that does not parse: rc < 0 with a message, no items,
 * then() not called */
static void
test_parsejob__parse_error(void)
{
	static const char bad[] = "this is not a feed, no markup at all";
	struct source src = feed_src();
	struct itemset kept;
	char *body = xstrdup(bad);
	struct parsejob *pj;

	memset(&kept, 0, sizeof(kept));
	nthen = 0;
	pj = parsejob_new(&src, &body, strlen(bad), "https://acme.example/",
	    NULL, NULL, NULL, &kept);
	pj->then = take_items;
	parsejob_run(&pj->task);
	T_ASSERT(pj->rc < 0);
	T_ASSERT(pj->err.code < 0);
	T_ASSERT(pj->err.msg[0] != '\0');
	T_EQ_INT(pj->items.n, 0);
	T_ASSERT(pj->items.items == NULL);
	T_EQ_INT(nthen, 0);
	T_EQ_INT(pj->same, 0);
	T_ASSERT(pj->body == NULL);
	parsejob_free(pj);
}

/* an empty (NULL) body is hashed as "" and does not crash */
static void
test_parsejob__null_body(void)
{
	struct source src = feed_src();
	char *body = NULL, want[17];
	struct parsejob *pj;

	sha16(want, "");
	pj = parsejob_new(&src, &body, 0, "https://acme.example/", NULL,
	    want, NULL, NULL);
	parsejob_run(&pj->task);
	T_EQ_STR(pj->body_sha, want);
	T_EQ_INT(pj->same, 1);
	parsejob_free(pj);
	parsejob_free(NULL);
}

/* through a pool of two workers: done() runs on collect, items intact */
static void
test_parsejob__on_workq(void)
{
	struct source src = feed_src();
	struct parsejob *pj[4];
	struct workq *q = workq_new(2, NULL, NULL, NULL);
	size_t got = 0;
	int tries;

	ndone = 0;
	for (size_t i = 0; i < 4; i++) {
		char *body = xstrdup(RSS);

		pj[i] = parsejob_new(&src, &body, strlen(RSS),
		    "https://acme.example/", NULL, NULL, count_done, NULL);
		workq_submit(q, &pj[i]->task);
	}
	for (tries = 0; tries < 1000 && got < 4; tries++)
		got += workq_collect(q, 1);
	T_EQ_INT(got, 4);
	T_EQ_INT(ndone, 4);
	workq_free(q);
	for (size_t i = 0; i < 4; i++) {
		T_EQ_INT(pj[i]->rc, 0);
		T_EQ_INT(pj[i]->items.n, 2);
		parsejob_free(pj[i]);
	}
}

T_MAIN(T_CASE(test_parsejob__new_takes_body), T_CASE(test_parsejob__parses),
    T_CASE(test_parsejob__unchanged_skips_parse),
    T_CASE(test_parsejob__then_takes_items),
    T_CASE(test_parsejob__parse_error), T_CASE(test_parsejob__null_body),
    T_CASE(test_parsejob__on_workq))
