#!/bin/sh
# Install sigwatch's configuration and systemd units (called by
# `make install`; it can also be run by hand from the source tree).
#
# Environment (all optional):
#   DESTDIR     staging root (packaging); default empty
#   SYSCONFDIR  default /etc: the configuration goes to $SYSCONFDIR/sigwatch
#   UNITDIR     default /usr/local/lib/systemd/system
#   BINDIR      default /usr/local/bin: written into ExecStart=
#   STATEDIR    default /var/lib/sigwatch: the `state:` of the installed
#               configuration (StateDirectory=sigwatch of the unit)
#   CONFFILES   default "self": handle the configuration as described
#               below; "dpkg" (debian/rules): stage fresh files only,
#               write no .install-sums and print no next steps, because
#               dpkg tracks its conffiles itself
#
# Configuration files are conffiles, handled like dpkg does:
#   - a file that does not exist yet is installed;
#   - a file identical to the new default is left alone;
#   - a file the user has not changed since the last install (its checksum
#     is still the one recorded in $SYSCONFDIR/sigwatch/.install-sums) is
#     replaced by the new default;
#   - a file the user changed is NEVER overwritten: the new default is
#     written beside it as FILE.new (sigwatch reads only *.yaml, so a
#     .new file is inert) and a line says so;
#   - a file installed before and deleted since is not brought back.
#
# The installed sigwatch.yaml is the repository's default with two changes
# for running from /etc under systemd:
#   state: state               ->  state: /var/lib/sigwatch
#   url_env: SIGWATCH_SLACK_WEBHOOK
#                              ->  url_file: $CREDENTIALS_DIRECTORY/slack-webhook
# (the unit's LoadCredential=slack-webhook:... provides that file).
#
# Units are always replaced (local changes belong in drop-ins under
# /etc/systemd/system/sigwatch.service.d/). This script never runs
# systemctl; it prints the commands to run.
set -eu

top=$(cd "$(dirname "$0")/.." && pwd)
DESTDIR=${DESTDIR:-}
SYSCONFDIR=${SYSCONFDIR:-/etc}
UNITDIR=${UNITDIR:-/usr/local/lib/systemd/system}
BINDIR=${BINDIR:-/usr/local/bin}
STATEDIR=${STATEDIR:-/var/lib/sigwatch}
CONFFILES=${CONFFILES:-self}

etc=$SYSCONFDIR/sigwatch		# as the running system sees it
dest=$DESTDIR$etc			# where the files go now
udest=$DESTDIR$UNITDIR
sums=$dest/.install-sums
newsums=
work=

die() {
	printf 'install-config: %s\n' "$*" >&2
	exit 1
}

cleanup() {
	[ -n "$work" ] && rm -rf "$work"
	return 0
}
trap cleanup EXIT
trap 'exit 1' HUP INT TERM

