/*
 * outbox.c - outgoing mail: composed and queued inside the caller's
 * transaction, delivered after the commit over one SMTP session per
 * flush, retried with the same bytes and Message-ID.
 *
 * Names.  Message-ID <case.kind.TOKEN@domain> (the reply token when the
 * mail asks for a command, else random hex; <gongkai.kind.RANDOM@domain>
 * for mail about no case).  Envelope sender (VERP), read back by
 * route.c from a bounce: address_verp() of address.h.
 *
 * Clocks.  Date, created_at and sent_at come from clock_now() (pinned by
 * --now, so replays are reproducible); when a mail is due and the backoff
 * come from clock_wall(), so that a pinned clock can neither hold mail
 * back nor let it loop.
 */
#include <sys/file.h>
#include <sys/random.h>
#include <sys/types.h>
#include <sys/wait.h>

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <glib.h>

#include "address.h"
#include "clock.h"
#include "config.h"
#include "datadir.h"
#include "lockfile.h"
#include "log.h"
#include "mime.h"
#include "outbox.h"
#include "outbox_p.h"
#include "smtp.h"
#include "spool.h"
#include "store.h"
#include "template.h"
#include "xmalloc.h"

#define OUTBOX_BATCH		50	/* mail ids loaded per query */
#define OUTBOX_ROUNDS		100	/* queries per flush at most */
#define OUTBOX_BACKOFF_MIN	60	/* seconds before the 2nd attempt */
#define OUTBOX_BACKOFF_MAX	3600	/* and never more than this */
#define OUTBOX_ID_RANDOM	8	/* random bytes in a Message-ID */
#define OUTBOX_VERP_RANDOM	6	/* and in the envelope sender */
#define OUTBOX_WORD_MAX		64	/* a kind, a token */
#define OUTBOX_NOTICE		"delivery_failed"
#define OUTBOX_LOCK		"outbox.lock"	/* in the spool */
#define OUTBOX_CLAIM_SLACK	60	/* seconds: a claim outlives its send */
#define OUTBOX_ASK_FLUSH	'd'	/* daemon to delivery process */
#define OUTBOX_ANSWER_DONE	'0'	/* and back */
#define OUTBOX_ANSWER_FAILED	'1'	/* and back: it said why */

/* In a delivery process: the daemon that started it, and a stop request. */
static pid_t outbox_parent;
static volatile sig_atomic_t outbox_stop;

/* n random bytes as lower-case hex; the caller frees it. */
static char *
outbox_random(size_t n)
{
	unsigned char b[32];
	char *s = xmalloc(n * 2 + 1);
	size_t i;

	if (n > sizeof(b) || getrandom(b, n, 0) != (ssize_t)n)
		fatal("getrandom");
	for (i = 0; i < n; i++)
		snprintf(s + i * 2, 3, "%02x", b[i]);
	return s;
}

/*
 * `s` lower-cased when it is a word of [A-Za-z0-9_-] (and '.' when
 * `dots`) of at most OUTBOX_WORD_MAX bytes; NULL when it is not.
 */
static char *
outbox_word(const char *s, int dots)
{
	size_t i, len;
	char *w;

	if (s == NULL || (len = strlen(s)) == 0 || len > OUTBOX_WORD_MAX)
		return NULL;
	for (i = 0; i < len; i++)
		if (!g_ascii_isalnum(s[i]) && s[i] != '-' && s[i] != '_' &&
		    !(dots && s[i] == '.'))
			return NULL;
	w = xstrdup(s);
	for (i = 0; i < len; i++)
		w[i] = g_ascii_tolower(w[i]);
	return w;
}

/* One line for the database and the listing: controls become spaces. */
static char *
outbox_line(const char *s)
{
	char *l = xstrdup(s != NULL ? s : ""), *p;

	for (p = l; *p != '\0'; p++)
		if ((unsigned char)*p < 0x20 || *p == 0x7f)
			*p = ' ';
	return l;
}

/* The attachment's file in the spool; NULL when the path leaves it. */
char *
outbox_att_path(const struct config *cfg, const char *rel)
{
	if (rel == NULL || *rel == '\0' || *rel == '/' ||
	    strcmp(rel, "..") == 0 || strncmp(rel, "../", 3) == 0 ||
	    strstr(rel, "/../") != NULL ||
	    (strlen(rel) >= 3 && strcmp(rel + strlen(rel) - 3, "/..") == 0))
		return NULL;
	return xasprintf("%s/%s", cfg->store.spool, rel);
}

/* The spool's copy of sent mail `id` (store.h: a sent mail's bytes are
 * kept there only), g_malloc'd into *datap; -1 with *errp. */
static int
outbox_sent_copy(const struct config *cfg, long long id,
    const char *spool_path, gchar **datap, gsize *lenp, char **errp)
{
	GError *gerr = NULL;
	char *path;
	int rv = 0;

	if ((path = outbox_att_path(cfg, spool_path)) == NULL) {
		*errp = xasprintf("mail %lld: its bytes were not kept", id);
		return -1;
	}
	if (!g_file_get_contents(path, datap, lenp, &gerr)) {
		*errp = xasprintf("%s", gerr->message);
		g_error_free(gerr);
		rv = -1;
	}
	free(path);
	return rv;
}

