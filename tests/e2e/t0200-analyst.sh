#!/usr/bin/env bash
# The analyst's tools: check reports every problem in one pass, test-rule
# exit codes, backtest after a rule edit (new, gone, unchanged), silences
# (recorded, not alerted; expired ones warned about), and retention.
. "$(dirname "$0")/lib.sh"
FIX="$TOP/tests/e2e/fixtures/cycle"
mkdir -p "$TMP/srv" "$TMP/feeds"
cp -r "$FIX/docs" "$TMP/srv/"
cp "$FIX/routes.json" "$TMP/srv/routes.json"
start_server "$TMP/srv/routes.json" "$TMP/srv" || exit 1
cp -r "$FIX/rules" "$TMP/"
sed "s/@PORT@/$PORT/g" "$FIX/feeds.yaml.in" >"$TMP/feeds/test.yaml"
cat >"$TMP/sigwatch.yaml" <<'EOF2'
rules: rules
feeds: feeds
state: state
fetch: { allow_private_addresses: true }
alerts:
  first_run: alert
  notifiers: [ { name: slack, type: stdout } ]
EOF2
T0=1790000000

test_expect_success 'check reports every problem of several files in one pass' '
	cp -r "$TMP/rules" "$TMP/badrules" &&
	printf "id: b1\ntitle: B\nsevrity: high\ndetection:\n  s: [\x27a(\x27]\n" >"$TMP/badrules/b1.yaml" &&
	printf "id: b2\ntitle: B\ndetection:\n  s: [x]\n  condition: s and (t\n" >"$TMP/badrules/b2.yaml" &&
	test_must_fail 78 sw --rules "$TMP/badrules" check 2>"$TMP/check.err" &&
	grep -q "b1.yaml:3:1: error: unknown key .sevrity.*did you mean .severity." "$TMP/check.err" &&
	grep -q "b1.yaml:5:[0-9]*: error: invalid regex" "$TMP/check.err" &&
	grep -q "b2.yaml:5:[0-9]*: error: " "$TMP/check.err" &&
	! grep -q "configuration OK" "$TMP/check.err"
'
test_expect_success 'test-rule exits 0 on a match and 1 without one' '
	sw test-rule "$TMP/srv/docs/blog.rss" >"$TMP/tr.out" &&
	grep -q "match acme-mesh" "$TMP/tr.out" &&
	test_must_fail 1 sw test-rule --rule acme-acquires "$TMP/srv/docs/blog.rss" >/dev/null &&
	sw test-rule --rule acme-mesh - <"$TMP/srv/docs/blog.rss" >/dev/null
'
test_expect_success 'a run records the hits backtest compares against' '
	SIGWATCH_NOW=$T0 sw run >/dev/null 2>&1 &&
	sw backtest --json >"$TMP/bt0.json" &&
	"$PY" -c "
import json, sys
o = json.load(open(sys.argv[1]))
assert o[\"new\"] == 0 and o[\"gone\"] == 0, o
assert sum(r[\"unchanged\"] for r in o[\"rules\"]) == 2, o" "$TMP/bt0.json"
'
test_expect_success 'backtest shows what a rule edit would add and remove' '
	sed -i "s/\x27\\\\bmesh\\\\s+(network|networking|vpn)\\\\b\x27/\x27\\\\bdata\\\\s+cent(er|re)s\x27/; s/    - \x27mesh of data cent(er|re)s\x27/    - \x27nothing-matches-this\x27/" "$TMP/rules/acme.yaml" &&
	sed -i "/^tests:/,/^---/{/^tests:/d;/^  match:/d;/^  nomatch:/d}" "$TMP/rules/acme.yaml" &&
	sw check >/dev/null 2>&1 &&
	sw backtest --rule acme-mesh --json >"$TMP/bt1.json" &&
	"$PY" -c "
import json, sys
o = json.load(open(sys.argv[1]))
r = [r for r in o[\"rules\"] if r[\"rule\"] == \"acme-mesh\"][0]
assert [i[\"item\"] for i in r[\"new\"]] == [\"acme-post-2\"], r
assert [i[\"item\"] for i in r[\"gone\"]] == [\"acme-post-1\"], r
assert r[\"unchanged\"] == 0, r" "$TMP/bt1.json" &&
	sw backtest --rule acme-mesh | grep -q "^  + acme-blog" &&
	cp -r "$FIX/rules/acme.yaml" "$TMP/rules/acme.yaml"
'
test_expect_success 'silenced hits are recorded with silenced: true and alert nobody' '
	rm -rf "$TMP/state" &&
	printf -- "- rule: acme-*\n  source: acme-blog\n  until: 2099-01-01\n  reason: known noise\n  author: analyst\n" >"$TMP/rules/silences.yaml" &&
	SIGWATCH_NOW=$T0 sw run >"$TMP/sil.out" 2>/dev/null &&
	grep -q "\"rule\":\"acme-mesh\".*\"silenced\":true" "$TMP"/state/hits/*.jsonl &&
	grep -q "\"rule\":\"hires-tailscale\".*\"silenced\":false" "$TMP"/state/hits/*.jsonl &&
	test "$(grep -c "sigwatch.alert/1" "$TMP/sil.out")" = 1 &&
	! grep -q "acme-mesh" "$TMP/sil.out"
'
test_expect_success 'an expired silence is a warning, not an error' '
	printf -- "- rule: acme-mesh\n  until: 2001-01-01\n  reason: old\n" >"$TMP/rules/silences.yaml" &&
	sw check >"$TMP/exp.out" 2>"$TMP/exp.err" &&
	grep -q "silences.yaml:2:[0-9]*: warning: .*expired" "$TMP/exp.err" &&
	grep -q "configuration OK" "$TMP/exp.out" &&
	printf "[]\n" >"$TMP/rules/silences.yaml"
'
test_expect_success 'retention: old items leave the work tree, their ids stay seen' '
	rm -rf "$TMP/state" &&
	SIGWATCH_NOW=$T0 sw run >/dev/null 2>&1 &&
	old=$(ls "$TMP"/state/items/acme-blog/) &&
	test -n "$old" &&
	SIGWATCH_NOW=$((T0 + 800 * 86400)) sw run --force >"$TMP/ret.out" 2>"$TMP/ret.err" &&
	test ! -e "$TMP/state/items/acme-blog/$old" &&
	git -C "$TMP/state" log --all --format=%H -- "items/acme-blog/$old" | grep -q . &&
	! grep -q "sigwatch.alert/1" "$TMP/ret.out" &&
	test "$(cat "$TMP"/state/hits/*.jsonl | wc -l)" = 2 &&
	test -s "$TMP/state/seen/acme-blog.txt"
'
test_done
