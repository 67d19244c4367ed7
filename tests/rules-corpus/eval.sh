#!/usr/bin/env bash
# Measures the default rules (sigwatch.yaml: rules/ and feeds/) on the
# labelled corpus in this directory and checks the floors in floors.json.
# Prints per-rule precision/recall for the tuning and held-out halves, one
# "ok"/"not ok" line per floor, and ends with "N passed, N failed".
#   B=build-x tests/rules-corpus/eval.sh [-v]
set -u
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
B=${B:-build}
sw="$top/$B/sigwatch"
if [ ! -x "$sw" ]; then
	echo "eval.sh: $sw not built (make B=$B)" >&2
	echo "0 passed, 1 failed"
	exit 1
fi
exec python3 "$here/eval.py" --sigwatch "$sw" --config "$top/sigwatch.yaml" \
    --floors "$here/floors.json" "$@" \
    "$here/tuning.jsonl" "$here/heldout.jsonl"
