#!/usr/bin/env bash
# Man pages: every man/*.1 and man/*.5 is clean under mandoc -Tlint and
# groff -ww -man (its default PostScript device and a terminal), and
# sigwatch(1) documents every command and option that `sigwatch --help`
# lists.
. "$(dirname "$0")/lib.sh"
PAGES=$(ls "$TOP"/man/*.1 "$TOP"/man/*.5 2>/dev/null)

test_expect_success 'sigwatch(1) exists' '
	test -f "$TOP/man/sigwatch.1"
'

if command -v mandoc >/dev/null 2>&1; then
	for p in $PAGES; do
		test_expect_success "mandoc -Tlint -W warning $(basename "$p")" '
			mandoc -Tlint -W warning "$p" >"$TMP/lint.out" 2>&1;
			cat "$TMP/lint.out"; test ! -s "$TMP/lint.out"
		'
	done
else
	test_skip 'mandoc -Tlint' 'mandoc not found; make deps installs it'
fi

if command -v groff >/dev/null 2>&1; then
	# `groff -ww -man` as a user types it renders for PostScript (its
	# default device), where adjusting lines is checked: a long URL in
	# running text warns "cannot adjust line" there and not on a terminal
	for p in $PAGES; do
		test_expect_success "groff -ww -man (PostScript and UTF-8) $(basename "$p")" '
			: >"$TMP/groff.err"
			for dev in "" -Tutf8; do
				for mac in -man -mandoc; do
					groff -ww $mac $dev "$p" 2>>"$TMP/groff.err" >/dev/null
				done
			done
			cat "$TMP/groff.err"; test ! -s "$TMP/groff.err"
		'
	done
else
	test_skip 'groff -ww' 'groff not found; make deps installs groff-base'
fi

# the commands and --options of usage(), from the binary itself
"$SIGWATCH" --help >"$TMP/usage" 2>&1
# a command starts a line indented by exactly two spaces
sed -n '/^commands:/,$p' "$TMP/usage" | sed -n 's/^  \([a-z][a-z-]*\).*/\1/p' \
    >"$TMP/commands"
grep -o -- '--[a-z][a-z-]*' "$TMP/usage" | sort -u >"$TMP/options"

# the man page as text, without hyphenation or line-break artefacts
if command -v mandoc >/dev/null 2>&1; then
	MANWIDTH=300 mandoc -Tutf8 "$TOP/man/sigwatch.1" | col -b >"$TMP/man.txt"
else
	cp "$TOP/man/sigwatch.1" "$TMP/man.txt"
fi

test_expect_success 'usage() lists the commands (sanity check of the parser)' '
	cat "$TMP/commands" &&
	test "$(wc -l <"$TMP/commands")" -ge 10 &&
	grep -qx run "$TMP/commands" && grep -qx import-opml "$TMP/commands" &&
	grep -qx -- --dry-run "$TMP/options"
'

test_expect_success 'every command of usage() is documented in sigwatch(1)' '
	while read -r c; do
		grep -q "^\.It Cm $c\b\|^\.Cm $c\$" "$TOP/man/sigwatch.1" ||
		    { echo "command not in the Commands list: $c"; exit 1; }
		grep -q "sigwatch $c\b" "$TMP/man.txt" ||
		    { echo "command not in SYNOPSIS: $c"; exit 1; }
	done <"$TMP/commands"
'

test_expect_success 'every option of usage() is documented in sigwatch(1)' '
	while read -r o; do
		grep -q -- "Fl -${o#--}\b" "$TOP/man/sigwatch.1" ||
		    { echo "option not documented: $o"; exit 1; }
	done <"$TMP/options"
'

test_expect_success 'sigwatch(1) lists every exit code of the README' '
	for c in 0 64 65 66 69 70 73 75 78; do
		grep -q "^\.It $c\$" "$TOP/man/sigwatch.1" ||
		    { echo "exit code $c missing"; exit 1; }
	done
'

test_expect_success 'sigwatch(1) documents every environment variable sigwatch reads' '
	grep -ho "getenv(\"[A-Z_]*\")" "$TOP"/agent/*/*.c | sed "s/getenv(\"\(.*\)\")/\1/" |
	    sort -u | grep -vx HOME >"$TMP/env" &&
	test -s "$TMP/env" &&
	while read -r v; do
		grep -q "^\.It Ev $v\$" "$TOP/man/sigwatch.1" ||
		    { echo "environment variable not documented: $v"; exit 1; }
	done <"$TMP/env" &&
	grep -q "^\.It Ev SIGWATCH_SLACK_WEBHOOK\$" "$TOP/man/sigwatch.1"
'

test_expect_success 'sigwatch(1) has the sections and cross-references it needs' '
	for s in NAME SYNOPSIS DESCRIPTION ENVIRONMENT FILES "EXIT STATUS" EXAMPLES "SEE ALSO"; do
		grep -q "^\.Sh $s\$" "$TOP/man/sigwatch.1" || { echo "no $s"; exit 1; }
	done &&
	for x in "sigwatch-rules 5" "sigwatch-feeds 5" "systemd.service 5"; do
		grep -q "^\.Xr $x" "$TOP/man/sigwatch.1" || { echo "no Xr $x"; exit 1; }
	done
'

test_done
