/*
 * make bench-match: rule matching at scale.
 *
 *	match_bench WORKDIR RESULTS.md [NITEMS]
 *
 * Generates, deterministically, 500 rules (words, alternations, \b, \s+,
 * |all and |near maps, `not` conditions, title-only and categories rules,
 * a few patterns with no literal at all) and NITEMS (30,000) items of
 * about 3 KB with planted matches and near misses; loads the rules with
 * rules_load; runs the prefiltered pass over every item and the naive
 * pass (match_set_prefilter(0)) over every item or, when that would take
 * too long, over every tenth item (extrapolated, and said so); checks that
 * both report identical hits (rule, selection, field, match, excerpt);
 * then runs pcre2grep with the same patterns on the same text as an
 * external anchor. Prints a Markdown table and writes it to RESULTS.md.
 */
#include <errno.h>
#include <fcntl.h>
#include <spawn.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "buf.h"
#include "diag.h"
#include "item.h"
#include "log.h"
#include "match.h"
#include "rules.h"
#include "rules_private.h"
#include "util.h"
#include "xmalloc.h"

extern char **environ;

#define NRULES		500
#define NITEMS		30000
#define TEXT_BYTES	3000
#define NTERMS		900
/* the naive pass runs on every item when it would take less than this */
#define NAIVE_FULL_MAX_S	40.0

static uint64_t rng = 0x2545f4914f6cdd1dULL;

static uint32_t
rnd(uint32_t n)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return (uint32_t)((rng >> 11) % n);
}

static const char *const filler[] = {
	"the", "of", "and", "to", "in", "a", "is", "that", "for", "it", "as",
	"was", "with", "be", "by", "on", "not", "he", "this", "are", "or",
	"his", "from", "at", "which", "but", "have", "an", "had", "they",
	"you", "were", "their", "one", "all", "we", "can", "her", "has",
	"there", "been", "if", "more", "when", "will", "would", "who", "so",
	"no", "she", "other", "its", "may", "these", "about", "them", "any",
	"than", "some", "time", "into", "only", "do", "could", "new", "our",
	"like", "over", "such", "also", "most", "after", "first", "well",
	"year", "work", "used", "made", "many", "before", "must", "through",
	"back", "years", "where", "much", "your", "way", "down", "should",
	"because", "each", "just", "those", "people", "how", "too", "little",
	"state", "good", "very", "make", "world", "still", "own", "see",
	"men", "long", "here", "between", "both", "life", "being", "under",
	"never", "day", "same", "another", "know", "while", "last", "might",
	"great", "old", "off", "come", "since", "against", "go", "came",
	"right", "three", "small", "however", "large", "often", "number",
	"part", "general", "find", "group", "become", "team", "customers",
	"product", "company", "market", "support", "update", "users", "data",
	"engineering", "quarter", "growth", "feature", "improved", "faster",
	"simple", "reliable", "open", "source", "today", "announced",
	"available", "teams", "deploy", "workflow", "integration", "secure",
	"remote", "office", "hybrid", "scale", "global", "performance",
};
#define NFILLER	(sizeof(filler) / sizeof(filler[0]))

/* common words that rules also use (and so appear without a hit) */
static const char *const common[] = {
	"network", "platform", "cloud", "security", "service", "access",
	"gateway", "agent", "edge", "identity", "device", "policy",
	"endpoint", "cluster", "storage", "pricing", "release", "partner",
	"mesh", "tunnel", "firewall", "proxy", "vpn", "zero", "trust",
	"login", "audit", "compliance", "routing", "overlay",
};
#define NCOMMON	(sizeof(common) / sizeof(common[0]))

static const char *const syl[] = {
	"zen", "tri", "vor", "qua", "lix", "mob", "dar", "kel", "sor", "pin",
	"tua", "rex", "nim", "bal", "cor", "fyn", "gal", "hox", "jur", "wex",
	"yel", "ost", "ume", "pry",
};
#define NSYL	(sizeof(syl) / sizeof(syl[0]))

