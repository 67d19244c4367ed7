#ifndef SIGWATCH_RULES_H
#define SIGWATCH_RULES_H

#include <stddef.h>
#include <stdint.h>

#include "diag.h"

/*
 * Signal rules (sigwatch-rules(5)): rules/NAME.yaml (one rule per YAML
 * document), rules/aliases.yaml (%{name} lists) and rules/silences.yaml.
 * rules/competitors.yaml is the competitors directory (attrib.h).
 * rules/playbooks/ is not read here (see playbook.h).
 *
 * rules_load() records every problem in diags (gcc-style file:line:col,
 * regex errors at the exact character PCRE2 reports) and keeps going; it
 * returns -1 if any error was recorded, and then *out is NULL. It runs
 * every rule's tests: examples; a failing example is an error at the
 * example's position. Warnings (patterns that can match the empty string,
 * nested quantifiers, expired silences) do not fail the load.
 */
enum severity {
	SEV_INFO = 0, SEV_LOW, SEV_MEDIUM, SEV_HIGH, SEV_CRITICAL
};

struct rule {
	char		 *id;
	char		 *title;
	char		 *description;	/* or NULL */
	enum severity	  severity;
	char		 *playbook;	/* or NULL */
	char		**competitors;	/* NULL-terminated; NULL = all */
	char		**sources;	/* ids or tags; NULL = all */
	char		**fields;	/* NULL-terminated; default title, text */
	char		**languages;	/* languages: the rule is for, or NULL:
					 * the configured ones (match.h) */
	int		  languages_any;	/* languages: any */
	char		**falsepositives;
	char		 *rev;		/* 12 hex chars: hash of the definition */
	char		 *path;		/* file the rule came from */
	unsigned	  line;
	/* compiled detection: private to rules.c/match.c */
	struct detection *det;
};

struct ruleset {
	struct rule	*rules;
	size_t		 n;
	struct silence	*silences;	/* private */
	size_t		 nsilences;
	/* private: rules/competitors.yaml (attrib.h), or NULL when the
	 * rules directory has none */
	struct compdir	*competitors;
	/* private: prefilter, aliases... */
	struct rules_private *priv;
};

int	rules_load(struct ruleset **out, const char *dir, struct diags *);
void	rules_free(struct ruleset *);
const struct rule *rules_find(const struct ruleset *, const char *id);
const char *severity_name(enum severity);
/* "high" -> SEV_HIGH; -1 if unknown */
int	severity_parse(const char *);

/*
 * Does the competitors directory know id? 1 yes, 0 no, -1 there is no
 * directory (rules/competitors.yaml absent).
 */
int	rules_competitor_known(const struct ruleset *, const char *id);

/*
 * Is a hit of rule on (source, link) silenced at time now? Returns the
 * silence's reason (borrowed) or NULL.
 */
const char *rules_silenced(const struct ruleset *, const char *rule,
	    const char *source, const char *link, int64_t now);

#endif
