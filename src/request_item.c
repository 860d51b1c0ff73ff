/*
 * request_item.c - items for publication (主动公开, 动态, 内网转外网, 业务)
 * arriving by mail: who may submit one, the 审核表 read by form.c, the
 * item case opened at its first review (doc/lifecycle.md, "Items for
 * publication").  The chains themselves are rows of workflow.c's table;
 * commands on an item go through request_reply() like any other.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <glib.h>
#include <json-glib/json-glib.h>

#include "calendar.h"
#include "clock.h"
#include "config.h"
#include "form.h"
#include "log.h"
#include "mime.h"
#include "outbox.h"
#include "publish.h"
#include "request.h"
#include "request_p.h"
#include "spool.h"
#include "store.h"
#include "template.h"
#include "workflow.h"
#include "xmalloc.h"

/* The form's text is kept in the history: show and the chain read it. */
#define ITEM_FORM_EVENT	"item-form"
/* A [内网转外网] item: its channel (show, cases --json) says so, and its
 * 审核表 names the kind. */
#define ITEM_CHANNEL_EVENT	"channel"
#define ITEM_CHANNEL_INTRANET	"intranet"

int
request_item_kind(const struct message *m)
{
	return m->subject != NULL ? (int)form_kind_of_subject(m->subject,
	    NULL) : (int)FORM_NONE;
}

const struct config_division *
request_item_division(const struct config *cfg, const char *addr)
{
	size_t i;

	for (i = 0; addr != NULL && i < cfg->ndivisions; i++)
		if (cfg->divisions[i].handler != NULL &&
		    strcasecmp(cfg->divisions[i].handler, addr) == 0)
			return &cfg->divisions[i];
	return NULL;
}

/* The rules a command's sender obeys: one From, a handler's, DMARC. */
static const struct config_division *
item_sender(const struct request_ctx *ctx)
{
	const struct message *m = ctx->msg;

	if (m->from_count != 1 || m->from.addr == NULL)
		return NULL;
	if (ctx->cfg->security.require_dmarc && !rq_dmarc_pass(ctx->cfg, m))
		return NULL;
	return request_item_division(ctx->cfg, m->from.addr);
}

int
request_item_sender_ok(const struct request_ctx *ctx)
{
	return item_sender(ctx) != NULL;
}

/* One reply listing every fault; no case. */
static int
item_invalid(struct request_ctx *ctx, const char *problems)
{
	const struct config *cfg = ctx->cfg;
	const struct message *m = ctx->msg;
	char *date = clock_today_words(ctx->now, cfg->office.timezone, "zh");
	char *subject = xstrcut(m->subject ? m->subject : "", 200);
	const struct template_var vars[] = {
		{ "office_name", cfg->office.name },
		{ "office_address", cfg->office.address },
		{ "date", date },
		{ "mail_subject", subject },
		{ "form_problems", problems },
	};
	struct outmail om;
	char *err = NULL;
	long long id;

	memset(&om, 0, sizeof(om));
	om.kind = "item_invalid";
	om.to_addr = m->from.addr;
	om.in_reply_to = m->message_id;
	om.auto_replied = 1;
	id = outbox_template(cfg, ctx->st, "item_invalid", vars,
	    G_N_ELEMENTS(vars), &om, NULL, &err);
	if (id == -1 && err != NULL)
		log_warnx("template item_invalid: %s", err);
	free(err);
	free(date);
	free(subject);
	ctx->result = "item-invalid";
	return id == -1 ? -1 : 1;
}

/* Who submits an item and what with; the form's text is kept in the
 * history (ITEM_FORM_EVENT) and read again by request_item_form(). */
struct item_src {
	enum form_kind			 kind;
	const struct config_division	*dv;
	const char			*from;		/* the submitter */
	const char			*text;		/* the 审核表 */
	long long			 mail_id;	/* its attachments */
	const char			*origin;	/* NULL, or how it came */
};

/*
 * Art. 26: a proactive item is public within proactive_days working days
 * of 信息形成日期, counted from the day after; its clock starts there.
 * *formed is that day (0 for other kinds); -1 with *problem when it is
 * after today.
 */
static int
item_formed(const struct form *f, int today, int *formed, char **problem)
{
	*formed = 0;
	if (f->kind != FORM_PROACTIVE)
		return 0;
	if (calendar_date_make(f->formed.y, f->formed.m, f->formed.d,
	    formed) == -1 || *formed > today) {
		*problem = xstrdup("信息形成日期：晚于今天。\n");
		return -1;
	}
	return 0;
}

/* The item opened at its first review: the handler wrote it.  0; 1 when
 * its form has faults, *problems saying which; -1 on a database error. */