for p in "$SYSCONFDIR" "$UNITDIR" "$BINDIR" "$STATEDIR"; do
	case $p in
	/*) ;;
	*) die "'$p' is not an absolute path" ;;
	esac
	# these land in sed replacements and unit files
	case $p in
	*[!A-Za-z0-9/._+-]*) die "'$p': unsupported character in path" ;;
	esac
done
case $CONFFILES in
self) ;;
dpkg)
	# a staging tree of its own: nothing of a previous install to respect
	[ -n "$DESTDIR" ] || die "CONFFILES=dpkg needs DESTDIR (a package staging tree)"
	[ ! -e "$DESTDIR$SYSCONFDIR/sigwatch" ] ||
	    die "CONFFILES=dpkg: $DESTDIR$SYSCONFDIR/sigwatch exists already"
	;;
*) die "CONFFILES must be 'self' or 'dpkg', not '$CONFFILES'" ;;
esac

umask 022
work=$(mktemp -d "${TMPDIR:-/tmp}/sigwatch-install.XXXXXX")
newsums=$work/sums

sum() {
	sha256sum <"$1" | cut -d' ' -f1
}

# recorded checksum of REL from the previous install, or nothing
old_sum() {
	[ -f "$sums" ] || return 0
	awk -v f="$1" '{ p = $0; sub(/^[^ ]+  /, "", p); if (p == f) { print $1; exit } }' "$sums"
}

# atomic install of SRC as DST, mode 0644
put() {
	install -m 0644 "$1" "$2.tmp.$$"
	mv -f "$2.tmp.$$" "$2"
}

# conffile SRC REL: install SRC as $dest/REL by the rules above
conffile() {
	src=$1
	rel=$2
	dst=$dest/$rel
	new=$(sum "$src")
	old=$(old_sum "$rel")
	printf '%s  %s\n' "$new" "$rel" >>"$newsums"
	install -d -m 0755 "$(dirname "$dst")"
	if [ ! -e "$dst" ] && [ ! -L "$dst" ]; then
		if [ -n "$old" ]; then
			echo "  $etc/$rel: removed locally, not reinstalled"
			return 0
		fi
		put "$src" "$dst"
		echo "  $etc/$rel: installed"
		return 0
	fi
	if [ -L "$dst" ] || [ ! -f "$dst" ]; then
		# a symbolic link or something else the user put there: theirs
		[ -d "$dst" ] && die "$dst is a directory"
		put "$src" "$dst.new"
		echo "  $etc/$rel: not a plain file, kept; the new default is $etc/$rel.new"
		return 0
	fi
	cur=$(sum "$dst")
	if [ "$cur" = "$new" ]; then
		rm -f "$dst.new"
		return 0
	fi
	if [ -n "$old" ] && [ "$cur" = "$old" ]; then
		put "$src" "$dst"
		rm -f "$dst.new"
		echo "  $etc/$rel: updated (you had not changed it)"
		return 0
	fi
	if [ -f "$dst.new" ] && [ "$(sum "$dst.new")" = "$new" ]; then
		echo "  $etc/$rel: changed locally; the new default is still in $rel.new"
		return 0
	fi
	put "$src" "$dst.new"
	echo "  $etc/$rel: changed locally, kept; the new default is $etc/$rel.new"
}

# --- sigwatch.yaml, rewritten for /etc + systemd ---------------------------
cfg=$work/sigwatch.yaml
{
	echo "# Installed by sigwatch's tools/install-config.sh for use under"
	echo "# systemd (sigwatch.service): state in $STATEDIR, the Slack webhook"
	echo "# URL from the credential \$CREDENTIALS_DIRECTORY/slack-webhook"
	echo "# (LoadCredential=slack-webhook:$etc/slack-webhook). Run by hand:"
	echo "#   sudo CREDENTIALS_DIRECTORY=$etc sigwatch status"
	echo "#"
	sed -e "s|^state:[ ]*state[ ]*\$|state: $STATEDIR|" \
	    -e 's|^\([ ]*\)url_env:[ ]*SIGWATCH_SLACK_WEBHOOK[ ]*$|\1url_file: $CREDENTIALS_DIRECTORY/slack-webhook|' \
	    "$top/sigwatch.yaml"
} >"$cfg"
grep -q "^state: $STATEDIR\$" "$cfg" ||
    die "sigwatch.yaml has no 'state: state' line to rewrite"
grep -q '^[ ]*url_file: \$CREDENTIALS_DIRECTORY/slack-webhook$' "$cfg" ||
    die "sigwatch.yaml has no 'url_env: SIGWATCH_SLACK_WEBHOOK' line to rewrite"

echo "configuration in $dest:"
install -d -m 0755 "$dest"
conffile "$cfg" sigwatch.yaml
for d in rules feeds; do
	(cd "$top" && find "$d" -type f -name '*.yaml' | LC_ALL=C sort) >"$work/list"
	while IFS= read -r rel; do
		conffile "$top/$rel" "$rel"
	done <"$work/list"
done
if [ "$CONFFILES" = self ]; then
	put "$newsums" "$sums"
fi

# --- systemd units --------------------------------------------------------
echo "systemd units in $udest:"
install -d -m 0755 "$udest"
for u in sigwatch.service sigwatch.timer sigwatch-digest.service \
    sigwatch-digest.timer sigwatch-failure@.service; do
	sed -e "s|^ExecStart=/usr/local/bin/sigwatch |ExecStart=$BINDIR/sigwatch |" \
	    -e "s|/etc/sigwatch/|$etc/|g" \
	    "$top/systemd/$u" >"$work/$u"
	put "$work/$u" "$udest/$u"
	echo "  $UNITDIR/$u"
done
for u in sigwatch.service sigwatch-digest.service; do
	grep -q "^ExecStart=$BINDIR/sigwatch " "$udest/$u" ||
	    die "could not rewrite ExecStart= in $u"
done

# --- what is left to the administrator ------------------------------------
# (a package says it in its README.Debian instead)
if [ "$CONFFILES" = dpkg ]; then
	exit 0
fi
cat <<EOF

Next steps (as root; this script runs none of them):
  1. the Slack incoming-webhook URL, readable by root only:
       install -m 0600 /dev/null $etc/slack-webhook
       \$EDITOR $etc/slack-webhook      # one line: https://hooks.slack.com/services/...
     (or an encrypted credential: systemd-creds encrypt, LoadCredentialEncrypted=)
  2. check the configuration:
       CREDENTIALS_DIRECTORY=$etc $BINDIR/sigwatch --config $etc/sigwatch.yaml check
  3. start the timers (watch cycles hourly, the digest on Mondays):
       systemctl daemon-reload
       systemctl enable --now sigwatch.timer sigwatch-digest.timer
       systemctl start sigwatch.service && journalctl -u sigwatch -n 50
EOF
