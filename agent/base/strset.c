#include "strset.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "xmalloc.h"

static uint64_t
hash(const char *s, size_t len)
{
	uint64_t h = 0xcbf29ce484222325ULL;	/* FNV-1a */

	for (size_t i = 0; i < len; i++) {
		h ^= (unsigned char)s[i];
		h *= 0x100000001b3ULL;
	}
	return h;
}

/* the slot holding (s, len), or the empty slot where it belongs */
static struct strset_slot *
find(const struct strset *set, const char *s, size_t len)
{
	size_t mask = set->cap - 1, i = (size_t)hash(s, len) & mask;

	while (set->slot[i].s != NULL && (set->slot[i].len != len ||
	    memcmp(set->slot[i].s, s, len) != 0))
		i = (i + 1) & mask;
	return &set->slot[i];
}

static void
grow(struct strset *set)
{
	struct strset t = { NULL, set->cap ? set->cap * 2 : 16, set->n };

	t.slot = xcalloc(t.cap, sizeof(*t.slot));
	for (size_t i = 0; i < set->cap; i++)
		if (set->slot[i].s != NULL)
			*find(&t, set->slot[i].s, set->slot[i].len) =
			    set->slot[i];
	free(set->slot);
	*set = t;
}

int
strset_add(struct strset *set, const char *s, size_t len)
{
	struct strset_slot *slot;

	if ((set->n + 1) * 2 > set->cap)
		grow(set);
	slot = find(set, s, len);
	if (slot->s != NULL)
		return 0;
	slot->s = xmalloc(len + 1);
	memcpy(slot->s, s, len);
	slot->s[len] = '\0';
	slot->len = len;
	set->n++;
	return 1;
}

int
strset_has(const struct strset *set, const char *s, size_t len)
{
	return set->cap != 0 && find(set, s, len)->s != NULL;
}

size_t
strset_count(const struct strset *set)
{
	return set->n;
}

void
strset_release(struct strset *set)
{
	for (size_t i = 0; i < set->cap; i++)
		free(set->slot[i].s);
	free(set->slot);
	memset(set, 0, sizeof(*set));
}
