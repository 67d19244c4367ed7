#!/usr/bin/env bash
# The analyst's side (issue 16): one Slack message per event, in order
# (activation first, then by severity), an item several rules hit as one
# entry, owners pinged by their Slack ids, `run --dry-run --preview`;
# `sigwatch triage` (the triage/ line, the commit, a false positive leaving
# the playbook window and saying so once in Slack, the nomatch: test it
# prints, `hits` showing verdicts, "did you mean"); `sigwatch digest` (one
# message per notifier through the outbox, new since the last digest,
# precision from triage, durable delivery, the lock).
. "$(dirname "$0")/lib.sh"
SRV=$TMP/srv
mkdir -p "$SRV" "$TMP/feeds" "$TMP/rules/playbooks"
T0=1796000000		# 2026-12-01T00:00:00Z... give or take
HOOK=/hooks/T000/B000/ANALYSTSECRET1
HOOK2=/hooks/T000/B000/ANALYSTSECRET2

rss() {	# rss FILE ITEM... where ITEM is "guid|title|YYYY-MM-DD|description"
	local f=$1 it g t d x
	shift
	{
		echo '<?xml version="1.0" encoding="UTF-8"?>'
		echo '<rss version="2.0"><channel><title>Acme Blog</title><link>https://acme.example/blog/</link>'
		for it in "$@"; do
			IFS='|' read -r g t d x <<<"$it"
			echo "<item><guid isPermaLink=\"false\">$g</guid><title>$t</title><link>https://acme.example/blog/$g</link><pubDate>$(date -u -d "$d" '+%a, %d %b %Y 10:00:00 +0000')</pubDate><description>$x</description></item>"
		done
		echo '</channel></rss>'
	} >"$f"
}
rss "$SRV/acme.rss" \
    "a1|Acme launches a mesh VPN for teams|2026-11-10|Acme mesh VPN, priced per seat." \
    "a2|Acme hires ex-Tailscale engineers|2026-11-12|Ex-Tailscale staff join Acme."
cat >"$SRV/rival.atom" <<'XML'
<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Rival news</title><id>urn:rival</id>
<updated>2026-11-11T10:00:00Z</updated>
<entry><id>urn:rival:1</id><title>Rival to acquire "Widgetly", the mesh VPN company</title>
<link href="https://rival.example/news/widgetly"/><updated>2026-11-11T10:00:00Z</updated>
<summary>Rival agreed to acquire Widgetly.</summary></entry></feed>
XML
cat >"$SRV/routes.json" <<JSON
{
  "/acme.rss": {"status": 200, "body_file": "acme.rss"},
  "/rival.atom": {"status": 200, "body_file": "rival.atom"},
  "$HOOK": {"status": 200, "body": "ok"},
  "$HOOK2": {"status": 200, "body": "ok"},
  "/hooks/down": [{"status": 500, "body": "rollup_error"}, {"status": 200, "body": "ok"}]
}
JSON
start_server "$SRV/routes.json" "$SRV" || exit 1
export SIGWATCH_SLACK_WEBHOOK="http://127.0.0.1:$PORT$HOOK"
export TEAM2_WEBHOOK="http://127.0.0.1:$PORT$HOOK2"
export SIGWATCH_SLACK_PACE_MS=0

cat >"$TMP/sigwatch.yaml" <<'YAML'
rules: rules
feeds: feeds
state: state
fetch: { allow_private_addresses: true, timeout: 10s }
alerts:
  first_run: alert
  report_url: https://intel.example/sigwatch/
  notifiers:
    - { name: slack, type: slack, url_env: SIGWATCH_SLACK_WEBHOOK }
    - { name: team2, type: slack, url_env: TEAM2_WEBHOOK }
YAML
cat >"$TMP/feeds/t.yaml" <<YAML
sources:
  - { id: acme-blog, competitor: acme, url: "http://127.0.0.1:$PORT/acme.rss", kind: feed, every: 0s }
  - { id: rival-news, competitor: rival, url: "http://127.0.0.1:$PORT/rival.atom", kind: feed, every: 0s }
