#!/usr/bin/env bash
# Reliability catalogue section 3 (R1-R6): analyst regex rules. Invalid
# patterns stop the run before any fetch with file:line:col; hostile items
# hit PCRE2's limits without stopping the run or the other rules.
. "$(dirname "$0")/lib.sh"
. "$TOP/tests/fixtures/hostile/catalogue-lib.sh"

rss() {	# FILE TITLE TEXT [N items]
	"$PY" - "$@" <<'PYEOF'
import sys
from xml.sax.saxutils import escape
f, title, text = sys.argv[1], sys.argv[2], sys.argv[3]
n = int(sys.argv[4]) if len(sys.argv) > 4 else 1
items = "".join("<item><title>%s</title><guid>it-%d</guid><link>http://example.com/%d</link>"
                "<description>%s</description></item>" % (escape(title), i, i, escape(text))
                for i in range(n))
open(f, "w", encoding="utf-8").write('<?xml version="1.0" encoding="UTF-8"?>\n'
    '<rss version="2.0"><channel><title>T</title><link>http://example.com/</link>%s</channel></rss>\n' % items)
PYEOF
}
rule() {	# NAME PATTERN (single-quoted YAML)
	printf "id: %s\ntitle: %s\ndetection:\n  sel:\n    - '%s'\n" "$1" "$1" "$2" >"$C/rules/$1.yaml"
}

bad_rule_case() {	# LABEL PATTERN
	R1PAT=$2
	test_expect_success "R1 invalid pattern $1: exit 78 at file:line:col, last good state untouched" '
		newcase "r1-'"$1"'" &&
		cwt run 2>"$C/err0" && head=$(git -C "$C/state" rev-parse HEAD) &&
		printf "id: bad\ntitle: Bad\ndetection:\n  sel:\n    - %s\n" "$R1PAT" >"$C/rules/bad.yaml" &&
		mark &&
		test_must_fail 78 cwt run 2>"$C/err" &&
		cat "$C/err" &&
		grep -Eq "bad.yaml:5:[0-9]+: error: .*(offset [0-9]+|at [0-9]+)?" "$C/err" &&
		test "$(since /good.rss)" = 0 &&
		test "$(git -C "$C/state" rev-parse HEAD)" = "$head" &&
		test_must_fail 78 cwt check 2>"$C/err2" &&
		grep -q "bad.yaml:5:" "$C/err2"
	'
}
bad_rule_case paren "'\''foo(bar'\''"
bad_rule_case range "'\''[z-a]'\''"
bad_rule_case dupname "'\''(?<n>a)(?<n>b)'\''"

test_expect_success 'R1 the error points at the character PCRE2 reports' '
	newcase r1col &&
	printf "id: bad\ntitle: Bad\ndetection:\n  sel:\n    - '\''foo(bar'\''\n" >"$C/rules/bad.yaml" &&
	test_must_fail 78 cwt check 2>"$C/err" && cat "$C/err" &&
	grep -q "bad.yaml:5:15: error:.*missing closing parenthesis" "$C/err"
'

