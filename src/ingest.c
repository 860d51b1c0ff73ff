/*
 * ingest.c - the path of every inbound mail.  See ingest.h.
 *
 * Order matters for "nothing lost, nothing twice": the repeat check needs
 * only the bytes' hash, so it comes before the spool; the spool comes
 * before the parse, so that a mail that upsets the parser is on disk
 * first; the decision and the mail's row share one transaction, and the
 * repeat check runs again inside it, so two processes (the daemon and
 * `gongkai ingest`) cannot both act on one mail.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>

#include "address.h"
#include "classify.h"
#include "clock.h"
#include "config.h"
#include "ingest.h"
#include "log.h"
#include "mime.h"
#include "mime_wire.h"
#include "request.h"
#include "route.h"
#include "spool.h"
#include "store.h"
#include "workflow.h"
#include "xmalloc.h"

/* Longest subject kept in the pen and in events, in characters. */
#define INGEST_SUBJECT_MAX	200

struct ingest {
	const struct config	*cfg;
	struct store		*st;
	const struct message	*msg;
	struct store_mail	 row;
	struct ingest_result	*res;
	time_t			 now;
	char			**att_paths;	/* the spool's, per attachment */
	long long		 redo_id;	/* a held mail decided again */
};

static int	record_attachments(struct ingest *, char **);

static char *
lk_token(void *arg, const char *token)
{
	return store_case_by_token(arg, token);
}

static char *
lk_msgid(void *arg, const char *msgid)
{
	return store_case_by_message_id(arg, msgid);
}

/* A case takes mail unless it has ended; -1 when there is none. */
static int
lk_open(void *arg, const char *case_id)
{
	char *state = NULL;
	int r = store_case_state(arg, case_id, &state), open;

	if (r != 1)
		return -1;
	open = workflow_word_is_open(state);
	free(state);
	return open;
}

/* A bounded copy of the subject, for the pen and events. */
static char *
short_subject(const struct message *msg)
{
	return xstrcut(msg->subject, INGEST_SUBJECT_MAX);
}

static const char *const *
recipients(const struct message *msg, GPtrArray *a)
{
	const struct mime_addrlist *lists[] = { &msg->to, &msg->cc,
	    &msg->delivered_to, &msg->x_original_to };
	size_t i, j;

	for (i = 0; i < G_N_ELEMENTS(lists); i++)
		for (j = 0; j < lists[i]->n; j++)
			g_ptr_array_add(a, lists[i]->v[j].addr);
	g_ptr_array_add(a, NULL);
	return (const char *const *)a->pdata;
}

static int
record_mail(struct ingest *in, const char *outcome, const char *case_id,
    const char *detail)
{
	in->row.outcome = outcome;
	in->row.case_id = case_id;
	in->row.detail = detail;
	in->res->outcome = outcome;
	if (case_id != NULL)
		g_strlcpy(in->res->case_id, case_id,
		    sizeof(in->res->case_id));
	if (in->redo_id > 0) {
		/* Its row and attachments are recorded: a new decision. */
		in->res->mail_id = in->redo_id;
		if (store_mail_redo(in->st, in->redo_id, outcome, case_id,
		    detail) == -1)
			return -1;
	} else if ((in->res->mail_id = store_mail_add(in->st, &in->row)) ==
	    -1)
		return -1;
	/* Before any decision, which may send them on (a draft's). */
	if (in->redo_id == 0 && in->att_paths != NULL &&
	    record_attachments(in, in->att_paths) == -1)
		return -1;
	if (case_id != NULL && in->msg->message_id != NULL &&
	    store_case_message_add(in->st, in->msg->message_id, case_id,
	    "in") == -1)
		return -1;
	return 0;
}

/*
 * Holds a mail in the pen.  It belongs to no case until filed by hand;
 * the case it seemed to concern (a closed or unknown one) is noted.
 */
static int
to_pen(struct ingest *in, const char *reason, const char *case_id)
{
	struct store_pen p = { 0 };
	char *subject = short_subject(in->msg), *detail;
	int rv;

	detail = case_id ? xasprintf("%s %s", reason, case_id) :
	    xstrdup(reason);
	rv = record_mail(in, "pen", NULL, detail);
	free(detail);
	if (rv == -1) {
		free(subject);
		return -1;
	}
	p.mail_id = in->res->mail_id;
	p.reason = reason;
	p.sender = in->msg->from.addr;
	p.subject = subject;
	p.received_at = in->row.arrived_at;
	in->res->reason = reason;
	rv = store_pen_add(in->st, &p);
	free(subject);
	return rv;
}

