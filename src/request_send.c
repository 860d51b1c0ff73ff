/*
 * request_send.c - the request lifecycle's dates, template variables and
 * mail: what a case's mail says, rendered from its template and queued
 * in the outbox with its reply token (request_p.h).
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <glib.h>

#include "address.h"
#include "clock.h"
#include "config.h"
#include "datadir.h"
#include "fields.h"
#include "form.h"
#include "log.h"
#include "outbox.h"
#include "remedy.h"
#include "request.h"
#include "request_p.h"
#include "store.h"
#include "template.h"
#include "token.h"
#include "xmalloc.h"

/* How long a reply token lives, in seconds. */
#define REQUEST_TOKEN_TTL	(90 * 24 * 3600)

/* Today in the office's time zone, as a calendar day number. */
int
rq_today(const struct request_ctx *ctx)
{
	return clock_local_day(ctx->now, ctx->cfg->office.timezone, NULL);
}

/* YYYY-MM-DD of day d, into buf; returns buf. */
char *
rq_date_iso(int d, char buf[CALENDAR_DATE_LEN])
{
	return calendar_date_format(d, buf);
}

/* "2026年9月28日" or "28 September 2026" from YYYY-MM-DD. */
char *
rq_date_words(const char *iso, const char *lang)
{
	return clock_iso_words(iso, lang);
}

/*
 * A deadline as two variables: `name`, the date in words, and `by`, the
 * same as the notices state a deadline (clock_deadline_words(): "最迟于
 * 2026年9月28日（含当日）"); both "" when iso is NULL.
 */
void
rq_var_deadline(struct vars *vs, const char *name, const char *by,
    const char *iso, const char *lang)
{
	rq_var_take(vs, name, rq_date_words(iso, lang));
	rq_var_take(vs, by, clock_deadline_words(iso, lang));
}

/* `n` working days after the date `from` (YYYY-MM-DD or day number). */
char *
rq_add_days(const struct request_ctx *ctx, int from, int n, int *provisional)
{
	int out, p = 0;

	char buf[CALENDAR_DATE_LEN];

	if (calendar_add(datadir_calendar(ctx->cfg), from, n, &out, &p) == -1)
		out = from;
	if (provisional != NULL)
		*provisional |= p;
	return xstrdup(rq_date_iso(out, buf));
}

int
rq_parse_date(const char *iso)
{
	int d = 0;

	if (iso != NULL)
		calendar_date_parse(iso, &d);
	return d;
}

void
rq_vars_init(struct vars *vs)
{
	size_t i;

	vs->n = template_nvars();
	vs->v = xcalloc(vs->n, sizeof(*vs->v));
	vs->val = xcalloc(vs->n, sizeof(*vs->val));
	for (i = 0; i < vs->n; i++) {
		vs->v[i].name = template_var_name(i);
		vs->v[i].value = "";
	}
}

void
rq_var(struct vars *vs, const char *name, const char *value)
{
	size_t i;

	for (i = 0; i < vs->n; i++)
		if (strcmp(vs->v[i].name, name) == 0) {
			free(vs->val[i]);
			vs->val[i] = xstrdup(value ? value : "");
			vs->v[i].value = vs->val[i];
			return;
		}
	fatalx("template variable %s is not in the table", name);
}

/* Takes `value` over. */
void
rq_var_take(struct vars *vs, const char *name, char *value)
{
	rq_var(vs, name, value);
	free(value);
}

void
rq_vars_free(struct vars *vs)
{
	size_t i;

	for (i = 0; i < vs->n; i++)
		free(vs->val[i]);
	free(vs->val);
	free(vs->v);
}

/* The state's words; a word the list does not know, as it is. */
static const char *
state_text(const char *state, const char *lang)
{
	enum wf_state s;

	return workflow_state_parse(state, &s) == 0 ?
	    workflow_state_words(s, lang) : state;
}

enum command_role
rq_case_step(const struct store_case *c)
{
	enum command_role r = COMMAND_ROLE_HANDLER;

	if (c->step != NULL)
		command_role_parse(c->step, &r);
	return r;
}

