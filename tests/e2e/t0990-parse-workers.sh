#!/usr/bin/env bash
# Parse workers (fetch.parse_workers) change when a document is parsed,
# never what the run records: the same corpus through 0, 1 and 4 workers
# gives the same commit tree, byte for byte, and the same hits.
. "$(dirname "$0")/lib.sh"
. "$TOP/tests/fixtures/hostile/catalogue-lib.sh"

# 80 feeds x 12 items from the benchmark's generator (RSS and Atom, HTML
# bodies, planted signal phrases and decoys), served as /g/NNNNN.xml
"$PY" "$TOP/bench/gen.py" --out "$SRV/gen" --sources 80 --items 12 \
	--seed 7 >/dev/null || exit 1
"$PY" - "$SRV/routes.json" "$SRV/gen" <<'PYEOF' || exit 1
import json, os, sys
p, gen = sys.argv[1], sys.argv[2]
r = json.load(open(p))
for name in sorted(os.listdir(os.path.join(gen, "feeds"))):
    r["/g/" + name] = {"body_file": "gen/feeds/" + name,
                       "content_type": "application/xml"}
with open(p + ".tmp", "w") as f:
    json.dump(r, f)
os.rename(p + ".tmp", p)
PYEOF

# case WORKERS: a state of the whole corpus made with that many workers
run_case() {
	newcase "w$1" true baseline &&
	printf '  parse_workers: %s\n  per_host: 32\n' "$1" >"$C/fetch.add" &&
	sed -i "/^fetch:/r $C/fetch.add" "$C/sigwatch.yaml" &&
	cp "$SRV/gen/rules/"*.yaml "$C/rules/" &&
	for f in "$SRV"/gen/feeds/*.xml; do
		n=$(basename "$f" .xml)
		add_source "g$n" "http://127.0.0.1:$PORT/g/$n.xml" feed || return 1
	done &&
	SIGWATCH_NOW=2025-10-17T09:00:00Z cwt run 2>"$C/err" ||
		{ cat "$C/err"; return 1; }
}

test_expect_success 'the corpus through 0, 1 and 4 parse workers: one commit tree' '
	run_case 0 && run_case 1 && run_case 4 &&
	t0=$(git -C "$TMP/c-w0/state" rev-parse "HEAD^{tree}") &&
	t1=$(git -C "$TMP/c-w1/state" rev-parse "HEAD^{tree}") &&
	t4=$(git -C "$TMP/c-w4/state" rev-parse "HEAD^{tree}") &&
	echo "trees: $t0 $t1 $t4" &&
	test "$t0" = "$t1" && test "$t0" = "$t4"
'

test_expect_success 'every item recorded and every planted hit found, with workers' '
	n=$(cat "$TMP"/c-w4/state/items/g0*/*.jsonl | wc -l) &&
	echo "items: $n" && test "$n" -eq $((80 * 12)) &&
	h=$(cat "$TMP"/c-w4/state/hits/*.jsonl | grep -c "\"source\": *\"g0") &&
	want=$("$PY" -c "import json,sys; print(len(json.load(open(sys.argv[1]))[\"hits\"]))" \
		"$SRV/gen/truth.json") &&
	echo "hits: $h, planted: $want" && test "$want" -gt 0 && test "$h" -eq "$want"
'

test_expect_success 'a second run with workers: all unchanged, nothing new committed' '
	C=$TMP/c-w4 && h1=$(cat "$C"/state/hits/*.jsonl | wc -l) &&
	SIGWATCH_NOW=2025-10-17T10:00:00Z cwt run 2>"$C/err2" &&
	n=$(cat "$C"/state/items/g0*/*.jsonl | wc -l) && test "$n" -eq $((80 * 12)) &&
	h=$(cat "$C"/state/hits/*.jsonl | wc -l) && test "$h" -eq "$h1"
'

test_expect_success 'parse_workers out of range is a located config error (exit 78)' '
	C=$TMP/c-w4 && sed -i "s/parse_workers: 4/parse_workers: 65/" "$C/sigwatch.yaml" &&
	test_must_fail cwt run 2>"$C/err3"; rc=$?
	cat "$C/err3" && grep -q "sigwatch.yaml:[0-9]*:[0-9]*: error: .*parse_workers" "$C/err3"
'

test_done
