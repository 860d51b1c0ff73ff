/*
 * fields.h - the applicant's fields of a request (条例 Art. 29;
 * doc/lifecycle.md): read from "label：value" lines, corrected with SET,
 * checked for what is missing, and masked for staff mail.  Pure: no I/O,
 * no clock; it reads text, it never guesses from prose.
 *
 * Input.  UTF-8 text as mime.c yields it (struct message's `text`); LF or
 * CRLF line ends.  Invalid UTF-8 is replaced with U+FFFD first.
 *
 * Lines.  A line is a label line when, after leading blanks (ASCII, U+3000,
 * U+00A0, a literal "&nbsp;") and an optional list mark ("1.", "1、",
 * "(1)", "（一）", "一、", "-", "*", "•", "·"), it holds a known label, a
 * colon (ASCII ':', full-width '：' or '︰') and the value.  Blanks inside
 * the label ("姓　　名") and a trailing '*' are ignored, ASCII letters
 * compare without case.  The labels, simplified and traditional, with the
 * variants accepted (fields.c's table has the complete list):
 *
 *   name         姓名, 名称/名稱 (an organisation's name), 申请人/申請人,
 *                申请人姓名, 申请人名称, 单位名称, 机构名称, 姓名（名称）…
 *   type         申请人类型/申請人類型, 申请人类别, 申请人身份
 *   id_type      证件类型/證件類型, 证件名称, 证件种类, 身份证明类型
 *   id_number    证件号码/證件號碼, 证件号, 证件编号; also 身份证号(码) and
 *                统一社会信用代码 / 组织机构代码, which name the kind of
 *                document too: it becomes id_type when that is not given
 *   phone        联系电话/聯繫電話/聯絡電話, 联系方式, 电话, 手机(号码),
 *                移动电话, 流動電話, Tel, Phone, Mobile (联系方式 whose
 *                value is an e-mail address and no phone number goes to
 *                email)
 *   address      通信地址/通訊地址/通讯地址, 联系地址, 邮寄地址, 地址, 住址
 *   email        电子邮箱/電子郵箱, 电子邮件, 邮箱, 电邮, E-mail, Email
 *   description  所需信息/所需資訊, 所需政府信息, 所需信息的名称、文号或
 *                (者)特征性描述, 申请内容, 申请公开的信息 …
 *   delivery     获取方式/獲取方式, 获取信息的方式, 获取途径, 提供方式
 *   medium       载体形式/載體形式, 信息载体, 载体
 *
 * Labels known to be no field (联系人, 法定代表人, 邮编, 申请日期, 签名,
 * 备注, 用途 …) and unknown labels are ignored: their values are kept
 * nowhere.  The first non-empty value of a field wins, except the
 * description, whose label lines add up.  The description's value may be
 * empty on its label line and continues on the following lines until a
 * blank line or the next known label; its lines are joined with "\n".
 *
 * No description label.  When the text has no description label at all
 * (a mail without labels, or a form that forgot 所需信息), the whole text
 * is the description (description_whole is 1) and any labelled fields are
 * still read: nothing is lost and nothing is guessed.  A text with no
 * non-blank character has no description.
 *
 * Values.  Trimmed; CR, LF, TAB, U+2028, U+2029, U+0085 and every other
 * control character become a space, as do U+00A0 and "&nbsp;"; runs of
 * ASCII spaces become one; zero-width characters, U+FEFF and bidi
 * controls (U+200E/F, U+202A-E, U+2066-9) are dropped.  So a value is one
 * line and can go into a header.  A value is at most FIELDS_VALUE_MAX
 * characters, the description FIELDS_DESCRIPTION_MAX (its lines keep
 * their "\n"); longer ones are cut at a character boundary and
 * `truncated` is set.  Values are kept as written (traditional characters
 * stay traditional).  An empty value is NULL.
 *
 * Applicant type.  `type` is a key of fields_types[] (natural, commercial,
 * research, public-welfare, legal-service, other), "natural" (自然人) by
 * default.  The 申请人类型 value is read as a label or key of that table,
 * simplified or traditional, or an alias (个人, 公民 → natural; 企业,
 * 公司 → commercial; 律师事务所 → legal-service; 其它 → other), also
 * followed by a bracketed remark ("自然人（个人）").  A value that is none
 * of these leaves "natural", sets type_unclear and is reported in absent[].
 *
 * What is missing.  Two NULL-terminated lists of static label strings,
 * recomputed by every function here that changes the struct:
 *   missing[]  what 条例 Art. 29 requires and the request lacks, what a
 *              补正 (CORRECTION) must ask for, in this order: 姓名 (名称
 *              when the type is not natural), 证件类型, 证件号码, 联系方式
 *              (none of phone, address and e-mail), 所需信息.  The
 *              delivery method (获取方式, 载体形式) is optional.
 *   absent[]   every field the handler should be told is missing, in the
 *              order 姓名/名称, 申请人类型 (only when unreadable), 证件类型,
 *              证件号码, 联系电话, 通信地址, 电子邮箱, 所需信息, 获取方式,
 *              载体形式.
 * fields_parse() sees only text.  For a mail the sender's address is a
 * contact: a caller that has it fills it in when the text gave none,
 * `if (f->email == NULL) fields_set(f, "email", from_addr);`.
 *
 * Masking (doc/lifecycle.md, "Receipt": everywhere except the case
 * record and mail to the applicant) is done by fields_mask_*() on the way
 * out; the struct holds the values unmasked.
 *
 * Memory.  fields_parse() returns a struct the caller frees with
 * fields_free() (NULL is a no-op); its strings belong to it.  Returned
 * `char *` are malloc'd and the caller's (free()); `const char *` are
 * borrowed, static or from the struct.  Out of memory aborts (xmalloc.h).
 */