static int
event(struct ingest *in, const char *case_id, const char *type,
    const char *detail)
{
	return store_event_add(in->st, case_id, in->now, type,
	    in->msg->from.addr, detail, in->res->mail_id);
}

static void
request_ctx_init(struct request_ctx *rc, struct ingest *in)
{
	memset(rc, 0, sizeof(*rc));
	rc->cfg = in->cfg;
	rc->st = in->st;
	rc->msg = in->msg;
	rc->mail_id = in->res->mail_id;
	rc->now = in->now;
	rc->arrived = in->row.arrived_at;
}

/* A new request: the mail's row first, then the case that it opens. */
static int
new_request(struct ingest *in)
{
	struct request_ctx rc;
	char id[32];

	if (record_mail(in, "new-request", NULL, NULL) == -1)
		return -1;
	request_ctx_init(&rc, in);
	if (request_open(&rc, id, sizeof(id)) == -1 ||
	    store_mail_set_case(in->st, in->res->mail_id, id) == -1 ||
	    (in->msg->message_id != NULL && store_case_message_add(in->st,
	    in->msg->message_id, id, "in") == -1))
		return -1;
	g_strlcpy(in->res->case_id, id, sizeof(in->res->case_id));
	return 0;
}

/* An item for publication (request_item.c): opened, answered with its
 * form's faults, or held as not a handler's. */
static int
new_item(struct ingest *in)
{
	struct request_ctx rc;
	char id[32];
	int r;

	request_ctx_init(&rc, in);
	if (!request_item_sender_ok(&rc))
		return to_pen(in, "not-a-handler", NULL);
	if (record_mail(in, "new-item", NULL, NULL) == -1)
		return -1;
	request_ctx_init(&rc, in);
	if ((r = request_item_open(&rc, id, sizeof(id))) == -1)
		return -1;
	if (r == 1) {
		in->res->reason = rc.result;
		in->res->outcome = "item-invalid";
		return store_mail_redo(in->st, in->res->mail_id,
		    "item-invalid", NULL, rc.result);
	}
	if (store_mail_set_case(in->st, in->res->mail_id, id) == -1 ||
	    (in->msg->message_id != NULL && store_case_message_add(in->st,
	    in->msg->message_id, id, "in") == -1))
		return -1;
	g_strlcpy(in->res->case_id, id, sizeof(in->res->case_id));
	in->res->reason = rc.result;
	return 0;
}

/* A request by another channel (`gongkai open`): opened whatever it is. */
static int
channel_request(struct ingest *in, const char *channel)
{
	struct request_ctx rc;
	char id[32];

	if (record_mail(in, "new-request", NULL, NULL) == -1)
		return -1;
	request_ctx_init(&rc, in);
	rc.channel = channel;
	if (request_open(&rc, id, sizeof(id)) == -1 ||
	    store_mail_set_case(in->st, in->res->mail_id, id) == -1 ||
	    (in->msg->message_id != NULL && store_case_message_add(in->st,
	    in->msg->message_id, id, "in") == -1))
		return -1;
	g_strlcpy(in->res->case_id, id, sizeof(in->res->case_id));
	return 0;
}

/* What routing reads of the mail; rcpt holds the recipients. */
static void
route_input_of(const struct ingest *in, struct route_input *ri,
    GPtrArray *rcpt)
{
	memset(ri, 0, sizeof(*ri));
	ri->office_address = in->cfg->office.address;
	ri->case_prefix = in->cfg->office.case_prefix;
	ri->recipients = recipients(in->msg, rcpt);
	ri->in_reply_to = in->msg->in_reply_to;
	ri->references = (const char *const *)in->msg->references.v;
	ri->subject = in->msg->subject;
	ri->text = in->msg->text;
}

