/*
 * fields.c - the applicant's fields.  Three tables: the fields (key,
 * label, where the value lives, its bound), the labels a person may write
 * for each, and the applicant types with their aliases.  The code walks
 * them one line at a time; the work is linear in the size of the text.
 */
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>

#include "fields.h"
#include "xmalloc.h"

#define NELEM(a)	(sizeof(a) / sizeof((a)[0]))

/* Characters before the colon of a label line, at most. */
#define FIELDS_LABEL_CHARS	40

enum field_id {
	F_NONE = -1,		/* a known label that is no field */
	F_NAME,
	F_TYPE,
	F_ID_TYPE,
	F_ID_NUMBER,
	F_PHONE,
	F_ADDRESS,
	F_EMAIL,
	F_DESCRIPTION,
	F_DELIVERY,
	F_MEDIUM,
	F_NFIELDS,
	F_CONTACT,		/* 联系方式: phone, or email by its value */
};

/* The fields, in enum order.  `slot` is where the written value lives
 * (for the type: type_text; the key is kept apart). */
static const struct field_def {
	enum field_id	 id;
	const char	*key;
	const char	*label;
	size_t		 slot;
	size_t		 max;
} field_defs[] = {
	{ F_NAME,	 "name",	"姓名",
	    offsetof(struct applicant_fields, name), FIELDS_VALUE_MAX },
	{ F_TYPE,	 "type",	"申请人类型",
	    offsetof(struct applicant_fields, type_text), FIELDS_VALUE_MAX },
	{ F_ID_TYPE,	 "id_type",	"证件类型",
	    offsetof(struct applicant_fields, id_type), FIELDS_VALUE_MAX },
	{ F_ID_NUMBER,	 "id_number",	"证件号码",
	    offsetof(struct applicant_fields, id_number), FIELDS_VALUE_MAX },
	{ F_PHONE,	 "phone",	"联系电话",
	    offsetof(struct applicant_fields, phone), FIELDS_VALUE_MAX },
	{ F_ADDRESS,	 "address",	"通信地址",
	    offsetof(struct applicant_fields, address), FIELDS_VALUE_MAX },
	{ F_EMAIL,	 "email",	"电子邮箱",
	    offsetof(struct applicant_fields, email), FIELDS_VALUE_MAX },
	{ F_DESCRIPTION, "description",	"所需信息",
	    offsetof(struct applicant_fields, description),
	    FIELDS_DESCRIPTION_MAX },
	{ F_DELIVERY,	 "delivery",	"获取方式",
	    offsetof(struct applicant_fields, delivery), FIELDS_VALUE_MAX },
	{ F_MEDIUM,	 "medium",	"载体形式",
	    offsetof(struct applicant_fields, medium), FIELDS_VALUE_MAX },
};

_Static_assert(NELEM(field_defs) == F_NFIELDS,
    "one row per field, in enum order");

/*
 * What a person may write before the colon, compared after blanks and a
 * trailing '*' are removed and ASCII letters lower-cased.  `implied`: the
 * label also says what kind of document the number is (id_type, when
 * none is given).  Simplified, then traditional, then variants.
 */
