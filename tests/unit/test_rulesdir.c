/*
 * rulesdir: which files of a rules directory are read, in which order,
 * and where a file that cannot be read is reported.
 */
#define _XOPEN_SOURCE 700
#include "rules.h"

#include <sys/stat.h>

#include <fcntl.h>
#include <unistd.h>

#include "t.h"
#include "t_helpers.h"

/* a rule file holding one rule with this id and pattern */
static void
rule(const char *name, const char *id, const char *pat)
{
	char text[512];

	snprintf(text, sizeof(text), "id: %s\ntitle: T\ndetection:\n"
	    "  s: ['%s']\n  condition: s\n", id, pat);
	T_EQ_INT(t_write_file(t_path(name), text), 0);
}

/* load t_dir: the diagnostics as printed (malloc'd), *rc, *rsp */
static char *
load(int *rc, struct ruleset **rsp)
{
	struct diags d = DIAGS_INIT;

	*rsp = NULL;
	*rc = rules_load(rsp, t_dir, &d);
	return t_diags_text(&d);
}

static void
test_rulesdir__which_files_in_order(void)
{
	struct ruleset *rs;
	char *diags;
	int rc;

	t_mkdtemp("rulesdir");
	/* aliases.yaml comes first whatever its name sorts after */
	rule("b.yaml", "rule-b", "%{word}");
	rule("a.yaml", "rule-a", "%{word}");
	rule("C.yaml", "rule-c", "x");	/* byte order: C before a */
	T_EQ_INT(t_write_file(t_path("aliases.yaml"), "word: [alpha]\n"), 0);
	/* not rule files: hidden, other extensions, a directory */
	rule(".hidden.yaml", "hidden", "x");
	rule("notes.yml", "yml", "x");
	rule("README", "readme", "x");
	rule("c.yaml~", "backup", "x");
	rule("d.YAML", "upper", "x");
	T_EQ_INT(t_write_file(t_path(".yaml"), "not: [a rule\n"), 0);
	T_EQ_INT(mkdir(t_path("sub.yaml"), 0700), 0);
	T_EQ_INT(symlink("/nonexistent/x.yaml", t_path("dangling.yaml")), 0);
	/* silences.yaml comes last: it may name every rule */
	T_EQ_INT(t_write_file(t_path("silences.yaml"), "- rule: rule-b\n"
	    "  until: 2099-01-01\n  reason: testing the order\n"), 0);
	diags = load(&rc, &rs);
	T_EQ_STR(diags, "");
	T_EQ_INT(rc, 0);
	T_ASSERT(rs != NULL);
	if (rs != NULL) {
		T_EQ_INT(rs->n, 3);
		T_EQ_STR(rs->rules[0].id, "rule-c");
		T_EQ_STR(rs->rules[1].id, "rule-a");
		T_EQ_STR(rs->rules[2].id, "rule-b");
		T_ASSERT(rules_silenced(rs, "rule-b", "s", NULL, 0) != NULL);
		T_ASSERT(rules_silenced(rs, "rule-a", "s", NULL, 0) == NULL);
	}
	rules_free(rs);
	free(diags);
	t_rmtree(t_dir);
}

/* an empty directory loads as an empty rule set */
static void
test_rulesdir__empty(void)
{
	struct ruleset *rs;
	char *diags;
	int rc;

	t_mkdtemp("rulesdir");
	diags = load(&rc, &rs);
	T_EQ_STR(diags, "");
	T_EQ_INT(rc, 0);
	T_ASSERT(rs != NULL && rs->n == 0);
	rules_free(rs);
	free(diags);
	t_rmtree(t_dir);
}

/* a file that cannot be read is an error of that file; the others
 * are still compiled and checked */
static void
test_rulesdir__unreadable_located(void)
{
	struct ruleset *rs;
	char *diags, want[1024];
	int rc, fd;

	t_mkdtemp("rulesdir");
	rule("a.yaml", "rule-a", "x");
	rule("z.yaml", "rule-z", "(");
	/* over the 4 MiB a rules file may hold (sparse) */
	fd = open(t_path("big.yaml"), O_WRONLY | O_CREAT, 0600);
	T_ASSERT(fd >= 0 && ftruncate(fd, 4 * 1024 * 1024 + 1) == 0);
	close(fd);
	/* a special file that is not a file */
	T_EQ_INT(mkdir(t_path("aliases.yaml"), 0700), 0);
	diags = load(&rc, &rs);
	T_EQ_INT(rc, -1);
	T_ASSERT(rs == NULL);
	snprintf(want, sizeof(want),
	    "%s/aliases.yaml: error: read error: Is a directory\n"
	    "%s/big.yaml: error: input larger than 4194304 bytes\n"
	    "%s/z.yaml:4:9: error: invalid regex: missing closing "
	    "parenthesis [rule \"rule-z\"]\n", t_dir, t_dir, t_dir);
	/* z.yaml, after big.yaml, was compiled all the same */
	T_EQ_STR(diags, want);
	free(diags);
	rules_free(rs);
	t_rmtree(t_dir);
}

T_MAIN(T_CASE(test_rulesdir__which_files_in_order),
    T_CASE(test_rulesdir__empty), T_CASE(test_rulesdir__unreadable_located))