/* Human mail: token, thread, tag, new or pen. */
static int
route_human(struct ingest *in)
{
	struct route_lookup lk = { lk_token, lk_msgid, lk_open, in->st };
	struct request_ctx rc;
	struct route_input ri;
	struct route_result rr;
	GPtrArray *rcpt = g_ptr_array_new();
	char *detail = NULL;
	int r, rv = -1;

	route_input_of(in, &ri, rcpt);
	route_mail(&ri, &lk, &rr);

	switch (rr.kind) {
	case ROUTE_TOKEN:
		/* The applicant's token: their mail in the thread, vouched. */
		if (request_applicant_token(in->st, rr.token))
			goto thread;
		detail = xasprintf("token via %s", rr.via);
		if (record_mail(in, "reply", rr.case_id, detail) == -1 ||
		    event(in, rr.case_id, "reply", detail) == -1)
			goto out;
		request_ctx_init(&rc, in);
		if (request_reply(&rc, rr.case_id, rr.token) == -1)
			goto out;
		in->res->reason = rc.result;
		break;
	case ROUTE_THREAD:
	case ROUTE_TAG:
	thread:
		detail = short_subject(in->msg);
		if (record_mail(in, "case-mail", rr.case_id, rr.via) == -1 ||
		    event(in, rr.case_id, "mail", detail) == -1)
			goto out;
		request_ctx_init(&rc, in);
		if (request_mail(&rc, rr.case_id, rr.kind == ROUTE_TOKEN ?
		    rr.token : NULL) == -1)
			goto out;
		if (strcmp(rc.result, "case-mail") != 0)
			in->res->reason = rc.result;
		break;
	case ROUTE_NEW:
		/* An item for publication: a handler's, or the pen; never
		 * a request. */
		if (request_item_kind(in->msg) != 0) {
			if (new_item(in) == -1)
				goto out;
			break;
		}
		/* A request needs an address to answer. */
		if (!address_valid(in->msg->from.addr) ||
		    in->msg->from_count != 1) {
			if (to_pen(in, "bad-sender", NULL) == -1)
				goto out;
			break;
		}
		/* No reflector: acknowledgments a day per sender, domain. */
		if ((r = request_ack_allowed(in->cfg, in->st,
		    in->msg->from.addr, in->now)) == -1)
			goto out;
		if (r == 0) {
			if (to_pen(in, "ack-rate-limit", NULL) == -1)
				goto out;
		} else if (new_request(in) == -1)
			goto out;
		break;
	case ROUTE_PEN:
		if (to_pen(in, rr.reason, rr.case_id) == -1)
			goto out;
		break;
	}
	rv = 0;
out:
	free(detail);
	route_result_clear(&rr);
	g_ptr_array_free(rcpt, TRUE);
	return rv;
}

/* The case a bounce or automatic reply concerns, or NULL (route.h). */
static char *
related_case(struct ingest *in, const char *orig_msgid)
{
	struct route_lookup lk = { lk_token, lk_msgid, lk_open, in->st };
	struct route_input ri;
	GPtrArray *rcpt = g_ptr_array_new();
	char *id;

	route_input_of(in, &ri, rcpt);
	id = route_bounce_case(&ri, orig_msgid, &lk);
	g_ptr_array_free(rcpt, TRUE);
	return id;
}

/*
 * The outgoing mail a bounce is about, known only by its envelope sender
 * (VERP): LOCAL+bounce-CASE-KIND-RANDOM@DOMAIN with the RANDOM of that
 * one outbox row (outbox.c).  The case and kind in the address are words
 * anyone can guess; the random part is not, so only an address that is
 * some sent mail's, whole, counts.  1 with *idp and *casep (the caller's,
 * NULL for mail about no case); 0 when none is; -1 on a store error.
 */
static int
bounce_row(struct ingest *in, long long *idp, char **casep)
{
	GPtrArray *rcpt = g_ptr_array_new();
	const char *const *r = recipients(in->msg, rcpt);
	size_t i;
	int rv = 0;

	*casep = NULL;
	for (i = 0; rv == 0 && r[i] != NULL; i++)
		if (route_is_verp(r[i], in->cfg->office.address))
			rv = store_outbox_by_envelope(in->st, r[i], idp, casep);
	g_ptr_array_free(rcpt, TRUE);
	return rv;
}

/*
 * A delivery status notification.  Only one sent to the envelope sender
 * of a mail we sent is believed: a hard failure marks that mail failed
 * and the case learns of it, a delay is noted.  Any other (a guessed
 * VERP address, the bare office address) changes nothing: it waits in
 * the pen with the case it names, for a person to read.
 */
