/*
 * test_fields.c - the applicant's fields: every request of the corpus
 * (through mime_parse(), as the daemon reads it) against tests/data/corpus/
 * INDEX.md, then label variants, continuation, limits, injection, SET,
 * merging a correction, and masking.
 *
 * The corpus is read from $GK_SHARED/corpus when set, else from the
 * project's copy of shared/corpus in $GK_SRCDIR/tests/data/corpus.
 */
#include <stdlib.h>
#include <string.h>

#include <glib.h>

#include "fields.h"
#include "mime.h"

/* ------------------------------------------------------------------ */
/* The corpus                                                          */

struct want {
	const char	*file;
	const char	*name;
	const char	*type;
	const char	*id_type;
	const char	*id_number;
	const char	*phone;
	const char	*address;
	const char	*email;
	const char	*description;
	const char	*delivery;
	const char	*medium;
	/* after the From address is filled in when the text has none */
	const char	*missing[6];
	const char	*absent[11];
};

static const struct want wants[] = {
	{ "requests/01-foxmail-gb2312-label-gbk-chars.eml",
	    "何镕", "natural", "居民身份证", "110101199003070000",
	    "13900000001", "上海市徐汇区示例路88弄6号502室（邮编200030）",
	    "herong@foxmail.example.test",
	    "2025年度本市APEC商务旅行卡的受理数量和批准数量，以及规定办理时限"
	    "的文件（名称、文号）。",
	    "电子邮件", "电子文档", { NULL }, { NULL } },
	{ "requests/02-qqmail-web-gb18030-nbsp.eml",
	    "李娜", "natural", NULL, NULL, "13900000002",
	    "上海市浦东新区示例大道1000号 3幢1201室",
	    "1234500002@qq.example.test",
	    "贵办2025年度部门决算中“因公出国（境）费”的支出金额，以及全年因公"
	    "出访团组数和人次。",
	    "电子邮件", "电子文档",
	    { "证件类型", "证件号码" }, { "证件类型", "证件号码" } },
	{ "requests/03-outlook-qp-utf8-gb2312-subject.eml",
	    "王玥", "natural", "居民身份证", "310104198807150000",
	    "021-55550123，13900000003", "上海市黄浦区示例中路200号1203室",
	    "wang.yue@outlook.example.test",
	    "1. 上海市人民政府外事办公室关于外国人来华邀请函审核办理的内部工作"
	    "规程（名称、文号）；\n"
	    "2. 2025年度贵办出具《被授权单位邀请外国人来华邀请函》的总数。",
	    "电子邮件", "电子文档", { NULL }, { NULL } },
	{ "requests/04-gmail-utf8-jpeg-rfc2231.eml",
	    "刘明轩", "natural", "居民身份证", "320102198511200000",
	    "13900000004", "江苏省南京市玄武区示例路9号",
	    "liu.mingxuan@gmail.example.test",
	    "本人2024年9月随团赴德国执行因公出国任务的《因公临时出国任务批件》"
	    "及本人的出国人员审批表。",
	    "电子邮件", "电子文档", { NULL }, { NULL } },
	{ "requests/05-applemail-format-flowed-delsp.eml",
	    "陈昊", "natural", "居民身份证", "440106199212310000",
	    "13900000005",
	    "上海市杨浦区示例路220号示例大学外国语学院 陈昊（收）",
	    "chen.hao@icloud.example.test",
	    "2020年以来上海市与外国城市缔结友好城市关系或友好交流城市关系的协议"
	    "文本目录（包括外方城市名称、签署日期和签署地点），以及2025年度友好"
	    "城市交流项目的数量和主要内容。",
	    "邮寄", NULL, { NULL }, { "载体形式" } },
	{ "requests/06-big5-hongkong-traditional.eml",
	    "陳嘉欣", "natural", "港澳居民來往內地通行證", "H00000000",
	    "+852 5000 0000", "香港九龍旺角示例道1號示例大廈12樓A室",
	    "chan.kayan@netvigator.example.test",
	    "2025年度貴辦審批本市因公赴香港、澳門團組的數量，以及相關審批辦法"
	    "（名稱、文號）。",
	    "電子郵件", "電子文檔", { NULL }, { NULL } },
	{ "requests/07-coremail-lawfirm-docx.eml",
	    "上海示例律师事务所", "legal-service", "统一社会信用代码",
	    "31310000MD00000000", "021-55550177",
	    "上海市静安区示例西路500号示例大厦18层",
	    "zhao.lawyer@shilaw.example.test",
	    "贵办2026年3月印发的关于调整领事认证申办材料要求的通知（文号不详）"
	    "全文，以及该通知的施行日期。",
	    "电子邮件", "电子文档", { NULL }, { NULL } },
	{ "requests/08-iphone-free-text-no-labels.eml",
	    NULL, "natural", NULL, NULL, NULL, NULL,
	    NULL /* the From address, filled in below */,
	    NULL /* the whole text: checked apart */, NULL, NULL,
	    { "姓名", "证件类型", "证件号码" },
	    { "姓名", "证件类型", "证件号码", "联系电话", "通信地址",
	      "获取方式", "载体形式" } },
	{ "hostile/h03-crlf-header-injection.eml",
	    "王五 Bcc: attacker@evil.example.test", "natural", "居民身份证",
	    "110101199003070000", "13900000009",
	    "上海市 Bcc: attacker@evil.example.test",
	    "wangwu@evil.example.test, victim@victim.example.test",
	    "2025年外事接待费用 Subject: 伪造的主题",
	    "电子邮件", "电子文档", { NULL }, { NULL } },
	{ "hostile/h08-nul-bytes-in-body.eml",
	    "赵六", "natural", "居民身份证", "110101199003070000",
	    "13900000006", NULL, NULL, "2025年度外事接待费用总额",
	    "电子邮件", "电子文档", { NULL }, { "通信地址" } },
};

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
parse_file(const char *rel)
{
	gchar *path = corpus_path(rel), *buf = NULL;
	gsize len = 0;
	struct message *m;

	if (!g_file_get_contents(path, &buf, &len, NULL))
		g_error("cannot read %s", path);
	m = mime_parse(buf, len, NULL);
	g_free(buf);
	g_free(path);
	return m;
}