struct outbox_catting {
	const struct config	*cfg;
	FILE			*out;
	char			*err;
};

static int
outbox_cat_one(void *arg, const struct store_outbox *o)
{
	struct outbox_catting *oc = arg;
	gchar *copy = NULL;
	char *composed = NULL;
	const char *data = o->raw;
	gsize len = o->raw_len;
	size_t clen;

	if (len == 0 && o->spec != NULL) {
		/* not sent yet: composed as it will be (the same bytes) */
		if ((composed = outbox_spec_compose(oc->cfg, o->spec, &clen,
		    &oc->err)) == NULL)
			return -1;
		data = composed;
		len = clen;
	} else if (len == 0) {
		if (outbox_sent_copy(oc->cfg, o->id, o->spool_path, &copy, &len,
		    &oc->err) == -1)
			return -1;
		data = copy;
	}
	if (fwrite(data, 1, len, oc->out) != len)
		oc->err = xasprintf("%s", strerror(errno));
	g_free(copy);
	free(composed);
	return oc->err == NULL ? 0 : -1;
}

int
outbox_cat(const struct config *cfg, struct store *st, long long id,
    FILE *out, char **errp)
{
	struct outbox_catting oc = { cfg, out, NULL };
	int r;

	if ((r = store_outbox_get(st, id, outbox_cat_one, &oc)) == 1 &&
	    fflush(out) == 0)
		return 0;
	if (oc.err == NULL)
		oc.err = r == 0 ? xasprintf("no mail %lld", id) :
		    xasprintf("mail %lld cannot be read", id);
	*errp = oc.err;
	return -1;
}

/* The attachments' files in the spool, in att[]; 0, or -1 with *errp
 * when a path leaves the spool. */
static int
outbox_attachments(const struct config *cfg, const struct outmail *om,
    struct mime_out_attachment *att, char **errp)
{
	size_t i;

	for (i = 0; i < om->nattachments; i++) {
		att[i].filename = om->attachments[i].filename;
		att[i].content_type = om->attachments[i].content_type;
		if ((att[i].path = outbox_att_path(cfg,
		    om->attachments[i].spool_path)) == NULL) {
			*errp = xasprintf("attachment \"%s\": not a path in "
			    "the spool", om->attachments[i].spool_path ?
			    om->attachments[i].spool_path : "");
			return -1;
		}
	}
	return 0;
}

/* What mime_compose() needs to write the mail; mo borrows it all. */
static void
outbox_mime_out(const struct config *cfg, const struct outmail *om,
    const char *reply_to, const char *msgid,
    const struct mime_out_attachment *att, struct mime_out *mo)
{
	memset(mo, 0, sizeof(*mo));
	mo->from = cfg->smtp.from;
	mo->to_addr = om->to_addr;
	mo->to_name = om->to_name;
	mo->reply_to = reply_to;
	mo->subject = om->subject;
	mo->date = (long long)clock_now();
	mo->tz = cfg->office.timezone;
	mo->message_id = msgid;
	mo->in_reply_to = om->in_reply_to;
	mo->references = om->references;
	mo->auto_submitted = om->auto_replied ? "auto-replied" :
	    "auto-generated";
	mo->x_loop = cfg->office.address;
	mo->body = om->body;
	mo->body_html = om->body_html;
	mo->attachments = att;
	mo->nattachments = om->nattachments;
	mo->max_bytes = cfg->security.max_message_bytes;
}

