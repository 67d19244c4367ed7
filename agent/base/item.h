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
};

#define ITEMSET_INIT { NULL, NULL, NULL, NULL, 0, 0 }

/* append a zeroed item (published/updated = TIME_NONE) and return it */
struct item *itemset_push(struct itemset *);
void	item_add_category(struct item *, const char *);
/*
 * Fill in what parsers leave open: a missing id becomes the link, else
 * "sha256:" + hash of title and date; NULL title/text become "".
 */
void	itemset_finish(struct itemset *);
void	item_release(struct item *);
void	itemset_release(struct itemset *);

/* the item's date: published, else updated (GitHub releases), or
 * TIME_NONE */
int64_t	item_date(const struct item *);
/*
 * Is the item stale when first seen at now: dated more than max_age
 * seconds before now? An undated item never is; max_age 0 turns it off.
 */
int	item_stale(const struct item *, int64_t now, int64_t max_age);

/* the document as DESIGN.md section 2's JSON, malloc'd, no trailing newline */
char	*itemset_to_json(const struct itemset *, int pretty);
/* one item as compact JSON (same keys as in itemset_to_json) and a
 * newline, appended to out: a line of state/items/ */
void	item_json_line(struct buf *out, const struct item *);
/* parse an item_json_line() line back (state/items files) */
int	item_from_json(struct item *, const char *json, size_t len);

#endif
