/*
 * secrecy.c - classification markings in a text.  See secrecy.h for the
 * folding and the false-positive rule.
 *
 * The text is read once, character by character, with no copy: at each
 * character that folds to the first character of a marker the rest of
 * the marker is tried from there.  Texts are long (a PDF's text) and
 * markers few and short, so this is linear enough and needs no memory.
 */
#include <string.h>

#include <glib.h>

#include "secrecy.h"
#include "xmalloc.h"

#define STAR		0x2605		/* ★: what every star folds to */
#define MARKER_MAX	32		/* characters of a marker looked at */
#define PER_PLACE_MAX	3		/* hits kept per marker and place */

enum kind { K_CHAR, K_GAP, K_IGNORE };

/* Traditional -> simplified, for the characters markings use. */
static const struct {
	gunichar	 trad, simp;
} trad_simp[] = {
	{ 0x7d55, 0x7edd },	/* 絕 绝 */
	{ 0x6a5f, 0x673a },	/* 機 机 */
	{ 0x7955, 0x79d8 },	/* 祕 秘 */
	{ 0x5167, 0x5185 },	/* 內 内 */
	{ 0x8cc7, 0x8d44 },	/* 資 资 */
	{ 0x958b, 0x5f00 },	/* 開 开 */
	{ 0x7d1a, 0x7ea7 },	/* 級 级 */
	{ 0x95dc, 0x5173 },	/* 關 关 */
	{ 0x570b, 0x56fd },	/* 國 国 */
	{ 0x5be9, 0x5ba1 },	/* 審 审 */
	{ 0x95b1, 0x9605 },	/* 閱 阅 */
	{ 0x50b3, 0x4f20 },	/* 傳 传 */
	{ 0x50c5, 0x4ec5 },	/* 僅 仅 */
	{ 0x6a94, 0x6863 },	/* 檔 档 */
	{ 0x5c6c, 0x5c5e },	/* 屬 属 */
	{ 0x5831, 0x62a5 },	/* 報 报 */
	{ 0x6e96, 0x51c6 },	/* 準 准 */
	{ 0x8207, 0x4e0e },	/* 與 与 */
	{ 0x8b77, 0x62a4 },	/* 護 护 */
	{ 0x6578, 0x6570 },	/* 數 数 */
	{ 0x64da, 0x636e },	/* 據 据 */
	{ 0x6a19, 0x6807 },	/* 標 标 */
	{ 0x8a18, 0x8bb0 },	/* 記 记 */
	{ 0x9ede, 0x70b9 },	/* 點 点 */
	{ 0x5c08, 0x4e13 },	/* 專 专 */
	{ 0x52d9, 0x52a1 },	/* 務 务 */
	{ 0x8ecd, 0x519b },	/* 軍 军 */
	{ 0x696d, 0x4e1a },	/* 業 业 */
	{ 0x7dca, 0x7d27 },	/* 緊 紧 */
	{ 0x767c, 0x53d1 },	/* 發 发 */
	{ 0x4f48, 0x5e03 },	/* 佈 布 */
	{ 0x9589, 0x95ed },	/* 閉 闭 */
	{ 0x78bc, 0x7801 },	/* 碼 码 */
	{ 0x6642, 0x65f6 },	/* 時 时 */
	{ 0x96bb, 0x53ea },	/* 隻 只 */
	{ 0x96a8, 0x968f },	/* 隨 随 */
	{ 0x96d9, 0x53cc },	/* 雙 双 */
	{ 0x98db, 0x98de },	/* 飛 飞 */
	{ 0x96fb, 0x7535 },	/* 電 电 */
	{ 0x6230, 0x6218 },	/* 戰 战 */
	{ 0x8f49, 0x8f6c },	/* 轉 转 */
	{ 0x65b7, 0x65ad },	/* 斷 断 */
	{ 0x6ec5, 0x706d },	/* 滅 灭 */
	{ 0x8b1d, 0x8c22 },	/* 謝 谢 */
	{ 0x5be6, 0x5b9e },	/* 實 实 */
	{ 0x9ad4, 0x4f53 },	/* 體 体 */
	{ 0x5340, 0x533a },	/* 區 区 */
	{ 0x9ee8, 0x515a },	/* 黨 党 */
	{ 0x5712, 0x56ed },	/* 園 园 */
	{ 0x52d5, 0x52a8 },	/* 動 动 */
	{ 0x7121, 0x65e0 },	/* 無 无 */
	{ 0x6c7a, 0x51b3 },	/* 決 决 */
	{ 0x55ae, 0x5355 },	/* 單 单 */
	{ 0x8fb2, 0x519c },	/* 農 农 */
	{ 0x6a23, 0x6837 },	/* 樣 样 */
	{ 0x6aa2, 0x68c0 },	/* 檢 检 */
	{ 0x79a6, 0x5fa1 },	/* 禦 御 */
	{ 0x8b80, 0x8bfb },	/* 讀 读 */
};

/*
 * Two-character words for the false-positive rule (secrecy.h): the word
 * before a marker's first character, or after its last.  Never add a
 * word about secrecy itself (密件, 密电, 密级, 机要, 军机 …): those must hit.
 */
