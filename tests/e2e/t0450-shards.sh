#!/usr/bin/env bash
# Shards keep playbooks whole: one corpus through one run (N = 1) and
# through four shard runs (--shard I/4, hits only) followed by
# `sigwatch playbooks --from` over the four shard states. The playbook
# zs-deal needs two signals that come from sources in different shards
# (zscaler-blog in shard 0, zscaler-careers in shard 3; industry-news,
# a source of no competitor, in shard 1; acme-blog in shard 2). Both
# paths must print the same alert JSON (stdout notifier) and leave the
# same playbook states and hits, over two rounds on a fixed clock.
. "$(dirname "$0")/lib.sh"
mkdir -p "$TMP/srv/docs" "$TMP/rules/playbooks" "$TMP/feeds"
T0=1790000000

rss() {	# rss FILE TITLE:GUID:TEXT... : a feed with these items
	local f="$1"; shift
	{
		echo '<?xml version="1.0" encoding="UTF-8"?>'
		echo '<rss version="2.0"><channel><title>t</title><link>https://news.example/home</link><description>d</description>'
		for it in "$@"; do
			IFS=: read -r t g x <<<"$it"
			echo "<item><title>$t</title><link>https://news.example/$g</link><guid isPermaLink=\"false\">$g</guid><pubDate>Mon, 02 Nov 2026 10:00:00 +0000</pubDate><description>$x</description></item>"
		done
		echo '</channel></rss>'
	} >"$TMP/srv/docs/$f"
}

cat >"$TMP/rules/zscaler.yaml" <<'YAML'
id: zs-acquires
title: Zscaler acquires a company
severity: high
playbook: zs-deal
detection:
  deal: ['\bacquires?\b']
---
id: zs-hiring
title: Zscaler hires mesh engineers
competitor: zscaler
severity: medium
playbook: zs-deal
detection:
  jobs: ['\bmesh engineers?\b']
---
id: acme-launch
title: Acme launches something
severity: low
detection:
  launch: ['\blaunch(es)?\b']
YAML
cat >"$TMP/rules/playbooks/zs-deal.yaml" <<'YAML'
id: zs-deal
title: If Zscaler buys into mesh networking
competitor: zscaler
threat: existential
signals: [zs-acquires, zs-hiring]
activate: { distinct_signals: 2, within: 30d }
owners: ["@pmm"]
stages:
  - name: Week 1
    steps: ["Brief the account teams"]
YAML

cat >"$TMP/srv/routes.json" <<'JSON'
{
  "/zblog.rss": {"status": 200, "body_file": "docs/zblog.rss"},
  "/zjobs.rss": {"status": 200, "body_file": "docs/zjobs.rss"},
  "/news.rss": {"status": 200, "body_file": "docs/news.rss"},
  "/acme.rss": {"status": 200, "body_file": "docs/acme.rss"}
}
JSON
start_server "$TMP/srv/routes.json" "$TMP/srv" || exit 1

# each configuration its own feeds directory: the same sources, but the
# mailbox source reads its own Maildir (a run moves what it read)
feeds() {	# feeds DIR MAILDIR
	mkdir -p "$TMP/$1" "$2/new" "$2/cur" "$2/tmp"
	sed "s#@MAILDIR@#$2#" "$TMP/feeds.in" >"$TMP/$1/f.yaml"
}
cat >"$TMP/feeds.in" <<EOF2
sources:
  - { id: field-inbox, kind: maildir, path: "@MAILDIR@", from: ["*@example.com"], every: 0s }
  - { id: zscaler-blog, competitor: zscaler, url: "http://127.0.0.1:$PORT/zblog.rss", kind: feed, every: 0s }
  - { id: zscaler-careers, competitor: zscaler, url: "http://127.0.0.1:$PORT/zjobs.rss", kind: feed, every: 0s }
  - { id: industry-news, url: "http://127.0.0.1:$PORT/news.rss", kind: feed, every: 0s }
  - { id: acme-blog, competitor: acme, url: "http://127.0.0.1:$PORT/acme.rss", kind: feed, every: 0s }
