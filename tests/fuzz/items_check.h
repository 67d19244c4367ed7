/* Checks on an itemset a parser produced (shared by several targets). */
#ifndef SIGWATCH_FUZZ_ITEMS_CHECK_H
#define SIGWATCH_FUZZ_ITEMS_CHECK_H

#include <stdlib.h>

#include "fuzz.h"
#include "item.h"

/* every string valid UTF-8, ids set, and the JSON rendering succeeds */
static inline void
fuzz_check_itemset(const struct itemset *set)
{
	char *json;

	FUZZ_CHECK(fuzz_utf8_str(set->kind));
	FUZZ_CHECK(fuzz_utf8_str(set->title));
	FUZZ_CHECK(fuzz_utf8_str(set->link));
	for (size_t i = 0; i < set->n; i++) {
		const struct item *it = &set->items[i];

		FUZZ_CHECK(it->id != NULL);
		FUZZ_CHECK(fuzz_utf8_str(it->id));
		FUZZ_CHECK(it->title != NULL && fuzz_utf8_str(it->title));
		FUZZ_CHECK(it->text != NULL && fuzz_utf8_str(it->text));
		FUZZ_CHECK(fuzz_utf8_str(it->link));
		FUZZ_CHECK(fuzz_utf8_str(it->author));
		for (size_t k = 0; k < it->ncategories; k++)
			FUZZ_CHECK(fuzz_utf8_str(it->categories[k]));
	}
	json = itemset_to_json(set, 0);
	FUZZ_CHECK(json != NULL);
	FUZZ_CHECK(fuzz_utf8_str(json));
	free(json);
}

#endif