static const char *const straddle_words[] = {
	/* … 机 */
	"危机", "时机", "契机", "生机", "商机", "转机", "飞机", "手机",
	"司机", "主机", "电机", "有机", "无机", "随机", "投机", "心机",
	"动机", "良机", "战机", "客机", "耳机", "相机", "登机", "班机",
	"专机", "乘机", "伺机", "待机", "停机", "开机", "关机", "死机",
	"趁机", "单机", "双机", "农机", "样机",
	/* … 绝 */
	"杜绝", "拒绝", "隔绝", "断绝", "灭绝", "谢绝", "根绝", "禁绝",
	"回绝", "不绝", "决绝", "卓绝", "冠绝", "气绝",
	/* … 秘 */
	"神秘", "奥秘", "隐秘", "揭秘", "便秘",
	/* 密 … */
	"密切", "密码", "密集", "密封", "密度", "密闭", "密布", "密谋",
	"密友", "密林", "密室", "密实", "密接", "密植", "密匝", "密不",
};

/* Whether a and b written together are a word of straddle_words. */
static int
is_word(gunichar a, gunichar b)
{
	char w[16];
	int n;
	size_t i;

	n = g_unichar_to_utf8(a, w);
	n += g_unichar_to_utf8(b, w + n);
	w[n] = '\0';
	for (i = 0; i < G_N_ELEMENTS(straddle_words); i++)
		if (strcmp(straddle_words[i], w) == 0)
			return 1;
	return 0;
}

static int
is_star(gunichar c)
{
	return c == '*' || c == 0x2605 || c == 0x2606 || c == 0x2b50 ||
	    c == 0x22c6 || c == 0xfe61 || c == 0xff0a ||
	    (c >= 0x2729 && c <= 0x2730) || (c >= 0x2731 && c <= 0x2738);
}

/* One character as the comparison sees it; *kind says how it counts. */
static gunichar
fold(gunichar c, enum kind *kind)
{
	gunichar d[G_UNICHAR_MAX_DECOMPOSITION_LENGTH];
	gsize n;
	size_t i;

	*kind = K_CHAR;
	if ((c >= 0x200b && c <= 0x200f) || c == 0x2060 || c == 0xfeff ||
	    c == 0x00ad) {
		*kind = K_IGNORE;
		return c;
	}
	if (g_unichar_isspace(c) || c == 0x3000 || c == 0x00a0) {
		*kind = K_GAP;
		return ' ';
	}
	if (is_star(c))
		return STAR;
	n = g_unichar_fully_decompose(c, TRUE, d, G_N_ELEMENTS(d));
	if (n == 1)
		c = d[0];
	if (is_star(c))
		return STAR;
	for (i = 0; i < G_N_ELEMENTS(trad_simp); i++)
		if (trad_simp[i].trad == c) {
			c = trad_simp[i].simp;
			break;
		}
	return g_unichar_tolower(c);
}

/* The character at s[*i] (U+FFFD for a bad byte); *i moves past it. */
static gunichar
next_char(const char *s, size_t len, size_t *i)
{
	gunichar c;

	c = g_utf8_get_char_validated(s + *i, (gssize)(len - *i));
	if (c == (gunichar)-1 || c == (gunichar)-2) {
		(*i)++;
		return 0xfffd;
	}
	*i = (size_t)(g_utf8_next_char(s + *i) - s);
	if (*i > len)
		*i = len;
	return c;
}

/* A marker folded: its characters, white space left out. */
struct folded {
	gunichar	 c[MARKER_MAX];
	size_t		 n;
};

static void
fold_marker(const char *m, struct folded *f)
{
	size_t i = 0, len = strlen(m);
	enum kind k;
	gunichar c;

	f->n = 0;
	while (i < len && f->n < MARKER_MAX) {
		c = fold(next_char(m, len, &i), &k);
		if (k == K_CHAR)
			f->c[f->n++] = c;
	}
}

/*
 * Whether the rest of marker f (from its second character) follows at
 * s[i]; *end: the offset after its last character.
 */
static int
match_rest(const char *s, size_t len, size_t i, const struct folded *f,
    size_t *end)
{
	size_t x, gaps;
	enum kind k;
	gunichar c;

	for (x = 1; x < f->n; x++) {
		gaps = 0;
		for (;;) {
			if (i >= len)
				return 0;
			c = fold(next_char(s, len, &i), &k);
			if (k == K_IGNORE)
				continue;
			if (k == K_GAP) {
				if (++gaps > SECRECY_GAP_MAX)
					return 0;
				continue;
			}
			if (c != f->c[x])
				return 0;
			break;
		}
	}
	*end = i;
	return 1;
}

/* The folded character right after s[i], ignoring nothing but format
 * characters; 0 at the end or before white space. */
static gunichar
char_after(const char *s, size_t len, size_t i)
{
	enum kind k;
	gunichar c;

	while (i < len) {
		c = fold(next_char(s, len, &i), &k);
		if (k == K_IGNORE)
			continue;
		return k == K_CHAR ? c : 0;
	}
	return 0;
}

