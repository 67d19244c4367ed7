#!/usr/bin/env bash
# Hostile input, round two (issue 13), items 8-13 and 18: stops during
# delivery, receivers slower than the POST timeout, a state on another
# branch, a clock in the future, items sharing a link, truncated pages and
# a per-rule budget for regex limit errors. Every server is on loopback.
. "$(dirname "$0")/lib.sh"
. "$TOP/tests/fixtures/hostile/catalogue-lib.sh"

# a webhook receiver of its own per case: /recv-NAME
use_hook() {	# NAME ROUTE-JSON
	RECV="/recv-$1"
	export SIGWATCH_HOOK_B="http://127.0.0.1:$PORT$RECV"
	route "$RECV" "$2"
	cat >>"$C/sigwatch.yaml" <<YAML
    - name: hook
      type: webhook
      url_env: SIGWATCH_HOOK_B
YAML
	# the catalogue's Slack notifier is not used here
	sed -i '/- name: slack/,/url_env: SIGWATCH_SLACK_WEBHOOK/d' "$C/sigwatch.yaml"
}
# alert ids POSTed to $RECV since the last mark, one per line, sorted
recv_ids() {
	tail -n +"$((MARK + 1))" "$LOG" | "$PY" -c '
import json, sys
for l in sys.stdin:
    r = json.loads(l)
    if r["method"] == "POST" and r["path"] == sys.argv[1]:
        print(json.loads(r["body"])["id"])' "$RECV" | sort
}
outbox_ids() { ls "$C/state/outbox" | sed -n 's/\.json$//p' | sort; }
outbox_n() {	# KEY of status --json's outbox
	cw status --json | "$PY" -c 'import json,sys; print(json.load(sys.stdin)["outbox"][sys.argv[1]])' "$1"
}

# N rules, each the only signal of its own playbook, and one feed with an
# item for each: one run queues N alerts (an activation each, carrying its
# signal)
many_alerts() {	# N
	local i items=
	rm -f "$C/rules/mesh.yaml"
	mkdir -p "$C/rules/playbooks"
	for i in $(seq -w 1 "$1"); do
		printf 'id: r%s\ntitle: Rule %s\ndetection:\n  sel:\n    - "\\\\bsignal-%s\\\\b"\n' \
			"$i" "$i" "$i" >"$C/rules/r$i.yaml"
		printf 'id: pb%s\ntitle: Playbook %s\nsignals: [r%s]\nstages:\n  - name: Now\n    steps: ["act %s"]\n' \
			"$i" "$i" "$i" "$i" >"$C/rules/playbooks/pb$i.yaml"
		items="$items<item><title>signal-$i</title><guid>many-$i</guid><link>http://example.com/many/$i</link></item>"
	done
	printf '<rss version="2.0"><channel><title>M</title>%s</channel></rss>' "$items" >"$SRV/many-$CASE.rss"
	route "/many-$CASE.rss" "{\"body_file\": \"many-$CASE.rss\"}"
	add_source many "http://127.0.0.1:$PORT/many-$CASE.rss" feed
}

# Item 8: kill `sigwatch deliver` at random points while a slow receiver
# takes alerts. SIGTERM: the request in flight finishes, what was sent is
# committed, nothing is ever sent twice. SIGKILL: a kill can only re-send
# the one alert whose 2xx was not yet recorded, so duplicates <= kills;
# before the fix one kill re-sent everything that run had delivered.
kill_loop() {	# SIGNAL: sets KILLS, STOPPED_MIDWAY
	local n=0 t_end=$(( $(date +%s) + 90 )) pid pending
	KILLS=0 STOPPED_MIDWAY=0
	while [ "$n" -lt 30 ] && [ "$(date +%s)" -lt "$t_end" ]; do
		n=$((n + 1))
		pending=$(outbox_ids | wc -l)
		[ "$pending" -eq 0 ] && break
		"$SIGWATCH" --config "$C/sigwatch.yaml" deliver 2>>"$C/kills.err" &
		pid=$!
		sleep "0.$(( 10 + RANDOM % 60 ))"
		if kill -s "$1" "$pid" 2>/dev/null; then
			KILLS=$((KILLS + 1))
		fi
		wait "$pid" 2>/dev/null
		[ "$(outbox_ids | wc -l)" -gt 0 ] && [ "$(outbox_ids | wc -l)" -lt "$pending" ] &&
			STOPPED_MIDWAY=$((STOPPED_MIDWAY + 1))
	done
	echo "$1: $n rounds, $KILLS kills, $STOPPED_MIDWAY stopped midway"
}

