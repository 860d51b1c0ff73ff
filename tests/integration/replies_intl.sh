#!/bin/bash
# replies_intl.sh - text that must not be garbled or misread, through
# `gongkai ingest`: requests in Russian, Greek, Japanese, Korean,
# Vietnamese, Arabic and mixed text keep their text (show --json); every
# reply of tests/data/replies-intl/ (other languages, charsets and
# clients) gives the outcome its expect.txt states, with the comment or
# reason stored and passed on exactly; and no office reply address (a
# live token) quoted into a reason reaches the handler's notice.
set -u
: "${GONGKAI:?run through make check}"
. "$GK_SRCDIR/tests/harness/lib.sh"
. "$GK_SRCDIR/tests/harness/ingest.sh"
DATA=$GK_SRCDIR/tests/data/replies-intl
CASE=GK-2026-0007
CITIZEN=zhang.zhe@qq.example.test
HANDLER=jingban@fao.example.test
RESP=chushen@fao.example.test
SUPER=gkreview@fao.example.test
REPLIED=2026-10-12T10:00:00+08:00
NL=$'\n'

ik_setup || { echo "Bail out! cannot set up gongkai"; exit 1; }
M=$GK_DIR/mail

# request N LABEL NAME SUBJECT-BYTES-B64 BODY-BYTES-B64: a request whose
# body is the given bytes under charset LABEL (8bit); prints the outcome.
request() {
	local n=$1 label=$2 subj=$3 body=$4

	ik_fork base "req$n"
	{
		printf 'From: <req%s@x.example.test>\r\n' "$n"
		printf 'To: gongkai@fao.example.test\r\n'
		printf 'Subject: =?%s?B?%s?=\r\n' "$label" "$subj"
		printf 'Message-ID: <req%s@x.example.test>\r\n' "$n"
		printf 'Date: Mon, 28 Sep 2026 10:00:00 +0800\r\n'
		printf 'MIME-Version: 1.0\r\n'
		printf 'Content-Type: text/plain; charset=%s\r\n' "$label"
		printf 'Content-Transfer-Encoding: 8bit\r\n\r\n'
		base64 -d <<<"$body"
	} >"$M/req$n.eml"
	ik_ingest "req$n" 2026-09-28T10:00:00+08:00 "$M/req$n.eml"
}

# b64 CHARSET TEXT: TEXT (UTF-8, "\n" for CRLF) in CHARSET, base64.
b64() {
	printf '%b' "$2" | sed 's/$/\r/' | iconv -f UTF-8 -t "$1" | base64 -w0
}

# name|charset|text: the applicant's name and what they ask for.
requests() {
	cat <<'TABLE'
Иван Петров|utf-8|Прошу предоставить сведения о визитах 2025 года.
Ιωάννης Παπαδόπουλος|utf-8|Ζητώ πληροφορίες για τις επισκέψεις του 2025.
山田太郎|utf-8|2025年の訪問団の情報をお願いします。
김민수|utf-8|2025년 방문단 정보를 요청합니다.
Nguyễn Văn An|utf-8|Tôi xin thông tin về các đoàn năm 2025.
أحمد علي|utf-8|أطلب معلومات عن الوفود لعام 2025.
John 张 Спасибо|utf-8|混合 mixed Смешанный 混合テキスト 혼합
Иван Петров|koi8-r|Прошу предоставить сведения о визитах 2025 года.
Иван Петров|windows-1251|Прошу предоставить сведения о визитах 2025 года.
山田太郎|shift_jis|2025年の訪問団の情報をお願いします。
김민수|euc-kr|2025년 방문단 정보를 요청합니다.
TABLE
}

nreq=$(requests | wc -l)
nrep=$(grep -vc '^#' "$DATA/expect.txt")
tap_plan $((3 + 2 * nreq + nrep + 3))

# ---------------------------------------------------------------------------
# Requests: the applicant's name and the subject as written.

