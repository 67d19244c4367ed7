/*
 * Analyst-edited configuration: the input as one feeds file
 * (config_load_feeds_file() into a default config) and as a whole
 * sigwatch.yaml (config_load(), with an empty feeds directory). Either a
 * loaded config whose sources are well-formed (id, http(s) URL that
 * url_check() accepts) or error diagnostics; never a crash.
 */
#include <sys/stat.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "url.h"
#include "diag.h"
#include "fuzz.h"
#include "log.h"

static char feeds_path[300], conf_path[300], feeds_dir[300];

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	log_init(LOG_LVL_QUIET);
	snprintf(feeds_dir, sizeof(feeds_dir), "%s/feeds", fuzz_tmpdir());
	if (mkdir(feeds_dir, 0700) == -1) {
		perror(feeds_dir);
		abort();
	}
	snprintf(feeds_path, sizeof(feeds_path), "%s/fuzz-feeds.yaml",
	    fuzz_tmpdir());
	snprintf(conf_path, sizeof(conf_path), "%s/sigwatch.yaml",
	    fuzz_tmpdir());
	return 0;
}

static void
check_sources(const struct config *cfg)
{
	for (size_t i = 0; i < cfg->nsources; i++) {
		const struct source *s = &cfg->sources[i];
		struct err err = ERR_INIT;

		FUZZ_CHECK(s->id != NULL && s->id[0] != '\0');
		FUZZ_CHECK(strspn(s->id, "abcdefghijklmnopqrstuvwxyz"
		    "0123456789-") == strlen(s->id));
		FUZZ_CHECK(s->tags != NULL && s->headers != NULL);
		FUZZ_CHECK(s->url != NULL);
		FUZZ_CHECK(url_check(s->url, &err) == 0);
		FUZZ_CHECK(config_source(cfg, s->id) == s);
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct config *cfg;
	struct config_overrides ov = { NULL, NULL, NULL };
	struct diags d = DIAGS_INIT;

	if (size > 128 * 1024)
		return 0;
	fuzz_write_file(feeds_path, data, size);
	cfg = config_new();
	FUZZ_CHECK(cfg != NULL);
	if (config_load_feeds_file(cfg, feeds_path, &d) == 0) {
		FUZZ_CHECK(d.errors == 0);
		check_sources(cfg);
	} else
		FUZZ_CHECK(d.errors > 0);
	config_free(cfg);
	diags_release(&d);

	fuzz_write_file(conf_path, data, size);
	ov.feeds_dir = feeds_dir;
	ov.rules_dir = feeds_dir;
	ov.state_dir = feeds_dir;
	cfg = NULL;
	if (config_load(&cfg, conf_path, &ov, &d) == 0) {
		FUZZ_CHECK(cfg != NULL && d.errors == 0);
		FUZZ_CHECK(cfg->fetch.max_bytes > 0);
		check_sources(cfg);
		config_free(cfg);
	} else
		FUZZ_CHECK(d.errors > 0);
	diags_release(&d);
	return 0;
}
