#define _XOPEN_SOURCE 700

#include <sys/stat.h>

#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "beneath.h"
#include "t.h"
#include "t_helpers.h"

static char root[64];
static char outside[64];

static void
setup(void)
{
	snprintf(root, sizeof(root), "/tmp/sigwatch-beneath-XXXXXX");
	snprintf(outside, sizeof(outside), "/tmp/sigwatch-outside-XXXXXX");
	if (mkdtemp(root) == NULL || mkdtemp(outside) == NULL) {
		perror("mkdtemp");
		exit(2);
	}
}

static void
teardown(void)
{
	t_rmtree(root);
	t_rmtree(outside);
}

static const char *
at(const char *dir, const char *rel)
{
	static char p[4][256];
	static int i;

	i = (i + 1) % 4;
	snprintf(p[i], sizeof(p[i]), "%s/%s", dir, rel);
	return p[i];
}

static void
put(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");

	T_ASSERT(f != NULL);
	if (f) {
		fputs(text, f);
		fclose(f);
	}
}

static void
test_beneath__names(void)
{
	T_ASSERT(beneath_rel_valid("a"));
	T_ASSERT(beneath_rel_valid("outbox/dead/a.b.json"));
	T_ASSERT(beneath_rel_valid(".run/outbox.json"));
	T_ASSERT(!beneath_rel_valid(""));
	T_ASSERT(!beneath_rel_valid("/etc/passwd"));
	T_ASSERT(!beneath_rel_valid("outbox/../../x.json"));
	T_ASSERT(!beneath_rel_valid("outbox/./x"));
	T_ASSERT(!beneath_rel_valid("outbox//x"));
	T_ASSERT(!beneath_rel_valid("outbox/"));
	T_ASSERT(!beneath_rel_valid(".."));
	T_ASSERT(beneath_name_valid("3c59edfac44ddcde"));
	T_ASSERT(beneath_name_valid("ops-slack_2.x"));
	T_ASSERT(!beneath_name_valid("../../x"));
	T_ASSERT(!beneath_name_valid("a/b"));
	T_ASSERT(!beneath_name_valid(".hidden"));
	T_ASSERT(!beneath_name_valid(""));
	T_ASSERT(!beneath_name_valid(NULL));
	T_ASSERT(!beneath_name_valid("a b"));
	T_ASSERT(!beneath_name_valid(
	    "a1234567890123456789012345678901234567890123456789012345678901234"));
}

static void
test_beneath__write_read_remove(void)
{
	struct err err = ERR_INIT;
	DIR *d = NULL;
	char *data = NULL;
	size_t len = 0;

	setup();
	T_EQ_INT(beneath_write(root, "items/src/2026-01.jsonl", "a\n", 2, 0,
	    &err), 0);
	T_EQ_INT(beneath_write(root, "items/src/2026-01.jsonl", "ab\n", 3, 1,
	    &err), 0);
	T_EQ_INT(beneath_read(&data, &len, root, "items/src/2026-01.jsonl", 0,
	    &err), 0);
	T_EQ_INT(len, 3);
	T_EQ_STR(data, "ab\n");
	free(data);
	T_EQ_INT(beneath_read(&data, &len, root, "items/src/none", 0, &err),
	    ERR_NOTFOUND);
	T_EQ_INT(beneath_read(&data, &len, root, "nodir/x", 0, &err),
	    ERR_NOTFOUND);
	T_EQ_INT(beneath_opendir(&d, root, "items/src", &err), 0);
	if (d)
		closedir(d);
	T_EQ_INT(beneath_remove(root, "items/src/2026-01.jsonl", &err), 0);
	T_EQ_INT(beneath_remove(root, "items/src/2026-01.jsonl", &err),
	    ERR_NOTFOUND);
	T_EQ_INT(beneath_write(root, "outbox/../../escape", "x", 1, 0, &err),
	    ERR_POLICY);
	T_CONTAINS(err.msg, "unsafe path; refused");
	T_ASSERT(access(at(root, "../escape"), F_OK) != 0);
	teardown();
}

static void
test_beneath__links_refused(void)
{
	struct err err = ERR_INIT;
	struct stat st;
	DIR *d = NULL;
	char *data = NULL;
	size_t len = 0;

	setup();
	T_ASSERT(mkdir(at(root, "items"), 0755) == 0);
	T_ASSERT(symlink(outside, at(root, "items/src")) == 0);
	/* a directory link: neither written, read, listed nor removed
	 * through */
	T_EQ_INT(beneath_write(root, "items/src/2026-01.jsonl", "x\n", 2, 0,
	    &err), ERR_POLICY);
	T_CONTAINS(err.msg, "items/src is a symbolic link; refused");
	T_ASSERT(access(at(outside, "2026-01.jsonl"), F_OK) != 0);
	put(at(outside, "f"), "outside\n");
	T_EQ_INT(beneath_read(&data, &len, root, "items/src/f", 0, &err),
	    ERR_POLICY);
	T_EQ_INT(beneath_opendir(&d, root, "items/src", &err), ERR_POLICY);
	T_ASSERT(d == NULL);
	T_EQ_INT(beneath_remove(root, "items/src/f", &err), ERR_POLICY);
	T_ASSERT(lstat(at(outside, "f"), &st) == 0);

	/* a file link is not read; a write replaces the link itself */
	T_ASSERT(mkdir(at(root, "hits"), 0755) == 0);
	T_ASSERT(symlink(at(outside, "secret"), at(root, "hits/m.jsonl")) ==
	    0);
	put(at(outside, "secret"), "secret\n");
	T_EQ_INT(beneath_read(&data, &len, root, "hits/m.jsonl", 0, &err),
	    ERR_POLICY);
	T_CONTAINS(err.msg, "hits/m.jsonl is a symbolic link; refused");
	T_EQ_INT(beneath_write(root, "hits/m.jsonl", "new\n", 4, 0, &err), 0);
	T_ASSERT(lstat(at(root, "hits/m.jsonl"), &st) == 0 &&
	    S_ISREG(st.st_mode));
	T_EQ_INT(beneath_read(&data, &len, root, "hits/m.jsonl", 0, &err), 0);
	T_EQ_STR(data, "new\n");
	free(data);
	{
		FILE *f = fopen(at(outside, "secret"), "r");
		char line[32] = "";

		T_ASSERT(f != NULL && fgets(line, sizeof(line), f) != NULL);
		T_EQ_STR(line, "secret\n");
		if (f)
			fclose(f);
	}
	/* a FIFO is refused at once, not waited on */
	T_ASSERT(mkfifo(at(root, "hits/fifo"), 0600) == 0);
	T_EQ_INT(beneath_read(&data, &len, root, "hits/fifo", 0, &err),
	    ERR_POLICY);
	T_CONTAINS(err.msg, "not a regular file");
	teardown();
}

T_MAIN(
	T_CASE(test_beneath__names),
	T_CASE(test_beneath__write_read_remove),
	T_CASE(test_beneath__links_refused)
)
