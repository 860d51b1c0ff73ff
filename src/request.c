/*
 * request.c - the request lifecycle by email.  See request.h.
 *
 * Everything here runs inside ingest's transaction: a change of state,
 * its events, the tokens it issues and the mails it causes are one
 * commit.  The decisions come from workflow.c's table; this file carries
 * out their effects: dates (calendar.c), tokens (token.c), texts
 * (template.c) and mail (outbox.c).
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <glib.h>

#include "address.h"
#include "authres.h"
#include "calendar.h"
#include "clock.h"
#include "command.h"
#include "config.h"
#include "fee.h"
#include "fields.h"
#include "log.h"
#include "mime.h"
#include "outbox.h"
#include "quote.h"
#include "request.h"
#include "role.h"
#include "screen.h"
#include "secrecy.h"
#include "store.h"
#include "summary.h"
#include "template.h"
#include "token.h"
#include "workflow.h"
#include "xmalloc.h"

/* The most characters of the sender's text and name an acknowledgment
 * repeats. */
#define REQUEST_ACK_SUMMARY	200
#define REQUEST_ACK_NAME	40

/* How long a reply token lives, in seconds. */
#define REQUEST_TOKEN_TTL	(90 * 24 * 3600)

static struct calendar	*req_cal;
static int		 req_cal_loaded;
static char		*req_tpl_dir;

void
request_reload(void)
{
	calendar_free(req_cal);
	req_cal = NULL;
	req_cal_loaded = 0;
	free(req_tpl_dir);
	req_tpl_dir = NULL;
}

/* The working-day calendar; NULL (weekdays only, provisional) if none. */
static const struct calendar *
cal(const struct config *cfg)
{
	char *path, *err = NULL;

	if (!req_cal_loaded) {
		path = calendar_path(cfg->calendar.holidays);
		if ((req_cal = calendar_load(path, &err)) == NULL) {
			log_warnx("calendar: %s; counting weekdays only, every "
			    "date provisional", err);
			free(err);
		}
		free(path);
		req_cal_loaded = 1;
	}
	return req_cal;
}

static const char *
tpl_dir(void)
{
	if (req_tpl_dir == NULL)
		req_tpl_dir = template_dir(NULL);
	return req_tpl_dir;
}

/* Today in the office's time zone, as a calendar day number. */
static int
today(const struct request_ctx *ctx)
{
	return clock_local_day(ctx->now, ctx->cfg->office.timezone, NULL);
}

/* YYYY-MM-DD of day d, into buf; returns buf. */
static char *
date_iso(int d, char buf[CALENDAR_DATE_LEN])
{
	return calendar_date_format(d, buf);
}

/* "2026年9月28日" or "28 September 2026" from YYYY-MM-DD. */
static char *
date_words(const char *iso, const char *lang)
{
	return clock_iso_words(iso, lang);
}

/* `n` working days after the date `from` (YYYY-MM-DD or day number). */
static char *
add_days(const struct request_ctx *ctx, int from, int n, int *provisional)
{
	int out, p = 0;

	char buf[CALENDAR_DATE_LEN];

	if (calendar_add(cal(ctx->cfg), from, n, &out, &p) == -1)
		out = from;
	if (provisional != NULL)
		*provisional |= p;
	return xstrdup(date_iso(out, buf));
}

static int
parse_date(const char *iso)
{
	int d = 0;

	if (iso != NULL)
		calendar_date_parse(iso, &d);
	return d;
}

/* ------------------------------------------------------------ variables */

/* Template variables: every known name present, "" unless set. */
struct vars {
	struct template_var	*v;
	char			**val;
	size_t			 n;
};

static void
vars_init(struct vars *vs)
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

static void
var(struct vars *vs, const char *name, const char *value)
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
static void
var_take(struct vars *vs, const char *name, char *value)
{
	var(vs, name, value);
	free(value);
}

static void
vars_free(struct vars *vs)
{
	size_t i;

	for (i = 0; i < vs->n; i++)
		free(vs->val[i]);
	free(vs->val);
	free(vs->v);
}

static const struct {
	const char *state, *zh, *en;
} state_words[] = {
	{ "received", "已受理，待经办", "received" },
	{ "correction", "待申请人补正", "awaiting correction" },
	{ "drafting", "经办中", "drafting" },
	{ "review", "审核中", "under review" },
	{ "extension", "延期待批", "extension awaiting the head" },
	{ "consulting", "征求第三方意见中", "consulting a third party" },
	{ "fee", "待缴费", "awaiting payment" },
	{ "answered", "已答复", "answered" },
	{ "withdrawn", "已撤回", "withdrawn" },
	{ "secrecy", "保密审查暂停，待审批人确认", "held by the secrecy check" },
};

static const char *
state_text(const char *state, const char *lang)
{
	size_t i;

	for (i = 0; i < G_N_ELEMENTS(state_words); i++)
		if (strcmp(state_words[i].state, state) == 0)
			return strcmp(lang, "en") == 0 ? state_words[i].en :
			    state_words[i].zh;
	return state;
}

static enum command_role
case_step(const struct store_case *c)
{
	enum command_role r = COMMAND_ROLE_HANDLER;

	if (c->step != NULL)
		command_role_parse(c->step, &r);
	return r;
}

/* Everything a template may say about a case. */
static void
vars_case(struct vars *vs, const struct request_ctx *ctx,
    const struct store_case *c, const char *lang)
{
	const struct config *cfg = ctx->cfg;
	enum command_role step = case_step(c);
	int en = strcmp(lang, "en") == 0;
	char buf[16], day[CALENDAR_DATE_LEN];

	var(vs, "office_name", cfg->office.name);
	var(vs, "office_address", cfg->office.address);
	var_take(vs, "date", date_words(date_iso(today(ctx), day), lang));
	var(vs, "case_id", c->id);
	/* No name given: a neutral salutation, nothing guessed. */
	var(vs, "applicant_name", c->applicant_name ? c->applicant_name :
	    (strcmp(lang, "en") == 0 ? "Applicant" : "申请人"));
	var(vs, "applicant_email", c->applicant_email);
	var(vs, "applicant_type", fields_type_label(c->applicant_type ?
	    c->applicant_type : "natural"));
	var(vs, "applicant_id_type", c->id_type);
	var(vs, "applicant_postal_address", c->postal_address);
	var(vs, "delivery_method", c->delivery);
	var(vs, "medium", c->medium);
	var(vs, "request_description", c->description ? c->description :
	    c->subject);
	/* the day the mail arrived, in the office's zone */
	var_take(vs, "received_date", date_words(c->receipt_date ?
	    c->receipt_date : day, lang));
	var_take(vs, "receipt_date", date_words(c->receipt_date, lang));
	snprintf(buf, sizeof(buf), "%u", cfg->deadlines.answer_days);
	var(vs, "days", buf);
	if (c->due_provisional) {
		var(vs, "due_text", en ? "within the statutory period of 20 "
		    "working days from the day after receipt" :
		    "自收到申请之日起20个工作日内");
		var(vs, "provisional_note", "暂定：该年度节假日安排尚未发布，"
		    "按周一至周五计算 / provisional: the year's holiday "
		    "calendar is not yet installed");
	}
	var_take(vs, "due_date", date_words(c->due_date, lang));
	var(vs, "state", state_text(c->state, lang));
	if (c->answer_type != NULL) {
		var(vs, "answer_type", c->answer_type);
		var(vs, "answer_label", command_answer_label(c->answer_type));
	}
	var(vs, "draft_text", c->draft);
	var(vs, "answer_text", c->draft);
	var(vs, "step_role", role_title(step, lang));
	var(vs, "step_person", c->assignee);
	var(vs, "division", c->division);
	{
		const struct config_division *d = config_division(cfg,
		    c->division ? c->division : cfg->office.default_division);
		var(vs, "handler", d ? d->handler : "");
	}
}

