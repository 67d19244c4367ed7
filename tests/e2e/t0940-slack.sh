#!/usr/bin/env bash
# Reliability catalogue section 5 (A1-A7): a fake Slack on loopback that
# answers with every error, rate limits, stalls and recovers. Alerts are
# never lost, dead letters carry the reason, payloads stay within Block
# Kit's limits and feed text cannot mention anyone or forge links.
. "$(dirname "$0")/lib.sh"
. "$TOP/tests/fixtures/hostile/catalogue-lib.sh"

hook() { route "$HOOKPATH" "$1"; }
# fresh_hook NAME: a webhook path of its own (sequence routes count per path)
fresh_hook() {
	HOOKPATH="/hooks/T0CAT/B0CAT/catsecret7f3a9c2e1b-$1"
	export SIGWATCH_SLACK_WEBHOOK="http://127.0.0.1:$PORT$HOOKPATH"
}
outbox() {	# KEY: a key of status --json's outbox
	cw status --json | "$PY" -c 'import json,sys; print(json.dumps(json.load(sys.stdin)["outbox"][sys.argv[1]]))' "$1"
}
alert_ids() { posts_since | grep -o "Alert \`[0-9a-f]*\`" ; }
# Block Kit limits (code points): <= 50 blocks, header <= 150, section
# text <= 3000, fields <= 10 x 2000, context <= 10, total <= 8000, text <= 4000
slack_valid() {
	posts_since | "$PY" -c '
import json, sys
n = 0
for line in sys.stdin:
    p = json.loads(line); n += 1
    assert 0 < len(p["text"]) <= 4000, len(p["text"])
    blocks = p.get("blocks", [])
    assert len(blocks) <= 50, len(blocks)
    total = 0
    for b in blocks:
        if b["type"] == "header":
            assert len(b["text"]["text"]) <= 150; total += len(b["text"]["text"])
        elif b["type"] == "section":
            if "text" in b:
                assert len(b["text"]["text"]) <= 3000; total += len(b["text"]["text"])
            f = b.get("fields", [])
            assert len(f) <= 10
            for x in f:
                assert len(x["text"]) <= 2000; total += len(x["text"])
        elif b["type"] == "context":
            assert 0 < len(b["elements"]) <= 10
            for x in b["elements"]:
                total += len(x["text"])
    assert total <= 8000, total
assert n > 0
print(n, "valid payloads")'
}

a1_case() {	# STATUS BODY VERDICT(config|payload|retry)
	A1S=$1 A1B=$2 A1V=$3
	test_expect_success "A1 Slack answers $1 $2: $3" '
		newcase "a1-$A1B" && hook "{\"status\": $A1S, \"body\": \"$A1B\"}" &&
		mark && rc=0; cwt run 2>"$C/err" || rc=$? &&
		n=$(posts_since | wc -l) && echo "rc=$rc posts=$n" &&
		case $A1V in
		config)
			test "$n" = 1 &&
			grep -q "$A1B" "$C/err" &&
			test "$(outbox dead)" = 1 &&
			outbox dead_alerts | grep -q "$A1B" ;;
		payload)
			test "$n" = 2 &&
			posts_since | tail -n 1 | "$PY" -c "import json,sys; p=json.loads(sys.stdin.read()); assert \"blocks\" not in p or not p[\"blocks\"], p" &&
			test "$(outbox dead)" = 1 &&
			outbox dead_alerts | grep -q "$A1B" ;;
		retry)
			test "$rc" = 0 && test "$(outbox pending)" = 1 && test "$(outbox dead)" = 0 ;;
		esac &&
		good_ok "$C/err"
	'
}
a1_case 404 channel_not_found config
a1_case 410 channel_is_archived config
a1_case 403 invalid_token config
a1_case 404 no_service config
a1_case 403 action_prohibited config
a1_case 403 posting_to_general_channel_denied config
a1_case 403 team_disabled config
a1_case 400 invalid_payload payload
a1_case 400 no_text payload
a1_case 400 invalid_blocks payload
a1_case 500 rollup_error retry

