/*
 * test_request.c - the executor (request_exec.c) driven directly over a
 * database in memory: each outcome workflow.c decides is carried out
 * once, with one write of the case's state, step, holder and version,
 * and the mails its effects send queued (each a "mail-queued" event).
 * The entry points that lead into it from the sweep (request_expire)
 * are driven too: the third party's silence and an abandoned request
 * take the same road.
 */
#include <sys/stat.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>
#include <glib/gstdio.h>

#include "command.h"
#include "config.h"
#include "datadir.h"
#include "mime.h"
#include "request.h"
#include "request_p.h"
#include "spool.h"
#include "store.h"
#include "workflow.h"

#define APPLICANT	"zhang.zhe@example.test"
#define HANDLER		"jingban@fao.example.test"

static const char conf[] =
    "[office]\n"
    "name = 上海市人民政府外事办公室\n"
    "address = gongkai@fao.example.test\n"
    "secretariat = mishu@fao.example.test\n"
    "supervising = gkreview@fao.example.test\n"
    "approver = shenpi@fao.example.test\n"
    "head = head@fao.example.test\n"
    "default_division = 秘书处\n"
    "[division 秘书处]\n"
    "handler = " HANDLER "\n"
    "responsible = chushen@fao.example.test\n"
    "[imap]\n"
    "url = imap://127.0.0.1:1\n"
    "user = gongkai\n"
    "password_file = imap.pass\n"
    "[smtp]\n"
    "url = smtp://127.0.0.1:1\n"
    "from = 外办 <gongkai@fao.example.test>\n"
    "[store]\n"
    "database = gk.db\n"
    "spool = spool\n"
    "[security]\n"
    "secret_file = secret\n"
    "[fee]\n"
    "payment_method = 银行转账\n";

static const char new_request[] =
    "From: 张喆 <" APPLICANT ">\r\n"
    "To: gongkai@fao.example.test\r\n"
    "Subject: 政府信息公开申请\r\n"
    "Message-ID: <req-1@example.test>\r\n"
    "Date: Mon, 21 Sep 2026 10:00:00 +0800\r\n"
    "Content-Type: text/plain; charset=utf-8\r\n"
    "\r\n"
    "姓名：张喆\n"
    "所需信息：2025年度因公出国（境）团组情况\n";

static const char correction_mail[] =
    "From: 张喆 <" APPLICANT ">\r\n"
    "To: gongkai@fao.example.test\r\n"
    "Subject: Re: 补正\r\n"
    "Message-ID: <corr-1@example.test>\r\n"
    "Content-Type: text/plain; charset=utf-8\r\n"
    "\r\n"
    "联系电话：13900000001\n";

struct world {
	gchar			*dir;
	struct config		*cfg;
	struct store		*st;
	struct message		*req;
	struct request_ctx	 ctx;
};

static void
write_file(const char *dir, const char *name, const char *text, int mode)
{
	gchar *p = g_build_filename(dir, name, NULL);

	g_assert_true(g_file_set_contents(p, text, -1, NULL));
	g_assert_cmpint(chmod(p, mode), ==, 0);
	g_free(p);
}

static void
world_setup(struct world *w, gconstpointer data)
{
	gchar *p;
	char *err = NULL;

	(void)data;
	w->dir = g_dir_make_tmp("gk-request-XXXXXX", NULL);
	write_file(w->dir, "gongkai.conf", conf, 0600);
	write_file(w->dir, "imap.pass", "x\n", 0600);
	write_file(w->dir, "secret",
	    "0123456789abcdef0123456789abcdef0123456789abcdef", 0600);
	p = g_build_filename(w->dir, "gongkai.conf", NULL);
	if ((w->cfg = config_load(p, 0, &err)) == NULL)
		g_error("%s", err);
	g_free(p);
	/* The spool as `gongkai init` makes it (answers keep their PDF). */
	g_assert_cmpint(spool_init(w->cfg->store.spool, &err), ==, 0);
	/* The database in memory: nothing here needs it on disk. */
	w->st = store_open(":memory:", 1, &err);
	g_assert_nonnull(w->st);
	g_assert_cmpint(store_migrate(w->st, &err), ==, 0);
	w->req = mime_parse(new_request, sizeof(new_request) - 1, NULL);
	w->ctx.cfg = w->cfg;
	w->ctx.st = w->st;
	w->ctx.msg = w->req;
	w->ctx.now = 1789956000;	/* 2026-09-21T10:00+08:00, a Monday */
	datadir_reload(NULL);	/* the calendar of this test's configuration */
}

