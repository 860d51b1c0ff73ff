/*
 * quote.c - the authored text of a reply.  Every rule reads one line at a
 * time through its folded, trimmed form (the "key") or the key in NFKC
 * and case folded (the "match key"); what is returned is the cleaned
 * original, so that a reason reads back as it was typed.  The patterns
 * of real clients are in tables below, one row per pattern; the work is
 * linear in the size of the text (each line is compared with a bounded
 * number of rows and of lines after it).
 *
 * The sign-off rule (quote_cut_signature_from() with QUOTE_SIGNOFF; a
 * command's comment or reason).  After the signature cut, the last
 * paragraph of the text is dropped only when
 *   - it is set off from the text above by a blank line (a reason of one
 *     paragraph never loses a line), and
 *   - it is one or two lines, each the sender's display name or the
 *     sender's address (compared without case, blanks, quotes, angle
 *     brackets or trailing punctuation): "陈晓燕", "chushen@fao...",
 *     "<chushen@fao...>"; or
 *   - it is one or two closings from the table `closings` ("谢谢",
 *     "Thanks", "Best regards", "此致" then "敬礼", "С уважением" ...;
 *     trailing ",.!~。，" ignored) followed by one or two lines, each the
 *     sender's name or address, a name (two to four Han or Hangul
 *     characters, or one to three capitalised words) or an address.
 * Nothing else is ever dropped: not a closing alone ("谢谢"), not a name
 * that is not the sender's, not a short last line ("材料不全").  When the
 * sender is not known, only the closing-then-name form applies.  A
 * required reason that the rule would empty is kept whole (command.c).
 */
#include <stdlib.h>
#include <string.h>

#include <glib.h>

#include "quote.h"
#include "xmalloc.h"

/*
 * The patterns.  Each table below has one row per pattern, with the
 * client that writes it; a new client's pattern is a new row.  Rows are
 * matched against a line's "match key": its key (below) in NFKC, case
 * folded (g_utf8_casefold), with Markdown bold stars ("*From:*",
 * "*-----Original Message-----*") removed; so rows are written in lower
 * case, and full-width colons match ':'.
 */

/* A mobile client's signature line: prefix [.. suffix], at most maxlen
 * characters in all. */
struct mobile_sig {
	const char	*prefix;
	const char	*suffix;
	long		 maxlen;
};

static const struct mobile_sig mobile_sigs[] = {
	{ "sent from my ",		NULL,	80 },	/* iOS, Android (en) */
	{ "sent from mail for windows",	NULL,	80 },	/* Windows Mail */
	{ "sent from outlook",		NULL,	80 },	/* Outlook.com */
	{ "sent from yahoo mail",	NULL,	80 },	/* Yahoo apps */
	{ "sent with proton mail",	NULL,	80 },	/* Proton apps */
	{ "get outlook for ",		NULL,	120 },	/* Outlook mobile */
	{ "发自",			NULL,	30 },	/* 发自我的iPhone,
							   发自网易邮箱大师 */
	{ "發自",			NULL,	30 },	/* 發自我的iPhone (zh-TW) */
	{ "从我的",			"发送",	30 },	/* iOS zh-CN, older */
	{ "從我的",			"傳送",	30 },	/* 從我的 iPhone 傳送
							   (iOS zh-TW, zh-HK) */
	{ "来自我的",			NULL,	30 },	/* 来自我的华为手机 */
	{ "envoyé de mon ",		NULL,	80 },	/* iOS fr */
	{ "von meinem ",		"gesendet", 80 },	/* iOS de */
	{ "enviado desde mi ",		NULL,	80 },	/* iOS es */
	{ "enviado do meu ",		NULL,	80 },	/* iOS pt */
	{ "inviato da ",		NULL,	80 },	/* iOS it */
	{ "отправлено с ",		NULL,	80 },	/* iOS ru */
	{ "отправлено из ",		NULL,	80 },	/* Mail.ru app */
	{ "iphoneから送信",		NULL,	30 },	/* iOS ja */
	{ "ipadから送信",		NULL,	30 },	/* iOS ja */
	{ "나의 ",			"보냄",	40 },	/* iOS ko: 나의 iPhone에서 보냄 */
};

/*
 * Words between the dashes of a separator line.  Any words at all end
 * the authored text when four or more dashes stand on each side
 * ("-------- 转发邮件信息 --------"); these end it with two or more.
 */
static const char *const separator_words[] = {
	"original message",		/* Outlook (en) */
	"original",			/* QQ Mail app */
	"forwarded message",		/* Gmail */
	"回复的原邮件",			/* NetEase Mail Master */
	"原始邮件",			/* QQ Mail, Coremail */
	"邮件原件",			/* Outlook 2003/2007 zh-CN */
	"转发的邮件",			/* Foxmail */
	"原始郵件",			/* Outlook zh-TW */
	"郵件原件",			/* Outlook zh-TW, older */
	"轉寄的郵件",			/* Outlook zh-TW */
	"ursprüngliche nachricht",	/* Outlook de */
	"message d'origine",		/* Outlook fr */
	"mensaje original",		/* Outlook es */
	"messaggio originale",		/* Outlook it */
	"mensagem original",		/* Outlook pt */
	"исходное сообщение",		/* Outlook ru */
	"元のメッセージ",		/* Outlook ja */
	"원본 메시지",			/* Outlook ko */
};

