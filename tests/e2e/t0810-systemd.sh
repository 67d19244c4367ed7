#!/usr/bin/env bash
# Deployment definitions. The systemd units: `systemd-analyze verify` is
# clean and `systemd-analyze security --offline=true` rates
# sigwatch.service at an exposure level of 2.0 or lower (skipped, passing,
# with the reason, when systemd-analyze is not installed). The Kubernetes
# manifest of docs/kubernetes.md parses and has the documented shape (the
# shards' Indexed Job, then the playbooks step over every shard), and
# `run --shard I/N` splits sources by FNV-1a 64 as documented.
. "$(dirname "$0")/lib.sh"
U=$TOP/systemd
MAX_EXPOSURE=2.0

K8S=$TOP/docs/k8s/sigwatch-cronjob.yaml

test_expect_success 'the Kubernetes manifest parses and has the documented shape' '
	"$PY" - "$K8S" <<-PYEOF
	import sys
	try:
	    import yaml
	except ImportError:
	    yaml = None
	text = open(sys.argv[1]).read()
	if yaml is None:
	    # structural check only: the keys the documentation relies on
	    for k in ("kind: CronJob", "completionMode: Indexed", "concurrencyPolicy: Forbid",
	              "\$(JOB_COMPLETION_INDEX)/", "secretName: sigwatch-slack",
	              "name: sigwatch-playbooks", "- playbooks"):
	        assert k in text, k
	    print("PyYAML missing: structural check only")
	    sys.exit(0)
	docs = [d for d in yaml.safe_load_all(text) if d]
	objs = {(d["kind"], d["metadata"]["name"]): d for d in docs}
	assert set(objs) == {("PersistentVolumeClaim", "sigwatch-state"), ("CronJob", "sigwatch"),
	                     ("CronJob", "sigwatch-playbooks"), ("NetworkPolicy", "sigwatch")}, objs.keys()
	cj = objs[("CronJob", "sigwatch")]["spec"]
	assert cj["concurrencyPolicy"] == "Forbid"
	job = cj["jobTemplate"]["spec"]
	n = job["completions"]
	assert job["completionMode"] == "Indexed" and job["parallelism"] == n, job
	def checked(pod):
	    assert pod["restartPolicy"] == "Never"
	    c = pod["containers"][0]
	    env = {e["name"]: e.get("value") for e in c["env"]}
	    mounts = {m["mountPath"]: m["name"] for m in c["volumeMounts"]}
	    vols = {v["name"]: v for v in pod["volumes"]}
	    cred = env["CREDENTIALS_DIRECTORY"]
	    assert "secret" in vols[mounts[cred]], "webhook must come from a Secret file"
	    assert not any("SLACK" in k for k in env), "no webhook in the environment"
	    assert c["securityContext"]["readOnlyRootFilesystem"] is True
	    assert c["securityContext"]["capabilities"]["drop"] == ["ALL"]
	    return c
	c = checked(job["template"]["spec"])
	args = c["args"]
	i = args.index("run")
	assert args[i + 1:i + 3] == ["--shard", "\$(JOB_COMPLETION_INDEX)/%d" % n], args
	assert args[args.index("--state") + 1] == "/state/shard-\$(JOB_COMPLETION_INDEX)", args
	# the playbooks step: after the shards of its hour, over every shard
	pj = objs[("CronJob", "sigwatch-playbooks")]["spec"]
	assert pj["concurrencyPolicy"] == "Forbid"
	pjob = pj["jobTemplate"]["spec"]
	assert pjob.get("completions", 1) == 1 and "completionMode" not in pjob, pjob
	sc = checked(pjob["template"]["spec"])
	pargs = sc["args"]
	i = pargs.index("playbooks")
	froms = [pargs[k + 1] for k in range(i, len(pargs)) if pargs[k] == "--from"]
	mounts = {m["mountPath"]: m for m in sc["volumeMounts"]}
	ro = [p for p, m in mounts.items() if m["name"] == "state" and m.get("readOnly")]
	assert len(ro) == 1, "the shards mounted read-only once"
	assert froms == ["%s/shard-%d" % (ro[0], k) for k in range(n)], froms
	own = pargs[pargs.index("--state") + 1]
	assert mounts[own]["name"] == "state" and mounts[own].get("subPath") == "playbooks" \
	    and not mounts[own].get("readOnly"), mounts[own]
	# the shards start by minute m0 + startingDeadlineSeconds and stop by
	# activeDeadlineSeconds later: the step starts after that, same hour
	m0 = int(cj["schedule"].split()[0])
	m1 = int(pj["schedule"].split()[0])
	assert cj["schedule"].split()[1:] == pj["schedule"].split()[1:] == ["*"] * 4
	latest = m0 * 60 + cj["startingDeadlineSeconds"] + job["activeDeadlineSeconds"]
	assert latest < m1 * 60 < 3600, (latest, m1)
	assert m1 * 60 + pj["startingDeadlineSeconds"] + pjob["activeDeadlineSeconds"] <= 3600 + m0 * 60
	print("manifest OK: %d shards" % n)
	PYEOF
'

