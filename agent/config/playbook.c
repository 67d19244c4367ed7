#include "playbook.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "config.h"
#include "record.h"
#include "rules.h"
#include "util.h"
#include "xmalloc.h"
#include "ytree.h"

#define PB_MAX_FILE	(4 * 1024 * 1024)
#define PB_MAX_ID	64

static const char *const pb_keys[] = {
	"id", "title", "competitor", "threat", "signals", "activate", "owners",
	"notify", "stages", "dont", NULL
};
static const char *const activate_keys[] = {
	"distinct_signals", "within", NULL
};
static const char *const stage_keys[] = { "name", "steps", NULL };

/*
 * A string or a list of non-empty strings at node v (the value of key),
 * copied into a NULL-terminated array; positions into lines/cols when
 * non-NULL. NULL with a diagnostic on a type error.
 */
static char **
strv_node(const struct ynode *v, const char *key, unsigned **lines,
    unsigned **cols, size_t *np, struct diags *d)
{
	size_t n = v->kind == YNODE_SEQ ? v->n : 1, k = 0;
	char **out;

	if (v->kind == YNODE_MAP) {
		ydiag(d, DIAG_ERROR, v, "'%s' must be a list of strings, not "
		    "a map", key);
		return NULL;
	}
	out = xcalloc(n + 1, sizeof(*out));
	if (lines) {
		*lines = xcalloc(n + 1, sizeof(**lines));
		*cols = xcalloc(n + 1, sizeof(**cols));
	}
	for (size_t i = 0; i < n; i++) {
		const struct ynode *e = v->kind == YNODE_SEQ ? v->kids[i] : v;

		if (e->kind != YNODE_SCALAR || e->str[0] == '\0') {
			ydiag(d, DIAG_ERROR, e, "items of '%s' must be "
			    "non-empty strings", key);
			continue;
		}
		if (lines) {
			(*lines)[k] = e->line;
			(*cols)[k] = e->col;
		}
		out[k++] = xstrdup(e->str);
	}
	if (np)
		*np = k;
	return out;
}

static const struct strfield playbook_strings[] = {
	STRFIELD(struct playbook, id), STRFIELD(struct playbook, title),
	STRFIELD(struct playbook, competitor),
	STRFIELD(struct playbook, threat), STRFIELD(struct playbook, path),
};

static void
playbook_release(struct playbook *p)
{
	strfields_free(p, playbook_strings, NSTRFIELDS(playbook_strings));
	strv_free(p->signals);
	free(p->signal_lines);
	free(p->signal_cols);
	strv_free(p->notify);
	free(p->notify_lines);
	free(p->notify_cols);
	strv_free(p->owners);
	strv_free(p->dont);
	for (size_t i = 0; i < p->nstages; i++) {
		free(p->stages[i].name);
		strv_free(p->stages[i].steps);
	}
	free(p->stages);
	memset(p, 0, sizeof(*p));
}

static void
parse_stages(struct playbook *p, const struct ynode *v, struct diags *d)
{
	if (v->kind != YNODE_SEQ) {
		ydiag(d, DIAG_ERROR, v, "'stages' must be a list of {name, "
		    "steps}, not %s", ynode_kind_name(v));
		return;
	}
	if (v->n == 0) {
		ydiag(d, DIAG_ERROR, v, "'stages' must not be empty");
		return;
	}
	p->stages = xcalloc(v->n, sizeof(*p->stages));
	for (size_t i = 0; i < v->n; i++) {
		const struct ynode *s = v->kids[i], *name, *steps;
		struct pb_stage *st;

		if (ycheck_map(s, "stage", stage_keys, d) < 0 &&
		    s->kind != YNODE_MAP)
			continue;
		name = yget_nonempty(s, "name", d);
		if (ymap_get(s, "name") == NULL)
			ymissing(s, "name", "stage", d);
		steps = ymap_get(s, "steps");
		if (steps == NULL) {
			ymissing(s, "steps", "stage", d);
			continue;
		}
		if (name == NULL)
			continue;
		st = &p->stages[p->nstages];
		st->steps = strv_node(steps, "steps", NULL, NULL, NULL, d);
		if (st->steps == NULL)
			continue;
		if (st->steps[0] == NULL && steps->kind == YNODE_SEQ &&
		    steps->n == 0)
			ydiag(d, DIAG_ERROR, steps, "'steps' must not be "
			    "empty");
		st->name = xstrdup(name->str);
		p->nstages++;
	}
}

