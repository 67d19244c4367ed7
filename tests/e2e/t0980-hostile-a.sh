#!/usr/bin/env bash
# Hostile input, round two (issue 13, items 4-7 and 14-17): secrets in a
# receiver's reply, the metrics file, names and symlinks in the state,
# credentials in the state remote, non-http links, alias expansion, NUL
# in YAML strings, HTTP/0.9. Every case uses the input that broke it.
. "$(dirname "$0")/lib.sh"
. "$TOP/tests/fixtures/hostile/catalogue-lib.sh"

# raw_server NAME: a loopback server answering every connection with the
# bytes of $TMP/NAME.reply; sets RAW_PORT. Stopped by pid at exit.
RAW_PIDS=
raw_server() {
	rm -f "$TMP/$1.port"
	: >"$TMP/$1.log"
	"$PY" "$TOP/tests/helpers/raw_reply.py" --reply "$TMP/$1.reply" \
		--port-file "$TMP/$1.port" --log "$TMP/$1.log" \
		--max-seconds 300 >"$TMP/$1.out" 2>&1 &
	RAW_PIDS="$RAW_PIDS $!"
	for _ in $(seq 1 200); do [ -s "$TMP/$1.port" ] && break; sleep 0.05; done
	[ -s "$TMP/$1.port" ] || { echo "raw server did not start"; return 1; }
	RAW_PORT=$(cat "$TMP/$1.port")
}
stop_raw() {
	for p in $RAW_PIDS; do kill "$p" 2>/dev/null; wait "$p" 2>/dev/null; done
	RAW_PIDS=
}
trap 'stop_raw; cleanup' EXIT

# ---- item 17: HTTP/0.9 ----

printf 'hello, this is not HTTP: no status line, no headers\n' >"$TMP/h09.reply"
raw_server h09 || exit 1
H09_PORT=$RAW_PORT

test_expect_success 'item 17: an HTTP/0.9 reply is a protocol_error, not a refused redirect' '
	newcase h09 &&
	add_source old "http://127.0.0.1:$H09_PORT/feed.rss" feed &&
	cwt run 2>"$C/err" &&
	failed_with old protocol_error "$C/err" &&
	grep -q "source=old protocol_error: HTTP/0.9 response refused" "$C/err" &&
	! grep -q "refused scheme" "$C/err" &&
	test "$(grep -c "GET /feed.rss" "$TMP/h09.log")" -ge 1 &&
	good_ok "$C/err"
'

# ---- item 16: NUL in YAML strings ----

# nul_check FILE LINE COL: check and run refuse the case with exit 78,
# pointing at the escape, and nothing is fetched or written
nul_check() {
	test_must_fail 78 cwt check 2>"$C/err" &&
	cat "$C/err" &&
	grep -q "$1:$2:$3: error: string holds a NUL character" "$C/err" &&
	test_must_fail 78 cwt run 2>"$C/err2" &&
	grep -q "$1:$2:$3: error: string holds a NUL character" "$C/err2" &&
	test ! -d "$C/state/.git"
}

