/*
 * quote.c - the authored text of a reply.  Every rule reads one line at a
 * time through its folded, trimmed form (the "key"); what is returned is
 * the cleaned original, so that a reason reads back as it was typed.
 * The work is linear in the size of the text.
 */
#include <stdlib.h>
#include <string.h>

#include <glib.h>

#include "quote.h"
#include "xmalloc.h"

/* The text split into lines; v[i] points into buf. */
struct lines {
	char	 *buf;
	char	**v;
	size_t	  n;
};

/* A mobile client's signature line: prefix [.. suffix], at most maxlen
 * characters in all. */
struct mobile_sig {
	const char	*prefix;
	const char	*suffix;
	long		 maxlen;
};

static const struct mobile_sig mobile_sigs[] = {
	{ "Sent from my ",		NULL,	80 },
	{ "Sent from Mail for Windows",	NULL,	80 },
	{ "Sent from Outlook",		NULL,	80 },
	{ "Get Outlook for ",		NULL,	120 },
	{ "发自",			NULL,	30 },
	{ "从我的",			"发送",	30 },
};

/* Words between the dashes of a separator line; longer ones first. */
static const char *const separator_words[] = {
	"original message",
	"original",
	"回复的原邮件",
	"原始邮件",
	"邮件原件",
	"forwarded message",
	"转发的邮件",
};

/* Labels of a quoted header block (compared without case). */
static const char *const header_labels[] = {
	"from", "发件人",
	"sent", "发送时间",
	"date", "日期",
	"to", "收件人",
	"cc", "抄送",
	"subject", "主题",
};

/* Closings that may end a comment on their own line (no case, trailing
 * punctuation ignored). */
static const char *const closings[] = {
	"thanks", "thank you", "many thanks", "regards", "best regards",
	"kind regards", "best", "cheers",
	"谢谢", "多谢", "此致", "敬礼", "此致敬礼",
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

	rv = xstrdup(out->str);
	g_string_free(out, TRUE);
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
	rv = xstrdup(out->str);
	g_string_free(out, TRUE);
	g_free(valid);
	return rv;
}

/* Splits cleaned text (LF line ends) into lines; the text is copied. */
static void
lines_split(struct lines *l, const char *text)
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

static void
lines_free(struct lines *l)
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
lines_join(const struct lines *l, size_t from, size_t to)
{
	GString *out;
	const char *p;
	size_t i;
	char *rv;

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
	rv = xstrdup(out->str);
	g_string_free(out, TRUE);
	return rv;
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
	char *rv;

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
	rv = xstrdup(out->str);
	g_string_free(out, TRUE);
	return rv;
}

static int
has_prefix_ci(const char *s, const char *prefix)
{
	return g_ascii_strncasecmp(s, prefix, strlen(prefix)) == 0;
}

static int
has_suffix_ci(const char *s, const char *suffix)
{
	size_t ls = strlen(s), lx = strlen(suffix);

	return ls >= lx && g_ascii_strcasecmp(s + ls - lx, suffix) == 0;
}

static int
is_quote_line(const char *k)
{
	return k[0] == '>' || has_prefix_ci(k, "&gt;");
}

/* The first line of an attribution ("On ...", "在 ...", "... 于 ..."). */
static int
is_attribution_start(const char *k)
{
	return has_prefix_ci(k, "On ") || g_str_has_prefix(k, "在") ||
	    strstr(k, "于") != NULL;
}