static int
id_chars(const char *s, size_t n)
{
	if (n < 2 || n > 20)
		return 0;
	for (size_t i = 0; i < n; i++)
		if (!((s[i] >= 'A' && s[i] <= 'Z') || (s[i] >= '0' &&
		    s[i] <= '9')))
			return 0;
	return 1;
}

enum owner_kind
playbook_owner_kind(const char *s, size_t len)
{
	static const char grp[] = "<!subteam^S";
	const char *bar;
	size_t idlen;

	if (memchr(s, '<', len) == NULL && memchr(s, '>', len) == NULL)
		return OWNER_PLAIN;
	if (len < 2 || s[len - 1] != '>')
		return OWNER_BAD;
	if (len > 3 && s[0] == '<' && s[1] == '@' && (s[2] == 'U' ||
	    s[2] == 'W'))
		return id_chars(s + 3, len - 4) ? OWNER_USER : OWNER_BAD;
	if (len <= sizeof(grp) || memcmp(s, grp, sizeof(grp) - 1) != 0)
		return OWNER_BAD;
	s += sizeof(grp) - 1;
	len -= sizeof(grp);	/* the prefix and the final '>' */
	bar = memchr(s, '|', len);
	idlen = bar ? (size_t)(bar - s) : len;
	if (!id_chars(s, idlen))
		return OWNER_BAD;
	if (bar == NULL)
		return OWNER_GROUP;
	len -= idlen + 1;
	if (len < 1 || len > 80)
		return OWNER_BAD;
	for (size_t i = 0; i < len; i++) {
		char c = bar[1 + i];

		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		    (c >= '0' && c <= '9') || c == '@' || c == '.' ||
		    c == '_' || c == '-'))
			return OWNER_BAD;
	}
	return OWNER_GROUP;
}

/* owners, each a plain name or an exact Slack mention */
static char **
parse_owners(const struct ynode *v, struct diags *d)
{
	unsigned *lines = NULL, *cols = NULL;
	size_t n = 0;
	char **o = strv_node(v, "owners", &lines, &cols, &n, d);

	for (size_t i = 0; o && i < n; i++)
		if (playbook_owner_kind(o[i], strlen(o[i])) == OWNER_BAD)
			diag_add(d, DIAG_ERROR, v->path, lines[i], cols[i],
			    "owner '%s' is neither a name nor a Slack mention "
			    "(a user <@U0123ABCD> or a user group "
			    "<!subteam^S0123ABCD|@handle>)", o[i]);
	free(lines);
	free(cols);
	return o;
}

int
playbook_severity(const struct playbook *p)
{
	static const struct {
		const char	*threat;
		enum severity	 sev;
	} map[] = {
		{ "existential", SEV_CRITICAL }, { "critical", SEV_CRITICAL },
		{ "high", SEV_HIGH }, { "direct peer", SEV_HIGH },
		{ "enterprise incumbent", SEV_HIGH },
		{ "incumbent", SEV_HIGH }, { "major", SEV_HIGH },
		{ "medium", SEV_MEDIUM }, { "moderate", SEV_MEDIUM },
		{ "adjacent", SEV_MEDIUM }, { "low", SEV_LOW },
		{ "minor", SEV_LOW }, { "emerging", SEV_LOW },
		{ "info", SEV_INFO },
	};

	for (size_t i = 0; p->threat && i < sizeof(map) / sizeof(map[0]); i++)
		if (strcasecmp(p->threat, map[i].threat) == 0)
			return map[i].sev;
	return SEV_HIGH;
}