static int
bounce(struct ingest *in, const struct classify_result *cr)
{
	char *case_id = NULL, *detail;
	long long id = 0;
	int r, rv = -1;

	if ((r = bounce_row(in, &id, &case_id)) == -1)
		return -1;
	if (r == 0) {
		case_id = related_case(in, cr->original_message_id);
		log_warnx("bounce%s%s not to the envelope sender of a mail "
		    "sent: unverified, held", case_id ? " about " : "",
		    case_id ? case_id : "");
		rv = to_pen(in, "bounce-unverified", case_id);
		free(case_id);
		return rv;
	}
	detail = xasprintf("%s %s to %s", cr->bounce_hard ? "failed" :
	    "delayed", cr->bounce_status ? cr->bounce_status : "?",
	    cr->bounce_recipient ? cr->bounce_recipient : "?");
	if (record_mail(in, "bounce", case_id, detail) == -1 ||
	    (cr->bounce_hard && store_outbox_bounced(in->st, id,
	    detail) == -1) ||
	    (case_id != NULL && event(in, case_id, cr->bounce_hard ?
	    "delivery-failed" : "delivery-delayed", detail) == -1))
		goto out;
	rv = 0;
out:
	free(case_id);
	free(detail);
	return rv;
}

static int
decide(struct ingest *in)
{
	struct classify_result cr;
	char *case_id = NULL, *detail = NULL;
	int rv = -1;

	if (in->msg->hold_reason != NULL)
		return to_pen(in, in->msg->hold_reason, NULL);

	classify_message(in->msg, in->cfg->office.address, NULL, &cr);
	switch (cr.kind) {
	case CLASSIFY_HUMAN:
		return route_human(in);
	case CLASSIFY_LOOP:
		return record_mail(in, "loop", NULL, NULL);
	case CLASSIFY_BOUNCE:
		rv = bounce(in, &cr);
		goto out;
	default:	/* auto-replies and list mail: recorded, never acted on */
		case_id = related_case(in, NULL);
		rv = record_mail(in, "automatic", case_id, cr.reason);
		goto out;
	}
out:
	free(case_id);
	free(detail);
	return rv;
}

/*
 * A mail too large to download: recorded as a holding-pen entry
 * "too-large"; its bytes stay on the IMAP server, in the done mailbox.
 */
static int
record_oversize(struct ingest *in, size_t size)
{
	static const struct message nomsg;
	char *key, *where, *why;
	long long id;
	int rv = -1;

	key = xasprintf("oversize:%lld:%lld", in->row.uidvalidity,
	    in->row.uid);
	where = xasprintf("imap:%s", in->cfg->imap.done_mailbox);
	why = xasprintf("%zu bytes, more than [security] max_message_bytes "
	    "= %u", size, in->cfg->security.max_message_bytes);
	/* No bytes, so no hash: a key no real hash can equal. */
	in->row.sha256 = key;
	in->row.spool_path = where;
	in->msg = &nomsg;
	if ((id = store_mail_find(in->st, in->row.uidvalidity, in->row.uid,
	    key)) > 0) {
		in->res->outcome = "duplicate";
		in->res->mail_id = id;
		rv = 0;
	} else if (id == 0)
		rv = to_pen(in, "too-large", NULL);
	if (rv == 0)
		log_warnx("mail uid %lld: %s", in->row.uid, why);
	free(key);
	free(where);
	free(why);
	in->msg = NULL;
	return rv;
}

/* Per item: what the first two passes learnt. */
struct ingest_prep {
	char		 sha[65];
	char		*rel;		/* spool path; NULL: seen, or oversize */
	struct message	*msg;
	char		**att_paths;	/* one per attachment */
};

/*
 * Pass 2 for one mail: parse it in the sandboxed child and store its
 * attachments by hash.  A mail the child fails on is held as
 * "parser-failed"; a sandbox that cannot start is the environment's
 * failure (-1: the batch is retried).
 */
static int
prepare(const struct config *cfg, const struct ingest_item *it,
    struct ingest_prep *p, struct mime_parser *mp, int *wrote, char **errp)
{
	char *why = NULL;
	size_t i;

	if ((p->msg = mime_parser_parse(mp, it->raw, it->len, &why)) == NULL) {
		*errp = xasprintf("parser: %s", why);
		free(why);
		return -1;
	}
	if (why != NULL) {
		log_warnx("mail %.16s: parser failed: %s", p->sha, why);
		free(why);
	}
	p->att_paths = xcalloc(p->msg->nattachments + 1, sizeof(char *));
	for (i = 0; i < p->msg->nattachments; i++) {
		const struct mime_attachment *a = &p->msg->attachments[i];

		if ((p->att_paths[i] = spool_store_attachment(cfg->store.spool,
		    a->data, a->len, a->sha256, 0, errp)) == NULL)
			return -1;
		*wrote = 1;
	}
	return 0;
}