static void
check_list(const char *what, const char *const *got,
    const char *const *want)
{
	GString *g = g_string_new(NULL), *w = g_string_new(NULL);
	size_t i;

	for (i = 0; got[i] != NULL; i++)
		g_string_append_printf(g, "%s%s", i ? "," : "", got[i]);
	for (i = 0; want[i] != NULL; i++)
		g_string_append_printf(w, "%s%s", i ? "," : "", want[i]);
	if (strcmp(g->str, w->str) != 0)
		g_error("%s: got [%s], want [%s]", what, g->str, w->str);
	g_string_free(g, TRUE);
	g_string_free(w, TRUE);
}

/* No value may break a header: no CR, LF, U+2028/9 or other control. */
static void
check_one_line(const char *what, const char *v, int multiline)
{
	const char *p;
	gunichar c;

	if (v == NULL)
		return;
	g_assert_true(g_utf8_validate(v, -1, NULL));
	for (p = v; *p != '\0'; p = g_utf8_next_char(p)) {
		c = g_utf8_get_char(p);
		if (c == '\n' && multiline)
			continue;
		if (c < 0x20 || c == 0x7f || (c >= 0x80 && c <= 0x9f) ||
		    c == 0x2028 || c == 0x2029 || c == 0x202e)
			g_error("%s holds U+%04X: %s", what, c, v);
	}
	g_assert_false(g_str_has_prefix(v, " "));
	g_assert_false(g_str_has_suffix(v, " "));
}

static void
check_hygiene(const struct applicant_fields *f)
{
	check_one_line("name", f->name, 0);
	check_one_line("type_text", f->type_text, 0);
	check_one_line("id_type", f->id_type, 0);
	check_one_line("id_number", f->id_number, 0);
	check_one_line("phone", f->phone, 0);
	check_one_line("address", f->address, 0);
	check_one_line("email", f->email, 0);
	check_one_line("description", f->description, 1);
	check_one_line("delivery", f->delivery, 0);
	check_one_line("medium", f->medium, 0);
}

static void
test_corpus_file(gconstpointer data)
{
	const struct want *w = data;
	struct message *m = parse_file(w->file);
	struct applicant_fields *f = fields_parse(m->text);

	check_hygiene(f);
	g_assert_cmpstr(f->name, ==, w->name);
	g_assert_cmpstr(f->type, ==, w->type);
	g_assert_cmpstr(f->id_type, ==, w->id_type);
	g_assert_cmpstr(f->id_number, ==, w->id_number);
	g_assert_cmpstr(f->phone, ==, w->phone);
	g_assert_cmpstr(f->address, ==, w->address);
	g_assert_cmpstr(f->email, ==, w->email);
	if (w->description != NULL) {
		g_assert_cmpstr(f->description, ==, w->description);
		g_assert_false(f->description_whole);
	}
	g_assert_cmpstr(f->delivery, ==, w->delivery);
	g_assert_cmpstr(f->medium, ==, w->medium);
	g_assert_false(f->type_unclear);
	g_assert_false(f->truncated);

	/* As the daemon does: the sender's address is a contact. */
	if (f->email == NULL && m->from.addr != NULL)
		g_assert_cmpint(fields_set(f, "email", m->from.addr), ==, 0);
	check_list("missing", f->missing, w->missing);
	check_list("absent", f->absent, w->absent);
	fields_free(f);
	mime_message_free(m);
}

