#define _XOPEN_SOURCE 700

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "err.h"
#include "gitstore.h"
#include "state.h"
#include "util.h"
#include "t.h"
#include "t_helpers.h"
#include "t_state.h"

/*
 * The seen index (seen/<id>.txt): membership, months, growth past the
 * first table, the sorted file format, retention by month, tolerance of
 * malformed lines and the migration from items/<id>/.
 */

static void
done(struct state *s)
{
	state_close(s);
	t_rmtree(t_dir);
}

static void
test_seen__month_index(void)
{
	/* 1970-01 is 1970 * 12; 2024-02-29 is February of 2024 */
	T_EQ_INT(month_index(0), 1970 * 12);
	T_EQ_INT(month_index(1709164800), 2024 * 12 + 1);
	T_EQ_INT(month_index(1709164799), 2024 * 12 + 1);
	T_EQ_INT(month_index(1706745599), 2024 * 12 + 0);
}

static void
test_seen__mark_has_count(void)
{
	struct state *s = t_state_open("seen");
	struct seenset *ss = NULL;
	struct err e = ERR_INIT;

	T_EQ_INT(state_seen_load(s, "src", &ss, &e), 0);
	T_ASSERT(ss != NULL);
	T_EQ_INT(seenset_count(ss), 0);
	T_ASSERT(!seenset_has(ss, "a"));
	seenset_mark(ss, "a", 24300);
	seenset_mark(ss, "b", 24300);
	seenset_mark(ss, "a", 24301);	/* again: no new entry */
	T_EQ_INT(seenset_count(ss), 2);
	T_ASSERT(seenset_has(ss, "a"));
	T_ASSERT(seenset_has(ss, "b"));
	T_ASSERT(!seenset_has(ss, "c"));
	T_ASSERT(!seenset_has(ss, ""));
	seenset_free(ss);
	seenset_free(NULL);
	done(s);
}

static void
test_seen__grows(void)
{
	struct state *s = t_state_open("seen");
	struct seenset *ss = NULL;
	struct err e = ERR_INIT;
	char id[32];
	int missing = 0;

	T_EQ_INT(state_seen_load(s, "big", &ss, &e), 0);
	/* past several doublings of the 1024-slot first table */
	for (int i = 0; i < 5000; i++) {
		snprintf(id, sizeof(id), "item-%d", i);
		seenset_mark(ss, id, 24300);
	}
	T_EQ_INT(seenset_count(ss), 5000);
	for (int i = 0; i < 5000; i++) {
		snprintf(id, sizeof(id), "item-%d", i);
		missing += !seenset_has(ss, id);
	}
	T_EQ_INT(missing, 0);
	T_ASSERT(!seenset_has(ss, "item-5000"));
	seenset_free(ss);
	done(s);
}

static void
test_seen__save_load_round_trip(void)
{
	struct state *s = t_state_open("seen");
	struct seenset *ss = NULL, *back = NULL;
	struct err e = ERR_INIT;
	char *text, *prev = NULL;
	size_t len = 0;

	T_EQ_INT(state_seen_load(s, "rt", &ss, &e), 0);
	seenset_mark(ss, "one", 2024 * 12 + 0);
	seenset_mark(ss, "two", 2024 * 12 + 11);
	seenset_mark(ss, "three", 2025 * 12 + 5);
	T_EQ_INT(state_seen_save(s, "rt", ss, 0, &e), 0);
	text = t_read_file(t_path("seen/rt.txt"), &len);
	T_ASSERT(text != NULL);
	/* three lines "HASH16 YYYY-MM", sorted by hash */
	T_EQ_INT(len, 3 * 25);
	for (size_t i = 0; text && i + 25 <= len; i += 25) {
		T_ASSERT(text[i + 16] == ' ' && text[i + 24] == '\n');
		if (prev)
			T_ASSERT(memcmp(prev, text + i, 16) < 0);
		prev = text + i;
	}
	T_CONTAINS(text, " 2024-01\n");
	T_CONTAINS(text, " 2024-12\n");
	T_CONTAINS(text, " 2025-06\n");
	free(text);
	T_EQ_INT(state_seen_load(s, "rt", &back, &e), 0);
	T_EQ_INT(seenset_count(back), 3);
	T_ASSERT(seenset_has(back, "one"));
	T_ASSERT(seenset_has(back, "two"));
	T_ASSERT(seenset_has(back, "three"));
	T_ASSERT(!seenset_has(back, "four"));
	seenset_free(ss);
	seenset_free(back);
	done(s);
}