/* -------------------------------------------------------------- sending */

/* The address that holds `role` for case c; NULL if none. */
static const char *
role_address(const struct config *cfg, const struct store_case *c,
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
	case COMMAND_ROLE_SECRETARIAT:
		return cfg->office.secretariat;
	case COMMAND_ROLE_THIRD_PARTY:
		return c->third_party;
	}
	return NULL;
}

/* The case's applicant fields as a struct fields.c works on. */
static struct applicant_fields *
case_fields(const struct store_case *c)
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
static void
fields_to_case(const struct applicant_fields *f, struct store_case *c)
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

static int
event(struct request_ctx *ctx, const char *case_id, const char *type,
    const char *actor, const char *detail)
{
	return store_event_add(ctx->st, case_id, ctx->now, type, actor, detail,
	    ctx->mail_id);
}

/* Attachments of mail `mail_id`, for an answer. */
struct attlist {
	struct outbox_attachment *v;
	size_t		 n;
};

static int
collect_attachment(void *arg, const struct store_attachment *a)
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

static void
attlist_free(struct attlist *l)
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
static int
send_mail_in(struct request_ctx *ctx, const struct store_case *c,
    const char *name, const char *to, int role, struct vars *vs,
    const struct attlist *att, const char *in_reply_to)
{
	const struct config *cfg = ctx->cfg;
	int to_applicant = c->applicant_email != NULL &&
	    strcasecmp(to, c->applicant_email) == 0;
	const char *lang = to_applicant && c->lang ? c->lang : "zh";
	const char *refs[2] = { NULL, NULL };
	char *subject = NULL, *body = NULL, *err = NULL, *tok = NULL;
	char *msgid = NULL, *addr = NULL, *detail;
	struct outmail om;
	int rv = -1;

	if (to == NULL || *to == '\0') {
		log_warnx("%s: no address for %s; not sent", c->id, name);
		return event(ctx, c->id, "not-sent", NULL, name);
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
		var(vs, "token_code", tok);
		var(vs, "reply_address", addr);
	}
	/* The applicant is told the statutory period, never a provisional
	 * date (doc/lifecycle.md, "Provisional dates"). */
	if (to_applicant && c->due_provisional) {
		var(vs, "due_date", "");
		var(vs, "new_due_date", "");
	}
	if (template_render(tpl_dir(), name, lang, vs->v, vs->n, &subject,
	    &body, &err) == -1) {
		log_warnx("%s: template %s: %s", c->id, name, err);
		goto out;
	}
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
	if (att != NULL) {
		om.attachments = att->v;
		om.nattachments = att->n;
	}
	if (outbox_enqueue(cfg, ctx->st, &om, &msgid) == -1)
		goto out;
	if (store_case_message_add(ctx->st, msgid, c->id, "out") == -1)
		goto out;
	detail = xasprintf("%s to %s", name, to);
	rv = event(ctx, c->id, "mail-queued", NULL, detail);
	free(detail);
out:
	free(err);
	free(subject);
	free(body);
	free(tok);
	free(addr);
	free(msgid);
	var(vs, "token_code", "");
	var(vs, "reply_address", "");
	return rv;
}

static int
send_mail(struct request_ctx *ctx, const struct store_case *c,
    const char *name, const char *to, int role, struct vars *vs,
    const struct attlist *att)
{
	return send_mail_in(ctx, c, name, to, role, vs, att, NULL);
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
	return collect_attachment(&d->l, a);
}

/* Notifies whoever now holds case c (a token for their step). */
static int
notify_step(struct request_ctx *ctx, const struct store_case *c,
    struct vars *vs)
{
	enum command_role step = case_step(c);
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
		name = "review_request";
		var(vs, "review_level", role_title(step, "zh"));
		var(vs, "draft_text", c->draft);
		/* The reviewer sees what goes out with the answer. */
		da.text = g_string_new(NULL);
		if (c->draft_mail_id > 0 && store_attachments_of(ctx->st,
		    c->draft_mail_id, collect_draft_attachment, &da) == -1) {
			rv = -1;
			goto out;
		}
		if (da.text->len > 0)
			g_string_truncate(da.text, da.text->len - 1);
		var(vs, "attachments", da.text->str);
		break;
	case COMMAND_ROLE_HEAD:
		name = "extension_request";
		break;
	case COMMAND_ROLE_THIRD_PARTY:
		name = "third_party_letter";
		break;
	default:
		return 0;	/* the applicant: their notice is sent apart */
	}
	rv = send_mail(ctx, c, name, c->assignee, (int)step, vs,
	    da.l.n > 0 ? &da.l : NULL);
out:
	attlist_free(&da.l);
	if (da.text != NULL)
		g_string_free(da.text, TRUE);
	return rv;
}

/* Fills the handler's view of the applicant (identity data masked). */
static void
vars_applicant_masked(struct vars *vs, const struct store_case *c)
{
	struct applicant_fields *f = case_fields(c);
	GString *absent = g_string_new(NULL);
	size_t i;

	var_take(vs, "applicant_id_number", c->id_number ?
	    fields_mask_id(c->id_number) : xstrdup(""));
	var_take(vs, "applicant_phone", c->phone ?
	    fields_mask_phone(c->phone) : xstrdup(""));
	var_take(vs, "request_description", fields_mask_text(c->description ?
	    c->description : (c->subject ? c->subject : "")));
	/* Every field the applicant left empty, for the handler to judge
	 * against Art. 29 (a 补正 asks for what is really needed). */
	for (i = 0; f->absent[i] != NULL; i++)
		g_string_append_printf(absent, "%s%s", i ? "、" : "",
		    f->absent[i]);
	var(vs, "missing_fields", absent->str);
	g_string_free(absent, TRUE);
	fields_free(f);
}

/* ------------------------------------------------------------- opening */

/* "en" when the mail holds no CJK character at all. */
static const char *
mail_language(const struct message *m)
{
	const char *parts[] = { m->subject, m->text };
	size_t i;

	for (i = 0; i < G_N_ELEMENTS(parts); i++) {
		const char *p = parts[i];

		for (; p != NULL && *p; p = g_utf8_next_char(p)) {
			gunichar u = g_utf8_get_char(p);
			if (g_unichar_get_script(u) == G_UNICODE_SCRIPT_HAN)
				return "zh";
		}
	}
	return "en";
}

int
request_ack_allowed(const struct config *cfg, struct store *st,
    const char *addr, time_t now)
{
	const char *tz = cfg->office.timezone, *at = strrchr(addr, '@');
	int day = clock_local_day(now, tz, NULL);
	long long n;
	/* Today in the office's time zone, as [from, to). */
	time_t from = clock_day_start(day, tz), to = clock_day_start(day + 1,
	    tz);
	if ((n = store_ack_count(st, addr, NULL, from, to)) == -1)
		return -1;
	if (n >= (long long)cfg->security.ack_limit_address)
		return 0;
	if (at == NULL)
		return 1;
	if ((n = store_ack_count(st, NULL, at + 1, from, to)) == -1)
		return -1;
	return n < (long long)cfg->security.ack_limit_domain;
}

