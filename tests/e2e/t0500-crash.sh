#!/usr/bin/env bash
# Kill the process (SIGKILL, via test-only crash points) at each step of a
# run; the next run must end with exactly the expected hits, no duplicate
# hit line, every alert delivered at least once, and a second send only
# when killed between a POST and the record of its 2xx in .run/delivered
# (recorded at once, honoured by the next run: a kill before the second
# POST or before the delivery commit re-sends nothing).
. "$(dirname "$0")/lib.sh"
FIX="$TOP/tests/e2e/fixtures/cycle"
mkdir -p "$TMP/srv"
cp -r "$FIX/docs" "$TMP/srv/"
cp "$FIX/routes.json" "$TMP/srv/routes.json"
start_server "$TMP/srv/routes.json" "$TMP/srv" || exit 1
export SIGWATCH_SLACK_WEBHOOK="http://127.0.0.1:$PORT/hooks/T000/B000/SECRETTOKEN123"
export SIGWATCH_SLACK_PACE_MS=0
HOOK=/hooks/T000/B000/SECRETTOKEN123

setup() {
	rm -rf "$TMP/state" "$TMP/feeds" "$TMP/rules"
	mkdir -p "$TMP/feeds"
	cp -r "$FIX/rules" "$TMP/"
	sed "s/@PORT@/$PORT/g" "$FIX/feeds.yaml.in" >"$TMP/feeds/test.yaml"
	sed "s/@FIRST_RUN@/alert/" "$FIX/sigwatch.yaml.in" >"$TMP/sigwatch.yaml"
}

# alert ids in the Slack posts since log line $1
alert_ids() {
	tail -n +"$(( $1 + 1 ))" "$LOG" | "$PY" -c '
import json, re, sys
for line in sys.stdin:
    r = json.loads(line)
    if r["method"] == "POST":
        m = re.search(r"Alert `([0-9a-f]{16})`", r["body"])
        print(m.group(1) if m else "none")
' | sort
}

# the reference: an uninterrupted run
setup
start=$(wc -l <"$LOG")
sw run 2>/dev/null
cat "$TMP"/state/hits/*.jsonl | "$PY" -c '
import json, sys
for l in sys.stdin: h = json.loads(l); print(h["rule"], h["source"], h["item"])' | sort >"$TMP/want-hits"
alert_ids "$start" >"$TMP/want-alerts"
sort -u "$TMP/want-alerts" >"$TMP/want-alerts-u"

test_expect_success 'reference run: 2 hits, 2 alerts' '
	test "$(wc -l <"$TMP/want-hits")" = 2 &&
	test "$(wc -l <"$TMP/want-alerts")" = 2
'

crash_case() {	# POINT DUPLICATES_ALLOWED
	local point=$1 dup=$2
	test_expect_success "killed at $point: next run recovers exactly" '
		setup &&
		start=$(wc -l <"$LOG") &&
		rc=0; SIGWATCH_CRASH_AT='"$point"' sw run 2>"$TMP/crash.err" || rc=$? &&
		test "$rc" = 137 &&
		sw run 2>"$TMP/after.err" &&
		cat "$TMP"/state/hits/*.jsonl | "$PY" -c "
import json, sys
for l in sys.stdin: h = json.loads(l); print(h[\"rule\"], h[\"source\"], h[\"item\"])" | sort >"$TMP/got-hits" &&
		test_cmp "$TMP/want-hits" "$TMP/got-hits" &&
		alert_ids "$start" >"$TMP/got-alerts" &&
		sort -u "$TMP/got-alerts" >"$TMP/got-alerts-u" &&
		test_cmp "$TMP/want-alerts-u" "$TMP/got-alerts-u" &&
		if [ '"$dup"' = no ]; then test_cmp "$TMP/want-alerts" "$TMP/got-alerts"; fi &&
		test -z "$(uniq -c "$TMP/got-alerts" | awk "\$1 > 2")" &&
		test -z "$(ls "$TMP/state/outbox" | grep json)" &&
		test -z "$(git -C "$TMP/state" status --porcelain)" &&
		sw run 2>/dev/null &&
		test "$(alert_ids "$start" | wc -l)" = "$(wc -l <"$TMP/got-alerts")"
	'
}

crash_case after-fetch no
crash_case fs_write_atomic.before_rename:1 no
crash_case fs_write_atomic.before_rename:4 no
crash_case during-writes no
crash_case before-commit no
crash_case gitstore_commit.before no
crash_case gitstore_commit.packed no
crash_case gitstore_commit.synced no
crash_case gitstore_commit.indexed no
crash_case gitstore_commit.after no
crash_case after-commit no
crash_case before-post no
crash_case before-post:2 no
crash_case after-post yes
crash_case after-post:2 yes
crash_case before-delivery-commit no
crash_case after-delivery-commit no

test_expect_success 'a stale index.lock is cleared while we hold the run lock' '
	setup && sw run 2>/dev/null &&
	: >"$TMP/state/.git/index.lock" &&
	cp "$TMP/docs/blog2.rss" "$TMP/srv/docs/blog.rss" 2>/dev/null || cp "$FIX/docs/blog2.rss" "$TMP/srv/docs/blog.rss" &&
	"$PY" -c "import json,sys; r=json.load(open(sys.argv[1])); r[\"/blog.rss\"][\"etag\"]=\"\\\"b2\\\"\"; json.dump(r,open(sys.argv[1],\"w\"))" "$TMP/srv/routes.json" &&
	sleep 1.1 &&
	sw run 2>"$TMP/lock.err" &&
	grep -q "stale" "$TMP/lock.err" &&
	test ! -e "$TMP/state/.git/index.lock" &&
	test "$(cat "$TMP"/state/hits/*.jsonl | wc -l)" = 4
'

test_done
