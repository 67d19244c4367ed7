#ifndef SIGWATCH_ALERT_H
#define SIGWATCH_ALERT_H

#include <stddef.h>
#include <stdint.h>

#include "config.h"
#include "hit.h"
#include "pbstate.h"
#include "playbook.h"
#include "triage.h"

/*
 * Building alerts as "sigwatch.alert/1" JSON (schema in notify.h). Each
 * returns a malloc'd compact JSON object and writes the alert id (16 hex,
 * stable for the same content) into id.
 */
#define ALERT_MAX_HITS 20

/*
 * New hits of one playbook (pb and st NULL for hits without playbook),
 * most severe first, then newest published first. cfg (or NULL) gives
 * each hit's "source_home", the source's page for people
 * (config_source_home()).
 */
char	*alert_signal(char id[17], const struct config *cfg,
	    const struct playbook *pb, const struct pbstate *st,
	    struct hit *const *hits, size_t n, int64_t now);
/*
 * The playbook turned active: the full plan, this run's new hits (which
 * no signal alert repeats) and, as "evidence", the other signals still in
 * the window. Its severity follows the threat (playbook_severity()).
 */
char	*alert_activation(char id[17], const struct config *cfg,
	    const struct playbook *pb, const struct pbstate *st,
	    struct hit *const *hits, size_t n, int64_t now);
/*
 * A false positive (t) took the playbook back to watching: kind
 * "playbook-deactivated", with the triaged hit and the verdict.
 */
char	*alert_deactivation(char id[17], const struct config *cfg,
	    const struct playbook *pb, const struct pbstate *st,
	    const struct hit *h, const struct triage *t, int64_t now);
/* kind: "source-broken" or "source-recovered" */
char	*alert_source(char id[17], const char *kind, const struct source *src,
	    unsigned failures, const char *error, int64_t now);

#endif