kill_case() {	# SIGNAL
	KSIG=$1
	test_expect_success "8 $KSIG at random points during delivery: none lost, none sent twice after a 2xx" '
		newcase "kill-$KSIG" && CASE=kill-$KSIG && use_hook "kill-$KSIG" "{\"status\": 200, \"body\": \"ok\"}" &&
		many_alerts 12 &&
		(unset SIGWATCH_HOOK_B; cwt run 2>"$C/err") &&
		outbox_ids >"$C/want" && test "$(wc -l <"$C/want")" = 12 &&
		route "$RECV" "{\"status\": 200, \"body\": \"ok\", \"delay\": 0.1}" &&
		mark && kill_loop "$KSIG" &&
		test "$STOPPED_MIDWAY" -ge 1 &&
		cwt deliver 2>>"$C/kills.err" &&
		test "$(outbox_n pending)" = 0 && test "$(outbox_n dead)" = 0 &&
		recv_ids >"$C/got" &&
		sort -u "$C/got" >"$C/got-u" && test_cmp "$C/want" "$C/got-u" &&
		dups=$(( $(wc -l <"$C/got") - $(wc -l <"$C/got-u") )) &&
		echo "posts=$(wc -l <"$C/got") duplicates=$dups kills=$KILLS" &&
		if [ "$KSIG" = TERM ]; then
			test "$dups" = 0 &&
			grep -q "stop requested" "$C/kills.err"
		else
			test "$dups" -le "$KILLS"
		fi &&
		test -z "$(git -C "$C/state" status --porcelain)"
	'
}
kill_case TERM
kill_case KILL

# Item 9: a receiver slower than the POST timeout got the alert again at
# every run, for ever. Now attempts and age are bounded per notifier, then
# the alert is dead-lettered with a log line saying it may have arrived.
test_expect_success '9 a receiver slower than the timeout: dead-lettered after max_attempts, with a warning' '
	newcase slow && use_hook slow "{\"status\": 200, \"body\": \"ok\", \"delay\": 2.5}" &&
	printf "      timeout: 1s\n      max_attempts: 3\n" >>"$C/sigwatch.yaml" &&
	cw check >/dev/null &&
	mark && cwt run 2>"$C/err1" &&
	grep -q "not delivered (no response)" "$C/err1" &&
	cwt deliver 2>"$C/err2" && test "$(outbox_n pending)" = 1 &&
	cwt deliver 2>"$C/err3" &&
	cat "$C/err3" &&
	grep -q "gave up after 3 attempts.*the receiver may have received it" "$C/err3" &&
	test "$(outbox_n pending)" = 0 && test "$(outbox_n dead)" = 1 &&
	cw status --json | grep -q "may have received it" &&
	cwt deliver 2>/dev/null && cwt run 2>/dev/null &&
	test "$(recv_ids | wc -l)" = 3 &&
	test -z "$(git -C "$C/state" status --porcelain)"
'

test_expect_success '9 max_age: an alert that failed and is older than max_age gets no further copy' '
	newcase age && use_hook age "{\"status\": 503, \"body\": \"down\"}" &&
	printf "      max_age: 2h\n" >>"$C/sigwatch.yaml" &&
	T0=$(date +%s) &&
	mark && SIGWATCH_NOW=$T0 cwt run 2>"$C/err1" &&
	SIGWATCH_NOW=$((T0 + 3600)) cwt deliver 2>/dev/null &&
	test "$(outbox_n pending)" = 1 && test "$(recv_ids | wc -l)" = 2 &&
	SIGWATCH_NOW=$((T0 + 3 * 3600)) cwt deliver 2>"$C/err3" &&
	grep -q "gave up after 2 attempts in 10800 s (last: 503 down); the receiver may have received it" "$C/err3" &&
	test "$(recv_ids | wc -l)" = 2 &&
	test "$(outbox_n pending)" = 0 && test "$(outbox_n dead)" = 1