/* Lines that open a forwarded or quoted mail on their own (prefix). */
static const char *const forward_heads[] = {
	"begin forwarded message",		/* Apple Mail (en) */
	"début du message réexpédié",		/* Apple Mail fr */
	"anfang der weitergeleiteten nachricht",	/* Apple Mail de */
	"inicio del mensaje reenviado",		/* Apple Mail es */
	"início da mensagem reencaminhada",	/* Apple Mail pt */
	"inizio messaggio inoltrato",		/* Apple Mail it */
	"начало переадресованного сообщения",	/* Apple Mail ru */
	"転送されたメッセージ",			/* Apple Mail ja */
	"전달된 메시지",			/* Apple Mail ko */
};

/* Labels of a quoted header block (two or more such lines in a row end
 * the authored text). */
static const char *const header_labels[] = {
	/* English: Outlook, Gmail, Apple Mail, QQ Mail app */
	"from", "sent", "date", "to", "cc", "bcc", "subject", "reply-to",
	"reply to",
	/* 简体: Outlook, Foxmail, QQ Mail, Coremail, NetEase */
	"发件人", "发送时间", "日期", "收件人", "抄送", "主题", "密送",
	"回复至",
	/* 繁體: Outlook zh-TW / zh-HK, Gmail, Yahoo */
	"寄件者", "寄件人", "收件者", "主旨", "副本", "寄送日期",
	"寄件日期", "傳送時間", "來自", "密件副本", "發件人", "收件人",
	/* Deutsch: Outlook */
	"von", "an", "betreff", "gesendet", "datum", "kopie", "antwort an",
	/* Français: Outlook */
	"de", "à", "objet", "envoyé", "répondre à",
	/* Español: Outlook */
	"para", "asunto", "enviado", "enviado el", "fecha", "responder a",
	/* Português: Outlook */
	"assunto", "enviada em", "enviado em", "data",
	/* Italiano: Outlook */
	"da", "a", "oggetto", "inviato", "rispondi a",
	/* Русский: Outlook */
	"от", "кому", "тема", "отправлено", "дата", "копия",
	/* 日本語: Outlook */
	"差出人", "宛先", "件名", "送信日時", "日付",
	/* 한국어: Outlook */
	"보낸 사람", "받는 사람", "제목", "보낸 날짜", "날짜", "참조",
};

/*
 * Attributions: the line a client writes above the text it quotes.  A
 * row matches one line, or (when it names a start or a word the first
 * line holds) up to four lines joined by blanks, no blank line between:
 * the first line begins with `start` and holds `within` (each NULL: no
 * condition), and the joined text ends in ':' (ASCII or full-width) and
 * holds `word`: right before that colon (A_END), or anywhere (A_MID).
 * With A_EVIDENCE it must also hold an address, a time or a date (so
 * that "the applicant wrote:" is text).  A row with neither start nor
 * within matches one line, or two when the second is only its word.
 */
#define A_END		0x01
#define A_MID		0x02
#define A_EVIDENCE	0x04

struct attribution {
	const char	*start;
	const char	*within;
	const char	*word;
	int		 flags;
};

