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
#include "match.h"
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

/* add dir/name to the compiler; an absent optional file is skipped */
static void
add_file(struct rules_compiler *c, enum rules_part part, const char *dir,
    const char *name, int optional, struct diags *d)
{
	struct err err = ERR_INIT;
	char *path = join(dir, name), *data = NULL;
	size_t len = 0;

	if (read_file(&data, &len, path, RULES_FILE_MAX, &err) < 0) {
		if (!optional || err.code != ERR_NOTFOUND)
			diag_add(d, DIAG_ERROR, path, 0, 0, "%s", err.msg);
	} else
		(void)rules_add_buf(c, part, path, data, len);
	free(data);
	free(path);
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

int
rules_load(struct ruleset **out, const char *dir, struct diags *d)
{
	struct rules_compiler *c = rules_compiler_new(d);
	struct matcher *m = matcher_new();
	char **names = NULL;
	size_t n = 0;
	DIR *dp;
	int rc;

	/* a warm run loads the rules and matches nothing: its examples
	 * must not JIT-compile every pattern (match.h) */
	matcher_no_jit(m);
	selftest_attach(c, m);
	dp = opendir(dir);
	if (dp == NULL)
		diag_add(d, DIAG_ERROR, dir, 0, 0, "cannot open rules "
		    "directory: %s", strerror(errno));
	else {
		add_file(c, RULES_PART_ALIASES, dir, "aliases.yaml", 1, d);
		add_file(c, RULES_PART_COMPETITORS, dir, "competitors.yaml",
		    1, d);
		names = rule_files(dp, dir, &n);
		closedir(dp);
		for (size_t i = 0; i < n; i++)
			add_file(c, RULES_PART_RULES, dir, names[i], 0, d);
		add_file(c, RULES_PART_SILENCES, dir, "silences.yaml", 1, d);
	}
	rc = rules_compile(out, c);
	for (size_t i = 0; i < n; i++)
		free(names[i]);
	free(names);
	rules_compiler_free(c);
	matcher_free(m);
	return rc;
}
