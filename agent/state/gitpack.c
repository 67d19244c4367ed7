/* syncfs(2) */
#define _GNU_SOURCE
#include "gitpack.h"

#include <dirent.h>
#include <git2/sys/odb_backend.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <openssl/evp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include "buf.h"
#include "fsutil.h"
#include "log.h"
#include "xmalloc.h"

/* in the git directory: the HEAD that the newest pack covers */
#define GITPACK_TIP	"sigwatch-packed"

static int
git_fail(struct err *err, const char *what)
{
	const git_error *e = git_error_last();

	return err_set(err, ERR_IO, "%s: %s", what,
	    e && e->message ? e->message : "unknown libgit2 error");
}

static int
is_hex(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f')))
			return 0;
	return s[n] == '\0';
}

static uint64_t
file_size(const char *dir, const char *name)
{
	struct buf p = BUF_INIT;
	struct stat st;
	uint64_t n = 0;

	buf_addf(&p, "%s/%s", dir, name);
	if (lstat(p.data, &st) == 0 && S_ISREG(st.st_mode))
		n = (uint64_t)st.st_size;
	buf_release(&p);
	return n;
}

/*
 * Call fn for every loose object of objdir (objects/xx/<38 hex>), with its
 * path and id; fn returns 1 when it removed the file.
 */
static size_t
each_loose(const char *objdir, int (*fn)(const char *path, const git_oid *,
    uint64_t size, void *), void *arg)
{
	size_t removed = 0;

	for (unsigned d = 0; d < 256; d++) {
		struct buf dir = BUF_INIT;
		struct dirent *de;
		DIR *dp;

		buf_addf(&dir, "%s/%02x", objdir, d);
		if ((dp = opendir(dir.data)) == NULL) {
			buf_release(&dir);
			continue;
		}
		while ((de = readdir(dp)) != NULL) {
			struct buf path = BUF_INIT;
			char hex[GIT_OID_HEXSZ + 1];
			git_oid id;

			if (strlen(de->d_name) != GIT_OID_HEXSZ - 2 ||
			    !is_hex(de->d_name, GIT_OID_HEXSZ - 2))
				continue;
			snprintf(hex, 3, "%02x", d);
			memcpy(hex + 2, de->d_name, GIT_OID_HEXSZ - 2);
			hex[GIT_OID_HEXSZ] = '\0';
			if (git_oid_fromstr(&id, hex) < 0)
				continue;
			buf_addf(&path, "%s/%s", dir.data, de->d_name);
			removed += (size_t)fn(path.data, &id,
			    file_size(dir.data, de->d_name), arg);
			buf_release(&path);
		}
		closedir(dp);
		if (removed)
			rmdir(dir.data);	/* fails unless empty: fine */
		buf_release(&dir);
	}
	return removed;
}

static int
count_loose(const char *path, const git_oid *id, uint64_t size, void *arg)
{
	struct gitpack_stats *st = arg;

	st->loose++;
	st->loose_bytes += size;
	return 0;
}

static void
count_packs(const char *packdir, struct gitpack_stats *st)
{
	DIR *dp = opendir(packdir);
	struct dirent *de;

	if (dp == NULL)
		return;
	while ((de = readdir(dp)) != NULL) {
		size_t n = strlen(de->d_name);

		if (n > 5 && strcmp(de->d_name + n - 5, ".pack") == 0) {
			st->packs++;
			st->pack_bytes += file_size(packdir, de->d_name);
		}
	}
	closedir(dp);
}

static int
flush(const char *dir)
{
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC), rc;

	if (fd == -1)
		return -1;
	rc = syncfs(fd);
	close(fd);
	return rc;
}

/*
 * The tip file: the HEAD the newest pack covers, and the size of the last
 * full pack (0 when none), one per line.
 */
struct tip {
	git_oid		 head;
	int		 has_head;	/* "-" before the first pack */
	int		 measured;	/* the file exists */
	uint64_t	 full_bytes;
};

static void
read_tip(const char *gitdir, struct tip *t)
{
	struct buf p = BUF_INIT;
	char line[64];
	FILE *f;

	memset(t, 0, sizeof(*t));
	buf_addf(&p, "%s%s", gitdir, GITPACK_TIP);
	f = fopen(p.data, "r");
	buf_release(&p);
	if (f == NULL)
		return;
	if (fgets(line, sizeof(line), f) != NULL) {
		line[strcspn(line, "\n")] = '\0';
		t->has_head = git_oid_fromstr(&t->head, line) == 0;
	}
	if (fgets(line, sizeof(line), f) != NULL) {
		t->full_bytes = strtoull(line, NULL, 10);
		t->measured = 1;
	}
	fclose(f);
}