YAML
cat >"$TMP/rules/r.yaml" <<'YAML'
id: acme-mesh
title: Acme ships a mesh VPN
competitor: acme
severity: high
playbook: acme-response
detection:
  mesh: ['\bmesh\s+vpn\b']
---
id: acme-vpn-pricing
title: Acme prices a VPN
competitor: acme
severity: medium
playbook: acme-response
detection:
  price: ['\bpric(ed|ing)\b']
---
id: acme-europe
title: Acme goes to Europe
competitor: acme
severity: low
playbook: acme-response
detection:
  eu: ['\beurope\b']
---
id: acme-hiring
title: Acme hires ex-Tailscale people
competitor: acme
severity: medium
detection:
  alumni: ['ex-tailscale']
---
id: rival-acquires
title: Rival buys a mesh VPN company
competitor: rival
severity: critical
playbook: rival-deal
detection:
  deal: ['\bacquire\b']
YAML
cat >"$TMP/rules/playbooks/p.yaml" <<'YAML'
id: acme-response
title: If Acme ships a mesh VPN
competitor: acme
threat: adjacent
signals: [acme-mesh, acme-vpn-pricing, acme-europe]
activate: { distinct_signals: 3, within: 90d }
owners: ["<@U024BE7LH>", "<!subteam^SAZ94GDB8|@pmm>", "@vp-product"]
stages: [{ name: Week 1, steps: ["Read the launch post"] }]
---
id: rival-deal
title: If Rival buys a mesh VPN company
competitor: rival
threat: existential
signals: [rival-acquires]
activate: { distinct_signals: 1, within: 30d }
notify: [slack]
stages: [{ name: Week 1, steps: ["Calm statement"] }]
YAML

at() { SIGWATCH_NOW=$((T0 + $1)) sw "${@:2}"; }
posts() { request_bodies "$1"; }
hit_of() {	# hit_of RULE: its hit id
	"$PY" -c 'import json,sys
for l in open(sys.argv[1]):
    h = json.loads(l)
    if h["rule"] == sys.argv[2]: print(h["id"])' "$(ls "$TMP"/state/hits/*.jsonl | head -n 1)" "$1"
}

test_expect_success 'check: an owner that is no exact Slack mention is an error' '
	cp "$TMP/rules/playbooks/p.yaml" "$TMP/p.good" &&
	sed -i "s/\"<@U024BE7LH>\"/\"<@u024be7lh>\"/" "$TMP/rules/playbooks/p.yaml" &&
	test_must_fail 78 sw check 2>"$TMP/check.err" &&
	grep -q "rules/playbooks/p.yaml:7:[0-9]*: error: owner .<@u024be7lh>. is neither a name nor a Slack mention" "$TMP/check.err" &&
	cp "$TMP/p.good" "$TMP/rules/playbooks/p.yaml" &&
	sw check >/dev/null
'

test_expect_success 'run --dry-run --preview prints each message as text, sends and writes nothing' '
	at 0 run --dry-run --preview >"$TMP/preview" 2>/dev/null &&
	test "$(grep -c "Slack message" "$TMP/preview")" = 3 &&
	grep -q "^Acme launches a mesh VPN for teams <https://acme.example/blog/a1>$" "$TMP/preview" &&
	grep -q "^Owners: @U024BE7LH, @pmm, @vp-product$" "$TMP/preview" &&
	grep -q "^Triage: sigwatch triage [0-9a-f]\{16\} --fp --note \"why\"" "$TMP/preview" &&
	! grep -q "<!date\|&amp;\|\"blocks\"" "$TMP/preview" &&
	test "$(posts $HOOK | wc -l)" = 0 && test ! -e "$TMP/state/.git"
'

