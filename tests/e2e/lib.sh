# End-to-end test library (after git's t/test-lib.sh). Source it from a
# tests/e2e/tNNNN-*.sh script, then call test_expect_success and finally
# test_done, which prints "N passed, N failed" (and ", N skipped" when a
# check was skipped: test_skip).
set -u
TOP=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
B=${B:-build}
SIGWATCH="$TOP/$B/sigwatch"
# a sanitizer build: valgrind and resource figures do not apply to it
SANITIZED=0
ldd "$SIGWATCH" 2>/dev/null | grep -q 'libasan' && SANITIZED=1
PY=/usr/bin/python3
[ -x "$PY" ] || PY=python3
TMP=$(mktemp -d "${TMPDIR:-/tmp}/sigwatch-e2e.XXXXXX")
SERVER_PID=
t_pass=0
t_fail=0
t_skip=0

cleanup() {
	stop_server
	# KEEP_TMP=1: leave the test's files for a look
	if [ -n "${KEEP_TMP:-}" ]; then echo "kept $TMP"; else rm -rf "$TMP"; fi
}
trap cleanup EXIT

say() { printf '%s\n' "$*"; }

# test_expect_success DESCRIPTION 'shell commands'
test_expect_success() {
	local desc=$1 body=$2
	if (set -e; eval "$body") >"$TMP/.out" 2>&1; then
		t_pass=$((t_pass + 1))
		say "ok - $desc"
	else
		t_fail=$((t_fail + 1))
		say "not ok - $desc"
		sed 's/^/#   /' "$TMP/.out" | tail -n 30
	fi
}

test_done() {
	if [ "$t_skip" -gt 0 ]; then
		say "$t_pass passed, $t_fail failed, $t_skip skipped"
	else
		say "$t_pass passed, $t_fail failed"
	fi
	[ "$t_fail" -eq 0 ]
}

# test_skip WHAT REASON: a check that cannot run here, said in one line and
# counted as skipped. Under CI (CI set) a missing prerequisite is a
# failure instead, so CI never passes by skipping.
test_skip() {
	if [ -n "${CI:-}" ]; then
		t_fail=$((t_fail + 1))
		say "not ok - $1 (CI: $2)"
	else
		t_skip=$((t_skip + 1))
		say "skip - $1 ($2)"
	fi
}

# test_not_applicable WHAT REASON: skipped by design (e.g. valgrind on an
# AddressSanitizer build, which CI also runs plain): skipped, even under CI
test_not_applicable() {
	t_skip=$((t_skip + 1))
	say "skip - $1 ($2)"
}

# test_cmp EXPECTED ACTUAL: files must be equal
test_cmp() { diff -u "$1" "$2"; }

# test_must_fail [EXIT] CMD...: CMD must fail (with EXIT when given)
test_must_fail() {
	local want= rc=0
	case "$1" in [0-9]*) want=$1; shift ;; esac
	"$@" || rc=$?
	if [ "$rc" -eq 0 ]; then echo "expected failure: $*"; return 1; fi
	if [ -n "$want" ] && [ "$rc" -ne "$want" ]; then
		echo "expected exit $want, got $rc: $*"; return 1
	fi
	return 0
}

# start_server ROUTES.json ROOTDIR: sets PORT, LOG; bounded wait
start_server() {
	LOG="$TMP/requests.jsonl"
	: >"$LOG"
	rm -f "$TMP/port"
	"$PY" "$TOP/tests/helpers/fixture_httpd.py" --routes "$1" --root "$2" \
		--port-file "$TMP/port" --log "$LOG" --max-seconds 600 \
		>"$TMP/httpd.out" 2>&1 &
	SERVER_PID=$!
	# generous: a loaded CI machine can take seconds to start python
	for _ in $(seq 1 600); do
		[ -s "$TMP/port" ] && break
		sleep 0.05
	done
	[ -s "$TMP/port" ] || { echo "fixture server did not start"; cat "$TMP/httpd.out"; return 1; }
	PORT=$(cat "$TMP/port")
}

stop_server() {
	if [ -n "$SERVER_PID" ]; then
		kill "$SERVER_PID" 2>/dev/null
		wait "$SERVER_PID" 2>/dev/null
		SERVER_PID=
	fi
}

# requests PATH: number of logged requests for PATH
requests() {
	"$PY" - "$LOG" "$1" <<'PYEOF'
import json, sys
n = 0
for line in open(sys.argv[1]):
    r = json.loads(line)
    if r["path"] == sys.argv[2]:
        n += 1
print(n)
PYEOF
}

# request_bodies PATH: the bodies POSTed to PATH, one JSON per line
request_bodies() {
	"$PY" - "$LOG" "$1" <<'PYEOF'
import json, sys
for line in open(sys.argv[1]):
    r = json.loads(line)
    if r["path"] == sys.argv[2] and r["method"] == "POST":
        print(json.dumps(json.loads(r["body"]), sort_keys=True))
PYEOF
}

# sw ARGS...: run sigwatch with the test config
sw() { "$SIGWATCH" --config "$TMP/sigwatch.yaml" "$@"; }

commits() { git -C "$TMP/state" rev-list --count HEAD 2>/dev/null || echo 0; }