static void
write_tip(git_repository *repo, const char *gitdir, int packed,
    uint64_t full_bytes)
{
	struct buf p = BUF_INIT, text = BUF_INIT;
	struct err ignore = ERR_INIT;
	char hex[GIT_OID_HEXSZ + 1] = "-";
	git_oid head;

	if (packed && git_reference_name_to_id(&head, repo, "HEAD") == 0)
		git_oid_tostr(hex, sizeof(hex), &head);
	buf_addf(&text, "%s\n%llu\n", hex, (unsigned long long)full_bytes);
	buf_addf(&p, "%s%s", gitdir, GITPACK_TIP);
	fs_write_atomic(p.data, text.data, text.len, &ignore);
	buf_release(&p);
	buf_release(&text);
}

/*
 * libgit2's packbuilder reads its limits from the repository's config:
 * keep the delta window of a state with 64 MiB month files well inside
 * the unit's MemoryMax.
 */
static int
limit_memory(git_repository *repo)
{
	git_config *cfg = NULL;
	int64_t v;
	int rc = 0;

	if (git_repository_config(&cfg, repo) < 0)
		return -1;
	if (git_config_get_int64(&v, cfg, "pack.windowMemory") < 0)
		rc = git_config_set_int64(cfg, "pack.windowMemory",
		    GITPACK_WINDOW_MEMORY);
	git_config_free(cfg);
	return rc;
}

/*
 * The name the packbuilder sorts an object by. libgit2 (like git) hashes
 * the last 16 characters of the path, so that the versions of a file sit
 * together in the delta window; but every items/<source>/<month>.jsonl of
 * a month ends alike, so all sources' month files collided, sat together
 * by size, and made deltas against each other, which fail: the full pack
 * was several times what the history needs, and slow to make. A hash of
 * the whole path at the end keeps each file's versions, and only them,
 * together.
 */
static void
sort_name(struct buf *out, const char *path)
{
	uint32_t h = 2166136261u;	/* FNV-1a */

	for (const char *p = path; *p; p++)
		h = (h ^ (unsigned char)*p) * 16777619u;
	buf_reset(out);
	buf_addf(out, "%s.%08x", path, (unsigned)h);
}

/*
 * Insert the tree id and everything below it, named by sort_name; a tree
 * the packbuilder already had was walked when it was inserted.
 */
static int
insert_named(git_packbuilder *pb, git_repository *repo, const git_oid *id,
    struct buf *path, struct buf *name, int depth)
{
	size_t n = git_packbuilder_object_count(pb), base = path->len;
	git_tree *tree = NULL;
	int rc = 0;

	sort_name(name, path->data);
	if (git_packbuilder_insert(pb, id, name->data) < 0)
		return -1;
	if (git_packbuilder_object_count(pb) == n || depth > GITPACK_MAX_DEPTH)
		return 0;
	if (git_tree_lookup(&tree, repo, id) < 0)
		return -1;
	for (size_t i = 0; rc == 0 && i < git_tree_entrycount(tree); i++) {
		const git_tree_entry *e = git_tree_entry_byindex(tree, i);

		buf_truncate(path, base);
		buf_addf(path, "%s%s", base ? "/" : "", git_tree_entry_name(e));
		if (git_tree_entry_type(e) == GIT_OBJECT_TREE)
			rc = insert_named(pb, repo, git_tree_entry_id(e), path,
			    name, depth + 1);
		else if (git_tree_entry_type(e) == GIT_OBJECT_BLOB) {
			sort_name(name, path->data);
			rc = git_packbuilder_insert(pb, git_tree_entry_id(e),
			    name->data);
		}
	}
	buf_truncate(path, base);
	git_tree_free(tree);
	return rc;
}

/* every commit walk yields, with its tree */
static int
insert_commits(git_packbuilder *pb, git_repository *repo, git_revwalk *walk)
{
	struct buf path = BUF_INIT, name = BUF_INIT;
	git_oid id;
	int rc = 0, grc;

	while (rc == 0 && (grc = git_revwalk_next(&id, walk)) == 0) {
		git_commit *c = NULL;

		if (git_commit_lookup(&c, repo, &id) < 0 ||
		    git_packbuilder_insert(pb, &id, NULL) < 0 ||
		    insert_named(pb, repo, git_commit_tree_id(c), &path, &name,
		    0) < 0)
			rc = -1;
		git_commit_free(c);
	}
	if (rc == 0 && grc != GIT_ITEROVER)
		rc = -1;
	buf_release(&path);
	buf_release(&name);
	return rc;
}