EOF2
feeds feeds-one "$TMP/mail-one"; feeds feeds-shard "$TMP/mail-shard"; feeds feeds-step "$TMP/mail-step"
cfg() {	# cfg NAME STATE : a configuration printing alerts on stdout
	{
		echo "rules: rules"; echo "feeds: feeds-$1"; echo "state: $2"
		echo "fetch: { allow_private_addresses: true, timeout: 10s }"
		echo "alerts:"
		echo "  first_run: alert"
		echo "  notifiers:"
		echo "    - { name: console, type: stdout }"
	} >"$TMP/$1.yaml"
}
cfg one one; cfg shard shard-x; cfg step step
one() { "$SIGWATCH" --config "$TMP/one.yaml" "$@"; }
step() { "$SIGWATCH" --config "$TMP/step.yaml" "$@"; }
shard() { "$SIGWATCH" --config "$TMP/shard.yaml" --state "$TMP/shard-$1" "${@:2}"; }

test_expect_success 'the corpus spreads the playbook over shards 0 and 3' '
	"$PY" - <<-PYEOF
	def f(s):
	    h = 0xcbf29ce484222325
	    for b in s.encode():
	        h = ((h ^ b) * 0x100000001b3) % 2**64
	    return h % 4
	got = [f(s) for s in ("zscaler-blog", "industry-news", "acme-blog", "zscaler-careers", "field-inbox")]
	assert got == [0, 1, 2, 3, 2], got
	PYEOF
'

