#!/usr/bin/env bash
# The default rules on every labelled signals corpus, through the real run
# path on loopback (tests/eval/eval_rules.py): per corpus, per playbook and
# overall strict precision and recall must stay above tests/eval/floors.json.
# ../shared/signals-corpus is skipped with one line when absent (a failure
# under CI); tests/signals-*/ corpora join when they land.
set -u
cd "$(dirname "$0")/../.." || exit 1
PY=/usr/bin/python3
[ -x "$PY" ] || PY=python3
B=${B:-build} exec "$PY" tests/eval/eval_rules.py "$@"
