#!/usr/bin/env bash
# Resource bounds: one run over a ~10 MB feed, a 100 000-item feed and 500
# generated rules (tests/fixtures/hostile/gen-load.py) stays under the
# documented peak RSS and time (tests/fuzz/README.md has the figures), and
# so does the second, unchanged run.
. "$(dirname "$0")/lib.sh"
if [ "$SANITIZED" = 1 ]; then
	test_not_applicable 'resource bounds' 'memory and time figures are meaningless under AddressSanitizer; the plain build runs it'
	test_done
	exit
fi
. "$TOP/tests/fixtures/hostile/catalogue-lib.sh"

MAX_RSS_KB=${SIGWATCH_LOAD_MAX_RSS_KB:-122880}	# measured 98 MB
MAX_SECONDS=${SIGWATCH_LOAD_MAX_SECONDS:-240}

"$PY" "$H/gen-load.py" "$SRV" || exit 1
route /big.rss '{"body_file": "big.rss", "content_type": "application/rss+xml"}'
route /many.rss '{"body_file": "many.rss", "content_type": "application/rss+xml"}'

measure() {	# LABEL: run once, print and keep PEAK_KB, SECS
	local t0=$(date +%s%N)
	peak_kb timeout 600 "$SIGWATCH" --config "$C/sigwatch.yaml" run
	SECS=$(( ($(date +%s%N) - t0) / 1000000 ))
	echo "$1: rc=$RC peak_rss=${PEAK_KB} KB wall=${SECS} ms"
}

test_expect_success 'a 10 MB feed, a 100 000-item feed and 500 rules: bounded RSS and time' '
	newcase load 127.0.0.1 baseline &&
	sed -i "s/allow_private_addresses: 127.0.0.1/allow_private_addresses: true/; s/max_bytes: 5MB/max_bytes: 32MB/; s/timeout: 20s/timeout: 120s/" "$C/sigwatch.yaml" &&
	cp "$SRV"/rules/* "$C/rules/" &&
	add_source big "http://127.0.0.1:$PORT/big.rss" feed &&
	add_source many "http://127.0.0.1:$PORT/many.rss" feed &&
	measure "first run" 2>"$C/err" && test "$RC" = 0 &&
	grep "source=big ok\|source=many ok" "$C/err" &&
	test "$(srcfield many items)" = 100000 &&
	test "$(srcfield big items)" = 2000 &&
	test "$PEAK_KB" -lt "$MAX_RSS_KB" && test "$SECS" -lt $((MAX_SECONDS * 1000)) &&
	cat "$C"/state/hits/*.jsonl | wc -l &&
	test "$(hits_of many)" -ge 100 &&
	measure "second run" 2>"$C/err2" && test "$RC" = 0 &&
	test "$PEAK_KB" -lt "$MAX_RSS_KB" && test "$SECS" -lt $((MAX_SECONDS * 1000))
'

test_done
