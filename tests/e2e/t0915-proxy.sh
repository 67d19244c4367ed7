#!/usr/bin/env bash
# fetch.proxy: sources and webhook deliveries through an HTTP CONNECT proxy
# (tests/helpers/connect_proxy.py, which logs every CONNECT authority), with
# the private-address guard kept whole: sigwatch resolves each host itself,
# checks the address, and asks the proxy for that address only. no_proxy
# hosts go direct; a proxy that is down gives an error naming it. The
# servers are all on loopback, which sigwatch reaches directly unless
# SIGWATCH_TEST_PROXY_LOOPBACK=1 (tests only) sends it through the proxy.
. "$(dirname "$0")/lib.sh"
FIX="$TOP/tests/e2e/fixtures/cycle"
mkdir -p "$TMP/srv" "$TMP/hooksrv" "$TMP/feeds"
cp -r "$FIX/docs" "$TMP/srv/"
cp -r "$FIX/rules" "$TMP/"
HOOK=/hooks/T000/B000/SECRETTOKEN123
PROXY_PID=
HOOK_PID=

# a second fixture server, for the webhook: its own port tells its
# CONNECTs apart from the sources'
echo "{\"$HOOK\": {\"status\": 200, \"body\": \"ok\"}}" >"$TMP/hooksrv/routes.json"
: >"$TMP/hooks.jsonl"
"$PY" "$TOP/tests/helpers/fixture_httpd.py" --routes "$TMP/hooksrv/routes.json" \
	--port-file "$TMP/hookport" --log "$TMP/hooks.jsonl" --max-seconds 300 \
	>"$TMP/hooksrv.out" 2>&1 &
HOOK_PID=$!

# start_proxy [USER:PASSWORD]: sets PPORT; the log is $TMP/proxy.jsonl
start_proxy() {
	rm -f "$TMP/pport"
	"$PY" "$TOP/tests/helpers/connect_proxy.py" --port-file "$TMP/pport" \
		--log "$TMP/proxy.jsonl" --max-seconds 300 ${1:+--auth "$1"} \
		>"$TMP/proxy.out" 2>&1 &
	PROXY_PID=$!
	for _ in $(seq 1 600); do
		[ -s "$TMP/pport" ] && break
		sleep 0.05
	done
	[ -s "$TMP/pport" ] || { echo "proxy did not start"; cat "$TMP/proxy.out"; return 1; }
	PPORT=$(cat "$TMP/pport")
}
stop_proxy() {
	if [ -n "$PROXY_PID" ]; then
		kill "$PROXY_PID" 2>/dev/null
		wait "$PROXY_PID" 2>/dev/null
		PROXY_PID=
	fi
}
trap 'stop_proxy; [ -n "$HOOK_PID" ] && kill "$HOOK_PID" 2>/dev/null; cleanup' EXIT

cat >"$TMP/srv/routes.json" <<JSON
{
  "/blog.rss": {"status": 200, "body_file": "docs/blog.rss"},
  "/news.atom": {"status": 200, "body_file": "docs/news.atom"},
  "/moved": {"status": 302, "redirect": "/news.atom"}
}
JSON
start_server "$TMP/srv/routes.json" "$TMP/srv" || exit 1
for _ in $(seq 1 600); do [ -s "$TMP/hookport" ] && break; sleep 0.05; done
HPORT=$(cat "$TMP/hookport")
start_proxy || exit 1
export HOOK_URL="http://127.0.0.1:$HPORT$HOOK"
export SIGWATCH_SLACK_PACE_MS=0
export SIGWATCH_TEST_PROXY_LOOPBACK=1

