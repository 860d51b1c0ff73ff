/*
 * request_exec.c - the executor (request_p.h): carries out what
 * workflow.c decided, through a table of effects.  Each row changes the
 * case and/or sends the effect's mail; case_write() is the only place a
 * case's state, step, holder and version are written.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <glib.h>

#include "answer_items.h"
#include "clock.h"
#include "config.h"
#include "datadir.h"
#include "fee.h"
#include "fields.h"
#include "log.h"
#include "mime.h"
#include "outbox.h"
#include "remedy.h"
#include "request_p.h"
#include "screen.h"
#include "secrecy.h"
#include "store.h"
#include "template.h"
#include "xmalloc.h"

/*
 * The working days the clock stood still, up to day `to`, added to the
 * due date; the pause is recorded (sweep.c recomputes a provisional date
 * from it) and explained by a "clock" event.
 */
static int
clock_resume_until(struct request_ctx *ctx, struct store_case *c, int to)
{
	int from = rq_parse_date(c->paused_on), n = 0, p = 0, rv;
	char a[CALENDAR_DATE_LEN], b[CALENDAR_DATE_LEN], *detail;

	if (from == 0 || c->due_date == NULL)
		return 0;
	calendar_count(datadir_calendar(ctx->cfg), from, to, &n, &p);
	if (n > 0) {
		char *due = rq_add_days(ctx, rq_parse_date(c->due_date), n,
		    &c->due_provisional);
		free(c->due_date);
		c->due_date = due;
	}
	store_case_setstr(&c->paused_on, NULL);
	if (n < 0)
		n = 0;
	if (store_clock_part_add(ctx->st, c->id, "pause", rq_date_iso(from, a),
	    rq_date_iso(to, b), n, ctx->now) == -1)
		return -1;
	detail = xasprintf("answer due %s%s: the clock stood still from %s "
	    "to %s, %d working days not counted", c->due_date,
	    c->due_provisional ? " (provisional)" : "", a, b, n);
	rv = rq_event(ctx, c->id, "clock", NULL, detail);
	free(detail);
	return rv;
}

/*
 * A row per effect (tmux's cmd_entry shape): `change` works on the case
 * before it is written, `mail` sends what the effect sends once the case
 * is what it will be.  A row runs when the outcome has one of its flags;
 * the rows run in this order.
 */
struct fx_entry {
	const char	 *name;
	unsigned	  flags;
	int		(*change)(struct exec *);
	int		(*mail)(struct exec *);
	int		  document;	/* mail: a document to the applicant */
};

/* The case's template variables in `lang`, for a mail of the executor. */
static void
exec_vars(struct exec *x, struct vars *vs, const char *lang)
{
	rq_vars_init(vs);
	rq_vars_case(vs, x->ctx, x->c, lang);
}

static int
fx_assign(struct exec *x)
{
	store_case_setstr(&x->c->division, x->cmd->division);
	g_string_append_printf(x->result, "转办至%s。", x->cmd->division);
	return 0;
}

static int
fx_set(struct exec *x)
{
	struct applicant_fields *f = rq_case_fields(x->c);

	/* request_reply() checked that the field is known. */
	fields_set(f, x->cmd->field, x->cmd->value);
	rq_fields_to_case(f, x->c);
	fields_free(f);
	g_string_append_printf(x->result, "已更正“%s”。", x->cmd->field);
	return 0;
}

static int
fx_draft(struct exec *x)
{
	struct store_case *c = x->c;

	if (x->cmd->type != NULL)
		store_case_setstr(&c->answer_type, x->cmd->type);
	if (*x->cmd->argument != '\0')
		store_case_setstr(&c->draft, x->cmd->argument);
	if (x->ctx->msg->nattachments > 0)
		c->draft_mail_id = x->ctx->mail_id;
	g_string_append(x->result, "草稿已提交审核。");
	return 0;
}

/* Art. 30: the answer period restarts from the corrected request. */
static int
fx_restart(struct exec *x)
{
	struct request_ctx *ctx = x->ctx;
	struct store_case *c = x->c;
	struct applicant_fields *f = rq_case_fields(c);
	struct applicant_fields *got = fields_parse(ctx->msg->text);
	char day[CALENDAR_DATE_LEN], *detail;
	int prov = 0, rv;

	fields_merge(f, got);
	rq_fields_to_case(f, c);
	fields_free(got);
	fields_free(f);
	if (!(x->out->effects & WF_FX_RESTART))
		return rq_event(ctx, c->id, "clock", ctx->msg->from.addr,
		    "correction received; the answer period does not restart: "
		    "the correction notice went late (Art. 30)");
	store_case_setstr(&c->receipt_date, rq_date_iso(x->today, day));
	free(c->due_date);
	c->due_date = rq_add_days(ctx, x->today,
	    (int)ctx->cfg->deadlines.answer_days, &prov);
	c->due_provisional = prov;
	detail = xasprintf("correction received; answer due %s%s: "
	    "%u working days from the day after %s", c->due_date,
	    prov ? " (provisional)" : "", ctx->cfg->deadlines.answer_days,
	    c->receipt_date);
	rv = rq_event(ctx, c->id, "clock", ctx->msg->from.addr, detail);
	free(detail);
	return rv;
}

