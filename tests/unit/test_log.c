/* test_log.c - the log: levels, the time stamp or the journal's <N>
 * prefix, one write per line, and no token, ID number or phone number
 * ever written (log_redact and every line through it). */
#include <sys/stat.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <glib.h>

#include "log.h"
#include "token.h"

/* ---------------------------------------------------------- redaction */

static void
redacts(const char *in, const char *want)
{
	char *s = g_strdup(in);
	size_t n = log_redact(s);

	if (strcmp(s, want) != 0)
		g_error("redact \"%s\": got \"%s\", want \"%s\"", in, s, want);
	g_assert_cmpuint(n, ==, strlen(s));
	g_free(s);
}

static void
keeps(const char *in)
{
	redacts(in, in);
}

static void
test_tokens(void)
{
	static const unsigned char key[32] = "0123456789abcdef0123456789abcdef";
	static const unsigned char nonce[TOKEN_NONCE_LEN] = { 1, 2, 3, 4, 5,
	    6, 7, 8 };
	struct token_claims c = { "GK-2026-0001", "responsible",
	    "chushen@fao.example.test", 3, 1790000000 };
	char *tok = token_issue(key, sizeof(key), &c, nonce), *up, *in;

	g_assert_nonnull(tok);
	in = g_strdup_printf("mail 12: message-id=<GK-2026-0001.notify.%s"
	    "@fao.example.test> reply", tok);
	redacts(in, "mail 12: message-id=<GK-2026-0001.notify.[token]"
	    "@fao.example.test> reply");
	g_free(in);
	in = g_strdup_printf("to gongkai+%s@fao.example.test", tok);
	redacts(in, "to gongkai+[token]@fao.example.test");
	g_free(in);
	/* Read in any case, so redacted in any case. */
	up = g_ascii_strup(tok, -1);
	in = g_strdup_printf("Reply-To: <GONGKAI+%s@FAO.EXAMPLE.TEST>", up);
	redacts(in, "Reply-To: <GONGKAI+[token]@FAO.EXAMPLE.TEST>");
	g_free(in);
	g_free(up);
	/* A mistyped one (l read as 1, o as 0), and one cut short. */
	in = g_strdup_printf("回复码：%s。", tok);
	in[strlen("回复码：") + 3] = '1';
	in[strlen("回复码：") + 9] = '0';
	redacts(in, "回复码：[token]。");
	g_free(in);
	in = g_strdup_printf("token %.30s.", tok);
	redacts(in, "token [token].");
	g_free(in);
	/* Several in one line. */
	in = g_strdup_printf("%s,%s %s", tok, tok, tok);
	redacts(in, "[token],[token] [token]");
	g_free(in);
	free(tok);

	/* Other words and ids stay. */
	keeps("<GK-2026-0001.ack.0123456789abcdef@fao.example.test>");
	keeps("<GK-2026-0001.ack.a13800138000ef@fao.example.test>");
	keeps("spool e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b"
	    "7852b855");
	keeps("mail 3a5f8e2b91c04d17: parser failed: timeout");
	keeps("the answer: disclose, by approver shenpi@fao.example.test");
	keeps("Internationalization considerations");
	keeps("gongkai+bounce-GK-2026-0001-ack-1a2b3c4d5e6f@fao.example.test");
	keeps("zhang.zhe+gov@example.test");
	keeps("/var/lib/gongkai/spool/2026/09/18");
}

static void
test_ids(void)
{
	redacts("证件号码：310101199001011234，", "证件号码：[id]，");
	redacts("id 31010119900101123X end", "id [id] end");
	redacts("id 31010119900101123x", "id [id]");
	redacts("身份证31010119900101123Ｘ。", "身份证[id]。");
	redacts("身份证31010119900101123ｘ", "身份证[id]");
	redacts("old card 310101900101123", "old card [id]");
	redacts("310101 19900101 1234", "[id]");
	redacts("310101-19900101-123X", "[id]");
	redacts("3101 0119 9001 0112 34", "[id]");
	redacts("３１０１０１１９９００１０１１２３４", "[id]");
	redacts("ID310101199001011234", "ID[id]");
	/* Longer runs are not ID numbers (Python's Message-IDs). */
	keeps("<179621371683.15799.2451213837451827634@example.test>");
	redacts("<179621371683.15799.451213837451827634@example.test>",
	    "<179621371683.15799.[id]@example.test>");
	/* The X of a word is not a check letter. */
	redacts("310101199001011234xyz", "[id]xyz");
}

