/*
 * The analyst's commands: triage (a verdict on a hit) and digest (the
 * week in one message). Both write the state under the run lock, queue
 * their Slack messages in the outbox with the commit that records them,
 * then deliver like a run does.
 */
#include "cmd.h"

#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "alert.h"
#include "buf.h"
#include "cliopt.h"
#include "deliver.h"
#include "digest.h"
#include "gitstore.h"
#include "hitlog.h"
#include "log.h"
#include "match.h"
#include "notify.h"
#include "pbstate.h"
#include "state.h"
#include "triage.h"
#include "util.h"
#include "xmalloc.h"

#define NOTE_MAX	2000
#define AUTHOR_MAX	100

static int
open_rw(struct state **st, const struct config *cfg)
{
	struct err err = ERR_INIT;

	if (state_open(st, cfg->state_dir, 0, &err) == 0)
		return 0;
	fprintf(stderr, "sigwatch: %s\n", err.msg);
	return err.code == ERR_LOCKED ? 75 : 73;
}

/*
 * The notifiers an alert of severity sev goes to: targets (NULL = all)
 * whose min_severity it meets, as in a run. names has room for every
 * notifier plus NULL; returns how many.
 */
static size_t
notifiers_for(const struct config *cfg, char *const *targets, int sev,
    const char **names)
{
	size_t n = 0;

	for (size_t i = 0; i < cfg->alerts.nnotifiers; i++) {
		const struct notifier *nt = &cfg->alerts.notifiers[i];
		int wanted = targets == NULL;

		for (size_t k = 0; targets && targets[k]; k++)
			if (strcmp(targets[k], nt->name) == 0)
				wanted = 1;
		if (wanted && sev >= nt->min_severity)
			names[n++] = nt->name;
	}
	names[n] = NULL;
	return n;
}

/*
 * After the commit that queued them: send what is due (backoff honoured,
 * as in a run), commit what was delivered, push. Returns a sysexits code.
 */
static int
deliver_due(struct state *st, const struct config *cfg, int64_t now)
{
	struct deliver_stats ds;
	struct err err = ERR_INIT;
	struct buf msg = BUF_INIT;
	int committed = 0, rc = 0;

	if (outbox_deliver(st, cfg, now, 0, &ds, &err) < 0) {
		log_errorx("state: %s", err.msg);
		return 73;
	}
	if (ds.sent > 0 || ds.dead > 0) {
		buf_addf(&msg, "deliver: %zu sent, %zu pending, %zu dead\n",
		    ds.sent, ds.pending, ds.dead);
		if (state_commit(st, msg.data, &committed, &err) < 0) {
			log_errorx("state: cannot commit delivery: %s",
			    err.msg);
			rc = 73;
		}
	}
	buf_release(&msg);
	if (cfg->state_git.remote != NULL && *cfg->state_git.remote != '\0' &&
	    gitstore_push(state_git(st), cfg->state_git.remote, &err) < 0)
		log_warnx("state: push failed, retried next run: %s", err.msg);
	if (rc == 0)
		state_mark_clean(st);
	return rc;
}

/* ------------------------------------------------------------------ */
/* triage */

static const char *
default_author(void)
{
	const char *u = getenv("SUDO_USER");
	struct passwd *pw;

	if (u == NULL || *u == '\0')
		u = getenv("USER");
	if (u == NULL || *u == '\0') {
		pw = getpwuid(getuid());
		u = pw ? pw->pw_name : NULL;
	}
	return u && *u ? u : "unknown";
}

struct idlist {
	char	**v;
	size_t	  n;
};

static int
collect_id(const struct hit *h, void *payload)
{
	struct idlist *l = payload;

	l->v = xreallocarray(l->v, l->n + 2, sizeof(*l->v));
	l->v[l->n++] = xstrdup(h->id);
	l->v[l->n] = NULL;
	return 0;
}

/* "no hit X; did you mean Y?" (a unique prefix, or a likely typo) */
static void
unknown_hit(struct state *st, const char *id)
{
	struct idlist l = { NULL, 0 };
	const char *hint = NULL;
	size_t nprefix = 0, len = strlen(id);

	hitlog_each(st, TIME_NONE, collect_id, &l);
	for (size_t i = 0; i < l.n && len >= 4; i++)
		if (strncmp(l.v[i], id, len) == 0 && nprefix++ == 0)
			hint = l.v[i];
	if (nprefix != 1)
		hint = l.v ? diag_suggest(id, (const char *const *)l.v) : NULL;
	if (hint)
		fprintf(stderr, "sigwatch: no hit '%s'; did you mean '%s'?\n",
		    id, hint);
	else
		fprintf(stderr, "sigwatch: no hit '%s' (`sigwatch hits` lists "
		    "them with their ids)\n", id);
	strv_free(l.v);
}