'

test_expect_success '9 default max_attempts: 12 failed attempts, then dead' '
	newcase defaults && use_hook defaults "{\"status\": 500, \"body\": \"x\"}" &&
	mark && cwt run 2>/dev/null &&
	for i in $(seq 1 11); do cwt deliver 2>"$C/err" || exit 1; done &&
	grep -q "gave up after 12 attempts" "$C/err" &&
	test "$(recv_ids | wc -l)" = 12 && test "$(outbox_n dead)" = 1
'

# Item 10: a state whose HEAD is detached or on another branch is refused
# (exit 75, nothing written), except where reattaching loses nothing.
test_expect_success '10 detached HEAD or another branch: exit 75, nothing committed, nothing repaired' '
	newcase branch && cwt run 2>/dev/null &&
	cp "$SRV/good.rss" "$SRV/good2.rss" && sed -i "s/good-1/good-2/g" "$SRV/good2.rss" &&
	route /good2.rss "{\"body_file\": \"good2.rss\"}" &&
	add_source good2 "http://127.0.0.1:$PORT/good2.rss" feed &&
	cwt run 2>/dev/null &&
	G="git -C $C/state" && main=$($G rev-parse HEAD) &&
	$G checkout -q --detach HEAD~1 && echo scribble >"$C/state/NOTES" &&
	rc=0; cwt run 2>"$C/err" || rc=$? && cat "$C/err" &&
	test "$rc" = 75 && grep -q "detached HEAD" "$C/err" &&
	test "$($G rev-parse HEAD)" = "$($G rev-parse $main~1)" &&
	test "$($G rev-parse main)" = "$main" && test -f "$C/state/NOTES" &&
	rc=0; cwt deliver 2>"$C/err" || rc=$? && test "$rc" = 75 &&
	rm "$C/state/NOTES" && $G checkout -q -b experiment &&
	rc=0; cwt run 2>"$C/err" || rc=$? && cat "$C/err" &&
	test "$rc" = 75 && grep -q "on branch .experiment., not .main." "$C/err" &&
	test "$($G rev-parse experiment)" = "$($G rev-parse $main~1)" &&
	cw status >/dev/null &&
	printf "state_git:\n  branch: experiment\n" >>"$C/sigwatch.yaml" &&
	cwt run 2>"$C/err" && test "$($G symbolic-ref --short HEAD)" = experiment &&
	sed -i "s/branch: experiment/branch: main/" "$C/sigwatch.yaml" &&
	$G checkout -q main && cwt run 2>/dev/null &&
	test "$($G rev-parse HEAD)" = "$main"
'

test_expect_success '10 reattached where nothing is lost: detached at the tip, or an empty repository' '
	newcase reattach && cwt run 2>/dev/null && G="git -C $C/state" &&
	tip=$($G rev-parse HEAD) && $G checkout -q --detach main &&
	cwt run 2>"$C/err" && grep -q "HEAD was detached at the tip of the branch; moved it to refs/heads/main" "$C/err" &&
	test "$($G symbolic-ref HEAD)" = refs/heads/main &&
	newcase empty && git init -q "$C/state" && git -C "$C/state" symbolic-ref HEAD refs/heads/master &&
	cwt run 2>"$C/err" && grep -q "moved it to refs/heads/main" "$C/err" &&
	test "$(git -C "$C/state" symbolic-ref HEAD)" = refs/heads/main &&
	test "$(hits_of good)" = 1
'