long long
outbox_enqueue(const struct config *cfg, struct store *st,
    const struct outmail *om, char **message_id)
{
	struct mime_out mo;
	struct mime_out_attachment *att = NULL;
	struct store_outbox row;
	const char *at = strrchr(cfg->office.address, '@');
	char *cs = NULL, *kind = NULL, *tok = NULL;
	char *rnd = NULL, *vrnd = NULL, *msgid = NULL, *env = NULL;
	char *reply_to = NULL, *subject = NULL, *err = NULL;
	gchar *spec = NULL;
	size_t i;
	long long rv = -1;

	if (message_id != NULL)
		*message_id = NULL;
	memset(&mo, 0, sizeof(mo));
	if (at == NULL)
		fatalx("outbox: [office] address %s", cfg->office.address);
	at++;
	if ((kind = outbox_word(om->kind, 0)) == NULL ||
	    (om->case_id != NULL && (cs = outbox_word(om->case_id, 0)) ==
	    NULL) ||
	    (om->token != NULL && (tok = outbox_word(om->token, 0)) == NULL)) {
		err = xasprintf("kind \"%s\", case \"%s\" or token: not a word",
		    om->kind ? om->kind : "",
		    om->case_id ? om->case_id : "");
		goto out;
	}
	rnd = outbox_random(OUTBOX_ID_RANDOM);
	vrnd = outbox_random(OUTBOX_VERP_RANDOM);
	msgid = xasprintf("<%s.%s.%s@%s>", cs ? cs : "gongkai", kind,
	    tok ? tok : rnd, at);
	env = address_verp(cfg->office.address, cs, kind, vrnd);
	if (tok != NULL)
		reply_to = address_plus(cfg->office.address, tok);

	if (om->nattachments > 0)
		att = xcalloc(om->nattachments, sizeof(*att));
	if (outbox_attachments(cfg, om, att, &err) == -1)
		goto out;
	outbox_mime_out(cfg, om, reply_to, msgid, att, &mo);
	/* checked now, composed when it is sent (outbox_spec.c) */
	if (mime_out_check(&mo, &err) == -1)
		goto out;
	spec = outbox_spec_dump(&mo, om);
	subject = outbox_line(om->subject);
	memset(&row, 0, sizeof(row));
	row.case_id = om->case_id;
	row.kind = om->kind;
	row.to_addr = om->to_addr;
	row.subject = subject;
	row.message_id = msgid;
	row.envelope_from = env;
	row.raw = "";
	row.raw_len = 0;
	row.spec = spec;
	row.next_attempt_at = clock_wall();
	row.created_at = clock_now();
	if ((rv = store_outbox_add(st, &row)) == -1)
		goto out;
	log_debug("outbox: %lld queued: %s %s to %s", rv,
	    om->case_id ? om->case_id : "-", om->kind, om->to_addr);
	if (message_id != NULL) {
		*message_id = msgid;
		msgid = NULL;
	}
out:
	if (err != NULL) {
		log_warnx("outbox: %s %s to %s: not queued: %s",
		    om->case_id ? om->case_id : "-",
		    om->kind ? om->kind : "?", om->to_addr ? om->to_addr : "?",
		    err);
		free(err);
	}
	for (i = 0; att != NULL && i < om->nattachments; i++)
		free((char *)att[i].path);
	free(att);
	free(cs);
	free(kind);
	free(tok);
	free(rnd);
	free(vrnd);
	free(msgid);
	free(env);
	free(reply_to);
	g_free(spec);
	free(subject);
	return rv;
}

/* ------------------------------------------------------------------ */
/* Delivery                                                            */

/* A queued mail, copied out of the store for the send. */
struct outbox_mail {
	long long	 id;
	char		*case_id;
	char		*kind;
	char		*to_addr;
	char		*subject;
	char		*message_id;
	char		*envelope_from;
	char		*raw;
	size_t		 raw_len;
	char		*spec;		/* NULL once composed */
	int		 attempts;
	time_t		 queued_at;
	time_t		 claim;		/* ours until then (store.h) */
};

static int
outbox_load(void *arg, const struct store_outbox *o)
{
	struct outbox_mail *m = arg;

	m->id = o->id;
	m->case_id = o->case_id ? xstrdup(o->case_id) : NULL;
	m->kind = xstrdup(o->kind);
	m->to_addr = xstrdup(o->to_addr);
	m->subject = xstrdup(o->subject);
	m->message_id = xstrdup(o->message_id);
	m->envelope_from = xstrdup(o->envelope_from);
	m->raw = xmalloc(o->raw_len + 1);
	if (o->raw_len > 0)	/* an empty blob reads as NULL */
		memcpy(m->raw, o->raw, o->raw_len);
	m->raw[o->raw_len] = '\0';
	m->raw_len = o->raw_len;
	m->spec = o->spec != NULL ? xstrdup(o->spec) : NULL;
	m->attempts = o->attempts;
	m->queued_at = o->queued_at;
	return 0;
}

static void
outbox_mail_clear(struct outbox_mail *m)
{
	free(m->case_id);
	free(m->kind);
	free(m->to_addr);
	free(m->subject);
	free(m->message_id);
	free(m->envelope_from);
	free(m->raw);
	free(m->spec);
	memset(m, 0, sizeof(*m));
}

/* Seconds to wait after the n-th failed attempt (n >= 1). */
static long long
outbox_backoff(int n)
{
	long long d = OUTBOX_BACKOFF_MIN;

	while (--n > 0 && d < OUTBOX_BACKOFF_MAX)
		d *= 2;
	return d < OUTBOX_BACKOFF_MAX ? d : OUTBOX_BACKOFF_MAX;
}

/* Today in the office's zone, as the templates write it. */
static char *
outbox_today(const struct config *cfg)
{
	return clock_today_words(clock_now(), cfg->office.timezone, "zh");
}

long long
outbox_template(const struct config *cfg, struct store *st, const char *name,
    const struct template_var *vars, size_t n, struct outmail *om,
    char **message_id, char **errp)
{
	char *subject = NULL, *body = NULL;
	long long id;

	*errp = NULL;
	if (datadir_render(name, "zh", vars, n, &subject, &body,
	    errp) == -1)
		return -1;
	om->subject = subject;
	om->body = body;
	id = outbox_enqueue(cfg, st, om, message_id);
	om->subject = om->body = NULL;
	free(subject);
	free(body);
	return id;
}