int
request_open(struct request_ctx *ctx, char *case_id, size_t len)
{
	const struct config *cfg = ctx->cfg;
	const struct message *m = ctx->msg;
	struct applicant_fields *f = fields_parse(m->text);
	struct store_case c;
	struct vars vs;
	char *id = NULL, *subject = xstrcut(m->subject, 200), *detail;
	char day[CALENDAR_DATE_LEN];
	int d = today(ctx), prov = 0, rv = -1;

	memset(&c, 0, sizeof(c));
	vars_init(&vs);
	id = store_case_open(ctx->st, cfg->office.case_prefix, calendar_date_year(d),
	    "request", "received", ctx->now, m->from.addr, f->name, subject,
	    ctx->mail_id);
	if (id == NULL || store_case_get(ctx->st, id, &c) != 1)
		goto out;
	g_strlcpy(case_id, id, len);
	store_case_setstr(&c.step, "handler");
	store_case_setstr(&c.division, cfg->office.default_division);
	store_case_setstr(&c.assignee, role_address(cfg, &c,
	    COMMAND_ROLE_HANDLER));
	store_case_setstr(&c.lang, mail_language(m));
	store_case_setstr(&c.thread_msgid, m->message_id);
	store_case_setstr(&c.applicant_type, f->type);
	store_case_setstr(&c.id_type, f->id_type);
	store_case_setstr(&c.id_number, f->id_number);
	store_case_setstr(&c.phone, f->phone);
	store_case_setstr(&c.postal_address, f->address);
	store_case_setstr(&c.description, f->description);
	store_case_setstr(&c.delivery, f->delivery);
	store_case_setstr(&c.medium, f->medium);
	c.fee_fen = -1;
	/* Art. 31(3): received the day both sides confirm, the day of the
	 * acknowledgment; counting starts the next working day. */
	store_case_setstr(&c.receipt_date, date_iso(d, day));
	free(c.due_date);
	c.due_date = add_days(ctx, d, (int)cfg->deadlines.answer_days, &prov);
	c.due_provisional = prov;
	if (store_case_put(ctx->st, &c) == -1)
		goto out;

	if (event(ctx, id, "received", m->from.addr, subject) == -1)
		goto out;
	detail = xasprintf("answer due %s%s: %u working days from the day "
	    "after %s", c.due_date, prov ? " (provisional)" : "",
	    cfg->deadlines.answer_days, c.receipt_date);
	rv = event(ctx, id, "clock", NULL, detail);
	free(detail);
	if (rv == -1)
		goto out;
	rv = -1;

	vars_case(&vs, ctx, &c, c.lang);
	/* Sent to an address anyone can forge: the sender's own words only
	 * as a short, defanged summary (the case keeps them whole). */
	var_take(&vs, "request_description", summary_inert(c.description ?
	    c.description : c.subject, REQUEST_ACK_SUMMARY));
	if (c.applicant_name != NULL)
		var_take(&vs, "applicant_name", summary_inert(c.applicant_name,
		    REQUEST_ACK_NAME));
	/* The applicant's token vouches for their mail in the thread. */
	if (send_mail(ctx, &c, "ack", c.applicant_email,
	    COMMAND_ROLE_APPLICANT, &vs, NULL) == -1)
		goto out;
	vars_free(&vs);
	vars_init(&vs);
	vars_case(&vs, ctx, &c, "zh");
	vars_applicant_masked(&vs, &c);
	if (send_mail(ctx, &c, "handler_notice", c.assignee,
	    COMMAND_ROLE_HANDLER, &vs, NULL) == -1)
		goto out;
	ctx->result = "new-request";
	rv = 0;
out:
	store_case_clear(&c);
	vars_free(&vs);
	fields_free(f);
	free(id);
	free(subject);
	return rv;
}

/* ------------------------------------------------------------ replies */

/*
 * DMARC as doc/mail.md says: the topmost Authentication-Results
 * stamped by authserv_id says dmarc=pass for the domain of the single
 * From, or dkim=pass aligned with it (authres.c reads the field).
 */
static int
dmarc_pass(const struct config *cfg, const struct message *m)
{
	const char *dom;

	if (m->from_count != 1 || m->from.addr == NULL ||
	    (dom = strrchr(m->from.addr, '@')) == NULL)
		return 0;
	return authres_from_pass((const char *const *)m->auth_results.v,
	    m->auth_results.n, cfg->security.authserv_id, dom + 1);
}

/*
 * Whether a reply may command: NULL when it may, else a reason code:
 * "replay", "expired", "forged-token", "stale", "wrong-sender", "dmarc".
 */
/*
 * Whether the mail comes from the token's holder: its MAC verifies, the
 * single From is the recipient it was issued to (and, when `person` is
 * not NULL, that recipient is `person`), and DMARC passes when required.
 * NULL, or "forged-token", "wrong-sender", "dmarc".
 */
static const char *
token_holder(struct request_ctx *ctx, const struct store_token *t,
    const char *person)
{
	const struct config *cfg = ctx->cfg;
	const struct message *m = ctx->msg;
	struct token_claims tc = { t->case_id, t->step, t->recipient,
	    t->version, t->expires_at };

	if (token_verify(cfg->security.secret, cfg->security.secret_len,
	    t->token, &tc) == -1)
		return "forged-token";
	if (m->from_count != 1 || m->from.addr == NULL ||
	    strcasecmp(m->from.addr, t->recipient) != 0 ||
	    (person != NULL && strcasecmp(t->recipient, person) != 0))
		return "wrong-sender";
	if (cfg->security.require_dmarc && !dmarc_pass(cfg, m))
		return "dmarc";
	return NULL;
}

static const char *
authorise(struct request_ctx *ctx, const struct store_token *t,
    const struct store_case *c)
{
	const char *why;

	if ((why = token_holder(ctx, t, NULL)) != NULL)
		return why;
	if (t->spent_at != 0)
		return "replay";
	if (t->expires_at < (long long)ctx->now)
		return "expired";
	if (t->version != c->version || c->step == NULL ||
	    strcmp(t->step, c->step) != 0)
		return "stale";
	return NULL;
}

static const struct {
	const char *code, *zh, *en;
	int alert;		/* the secretariat is told */
} refusals[] = {
	{ "replay", "该回复码已经使用过，邮件可能被重放。",
	    "the reply code was already used; the mail may be a replay", 1 },
	{ "expired", "该回复码已过期。", "the reply code has expired", 0 },
	{ "forged-token", "回复码无效。", "the reply code is not valid", 1 },
	{ "stale", "案件已进入其他环节，该回复码已失效。",
	    "the case has moved on; the reply code no longer applies", 0 },
	{ "wrong-sender", "发件人不是该回复码的持有人。",
	    "the sender is not the person the reply code was issued to", 1 },
	{ "dmarc", "发件人身份未通过DMARC验证，可能是伪造邮件。",
	    "the sender failed DMARC authentication; the mail may be forged",
	    1 },
};

/*
 * Nothing applied: the person the token was issued to is told (not the
 * case's current holder: a replayed token is no longer theirs), maybe
 * the secretariat; `command` is the first line the sender wrote.
 */
static int
refuse(struct request_ctx *ctx, const struct store_case *c,
    const struct store_token *t, const char *code, const char *command)
{
	const struct message *m = ctx->msg;
	struct vars vs;
	enum command_role trole = COMMAND_ROLE_HANDLER;
	size_t i;
	int alert = 1, rv = -1;
	char *detail;
	const char *why = code;

	for (i = 0; i < G_N_ELEMENTS(refusals); i++)
		if (strcmp(refusals[i].code, code) == 0) {
			why = refusals[i].zh;
			alert = refusals[i].alert;
		}
	detail = xasprintf("%s: a command for %s (%s) from %s refused", code,
	    t->recipient, t->step, m->from.addr ? m->from.addr : "?");
	if (event(ctx, c->id, "refused", m->from.addr, detail) == -1)
		goto out;
	vars_init(&vs);
	vars_case(&vs, ctx, c, "zh");
	command_role_parse(t->step, &trole);
	var(&vs, "step_person", t->recipient);
	var(&vs, "step_role", role_title(trole, "zh"));
	var(&vs, "command", command);
	var(&vs, "reason", why);
	var(&vs, "sender", m->from.addr);
	var(&vs, "recipient", t->recipient);
	var(&vs, "message_id", m->message_id);
	var(&vs, "mail_subject", m->subject);
	/* Never to the claimed sender: to the address on record. */
	if (send_mail(ctx, c, "refused_notice", t->recipient, -1, &vs,
	    NULL) == -1 ||
	    (alert && send_mail(ctx, c, "forgery_alert",
	    ctx->cfg->office.secretariat, -1, &vs, NULL) == -1)) {
		vars_free(&vs);
		goto out;
	}
	vars_free(&vs);
	ctx->result = "refused";
	rv = 0;
out:
	free(detail);
	return rv;
}

