#include <stdlib.h>
#include <string.h>

#include "json_util.h"
#include "util.h"
#include "t.h"

/* json_util: the jansson getters and builders every reader shares */

static void
test_json_util__str_and_dup(void)
{
	json_t *o = json_pack("{s:s, s:i, s:n}", "a", "text", "n", 3, "z");
	char *d;

	T_EQ_STR(json_str(o, "a"), "text");
	T_EQ_INT(json_int(o, "n"), 3);
	T_EQ_INT(json_int(o, "a"), 0);	/* not an integer */
	T_EQ_INT(json_int(o, "missing"), 0);
	T_ASSERT(json_str(o, "n") == NULL);	/* not a string */
	T_ASSERT(json_str(o, "z") == NULL);	/* null */
	T_ASSERT(json_str(o, "missing") == NULL);
	T_ASSERT(json_str(NULL, "a") == NULL);
	d = json_dup(o, "a");
	T_EQ_STR(d, "text");
	T_ASSERT(d != json_str(o, "a"));	/* a copy */
	free(d);
	T_ASSERT(json_dup(o, "n") == NULL);
	json_decref(o);
}

static void
test_json_util__builders(void)
{
	json_t *j;

	j = json_str_or_null("x");
	T_EQ_STR(json_string_value(j), "x");
	json_decref(j);
	T_ASSERT(json_is_null(json_str_or_null(NULL)));
	/* invalid UTF-8 becomes null, not a failure */
	T_ASSERT(json_is_null(json_str_or_null("\xff\xfe")));
	T_ASSERT(json_is_null(json_time_or_null(TIME_NONE)));
	j = json_time_or_null(1709164800);
	T_EQ_STR(json_string_value(j), "2024-02-29T00:00:00Z");
	json_decref(j);
}

/* what the state stores keeps a string with invalid UTF-8, repaired */
static void
test_json_util__str_repaired(void)
{
	json_t *j;
	char *line;

	j = json_str_repaired(NULL);
	T_ASSERT(json_is_null(j));
	json_decref(j);
	j = json_str_repaired("caf\xc3\xa9");
	T_EQ_STR(json_string_value(j), "caf\xc3\xa9");
	json_decref(j);
	/* one bad byte in the middle: the rest of the text survives */
	j = json_str_repaired("Zero\xfftrust");
	T_EQ_STR(json_string_value(j), "Zero\xef\xbf\xbdtrust");
	json_decref(j);
	/* json_str_or_null drops the same string */
	j = json_str_or_null("Zero\xfftrust");
	T_ASSERT(json_is_null(j));
	json_decref(j);
	line = json_line(json_pack("{s:o}", "t", json_str_repaired("\xc3")));
	T_EQ_STR(line, "{\"t\":\"\xef\xbf\xbd\"}");
	free(line);
}

static void
test_json_util__time(void)
{
	json_t *o = json_pack("{s:s, s:s, s:i}", "at", "2024-02-29T00:00:00Z",
	    "bad", "yesterday", "n", 3);

	T_EQ_INT(json_time(o, "at"), 1709164800);
	T_EQ_INT(json_time(o, "bad"), TIME_NONE);
	T_EQ_INT(json_time(o, "n"), TIME_NONE);	/* not a string */
	T_EQ_INT(json_time(o, "missing"), TIME_NONE);
	json_decref(o);
}

static void
test_json_util__line(void)
{
	json_t *o = json_object();
	char *s;

	/* insertion order, no spaces; json_line drops the reference */
	json_object_set_new(o, "z", json_integer(1));
	json_object_set_new(o, "a", json_string("x y"));
	s = json_line(o);
	T_EQ_STR(s, "{\"z\":1,\"a\":\"x y\"}");
	free(s);
}

T_MAIN(
	T_CASE(test_json_util__str_and_dup),
	T_CASE(test_json_util__builders),
	T_CASE(test_json_util__str_repaired),
	T_CASE(test_json_util__time),
	T_CASE(test_json_util__line),
)