/*
 * The notice to the secretariat that mail m was refused for good: from
 * the template "delivery_failed", or, when that cannot be rendered, a
 * short text of our own in Chinese and English.
 */
static int
outbox_notice(const struct config *cfg, struct store *st,
    const struct outbox_mail *m, const char *error, const char *result)
{
	struct outmail om;
	char *date = outbox_today(cfg);
	char *subject = NULL, *body = NULL, *terr = NULL, *msgid = NULL;
	const struct template_var vars[] = {
		{ "office_name", cfg->office.name },
		{ "office_address", cfg->office.address },
		{ "date", date },
		{ "case_id", m->case_id ? m->case_id : "" },
		{ "recipient", m->to_addr },
		{ "reason", error },
		{ "message_id", m->message_id },
		{ "mail_subject", m->subject },
		{ "result", result },
	};
	int rv = -1;

	memset(&om, 0, sizeof(om));
	om.case_id = m->case_id;
	om.kind = OUTBOX_NOTICE;
	om.to_addr = cfg->office.secretariat;
	if (outbox_template(cfg, st, OUTBOX_NOTICE, vars,
	    sizeof(vars) / sizeof(vars[0]), &om, &msgid, &terr) == -1) {
		if (terr == NULL)
			goto out;
		log_warnx("outbox: template %s: %s; sending the built-in "
		    "text", OUTBOX_NOTICE, terr);
		subject = xasprintf("%s%s%s邮件无法投递 / Undeliverable mail: "
		    "%s", m->case_id ? "[" : "", m->case_id ? m->case_id : "",
		    m->case_id ? "] " : "", m->to_addr);
		body = xasprintf(
		    "秘书处：\n\n"
		    "以下邮件未能投递（%s）。\n"
		    "请核对收件地址，必要时以其他方式联系收件人。\n\n"
		    "The mail below could not be delivered (%s).\n"
		    "Please check the address and reach the recipient "
		    "another way if needed.\n\n"
		    "案件 / Case:          %s\n"
		    "收件人 / To:          %s\n"
		    "主题 / Subject:       %s\n"
		    "邮件类型 / Kind:      %s\n"
		    "Message-ID:           %s\n"
		    "服务器答复 / Server:  %s\n\n"
		    "%s %s\n", result, result,
		    m->case_id ? m->case_id : "-", m->to_addr, m->subject,
		    m->kind, m->message_id, error, cfg->office.name, date);
		om.subject = subject;
		om.body = body;
		if (outbox_enqueue(cfg, st, &om, &msgid) == -1)
			goto out;
	}
	if (m->case_id != NULL &&
	    store_case_message_add(st, msgid, m->case_id, "out") == -1)
		goto out;
	rv = 0;
out:
	free(date);
	free(subject);
	free(body);
	free(terr);
	free(msgid);
	return rv;
}

/*
 * Records a mail given up (refused for good, or its queue lifetime over):
 * failed, an event in its case, the secretariat told with `result`.
 */
static int
outbox_refused(const struct config *cfg, struct store *st,
    const struct outbox_mail *m, const char *error, const char *result)
{
	char *detail;
	int r;

	if ((r = store_outbox_failed(st, m->id, m->claim, error)) != 1)
		return r;
	if (m->case_id != NULL) {
		detail = xasprintf("%s to %s: %s", m->kind, m->to_addr, error);
		r = store_event_add(st, m->case_id, clock_now(),
		    "delivery-failed", NULL, detail, 0);
		free(detail);
		if (r == -1)
			return -1;
	}
	/* Never a notice about a notice, nor to whom it would go. */
	if (strcmp(m->kind, OUTBOX_NOTICE) == 0 ||
	    g_ascii_strcasecmp(m->to_addr, cfg->office.secretariat) == 0)
		return 1;
	return outbox_notice(cfg, st, m, error, result) == -1 ? -1 : 1;
}

/* 1 when deferred mail m has been queued for [smtp] queue_lifetime_hours
 * (on the office's clock, as its Date). */
static int
outbox_expired(const struct config *cfg, const struct outbox_mail *m)
{
	return (long long)clock_now() - (long long)m->queued_at >=
	    (long long)cfg->smtp.queue_lifetime_hours * 3600;
}

/*
 * Records the attempt's outcome in its own transaction; 0 or -1.  A
 * deferral past the queue lifetime fails the mail as a refusal does
 * (*expired set).
 */
