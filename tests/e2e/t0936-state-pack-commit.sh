#!/usr/bin/env bash
# One pack per commit: a run stores its new objects as one pack (+ .idx),
# never as loose objects; stock git reads the repository; a run killed at
# each step of storing the pack loses nothing and the next run repairs it.
. "$(dirname "$0")/lib.sh"
. "$TOP/tests/fixtures/hostile/catalogue-lib.sh"

# feed_run N: /news.rss with 20 items, 5 of them new in run N
feed_run() {
	"$PY" - "$SRV/news.rss" "$1" <<'PYEOF'
import sys
path, n = sys.argv[1], int(sys.argv[2])
with open(path, "w") as f:
    f.write('<?xml version="1.0"?><rss version="2.0"><channel><title>n</title>')
    for i in range(n * 5, n * 5 + 20):
        f.write("<item><title>Story %d</title><guid>story-%d</guid>"
                "<description>Body of story %d, run %d.</description></item>" % (i, i, i, n))
    f.write("</channel></rss>")
PYEOF
}
loose() { find "$1/.git/objects" -path '*/objects/[0-9a-f][0-9a-f]/*' -type f | wc -l; }
packs() { find "$1/.git/objects/pack" -name '*.pack' | wc -l; }
items() { cat "$1"/items/news/*.jsonl | wc -l; }
fsck_clean() {	# STATE: no error; dangling objects of a killed run are allowed
	git -C "$1" fsck --no-dangling --no-progress >"$C/fsck" 2>&1 &&
	! grep -q . "$C/fsck"
}

route /news.rss '{"body_file": "news.rss", "content_type": "application/rss+xml"}'

test_expect_success 'each run stores one pack and no loose object; git reads it' '
	newcase one &&
	add_source news "http://127.0.0.1:$PORT/news.rss" feed &&
	s=$C/state && grew=0 && prev=0 && commits=0 &&
	for n in 1 2 3 4 5 6; do
		feed_run "$n" && cwt run 2>"$C/err.$n" || { cat "$C/err.$n"; exit 1; }
		p=$(packs "$s") && c=$(git -C "$s" rev-list --count HEAD) &&
		echo "run $n: commits $c packs $p loose $(loose "$s")" &&
		test "$(loose "$s")" = 0 &&
		# one more pack per commit, or one in all after a full repack
		{ test "$p" = $((prev + c - commits)) && grew=$((grew + 1)) ||
		  test "$p" = 1; } &&
		prev=$p && commits=$c || exit 1
	done &&
	test "$grew" -ge 2 &&
	git -C "$s" fsck --no-progress >"$C/fsck" 2>&1 && ! grep -q . "$C/fsck" &&
	test "$(git -C "$s" log --oneline | wc -l)" = "$commits" &&
	test "$(items "$s")" = $((6 * 5 + 15)) &&
	git -C "$s" show HEAD:items/news/$(ls "$s/items/news" | head -1) >/dev/null &&
	test -z "$(git -C "$s" status --porcelain)"
'

for point in gitstore_commit.before gitstore_commit.packed \
    gitstore_commit.synced gitstore_commit.indexed gitstore_commit.after; do
	test_expect_success "killed at $point: nothing lost, the next run commits it" '
		newcase "kill-'"$point"'" &&
		add_source news "http://127.0.0.1:$PORT/news.rss" feed &&
		s=$C/state &&
		for n in 1 2 3; do feed_run "$n" && cwt run 2>/dev/null || exit 1; done &&
		feed_run 4 &&
		rc=0; SIGWATCH_CRASH_AT='"$point"' timeout 60 "$SIGWATCH" \
			--config "$C/sigwatch.yaml" run 2>"$C/crash.err" || rc=$? &&
		test "$rc" = 137 &&
		fsck_clean "$s" &&
		test "$(git -C "$s" rev-list --count HEAD)" -ge 3 &&
		feed_run 5 && cwt run 2>"$C/after.err" &&
		fsck_clean "$s" &&
		test "$(loose "$s")" = 0 &&
		test "$(items "$s")" = $((5 * 5 + 15)) &&
		test "$(git -C "$s" show HEAD:items/news/$(ls "$s/items/news" | tail -1) | wc -l)" -ge 1 &&
		test "$(git -C "$s" log --oneline | wc -l)" -ge 4 &&
		test -z "$(git -C "$s" status --porcelain)" &&
		n=$(git -C "$s" ls-tree -r HEAD items/news | wc -l) &&
		test "$(git -C "$s" cat-file -p HEAD:items/news/$(ls "$s/items/news" | head -1) | wc -l)" -ge 1
	'
done

test_expect_success 'what a killed pack write leaves in objects/pack is removed' '
	newcase leftovers &&
	add_source news "http://127.0.0.1:$PORT/news.rss" feed &&
	s=$C/state && feed_run 1 && cwt run 2>/dev/null &&
	d=$s/.git/objects/pack &&
	echo junk >"$d/pack_git2_AbC123" &&
	echo junk >"$d/pack-0123456789012345678901234567890123456789.idx" &&
	echo junk >"$d/pack-0123456789012345678901234567890123456789.idx.lock" &&
	feed_run 2 && cwt run 2>"$C/err" &&
	grep -q "left by an interrupted run" "$C/err" &&
	test ! -e "$d/pack_git2_AbC123" &&
	test ! -e "$d/pack-0123456789012345678901234567890123456789.idx" &&
	test ! -e "$d/pack-0123456789012345678901234567890123456789.idx.lock" &&
	fsck_clean "$s" && test "$(items "$s")" = 25
'

test_done
