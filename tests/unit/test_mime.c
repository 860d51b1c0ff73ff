/*
 * test_mime.c - every corpus mail parses to the values INDEX.md implies
 * (got/want per file), hostile mail is bounded, and the pieces (charsets,
 * RFC 2047, format=flowed, HTML, names, limits) each have a test.
 *
 * The corpus is read from $GK_SHARED/corpus when set, else from the
 * project's copy of shared/corpus in $GK_SRCDIR/tests/data/corpus.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>

#include "mime.h"

#define SUBJ_REVIEW	"[GK-2026-0007] 审核：" \
			"2025年度因公出国（境）团组情况答复书（草稿）"
#define SUBJ_APPROVE	"[GK-2026-0007] 审批：" \
			"2025年度因公出国（境）团组情况答复书"
#define CHUSHEN		"chushen@fao.example.test"
#define TOKEN_TO	"gongkai+abcdefghijklmnopqrstuvwxyz234567abcdefghij" \
			"@fao.example.test"
#define NOTICE_MARK	"请在此线以上回复"

struct want {
	const char	*file;		/* under corpus/ */
	const char	*subject;	/* exact; NULL: checked elsewhere */
	const char	*from;		/* exact address */
	const char	*first;		/* the first non-blank line, exact */
	const char	*has[4];	/* substrings of text */
	const char	*hasnt[2];	/* not substrings of text */
	int		 html;		/* text_from_html */
	const char	*att[3];	/* attachment names, in order */
	const char	*defect;	/* a defect it must carry */
	const char	*hold;		/* hold_reason */
};