static int
outbox_record(const struct config *cfg, struct store *st,
    const struct outbox_mail *m, enum smtp_status status, const char *err,
    const char *path, int *expired)
{
	char *why = NULL;
	long long next;
	int r;

	*expired = 0;
	/* Losing a "sent" to a power cut repeats the mail, loses nothing. */
	if ((status == SMTP_SENT ? store_begin_lazy(st) : store_begin(st)) ==
	    -1)
		return -1;
	switch (status) {
	case SMTP_SENT:
		r = store_outbox_sent(st, m->id, m->claim, clock_now(), path);
		break;
	case SMTP_DEFERRED:
	case SMTP_UNREACHABLE:
		if ((*expired = outbox_expired(cfg, m))) {
			why = xasprintf("queued for %u hours without delivery "
			    "(%d attempts); the last: %s",
			    cfg->smtp.queue_lifetime_hours, m->attempts + 1,
			    err);
			r = outbox_refused(cfg, st, m, why, "超过队列期限，不再"
			    "重试 / queue lifetime over, not retried");
			break;
		}
		next = (long long)clock_wall() + outbox_backoff(m->attempts + 1);
		r = store_outbox_deferred(st, m->id, m->claim, err,
		    (time_t)next);
		break;
	case SMTP_REJECTED:
	default:
		r = outbox_refused(cfg, st, m, err, "收件方服务器拒收，不再重试 "
		    "/ refused by the server, not retried");
		break;
	}
	free(why);
	if (r == -1 || store_commit(st) == -1) {
		store_rollback(st);
		return -1;
	}
	if (r == 0)
		log_warnx("outbox: %lld: its claim ran out during the attempt; "
		    "another process has it", m->id);
	return 0;
}

/*
 * Claims mail `id` for this attempt (store.h): 1 when ours, 0 when
 * another process has it or it is no longer due, -1.  The claim lasts
 * longer than any attempt can (the SMTP timeout bounds each transfer).
 */
static int
outbox_claim(const struct config *cfg, struct store *st, long long id,
    time_t *claim)
{
	time_t now = clock_wall();
	int r;

	*claim = now + 2 * (time_t)cfg->smtp.timeout_seconds +
	    OUTBOX_CLAIM_SLACK;
	/* A claim lost to a power cut is lost with its attempt: no sync. */
	if (store_begin_lazy(st) == -1)
		return -1;
	if ((r = store_outbox_claim(st, id, now, *claim)) == -1 ||
	    store_commit(st) == -1) {
		store_rollback(st);
		return -1;
	}
	if (r == 0)
		log_debug("outbox: %lld: not due or taken by another process",
		    id);
	return r;
}

/*
 * Claimed mail m holds its spec: composes it and stores the bytes before
 * the first attempt, so that every attempt sends them.  0 (m->raw set,
 * or *errp when the mail cannot be composed: it is to fail), 1 when the
 * claim ran out meanwhile (another process has the mail), -1 when the
 * database failed.
 */
static int
outbox_compose(const struct config *cfg, struct store *st,
    struct outbox_mail *m, char **errp)
{
	char *raw, *why = NULL;
	size_t len;
	int r;

	if ((raw = outbox_spec_compose(cfg, m->spec, &len, &why)) == NULL) {
		*errp = xasprintf("it cannot be composed: %s", why);
		free(why);
		return 0;
	}
	/* Lost to a power cut, it is composed again: the same bytes. */
	if (store_begin_lazy(st) == -1 || (r = store_outbox_composed(st,
	    m->id, m->claim, raw, len)) == -1 || store_commit(st) == -1) {
		store_rollback(st);
		free(raw);
		return -1;
	}
	if (r == 0) {
		free(raw);
		return 1;
	}
	free(m->raw);
	m->raw = raw;
	m->raw_len = len;
	return 0;
}

enum outbox_step { STEP_STORE_FAILED = -1, STEP_DONE, STEP_SENT,
    STEP_UNREACHABLE };

/*
 * One attempt at mail `id`, claimed first, its outcome recorded in its
 * own transaction.  Once the server proved unreachable (*down, the
 * reason), the mail is deferred with that reason without trying again.
 */
static enum outbox_step
outbox_one(const struct config *cfg, struct store *st,
    struct smtp_session **ssp, long long id, char **down)
{
	struct outbox_mail m;
	enum smtp_status status;
	enum outbox_step rv;
	char *err = NULL, *path = NULL, *serr = NULL;
	time_t claim;
	int r, expired;