test_expect_success '10 state_git.branch is checked' '
	newcase badbranch && printf "state_git:\n  branch: \"-x..y\"\n" >>"$C/sigwatch.yaml" &&
	rc=0; cw check 2>"$C/err" || rc=$? && test "$rc" = 78 &&
	grep -q "invalid branch name" "$C/err"
'

# Item 11: one run with the clock ten years ahead made every source "not
# due" for ten years, silently. A last fetch or a deadline in the future
# is stale now: warned about, and the source is fetched.
test_expect_success '11 a clock that was 10 years ahead: the next run warns and fetches' '
	newcase clock && use_hook clock "{\"status\": 503, \"body\": \"down\"}" &&
	NOW=$(date +%s) && AHEAD=$((NOW + 3650 * 86400)) &&
	mark && SIGWATCH_NOW=$AHEAD cwt run 2>"$C/err0" &&
	test "$(hits_of good)" = 1 && test "$(outbox_n pending)" = 1 &&
	cp "$SRV/good.rss" "$SRV/clock.rss" &&
	sed -i "s#<item>#<item><title>More mesh networking</title><guid>clock-2</guid><link>http://example.com/clock-2</link></item><item>#" "$SRV/clock.rss" &&
	route /good.rss "{\"body_file\": \"clock.rss\", \"content_type\": \"application/rss+xml\"}" &&
	route "$RECV" "{\"status\": 200, \"body\": \"ok\"}" &&
	SIGWATCH_NOW=$NOW cwt run 2>"$C/err1" && cat "$C/err1" &&
	grep -q "source=good last fetch at .* is in the future (was the clock ahead?); treated as stale, fetching now" "$C/err1" &&
	grep -q "next attempt is further away than any backoff" "$C/err1" &&
	test "$(hits_of good)" = 2 &&
	test "$(outbox_n pending)" = 0 && test "$(recv_ids | sort -u | wc -l)" = 2 &&
	SIGWATCH_NOW=$((NOW + 60)) cwt run 2>"$C/err2" &&
	! grep -q "future\|further away" "$C/err2" &&
	route /good.rss "{\"body_file\": \"good.rss\", \"content_type\": \"application/rss+xml\"}"
'

test_expect_success '11 a backoff deadline beyond any backoff is stale' '
	newcase deadline && cwt run 2>/dev/null &&
	"$PY" -c "
