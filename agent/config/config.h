#ifndef SIGWATCH_CONFIG_H
#define SIGWATCH_CONFIG_H

#include <limits.h>
#include <stddef.h>
#include <stdint.h>

#include "diag.h"
#include "err.h"

#ifndef SIGWATCH_VERSION
#define SIGWATCH_VERSION "0.1.0"
#endif
#define SIGWATCH_USER_AGENT \
	"sigwatch/0.1 (+https://github.com/sigwatch/sigwatch)"

/*
 * sigwatch.yaml and feeds/NAME.yaml (sigwatch-feeds(5), docs/formats.md) as
 * typed structs, loaded with libyaml through ytree. Every problem is
 * recorded in diags; config_load() returns -1 when any error was recorded.
 * Relative paths in sigwatch.yaml are relative to the file's directory.
 */
enum source_kind {
	KIND_FEED, KIND_HTML, KIND_PAGE, KIND_GREENHOUSE, KIND_LEVER,
	KIND_ASHBY, KIND_WORKDAY,
	KIND_MAILDIR,		/* local: a Maildir, read without HTTP */
	KIND_FIELD		/* built in: `sigwatch signal add` reports;
				 * never declared in a feeds file */
};

/* the built-in source of field reports (`sigwatch signal add`) */
#define FIELD_SOURCE_ID "field"

/* kind: maildir defaults (sigwatch-feeds(5)) */
#define MAILDIR_MESSAGE_MAX	(1024 * 1024)		/* one message */
#define MAILDIR_RUN_MESSAGES	500			/* per run */
#define MAILDIR_RUN_BYTES	(64 * 1024 * 1024)	/* per run */

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
	/* kind: maildir */
	char		 *maildir;	/* the Maildir (resolved path) */
	char		**from;		/* allow-list: lowercase globs on the
					 * sender's address; NULL-terminated */
	uint64_t	  message_max;	/* bytes of one message */
	unsigned	  run_max_messages;
	uint64_t	  run_max_bytes;
	unsigned	  min_items;	/* html: fewer items is an extraction
					 * failure; 0 = not set */
	/*
	 * Extra request headers. headers[i] is only the "Name: " prefix;
	 * the value lives in the environment variable header_refs[i].env or
	 * the file header_refs[i].file and is a secret, read at fetch time
	 * by config_source_headers(). Never log values.
	 */
	char		**headers;	/* NULL-terminated, never NULL */
	struct header_ref {
		char	*env, *file;	/* exactly one is set */
	}		 *header_refs;	/* parallel to headers */
	size_t		  nheaders;
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
	/* delivery bounds (deliver.h has the defaults used for 0) */
	int64_t		   timeout;		/* POST timeout, seconds */
	unsigned	   max_attempts;	/* failed attempts before
						 * dead-lettering */
	int64_t		   max_age;		/* seconds since queued */
};

/* fetch.parse_workers not set: one per CPU, at most 8 */
#define PARSE_WORKERS_AUTO	UINT_MAX

struct config {
	char		*path;		/* the config file, or NULL for defaults */
	char		*dir;		/* its directory */
	char		*rules_dir, *feeds_dir, *state_dir;	/* resolved */
	struct {
		unsigned	 concurrency, per_host;
		/* threads that parse fetched documents while the run
		 * fetches; 0: parse on the fetching thread */
		unsigned	 parse_workers;
		int64_t		 timeout, connect_timeout;	/* seconds */
		uint64_t	 max_bytes;
		/* one source's budget per run, over all its pages */
		uint64_t	 source_max_bytes;
		unsigned	 source_max_items;
		char		*user_agent;
		int		 allow_private_addresses;
		int64_t		 default_every;
		/* egress proxy, or NULL; its credentials are a secret,
		 * read when used (config_proxy_auth) */
		char		*proxy;
		char		*proxy_auth_env, *proxy_auth_file;
		char		**no_proxy;	/* NULL-terminated, or NULL */
	} fetch;
	struct {
		int		 first_run_alert;	/* first_run: alert */
		/* seconds; an item older than this when first seen is
		 * stale; 0: never */
		int64_t		 max_age;
		unsigned	 broken_after;
		char		**ops;		/* NULL-terminated; NULL = all */
		struct notifier	*notifiers;
		size_t		 nnotifiers;
		char		*report_url;	/* digests link it; or NULL */
	} alerts;
	struct {
		char		*remote;	/* or NULL */
		int64_t		 retain;	/* seconds */
		char		*branch;	/* HEAD must be on it; "main" */
	} state_git;
	char		*metrics_file;		/* or NULL */
	/* languages: the languages rules are written for (primary subtags,
	 * NULL-terminated); NULL: any. Default [en]. */
	char		**languages;
	struct source	*sources;
	size_t		 nsources;
};