static const struct want wants[] = {
	{ "requests/01-foxmail-gb2312-label-gbk-chars.eml",
	    "政府信息公开申请（何镕）", "herong@foxmail.example.test",
	    "上海市人民政府外事办公室：",
	    { "姓名：何镕\n", "证件号码:110101199003070000\n",
	    "通信地址:上海市徐汇区示例路88弄6号502室（邮编200030）\n",
	    "所需信息：2025年度本市APEC商务旅行卡的受理数量和批准数量，"
	    "以及规定办理时限的文件（名称、文号）。\n" } },
	{ "requests/02-qqmail-web-gb18030-nbsp.eml",
	    "政府信息公开申请", "1234500002@qq.example.test",
	    "上海市外办政府信息公开工作人员：",
	    { "姓名：\xc2\xa0李娜", "示例大道1000号&nbsp;3幢1201室",
	    "联系电话：13900000002\n" } },
	{ "requests/03-outlook-qp-utf8-gb2312-subject.eml",
	    "政府信息公开申请（王玥）——外国人来华邀请函办理规程",
	    "wang.yue@outlook.example.test", "您好：",
	    { "姓名: 王玥\n", "所需信息:\n1. 上海市人民政府外事办公室关于外国人"
	    "来华邀请函审核办理的内部工作规程（名称、文号）；\n2. 2025年度贵办"
	    "出具《被授权单位邀请外国人来华邀请函》的总数。\n" } },
	{ "requests/04-gmail-utf8-jpeg-rfc2231.eml",
	    "申请公开本人因公出国任务批件", "liu.mingxuan@gmail.example.test",
	    "您好！", { "证件号码：320102198511200000\n" }, { NULL }, 0,
	    { "身份证正反面扫描件.jpg" } },
	{ "requests/05-applemail-format-flowed-delsp.eml",
	    "政府信息公开申请：友好城市协议文本目录",
	    "chen.hao@icloud.example.test", "外办政府信息公开办公室：",
	    { "\n所需信息：2020年以来上海市与外国城市缔结友好城市关系或友好"
	    "交流城市关系的协议文本目录（包括外方城市名称、签署日期和签署"
	    "地点），以及2025年度友好城市交流项目的数量和主要内容。\n",
	    "通信地址：上海市杨浦区示例路220号示例大学外国语学院 "
	    "陈昊（收）\n" } },
	{ "requests/06-big5-hongkong-traditional.eml",
	    "申請公開政府信息（香港居民 陳嘉欣）",
	    "chan.kayan@netvigator.example.test", "上海市人民政府外事辦公室：",
	    { "申請人類型：自然人\n", "證件類型：港澳居民來往內地通行證\n",
	    "聯繫電話：+852 5000 0000\n", "載體形式：電子文檔" } },
	{ "requests/07-coremail-lawfirm-docx.eml",
	    "政府信息公开申请（上海示例律师事务所）",
	    "zhao.lawyer@shilaw.example.test", "上海市人民政府外事办公室：",
	    { "名称：上海示例律师事务所\n", "证件号码：31310000MD00000000\n" },
	    { NULL }, 0,
	    { "政府信息公开申请表（上海示例律师事务所）.docx" } },
	{ "requests/08-iphone-free-text-no-labels.eml",
	    "想了解一下外宾接待的情况", "liuyang_88@163.example.test", "你好，",
	    { "我叫刘洋，手机13900000008", "发自我的iPhone" } },

	{ "replies/01-gmail-en-approve.eml", "Re: " SUBJ_REVIEW, CHUSHEN,
	    "APPROVE", { "\nOn Mon, Oct 12, 2026 at 9:30" } },
	{ "replies/02-gmail-zh-wrapped-attribution.eml", "Re: " SUBJ_REVIEW,
	    CHUSHEN, "同意", { "于2026年10月12日周一\n09:30写道：" } },
	{ "replies/03-outlook-web-en-reject-rule.eml", "RE: " SUBJ_REVIEW,
	    CHUSHEN, "REJECT: the legal basis in the draft cites the wrong "
	    "article.", { "\n________________________________\n" } },
	{ "replies/04-outlook-web-zh-reject.eml", "答复: " SUBJ_REVIEW, CHUSHEN,
	    "驳回：答复书未写明申请行政复议的期限（60日），请补充后重新提交。",
	    { "\n发件人:" } },
	{ "replies/05a-outlook2010-classic-approved.eml", "RE: " SUBJ_REVIEW,
	    CHUSHEN, "Approved.", { "\n-----Original Message-----\n",
	    "——" } },
	{ "replies/05b-outlook2007-zh-youjian-yuanjian.eml",
	    "答复: " SUBJ_REVIEW, CHUSHEN, "同意，按程序报审批人。",
	    { "\n-----邮件原件-----\n" } },
	{ "replies/06a-qqmail-original-mail-separator.eml",
	    "回复：" SUBJ_REVIEW, CHUSHEN, "批准",
	    { "------------------ 原始邮件 ------------------" } },
	{ "replies/06b-foxmail-fullwidth-header-block.eml", "Re: " SUBJ_REVIEW,
	    CHUSHEN, "通过", { "发件人：", "发送时间：" } },
	{ "replies/06c-qqmail-app-original-english.eml", "Re: " SUBJ_REVIEW,
	    CHUSHEN, "批准",
	    { "------------------ Original ------------------" } },
	{ "replies/07a-qqmail-web-u00a0.eml", "回复：" SUBJ_REVIEW, CHUSHEN,
	    "批准\xc2\xa0" },
	{ "replies/07b-qqmail-web-literal-nbsp.eml", "回复：" SUBJ_REVIEW,
	    CHUSHEN, "批准&nbsp;" },
	{ "replies/08-coremail-approve-comment.eml", "Re: " SUBJ_REVIEW,
	    CHUSHEN, "同意，请尽快执行。", { "-----原始邮件-----" } },
	{ "replies/09-netease-web-eight-blank-lines.eml", "Re:" SUBJ_REVIEW,
	    CHUSHEN, "同意",
	    { "同意\n\n\n\n\n\n\n\n\n在 2026-10-12 09:30:00" } },
	{ "replies/10-iphone-zh-reject-signature.eml", "Re: " SUBJ_REVIEW,
	    CHUSHEN, "退回：材料不全", { "发自我的iPhone" } },
	{ "replies/11-outlook-ios-approve.eml", "Re: " SUBJ_REVIEW, CHUSHEN,
	    "Approve", { "Get Outlook for iOS" } },
	{ "replies/12-iphone-unquoted-attribution-bom.eml", "Re: " SUBJ_REVIEW,
	    CHUSHEN, "同意", { "\xef\xbb\xbf" } },
	{ "replies/13-gmail-help-quoted-approve.eml", "Re: " SUBJ_REVIEW,
	    CHUSHEN, "Let me check with finance.", { "> APPROVE\n" } },
	{ "replies/14-outlook-desktop-help-no-rule.eml", "RE: " SUBJ_REVIEW,
	    CHUSHEN, "Let me check with the division head first.",
	    { "\nFrom: 上海市人民政府外事办公室 "
	    "<gongkai@fao.example.test> \n" } },
	{ "replies/15-qqmail-wo-bu-tongyi.eml", "回复：" SUBJ_REVIEW, CHUSHEN,
	    "我不同意", { "---- 原始邮件 ----" } },
	{ "replies/16-applemail-help-leaked-url-line.eml", "Re: " SUBJ_REVIEW,
	    CHUSHEN, "Looks fine.", { "\nv=3" } },
	{ "replies/17a-iphone-fullwidth-approve.eml", "Re: " SUBJ_REVIEW,
	    CHUSHEN, "ＡＰＰＲＯＶＥ" },
	{ "replies/17b-thunderbird-lowercase-approve.eml", "Re: " SUBJ_REVIEW,
	    CHUSHEN, "approve", { "写道:" } },
	{ "replies/17c-exmail-tongyi-fullstop.eml", "回复：" SUBJ_REVIEW,
	    CHUSHEN, "同意。" },
	{ "replies/17d-mailmaster-reject-ascii-colon.eml", "回复:" SUBJ_REVIEW,
	    CHUSHEN, "驳回:未引用条例第三十六条", { "发自网易邮箱大师",
	    "---- 回复的原邮件 ----" } },
	{ "replies/17e-outlook-android-reject-fullwidth-comma.eml",
	    "Re: " SUBJ_REVIEW, CHUSHEN,
	    "REJECT，答复书落款日期应为2026年10月13日。" },
	{ "replies/17f-mutt-bom-approve.eml", "Re: " SUBJ_REVIEW, CHUSHEN,
	    "\xef\xbb\xbf" "APPROVE" },
	{ "replies/18a-gmail-zh-tongyi-ma.eml", "Re: " SUBJ_REVIEW, CHUSHEN,
	    "同意吗？" },
	{ "replies/18b-outlook-web-approve-question.eml", "RE: " SUBJ_REVIEW,
	    CHUSHEN, "approve?" },
	{ "replies/18c-applemail-hi-then-approve.eml", "Re: " SUBJ_REVIEW,
	    CHUSHEN, "Hi,", { "Hi,\nAPPROVE\n" } },
	{ "replies/18d-thunderbird-approve-then-reject.eml", "Re: " SUBJ_REVIEW,
	    CHUSHEN, "APPROVE", { "APPROVE\nREJECT\n" } },
	{ "replies/19a-gmail-html-only.eml", "Re: " SUBJ_REVIEW, CHUSHEN,
	    "同意，请按修改稿发出。", { NULL }, { NOTICE_MARK, "写道" }, 1 },
	{ "replies/19b-outlook-mac-html-only-divrplyfwdmsg.eml",
	    "Re: " SUBJ_REVIEW, CHUSHEN,
	    "REJECT: 答复书第三段引用的文号有误，应为沪外办〔2026〕12号。",
	    { NULL }, { NOTICE_MARK, "From:" }, 1 },
	{ "replies/20a-outlook-gb2312-label-gbk-base64.eml",
	    "答复: " SUBJ_REVIEW,
	    CHUSHEN, "不同意：申请人姓名应为“张喆”，草稿误作“张哲”，"
	    "请经办人更正后重新提交。" },
	{ "replies/20b-windows-live-mail-gb2312-qp-flowed.eml",
	    "Re: " SUBJ_REVIEW, CHUSHEN,
	    "原则同意。附件第3页“昇平路”的“昇”字请核对。",
	    { "\n----- Original Message ----- \n"
	    "From: \"上海市人民政府外事办公室\"",
	    "> 申请人：张喆（自然人）\n" } },
	{ "replies/20c-roundcube-utf8-qp-split-character.eml",
	    "Re: " SUBJ_REVIEW, CHUSHEN, "通过，经核对答复书所列数据与我处"
	    "统计一致，同意按此稿答复申请人，并请经办人同步更新政府信息"
	    "公开目录。" },
	{ "replies/x1-thunderbird-bare-office-address.eml", "Re: " SUBJ_REVIEW,
	    CHUSHEN, "同意", { "回复码：abcdefghijklmnopqrstuvwxyz234567" } },
	{ "replies/x2-coremail-new-mail-uppercase-token.eml",
	    "Re: [GK-2026-0007] 审核", CHUSHEN, "同意" },

	{ "automatic/a1-coremail-out-of-office.eml", "自动回复：" SUBJ_REVIEW,
	    CHUSHEN, "您好！", { "休假" } },
	{ "automatic/a2-exchange-automatic-reply.eml",
	    "Automatic reply: " SUBJ_APPROVE, "shenpi@fao.example.test",
	    "我于2026年10月12日至10月16日出差，期间邮件处理可能延迟。" },
	{ "automatic/a3-exim-dsn-5.1.1-answer-bounced.eml",
	    "Mail delivery failed: returning message to sender",
	    "Mailer-Daemon@mail.fao.example.test",
	    "This message was created automatically by mail delivery software.",
	    { "550 5.1.1" }, { "张喆：" } },
	{ "automatic/a4-exchange-dsn-4.4.7-delayed.eml",
	    "Delivery delayed:[GK-2026-0009] 政府信息公开申请受理回执",
	    "MicrosoftExchange329e71ec88ae4615bbc36ab6ce41109e"
	    "@fao.example.test",
	    "Delivery is delayed to these recipients or groups:",
	    { "Delivery will continue to be attempted." } },
	{ "automatic/a5-mailman-list-precedence-list.eml",
	    "[gkwork] 关于做好2026年度政府信息公开工作年度报告编制工作的提示",
	    "zwgk@gov.example.test", "各成员单位：", { "姓名：张三\n",
	    "gkwork mailing list" } },

	{ "hostile/h01-forged-from-approver-dmarc-fail.eml",
	    "Re: " SUBJ_APPROVE,
	    "shenpi@fao.example.test", "同意" },
	{ "hostile/h02-authentication-results-injection.eml",
	    "Re: " SUBJ_REVIEW, CHUSHEN, "同意，请尽快执行。" },
	{ "hostile/h03-crlf-header-injection.eml",
	    "政府信息公开申请 Bcc: attacker@evil.example.test X-Injected: 1",
	    "wangwu@evil.example.test",
	    "姓名：王五 Bcc: attacker@evil.example.test",
	    { "所需信息：2025年外事接待费用 Subject: 伪造的主题\n" } },
	{ "hostile/h04-multipart-nested-10000.eml", "政府信息公开申请",
	    "deep@evil.example.test", NULL, { NULL }, { NULL }, 0, { NULL },
	    "mime-too-deep", "mime-too-deep" },
	{ "hostile/h05-invalid-base64.eml", "申请公开经费决算",
	    "garbled@mail.example.test", "姓名：赵七",
	    { "申请人类型：自然人\n", "\n获取方式：电子邮件\n" }, { NULL }, 0,
	    { NULL }, "invalid-base64" },
	{ "hostile/h06-broken-boundary.eml", "政府信息公开申请",
	    "boundary@mail.example.test", "姓名：钱八",
	    { "所需信息：外事接待管理办法（名称、文号）\n" },
	    { "Content-Type", "NextPart" }, 0, { "scan.pdf" },
	    "boundary-repaired" },
	{ "hostile/h07-header-line-100000-chars.eml", NULL,
	    "longline@mail.example.test", "姓名：孙九",
	    { "所需信息：外事活动经费" },
	    { NULL }, 0, { NULL }, "header-too-long" },
	{ "hostile/h08-nul-bytes-in-body.eml", "政府信息公开申请",
	    "nul@mail.example.test", "姓名：赵六",
	    { "证件号码：110101199003070000\n", "联系电话：13900000006\n",
	    "所需信息：2025年度外事接待费用总额\n" }, { NULL }, 0, { NULL },
	    "nul-bytes" },
	{ "hostile/h09-attachment-path-traversal.eml",
	    "政府信息公开申请（附件）", "traversal@evil.example.test",
	    "姓名：周一", { "所需信息：见附件\n" },
	    { "passwd" }, 0, { "passwd", "win.ini" } },
	{ "hostile/h10-zip-bomb-attachments.eml",
	    "政府信息公开申请（材料见附件）",
	    "bomb@evil.example.test", "姓名：吴二", { NULL }, { NULL }, 0,
	    { "申请材料.zip", "申请书.docx" } },
	{ "hostile/h11-forwarded-notification-third-party.eml",
	    "RE: " SUBJ_REVIEW, "jingban@fao.example.test", "同意" },
};

static const char *const corpus_dirs[] = {
	"requests", "replies", "automatic", "hostile",
};

/* ------------------------------------------------------------------ */

static gchar *
corpus_path(const char *rel)
{
	const char *shared = g_getenv("GK_SHARED");
	const char *src = g_getenv("GK_SRCDIR");

	if (shared != NULL)
		return g_build_filename(shared, "corpus", rel, NULL);
	return g_build_filename(src != NULL ? src : GK_SRCDIR, "tests", "data",
	    "corpus", rel, NULL);
}

static struct message *
parse_file(const char *rel, const struct mime_limits *lim)
{
	gchar *path = corpus_path(rel), *buf = NULL;
	gsize len = 0;
	struct message *m;

	if (!g_file_get_contents(path, &buf, &len, NULL))
		g_error("cannot read %s", path);
	m = mime_parse(buf, len, lim);
	g_free(buf);
	g_free(path);
	return m;
}

static struct message *
parse_str(const char *raw)
{
	return mime_parse(raw, strlen(raw), NULL);
}

