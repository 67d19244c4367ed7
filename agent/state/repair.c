#include "repair.h"

#include <git2.h>
#include <string.h>

#include "log.h"

/*
 * What sigwatch writes in the work tree. Repair never looks anywhere
 * else: a file someone put beside the state (a README of their own, a
 * note) is not a leftover of an interrupted run, and is never removed.
 * README.md is sigwatch's only in a new repository (state_readme_init()).
 */
/*
 * What a run, `playbooks` or `digest` writes and then commits: an
 * interrupted one is undone here. shards/ (the cursors of `playbooks
 * --from`) and digest.json go back with the hits and the outbox entries
 * they account for, or the next run would skip what was never committed.
 */
static char *owned[] = {
	"sources", "items", "seen", "pages", "hits", "playbooks", "outbox",
	"shards", "digest.json", ".gitignore"
};

static int
git_fail(struct err *err, const char *what)
{
	const git_error *e = git_error_last();

	return err_set(err, ERR_CORRUPT, "%s: %s", what,
	    e && e->message ? e->message : "unknown libgit2 error");
}

int
repair_worktree(const char *dir, int *changed, struct err *err)
{
	git_repository *repo = NULL;
	git_status_list *st = NULL;
	git_status_options so;
	git_checkout_options co;
	int unborn, rc = 0;
	size_t n;

	*changed = 0;
	git_status_options_init(&so, GIT_STATUS_OPTIONS_VERSION);
	git_checkout_options_init(&co, GIT_CHECKOUT_OPTIONS_VERSION);
	if (git_repository_open(&repo, dir) < 0)
		return git_fail(err, "cannot open state repository");
	so.show = GIT_STATUS_SHOW_INDEX_AND_WORKDIR;
	so.flags = GIT_STATUS_OPT_INCLUDE_UNTRACKED |
	    GIT_STATUS_OPT_RECURSE_UNTRACKED_DIRS;
	so.pathspec.strings = owned;
	so.pathspec.count = sizeof(owned) / sizeof(owned[0]);
	co.paths = so.pathspec;
	if (git_status_list_new(&st, repo, &so) < 0) {
		rc = git_fail(err, "cannot read state repository status");
		goto out;
	}
	n = git_status_list_entrycount(st);
	/* a new repository's own .gitignore is not a leftover */
	for (size_t i = 0; i < git_status_list_entrycount(st); i++) {
		const git_status_entry *e = git_status_byindex(st, i);
		const git_diff_delta *dd = e->index_to_workdir ?
		    e->index_to_workdir : e->head_to_index;

		if (dd && dd->new_file.path &&
		    strcmp(dd->new_file.path, ".gitignore") == 0 &&
		    (e->status & GIT_STATUS_WT_NEW))
			n--;
	}
	if (n == 0)
		goto out;
	*changed = 1;
	log_warnx("state: discarding %zu uncommitted change%s left by an "
	    "interrupted run", n, n == 1 ? "" : "s");
	unborn = git_repository_head_unborn(repo) == 1;
	if (!unborn) {
		/* force-checkout HEAD into index and work tree */
		co.checkout_strategy = GIT_CHECKOUT_FORCE |
		    GIT_CHECKOUT_REMOVE_UNTRACKED;
		if (git_checkout_head(repo, &co) < 0) {
			rc = git_fail(err, "cannot restore state work tree");
			goto out;
		}
	} else {
		git_index *idx = NULL;

		/* nothing committed yet: the whole tree is untracked */
		co.checkout_strategy = GIT_CHECKOUT_FORCE |
		    GIT_CHECKOUT_REMOVE_UNTRACKED;
		if (git_repository_index(&idx, repo) == 0) {
			git_index_clear(idx);
			git_index_write(idx);
			git_checkout_index(repo, idx, &co);
			git_index_free(idx);
		}
	}
out:
	git_status_list_free(st);
	git_repository_free(repo);
	return rc;
}
