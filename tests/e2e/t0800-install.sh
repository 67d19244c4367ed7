#!/usr/bin/env bash
# make install into a staging root: binary, man pages, units, and the
# configuration in /etc/sigwatch, rewritten for systemd and never
# overwriting what the user changed (FILE.new instead).
. "$(dirname "$0")/lib.sh"
ROOT=$TMP/root
ETC=$ROOT/etc/sigwatch
UNITS=$ROOT/usr/local/lib/systemd/system

inst() {
	make -s -C "$TOP" B="$B" install DESTDIR="$ROOT" PREFIX=/usr/local \
	    >"$TMP/install.out" 2>&1 || { cat "$TMP/install.out"; return 1; }
}

# the installed binary against the installed config; the state and the
# credentials directory point into $TMP (no /var/lib, no systemd here)
installed_check() {
	mkdir -p "$TMP/creds"
	CREDENTIALS_DIRECTORY="$TMP/creds" "$ROOT/usr/local/bin/sigwatch" \
	    --config "$ETC/sigwatch.yaml" --state "$TMP/state" check
}

sumof() { sha256sum <"$1" | cut -d" " -f1; }

test_expect_success 'make install DESTDIR=... PREFIX=/usr/local' '
	inst &&
	test -x "$ROOT/usr/local/bin/sigwatch" &&
	test -f "$ROOT/usr/local/share/man/man1/sigwatch.1" &&
	for m in "$TOP"/man/*.5; do
		test -f "$ROOT/usr/local/share/man/man5/$(basename "$m")" || exit 1
	done &&
	test -f "$UNITS/sigwatch.service" &&
	test -f "$UNITS/sigwatch.timer" &&
	test -f "$UNITS/sigwatch-failure@.service" &&
	test -f "$UNITS/sigwatch-digest.service" &&
	test -f "$UNITS/sigwatch-digest.timer" &&
	test -f "$ETC/sigwatch.yaml" &&
	test -f "$ETC/rules/playbooks/cloudflare-connect.yaml" &&
	test -f "$ETC/feeds/cloudflare.yaml" &&
	grep -q "systemctl enable --now sigwatch.timer" "$TMP/install.out"
'

test_expect_success 'every default rule and feed file is installed, unchanged' '
	(cd "$TOP" && find rules feeds -type f -name "*.yaml") >"$TMP/list" &&
	test -s "$TMP/list" &&
	while read -r f; do cmp "$TOP/$f" "$ETC/$f" || exit 1; done <"$TMP/list"
'

test_expect_success 'installed config: state in /var/lib/sigwatch, webhook from the credential' '
	grep -q "^state: /var/lib/sigwatch$" "$ETC/sigwatch.yaml" &&
	grep -q "^ *url_file: \$CREDENTIALS_DIRECTORY/slack-webhook$" "$ETC/sigwatch.yaml" &&
	! grep -q "^ *url_env:" "$ETC/sigwatch.yaml" &&
	! grep -q "^state: state$" "$ETC/sigwatch.yaml"
'

test_expect_success 'the installed binary accepts the installed configuration' '
	installed_check >"$TMP/check.out" 2>&1 &&
	grep -q "configuration OK" "$TMP/check.out" &&
	test ! -e "$TMP/state/.git"
'

test_expect_success 'units name the installed binary and the installed config' '
	grep -q "^ExecStart=/usr/local/bin/sigwatch --config /etc/sigwatch/sigwatch.yaml --state \${STATE_DIRECTORY} run$" "$UNITS/sigwatch.service" &&
	grep -q "^LoadCredential=slack-webhook:/etc/sigwatch/slack-webhook$" "$UNITS/sigwatch.service" &&
	grep -q "^OnCalendar=hourly$" "$UNITS/sigwatch.timer" &&
	grep -q "^ExecStart=/usr/local/bin/sigwatch --config /etc/sigwatch/sigwatch.yaml --state \${STATE_DIRECTORY} digest$" "$UNITS/sigwatch-digest.service" &&
	grep -q "^LoadCredential=slack-webhook:/etc/sigwatch/slack-webhook$" "$UNITS/sigwatch-digest.service" &&
	grep -q "^OnCalendar=Mon \*-\*-\* 08:00:00$" "$UNITS/sigwatch-digest.timer"
'

test_expect_success 'another BINDIR is written into ExecStart' '
	make -s -C "$TOP" B="$B" install DESTDIR="$TMP/root2" PREFIX=/opt/sw \
	    >"$TMP/install2.out" 2>&1 &&
	test -x "$TMP/root2/opt/sw/bin/sigwatch" &&
	grep -q "^ExecStart=/opt/sw/bin/sigwatch --config " \
	    "$TMP/root2/opt/sw/lib/systemd/system/sigwatch.service"
'

test_expect_success 'reinstall leaves identical files alone and says nothing about them' '
	touch -d "2001-01-01" "$ETC/rules/zscaler.yaml" &&
	inst &&
	test "$(stat -c %Y "$ETC/rules/zscaler.yaml")" = "$(date -d 2001-01-01 +%s)" &&
	! grep -q "zscaler.yaml" "$TMP/install.out" &&
	test -z "$(find "$ETC" -name "*.new")"
'

test_expect_success 'a rule the user changed is kept; the new default goes to FILE.new' '
	printf "# local tuning\n" >>"$ETC/rules/cloudflare.yaml" &&
	cp "$ETC/rules/cloudflare.yaml" "$TMP/mine.yaml" &&
	inst &&
	cmp "$TMP/mine.yaml" "$ETC/rules/cloudflare.yaml" &&
	cmp "$TOP/rules/cloudflare.yaml" "$ETC/rules/cloudflare.yaml.new" &&
	grep -q "rules/cloudflare.yaml: changed locally, kept; the new default is /etc/sigwatch/rules/cloudflare.yaml.new" "$TMP/install.out" &&
	installed_check >"$TMP/check2.out" 2>&1 &&
	grep -q "configuration OK" "$TMP/check2.out"
'

test_expect_success 'a changed sigwatch.yaml is kept too' '
	sed -i "s/^  concurrency: 32/  concurrency: 8/" "$ETC/sigwatch.yaml" &&
	grep -q "^  concurrency: 8" "$ETC/sigwatch.yaml" &&
	inst &&
	grep -q "^  concurrency: 8" "$ETC/sigwatch.yaml" &&
	grep -q "^  concurrency: 32" "$ETC/sigwatch.yaml.new" &&
	grep -q "^state: /var/lib/sigwatch$" "$ETC/sigwatch.yaml.new"
'

test_expect_success 'a third install does not rewrite FILE.new or the user file' '
	touch -d "2001-01-01" "$ETC/rules/cloudflare.yaml.new" &&
	inst &&
	cmp "$TMP/mine.yaml" "$ETC/rules/cloudflare.yaml" &&
	test "$(stat -c %Y "$ETC/rules/cloudflare.yaml.new")" = "$(date -d 2001-01-01 +%s)" &&
	grep -q "cloudflare.yaml: changed locally; the new default is still in" "$TMP/install.out"
'

test_expect_success 'a file the user deleted is not brought back' '
	rm "$ETC/feeds/news.yaml" &&
	inst &&
	test ! -e "$ETC/feeds/news.yaml" &&
	grep -q "feeds/news.yaml: removed locally, not reinstalled" "$TMP/install.out"
'

test_expect_success 'a file the user never touched follows the new default' '
	# pretend the previous install shipped an older netmaker.yaml
	printf "# older default\n" >"$ETC/rules/netmaker.yaml" &&
	old=$(sumof "$ETC/rules/netmaker.yaml") &&
	sed -i "s|^[0-9a-f]*  rules/netmaker.yaml\$|$old  rules/netmaker.yaml|" "$ETC/.install-sums" &&
	grep -q "^$old  rules/netmaker.yaml$" "$ETC/.install-sums" &&
	inst &&
	cmp "$TOP/rules/netmaker.yaml" "$ETC/rules/netmaker.yaml" &&
	test ! -e "$ETC/rules/netmaker.yaml.new" &&
	grep -q "rules/netmaker.yaml: updated" "$TMP/install.out"
'

test_expect_success 'install never runs systemctl and never writes a secret' '
	mkdir -p "$TMP/fakebin" &&
	printf "#!/bin/sh\necho \"\$@\" >>\"%s\"\n" "$TMP/systemctl.called" >"$TMP/fakebin/systemctl" &&
	chmod +x "$TMP/fakebin/systemctl" &&
	PATH="$TMP/fakebin:$PATH" inst &&
	test ! -e "$TMP/systemctl.called" &&
	! grep -rqi "hooks.slack.com/services/T" "$ETC" "$UNITS" &&
	test ! -e "$ETC/slack-webhook"
'

# tools/pre-commit in a git repository holding the installed /etc/sigwatch
G="git -C $ETC -c user.name=analyst -c user.email=analyst@example.org"
hook_commit() { env -u CREDENTIALS_DIRECTORY SIGWATCH="$SIGWATCH" $G commit -q -m "$1" >"$TMP/hook.out" 2>&1; }

test_expect_success 'pre-commit: a valid configuration commits' '
	git init -q "$ETC" &&
	install -m 0755 "$TOP/tools/pre-commit" "$ETC/.git/hooks/pre-commit" &&
	$G add -A &&
	( unset CREDENTIALS_DIRECTORY; test -z "${CREDENTIALS_DIRECTORY:-}" ) &&
	hook_commit "initial import" &&
	test "$($G rev-list --count HEAD)" = 1
'

test_expect_success 'pre-commit: a staged rule that fails check is refused, with its position' '
	cp "$ETC/rules/zscaler.yaml" "$TMP/zs.good" &&
	printf "id: broken-rule\ntitle: t\ndetection:\n  x: [\"(unclosed\"]\n" >"$ETC/rules/zz-broken.yaml" &&
	$G add rules/zz-broken.yaml &&
	test_must_fail hook_commit "broken rule" &&
	cat "$TMP/hook.out" &&
	grep -q "^rules/zz-broken.yaml:4:[0-9]*: error" "$TMP/hook.out" &&
	grep -q "commit refused" "$TMP/hook.out" &&
	test "$($G rev-list --count HEAD)" = 1 &&
	$G rm -q --cached rules/zz-broken.yaml && rm "$ETC/rules/zz-broken.yaml"
'

test_expect_success 'pre-commit: checks what is staged, not the working tree' '
	printf "# tuned\n" >>"$ETC/rules/zscaler.yaml" &&
	$G add rules/zscaler.yaml &&
	printf "::: not yaml [\n" >>"$ETC/rules/zscaler.yaml" &&
	hook_commit "tune zscaler" &&
	test "$($G rev-list --count HEAD)" = 2 &&
	$G checkout -q -- rules/zscaler.yaml
'

test_expect_success 'pre-commit: a staged Slack webhook URL is refused and not echoed' '
	tok=abcdef; tok="${tok}SECRETtoken42" &&
	printf "# hook: https://hooks.slack.com/services/T0123ABCD/B0456EFGH/%s\n" "$tok" >>"$ETC/feeds/cloudflare.yaml" &&
	$G add feeds/cloudflare.yaml &&
	test_must_fail hook_commit "oops" &&
	cat "$TMP/hook.out" &&
	grep -q "Slack webhook URL" "$TMP/hook.out" &&
	grep -q "^feeds/cloudflare.yaml:[0-9]*:.*hooks.slack.com/services/T0123ABCD/\*\*\*" "$TMP/hook.out" &&
	! grep -q "SECRETtoken42" "$TMP/hook.out" &&
	test "$($G rev-list --count HEAD)" = 2 &&
	$G reset -q -- feeds/cloudflare.yaml && $G checkout -q -- feeds/cloudflare.yaml
'

test_expect_success 'pre-commit: placeholders in comments are not webhook URLs' '
	printf "# url: https://hooks.slack.com/services/...\n" >>"$ETC/feeds/cloudflare.yaml" &&
	$G add feeds/cloudflare.yaml &&
	hook_commit "document the webhook" &&
	test "$($G rev-list --count HEAD)" = 3
'

test_expect_success 'uninstall removes binary, man pages and units, keeps /etc/sigwatch' '
	make -s -C "$TOP" B="$B" uninstall DESTDIR="$ROOT" PREFIX=/usr/local >"$TMP/un.out" 2>&1 &&
	test ! -e "$ROOT/usr/local/bin/sigwatch" &&
	test ! -e "$ROOT/usr/local/share/man/man1/sigwatch.1" &&
	test ! -e "$UNITS/sigwatch.service" &&
	test ! -e "$UNITS/sigwatch-digest.service" &&
	test ! -e "$UNITS/sigwatch-digest.timer" &&
	test -f "$ETC/sigwatch.yaml" &&
	cmp "$TMP/mine.yaml" "$ETC/rules/cloudflare.yaml"
'

# debian/changelog names the package version; it must be the program's
# (debian/rules refuses to build otherwise; this catches it without dpkg-dev)
test_expect_success 'debian/changelog, SIGWATCH_VERSION and sigwatch version agree' '
	src=$(sed -n "s/^#define SIGWATCH_VERSION \"\(.*\)\"$/\1/p" "$TOP/agent/config/config.h") &&
	deb=$(sed -n "1s/^sigwatch (\([^)]*\)) .*/\1/p" "$TOP/debian/changelog") &&
	echo "config.h $src, changelog $deb" &&
	test -n "$src" && test "$src" = "$deb" &&
	test "$("$SIGWATCH" version)" = "sigwatch $src"
'

test_done