/*
 * Write one pack of what HEAD reaches (full), or of what it reaches beyond
 * the last pack; name gets the pack's name, "" when there was nothing.
 */
static int
write_pack(git_repository *repo, const struct tip *tip, const char *packdir,
    int full, char *name, struct err *err)
{
	git_revwalk *walk = NULL;
	git_packbuilder *pb = NULL;
	int rc = 0;

	*name = '\0';
	if (git_revwalk_new(&walk, repo) < 0 ||
	    git_revwalk_push_head(walk) < 0) {
		rc = git_fail(err, "cannot walk the state");
		goto out;
	}
	if (!full && tip->has_head) {
		git_commit *c = NULL;

		/* what the last pack covered, if that commit still exists */
		if (git_commit_lookup(&c, repo, &tip->head) == 0)
			git_revwalk_hide(walk, &tip->head);
		git_commit_free(c);
	}
	if (limit_memory(repo) < 0 || git_packbuilder_new(&pb, repo) < 0) {
		rc = git_fail(err, "cannot pack the state");
		goto out;
	}
	/* one thread: libgit2's threaded delta search splits the window and
	 * made packs twice the size of git gc's on the same history */
	git_packbuilder_set_threads(pb, 1);
	if ((full ? insert_commits(pb, repo, walk) :
	    git_packbuilder_insert_walk(pb, walk)) < 0) {
		rc = git_fail(err, "cannot list the state's objects");
		goto out;
	}
	if (git_packbuilder_object_count(pb) == 0)
		goto out;
	if (git_packbuilder_write(pb, packdir, 0, NULL, NULL) < 0) {
		rc = git_fail(err, "cannot write a pack");
		goto out;
	}
	snprintf(name, GIT_OID_HEXSZ + 1, "%s", git_packbuilder_name(pb));
out:
	git_packbuilder_free(pb);
	git_revwalk_free(walk);
	return rc;
}

struct prune {
	git_odb	*pack;		/* the new pack alone */
};

static int
prune_loose(const char *path, const git_oid *id, uint64_t size, void *arg)
{
	struct prune *pr = arg;

	return git_odb_exists(pr->pack, id) && unlink(path) == 0;
}

/* remove every pack but keep (and those marked .keep) */
static size_t
prune_packs(const char *packdir, const char *keep)
{
	static const char *const ext[] = { ".idx", ".rev", ".mtimes", ".pack" };
	DIR *dp = opendir(packdir);
	struct dirent *de;
	size_t removed = 0;

	if (dp == NULL)
		return 0;
	while ((de = readdir(dp)) != NULL) {
		size_t n = strlen(de->d_name);
		struct buf stem = BUF_INIT, p = BUF_INIT;

		if (n <= 5 || strncmp(de->d_name, "pack-", 5) != 0 ||
		    strcmp(de->d_name + n - 5, ".pack") != 0 ||
		    strstr(de->d_name, keep) != NULL)
			continue;
		buf_addf(&stem, "%s/%.*s", packdir, (int)(n - 5), de->d_name);
		buf_addf(&p, "%s.keep", stem.data);
		if (!fs_exists(p.data)) {
			/* the pack last: an index never points at nothing */
			for (size_t i = 0; i < sizeof(ext) / sizeof(ext[0]); i++) {
				buf_reset(&p);
				buf_addf(&p, "%s%s", stem.data, ext[i]);
				unlink(p.data);
			}
			removed++;
		}
		buf_release(&p);
		buf_release(&stem);
	}
	closedir(dp);
	return removed;
}

/* remove the loose objects (and, when full, the packs) the new pack holds */
static int
prune(const char *objdir, const char *packdir, const char *name, int full,
    struct gitpack_stats *st, struct err *err)
{
	struct buf idx = BUF_INIT;
	git_odb_backend *be = NULL;
	struct prune pr = { NULL };
	int rc = 0;

