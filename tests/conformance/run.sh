#!/usr/bin/env bash
# Feed conformance against feedparser's goldens (../shared/corpus).
#   B=build bash tests/conformance/run.sh [compare.py options]
# Uses $B/helpers/parsefeed --batch (the same feed_parse() and JSON as
# `sigwatch parse`, many samples per process, fast), else `$B/sigwatch
# parse` once per sample. CONFORMANCE_CLI=1 forces `sigwatch parse`.
# The last line is "N passed, N failed" (one test per floor check).
# The corpus is not part of the repository: CORPUS=DIR names it (default
# ../shared/corpus, beside the clone). Without it the step says so in one
# line and counts as skipped ("0 passed, 0 failed, 1 skipped"), except
# under CI (CI set), where a missing corpus is a failure.
set -u
cd "$(dirname "$0")/../.."
B=${B:-build}
corpus=${CORPUS:-../shared/corpus}
if [ ! -d "$corpus/feedparser" ]; then
	if [ -n "${CI:-}" ]; then
		echo "not ok - conformance: corpus not found at $corpus (CI requires it; set CORPUS=DIR)"
		echo "0 passed, 1 failed"
		exit 1
	fi
	echo "skip - conformance: corpus not found at $corpus (set CORPUS=DIR to run it)"
	echo "0 passed, 0 failed, 1 skipped"
	exit 0
fi
probe=$(mktemp)
trap 'rm -f "$probe"' EXIT
printf '<rss version="2.0"><channel><item><guid>x</guid></item></channel></rss>' >"$probe"
cli_ok=0
if [ -x "$B/sigwatch" ] && "$B/sigwatch" parse --base http://example.test/ "$probe" 2>/dev/null |
    grep -q '"items"'; then
	cli_ok=1
fi
rm -f "$probe"
if [ -x "$B/helpers/parsefeed" ] && [ "${CONFORMANCE_CLI:-0}" != 1 ]; then
	exec python3 tests/conformance/compare.py --corpus "$corpus" --cmd "$B/helpers/parsefeed" --helper --batch "$@"
elif [ "$cli_ok" = 1 ]; then
	exec python3 tests/conformance/compare.py --corpus "$corpus" --cmd "$B/sigwatch parse" "$@"
fi
echo "neither $B/sigwatch parse nor $B/helpers/parsefeed is available (make B=$B build-all)"
echo "0 passed, 1 failed"
exit 1