static int
item_open(struct request_ctx *ctx, const struct item_src *src,
    char *case_id, size_t len, char **problems)
{
	const struct config *cfg = ctx->cfg;
	struct form f;
	struct store_case c;
	struct vars vs;
	char *id = NULL, *detail;
	char day[CALENDAR_DATE_LEN];
	int d, formed, rv = -1;

	memset(&c, 0, sizeof(c));
	rq_vars_init(&vs);
	if (form_parse(src->kind, src->text, &f, problems) == -1) {
		rv = 1;
		goto out;
	}
	if (ctx->arrived == 0 || ctx->arrived > ctx->now)
		ctx->arrived = ctx->now;
	d = clock_local_day(ctx->arrived, cfg->office.timezone, NULL);
	if (item_formed(&f, rq_today(ctx), &formed, problems) == -1) {
		rv = 1;
		goto out;
	}
	id = store_case_open(ctx->st, cfg->office.case_prefix,
	    calendar_date_year(d), form_kind_word(src->kind),
	    workflow_state_name(WF_REVIEW), ctx->arrived, src->from,
	    f.contact, f.title, src->mail_id);
	if (id == NULL || store_case_get(ctx->st, id, &c) != 1)
		goto out;
	/* the legal start: the day it reached the office, or the day a
	 * proactive item's information was formed */
	store_case_setstr(&c.receipt_date, rq_date_iso(formed ? formed : d,
	    day));
	if (formed) {
		free(c.due_date);
		c.due_date = rq_add_days(ctx, formed,
		    (int)cfg->deadlines.proactive_days, &c.due_provisional);
	}
	g_strlcpy(case_id, id, len);
	store_case_setstr(&c.division, src->dv->name);
	store_case_setstr(&c.step, command_role_name(COMMAND_ROLE_RESPONSIBLE));
	store_case_setstr(&c.assignee, rq_role_address(cfg, &c,
	    COMMAND_ROLE_RESPONSIBLE));
	store_case_setstr(&c.lang, "zh");
	if (src->origin == NULL)
		store_case_setstr(&c.thread_msgid, ctx->msg->message_id);
	store_case_setstr(&c.draft, f.content);
	/* what it is about, as a request's description is: reminders and
	 * the digest name it */
	store_case_setstr(&c.description, f.title);
	c.draft_mail_id = src->mail_id;
	c.fee_fen = -1;
	if (store_case_put(ctx->st, &c) == -1)
		goto out;
	detail = xasprintf("%s %s%s%s", form_kind_word(src->kind), f.title,
	    src->origin ? " " : "", src->origin ? src->origin : "");
	rv = rq_event(ctx, id, "received", src->from, detail);
	free(detail);
	if (rv == -1 || rq_event(ctx, id, ITEM_FORM_EVENT, src->from,
	    src->text) == -1 || (src->kind == FORM_INTRANET &&
	    rq_event(ctx, id, ITEM_CHANNEL_EVENT, src->from,
	    ITEM_CHANNEL_INTRANET " 内网转外网") == -1)) {
		rv = -1;
		goto out;
	}
	rv = -1;
	rq_vars_case(&vs, ctx, &c, "zh");
	rq_vars_applicant_masked(&vs, &c);
	if (rq_notify_step(ctx, &c, &vs) == -1)
		goto out;
	rv = 0;
out:
	form_clear(&f);
	store_case_clear(&c);
	rq_vars_free(&vs);
	free(id);
	return rv;
}

int
request_item_open(struct request_ctx *ctx, char *case_id, size_t len)
{
	const struct message *m = ctx->msg;
	struct item_src src;
	char *problems = NULL;
	int rv;

	memset(&src, 0, sizeof(src));
	src.dv = item_sender(ctx);
	src.kind = (enum form_kind)request_item_kind(m);
	if (src.dv == NULL || src.kind == FORM_NONE) {
		ctx->result = "not-a-handler";
		return -1;
	}
	src.from = m->from.addr;
	src.text = m->text ? m->text : "";
	src.mail_id = ctx->mail_id;
	if ((rv = item_open(ctx, &src, case_id, len, &problems)) == 1)
		rv = item_invalid(ctx, problems);
	else if (rv == 0)
		ctx->result = "new-item";
	free(problems);
	return rv;
}

/* ------------------------------------------- 增补主动公开 (seed §8.1) */

#define CATALOGUE_LABEL		"增补主动公开"
#define CATALOGUE_COLUMN	"依申请公开增补"	/* when none is named */
#define CATALOGUE_TITLE_MAX	60			/* characters */

/* Whether the line p..eol is the catalogue line: the label alone, or
 * "label：column" (ASCII colon too); *column its column, maybe empty. */
