#!/usr/bin/env bash
# The state repository stays small: loose objects are packed with deltas
# once they pass a threshold (agent/state/gitpack.h), and a run killed
# while packing loses nothing.
. "$(dirname "$0")/lib.sh"
. "$TOP/tests/fixtures/hostile/catalogue-lib.sh"

# feed_run N: /news.rss with 40 items of ~3 KB (little to compress), 10
# of them new in run N
feed_run() {
	"$PY" - "$SRV/news.rss" "$1" <<'PYEOF'
import random, sys
path, n = sys.argv[1], int(sys.argv[2])
with open(path, "w") as f:
    f.write('<?xml version="1.0"?><rss version="2.0"><channel><title>n</title>')
    for i in range(n * 10, n * 10 + 40):
        f.write("<item><title>Story %d</title><guid>story-%d</guid>"
                "<description>%s</description></item>" % (i, i,
                " ".join("%x" % random.Random(i * 1000 + k).getrandbits(32)
                         for k in range(330))))
    f.write("</channel></rss>")
PYEOF
}
loose() { find "$1/.git/objects" -path '*/objects/[0-9a-f][0-9a-f]/*' -type f | wc -l; }
packs() { find "$1/.git/objects/pack" -name '*.pack' | wc -l; }

route /news.rss '{"body_file": "news.rss", "content_type": "application/rss+xml"}'

test_expect_success 'thirty runs: packs appear, loose objects stay bounded, the state stays near its gc size' '
	newcase pack &&
	add_source news "http://127.0.0.1:$PORT/news.rss" feed &&
	for n in $(seq 1 30); do
		feed_run "$n" && cwt run 2>"$C/err.$n" || { cat "$C/err.$n"; exit 1; }
	done &&
	s=$C/state && echo "loose $(loose "$s") packs $(packs "$s")" &&
	test "$(packs "$s")" -ge 1 && test "$(packs "$s")" -le 8 &&
	git -C "$s" fsck --no-progress 2>&1 | tee "$C/fsck" && ! grep -q . "$C/fsck" &&
	test "$(git -C "$s" rev-list --count HEAD)" -ge 30 &&
	rm -rf "$C/gc" && git clone -q --mirror "$s" "$C/gc" && git -C "$C/gc" gc -q --aggressive &&
	ours=$(du -sk "$s/.git/objects" | cut -f1) && theirs=$(du -sk "$C/gc/objects" | cut -f1) &&
	echo "objects: ours $ours KB, after git gc $theirs KB" &&
	test "$ours" -le $((theirs * 2 + 64))
'

test_expect_success 'killed right after the pack is written, or while pruning: nothing lost' '
	for point in gitpack.written gitpack.pruning; do
		newcase "kill-$point" &&
		add_source news "http://127.0.0.1:$PORT/news.rss" feed &&
		for n in $(seq 1 12); do
			feed_run "$n" &&
			SIGWATCH_CRASH_AT=$point timeout 60 "$SIGWATCH" --config "$C/sigwatch.yaml" run 2>"$C/err.$n"
			rc=$?; echo "$point run $n rc $rc" >>"$C/rcs"
		done &&
		grep -q "rc 137" "$C/rcs" &&
		feed_run 13 && cwt run 2>"$C/err.last" &&
		git -C "$C/state" fsck --no-progress >"$C/fsck" 2>&1 && ! grep -q . "$C/fsck" &&
		n=$(cat "$C"/state/items/news/*.jsonl | wc -l) && test "$n" = $((13 * 10 + 30)) || exit 1
	done
'

test_done
