/*
 * Matching: a fixed small ruleset (|near, %{alias}, |all, map selections,
 * not, N of, and two patterns known for catastrophic backtracking) is
 * compiled once; the input is the item (first line the title, the rest
 * the text, at most 64 KiB, invalid UTF-8 allowed: PCRE2 runs with
 * MATCH_INVALID_UTF). Every hit is well-formed: its match lies inside the
 * field, its excerpt is valid UTF-8 and holds the highlight. Bounded time
 * per input (the replay driver fails an input over its limit).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "fuzz.h"
#include "item.h"
#include "log.h"
#include "match.h"
#include "rules.h"
#include "util.h"

static struct ruleset *rs;

static const char rules_yaml[] =
"id: near-acquire\n"
"title: Zscaler acquires a mesh company\n"
"detection:\n"
"  deal:\n"
"    text|near=12: ['zscaler', '\\bacquir\\w*', 'zerotier|twingate']\n"
"  condition: deal\n"
"---\n"
"id: alias-alumni\n"
"title: Former Tailscale engineers\n"
"fields: [title, text, author]\n"
"detection:\n"
"  alumni:\n"
"    - '\\b(?:%{tailscale-alumni})\\b'\n"
"---\n"
"id: mesh-not-marketing\n"
"title: Mesh networking\n"
"detection:\n"
"  both:\n"
"    text|all: ['\\bmesh\\b', '\\bnetwork\\w*']\n"
"  headline:\n"
"    title: ['\\bmesh\\b', 'caf\xc3\xa9']\n"
"  marketing:\n"
"    - 'network of \\d+ cities'\n"
"  condition: (both or headline) and not marketing\n"
"---\n"
"id: two-of\n"
"title: Two of three\n"
"detection:\n"
"  s1: ['vpn']\n"
"  s2: ['(?-i)SASE']\n"
"  s3: ['\\bztna\\b']\n"
"  condition: 2 of s*\n"
"---\n"
"id: backtrack\n"
"title: Catastrophic patterns stay bounded\n"
"detection:\n"
"  bad:\n"
"    - '(a+)+$'\n"
"    - '(?:(a)|(b))*c'\n"
"    - '.*(?:.*=.*)x'\n";

static const char aliases_yaml[] =
"tailscale-alumni: ['ex-tailscale', 'former(ly)?\\s+(at\\s+)?tailscale']\n";

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	struct diags d = DIAGS_INIT;
	struct rules_compiler *c;

	log_init(LOG_LVL_QUIET);
	c = rules_compiler_new(&d);
	(void)rules_add_buf(c, RULES_PART_ALIASES, "rules/aliases.yaml",
	    aliases_yaml, sizeof(aliases_yaml) - 1);
	(void)rules_add_buf(c, RULES_PART_RULES, "rules/fuzz.yaml",
	    rules_yaml, sizeof(rules_yaml) - 1);
	if (rules_compile(&rs, c) < 0) {
		diag_print(&d, stderr);
		abort();
	}
	rules_compiler_free(c);
	FUZZ_CHECK(rs->n == 5);
	diags_release(&d);
	return 0;
}

struct seen {
	const struct item	*it;
	int			 valid;
	size_t			 n;
};

static const char *
field_of(const struct item *it, const char *f)
{
	if (strcmp(f, "title") == 0)
		return it->title;
	if (strcmp(f, "text") == 0)
		return it->text;
	if (strcmp(f, "link") == 0)
		return it->link;
	if (strcmp(f, "author") == 0)
		return it->author;
	return NULL;
}

static void
on_hit(const struct match_hit *h, void *payload)
{
	struct seen *s = payload;
	const char *f;

	s->n++;
	FUZZ_CHECK(h->rule != NULL && h->selection != NULL);
	FUZZ_CHECK(h->field != NULL);
	FUZZ_CHECK(h->excerpt != NULL);
	FUZZ_CHECK(h->hl_off + h->hl_len <= strlen(h->excerpt));
	if (s->valid)
		FUZZ_CHECK(fuzz_utf8_str(h->excerpt));
	f = field_of(s->it, h->field);
	if (f != NULL && h->matchlen > 0) {
		size_t fl = strlen(f);

		/* rules see the field with its URLs blanked: a copy of the
		 * same length when it holds one */
		if (strstr(f, "://") == NULL)
			FUZZ_CHECK(h->match >= f && h->match + h->matchlen <=
			    f + fl);
		else
			FUZZ_CHECK(h->matchlen <= fl);
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const tags[] = { "blog", NULL };
	struct match_ctx ctx = { "fuzz-source", "zscaler", tags, NULL, NULL };
	struct item it;
	struct seen s;
	const uint8_t *nl;
	size_t tl, n;

	if (size > 64 * 1024)
		size = 64 * 1024;
	nl = memchr(data, '\n', size);
	tl = nl ? (size_t)(nl - data) : (size < 200 ? size : 200);
	memset(&it, 0, sizeof(it));
	it.id = (char *)"fuzz-item";
	it.title = fuzz_strndup(data, tl);
	it.text = fuzz_strndup(data + tl, size - tl);
	it.link = (char *)"https://fuzz.example/post";
	it.author = it.title;
	it.published = it.updated = TIME_NONE;
	s.it = &it;
	s.valid = fuzz_utf8_str(it.title) && fuzz_utf8_str(it.text);
	s.n = 0;
	n = match_item(rs, &it, &ctx, on_hit, &s);
	FUZZ_CHECK(n == s.n && n <= rs->n);
	free(it.title);
	free(it.text);
	return 0;
}
