/*
 * test_config.c - every configuration error is caught and named
 * FILE:LINE: [section] key: what is wrong, each by its own test.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <glib.h>
#include <glib/gstdio.h>

#include "config.h"

/* A complete, valid configuration; tests replace or add lines. */
static const char base_conf[] =
    "# test\n"						/* 1 */
    "[office]\n"					/* 2 */
    "name = 上海市人民政府外事办公室\n"			/* 3 */
    "address = gongkai@fao.example.test\n"		/* 4 */
    "secretariat = mishu@fao.example.test\n"		/* 5 */
    "supervising = gkreview@fao.example.test\n"		/* 6 */
    "approver = shenpi@fao.example.test\n"		/* 7 */
    "head = head@fao.example.test\n"			/* 8 */
    "default_division = 秘书处\n"			/* 9 */
    "\n"						/* 10 */
    "[division 秘书处]\n"				/* 11 */
    "handler = jingban@fao.example.test\n"		/* 12 */
    "responsible = chushen@fao.example.test\n"		/* 13 */
    "\n"						/* 14 */
    "[imap]\n"						/* 15 */
    "url = imap://127.0.0.1:10143\n"			/* 16 */
    "user = gongkai\n"					/* 17 */
    "password_file = imap.pass\n"			/* 18 */
    "\n"						/* 19 */
    "[smtp]\n"						/* 20 */
    "url = smtp://127.0.0.1:10025\n"			/* 21 */
    "from = 外办 <gongkai@fao.example.test>\n"		/* 22 */
    "\n"						/* 23 */
    "[store]\n"						/* 24 */
    "database = gk.db\n"				/* 25 */
    "spool = spool\n"					/* 26 */
    "\n"						/* 27 */
    "[security]\n"					/* 28 */
    "secret_file = secret\n"				/* 29 */
    "authserv_id = mail.fao.example.test\n";		/* 30 */

struct fixture {
	gchar	*dir;
	gchar	*conf;
};

static void
write_file(const char *path, const char *text, int mode)
{
	g_assert_true(g_file_set_contents(path, text, -1, NULL));
	g_assert_cmpint(chmod(path, (mode_t)mode), ==, 0);
}

/*
 * Writes a configuration: `text` and, unless it has its own, a [fee]
 * section after it (required by 109号; appended, so that the line
 * numbers the tests name stay those of base_conf).
 */
static void
write_conf(const char *path, const char *text)
{
	gchar *t = strstr(text, "[fee]") != NULL ? g_strdup(text) :
	    g_strconcat(text, "\n[fee]\npayment_method = 银行转账：户名上海市"
	    "财政局，账号0000\n", NULL);

	write_file(path, t, 0644);
	g_free(t);
}

static void
fx_setup(struct fixture *fx, gconstpointer data)
{
	gchar *p;

	fx->dir = g_dir_make_tmp("gk-config-XXXXXX", NULL);
	fx->conf = g_build_filename(fx->dir, "gongkai.conf", NULL);
	p = g_build_filename(fx->dir, "imap.pass", NULL);
	write_file(p, "secret\n", 0600);
	g_free(p);
	p = g_build_filename(fx->dir, "secret", NULL);
	write_file(p, "0123456789abcdef0123456789abcdef0123456789\n", 0600);
	g_free(p);
}

static void
fx_teardown(struct fixture *fx, gconstpointer data)
{
	GDir *d = g_dir_open(fx->dir, 0, NULL);
	const char *n;

	while ((n = g_dir_read_name(d)) != NULL) {
		gchar *p = g_build_filename(fx->dir, n, NULL);
		g_remove(p);
		g_free(p);
	}
	g_dir_close(d);
	g_rmdir(fx->dir);
	g_free(fx->conf);
	g_free(fx->dir);
}

/* base_conf with line `line` (1-based) replaced by `repl` (NULL: drop). */
static gchar *
conf_with(int line, const char *repl)
{
	gchar **lines = g_strsplit(base_conf, "\n", -1);
	GString *s = g_string_new(NULL);
	int i;

	for (i = 0; lines[i] != NULL; i++) {
		if (lines[i + 1] == NULL && *lines[i] == '\0')
			break;
		if (i + 1 == line) {
			if (repl != NULL)
				g_string_append_printf(s, "%s\n", repl);
		} else
			g_string_append_printf(s, "%s\n", lines[i]);
	}
	g_strfreev(lines);
	return g_string_free(s, FALSE);
}