static int
catalogue_line(const char *p, const char *eol, char **column)
{
	size_t n = strlen(CATALOGUE_LABEL);

	while (*p == ' ' || *p == '\t')
		p++;
	if (strncmp(p, CATALOGUE_LABEL, n) != 0)
		return 0;
	p += n;
	if (strncmp(p, "：", 3) == 0)
		p += 3;
	else if (*p == ':')
		p++;
	else if (p + strspn(p, " \t\r") < eol)
		return 0;	/* a sentence that starts so */
	*column = g_strstrip(xstrndup(p, eol - p));
	return 1;
}

int
rq_item_catalogue_flag(const char *draft, char **column, char **text)
{
	GString *t = g_string_new(NULL);
	const char *p, *eol;
	char *col = NULL;
	int flagged = 0;

	for (p = draft ? draft : ""; *p != '\0'; p = *eol ? eol + 1 : eol) {
		eol = p + strcspn(p, "\n");
		if (catalogue_line(p, eol, &col)) {
			if (!flagged && column != NULL)
				*column = col;
			else
				free(col);
			col = NULL;
			flagged = 1;
			continue;
		}
		g_string_append_len(t, p, eol - p + (*eol != '\0'));
	}
	if (text != NULL)
		*text = g_string_free(t, FALSE);
	else
		g_string_free(t, TRUE);
	return flagged;
}

/* The division a case belongs to, when it has a handler to submit for
 * it. */
static const struct config_division *
case_division(const struct config *cfg, const struct store_case *c)
{
	size_t i;

	for (i = 0; c->division != NULL && i < cfg->ndivisions; i++)
		if (strcmp(cfg->divisions[i].name, c->division) == 0)
			return cfg->divisions[i].handler != NULL ?
			    &cfg->divisions[i] : NULL;
	return NULL;
}

/*
 * WF_FX_ANSWER, the answer sent: an answer whose draft holds the line
 * 增补主动公开[：栏目] and that discloses (disclose or partial) opens a
 * proactive item for the catalogue (seed §8.1, 条例 Art. 44), submitted
 * for the case's division by its handler: the answer's text and
 * attachments, formed today, at its first review.  The request's history
 * names the item and the item's the request.
 */
int
rq_item_catalogue(struct request_ctx *ctx, const struct store_case *c)
{
	const struct config *cfg = ctx->cfg;
	const struct config_division *dv;
	struct item_src src;
	char *column = NULL, *text = NULL, *title, *form, *origin = NULL;
	char *problems = NULL, *detail = NULL;
	char id[64], day[CALENDAR_DATE_LEN];
	int rv = -1;

	if (!rq_item_catalogue_flag(c->draft, &column, &text)) {
		free(text);
		return 0;
	}
	if (c->answer_type == NULL ||
	    (strcmp(c->answer_type, "disclose") != 0 &&
	    strcmp(c->answer_type, "partial") != 0)) {
		detail = xasprintf("%s: no item opened: the answer (%s) "
		    "discloses nothing", CATALOGUE_LABEL,
		    c->answer_type ? c->answer_type : "-");
		rv = rq_event(ctx, c->id, "catalogue", NULL, detail);
		goto out;
	}
	if ((dv = case_division(cfg, c)) == NULL) {
		detail = xasprintf("%s: no item opened: division %s has no "
		    "handler to submit it", CATALOGUE_LABEL,
		    c->division ? c->division : "-");
		rv = rq_event(ctx, c->id, "catalogue", NULL, detail);
		goto out;
	}
	title = xstrcut(c->description && *c->description ? c->description :
	    c->subject ? c->subject : c->id, CATALOGUE_TITLE_MAX);
	g_strdelimit(title, "\r\n", ' ');
	rq_date_iso(rq_today(ctx), day);
	form = xasprintf("日期：%s\n处室：%s\n联系人：%s\n标题：%s\n"
	    "拟发布栏目：%s\n重大事项：否\n信息形成日期：%s\n类别：其他\n"
	    "主要内容：\n%s", day, dv->name, *dv->handler_name ?
	    dv->handler_name : dv->handler, title, column && *column ?
	    column : CATALOGUE_COLUMN, day, text);
	free(title);
	origin = xasprintf("(%s %s)", CATALOGUE_LABEL, c->id);
	memset(&src, 0, sizeof(src));
	src.kind = FORM_PROACTIVE;
	src.dv = dv;
	src.from = dv->handler;
	src.text = form;
	src.mail_id = c->draft_mail_id;
	src.origin = origin;
	rv = item_open(ctx, &src, id, sizeof(id), &problems);
	free(form);
	if (rv == 1) {
		/* the answer's text does not make a form: say why */
		detail = xasprintf("%s: no item opened: %s", CATALOGUE_LABEL,
		    problems);
		g_strchomp(detail);
		rv = rq_event(ctx, c->id, "catalogue", NULL, detail);
	} else if (rv == 0) {
		detail = xasprintf("%s: item %s opened", CATALOGUE_LABEL, id);
		rv = rq_event(ctx, c->id, "catalogue", NULL, detail);
		log_info("%s: %s", c->id, detail);
	}
out:
	free(detail);
	free(problems);
	free(origin);
	free(column);
	free(text);
	return rv == -1 ? -1 : 0;
}