static const struct field_label {
	const char	*label;
	enum field_id	 field;
	const char	*implied;
} field_labels[] = {
	{ "姓名",		F_NAME,		NULL },
	{ "名称",		F_NAME,		NULL },
	{ "名稱",		F_NAME,		NULL },
	{ "姓名（名称）",	F_NAME,		NULL },
	{ "姓名(名称)",		F_NAME,		NULL },
	{ "姓名/名称",		F_NAME,		NULL },
	{ "姓名或名称",		F_NAME,		NULL },
	{ "姓名（名稱）",	F_NAME,		NULL },
	{ "姓名/名稱",		F_NAME,		NULL },
	{ "申请人",		F_NAME,		NULL },
	{ "申請人",		F_NAME,		NULL },
	{ "申请人姓名",		F_NAME,		NULL },
	{ "申請人姓名",		F_NAME,		NULL },
	{ "申请人名称",		F_NAME,		NULL },
	{ "申請人名稱",		F_NAME,		NULL },
	{ "单位名称",		F_NAME,		NULL },
	{ "單位名稱",		F_NAME,		NULL },
	{ "机构名称",		F_NAME,		NULL },
	{ "機構名稱",		F_NAME,		NULL },
	{ "法人或其他组织名称",	F_NAME,		NULL },
	{ "法人或其他組織名稱",	F_NAME,		NULL },
	{ "name",		F_NAME,		NULL },

	{ "申请人类型",		F_TYPE,		NULL },
	{ "申請人類型",		F_TYPE,		NULL },
	{ "申请人类别",		F_TYPE,		NULL },
	{ "申請人類別",		F_TYPE,		NULL },
	{ "申请人身份",		F_TYPE,		NULL },
	{ "申請人身份",		F_TYPE,		NULL },

	{ "证件类型",		F_ID_TYPE,	NULL },
	{ "證件類型",		F_ID_TYPE,	NULL },
	{ "证件名称",		F_ID_TYPE,	NULL },
	{ "證件名稱",		F_ID_TYPE,	NULL },
	{ "证件种类",		F_ID_TYPE,	NULL },
	{ "證件種類",		F_ID_TYPE,	NULL },
	{ "身份证明类型",	F_ID_TYPE,	NULL },
	{ "身份證明類型",	F_ID_TYPE,	NULL },
	{ "身份证件类型",	F_ID_TYPE,	NULL },
	{ "身份證件類型",	F_ID_TYPE,	NULL },

	{ "证件号码",		F_ID_NUMBER,	NULL },
	{ "證件號碼",		F_ID_NUMBER,	NULL },
	{ "证件号",		F_ID_NUMBER,	NULL },
	{ "證件號",		F_ID_NUMBER,	NULL },
	{ "证件编号",		F_ID_NUMBER,	NULL },
	{ "證件編號",		F_ID_NUMBER,	NULL },
	{ "身份证件号码",	F_ID_NUMBER,	NULL },
	{ "身份證件號碼",	F_ID_NUMBER,	NULL },
	{ "身份证号",		F_ID_NUMBER,	"居民身份证" },
	{ "身份证号码",		F_ID_NUMBER,	"居民身份证" },
	{ "身份證號",		F_ID_NUMBER,	"居民身份證" },
	{ "身份證號碼",		F_ID_NUMBER,	"居民身份證" },
	{ "统一社会信用代码",	F_ID_NUMBER,	"统一社会信用代码" },
	{ "統一社會信用代碼",	F_ID_NUMBER,	"統一社會信用代碼" },
	{ "组织机构代码",	F_ID_NUMBER,	"组织机构代码" },
	{ "組織機構代碼",	F_ID_NUMBER,	"組織機構代碼" },

	{ "联系电话",		F_PHONE,	NULL },
	{ "聯繫電話",		F_PHONE,	NULL },
	{ "聯系電話",		F_PHONE,	NULL },
	{ "聯絡電話",		F_PHONE,	NULL },
	{ "电话",		F_PHONE,	NULL },
	{ "電話",		F_PHONE,	NULL },
	{ "电话号码",		F_PHONE,	NULL },
	{ "電話號碼",		F_PHONE,	NULL },
	{ "手机",		F_PHONE,	NULL },
	{ "手機",		F_PHONE,	NULL },
	{ "手机号",		F_PHONE,	NULL },
	{ "手機號",		F_PHONE,	NULL },
	{ "手机号码",		F_PHONE,	NULL },
	{ "手機號碼",		F_PHONE,	NULL },
	{ "联系手机",		F_PHONE,	NULL },
	{ "移动电话",		F_PHONE,	NULL },
	{ "流動電話",		F_PHONE,	NULL },
	{ "固定电话",		F_PHONE,	NULL },
	{ "tel",		F_PHONE,	NULL },
	{ "phone",		F_PHONE,	NULL },
	{ "mobile",		F_PHONE,	NULL },
	{ "联系方式",		F_CONTACT,	NULL },
	{ "聯繫方式",		F_CONTACT,	NULL },
	{ "聯系方式",		F_CONTACT,	NULL },
	{ "聯絡方式",		F_CONTACT,	NULL },

	{ "通信地址",		F_ADDRESS,	NULL },
	{ "通訊地址",		F_ADDRESS,	NULL },
	{ "通讯地址",		F_ADDRESS,	NULL },
	{ "联系地址",		F_ADDRESS,	NULL },
	{ "聯繫地址",		F_ADDRESS,	NULL },
	{ "聯絡地址",		F_ADDRESS,	NULL },
	{ "邮寄地址",		F_ADDRESS,	NULL },
	{ "郵寄地址",		F_ADDRESS,	NULL },
	{ "地址",		F_ADDRESS,	NULL },
	{ "住址",		F_ADDRESS,	NULL },
	{ "address",		F_ADDRESS,	NULL },

	{ "电子邮箱",		F_EMAIL,	NULL },
	{ "電子郵箱",		F_EMAIL,	NULL },
	{ "电子邮件",		F_EMAIL,	NULL },
	{ "電子郵件",		F_EMAIL,	NULL },
	{ "电子邮件地址",	F_EMAIL,	NULL },
	{ "電子郵件地址",	F_EMAIL,	NULL },
	{ "电子信箱",		F_EMAIL,	NULL },
	{ "電子信箱",		F_EMAIL,	NULL },
	{ "邮箱",		F_EMAIL,	NULL },
	{ "郵箱",		F_EMAIL,	NULL },
	{ "邮箱地址",		F_EMAIL,	NULL },
	{ "郵箱地址",		F_EMAIL,	NULL },
	{ "电邮",		F_EMAIL,	NULL },
	{ "電郵",		F_EMAIL,	NULL },
	{ "email",		F_EMAIL,	NULL },
	{ "e-mail",		F_EMAIL,	NULL },

	{ "所需信息",		F_DESCRIPTION,	NULL },
	{ "所需資訊",		F_DESCRIPTION,	NULL },
	{ "所需政府信息",	F_DESCRIPTION,	NULL },
	{ "所需政府資訊",	F_DESCRIPTION,	NULL },
	{ "所需的政府信息",	F_DESCRIPTION,	NULL },
	{ "所需信息内容",	F_DESCRIPTION,	NULL },
	{ "所需信息內容",	F_DESCRIPTION,	NULL },
	{ "所需信息描述",	F_DESCRIPTION,	NULL },
	{ "所需信息名称",	F_DESCRIPTION,	NULL },
	{ "所需信息名稱",	F_DESCRIPTION,	NULL },
	{ "所需信息的名称、文号或特征性描述",	F_DESCRIPTION, NULL },
	{ "所需信息的名称、文号或者特征性描述",	F_DESCRIPTION, NULL },
	{ "所需政府信息的名称、文号或者特征性描述", F_DESCRIPTION, NULL },
	{ "所需信息的名稱、文號或特徵性描述",	F_DESCRIPTION, NULL },
	{ "所需信息的名稱、文號或者特徵性描述",	F_DESCRIPTION, NULL },
	{ "特征性描述",		F_DESCRIPTION,	NULL },
	{ "特徵性描述",		F_DESCRIPTION,	NULL },
	{ "申请内容",		F_DESCRIPTION,	NULL },
	{ "申請內容",		F_DESCRIPTION,	NULL },
	{ "申请公开的信息",	F_DESCRIPTION,	NULL },
	{ "申請公開的信息",	F_DESCRIPTION,	NULL },
	{ "申请公开内容",	F_DESCRIPTION,	NULL },
	{ "申請公開內容",	F_DESCRIPTION,	NULL },

	{ "获取方式",		F_DELIVERY,	NULL },
	{ "獲取方式",		F_DELIVERY,	NULL },
	{ "获取信息的方式",	F_DELIVERY,	NULL },
	{ "獲取信息的方式",	F_DELIVERY,	NULL },
	{ "获取政府信息的方式",	F_DELIVERY,	NULL },
	{ "獲取政府信息的方式",	F_DELIVERY,	NULL },
	{ "获取途径",		F_DELIVERY,	NULL },
	{ "獲取途徑",		F_DELIVERY,	NULL },
	{ "提供方式",		F_DELIVERY,	NULL },

	{ "载体形式",		F_MEDIUM,	NULL },
	{ "載體形式",		F_MEDIUM,	NULL },
	{ "信息载体",		F_MEDIUM,	NULL },
	{ "信息載體",		F_MEDIUM,	NULL },
	{ "载体",		F_MEDIUM,	NULL },
	{ "載體",		F_MEDIUM,	NULL },

	/* Known, and no field: ignored, but they end a description. */
	{ "联系人",		F_NONE,		NULL },
	{ "聯繫人",		F_NONE,		NULL },
	{ "聯絡人",		F_NONE,		NULL },
	{ "法定代表人",		F_NONE,		NULL },
	{ "负责人",		F_NONE,		NULL },
	{ "負責人",		F_NONE,		NULL },
	{ "邮编",		F_NONE,		NULL },
	{ "郵編",		F_NONE,		NULL },
	{ "邮政编码",		F_NONE,		NULL },
	{ "郵政編碼",		F_NONE,		NULL },
	{ "传真",		F_NONE,		NULL },
	{ "傳真",		F_NONE,		NULL },
	{ "工作单位",		F_NONE,		NULL },
	{ "工作單位",		F_NONE,		NULL },
	{ "性别",		F_NONE,		NULL },
	{ "性別",		F_NONE,		NULL },
	{ "出生日期",		F_NONE,		NULL },
	{ "申请日期",		F_NONE,		NULL },
	{ "申請日期",		F_NONE,		NULL },
	{ "日期",		F_NONE,		NULL },
	{ "签名",		F_NONE,		NULL },
	{ "簽名",		F_NONE,		NULL },
	{ "申请人签名",		F_NONE,		NULL },
	{ "申請人簽名",		F_NONE,		NULL },
	{ "备注",		F_NONE,		NULL },
	{ "備註",		F_NONE,		NULL },
	{ "用途",		F_NONE,		NULL },
	{ "所需信息用途",	F_NONE,		NULL },
	{ "所需信息的用途",	F_NONE,		NULL },
};

