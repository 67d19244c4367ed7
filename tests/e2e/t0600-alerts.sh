#!/usr/bin/env bash
# Alert delivery: a scripted Slack sink (500 x3, 429 + Retry-After,
# channel_is_archived, then 200), the outbox after each run, playbook
# activation and expiry on a fake clock, source-broken/recovered, the
# generic webhook's HMAC signature checked with openssl, the stdout
# notifier, min_severity, max_per_run, metrics and shards.
. "$(dirname "$0")/lib.sh"
FIX="$TOP/tests/e2e/fixtures/cycle"
mkdir -p "$TMP/srv" "$TMP/feeds"
cp -r "$FIX/docs" "$TMP/srv/"
cp -r "$FIX/rules" "$TMP/"
HOOK=/hooks/T000/B000/SECRETTOKEN123
cat >"$TMP/srv/routes.json" <<JSON
{
  "/blog.rss": {"status": 200, "body_file": "docs/blog.rss", "etag": "\"b1\""},
  "/blog2.rss": {"status": 200, "body_file": "docs/blog2.rss", "etag": "\"b2\""},
  "/news.atom": {"status": 200, "body_file": "docs/news.atom"},
  "/flaky.rss": [{"status": 500, "body": "oops"}, {"status": 500, "body": "oops"},
                 {"status": 200, "body_file": "docs/blog.rss"}],
  "$HOOK": [{"status": 500, "body": "rollup_error"}, {"status": 500, "body": "rollup_error"},
            {"status": 500, "body": "rollup_error"},
            {"status": 429, "body": "rate_limited", "retry_after": "1"},
            {"status": 410, "body": "channel_is_archived"},
            {"status": 200, "body": "ok"}],
  "/ops": {"status": 200, "body": "ok"},
  "/webhook": {"status": 204}
}
JSON
start_server "$TMP/srv/routes.json" "$TMP/srv" || exit 1
export SIGWATCH_SLACK_WEBHOOK="http://127.0.0.1:$PORT$HOOK"
export SIGWATCH_SLACK_PACE_MS=0
T0=1790000000

config() {	# config FEED_PATHS... : one source per path, Slack notifier
	{
		echo "rules: rules"; echo "feeds: feeds"; echo "state: state"
		echo "fetch: { allow_private_addresses: true, timeout: 10s }"
		echo "alerts:"
		echo "  first_run: alert"
		echo "  broken_after: 2"
		echo "  notifiers:"
		echo "    - { name: slack, type: slack, url_env: SIGWATCH_SLACK_WEBHOOK }"
	} >"$TMP/sigwatch.yaml"
	{
		echo "competitor: acme"
		echo "sources:"
		for p in "$@"; do
			echo "  - { id: src$(echo "$p" | tr -dc 'a-z0-9'), url: \"http://127.0.0.1:$PORT/$p\", kind: feed, every: 0s }"
		done
	} >"$TMP/feeds/test.yaml"
	rm -rf "$TMP/state"
}

at() { SIGWATCH_NOW=$((T0 + $1)) sw "${@:2}"; }
posts() { requests "$HOOK"; }
pending() { sw status --json | "$PY" -c 'import json,sys; print(json.load(sys.stdin)["outbox"]["pending"])'; }