static const struct attribution attributions[] = {
	/* English: Gmail, Thunderbird, Apple Mail, mutt ("On ... wrote:") */
	{ "on ",	NULL,	"wrote",	A_END },
	/* Gnus, slrn ("On ..., X writes:") */
	{ "on ",	NULL,	"writes",	A_END },
	/* Eudora, Lotus Notes ("At 10:05 AM 10/12/2026, X wrote:") */
	{ "at ",	NULL,	"wrote",	A_END },
	/* Outlook Express, Yahoo, Japanese clients ("X <x@y> wrote:") */
	{ NULL,		NULL,	"wrote",	A_END | A_EVIDENCE },
	/* Français: Gmail, Thunderbird, Apple Mail ("Le ... a écrit :") */
	{ "le ",	NULL,	"a écrit",	A_END },
	{ NULL,		NULL,	"a écrit",	A_END | A_EVIDENCE },
	/* Deutsch: Gmail, Thunderbird ("Am ... schrieb X <x@y>:") */
	{ "am ",	NULL,	"schrieb",	A_MID },
	{ NULL,		NULL,	"schrieb",	A_END | A_EVIDENCE },
	/* Español: Gmail, Thunderbird ("El ..., X escribió:") */
	{ "el ",	NULL,	"escribió",	A_END },
	{ NULL,		NULL,	"escribió",	A_END | A_EVIDENCE },
	/* Português: Gmail ("Em ..., X escreveu:") */
	{ "em ",	NULL,	"escreveu",	A_END },
	{ NULL,		NULL,	"escreveu",	A_END | A_EVIDENCE },
	/* Italiano: Gmail ("Il giorno ... X ha scritto:") */
	{ "il ",	NULL,	"ha scritto",	A_END },
	{ NULL,		NULL,	"ha scritto",	A_END | A_EVIDENCE },
	/* Русский: Thunderbird, Yandex ("12.10.2026 09:30, X пишет:") */
	{ NULL,		NULL,	"пишет",	A_END | A_EVIDENCE },
	/* Русский: Outlook, The Bat! ("X <x@y> написал(а):") */
	{ NULL,		NULL,	"написал(а)",	A_END | A_EVIDENCE },
	{ NULL,		NULL,	"написал",	A_END | A_EVIDENCE },
	{ NULL,		NULL,	"написала",	A_END | A_EVIDENCE },
	/* Русский: Mail.ru ("Понедельник, 12 октября 2026, 9:30 от X <x@y>:") */
	{ NULL,		NULL,	" от ",		A_MID | A_EVIDENCE },
	/* 日本語: Outlook, Apple Mail ("X <x@y> のメッセージ:", "のメール:") */
	{ NULL,		NULL,	"のメッセージ",	A_END },
	{ NULL,		NULL,	"のメール",	A_END | A_EVIDENCE },
	/* 日本語: Thunderbird, Becky! ("Xさんは書きました:") */
	{ NULL,		NULL,	"は書きました",	A_END },
	{ NULL,		NULL,	"書きました",	A_END | A_EVIDENCE },
	/* 한국어: Gmail ("2026년 10월 12일 (월) 오전 9:30, X <x@y>님이 작성:") */
	{ NULL,		NULL,	"님이 작성",	A_END },
	{ NULL,		NULL,	"작성",		A_END | A_EVIDENCE },
	/* 简体: NetEase, Thunderbird ("在 ...，X 写道：") */
	{ "在",		NULL,	"写道",		A_END },
	{ "在",		NULL,	"写到",		A_END },
	/* 简体: Gmail, Apple Mail ("X <x@y> 于2026年10月12日周一 09:30写道：",
	 * also "于 DATE" then "X 写道:") */
	{ NULL,		"于",	"写道",		A_END },
	{ NULL,		NULL,	"写道",		A_END | A_EVIDENCE },
	{ NULL,		NULL,	"写到",		A_END | A_EVIDENCE },
	/* 繁體: Gmail, Apple Mail ("X <x@y> 於 2026年10月12日 上午9:30寫道：") */
	{ NULL,		"於",	"寫道",		A_END },
	{ NULL,		"於",	"寫到",		A_END },
	{ "在",		NULL,	"寫道",		A_END },
	{ NULL,		NULL,	"寫道",		A_END | A_EVIDENCE },
	{ NULL,		NULL,	"寫到",		A_END | A_EVIDENCE },
	/* 繁體: Yahoo Mail TW ("X 在 ... 寫下：", "... 撰寫：") */
	{ NULL,		NULL,	"寫下",		A_END | A_EVIDENCE },
	{ NULL,		NULL,	"撰寫",		A_END | A_EVIDENCE },
	/* 繁體: Outlook mobile zh-TW ("X <x@y> 已寫入：") */
	{ NULL,		NULL,	"已寫入",	A_END | A_EVIDENCE },
};

/* Closings that may open a sign-off (no case, trailing punctuation
 * ignored); see the sign-off rule at the top of this file. */
static const char *const closings[] = {
	"thanks", "thank you", "many thanks", "regards", "best regards",
	"kind regards", "warm regards", "best", "best wishes", "cheers",
	"sincerely", "yours sincerely", "yours faithfully",
	"谢谢", "多谢", "感谢", "此致", "敬礼", "此致敬礼", "此致 敬礼",
	"祝好", "顺祝商祺", "謝謝", "多謝", "祝好",
	"cordialement", "bien cordialement", "salutations",
	"mit freundlichen grüßen", "viele grüße", "beste grüße", "grüße",
	"saludos", "atentamente", "un saludo", "saludos cordiales",
	"atenciosamente", "cumprimentos", "abraços",
	"cordiali saluti", "distinti saluti", "saluti",
	"с уважением", "спасибо",
	"よろしくお願いします", "よろしくお願いいたします",
	"감사합니다", "고맙습니다",
};

#define NELEM(a)	(sizeof(a) / sizeof((a)[0]))

static int
quote_isblank(gunichar c)
{
	return c == ' ' || c == '\t' || c == 0x3000 ||
	    (c != '\n' && g_unichar_isspace(c));
}

/* Whether a line holds nothing but blanks. */
static int
quote_blank_line(const char *s)
{
	for (; *s != '\0'; s = g_utf8_next_char(s))
		if (!quote_isblank(g_utf8_get_char(s)))
			return 0;
	return 1;
}

static gunichar
quote_fold_char(gunichar c)
{
	if (c >= 0xff01 && c <= 0xff5e)
		return c - 0xfee0;
	if (c == 0x3000)
		return ' ';
	return c;
}

