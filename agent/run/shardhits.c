#include "shardhits.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "buf.h"
#include "hitlog.h"
#include "log.h"
#include "strset.h"
#include "util.h"
#include "xmalloc.h"

#define CURSOR_SLACK (24 * 3600)

/* a cursor file name readable by people and unique per DIR: the last
 * path component, then a hash of the whole DIR as given */
static char *
cursor_rel(const char *dir)
{
	struct buf b = BUF_INIT;
	const char *base;
	size_t len = strlen(dir);

	while (len > 1 && dir[len - 1] == '/')
		len--;
	base = dir + len;
	while (base > dir && base[-1] != '/')
		base--;
	buf_addstr(&b, "shards/");
	for (const char *p = base; p < dir + len && p - base < 40; p++)
		buf_addch(&b, (*p >= 'a' && *p <= 'z') || (*p >= 'A' &&
		    *p <= 'Z') || (*p >= '0' && *p <= '9') || *p == '-' ||
		    *p == '_' ? *p : '_');
	buf_addf(&b, "-%08llx.json", (unsigned long long)(fnv1a64_mem(dir,
	    len) & 0xffffffffu));
	return buf_detach(&b, NULL);
}

static void
cursor_load(struct state *own, struct shardcursor *c)
{
	char *data = NULL;
	size_t len = 0;
	struct err err = ERR_INIT;
	json_t *o;
	const char *at;

	c->at = TIME_NONE;
	if (state_read(own, c->rel, &data, &len, &err) < 0)
		return;
	o = json_loadb(data, len, 0, NULL);
	at = json_string_value(json_object_get(o, "at"));
	if (at == NULL || parse_time(at, &c->at) < 0)
		c->at = TIME_NONE;
	c->taken = (size_t)json_integer_value(json_object_get(o, "taken"));
	json_decref(o);
	free(data);
}

struct collect {
	struct shardhits	*out;
	struct strset		*ids;	/* taken before, or in this batch */
	struct shardcursor	*cur;
	size_t			 cap;
	size_t			*seq;	/* read order, for a stable sort */
	size_t			 next;
};

static int
own_id(const struct hit *h, void *payload)
{
	strset_add(payload, h->id, strlen(h->id));
	return 0;
}

static int
take(const struct hit *h, void *payload)
{
	struct collect *c = payload;
	struct shardhits *o = c->out;
	char *line;

	if (!strset_add(c->ids, h->id, strlen(h->id)))
		return 0;
	if (o->n == c->cap) {
		c->cap = c->cap ? 2 * c->cap : 64;
		o->v = xreallocarray(o->v, c->cap, sizeof(*o->v));
		c->seq = xreallocarray(c->seq, c->cap, sizeof(*c->seq));
	}
	/* h is released after this returns: keep a copy through its line,
	 * which holds every field a hit line has */
	line = hit_to_json(h);
	if (hit_from_json(&o->v[o->n], line, strlen(line)) == 0) {
		c->seq[o->n] = c->next++;
		o->n++;
		c->cur->taken++;
		if (c->cur->at == TIME_NONE || h->at > c->cur->at)
			c->cur->at = h->at;
	}
	free(line);
	return 0;
}

/* by at, then source id (a run's job order), then read order */
struct keyed {
	struct hit	*h;
	size_t		 seq;
};

static int
keyed_cmp(const void *a, const void *b)
{
	const struct keyed *x = a, *y = b;
	int c;

	if (x->h->at != y->h->at)
		return x->h->at < y->h->at ? -1 : 1;
	c = strcmp(x->h->source ? x->h->source : "",
	    y->h->source ? y->h->source : "");
	if (c)
		return c;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

static void
sort_hits(struct shardhits *o, const size_t *seq)
{
	struct keyed *k;
	struct hit *v;

	if (o->n < 2)
		return;
	k = xcalloc(o->n, sizeof(*k));
	for (size_t i = 0; i < o->n; i++) {
		k[i].h = &o->v[i];
		k[i].seq = seq[i];
	}
	qsort(k, o->n, sizeof(*k), keyed_cmp);
	v = xcalloc(o->n, sizeof(*v));
	for (size_t i = 0; i < o->n; i++)
		v[i] = *k[i].h;		/* the strings move with it */
	free(o->v);
	o->v = v;
	free(k);
}

size_t
shardhits_collect(struct state *own, const char *const *dirs, size_t ndirs,
    struct shardhits *out)
{
	struct strset ids = STRSET_INIT;
	struct collect c;
	size_t readable = 0;

	memset(out, 0, sizeof(*out));
	memset(&c, 0, sizeof(c));
	c.out = out;
	c.ids = &ids;
	hitlog_each(own, TIME_NONE, own_id, &ids);
	out->cur = xcalloc(ndirs + 1, sizeof(*out->cur));
	out->ncur = ndirs;
	for (size_t i = 0; i < ndirs; i++) {
		struct shardcursor *cur = &out->cur[i];
		struct state *sh = NULL;
		struct err err = ERR_INIT;
		struct stat sb;

		cur->dir = xstrdup(dirs[i]);
		cur->rel = cursor_rel(dirs[i]);
		cursor_load(own, cur);
		if (stat(dirs[i], &sb) < 0 || !S_ISDIR(sb.st_mode))
			err_set(&err, ERR_NOTFOUND, "not a directory (has "
			    "the shard run yet?)");
		if (err.code < 0 || state_open(&sh, dirs[i], 1, &err) < 0) {
			log_warnx("playbooks: shard %s: %s; its hits are taken "
			    "next time", dirs[i], err.msg);
			continue;
		}
		cur->readable = 1;
		readable++;
		c.cur = cur;
		/* from a day before the newest taken: a shard whose clock
		 * stepped back still has its hits read; the ids already
		 * taken are skipped */
		hitlog_each(sh, cur->at == TIME_NONE ? TIME_NONE :
		    cur->at - CURSOR_SLACK, take, &c);
		state_close(sh);
	}
	sort_hits(out, c.seq);
	free(c.seq);
	strset_release(&ids);
	return readable;
}

int
shardhits_save(struct state *own, const struct shardhits *sh,
    struct err *err)
{
	for (size_t i = 0; i < sh->ncur; i++) {
		const struct shardcursor *cur = &sh->cur[i];
		json_t *o;
		char *s, ts[32];
		int rc;

		if (!cur->readable || cur->at == TIME_NONE)
			continue;
		fmt_time(ts, cur->at);
		o = json_object();
		json_object_set_new(o, "from", json_string(cur->dir));
		json_object_set_new(o, "at", json_string(ts));
		json_object_set_new(o, "taken", json_integer((json_int_t)
		    cur->taken));
		s = json_dumps(o, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
		json_decref(o);
		if (s == NULL)
			return err_set(err, ERR_GENERIC, "out of memory");
		rc = state_write(own, cur->rel, s, strlen(s), err);
		free(s);
		if (rc < 0)
			return -1;
	}
	return 0;
}

void
shardhits_release(struct shardhits *sh)
{
	for (size_t i = 0; i < sh->n; i++)
		hit_release(&sh->v[i]);
	free(sh->v);
	for (size_t i = 0; i < sh->ncur; i++) {
		free(sh->cur[i].dir);
		free(sh->cur[i].rel);
	}
	free(sh->cur);
	memset(sh, 0, sizeof(*sh));
}