i=0
while IFS='|' read -r name cs text; do
	i=$((i + 1))
	# A charset without 姓名 (koi8-r, windows-1251): the text alone.
	body="姓名：$name\n所需信息：$text\n"
	printf '%b' "$body" | iconv -f UTF-8 -t "$cs" >/dev/null 2>&1 ||
	    body="$text\n$name\n" name=None
	got=$(request $i "$cs" "$(b64 "$cs" "$text")" "$(b64 "$cs" "$body")")
	id=${got#new-request }
	tap_like "$got" '^new-request GK-2026-[0-9]+$' "request $i ($cs): a new case"
	faults=$(ik_diff "name" "$(ik_show req$i "$id" 'd["applicant"]["name"]')" "$name" \
	    "subject" "$(ik_show req$i "$id" 'd["subject"]')" "$text")
	ik_tap "request $i ($cs, $name): name and subject stored as written" "$faults"
done < <(requests)

# ---------------------------------------------------------------------------
# The case of the corpus's story, waiting at the responsible reviewer.

ik_sql base "INSERT INTO case_seq VALUES (2026, 6)"
got=$(ik_request base 2026-09-18T10:00:00+08:00 "张喆 <$CITIZEN>" \
    '姓名：张喆\n证件类型：居民身份证\n证件号码：110101199001010000\n联系电话：13900000007\n所需信息：2025年度因公出国（境）团组情况\n获取方式：电子邮件\n载体形式：电子文档')
tap_is "$got" "new-request $CASE" "the request of 2026-09-18 opens $CASE"
got=$(ik_reply base $HANDLER 2026-10-12T09:30:00+08:00 \
    'ANSWER disclose\n经查，2025年度因公出国（境）团组共12个，详见附件。' outlook)
tap_is "$got" "reply $CASE answer" "the handler's ANSWER is applied"
TOKEN=$(ik_token base $RESP)
tap_like "$TOKEN" '^[a-z2-7]{32,64}$' "the responsible reviewer's notification carries a token"
BASE_OUT=$(ik_outmax base)

# ---------------------------------------------------------------------------
# Every reply of the folder: outcome, stored text, what goes on.

# decoded KIND TO: the decoded body of the newest queued mail of KIND
# to TO in database $n; raw bytes into $M/$n.KIND.raw.
decoded() {
	ik_mail "$n" "$1" "$2" "$M/$n.$1.raw" &&
	    ik_field body "$M/$n.$1.raw"
}

while IFS='|' read -r file want arg; do
	case $file in '#'*|'') continue ;; esac
	arg=$(printf '%b' "${arg//%/%%}")
	n=${file%.eml}
	ik_fork base "$n"
	python3 "$IK_PY" subst "$DATA/$file" "$TOKEN" >"$M/$n.eml"
	got=$(ik_ingest "$n" $REPLIED "$M/$n.eml")
	ev=$(ik_events "$n" $CASE "$want")
	faults=$(ik_diff "ingest" "$got" "reply $CASE $want" \
	    "event" "$ev" "$want${arg:+: $arg}")
	case $want in
	reject)
		body=$(decoded handler_notice $HANDLER)
		grep -qF -e "$arg" <<<"$body" ||
		    faults+=$'\n'"the handler's notice lacks the reason: ${body:0:400}" ;;
	approve)
		body=$(decoded review_request $SUPER)
		[ -z "$arg" ] || grep -qF -e "$arg" <<<"$body" ||
		    faults+=$'\n'"the supervising reviewer's mail lacks the comment" ;;
	esac
	for f in "$M/$n".*.raw; do
		[ -e "$f" ] || continue
		! grep -qiF "$TOKEN" "$f" ||
		    faults+=$'\n'"$f carries the token"
	done
	ik_tap "replies-intl/$file: $want${arg:+, '${arg//$NL/ / }'}" "$faults"
done <"$DATA/expect.txt"

# ---------------------------------------------------------------------------
# The plus-address: a REJECT whose reason quoted the notification's
# Reply-To; the handler's notice (the raw file as queued, and decoded)
# holds the bare office address and never the token.

n=i20-client-reject-lone-reply-to
ik_mail "$n" handler_notice $HANDLER "$M/$n.notice.raw"
body=$(ik_field body "$M/$n.notice.raw")
tap_like "$body" 'Reply-To: gongkai@fao\.example\.test' \
    "the reason's quoted Reply-To is the bare office address in the handler's notice"
tap_unlike "$(cat "$M/$n.notice.raw") $body" "$TOKEN" \
    "the handler's notice (raw and decoded) does not carry the reviewer's token"
tap_unlike "$(ik_events "$n" $CASE reject)" 'gongkai\+' \
    "the stored reason carries no plus-address of the office"