int
request_item_form(struct request_ctx *ctx, const struct store_case *c,
    struct form *f)
{
	enum form_kind kind;
	char *text = NULL, *problems = NULL;
	time_t at;
	int r;

	memset(f, 0, sizeof(*f));
	kind = strcmp(c->kind, "proactive") == 0 ? FORM_PROACTIVE :
	    strcmp(c->kind, "business") == 0 ? FORM_BUSINESS :
	    strcmp(c->kind, "news") == 0 ? FORM_NEWS : FORM_NONE;
	if (kind == FORM_NONE)
		return 0;
	if (kind == FORM_NEWS) {
		if ((r = store_event_last(ctx->st, c->id, ITEM_CHANNEL_EVENT,
		    &at, &text)) == -1)
			return -1;
		if (r == 1 && text != NULL && strncmp(text,
		    ITEM_CHANNEL_INTRANET " ", strlen(ITEM_CHANNEL_INTRANET) +
		    1) == 0)
			kind = FORM_INTRANET;
		free(text);
		text = NULL;
	}
	if ((r = store_event_last(ctx->st, c->id, ITEM_FORM_EVENT, &at,
	    &text)) != 1) {
		free(text);
		return r;
	}
	(void)form_parse(kind, text ? text : "", f, &problems);
	free(problems);
	free(text);
	return 1;
}

/* The published items, for the column index and the feed. */
struct pubset {
	struct request_ctx	*ctx;
	GPtrArray		*ids;
};

static int
pub_collect(void *arg, const struct store_sweep_case *sc)
{
	struct pubset *p = arg;
	enum wf_kind k;

	if (workflow_kind_parse(sc->kind, &k) == 0 && k != WF_KIND_REQUEST)
		g_ptr_array_add(p->ids, xstrdup(sc->id));
	return 0;
}

/* One published item as publish.c takes it; its strings are its own. */
struct pubitem {
	struct publish_item	 it;
	struct store_case	 c;
	struct form		 f;
	struct attlist		 att;
	struct publish_file	*files;
};

static void
pubitem_clear(struct pubitem *p)
{
	size_t i;

	for (i = 0; i < p->it.nfiles; i++)
		free((char *)p->files[i].path);
	free(p->files);
	rq_attlist_free(&p->att);
	form_clear(&p->f);
	store_case_clear(&p->c);
}

static int
pubitem_load(struct request_ctx *ctx, const char *id, struct pubitem *p)
{
	size_t i;

	memset(p, 0, sizeof(*p));
	if (store_case_get(ctx->st, id, &p->c) != 1 ||
	    request_item_form(ctx, &p->c, &p->f) == -1)
		return -1;
	if (p->c.draft_mail_id > 0 && store_attachments_of(ctx->st,
	    p->c.draft_mail_id, rq_collect_attachment, &p->att) == -1)
		return -1;
	p->files = xcalloc(p->att.n + 1, sizeof(*p->files));
	for (i = 0; i < p->att.n; i++) {
		p->files[i].name = p->att.v[i].filename;
		if ((p->files[i].path = outbox_att_path(ctx->cfg,
		    p->att.v[i].spool_path)) == NULL)
			return -1;
		p->it.nfiles = i + 1;
	}
	p->it.id = p->c.id;
	p->it.title = p->c.subject ? p->c.subject : "";
	p->it.column = p->f.column ? p->f.column : "其他";
	p->it.published = p->c.closed_at;
	p->it.text = p->c.draft ? p->c.draft : "";
	p->it.files = p->files;
	return 0;
}

static int
pubitem_newest_first(gconstpointer a, gconstpointer b)
{
	const struct pubitem *x = a, *y = b;

	return x->it.published < y->it.published ? 1 :
	    x->it.published > y->it.published ? -1 : strcmp(y->it.id, x->it.id);
}

/* The 审核表's review rows, from the case's history. */
struct sheet {
	const struct config	*cfg;
	const struct store_case	*c;
	GPtrArray		*strs;	/* what the rows point to */
	GArray			*rows;	/* struct form_review */
};

static const char *
sheet_keep(struct sheet *s, char *str)
{
	g_ptr_array_add(s->strs, str);
	return str;
}

