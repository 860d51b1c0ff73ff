/*
 * secrecy.h - classification markings in a text (doc/mail.md, "Secrecy
 * check": `[security] secrecy_markers`, e.g. 绝密, 机密, 秘密★, 内部资料).
 * Pure: no I/O, no clock; the caller supplies the texts (a draft, the
 * extracted text of each attachment, extract.h) and says where each came
 * from.
 *
 * What counts as the same marker.  Text and markers are folded one
 * character at a time before they are compared:
 *   - compatibility forms to their plain form (full-width ＡＢ１＊ to AB1*,
 *     CJK compatibility ideographs and Kangxi radicals to the unified
 *     ideograph), then letters to lower case;
 *   - traditional characters to simplified ones through a small table of
 *     the characters markings are written with (絕密, 機密, 祕密, 內部資料,
 *     不得公開 are 绝密, 机密, 秘密, 内部资料, 不得公开);
 *   - every star (★ ☆ * ＊ ⭐ ✩-✰ ✱-✸ ⋆ ﹡) to ★, so 秘密★ is also
 *     秘密☆, 秘密*, 秘密＊;
 *   - zero-width and format characters (U+200B-U+200F, U+2060, U+FEFF,
 *     soft hyphen) are ignored altogether.
 * Between two characters of a marker the text may hold up to
 * SECRECY_GAP_MAX white-space characters (blanks, U+3000, U+00A0, tabs,
 * line ends): `绝 密`, `机　密`, `秘 密 ★`, and a marker broken over two
 * lines of a PDF.  Nothing else may come between: 绝-密 is not a hit.
 *
 * False positives: the rule.  Chinese has no spaces between words, so a
 * two-character marker can appear across the boundary of two other words:
 * 危机|密切 (crisis, close), 手机|密码 (phone password), 拒绝|密码.  A hit
 * of a marker of exactly two characters (not counting a star) is
 * dismissed when BOTH its first character ends a common word with the
 * character just before it (危机, 手机, 杜绝, 神秘 …) AND its last
 * character starts a common word with the character just after it
 * (密切, 密码, 密集 …), with nothing between them; both tables are below
 * in secrecy.c and deliberately short.  Everything else is a hit: 这是机密
 * 文件, 非机密 and 手机机密 all hit, because a false alarm costs the
 * approver one reply and a miss cannot be undone.  Markers are matched
 * as configured and nothing more: 保密审查, 涉密 and 国家秘密 hit none of
 * the default markers (保密 is not 秘密, and 秘密 alone is not 秘密★).
 *
 * Memory: everything returned belongs to the caller; free the hits with
 * secrecy_hits_clear().  Nothing here fails: texts that are not valid
 * UTF-8 are read around their invalid bytes.
 */
#ifndef GK_SECRECY_H
#define GK_SECRECY_H

#include <stddef.h>

#define SECRECY_GAP_MAX		3	/* white space between two characters */
#define SECRECY_EXCERPT_CHARS	20	/* of context on each side of a hit */
#define SECRECY_HITS_MAX	50	/* kept per check; the rest counted */

struct secrecy_hit {
	char		*marker;	/* the configured marker, as configured;
					   "" when unreadable */
	char		*where;		/* "text" or an attachment's name */
	char		*excerpt;	/* one line: the hit in its context; or
					   why `where` could not be read */
	int		 unreadable;	/* `where` could not be read at all */
};

struct secrecy_hits {
	struct secrecy_hit	*v;
	size_t			 n;
	size_t			 dropped;	/* hits past SECRECY_HITS_MAX */
};

/*
 * Searches `text` (UTF-8, len bytes) for each of `markers` (NULL-
 * terminated) and appends every hit to *hits, naming `where`.  Returns
 * the number of hits found in this text (those dropped included).
 */
size_t	 secrecy_scan(const char *const *markers, const char *text,
	    size_t len, const char *where, struct secrecy_hits *hits);

/* Records that `where` could not be read, and `why`. */
void	 secrecy_unreadable(struct secrecy_hits *, const char *where,
	    const char *why);

/*
 * The hits in words, one a line, for mails and the event history:
 *   “绝密” 见于 答复正文：……本件绝密，不得……
 *   附件 x.pdf 无法读取（timeout）
 * The caller's; "" when there are none.
 */
char	*secrecy_describe(const struct secrecy_hits *);

void	 secrecy_hits_clear(struct secrecy_hits *);

#endif
