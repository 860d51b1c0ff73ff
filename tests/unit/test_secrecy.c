/* test_secrecy.c - classification markings: the default markers and
 * their full-width, spaced, traditional and star variants hit; ordinary
 * words that contain a marker's characters, or straddle two words, do not
 * (the rule in secrecy.h); excerpts, places, caps and the description. */
#include <stdlib.h>
#include <string.h>

#include <glib.h>

#include "secrecy.h"

/* As `[security] secrecy_markers` defaults (config.c). */
static const char *const markers[] = {
	"绝密", "机密", "秘密★", "内部资料", "不得公开", NULL
};

/* The markers text hits, comma-separated, in order. */
static char *
hits_of(const char *text)
{
	struct secrecy_hits h = { 0 };
	GString *s = g_string_new(NULL);
	size_t i, n;
	char *r;

	n = secrecy_scan(markers, text, strlen(text), "text", &h);
	g_assert_cmpuint(n, ==, h.n + h.dropped);
	for (i = 0; i < h.n; i++)
		g_string_append_printf(s, "%s%s", i ? "," : "", h.v[i].marker);
	secrecy_hits_clear(&h);
	r = strdup(s->str);
	g_string_free(s, TRUE);
	return r;
}

static const struct {
	const char	*text;
	const char	*want;		/* markers hit, "" for none */
} cases[] = {
	/* the markers as written */
	{ "本件绝密，不得外传。", "绝密" },
	{ "附件一（机密★10年）", "机密" },
	{ "秘密★5年", "秘密★" },
	{ "内部资料 注意保存", "内部资料" },
	{ "此稿不得公开。", "不得公开" },
	/* spaced, with every kind of blank, and over a line end */
	{ "绝 密", "绝密" },
	{ "机　密", "机密" },			/* U+3000 */
	{ "秘 密 ★", "秘密★" },
	{ "机\xc2\xa0密", "机密" },		/* U+00A0 */
	{ "绝\t密", "绝密" },
	{ "文件标注：绝\n密", "绝密" },
	{ "内 部 资 料", "内部资料" },
	{ "绝   密", "绝密" },			/* three blanks: still one */
	{ "绝    密", "" },			/* four: no longer a word */
	/* zero-width characters are not there at all */
	{ "机\xe2\x80\x8b密", "机密" },		/* U+200B */
	{ "绝\xef\xbb\xbf密", "绝密" },		/* U+FEFF */
	/* traditional characters */
	{ "絕密", "绝密" },
	{ "機密文件", "机密" },
	{ "秘密☆", "秘密★" },
	{ "祕密★", "秘密★" },
	{ "內部資料", "内部资料" },
	{ "不得公開", "不得公开" },
	{ "機 密", "机密" },
	/* stars: full, hollow, ASCII, full-width, others */
	{ "秘密*", "秘密★" },
	{ "秘密＊", "秘密★" },
	{ "秘密⭐", "秘密★" },
	{ "秘密✩", "秘密★" },
	{ "秘密✱一年", "秘密★" },
	/* a star after a marker that has none is just more text */
	{ "绝密★", "绝密" },
	/* several in one text, in order of appearance */
	{ "机密。另：内部资料", "机密,内部资料" },
	{ "绝密绝密", "绝密,绝密" },
	/* a real mention inside running text still hits */
	{ "这是机密文件", "机密" },
	{ "该文件为非机密文件", "机密" },
	{ "手机机密", "机密" },
	{ "危机密件", "机密" },		/* 密件 is about secrecy */
	/* non-hits: words that hold some of the characters */
	{ "保密审查已完成。", "" },		/* 保密 is not 秘密 */
	{ "属于国家秘密，不予公开。", "" },	/* 秘密 without a star */
	{ "涉及商业秘密", "" },
	{ "涉密人员", "" },
	{ "内部事务信息", "" },
	{ "不得不公开", "" },
	{ "秘 书 处", "" },
	{ "机关密切配合", "" },			/* 机关 then 密切: not adjacent */
	/* non-hits: a two-character marker across two words */
	{ "两国关系在危机密切相关的时刻", "" },
	{ "请勿泄露手机密码", "" },
	{ "拒绝密码登录", "" },
	{ "飞机密集起降", "" },
	{ "危機密切", "" },			/* traditional too */
	/* but only when both sides are words */
	{ "危机密", "机密" },
	{ "机密切", "机密" },
	{ "，机密切勿外传", "机密" },
	{ "", "" },
};

static void
test_variants(void)
{
	size_t i;

	for (i = 0; i < G_N_ELEMENTS(cases); i++) {
		char *got = hits_of(cases[i].text);

		if (strcmp(got, cases[i].want) != 0)
			g_error("%s: got [%s], want [%s]", cases[i].text, got,
			    cases[i].want);
		free(got);
	}
}