	memset(&m, 0, sizeof(m));
	if ((r = outbox_claim(cfg, st, id, &claim)) != 1)
		return r == 0 ? STEP_DONE : STEP_STORE_FAILED;
	if ((r = store_outbox_get(st, id, outbox_load, &m)) != 1)
		return r == 0 ? STEP_DONE : STEP_STORE_FAILED;
	m.claim = claim;
	if (m.spec != NULL && (r = outbox_compose(cfg, st, &m, &err)) != 0) {
		rv = r == 1 ? STEP_DONE : STEP_STORE_FAILED;
		goto out;
	}
	/*
	 * The copy in the spool is written before the attempt (the bytes
	 * never change; a second attempt finds it there): between the
	 * server's 250 and the commit below, a crash sends the mail twice,
	 * so nothing slow happens there, not even an fsync.
	 */
	if (err == NULL && *down == NULL &&
	    (path = spool_store_out(cfg->store.spool, m.raw,
	    m.raw_len, m.message_id, &serr)) == NULL) {
		log_warnx("outbox: %lld will not be kept in the spool: %s",
		    m.id, serr);
		free(serr);
	}
	if (err != NULL)
		status = SMTP_REJECTED;		/* it cannot be composed */
	else if (*down != NULL) {
		status = SMTP_UNREACHABLE;
		err = xstrdup(*down);
	} else if (*ssp == NULL && (*ssp = smtp_session_new(cfg)) == NULL) {
		status = SMTP_UNREACHABLE;
		err = xasprintf("%s: cannot start libcurl", cfg->smtp.url);
	} else
		status = smtp_send(*ssp, m.envelope_from, m.to_addr, m.raw,
		    m.raw_len, &err);
	if (status == SMTP_UNREACHABLE && *down == NULL)
		*down = xstrdup(err);

	if (outbox_record(cfg, st, &m, status, err, path, &expired) == -1)
		rv = STEP_STORE_FAILED;
	else if (status == SMTP_SENT) {
		log_info("outbox: %lld sent: %s %s to %s: %s", m.id,
		    m.case_id ? m.case_id : "-", m.kind, m.to_addr,
		    smtp_session_reply(*ssp));
		rv = STEP_SENT;
	} else if (status == SMTP_REJECTED) {
		log_warnx("outbox: %lld refused, not retried: %s %s to %s: %s",
		    m.id, m.case_id ? m.case_id : "-", m.kind, m.to_addr, err);
		rv = STEP_DONE;
	} else {
		if (expired)
			log_warnx("outbox: %lld expired after %d attempts, not "
			    "retried: %s %s to %s: %s", m.id, m.attempts + 1,
			    m.case_id ? m.case_id : "-", m.kind, m.to_addr,
			    err);
		else
			log_warnx("outbox: %lld deferred (attempt %d, next in "
			    "%lld s): %s %s to %s: %s", m.id, m.attempts + 1,
			    outbox_backoff(m.attempts + 1),
			    m.case_id ? m.case_id : "-", m.kind, m.to_addr,
			    err);
		rv = status == SMTP_UNREACHABLE ? STEP_UNREACHABLE : STEP_DONE;
	}
out:
	free(err);
	free(path);
	outbox_mail_clear(&m);
	return rv;
}

/*
 * The lock that makes one process at a time deliver (lockfile.h): its
 * fd, or -1 when another holds it (or it cannot be had: then nothing is
 * sent either; the claims would keep two senders apart all the same).
 */
static int
outbox_lock(const struct config *cfg, int slot)
{
	char *path = slot == 0 ?
	    xasprintf("%s/%s", cfg->store.spool, OUTBOX_LOCK) :
	    xasprintf("%s/%s.%d", cfg->store.spool, OUTBOX_LOCK, slot);
	pid_t holder;
	int fd;

	if ((fd = lockfile_take(path, &holder)) == -1 && holder >= 0)
		log_debug("outbox: another process (PID %ld) is delivering",
		    (long)holder);
	free(path);
	return fd;
}

/*
 * A delivery process stops between two mails when asked (SIGTERM), and
 * once orphaned, after the batch at hand: mail already decided goes out
 * though the daemon died, and no orphan lives long.
 */
static int
outbox_orphaned(void)
{
	return outbox_parent != 0 && getppid() != outbox_parent;
}

/* Delivers the mail of slot `slot` of `nslots` (store_outbox_due()). */
static int
outbox_flush_slot(const struct config *cfg, struct store *st, int slot,
    int nslots)
{
	struct smtp_session *ss = NULL;
	long long *ids = NULL;
	char *down = NULL;
	int n, i, round, sent = 0, rv = -1, lock;

	if ((lock = outbox_lock(cfg, slot)) == -1)
		return 0;
	for (round = 0; round < OUTBOX_ROUNDS; round++) {
		/* Notices queued by this flush are due at once. */
		if ((n = store_outbox_due(st, clock_wall(), OUTBOX_BATCH, slot,
		    nslots, &ids)) == -1)
			goto out;
		if (n == 0)
			break;
		/* Unreachable: the rest of the batch waits with it. */
		for (i = 0; i < n && !outbox_stop; i++)
			switch (outbox_one(cfg, st, &ss, ids[i], &down)) {
			case STEP_SENT:
				sent++;
				break;
			case STEP_DONE:
			case STEP_UNREACHABLE:
				break;
			case STEP_STORE_FAILED:
				goto out;
			}
		free(ids);
		ids = NULL;
		if (down != NULL)
			goto out;
		if (outbox_stop || outbox_orphaned())
			break;
	}
	rv = sent;
out:
	free(ids);
	free(down);
	smtp_session_free(ss);
	close(lock);
	return rv;
}

int
outbox_flush(const struct config *cfg, struct store *st)
{
	return outbox_flush_slot(cfg, st, 0, 1);
}

