#define _XOPEN_SOURCE 700

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "runnote.h"
#include "t.h"
#include "t_helpers.h"
#include "t_state.h"
#include "util.h"

/* runnote: .run/rules.json, the rules the last run suspended */

#define AT 1795420800	/* 2026-11-23T08:00:00Z */

static void
test_runnote__json_exact(void)
{
	struct rule_note v[] = { { (char *)"redos", 3 },
	    { (char *)"caf\xc3\xa9 \"q\"", UINT_MAX } };
	json_t *a = runnote_rules_json(v, 2);
	char *s = json_dumps(a, JSON_COMPACT | JSON_PRESERVE_ORDER);

	T_EQ_STR(s, "[{\"rule\":\"redos\",\"limit_errors\":3},"
	    "{\"rule\":\"caf\xc3\xa9 \\\"q\\\"\",\"limit_errors\":4294967295}]");
	free(s);
	json_decref(a);
	a = runnote_rules_json(NULL, 0);
	T_ASSERT(json_is_array(a) && json_array_size(a) == 0);
	json_decref(a);
}

static void
test_runnote__round_trip(void)
{
	struct state *st = t_state_open("runnote");
	struct rule_note v[] = { { (char *)"redos", 3 },
	    { (char *)"slow-one", UINT_MAX } }, *out = NULL;
	size_t n = 9;
	int64_t at = 0;
	char *file;

	runnote_rules_save(st, AT, v, 2);
	file = t_read_file(t_path(".run/rules.json"), NULL);
	T_CONTAINS(file, "\"at\": \"2026-11-23T08:00:00Z\"");
	free(file);
	runnote_rules_load(st, &at, &out, &n);
	T_EQ_INT(at, AT);
	T_EQ_INT(n, 2);
	if (n == 2) {
		T_EQ_STR(out[0].rule, "redos");
		T_EQ_INT(out[0].limit_errors, 3);
		T_EQ_STR(out[1].rule, "slow-one");
		T_EQ_INT(out[1].limit_errors, UINT_MAX);
	}
	runnote_rules_free(out, n);

	/* the next run suspended nothing: the notes are replaced */
	runnote_rules_save(st, AT + 60, NULL, 0);
	runnote_rules_load(st, &at, &out, &n);
	T_EQ_INT(at, AT + 60);
	T_EQ_INT(n, 0);
	runnote_rules_free(out, n);
	state_close(st);
	t_rmtree(t_dir);
}

/* no file, or one that is not JSON: no notes, no time */
static void
test_runnote__missing_or_garbage(void)
{
	struct state *st = t_state_open("runnote");
	struct rule_note *out = (struct rule_note *)&out;
	size_t n = 9;
	int64_t at = 0;

	runnote_rules_load(st, &at, &out, &n);
	T_EQ_INT(at, TIME_NONE);
	T_ASSERT(out == NULL);
	T_EQ_INT(n, 0);
	T_EQ_INT(t_write_file(t_path(".run/rules.json"), "{\"at\": \"2026-"),
	    0);
	at = 0;
	n = 9;
	runnote_rules_load(st, &at, &out, &n);
	T_EQ_INT(at, TIME_NONE);
	T_ASSERT(out == NULL);
	T_EQ_INT(n, 0);
	runnote_rules_free(NULL, 3);	/* accepts NULL */
	state_close(st);
	t_rmtree(t_dir);
}

/* a hand-edited file: a bad time is dropped, entries without a rule
 * skipped, the rest kept */
static void
test_runnote__partly_malformed(void)
{
	struct state *st = t_state_open("runnote");
	struct rule_note *out = NULL;
	size_t n = 0;
	int64_t at = 0;

	T_EQ_INT(t_write_file(t_path(".run/rules.json"), "{\"at\": \"yesterday\","
	    " \"suspended\": [{\"limit_errors\": 2}, 7, {\"rule\": 5},"
	    " {\"rule\": \"kept\"}, {\"rule\": \"also\", \"limit_errors\": 4}]}"),
	    0);
	runnote_rules_load(st, &at, &out, &n);
	T_EQ_INT(at, TIME_NONE);
	T_EQ_INT(n, 2);
	if (n == 2) {
		T_EQ_STR(out[0].rule, "kept");
		T_EQ_INT(out[0].limit_errors, 0);
		T_EQ_STR(out[1].rule, "also");
		T_EQ_INT(out[1].limit_errors, 4);
	}
	runnote_rules_free(out, n);

	/* "suspended" not a list: a time but no notes */
	T_EQ_INT(t_write_file(t_path(".run/rules.json"), "{\"at\": "
	    "\"2026-11-23T08:00:00Z\", \"suspended\": {\"rule\": \"x\"}}"), 0);
	runnote_rules_load(st, &at, &out, &n);
	T_EQ_INT(at, AT);
	T_EQ_INT(n, 0);
	runnote_rules_free(out, n);
	state_close(st);
	t_rmtree(t_dir);
}

T_MAIN(T_CASE(test_runnote__json_exact),
    T_CASE(test_runnote__round_trip),
    T_CASE(test_runnote__missing_or_garbage),
    T_CASE(test_runnote__partly_malformed))