test_expect_success 'first run: one message per event, activation first, then by severity' '
	at 0 run 2>"$TMP/run1.err" &&
	posts $HOOK >"$TMP/p1" && posts $HOOK2 >"$TMP/p1b" &&
	test "$(wc -l <"$TMP/p1")" = 3 && test "$(wc -l <"$TMP/p1b")" = 2 &&
	"$PY" - "$TMP/p1" <<-"PYEOF"
	import json, sys
	ps = [json.loads(l) for l in open(sys.argv[1])]
	heads = [p["blocks"][0]["text"]["text"] for p in ps]
	text = ["\n".join(b["text"]["text"] for b in p["blocks"] if "text" in b) for p in ps]
	# existential -> critical, whatever the rule said
	assert heads[0].startswith("\U0001f534 CRITICAL \u00b7 Playbook active: If Rival"), heads
	assert heads[1].startswith("\U0001f534 HIGH \u00b7 Acme \u00b7 If Acme ships a mesh VPN"), heads
	assert heads[2].startswith("\U0001f7e0 MEDIUM \u00b7 Acme \u00b7 Acme hires"), heads
	# the activation carries the rival item; nothing repeats it
	assert sum("Widgetly" in t for t in text) == 1, text
	# one entry for the item two rules hit, both rules listed
	assert text[1].count("|Acme launches a mesh VPN for teams>") == 1, text[1]
	assert "`acme-mesh`" in text[1] and "`acme-vpn-pricing`" in text[1], text[1]
	assert "(one hit per rule)" in text[1]
	# owners pinged; the site, not the feed
	assert "Owners: <@U024BE7LH>, <!subteam^SAZ94GDB8|@pmm>, @vp-product" in text[1], text[1]
	assert "acme.rss" not in json.dumps(ps[1]), "raw feed URL"
	assert "published <!date^" in text[1] and "seen <!date^" in text[1]
	PYEOF
'

test_expect_success 'triage: an unknown hit exits 64 and suggests the close one' '
	id=$(hit_of rival-acquires) && test -n "$id" &&
	typo=$(echo "$id" | sed "s/.$/z/") &&
	test_must_fail 64 at 60 triage "$typo" --fp --note x 2>"$TMP/tr.err" &&
	grep -q "no hit .$typo.; did you mean .$id.?" "$TMP/tr.err" &&
	test_must_fail 64 at 60 triage "$id" --note "no verdict" &&
	test_must_fail 64 at 60 triage "$id" --fp &&
	test ! -d "$TMP/state/triage"
'

