/*
 * parsefeed FILE [BASE]: feed_parse() a file and print the items as JSON,
 * like `sigwatch parse --base BASE FILE`.
 *
 * parsefeed --batch: read "FILE<TAB>BASE" lines on stdin and, for each,
 * print "### N RC" and then one line: the compact JSON (RC 0) or the error
 * message. The conformance harness uses it to avoid a process per sample.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "err.h"
#include "feed.h"
#include "item.h"
#include "util.h"

static int
one(const char *path, const char *base, int pretty, int batch)
{
	struct itemset s = ITEMSET_INIT;
	struct err e = ERR_INIT;
	char *data = NULL, *json;
	size_t len = 0;
	int rc;

	if ((rc = read_file(&data, &len, path, 64u << 20, &e)) < 0 ||
	    (rc = feed_parse(&s, data, len, base, NULL, &e)) < 0) {
		if (batch)
			printf("%s: %s\n", err_class(e.code), e.msg);
		else
			fprintf(stderr, "parsefeed: %s: %s\n",
			    err_class(e.code), e.msg);
		free(data);
		return rc;
	}
	json = itemset_to_json(&s, pretty);
	printf("%s\n", json);
	free(json);
	free(data);
	itemset_release(&s);
	return 0;
}

int
main(int argc, char **argv)
{
	char line[8192];
	unsigned long n = 0;

	feed_global_init();
	if (argc == 2 && strcmp(argv[1], "--batch") == 0) {
		while (fgets(line, sizeof(line), stdin)) {
			char *tab = strchr(line, '\t'), *nl;
			int rc;

			if ((nl = strchr(line, '\n')) != NULL)
				*nl = '\0';
			if (tab)
				*tab++ = '\0';
			printf("### %lu\n", n++);
			rc = one(line, tab && *tab ? tab : NULL, 0, 1);
			printf("### rc %d\n", rc);
			fflush(stdout);
		}
		return 0;
	}
	if (argc < 2 || argc > 3) {
		fprintf(stderr, "usage: parsefeed FILE [BASE] | --batch\n");
		return 64;
	}
	return one(argv[1], argc > 2 ? argv[2] : NULL, 1, 0) < 0 ? 65 : 0;
}
