/*
 * fuzz_command.c - the command grammar (command.h) for every role: the
 * input, made valid UTF-8 as quote_authored() hands it on, is parsed as
 * the authored text of a reply from each role; its first line is also
 * looked up as an answer TYPE.
 */
#include "fuzz.h"
#include "command.h"

static const enum command_role roles[] = {
	COMMAND_ROLE_APPLICANT, COMMAND_ROLE_HANDLER,
	COMMAND_ROLE_RESPONSIBLE, COMMAND_ROLE_SUPERVISING,
	COMMAND_ROLE_APPROVER, COMMAND_ROLE_LEADER, COMMAND_ROLE_HEAD,
	COMMAND_ROLE_SECRETARIAT, COMMAND_ROLE_THIRD_PARTY,
};

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = fuzz_utf8(data, size);
	struct command *c;
	size_t i;
	volatile size_t n = 0;

	for (i = 0; i < sizeof(roles) / sizeof(roles[0]); i++) {
		c = command_parse(s, roles[i]);
		if (c->argument == NULL ||
		    (c->kind == COMMAND_NONE) != (c->reason != NULL))
			abort();	/* command.h's promises */
		if (c->kind != COMMAND_NONE &&
		    !command_role_allows(roles[i], c->kind))
			abort();
		n += strlen(c->argument) + strlen(command_kind_name(c->kind));
		if (c->keyword != NULL)
			n += strlen(c->keyword);
		if (c->type != NULL)
			n += strlen(c->type);
		command_free(c);
	}
	s[strcspn(s, "\n")] = '\0';
	if (command_answer_type(s) != NULL)
		n++;
	if (command_answer_label(s) != NULL)
		n++;
	(void)n;
	free(s);
	return 0;
}
