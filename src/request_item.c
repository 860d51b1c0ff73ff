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
#include "store.h"
#include "template.h"
#include "workflow.h"
#include "xmalloc.h"

/* The form's text is kept in the history: show and the chain read it. */
#define ITEM_FORM_EVENT	"item-form"

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

int
request_item_open(struct request_ctx *ctx, char *case_id, size_t len)
{
	const struct config *cfg = ctx->cfg;
	const struct message *m = ctx->msg;
	const struct config_division *dv = item_sender(ctx);
	enum form_kind kind = (enum form_kind)request_item_kind(m);
	struct form f;
	struct store_case c;
	struct vars vs;
	char *problems = NULL, *id = NULL, *detail;
	char day[CALENDAR_DATE_LEN];
	int d, rv = -1;

	memset(&c, 0, sizeof(c));
	rq_vars_init(&vs);
	if (dv == NULL || kind == FORM_NONE) {
		ctx->result = "not-a-handler";
		goto out;
	}
	if (form_parse(kind, m->text ? m->text : "", &f, &problems) == -1) {
		rv = item_invalid(ctx, problems);
		form_clear(&f);
		goto out;
	}
	if (ctx->arrived == 0 || ctx->arrived > ctx->now)
		ctx->arrived = ctx->now;
	d = clock_local_day(ctx->arrived, cfg->office.timezone, NULL);
	/* At its first review at once: the handler wrote it. */
	id = store_case_open(ctx->st, cfg->office.case_prefix,
	    calendar_date_year(d), form_kind_word(kind),
	    workflow_state_name(WF_REVIEW), ctx->arrived, m->from.addr,
	    f.contact, f.title, ctx->mail_id);
	if (id == NULL || store_case_get(ctx->st, id, &c) != 1) {
		form_clear(&f);
		goto out;
	}
	g_strlcpy(case_id, id, len);
	store_case_setstr(&c.division, dv->name);
	store_case_setstr(&c.step, command_role_name(COMMAND_ROLE_RESPONSIBLE));
	store_case_setstr(&c.assignee, rq_role_address(cfg, &c,
	    COMMAND_ROLE_RESPONSIBLE));
	store_case_setstr(&c.lang, "zh");
	store_case_setstr(&c.thread_msgid, m->message_id);
	store_case_setstr(&c.receipt_date, rq_date_iso(d, day));
	store_case_setstr(&c.draft, f.content);
	c.draft_mail_id = ctx->mail_id;
	c.fee_fen = -1;
	if (store_case_put(ctx->st, &c) == -1) {
		form_clear(&f);
		goto out;
	}
	detail = xasprintf("%s %s", form_kind_word(kind), f.title);
	rv = rq_event(ctx, id, "received", m->from.addr, detail);
	free(detail);
	form_clear(&f);
	if (rv == -1 || rq_event(ctx, id, ITEM_FORM_EVENT, m->from.addr,
	    m->text) == -1) {
		rv = -1;
		goto out;
	}
	rv = -1;
	rq_vars_case(&vs, ctx, &c, "zh");
	rq_vars_applicant_masked(&vs, &c);
	if (rq_notify_step(ctx, &c, &vs) == -1)
		goto out;
	ctx->result = "new-item";
	rv = 0;
out:
	store_case_clear(&c);
	rq_vars_free(&vs);
	free(problems);
	free(id);
	return rv;
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
	if ((r = store_event_last(ctx->st, c->id, ITEM_FORM_EVENT, &at,
	    &text)) != 1) {
		free(text);
		return r;
	}
	/* A [内网转外网] form reads as news: the same fields. */
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
	/* The feed's addresses: the folder's own until the website's is
	 * configured. */
	base = xasprintf("file://%s", cfg->publish.dir);
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

char *
request_item_sheet(const struct config *cfg, struct store *st,
    const struct store_case *c, int html)
{
	struct request_ctx ctx;
	struct sheet s = { cfg, c, g_ptr_array_new_with_free_func(free),
	    g_array_new(FALSE, TRUE, sizeof(struct form_review)) };
	struct form f;
	char *out = NULL;

	memset(&ctx, 0, sizeof(ctx));
	ctx.cfg = cfg;
	ctx.st = st;
	if (request_item_form(&ctx, c, &f) != 1)
		goto out;
	/* The text as it stands after every REVISE. */
	free(f.content);
	f.content = xstrdup(c->draft ? c->draft : "");
	if (store_events_of(st, c->id, sheet_event, &s) == -1)
		goto out;
	out = (html ? form_html : form_text)(cfg->office.name, &f,
	    (const struct form_review *)(void *)s.rows->data, s.rows->len);
out:
	form_clear(&f);
	g_array_free(s.rows, TRUE);
	g_ptr_array_free(s.strs, TRUE);
	return out;
}