/* 07: the type is read, 联系人 (a label §5 does not know) is kept nowhere. */
static void
test_corpus_lawfirm(void)
{
	struct message *m = parse_file("requests/07-coremail-lawfirm-docx.eml");
	struct applicant_fields *f = fields_parse(m->text);

	g_assert_cmpstr(f->type_text, ==, "法律服务机构");
	g_assert_cmpstr(fields_type_label(f->type), ==, "法律服务机构");
	g_assert_null(strstr(f->name, "赵"));
	g_assert_null(strstr(f->phone, "赵"));
	g_assert_null(strstr(f->description, "赵律师"));
	g_assert_cmpint(f->labelled, ==, 10);
	fields_free(f);
	mime_message_free(m);
}

/* 08: no labels, so the whole text is the description; nothing guessed. */
static void
test_corpus_no_labels(void)
{
	struct message *m =
	    parse_file("requests/08-iphone-free-text-no-labels.eml");
	struct applicant_fields *f = fields_parse(m->text);
	char *masked;

	g_assert_cmpint(f->labelled, ==, 0);
	g_assert_true(f->description_whole);
	g_assert_true(g_str_has_prefix(f->description, "你好，\n\n想问一下"));
	g_assert_nonnull(strstr(f->description,
	    "我叫刘洋，手机13900000008，住在上海市闵行区"));
	g_assert_null(f->name);
	g_assert_null(f->phone);
	g_assert_null(f->address);
	/* Without the From address, no contact at all. */
	check_list("missing", f->missing, (const char *const[]){ "姓名",
	    "证件类型", "证件号码", "联系方式", NULL });

	/* The phone in the description is masked for the handler. */
	masked = fields_mask_text(f->description);
	g_assert_null(strstr(masked, "13900000008"));
	g_assert_nonnull(strstr(masked, "手机139****0008，"));
	g_assert_nonnull(strstr(masked, "去年（2025年）"));
	free(masked);
	fields_free(f);
	mime_message_free(m);
}

/* 06: every label was a traditional form. */
static void
test_corpus_traditional(void)
{
	struct message *m =
	    parse_file("requests/06-big5-hongkong-traditional.eml");
	struct applicant_fields *f = fields_parse(m->text);

	g_assert_cmpint(f->labelled, ==, 10);
	g_assert_cmpstr(f->type_text, ==, "自然人");
	g_assert_null(f->missing[0]);
	fields_free(f);
	mime_message_free(m);
}

/* ------------------------------------------------------------------ */
/* Labels, lines and values                                            */

static void
test_label_variants(void)
{
	struct applicant_fields *f;

	f = fields_parse(
	    "  姓　　名 ： 张三  \n"
	    "1. 申请人类型: 商业企业\n"
	    "（一）身份证号码：310101199001011234\n"
	    "- 手机号码：13900000011\n"
	    "• 邮寄地址*：上海市某路1号\n"
	    "E-Mail: zhang@example.test\n"
	    "所需信息的名称、文号或者特征性描述：某文件\n"
	    "獲取途徑︰面取\n"
	    "信息载体：纸质\n");
	g_assert_cmpstr(f->name, ==, "张三");
	g_assert_cmpstr(f->type, ==, "commercial");
	g_assert_cmpstr(f->id_number, ==, "310101199001011234");
	g_assert_cmpstr(f->id_type, ==, "居民身份证");	/* from the label */
	g_assert_cmpstr(f->phone, ==, "13900000011");
	g_assert_cmpstr(f->address, ==, "上海市某路1号");
	g_assert_cmpstr(f->email, ==, "zhang@example.test");
	g_assert_cmpstr(f->description, ==, "某文件");
	g_assert_cmpstr(f->delivery, ==, "面取");
	g_assert_cmpstr(f->medium, ==, "纸质");
	g_assert_cmpint(f->labelled, ==, 9);
	fields_free(f);

	/* An explicit 证件类型 wins over what the label implies. */
	f = fields_parse("统一社会信用代码：91310000000000000X\n"
	    "证件类型：营业执照\n名称：某公司\n");
	g_assert_cmpstr(f->id_type, ==, "营业执照");
	g_assert_cmpstr(f->id_number, ==, "91310000000000000X");
	fields_free(f);
	f = fields_parse("统一社会信用代码：91310000000000000X\n");
	g_assert_cmpstr(f->id_type, ==, "统一社会信用代码");
	fields_free(f);

	/* 联系方式 goes to the e-mail when it is one. */
	f = fields_parse("联系方式：a1@example.test\n");
	g_assert_cmpstr(f->email, ==, "a1@example.test");
	g_assert_null(f->phone);
	fields_free(f);
	f = fields_parse("联系方式：13900000012 / a1@example.test\n");
	g_assert_cmpstr(f->phone, ==, "13900000012 / a1@example.test");
	g_assert_null(f->email);
	fields_free(f);
	f = fields_parse("聯絡方式：1234500002@qq.example.test\n");
	g_assert_cmpstr(f->email, ==, "1234500002@qq.example.test");
	fields_free(f);
}

