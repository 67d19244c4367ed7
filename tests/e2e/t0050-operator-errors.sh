#!/usr/bin/env bash
# Errors a new operator meets say what is wrong: no configuration found
# (and where sigwatch looked), one error for a --config that does not
# exist, every problem of a broken setup in one pass wherever sigwatch is
# started from, exit 66 for a --state that does not exist, --help for
# every command, --version, and a refused private address that names the
# setting allowing it.
. "$(dirname "$0")/lib.sh"

C="$TMP/conf"
mkdir -p "$C/feeds" "$C/rules/playbooks" "$TMP/elsewhere"
cat >"$C/sigwatch.yaml" <<'EOF'
fetch:
  default_every: 1h
alerts:
  notifiers:
    - name: out
      type: stdout
EOF
cat >"$C/feeds/a.yaml" <<'EOF'
sources:
  - id: local
    url: http://127.0.0.1:9/feed.rss
    kind: feed
    bogus_key: 1
EOF
cat >"$C/rules/r.yaml" <<'EOF'
id: r1
title: A rule with a bad pattern
detection:
  sel: ['(unclosed']
EOF

test_expect_success 'no configuration found: says so and lists where it looked' '
	if [ -e /etc/sigwatch/sigwatch.yaml ]; then echo "an installed config exists: nothing to test"; exit 0; fi
	rc=0
	(cd "$TMP/elsewhere" && env -u SIGWATCH_CONFIG "$SIGWATCH" check) >"$TMP/nc.out" 2>&1 || rc=$?
	cat "$TMP/nc.out" &&
	test "$rc" = 78 &&
	grep -q "no configuration found" "$TMP/nc.out" &&
	grep -q "SIGWATCH_CONFIG" "$TMP/nc.out" &&
	grep -q "\./sigwatch.yaml" "$TMP/nc.out" &&
	grep -q "/etc/sigwatch/sigwatch.yaml" "$TMP/nc.out" &&
	! grep -q "cannot open" "$TMP/nc.out"
'

test_expect_success 'no configuration found: the same for run, status and hits' '
	if [ -e /etc/sigwatch/sigwatch.yaml ]; then exit 0; fi
	for cmd in run status hits; do
		rc=0
		(cd "$TMP/elsewhere" && env -u SIGWATCH_CONFIG "$SIGWATCH" $cmd) >"$TMP/nc2.out" 2>&1 || rc=$?
		test "$rc" = 78 && grep -q "no configuration found" "$TMP/nc2.out" ||
		    { echo "$cmd:"; cat "$TMP/nc2.out"; exit 1; }
	done
'

test_expect_success '--config that does not exist: one error, nothing about directories' '
	rc=0
	"$SIGWATCH" --config "$TMP/nope.yaml" check >"$TMP/ne.out" 2>&1 || rc=$?
	cat "$TMP/ne.out" &&
	test "$rc" = 78 &&
	test "$(grep -c ": error: " "$TMP/ne.out")" = 1 &&
	grep -q "nope.yaml: error: cannot open" "$TMP/ne.out" &&
	! grep -q "cannot open directory\|rules directory" "$TMP/ne.out"
'

test_expect_success 'check from another directory: feeds and rule errors in one pass, paths from the config' '
	rc=0
	(cd "$TMP/elsewhere" && "$SIGWATCH" --config "$C/sigwatch.yaml" check) >"$TMP/two.out" 2>&1 || rc=$?
	cat "$TMP/two.out" &&
	test "$rc" = 78 &&
	grep -q "feeds/a.yaml:5:5: error: unknown key .bogus_key." "$TMP/two.out" &&
	grep -q "rules/r.yaml:4:.*error" "$TMP/two.out" &&
	! grep -q "cannot open rules directory" "$TMP/two.out"
'

# a valid setup for the rest
sed -i "/bogus_key/d" "$C/feeds/a.yaml"
cat >"$C/rules/r.yaml" <<'EOF'
id: r1
title: A rule
detection:
  sel: ['hello']
