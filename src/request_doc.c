/*
 * request_doc.c - a case's formal documents (doc/documents.md): the
 * mail of a document template (TEMPLATE_F_DOCUMENT) gets the next number
 * of its series, goes with its PDF attached, and is recorded with it
 * (request_p.h).
 *
 * Chinese first.  The Chinese document is the operative one; an
 * applicant who wrote in English gets it followed by the English text,
 * marked as a courtesy translation, in the mail and in the PDF.  The
 * variables of a mail are in one language (dates in words, the remedy
 * clause), so the executor builds such a mail twice (rq_doc_pass): once
 * in Chinese, whose text is only kept here, then in English, which
 * sends both.  Both passes see the same number: a number is taken only
 * when its document's row is written (store_document_next()).
 *
 * Everything happens in the caller's transaction: a crash before its
 * commit leaves neither the number taken nor the mail queued, and the
 * PDF in the spool (named by its hash) is written again the same.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>

#include "calendar.h"
#include "config.h"
#include "datadir.h"
#include "docnum.h"
#include "document.h"
#include "log.h"
#include "pdf.h"
#include "request.h"
#include "request_p.h"
#include "spool.h"
#include "store.h"
#include "template.h"
#include "xmalloc.h"

/* Between the document and its translation, in the mail and the PDF. */
#define RQ_DOC_COURTESY	"以下英文译文仅供参考，以上述中文文本为准。" \
			" / Courtesy translation: the Chinese text above is" \
			" the operative document."

/* What the Chinese pass kept: each document's subject and text. */
struct rq_docpass {
	GHashTable	*kept;		/* template name -> struct kept */
	int		 keeping;	/* the Chinese pass: keep, send nothing */
};

struct kept {
	char	*subject;
	char	*body;
};

static void
kept_free(gpointer p)
{
	struct kept *k = p;

	free(k->subject);
	free(k->body);
	free(k);
}

int
rq_doc_translated(const struct store_case *c)
{
	return c->applicant_email != NULL && c->lang != NULL &&
	    strcmp(c->lang, "zh") != 0;
}

int
rq_doc_pass(struct request_ctx *ctx, struct store_case *c,
    int (*mail)(void *), void *arg)
{
	struct rq_docpass pass;
	char *lang;
	int rv;

	if (!rq_doc_translated(c))
		return mail(arg);
	pass.kept = g_hash_table_new_full(g_str_hash, g_str_equal, free,
	    kept_free);
	pass.keeping = 1;
	ctx->docpass = &pass;
	lang = c->lang;
	c->lang = NULL;			/* the case's mail in Chinese */
	rv = mail(arg);
	c->lang = lang;
	pass.keeping = 0;
	if (rv == 0)
		rv = mail(arg);
	ctx->docpass = NULL;
	g_hash_table_destroy(pass.kept);
	return rv;
}

int
rq_doc_keeping(const struct request_ctx *ctx)
{
	return ctx->docpass != NULL && ctx->docpass->keeping;
}

void
rq_doc_keep(struct request_ctx *ctx, const char *name, char *subject,
    char *body)
{
	struct kept *k = xcalloc(1, sizeof(*k));

	k->subject = subject;
	k->body = body;
	g_hash_table_replace(ctx->docpass->kept, xstrdup(name), k);
}

void
rq_doc_clear(struct rq_doc *d)
{
	free(d->number);
	free(d->pdf_path);
	free(d->filename);
	memset(d, 0, sizeof(*d));
	d->kind = -1;
}

int
rq_doc_number(struct request_ctx *ctx, const char *name, struct vars *vs,
    struct rq_doc *d)
{
	const struct config *cfg = ctx->cfg;
	int y, m, dd;

