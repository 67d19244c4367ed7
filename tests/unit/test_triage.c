#define _XOPEN_SOURCE 700

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gitstore.h"
#include "state.h"
#include "t.h"
#include "t_helpers.h"
#include "triage.h"
#include "util.h"

/* triage: analysts' verdicts, one JSON line each */

#define HIT_A "0123456789abcdef"
#define HIT_B "fedcba9876543210"

static struct triage
verdict(const char *hit, int fp, const char *note, int64_t at)
{
	struct triage t;

	memset(&t, 0, sizeof(t));
	snprintf(t.hit, sizeof(t.hit), "%s", hit);
	t.fp = fp;
	t.note = (char *)note;
	t.author = (char *)"ana";
	t.rule = (char *)"acme-launch";
	t.source = (char *)"acme-blog";
	t.item = (char *)"https://acme.example/a";
	t.at = at;
	return t;
}

static void
test_triage__line_exact(void)
{
	struct triage t = verdict(HIT_A, 1, "not a launch", 1709164800);
	char *line = triage_to_json(&t);

	/* the documented shape, keys in order, compact, no newline */
	T_EQ_STR(line, "{\"hit\":\"" HIT_A "\",\"verdict\":\"fp\","
	    "\"note\":\"not a launch\",\"author\":\"ana\","
	    "\"at\":\"2024-02-29T00:00:00Z\",\"rule\":\"acme-launch\","
	    "\"source\":\"acme-blog\",\"item\":\"https://acme.example/a\"}");
	free(line);
	/* ack, and absent strings as null */
	t = verdict(HIT_B, 0, NULL, 1709164800);
	t.author = NULL;
	line = triage_to_json(&t);
	T_CONTAINS(line, "\"verdict\":\"ack\"");
	T_CONTAINS(line, "\"note\":null");
	T_CONTAINS(line, "\"author\":null");
	free(line);
}

static void
test_triage__round_trip(void)
{
	struct triage t = verdict(HIT_A, 1, "caf\xc3\xa9 \"quoted\"\n", 1709164861);
	struct triage back;
	char *line = triage_to_json(&t);

	T_ASSERT(strchr(line, '\n') == NULL);
	T_EQ_INT(triage_from_json(&back, line, strlen(line)), 0);
	T_EQ_STR(back.hit, HIT_A);
	T_EQ_INT(back.fp, 1);
	T_EQ_STR(back.note, "caf\xc3\xa9 \"quoted\"\n");
	T_EQ_STR(back.author, "ana");
	T_EQ_STR(back.rule, "acme-launch");
	T_EQ_STR(back.source, "acme-blog");
	T_EQ_STR(back.item, "https://acme.example/a");
	T_EQ_INT(back.at, 1709164861);
	triage_release(&back);
	T_ASSERT(back.note == NULL);
	free(line);
}

static void
test_triage__not_a_verdict(void)
{
	static const char *const bad[] = {
		"",
		"not json",
		"[]",
		/* hit not 16 characters */
		"{\"hit\":\"0123\",\"verdict\":\"fp\",\"at\":\"2024-02-29T00:00:00Z\"}",
		/* unknown verdict */
		"{\"hit\":\"" HIT_A "\",\"verdict\":\"maybe\",\"at\":\"2024-02-29T00:00:00Z\"}",
		/* no verdict */
		"{\"hit\":\"" HIT_A "\",\"at\":\"2024-02-29T00:00:00Z\"}",
		/* no or bad at */
		"{\"hit\":\"" HIT_A "\",\"verdict\":\"fp\"}",
		"{\"hit\":\"" HIT_A "\",\"verdict\":\"fp\",\"at\":\"yesterday\"}",
		/* hit not a string */
		"{\"hit\":12,\"verdict\":\"fp\",\"at\":\"2024-02-29T00:00:00Z\"}",
	};
	struct triage t;
	const char *ok = "{\"hit\":\"" HIT_A "\",\"verdict\":\"ack\","
	    "\"at\":\"2024-02-29T00:00:00Z\"}";

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		int rc = triage_from_json(&t, bad[i], strlen(bad[i]));

		if (rc != -1)
			fprintf(stderr, "accepted: %s\n", bad[i]);
		T_EQ_INT(rc, -1);
		if (rc == 0)
			triage_release(&t);
	}
	/* the minimum: hit, verdict, at; the rest null */
	T_EQ_INT(triage_from_json(&t, ok, strlen(ok)), 0);
	T_EQ_INT(t.fp, 0);
	T_ASSERT(t.note == NULL);
	T_ASSERT(t.rule == NULL);
	triage_release(&t);
}

