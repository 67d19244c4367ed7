#!/usr/bin/env bash
# Reliability catalogue section 6: the webhook URL (a secret with a unique
# token) never reaches stderr (even with -v -v), state files, git history,
# .git/config, argv (/proc/PID/cmdline) or status --json; also when it
# comes from a credential file, and when Slack rejects it.
. "$(dirname "$0")/lib.sh"
. "$TOP/tests/fixtures/hostile/catalogue-lib.sh"

TOKEN=zq9Xk2Lm7Pw4Rt8Yv3Bn6Cd1
HOOKPATH="/hooks/T0SEC/B0SEC/$TOKEN"
export SIGWATCH_SLACK_WEBHOOK="http://127.0.0.1:$PORT$HOOKPATH"
route "$HOOKPATH" '{"status": 200, "body": "ok"}'

no_token_anywhere() {	# extra files to search...
	! grep -rl "$TOKEN" "$C/state" "$@" &&
	! git -C "$C/state" log -p --all | grep -q "$TOKEN" &&
	! grep -q "$TOKEN" "$C/state/.git/config" &&
	! cw status --json | grep -q "$TOKEN" &&
	! cw status | grep -q "$TOKEN" &&
	! git -C "$C/state" log -p --all | grep -q "hooks.slack.com/services/\|/hooks/T0SEC"
}

test_expect_success 'the webhook URL stays out of logs (-v -v), state, history, status' '
	newcase sec1 &&
	mark && cwt -v -v run 2>"$C/err" &&
	test "$(posts_since | wc -l)" = 1 &&
	test -s "$C/err" &&
	! grep -q "$TOKEN" "$C/err" &&
	cwt -v -v deliver 2>>"$C/err" && cwt -v -v check 2>>"$C/err" &&
	! grep -q "$TOKEN" "$C/err" &&
	no_token_anywhere "$C/err"
'

test_expect_success 'rejected by Slack (dead letter): the reason, never the URL' '
	newcase sec2 && route "$HOOKPATH" "{\"status\": 404, \"body\": \"no_service\"}" &&
	cwt -v -v run 2>"$C/err" &&
	cw status --json | grep -q no_service &&
	! grep -q "$TOKEN" "$C/err" &&
	no_token_anywhere "$C/err" &&
	route "$HOOKPATH" "{\"status\": 200, \"body\": \"ok\"}"
'

test_expect_success 'Slack unreachable: the error names no URL' '
	newcase sec3 &&
	SIGWATCH_SLACK_WEBHOOK="http://127.0.0.1:1/hooks/T0SEC/B0SEC/$TOKEN" cwt -v -v run 2>"$C/err" &&
	! grep -q "$TOKEN" "$C/err" &&
	no_token_anywhere "$C/err"
'

test_expect_success 'not in argv or the environment of children: /proc/PID/cmdline of a live run' '
	newcase sec4 &&
	route /slow-sec.rss "{\"body_file\": \"good.rss\", \"delay\": 3}" &&
	add_source slowsec "http://127.0.0.1:$PORT/slow-sec.rss" feed || exit 1
	"$SIGWATCH" --config "$C/sigwatch.yaml" run 2>"$C/err" &
	pid=$!
	sleep 1 &&
	test -r "/proc/$pid/cmdline" &&
	tr "\\0" " " <"/proc/$pid/cmdline" >"$C/cmdline" && cat "$C/cmdline" &&
	grep -q "sigwatch" "$C/cmdline" &&
	! grep -q "$TOKEN" "$C/cmdline" &&
	wait $pid &&
	no_token_anywhere "$C/err"
'

test_expect_success 'from a credential file (url_file): same hygiene' '
	newcase sec5 &&
	printf "%s\n" "$SIGWATCH_SLACK_WEBHOOK" >"$C/slack-webhook" && chmod 600 "$C/slack-webhook" &&
	sed -i "s#url_env: SIGWATCH_SLACK_WEBHOOK#url_file: $C/slack-webhook#" "$C/sigwatch.yaml" &&
	mark && env -u SIGWATCH_SLACK_WEBHOOK "$SIGWATCH" --config "$C/sigwatch.yaml" -v -v run 2>"$C/err" &&
	test "$(posts_since | wc -l)" = 1 &&
	! grep -q "$TOKEN" "$C/err" &&
	! grep -rl "$TOKEN" "$C/state" &&
	! git -C "$C/state" log -p --all | grep -q "$TOKEN"
'

test_done