static void
test_not_labels(void)
{
	struct applicant_fields *f;

	/* Prose with a colon, a quoted form, a label too far in, a '>'. */
	f = fields_parse(
	    "我的姓名：李四\n"
	    "> 姓名：王二\n"
	    "这是一段很长很长很长很长很长很长很长很长很长很长很长很长很长很长"
	    "很长很长的话，姓名：赵五\n"
	    "微信：wx12345\n"
	    "所需信息：某信息\n");
	g_assert_null(f->name);
	g_assert_cmpstr(f->description, ==, "某信息");
	g_assert_cmpint(f->labelled, ==, 1);
	/* The unknown label's value is kept nowhere. */
	g_assert_null(f->phone);
	g_assert_null(f->email);
	g_assert_null(strstr(f->description, "wx12345"));
	fields_free(f);
}

static void
test_first_value_wins(void)
{
	struct applicant_fields *f;

	f = fields_parse("姓名：\n姓名：甲\n姓名：乙\n电话：1\n手机：2\n"
	    "所需信息：一\n所需信息：二\n");
	g_assert_cmpstr(f->name, ==, "甲");
	g_assert_cmpstr(f->phone, ==, "1");
	g_assert_cmpstr(f->description, ==, "一\n二");
	fields_free(f);
}

static void
test_description_lines(void)
{
	struct applicant_fields *f;

	/* Continues until a blank line. */
	f = fields_parse("所需信息：\n第一行\n  第二行  \n\n此致\n敬礼\n");
	g_assert_cmpstr(f->description, ==, "第一行\n第二行");
	fields_free(f);

	/* Until the next known label, also one that is no field. */
	f = fields_parse("所需信息：甲\n乙\n联系人：赵律师\n丙\n");
	g_assert_cmpstr(f->description, ==, "甲\n乙");
	fields_free(f);
	f = fields_parse("所需信息：甲\n获取方式：邮寄\n丁\n");
	g_assert_cmpstr(f->description, ==, "甲");
	g_assert_cmpstr(f->delivery, ==, "邮寄");
	fields_free(f);

	/* An unknown label inside is part of the description. */
	f = fields_parse(
	    "所需信息：\n文件名称：某规定\n文号：沪府〔2025〕1号\n");
	g_assert_cmpstr(f->description, ==,
	    "文件名称：某规定\n文号：沪府〔2025〕1号");
	fields_free(f);

	/* A blank line of U+3000 and U+00A0 is blank. */
	f = fields_parse("所需信息：甲\n\xe3\x80\x80\xc2\xa0\n乙\n");
	g_assert_cmpstr(f->description, ==, "甲");
	fields_free(f);

	/* CRLF line ends. */
	f = fields_parse("姓名：张三\r\n所需信息：\r\n甲\r\n乙\r\n\r\n");
	g_assert_cmpstr(f->name, ==, "张三");
	g_assert_cmpstr(f->description, ==, "甲\n乙");
	fields_free(f);
}

static void
test_whole_text(void)
{
	struct applicant_fields *f;

	/* Labels, but no description label: the whole text, nothing lost. */
	f = fields_parse("\n\n您好，请公开某文件。\n姓名：张三\n\n");
	g_assert_cmpstr(f->name, ==, "张三");
	g_assert_true(f->description_whole);
	g_assert_cmpstr(f->description, ==, "您好，请公开某文件。\n姓名：张三");
	fields_free(f);

	/* Nothing at all. */
	f = fields_parse(" \n\t\n");
	g_assert_null(f->description);
	g_assert_false(f->description_whole);
	check_list("missing", f->missing, (const char *const[]){ "姓名",
	    "证件类型", "证件号码", "联系方式", "所需信息", NULL });
	check_list("absent", f->absent, (const char *const[]){ "姓名",
	    "证件类型", "证件号码", "联系电话", "通信地址", "电子邮箱",
	    "所需信息", "获取方式", "载体形式", NULL });
	fields_free(f);
	f = fields_parse(NULL);
	g_assert_null(f->description);
	g_assert_cmpstr(f->type, ==, "natural");
	fields_free(f);
	fields_free(NULL);
}

