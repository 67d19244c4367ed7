#include "diag.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "util.h"
#include "xmalloc.h"

void
diag_add(struct diags *d, enum diag_sev sev, const char *path,
    unsigned line, unsigned col, const char *fmt, ...)
{
	struct buf msg = BUF_INIT;
	struct diag *g;
	va_list ap;

	va_start(ap, fmt);
	buf_vaddf(&msg, fmt, ap);
	va_end(ap);
	if (d->n == d->alloc) {
		d->alloc = d->alloc ? d->alloc * 2 : 16;
		d->v = xreallocarray(d->v, d->alloc, sizeof(*d->v));
	}
	g = &d->v[d->n++];
	g->sev = sev;
	g->path = xstrdup(path ? path : "<input>");
	g->line = line;
	g->col = col;
	g->msg = buf_detach(&msg, NULL);
	if (sev == DIAG_ERROR)
		d->errors++;
	else
		d->warnings++;
}

void
diag_print(const struct diags *d, FILE *fp)
{
	for (size_t i = 0; i < d->n; i++) {
		const struct diag *g = &d->v[i];
		const char *sev = g->sev == DIAG_ERROR ? "error" : "warning";

		if (g->line)
			fprintf(fp, "%s:%u:%u: %s: %s\n", g->path, g->line,
			    g->col ? g->col : 1, sev, g->msg);
		else
			fprintf(fp, "%s: %s: %s\n", g->path, sev, g->msg);
	}
}

int
diag_read_file(char **out, size_t *len, const char *path, size_t max,
    struct diags *d)
{
	struct err e = ERR_INIT;

	if (read_file(out, len, path, max, &e) < 0) {
		diag_add(d, DIAG_ERROR, path, 0, 0, "%s", e.msg);
		return -1;
	}
	return 0;
}

void
diags_release(struct diags *d)
{
	for (size_t i = 0; i < d->n; i++) {
		free(d->v[i].path);
		free(d->v[i].msg);
	}
	free(d->v);
	memset(d, 0, sizeof(*d));
}

static size_t
distance(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);
	size_t *row, best;

	if (la > 64 || lb > 64)
		return (size_t)-1;
	row = xcalloc(lb + 1, sizeof(*row));
	for (size_t j = 0; j <= lb; j++)
		row[j] = j;
	for (size_t i = 1; i <= la; i++) {
		size_t diag = row[0];

		row[0] = i;
		for (size_t j = 1; j <= lb; j++) {
			size_t up = row[j], v;

			v = diag + (a[i - 1] != b[j - 1]);
			if (up + 1 < v)
				v = up + 1;
			if (row[j - 1] + 1 < v)
				v = row[j - 1] + 1;
			diag = up;
			row[j] = v;
		}
	}
	best = row[lb];
	free(row);
	return best;
}

const char *
diag_suggest(const char *word, const char *const *candidates)
{
	const char *best = NULL;
	size_t bestd = (size_t)-1, limit;

	limit = strlen(word) / 3 + 1;
	if (limit > 3)
		limit = 3;
	for (size_t i = 0; candidates[i]; i++) {
		size_t dd = distance(word, candidates[i]);

		if (dd < bestd) {
			bestd = dd;
			best = candidates[i];
		}
	}
	return bestd <= limit ? best : NULL;
}
