#!/usr/bin/env bash
# make demo: a full offline watch cycle. Serves the bundled snapshots and a
# Slack-compatible sink on 127.0.0.1 and, against a temporary state
# directory: runs `sigwatch run` twice (the second sends nothing new);
# previews, then runs, a cycle where a new Cloudflare post hits two rules
# (one message, one entry); triages a hit as a false positive (its playbook
# falls back to watching and says so) and another as right; posts the
# digest. Then prints what the sink received and the state's git history.
# KEEP=1 keeps the state, in build/demo-state (where tests/demo/sigwatch.yaml
# looks), so `sigwatch --config tests/demo/sigwatch.yaml status` reads it.
set -eu
TOP=$(cd "$(dirname "$0")/../.." && pwd)
B=${B:-build}
case $B in /*) BDIR=$B ;; *) BDIR=$TOP/$B ;; esac
SW="$BDIR/sigwatch"
PY=/usr/bin/python3
[ -x "$PY" ] || PY=python3
DEMO="$TOP/tests/demo"
TMP=$(mktemp -d "${TMPDIR:-/tmp}/sigwatch-demo.XXXXXX")
KEEP=${KEEP:-}
PID=

STATE="$TMP/state"
if [ -n "$KEEP" ] && [ "$KEEP" != 0 ]; then
	STATE="$TOP/build/demo-state"
	rm -rf "$STATE"
	mkdir -p "$TOP/build"
fi

finish() {
	[ -n "$PID" ] && kill "$PID" 2>/dev/null && wait "$PID" 2>/dev/null
	rm -rf "$TMP"
	if [ "$STATE" != "$TMP/state" ]; then
		echo
		echo "== state kept in ${STATE#"$TOP"/}; read it with"
		echo "   ${SW#"$TOP"/} --config tests/demo/sigwatch.yaml status   (or hits, log, backtest)"
	fi
}
trap finish EXIT

cp "$DEMO/routes.json" "$TMP/routes.json"
"$PY" "$TOP/tests/helpers/fixture_httpd.py" --routes "$TMP/routes.json" \
	--root "$DEMO" --port-file "$TMP/port" --log "$TMP/requests.jsonl" \
	--max-seconds 300 >"$TMP/httpd.out" 2>&1 &
PID=$!
for _ in $(seq 1 100); do [ -s "$TMP/port" ] && break; sleep 0.05; done
PORT=$(cat "$TMP/port")

mkdir -p "$TMP/feeds"
for f in "$DEMO"/feeds/*.yaml; do
	sed "s/127\.0\.0\.1:8907/127.0.0.1:$PORT/g" "$f" >"$TMP/feeds/$(basename "$f")"
done
cp "$DEMO/sigwatch.yaml" "$TMP/sigwatch.yaml"
# The sink's URL stands in for the secret webhook; it is passed through
# the environment, never on a command line.
export SIGWATCH_SLACK_WEBHOOK="http://127.0.0.1:$PORT/slack"
export SIGWATCH_SLACK_PACE_MS=${SIGWATCH_SLACK_PACE_MS:-200}
# the snapshots were published 2 to 16 October 2025: the demo happens the
# day after, so playbook windows and staleness judge them as they would
# have then (a kept state read later shows them as old)
export SIGWATCH_NOW=${SIGWATCH_NOW:-2025-10-17T09:00:00Z}
run() {
	"$SW" --config "$TMP/sigwatch.yaml" --rules "$TOP/rules" \
		--feeds "$TMP/feeds" --state "$STATE" "$@"
}

echo "== sigwatch check"
run check
echo
echo "== first run (fetches every demo source; first_run: alert)"
run run || true
n1=$(grep -c '"path": "/slack"' "$TMP/requests.jsonl" || true)
echo
echo "== second run (nothing changed: conditional requests, no alert)"
run run --force || true
n2=$(grep -c '"path": "/slack"' "$TMP/requests.jsonl" || true)
echo
# The blog publishes a post two rules hit: serve the next snapshot.
"$PY" - "$TMP/routes.json" <<'PYEOF'
import json, sys
r = json.load(open(sys.argv[1]))
r["/cloudflare/rss"].update(body_file="snapshots/cloudflare-blog-2.rss", etag='"cf-v2"')
json.dump(r, open(sys.argv[1] + ".tmp", "w"))
PYEOF
mv "$TMP/routes.json.tmp" "$TMP/routes.json"
echo "== a new Cloudflare post: what the next run would send (run --dry-run --preview)"
run run --force --dry-run --preview 2>/dev/null | grep -v '^{' || true
echo
echo "== third run (sends it: one message, the post once with both rules)"
run run --force || true
n3=$(grep -c '"path": "/slack"' "$TMP/requests.jsonl" || true)
echo
hit_id() {	# hit_id RULE
	run hits --json --rule "$1" | "$PY" -c 'import json, sys; print(json.loads(sys.stdin.readline())["id"])'
}
echo "== triage: a false positive (its playbook falls back to watching) and a confirmed hit"
run triage "$(hit_id zs-smb-edition)" --fp --author demo \
	--note "A bundle renamed for the mid-market, not a new small-business price" || true
run triage "$(hit_id zs-acquires-twingate)" --ack --author demo \
	--note "Confirmed by the press release" || true
n4=$(grep -c '"path": "/slack"' "$TMP/requests.jsonl" || true)
echo
echo "== sigwatch hits (with triage)"
run hits
echo
echo "== the weekly digest (sigwatch digest)"
run digest || true
n5=$(grep -c '"path": "/slack"' "$TMP/requests.jsonl" || true)
echo
echo "== what the Slack sink received: $n5 messages ($n1 from the first run, $((n2 - n1)) from the second, $((n3 - n2)) for the new post, $((n4 - n3)) from triage, $((n5 - n4)) digest)"
"$PY" - "$TMP/requests.jsonl" <<'PYEOF'
import json, re, sys
def plain(t):
    s = t.get("text", "") if isinstance(t, dict) else str(t)
    if isinstance(t, dict) and t.get("type") == "mrkdwn":
        s = re.sub(r"<!date\^[^|>]*\|([^>]*)>", r"\1", s)
        s = re.sub(r"<!subteam\^[^|>]*\|([^>]*)>", r"\1", s)
        s = re.sub(r"<@([A-Z0-9]+)>", r"@\1", s)
        s = re.sub(r"<(https?://[^|>]*)\|([^>]*)>", r"\2 <\1>", s)
    return s.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")
n = 0
for line in open(sys.argv[1]):
    r = json.loads(line)
    if r["path"] != "/slack" or r["method"] != "POST":
        continue
    n += 1
    p = json.loads(r["body"])
    print("-" * 72)
    print("message %d  (notification: %s)" % (n, p.get("text", "")[:100]))
    for b in p.get("blocks", []):
        if b["type"] == "header":
            print("# " + plain(b["text"]))
        elif b["type"] == "section":
            if "text" in b:
                print(plain(b["text"]))
            for f in b.get("fields", []):
                print("  " + plain(f).replace("\n", ": ", 1))
        elif b["type"] == "context":
            print("  (" + " | ".join(plain(e) for e in b["elements"]) + ")")
print("-" * 72)
PYEOF
echo
echo "== sigwatch status"
run status
echo
echo "== sigwatch report (open $BDIR/demo-report/index.html in a browser)"
run report --out "$BDIR/demo-report" --since 400d
echo
echo "== git log of the state directory"
run log --stat --format='commit %h  %an <%ae>%n    %s%n%b'
if [ "$n2" -ne "$n1" ]; then
	echo "demo: the second run sent $((n2 - n1)) message(s); expected none" >&2
	exit 1
fi
if [ "$((n3 - n2))" -ne 1 ] || [ "$((n4 - n3))" -ne 1 ] || [ "$((n5 - n4))" -ne 1 ]; then
	echo "demo: expected one message for the new post, one from triage and one digest" >&2
	exit 1
fi
