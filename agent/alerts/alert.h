#ifndef SIGWATCH_ALERT_H
#define SIGWATCH_ALERT_H

#include <stddef.h>
#include <stdint.h>

#include "config.h"
#include "hit.h"
#include "pbstate.h"
#include "playbook.h"

/*
 * Building alerts as "sigwatch.alert/1" JSON (schema in notify.h). Each
 * returns a malloc'd compact JSON object and writes the alert id (16 hex,
 * stable for the same content) into id.
 */
#define ALERT_MAX_HITS 20

/* new hits of one playbook (pb and st NULL for hits without playbook) */
char	*alert_signal(char id[17], const struct playbook *pb,
	    const struct pbstate *st, struct hit *const *hits, size_t n,
	    int64_t now);
/* the playbook turned active: full plan plus the evidence (st's signals) */
char	*alert_activation(char id[17], const struct playbook *pb,
	    const struct pbstate *st, int64_t now);
/* kind: "source-broken" or "source-recovered" */
char	*alert_source(char id[17], const char *kind, const struct source *src,
	    unsigned failures, const char *error, int64_t now);
/* the highest severity name of an alert's hits, from its JSON */
const char *alert_severity(const char *alert_json);
/* index of the stage that applies t seconds after activation (names like
 * "Week 1", "Month 1", "Months 2-3" give the offsets), or 0 */
size_t	alert_stage_at(const struct playbook *, int64_t elapsed);

#endif