/* Loads text; wants failure with an error that starts FILE:LINE: and holds `what`. */
static void
want_error(struct fixture *fx, const char *text, int line, const char *what)
{
	struct config *cfg;
	char *err = NULL;
	gchar *prefix;

	write_conf(fx->conf, text);
	cfg = config_load(fx->conf, 0, &err);
	if (cfg != NULL)
		g_test_message("got: success; want: error at line %d with "
		    "\"%s\"", line, what);
	g_assert_null(cfg);
	g_assert_nonnull(err);
	prefix = g_strdup_printf("%s:%d: ", fx->conf, line);
	if (!g_str_has_prefix(err, prefix) || strstr(err, what) == NULL)
		g_test_message("got: %s\nwant: %s... %s", err, prefix, what);
	g_assert_true(g_str_has_prefix(err, prefix));
	g_assert_nonnull(strstr(err, what));
	g_free(prefix);
	free(err);
}

static void
want_line_error(struct fixture *fx, int line, const char *repl, int at,
    const char *what)
{
	gchar *text = conf_with(line, repl);

	want_error(fx, text, at, what);
	g_free(text);
}

static void
test_valid(struct fixture *fx, gconstpointer data)
{
	struct config *cfg;
	char *err = NULL;

	write_conf(fx->conf, base_conf);
	cfg = config_load(fx->conf, 0, &err);
	if (err != NULL)
		g_test_message("unexpected error: %s", err);
	g_assert_nonnull(cfg);
	g_assert_cmpstr(cfg->office.address, ==, "gongkai@fao.example.test");
	g_assert_cmpstr(cfg->imap.password, ==, "secret");
	g_assert_cmpstr(cfg->imap.mailbox, ==, "INBOX");	/* default */
	g_assert_cmpuint(cfg->deadlines.answer_days, ==, 20);
	g_assert_cmpuint(cfg->deadlines.nremind_days, ==, 4);
	g_assert_cmpuint(cfg->deadlines.extension_remind_days, ==, 3);
	g_assert_nonnull(cfg->fee.payment_method);
	g_assert_cmpuint(cfg->deadlines.remind_days[0], ==, 5);
	g_assert_cmpuint(cfg->deadlines.remind_days[3], ==, 0);
	g_assert_cmpuint(cfg->security.secret_len, >=, CONFIG_SECRET_MIN);
	g_assert_nonnull(config_division(cfg, "秘书处"));
	g_assert_cmpstr(config_division(cfg, "秘书处")->handler, ==,
	    "jingban@fao.example.test");
	g_assert_null(config_division(cfg, "无此处"));
	g_assert_cmpstr(cfg->security.secrecy_markers[0], ==, "绝密");
	/* Relative paths are taken from the configuration's folder. */
	g_assert_true(g_str_has_prefix(cfg->store.database, fx->dir));
	/* Safe defaults: TLS asked for, batches capped in bytes, no user
	 * to become (run refuses root without one). */
	g_assert_cmpint(cfg->imap.starttls, ==, 1);
	g_assert_cmpint(cfg->smtp.starttls, ==, 1);
	g_assert_cmpuint(cfg->imap.batch_bytes, ==, 32u << 20);
	g_assert_null(cfg->daemon.user);
	config_free(cfg);
}

