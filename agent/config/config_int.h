#ifndef SIGWATCH_CONFIG_INT_H
#define SIGWATCH_CONFIG_INT_H

#include "config.h"
#include "diag.h"
#include "ytree.h"

/*
 * Shared by the files of agent/config only (not part of config.h's API).
 */
/* the job board endpoint for board v of a source of this kind, malloc'd,
 * or NULL (with a diagnostic at v) */
char	*config_board_url(enum source_kind, const struct ynode *v,
	    struct diags *);

#endif
