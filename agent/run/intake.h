#ifndef SIGWATCH_INTAKE_H
#define SIGWATCH_INTAKE_H

#include <stdint.h>

#include "config.h"
#include "item.h"
#include "playbook.h"
#include "rules.h"

/*
 * Signals from people: the built-in `field` source that `sigwatch signal
 * add` records reports in, and what the run needs to know about the
 * competitors a report may be about (run_report() in run.h processes
 * the report; maildir.h reads mailboxes).
 */

/*
 * Every competitor the configuration (sources), the rules and the
 * playbooks name, sorted and unique. The strings are borrowed from
 * cfg, rs and pbs; free the NULL-terminated array only.
 */
const char **intake_competitors(const struct config *,
	    const struct ruleset *, const struct playbooks *);
/* name's spelling in known (compared without case), or NULL */
const char *intake_competitor(const char *const *known, const char *name);

/*
 * The built-in field source for one report: id "field", kind field, no
 * URL, tags [field], the report's competitor (borrowed). Nothing to
 * release.
 */
void	intake_field_source(struct source *out, const char *competitor);

/*
 * A field report as an item of the field source: title one line of at
 * most 300 bytes (required), text normalised like any plain text (may be
 * NULL), link (may be NULL), author the reporter, published (TIME_NONE:
 * now), the competitor as the item's own. Its id is "field:" and 16 hex
 * of a hash of competitor, title, text and link: the same report added
 * twice is one item. Released with item_release().
 */
void	intake_field_item(struct item *out, const char *competitor,
	    const char *title, const char *text, size_t textlen,
	    const char *link, const char *reporter, int64_t published,
	    int64_t now);

/*
 * The excerpt of an analyst's hit (signal add --rule): the start of the
 * report's text, else its title, whitespace collapsed, at most about 300
 * bytes, "…" where cut. malloc'd.
 */
char	*intake_excerpt(const struct item *);

#endif
