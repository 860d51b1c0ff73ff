/*
 * fuzz_form.c - a handler's submission for publication (form.h).  The
 * input is two fields cut at NUL: a subject and a body.  The subject's
 * tag is read; the body is parsed as a form of every kind.  form.h
 * promises valid UTF-8 values, one line each (the content aside), a
 * title of at most FORM_TITLE_MAX characters, and problems exactly when
 * the form is incomplete.
 */
#include "fuzz.h"
#include "form.h"

static void
check_value(const char *v, int one_line)
{
	if (v == NULL)
		return;
	if (!g_utf8_validate(v, -1, NULL))
		abort();
	if (one_line && strpbrk(v, "\r\n") != NULL)
		abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const enum form_kind kinds[] = {
		FORM_PROACTIVE, FORM_NEWS, FORM_INTRANET, FORM_BUSINESS
	};
	char *f[2], *problems;
	const char *rest = NULL;
	struct form form;
	enum form_kind k;
	size_t i;
	int rv;

	(void)fuzz_fields(data, size, f, 2);
	k = form_kind_of_subject(f[0], &rest);
	if (k != FORM_NONE && (rest == NULL || form_kind_word(k) == NULL))
		abort();
	for (i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++) {
		problems = NULL;
		rv = form_parse(kinds[i], f[1], &form, &problems);
		if ((rv == 0) != (problems == NULL))
			abort();
		if (problems != NULL && !g_utf8_validate(problems, -1, NULL))
			abort();
		check_value(form.division, 1);
		check_value(form.contact, 1);
		check_value(form.title, 1);
		check_value(form.column, 1);
		check_value(form.category, 1);
		check_value(form.content, 0);
		if (form.title != NULL &&
		    g_utf8_strlen(form.title, -1) > FORM_TITLE_MAX)
			abort();
		if (rv == 0 && (form.title == NULL || form.content == NULL))
			abort();
		g_free(problems);
		form_clear(&form);
	}
	for (i = 0; i < 2; i++)
		free(f[i]);
	return 0;
}
