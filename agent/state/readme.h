#ifndef SIGWATCH_README_H
#define SIGWATCH_README_H

#include "err.h"

/*
 * README.md of a state repository: what each file and directory holds,
 * for whoever looks at /var/lib/sigwatch or a clone of it. sigwatch
 * writes it into a new repository's first commit and never touches it
 * again.
 *
 * state_readme_init() writes dir/README.md when it does not exist and
 * sets *ours to 1 when the file now holds sigwatch's text (just written,
 * or left by an interrupted first run), 0 when the file is someone
 * else's: then it is left alone, neither rewritten nor committed.
 */
int	state_readme_init(const char *dir, int *ours, struct err *);

#endif
