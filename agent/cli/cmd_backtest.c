/*
 * backtest: the current rules over the items kept in the state directory,
 * compared with the hits recorded there. This is how an analyst sees the
 * effect of a rule edit before committing it.
 */
#include "cmd.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "cliopt.h"
#include "hit.h"
#include "item.h"
#include "json_util.h"
#include "jsonl.h"
#include "match.h"
#include "state.h"
#include "util.h"
#include "xmalloc.h"

struct bt_item {
	char	*rule, *source, *item, *title, *link;
	char	*selection, *match;	/* why it hits now, or why it did */
	int	 now, before;
};

struct backtest {
	struct bt_item	*v;
	size_t		 n, alloc;
	const char	*rule;		/* --rule filter or NULL */
	int64_t		 since;
	struct loaded	*l;
	const char	*source;	/* while scanning one source */
	const struct item *it;
	size_t		 scanned;	/* items the rules ran over */
};

static struct bt_item *
bt_find(struct backtest *bt, const char *rule, const char *source,
    const char *item)
{
	struct bt_item *e;

	/* linear probing over a few thousand hits is fine here; backtest
	 * is an interactive, occasional command */
	for (size_t i = 0; i < bt->n; i++) {
		e = &bt->v[i];
		if (strcmp(e->rule, rule) == 0 &&
		    strcmp(e->source, source) == 0 &&
		    strcmp(e->item, item) == 0)
			return e;
	}
	if (bt->n == bt->alloc) {
		bt->alloc = bt->alloc ? bt->alloc * 2 : 64;
		bt->v = xreallocarray(bt->v, bt->alloc, sizeof(*bt->v));
	}
	e = &bt->v[bt->n++];
	memset(e, 0, sizeof(*e));
	e->rule = xstrdup(rule);
	e->source = xstrdup(source);
	e->item = xstrdup(item);
	return e;
}

static void
on_bt_hit(const struct match_hit *h, void *payload)
{
	struct backtest *bt = payload;
	struct bt_item *e;

	if (bt->rule && strcmp(bt->rule, h->rule->id) != 0)
		return;
	e = bt_find(bt, h->rule->id, bt->source, bt->it->id);
	e->now = 1;
	if (e->title == NULL)
		e->title = xstrdup(bt->it->title);
	if (e->link == NULL)
		e->link = xstrdup_or_null(bt->it->link);
	/* what the current rule matches */
	free(e->selection);
	free(e->match);
	e->selection = xstrdup_or_null(h->selection);
	e->match = xstrndup(h->match ? h->match : "", h->matchlen);
}

static int
on_hit_line(const char *line, size_t len, void *payload)
{
	struct backtest *bt = payload;
	struct bt_item *e;
	struct hit h;

	if (hit_from_json(&h, line, len) < 0)
		return 0;
	/* an analyst's judgement (signal add --rule) is no rule's output:
	 * a rule edit can neither make nor lose it */
	if (h.analyst) {
		hit_release(&h);
		return 0;
	}
	if ((bt->rule == NULL || strcmp(bt->rule, h.rule) == 0) &&
	    (bt->since == TIME_NONE || h.at >= bt->since)) {
		e = bt_find(bt, h.rule, h.source, h.item);
		e->before = 1;
		if (e->title == NULL)
			e->title = xstrdup_or_null(h.title);
		if (e->link == NULL)
			e->link = xstrdup_or_null(h.link);
		/* what the recorded hit matched (the current rule's match
		 * replaces it when it still hits) */
		if (e->selection == NULL && e->match == NULL) {
			e->selection = xstrdup_or_null(h.selection);
			e->match = xstrdup_or_null(h.match);
		}
	}
	hit_release(&h);
	return 0;
}

static int
on_item_line(const char *line, size_t len, void *payload)
{
	struct backtest *bt = payload;
	const struct source *src = config_source(bt->l->cfg, bt->source);
	struct match_ctx mc;
	struct item it;

	if (item_from_json(&it, line, len) < 0)
		return 0;
	if (bt->since != TIME_NONE && it.published != TIME_NONE &&
	    it.published < bt->since) {
		item_release(&it);
		return 0;
	}
	mc.source_id = bt->source;
	mc.competitor = it.competitor ? it.competitor : src ?
	    src->competitor : NULL;
	mc.tags = src ? (const char *const *)src->tags : NULL;
	mc.languages = (const char *const *)bt->l->cfg->languages;
	mc.info = NULL;
	bt->it = &it;
	bt->scanned++;
	match_item(bt->l->rs, &it, &mc, on_bt_hit, bt);
	item_release(&it);
	return 0;
}

