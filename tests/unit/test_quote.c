/* test_quote.c - every rule of quote.h: cleaning, folding, each place the
 * authored text ends, and signatures. */
#include <stdlib.h>
#include <string.h>

#include <glib.h>

#include "quote.h"

#define MARKER	"—— 请在此线以上回复 / Reply above this line ——"

/* Lines of a notification, as the office would pass them. */
static const char *const sent[] = {
	MARKER,
	"",
	"陈晓燕：",
	"GK-2026-0007 的答复书草稿待您审核（责任处室审核）。",
	"申请人：张喆（自然人）",
	"答复期限：2026-10-22（还剩8个工作日）",
	"APPROVE",
	"同意",
	"回复码：abcdefghijklmnopqrstuvwxyz234567abcdefghij",
	NULL,
};

/* got/want through g_assert_cmpstr, which prints both. */
static void
check_authored(const char *text, const char *want)
{
	char *got = quote_authored(text, sent, MARKER);

	g_assert_cmpstr(got, ==, want);
	free(got);
}

static void
check_plain(const char *text, const char *want)
{
	char *got = quote_authored(text, NULL, NULL);

	g_assert_cmpstr(got, ==, want);
	free(got);
}

static void
check_sig(const char *text, int flags, const char *want)
{
	char *got = quote_cut_signature(text, flags);

	g_assert_cmpstr(got, ==, want);
	free(got);
}

static void
test_clean(void)
{
	char *s;

	s = quote_clean("\xef\xbb\xbf" "AP\xe2\x80\x8bPRO\xe2\x80\x8cVE"
	    "\xe2\x80\x8d\xe2\x81\xa0\xc2\xad");
	g_assert_cmpstr(s, ==, "APPROVE");
	free(s);
	s = quote_clean("批准\xc2\xa0\r\n发件人:\xc2\xa0x\rb\n");
	g_assert_cmpstr(s, ==, "批准\n发件人: x\nb\n");
	free(s);
	s = quote_clean("批准&nbsp;\n----&NBSP;原始邮件&nbsp;----");
	g_assert_cmpstr(s, ==, "批准\n---- 原始邮件 ----");
	free(s);
	/* Invalid UTF-8 is replaced, never passed on. */
	s = quote_clean("a\xff\xfe" "b");
	g_assert_true(g_utf8_validate(s, -1, NULL));
	g_assert_cmpstr(s, ==, "a\xef\xbf\xbd\xef\xbf\xbd" "b");
	free(s);
	/* Full-width forms are kept as typed. */
	s = quote_clean("驳回：期限（60日），请补充。");
	g_assert_cmpstr(s, ==, "驳回：期限（60日），请补充。");
	free(s);
	s = quote_clean("");
	g_assert_cmpstr(s, ==, "");
	free(s);
	s = quote_clean(NULL);
	g_assert_cmpstr(s, ==, "");
	free(s);
}

static void
test_fold(void)
{
	char *s;

	s = quote_fold("ＡＰＰＲＯＶＥ：，；！？　ｘ");
	g_assert_cmpstr(s, ==, "APPROVE:,;!? x");
	free(s);
	/* Nothing else changes: 、。“” and CJK stay. */
	s = quote_fold("同意、。“好”");
	g_assert_cmpstr(s, ==, "同意、。“好”");
	free(s);
	/*
	 * Invalid UTF-8 is replaced, never read past: a character cut off
	 * by the end of the string (found by tests/fuzz/fuzz_quote) made
	 * the fold step over the NUL and read beyond the buffer.
	 */
	s = quote_fold("同\xe6\x84");
	g_assert_true(g_utf8_validate(s, -1, NULL));
	g_assert_true(g_str_has_prefix(s, "同\xef\xbf\xbd"));
	free(s);
	s = quote_fold("\xff\xef\xbc\xa1");
	g_assert_cmpstr(s, ==, "\xef\xbf\xbd" "A");
	free(s);
}

static void
test_nothing_to_cut(void)
{
	check_authored("APPROVE", "APPROVE");
	check_authored("\n\n  同意，请尽快。\n\n第二段\n\n\n",
	    "同意，请尽快。\n\n第二段");
	check_authored("", "");
	check_authored("\n \n", "");
	check_plain("REJECT: x\r\n", "REJECT: x");
	/* A lone dash line, a "-- " signature, a single header-like line
	 * are not quote boundaries. */
	check_authored("同意\n-----\n日期：明天\n-- \n陈晓燕",
	    "同意\n-----\n日期：明天\n--\n陈晓燕");
}

static void
test_quote_line(void)
{
	check_authored("APPROVE\n\n> —— quoted\n> more", "APPROVE");
	check_authored("APPROVE\n   >indented quote\nafter", "APPROVE");
	check_authored("批准\n&gt; quoted", "批准");
	check_authored("> quoted first\nAPPROVE", "");
}