/* Art. 32: silence is no veto; the office decides. */
static int
fx_silent(struct exec *x)
{
	struct store_case *c = x->c;
	char *detail;
	int rv;

	if (x->what == REQUEST_EXPIRE_AGENCY)
		detail = xasprintf("the consulted agency %s gave no opinion "
		    "by %s (%u working days from the letter of %s): deemed "
		    "to consent (Art. 34)", c->third_party ? c->third_party :
		    "?", x->deadline, x->ctx->cfg->deadlines.agency_days,
		    x->start);
	else
		detail = xasprintf("the third party %s gave no opinion by %s "
		    "(%u working days from the letter of %s): the case may "
		    "proceed (Art. 32)", c->third_party ? c->third_party : "?",
		    x->deadline, x->ctx->cfg->deadlines.third_party_days,
		    x->start);
	rv = rq_event(x->ctx, c->id, "expired", NULL, detail);
	free(detail);
	return rv;
}

static int
mail_silent(struct exec *x)
{
	struct store_case *c = x->c;
	struct vars vs;
	char days[16];
	int rv;

	exec_vars(x, &vs, "zh");
	rq_vars_applicant_masked(&vs, c);
	rq_var(&vs, "third_party_name", c->third_party);
	rq_var_take(&vs, "notice_date", rq_date_words(x->start, "zh"));
	rq_var_deadline(&vs, "consult_deadline", "consult_by", x->deadline,
	    "zh");
	snprintf(days, sizeof(days), "%u", x->what == REQUEST_EXPIRE_AGENCY ?
	    x->ctx->cfg->deadlines.agency_days :
	    x->ctx->cfg->deadlines.third_party_days);
	rq_var(&vs, "consult_days", days);
	rv = rq_send_mail(x->ctx, c, x->what == REQUEST_EXPIRE_AGENCY ?
	    "agency_silent" : "third_party_silent", c->assignee,
	    COMMAND_ROLE_HANDLER, &vs, NULL);
	rq_vars_free(&vs);
	return rv;
}

/*
 * Art. 30 (no correction) or Art. 42 and 109号 (fee unpaid): deemed
 * abandoned, answered by the daemon with its own TYPE.
 */
