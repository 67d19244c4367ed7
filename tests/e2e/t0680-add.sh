#!/usr/bin/env bash
# sigwatch add URL: pages served on loopback. A blog page advertising RSS,
# JSON Feed and a comments feed (the RSS feed is chosen), the same page
# behind a redirect (links resolve against the final URL), a careers page
# embedding a Greenhouse board (the board wins over the site-wide feed; its
# listing is read from $SIGWATCH_JOBS_API, as no test reaches greenhouse.io),
# pages with no feed (html, then page fallback), a feed URL given directly.
# The feeds file: created when missing, an existing one keeps every byte
# and gets the entry under sources:, --dry-run changes nothing, a duplicate
# id or URL is refused, a failing check rolls the append back, a flow list
# is refused. Without allow_private_addresses a loopback URL is refused
# before any request.
. "$(dirname "$0")/lib.sh"
FIX="$TOP/tests/e2e/fixtures/add"
mkdir -p "$TMP/srv" "$TMP/feeds" "$TMP/rules/playbooks"
cp "$FIX"/* "$TMP/srv/"
cp "$TOP/tests/fixtures/jobs/greenhouse.json" "$TMP/srv/"
cat >"$TMP/srv/routes.json" <<'EOF2'
{
 "/blog/": {"status": 200, "body_file": "blog.html", "content_type": "text/html; charset=utf-8"},
 "/blog/feed.xml": {"status": 200, "body_file": "feed.xml", "content_type": "application/rss+xml"},
 "/blog/comments/feed.xml": {"status": 200, "body_file": "comments.xml", "content_type": "application/rss+xml"},
 "/blog/feed.json": {"status": 200, "body_file": "feed.json", "content_type": "application/feed+json"},
 "/old-blog": {"status": 301, "redirect": "/blog/"},
 "/careers": {"status": 200, "body_file": "careers.html", "content_type": "text/html"},
 "/v1/boards/acme/jobs": {"status": 200, "body_file": "greenhouse.json", "content_type": "application/json"},
 "/about": {"status": 200, "body_file": "about.html", "content_type": "text/html"},
 "/plain": {"status": 200, "body_file": "plain.html", "content_type": "text/html"}
}
EOF2
start_server "$TMP/srv/routes.json" "$TMP/srv" || exit 1
U="http://127.0.0.1:$PORT"
cat >"$TMP/rules/r.yaml" <<'EOF2'
id: mesh
title: Mesh networking
detection:
  m: ['\bmesh\s+networking\b']
EOF2
cat >"$TMP/sigwatch.yaml" <<'EOF2'
rules: rules
feeds: feeds
state: state
fetch: { allow_private_addresses: true, timeout: 10s }
alerts:
  notifiers: [ { name: out, type: stdout } ]
EOF2
sed 's/allow_private_addresses: true/allow_private_addresses: false/' "$TMP/sigwatch.yaml" >"$TMP/strict.yaml"
snap() { (cd "$TMP" && find feeds other -type f 2>/dev/null | sort | xargs -r sha256sum); }

test_expect_success 'a blog page: the advertised RSS feed, not the comments feed' '
	sw add --competitor acme --tags "blog, eng" "$U/blog/" >"$TMP/a1.out" 2>"$TMP/a1.err" &&
	cat "$TMP/a1.out" &&
	grep -q "RSS  *$U/blog/comments/feed.xml" "$TMP/a1.out" &&
	grep -q "JSON Feed  *$U/blog/feed.json" "$TMP/a1.out" &&
	grep -q "^chose: RSS feed $U/blog/feed.xml (\"Acme blog\"), advertised by the page" "$TMP/a1.out" &&
	grep -q "Introducing mesh networking for Acme One" "$TMP/a1.out" &&
	test "$(requests /blog/comments/feed.xml)" = 0 &&
	grep -q "^added source acme-blog to .*feeds/acme.yaml" "$TMP/a1.out" &&
	grep -q "^configuration OK" "$TMP/a1.out" &&
	cat >"$TMP/want1" <<-EOF2 &&
	# Sources added by sigwatch add; see sigwatch-feeds(5).
	competitor: "acme"
	sources:
	  - id: acme-blog
	    kind: feed
	    url: "$U/blog/feed.xml"
	    tags: ["blog", "eng"]
	EOF2
	test_cmp "$TMP/want1" "$TMP/feeds/acme.yaml"
'
test_expect_success 'the added source runs' '
	sw run >"$TMP/run.out" 2>"$TMP/run.err" &&
	grep -q "source=acme-blog ok items=2" "$TMP/run.err"
'
test_expect_success 'a redirect: links resolve against the final URL; a watched feed is refused' '
	test_must_fail 78 sw add --competitor acme "$U/old-blog" >"$TMP/r.out" 2>"$TMP/r.err" &&
	grep -q "^fetched $U/blog/ (HTTP 200" "$TMP/r.out" &&
	grep -q "redirected from $U/old-blog" "$TMP/r.out" &&
	grep -q "^chose: RSS feed $U/blog/feed.xml" "$TMP/r.out" &&
	grep -q "source acme-blog already watches this (.*acme.yaml:4)" "$TMP/r.err" &&
	test_cmp "$TMP/want1" "$TMP/feeds/acme.yaml"
'
test_expect_success 'a feed URL given directly; --dry-run writes nothing' '
	snap >"$TMP/snap0" &&
	sw add --competitor globex --dry-run "$U/blog/feed.json" >"$TMP/d.out" &&
	grep -q "^chose: the URL is a feed (json11)" "$TMP/d.out" &&
	grep -q "^would append to .*feeds/globex.yaml:" "$TMP/d.out" &&
	grep -q "^  - id: globex-blog$" "$TMP/d.out" &&
	test ! -e "$TMP/feeds/globex.yaml" &&
	snap >"$TMP/snap1" && test_cmp "$TMP/snap0" "$TMP/snap1"
'
test_expect_success 'a careers page: the embedded Greenhouse board, appended under sources:' '
	cp "$TMP/feeds/acme.yaml" "$TMP/acme.before" &&
	SIGWATCH_JOBS_API="$U" sw add --competitor acme "$U/careers" >"$TMP/c.out" 2>"$TMP/c.err" &&
	cat "$TMP/c.out" &&
	grep -q "greenhouse  *acme  (https://boards.greenhouse.io/embed/job_board/js?for=acme)" "$TMP/c.out" &&
	grep -q "^chose: greenhouse job board .acme. .*listed at https://boards-api.greenhouse.io/v1/boards/acme/jobs?content=true" "$TMP/c.out" &&
	test "$(requests /v1/boards/acme/jobs)" = 1 &&
	test "$(requests /blog/feed.xml)" -ge 1 &&
	grep -q "^added source acme-jobs to" "$TMP/c.out" &&
	cat "$TMP/acme.before" - >"$TMP/want2" <<-EOF2 &&
	  - id: acme-jobs
	    kind: greenhouse
	    url: "$U/v1/boards/acme/jobs?content=true"
	    board: "acme"
	EOF2
	test_cmp "$TMP/want2" "$TMP/feeds/acme.yaml" &&
	sw check >/dev/null
'
test_expect_success 'an existing hand-written file keeps every byte; the entry goes under sources:' '
	printf "# Globex, kept by hand\ncompetitor: globex   # the default\nsources:\n  - id: globex-news\n    kind: feed\n    url: \"%s/blog/feed.json\"   # JSON Feed\n    every: 2h\n\n# more later\ntags: [globex]\n" "$U" >"$TMP/feeds/globex.yaml" &&
	cp "$TMP/feeds/globex.yaml" "$TMP/globex.before" &&
	chmod 640 "$TMP/feeds/globex.yaml" &&
	sw add --competitor globex "$U/about" >"$TMP/h.out" 2>"$TMP/h.err" &&
	grep -q "^chose: an html source: 2 <article> items" "$TMP/h.out" &&
	"$PY" - "$TMP/globex.before" "$TMP/feeds/globex.yaml" <<-"PYEOF" &&
	import sys
	old, new = open(sys.argv[1]).read(), open(sys.argv[2]).read()
	cut = old.index("    every: 2h\n") + len("    every: 2h\n")
	assert new.startswith(old[:cut]) and new.endswith(old[cut:]), new
	added = new[cut:len(new) - len(old) + cut]
	lines = added.splitlines()
	assert lines[0].startswith("  # sigwatch add found no feed or job board"), lines
	assert "  - id: globex-web" in lines and "    kind: html" in lines, lines
	assert "    items: \"//article\"" in lines, lines
	assert not any("competitor" in l for l in lines), lines
	PYEOF
	test "$(stat -c %a "$TMP/feeds/globex.yaml")" = 640 &&
	sw check >/dev/null
'
test_expect_success 'no feed and no article: a page source; --feeds outside the feeds directory' '
	mkdir -p "$TMP/other" &&
	sw add --competitor "Initech Co" --feeds "$TMP/other/extra.yaml" "$U/plain" >"$TMP/p.out" 2>"$TMP/p.err" &&
	grep -q "^chose: a page source (the page.s <main>)" "$TMP/p.out" &&
	grep -q "Teams: \$5 per user per month." "$TMP/p.out" &&
	grep -q "^    kind: page$" "$TMP/other/extra.yaml" &&
	grep -q "^    select: \"//main\"$" "$TMP/other/extra.yaml" &&
	grep -q "^competitor: \"Initech Co\"$" "$TMP/other/extra.yaml" &&
	grep -q "^  - id: initech-co-page$" "$TMP/other/extra.yaml" &&
	grep -q "^# the whole page (or select) is one item" "$TMP/other/extra.yaml" || {
		grep -q "^  # the whole page (or select) is one item" "$TMP/other/extra.yaml"; }
'
test_expect_success 'a duplicate --id is refused before anything is fetched' '
	snap >"$TMP/snap0" && n=$(wc -l <"$LOG") &&
	test_must_fail 78 sw add --id acme-blog --competitor acme "$U/plain" 2>"$TMP/dup.err" &&
	grep -q "source id .acme-blog. already exists (.*acme.yaml:4)" "$TMP/dup.err" &&
	test "$(wc -l <"$LOG")" = "$n" &&
	snap >"$TMP/snap1" && test_cmp "$TMP/snap0" "$TMP/snap1"
'
test_expect_success 'a private address is refused when not allowed (no request made)' '
	snap >"$TMP/snap0" && n=$(requests /plain) &&
	test_must_fail 69 sw --config "$TMP/strict.yaml" add --competitor acme "$U/plain" 2>"$TMP/priv.err" &&
	grep -qi "policy" "$TMP/priv.err" &&
	test "$(requests /plain)" = "$n" &&
	snap >"$TMP/snap1" && test_cmp "$TMP/snap0" "$TMP/snap1"
'
test_expect_success 'a failing check rolls the append back' '
	snap >"$TMP/snap0" &&
	printf "id: broken\ntitle: B\ndetection:\n  s: [\x27a(\x27]\n" >"$TMP/rules/broken.yaml" &&
	test_must_fail 78 sw add --competitor acme --id acme-pricing "$U/plain" >"$TMP/rb.out" 2>"$TMP/rb.err" &&
	grep -q "appending to .*feeds/acme.yaml" "$TMP/rb.out" &&
	grep -q "broken.yaml:4:[0-9]*: error: invalid regex" "$TMP/rb.err" &&
	grep -q "the check failed: .*acme.yaml is as it was before" "$TMP/rb.err" &&
	test_must_fail 78 sw add --competitor newco "$U/plain" >/dev/null 2>&1 &&
	test ! -e "$TMP/feeds/newco.yaml" &&
	rm "$TMP/rules/broken.yaml" &&
	snap >"$TMP/snap1" && test_cmp "$TMP/snap0" "$TMP/snap1"
'
test_expect_success 'a flow list cannot take an entry: refused, file untouched' '
	printf "competitor: flow\nsources: []\n" >"$TMP/feeds/flow.yaml" &&
	test_must_fail 78 sw add --competitor flow "$U/plain" 2>"$TMP/fl.err" &&
	grep -q "flow.yaml: cannot append a source: .sources. is a flow list" "$TMP/fl.err" &&
	test "$(cat "$TMP/feeds/flow.yaml")" = "$(printf "competitor: flow\nsources: []")" &&
	rm "$TMP/feeds/flow.yaml"
'
test_expect_success 'usage errors' '
	test_must_fail 64 sw add 2>/dev/null &&
	test_must_fail 64 sw add --kind rss "$U/blog/" 2>/dev/null &&
	test_must_fail 64 sw add "file:///etc/passwd" 2>/dev/null &&
	test_must_fail 64 sw add --id "Bad Id" "$U/blog/" 2>/dev/null &&
	test_must_fail 64 sw add "http://127.0.0.1:$PORT/plain" 2>"$TMP/nc.err" &&
	grep -q "give --competitor" "$TMP/nc.err"
'
test_expect_success '--kind narrows the choice: the JSON Feed is no RSS, html forced' '
	sw add --competitor acme --kind html --dry-run "$U/blog/" >"$TMP/k.out" &&
	grep -q "^chose: an html source: 1 <article> item" "$TMP/k.out" &&
	test_must_fail 65 sw add --competitor acme --kind lever --dry-run "$U/blog/" >"$TMP/k2.out" &&
	grep -q "no working lever found" "$TMP/k2.out"
'
test_done
