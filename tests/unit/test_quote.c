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
	/* Without the sender's name: only a closing followed by a name. */
	check_sig("请尽快执行。\n\nThanks,\nChen Xiaoyan", QUOTE_SIGNOFF,
	    "请尽快执行。");
	check_sig("请尽快执行。\n\n此致\n<chushen@fao.example.test>",
	    QUOTE_SIGNOFF, "请尽快执行。");
	check_sig("\n陈晓燕", QUOTE_SIGNOFF, "陈晓燕");
	check_sig("\n陈晓燕", 0, "陈晓燕");
	check_sig("\n\n\nchushen@fao.example.test", QUOTE_SIGNOFF,
	    "chushen@fao.example.test");
	check_sig("请尽快执行。\n\n陈晓燕", QUOTE_SIGNOFF,
	    "请尽快执行。\n\n陈晓燕");
	check_sig("ok\n\nBest regards", QUOTE_SIGNOFF, "ok\n\nBest regards");
	/* Not set off by a blank line: part of the comment. */
	check_sig("请尽快执行。\n谢谢\n陈晓燕", QUOTE_SIGNOFF,
	    "请尽快执行。\n谢谢\n陈晓燕");
	/* More than a name. */
	check_sig("\n请尽快执行", QUOTE_SIGNOFF, "请尽快执行");
	check_sig("x\n\nsee page 3", QUOTE_SIGNOFF, "x\n\nsee page 3");
	check_sig("x\n\n谢谢\n陈晓燕\n李明\n王五", QUOTE_SIGNOFF,
	    "x\n\n谢谢\n陈晓燕\n李明\n王五");
	/* After a mobile signature was cut. */
	check_sig("x\n\n谢谢\n陈晓燕\n\n发自我的iPhone", QUOTE_SIGNOFF, "x");
}

/* Attributions in the languages the office corresponds in, one per
 * client pattern, each after a command it must leave alone. */
static void
test_attribution_intl(void)
{
	static const char *const attributions[] = {
		/* English without "On" */
		"John Smith <j.smith@x.example.test> wrote:",
		"\"Smith, John\" <j.smith@x.example.test> wrote:",
		"At 10:05 AM 10/12/2026, John Smith wrote:",
		"On 12/10/2026 09:30, gongkai@fao.example.test wrote:",
		"On Mon, 12 Oct 2026 09:30:00 +0800, John Smith writes:",
		/* French */
		"Le lun. 12 oct. 2026 à 09:30, 上海 <gongkai@fao.example.test> "
		    "a écrit :",
		"Le 12/10/2026 à 09:30, John Smith a écrit\xe2\x80\xaf:",
		"John Smith <j@x.example.test> a écrit :",
		/* German */
		"Am Mo., 12. Okt. 2026 um 09:30 Uhr schrieb 上海 "
		    "<gongkai@fao.example.test>:",
		"Am 12.10.2026 um 09:30 schrieb John Smith:",
		"John Smith <j@x.example.test> schrieb:",
		/* Spanish, Portuguese, Italian */
		"El lun, 12 oct 2026 a las 09:30, 上海 "
		    "(<gongkai@fao.example.test>) escribió:",
		"Em seg., 12 de out. de 2026 às 09:30, 上海 "
		    "<gongkai@fao.example.test> escreveu:",
		"Il giorno lun 12 ott 2026 alle ore 09:30 上海 "
		    "<gongkai@fao.example.test> ha scritto:",
		"Il 12/10/2026 09:30, John Smith ha scritto:",
		/* Russian */
		"12.10.2026 09:30, Иван Петров пишет:",
		"Иван Петров <ivan@x.example.test> написал(а):",
		"12 октября 2026 г., в 9:30, Иван Петров написал:",
		"Понедельник, 12 октября 2026, 9:30 +08:00 от Иван Петров "
		    "<ivan@x.example.test>:",
		/* Japanese */
		"上海 <gongkai@fao.example.test> のメッセージ:",
		"2026/10/12 9:30、上海 <gongkai@fao.example.test> のメール:",
		"上海さんは書きました:",
		"2026年10月12日(月) 9:30 上海 <gongkai@fao.example.test>:",
		/* Korean */
		"2026년 10월 12일 (월) 오전 9:30, 上海 "
		    "<gongkai@fao.example.test>님이 작성:",
		"2026. 10. 12. 오전 9:30, 上海 <gongkai@fao.example.test> 작성:",
		/* Chinese, traditional and simplified */
		"上海 <gongkai@fao.example.test> 於 2026年10月12日 週一 "
		    "上午9:30寫道：",
		"於 2026/10/12 9:30, 上海 寫到：",
		"上海 <gongkai@fao.example.test> 寫下：",
		"2026-10-12 9:30 GMT+08:00 上海 <gongkai@fao.example.test> "
		    "撰寫：",
		"上海 <gongkai@fao.example.test> 已寫入：",
		"在 2026-10-12 09:30，上海 写到：",
		"2026年10月12日 09:30，上海 <gongkai@fao.example.test> 写到:",
	};
	char *text;
	size_t i;

	for (i = 0; i < G_N_ELEMENTS(attributions); i++) {
		text = g_strdup_printf("REJECT: 材料不全\n\n%s\n\nquoted",
		    attributions[i]);
		check_plain(text, "REJECT: 材料不全");
		g_free(text);
		/* As the last line (HTML with the quote removed). */
		text = g_strdup_printf("APPROVE\n%s", attributions[i]);
		check_plain(text, "APPROVE");
		g_free(text);
	}
}

