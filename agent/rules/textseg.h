#ifndef SIGWATCH_TEXTSEG_H
#define SIGWATCH_TEXTSEG_H

#include <stddef.h>

/*
 * Sentences, for the |sentence modifier (match.c) and an item's lead
 * (attrib.c). Pure, ASCII punctuation only.
 *
 * A sentence ends after '.', '!' or '?' followed by white space or the end
 * of the text, unless the '.' ends a common abbreviation ("Inc.",
 * "Calif.", "Oct.", "e.g.") or an initial ("J."), or the next word begins
 * in lower case; it also ends after ';' and at every line break (list
 * items and paragraphs of converted HTML are lines).
 */

/* does a sentence end right after s[i] (s[0, len))? */
int	textseg_ends_at(const char *s, size_t len, size_t i);
/* is s[start, dot) one of the abbreviations above, or an initial? */
int	textseg_abbrev(const char *s, size_t start, size_t dot);

#endif