/* [daemon] user and [imap] batch_bytes are read. */
static void
test_daemon_user(struct fixture *fx, gconstpointer data)
{
	struct config *cfg;
	char *err = NULL;
	gchar *text = g_strconcat(base_conf, "[daemon]\nuser = gongkai\n",
	    NULL), *t2 = conf_with(18, "password_file = imap.pass\n"
	    "batch_bytes = 1048576");

	write_conf(fx->conf, text);
	cfg = config_load(fx->conf, 0, &err);
	g_assert_null(err);
	g_assert_nonnull(cfg);
	g_assert_cmpstr(cfg->daemon.user, ==, "gongkai");
	config_free(cfg);
	write_conf(fx->conf, t2);
	cfg = config_load(fx->conf, 0, &err);
	g_assert_null(err);
	g_assert_nonnull(cfg);
	g_assert_cmpuint(cfg->imap.batch_bytes, ==, 1048576);
	config_free(cfg);
	g_free(text);
	g_free(t2);
	/* Too small a cap is refused. */
	want_line_error(fx, 18, "password_file = imap.pass\nbatch_bytes = 10",
	    19, "[imap] batch_bytes: ");
}

static void
test_unknown_section(struct fixture *fx, gconstpointer data)
{
	gchar *text = g_strconcat(base_conf, "[bogus]\nx = 1\n", NULL);

	want_error(fx, text, 31, "[bogus]: unknown section");
	g_free(text);
}

static void
test_unknown_key(struct fixture *fx, gconstpointer data)
{
	want_line_error(fx, 17, "usr = gongkai", 17, "[imap] usr: unknown key");
}

/* Every error is told, each on its own line, in the file's order. */
static void
test_every_error(struct fixture *fx, gconstpointer data)
{
	gchar *t1 = conf_with(18, "password_file = imap.pass\nusr = x");
	gchar *text = g_strconcat(t1, "[deadlines]\n"
	    "answer_days = twenty\nidle_days = 0\n", NULL);
	struct config *cfg;
	char *err = NULL;
	gchar **lines;

	write_conf(fx->conf, text);
	cfg = config_load(fx->conf, 0, &err);
	g_assert_null(cfg);
	g_assert_nonnull(err);
	g_test_message("got: %s", err);
	lines = g_strsplit(err, "\n", -1);
	g_assert_cmpuint(g_strv_length(lines), ==, 3);
	g_assert_true(g_str_has_suffix(lines[0], ":19: [imap] usr: unknown "
	    "key; did you mean user?"));
	g_assert_nonnull(strstr(lines[1], ":33: [deadlines] "
	    "answer_days: expected a whole number"));
	g_assert_nonnull(strstr(lines[2], ":34: [deadlines] idle_days: 0 is "
	    "out of bounds"));
	g_strfreev(lines);
	free(err);
	g_free(text);
	g_free(t1);
}

/* "did you mean" for a near key; the right section for another's key. */
static void
test_key_suggestions(struct fixture *fx, gconstpointer data)
{
	gchar *t;
	char *err = NULL;

	want_line_error(fx, 18, "passwrd_file = imap.pass", 18,
	    "[imap] passwrd_file: unknown key; did you mean password_file?");
	want_line_error(fx, 18, "password_file = imap.pass\n"
	    "done_mailbx = Processed", 19, "[imap] done_mailbx: unknown "
	    "key; did you mean done_mailbox?");
	want_line_error(fx, 9, "default_division = 秘书处\nmailbox = INBOX",
	    10, "[office] mailbox: unknown key here; it belongs in [imap]");
	want_line_error(fx, 5, "handler = a@fao.example.test", 5,
	    "[office] handler: unknown key here; it belongs in "
	    "[division NAME]");
	/* Two letters swapped is one edit. */
	want_line_error(fx, 18, "password_file = imap.pass\nidel = true", 19,
	    "[imap] idel: unknown key; did you mean idle?");
	/* Nothing near: no guess. */
	t = conf_with(17, "user = gongkai\nzzzz = 1");
	want_error(fx, t, 18, "[imap] zzzz: unknown key");
	write_conf(fx->conf, t);
	g_assert_null(config_load(fx->conf, 0, &err));
	g_assert_null(strstr(err, "did you mean"));
	g_assert_null(strstr(err, "belongs"));
	free(err);
	g_free(t);
}

/* A byte that is not UTF-8 is named at its line, not line 1. */
static void
test_not_utf8_line(struct fixture *fx, gconstpointer data)
{
	want_line_error(fx, 22, "from = \xe5\xa4 <gongkai@fao.example.test>",
	    22, "not UTF-8 (byte 0xe5)");
	want_line_error(fx, 3, "name = \xff", 3, "not UTF-8 (byte 0xff)");
}

