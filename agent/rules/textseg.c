#include "textseg.h"

#include <ctype.h>
#include <string.h>
#include <strings.h>

int
textseg_abbrev(const char *s, size_t start, size_t dot)
{
	static const char *const abbr[] = {
		"inc", "corp", "ltd", "co", "mr", "mrs", "ms", "dr", "st",
		"jr", "sr", "vs", "no", "calif", "jan", "feb", "mar", "apr",
		"jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "u.s",
		"e.g", "i.e", "approx", "est", "ft", "mt", "gov", "sen", "rep",
		"fig", "al", "etc", NULL
	};
	size_t n;

	/* the word the dot ends: back to white space or an opening mark */
	while (start < dot && strchr("(\"'[", s[start]))
		start++;
	n = dot - start;
	if (n == 1 && isalpha((unsigned char)s[start]))
		return 1;		/* an initial */
	for (size_t i = 0; abbr[i]; i++)
		if (strlen(abbr[i]) == n && strncasecmp(abbr[i], s + start,
		    n) == 0)
			return 1;
	return 0;
}

int
textseg_ends_at(const char *s, size_t len, size_t i)
{
	size_t j, w;

	if (i >= len)
		return 0;
	if (s[i] == '\n' || s[i] == ';')
		return 1;
	if (s[i] != '.' && s[i] != '!' && s[i] != '?')
		return 0;
	if (i + 1 < len && !isspace((unsigned char)s[i + 1]))
		return 0;
	for (j = i + 1; j < len && isspace((unsigned char)s[j]) &&
	    s[j] != '\n'; j++)
		;
	if (j < len && islower((unsigned char)s[j]))
		return 0;
	if (s[i] == '.') {
		for (w = i; w > 0 && !isspace((unsigned char)s[w - 1]); w--)
			;
		if (textseg_abbrev(s, w, i))
			return 0;
	}
	return 1;
}