/* The first non-blank line of the authored text, for transcripts. */
static char *
first_line(const char *text)
{
	const char *p = text;
	size_t n;

	while (*p == '\n' || *p == ' ' || *p == '\t')
		p++;
	n = strcspn(p, "\n");
	return xstrndup(p, n > 200 ? 200 : n);
}

/* The transcript to the sender; a fresh token when they still hold it. */
static int
transcript(struct request_ctx *ctx, const struct store_case *c,
    const char *to, enum command_role role, const char *command,
    const char *result, const char *reason)
{
	struct vars vs;
	int holds = c->step != NULL && c->assignee != NULL &&
	    strcmp(c->step, command_role_name(role)) == 0 &&
	    strcasecmp(c->assignee, to) == 0 &&
	    strcmp(c->state, "answered") != 0 &&
	    strcmp(c->state, "withdrawn") != 0;
	int rv;

	vars_init(&vs);
	vars_case(&vs, ctx, c, "zh");
	var(&vs, "command", command);
	var(&vs, "result", result);
	var(&vs, "reason", reason);
	var(&vs, "sender", to);
	rv = send_mail_in(ctx, c, "transcript", to, holds ? (int)role : -1,
	    &vs, NULL, ctx->msg->message_id);
	vars_free(&vs);
	return rv;
}

static int
help_reply(struct request_ctx *ctx, const struct store_case *c,
    const char *to, enum command_role role, const struct command *cmd,
    const char *command)
{
	struct vars vs;
	char *usage = command_usage(role);
	int rv;

	/* The template says the reason, then the commands. */
	vars_init(&vs);
	vars_case(&vs, ctx, c, "zh");
	var(&vs, "command", command);
	var(&vs, "reason", cmd->reason);
	var(&vs, "help_text", usage);
	rv = send_mail_in(ctx, c, "help", to, -1, &vs, NULL,
	    ctx->msg->message_id);
	vars_free(&vs);
	free(usage);
	if (rv == 0)
		rv = event(ctx, c->id, "help", to, cmd->reason);
	ctx->result = "help";
	return rv;
}

/*
 * The working days the clock stood still, up to day `to`, added to the
 * due date; the pause is recorded (sweep.c recomputes a provisional date
 * from it) and explained by a "clock" event.
 */
static int
clock_resume_until(struct request_ctx *ctx, struct store_case *c, int to)
{
	int from = parse_date(c->paused_on), n = 0, p = 0, rv;
	char a[CALENDAR_DATE_LEN], b[CALENDAR_DATE_LEN], *detail;

	if (from == 0 || c->due_date == NULL)
		return 0;
	calendar_count(cal(ctx->cfg), from, to, &n, &p);
	if (n > 0) {
		char *due = add_days(ctx, parse_date(c->due_date), n,
		    &c->due_provisional);
		free(c->due_date);
		c->due_date = due;
	}
	store_case_setstr(&c->paused_on, NULL);
	if (n < 0)
		n = 0;
	if (store_clock_part_add(ctx->st, c->id, "pause", date_iso(from, a),
	    date_iso(to, b), n, ctx->now) == -1)
		return -1;
	detail = xasprintf("answer due %s%s: the clock stood still from %s "
	    "to %s, %d working days not counted", c->due_date,
	    c->due_provisional ? " (provisional)" : "", a, b, n);
	rv = event(ctx, c->id, "clock", NULL, detail);
	free(detail);
	return rv;
}

static int
clock_resume(struct request_ctx *ctx, struct store_case *c)
{
	return clock_resume_until(ctx, c, today(ctx));
}

/* "35件" or "250页" in a FEE basis; the fee in fen, -1 if neither. */
static long long
fee_from_basis(const char *basis, char **lines)
{
	const char *p;

	for (p = basis; *p; p++) {
		if (!isdigit((unsigned char)*p))
			continue;
		{
			char *end;
			long n = strtol(p, &end, 10);

			long long yuan = -1;

			if (n > 0 && n <= FEE_ITEMS_MAX &&
			    strncmp(end, "件", 3) == 0 &&
			    (yuan = fee_per_item(0, (int)n)) >= 0)
				*lines = fee_explain_items(0, (int)n);
			else if (n > 0 && n < 100000 &&
			    strncmp(end, "页", 3) == 0 &&
			    (yuan = fee_per_page((int)n)) >= 0)
				*lines = fee_explain_pages((int)n);
			if (yuan >= 0)
				return yuan * 100;
			p = end - 1;
		}
	}
	return -1;
}

/* The reason given with the newest EXTEND (its event: "extend: …"). */
static int
extension_reason_of(void *arg, const struct store_event *e)
{
	char **reason = arg;
	const char *p = e->detail;

	if (strcmp(e->type, command_kind_name(COMMAND_EXTEND)) != 0 ||
	    p == NULL)
		return 0;
	if (strncmp(p, "extend: ", 8) == 0)
		p += 8;
	free(*reason);
	*reason = xstrdup(p);
	return 0;
}

/*
 * What the handler is told when the head or a third party answers: the
 * decision in words, with its reason or comment.
 */
static char *
told_handler(const struct store_case *c, enum command_role role,
    const struct command *cmd)
{
	const char *who = role_title(role, "zh"), *arg = cmd->argument;
	const char *tp = c->third_party ? c->third_party : "";
	int has = *arg != '\0';
	char *due, *s;

	switch (cmd->kind) {
	case COMMAND_AGREE:
		return xasprintf("%s（%s）同意公开。%s%s", who, tp,
		    has ? "说明：" : "", arg);
	case COMMAND_OBJECT:
		return xasprintf("%s（%s）不同意公开%s%s", who, tp,
		    has ? "，理由：" : "。", arg);
	case COMMAND_APPROVE:
		due = date_words(c->due_date, "zh");
		s = xasprintf("%s同意延长答复期限，答复期限延长至%s。%s%s", who,
		    due, has ? "意见：" : "", arg);
		free(due);
		return s;
	case COMMAND_REJECT:
		return xasprintf("%s不同意延长答复期限%s%s", who,
		    has ? "，理由：" : "。", arg);
	default:
		return xstrdup(arg);
	}
}

