/*
 * fuzz_template.c - the template renderer (template.h) on any template
 * text, with a fixed set of variables: every third variable of the table
 * is left unsupplied, every third is empty, the others carry text that
 * must stay data ("{{" in a value, a header injection in the subject,
 * Chinese, CR LF).  The rendered subject is checked to be one line.
 */
#include "fuzz.h"
#include "template.h"

static const char *const values[] = {
	"GK-2026-0001",
	"{{case_id}} {{#x}}not template text{{/x}}",
	"王五\r\nBcc: attacker@example.test",
	"2026年9月28日",
	"line one\nline two\rline three\r\n",
	"  \t ",
};

static struct template_var *vars;
static size_t nvars;

static void
vars_init(void)
{
	size_t i, k = 0;

	if (vars != NULL)
		return;
	vars = xcalloc(template_nvars(), sizeof(*vars));
	for (i = 0; i < template_nvars(); i++) {
		if (i % 3 == 2)
			continue;	/* not supplied */
		vars[k].name = template_var_name(i);
		vars[k].value = i % 3 == 1 ? "" : values[i % 6 == 0 ?
		    (i / 6) % 6 : (i / 3) % 6];
		k++;
	}
	nvars = k;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *subject = NULL, *body = NULL, *err = NULL;

	vars_init();
	if (template_render_text("fuzz.zh.txt", (const char *)data, size,
	    vars, nvars, &subject, &body, &err) == 0) {
		if (err != NULL || subject == NULL || body == NULL ||
		    strpbrk(subject, "\r\n") != NULL ||
		    g_utf8_strlen(subject, -1) > TEMPLATE_SUBJECT_MAX)
			abort();
	} else if (err == NULL || subject != NULL || body != NULL)
		abort();
	free(subject);
	free(body);
	free(err);
	return 0;
}
