#include "hitlog.h"

#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "err.h"
#include "jsonl.h"
#include "util.h"
#include "xmalloc.h"

struct each {
	int64_t	  since;
	int	(*fn)(const struct hit *, void *);
	void	 *payload;
};

static int
each_line(const char *line, size_t len, void *payload)
{
	struct each *e = payload;
	struct hit h;
	int stop = 0;

	if (hit_from_json(&h, line, len) < 0)
		return 0;
	if (e->since == TIME_NONE || h.at >= e->since)
		stop = e->fn(&h, e->payload);
	hit_release(&h);
	return stop;
}

void
hitlog_each(struct state *st, int64_t since,
    int (*fn)(const struct hit *, void *), void *payload)
{
	struct each e = { since, fn, payload };

	jsonl_each(st, "hits", NULL, each_line, NULL, &e);
}

struct find {
	const char	*id;
	struct hit	*out;
	int		 found;
};

static int
find_one(const struct hit *h, void *payload)
{
	struct find *f = payload;

	if (strcmp(h->id, f->id) != 0)
		return 0;
	/* h is released by hitlog_each: copy every string */
	f->found = 1;
	*f->out = *h;
	f->out->rule = xstrdup_or_null(h->rule);
	f->out->rule_rev = xstrdup_or_null(h->rule_rev);
	f->out->rule_title = xstrdup_or_null(h->rule_title);
	f->out->competitor = xstrdup_or_null(h->competitor);
	f->out->playbook = xstrdup_or_null(h->playbook);
	f->out->source = xstrdup_or_null(h->source);
	f->out->source_url = xstrdup_or_null(h->source_url);
	f->out->source_home = xstrdup_or_null(h->source_home);
	f->out->item = xstrdup_or_null(h->item);
	f->out->title = xstrdup_or_null(h->title);
	f->out->link = xstrdup_or_null(h->link);
	f->out->selection = xstrdup_or_null(h->selection);
	f->out->field = xstrdup_or_null(h->field);
	f->out->match = xstrdup_or_null(h->match);
	f->out->excerpt = xstrdup_or_null(h->excerpt);
	f->out->reporter = xstrdup_or_null(h->reporter);
	return 1;
}

int
hitlog_find(struct state *st, const char *id, struct hit *out)
{
	struct find f = { id, out, 0 };

	memset(out, 0, sizeof(*out));
	hitlog_each(st, TIME_NONE, find_one, &f);
	return f.found ? 0 : ERR_NOTFOUND;
}