/* The slice of case c that workflow.c decides on. */
void
rq_case_slice(const struct store_case *c, struct wf_case *wc)
{
	memset(wc, 0, sizeof(*wc));
	if (c->kind == NULL || workflow_kind_parse(c->kind, &wc->kind) == -1)
		wc->kind = WF_KIND_REQUEST;
	if (workflow_state_parse(c->state, &wc->state) == -1)
		wc->state = WF_RECEIVED;
	wc->step = rq_case_step(c);
	wc->resume = WF_DRAFTING;
	wc->resume_step = COMMAND_ROLE_HANDLER;
	/* "drafting", or "review:supervising" when a reviewer asked for
	 * the extension (request_exec.c, fx_ext_request()). */
	if (c->resume_state != NULL) {
		char *w = xstrdup(c->resume_state), *colon = strchr(w, ':');

		if (colon != NULL) {
			*colon = '\0';
			command_role_parse(colon + 1, &wc->resume_step);
		}
		workflow_state_parse(w, &wc->resume);
		free(w);
	}
	wc->correction_used = c->correction_used;
	wc->extension_used = c->extension_used;
}

/*
 * The dates the law's guards read (workflow.h): today, the due date and
 * the last day a correction notice may go (`correction_notice_days`
 * working days after receipt, Art. 30); whether the secretariat allowed
 * a late one.  -1 when the database fails.
 */
int
rq_case_clock(struct request_ctx *ctx, const struct store_case *c,
    struct wf_case *wc)
{
	char *last;
	time_t at;
	int r;

	wc->today = rq_today(ctx);
	wc->due = rq_parse_date(c->due_date);
	wc->correction_last = 0;
	if (c->receipt_date != NULL) {
		last = rq_add_days(ctx, rq_parse_date(c->receipt_date),
		    (int)ctx->cfg->deadlines.correction_notice_days, NULL);
		wc->correction_last = rq_parse_date(last);
		free(last);
	}
	if ((r = store_event_last(ctx->st, c->id, REQUEST_EVENT_LATE_ALLOWED, &at,
	    NULL)) == -1)
		return -1;
	wc->late_allowed = r == 1;
	if ((r = rq_third_party_objected(ctx, c)) == -1)
		return -1;
	wc->third_party_objected = r;
	/* Art. 35: the applicant was asked for reasons (the command's
	 * event). */
	if ((r = store_event_last(ctx->st, c->id, command_kind_name(
	    COMMAND_ASK_REASON), &at, NULL)) == -1)
		return -1;
	wc->reason_asked = r == 1;
	/* An item's 重大事项 (its 审核表) decides the leader's level. */
	if (wc->kind != WF_KIND_REQUEST) {
		struct form f;

		if ((r = request_item_form(ctx, c, &f)) == -1)
			return -1;
		wc->major = r == 1 && f.major;
		form_clear(&f);
	}
	return 0;
}

/*
 * How letters to the third party address it: the name the CONSULT text
 * gives on a line "名称：NAME" (or "第三方：NAME", "Name: NAME"), else
 * the neutral 第三方 — never its mail address.  Malloc'd.
 */
char *
rq_third_party_name(const char *question)
{
	static const char *const labels[] = { "名称", "第三方", "name" };
	const char *p, *q;
	size_t i, n, len;

	for (p = question; p != NULL && *p != '\0'; p = strchr(p, '\n'),
	    p = p ? p + 1 : NULL) {
		for (i = 0; i < G_N_ELEMENTS(labels); i++) {
			n = strlen(labels[i]);
			if (g_ascii_strncasecmp(p, labels[i], n) != 0)
				continue;
			q = p + n;
			if (*q == ':')
				q++;
			else if (strncmp(q, "：", 3) == 0)
				q += 3;
			else
				continue;
			while (*q == ' ')
				q++;
			len = strcspn(q, "\r\n");
			while (len > 0 && q[len - 1] == ' ')
				len--;
			if (len > 0)
				return xstrndup(q, len);
		}
	}
	return xstrdup("第三方");
}