	memset(d, 0, sizeof(*d));
	d->kind = -1;
	if (!(template_name_flags(name) & TEMPLATE_F_DOCUMENT) ||
	    (d->kind = docnum_kind_of(name)) < 0)
		return 0;
	rq_date_iso(rq_today(ctx), d->issued);
	calendar_date_ymd(rq_today(ctx), &y, &m, &dd);
	d->year = y;
	d->series = docnum_series((enum docnum_kind)d->kind,
	    cfg->documents.kind_format, cfg->documents.number_format,
	    &d->format);
	if ((d->n = store_document_next(ctx->st, d->series, y)) < 1)
		return -1;
	d->number = docnum_format(d->format, y, d->n);
	rq_var(vs, "doc_number", d->number);
	return 0;
}

/* The document in `text`, or -1 (logged: the template is at fault). */
static int
doc_parse(const struct request_ctx *ctx, const char *name, const char *text,
    struct document *doc)
{
	char *err = NULL;

	if (document_parse(text, ctx->cfg->office.name, doc, &err) == 0)
		return 0;
	log_warnx("template %s: %s", name, err);
	g_free(err);
	return -1;
}

/*
 * The mail's text for a translated document: what the English mail has
 * before its document (the reply marker), the Chinese document, the
 * courtesy line, and the English from its document to its end.
 */
static char *
doc_join(const char *zh, const struct document *zd, const char *en,
    const struct document *ed)
{
	return xasprintf("%.*s%.*s\n\n%s\n\n%s", (int)ed->start, en,
	    (int)(zd->end - zd->start), zh + zd->start, RQ_DOC_COURTESY,
	    en + ed->start);
}

int
rq_doc_make(struct request_ctx *ctx, const struct store_case *c,
    const char *name, const char *lang, struct vars *vs, struct rq_doc *d,
    char **subject, char **body)
{
	const struct config *cfg = ctx->cfg;
	struct document zd, ed;
	struct pdf_doc pd;
	struct kept *k = NULL, fallback = { NULL, NULL };
	GByteArray *pdf = NULL;
	char *annex = NULL, *err = NULL, hex[65];
	int translated = strcmp(lang, "zh") != 0, rv = -1;

	memset(&zd, 0, sizeof(zd));
	memset(&ed, 0, sizeof(ed));
	if (translated) {
		/* The Chinese pass kept this document; a path that made
		 * none renders it here, its variables in the mail's
		 * language. */
		if (ctx->docpass != NULL)
			k = g_hash_table_lookup(ctx->docpass->kept, name);
		if (k == NULL) {
			log_warnx("%s: %s: no Chinese pass; the Chinese text "
			    "is rendered with the English variables", c->id,
			    name);
			if (datadir_render(name, "zh", vs->v, vs->n,
			    &fallback.subject, &fallback.body, &err) == -1) {
				log_warnx("%s: template %s: %s", c->id, name,
				    err);
				goto out;
			}
			k = &fallback;
		}
		if (doc_parse(ctx, name, k->body, &zd) == -1 ||
		    doc_parse(ctx, name, *body, &ed) == -1)
			goto out;
		annex = document_text(&ed);
	} else if (doc_parse(ctx, name, *body, &zd) == -1)
		goto out;

	memset(&pd, 0, sizeof(pd));
	document_to_pdf(&zd, &pd);
	pd.seal_png = cfg->documents.seal_image;
	pd.title_font = cfg->documents.title_font;
	pd.body_font = cfg->documents.body_font;
	pd.annex_title = translated ? RQ_DOC_COURTESY : NULL;
	pd.annex_body = annex;
	pd.created = ctx->now;
	pdf = g_byte_array_new();
	if (pdf_render(&pd, pdf, &err) == -1) {
		log_warnx("%s: %s: PDF: %s", c->id, name, err);
		goto out;
	}
	spool_sha256((const char *)pdf->data, pdf->len, hex);
	if ((d->pdf_path = spool_store_document(cfg->store.spool, pdf->data,
	    pdf->len, "pdf", &err)) == NULL) {
		log_warnx("%s: %s: spool: %s", c->id, name, err);
		goto out;
	}
	g_strlcpy(d->sha256, hex, sizeof(d->sha256));
	d->size = pdf->len;
	d->filename = xasprintf("%s.pdf", zd.title);
	d->translated = translated;
	if (translated) {
		char *joined = doc_join(k->body, &zd, *body, &ed);

		free(*body);
		*body = joined;
		free(*subject);
		*subject = xstrdup(k->subject);
	}
	rv = 0;
out:
	if (pdf != NULL)
		g_byte_array_free(pdf, TRUE);
	document_clear(&zd);
	document_clear(&ed);
	g_free(annex);
	free(err);
	free(fallback.subject);
	free(fallback.body);
	return rv;
}

