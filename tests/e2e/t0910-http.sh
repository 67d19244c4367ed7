#!/usr/bin/env bash
# Reliability catalogue section 2 (H1-H12): the HTTP client against a
# hostile loopback server. Every row: a clear per-source error class
# (log line, sources/ID.json, status --json), the healthy source still
# fetched and matched, bounded time.
. "$(dirname "$0")/lib.sh"
. "$TOP/tests/fixtures/hostile/catalogue-lib.sh"

cp "$SRV/good.rss" "$SRV/other.rss"
route /other.rss '{"body_file": "other.rss", "content_type": "application/rss+xml"}'

# a second fixture server speaking TLS with a self-signed certificate
TLS_PID=
start_tls() {
	rm -f "$TMP/tls-port"
	"$PY" "$TOP/tests/helpers/fixture_httpd.py" --routes "$SRV/routes.json" \
		--root "$SRV" --port-file "$TMP/tls-port" --log "$TMP/tls.jsonl" \
		--max-seconds 300 --tls-cert "$TOP/tests/fixtures/http/tls-cert.pem" \
		--tls-key "$TOP/tests/fixtures/http/tls-key.pem" >"$TMP/tls.out" 2>&1 &
	TLS_PID=$!
	for _ in $(seq 1 100); do [ -s "$TMP/tls-port" ] && break; sleep 0.05; done
	TLS_PORT=$(cat "$TMP/tls-port")
}
trap 'test -n "$TLS_PID" && kill "$TLS_PID" 2>/dev/null; cleanup' EXIT

set_broken_after() {	# N: alerts.broken_after in the case config
	sed -i "s/^alerts:/alerts:\n  broken_after: $1/" "$C/sigwatch.yaml"
}

test_expect_success 'H1 non-HTTP scheme in the config is refused at load (exit 78)' '
	newcase h1a && add_source bad "file:/etc/passwd" feed &&
	mark &&
	test_must_fail 78 cwt check 2>"$C/err" &&
	grep -q "test.yaml:[0-9]*:[0-9]*: error: .*scheme" "$C/err" &&
	test_must_fail 78 cwt run 2>"$C/err2" &&
	test "$(since /good.rss)" = 0 && test ! -d "$C/state/.git"
'

test_expect_success 'H1 redirect to file:// and ftp:// is policy_blocked' '
	newcase h1b &&
	route /to-file "{\"redirect\": \"file:///etc/hostname\"}" &&
	route /to-ftp "{\"redirect\": \"ftp://127.0.0.1:$PORT/x\"}" &&
	add_source tofile "http://127.0.0.1:$PORT/to-file" feed &&
	add_source toftp "http://127.0.0.1:$PORT/to-ftp" feed &&
	cwt run 2>"$C/err" &&
	failed_with tofile policy_blocked "$C/err" &&
	failed_with toftp policy_blocked "$C/err" &&
	! grep -rq "$(cat /etc/hostname)" "$C/state/items" 2>/dev/null &&
	good_ok "$C/err"
'

test_expect_success 'H2 SSRF: private, loopback, link-local and mapped addresses refused before connect' '
	newcase h2 false &&
	route /to-private "{\"redirect\": \"http://127.0.0.2:$PORT/secret\"}" &&
	add_source redir "http://127.0.0.1:$PORT/to-private" feed &&
	add_source meta "http://169.254.169.254/latest/meta-data/" feed &&
	add_source v6loop "http://[::1]:$PORT/secret" feed &&
	add_source mapped "http://[::ffff:127.0.0.1]:$PORT/secret" feed &&
	add_source ten "http://10.0.0.1:$PORT/secret" feed &&
	add_source cgnat "http://100.64.0.1:$PORT/secret" feed &&
	add_source zero "http://0.0.0.0:$PORT/secret" feed &&
	add_source lhost "http://localhost:$PORT/secret" feed &&
	add_source rfc1918 "http://192.168.1.1:$PORT/secret" feed &&
	add_source ula "http://[fd00::1]:$PORT/secret" feed &&
	mark &&
	rc=0; cwt run 2>"$C/err" || rc=$? &&
	test "$rc" = 69 &&
	for s in good redir meta v6loop mapped ten cgnat zero lhost rfc1918 ula; do
		failed_with $s policy_blocked "$C/err" || { echo "not blocked: $s"; exit 1; }
	done &&
	test "$(since /to-private)" = 0 && test "$(since /secret)" = 0 &&
	test "$(since /good.rss)" = 0
'

test_expect_success 'H3 redirect loop: at most 6 requests, transient' '
	newcase h3 &&
	route /loop "{\"redirect\": \"/loop\"}" &&
	add_source loop "http://127.0.0.1:$PORT/loop" feed &&
	mark && cwt run 2>"$C/err" &&
	n=$(since /loop) && echo "requests: $n" && test "$n" -le 6 && test "$n" -ge 2 &&
	failed_with loop transient "$C/err" &&
	good_ok "$C/err"
