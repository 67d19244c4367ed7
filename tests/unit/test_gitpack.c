#define _XOPEN_SOURCE 700

#include <dirent.h>
#include <git2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "gitpack.h"
#include "gitstore.h"
#include "t.h"
#include "t_helpers.h"

/* gitpack: the state repository kept small, and what a killed pack write
 * leaves removed */

/* a state repository with n commits, each changing hits/h.jsonl */
static void
repo_with_commits(int n)
{
	struct gitstore *g = NULL;
	struct err e = ERR_INIT;
	char line[128], *text = NULL;
	size_t len = 0;

	gitstore_global_init();
	t_mkdtemp("gitpack");
	t_must(gitstore_open(&g, t_dir, &e) == 0, e.msg);
	t_must(mkdir(t_path("hits"), 0700) == 0, "mkdir");
	for (int i = 0; i < n; i++) {
		int committed = 0;
		size_t l = (size_t)snprintf(line, sizeof(line),
		    "{\"n\": %d, \"pad\": \"abcdefghijklmnopqrstuvwxyz\"}\n", i);

		text = realloc(text, len + l + 1);
		memcpy(text + len, line, l + 1);
		len += l;
		t_must(t_write_file(t_path("hits/h.jsonl"), text) == 0, "write");
		t_must(gitstore_commit(g, "run", &committed, &e) == 0 &&
		    committed, e.msg);
	}
	free(text);
	gitstore_free(g);
}

static size_t
count_suffix(const char *dir, const char *suffix)
{
	DIR *dp = opendir(dir);
	struct dirent *de;
	size_t n = 0, sl = strlen(suffix);

	if (dp == NULL)
		return 0;
	while ((de = readdir(dp)) != NULL) {
		size_t l = strlen(de->d_name);

		if (l >= sl && strcmp(de->d_name + l - sl, suffix) == 0)
			n++;
	}
	closedir(dp);
	return n;
}

/* the text of rev:path, malloc'd, or NULL */
static char *
blob_at(git_repository *repo, const char *spec)
{
	git_object *o = NULL;
	char *s = NULL;

	if (git_revparse_single(&o, repo, spec) == 0 &&
	    git_object_type(o) == GIT_OBJECT_BLOB) {
		git_blob *b = (git_blob *)o;
		size_t n = (size_t)git_blob_rawsize(b);

		s = malloc(n + 1);
		memcpy(s, git_blob_rawcontent(b), n);
		s[n] = '\0';
	}
	git_object_free(o);
	return s;
}

static size_t
commits(git_repository *repo)
{
	git_revwalk *w = NULL;
	git_oid id;
	size_t n = 0;

	if (git_revwalk_new(&w, repo) < 0 || git_revwalk_push_head(w) < 0)
		return 0;
	while (git_revwalk_next(&id, w) == 0)
		n++;
	git_revwalk_free(w);
	return n;
}

/* every commit stores one pack; a forced full pack makes them one, and
 * every version of every file is still there */
static void
test_gitpack__full_pack(void)
{
	git_repository *repo = NULL;
	struct gitpack_stats st;
	struct err e = ERR_INIT;
	git_oid loose;
	char *s;

	repo_with_commits(6);
	T_EQ_INT(count_suffix(t_path(".git/objects/pack"), ".pack"), 6);
	T_EQ_INT(git_repository_open(&repo, t_dir), 0);
	/* a loose object, as older versions or git itself write */
	T_EQ_INT(git_blob_create_from_buffer(&loose, repo, "loose\n", 6), 0);
	T_EQ_INT(gitpack_auto(repo, 1, &st, &e), 0);
	T_EQ_INT(st.packs, 6);
	T_EQ_INT(st.loose, 1);
	T_ASSERT(st.pack_bytes > 0);
	T_EQ_INT(st.packed, 2);
	T_ASSERT(st.removed >= 6);
	T_EQ_INT(count_suffix(t_path(".git/objects/pack"), ".pack"), 1);
	T_EQ_INT(count_suffix(t_path(".git/objects/pack"), ".idx"), 1);
	git_repository_free(repo);

	/* a fresh look: all history readable from the one pack */
	T_EQ_INT(git_repository_open(&repo, t_dir), 0);
	T_EQ_INT(commits(repo), 6);
	s = blob_at(repo, "HEAD:hits/h.jsonl");
	T_ASSERT(s != NULL);
	T_CONTAINS(s, "{\"n\": 5,");
	free(s);
	s = blob_at(repo, "HEAD~5:hits/h.jsonl");
	T_ASSERT(s != NULL);
	T_CONTAINS(s, "{\"n\": 0,");
	T_ASSERT(s && strstr(s, "\"n\": 1,") == NULL);
	free(s);
	/* the tip file records the full pack */
	T_ASSERT(access(t_path(".git/sigwatch-packed"), F_OK) == 0);
	/* forced again: still one pack, still everything */
	T_EQ_INT(gitpack_auto(repo, 1, &st, &e), 0);
	T_EQ_INT(st.packs, 1);
	/* the loose blob no commit reaches is not in the pack, so it is
	 * never removed (only what the new pack holds is) */
	T_EQ_INT(st.loose, 1);
	T_EQ_INT(count_suffix(t_path(".git/objects/pack"), ".pack"), 1);
	T_EQ_INT(commits(repo), 6);
	git_repository_free(repo);
	t_rmtree(t_dir);
}

