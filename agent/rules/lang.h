#ifndef SIGWATCH_LANG_H
#define SIGWATCH_LANG_H

#include <stddef.h>

/*
 * Item languages: declared tags normalised, and detection with
 * libexttextcat (the only module that includes it).
 *
 * Rules are written in English; an item whose language is not one the
 * rule is for is recorded but not matched (match.h). An item's language
 * is its declared one (item.h `lang`: the item's own, else its feed's),
 * else the one libexttextcat detects in its title and text, provided they
 * hold at least LANG_MIN_LETTERS letters and LANG_MIN_WORDS words: shorter
 * items (title-only news items) and junk ("aaaa!") are assumed to be in
 * the configured languages.
 */

/* detection needs this many letters (code points that are letters, in
 * the sample); fewer and the language is unknown */
#define LANG_MIN_LETTERS	80
/* ...and this many words: runs of two or more ASCII letters, and every
 * character of a script written without spaces (CJK, kana) */
#define LANG_MIN_WORDS		12
/* bytes of title + text the detector reads */
#define LANG_SAMPLE_MAX		1024
#define LANG_MAX_CANDIDATES	5

/*
 * The primary subtag of a language tag ("en-US", "EN_gb", " de " -> "en",
 * "en", "de"), malloc'd, or NULL when tag is NULL or not a language tag
 * (2 or 3 letters, optionally followed by '-' or '_' and more).
 */
char	*lang_normalize(const char *tag);
/* a code config and rules may name: 2 or 3 lowercase ASCII letters */
int	lang_code_valid(const char *);
/* same primary subtag, ignoring case ("en-US" and "en") */
int	lang_same(const char *a, const char *b);

struct lang_guess {
	/* the detected candidates, best first ("en", "de"...); libexttextcat
	 * lists several when their scores are within 3% of the best */
	char		 cand[LANG_MAX_CANDIDATES][8];
	size_t		 n;		/* 0: unknown */
	size_t		 letters;	/* letters in the sample */
	size_t		 words;		/* words in the sample */
	const char	*why;		/* "detected", "too short", "not
					 * recognised", "no language data" */
};

/*
 * Detect the language of title + text (either may be NULL). Deterministic.
 * The language data (libexttextcat's fingerprints) is loaded on first use;
 * when it cannot be, a warning is logged once and every item is unknown.
 */
void	lang_detect(struct lang_guess *, const char *title, const char *text);

#endif