/* A UTF-8 byte order mark (Windows Notepad) is accepted. */
static void
test_bom(struct fixture *fx, gconstpointer data)
{
	gchar *text = g_strconcat("\xef\xbb\xbf", base_conf, NULL);
	struct config *cfg;
	char *err = NULL;

	write_conf(fx->conf, text);
	cfg = config_load(fx->conf, 0, &err);
	if (err != NULL)
		g_test_message("unexpected error: %s", err);
	g_assert_nonnull(cfg);
	g_assert_cmpstr(cfg->office.name, ==, "上海市人民政府外事办公室");
	config_free(cfg);
	g_free(text);
	/* ... and lines are still counted from it. */
	text = g_strconcat("\xef\xbb\xbf", base_conf, "[bogus]\n", NULL);
	want_error(fx, text, 31, "[bogus]: unknown section");
	g_free(text);
}

static void
test_unknown_division_key(struct fixture *fx, gconstpointer data)
{
	want_line_error(fx, 13, "reviewer = x@fao.example.test", 13,
	    "[division 秘书处] reviewer: unknown key");
}

static void
test_wrong_type_bool(struct fixture *fx, gconstpointer data)
{
	gchar *text = conf_with(30, "authserv_id = a\nrequire_dmarc = maybe");

	want_error(fx, text, 31, "[security] require_dmarc: expected true "
	    "or false");
	g_free(text);
}

static void
test_wrong_type_number(struct fixture *fx, gconstpointer data)
{
	gchar *text = g_strconcat(base_conf, "[deadlines]\n"
	    "answer_days = twenty\n", NULL);

	want_error(fx, text, 32, "[deadlines] answer_days: expected a whole "
	    "number");
	g_free(text);
}

static void
test_out_of_bounds(struct fixture *fx, gconstpointer data)
{
	gchar *text = g_strconcat(base_conf, "[deadlines]\n"
	    "answer_days = 0\n", NULL);

	want_error(fx, text, 32, "[deadlines] answer_days: 0 is out of "
	    "bounds (1 to 60)");
	g_free(text);
}

/*
 * Periods the law fixes: each refused with its article, and the line of
 * the key (条例 Arts. 30, 32, 33; 国办函〔2020〕109号).
 */
static void
test_unlawful_periods(struct fixture *fx, gconstpointer data)
{
	static const struct {
		const char	*line, *what;
	} bad[] = {
		{ "answer_days = 45", "[deadlines] answer_days: 45 working days "
		    "is unlawful: 条例第三十三条" },
		{ "answer_days = 21", "[deadlines] answer_days: 21 working days "
		    "is unlawful: 条例第三十三条" },
		{ "extension_days = 30", "[deadlines] extension_days: 30 working "
		    "days is unlawful: 条例第三十三条第二款" },
		{ "correction_notice_days = 8", "[deadlines] "
		    "correction_notice_days: 8 working days is unlawful: "
		    "条例第三十条" },
		{ "third_party_days = 14", "[deadlines] third_party_days: 14 "
		    "working days is unlawful: 条例第三十二条" },
		{ "agency_days = 10", "[deadlines] agency_days: 10 "
		    "working days is unlawful: 条例第三十四条" },
		{ "fee_payment_days = 19", "[deadlines] fee_payment_days: 19 "
		    "working days is unlawful: 国办函〔2020〕109号" },
	};
	static const char *const good[] = {
		"answer_days = 20\nextension_days = 20\n"
		"correction_notice_days = 7\nthird_party_days = 15\n"
		"fee_payment_days = 20\n",
		"answer_days = 15\nextension_days = 10\n"
		"correction_notice_days = 5\nthird_party_days = 20\n"
		"agency_days = 25\nfee_payment_days = 30\n",
	};
	struct config *cfg;
	char *err = NULL;
	gchar *text;
	size_t i;

	for (i = 0; i < G_N_ELEMENTS(bad); i++) {
		text = g_strconcat(base_conf, "[deadlines]\n", bad[i].line,
		    "\n", NULL);
		want_error(fx, text, 32, bad[i].what);
		g_free(text);
	}
	for (i = 0; i < G_N_ELEMENTS(good); i++) {
		text = g_strconcat(base_conf, "[deadlines]\n", good[i], NULL);
		write_conf(fx->conf, text);
		cfg = config_load(fx->conf, 0, &err);
		if (err != NULL)
			g_test_message("lawful periods refused: %s", err);
		g_assert_null(err);
		g_assert_nonnull(cfg);
		config_free(cfg);
		g_free(text);
	}
}

