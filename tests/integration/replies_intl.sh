#!/bin/bash
# replies_intl.sh - text that must not be garbled or misread, through
# `gongkai ingest`: requests in Russian, Greek, Japanese, Korean,
# Vietnamese, Arabic and mixed text keep their text (show --json).  Every
# reply of tests/data/replies-intl/ (other languages, charsets and
# clients) is a case folder, tests/data/cases/replies-intl-*, run by
# cases.sh: the outcome its expect.txt states, with the comment or reason
# stored and passed on exactly, and no office reply address (a live
# token) quoted into a reason reaching the handler's notice.  This script
# checks that every reply has its folder with expect.txt's outcome.
set -u
: "${GONGKAI:?run through make check}"
. "$GK_SRCDIR/tests/harness/lib.sh"
. "$GK_SRCDIR/tests/harness/ingest.sh"
DATA=$GK_SRCDIR/tests/data/replies-intl

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
tap_plan $((2 * nreq + 1))

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
# Every reply of the folder has its case folder, with expect.txt's outcome.

folders=$(for c in "$GK_SRCDIR"/tests/data/cases/replies-intl-*/; do
	printf '%s|%s\n' "$(sed -n 's|^mail[ 	]*replies-intl/||p' "$c/case")" \
	    "$(sed -n 's/^ingest = reply GK-2026-0007 //p' "$c/expect")"
done | sort)
tap_is "$folders" "$(grep -v '^#' "$DATA/expect.txt" | cut -d'|' -f1-2 | sort)" \
    "every reply of replies-intl has a folder in tests/data/cases, with its outcome"

tap_done
exit $((TAP_FAILED > 0))
