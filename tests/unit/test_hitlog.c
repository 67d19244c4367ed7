#define _XOPEN_SOURCE 700

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "buf.h"
#include "gitstore.h"
#include "hit.h"
#include "hitlog.h"
#include "state.h"
#include "t.h"
#include "t_helpers.h"
#include "util.h"

/* hitlog: the recorded hits read back, oldest month first */

/* a hit line of rule/source/item at `at`, with a newline */
static void
add_line(struct buf *b, const char *rule, const char *item, int64_t at)
{
	struct hit h;
	char *line;

	memset(&h, 0, sizeof(h));
	hit_make_id(h.id, rule, "src", item);
	h.at = at;
	h.rule = (char *)rule;
	h.rule_title = (char *)"A rule";
	h.severity = SEV_HIGH;
	h.competitor = (char *)"Acme";
	h.source = (char *)"src";
	h.source_url = (char *)"https://acme.example/feed";
	h.item = (char *)item;
	h.title = (char *)"Acme launches";
	h.link = (char *)"https://acme.example/a";
	h.published = TIME_NONE;
	h.field = (char *)"title";
	h.match = (char *)"launch";
	line = hit_to_json(&h);
	buf_addstr(b, line);
	buf_addch(b, '\n');
	free(line);
}

static struct state *
open_state(void)
{
	struct state *s = NULL;
	struct err e = ERR_INIT;
	struct buf feb = BUF_INIT, mar = BUF_INIT;

	gitstore_global_init();
	t_mkdtemp("hitlog");
	if (state_open(&s, t_dir, 0, &e) < 0) {
		fprintf(stderr, "state_open: %s\n", e.msg);
		exit(2);
	}
	/* written out of order: the files read in name order */
	add_line(&mar, "r1", "i3", 1709300000);		/* 2024-03-01 */
	buf_addstr(&mar, "not a hit\n\n{\"id\":1}\n");
	add_line(&mar, "r2", "i4", 1709400000);
	add_line(&feb, "r1", "i1", 1707000000);		/* 2024-02-03 */
	add_line(&feb, "r1", "i2", 1708000000);
	if (state_append(s, "hits/2024-03.jsonl", mar.data, mar.len, &e) < 0 ||
	    state_append(s, "hits/2024-02.jsonl", feb.data, feb.len, &e) < 0) {
		fprintf(stderr, "state_append: %s\n", e.msg);
		exit(2);
	}
	buf_release(&feb);
	buf_release(&mar);
	return s;
}

struct seen {
	char	items[8][8];
	int64_t	at[8];
	int	n, stop_after;
};

static int
note(const struct hit *h, void *payload)
{
	struct seen *s = payload;

	if (s->n < 8) {
		snprintf(s->items[s->n], sizeof(s->items[s->n]), "%s", h->item);
		s->at[s->n] = h->at;
	}
	s->n++;
	return s->stop_after && s->n >= s->stop_after;
}

static void
test_hitlog__each_in_order(void)
{
	struct state *s = open_state();
	struct seen seen;

	memset(&seen, 0, sizeof(seen));
	hitlog_each(s, TIME_NONE, note, &seen);
	/* lines that are not hits are skipped */
	T_EQ_INT(seen.n, 4);
	T_EQ_STR(seen.items[0], "i1");
	T_EQ_STR(seen.items[1], "i2");
	T_EQ_STR(seen.items[2], "i3");
	T_EQ_STR(seen.items[3], "i4");
	T_EQ_INT(seen.at[3], 1709400000);
	state_close(s);
	t_rmtree(t_dir);
}

/* since: hits at or after it only (the boundary is included) */
static void
test_hitlog__since(void)
{
	struct state *s = open_state();
	struct seen seen;

	memset(&seen, 0, sizeof(seen));
	hitlog_each(s, 1708000000, note, &seen);
	T_EQ_INT(seen.n, 3);
	T_EQ_STR(seen.items[0], "i2");
	T_EQ_STR(seen.items[2], "i4");
	memset(&seen, 0, sizeof(seen));
	hitlog_each(s, 1709400001, note, &seen);
	T_EQ_INT(seen.n, 0);
	state_close(s);
	t_rmtree(t_dir);
}

/* fn returning nonzero stops the walk, across files too */
static void
test_hitlog__stop(void)
{
	struct state *s = open_state();
	struct seen seen;

	memset(&seen, 0, sizeof(seen));
	seen.stop_after = 1;
	hitlog_each(s, TIME_NONE, note, &seen);
	T_EQ_INT(seen.n, 1);
	memset(&seen, 0, sizeof(seen));
	seen.stop_after = 3;
	hitlog_each(s, TIME_NONE, note, &seen);
	T_EQ_INT(seen.n, 3);
	T_EQ_STR(seen.items[2], "i3");
	state_close(s);
	t_rmtree(t_dir);
}

static void
test_hitlog__find(void)
{
	struct state *s = open_state();
	struct hit h;
	char id[17];

	hit_make_id(id, "r2", "src", "i4");
	T_EQ_INT(hitlog_find(s, id, &h), 0);
	T_EQ_STR(h.id, id);
	T_EQ_STR(h.item, "i4");
	T_EQ_STR(h.rule, "r2");
	T_EQ_STR(h.competitor, "Acme");
	T_EQ_STR(h.match, "launch");
	T_EQ_INT(h.at, 1709400000);
	T_EQ_INT(h.severity, SEV_HIGH);
	hit_release(&h);
	/* the copy outlives the walk: nothing borrowed from a released hit */
	hit_make_id(id, "r1", "src", "i1");
	T_EQ_INT(hitlog_find(s, id, &h), 0);
	T_EQ_STR(h.title, "Acme launches");
	hit_release(&h);
	T_EQ_INT(hitlog_find(s, "0000000000000000", &h), ERR_NOTFOUND);
	T_ASSERT(h.rule == NULL);
	hit_release(&h);
	state_close(s);
	t_rmtree(t_dir);
}

/* no hits directory, or a state directory that is not there: no call */
static void
test_hitlog__empty(void)
{
	struct state *s = NULL;
	struct err e = ERR_INIT;
	struct seen seen;
	struct hit h;

	t_mkdtemp("hitlog");
	T_EQ_INT(state_open(&s, t_path("none"), 1, &e), 0);
	memset(&seen, 0, sizeof(seen));
	hitlog_each(s, TIME_NONE, note, &seen);
	T_EQ_INT(seen.n, 0);
	T_EQ_INT(hitlog_find(s, "0123456789abcdef", &h), ERR_NOTFOUND);
	state_close(s);
	t_rmtree(t_dir);
}

T_MAIN(T_CASE(test_hitlog__each_in_order), T_CASE(test_hitlog__since),
    T_CASE(test_hitlog__stop), T_CASE(test_hitlog__find),
    T_CASE(test_hitlog__empty))
