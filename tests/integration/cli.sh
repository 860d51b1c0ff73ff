#!/bin/bash
# cli.sh - the program's global options, subcommand table and exit codes,
# and `gongkai init` run twice, without a mail stack.
set -u
: "${GONGKAI:?run through make check}"
n=0 fail=0
ok() {	# ok NAME CMD...: passes when CMD succeeds
	local name=$1; shift
	n=$((n + 1))
	if "$@"; then echo "ok $n - $name"; else echo "not ok $n - $name"; fail=1; fi
}
exits() {	# exits CODE CMD...: CMD exits with CODE
	local want=$1 got; shift
	"$@" >/dev/null 2>&1; got=$?
	[ "$got" = "$want" ] || { echo "# got exit $got, want $want: $*"; return 1; }
}

T=$(mktemp -d); trap 'rm -rf "$T"' EXIT
sed -e 's|@IMAP_URL@|imap://127.0.0.1:9|; s|@SMTP_URL@|smtp://127.0.0.1:9|' \
    -e 's|@IMAP_STARTTLS@|false|; s|@SMTP_STARTTLS@|false|; s|@CA_FILE@|ca.pem|' \
    "$GK_SRCDIR/tests/data/gongkai.conf.in" > "$T/gongkai.conf"
(umask 077 && echo secret >"$T/imap.pass")
C="$T/gongkai.conf"

echo 1..21
ok "--version prints the version" bash -c "'$GONGKAI' --version | grep -q '^gongkai [0-9]'"
ok "--help lists every subcommand" bash -c "out=\$('$GONGKAI' --help) && for c in init run ingest cases show outbox pen report calendar check; do grep -q \"^  \$c\" <<<\"\$out\" || exit 1; done"
ok "no command is a usage error" exits 2 "$GONGKAI"
ok "an unknown command is a usage error" exits 2 "$GONGKAI" -c "$C" frobnicate
ok "a --now without offset is a usage error" exits 2 "$GONGKAI" --now 2026-09-28T10:00:00 -c "$C" check
ok "a missing config file is a config error" exits 2 "$GONGKAI" -c "$T/none.conf" check
ok "check without the secret names init" bash -c "'$GONGKAI' -c '$C' check 2>&1 >/dev/null | grep -q 'secret_file: cannot read .*gongkai init creates it'"
ok "init succeeds" exits 0 "$GONGKAI" -c "$C" init
ok "init creates the secret with mode 0600" bash -c "[ \$(stat -c %a '$T/secret') = 600 ]"
ok "init creates the spool folders" bash -c "for d in tmp in out quarantine; do [ -d '$T/spool/'\$d ] || exit 1; done"
sum1=$(cat "$T/secret" | sha256sum)
ok "init twice succeeds and says up to date" bash -c "'$GONGKAI' -c '$C' init 2>/dev/null | grep -q 'up to date'"
ok "init twice keeps the secret" bash -c "[ \"\$(sha256sum < '$T/secret')\" = '$sum1' ]"
ok "GONGKAI_CONF names the config" bash -c "GONGKAI_CONF='$C' '$GONGKAI' check | grep -q '^config: ok: '"
ok "a secret others can read is refused" bash -c "chmod 0644 '$T/secret'; '$GONGKAI' -c '$C' check 2>&1 | grep -q 'open to group or others'; r=\$?; chmod 0600 '$T/secret'; exit \$r"
ok "a password file others can read is refused" bash -c "chmod 0640 '$T/imap.pass'; '$GONGKAI' -c '$C' check 2>&1 | grep -q 'password_file: .*open to group or others (mode 0640)'; r=\$?; chmod 0600 '$T/imap.pass'; exit \$r"
ok "a subcommand's bad arguments are a usage error" exits 2 "$GONGKAI" -c "$C" report annual twenty
ok "check --connect with nothing listening exits 1" exits 1 "$GONGKAI" -c "$C" check --connect
# [documents]: the PDF's fonts must be installed, its seal readable
ok "check names the documents' fonts" bash -c "'$GONGKAI' -c '$C' check | grep -q '^documents: ok: fonts Noto Serif CJK SC, Noto Serif CJK SC; no seal'"
{ cat "$C"; printf '[documents]\ntitle_font = No Such Family 9704\nseal_image = %s\n' "$T/imap.pass"; } >"$T/docs.conf"
ok "check refuses a font family that is not installed" bash -c "'$GONGKAI' -c '$T/docs.conf' check 2>&1 | grep -q 'title_font: font family \"No Such Family 9704\" is not installed'"
ok "check refuses a seal that is not a PNG" bash -c "'$GONGKAI' -c '$T/docs.conf' check 2>&1 | grep -q 'seal_image: .*imap.pass: cannot be read as PNG'"
ok "check with a missing font exits 2" exits 2 "$GONGKAI" -c "$T/docs.conf" check
exit $fail
