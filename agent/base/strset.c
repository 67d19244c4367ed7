#include "strset.h"

#include <stdlib.h>
#include <string.h>

#include "util.h"
#include "xmalloc.h"

/* the slot holding (s, len), or the empty slot where it belongs */
static struct strset_slot *
find(const struct strset *set, const char *s, size_t len)
{
	size_t mask = set->cap - 1, i = (size_t)fnv1a64_mem(s, len) & mask;

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

/* the slot of (s, len), added when missing; *added says which */
static struct strset_slot *
insert(struct strset *set, const char *s, size_t len, int *added)
{
	struct strset_slot *slot;

	if ((set->n + 1) * 2 > set->cap)
		grow(set);
	slot = find(set, s, len);
	*added = slot->s == NULL;
	if (*added) {
		slot->s = xmalloc(len + 1);
		memcpy(slot->s, s, len);
		slot->s[len] = '\0';
		slot->len = len;
		slot->val = 0;
		set->n++;
	}
	return slot;
}

int
strset_add(struct strset *set, const char *s, size_t len)
{
	int added;

	insert(set, s, len, &added);
	return added;
}

size_t *
strset_val(struct strset *set, const char *s, size_t len)
{
	int added;

	return &insert(set, s, len, &added)->val;
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