#ifndef GK_FIELDS_H
#define GK_FIELDS_H

#define FIELDS_VALUE_MAX	500	/* characters */
#define FIELDS_DESCRIPTION_MAX	20000	/* characters */
#define FIELDS_MISSING_MAX	5	/* entries of missing[] */
#define FIELDS_ABSENT_MAX	10	/* entries of absent[] */

struct applicant_fields {
	char		*name;		/* 姓名 / 名称 */
	const char	*type;		/* a key of fields_types[], static */
	char		*type_text;	/* 申请人类型 as written, or NULL */
	char		*id_type;	/* 证件类型 */
	char		*id_number;	/* 证件号码 */
	char		*phone;		/* 联系电话 */
	char		*address;	/* 通信地址 */
	char		*email;		/* 电子邮箱 */
	char		*description;	/* 所需信息 (名称、文号或特征性描述) */
	char		*delivery;	/* 获取方式 */
	char		*medium;	/* 载体形式 */

	int		 labelled;	/* label lines of fields read */
	int		 description_whole;	/* description = whole text */
	int		 type_unclear;	/* 申请人类型 given but not readable */
	int		 truncated;	/* a value was cut to its maximum */

	const char	*missing[FIELDS_MISSING_MAX + 1];
	const char	*absent[FIELDS_ABSENT_MAX + 1];
};

/* An applicant type: key (stored, reported) and label (自然人 …). */
struct fields_type {
	const char	*key;
	const char	*label;
};

#define FIELDS_NTYPES		6
/* In the order of the annual report's columns: 自然人, 商业企业, 科研机构,
 * 社会公益组织, 法律服务机构, 其他. */
extern const struct fields_type fields_types[FIELDS_NTYPES];

/*
 * The "label：value" syntax alone, for other forms (form.c): when `line`
 * is a label line of any label, the label normalised (blanks and a
 * trailing '*' gone, ASCII lower case; the caller frees it) and, in
 * *value, where the value starts; else NULL.  fields_clean_value() cleans
 * a value as fields_parse() does (multiline: keep line ends), to at most
 * `max` characters (*truncated set when cut); NULL when nothing is left.
 */
char	*fields_split_label(const char *line, const char **value);
char	*fields_clean_value(const char *s, size_t len, int multiline,
	    size_t max, int *truncated);

/* Reads the fields of `text` (NULL is ""); never NULL. */
struct applicant_fields	*fields_parse(const char *text);
void			 fields_free(struct applicant_fields *);

/*
 * SET FIELD VALUE: `field` is a key (name, type, id_type, id_number,
 * phone, address, email, description, delivery, medium; '-' for '_' and
 * ASCII case ignored) or any label of the table above.  `value` is
 * cleaned as a parsed value is (the description keeps its lines); an
 * empty or NULL value clears the field (type: back to natural).  A type
 * must be readable (see "Applicant type").  0 when set; -1 when the
 * field is unknown or the type unreadable, and nothing changes.
 */
int	 fields_set(struct applicant_fields *, const char *field,
	    const char *value);

/* The value of `field` (as for fields_set; type gives its key), or NULL
 * when it is empty or the field is unknown.  Borrowed from the struct. */
const char *fields_get(const struct applicant_fields *, const char *field);

/*
 * A correction (补正) received: every field that `src` has a value for
 * replaces the one in `dst`, except a whole-text description, which only
 * fills an empty one; a type given in src replaces dst's.  Returns the
 * number of fields changed.
 */
int	 fields_merge(struct applicant_fields *dst,
	    const struct applicant_fields *src);

/* The label of a type key ("natural" → "自然人"), or NULL if unknown. */
const char *fields_type_label(const char *key);

/* The key of a type written as key, label (simplified or traditional) or
 * alias, as in "Applicant type" above; NULL if unreadable. */
const char *fields_type_key(const char *text);

/*
 * An identity number masked: blanks are kept and not counted; with 12 or
 * more characters the first 4 and last 4 stay ("310101199001011234" →
 * "3101**********1234"), with fewer only the last 2 ("H00000000" →
 * "*******00"), with 2 or fewer none.  One '*' per character.  NULL for
 * NULL.
 */
char	*fields_mask_id(const char *);

/*
 * Phone numbers masked: each run of digits (ASCII or full-width, with
 * '-', ' ', '(', ')' between them and an optional leading '+') is masked
 * digit by digit, separators kept: with 10 or more digits the first 3
 * and the last 4 stay ("13900000001" → "139****0001", "021-55550123" →
 * "021-****0123", "+852 5000 0000" → "+852 **** 0000"); with 7 to 9 the
 * last 4 ("55550123" → "****0123"); with 3 to 6 the last 2; with 1 or 2
 * none.  Other text ("，", "（白天）") is kept.  NULL for NULL.
 */
char	*fields_mask_phone(const char *);

/*
 * Free text (a description, a subject) with what looks like an identity
 * number or a phone number masked: runs of ASCII letters and digits that
 * are 15 or more long with at least 8 digits, or one or two letters and
 * 7 to 12 digits (E12345678, H00000000), as fields_mask_id(); then runs
 * of 8 or more digits not inside such a run as fields_mask_phone() (runs
 * shaped like a date or a range of years, 2026-09-28 or 2020-2025, are
 * kept).  NULL for NULL.
 */
char	*fields_mask_text(const char *);

#endif
