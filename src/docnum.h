/*
 * docnum.h - document numbers (文号): which formal documents are numbered,
 * in which series, and how a number is written.  Pure.
 *
 * Every formal document is of one kind.  [documents] number_format is
 * the office's series; number_format_KIND gives a kind a series of its
 * own.  Kinds without their own format share the office's series: a
 * series is one format and one year, numbered 1, 2, 3 ... without gaps,
 * so that no two documents ever carry the same number (store.h,
 * store_document_next()).
 */
#ifndef GK_DOCNUM_H
#define GK_DOCNUM_H

/* X(ENUM, key, 中文名): the kinds, in the order the report lists them. */
#define DOCNUM_KINDS(X)						\
	X(ANSWER,	answer,		"政府信息公开申请答复书")	\
	X(CORRECTION,	correction,	"补正申请告知书")		\
	X(EXTENSION,	extension,	"延长答复期限告知书")		\
	X(FEE,		fee,		"收费通知书")			\
	X(CONSULTATION,	consultation,	"征求意见书")			\
	X(DECISION,	decision,	"公开决定告知书")		\
	X(WITHDRAWAL,	withdrawal,	"撤回申请告知书")

enum docnum_kind {
#define DOCNUM_ENUM(e, k, zh)	DOCNUM_##e,
	DOCNUM_KINDS(DOCNUM_ENUM)
#undef DOCNUM_ENUM
	DOCNUM_NKINDS
};

/* The kind of document template `name` sends, or -1 for none. */
int		 docnum_kind_of(const char *template_name);
const char	*docnum_kind_name(enum docnum_kind);	/* "answer" */
const char	*docnum_kind_title(enum docnum_kind);	/* 中文名 */

/*
 * The series of kind k given the per-kind formats (NULL where a kind has
 * none) and the office's: *format is what numbers are written with and
 * the return value names the series ("office", or the kind's name).
 */
const char	*docnum_series(enum docnum_kind k,
		    char *const kind_format[DOCNUM_NKINDS],
		    const char *office_format, const char **format);

/* 0 if fmt has {n} once, {year} at most once and no other {...};
 * else -1 with *errp (static text). */
int		 docnum_format_check(const char *fmt, const char **errp);

/* The number: fmt with {year} and {n} filled in (the caller frees). */
char		*docnum_format(const char *fmt, int year, long long n);

#endif