/* Keys SET takes besides the field keys and the labels above. */
static const struct field_key_alias {
	const char	*key;
	enum field_id	 field;
} field_key_aliases[] = {
	{ "applicant_type",	F_TYPE },
	{ "organisation",	F_NAME },
	{ "organization",	F_NAME },
};

const struct fields_type fields_types[FIELDS_NTYPES] = {
	{ "natural",		"自然人" },
	{ "commercial",		"商业企业" },
	{ "research",		"科研机构" },
	{ "public-welfare",	"社会公益组织" },
	{ "legal-service",	"法律服务机构" },
	{ "other",		"其他" },
};

/* How a type may be written, besides its key and label. */
static const struct type_alias {
	const char	*text;
	const char	*key;
} type_aliases[] = {
	{ "個人",		"natural" },
	{ "个人",		"natural" },
	{ "公民",		"natural" },
	{ "商業企業",		"commercial" },
	{ "企业",		"commercial" },
	{ "企業",		"commercial" },
	{ "公司",		"commercial" },
	{ "科研機構",		"research" },
	{ "社會公益組織",	"public-welfare" },
	{ "公益组织",		"public-welfare" },
	{ "公益組織",		"public-welfare" },
	{ "法律服務機構",	"legal-service" },
	{ "律师事务所",		"legal-service" },
	{ "律師事務所",		"legal-service" },
	{ "其它",		"other" },
	{ "public_welfare",	"public-welfare" },
	{ "legal_service",	"legal-service" },
};

/* Characters that clean to a blank (one space), or are dropped. */
static int
fields_is_space(gunichar c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n' ||
	    c < 0x20 || (c >= 0x7f && c <= 0x9f) || c == 0xa0 ||
	    c == 0x2028 || c == 0x2029;
}

