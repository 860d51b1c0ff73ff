/* test_role.c - the one list of roles: words, titles, config keys. */
#include <stdlib.h>
#include <string.h>

#include <glib.h>
#include <glib/gstdio.h>

#include "command.h"
#include "config.h"
#include "role.h"

/* Every role's word reads back to the role; the grammar agrees. */
static void
test_words(void)
{
	enum command_role r, got;

	for (r = 0; r < ROLE_COUNT; r++) {
		g_assert_nonnull(role_word(r));
		g_assert_cmpint(role_parse(role_word(r), &got), ==, 0);
		g_assert_cmpint(got, ==, r);
		g_assert_cmpstr(command_role_name(r), ==, role_word(r));
	}
	g_assert_cmpstr(role_word(COMMAND_ROLE_THIRD_PARTY), ==,
	    "third_party");
	got = COMMAND_ROLE_HEAD;
	g_assert_cmpint(role_parse("reviewer", &got), ==, -1);
	g_assert_cmpint(role_parse(NULL, &got), ==, -1);
	g_assert_cmpint(got, ==, COMMAND_ROLE_HEAD);
	g_assert_null(role_word(ROLE_COUNT));
}

/* One title per role, the same wherever a mail names it. */
static void
test_titles(void)
{
	static const struct {
		const char	*word, *zh, *en;
	} want[] = {
		{ "applicant", "申请人", "applicant" },
		{ "handler", "经办人员", "handler" },
		{ "responsible", "责任处室审核", "responsible review" },
		{ "supervising", "主管处室审核", "supervising review" },
		{ "approver", "审批", "approval" },
		{ "leader", "分管办领导审核", "leader" },
		{ "head", "政府信息公开工作机构负责人", "head" },
		{ "principal", "主要负责人", "principal" },
		{ "secretariat", "秘书处", "secretariat" },
		{ "third_party", "第三方", "third party" },
	};
	size_t i;

	g_assert_cmpint(G_N_ELEMENTS(want), ==, ROLE_COUNT);
	for (i = 0; i < G_N_ELEMENTS(want); i++) {
		g_assert_cmpstr(role_title_of(want[i].word, "zh"), ==,
		    want[i].zh);
		g_assert_cmpstr(role_title_of(want[i].word, "en"), ==,
		    want[i].en);
	}
	/* Any other language reads Chinese; a word no role has, itself. */
	g_assert_cmpstr(role_title(COMMAND_ROLE_HEAD, NULL), ==,
	    "政府信息公开工作机构负责人");
	g_assert_cmpstr(role_title_of("reviewer", "zh"), ==, "reviewer");
	g_assert_null(role_title(ROLE_COUNT, "zh"));
	g_assert_cmpstr(role_person_en(COMMAND_ROLE_HANDLER), ==, "a handler");
}

/* The help reply names a role by the same title the mails use. */
static void
test_help_title(void)
{
	struct command *cmd = command_parse("APPROVE", COMMAND_ROLE_HANDLER);

	g_assert_cmpint(cmd->kind, ==, COMMAND_NONE);
	g_assert_nonnull(strstr(cmd->reason, "不是经办人员在此步骤"));
	command_free(cmd);
	cmd = command_parse("ANSWER disclose\n好", COMMAND_ROLE_RESPONSIBLE);
	g_assert_nonnull(strstr(cmd->reason, "不是责任处室审核在此步骤"));
	g_assert_nonnull(strstr(cmd->reason,
	    "a responsible-division reviewer"));
	command_free(cmd);
}