import json, sys
p = sys.argv[1]; d = json.load(open(p))
d[\"good\"][\"next_allowed\"] = int(sys.argv[2]) + 3650 * 86400
json.dump(d, open(p, \"w\"))" "$C/state/.run/sources.json" "$(date +%s)" &&
	mark && cwt run 2>"$C/err" && cat "$C/err" &&
	grep -q "source=good backoff until .* is further away than any backoff" "$C/err" &&
	test "$(since /good.rss)" = 1
'

test_expect_success '11 the unit is ordered after time-sync.target' '
	grep -qx "After=time-sync.target" "$TOP/systemd/sigwatch.service" &&
	grep -qx "Wants=time-sync.target" "$TOP/systemd/sigwatch.service"
'

# Item 12: items without a guid that shared a link (or had neither guid,
# link nor date) shared one identity: the second was "not new" and never
# matched. Identity is now built from all the item has.
rss_items() {	# FILE ITEM...: an RSS document holding the given <item> bodies
	local f=$1 i body=
	shift
	for i in "$@"; do body="$body<item>$i</item>"; done
	printf '<rss version="2.0"><channel><title>T</title>%s</channel></rss>' "$body" >"$f"
}
test_expect_success '12 items sharing a link, or with neither guid, link nor date, are distinct' '
	newcase ident &&
	rss_items "$SRV/ident.rss" \
	    "<title>mesh networking one</title><link>http://example.com/same</link>" \
	    "<title>mesh networking two</title><link>http://example.com/same</link>" \
	    "<title>mesh networking</title><description>first</description>" \
	    "<title>mesh networking</title><description>second</description>" &&
	route /ident.rss "{\"body_file\": \"ident.rss\"}" &&
	add_source ident "http://127.0.0.1:$PORT/ident.rss" feed &&
	cwt run 2>"$C/err" && grep "source=ident" "$C/err" &&
	grep -q "source=ident ok items=4 new=4 hits=4" "$C/err" &&
	test "$(hits_of ident)" = 4 &&
	cw parse "$SRV/ident.rss" | "$PY" -c "
import json, sys
ids = [i[\"id\"] for i in json.load(sys.stdin)[\"items\"]]
assert len(set(ids)) == 4 and all(i.startswith(\"sha256:\") for i in ids), ids" &&
	rss_items "$SRV/ident.rss" \
	    "<title>mesh networking three</title><link>http://example.com/same</link>" \
	    "<title>mesh networking one</title><link>http://example.com/same</link>" \
	    "<title>mesh networking two</title><link>http://example.com/same</link>" \
	    "<title>mesh networking</title><description>first</description>" \
	    "<title>mesh networking</title><description>second</description>" &&
	cwt run 2>"$C/err2" &&
	grep -q "source=ident ok items=5 new=1 hits=1" "$C/err2" &&
	test "$(hits_of ident)" = 5 &&
	cwt run 2>"$C/err3" && ! grep -q "source=ident ok.*new=[1-9]" "$C/err3"
'

# a seen index written by the old rule: ids were the link alone, or a
# hash of title and date (id_hash: FNV-1a 64 and a finaliser, seen.c)
old_seen() {	# FILE ID...
	"$PY" - "$@" <<'PYEOF'
import hashlib, sys, time
def h(s):
    x = 14695981039346656037
    for b in s.encode():
        x = ((x ^ b) * 1099511628211) & (2**64 - 1)
    x ^= x >> 33
    x = (x * 0xff51afd7ed558ccd) & (2**64 - 1)
    x ^= x >> 33
    return x or 1
month = time.strftime("%Y-%m", time.gmtime())
lines = sorted("%016x %s" % (h(i), month) for i in sys.argv[2:])
open(sys.argv[1], "w").write("".join(l + "\n" for l in lines))
PYEOF
}
test_expect_success '12 upgrade: items seen under the old identity do not alert again; later ones do' '
	newcase upgrade &&
	rss_items "$SRV/up.rss" "<title>old</title><guid>up-0</guid>" &&
	route /up.rss "{\"body_file\": \"up.rss\"}" &&
	add_source up "http://127.0.0.1:$PORT/up.rss" feed &&
	cwt run 2>/dev/null && test "$(hits_of up)" = 0 &&
	legacy=sha256:$(printf "mesh networking three\n" | sha256sum | cut -c1-32) &&
	old_seen "$C/state/seen/up.txt" up-0 http://example.com/up "$legacy" &&
	git -C "$C/state" -c user.name=t -c user.email=t@t commit -qam "old seen index" &&
	rss_items "$SRV/up.rss" "<title>old</title><guid>up-0</guid>" \
	    "<title>mesh networking one</title><link>http://example.com/up</link>" \
	    "<title>mesh networking two</title><link>http://example.com/up</link>" \
	    "<title>mesh networking three</title><description>no link</description>" &&
	cwt run 2>"$C/err" && grep "source=up" "$C/err" &&
	grep -q "source=up ok items=4 new=0 hits=0" "$C/err" &&
	rss_items "$SRV/up.rss" "<title>old</title><guid>up-0</guid>" \
	    "<title>mesh networking four</title><link>http://example.com/up</link>" \
	    "<title>mesh networking one</title><link>http://example.com/up</link>" \
	    "<title>mesh networking two</title><link>http://example.com/up</link>" \
	    "<title>mesh networking three</title><description>no link</description>" &&
	cwt run 2>"$C/err2" && grep "source=up" "$C/err2" &&
	grep -q "source=up ok items=5 new=1 hits=1" "$C/err2" &&
	test "$(hits_of up)" = 1
'

test_expect_success '12 html: cards sharing a link are distinct; the same card twice is one' '
	newcase htmlid &&
	printf "<html><body><div class=c><h2>mesh networking a</h2><a href=\"/p\">x</a></div><div class=c><h2>mesh networking b</h2><a href=\"/p\">x</a></div><div class=c><h2>mesh networking a</h2><a href=\"/p\">x</a></div></body></html>" >"$SRV/htmlid.html" &&
	route /htmlid.html "{\"body_file\": \"htmlid.html\", \"content_type\": \"text/html\"}" &&
	add_source htmlid "http://127.0.0.1:$PORT/htmlid.html" html "items: \"//div[@class=\x27c\x27]\"" &&
	cwt run 2>"$C/err" && grep "source=htmlid" "$C/err" &&
	grep -q "source=htmlid ok items=2 new=2 hits=2" "$C/err"
'

# Item 13: an HTML source kept the first 500 items and a job board the
# first 20,000, silently; on a page listing oldest first the newest (and
# matching) item was never seen. Now truncation is reported (log, status,
# metric) and the newest items are kept.
test_expect_success '13 an HTML page of 600 items, oldest first: the newest 500 kept, truncation reported' '
	newcase html600 &&
	"$PY" -c "
import datetime, sys
cards = []
for i in range(600):
    t = \"mesh networking at last\" if i == 599 else \"post %d\" % i
    d = datetime.date(2024, 1, 1) + datetime.timedelta(days=i)
    cards.append(\"<article><h2>%s</h2><a href=\\\"/p/%d\\\">x</a><time>%s</time></article>\" % (t, i, d.isoformat()))
open(sys.argv[1], \"w\").write(\"<html><body>\" + \"\".join(cards) + \"</body></html>\")
" "$SRV/html600.html" &&
	"$PY" -c "
import sys
cards = \"\".join(\"<article><h2>%s</h2><a href=\\\"/q/%d\\\">x</a><time>2026-01-%02d</time></article>\" % (\"post %d\" % i, i, 1 + i % 28) for i in range(600))
open(sys.argv[1], \"w\").write(\"<html><body>\" + cards + \"</body></html>\")
" "$SRV/html600u.html" &&
	route /html600.html "{\"body_file\": \"html600.html\", \"content_type\": \"text/html\"}" &&
	route /html600u.html "{\"body_file\": \"html600u.html\", \"content_type\": \"text/html\"}" &&
	add_source html600 "http://127.0.0.1:$PORT/html600.html" html "items: \"//article\"" "date: \".//time\"" &&
	add_source undated "http://127.0.0.1:$PORT/html600u.html" html "items: \"//article\"" &&
	cwt run --metrics-file "$C/m.prom" 2>"$C/err" && grep "html600\|undated" "$C/err" &&
	grep -q "source=html600 truncated: kept 500 items (the newest where they are dated), dropped 100 over the per-source limit" "$C/err" &&
	grep -q "source=undated truncated: kept 500 items" "$C/err" &&
	test "$(hits_of html600)" = 1 &&
	! grep -q "\"post 99\"" "$C"/state/items/html600/*.jsonl &&
	grep -q "\"post 100\"" "$C"/state/items/html600/*.jsonl &&
	grep -q "\"post 0\"" "$C"/state/items/undated/*.jsonl &&
	! grep -q "\"post 500\"" "$C"/state/items/undated/*.jsonl &&
	test "$(stfield html600 truncated)" = 100 &&
	test "$(stfield good truncated)" = 0 &&
	cw status | grep "html600" | grep -q "TRUNCATED (100 items dropped)" &&
	grep -qx "sigwatch_source_items_dropped{source=\"html600\"} 100" "$C/m.prom" &&
	grep -qx "sigwatch_source_items_dropped{source=\"good\"} 0" "$C/m.prom" &&
	cw run 2>"$C/err2" && test "$(stfield html600 truncated)" = 100
'

test_expect_success '13 a job board of 20,100 jobs, oldest first: the newest 20,000 kept, truncation reported' '
	newcase gh20k &&
	sed -i "s/max_bytes: 5MB/max_bytes: 32MB/" "$C/sigwatch.yaml" &&
	"$PY" -c "
import datetime, json, sys
jobs = []
for i in range(20100):
    t = \"Mesh networking lead\" if i == 20099 else \"Job %d\" % i
    d = datetime.datetime(2020, 1, 1) + datetime.timedelta(hours=i)
    jobs.append({\"id\": 1000 + i, \"title\": t, \"absolute_url\": \"https://boards.example/j/%d\" % i,
                 \"updated_at\": \"2026-01-01T00:00:00Z\", \"first_published\": d.strftime(\"%Y-%m-%dT%H:%M:%SZ\"),
                 \"content\": \"x\"})
json.dump({\"jobs\": jobs, \"meta\": {\"total\": len(jobs)}}, open(sys.argv[1], \"w\"))
" "$SRV/gh20k.json" &&
	route /gh20k.json "{\"body_file\": \"gh20k.json\", \"content_type\": \"application/json\"}" &&
	add_source gh20k "http://127.0.0.1:$PORT/gh20k.json" greenhouse "board: acme" &&
	cwt run 2>"$C/err" && grep "gh20k" "$C/err" &&
	grep -q "source=gh20k truncated: kept 20000 items (the newest where they are dated), dropped 100" "$C/err" &&
	test "$(hits_of gh20k)" = 1 &&
	test "$(stfield gh20k truncated)" = 100 &&
	! grep -q "\"Job 99\"" "$C"/state/items/gh20k/*.jsonl &&
	grep -q "\"Job 100\"" "$C"/state/items/gh20k/*.jsonl
'

# Item 18: 20 catastrophic rules over 200 items logged 3,530 warnings in
# one run. A rule is suspended after MATCH_LIMIT_BUDGET (3) limit errors,
# with one summary line, and `status` shows it.
test_expect_success '18 20 catastrophic rules over 200 items: 3 warnings and one summary line each, status shows them' '
	newcase budget &&
	for i in $(seq -w 1 20); do
		printf "id: redos%s\ntitle: ReDoS %s\ndetection:\n  sel:\n    - '\''(a+)+(?#r%s)\$'\''\n" "$i" "$i" "$i" >"$C/rules/redos$i.yaml"
	done &&
	"$PY" -c "
import sys
a = \"a\" * 40 + \"!\"
items = \"\".join(\"<item><title>%s</title><guid>b-%d</guid><description>%s mesh networking %d</description></item>\" % (a, i, a, i) for i in range(200))
open(sys.argv[1], \"w\").write(\"<rss version=\\\"2.0\\\"><channel><title>B</title>\" + items + \"</channel></rss>\")
" "$SRV/budget.rss" &&
	route /budget.rss "{\"body_file\": \"budget.rss\"}" &&
	add_source budget "http://127.0.0.1:$PORT/budget.rss" feed &&
	t0=$(date +%s) && cwt run 2>"$C/err" && dt=$(( $(date +%s) - t0 )) &&
	w=$(grep -c "regex limit hit (" "$C/err") && s=$(grep -c "suspended for the rest of the run" "$C/err") &&
	echo "took $dt s; $w limit warnings, $s summaries; $(wc -l <"$C/err") lines" &&
	test "$w" = 60 && test "$s" = 20 &&
	grep -q "rule=redos07 suspended for the rest of the run: regex limit hit on 3 items" "$C/err" &&
	test "$(hits_of budget)" = 200 &&
	cw status --json | "$PY" -c "
import json, sys
r = json.load(sys.stdin)[\"rules\"]
s = sorted(x[\"rule\"] for x in r[\"suspended\"])
assert s == [\"redos%02d\" % i for i in range(1, 21)], s
assert all(x[\"limit_errors\"] == 3 for x in r[\"suspended\"]) and r[\"last_run\"]" &&
	cw status | grep -q "redos13 .*SUSPENDED in the last run" &&
	rm "$C"/rules/redos*.yaml && cwt run 2>/dev/null &&
	cw status --json | "$PY" -c "
import json, sys
assert json.load(sys.stdin)[\"rules\"][\"suspended\"] == []"
'

test_done
