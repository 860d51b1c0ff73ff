/*
 * fuzz_fields.c - the applicant's fields (fields.h).  The input is fields
 * cut at NUL: a request's text, a correction's text, then a SET field name
 * and value.  The request is parsed, the correction merged into it, SET
 * applied, and every value masked; fields.c promises to repair invalid
 * UTF-8 itself, so the text is passed as it is.
 */
#include "fuzz.h"
#include "fields.h"

static const char *const keys[] = {
	"name", "type", "id_type", "id_number", "phone", "address", "email",
	"description", "delivery", "medium",
};

static void
check(const struct applicant_fields *f)
{
	size_t i;
	const char *v;
	char *m;

	for (i = 0; i < sizeof(keys) / sizeof(keys[0]); i++) {
		if ((v = fields_get(f, keys[i])) == NULL)
			continue;
		if (!g_utf8_validate(v, -1, NULL))
			abort();
		/* fields.h: a value other than the description is one line */
		if (i != 7 && strpbrk(v, "\r\n") != NULL)
			abort();
		m = fields_mask_text(v);
		free(m);
	}
	m = fields_mask_id(f->id_number);
	free(m);
	m = fields_mask_phone(f->phone);
	free(m);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *f[4];
	struct applicant_fields *a, *b;
	size_t i;

	(void)fuzz_fields(data, size, f, 4);
	a = fields_parse(f[0]);
	check(a);
	b = fields_parse(f[1]);
	check(b);
	(void)fields_merge(a, b);
	check(a);
	(void)fields_set(a, f[2], f[3]);
	check(a);
	(void)fields_type_key(f[3]);
	fields_free(a);
	fields_free(b);
	for (i = 0; i < 4; i++)
		free(f[i]);
	return 0;
}
