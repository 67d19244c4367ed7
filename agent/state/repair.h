#ifndef SIGWATCH_REPAIR_H
#define SIGWATCH_REPAIR_H

#include "err.h"

/*
 * Put the work tree of the state repository at dir back to its last
 * commit: modified and deleted tracked files are restored, untracked files
 * that are not ignored are removed (ignored ones, .run/, stay). Only the
 * paths sigwatch writes (sources/, items/, hits/... and .gitignore) are
 * looked at; any other file is left as it is. Used at the
 * start of a run, under the run lock, to undo what an interrupted run
 * wrote but did not commit. *changed is 1 when anything was repaired. A
 * repository with no commit yet has its untracked files removed.
 */
int	repair_worktree(const char *dir, int *changed, struct err *);

#endif