static void
world_teardown(struct world *w, gconstpointer data)
{
	gchar *cmd;

	(void)data;
	mime_message_free(w->req);
	store_close(w->st);
	config_free(w->cfg);
	cmd = g_strdup_printf("rm -rf '%s'", w->dir);
	g_assert_cmpint(system(cmd), ==, 0);
	g_free(cmd);
	g_free(w->dir);
}

/* A new request: its case id (static). */
static const char *
open_case(struct world *w)
{
	static char id[32];

	g_assert_cmpint(store_begin(w->st), ==, 0);
	g_assert_cmpint(request_open(&w->ctx, id, sizeof(id)), ==, 0);
	g_assert_cmpint(store_commit(w->st), ==, 0);
	return id;
}

/* The "mail-queued" events of a case, as "KIND to ADDRESS" lines. */
static int
queued_of(void *arg, const struct store_event *e)
{
	if (strcmp(e->type, "mail-queued") == 0)
		g_ptr_array_add(arg, g_strdup(e->detail));
	return 0;
}

static GPtrArray *
queued(struct world *w, const char *id)
{
	GPtrArray *a = g_ptr_array_new_with_free_func(g_free);

	g_assert_cmpint(store_events_of(w->st, id, queued_of, a), ==, 0);
	return a;
}

/*
 * What `text` from `role` does to case id, through workflow.c and the
 * executor; the case as it is after into *c, the executor's words
 * returned (the caller frees them).  The new mails are those queued
 * after `before` of them.
 */
static char *
command(struct world *w, const char *id, enum command_role role,
    const char *text, struct store_case *c)
{
	struct command *cmd = command_parse(text, role);
	struct wf_case wc;
	struct wf_outcome out;
	struct exec x;
	GString *result = g_string_new(NULL);

	g_assert_cmpint(cmd->kind, !=, COMMAND_NONE);
	memset(c, 0, sizeof(*c));
	g_assert_cmpint(store_case_get(w->st, id, c), ==, 1);
	rq_case_slice(c, &wc);
	g_assert_cmpint(workflow_apply(&wc, role, cmd->kind, &out), ==, 0);
	memset(&x, 0, sizeof(x));
	x.ctx = &w->ctx;
	x.c = c;
	x.role = role;
	x.cmd = cmd;
	x.out = &out;
	x.result = result;
	g_assert_cmpint(store_begin(w->st), ==, 0);
	g_assert_cmpint(rq_execute(&x), ==, 0);
	g_assert_cmpint(store_commit(w->st), ==, 0);
	store_case_clear(c);
	g_assert_cmpint(store_case_get(w->st, id, c), ==, 1);
	command_free(cmd);
	return g_string_free(result, FALSE);
}

static void
assert_case(const struct store_case *c, const char *state, const char *step,
    const char *holder, long long version)
{
	g_assert_cmpstr(c->state, ==, state);
	g_assert_cmpstr(c->step, ==, step);
	g_assert_cmpstr(c->assignee, ==, holder);
	g_assert_cmpint(c->version, ==, version);
}

/* The last mail queued for the case, and how many there are. */
static void
assert_last_mail(struct world *w, const char *id, guint n, const char *want)
{
	GPtrArray *a = queued(w, id);

	g_assert_cmpuint(a->len, ==, n);
	g_assert_cmpstr(g_ptr_array_index(a, a->len - 1), ==, want);
	g_ptr_array_unref(a);
}

/* The review chain, from the handler's ANSWER to the applicant's answer:
 * one version per step, one mail per step, to the step's holder. */