/* The first non-blank line of text (a GLib string). */
static gchar *
first_line(const char *text)
{
	const char *e;

	while (*text == '\n')
		text++;
	e = strchr(text, '\n');
	return g_strndup(text, e != NULL ? (size_t)(e - text) : strlen(text));
}

static void
assert_one_line(const char *what, const char *s)
{
	if (s == NULL)
		return;
	if (!g_utf8_validate(s, -1, NULL) || strpbrk(s, "\r\n\t") != NULL)
		g_error("%s is not one clean line: [%s]", what, s);
}

/* What holds for every mail, whatever it is. */
static void
assert_invariants(const struct message *m, const struct mime_limits *lim)
{
	size_t i, max = lim != NULL ? lim->max_header_bytes :
	    MIME_MAX_HEADER_BYTES_DEFAULT;
	const struct mime_attachment *a;

	g_assert_nonnull(m->text);
	g_assert_true(g_utf8_validate(m->text, -1, NULL));
	g_assert_null(strchr(m->text, '\r'));
	assert_one_line("subject", m->subject);
	assert_one_line("from name", m->from.name);
	assert_one_line("from addr", m->from.addr);
	if (m->subject != NULL)
		g_assert_cmpuint(strlen(m->subject), <=, max);
	for (i = 0; i < m->to.n; i++)
		assert_one_line("to", m->to.v[i].name);
	for (i = 0; i < m->nattachments; i++) {
		a = &m->attachments[i];
		g_assert_nonnull(a->filename);
		g_assert_true(g_utf8_validate(a->filename, -1, NULL));
		g_assert_null(strchr(a->filename, '/'));
		g_assert_null(strchr(a->filename, '\\'));
		g_assert_null(strstr(a->filename, ".."));
		g_assert_cmpint(a->filename[0], !=, '.');
		g_assert_cmpuint(strlen(a->filename), <=, 200);
		for (const char *q = a->filename; *q != '\0'; q++)
			g_assert_cmpint((unsigned char)*q, >=, 0x20);
		g_assert_cmpuint(strlen(a->sha256), ==, 64);
	}
	for (i = 0; i < m->defects.n; i++)
		g_assert_nonnull(m->defects.v[i]);
}

/* ------------------------------------------------------------------ */
/* The corpus, file by file                                            */

static void
test_corpus_file(gconstpointer data)
{
	const struct want *w = data;
	struct message *m = parse_file(w->file, NULL);
	gchar *first;
	size_t i;

	assert_invariants(m, NULL);
	if (w->subject != NULL)
		g_assert_cmpstr(m->subject, ==, w->subject);
	g_assert_cmpstr(m->from.addr, ==, w->from);
	g_assert_cmpuint(m->from_count, ==, 1);
	first = first_line(m->text);
	if (w->first != NULL)
		g_assert_cmpstr(first, ==, w->first);
	else
		g_assert_cmpstr(first, ==, "");
	g_free(first);
	for (i = 0; i < G_N_ELEMENTS(w->has) && w->has[i] != NULL; i++)
		if (strstr(m->text, w->has[i]) == NULL)
			g_error("%s: text lacks [%s]; text:\n%s", w->file,
			    w->has[i], m->text);
	for (i = 0; i < G_N_ELEMENTS(w->hasnt) && w->hasnt[i] != NULL; i++)
		if (strstr(m->text, w->hasnt[i]) != NULL)
			g_error("%s: text holds [%s]; text:\n%s", w->file,
			    w->hasnt[i], m->text);
	g_assert_cmpint(m->text_from_html, ==, w->html);
	for (i = 0; i < G_N_ELEMENTS(w->att) && w->att[i] != NULL; i++) {
		g_assert_cmpuint(i, <, m->nattachments);
		g_assert_cmpstr(m->attachments[i].filename, ==, w->att[i]);
	}
	g_assert_cmpuint(m->nattachments, ==, i);
	if (w->defect != NULL && !mime_has_defect(m, w->defect))
		g_error("%s: defect %s missing", w->file, w->defect);
	g_assert_cmpstr(m->hold_reason, ==, w->hold);
	mime_message_free(m);
}

/* Every mail of the corpus has a row above, so none goes untested. */
static void
test_corpus_complete(void)
{
	const char *name;
	gchar *dir, *rel;
	GDir *d;
	size_t i, k, seen = 0;

	for (k = 0; k < G_N_ELEMENTS(corpus_dirs); k++) {
		dir = corpus_path(corpus_dirs[k]);
		d = g_dir_open(dir, 0, NULL);
		g_assert_nonnull(d);
		while ((name = g_dir_read_name(d)) != NULL) {
			if (!g_str_has_suffix(name, ".eml"))
				continue;
			rel = g_build_filename(corpus_dirs[k], name, NULL);
			for (i = 0; i < G_N_ELEMENTS(wants); i++)
				if (strcmp(wants[i].file, rel) == 0)
					break;
			if (i == G_N_ELEMENTS(wants))
				g_error("corpus file %s has no test row", rel);
			seen++;
			g_free(rel);
		}
		g_dir_close(d);
		g_free(dir);
	}
	g_assert_cmpuint(seen, ==, G_N_ELEMENTS(wants));
}

/* Parses the whole corpus and says how long it took. */
static void
test_corpus_timing(void)
{
	gchar *path, *buf;
	gsize len;
	gint64 t0, total = 0, worst = 0;
	const char *worst_file = NULL;
	size_t i;
	struct message *m;

	for (i = 0; i < G_N_ELEMENTS(wants); i++) {
		path = corpus_path(wants[i].file);
		g_assert_true(g_file_get_contents(path, &buf, &len, NULL));
		t0 = g_get_monotonic_time();
		m = mime_parse(buf, len, NULL);
		t0 = g_get_monotonic_time() - t0;
		total += t0;
		if (t0 > worst) {
			worst = t0;
			worst_file = wants[i].file;
		}
		mime_message_free(m);
		g_free(buf);
		g_free(path);
	}
	g_test_message("corpus: %zu mails in %.1f ms (%.2f ms each); "
	    "slowest %s %.1f ms", G_N_ELEMENTS(wants), total / 1000.0,
	    total / 1000.0 / G_N_ELEMENTS(wants), worst_file, worst / 1000.0);
}

/* ------------------------------------------------------------------ */
/* Single corpus mails in detail                                       */

static void
test_headers_reply(void)
{
	struct message *m = parse_file("replies/01-gmail-en-approve.eml", NULL);

	g_assert_cmpstr(m->from.name, ==, "陈晓燕");
	g_assert_cmpstr(m->in_reply_to, ==, "<gk-2026-0007.review."
	    "abcdefghijklmnopqrstuvwxyz234567abcdefghij@fao.example.test>");
	g_assert_cmpuint(m->references.n, ==, 1);
	g_assert_cmpstr(m->references.v[0], ==, m->in_reply_to);
	g_assert_cmpuint(m->to.n, ==, 1);
	g_assert_cmpstr(m->to.v[0].addr, ==, TOKEN_TO);
	g_assert_cmpuint(m->delivered_to.n, ==, 1);
	g_assert_cmpstr(m->delivered_to.v[0].addr, ==, TOKEN_TO);
	g_assert_cmpstr(m->return_path, ==, CHUSHEN);
	g_assert_false(m->return_path_empty);
	g_assert_true(m->date_valid);
	g_assert_cmpuint(m->auth_results.n, ==, 1);
	g_assert_true(g_str_has_prefix(m->auth_results.v[0],
	    "mail.fao.example.test; dkim=pass"));
	g_assert_nonnull(strstr(m->auth_results.v[0], "dmarc=pass"));
	g_assert_nonnull(m->message_id);
	g_assert_cmpint(m->message_id[0], ==, '<');
	mime_message_free(m);
}

static void
test_references_trailing_comma(void)
{
	struct message *m = parse_file(
	    "replies/06b-foxmail-fullwidth-header-block.eml", NULL);

	g_assert_null(m->in_reply_to);
	g_assert_cmpuint(m->references.n, ==, 1);
	g_assert_true(g_str_has_prefix(m->references.v[0], "<gk-2026-0007."));
	mime_message_free(m);
}

/*
 * A Message-ID without angle brackets is taken as a bare token, cleaned
 * as every header value is: valid UTF-8, no control character, no stray
 * '>' (found by tests/fuzz/fuzz_mime: the token went out as it came).
 */
static void
test_msgid_bare_cleaned(void)
{
	struct message *m;

	m = parse_str("From: a@example.test\r\n"
	    "Message-ID: ab\xd8x@example.test\r\n"
	    "In-Reply-To: q\x01r@example.test\r\n"
	    "References: r@example.test> s@example.test\r\n\r\nbody\r\n");
	g_assert_cmpstr(m->message_id, ==, "<ab\xef\xbf\xbdx@example.test>");
	g_assert_null(m->in_reply_to);
	g_assert_cmpuint(m->references.n, ==, 1);
	g_assert_cmpstr(m->references.v[0], ==, "<s@example.test>");
	mime_message_free(m);
}

