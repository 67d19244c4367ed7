#!/usr/bin/env bash
# Reliability catalogue section 1 (P1-P13): hostile feeds, pages and job
# board JSON, each served on loopback next to a healthy source. Every row:
# a clear per-source error class (log line, sources/ID.json, status
# --json), the healthy source unaffected, nothing lost, bounded time.
. "$(dirname "$0")/lib.sh"
. "$TOP/tests/fixtures/hostile/catalogue-lib.sh"

SECRET_FILE="$TMP/secret-file"
echo "TOPSECRET-4be1d0c7-xxe" >"$SECRET_FILE"
sub() {	# FIXTURE -> $SRV/FIXTURE with @SECRET@ and @PORT@ filled in
	sed "s#@SECRET@#$SECRET_FILE#g; s#@PORT@#$PORT#g" "$H/$1" >"$SRV/$1"
}
serve() {	# PATH FILE [CONTENT_TYPE]
	route "$1" "{\"body_file\": \"$2\", \"content_type\": \"${3:-application/rss+xml}\"}"
}
items_of() { cat "$C"/state/items/"$1"/*.jsonl 2>/dev/null; }

test_expect_success 'P1 XXE: policy_blocked, the file is never read into state' '
	newcase p1 && sub xxe.rss && serve /xxe.rss xxe.rss &&
	add_source xxe "http://127.0.0.1:$PORT/xxe.rss" feed &&
	cwt run 2>"$C/err" &&
	failed_with xxe policy_blocked "$C/err" &&
	good_ok "$C/err" &&
	! grep -r "TOPSECRET-4be1d0c7" "$C/state" "$C/err" &&
	! git -C "$C/state" log -p --all | grep -q "TOPSECRET-4be1d0c7" &&
	! cw status --json | grep -q TOPSECRET &&
	test "$(hits_of xxe)" = 0
'

test_expect_success 'P2 external DTD: the parser makes no network request' '
	newcase p2 && sub external-dtd.rss && serve /dtd.rss external-dtd.rss &&
	route /evil.dtd "{\"body\": \"<!ENTITY ext SYSTEM \\\"file://$SECRET_FILE\\\">\"}" &&
	add_source dtd "http://127.0.0.1:$PORT/dtd.rss" feed &&
	mark && cwt run 2>"$C/err" &&
	test "$(since /dtd.rss)" = 1 &&
	test "$(since /evil.dtd)" = 0 &&
	good_ok "$C/err" &&
	! grep -r "TOPSECRET-4be1d0c7" "$C/state" &&
	st=$(srcfield dtd last_error) &&
	case "$st" in policy_blocked|parse_error|"") ;; *) false ;; esac
'

test_expect_success 'P3 billion laughs fails fast and keeps the old state' '
	newcase p3 && cp "$H/billion-laughs.rss" "$SRV/laughs.rss" &&
	cp "$SRV/good.rss" "$SRV/laughs-ok.rss" &&
	serve /laughs.rss laughs-ok.rss &&
	add_source laughs "http://127.0.0.1:$PORT/laughs.rss" feed &&
	cw run 2>"$C/err0" && test "$(srcfield laughs items)" = 1 &&
	head=$(git -C "$C/state" rev-parse HEAD) &&
	serve /laughs.rss laughs.rss &&
	t0=$(date +%s%N) &&
	cwt run 2>"$C/err" &&
	ms=$(( ($(date +%s%N) - t0) / 1000000 )) && echo "run took $ms ms" &&
	test "$ms" -lt 5000 &&
	grep -Eq "source=laughs (policy_blocked|parse_error): " "$C/err" &&
	test "$(srcfield laughs items)" = 1 &&
	test "$(items_of laughs | wc -l)" = 1 &&
	! grep -q lollol "$C/state/sources/laughs.json"
'

test_expect_success 'P4 quadratic blow-up: rejected before text extraction, RSS < 100 MB' '
	newcase p4 &&
	"$PY" -c "
import sys
e = \"A\" * 200000
refs = \"&e;\" * 20000
sys.stdout.write(\"<?xml version=\\\"1.0\\\"?>\\n<!DOCTYPE rss [<!ENTITY e \\\"\" + e + \"\\\">]>\\n<rss version=\\\"2.0\\\"><channel><title>Q</title><item><title>q</title><guid>q-1</guid><description>\" + refs + \"</description></item></channel></rss>\\n\")
" >"$SRV/quad.rss" &&
	serve /quad.rss quad.rss &&
	add_source quad "http://127.0.0.1:$PORT/quad.rss" feed &&
	peak_kb timeout 60 "$SIGWATCH" --config "$C/sigwatch.yaml" run 2>"$C/err" &&
	echo "rc=$RC peak=${PEAK_KB} KB" && test "$RC" = 0 &&
	test "$PEAK_KB" -lt 102400 &&
	failed_with quad policy_blocked "$C/err" &&
	good_ok "$C/err"
'

test_expect_success 'P5 huge document: too_large, nothing parsed' '
	newcase p5 &&
	route /huge.rss "{\"generate\": {\"bytes\": 52428800, \"byte\": \"x\"}, \"chunked\": true, \"content_type\": \"application/rss+xml\"}" &&
	add_source huge "http://127.0.0.1:$PORT/huge.rss" feed &&
	peak_kb timeout 60 "$SIGWATCH" --config "$C/sigwatch.yaml" run 2>"$C/err" &&
	echo "rc=$RC peak=${PEAK_KB} KB" && test "$RC" = 0 &&
	failed_with huge too_large "$C/err" &&
	test "$PEAK_KB" -lt 102400 &&
	test -z "$(items_of huge)" &&
	good_ok "$C/err"
'

test_expect_success 'P6 deep nesting: parse_error, never an empty page' '
	newcase p6 && cp "$H/deep.rss" "$SRV/deep.rss" && serve /deep.rss deep.rss &&
	"$PY" -c "print(\"<html><body><main>\" + \"<div>\" * 100000 + \"x\" + \"</div>\" * 100000 + \"</main></body></html>\")" >"$SRV/deep.html" &&
	serve /deep.html deep.html "text/html" &&
	add_source deepfeed "http://127.0.0.1:$PORT/deep.rss" feed &&
	add_source deeppage "http://127.0.0.1:$PORT/deep.html" page "select: \"//main\"" &&
	add_source deephtml "http://127.0.0.1:$PORT/deep.html" html "items: \"//div\"" &&
	cwt run 2>"$C/err" &&
	failed_with deepfeed parse_error "$C/err" &&
	failed_with deeppage parse_error "$C/err" &&
	failed_with deephtml parse_error "$C/err" &&
	test -z "$(items_of deeppage)" &&
	good_ok "$C/err"
'

test_expect_success 'P7 cp1252 bytes in a UTF-8 feed: correct, valid UTF-8 text' '
	newcase p7 && cp "$H/cp1252.rss" "$SRV/cp.rss" && serve /cp.rss cp.rss &&
	add_source cp "http://127.0.0.1:$PORT/cp.rss" feed &&
	cwt run 2>"$C/err" &&
	grep -q "source=cp ok" "$C/err" &&
	items_of cp >"$C/items" &&
	iconv -f UTF-8 -t UTF-8 "$C/items" >/dev/null &&
	"$PY" -c "
import json, sys
it = json.loads(open(sys.argv[1]).readline())
assert it[\"title\"] == \"We\u2019re launching mesh networking caf\u00e9\", it[\"title\"]
" "$C/items" &&
	test "$(hits_of cp)" = 1 &&
	good_ok "$C/err"
'

test_expect_success 'P8 BOM beats the encoding declaration' '
	newcase p8 && cp "$H/bom-latin1.rss" "$SRV/bom.rss" && serve /bom.rss bom.rss &&
	add_source bom "http://127.0.0.1:$PORT/bom.rss" feed &&
	cwt run 2>"$C/err" &&
	items_of bom >"$C/items" &&
	"$PY" -c "
import json, sys
it = json.loads(open(sys.argv[1]).readline())
assert it[\"title\"] == \"caf\u00e9 mesh networking\", it[\"title\"]
" "$C/items" &&
	good_ok "$C/err"
'

test_expect_success 'P9 script, style, noscript and template never reach rules' '
	newcase p9 && cp "$H/script-style.html" "$SRV/page.html" &&
	serve /page.html page.html "text/html" &&
	add_source page "http://127.0.0.1:$PORT/page.html" page "select: \"//main\"" &&
	cwt run 2>"$C/err" &&
	grep -q "source=page ok" "$C/err" &&
	items_of page >"$C/items" &&
	grep -q "Visible paragraph" "$C/items" &&
	! grep -Eq "alert|secret|document.write|color: red|injected|noscript|template" "$C/items" &&
	test "$(hits_of page)" = 0 &&
	good_ok "$C/err"
'

test_expect_success 'P10 HTML in CDATA and escaped HTML become text' '
	newcase p10 && cp "$H/cdata-html.rss" "$SRV/cdata.rss" && serve /cdata.rss cdata.rss &&
	add_source cdata "http://127.0.0.1:$PORT/cdata.rss" feed &&
	cwt run 2>"$C/err" &&
	items_of cdata >"$C/items" &&
	"$PY" -c "
import json, sys
its = {}
for l in open(sys.argv[1]):
    it = json.loads(l); its[it[\"id\"]] = it
t1, t2 = its[\"cdata-1\"][\"text\"], its[\"cdata-2\"][\"text\"]
assert \"mesh networking\" in t1 and \"<\" not in t1 and \"cdatascript\" not in t1, t1
assert \"Escaped markup here\" in t2 and \"<\" not in t2, t2
" "$C/items" &&
	test "$(hits_of cdata)" = 1 &&
	good_ok "$C/err"
'

test_expect_success 'P11 double escaping: exactly the declared layers are decoded' '
	newcase p11 && cp "$H/double-escaped.rss" "$SRV/esc.rss" && serve /esc.rss esc.rss &&
	cp "$H/double-escaped.atom" "$SRV/esc.atom" && serve /esc.atom esc.atom application/atom+xml &&
	add_source esc "http://127.0.0.1:$PORT/esc.rss" feed &&
	add_source escatom "http://127.0.0.1:$PORT/esc.atom" feed &&
	cwt run 2>"$C/err" &&
	items_of esc >"$C/items" && items_of escatom >"$C/items-atom" &&
	"$PY" -c "
import json, sys
its = {}
for f in sys.argv[1:]:
    for l in open(f):
        it = json.loads(l); its[it[\"id\"]] = it
# RSS title and description: XML, then one HTML layer; never until stable
assert its[\"esc-1\"][\"title\"] == \"AT&T <b> deal\", its[\"esc-1\"][\"title\"]
assert its[\"esc-2\"][\"title\"] == \"AT&amp;T &lt;b&gt; deal\", its[\"esc-2\"][\"title\"]
assert \"<script>\" not in its[\"esc-2\"][\"text\"], its[\"esc-2\"][\"text\"]
assert \"&lt;script&gt;\" in its[\"esc-2\"][\"text\"], its[\"esc-2\"][\"text\"]
# Atom type=text: the XML layer only; type=html: XML then HTML
assert its[\"urn:esc:1\"][\"title\"] == \"AT&amp;T &lt;b&gt; text\", its[\"urn:esc:1\"][\"title\"]
assert \"&lt;script&gt; html\" in its[\"urn:esc:1\"][\"text\"], its[\"urn:esc:1\"][\"text\"]
" "$C/items" "$C/items-atom" &&
	good_ok "$C/err"
'

test_expect_success 'P12 feed text reaching a shell stays inert' '
	newcase p12 && sub shell-title.rss && serve /sh.rss shell-title.rss &&
	add_source sh "http://127.0.0.1:$PORT/sh.rss" feed &&
	rm -f "$SECRET_FILE" &&
	cwt run 2>"$C/err" &&
	test ! -e "$SECRET_FILE" &&
	items_of sh | grep -qF "\$(touch" &&
	test "$(hits_of sh)" = 1 &&
	cw hits >/dev/null && cw status >/dev/null &&
	test ! -e "$SECRET_FILE" &&
	echo "TOPSECRET-4be1d0c7-xxe" >"$SECRET_FILE" &&
	good_ok "$C/err"
'

gh_case() {	# FIXTURE-or-generated CLASS
	test_expect_success "P13 hostile Greenhouse JSON ($1): $2 with line:col, old jobs kept" '
		newcase "p13-$1" && cp "$H/gh-ok.json" "$SRV/gh-'"$1"'.json" &&
		serve "/gh-'"$1"'.json" "gh-'"$1"'.json" application/json &&
		add_source jobs "http://127.0.0.1:$PORT/gh-'"$1"'.json" greenhouse "board: acme" &&
		cwt run 2>"$C/err0" && test "$(srcfield jobs items)" = 1 &&
		if [ -f "$H/gh-'"$1"'.json" ]; then cp "$H/gh-'"$1"'.json" "$SRV/gh-'"$1"'.json";
		else "$PY" -c "print(\"{\\\"jobs\\\":\" + \"[\" * 5000 + \"]\" * 5000 + \"}\")" >"$SRV/gh-'"$1"'.json"; fi &&
		cwt run 2>"$C/err" &&
		failed_with jobs '"$2"' "$C/err" &&
		if [ '"$2"' = parse_error ]; then stfield jobs last_error | grep -Eq "[0-9]+:[0-9]+"; fi &&
		test "$(srcfield jobs items)" = 1 &&
		test "$(items_of jobs | wc -l)" = 1 &&
		good_ok "$C/err"
	'
}
gh_case dupkeys parse_error
gh_case trailing parse_error
gh_case bigint parse_error
gh_case deep parse_error
gh_case error schema_drift

test_done