char *
quote_clean(const char *text)
{
	gchar *valid;
	GString *out;
	const char *p, *next;
	char *rv;
	gunichar c;
	size_t end;

	valid = g_utf8_make_valid(text != NULL ? text : "", -1);
	out = g_string_sized_new(strlen(valid) + 1);
	for (p = valid; *p != '\0'; p = next) {
		if (*p == '\r' || *p == '\n') {
			/* Trailing blanks go with the line they end. */
			end = out->len;
			while (end > 0 && (out->str[end - 1] == ' ' ||
			    out->str[end - 1] == '\t'))
				end--;
			g_string_truncate(out, end);
			g_string_append_c(out, '\n');
			next = p + 1;
			if (p[0] == '\r' && p[1] == '\n')
				next++;
			continue;
		}
		if (*p == '&' && g_ascii_strncasecmp(p, "&nbsp;", 6) == 0) {
			g_string_append_c(out, ' ');
			next = p + 6;
			continue;
		}
		c = g_utf8_get_char(p);
		next = g_utf8_next_char(p);
		switch (c) {
		case 0xfeff:	/* BOM, zero-width no-break space */
		case 0x200b:	/* zero-width space */
		case 0x200c:	/* zero-width non-joiner */
		case 0x200d:	/* zero-width joiner */
		case 0x2060:	/* word joiner */
		case 0x00ad:	/* soft hyphen */
			break;
		case 0x00a0:
			g_string_append_c(out, ' ');
			break;
		default:
			g_string_append_len(out, p, next - p);
			break;
		}
	}
	end = out->len;
	while (end > 0 && (out->str[end - 1] == ' ' ||
	    out->str[end - 1] == '\t'))
		end--;
	g_string_truncate(out, end);

	rv = xgstring_free(out);
	g_free(valid);
	return rv;
}

char *
quote_fold(const char *text)
{
	gchar *valid;
	GString *out;
	const char *p;
	char *rv;

	/* Invalid UTF-8 first: a cut-off character would step over the NUL. */
	valid = g_utf8_make_valid(text, -1);
	out = g_string_sized_new(strlen(valid) + 1);
	for (p = valid; *p != '\0'; p = g_utf8_next_char(p))
		g_string_append_unichar(out,
		    quote_fold_char(g_utf8_get_char(p)));
	rv = xgstring_free(out);
	g_free(valid);
	return rv;
}

void
quote_lines_split(struct quote_lines *l, const char *text)
{
	size_t cap = 16;
	char *p, *nl;

	l->buf = xstrdup(text);
	l->v = xreallocarray(NULL, cap, sizeof(*l->v));
	l->n = 0;
	for (p = l->buf; ; p = nl + 1) {
		if (l->n == cap) {
			cap *= 2;
			l->v = xreallocarray(l->v, cap, sizeof(*l->v));
		}
		l->v[l->n++] = p;
		if ((nl = strchr(p, '\n')) == NULL)
			break;
		*nl = '\0';
	}
}

void
quote_lines_free(struct quote_lines *l)
{
	free(l->v);
	free(l->buf);
	l->v = NULL;
	l->buf = NULL;
	l->n = 0;
}

/* Joins lines [from, to) with LF, dropping blank lines at both ends and
 * blanks before the first line's text. */
static char *
lines_join(const struct quote_lines *l, size_t from, size_t to)
{
	GString *out;
	const char *p;
	size_t i;

	while (from < to && quote_blank_line(l->v[from]))
		from++;
	while (to > from && quote_blank_line(l->v[to - 1]))
		to--;
	out = g_string_new(NULL);
	for (i = from; i < to; i++) {
		p = l->v[i];
		if (i == from)
			while (*p != '\0' && quote_isblank(g_utf8_get_char(p)))
				p = g_utf8_next_char(p);
		if (i > from)
			g_string_append_c(out, '\n');
		g_string_append(out, p);
	}
	return xgstring_free(out);
}

/*
 * The key of a line: folded, blanks trimmed at both ends and runs of
 * blanks collapsed to one space.  Returns the number of non-blank
 * characters through *countp when countp is not NULL.
 */
static char *
quote_key(const char *line, long *countp)
{
	GString *out;
	const char *p;
	gunichar c;
	long count = 0;
	int blank = 0;

	out = g_string_sized_new(strlen(line) + 1);
	for (p = line; *p != '\0'; p = g_utf8_next_char(p)) {
		c = quote_fold_char(g_utf8_get_char(p));
		if (quote_isblank(c)) {
			blank = 1;
			continue;
		}
		if (blank && out->len > 0)
			g_string_append_c(out, ' ');
		blank = 0;
		g_string_append_unichar(out, c);
		count++;
	}
	if (countp != NULL)
		*countp = count;
	return xgstring_free(out);
}

static int
has_prefix_ci(const char *s, const char *prefix)
{
	return g_ascii_strncasecmp(s, prefix, strlen(prefix)) == 0;
}

/*
 * The match key of a key: NFKC, case folded, Markdown bold stars
 * removed when the line opens with one ("*From:* x", "**From:** x",
 * "*-----Original Message-----*").
 */
static char *
quote_match_key(const char *k)
{
	gchar *n, *f;
	char *rv, *w;
	const char *r;

	n = g_utf8_normalize(k, -1, G_NORMALIZE_NFKC);
	f = g_utf8_casefold(n != NULL ? n : k, -1);
	rv = xstrdup(f);
	g_free(f);
	g_free(n);
	if (rv[0] == '*') {
		for (r = w = rv; *r != '\0'; r++)
			if (*r != '*')
				*w++ = *r;
		*w = '\0';
		/* "*From:* x" leaves "From: x"; trim a blank it opened. */
		w = rv;
		while (*w == ' ')
			w++;
		memmove(rv, w, strlen(w) + 1);
	}
	return rv;
}