/* Each role configured by address has its key where the list says. */
static const char conf[] =
    "[office]\nname = 外事办\naddress = gongkai@fao.example.test\n"
    "secretariat = mishu@fao.example.test\n"
    "supervising = zhuguan@fao.example.test\n"
    "approver = shenpi@fao.example.test\n"
    "head = fuzeren@fao.example.test\n"
    "default_division = 一处\n"
    "[division 一处]\nhandler = jingban@fao.example.test\n"
    "responsible = zeren@fao.example.test\n"
    "leader = lingdao@fao.example.test\n"
    "[imap]\nurl = imap://127.0.0.1:10143\nuser = gk\n"
    "password_file = imap.pass\n"
    "[smtp]\nurl = smtp://127.0.0.1:10025\n"
    "from = 外办 <gongkai@fao.example.test>\n"
    "[store]\ndatabase = gk.db\nspool = spool\n"
    "[security]\nsecret_file = secret\n"
    "[fee]\npayment_method = 银行转账\n";

static struct config *
load(const char *dir, const char *text, char **err)
{
	char *path = g_build_filename(dir, "gongkai.conf", NULL);
	struct config *cfg;

	g_assert_true(g_file_set_contents(path, text, -1, NULL));
	cfg = config_load(path, CONFIG_SECRET_MAY_BE_MISSING, err);
	g_free(path);
	return cfg;
}

static void
test_config_keys(void)
{
	static const struct {
		const char	*key, *missing;
	} want[] = {
		{ "secretariat", "[office] secretariat: required" },
		{ "supervising", "[office] supervising: required" },
		{ "approver", "[office] approver: required" },
		{ "head", "[office] head: required" },
		{ "handler", "[division 一处] handler: required" },
		{ "responsible", "[division 一处] responsible: required" },
	};
	char *dir = g_dir_make_tmp("gk-role-XXXXXX", NULL), *p;
	const struct config_division *d;
	struct config *cfg;
	char *err = NULL;
	size_t i;

	p = g_build_filename(dir, "imap.pass", NULL);
	g_assert_true(g_file_set_contents(p, "pw\n", -1, NULL));
	g_assert_cmpint(g_chmod(p, 0600), ==, 0);
	cfg = load(dir, conf, &err);
	g_assert_cmpstr(err, ==, NULL);
	g_assert_cmpstr(cfg->office.head, ==, "fuzeren@fao.example.test");
	g_assert_cmpstr(cfg->office.approver, ==, "shenpi@fao.example.test");
	d = config_division(cfg, "一处");
	g_assert_cmpstr(d->leader, ==, "lingdao@fao.example.test");
	g_assert_cmpstr(d->responsible, ==, "zeren@fao.example.test");
	config_free(cfg);
	for (i = 0; i < G_N_ELEMENTS(want); i++) {
		GString *s = g_string_new(conf);
		char *key = g_strdup_printf("\n%s = ", want[i].key), *k;

		/* Comment the key out: the parser names it as missing. */
		k = strstr(s->str, key);
		g_assert_nonnull(k);
		g_string_insert_c(s, k - s->str + 1, '#');
		err = NULL;
		g_assert_null(load(dir, s->str, &err));
		g_assert_nonnull(strstr(err, want[i].missing));
		free(err);
		g_free(key);
		g_string_free(s, TRUE);
	}
	/* The leader is the one chain role a division may leave out. */
	{
		GString *s = g_string_new(conf);
		char *k = strstr(s->str, "\nleader = ");

		g_string_insert_c(s, k - s->str + 1, '#');
		err = NULL;
		cfg = load(dir, s->str, &err);
		g_assert_nonnull(cfg);
		g_assert_null(config_division(cfg, "一处")->leader);
		config_free(cfg);
		g_string_free(s, TRUE);
	}
	g_unlink(p);
	g_free(p);
	p = g_build_filename(dir, "gongkai.conf", NULL);
	g_unlink(p);
	g_free(p);
	g_rmdir(dir);
	g_free(dir);
}

int
main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/role/words", test_words);
	g_test_add_func("/role/titles", test_titles);
	g_test_add_func("/role/help-title", test_help_title);
	g_test_add_func("/role/config-keys", test_config_keys);
	return g_test_run();
}
