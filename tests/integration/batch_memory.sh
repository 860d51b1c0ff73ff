#!/bin/bash
# batch_memory.sh - a flood of large mails does not make the daemon hold
# them all at once: 12 requests of ~8 MiB each wait in Dovecot, the
# daemon runs one cycle with [imap] batch_bytes = 16 MiB, and its peak
# resident memory (the kernel's ru_maxrss) stays under 6 x the cap +
# 64 MiB, while every mail is still recorded and moved.
set -u
. "$GK_SRCDIR/tests/harness/lib.sh"
OFFICE=gongkai@fao.example.test
N=12
CAP=$((16 << 20))
BOUND_KB=$(((6 * CAP + (64 << 20)) / 1024))

tap_plan 4
mailstack_start
gk_config >/dev/null
sed -i "s|^poll_seconds = .*|&\nbatch_bytes = $CAP|" "$GK_CONF"
gk init >/dev/null 2>&1

# N requests, each with a 6 MiB attachment of its own random bytes
# (base64: ~8.1 MiB of mail), put straight into the office's INBOX.
python3 - "$GK_DIR" "$N" <<'EOF'
import base64, os, sys
from email.message import EmailMessage
d, n = sys.argv[1], int(sys.argv[2])
for i in range(n):
    m = EmailMessage()
    m["From"] = "申请人%d <citizen%d@example.test>" % (i, i)
    m["To"] = "gongkai@fao.example.test"
    m["Subject"] = "政府信息公开申请 %d" % i
    m["Message-ID"] = "<flood-%d@example.test>" % i
    m.set_content("姓名：申请人%d\n所需信息：附件所列文件\n获取方式：电子邮件\n" % i)
    m.add_attachment(os.urandom(6 << 20), maintype="application",
                     subtype="octet-stream", filename="scan%d.bin" % i)
    with open("%s/flood%d.eml" % (d, i), "wb") as f:
        f.write(bytes(m))
EOF
for ((i = 0; i < N; i++)); do
	ms_doveadm save -u "$OFFICE" -m INBOX <"$GK_DIR/flood$i.eml"
done
tap_is "$(imap_count "$OFFICE" INBOX)" "$N" "$N mails of ~8 MiB wait in INBOX"

# One cycle; its peak RSS in KiB, from the kernel (ASan keeps freed
# memory in quarantine: a small one, so that the number is the program's).
ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}quarantine_size_mb=1 \
python3 -c '
import resource, subprocess, sys
rc = subprocess.call(sys.argv[1:], stdout=subprocess.DEVNULL,
    stderr=open(sys.argv[0] if False else "/dev/null", "w"))
print(rc, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)' \
    "$GONGKAI" -c "$GK_CONF" run --once >"$GK_DIR/rss" 2>&1
read -r rc rss <"$GK_DIR/rss"
tap_diag "peak RSS of run --once: ${rss:-?} KiB (bound $BOUND_KB KiB)"
tap_is "$rc" 0 "run --once: exit 0"
tap_ok "$([ -n "$rss" ] && [ "$rss" -lt "$BOUND_KB" ]; echo $?)" \
    "peak RSS ${rss:-?} KiB < 6 x batch_bytes + 64 MiB = $BOUND_KB KiB"
tap_is "$(imap_count "$OFFICE" INBOX) $(gk cases --json |
    python3 -c 'import json,sys; print(len(json.load(sys.stdin)))')" \
    "0 $N" "every mail was recorded (a case each) and moved"
tap_done
exit $((TAP_FAILED > 0))
