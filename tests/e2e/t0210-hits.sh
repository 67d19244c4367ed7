#!/usr/bin/env bash
# `sigwatch hits` for an analyst: --competitor ignores case; a --rule,
# --playbook or --competitor that names nothing is an error (exit 64) with
# a "did you mean"; --since takes weeks; each hit shows its competitor and
# the item's published date.
. "$(dirname "$0")/lib.sh"
. "$TOP/tests/fixtures/hostile/catalogue-lib.sh"

cat >"$SRV/dated.rss" <<'EOF'
<rss version="2.0"><channel><title>Dated</title><link>http://example.com/</link>
<item><title>Acme mesh networking arrives</title><guid>d-1</guid><link>http://example.com/d-1</link>
<pubDate>Tue, 03 Mar 2026 10:00:00 GMT</pubDate></item></channel></rss>
EOF
route /dated.rss '{"body_file": "dated.rss", "content_type": "application/rss+xml"}'

newcase hits
add_source dated "http://127.0.0.1:$PORT/dated.rss" feed
sed -i 's/^title: Mesh networking$/title: Mesh networking\nplaybook: acme-response/' "$C/rules/mesh.yaml"
mkdir -p "$C/rules/playbooks"
cat >"$C/rules/playbooks/acme.yaml" <<'EOF'
id: acme-response
title: If Acme ships mesh
signals: [mesh]
stages:
  - name: Week 1
    steps: ["Say why ours is better"]
EOF
cw run >/dev/null 2>"$C/run.err" || { cat "$C/run.err"; exit 1; }

test_expect_success 'hits shows the competitor and the published date' '
	cw hits >"$C/h.out" &&
	cat "$C/h.out" &&
	grep -q "mesh .*acme .*dated" "$C/h.out" &&
	grep -q "published 2026-03-03T10:00:00Z  http://example.com/d-1" "$C/h.out" &&
	grep -q "published unknown  http://example.com/good-1" "$C/h.out"
'

test_expect_success '--competitor is case-insensitive' '
	test "$(cw hits --json --competitor ACME | wc -l)" = 2 &&
	test "$(cw hits --json --competitor Acme | wc -l)" = 2
'

test_expect_success 'an unknown --competitor is an error with a did-you-mean' '
	rc=0; cw hits --competitor acmee >"$C/c.out" 2>&1 || rc=$?
	cat "$C/c.out" &&
	test "$rc" = 64 && grep -q "did you mean .acme.?" "$C/c.out"
'

test_expect_success 'an unknown --rule is an error with a did-you-mean' '
	rc=0; cw hits --rule mseh >"$C/r.out" 2>&1 || rc=$?
	cat "$C/r.out" &&
	test "$rc" = 64 && grep -q "did you mean .mesh.?" "$C/r.out" &&
	test "$(cw hits --json --rule mesh | wc -l)" = 2
'

test_expect_success 'an unknown --playbook is an error; a known one filters' '
	rc=0; cw hits --playbook acme-respons >"$C/p.out" 2>&1 || rc=$?
	cat "$C/p.out" &&
	test "$rc" = 64 && grep -q "did you mean .acme-response.?" "$C/p.out" &&
	rc=0; cw hits --playbook zzz >"$C/p2.out" 2>&1 || rc=$?
	test "$rc" = 64 && grep -q "no such playbook" "$C/p2.out" &&
	test "$(cw hits --json --playbook acme-response | wc -l)" = 2
'

test_expect_success 'a rule no longer in the rules still has its recorded hits' '
	mv "$C/rules/mesh.yaml" "$TMP/mesh.yaml.off" &&
	sed -i "s/signals: \[mesh\]/signals: []/" "$C/rules/playbooks/acme.yaml" &&
	test "$(cw hits --json --rule mesh | wc -l)" = 2 &&
	mv "$TMP/mesh.yaml.off" "$C/rules/mesh.yaml" &&
	sed -i "s/signals: \[\]/signals: [mesh]/" "$C/rules/playbooks/acme.yaml"
'

test_expect_success '--since takes weeks' '
	test "$(cw hits --json --since 2w | wc -l)" = 2 &&
	test "$(SIGWATCH_NOW=$(( $(date +%s) + 15 * 86400 )) cw hits --json --since 2w | wc -l)" = 0 &&
	rc=0; cw hits --since 2fortnights >/dev/null 2>&1 || rc=$?
	test "$rc" = 64
'

test_done