'

test_expect_success 'H4 50 MB chunked body and gzip bomb: too_large at the cap, old state kept' '
	newcase h4 &&
	route /chunked.rss "{\"body_file\": \"other.rss\", \"content_type\": \"application/rss+xml\"}" &&
	route /bomb.rss "{\"body_file\": \"other.rss\", \"content_type\": \"application/rss+xml\"}" &&
	add_source chunked "http://127.0.0.1:$PORT/chunked.rss" feed &&
	add_source bomb "http://127.0.0.1:$PORT/bomb.rss" feed &&
	cwt run 2>"$C/err0" && test "$(srcfield bomb items)" = 1 &&
	route /chunked.rss "{\"generate\": {\"bytes\": 52428800, \"byte\": \"<\"}, \"chunked\": true}" &&
	route /bomb.rss "{\"generate\": {\"bytes\": 52428800, \"byte\": \"0\"}, \"gzip\": true}" &&
	peak_kb timeout 60 "$SIGWATCH" --config "$C/sigwatch.yaml" run 2>"$C/err" &&
	echo "rc=$RC peak=$PEAK_KB KB" && test "$RC" = 0 && test "$PEAK_KB" -lt 102400 &&
	failed_with chunked too_large "$C/err" &&
	failed_with bomb too_large "$C/err" &&
	test "$(srcfield bomb items)" = 1 && test "$(srcfield chunked items)" = 1 &&
	good_ok "$C/err"
'

test_expect_success 'H5 slow drip is aborted (transient) in bounded time' '
	newcase h5 &&
	sed -i "s/timeout: 20s/timeout: 8s/" "$C/sigwatch.yaml" &&
	route /drip.rss "{\"drip\": {\"bytes\": 1, \"every\": 2.0, \"total\": 200}}" &&
	add_source drip "http://127.0.0.1:$PORT/drip.rss" feed &&
	t0=$(date +%s) && cwt run 2>"$C/err" && dt=$(( $(date +%s) - t0 )) &&
	echo "took $dt s" && test "$dt" -lt 30 &&
	failed_with drip transient "$C/err" &&
	good_ok "$C/err"
'

test_expect_success 'H6 self-signed TLS: permanent; operator told after broken_after failures' '
	start_tls &&
	newcase h6 && set_broken_after 2 &&
	add_source tls "https://127.0.0.1:$TLS_PORT/other.rss" feed &&
	mark &&
	cwt run 2>"$C/err" &&
	failed_with tls permanent "$C/err" &&
	stfield tls last_error | grep -q "TLS" &&
	test ! -s "$TMP/tls.jsonl" &&
	good_ok "$C/err" &&
	sleep 1 && SIGWATCH_NOW=$(( $(date +%s) + 86400 )) cwt run 2>"$C/err2" &&
	test "$(srcfield tls consecutive_failures)" = 2 &&
	test "$(srcfield tls broken)" = True &&
	posts_since | grep -q "source-broken\|Source broken\|broken" &&
	posts_since | grep "\\btls\\b" >/dev/null
'

test_expect_success 'H7 DNS failure: transient, failures counted' '
	newcase h7 &&
	add_source nodns "http://nonexistent.invalid/feed.rss" feed &&
	cwt run 2>"$C/err" &&
	failed_with nodns transient "$C/err" &&
	test "$(srcfield nodns consecutive_failures)" = 1 &&
	good_ok "$C/err"
'

test_expect_success 'H8 HTTP errors are classified by status, never taken as success' '
	newcase h8 &&
	for c in 429 500 410 404 403 401; do
		route "/status-$c" "{\"status\": $c, \"body\": \"<rss version=\\\"2.0\\\"><channel><item><title>mesh networking</title></item></channel></rss>\"}" &&
		add_source "st$c" "http://127.0.0.1:$PORT/status-$c" feed || exit 1
	done &&
	cwt run 2>"$C/err" &&
	failed_with st429 transient "$C/err" &&
	failed_with st500 transient "$C/err" &&
	failed_with st404 transient "$C/err" &&
	failed_with st410 permanent "$C/err" &&
	failed_with st403 permanent "$C/err" &&
	failed_with st401 permanent "$C/err" &&
	for c in 429 500 410 404 403 401; do
		test "$(hits_of st$c)" = 0 || exit 1
	done &&
	good_ok "$C/err"
'

test_expect_success 'H9 429 + Retry-After: next_allowed in status, source skipped until then' '
	newcase h9 &&
	route /limited.rss "{\"status\": 429, \"retry_after\": \"7\"}" &&
	add_source limited "http://127.0.0.1:$PORT/limited.rss" feed &&
	mark && cwt run 2>"$C/err" &&
	failed_with limited transient "$C/err" &&
	na=$(stfield limited next_allowed) && echo "next_allowed=$na" && test -n "$na" &&
	"$PY" -c "
