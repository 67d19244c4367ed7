#include "maildir.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "buf.h"
#include "fsutil.h"
#include "log.h"
#include "mail.h"
#include "util.h"
#include "xmalloc.h"

/* names listed from new/ in one run, at most (the rest: next run) */
#define MAILDIR_MAX_LIST	100000

struct maildir_batch {
	char		*new_dir, *cur_dir;
	const char	*source_id;	/* borrowed from the config */
	char		**taken;	/* names in new/ whose items were read */
	size_t		 ntaken, nrejected;
	int		 more;
};

int
maildir_sender_allowed(char *const *from, const char *addr)
{
	for (size_t i = 0; from && from[i]; i++)
		if (glob_match(from[i], addr))
			return 1;
	return 0;
}

int
maildir_more(const struct maildir_batch *b)
{
	return b->more;
}

size_t
maildir_taken(const struct maildir_batch *b)
{
	return b->ntaken;
}

size_t
maildir_rejected(const struct maildir_batch *b)
{
	return b->nrejected;
}

void
maildir_batch_free(struct maildir_batch *b)
{
	if (b == NULL)
		return;
	free(b->new_dir);
	free(b->cur_dir);
	for (size_t i = 0; i < b->ntaken; i++)
		free(b->taken[i]);
	free(b->taken);
	free(b);
}

/* a file name for the log: printable ASCII, short */
static void
safe_name(char out[80], const char *s)
{
	size_t n = 0;

	for (; *s && n < 72; s++)
		out[n++] = isprint((unsigned char)*s) ? *s : '?';
	out[n] = '\0';
}

static char *
dir_path(const char *maildir, const char *sub)
{
	struct buf b = BUF_INIT;

	buf_addf(&b, "%s/%s", maildir, sub);
	return buf_detach(&b, NULL);
}

static int
is_dir(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

/* the Maildir++ folder rejected messages go to: .rejected/{new,cur,tmp} */
static char *
rejected_dir(const char *maildir, struct err *err)
{
	static const char *const sub[] = { "", "/new", "/cur", "/tmp" };
	struct buf p = BUF_INIT;

	for (size_t i = 0; i < 4; i++) {
		buf_reset(&p);
		buf_addf(&p, "%s/.rejected%s", maildir, sub[i]);
		if (mkdir(p.data, 0700) < 0 && errno != EEXIST) {
			err_set(err, ERR_IO, "cannot create %s: %s", p.data,
			    strerror(errno));
			buf_release(&p);
			return NULL;
		}
	}
	buf_reset(&p);
	buf_addf(&p, "%s/.rejected/new", maildir);
	return buf_detach(&p, NULL);
}

/* move new/NAME to .rejected/new/NAME and say why */
static void
reject(struct maildir_batch *b, const struct source *src, const char *name,
    int dry_run, const char *why)
{
	struct err err = ERR_INIT;
	struct buf from = BUF_INIT, to = BUF_INIT;
	char safe[80], *dir;

	b->nrejected++;
	safe_name(safe, name);
	log_warnx("source=%s message %s rejected%s: %s", src->id, safe,
	    dry_run ? " (dry run: left in new/)" : "", why);
	if (dry_run)
		return;
	if ((dir = rejected_dir(src->maildir, &err)) == NULL) {
		log_errorx("source=%s %s", src->id, err.msg);
		return;
	}
	buf_addf(&from, "%s/%s", b->new_dir, name);
	buf_addf(&to, "%s/%s", dir, name);
	if (rename(from.data, to.data) < 0 && errno != ENOENT)
		log_errorx("source=%s cannot move %s to %s: %s", src->id, safe,
		    dir, strerror(errno));
	free(dir);
	buf_release(&from);
	buf_release(&to);
}

/*
 * Read one message without following links or blocking on a FIFO. At
 * most max bytes: a larger file is refused from its size, unread (a
 * sparse 1 GB file costs one fstat). 1 when refused (why set), -1 when it
 * vanished, 0 with the bytes in *out.
 */
static int
read_message(struct buf *out, int dirfd, const char *name, uint64_t max,
    char why[160])
{
	struct stat st;
	char chunk[65536];
	ssize_t n;
	int fd;

	fd = openat(dirfd, name, O_RDONLY | O_NOFOLLOW | O_NONBLOCK |
	    O_CLOEXEC | O_NOCTTY);
	if (fd < 0) {
		if (errno == ENOENT)
			return -1;
		snprintf(why, 160, "cannot open: %s", errno == ELOOP ?
		    "a symbolic link" : strerror(errno));
		return 1;
	}
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) {
		snprintf(why, 160, "not a regular file");
		close(fd);
		return 1;
	}
	if ((uint64_t)st.st_size > max) {
		snprintf(why, 160, "message too large: %lld bytes "
		    "(message_max_bytes is %llu)", (long long)st.st_size,
		    (unsigned long long)max);
		close(fd);
		return 1;
	}
	while ((n = read(fd, chunk, sizeof(chunk))) > 0) {
		buf_add(out, chunk, (size_t)n);
		if (out->len > max) {	/* it grew while we read */
			snprintf(why, 160, "message too large: more than %llu "
			    "bytes (message_max_bytes)",
			    (unsigned long long)max);
			close(fd);
			return 1;
		}
	}
	if (n < 0) {
		snprintf(why, 160, "cannot read: %s", strerror(errno));
		close(fd);
		return 1;
	}
	close(fd);
	return 0;
}