/* The newest of the third party's opinions (Art. 32). */
static int
last_opinion(void *arg, const struct store_event *e)
{
	int *objected = arg;

	if (strcmp(e->type, command_kind_name(COMMAND_OBJECT)) == 0)
		*objected = 1;
	else if (strcmp(e->type, command_kind_name(COMMAND_AGREE)) == 0)
		*objected = 0;
	return 0;
}

/* 1 when the third party's last opinion on case c was an objection,
 * 0 when not (or none was given), -1 when the database fails. */
int
rq_third_party_objected(struct request_ctx *ctx, const struct store_case *c)
{
	int objected = 0;

	if (store_events_of(ctx->st, c->id, last_opinion, &objected) == -1)
		return -1;
	return objected;
}

/* Everything a template may say about a case. */
void
rq_vars_case(struct vars *vs, const struct request_ctx *ctx,
    const struct store_case *c, const char *lang)
{
	const struct config *cfg = ctx->cfg;
	enum command_role step = rq_case_step(c);
	int en = strcmp(lang, "en") == 0;
	char buf[16], day[CALENDAR_DATE_LEN], *text;

	rq_var(vs, "office_name", cfg->office.name);
	rq_var(vs, "office_address", cfg->office.address);
	rq_var_take(vs, "date", rq_date_words(rq_date_iso(rq_today(ctx), day),
	    lang));
	rq_var(vs, "case_id", c->id);
	/* No name given: a neutral salutation, nothing guessed. */
	rq_var(vs, "applicant_name", c->applicant_name ? c->applicant_name :
	    (strcmp(lang, "en") == 0 ? "Applicant" : "申请人"));
	rq_var(vs, "applicant_email", c->applicant_email);
	rq_var(vs, "applicant_type", fields_type_label(c->applicant_type ?
	    c->applicant_type : "natural"));
	rq_var(vs, "applicant_id_type", c->id_type);
	rq_var(vs, "applicant_postal_address", c->postal_address);
	rq_var(vs, "delivery_method", c->delivery);
	rq_var(vs, "medium", c->medium);
	rq_var(vs, "request_description", c->description ? c->description :
	    c->subject);
	/* the day the request mail arrived, in the office's zone */
	rq_var_take(vs, "received_date", rq_date_words(rq_date_iso(
	    clock_local_day(c->received_at, cfg->office.timezone, NULL), day),
	    lang));
	rq_var_take(vs, "receipt_date", rq_date_words(c->receipt_date, lang));
	snprintf(buf, sizeof(buf), "%u", cfg->deadlines.answer_days);
	rq_var(vs, "days", buf);
	if (c->due_provisional) {
		rq_var(vs, "due_text", en ? "within the statutory period of 20 "
		    "working days from the day after receipt" :
		    "自收到申请之日起20个工作日内");
		rq_var(vs, "provisional_note", "暂定：该年度节假日安排尚未发布，"
		    "按周一至周五计算 / provisional: the year's holiday "
		    "calendar is not yet installed");
	}
	rq_var_deadline(vs, "due_date", "due_by", c->due_date, lang);
	rq_var(vs, "state", state_text(c->state, lang));
	if (c->answer_type != NULL) {
		rq_var(vs, "answer_type", c->answer_type);
		rq_var(vs, "answer_label",
		    command_answer_label(c->answer_type));
	}
	rq_var(vs, "reconsideration_body", cfg->remedy.reconsideration_body);
	rq_var(vs, "reconsideration_channel",
	    cfg->remedy.reconsideration_channel);
	rq_var(vs, "draft_text", c->draft);
	/* the applicant's letter leaves out the 增补主动公开 line */
	text = NULL;
	if (c->draft != NULL)
		(void)rq_item_catalogue_flag(c->draft, NULL, &text);
	rq_var_take(vs, "answer_text", text);
	rq_var(vs, "step_role", role_title(step, lang));
	/* by name when the configuration gives one, else the address */
	rq_var(vs, "step_person", *rq_role_name(cfg, c, step) ?
	    rq_role_name(cfg, c, step) : c->assignee);
	rq_var(vs, "division", c->division);
	{
		const struct config_division *d = config_division(cfg,
		    c->division ? c->division : cfg->office.default_division);
		rq_var(vs, "handler", d ? d->handler : "");
	}
}