static void
test_chain(struct world *w, gconstpointer data)
{
	struct store_case c;
	const char *id;
	long long v;
	char *r;

	(void)data;
	id = open_case(w);
	memset(&c, 0, sizeof(c));
	g_assert_cmpint(store_case_get(w->st, id, &c), ==, 1);
	assert_case(&c, "received", "handler", HANDLER, c.version);
	v = c.version;
	store_case_clear(&c);
	assert_last_mail(w, id, 2, "handler_notice to " HANDLER);

	r = command(w, id, COMMAND_ROLE_HANDLER,
	    "ANSWER disclose\n经查，共12个团组。", &c);
	assert_case(&c, "review", "responsible", "chushen@fao.example.test",
	    v + 1);
	g_assert_cmpstr(c.answer_type, ==, "disclose");
	g_assert_cmpstr(c.draft, ==, "经查，共12个团组。");
	g_assert_nonnull(strstr(r, "草稿已提交审核。"));
	g_assert_nonnull(strstr(r, "已送责任处室审核（chushen@fao.example.test）"));
	assert_last_mail(w, id, 3,
	    "review_request to chushen@fao.example.test");
	store_case_clear(&c);
	g_free(r);

	r = command(w, id, COMMAND_ROLE_RESPONSIBLE, "同意", &c);
	assert_case(&c, "review", "supervising", "gkreview@fao.example.test",
	    v + 2);
	g_assert_true(g_str_has_prefix(r, "已同意。"));
	assert_last_mail(w, id, 4,
	    "review_request to gkreview@fao.example.test");
	store_case_clear(&c);
	g_free(r);

	/* A note changes nothing but the version (old tokens go stale). */
	r = command(w, id, COMMAND_ROLE_SUPERVISING, "NOTE 请注意核对", &c);
	assert_case(&c, "review", "supervising", "gkreview@fao.example.test",
	    v + 3);
	g_assert_cmpstr(r, ==, "备注已记录。");
	assert_last_mail(w, id, 4,
	    "review_request to gkreview@fao.example.test");
	store_case_clear(&c);
	g_free(r);

	r = command(w, id, COMMAND_ROLE_SUPERVISING, "APPROVE", &c);
	assert_case(&c, "review", "approver", "shenpi@fao.example.test", v + 4);
	store_case_clear(&c);
	g_free(r);

	/* The approver's REJECT goes one level down, with the comment. */
	r = command(w, id, COMMAND_ROLE_APPROVER, "驳回：数字请再核对", &c);
	assert_case(&c, "review", "supervising", "gkreview@fao.example.test",
	    v + 5);
	g_assert_true(g_str_has_prefix(r, "已退回。"));
	assert_last_mail(w, id, 6,
	    "review_request to gkreview@fao.example.test");
	store_case_clear(&c);
	g_free(r);
	r = command(w, id, COMMAND_ROLE_SUPERVISING, "APPROVE", &c);
	store_case_clear(&c);
	g_free(r);

	r = command(w, id, COMMAND_ROLE_APPROVER, "APPROVE", &c);
	assert_case(&c, "answered", "approver", "shenpi@fao.example.test",
	    v + 7);
	g_assert_cmpint(c.closed_at, ==, w->ctx.now);
	g_assert_nonnull(strstr(r, "本案办结"));
	assert_last_mail(w, id, 8, "answer_disclose to " APPLICANT);
	store_case_clear(&c);
	g_free(r);
}

/* CONSULT stops the clock; the third party's silence (the sweep) starts
 * it again from the window's last day and gives the case back. */
static void
test_silence(struct world *w, gconstpointer data)
{
	struct store_case c;
	const char *id;
	char *r, due[CALENDAR_DATE_LEN];

	(void)data;
	id = open_case(w);
	r = command(w, id, COMMAND_ROLE_HANDLER,
	    "CONSULT tp@corp.example.test\n是否同意公开贵司合同？", &c);
	assert_case(&c, "consulting", "third_party", "tp@corp.example.test",
	    c.version);
	g_assert_cmpstr(c.paused_on, ==, "2026-09-21");
	g_assert_cmpstr(c.third_party, ==, "tp@corp.example.test");
	g_strlcpy(due, c.due_date, sizeof(due));
	assert_last_mail(w, id, 3,
	    "third_party_letter to tp@corp.example.test");
	store_case_clear(&c);
	g_free(r);

	/* The sweep found the window over (its dates are the sweep's). */
	g_assert_cmpint(store_begin(w->st), ==, 0);
	g_assert_cmpint(request_expire(&w->ctx, id,
	    REQUEST_EXPIRE_THIRD_PARTY, "2026-09-21", "2026-10-19"), ==, 0);
	g_assert_cmpint(store_commit(w->st), ==, 0);
	memset(&c, 0, sizeof(c));
	g_assert_cmpint(store_case_get(w->st, id, &c), ==, 1);
	g_assert_cmpstr(c.state, ==, "drafting");
	g_assert_cmpstr(c.step, ==, "handler");
	g_assert_cmpstr(c.assignee, ==, HANDLER);
	g_assert_null(c.paused_on);
	g_assert_cmpstr(c.due_date, >, due);	/* the pause is not counted */
	assert_last_mail(w, id, 4, "third_party_silent to " HANDLER);
	store_case_clear(&c);

	/* Again: the case has moved on, nothing happens. */
	g_assert_cmpint(store_begin(w->st), ==, 0);
	g_assert_cmpint(request_expire(&w->ctx, id,
	    REQUEST_EXPIRE_THIRD_PARTY, "2026-09-21", "2026-10-19"), ==, 0);
	g_assert_cmpint(store_commit(w->st), ==, 0);
	assert_last_mail(w, id, 4, "third_party_silent to " HANDLER);
}