/* a non-ASCII sprinkle, Kelvin sign and long s among it */
static const char *const uni[] = {
	"caf\xc3\xa9", "na\xc3\xafve", "\xe2\x80\x9cquoted\xe2\x80\x9d",
	"\xe2\x80\x94", "r\xc3\xa9sum\xc3\xa9", "10\xe2\x80\xaf\xe2\x84\xaa",
	"Stra\xc3\x9f" "e", "\xc5\xbf" "ome",
};
#define NUNI	(sizeof(uni) / sizeof(uni[0]))

static char *terms[NTERMS];

struct grule {
	char	*yaml;
	char	*pats[8];	/* expanded patterns, for pcre2grep */
	size_t	 npats;
	char	*pos[2];	/* phrases that make it hit */
	char	*neg;		/* a near miss */
};

static struct grule grules[NRULES];

static char *
fmt(const char *f, ...) __attribute__((format(printf, 1, 2)));

static char *
fmt(const char *f, ...)
{
	struct buf b = BUF_INIT;
	va_list ap;

	va_start(ap, f);
	buf_vaddf(&b, f, ap);
	va_end(ap);
	return buf_detach(&b, NULL);
}

static const char *
term(void)
{
	return terms[rnd(NTERMS)];
}

static const char *
comm(void)
{
	return common[rnd(NCOMMON)];
}

static void
addpat(struct grule *g, char *p)
{
	g->pats[g->npats++] = p;
}

/* a single-quoted YAML scalar */
static void
yq(struct buf *b, const char *s)
{
	buf_addch(b, '\'');
	for (; *s; s++) {
		if (*s == '\'')
			buf_addch(b, '\'');
		buf_addch(b, *s);
	}
	buf_addch(b, '\'');
}

static void
yqlist(struct buf *b, char **p, size_t n)
{
	buf_addch(b, '[');
	for (size_t i = 0; i < n; i++) {
		if (i)
			buf_addstr(b, ", ");
		yq(b, p[i]);
	}
	buf_addch(b, ']');
}

