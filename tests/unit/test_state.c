#define _XOPEN_SOURCE 700

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "err.h"
#include "gitstore.h"
#include "state.h"
#include "t.h"
#include "t_helpers.h"

/* sources/<id>.json: loaded once per run, written only when it changes */

static struct state *
open_state(void)
{
	struct state *s = NULL;
	struct err e = ERR_INIT;

	gitstore_global_init();
	t_mkdtemp("state");
	if (state_open(&s, t_dir, 0, &e) < 0) {
		fprintf(stderr, "state_open: %s\n", e.msg);
		exit(2);
	}
	return s;
}

static void
test_state__source_saved_only_when_changed(void)
{
	struct state *s = open_state();
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

T_MAIN(
	T_CASE(test_state__source_saved_only_when_changed),
)
