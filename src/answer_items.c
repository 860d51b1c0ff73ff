/*
 * answer_items.c - an answer of several items (answer_items.h).
 */
#include <stdlib.h>
#include <string.h>

#include <glib.h>

#include "answer_items.h"
#include "command.h"
#include "xmalloc.h"

/* What each TYPE relies on and decides, as the single-type letters say. */
static const struct {
	const char	*type;
	const char	*article;
	const char	*decision;
	const char	*en_article;	/* as the English letters cite it */
	const char	*en_decision;
} bases[] = {
	{ "public-already", "第三十六条第（一）项",
	    "该信息已经主动公开，告知获取方式和途径",
	    "Article 36(1)",
	    "the information has already been made public, and how to obtain "
	    "it is given below" },
	{ "disclose", "第三十六条第（二）项", "予以公开",
	    "Article 36(2)",
	    "the information is disclosed" },
	{ "partial", "第三十七条", "部分公开",
	    "Article 37",
	    "the information is partly disclosed" },
	{ "withhold:state-secret", "第十四条和第三十六条第（三）项",
	    "不予公开（属于国家秘密）",
	    "Articles 14 and 36(3)",
	    "the information is not disclosed (it is a state secret)" },
	{ "withhold:law-prohibited", "第十四条和第三十六条第（三）项",
	    "不予公开（其他法律行政法规禁止公开）",
	    "Articles 14 and 36(3)",
	    "the information is not disclosed (other laws or administrative "
	    "regulations prohibit its disclosure)" },
	{ "withhold:security-stability", "第十四条和第三十六条第（三）项",
	    "不予公开（危及“三安全一稳定”）",
	    "Articles 14 and 36(3)",
	    "the information is not disclosed (its disclosure could endanger "
	    "national security, public security, economic security or social "
	    "stability)" },
	{ "withhold:third-party", "第十五条和第三十六条第（三）项",
	    "不予公开（保护第三方合法权益）",
	    "Articles 15 and 36(3)",
	    "the information is not disclosed (to protect a third party's "
	    "lawful rights and interests)" },
	{ "withhold:internal-affairs", "第十六条第一款和第三十六条第（三）项",
	    "不予公开（属于内部事务信息）",
	    "Article 16(1) and Article 36(3)",
	    "the information is not disclosed (it concerns internal affairs)" },
	{ "withhold:process-info", "第十六条第二款和第三十六条第（三）项",
	    "不予公开（属于过程性信息）",
	    "Article 16(2) and Article 36(3)",
	    "the information is not disclosed (it is process information)" },
	{ "withhold:enforcement-file",
	    "第十六条第二款和第三十六条第（三）项",
	    "不予公开（属于行政执法案卷）",
	    "Article 16(2) and Article 36(3)",
	    "the information is not disclosed (it belongs to an administrative "
	    "enforcement file)" },
	{ "withhold:query-matter", "第三十六条第（七）项",
	    "告知按照有关法律、行政法规的规定办理（属于行政查询事项）",
	    "Article 36(7)",
	    "the matter is one of administrative query, to be handled under "
	    "the laws and administrative regulations that govern it" },
	{ "unavailable:not-held", "第三十六条第（四）项",
	    "无法提供（本机关不掌握该政府信息）",
	    "Article 36(4)",
	    "the information cannot be provided (this office does not hold it)" },
	{ "unavailable:other-agency", "第三十六条第（五）项",
	    "无法提供（不属于本机关负责公开）",
	    "Article 36(5)",
	    "the information cannot be provided (this office is not the one "
	    "responsible for disclosing it)" },
	{ "unavailable:needs-creation", "第三十八条",
	    "无法提供（没有现成信息，需要另行制作）",
	    "Article 38",
	    "the information cannot be provided (it does not exist and would "
	    "have to be created)" },
	{ "unavailable:still-unclear", "第二十九条第二款和第三十条",
	    "无法提供（补正后申请内容仍不明确）",
	    "Articles 29(2) and 30",
	    "the information cannot be provided (the request is still unclear "
	    "after correction)" },
	{ "not-processed:petition", "第三十九条第一款",
	    "不作为政府信息公开申请处理（信访举报投诉类申请）",
	    "Article 39(1)",
	    "the request is not handled as a request for disclosure (it is a "
	    "petition, report or complaint)" },
	{ "not-processed:repeat", "第三十六条第（六）项", "不予重复处理",
	    "Article 36(6)",
	    "the request is not processed again (it repeats one already "
	    "answered)" },
	{ "not-processed:publication", "第三十九条第二款",
	    "不予处理（要求提供公开出版物），告知获取途径",
	    "Article 39(2)",
	    "the request is not processed (it asks for a public publication), "
	    "and where to obtain it is given below" },
	{ "not-processed:excessive", "第三十五条",
	    "不予处理（无正当理由大量反复申请）",
	    "Article 35",
	    "the request is not processed (numerous repeated requests without "
	    "a proper reason)" },
	{ "not-processed:confirm-existing", "第三十九条",
	    "不予处理（要求确认或重新出具已获取信息）",
	    "Article 39",
	    "the request is not processed (it asks to confirm or reissue "
	    "information already obtained)" },
	{ "other:misc", "第三十六条", "其他处理",
	    "Article 36",
	    "other handling" },
};

static int
base_of(const char *type)
{
	size_t i;

	for (i = 0; i < G_N_ELEMENTS(bases); i++)
		if (strcmp(bases[i].type, type) == 0)
			return (int)i;
	return -1;
}

const char *
answer_item_article(const char *type)
{
	int i = base_of(type);

	return i < 0 ? NULL : bases[i].article;
}

