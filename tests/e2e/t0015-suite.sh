#!/usr/bin/env bash
# The test suite on a bare clone: what is not in the repository (the
# conformance corpus beside it) or not installed (valgrind) is reported as
# skipped in one line and counted, "N passed, N failed, N skipped"; under
# CI (CI set) the same absence is a failure, so CI keeps measuring it.
. "$(dirname "$0")/lib.sh"

test_expect_success 'conformance without its corpus: one line, counted skipped' '
	(cd "$TOP" && env -u CI CORPUS="$TMP/no-corpus" B=$B bash tests/run.sh conformance) \
	    >"$TMP/conf.out" 2>&1 &&
	cat "$TMP/conf.out" &&
	test "$(tail -n 1 "$TMP/conf.out")" = "0 passed, 0 failed, 1 skipped" &&
	test "$(grep -c "corpus not found" "$TMP/conf.out")" = 1
'

test_expect_success 'conformance without its corpus under CI: a failure' '
	rc=0
	(cd "$TOP" && CI=1 CORPUS="$TMP/no-corpus" B=$B bash tests/run.sh conformance) \
	    >"$TMP/ci.out" 2>&1 || rc=$?
	cat "$TMP/ci.out" &&
	test "$rc" -ne 0 &&
	test "$(tail -n 1 "$TMP/ci.out")" = "0 passed, 1 failed, 0 skipped"
'

# a PATH with every command of /usr/bin and /bin except valgrind
mkdir -p "$TMP/novg"
for f in /usr/bin/* /bin/*; do
	n=${f##*/}
	case $n in valgrind*) continue ;; esac
	[ -e "$TMP/novg/$n" ] || ln -s "$f" "$TMP/novg/$n"
done

test_expect_success 't0960 without valgrind reports itself skipped, not "0 passed"' '
	env -u CI PATH="$TMP/novg" B=$B bash "$TOP/tests/e2e/t0960-valgrind.sh" \
	    >"$TMP/vg.out" 2>&1 &&
	cat "$TMP/vg.out" &&
	test "$(tail -n 1 "$TMP/vg.out")" = "0 passed, 0 failed, 1 skipped" &&
	test "$(grep -c "^skip - " "$TMP/vg.out")" = 1
'

test_expect_success 't0960 without valgrind under CI: a failure (make deps installs it)' '
	if [ "$SANITIZED" = 1 ]; then exit 0; fi
	rc=0
	CI=1 PATH="$TMP/novg" B=$B bash "$TOP/tests/e2e/t0960-valgrind.sh" \
	    >"$TMP/vgci.out" 2>&1 || rc=$?
	cat "$TMP/vgci.out" &&
	test "$rc" -ne 0 && test "$(tail -n 1 "$TMP/vgci.out")" = "0 passed, 1 failed" &&
	grep -qw valgrind "$TOP/Makefile"
'

test_done