/*
 * A config holding only the defaults of sigwatch-feeds(5), with paths
 * relative to the current directory and no sources. Free with
 * config_free().
 */
struct config *config_new(void);

/* command-line overrides; NULL fields are not overridden */
struct config_overrides {
	const char	*state_dir, *rules_dir, *feeds_dir;
};

/*
 * Load path (or only defaults when path is NULL), apply overrides, then
 * load every feeds/NAME.yaml in the feeds directory (sorted by name).
 * Duplicate source ids across files are errors.
 */
int	config_load(struct config **out, const char *path,
	    const struct config_overrides *, struct diags *);
/*
 * The same, but on errors *out is still set (free it with config_free())
 * whenever the configuration file itself could be read: its paths are
 * resolved, so the caller can go on to report problems in the rules in
 * the same pass. *out is NULL only when path could not be read.
 */
int	config_load_partial(struct config **out, const char *path,
	    const struct config_overrides *, struct diags *);
void	config_free(struct config *);
const struct source *config_source(const struct config *, const char *id);
/*
 * A short hash of what decides how a source is fetched and read (kind,
 * URL, board, XPaths, min_items, header names and where their values
 * come from; not competitor or tags): 16 hex digits and a NUL. When it
 * changes, the source's definition was edited.
 */
void	config_source_rev(const struct source *, char out[17]);
const char *source_kind_name(enum source_kind);
/* 1 for the job-board kinds (greenhouse, lever, ashby, workday) */
int	source_kind_board(enum source_kind);
/*
 * The page a person opens for a source, malloc'd (NULL when unknown): a
 * job board's public board page (boards.greenhouse.io/TOKEN,
 * jobs.lever.co/SITE, jobs.ashbyhq.com/BOARD, TENANT.wdN.myworkdayjobs.com/
 * SITE); an html or page source's URL; a feed's site root
 * (scheme://host/). Never user:password@.
 */
char	*config_source_home(const struct source *);
/* 1 if the notifier named name exists */
const struct notifier *config_notifier(const struct config *,
	    const char *name);

/*
 * Load just one feeds file into cfg (used by config_load; exposed for
 * tests and import-opml round trips).
 */
int	config_load_feeds_file(struct config *, const char *path,
	    struct diags *);
/* the same for the text of a feeds file (path names it in diagnostics;
 * sources keep it as their path) */
int	config_load_feeds_text(struct config *, const char *path,
	    const char *data, size_t len, struct diags *);

/*
 * Every regular "*.yaml" file directly under dir (hidden files skipped),
 * as "dir/name" paths sorted by name; *out is NULL-terminated, free it
 * with config_headers_free(). ERR_NOTFOUND when dir does not exist.
 */
int	config_list_yaml(char ***out, size_t *n, const char *dir,
	    struct err *) __attribute__((warn_unused_result));


/*
 * The secrets of a notifier, read at send time (never at load time) from
 * its url_env/url_file and secret_env/secret_file; trailing whitespace is
 * trimmed. *out is malloc'd; the caller wipes and frees it. Messages name
 * the variable or file, never the value. config_notifier_url() fails for
 * stdout notifiers and checks the URL is http(s); config_notifier_secret()
 * sets *out to NULL and returns 0 when no secret is configured.
 */
/*
 * Read every secret the configuration names (notifier URLs and keys,
 * source header values) only to register it with redact.h, so that
 * nothing this command writes or prints can quote one, even before it is
 * used (status reading an old dead letter). Secrets that cannot be read
 * are skipped silently: using them reports the problem.
 */
void	config_register_secrets(const struct config *);
int	config_notifier_url(const struct notifier *, char **out,
	    struct err *) __attribute__((warn_unused_result));
int	config_notifier_secret(const struct notifier *, char **out,
	    struct err *) __attribute__((warn_unused_result));

/*
 * The proxy's credentials, "user:password", read now from
 * fetch.proxy_auth_env or fetch.proxy_auth_file (trimmed like every
 * secret). *out is malloc'd; the caller wipes and frees it. Sets *out to
 * NULL and returns 0 when none are configured. Messages name the variable
 * or file, never the value.
 */
int	config_proxy_auth(const struct config *, char **out, struct err *)
	    __attribute__((warn_unused_result));

/*
 * The source's request headers as "Name: value" strings, values read now
 * from their environment variables or files. *out is NULL-terminated and
 * owned by the caller: release it with config_headers_free(), which wipes
 * the values.
 */
int	config_source_headers(const struct source *, char ***out,
	    struct err *) __attribute__((warn_unused_result));
void	config_headers_free(char **);

#endif