/* s as a YAML double-quoted scalar */
static void
yaml_quote(struct buf *out, const char *s)
{
	buf_addch(out, '"');
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if (*p == '"' || *p == '\\')
			buf_addf(out, "\\%c", *p);
		else if (*p == '\n')
			buf_addstr(out, "\\n");
		else if (*p == '\t')
			buf_addstr(out, "\\t");
		else if (*p < 0x20 || *p == 0x7f)
			buf_addf(out, "\\x%02x", *p);
		else
			buf_addch(out, (char)*p);
	}
	buf_addch(out, '"');
}

struct rulehit {
	const char	*rule;
	int		 hit;
};

static void
on_rulehit(const struct match_hit *mh, void *payload)
{
	struct rulehit *rh = payload;

	if (strcmp(mh->rule->id, rh->rule) == 0)
		rh->hit = 1;
}

/* does h's rule hit an item whose title and text are s (as `tests:`
 * examples are run), in h's source? */
static int
rule_hits_text(const struct ruleset *rs, const struct config *cfg,
    const struct hit *h, const char *s)
{
	const struct source *src = config_source(cfg, h->source);
	struct rulehit rh = { h->rule, 0 };
	struct match_ctx mc;
	struct item it;

	memset(&it, 0, sizeof(it));
	memset(&mc, 0, sizeof(mc));	/* every language, no info */
	it.id = (char *)"triage";
	it.title = (char *)s;
	it.text = (char *)s;
	it.published = it.updated = TIME_NONE;
	mc.source_id = h->source;
	mc.competitor = src ? src->competitor : h->competitor;
	mc.tags = src ? (const char *const *)src->tags : NULL;
	match_item(rs, &it, &mc, on_rulehit, &rh);
	return rh.hit;
}

/* the ready `nomatch:` test that keeps the rule from hitting this again */
static void
print_nomatch(const struct loaded *l, const struct hit *h)
{
	const struct rule *r = rules_find(l->rs, h->rule);
	struct buf q = BUF_INIT;
	const char *title = h->title && *h->title ? h->title : h->match;

	if (title == NULL || *title == '\0')
		return;
	yaml_quote(&q, title);
	printf("\nA test for rule %s%s%s, so that `sigwatch check` keeps it "
	    "from matching this again:\n\n  tests:\n    nomatch: [%s]\n\n",
	    h->rule, r ? " in " : "", r ? r->path : "", q.data);
	if (r != NULL && rule_hits_text(l->rs, l->cfg, h, title))
		printf("The rule matches this title today: `sigwatch check` "
		    "fails until the rule is changed to leave it out.\n");
	else if (r != NULL && h->excerpt && *h->excerpt) {
		buf_reset(&q);
		yaml_quote(&q, h->excerpt);
		printf("The title alone does not match the rule (it matched "
		    "in %s), so that test passes already; the excerpt would "
		    "pin it:\n\n    nomatch: [%s]\n", h->field ? h->field :
		    "the text", q.data);
	}
	buf_release(&q);
}

/*
 * A false positive leaves every playbook window. A playbook that falls
 * back to watching says so once in Slack (its alert is queued here).
 * Returns the number of playbooks changed; -1 when the state cannot be
 * written.
 */
static int
retract(struct state *st, const struct loaded *l, const struct hit *h,
    const struct triage *t, struct buf *msg)
{
	int changed = 0;
	size_t seq = 0;

	for (size_t p = 0; p < l->pbs.n; p++) {
		const struct playbook *pb = &l->pbs.v[p];
		struct pbstate ps;
		enum pb_transition tr;
		struct err err = ERR_INIT;
		const char **names;
		unsigned have;
		char id[17], *json;

		pbstate_load(st, pb->id, &ps);
		if (!pbstate_retract(&ps, pb, h->id, t->at, &tr)) {
			pbstate_release(&ps);
			continue;
		}
		changed++;
		if (pbstate_save(st, &ps, &err) < 0) {
			log_errorx("state: %s", err.msg);
			pbstate_release(&ps);
			return -1;
		}
		have = pbstate_distinct(&ps, t->at - pb->within);
		printf("playbook %s: the signal left its window (%u of %u "
		    "distinct signal%s within %lld day%s)", pb->id, have,
		    pb->distinct_signals, pb->distinct_signals == 1 ? "" : "s",
		    (long long)(pb->within / 86400),
		    pb->within / 86400 == 1 ? "" : "s");
		buf_addf(msg, "playbook %s: signal withdrawn%s\n", pb->id,
		    tr == PB_RELAXED ? ", back to watching" : "");
		if (tr != PB_RELAXED) {
			printf("\n");
			pbstate_release(&ps);
			continue;
		}
		json = alert_deactivation(id, l->cfg, pb, &ps, h, t, t->at);
		names = xcalloc(l->cfg->alerts.nnotifiers + 1, sizeof(*names));
		if (notifiers_for(l->cfg, pb->notify, playbook_severity(pb),
		    names) > 0 && outbox_put_seq(st, id, json, names, t->at,
		    ++seq, &err) < 0) {
			log_errorx("state: %s", err.msg);
			changed = -1;
		}
		printf("; back to watching, said in Slack (alert %s)\n", id);
		free(names);
		free(json);
		pbstate_release(&ps);
		if (changed < 0)
			return -1;
	}
	return changed;
}