/* a subject tag "[name]" naming a known competitor, or NULL */
static const char *
subject_tag(const char *title, const char *const *competitors)
{
	for (const char *p = title; competitors && (p = strchr(p, '[')); p++) {
		const char *end = strchr(p + 1, ']');
		size_t n;

		if (end == NULL)
			return NULL;
		n = (size_t)(end - p - 1);
		for (size_t i = 0; competitors[i]; i++)
			if (strlen(competitors[i]) == n &&
			    strncasecmp(competitors[i], p + 1, n) == 0)
				return competitors[i];
	}
	return NULL;
}

static int
cmp_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* the names in new/, sorted (Maildir names start with the delivery time) */
static int
list_new(char ***out, size_t *n, int *more, DIR *dp)
{
	struct dirent *de;
	char **v = NULL;
	size_t alloc = 0;

	*n = 0;
	while ((de = readdir(dp)) != NULL) {
		if (de->d_name[0] == '.')
			continue;
		if (*n >= MAILDIR_MAX_LIST) {
			*more = 1;
			break;
		}
		if (*n == alloc) {
			alloc = alloc ? alloc * 2 : 64;
			v = xreallocarray(v, alloc, sizeof(*v));
		}
		v[(*n)++] = xstrdup(de->d_name);
	}
	if (*n > 1)
		qsort(v, *n, sizeof(*v), cmp_name);
	*out = v;
	return 0;
}

/* parse one message read from new/; 0 taken (item pushed), 1 refused */
static int
take(struct itemset *items, const struct source *src, const char *data,
    size_t len, const struct maildir_opts *o, char why[160])
{
	struct err err = ERR_INIT;
	struct mail m;
	const char *tag;
	struct item *it;

	if (mail_parse(&m, data, len, &err) < 0) {
		snprintf(why, 160, "%.150s", err.msg);
		return 1;
	}
	if (m.sender == NULL) {
		snprintf(why, 160, "no single From address");
		mail_release(&m);
		return 1;
	}
	if (!maildir_sender_allowed(src->from, m.sender)) {
		snprintf(why, 160, "sender %.100s is not on the allow-list "
		    "(from:)", m.sender);
		mail_release(&m);
		return 1;
	}
	if ((tag = subject_tag(m.item.title, o->competitors)) != NULL)
		m.item.competitor = xstrdup(tag);
	it = itemset_push(items);
	*it = m.item;
	memset(&m.item, 0, sizeof(m.item));	/* now owned by items */
	mail_release(&m);
	return 0;
}

/* new/ and cur/ exist and, unless only reading, can be written */
static int
check_maildir(struct maildir_batch *b, const struct source *src,
    int dry_run, struct err *err)
{
	const char *dirs[2] = { b->new_dir, b->cur_dir };

	if (!is_dir(src->maildir))
		return err_set(err, ERR_IO, "cannot read Maildir %s: %s",
		    src->maildir, errno ? strerror(errno) : "not a directory");
	for (size_t i = 0; i < 2; i++) {
		if (!is_dir(dirs[i]))
			return err_set(err, ERR_IO, "not a Maildir: %s is "
			    "missing", dirs[i]);
		if (!dry_run && access(dirs[i], W_OK | X_OK) < 0)
			return err_set(err, ERR_IO, "cannot write %s: %s (the "
			    "service needs it in ReadWritePaths=)", dirs[i],
			    strerror(errno));
	}
	return 0;
}