/*
 * The remedy clause an answer of `type` carries (remedy.h), rendered from
 * its template with the variables set so far into remedy_clause, without
 * its last line end.  -1 when the template does not render.
 */
int
rq_var_remedy(const struct request_ctx *ctx, struct vars *vs,
    const char *type, const char *lang)
{
	const char *name = remedy_template(ctx->cfg->remedy.review_first,
	    type);
	char *subject = NULL, *body = NULL, *err = NULL;
	size_t n;

	if (datadir_render(name, lang, vs->v, vs->n, &subject, &body,
	    &err) == -1) {
		log_warnx("template %s: %s", name, err);
		free(err);
		return -1;
	}
	n = strlen(body);
	while (n > 0 && body[n - 1] == '\n')
		body[--n] = '\0';
	rq_var(vs, "remedy_clause", body);
	free(subject);
	free(body);
	return 0;
}

/* The name of who holds `role` for case c ([office] ROLE_name,
 * [division] ROLE_name); "" when the configuration gives none. */
const char *
rq_role_name(const struct config *cfg, const struct store_case *c,
    enum command_role role)
{
	const struct config_division *d = config_division(cfg,
	    c->division ? c->division : cfg->office.default_division);
	const char *n = NULL;

	switch (role) {
	case COMMAND_ROLE_HANDLER:
		n = d ? d->handler_name : NULL;
		break;
	case COMMAND_ROLE_RESPONSIBLE:
		n = d ? d->responsible_name : NULL;
		break;
	case COMMAND_ROLE_LEADER:
		n = d ? d->leader_name : NULL;
		break;
	case COMMAND_ROLE_SUPERVISING:
		n = cfg->office.supervising_name;
		break;
	case COMMAND_ROLE_APPROVER:
		n = cfg->office.approver_name;
		break;
	case COMMAND_ROLE_HEAD:
		n = cfg->office.head_name;
		break;
	case COMMAND_ROLE_PRINCIPAL:
		n = cfg->office.principal_name;
		break;
	case COMMAND_ROLE_SECRETARIAT:
		n = cfg->office.secretariat_name;
		break;
	default:
		break;
	}
	return n != NULL ? n : "";
}

/* The address that holds `role` for case c; NULL if none. */
const char *
rq_role_address(const struct config *cfg, const struct store_case *c,
    enum command_role role)
{
	const struct config_division *d = config_division(cfg,
	    c->division ? c->division : cfg->office.default_division);

	switch (role) {
	case COMMAND_ROLE_APPLICANT:
		return c->applicant_email;
	case COMMAND_ROLE_HANDLER:
		return d ? d->handler : NULL;
	case COMMAND_ROLE_RESPONSIBLE:
		return d ? d->responsible : NULL;
	case COMMAND_ROLE_LEADER:
		return d ? d->leader : NULL;
	case COMMAND_ROLE_SUPERVISING:
		return cfg->office.supervising;
	case COMMAND_ROLE_APPROVER:
		return cfg->office.approver;
	case COMMAND_ROLE_HEAD:
		return cfg->office.head;
	case COMMAND_ROLE_PRINCIPAL:
		return cfg->office.principal;
	case COMMAND_ROLE_SECRETARIAT:
		return cfg->office.secretariat;
	case COMMAND_ROLE_THIRD_PARTY:
		return c->third_party;
	}
	return NULL;
}

/* The case's applicant fields as a struct fields.c works on. */
struct applicant_fields *
rq_case_fields(const struct store_case *c)
{
	struct applicant_fields *f = fields_parse("");

	fields_set(f, "name", c->applicant_name);
	fields_set(f, "type", c->applicant_type);
	fields_set(f, "id_type", c->id_type);
	fields_set(f, "id_number", c->id_number);
	fields_set(f, "phone", c->phone);
	fields_set(f, "address", c->postal_address);
	fields_set(f, "email", c->applicant_email);
	fields_set(f, "description", c->description);
	fields_set(f, "delivery", c->delivery);
	fields_set(f, "medium", c->medium);
	return f;
}

