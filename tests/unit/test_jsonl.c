#define _XOPEN_SOURCE 700

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "jsonl.h"
#include "t.h"
#include "t_helpers.h"
#include "t_state.h"

/* jsonl: the state's line logs read back a line at a time */

static void
put(struct state *s, const char *rel, const char *text)
{
	struct err e = ERR_INIT;

	if (state_write(s, rel, text, strlen(text), &e) < 0) {
		fprintf(stderr, "state_write: %s\n", e.msg);
		exit(2);
	}
}

struct seen {
	char	all[256];
	int	stop_at;	/* stop after this many lines; 0: never */
	int	n, unreadable;
};

static int
collect(const char *line, size_t len, void *payload)
{
	struct seen *c = payload;
	size_t have = strlen(c->all);

	if (have + len + 2 < sizeof(c->all)) {
		memcpy(c->all + have, line, len);
		memcpy(c->all + have + len, "|", 2);
	}
	return c->stop_at > 0 && ++c->n >= c->stop_at;
}

static void
count_unreadable(const struct err *err, void *payload)
{
	((struct seen *)payload)->unreadable++;
}

static void
test_jsonl__lines_in_file_order(void)
{
	struct state *s = t_state_open("jsonl");
	struct seen c;
	struct err e = ERR_INIT;

	put(s, "hits/2026-02.jsonl", "c\n\nd");	/* empty line, no last \n */
	put(s, "hits/2026-01.jsonl", "a\nb\n");
	put(s, "hits/notes.txt", "not a log\n");
	memset(&c, 0, sizeof(c));
	T_EQ_INT(jsonl_each(s, "hits", NULL, collect, count_unreadable, &c),
	    0);
	T_EQ_STR(c.all, "a|b|c|d|");
	T_EQ_INT(c.unreadable, 0);
	/* a file the state refuses to read (a link) is said and skipped */
	T_ASSERT(symlink("/dev/null", t_path("hits/2026-03.jsonl")) == 0);
	memset(&c, 0, sizeof(c));
	jsonl_each(s, "hits", NULL, collect, count_unreadable, &c);
	T_EQ_STR(c.all, "a|b|c|d|");
	T_EQ_INT(c.unreadable, 1);
	/* from: files named at or after it */
	memset(&c, 0, sizeof(c));
	jsonl_each(s, "hits", "2026-02", collect, NULL, &c);
	T_EQ_STR(c.all, "c|d|");
	/* a nonzero answer stops, across files too */
	memset(&c, 0, sizeof(c));
	c.stop_at = 3;
	T_EQ_INT(jsonl_each(s, "hits", NULL, collect, NULL, &c), 1);
	T_EQ_STR(c.all, "a|b|c|");
	/* one file; a missing one is an error, not an empty log */
	memset(&c, 0, sizeof(c));
	T_EQ_INT(jsonl_read(s, "hits/2026-01.jsonl", collect, &c, &e), 0);
	T_EQ_STR(c.all, "a|b|");
	T_EQ_INT(jsonl_read(s, "hits/2025-01.jsonl", collect, &c, &e), -1);
	T_EQ_INT(e.code, ERR_NOTFOUND);
	/* an empty or missing subdir has no lines */
	memset(&c, 0, sizeof(c));
	T_EQ_INT(jsonl_each(s, "triage", NULL, collect, NULL, &c), 0);
	T_EQ_STR(c.all, "");
	state_close(s);
	t_rmtree(t_dir);
}

T_MAIN(T_CASE(test_jsonl__lines_in_file_order))