test_expect_success 'triage --ack: one line in triage/YYYY-MM.jsonl, a commit saying who and why' '
	id=$(hit_of acme-hiring) &&
	at 60 triage "$id" --ack --note "Real hiring push" --author bo >"$TMP/ack.out" 2>&1 &&
	"$PY" - "$TMP"/state/triage/*.jsonl "$id" <<-"PYEOF" &&
	import json, sys
	lines = open(sys.argv[1]).read().splitlines()
	assert len(lines) == 1, lines
	t = json.loads(lines[0])
	assert list(t) == ["hit", "verdict", "note", "author", "at", "rule", "source", "item"], list(t)
	assert t["hit"] == sys.argv[2] and t["verdict"] == "ack" and t["author"] == "bo", t
	assert t["note"] == "Real hiring push" and t["rule"] == "acme-hiring", t
	assert t["source"] == "acme-blog" and t["item"] == "a2", t
	assert t["at"].endswith("Z") and len(t["at"]) == 20, t
	PYEOF
	git -C "$TMP/state" log -1 --format=%B >"$TMP/msg" &&
	grep -q "^triage: ack acme-hiring by bo" "$TMP/msg" &&
	grep -q "^why: Real hiring push" "$TMP/msg" &&
	git -C "$TMP/state" status --porcelain >"$TMP/porc" && test ! -s "$TMP/porc"
'

test_expect_success 'triage --fp: the playbook falls back to watching and Slack hears it once' '
	id=$(hit_of rival-acquires) &&
	n1=$(posts $HOOK | wc -l) && n2=$(posts $HOOK2 | wc -l) &&
	at 120 triage "$id" --fp --note "It was a rumour" --author ana >"$TMP/fp.out" 2>"$TMP/fp.err" &&
	grep -q "playbook rival-deal: .*back to watching" "$TMP/fp.out" &&
	test "$(posts $HOOK | wc -l)" = $((n1 + 1)) &&
	test "$(posts $HOOK2 | wc -l)" = "$n2" &&
	posts $HOOK | tail -n 1 | grep -q "Playbook back to watching: If Rival buys" &&
	posts $HOOK | tail -n 1 | grep -q "It was a rumour" &&
	at 130 status --json | "$PY" -c "
import json, sys
p = {p[\"id\"]: p for p in json.load(sys.stdin)[\"playbooks\"]}[\"rival-deal\"]
assert p[\"state\"] == \"watching\" and p[\"signals_in_window\"] == 0, p" &&
	at 140 triage "$id" --fp --note "Still a rumour" --author ana >/dev/null 2>&1 &&
	test "$(posts $HOOK | wc -l)" = $((n1 + 1)) &&
	test "$(wc -l <"$TMP"/state/triage/*.jsonl)" = 3
'

test_expect_success 'triage --fp prints a nomatch: test that check then runs' '
	grep -qF "    nomatch: [\"Rival to acquire \\\"Widgetly\\\", the mesh VPN company\"]" "$TMP/fp.out" &&
	grep -q "matches this title today" "$TMP/fp.out" &&
	cp "$TMP/rules/r.yaml" "$TMP/r.bak" &&
	printf "tests:\n%s\n" "$(grep -F "    nomatch: [" "$TMP/fp.out" | head -n 1 | sed "s/^    /  /")" >>"$TMP/rules/r.yaml" &&
	test_must_fail 78 sw check 2>"$TMP/nm.err" &&
	grep -q "rule \"rival-acquires\" should not match this example but does" "$TMP/nm.err" &&
	cp "$TMP/r.bak" "$TMP/rules/r.yaml"
'

test_expect_success 'hits shows triage state (text and --json "triage")' '
	at 200 hits >"$TMP/hits.txt" 2>&1 &&
	grep -q "triage: FALSE POSITIVE by ana: Still a rumour" "$TMP/hits.txt" &&
	grep -q "triage: confirmed by bo: Real hiring push" "$TMP/hits.txt" &&
	at 200 hits --json | "$PY" -c "
import json, sys
hs = {h[\"rule\"]: h for h in map(json.loads, sys.stdin)}
assert hs[\"rival-acquires\"][\"triage\"][\"verdict\"] == \"fp\", hs
assert hs[\"acme-hiring\"][\"triage\"][\"verdict\"] == \"ack\", hs
assert hs[\"acme-mesh\"][\"triage\"] is None, hs"
'

test_expect_success 'digest --dry-run prints one message per notifier, writes and sends nothing' '
	n=$(posts $HOOK | wc -l) && c=$(commits) &&
	at 86400 digest --dry-run >"$TMP/dd.out" 2>&1 &&
	grep -q "^notifier slack:" "$TMP/dd.out" && grep -q "^notifier team2:" "$TMP/dd.out" &&
	grep -q "Open the report <https://intel.example/sigwatch/>" "$TMP/dd.out" &&
	test "$(posts $HOOK | wc -l)" = "$n" && test "$(commits)" = "$c" &&
	test ! -e "$TMP/state/digest.json"
'

test_expect_success 'digest: one message per notifier, precision from triage, recorded in the state' '
	n1=$(posts $HOOK | wc -l) && n2=$(posts $HOOK2 | wc -l) &&
	at 86400 digest 2>"$TMP/dg.err" &&
	test "$(posts $HOOK | wc -l)" = $((n1 + 1)) &&
	test "$(posts $HOOK2 | wc -l)" = $((n2 + 1)) &&
	posts $HOOK | tail -n 1 >"$TMP/dg1" &&
	posts $HOOK2 | tail -n 1 >"$TMP/dg2" &&
	"$PY" - "$TMP/dg1" "$TMP/dg2" <<-"PYEOF" &&
	import json, sys
	a, b = (json.load(open(f)) for f in sys.argv[1:3])
	ta = "\n".join(x["text"]["text"] for x in a["blocks"] if "text" in x)
	tb = "\n".join(x["text"]["text"] for x in b["blocks"] if "text" in x)
	assert a["blocks"][0]["text"]["text"].startswith("\U0001f4cb sigwatch digest"), a
	# the false positive is out; the other two items are in
	assert "*2 items* this period (3 signals)" in ta, ta
	assert "Widgetly" not in ta.split("*Rule precision*")[0], ta
	assert "`rival-acquires`: 1 hit, 1 false positive" in ta, ta
	assert "`acme-hiring`: 1 hit, 0 false positives, 1 confirmed" in ta, ta
	assert "*<https://intel.example/sigwatch/|Open the report>*" in ta, ta
	assert "*By competitor* (items): Acme 2" in ta, ta
	assert "all 2 sources healthy" in ta, ta
	# team2 is not notified by rival-deal: it does not list it
	assert "`rival-deal`" in ta and "`rival-deal`" not in tb, tb
	assert "\U0001f195" not in ta, "nothing is new without a previous digest"
	PYEOF
	grep -q "last_digest" "$TMP/state/digest.json" &&
	git -C "$TMP/state" log --format=%s | grep -q "^digest: 3 signals on 2 items (0 new) for 2 notifiers" &&
	test "$(ls "$TMP/state/outbox" | grep -c json)" = 0
'

test_expect_success 'the next digest marks what is new since the last one' '
	rss "$SRV/acme.rss" \
	    "a1|Acme launches a mesh VPN for teams|2026-11-10|Acme mesh VPN, priced per seat." \
	    "a2|Acme hires ex-Tailscale engineers|2026-11-12|Ex-Tailscale staff join Acme." \
	    "a3|Acme mesh VPN now in Europe|2026-11-20|The mesh VPN reaches Frankfurt." &&
	at 172800 run --force 2>/dev/null &&
	at 259200 digest 2>/dev/null &&
	posts $HOOK | tail -n 1 >"$TMP/dg3" &&
	"$PY" - "$TMP/dg3" <<-"PYEOF"
	import json, sys
	a = json.load(open(sys.argv[1]))
	t = "\n".join(x["text"]["text"] for x in a["blocks"] if "text" in x)
	assert "*1 new* since the last digest" in t, t
	lines = [l for l in t.splitlines() if "\U0001f195" in l]
	assert len(lines) == 1 and "Acme mesh VPN now in Europe" in lines[0], lines
	assert "`acme-mesh`, `acme-europe`" in lines[0] or "`acme-europe`, `acme-mesh`" in lines[0], lines
	PYEOF
'

test_expect_success 'the digest is durable: a failed post stays in the outbox, deliver sends it' '
	export SIGWATCH_SLACK_WEBHOOK="http://127.0.0.1:$PORT/hooks/down" &&
	at 345600 digest 2>"$TMP/down.err" &&
	test "$(requests /hooks/down)" = 1 &&
	test "$(ls "$TMP/state/outbox" | grep -c json)" = 1 &&
	grep -q "\"kind\": \"digest\"" "$TMP"/state/outbox/*.json &&
	at 345700 deliver 2>/dev/null &&
	test "$(requests /hooks/down)" = 2 &&
	test "$(ls "$TMP/state/outbox" | grep -c json)" = 0 &&
	export SIGWATCH_SLACK_WEBHOOK="http://127.0.0.1:$PORT$HOOK"
'

test_expect_success 'digest and triage wait for nobody: a held lock exits 75' '
	exec 9>"$TMP/state/.run/run.lock" && flock -n 9 &&
	head=$(git -C "$TMP/state" rev-parse HEAD) &&
	test_must_fail 75 at 400000 digest 2>/dev/null &&
	test_must_fail 75 at 400000 triage "$(hit_of acme-mesh)" --ack --note x 2>/dev/null &&
	test "$(git -C "$TMP/state" rev-parse HEAD)" = "$head" &&
	exec 9>&-
'

test_expect_success 'no webhook URL in any log, state file or commit' '
	! grep -r "ANALYSTSECRET" "$TMP"/*.err "$TMP"/*.out 2>/dev/null &&
	! grep -r --exclude-dir=.git "ANALYSTSECRET" "$TMP/state" &&
	! git -C "$TMP/state" log -p --all | grep -q "ANALYSTSECRET"
'

test_done