/* Carries out what the workflow decided; *result says what it did. */
static int
apply(struct request_ctx *ctx, struct store_case *c, enum command_role role,
    const struct command *cmd, const struct wf_outcome *out,
    GString *result)
{
	const struct config *cfg = ctx->cfg;
	const char *prev_state = c->state;
	struct vars vs;
	struct attlist att = { NULL, 0 };
	char *fee_lines = NULL, *prev = xstrdup(prev_state);
	char *old_due = c->due_date ? xstrdup(c->due_date) : NULL;
	char day[CALENDAR_DATE_LEN], days[16];
	int d = today(ctx), rv = -1;

	vars_init(&vs);
	store_case_setstr(&c->state, workflow_state_name(out->next));
	store_case_setstr(&c->step, command_role_name(out->step));
	if (cmd->kind == COMMAND_APPROVE)
		g_string_append(result, "已同意。");
	else if (cmd->kind == COMMAND_REJECT)
		g_string_append(result, "已退回。");
	else if (cmd->kind == COMMAND_NOTE)
		g_string_append(result, "备注已记录。");

	if (out->effects & WF_FX_ASSIGN) {
		store_case_setstr(&c->division, cmd->division);
		g_string_append_printf(result, "转办至%s。", cmd->division);
	}
	if (out->effects & WF_FX_SET) {
		struct applicant_fields *f = case_fields(c);

		/* request_reply() checked that the field is known. */
		fields_set(f, cmd->field, cmd->value);
		fields_to_case(f, c);
		fields_free(f);
		g_string_append_printf(result, "已更正“%s”。", cmd->field);
	}
	if (out->effects & WF_FX_DRAFT) {
		if (cmd->type != NULL)
			store_case_setstr(&c->answer_type, cmd->type);
		if (*cmd->argument != '\0')
			store_case_setstr(&c->draft, cmd->argument);
		if (ctx->msg->nattachments > 0)
			c->draft_mail_id = ctx->mail_id;
		g_string_append(result, "草稿已提交审核。");
	}
	if (out->effects & WF_FX_PAUSE) {
		store_case_setstr(&c->paused_on, date_iso(d, day));
		g_string_append(result, "答复期限暂停计算。");
	}
	if (out->effects & WF_FX_RESUME) {
		if (clock_resume(ctx, c) == -1)
			goto out;
		g_string_append(result, "答复期限恢复计算。");
	}
	if (out->effects & WF_FX_EXT_REQUEST) {
		store_case_setstr(&c->resume_state, prev);
		g_string_append(result, "延期申请已报送负责人。");
	}
	if (out->effects & WF_FX_EXTEND) {
		char *due = add_days(ctx, parse_date(c->due_date),
		    (int)cfg->deadlines.extension_days, &c->due_provisional);
		char *detail = xasprintf("answer due %s, extended by %u "
		    "working days from %s with the head's consent", due,
		    cfg->deadlines.extension_days, c->due_date);

		free(c->due_date);
		c->due_date = due;
		c->extension_used = 1;
		if (store_clock_part_add(ctx->st, c->id, "extension",
		    date_iso(d, day), NULL, (int)cfg->deadlines.extension_days,
		    ctx->now) == -1 ||
		    event(ctx, c->id, "clock", NULL, detail) == -1) {
			free(detail);
			goto out;
		}
		free(detail);
		g_string_append_printf(result, "答复期限延长至%s。", due);
	}
	if (out->effects & WF_FX_CONSULT) {
		store_case_setstr(&c->third_party, cmd->address);
		g_string_append_printf(result, "已向%s征求意见。", cmd->address);
	}
	if (out->effects & WF_FX_CORRECTION)
		c->correction_used = 1;
	if (out->effects & WF_FX_FEE) {
		long long fen = fee_from_basis(cmd->argument, &fee_lines);

		c->fee_fen = fen >= 0 ? fen : cmd->amount;
		g_string_append_printf(result, "收费通知已发出（%lld.%02lld元）。",
		    c->fee_fen / 100, c->fee_fen % 100);
	}
	if (out->effects & WF_FX_CLEARED) {
		char *detail = xasprintf("保密审查：审批人确认可以发送。理由：%s",
		    cmd->argument);

		if (event(ctx, c->id, "secrecy-cleared", ctx->msg->from.addr,
		    detail) == -1) {
			free(detail);
			goto out;
		}
		free(detail);
		g_string_append(result, "保密审查已确认。");
	}
	if (out->effects & WF_FX_SECRECY)
		g_string_append(result, "保密审查发现问题，答复未发送申请人，"
		    "已告知主管处室和秘书处，待审批人确认。");
	if (out->effects & WF_FX_ANSWER) {
		c->closed_at = ctx->now;
		g_string_append(result, "答复书已发送申请人，本案办结。");
	}
	c->version++;
	store_case_setstr(&c->assignee, role_address(cfg, c, out->step));
	if ((out->effects & (WF_FX_NOTIFY | WF_FX_TELL_HANDLER)) &&
	    c->assignee != NULL)
		g_string_append_printf(result, "已送%s（%s）。",
		    role_title(out->step, "zh"), c->assignee);
	/* Never empty: the transcript reads "" as nothing applied. */
	if (result->len == 0)
		g_string_append(result, "已执行。");
	if (store_case_put(ctx->st, c) == -1)
		goto out;

	/* The mails, now that the case is what it will be. */
	vars_case(&vs, ctx, c, c->lang ? c->lang : "zh");
	if (out->effects & WF_FX_CORRECTION) {
		/* The window given in the notice; sweep.c closes the case
		 * when it has passed without a correction. */
		char *dl = add_days(ctx, d,
		    (int)cfg->deadlines.correction_window_days, NULL);

		var(&vs, "correction_items", cmd->argument);
		var_take(&vs, "correction_deadline", date_words(dl,
		    c->lang ? c->lang : "zh"));
		free(dl);
		if (send_mail(ctx, c, "correction_notice", c->applicant_email,
		    COMMAND_ROLE_APPLICANT, &vs, NULL) == -1)
			goto out;
	}
	if (out->effects & WF_FX_FEE) {
		char amount[32], *dl = add_days(ctx, d,
		    (int)cfg->deadlines.fee_payment_days, NULL);

		snprintf(amount, sizeof(amount), "%lld.%02lld",
		    c->fee_fen / 100, c->fee_fen % 100);
		var(&vs, "fee_amount", amount);
		var(&vs, "fee_basis", cmd->argument);
		var(&vs, "fee_lines", fee_lines ? fee_lines : cmd->argument);
		snprintf(days, sizeof(days), "%u",
		    cfg->deadlines.fee_payment_days);
		var(&vs, "fee_days", days);
		var(&vs, "fee_mode", strstr(cmd->argument, "页") ? "按量计收" :
		    "按件计收");
		var(&vs, strstr(cmd->argument, "页") ? "fee_by_volume" :
		    "fee_by_item", "1");
		var_take(&vs, "fee_deadline", date_words(dl, c->lang));
		free(dl);
		if (send_mail(ctx, c, "fee_notice", c->applicant_email, -1, &vs,
		    NULL) == -1)
			goto out;
	}
	if (out->effects & WF_FX_EXTEND) {
		char *reason = NULL, *when;

		if (store_events_of(ctx->st, c->id, extension_reason_of,
		    &reason) == -1)
			goto out;
		/* due_date: the date that could not be kept. */
		var_take(&vs, "due_date", date_words(old_due, c->lang));
		var_take(&vs, "new_due_date", date_words(c->due_date, c->lang));
		snprintf(days, sizeof(days), "%u",
		    cfg->deadlines.extension_days);
		var(&vs, "extension_days", days);
		var(&vs, "extension_reason", reason);
		free(reason);
		when = date_words(date_iso(d, day), "zh");
		var_take(&vs, "head_consent", xasprintf("%s，%s", when,
		    ctx->msg->from.addr));
		free(when);
		if (send_mail(ctx, c, "extension_notice", c->applicant_email,
		    -1, &vs, NULL) == -1)
			goto out;
	}
	if (out->effects & WF_FX_ANSWER) {
		char *tname = template_answer_name(c->answer_type ?
		    c->answer_type : "disclose");
		if (c->draft_mail_id > 0 &&
		    store_attachments_of(ctx->st, c->draft_mail_id,
		    collect_attachment, &att) == -1) {
			free(tname);
			goto out;
		}
		{
			GString *names = g_string_new(NULL);
			size_t i;

			for (i = 0; i < att.n; i++)
				g_string_append_printf(names, "%s%s",
				    i ? "、" : "", att.v[i].filename);
			var(&vs, "attachments", names->str);
			g_string_free(names, TRUE);
		}
		rv = send_mail(ctx, c, tname ? tname : "answer_disclose",
		    c->applicant_email, -1, &vs, &att);
		free(tname);
		if (rv == -1)
			goto out;
		rv = -1;
	}
	if (out->effects & (WF_FX_NOTIFY | WF_FX_TELL_HANDLER |
	    WF_FX_CONSULT | WF_FX_EXT_REQUEST)) {
		vars_free(&vs);
		vars_init(&vs);
		vars_case(&vs, ctx, c, "zh");
		vars_applicant_masked(&vs, c);
		var(&vs, "comment", cmd->argument);
		if (out->effects & WF_FX_TELL_HANDLER)
			var_take(&vs, "comment", told_handler(c, role, cmd));
		else if (cmd->kind == COMMAND_REJECT)
			var(&vs, "rejected_by", role_title(role, "zh"));
		if (cmd->kind == COMMAND_EXTEND) {
			char *nd;

			var(&vs, "extension_reason", cmd->argument);
			snprintf(days, sizeof(days), "%u",
			    cfg->deadlines.extension_days);
			var(&vs, "extension_days", days);
			nd = add_days(ctx, parse_date(c->due_date),
			    (int)cfg->deadlines.extension_days, NULL);
			var_take(&vs, "new_due_date", date_words(nd, "zh"));
			free(nd);
		}
		if (cmd->kind == COMMAND_CONSULT) {
			char *dl = add_days(ctx, d,
			    (int)cfg->deadlines.third_party_days, NULL);

			snprintf(days, sizeof(days), "%u",
			    cfg->deadlines.third_party_days);
			var(&vs, "third_party_name", cmd->address);
			var(&vs, "consult_question", cmd->argument);
			var(&vs, "consult_days", days);
			var_take(&vs, "consult_deadline", date_words(dl, "zh"));
			free(dl);
		}
		if (notify_step(ctx, c, &vs) == -1)
			goto out;
	}
	rv = 0;
out:
	attlist_free(&att);
	vars_free(&vs);
	free(fee_lines);
	free(prev);
	free(old_due);
	return rv;
}