/* hostile/h03 as the raw text holds it: a bare CR, then a header. */
static void
test_injection(void)
{
	struct applicant_fields *f;

	f = fields_parse(
	    "姓名：王五\rBcc: attacker@evil.example.test\n"
	    "通信地址：上海市\xe2\x80\xa8" "Bcc: attacker@evil.example.test\n"
	    "联系电话：139\xe2\x80\xa9" "00000009\xc2\x85X\n"
	    "证件类型：居\t民\x01身\x7f份证\n"
	    "证件号码：\xe2\x80\xae" "0000\xe2\x80\x8b" "1234\xef\xbb\xbf\n"
	    "所需信息：费用\rSubject: 伪造\n");
	check_hygiene(f);
	g_assert_cmpstr(f->name, ==, "王五 Bcc: attacker@evil.example.test");
	g_assert_cmpstr(f->address, ==,
	    "上海市 Bcc: attacker@evil.example.test");
	g_assert_cmpstr(f->phone, ==, "139 00000009 X");
	g_assert_cmpstr(f->id_type, ==, "居 民 身 份证");
	g_assert_cmpstr(f->id_number, ==, "00001234");
	g_assert_cmpstr(f->description, ==, "费用 Subject: 伪造");
	fields_free(f);

	/* Invalid UTF-8 never comes through. */
	f = fields_parse("姓名：\xff\xfe张\xc3\n所需信息：\xe4\xb8\n");
	check_hygiene(f);
	g_assert_nonnull(f->name);
	g_assert_nonnull(strstr(f->name, "张"));
	fields_free(f);
}

static void
test_nbsp(void)
{
	struct applicant_fields *f;

	f = fields_parse("&nbsp;姓名：&nbsp;\xc2\xa0李娜&nbsp;\n"
	    "通信地址：甲&nbsp;&NBSP;乙\n"
	    "\xc2\xa0\xc2\xa0" "电子邮箱：\xc2\xa0x@y.example.test\n");
	g_assert_cmpstr(f->name, ==, "李娜");
	g_assert_cmpstr(f->address, ==, "甲 乙");
	g_assert_cmpstr(f->email, ==, "x@y.example.test");
	fields_free(f);
}

static void
test_limits(void)
{
	GString *s = g_string_new("姓名：");
	struct applicant_fields *f;
	int i;

	for (i = 0; i < 600; i++)
		g_string_append(s, "张");
	g_string_append(s, "\n所需信息：\n");
	for (i = 0; i < 3000; i++)
		g_string_append(s, "一二三四五六七八九\n");
	f = fields_parse(s->str);
	g_assert_cmpint(g_utf8_strlen(f->name, -1), ==, FIELDS_VALUE_MAX);
	g_assert_cmpint(g_utf8_strlen(f->description, -1), <=,
	    FIELDS_DESCRIPTION_MAX);
	g_assert_cmpint(g_utf8_strlen(f->description, -1), >=,
	    FIELDS_DESCRIPTION_MAX - 10);
	g_assert_true(f->truncated);
	check_hygiene(f);
	fields_free(f);
	g_string_free(s, TRUE);

	/* Exactly at the bound: not truncated. */
	s = g_string_new("姓名：");
	for (i = 0; i < FIELDS_VALUE_MAX; i++)
		g_string_append(s, "张");
	f = fields_parse(s->str);
	g_assert_cmpint(g_utf8_strlen(f->name, -1), ==, FIELDS_VALUE_MAX);
	g_assert_false(f->truncated);
	fields_free(f);
	g_string_free(s, TRUE);
}

/* ------------------------------------------------------------------ */
/* Types                                                               */