/* [fee] payment_method: required, not empty, named with 109号. */
static void
test_payment_method(struct fixture *fx, gconstpointer data)
{
	struct config *cfg;
	char *err = NULL;
	gchar *text;

	text = g_strconcat(base_conf, "[fee]\npayment_method =\n", NULL);
	want_error(fx, text, 32, "[fee] payment_method: required by "
	    "国办函〔2020〕109号");
	g_free(text);
	/* No [fee] at all: reported at the end of the file. */
	text = g_strconcat(base_conf, "[fee]\n", NULL);
	want_error(fx, text, 31, "[fee] payment_method: required by "
	    "国办函〔2020〕109号");
	g_free(text);
	text = g_strconcat(base_conf, "[fee]\npayment_method = 现场缴纳\n",
	    NULL);
	write_conf(fx->conf, text);
	cfg = config_load(fx->conf, 0, &err);
	g_assert_null(err);
	g_assert_nonnull(cfg);
	g_assert_cmpstr(cfg->fee.payment_method, ==, "现场缴纳");
	config_free(cfg);
	g_free(text);
}

/* [remedy]: the body and channel of reconsideration; the groups that go
 * to reconsideration first must hold 不予公开 (行政复议法 Art. 23). */
static void
test_remedy(struct fixture *fx, gconstpointer data)
{
	struct config *cfg;
	char *err = NULL;
	gchar *text;

	write_conf(fx->conf, base_conf);
	cfg = config_load(fx->conf, 0, &err);
	g_assert_nonnull(cfg);
	g_assert_cmpstr(cfg->remedy.reconsideration_body, ==, "上海市人民政府");
	g_assert_cmpstr(cfg->remedy.reconsideration_channel, ==, "");
	g_assert_cmpstr(cfg->remedy.review_first[0], ==, "withhold");
	g_assert_cmpstr(cfg->remedy.review_first[1], ==, "partial");
	g_assert_null(cfg->remedy.review_first[2]);
	/* names are optional: "" when not given */
	g_assert_cmpstr(cfg->office.head_name, ==, "");
	g_assert_cmpstr(cfg->divisions[0].handler_name, ==, "");
	config_free(cfg);

	text = g_strconcat(base_conf, "[remedy]\nreview_first = partial\n",
	    NULL);
	want_error(fx, text, 32, "[remedy] review_first: must include "
	    "withhold: 行政复议法第二十三条");
	g_free(text);
	text = g_strconcat(base_conf, "[remedy]\n"
	    "review_first = withhold, refused\n", NULL);
	want_error(fx, text, 32, "[remedy] review_first: \"refused\" is not a "
	    "group of answer types");
	g_free(text);
	text = g_strconcat(base_conf, "[remedy]\n"
	    "reconsideration_body = 上海市人民政府行政复议办公室\n"
	    "reconsideration_channel = https://fy.example.test\n"
	    "review_first = withhold,partial,unavailable\n", NULL);
	write_conf(fx->conf, text);
	cfg = config_load(fx->conf, 0, &err);
	g_assert_null(err);
	g_assert_nonnull(cfg);
	g_assert_cmpstr(cfg->remedy.reconsideration_body, ==,
	    "上海市人民政府行政复议办公室");
	g_assert_cmpstr(cfg->remedy.reconsideration_channel, ==,
	    "https://fy.example.test");
	g_assert_cmpstr(cfg->remedy.review_first[2], ==, "unavailable");
	config_free(cfg);
	g_free(text);
}