EOF

test_expect_success '--state that does not exist: hits, status and backtest exit 66' '
	for cmd in hits status backtest; do
		rc=0
		"$SIGWATCH" --config "$C/sigwatch.yaml" --state "$TMP/no-state" $cmd \
		    >"$TMP/ns.out" 2>&1 || rc=$?
		test "$rc" = 66 && grep -q "no-state does not exist" "$TMP/ns.out" ||
		    { echo "$cmd: rc=$rc"; cat "$TMP/ns.out"; exit 1; }
		! grep -q "no hits\|SOURCES" "$TMP/ns.out"
	done
'

test_expect_success '--state that is not a state directory: exit 66' '
	mkdir -p "$TMP/empty-dir" && rc=0
	"$SIGWATCH" --config "$C/sigwatch.yaml" --state "$TMP/empty-dir" status \
	    >"$TMP/ns2.out" 2>&1 || rc=$?
	cat "$TMP/ns2.out" &&
	test "$rc" = 66 && grep -q "not a sigwatch state directory" "$TMP/ns2.out"
'

test_expect_success 'every command --help prints its usage and exits 0' '
	"$SIGWATCH" --help >"$TMP/help" &&
	sed -n "/^commands:/,\$p" "$TMP/help" | sed -n "s/^  \([a-z][a-z-]*\).*/\1/p" >"$TMP/cmds" &&
	test "$(wc -l <"$TMP/cmds")" -ge 10 &&
	while read -r c; do
		"$SIGWATCH" "$c" --help >"$TMP/h.out" 2>&1 ||
		    { echo "$c --help failed"; cat "$TMP/h.out"; exit 1; }
		grep -q "^usage: sigwatch $c" "$TMP/h.out" ||
		    { echo "$c --help:"; cat "$TMP/h.out"; exit 1; }
	done <"$TMP/cmds" &&
	"$SIGWATCH" hits --rule x --help | grep -q "^usage: sigwatch hits" &&
	"$SIGWATCH" run -h | grep -q "^usage: sigwatch run"
'

test_expect_success 'a wrong option prints the same usage on stderr, exit 64' '
	rc=0
	"$SIGWATCH" --config "$C/sigwatch.yaml" status --bogus >"$TMP/bad.out" 2>&1 || rc=$?
	test "$rc" = 64 && grep -q "^usage: sigwatch status" "$TMP/bad.out"
'

test_expect_success 'sigwatch --version and sigwatch version' '
	"$SIGWATCH" --version | grep -Eq "^sigwatch [0-9]+\.[0-9]+" &&
	test "$("$SIGWATCH" --version)" = "$("$SIGWATCH" version)"
'

printf '<rss version="2.0"><channel><item><guid>1</guid><title>hello</title></item></channel></rss>' >"$TMP/feed.rss"
echo '{"/feed.rss": {"body_file": "feed.rss"}}' >"$TMP/routes.json"
start_server "$TMP/routes.json" "$TMP"
sed -i "s#http://127.0.0.1:9/#http://127.0.0.1:$PORT/#" "$C/feeds/a.yaml"

test_expect_success 'a refused private address names fetch.allow_private_addresses' '
	rc=0
	"$SIGWATCH" --config "$C/sigwatch.yaml" --state "$TMP/st" run >"$TMP/pb.out" 2>&1 || rc=$?
	cat "$TMP/pb.out" &&
	test "$rc" = 69 &&
	grep -q "policy_blocked: refused private address 127.0.0.1 (allowed only with fetch.allow_private_addresses: true)" "$TMP/pb.out" &&
	"$SIGWATCH" --config "$C/sigwatch.yaml" --state "$TMP/st" status >"$TMP/pbs.out" &&
	grep -q "fetch.allow_private_addresses" "$TMP/pbs.out" &&
	test "$(requests /feed.rss)" = 0
'

test_done
