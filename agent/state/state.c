#include "state.h"

#include <dirent.h>
#include <errno.h>
#include <jansson.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "beneath.h"
#include "buf.h"
#include "fsutil.h"
#include "gitstore.h"
#include "json_util.h"
#include "log.h"
#include "readme.h"
#include "record.h"
#include "redact.h"
#include "repair.h"
#include "util.h"
#include "xmalloc.h"

#define STATE_GITIGNORE ".run/\n*.tmp.*\nrun.lock\n"
/* state files are ours, but never trust their size blindly */
#define STATE_MAX_FILE (512u * 1024 * 1024)
/* appended files (items, hits) split into parts of this size */
#define STATE_PART_MAX (64u * 1024 * 1024)
#define STATE_MAX_PARTS 999

struct state {
	char		*dir;
	struct gitstore	*git;
	int		 lockfd;
	int		 readonly;
	json_t		*run;		/* .run/sources.json */
	int		 run_dirty;
	int		 changed;	/* a committed file was written */
	char		**paths;	/* ... these, since the last commit */
	size_t		 npaths, apaths;
};

/*
 * The one thing a state write changes in struct state: parse workers write
 * their sources' files (each its own) at the same time, so the list of
 * paths to stage is locked.
 */
static pthread_mutex_t touched_mu = PTHREAD_MUTEX_INITIALIZER;

static void
touched(struct state *s, const char *relpath)
{
	char *p = xstrdup(relpath);

	pthread_mutex_lock(&touched_mu);
	s->changed = 1;
	if (s->npaths == s->apaths) {
		s->apaths = s->apaths ? s->apaths * 2 : 64;
		s->paths = xreallocarray(s->paths, s->apaths,
		    sizeof(*s->paths));
	}
	s->paths[s->npaths++] = p;
	pthread_mutex_unlock(&touched_mu);
}

static void
forget_paths(struct state *s)
{
	for (size_t i = 0; i < s->npaths; i++)
		free(s->paths[i]);
	s->npaths = 0;
}

char *
state_file(const struct state *s, const char *fmt, ...)
{
	struct buf b = BUF_INIT;
	va_list ap;

	buf_addstr(&b, s->dir);
	buf_addch(&b, '/');
	va_start(ap, fmt);
	buf_vaddf(&b, fmt, ap);
	va_end(ap);
	return buf_detach(&b, NULL);
}

struct gitstore *
state_git(struct state *s)
{
	return s->git;
}

/* .run holds the lock: it must be a directory of the state, not a link */
static int
check_run_dir(const char *dir, struct err *err)
{
	struct buf p = BUF_INIT;
	struct stat st;
	int rc = 0;

	buf_addf(&p, "%s/.run", dir);
	if (lstat(p.data, &st) == 0 && !S_ISDIR(st.st_mode))
		rc = err_set(err, ERR_POLICY, "cannot use state directory %s: "
		    ".run is %s; refused", dir, S_ISLNK(st.st_mode) ?
		    "a symbolic link" : "not a directory");
	buf_release(&p);
	return rc;
}

static int open_at(struct state **, const char *, int, const char *,
    struct err *);

int
state_open(struct state **out, const char *dir, int readonly,
    struct err *err)
{
	return open_at(out, dir, readonly, NULL, err);
}

int
state_open_branch(struct state **out, const char *dir, const char *branch,
    struct err *err)
{
	return open_at(out, dir, 0, branch, err);
}

static int
open_at(struct state **out, const char *dir, int readonly, const char *branch,
    struct err *err)
{
	struct state *s = xcalloc(1, sizeof(*s));
	char *p = NULL;
	pid_t holder = 0;
	size_t ncommits = 1;
	int changed = 0, clean, rc;