static int
fields_is_dropped(gunichar c)
{
	return c == 0xad || (c >= 0x200b && c <= 0x200f) ||
	    (c >= 0x202a && c <= 0x202e) || (c >= 0x2060 && c <= 0x2064) ||
	    (c >= 0x2066 && c <= 0x2069) || c == 0xfeff;
}

/* Blank for trimming: a space-like character or U+3000. */
static int
fields_is_blank(gunichar c)
{
	return fields_is_space(c) || c == 0x3000;
}

static int
fields_is_nbsp_entity(const char *p)
{
	return g_ascii_strncasecmp(p, "&nbsp;", 6) == 0;
}

/* Removes trailing blanks (ASCII space, U+3000) from s. */
static void
fields_trim_end(GString *s, size_t floor)
{
	for (;;) {
		if (s->len > floor && s->str[s->len - 1] == ' ')
			g_string_truncate(s, s->len - 1);
		else if (s->len >= floor + 3 &&
		    memcmp(s->str + s->len - 3, "\xe3\x80\x80", 3) == 0)
			g_string_truncate(s, s->len - 3);
		else
			break;
	}
}

/*
 * The cleaned value of s (len bytes, valid UTF-8): see "Values" in
 * fields.h.  With multiline, LF stays a line break (lines trimmed, blank
 * lines at either end dropped).  At most max characters; *truncated set
 * when cut.  NULL when nothing is left.
 */
char *
fields_clean_value(const char *s, size_t len, int multiline, size_t max,
    int *truncated)
{
	GString *out = g_string_sized_new(len + 1);
	const char *p = s, *end = s + len;
	size_t chars = 0, line_start = 0;
	int pending = 0;
	gunichar c;
	char *rv = NULL;

	while (p < end) {
		if (end - p >= 6 && fields_is_nbsp_entity(p)) {
			pending = out->len > line_start;
			p += 6;
			continue;
		}
		c = g_utf8_get_char(p);
		p = g_utf8_next_char(p);
		if (c == '\n' && multiline) {
			if (chars + 1 > max) {
				*truncated = 1;
				break;
			}
			fields_trim_end(out, line_start);
			g_string_append_c(out, '\n');
			chars++;
			line_start = out->len;
			pending = 0;
			continue;
		}
		if (fields_is_dropped(c))
			continue;
		if (fields_is_space(c)) {
			pending = out->len > line_start;
			continue;
		}
		if (c == 0x3000 && out->len == line_start)
			continue;
		if (chars + pending + 1 > max) {
			*truncated = 1;
			break;
		}
		if (pending) {
			g_string_append_c(out, ' ');
			chars++;
			pending = 0;
		}
		g_string_append_unichar(out, c);
		chars++;
	}
	fields_trim_end(out, line_start);
	/* Blank lines at either end. */
	while (out->len > 0 && out->str[out->len - 1] == '\n') {
		g_string_truncate(out, out->len - 1);
		line_start = out->len;
		while (line_start > 0 && out->str[line_start - 1] != '\n')
			line_start--;
		fields_trim_end(out, line_start);
	}
	p = out->str;
	while (*p == '\n')
		p++;
	if (*p != '\0')
		rv = xstrdup(p);
	g_string_free(out, TRUE);
	return rv;
}

/* Whether a line holds nothing but blanks. */
static int
fields_blank_line(const char *s)
{
	while (*s != '\0') {
		if (fields_is_nbsp_entity(s)) {
			s += 6;
			continue;
		}
		if (!fields_is_blank(g_utf8_get_char(s)) &&
		    !fields_is_dropped(g_utf8_get_char(s)))
			return 0;
		s = g_utf8_next_char(s);
	}
	return 1;
}

static const char *
fields_skip_blanks(const char *p)
{
	gunichar c;

	for (;;) {
		if (fields_is_nbsp_entity(p)) {
			p += 6;
			continue;
		}
		c = g_utf8_get_char(p);
		if (c == '\0' || !(fields_is_blank(c) || fields_is_dropped(c)))
			return p;
		p = g_utf8_next_char(p);
	}
}

static int
fields_is_cjk_numeral(gunichar c)
{
	return c != 0 && g_utf8_strchr("一二三四五六七八九十", -1, c) != NULL;
}

/* Skips a list mark ("1.", "1、", "(1)", "（一）", "一、", "-", "•"). */
static const char *
fields_skip_list_mark(const char *p)
{
	const char *q = p;
	gunichar c = g_utf8_get_char(q);
	int n = 0;

	if (c == '-' || c == '*' || c == 0x2022 || c == 0xb7)
		return fields_skip_blanks(g_utf8_next_char(q));
	if (c == '(' || c == 0xff08) {
		q = g_utf8_next_char(q);
		while (n < 3 && (g_ascii_isdigit(*q) ||
		    fields_is_cjk_numeral(g_utf8_get_char(q)))) {
			q = g_utf8_next_char(q);
			n++;
		}
		c = g_utf8_get_char(q);
		if (n > 0 && (c == ')' || c == 0xff09))
			return fields_skip_blanks(g_utf8_next_char(q));
		return p;
	}
	while (n < 3 && (g_ascii_isdigit(*q) ||
	    fields_is_cjk_numeral(g_utf8_get_char(q)))) {
		q = g_utf8_next_char(q);
		n++;
	}
	c = g_utf8_get_char(q);
	if (n > 0 && (c == '.' || c == 0x3001 || c == 0xff0e || c == ')' ||
	    c == 0xff09) && !g_ascii_isdigit(q[1]))
		return fields_skip_blanks(g_utf8_next_char(q));
	return p;
}

