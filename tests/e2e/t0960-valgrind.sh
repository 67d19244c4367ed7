#!/usr/bin/env bash
# valgrind memcheck over end-to-end runs (a healthy feed, hostile feeds,
# an HTML page, a job board, Slack delivery, a 304 run, status and hits):
# no memory errors and no definite leaks. `make deps` installs valgrind;
# without it the script reports itself skipped (a failure under CI).
. "$(dirname "$0")/lib.sh"
if [ "$SANITIZED" = 1 ]; then
	test_not_applicable 'valgrind memcheck' 'valgrind cannot run an AddressSanitizer build; the plain build runs it'
	test_done
	exit
fi
if ! command -v valgrind >/dev/null; then
	test_skip 'valgrind memcheck' 'valgrind not installed; make deps installs it'
	test_done
	exit
fi
. "$TOP/tests/fixtures/hostile/catalogue-lib.sh"

VG="valgrind -q --leak-check=full --errors-for-leak-kinds=definite --error-exitcode=99 --track-fds=no --log-file=$TMP/vg.%p.log"
vgrun() { timeout 300 $VG "$SIGWATCH" --config "$C/sigwatch.yaml" "$@"; }
vg_clean() {	# every valgrind log is empty
	local f bad=0
	test "$(ls "$TMP"/vg.*.log 2>/dev/null | wc -l)" -ge 7 || { echo "valgrind did not run"; return 1; }
	for f in "$TMP"/vg.*.log; do
		[ -s "$f" ] && { cat "$f"; bad=1; }
	done
	return $bad
}

echo secret >"$TMP/secret-file"
sed "s#@SECRET@#$TMP/secret-file#g" "$H/xxe.rss" >"$SRV/xxe.rss"
cp "$H/cp1252.rss" "$H/cdata-html.rss" "$H/injection.rss" "$SRV/"
cp "$H/script-style.html" "$SRV/page.html"
cp "$H/gh-ok.json" "$SRV/gh.json"
for f in xxe.rss cp1252.rss cdata-html.rss injection.rss page.html gh.json; do
	route "/$f" "{\"body_file\": \"$f\", \"etag\": \"\\\"$f\\\"\"}"
done
route /gone.rss '{"status": 410}'

test_expect_success 'memcheck: a full run, a 304 run, deliver, status, hits' '
	newcase vg &&
	add_source xxe "http://127.0.0.1:$PORT/xxe.rss" feed &&
	add_source cp "http://127.0.0.1:$PORT/cp1252.rss" feed &&
	add_source cdata "http://127.0.0.1:$PORT/cdata-html.rss" feed &&
	add_source inj "http://127.0.0.1:$PORT/injection.rss" feed &&
	add_source page "http://127.0.0.1:$PORT/page.html" page "select: \"//main\"" &&
	add_source jobs "http://127.0.0.1:$PORT/gh.json" greenhouse "board: acme" &&
	add_source gone "http://127.0.0.1:$PORT/gone.rss" feed &&
	rm -f "$TMP"/vg.*.log &&
	vgrun run 2>"$C/err1" &&
	test "$(hits_of good)" = 1 && test "$(hits_of cp)" = 1 &&
	vgrun run 2>"$C/err2" &&
	vgrun deliver 2>"$C/err3" &&
	vgrun status --json >/dev/null 2>"$C/err4" &&
	vgrun hits --json >/dev/null 2>"$C/err5" &&
	vgrun check >/dev/null 2>"$C/err6" &&
	vgrun parse "$SRV/cdata-html.rss" >/dev/null 2>"$C/err7" &&
	vg_clean
'

test_done