	s->dir = xstrdup(dir);
	s->lockfd = -1;
	s->readonly = readonly;
	*out = NULL;
	if (readonly) {
		/* readers (hits, status, --dry-run) take no lock and change
		 * nothing; a missing state directory reads as empty */
		s->run = state_load_json(s, ".run/sources.json",
		    JSON_REJECT_DUPLICATES);
		*out = s;
		return 0;
	}
	if ((rc = check_run_dir(dir, err)) < 0)
		goto fail;
	p = state_file(s, ".run");
	rc = fs_mkdirs(p, err);
	free(p);
	if (rc < 0) {
		rc = err_set(err, ERR_IO, "cannot create state directory %s: "
		    "%s", dir, err->msg);
		goto fail;
	}
	p = state_file(s, ".run/run.lock");
	rc = fs_lock(&s->lockfd, p, &holder, err);
	free(p);
	if (rc < 0)
		goto fail;
	rc = gitstore_open(&s->git, dir, err);
	if (rc < 0)
		goto fail;
	/* before the repair: a checkout of another branch is not ours */
	if (branch && (rc = gitstore_check_branch(s->git, branch, err)) < 0)
		goto fail;
	/* the last run ended with the work tree committed: nothing to
	 * repair, and no reason to scan the whole tree */
	p = state_file(s, ".run/clean");
	clean = unlink(p) == 0;
	free(p);
	if (!clean) {
		int links;

		fs_clean_temps(dir);
		/*
		 * sigwatch never creates a link in the state; one planted in
		 * items/ or hits/ would carry the checkout below (libgit2
		 * follows it) and our writes out of the state
		 */
		if ((links = fs_clean_links(dir)) > 0)
			log_warnx("state: removed %d symbolic link%s below %s "
			    "(never followed)", links, links == 1 ? "" : "s",
			    dir);
		rc = repair_worktree(dir, &changed, err);
		if (rc < 0)
			goto fail;
	}
	if (gitstore_count(s->git, &ncommits, err) == 0 && ncommits == 0) {
		int ours = 0;

		touched(s, ".gitignore");	/* a new repository */
		if (state_readme_init(dir, &ours, err) < 0) {
			rc = err->code;
			goto fail;
		}
		if (ours)
			touched(s, "README.md");
	}
	/* an interrupted first run may have lost the untracked .gitignore */
	p = state_file(s, ".gitignore");
	if (!fs_exists(p) && fs_write_atomic(p, STATE_GITIGNORE,
	    strlen(STATE_GITIGNORE), err) < 0) {
		free(p);
		rc = err->code;
		goto fail;
	}
	free(p);
	s->run = state_load_json(s, ".run/sources.json",
	    JSON_REJECT_DUPLICATES);
	*out = s;
	return 0;
fail:
	state_close(s);
	return rc;
}

static int
save_run(struct state *s)
{
	struct err err = ERR_INIT;
	char *text;
	int rc;

	if (!s->run_dirty || s->run == NULL || s->readonly)
		return 0;
	text = json_dumps(s->run, JSON_INDENT(1) | JSON_SORT_KEYS);
	rc = state_write_run(s, "sources.json", text, strlen(text), &err);
	if (rc < 0)
		log_warnx("state: %s", err.msg);
	free(text);
	s->run_dirty = 0;
	return rc;
}

void
state_close(struct state *s)
{
	if (s == NULL)
		return;
	save_run(s);
	json_decref(s->run);
	forget_paths(s);
	free(s->paths);
	gitstore_free(s->git);
	if (s->lockfd >= 0)
		fs_unlock(s->lockfd);
	free(s->dir);
	free(s);
}

/*
 * Every file below the state directory is reached through beneath.h: no
 * symbolic link below it is followed, and relpath must be clean.
 */
int
state_read(struct state *s, const char *relpath, char **out, size_t *len,
    struct err *err)
{
	return beneath_read(out, len, s->dir, relpath, STATE_MAX_FILE, err);
}

json_t *
state_load_json(struct state *s, const char *relpath, size_t flags)
{
	struct err err = ERR_INIT;
	json_error_t je;
	char *data = NULL;
	size_t len = 0;
	json_t *o = NULL;

	if (state_read(s, relpath, &data, &len, &err) == 0)
		o = json_loadb(data, len, flags, &je);
	free(data);
	return o;
}

/*
 * Every byte written below the state directory passes through redact.h:
 * a receiver's answer or an error text that quotes a secret cannot put
 * it in a file, in the history or in the pushed remote. redact() points
 * data at the redacted copy in b when there is something to hide.
 */
static void
redact(struct buf *b, const char **data, size_t *len)
{
	if (!redact_active())
		return;
	buf_add(b, *data, *len);
	if (redact_buf(b) > 0) {
		*data = b->data;
		*len = b->len;
	}
}

/* a state opened read-only (hits, status, a dry run) is never written,
 * whatever a caller's own checks say */
static int
refused(const struct state *s, const char *relpath, struct err *err)
{
	return err_set(err, ERR_POLICY, "cannot write %s/%s: the state is "
	    "open read-only", s->dir, relpath);
}

static int
write_redacted(struct state *s, const char *relpath, const char *data,
    size_t len, struct err *err)
{
	struct buf b = BUF_INIT;
	int rc;

	if (s->readonly)
		return refused(s, relpath, err);
	redact(&b, &data, &len);
	rc = beneath_write(s->dir, relpath, data, len, 0, err);
	buf_release(&b);
	return rc;
}

