#ifndef SIGWATCH_PLAYBOOK_H
#define SIGWATCH_PLAYBOOK_H

#include <stddef.h>
#include <stdint.h>

#include "diag.h"

/*
 * Playbooks (docs/formats.md section 5, sigwatch-feeds(5)) from rules/playbooks/NAME.yaml, one per
 * YAML document. Defaults: activate {distinct_signals: 1, within: 30d},
 * notify every notifier, no owners.
 */
struct pb_stage {
	char	 *name;
	char	**steps;	/* NULL-terminated */
};

struct playbook {
	char		 *id;
	char		 *title;
	char		 *competitor;	/* or NULL */
	char		 *threat;	/* or NULL */
	char		**signals;	/* rule ids, NULL-terminated */
	unsigned	  distinct_signals;
	int64_t		  within;	/* seconds */
	char		**owners;	/* NULL-terminated, never NULL */
	char		**notify;	/* NULL-terminated; NULL = every notifier */
	struct pb_stage	 *stages;
	size_t		  nstages;
	char		**dont;		/* NULL-terminated, never NULL */
	char		 *path;
	unsigned	  line, col;
	/* positions of each signals[] entry, for "unknown rule" diagnostics */
	unsigned	 *signal_lines, *signal_cols;
	/* positions of each notify[] entry (NULL when notify is NULL) */
	unsigned	 *notify_lines, *notify_cols;
};

struct playbooks {
	struct playbook	*v;
	size_t		 n;
};

/* load every *.yaml under dir (sorted); -1 when an error was recorded */
int	playbooks_load(struct playbooks *out, const char *dir, struct diags *);
void	playbooks_release(struct playbooks *);
const struct playbook *playbooks_find(const struct playbooks *,
	    const char *id);

/*
 * Owners: a plain name ("@pmm", "Jane Doe") is shown as text; a Slack user
 * id <@U...> (or <@W...>) or user-group id <!subteam^S...|@handle> (the
 * "|@handle" is optional) is a real mention. Ids are [A-Z0-9], 2 to 20
 * after the letter; handles [A-Za-z0-9@._-], 1 to 80. Anything else with
 * '<' or '>' in it is OWNER_BAD (a typo that would ping nobody).
 */
enum owner_kind { OWNER_PLAIN, OWNER_USER, OWNER_GROUP, OWNER_BAD };
enum owner_kind playbook_owner_kind(const char *, size_t len);

/*
 * The severity of a playbook's activation, from its threat (case
 * ignored): existential or critical -> critical; high, direct peer,
 * enterprise incumbent, incumbent, major -> high; medium, moderate,
 * adjacent -> medium; low, minor, emerging -> low; info -> info; no
 * threat or any other label -> high. Returns an enum severity (rules.h).
 */
int	playbook_severity(const struct playbook *);

struct config;
/*
 * Record an error at every notify: entry naming no notifier of cfg;
 * -1 when any was recorded. (Unknown signals are the caller's to report,
 * at signal_lines/signal_cols, since rules are loaded elsewhere.)
 */
int	playbooks_check_notifiers(const struct playbooks *,
	    const struct config *, struct diags *);

#endif
