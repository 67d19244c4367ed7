#define _XOPEN_SOURCE 700

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "gitstore.h"
#include "repair.h"
#include "t.h"
#include "t_helpers.h"

/* repair_worktree: an interrupted run's uncommitted writes undone */

static int
exists(const char *p)
{
	struct stat sb;

	return lstat(p, &sb) == 0;
}

/* a repository with one commit: sources/a.json, hits/2024-03.jsonl */
static void
committed_repo(void)
{
	struct gitstore *g = NULL;
	struct err e = ERR_INIT;
	int committed = 0;

	gitstore_global_init();
	t_mkdtemp("repair");
	t_must(gitstore_open(&g, t_dir, &e) == 0, e.msg);
	t_must(mkdir(t_path("sources"), 0700) == 0, "mkdir");
	t_must(mkdir(t_path("hits"), 0700) == 0, "mkdir");
	t_must(t_write_file(t_path("sources/a.json"), "{\"etag\": 1}\n") == 0,
	    "write");
	t_must(t_write_file(t_path("hits/2024-03.jsonl"), "{}\n") == 0, "write");
	t_must(gitstore_commit(g, "first", &committed, &e) == 0 && committed,
	    e.msg);
	gitstore_free(g);
}

static void
test_repair__clean_tree(void)
{
	struct err e = ERR_INIT;
	int changed = -1;

	committed_repo();
	T_EQ_INT(repair_worktree(t_dir, &changed, &e), 0);
	T_EQ_INT(changed, 0);
	T_ASSERT(exists(t_path("sources/a.json")));
	t_rmtree(t_dir);
}

static void
test_repair__restores_and_removes(void)
{
	struct err e = ERR_INIT;
	int changed = 0;
	char *text;

	committed_repo();
	/* what an interrupted run left: a modified file, a deleted one,
	 * new files in a new directory and beside committed ones */
	T_EQ_INT(t_write_file(t_path("sources/a.json"), "half-writ"), 0);
	T_EQ_INT(unlink(t_path("hits/2024-03.jsonl")), 0);
	T_EQ_INT(mkdir(t_path("items"), 0700), 0);
	T_EQ_INT(mkdir(t_path("items/src"), 0700), 0);
	T_EQ_INT(t_write_file(t_path("items/src/2024-03.jsonl"), "{}\n"), 0);
	T_EQ_INT(t_write_file(t_path("sources/b.json"), "{}\n"), 0);
	/* ignored bookkeeping stays */
	T_EQ_INT(mkdir(t_path(".run"), 0700), 0);
	T_EQ_INT(t_write_file(t_path(".run/sources.json"), "{}\n"), 0);
	/* a file that is not sigwatch's is never touched */
	T_EQ_INT(t_write_file(t_path("NOTES.txt"), "mine\n"), 0);

	T_EQ_INT(repair_worktree(t_dir, &changed, &e), 0);
	T_EQ_INT(changed, 1);
	text = t_read_file(t_path("sources/a.json"), NULL);
	T_EQ_STR(text, "{\"etag\": 1}\n");
	free(text);
	text = t_read_file(t_path("hits/2024-03.jsonl"), NULL);
	T_EQ_STR(text, "{}\n");
	free(text);
	T_ASSERT(!exists(t_path("items/src/2024-03.jsonl")));
	T_ASSERT(!exists(t_path("sources/b.json")));
	T_ASSERT(exists(t_path(".run/sources.json")));
	text = t_read_file(t_path("NOTES.txt"), NULL);
	T_EQ_STR(text, "mine\n");
	free(text);
	/* and now there is nothing left to repair */
	T_EQ_INT(repair_worktree(t_dir, &changed, &e), 0);
	T_EQ_INT(changed, 0);
	t_rmtree(t_dir);
}

/* no commit yet: sigwatch's untracked files go; the new repository's own
 * .gitignore alone is not a change */
static void
test_repair__unborn(void)
{
	struct gitstore *g = NULL;
	struct err e = ERR_INIT;
	int changed = -1;

	gitstore_global_init();
	t_mkdtemp("repair");
	t_must(gitstore_open(&g, t_dir, &e) == 0, e.msg);
	gitstore_free(g);
	T_ASSERT(exists(t_path(".gitignore")));
	T_EQ_INT(repair_worktree(t_dir, &changed, &e), 0);
	T_EQ_INT(changed, 0);
	T_ASSERT(exists(t_path(".gitignore")));

	T_EQ_INT(mkdir(t_path("seen"), 0700), 0);
	T_EQ_INT(t_write_file(t_path("seen/x"), "1\n"), 0);
	T_EQ_INT(t_write_file(t_path("mine.txt"), "1\n"), 0);
	T_EQ_INT(repair_worktree(t_dir, &changed, &e), 0);
	T_EQ_INT(changed, 1);
	T_ASSERT(!exists(t_path("seen/x")));
	T_ASSERT(exists(t_path("mine.txt")));
	t_rmtree(t_dir);
}

/* not a repository: an error with a message, nothing changed */
static void
test_repair__not_a_repo(void)
{
	struct err e = ERR_INIT;
	int changed = -1;

	t_mkdtemp("repair");
	T_EQ_INT(t_write_file(t_path("x"), "1\n"), 0);
	T_EQ_INT(repair_worktree(t_path("nope"), &changed, &e), ERR_CORRUPT);
	T_CONTAINS(e.msg, "cannot open state repository");
	T_EQ_INT(changed, 0);
	T_ASSERT(exists(t_path("x")));
	t_rmtree(t_dir);
}

T_MAIN(T_CASE(test_repair__clean_tree),
    T_CASE(test_repair__restores_and_removes), T_CASE(test_repair__unborn),
    T_CASE(test_repair__not_a_repo))