# round: both paths over the same documents on the same clock
round() {	# round N SECONDS
	(cd "$TMP" && SIGWATCH_NOW=$((T0 + $2)) one run >"$TMP/one.$1" 2>"$TMP/one.$1.err") || return 1
	: >"$TMP/shards.$1"
	for i in 0 1 2 3; do
		(cd "$TMP" && SIGWATCH_NOW=$((T0 + $2)) shard $i run --shard $i/4 >>"$TMP/shards.$1" 2>"$TMP/shard$i.$1.err") || return 1
	done
	(cd "$TMP" && SIGWATCH_NOW=$((T0 + $2)) step playbooks --from shard-0 --from shard-1 \
	    --from "$TMP/shard-2" --from shard-3 >"$TMP/step.$1" 2>"$TMP/step.$1.err")
}
# the alert JSON lines, with the fields that name the state dropped
alerts() { "$PY" -c '
import json, sys
for l in open(sys.argv[1]):
    print(json.dumps(json.loads(l), sort_keys=True))
' "$1"; }
pbstates() { (cd "$TMP/$1/playbooks" && for f in *.json; do echo "== $f"; cat "$f"; done); }
hitlines() { cat "$TMP/$1"/hits/*.jsonl | sort; }

rss zblog.rss "Zscaler acquires Meshy:z1:Zscaler acquires a startup" "Quarterly results:z2:Revenue grew"
rss zjobs.rss "Sales engineer:j1:Sell things"
rss news.rss "Acme launches Acme Two:n1:Acme launches a product" "Weather:n2:Sunny"
rss acme.rss "Nothing new:a1:Quiet week"

test_expect_success 'round 1: shards queue no signal alert, the step queues them' '
	round 1 0 &&
	test ! -s "$TMP/shards.1" &&
	grep -q "playbooks and signal alerts are left to" "$TMP/shard0.1.err" &&
	test "$(grep -c sigwatch.alert/1 "$TMP/one.1")" = 2 &&
	grep -q "\"source\":\"industry-news\"" "$TMP/step.1" &&
	test_cmp "$TMP/one.1" "$TMP/step.1" &&
	test_cmp <(alerts "$TMP/one.1") <(alerts "$TMP/step.1")
'
test_expect_success 'round 1: the same playbook state and hits' '
	grep -q "\"state\": \"watching\"" "$TMP/one/playbooks/zs-deal.json" &&
	test_cmp <(pbstates one) <(pbstates step) &&
	test_cmp <(hitlines one) <(hitlines step) &&
	ls "$TMP"/step/shards/shard-0-*.json "$TMP"/step/shards/shard-1-*.json &&
	test_must_fail ls "$TMP"/step/shards/shard-3-*.json
'

rss zjobs.rss "Sales engineer:j1:Sell things" "Mesh engineers wanted:j2:We hire mesh engineers"
# a field report tagged [zscaler]: attributed per item, in a mailbox
# source of no competitor
printf 'From: Alice <alice@example.com>\nTo: ci@example.com\nSubject: [zscaler] they hire mesh engineers\nMessage-ID: <m1@example.com>\nDate: Mon, 02 Nov 2026 10:00:00 +0000\n\nA recruiter says Zscaler wants mesh engineers now.\n' >"$TMP/m1"
for d in mail-one mail-shard; do cp "$TMP/m1" "$TMP/$d/tmp/m1" && mv "$TMP/$d/tmp/m1" "$TMP/$d/new/1790000001.M1P1.host"; done
rss news.rss "Acme launches Acme Two:n1:Acme launches a product" "Weather:n2:Sunny" "Zscaler acquires again:n3:It acquires a second startup"
test_expect_success 'round 2: the playbook activates across shards, as in one run' '
	round 2 3600 &&
	test ! -s "$TMP/shards.2" &&
	grep -q "\"kind\":\"playbook-activated\"" "$TMP/one.2" &&
	test_cmp "$TMP/one.2" "$TMP/step.2" &&
	grep -q "\"state\": \"active\"" "$TMP/step/playbooks/zs-deal.json" &&
	test_cmp <(pbstates one) <(pbstates step) &&
	test_cmp <(hitlines one) <(hitlines step)
'
test_expect_success 'the mailbox hit keeps its per-item competitor through the step' '
	grep "\"source\":\"field-inbox\"" "$TMP"/step/hits/*.jsonl | grep -q "\"competitor\":\"zscaler\"" &&
	grep -q "\"reporter\":\"Alice <alice@example.com>\"" "$TMP/step.2"
'
test_expect_success 'the industry-news hit keeps its competitor as recorded' '
	grep "\"source\":\"industry-news\"" "$TMP"/shard-1/hits/*.jsonl | grep "zs-acquires" >"$TMP/n.shard" &&
	grep "\"source\":\"industry-news\"" "$TMP"/step/hits/*.jsonl | grep "zs-acquires" >"$TMP/n.step" &&
	test_cmp "$TMP/n.shard" "$TMP/n.step"
'
test_expect_success 'round 3: nothing new, nothing taken twice' '
	round 3 7200 &&
	test ! -s "$TMP/one.3" && test ! -s "$TMP/step.3" &&
	grep -q "playbooks: 0 new hits from 4 of 4 shards" "$TMP/step.3.err" &&
	test_cmp <(hitlines one) <(hitlines step)
'
test_expect_success 'a shard redone from scratch gives no hit twice' '
	rm -rf "$TMP/shard-1" &&
	(cd "$TMP" && SIGWATCH_NOW=$((T0 + 7300)) shard 1 run --shard 1/4 2>/dev/null) &&
	(cd "$TMP" && SIGWATCH_NOW=$((T0 + 7300)) step playbooks --from shard-1 >"$TMP/redo" 2>"$TMP/redo.err") &&
	test ! -s "$TMP/redo" &&
	grep -q "playbooks: 0 new hits" "$TMP/redo.err"
'
test_expect_success 'playbooks: usage errors and unreadable shards' '
	test_must_fail step playbooks 2>"$TMP/u.err" &&
	grep -q "usage: sigwatch playbooks" "$TMP/u.err" &&
	(cd "$TMP" && test_must_fail step playbooks --from step 2>"$TMP/own.err") &&
	grep -q "own state directory" "$TMP/own.err" &&
	rc=0 && step playbooks --from "$TMP/nonexistent" 2>"$TMP/none.err" || rc=$? &&
	test "$rc" = 66 &&
	grep -q "taken next time" "$TMP/none.err"
'
test_done