int
state_write_run(struct state *s, const char *name, const char *data,
    size_t len, struct err *err)
{
	struct buf rel = BUF_INIT;
	int rc;

	buf_addf(&rel, ".run/%s", name);
	rc = write_redacted(s, rel.data, data, len, err);
	buf_release(&rel);
	return rc;
}

int
state_write(struct state *s, const char *relpath, const char *data,
    size_t len, struct err *err)
{
	char *old = NULL;
	size_t oldlen = 0;
	struct err ignore = ERR_INIT;
	struct buf red = BUF_INIT;
	int rc;

	if (s->readonly)
		return refused(s, relpath, err);
	/* compared as it will be written */
	redact(&red, &data, &len);
	if (state_read(s, relpath, &old, &oldlen, &ignore) == 0 &&
	    oldlen == len && memcmp(old, data, len) == 0) {
		free(old);
		buf_release(&red);
		return 0;
	}
	free(old);
	/* durability comes from the git commit: no fsync per file */
	rc = beneath_write(s->dir, relpath, data, len, 0, err);
	buf_release(&red);
	touched(s, relpath);
	return rc;
}

int
state_remove(struct state *s, const char *relpath, struct err *err)
{
	int rc;

	if (s->readonly)
		return refused(s, relpath, err);
	/* like state_write: the commit makes it durable */
	rc = beneath_remove(s->dir, relpath, err);
	if (rc == ERR_NOTFOUND) {
		err_clear(err);
		return 0;
	}
	if (rc == 0)
		touched(s, relpath);
	return rc;
}

/*
 * The part of relpath that takes the next len bytes: relpath itself, then
 * "NAME_002.EXT", "NAME_003.EXT"... once a part holds STATE_PART_MAX
 * bytes, so no state file grows past what a reader or a commit can hold
 * in memory. Parts sort after their first file and before the next month.
 */
static char *
state_part(struct state *s, const char *relpath, size_t len, struct err *err)
{
	const char *slash = strrchr(relpath, '/'), *dot = strrchr(relpath, '.');
	size_t stem = dot && (!slash || dot > slash) ? (size_t)(dot - relpath) :
	    strlen(relpath);

	for (unsigned k = 1; k <= STATE_MAX_PARTS; k++) {
		struct buf rel = BUF_INIT;
		struct stat st;
		char *p;
		int fits;

		if (k == 1)
			buf_addstr(&rel, relpath);
		else
			buf_addf(&rel, "%.*s_%03u%s", (int)stem, relpath, k,
			    relpath + stem);
		p = state_file(s, "%s", rel.data);
		fits = lstat(p, &st) == -1 || st.st_size == 0 ||
		    (uint64_t)st.st_size + len <= STATE_PART_MAX;
		free(p);
		if (fits)
			return buf_detach(&rel, NULL);
		buf_release(&rel);
	}
	err_set(err, ERR_IO, "%s: more than %u parts of %u MiB", relpath,
	    STATE_MAX_PARTS, STATE_PART_MAX >> 20);
	return NULL;
}

int
state_append(struct state *s, const char *relpath, const char *text,
    size_t len, struct err *err)
{
	struct buf red = BUF_INIT;
	char *rel;
	int rc;

	if (s->readonly)
		return refused(s, relpath, err);
	if (len == 0)
		return 0;
	/* the new lines; what is there was redacted when written */
	redact(&red, &text, &len);
	if ((rel = state_part(s, relpath, len, err)) == NULL) {
		buf_release(&red);
		return err->code;
	}
	rc = beneath_append(s->dir, rel, text, len, err);
	buf_release(&red);
	touched(s, rel);
	free(rel);
	return rc;
}

int
state_append_lines(struct state *s, const char *relpath, char *const *lines,
    size_t n, struct err *err)
{
	struct buf b = BUF_INIT;
	int rc;

	for (size_t i = 0; i < n; i++) {
		buf_addstr(&b, lines[i]);
		buf_addch(&b, '\n');
	}
	rc = state_append(s, relpath, b.data, b.len, err);
	buf_release(&b);
	return rc;
}