/* The review role whose address `actor` is for this case; -1 if none. */
static int
sheet_role(const struct sheet *s, const char *actor)
{
	static const enum command_role levels[] = {
		COMMAND_ROLE_RESPONSIBLE, COMMAND_ROLE_LEADER,
		COMMAND_ROLE_SUPERVISING, COMMAND_ROLE_PRINCIPAL,
		COMMAND_ROLE_APPROVER,
	};
	const char *a;
	size_t i;

	for (i = 0; actor != NULL && i < G_N_ELEMENTS(levels); i++)
		if ((a = rq_role_address(s->cfg, s->c, levels[i])) != NULL &&
		    strcasecmp(a, actor) == 0)
			return (int)levels[i];
	return -1;
}

static int
sheet_event(void *arg, const struct store_event *e)
{
	static const struct {
		enum command_kind	 kind;
		const char		*decision;
	} decisions[] = {
		{ COMMAND_APPROVE,	"同意" },
		{ COMMAND_REJECT,	"驳回" },
		{ COMMAND_REVISE,	"修改后提交" },
		{ COMMAND_ESCALATE,	"报主要负责人" },
		{ COMMAND_CLEARED,	"保密审查通过" },
	};
	struct sheet *s = arg;
	struct form_review r;
	const char *kw, *comment = NULL;
	char iso[CALENDAR_DATE_LEN];
	size_t i, n;
	int role;

	/* the secrecy review that found nothing (a CLEARED has its row) */
	if (strcmp(e->type, ITEM_SECRECY_REVIEW) == 0) {
		if (e->detail == NULL ||
		    strcmp(e->detail, ITEM_SECRECY_PASSED) != 0)
			return 0;
		memset(&r, 0, sizeof(r));
		r.level = "保密审查";
		r.name = "系统检查";
		r.decision = "通过";
		r.comment = "正文及附件未见密级标识";
		r.date = sheet_keep(s, rq_date_words(rq_date_iso(
		    clock_local_day(e->at, s->cfg->office.timezone, NULL),
		    iso), "zh"));
		g_array_append_val(s->rows, r);
		return 0;
	}
	for (i = 0; i < G_N_ELEMENTS(decisions); i++)
		if (strcmp(e->type, command_kind_name(decisions[i].kind)) == 0)
			break;
	if (i == G_N_ELEMENTS(decisions) ||
	    (role = sheet_role(s, e->actor)) == -1)
		return 0;
	/* request_reply() wrote "KIND: ARGUMENT". */
	kw = command_kind_name(decisions[i].kind);
	n = strlen(kw);
	if (e->detail != NULL && strncmp(e->detail, kw, n) == 0 &&
	    e->detail[n] == ':')
		comment = e->detail + n + 1 + (e->detail[n + 1] == ' ');
	memset(&r, 0, sizeof(r));
	r.level = decisions[i].kind == COMMAND_CLEARED ? "保密审查" :
	    role_title((enum command_role)role, "zh");
	r.name = rq_role_name(s->cfg, s->c, (enum command_role)role);
	r.title = role_title((enum command_role)role, "zh");
	r.decision = decisions[i].decision;
	r.comment = comment != NULL && *comment != '\0' ?
	    sheet_keep(s, xstrdup(comment)) : NULL;
	r.date = sheet_keep(s, rq_date_words(rq_date_iso(clock_local_day(e->at,
	    s->cfg->office.timezone, NULL), iso), "zh"));
	g_array_append_val(s->rows, r);
	return 0;
}

/* The review rows of item c from its history into s (sheet_free() after,
 * whatever it returns); 0 or -1. */
static int
sheet_read(struct sheet *s, const struct config *cfg, struct store *st,
    const struct store_case *c)
{
	s->cfg = cfg;
	s->c = c;
	s->strs = g_ptr_array_new_with_free_func(free);
	s->rows = g_array_new(FALSE, TRUE, sizeof(struct form_review));
	return store_events_of(st, c->id, sheet_event, s);
}

static void
sheet_free(struct sheet *s)
{
	g_array_free(s->rows, TRUE);
	g_ptr_array_free(s->strs, TRUE);
}

/* Where the website's pages are: [publish] base_url without its last
 * "/", else file://DIR.  Malloc'd. */
static char *
item_base(const struct config *cfg)
{
	const char *b = cfg->publish.base_url;
	size_t n;

	if (b == NULL || *b == '\0')
		return xasprintf("file://%s", cfg->publish.dir);
	for (n = strlen(b); n > 0 && b[n - 1] == '/'; n--)
		;
	return xstrndup(b, n);
}

/*
 * The completed 审核表 as published, kept: its HTML in the spool's doc/
 * by its SHA-256, named by an event ITEM_FORM_ARCHIVED ("PATH SHA256")
 * that `show ITEM --html` reads back.
 */
