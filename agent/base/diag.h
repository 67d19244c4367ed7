#ifndef SIGWATCH_DIAG_H
#define SIGWATCH_DIAG_H

#include <stddef.h>
#include <stdio.h>

/*
 * Diagnostics about analyst-written files (config, feeds, rules,
 * playbooks). Loaders record every problem and keep going (OpenSMTPD's
 * file->errors++, YARA's compiler->errors++); the caller prints them all
 * at the end as "path:line:col: error: message".
 */
enum diag_sev { DIAG_ERROR, DIAG_WARNING };

struct diag {
	enum diag_sev	 sev;
	char		*path;
	unsigned	 line, col;	/* 1-based; 0 = unknown */
	char		*msg;
};

struct diags {
	struct diag	*v;
	size_t		 n, alloc;
	size_t		 errors, warnings;
};

#define DIAGS_INIT { NULL, 0, 0, 0, 0 }

void	diag_add(struct diags *, enum diag_sev, const char *path,
	    unsigned line, unsigned col, const char *fmt, ...)
	    __attribute__((format(printf, 6, 7)));
/* print every diagnostic, in the order recorded, one per line */
void	diag_print(const struct diags *, FILE *);
void	diags_release(struct diags *);
/* read_file() (util.h) whose failure is an error diagnostic of path: 0/-1 */
int	diag_read_file(char **out, size_t *len, const char *path, size_t max,
	    struct diags *);

/*
 * The candidate closest to word by edit distance, or NULL when none is
 * close enough to be a plausible typo. candidates ends with NULL.
 */
const char *diag_suggest(const char *word, const char *const *candidates);

#endif