static void
test_phones(void)
{
	redacts("联系电话：13900000001", "联系电话：[phone]");
	redacts("tel 13800138000.", "tel [phone].");
	redacts("138 0013 8000", "[phone]");
	redacts("138-0013-8000", "[phone]");
	redacts("+86 138 0013 8000", "+[phone]");
	redacts("+86-13800138000", "+86-[phone]");
	redacts("+8613800138000", "+[phone]");
	redacts("0086 13800138000", "0086 [phone]");
	redacts("0086 138 0013 8000", "[phone]");
	redacts("１３８００１３８０００", "[phone]");
	redacts("021-62321234", "[phone]");
	redacts("0571-87654321", "[phone]");
	redacts("010 1234 5678", "[phone]");
	redacts("(021) 6232 1234", "([phone]");
	redacts("+86 21 6232 1234", "+[phone]");
	redacts("13800138000@163.com", "[phone]@163.com");
	redacts("mail 13 13800138000 ok", "mail 13 [phone] ok");
	redacts("GK-2026-0001 13800138000 2026-09-18",
	    "GK-2026-0001 [phone] 2026-09-18");
	redacts("a 13900000001, b 310101199001010000",
	    "a [phone], b [id]");
}

static void
test_ordinary(void)
{
	keeps("mail 12: new-request GK-2026-0001 from zhang.zhe@example.test");
	keeps("GK-2026-0001: approve by approver, now answered");
	keeps("answer due 2026-10-22 (provisional): 20 working days");
	keeps("2026-09-18T10:00:00+08:00");
	keeps("from 2026-09-18 to 2026-10-22");
	keeps("2026-09-18 2026-10-22 2026-11-05");
	keeps("outbox: 12 sent; attempt 3, next in 3600 s");
	keeps("uid 1764676800 uidvalidity 1700000000");
	keeps("26214400 bytes, more than [security] max_message_bytes");
	keeps("12345678 and 1234567");
	keeps("connected to imap://127.0.0.1:10143 as gongkai");
	keeps("250 OK id=1vQx2A-000123-Ab");
	keeps("schema migrated to version 12");
	keeps("沪外办信公〔2026〕15号");
	keeps("");
}

/* ---------------------------------------------------------- the lines */

/* What the calls of fn wrote to stderr (a file meanwhile). */
static char *
captured(void (*fn)(void), const char *journal_stream, int journal_self)
{
	char path[] = "/tmp/test_log.XXXXXX", *js = NULL, *text;
	int fd, saved;
	struct stat sb;

	fd = mkstemp(path);
	g_assert_cmpint(fd, !=, -1);
	fflush(stderr);
	saved = dup(2);
	g_assert_cmpint(dup2(fd, 2), ==, 2);
	if (journal_self) {
		g_assert_cmpint(fstat(fd, &sb), ==, 0);
		js = g_strdup_printf("%llu:%llu",
		    (unsigned long long)sb.st_dev,
		    (unsigned long long)sb.st_ino);
		journal_stream = js;
	}
	if (journal_stream != NULL)
		g_setenv("JOURNAL_STREAM", journal_stream, TRUE);
	else
		g_unsetenv("JOURNAL_STREAM");
	fn();
	dup2(saved, 2);
	close(saved);
	close(fd);
	g_unsetenv("JOURNAL_STREAM");
	g_assert_true(g_file_get_contents(path, &text, NULL, NULL));
	unlink(path);
	g_free(js);
	return text;
}

static void
all_levels(void)
{
	errno = ENOENT;
	log_errorx("an error");
	log_warnx("a warning");
	log_warn("with errno");
	log_info("some info");
	log_debug("a detail");
	log_info("two\nlines\tand a tab");
	log_info("phone 13900000001, id 310101199001010000, due 2026-10-22");
}

static void
quiet(void)
{
	log_init("gongkai", -1);
	all_levels();
}

static void
normal(void)
{
	log_init("gongkai", 0);
	all_levels();
}

static void
verbose(void)
{
	log_init("gongkai", 1);
	all_levels();
}