static void
test_types(void)
{
	static const struct {
		const char	*text;
		const char	*key;
	} cases[] = {
		{ "自然人", "natural" }, { "商业企业", "commercial" },
		{ "科研机构", "research" },
		{ "社会公益组织", "public-welfare" },
		{ "法律服务机构", "legal-service" }, { "其他", "other" },
		{ "商業企業", "commercial" }, { "科研機構", "research" },
		{ "社會公益組織", "public-welfare" },
		{ "法律服務機構", "legal-service" },
		{ "个人", "natural" }, { "公民", "natural" },
		{ "律师事务所", "legal-service" }, { "其它", "other" },
		{ "自然人（个人）", "natural" }, { "自然人。", "natural" },
		{ " 自 然 人 ", "natural" },
		{ "Legal-Service", "legal-service" },
		{ "public_welfare", "public-welfare" },
		{ "法人", NULL }, { "", NULL }, { "（自然人）", NULL },
	};
	struct applicant_fields *f;
	size_t i;

	for (i = 0; i < G_N_ELEMENTS(cases); i++)
		if (g_strcmp0(fields_type_key(cases[i].text), cases[i].key))
			g_error("type %s: got %s, want %s", cases[i].text,
			    fields_type_key(cases[i].text), cases[i].key);
	g_assert_null(fields_type_key(NULL));

	for (i = 0; i < FIELDS_NTYPES; i++) {
		g_assert_cmpstr(fields_type_label(fields_types[i].key), ==,
		    fields_types[i].label);
		g_assert_cmpstr(fields_type_key(fields_types[i].label), ==,
		    fields_types[i].key);
	}
	g_assert_cmpstr(fields_types[0].label, ==, "自然人");
	g_assert_cmpstr(fields_types[5].label, ==, "其他");
	g_assert_cmpstr(fields_type_label("natural"), ==, "自然人");
	g_assert_null(fields_type_label("nobody"));
	g_assert_null(fields_type_label(NULL));

	/* Unreadable: natural stays, the handler is told. */
	f = fields_parse("申请人类型：法人\n名称：某公司\n");
	g_assert_cmpstr(f->type, ==, "natural");
	g_assert_cmpstr(f->type_text, ==, "法人");
	g_assert_true(f->type_unclear);
	g_assert_cmpstr(f->absent[0], ==, "申请人类型");
	fields_free(f);

	/* An organisation without a name lacks its 名称. */
	f = fields_parse("申请人类型：科研机构\n所需信息：甲\n");
	g_assert_cmpstr(f->missing[0], ==, "名称");
	g_assert_cmpstr(f->absent[0], ==, "名称");
	fields_free(f);
}

/* ------------------------------------------------------------------ */
/* SET, get, merge                                                     */

static void
test_set(void)
{
	struct applicant_fields *f = fields_parse("所需信息：甲\n");

	check_list("missing", f->missing, (const char *const[]){ "姓名",
	    "证件类型", "证件号码", "联系方式", NULL });
	g_assert_cmpint(fields_set(f, "姓名", "  张三 "), ==, 0);
	g_assert_cmpstr(f->name, ==, "张三");
	g_assert_cmpint(fields_set(f, "name", "李四"), ==, 0);
	g_assert_cmpstr(f->name, ==, "李四");
	g_assert_cmpint(fields_set(f, "名称", "某所"), ==, 0);
	g_assert_cmpstr(f->name, ==, "某所");
	g_assert_cmpint(fields_set(f, "ID-Number", "310101199001011234"),
	    ==, 0);
	g_assert_cmpstr(f->id_number, ==, "310101199001011234");
	g_assert_cmpint(fields_set(f, "證件類型", "居民身份證"), ==, 0);
	g_assert_cmpstr(f->id_type, ==, "居民身份證");
	g_assert_cmpint(fields_set(f, "联系电话", "13900000001"), ==, 0);
	check_list("missing", f->missing, (const char *const[]){ NULL });
	g_assert_cmpint(fields_set(f, "address", "上海"), ==, 0);
	g_assert_cmpint(fields_set(f, "电子邮箱", "a@b.example.test"), ==, 0);
	g_assert_cmpint(fields_set(f, "delivery", "邮寄"), ==, 0);
	g_assert_cmpint(fields_set(f, "載體形式", "纸质"), ==, 0);
	check_list("absent", f->absent, (const char *const[]){ NULL });

	/* Types: a key, a label, an alias; an unreadable one changes
	 * nothing. */
	g_assert_cmpint(fields_set(f, "type", "legal-service"), ==, 0);
	g_assert_cmpstr(f->type, ==, "legal-service");
	g_assert_cmpint(fields_set(f, "申请人类型", "科研机构"), ==, 0);
	g_assert_cmpstr(f->type, ==, "research");
	g_assert_cmpint(fields_set(f, "applicant_type", "个人"), ==, 0);
	g_assert_cmpstr(f->type, ==, "natural");
	g_assert_cmpint(fields_set(f, "type", "法人"), ==, -1);
	g_assert_cmpstr(f->type, ==, "natural");
	g_assert_cmpstr(f->type_text, ==, "个人");
	g_assert_cmpint(fields_set(f, "type", ""), ==, 0);
	g_assert_cmpstr(f->type, ==, "natural");
	g_assert_null(f->type_text);

	/* Unknown fields, and labels that are no field. */
	g_assert_cmpint(fields_set(f, "微信", "x"), ==, -1);
	g_assert_cmpint(fields_set(f, "联系人", "x"), ==, -1);
	g_assert_cmpint(fields_set(f, NULL, "x"), ==, -1);
	g_assert_cmpint(fields_set(f, "", "x"), ==, -1);
	g_assert_cmpint(fields_set(NULL, "name", "x"), ==, -1);

	/* Cleaned as parsed: no header injection through SET either. */
	g_assert_cmpint(fields_set(f, "name", "王五\r\nBcc: x@y"), ==, 0);
	g_assert_cmpstr(f->name, ==, "王五 Bcc: x@y");
	g_assert_cmpint(fields_set(f, "description", "甲\r\n乙\r丙"), ==, 0);
	g_assert_cmpstr(f->description, ==, "甲\n乙 丙");

	/* Empty clears, and missing follows. */
	g_assert_cmpint(fields_set(f, "phone", NULL), ==, 0);
	g_assert_cmpint(fields_set(f, "address", " "), ==, 0);
	g_assert_cmpint(fields_set(f, "email", ""), ==, 0);
	g_assert_null(f->phone);
	check_list("missing", f->missing, (const char *const[]){ "联系方式",
	    NULL });
	g_assert_cmpint(fields_set(f, "联系方式", "x@y.example.test"), ==, 0);
	g_assert_cmpstr(f->email, ==, "x@y.example.test");
	check_list("missing", f->missing, (const char *const[]){ NULL });

	/* 身份证号 also says what the document is, when nothing else does. */
	g_assert_cmpint(fields_set(f, "id_type", ""), ==, 0);
	g_assert_cmpint(fields_set(f, "身份证号", "310101199001011234"), ==, 0);
	g_assert_cmpstr(f->id_type, ==, "居民身份证");
	check_hygiene(f);
	fields_free(f);
}

