/* item age: stale items (alerts.max_age) and playbook windows that count
 * the item's date */
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "hit.h"
#include "item.h"
#include "pbstate.h"
#include "playbook.h"
#include "t.h"
#include "util.h"

#define DAY	86400
#define NOW	((int64_t)1767225600)	/* 2026-01-01T00:00:00Z */

static struct item
dated(int64_t published, int64_t updated)
{
	struct item it;

	memset(&it, 0, sizeof(it));
	it.id = (char *)"i";
	it.title = (char *)"t";
	it.text = (char *)"";
	it.published = published;
	it.updated = updated;
	return it;
}

static void
test_age__stale(void)
{
	struct item it;

	/* published wins over updated */
	it = dated(NOW - 40 * DAY, NOW - DAY);
	T_EQ_INT(item_date(&it), NOW - 40 * DAY);
	T_EQ_INT(item_stale(&it, NOW, 30 * DAY), 1);
	/* a GitHub release has only <updated> */
	it = dated(TIME_NONE, NOW - 31 * DAY);
	T_EQ_INT(item_date(&it), NOW - 31 * DAY);
	T_EQ_INT(item_stale(&it, NOW, 30 * DAY), 1);
	/* exactly max_age old is not older than max_age */
	it = dated(NOW - 30 * DAY, TIME_NONE);
	T_EQ_INT(item_stale(&it, NOW, 30 * DAY), 0);
	it = dated(NOW - 29 * DAY, TIME_NONE);
	T_EQ_INT(item_stale(&it, NOW, 30 * DAY), 0);
	/* undated items and future dates are never stale */
	it = dated(TIME_NONE, TIME_NONE);
	T_EQ_INT(item_date(&it), TIME_NONE);
	T_EQ_INT(item_stale(&it, NOW, 30 * DAY), 0);
	it = dated(NOW + 5 * DAY, TIME_NONE);
	T_EQ_INT(item_stale(&it, NOW, 30 * DAY), 0);
	/* max_age 0 turns staleness off */
	it = dated(NOW - 4000 * DAY, TIME_NONE);
	T_EQ_INT(item_stale(&it, NOW, 0), 0);
}

static void
test_age__config(void)
{
	struct config *cfg = config_new();

	/* the default is documented as 30 days */
	T_EQ_INT(cfg->alerts.max_age, 30 * DAY);
	config_free(cfg);
}

static struct hit
mkhit(const char *id, const char *rule, int64_t at, int64_t published)
{
	struct hit h;

	memset(&h, 0, sizeof(h));
	snprintf(h.id, sizeof(h.id), "%s", id);
	h.rule = (char *)rule;
	h.source = (char *)"src";
	h.at = at;
	h.published = published;
	return h;
}

/* the window counts the item's date, not the detection date */
static void
test_age__playbook_window(void)
{
	struct playbook pb;
	struct pbstate st;
	struct hit h;

	memset(&pb, 0, sizeof(pb));
	pb.id = (char *)"pb";
	pb.distinct_signals = 2;
	pb.within = 30 * DAY;
	memset(&st, 0, sizeof(st));
	st.activated_at = TIME_NONE;
	/* two signals detected today, one of an item published 45 days ago:
	 * only one counts in a 30-day window, so the playbook stays */
	h = mkhit("aaaaaaaaaaaaaaaa", "r1", NOW, NOW - 45 * DAY);
	pbstate_add(&st, &h);
	T_EQ_INT(pbsignal_date(&st.v[0]), NOW - 45 * DAY);
	h = mkhit("bbbbbbbbbbbbbbbb", "r2", NOW, NOW - DAY);
	pbstate_add(&st, &h);
	T_EQ_INT(pbstate_step(&st, &pb, NOW), PB_NONE);
	T_EQ_INT(st.active, 0);
	T_EQ_INT(st.n, 1);
	/* a third, published last week: two distinct signals in the window */
	h = mkhit("cccccccccccccccc", "r1", NOW, NOW - 7 * DAY);
	pbstate_add(&st, &h);
	T_EQ_INT(pbstate_step(&st, &pb, NOW), PB_ACTIVATED);
	/* undated, or dated in the future: the detection date counts */
	h = mkhit("dddddddddddddddd", "r3", NOW, TIME_NONE);
	pbstate_add(&st, &h);
	T_EQ_INT(st.v[st.n - 1].at, NOW);
	h = mkhit("eeeeeeeeeeeeeeee", "r3", NOW, NOW + 3 * DAY);
	pbstate_add(&st, &h);
	T_EQ_INT(st.v[st.n - 1].at, NOW);
	pbstate_release(&st);
}

/* hit lines carry "stale": true, and read back */
static void
test_age__hit_json(void)
{
	struct hit h = mkhit("0123456789abcdef", "r1", NOW, NOW - 90 * DAY);
	struct hit back;
	char *line;

	h.stale = 1;
	line = hit_to_json(&h);
	T_CONTAINS(line, "\"stale\":true");
	T_EQ_INT(hit_from_json(&back, line, strlen(line)), 0);
	T_EQ_INT(back.stale, 1);
	T_EQ_INT(back.published, NOW - 90 * DAY);
	hit_release(&back);
	free(line);
	h.stale = 0;
	line = hit_to_json(&h);
	T_ASSERT(strstr(line, "stale") == NULL);
	free(line);
}

T_MAIN(T_CASE(test_age__stale),
    T_CASE(test_age__config),
    T_CASE(test_age__playbook_window),
    T_CASE(test_age__hit_json))
