#!/usr/bin/env bash
# agent/ is grouped by layer (Makefile LAYERS); includes point down only.
. "$(dirname "$0")/lib.sh"
LAYERS=$(sed -n 's/^LAYERS = //p' "$TOP/Makefile")

test_expect_success 'the tree keeps includes pointing down the layers' '
	test -n "$LAYERS" &&
	sh "$TOP/tools/check-layers.sh" $LAYERS
'

test_expect_success 'an include of a higher layer is reported with file:line' '
	mkdir -p "$TMP/tree/tools" && cp -r "$TOP/agent" "$TMP/tree/" &&
	cp "$TOP/tools/check-layers.sh" "$TMP/tree/tools/" &&
	printf "#include \"run.h\"\n" >>"$TMP/tree/agent/base/buf.c" &&
	test_must_fail 1 sh "$TMP/tree/tools/check-layers.sh" $LAYERS >"$TMP/out" &&
	grep -q "^agent/base/buf.c:[0-9]*: base includes run/run.h, a layer above it" "$TMP/out"
'

test_expect_success 'a source file outside every layer is reported' '
	rm -rf "$TMP/tree" && mkdir -p "$TMP/tree/tools" &&
	cp -r "$TOP/agent" "$TMP/tree/" && cp "$TOP/tools/check-layers.sh" "$TMP/tree/tools/" &&
	: >"$TMP/tree/agent/stray.c" &&
	test_must_fail 1 sh "$TMP/tree/tools/check-layers.sh" $LAYERS >"$TMP/out" &&
	grep -q "outside any layer" "$TMP/out"
'

test_done