static void
test_levels(void)
{
	char *t;

	g_setenv("TZ", "UTC0", TRUE);
	t = captured(quiet, NULL, 0);
	g_assert_nonnull(strstr(t, "error: an error\n"));
	g_assert_nonnull(strstr(t, "warning: a warning\n"));
	g_assert_null(strstr(t, "info:"));
	g_assert_null(strstr(t, "debug:"));
	g_free(t);
	t = captured(normal, NULL, 0);
	g_assert_nonnull(strstr(t, "warning: with errno: No such file or "
	    "directory\n"));
	g_assert_nonnull(strstr(t, "info: some info\n"));
	g_assert_null(strstr(t, "debug:"));
	g_free(t);
	t = captured(verbose, NULL, 0);
	g_assert_nonnull(strstr(t, "debug: a detail\n"));
	g_assert_cmpint(log_verbose(), ==, 1);
	g_free(t);
}

/* Every line: "YYYY-MM-DDTHH:MM:SS.mmm+HH:MM gongkai[PID]: LEVEL: ...". */
static void
check_stamped(const char *text, const char *offset)
{
	GRegex *re;
	char *pat, **lines;
	size_t i, n = 0;

	pat = g_strdup_printf("^\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d"
	    "\\.\\d{3}\\%s gongkai\\[%ld\\]: (error|warning|info|debug): "
	    "[^\\n]*$", offset, (long)getpid());
	re = g_regex_new(pat, 0, 0, NULL);
	lines = g_strsplit(text, "\n", -1);
	for (i = 0; lines[i] != NULL && lines[i][0] != '\0'; i++, n++)
		if (!g_regex_match(re, lines[i], 0, NULL))
			g_error("line \"%s\" is not /%s/", lines[i], pat);
	g_assert_cmpuint(n, ==, 6);
	g_strfreev(lines);
	g_regex_unref(re);
	g_free(pat);
}

static void
test_stamp(void)
{
	char *t;

	g_setenv("TZ", "CST-8", TRUE);
	t = captured(normal, NULL, 0);
	check_stamped(t, "+08:00");
	/* A control character never starts a second line. */
	g_assert_nonnull(strstr(t, "info: two lines and a tab\n"));
	g_free(t);
	g_setenv("TZ", "IST-5:30", TRUE);
	t = captured(normal, NULL, 0);
	check_stamped(t, "+05:30");
	g_free(t);
	g_setenv("TZ", "EST5", TRUE);
	t = captured(normal, NULL, 0);
	check_stamped(t, "-05:00");
	g_free(t);
	/* JOURNAL_STREAM of another file: not the journal. */
	t = captured(normal, "1:1", 0);
	check_stamped(t, "-05:00");
	g_assert_cmpint(log_journal(), ==, 0);
	g_free(t);
	t = captured(normal, "garbage", 0);
	check_stamped(t, "-05:00");
	g_free(t);
}

static void
test_journal(void)
{
	char *t;

	t = captured(normal, NULL, 1);
	g_assert_cmpint(log_journal(), ==, 1);
	g_assert_cmpstr(t, ==,
	    "<3>an error\n"
	    "<4>a warning\n"
	    "<4>with errno: No such file or directory\n"
	    "<6>some info\n"
	    "<6>two lines and a tab\n"
	    "<6>phone [phone], id [id], due 2026-10-22\n");
	g_free(t);
	t = captured(verbose, NULL, 1);
	g_assert_nonnull(strstr(t, "\n<7>a detail\n"));
	g_free(t);
}

/*
 * A line far too long is cut before a word, never inside a secret: the
 * ID number is cut after 6 digits, which are dropped with it.
 */
static void
long_line(void)
{
	GString *pad = g_string_new(NULL);

	while (pad->len < 8192 - 20)
		g_string_append(pad, "abc ");
	g_string_truncate(pad, 8192 - 20);
	log_init("gongkai", 0);
	log_info("%s 13800138000 310101199001011234", pad->str);
	g_string_free(pad, TRUE);
}

static void
test_long(void)
{
	char *t = captured(long_line, NULL, 1);

	g_assert_null(strstr(t, "138001"));
	g_assert_null(strstr(t, "310101"));
	g_assert_true(g_str_has_suffix(t, "abc  [phone] \n"));
	g_assert_cmpuint(strlen(t), <, 8192 + 8);
	g_free(t);
}

int
main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/log/redact/tokens", test_tokens);
	g_test_add_func("/log/redact/ids", test_ids);
	g_test_add_func("/log/redact/phones", test_phones);
	g_test_add_func("/log/redact/ordinary", test_ordinary);
	g_test_add_func("/log/levels", test_levels);
	g_test_add_func("/log/stamp", test_stamp);
	g_test_add_func("/log/journal", test_journal);
	g_test_add_func("/log/long", test_long);
	return g_test_run();
}