/* A correction notice, then no correction: deemed abandoned, answered by
 * the daemon; or a correction: the answer period restarts. */
static void
test_correction(struct world *w, gconstpointer data)
{
	struct store_case c;
	struct wf_case wc;
	struct wf_outcome out;
	struct message *m;
	struct exec x;
	GString *result;
	const char *id;
	char *r, first[32];
	long long v;

	(void)data;
	id = open_case(w);
	g_strlcpy(first, id, sizeof(first));
	r = command(w, first, COMMAND_ROLE_HANDLER, "CORRECTION 请提供通信地址",
	    &c);
	assert_case(&c, "correction", "applicant", APPLICANT, c.version);
	g_assert_cmpint(c.correction_used, ==, 1);
	assert_last_mail(w, first, 3, "correction_notice to " APPLICANT);
	store_case_clear(&c);
	g_free(r);

	g_assert_cmpint(store_begin(w->st), ==, 0);
	g_assert_cmpint(request_expire(&w->ctx, first,
	    REQUEST_EXPIRE_CORRECTION, "2026-09-21", "2026-10-19"), ==, 0);
	g_assert_cmpint(store_commit(w->st), ==, 0);
	memset(&c, 0, sizeof(c));
	g_assert_cmpint(store_case_get(w->st, first, &c), ==, 1);
	g_assert_cmpstr(c.state, ==, "answered");
	g_assert_cmpstr(c.answer_type, ==, "other:no-correction");
	g_assert_cmpint(c.closed_at, ==, w->ctx.now);
	assert_last_mail(w, first, 4, "no_correction_notice to " APPLICANT);
	store_case_clear(&c);

	/* The second case gets its correction. */
	id = open_case(w);
	r = command(w, id, COMMAND_ROLE_HANDLER, "CORRECTION 请提供联系电话",
	    &c);
	v = c.version;
	store_case_clear(&c);
	g_free(r);
	m = mime_parse(correction_mail, sizeof(correction_mail) - 1, NULL);
	w->ctx.msg = m;
	w->ctx.now += 7 * 24 * 3600;		/* 2026-09-28 */
	memset(&c, 0, sizeof(c));
	g_assert_cmpint(store_case_get(w->st, id, &c), ==, 1);
	rq_case_slice(&c, &wc);
	g_assert_cmpint(workflow_correction_received(&wc, &out), ==, 0);
	memset(&x, 0, sizeof(x));
	result = g_string_new(NULL);
	x.ctx = &w->ctx;
	x.c = &c;
	x.role = COMMAND_ROLE_APPLICANT;
	x.out = &out;
	x.result = result;
	x.comment = "补正已收到";
	g_assert_cmpint(store_begin(w->st), ==, 0);
	g_assert_cmpint(rq_execute(&x), ==, 0);
	g_assert_cmpint(store_commit(w->st), ==, 0);
	store_case_clear(&c);
	g_string_free(result, TRUE);
	g_assert_cmpint(store_case_get(w->st, id, &c), ==, 1);
	assert_case(&c, "drafting", "handler", HANDLER, v + 1);
	g_assert_cmpstr(c.receipt_date, ==, "2026-09-28");
	/* 20 working days after 2026-09-28: National Day (10-01..07) off,
	 * Saturday 10-10 worked */
	g_assert_cmpstr(c.due_date, ==, "2026-10-30");
	g_assert_cmpstr(c.phone, ==, "13900000001");
	assert_last_mail(w, id, 4, "handler_notice to " HANDLER);
	store_case_clear(&c);
	w->ctx.msg = w->req;
	mime_message_free(m);
}

int
main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add("/request/chain", struct world, NULL, world_setup,
	    test_chain, world_teardown);
	g_test_add("/request/silence", struct world, NULL, world_setup,
	    test_silence, world_teardown);
	g_test_add("/request/correction", struct world, NULL, world_setup,
	    test_correction, world_teardown);
	return g_test_run();
}