static int
is_attribution_end(const char *k)
{
	return has_suffix_ci(k, "wrote:") || g_str_has_suffix(k, "写道:");
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

static int
is_separator(const char *k)
{
	const char *p;
	size_t i;
	int n;

	if (has_prefix_ci(k, "Begin forwarded message"))
		return 1;
	if (k[0] == '_') {
		for (p = k; *p == '_'; p++)
			;
		if (*p == '\0' && p - k >= 5)
			return 1;
	}
	p = skip_dashes(k, &n);
	if (n < 2)
		return 0;
	if (*p == ' ')
		p++;
	for (i = 0; i < NELEM(separator_words); i++) {
		if (!has_prefix_ci(p, separator_words[i]))
			continue;
		p += strlen(separator_words[i]);
		if (*p == ' ')
			p++;
		(void)skip_dashes(p, &n);
		return n >= 2;
	}
	return 0;
}

static int
is_header_like(const char *k)
{
	const char *p = k, *q;
	int table = 0;
	size_t i;

	if (*p == '|') {
		table = 1;
		p++;
		if (*p == ' ')
			p++;
	}
	for (i = 0; i < NELEM(header_labels); i++) {
		if (!has_prefix_ci(p, header_labels[i]))
			continue;
		q = p + strlen(header_labels[i]);
		if (*q == ' ')
			q++;
		if (*q == ':' || (table && *q == '|'))
			return 1;
	}
	return 0;
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
	struct lines l = { NULL, NULL, 0 };
	GHashTable *sent = NULL;
	char **keys = NULL;
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
	lines_split(&l, clean);
	/* Keys are made as the scan reaches them, one line ahead. */
	keys = xcalloc(l.n + 1, sizeof(*keys));
	if (l.n > 0)
		keys[0] = quote_key(l.v[0], NULL);

	for (cut = 0; cut < l.n; cut++) {
		if (cut + 1 < l.n)
			keys[cut + 1] = quote_key(l.v[cut + 1], NULL);
		k = keys[cut];
		if (is_quote_line(k) || is_separator(k) || is_marker(k, mk) ||
		    g_hash_table_contains(sent, k))
			break;
		if (is_header_like(k) && cut + 1 < l.n &&
		    is_header_like(keys[cut + 1]))
			break;
		if (is_attribution_end(k)) {
			if (is_attribution_start(k))
				break;
			if (cut > 0 && is_attribution_start(keys[cut - 1])) {
				cut--;
				break;
			}
		}
	}
	rv = lines_join(&l, 0, cut);

	for (i = 0; i < l.n; i++)
		free(keys[i]);
	free(keys);
	lines_free(&l);
	free(clean);
	free(mk);
	g_hash_table_destroy(sent);
	return rv;
}

static int
is_mobile_signature(const char *k)
{
	const struct mobile_sig *s;
	size_t i;

	for (i = 0; i < NELEM(mobile_sigs); i++) {
		s = &mobile_sigs[i];
		if (!has_prefix_ci(k, s->prefix))
			continue;
		if (s->suffix != NULL && !g_str_has_suffix(k, s->suffix))
			continue;
		if (g_utf8_strlen(k, -1) <= s->maxlen)
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

/* A name: two to four Han characters, or one to three capitalised words
 * of Latin letters. */
static int
is_name(const char *k)
{
	const char *p;
	gunichar c;
	long n = 0, words = 0;
	int inword = 0;

	if (g_unichar_get_script(g_utf8_get_char(k)) == G_UNICODE_SCRIPT_HAN) {
		for (p = k; *p != '\0'; p = g_utf8_next_char(p)) {
			c = g_utf8_get_char(p);
			if (g_unichar_get_script(c) != G_UNICODE_SCRIPT_HAN &&
			    c != 0x00b7)	/* 欧阳·娜娜 */
				return 0;
			n++;
		}
		return n >= 2 && n <= 4;
	}
	if (strlen(k) > 40)
		return 0;
	for (p = k; *p != '\0'; p++) {
		if (*p == ' ') {
			inword = 0;
			continue;
		}
		if (!inword) {
			if (!g_ascii_isupper(*p))
				return 0;
			inword = 1;
			words++;
			continue;
		}
		if (!g_ascii_isalpha(*p) && *p != '.' && *p != '-' &&
		    *p != '\'')
			return 0;
	}
	return words >= 1 && words <= 3;
}

static int
is_closing(const char *k)
{
	char *s;
	size_t i, len;
	int hit = 0;

	s = xstrdup(k);
	len = strlen(s);
	for (;;) {
		if (len > 0 && strchr(",.!", s[len - 1]) != NULL)
			len--;
		else if (len >= 3 && strcmp(s + len - 3, "。") == 0)
			len -= 3;
		else
			break;
		s[len] = '\0';
	}
	for (i = 0; i < NELEM(closings); i++)
		if (g_ascii_strcasecmp(s, closings[i]) == 0)
			hit = 1;
	free(s);
	return hit;
}

static int
is_signoff_line(const char *k)
{
	return is_address(k) || is_name(k) || is_closing(k);
}

char *
quote_cut_signature(const char *text, int flags)
{
	struct lines l = { NULL, NULL, 0 };
	char *clean, *k;
	size_t i, end, start;
	int sig;

	clean = quote_clean(text);
	lines_split(&l, clean);

	for (end = 0; end < l.n; end++) {
		if (strcmp(l.v[end], "--") == 0)
			break;
		k = quote_key(l.v[end], NULL);
		sig = is_mobile_signature(k);
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
		if (start > 0 && end - start <= 2) {
			for (i = start; i < end; i++) {
				k = quote_key(l.v[i], NULL);
				sig = is_signoff_line(k);
				free(k);
				if (!sig)
					break;
			}
			if (i == end)
				end = start;
		}
	}

	k = lines_join(&l, 0, end);
	lines_free(&l);
	free(clean);
	return k;
}