/* The label text normalised: blanks and a trailing '*' gone, ASCII lower
 * case.  NULL when it is too long to be a label. */
static char *
fields_norm_label(const char *s, size_t len)
{
	GString *out = g_string_sized_new(len + 1);
	const char *p = s, *end = s + len;
	gunichar c;

	while (p < end) {
		if (end - p >= 6 && fields_is_nbsp_entity(p)) {
			p += 6;
			continue;
		}
		c = g_utf8_get_char(p);
		p = g_utf8_next_char(p);
		if (fields_is_blank(c) || fields_is_dropped(c))
			continue;
		g_string_append_unichar(out,
		    c < 0x80 ? (gunichar)g_ascii_tolower((gchar)c) : c);
	}
	while (out->len > 0 && out->str[out->len - 1] == '*')
		g_string_truncate(out, out->len - 1);
	if (out->len >= 3 &&
	    memcmp(out->str + out->len - 3, "\xef\xbc\x8a", 3) == 0)
		g_string_truncate(out, out->len - 3);	/* ＊ */
	return xgstring_free(out);
}

static const struct field_label *
fields_find_label(const char *norm)
{
	size_t i;

	for (i = 0; i < NELEM(field_labels); i++)
		if (strcmp(field_labels[i].label, norm) == 0)
			return &field_labels[i];
	return NULL;
}

char *
fields_split_label(const char *line, const char **value)
{
	const char *start, *p;
	gunichar c;
	int n;

	start = fields_skip_list_mark(fields_skip_blanks(line));
	for (p = start, n = 0; *p != '\0' && n <= FIELDS_LABEL_CHARS;
	    p = g_utf8_next_char(p), n++) {
		c = g_utf8_get_char(p);
		if (c == ':' || c == 0xff1a || c == 0xfe30)
			break;
	}
	c = g_utf8_get_char(p);
	if (p == start || !(c == ':' || c == 0xff1a || c == 0xfe30))
		return NULL;
	*value = g_utf8_next_char(p);
	return fields_norm_label(start, p - start);
}

/*
 * Whether `line` is a label line of a known label: then the label's row
 * and, in *value, where the value starts.
 */
static const struct field_label *
fields_label_line(const char *line, const char **value)
{
	const struct field_label *lab;
	const char *v;
	char *norm;

	if ((norm = fields_split_label(line, &v)) == NULL)
		return NULL;
	lab = fields_find_label(norm);
	g_free(norm);
	if (lab != NULL)
		*value = v;
	return lab;
}

static char **
fields_slot(struct applicant_fields *f, enum field_id id)
{
	return (char **)((char *)f + field_defs[id].slot);
}

/*
 * An e-mail address and no phone number: a word with '@' and no word
 * (outside those with '@') holding 7 or more digits.
 */
static int
fields_looks_like_email(const char *v)
{
	const char *p;
	int at = 0, digits = 0, phone = 0, word_at = 0;

	for (p = v;; p++) {
		if (*p == '\0' || *p == ' ' || *p == ',' || *p == ';' ||
		    *p == '/' || (unsigned char)*p >= 0x80) {
			if (word_at)
				at = 1;
			else if (digits >= 7)
				phone = 1;
			digits = word_at = 0;
			if (*p == '\0')
				break;
			continue;
		}
		if (*p == '@')
			word_at = 1;
		else if (g_ascii_isdigit(*p))
			digits++;
	}
	return at && !phone;
}

static const char *
fields_type_lookup(const char *text)
{
	size_t i;

	for (i = 0; i < FIELDS_NTYPES; i++)
		if (strcmp(text, fields_types[i].label) == 0 ||
		    g_ascii_strcasecmp(text, fields_types[i].key) == 0)
			return fields_types[i].key;
	for (i = 0; i < NELEM(type_aliases); i++)
		if (g_ascii_strcasecmp(text, type_aliases[i].text) == 0)
			return type_aliases[i].key;
	return NULL;
}

const char *
fields_type_key(const char *text)
{
	const char *key = NULL, *p;
	char *t = NULL, *norm;
	size_t len;

	if (text == NULL)
		goto out;
	t = g_utf8_make_valid(text, -1);
	norm = fields_norm_label(t, strlen(t));
	g_free(t);
	t = norm;
	/* Trailing full stops and semicolons. */
	for (;;) {
		len = strlen(t);
		if (len > 0 && (t[len - 1] == '.' || t[len - 1] == ';'))
			t[len - 1] = '\0';
		else if (len >= 3 && (strcmp(t + len - 3, "。") == 0 ||
		    strcmp(t + len - 3, "；") == 0))
			t[len - 3] = '\0';
		else
			break;
	}
	if ((key = fields_type_lookup(t)) != NULL)
		goto out;
	/* A remark in brackets after the type: "自然人（个人）". */
	p = strstr(t, "（");
	if (p == NULL)
		p = strchr(t, '(');
	if (p != NULL && p > t) {
		t[p - t] = '\0';
		key = fields_type_lookup(t);
	}
out:
	g_free(t);
	return key;
}