static int
fx_abandoned(struct exec *x)
{
	const struct config *cfg = x->ctx->cfg;
	struct store_case *c = x->c;
	int corr = x->what == REQUEST_EXPIRE_CORRECTION;
	const char *type = corr ? "other:no-correction" : "other:fee-unpaid";
	char *detail;
	int rv;

	store_case_setstr(&c->answer_type, type);
	store_case_setstr(&c->paused_on, NULL);
	c->closed_at = x->ctx->now;
	if (corr)
		detail = xasprintf("no correction by %s (%u working days from "
		    "the notice of %s): deemed abandoned (Art. 30), answered "
		    "%s", x->deadline, cfg->deadlines.correction_window_days,
		    x->start, type);
	else
		detail = xasprintf("the fee was not paid by %s (%u working "
		    "days from the notice of %s): deemed abandoned (Art. 42, "
		    "国办函〔2020〕109号), answered %s", x->deadline,
		    cfg->deadlines.fee_payment_days, x->start, type);
	rv = rq_event(x->ctx, c->id, "expired", NULL, detail);
	free(detail);
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

static int
mail_abandoned(struct exec *x)
{
	struct store_case *c = x->c;
	const char *lang = c->lang ? c->lang : "zh";
	struct vars vs;
	char amount[32], *items;
	int rv;

	exec_vars(x, &vs, lang);
	rq_var_take(&vs, "notice_date", rq_date_words(x->start, lang));
	if (x->what == REQUEST_EXPIRE_CORRECTION) {
		items = correction_items(x->ctx, c->id);
		rq_var_take(&vs, "correction_items", items);
		rq_var_deadline(&vs, "correction_deadline", "correction_by",
		    x->deadline, lang);
	} else {
		snprintf(amount, sizeof(amount), "%lld.%02lld",
		    c->fee_fen > 0 ? c->fee_fen / 100 : 0,
		    c->fee_fen > 0 ? c->fee_fen % 100 : 0);
		rq_var(&vs, "fee_amount", amount);
		rq_var_deadline(&vs, "fee_deadline", "fee_by", x->deadline,
		    lang);
	}
	rv = rq_var_remedy(x->ctx, &vs, c->answer_type, lang);
	if (rv == 0)
		rv = rq_send_mail(x->ctx, c, x->what ==
		    REQUEST_EXPIRE_CORRECTION ? "no_correction_notice" :
		    "fee_unpaid_notice", c->applicant_email, -1, &vs, NULL);
	rq_vars_free(&vs);
	return rv;
}

static int
fx_pause(struct exec *x)
{
	char day[CALENDAR_DATE_LEN];

	store_case_setstr(&x->c->paused_on, rq_date_iso(x->today, day));
	g_string_append(x->result, "答复期限暂停计算。");
	return 0;
}

static int
fx_resume(struct exec *x)
{
	if (clock_resume_until(x->ctx, x->c, x->resume_to) == -1)
		return -1;
	g_string_append(x->result, "答复期限恢复计算。");
	return 0;
}

static int
fx_ext_request(struct exec *x)
{
	enum wf_state st;
	char *back;

	/* Asked during review: back to the level that asked
	 * (rq_case_slice() reads "review:LEVEL"). */
	if (workflow_state_parse(x->prev_state, &st) == 0 &&
	    st == WF_REVIEW && x->c->step != NULL) {
		back = xasprintf("%s:%s", x->prev_state, x->c->step);
		store_case_setstr(&x->c->resume_state, back);
		free(back);
	} else
		store_case_setstr(&x->c->resume_state, x->prev_state);
	g_string_append(x->result, "延期申请已报送负责人。");
	return 0;
}

static int
fx_extend(struct exec *x)
{
	const struct config *cfg = x->ctx->cfg;
	struct store_case *c = x->c;
	char day[CALENDAR_DATE_LEN];
	char *due = rq_add_days(x->ctx, rq_parse_date(c->due_date),
	    (int)cfg->deadlines.extension_days, &c->due_provisional);
	char *detail = xasprintf("answer due %s, extended by %u "
	    "working days from %s with the head's consent", due,
	    cfg->deadlines.extension_days, c->due_date);
	int rv = -1;

	free(c->due_date);
	c->due_date = due;
	c->extension_used = 1;
	if (store_clock_part_add(x->ctx->st, c->id, "extension",
	    rq_date_iso(x->today, day), NULL,
	    (int)cfg->deadlines.extension_days, x->ctx->now) == -1 ||
	    rq_event(x->ctx, c->id, "clock", NULL, detail) == -1)
		goto out;
	g_string_append_printf(x->result, "答复期限延长至%s。", due);
	rv = 0;
out:
	free(detail);
	return rv;
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

static int
mail_extend(struct exec *x)
{
	const struct config *cfg = x->ctx->cfg;
	struct store_case *c = x->c;
	struct vars vs;
	char *reason = NULL, *when, days[16], day[CALENDAR_DATE_LEN];
	int rv = -1;

	exec_vars(x, &vs, c->lang ? c->lang : "zh");
	if (store_events_of(x->ctx->st, c->id, extension_reason_of,
	    &reason) == -1)
		goto out;
	/* due_date: the date that could not be kept. */
	rq_var_take(&vs, "due_date", rq_date_words(x->old_due, c->lang));
	rq_var_deadline(&vs, "new_due_date", "new_due_by", c->due_date,
	    c->lang ? c->lang : "zh");
	snprintf(days, sizeof(days), "%u", cfg->deadlines.extension_days);
	rq_var(&vs, "extension_days", days);
	rq_var(&vs, "extension_reason", reason);
	/* who consented and when: by name and title, never by address */
	when = rq_date_words(rq_date_iso(x->today, day), c->lang ? c->lang :
	    "zh");
	if (*cfg->office.head_name == '\0')
		rq_var(&vs, "head_consent", when);
	else if (c->lang != NULL && strcmp(c->lang, "en") == 0)
		rq_var_take(&vs, "head_consent", xasprintf("%s, %s",
		    cfg->office.head_name, when));
	else
		rq_var_take(&vs, "head_consent", xasprintf("政务公开管理办公室"
		    "负责人%s，%s", cfg->office.head_name, when));
	free(when);
	rv = rq_send_mail(x->ctx, c, "extension_notice", c->applicant_email, -1,
	    &vs, NULL);
out:
	free(reason);
	rq_vars_free(&vs);
	return rv;
}

static int
fx_consult(struct exec *x)
{
	store_case_setstr(&x->c->third_party, x->cmd->address);
	g_string_append_printf(x->result, "已向%s征求意见。", x->cmd->address);
	return 0;
}

/* Art. 34: the other agency holds the step; its address is the
 * "third party" the step's role names. */
static int
fx_agency(struct exec *x)
{
	store_case_setstr(&x->c->third_party, x->cmd->address);
	g_string_append_printf(x->result, "已向%s征求意见（条例第三十四条）。",
	    x->cmd->address);
	return 0;
}

/* The applicant is told that the clock stands still (Art. 33 para. 3),
 * never who is consulted. */
static int
mail_agency(struct exec *x)
{
	struct store_case *c = x->c;
	const char *lang = c->lang ? c->lang : "zh";
	struct vars vs;
	char days[16], *dl = rq_add_days(x->ctx, x->today,
	    (int)x->ctx->cfg->deadlines.agency_days, NULL);
	int rv;

	exec_vars(x, &vs, lang);
	snprintf(days, sizeof(days), "%u", x->ctx->cfg->deadlines.agency_days);
	rq_var(&vs, "consult_days", days);
	rq_var_take(&vs, "consult_deadline", rq_date_words(dl, lang));
	free(dl);
	rv = rq_send_mail(x->ctx, c, "agency_consult_notice",
	    c->applicant_email, -1, &vs, NULL);
	rq_vars_free(&vs);
	return rv;
}

static int
fx_ask_reason(struct exec *x)
{
	g_string_append(x->result, "已要求申请人说明理由（条例第三十五条）。");
	return 0;
}

static int
mail_ask_reason(struct exec *x)
{
	struct store_case *c = x->c;
	struct vars vs;
	int rv;

	exec_vars(x, &vs, c->lang ? c->lang : "zh");
	rq_var(&vs, "reason_question", x->cmd->argument);
	/* Their answer comes back in the thread, vouched by the token. */
	rv = rq_send_mail(x->ctx, c, "reason_request", c->applicant_email,
	    COMMAND_ROLE_APPLICANT, &vs, NULL);
	rq_vars_free(&vs);
	return rv;
}

/* Art. 35: a reasonable later time limit (workflow.c checked that it is
 * after the due date). */
static int
fx_defer(struct exec *x)
{
	struct store_case *c = x->c;
	char *detail;
	int rv;

	detail = xasprintf("answer due %s, deferred from %s (Art. 35): %s",
	    x->cmd->date, c->due_date ? c->due_date : "-", x->cmd->argument);
	store_case_setstr(&c->due_date, x->cmd->date);
	c->due_provisional = 0;
	rv = rq_event(x->ctx, c->id, "clock", NULL, detail);
	free(detail);
	if (rv == 0)
		g_string_append_printf(x->result, "答复期限延迟至%s（条例第三十"
		    "五条），已告知申请人。", x->cmd->date);
	return rv;
}

static int
mail_defer(struct exec *x)
{
	struct store_case *c = x->c;
	const char *lang = c->lang ? c->lang : "zh";
	struct vars vs;
	int rv;

	exec_vars(x, &vs, lang);
	rq_var_take(&vs, "due_date", rq_date_words(x->old_due, lang));
	rq_var_take(&vs, "new_due_date", rq_date_words(c->due_date, lang));
	rq_var(&vs, "reason", x->cmd->argument);
	rv = rq_send_mail(x->ctx, c, "deferral_notice", c->applicant_email, -1,
	    &vs, NULL);
	rq_vars_free(&vs);
	return rv;
}

/* Withdrawn (by the applicant, or their statement filed by the
 * handler): closed as other:withdrawn; the open tokens go stale with the
 * version and the sweep passes closed cases by. */
static int
fx_withdraw(struct exec *x)
{
	struct store_case *c = x->c;

	store_case_setstr(&c->answer_type, "other:withdrawn");
	store_case_setstr(&c->paused_on, NULL);
	c->closed_at = x->ctx->now;
	g_string_append(x->result, "申请已撤回，本案终止办理，已向申请人发出"
	    "撤回确认。");
	return 0;
}

static int
mail_withdraw(struct exec *x)
{
	struct store_case *c = x->c;
	struct vars vs;
	int rv;

	exec_vars(x, &vs, c->lang ? c->lang : "zh");
	rv = rq_send_mail(x->ctx, c, "withdrawal_notice", c->applicant_email,
	    -1, &vs, NULL);
	rq_vars_free(&vs);
	return rv;
}

static int
fx_correction(struct exec *x)
{
	x->c->correction_used = 1;
	return 0;
}

static int
mail_correction(struct exec *x)
{
	struct store_case *c = x->c;
	const char *lang = c->lang ? c->lang : "zh";
	struct vars vs;
	/* The window given in the notice; sweep.c closes the case when it
	 * has passed without a correction. */
	char *dl = rq_add_days(x->ctx, x->today,
	    (int)x->ctx->cfg->deadlines.correction_window_days, NULL);
	int rv;

	exec_vars(x, &vs, lang);
	rq_var(&vs, "correction_items", x->cmd->argument);
	rq_var_deadline(&vs, "correction_deadline", "correction_by", dl, lang);
	free(dl);
	rv = rq_send_mail(x->ctx, c, "correction_notice", c->applicant_email,
	    COMMAND_ROLE_APPLICANT, &vs, NULL);
	rq_vars_free(&vs);
	return rv;
}

/* "35件" or "250页" in a FEE basis: the first such count sets *items or
 * *pages (both stay 0 when there is none). */
static void
fee_basis_parse(const char *basis, int *items, int *pages)
{
	const char *p;
	char *end;
	long n;

	*items = *pages = 0;
	for (p = basis; *p; p++) {
		if (!isdigit((unsigned char)*p))
			continue;
		n = strtol(p, &end, 10);
		if (n > 0 && n <= FEE_ITEMS_MAX && strncmp(end, "件", 3) == 0) {
			*items = (int)n;
			return;
		}
		if (n > 0 && n < 100000 && strncmp(end, "页", 3) == 0) {
			*pages = (int)n;
			return;
		}
		p = end - 1;
	}
}

/* The applicant of case c, and the month's items counted so far. */
struct fee_count {
	const struct store_case	*c;
	long long		 items;
};

static int
fee_count_one(void *arg, const struct store_fee_items *fi)
{
	struct fee_count *fc = arg;

	if (fee_same_applicant(fc->c->id_number, fc->c->applicant_email,
	    fi->id_number, fi->email))
		fc->items += fi->items;
	return 0;
}

/*
 * 109号 Art. 4: per-item fees cumulate over the applicant's calendar
 * month (of the request's receipt) across their requests.  The fee in
 * fen and the calculation; the case's items recorded for the month's
 * next notice.  -1 when the database fails; *fen -1 when the basis
 * names no count (the handler's amount stands).
 */
static int
fee_compute(struct exec *x, long long *fen)
{
	struct store_case *c = x->c;
	struct fee_count fc = { c, 0 };
	char *month;
	int items, pages, rv = 0;
	long long yuan;

	*fen = -1;
	fee_basis_parse(x->cmd->argument, &items, &pages);
	if (pages > 0 && (yuan = fee_per_page(pages)) >= 0) {
		x->fee_lines = fee_explain_pages(pages);
		*fen = yuan * 100;
		return 0;
	}
	if (items == 0)
		return 0;
	if ((month = fee_month(c->receipt_date)) != NULL) {
		if (store_fee_items_month(x->ctx->st, month, c->id,
		    fee_count_one, &fc) == -1 ||
		    store_fee_items_set(x->ctx->st, c->id, month, items,
		    x->ctx->now) == -1)
			rv = -1;
		free(month);
	}
	if (rv == -1)
		return -1;
	if (fc.items > FEE_ITEMS_MAX)
		fc.items = FEE_ITEMS_MAX;
	if ((yuan = fee_per_item((int)fc.items, items)) >= 0) {
		x->fee_lines = fee_explain_items((int)fc.items, items);
		*fen = yuan * 100;
	}
	return 0;
}

static int
fx_fee(struct exec *x)
{
	struct store_case *c = x->c;
	long long fen;

	if (fee_compute(x, &fen) == -1)
		return -1;
	c->fee_fen = fen >= 0 ? fen : x->cmd->amount;
	g_string_append_printf(x->result, "收费通知已发出（%lld.%02lld元）。",
	    c->fee_fen / 100, c->fee_fen % 100);
	return 0;
}

static int
mail_fee(struct exec *x)
{
	const struct config *cfg = x->ctx->cfg;
	struct store_case *c = x->c;
	const char *basis = x->cmd->argument;
	int pages = strstr(basis, "页") != NULL;
	struct vars vs;
	char amount[32], days[16];
	char *dl = rq_add_days(x->ctx, x->today,
	    (int)cfg->deadlines.fee_payment_days, NULL);
	int rv;

	exec_vars(x, &vs, c->lang ? c->lang : "zh");
	snprintf(amount, sizeof(amount), "%lld.%02lld", c->fee_fen / 100,
	    c->fee_fen % 100);
	rq_var(&vs, "fee_amount", amount);
	rq_var(&vs, "fee_basis", basis);
	rq_var(&vs, "fee_lines", x->fee_lines ? x->fee_lines : basis);
	snprintf(days, sizeof(days), "%u", cfg->deadlines.fee_payment_days);
	rq_var(&vs, "fee_days", days);
	rq_var(&vs, "fee_mode", pages ? "按量计收" : "按件计收");
	rq_var(&vs, pages ? "fee_by_volume" : "fee_by_item", "1");
	rq_var_deadline(&vs, "fee_deadline", "fee_by", dl,
	    c->lang ? c->lang : "zh");
	/* 109号: the notice states how and where to pay. */
	rq_var(&vs, "payment_method", cfg->fee.payment_method);
	free(dl);
	rv = rq_send_mail(x->ctx, c, "fee_notice", c->applicant_email, -1, &vs,
	    NULL);
	rq_vars_free(&vs);
	return rv;
}

static int
fx_cleared(struct exec *x)
{
	char *detail = xasprintf("保密审查：审批人确认可以发送。理由：%s",
	    x->cmd->argument);
	int rv;

	rv = rq_event(x->ctx, x->c->id, "secrecy-cleared",
	    x->ctx->msg->from.addr, detail);
	free(detail);
	if (rv == 0)
		g_string_append(x->result, "保密审查已确认。");
	return rv;
}

static int
fx_secrecy(struct exec *x)
{
	g_string_append(x->result, "保密审查发现问题，答复未发送申请人，"
	    "已告知主管处室和秘书处，待审批人确认。");
	return 0;
}

static int	secrecy_held(struct request_ctx *, const struct store_case *,
		    const struct secrecy_hits *, const char *);

static int
mail_secrecy(struct exec *x)
{
	return secrecy_held(x->ctx, x->c, x->hits, x->line);
}

/* The CONSULT's question and the day of its letter (its event). */
static int
consult_of(struct request_ctx *ctx, const char *case_id, char **question,
    char **day)
{
	const char *kw = command_kind_name(COMMAND_CONSULT);
	char *detail = NULL, iso[CALENDAR_DATE_LEN];
	size_t n = strlen(kw);
	time_t at;
	int r;

	*question = *day = NULL;
	if ((r = store_event_last(ctx->st, case_id, kw, &at, &detail)) != 1) {
		free(detail);
		return r;
	}
	/* request_reply() wrote "consult: QUESTION". */
	*question = xstrdup(detail != NULL && strncmp(detail, kw, n) == 0 &&
	    detail[n] == ':' ? detail + n + 1 + (detail[n + 1] == ' ') :
	    detail ? detail : "");
	free(detail);
	*day = xstrdup(rq_date_iso(clock_local_day(at,
	    ctx->cfg->office.timezone, NULL), iso));
	return 1;
}

/*
 * Art. 32: the answer discloses over the third party's objection; the
 * third party is told in writing, with the content and the reason,
 * before the answer goes (this row runs before "answer").
 */
static int
mail_decision(struct exec *x)
{
	struct store_case *c = x->c;
	struct vars vs;
	char *reason, *question = NULL, *day = NULL, *detail;
	int r, rv = -1;

	if (c->answer_type == NULL || (strcmp(c->answer_type, "disclose") != 0 &&
	    strcmp(c->answer_type, "partial") != 0) || c->third_party == NULL)
		return 0;
	if ((r = rq_third_party_objected(x->ctx, c)) != 1)
		return r;
	reason = command_disclose_reason(c->draft ? c->draft : "");
	exec_vars(x, &vs, "zh");
	if (consult_of(x->ctx, c->id, &question, &day) == -1)
		goto out;
	rq_var_take(&vs, "third_party_name", rq_third_party_name(question));
	rq_var(&vs, "consult_question", question);
	rq_var_take(&vs, "notice_date", rq_date_words(day, "zh"));
	rq_var(&vs, "disclose_reason", reason);
	if (rq_var_remedy(x->ctx, &vs, c->answer_type, "zh") == -1 ||
	    rq_send_mail(x->ctx, c, "disclosure_decision", c->third_party, -1,
	    &vs, NULL) == -1)
		goto out;
	detail = xasprintf("公开决定告知书 to the third party %s before the "
	    "answer (Art. 32); reason: %s", c->third_party,
	    reason ? reason : "");
	rv = rq_event(x->ctx, c->id, "third-party-told", NULL, detail);
	free(detail);
out:
	rq_vars_free(&vs);
	free(reason);
	free(question);
	free(day);
	return rv;
}

/*
 * An item goes public.  The approver's final approval records the
 * secrecy review (seed §11) in its history and on its 审核表: passed, no
 * marking found, or cleared by the approver (the CLEARED row says how).
 * A proactive item has a due date (Art. 26, 20 working days after its
 * information was formed); published after it, it is marked late: an
 * event "late" says by how many working days.
 */
static int
fx_publish(struct exec *x)
{
	struct store_case *c = x->c;
	int due = rq_parse_date(c->due_date), n = 0, p = 0, rv;
	char *detail = NULL;
	time_t at;

	c->closed_at = x->ctx->now;
	if ((rv = store_event_last(x->ctx->st, c->id, "secrecy-cleared", &at,
	    &detail)) == -1)
		return -1;
	free(detail);
	if (rq_event(x->ctx, c->id, ITEM_SECRECY_REVIEW, NULL, rv == 1 ?
	    ITEM_SECRECY_CLEARED : ITEM_SECRECY_PASSED) == -1)
		return -1;
	if (due == 0 || x->today <= due) {
		g_string_append(x->result, "已发布。");
		return 0;
	}
	calendar_count(datadir_calendar(x->ctx->cfg), due, x->today, &n, &p);
	g_string_append_printf(x->result, "已发布（逾期%d个工作日）。", n);
	detail = xasprintf("published %d working days after its due date "
	    "%s", n, c->due_date);
	rv = rq_event(x->ctx, c->id, "late", NULL, detail);
	free(detail);
	return rv;
}

static int
mail_catalogue(struct exec *x)
{
	return rq_item_catalogue(x->ctx, x->c);
}

static int
mail_publish(struct exec *x)
{
	return rq_item_publish(x->ctx, x->c);
}

static int
fx_answer(struct exec *x)
{
	x->c->closed_at = x->ctx->now;
	g_string_append(x->result, "答复书已发送申请人，本案办结。");
	return 0;
}

/*
 * The value of the first `label：value` line of a draft whose label is
 * one of `labels` (full-width or ASCII colon), or NULL.
 */
static char *
draft_value(const char *draft, const char *const *labels)
{
	const char *p, *eol, *v;
	size_t i, n;

	for (p = draft; p != NULL && *p != '\0'; p = *eol ? eol + 1 : eol) {
		eol = p + strcspn(p, "\n");
		while (*p == ' ' || *p == '\t')
			p++;
		for (i = 0; labels[i] != NULL; i++) {
			n = strlen(labels[i]);
			if (g_ascii_strncasecmp(p, labels[i], n) != 0)
				continue;
			v = p + n;
			if (strncmp(v, "：", 3) == 0)
				v += 3;
			else if (*v == ':')
				v++;
			else
				continue;
			while (*v == ' ' || *v == '\t')
				v++;
			if (v < eol)
				return g_strstrip(xstrndup(v, eol - v));
		}
	}
	return NULL;
}

/* Art. 36(5): the agency responsible and its contact, when the handler
 * named them in the draft (负责机关：…, 联系方式：…). */
static void
answer_agency_vars(const struct store_case *c, struct vars *vs)
{
	static const char *const agency[] = { "负责机关", "负责公开机关",
	    "Agency", NULL };
	static const char *const contact[] = { "联系方式", "Contact", NULL };

	if (c->answer_type == NULL ||
	    strcmp(c->answer_type, "unavailable:other-agency") != 0 ||
	    c->draft == NULL)
		return;
	rq_var_take(vs, "other_agency", draft_value(c->draft, agency));
	rq_var_take(vs, "other_agency_contact", draft_value(c->draft,
	    contact));
}

static int
mail_answer(struct exec *x)
{
	struct store_case *c = x->c;
	struct attlist att = { NULL, 0 };
	struct answer_items items;
	GString *names = g_string_new(NULL);
	struct vars vs;
	char *tname, *text, *rtype = NULL;
	size_t i;
	int rv = -1;

	exec_vars(x, &vs, c->lang ? c->lang : "zh");
	/* Several items: one letter answering each in order, the remedy
	 * clause once, that of the item whose TYPE goes to reconsideration
	 * first if any does (answer_items.h, remedy.h); the case counts
	 * under the first item. */
	if (answer_items_parse(c->draft, &items, NULL) == 1) {
		tname = xstrdup("items_answer");
		text = answer_items_render(&items, c->lang);
		rq_var(&vs, "answer_items", text);
		free(text);
		for (i = 0; i < items.n && rtype == NULL; i++)
			if (strcmp(remedy_template(
			    x->ctx->cfg->remedy.review_first, items.v[i].type),
			    REMEDY_TEMPLATE_FIRST) == 0)
				rtype = xstrdup(items.v[i].type);
		answer_items_free(&items);
	} else
		tname = template_answer_name(c->answer_type ?
		    c->answer_type : "disclose");
	if (c->draft_mail_id > 0 && store_attachments_of(x->ctx->st,
	    c->draft_mail_id, rq_collect_attachment, &att) == -1)
		goto out;
	for (i = 0; i < att.n; i++)
		g_string_append_printf(names, "%s%s", i ? "、" : "",
		    att.v[i].filename);
	rq_var(&vs, "attachments", names->str);
	if (rq_var_remedy(x->ctx, &vs, rtype != NULL ? rtype : c->answer_type,
	    c->lang ? c->lang : "zh") == -1)
		goto out;
	answer_agency_vars(c, &vs);
	if (c->answer_type != NULL &&
	    strcmp(c->answer_type, "not-processed:repeat") == 0 &&
	    rq_doc_earlier(x->ctx, c, &vs, c->lang ? c->lang : "zh") == -1)
		goto out;
	rv = rq_send_mail(x->ctx, c, tname ? tname : "answer_disclose",
	    c->applicant_email, -1, &vs, &att);
out:
	g_string_free(names, TRUE);
	free(tname);
	free(rtype);
	rq_attlist_free(&att);
	rq_vars_free(&vs);
	return rv;
}

/*
 * What the handler is told when the head or a third party answers: the
 * decision in words, with its reason or comment.
 */
static char *
told_handler(const struct store_case *c, enum command_role role,
    const struct command *cmd, int agency)
{
	const char *who = agency ? "被征求意见机关" : role_title(role, "zh");
	const char *arg = cmd->argument;
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
		due = rq_date_words(c->due_date, "zh");
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

/* What the new holder is told, with the command's words. */
static void
notify_vars_command(struct exec *x, struct vars *vs)
{
	const struct config *cfg = x->ctx->cfg;
	const struct command *cmd = x->cmd;
	char days[16], *dl;

	rq_var(vs, "comment", cmd->argument);
	if (x->out->effects & WF_FX_TELL_HANDLER)
		rq_var_take(vs, "comment", told_handler(x->c, x->role, cmd,
		    x->prev_state != NULL && strcmp(x->prev_state,
		    workflow_state_name(WF_AGENCY)) == 0));
	else if (cmd->kind == COMMAND_REJECT)
		rq_var(vs, "rejected_by", role_title(x->role, "zh"));
	if (cmd->kind == COMMAND_EXTEND) {
		rq_var(vs, "extension_reason", cmd->argument);
		snprintf(days, sizeof(days), "%u",
		    cfg->deadlines.extension_days);
		rq_var(vs, "extension_days", days);
		dl = rq_add_days(x->ctx, rq_parse_date(x->c->due_date),
		    (int)cfg->deadlines.extension_days, NULL);
		rq_var_deadline(vs, "new_due_date", "new_due_by", dl, "zh");
		free(dl);
	}
	if (cmd->kind == COMMAND_CONSULT ||
	    cmd->kind == COMMAND_CONSULT_AGENCY) {
		unsigned n = cmd->kind == COMMAND_CONSULT ?
		    cfg->deadlines.third_party_days :
		    cfg->deadlines.agency_days;

		char *name = rq_third_party_name(cmd->argument);

		/* an agency without a 名称： line is 贵机关, not 第三方 */
		if (cmd->kind == COMMAND_CONSULT_AGENCY &&
		    strcmp(name, "第三方") == 0) {
			free(name);
			name = xstrdup("贵机关");
		}
		dl = rq_add_days(x->ctx, x->today, (int)n, NULL);
		snprintf(days, sizeof(days), "%u", n);
		rq_var_take(vs, "third_party_name", name);
		rq_var(vs, "consult_question", cmd->argument);
		rq_var(vs, "consult_days", days);
		rq_var_deadline(vs, "consult_deadline", "consult_by", dl,
		    "zh");
		free(dl);
	}
}

static int
mail_notify(struct exec *x)
{
	struct vars vs;
	int rv;

	exec_vars(x, &vs, "zh");
	rq_vars_applicant_masked(&vs, x->c);
	if (x->cmd != NULL)
		notify_vars_command(x, &vs);
	else
		rq_var(&vs, "comment", x->comment);
	rv = rq_notify_step(x->ctx, x->c, &vs);
	rq_vars_free(&vs);
	return rv;
}

#define FX(x)	WF_FX_##x
static const struct fx_entry fx_table[] = {
	{ "assign",	FX(ASSIGN),	 fx_assign,	 NULL },
	{ "set",	FX(SET),	 fx_set,	 NULL },
	{ "draft",	FX(DRAFT),	 fx_draft,	 NULL },
	{ "restart",	FX(RESTART) | FX(CORRECTED), fx_restart, NULL },
	{ "silent",	FX(SILENT),	 fx_silent,	 mail_silent },
	{ "abandoned",	FX(ABANDONED),	 fx_abandoned,	 mail_abandoned, 1 },
	{ "pause",	FX(PAUSE),	 fx_pause,	 NULL },
	{ "resume",	FX(RESUME),	 fx_resume,	 NULL },
	{ "ext-request", FX(EXT_REQUEST), fx_ext_request, NULL },
	{ "extend",	FX(EXTEND),	 fx_extend,	 mail_extend, 1 },
	{ "consult",	FX(CONSULT),	 fx_consult,	 NULL },
	{ "agency",	FX(AGENCY),	 fx_agency,	 mail_agency },
	{ "ask-reason",	FX(ASK_REASON),	 fx_ask_reason,	 mail_ask_reason },
	{ "defer",	FX(DEFER),	 fx_defer,	 mail_defer },
	{ "withdraw",	FX(WITHDRAW),	 fx_withdraw,	 mail_withdraw, 1 },
	{ "correction",	FX(CORRECTION),	 fx_correction,	 mail_correction, 1 },
	{ "fee",	FX(FEE),	 fx_fee,	 mail_fee, 1 },
	{ "cleared",	FX(CLEARED),	 fx_cleared,	 NULL },
	{ "secrecy",	FX(SECRECY),	 fx_secrecy,	 mail_secrecy },
	/* Art. 32: the third party before the applicant */
	{ "decision",	FX(ANSWER),	 NULL,		 mail_decision },
	{ "answer",	FX(ANSWER),	 fx_answer,	 mail_answer, 1 },
	/* 增补主动公开: a proactive item from the answer (seed §8.1) */
	{ "catalogue",	FX(ANSWER),	 NULL,		 mail_catalogue },
	/* an item: the website's files, once the case is published */
	{ "publish",	FX(PUBLISH),	 fx_publish,	 mail_publish },
	/* whoever now holds the case: last, once the rest is sent */
	{ "notify",	FX(NOTIFY) | FX(TELL_HANDLER) | FX(CONSULT) |
	    FX(AGENCY) | FX(EXT_REQUEST), NULL,		 mail_notify },
};
#undef FX

/* An effect's mail, as rq_doc_pass() runs it. */
static int
exec_mail(void *arg)
{
	struct exec *x = arg;

	return x->mail(x);
}

/*
 * The one place a case's state, step, holder and version change: the
 * outcome written back with everything the effects did to the case.
 */
static int
case_write(struct exec *x)
{
	struct store_case *c = x->c;

	store_case_setstr(&c->state, workflow_state_name(x->out->next));
	store_case_setstr(&c->step, command_role_name(x->out->step));
	store_case_setstr(&c->assignee, rq_role_address(x->ctx->cfg, c,
	    x->out->step));
	c->version++;
	return store_case_put(x->ctx->st, c);
}

/* The administrator's line for a decision applied (never its text). */
static void
exec_log(const struct exec *x)
{
	static const char *const expiry[] = {
		[REQUEST_EXPIRE_CORRECTION] = "no-correction",
		[REQUEST_EXPIRE_FEE] = "fee-unpaid",
		[REQUEST_EXPIRE_THIRD_PARTY] = "third-party-silent",
		[REQUEST_EXPIRE_AGENCY] = "agency-silent",
	};
	const char *what, *who;

	if (x->cmd != NULL) {
		what = command_kind_name(x->cmd->kind);
		who = command_role_name(x->role);
	} else if (x->deadline != NULL) {
		what = expiry[x->what];
		who = "deadline";
	} else if (x->out->effects & WF_FX_WITHDRAW) {
		what = "withdrawal";
		who = command_role_name(x->role);
	} else {
		what = "correction-received";
		who = command_role_name(x->role);
	}
	log_info("%s: %s by %s applied: %s -> %s, step %s", x->c->id, what,
	    who, x->prev_state, x->c->state, x->c->step ? x->c->step : "-");
}

/*
 * Carries out what workflow.c decided: every effect's change, the case
 * written once, then every effect's mail.  x->result says what was done
 * (never empty: the transcript reads "" as nothing applied).
 */
int
rq_execute(struct exec *x)
{
	const struct command *cmd = x->cmd;
	unsigned fx = x->out->effects;
	size_t i;
	int rv = -1;

	x->today = rq_today(x->ctx);
	if (x->resume_to == 0)
		x->resume_to = x->today;
	x->prev_state = xstrdup(x->c->state);
	x->old_due = x->c->due_date ? xstrdup(x->c->due_date) : NULL;
	if (cmd != NULL && cmd->kind == COMMAND_APPROVE)
		g_string_append(x->result, "已同意。");
	else if (cmd != NULL && cmd->kind == COMMAND_REJECT)
		g_string_append(x->result, "已退回。");
	else if (cmd != NULL && cmd->kind == COMMAND_NOTE)
		g_string_append(x->result, "备注已记录。");
	for (i = 0; i < G_N_ELEMENTS(fx_table); i++) {
		if (!(fx & fx_table[i].flags))
			continue;
		log_debug("%s: %s", x->c->id, fx_table[i].name);
		if (fx_table[i].change != NULL && fx_table[i].change(x) == -1)
			goto out;
	}
	if (case_write(x) == -1)
		goto out;
	exec_log(x);
	if ((fx & (WF_FX_NOTIFY | WF_FX_TELL_HANDLER)) &&
	    x->c->assignee != NULL)
		g_string_append_printf(x->result, "已送%s（%s）。",
		    role_title(x->out->step, "zh"), x->c->assignee);
	if (x->result->len == 0)
		g_string_append(x->result, "已执行。");
	for (i = 0; i < G_N_ELEMENTS(fx_table); i++) {
		const struct fx_entry *e = &fx_table[i];

		if (!(fx & e->flags) || e->mail == NULL)
			continue;
		x->mail = e->mail;
		if ((e->document ? rq_doc_pass(x->ctx, x->c, exec_mail, x) :
		    e->mail(x)) == -1)
			goto out;
	}
	rv = 0;
out:
	free(x->prev_state);
	free(x->old_due);
	free(x->fee_lines);
	x->prev_state = x->old_due = x->fee_lines = NULL;
	return rv;
}

/*
 * The secrecy check of the answer about to go (screen.h): the draft and
 * the attachments that go with it.  1 when something was found (*hits
 * says what), 0 when nothing was, -1 when the database failed.
 */
int
rq_screen_answer(struct request_ctx *ctx, const struct store_case *c,
    struct secrecy_hits *hits)
{
	struct attlist att = { NULL, 0 };
	struct screen_file *f;
	size_t i, n;

	if (c->draft_mail_id > 0 && store_attachments_of(ctx->st,
	    c->draft_mail_id, rq_collect_attachment, &att) == -1) {
		rq_attlist_free(&att);
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
	rq_attlist_free(&att);
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
	rq_vars_init(&vs);
	if (rq_event(ctx, c->id, "secrecy-hold", NULL, detail) == -1)
		goto out;
	rq_vars_case(&vs, ctx, c, "zh");
	rq_var(&vs, "secrecy_findings", found);
	rq_var(&vs, "command", command);
	rq_var(&vs, "sender", ctx->msg->from.addr);
	if (rq_send_mail(ctx, c, "secrecy_alert", rq_role_address(cfg, c,
	    COMMAND_ROLE_SUPERVISING), -1, &vs, NULL) == -1 ||
	    rq_send_mail(ctx, c, "secrecy_alert", rq_role_address(cfg, c,
	    COMMAND_ROLE_SECRETARIAT), -1, &vs, NULL) == -1 ||
	    rq_send_mail_in(ctx, c, "secrecy_request", c->assignee,
	    COMMAND_ROLE_APPROVER, &vs, NULL, ctx->msg->message_id) == -1)
		goto out;
	rv = 0;
out:
	rq_vars_free(&vs);
	free(found);
	free(detail);
	return rv;
}
