#!/usr/bin/env bash
# The state belongs to the service (a dynamic user): as root, plain git
# refuses it ("dubious ownership"), so the documented commands are
# `sigwatch log` and `sigwatch backup FILE`, which work on a state
# directory owned by another uid, as do status and hits; the backup
# restores with `git clone`.
. "$(dirname "$0")/lib.sh"
. "$TOP/tests/fixtures/hostile/catalogue-lib.sh"

if [ "$(id -u)" != 0 ]; then
	test_not_applicable 'state owned by another uid' 'needs root to chown the state directory'
	test_done
	exit
fi

newcase owner
cw run 2>"$C/run.err" >/dev/null || { cat "$C/run.err"; exit 1; }
cw run --force 2>>"$C/run.err" >/dev/null
chown -R 12345:12345 "$C/state"
# a safe.directory in root's own git configuration would hide the problem
export HOME="$TMP/home" GIT_CONFIG_NOSYSTEM=1
mkdir -p "$HOME"

test_expect_success 'sanity: plain git refuses the state as root (dubious ownership)' '
	test "$(stat -c %u "$C/state/.git")" = 12345 &&
	! git -C "$C/state" log >"$TMP/git.out" 2>&1 &&
	grep -q "dubious ownership" "$TMP/git.out"
'

test_expect_success 'sigwatch log shows the history, with git log options' '
	cw log --format=%s >"$TMP/log.out" 2>"$TMP/log.err" &&
	cat "$TMP/log.out" "$TMP/log.err" &&
	grep -q "^run: 1 source ok" "$TMP/log.out" &&
	cw log -1 --stat >"$TMP/log1.out" &&
	grep -Eq "(hits|outbox)/" "$TMP/log1.out"
'

test_expect_success 'sigwatch log through a symlink (/var/lib/sigwatch -> private/sigwatch)' '
	ln -s "$C/state" "$TMP/link" &&
	"$SIGWATCH" --config "$C/sigwatch.yaml" --state "$TMP/link" log --oneline >"$TMP/ln.out" &&
	test "$(wc -l <"$TMP/ln.out")" -ge 2
'

test_expect_success 'sigwatch backup FILE writes a bundle of the whole history; git clone restores it' '
	(cd "$TMP" && cw backup state.bundle) 2>"$TMP/bk.err" &&
	cat "$TMP/bk.err" &&
	test -s "$TMP/state.bundle" &&
	git bundle list-heads "$TMP/state.bundle" | grep -q "refs/heads/" &&
	git clone -q "$TMP/state.bundle" "$TMP/restored" &&
	test "$(git -C "$TMP/restored" rev-list --count HEAD)" = "$(cw log --format=%H | wc -l)" &&
	test -f "$TMP/restored/hits/$(ls "$C/state/hits")"
'

test_expect_success 'status and hits read a state owned by another uid' '
	cw status >"$TMP/st.out" && grep -q "^  good " "$TMP/st.out" &&
	cw hits >"$TMP/hits.out" && grep -q "mesh" "$TMP/hits.out"
'

test_expect_success 'nothing was written into the state or any git configuration' '
	test -z "$(find "$C/state" ! -uid 12345 | head -n 1)" &&
	test ! -e "$HOME/.gitconfig" &&
	! grep -q safe "$C/state/.git/config"
'

test_expect_success 'log and backup on a directory that is not a state: exit 66' '
	rc=0; "$SIGWATCH" --config "$C/sigwatch.yaml" --state "$TMP/nowhere" log >/dev/null 2>&1 || rc=$?
	test "$rc" = 66 &&
	rc=0; "$SIGWATCH" --config "$C/sigwatch.yaml" --state "$TMP/nowhere" backup "$TMP/x.bundle" >/dev/null 2>&1 || rc=$?
	test "$rc" = 66 && test ! -e "$TMP/x.bundle"
'

test_done