	buf_addf(&idx, "%s/pack-%s.idx", packdir, name);
	if (git_odb_new(&pr.pack) < 0 ||
	    git_odb_backend_one_pack(&be, idx.data) < 0 ||
	    git_odb_add_backend(pr.pack, be, 1) < 0) {
		if (be != NULL)
			be->free(be);	/* not owned by the odb yet */
		rc = git_fail(err, "cannot read the new pack");
		goto out;
	}
	crash_point("gitpack.pruning");
	st->removed += each_loose(objdir, prune_loose, &pr);
	if (full)
		st->removed += prune_packs(packdir, name);
out:
	git_odb_free(pr.pack);
	buf_release(&idx);
	return rc;
}

/*
 * The pack of one commit. libgit2 1.5's packbuilder always searches for
 * deltas (a window of 10, no setting), which between the unrelated files
 * of one commit finds little and cost more CPU than the whole cold run
 * saved; and a pack on disk cannot delta against another pack. So the
 * objects are written as they are, each deflated through one z_stream
 * (reset, not re-initialised, between objects), into libgit2's indexer,
 * which checks them, writes the .idx and renames both into objects/pack.
 * The full repack (write_pack) is where deltas are made.
 */
#define PW_BUF	(64u << 10)

struct packw {
	git_indexer		*ix;
	git_indexer_progress	 stats;
	EVP_MD_CTX		*sha;		/* the pack's trailer */
	z_stream		 z;
	int			 zok;
	unsigned char		*out;
	size_t			 used;
};

static int
pw_flush(struct packw *w)
{
	if (w->used == 0)
		return 0;
	if (EVP_DigestUpdate(w->sha, w->out, w->used) != 1 ||
	    git_indexer_append(w->ix, w->out, w->used, &w->stats) < 0)
		return -1;
	w->used = 0;
	return 0;
}

static int
pw_put(struct packw *w, const void *p, size_t n)
{
	if (w->used + n > PW_BUF && pw_flush(w) < 0)
		return -1;
	memcpy(w->out + w->used, p, n);
	w->used += n;
	return 0;
}

/* the entry header (type and size, 7 bits a byte) and the deflated data */
static int
pw_object(struct packw *w, git_object_t type, const void *data, size_t len)
{
	unsigned char hdr[16];
	size_t h = 0, n = len;
	int zrc;

	if (len > UINT_MAX)
		return -1;
	hdr[0] = (unsigned char)(((unsigned)type << 4) | (n & 15));
	for (n >>= 4; n != 0; n >>= 7) {
		hdr[h++] |= 0x80;
		hdr[h] = (unsigned char)(n & 0x7f);
	}
	if (pw_put(w, hdr, h + 1) < 0 || deflateReset(&w->z) != Z_OK)
		return -1;
	w->z.next_in = (unsigned char *)(uintptr_t)data;
	w->z.avail_in = (uInt)len;
	do {
		if (w->used == PW_BUF && pw_flush(w) < 0)
			return -1;
		w->z.next_out = w->out + w->used;
		w->z.avail_out = (uInt)(PW_BUF - w->used);
		zrc = deflate(&w->z, Z_FINISH);
		w->used = PW_BUF - w->z.avail_out;
	} while (zrc == Z_OK || zrc == Z_BUF_ERROR);
	return zrc == Z_STREAM_END ? 0 : -1;
}

static void
pw_free(struct packw *w)
{
	if (w->zok)
		deflateEnd(&w->z);
	EVP_MD_CTX_free(w->sha);
	git_indexer_free(w->ix);
	free(w->out);
}

/* write ids (all held by the repository's odb) as one pack; name its name */
static int
pw_write(git_repository *repo, const git_oid *ids, size_t n, char *name,
    struct err *err)
{
	struct packw w;
	struct buf packdir = BUF_INIT;
	unsigned char hdr[12] = "PACK", md[EVP_MAX_MD_SIZE];
	unsigned int mdlen = 0;
	git_odb *odb = NULL;
	int rc = 0;

