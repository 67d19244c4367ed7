#!/usr/bin/env bash
# `sigwatch check` on an analyst's mistakes: an undefined selection in a
# condition gets a "did you mean", like an unknown key; a rule whose
# `playbook:` names a playbook that does not list it in `signals:` is an
# error (its hits would otherwise count toward that playbook unnoticed).
. "$(dirname "$0")/lib.sh"

C="$TMP/c"
mkdir -p "$C/feeds" "$C/rules/playbooks"
cat >"$C/sigwatch.yaml" <<'EOF'
alerts:
  notifiers:
    - name: out
      type: stdout
EOF
cat >"$C/feeds/f.yaml" <<'EOF'
sources:
  - id: blog
    url: https://blog.example.org/feed
    kind: feed
EOF
cat >"$C/rules/playbooks/pb.yaml" <<'EOF'
id: acme-response
title: If Acme ships mesh
signals: [acme-mesh]
stages:
  - name: Week 1
    steps: ["Say why ours is better"]
EOF
cat >"$C/rules/a.yaml" <<'EOF'
id: acme-mesh
title: Acme writes about mesh networking
playbook: acme-response
detection:
  mesh: ['\bmesh\s+network']
  headline:
    title: ['\bmesh\b']
  condition: mesh or headlines
EOF

test_expect_success 'an undefined selection in a condition: did you mean, at its column' '
	rc=0; "$SIGWATCH" --config "$C/sigwatch.yaml" check >"$TMP/c1.out" 2>&1 || rc=$?
	cat "$TMP/c1.out" &&
	test "$rc" = 78 &&
	grep -q "rules/a.yaml:8:22: error: undefined selection .headlines.; did you mean .headline.?" "$TMP/c1.out"
'

sed -i 's/condition: mesh or headlines/condition: mesh or headline/' "$C/rules/a.yaml"
cat >"$C/rules/b.yaml" <<'EOF'
id: acme-hiring
title: Acme hires mesh engineers
playbook: acme-response
detection:
  sel: ['hiring .* mesh']
EOF

test_expect_success 'a rule claiming a playbook that does not list it is an error' '
	rc=0; "$SIGWATCH" --config "$C/sigwatch.yaml" check >"$TMP/c2.out" 2>&1 || rc=$?
	cat "$TMP/c2.out" &&
	test "$rc" = 78 &&
	grep -q "rules/b.yaml:1:1: error: rule \"acme-hiring\" says playbook: acme-response, but that playbook does not list it in signals" "$TMP/c2.out" &&
	test "$(grep -c ": error: " "$TMP/c2.out")" = 1
'

test_expect_success 'run refuses it too (78, nothing fetched)' '
	rc=0; "$SIGWATCH" --config "$C/sigwatch.yaml" run >"$TMP/r.out" 2>&1 || rc=$?
	test "$rc" = 78 && test ! -e "$C/state"
'

test_expect_success 'listing the rule in the playbook fixes it' '
	sed -i "s/signals: \[acme-mesh\]/signals: [acme-mesh, acme-hiring]/" "$C/rules/playbooks/pb.yaml" &&
	"$SIGWATCH" --config "$C/sigwatch.yaml" check >"$TMP/c3.out" 2>&1 &&
	grep -q "configuration OK" "$TMP/c3.out"
'

test_done