import datetime, sys, time
t = datetime.datetime.strptime(sys.argv[1], \"%Y-%m-%dT%H:%M:%SZ\").replace(tzinfo=datetime.timezone.utc).timestamp()
d = t - time.time()
assert 3 <= d <= 9, d
" "$na" &&
	cwt run 2>"$C/err2" &&
	test "$(since /limited.rss)" = 1 &&
	grep -q "source=limited backing off" "$C/err2" &&
	good_ok "$C/err"
'

test_expect_success 'H10 304 with ETag and Last-Modified: unchanged, no parse, no commit' '
	newcase h10 &&
	route /etag.rss "{\"body_file\": \"other.rss\", \"etag\": \"W/\\\"v1\\\"\", \"content_type\": \"application/rss+xml\"}" &&
	route /lm.rss "{\"body_file\": \"other.rss\", \"last_modified\": \"Wed, 21 Oct 2015 07:28:00 GMT\"}" &&
	add_source etag "http://127.0.0.1:$PORT/etag.rss" feed &&
	add_source lm "http://127.0.0.1:$PORT/lm.rss" feed &&
	cwt run 2>"$C/err" &&
	test "$(srcfield etag etag)" = "W/\"v1\"" &&
	n=$(git -C "$C/state" rev-list --count HEAD) &&
	mark && cwt run 2>"$C/err2" &&
	tail -n +"$((MARK + 1))" "$LOG" | grep "\"/etag.rss\"" | grep -q "if-none-match\": \"W/\\\\\"v1\\\\\"\"" &&
	tail -n +"$((MARK + 1))" "$LOG" | grep "\"/lm.rss\"" | grep -q "if-modified-since" &&
	grep -q "source=etag unchanged" "$C/err2" &&
	grep -q "source=lm unchanged" "$C/err2" &&
	test "$(git -C "$C/state" rev-list --count HEAD)" = "$n"
'

test_expect_success 'H11 server ignoring conditional requests: unchanged, no new items, no commit' '
	newcase h11a &&
	route /ignore.rss "{\"body_file\": \"other.rss\", \"headers\": {\"ETag\": \"\\\"always-new\\\"\"}}" &&
	add_source ignore "http://127.0.0.1:$PORT/ignore.rss" feed &&
	cwt run 2>"$C/err" &&
	n=$(git -C "$C/state" rev-list --count HEAD) &&
	items=$(cat "$C"/state/items/ignore/*.jsonl | wc -l) &&
	mark && cwt run 2>"$C/err2" &&
	test "$(since /ignore.rss)" = 1 &&
	grep -q "source=ignore unchanged" "$C/err2" &&
	test "$(cat "$C"/state/items/ignore/*.jsonl | wc -l)" = "$items" &&
	test "$(git -C "$C/state" rev-list --count HEAD)" = "$n"
'

# H11: once a day sigwatch asks without validators.
test_expect_success 'H11 wrong 304: an unconditional fetch within 24 h sees the change' '
	newcase h11b &&
	cp "$SRV/other.rss" "$SRV/wrong.rss" &&
	route /wrong.rss "{\"body_file\": \"wrong.rss\", \"etag\": \"\\\"stuck\\\"\"}" &&
	add_source wrong "http://127.0.0.1:$PORT/wrong.rss" feed &&
	cwt run 2>"$C/err" &&
	sed "s/good-1/good-2/; s/Acme launches/Acme ships/" "$SRV/other.rss" >"$SRV/wrong.rss" &&
	SIGWATCH_NOW=$(( $(date +%s) + 25 * 3600 )) cwt run 2>"$C/err2" &&
	cat "$C"/state/items/wrong/*.jsonl | grep -q good-2
'

test_expect_success 'H12 politeness: per-host connection cap, honest User-Agent' '
	newcase h12 &&
	sed -i "s/^fetch:/fetch:\n  per_host: 2/" "$C/sigwatch.yaml" &&
	route /slow.rss "{\"body_file\": \"other.rss\", \"delay\": 0.3}" &&
	for i in $(seq 1 12); do
		add_source "slow$i" "http://127.0.0.1:$PORT/slow.rss?i=$i" feed || exit 1
	done &&
	mark && cwt run 2>"$C/err" &&
	test "$(since /slow.rss)" = 12 &&
	max=$(tail -n +"$((MARK + 1))" "$LOG" | "$PY" -c "
import json, sys
print(max(json.loads(l)[\"inflight\"] for l in sys.stdin))") &&
	echo "max inflight $max" && test "$max" -le 2 &&
	tail -n +"$((MARK + 1))" "$LOG" | grep "\"/slow.rss\"" | head -n 1 |
		grep -q "user-agent\": \"sigwatch/[^\"]*(+http" &&
	good_ok "$C/err"
'

test_done
