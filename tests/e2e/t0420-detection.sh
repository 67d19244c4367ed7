#!/usr/bin/env bash
# Detection through the run path on a fake clock: a mixed-vendor source's
# items attributed to their actor (competitor-scoped rules apply for it),
# stale items recorded but alerting nobody and counting for no playbook,
# playbook windows counted from the item's date, and items in another
# language recorded but matched only by rules for that language.
. "$(dirname "$0")/lib.sh"
FIX="$TOP/tests/e2e/fixtures/detection"
mkdir -p "$TMP/srv" "$TMP/feeds"
cp "$FIX/news.rss" "$TMP/srv/"
cp -r "$FIX/rules" "$TMP/"
cat >"$TMP/srv/routes.json" <<JSON
{"/news.rss": {"status": 200, "body_file": "news.rss",
               "content_type": "application/rss+xml"}}
JSON
start_server "$TMP/srv/routes.json" "$TMP/srv" || exit 1
NOW=2026-07-03T00:00:00Z

cat >"$TMP/sigwatch.yaml" <<YAML
rules: rules
feeds: feeds
state: state
fetch: { allow_private_addresses: true, timeout: 10s }
alerts:
  first_run: alert
  notifiers:
    - { name: out, type: stdout }
YAML
cat >"$TMP/feeds/news.yaml" <<YAML
sources:
  - { id: trade, url: "http://127.0.0.1:$PORT/news.rss", kind: feed, tags: [news] }
YAML

hit() {	# hit RULE ITEM: the hit line, or nothing
	cat "$TMP"/state/hits/*.jsonl | grep "\"rule\":\"$1\"" | grep "\"item\":\"$2\"" || true
}

test_expect_success 'check accepts the directory and the rules' '
	sw check 2>"$TMP/check.err" | grep -q "configuration OK" &&
	! grep -q warning "$TMP/check.err"
'
test_expect_success 'one run on the fake clock' '
	SIGWATCH_NOW=$NOW sw run >"$TMP/run.out" 2>"$TMP/run.err" &&
	ls "$TMP"/state/hits/*.jsonl
'
test_expect_success 'attribution: a scoped rule hits the item whose actor it is about' '
	hit acme-smb trade-1 | grep -q "\"competitor\":\"acme\",\"attributed\":true"
'
test_expect_success 'attribution: a competitor merely mentioned is not the actor' '
	test -z "$(hit acme-smb trade-2)"
'
test_expect_success 'stale: an item 4 months old is recorded, its hit marked stale' '
	hit acme-buys trade-3 | grep -q "\"stale\":true" &&
	hit acme-buys trade-3 | grep -q "\"published\":\"2026-03-02T10:00:00Z\"" &&
	grep -q "hit rule=acme-buys source=trade item=trade-3 (stale)" "$TMP/run.err"
'
test_expect_success 'stale hits alert nobody and are no playbook signal' '
	! grep -q "trade-3" "$TMP"/state/playbooks/acme-response.json &&
	"$PY" - "$TMP/state/playbooks/acme-response.json" <<PYEOF
import json, sys
p = json.load(open(sys.argv[1]))
items = sorted(s["link"] for s in p["signals"])
assert items == ["https://trade.example/1", "https://trade.example/5"], items
# the window counts the items dates, not the run date
assert sorted(s["at"] for s in p["signals"]) == ["2026-07-01T10:00:00Z", "2026-07-02T09:00:00Z"], p
assert p["state"] == "active", p
PYEOF
	grep -q "trade.example/5" "$TMP/run.out" &&
	! grep -q "trade.example/3" "$TMP/run.out"
'
test_expect_success 'language: a German item is recorded, not matched by English rules' '
	test -z "$(hit acme-buys trade-4)" && test -z "$(hit acme-smb trade-4)" &&
	hit mesh-anywhere trade-4 | grep -q "\"rule\":\"mesh-anywhere\"" &&
	grep -h "\"id\":\"trade-4\"" "$TMP"/state/items/trade/*.jsonl | grep -q "\"lang\":\"de\""
'
test_expect_success 'test-rule --explain shows attribution and language' '
	sw test-rule --explain --source trade "$TMP/srv/news.rss" >"$TMP/explain" &&
	grep -q "attribution: \[acme\]" "$TMP/explain" &&
	grep -q "acme: \"Acme\" in the title: not the actor, a mention: after \"on \"" "$TMP/explain" &&
	grep -q "language: de (declared), not one of \[en\]" "$TMP/explain"
'
test_done
