/*
 * request.c - the request lifecycle by email: its entry points (see
 * request.h); the other parts are named in request_p.h.
 *
 * Everything here runs inside ingest's transaction: a change of state,
 * its events, the tokens it issues and the mails it causes are one
 * commit.  Each entry point reads the case, asks workflow.c what may
 * happen, and hands the outcome to the executor (request_exec.c).
 */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <glib.h>

#include "clock.h"
#include "config.h"
#include "datadir.h"
#include "log.h"
#include "fields.h"
#include "mime.h"
#include "quote.h"
#include "answer_items.h"
#include "request.h"
#include "request_p.h"
#include "secrecy.h"
#include "store.h"
#include "summary.h"
#include "template.h"
#include "xmalloc.h"

/* The most characters of the sender's text and name an acknowledgment
 * repeats. */
#define REQUEST_ACK_SUMMARY	200
#define REQUEST_ACK_NAME	40

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

/* The channels of `gongkai open`, in words (条例 Art. 31). */
static const char *
channel_words(const char *channel)
{
	if (strcmp(channel, "letter") == 0)
		return "信函（以申请人签收之日为收到申请之日，条例第三十一条第二项）";
	if (strcmp(channel, "visit") == 0)
		return "当面提交（以提交之日为收到申请之日，条例第三十一条第一项）";
	if (strcmp(channel, "portal") == 0)
		return "网站（以双方确认之日为收到申请之日，条例第三十一条第三项）";
	if (strcmp(channel, "fax") == 0)
		return "传真（以双方确认之日为收到申请之日，条例第三十一条第三项）";
	return channel;
}

char *
request_ack_dir(const struct config *cfg, const char *case_id)
{
	return g_build_filename(cfg->store.spool, "cases", case_id, NULL);
}

/* HTML for printing: the text as it is, escaped, in a page. */
static char *
ack_html(const char *subject, const char *body)
{
	char *s = g_markup_escape_text(subject, -1);
	char *b = g_markup_escape_text(body, -1), *out;

	out = xasprintf("<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n"
	    "<meta charset=\"utf-8\">\n<title>%s</title>\n<style>\n"
	    "body { font-family: \"SimSun\", \"Songti SC\", serif; "
	    "margin: 2.5cm; }\npre { white-space: pre-wrap; font: inherit; "
	    "font-size: 14pt; line-height: 1.8; }\n</style>\n</head>\n"
	    "<body>\n<pre>%s</pre>\n</body>\n</html>\n", s, b);
	g_free(s);
	g_free(b);
	return out;
}

/*
 * The acknowledgment of a request without an address (another channel):
 * rendered as the mail would be, written as text and HTML for printing.
 */
static int
ack_print(struct request_ctx *ctx, const struct store_case *c,
    struct vars *vs)
{
	char *subject = NULL, *body = NULL, *err = NULL, *dir, *txt, *html;
	char *page = NULL, *detail, *text = NULL;
	GError *gerr = NULL;
	int rv = -1;

	dir = request_ack_dir(ctx->cfg, c->id);
	txt = g_strdup_printf("%s/%s.txt", dir, REQUEST_ACK_FILE);
	html = g_strdup_printf("%s/%s.html", dir, REQUEST_ACK_FILE);
	if (datadir_render("ack", "zh", vs->v, vs->n, &subject, &body,
	    &err) == -1) {
		log_warnx("%s: template ack: %s", c->id, err);
		goto out;
	}
	text = xasprintf("%s\n\n%s", subject, body);
	page = ack_html(subject, body);
	if (g_mkdir_with_parents(dir, 0700) == -1) {
		log_warnx("%s: %s: %s", c->id, dir, g_strerror(errno));
		goto out;
	}
	if (!g_file_set_contents(txt, text, -1, &gerr) ||
	    !g_file_set_contents(html, page, -1, &gerr)) {
		log_warnx("%s: %s", c->id, gerr->message);
		g_error_free(gerr);
		goto out;
	}
	detail = xasprintf("ack written for printing (no address to mail it "
	    "to): %s, %s", txt, html);
	rv = rq_event(ctx, c->id, "ack-printed", NULL, detail);
	free(detail);
out:
	free(err);
	free(subject);
	free(body);
	free(text);
	free(page);
	g_free(dir);
	g_free(txt);
	g_free(html);
	return rv;
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
	int d, prov = 0, rv = -1;

