#!/usr/bin/env bash
# Runs every unit test binary and end-to-end script; the last line is
# "N passed, N failed, N skipped" (summed over all of them). A check that
# cannot run here (the conformance corpus is not in the repository, a tool
# is missing) says so in one line and counts as skipped; under CI (CI set)
# it counts as failed instead.
#   tests/run.sh [unit|e2e|conformance] [NAME-FILTER]
set -u
cd "$(dirname "$0")/.."
B=${B:-build}
what=${1:-all}
filter=${2:-}
passed=0
failed=0
skipped=0
failures=()

count() {	# $1 = name, $2 = output file, $3 = exit status
	local line p f s=0
	line=$(grep -E '^[0-9]+ passed, [0-9]+ failed(, [0-9]+ skipped)?$' "$2" | tail -n 1)
	if [ -z "$line" ]; then
		# a script that died before its summary counts as one failure
		p=0; f=1
	else
		p=${line%% passed*}; f=${line#*, }; f=${f%% failed*}
		case $line in *skipped) s=${line##*failed, }; s=${s%% skipped} ;; esac
		[ "$3" -ne 0 ] && [ "$f" -eq 0 ] && f=1
	fi
	passed=$((passed + p)); failed=$((failed + f)); skipped=$((skipped + s))
	if [ "$f" -ne 0 ]; then
		failures+=("$1")
		echo "--- $1: $p passed, $f failed"
		tail -n 40 "$2"
	elif [ "$s" -ne 0 ]; then
		echo "ok  $1: $p passed, $s skipped"
		grep -E '^skip - ' "$2" | sed 's/^/    /'
	else
		echo "ok  $1: $p passed"
	fi
}

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# the suite must leave the project's files as it found them
tree_status() { git status --porcelain 2>/dev/null; }
tree_status >"$tmp/tree.before"

if [ "$what" = all ] || [ "$what" = unit ]; then
	for t in "$B"/tests/test_*; do
		[ -x "$t" ] || continue
		name=$(basename "$t")
		[ -n "$filter" ] && [[ $name != *$filter* ]] && continue
		timeout 300 "$t" >"$tmp/out" 2>&1; rc=$?
		count "unit/$name" "$tmp/out" "$rc"
	done
fi
if [ "$what" = all ] || [ "$what" = e2e ]; then
	for t in tests/e2e/t[0-9]*.sh; do
		[ -f "$t" ] || continue
		name=$(basename "$t" .sh)
		[ -n "$filter" ] && [[ $name != *$filter* ]] && continue
		B=$B timeout 600 bash "$t" >"$tmp/out" 2>&1; rc=$?
		count "e2e/$name" "$tmp/out" "$rc"
	done
fi
if [ "$what" = all ] || [ "$what" = conformance ]; then
	if [ -f tests/conformance/run.sh ]; then
		B=$B timeout 900 bash tests/conformance/run.sh >"$tmp/out" 2>&1; rc=$?
		count "conformance" "$tmp/out" "$rc"
	fi
fi
tree_status >"$tmp/tree.after"
if ! cmp -s "$tmp/tree.before" "$tmp/tree.after"; then
	echo "--- the tests changed the project's files (git status):"
	diff "$tmp/tree.before" "$tmp/tree.after"
	failed=$((failed + 1)); failures+=("git-status")
fi
[ ${#failures[@]} -gt 0 ] && echo "failed: ${failures[*]}"
echo "$passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ]
