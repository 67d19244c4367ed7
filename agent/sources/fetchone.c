#include "fetchone.h"

#include <stdio.h>
#include <string.h>

#include "fetchcfg.h"

static void
on_done(struct fetch_res *res, void *payload)
{
	struct fetch_res *out = payload;

	*out = *res;
	/* the strings now belong to out; res is released after this */
	res->body = res->etag = res->last_modified = NULL;
	res->final_url = res->content_type = res->charset = NULL;
}

int
fetch_one(struct fetch_res *out, const struct config *cfg, const char *url,
    const char *post_body, const char *post_type, struct err *err)
{
	struct fetch_opts fo;
	struct fetch_req req;
	struct fetcher *ft = NULL;

	memset(out, 0, sizeof(*out));
	out->status = FETCH_TRANSIENT;
	out->retry_after = -1;
	fetchcfg_opts(&fo, cfg);
	fo.concurrency = 1;
	fo.per_host = 1;
	if (fetch_new(&ft, &fo, err) < 0)
		return -1;
	memset(&req, 0, sizeof(req));
	req.url = url;
	req.post_body = post_body;
	req.post_len = post_body ? strlen(post_body) : 0;
	req.post_type = post_type;
	snprintf(out->error, sizeof(out->error), "no answer");
	fetch_add(ft, &req, on_done, out);
	if (fetch_run(ft, err) < 0) {
		fetch_free(ft);
		return -1;
	}
	fetch_free(ft);
	if (out->status == FETCH_OK)
		return 0;
	err_set(err, out->status == FETCH_POLICY ? ERR_POLICY : ERR_GENERIC,
	    "%s: %s", fetch_status_name(out->status), out->error);
	return -1;
}
