#!/usr/bin/env bash
# Issue 13, items 1-3: what one hostile source or one big state file could
# lose or stall. A paged board that never ends stays within the source's
# budget and the run's memory; appending never rewrites a state file it
# cannot read; quadratic paths are linear.
. "$(dirname "$0")/lib.sh"
. "$TOP/tests/fixtures/hostile/catalogue-lib.sh"

BOARD_PID=
start_board() {	# DESC_BYTES: a never-ending Lever board; sets BOARD_PORT
	rm -f "$TMP/board-port" "$TMP/board.log"
	"$PY" "$TOP/tests/helpers/hostile_board.py" --port-file "$TMP/board-port" \
		--desc-bytes "$1" --log "$TMP/board.log" --max-seconds 300 &
	BOARD_PID=$!
	for _ in $(seq 1 600); do [ -s "$TMP/board-port" ] && break; sleep 0.05; done
	BOARD_PORT=$(cat "$TMP/board-port")
}
trap 'test -n "$BOARD_PID" && kill "$BOARD_PID" 2>/dev/null; cleanup' EXIT
start_board 40000

test_expect_success 'item 1: an endless paged board stops at the byte budget, degraded, the rest kept' '
	newcase budget &&
	sed -i "s/^fetch:/fetch:\n  source_max_bytes: 12MB/" "$C/sigwatch.yaml" &&
	add_source board "http://127.0.0.1:$BOARD_PORT/v0/postings/hostile" lever &&
	: >"$TMP/board.log" &&
	cwt run 2>"$C/err" &&
	pages=$(wc -l <"$TMP/board.log") && echo "pages $pages" &&
	test "$pages" -ge 3 && test "$pages" -le 4 &&
	grep -q "source=board degraded: stopped paging after [0-9]* bytes (fetch.source_max_bytes)" "$C/err" &&
	test "$(stfield board last_status)" = degraded &&
	stfield board last_error | grep -q "source_max_bytes" &&
	n=$(cat "$C"/state/items/board/*.jsonl | wc -l) && test "$n" = $((pages * 100)) &&
	test "$(srcfield board consecutive_failures)" = 0 &&
	good_ok "$C/err"
'

test_expect_success 'item 1: the item budget stops a board too, and the next run goes on' '
	newcase items &&
	sed -i "s/^fetch:/fetch:\n  source_max_items: 250/" "$C/sigwatch.yaml" &&
	add_source board "http://127.0.0.1:$BOARD_PORT/v0/postings/hostile" lever &&
	cwt run 2>"$C/err" &&
	grep -q "source=board degraded: stopped after 250 items (fetch.source_max_items)" "$C/err" &&
	test "$(cat "$C"/state/items/board/*.jsonl | wc -l)" = 250 &&
	cwt run 2>"$C/err2" &&
	grep -q "source=board degraded: .* new=[1-9]" "$C/err2" ||
	grep -q "source=board degraded items=250 new=" "$C/err2"
'

test_expect_success 'item 1: peak memory stays bounded whatever the board sends (ulimit -v)' '
	test "$SANITIZED" = 1 && { echo "skipped under sanitizers"; exit 0; }
	newcase ulimit &&
	add_source board "http://127.0.0.1:$BOARD_PORT/v0/postings/hostile" lever &&
	: >"$TMP/board.log" &&
	rc=0 &&
	( ulimit -v 1048576; exec /usr/bin/time -f %M -o "$C/peak" timeout 120 \
		"$SIGWATCH" --config "$C/sigwatch.yaml" run ) 2>"$C/err" || rc=$? &&
	echo "rc $rc, peak RSS $(cat "$C/peak") KB" && test "$rc" = 0 &&
	pages=$(wc -l <"$TMP/board.log") && echo "pages $pages" && test "$pages" -ge 10 &&
	grep -q "source=board degraded" "$C/err" &&
	good_ok "$C/err" && test "$(git -C "$C/state" rev-list --count HEAD)" -ge 1
'

new_hit_source() {	# ID: one more source whose one item the rule hits
	sed "s/good-1/$1-1/g; s/Healthy source/Source $1/" "$SRV/good.rss" >"$SRV/$1.rss" &&
	route "/$1.rss" "{\"body_file\": \"$1.rss\", \"content_type\": \"application/rss+xml\"}" &&
	add_source "$1" "http://127.0.0.1:$PORT/$1.rss" feed
}

test_expect_success 'item 2: a run appends to a state file in place, never rewriting it' '
	newcase append &&
	SIGWATCH_NOW=2026-12-04T10:00:00Z cwt run 2>"$C/err" &&
	f=$C/state/hits/2026-12.jsonl && ino=$(stat -c %i "$f") &&
	test "$(wc -l <"$f")" = 1 &&
	new_hit_source second &&
	SIGWATCH_NOW=2026-12-04T11:00:00Z cwt run 2>"$C/err2" &&
	test "$(stat -c %i "$f")" = "$ino" && test "$(wc -l <"$f")" = 2 &&
	test -z "$(git -C "$C/state" status --porcelain)"
'

test_expect_success 'item 2: a state file too big to read keeps every byte; new lines go to its next part' '
	newcase bigfile &&
	SIGWATCH_NOW=2026-12-04T10:00:00Z cwt run 2>"$C/err" &&
	f=$C/state/hits/2026-12.jsonl && first=$(head -n 1 "$f") &&
	truncate -s 600M "$f" &&
	new_hit_source third &&
	SIGWATCH_NOW=2026-12-04T11:00:00Z cwt run 2>"$C/err2" &&
	test "$(stat -c %s "$f")" = $((600 * 1024 * 1024)) &&
	test "$(head -n 1 "$f")" = "$first" &&
	grep -q "\"source\":\"third\"" "$C/state/hits/2026-12_002.jsonl" &&
	git -C "$C/state" show HEAD:hits/2026-12_002.jsonl | grep -q "\"source\":\"third\"" &&
	cw hits --json >"$C/hits" && grep -q "\"source\":\"third\"" "$C/hits"
'

# item 3: each input is 10x the one that took a minute or more before
# (or the size cap, where 10x would not fit); the bounds are generous on
# purpose: linear code does each in well under a second.
elapsed_ok() {	# LIMIT_S CMD...: CMD finishes within LIMIT_S seconds
	local limit=$1 t0 t1 rc=0
	shift
	t0=$EPOCHREALTIME
	timeout $((limit * 3)) "$@" >"$TMP/.el.out" 2>"$TMP/.el.err" || rc=$?
	t1=$EPOCHREALTIME
	awk -v a="$t0" -v b="$t1" -v rc="$rc" "BEGIN { printf \"%.2f s, rc %s\\n\", b - a, rc }"
	[ "$rc" -ne 124 ] && awk -v a="$t0" -v b="$t1" -v l="$limit" "BEGIN { exit !(b - a < l) }"
}

test_expect_success 'item 3: an item with 2,000,000 categories parses in linear time, capped' '
	"$PY" - "$TMP/cats.rss" <<PYEOF &&
import sys
with open(sys.argv[1], "w") as f:
    f.write("<rss version=\"2.0\"><channel><title>c</title><item><title>t</title><guid>g</guid>")
    for i in range(2000000):
        f.write("<category>c%d</category>" % i)
    f.write("</item></channel></rss>")
PYEOF
	elapsed_ok 20 "$SIGWATCH" parse "$TMP/cats.rss" &&
	"$PY" -c "import json,sys; it=json.load(open(sys.argv[1]))[\"items\"][0]; assert len(it[\"categories\"]) == 100, len(it[\"categories\"])" "$TMP/.el.out"
'

test_expect_success 'item 3: a 4 MiB aliases file of distinct keys is checked in linear time' '
	newcase yaml &&
	"$PY" -c "
import sys
with open(sys.argv[1], \"w\") as f:
    i = 0
    while f.tell() < 4 * 1024 * 1024 - 64:
        f.write(\"a%07d: [x]\\n\" % i); i += 1
" "$C/rules/aliases.yaml" &&
	elapsed_ok 20 "$SIGWATCH" --config "$C/sigwatch.yaml" check
'

test_expect_success 'item 3: duplicate keys are still reported, in document order, with the first line' '
	newcase dupkeys &&
	printf "a: [x]\nb: [y]\na: [z]\nc: [w]\nb: [v]\n" >"$C/rules/aliases.yaml" &&
	test_must_fail 78 cw check 2>"$C/err" &&
	grep -n "duplicate key" "$C/err" >"$C/dups" &&
	sed -n 1p "$C/dups" | grep -q "aliases.yaml:3:1: error: duplicate key .a. (first at line 1)" &&
	sed -n 2p "$C/dups" | grep -q "aliases.yaml:5:1: error: duplicate key .b. (first at line 2)"
'

test_expect_success 'item 3: import-opml of 40,000 untitled outlines of one host is linear' '
	"$PY" - "$TMP/big.opml" <<PYEOF &&
import sys
with open(sys.argv[1], "w") as f:
    f.write("<opml version=\"2.0\"><body>")
    for i in range(40000):
        f.write("<outline type=\"rss\" xmlUrl=\"https://blog.example.com/f%d.xml\"/>" % i)
    f.write("</body></opml>")
PYEOF
	elapsed_ok 20 "$SIGWATCH" import-opml "$TMP/big.opml" &&
	test "$(grep -c "^  - id: " "$TMP/.el.out")" = 40000 &&
	test "$(grep "^  - id: " "$TMP/.el.out" | sort | uniq -d | wc -l)" = 0 &&
	grep -q "id: \"blog-example-com-40000\"$" "$TMP/.el.out"
'

test_done
