#include "jsonl.h"

#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "util.h"

int
jsonl_read(struct state *st, const char *rel, jsonl_fn *fn, void *payload,
    struct err *err)
{
	char *data = NULL, *p, *end;
	size_t len = 0;
	int stop = 0;

	if (state_read(st, rel, &data, &len, err) < 0)
		return -1;
	for (p = data, end = data + len; p < end && !stop; ) {
		char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t l = nl ? (size_t)(nl - p) : (size_t)(end - p);

		if (l && fn(p, l, payload) != 0)
			stop = 1;
		p += l + 1;
	}
	free(data);
	return stop;
}

int
jsonl_each(struct state *st, const char *subdir, const char *from,
    jsonl_fn *fn, void (*unreadable)(const struct err *, void *),
    void *payload)
{
	char **names = NULL;
	size_t n = 0, nfrom = from ? strlen(from) : 0;
	int stop = 0;

	state_list(st, subdir, ".jsonl", &names, &n);
	for (size_t i = 0; i < n && stop == 0; i++) {
		struct buf rel = BUF_INIT;
		struct err err = ERR_INIT;

		if (nfrom > 0 && strncmp(names[i], from, nfrom) < 0)
			continue;
		buf_addf(&rel, "%s/%s", subdir, names[i]);
		stop = jsonl_read(st, rel.data, fn, payload, &err);
		if (stop < 0) {
			if (unreadable != NULL)
				unreadable(&err, payload);
			stop = 0;
		}
		buf_release(&rel);
	}
	strv_free(names);
	return stop;
}
