/*
 * form.h - a handler's submission for publication: the subject's tag
 * says the kind, the body holds the fields of the 互联网信息发布内容审核表
 * (the office's regulation, 附件 1) as "label：value" lines, the label
 * syntax of fields.h (blanks inside a label, list marks, ASCII or
 * full-width colon).  Pure: no I/O, no clock.
 *
 * Tags (at the start of the subject, after "Re:"-like prefixes are NOT
 * skipped: a reply is no submission): [主动公开] proactive, [动态] news
 * straight to the website, [内网转外网] news from the intranet, [业务]
 * business; full-width brackets 【】 too.
 *
 * Fields, each once, in any order, before 主要内容:
 *	日期 (填表日期)			a date
 *	处室 (责任处室)			the division
 *	联系人				the contact
 *	标题				at most FORM_TITLE_MAX characters
 *	拟发布栏目 (栏目, 发布栏目)	the website's column
 *	重大事项 (是否重大事项)		是 / 否 (yes / no)
 *	信息形成日期 (形成日期,		proactive only: the date the
 *	  信息形成或变更日期)		information was formed or changed
 *	类别 (信息类别)			proactive only: 规章, 行政规范性文件
 *					(规范性文件), or any other words
 *	主要内容			the text: the rest of its line and every
 *					line after it, to the end
 * Dates: 2026年12月2日, 2026-12-02, 2026/12/2 or 2026.12.2, a real day.
 *
 * Every fault is reported, one a line, in Chinese, for the reply to the
 * handler: a missing field, an invalid value, an unknown label, a field
 * given twice, a line before 主要内容 that is no field.
 */
#ifndef GK_FORM_H
#define GK_FORM_H

#include <stddef.h>

#define FORM_TITLE_MAX		200		/* characters */
#define FORM_VALUE_MAX		200		/* characters, other fields */
#define FORM_CONTENT_MAX	100000		/* characters of 主要内容 */

enum form_kind {
	FORM_NONE = 0,
	FORM_PROACTIVE,		/* [主动公开] */
	FORM_NEWS,		/* [动态] */
	FORM_INTRANET,		/* [内网转外网]: news too */
	FORM_BUSINESS,		/* [业务] */
};

enum form_category {
	FORM_CAT_OTHER = 0,
	FORM_CAT_RULE,		/* 规章 */
	FORM_CAT_NORMATIVE,	/* 行政规范性文件 */
};

struct form_date {
	int	y, m, d;
};

struct form {
	enum form_kind		 kind;
	struct form_date	 date;		/* 日期 */
	char			*division;	/* 处室 */
	char			*contact;	/* 联系人 */
	char			*title;		/* 标题 */
	char			*column;	/* 拟发布栏目 */
	int			 major;		/* 重大事项: 1 是, 0 否 */
	struct form_date	 formed;	/* 信息形成日期 (proactive) */
	char			*category;	/* 类别 as written (proactive) */
	enum form_category	 category_kind;
	char			*content;	/* 主要内容, its lines kept */
};

/* The kind a subject's tag says, FORM_NONE when it has none; *rest, when
 * not NULL, is where the subject goes on after the tag. */
enum form_kind	 form_kind_of_subject(const char *subject, const char **rest);
/* "proactive", "news" or "business" (the case kind); NULL for none. */
const char	*form_kind_word(enum form_kind);

/* Reads `text` (UTF-8) as a form of `kind` into *f.  0 when complete;
 * -1 with *problems (one fault a line, the caller frees it) otherwise,
 * *f then holding what could be read.  form_clear() frees *f. */
int	form_parse(enum form_kind kind, const char *text, struct form *f,
	    char **problems);
void	form_clear(struct form *f);

/*
 * The completed 审核表 as the regulation's 附件 1 lays it out, with a row
 * for each review (form_print.c): HTML to print (one A4 page as a rule,
 * every value escaped) and text.  `office` heads it; `reviews` in the
 * order they happened.
 */
struct form_review {
	const char	*level;		/* 责任处室审核, 分管办领导, 保密审查 … */
	const char	*name;		/* the reviewer, by name */
	const char	*title;		/* and title (职务) */
	const char	*decision;	/* 同意, 驳回, 修改后提交, 通过 … */
	const char	*comment;	/* NULL: none */
	const char	*date;		/* 2026年12月2日 */
};

char	*form_html(const char *office, const struct form *f,
	    const struct form_review *reviews, size_t n);
char	*form_text(const char *office, const struct form *f,
	    const struct form_review *reviews, size_t n);

#endif