/* Writes fields back into the case (the reply address stays From's). */
void
rq_fields_to_case(const struct applicant_fields *f, struct store_case *c)
{
	store_case_setstr(&c->applicant_name, f->name);
	store_case_setstr(&c->applicant_type, f->type);
	store_case_setstr(&c->id_type, f->id_type);
	store_case_setstr(&c->id_number, f->id_number);
	store_case_setstr(&c->phone, f->phone);
	store_case_setstr(&c->postal_address, f->address);
	store_case_setstr(&c->description, f->description);
	store_case_setstr(&c->delivery, f->delivery);
	store_case_setstr(&c->medium, f->medium);
}

int
rq_event(struct request_ctx *ctx, const char *case_id, const char *type,
    const char *actor, const char *detail)
{
	return store_event_add(ctx->st, case_id, ctx->now, type, actor, detail,
	    ctx->mail_id);
}

int
rq_collect_attachment(void *arg, const struct store_attachment *a)
{
	struct attlist *l = arg;

	l->v = xreallocarray(l->v, l->n + 1, sizeof(*l->v));
	l->v[l->n].filename = xstrdup(a->filename);
	l->v[l->n].content_type = a->content_type ?
	    xstrdup(a->content_type) : NULL;
	l->v[l->n].spool_path = xstrdup(a->spool_path);
	l->n++;
	return 0;
}

void
rq_attlist_free(struct attlist *l)
{
	size_t i;

	for (i = 0; i < l->n; i++) {
		free((char *)l->v[i].filename);
		free((char *)l->v[i].content_type);
		free((char *)l->v[i].spool_path);
	}
	free(l->v);
}

/*
 * Renders template `name` for case c and queues it to `to`.  With `role`
 * not -1, a reply token is issued for (case, role, to, version) and the
 * mail asks for a command.  Mail to the applicant is in the case's
 * language and in the applicant's thread; other mail is in the thread of
 * `in_reply_to` (the Message-ID of the mail it answers) unless NULL.
 */
