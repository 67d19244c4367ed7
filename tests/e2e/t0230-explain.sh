#!/usr/bin/env bash
# `test-rule --explain` stays readable with hundreds of rules: without
# --rule it prints one line per rule (in scope?, selections matched,
# condition value); --rule ID gives that rule's full tree. Conditions print
# with the parentheses their meaning needs; NO_COLOR turns colour off.
. "$(dirname "$0")/lib.sh"

C="$TMP/c"
mkdir -p "$C/feeds" "$C/rules"
cat >"$C/sigwatch.yaml" <<'EOF'
alerts:
  notifiers:
    - name: out
      type: stdout
EOF
cat >"$C/feeds/f.yaml" <<'EOF'
sources:
  - id: acme-blog
    competitor: acme
    url: https://blog.example.org/feed
    kind: feed
EOF
cat >"$C/rules/main.yaml" <<'EOF'
id: acme-mesh
title: Acme writes about mesh networking
detection:
  mesh: ['\bmesh\s+network']
  headline:
    title: ['\bmesh\b']
  marketing: ['network of \d+ cities']
  condition: (mesh or headline) and not marketing
---
id: other-vendor
title: Only for another competitor
competitor: zeta
detection:
  sel: ['mesh']
EOF
# 200 more rules that do not match, as a real rule set has hundreds
for i in $(seq 1 200); do
	printf -- '---\nid: filler-%03d\ntitle: Filler %d\ndetection:\n  a: [word%da]\n  b: [word%db]\n  condition: a and b\n' \
	    "$i" "$i" "$i" "$i"
done >>"$C/rules/main.yaml"
cat >"$TMP/doc.rss" <<'EOF'
<rss version="2.0"><channel><title>t</title>
<item><title>Our network of 300 cities</title><guid>x1</guid><link>http://example.com/x1</link>
<description>A mesh network of 300 cities, says marketing.</description></item>
<item><title>Mesh networking is here</title><guid>x2</guid><link>http://example.com/x2</link>
<description>We ship mesh networking today.</description></item>
</channel></rss>
EOF
tr_() { "$SIGWATCH" --config "$C/sigwatch.yaml" test-rule "$@"; }

test_expect_success 'without --rule: one line per rule, not a tree per rule' '
	tr_ --explain --source acme-blog "$TMP/doc.rss" >"$TMP/brief.out" || true
	head -n 8 "$TMP/brief.out" &&
	test "$(grep -c "^  filler-" "$TMP/brief.out")" = 200 &&
	test "$(wc -l <"$TMP/brief.out")" -le 215 &&
	! grep -q "selection a:" "$TMP/brief.out"
'

test_expect_success 'the line says in scope, which selections matched, and the condition value' '
	grep -Eq "^  acme-mesh +yes +mesh, marketing +false$" "$TMP/brief.out" &&
	grep -Eq "^  other-vendor +no: competitor acme +- +-$" "$TMP/brief.out" &&
	grep -Eq "^  filler-001 +yes +none +false$" "$TMP/brief.out" &&
	grep -q "1 of 2 items matched" "$TMP/brief.out"
'

test_expect_success '--rule ID: the full tree, with a minimally parenthesised condition' '
	tr_ --explain --rule acme-mesh "$TMP/doc.rss" >"$TMP/full.out" || true
	cat "$TMP/full.out" &&
	grep -q "^rule acme-mesh: no match" "$TMP/full.out" &&
	grep -q "^  selection marketing: true" "$TMP/full.out" &&
	grep -q "^  condition: (mesh or headline) and not marketing = false$" "$TMP/full.out" &&
	! grep -q "filler" "$TMP/full.out"
'

test_expect_success 'NO_COLOR turns off colour on a terminal' '
	script -qec "env NO_COLOR=1 $SIGWATCH --config $C/sigwatch.yaml test-rule --rule acme-mesh $TMP/doc.rss" /dev/null \
	    >"$TMP/nc.out" 2>&1 || true
	grep -q "acme-mesh" "$TMP/nc.out" &&
	! grep -q "$(printf "\033")\[" "$TMP/nc.out" &&
	script -qec "env -u NO_COLOR $SIGWATCH --config $C/sigwatch.yaml test-rule --rule acme-mesh $TMP/doc.rss" /dev/null \
	    >"$TMP/c.out" 2>&1 || true
	grep -q "$(printf "\033")\[1;31m" "$TMP/c.out"
'

test_done
