#!/bin/bash
# package.sh - the Debian package, as an office would install it: built
# with dpkg-buildpackage from a copy of the checkout, checked by lintian,
# installed with apt-get; the example configuration given the loopback
# mail stack's URLs; `gongkai init` and `gongkai check --connect` run as
# the package lays things out (no -c, no source tree); the installed
# daemon, started as the gongkai user (setpriv, as systemd's User= would;
# there is no systemd here), acknowledges one request sent by SMTP in the
# applicant's IMAP inbox.  The package is purged at the end.  Needs root,
# dpkg-buildpackage and the mail stack; skipped otherwise, and in the
# read-only tree of make distcheck.
set -u
. "$GK_SRCDIR/tests/harness/lib.sh"

OFFICE=gongkai@fao.example.test
CITIZEN=citizen@example.test
CONF=/etc/gongkai/gongkai.conf

gk_require mailstack
command -v dpkg-buildpackage >/dev/null ||
    gk_skip "dpkg-buildpackage missing (Debian: dpkg-dev debhelper)"
# make distcheck's copy of the tree is read-only (mode bits: root could
# write anyway): the package is built once, from the checkout.
[ -n "$(find "$GK_SRCDIR" -maxdepth 0 -perm -u+w)" ] ||
    gk_skip "$GK_SRCDIR is read-only (make distcheck's copy)"
! dpkg-query -W -f='${Status}' gongkai 2>/dev/null | grep -q 'ok installed' ||
    gk_skip "a gongkai package is installed here already"

tap_plan 13
W=$(mktemp -d /tmp/gk-package.XXXXXX)
gk_atexit "rm -rf '$W'"
apt_opts="-o DPkg::Lock::Timeout=300 -y -q"
export DEBIAN_FRONTEND=noninteractive

# Build from the checkout's files (committed or not), nothing else; in a
# tree that is not a git checkout, from all of it but build folders.
mkdir -p "$W/src/gongkai"
if [ -e "$GK_SRCDIR/.git" ] && command -v git >/dev/null; then
	(cd "$GK_SRCDIR" && git ls-files -z | xargs -0 tar -cf - 2>/dev/null)
else
	tar -C "$GK_SRCDIR" --exclude='./build*' --exclude=./debian/gongkai \
	    --exclude=./debian/.debhelper -cf - .
fi | tar -xf - -C "$W/src/gongkai"
(cd "$W/src/gongkai" && DEB_BUILD_OPTIONS="nocheck parallel=2" \
    dpkg-buildpackage -us -uc -b >"$W/build.log" 2>&1)
tap_is "$?" 0 "dpkg-buildpackage -us -uc -b builds the package"
[ "$TAP_FAILED" = 0 ] || tail -n 30 "$W/build.log" | sed 's/^/# /'
deb=$(ls "$W"/src/gongkai_*_*.deb 2>/dev/null | grep -v dbgsym | head -n 1)
if command -v lintian >/dev/null; then
	lintian --fail-on error "$W"/src/gongkai_*.changes >"$W/lintian.log" 2>&1
	tap_is "$?" 0 "lintian finds no error"
	sed 's/^/# lintian: /' "$W/lintian.log"
else
	tap_ok 0 "# SKIP lintian missing"
fi

gk_atexit "apt-get $apt_opts purge gongkai >/dev/null 2>&1; \
    rm -rf /var/lib/gongkai /var/spool/gongkai /etc/gongkai"
apt-get $apt_opts install "$deb" >"$W/install.log" 2>&1
tap_is "$?" 0 "the package installs (apt-get install ./gongkai_*.deb)"
[ "$TAP_FAILED" = 0 ] || tail -n 20 "$W/install.log" | sed 's/^/# /'
tap_is "$(id -nG gongkai 2>/dev/null) $(stat -c '%U:%G %a' /var/lib/gongkai /var/spool/gongkai | tr '\n' ' ')" \
    "gongkai gongkai:gongkai 750 gongkai:gongkai 750 " \
    "the package made the gongkai user and group and its folders"
tap_like "$(cat /var/lib/dpkg/info/gongkai.conffiles)" "^$CONF\$" \
    "the configuration is a conffile"
tap_unlike "$(systemctl is-enabled gongkai 2>&1; ls /etc/systemd/system/multi-user.target.wants/ 2>/dev/null)" \
    '^enabled$|gongkai' "the unit is installed, not enabled"
# Every file the package installed, with owner and mode (the note's list).
dpkg -L gongkai | while read -r f; do
	[ -e "$f" ] && stat -c '# %A %U:%G %n' "$f"
done

# The administrator's part: the addresses of the mail stack, the password.
mailstack_start
sed -i -e "s|^url = imaps://.*|url = imap://127.0.0.1:$MS_IMAP_PORT|" \
    -e "s|^url = smtp://.*|url = smtp://127.0.0.1:$MS_SMTP_PORT|" \
    -e 's|^starttls = true|starttls = false|' \
    -e "/^\[imap\]/,/^\[/s|^user = .*|user = $OFFICE|" "$CONF"
(umask 077 && printf '%s\n' "$MS_PASSWORD" >/etc/gongkai/imap.pass)
chown gongkai: /etc/gongkai/imap.pass

# As installed: no -c, no source tree, no build tree.
unset GK_SRCDIR GONGKAI_CONF
out=$(gongkai init 2>&1)
tap_is "$?" 0 "gongkai init (as root) succeeds"
tap_diag "$out"
tap_is "$(stat -c '%U %a' /var/lib/gongkai/gongkai.db /var/lib/gongkai/secret | tr '\n' ' ')" \
    "gongkai 640 gongkai 600 " "init: the database 0640, the secret 0600, the user's"
out=$(gongkai check --connect 2>&1)
tap_is "$?" 0 "gongkai check --connect passes on the filled-in example"
tap_diag "$out"
tap_like "$out" "^templates: ok: /etc/gongkai/templates:/usr/share/gongkai/templates\$" \
    "check uses the installed templates, after the override folder"

setpriv --reuid=gongkai --regid=gongkai --init-groups \
    /usr/bin/gongkai -v run >"$W/daemon.log" 2>&1 &
DAEMON=$!
gk_atexit "kill -9 $DAEMON 2>/dev/null"
for i in $(seq 100); do grep -q connected "$W/daemon.log" && break; sleep 0.1; done
tap_is "$(ps -o user= -p "$DAEMON")" gongkai "the daemon runs as gongkai"
printf 'From: Citizen <%s>\r\nTo: %s\r\nSubject: request\r\nMessage-ID: <pkg.%s@example.test>\r\nDate: Mon, 12 Oct 2026 10:00:00 +0800\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n姓名：测试\r\n所需信息：2025年度预算\r\n' \
    "$CITIZEN" "$OFFICE" "$$" >"$W/request.eml"
smtp_send "$CITIZEN" "$OFFICE" "$W/request.eml" >/dev/null
imap_wait_count "$CITIZEN" INBOX 1 30 >/dev/null
GK_DIR=$W mail_newest "$CITIZEN" "$W/ack.eml"
tap_like "$(mail_field subject "$W/ack.eml" 2>/dev/null)" '\[GK-[0-9]{4}-[0-9]{4}\]' \
    "the request sent by SMTP is acknowledged in the applicant's inbox"
kill -TERM "$DAEMON"
wait "$DAEMON"
tap_is "$?" 0 "SIGTERM stops the installed daemon with exit 0"
[ "$TAP_FAILED" = 0 ] || sed 's/^/# daemon: /' "$W/daemon.log"