static void
test_attribution_wrapped(void)
{
	/* Over three and four lines. */
	check_plain("APPROVE\n\nOn Mon, Oct 12, 2026 at 9:30 AM\n"
	    "上海市人民政府外事办公室\n<gongkai@fao.example.test>\nwrote:\n\n"
	    "quoted", "APPROVE");
	check_plain("APPROVE\n\nLe lun. 12 oct. 2026 à 09:30,\n上海 <\n"
	    "gongkai@fao.example.test> a\nécrit :\nq", "APPROVE");
	check_plain("APPROVE\nJohn Smith <j@x.example.test>\nwrote:\nq",
	    "APPROVE");
	/* 于 DATE, then NAME 写道. */
	check_plain("同意\n于 2026年10月12日 09:30\n张三 写道:\nq", "同意");
	check_plain("同意\n\n於 2026年10月12日 上午9:30\n張三 寫道：\nq", "同意");
	/* A date-and-address line directly above the first quoted line. */
	check_plain("同意\n\n2026年9月21日 10:05 张三 <x@y.example.test>:\n"
	    "> q", "同意");
	check_plain("同意\n2026年9月21日 10:05 张三 <x@y.example.test>：\n\n"
	    "> q", "同意");
	check_plain("APPROVE\nпн, 12 окт. 2026 г. в 09:30, Иван "
	    "<ivan@x.example.test>:\n> q", "APPROVE");
	/* Not attributions: the reviewer's words stay. */
	check_plain("REJECT: 申请人来信写道：\n材料不全",
	    "REJECT: 申请人来信写道：\n材料不全");
	check_plain("REJECT: the applicant wrote:\nmore",
	    "REJECT: the applicant wrote:\nmore");
	check_plain("REJECT: 见2026-10-12的来信:\n材料不全",
	    "REJECT: 见2026-10-12的来信:\n材料不全");
	check_plain("REJECT: as follows:\n> quoted", "REJECT: as follows:");
	check_plain("On reflection, REJECT\nthe date is wrong",
	    "On reflection, REJECT\nthe date is wrong");
	check_plain("REJECT: Он пишет:\nнеправильно",
	    "REJECT: Он пишет:\nнеправильно");
}

static void
test_separator_intl(void)
{
	static const char *const separators[] = {
		"-----Ursprüngliche Nachricht-----",
		"-----Message d'origine-----",
		"-----Mensaje original-----",
		"-----Messaggio originale-----",
		"-----Mensagem original-----",
		"-----Исходное сообщение-----",
		"-----元のメッセージ-----",
		"-----원본 메시지-----",
		"-----原始郵件-----",
		"*-----Original Message-----*",
		"**-----Original Message-----**",
		"-------- Weitergeleitete Nachricht --------",
		"-------- Message transféré --------",
		"-------- 转发邮件信息 --------",
		"-------- 原始信件 --------",
		"-------- Any Words A Client Writes --------",
		"---------- Forwarded message ---------",
		"----- 轉寄的郵件 -----",
		"Début du message réexpédié :",
		"Anfang der weitergeleiteten Nachricht:",
	};
	char *text;
	size_t i;

	for (i = 0; i < G_N_ELEMENTS(separators); i++) {
		text = g_strdup_printf("REJECT: 材料不全\n\n%s\nquoted",
		    separators[i]);
		check_plain(text, "REJECT: 材料不全");
		g_free(text);
	}
	/* Three dashes around words of one's own: text. */
	check_plain("REJECT:\n--- 理由 ---\n材料不全",
	    "REJECT:\n--- 理由 ---\n材料不全");
	check_plain("REJECT: x\n-----\ny", "REJECT: x\n-----\ny");
}