static int
sheet_archive(struct request_ctx *ctx, const struct store_case *c)
{
	char *html, *path, *err = NULL, *detail, hex[65];
	int rv;

	if ((html = request_item_sheet(ctx->cfg, ctx->st, c, 1)) == NULL)
		return -1;
	spool_sha256(html, strlen(html), hex);
	if ((path = spool_store_document(ctx->cfg->store.spool, html,
	    strlen(html), "html", &err)) == NULL) {
		log_warnx("%s: the 审核表 cannot be kept: %s", c->id, err);
		free(err);
		free(html);
		return -1;
	}
	detail = xasprintf("%s %s", path, hex);
	rv = rq_event(ctx, c->id, ITEM_FORM_ARCHIVED, NULL, detail);
	free(detail);
	free(path);
	free(html);
	return rv;
}

/*
 * The webhook's JSON for a published item: what the CMS needs to show it
 * (id, kind, title, column, date, text, the page's path under [publish]
 * dir, the attachments by name and SHA-256) and the chain that approved
 * it.  Malloc'd; NULL when an attachment cannot be read.
 */
static char *
webhook_body(const struct config *cfg, struct store *st,
    const struct pubitem *p)
{
	JsonObject *o = json_object_new(), *a;
	JsonArray *files = json_array_new(), *chain = json_array_new();
	JsonNode *root;
	struct sheet sh;
	char *at = clock_iso8601(p->it.published, cfg->office.timezone);
	char *page = xasprintf("items/%s/index.html", p->it.id), *out = NULL;
	char *base = item_base(cfg);
	char *url = xasprintf("%s/items/%s/", base, p->it.id);
	char *data, *sum;
	gsize len;
	size_t i;

	if (sheet_read(&sh, cfg, st, &p->c) == -1)
		goto out;
	for (i = 0; i < p->it.nfiles; i++) {
		if (!g_file_get_contents(p->files[i].path, &data, &len, NULL))
			goto out;
		sum = g_compute_checksum_for_data(G_CHECKSUM_SHA256,
		    (const guchar *)data, len);
		a = json_object_new();
		json_object_set_string_member(a, "name", p->files[i].name);
		json_object_set_string_member(a, "sha256", sum);
		json_object_set_int_member(a, "size", (gint64)len);
		json_array_add_object_element(files, a);
		g_free(sum);
		g_free(data);
	}
	for (i = 0; i < sh.rows->len; i++) {
		const struct form_review *r = &g_array_index(sh.rows,
		    struct form_review, i);

		a = json_object_new();
		json_object_set_string_member(a, "level", r->level);
		json_object_set_string_member(a, "name", r->name ? r->name : "");
		json_object_set_string_member(a, "decision", r->decision);
		json_object_set_string_member(a, "date", r->date);
		json_array_add_object_element(chain, a);
	}
	json_object_set_string_member(o, "id", p->it.id);
	json_object_set_string_member(o, "kind", p->c.kind);
	json_object_set_string_member(o, "title", p->it.title);
	json_object_set_string_member(o, "column", p->it.column);
	json_object_set_string_member(o, "published_at", at);
	json_object_set_string_member(o, "text", p->it.text);
	json_object_set_string_member(o, "page", page);
	json_object_set_string_member(o, "url", url);
	json_object_set_array_member(o, "attachments", files);
	json_object_set_array_member(o, "chain", chain);
	files = chain = NULL;
	root = json_node_init_object(json_node_alloc(), o);
	out = json_to_string(root, FALSE);
	json_node_unref(root);
	o = NULL;
out:
	if (files != NULL)
		json_array_unref(files);
	if (chain != NULL)
		json_array_unref(chain);
	if (o != NULL)
		json_object_unref(o);
	sheet_free(&sh);
	free(at);
	free(page);
	free(base);
	free(url);
	return out;
}

/* Queues the webhook call of a published item, when one is configured,
 * in the transaction that publishes it: its key fixed now. */
static int
webhook_queue(struct request_ctx *ctx, const struct pubitem *p)
{
	const struct config *cfg = ctx->cfg;
	char *body, *key, *uuid;
	int rv;

	if (cfg->publish.webhook == NULL || *cfg->publish.webhook == '\0')
		return 0;
	if ((body = webhook_body(cfg, ctx->st, p)) == NULL) {
		log_warnx("%s: the webhook's body cannot be made", p->c.id);
		return -1;
	}
	uuid = g_uuid_string_random();
	key = xasprintf("%s-%s", p->c.id, uuid);
	g_free(uuid);
	/* due by the real clock, as retries are (outbox.c's mail too) */
	rv = store_webhook_add(ctx->st, p->c.id, cfg->publish.webhook, body,
	    key, ctx->now, clock_wall());
	free(body);
	free(key);
	return rv;
}