/*
 * The secrecy check of the answer about to go (screen.h): the draft and
 * the attachments that go with it.  1 when something was found (*hits
 * says what), 0 when nothing was, -1 when the database failed.
 */
static int
screen_answer(struct request_ctx *ctx, const struct store_case *c,
    struct secrecy_hits *hits)
{
	struct attlist att = { NULL, 0 };
	struct screen_file *f;
	size_t i, n;

	if (c->draft_mail_id > 0 && store_attachments_of(ctx->st,
	    c->draft_mail_id, collect_attachment, &att) == -1) {
		attlist_free(&att);
		return -1;
	}
	f = xcalloc(att.n + 1, sizeof(*f));
	for (i = 0; i < att.n; i++) {
		f[i].name = att.v[i].filename;
		f[i].content_type = att.v[i].content_type;
		f[i].spool_path = att.v[i].spool_path;
	}
	n = screen_document(ctx->cfg, c->draft, f, att.n, hits);
	free(f);
	attlist_free(&att);
	return n > 0 ? 1 : 0;
}

/*
 * The answer was held (WF_FX_SECRECY): the finding in the history; the
 * supervising reviewer and the secretariat told what was found where;
 * the approver asked, in the thread of their approval and with a token,
 * to clear it or send the draft back.  That mail is their transcript.
 */
static int
secrecy_held(struct request_ctx *ctx, const struct store_case *c,
    const struct secrecy_hits *hits, const char *command)
{
	const struct config *cfg = ctx->cfg;
	struct vars vs;
	char *found = secrecy_describe(hits), *detail;
	size_t n = strlen(found);
	int rv = -1;

	while (n > 0 && found[n - 1] == '\n')
		found[--n] = '\0';
	detail = xasprintf("保密审查：答复未发送，待审批人确认。\n%s", found);
	vars_init(&vs);
	if (event(ctx, c->id, "secrecy-hold", NULL, detail) == -1)
		goto out;
	vars_case(&vs, ctx, c, "zh");
	var(&vs, "secrecy_findings", found);
	var(&vs, "command", command);
	var(&vs, "sender", ctx->msg->from.addr);
	if (send_mail(ctx, c, "secrecy_alert", role_address(cfg, c,
	    COMMAND_ROLE_SUPERVISING), -1, &vs, NULL) == -1 ||
	    send_mail(ctx, c, "secrecy_alert", role_address(cfg, c,
	    COMMAND_ROLE_SECRETARIAT), -1, &vs, NULL) == -1 ||
	    send_mail_in(ctx, c, "secrecy_request", c->assignee,
	    COMMAND_ROLE_APPROVER, &vs, NULL, ctx->msg->message_id) == -1)
		goto out;
	rv = 0;
out:
	vars_free(&vs);
	free(found);
	free(detail);
	return rv;
}

/* Whether SET FIELD VALUE names a field fields.c knows and can take. */
static int
settable(const struct store_case *c, const struct command *cmd)
{
	struct applicant_fields *f = case_fields(c);
	int ok = fields_set(f, cmd->field, cmd->value) == 0;

	fields_free(f);
	return ok;
}

int
request_reply(struct request_ctx *ctx, const char *case_id, const char *token)
{
	const struct message *m = ctx->msg;
	struct store_case c;
	struct store_token t;
	struct command *cmd = NULL;
	struct wf_case wc;
	struct wf_outcome out;
	struct secrecy_hits hits = { NULL, 0, 0 };
	enum command_role role = COMMAND_ROLE_HANDLER;
	enum wf_state st, resume = WF_DRAFTING;
	GString *result = g_string_new(NULL);
	char **sent = NULL, *authored = NULL, *line = NULL, *detail = NULL;
	const char *why;
	int rv = -1;

	memset(&c, 0, sizeof(c));
	memset(&t, 0, sizeof(t));
	if (store_case_get(ctx->st, case_id, &c) != 1 ||
	    store_token_get(ctx->st, token, &t) != 1)
		goto out;
	command_role_parse(t.step, &role);
	sent = g_strsplit(t.sent_text ? t.sent_text : "", "\n", -1);
	authored = quote_authored(m->text, (const char *const *)sent,
	    TEMPLATE_MARKER);
	/* Every reason, comment and quoted first line comes from here: no
	 * office reply address (a live token) goes on from it. */
	detail = quote_scrub_office(authored, ctx->cfg->office.address, token);
	free(authored);
	authored = detail;
	detail = NULL;
	line = first_line(authored);
	if ((why = authorise(ctx, &t, &c)) != NULL) {
		rv = refuse(ctx, &c, &t, why, line);
		goto out;
	}
	cmd = command_parse_sender(authored, role, m->from.name, m->from.addr);
	if (cmd->kind == COMMAND_NONE) {
		rv = help_reply(ctx, &c, t.recipient, role, cmd, line);
		goto out;
	}
	if (workflow_state_parse(c.state, &st) == -1)
		st = WF_RECEIVED;
	if (c.resume_state != NULL)
		workflow_state_parse(c.resume_state, &resume);
	wc.state = st;
	wc.step = role;
	wc.resume = resume;
	wc.correction_used = c.correction_used;
	wc.extension_used = c.extension_used;
	if (workflow_apply(&wc, role, cmd->kind, &out) == -1 ||
	    (cmd->kind == COMMAND_ASSIGN &&
	    config_division(ctx->cfg, cmd->division) == NULL) ||
	    (cmd->kind == COMMAND_SET && !settable(&c, cmd))) {
		const char *r = out.refusal ? out.refusal :
		    cmd->kind == COMMAND_SET ? "无法设置该字段。/ That field "
		    "cannot be set to that value." :
		    "没有这个处室。/ No such division.";

		detail = xasprintf("%s: %s", command_kind_name(cmd->kind), r);
		if (event(ctx, c.id, "command-refused", m->from.addr,
		    detail) == -1 ||
		    transcript(ctx, &c, t.recipient, role, line, "", r) == -1)
			goto out;
		ctx->result = "refused";
		rv = 0;
		goto out;
	}
	/* Nothing leaves before the secrecy check (doc/mail.md, "Secrecy check"). */
	if ((out.effects & WF_FX_ANSWER) && !(out.effects & WF_FX_CLEARED)) {
		int held = screen_answer(ctx, &c, &hits);

		if (held == -1)
			goto out;
		if (held)
			workflow_secrecy_hold(&wc, &out);
	}
	if (store_token_spend(ctx->st, token, ctx->now) != 1)
		goto out;
	detail = xasprintf("%s%s%s", command_kind_name(cmd->kind),
	    *cmd->argument ? ": " : "", cmd->argument);
	if (event(ctx, c.id, command_kind_name(cmd->kind), m->from.addr,
	    detail) == -1)
		goto out;
	if (apply(ctx, &c, role, cmd, &out, result) == -1)
		goto out;
	if (out.effects & WF_FX_SECRECY) {
		if (secrecy_held(ctx, &c, &hits, line) == -1)
			goto out;
	} else if (transcript(ctx, &c, t.recipient, role, line, result->str,
	    "") == -1)
		goto out;
	ctx->result = out.effects & WF_FX_SECRECY ? "secrecy-hold" :
	    command_kind_name(cmd->kind);
	rv = 0;
out:
	secrecy_hits_clear(&hits);
	g_strfreev(sent);
	free(authored);
	free(line);
	free(detail);
	command_free(cmd);
	g_string_free(result, TRUE);
	store_case_clear(&c);
	store_token_clear(&t);
	return rv;
}