static void
test_header_block_intl(void)
{
	static const char *const blocks[] = {
		"From: 上海 <gongkai@fao.example.test>\n"
		    "Reply-To: gongkai+abcdefghij234567@fao.example.test\n"
		    "Sent: Monday",
		"Reply-To: gongkai+abcdefghij234567@fao.example.test\n"
		    "Date: Monday",
		"*From:* 上海 <gongkai@fao.example.test>\n*Sent:* Monday\n"
		    "*To:* 陈晓燕",
		"**From:** 上海\n**Date:** Monday",
		"Von: 上海\nGesendet: Montag, 12. Oktober 2026 09:30\nAn: x\n"
		    "Betreff: y",
		"De : 上海\nEnvoyé : lundi 12 octobre 2026 09:30\nÀ : x\n"
		    "Objet : y",
		"De: 上海\nEnviado el: lunes\nPara: x\nAsunto: y",
		"De: 上海\nEnviada em: segunda-feira\nPara: x\nAssunto: y",
		"Da: 上海\nInviato: lunedì\nA: x\nOggetto: y",
		"От: 上海\nОтправлено: 12 октября 2026 г. 9:30\nКому: x\n"
		    "Тема: y",
		"差出人: 上海\n送信日時: 2026年10月12日 9:30\n宛先: x\n件名: y",
		"보낸 사람: 上海\n받는 사람: x\n보낸 날짜: 2026년 10월 12일\n"
		    "제목: y",
		"寄件者: 上海\n寄件日期: 2026年10月12日\n收件者: x\n主旨: y",
		"寄件人: 上海\n傳送時間: 2026年10月12日\n收件人: x\n副本: z",
		"來自: 上海\n寄送日期: 2026年10月12日\n主旨: y",
		"| From | 上海 |\n| Reply-To | gongkai+abc@fao.example.test |",
	};
	char *text;
	size_t i;

	for (i = 0; i < G_N_ELEMENTS(blocks); i++) {
		text = g_strdup_printf("REJECT: 材料不全\n\n%s\n\nbody",
		    blocks[i]);
		check_plain(text, "REJECT: 材料不全");
		g_free(text);
	}
	/* A single label line is text. */
	check_plain("REJECT: x\nTema: y", "REJECT: x\nTema: y");
}

static void
test_signature_intl(void)
{
	static const char *const sigs[] = {
		"從我的 iPhone 傳送",
		"從我的 iPad 傳送",
		"發自我的 iPhone",
		"發自我的iPad",
		"Envoyé de mon iPhone",
		"Von meinem iPhone gesendet",
		"Enviado desde mi iPhone",
		"Enviado do meu iPhone",
		"Inviato da iPhone",
		"Отправлено с iPhone",
		"iPhoneから送信",
		"나의 iPhone에서 보냄",
		"Sent from my Galaxy",
		"Sent from Yahoo Mail for iPhone",
	};
	char *text;
	size_t i;

	for (i = 0; i < G_N_ELEMENTS(sigs); i++) {
		text = g_strdup_printf("材料不全\n\n%s\n\nmore", sigs[i]);
		check_sig(text, 0, "材料不全");
		g_free(text);
	}
}

static void
check_signoff(const char *text, const char *name, const char *addr,
    const char *want)
{
	char *got = quote_cut_signature_from(text, QUOTE_SIGNOFF, name, addr);

	g_assert_cmpstr(got, ==, want);
	free(got);
}

/* The sign-off rule, narrowed: only the sender's own name or address, or
 * a closing followed by a name, ever goes. */
static void
test_signoff_sender(void)
{
	const char *n = "陈晓燕", *a = "chushen@fao.example.test";

	check_signoff("请尽快执行。\n\n陈晓燕", n, a, "请尽快执行。");
	check_signoff("请尽快执行。\n\n陈晓燕。", n, a, "请尽快执行。");
	check_signoff("ok\n\nchushen@fao.example.test", n, a, "ok");
	check_signoff("ok\n\n陈晓燕\n<CHUSHEN@fao.example.test>", n, a, "ok");
	check_signoff("ok\n\nChen Xiaoyan", "Chen Xiaoyan", NULL, "ok");
	check_signoff("\n陈晓燕", n, a, "");
	/* A closing, then a name. */
	check_signoff("请尽快执行。\n\n谢谢！\n陈晓燕", n, a, "请尽快执行。");
	check_signoff("请尽快执行。\n\nBest regards,\nJohn Smith", n, a,
	    "请尽快执行。");
	check_signoff("请尽快执行。\n\n此致\n敬礼\n李明", n, a, "请尽快执行。");
	check_signoff("ok\n\nС уважением,\nИван Петров", n, a, "ok");
	/* A real last line of a reason is never cut. */
	check_signoff("驳回理由如下：\n\n材料不全", n, a,
	    "驳回理由如下：\n\n材料不全");
	check_signoff("答复书有误。\n\n期限错误", NULL, NULL,
	    "答复书有误。\n\n期限错误");
	check_signoff("答复书有误。\n\n请核对 Article Three", NULL, NULL,
	    "答复书有误。\n\n请核对 Article Three");
	check_signoff("有误。\n\n李明", n, a, "有误。\n\n李明");
	check_signoff("有误。\n\n谢谢", n, a, "有误。\n\n谢谢");
	check_signoff("有误。\n\nThanks", n, a, "有误。\n\nThanks");
	check_signoff("有误。\n\nother@fao.example.test", n, a,
	    "有误。\n\nother@fao.example.test");
	check_signoff("有误。\n陈晓燕", n, a, "有误。\n陈晓燕");
}