/*
 * WF_FX_PUBLISH, after the case is written published: the item's page,
 * its column's index and the feed under [publish] dir (publish.h; every
 * file renamed into place).  The index and the feed list every published
 * item, newest first.
 */
int
rq_item_publish(struct request_ctx *ctx, const struct store_case *c)
{
	const struct config *cfg = ctx->cfg;
	struct pubset ps = { ctx, g_ptr_array_new_with_free_func(free) };
	struct pubitem *all = NULL, *self = NULL;
	struct publish_item *col = NULL, *feed = NULL;
	char *err = NULL, *base = NULL, *detail;
	size_t i, n = 0, ncol = 0;
	int rv = -1;

	if (cfg->publish.dir == NULL || *cfg->publish.dir == '\0') {
		log_warnx("%s: no [publish] dir; not published", c->id);
		goto out;
	}
	if (store_sweep_in_state(ctx->st, workflow_state_name(WF_PUBLISHED),
	    pub_collect, &ps) == -1)
		goto out;
	all = xcalloc(ps.ids->len + 1, sizeof(*all));
	for (n = 0; n < ps.ids->len; n++)
		if (pubitem_load(ctx, g_ptr_array_index(ps.ids, n),
		    &all[n]) == -1) {
			n++;
			goto out;
		}
	qsort(all, n, sizeof(*all), (int (*)(const void *,
	    const void *))pubitem_newest_first);
	for (i = 0; i < n; i++)
		if (strcmp(all[i].it.id, c->id) == 0)
			self = &all[i];
	if (self == NULL) {
		log_warnx("%s: not among the published items", c->id);
		goto out;
	}
	col = xcalloc(n + 1, sizeof(*col));
	feed = xcalloc(n + 1, sizeof(*feed));
	for (i = 0; i < n; i++) {
		feed[i] = all[i].it;
		if (strcmp(all[i].it.column, self->it.column) == 0)
			col[ncol++] = all[i].it;
	}
	/* The feed's addresses: the website's, else the folder's own. */
	base = item_base(cfg);
	if (publish_page(cfg->publish.dir, cfg->office.name, &self->it,
	    &err) == -1 || publish_index(cfg->publish.dir, cfg->office.name,
	    self->it.column, col, ncol, &err) == -1 ||
	    publish_feed(cfg->publish.dir, cfg->office.name, base, feed, n,
	    &err) == -1) {
		log_warnx("%s: publishing failed: %s", c->id, err ? err : "?");
		goto out;
	}
	detail = xasprintf("items/%s/index.html, columns/%s/index.html, "
	    "feed.atom under %s", c->id, self->it.column, cfg->publish.dir);
	rv = rq_event(ctx, c->id, "published", NULL, detail);
	free(detail);
	if (rv == 0)
		rv = sheet_archive(ctx, c);
	if (rv == 0)
		rv = webhook_queue(ctx, self);
out:
	for (i = 0; i < n; i++)
		pubitem_clear(&all[i]);
	free(all);
	free(col);
	free(feed);
	free(err);
	free(base);
	g_ptr_array_free(ps.ids, TRUE);
	return rv;
}

char *
request_item_sheet(const struct config *cfg, struct store *st,
    const struct store_case *c, int html)
{
	struct request_ctx ctx;
	struct sheet s;
	struct form f;
	char *out = NULL;

	memset(&ctx, 0, sizeof(ctx));
	memset(&f, 0, sizeof(f));
	ctx.cfg = cfg;
	ctx.st = st;
	if (sheet_read(&s, cfg, st, c) == -1 ||
	    request_item_form(&ctx, c, &f) != 1)
		goto out;
	/* The text as it stands after every REVISE. */
	free(f.content);
	f.content = xstrdup(c->draft ? c->draft : "");
	out = (html ? form_html : form_text)(cfg->office.name, &f,
	    (const struct form_review *)(void *)s.rows->data, s.rows->len);
out:
	form_clear(&f);
	sheet_free(&s);
	return out;
}

/* ------------------------------------------- what was published */

static int
published_newest_first(const void *a, const void *b)
{
	const struct store_case *x = a, *y = b;

	return x->closed_at < y->closed_at ? 1 : x->closed_at > y->closed_at ?
	    -1 : strcmp(y->id, x->id);
}

/* The last webhook row of an item, its strings kept. */
struct lastweb {
	char		*state, *key;
	long long	 attempts;
	time_t		 done;
};

static int
last_webhook(void *arg, const struct store_webhook *w)
{
	struct lastweb *l = arg;

	free(l->state);
	free(l->key);
	l->state = xstrdup(w->state);
	l->key = xstrdup(w->key);
	l->attempts = w->attempts;
	l->done = w->done_at;
	return 0;
}