int
rq_send_mail_in(struct request_ctx *ctx, const struct store_case *c,
    const char *name, const char *to, int role, struct vars *vs,
    const struct attlist *att, const char *in_reply_to)
{
	const struct config *cfg = ctx->cfg;
	int to_applicant = to != NULL && c->applicant_email != NULL &&
	    strcasecmp(to, c->applicant_email) == 0;
	const char *lang = to_applicant && c->lang ? c->lang : "zh";
	const char *refs[2] = { NULL, NULL };
	char *subject = NULL, *body = NULL, *err = NULL, *tok = NULL;
	char *msgid = NULL, *addr = NULL, *detail;
	struct outbox_attachment *files = NULL;
	struct outmail om;
	struct rq_doc doc;
	size_t nfiles = 0;
	int rv = -1;

	memset(&doc, 0, sizeof(doc));
	doc.kind = -1;
	if (rq_doc_keeping(ctx) && !to_applicant)
		return 0;		/* the Chinese pass: documents only */
	if (to == NULL || *to == '\0') {
		log_warnx("%s: no address for %s; not sent", c->id, name);
		return rq_event(ctx, c->id, "not-sent", NULL, name);
	}
	/* A formal document: numbered, and its PDF attached (the Chinese
	 * pass of a translated one keeps its text and sends nothing). */
	if (rq_doc_number(ctx, name, vs, &doc) == -1)
		goto out;
	if (rq_doc_keeping(ctx)) {
		if (doc.kind >= 0 && datadir_render(name, "zh", vs->v, vs->n,
		    &subject, &body, &err) == 0) {
			rq_doc_keep(ctx, name, subject, body);
			subject = body = NULL;
		} else if (doc.kind >= 0) {
			log_warnx("%s: template %s: %s", c->id, name, err);
			goto out;
		}
		rv = 0;
		goto out;
	}
	if (role >= 0) {
		struct token_claims tc = { c->id,
		    command_role_name((enum command_role)role), to, c->version,
		    (long long)ctx->now + REQUEST_TOKEN_TTL };
		unsigned char nonce[TOKEN_NONCE_LEN];

		token_random_nonce(nonce);
		if ((tok = token_issue(cfg->security.secret,
		    cfg->security.secret_len, &tc, nonce)) == NULL) {
			log_warnx("%s: cannot issue a token", c->id);
			return -1;
		}
		addr = address_plus(cfg->office.address, tok);
		rq_var(vs, "token_code", tok);
		rq_var(vs, "reply_address", addr);
	}
	/* The applicant is told the statutory period, never a provisional
	 * date (doc/lifecycle.md, "Provisional dates"). */
	if (to_applicant && c->due_provisional) {
		rq_var(vs, "due_date", "");
		rq_var(vs, "due_by", "");
		rq_var(vs, "new_due_date", "");
		rq_var(vs, "new_due_by", "");
	}
	if (datadir_render(name, lang, vs->v, vs->n, &subject, &body,
	    &err) == -1) {
		log_warnx("%s: template %s: %s", c->id, name, err);
		goto out;
	}
	if (doc.kind >= 0 && rq_doc_make(ctx, c, name, lang, vs, &doc,
	    &subject, &body) == -1)
		goto out;
	if (tok != NULL) {
		struct store_token st = { tok, c->id,
		    (char *)command_role_name((enum command_role)role),
		    (char *)to, c->version,
		    (long long)ctx->now + REQUEST_TOKEN_TTL, 0, body };
		if (store_token_add(ctx->st, &st) == -1)
			goto out;
	}
	memset(&om, 0, sizeof(om));
	om.case_id = c->id;
	om.kind = name;
	om.to_addr = to;
	om.to_name = to_applicant ? c->applicant_name : NULL;
	om.subject = subject;
	om.body = body;
	om.token = tok;
	if (to_applicant)
		in_reply_to = c->thread_msgid;
	if (in_reply_to != NULL) {
		om.in_reply_to = in_reply_to;
		refs[0] = in_reply_to;
		om.references = refs;
	}
	if (att != NULL && att->n > 0) {
		files = xreallocarray(NULL, att->n + 1, sizeof(*files));
		memcpy(files, att->v, att->n * sizeof(*files));
		nfiles = att->n;
	}
	if (doc.pdf_path != NULL) {
		files = xreallocarray(files, nfiles + 1, sizeof(*files));
		files[nfiles].filename = doc.filename;
		files[nfiles].content_type = "application/pdf";
		files[nfiles++].spool_path = doc.pdf_path;
	}
	om.attachments = files;
	om.nattachments = nfiles;
	if (outbox_enqueue(cfg, ctx->st, &om, &msgid) == -1)
		goto out;
	if (store_case_message_add(ctx->st, msgid, c->id, "out") == -1)
		goto out;
	if (doc.kind >= 0 && rq_doc_record(ctx, c, name, &doc, msgid) == -1)
		goto out;
	detail = xasprintf("%s to %s", name, to);
	rv = rq_event(ctx, c->id, "mail-queued", NULL, detail);
	free(detail);
out:
	free(err);
	free(subject);
	free(body);
	free(tok);
	free(addr);
	free(msgid);
	free(files);
	rq_doc_clear(&doc);
	rq_var(vs, "doc_number", "");
	rq_var(vs, "token_code", "");
	rq_var(vs, "reply_address", "");
	return rv;
}

int
rq_send_mail(struct request_ctx *ctx, const struct store_case *c,
    const char *name, const char *to, int role, struct vars *vs,
    const struct attlist *att)
{
	return rq_send_mail_in(ctx, c, name, to, role, vs, att, NULL);
}

/* An attachment of the draft: carried, and listed for the reviewer. */
struct draftatt {
	struct attlist	 l;
	GString		*text;
};

static int
collect_draft_attachment(void *arg, const struct store_attachment *a)
{
	struct draftatt *d = arg;

	g_string_append_printf(d->text, "%zu. %s（%s，%lld 字节 / bytes）\n"
	    "   SHA-256: %s\n", d->l.n + 1, a->filename, a->content_type ?
	    a->content_type : "application/octet-stream", a->size, a->sha256);
	return rq_collect_attachment(&d->l, a);
}

/* Notifies whoever now holds case c (a token for their step). */
int
rq_notify_step(struct request_ctx *ctx, const struct store_case *c,
    struct vars *vs)
{
	enum command_role step = rq_case_step(c);
	struct draftatt da = { { NULL, 0 }, NULL };
	const char *name;
	int rv;

