#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "record.h"
#include "t.h"

/* record: a record's string members listed once, for load, copy, free */

struct rec {
	char	*name;
	int	 n;
	char	*note;
	char	*held;
};

static const struct strfield rec_strings[] = {
	STRFIELD(struct rec, name), STRFIELD(struct rec, note),
	STRFIELD_HELD(struct rec, held),
};

static void
test_record__keys_are_member_names(void)
{
	T_EQ_STR(rec_strings[0].key, "name");
	T_EQ_STR(rec_strings[1].key, "note");
	T_ASSERT(rec_strings[2].key == NULL);
	T_EQ_INT(NSTRFIELDS(rec_strings), 3);
}

static void
test_record__load_reads_strings_only(void)
{
	json_t *o = json_loads("{\"name\":\"acme\",\"note\":7,"
	    "\"held\":\"from the file\"}", 0, NULL);
	struct rec r = { .n = 3, .held = strdup("mine") };

	strfields_load(&r, rec_strings, NSTRFIELDS(rec_strings), o);
	T_EQ_STR(r.name, "acme");
	T_ASSERT(r.note == NULL);	/* not a string: absent */
	T_EQ_STR(r.held, "mine");	/* never read from JSON */
	T_EQ_INT(r.n, 3);
	json_decref(o);
	strfields_free(&r, rec_strings, NSTRFIELDS(rec_strings));
}

static void
test_record__load_from_null_object(void)
{
	struct rec r = { 0 };

	strfields_load(&r, rec_strings, NSTRFIELDS(rec_strings), NULL);
	T_ASSERT(r.name == NULL && r.note == NULL && r.held == NULL);
}

static void
test_record__dup_gives_own_copies(void)
{
	struct rec a = { .name = strdup("x"), .note = NULL,
	    .held = strdup("h") }, b;

	b = a;
	strfields_dup(&b, rec_strings, NSTRFIELDS(rec_strings));
	T_ASSERT(b.name != a.name && b.held != a.held);
	T_EQ_STR(b.name, "x");
	T_EQ_STR(b.held, "h");
	T_ASSERT(b.note == NULL);
	strfields_free(&a, rec_strings, NSTRFIELDS(rec_strings));
	T_EQ_STR(b.name, "x");	/* still alive after a's release */
	strfields_free(&b, rec_strings, NSTRFIELDS(rec_strings));
}

static void
test_record__free_sets_null(void)
{
	struct rec r = { .name = strdup("a"), .note = strdup("b"),
	    .held = strdup("c"), .n = 9 };

	strfields_free(&r, rec_strings, NSTRFIELDS(rec_strings));
	T_ASSERT(r.name == NULL && r.note == NULL && r.held == NULL);
	T_EQ_INT(r.n, 9);
	/* a second release is harmless */
	strfields_free(&r, rec_strings, NSTRFIELDS(rec_strings));
}

T_MAIN(T_CASE(test_record__keys_are_member_names),
    T_CASE(test_record__load_reads_strings_only),
    T_CASE(test_record__load_from_null_object),
    T_CASE(test_record__dup_gives_own_copies),
    T_CASE(test_record__free_sets_null))