int
maildir_scan(struct maildir_batch **out, struct itemset *items,
    const struct source *src, const struct maildir_opts *o, struct err *err)
{
	struct maildir_batch *b = xcalloc(1, sizeof(*b));
	struct buf data = BUF_INIT;
	size_t n = 0, examined = 0, cap = src->run_max_messages;
	uint64_t bytes = 0;
	char **names = NULL, why[160];
	DIR *dp = NULL;
	int rc = 0;

	*out = NULL;
	if (o->max_messages && o->max_messages < cap)
		cap = o->max_messages;
	b->source_id = src->id;
	b->new_dir = dir_path(src->maildir, "new");
	b->cur_dir = dir_path(src->maildir, "cur");
	errno = 0;
	if ((rc = check_maildir(b, src, o->dry_run, err)) < 0)
		goto out;
	if ((dp = opendir(b->new_dir)) == NULL) {
		rc = err_set(err, ERR_IO, "cannot read %s: %s", b->new_dir,
		    strerror(errno));
		goto out;
	}
	list_new(&names, &n, &b->more, dp);
	if (items->kind == NULL)
		items->kind = xstrdup("mail");
	for (size_t i = 0; i < n; i++) {
		int r;

		if (examined >= cap || bytes >= src->run_max_bytes) {
			b->more = 1;
			break;
		}
		buf_reset(&data);
		r = read_message(&data, dirfd(dp), names[i], src->message_max,
		    why);
		if (r < 0)
			continue;	/* gone: another reader took it */
		if (r == 0) {
			examined++;
			bytes += data.len;
			r = take(items, src, data.data, data.len, o, why);
		}
		if (r > 0) {
			reject(b, src, names[i], o->dry_run, why);
			continue;
		}
		b->taken = xreallocarray(b->taken, b->ntaken + 1,
		    sizeof(*b->taken));
		b->taken[b->ntaken++] = names[i];
		names[i] = NULL;	/* now owned by b */
	}
	*out = b;
	b = NULL;
out:
	for (size_t i = 0; i < n; i++)
		free(names[i]);
	free(names);
	if (dp)
		closedir(dp);
	buf_release(&data);
	maildir_batch_free(b);
	return rc;
}

/* NAME (with any info part dropped) + ":2,S" */
static char *
cur_name(const char *name)
{
	struct buf b = BUF_INIT;

	buf_add(&b, name, strcspn(name, ":"));
	buf_addstr(&b, ":2,S");
	return buf_detach(&b, NULL);
}

static void
sync_dir(const char *path)
{
	int fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);

	if (fd < 0)
		return;
	(void)fsync(fd);
	close(fd);
}

int
maildir_commit(struct maildir_batch *b, struct err *err)
{
	struct buf from = BUF_INIT, to = BUF_INIT;
	int rc = 0;

	for (size_t i = 0; i < b->ntaken; i++) {
		char *cn = cur_name(b->taken[i]), safe[80];

		buf_reset(&from);
		buf_reset(&to);
		buf_addf(&from, "%s/%s", b->new_dir, b->taken[i]);
		buf_addf(&to, "%s/%s", b->cur_dir, cn);
		free(cn);
		crash_point("maildir-move");
		if (rename(from.data, to.data) < 0 && errno != ENOENT) {
			safe_name(safe, b->taken[i]);
			log_errorx("source=%s cannot move %s to cur/: %s",
			    b->source_id, safe, strerror(errno));
			if (rc == 0)
				rc = err_set(err, ERR_IO, "cannot move %s to "
				    "%s: %s", safe, b->cur_dir,
				    strerror(errno));
		}
	}
	if (b->ntaken) {
		sync_dir(b->cur_dir);
		sync_dir(b->new_dir);
	}
	buf_release(&from);
	buf_release(&to);
	return rc;
}