/* The last answer of case_id: its number and date. */
struct earlier {
	char	*number;
	char	*issued;
};

static int
earlier_answer(void *arg, const struct store_document *d)
{
	struct earlier *e = arg;

	if (strcmp(d->kind, docnum_kind_name(DOCNUM_ANSWER)) != 0)
		return 0;
	free(e->number);
	free(e->issued);
	e->number = xstrdup(d->number);
	e->issued = xstrdup(d->issued);
	return 0;
}

/* The first PREFIX-YYYY-NNNN in text that is not `self`, or NULL. */
static char *
case_named(const char *text, const char *prefix, const char *self)
{
	size_t plen = strlen(prefix), i;
	const char *p;

	for (p = text; p != NULL && (p = strstr(p, prefix)) != NULL; p++) {
		const char *q = p + plen;

		if (p > text && g_ascii_isalnum(p[-1]))
			continue;
		if (*q++ != '-')
			continue;
		for (i = 0; i < 4 && g_ascii_isdigit(q[i]); i++)
			;
		if (i < 4 || q[4] != '-')
			continue;
		for (i = 5; g_ascii_isdigit(q[i]); i++)
			;
		if (i < 9 || i > 10 || g_ascii_isalnum(q[i]))
			continue;
		if (strncmp(p, self, plen + 1 + i) == 0 &&
		    self[plen + 1 + i] == '\0')
			continue;
		return xasprintf("%.*s", (int)(plen + 1 + i), p);
	}
	return NULL;
}

int
rq_doc_earlier(struct request_ctx *ctx, const struct store_case *c,
    struct vars *vs, const char *lang)
{
	struct earlier e = { NULL, NULL };
	char *id;
	int rv = 0;

	if (c->draft == NULL || (id = case_named(c->draft,
	    ctx->cfg->office.case_prefix, c->id)) == NULL)
		return 0;
	if (store_documents_of(ctx->st, id, 0, earlier_answer, &e) == -1)
		rv = -1;
	else if (e.number != NULL) {
		rq_var(vs, "earlier_number", e.number);
		rq_var_take(vs, "notice_date", rq_date_words(e.issued, lang));
	}
	free(id);
	free(e.number);
	free(e.issued);
	return rv;
}

int
rq_doc_record(struct request_ctx *ctx, const struct store_case *c,
    const char *name, const struct rq_doc *d, const char *message_id)
{
	struct store_document sd;
	char *detail;
	int rv;

	memset(&sd, 0, sizeof(sd));
	sd.case_id = c->id;
	sd.kind = docnum_kind_name((enum docnum_kind)d->kind);
	sd.template = name;
	sd.series = d->series;
	sd.year = d->year;
	sd.n = d->n;
	sd.number = d->number;
	sd.issued = d->issued;
	sd.lang = d->translated ? "en" : NULL;
	sd.pdf_path = d->pdf_path;
	sd.sha256 = d->sha256;
	sd.size = (long long)d->size;
	sd.message_id = message_id;
	sd.at = ctx->now;
	if (store_document_add(ctx->st, &sd) == -1)
		return -1;
	detail = xasprintf("%s %s", d->number, docnum_kind_title(
	    (enum docnum_kind)d->kind));
	rv = rq_event(ctx, c->id, "document", NULL, detail);
	free(detail);
	return rv;
}
