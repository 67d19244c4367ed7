#!/usr/bin/env bash
# Scheduling does what the timer means: with `every: 1h` and an hourly
# timer that fires a little early or late (RandomizedDelaySec, AccuracySec),
# every run fetches the source; a source is due once three quarters of
# `every` have passed. A failing source is retried on the next run, and a
# source whose definition was fixed is fetched at once, backoff or not.
# `status` shows when each source is next due. The clock is SIGWATCH_NOW.
. "$(dirname "$0")/lib.sh"
. "$TOP/tests/fixtures/hostile/catalogue-lib.sh"

T0=1780000000
at() { local t=$1; shift; SIGWATCH_NOW=$((T0 + t)) cw "$@"; }
# atf T run: a run whose exit status does not matter (a source fails)
atf() { at "$@" || true; }
fetches() { requests /good.rss; }

newcase sched
sed -i 's/every: 0s/every: 1h/' "$C/feeds/test.yaml"

test_expect_success 'first run fetches' '
	at 0 run 2>"$C/e0" && test "$(fetches)" = 1
'

test_expect_success 'a run one second "early" (59:59 later) still fetches every: 1h' '
	at 3599 run 2>"$C/e1" && test "$(fetches)" = 2
'

test_expect_success 'a run 45 minutes later (timer jitter) fetches: due within a quarter of every' '
	at $((3599 + 2700)) run 2>"$C/e2" && test "$(fetches)" = 3
'

test_expect_success 'a run 44 minutes later does not: that is earlier than the tolerance' '
	at $((3599 + 2700 + 2640)) run 2>"$C/e3" && test "$(fetches)" = 3
'

test_expect_success 'status shows the next due time (last attempt + 45 min)' '
	last=$((T0 + 3599 + 2700)) &&
	want=$(date -u -d "@$((last + 2700))" +%Y-%m-%dT%H:%M:%SZ) &&
	at $((3599 + 2700 + 60)) status --json >"$C/st.json" &&
	grep -q "\"next_due\": \"$want\"" "$C/st.json" &&
	at $((3599 + 2700 + 60)) status >"$C/st.txt" &&
	grep -q "due $want" "$C/st.txt" &&
	at $((3599 + 2700 + 2700)) status --json | grep -q "\"next_due\": null"
'

newcase failing
sed -i 's/every: 0s/every: 1h/' "$C/feeds/test.yaml"
add_source flaky "http://127.0.0.1:$PORT/flaky.rss" feed
sed -i 's/every: 0s/every: 1h/' "$C/feeds/test.yaml"
route /flaky.rss '{"status": 500}'

test_expect_success 'a failing source is retried on the next run, not skipped as not due' '
	atf 0 run 2>"$C/f0" &&
	test "$(requests /flaky.rss)" = 1 &&
	atf 600 run 2>"$C/f1" &&
	test "$(requests /flaky.rss)" = 2 &&
	test "$(SIGWATCH_NOW=$((T0 + 600)) stfield flaky next_due)" = "" &&
	test -n "$(SIGWATCH_NOW=$((T0 + 600)) stfield good next_due)" &&
	! grep -q "source=flaky not due" "$C/f1"
'

test_expect_success 'after a config fix the source is fetched on the next run, even while backing off' '
	atf 1200 run 2>"$C/f2" &&
	atf 1800 run 2>"$C/f3" &&
	test "$(requests /flaky.rss)" = 4 &&
	test -n "$(SIGWATCH_NOW=$((T0 + 1800)) stfield flaky next_allowed)" &&
	atf 1860 run 2>"$C/f4" &&
	test "$(requests /flaky.rss)" = 4 &&
	grep -q "source=flaky backing off" "$C/f4" &&
	sed -i "s#/flaky.rss#/good.rss#" "$C/feeds/test.yaml" &&
	mark &&
	at 1900 run 2>"$C/f5" &&
	cat "$C/f5" &&
	test "$(since /good.rss)" = 1 &&
	grep -q "source=flaky ok" "$C/f5"
'

test_done