	memset(&w, 0, sizeof(w));
	*name = '\0';
	buf_addf(&packdir, "%sobjects/pack", git_repository_path(repo));
	w.out = xmalloc(PW_BUF);
	if (n > UINT32_MAX || git_repository_odb(&odb, repo) < 0 ||
	    git_indexer_new(&w.ix, packdir.data, 0, NULL, NULL) < 0) {
		rc = git_fail(err, "cannot write the commit's pack");
		goto out;
	}
	/* the speed libgit2 writes loose objects with: a full repack
	 * compresses everything again */
	w.zok = deflateInit(&w.z, Z_BEST_SPEED) == Z_OK;
	w.sha = EVP_MD_CTX_new();
	if (!w.zok || w.sha == NULL ||
	    EVP_DigestInit_ex(w.sha, EVP_sha1(), NULL) != 1) {
		rc = err_set(err, ERR_IO, "cannot write the commit's pack: "
		    "out of memory");
		goto out;
	}
	/* "PACK", version 2, the number of objects, all big-endian */
	hdr[7] = 2;
	for (int i = 0; i < 4; i++)
		hdr[8 + i] = (unsigned char)(n >> (24 - 8 * i));
	rc = pw_put(&w, hdr, sizeof(hdr));
	for (size_t i = 0; rc == 0 && i < n; i++) {
		git_odb_object *o = NULL;

		if (git_odb_read(&o, odb, &ids[i]) < 0 ||
		    pw_object(&w, git_odb_object_type(o),
		    git_odb_object_data(o), git_odb_object_size(o)) < 0)
			rc = -1;
		git_odb_object_free(o);
	}
	if (rc == 0 && (rc = pw_flush(&w)) == 0 &&
	    EVP_DigestFinal_ex(w.sha, md, &mdlen) == 1 &&
	    git_indexer_append(w.ix, md, mdlen, &w.stats) == 0 &&
	    git_indexer_commit(w.ix, &w.stats) == 0)
		snprintf(name, GIT_OID_HEXSZ + 1, "%s", git_indexer_name(w.ix));
	else
		rc = git_fail(err, "cannot write the commit's pack");
out:
	pw_free(&w);
	git_odb_free(odb);
	buf_release(&packdir);
	return rc;
}

static void
ids_add(struct gitpack_ids *l, const git_oid *id)
{
	if (l->n == l->alloc) {
		l->alloc = l->alloc ? l->alloc * 2 : 256;
		l->ids = xreallocarray(l->ids, l->alloc, sizeof(*l->ids));
	}
	git_oid_cpy(&l->ids[l->n++], id);
}

/*
 * Add to l the objects of the tree id that mem holds, recursing into the
 * subtrees mem holds: what mem does not hold is on disk already.
 */
static int
list_new_tree(struct gitpack_ids *l, git_repository *repo,
    git_odb_backend *mem, const git_oid *id, int depth)
{
	git_tree *tree = NULL;
	int rc = 0;

	if (depth > GITPACK_MAX_DEPTH || !mem->exists(mem, id))
		return 0;
	if (git_tree_lookup(&tree, repo, id) < 0)
		return -1;
	ids_add(l, id);
	for (size_t i = 0; rc == 0 && i < git_tree_entrycount(tree); i++) {
		const git_tree_entry *e = git_tree_entry_byindex(tree, i);
		const git_oid *eid = git_tree_entry_id(e);

		if (git_tree_entry_type(e) == GIT_OBJECT_TREE)
			rc = list_new_tree(l, repo, mem, eid, depth + 1);
		else if (git_tree_entry_type(e) == GIT_OBJECT_BLOB &&
		    mem->exists(mem, eid))
			ids_add(l, eid);
	}
	git_tree_free(tree);
	return rc;
}

void
gitpack_ids_add(struct gitpack_ids *l, git_odb_backend *mem,
    const git_oid *id)
{
	if (mem->exists(mem, id))
		ids_add(l, id);
}

void
gitpack_ids_release(struct gitpack_ids *l)
{
	free(l->ids);
	memset(l, 0, sizeof(*l));
}

static int
oid_cmp(const void *a, const void *b)
{
	return git_oid_cmp(a, b);
}

int
gitpack_store_list(git_repository *repo, struct gitpack_ids *l, char *name,
    struct err *err)
{
	size_t n = 0;
	int rc = 0;

	*name = '\0';
	/* one entry per object: files and trees with the same content */
	if (l->n > 1)
		qsort(l->ids, l->n, sizeof(*l->ids), oid_cmp);
	for (size_t i = 0; i < l->n; i++)
		if (n == 0 || !git_oid_equal(&l->ids[n - 1], &l->ids[i]))
			git_oid_cpy(&l->ids[n++], &l->ids[i]);
	l->n = n;
	if (l->n > 0)
		rc = pw_write(repo, l->ids, l->n, name, err);
	l->n = 0;
	return rc;
}