static int
triage_usage(void)
{
	fprintf(stderr, "usage: sigwatch triage HIT (--fp | --ack) --note "
	    "TEXT [--author NAME]\n");
	return 64;
}

/* --fp (1) or --ack (0), not both */
static int
verdict_opt(void *dest, int letter, const char *arg)
{
	int *verdict = dest;

	if (*verdict >= 0 && *verdict != (letter == 'f'))
		return triage_usage();
	*verdict = letter == 'f';
	return 0;
}

int
cmd_triage(const struct cmd_env *env, int argc, char **argv)
{
	const char *note = NULL, *author = NULL, *id;
	struct loaded l;
	struct state *st = NULL;
	struct hit h;
	struct triage t;
	struct err err = ERR_INIT;
	struct buf msg = BUF_INIT;
	int verdict = -1, rc, committed = 0;
	const struct cliopt opts[] = {
		CLIOPT_CALL("fp", 'f', verdict_opt, &verdict),
		CLIOPT_CALL("ack", 'a', verdict_opt, &verdict),
		CLIOPT_STR("note", 'n', &note),
		CLIOPT_STR("author", 'A', &author),
	};

	/* 0, not 1: re-initialise getopt so that options may follow HIT
	 * (main's "+" scan left it in stop-at-first-argument mode) */
	optind = 0;
	if ((rc = cliopt_parse(argc, argv, opts, CLIOPT_N(opts), "")) != 0)
		return rc < 0 ? triage_usage() : rc;
	if (optind + 1 != argc || verdict < 0 || note == NULL)
		return triage_usage();
	id = argv[optind];
	if (*note == '\0' || strlen(note) > NOTE_MAX || !utf8_valid(note,
	    strlen(note))) {
		fprintf(stderr, "sigwatch: --note wants 1 to %d bytes of "
		    "UTF-8 text: why is it %s?\n", NOTE_MAX, verdict ?
		    "wrong" : "right");
		return 64;
	}
	if (author == NULL)
		author = default_author();
	if (*author == '\0' || strlen(author) > AUTHOR_MAX ||
	    !utf8_valid(author, strlen(author))) {
		fprintf(stderr, "sigwatch: --author wants 1 to %d bytes\n",
		    AUTHOR_MAX);
		return 64;
	}
	if ((rc = load_all(&l, env)) != 0) {
		loaded_release(&l);
		return rc;
	}
	if ((rc = open_rw(&st, l.cfg)) != 0) {
		loaded_release(&l);
		return rc;
	}
	if (strlen(id) != 16 || hitlog_find(st, id, &h) < 0) {
		unknown_hit(st, id);
		rc = 64;
		goto out_state;
	}
	memset(&t, 0, sizeof(t));
	memcpy(t.hit, h.id, sizeof(t.hit));
	t.fp = verdict;
	t.note = (char *)note;
	t.author = (char *)author;
	t.at = now_time();
	t.rule = h.rule;
	t.source = h.source;
	t.item = h.item;
	if (triage_append(st, &t, &err) < 0) {
		log_errorx("state: %s", err.msg);
		rc = 73;
		goto out_hit;
	}
	printf("hit %s (%s on %s): %s, by %s\n", h.id, h.rule, h.source,
	    verdict ? "false positive" : "confirmed (ack)", author);
	buf_addf(&msg, "triage: %s %s by %s\n\nhit %s: rule %s on source %s"
	    "\nitem: %s\nwhy: %s\n", verdict ? "false positive" : "ack",
	    h.rule, author, h.id, h.rule, h.source, h.title ? h.title :
	    h.item, note);
	if (verdict && retract(st, &l, &h, &t, &msg) < 0) {
		rc = 73;
		goto out_hit;
	}
	if (state_commit(st, msg.data, &committed, &err) < 0) {
		log_errorx("state: cannot commit: %s", err.msg);
		rc = 73;
		goto out_hit;
	}
	if (verdict)
		print_nomatch(&l, &h);
	fflush(stdout);		/* before delivery logs to stderr */
	rc = deliver_due(st, l.cfg, t.at);
out_hit:
	hit_release(&h);
out_state:
	buf_release(&msg);
	state_close(st);
	loaded_release(&l);
	return rc;
}