static void
test_auth_results_order(void)
{
	struct message *m = parse_file(
	    "hostile/h02-authentication-results-injection.eml", NULL);

	g_assert_cmpuint(m->auth_results.n, ==, 2);
	g_assert_nonnull(strstr(m->auth_results.v[0], "dmarc=fail"));
	g_assert_nonnull(strstr(m->auth_results.v[1], "dmarc=pass"));
	mime_message_free(m);
}

static void
test_names_decoded(void)
{
	struct message *m;

	m = parse_file("requests/01-foxmail-gb2312-label-gbk-chars.eml", NULL);
	g_assert_cmpstr(m->from.name, ==, "何镕");
	mime_message_free(m);
	m = parse_file("requests/02-qqmail-web-gb18030-nbsp.eml", NULL);
	g_assert_cmpstr(m->from.name, ==, "娜娜🌸");
	mime_message_free(m);
	m = parse_file("requests/06-big5-hongkong-traditional.eml", NULL);
	g_assert_cmpstr(m->from.name, ==, "陳嘉欣");
	mime_message_free(m);
	m = parse_file("requests/03-outlook-qp-utf8-gb2312-subject.eml", NULL);
	g_assert_cmpstr(m->from.name, ==, "王玥");
	mime_message_free(m);
	m = parse_file("hostile/h03-crlf-header-injection.eml", NULL);
	g_assert_cmpstr(m->from.name, ==,
	    "王五 Bcc: everyone@victim.example.test");
	g_assert_cmpuint(m->from_count, ==, 1);
	mime_message_free(m);
}

static void
test_attachment_bytes(void)
{
	struct message *m;
	const struct mime_attachment *a;

	m = parse_file("requests/04-gmail-utf8-jpeg-rfc2231.eml", NULL);
	a = &m->attachments[0];
	g_assert_cmpstr(a->content_type, ==, "image/jpeg");
	g_assert_cmpuint(a->len, ==, 7003);
	g_assert_cmpint(a->data[0], ==, 0xff);
	g_assert_cmpint(a->data[1], ==, 0xd8);
	g_assert_cmpstr(a->sha256, ==, "f67399dcc0242a7769cc4a1df1346eee"
	    "7c79472ef16bceb0bd1b915d4ea0fff5");
	mime_message_free(m);

	m = parse_file("hostile/h10-zip-bomb-attachments.eml", NULL);
	g_assert_cmpuint(m->attachments[0].len, ==, 8122);
	g_assert_cmpuint(m->attachments[1].len, ==, 58505);
	g_assert_cmpint(m->attachments[0].data[0], ==, 'P');
	mime_message_free(m);
}

static void
test_traversal_names(void)
{
	struct message *m = parse_file(
	    "hostile/h09-attachment-path-traversal.eml", NULL);

	g_assert_cmpuint(m->nattachments, ==, 2);
	g_assert_cmpstr(m->attachments[0].orig_filename, ==,
	    "../../etc/passwd");
	g_assert_cmpstr(m->attachments[1].orig_filename, ==,
	    "..\\..\\..\\Windows\\win.ini");
	g_assert_cmpstr(m->attachments[0].content_type, ==, "text/plain");
	mime_message_free(m);
}

static void
test_nul_bytes(void)
{
	struct message *m = parse_file("hostile/h08-nul-bytes-in-body.eml",
	    NULL);

	g_assert_nonnull(strstr(m->text, "姓名：赵六\n"));
	g_assert_nonnull(strstr(m->text, "110101199003070000"));
	g_assert_nonnull(strstr(m->text, "载体形式：电子文档"));
	mime_message_free(m);
}

static void
test_header_too_long(void)
{
	struct mime_limits lim;
	struct message *m;

	m = parse_file("hostile/h07-header-line-100000-chars.eml", NULL);
	g_assert_true(g_str_has_prefix(m->subject, "政府信息公开申请"));
	g_assert_cmpuint(strlen(m->subject), <=, MIME_MAX_HEADER_BYTES_DEFAULT);
	g_assert_cmpuint(strlen(m->subject), >, 1000);
	g_assert_null(m->hold_reason);
	mime_message_free(m);

	mime_limits_default(&lim);
	lim.max_header_bytes = 120;
	m = parse_file("hostile/h07-header-line-100000-chars.eml", &lim);
	assert_invariants(m, &lim);
	g_assert_cmpuint(strlen(m->subject), <=, 120);
	g_assert_true(mime_has_defect(m, "header-too-long"));
	g_assert_cmpstr(m->from.addr, ==, "longline@mail.example.test");
	mime_message_free(m);
}

static void
test_dsn_failed(void)
{
	struct message *m = parse_file(
	    "automatic/a3-exim-dsn-5.1.1-answer-bounced.eml", NULL);

	g_assert_true(m->return_path_empty);
	g_assert_cmpstr(m->return_path, ==, "");
	g_assert_cmpstr(m->content_type, ==, "multipart/report");
	g_assert_cmpstr(m->report_type, ==, "delivery-status");
	g_assert_true(m->dsn.present);
	g_assert_cmpstr(m->dsn.action, ==, "failed");
	g_assert_cmpstr(m->dsn.status, ==, "5.1.1");
	g_assert_cmpstr(m->dsn.final_recipient, ==,
	    "zhang.zhe@qq.example.test");
	g_assert_cmpstr(m->dsn.original_message_id, ==,
	    "<gk-2026-0007.answer.1@fao.example.test>");
	g_assert_cmpstr(m->auto_submitted, ==, "auto-replied");
	/* The X-Loop of the returned mail is not the bounce's own. */
	g_assert_cmpuint(m->x_loop.n, ==, 0);
	g_assert_cmpuint(m->nattachments, ==, 0);
	mime_message_free(m);
}

static void
test_dsn_delayed(void)
{
	struct message *m = parse_file(
	    "automatic/a4-exchange-dsn-4.4.7-delayed.eml", NULL);

	g_assert_true(m->return_path_empty);
	g_assert_cmpstr(m->dsn.action, ==, "delayed");
	g_assert_cmpstr(m->dsn.status, ==, "4.4.7");
	g_assert_cmpstr(m->dsn.final_recipient, ==,
	    "zhao.lawyer@shilaw.example.test");
	g_assert_cmpstr(m->dsn.original_message_id, ==,
	    "<gk-2026-0009.ack.1@fao.example.test>");
	g_assert_null(m->auto_submitted);
	mime_message_free(m);
}

static void
test_list_headers(void)
{
	struct message *m = parse_file(
	    "automatic/a5-mailman-list-precedence-list.eml", NULL);

	g_assert_cmpstr(m->precedence, ==, "list");
	g_assert_cmpstr(m->list_id, ==,
	    "政务公开工作交流 <gkwork.lists.gov.example.test>");
	mime_message_free(m);
}

/* ------------------------------------------------------------------ */
/* Depth, size and count limits                                        */

struct thread_arg {
	const char		*raw;
	size_t			 len;
	struct message		*m;
};

static void *
parse_thread(void *arg)
{
	struct thread_arg *t = arg;

	t->m = mime_parse(t->raw, t->len, NULL);
	return NULL;
}

/* Parses in a thread whose stack is only stack_kib KiB. */
static struct message *
parse_small_stack(const char *raw, size_t len, size_t stack_kib)
{
	struct thread_arg t = { raw, len, NULL };
	pthread_attr_t attr;
	pthread_t th;

	g_assert_cmpint(pthread_attr_init(&attr), ==, 0);
	g_assert_cmpint(pthread_attr_setstacksize(&attr, stack_kib * 1024), ==,
	    0);
	g_assert_cmpint(pthread_create(&th, &attr, parse_thread, &t), ==, 0);
	g_assert_cmpint(pthread_join(th, NULL), ==, 0);
	pthread_attr_destroy(&attr);
	return t.m;
}

static void
test_deep_h04(void)
{
	gchar *path = corpus_path("hostile/h04-multipart-nested-10000.eml");
	gchar *buf;
	gsize len;
	struct message *m;

	g_assert_true(g_file_get_contents(path, &buf, &len, NULL));
	g_assert_cmpuint(len, ==, 741249);
	m = parse_small_stack(buf, len, 512);
	assert_invariants(m, NULL);
	g_assert_cmpstr(m->hold_reason, ==, "mime-too-deep");
	g_assert_cmpstr(m->subject, ==, "政府信息公开申请");
	g_assert_cmpstr(m->content_type, ==, "multipart/mixed");
	mime_message_free(m);
	g_free(buf);
	g_free(path);
}

/* One of three shapes, nested 10,000 deep. */
static GString *
deep_message(int shape)
{
	GString *s = g_string_new("From: a@example.test\r\nSubject: deep\r\n");
	int i;

	for (i = 0; i < 10000; i++) {
		if (shape == 0)
			g_string_append(s, "Content-Type: message/rfc822\r\n"
			    "\r\nSubject: x\r\n");
		else if (shape == 1)
			g_string_append_printf(s, "Content-Type: multipart/"
			    "mixed; boundary=\"b%d\"\r\n\r\n--b%d\r\n"
			    "Content-Type: message/rfc822\r\n\r\n"
			    "Subject: x\r\n", i, i);
		else
			g_string_append(s, "Content-Type: multipart/mixed; "
			    "boundary=\"b\"\r\n\r\n--b\r\n");
	}
	g_string_append(s, "Content-Type: text/plain\r\n\r\nbottom\r\n");
	return s;
}

