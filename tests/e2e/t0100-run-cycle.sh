#!/usr/bin/env bash
# One real watch cycle end to end: fetch over loopback, parse, match,
# record, commit, alert a Slack-compatible sink; then a second run that
# sends nothing new and uses 304s.
. "$(dirname "$0")/lib.sh"
FIX="$TOP/tests/e2e/fixtures/cycle"

setup() {	# setup FIRST_RUN
	rm -rf "$TMP/state" "$TMP/feeds" "$TMP/rules" "$TMP/docs"
	mkdir -p "$TMP/feeds"
	cp -r "$FIX/rules" "$FIX/docs" "$TMP/"
	cp "$FIX/routes.json" "$TMP/routes.json"
	sed "s/@PORT@/$PORT/g" "$FIX/feeds.yaml.in" >"$TMP/feeds/test.yaml"
	sed "s/@FIRST_RUN@/$1/" "$FIX/sigwatch.yaml.in" >"$TMP/sigwatch.yaml"
}

mkdir -p "$TMP/srv"
cp -r "$FIX/docs" "$TMP/srv/"
cp "$FIX/routes.json" "$TMP/srv/routes.json"
start_server "$TMP/srv/routes.json" "$TMP/srv" || exit 1
export SIGWATCH_SLACK_WEBHOOK="http://127.0.0.1:$PORT/hooks/T000/B000/SECRETTOKEN123"
export SIGWATCH_SLACK_PACE_MS=0
HOOK=/hooks/T000/B000/SECRETTOKEN123

setup alert

test_expect_success 'check accepts the test configuration' '
	sw check >"$TMP/check.out" 2>&1 &&
	grep -q "configuration OK" "$TMP/check.out"
'

