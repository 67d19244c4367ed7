#ifndef SIGWATCH_FETCHONE_H
#define SIGWATCH_FETCHONE_H

#include <stddef.h>

#include "config.h"
#include "err.h"
#include "fetch.h"

/*
 * One blocking request with the policy of a run (fetch.h: http/https
 * only, the private-address check unless fetch.allow_private_addresses,
 * redirects re-checked, the configured timeouts, size cap and user agent),
 * for commands that look at one URL (`sigwatch add`). A GET, or a POST of
 * post_body (post_type) when post_body is not NULL. *out is always filled
 * (release it with fetch_res_release); returns 0 when out->status is
 * FETCH_OK, else -1 with err->msg "STATUS: reason" (ERR_POLICY for a
 * refused URL or address).
 */
int	fetch_one(struct fetch_res *out, const struct config *,
	    const char *url, const char *post_body, const char *post_type,
	    struct err *) __attribute__((warn_unused_result));

#endif
