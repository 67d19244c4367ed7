#ifndef SIGWATCH_T_STATE_H
#define SIGWATCH_T_STATE_H

/*
 * A fresh state repository in a temp directory for unit tests of the
 * modules that read and write the state. Include after t_helpers.h.
 */
#include <stdio.h>
#include <stdlib.h>

#include "err.h"
#include "gitstore.h"
#include "state.h"

/* a new state in t_dir (/tmp/sigwatch-<tag>-XXXXXX); exits 2 on failure */
static inline struct state *
t_state_open(const char *tag)
{
	struct state *s = NULL;
	struct err e = ERR_INIT;
	static int inited;

	if (!inited++)
		gitstore_global_init();
	t_mkdtemp(tag);
	if (state_open(&s, t_dir, 0, &e) < 0) {
		fprintf(stderr, "state_open: %s\n", e.msg);
		exit(2);
	}
	return s;
}

#endif