static void
test_get(void)
{
	struct applicant_fields *f = fields_parse(
	    "姓名：张三\n申请人类型：其他\n手机：139\n所需信息：甲\n");

	g_assert_cmpstr(fields_get(f, "name"), ==, "张三");
	g_assert_cmpstr(fields_get(f, "姓名"), ==, "张三");
	g_assert_cmpstr(fields_get(f, "type"), ==, "other");
	g_assert_cmpstr(fields_get(f, "聯繫電話"), ==, "139");
	g_assert_cmpstr(fields_get(f, "所需資訊"), ==, "甲");
	g_assert_null(fields_get(f, "email"));
	g_assert_null(fields_get(f, "nonsense"));
	g_assert_null(fields_get(NULL, "name"));
	fields_free(f);
}

/* A 补正 fills what was missing; a correction's prose is no description. */
static void
test_merge(void)
{
	struct applicant_fields *f, *c;

	f = fields_parse("姓名：李娜\n联系电话：13900000002\n所需信息：甲\n");
	c = fields_parse("您好，补正如下：\n证件类型：居民身份证\n"
	    "证件号码：310101199001010000\n");
	g_assert_true(c->description_whole);
	g_assert_cmpint(fields_merge(f, c), ==, 2);
	g_assert_cmpstr(f->id_type, ==, "居民身份证");
	g_assert_cmpstr(f->id_number, ==, "310101199001010000");
	g_assert_cmpstr(f->description, ==, "甲");
	g_assert_false(f->description_whole);
	check_list("missing", f->missing, (const char *const[]){ NULL });
	g_assert_cmpint(fields_merge(f, c), ==, 0);
	fields_free(c);

	c = fields_parse("所需信息：乙\n申请人类型：商业企业\n");
	g_assert_cmpint(fields_merge(f, c), ==, 2);
	g_assert_cmpstr(f->description, ==, "乙");
	g_assert_cmpstr(f->type, ==, "commercial");
	check_list("missing", f->missing, (const char *const[]){ NULL });
	fields_free(c);
	g_assert_cmpint(fields_merge(f, NULL), ==, 0);
	fields_free(f);
}

/* ------------------------------------------------------------------ */
/* Masking                                                             */

static void
check_mask(char *(*fn)(const char *), const char *in, const char *want)
{
	char *got = fn(in);

	if (g_strcmp0(got, want) != 0)
		g_error("mask(%s): got %s, want %s", in, got, want);
	free(got);
}