static void
check_scrub(const char *text, const char *token, const char *want)
{
	char *got = quote_scrub_office(text, "gongkai@fao.example.test",
	    token);

	g_assert_cmpstr(got, ==, want);
	free(got);
}

/* No office reply address (a live token) survives into stored text. */
static void
test_scrub(void)
{
	check_scrub("REJECT: x\nReply-To: gongkai+abcdefghij234567@"
	    "fao.example.test", NULL,
	    "REJECT: x\nReply-To: gongkai@fao.example.test");
	check_scrub("见 <GONGKAI+ABCDEF@FAO.EXAMPLE.TEST>。", NULL,
	    "见 <gongkai@fao.example.test>。");
	check_scrub("mailto:gongkai+a.b-c_d=e@fao.example.test,x", NULL,
	    "mailto:gongkai@fao.example.test,x");
	check_scrub("a gongkai+x@fao.example.test b gongkai+y@"
	    "fao.example.test", NULL,
	    "a gongkai@fao.example.test b gongkai@fao.example.test");
	/* Other addresses are not the office's. */
	check_scrub("gongkai+x@other.example.test xgongkai+y@fao.example.test "
	    "gongkai+z@fao.example.testing", NULL,
	    "gongkai+x@other.example.test xgongkai+y@fao.example.test "
	    "gongkai+z@fao.example.testing");
	check_scrub("gongkai@fao.example.test", NULL,
	    "gongkai@fao.example.test");
	/* The token itself, anywhere. */
	check_scrub("回复码：ABCDEFGHIJKLMNOPQRSTUVWXYZ234567ABCDEFGHIJ 好",
	    "abcdefghijklmnopqrstuvwxyz234567abcdefghij",
	    "回复码：[已删除] 好");
	check_scrub("<gk-2026-0007.review.abcdefghijklmnopqrstuvwxyz234567"
	    "abcdefghij@fao.example.test>",
	    "abcdefghijklmnopqrstuvwxyz234567abcdefghij",
	    "<gk-2026-0007.review.[已删除]@fao.example.test>");
	check_scrub("", NULL, "");
}

/* The one line splitter (command.c reads its lines through it too). */
static void
test_lines(void)
{
	struct quote_lines l;
	char many[64 * 2 + 1];
	size_t i;

	quote_lines_split(&l, "");
	g_assert_cmpuint(l.n, ==, 1);
	g_assert_cmpstr(l.v[0], ==, "");
	quote_lines_free(&l);
	quote_lines_split(&l, "批准\n\n理由\n");
	g_assert_cmpuint(l.n, ==, 4);
	g_assert_cmpstr(l.v[0], ==, "批准");
	g_assert_cmpstr(l.v[1], ==, "");
	g_assert_cmpstr(l.v[2], ==, "理由");
	g_assert_cmpstr(l.v[3], ==, "");
	quote_lines_free(&l);
	/* More lines than the first allocation holds. */
	for (i = 0; i < 64; i++) {
		many[2 * i] = 'a' + i % 26;
		many[2 * i + 1] = '\n';
	}
	many[2 * 64] = '\0';
	quote_lines_split(&l, many);
	g_assert_cmpuint(l.n, ==, 65);
	g_assert_cmpstr(l.v[63], ==, "l");
	quote_lines_free(&l);
	g_assert_null(l.buf);
	g_assert_cmpuint(l.n, ==, 0);
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
	g_test_add_func("/quote/attribution-intl", test_attribution_intl);
	g_test_add_func("/quote/attribution-wrapped",
	    test_attribution_wrapped);
	g_test_add_func("/quote/separator-intl", test_separator_intl);
	g_test_add_func("/quote/header-block-intl", test_header_block_intl);
	g_test_add_func("/quote/signature-intl", test_signature_intl);
	g_test_add_func("/quote/signoff-sender", test_signoff_sender);
	g_test_add_func("/quote/scrub", test_scrub);
	g_test_add_func("/quote/lines", test_lines);
	return g_test_run();
}
