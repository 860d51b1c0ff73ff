/* test_form.c - a handler's submission: the subject's tags, a complete
 * form of each kind (labels with blanks, list marks, ASCII colons,
 * 主要内容 alone on its line or with text after it), and every fault
 * listed at once: missing fields, bad dates, 重大事项 not 是/否, unknown
 * labels, a field twice, a line that is no field. */
#include <stdlib.h>
#include <string.h>

#include <glib.h>

#include "form.h"

static void
test_subject(void)
{
	static const struct {
		const char	*subject;
		enum form_kind	 kind;
		const char	*rest;
	} cases[] = {
		{ "[主动公开] 2026年预算", FORM_PROACTIVE, "2026年预算" },
		{ "【主动公开】2026年预算", FORM_PROACTIVE, "2026年预算" },
		{ "  [动态]外事活动", FORM_NEWS, "外事活动" },
		{ "[内网转外网] 新闻", FORM_INTRANET, "新闻" },
		{ "[业务]通知", FORM_BUSINESS, "通知" },
		{ "Re: [业务]通知", FORM_NONE, NULL },
		{ "[业务通知", FORM_NONE, NULL },
		{ "[主动]", FORM_NONE, NULL },
		{ "【动态]", FORM_NONE, NULL },
		{ "申请公开", FORM_NONE, NULL },
		{ "", FORM_NONE, NULL },
	};
	const char *rest;
	size_t i;

	for (i = 0; i < G_N_ELEMENTS(cases); i++) {
		rest = NULL;
		g_assert_cmpint(form_kind_of_subject(cases[i].subject, &rest),
		    ==, cases[i].kind);
		if (cases[i].rest != NULL)
			g_assert_cmpstr(rest, ==, cases[i].rest);
	}
	g_assert_cmpint(form_kind_of_subject(NULL, NULL), ==, FORM_NONE);
	g_assert_cmpstr(form_kind_word(FORM_INTRANET), ==, "news");
	g_assert_cmpstr(form_kind_word(FORM_PROACTIVE), ==, "proactive");
	g_assert_cmpstr(form_kind_word(FORM_BUSINESS), ==, "business");
	g_assert_null(form_kind_word(FORM_NONE));
}

static void
test_proactive(void)
{
	struct form f;
	char *problems = NULL;

	g_assert_cmpint(form_parse(FORM_PROACTIVE,
	    "日期：2026年12月2日\r\n"
	    "处　　室：办公室\r\n"
	    "1. 联系人: 王五 021-12345678\r\n"
	    "标题：关于2027年因公出国计划的通知\r\n"
	    "拟发布栏目：通知公告\r\n"
	    "重大事项：否\r\n"
	    "信息形成日期：2026-11-30\r\n"
	    "类别：规范性文件\r\n"
	    "主要内容\r\n"
	    "第一段。\r\n"
	    "\r\n"
	    "日期：这一行是正文，不是栏目。\r\n", &f, &problems), ==, 0);
	g_assert_null(problems);
	g_assert_cmpint(f.kind, ==, FORM_PROACTIVE);
	g_assert_cmpint(f.date.y, ==, 2026);
	g_assert_cmpint(f.date.m, ==, 12);
	g_assert_cmpint(f.date.d, ==, 2);
	g_assert_cmpstr(f.division, ==, "办公室");
	g_assert_cmpstr(f.contact, ==, "王五 021-12345678");
	g_assert_cmpstr(f.title, ==, "关于2027年因公出国计划的通知");
	g_assert_cmpstr(f.column, ==, "通知公告");
	g_assert_cmpint(f.major, ==, 0);
	g_assert_cmpint(f.formed.m, ==, 11);
	g_assert_cmpint(f.formed.d, ==, 30);
	g_assert_cmpstr(f.category, ==, "规范性文件");
	g_assert_cmpint(f.category_kind, ==, FORM_CAT_NORMATIVE);
	g_assert_cmpstr(f.content, ==, "第一段。\n\n日期：这一行是正文，不是栏目。");
	form_clear(&f);
	g_assert_null(f.title);
}

/* News needs neither 信息形成日期 nor 类别 (and ignores them); 主要内容
 * may start on its own line's text. */
static void
test_news(void)
{
	struct form f;
	char *problems = NULL;

	g_assert_cmpint(form_parse(FORM_NEWS,
	    "日期：2026/12/2\n处室：新闻处\n联系人：李四\n标题：会见\n"
	    "栏目：外事动态\n是否重大事项：是\n类别：规章\n"
	    "主要内容：12月1日，某某会见了来访的代表团。\n双方交换了意见。\n",
	    &f, &problems), ==, 0);
	g_assert_null(problems);
	g_assert_cmpint(f.major, ==, 1);
	g_assert_null(f.category);
	g_assert_cmpstr(f.content, ==,
	    "12月1日，某某会见了来访的代表团。\n双方交换了意见。");
	form_clear(&f);
}