static void
gen_rule(size_t i, struct grule *g)
{
	struct buf b = BUF_INIT;
	const char *t1 = term(), *t2 = term(), *c1 = comm(), *c2 = comm();
	unsigned kind = (unsigned)(i % 12);

	while (c2 == c1)
		c2 = comm();
	while (t2 == t1)
		t2 = term();
	buf_addf(&b, "id: b-%03zu\ntitle: bench rule %zu\nseverity: %s\n", i,
	    i, i % 3 ? "medium" : "high");
	/* the last rules use patterns with no literal */
	if (i == NRULES - 1) {
		addpat(g, xstrdup("\\b[A-Z]{2,5}-\\d{3,5}\\b"));
		buf_addstr(&b, "detection:\n  sel: ");
		yqlist(&b, g->pats, 1);
		g->pos[0] = xstrdup("ticket ZX-1234 filed");
		g->neg = xstrdup("ticket ZX-12 filed");
		goto out;
	}
	if (i >= NRULES - 4) {
		addpat(g, fmt("\\b%s\\b", t1));
		addpat(g, xstrdup("\\b\\d{1,3}(?:\\.\\d)?\\s?%"));
		buf_addstr(&b, "detection:\n  kw: ");
		yqlist(&b, g->pats, 1);
		buf_addstr(&b, "\n  pct: ");
		yqlist(&b, g->pats + 1, 1);
		buf_addstr(&b, "\n  condition: kw and pct");
		g->pos[0] = fmt("%s grew 42%% this year", t1);
		g->neg = fmt("%s grew a lot", t1);
		goto out;
	}
	switch (kind) {
	case 0:
		addpat(g, fmt("\\b%s\\b", t1));
		addpat(g, fmt("\\b%s\\b", t2));
		addpat(g, fmt("\\b%s\\s+%s\\b", c1, c2));
		buf_addstr(&b, "detection:\n  sel: ");
		yqlist(&b, g->pats, 3);
		g->pos[0] = fmt("%s", t1);
		g->pos[1] = fmt("%s %s", c1, c2);
		g->neg = fmt("%sx", t2);
		break;
	case 1:
		addpat(g, fmt("\\b%s\\s+(?:%s|%s|platform)\\b", t1, c1, c2));
		buf_addstr(&b, "detection:\n  sel: ");
		yqlist(&b, g->pats, 1);
		g->pos[0] = fmt("%s %s", t1, c2);
		g->neg = fmt("%s the %s", t1, c1);
		break;
	case 2:
		addpat(g, fmt("\\b(?:%s|%s)\\s+(?:launch|announce|release)"
		    "(?:s|d|es)?\\b", t1, t2));
		buf_addstr(&b, "detection:\n  sel: ");
		yqlist(&b, g->pats, 1);
		g->pos[0] = fmt("%s announced", t2);
		g->neg = fmt("%s will launch", t1);
		break;
	case 3:
		addpat(g, fmt("\\b%s\\b", t1));
		addpat(g, fmt("\\b%s\\s+%s\\b", c1, c2));
		buf_addstr(&b, "detection:\n  sel:\n    text|all: ");
		yqlist(&b, g->pats, 2);
		g->pos[0] = fmt("%s %s", c1, c2);
		g->pos[1] = fmt("%s", t1);
		g->neg = fmt("%s", t1);
		break;
	case 4:
		addpat(g, xstrdup("\\bacquir(?:es|ed|ing)\\b"));
		addpat(g, fmt("\\b%s\\b", t1));
		buf_addstr(&b, "detection:\n  sel:\n    text|near=8: ");
		yqlist(&b, g->pats, 2);
		g->pos[0] = fmt("%s is acquiring", t1);
		g->neg = fmt("%s", t1);
		break;
	case 5:
		addpat(g, fmt("\\b%s\\b", t1));
		addpat(g, fmt("\\b%s\\s+(?:test|demo)\\b", t1));
		buf_addstr(&b, "detection:\n  sel: ");
		yqlist(&b, g->pats, 1);
		buf_addstr(&b, "\n  fp: ");
		yqlist(&b, g->pats + 1, 1);
		buf_addstr(&b, "\n  condition: sel and not fp");
		g->pos[0] = fmt("%s", t1);
		g->neg = fmt("%s demo", t1);
		break;
	case 6:
		addpat(g, fmt("%s[- ]?%s", t1, t2));
		buf_addstr(&b, "detection:\n  sel: ");
		yqlist(&b, g->pats, 1);
		g->pos[0] = fmt("%s-%s", t1, t2);
		g->neg = fmt("%s and %s", t1, t2);
		break;
	case 7:
		addpat(g, fmt("\\b%s\\b", t1));
		buf_addstr(&b, "fields: [title]\ndetection:\n  sel: ");
		yqlist(&b, g->pats, 1);
		g->pos[0] = fmt("%s", t1);	/* hits in titles only */
		g->neg = fmt("%s", t2);
		break;
	case 8:
		addpat(g, fmt("\\b%s\\s+%s\\s+%s\\b", c1, c2, t1));
		buf_addstr(&b, "detection:\n  sel: ");
		yqlist(&b, g->pats, 1);
		g->pos[0] = fmt("%s %s %s", c1, c2, t1);
		g->neg = fmt("%s %s", c1, t1);
		break;
	case 9:
		addpat(g, fmt("\\b%s(?:ing|ed|s)?\\b", t1));
		buf_addstr(&b, "fields: [title, categories]\ndetection:\n"
		    "  sel: ");
		yqlist(&b, g->pats, 1);
		g->pos[0] = fmt("%ss", t1);
		g->neg = fmt("%sx", t1);
		break;
	case 10:
		addpat(g, fmt("\\b%s\\b", c1));
		addpat(g, fmt("\\b%s\\b", t1));
		addpat(g, fmt("\\b%s\\b", t2));
		buf_addstr(&b, "detection:\n  m:\n    title: ");
		yqlist(&b, g->pats, 1);
		buf_addstr(&b, "\n    text: ");
		yqlist(&b, g->pats + 1, 2);
		g->pos[0] = fmt("%s", t2);
		g->neg = fmt("%s", c1);
		break;
	default:
		addpat(g, fmt("(?:%s|%s)\\s+(?:%s|%s)", t1, t2, c1, c2));
		addpat(g, fmt("\\b%s\\b", t2));
		buf_addstr(&b, "detection:\n  a: ");
		yqlist(&b, g->pats, 1);
		buf_addstr(&b, "\n  b: ");
		yqlist(&b, g->pats + 1, 1);
		buf_addstr(&b, "\n  condition: a or b");
		g->pos[0] = fmt("%s %s", t1, c1);
		g->neg = fmt("%s", t1);
		break;
	}
out:
	buf_addch(&b, '\n');
	g->yaml = buf_detach(&b, NULL);
}

