#!/usr/bin/env bash
# `sigwatch parse --source ID FILE` reads a saved document exactly as a run
# reads that source's answer: its kind, its XPaths, and its URL as the base
# of relative links, for every kind; `test-rule --source` uses the same
# base. What parse prints is what the run stores.
. "$(dirname "$0")/lib.sh"
. "$TOP/tests/fixtures/hostile/catalogue-lib.sh"

cat >"$SRV/blog.html" <<'EOF'
<html><body>
<article><h2>Acme ships mesh networking</h2><a href="/posts/mesh">read</a>
<time datetime="2026-03-01T10:00:00Z">March 1</time><p>Peer to peer, at last.</p></article>
<article><h2>Quarterly update</h2><a href="posts/q1">read</a><p>Numbers.</p></article>
</body></html>
EOF
cat >"$SRV/gh.json" <<'EOF'
{"jobs": [{"id": 101, "title": "Mesh networking engineer", "absolute_url": "https://boards.example/acme/jobs/101",
 "updated_at": "2026-03-01T10:00:00-05:00", "location": {"name": "Remote"}, "departments": [{"name": "Eng"}],
 "content": "&lt;p&gt;Build our mesh networking stack.&lt;/p&gt;"}], "meta": {"total": 1}}
EOF
route /blog/index.html '{"body_file": "blog.html", "content_type": "text/html"}'
route /gh.json '{"body_file": "gh.json", "content_type": "application/json"}'

newcase parse
add_source blog "http://127.0.0.1:$PORT/blog/index.html" html \
	'items: "//article"' 'title: ".//h2"' 'link: ".//a/@href"' \
	'date: ".//time/@datetime"' 'summary: ".//p"'
add_source jobs "http://127.0.0.1:$PORT/gh.json" greenhouse "board: acme"
add_source whole "http://127.0.0.1:$PORT/blog/index.html" page 'select: "//article[1]"'

test_expect_success 'parse --source ID: an html source with its XPaths and its URL as base' '
	cw parse --source blog "$SRV/blog.html" >"$C/blog.json" &&
	cat "$C/blog.json" &&
	"$PY" - "$C/blog.json" "$PORT" <<-"PYEOF"
	import json, sys
	d = json.load(open(sys.argv[1])); port = sys.argv[2]
	it = d["items"]
	assert len(it) == 2, it
	assert it[0]["title"] == "Acme ships mesh networking", it[0]
	assert it[0]["link"] == "http://127.0.0.1:%s/posts/mesh" % port, it[0]["link"]
	assert it[1]["link"] == "http://127.0.0.1:%s/blog/posts/q1" % port, it[1]["link"]
	assert it[0]["published"] == "2026-03-01T10:00:00Z", it[0]
	assert it[0]["text"] == "Peer to peer, at last.", it[0]
	PYEOF
'

test_expect_success 'what parse --source prints is what the run stores' '
	cw run --only blog 2>"$C/run.err" &&
	"$PY" - "$C/blog.json" "$C"/state/items/blog/*.jsonl <<-"PYEOF"
	import json, sys
	parsed = [(i["id"], i["title"], i["link"]) for i in json.load(open(sys.argv[1]))["items"]]
	stored = [(j["id"], j["title"], j["link"]) for j in map(json.loads, open(sys.argv[2]))]
	assert parsed == stored, (parsed, stored)
	PYEOF
'

test_expect_success 'parse --source ID: a job board' '
	cw parse --source jobs "$SRV/gh.json" >"$C/jobs.json" &&
	grep -q "\"kind\": \"greenhouse\"" "$C/jobs.json" &&
	grep -q "Mesh networking engineer" "$C/jobs.json" &&
	grep -q "\"Remote\"" "$C/jobs.json"
'

test_expect_success 'parse --source ID: a page with its select' '
	cw parse --source whole "$SRV/blog.html" >"$C/page.json" &&
	grep -q "Acme ships mesh networking" "$C/page.json" &&
	! grep -q "Quarterly update" "$C/page.json"
'

test_expect_success 'parse --kind html without a source says what it needs (exit 64)' '
	rc=0
	"$SIGWATCH" parse --kind html "$SRV/blog.html" >"$C/k.out" 2>&1 || rc=$?
	cat "$C/k.out" &&
	test "$rc" = 64 && grep -q "use --source ID" "$C/k.out"
'

test_expect_success 'parse --source with an unknown id, or with --kind: exit 64' '
	rc=0; cw parse --source nope "$SRV/blog.html" >"$C/u.out" 2>&1 || rc=$?
	test "$rc" = 64 && grep -q "no source .nope." "$C/u.out" &&
	rc=0; cw parse --source blog --kind feed "$SRV/blog.html" >/dev/null 2>&1 || rc=$?
	test "$rc" = 64
'

test_expect_success 'parse without --source needs no configuration' '
	(cd "$TMP" && env -u SIGWATCH_CONFIG "$SIGWATCH" parse "$SRV/good.rss") | grep -q "good-1"
'

test_expect_success 'test-rule --source resolves links against the source URL too' '
	cat >"$C/rules/mesh2.yaml" <<-"EOF" &&
	id: mesh2
	title: Mesh ships
	detection:
	  sel: ["mesh networking"]
	EOF
	cw test-rule --rule mesh2 --source blog "$SRV/blog.html" >"$C/tr.out" &&
	cat "$C/tr.out" &&
	grep -q "http://127.0.0.1:$PORT/posts/mesh" "$C/tr.out"
'

test_done