# A1: a receiver's configuration error dead-letters the alert, is logged at
# error priority and shows in `status` and the metrics; the run itself
# exits 0 (DESIGN.md's exit codes are about the run, not the receiver;
# README "Behaviour where the contract leaves a choice").
test_expect_success 'A1 a Slack configuration error is loud but does not fail the run' '
	newcase a1-exit && hook "{\"status\": 404, \"body\": \"channel_not_found\"}" &&
	cwt run 2>"$C/err" &&
	grep -q "failed permanently (404 channel_not_found)" "$C/err" &&
	test "$(outbox dead)" -ge 1
'
hook "{\"status\": 200, \"body\": \"ok\"}"

test_expect_success 'A2 429 with Retry-After: nothing lost, sent after the wait' '
	newcase a2 && fresh_hook a2 && hook "[{\"status\": 429, \"retry_after\": \"3\", \"body\": \"rate_limited\"}, {\"status\": 200, \"body\": \"ok\"}]" &&
	mark && cwt run 2>"$C/err" &&
	test "$(outbox pending)" = 1 &&
	sleep 3.2 && cwt deliver 2>"$C/err2" &&
	test "$(outbox pending)" = 0 && test "$(outbox dead)" = 0 &&
	test "$(posts_since | wc -l)" = 2 &&
	test "$(alert_ids | sort -u | wc -l)" = 1 &&
	hook "{\"status\": 200, \"body\": \"ok\"}"
'

test_expect_success 'A3 70 hits and a 10 000-character title: a valid payload every time' '
	newcase a3 &&
	"$PY" -c "
