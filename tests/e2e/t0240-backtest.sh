#!/usr/bin/env bash
# `sigwatch backtest` says why: each new or lost hit shows the selection
# and the matched text; every rule is listed, those with no hit with 0;
# the report ends with how many items it scanned.
. "$(dirname "$0")/lib.sh"
. "$TOP/tests/fixtures/hostile/catalogue-lib.sh"

cat >"$SRV/other.rss" <<'EOF'
<rss version="2.0"><channel><title>Other</title><link>http://example.com/</link>
<item><title>Acme ships a peer-to-peer VPN</title><guid>o-1</guid><link>http://example.com/o-1</link>
<description>The new client is a peer-to-peer VPN for teams.</description></item>
<item><title>Acme quarterly results</title><guid>o-2</guid><link>http://example.com/o-2</link></item>
</channel></rss>
EOF
route /other.rss '{"body_file": "other.rss", "content_type": "application/rss+xml"}'

newcase bt
add_source other "http://127.0.0.1:$PORT/other.rss" feed
cat >"$C/rules/quiet.yaml" <<'EOF'
id: quiet
title: A rule that hits nothing
detection:
  sel: ['nothing-matches-this']
EOF
cw run >/dev/null 2>"$C/run.err" || { cat "$C/run.err"; exit 1; }

test_expect_success 'every rule is listed, one with no hit with 0; the items scanned are counted' '
	cw backtest >"$C/b0.out" &&
	cat "$C/b0.out" &&
	grep -Eq "^quiet +new 0 +gone 0 +unchanged 0$" "$C/b0.out" &&
	grep -Eq "^mesh +new 0 +gone 0 +unchanged 1$" "$C/b0.out" &&
	test "$(tail -n 1 "$C/b0.out")" = "0 hits would be new, 0 would disappear; 3 items scanned" &&
	cw backtest --json >"$C/b0.json" &&
	"$PY" - "$C/b0.json" <<-"PYEOF"
	import json, sys
	o = json.load(open(sys.argv[1]))
	assert o["items_scanned"] == 3, o
	assert [r["rule"] for r in o["rules"]] == ["mesh", "quiet"], o
	assert o["rules"][1]["unchanged"] == 0 and o["rules"][1]["new"] == [], o
	PYEOF
'

test_expect_success 'a rule edit: new and lost hits show the selection and the matched text' '
	cat >"$C/rules/mesh.yaml" <<-"EOF" &&
	id: mesh
	title: Mesh networking, now peer-to-peer VPNs
	severity: high
	detection:
	  vpn: ['"'"'\bpeer-to-peer\s+vpn'"'"']
	EOF
	cw backtest --rule mesh >"$C/b1.out" &&
	cat "$C/b1.out" &&
	grep -Eq "^mesh +new 1 +gone 1 +unchanged 0$" "$C/b1.out" &&
	grep -A1 "^  + other " "$C/b1.out" | grep -q "selection vpn: \"peer-to-peer VPN\"" &&
	grep -A1 "^  - good " "$C/b1.out" | grep -q "selection sel: \"mesh network\" (recorded)" &&
	! grep -q "^quiet" "$C/b1.out" &&
	test "$(tail -n 1 "$C/b1.out")" = "1 hit would be new, 1 would disappear; 3 items scanned"
'

test_expect_success 'the JSON carries the selection and the match too' '
	cw backtest --rule mesh --json >"$C/b1.json" &&
	"$PY" - "$C/b1.json" <<-"PYEOF"
	import json, sys
	r = json.load(open(sys.argv[1]))["rules"][0]
	assert r["new"][0]["selection"] == "vpn" and r["new"][0]["match"] == "peer-to-peer VPN", r
	assert r["gone"][0]["selection"] == "sel" and r["gone"][0]["match"] == "mesh network", r
	PYEOF
'

test_done
