#!/usr/bin/env bash
# sigwatch report: four runs against loopback fixtures (months apart, two
# competitors, hostile titles and links, a board that breaks) make the
# state; the report written from it must show every hit of the period,
# one chart mark per competitor and month, playbook states, triage and
# source health, with every piece of state text escaped. Then headless
# Chromium (Debian's chromium; make test installs it) loads the page from
# disk with the network off: the DOM must hold the same rows and marks,
# the page must request nothing but itself and log no error, and its
# screenshot is kept in $B/artefacts/report.png. Without Chromium the
# browser part is skipped with one line, except under CI (CI set), where
# it fails.
. "$(dirname "$0")/lib.sh"
FIX="$TOP/tests/e2e/fixtures/report"
mkdir -p "$TMP/srv" "$TMP/feeds" "$TMP/state"
cp -r "$FIX/rules" "$TMP/"
echo '{}' >"$TMP/srv/routes.json"
start_server "$TMP/srv/routes.json" "$TMP/srv" || exit 1
U="http://127.0.0.1:$PORT"
cat >"$TMP/feeds/all.yaml" <<EOF2
sources:
  - { id: acme-blog, kind: feed, competitor: acme, url: "$U/acme.rss", every: 0s, tags: [blog] }
  - { id: globex-news, kind: feed, competitor: "Globex & Co", url: "$U/globex.json", every: 0s }
  - { id: globex-jobs, kind: greenhouse, board: globex, competitor: "Globex & Co", url: "$U/gh", every: 0s }
EOF2
cat >"$TMP/sigwatch.yaml" <<'EOF2'
rules: rules
feeds: feeds
state: state
fetch: { allow_private_addresses: true, timeout: 10s }
alerts:
  first_run: alert
  broken_after: 2
  notifiers: [ { name: out, type: stdout } ]
EOF2
ts() { date -u -d "$1" +%s; }
NOW=$(ts 2026-09-21T12:00:00Z)
SINCE=$((NOW - 120 * 86400))
RUNS="$(ts 2025-12-10T09:00:00Z) $(ts 2026-03-10T09:00:00Z) $(ts 2026-06-20T09:00:00Z) $(ts 2026-09-10T09:00:00Z)"
OUT="$TMP/out"

# run K: the documents of run K; the board answers 500 from run 3 on
serve_run() {
	"$PY" "$FIX/gen.py" "$TMP/srv" "$1"
	if [ "$1" -le 2 ]; then gh='{"status": 200, "body_file": "board.json"}'; else gh='{"status": 500}'; fi
	cat >"$TMP/srv/routes.new" <<EOF2
{"/acme.rss": {"status": 200, "body_file": "acme.rss", "content_type": "application/rss+xml"},
 "/globex.json": {"status": 200, "body_file": "globex.json", "content_type": "application/feed+json"},
 "/gh": $gh}
EOF2
	mv "$TMP/srv/routes.new" "$TMP/srv/routes.json"
}

# hit id of the hit whose title contains $1
hit_id() {
	"$PY" -c 'import json,sys,glob
for f in sorted(glob.glob(sys.argv[1] + "/hits/*.jsonl")):
    for l in open(f):
        h = json.loads(l)
        if sys.argv[2] in h["title"]:
            print(h["id"]); sys.exit(0)
sys.exit(1)' "$TMP/state" "$1"
}

