#!/usr/bin/env bash
# Every source kind through `sigwatch run` against recorded fixtures on a
# loopback server: Greenhouse, Lever (paged), Ashby, Workday (paged POST),
# an HTML blog list, a watched page that changes between runs, a feed
# behind a redirect with relative links, and a mislabelled encoding.
. "$(dirname "$0")/lib.sh"
FIX="$TOP/tests/fixtures"
SRC="$TOP/tests/e2e/fixtures/sources"
mkdir -p "$TMP/srv" "$TMP/feeds" "$TMP/rules"
cp "$FIX"/jobs/*.json "$FIX"/html/blog-list.html "$SRC"/*.html "$SRC"/*.rss "$TMP/srv/"
cp "$SRC/rules.yaml" "$TMP/rules/mesh.yaml"
cat >"$TMP/srv/routes.json" <<'JSON'
{
  "/gh": {"status": 200, "body_file": "greenhouse.json", "content_type": "application/json"},
  "/lever": [{"status": 200, "body_file": "lever-page1.json"}, {"status": 200, "body_file": "lever-page2.json"}],
  "/ashby": {"status": 200, "body_file": "ashby.json"},
  "/wd/wday/cxs/acme/ext/jobs": [{"status": 200, "body_file": "workday-page1.json"},
     {"status": 200, "body_file": "workday-page2.json"}, {"status": 200, "body_file": "workday-page3.json"}],
  "/blog": {"status": 200, "body_file": "blog-list.html", "content_type": "text/html"},
  "/page": {"status": 200, "body_file": "page1.html", "content_type": "text/html; charset=utf-8"},
  "/old/feed": {"status": 301, "redirect": "/new/dir/feed.rss"},
  "/new/dir/feed.rss": {"status": 200, "body_file": "moved.rss"},
  "/cp1252": {"status": 200, "body_file": "cp1252.rss", "content_type": "application/rss+xml; charset=utf-8"}
}
JSON
start_server "$TMP/srv/routes.json" "$TMP/srv" || exit 1
U="http://127.0.0.1:$PORT"
cat >"$TMP/sigwatch.yaml" <<EOF2
rules: rules
feeds: feeds
state: state
fetch: { allow_private_addresses: true, timeout: 10s }
alerts:
  first_run: alert
  notifiers: [ { name: console, type: stdout } ]
EOF2
cat >"$TMP/feeds/all.yaml" <<EOF2
competitor: acme
sources:
  - { id: gh, kind: greenhouse, board: acme, url: "$U/gh", every: 0s, tags: [jobs] }
  - { id: lever, kind: lever, board: acme, url: "$U/lever", every: 0s, tags: [jobs] }
  - { id: ashby, kind: ashby, board: acme, url: "$U/ashby", every: 0s, tags: [jobs] }
  - { id: wd, kind: workday, board: acme.wd1/acme/ext, url: "$U/wd/wday/cxs/acme/ext/jobs", every: 0s }
  - { id: blog, kind: html, url: "$U/blog", items: "//article", every: 0s }
  - { id: page, kind: page, url: "$U/page", select: "//main", every: 0s }
  - { id: moved, kind: feed, url: "$U/old/feed", every: 0s }
  - { id: cp, kind: feed, url: "$U/cp1252", every: 0s }
EOF2
items() { cat "$TMP"/state/items/"$1"/*.jsonl 2>/dev/null | wc -l; }

test_expect_success 'first run: every kind yields its items' '
	sw run >"$TMP/out1" 2>"$TMP/err1" &&
	test "$(items gh)" = "$("$PY" -c "import json;print(len(json.load(open(\"$TMP/srv/greenhouse.json\"))[\"jobs\"]))")" &&
	test "$(items lever)" = 103 &&
	test "$(requests /lever)" = 2 &&
	test "$(items wd)" = 45 &&
	test "$(requests /wd/wday/cxs/acme/ext/jobs)" = 3 &&
	grep "/wd/wday" "$LOG" | head -n 1 | grep -q "\"method\": \"POST\"" &&
	test "$(items ashby)" -ge 1 &&
	test "$(items blog)" -ge 2 &&
	test "$(items page)" = 1 &&
	test "$(items moved)" = 2 && test "$(items cp)" = 1
'
test_expect_success 'job ids are the vendor ids; Greenhouse HTML unescaped once' '
	cat "$TMP"/state/items/gh/*.jsonl >"$TMP/gh" &&
	"$PY" - "$TMP/gh" "$TMP/srv/greenhouse.json" <<"PYEOF"
import json, sys
items = [json.loads(l) for l in open(sys.argv[1])]
jobs = json.load(open(sys.argv[2]))["jobs"]
assert sorted(i["id"] for i in items) == sorted(str(j["id"]) for j in jobs), items
for i in items:
    assert "&lt;" not in i["text"] and "<p>" not in i["text"], i["text"][:200]
PYEOF
'
test_expect_success 'relative links resolve against the final URL after redirects' '
	cat "$TMP"/state/items/moved/*.jsonl >"$TMP/moved" &&
	grep -q "\"link\":\"$U/new/dir/posts/two.html\"" "$TMP/moved" &&
	grep -q "\"link\":\"$U/abs/three.html\"" "$TMP/moved"
'
test_expect_success 'a feed mislabelled UTF-8 but written in windows-1252 is recovered' '
	cat "$TMP"/state/items/cp/*.jsonl >"$TMP/cp" &&
	"$PY" -c "
import json, sys
i = json.loads(open(sys.argv[1]).read())
assert i[\"title\"] == \"Caf\u00e9 \u201cmesh networking\u201d launch\", i[\"title\"]
assert \"Na\u00efve \u2013 text\" in i[\"text\"], i[\"text\"]" "$TMP/cp" &&
	grep -q "\"rule\":\"mesh\".*\"source\":\"cp\"" "$TMP"/state/hits/*.jsonl
'
test_expect_success 'HTML item lists never leak script text' '
	! grep -q "mesh networking" "$TMP"/state/items/page/*.jsonl
'
test_expect_success 'a re-ordered page alerts nobody' '
	"$PY" -c "import json,sys; r=json.load(open(sys.argv[1])); r[\"/page\"][\"body_file\"]=\"page2.html\"; json.dump(r,open(sys.argv[1],\"w\"))" "$TMP/srv/routes.json" &&
	sleep 1.1 && sw run >"$TMP/out2" 2>"$TMP/err2" &&
	test "$(items page)" = 1 &&
	grep -q "source=page ok items=1 new=0" "$TMP/err2"
'
test_expect_success 'a page with an added line: rules see only the new text' '
	"$PY" -c "import json,sys; r=json.load(open(sys.argv[1])); r[\"/page\"][\"body_file\"]=\"page3.html\"; json.dump(r,open(sys.argv[1],\"w\"))" "$TMP/srv/routes.json" &&
	sleep 1.1 && sw run >"$TMP/out3" 2>"$TMP/err3" &&
	test "$(items page)" = 2 &&
	tail -n 1 "$TMP"/state/items/page/*.jsonl | grep -q "mesh.networking add-on for every plan" &&
	! tail -n 1 "$TMP"/state/items/page/*.jsonl | grep -q "Starter plan" &&
	grep -q "\"rule\":\"mesh\".*\"source\":\"page\"" "$TMP"/state/hits/*.jsonl
'
test_expect_success 'sigwatch parse and test-rule work on saved job and HTML documents' '
	"$SIGWATCH" parse --kind lever "$TMP/srv/lever-page2.json" | grep -q "\"kind\": \"lever\"" &&
	"$SIGWATCH" parse --kind html --base https://acme.example/blog/ "$TMP/srv/blog-list.html" | grep -q "https://acme.example/" &&
	sw test-rule --kind greenhouse "$TMP/srv/greenhouse.json" >"$TMP/tr" ; rc=$? ;
	test $rc -eq 0 -o $rc -eq 1
'
test_expect_success 'a job board whose shape changed is schema_drift, never zero jobs' '
	"$PY" -c "import json,sys; r=json.load(open(sys.argv[1])); r[\"/gh\"]={\"status\":200,\"body\":\"{\\\"error\\\":\\\"not found\\\"}\"}; json.dump(r,open(sys.argv[1],\"w\"))" "$TMP/srv/routes.json" &&
	sleep 1.1 && sw run >/dev/null 2>"$TMP/err4";
	grep -q "source=gh schema_drift" "$TMP/err4" &&
	test "$(items gh)" -ge 1
'
test_done