static int
record_attachments(struct ingest *in, char **paths)
{
	size_t i;

	for (i = 0; i < in->msg->nattachments; i++) {
		const struct mime_attachment *a = &in->msg->attachments[i];
		struct store_attachment sa = { in->res->mail_id, a->sha256,
		    a->filename, a->content_type, (long long)a->len,
		    paths[i] };

		if (store_attachment_add(in->st, &sa) == -1)
			return -1;
	}
	return 0;
}

static void
prep_free(struct ingest_prep *p)
{
	size_t i;

	if (p->att_paths != NULL) {
		for (i = 0; p->att_paths[i] != NULL; i++)
			free(p->att_paths[i]);
		free(p->att_paths);
	}
	mime_message_free(p->msg);
	free(p->rel);
}

/*
 * Step 1 of a group: the raw bytes of every new mail to the spool, then
 * one sync; nothing is parsed before it is on disk.
 */
static int
group_spool(const struct config *cfg, struct store *st,
    struct ingest_item *items, struct ingest_prep *prep, size_t n,
    time_t now, char **errp)
{
	struct ingest_item *it;
	long long id;
	size_t i;
	int wrote = 0;

	/* The lookups of mails seen before in one read transaction (one
	 * lock, not two a mail). */
	if (store_begin_read(st) == -1)
		return -1;
	for (i = 0; i < n; i++) {
		it = &items[i];
		memset(&it->res, 0, sizeof(it->res));
		if (it->raw == NULL)
			continue;
		spool_sha256(it->raw, it->len, prep[i].sha);
		id = store_mail_find(st, it->src.uidvalidity, it->src.uid,
		    prep[i].sha);
		if (id == -1)
			goto fail;
		if (id > 0)
			continue;	/* seen: said again below */
		if ((prep[i].rel = spool_store(cfg->store.spool, it->raw,
		    it->len, prep[i].sha, now, 0, errp)) == NULL)
			goto fail;
		wrote = 1;
	}
	if (store_commit(st) == -1)
		goto fail;
	if (wrote && spool_sync(cfg->store.spool, errp) == -1)
		return -1;
	return 0;
fail:
	store_rollback(st);
	return -1;
}

/* Step 2: parse, and the attachments to the spool by hash; one sync. */
static int
group_parse(const struct config *cfg, struct ingest_item *items,
    struct ingest_prep *prep, size_t n, char **errp)
{
	struct mime_parser *mp = NULL;
	struct mime_limits lim;
	size_t i;
	int wrote = 0, rv = -1;

	mime_limits_default(&lim);
	lim.max_bytes = cfg->security.max_message_bytes;
	for (i = 0; i < n; i++) {
		if (prep[i].rel == NULL)
			continue;
		if (mp == NULL)
			mp = mime_parser_open(&lim);
		if (prepare(cfg, &items[i], &prep[i], mp, &wrote, errp) == -1)
			goto out;
	}
	mime_parser_close(mp);
	mp = NULL;
	if (wrote && spool_sync(cfg->store.spool, errp) == -1)
		goto out;
	rv = 0;
out:
	mime_parser_close(mp);
	return rv;
}

/* Step 3, for one mail inside the group's transaction: the repeat check
 * again, then its decision.  -1: roll the whole group back. */
static int
group_decide(const struct config *cfg, struct store *st,
    struct ingest_item *it, struct ingest_prep *prep, time_t now)
{
	struct ingest in = { 0 };
	long long id;

	in.cfg = cfg;
	in.st = st;
	in.res = &it->res;
	in.now = now;
	in.row.uidvalidity = it->src.uidvalidity;
	in.row.uid = it->src.uid;
	in.row.size = (long long)it->len;
	in.row.arrived_at = it->src.received_at > 0 &&
	    it->src.received_at < now ? it->src.received_at : now;
	in.row.source = it->src.kind;
	if (it->raw == NULL)
		return record_oversize(&in, it->len);
	id = store_mail_find(st, it->src.uidvalidity, it->src.uid,
	    prep->sha);
	if (id == -1)
		return -1;
	if (id > 0 || prep->rel == NULL) {
		it->res.outcome = "duplicate";
		it->res.mail_id = id;
		return 0;
	}
	in.msg = prep->msg;
	in.row.message_id = in.msg->message_id;
	in.row.sha256 = prep->sha;
	in.row.spool_path = prep->rel;
	in.att_paths = prep->att_paths;
	if (store_savepoint(st) == -1)
		return -1;
	if ((it->src.channel != NULL ? channel_request(&in,
	    it->src.channel) : decide(&in)) == 0)
		return store_release(st);
	/*
	 * This mail could not be acted on (a template or an address
	 * the outbox refuses): undo it alone and hold it, so that it
	 * neither blocks the others nor comes back every cycle.  If
	 * even that fails, the environment is at fault: retry all.
	 */
	if (store_rollback_savepoint(st) == -1)
		return -1;
	memset(&it->res, 0, sizeof(it->res));
	return to_pen(&in, "processing-failed", NULL);
}