/* signals: a list of rule ids, each listed once */
static void
parse_signals(struct playbook *p, const char *path, const struct ynode *v,
    size_t *nsig, struct diags *d)
{
	p->signals = strv_node(v, "signals", &p->signal_lines, &p->signal_cols,
	    nsig, d);
	if (p->signals != NULL && *nsig == 0 && v->kind == YNODE_SEQ &&
	    v->n == 0)
		ydiag(d, DIAG_ERROR, v, "'signals' must not be empty");
	for (size_t i = 0; p->signals && i < *nsig; i++)
		for (size_t j = 0; j < i; j++)
			if (strcmp(p->signals[i], p->signals[j]) == 0) {
				diag_add(d, DIAG_ERROR, path,
				    p->signal_lines[i], p->signal_cols[i],
				    "duplicate signal '%s'", p->signals[i]);
				break;
			}
}

/* activate: how many distinct signals, within how long */
static void
parse_activate(struct playbook *p, const struct ynode *v, size_t nsig,
    struct diags *d)
{
	uint64_t ds;

	if (ymap_get(v, "distinct_signals") != NULL &&
	    yget_uint(&ds, v, "distinct_signals", 1000, d) == 0) {
		if (ds < 1)
			ydiag(d, DIAG_ERROR, ymap_get(v,
			    "distinct_signals"), "'distinct_signals' "
			    "must be at least 1");
		else if (p->signals != NULL && ds > nsig)
			ydiag(d, DIAG_ERROR, ymap_get(v,
			    "distinct_signals"), "'distinct_signals' "
			    "is %u but the playbook lists only %zu "
			    "signal%s", (unsigned)ds, nsig,
			    nsig == 1 ? "" : "s");
		else
			p->distinct_signals = (unsigned)ds;
	}
	if (ymap_get(v, "within") != NULL) {
		int64_t w;

		if (yget_duration(&w, v, "within", d) == 0) {
			if (w < 1)
				ydiag(d, DIAG_ERROR, ymap_get(v,
				    "within"), "'within' must be "
				    "longer than 0s");
			else
				p->within = w;
		}
	}
}

static void
parse_playbook(struct playbooks *out, const char *path,
    const struct ynode *n, struct diags *d)
{
	struct playbook p;
	const struct ynode *v, *id = NULL, *sig_node;
	size_t nsig = 0;

	memset(&p, 0, sizeof(p));
	p.distinct_signals = 1;
	p.within = 30 * 86400;
	if (ycheck_map(n, "playbook", pb_keys, d) < 0 && n->kind != YNODE_MAP)
		return;
	p.line = n->line;
	p.col = n->col;
	if ((v = yget_nonempty(n, "id", d)) != NULL) {
		const struct playbook *o;

		if (!slug_valid(v->str, PB_MAX_ID))
			ydiag(d, DIAG_ERROR, v, "invalid playbook id '%s' (use "
			    "a-z, 0-9 and '-', at most %d characters)", v->str,
			    PB_MAX_ID);
		else if ((o = playbooks_find(out, v->str)) != NULL)
			ydiag(d, DIAG_ERROR, v, "duplicate playbook id '%s' "
			    "(first defined at %s:%u)", v->str, o->path,
			    o->line);
		else
			id = v;
	} else if (ymap_get(n, "id") == NULL)
		ymissing(n, "id", "playbook", d);
	if ((v = yget_nonempty(n, "title", d)) != NULL)
		p.title = xstrdup(v->str);
	else if (ymap_get(n, "title") == NULL)
		ymissing(n, "title", "playbook", d);
	if ((v = yget_nonempty(n, "competitor", d)) != NULL)
		p.competitor = xstrdup(v->str);
	if ((v = yget_nonempty(n, "threat", d)) != NULL)
		p.threat = xstrdup(v->str);

	sig_node = ymap_get(n, "signals");
	if (sig_node == NULL)
		ymissing(n, "signals", "playbook", d);
	else
		parse_signals(&p, path, sig_node, &nsig, d);
	v = ymap_get(n, "activate");
	if (v != NULL && ycheck_map(v, "activate", activate_keys, d) == 0)
		parse_activate(&p, v, nsig, d);
	if ((v = ymap_get(n, "owners")) != NULL)
		p.owners = parse_owners(v, d);
	if (p.owners == NULL)
		p.owners = xcalloc(1, sizeof(*p.owners));
	if ((v = ymap_get(n, "notify")) != NULL)
		p.notify = strv_node(v, "notify", &p.notify_lines,
		    &p.notify_cols, NULL, d);
	if ((v = ymap_get(n, "dont")) != NULL)
		p.dont = strv_node(v, "dont", NULL, NULL, NULL, d);
	if (p.dont == NULL)
		p.dont = xcalloc(1, sizeof(*p.dont));
	if ((v = ymap_get(n, "stages")) != NULL)
		parse_stages(&p, v, d);
	else
		ymissing(n, "stages", "playbook", d);

	if (id == NULL) {
		playbook_release(&p);
		return;
	}
	p.id = xstrdup(id->str);
	p.path = xstrdup(path);
	if (p.signals == NULL) {
		p.signals = xcalloc(1, sizeof(*p.signals));
		p.signal_lines = xcalloc(1, sizeof(*p.signal_lines));
		p.signal_cols = xcalloc(1, sizeof(*p.signal_cols));
	}
	out->v = xreallocarray(out->v, out->n + 1, sizeof(*out->v));
	out->v[out->n++] = p;
}