static int
cmp_bt(const void *a, const void *b)
{
	const struct bt_item *x = a, *y = b;
	int c = strcmp(x->rule, y->rule);

	if (c == 0)
		c = strcmp(x->source, y->source);
	return c ? c : strcmp(x->item, y->item);
}

static json_t *
bt_json_item(const struct bt_item *e)
{
	json_t *o = json_object();

	json_object_set_new(o, "source", json_string(e->source));
	json_object_set_new(o, "item", json_string(e->item));
	json_object_set_new(o, "title", e->title ? json_string(e->title) :
	    json_null());
	json_object_set_new(o, "link", e->link ? json_string(e->link) :
	    json_null());
	json_object_set_new(o, "selection", e->selection ?
	    json_string(e->selection) : json_null());
	json_object_set_new(o, "match", e->match ? json_string(e->match) :
	    json_null());
	return o;
}

static int
cmp_rule_json(const void *a, const void *b)
{
	return strcmp(json_str(*(json_t *const *)a,
	    "rule"), json_str(*(json_t *const *)b,
	    "rule"));
}

/* every rule of the rule set (or the --rule one) gets an entry, those
 * with no hit at all too, in rule id order */
static json_t *
all_rules(json_t *rules, const struct backtest *bt)
{
	const struct ruleset *rs = bt->l->rs;
	size_t n = json_array_size(rules), k = 0;
	json_t **v, *out = json_array(), *e;

	for (size_t i = 0; rs && i < rs->n; i++) {
		const char *id = rs->rules[i].id;
		int found = 0;
		size_t j;

		if (bt->rule && strcmp(bt->rule, id) != 0)
			continue;
		json_array_foreach(rules, j, e)
			if (strcmp(json_str(e, "rule"), id) == 0)
				found = 1;
		if (found)
			continue;
		e = json_object();
		json_object_set_new(e, "rule", json_string(id));
		json_object_set_new(e, "new", json_array());
		json_object_set_new(e, "gone", json_array());
		json_object_set_new(e, "unchanged", json_integer(0));
		json_array_append_new(rules, e);
	}
	n = json_array_size(rules);
	v = xcalloc(n + 1, sizeof(*v));
	json_array_foreach(rules, k, e)
		v[k] = e;
	if (n > 1)
		qsort(v, n, sizeof(*v), cmp_rule_json);
	for (size_t i = 0; i < n; i++)
		json_array_append(out, v[i]);
	free(v);
	json_decref(rules);
	return out;
}

/* "  + source  title  link" and, below it, why it hits */
static void
print_change(char sign, json_t *e)
{
	const char *t = json_str(e, "title");
	const char *l = json_str(e, "link");
	const char *sel = json_str(e, "selection");
	const char *m = json_str(e, "match");

	printf("  %c %s  %s  %s\n", sign, json_string_value(
	    json_object_get(e, "source")), t ? t : "", l ? l : "");
	if (sel || m)
		printf("      selection %s: \"%s\"%s\n", sel && *sel ? sel :
		    "-", m ? m : "", sign == '-' ? " (recorded)" : "");
}

