#!/usr/bin/env bash
# The Debian package (debian/, make deb): build it, inspect it (dpkg-deb,
# conffiles, lintian), install it with apt-get into THIS system, run
# `sigwatch check` as sigwatch.service would, upgrade it over an edited
# rule (dpkg must ask), then remove and purge it and show that nothing is
# left but the state directory.
#
# It changes the system it runs on, so outside CI it runs only as root
# with SIGWATCH_TEST_DEB=1, and never over an installed sigwatch. In CI
# (CI set) it always runs: a skip there would hide a broken package.
. "$(dirname "$0")/lib.sh"

skip() {
	say "skipped: $*"
	test_done
	exit 0
}
if [ -z "${CI:-}" ]; then
	[ "$(id -u)" -eq 0 ] ||
	    skip "installs and purges a package in this system: needs root and SIGWATCH_TEST_DEB=1"
	[ -n "${SIGWATCH_TEST_DEB:-}" ] ||
	    skip "installs and purges a package in this system: set SIGWATCH_TEST_DEB=1 (as root) to run it"
fi
if [ "$(id -u)" -ne 0 ]; then
	test_expect_success 'running as root (CI must run this test as root)' 'false'
	test_done
	exit 1
fi
if [ "$SANITIZED" = 1 ]; then
	skip "the package is built from the sources, not from this sanitizer build (the plain build runs it)"
fi

VERSION=$(sed -n 's/^#define SIGWATCH_VERSION "\(.*\)"$/\1/p' "$TOP/agent/config/config.h")
ARCH=$(dpkg --print-architecture)
DEB=$TOP/build/deb/sigwatch_${VERSION}_${ARCH}.deb
ETC=/etc/sigwatch
UNIT=/lib/systemd/system/sigwatch.service
WANTS=/etc/systemd/system/timers.target.wants/sigwatch.timer
# a UID in systemd's DynamicUser= range with no passwd entry, like the
# one the unit runs as
DYN_UID=61999
export DEBIAN_FRONTEND=noninteractive
installed=0	# this script installed the package: purge it on exit
made_state=0	# this script made the state directories: remove them on exit
made_private=0

deb_cleanup() {
	if [ "$installed" = 1 ]; then
		apt-get purge -y -q sigwatch >/dev/null 2>&1 ||
		    dpkg --purge --force-all sigwatch >/dev/null 2>&1
	fi
	if [ "$made_state" = 1 ]; then
		rm -rf /var/lib/private/sigwatch
		rm -f /var/lib/sigwatch
	fi
	[ "$made_private" = 1 ] && rmdir /var/lib/private 2>/dev/null
	cleanup
}
trap deb_cleanup EXIT
trap 'exit 1' HUP INT TERM

# what sigwatch may leave on the system: paths outside the package
# manager's own bookkeeping, caches and logs
snapshot() {
	find /etc /usr /lib /opt /srv /var/lib -xdev 2>/dev/null |
	    grep -Ev '^/var/lib/(dpkg|apt|ucf|man-db)(/|$)' |
	    awk -v top="$TOP/" 'index($0, top) != 1' | LC_ALL=C sort
}

test_expect_success 'no sigwatch installed yet (this test would replace it)' '
	! dpkg-query -W -f="\${Status}" sigwatch 2>/dev/null | grep -q . &&
	test ! -e $ETC && test ! -e /usr/bin/sigwatch && test ! -e $UNIT &&
	test ! -e /var/lib/sigwatch && test ! -L /var/lib/sigwatch &&
	test ! -e /var/lib/private/sigwatch &&
	! getent passwd $DYN_UID >/dev/null
'
[ "$t_fail" -eq 0 ] || { test_done; exit 1; }
[ -e /var/lib/private ] || made_private=1
snapshot >"$TMP/before"

test_expect_success "make deb builds sigwatch_${VERSION}_${ARCH}.deb" '
	t0=$(date +%s) &&
	make -s -C "$TOP" deb >"$TMP/make-deb.out" 2>&1 ||
	    { tail -n 40 "$TMP/make-deb.out"; exit 1; }
	echo "make deb: $(( $(date +%s) - t0 )) s" &&
	test -s "$DEB" &&
	test "$(dpkg-deb -f "$DEB" Package)" = sigwatch &&
	test "$(dpkg-deb -f "$DEB" Architecture)" = "$ARCH"
