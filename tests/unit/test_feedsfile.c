#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "config.h"
#include "diag.h"
#include "feedsfile.h"
#include "t.h"

/* data with the entry {id: n, kind: feed, url: u} added, or NULL */
static char *
add(const char *data, const char *competitor, struct err *err)
{
	struct feeds_spot sp;
	struct feeds_entry e;
	struct buf text = BUF_INIT, out = BUF_INIT;

	if (feeds_spot(&sp, data, strlen(data), err) < 0)
		return NULL;
	memset(&e, 0, sizeof(e));
	e.id = "n";
	e.kind = "feed";
	e.url = "https://x.example/\"q\"\\";
	e.competitor = competitor;
	feeds_entry_text(&text, &sp, &e);
	feeds_insert(&out, data, strlen(data), &sp, text.data, text.len);
	feeds_spot_release(&sp);
	buf_release(&text);
	return buf_detach(&out, NULL);
}

/* the result loads as a feeds file with n sources */
static size_t
loads(const char *text)
{
	struct config *cfg = config_new();
	struct diags d = DIAGS_INIT;
	size_t n = 0;

	if (config_load_feeds_text(cfg, "t.yaml", text, strlen(text), &d) ==
	    0)
		n = cfg->nsources;
	else
		diag_print(&d, stderr);
	diags_release(&d);
	config_free(cfg);
	return n;
}

static void
test_feedsfile__appends_after_the_last_item(void)
{
	struct err err = ERR_INIT;
	char *r = add("competitor: a\nsources:\n  - id: o\n    kind: feed\n"
	    "    url: https://o.example/  # old\n\n# later\ntags: [x]\n", NULL,
	    &err);

	T_EQ_STR(r, "competitor: a\nsources:\n  - id: o\n    kind: feed\n"
	    "    url: https://o.example/  # old\n  - id: n\n    kind: feed\n"
	    "    url: \"https://x.example/\\\"q\\\"\\\\\"\n\n# later\n"
	    "tags: [x]\n");
	T_EQ_INT(loads(r), 2);
	free(r);
}

static void
test_feedsfile__column_zero_flow_items_no_newline(void)
{
	struct err err = ERR_INIT;
	char *r = add("sources:\n- {id: o, kind: feed, url: \"https://o/\"}",
	    "b", &err);

	T_EQ_STR(r, "sources:\n- {id: o, kind: feed, url: \"https://o/\"}\n"
	    "- id: n\n  kind: feed\n  url: \"https://x.example/\\\"q\\\"\\\\\"\n"
	    "  competitor: \"b\"\n");
	T_EQ_INT(loads(r), 2);
	free(r);
}

static void
test_feedsfile__empty_sources_missing_key_empty_file(void)
{
	struct err err = ERR_INIT;
	char *r = add("competitor: a\nsources:   # none yet\n", NULL, &err);

	T_CONTAINS(r, "sources:   # none yet\n  - id: n\n");
	T_EQ_INT(loads(r), 1);
	free(r);
	r = add("competitor: a", NULL, &err);
	T_EQ_STR(r, "competitor: a\nsources:\n  - id: n\n    kind: feed\n"
	    "    url: \"https://x.example/\\\"q\\\"\\\\\"\n");
	T_EQ_INT(loads(r), 1);
	free(r);
	r = add("# only a comment\n", NULL, &err);
	T_EQ_INT(loads(r), 1);
	free(r);
}

static void
test_feedsfile__block_scalar_last(void)
{
	struct err err = ERR_INIT;
	char *r = add("sources:\n  - id: o\n    kind: page\n    url: "
	    "https://o/\n    select: >-\n      //main\n", NULL, &err);

	T_CONTAINS(r, "      //main\n  - id: n\n");
	T_EQ_INT(loads(r), 2);
	free(r);
}

static void
test_feedsfile__refuses_what_cannot_take_lines(void)
{
	static const char *const bad[] = {
		"sources: []\n", "sources: [ {id: o} ]\n", "{sources: []}\n",
		"- a\n", "sources: 3\n", "sources: {a: b}\n",
		"a: 1\n---\nb: 2\n", "sources:\n  - [unclosed\n", NULL
	};

	for (size_t i = 0; bad[i]; i++) {
		struct err err = ERR_INIT;
		char *r = add(bad[i], NULL, &err);

		T_ASSERT(r == NULL);
		T_ASSERT(err.code == ERR_SCHEMA || err.code == ERR_PARSE);
		free(r);
	}
}

static void
test_feedsfile__file_competitor_read(void)
{
	struct feeds_spot sp;
	struct err err = ERR_INIT;
	const char *t = "competitor: \"Acme Inc\"\nsources:\n";

	T_EQ_INT(feeds_spot(&sp, t, strlen(t), &err), 0);
	T_EQ_STR(sp.competitor, "Acme Inc");
	feeds_spot_release(&sp);
}

T_MAIN(T_CASE(test_feedsfile__appends_after_the_last_item),
    T_CASE(test_feedsfile__column_zero_flow_items_no_newline),
    T_CASE(test_feedsfile__empty_sources_missing_key_empty_file),
    T_CASE(test_feedsfile__block_scalar_last),
    T_CASE(test_feedsfile__refuses_what_cannot_take_lines),
    T_CASE(test_feedsfile__file_competitor_read))