/* append to triage/<month of at>.jsonl; the latest line of a hit is its
 * verdict */
static void
test_triage__append_load_find(void)
{
	struct state *s = NULL;
	struct err e = ERR_INIT;
	struct triages ts;
	struct triage t;
	const struct triage *f;
	char *text;

	gitstore_global_init();
	t_mkdtemp("triage");
	if (state_open(&s, t_dir, 0, &e) < 0) {
		fprintf(stderr, "state_open: %s\n", e.msg);
		exit(2);
	}
	/* nothing yet */
	triages_load(s, &ts);
	T_EQ_INT(ts.n, 0);
	T_ASSERT(triages_find(&ts, HIT_A) == NULL);
	triages_release(&ts);

	t = verdict(HIT_A, 1, "first", 1709164800);		/* 2024-02 */
	T_EQ_INT(triage_append(s, &t, &e), 0);
	t = verdict(HIT_B, 0, "b", 1709251200);			/* 2024-03 */
	T_EQ_INT(triage_append(s, &t, &e), 0);
	t = verdict(HIT_A, 0, "second thoughts", 1709337600);	/* 2024-03 */
	T_EQ_INT(triage_append(s, &t, &e), 0);
	text = t_read_file(t_path("triage/2024-02.jsonl"), NULL);
	T_ASSERT(text != NULL);
	T_CONTAINS(text, "\"note\":\"first\"");
	/* one line, newline-terminated */
	T_ASSERT(text && strchr(text, '\n') == text + strlen(text) - 1);
	free(text);
	text = t_read_file(t_path("triage/2024-03.jsonl"), NULL);
	T_CONTAINS(text, "\"item\":\"https://acme.example/a\"}\n{\"hit\":\"" HIT_A "\"");
	free(text);
	/* a line that is not a verdict is skipped */
	T_EQ_INT(state_append(s, "triage/2024-03.jsonl", "junk\n", 5, &e), 0);

	triages_load(s, &ts);
	T_EQ_INT(ts.n, 3);
	if (ts.n == 3) {
		T_EQ_STR(ts.v[0].note, "first");
		T_EQ_STR(ts.v[2].note, "second thoughts");
	}
	f = triages_find(&ts, HIT_A);
	T_ASSERT(f != NULL);
	if (f) {
		T_EQ_INT(f->fp, 0);
		T_EQ_STR(f->note, "second thoughts");
	}
	f = triages_find(&ts, HIT_B);
	T_ASSERT(f != NULL && strcmp(f->note, "b") == 0);
	T_ASSERT(triages_find(&ts, "0000000000000000") == NULL);
	T_ASSERT(triages_find(&ts, "0123") == NULL);
	T_ASSERT(triages_find(&ts, NULL) == NULL);
	/* finding does not add keys */
	T_ASSERT(triages_find(&ts, "0000000000000000") == NULL);
	triages_release(&ts);
	T_EQ_INT(ts.n, 0);
	state_close(s);
	t_rmtree(t_dir);
}

T_MAIN(T_CASE(test_triage__line_exact), T_CASE(test_triage__round_trip),
    T_CASE(test_triage__not_a_verdict), T_CASE(test_triage__append_load_find))
