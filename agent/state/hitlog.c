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
	hit_copy(f->out, h);
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