# --shard I/N: the sources of shard I are those whose id's FNV-1a 64 hash
# is I mod N (man sigwatch, docs/kubernetes.md); count the fetches of each
# shard of eight unreachable loopback sources in dry runs
mkdir -p "$TMP/shard/feeds" "$TMP/shard/rules"
{
	echo "sources:"
	for s in alpha beta gamma delta epsilon zeta eta theta; do
		printf '  - id: %s\n    url: http://127.0.0.1:9/%s\n    kind: feed\n' "$s" "$s"
	done
} >"$TMP/shard/feeds/t.yaml"
printf 'id: r1\ntitle: t\ndetection:\n  s: [foo]\n' >"$TMP/shard/rules/r.yaml"
printf 'rules: rules\nfeeds: feeds\nstate: state\nfetch:\n  allow_private_addresses: true\n  timeout: 2s\n  connect_timeout: 1s\nalerts:\n  notifiers:\n    - name: out\n      type: stdout\n' \
    >"$TMP/shard/sigwatch.yaml"

test_expect_success 'run --shard I/N splits the sources by FNV-1a 64 of their id' '
	"$PY" - >"$TMP/shard/want" <<-PYEOF
	def fnv1a64(s):
	    h = 0xcbf29ce484222325
	    for b in s.encode():
	        h = ((h ^ b) * 0x100000001b3) % 2**64
	    return h
	ids = "alpha beta gamma delta epsilon zeta eta theta".split()
	print(" ".join(str(sum(1 for s in ids if fnv1a64(s) % 4 == i)) for i in range(4)))
	PYEOF
	got= &&
	for i in 0 1 2 3; do
		timeout 60 "$SIGWATCH" -v --config "$TMP/shard/sigwatch.yaml" run --dry-run \
		    --shard $i/4 >"$TMP/shard/out$i" 2>&1 || true
		got="$got $(grep -c "fetch url=" "$TMP/shard/out$i")"
	done &&
	echo "fetches per shard: want $(cat "$TMP/shard/want"), got$got" &&
	test "$(cat "$TMP/shard/want")" = "${got# }" &&
	test ! -e "$TMP/shard/state/.git"
'

if ! command -v systemd-analyze >/dev/null 2>&1; then
	test_skip 'systemd-analyze verify and security' 'systemd-analyze not found; make deps installs systemd'
	test_expect_success 'unit files exist (systemd-analyze checks skipped)' '
		test -f "$U/sigwatch.service" && test -f "$U/sigwatch.timer" &&
		test -f "$U/sigwatch-failure@.service" &&
		test -f "$U/sigwatch-digest.service" &&
		test -f "$U/sigwatch-digest.timer"
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
sed "s|^ExecStart=/usr/local/bin/sigwatch |ExecStart=$SIGWATCH |" \
    "$U/sigwatch-digest.service" >"$TMP/units/sigwatch-digest.service"
cp "$U/sigwatch.timer" "$U/sigwatch-digest.timer" \
    "$U/sigwatch-failure@.service" "$TMP/units/"
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

test_expect_success 'systemd-analyze verify: digest service and timer' '
	systemd-analyze verify --man=no "$TMP/units/sigwatch-digest.service" \
	    "$TMP/units/sigwatch-digest.timer" >"$TMP/verify3.out" 2>&1 ||
	    { cat "$TMP/verify3.out"; exit 1; }
	cat "$TMP/verify3.out"
	test ! -s "$TMP/verify3.out"
'

test_expect_success "sigwatch-digest.service exposure level <= $MAX_EXPOSURE" '
	e=$(exposure "$U/sigwatch-digest.service") &&
	grep "Overall exposure level" "$TMP/sec.out" &&
	test -n "$e" && le "$e" "$MAX_EXPOSURE"
'

# The digest unit is hardened exactly like the run unit: every setting of
# sigwatch.service but what it runs and how it retries is in it too.
test_expect_success 'the digest unit has every setting of the run unit' '
	grep -E "^[A-Z][A-Za-z]*=" "$U/sigwatch.service" |
	    grep -vE "^(Description|ExecStart|SuccessExitStatus)=" >"$TMP/run.settings" &&
	test "$(wc -l <"$TMP/run.settings")" -gt 40 &&
	while IFS= read -r kv; do
		grep -qxF "$kv" "$U/sigwatch-digest.service" || { echo "missing: $kv"; exit 1; }
	done <"$TMP/run.settings" &&
	grep -qx "ExecStart=/usr/local/bin/sigwatch --config /etc/sigwatch/sigwatch.yaml --state \${STATE_DIRECTORY} digest" "$U/sigwatch-digest.service" &&
	grep -qx "User=sigwatch" "$U/sigwatch-digest.service" &&
	grep -qx "Restart=on-failure" "$U/sigwatch-digest.service"
'

test_expect_success 'digest timer: weekly, Monday 08:00, persistent' '
	t="$U/sigwatch-digest.timer" &&
	for kv in "OnCalendar=Mon *-*-* 08:00:00" Persistent=true \
	    WantedBy=timers.target; do
		grep -qxF "$kv" "$t" || { echo "missing: $kv"; exit 1; }
	done &&
	systemd-analyze calendar "Mon *-*-* 08:00:00" >"$TMP/cal2.out" 2>&1 &&
	grep -q "Normalized form: Mon \*-\*-\* 08:00:00" "$TMP/cal2.out"
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
	    Wants=time-sync.target After=time-sync.target \
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