'

test_expect_success 'package, changelog and program agree on the version' '
	test -n "$VERSION" &&
	test "$(dpkg-deb -f "$DEB" Version)" = "$VERSION" &&
	test "$(cd "$TOP" && dpkg-parsechangelog -S Version)" = "$VERSION"
'

test_expect_success 'contents: binary, man pages, units, configuration, docs; no state' '
	dpkg-deb -c "$DEB" | awk "{ print \$6 }" | sed "s|^\./|/|" >"$TMP/files" &&
	for f in /usr/bin/sigwatch \
	    /usr/share/man/man1/sigwatch.1.gz \
	    /usr/share/man/man5/sigwatch-rules.5.gz \
	    /usr/share/man/man5/sigwatch-feeds.5.gz \
	    /lib/systemd/system/sigwatch.service \
	    /lib/systemd/system/sigwatch.timer \
	    "/lib/systemd/system/sigwatch-failure@.service" \
	    $ETC/sigwatch.yaml \
	    $ETC/rules/playbooks/zscaler-acquisition.yaml \
	    $ETC/feeds/news.yaml \
	    /usr/share/doc/sigwatch/README.md.gz \
	    /usr/share/doc/sigwatch/README.Debian \
	    /usr/share/doc/sigwatch/copyright; do
		grep -qxF "$f" "$TMP/files" || { echo "missing: $f"; exit 1; }
	done &&
	! grep -E "^/var/lib|\.install-sums|/usr/local" "$TMP/files"
'

test_expect_success 'conffiles: sigwatch.yaml and every default rule and feed' '
	dpkg-deb --ctrl-tarfile "$DEB" | tar -xOf - ./conffiles | LC_ALL=C sort >"$TMP/conffiles" &&
	{ echo $ETC/sigwatch.yaml;
	  (cd "$TOP" && find rules feeds -type f -name "*.yaml") | sed "s|^|$ETC/|"; } |
	    LC_ALL=C sort >"$TMP/want-conffiles" &&
	test_cmp "$TMP/want-conffiles" "$TMP/conffiles"
'

test_expect_success 'Depends comes from the shared libraries' '
	dep=$(dpkg-deb -f "$DEB" Depends) && echo "$dep" &&
	for l in libc6 libcurl4 libgit2 libpcre2-8 libxml2 libyaml libjansson; do
		echo "$dep" | grep -q "$l" || { echo "no $l"; exit 1; }
	done &&
	! echo "$dep" | grep -q "\\$"
'

test_expect_success 'lintian: no errors, no warnings' '
	lintian --fail-on error,warning "$DEB" >"$TMP/lintian.out" 2>&1 ||
	    { cat "$TMP/lintian.out"; exit 1; }
	! grep -E "^[EW]: " "$TMP/lintian.out"
'

installed=1
test_expect_success 'apt-get install ./build/deb/sigwatch_*.deb' '
	(cd "$TOP" && apt-get install -y -q --no-install-recommends \
	    "./build/deb/$(basename "$DEB")") >"$TMP/apt.out" 2>&1 ||
	    { cat "$TMP/apt.out"; exit 1; }
	dpkg-query -W -f="\${Status} \${Version}\n" sigwatch | grep -qx "install ok installed $VERSION" &&
	test "$(/usr/bin/sigwatch version)" = "sigwatch $VERSION" &&
	dpkg -L sigwatch | grep -qx /usr/bin/sigwatch &&
	test -f /usr/share/man/man5/sigwatch-rules.5.gz
'
[ "$t_fail" -eq 0 ] || { test_done; exit 1; }

test_expect_success 'installed config: rules and feeds in /etc/sigwatch, state in /var/lib/sigwatch' '
	grep -qx "state: /var/lib/sigwatch" $ETC/sigwatch.yaml &&
	grep -qx "rules: rules" $ETC/sigwatch.yaml &&
	grep -qx "feeds: feeds" $ETC/sigwatch.yaml &&
	grep -q "^ *url_file: \$CREDENTIALS_DIRECTORY/slack-webhook$" $ETC/sigwatch.yaml &&
	test ! -e $ETC/.install-sums &&
	test ! -e /var/lib/sigwatch
