#!/usr/bin/env bash
# Signals from people (issue 17): `sigwatch signal add` (a hit and a Slack
# alert naming the reporter, --rule, duplicates, the run lock, bad input),
# and a kind: maildir source (messages delivered into a Maildir, a run,
# hits, moves to cur/, the sender allow-list, hostile messages, the
# budget, a missing Maildir), with crash tests around the move to cur/:
# killed at each point, the next run ends with every message in cur/
# exactly once and exactly the hits and alerts of an uninterrupted run.
. "$(dirname "$0")/lib.sh"
HOOK=/hooks/T000/B000/SECRETTOKEN123
mkdir -p "$TMP/srv"
cat >"$TMP/srv/routes.json" <<JSON
{ "$HOOK": {"status": 200, "body": "ok"} }
JSON
start_server "$TMP/srv/routes.json" "$TMP/srv" || exit 1
export SIGWATCH_SLACK_WEBHOOK="http://127.0.0.1:$PORT$HOOK"
export SIGWATCH_SLACK_PACE_MS=0
MONTH=$(date -u +%Y-%m)

# setup [FEEDS_EXTRA]: the shipped rules and playbooks, a Slack notifier,
# a fresh state, and a maildir source over $TMP/Maildir with no
# competitor of its own: a "[cloudflare]" subject tag makes a message one
# about Cloudflare (what cf-vpn-infra-pitch looks at)
setup() {
	rm -rf "$TMP/state" "$TMP/feeds" "$TMP/rules" "$TMP/Maildir"
	cp -r "$TOP/rules" "$TMP/rules"
	mkdir -p "$TMP/feeds" "$TMP/Maildir/new" "$TMP/Maildir/cur" \
	    "$TMP/Maildir/tmp"
	cat >"$TMP/sigwatch.yaml" <<-EOF
	rules: rules
	feeds: feeds
	state: state
	alerts:
	  broken_after: 2
	  # the fixtures carry fixed dates; the tests run on the real clock
	  max_age: 0s
	  notifiers:
	    - { name: slack, type: slack, url_env: SIGWATCH_SLACK_WEBHOOK }
	EOF
	cat >"$TMP/feeds/mail.yaml" <<-EOF
	sources:
	  - id: inbox
	    kind: maildir
	    path: Maildir
	    from: ["*@example.com", "partner@ally.example"]
	    every: 0s
	    ${1:-}
	EOF
}

posts() { requests "$HOOK"; }
slack_since() { tail -n +"$(( $1 + 1 ))" "$LOG"; }

# deliver NAME FILE: as an MDA does, write into tmp/, rename into new/
deliver() {
	cp "$2" "$TMP/Maildir/tmp/$1" && mv "$TMP/Maildir/tmp/$1" "$TMP/Maildir/new/$1"
}

# message FROM SUBJECT BODY [MESSAGE-ID]: a plain message on stdout
message() {
	printf 'From: %s\nTo: competitive@example.com\nSubject: %s\n' "$1" "$2"
	[ -n "${4:-}" ] && printf 'Message-ID: <%s>\n' "$4"
	printf 'Date: Tue, 03 Nov 2026 10:15:00 +0000\nMIME-Version: 1.0\n'
	printf 'Content-Type: text/plain; charset=utf-8\n\n%s\n' "$3"
}