/* Deep nesting of each kind GMime recurses on. */
static void
test_deep_generated(void)
{
	GString *s;
	struct message *m;
	int k;

	for (k = 0; k < 3; k++) {
		s = deep_message(k);
		m = parse_small_stack(s->str, s->len, 512);
		assert_invariants(m, NULL);
		g_assert_cmpstr(m->hold_reason, ==, "mime-too-deep");
		g_assert_null(strstr(m->text, "bottom"));
		mime_message_free(m);
		g_string_free(s, TRUE);
	}
}

/* A repaired boundary is held to the same depth cap. */
static void
test_deep_repaired(void)
{
	GString *s = g_string_new("From: a@example.test\r\nContent-Type: "
	    "multipart/mixed; boundary=\"declared\"\r\n\r\n--used\r\n");
	struct message *m;
	int i;

	for (i = 0; i < 100; i++)
		g_string_append_printf(s, "Content-Type: multipart/mixed; "
		    "boundary=\"b%d\"\r\n\r\n--b%d\r\n", i, i);
	g_string_append(s, "Content-Type: text/plain\r\n\r\nbottom\r\n");
	m = parse_small_stack(s->str, s->len, 512);
	assert_invariants(m, NULL);
	g_assert_true(mime_has_defect(m, "boundary-repaired"));
	g_assert_cmpstr(m->hold_reason, ==, "mime-too-deep");
	g_assert_null(strstr(m->text, "bottom"));
	mime_message_free(m);
	g_string_free(s, TRUE);
}

/* 31 levels are fine, and the text at the bottom is found. */
static void
test_depth_within_cap(void)
{
	GString *s = g_string_new("From: a@example.test\r\n");
	struct message *m;
	int i;

	for (i = 0; i < 31; i++)
		g_string_append_printf(s, "Content-Type: multipart/mixed; "
		    "boundary=\"b%d\"\r\n\r\n--b%d\r\n", i, i);
	g_string_append(s, "Content-Type: text/plain\r\n\r\nbottom\r\n");
	m = mime_parse(s->str, s->len, NULL);
	g_assert_null(m->hold_reason);
	g_assert_cmpstr(m->text, ==, "bottom\n");
	mime_message_free(m);
	g_string_free(s, TRUE);
}

static void
test_too_many_parts(void)
{
	GString *s = g_string_new("From: a@example.test\r\nContent-Type: "
	    "multipart/mixed; boundary=\"b\"\r\n\r\n");
	struct message *m;
	int i;

	for (i = 0; i < 2000; i++)
		g_string_append_printf(s, "--b\r\nContent-Type: "
		    "application/octet-stream\r\n\r\npart %d\r\n", i);
	g_string_append(s, "--b--\r\n");
	m = mime_parse(s->str, s->len, NULL);
	assert_invariants(m, NULL);
	g_assert_cmpstr(m->hold_reason, ==, "too-many-parts");
	g_assert_cmpuint(m->nattachments, <=, MIME_MAX_PARTS_DEFAULT);
	mime_message_free(m);
	g_string_free(s, TRUE);
}

static void
test_too_large(void)
{
	struct mime_limits lim;
	struct message *m;

	mime_limits_default(&lim);
	lim.max_bytes = 4096;
	m = parse_file("requests/04-gmail-utf8-jpeg-rfc2231.eml", &lim);
	assert_invariants(m, &lim);
	g_assert_cmpstr(m->hold_reason, ==, "too-large");
	g_assert_cmpstr(m->subject, ==, "申请公开本人因公出国任务批件");
	g_assert_cmpstr(m->from.addr, ==, "liu.mingxuan@gmail.example.test");
	g_assert_cmpstr(m->text, ==, "");
	g_assert_cmpuint(m->nattachments, ==, 0);
	mime_message_free(m);
}

/* A boundary made of many "--" lines deep down stays linear. */
static void
test_boundary_flood(void)
{
	GString *s = g_string_new("From: a@example.test\r\n");
	struct message *m;
	gint64 t0;
	int i;

	for (i = 0; i < 1100; i++)
		g_string_append_printf(s, "Content-Type: multipart/mixed; "
		    "boundary=\"b%05d\"\r\n\r\n--b%05d\r\n", i, i);
	g_string_append(s, "Content-Type: text/plain\r\n\r\n");
	for (i = 0; i < 200000; i++)
		g_string_append(s, "--x\r\n");
	t0 = g_get_monotonic_time();
	m = mime_parse(s->str, s->len, NULL);
	g_test_message("boundary flood (%zu bytes): %.1f ms", s->len,
	    (g_get_monotonic_time() - t0) / 1000.0);
	g_assert_cmpstr(m->hold_reason, ==, "mime-too-deep");
	mime_message_free(m);
	g_string_free(s, TRUE);
}

/* ------------------------------------------------------------------ */
/* Charsets and RFC 2047                                               */

struct text_case {
	const char	*name;
	const char	*raw;
	const char	*subject;	/* NULL: not checked */
	const char	*text;		/* exact */
	const char	*defect;	/* must be present, or NULL */
};

static const struct text_case text_cases[] = {
	{ "gb2312 label, GBK-only character",
	    "Subject: x\r\nContent-Type: text/plain; charset=gb2312\r\n\r\n"
	    "\xba\xce\xe9\x46\r\n", "x", "何镕\n", NULL },
	{ "no label, GBK bytes",
	    "Subject: x\r\nContent-Type: text/plain\r\n\r\n"
	    "\xd6\xd0\xce\xc4\xd3\xca\xbc\xfe\r\n", "x", "中文邮件\n",
	    "charset-fallback" },
	{ "unknown label, Big5 bytes",
	    "Subject: x\r\nContent-Type: text/plain; charset=x-nonsense\r\n\r\n"
	    "\xa4\xa4\xa4\xe5\xbb\xb2\xa7\x55\r\n", "x", "中文輔助\n",
	    "charset-fallback" },
	{ "us-ascii label, UTF-8 bytes",
	    "Subject: x\r\nContent-Type: text/plain; charset=us-ascii\r\n\r\n"
	    "同意\r\n", "x", "同意\n", "charset-fallback" },
	{ "latin-1 label, plainly UTF-8",
	    "Subject: x\r\nContent-Type: text/plain; charset=iso-8859-1\r\n\r\n"
	    "同意，请尽快\r\n", "x", "同意，请尽快\n", "charset-fallback" },
	{ "latin-1 label, latin-1 bytes",
	    "Subject: x\r\nContent-Type: text/plain; charset=iso-8859-1\r\n\r\n"
	    "caf\xe9\r\n", "x", "café\n", NULL },
	{ "utf-8 label, a broken byte",
	    "Subject: x\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n"
	    "同意\xff，请尽快执行\r\n", "x", "同意\xef\xbf\xbd，请尽快执行\n",
	    "charset-fallback" },
	{ "utf-8 label, truncated at the end",
	    "Subject: x\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n"
	    "同意同意同意\xe5\x90", "x", "同意同意同意\xef\xbf\xbd\xef\xbf\xbd",
	    "charset-fallback" },
	{ "QP soft break inside a character",
	    "Subject: x\r\nContent-Type: text/plain; charset=utf-8\r\n"
	    "Content-Transfer-Encoding: quoted-printable\r\n\r\n"
	    "=E5=\r\n=90=8C=E6=84=8F\r\n", "x", "同意\n", NULL },
	{ "RFC 2047: padding before the next word",
	    "Subject: =?UTF-8?B?5ZCM?= =?UTF-8?B?5oSP?=\r\n\r\n", "同意", "",
	    NULL },
	{ "RFC 2047: a character split between words",
	    "Subject: =?UTF-8?Q?=E5=90?= =?UTF-8?Q?=8C=E6=84=8F?=\r\n\r\n",
	    "同意", "", NULL },
	{ "RFC 2047: gb2312 words, text between kept",
	    "Subject: Re: =?gb2312?B?us7pRg==?= and =?GBK?Q?=BA=CE?=\r\n\r\n",
	    "Re: 何镕 and 何", "", NULL },
	{ "RFC 2047: malformed word left alone",
	    "Subject: =?UTF-8?B?5ZCM =?x?=\r\n\r\n", "=?UTF-8?B?5ZCM =?x?=", "",
	    NULL },
	{ "raw 8-bit GBK subject",
	    "Subject: \xba\xce\xe9\x46\xb5\xc4\xc9\xea\xc7\xeb\r\n\r\n",
	    "何镕的申请", "", NULL },
	{ "raw 8-bit UTF-8 subject",
	    "Subject: 同意 approve\r\n\r\n", "同意 approve", "", NULL },
	{ "CR, LF and U+2028 in an encoded subject",
	    "Subject: =?UTF-8?B?YQ0KQmNjOiB4QHkNCgkgeuKAqHE=?=\r\n\r\n",
	    "a Bcc: x@y z q", "", NULL },
	{ "bare CR in the body is a space",
	    "Subject: x\r\n\r\n王五\rBcc: a@b\r\nnext\r\n", "x",
	    "王五 Bcc: a@b\nnext\n", NULL },
	{ "control characters in the body",
	    "Subject: x\r\n\r\na\x01" "b\x1b" "c\td\x7f\r\n", "x",
	    "a b c\td \n",
	    NULL },
	{ "NUL in a header and the body",
	    "Subject: a\0b\r\n\r\nx\0y\r\n", "a b", "xy\n", "nul-bytes" },
	{ "invalid base64, line by line",
	    "Subject: x\r\nContent-Type: text/plain; charset=utf-8\r\n"
	    "Content-Transfer-Encoding: base64\r\n\r\n5ZCM5oSP\r\n!!junk!!\r\n"
	    "CuivtyA=\r\n", "x", "同意\n请 ", "invalid-base64" },
};