static int
is_quote_line(const char *k)
{
	return k[0] == '>' || has_prefix_ci(k, "&gt;");
}

/* Skips a run of dashes ('-' or U+2014); the number skipped in *np. */
static const char *
skip_dashes(const char *p, int *np)
{
	*np = 0;
	for (;;) {
		if (*p == '-')
			p++;
		else if (g_str_has_prefix(p, "\xe2\x80\x94"))
			p += 3;
		else
			break;
		(*np)++;
	}
	return p;
}

/* The end of the words of a separator: the next run of two or more
 * dashes (or one em dash), or the end of the line. */
static const char *
separator_words_end(const char *p)
{
	for (; *p != '\0'; p++) {
		if (p[0] == '-' && p[1] == '-')
			return p;
		if (g_str_has_prefix(p, "\xe2\x80\x94"))
			return p;
	}
	return p;
}

static int
is_separator(const char *m)
{
	const char *p, *w, *we;
	size_t i, len;
	int n1, n2;

	for (i = 0; i < NELEM(forward_heads); i++)
		if (g_str_has_prefix(m, forward_heads[i]))
			return 1;
	if (m[0] == '_') {
		for (p = m; *p == '_'; p++)
			;
		if (*p == '\0' && p - m >= 5)
			return 1;
	}
	w = skip_dashes(m, &n1);
	if (n1 < 2)
		return 0;
	while (*w == ' ')
		w++;
	we = separator_words_end(w);
	(void)skip_dashes(we, &n2);
	len = we - w;
	while (len > 0 && w[len - 1] == ' ')
		len--;
	if (len == 0 || n2 < 2)
		return 0;
	/* Anything may follow the closing dashes: a format=flowed reader
	 * may have joined the next line to it. */
	for (i = 0; i < NELEM(separator_words); i++)
		if (strlen(separator_words[i]) == len &&
		    strncmp(w, separator_words[i], len) == 0)
			return 1;
	return n1 >= 4 && n2 >= 4 && g_utf8_strlen(w, len) <= 40;
}

static int
is_header_like(const char *m)
{
	const char *p = m, *q;
	int table = 0;
	size_t i, len;

	if (*p == '|') {
		table = 1;
		p++;
		if (*p == ' ')
			p++;
	}
	for (i = 0; i < NELEM(header_labels); i++) {
		len = strlen(header_labels[i]);
		if (strncmp(p, header_labels[i], len) != 0)
			continue;
		q = p + len;
		if (*q == ' ')
			q++;
		if (*q == ':' || (table && *q == '|'))
			return 1;
	}
	return 0;
}

#define EV_ADDR		0x01	/* an '@' */
#define EV_TIME		0x02	/* 9:30 */
#define EV_DATE		0x04	/* 2026-10-12, 12.10.2026, 2026年, 2026년 */

/* What s holds of what an attribution carries: EV_* bits. */
static int
evidence(const char *s)
{
	const char *p, *q, *r;
	size_t n;
	int ev = 0;

	if (strchr(s, '@') != NULL)
		ev |= EV_ADDR;
	for (p = s; *p != '\0'; p = q) {
		if (!g_ascii_isdigit(*p)) {
			q = p + 1;
			continue;
		}
		for (q = p; g_ascii_isdigit(*q); q++)
			;
		n = q - p;
		if (n <= 2 && q[0] == ':' && g_ascii_isdigit(q[1]) &&
		    g_ascii_isdigit(q[2]))
			ev |= EV_TIME;
		if (n == 4 && *q != '\0' && strchr("-/.", *q) != NULL &&
		    g_ascii_isdigit(q[1]))
			ev |= EV_DATE;
		if (n == 4 && (g_str_has_prefix(q, "年") ||
		    g_str_has_prefix(q, "년")))
			ev |= EV_DATE;
		if (n <= 2 && *q != '\0' && strchr("./-", *q) != NULL &&
		    g_ascii_isdigit(q[1])) {
			for (r = q + 1; g_ascii_isdigit(*r); r++)
				;
			if (*r != '\0' && strchr("./-", *r) != NULL &&
			    g_ascii_isdigit(r[1]))
				ev |= EV_DATE;
		}
	}
	return ev;
}

static int
has_evidence(const char *s)
{
	return evidence(s) != 0;
}

static int
ends_colon(const char *s)
{
	size_t len = strlen(s);

	while (len > 0 && s[len - 1] == ' ')
		len--;
	return len > 0 && s[len - 1] == ':';
}

/* s with a final ':' and the blanks around it removed (malloc'd); NULL when
 * s does not end in ':'. */
static char *
strip_colon(const char *s)
{
	size_t len = strlen(s);

	while (len > 0 && s[len - 1] == ' ')
		len--;
	if (len == 0 || s[len - 1] != ':')
		return NULL;
	len--;
	while (len > 0 && s[len - 1] == ' ')
		len--;
	return xstrndup(s, len);
}