config blog.rss
test_expect_success 'run 1: 500 keeps the alert in the outbox' '
	at 0 run 2>"$TMP/r1.err" &&
	test "$(posts)" = 1 &&
	test "$(pending)" = 1 &&
	ls "$TMP"/state/outbox/*.json &&
	grep -q "not delivered (.*500" "$TMP/r1.err"
'
test_expect_success 'run 2 before the backoff: no request' '
	at 30 run 2>/dev/null && test "$(posts)" = 1 && test "$(pending)" = 1
'
test_expect_success 'runs 3-4: 500 again, backoff grows, still pending' '
	at 61 run 2>/dev/null && test "$(posts)" = 2 &&
	at 62 run 2>/dev/null && test "$(posts)" = 2 &&
	at 200 run 2>/dev/null && test "$(posts)" = 3 && test "$(pending)" = 1
'
test_expect_success 'run 5: 429 honours Retry-After' '
	at 500 run 2>"$TMP/r5.err" && test "$(posts)" = 4 &&
	grep -q "rate limited" "$TMP/r5.err" && test "$(pending)" = 1
'
test_expect_success 'run 6: channel_is_archived dead-letters it, loudly' '
	at 502 run 2>"$TMP/r6.err" && test "$(posts)" = 5 &&
	grep -q "channel_is_archived" "$TMP/r6.err" &&
	test "$(pending)" = 0 &&
	sw status --json >"$TMP/st6" &&
	"$PY" -c "import json,sys; o=json.load(open(sys.argv[1]))[\"outbox\"]; assert o[\"dead\"]==1, o; assert \"channel_is_archived\" in o[\"dead_alerts\"][0][\"reason\"], o" "$TMP/st6" &&
	ls "$TMP"/state/outbox/dead/*.json &&
	sw status | grep -q "dead .*channel_is_archived"
'
test_expect_success 'the same alert id was posted five times, nothing lost' '
	request_bodies $HOOK | grep -o "Alert \`[0-9a-f]*\`" | sort | uniq -c | grep -q "^ *5 "
'
test_expect_success 'then 200: the activation carries the new hits, one message' '
	sed -i "s#/blog.rss#/blog2.rss#" "$TMP/feeds/test.yaml" &&
	at 600 run --force 2>"$TMP/r7.err" &&
	test "$(posts)" = 6 &&
	test "$(pending)" = 0 &&
	request_bodies $HOOK | tail -n 1 | grep -q "Playbook active" &&
	git -C "$TMP/state" log --format=%s | grep -q "^deliver: 1 sent"
'
test_expect_success 'playbook returns to watching when its window empties' '
	grep -q "\"state\": \"active\"" "$TMP/state/playbooks/acme-response.json" &&
	at $((600 + 91 * 86400)) run --force 2>"$TMP/r8.err" &&
	grep -q "back to watching" "$TMP/r8.err" &&
	grep -q "\"state\": \"watching\"" "$TMP/state/playbooks/acme-response.json" &&
	"$PY" -c "import json,sys; assert json.load(open(sys.argv[1]))[\"signals\"]==[]" "$TMP/state/playbooks/acme-response.json"
'
test_expect_success 'a signal outside the window does not count toward activation' '
	config blog.rss && at 0 run 2>/dev/null &&
	at $((100 * 86400)) status --json | "$PY" -c "
import json, sys
p = [p for p in json.load(sys.stdin)[\"playbooks\"] if p[\"id\"] == \"acme-response\"][0]
assert p[\"state\"] == \"watching\" and p[\"signals_in_window\"] == 0, p"
'
test_expect_success 'source-broken once after broken_after failures, then source-recovered' '
	config flaky.rss &&
	sed -i "s#^  notifiers:#  ops: [ops]\n  notifiers:\n    - { name: ops, type: webhook, url_env: OPS_URL }#" "$TMP/sigwatch.yaml" &&
	export OPS_URL="http://127.0.0.1:$PORT/ops" &&
	at 0 run 2>/dev/null; at 3600 run 2>/dev/null; at 7200 run 2>/dev/null;
	test "$(requests /flaky.rss)" = 3 &&
	request_bodies /ops >"$TMP/ops" &&
	test "$(grep -c "\"kind\": \"source-broken\"" "$TMP/ops")" = 1 &&
	test "$(grep -c "\"kind\": \"source-recovered\"" "$TMP/ops")" = 1 &&
	grep "source-broken" "$TMP/ops" | grep -q "HTTP 500"
'
test_expect_success 'generic webhook: HMAC-SHA256 signature verified with openssl' '
	config blog.rss &&
	sed -i "s#^    - { name: slack.*#    - { name: slack, type: webhook, url_env: HOOK_URL, secret_env: HOOK_KEY }#" "$TMP/sigwatch.yaml" &&
	HOOK_URL="http://127.0.0.1:$PORT/webhook" HOOK_KEY=s3cr3t-key at 0 run 2>/dev/null &&
	"$PY" - "$LOG" "$TMP" <<"PYEOF"
import json, sys
reqs = [json.loads(l) for l in open(sys.argv[1]) if json.loads(l)["path"] == "/webhook"]
assert len(reqs) == 1, len(reqs)
r = reqs[0]
open(sys.argv[2] + "/wh.body", "wb").write(r["body"].encode())
open(sys.argv[2] + "/wh.ts", "w").write(r["headers"]["x-sigwatch-timestamp"])
open(sys.argv[2] + "/wh.sig", "w").write(r["headers"]["x-sigwatch-signature"])
a = json.loads(r["body"])
assert a["schema"] == "sigwatch.alert/1" and a["kind"] == "signal", a
PYEOF
	want=$({ printf "%s." "$(cat "$TMP/wh.ts")"; cat "$TMP/wh.body"; } | openssl dgst -sha256 -hmac s3cr3t-key -r | cut -d" " -f1) &&
	test "$(cat "$TMP/wh.sig")" = "sha256=$want"
'
test_expect_success 'stdout notifier prints alert JSON lines; min_severity filters' '
	config blog.rss news.atom &&
	sed -i "s#^    - { name: slack.*#    - { name: console, type: stdout }\n    - { name: pager, type: stdout, min_severity: critical }#" "$TMP/sigwatch.yaml" &&
	at 0 run >"$TMP/stdout" 2>/dev/null &&
	test "$(grep -c "sigwatch.alert/1" "$TMP/stdout")" = 2
'
test_expect_success 'max_per_run: a flood becomes one overflow summary' '
	config blog.rss news.atom &&
	sed -i "s#^    - { name: slack.*#    - { name: console, type: stdout, max_per_run: 1 }#" "$TMP/sigwatch.yaml" &&
	at 0 run >"$TMP/stdout" 2>"$TMP/flood.err" &&
	test "$(grep -c "sigwatch.alert/1" "$TMP/stdout")" = 2 &&
	grep -q "summarised in one overflow alert" "$TMP/flood.err"
'
test_expect_success 'metrics file: Prometheus text, written atomically' '
	config blog.rss news.atom &&
	at 0 run --metrics-file "$TMP/sigwatch.prom" 2>/dev/null &&
	grep -q "^sigwatch_source_up{source=\"srcblogrss\"} 1$" "$TMP/sigwatch.prom" &&
	grep -q "^sigwatch_run_hits 2$" "$TMP/sigwatch.prom" &&
	grep -q "^# TYPE sigwatch_outbox_pending gauge$" "$TMP/sigwatch.prom"
'
test_expect_success 'hits command filters and prints JSON lines' '
	sw hits --json >"$TMP/hits.json" && test "$(wc -l <"$TMP/hits.json")" = 2 &&
	test "$(sw hits --json --rule acme-mesh | wc -l)" = 1 &&
	test "$(sw hits --json --playbook acme-response | wc -l)" = 1 &&
	test "$(sw hits --json --competitor nobody | wc -l)" = 0 &&
	sw hits | grep -q "acme-mesh"
'
test_expect_success 'shards together produce the same hits as one run' '
	config blog.rss news.atom blog2.rss &&
	at 0 run 2>/dev/null && cat "$TMP"/state/hits/*.jsonl | cut -d, -f3,8,9 | sort >"$TMP/all" &&
	for i in 0 1 2; do
		SIGWATCH_NOW=$T0 "$SIGWATCH" --config "$TMP/sigwatch.yaml" --state "$TMP/shard$i" run --shard $i/3 2>/dev/null || true
	done &&
	cat "$TMP"/shard*/hits/*.jsonl | cut -d, -f3,8,9 | sort >"$TMP/sharded" &&
	test_cmp "$TMP/all" "$TMP/sharded"
'
test_expect_success 'state is pushed to a bare remote; a rejected push is retried' '
	config blog.rss &&
	git init -q --bare "$TMP/remote.git" &&
	printf "state_git:\n  remote: %s\n" "$TMP/remote.git" >>"$TMP/sigwatch.yaml" &&
	at 0 run 2>/dev/null &&
	test "$(git -C "$TMP/remote.git" rev-parse main)" = "$(git -C "$TMP/state" rev-parse HEAD)" &&
	git clone -q -b main "$TMP/remote.git" "$TMP/other" &&
	git -C "$TMP/other" -c user.name=x -c user.email=x@y commit -q --allow-empty -m diverge &&
	git -C "$TMP/other" push -q origin HEAD:main &&
	at 60 run 2>"$TMP/push.err" &&
	grep -q "push failed" "$TMP/push.err" &&
	at 120 run 2>"$TMP/push2.err" &&
	grep -q "push failed" "$TMP/push2.err" &&
	test "$(git -C "$TMP/remote.git" log --format=%s -1 main)" = diverge
'
test_done