const char *
fields_type_label(const char *key)
{
	size_t i;

	if (key == NULL)
		return NULL;
	for (i = 0; i < FIELDS_NTYPES; i++)
		if (strcmp(key, fields_types[i].key) == 0)
			return fields_types[i].label;
	return NULL;
}

/* Recomputes missing[] and absent[] (fields.h, "What is missing"). */
static void
fields_update(struct applicant_fields *f)
{
	const char *name = strcmp(f->type, "natural") == 0 ? "姓名" : "名称";
	size_t m = 0, a = 0;

	if (f->name == NULL)
		f->missing[m++] = name;
	if (f->id_type == NULL)
		f->missing[m++] = "证件类型";
	if (f->id_number == NULL)
		f->missing[m++] = "证件号码";
	if (f->phone == NULL && f->address == NULL && f->email == NULL)
		f->missing[m++] = "联系方式";
	if (f->description == NULL)
		f->missing[m++] = "所需信息";
	f->missing[m] = NULL;

	if (f->name == NULL)
		f->absent[a++] = name;
	if (f->type_unclear)
		f->absent[a++] = "申请人类型";
	if (f->id_type == NULL)
		f->absent[a++] = "证件类型";
	if (f->id_number == NULL)
		f->absent[a++] = "证件号码";
	if (f->phone == NULL)
		f->absent[a++] = "联系电话";
	if (f->address == NULL)
		f->absent[a++] = "通信地址";
	if (f->email == NULL)
		f->absent[a++] = "电子邮箱";
	if (f->description == NULL)
		f->absent[a++] = "所需信息";
	if (f->delivery == NULL)
		f->absent[a++] = "获取方式";
	if (f->medium == NULL)
		f->absent[a++] = "载体形式";
	f->absent[a] = NULL;
}

/* Sets the type from a cleaned value (owned: kept or freed). */
static void
fields_store_type(struct applicant_fields *f, char *v)
{
	const char *key = fields_type_key(v);

	free(f->type_text);
	f->type_text = v;
	f->type = key != NULL ? key : "natural";
	f->type_unclear = v != NULL && key == NULL;
}

/*
 * Stores the value of a parsed label line: the first non-empty value of a
 * field wins.  `value` is raw text up to the end of the line.
 */
static void
fields_store(struct applicant_fields *f, const struct field_label *lab,
    const char *value, const char **implied)
{
	enum field_id id = lab->field;
	char *v, **slot;

	v = fields_clean_value(value, strlen(value), 0, FIELDS_VALUE_MAX,
	    &f->truncated);
	if (v == NULL)
		return;
	if (id == F_TYPE) {
		if (f->type_text == NULL)
			fields_store_type(f, v);
		else
			free(v);
		return;
	}
	if (id == F_CONTACT)
		id = fields_looks_like_email(v) ? F_EMAIL : F_PHONE;
	slot = fields_slot(f, id);
	if (*slot != NULL) {
		free(v);
		return;
	}
	*slot = v;
	if (lab->implied != NULL && *implied == NULL)
		*implied = lab->implied;
}

struct applicant_fields *
fields_parse(const char *text)
{
	struct applicant_fields *f = xcalloc(1, sizeof(*f));
	const struct field_label *lab;
	GString *desc = NULL;
	const char *value, *implied = NULL;
	gchar *valid, **lines;
	size_t i, len;
	int in_desc = 0;

	f->type = "natural";
	valid = g_utf8_make_valid(text != NULL ? text : "", -1);
	lines = g_strsplit(valid, "\n", -1);
	for (i = 0; lines[i] != NULL; i++) {
		len = strlen(lines[i]);
		if (len > 0 && lines[i][len - 1] == '\r')
			lines[i][len - 1] = '\0';
		lab = fields_label_line(lines[i], &value);
		if (in_desc) {
			if (lab == NULL && !fields_blank_line(lines[i])) {
				g_string_append_c(desc, '\n');
				g_string_append(desc, lines[i]);
				continue;
			}
			in_desc = 0;
		}
		if (lab == NULL || lab->field == F_NONE)
			continue;
		f->labelled++;
		if (lab->field == F_DESCRIPTION) {
			if (desc == NULL)
				desc = g_string_new(NULL);
			else
				g_string_append_c(desc, '\n');
			g_string_append(desc, value);
			in_desc = 1;
			continue;
		}
		fields_store(f, lab, value, &implied);
	}
	if (desc != NULL) {
		f->description = fields_clean_value(desc->str, desc->len, 1,
		    FIELDS_DESCRIPTION_MAX, &f->truncated);
		g_string_free(desc, TRUE);
	} else {
		f->description = fields_clean_value(valid, strlen(valid), 1,
		    FIELDS_DESCRIPTION_MAX, &f->truncated);
		f->description_whole = f->description != NULL;
	}
	if (f->id_type == NULL && f->id_number != NULL && implied != NULL)
		f->id_type = xstrdup(implied);
	g_strfreev(lines);
	g_free(valid);
	fields_update(f);
	return f;
}

void
fields_free(struct applicant_fields *f)
{
	size_t i;

	if (f == NULL)
		return;
	for (i = 0; i < F_NFIELDS; i++)
		free(*fields_slot(f, i));
	free(f);
}

