/*
 * rules_load() (rules.h): a rules directory read into the compiler, file
 * by file. The one module of rules/ that touches the file system; the
 * compiler itself takes bytes.
 */
#include "rules.h"

#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "buf.h"
#include "err.h"
#include "log.h"
#include "match.h"
#include "rules_private.h"
#include "rulescache.h"
#include "selftest.h"
#include "util.h"
#include "xmalloc.h"

/* a rules file larger than this is a mistake, not a rule set */
#define RULES_FILE_MAX		(4u * 1024 * 1024)

static int
strcmp_p(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static char *
join(const char *dir, const char *name)
{
	struct buf b = BUF_INIT;
	size_t l = strlen(dir);

	buf_addstr(&b, dir);
	if (l > 0 && dir[l - 1] != '/')
		buf_addch(&b, '/');
	buf_addstr(&b, name);
	return buf_detach(&b, NULL);
}

/* one file of the directory, read before any is compiled */
struct rfile {
	enum rules_part	 part;
	char		*path;
	char		*data;		/* NULL: not read (err) */
	size_t		 len;
	int		 skip;		/* optional and absent */
	struct err	 err;
};

struct rfiles {
	struct rfile	*v;
	size_t		 n, alloc;
	char		*dir_error;	/* opendir failed: why */
};

/* read dir/name; an absent optional file is skipped */
static void
read_one(struct rfiles *fs, enum rules_part part, const char *dir,
    const char *name, int optional)
{
	struct rfile *f;

	fs->v = xgrowarray(fs->v, fs->n, &fs->alloc, 16, sizeof(*fs->v));
	f = &fs->v[fs->n++];
	memset(f, 0, sizeof(*f));
	f->part = part;
	f->path = join(dir, name);
	if (read_file(&f->data, &f->len, f->path, RULES_FILE_MAX,
	    &f->err) < 0) {
		free(f->data);
		f->data = NULL;
		f->skip = optional && f->err.code == ERR_NOTFOUND;
	}
}

/* feed the files to the compiler, in order, errors where they were */
static void
add_files(struct rules_compiler *c, const struct rfiles *fs,
    const char *dir, struct diags *d)
{
	if (fs->dir_error) {
		diag_add(d, DIAG_ERROR, dir, 0, 0, "cannot open rules "
		    "directory: %s", fs->dir_error);
		return;
	}
	for (size_t i = 0; i < fs->n; i++) {
		const struct rfile *f = &fs->v[i];

		if (f->data)
			(void)rules_add_buf(c, f->part, f->path, f->data,
			    f->len);
		else if (!f->skip)
			diag_add(d, DIAG_ERROR, f->path, 0, 0, "%s",
			    f->err.msg);
	}
}

static void
rfiles_release(struct rfiles *fs)
{
	for (size_t i = 0; i < fs->n; i++) {
		free(fs->v[i].path);
		free(fs->v[i].data);
	}
	free(fs->v);
	free(fs->dir_error);
}

/* the digest of everything the verdict depends on; -1 when a file could
 * not be read (that is reported, and no verdict covers it) */
static int
digest(char out[65], const struct rfiles *fs, const char *salt)
{
	struct buf b = BUF_INIT;
	char ver[64] = "";

	if (fs->dir_error)
		return -1;
	(void)pcre2_config(PCRE2_CONFIG_VERSION, ver);
	buf_addf(&b, "sigwatch rules verdict\nsalt %zu:%s\npcre2 %s\n",
	    strlen(salt), salt, ver);
	for (size_t i = 0; i < fs->n; i++) {
		const struct rfile *f = &fs->v[i];

		if (f->data == NULL && !f->skip) {
			buf_release(&b);
			return -1;
		}
		buf_addf(&b, "file %d %zu:%s ", (int)f->part,
		    strlen(f->path), f->path);
		if (f->skip)
			buf_addstr(&b, "absent\n");
		else {
			buf_addf(&b, "%zu\n", f->len);
			buf_add(&b, f->data, f->len);
		}
	}
	sha256_hex(out, b.data, b.len);
	buf_release(&b);
	return 0;
}

static int
is_rule_file(const char *dir, const char *name)
{
	size_t l = strlen(name);
	struct stat st;
	char *path;
	int ok;

	if (name[0] == '.' || l < 6 || strcmp(name + l - 5, ".yaml") != 0)
		return 0;
	if (strcmp(name, "aliases.yaml") == 0 ||
	    strcmp(name, "silences.yaml") == 0 ||
	    strcmp(name, "competitors.yaml") == 0)
		return 0;
	path = join(dir, name);
	ok = stat(path, &st) == 0 && S_ISREG(st.st_mode);
	free(path);
	return ok;
}

/* the rule files of the open directory dp, sorted; *n of them */
static char **
rule_files(DIR *dp, const char *dir, size_t *n)
{
	char **names = NULL;
	size_t alloc = 0;
	struct dirent *de;

	*n = 0;
	while ((de = readdir(dp)) != NULL) {
		if (!is_rule_file(dir, de->d_name))
			continue;
		names = xgrowarray(names, *n, &alloc, 16, sizeof(*names));
		names[(*n)++] = xstrdup(de->d_name);
	}
	if (*n > 1)
		qsort(names, *n, sizeof(*names), strcmp_p);
	return names;
}

/* every file rules_load() reads, in the order it compiles them */
static void
read_dir(struct rfiles *fs, const char *dir)
{
	char **names;
	size_t n = 0;
	DIR *dp;

	memset(fs, 0, sizeof(*fs));
	dp = opendir(dir);
	if (dp == NULL) {
		fs->dir_error = xstrdup(strerror(errno));
		return;
	}
	read_one(fs, RULES_PART_ALIASES, dir, "aliases.yaml", 1);
	read_one(fs, RULES_PART_COMPETITORS, dir, "competitors.yaml", 1);
	names = rule_files(dp, dir, &n);
	closedir(dp);
	for (size_t i = 0; i < n; i++) {
		read_one(fs, RULES_PART_RULES, dir, names[i], 0);
		free(names[i]);
	}
	free(names);
	read_one(fs, RULES_PART_SILENCES, dir, "silences.yaml", 1);
}

int
rules_load_cached(struct ruleset **out, const char *dir, const char *path,
    const char *salt, struct rules_cache *cache, struct diags *d)
{
	struct rules_compiler *c = rules_compiler_new(d);
	struct matcher *m = NULL;
	struct rules_cache old = RULES_CACHE_INIT;
	struct rfiles fs;
	char dg[65];
	int rc, have = 0;

	read_dir(&fs, dir);
	if (cache) {
		rules_cache_release(cache);
		have = digest(dg, &fs, salt ? salt : "") == 0;
		if (have)
			memcpy(cache->digest, dg, sizeof(dg));
	}
	if (have && path && rulescache_read(&old, path) == 0 &&
	    strcmp(old.digest, dg) == 0) {
		/* these exact bytes were valid: check, don't compile */
		rules_compiler_defer(c, old.empty, old.nempty);
		cache->hit = 1;
		log_debug("rules: %s validated before (verdict %s); patterns "
		    "are compiled on the first match", dir, path);
	} else {
		/* a warm run loads the rules and matches nothing: its
		 * examples must not JIT-compile every pattern (match.h) */
		m = matcher_new();
		matcher_no_jit(m);
		selftest_attach(c, m);
	}
	add_files(c, &fs, dir, d);
	if (have && !cache->hit && d->errors == 0) {
		const uint32_t *e = rules_compiler_empties(c, &cache->nempty);

		cache->empty = cache->nempty ?
		    xcalloc(cache->nempty, sizeof(*e)) : NULL;
		if (cache->nempty)
			memcpy(cache->empty, e, cache->nempty * sizeof(*e));
	}
	rc = rules_compile(out, c);
	if (cache && have && !cache->hit && rc == 0)
		cache->fresh = 1;
	rfiles_release(&fs);
	rules_cache_release(&old);
	rules_compiler_free(c);
	matcher_free(m);
	return rc;
}

int
rules_load(struct ruleset **out, const char *dir, struct diags *d)
{
	return rules_load_cached(out, dir, NULL, NULL, NULL, d);
}

int
rules_cache_save(const struct rules_cache *c, const char *path,
    struct err *err)
{
	const char *slash;
	struct stat st;
	char *parent;
	int rc = 0;

	if (c == NULL || !c->fresh || path == NULL)
		return 0;
	/* never create a directory (the state's .run/ is the state's) */
	slash = strrchr(path, '/');
	parent = slash == NULL ? xstrdup(".") : slash == path ? xstrdup("/") :
	    xstrndup(path, (size_t)(slash - path));
	if (lstat(parent, &st) == 0 && S_ISDIR(st.st_mode))
		rc = rulescache_write(c, path, err);
	free(parent);
	return rc;
}

void
rules_cache_release(struct rules_cache *c)
{
	if (c == NULL)
		return;
	free(c->empty);
	memset(c, 0, sizeof(*c));
}