/* Whether joined text j (ending in ':') fits row a. */
static int
attribution_fits(const struct attribution *a, const char *j)
{
	char *body;
	size_t bl, wl;
	int hit = 0;

	if ((body = strip_colon(j)) == NULL)
		return 0;
	bl = strlen(body);
	wl = strlen(a->word);
	if (a->flags & A_END)
		hit = bl >= wl && strcmp(body + bl - wl, a->word) == 0;
	else
		hit = strstr(body, a->word) != NULL;
	if (hit && (a->flags & A_EVIDENCE))
		hit = has_evidence(body);
	free(body);
	return hit;
}

/* Whether the first line m fits the anchor of row a (start, within). */
static int
attribution_anchored(const struct attribution *a, const char *m)
{
	if (a->start == NULL && a->within == NULL)
		return 0;
	if (a->start != NULL && !g_str_has_prefix(m, a->start))
		return 0;
	if (a->within != NULL && strstr(m, a->within) == NULL)
		return 0;
	return 1;
}

/* Whether m is nothing but row a's word and a colon ("wrote:"). */
static int
is_bare_word(const struct attribution *a, const char *m)
{
	char *body = strip_colon(m);
	int hit;

	hit = body != NULL && strcmp(body, a->word) == 0;
	free(body);
	return hit;
}

/* Attributions span at most this many lines. */
#define ATTR_LINES	4

/*
 * Whether an attribution begins at line i of the match keys m[0..n):
 * a row of the table; a line ending in ':' that holds a date, a time and
 * an address; or one ending in ':' that holds an address (or a date and
 * a time) directly above the first quoted line ("2026年9月21日 10:05 张三
 * <x@y>:"; one blank line may stand between).
 */
static int
is_attribution(char *const *m, size_t n, size_t i)
{
	const struct attribution *a;
	GString *j;
	char *body;
	size_t r, k, q;
	int hit = 0, ev, colon;

	if (*m[i] == '\0')
		return 0;
	/* Unanchored rows need a colon at the end of this line or the
	 * next. */
	colon = ends_colon(m[i]) || (i + 1 < n && ends_colon(m[i + 1]));
	for (r = 0; r < NELEM(attributions) && !hit; r++) {
		a = &attributions[r];
		if (attribution_anchored(a, m[i])) {
			j = g_string_new(m[i]);
			for (k = i; ; ) {
				if (attribution_fits(a, j->str)) {
					hit = 1;
					break;
				}
				if (++k >= n || k - i >= ATTR_LINES ||
				    *m[k] == '\0')
					break;
				g_string_append_c(j, ' ');
				g_string_append(j, m[k]);
			}
			g_string_free(j, TRUE);
			continue;
		}
		if (a->start != NULL || a->within != NULL || !colon)
			continue;
		if (attribution_fits(a, m[i]))
			hit = 1;
		else if (i + 1 < n && is_bare_word(a, m[i + 1]) &&
		    has_evidence(m[i])) {
			j = g_string_new(m[i]);
			g_string_append_c(j, ' ');
			g_string_append(j, m[i + 1]);
			hit = attribution_fits(a, j->str);
			g_string_free(j, TRUE);
		}
	}
	if (hit)
		return 1;

	/* A date, a time and an address, then ':' (Gmail in Japanese,
	 * Russian and other languages); with an address or a date and a
	 * time, directly above the first quoted line. */
	if ((body = strip_colon(m[i])) == NULL)
		return 0;
	ev = evidence(body);
	free(body);
	if (ev == (EV_ADDR | EV_TIME | EV_DATE))
		return 1;
	q = i + 1;
	if (q < n && *m[q] == '\0')
		q++;
	return q < n && is_quote_line(m[q]) && ((ev & EV_ADDR) ||
	    (ev & (EV_TIME | EV_DATE)) == (EV_TIME | EV_DATE));
}

/* Whether key k holds the marker, or one of its halves around " / ". */
static int
is_marker(const char *k, const char *mk)
{
	const char *slash;
	char *half;
	int hit = 0;

	if (mk == NULL || *mk == '\0')
		return 0;
	if (strstr(k, mk) != NULL)
		return 1;
	if ((slash = strstr(mk, " / ")) == NULL)
		return 0;
	half = xstrndup(mk, slash - mk);
	if (g_utf8_strlen(half, -1) >= 6 && strstr(k, half) != NULL)
		hit = 1;
	free(half);
	slash += 3;
	if (!hit && g_utf8_strlen(slash, -1) >= 6 && strstr(k, slash) != NULL)
		hit = 1;
	return hit;
}

