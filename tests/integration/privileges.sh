#!/bin/bash
# privileges.sh - started as root, `gongkai run` refuses to go on unless
# [daemon] user names whom to become, and then runs as that user, root
# given up for good; `gongkai init` as root hands the state to that user.
set -u
. "$GK_SRCDIR/tests/harness/lib.sh"
H=$GK_HARNESS
OFFICE=gongkai@fao.example.test
CITIZEN=zhang.zhe@example.test

tap_plan 14
[ "$(id -u)" = 0 ] || { echo "Bail out! privileges.sh needs root"; exit 1; }
mailstack_start
gk_config >/dev/null
UID_WANT=$(id -u "$GK_USER")
GID_WANT=$(id -g "$GK_USER")

# init as root gives the state to the user.
gk init >"$GK_DIR/init.out" 2>&1
tap_like "$(cat "$GK_DIR/init.out")" "^owner: $GK_USER\$" "init says whose the state is"
tap_is "$(find "$GK_DIR/gongkai.db" "$GK_DIR/secret" "$GK_DIR/spool" \
    ! -user "$GK_USER" -printf '%u %p\n')" "" \
    "init: the database, the secret and every spool entry are the user's"

# Without [daemon] user: refused, exit 2, saying what to do.
sed '/^\[daemon\]$/,$d' "$GK_CONF" >"$GK_DIR/root.conf"
rc=0
"$GONGKAI" -c "$GK_DIR/root.conf" run --once >"$GK_DIR/out" 2>&1 || rc=$?
tap_is "$rc" 2 "run as root without [daemon] user: exit 2"
tap_like "$(cat "$GK_DIR/out")" \
    'gongkai run: refusing to run as root; set \[daemon\] user in .*root\.conf' \
    "run as root without [daemon] user: the message says what to set"
tap_is "$(find "$GK_DIR/spool" "$GK_DIR"/gongkai.db* ! -user "$GK_USER" \
    -printf '%u %p\n')" "" \
    "run as root without [daemon] user: nothing was opened or created"

# A user that does not exist, or root itself: refused too.
sed 's/^user = .*/user = no-such-user-gk/' "$GK_CONF" >"$GK_DIR/nouser.conf"
rc=0
"$GONGKAI" -c "$GK_DIR/nouser.conf" run --once >"$GK_DIR/out" 2>&1 || rc=$?
tap_like "$rc $(cat "$GK_DIR/out")" '^2 .*\[daemon\] user: no user "no-such-user-gk"' \
    "an unknown [daemon] user: exit 2, named"
sed 's/^user = .*/user = root/' "$GK_CONF" >"$GK_DIR/rootuser.conf"
rc=0
"$GONGKAI" -c "$GK_DIR/rootuser.conf" run --once >"$GK_DIR/out" 2>&1 || rc=$?
tap_like "$rc $(cat "$GK_DIR/out")" '^2 .*"root" is root' \
    "[daemon] user = root: exit 2"


# run with [daemon] user: does its work as that user.
python3 "$H/mkmail.py" plain "张喆 <$CITIZEN>" "$OFFICE" "政府信息公开申请" \
    '姓名：张喆\n所需信息：2025年度因公出国（境）团组情况\n获取方式：电子邮件' \
    >"$GK_DIR/request.eml"
smtp_send "$CITIZEN" "$OFFICE" "$GK_DIR/request.eml" >/dev/null
imap_wait_count "$OFFICE" INBOX 1 10 >/dev/null
rc=0
gk run --once >"$GK_DIR/run.out" 2>&1 || rc=$?
tap_is "$rc" 0 "run --once as root with [daemon] user: exit 0"
tap_is "$(imap_wait_count "$CITIZEN" INBOX 1 10)" 1 \
    "run --once: the request was acknowledged"
tap_is "$(find "$GK_DIR/spool" "$GK_DIR"/gongkai.db* ! -user "$GK_USER" \
    -printf '%u %p\n')" "" \
    "run --once: every file it wrote is the user's, none root's"

# The running daemon: every uid and gid is the user's, no group is root's.
"$GONGKAI" -c "$GK_CONF" run >>"$GK_DIR/run.out" 2>&1 &
pid=$!
gk_atexit "kill $pid 2>/dev/null"
for ((i = 0; i < 200; i++)); do
	st=$(cat "/proc/$pid/status" 2>/dev/null)
	[[ $st == *"Uid:"*"$UID_WANT"* ]] && break
	sleep 0.05
done
tap_is "$(awk '/^Uid:/ { print $2, $3, $4, $5 }' <<<"$st")" \
    "$UID_WANT $UID_WANT $UID_WANT $UID_WANT" \
    "the daemon's real, effective, saved and fs uid are the user's"
tap_is "$(awk '/^Gid:/ { print $2, $3, $4, $5 }' <<<"$st")" \
    "$GID_WANT $GID_WANT $GID_WANT $GID_WANT" "and its gids"
tap_unlike "$(awk '/^Groups:/' <<<"$st")" '[[:space:]]0([[:space:]]|$)' \
    "no supplementary group is root's"
tap_is "$(awk '/^CapEff:/ { print $2 }' <<<"$st")" 0000000000000000 \
    "no capability is left"
kill "$pid" 2>/dev/null
wait "$pid" 2>/dev/null
tap_done
exit $((TAP_FAILED > 0))
