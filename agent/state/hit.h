#ifndef SIGWATCH_HIT_H
#define SIGWATCH_HIT_H

#include <stddef.h>
#include <stdint.h>

#include "rules.h"

/*
 * A recorded hit: one rule matching one item of one source, at most once
 * ever (id = hash of rule id, source id, item id). All strings owned.
 */
struct hit {
	char		 id[17];
	int64_t		 at;
	char		*rule, *rule_rev, *rule_title;
	enum severity	 severity;
	char		*competitor;	/* or NULL */
	int		 attributed;	/* competitor attributed to an item
					 * of a mixed-vendor source */
	char		*playbook;	/* or NULL */
	char		*source, *source_url;
	char		*source_home;	/* the source's page for people when
					 * the document says (a feed's channel
					 * <link>), or NULL */
	char		*item;		/* item id as `sigwatch parse` prints it */
	char		*title, *link;	/* link may be NULL */
	int64_t		 published;	/* the item's date (published, else
					 * updated), or TIME_NONE */
	char		*selection, *field, *match, *excerpt;
	int		 silenced, baseline;
	/* a report from a person (signal add, a mailbox): who reported it;
	 * else NULL */
	char		*reporter;
	/* attached by an analyst (signal add --rule), not by matching */
	int		 analyst;
	int		 stale;		/* the item was older than
					 * alerts.max_age when first seen */
};

/* id = first 16 hex of sha256(rule \0 source \0 item) */
void	hit_make_id(char out[17], const char *rule, const char *source,
	    const char *item);
/* the hits-file line (docs/formats.md, "A hit line"), compact JSON, malloc'd;
 * "reporter", "analyst": true and "source_home" only when set */
char	*hit_to_json(const struct hit *);
/* parse a hits-file line; -1 if it is not a hit */
int	hit_from_json(struct hit *, const char *line, size_t len);
/* *dst = *src with every string copied (release both) */
void	hit_copy(struct hit *dst, const struct hit *src);
void	hit_release(struct hit *);

#endif