const char *
answer_item_decision(const char *type)
{
	int i = base_of(type);

	return i < 0 ? NULL : bases[i].decision;
}

static const char *
skip_blanks(const char *p)
{
	while (*p == ' ' || *p == '\t')
		p++;
	if (strncmp(p, "\xe3\x80\x80", 3) == 0)	/* U+3000 */
		return skip_blanks(p + 3);
	return p;
}

/*
 * Whether line begins item n: "n." (or 、 ) ）) then a TYPE.  1 with
 * *type, *daemon and *rest (the text after the TYPE); 0 if not; -1 when
 * it is numbered n but holds no TYPE (*rest: what stands there).
 */
static int
item_line(const char *line, int n, const char **type, int *daemon,
    const char **rest)
{
	static const char *const dots[] = { ".", "、", ")", "）", "．" };
	const char *p = skip_blanks(line), *end;
	char *num;
	size_t i, len;

	num = g_strdup_printf("%d", n);
	len = strlen(num);
	i = strncmp(p, num, len);
	g_free(num);
	if (i != 0 || g_ascii_isdigit(p[len]))
		return 0;
	p += len;
	for (i = 0; i < G_N_ELEMENTS(dots); i++)
		if (strncmp(p, dots[i], strlen(dots[i])) == 0)
			break;
	if (i == G_N_ELEMENTS(dots))
		return 0;
	p = skip_blanks(p + strlen(dots[i]));
	*rest = p;
	if ((*type = command_answer_type_at(p, &end, daemon)) == NULL)
		return -1;
	p = end;
	while (*p == ':' || *p == ',' || *p == ';' || *p == '-')
		p++;
	if (strncmp(p, "：", 3) == 0 || strncmp(p, "，", 3) == 0 ||
	    strncmp(p, "、", 3) == 0)
		p += 3;
	*rest = skip_blanks(p);
	return 1;
}

static void
item_add(struct answer_items *items, int n, const char *type, GString *text)
{
	struct answer_item *it;

	items->v = xreallocarray(items->v, items->n + 1, sizeof(*items->v));
	it = &items->v[items->n++];
	it->n = n;
	it->type = type;
	it->text = xstrdup(g_strstrip(text->str));
	g_string_free(text, TRUE);
}

int
answer_items_parse(const char *text, struct answer_items *items, char **why)
{
	gchar **lines;
	const char *type = NULL, *cur_type = NULL, *rest = "";
	GString *cur = NULL;
	int r, daemon = 0, n = 0, rv = 0;
	size_t i;

	memset(items, 0, sizeof(*items));
	if (why != NULL)
		*why = NULL;
	if (text == NULL)
		return 0;
	lines = g_strsplit(text, "\n", -1);
	for (i = 0; lines[i] != NULL; i++) {
		if (n == 0 && *skip_blanks(lines[i]) == '\0')
			continue;
		r = item_line(lines[i], n + 1, &type, &daemon, &rest);
		if (n == 0 && r != 1) {
			if (r == -1 && why != NULL) {
				char *w = g_strndup(rest, strcspn(rest,
				    " \t"));

				*why = xasprintf("第1项“%s”不是可用的答复类型。\n"
				    "Item 1: \"%s\" is not an answer type.",
				    w, w);
				g_free(w);
			}
			rv = r == -1 ? -1 : 0;
			goto out;
		}
		if (r == 1 && daemon) {
			if (why != NULL)
				*why = xasprintf("第%d项的答复类型%s由系统设置，"
				    "不能手工使用。\nItem %d: the TYPE %s is set "
				    "by the daemon.", n + 1, type, n + 1, type);
			rv = -1;
			goto out;
		}
		if (r == 1) {
			if (cur != NULL)
				item_add(items, n, cur_type, cur);
			n++;
			cur = g_string_new(rest);
			cur_type = type;
			continue;
		}
		g_string_append_c(cur, '\n');
		g_string_append(cur, lines[i]);
	}
	if (cur != NULL)
		item_add(items, n, cur_type, cur);
	cur = NULL;
	rv = items->n > 0;
out:
	if (cur != NULL)
		g_string_free(cur, TRUE);
	g_strfreev(lines);
	if (rv != 1)
		answer_items_free(items);
	return rv;
}

void
answer_items_free(struct answer_items *items)
{
	size_t i;

	for (i = 0; i < items->n; i++)
		free(items->v[i].text);
	free(items->v);
	items->v = NULL;
	items->n = 0;
}

char *
answer_items_render(const struct answer_items *items, const char *lang)
{
	GString *s = g_string_new(NULL);
	const char *art, *dec;
	size_t i;
	int b, en = lang != NULL && strcmp(lang, "en") == 0;

	for (i = 0; i < items->n; i++) {
		const struct answer_item *it = &items->v[i];

		art = answer_item_article(it->type);
		dec = answer_item_decision(it->type);
		if (en && (b = base_of(it->type)) >= 0)
			/* The Chinese wording in brackets, as the
			 * English letters give the names they cite. */
			g_string_append_printf(s, "%s%d. Item %d of your "
			    "request: under %s of the Regulations (《条例》"
			    "%s), %s (%s).\n", i ? "\n" : "", it->n, it->n,
			    bases[b].en_article, art, bases[b].en_decision,
			    dec);
		else
			g_string_append_printf(s, "%s%d. 关于您申请的第%d项："
			    "根据《条例》%s的规定，%s。\n", i ? "\n" : "",
			    it->n, it->n, art ? art : "", dec ? dec :
			    it->type);
		if (*it->text != '\0')
			g_string_append_printf(s, "%s\n", it->text);
	}
	return xgstring_free(s);
}