char *
quote_authored(const char *text, const char *const *sent_lines,
    const char *marker)
{
	struct quote_lines l = { NULL, NULL, 0 };
	GHashTable *sent = NULL;
	char **keys = NULL, **mkeys = NULL;
	char *clean = NULL, *mk = NULL, *k, *rv;
	size_t i, cut;
	long count;

	sent = g_hash_table_new_full(g_str_hash, g_str_equal, free, NULL);
	for (i = 0; sent_lines != NULL && sent_lines[i] != NULL; i++) {
		clean = quote_clean(sent_lines[i]);
		k = quote_key(clean, &count);
		free(clean);
		clean = NULL;
		if (count >= QUOTE_SENT_MIN)
			g_hash_table_add(sent, k);
		else
			free(k);
	}
	if (marker != NULL) {
		clean = quote_clean(marker);
		mk = quote_key(clean, NULL);
		free(clean);
	}

	clean = quote_clean(text);
	quote_lines_split(&l, clean);
	keys = xcalloc(l.n + 1, sizeof(*keys));
	mkeys = xcalloc(l.n + 1, sizeof(*mkeys));
	for (i = 0; i < l.n; i++) {
		keys[i] = quote_key(l.v[i], NULL);
		mkeys[i] = quote_match_key(keys[i]);
	}

	for (cut = 0; cut < l.n; cut++) {
		k = keys[cut];
		if (is_quote_line(k) || is_separator(mkeys[cut]) ||
		    is_marker(k, mk) || g_hash_table_contains(sent, k))
			break;
		if (is_header_like(mkeys[cut]) && cut + 1 < l.n &&
		    is_header_like(mkeys[cut + 1]))
			break;
		if (is_attribution(mkeys, l.n, cut))
			break;
	}
	rv = lines_join(&l, 0, cut);

	for (i = 0; i < l.n; i++) {
		free(keys[i]);
		free(mkeys[i]);
	}
	free(keys);
	free(mkeys);
	quote_lines_free(&l);
	free(clean);
	free(mk);
	g_hash_table_destroy(sent);
	return rv;
}

static int
is_mobile_signature(const char *m)
{
	const struct mobile_sig *s;
	size_t i;

	for (i = 0; i < NELEM(mobile_sigs); i++) {
		s = &mobile_sigs[i];
		if (!g_str_has_prefix(m, s->prefix))
			continue;
		if (s->suffix != NULL && !g_str_has_suffix(m, s->suffix))
			continue;
		if (g_utf8_strlen(m, -1) <= s->maxlen)
			return 1;
	}
	return 0;
}

static int
is_address(const char *k)
{
	const char *at, *p;
	size_t len = strlen(k);

	if (len > 2 && k[0] == '<' && k[len - 1] == '>') {
		k++;
		len -= 2;
	}
	if ((at = memchr(k, '@', len)) == NULL || at == k)
		return 0;
	if (memchr(at + 1, '@', len - (at + 1 - k)) != NULL)
		return 0;
	if (memchr(at + 1, '.', len - (at + 1 - k)) == NULL)
		return 0;
	for (p = k; p < k + len; p++)
		if ((unsigned char)*p <= ' ' || (unsigned char)*p >= 0x7f)
			return 0;
	return 1;
}

/*
 * A name: two to four Han or Hangul characters (a middle dot allowed,
 * 欧阳·娜娜), or one to three words that each begin with a capital
 * letter of any cased script and go on in letters, '.', '-' or '\''.
 * Read on the key, before case folding.
 */
static int
is_name(const char *k)
{
	const char *p;
	gunichar c;
	GUnicodeScript sc;
	long n = 0, words = 0;
	int inword = 0;

	sc = g_unichar_get_script(g_utf8_get_char(k));
	if (sc == G_UNICODE_SCRIPT_HAN || sc == G_UNICODE_SCRIPT_HANGUL) {
		for (p = k; *p != '\0'; p = g_utf8_next_char(p)) {
			c = g_utf8_get_char(p);
			if (g_unichar_get_script(c) != sc && c != 0x00b7)
				return 0;
			n++;
		}
		return n >= 2 && n <= 4;
	}
	if (g_utf8_strlen(k, -1) > 40)
		return 0;
	for (p = k; *p != '\0'; p = g_utf8_next_char(p)) {
		c = g_utf8_get_char(p);
		if (c == ' ') {
			inword = 0;
			continue;
		}
		if (!inword) {
			if (!g_unichar_isupper(c))
				return 0;
			inword = 1;
			words++;
			continue;
		}
		if (!g_unichar_isalpha(c) && c != '.' && c != '-' &&
		    c != '\'')
			return 0;
	}
	return words >= 1 && words <= 3;
}

/* m (a match key) without trailing punctuation: ",.!~" and their
 * full-width forms folded, 。 and ！. */
static char *
strip_punct(const char *m)
{
	char *s = xstrdup(m);
	size_t len = strlen(s);

	for (;;) {
		if (len > 0 && strchr(",.!~ ", s[len - 1]) != NULL)
			len--;
		else if (len >= 3 && (strcmp(s + len - 3, "。") == 0 ||
		    strcmp(s + len - 3, "，") == 0))
			len -= 3;
		else
			break;
		s[len] = '\0';
	}
	return s;
}

static int
is_closing(const char *m)
{
	char *s = strip_punct(m);
	size_t i;
	int hit = 0;

	for (i = 0; i < NELEM(closings); i++)
		if (strcmp(s, closings[i]) == 0)
			hit = 1;
	free(s);
	return hit;
}

/* The sender, as the sign-off rule compares it: match key without
 * blanks, trailing punctuation or angle brackets. */