/* The field a SET names, or F_NONE; *implied for 身份证号 and the like. */
static enum field_id
fields_lookup(const char *field, const char **implied)
{
	const struct field_label *lab;
	enum field_id id = F_NONE;
	char *norm;
	size_t i;

	*implied = NULL;
	if (field == NULL)
		return F_NONE;
	norm = fields_norm_label(field, strlen(field));
	for (i = 0; norm[i] != '\0'; i++)
		if (norm[i] == '-')
			norm[i] = '_';
	for (i = 0; i < F_NFIELDS && id == F_NONE; i++)
		if (strcmp(norm, field_defs[i].key) == 0)
			id = field_defs[i].id;
	for (i = 0; i < NELEM(field_key_aliases) && id == F_NONE; i++)
		if (strcmp(norm, field_key_aliases[i].key) == 0)
			id = field_key_aliases[i].field;
	g_free(norm);
	if (id != F_NONE)
		return id;
	norm = fields_norm_label(field, strlen(field));
	if ((lab = fields_find_label(norm)) != NULL) {
		id = lab->field;
		*implied = lab->implied;
	}
	g_free(norm);
	return id;
}

int
fields_set(struct applicant_fields *f, const char *field, const char *value)
{
	enum field_id id;
	const char *implied;
	char *v = NULL, *valid = NULL, **slot;
	int rv = -1, multiline, truncated = 0;

	if (f == NULL || !g_utf8_validate(field != NULL ? field : "", -1, NULL))
		goto out;
	if ((id = fields_lookup(field, &implied)) == F_NONE)
		goto out;
	valid = g_utf8_make_valid(value != NULL ? value : "", -1);
	multiline = id == F_DESCRIPTION;
	v = fields_clean_value(valid, strlen(valid), multiline,
	    multiline ? FIELDS_DESCRIPTION_MAX : FIELDS_VALUE_MAX,
	    &truncated);
	if (id == F_TYPE) {
		if (v != NULL && fields_type_key(v) == NULL)
			goto out;
		fields_store_type(f, v);
		v = NULL;
		rv = 0;
		goto out;
	}
	if (id == F_CONTACT)
		id = v != NULL && fields_looks_like_email(v) ?
		    F_EMAIL : F_PHONE;
	slot = fields_slot(f, id);
	free(*slot);
	*slot = v;
	v = NULL;
	if (id == F_DESCRIPTION)
		f->description_whole = 0;
	if (implied != NULL && f->id_type == NULL && f->id_number != NULL)
		f->id_type = xstrdup(implied);
	rv = 0;
out:
	if (rv == 0) {
		f->truncated |= truncated;
		fields_update(f);
	}
	free(v);
	g_free(valid);
	return rv;
}

const char *
fields_get(const struct applicant_fields *f, const char *field)
{
	enum field_id id;
	const char *implied;

	if (f == NULL || (id = fields_lookup(field, &implied)) == F_NONE)
		return NULL;
	if (id == F_TYPE)
		return f->type;
	if (id == F_CONTACT)
		return f->phone != NULL ? f->phone : f->email;
	return *fields_slot((struct applicant_fields *)f, id);
}

int
fields_merge(struct applicant_fields *dst, const struct applicant_fields *src)
{
	const char *v;
	char **slot;
	int changed = 0;
	size_t i;

	if (dst == NULL || src == NULL)
		return 0;
	for (i = 0; i < F_NFIELDS; i++) {
		v = *fields_slot((struct applicant_fields *)src, i);
		if (v == NULL)
			continue;
		if (i == F_TYPE) {
			if (dst->type_text != NULL &&
			    strcmp(dst->type_text, v) == 0)
				continue;
			fields_store_type(dst, xstrdup(v));
			changed++;
			continue;
		}
		slot = fields_slot(dst, i);
		if (i == F_DESCRIPTION && src->description_whole &&
		    *slot != NULL)
			continue;
		if (*slot != NULL && strcmp(*slot, v) == 0)
			continue;
		free(*slot);
		*slot = xstrdup(v);
		if (i == F_DESCRIPTION)
			dst->description_whole = src->description_whole;
		changed++;
	}
	dst->truncated |= src->truncated;
	fields_update(dst);
	return changed;
}

/* Masking works on arrays of characters. */
struct fields_chars {
	gunichar	*v;
	glong		 n;
};

static void
fields_chars_init(struct fields_chars *c, const char *s)
{
	gchar *valid = g_utf8_make_valid(s, -1);

	c->v = g_utf8_to_ucs4_fast(valid, -1, &c->n);
	g_free(valid);
}

static char *
fields_chars_finish(struct fields_chars *c)
{
	gchar *s = g_ucs4_to_utf8(c->v, c->n, NULL, NULL, NULL);
	char *rv = xstrdup(s != NULL ? s : "");

	g_free(s);
	g_free(c->v);
	return rv;
}

static int
fields_digit(gunichar c)
{
	return (c >= '0' && c <= '9') || (c >= 0xff10 && c <= 0xff19);
}

static int
fields_ascii_alnum(gunichar c)
{
	return c < 0x80 && g_ascii_isalnum(c);
}

