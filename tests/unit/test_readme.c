#define _XOPEN_SOURCE 700

#include <sys/stat.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "err.h"
#include "readme.h"
#include "t.h"
#include "t_helpers.h"

/* readme: the state repository's README.md, written once, never taken */

static void
test_readme__written_when_missing(void)
{
	struct err e = ERR_INIT;
	char *text;
	int ours = -1;

	t_mkdtemp("readme");
	T_EQ_INT(state_readme_init(t_dir, &ours, &e), 0);
	T_EQ_INT(ours, 1);
	text = t_read_file(t_path("README.md"), NULL);
	T_ASSERT(text != NULL && strncmp(text, "# sigwatch state\n", 17) == 0);
	/* every committed path the state holds is explained */
	T_CONTAINS(text, "| `hits/<YYYY-MM>.jsonl` |");
	T_CONTAINS(text, "| `outbox/<alert-id>.json` |");
	T_CONTAINS(text, "secrets are never written here.\n");
	free(text);
	t_rmtree(t_dir);
}

/* a second call (an interrupted first run) finds its own text again */
static void
test_readme__own_text_recognised(void)
{
	struct err e = ERR_INIT;
	char *before, *after;
	int ours = 0;

	t_mkdtemp("readme");
	T_EQ_INT(state_readme_init(t_dir, &ours, &e), 0);
	before = t_read_file(t_path("README.md"), NULL);
	ours = 0;
	T_EQ_INT(state_readme_init(t_dir, &ours, &e), 0);
	T_EQ_INT(ours, 1);
	after = t_read_file(t_path("README.md"), NULL);
	T_EQ_STR(after, before);
	free(before);
	free(after);
	t_rmtree(t_dir);
}

/* someone else's README.md, even sigwatch's text with one more byte,
 * is left alone */
static void
test_readme__foreign_left_alone(void)
{
	struct err e = ERR_INIT;
	char *ours_text, *longer, *now;
	size_t n = 0;
	int ours = 1;

	t_mkdtemp("readme");
	T_EQ_INT(t_write_file(t_path("README.md"), "my notes\n"), 0);
	T_EQ_INT(state_readme_init(t_dir, &ours, &e), 0);
	T_EQ_INT(ours, 0);
	now = t_read_file(t_path("README.md"), NULL);
	T_EQ_STR(now, "my notes\n");
	free(now);

	T_EQ_INT(unlink(t_path("README.md")), 0);
	T_EQ_INT(state_readme_init(t_dir, &ours, &e), 0);
	ours_text = t_read_file(t_path("README.md"), &n);
	T_ASSERT(ours_text != NULL && n > 100);
	if (ours_text == NULL)
		return;
	longer = malloc(n + 2);
	memcpy(longer, ours_text, n);
	memcpy(longer + n, "x", 2);
	T_EQ_INT(t_write_file(t_path("README.md"), longer), 0);
	ours = 1;
	T_EQ_INT(state_readme_init(t_dir, &ours, &e), 0);
	T_EQ_INT(ours, 0);
	/* and a truncated copy is not ours either */
	ours_text[n / 2] = '\0';
	T_EQ_INT(t_write_file(t_path("README.md"), ours_text), 0);
	ours = 1;
	T_EQ_INT(state_readme_init(t_dir, &ours, &e), 0);
	T_EQ_INT(ours, 0);
	free(longer);
	free(ours_text);
	t_rmtree(t_dir);
}

/* a README.md that is a directory or a dangling link: not ours, and no
 * error (the state still opens); nothing written through the link */
static void
test_readme__odd_entries(void)
{
	struct err e = ERR_INIT;
	int ours = 1;

	t_mkdtemp("readme");
	T_EQ_INT(mkdir(t_path("README.md"), 0700), 0);
	T_EQ_INT(state_readme_init(t_dir, &ours, &e), 0);
	T_EQ_INT(ours, 0);
	T_EQ_INT(rmdir(t_path("README.md")), 0);
	T_EQ_INT(symlink(t_path("target"), t_path("README.md")), 0);
	ours = 1;
	T_EQ_INT(state_readme_init(t_dir, &ours, &e), 0);
	T_EQ_INT(ours, 0);
	T_EQ_INT(access(t_path("target"), F_OK), -1);
	t_rmtree(t_dir);
}

/* a directory that cannot take the file: ERR_IO naming the path */
static void
test_readme__unwritable(void)
{
	struct err e = ERR_INIT;
	int ours = 1;

	t_mkdtemp("readme");
	T_EQ_INT(t_write_file(t_path("file"), "x"), 0);
	T_EQ_INT(state_readme_init(t_path("file"), &ours, &e), ERR_IO);
	T_EQ_INT(ours, 0);
	T_CONTAINS(e.msg, "file/README.md");
	t_rmtree(t_dir);
}

T_MAIN(T_CASE(test_readme__written_when_missing),
    T_CASE(test_readme__own_text_recognised),
    T_CASE(test_readme__foreign_left_alone),
    T_CASE(test_readme__odd_entries),
    T_CASE(test_readme__unwritable))