static void
outbox_on_signal(int sig)
{
	(void)sig;
	outbox_stop = 1;
}

/*
 * The delivery process's side of the pipes (outbox.h): a flush at once,
 * its answer on stdout, and another flush for each byte on stdin, until
 * stdin ends (the daemon stopped, died or reloads) or SIGTERM.
 */
int
outbox_deliver_child(const struct config *cfg, struct store *st,
    pid_t parent, int slot, int nslots)
{
	struct sigaction sa;
	ssize_t r;
	char c;
	int rv;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = outbox_on_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	signal(SIGHUP, SIG_IGN);
	signal(SIGPIPE, SIG_IGN);
	outbox_parent = parent;
	for (;;) {
		rv = outbox_flush_slot(cfg, st, slot, nslots) == -1 ? -1 : 0;
		c = rv == -1 ? OUTBOX_ANSWER_FAILED : OUTBOX_ANSWER_DONE;
		if (write(STDOUT_FILENO, &c, 1) != 1 || outbox_stop ||
		    outbox_orphaned())
			return rv;
		while ((r = read(STDIN_FILENO, &c, 1)) == -1 &&
		    errno == EINTR && !outbox_stop)
			;
		if (r != 1)
			return rv;
	}
}

/*
 * The daemon's delivery processes, one a slot, kept from the first mail
 * due until the daemon stops or reloads, as Postfix's master keeps its
 * smtp processes: an exec costs more than the handling of a reply.
 */
struct outbox_worker {
	pid_t	 pid;		/* 0: none */
	int	 go;		/* its stdin: a byte asks for a flush */
	int	 done;		/* its stdout: a byte answers one */
};
static struct outbox_worker outbox_workers[OUTBOX_MAX_CONNECTIONS];
static int outbox_nworkers;

/*
 * Starts `gongkai outbox deliver PARENT SLOT NSLOTS` on two pipes (close
 * on exec here, so that no other child holds them and a worker sees the
 * daemon's end); it flushes at once.  0, or -1.
 */
static int
outbox_spawn(const struct config *cfg, const char *now, int slot, int nslots,
    struct outbox_worker *w)
{
	static char name[] = "gongkai", v[] = "-v", c[] = "-c";
	static char cmd[] = "outbox", sub[] = "deliver";
	char self[32], sl[16], ns[16], *argv[10];
	int in[2], out[2], a = 0;
	pid_t pid;

	snprintf(self, sizeof(self), "%ld", (long)getpid());
	snprintf(sl, sizeof(sl), "%d", slot);
	snprintf(ns, sizeof(ns), "%d", nslots);
	if (pipe2(in, O_CLOEXEC) == -1) {
		log_warn("outbox: pipe");
		return -1;
	}
	if (pipe2(out, O_CLOEXEC) == -1) {
		log_warn("outbox: pipe");
		close(in[0]);
		close(in[1]);
		return -1;
	}
	if ((pid = fork()) == -1) {
		log_warn("outbox: fork");
		close(in[0]);
		close(in[1]);
		close(out[0]);
		close(out[1]);
		return -1;
	}
	if (pid > 0) {
		close(in[0]);
		close(out[1]);
		w->pid = pid;
		w->go = in[1];
		w->done = out[0];
		return 0;
	}
	/* dup2() leaves the copies open across the exec */
	if (dup2(in[0], STDIN_FILENO) == -1 || dup2(out[1], STDOUT_FILENO) ==
	    -1)
		_exit(127);
	argv[a++] = name;
	if (log_verbose() > 0)
		argv[a++] = v;
	argv[a++] = c;
	argv[a++] = cfg->path;
	argv[a++] = cmd;
	argv[a++] = sub;
	argv[a++] = self;
	argv[a++] = sl;
	argv[a++] = ns;
	argv[a] = NULL;
	if (now != NULL)
		setenv("GONGKAI_NOW", now, 1);
	execv("/proc/self/exe", argv);
	_exit(127);
}

/* Lets worker `k` go and waits for its end: 0 when it ended well, or -1. */
static int
outbox_reap(int k)
{
	struct outbox_worker *w = &outbox_workers[k];
	int status, rv = 0;

	if (w->pid == 0)
		return 0;
	close(w->go);
	close(w->done);
	while (waitpid(w->pid, &status, 0) == -1)
		if (errno != EINTR) {
			log_warn("outbox: waitpid");
			status = -1;
			break;
		}
	if (!WIFEXITED(status) || (WEXITSTATUS(status) != 0 &&
	    WEXITSTATUS(status) != 1)) {	/* 1: it said why */
		log_warnx("outbox: delivery process %d failed (status %d)",
		    k, status);
		rv = -1;
	} else if (WEXITSTATUS(status) != 0)
		rv = -1;
	w->pid = 0;
	return rv;
}

void
outbox_deliver_end(void)
{
	int k;

	for (k = 0; k < outbox_nworkers; k++)
		(void)outbox_reap(k);
	outbox_nworkers = 0;
}