static void
test_text_case(gconstpointer data)
{
	const struct text_case *c = data;
	size_t len = strlen(c->raw);
	struct message *m;

	/* The NUL case holds two NULs inside the literal. */
	if (strstr(c->name, "NUL") != NULL)
		len = sizeof("Subject: a\0b\r\n\r\nx\0y\r\n") - 1;
	m = mime_parse(c->raw, len, NULL);
	assert_invariants(m, NULL);
	if (c->subject != NULL)
		g_assert_cmpstr(m->subject, ==, c->subject);
	g_assert_cmpstr(m->text, ==, c->text);
	if (c->defect != NULL && !mime_has_defect(m, c->defect))
		g_error("%s: defect %s missing", c->name, c->defect);
	mime_message_free(m);
}

/*
 * A correct label on bytes that decode under it is kept: never re-read as
 * GB18030 because the text is not Chinese (Спасибо once became
 * 小锌邪褋懈斜芯).  Each as a body, as a B-word and as a Q-word subject;
 * none notes charset-fallback.
 */
struct intl_case {
	const char	*label;
	const char	*lang;
	const char	*bytes;
	const char	*want;
};

static const struct intl_case intl_cases[] = {
	{ "utf-8", "Russian",
	    "\xd0\xa1\xd0\xbf\xd0\xb0\xd1\x81\xd0\xb8\xd0\xb1\xd0\xbe, \xd0\xb2\xd1\x81\xd1\x91 \xd0\xb2\xd0\xb5\xd1\x80\xd0\xbd\xd0\xbe. \xd0\xa1\xd0\xbe\xd0\xb3\xd0\xbb\xd0\xb0\xd1\x81\xd0\xb5\xd0\xbd.",
	    "Спасибо, всё верно. Согласен." },
	{ "utf-8", "Greek",
	    "\xce\x95\xcf\x85\xcf\x87\xce\xb1\xcf\x81\xce\xb9\xcf\x83\xcf\x84\xcf\x8e \xcf\x80\xce\xbf\xce\xbb\xcf\x8d, \xce\xb5\xce\xb3\xce\xba\xcf\x81\xce\xaf\xce\xbd\xce\xb5\xcf\x84\xce\xb1\xce\xb9.",
	    "Ευχαριστώ πολύ, εγκρίνεται." },
	{ "utf-8", "Japanese",
	    "\xe3\x81\x82\xe3\x82\x8a\xe3\x81\x8c\xe3\x81\xa8\xe3\x81\x86\xe3\x81\x94\xe3\x81\x96\xe3\x81\x84\xe3\x81\xbe\xe3\x81\x99\xe3\x80\x82\xe6\x89\xbf\xe8\xaa\x8d\xe3\x81\x97\xe3\x81\xbe\xe3\x81\x99\xe3\x80\x82",
	    "ありがとうございます。承認します。" },
	{ "utf-8", "Korean",
	    "\xea\xb0\x90\xec\x82\xac\xed\x95\xa9\xeb\x8b\x88\xeb\x8b\xa4. \xec\x8a\xb9\xec\x9d\xb8\xed\x95\xa9\xeb\x8b\x88\xeb\x8b\xa4.",
	    "감사합니다. 승인합니다." },
	{ "utf-8", "Vietnamese",
	    "C\xe1\xba\xa3m \xc6\xa1n, t\xc3\xb4i \xc4\x91\xe1\xbb\x93ng \xc3\xbd.",
	    "Cảm ơn, tôi đồng ý." },
	{ "utf-8", "Arabic",
	    "\xd8\xb4\xd9\x83\xd8\xb1\xd8\xa7 \xd8\xac\xd8\xb2\xd9\x8a\xd9\x84\xd8\xa7\xd8\x8c \xd9\x85\xd9\x88\xd8\xa7\xd9\x81\xd9\x82.",
	    "شكرا جزيلا، موافق." },
	{ "utf-8", "mixed",
	    "\xe5\x90\x8c\xe6\x84\x8f \xd0\xa1\xd0\xbf\xd0\xb0\xd1\x81\xd0\xb8\xd0\xb1\xd0\xbe \xce\x95\xcf\x85\xcf\x87\xce\xb1\xcf\x81\xce\xb9\xcf\x83\xcf\x84\xcf\x8e \xe3\x81\x82\xe3\x82\x8a\xe3\x81\x8c\xe3\x81\xa8\xe3\x81\x86 \xea\xb0\x90\xec\x82\xac \xd8\xb4\xd9\x83\xd8\xb1\xd8\xa7 C\xe1\xba\xa3m \xc6\xa1n",
	    "同意 Спасибо Ευχαριστώ ありがとう 감사 شكرا Cảm ơn" },
	{ "koi8-r", "Russian",
	    "\xf3\xd0\xc1\xd3\xc9\xc2\xcf, \xd7\xd3\xa3 \xd7\xc5\xd2\xce\xcf. \xf3\xcf\xc7\xcc\xc1\xd3\xc5\xce.",
	    "Спасибо, всё верно. Согласен." },
	{ "windows-1251", "Russian",
	    "\xd1\xef\xe0\xf1\xe8\xe1\xee, \xe2\xf1\xb8 \xe2\xe5\xf0\xed\xee. \xd1\xee\xe3\xeb\xe0\xf1\xe5\xed.",
	    "Спасибо, всё верно. Согласен." },
	{ "iso-8859-5", "Russian",
	    "\xc1\xdf\xd0\xe1\xd8\xd1\xde, \xd2\xe1\xf1 \xd2\xd5\xe0\xdd\xde.",
	    "Спасибо, всё верно." },
	{ "iso-8859-7", "Greek",
	    "\xc5\xf5\xf7\xe1\xf1\xe9\xf3\xf4\xfe \xf0\xef\xeb\xfd, \xe5\xe3\xea\xf1\xdf\xed\xe5\xf4\xe1\xe9.",
	    "Ευχαριστώ πολύ, εγκρίνεται." },
	{ "windows-1253", "Greek",
	    "\xc5\xf5\xf7\xe1\xf1\xe9\xf3\xf4\xfe \xf0\xef\xeb\xfd.",
	    "Ευχαριστώ πολύ." },
	{ "shift_jis", "Japanese",
	    "\x82\xa0\x82\xe8\x82\xaa\x82\xc6\x82\xa4\x82\xb2\x82\xb4\x82\xa2\x82\xdc\x82\xb7\x81" "B\x8f\xb3\x94" "F\x82\xb5\x82\xdc\x82\xb7\x81" "B",
	    "ありがとうございます。承認します。" },
	{ "euc-jp", "Japanese",
	    "\xa4\xa2\xa4\xea\xa4\xac\xa4\xc8\xa4\xa6\xa4\xb4\xa4\xb6\xa4\xa4\xa4\xde\xa4\xb9\xa1\xa3\xbe\xb5\xc7\xa7\xa4\xb7\xa4\xde\xa4\xb9\xa1\xa3",
	    "ありがとうございます。承認します。" },
	{ "iso-2022-jp", "Japanese",
	    "\x1b$B$\x22$j$,$H$&$4$6$$$^$9!#>5G'$7$^$9!#\x1b(B",
	    "ありがとうございます。承認します。" },
	{ "euc-kr", "Korean",
	    "\xb0\xa8\xbb\xe7\xc7\xd5\xb4\xcf\xb4\xd9. \xbd\xc2\xc0\xce\xc7\xd5\xb4\xcf\xb4\xd9.",
	    "감사합니다. 승인합니다." },
	{ "windows-1256", "Arabic",
	    "\xd4\xdf\xd1\xc7 \xcc\xd2\xed\xe1\xc7\xa1 \xe3\xe6\xc7\xdd\xde.",
	    "شكرا جزيلا، موافق." },
	{ "iso-8859-6", "Arabic",
	    "\xd4\xe3\xd1\xc7 \xcc\xd2\xea\xe4\xc7",
	    "شكرا جزيلا" },
	{ "windows-1258", "Vietnamese",
	    "Ca\xd2m \xf5n, t\xf4i \xf0\xf4\xccng y\xec.",
	    "Cảm ơn, tôi đồng ý." },
};