static void
test_seen__retention_keeps_latest_month(void)
{
	struct state *s = t_state_open("seen");
	struct seenset *ss = NULL, *back = NULL;
	struct err e = ERR_INIT;

	T_EQ_INT(state_seen_load(s, "ret", &ss, &e), 0);
	seenset_mark(ss, "old", 2020 * 12);
	seenset_mark(ss, "renewed", 2020 * 12);
	seenset_mark(ss, "renewed", 2025 * 12);	/* the later month wins */
	seenset_mark(ss, "renewed", 2021 * 12);	/* an earlier one does not */
	seenset_mark(ss, "new", 2025 * 12 + 3);
	T_EQ_INT(state_seen_save(s, "ret", ss, 2024 * 12, &e), 0);
	T_EQ_INT(state_seen_load(s, "ret", &back, &e), 0);
	T_EQ_INT(seenset_count(back), 2);
	T_ASSERT(!seenset_has(back, "old"));
	T_ASSERT(seenset_has(back, "renewed"));
	T_ASSERT(seenset_has(back, "new"));
	seenset_free(ss);
	seenset_free(back);
	done(s);
}

static void
test_seen__malformed_lines_skipped(void)
{
	struct state *s = t_state_open("seen");
	struct seenset *ss = NULL;
	struct err e = ERR_INIT;
	const char *body =
	    "00000000000000ab 2024-01\n"	/* good */
	    "00000000000000AB 2024-01\n"	/* upper-case hex */
	    "0000000000000000 2024-01\n"	/* hash 0 is the empty slot */
	    "00000000000000cd 2024-13\n"	/* month 13 */
	    "00000000000000ef 1969-12\n"	/* before 1970 */
	    "short 2024-01\n"
	    "\n"
	    "0000000000000123 2024-02";		/* good, no final newline */

	T_EQ_INT(state_write(s, "seen/bad.txt", body, strlen(body), &e), 0);
	T_EQ_INT(state_seen_load(s, "bad", &ss, &e), 0);
	T_EQ_INT(seenset_count(ss), 2);
	seenset_free(ss);
	done(s);
}

static void
test_seen__migrates_from_items(void)
{
	struct state *s = t_state_open("seen");
	struct seenset *ss = NULL;
	struct err e = ERR_INIT;
	const char *jan = "{\"id\":\"x1\",\"title\":\"a\"}\n"
	    "not json\n"
	    "{\"id\":\"x2\"}\n";
	const char *feb = "{\"id\":\"x3\"}";

	T_EQ_INT(state_write(s, "items/mig/2024-01.jsonl", jan, strlen(jan),
	    &e), 0);
	T_EQ_INT(state_write(s, "items/mig/2024-02.jsonl", feb, strlen(feb),
	    &e), 0);
	T_EQ_INT(state_seen_load(s, "mig", &ss, &e), 0);
	T_EQ_INT(seenset_count(ss), 3);
	T_ASSERT(seenset_has(ss, "x1"));
	T_ASSERT(seenset_has(ss, "x2"));
	T_ASSERT(seenset_has(ss, "x3"));
	T_ASSERT(!seenset_has(ss, "not json"));
	/* months come from the file names: keeping from February drops x1, x2 */
	T_EQ_INT(state_seen_save(s, "mig", ss, 2024 * 12 + 1, &e), 0);
	seenset_free(ss);
	T_EQ_INT(state_seen_load(s, "mig", &ss, &e), 0);
	T_EQ_INT(seenset_count(ss), 1);
	T_ASSERT(seenset_has(ss, "x3"));
	seenset_free(ss);
	done(s);
}

T_MAIN(
	T_CASE(test_seen__month_index),
	T_CASE(test_seen__mark_has_count),
	T_CASE(test_seen__grows),
	T_CASE(test_seen__save_load_round_trip),
	T_CASE(test_seen__retention_keeps_latest_month),
	T_CASE(test_seen__malformed_lines_skipped),
	T_CASE(test_seen__migrates_from_items),
)