static void
test_list_out_of_bounds(struct fixture *fx, gconstpointer data)
{
	gchar *text = g_strconcat(base_conf, "[deadlines]\n"
	    "remind_days = 5,3,x\n", NULL);

	want_error(fx, text, 32, "[deadlines] remind_days: expected whole "
	    "numbers");
	g_free(text);
}

static void
test_bad_address(struct fixture *fx, gconstpointer data)
{
	want_line_error(fx, 5, "secretariat = mishu at fao", 5,
	    "[office] secretariat: expected a mail address");
}

static void
test_bad_url(struct fixture *fx, gconstpointer data)
{
	want_line_error(fx, 16, "url = http://127.0.0.1:10143", 16,
	    "[imap] url: expected imap://");
}

static void
test_bad_timezone(struct fixture *fx, gconstpointer data)
{
	want_line_error(fx, 4, "address = gongkai@fao.example.test\n"
	    "timezone = Mars/Olympus", 5, "[office] timezone: unknown time "
	    "zone");
}

static void
test_missing_required(struct fixture *fx, gconstpointer data)
{
	/* Reported at the section's header line. */
	want_line_error(fx, 21, NULL, 20, "[smtp] url: required, but missing");
}

static void
test_missing_section(struct fixture *fx, gconstpointer data)
{
	gchar *text = conf_with(24, "");
	gchar *t2 = g_strdup(text);
	char *p = strstr(t2, "database = gk.db\nspool = spool\n");

	g_assert_nonnull(p);
	memmove(p, p + strlen("database = gk.db\nspool = spool\n"),
	    strlen(p + strlen("database = gk.db\nspool = spool\n")) + 1);
	/* At the end of the file: 28 lines and write_conf()'s [fee]. */
	want_error(fx, t2, 31, "[store] database: required, but missing");
	g_free(text);
	g_free(t2);
}

static void
test_missing_division(struct fixture *fx, gconstpointer data)
{
	want_line_error(fx, 9, "default_division = 外事处", 9,
	    "[office] default_division: no [division 外事处] section");
}

static void
test_unreadable_password(struct fixture *fx, gconstpointer data)
{
	want_line_error(fx, 18, "password_file = nonexistent.pass", 18,
	    "[imap] password_file: cannot read");
}

static void
test_empty_password(struct fixture *fx, gconstpointer data)
{
	gchar *p = g_build_filename(fx->dir, "empty.pass", NULL);

	write_file(p, "\n", 0600);
	want_line_error(fx, 18, "password_file = empty.pass", 18,
	    "[imap] password_file:");
	g_free(p);
}

static void
test_missing_secret(struct fixture *fx, gconstpointer data)
{
	want_line_error(fx, 29, "secret_file = nosecret", 29,
	    "[security] secret_file: cannot read");
}

static void
test_missing_secret_init(struct fixture *fx, gconstpointer data)
{
	struct config *cfg;
	char *err = NULL;
	gchar *text = conf_with(29, "secret_file = nosecret");

	/* `gongkai init` creates the secret, so it may be missing then. */
	write_conf(fx->conf, text);
	cfg = config_load(fx->conf, CONFIG_SECRET_MAY_BE_MISSING, &err);
	g_assert_nonnull(cfg);
	g_assert_null(cfg->security.secret);
	config_free(cfg);
	g_free(text);
}

static void
test_secret_readable_by_others(struct fixture *fx, gconstpointer data)
{
	gchar *p = g_build_filename(fx->dir, "secret", NULL);

	g_assert_cmpint(chmod(p, 0644), ==, 0);
	want_error(fx, base_conf, 29, "[security] secret_file: ");
	write_conf(fx->conf, base_conf);
	{
		char *err = NULL;
		struct config *cfg = config_load(fx->conf, 0, &err);
		g_assert_null(cfg);
		g_assert_nonnull(strstr(err, "open to group or others"));
		free(err);
	}
	g_free(p);
}

