#ifndef SIGWATCH_REDACT_H
#define SIGWATCH_REDACT_H

#include <stddef.h>

#include "buf.h"

/*
 * One redaction for everything sigwatch writes or prints. Every secret is
 * registered when it is read (config.c's read_secret: webhook URLs, HMAC
 * keys, source header values; gitstore's credentials file), and every
 * text that leaves the process passes through redact_*(): log lines, the
 * files of the state directory (dead-letter reasons, .run/ bookkeeping,
 * commit messages) and `status`. A receiver that echoes its URL in a 404
 * page, a header or its status text cannot put the secret in the journal,
 * in outbox/dead/ or in the state's pushed history.
 *
 * Each occurrence of a secret becomes REDACT_MARK. Secrets shorter than
 * REDACT_MIN bytes are not registered (they would blank out ordinary
 * words). Longer secrets are replaced first, so a whole URL is one mark.
 * Single-threaded, like the program.
 */
#define REDACT_MARK	"[redacted]"
#define REDACT_MIN	8

/* register a secret (copied); empty, short and duplicate ones are ignored */
void	redact_add(const char *secret);
/*
 * Register a URL that is a secret as a whole: the URL as written and as
 * libcurl's URL API normalises it, its password, its path and query
 * (together and apart, also percent-decoded), and every path segment or
 * query value of 16 bytes or more (the token of a Slack webhook).
 */
void	redact_add_url(const char *url);
/* 1 when at least one secret is registered */
int	redact_active(void);
/* replace every secret in b; returns the number of replacements */
size_t	redact_buf(struct buf *b);
/* the same for a NUL-terminated string in a buffer of size bytes
 * (truncated to fit when a mark is longer than what it replaces) */
size_t	redact_str(char *s, size_t size);
/* forget every secret (tests) */
void	redact_reset(void);

#endif
