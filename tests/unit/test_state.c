#define _XOPEN_SOURCE 700

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "err.h"
#include "gitstore.h"
#include "state.h"
#include "t.h"
#include "t_helpers.h"
#include "t_state.h"

/* sources/<id>.json: loaded once per run, written only when it changes */

static void
test_state__source_saved_only_when_changed(void)
{
	struct state *s = t_state_open("state");
	struct source_state ss, back;
	struct err e = ERR_INIT;
	char *text;

	memset(&ss, 0, sizeof(ss));
	ss.url = strdup("https://example.org/feed");
	ss.etag = strdup("\"e1\"");
	ss.items = 3;
	T_EQ_INT(state_source_save(s, "src", &ss, &e), 0);
	source_state_release(&ss);
	text = t_read_file(t_path("sources/src.json"), NULL);
	T_CONTAINS(text, "\"etag\": \"\\\"e1\\\"\"");
	free(text);

	T_EQ_INT(state_source_load(s, "src", &back), 0);
	T_EQ_INT(back.exists, 1);
	T_EQ_STR(back.etag, "\"e1\"");
	T_EQ_INT(back.items, 3);
	/* the file changes behind the loaded copy: saving what was loaded
	 * neither reads nor writes it */
	T_EQ_INT(t_write_file(t_path("sources/src.json"), "{}\n"), 0);
	T_EQ_INT(state_source_save(s, "src", &back, &e), 0);
	text = t_read_file(t_path("sources/src.json"), NULL);
	T_EQ_STR(text, "{}\n");
	free(text);
	/* a change is written */
	free(back.etag);
	back.etag = strdup("\"e2\"");
	T_EQ_INT(state_source_save(s, "src", &back, &e), 0);
	text = t_read_file(t_path("sources/src.json"), NULL);
	T_CONTAINS(text, "\"etag\": \"\\\"e2\\\"\"");
	T_CONTAINS(text, "\"items\": 3");
	free(text);
	source_state_release(&back);
	T_ASSERT(back.loaded == NULL);

	/* no file: nothing loaded, the first save writes */
	T_EQ_INT(state_source_load(s, "new", &back), 0);
	T_EQ_INT(back.exists, 0);
	T_ASSERT(back.loaded == NULL);
	T_EQ_INT(state_source_save(s, "new", &back, &e), 0);
	text = t_read_file(t_path("sources/new.json"), NULL);
	T_CONTAINS(text, "\"id\": \"new\"");
	free(text);
	source_state_release(&back);
	state_close(s);
	t_rmtree(t_dir);
}

/* a read-only state refuses every write, whatever its caller checks */
static void
test_state__readonly_refuses_writes(void)
{
	struct state *s = t_state_open("state"), *ro = NULL;
	struct err e = ERR_INIT;
	char *line = (char *)"{}", *text;
	int committed = -1;

	T_EQ_INT(state_write(s, "a.json", "1\n", 2, &e), 0);
	T_EQ_INT(state_commit(s, "one", &committed, &e), 0);
	state_close(s);
	T_EQ_INT(state_open(&ro, t_dir, 1, &e), 0);
	T_EQ_INT(state_write(ro, "a.json", "2\n", 2, &e), ERR_POLICY);
	T_CONTAINS(e.msg, "a.json: the state is open read-only");
	T_EQ_INT(state_append_lines(ro, "hits/2026-01.jsonl", &line, 1, &e),
	    ERR_POLICY);
	T_EQ_INT(state_remove(ro, "a.json", &e), ERR_POLICY);
	T_EQ_INT(state_write_run(ro, "clean", "", 0, &e), ERR_POLICY);
	T_EQ_INT(state_commit(ro, "two", &committed, &e), 0);
	T_EQ_INT(committed, 0);
	state_close(ro);
	text = t_read_file(t_path("a.json"), NULL);
	T_EQ_STR(text, "1\n");
	free(text);
	T_ASSERT(t_read_file(t_path("hits/2026-01.jsonl"), NULL) == NULL);
	t_rmtree(t_dir);
}

T_MAIN(
	T_CASE(test_state__source_saved_only_when_changed),
	T_CASE(test_state__readonly_refuses_writes),
)