int
gitpack_store(git_repository *repo, git_odb_backend *mem,
    const git_oid *commit, char *name, struct err *err)
{
	struct gitpack_ids l = { NULL, 0, 0 };
	git_commit *c = NULL;
	int rc;

	if (git_commit_lookup(&c, repo, commit) < 0) {
		*name = '\0';
		return git_fail(err, "cannot read the new commit");
	}
	ids_add(&l, commit);
	if (list_new_tree(&l, repo, mem, git_commit_tree_id(c), 0) < 0)
		rc = git_fail(err, "cannot list the commit's objects");
	else
		rc = gitpack_store_list(repo, &l, name, err);
	git_commit_free(c);
	gitpack_ids_release(&l);
	return rc;
}

/* 1 when name, in objects/pack, is what an interrupted write left */
static int
is_leftover(const char *packdir, const char *name)
{
	size_t n = strlen(name);
	struct buf p = BUF_INIT;
	int left;

	if (strstr(name, "_git2_") != NULL ||
	    (n > 5 && strcmp(name + n - 5, ".lock") == 0))
		return 1;
	if (n <= 4 || strncmp(name, "pack-", 5) != 0 ||
	    strcmp(name + n - 4, ".idx") != 0)
		return 0;
	buf_addf(&p, "%s/%.*s.pack", packdir, (int)(n - 4), name);
	left = !fs_exists(p.data);
	buf_release(&p);
	return left;
}

void
gitpack_clean(git_repository *repo)
{
	struct buf packdir = BUF_INIT, p = BUF_INIT;
	struct dirent *de;
	DIR *dp;

	buf_addf(&packdir, "%sobjects/pack", git_repository_path(repo));
	if ((dp = opendir(packdir.data)) == NULL)
		goto out;
	while ((de = readdir(dp)) != NULL) {
		if (de->d_name[0] == '.' || !is_leftover(packdir.data,
		    de->d_name))
			continue;
		buf_reset(&p);
		buf_addf(&p, "%s/%s", packdir.data, de->d_name);
		if (unlink(p.data) == 0)
			log_warnx("state: removed %s (left by an interrupted "
			    "run)", p.data);
	}
	closedir(dp);
out:
	buf_release(&packdir);
	buf_release(&p);
}

int
gitpack_auto(git_repository *repo, int force, struct gitpack_stats *st,
    struct err *err)
{
	const char *gitdir = git_repository_path(repo);
	struct buf objdir = BUF_INIT, packdir = BUF_INIT, pack = BUF_INIT;
	char name[GIT_OID_HEXSZ + 1];
	struct tip tip;
	uint64_t total, bound;
	int full, rc = 0;

	memset(st, 0, sizeof(*st));
	buf_addf(&objdir, "%sobjects", gitdir);
	buf_addf(&packdir, "%s/pack", objdir.data);
	each_loose(objdir.data, count_loose, st);
	count_packs(packdir.data, st);
	read_tip(gitdir, &tip);
	if (!force && !tip.measured) {
		/* the first time: what is here now is the measure (one copy
		 * of everything, no redundancy yet to pack away) */
		write_tip(repo, gitdir, 0, st->loose_bytes + st->pack_bytes);
		goto out;
	}
	/* a full pack once the objects outgrow the last one by half: the
	 * work is paid for by that growth, and disk stays within 3/2 of
	 * what the last full pack needed */
	total = st->loose_bytes + st->pack_bytes;
	bound = tip.full_bytes + tip.full_bytes / 2;
	if (bound < GITPACK_MIN_BYTES)
		bound = GITPACK_MIN_BYTES;
	full = force || st->packs >= GITPACK_MAX_PACKS || total > bound;
	if (!full && st->loose < GITPACK_LOOSE_COUNT)
		goto out;
	if ((rc = write_pack(repo, &tip, packdir.data, full, name, err)) < 0 ||
	    name[0] == '\0')
		goto out;
	if (flush(objdir.data) == -1) {
		rc = err_set(err, ERR_IO, "cannot flush the new pack: %s",
		    strerror(errno));
		goto out;
	}
	crash_point("gitpack.written");
	st->packed = full ? 2 : 1;
	/* the tip only after the pack is durable: a lost tip only repacks */
	buf_addf(&pack, "pack-%s.pack", name);
	write_tip(repo, gitdir, 1, full ? file_size(packdir.data, pack.data) :
	    tip.full_bytes);
	rc = prune(objdir.data, packdir.data, name, full, st, err);
	log_debug("state: packed %zu loose objects (%llu bytes)%s; %zu files "
	    "removed", st->loose, (unsigned long long)st->loose_bytes,
	    full ? " and every pack" : "", st->removed);
out:
	buf_release(&objdir);
	buf_release(&packdir);
	buf_release(&pack);
	return rc;
}
