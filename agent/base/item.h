#ifndef SIGWATCH_ITEM_H
#define SIGWATCH_ITEM_H

#include <stddef.h>
#include <stdint.h>

struct buf;

/*
 * One item of a source (a post, a job, a page change) as rules see it.
 * Every string is valid UTF-8 and owned by the item. Timestamps are unix
 * seconds UTC, or TIME_NONE (util.h).
 */
/*
 * Per-item caps: a hostile item cannot make matching or storing it cost
 * more than its size. Categories past the cap are dropped (duplicates never
 * count); an author is cut to ITEM_MAX_AUTHOR bytes on a UTF-8 boundary.
 * Enclosures and other media are not kept at all.
 */
#define ITEM_MAX_CATEGORIES	100
#define ITEM_MAX_AUTHOR		256

struct item {
	char	 *id;		/* guid / atom id / JSON id / job id; never NULL
				 * after itemset_finish() */
	char	 *title;	/* plain text; "" when absent */
	char	 *link;		/* absolute URL, or NULL */
	char	 *author;	/* or NULL */
	char	 *text;		/* content (else summary) as plain text; "" */
	char	**categories;
	size_t	  ncategories;
	int64_t	  published;
	int64_t	  updated;
	/* the id the item had before identities were built from all its
	 * fields (the link alone, or a hash of title and date), when
	 * itemset_finish() derived id and the old rule gives another one;
	 * else NULL. Only for recognising items seen by older versions. */
	char	 *legacy_id;
	int	  id_from_link;	/* the id is the item's link (no guid) */
	/* the competitor this item is about when it is the item's own
	 * (field reports, tagged mail), else NULL: the source's applies */
	char	 *competitor;
	/* language: the primary subtag ("en", "de") declared by the item,
	 * else by its feed (RSS <language>, xml:lang, HTML lang, JSON Feed
	 * language, a job board's language), else detected (lang_detected
	 * set; see lang.h), or NULL: unknown */
	char	 *lang;
	int	  lang_detected;
};

/* What a parser returns for one document. */
struct itemset {
	char		*kind;		/* "rss20", "atom10", "json11", "greenhouse"... */
	char		*title;		/* feed title or NULL */
	char		*link;		/* feed link or NULL */
	struct item	*items;
	size_t		 n, alloc;
	/* items the document had beyond a parser's cap, not kept (a lower
	 * bound when a paged listing was cut short); 0 = none */
	size_t		 dropped;
};

#define ITEMSET_INIT { NULL, NULL, NULL, NULL, 0, 0, 0 }

/* append a zeroed item (published/updated = TIME_NONE) and return it */
struct item *itemset_push(struct itemset *);
void	item_add_category(struct item *, const char *);
/*
 * Fill in what parsers leave open: NULL title/text become "", and an item
 * without an id (guid, Atom id, JSON id, job id) gets one built from all
 * it has, so that different items never share one and the same item keeps
 * its id from run to run:
 *   a link no other item of the document has: the link itself
 *                   (id_from_link set: a later item under the same link
 *                   is told apart by its title when the run decides
 *                   what is new)
 *   a link shared:  "sha256:" + 32 hex of SHA-256("link\n" LINK "\n"
 *                   TITLE "\n" DATE)
 *   without:        "sha256:" + 32 hex of SHA-256("content\n" TITLE
 *                   "\n" DATE "\n" AUTHOR "\n" TEXT)
 * where DATE is published, else updated, as fmt_time() prints it (empty
 * when there is none). legacy_id is set to the id the old rule
 * (the link, else "sha256:" + hash of title and date) would have given.
 */
void	itemset_finish(struct itemset *);
/*
 * Keep the max newest of items[from, n): by published (else updated),
 * undated items counting as oldest, ties going to the earlier item; the
 * kept ones stay in their order, the others are released. Adds the number
 * dropped to s->dropped and returns it. O(n log n).
 */
size_t	itemset_keep_newest(struct itemset *, size_t from, size_t max);
void	item_release(struct item *);
/* a deep copy of src into *dst */
void	item_copy(struct item *dst, const struct item *src);
void	itemset_release(struct itemset *);

/* the item's date: published, else updated (GitHub releases), or
 * TIME_NONE */
int64_t	item_date(const struct item *);
/*
 * Is the item stale when first seen at now: dated more than max_age
 * seconds before now? An undated item never is; max_age 0 turns it off.
 */
int	item_stale(const struct item *, int64_t now, int64_t max_age);

/* the document as `sigwatch parse` prints it (docs/formats.md), malloc'd, no trailing newline */
char	*itemset_to_json(const struct itemset *, int pretty);
/* one item as compact JSON (same keys as in itemset_to_json, plus
 * "competitor" when the item has its own) and a newline, appended to
 * out: a line of state/items/ */
void	item_json_line(struct buf *out, const struct item *);
/* parse an item_json_line() line back (state/items files) */
int	item_from_json(struct item *, const char *json, size_t len);

#endif