static void
test_excerpt(void)
{
	struct secrecy_hits h = { 0 };
	const char *t = "这是第一行，文字较长一些。\n根据有关规定，本答复所附材料属绝 密，请勿外传。"
	    "以下为正文：一二三四五六七八九十一二三四五六七八九十";

	g_assert_cmpuint(secrecy_scan(markers, t, strlen(t), "附件.pdf", &h),
	    ==, 1);
	g_assert_cmpuint(h.n, ==, 1);
	g_assert_cmpstr(h.v[0].marker, ==, "绝密");
	g_assert_cmpstr(h.v[0].where, ==, "附件.pdf");
	g_assert_false(h.v[0].unreadable);
	/* the hit as written, with its context, on one line, cut with … */
	g_assert_nonnull(strstr(h.v[0].excerpt, "所附材料属绝 密，请勿外传"));
	g_assert_null(strchr(h.v[0].excerpt, '\n'));
	g_assert_true(g_str_has_prefix(h.v[0].excerpt, "…"));
	g_assert_true(g_str_has_suffix(h.v[0].excerpt, "…"));
	g_assert_cmpint(g_utf8_strlen(h.v[0].excerpt, -1), <=,
	    2 * SECRECY_EXCERPT_CHARS + 3 + 2);
	secrecy_hits_clear(&h);
	g_assert_cmpuint(h.n, ==, 0);
}

static void
test_invalid_utf8(void)
{
	struct secrecy_hits h = { 0 };
	const char t[] = "\xff\xfe绝\x80密\xc3";

	/* bad bytes are stepped over, and do not join 绝 and 密 */
	g_assert_cmpuint(secrecy_scan(markers, t, sizeof(t) - 1, "text", &h),
	    ==, 0);
	g_assert_cmpuint(secrecy_scan(markers, "\xff绝密\xff", 8, "text",
	    &h), ==, 1);
	g_assert_true(g_utf8_validate(h.v[0].excerpt, -1, NULL));
	secrecy_hits_clear(&h);
}

static void
test_caps(void)
{
	struct secrecy_hits h = { 0 };
	GString *t = g_string_new(NULL);
	size_t i;

	/* a page header on every page: three kept per marker and place */
	for (i = 0; i < 200; i++)
		g_string_append(t, "机密★ 第N页\n");
	g_assert_cmpuint(secrecy_scan(markers, t->str, t->len, "a.pdf", &h),
	    ==, 200);
	g_assert_cmpuint(h.n, ==, 3);
	g_assert_cmpuint(h.dropped, ==, 197);
	g_string_free(t, TRUE);
	secrecy_hits_clear(&h);
}

static void
test_describe(void)
{
	struct secrecy_hits h = { 0 };
	const char *d = "本件绝密。";
	char *s;

	s = secrecy_describe(&h);
	g_assert_cmpstr(s, ==, "");
	free(s);
	secrecy_scan(markers, d, strlen(d), "text", &h);
	secrecy_scan(markers, "機密", strlen("機密"), "报告.docx", &h);
	secrecy_unreadable(&h, "扫描件.pdf", "no text");
	g_assert_cmpuint(h.n, ==, 3);
	g_assert_true(h.v[2].unreadable);
	g_assert_cmpstr(h.v[2].marker, ==, "");
	s = secrecy_describe(&h);
	g_assert_cmpstr(s, ==,
	    "“绝密” 见于 正文：本件绝密。\n"
	    "“机密” 见于 附件“报告.docx”：機密\n"
	    "附件“扫描件.pdf”无法读取（no text），未能检查。\n");
	free(s);
	secrecy_hits_clear(&h);
}

static void
test_configured_markers(void)
{
	const char *const mine[] = { "ＴＯＰ ＳＥＣＲＥＴ", "", "注意保存", NULL };
	struct secrecy_hits h = { 0 };
	const char *t = "Marked top  secret; 注 意 保 存";

	/* markers are folded like the text: width, case, blanks */
	g_assert_cmpuint(secrecy_scan(mine, t, strlen(t), "text", &h), ==, 2);
	g_assert_cmpstr(h.v[0].marker, ==, "ＴＯＰ ＳＥＣＲＥＴ");
	g_assert_cmpstr(h.v[1].marker, ==, "注意保存");
	secrecy_hits_clear(&h);
	g_assert_cmpuint(secrecy_scan(NULL, t, strlen(t), "text", &h), ==, 0);
}

int
main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/secrecy/variants", test_variants);
	g_test_add_func("/secrecy/excerpt", test_excerpt);
	g_test_add_func("/secrecy/invalid-utf8", test_invalid_utf8);
	g_test_add_func("/secrecy/caps", test_caps);
	g_test_add_func("/secrecy/describe", test_describe);
	g_test_add_func("/secrecy/configured-markers", test_configured_markers);
	return g_test_run();
}
