#ifndef SIGWATCH_CONFIG_H
#define SIGWATCH_CONFIG_H

#include <stddef.h>
#include <stdint.h>

#include "diag.h"

/*
 * sigwatch.yaml (DESIGN.md section 3) and feeds/*.yaml (section 4) as
 * typed structs, loaded with libyaml through ytree. Every problem is
 * recorded in diags; config_load() returns -1 when any error was recorded.
 * Relative paths in sigwatch.yaml are relative to the file's directory.
 */
enum source_kind {
	KIND_FEED, KIND_HTML, KIND_PAGE, KIND_GREENHOUSE, KIND_LEVER,
	KIND_ASHBY, KIND_WORKDAY
};

enum notifier_type { NOTIFY_SLACK, NOTIFY_WEBHOOK, NOTIFY_STDOUT };

struct source {
	char		 *id;
	enum source_kind  kind;
	char		 *url;		/* for job boards: the endpoint built
					 * from board, unless url: was given */
	char		 *board;	/* job boards, or NULL */
	char		 *competitor;	/* or NULL */
	char		**tags;		/* NULL-terminated, never NULL */
	int64_t		  every;	/* seconds */
	/* kind: html */
	char		 *items_xpath, *title_xpath, *link_xpath;
	char		 *date_xpath, *summary_xpath;
	/* kind: page */
	char		 *select_xpath;
	/* extra request headers "Name: value"; values may come from
	 * value_env/value_file and are secrets: never log them */
	char		**headers;	/* NULL-terminated, never NULL */
	char		 *path;		/* feeds file it came from */
	unsigned	  line, col;
};

struct notifier {
	char		  *name;
	enum notifier_type type;
	char		  *url_env, *url_file;	/* where the secret URL lives */
	char		  *secret_env, *secret_file; /* webhook HMAC key */
	int		   min_severity;	/* enum severity; default info */
	unsigned	   max_per_run;		/* 0 = default (20) */
};

struct config {
	char		*path;		/* the config file, or NULL for defaults */
	char		*dir;		/* its directory */
	char		*rules_dir, *feeds_dir, *state_dir;	/* resolved */
	struct {
		unsigned	 concurrency, per_host;
		int64_t		 timeout, connect_timeout;	/* seconds */
		uint64_t	 max_bytes;
		char		*user_agent;
		int		 allow_private_addresses;
		int64_t		 default_every;
	} fetch;
	struct {
		int		 first_run_alert;	/* first_run: alert */
		unsigned	 broken_after;
		char		**ops;		/* NULL-terminated; NULL = all */
		struct notifier	*notifiers;
		size_t		 nnotifiers;
	} alerts;
	struct {
		char		*remote;	/* or NULL */
		int64_t		 retain;	/* seconds */
	} state_git;
	char		*metrics_file;		/* or NULL */
	struct source	*sources;
	size_t		 nsources;
};

/* command-line overrides; NULL fields are not overridden */
struct config_overrides {
	const char	*state_dir, *rules_dir, *feeds_dir;
};

/*
 * Load path (or only defaults when path is NULL), apply overrides, then
 * load every feeds/*.yaml in the feeds directory (sorted by name).
 * Duplicate source ids across files are errors.
 */
int	config_load(struct config **out, const char *path,
	    const struct config_overrides *, struct diags *);
void	config_free(struct config *);
const struct source *config_source(const struct config *, const char *id);
const char *source_kind_name(enum source_kind);
/* 1 if the notifier named name exists */
const struct notifier *config_notifier(const struct config *,
	    const char *name);

/*
 * Load just one feeds file into cfg (used by config_load; exposed for
 * tests and import-opml round trips).
 */
int	config_load_feeds_file(struct config *, const char *path,
	    struct diags *);

#endif