static void
test_mask_id(void)
{
	check_mask(fields_mask_id, "310101199001011234", "3101**********1234");
	check_mask(fields_mask_id, "31310000MD00000000", "3131**********0000");
	check_mask(fields_mask_id, "110101900307000", "1101*******7000");
	check_mask(fields_mask_id, "123456789012", "1234****9012");
	check_mask(fields_mask_id, "12345678901", "*********01");
	check_mask(fields_mask_id, "H00000000", "*******00");
	check_mask(fields_mask_id, "E1234567", "******67");
	check_mask(fields_mask_id, "123", "*23");
	check_mask(fields_mask_id, "12", "**");
	check_mask(fields_mask_id, "1", "*");
	check_mask(fields_mask_id, "", "");
	check_mask(fields_mask_id, "3101 0119 9001 0112 34",
	    "3101 **** **** **12 34");
	check_mask(fields_mask_id, "３１０１０１１９９００１０１１２３４",
	    "３１０１**********１２３４");
	g_assert_null(fields_mask_id(NULL));
}

static void
test_mask_phone(void)
{
	check_mask(fields_mask_phone, "13900000001", "139****0001");
	check_mask(fields_mask_phone, "021-55550123", "021-****0123");
	check_mask(fields_mask_phone, "021-55550123，13900000003",
	    "021-****0123，139****0003");
	check_mask(fields_mask_phone, "+852 5000 0000", "+852 **** 0000");
	check_mask(fields_mask_phone, "(021) 5555 0177", "(021) **** 0177");
	check_mask(fields_mask_phone, "55550123", "****0123");
	check_mask(fields_mask_phone, "5000 0000", "**** 0000");
	check_mask(fields_mask_phone, "12345", "***45");
	check_mask(fields_mask_phone, "12", "**");
	check_mask(fields_mask_phone, "13900000002（白天）",
	    "139****0002（白天）");
	check_mask(fields_mask_phone, "１３９０００００００１",
	    "１３９****０００１");
	check_mask(fields_mask_phone, "", "");
	check_mask(fields_mask_phone, "无", "无");
	g_assert_null(fields_mask_phone(NULL));
}

static void
test_mask_text(void)
{
	check_mask(fields_mask_text, "我叫刘洋，手机13900000008，住在上海",
	    "我叫刘洋，手机139****0008，住在上海");
	check_mask(fields_mask_text, "身份证110101199003070000。",
	    "身份证1101**********0000。");
	check_mask(fields_mask_text, "代码31310000MD00000000",
	    "代码3131**********0000");
	check_mask(fields_mask_text, "通行证H00000000号",
	    "通行证*******00号");
	check_mask(fields_mask_text, "电话021-55550177或+852 5000 0000",
	    "电话021-****0177或+852 **** 0000");
	/* Dates, years, amounts and document numbers stay. */
	check_mask(fields_mask_text, "2026-09-28至2026-10-10",
	    "2026-09-28至2026-10-10");
	check_mask(fields_mask_text, "2020-2025年", "2020-2025年");
	check_mask(fields_mask_text, "预算1000000元，沪府〔2025〕12号",
	    "预算1000000元，沪府〔2025〕12号");
	check_mask(fields_mask_text, "APEC2025", "APEC2025");
	check_mask(fields_mask_text, "", "");
	g_assert_null(fields_mask_text(NULL));
}

int
main(int argc, char **argv)
{
	size_t i;
	gchar *name;

	g_test_init(&argc, &argv, NULL);
	for (i = 0; i < G_N_ELEMENTS(wants); i++) {
		name = g_strdup_printf("/fields/corpus/%s", wants[i].file);
		g_test_add_data_func(name, &wants[i], test_corpus_file);
		g_free(name);
	}
	g_test_add_func("/fields/corpus-lawfirm", test_corpus_lawfirm);
	g_test_add_func("/fields/corpus-no-labels", test_corpus_no_labels);
	g_test_add_func("/fields/corpus-traditional", test_corpus_traditional);
	g_test_add_func("/fields/label-variants", test_label_variants);
	g_test_add_func("/fields/not-labels", test_not_labels);
	g_test_add_func("/fields/first-value-wins", test_first_value_wins);
	g_test_add_func("/fields/description-lines", test_description_lines);
	g_test_add_func("/fields/whole-text", test_whole_text);
	g_test_add_func("/fields/injection", test_injection);
	g_test_add_func("/fields/nbsp", test_nbsp);
	g_test_add_func("/fields/limits", test_limits);
	g_test_add_func("/fields/types", test_types);
	g_test_add_func("/fields/set", test_set);
	g_test_add_func("/fields/get", test_get);
	g_test_add_func("/fields/merge", test_merge);
	g_test_add_func("/fields/mask-id", test_mask_id);
	g_test_add_func("/fields/mask-phone", test_mask_phone);
	g_test_add_func("/fields/mask-text", test_mask_text);
	return g_test_run();
}
