/*
 * request_auth.c - who may change a case (request_p.h): a command needs
 * its holder's unspent token, the single From it was issued to and, when
 * required, DMARC; the applicant's mail needs the applicant's token.
 * What fails is refused (the token's holder told, maybe the secretariat)
 * or held (the handler told); nothing is applied.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <glib.h>

#include "authres.h"
#include "config.h"
#include "fields.h"
#include "mime.h"
#include "request_p.h"
#include "store.h"
#include "token.h"
#include "xmalloc.h"

/*
 * DMARC as doc/mail.md says: the topmost Authentication-Results
 * stamped by authserv_id says dmarc=pass for the domain of the single
 * From, or dkim=pass aligned with it (authres.c reads the field).
 */
int
rq_dmarc_pass(const struct config *cfg, const struct message *m)
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
	if (cfg->security.require_dmarc && !rq_dmarc_pass(cfg, m))
		return "dmarc";
	return NULL;
}

const char *
rq_authorise(struct request_ctx *ctx, const struct store_token *t,
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
int
rq_refuse(struct request_ctx *ctx, const struct store_case *c,
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
	if (rq_event(ctx, c->id, "refused", m->from.addr, detail) == -1)
		goto out;
	rq_vars_init(&vs);
	rq_vars_case(&vs, ctx, c, "zh");
	command_role_parse(t->step, &trole);
	rq_var(&vs, "step_person", t->recipient);
	rq_var(&vs, "step_role", role_title(trole, "zh"));
	rq_var(&vs, "command", command);
	rq_var(&vs, "reason", why);
	rq_var(&vs, "sender", m->from.addr);
	rq_var(&vs, "recipient", t->recipient);
	rq_var(&vs, "message_id", m->message_id);
	rq_var(&vs, "mail_subject", m->subject);
	/* Never to the claimed sender: to the address on record. */
	if (rq_send_mail(ctx, c, "refused_notice", t->recipient, -1, &vs,
	    NULL) == -1 ||
	    (alert && rq_send_mail(ctx, c, "forgery_alert",
	    ctx->cfg->office.secretariat, -1, &vs, NULL) == -1)) {
		rq_vars_free(&vs);
		goto out;
	}
	rq_vars_free(&vs);
	ctx->result = "refused";
	rv = 0;
out:
	free(detail);
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
const char *
rq_applicant_trust(struct request_ctx *ctx, const struct store_case *c,
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
int
rq_held(struct request_ctx *ctx, const struct store_case *c, const char *why)
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
	if (rq_event(ctx, c->id, "held", m->from.addr, detail) == -1) {
		free(detail);
		return -1;
	}
	free(detail);
	n = g_utf8_strlen(m->text, -1);
	text = g_utf8_substring(m->text, 0, n < 2000 ? n : 2000);
	excerpt = fields_mask_text(text);
	g_free(text);
	reason = xasprintf("%s（%s）", words, why);
	rq_vars_init(&vs);
	rq_vars_case(&vs, ctx, c, "zh");
	rq_var(&vs, "reason", reason);
	rq_var(&vs, "sender", m->from.addr ? m->from.addr : "");
	rq_var(&vs, "mail_subject", m->subject ? m->subject : "");
	rq_var(&vs, "message_id", m->message_id ? m->message_id : "");
	rq_var(&vs, "comment", excerpt);
	rv = rq_send_mail(ctx, c, "held_mail", rq_role_address(ctx->cfg, c,
	    COMMAND_ROLE_HANDLER), -1, &vs, NULL);
	rq_vars_free(&vs);
	free(reason);
	free(excerpt);
	if (rv == 0)
		ctx->result = "held";
	return rv;
}
