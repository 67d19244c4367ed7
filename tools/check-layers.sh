#!/bin/sh
# check-layers.sh LAYER...: every file under agent/<layer>/ includes project
# headers from its own layer or a layer listed before it, never after, so
# the dependency graph points one way (base at the bottom, cli at the top).
# Prints each violation as file:line and exits 1 if there is any.
set -u
cd "$(dirname "$0")/.."
[ $# -gt 0 ] || { echo "usage: $0 LAYER..." >&2; exit 64; }
rank=0
ranks=""
for l in "$@"; do
	ranks="$ranks $l=$rank"
	rank=$((rank + 1))
done
rank_of() {	# the rank of layer $1, or empty
	for p in $ranks; do
		[ "${p%%=*}" = "$1" ] && { echo "${p#*=}"; return; }
	done
}
layer_of() {	# the layer that holds header $1, or empty
	for p in $ranks; do
		[ -f "agent/${p%%=*}/$1" ] && { echo "${p%%=*}"; return; }
	done
}
bad=0
for l in "$@"; do
	own=$(rank_of "$l")
	for f in agent/"$l"/*.[ch]; do
		[ -f "$f" ] || continue
		grep -n '^#include "' "$f" | while IFS= read -r line; do
			n=${line%%:*}
			h=${line#*\"}; h=${h%%\"*}
			hl=$(layer_of "$h")
			if [ -z "$hl" ]; then
				echo "$f:$n: includes $h, which is in no layer"
				exit 1
			fi
			if [ "$(rank_of "$hl")" -gt "$own" ]; then
				echo "$f:$n: $l includes $hl/$h, a layer above it"
				exit 1
			fi
		done || bad=1
	done
done
stray=$(ls agent/*.[ch] 2>/dev/null)
if [ -n "$stray" ]; then
	echo "files outside any layer: $stray"
	bad=1
fi
[ $bad -eq 0 ] && echo "layers OK ($*)"
exit $bad