import sys
t = (\"mesh networking \" + \"\u00e9&<>\" * 2500)[:10000]
items = \"\".join(\"<item><title>%s %d</title><guid>a3-%d</guid><link>http://example.com/a3/%d</link><description>%s</description></item>\" % (t.replace(\"&\", \"&amp;\").replace(\"<\", \"&lt;\").replace(\">\", \"&gt;\"), i, i, i, \"mesh networking \" * 500) for i in range(70))
open(sys.argv[1], \"w\").write(\"<rss version=\\\"2.0\\\"><channel><title>A3</title>\" + items + \"</channel></rss>\")
" "$SRV/a3.rss" &&
	route /a3.rss "{\"body_file\": \"a3.rss\"}" &&
	add_source a3 "http://127.0.0.1:$PORT/a3.rss" feed &&
	mark && cwt run 2>"$C/err" &&
	test "$(hits_of a3)" = 70 &&
	slack_valid &&
	test "$(outbox pending)" = 0 && test "$(outbox dead)" = 0
'

test_expect_success 'A4 mrkdwn injection from feed text is escaped' '
	newcase a4 && cp "$H/injection.rss" "$SRV/inj.rss" &&
	route /inj.rss "{\"body_file\": \"inj.rss\"}" &&
	add_source inj "http://127.0.0.1:$PORT/inj.rss" feed &&
	mark && cwt run 2>"$C/err" &&
	posts_since | grep "Click to verify" >"$C/posts" &&
	test -s "$C/posts" &&
	! grep -q "<!channel>" "$C/posts" && ! grep -q "<!here>" "$C/posts" &&
	! grep -q "<@U123>" "$C/posts" && ! grep -q "<#C123>" "$C/posts" &&
	! grep -q "<https://evil" "$C/posts" &&
	grep -q "&lt;!channel&gt;" "$C/posts" &&
	grep -q "a &amp; b &gt; c" "$C/posts" &&
	"$PY" -c "
import json, re, sys
for l in open(sys.argv[1]):
    s = json.dumps(json.loads(l))
    for m in re.finditer(r\"<(http[^|>]*)\", s):
        assert \"<\" not in m.group(1) and \" \" not in m.group(1), m.group(0)
" "$C/posts"
'

test_expect_success 'A5 Slack down for 3 attempts, then up: delivered once it recovers' '
	newcase a5 && fresh_hook a5 &&
	hook "[{\"status\": 500, \"body\": \"x\"}, {\"status\": 500, \"body\": \"x\"}, {\"status\": 503, \"body\": \"x\"}, {\"status\": 200, \"body\": \"ok\"}]" &&
	mark && cwt run 2>"$C/err" && test "$(outbox pending)" = 1 &&
	cwt deliver 2>/dev/null; cwt deliver 2>/dev/null; test "$(outbox pending)" = 1 &&
	cwt deliver 2>"$C/err4" &&
	test "$(outbox pending)" = 0 && test "$(outbox dead)" = 0 &&
	test "$(posts_since | wc -l)" = 4 &&
	test "$(alert_ids | sort -u | wc -l)" = 1 &&
	cwt deliver 2>/dev/null && test "$(posts_since | wc -l)" = 4
'

test_expect_success 'A6 accepted then stalled past the timeout: resent once, recognisably' '
	newcase a6 && hook "{\"status\": 200, \"body\": \"ok\", \"delay\": 45}" &&
	mark && t0=$(date +%s) && cwt run 2>"$C/err" && dt=$(( $(date +%s) - t0 )) &&
	echo "run took $dt s" && test "$dt" -lt 60 &&
	test "$(outbox pending)" = 1 &&
	hook "{\"status\": 200, \"body\": \"ok\"}" &&
	cwt deliver 2>/dev/null &&
	test "$(outbox pending)" = 0 &&
	test "$(posts_since | wc -l)" = 2 &&
	test "$(alert_ids | wc -l)" = 2 && test "$(alert_ids | sort -u | wc -l)" = 1
'

test_expect_success 'A7 no GUID, or a re-published GUID for the same link and title: no repeat alert' '
	newcase a7 &&
	printf "<rss version=\"2.0\"><channel><title>T</title><item><title>mesh networking news</title><link>http://example.com/a7</link></item></channel></rss>" >"$SRV/a7.rss" &&
	route /a7.rss "{\"body_file\": \"a7.rss\"}" &&
	add_source a7 "http://127.0.0.1:$PORT/a7.rss" feed &&
	mark && cwt run 2>"$C/err" && test "$(hits_of a7)" = 1 &&
	printf "<rss version=\"2.0\"><channel><title>T </title><item><title>mesh networking news</title><link>http://example.com/a7</link></item></channel></rss>" >"$SRV/a7.rss" &&
	cwt run 2>"$C/err2" &&
	test "$(hits_of a7)" = 1 &&
	test "$(posts_since | grep -c "mesh networking news")" = 1
'

# A7: the seen index also keys items by link and title.
test_expect_success 'A7 new GUIDs for the same link and title: no repeat alert' '
	newcase a7b &&
	printf "<rss version=\"2.0\"><channel><title>T</title><item><title>mesh networking news</title><guid>g1</guid><link>http://example.com/a7b</link></item></channel></rss>" >"$SRV/a7b.rss" &&
	route /a7b.rss "{\"body_file\": \"a7b.rss\"}" &&
	add_source a7b "http://127.0.0.1:$PORT/a7b.rss" feed &&
	mark && cwt run 2>"$C/err" &&
	sed -i "s/>g1</>g2</" "$SRV/a7b.rss" &&
	cwt run 2>"$C/err2" &&
	test "$(posts_since | grep -c "mesh networking news")" = 1
'

test_expect_success 'a webhook post carries the configured fetch.user_agent' '
	newcase ua && hook "{\"status\": 200, \"body\": \"ok\"}" &&
	sed -i "s|^fetch:|fetch:\n  user_agent: \"acme-watch/2.0 (+ops@example.com)\"|" "$C/sigwatch.yaml" &&
	mark && cwt run 2>"$C/err" &&
	tail -n +"$((MARK + 1))" "$LOG" | "$PY" -c "
import json, sys
uas = [json.loads(l)[\"headers\"].get(\"user-agent\") for l in sys.stdin
       if json.loads(l)[\"path\"] == sys.argv[1]]
print(uas)
assert uas and all(u == \"acme-watch/2.0 (+ops@example.com)\" for u in uas), uas
" "$HOOKPATH"
'

test_done
