#include "parsejob.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"
#include "xmalloc.h"

struct parsejob *
parsejob_new(const struct source *src, char **body, size_t len,
    const char *base, const char *charset, const char *prev_sha,
    void (*done)(struct workq_task *), void *owner)
{
	struct parsejob *pj = xcalloc(1, sizeof(*pj));

	pj->task.run = parsejob_run;
	pj->task.done = done;
	pj->src = src;
	pj->body = *body;
	*body = NULL;
	pj->len = len;
	pj->base = xstrdup(base);
	pj->charset = xstrdup_or_null(charset);
	snprintf(pj->prev_sha, sizeof(pj->prev_sha), "%s",
	    prev_sha ? prev_sha : "");
	pj->owner = owner;
	return pj;
}

void
parsejob_run(struct workq_task *t)
{
	struct parsejob *pj = (struct parsejob *)t;
	const char *body = pj->body ? pj->body : "";
	char hex[65];

	sha256_hex(hex, body, pj->len);
	memcpy(pj->body_sha, hex, 16);
	pj->body_sha[16] = '\0';
	/* a server that ignores conditional requests costs no parse */
	pj->same = pj->prev_sha[0] && strcmp(pj->body_sha, pj->prev_sha) == 0;
	if (!pj->same)
		pj->rc = source_parse(&pj->items, pj->src, body, pj->len,
		    pj->base, pj->charset, &pj->err);
	/* the items are all the run needs: a big body goes before they
	 * are matched and stored */
	free(pj->body);
	pj->body = NULL;
	if (pj->rc < 0)
		itemset_release(&pj->items);
	else if (!pj->same && pj->then != NULL)
		pj->then(pj);
}

void
parsejob_free(struct parsejob *pj)
{
	if (pj == NULL)
		return;
	free(pj->body);
	free(pj->base);
	free(pj->charset);
	itemset_release(&pj->items);
	free(pj);
}