static void
test_attribution(void)
{
	check_plain("APPROVE\n\nOn Mon, Oct 12, 2026 at 9:30 AM X <a@b.test> "
	    "wrote:\n\nquoted", "APPROVE");
	/* Gmail wraps before "wrote:" or after "<". */
	check_plain("APPROVE\n\nOn Mon, Oct 12, 2026 at 9:30 AM 上海 "
	    "<gongkai@fao.example.test>\nwrote:\n\nquoted", "APPROVE");
	check_plain("x\nOn Mon, Oct 12, 2026 at 9:30 AM 上海 <\n"
	    "gongkai@fao.example.test> wrote:\nquoted", "x");
	check_plain("approve\n\nOn 12 Oct 2026, at 09:30, X wrote: \nq",
	    "approve");
	check_plain("同意\n\n在 2026-10-12 09:30:00，\"X\" <a@b.test> 写道：\n"
	    "quoted", "同意");
	check_plain("同意\n在 2026/10/12 9:30, 上海市人民政府外事办公室 "
	    "写道:\nq", "同意");
	check_plain("同意\n\n在 2026/10/12 9:30, 上海市人民政府外事办公室\n"
	    "写道：\nq", "同意");
	check_plain("同意\n\n上海市人民政府外事办公室 <a@b.test> "
	    "于2026年10月12日周一\n09:30写道：\n\nq", "同意");
	check_plain("同意\n\nX 于2026年10月12日 09:30写道：\nq", "同意");
	/* "wrote:" without an attribution's start is text. */
	check_plain("NOTE the applicant wrote:\nmore", "NOTE the applicant "
	    "wrote:\nmore");
}

static void
test_separator(void)
{
	check_plain("Approved.\n\n-----Original Message-----\nFrom: x",
	    "Approved.");
	check_plain("ok\n----- original message -----", "ok");
	check_plain("批准\n\n\n\n------------------ 原始邮件 "
	    "------------------\nx", "批准");
	check_plain("批准\n------------------ Original ------------------\n",
	    "批准");
	check_plain("同意\n-----邮件原件-----\n", "同意");
	check_plain("驳回:x\n---- 回复的原邮件 ----\n", "驳回:x");
	check_plain("同意\n-----原始邮件-----\n", "同意");
	check_plain("x\n---------- Forwarded message ---------\n", "x");
	/* A format=flowed reader joined the next line to it. */
	check_plain("原则同意。x\n\n----- Original Message ----- "
	    "From: \"上海\" <a@b.test>\nTo: y", "原则同意。x");
	/* Full-width hyphens and U+00A0 around the word. */
	check_plain("批准\n－－－－\xc2\xa0原始邮件\xc2\xa0－－－－", "批准");
	check_plain("ok\nBegin forwarded message:\n\nFrom: x", "ok");
	check_plain("ok\n________________________________\nFrom: x", "ok");
	check_plain("ok\n_____\nx", "ok");
	check_plain("ok\n____\nx", "ok\n____\nx");
	check_plain("签收人：__________\nx", "签收人：__________\nx");
}

static void
test_header_block(void)
{
	check_plain("Let me check.\n\nFrom: 上海 <a@b.test> \nSent: Monday\n"
	    "To: x\nSubject: y\n\nbody", "Let me check.");
	check_plain("通过\n\n发件人： 上海\n发送时间： 2026-10-12 09:30\n",
	    "通过");
	check_plain("同意\n发件人:\"上海\" <a@b.test>\n发送时间:2026-10-12\n",
	    "同意");
	check_plain("同意\nFROM: x\nDATE: y", "同意");
	check_plain("同意\nDate: x\nTo: y", "同意");
	check_plain("同意\n收件人: x\n抄送: y", "同意");
	check_plain("同意\nCc: x\nSubject: y", "同意");
	check_plain("同意\n主题：x\n日期：y", "同意");
	/* Inside '|' table cells (NetEase Mail Master). */
	check_plain("驳回:x\n| 发件人 | 上海<a@b.test> |\n"
	    "| 日期 | 2026年10月12日 |\n| 至 | y |", "驳回:x");
	/* Not two in a row. */
	check_plain("同意\nTo: x\n\nSubject: y", "同意\nTo: x\n\nSubject: y");
	check_plain("同意\nToday: x\nSubjects: y",
	    "同意\nToday: x\nSubjects: y");
}

static void
test_marker(void)
{
	check_authored("REJECT: x\n\n" MARKER "\n\nbody", "REJECT: x");
	check_authored("同意\n\n\xef\xbb\xbf\n\xef\xbb\xbf" MARKER, "同意");
	check_authored("同意\n—— 请在此线以上回复", "同意");
	check_authored("同意\nReply above this line ——", "同意");
	/* Without a marker given, it is only a sent line. */
	check_plain("同意\n" MARKER, "同意\n" MARKER);
}