static void
add_words(struct buf *b, size_t target)
{
	size_t start = b->len;
	int cap = 1;

	while (b->len - start < target) {
		unsigned r = rnd(1000);
		const char *w;

		if (r < 30)
			w = comm();
		else if (r < 33)
			w = uni[rnd(NUNI)];
		else if (r < 36)
			w = term();	/* a product named in passing */
		else
			w = filler[rnd(NFILLER)];
		if (cap) {
			buf_addch(b, (char)(w[0] >= 'a' && w[0] <= 'z' ?
			    w[0] - 32 : w[0]));
			buf_addstr(b, w + 1);
		} else
			buf_addstr(b, w);
		cap = 0;
		r = rnd(100);
		if (r < 7) {
			buf_addstr(b, ". ");
			cap = 1;
		} else if (r < 9)
			buf_addstr(b, ", ");
		else if (r < 10) {
			buf_addstr(b, ".\n\n");
			cap = 1;
		} else
			buf_addch(b, ' ');
	}
}

static void
plant(struct buf *b, const char *phrase)
{
	buf_addch(b, ' ');
	buf_addstr(b, phrase);
	buf_addstr(b, " ");
}

static void
gen_item(size_t k, struct item *it)
{
	struct buf t = BUF_INIT, x = BUF_INIT;
	unsigned nplant, nneg;

	memset(it, 0, sizeof(*it));
	it->id = fmt("item-%zu", k);
	it->link = fmt("https://example.com/post/%zu", k);
	it->published = it->updated = TIME_NONE;
	add_words(&t, 40 + rnd(40));
	nplant = rnd(100) < 35 ? 1 + rnd(2) : 0;
	nneg = rnd(100) < 60 ? 1 + rnd(3) : 0;
	for (unsigned p = 0; p < nplant; p++) {
		const struct grule *g = &grules[rnd(NRULES)];

		/* a quarter of the planted hits go into the title */
		plant(rnd(4) == 0 ? &t : &x, g->pos[0]);
		if (g->pos[1])
			plant(&x, g->pos[1]);
		add_words(&x, 200 + rnd(400));
	}
	for (unsigned p = 0; p < nneg; p++) {
		plant(&x, grules[rnd(NRULES)].neg);
		add_words(&x, 200 + rnd(400));
	}
	if (x.len < TEXT_BYTES)
		add_words(&x, TEXT_BYTES - 300 + rnd(600) - x.len);
	it->title = buf_detach(&t, NULL);
	it->text = buf_detach(&x, NULL);
	for (unsigned c = rnd(3); c > 0; c--)
		item_add_category(it, rnd(4) ? filler[rnd(NFILLER)] :
		    grules[rnd(NRULES)].pos[0]);
}

/*
 * CPU seconds of this process: the passes are single-threaded, and a busy
 * machine (a CI run next to builds) would skew wall-clock time.
 */
static double
now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static double
wall_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

struct digest {
	uint64_t	h;
	size_t		n;
};

static void
mix(uint64_t *h, const void *p, size_t n)
{
	const unsigned char *s = p;
	size_t i = 0;

	for (; i + 8 <= n; i += 8) {
		uint64_t w;

		memcpy(&w, s + i, 8);
		*h = (*h ^ w) * 0x9e3779b97f4a7c15ULL;
		*h ^= *h >> 29;
	}
	for (; i < n; i++)
		*h = (*h ^ s[i]) * 0x100000001b3ULL;
	*h = (*h ^ n) * 0x100000001b3ULL;
}

