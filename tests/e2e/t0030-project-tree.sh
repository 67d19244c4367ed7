#!/usr/bin/env bash
# `make run` and `make demo` in a copy of the project leave its `git status`
# clean: the state directory is sigwatch's own repository (ignored by the
# project), its README is written by sigwatch into its first commit, and a
# first run discards nothing and claims no interrupted run. Repair after a
# real interruption touches only what sigwatch writes.
. "$(dirname "$0")/lib.sh"

P="$TMP/project"
case $B in /*) BABS=$B ;; *) BABS="$TOP/$B" ;; esac

# a copy of the project as a fresh clone has it: the tracked files (with
# their mtimes, so `make all` finds the build up to date) in a new repo
copy_project() {
	rm -rf "$P" && mkdir -p "$P" &&
	(cd "$TOP" && git ls-files -z --cached --others --exclude-standard |
	    xargs -0 cp -p --parents -t "$P" 2>/dev/null) &&
	git -C "$P" init -q &&
	git -C "$P" add -A &&
	git -C "$P" -c user.name=t -c user.email=t@example.test commit -qm copy &&
	test -z "$(git -C "$P" status --porcelain)"
}

printf '<rss version="2.0"><channel><title>t</title><item><guid>a1</guid><title>Hello</title><link>http://example.test/a1</link></item></channel></rss>' \
    >"$TMP/feed.rss"
cat >"$TMP/routes.json" <<EOF
{"/feed.rss": {"body_file": "feed.rss", "content_type": "application/rss+xml"}}
EOF
start_server "$TMP/routes.json" "$TMP"

# the project's default layout, with one loopback source instead of the
# internet: rules from the project, state in the project's state/
mkdir -p "$TMP/offline/feeds"
cat >"$TMP/offline/feeds/local.yaml" <<EOF
sources:
  - id: local
    url: http://127.0.0.1:$PORT/feed.rss
    kind: feed
EOF
cat >"$TMP/offline/sigwatch.yaml" <<EOF
rules: $P/rules
feeds: feeds
state: $P/state
fetch:
  allow_private_addresses: true
alerts:
  notifiers:
    - name: slack
      type: stdout
EOF

test_expect_success 'make run (offline config) leaves git status of the project clean' '
	copy_project &&
	{ make -s -C "$P" run B="$BABS" CONFIG="$TMP/offline/sigwatch.yaml" \
	    >"$TMP/run.out" 2>&1 || { cat "$TMP/run.out"; false; }; } &&
	git -C "$P" status --porcelain >"$TMP/status" &&
	cat "$TMP/status" && test ! -s "$TMP/status"
'

test_expect_success 'a first run discards nothing and claims no interrupted run' '
	grep -q "sigwatch run exited 0" "$TMP/run.out" &&
	! grep -i "discarding\|interrupted" "$TMP/run.out"
'

test_expect_success 'the state README is in the state repository first commit' '
	test "$(git -C "$P/state" rev-list --count HEAD)" = 1 &&
	git -C "$P/state" show --name-only --format= HEAD >"$TMP/files" &&
	grep -qx README.md "$TMP/files" && grep -qx .gitignore "$TMP/files" &&
	grep -q "sources/<source-id>.json" "$P/state/README.md"
'

test_expect_success 'a second make run is idle and still clean' '
	make -s -C "$P" run B="$BABS" CONFIG="$TMP/offline/sigwatch.yaml" \
	    >"$TMP/run2.out" 2>&1 &&
	! grep -i "discarding" "$TMP/run2.out" &&
	test -z "$(git -C "$P" status --porcelain)"
'

test_expect_success 'repair after an interrupted run keeps files sigwatch did not write' '
	echo "my notes" >"$P/state/NOTES.md" &&
	mkdir -p "$P/state/mine" && echo x >"$P/state/mine/keep.txt" &&
	mkdir -p "$P/state/hits" && echo "{}" >"$P/state/hits/leftover.jsonl" &&
	rm -f "$P/state/.run/clean" &&
	"$BABS/sigwatch" --config "$TMP/offline/sigwatch.yaml" run --force \
	    >"$TMP/run3.out" 2>&1 &&
	cat "$TMP/run3.out" &&
	grep -q "discarding 1 uncommitted change" "$TMP/run3.out" &&
	test ! -e "$P/state/hits/leftover.jsonl" &&
	test "$(cat "$P/state/NOTES.md")" = "my notes" &&
	test -f "$P/state/mine/keep.txt"
'

test_expect_success 'a README of someone else in a new state directory is left alone' '
	mkdir -p "$TMP/other" && echo "ours, not sigwatch" >"$TMP/other/README.md" &&
	"$BABS/sigwatch" --config "$TMP/offline/sigwatch.yaml" --state "$TMP/other" run \
	    >"$TMP/run4.out" 2>&1 &&
	! grep -i "discarding" "$TMP/run4.out" &&
	test "$(cat "$TMP/other/README.md")" = "ours, not sigwatch" &&
	! git -C "$TMP/other" ls-files --error-unmatch README.md 2>/dev/null
'

test_expect_success 'make demo leaves git status of the project clean' '
	copy_project &&
	make -s -C "$P" demo B="$BABS" >"$TMP/demo.out" 2>&1 &&
	grep -q "== git log of the state directory" "$TMP/demo.out" &&
	git -C "$P" status --porcelain >"$TMP/status" &&
	cat "$TMP/status" && test ! -s "$TMP/status"
'

test_expect_success 'tests/demo/sigwatch.yaml passes check in place, from any directory' '
	"$BABS/sigwatch" --config "$P/tests/demo/sigwatch.yaml" check >"$TMP/dc.out" 2>&1 &&
	grep -q "configuration OK" "$TMP/dc.out" &&
	(cd "$TMP" && "$BABS/sigwatch" --config "$P/tests/demo/sigwatch.yaml" check) >"$TMP/dc2.out" 2>&1 &&
	grep -q "configuration OK" "$TMP/dc2.out"
'

test_expect_success 'make demo KEEP=1 keeps the state where the demo config reads it' '
	make -s -C "$P" demo B="$BABS" KEEP=1 >"$TMP/keep.out" 2>&1 &&
	grep -q "state kept in build/demo-state" "$TMP/keep.out" &&
	test -d "$P/build/demo-state/.git" &&
	test "$(git -C "$P/build/demo-state" rev-list --count HEAD)" -ge 2 &&
	(cd "$P" && "$BABS/sigwatch" --config tests/demo/sigwatch.yaml status) >"$TMP/ks.out" &&
	grep -q "^  cloudflare-blog " "$TMP/ks.out" &&
	(cd "$P" && "$BABS/sigwatch" --config tests/demo/sigwatch.yaml hits --json) | grep -q "cloudflare" &&
	test -z "$(git -C "$P" status --porcelain)"
'

test_expect_success 'make demo without KEEP leaves no state behind' '
	rm -rf "$P/build/demo-state" &&
	make -s -C "$P" demo B="$BABS" >"$TMP/nokeep.out" 2>&1 &&
	! grep -q "state kept" "$TMP/nokeep.out" &&
	test ! -e "$P/build/demo-state"
'

test_done