static void
load_file(struct playbooks *out, const char *path, struct diags *d)
{
	struct ydocs docs;
	char *data = NULL;
	size_t len = 0;

	memset(&docs, 0, sizeof(docs));
	if (diag_read_file(&data, &len, path, PB_MAX_FILE, d) < 0)
		return;
	/* documents parsed before a syntax error are still checked */
	(void)ytree_parse(&docs, path, data, len, d);
	for (size_t i = 0; i < docs.ndocs; i++)
		if (docs.docs[i] != NULL)
			parse_playbook(out, path, docs.docs[i], d);
	ydocs_release(&docs);
	free(data);
}

int
playbooks_load(struct playbooks *out, const char *dir, struct diags *d)
{
	struct err e = ERR_INIT;
	char **files = NULL;
	size_t nfiles = 0, errs0 = d->errors;

	memset(out, 0, sizeof(*out));
	if (config_list_yaml(&files, &nfiles, dir, &e) < 0) {
		if (e.code == ERR_NOTFOUND)
			return 0;
		diag_add(d, DIAG_ERROR, dir, 0, 0, "%s", e.msg);
		return -1;
	}
	for (size_t i = 0; i < nfiles; i++)
		load_file(out, files[i], d);
	strv_free(files);
	return d->errors > errs0 ? -1 : 0;
}

void
playbooks_release(struct playbooks *pbs)
{
	for (size_t i = 0; i < pbs->n; i++)
		playbook_release(&pbs->v[i]);
	free(pbs->v);
	memset(pbs, 0, sizeof(*pbs));
}

const struct playbook *
playbooks_find(const struct playbooks *pbs, const char *id)
{
	for (size_t i = 0; i < pbs->n; i++)
		if (strcmp(pbs->v[i].id, id) == 0)
			return &pbs->v[i];
	return NULL;
}

int
playbooks_check_notifiers(const struct playbooks *pbs,
    const struct config *cfg, struct diags *d)
{
	size_t errs0 = d->errors;

	for (size_t i = 0; i < pbs->n; i++) {
		const struct playbook *p = &pbs->v[i];

		for (size_t j = 0; p->notify && p->notify[j]; j++)
			if (config_notifier(cfg, p->notify[j]) == NULL)
				diag_add(d, DIAG_ERROR, p->path,
				    p->notify_lines[j], p->notify_cols[j],
				    "unknown notifier '%s' in playbook '%s'",
				    p->notify[j], p->id);
	}
	return d->errors > errs0 ? -1 : 0;
}
