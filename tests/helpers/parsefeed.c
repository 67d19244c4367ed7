/*
 * parsefeed FILE [BASE]: feed_parse() a file and print the items as JSON,
 * like `sigwatch parse --base BASE FILE`. Used by the conformance harness.
 */
#include <stdio.h>
#include <stdlib.h>

#include "err.h"
#include "feed.h"
#include "item.h"
#include "util.h"

int
main(int argc, char **argv)
{
	struct itemset s = ITEMSET_INIT;
	struct err e = ERR_INIT;
	char *data = NULL, *json;
	size_t len = 0;

	if (argc < 2 || argc > 3) {
		fprintf(stderr, "usage: parsefeed FILE [BASE]\n");
		return 64;
	}
	feed_global_init();
	if (read_file(&data, &len, argv[1], 64u << 20, &e) < 0) {
		fprintf(stderr, "parsefeed: %s\n", e.msg);
		return 66;
	}
	if (feed_parse(&s, data, len, argc > 2 ? argv[2] : NULL, NULL,
	    &e) < 0) {
		fprintf(stderr, "parsefeed: %s: %s\n", err_class(e.code),
		    e.msg);
		free(data);
		return 65;
	}
	json = itemset_to_json(&s, 1);
	printf("%s\n", json);
	free(json);
	free(data);
	itemset_release(&s);
	return 0;
}