	switch (step) {
	case COMMAND_ROLE_HANDLER:
		name = "handler_notice";
		break;
	case COMMAND_ROLE_RESPONSIBLE:
	case COMMAND_ROLE_SUPERVISING:
	case COMMAND_ROLE_APPROVER:
	case COMMAND_ROLE_LEADER:
	case COMMAND_ROLE_PRINCIPAL:
		name = "review_request";
		rq_var(vs, "review_level", role_title(step, "zh"));
		rq_var(vs, "draft_text", c->draft);
		/* The reviewer sees what goes out with the answer. */
		da.text = g_string_new(NULL);
		if (c->draft_mail_id > 0 && store_attachments_of(ctx->st,
		    c->draft_mail_id, collect_draft_attachment, &da) == -1) {
			rv = -1;
			goto out;
		}
		if (da.text->len > 0)
			g_string_truncate(da.text, da.text->len - 1);
		rq_var(vs, "attachments", da.text->str);
		break;
	case COMMAND_ROLE_HEAD:
		name = "extension_request";
		break;
	case COMMAND_ROLE_THIRD_PARTY:
		/* Art. 34's letter to an agency is not Art. 32's. */
		name = c->state != NULL && strcmp(c->state,
		    workflow_state_name(WF_AGENCY)) == 0 ? "agency_letter" :
		    "third_party_letter";
		break;
	default:
		return 0;	/* the applicant: their notice is sent apart */
	}
	rv = rq_send_mail(ctx, c, name, c->assignee, (int)step, vs,
	    da.l.n > 0 ? &da.l : NULL);
out:
	rq_attlist_free(&da.l);
	if (da.text != NULL)
		g_string_free(da.text, TRUE);
	return rv;
}

/* Fills the handler's view of the applicant (identity data masked). */
void
rq_vars_applicant_masked(struct vars *vs, const struct store_case *c)
{
	struct applicant_fields *f = rq_case_fields(c);
	GString *absent = g_string_new(NULL);
	size_t i;

	rq_var_take(vs, "applicant_id_number", c->id_number ?
	    fields_mask_id(c->id_number) : xstrdup(""));
	rq_var_take(vs, "applicant_phone", c->phone ?
	    fields_mask_phone(c->phone) : xstrdup(""));
	rq_var_take(vs, "request_description", fields_mask_text(c->description ?
	    c->description : (c->subject ? c->subject : "")));
	/* Every field the applicant left empty, for the handler to judge
	 * against Art. 29 (a 补正 asks for what is really needed). */
	for (i = 0; f->absent[i] != NULL; i++)
		g_string_append_printf(absent, "%s%s", i ? "、" : "",
		    f->absent[i]);
	rq_var(vs, "missing_fields", absent->str);
	g_string_free(absent, TRUE);
	fields_free(f);
}

int
request_case_mail(struct request_ctx *ctx, const char *case_id,
    const char *name, const char *to, int role,
    const struct template_var *extra, size_t nextra)
{
	struct store_case c;
	struct vars vs;
	size_t i;
	int r, rv = -1;

	memset(&c, 0, sizeof(c));
	if ((r = store_case_get(ctx->st, case_id, &c)) != 1) {
		if (r == 0)
			log_warnx("%s: no such case; %s not sent", case_id,
			    name);
		return -1;
	}
	if (to == NULL &&
	    (to = rq_role_address(ctx->cfg, &c, COMMAND_ROLE_HANDLER)) == NULL) {
		log_warnx("%s: no handler; %s not sent", case_id, name);
		store_case_clear(&c);
		return -1;
	}
	rq_vars_init(&vs);
	rq_vars_case(&vs, ctx, &c, "zh");
	rq_vars_applicant_masked(&vs, &c);
	for (i = 0; i < nextra; i++)
		rq_var(&vs, extra[i].name, extra[i].value);
	rv = rq_send_mail(ctx, &c, name, to, role, &vs, NULL);
	rq_vars_free(&vs);
	store_case_clear(&c);
	return rv;
}