test_expect_success 'item 16: \0 in a feed id, a URL (\x00) and a config path is refused at line:col' '
	newcase nul1 &&
	printf "  - id: \"evil\\\\0-hidden\"\n    url: http://127.0.0.1:$PORT/good.rss\n    kind: feed\n" >>"$C/feeds/test.yaml" &&
	nul_check feeds/test.yaml 7 14 &&
	newcase nul2 &&
	printf "  - id: other\n    url: \"http://127.0.0.1:$PORT/x\\\\x00.evil.example/\"\n    kind: feed\n" >>"$C/feeds/test.yaml" &&
	nul_check feeds/test.yaml 8 $((30 + ${#PORT})) &&
	newcase nul3 &&
	sed -i "s#^state: state#state: \"state\\\\u0000/../elsewhere\"#" "$C/sigwatch.yaml" &&
	nul_check sigwatch.yaml 3 14
'

test_expect_success 'item 16: \0 in a rule id, a pattern, a playbook and a silence is refused' '
	newcase nul4 &&
	sed -i "s/^id: mesh/id: \"mesh\\\\0x\"/" "$C/rules/mesh.yaml" &&
	nul_check rules/mesh.yaml 1 10 &&
	newcase nul5 &&
	printf "  other:\n    - \"ab\\\\U00000000c\"\n" >>"$C/rules/mesh.yaml" &&
	nul_check rules/mesh.yaml 8 10 &&
	newcase nul6 && mkdir -p "$C/rules/playbooks" &&
	printf "id: \"pb\\\\0\"\ntitle: t\nsignals: [mesh]\nstages:\n  - name: s\n    steps: [a]\n" >"$C/rules/playbooks/pb.yaml" &&
	nul_check rules/playbooks/pb.yaml 1 8 &&
	newcase nul7 &&
	printf -- "- rule: mesh\n  reason: \"ok\\\\0hidden\"\n  until: 2099-01-01\n" >"$C/rules/silences.yaml" &&
	nul_check rules/silences.yaml 2 14
'

# ---- item 15: %{alias} expansion ----

# vlimited CMD...: CMD under a 1 GB address-space limit (not under ASan,
# which reserves terabytes of shadow memory)
vlimited() {
	if [ "$SANITIZED" = 1 ]; then "$@"; else (ulimit -v 1000000; "$@"); fi
}

# What broke: 342 KB of YAML, a 190 KB alias named 28,000 times by one
# pattern, asked for 5.2 GB and died "out of memory" with no file:line.
# gen_alias_bomb MODE: big (that input, a shorter pattern), one (one
# pattern naming a 51 KB alias 10,900 times: 556 MB), many (20,000
# patterns naming it once each: 1 GB in all)
gen_alias_bomb() {
	"$PY" - "$C/rules" "$1" <<'PYEOF'
import sys
d, mode = sys.argv[1], sys.argv[2]
big = ["'vendor%05dx'" % i for i in range(12000)]
mid = ["'vendor%05dx'" % i for i in range(3000)]
open(d + "/aliases.yaml", "w").write("big: [" + ", ".join(big) + "]\n"
    "mid: [" + ", ".join(mid) + "]\n")
body = {"big": "    - '" + "%{big}" * 10000 + "'\n",
        "one": "    - '" + "%{mid}" * 10900 + "'\n",
        "many": "    - '%{mid}'\n" * 20000}[mode]
open(d + "/bomb.yaml", "w").write("id: bomb\ntitle: Bomb\ndetection:\n  sel:\n" + body)
PYEOF
}

test_expect_success 'item 15: a 190 KB alias named 10,000 times: error at the alias, exit 78, bounded memory' '
	newcase alias0 && gen_alias_bomb big &&
	test_must_fail 78 vlimited cwt check 2>"$C/err" &&
	grep -q "rules/aliases.yaml:1:1: error: alias .big. expands to more than 64 KiB" "$C/err" &&
	! grep -q "out of memory" "$C/err" &&
	test_must_fail 78 vlimited cwt run 2>"$C/err2" &&
	grep -q "rules/aliases.yaml:1:1: error: alias .big. expands" "$C/err2" &&
	test ! -d "$C/state/.git"
'

test_expect_success 'item 15: one pattern naming a 51 KB alias 10,900 times: file:line:col, exit 78' '
	newcase alias1 && gen_alias_bomb one &&
	test_must_fail 78 vlimited cwt check 2>"$C/err" &&
	grep -q "rules/bomb.yaml:5:8: error: pattern expands to more than 64 KiB with its aliases" "$C/err" &&
	test_must_fail 78 vlimited cwt run 2>"$C/err2" &&
	grep -q "rules/bomb.yaml:5:8: error: pattern expands" "$C/err2" &&
	test ! -d "$C/state/.git"
'

test_expect_success 'item 15: 20,000 patterns naming it once each: one total-size error, bounded time' '
	newcase alias2 && gen_alias_bomb many &&
	t0=$(date +%s) &&
	test_must_fail 78 vlimited cwt check 2>"$C/err" &&
	t1=$(date +%s) && echo "check took $((t1 - t0)) s" &&
	test $((t1 - t0)) -le 20 &&
	test "$(grep -c "aliases add more than 4 MiB to the patterns of the rule set" "$C/err")" = 1 &&
	grep -q "rules/bomb.yaml:[0-9]*:7: error: aliases add more than 4 MiB" "$C/err" &&
	! grep -q "out of memory" "$C/err"
'

# ---- item 7: a password in state_git.remote ----

test_expect_success 'item 7: a password in state_git.remote fails check at its line:col, without echoing it' '
	newcase remote1 && mark &&
	printf "state_git:\n  remote: https://sigwatch:hunter2pw9q@git.example.org/state.git\n" >>"$C/sigwatch.yaml" &&
	test_must_fail 78 cwt check 2>"$C/err" && cat "$C/err" &&
	grep -q "sigwatch.yaml:16:28: error: .remote. must not hold a password" "$C/err" &&
	grep -q "SIGWATCH_GIT_CREDENTIALS" "$C/err" &&
	! grep -q hunter2pw9q "$C/err" &&
	test_must_fail 78 cwt run 2>"$C/err2" &&
	! grep -q hunter2pw9q "$C/err2" &&
	test "$(since /good.rss)" = 0 && test ! -d "$C/state/.git"
'

test_expect_success 'item 7: ssh:// with a password is refused too; a user name alone, scp-style and no remote pass' '
	newcase remote2 &&
	printf "state_git:\n  remote: \"ssh://git:s3cr%%40t@git.example.org/state.git\"\n" >>"$C/sigwatch.yaml" &&
	test_must_fail 78 cwt check 2>"$C/err" && cat "$C/err" &&
	grep -q "sigwatch.yaml:16:22: error: .remote. must not hold a password" "$C/err" &&
	! grep -q "s3cr" "$C/err" &&
	newcase remote3 &&
	printf "state_git:\n  remote: https://sigwatch@git.example.org/state.git\n" >>"$C/sigwatch.yaml" &&
	cwt check && newcase remote4 &&
	printf "state_git:\n  remote: git@git.example.org:acme/state.git\n" >>"$C/sigwatch.yaml" &&
	cwt check
'

# ---- item 5: --metrics-file ----

# metrics_refused PATH WHY: the run exits 73 before fetching, naming PATH
metrics_refused() {
	mark &&
	test_must_fail 73 cwt run --metrics-file "$1" 2>"$C/err" && cat "$C/err" &&
	grep -q "metrics: cannot write $1: $2" "$C/err" &&
	test "$(since /good.rss)" = 0
}

test_expect_success 'item 5: --metrics-file refuses a symlink, a FIFO, a directory and a missing directory (exit 73)' '
	newcase metrics1 &&
	echo "precious" >"$C/outside" && ln -s "$C/outside" "$C/link.prom" &&
	metrics_refused "$C/link.prom" "it is a symbolic link, not a regular file" &&
	test "$(cat "$C/outside")" = precious && test -L "$C/link.prom" &&
	mkfifo "$C/fifo.prom" &&
	metrics_refused "$C/fifo.prom" "it is a FIFO, not a regular file" &&
	test -p "$C/fifo.prom" &&
	mkdir "$C/dir.prom" &&
	metrics_refused "$C/dir.prom" "it is a directory, not a regular file" &&
	metrics_refused "$C/no/such/dir/m.prom" "directory $C/no/such/dir does not exist" &&
	test ! -e "$C/no"
'

test_expect_success 'item 5: a device node (as root) is refused and left alone; a regular file is written 0644' '
	newcase metrics2 &&
	if [ "$(id -u)" = 0 ]; then
		mknod "$C/full.prom" c 1 7 &&
		metrics_refused "$C/full.prom" "it is a device, not a regular file" &&
		test -c "$C/full.prom"
	fi &&
	cwt run --metrics-file "$C/m.prom" 2>"$C/err" &&
	grep -q "^sigwatch_run_exit_code 0" "$C/m.prom" &&
	test "$(stat -c %a "$C/m.prom")" = 644 && test -f "$C/m.prom" &&
	sed -i "s#^state: state#state: state\nmetrics_file: metrics/m.prom#" "$C/sigwatch.yaml" &&
	test_must_fail 73 cwt run 2>"$C/err" &&
	grep -q "metrics: cannot write $C/metrics/m.prom: directory $C/metrics does not exist" "$C/err" &&
	test ! -e "$C/metrics"
'

# ---- item 14: links that are not http(s) ----

cat >"$SRV/links.atom" <<'ATOM'
<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
<title>Links</title><id>urn:links</id><link href="gopher://example.com/feed"/>
<entry xml:base="javascript://example.com/%0Aalert(document.domain)//"><title>L1 mesh networking</title><id>l1</id><link href="x"/></entry>
<entry xml:base="JaVaScRiPt://x/"><title>L2 mesh networking</title><id>l2</id><link href=""/></entry>
<entry><title>L3 mesh networking</title><id>l3</id><link href="file:///etc/passwd"/></entry>
<entry><title>L4 mesh networking</title><id>l4</id><link href="gopher://example.com/1"/></entry>
<entry xml:base="data://text/"><title>L5 mesh networking</title><id>l5</id><link href="html,x"/></entry>
<entry><title>L6 mesh networking</title><id>l6</id><link href="HTTPS://Example.com/kept"/></entry>
</feed>
ATOM
cat >"$SRV/links.json" <<'JSON'
{"version": "https://jsonfeed.org/version/1.1", "title": "J", "home_page_url": "file:///",
 "items": [{"id": "j1", "url": "file:///etc/shadow", "title": "J1 mesh networking"},
           {"id": "j2", "url": "gopher://x/1", "title": "J2 mesh networking"}]}
JSON
route /links.atom '{"body_file": "links.atom", "content_type": "application/atom+xml"}'
route /links.json '{"body_file": "links.json", "content_type": "application/feed+json"}'
route /hook2 '{"status": 200, "body": "ok"}'

# links_ok: every "link" in JSON lines on stdin is null or http(s)
links_ok() {
	"$PY" -c '
import json, re, sys
n = 0
for line in sys.stdin:
    line = line.strip()
    if not line:
        continue
    o = json.loads(line)
    for h in o.get("hits", [o]):
        l = h.get("link")
        n += 1
        if l is not None and not re.match(r"(?i)https?://", l):
            sys.exit("not an http(s) link: %r" % l)
print(n, "records checked")
sys.exit(0 if n else "nothing checked")'
}

test_expect_success 'item 14: javascript:/file:/gopher:/data: links never reach hits, items or alert JSON as links' '
	newcase links1 &&
	add_source links "http://127.0.0.1:$PORT/links.atom" feed &&
	add_source jlinks "http://127.0.0.1:$PORT/links.json" feed &&
	printf "    - name: hook\n      type: webhook\n      url_env: SIGWATCH_HOOK2\n" >>"$C/sigwatch.yaml" &&
	mark && SIGWATCH_HOOK2="http://127.0.0.1:$PORT/hook2" cwt run 2>"$C/err" &&
	test "$(hits_of links)" = 6 && test "$(hits_of jlinks)" = 2 &&
	cw hits --json >"$C/hits.jsonl" && links_ok <"$C/hits.jsonl" &&
	cat "$C"/state/items/links/*.jsonl "$C"/state/items/jlinks/*.jsonl | links_ok &&
	grep -q "\"link\":\"HTTPS://Example.com/kept\"" "$C/hits.jsonl" &&
	! grep -qi "\"link\":\"\(javascript\|file\|gopher\|data\):" "$C/hits.jsonl" "$C"/state/items/*/*.jsonl &&
	request_bodies /hook2 >"$C/hook.jsonl" && links_ok <"$C/hook.jsonl" &&
	grep -q "HTTPS://Example.com/kept" "$C/hook.jsonl" &&
	posts_since >"$C/slack.txt" && test -s "$C/slack.txt" &&
	! grep -qi "<\(javascript\|file\|gopher\|data\):" "$C/slack.txt" &&
	grep -q "file:///etc/passwd" "$C"/state/items/links/*.jsonl &&
	cw parse "$SRV/links.atom" >"$C/parse.json" &&
	"$PY" -c "import json,sys; d=json.load(open(sys.argv[1])); print(json.dumps(d[\"items\"]))" "$C/parse.json" |
		"$PY" -c "import json,sys; [print(json.dumps(i)) for i in json.load(sys.stdin)]" | links_ok &&
	grep -q "\"link\": null" "$C/parse.json"
'

# ---- item 6: names and links in the state ----

# commit_state MSG: commit the work tree as a restored state would hold it
commit_state() {
	git -C "$C/state" add -A &&
	git -C "$C/state" -c user.name=t -c user.email=t@t commit -qm "$1"
}
new_item() {	# N: good.rss gets a new matching item
	sed "s#</channel>#<item><title>Mesh networking $1</title><guid>new-$1</guid><link>http://example.com/new-$1</link></item></channel>#" \
		"$SRV/good.rss" >"$SRV/good-$1.rss" &&
	route /good.rss "{\"body_file\": \"good-$1.rss\", \"content_type\": \"application/rss+xml\"}"
}
restore_good() { route /good.rss '{"body_file": "good.rss", "content_type": "application/rss+xml"}'; }

test_expect_success 'item 6: an outbox entry whose id climbs out of the state deletes and creates nothing outside' '
	newcase out1 && cwt run 2>/dev/null &&
	mkdir -p "$C/state/outbox" &&
	echo "keep me" >"$TMP/victim6.json" &&
	printf "{\"id\": \"../../../victim6\", \"created\": \"2026-01-01T00:00:00Z\", \"pending\": [\"gone\"], \"alert\": {\"kind\": \"signal\"}}\n" \
		>"$C/state/outbox/crafted.json" &&
	printf "{\"id\": \"x\", \"created\": \"2026-01-01T00:00:00Z\", \"pending\": [\"../../../../victim6b\"], \"alert\": {\"kind\": \"signal\"}}\n" \
		>"$C/state/outbox/x.json" &&
	commit_state "restored from a backup" &&
	cwt deliver 2>"$C/err"; cat "$C/err" &&
	test "$(cat "$TMP/victim6.json")" = "keep me" &&
	test ! -e "$TMP/victim6.gone.json" && test ! -e "$C/victim6.gone.json" &&
	test ! -e "$C/victim6b.json" && test ! -e "$TMP/victim6b.json" &&
	grep -q "outbox: crafted.json is not a valid outbox entry" "$C/err" &&
	grep -q "outbox: x.json is not a valid outbox entry" "$C/err" &&
	test -f "$C/state/outbox/crafted.json" &&
	test -z "$(find "$C/state/outbox" -name "*victim*")"
'

test_expect_success 'item 6: a directory link planted in items/ is refused (exit 73), nothing written through it' '
	newcase link1 && restore_good && cwt run 2>/dev/null &&
	test -d "$C/state/items/good" &&
	mkdir "$C/outside-items" && echo sentinel >"$C/outside-items/keep" &&
	mv "$C/state/items/good" "$C/moved-items" &&
	ln -s "$C/outside-items" "$C/state/items/good" &&
	head=$(git -C "$C/state" rev-parse HEAD) &&
	new_item 1 &&
	test_must_fail 73 cwt run 2>"$C/err" && cat "$C/err" &&
	grep -q "items/good is a symbolic link; refused" "$C/err" &&
	test "$(ls "$C/outside-items")" = keep &&
	test "$(git -C "$C/state" rev-parse HEAD)" = "$head" &&
	! git -C "$C/state" log -p | grep -q sentinel &&
	cwt run 2>"$C/err2" && cat "$C/err2" &&
	test "$(ls "$C/outside-items")" = keep &&
	test "$(cat "$C/outside-items/keep")" = sentinel &&
	test -d "$C/state/items/good" && test ! -L "$C/state/items/good" &&
	test "$(hits_of good)" = 2
'

test_expect_success 'item 6: hits/ as a link, and a hits file linked to a secret, are neither followed nor read' '
	newcase link2 && restore_good && cwt run 2>/dev/null &&
	mkdir "$C/outside-hits" &&
	mv "$C/state/hits" "$C/moved-hits" && ln -s "$C/outside-hits" "$C/state/hits" &&
	new_item 2 &&
	test_must_fail 73 cwt run 2>"$C/err" && cat "$C/err" &&
	grep -q "hits is a symbolic link; refused" "$C/err" &&
	test -z "$(ls "$C/outside-hits")" &&
	rm "$C/state/hits" && mv "$C/moved-hits" "$C/state/hits" &&
	git -C "$C/state" checkout -q -- . && git -C "$C/state" clean -qfd &&
	touch "$C/state/.run/clean" &&
	echo "TOP-SECRET-6f1e" >"$C/secret.txt" &&
	f=$(ls "$C"/state/hits/*.jsonl | head -n 1) && rm "$f" && ln -s "$C/secret.txt" "$f" &&
	{ cw hits --json >"$C/hits.out" 2>"$C/herr" || :; } && cat "$C/herr" &&
	! grep -q TOP-SECRET "$C/hits.out" &&
	grep -q "is a symbolic link; refused" "$C/herr" &&
	new_item 3 && { cwt run 2>"$C/err3" || :; } && cat "$C/err3" &&
	test "$(cat "$C/secret.txt")" = "TOP-SECRET-6f1e" &&
	! git -C "$C/state" log -p | grep -q TOP-SECRET &&
	! grep -rq TOP-SECRET "$C/state/hits" "$C/state/items"
'

# ---- item 4: secrets in every field of a receiver's reply ----

RTOK=rd7Qp2Xw9Lk4Zt6Vb1Nm8Hc3	# the Slack-style token in the path
QTOK=qs5Fh8Jk2Lm4Np6RtW	# a token in the query
HKEY=hk3Ds8Fg1Jz5Xc7Vb	# the webhook's HMAC key
: >"$TMP/red.reply"
raw_server red || exit 1
RED_PORT=$RAW_PORT
RED_HOOK="/hooks/T0RED/B0RED/$RTOK"
RED_URL="http://127.0.0.1:$RED_PORT$RED_HOOK?sig=$QTOK"
WH_URL="http://127.0.0.1:$RED_PORT/generic/$RTOK-wh"

# red_reply STATUS 'BODY' [EXTRA HEADER LINES]: the canned answer, with
# the secrets planted in the status text, Location and other headers
red_reply() {
	"$PY" - "$TMP/red.reply" "$1" "$2" "$RED_URL" "$WH_URL" "$HKEY" "${3:-}" <<'PYEOF'
import sys
path, status, body, url, wh, key, extra = sys.argv[1:8]
body = body.replace("@URL@", url).replace("@WH@", wh).replace("@KEY@", key).encode()
head = ("HTTP/1.1 %s Nope %s %s\r\n" % (status, url, key) +
        "Location: %s\r\n" % url +
        "X-Echo-Path: %s\r\n" % url.split("127.0.0.1:")[1] +
        "X-Echo-Key: %s\r\nX-Webhook: %s\r\n" % (key, wh) +
        "Content-Type: text/plain\r\n" + extra +
        "Content-Length: %d\r\nConnection: close\r\n\r\n" % len(body))
open(path + ".tmp", "wb").write(head.encode() + body)
import os
os.rename(path + ".tmp", path)
PYEOF
}

# nothing of a secret anywhere: logs, state files (.run too), history,
# status; a 10-character piece of a token is enough to fail
no_secret() {	# FILES...
	for pat in "${RTOK:0:10}" "${QTOK:0:10}" "${HKEY:0:10}" "sig=$QTOK"; do
		! grep -rlF "$pat" "$C/state" "$@" || { echo "leak of $pat"; return 1; }
		! git -C "$C/state" log -p --all | grep -qF "$pat" || { echo "leak of $pat in history"; return 1; }
		! cw status --json | grep -qF "$pat" || { echo "leak of $pat in status --json"; return 1; }
		! cw status | grep -qF "$pat" || { echo "leak of $pat in status"; return 1; }
	done
}

red_case() {
	newcase "$1" && restore_good &&
	printf "    - name: hook\n      type: webhook\n      url_env: SIGWATCH_WH_URL\n      secret_env: SIGWATCH_WH_KEY\n" \
		>>"$C/sigwatch.yaml"
}
redw() {	# sigwatch with the secrets in the environment
	SIGWATCH_SLACK_WEBHOOK="$RED_URL" SIGWATCH_WH_URL="$WH_URL" \
	SIGWATCH_WH_KEY="$HKEY" timeout 60 "$SIGWATCH" --config "$C/sigwatch.yaml" "$@"
}

test_expect_success 'item 4: a 404 echoing URL, path, query and key in body, status text and headers: dead letter without them' '
	red_case red1 &&
	red_reply 404 "no such hook: @URL@ (and @WH@, key @KEY@) $(printf "%0120d" 0) @URL@" &&
	redw -v -v run 2>"$C/err" && cat "$C/err" &&
	test "$(grep -c "GET\|POST" "$TMP/red.log")" -ge 2 &&
	grep -q "failed permanently (HTTP 404: no such hook: \[redacted\]" "$C/err" &&
	test "$(ls "$C/state/outbox/dead" | wc -l)" = 2 &&
	grep -q "\[redacted\]" "$C"/state/outbox/dead/*.json &&
	SIGWATCH_SLACK_WEBHOOK="$RED_URL" SIGWATCH_WH_URL="$WH_URL" SIGWATCH_WH_KEY="$HKEY" \
		no_secret "$C/err"
'

test_expect_success 'item 4: a 500 whose JSON error is the token, and a 429: retry reasons (log, .run/) without it' '
	red_case red2 &&
	red_reply 500 "{\"ok\": false, \"error\": \"@KEY@\", \"url\": \"@URL@\"}" &&
	redw -v -v run 2>"$C/err" && cat "$C/err" &&
	grep -q "not delivered (500 \[redacted\])" "$C/err" &&
	grep -q "\[redacted\]" "$C/state/.run/outbox.json" &&
	red_reply 429 "@URL@ slow down" "Retry-After: 1\r\n" &&
	redw -v -v deliver 2>>"$C/err" && cat "$C/err" &&
	grep -q "rate limited" "$C/err" &&
	red_reply 400 "{\"ok\": false, \"error\": \"@KEY@ @URL@\"}" &&
	redw -v -v deliver 2>>"$C/err" &&
	test "$(ls "$C/state/outbox/dead" | wc -l)" = 2 &&
	SIGWATCH_SLACK_WEBHOOK="$RED_URL" SIGWATCH_WH_URL="$WH_URL" SIGWATCH_WH_KEY="$HKEY" \
		no_secret "$C/err"
'

test_expect_success 'item 4: status redacts a dead letter written before redaction existed' '
	red_case red3 && cwt run 2>/dev/null &&
	mkdir -p "$C/state/outbox/dead" &&
	printf "{\"id\": \"0123456789abcdef\", \"notifier\": \"slack\", \"reason\": \"HTTP 404: %s\", \"failed_at\": \"2026-01-01T00:00:00Z\", \"alert\": {\"kind\": \"signal\"}}\n" \
		"$RED_URL" >"$C/state/outbox/dead/0123456789abcdef.slack.json" &&
	SIGWATCH_SLACK_WEBHOOK="$RED_URL" cw status >"$C/st.txt" &&
	SIGWATCH_SLACK_WEBHOOK="$RED_URL" cw status --json >"$C/st.json" &&
	grep -q "dead 0123456789abcdef (signal) to slack: HTTP 404: \[redacted\]" "$C/st.txt" &&
	! grep -qF "${RTOK:0:10}" "$C/st.txt" "$C/st.json"
'

test_done
