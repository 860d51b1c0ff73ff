/*
 * answer_items.h - an answer of several items, several outcomes (条例
 * Art. 36, 37; doc/mail.md, "Several items"): an ANSWER whose TYPE is
 * left off its line and whose text is a numbered list, one item per
 * matter asked for, each with its own TYPE:
 *
 *	ANSWER
 *	1. disclose 2025年度因公出国（境）团组共12个，见附件。
 *	2. withhold:internal-affairs 团组人员的内部审批意见属于内部事务信息。
 *
 * An item begins on a line "N. TYPE text" (N its number: 1, then 2 …;
 * after N "." "、" ")" or "）"; TYPE a TYPE or its Chinese row label as
 * for ANSWER); its text runs to the next item's line, so an item's text
 * may hold lines of its own, numbered lists included, as long as they do
 * not begin with the next number and a TYPE.  The daemon's own TYPEs
 * (other:no-correction, other:fee-unpaid) are not allowed.
 *
 * The case's answer TYPE is the first item's (the principal outcome: the
 * annual report counts the case once, in that row; RULES §10); the draft
 * keeps the whole list, so the per-item outcomes stay in the record.  The
 * letter (template answer_items) answers each item in order, with the
 * article its TYPE relies on and its text, and gives the remedy clause
 * once at the end: reconsideration first when any item withholds
 * (withhold:*) or is partial.  Pure: no I/O.
 */
#ifndef GK_ANSWER_ITEMS_H
#define GK_ANSWER_ITEMS_H

#include <stddef.h>

struct answer_item {
	int		 n;		/* 1, 2 ... */
	const char	*type;		/* canonical, static */
	char		*text;		/* trimmed; may be "" */
};

struct answer_items {
	struct answer_item *v;
	size_t		 n;
};

/*
 * Reads text as a list: 1 with *items (free with answer_items_free())
 * when its first non-blank line is item 1; 0 when it is no list; -1 with
 * *why (the caller's; Chinese and English) when its first line is
 * numbered 1 but names no TYPE a person may give.  why may be NULL.
 */
int		 answer_items_parse(const char *text, struct answer_items *,
		    char **why);
void		 answer_items_free(struct answer_items *);

/* The article an item's TYPE relies on ("第三十六条第（二）项") and the
 * decision in words ("予以公开"); NULL for an unknown TYPE. */
const char	*answer_item_article(const char *type);
const char	*answer_item_decision(const char *type);

/* The items as the letter gives them, in order: in Chinese, or with lang
 * "en" in English with the article and decision also in Chinese in
 * brackets; the caller's. */
char		*answer_items_render(const struct answer_items *,
		    const char *lang);

#endif