static void
on_hit(const struct match_hit *h, void *payload)
{
	struct digest *d = payload;

	mix(&d->h, h->rule->id, strlen(h->rule->id));
	mix(&d->h, h->selection, strlen(h->selection));
	mix(&d->h, h->field, strlen(h->field));
	mix(&d->h, h->match, h->matchlen);
	mix(&d->h, h->excerpt, strlen(h->excerpt));
	mix(&d->h, &h->hl_off, sizeof(h->hl_off));
	mix(&d->h, &h->hl_len, sizeof(h->hl_len));
	d->n++;
}

static int
write_file(const char *path, const char *data, size_t len)
{
	FILE *fp = fopen(path, "w");

	if (fp == NULL || fwrite(data, 1, len, fp) != len) {
		fprintf(stderr, "match_bench: %s: %s\n", path, strerror(errno));
		if (fp)
			fclose(fp);
		return -1;
	}
	return fclose(fp);
}

/* pcre2grep -c over the corpus; seconds, or -1 when it cannot run */
static double
run_pcre2grep(const char *dir, const char *pats, const char *corpus,
    long *count, char *ver, size_t versz)
{
	char *outp = fmt("%s/pcre2grep.out", dir);
	char *argv[] = { "pcre2grep", "-i", "-u", "-c", "-f", (char *)pats,
	    (char *)corpus, NULL };
	char *vargv[] = { "pcre2grep", "-V", NULL };
	posix_spawn_file_actions_t fa;
	pid_t pid;
	int st, rc;
	double t;
	struct rusage ru;
	FILE *fp;

	*count = -1;
	snprintf(ver, versz, "pcre2grep");
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_addopen(&fa, 1, outp, O_WRONLY | O_CREAT |
	    O_TRUNC, 0644);
	if (posix_spawnp(&pid, "pcre2grep", &fa, NULL, vargv, environ) == 0 &&
	    waitpid(pid, &st, 0) == pid && (fp = fopen(outp, "r")) != NULL) {
		if (fgets(ver, (int)versz, fp) != NULL)
			ver[strcspn(ver, "\n")] = '\0';
		fclose(fp);
	}
	rc = posix_spawnp(&pid, "pcre2grep", &fa, NULL, argv, environ);
	posix_spawn_file_actions_destroy(&fa);
	if (rc != 0) {
		free(outp);
		return -1;
	}
	if (wait4(pid, &st, 0, &ru) != pid) {
		free(outp);
		return -1;
	}
	/* its CPU time, like ours */
	t = (double)ru.ru_utime.tv_sec + (double)ru.ru_utime.tv_usec / 1e6 +
	    (double)ru.ru_stime.tv_sec + (double)ru.ru_stime.tv_usec / 1e6;
	/* exit 1 is "no line matched" */
	if (!WIFEXITED(st) || WEXITSTATUS(st) > 1) {
		free(outp);
		return -1;
	}
	if ((fp = fopen(outp, "r")) != NULL) {
		if (fscanf(fp, "%ld", count) != 1)
			*count = -1;
		fclose(fp);
	}
	free(outp);
	return t;
}