/* below every threshold nothing is packed */
static void
test_gitpack__auto_below_thresholds(void)
{
	git_repository *repo = NULL;
	struct gitpack_stats st;
	struct err e = ERR_INIT;

	repo_with_commits(3);
	T_EQ_INT(git_repository_open(&repo, t_dir), 0);
	T_EQ_INT(gitpack_auto(repo, 0, &st, &e), 0);
	T_EQ_INT(st.packed, 0);
	T_EQ_INT(st.removed, 0);
	T_EQ_INT(st.packs, 3);
	T_EQ_INT(count_suffix(t_path(".git/objects/pack"), ".pack"), 3);
	git_repository_free(repo);
	t_rmtree(t_dir);
}

/* GITPACK_MAX_PACKS packs: a full pack even though the repository is
 * small */
static void
test_gitpack__auto_pack_limit(void)
{
	git_repository *repo = NULL;
	size_t packs;

	/* the commits pack on their own once the limit is reached */
	repo_with_commits(GITPACK_MAX_PACKS + 2);
	packs = count_suffix(t_path(".git/objects/pack"), ".pack");
	T_ASSERT(packs < GITPACK_MAX_PACKS);
	T_ASSERT(packs >= 1);
	T_EQ_INT(git_repository_open(&repo, t_dir), 0);
	T_EQ_INT(commits(repo), GITPACK_MAX_PACKS + 2);
	git_repository_free(repo);
	t_rmtree(t_dir);
}

/* what a killed pack write leaves goes; real packs stay */
static void
test_gitpack__clean(void)
{
	git_repository *repo = NULL;
	const char *pd;
	char keep[600], *s;
	DIR *dp;
	struct dirent *de;
	static const char orphan[] =
	    "pack-0123456789012345678901234567890123456789.idx";

	repo_with_commits(2);
	pd = t_path(".git/objects/pack");
	T_EQ_INT(t_write_file(t_path(".git/objects/pack/pack_git2_Xa1b2c"),
	    "junk"), 0);
	T_EQ_INT(t_write_file(t_path(".git/objects/pack/pack-tmp.lock"), ""),
	    0);
	snprintf(keep, sizeof(keep), "%s/%s", pd, orphan);
	T_EQ_INT(t_write_file(keep, "idx without its pack"), 0);
	/* not ours to judge: a file that is none of these */
	T_EQ_INT(t_write_file(t_path(".git/objects/pack/README"), "x"), 0);
	T_EQ_INT(git_repository_open(&repo, t_dir), 0);
	gitpack_clean(repo);
	T_ASSERT(access(t_path(".git/objects/pack/pack_git2_Xa1b2c"),
	    F_OK) != 0);
	T_ASSERT(access(t_path(".git/objects/pack/pack-tmp.lock"), F_OK) != 0);
	T_ASSERT(access(keep, F_OK) != 0);
	T_ASSERT(access(t_path(".git/objects/pack/README"), F_OK) == 0);
	/* each real .idx still has its .pack */
	T_EQ_INT(count_suffix(pd, ".pack"), 2);
	T_EQ_INT(count_suffix(pd, ".idx"), 2);
	dp = opendir(pd);
	while (dp && (de = readdir(dp)) != NULL) {
		size_t l = strlen(de->d_name);

		if (l > 4 && strcmp(de->d_name + l - 4, ".idx") == 0) {
			snprintf(keep, sizeof(keep), "%s/%.*s.pack", pd,
			    (int)(l - 4), de->d_name);
			T_ASSERT(access(keep, F_OK) == 0);
		}
	}
	if (dp)
		closedir(dp);
	s = blob_at(repo, "HEAD~1:hits/h.jsonl");
	T_ASSERT(s != NULL);
	free(s);
	git_repository_free(repo);
	t_rmtree(t_dir);
}

T_MAIN(T_CASE(test_gitpack__full_pack),
    T_CASE(test_gitpack__auto_below_thresholds),
    T_CASE(test_gitpack__auto_pack_limit), T_CASE(test_gitpack__clean))