# config ALLOW_PRIVATE PROXY_PORT [EXTRA_FETCH_LINE]: one source, the
# webhook notifier; URL of the source in $SRC_URL
config() {
	{
		echo "rules: rules"; echo "feeds: feeds"; echo "state: state"
		echo "fetch:"
		echo "  allow_private_addresses: $1"
		echo "  timeout: 10s"
		echo "  connect_timeout: 5s"
		echo "  proxy: http://127.0.0.1:$2"
		[ -n "${3:-}" ] && echo "  $3"
		echo "alerts:"
		echo "  first_run: alert"
		echo "  max_age: 0s"	# the fixtures carry fixed dates
		echo "  notifiers:"
		echo "    - { name: hook, type: webhook, url_env: HOOK_URL }"
	} >"$TMP/sigwatch.yaml"
	{
		echo "competitor: acme"
		echo "sources:"
		echo "  - { id: blog, url: \"$SRC_URL\", kind: feed, every: 0s }"
	} >"$TMP/feeds/test.yaml"
	rm -rf "$TMP/state"
}

# requests_in LOG PATH: requests a fixture server logged for PATH
requests_in() { LOG="$1" requests "$2"; }

# authorities: every authority the proxy was asked for, sorted, unique
authorities() {
	"$PY" -c 'import json, sys
print("\n".join(sorted({json.loads(l)["authority"] for l in open(sys.argv[1])})))' "$TMP/proxy.jsonl"
}

# connects AUTHORITY [STATUS]: CONNECT requests the proxy logged for it
connects() {
	"$PY" - "$TMP/proxy.jsonl" "$1" "${2:-0}" <<'PYEOF'
import json, sys
n = 0
try:
    for line in open(sys.argv[1]):
        r = json.loads(line)
        if (sys.argv[2] == "*" or r["authority"] == sys.argv[2]) and \
           (sys.argv[3] == "0" or r["status"] == int(sys.argv[3])):
            n += 1
except FileNotFoundError:
    pass
print(n)
PYEOF
}

SRC_URL="http://localhost:$PORT/blog.rss"
config true "$PPORT"
test_expect_success 'check accepts the proxy settings' '
	sw check >"$TMP/check.out" 2>&1 && grep -q "configuration OK" "$TMP/check.out"
'
test_expect_success 'a source is fetched through the proxy, CONNECT to the checked address' '
	sw run 2>"$TMP/r1.err" &&
	test "$(requests /blog.rss)" = 1 &&
	test "$(connects "127.0.0.1:$PORT" 200)" = 1 &&
	test "$(connects "localhost:$PORT")" = 0 &&
	sw status --json | "$PY" -c "
