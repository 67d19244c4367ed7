#!/usr/bin/env bash
# The systemd units: `systemd-analyze verify` is clean and
# `systemd-analyze security --offline=true` rates sigwatch.service at an
# exposure level of 2.0 or lower. Skipped (passing, with the reason) when
# systemd-analyze is not installed.
. "$(dirname "$0")/lib.sh"
U=$TOP/systemd
MAX_EXPOSURE=2.0

if ! command -v systemd-analyze >/dev/null 2>&1; then
	say "skipped: systemd-analyze not found (install the systemd package to run these checks)"
	test_expect_success 'unit files exist (systemd-analyze checks skipped)' '
		test -f "$U/sigwatch.service" && test -f "$U/sigwatch.timer" &&
		test -f "$U/sigwatch-failure@.service"
	'
	test_done
	exit
fi

# systemd-analyze verify checks that ExecStart= names an executable: verify
# the copy tools/install-config.sh would install, pointing at the binary
# just built (the same sed as the installer's).
mkdir -p "$TMP/units"
sed "s|^ExecStart=/usr/local/bin/sigwatch |ExecStart=$SIGWATCH |" \
    "$U/sigwatch.service" >"$TMP/units/sigwatch.service"
cp "$U/sigwatch.timer" "$U/sigwatch-failure@.service" "$TMP/units/"
# an instance of the template, as OnFailure= starts it
cp "$U/sigwatch-failure@.service" "$TMP/units/sigwatch-failure@sigwatch.service.service"

# exposure UNITFILE: the number from "Overall exposure level for X: N.N ..."
exposure() {
	systemd-analyze security --offline=true --no-pager "$1" >"$TMP/sec.out" 2>&1
	sed -n 's/.*Overall exposure level for [^:]*: \([0-9][0-9]*\.[0-9]\).*/\1/p' "$TMP/sec.out" | tail -n 1
}

# le A B: A <= B for one-decimal numbers
le() { awk -v a="$1" -v b="$2" 'BEGIN { exit !(a + 0 <= b + 0) }'; }

test_expect_success 'the rewritten ExecStart= names the built binary' '
	grep -q "^ExecStart=$SIGWATCH --config /etc/sigwatch/sigwatch.yaml --state \${STATE_DIRECTORY} run$" "$TMP/units/sigwatch.service" &&
	test -x "$SIGWATCH"
'

# --man=no: the Documentation= man pages are not installed on this host
test_expect_success 'systemd-analyze verify: service and timer' '
	systemd-analyze verify --man=no "$TMP/units/sigwatch.service" \
	    "$TMP/units/sigwatch.timer" >"$TMP/verify.out" 2>&1 ||
	    { cat "$TMP/verify.out"; exit 1; }
	cat "$TMP/verify.out"
	test ! -s "$TMP/verify.out"
'

test_expect_success 'systemd-analyze verify: failure reporter (template and instance)' '
	systemd-analyze verify --man=no "$TMP/units/sigwatch-failure@.service" \
	    "$TMP/units/sigwatch-failure@sigwatch.service.service" \
	    >"$TMP/verify2.out" 2>&1 || { cat "$TMP/verify2.out"; exit 1; }
	cat "$TMP/verify2.out"
	test ! -s "$TMP/verify2.out"
'

test_expect_success "sigwatch.service exposure level <= $MAX_EXPOSURE" '
	e=$(exposure "$U/sigwatch.service") &&
	grep "Overall exposure level" "$TMP/sec.out" &&
	test -n "$e" && le "$e" "$MAX_EXPOSURE"
'

test_expect_success "sigwatch-failure@.service exposure level <= $MAX_EXPOSURE" '
	e=$(exposure "$TMP/units/sigwatch-failure@sigwatch.service.service") &&
	grep "Overall exposure level" "$TMP/sec.out" &&
	test -n "$e" && le "$e" "$MAX_EXPOSURE"
'

test_expect_success 'the score parser sees a weak unit as weak' '
	printf "[Service]\nType=oneshot\nExecStart=/bin/true\n" >"$TMP/units/weak.service" &&
	e=$(exposure "$TMP/units/weak.service") &&
	test -n "$e" && ! le "$e" "$MAX_EXPOSURE"
'

test_expect_success 'service keeps the settings operations rely on' '
	s="$U/sigwatch.service" &&
	for kv in Type=oneshot DynamicUser=yes StateDirectory=sigwatch \
	    StateDirectoryMode=0700 ConfigurationDirectory=sigwatch \
	    LoadCredential=slack-webhook:/etc/sigwatch/slack-webhook \
	    UMask=0077 TimeoutStartSec=20min MemoryMax=512M TasksMax=32 \
	    Nice=10 MemoryDenyWriteExecute=no ProtectSystem=strict \
	    "OnFailure=sigwatch-failure@%n.service" \
	    "RestrictAddressFamilies=AF_INET AF_INET6 AF_UNIX"; do
		grep -qx "$kv" "$s" || { echo "missing: $kv"; exit 1; }
	done &&
	! grep -q "^Environment=.*hooks.slack.com" "$s"
'

test_expect_success 'timer: hourly, randomised, persistent' '
	t="$U/sigwatch.timer" &&
	for kv in OnCalendar=hourly RandomizedDelaySec=15min FixedRandomDelay=yes \
	    Persistent=true AccuracySec=1min WantedBy=timers.target; do
		grep -qx "$kv" "$t" || { echo "missing: $kv"; exit 1; }
	done
'

test_expect_success 'the timer fires hourly (systemd-analyze calendar)' '
	systemd-analyze calendar hourly >"$TMP/cal.out" 2>&1 &&
	grep -q "Normalized form: \*-\*-\* \*:00:00" "$TMP/cal.out"
'

test_done
