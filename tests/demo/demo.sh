#!/usr/bin/env bash
# make demo: a full offline watch cycle. Serves the bundled snapshots and a
# Slack-compatible sink on 127.0.0.1, runs `sigwatch run` twice against a
# temporary state directory, then prints what the sink received and the
# state's git history. The second run sends nothing new.
set -eu
TOP=$(cd "$(dirname "$0")/../.." && pwd)
B=${B:-build}
SW="$TOP/$B/sigwatch"
PY=/usr/bin/python3
[ -x "$PY" ] || PY=python3
DEMO="$TOP/tests/demo"
TMP=$(mktemp -d "${TMPDIR:-/tmp}/sigwatch-demo.XXXXXX")
KEEP=${KEEP:-}
PID=

finish() {
	[ -n "$PID" ] && kill "$PID" 2>/dev/null && wait "$PID" 2>/dev/null
	if [ -n "$KEEP" ]; then echo "state kept in $TMP/state"; else rm -rf "$TMP"; fi
}
trap finish EXIT

"$PY" "$TOP/tests/helpers/fixture_httpd.py" --routes "$DEMO/routes.json" \
	--root "$DEMO" --port-file "$TMP/port" --log "$TMP/requests.jsonl" \
	--max-seconds 300 >"$TMP/httpd.out" 2>&1 &
PID=$!
for _ in $(seq 1 100); do [ -s "$TMP/port" ] && break; sleep 0.05; done
PORT=$(cat "$TMP/port")

mkdir -p "$TMP/feeds"
for f in "$DEMO"/feeds/*.yaml; do
	sed "s/@PORT@/$PORT/g" "$f" >"$TMP/feeds/$(basename "$f")"
done
sed "s/@PORT@/$PORT/g" "$DEMO/sigwatch.yaml" >"$TMP/sigwatch.yaml"
# The sink's URL stands in for the secret webhook; it is passed through
# the environment, never on a command line.
export SIGWATCH_SLACK_WEBHOOK="http://127.0.0.1:$PORT/slack"
export SIGWATCH_SLACK_PACE_MS=${SIGWATCH_SLACK_PACE_MS:-200}
run() {
	"$SW" --config "$TMP/sigwatch.yaml" --rules "$TOP/rules" \
		--feeds "$TMP/feeds" --state "$TMP/state" "$@"
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
echo "== what the Slack sink received ($n1 messages on the first run, $((n2 - n1)) on the second)"
"$PY" - "$TMP/requests.jsonl" <<'PYEOF'
import json, sys
def text(t):
    return t.get("text", "") if isinstance(t, dict) else str(t)
n = 0
for line in open(sys.argv[1]):
    r = json.loads(line)
    if r["path"] != "/slack" or r["method"] != "POST":
        continue
    n += 1
    p = json.loads(r["body"])
    print("-" * 72)
    print("message %d  (fallback: %s)" % (n, p.get("text", "")[:100]))
    for b in p.get("blocks", []):
        if b["type"] == "header":
            print("# " + text(b["text"]))
        elif b["type"] == "section":
            if "text" in b:
                print(text(b["text"]))
            for f in b.get("fields", []):
                print("  " + text(f).replace("\n", ": ", 1))
        elif b["type"] == "context":
            print("  (" + " | ".join(text(e) for e in b["elements"]) + ")")
        elif b["type"] == "divider":
            print("")
print("-" * 72)
PYEOF
echo
echo "== sigwatch status"
run status
echo
echo "== sigwatch report (open $TOP/$B/demo-report/index.html in a browser)"
run report --out "$TOP/$B/demo-report" --since 400d
echo
echo "== git log of the state directory"
git -C "$TMP/state" log --stat --format='commit %h  %an <%ae>%n    %s%n%b'
if [ "$n2" -ne "$n1" ]; then
	echo "demo: the second run sent $((n2 - n1)) message(s); expected none" >&2
	exit 1
fi