static void
test_faults(void)
{
	struct form f;
	char *problems = NULL;

	g_assert_cmpint(form_parse(FORM_PROACTIVE,
	    "日期：2026年2月30日\n"
	    "标题：一\n"
	    "标题：二\n"
	    "重大事项：可能\n"
	    "作者：张三\n"
	    "请审核。\n"
	    "信息形成日期：昨天\n", &f, &problems), ==, -1);
	g_assert_nonnull(problems);
	g_assert_nonnull(strstr(problems, "“日期”不是有效的日期：2026年2月30日"));
	g_assert_nonnull(strstr(problems, "“标题”填了两次"));
	g_assert_nonnull(strstr(problems, "“重大事项”应填“是”或“否”，不是：可能"));
	g_assert_nonnull(strstr(problems, "第5行：审核表没有“作者”一栏"));
	g_assert_nonnull(strstr(problems, "第6行不是“栏目：内容”的格式：请审核。"));
	g_assert_nonnull(strstr(problems, "“信息形成日期”不是有效的日期：昨天"));
	g_assert_nonnull(strstr(problems, "缺少“处室”"));
	g_assert_nonnull(strstr(problems, "缺少“联系人”"));
	g_assert_nonnull(strstr(problems, "缺少“拟发布栏目”"));
	g_assert_nonnull(strstr(problems, "缺少“类别”"));
	g_assert_nonnull(strstr(problems, "缺少“主要内容”"));
	/* a field with a bad value is not also "missing" */
	g_assert_null(strstr(problems, "缺少“日期”"));
	g_assert_null(strstr(problems, "缺少“重大事项”"));
	/* the first title stays */
	g_assert_cmpstr(f.title, ==, "一");
	g_free(problems);
	form_clear(&f);

	/* nothing at all: every field of the kind missing, in order */
	g_assert_cmpint(form_parse(FORM_BUSINESS, NULL, &f, &problems), ==,
	    -1);
	g_assert_cmpstr(problems, ==, "缺少“日期”\n缺少“处室”\n缺少“联系人”\n"
	    "缺少“标题”\n缺少“拟发布栏目”\n缺少“重大事项”\n缺少“主要内容”\n");
	g_free(problems);
	form_clear(&f);

	/* an empty 主要内容 is missing; a title too long is cut and said */
	GString *t = g_string_new("标题：");
	for (int i = 0; i < FORM_TITLE_MAX + 5; i++)
		g_string_append(t, "字");
	g_string_append(t, "\n日期：2026.1.5\n处室：甲\n联系人：乙\n栏目：丙\n"
	    "重大事项：no\n主要内容：\n\n");
	g_assert_cmpint(form_parse(FORM_NEWS, t->str, &f, &problems), ==, -1);
	g_assert_cmpstr(problems, ==, "“标题”超过200个字\n缺少“主要内容”\n");
	g_assert_cmpint((int)g_utf8_strlen(f.title, -1), ==, FORM_TITLE_MAX);
	g_free(problems);
	form_clear(&f);
	g_string_free(t, TRUE);

	/* invalid UTF-8 is read, not refused */
	g_assert_cmpint(form_parse(FORM_NEWS, "标题：\xff\xfe\n", &f,
	    &problems), ==, -1);
	g_assert_true(g_utf8_validate(f.title, -1, NULL));
	g_free(problems);
	form_clear(&f);
}

/* The completed 审核表: the fields in the form's order, a row per
 * review with name, title, decision, comment and date, values escaped;
 * the text version says the same. */
static void
test_print(void)
{
	static const struct form_review reviews[] = {
		{ "责任处室审核", "张三", "处长", "同意", NULL, "2026年12月2日" },
		{ "主管处室审核", "李四", "副处长", "驳回",
		    "标题<b>改</b>一下", "2026年12月3日" },
		{ "保密审查", "王五", "主任", "通过", "无涉密内容",
		    "2026年12月4日" },
	};
	struct form f;
	char *problems = NULL, *h, *t;

	g_assert_cmpint(form_parse(FORM_PROACTIVE,
	    "日期：2026年12月2日\n处室：办公室\n联系人：赵六\n"
	    "标题：A&B 通知\n栏目：通知公告\n重大事项：是\n"
	    "信息形成日期：2026年11月30日\n类别：规章\n"
	    "主要内容：第一段。\n第二段。\n", &f, &problems), ==, 0);
	h = form_html("上海市人民政府外事办公室", &f, reviews, 3);
	g_assert_nonnull(strstr(h, "<h1>互联网信息发布内容审核表</h1>"));
	g_assert_nonnull(strstr(h, "<td><p>A&amp;B 通知</p></td>"));
	g_assert_nonnull(strstr(h, "<p>第一段。</p><p>第二段。</p>"));
	g_assert_nonnull(strstr(h, "<td>李四（副处长）</td><td>驳回</td>"
	    "<td><p>标题&lt;b&gt;改&lt;/b&gt;一下</p></td>"));
	g_assert_null(strstr(h, "<b>"));
	g_assert_true(strstr(h, "日期") < strstr(h, "处室"));
	g_assert_true(strstr(h, "信息形成日期") < strstr(h, "主要内容"));
	g_assert_true(strstr(h, "张三") < strstr(h, "李四"));
	g_assert_true(strstr(h, "李四") < strstr(h, "保密审查"));
	t = form_text("上海市人民政府外事办公室", &f, reviews, 3);
	g_assert_nonnull(strstr(t, "标题：A&B 通知\n"));
	g_assert_nonnull(strstr(t, "信息形成日期：2026年11月30日\n"));
	g_assert_nonnull(strstr(t, "主要内容：\n第一段。\n第二段。\n"));
	g_assert_nonnull(strstr(t, "主管处室审核：李四（副处长） 驳回 "
	    "2026年12月3日：标题<b>改</b>一下\n"));
	g_free(h);
	g_free(t);
	form_clear(&f);
}

int
main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/form/subject", test_subject);
	g_test_add_func("/form/proactive", test_proactive);
	g_test_add_func("/form/news", test_news);
	g_test_add_func("/form/faults", test_faults);
	g_test_add_func("/form/print", test_print);
	return g_test_run();
}