static char *
sender_form(const char *s)
{
	char *k, *m, *p, *w;
	size_t len;

	k = quote_key(s, NULL);
	m = quote_match_key(k);
	free(k);
	p = strip_punct(m);
	free(m);
	for (k = w = p; *k != '\0'; k++)
		if (*k != ' ' && *k != '"' && *k != '\'')
			*w++ = *k;
	*w = '\0';
	len = strlen(p);
	if (len >= 2 && p[0] == '<' && p[len - 1] == '>') {
		memmove(p, p + 1, len - 2);
		p[len - 2] = '\0';
	}
	return p;
}

/* Whether line l is the sender's display name or address. */
static int
is_sender(const char *l, const char *name, const char *addr)
{
	char *f, *x;
	int hit = 0;

	f = sender_form(l);
	if (*f != '\0' && name != NULL && *name != '\0') {
		x = sender_form(name);
		hit = strcmp(f, x) == 0;
		free(x);
	}
	if (!hit && *f != '\0' && addr != NULL && *addr != '\0') {
		x = sender_form(addr);
		hit = strcmp(f, x) == 0;
		free(x);
	}
	free(f);
	return hit;
}

/* Whether lines [from, to) are a sign-off (the rule at the top of this
 * file). */
static int
is_signoff(char *const *v, size_t from, size_t to, const char *name,
    const char *addr)
{
	char *k, *m;
	size_t i, closing = 0;
	int ok = 1, sender = 1, named = 1;

	if (to - from > 4)
		return 0;
	for (i = from; i < to; i++) {
		k = quote_key(v[i], NULL);
		m = quote_match_key(k);
		if (!is_sender(k, name, addr))
			sender = 0;
		if (i - from == closing && closing < 2 && is_closing(m))
			closing++;
		else if (!is_sender(k, name, addr) && !is_name(k) &&
		    !is_address(k))
			named = 0;
		free(m);
		free(k);
	}
	if (sender && to - from <= 2)
		return 1;
	ok = closing > 0 && named && to - from > closing &&
	    to - from - closing <= 2;
	return ok;
}

char *
quote_cut_signature_from(const char *text, int flags, const char *name,
    const char *addr)
{
	struct quote_lines l = { NULL, NULL, 0 };
	char *clean, *k, *m;
	size_t end, start;
	int sig;

	clean = quote_clean(text);
	quote_lines_split(&l, clean);

	for (end = 0; end < l.n; end++) {
		if (strcmp(l.v[end], "--") == 0)
			break;
		k = quote_key(l.v[end], NULL);
		m = quote_match_key(k);
		sig = is_mobile_signature(m);
		free(m);
		free(k);
		if (sig)
			break;
	}
	while (end > 0 && quote_blank_line(l.v[end - 1]))
		end--;

	if ((flags & QUOTE_SIGNOFF) && end > 0) {
		/* The last paragraph: [start, end), set off by a blank. */
		start = end;
		while (start > 0 && !quote_blank_line(l.v[start - 1]))
			start--;
		if (start > 0 && is_signoff(l.v, start, end, name, addr))
			end = start;
	}

	k = lines_join(&l, 0, end);
	quote_lines_free(&l);
	free(clean);
	return k;
}

char *
quote_cut_signature(const char *text, int flags)
{
	return quote_cut_signature_from(text, flags, NULL, NULL);
}

/* Whether c may stand in the local part of an address. */
static int
is_local_char(char c)
{
	return g_ascii_isalnum(c) || (c != '\0' &&
	    strchr("!#$%&'*+-/=?^_`{|}~.", c) != NULL);
}

char *
quote_scrub_office(const char *text, const char *office, const char *token)
{
	GString *out;
	const char *at, *p, *q, *dom;
	size_t llen, dlen, tlen;

	out = g_string_new(NULL);
	if (text == NULL)
		text = "";
	if (office == NULL || (at = strchr(office, '@')) == NULL ||
	    at == office) {
		g_string_append(out, text);
		goto token;
	}
	llen = at - office;
	dom = at + 1;
	dlen = strlen(dom);
	for (p = text; *p != '\0'; ) {
		/* local '+' ... '@' domain, not inside a longer local part
		 * or domain. */
		if ((p == text || !is_local_char(p[-1])) &&
		    g_ascii_strncasecmp(p, office, llen) == 0 &&
		    p[llen] == '+') {
			for (q = p + llen + 1; is_local_char(*q) && *q != '@';
			    q++)
				;
			if (*q == '@' && g_ascii_strncasecmp(q + 1, dom,
			    dlen) == 0 && !g_ascii_isalnum(q[1 + dlen]) &&
			    q[1 + dlen] != '-' && !(q[1 + dlen] == '.' &&
			    g_ascii_isalnum(q[2 + dlen]))) {
				g_string_append(out, office);
				p = q + 1 + dlen;
				continue;
			}
		}
		g_string_append_c(out, *p++);
	}
token:
	if (token != NULL && (tlen = strlen(token)) >= 16) {
		GString *t = g_string_new(NULL);

		for (p = out->str; *p != '\0'; ) {
			if (g_ascii_strncasecmp(p, token, tlen) == 0) {
				g_string_append(t, "[已删除]");
				p += tlen;
			} else
				g_string_append_c(t, *p++);
		}
		g_string_free(out, TRUE);
		out = t;
	}
	p = xgstring_free(out);
	return (char *)p;
}
