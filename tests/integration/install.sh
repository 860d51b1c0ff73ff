#!/bin/bash
# install.sh - the installed layout without a mail stack: the template
# override folder beside the configuration (listed by check, used when
# rendering), no source tree found by an installed program, `make
# install` into a DESTDIR (every file, its mode; the example
# configuration never overwritten), the owner and modes `gongkai init`
# gives, and `gongkai backup`.
set -u
: "${GONGKAI:?run through make check}"
n=0 fail=0
ok() {	# ok NAME CMD...: passes when CMD succeeds
	local name=$1; shift
	n=$((n + 1))
	if "$@"; then echo "ok $n - $name"; else echo "not ok $n - $name"; fail=1; fi
}

T=$(mktemp -d); trap 'rm -rf "$T"' EXIT
sed -e 's|@IMAP_URL@|imap://127.0.0.1:9|; s|@SMTP_URL@|smtp://127.0.0.1:9|' \
    -e 's|@IMAP_STARTTLS@|false|; s|@SMTP_STARTTLS@|false|; s|@CA_FILE@|ca.pem|' \
    "$GK_SRCDIR/tests/data/gongkai.conf.in" > "$T/gongkai.conf"
(umask 077 && echo secret >"$T/imap.pass")
C="$T/gongkai.conf"
"$GONGKAI" -c "$C" init >/dev/null || echo "# init failed"

echo 1..17
ok "check lists no override when there is no folder" \
    bash -c "! '$GONGKAI' -c '$C' check | grep -q override"
mkdir "$T/templates"
cp "$GK_SRCDIR/templates/ack.zh.txt" "$T/templates/"
ok "check lists a template of the override folder" \
    bash -c "'$GONGKAI' -c '$C' check | grep -qx 'templates: override: $T/templates/ack.zh.txt'"
echo "Subject: x" >"$T/templates/ack.zh.txt"
ok "check finds a fault in an override" \
    bash -c "'$GONGKAI' -c '$C' check 2>&1 >/dev/null | grep -q '$T/templates/ack.zh.txt'"
rm -r "$T/templates"
# Without GK_SRCDIR the program looks only where it is installed.
ok "an installed program does not fall back to the source tree" \
    bash -c "out=\$(env -u GK_SRCDIR '$GONGKAI' -c '$C' check 2>&1); grep -q 'templates: .*/share/gongkai/templates' <<<\"\$out\" && ! grep -qF '$GK_SRCDIR' <<<\"\$out\""

# init: a missing database folder made 0750, the database 0640.
sed -e 's|^database = .*|database = state/gongkai.db|' "$C" >"$T/state.conf"
ok "init makes a missing database folder, mode 0750" \
    bash -c "'$GONGKAI' -c '$T/state.conf' init >/dev/null && [ \$(stat -c %a '$T/state') = 750 ]"
ok "init makes the database mode 0640" \
    bash -c "[ \$(stat -c %a '$T/state/gongkai.db') = 640 ]"

# make install into a folder: every file where configure says.
D=$T/root
make -s -C "$GK_BUILDDIR" install DESTDIR="$D" >"$T/install.out" 2>&1 ||
    cat "$T/install.out" | sed 's/^/# /'