	memset(&c, 0, sizeof(c));
	rq_vars_init(&vs);
	/* The request counts from its arrival in the mailbox, not from when
	 * it was processed (an outage must not move it). */
	if (ctx->arrived == 0 || ctx->arrived > ctx->now)
		ctx->arrived = ctx->now;
	d = clock_local_day(ctx->arrived, cfg->office.timezone, NULL);
	id = store_case_open(ctx->st, cfg->office.case_prefix,
	    calendar_date_year(d), "request", workflow_state_name(WF_RECEIVED),
	    ctx->arrived, m->from.addr, f->name, subject, ctx->mail_id);
	if (id == NULL || store_case_get(ctx->st, id, &c) != 1)
		goto out;
	g_strlcpy(case_id, id, len);
	store_case_setstr(&c.step, command_role_name(COMMAND_ROLE_HANDLER));
	store_case_setstr(&c.division, cfg->office.default_division);
	store_case_setstr(&c.assignee, rq_role_address(cfg, &c,
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
	/* Art. 31(3): received the day both sides confirm: the day the
	 * request reached the office's mailbox, which the acknowledgment
	 * confirms; counting starts the next working day. */
	store_case_setstr(&c.receipt_date, rq_date_iso(d, day));
	free(c.due_date);
	c.due_date = rq_add_days(ctx, d, (int)cfg->deadlines.answer_days,
	    &prov);
	c.due_provisional = prov;
	if (store_case_put(ctx->st, &c) == -1)
		goto out;

	if (rq_event(ctx, id, "received", m->from.addr, subject) == -1)
		goto out;
	if (ctx->channel != NULL) {
		/* Dated by the receipt, so the report counts it in its
		 * year. */
		detail = xasprintf("%s %s: %s", ctx->channel, c.receipt_date,
		    channel_words(ctx->channel));
		rv = store_event_add(ctx->st, id, ctx->arrived, "channel",
		    NULL, detail, ctx->mail_id);
		free(detail);
		if (rv == -1)
			goto out;
		rv = -1;
	}
	detail = xasprintf("answer due %s%s: %u working days from the day "
	    "after %s", c.due_date, prov ? " (provisional)" : "",
	    cfg->deadlines.answer_days, c.receipt_date);
	rv = rq_event(ctx, id, "clock", NULL, detail);
	free(detail);
	if (rv == -1)
		goto out;
	rv = -1;

	rq_vars_case(&vs, ctx, &c, c.lang);
	/* Sent to an address anyone can forge: the sender's own words only
	 * as a short, defanged summary (the case keeps them whole). */
	rq_var_take(&vs, "request_description", summary_inert(c.description ?
	    c.description : c.subject, REQUEST_ACK_SUMMARY));
	if (c.applicant_name != NULL)
		rq_var_take(&vs, "applicant_name",
		    summary_inert(c.applicant_name, REQUEST_ACK_NAME));
	/* The applicant's token vouches for their mail in the thread. */
	if (ctx->channel != NULL && (c.applicant_email == NULL ||
	    *c.applicant_email == '\0')) {
		if (ack_print(ctx, &c, &vs) == -1)
			goto out;
	} else if (rq_send_mail(ctx, &c, "ack", c.applicant_email,
	    COMMAND_ROLE_APPLICANT, &vs, NULL) == -1)
		goto out;
	rq_vars_free(&vs);
	rq_vars_init(&vs);
	rq_vars_case(&vs, ctx, &c, "zh");
	rq_vars_applicant_masked(&vs, &c);
	if (rq_send_mail(ctx, &c, "handler_notice", c.assignee,
	    COMMAND_ROLE_HANDLER, &vs, NULL) == -1)
		goto out;
	ctx->result = "new-request";
	rv = 0;
out:
	store_case_clear(&c);
	rq_vars_free(&vs);
	fields_free(f);
	free(id);
	free(subject);
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
	    workflow_word_is_open(c->state);
	int rv;

	rq_vars_init(&vs);
	rq_vars_case(&vs, ctx, c, "zh");
	rq_var(&vs, "command", command);
	rq_var(&vs, "result", result);
	rq_var(&vs, "reason", reason);
	rq_var(&vs, "sender", to);
	rv = rq_send_mail_in(ctx, c, "transcript", to, holds ? (int)role : -1,
	    &vs, NULL, ctx->msg->message_id);
	rq_vars_free(&vs);
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
	rq_vars_init(&vs);
	rq_vars_case(&vs, ctx, c, "zh");
	rq_var(&vs, "command", command);
	rq_var(&vs, "reason", cmd->reason);
	rq_var(&vs, "help_text", usage);
	rv = rq_send_mail_in(ctx, c, "help", to, -1, &vs, NULL,
	    ctx->msg->message_id);
	rq_vars_free(&vs);
	free(usage);
	if (rv == 0)
		rv = rq_event(ctx, c->id, "help", to, cmd->reason);
	ctx->result = "help";
	return rv;
}

/*
 * A step the law forbids now (a guard of workflow.c): nothing applied,
 * the token not spent; the sender gets the guard's help template, which
 * cites the provision and the day that has passed, and the refusal is
 * in the case's history.
 */
static int
refused_step(struct request_ctx *ctx, const struct store_case *c,
    const struct wf_case *wc, const char *to, enum command_role role,
    const struct command *cmd, const struct wf_outcome *out,
    const char *command)
{
	struct vars vs;
	char day[CALENDAR_DATE_LEN], *usage = command_usage(role), *detail;
	int last = cmd->kind == COMMAND_CORRECTION ? wc->correction_last :
	    wc->due, rv;

	rq_vars_init(&vs);
	rq_vars_case(&vs, ctx, c, "zh");
	rq_var(&vs, "command", command);
	rq_var(&vs, "reason", out->refusal);
	rq_var(&vs, "help_text", usage);
	if (last > 0)
		rq_var_take(&vs, "last_day", rq_date_words(rq_date_iso(last,
		    day), "zh"));
	rq_var_take(&vs, "date", rq_date_words(rq_date_iso(wc->today, day),
	    "zh"));
	rv = rq_send_mail_in(ctx, c, out->help, to, -1, &vs, NULL,
	    ctx->msg->message_id);
	rq_vars_free(&vs);
	free(usage);
	detail = xasprintf("%s: %s", command_kind_name(cmd->kind),
	    out->refusal);
	if (rv == 0)
		rv = rq_event(ctx, c->id, "command-refused", ctx->msg->from.addr,
		    detail);
	free(detail);
	ctx->result = "refused";
	return rv;
}

/* Whether SET FIELD VALUE names a field fields.c knows and can take. */
static int
settable(const struct store_case *c, const struct command *cmd)
{
	struct applicant_fields *f = rq_case_fields(c);
	int ok = fields_set(f, cmd->field, cmd->value) == 0;

	fields_free(f);
	return ok;
}

/*
 * The TYPE the workflow's guards read: an ANSWER of several items
 * (answer_items.h) is still-unclear for them when any item is, so that
 * Art. 30's guard is not passed by putting the item second.
 */
static const char *
guard_type(const struct command *cmd)
{
	struct answer_items items;
	const char *t = cmd->type;
	size_t i;

	if (cmd->kind != COMMAND_ANSWER ||
	    answer_items_parse(cmd->argument, &items, NULL) != 1)
		return t;
	for (i = 0; i < items.n; i++)
		if (strcmp(items.v[i].type, "unavailable:still-unclear") == 0)
			t = items.v[i].type;
	answer_items_free(&items);
	return t;
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
	struct exec x;
	enum command_role role = COMMAND_ROLE_HANDLER;
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
	if ((why = rq_authorise(ctx, &t, &c)) != NULL) {
		rv = rq_refuse(ctx, &c, &t, why, line);
		goto out;
	}
	cmd = command_parse_sender(authored, role, m->from.name, m->from.addr);
	if (cmd->kind == COMMAND_NONE) {
		rv = help_reply(ctx, &c, t.recipient, role, cmd, line);
		goto out;
	}
	rq_case_slice(&c, &wc);
	if (rq_case_clock(ctx, &c, &wc) == -1)
		goto out;
	/* the TYPE the draft would go with: a REVISE keeps the case's; of
	 * several items, the one a guard is about (guard_type()) */
	wc.answer_type = cmd->type != NULL || cmd->kind != COMMAND_REVISE ?
	    guard_type(cmd) : c.answer_type;
	detail = command_disclose_reason(cmd->argument);
	wc.draft_has_reason = detail != NULL;
	free(detail);
	detail = NULL;
	wc.defer_to = rq_parse_date(cmd->date);
	wc.attachments = m->nattachments > 0;
	if (workflow_apply(&wc, role, cmd->kind, &out) == -1 && out.help) {
		rv = refused_step(ctx, &c, &wc, t.recipient, role, cmd, &out,
		    line);
		goto out;
	}
	if (out.refusal != NULL ||
	    (cmd->kind == COMMAND_ASSIGN &&
	    config_division(ctx->cfg, cmd->division) == NULL) ||
	    (cmd->kind == COMMAND_SET && !settable(&c, cmd))) {
		const char *r = out.refusal ? out.refusal :
		    cmd->kind == COMMAND_SET ? "无法设置该字段。/ That field "
		    "cannot be set to that value." :
		    "没有这个处室。/ No such division.";

		detail = xasprintf("%s: %s", command_kind_name(cmd->kind), r);
		if (rq_event(ctx, c.id, "command-refused", m->from.addr,
		    detail) == -1 ||
		    transcript(ctx, &c, t.recipient, role, line, "", r) == -1)
			goto out;
		ctx->result = "refused";
		rv = 0;
		goto out;
	}
	/* Nothing leaves before the secrecy check (doc/mail.md, "Secrecy
	 * check"). */
	if ((out.effects & (WF_FX_ANSWER | WF_FX_PUBLISH)) &&
	    !(out.effects & WF_FX_CLEARED)) {
		int held = rq_screen_answer(ctx, &c, &hits);

		if (held == -1)
			goto out;
		if (held)
			workflow_secrecy_hold(&wc, &out);
	}
	if (store_token_spend(ctx->st, token, ctx->now) != 1)
		goto out;
	detail = xasprintf("%s%s%s", command_kind_name(cmd->kind),
	    *cmd->argument ? ": " : "", cmd->argument);
	if (rq_event(ctx, c.id, command_kind_name(cmd->kind), m->from.addr,
	    detail) == -1)
		goto out;
	x = (struct exec){ .ctx = ctx, .c = &c, .role = role, .cmd = cmd,
	    .out = &out, .result = result, .hits = &hits, .line = line };
	if (rq_execute(&x) == -1)
		goto out;
	/* A hold's mail to the approver is their transcript. */
	if (!(out.effects & WF_FX_SECRECY) && transcript(ctx, &c,
	    t.recipient, role, line, result->str, "") == -1)
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
	when = rq_date_words(rq_date_iso(rq_today(ctx), day), "zh");
	/* g_utf8_substring() must not be asked past the end. */
	n = g_utf8_strlen(ctx->msg->text, -1);
	text = g_utf8_substring(ctx->msg->text, 0, n < 2000 ? n : 2000);
	scrubbed = quote_scrub_office(text, ctx->cfg->office.address, NULL);
	comment = xasprintf("申请人于%s来信：\n%s", when, scrubbed);
	free(scrubbed);
	g_free(text);
	free(when);
	rq_vars_init(&vs);
	rq_vars_case(&vs, ctx, c, "zh");
	rq_vars_applicant_masked(&vs, c);
	rq_var(&vs, "comment", comment);
	rv = rq_notify_step(ctx, c, &vs);
	rq_vars_free(&vs);
	free(comment);
	if (rv == 0)
		ctx->result = "applicant-mail";
	return rv;
}

/*
 * Whether the applicant's mail is a withdrawal: 撤回 / WITHDRAW on the
 * first line they wrote (the grammar of command.h, read for the
 * applicant, who may give no other command).
 */
static int
is_withdrawal(const struct message *m)
{
	struct command *cmd;
	char *authored;
	int yes;

	authored = quote_authored(m->text != NULL ? m->text : "", NULL,
	    TEMPLATE_MARKER);
	cmd = command_parse_sender(authored, COMMAND_ROLE_APPLICANT,
	    m->from.name, m->from.addr);
	yes = cmd->kind == COMMAND_WITHDRAW;
	command_free(cmd);
	free(authored);
	return yes;
}

/*
 * The applicant withdraws the request in its thread: vouched for like a
 * correction (their token, a single From equal to theirs, DMARC when
 * required), else held and nothing changes.  The case closes as
 * other:withdrawn and they get the confirmation.
 */
static int
applicant_withdraws(struct request_ctx *ctx, struct store_case *c,
    const char *token)
{
	struct wf_case wc = { 0 };
	struct wf_outcome out;
	struct exec x;
	GString *result = g_string_new(NULL);
	const char *why;
	int rv = 0;

	rq_case_slice(c, &wc);
	if (workflow_withdraw(&wc, &out) == -1)
		goto out;
	if ((why = rq_applicant_trust(ctx, c, token)) != NULL) {
		rv = rq_held(ctx, c, why);
		goto out;
	}
	if ((rv = rq_event(ctx, c->id, command_kind_name(COMMAND_WITHDRAW),
	    ctx->msg->from.addr, "withdraw: the applicant withdrew the "
	    "request in the thread")) == -1)
		goto out;
	x = (struct exec){ .ctx = ctx, .c = c, .role = COMMAND_ROLE_APPLICANT,
	    .out = &out, .result = result, .comment = "申请人来信撤回申请。"
	    "/ The applicant withdrew the request." };
	if ((rv = rq_execute(&x)) == 0)
		ctx->result = "withdrawn";
out:
	g_string_free(result, TRUE);
	return rv;
}

int
request_mail(struct request_ctx *ctx, const char *case_id, const char *token)
{
	const struct message *m = ctx->msg;
	struct store_case c;
	struct wf_case wc = { 0 };
	struct wf_outcome out;
	struct exec x;
	GString *result = g_string_new(NULL);
	enum wf_state st;
	const char *why;
	int rv = -1;

	memset(&c, 0, sizeof(c));
	if (store_case_get(ctx->st, case_id, &c) != 1)
		goto out;
	ctx->result = "case-mail";
	if (workflow_state_parse(c.state, &st) == 0 && workflow_is_open(st) &&
	    is_withdrawal(m)) {
		rv = applicant_withdraws(ctx, &c, token);
		goto out;
	}
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
	rq_case_slice(&c, &wc);
	if (rq_case_clock(ctx, &c, &wc) == -1)
		goto out;
	if (workflow_correction_received(&wc, &out) == -1) {
		rv = 0;
		goto out;
	}
	if ((why = rq_applicant_trust(ctx, &c, token)) != NULL) {
		rv = rq_held(ctx, &c, why);
		goto out;
	}
	x = (struct exec){ .ctx = ctx, .c = &c, .role = COMMAND_ROLE_APPLICANT,
	    .out = &out, .result = result, .comment = wc.late_allowed ?
	    "申请人已补正；补正告知逾期发出，答复期限不重新计算。/ The "
	    "applicant has sent the correction; the notice went late, so "
	    "the answer period does not restart." : "申请人已补正，答复期限"
	    "重新计算。/ The applicant has sent the correction; the answer "
	    "period restarts." };
	if ((rv = rq_execute(&x)) == 0)
		ctx->result = "correction";
out:
	g_string_free(result, TRUE);
	store_case_clear(&c);
	return rv;
}

int
request_lacks_fields(struct store *st, const char *case_id, char **missing)
{
	struct store_case c;
	struct applicant_fields *f;
	GString *s;
	size_t i;
	int r;

	*missing = NULL;
	memset(&c, 0, sizeof(c));
	if ((r = store_case_get(st, case_id, &c)) != 1)
		return r;
	f = rq_case_fields(&c);
	r = !c.correction_used && f->missing[0] != NULL;
	if (r) {
		s = g_string_new(NULL);
		for (i = 0; f->missing[i] != NULL; i++)
			g_string_append_printf(s, "%s%s", i ? "、" : "",
			    f->missing[i]);
		*missing = xgstring_free(s);
	}
	fields_free(f);
	store_case_clear(&c);
	return r;
}

int
request_allow_late_correction(struct store *st, const char *case_id,
    const char *actor, const char *reason, time_t now, const char **why)
{
	struct store_case c;
	enum wf_state s;
	char *detail;
	int r, rv = -1;

	memset(&c, 0, sizeof(c));
	*why = NULL;
	if ((r = store_case_get(st, case_id, &c)) != 1) {
		*why = "no such case";
		return r == 0 ? 1 : -1;
	}
	if (reason == NULL || *reason == '\0')
		*why = "a reason is required";
	else if (workflow_state_parse(c.state, &s) == -1 ||
	    !workflow_is_open(s))
		*why = "the case is closed";
	else if (c.correction_used)
		*why = "a correction notice was sent already (Art. 30: once)";
	if (*why != NULL) {
		rv = 1;
		goto out;
	}
	detail = xasprintf("秘书处准许逾期发出补正告知（条例第三十条），答复期限"
	    "不因补正重新计算。理由：%s", reason);
	rv = store_event_add(st, case_id, now, REQUEST_EVENT_LATE_ALLOWED,
	    actor, detail, 0) == -1 ? -1 : 0;
	free(detail);
out:
	store_case_clear(&c);
	return rv;
}

int
request_expire(struct request_ctx *ctx, const char *case_id,
    enum request_expiry what, const char *start, const char *deadline)
{
	struct store_case c;
	struct wf_case wc = { 0 };
	struct wf_outcome out;
	struct exec x;
	GString *result = g_string_new(NULL);
	enum wf_state want;
	int rv = -1;

	memset(&c, 0, sizeof(c));
	if (store_case_get(ctx->st, case_id, &c) != 1)
		goto out;
	want = what == REQUEST_EXPIRE_CORRECTION ? WF_CORRECTION :
	    what == REQUEST_EXPIRE_FEE ? WF_FEE :
	    what == REQUEST_EXPIRE_AGENCY ? WF_AGENCY : WF_CONSULTING;
	rq_case_slice(&c, &wc);
	rv = 0;		/* it moved on meanwhile: nothing to do */
	if (wc.state != want || (what == REQUEST_EXPIRE_THIRD_PARTY ||
	    what == REQUEST_EXPIRE_AGENCY ? workflow_silence(&wc, &out) :
	    workflow_expire(&wc, &out)) == -1)
		goto out;
	x = (struct exec){ .ctx = ctx, .c = &c, .role = wc.step, .out = &out,
	    .result = result, .what = what, .start = start,
	    .deadline = deadline };
	/* The time the third party or agency had is not counted (Art. 33
	 * para. 3): the pause ends on its last day. */
	if (what == REQUEST_EXPIRE_THIRD_PARTY || what == REQUEST_EXPIRE_AGENCY)
		x.resume_to = rq_parse_date(deadline);
	rv = rq_execute(&x);
out:
	g_string_free(result, TRUE);
	store_case_clear(&c);
	return rv;
}