import json, sys
s = json.load(sys.stdin)[\"sources\"][0]
assert s[\"last_status\"] == \"ok\", s"
'
test_expect_success 'the webhook delivery goes through the proxy too' '
	test "$(requests_in "$TMP/hooks.jsonl" "$HOOK")" -ge 1 &&
	test "$(connects "127.0.0.1:$HPORT" 200)" -ge 1 &&
	test "$(sw status --json | "$PY" -c "import json,sys; print(json.load(sys.stdin)[\"outbox\"][\"pending\"])")" = 0 &&
	! grep -q SECRETTOKEN "$TMP/r1.err" "$TMP/proxy.jsonl"
'
test_expect_success 'redirects: every hop resolved, checked and tunnelled' '
	SRC_URL="http://localhost:$PORT/moved" && config true "$PPORT" &&
	before=$(connects "127.0.0.1:$PORT" 200) &&
	sw run 2>/dev/null &&
	test "$(requests /news.atom)" = 1 &&
	test "$(connects "127.0.0.1:$PORT" 200)" -gt "$before" &&
	authorities >"$TMP/auth" &&
	printf "127.0.0.1:%s\n" "$PORT" "$HPORT" | sort >"$TMP/auth.want" &&
	test_cmp "$TMP/auth.want" "$TMP/auth"
'
test_expect_success 'a name resolving to a private address is refused before the proxy' '
	SRC_URL="http://localhost:$PORT/blog.rss" && config false "$PPORT" &&
	before=$(connects "*") && fetched=$(requests /blog.rss) &&
	test_must_fail 69 sw run 2>"$TMP/r3.err" &&
	test "$(connects "*")" = "$before" &&
	test "$(requests /blog.rss)" = "$fetched" &&
	grep "blog" "$TMP/r3.err" | grep -q "policy_blocked" &&
	grep -q "refused private address 127.0.0.1 (allowed only with fetch.allow_private_addresses: true)" "$TMP/r3.err"
'
test_expect_success 'no_proxy hosts go direct (the webhook, on 127.0.0.1, does not)' '
	SRC_URL="http://localhost:$PORT/blog.rss" &&
	config true "$PPORT" "no_proxy: [localhost]" &&
	before=$(connects "127.0.0.1:$PORT") && fetched=$(requests /blog.rss) &&
	hooks=$(connects "127.0.0.1:$HPORT" 200) &&
	sw run 2>/dev/null &&
	test "$(requests /blog.rss)" = $((fetched + 1)) &&
	test "$(connects "127.0.0.1:$PORT")" = "$before" &&
	test "$(connects "127.0.0.1:$HPORT" 200)" = $((hooks + 1))
'
test_expect_success 'loopback targets go direct unless the test says otherwise' '
	config true "$PPORT" &&
	before=$(connects "*") && fetched=$(requests /blog.rss) &&
	SIGWATCH_TEST_PROXY_LOOPBACK= sw run 2>/dev/null &&
	test "$(requests /blog.rss)" = $((fetched + 1)) &&
	test "$(connects "*")" = "$before"
'
test_expect_success 'proxy down: a per-source error naming the proxy' '
	stop_proxy &&
	config true "$PPORT" &&
	fetched=$(requests /blog.rss) &&
	test_must_fail 69 sw run 2>"$TMP/r5.err" &&
	test "$(requests /blog.rss)" = "$fetched" &&
	# "cannot connect to proxy ..." here; on a machine where another
	# program took the freed port meanwhile, another error naming it
	grep "blog" "$TMP/r5.err" | grep -q "proxy 127.0.0.1:$PPORT" &&
	sw status >"$TMP/st5" && grep -q "proxy 127.0.0.1:$PPORT" "$TMP/st5" &&
	! grep -q SECRETTOKEN "$TMP/r5.err" "$TMP/st5"
'
test_expect_success 'a webhook through a proxy that is down stays in the outbox' '
	hooks=$(requests_in "$TMP/hooks.jsonl" "$HOOK") &&
	config true "$PPORT" "no_proxy: [localhost]" &&
	sw run 2>"$TMP/r6.err" &&
	test "$(requests_in "$TMP/hooks.jsonl" "$HOOK")" = "$hooks" &&
	test "$(sw status --json | "$PY" -c "import json,sys; print(json.load(sys.stdin)[\"outbox\"][\"pending\"])")" -ge 1 &&
	grep -q "notifier=hook not delivered (cannot connect to proxy 127.0.0.1:$PPORT" "$TMP/r6.err" &&
	! grep -q SECRETTOKEN "$TMP/r6.err"
'
test_expect_success 'proxy credentials come from a file; a 407 says so' '
	start_proxy "agent:pw" &&
	config true "$PPORT" &&
	test_must_fail 69 sw run 2>"$TMP/r7.err" &&
	grep -q "proxy 127.0.0.1:$PPORT refused the tunnel: HTTP 407" "$TMP/r7.err" &&
	printf "agent:pw\n" >"$TMP/proxy-auth" &&
	config true "$PPORT" "proxy_auth_file: proxy-auth" &&
	sw run 2>"$TMP/r8.err" &&
	test "$(connects "127.0.0.1:$PORT" 200)" -ge 1 &&
	! grep -q "agent:pw" "$TMP/r7.err" "$TMP/r8.err" "$TMP/proxy.jsonl"
'
test_expect_success 'unreadable proxy credentials fail the sources, not the run' '
	config true "$PPORT" "proxy_auth_env: SIGWATCH_TEST_NO_SUCH_VAR" &&
	test_must_fail 69 sw run 2>"$TMP/r9.err" &&
	grep -q "config_error.*SIGWATCH_TEST_NO_SUCH_VAR is not set" "$TMP/r9.err"
'
test_done