/* A password file others can read is refused, like the secret. */
static void
test_password_readable_by_others(struct fixture *fx, gconstpointer data)
{
	gchar *p = g_build_filename(fx->dir, "imap.pass", NULL);
	gchar *s = g_build_filename(fx->dir, "smtp.pass", NULL);

	g_assert_cmpint(chmod(p, 0640), ==, 0);
	want_error(fx, base_conf, 18, "[imap] password_file: ");
	want_error(fx, base_conf, 18, "open to group or others (mode 0640); "
	    "chmod 600 it");
	g_assert_cmpint(chmod(p, 0604), ==, 0);
	want_error(fx, base_conf, 18, "open to group or others (mode 0604)");
	g_assert_cmpint(chmod(p, 0600), ==, 0);
	write_file(s, "smtpsecret\n", 0644);
	want_line_error(fx, 21, "url = smtp://127.0.0.1:10025\nuser = gk\n"
	    "password_file = smtp.pass", 23,
	    "[smtp] password_file: ");
	want_line_error(fx, 21, "url = smtp://127.0.0.1:10025\nuser = gk\n"
	    "password_file = smtp.pass", 23, "open to group or others");
	/* 0400 is fine: only the owner reads it. */
	g_assert_cmpint(chmod(s, 0400), ==, 0);
	{
		gchar *t = conf_with(21, "url = smtp://127.0.0.1:10025\n"
		    "user = gk\npassword_file = smtp.pass");
		char *err = NULL;
		struct config *cfg;

		write_conf(fx->conf, t);
		cfg = config_load(fx->conf, 0, &err);
		if (err != NULL)
			g_test_message("unexpected error: %s", err);
		g_assert_nonnull(cfg);
		g_assert_cmpstr(cfg->smtp.password, ==, "smtpsecret");
		config_free(cfg);
		g_free(t);
	}
	g_free(p);
	g_free(s);
}

static void
test_secret_too_short(struct fixture *fx, gconstpointer data)
{
	gchar *p = g_build_filename(fx->dir, "secret", NULL);
	char *err = NULL;
	struct config *cfg;

	write_file(p, "short\n", 0600);
	write_conf(fx->conf, base_conf);
	cfg = config_load(fx->conf, 0, &err);
	g_assert_null(cfg);
	g_assert_nonnull(strstr(err, "[security] secret_file:"));
	g_assert_nonnull(strstr(err, "fewer than"));
	free(err);
	g_free(p);
}

static void
test_syntax_error(struct fixture *fx, gconstpointer data)
{
	want_line_error(fx, 17, "user gongkai", 17, "expected key = value");
}

static void
test_duplicate_key(struct fixture *fx, gconstpointer data)
{
	want_line_error(fx, 17, "user = a\nuser = b", 18,
	    "[imap] user: the key appears twice (first at line 17)");
}

static void
test_dmarc_needs_authserv(struct fixture *fx, gconstpointer data)
{
	want_line_error(fx, 30, "require_dmarc = true", 30,
	    "[security] authserv_id: required when require_dmarc = true");
}

/* A password never crosses a connection without TLS but to loopback. */
static void
test_clear_password(struct fixture *fx, gconstpointer data)
{
	static const char *const fine[] = {
		"url = imap://127.0.0.1:10143\nstarttls = false",
		"url = imap://127.9.8.7:10143\nstarttls = false",
		"url = imap://localhost\nstarttls = false",
		"url = imap://[::1]:10143\nstarttls = false",
		"url = imap://mail.example.org\nstarttls = true",
		"url = imap://mail.example.org",
		"url = imaps://mail.example.org\nstarttls = false",
	};
	size_t i;

	for (i = 0; i < G_N_ELEMENTS(fine); i++) {
		gchar *t = conf_with(16, fine[i]);
		char *err = NULL;
		struct config *cfg;

		write_conf(fx->conf, t);
		cfg = config_load(fx->conf, 0, &err);
		if (cfg == NULL)
			g_test_message("%s: unexpected error: %s", fine[i], err);
		g_assert_nonnull(cfg);
		config_free(cfg);
		g_free(t);
	}
	want_line_error(fx, 16, "url = imap://mail.example.org\n"
	    "starttls = false", 17, "[imap] starttls: false would send the "
	    "password without TLS to a server not on loopback");
	want_line_error(fx, 16, "url = imap://128.0.0.1\nstarttls = false",
	    17, "[imap] starttls: ");
	want_line_error(fx, 16, "url = imap://[::2]\nstarttls = false",
	    17, "[imap] starttls: ");
	/* SMTP: only when there is a password to send. */
	want_line_error(fx, 21, "url = smtp://mail.example.org\n"
	    "starttls = false\nuser = gk\npassword_file = imap.pass", 22,
	    "[smtp] starttls: false would send the password");
	{
		gchar *t = conf_with(21, "url = smtp://mail.example.org\n"
		    "starttls = false");
		char *err = NULL;
		struct config *cfg;

		write_conf(fx->conf, t);
		cfg = config_load(fx->conf, 0, &err);
		g_assert_nonnull(cfg);
		config_free(cfg);
		g_free(t);
	}
	g_assert_true(config_host_loopback("127.0.0.1"));
	g_assert_true(config_host_loopback("LocalHost"));
	g_assert_true(config_host_loopback("::1"));
	g_assert_false(config_host_loopback("127.example.org"));
	g_assert_false(config_host_loopback("::ffff:10.0.0.1"));
	g_assert_false(config_host_loopback(NULL));
}

