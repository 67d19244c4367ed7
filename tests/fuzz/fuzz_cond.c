/*
 * The rule condition parser: cond_parse() on the input against a fixed
 * list of selection names. Reports point inside the source; a parsed
 * condition evaluates to 0 or 1 under every assignment of the selections,
 * asks only for defined selections, and formats to non-empty text.
 */
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "cond.h"
#include "fuzz.h"
#include "log.h"

#define NNAMES 7

static const char *const names[NNAMES] = {
	"mesh", "headline", "marketing", "sel_a", "sel_b", "x.y-z", "them2"
};

struct rep {
	size_t	len, n;
};

struct assign {
	unsigned	mask;
	int		bad;
};

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	log_init(LOG_LVL_QUIET);
	return 0;
}

static void
report(size_t off, const char *msg, void *payload)
{
	struct rep *r = payload;

	FUZZ_CHECK(off <= r->len);
	FUZZ_CHECK(msg != NULL && msg[0] != '\0');
	r->n++;
}

static int
sel(size_t i, void *payload)
{
	struct assign *a = payload;

	if (i >= NNAMES) {
		a->bad = 1;
		return 0;
	}
	return (a->mask >> i) & 1;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct cond *c = NULL;
	struct rep r;
	char *src;

	if (size > 4096)
		return 0;
	src = fuzz_strndup(data, size);
	r.len = strlen(src);
	r.n = 0;
	if (cond_parse(&c, src, names, NNAMES, report, &r) == 0) {
		unsigned char used[NNAMES], pos[NNAMES];
		struct buf b;

		FUZZ_CHECK(c != NULL && r.n == 0);
		for (unsigned m = 0; m < (1u << NNAMES); m++) {
			struct assign a = { m, 0 };
			int v = cond_eval(c, sel, &a);

			FUZZ_CHECK(v == 0 || v == 1);
			FUZZ_CHECK(!a.bad);
		}
		memset(used, 0, sizeof(used));
		memset(pos, 0, sizeof(pos));
		cond_refs(c, used, pos);
		for (size_t i = 0; i < NNAMES; i++)
			FUZZ_CHECK(!pos[i] || used[i]);
		buf_init(&b);
		cond_format(c, names, &b);
		FUZZ_CHECK(b.len > 0);
		buf_release(&b);
		cond_free(c);
	} else {
		FUZZ_CHECK(c == NULL && r.n > 0);
	}
	free(src);
	return 0;
}