int
main(int argc, char **argv)
{
	struct buf yaml = BUF_INIT, pats = BUF_INIT, corpus = BUF_INIT;
	struct buf table = BUF_INIT;
	struct diags d = DIAGS_INIT;
	struct ruleset *rs = NULL;
	struct item *items;
	struct digest *pre, *nai;
	size_t nitems = NITEMS, bytes = 0, sbytes = 0, nsample = 0, step = 1;
	size_t hits = 0, hit_items = 0, diffs = 0, npats = 0, always = 0;
	size_t repeat = 1;
	double t0, tpre, tnai, tgrep, tsample;
	long grep_count;
	char ver[128], *path;
	const char *dir, *results;

	if (argc < 3) {
		fprintf(stderr, "usage: match_bench workdir results.md "
		    "[nitems]\n");
		return 2;
	}
	dir = argv[1];
	results = argv[2];
	if (argc > 3)
		nitems = (size_t)strtoul(argv[3], NULL, 10);
	if (nitems == 0)
		nitems = 1;
	log_init(LOG_LVL_WARN);
	mkdir(dir, 0755);
	path = fmt("%s/rules", dir);
	mkdir(path, 0755);
	free(path);

	/* the workload */
	for (size_t i = 0; i < NTERMS; i++) {
		size_t a = i % NSYL, b = (i / NSYL) % NSYL, c = i / (NSYL * NSYL);

		terms[i] = fmt("%s%s%s", syl[a], syl[(b + a + 1) % NSYL],
		    i >= NSYL * NSYL / 2 ? syl[(c + b) % NSYL] : "");
	}
	for (size_t i = 0; i < NRULES; i++) {
		gen_rule(i, &grules[i]);
		if (i)
			buf_addstr(&yaml, "---\n");
		buf_addstr(&yaml, grules[i].yaml);
		for (size_t k = 0; k < grules[i].npats; k++) {
			buf_addf(&pats, "%s\n", grules[i].pats[k]);
			npats++;
		}
	}
	path = fmt("%s/rules/bench.yaml", dir);
	if (write_file(path, yaml.data, yaml.len) < 0)
		return 1;
	free(path);
	path = fmt("%s/patterns.txt", dir);
	if (write_file(path, pats.data, pats.len) < 0)
		return 1;
	free(path);
	items = xcalloc(nitems, sizeof(*items));
	for (size_t k = 0; k < nitems; k++) {
		gen_item(k, &items[k]);
		bytes += strlen(items[k].title) + strlen(items[k].text);
		for (size_t c = 0; c < items[k].ncategories; c++)
			bytes += strlen(items[k].categories[c]);
		/* one line per item for pcre2grep */
		for (const char *p = items[k].title; *p; p++)
			buf_addch(&corpus, *p == '\n' ? ' ' : *p);
		buf_addch(&corpus, ' ');
		for (const char *p = items[k].text; *p; p++)
			buf_addch(&corpus, *p == '\n' ? ' ' : *p);
		buf_addch(&corpus, '\n');
	}
	path = fmt("%s/corpus.txt", dir);
	if (write_file(path, corpus.data, corpus.len) < 0)
		return 1;
	free(path);

	path = fmt("%s/rules", dir);
	t0 = wall_s();
	if (rules_load(&rs, path, &d) < 0) {
		diag_print(&d, stderr);
		return 1;
	}
	printf("loaded %zu rules (%zu patterns, %zu literals in the "
	    "automaton) in %.2f s\n", rs->n, npats, rs->priv && rs->priv->pf ?
	    pf_nlits(rs->priv->pf) : 0, wall_s() - t0);
	for (size_t i = 0; i < rs->n; i++)
		always += rs->priv && rs->priv->always[i];
	free(path);

	pre = xcalloc(nitems, sizeof(*pre));
	nai = xcalloc(nitems, sizeof(*nai));
	/* prefiltered: every item (MATCH_BENCH_REPEAT times, for
	 * profiling) */
	match_set_prefilter(1);
	if (getenv("MATCH_BENCH_REPEAT"))
		repeat = strtoul(getenv("MATCH_BENCH_REPEAT"), NULL, 10);
	if (repeat == 0)
		repeat = 1;
	t0 = now_s();
	for (size_t r = 0; r < repeat; r++)
		for (size_t k = 0; k < nitems; k++) {
			struct match_ctx ctx = { "bench", NULL, NULL, NULL,
			    NULL };

			pre[k].h = 0xcbf29ce484222325ULL;
			pre[k].n = 0;
			match_item(rs, &items[k], &ctx, on_hit, &pre[k]);
		}
	tpre = (now_s() - t0) / (double)repeat;
	for (size_t k = 0; k < nitems; k++) {
		hits += pre[k].n;
		hit_items += pre[k].n > 0;
	}

	/* naive: a timed sample decides between all items and 1 in 10 */
	match_set_prefilter(0);
	{
		size_t probe = nitems < 200 ? nitems : 200;
		double tp;

		t0 = now_s();
		for (size_t k = 0; k < probe; k++) {
			struct match_ctx ctx = { "bench", NULL, NULL, NULL,
			    NULL };

			nai[k].h = 0xcbf29ce484222325ULL;
			nai[k].n = 0;
			match_item(rs, &items[k], &ctx, on_hit, &nai[k]);
		}
		tp = (now_s() - t0) / (double)probe * (double)nitems;
		if (tp > NAIVE_FULL_MAX_S)
			step = 10;
		/* for profiling the prefiltered pass alone */
		if (getenv("MATCH_BENCH_NAIVE_STEP"))
			step = strtoul(getenv("MATCH_BENCH_NAIVE_STEP"), NULL,
			    10);
		if (step == 0)
			step = 1;
	}
	t0 = now_s();
	for (size_t k = 0; k < nitems; k += step) {
		struct match_ctx ctx = { "bench", NULL, NULL, NULL, NULL };

		nai[k].h = 0xcbf29ce484222325ULL;
		nai[k].n = 0;
		match_item(rs, &items[k], &ctx, on_hit, &nai[k]);
		nsample++;
		sbytes += strlen(items[k].title) + strlen(items[k].text);
		for (size_t c = 0; c < items[k].ncategories; c++)
			sbytes += strlen(items[k].categories[c]);
		if (nai[k].h != pre[k].h || nai[k].n != pre[k].n) {
			if (diffs < 5)
				fprintf(stderr, "DIFF item %zu: prefiltered %zu "
				    "hits, naive %zu\n", k, pre[k].n,
				    nai[k].n);
			diffs++;
		}
	}
	tsample = now_s() - t0;
	tnai = tsample / (double)sbytes * (double)bytes;
	match_set_prefilter(1);

	/* the external anchor */
	{
		char *pp = fmt("%s/patterns.txt", dir);
		char *cp = fmt("%s/corpus.txt", dir);

		tgrep = run_pcre2grep(dir, pp, cp, &grep_count, ver,
		    sizeof(ver));
		free(pp);
		free(cp);
	}

	buf_addf(&table, "# make bench-match\n\n"
	    "%zu rules (%zu patterns; %zu rules always evaluated: patterns "
	    "with no literal), %zu items, %.1f MB of item text (title, text, "
	    "categories). %zu hits on %zu items.\n\n",
	    rs->n, npats, always, nitems, (double)bytes / 1e6, hits,
	    hit_items);
	buf_addstr(&table, "Times are CPU seconds (user + system) of "
	    "each pass, single-threaded.\n\n");
	buf_addstr(&table, "| pass | items | CPU s | items/s | MB/s |\n"
	    "|---|---:|---:|---:|---:|\n");
	buf_addf(&table, "| sigwatch, prefiltered | %zu | %.2f | %.0f | "
	    "%.1f |\n", nitems, tpre, (double)nitems / tpre,
	    (double)bytes / 1e6 / tpre);
	if (step > 1)
		buf_addf(&table, "| sigwatch, naive (1 item in %zu: %zu "
		    "items in %.2f s, extrapolated) | %zu | %.2f | %.0f | "
		    "%.1f |\n", step, nsample, tsample, nitems, tnai,
		    (double)nitems / tnai, (double)bytes / 1e6 / tnai);
	else
		buf_addf(&table, "| sigwatch, naive | %zu | %.2f | %.0f | "
		    "%.1f |\n", nitems, tnai, (double)nitems / tnai,
		    (double)bytes / 1e6 / tnai);
	if (tgrep >= 0)
		buf_addf(&table, "| %s `-i -u -c -f` (JIT; any pattern per "
		    "item line; %ld lines matched) | %zu | %.2f | %.0f | "
		    "%.1f |\n", ver, grep_count, nitems, tgrep,
		    (double)nitems / tgrep, (double)corpus.len / 1e6 / tgrep);
	else
		buf_addstr(&table, "| pcre2grep | - | not run (not "
		    "installed?) | - | - |\n");
	buf_addf(&table, "\nPrefiltered vs naive: %.1fx faster. Hits "
	    "identical on the %zu items compared: %s.\n", tnai / tpre,
	    nsample, diffs == 0 ? "yes" : "NO");
	fputs(table.data, stdout);
	if (write_file(results, table.data, table.len) < 0)
		return 1;

	for (size_t k = 0; k < nitems; k++)
		item_release(&items[k]);
	free(items);
	free(pre);
	free(nai);
	rules_free(rs);
	diags_release(&d);
	buf_release(&yaml);
	buf_release(&pats);
	buf_release(&corpus);
	buf_release(&table);
	return diffs ? 1 : 0;
}