/*
 * The applicant wrote again in an open case's thread (a question, more
 * material): the handler, when the case is with them, is told what was
 * written, with a token so that they can go on at once.  Elsewhere the
 * mail stays with the case (its event) for `show` and the digest.
 */
static int
applicant_wrote(struct request_ctx *ctx, const struct store_case *c)
{
	struct vars vs;
	enum wf_state st;
	char day[CALENDAR_DATE_LEN], *when, *comment, *scrubbed;
	gchar *text;
	glong n;
	int rv;

	if (workflow_state_parse(c->state, &st) == -1 ||
	    !workflow_is_open(st) || c->step == NULL ||
	    strcmp(c->step, "handler") != 0)
		return 0;
	when = date_words(date_iso(today(ctx), day), "zh");
	/* g_utf8_substring() must not be asked past the end. */
	n = g_utf8_strlen(ctx->msg->text, -1);
	text = g_utf8_substring(ctx->msg->text, 0, n < 2000 ? n : 2000);
	scrubbed = quote_scrub_office(text, ctx->cfg->office.address, NULL);
	comment = xasprintf("申请人于%s来信：\n%s", when, scrubbed);
	free(scrubbed);
	g_free(text);
	free(when);
	vars_init(&vs);
	vars_case(&vs, ctx, c, "zh");
	vars_applicant_masked(&vs, c);
	var(&vs, "comment", comment);
	rv = notify_step(ctx, c, &vs);
	vars_free(&vs);
	free(comment);
	if (rv == 0)
		ctx->result = "applicant-mail";
	return rv;
}

int
request_applicant_token(struct store *st, const char *token)
{
	struct store_token t;
	int yes;

	memset(&t, 0, sizeof(t));
	yes = token != NULL && store_token_get(st, token, &t) == 1 &&
	    t.step != NULL && strcmp(t.step, command_role_name(
	    COMMAND_ROLE_APPLICANT)) == 0;
	store_token_clear(&t);
	return yes;
}

/*
 * Whether mail that would change case c comes from its applicant: NULL
 * when it does, else why not: "no-token" (no token of the applicant of
 * this case: a case tag or a thread is not enough, ids are guessable),
 * "forged-token", "wrong-sender" (not one From equal to the applicant),
 * "dmarc", "expired".  The token is not spent: it vouches for every mail
 * of the applicant in the thread while the case is open.
 */
static const char *
applicant_trust(struct request_ctx *ctx, const struct store_case *c,
    const char *token)
{
	struct store_token t;
	const char *why = NULL;

	memset(&t, 0, sizeof(t));
	if (token == NULL || store_token_get(ctx->st, token, &t) != 1 ||
	    t.step == NULL || strcmp(t.step, command_role_name(
	    COMMAND_ROLE_APPLICANT)) != 0 || strcmp(t.case_id, c->id) != 0)
		why = "no-token";
	/* "" when no address is registered: no recipient equals it */
	else if ((why = token_holder(ctx, &t, c->applicant_email != NULL ?
	    c->applicant_email : "")) == NULL &&
	    t.expires_at < (long long)ctx->now)
		why = "expired";
	store_token_clear(&t);
	return why;
}

static const struct {
	const char *code, *zh;
} held_reasons[] = {
	{ "no-token", "邮件没有携带本案发给申请人的回复码（未回复受理回执或补正告知书），"
	    "仅凭邮件主题中的案件编号或发件人地址无法确认是申请人本人" },
	{ "forged-token", "回复码无效" },
	{ "wrong-sender", "发件人不是登记的申请人邮箱，或者邮件有多个发件人" },
	{ "dmarc", "发件人身份未通过DMARC验证，可能是伪造邮件" },
	{ "expired", "回复码已过期" },
};

/*
 * Mail that would change case c but is not vouched for: kept with the
 * case, changing nothing; the handler sees it (masked) and why.
 */
static int
held(struct request_ctx *ctx, const struct store_case *c, const char *why)
{
	const struct message *m = ctx->msg;
	struct vars vs;
	char *detail, *reason, *excerpt;
	const char *words = why;
	gchar *text;
	glong n;
	size_t i;
	int rv;

	for (i = 0; i < G_N_ELEMENTS(held_reasons); i++)
		if (strcmp(held_reasons[i].code, why) == 0)
			words = held_reasons[i].zh;
	detail = xasprintf("%s: a mail from %s that would change the case "
	    "was held; nothing changed", why, m->from.addr ? m->from.addr :
	    "?");
	if (event(ctx, c->id, "held", m->from.addr, detail) == -1) {
		free(detail);
		return -1;
	}
	free(detail);
	n = g_utf8_strlen(m->text, -1);
	text = g_utf8_substring(m->text, 0, n < 2000 ? n : 2000);
	excerpt = fields_mask_text(text);
	g_free(text);
	reason = xasprintf("%s（%s）", words, why);
	vars_init(&vs);
	vars_case(&vs, ctx, c, "zh");
	var(&vs, "reason", reason);
	var(&vs, "sender", m->from.addr ? m->from.addr : "");
	var(&vs, "mail_subject", m->subject ? m->subject : "");
	var(&vs, "message_id", m->message_id ? m->message_id : "");
	var(&vs, "comment", excerpt);
	rv = send_mail(ctx, c, "held_mail", role_address(ctx->cfg, c,
	    COMMAND_ROLE_HANDLER), -1, &vs, NULL);
	vars_free(&vs);
	free(reason);
	free(excerpt);
	if (rv == 0)
		ctx->result = "held";
	return rv;
}