prefix=$(sed -n 's/^prefix = //p' "$GK_BUILDDIR/Makefile")
sysconf=$(sed -n 's/^sysconfdir = //p' "$GK_BUILDDIR/Makefile" | sed "s|\${prefix}|$prefix|")
state=$(sed -n 's/^localstatedir = //p' "$GK_BUILDDIR/Makefile" | sed "s|\${prefix}|$prefix|")
unitdir=$(sed -n 's/^systemdsystemunitdir = //p' "$GK_BUILDDIR/Makefile" | sed "s|\${prefix}|$prefix|")
ok "make install: program, man pages, data, config, unit, folders" bash -c "
    for f in '$prefix/bin/gongkai' '$prefix/share/man/man8/gongkai.8' \
	'$prefix/share/man/man5/gongkai.conf.5' \
	'$prefix/share/gongkai/templates/ack.zh.txt' \
	'$prefix/share/gongkai/calendar/2026.conf' \
	'$prefix/share/gongkai/gongkai.conf.example' \
	'$sysconf/gongkai/gongkai.conf' '$unitdir/gongkai.service'; do
	[ -f '$D'\$f ] || { echo \"# missing \$f\"; exit 1; }
    done
    for d in '$sysconf/gongkai/templates' '$state/lib/gongkai' '$state/spool/gongkai'; do
	[ -d '$D'\$d ] || { echo \"# missing \$d\"; exit 1; }
    done
    [ \$(stat -c %a '$D$state/lib/gongkai') = 750 ]"
ok "the installed example names configure's folders" bash -c "
    grep -qx 'database = $state/lib/gongkai/gongkai.db' '$D$sysconf/gongkai/gongkai.conf' &&
    grep -qx 'spool = $state/spool/gongkai' '$D$sysconf/gongkai/gongkai.conf' &&
    ! grep -q '@[a-z]*@' '$D$sysconf/gongkai/gongkai.conf' '$D$unitdir/gongkai.service'"
echo '# edited' >>"$D$sysconf/gongkai/gongkai.conf"
make -s -C "$GK_BUILDDIR" install DESTDIR="$D" >/dev/null 2>&1
ok "make install again keeps an edited configuration" \
    grep -qx '# edited' "$D$sysconf/gongkai/gongkai.conf"
# The note's list (tests/README.md): every installed file and its mode.
(cd "$D" && find . -mindepth 1 -printf '# %M %p\n' | sort -k2)

# gongkai backup DIR: the database (online backup), the spool, the secret.
printf 'From: Citizen <citizen@example.test>\r\nTo: gongkai@fao.example.test\r\nSubject: request\r\nMessage-ID: <bk.%s@example.test>\r\nDate: Mon, 12 Oct 2026 10:00:00 +0800\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n姓名：测试\r\n所需信息：2025年度预算\r\n' \
    "$$" >"$T/request.eml"
GONGKAI_NOW=2026-10-12T10:00:00+08:00 "$GONGKAI" -c "$C" ingest "$T/request.eml" >/dev/null 2>&1 ||
    echo "# ingest failed"
ok "backup DIR succeeds" bash -c "'$GONGKAI' -c '$C' backup '$T/bk' >'$T/bk.out' 2>&1 || { sed 's/^/# /' '$T/bk.out'; exit 1; }"
ok "backup: the database copy is whole and holds the case" bash -c "
    [ \"\$(sqlite3 '$T/bk/gongkai.db' 'PRAGMA integrity_check')\" = ok ] &&
    [ \"\$(sqlite3 '$T/bk/gongkai.db' 'SELECT count(*) FROM cases')\" = \"\$(sqlite3 '$T/gongkai.db' 'SELECT count(*) FROM cases')\" ] &&
    [ \"\$(sqlite3 '$T/bk/gongkai.db' 'SELECT count(*) FROM cases')\" -ge 1 ]"
ok "backup: the spool's mail and the secret are copied, mode 0600" bash -c "
    a=\$(cd '$T/spool' && find in -type f | sort) && [ -n \"\$a\" ] &&
    [ \"\$a\" = \"\$(cd '$T/bk/spool' && find in -type f | sort)\" ] &&
    cmp -s '$T/secret' '$T/bk/secret' &&
    [ -z \"\$(find '$T/bk' -type f ! -perm 0600)\" ] && [ \$(stat -c %a '$T/bk') = 700 ]"
ok "backup: a folder holding a backup is refused (exit 1)" bash -c "
    '$GONGKAI' -c '$C' backup '$T/bk' >/dev/null 2>&1; [ \$? = 1 ]"
# Restored: a configuration naming the copies sees the same cases.
sed -e "s|^database = .*|database = bk/gongkai.db|" -e "s|^spool = .*|spool = bk/spool|" \
    -e "s|^secret_file = .*|secret_file = bk/secret|" "$C" >"$T/restored.conf"
ok "a restored backup shows the same cases" bash -c "
    [ \"\$('$GONGKAI' -c '$T/restored.conf' cases --json)\" = \"\$('$GONGKAI' -c '$C' cases --json)\" ]"
ok "backup without DIR is a usage error" bash -c "
    '$GONGKAI' -c '$C' backup >/dev/null 2>&1; [ \$? = 2 ]"

# sd_notify: what systemd hears from `run --once` (IMAP unreachable).
if ldd "$GONGKAI" | grep -q libsystemd; then
	N=$T/notify
	mkdir "$N"
	sed -e "s|^database = .*|database = $N/gongkai.db|" -e "s|^spool = .*|spool = $N/spool|" \
	    -e "s|^secret_file = .*|secret_file = $N/secret|" \
	    -e "s|^password_file = .*|password_file = $T/imap.pass|" "$C" >"$N/gongkai.conf"
	"$GONGKAI" -c "$N/gongkai.conf" init >/dev/null 2>&1
	if [ "$(id -u)" = 0 ]; then	# run gives root up for [daemon] user
		printf '[daemon]\nuser = nobody\n' >>"$N/gongkai.conf"
		chown -R nobody: "$N"; chown nobody "$T/imap.pass"; chmod 0711 "$T"
	fi
	python3 -c '
import os, socket, sys
s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
s.bind(sys.argv[1]); os.chmod(sys.argv[1], 0o777); s.settimeout(30)
open(sys.argv[1] + ".ready", "w").close()
while True:
    m = s.recv(4096).decode()
    print(m, flush=True)
    if m == "STOPPING=1": break
' "$N/sock" >"$N/heard" 2>&1 &
	for i in $(seq 50); do [ -e "$N/sock.ready" ] && break; sleep 0.1; done
	NOTIFY_SOCKET=$N/sock WATCHDOG_USEC=4000000 "$GONGKAI" -c "$N/gongkai.conf" \
	    run --once >"$N/run.out" 2>&1
	wait
	ok "run tells systemd READY, WATCHDOG, STATUS and STOPPING" bash -c "
	    h=\$(cat '$N/heard'); for m in READY=1 WATCHDOG=1 'STATUS=IMAP unreachable' STOPPING=1; do
		grep -q \"^\$m\" <<<\"\$h\" || { echo \"# not heard: \$m\"; sed 's/^/# /' '$N/heard' '$N/run.out'; exit 1; }
	    done"
else
	n=$((n + 1))
	echo "ok $n # SKIP built without libsystemd (configure --with-systemd)"
fi

# The unit as systemd reads it (offline; the program path made real).
if command -v systemd-analyze >/dev/null; then
	mkdir "$T/unit"
	sed "s|^ExecStart=[^ ]*|ExecStart=$D$prefix/bin/gongkai|" \
	    "$D$unitdir/gongkai.service" >"$T/unit/gongkai.service"
	ok "systemd-analyze verify accepts gongkai.service" bash -c "
	    systemd-analyze verify --man=no '$T/unit/gongkai.service' >'$T/verify.out' 2>&1 ||
	    { sed 's/^/# /' '$T/verify.out'; exit 1; }"
else
	n=$((n + 1))
	echo "ok $n # SKIP systemd-analyze missing (Debian: systemd)"
fi
exit $fail