/*
 * The administrator's line for a mail, once its decision is committed:
 * what it was, its case, the outcome, and where it came from (its
 * Message-ID may hold a token: log.c redacts it).
 */
static void
log_mail(const struct ingest_item *it, const struct message *msg)
{
	const struct ingest_result *r = &it->res;
	char src[32];

	if (r->outcome == NULL)
		return;
	if (it->src.uid > 0)
		snprintf(src, sizeof(src), "%s uid %lld", it->src.kind,
		    it->src.uid);
	else
		g_strlcpy(src, it->src.kind, sizeof(src));
	log_info("mail %lld: %s%s%s%s%s; from %s, message-id %s, %s",
	    r->mail_id, r->outcome, r->case_id[0] ? " " : "", r->case_id,
	    r->reason ? " " : "", r->reason ? r->reason : "",
	    msg && msg->from.addr ? msg->from.addr : "-",
	    msg && msg->message_id ? msg->message_id : "-", src);
}

/* One group of ingest_batch(), within the byte cap: all or nothing. */
static int
ingest_group(const struct config *cfg, struct store *st,
    struct ingest_item *items, size_t n)
{
	struct ingest_prep *prep = xcalloc(n, sizeof(*prep));
	time_t now = clock_now();
	char *err = NULL;
	size_t i;
	int rv = -1;

	if (group_spool(cfg, st, items, prep, n, now, &err) == -1 ||
	    group_parse(cfg, items, prep, n, &err) == -1)
		goto out;
	/* One transaction for the group's decisions. */
	if (store_begin(st) == -1)
		goto out;
	for (i = 0; i < n; i++)
		if (group_decide(cfg, st, &items[i], &prep[i], now) == -1)
			goto rollback;
	if (store_commit(st) == -1)
		goto rollback;
	for (i = 0; i < n; i++)
		log_mail(&items[i], prep[i].msg);
	rv = 0;
	goto out;
rollback:
	store_rollback(st);
	for (i = 0; i < n; i++)
		memset(&items[i].res, 0, sizeof(items[i].res));
out:
	if (err != NULL) {
		log_errorx("spool: %s", err);
		free(err);
	}
	for (i = 0; i < n; i++)
		prep_free(&prep[i]);
	free(prep);
	return rv;
}

int
ingest_batch(const struct config *cfg, struct store *st,
    struct ingest_item *items, size_t n)
{
	size_t i = 0, j, bytes, len;

	/* Parsed mail lives until its group commits: groups of at most
	 * [imap] batch_bytes of raw mail, or one larger mail alone. */
	while (i < n) {
		bytes = 0;
		for (j = i; j < n; j++) {
			len = items[j].raw != NULL ? items[j].len : 0;
			if (j > i && bytes + len > cfg->imap.batch_bytes)
				break;
			bytes += len;
		}
		if (ingest_group(cfg, st, items + i, j - i) == -1) {
			for (; i < n; i++)
				memset(&items[i].res, 0, sizeof(items[i].res));
			return -1;
		}
		i = j;
	}
	return 0;
}

int
ingest_mail(const struct config *cfg, struct store *st, const char *raw,
    size_t len, const struct ingest_source *src, struct ingest_result *res)
{
	struct ingest_item it = { raw, len, *src, { 0 } };
	int rv;

	rv = ingest_batch(cfg, st, &it, 1);
	*res = it.res;
	return rv;
}

/*
 * Parses held mail `mail_id` again (its bytes from the spool) into prep;
 * 1 with *errp when it cannot be (no bytes), -1 when the environment
 * failed.
 */
