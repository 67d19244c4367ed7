#ifndef SIGWATCH_ADD_H
#define SIGWATCH_ADD_H

#include "config.h"
#include "fetch.h"
#include "item.h"

/*
 * `sigwatch add`, shared by cmd_add.c (options, the feeds file) and
 * add_pick.c (what to watch on the page, and a preview of it).
 */

/* what add chose to watch, with the items it would see */
struct add_pick {
	enum source_kind  kind;
	char		 *url;		/* the source's url: (NULL for a job
					 * board without an override) */
	char		 *board;	/* job boards, else NULL */
	char		 *items, *select; /* html / page XPaths, or NULL */
	char		 *comment;	/* for the feeds file, or NULL */
	char		 *what;		/* one line: what was chosen and why */
	struct itemset	  preview;
};

/*
 * Choose what to watch on the fetched page (page->final_url): the page
 * itself when it is a feed or a job board, else an advertised feed or a
 * linked job board (a board first on a careers page), each tried by
 * fetching and parsing it; failing those an html source (the page's
 * <article>s) or a page source. only: -1, or the one kind wanted
 * (--kind). Prints the candidates it tries on stdout. Returns 0, or 65
 * when nothing of the wanted kind works.
 */
int	add_pick(struct add_pick *out, const struct config *,
	    const struct fetch_res *page, int only);
void	add_pick_release(struct add_pick *);

/* print what was chosen and the first items */
void	add_pick_print(const struct add_pick *);

#endif
