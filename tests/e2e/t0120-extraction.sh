#!/usr/bin/env bash
# Extraction failures are failures: a 200 that yields no item (an html
# source whose items XPath matches nothing, an empty feed, a job board
# listing no jobs) or fewer than min_items is `extraction_failed`, counted
# toward broken_after and shown in status, never "ok items=0" run after
# run; the source-broken alert's advice fits the kind.
. "$(dirname "$0")/lib.sh"
. "$TOP/tests/fixtures/hostile/catalogue-lib.sh"

cat >"$SRV/list.html" <<'EOF'
<html><body><main><div class="post"><h2>Acme mesh networking</h2>
<a href="/p1">read</a></div></main></body></html>
EOF
printf '<rss version="2.0"><channel><title>Empty</title><link>http://example.com/</link></channel></rss>' \
	>"$SRV/empty.rss"
printf '{"jobs": [], "meta": {"total": 0}}' >"$SRV/gh-empty.json"
route /list.html '{"body_file": "list.html", "content_type": "text/html"}'
route /empty.rss '{"body_file": "empty.rss", "content_type": "application/rss+xml"}'
route /gh-empty.json '{"body_file": "gh-empty.json", "content_type": "application/json"}'

newcase extract
add_source blog "http://127.0.0.1:$PORT/list.html" html 'items: "//article"'
add_source quiet "http://127.0.0.1:$PORT/empty.rss" feed
add_source jobs "http://127.0.0.1:$PORT/gh-empty.json" greenhouse "board: acme"
add_source few "http://127.0.0.1:$PORT/list.html" html 'items: "//div[@class=\"post\"]"' 'min_items: 3'

test_expect_success 'first fetch: an XPath that matches nothing is extraction_failed, not ok items=0' '
	cw run 2>"$C/e1" || true
	cat "$C/e1" &&
	grep -q "source=blog extraction_failed: extraction failed: items XPath \"//article\" matched nothing" "$C/e1" &&
	! grep -q "source=blog ok" "$C/e1" &&
	test "$(stfield blog last_status)" = extraction_failed &&
	test "$(stfield blog consecutive_failures)" = 1
'

test_expect_success 'an empty feed and an empty job board on a first fetch are failures too' '
	grep -q "source=quiet extraction_failed: extraction failed: the document has no entries" "$C/e1" &&
	grep -q "source=jobs extraction_failed: extraction failed: the greenhouse board \"acme\" lists no jobs" "$C/e1" &&
	test "$(stfield quiet consecutive_failures)" = 1 &&
	test "$(stfield jobs consecutive_failures)" = 1
'

test_expect_success 'min_items: fewer items than that is an extraction failure' '
	grep -q "source=few extraction_failed: extraction failed: 1 items, fewer than min_items 3" "$C/e1"
'

test_expect_success 'the healthy source of the same run is unaffected' '
	good_ok "$C/e1"
'

test_expect_success 'counted toward broken_after: the third run alerts, with advice for the kind' '
	mark &&
	cw run 2>"$C/e2" || true
	cw run 2>"$C/e3" || true
	test "$(stfield blog consecutive_failures)" = 3 &&
	test "$(stfield blog broken)" = True &&
	cw status >"$C/status.txt" &&
	grep "^  blog " "$C/status.txt" | grep -q "extraction_failed.*BROKEN" &&
	posts_since >"$C/posts" &&
	grep "Source broken: blog" "$C/posts" | grep -q "XPath" &&
	grep "Source broken: blog" "$C/posts" | grep -q "sigwatch parse --source blog page.html" &&
	grep "Source broken: jobs" "$C/posts" >"$C/jobs-post" &&
	! grep -q "XPath" "$C/jobs-post" &&
	grep -q "board:" "$C/jobs-post" &&
	grep "Source broken: quiet" "$C/posts" >"$C/feed-post" &&
	! grep -q "XPath" "$C/feed-post" &&
	grep -q "feed" "$C/feed-post"
'

test_expect_success 'a page whose select matches nothing is extraction_failed' '
	newcase pagecase &&
	add_source pg "http://127.0.0.1:$PORT/list.html" page "select: \"//article\"" &&
	{ cw run 2>"$C/p1" || true; } &&
	cat "$C/p1" &&
	grep -q "source=pg extraction_failed: select XPath \"//article\" matched nothing" "$C/p1"
'

test_done