'

test_expect_success 'the unit runs the installed binary on the installed config' '
	grep -q "^ExecStart=/usr/bin/sigwatch --config $ETC/sigwatch.yaml --state \${STATE_DIRECTORY} run$" $UNIT &&
	grep -qx "DynamicUser=yes" $UNIT && grep -qx "StateDirectory=sigwatch" $UNIT &&
	grep -qx "LoadCredential=slack-webhook:$ETC/slack-webhook" $UNIT
'

# sigwatch check with the unit's command line, as the unit's user (a
# dynamic UID: an unprivileged one with no passwd entry), from / , with the
# environment systemd gives it: $CREDENTIALS_DIRECTORY holding the
# webhook the unit loads (readable by that user only) and
# $STATE_DIRECTORY.
test_expect_success 'sigwatch check as sigwatch.service runs it' '
	cmd=$(sed -n "s/^ExecStart=//p" $UNIT) &&
	case $cmd in *" run") ;; *) echo "unexpected ExecStart: $cmd"; exit 1 ;; esac &&
	cmd=${cmd% run} &&
	cmd=${cmd//\$\{STATE_DIRECTORY\}//var/lib/sigwatch} &&
	creds=$TMP/credentials/sigwatch.service &&
	mkdir -p "$creds" &&
	echo "https://hooks.slack.example/services/T0/B0/test" >"$creds/slack-webhook" &&
	chown -R $DYN_UID:$DYN_UID "$TMP/credentials" && chmod 0500 "$creds" &&
	chmod 0400 "$creds/slack-webhook" && chmod 0755 "$TMP" &&
	(cd / && setpriv --reuid=$DYN_UID --regid=$DYN_UID --clear-groups \
	    --inh-caps=-all --bounding-set=-all env -i PATH=/usr/bin:/bin \
	    CREDENTIALS_DIRECTORY="$creds" STATE_DIRECTORY=/var/lib/sigwatch \
	    $cmd check) >"$TMP/check.out" 2>&1 ||
	    { cat "$TMP/check.out"; exit 1; }
	cat "$TMP/check.out" &&
	want=$(/usr/bin/sigwatch --config "$TOP/sigwatch.yaml" check 2>&1) &&
	echo "$want" | grep -q "^configuration OK" &&
	test "$(cat "$TMP/check.out")" = "$want" &&
	test ! -e /var/lib/sigwatch
'

test_expect_success 'sigwatch.timer enabled at install; sigwatch.service not enabled, not started' '
	test -L $WANTS &&
	test "$(readlink $WANTS)" = /lib/systemd/system/sigwatch.timer &&
	! find /etc/systemd/system -name sigwatch.service | grep -q . &&
	if [ -d /run/systemd/system ]; then
		test "$(systemctl is-enabled sigwatch.timer)" = enabled &&
		test "$(systemctl is-active sigwatch.timer)" = active &&
		! systemctl is-active --quiet sigwatch.service
	else
		echo "systemd is not PID 1 here: systemctl checks skipped"
	fi
'

# a state like the one systemd makes for DynamicUser= + StateDirectory=
# on the first run: /var/lib/private/sigwatch (0700, the dynamic UID),
# reached through the link /var/lib/sigwatch; a real repository made by
# one (offline) run
made_state=1
test_expect_success 'a state repository, as the first timer run leaves it' '
	install -d -m 0700 /var/lib/private &&
	install -d -m 0700 /var/lib/private/sigwatch &&
	ln -s private/sigwatch /var/lib/sigwatch &&
	mkdir -p "$TMP/nofeeds" &&
	/usr/bin/sigwatch --config $ETC/sigwatch.yaml --feeds "$TMP/nofeeds" \
	    --state /var/lib/sigwatch run >"$TMP/run.out" 2>&1 ||
	    { cat "$TMP/run.out"; exit 1; }
	chown -R $DYN_UID:$DYN_UID /var/lib/private/sigwatch &&
	git -C /var/lib/private/sigwatch -c safe.directory="*" rev-parse HEAD >"$TMP/state-head"
'

# dpkg's conffile handling: an edited rule is never overwritten without
# asking; an unedited one follows the package. A second version is made by
# repacking this one with both files changed.
test_expect_success 'upgrade: dpkg asks before replacing an edited rule, keeps it on request' '
	echo "# local edit" >>$ETC/rules/twingate.yaml &&
	cp $ETC/rules/twingate.yaml "$TMP/edited" &&
	rm -rf "$TMP/pkg" && dpkg-deb -R "$DEB" "$TMP/pkg" &&
	echo "# changed upstream" >>"$TMP/pkg$ETC/rules/twingate.yaml" &&
	echo "# changed upstream" >>"$TMP/pkg$ETC/feeds/news.yaml" &&
	sed -i "s/^Version: .*/Version: ${VERSION}+t0830/" "$TMP/pkg/DEBIAN/control" &&
	dpkg-deb --root-owner-group -b "$TMP/pkg" "$TMP/new.deb" >/dev/null &&
	test_must_fail dpkg -i "$TMP/new.deb" </dev/null >"$TMP/upgrade.out" 2>&1 &&
	grep -q "Configuration file .$ETC/rules/twingate.yaml." "$TMP/upgrade.out" &&
	dpkg --force-confold --configure sigwatch </dev/null >"$TMP/configure.out" 2>&1 ||
	    { cat "$TMP/upgrade.out" "$TMP/configure.out"; exit 1; }
	test_cmp "$TMP/edited" $ETC/rules/twingate.yaml &&
	cmp "$TMP/pkg$ETC/rules/twingate.yaml" $ETC/rules/twingate.yaml.dpkg-dist &&
	cmp "$TMP/pkg$ETC/feeds/news.yaml" $ETC/feeds/news.yaml &&
	dpkg-query -W -f="\${Status} \${Version}\n" sigwatch | grep -qx "install ok installed ${VERSION}+t0830"
'

test_expect_success 'apt-get remove: program and units gone, configuration kept' '
	install -m 0600 /dev/null $ETC/slack-webhook &&
	echo "https://hooks.slack.example/services/T0/B0/test" >$ETC/slack-webhook &&
	apt-get remove -y -q sigwatch >"$TMP/remove.out" 2>&1 ||
	    { cat "$TMP/remove.out"; exit 1; }
	test ! -e /usr/bin/sigwatch && test ! -e $UNIT &&
	test -f $ETC/sigwatch.yaml && test -f $ETC/slack-webhook &&
	dpkg-query -W -f="\${Status}\n" sigwatch | grep -qx "deinstall ok config-files"
'

test_expect_success 'apt-get purge: nothing is left but the state' '
	apt-get purge -y -q sigwatch >"$TMP/purge.out" 2>&1 ||
	    { cat "$TMP/purge.out"; exit 1; }
	! grep -i "warning" "$TMP/purge.out" &&
	! dpkg-query -W sigwatch >/dev/null 2>&1 &&
	test_must_fail dpkg -L sigwatch >/dev/null 2>&1 &&
	test ! -e $ETC && test ! -e /usr/bin/sigwatch && test ! -e $UNIT &&
	test ! -e $WANTS && test ! -L $WANTS &&
	! ls /var/lib/dpkg/info/sigwatch.* 2>/dev/null &&
	snapshot >"$TMP/after" &&
	comm -13 "$TMP/before" "$TMP/after" >"$TMP/new" &&
	comm -23 "$TMP/before" "$TMP/after" >"$TMP/gone" &&
	cat "$TMP/new" &&
	! grep -Ev "^/var/lib/(sigwatch|private|private/sigwatch(/.*)?)$" "$TMP/new" &&
	! grep . "$TMP/gone"
'
dpkg-query -W sigwatch >/dev/null 2>&1 || installed=0

test_expect_success 'purge kept the state repository intact' '
	test -L /var/lib/sigwatch &&
	test "$(stat -c %u /var/lib/private/sigwatch)" = $DYN_UID &&
	git -C /var/lib/private/sigwatch -c safe.directory="*" rev-parse HEAD >"$TMP/state-head2" &&
	test_cmp "$TMP/state-head" "$TMP/state-head2"
'

test_done