int
request_mail(struct request_ctx *ctx, const char *case_id, const char *token)
{
	const struct message *m = ctx->msg;
	struct store_case c;
	struct wf_case wc = { 0 };
	struct wf_outcome out;
	struct vars vs;
	enum wf_state st;
	const char *why;
	int rv = -1, prov = 0;

	memset(&c, 0, sizeof(c));
	if (store_case_get(ctx->st, case_id, &c) != 1)
		goto out;
	ctx->result = "case-mail";
	if (workflow_state_parse(c.state, &st) == -1 ||
	    m->from.addr == NULL || c.applicant_email == NULL ||
	    strcasecmp(m->from.addr, c.applicant_email) != 0) {
		rv = 0;		/* kept with the case: ingest's event says so */
		goto out;
	}
	if (st != WF_CORRECTION) {
		rv = applicant_wrote(ctx, &c);
		goto out;
	}
	wc.state = st;
	if (workflow_correction_received(&wc, &out) == -1) {
		rv = 0;
		goto out;
	}
	if ((why = applicant_trust(ctx, &c, token)) != NULL) {
		rv = held(ctx, &c, why);
		goto out;
	}
	/* Art. 30: the answer period restarts from the corrected request. */
	{
		struct applicant_fields *f = case_fields(&c);
		struct applicant_fields *got = fields_parse(m->text);
		char day[CALENDAR_DATE_LEN], *detail;
		int d = today(ctx);

		fields_merge(f, got);
		fields_to_case(f, &c);
		fields_free(got);
		fields_free(f);
		store_case_setstr(&c.state, workflow_state_name(out.next));
		store_case_setstr(&c.step, command_role_name(out.step));
		store_case_setstr(&c.assignee, role_address(ctx->cfg, &c,
		    out.step));
		store_case_setstr(&c.receipt_date, date_iso(d, day));
		free(c.due_date);
		c.due_date = add_days(ctx, d,
		    (int)ctx->cfg->deadlines.answer_days, &prov);
		c.due_provisional = prov;
		c.version++;
		if (store_case_put(ctx->st, &c) == -1)
			goto out;
		detail = xasprintf("correction received; answer due %s%s: "
		    "%u working days from the day after %s", c.due_date,
		    prov ? " (provisional)" : "",
		    ctx->cfg->deadlines.answer_days, c.receipt_date);
		rv = event(ctx, c.id, "clock", m->from.addr, detail);
		free(detail);
		if (rv == -1)
			goto out;
		rv = -1;
	}
	vars_init(&vs);
	vars_case(&vs, ctx, &c, "zh");
	vars_applicant_masked(&vs, &c);
	var(&vs, "comment", "申请人已补正，答复期限重新计算。/ The applicant "
	    "has sent the correction; the answer period restarts.");
	rv = notify_step(ctx, &c, &vs);
	vars_free(&vs);
	ctx->result = "correction";
out:
	store_case_clear(&c);
	return rv;
}

/* ------------------------------------------------- the deadline sweep */

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
	vars_init(&vs);
	vars_case(&vs, ctx, &c, "zh");
	vars_applicant_masked(&vs, &c);
	for (i = 0; i < nextra; i++)
		var(&vs, extra[i].name, extra[i].value);
	rv = send_mail(ctx, &c, name, to, role, &vs, NULL);
	vars_free(&vs);
	store_case_clear(&c);
	return rv;
}

/* The text of the correction command (the items asked for), or "". */
static char *
correction_items(struct request_ctx *ctx, const char *case_id)
{
	const char *kw = command_kind_name(COMMAND_CORRECTION);
	char *detail = NULL, *items;
	time_t at;
	size_t n = strlen(kw);

	if (store_event_last(ctx->st, case_id, kw, &at, &detail) != 1 ||
	    detail == NULL) {
		free(detail);
		return xstrdup("");
	}
	/* request_reply() wrote "correction: ITEMS". */
	items = xstrdup(strncmp(detail, kw, n) == 0 && detail[n] == ':' ?
	    detail + n + 1 + (detail[n + 1] == ' ') : detail);
	free(detail);
	return items;
}

int
request_expire(struct request_ctx *ctx, const char *case_id,
    enum request_expiry what, const char *start, const char *deadline)
{
	const struct config *cfg = ctx->cfg;
	struct store_case c;
	struct wf_case wc;
	struct wf_outcome out;
	struct vars vs;
	enum wf_state st, want;
	char *detail = NULL, *items = NULL, amount[32];
	const char *lang, *type, *tname;
	int rv = -1;

	memset(&c, 0, sizeof(c));
	memset(&wc, 0, sizeof(wc));
	vars_init(&vs);
	if (store_case_get(ctx->st, case_id, &c) != 1)
		goto out;
	want = what == REQUEST_EXPIRE_CORRECTION ? WF_CORRECTION :
	    what == REQUEST_EXPIRE_FEE ? WF_FEE : WF_CONSULTING;
	if (workflow_state_parse(c.state, &st) == -1 || st != want) {
		rv = 0;		/* it moved on meanwhile: nothing to do */
		goto out;
	}
	lang = c.lang ? c.lang : "zh";
	wc.state = st;
	wc.step = case_step(&c);

	if (what == REQUEST_EXPIRE_THIRD_PARTY) {
		/* Art. 32: silence is no veto; the office decides.  The time
		 * the third party had is not counted (Art. 33 para. 3). */
		store_case_setstr(&c.state, workflow_state_name(WF_DRAFTING));
		store_case_setstr(&c.step,
		    command_role_name(COMMAND_ROLE_HANDLER));
		store_case_setstr(&c.assignee, role_address(cfg, &c,
		    COMMAND_ROLE_HANDLER));
		c.version++;
		detail = xasprintf("the third party %s gave no opinion by %s "
		    "(%u working days from the letter of %s): the case may "
		    "proceed (Art. 32)", c.third_party ? c.third_party : "?",
		    deadline, cfg->deadlines.third_party_days, start);
		if (event(ctx, c.id, "expired", NULL, detail) == -1 ||
		    clock_resume_until(ctx, &c, parse_date(deadline)) == -1 ||
		    store_case_put(ctx->st, &c) == -1)
			goto out;
		vars_case(&vs, ctx, &c, "zh");
		vars_applicant_masked(&vs, &c);
		var(&vs, "third_party_name", c.third_party);
		var_take(&vs, "notice_date", date_words(start, "zh"));
		var_take(&vs, "consult_deadline", date_words(deadline, "zh"));
		snprintf(amount, sizeof(amount), "%u",
		    cfg->deadlines.third_party_days);
		var(&vs, "consult_days", amount);
		rv = send_mail(ctx, &c, "third_party_silent", c.assignee,
		    COMMAND_ROLE_HANDLER, &vs, NULL);
		goto out;
	}

	/* Art. 30 (no correction) or Art. 42 and 109号 (fee unpaid): deemed
	 * abandoned, answered by the daemon with its own TYPE. */
	if (workflow_expire(&wc, &out) == -1) {
		rv = 0;
		goto out;
	}
	type = what == REQUEST_EXPIRE_CORRECTION ? "other:no-correction" :
	    "other:fee-unpaid";
	tname = what == REQUEST_EXPIRE_CORRECTION ? "no_correction_notice" :
	    "fee_unpaid_notice";
	store_case_setstr(&c.state, workflow_state_name(out.next));
	store_case_setstr(&c.step, command_role_name(out.step));
	store_case_setstr(&c.answer_type, type);
	store_case_setstr(&c.paused_on, NULL);
	c.closed_at = ctx->now;
	c.version++;
	if (what == REQUEST_EXPIRE_CORRECTION)
		detail = xasprintf("no correction by %s (%u working days from "
		    "the notice of %s): deemed abandoned (Art. 30), answered "
		    "%s", deadline, cfg->deadlines.correction_window_days,
		    start, type);
	else
		detail = xasprintf("the fee was not paid by %s (%u working "
		    "days from the notice of %s): deemed abandoned (Art. 42, "
		    "国办函〔2020〕109号), answered %s", deadline,
		    cfg->deadlines.fee_payment_days, start, type);
	if (store_case_put(ctx->st, &c) == -1 ||
	    event(ctx, c.id, "expired", NULL, detail) == -1)
		goto out;
	vars_case(&vs, ctx, &c, lang);
	var_take(&vs, "notice_date", date_words(start, lang));
	if (what == REQUEST_EXPIRE_CORRECTION) {
		items = correction_items(ctx, c.id);
		var(&vs, "correction_items", items);
		var_take(&vs, "correction_deadline", date_words(deadline,
		    lang));
	} else {
		snprintf(amount, sizeof(amount), "%lld.%02lld",
		    c.fee_fen > 0 ? c.fee_fen / 100 : 0,
		    c.fee_fen > 0 ? c.fee_fen % 100 : 0);
		var(&vs, "fee_amount", amount);
		var_take(&vs, "fee_deadline", date_words(deadline, lang));
	}
	rv = send_mail(ctx, &c, tname, c.applicant_email, -1, &vs, NULL);
out:
	vars_free(&vs);
	store_case_clear(&c);
	free(detail);
	free(items);
	return rv;
}