test_expect_success 'four runs months apart record hits in four months' '
	k=0 &&
	for t in $RUNS; do
		k=$((k + 1)) && serve_run $k &&
		{ SIGWATCH_NOW=$t sw run --force >"$TMP/run$k.out" 2>"$TMP/run$k.err" || test $? = 69; }
	done &&
	test "$(ls "$TMP"/state/hits/*.jsonl | wc -l)" = 4 &&
	test "$(cat "$TMP"/state/hits/*.jsonl | wc -l)" -ge 10 &&
	grep -q "<script>alert" "$TMP"/state/hits/*.jsonl &&
	grep -q "<img src=x onerror" "$TMP"/state/hits/*.jsonl
'
test_expect_success 'a hand-edited hit line: javascript: link, markup in id and rule' '
	printf "%s\n" "{\"id\":\"\\\"><svg onload=1>\",\"at\":\"2026-09-11T00:00:00Z\",\"rule\":\"acme-mesh\\\"><i>\",\"severity\":\"high\",\"competitor\":\"acme\",\"playbook\":\"acme-response\",\"source\":\"hand\",\"item\":\"h1\",\"title\":\"hand-edited\",\"link\":\" JaVaScript:alert(5)\",\"match\":\"<u>\",\"excerpt\":\"a <u> b\",\"silenced\":false}" >>"$TMP/state/hits/2026-09.jsonl" &&
	"$PY" -c "import json,sys; [json.loads(l) for l in open(sys.argv[1])]" "$TMP/state/hits/2026-09.jsonl"
'
test_expect_success 'triage verdicts (triage/YYYY-MM.jsonl) with a hostile note' '
	fp=$(hit_id "Pricing update") && ack=$(hit_id "Widgets") &&
	mkdir -p "$TMP/state/triage" &&
	printf "{\"hit\":\"%s\",\"verdict\":\"fp\",\"note\":\"<b onclick=alert(4)>list price page, not a change</b>\",\"author\":\"ana <a@x>\",\"at\":\"2026-09-15T10:00:00Z\",\"rule\":\"acme-pricing\",\"source\":\"acme-blog\",\"item\":\"x\"}\n" "$fp" >"$TMP/state/triage/2026-09.jsonl" &&
	printf "{\"hit\":\"%s\",\"verdict\":\"ack\",\"note\":\"sent to corp dev\",\"author\":\"bo\",\"at\":\"2026-09-16T10:00:00Z\",\"rule\":\"any-acquisition\",\"source\":\"acme-blog\",\"item\":\"y\"}\n" "$ack" >>"$TMP/state/triage/2026-09.jsonl"
'
test_expect_success 'report writes DIR/index.html and leaves the state alone' '
	head=$(git -C "$TMP/state" rev-parse HEAD) &&
	git -C "$TMP/state" status --porcelain >"$TMP/st.before" &&
	SIGWATCH_NOW=$NOW sw report --out "$OUT" --since 120d >"$TMP/rep.out" &&
	grep -q "^wrote $OUT/index.html" "$TMP/rep.out" &&
	test -s "$OUT/index.html" &&
	test "$(ls -A "$OUT")" = index.html &&
	test "$(git -C "$TMP/state" rev-parse HEAD)" = "$head" &&
	git -C "$TMP/state" status --porcelain >"$TMP/st.after" &&
	test_cmp "$TMP/st.before" "$TMP/st.after"
'
test_expect_success 'the page: a row per hit, a mark per competitor and month, per playbook' '
	"$PY" "$FIX/check.py" "$OUT/index.html" "$TMP/state" "$NOW" "$SINCE" >"$TMP/check.out" &&
	cat "$TMP/check.out" &&
	grep -q "checked 6 hit rows, 1[0-9] marks, 2 competitors, 2 playbooks" "$TMP/check.out" &&
	test "$(grep -c "class=\"mark competitor-acme " "$OUT/index.html")" = 4 &&
	test "$(grep -c "class=\"mark competitor-globex-co " "$OUT/index.html")" = 4
'
test_expect_success 'hostile titles, links and notes come out as text' '
	! grep -q "<script" "$OUT/index.html" &&
	! grep -q "<img" "$OUT/index.html" &&
	! grep -q "<b onclick" "$OUT/index.html" &&
	! grep -q "<svg onload" "$OUT/index.html" &&
	! grep -q "<[iu]>" "$OUT/index.html" &&
	grep -q "id=\"hit-&quot;&gt;&lt;svg onload=1&gt;\"" "$OUT/index.html" &&
	grep -q "a <mark>&lt;u&gt;</mark> b" "$OUT/index.html" &&
	! grep -qi "href=\"javascript:" "$OUT/index.html" &&
	! grep -qi "href=\"data:" "$OUT/index.html" &&
	grep -q "&lt;script&gt;alert(&quot;pwned&quot;)&lt;/script&gt; mesh networking &quot;onmouseover=alert(1) x=&quot;" "$OUT/index.html" &&
	grep -q "&lt;img src=x onerror=alert(2)&gt;" "$OUT/index.html" &&
	grep -q "&lt;b onclick=alert(4)&gt;list price page" "$OUT/index.html" &&
	grep -q "Globex &amp; Co" "$OUT/index.html" &&
	grep -q "Content-Security-Policy\" content=\"default-src .none.;" "$OUT/index.html"
'
test_expect_success 'matches are highlighted; triage, playbook state and broken sources shown' '
	grep -q "<mark>mesh networking</mark>" "$OUT/index.html" &&
	grep -q "class=\"hit triage-fp\" id=\"hit-$(hit_id "Pricing update")\"" "$OUT/index.html" &&
	grep -q "class=\"hit triage-ack\" id=\"hit-$(hit_id Widgets)\"" "$OUT/index.html" &&
	grep -q "<tr class=\"playbook\" id=\"pb-acme-response\">.*badge st-active" "$OUT/index.html" &&
	grep -q "class=\"activation\"" "$OUT/index.html" &&
	grep -q "<tr class=\"source health-broken\"><td><code>globex-jobs</code>" "$OUT/index.html" &&
	grep -q "<tr class=\"source health-ok\"><td><code>acme-blog</code>" "$OUT/index.html"
'
test_expect_success 'a second report replaces the page atomically' '
	ino=$(stat -c %i "$OUT/index.html") &&
	SIGWATCH_NOW=$NOW sw report --out "$OUT/" --since 2026-09-01 >/dev/null &&
	test "$(stat -c %i "$OUT/index.html")" != "$ino" &&
	test "$(ls -A "$OUT")" = index.html &&
	"$PY" "$FIX/check.py" "$OUT/index.html" "$TMP/state" "$NOW" "$(ts 2026-09-01T00:00:00Z)" >/dev/null
'
test_expect_success '--out must be a directory, not a symlink; --out is required' '
	mkdir "$TMP/elsewhere" && ln -s "$TMP/elsewhere" "$TMP/link" &&
	test_must_fail 73 sw report --out "$TMP/link" 2>"$TMP/e1" &&
	test_must_fail 73 sw report --out "$TMP/link/" 2>>"$TMP/e1" &&
	grep -q "symbolic link" "$TMP/e1" &&
	test -z "$(ls -A "$TMP/elsewhere")" &&
	: >"$TMP/afile" &&
	test_must_fail 73 sw report --out "$TMP/afile" 2>"$TMP/e2" &&
	grep -q "not a directory" "$TMP/e2" &&
	test_must_fail 64 sw report 2>/dev/null &&
	test_must_fail 64 sw report --out "$TMP/x" --since yesterday 2>/dev/null &&
	sw report --out "$TMP/new/dir" >/dev/null && test -s "$TMP/new/dir/index.html"
'

# ---- the browser ----
CHROMIUM=$(command -v chromium || true)
browser_missing() {
	if [ -n "${CI:-}" ]; then
		test_expect_success "headless chromium loads the report (CI: $1)" 'false'
	else
		say "skipped: browser checks ($1; make test installs chromium)"
	fi
}
ART="$TOP/$B/artefacts"
if [ -z "$CHROMIUM" ]; then
	browser_missing "chromium is not installed"
elif ! SIGWATCH_NOW=$NOW sw report --out "$OUT" --since 120d >/dev/null ||
    ! timeout 120 "$PY" "$TOP/tests/helpers/cdp_page.py" --chromium "$CHROMIUM" \
	--url "file://$OUT/index.html" --dom "$TMP/dom.html" \
	--screenshot "$TMP/report.png" --events "$TMP/events.json" \
	--timeout 90 2>"$TMP/cdp.err"; then
	browser_missing "chromium did not start: $(tail -n 1 "$TMP/cdp.err")"
else
	test_expect_success 'chromium: the DOM has every row and mark, nothing unsafe' '
		"$PY" "$FIX/check.py" "$TMP/dom.html" "$TMP/state" "$NOW" "$SINCE" &&
		grep -q "<tr class=\"hit triage-fp\"" "$TMP/dom.html"
	'
	test_expect_success 'chromium: the page requested only itself and logged no error' '
		"$PY" - "$TMP/events.json" "file://$OUT/index.html" <<-"PYEOF"
		import json, sys
		e = json.load(open(sys.argv[1]))
		assert e["requests"] == [sys.argv[2]], e["requests"]
		assert not [c for c in e["console"] if c["type"] in ("error", "warning", "assert")], e["console"]
		assert not e["exceptions"], e["exceptions"]
		assert not [l for l in e["log"] if l["level"] in ("error", "warning")], e["log"]
		PYEOF
	'
	test_expect_success 'chromium: a screenshot is kept as a test artefact' '
		test "$(head -c 8 "$TMP/report.png" | od -An -tx1 | tr -d " \n")" = 89504e470d0a1a0a &&
		test "$(stat -c %s "$TMP/report.png")" -gt 20000 &&
		mkdir -p "$ART" && cp "$TMP/report.png" "$ART/report.png"
	'
fi
test_done