/* One line of context around s[from, to). */
static char *
excerpt(const char *s, size_t len, size_t from, size_t to)
{
	const char *a = s + from, *b = s + to, *p;
	GString *out = g_string_new(NULL);
	int i, space = 0;

	for (i = 0; i < SECRECY_EXCERPT_CHARS && a > s; i++) {
		const char *q = g_utf8_find_prev_char(s, a);

		a = q != NULL ? q : s;
	}
	for (i = 0; i < SECRECY_EXCERPT_CHARS && b < s + len; i++) {
		const char *n = g_utf8_find_next_char(b, s + len);

		b = n != NULL ? n : s + len;
	}
	if (a > s)
		g_string_append(out, "…");
	for (p = a; p < b; ) {
		size_t k = (size_t)(p - s);
		gunichar c = next_char(s, len, &k);

		p = s + k;
		if (g_unichar_isspace(c) || g_unichar_iscntrl(c) ||
		    c == 0x3000) {
			space = 1;
			continue;
		}
		if ((c >= 0x200b && c <= 0x200f) || c == 0x2060 ||
		    c == 0xfeff || (c >= 0x202a && c <= 0x202e) ||
		    (c >= 0x2066 && c <= 0x2069))
			continue;
		if (space && out->len > 0)
			g_string_append_c(out, ' ');
		space = 0;
		g_string_append_unichar(out, c);
	}
	if (b < s + len)
		g_string_append(out, "…");
	return xgstring_free(out);
}

static void
add(struct secrecy_hits *h, const char *marker, const char *where,
    char *exc, int unreadable)
{
	size_t i, same = 0;

	for (i = 0; i < h->n; i++)
		if (strcmp(h->v[i].where, where) == 0 &&
		    strcmp(h->v[i].marker, marker) == 0)
			same++;
	if (h->n >= SECRECY_HITS_MAX || same >= PER_PLACE_MAX) {
		h->dropped++;
		free(exc);
		return;
	}
	h->v = xreallocarray(h->v, h->n + 1, sizeof(*h->v));
	h->v[h->n].marker = xstrdup(marker);
	h->v[h->n].where = xstrdup(where);
	h->v[h->n].excerpt = exc;
	h->v[h->n].unreadable = unreadable;
	h->n++;
}

size_t
secrecy_scan(const char *const *markers, const char *text, size_t len,
    const char *where, struct secrecy_hits *hits)
{
	struct folded *f;
	size_t nm, m, i = 0, start, end, found = 0;
	gunichar c, prev = 0;
	enum kind k;

	if (markers == NULL || text == NULL)
		return 0;
	for (nm = 0; markers[nm] != NULL; nm++)
		;
	f = xcalloc(nm + 1, sizeof(*f));
	for (m = 0; m < nm; m++)
		fold_marker(markers[m], &f[m]);
	while (i < len) {
		start = i;
		c = fold(next_char(text, len, &i), &k);
		if (k == K_IGNORE)
			continue;
		if (k == K_GAP) {
			prev = 0;
			continue;
		}
		for (m = 0; m < nm; m++) {
			if (f[m].n == 0 || f[m].c[0] != c ||
			    !match_rest(text, len, i, &f[m], &end))
				continue;
			/* 危机|密切: two words, not a marking. */
			if (f[m].n == 2 && prev != 0 && is_word(prev, c) &&
			    is_word(f[m].c[1], char_after(text, len, end)))
				continue;
			found++;
			add(hits, markers[m], where,
			    excerpt(text, len, start, end), 0);
		}
		prev = c;
	}
	free(f);
	return found;
}

void
secrecy_unreadable(struct secrecy_hits *hits, const char *where,
    const char *why)
{
	add(hits, "", where, xstrdup(why ? why : "unreadable"), 1);
}

char *
secrecy_describe(const struct secrecy_hits *h)
{
	GString *s = g_string_new(NULL);
	size_t i;

	for (i = 0; i < h->n; i++) {
		const struct secrecy_hit *x = &h->v[i];
		int text = strcmp(x->where, "text") == 0;

		if (x->unreadable)
			g_string_append_printf(s, "附件“%s”无法读取（%s），"
			    "未能检查。\n", x->where, x->excerpt);
		else if (text)
			g_string_append_printf(s, "“%s” 见于 正文：%s\n",
			    x->marker, x->excerpt);
		else
			g_string_append_printf(s, "“%s” 见于 附件“%s”：%s\n",
			    x->marker, x->where, x->excerpt);
	}
	if (h->dropped > 0)
		g_string_append_printf(s, "另有%zu处未列出。\n", h->dropped);
	return xgstring_free(s);
}

void
secrecy_hits_clear(struct secrecy_hits *h)
{
	size_t i;

	for (i = 0; i < h->n; i++) {
		free(h->v[i].marker);
		free(h->v[i].where);
		free(h->v[i].excerpt);
	}
	free(h->v);
	memset(h, 0, sizeof(*h));
}