static void
test_intl_case(gconstpointer data)
{
	const struct intl_case *c = data;
	struct message *m;
	gchar *raw, *b64, *q;
	GString *qw;
	const unsigned char *p;

	/* The body. */
	raw = g_strdup_printf("Subject: x\r\nContent-Type: text/plain; "
	    "charset=%s\r\n\r\n%s\r\n", c->label, c->bytes);
	m = mime_parse(raw, strlen(raw), NULL);
	assert_invariants(m, NULL);
	q = g_strdup_printf("%s\n", c->want);
	g_assert_cmpstr(m->text, ==, q);
	g_assert_false(mime_has_defect(m, "charset-fallback"));
	mime_message_free(m);
	g_free(raw);
	g_free(q);

	/* A B-word subject. */
	b64 = g_base64_encode((const guchar *)c->bytes, strlen(c->bytes));
	raw = g_strdup_printf("Subject: =?%s?B?%s?=\r\n\r\n", c->label,
	    b64);
	m = mime_parse(raw, strlen(raw), NULL);
	g_assert_cmpstr(m->subject, ==, c->want);
	g_assert_false(mime_has_defect(m, "charset-fallback"));
	mime_message_free(m);
	g_free(raw);
	g_free(b64);

	/* A Q-word subject. */
	qw = g_string_new(NULL);
	for (p = (const unsigned char *)c->bytes; *p != '\0'; p++)
		if (g_ascii_isalnum(*p))
			g_string_append_c(qw, *p);
		else if (*p == ' ')
			g_string_append_c(qw, '_');
		else
			g_string_append_printf(qw, "=%02X", *p);
	raw = g_strdup_printf("Subject: =?%s?Q?%s?=\r\n\r\n", c->label,
	    qw->str);
	m = mime_parse(raw, strlen(raw), NULL);
	g_assert_cmpstr(m->subject, ==, c->want);
	g_assert_false(mime_has_defect(m, "charset-fallback"));
	mime_message_free(m);
	g_free(raw);
	g_string_free(qw, TRUE);
}

/* Bytes that do not decode under their label still fall back, and the
 * fallback is noted. */
static void
test_intl_invalid(void)
{
	struct message *m;
	const char *raw;

	/* UTF-8 Cyrillic with one broken byte: damaged UTF-8, not GB18030. */
	raw = "Subject: x\r\nContent-Type: text/plain; charset=utf-8\r\n"
	    "\r\n\xd0\xa1\xd0\xbf\xd0\xb0\xd1\x81\xd0\xb8\xd0\xb1"
	    "\xd0\xbe\xff\r\n";
	m = mime_parse(raw, strlen(raw), NULL);
	g_assert_cmpstr(m->text, ==, "Спасибо\xef\xbf\xbd\n");
	g_assert_true(mime_has_defect(m, "charset-fallback"));
	mime_message_free(m);
	/* A UTF-8 body labelled windows-1251 (it decodes as РЎРїР°...):
	 * plainly UTF-8 bytes are UTF-8 whatever the label. */
	raw = "Subject: x\r\nContent-Type: text/plain; "
	    "charset=windows-1251\r\n\r\n\xd0\xa1\xd0\xbf\xd0\xb0"
	    "\xd1\x81\xd0\xb8\xd0\xb1\xd0\xbe\r\n";
	m = mime_parse(raw, strlen(raw), NULL);
	g_assert_cmpstr(m->text, ==, "Спасибо\n");
	g_assert_true(mime_has_defect(m, "charset-fallback"));
	mime_message_free(m);
	/* Russian in a gb2312 label (GB2312 holds Cyrillic): kept. */
	raw = "Subject: x\r\nContent-Type: text/plain; charset=gb2312\r\n"
	    "\r\n\xa7\xb3\xa7\xe1\xa7\xd1\xa7\xe3\xa7\xda\xa7\xd2"
	    "\xa7\xe0\r\n";
	m = mime_parse(raw, strlen(raw), NULL);
	g_assert_cmpstr(m->text, ==, "Спасибо\n");
	g_assert_false(mime_has_defect(m, "charset-fallback"));
	mime_message_free(m);
}

/* ------------------------------------------------------------------ */
/* format=flowed                                                       */

static void
test_flowed(void)
{
	static const struct {
		const char *ct, *body, *want;
	} cases[] = {
		{ "format=flowed; delsp=yes", "中文 \r\n继续\r\n",
		    "中文继续\n" },
		{ "format=flowed", "one \r\ntwo\r\n", "one two\n" },
		{ "format=flowed", " >not quoted\r\n", ">not quoted\n" },
		{ "format=flowed", "> a \r\n> b\r\nc\r\n", "> a b\nc\n" },
		{ "format=flowed", "> a \r\nb\r\n", "> a \nb\n" },
		{ "format=flowed", "-- \r\nsig\r\n", "-- \nsig\n" },
		{ "format=flowed", "Hi \r\n\r\nthere\r\n", "Hi \nthere\n" },
		{ "format=flowed",
		    "----- Original Message ----- \r\nFrom: x\r\nTo: y\r\n",
		    "----- Original Message ----- \nFrom: x\nTo: y\n" },
		{ "format=flowed; delsp=yes", "ok \r\n发件人：x\r\n",
		    "ok\n发件人：x\n" },
		{ "format=fixed", "one \r\ntwo\r\n", "one \ntwo\n" },
	};
	gchar *raw;
	struct message *m;
	size_t i;

	for (i = 0; i < G_N_ELEMENTS(cases); i++) {
		raw = g_strdup_printf("Subject: f\r\nContent-Type: text/plain; "
		    "charset=utf-8; %s\r\n\r\n%s", cases[i].ct, cases[i].body);
		m = parse_str(raw);
		if (strcmp(m->text, cases[i].want) != 0)
			g_error("flowed %zu: got [%s] want [%s]", i, m->text,
			    cases[i].want);
		mime_message_free(m);
		g_free(raw);
	}
}

/* ------------------------------------------------------------------ */
/* HTML                                                                */

static void
test_html(void)
{
	static const struct {
		const char *html, *want;
	} cases[] = {
		{ "<div>同意</div><blockquote>APPROVE<blockquote>x</blockquote>"
		    "still quoted</blockquote><div>after</div>",
		    "同意\nafter" },
		{ "<p>A</p><div class=\"gmail_quote foo\"><div>q</div></div>",
		    "A" },
		{ "<div>REJECT: r</div><hr><div id=\"divRplyFwdMsg\">From: x"
		    "</div><div>notice</div>", "REJECT: r" },
		{ "<div>ok</div><div id=divRplyFwdMsg>From</div>tail", "ok" },
		{ "a&nbsp;b &amp; &lt;c&gt; &#x4E2D;&#25991; &bogus; &",
		    "a\xc2\xa0" "b & <c> 中文 &bogus; &" },
		{ "<html><head><title>T</title><style>p{}</style></head>"
		    "<body>x<br>y<br/><br>z</body></html>", "x\ny\n\nz" },
		{ "<script>alert('<div>')</script>visible<!-- <b>hid</b> -->",
		    "visible" },
		{ "one\n  two\t three", "one two three" },
		{ "<pre>  a\n  b</pre>", "a\nb" },
		{ "<table><tr><td>发件人:</td><td>x</td></tr></table>",
		    "发件人: x" },
		{ "<div>unclosed <b>bold", "unclosed bold" },
		{ "<blockquote>never closed", "" },
		{ "x < y and <3", "x < y and <3" },
		{ "<div title=\"a>b\">t</div>", "t" },
		{ "<hr>", "________________________________" },
	};
	gchar *raw;
	struct message *m;
	size_t i;

	for (i = 0; i < G_N_ELEMENTS(cases); i++) {
		raw = g_strdup_printf("Subject: h\r\nContent-Type: text/html; "
		    "charset=utf-8\r\n\r\n%s", cases[i].html);
		m = parse_str(raw);
		g_assert_true(m->text_from_html);
		if (strcmp(m->text, cases[i].want) != 0)
			g_error("html %zu: got [%s] want [%s]", i, m->text,
			    cases[i].want);
		mime_message_free(m);
		g_free(raw);
	}
}

/* The plain alternative wins; an empty one gives way to the HTML. */
static void
test_alternative(void)
{
	static const char alt[] =
	    "Subject: a\r\nContent-Type: multipart/alternative; boundary=b\r\n"
	    "\r\n--b\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n%s\r\n"
	    "--b\r\nContent-Type: text/html; charset=gbk\r\n\r\n"
	    "<div>\xcd\xac\xd2\xe2</div>\r\n--b--\r\n";
	gchar *raw;
	struct message *m;

	raw = g_strdup_printf(alt, "plain");
	m = parse_str(raw);
	g_assert_cmpstr(m->text, ==, "plain");
	g_assert_false(m->text_from_html);
	g_assert_cmpuint(m->nattachments, ==, 0);
	mime_message_free(m);
	g_free(raw);

	raw = g_strdup_printf(alt, " ");
	m = parse_str(raw);
	g_assert_cmpstr(m->text, ==, "同意");
	g_assert_true(m->text_from_html);
	mime_message_free(m);
	g_free(raw);
}