static void
test_sent_lines(void)
{
	check_authored("同意\n申请人：张喆（自然人）\nx", "同意");
	check_authored("同意\n  申请人：张喆（自然人）  \nx", "同意");
	check_authored("同意\nGK-2026-0007\xc2\xa0\xc2\xa0的答复书草稿待您审核"
	    "（责任处室审核）。\nx", "同意");
	check_authored("同意\nGK-2026-0007 的答复书草稿待您审核"
	    "（责任处室审核）。", "同意");
	check_authored("ok\n回复码：ABCDEFGHIJKLMNOPQRSTUVWXYZ234567ABCDEFGHIJ",
	    "ok\n回复码：ABCDEFGHIJKLMNOPQRSTUVWXYZ234567ABCDEFGHIJ");
	/* Short sent lines never match: the reviewer's own words stay. */
	check_authored("同意", "同意");
	check_authored("APPROVE", "APPROVE");
	check_authored("同意\n陈晓燕：\nx", "同意\n陈晓燕：\nx");
	/* A line that only contains a sent line is not a copy. */
	check_authored("同意 申请人：张喆（自然人） 无误",
	    "同意 申请人：张喆（自然人） 无误");
}

static void
test_first_boundary(void)
{
	/* The earliest boundary wins whatever its kind. */
	check_authored("A\n发件人: x\n发送时间: y\n> q\n-----Original-----",
	    "A");
	check_authored("A\nB\n-----Original Message-----\nOn x wrote:\n> q",
	    "A\nB");
}

static void
test_signature(void)
{
	check_sig("材料不全\n\n发自我的iPhone", 0, "材料不全");
	check_sig("未引用条例第三十六条\n\n发自网易邮箱大师\n\nx", 0,
	    "未引用条例第三十六条");
	check_sig("x\n从我的iPhone发送", 0, "x");
	check_sig("looks good\nSent from my iPhone", 0, "looks good");
	check_sig("\nGet Outlook for iOS<https://aka.ms/o0ukef>", 0, "");
	check_sig("落款日期应为2026年10月13日。\n\nGet Outlook for Android"
	    "<https://aka.ms/AAb9ysg>", 0, "落款日期应为2026年10月13日。");
	check_sig("reason\n-- \nChen Xiaoyan\nPhone", 0, "reason");
	check_sig("reason\n--\nsig", 0, "reason");
	check_sig("  reason  \n\n", 0, "reason");
	check_sig("a\n\n\nb\n", 0, "a\n\n\nb");
	/* A long line that starts 发自 is a sentence. */
	check_sig("发自内心地认为答复书草稿的第三段应当补充法律依据和救济"
	    "途径说明", 0,
	    "发自内心地认为答复书草稿的第三段应当补充法律依据和救济途径说明");
	/* "-- x" and "---" are not the signature delimiter. */
	check_sig("a\n-- x\n---", 0, "a\n-- x\n---");
}

static void
test_signoff(void)
{
	check_sig("\n陈晓燕", QUOTE_SIGNOFF, "");
	check_sig("\n陈晓燕", 0, "陈晓燕");
	check_sig("\n\n\nchushen@fao.example.test", QUOTE_SIGNOFF, "");
	check_sig("请尽快执行。\n\n陈晓燕", QUOTE_SIGNOFF, "请尽快执行。");
	check_sig("请尽快执行。\n\nThanks,\nChen Xiaoyan", QUOTE_SIGNOFF,
	    "请尽快执行。");
	check_sig("请尽快执行。\n\n此致\n<chushen@fao.example.test>",
	    QUOTE_SIGNOFF, "请尽快执行。");
	check_sig("ok\n\nBest regards", QUOTE_SIGNOFF, "ok");
	/* Not set off by a blank line: part of the comment. */
	check_sig("陈晓燕", QUOTE_SIGNOFF, "陈晓燕");
	check_sig("请尽快执行。\n陈晓燕", QUOTE_SIGNOFF,
	    "请尽快执行。\n陈晓燕");
	/* More than a name. */
	check_sig("\n请尽快执行", QUOTE_SIGNOFF, "请尽快执行");
	check_sig("x\n\nsee page 3", QUOTE_SIGNOFF, "x\n\nsee page 3");
	check_sig("x\n\n陈晓燕\n李明\n王五", QUOTE_SIGNOFF,
	    "x\n\n陈晓燕\n李明\n王五");
	/* After a mobile signature was cut. */
	check_sig("\n陈晓燕\n\n发自我的iPhone", QUOTE_SIGNOFF, "");
}

int
main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/quote/clean", test_clean);
	g_test_add_func("/quote/fold", test_fold);
	g_test_add_func("/quote/nothing-to-cut", test_nothing_to_cut);
	g_test_add_func("/quote/quote-line", test_quote_line);
	g_test_add_func("/quote/attribution", test_attribution);
	g_test_add_func("/quote/separator", test_separator);
	g_test_add_func("/quote/header-block", test_header_block);
	g_test_add_func("/quote/marker", test_marker);
	g_test_add_func("/quote/sent-lines", test_sent_lines);
	g_test_add_func("/quote/first-boundary", test_first_boundary);
	g_test_add_func("/quote/signature", test_signature);
	g_test_add_func("/quote/signoff", test_signoff);
	return g_test_run();
}
