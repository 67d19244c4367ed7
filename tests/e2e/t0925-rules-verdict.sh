#!/usr/bin/env bash
# The rules' verdict cache of `sigwatch run` (<state>/.run/rules-verdict):
# rules validated before load without compiling, with the same warnings
# and the same hits; a changed rule file is validated again, and a broken
# one still stops the run before anything is fetched; a corrupt cache is
# ignored; `check` validates in full every time.
. "$(dirname "$0")/lib.sh"
FIX="$TOP/tests/e2e/fixtures/cycle"

mkdir -p "$TMP/srv" "$TMP/feeds"
cp -r "$FIX/docs" "$TMP/srv/"
cp "$FIX/routes.json" "$TMP/srv/routes.json"
start_server "$TMP/srv/routes.json" "$TMP/srv" || exit 1
export SIGWATCH_SLACK_WEBHOOK="http://127.0.0.1:$PORT/hooks/T000/B000/SECRETTOKEN123"
export SIGWATCH_SLACK_PACE_MS=0
cp -r "$FIX/rules" "$TMP/"
sed "s/@PORT@/$PORT/g" "$FIX/feeds.yaml.in" >"$TMP/feeds/test.yaml"
sed "s/@FIRST_RUN@/baseline/" "$FIX/sigwatch.yaml.in" >"$TMP/sigwatch.yaml"
# warnings of both kinds: one needs the compiled pattern, one does not
cat >"$TMP/rules/warns.yaml" <<'YAML'
id: warns
title: Warns
detection:
  a: ['zz-never-(x*)', 'y?']
  unused: [never-used]
  condition: a
YAML
V="$TMP/state/.run/rules-verdict"
hits() { cat "$1"/hits/*.jsonl 2>/dev/null | sed 's/.*"rule":"\([^"]*\)".*"source":"\([^"]*\)".*"item":"\([^"]*\)".*/\1 \2 \3/' | sort; }

test_expect_success 'a first run validates the rules and records the verdict' '
	sw -v run 2>"$TMP/run1.err" &&
	! grep -q "validated before" "$TMP/run1.err" &&
	test -f "$V" &&
	head -n 1 "$V" | grep -q "^sigwatch rules verdict 1$" &&
	grep -q "^empty 1 " "$V" &&
	grep "warning:" "$TMP/run1.err" >"$TMP/w1" &&
	grep -q "warns.yaml:4:24: warning: pattern matches the empty string" "$TMP/w1" &&
	grep -q "warning: selection .unused. is not used" "$TMP/w1"
'

test_expect_success 'the next run loads on the verdict: same warnings, nothing compiled' '
	sw -v run 2>"$TMP/run2.err" &&
	grep -q "rules: .*validated before" "$TMP/run2.err" &&
	! grep -q "compiled .* patterns on the first match" "$TMP/run2.err" &&
	grep "warning:" "$TMP/run2.err" >"$TMP/w2" &&
	test_cmp "$TMP/w1" "$TMP/w2"
'

test_expect_success 'rules loaded on a verdict hit what fully validated rules hit' '
	sw -s "$TMP/full" run 2>"$TMP/full.err" &&
	mkdir -p "$TMP/lazy/.run" && cp "$V" "$TMP/lazy/.run/rules-verdict" &&
	sw -v -s "$TMP/lazy" run 2>"$TMP/lazy.err" &&
	grep -q "validated before" "$TMP/lazy.err" &&
	grep -q "compiled 8 patterns on the first match" "$TMP/lazy.err" &&
	hits "$TMP/full" >"$TMP/hits.full" && hits "$TMP/lazy" >"$TMP/hits.lazy" &&
	test -s "$TMP/hits.full" &&
	test_cmp "$TMP/hits.full" "$TMP/hits.lazy"
'

test_expect_success 'check validates in full every time' '
	sw -v check >"$TMP/check.out" 2>&1 &&
	! grep -q "validated before" "$TMP/check.out" &&
	grep -q "configuration OK" "$TMP/check.out"
'

test_expect_success 'a broken edit stops the run before any fetch (exit 78, as check says)' '
	n=$(wc -l <"$LOG") &&
	cp "$TMP/rules/acme.yaml" "$TMP/acme.good" &&
	sed -i "s/(network|networking|vpn)/(network|networking|vpn/" "$TMP/rules/acme.yaml" &&
	{ sw run 2>"$TMP/bad.err"; test $? = 78; } &&
	grep -q "acme.yaml:8:.*: error: invalid regex: missing closing parenthesis" "$TMP/bad.err" &&
	grep -q "nothing was fetched" "$TMP/bad.err" &&
	test "$(wc -l <"$LOG")" = "$n" &&
	{ sw check 2>"$TMP/bad-check.err"; test $? = 78; } &&
	test_cmp "$TMP/bad-check.err" "$TMP/bad.err" &&
	{ sw run 2>"$TMP/bad2.err"; test $? = 78; } &&
	test_cmp "$TMP/bad.err" "$TMP/bad2.err"
'

test_expect_success 'a failing tests: example stops the run too' '
	cp "$TMP/acme.good" "$TMP/rules/acme.yaml" &&
	sed -i "s/match: \[\"Introducing mesh networking\"\]/match: [\"Introducing mush networking\"]/" "$TMP/rules/acme.yaml" &&
	{ sw run 2>"$TMP/ex.err"; test $? = 78; } &&
	grep -q "should match this example but does not" "$TMP/ex.err"
'

test_expect_success 'the good bytes back: their verdict still holds' '
	cp "$TMP/acme.good" "$TMP/rules/acme.yaml" &&
	sw -v run 2>"$TMP/back1.err" &&
	grep -q "validated before" "$TMP/back1.err"
'

test_expect_success 'a valid edit is validated again, then cached again' '
	echo "# edited" >>"$TMP/rules/acme.yaml" &&
	sw -v run 2>"$TMP/edit1.err" &&
	! grep -q "validated before" "$TMP/edit1.err" &&
	sw -v run 2>"$TMP/edit2.err" &&
	grep -q "validated before" "$TMP/edit2.err"
'

test_expect_success 'a corrupt verdict is ignored (full validation, then rewritten)' '
	cp "$V" "$TMP/verdict.good" &&
	sed -i "s/^empty 1 /empty 0 /" "$V" &&
	sw -v run 2>"$TMP/corrupt.err" &&
	! grep -q "validated before" "$TMP/corrupt.err" &&
	grep "warning:" "$TMP/corrupt.err" >"$TMP/w3" &&
	test_cmp "$TMP/w1" "$TMP/w3" &&
	test_cmp "$TMP/verdict.good" "$V" &&
	printf "garbage" >"$V" &&
	sw run 2>/dev/null &&
	test_cmp "$TMP/verdict.good" "$V"
'

test_done