static int
cmpstr(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int
state_list(struct state *s, const char *subdir, const char *suffix,
    char ***out, size_t *n)
{
	struct err err = ERR_INIT;
	DIR *d = NULL;
	struct dirent *de;
	char **v = NULL;
	size_t cnt = 0, alloc = 0, sl = strlen(suffix);
	int rc;

	*out = NULL;
	*n = 0;
	if ((rc = beneath_opendir(&d, s->dir, subdir, &err)) < 0) {
		/* a link planted for a directory lists as nothing */
		if (rc != ERR_NOTFOUND)
			log_warnx("state: %s", err.msg);
		return rc == ERR_NOTFOUND ? 0 : -1;
	}
	while ((de = readdir(d)) != NULL) {
		size_t l = strlen(de->d_name);

		if (de->d_name[0] == '.' || l <= sl ||
		    strcmp(de->d_name + l - sl, suffix) != 0 ||
		    strstr(de->d_name, ".tmp.") != NULL)
			continue;
		if (cnt + 1 >= alloc) {
			alloc = alloc ? alloc * 2 : 16;
			v = xreallocarray(v, alloc, sizeof(*v));
		}
		v[cnt++] = xstrdup(de->d_name);
	}
	closedir(d);
	if (cnt)
		qsort(v, cnt, sizeof(*v), cmpstr);
	if (v)
		v[cnt] = NULL;
	*out = v;
	*n = cnt;
	return 0;
}

int
state_commit(struct state *s, const char *message, int *committed,
    struct err *err)
{
	struct buf msg = BUF_INIT;
	int rc;

	*committed = 0;
	if (s->npaths == 0)
		return 0;
	buf_addstr(&msg, message);
	redact_buf(&msg);	/* the history is pushed */
	rc = gitstore_commit_paths(s->git, msg.data, s->paths, s->npaths,
	    committed, err);
	buf_release(&msg);
	if (rc == 0)
		forget_paths(s);
	return rc;
}

void
state_run_discard(struct state *s)
{
	s->run_dirty = 0;
}

void
state_mark_clean(struct state *s)
{
	struct err err = ERR_INIT;

	if (s->readonly || s->npaths)
		return;
	state_write_run(s, "clean", "", 0, &err);
}

void
month_of(char out[8], int64_t t)
{
	char ts[32];

	fmt_time(ts, t);
	memcpy(out, ts, 7);
	out[7] = '\0';
}

/* ---- sources/<id>.json ---- */

/* sources/ID.json's strings; loaded is the file's bytes as read */
static const struct strfield source_strings[] = {
	STRFIELD(struct source_state, url), STRFIELD(struct source_state, etag),
	STRFIELD(struct source_state, last_modified),
	STRFIELD(struct source_state, last_error),
	STRFIELD_HELD(struct source_state, loaded),
};

int
state_source_load(struct state *s, const char *id, struct source_state *ss)
{
	struct err err = ERR_INIT;
	struct buf rel = BUF_INIT;
	json_error_t je;
	char *data = NULL;
	size_t len = 0;
	json_t *o = NULL;

	buf_addf(&rel, "sources/%s.json", id);
	if (state_read(s, rel.data, &data, &len, &err) == 0)
		o = json_loadb(data, len, JSON_REJECT_DUPLICATES, &je);
	buf_release(&rel);
	memset(ss, 0, sizeof(*ss));
	if (o == NULL) {
		free(data);
		return 0;
	}
	ss->exists = 1;
	/* kept to skip an unchanged save */
	ss->loaded = data;
	ss->loaded_len = len;
	strfields_load(ss, source_strings, NSTRFIELDS(source_strings), o);
	ss->consecutive_failures = (unsigned)json_integer_value(
	    json_object_get(o, "consecutive_failures"));
	ss->items = (size_t)json_integer_value(json_object_get(o, "items"));
	ss->broken = json_is_true(json_object_get(o, "broken"));
	json_decref(o);
	return 0;
}

int
state_source_save(struct state *s, const char *id,
    const struct source_state *ss, struct err *err)
{
	json_t *o = json_object();
	struct buf path = BUF_INIT;
	char *text;
	int rc;

	json_object_set_new(o, "id", json_string(id));
	json_object_set_new(o, "url", json_str_or_null(ss->url));
	json_object_set_new(o, "etag", json_str_or_null(ss->etag));
	json_object_set_new(o, "last_modified", json_str_or_null(ss->last_modified));
	json_object_set_new(o, "consecutive_failures",
	    json_integer(ss->consecutive_failures));
	json_object_set_new(o, "last_error", json_str_or_null(ss->last_error));
	json_object_set_new(o, "items", json_integer((json_int_t)ss->items));
	json_object_set_new(o, "broken", json_boolean(ss->broken));
	text = json_dumps(o, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	json_decref(o);
	buf_addf(&path, "sources/%s.json", id);
	{
		struct buf t = BUF_INIT;

		buf_addstr(&t, text);
		buf_addch(&t, '\n');
		/* unchanged since state_source_load(): no read, no write
		 * (state_write() would read the file again to find that) */
		if (ss->loaded != NULL && ss->loaded_len == t.len &&
		    memcmp(ss->loaded, t.data, t.len) == 0)
			rc = 0;
		else
			rc = state_write(s, path.data, t.data, t.len, err);
		buf_release(&t);
	}
	free(text);
	buf_release(&path);
	return rc;
}

void
source_state_release(struct source_state *ss)
{
	strfields_free(ss, source_strings, NSTRFIELDS(source_strings));
	memset(ss, 0, sizeof(*ss));
}

/* ---- .run/sources.json ---- */

static int64_t
jtime(json_t *o, const char *k)
{
	json_t *v = json_object_get(o, k);

	return json_is_integer(v) ? (int64_t)json_integer_value(v) : TIME_NONE;
}

int
state_run_load(struct state *s, const char *id, struct source_run *r)
{
	json_t *o = s->run ? json_object_get(s->run, id) : NULL;
	const char *v;

	memset(r, 0, sizeof(*r));
	r->last_attempt = r->last_ok = r->next_allowed = TIME_NONE;
	r->last_full = TIME_NONE;
	if (o == NULL)
		return 0;
	r->last_attempt = jtime(o, "last_attempt");
	r->last_ok = jtime(o, "last_ok");
	r->next_allowed = jtime(o, "next_allowed");
	r->last_full = jtime(o, "last_full");
	r->failures = (unsigned)json_integer_value(json_object_get(o,
	    "failures"));
	v = json_str(o, "status");
	if (v)
		snprintf(r->status, sizeof(r->status), "%s", v);
	v = json_str(o, "body_sha");
	if (v)
		snprintf(r->body_sha, sizeof(r->body_sha), "%s", v);
	v = json_str(o, "rev");
	if (v)
		snprintf(r->rev, sizeof(r->rev), "%s", v);
	r->error = json_dup(o, "error");
	r->dropped = (size_t)json_integer_value(json_object_get(o,
	    "dropped"));
	return 0;
}

static json_t *
jtime_or_null(int64_t t)
{
	return t == TIME_NONE ? json_null() : json_integer(t);
}

int
state_run_save(struct state *s, const char *id, const struct source_run *r)
{
	json_t *o = json_object();

	if (s->run == NULL)
		s->run = json_object();
	json_object_set_new(o, "last_attempt", jtime_or_null(r->last_attempt));
	json_object_set_new(o, "last_ok", jtime_or_null(r->last_ok));
	json_object_set_new(o, "next_allowed", jtime_or_null(r->next_allowed));
	json_object_set_new(o, "last_full", jtime_or_null(r->last_full));
	json_object_set_new(o, "failures", json_integer(r->failures));
	json_object_set_new(o, "status", json_string(r->status));
	json_object_set_new(o, "body_sha", json_string(r->body_sha));
	json_object_set_new(o, "rev", json_string(r->rev));
	json_object_set_new(o, "error", json_str_or_null(r->error));
	if (r->dropped)
		json_object_set_new(o, "dropped",
		    json_integer((json_int_t)r->dropped));
	json_object_set_new(s->run, id, o);
	/* volatile bookkeeping: written once, at state_close() */
	s->run_dirty = 1;
	return 0;
}

void
source_run_release(struct source_run *r)
{
	free(r->error);
	memset(r, 0, sizeof(*r));
}

/* ---- seen items ---- */

/*
 * Open addressing over 64-bit hashes of item ids, each with the month it
 * was last present. A false positive needs a 64-bit collision between two
 * ids of one source: negligible.
 */
unsigned
month_index(int64_t t)
{
	char ts[32];
	int y = 1970, m = 1;

	fmt_time(ts, t);
	if (sscanf(ts, "%4d-%2d", &y, &m) != 2)
		return 0;
	return (unsigned)(y * 12 + (m - 1));
}

int
state_retain_items(struct state *s, const char *source_id, unsigned keep_from,
    struct err *err)
{
	struct buf sub = BUF_INIT;
	char **names = NULL;
	size_t n = 0;
	int removed = 0;

	buf_addf(&sub, "items/%s", source_id);
	state_list(s, sub.data, ".jsonl", &names, &n);
	for (size_t i = 0; i < n; i++) {
		struct buf rel = BUF_INIT;
		int y, m;

		if (sscanf(names[i], "%4d-%2d", &y, &m) != 2 ||
		    (unsigned)(y * 12 + m - 1) >= keep_from)
			continue;
		buf_addf(&rel, "%s/%s", sub.data, names[i]);
		if (state_remove(s, rel.data, err) < 0) {
			buf_release(&rel);
			removed = -1;
			break;
		}
		buf_release(&rel);
		removed++;
	}
	strv_free(names);
	buf_release(&sub);
	return removed;
}
