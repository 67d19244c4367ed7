#!/usr/bin/env bash
# Reliability catalogue section 4 (S1-S7): the git state directory under
# crashes, stale locks, concurrent runs, a full disk, corruption and a
# rejecting remote.
. "$(dirname "$0")/lib.sh"
. "$TOP/tests/fixtures/hostile/catalogue-lib.sh"

hitkeys() { cat "$C"/state/hits/*.jsonl 2>/dev/null | "$PY" -c '
import json, sys
for l in sys.stdin:
    h = json.loads(l); print(h["rule"], h["source"], h["item"])' | sort; }
all_json_valid() {	# every committed JSON / JSON Lines file parses
	"$PY" - "$C/state" <<'PYEOF'
import json, os, sys
root = sys.argv[1]
for d, dirs, files in os.walk(root):
    if ".git" in d.split(os.sep):
        continue
    for f in files:
        p = os.path.join(d, f)
        if f.endswith(".json"):
            json.load(open(p))
        elif f.endswith(".jsonl"):
            for l in open(p):
                json.loads(l)
PYEOF
}

test_expect_success 'S1 killed mid-write: old or new files, never half; next run exact' '
	newcase s1ref && cwt run 2>/dev/null && hitkeys >"$TMP/s1-want" &&
	test -s "$TMP/s1-want" &&
	for n in 1 2 3; do
		newcase "s1-$n" &&
		rc=0; SIGWATCH_CRASH_AT=fs_write_atomic.before_rename:$n cwt run 2>"$C/crash" || rc=$? &&
		test "$rc" = 137 &&
		all_json_valid &&
		test -z "$(find "$C/state" -name "*.tmp*" -newer "$C/sigwatch.yaml" ! -path "*/.git/*" -size 0)" &&
		cwt run 2>"$C/after" &&
		hitkeys >"$C/got" && test_cmp "$TMP/s1-want" "$C/got" &&
		all_json_valid || exit 1
	done
'

test_expect_success 'S2 stale index.lock and ref lock: removed (logged) under run.lock' '
	newcase s2 && cwt run 2>/dev/null &&
	br=$(git -C "$C/state" symbolic-ref --short HEAD) &&
	: >"$C/state/.git/index.lock" && : >"$C/state/.git/refs/heads/$br.lock" &&
	cp "$SRV/good.rss" "$SRV/good2.rss" &&
	sed -i "s/good-1/good-2/; s/Acme launches/Acme ships/" "$SRV/good2.rss" &&
	route /good2.rss "{\"body_file\": \"good2.rss\"}" &&
	add_source good2 "http://127.0.0.1:$PORT/good2.rss" feed &&
	n=$(git -C "$C/state" rev-list --count HEAD) &&
	cwt run 2>"$C/err" &&
	grep -q "removed stale .*index.lock" "$C/err" &&
	test ! -e "$C/state/.git/index.lock" &&
	test ! -e "$C/state/.git/refs/heads/$br.lock" &&
	test "$(git -C "$C/state" rev-list --count HEAD)" -gt "$n" &&
	test "$(hits_of good2)" = 1
'

test_expect_success 'S3 concurrent runs: the second exits 75 and touches nothing' '
	newcase s3 && cwt run 2>/dev/null &&
	route /slowgood.rss "{\"body_file\": \"good.rss\", \"delay\": 3}" &&
	add_source slowgood "http://127.0.0.1:$PORT/slowgood.rss" feed &&
	head=$(git -C "$C/state" rev-parse HEAD) || exit 1
	( cwt run 2>"$C/first" ) &
	first=$!
	sleep 1 &&
	rc=0; cwt run 2>"$C/second" || rc=$? &&
	test "$rc" = 75 &&
	grep -q "another run holds the lock" "$C/second" &&
	wait $first &&
	git -C "$C/state" log --format=%s | grep -c "^run:" >"$C/runs" &&
	test "$(cat "$C/runs")" = 2 &&
	test "$(hits_of slowgood)" = 1
'

test_expect_success 'S4 killed after the commit, before and after sending: sent later, never lost' '
	for point in after-commit before-post after-post before-delivery-commit; do
		newcase "s4-$point" && mark &&
		rc=0; SIGWATCH_CRASH_AT=$point cwt run 2>"$C/crash" || rc=$? &&
		test "$rc" = 137 &&
		cwt run 2>"$C/after" &&
		n=$(posts_since | wc -l) &&
		echo "$point: $n posts" && posts_since | cut -c1-80 &&
		test "$n" -ge 1 && test "$n" -le 2 &&
		test -z "$(ls "$C/state/outbox" | grep json)" &&
		test "$(hits_of good)" = 1 || exit 1
	done
'

disk_full_case() {
	test_expect_success 'S5 disk full: exit 73, HEAD unchanged, nothing sent unrecorded; next run catches up' '
		newcase s5 && cwt run 2>/dev/null &&
		head=$(git -C "$C/state" rev-parse HEAD) &&
		"$PY" -c "
import sys
items = \"\".join(\"<item><title>mesh networking %d</title><guid>big-%d</guid><link>http://example.com/b%d</link><description>%s</description></item>\" % (i, i, i, \"x\" * 2000) for i in range(400))
open(sys.argv[1], \"w\").write(\"<rss version=\\\"2.0\\\"><channel><title>B</title>\" + items + \"</channel></rss>\")
" "$SRV/big.rss" &&
		route /big.rss "{\"body_file\": \"big.rss\"}" &&
		add_source big "http://127.0.0.1:$PORT/big.rss" feed &&
		mark &&
		rc=0 &&
		if [ "$S5_MODE" = tmpfs ]; then
			cwt run 2>"$C/err" || rc=$?
		else
			( ulimit -f 64; exec timeout 60 "$SIGWATCH" --config "$C/sigwatch.yaml" run ) 2>"$C/err" || rc=$?
		fi &&
		echo "mode=$S5_MODE rc=$rc" && tail -n 3 "$C/err" &&
		test "$rc" = 73 &&
		test "$(git -C "$C/state" rev-parse HEAD)" = "$head" &&
		test "$(posts_since | wc -l)" = 0 &&
		s5_free &&
		cwt run 2>"$C/err2" &&
		test "$(hits_of big)" = 400 &&
		test "$(git -C "$C/state" rev-parse HEAD)" != "$head"
	'
}
# a 256 KiB tmpfs as the state directory when mounting is allowed, else a
# file size limit (sigwatch ignores SIGXFSZ, so writes fail with EFBIG)
S5_MODE=ulimit
s5_free() { :; }
mkdir -p "$TMP/tmpfs-probe"
if mount -t tmpfs -o size=256k tmpfs "$TMP/tmpfs-probe" 2>/dev/null; then
	umount "$TMP/tmpfs-probe"
	S5_MODE=tmpfs
	newcase_orig=$(declare -f newcase)
	eval "${newcase_orig/newcase/newcase_plain}"
	newcase() {
		newcase_plain "$@"
		mkdir -p "$C/state"
		mount -t tmpfs -o size=1m tmpfs "$C/state"
	}
	S5_MNT="$TMP/c-s5/state"
	s5_free() { mount -o remount,size=64m "$S5_MNT"; }
	disk_full_case
	umount "$S5_MNT" 2>/dev/null
	eval "${newcase_orig}"
else
	disk_full_case
fi

test_expect_success 'S6 corrupt repo: exit 73 with recovery advice, nothing deleted or re-initialised' '
	newcase s6 && cwt run 2>/dev/null &&
	# the objects are in packs (one per commit): empty them all
	packs=$(ls "$C"/state/.git/objects/pack/pack-*.pack) && test -n "$packs" &&
	for f in $packs; do chmod u+w "$f" && : >"$f" || exit 1; done &&
	files_before=$(find "$C/state" -type f | wc -l) &&
	rc=0; cwt run 2>"$C/err" || rc=$? &&
	cat "$C/err" && test "$rc" = 73 &&
	grep -q "fsck\|re-clone" "$C/err" &&
	test "$(find "$C/state" -type f | wc -l)" = "$files_before" &&
	for f in $packs; do test ! -s "$f" || exit 1; done &&
	rm "$C/state/.git/HEAD" &&
	rc=0; cwt run 2>"$C/err2" || rc=$? &&
	cat "$C/err2" && test "$rc" = 73 &&
	test ! -e "$C/state/.git/HEAD" &&
	test -f "$C/state/sources/good.json"
'

test_expect_success 'S7 push rejected by a diverged remote: logged, run ok, retried next run' '
	newcase s7 && cwt run 2>/dev/null &&
	br=$(git -C "$C/state" symbolic-ref --short HEAD) &&
	git init -q --bare "$C/remote.git" &&
	git -C "$C/remote.git" symbolic-ref HEAD "refs/heads/$br" &&
	git init -q "$C/other" && git -C "$C/other" checkout -q -b "$br" &&
	git -C "$C/other" -c user.name=x -c user.email=x@x commit -q --allow-empty -m diverged &&
	git -C "$C/other" push -q "$C/remote.git" "$br" &&
	printf "state_git:\n  remote: %s\n" "$C/remote.git" >>"$C/sigwatch.yaml" &&
	cp "$SRV/good.rss" "$SRV/good3.rss" &&
	sed -i "s/good-1/good-3/" "$SRV/good3.rss" &&
	route /good3.rss "{\"body_file\": \"good3.rss\"}" &&
	add_source good3 "http://127.0.0.1:$PORT/good3.rss" feed &&
	mark && cwt run 2>"$C/err" &&
	grep -q "push failed, retried next run" "$C/err" &&
	test "$(posts_since | wc -l)" -ge 1 &&
	test "$(hits_of good3)" = 1 &&
	test "$(git -C "$C/remote.git" log --format=%s -1 "$br")" = diverged &&
	cwt run 2>"$C/err2" &&
	grep -q "push failed, retried next run" "$C/err2" &&
	test "$(git -C "$C/remote.git" log --format=%s -1 "$br")" = diverged &&
	git -C "$C/remote.git" update-ref -d "refs/heads/$br" &&
	cwt run 2>"$C/err3" &&
	! grep -q "push failed" "$C/err3" &&
	test "$(git -C "$C/remote.git" rev-parse "$br")" = "$(git -C "$C/state" rev-parse HEAD)"
'

test_done