test_expect_success 'R2 catastrophic backtracking: limit logged, run and other rules go on' '
	newcase r2 && rule redos "(a+)+\$" &&
	rss "$SRV/redos.rss" "$(printf "a%.0s" $(seq 1 30))! mesh networking" "$(printf "a%.0s" $(seq 1 40))!" &&
	route /redos.rss "{\"body_file\": \"redos.rss\"}" &&
	add_source redos "http://127.0.0.1:$PORT/redos.rss" feed &&
	t0=$(date +%s) && cwt run 2>"$C/err" && dt=$(( $(date +%s) - t0 )) &&
	echo "took $dt s" && test "$dt" -lt 20 &&
	grep -Ei "limit" "$C/err" | grep -q "redos" &&
	grep -Ei "limit" "$C/err" | grep -q "source=redos\|redos.*it-0" &&
	test "$(hits_of redos)" = 1 &&
	grep -q "\"rule\":\"mesh\".*\"source\":\"redos\"" "$C"/state/hits/*.jsonl &&
	! grep -q "\"rule\":\"redos\"" "$C"/state/hits/*.jsonl &&
	good_ok "$C/err"
'

test_expect_success 'R3 JIT stack pressure on a 20 KB subject: bounded, rule error or match' '
	newcase r3 && rule jitstack "(?:(a)|(b))*c" &&
	rss "$SRV/jit.rss" "jit" "$(head -c 20000 /dev/zero | tr "\\0" a)c" &&
	route /jit.rss "{\"body_file\": \"jit.rss\"}" &&
	add_source jit "http://127.0.0.1:$PORT/jit.rss" feed &&
	t0=$(date +%s) && cwt run 2>"$C/err" && dt=$(( $(date +%s) - t0 )) &&
	echo "took $dt s" && test "$dt" -lt 20 &&
	{ grep -q "\"rule\":\"jitstack\"" "$C"/state/hits/*.jsonl ||
	  grep -Ei "limit|stack" "$C/err" | grep -q jitstack; } &&
	good_ok "$C/err"
'

test_expect_success 'R4 invalid UTF-8 in the subject: the valid parts still match' '
	newcase r4 && rule barword "\\bbar\\b" &&
	printf "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<rss version=\"2.0\"><channel><title>T</title><item><title>caf\351 bar</title><guid>u-1</guid><link>http://example.com/u1</link><description>caf\351 bar \377\376 end</description></item></channel></rss>\n" >"$SRV/badutf.rss" &&
	route /badutf.rss "{\"body_file\": \"badutf.rss\"}" &&
	add_source badutf "http://127.0.0.1:$PORT/badutf.rss" feed &&
	cwt run 2>"$C/err" &&
	grep -q "\"rule\":\"barword\".*\"source\":\"badutf\"" "$C"/state/hits/*.jsonl &&
	cat "$C"/state/hits/*.jsonl | iconv -f UTF-8 -t UTF-8 >/dev/null &&
	good_ok "$C/err"
'

test_expect_success 'R5 Unicode case folding and word boundaries (UCP)' '
	newcase r5 && rule cafe "\\bcafé\\b" && rule kelvin "\\bkelvin\\b" && rule strasse "\\bstrasse\\b" &&
	rss "$SRV/uni.rss" "CAFÉ opens in the STRAẞE" "5 ＫELVIN and 3 Kelvin" &&
	route /uni.rss "{\"body_file\": \"uni.rss\"}" &&
	add_source uni "http://127.0.0.1:$PORT/uni.rss" feed &&
	cwt run 2>"$C/err" &&
	grep -q "\"rule\":\"cafe\".*\"source\":\"uni\"" "$C"/state/hits/*.jsonl &&
	grep -q "\"rule\":\"kelvin\".*\"source\":\"uni\"" "$C"/state/hits/*.jsonl &&
	! grep -q "\"rule\":\"strasse\"" "$C"/state/hits/*.jsonl &&
	good_ok "$C/err"
'

test_expect_success 'R6 an over-broad rule cannot flood Slack; the cap is visible' '
	newcase r6 && rule broad "\\w+" &&
	for i in $(seq 1 30); do
		rss "$SRV/broad$i.rss" "item $i" "words words" 3 &&
		route "/broad$i.rss" "{\"body_file\": \"broad$i.rss\"}" &&
		add_source "broad$i" "http://127.0.0.1:$PORT/broad$i.rss" feed || exit 1
	done &&
	mark && cwt run 2>"$C/err" &&
	n=$(posts_since | wc -l) && echo "posts: $n" &&
	test "$n" -le 21 &&
	test "$(cat "$C"/state/hits/*.jsonl | grep -c "\"rule\":\"broad\"")" = 91 &&
	{ grep -qi "overflow\|more than" "$C/err" || posts_since | grep -qi "more"; } &&
	test "$(cw status --json | "$PY" -c "import json,sys; print(json.load(sys.stdin)[\"outbox\"][\"pending\"])")" = 0
'

test_done
