/*
 * maildir: new/ read oldest first into items, refused messages moved to
 * .rejected/new/ with a logged reason, taken ones moved to cur/NAME:2,S
 * only by maildir_commit(); budgets, dry runs, a Maildir that is not one.
 */
#define _XOPEN_SOURCE 700
#include "maildir.h"
#include "log.h"

#include <fcntl.h>
#include <unistd.h>

#include "t.h"
#include "t_helpers.h"

static char *from_ok[] = { (char *)"*@acme.example", NULL };
static const char *const comps[] = { "acme", NULL };

static int
exists(const char *rel)
{
	return access(t_path(rel), F_OK) == 0;
}

static void
msg(const char *name, const char *sender, const char *subject)
{
	char text[4096], rel[256];

	snprintf(text, sizeof(text), "From: X <%s>\nSubject: %s\n"
	    "Message-ID: <%s@test>\n\nbody of %s\n", sender, subject, name,
	    name);
	snprintf(rel, sizeof(rel), "md/new/%s", name);
	T_EQ_INT(t_write_file(t_path(rel), text), 0);
}

/* t_dir/md as a Maildir source; one of each kind of message */
static struct source
setup(void)
{
	struct source s;
	char big[3000];

	t_mkdtemp("maildir");
	T_EQ_INT(mkdir(t_path("md"), 0700), 0);
	T_EQ_INT(mkdir(t_path("md/new"), 0700), 0);
	T_EQ_INT(mkdir(t_path("md/cur"), 0700), 0);
	T_EQ_INT(mkdir(t_path("md/tmp"), 0700), 0);
	msg("1000.a.host", "alice@acme.example", "[Acme] launches mesh");
	msg("0999.z.host:2,", "bob@acme.example", "Older one");
	msg("1001.b\x1b.host", "mallory@evil.example", "Spam");
	memset(big, 'y', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	msg("1002.c.host", "carol@acme.example", big);
	T_EQ_INT(symlink("/etc/hostname", t_path("md/new/1003.d.host")), 0);
	T_EQ_INT(t_write_file(t_path("md/new/.hidden"), "not mail"), 0);
	memset(&s, 0, sizeof(s));
	s.id = (char *)"inbox";
	s.maildir = (char *)t_path("md");
	s.from = from_ok;
	s.message_max = 2000;
	s.run_max_messages = 100;
	s.run_max_bytes = 1 << 20;
	return s;
}

static void
test_maildir__scan_and_commit(void)
{
	struct source s = setup();
	struct maildir_opts o = { comps, 0, 0 };
	struct itemset items;
	struct maildir_batch *b = NULL;
	struct err e = ERR_INIT;
	char *log;

	memset(&items, 0, sizeof(items));
	unsetenv("JOURNAL_STREAM");
	log_init(LOG_LVL_INFO);
	t_stderr_begin("log");
	T_EQ_INT(maildir_scan(&b, &items, &s, &o, &e), 0);
	log = t_stderr_end("log");
	T_ASSERT(b != NULL);
	if (b == NULL)
		return;
	T_EQ_INT(maildir_taken(b), 2);
	T_EQ_INT(maildir_rejected(b), 3);
	T_EQ_INT(maildir_more(b), 0);
	T_EQ_STR(items.kind, "mail");
	T_EQ_INT(items.n, 2);
	if (items.n == 2) {
		/* oldest name first; a subject tag names the competitor */
		T_EQ_STR(items.items[0].title, "Older one");
		T_ASSERT(items.items[0].competitor == NULL);
		T_EQ_STR(items.items[1].title, "[Acme] launches mesh");
		T_EQ_STR(items.items[1].competitor, "acme");
	}
	T_EQ_STR(log, "sigwatch: source=inbox message 1001.b?.host rejected: "
	    "sender mallory@evil.example is not on the allow-list (from:)\n"
	    "sigwatch: source=inbox message 1002.c.host rejected: message "
	    "too large: 3090 bytes (message_max_bytes is 2000)\n"
	    "sigwatch: source=inbox message 1003.d.host rejected: cannot "
	    "open: a symbolic link\n");
	free(log);
	/* refused: moved at once; taken: still in new/ until the commit */
	T_ASSERT(exists("md/.rejected/new/1001.b\x1b.host"));
	T_ASSERT(exists("md/.rejected/new/1002.c.host"));
	T_ASSERT(exists("md/.rejected/new/1003.d.host"));
	T_ASSERT(exists("md/.rejected/cur") && exists("md/.rejected/tmp"));
	T_ASSERT(!exists("md/new/1002.c.host"));
	T_ASSERT(exists("md/new/1000.a.host") && exists("md/new/0999.z.host:2,"));
	T_EQ_INT(maildir_commit(b, &e), 0);
	T_ASSERT(exists("md/cur/1000.a.host:2,S"));
	T_ASSERT(exists("md/cur/0999.z.host:2,S"));
	T_ASSERT(!exists("md/new/1000.a.host") && !exists("md/new/0999.z.host:2,"));
	T_ASSERT(exists("md/new/.hidden"));
	/* a second commit finds them gone: nothing to do, no error */
	T_EQ_INT(maildir_commit(b, &e), 0);
	maildir_batch_free(b);
	itemset_release(&items);
	t_rmtree(t_dir);
}

/* dry run: the same reading, nothing moved; budgets leave the rest */
static void
test_maildir__dry_run_and_budget(void)
{
	struct source s = setup();
	struct maildir_opts o = { NULL, 0, 1 };
	struct itemset items;
	struct maildir_batch *b = NULL;
	struct err e = ERR_INIT;
	char *log;

	memset(&items, 0, sizeof(items));
	t_stderr_begin("log");
	T_EQ_INT(maildir_scan(&b, &items, &s, &o, &e), 0);
	log = t_stderr_end("log");
	T_EQ_INT(b ? maildir_taken(b) : 0, 2);
	T_EQ_INT(b ? maildir_rejected(b) : 0, 3);
	T_CONTAINS(log, "message 1002.c.host rejected (dry run: left in "
	    "new/): message too large");
	free(log);
	T_ASSERT(!exists("md/.rejected"));
	T_ASSERT(exists("md/new/1002.c.host"));
	T_ASSERT(items.n == 2 && items.items[1].competitor == NULL);
	maildir_batch_free(b);
	itemset_release(&items);

	/* at most one message examined: the oldest, the rest next run */
	memset(&items, 0, sizeof(items));
	o.max_messages = 1;
	t_stderr_begin("log");
	T_EQ_INT(maildir_scan(&b, &items, &s, &o, &e), 0);
	free(t_stderr_end("log"));
	T_EQ_INT(b ? maildir_taken(b) : 0, 1);
	T_EQ_INT(b ? maildir_more(b) : 0, 1);
	T_EQ_INT(items.n, 1);
	T_EQ_STR(items.n ? items.items[0].title : NULL, "Older one");
	maildir_batch_free(b);
	itemset_release(&items);

	/* the byte budget: spent by the first message read */
	memset(&items, 0, sizeof(items));
	o.max_messages = 0;
	s.run_max_bytes = 10;
	t_stderr_begin("log");
	T_EQ_INT(maildir_scan(&b, &items, &s, &o, &e), 0);
	free(t_stderr_end("log"));
	T_EQ_INT(b ? maildir_taken(b) : 0, 1);
	T_EQ_INT(b ? maildir_more(b) : 0, 1);
	maildir_batch_free(b);
	itemset_release(&items);
	t_rmtree(t_dir);
}

static void
test_maildir__not_a_maildir(void)
{
	struct source s = setup();
	struct maildir_opts o = { NULL, 0, 0 };
	struct itemset items;
	struct maildir_batch *b = (struct maildir_batch *)&o;
	struct err e = ERR_INIT;
	char want[600];

	memset(&items, 0, sizeof(items));
	T_EQ_INT(rmdir(t_path("md/cur")), 0);
	T_EQ_INT(maildir_scan(&b, &items, &s, &o, &e), ERR_IO);
	T_ASSERT(b == NULL);
	snprintf(want, sizeof(want), "not a Maildir: %s/cur is missing",
	    t_path("md"));
	T_EQ_STR(e.msg, want);
	s.maildir = (char *)t_path("nope");
	T_EQ_INT(maildir_scan(&b, &items, &s, &o, &e), ERR_IO);
	snprintf(want, sizeof(want), "cannot read Maildir %s: No such file "
	    "or directory", t_path("nope"));
	T_EQ_STR(e.msg, want);
	T_EQ_INT(items.n, 0);
	itemset_release(&items);
	t_rmtree(t_dir);
}

static void
test_maildir__sender_allowed(void)
{
	char *from[] = { (char *)"*@acme.example", (char *)"ceo@globex.example",
	    NULL };

	T_EQ_INT(maildir_sender_allowed(from, "a@acme.example"), 1);
	T_EQ_INT(maildir_sender_allowed(from, "ceo@globex.example"), 1);
	T_EQ_INT(maildir_sender_allowed(from, "cfo@globex.example"), 0);
	T_EQ_INT(maildir_sender_allowed(from, "a@acme.example.evil"), 0);
	T_EQ_INT(maildir_sender_allowed(NULL, "a@acme.example"), 0);
}

T_MAIN(T_CASE(test_maildir__scan_and_commit),
    T_CASE(test_maildir__dry_run_and_budget),
    T_CASE(test_maildir__not_a_maildir),
    T_CASE(test_maildir__sender_allowed))