/* ------------------------------------------------------------------ */
/* Attachment names                                                    */

static void
test_attachment_names(void)
{
	static const struct {
		const char *disp, *want;
	} cases[] = {
		{ "filename=\"../../etc/passwd\"", "passwd" },
		{ "filename=\"C:\\\\Users\\\\x\\\\a.txt\"", "a.txt" },
		{ "filename=\".bashrc\"", "_bashrc" },
		{ "filename=\"report..pdf\"", "report.pdf" },
		{ "filename=\"...\"", "attachment-1.bin" },
		{ "filename=\"..\"", "attachment-1.bin" },
		{ "filename*=UTF-8''a%01b%0Ac%E2%80%AEd.txt", "abcd.txt" },
		{ "filename=\"con:?*.txt\"", "con___.txt" },
		{ "filename=\"trailing. . \"", "trailing" },
		{ "filename*=UTF-8''%E7%94%B3%E8%AF%B7%E4%B9%A6.docx",
		    "申请书.docx" },
		{ "filename=\"=?UTF-8?B?55Sz6K+35Lmm?= =?UTF-8?B?LmRvY3g=?=\"",
		    "申请书.docx" },
		{ "inline", "attachment-1.bin" },
	};
	gchar *raw, *longname;
	struct message *m;
	size_t i, n;

	for (i = 0; i < G_N_ELEMENTS(cases); i++) {
		raw = g_strdup_printf("Subject: n\r\nContent-Type: multipart/"
		    "mixed; boundary=b\r\n\r\n--b\r\nContent-Type: text/plain"
		    "\r\n\r\nbody\r\n--b\r\nContent-Type: application/"
		    "octet-stream\r\nContent-Disposition: attachment; %s\r\n"
		    "\r\ndata\r\n--b--\r\n", cases[i].disp);
		m = parse_str(raw);
		assert_invariants(m, NULL);
		g_assert_cmpuint(m->nattachments, ==, 1);
		if (strcmp(m->attachments[0].filename, cases[i].want) != 0)
			g_error("name %zu: got [%s] want [%s]", i,
			    m->attachments[0].filename, cases[i].want);
		g_assert_cmpuint(m->attachments[0].len, ==, 4);
		mime_message_free(m);
		g_free(raw);
	}

	/* A long name keeps its extension and a whole last character. */
	longname = g_strnfill(300, 'a');
	raw = g_strdup_printf("Subject: n\r\nContent-Type: application/pdf\r\n"
	    "Content-Disposition: attachment; filename=\"%s中.pdf\"\r\n\r\nx",
	    longname);
	m = parse_str(raw);
	assert_invariants(m, NULL);
	n = strlen(m->attachments[0].filename);
	g_assert_cmpuint(n, <=, 200);
	g_assert_true(g_str_has_suffix(m->attachments[0].filename, ".pdf"));
	mime_message_free(m);
	g_free(raw);
	g_free(longname);
}

/* ------------------------------------------------------------------ */
/* Whatever the input, a message comes back                           */

static void
test_garbage(void)
{
	static const char *const inputs[] = {
		"", "\r\n", "no headers at all", "Subject:\r\n",
		"From: <>\r\nTo: ,,,\r\nCc: \"unterminated <x@\r\n\r\n",
		"Content-Type: multipart/mixed\r\n\r\n--\r\n",
		"Content-Type: multipart/mixed; boundary=\"\"\r\n\r\n--\r\n",
		"Content-Type: message/rfc822\r\n\r\n",
		"Content-Type: text/plain; charset=\"\r\n\r\n\xff\xfe",
		"Content-Transfer-Encoding: base64\r\n\r\n====\r\n",
		"Content-Transfer-Encoding: quoted-printable\r\n\r\n=\r\n=Z",
		"Subject: =?\r\n\r\n", "Subject: =?x?q?" "?=\r\n\r\n",
		"Subject: =?utf-8?b?=?= =?utf-8?q?=?=\r\n\r\n",
		"Content-Type: text/html\r\n\r\n<<<<>>>&#;&#x;&#99999999;</",
		"Content-Type: text/plain; format=flowed; delsp=yes\r\n\r\n "
		    "\r\n>\r\n> \r\n>>> x \r\n",
	};
	struct message *m;
	size_t i;

	m = mime_parse(NULL, 0, NULL);
	assert_invariants(m, NULL);
	mime_message_free(m);
	for (i = 0; i < G_N_ELEMENTS(inputs); i++) {
		m = parse_str(inputs[i]);
		assert_invariants(m, NULL);
		mime_message_free(m);
	}
	m = mime_parse("\0\0\0\0", 4, NULL);
	assert_invariants(m, NULL);
	mime_message_free(m);
	mime_message_free(NULL);
}

/* Corpus mails cut short and bytes flipped: never a crash. */
static void
test_mutations(void)
{
	GRand *r = g_rand_new_with_seed(20261012);
	gchar *path, *buf, *copy;
	gsize len, n;
	struct message *m;
	size_t i, k;
	gint32 at;
	int j;

	for (i = 0; i < G_N_ELEMENTS(wants); i++) {
		if (strstr(wants[i].file, "h04") != NULL)
			continue;
		path = corpus_path(wants[i].file);
		g_assert_true(g_file_get_contents(path, &buf, &len, NULL));
		for (k = 0; k < 6; k++) {
			copy = g_memdup2(buf, len);
			n = g_rand_int_range(r, 0, (gint32)len + 1);
			for (j = 0; k % 2 == 1 && j < 32; j++) {
				at = g_rand_int_range(r, 0, (gint32)len);
				copy[at] = (char)g_rand_int(r);
			}
			m = mime_parse(copy, k % 2 == 1 ? len : n, NULL);
			assert_invariants(m, NULL);
			mime_message_free(m);
			g_free(copy);
		}
		g_free(buf);
		g_free(path);
	}
	g_rand_free(r);
}

int
main(int argc, char **argv)
{
	gchar *name;
	size_t i;

	g_test_init(&argc, &argv, NULL);
	for (i = 0; i < G_N_ELEMENTS(wants); i++) {
		name = g_strdup_printf("/mime/corpus/%s", wants[i].file);
		g_test_add_data_func(name, &wants[i], test_corpus_file);
		g_free(name);
	}
	g_test_add_func("/mime/corpus-complete", test_corpus_complete);
	g_test_add_func("/mime/corpus-timing", test_corpus_timing);
	g_test_add_func("/mime/headers/reply", test_headers_reply);
	g_test_add_func("/mime/headers/references-trailing-comma",
	    test_references_trailing_comma);
	g_test_add_func("/mime/headers/msgid-bare-cleaned",
	    test_msgid_bare_cleaned);
	g_test_add_func("/mime/headers/auth-results-order",
	    test_auth_results_order);
	g_test_add_func("/mime/headers/names", test_names_decoded);
	g_test_add_func("/mime/headers/too-long", test_header_too_long);
	g_test_add_func("/mime/attachments/bytes", test_attachment_bytes);
	g_test_add_func("/mime/attachments/traversal", test_traversal_names);
	g_test_add_func("/mime/attachments/names", test_attachment_names);
	g_test_add_func("/mime/body/nul", test_nul_bytes);
	g_test_add_func("/mime/body/flowed", test_flowed);
	g_test_add_func("/mime/body/html", test_html);
	g_test_add_func("/mime/body/alternative", test_alternative);
	for (i = 0; i < G_N_ELEMENTS(text_cases); i++) {
		name = g_strdup_printf("/mime/text/%zu", i);
		g_test_add_data_func(name, &text_cases[i], test_text_case);
		g_free(name);
	}
	for (i = 0; i < G_N_ELEMENTS(intl_cases); i++) {
		name = g_strdup_printf("/mime/charset/label-kept/%s-%s",
		    intl_cases[i].label, intl_cases[i].lang);
		g_test_add_data_func(name, &intl_cases[i], test_intl_case);
		g_free(name);
	}
	g_test_add_func("/mime/charset/invalid-falls-back", test_intl_invalid);
	g_test_add_func("/mime/dsn/failed", test_dsn_failed);
	g_test_add_func("/mime/dsn/delayed", test_dsn_delayed);
	g_test_add_func("/mime/list", test_list_headers);
	g_test_add_func("/mime/limits/h04-small-stack", test_deep_h04);
	g_test_add_func("/mime/limits/deep-generated", test_deep_generated);
	g_test_add_func("/mime/limits/depth-within-cap", test_depth_within_cap);
	g_test_add_func("/mime/limits/deep-repaired", test_deep_repaired);
	g_test_add_func("/mime/limits/too-many-parts", test_too_many_parts);
	g_test_add_func("/mime/limits/too-large", test_too_large);
	g_test_add_func("/mime/limits/boundary-flood", test_boundary_flood);
	g_test_add_func("/mime/robust/garbage", test_garbage);
	g_test_add_func("/mime/robust/mutations", test_mutations);
	return g_test_run();
}
