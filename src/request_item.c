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