/* ------------------------------------------------------------------ */
/* digest */

static int
digest_usage(void)
{
	fprintf(stderr, "usage: sigwatch digest [--since DURATION|DATE] "
	    "[--dry-run]\n");
	return 64;
}

/* queue one digest per notifier that takes info alerts; 0 or sysexits */
static int
digest_queue(struct state *st, const struct loaded *l,
    const struct digest *dg, int dry_run, int64_t now, size_t *queued)
{
	struct err err = ERR_INIT;

	*queued = 0;
	for (size_t i = 0; i < l->cfg->alerts.nnotifiers; i++) {
		const struct notifier *nt = &l->cfg->alerts.notifiers[i];
		const char *names[2] = { nt->name, NULL };
		char id[17], *json, *text;

		if (SEV_INFO < nt->min_severity)
			continue;
		json = digest_alert(id, dg, nt);
		if (dry_run) {
			text = notify_preview(json, strlen(json));
			printf("notifier %s:\n%s", nt->name, text ? text :
			    json);
			free(text);
		} else if (outbox_put_seq(st, id, json, names, now, i + 1,
		    &err) < 0) {
			log_errorx("state: %s", err.msg);
			free(json);
			return 73;
		}
		(*queued)++;
		free(json);
	}
	return 0;
}

int
cmd_digest(const struct cmd_env *env, int argc, char **argv)
{
	struct loaded l;
	struct state *st = NULL;
	struct digest *dg = NULL;
	struct err err = ERR_INIT;
	struct buf msg = BUF_INIT;
	int64_t now = now_time(), since;
	struct since_opt ds = { now, now - 7 * 86400, "7d" };
	size_t queued = 0, nsig, nitems, fresh;
	int dry_run = 0, rc, committed = 0;
	const struct cliopt opts[] = {
		CLIOPT_CALL_ARG("since", 's', since_opt, &ds),
		CLIOPT_FLAG("dry-run", 'n', &dry_run),
	};

	optind = 0;
	if ((rc = cliopt_parse(argc, argv, opts, CLIOPT_N(opts), "")) != 0)
		return rc < 0 ? digest_usage() : rc;
	if (optind != argc)
		return digest_usage();
	since = ds.t;
	if ((rc = load_all(&l, env)) != 0) {
		loaded_release(&l);
		return rc;
	}
	if (dry_run) {
		if (state_open(&st, l.cfg->state_dir, 1, &err) < 0) {
			fprintf(stderr, "sigwatch: %s\n", err.msg);
			loaded_release(&l);
			return 66;
		}
	} else if ((rc = open_rw(&st, l.cfg)) != 0) {
		loaded_release(&l);
		return rc;
	}
	digest_collect(&dg, st, l.cfg, l.rs, &l.pbs, since, now);
	digest_counts(dg, &nsig, &nitems, &fresh);
	if ((rc = digest_queue(st, &l, dg, dry_run, now, &queued)) != 0 ||
	    dry_run)
		goto out;
	if (queued == 0) {
		fprintf(stderr, "sigwatch: no notifier takes the digest (it is "
		    "an info message: check min_severity)\n");
		goto out;
	}
	if (digest_mark(st, now, since, &err) < 0) {
		log_errorx("state: %s", err.msg);
		rc = 73;
		goto out;
	}
	buf_addf(&msg, "digest: %zu signal%s on %zu item%s (%zu new) for "
	    "%zu notifier%s\n", nsig, nsig == 1 ? "" : "s", nitems,
	    nitems == 1 ? "" : "s", fresh, queued, queued == 1 ? "" : "s");
	if (state_commit(st, msg.data, &committed, &err) < 0) {
		log_errorx("state: cannot commit: %s", err.msg);
		rc = 73;
		goto out;
	}
	log_info("digest: %zu signal%s, queued for %zu notifier%s", nsig,
	    nsig == 1 ? "" : "s", queued, queued == 1 ? "" : "s");
	rc = deliver_due(st, l.cfg, now);
out:
	digest_free(dg);
	buf_release(&msg);
	state_close(st);
	loaded_release(&l);
	return rc;
}
