#include "lang.h"

#include <ctype.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <textcat.h>

#include "buf.h"
#include "log.h"
#include "util.h"
#include "xmalloc.h"

/* where Debian's libexttextcat-data puts the fingerprints (the Makefile
 * asks pkg-config) */
#ifndef SIGWATCH_TEXTCAT_DIR
#define SIGWATCH_TEXTCAT_DIR "/usr/share/libexttextcat/"
#endif

/* the fingerprints, loaded once (pthread_once) and only read after */
static void		*tc;
static pthread_once_t	 tc_once = PTHREAD_ONCE_INIT;

char *
lang_normalize(const char *tag)
{
	size_t i = 0, n;
	char *s;

	if (tag == NULL)
		return NULL;
	while (isspace((unsigned char)*tag))
		tag++;
	while (isalpha((unsigned char)tag[i]))
		i++;
	n = i;
	if (n < 2 || n > 3 || (tag[i] && tag[i] != '-' && tag[i] != '_' &&
	    !isspace((unsigned char)tag[i])))
		return NULL;
	s = xstrndup(tag, n);
	for (i = 0; i < n; i++)
		s[i] = (char)tolower((unsigned char)s[i]);
	return s;
}

int
lang_code_valid(const char *s)
{
	size_t n = 0;

	while (s[n] >= 'a' && s[n] <= 'z')
		n++;
	return s[n] == '\0' && n >= 2 && n <= 3;
}

int
lang_same(const char *a, const char *b)
{
	size_t i = 0;

	if (a == NULL || b == NULL)
		return 0;
	for (;; i++) {
		int ea = !isalpha((unsigned char)a[i]);
		int eb = !isalpha((unsigned char)b[i]);

		if (ea || eb)
			return ea && eb && i > 0;
		if (tolower((unsigned char)a[i]) !=
		    tolower((unsigned char)b[i]))
			return 0;
	}
}

static void
tc_load(void)
{
	tc = special_textcat_Init(SIGWATCH_TEXTCAT_DIR "fpdb.conf",
	    SIGWATCH_TEXTCAT_DIR);
	if (tc == NULL)
		log_warnx("language detection unavailable: cannot load %s "
		    "(install libexttextcat-data); items without a declared "
		    "language count as written in the configured languages",
		    SIGWATCH_TEXTCAT_DIR "fpdb.conf");
}

/* letters in s[0, n): ASCII letters, and every non-ASCII character (the
 * scripts rules care about are letters, accents and CJK alike) */
static size_t
count_letters(const char *s, size_t n)
{
	size_t k = 0;

	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c < 0x80 ? isalpha(c) : c >= 0xc0)
			k++;
	}
	return k;
}

/* words in s[0, n): runs of two or more ASCII letters, and each
 * character of the scripts written without spaces (three-byte UTF-8 from
 * U+3000: CJK, kana, hangul) */
static size_t
count_words(const char *s, size_t n)
{
	size_t k = 0, run = 0;

	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c < 0x80 && isalpha(c)) {
			run++;
			continue;
		}
		if (run >= 2)
			k++;
		run = 0;
		if (c >= 0xe3 && c <= 0xed)
			k++;
	}
	return k + (run >= 2);
}

void
lang_detect(struct lang_guess *g, const char *title, const char *text)
{
	struct buf b = BUF_INIT;
	candidate_t *tcout = NULL;
	size_t len;
	int k;

	memset(g, 0, sizeof(*g));
	if (title && *title) {
		buf_addstr(&b, title);
		buf_addstr(&b, ".\n");
	}
	if (text)
		buf_add(&b, text, strnlen(text, LANG_SAMPLE_MAX));
	len = utf8_trunc(b.data, b.len, LANG_SAMPLE_MAX);
	g->letters = count_letters(b.data, len);
	g->words = count_words(b.data, len);
	if (g->letters < LANG_MIN_LETTERS || g->words < LANG_MIN_WORDS) {
		g->why = "too short";
		goto out;
	}
	(void)pthread_once(&tc_once, tc_load);
	if (tc == NULL) {
		g->why = "no language data";
		goto out;
	}
	/* the candidates array is per call: the handle is shared */
	tcout = xalloc_check(textcat_GetClassifyFullOutput(tc));
	k = textcat_ClassifyFull(tc, b.data, len, tcout);
	if (k <= 0) {
		g->why = "not recognised";
		goto out;
	}
	for (int i = 0; i < k && g->n < LANG_MAX_CANDIDATES; i++) {
		/* "en--utf8", "zh-CN-utf8": the primary subtag */
		char *code = lang_normalize(tcout[i].name);

		if (code == NULL)
			continue;
		snprintf(g->cand[g->n++], sizeof(g->cand[0]), "%s", code);
		free(code);
	}
	g->why = g->n ? "detected" : "not recognised";
out:
	if (tcout)
		textcat_ReleaseClassifyFullOutput(tc, tcout);
	buf_release(&b);
}
