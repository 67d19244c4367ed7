#ifndef SIGWATCH_CONFIG_H
#define SIGWATCH_CONFIG_H

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
 * sigwatch.yaml (DESIGN.md section 3) and feeds/NAME.yaml (section 4) as
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
		/* seconds; an item older than this when first seen is
		 * stale; 0: never */
		int64_t		 max_age;
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
	/* languages: the languages rules are written for (primary subtags,
	 * NULL-terminated); NULL: any. Default [en]. */
	char		**languages;
	struct source	*sources;
	size_t		 nsources;
};

/*
 * A config holding only the defaults of DESIGN.md section 3, with paths
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

/*
 * Every regular "*.yaml" file directly under dir (hidden files skipped),
 * as "dir/name" paths sorted by name; *out is NULL-terminated, free it
 * with config_headers_free(). ERR_NOTFOUND when dir does not exist.
 */
int	config_list_yaml(char ***out, size_t *n, const char *dir,
	    struct err *) __attribute__((warn_unused_result));

/*
 * 0 if url parses with libcurl's URL API, is http or https and has a
 * host; else ERR_POLICY ("unsupported URL scheme 'file'") or ERR_PARSE.
 * The message never contains the URL itself.
 */
int	config_url_check(const char *url, struct err *);

/*
 * The secrets of a notifier, read at send time (never at load time) from
 * its url_env/url_file and secret_env/secret_file; trailing whitespace is
 * trimmed. *out is malloc'd; the caller wipes and frees it. Messages name
 * the variable or file, never the value. config_notifier_url() fails for
 * stdout notifiers and checks the URL is http(s); config_notifier_secret()
 * sets *out to NULL and returns 0 when no secret is configured.
 */
int	config_notifier_url(const struct notifier *, char **out,
	    struct err *) __attribute__((warn_unused_result));
int	config_notifier_secret(const struct notifier *, char **out,
	    struct err *) __attribute__((warn_unused_result));

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