/* Worker k's answer to its flush; *stop passed on as SIGTERM.  0 or -1. */
static int
outbox_answer(int k, volatile sig_atomic_t *stop, int *told)
{
	struct outbox_worker *w = &outbox_workers[k];
	ssize_t r;
	char c;
	int j;

	while ((r = read(w->done, &c, 1)) == -1 && errno == EINTR)
		if (*stop && !*told) {
			for (j = 0; j < outbox_nworkers; j++)
				if (outbox_workers[j].pid != 0)
					kill(outbox_workers[j].pid, SIGTERM);
			*told = 1;
		}
	if (r == 1 && c == OUTBOX_ANSWER_DONE)
		return 0;
	if (r == 1 && c == OUTBOX_ANSWER_FAILED)
		return -1;		/* it said why */
	if (r == -1)
		log_warn("outbox: delivery process %d", k);
	/* It ended (the next cycle starts another) or spoke nonsense. */
	(void)outbox_reap(k);
	return -1;
}

int
outbox_deliver(const struct config *cfg, struct store *st,
    volatile sig_atomic_t *stop)
{
	long long due = store_outbox_next_due(st);
	char *now = NULL, go = OUTBOX_ASK_FLUSH;
	int told = 0, n, k, rv = 0;

	if (due <= 0 || due > (long long)clock_wall())
		return 0;		/* nothing due: nothing asked */
	if (clock_is_pinned())
		now = clock_iso8601(clock_now(), "UTC");
	/* One process, one connection, per slot of the queue. */
	n = (int)cfg->smtp.connections;
	if (n < 1 || n > OUTBOX_MAX_CONNECTIONS)
		n = 1;
	if (n != outbox_nworkers)
		outbox_deliver_end();
	outbox_nworkers = n;
	for (k = 0; k < n; k++) {
		struct outbox_worker *w = &outbox_workers[k];

		/* One that ended since: its pipe is broken (EPIPE). */
		if (w->pid != 0 && write(w->go, &go, 1) != 1)
			(void)outbox_reap(k);
		if (w->pid == 0 && outbox_spawn(cfg, now, k, n, w) == -1)
			rv = -1;
	}
	free(now);
	for (k = 0; k < n; k++)
		if (outbox_workers[k].pid != 0 &&
		    outbox_answer(k, stop, &told) == -1)
			rv = -1;
	return rv;
}

/* What outbox_retry() needs of the row; copied. */
struct outbox_retry_row {
	char		*state;
	char		*spool_path;
	size_t		 raw_len;
	int		 composed;	/* else made from its spec */
};

static int
outbox_retry_load(void *arg, const struct store_outbox *o)
{
	struct outbox_retry_row *r = arg;

	r->state = xstrdup(o->state);
	r->spool_path = o->spool_path ? xstrdup(o->spool_path) : NULL;
	r->raw_len = o->raw_len;
	r->composed = o->spec == NULL;
	return 0;
}

int
outbox_retry(const struct config *cfg, struct store *st, long long id,
    char **errp)
{
	struct outbox_retry_row row = { NULL, NULL, 0, 1 };
	gchar *raw = NULL;
	gsize len = 0;
	int r, rv = -1;

	*errp = NULL;
	if ((r = store_outbox_get(st, id, outbox_retry_load, &row)) != 1) {
		*errp = r == 0 ? xasprintf("no mail %lld in the outbox", id) :
		    xstrdup("the database cannot be read");
		rv = r == 0 ? 0 : -1;
		goto out;
	}
	if (strcmp(row.state, "failed") != 0) {
		*errp = xasprintf("mail %lld is %s, not failed", id, row.state);
		rv = 0;
		goto out;
	}
	/* A mail that bounced after it was sent: its bytes are in the
	 * spool only (store.h). */
	if (row.raw_len == 0 && row.composed &&
	    outbox_sent_copy(cfg, id, row.spool_path,
	    &raw, &len, errp) == -1)
		goto out;
	if (store_begin(st) == -1 || (r = store_outbox_requeue(st, id,
	    clock_wall(), clock_now(), raw, len)) == -1 ||
	    store_commit(st) == -1) {
		store_rollback(st);
		*errp = xstrdup("the database cannot be written");
		goto out;
	}
	if (r == 0) {
		*errp = xasprintf("mail %lld is no longer failed", id);
		rv = 0;
		goto out;
	}
	log_info("outbox: %lld queued again by hand", id);
	rv = 1;
out:
	free(row.state);
	free(row.spool_path);
	g_free(raw);
	return rv;
}

long long
outbox_idle_seconds(struct store *st, long long cap)
{
	long long due = store_outbox_next_due(st), wait;
	long long web = store_webhook_next_due(st);

	/* the website's webhook calls are made in the same cycle */
	if (web > 0 && (due <= 0 || web < due))
		due = web;
	if (due <= 0)
		return cap;
	wait = due - (long long)clock_wall();
	if (wait < 1)
		wait = 1;
	return wait < cap ? wait : cap;
}