int
request_item_published(const struct config *cfg, struct store *st,
    int (*fn)(void *, const struct request_published *), void *arg)
{
	struct request_ctx ctx;
	struct pubset ps = { NULL, g_ptr_array_new_with_free_func(free) };
	GArray *cases = g_array_new(FALSE, TRUE, sizeof(struct store_case));
	struct store_case c;
	size_t i;
	int rv = -1;

	memset(&ctx, 0, sizeof(ctx));
	ctx.cfg = cfg;
	ctx.st = st;
	if (store_sweep_in_state(st, workflow_state_name(WF_PUBLISHED),
	    pub_collect, &ps) == -1)
		goto out;
	for (i = 0; i < ps.ids->len; i++) {
		if (store_case_get(st, g_ptr_array_index(ps.ids, i), &c) != 1)
			goto out;
		g_array_append_val(cases, c);
	}
	g_array_sort(cases, published_newest_first);
	for (i = 0; i < cases->len; i++) {
		const struct store_case *ci = &g_array_index(cases,
		    struct store_case, i);
		struct sheet sh;
		struct request_published p;
		struct lastweb web = { NULL, NULL, 0, 0 };
		struct form f;
		char *late = NULL, *page = NULL;
		time_t at;
		int r;

		memset(&p, 0, sizeof(p));
		memset(&f, 0, sizeof(f));
		r = sheet_read(&sh, cfg, st, ci) == -1 ||
		    request_item_form(&ctx, ci, &f) == -1 ||
		    store_event_last(st, ci->id, "late", &at, &late) == -1 ||
		    store_webhooks_of(st, ci->id, last_webhook, &web) == -1 ?
		    -1 : 0;
		if (r == 0) {
			if (cfg->publish.dir != NULL && *cfg->publish.dir)
				page = xasprintf("%s/items/%s/index.html",
				    cfg->publish.dir, ci->id);
			p.c = ci;
			p.column = f.column ? f.column : "其他";
			p.page = page;
			p.late = late;
			p.chain = (const struct form_review *)(void *)
			    sh.rows->data;
			p.nchain = sh.rows->len;
			p.webhook = web.state;
			p.webhook_attempts = web.attempts;
			p.webhook_key = web.key;
			p.webhook_done = web.done;
			r = fn(arg, &p);
		}
		free(web.state);
		free(web.key);
		free(page);
		free(late);
		form_clear(&f);
		sheet_free(&sh);
		if (r == -1)
			goto out;
	}
	rv = 0;
out:
	for (i = 0; i < cases->len; i++)
		store_case_clear(&g_array_index(cases, struct store_case, i));
	g_array_free(cases, TRUE);
	g_ptr_array_free(ps.ids, TRUE);
	return rv;
}

int
request_item_repeal(struct store *st, const char *case_id, const char *actor,
    const char *note, time_t now, const char **why)
{
	struct store_case c;
	struct form f;
	char *text = NULL, *problems = NULL, *detail;
	time_t at;
	int r, rv = 1;

	memset(&c, 0, sizeof(c));
	memset(&f, 0, sizeof(f));
	*why = NULL;
	if ((r = store_case_get(st, case_id, &c)) != 1) {
		*why = "no such case";
		return r == 0 ? 1 : -1;
	}
	if (strcmp(c.kind, "proactive") != 0) {
		*why = "it is no proactive item (主动公开)";
		goto out;
	}
	if (strcmp(c.state, workflow_state_name(WF_PUBLISHED)) != 0) {
		*why = "the item is not published";
		goto out;
	}
	if ((r = store_event_last(st, case_id, ITEM_REPEALED_EVENT, &at,
	    NULL)) != 0) {
		*why = "it is repealed already";
		rv = r == 1 ? 1 : -1;
		goto out;
	}
	if ((r = store_event_last(st, case_id, ITEM_FORM_EVENT, &at,
	    &text)) == -1) {
		rv = -1;
		goto out;
	}
	(void)form_parse(FORM_PROACTIVE, text ? text : "", &f, &problems);
	if (f.category_kind == FORM_CAT_OTHER) {
		*why = "its 类别 is neither 规章 nor 行政规范性文件 (table 二 "
		    "counts only those as repealed)";
		goto out;
	}
	detail = note != NULL && *note != '\0' ?
	    xasprintf("废止（%s）。%s", f.category, note) :
	    xasprintf("废止（%s）。", f.category);
	rv = store_event_add(st, case_id, now, ITEM_REPEALED_EVENT, actor,
	    detail, 0) == -1 ? -1 : 0;
	free(detail);
out:
	form_clear(&f);
	free(problems);
	free(text);
	store_case_clear(&c);
	return rv;
}