static int
held_parse(const struct config *cfg, long long mail_id,
    const struct store_held *h, struct ingest_item *it,
    struct ingest_prep *prep, char **errp)
{
	struct mime_parser *mp;
	struct mime_limits lim;
	GError *gerr = NULL;
	gchar *raw = NULL;
	gsize len;
	char *path;
	int wrote = 0, rv = -1;

	if (strncmp(h->spool_path, "in/", 3) != 0) {
		*errp = xasprintf("mail %lld was never downloaded (%s): "
		    "nothing to process", mail_id, h->spool_path);
		return 1;
	}
	path = xasprintf("%s/%s", cfg->store.spool, h->spool_path);
	if (!g_file_get_contents(path, &raw, &len, &gerr)) {
		*errp = xasprintf("mail %lld: %s", mail_id, gerr->message);
		g_error_free(gerr);
		free(path);
		return -1;
	}
	free(path);
	it->raw = raw;
	it->len = len;
	spool_sha256(raw, len, prep->sha);
	mime_limits_default(&lim);
	lim.max_bytes = cfg->security.max_message_bytes;
	mp = mime_parser_open(&lim);
	if (prepare(cfg, it, prep, mp, &wrote, errp) == 0 &&
	    (!wrote || spool_sync(cfg->store.spool, errp) == 0))
		rv = 0;
	mime_parser_close(mp);
	return rv;
}

/* The held mail's decision again, in one transaction; see ingest.h. */
static int
held_decide(struct ingest *in, int open, const char *reason,
    char **errp)
{
	const char *how = open ? "pen open" : "pen retry";
	time_t now = clock_now();
	char *detail;
	int r;

	if (store_begin(in->st) == -1)
		return -1;
	if ((r = open ? new_request(in) : decide(in)) == -1) {
		store_rollback(in->st);
		*errp = xasprintf("mail %lld could not be processed; it stays "
		    "held as %s (the log says why)", in->redo_id, reason);
		return 1;
	}
	if (strcmp(in->res->outcome, "pen") != 0 &&
	    store_pen_resolve(in->st, in->redo_id, in->res->case_id[0] ?
	    in->res->case_id : NULL, now) == -1)
		goto fail;
	if (in->res->case_id[0] != '\0') {
		detail = xasprintf("taken from the holding pen by `%s` "
		    "(held as %s)", how, reason);
		r = store_event_add(in->st, in->res->case_id, now, "mail",
		    "secretariat", detail, in->redo_id);
		free(detail);
		if (r == -1)
			goto fail;
	}
	if (store_commit(in->st) == -1)
		goto fail;
	log_info("mail %lld: %s: %s%s%s (held as %s)", in->redo_id, how,
	    in->res->outcome, in->res->case_id[0] ? " " : "",
	    in->res->case_id, reason);
	return 0;
fail:
	store_rollback(in->st);
	return -1;
}

int
ingest_held(const struct config *cfg, struct store *st, long long mail_id,
    int open, struct ingest_result *res, char **errp)
{
	struct ingest_item it;
	struct ingest_prep prep;
	struct store_held h;
	struct ingest in;
	int rv;

	*errp = NULL;
	memset(res, 0, sizeof(*res));
	memset(&it, 0, sizeof(it));
	memset(&prep, 0, sizeof(prep));
	if ((rv = store_pen_held(st, mail_id, &h)) != 1) {
		if (rv == 0)
			*errp = xasprintf("no mail %lld is held in the pen",
			    mail_id);
		return rv == 0 ? 1 : -1;
	}
	if ((rv = held_parse(cfg, mail_id, &h, &it, &prep, errp)) != 0)
		goto out;
	if (open && (!address_valid(prep.msg->from.addr) ||
	    prep.msg->from_count != 1)) {
		*errp = xasprintf("mail %lld has no single sender address to "
		    "answer (bad-sender)", mail_id);
		rv = 1;
		goto out;
	}
	memset(&in, 0, sizeof(in));
	in.cfg = cfg;
	in.st = st;
	in.res = res;
	in.msg = prep.msg;
	in.now = h.arrived_at;	/* decided as of its arrival */
	in.redo_id = mail_id;
	in.row.message_id = prep.msg->message_id;
	rv = held_decide(&in, open, h.reason, errp);
out:
	if (rv == -1 && *errp == NULL)
		*errp = xstrdup("the database failed");
	g_free((gchar *)it.raw);
	prep_free(&prep);
	store_held_free(&h);
	return rv;
}