/* Masks v[from..to) as an identity number: blanks kept, not counted. */
static void
fields_mask_id_range(gunichar *v, glong from, glong to)
{
	glong i, n = 0, k = 0, head, tail;

	for (i = from; i < to; i++)
		if (!fields_is_blank(v[i]))
			n++;
	head = n >= 12 ? 4 : 0;
	tail = n >= 12 ? 4 : n > 2 ? 2 : 0;
	for (i = from; i < to; i++) {
		if (fields_is_blank(v[i]))
			continue;
		if (k >= head && k < n - tail)
			v[i] = '*';
		k++;
	}
}

char *
fields_mask_id(const char *s)
{
	struct fields_chars c;

	if (s == NULL)
		return NULL;
	fields_chars_init(&c, s);
	fields_mask_id_range(c.v, 0, c.n);
	return fields_chars_finish(&c);
}

/* A phone-number run at i: its end in *end and digits in *digits. */
static int
fields_phone_run(const gunichar *v, glong n, glong i, glong *end,
    int *digits)
{
	glong j = i, last = -1;
	int d = 0;

	if (v[j] == '+' || v[j] == '(')
		j++;
	for (; j < n; j++) {
		if (fields_digit(v[j])) {
			d++;
			last = j;
		} else if (v[j] == '-' || v[j] == ' ' || v[j] == '(' ||
		    v[j] == ')') {
			/* A separator only between digits (or before one). */
			if (j + 1 >= n)
				break;
			if (!(fields_digit(v[j + 1]) || v[j + 1] == '(' ||
			    (v[j] == ')' && v[j + 1] == ' ')))
				break;
		} else
			break;
	}
	if (d == 0)
		return 0;
	*end = last + 1;
	*digits = d;
	return 1;
}

/* Masks the digits of v[from..to), which holds `digits` digits. */
static void
fields_mask_phone_range(gunichar *v, glong from, glong to, int digits)
{
	int head, tail, k = 0;
	glong i;

	if (digits >= 10) {
		head = 3;
		tail = 4;
	} else if (digits >= 7) {
		head = 0;
		tail = 4;
	} else {
		head = 0;
		tail = digits > 2 ? 2 : 0;
	}
	for (i = from; i < to; i++) {
		if (!fields_digit(v[i]))
			continue;
		if (k >= head && k < digits - tail)
			v[i] = '*';
		k++;
	}
}

/* Digit groups of v[from..to) shaped like a date or a range of years. */
static int
fields_date_like(const gunichar *v, glong from, glong to)
{
	int groups[8], ng = 0, len = 0, year[8];
	glong i;

	for (i = from; i <= to; i++) {
		if (i < to && fields_digit(v[i])) {
			if (len == 0 && ng < 8)
				year[ng] = i + 1 < to &&
				    ((v[i] == '1' && v[i + 1] == '9') ||
				    (v[i] == '2' && v[i + 1] == '0'));
			len++;
			continue;
		}
		if (len > 0) {
			if (ng == 8)
				return 0;
			groups[ng++] = len;
		}
		len = 0;
	}
	if (ng == 3 && groups[0] == 4 && year[0] && groups[1] <= 2 &&
	    groups[2] <= 2)
		return 1;
	if (ng == 2 && groups[0] == 4 && groups[1] == 4 && year[0] && year[1])
		return 1;
	return 0;
}

/* Masks every phone run with at least min digits (min 1: every run). */
static void
fields_mask_phones(struct fields_chars *c, int min, int skip_dates)
{
	glong i, end;
	int digits;

	for (i = 0; i < c->n; i++) {
		if (i > 0 && (fields_digit(c->v[i - 1]) ||
		    fields_ascii_alnum(c->v[i - 1])) && min > 1)
			continue;
		if (!fields_phone_run(c->v, c->n, i, &end, &digits))
			continue;
		if (digits >= min && !(skip_dates &&
		    fields_date_like(c->v, i, end)))
			fields_mask_phone_range(c->v, i, end, digits);
		i = end - 1;
	}
}

char *
fields_mask_phone(const char *s)
{
	struct fields_chars c;

	if (s == NULL)
		return NULL;
	fields_chars_init(&c, s);
	fields_mask_phones(&c, 1, 0);
	return fields_chars_finish(&c);
}

/* One or two letters, then 7 to 12 digits: E12345678, H00000000. */
static int
fields_passport_like(const gunichar *v, glong from, glong to)
{
	glong i = from;

	while (i < to && i - from < 2 && v[i] < 0x80 &&
	    g_ascii_isalpha(v[i]))
		i++;
	if (i == from || to - i < 7 || to - i > 12)
		return 0;
	for (; i < to; i++)
		if (!fields_digit(v[i]))
			return 0;
	return 1;
}

char *
fields_mask_text(const char *s)
{
	struct fields_chars c;
	glong i, j;
	int digits;

	if (s == NULL)
		return NULL;
	fields_chars_init(&c, s);
	for (i = 0; i < c.n; i = j) {
		if (!fields_ascii_alnum(c.v[i])) {
			j = i + 1;
			continue;
		}
		for (j = i, digits = 0; j < c.n && fields_ascii_alnum(c.v[j]);
		    j++)
			if (fields_digit(c.v[j]))
				digits++;
		if ((j - i >= 15 && digits >= 8) ||
		    fields_passport_like(c.v, i, j))
			fields_mask_id_range(c.v, i, j);
	}
	fields_mask_phones(&c, 8, 1);
	return fields_chars_finish(&c);
}
