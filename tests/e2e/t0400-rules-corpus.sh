#!/usr/bin/env bash
# Generalisation of the default rules: per-rule precision and recall on the
# labelled corpus tests/rules-corpus/ (held-out half) must stay above the
# floors in tests/rules-corpus/floors.json. Each floor is one test.
set -u
cd "$(dirname "$0")/../.." || exit 1
B=${B:-build} exec bash tests/rules-corpus/eval.sh "$@"
