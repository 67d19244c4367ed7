#include <stdio.h>
#include <string.h>

#include "strset.h"
#include "t.h"

static void
test_strset__add_has(void)
{
	struct strset s = STRSET_INIT;

	T_EQ_INT(strset_has(&s, "a", 1), 0);
	T_EQ_INT(strset_add(&s, "a", 1), 1);
	T_EQ_INT(strset_add(&s, "a", 1), 0);
	T_EQ_INT(strset_has(&s, "a", 1), 1);
	/* lengths, not NUL, delimit */
	T_EQ_INT(strset_add(&s, "a\0b", 3), 1);
	T_EQ_INT(strset_add(&s, "", 0), 1);
	T_EQ_INT(strset_has(&s, "", 0), 1);
	T_EQ_INT(strset_count(&s), 3);
	strset_release(&s);
	T_EQ_INT(strset_count(&s), 0);
	T_EQ_INT(strset_has(&s, "a", 1), 0);
}

static void
test_strset__grows_and_keeps_values(void)
{
	struct strset s = STRSET_INIT;
	char k[32];
	int ok = 1;

	for (int i = 0; i < 100000; i++) {
		int n = snprintf(k, sizeof(k), "key-%d", i);

		ok &= strset_add(&s, k, (size_t)n) == 1;
		*strset_val(&s, k, (size_t)n) = (size_t)i;
	}
	T_ASSERT(ok);
	T_EQ_INT(strset_count(&s), 100000);
	for (int i = 0; i < 100000; i += 997) {
		int n = snprintf(k, sizeof(k), "key-%d", i);

		T_EQ_INT(*strset_val(&s, k, (size_t)n), i);
	}
	/* strset_val adds a missing key with 0 */
	T_EQ_INT(*strset_val(&s, "new", 3), 0);
	T_EQ_INT(strset_count(&s), 100001);
	strset_release(&s);
}

T_MAIN(T_CASE(test_strset__add_has), T_CASE(test_strset__grows_and_keeps_values))