test_expect_success 'first run records hits and alerts (first_run: alert)' '
	sw run 2>"$TMP/run1.err" &&
	test "$(requests /blog.rss)" = 1 &&
	test "$(requests /news.atom)" = 1 &&
	cat "$TMP"/state/hits/*.jsonl >"$TMP/hits1" &&
	test "$(wc -l <"$TMP/hits1")" = 2 &&
	grep -q "\"rule\":\"acme-mesh\".*\"source\":\"acme-blog\".*\"item\":\"acme-post-1\"" "$TMP/hits1" &&
	grep -q "\"rule\":\"hires-tailscale\".*\"source\":\"industry-news\".*\"item\":\"tag:news.example,2026:1\"" "$TMP/hits1" &&
	! grep -q "acme-post-2" "$TMP/hits1"
'

test_expect_success 'one Slack message per group (playbook, and hits without one)' '
	request_bodies $HOOK >"$TMP/posts1" &&
	test "$(wc -l <"$TMP/posts1")" = 2 &&
	grep -q "Acme writes about mesh networking" "$TMP/posts1" &&
	grep -q "Former Tailscale engineers hired" "$TMP/posts1" &&
	grep -q "\"unfurl_links\": false" "$TMP/posts1"
'

test_expect_success 'state has the DESIGN layout and two commits (run, delivery)' '
	test -f "$TMP/state/sources/acme-blog.json" &&
	test -f "$TMP/state/sources/industry-news.json" &&
	ls "$TMP"/state/items/acme-blog/*.jsonl &&
	test "$(cat "$TMP"/state/items/acme-blog/*.jsonl | wc -l)" = 3 &&
	test -f "$TMP/state/playbooks/acme-response.json" &&
	test "$(commits)" = 2 &&
	test -z "$(ls "$TMP/state/outbox" | grep json)" &&
	git -C "$TMP/state" log --format=%an%n%ae -1 | grep -q "^sigwatch$" &&
	git -C "$TMP/state" log --format=%s | grep -q "^run: 2 sources ok, 0 failed, 5 new items, 2 hits" &&
	git -C "$TMP/state" status --porcelain >"$TMP/porcelain" &&
	test ! -s "$TMP/porcelain"
'

test_expect_success 'second run: conditional requests, 304s, nothing sent, no commit' '
	sw run 2>"$TMP/run2.err" &&
	test "$(requests /blog.rss)" = 2 &&
	grep "\"path\": \"/blog.rss\"" "$LOG" | tail -n 1 | grep -q "if-none-match" &&
	grep "\"path\": \"/news.atom\"" "$LOG" | tail -n 1 | grep -q "if-modified-since" &&
	grep -q "source=acme-blog unchanged" "$TMP/run2.err" &&
	test "$(request_bodies $HOOK | wc -l)" = 2 &&
	test "$(commits)" = 2
'

test_expect_success 'a changed feed alerts only the new item, escaped' '
	cp "$TMP/docs/blog2.rss" "$TMP/srv/docs/blog.rss" &&
	"$PY" -c "import json,sys; r=json.load(open(sys.argv[1])); r[\"/blog.rss\"][\"etag\"]=\"\\\"b2\\\"\"; json.dump(r,open(sys.argv[1],\"w\"))" "$TMP/srv/routes.json" &&
	sleep 1.1 &&
	sw run 2>"$TMP/run3.err" &&
	cat "$TMP"/state/hits/*.jsonl >"$TMP/hits3" &&
	test "$(wc -l <"$TMP/hits3")" = 4 &&
	grep -q "\"rule\":\"acme-acquires\".*\"item\":\"acme-post-4\"" "$TMP/hits3" &&
	grep -q "\"rule\":\"acme-mesh\".*\"item\":\"acme-post-4\"" "$TMP/hits3" &&
	request_bodies $HOOK >"$TMP/posts3" &&
	test "$(wc -l <"$TMP/posts3")" = 3 &&
	tail -n 1 "$TMP/posts3" >"$TMP/post3" &&
	grep -q "Playbook active" "$TMP/post3" &&
	grep -q "&lt;!channel&gt;" "$TMP/post3" &&
	! grep -q "<!channel>" "$TMP/post3" &&
	"$PY" - "$TMP/post3" <<-"PYEOF" &&
	import json, sys
	# one message: the activation carries the new item once, with both rules
	p = json.load(open(sys.argv[1]))
	text = "\n".join(b["text"]["text"] for b in p["blocks"] if "text" in b)
	assert text.count("|Acme to acquire Widgetly") == 1, text
	assert "`acme-acquires`" in text and "`acme-mesh`" in text, text
	assert text.count("Triage: `sigwatch triage ") == 1, text
	PYEOF
	grep -q "\"state\": \"active\"" "$TMP/state/playbooks/acme-response.json"
'

test_expect_success 'the webhook URL appears in no log, state file or commit' '
	! grep -r "SECRETTOKEN123" "$TMP"/run*.err &&
	! grep -r --exclude-dir=.git "SECRETTOKEN123" "$TMP/state" &&
	! git -C "$TMP/state" log -p --all | grep -q "SECRETTOKEN123" &&
	! grep -q "SECRETTOKEN123" "$TMP/state/.git/config"
'

test_expect_success 'baseline: first fetch records hits without alerting' '
	setup baseline &&
	before=$(request_bodies $HOOK | wc -l) &&
	sw run --force 2>"$TMP/base.err" &&
	test "$(request_bodies $HOOK | wc -l)" = "$before" &&
	grep -q "\"baseline\":true" "$TMP"/state/hits/*.jsonl &&
	test "$(cat "$TMP"/state/hits/*.jsonl | wc -l)" = 4 &&
	grep -q "\"state\": \"active\"" "$TMP/state/playbooks/acme-response.json"
'

test_expect_success 'a second concurrent run exits 75 without touching state' '
	exec 9>"$TMP/state/.run/run.lock" && flock -n 9 &&
	head=$(git -C "$TMP/state" rev-parse HEAD) &&
	test_must_fail 75 sw run 2>"$TMP/lock.err" &&
	grep -q "another run holds the lock" "$TMP/lock.err" &&
	test "$(git -C "$TMP/state" rev-parse HEAD)" = "$head" &&
	exec 9>&-
'

test_expect_success 'dry run writes and sends nothing' '
	setup alert &&
	before=$(request_bodies $HOOK | wc -l) &&
	sw run --dry-run >"$TMP/dry.out" 2>"$TMP/dry.err" &&
	test ! -d "$TMP/state/.git" &&
	test "$(request_bodies $HOOK | wc -l)" = "$before" &&
	grep -q "acme-mesh" "$TMP/dry.out"
'

test_expect_success 'every source failing exits 69 and records health' '
	setup alert &&
	sed -i "s#127.0.0.1:$PORT/blog.rss#127.0.0.1:1/blog.rss#; s#127.0.0.1:$PORT/news.atom#127.0.0.1:1/news.atom#" "$TMP/feeds/test.yaml" &&
	test_must_fail 69 sw run 2>"$TMP/fail.err" &&
	test "$(grep -c "source=.* transient" "$TMP/fail.err")" = 2 &&
	grep -q "\"consecutive_failures\": 1" "$TMP/state/sources/acme-blog.json"
'

test_expect_success 'a broken rule file stops the run before any fetch (exit 78)' '
	setup alert &&
	printf "id: bad\ntitle: Bad\ndetection:\n  sel:\n    - \x27foo(bar\x27\n" >"$TMP/rules/bad.yaml" &&
	n=$(wc -l <"$LOG") &&
	test_must_fail 78 sw run 2>"$TMP/bad.err" &&
	grep -q "bad.yaml:5:[0-9]*: error: invalid regex" "$TMP/bad.err" &&
	test "$(wc -l <"$LOG")" = "$n" &&
	test ! -d "$TMP/state/.git"
'

test_done