hits_of() {	# rule source item, sorted
	cat "$TMP"/state/hits/*.jsonl 2>/dev/null | "$PY" -c '
import json, sys
for l in sys.stdin:
    h = json.loads(l); print(h["rule"], h["source"], h["item"])' | sort
}

RFP="In the ACME RFP review, Cloudflare offered to replace their VPN and give engineers SSH access to every database in one product."
FILLER=$(for i in $(seq 1 80); do printf 'agenda item %d; ' "$i"; done)

# ---------------------------------------------------------------------
# signal add

setup
test_expect_success 'signal add: RFP wording fires cf-vpn-infra-pitch, Slack names the reporter' '
	start=$(wc -l <"$LOG") &&
	printf "%s\n%s\nPRICE-SHEET-Q3-7741 is what they quoted.\n" "$RFP" "$FILLER" >"$TMP/notes.txt" &&
	sw signal add --competitor Cloudflare --title "ACME RFP: Cloudflare pitch" \
		--reporter "Dana Field" --link https://crm.example.com/deal/42 \
		--text-file "$TMP/notes.txt" >"$TMP/add.out" 2>"$TMP/add.err" &&
	grep -q "^field:[0-9a-f]\{16\} recorded: 1 hit, 1 alert queued" "$TMP/add.out" &&
	test "$(hits_of | cut -d" " -f1,2)" = "cf-vpn-infra-pitch field" &&
	grep -q "\"reporter\":\"Dana Field\"" "$TMP"/state/hits/*.jsonl &&
	grep -q "\"competitor\":\"cloudflare\"" "$TMP/state/items/field/$MONTH.jsonl" &&
	grep -q "PRICE-SHEET-Q3-7741" "$TMP/state/items/field/$MONTH.jsonl" &&
	git -C "$TMP/state" log --format=%s | grep -q "^signal add by Dana Field: ACME RFP: Cloudflare pitch (cloudflare)$" &&
	test "$(slack_since "$start" | wc -l)" = 1 &&
	slack_since "$start" | grep -q "reported by Dana Field" &&
	slack_since "$start" | grep -q "crm.example.com/deal/42" &&
	slack_since "$start" | grep -q "cf-vpn-infra-pitch"
'

test_expect_success 'digest after a signal add --reporter: the field hit is counted, no crash' '
	sw digest --dry-run >"$TMP/dig.out" 2>"$TMP/dig.err"; rc=$?
	cat "$TMP/dig.err" &&
	test "$rc" = 0 &&
	grep -q -i "cf-vpn-infra-pitch\|vpn" "$TMP/dig.out"
'

test_expect_success 'signal add: nothing of the report but title, link, excerpt and reporter leaves the state' '
	! grep -q "PRICE-SHEET-Q3-7741" "$LOG" &&
	! grep -q "field:[0-9a-f]\{16\}" "$LOG" &&
	grep -q "agenda item 1;" "$TMP/state/items/field/$MONTH.jsonl" &&
	grep -q "agenda item 80;" "$TMP/state/items/field/$MONTH.jsonl" &&
	! grep -q "agenda item 60;" "$LOG"
'

test_expect_success 'signal add: the same report again changes nothing' '
	start=$(wc -l <"$LOG") && head=$(git -C "$TMP/state" rev-parse HEAD) &&
	sw signal add --competitor cloudflare --title "ACME RFP: Cloudflare pitch" \
		--reporter "Dana Field" --link https://crm.example.com/deal/42 \
		- <"$TMP/notes.txt" >"$TMP/dup.out" 2>/dev/null &&
	grep -q "already recorded: nothing changed" "$TMP/dup.out" &&
	test "$(git -C "$TMP/state" rev-parse HEAD)" = "$head" &&
	test "$(slack_since "$start" | wc -l)" = 0 &&
	test "$(hits_of | wc -l)" = 1
'

test_expect_success 'signal add --rule: the analyst attaches a report no pattern matches' '
	start=$(wc -l <"$LOG") &&
	echo "Their SE said a tunnel product for servers is coming, no details." |
		sw signal add --competitor cloudflare --title "Call notes: Globex" \
		--reporter "Sam SE" --rule cf-bastionzero-tunnel --published 2026-11-02 - \
		>"$TMP/rule.out" 2>/dev/null &&
	grep -q "recorded: 1 hit" "$TMP/rule.out" &&
	tail -n 1 "$TMP/state/hits/$MONTH.jsonl" | "$PY" -c "
import json, sys
h = json.loads(sys.stdin.read())
assert h[\"rule\"] == \"cf-bastionzero-tunnel\", h
assert h[\"selection\"] == \"analyst\" and h[\"analyst\"] is True, h
assert h[\"reporter\"] == \"Sam SE\" and h[\"source\"] == \"field\", h
assert h[\"published\"] == \"2026-11-02T00:00:00Z\", h
assert h[\"excerpt\"].startswith(\"Their SE said\"), h
" &&
	slack_since "$start" | grep -q "analyst.s judgement" &&
	slack_since "$start" | grep -q "reported by Sam SE" &&
	sw hits >"$TMP/hits.out" 2>/dev/null &&
	grep -q "\[analyst\]" "$TMP/hits.out" &&
	grep -q "(reported by Sam SE)" "$TMP/hits.out"
'

test_expect_success 'the two field signals activate cloudflare-connect (2 distinct within 90d)' '
	sw status --json | "$PY" -c "
import json, sys
s = json.load(sys.stdin)
p = [p for p in s[\"playbooks\"] if p[\"id\"] == \"cloudflare-connect\"][0]
assert p[\"state\"] == \"active\", p
" &&
	grep -q "Playbook active: " "$LOG"
'

test_expect_success 'backtest keeps the matched report and ignores the judgement' '
	sw backtest >"$TMP/bt.out" 2>/dev/null &&
	grep -q "^cf-vpn-infra-pitch .*new 0 .*gone 0 .*unchanged 1" "$TMP/bt.out" &&
	! grep -q "^cf-bastionzero-tunnel .*gone [1-9]" "$TMP/bt.out"
'

test_expect_success 'signal add refuses unknown competitors and rules, changes nothing' '
	head=$(git -C "$TMP/state" rev-parse HEAD) &&
	test_must_fail 64 sw signal add --competitor nobody --title x 2>"$TMP/e1" &&
	grep -q "unknown competitor .nobody. (known: cloudflare, netmaker, twingate, zscaler)" "$TMP/e1" &&
	test_must_fail 64 sw signal add --competitor cloudflare --title x --rule nope 2>"$TMP/e2" &&
	grep -q "no such rule" "$TMP/e2" &&
	test_must_fail 64 sw signal add --competitor zscaler --title x --rule cf-vpn-infra-pitch 2>"$TMP/e3" &&
	grep -q "does not apply to competitor zscaler" "$TMP/e3" &&
	test_must_fail 64 sw signal add --competitor cloudflare --title "  " 2>/dev/null &&
	test_must_fail 64 sw signal add --competitor cloudflare --title x --link "javascript:alert(1)" 2>/dev/null &&
	test_must_fail 64 sw signal add --title x 2>/dev/null &&
	test "$(git -C "$TMP/state" rev-parse HEAD)" = "$head"
'

test_expect_success 'signal add takes the run lock: 75 while a run holds it' '
	head=$(git -C "$TMP/state" rev-parse HEAD) &&
	exec 9>"$TMP/state/.run/run.lock" && flock -n 9 &&
	test_must_fail 75 sw signal add --competitor cloudflare --title "locked out" 2>"$TMP/lock.err" &&
	exec 9>&- &&
	grep -q "another run holds the lock" "$TMP/lock.err" &&
	test "$(git -C "$TMP/state" rev-parse HEAD)" = "$head" &&
	! grep -q "locked out" "$TMP/state/items/field/$MONTH.jsonl"
'

test_expect_success 'signal add --dry-run prints the alert and writes nothing' '
	head=$(git -C "$TMP/state" rev-parse HEAD) && start=$(wc -l <"$LOG") &&
	echo "$RFP" | sw signal add --dry-run --competitor cloudflare \
		--title "Dry: replace VPN" - >"$TMP/dry.out" 2>/dev/null &&
	grep -q "\"kind\":\"signal\"" "$TMP/dry.out" &&
	grep -q "checked (dry run)" "$TMP/dry.out" &&
	test "$(git -C "$TMP/state" rev-parse HEAD)" = "$head" &&
	test "$(slack_since "$start" | wc -l)" = 0
'

# ---------------------------------------------------------------------
# kind: maildir

test_expect_success 'maildir: a run reads new/, hits, alerts with the sender, moves to cur/' '
	setup && start=$(wc -l <"$LOG") &&
	message "Alice Seller <alice@Example.com>" "[cloudflare] Fwd: RFP excerpt" "$RFP" m1@example.com >"$TMP/m1" &&
	message "bob@example.com" "Lunch" "Nothing to see here." m2@example.com >"$TMP/m2" &&
	message "bob@example.com" "Fwd: RFP, no tag" "$RFP" m3@example.com >"$TMP/m3" &&
	deliver 1700000001.M1P1.host "$TMP/m1" &&
	deliver 1700000002.M1P2.host "$TMP/m2" &&
	deliver 1700000003.M1P3.host "$TMP/m3" &&
	sw run 2>"$TMP/mail.err" &&
	hits_of >"$TMP/mail.hits" &&
	printf "cf-vpn-infra-pitch inbox m1@example.com\ncf-vpn-infra-pitch inbox m3@example.com\n" >"$TMP/mail.want" &&
	test_cmp "$TMP/mail.want" "$TMP/mail.hits" &&
	grep "m3@example.com" "$TMP"/state/hits/*.jsonl | grep -q "\"attributed\":true" &&
	grep -q "\"reporter\":\"Alice Seller <alice@Example.com>\"" "$TMP"/state/hits/*.jsonl &&
	grep -q "\"competitor\":\"cloudflare\"" "$TMP"/state/hits/*.jsonl &&
	test -z "$(ls "$TMP/Maildir/new")" &&
	test -f "$TMP/Maildir/cur/1700000001.M1P1.host:2,S" &&
	test -f "$TMP/Maildir/cur/1700000002.M1P2.host:2,S" &&
	test -f "$TMP/Maildir/cur/1700000003.M1P3.host:2,S" &&
	test "$(cat "$TMP/state/items/inbox/$MONTH.jsonl" | wc -l)" = 3 &&
	test "$(slack_since "$start" | wc -l)" = 1 &&
	slack_since "$start" | grep -q "reported by Alice Seller" &&
	! slack_since "$start" | grep -q "m1@example.com" &&
	sw status --json | "$PY" -c "
import json, sys
s = [s for s in json.load(sys.stdin)[\"sources\"] if s[\"id\"] == \"inbox\"][0]
assert s[\"kind\"] == \"maildir\" and s[\"last_status\"] == \"ok\", s
assert s[\"items\"] == 3 and s[\"consecutive_failures\"] == 0, s
"
'

test_expect_success 'maildir: an idle run changes nothing; a redelivered message is not read twice' '
	head=$(git -C "$TMP/state" rev-parse HEAD) && start=$(wc -l <"$LOG") &&
	sw run 2>/dev/null &&
	test "$(git -C "$TMP/state" rev-parse HEAD)" = "$head" &&
	deliver 1700000004.M1P4.host "$TMP/m1" &&
	sw run 2>/dev/null &&
	test "$(hits_of | wc -l)" = 2 &&
	test "$(slack_since "$start" | wc -l)" = 0 &&
	test -f "$TMP/Maildir/cur/1700000004.M1P4.host:2,S" &&
	test "$(cat "$TMP/state/items/inbox/$MONTH.jsonl" | wc -l)" = 3 &&
	sw status --json | "$PY" -c "
import json, sys
s = [s for s in json.load(sys.stdin)[\"sources\"] if s[\"id\"] == \"inbox\"][0]
assert s[\"last_status\"] in (\"ok\", \"unchanged\"), s
"
'

test_expect_success 'maildir: a sender not on the allow-list is moved to .rejected/, logged, never matched' '
	setup && start=$(wc -l <"$LOG") &&
	message "Mallory <mallory@evil.example>" "RFP" "$RFP" evil1@evil.example >"$TMP/e1" &&
	message "alice@example.com, mallory@evil.example" "RFP" "$RFP" evil2@evil.example >"$TMP/e2" &&
	message "partner@ally.example" "[Cloudflare] Partner RFP" "$RFP" ok1@ally.example >"$TMP/ok1" &&
	deliver 1700000010.A.host "$TMP/e1" &&
	deliver 1700000011.B.host "$TMP/e2" &&
	deliver 1700000012.C.host "$TMP/ok1" &&
	sw run 2>"$TMP/rej.err" &&
	grep -q "message 1700000010.A.host rejected: sender mallory@evil.example is not on the allow-list" "$TMP/rej.err" &&
	grep -q "message 1700000011.B.host rejected: no single From address" "$TMP/rej.err" &&
	test -f "$TMP/Maildir/.rejected/new/1700000010.A.host" &&
	test -f "$TMP/Maildir/.rejected/new/1700000011.B.host" &&
	test -d "$TMP/Maildir/.rejected/cur" && test -d "$TMP/Maildir/.rejected/tmp" &&
	test "$(hits_of)" = "cf-vpn-infra-pitch inbox ok1@ally.example" &&
	! grep -q "evil" "$TMP/state/items/inbox/$MONTH.jsonl" &&
	test -z "$(ls "$TMP/Maildir/new")" &&
	test "$(slack_since "$start" | wc -l)" = 1
'

test_expect_success 'maildir: hostile messages are rejected one by one, the others read (1 GB sparse file unread)' '
	setup &&
	truncate -s 1G "$TMP/Maildir/tmp/huge" && mv "$TMP/Maildir/tmp/huge" "$TMP/Maildir/new/1700000020.huge" &&
	{ printf "From: alice@example.com\nSubject: deep\nMIME-Version: 1.0\n";
	  for i in $(seq 1 40); do printf "Content-Type: multipart/mixed; boundary=b%d\n\n--b%d\n" $i $i; done;
	  printf "Content-Type: text/plain\n\n%s\n" "$RFP"; } >"$TMP/deep" &&
	deliver 1700000021.deep "$TMP/deep" &&
	printf "From: alice@example.com\nSubject: cs\nMIME-Version: 1.0\nContent-Type: text/plain; charset=x-bogus-9\n\n%s\n" "$RFP" >"$TMP/cs" &&
	deliver 1700000022.charset "$TMP/cs" &&
	{ printf "From: alice@example.com\nSubject: "; head -c 100000 /dev/zero | tr "\0" a; printf "\n\nbody\n"; } >"$TMP/hdr" &&
	deliver 1700000023.headers "$TMP/hdr" &&
	ln -s /etc/passwd "$TMP/Maildir/new/1700000024.link" &&
	message "alice@example.com" "[cloudflare] Good one" "$RFP" good@example.com >"$TMP/good" &&
	deliver 1700000025.good "$TMP/good" &&
	start_t=$(date +%s) &&
	sw run 2>"$TMP/hostile.err" &&
	test $(( $(date +%s) - start_t )) -lt 20 &&
	grep -q "1700000020.huge rejected: message too large: 1073741824 bytes (message_max_bytes is 1048576)" "$TMP/hostile.err" &&
	grep -q "1700000021.deep rejected: MIME parts nested deeper than 16 levels" "$TMP/hostile.err" &&
	grep -q "1700000022.charset rejected: text part in unknown charset .x-bogus-9." "$TMP/hostile.err" &&
	grep -q "1700000023.headers rejected: header fields larger than 64 KiB" "$TMP/hostile.err" &&
	grep -q "1700000024.link rejected: cannot open: a symbolic link" "$TMP/hostile.err" &&
	test "$(ls "$TMP/Maildir/.rejected/new" | wc -l)" = 5 &&
	test "$(hits_of)" = "cf-vpn-infra-pitch inbox good@example.com" &&
	test -f "$TMP/Maildir/cur/1700000025.good:2,S" &&
	test -z "$(ls "$TMP/Maildir/new")"
'

test_expect_success 'maildir: the per-run budget leaves the rest in new/ (degraded), read next run' '
	setup "run_max_messages: 2" &&
	for i in 1 2 3; do
		message "alice@example.com" "note $i" "plain note $i" "n$i@example.com" >"$TMP/n$i" &&
		deliver "170000003$i.n" "$TMP/n$i" || return 1
	done &&
	sw run 2>"$TMP/budget.err" &&
	grep -q "degraded: stopped after 2 messages" "$TMP/budget.err" &&
	test "$(ls "$TMP/Maildir/cur" | wc -l)" = 2 &&
	test "$(ls "$TMP/Maildir/new")" = "1700000033.n" &&
	sw run 2>/dev/null &&
	test "$(ls "$TMP/Maildir/cur" | wc -l)" = 3 &&
	test -z "$(ls "$TMP/Maildir/new")" &&
	test "$(cat "$TMP/state/items/inbox/$MONTH.jsonl" | wc -l)" = 3
'

test_expect_success 'maildir: a dry run reads and moves nothing' '
	setup &&
	deliver 1700000040.d "$TMP/good" &&
	message "mallory@evil.example" "x" "y" >"$TMP/bad" && deliver 1700000041.e "$TMP/bad" &&
	sw run --dry-run >"$TMP/dry.out" 2>"$TMP/dry.err" &&
	grep -q "cf-vpn-infra-pitch" "$TMP/dry.out" &&
	test -f "$TMP/Maildir/new/1700000040.d" && test -f "$TMP/Maildir/new/1700000041.e" &&
	test ! -e "$TMP/Maildir/.rejected" &&
	test ! -d "$TMP/state/.git"
'

test_expect_success 'maildir: a missing Maildir fails the source; broken after 2 runs' '
	setup && rm -rf "$TMP/Maildir" && start=$(wc -l <"$LOG") &&
	test_must_fail 69 sw run 2>"$TMP/miss.err" &&
	grep -q "source=inbox io_error: cannot read Maildir" "$TMP/miss.err" &&
	test_must_fail 69 sw run 2>/dev/null &&
	slack_since "$start" | grep -q "inbox" &&
	sw status --json | "$PY" -c "
import json, sys
s = [s for s in json.load(sys.stdin)[\"sources\"] if s[\"id\"] == \"inbox\"][0]
assert s[\"broken\"] is True and s[\"consecutive_failures\"] == 2, s
" &&
	mkdir -p "$TMP/Maildir/new" &&
	test_must_fail 69 sw run --force 2>"$TMP/miss2.err" &&
	grep -q "not a Maildir: .*/cur is missing" "$TMP/miss2.err"
'

# as_user CMD...: CMD as an unprivileged user (root writes anywhere)
as_user() {
	if [ "$(id -u)" -eq 0 ]; then
		HOME=/ setpriv --reuid=65534 --regid=65534 --clear-groups -- "$@"
	else
		"$@"
	fi
}

test_expect_success 'maildir: cur/ not writable fails the source before anything is read' '
	setup && deliver 1700000050.w "$TMP/good" && mkdir "$TMP/state" &&
	if [ "$(id -u)" -eq 0 ]; then
		chmod 0711 "$TMP" &&
		chown -R 65534:65534 "$TMP/state" "$TMP/Maildir" "$TMP/feeds" "$TMP/rules" "$TMP/sigwatch.yaml"
	fi &&
	chmod 0555 "$TMP/Maildir/cur" &&
	rc=0; as_user "$SIGWATCH" --config "$TMP/sigwatch.yaml" run 2>"$TMP/ro.err" || rc=$? &&
	chmod 0755 "$TMP/Maildir/cur" && chmod 0700 "$TMP" &&
	cat "$TMP/ro.err" &&
	test "$rc" = 69 &&
	grep -q "cannot write .*/cur: Permission denied (the service needs it in ReadWritePaths=)" "$TMP/ro.err" &&
	test -f "$TMP/Maildir/new/1700000050.w"
'

# ---------------------------------------------------------------------
# crash tests around the move to cur/

crash_setup() {
	setup
	message "alice@example.com" "[cloudflare] RFP one" "$RFP" c1@example.com >"$TMP/c1"
	message "bob@example.com" "notes" "nothing" c2@example.com >"$TMP/c2"
	message "carol@example.com" "[cloudflare] RFP three" "Cloudflare wants to replace the VPN and give admins SSH access to servers" c3@example.com >"$TMP/c3"
	deliver 1700000061.c1 "$TMP/c1"
	deliver 1700000062.c2 "$TMP/c2"
	deliver 1700000063.c3 "$TMP/c3"
}

alert_ids() {	# alert ids in the Slack posts since log line $1
	slack_since "$1" | "$PY" -c '
import json, re, sys
for line in sys.stdin:
    r = json.loads(line)
    if r["method"] == "POST":
        m = re.search(r"Alert `([0-9a-f]{16})`", r["body"])
        print(m.group(1) if m else "none")
' | sort
}

crash_setup
start=$(wc -l <"$LOG")
sw run 2>/dev/null
hits_of >"$TMP/want-hits"
alert_ids "$start" >"$TMP/want-alerts"
test_expect_success 'crash reference: 2 hits, 1 alert, 3 messages in cur/' '
	test "$(wc -l <"$TMP/want-hits")" = 2 &&
	test "$(wc -l <"$TMP/want-alerts")" = 1 &&
	test "$(ls "$TMP/Maildir/cur" | wc -l)" = 3
'

crash_case() {
	local point=$1
	test_expect_success "killed at $point: no message lost or read twice" '
		crash_setup && start=$(wc -l <"$LOG") &&
		rc=0; SIGWATCH_CRASH_AT='"$point"' sw run 2>"$TMP/crash.err" || rc=$? &&
		test "$rc" = 137 &&
		sw run 2>"$TMP/after.err" &&
		test -z "$(ls "$TMP/Maildir/new")" &&
		test "$(ls "$TMP/Maildir/cur" | wc -l)" = 3 &&
		test "$(ls "$TMP/Maildir/cur" | grep -c ":2,S$")" = 3 &&
		hits_of >"$TMP/got-hits" && test_cmp "$TMP/want-hits" "$TMP/got-hits" &&
		test "$(cat "$TMP/state/items/inbox/$MONTH.jsonl" | wc -l)" = 3 &&
		alert_ids "$start" >"$TMP/got-alerts" &&
		test_cmp "$TMP/want-alerts" "$TMP/got-alerts" &&
		test -z "$(git -C "$TMP/state" status --porcelain)" &&
		sw run 2>/dev/null &&
		hits_of >"$TMP/got-hits2" && test_cmp "$TMP/want-hits" "$TMP/got-hits2" &&
		test "$(alert_ids "$start" | wc -l)" = 1
	'
}

crash_case after-fetch
crash_case during-writes
crash_case before-commit
crash_case gitstore_commit.before
crash_case gitstore_commit.after
crash_case after-commit
crash_case maildir-move:1
crash_case maildir-move:2
crash_case maildir-move:3
crash_case before-post

test_done
