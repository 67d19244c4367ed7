#!/usr/bin/env bash
# The documentation stands alone: nothing a user gets (the README, man
# pages, docs/, the configuration installed in /etc/sigwatch, feeds, rules,
# units) cites a file that is not in the repository, and every docs/ page
# the README or the man pages name exists.
. "$(dirname "$0")/lib.sh"

SHIPPED="README.md man docs sigwatch.yaml feeds rules systemd"

test_expect_success 'no shipped file cites DESIGN.md or ../shared' '
	(cd "$TOP" && grep -rnI -e "DESIGN\.md" -e "\.\./shared" $SHIPPED) >"$TMP/hits" || true
	cat "$TMP/hits" && test ! -s "$TMP/hits"
'

test_expect_success 'the grep above finds a citation when there is one' '
	mkdir -p "$TMP/probe" && echo "see DESIGN.md section 3" >"$TMP/probe/x.yaml" &&
	echo "corpus in ../shared/corpus" >"$TMP/probe/y.md" &&
	test "$(grep -rlI -e "DESIGN\.md" -e "\.\./shared" "$TMP/probe" | wc -l)" = 2
'

test_expect_success 'every docs/*.md named by the README and the man pages exists' '
	(cd "$TOP" && grep -ohE "docs/[a-z0-9_-]+\.md" README.md man/* docs/*.md sigwatch.yaml) |
	    sort -u >"$TMP/named" &&
	grep -qx docs/formats.md "$TMP/named" &&
	while read -r f; do test -f "$TOP/$f" || { echo "missing: $f"; exit 1; }; done <"$TMP/named"
'

test_expect_success 'docs/formats.md covers what users need' '
	for h in "Configuration" "Scheduling" "Items" "sigwatch parse" "Extraction failures" \
	    "Rules and playbooks" "The state directory" "A hit line" "Alerts" "Exit codes"; do
		grep -q "^##.*$h" "$TOP/docs/formats.md" || { echo "no section: $h"; exit 1; }
	done
'

test_expect_success 'make install puts docs/formats.md beside the README' '
	make -s -C "$TOP" B="$B" install DESTDIR="$TMP/root" PREFIX=/usr/local \
	    SYSCONFDIR=/etc >/dev/null 2>&1 &&
	test -f "$TMP/root/usr/local/share/doc/sigwatch/formats.md" &&
	test -f "$TMP/root/usr/local/share/doc/sigwatch/README.md" &&
	! grep -rnI -e "DESIGN\.md" -e "\.\./shared" "$TMP/root/etc/sigwatch"
'

test_done