static void
test_smtp_user_without_password(struct fixture *fx, gconstpointer data)
{
	want_line_error(fx, 21, "url = smtp://127.0.0.1:10025\nuser = gk",
	    22, "[smtp] password_file: user and password_file go together");
}

static void
test_unreadable_file(void)
{
	char *err = NULL;

	g_assert_null(config_load("/nonexistent/gongkai.conf", 0, &err));
	g_assert_nonnull(strstr(err, "/nonexistent/gongkai.conf"));
	free(err);
}

int
main(int argc, char **argv)
{
	static const struct {
		const char *name;
		void (*fn)(struct fixture *, gconstpointer);
	} cases[] = {
		{ "/config/valid", test_valid },
		{ "/config/unknown-section", test_unknown_section },
		{ "/config/unknown-key", test_unknown_key },
		{ "/config/every-error", test_every_error },
		{ "/config/key-suggestions", test_key_suggestions },
		{ "/config/not-utf8-line", test_not_utf8_line },
		{ "/config/bom", test_bom },
		{ "/config/unknown-division-key", test_unknown_division_key },
		{ "/config/wrong-type-bool", test_wrong_type_bool },
		{ "/config/wrong-type-number", test_wrong_type_number },
		{ "/config/out-of-bounds", test_out_of_bounds },
		{ "/config/list-out-of-bounds", test_list_out_of_bounds },
		{ "/config/bad-address", test_bad_address },
		{ "/config/bad-url", test_bad_url },
		{ "/config/bad-timezone", test_bad_timezone },
		{ "/config/missing-required", test_missing_required },
		{ "/config/missing-section", test_missing_section },
		{ "/config/missing-division", test_missing_division },
		{ "/config/unreadable-password", test_unreadable_password },
		{ "/config/empty-password", test_empty_password },
		{ "/config/missing-secret", test_missing_secret },
		{ "/config/missing-secret-init", test_missing_secret_init },
		{ "/config/secret-readable-by-others",
		    test_secret_readable_by_others },
		{ "/config/secret-too-short", test_secret_too_short },
		{ "/config/password-readable-by-others",
		    test_password_readable_by_others },
		{ "/config/daemon-user", test_daemon_user },
		{ "/config/unlawful-periods", test_unlawful_periods },
		{ "/config/payment-method", test_payment_method },
		{ "/config/remedy", test_remedy },
		{ "/config/clear-password", test_clear_password },
		{ "/config/syntax-error", test_syntax_error },
		{ "/config/duplicate-key", test_duplicate_key },
		{ "/config/dmarc-needs-authserv", test_dmarc_needs_authserv },
		{ "/config/smtp-user-without-password",
		    test_smtp_user_without_password },
	};
	size_t i;

	g_test_init(&argc, &argv, NULL);
	for (i = 0; i < G_N_ELEMENTS(cases); i++)
		g_test_add(cases[i].name, struct fixture, NULL, fx_setup,
		    cases[i].fn, fx_teardown);
	g_test_add_func("/config/unreadable-file", test_unreadable_file);
	return g_test_run();
}
