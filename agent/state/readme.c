#include "readme.h"

#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "fsutil.h"
#include "util.h"

static const char readme[] =
"# sigwatch state\n"
"\n"
"This directory is sigwatch's state: a git repository of its own, written\n"
"by `sigwatch run` and committed once per run that changed something. Its\n"
"history is the record of every item, hit and alert. Read it with\n"
"`sigwatch hits`, `sigwatch status` and `sigwatch log`; back it up with\n"
"`sigwatch backup FILE` or `state_git.remote` (see sigwatch(1)).\n"
"\n"
"| path | what it holds |\n"
"|---|---|\n"
"| `sources/<source-id>.json` | per source: URL, HTTP validators (ETag, "
"Last-Modified), consecutive failures, last error, item count |\n"
"| `items/<source-id>/<YYYY-MM>.jsonl` | every item first seen in that "
"month, one JSON object per line (what `sigwatch backtest` replays) |\n"
"| `seen/<source-id>.txt` | the seen-item index: a hash of each item id "
"with the month it was last present |\n"
"| `pages/<source-id>.txt` | `kind: page`: the text seen last time |\n"
"| `hits/<YYYY-MM>.jsonl` | one line per rule hit |\n"
"| `playbooks/<id>.json` | playbook state, the signals seen with their "
"dates |\n"
"| `outbox/<alert-id>.json` | alerts not yet delivered; `outbox/dead/` "
"holds those a notifier refused |\n"
"| `.run/` | volatile bookkeeping and the run lock; not committed |\n"
"\n"
"Do not edit these files while a run may be in progress. sigwatch only\n"
"ever changes the paths above; other files here are left alone. Webhook\n"
"URLs and other secrets are never written here.\n";

int
state_readme_init(const char *dir, int *ours, struct err *err)
{
	struct buf path = BUF_INIT;
	struct err ignore = ERR_INIT;
	char *old = NULL;
	size_t len = 0;
	int rc = 0;

	*ours = 0;
	buf_addf(&path, "%s/README.md", dir);
	if (!fs_exists(path.data)) {
		rc = fs_write_atomic(path.data, readme, strlen(readme), err);
		*ours = rc == 0;
	} else if (read_file(&old, &len, path.data, 1u << 20, &ignore) == 0)
		*ours = len == strlen(readme) && memcmp(old, readme, len) == 0;
	free(old);
	buf_release(&path);
	return rc;
}