static void
report(struct backtest *bt, int json)
{
	json_t *rules = json_array(), *cur = NULL, *newv = NULL, *gone = NULL;
	const char *rule = NULL;
	size_t unchanged = 0, tnew = 0, tgone = 0;

	if (bt->n > 1)
		qsort(bt->v, bt->n, sizeof(*bt->v), cmp_bt);
	for (size_t i = 0; i <= bt->n; i++) {
		const struct bt_item *e = i < bt->n ? &bt->v[i] : NULL;

		if (rule && (e == NULL || strcmp(rule, e->rule) != 0)) {
			json_object_set_new(cur, "new", newv);
			json_object_set_new(cur, "gone", gone);
			json_object_set_new(cur, "unchanged",
			    json_integer((json_int_t)unchanged));
			json_array_append_new(rules, cur);
			rule = NULL;
		}
		if (e == NULL)
			break;
		if (rule == NULL) {
			rule = e->rule;
			cur = json_object();
			json_object_set_new(cur, "rule", json_string(rule));
			newv = json_array();
			gone = json_array();
			unchanged = 0;
		}
		if (e->now && e->before)
			unchanged++;
		else if (e->now) {
			json_array_append_new(newv, bt_json_item(e));
			tnew++;
		} else {
			json_array_append_new(gone, bt_json_item(e));
			tgone++;
		}
	}
	rules = all_rules(rules, bt);
	if (json) {
		json_t *o = json_object();
		char *s;

		json_object_set_new(o, "rules", rules);
		json_object_set_new(o, "items_scanned",
		    json_integer((json_int_t)bt->scanned));
		json_object_set_new(o, "new", json_integer((json_int_t)tnew));
		json_object_set_new(o, "gone", json_integer((json_int_t)tgone));
		s = json_dumps(o, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
		printf("%s\n", s);
		free(s);
		json_decref(o);
		return;
	}
	{
		size_t i;
		json_t *r;

		json_array_foreach(rules, i, r) {
			size_t k;
			json_t *e;

			printf("%-32s new %-4zu gone %-4zu unchanged %lld\n",
			    json_str(r, "rule"),
			    json_array_size(json_object_get(r, "new")),
			    json_array_size(json_object_get(r, "gone")),
			    json_int(r, "unchanged"));
			json_array_foreach(json_object_get(r, "new"), k, e)
				print_change('+', e);
			json_array_foreach(json_object_get(r, "gone"), k, e)
				print_change('-', e);
		}
		printf("%zu hit%s would be new, %zu would disappear; %zu "
		    "item%s scanned\n", tnew, tnew == 1 ? "" : "s", tgone,
		    bt->scanned, bt->scanned == 1 ? "" : "s");
		json_decref(rules);
	}
}

int
cmd_backtest(const struct cmd_env *env, int argc, char **argv)
{
	struct backtest bt;
	struct loaded l;
	struct state *st = NULL;
	char **srcs = NULL;
	size_t nsrc = 0;
	struct since_opt since = { 0, TIME_NONE, NULL };
	int rc, json = 0;
	const struct cliopt opts[] = {
		CLIOPT_STR("rule", 'r', &bt.rule),
		CLIOPT_CALL_ARG("since", 's', since_opt, &since),
		CLIOPT_FLAG("json", 'j', &json),
	};

	memset(&bt, 0, sizeof(bt));
	if ((rc = cliopt_parse(argc, argv, opts, CLIOPT_N(opts), "")) != 0) {
		if (rc < 0)
			cmd_usage(stderr, "backtest", 0);
		return 64;
	}
	bt.since = since.t;
	if ((rc = load_all(&l, env)) != 0) {
		loaded_release(&l);
		return rc;
	}
	if (bt.rule && rules_find(l.rs, bt.rule) == NULL)
		fprintf(stderr, "sigwatch: rule '%s' is not in the current "
		    "rules: every recorded hit of it would disappear\n",
		    bt.rule);
	bt.l = &l;
	if ((rc = cmd_open_state(&st, l.cfg)) != 0) {
		loaded_release(&l);
		return rc;
	}
	jsonl_each(st, "hits", NULL, on_hit_line, NULL, &bt);
	state_list(st, "items", "", &srcs, &nsrc);
	for (size_t s = 0; s < nsrc; s++) {
		struct buf sub = BUF_INIT;

		buf_addf(&sub, "items/%s", srcs[s]);
		bt.source = srcs[s];
		jsonl_each(st, sub.data, NULL, on_item_line, NULL, &bt);
		buf_release(&sub);
	}
	strv_free(srcs);
	report(&bt, json);
	for (size_t i = 0; i < bt.n; i++) {
		free(bt.v[i].rule);
		free(bt.v[i].source);
		free(bt.v[i].item);
		free(bt.v[i].title);
		free(bt.v[i].link);
		free(bt.v[i].selection);
		free(bt.v[i].match);
	}
	free(bt.v);
	state_close(st);
	loaded_release(&l);
	return 0;
}
