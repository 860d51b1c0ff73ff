/*
 * fuzz_mime.c - mime_parse() with the default limits on any bytes: the
 * raw mail as the spool holds it.  Everything returned is read once (so
 * that a string that is not NUL-terminated or not owned shows up under
 * ASan) and freed (so that LeakSanitizer finds what is not).
 */
#include "fuzz.h"
#include "mime.h"

static size_t
touch(const char *s)
{
	return s != NULL ? strlen(s) : 0;
}

/* mime.h: a header value is one line, valid UTF-8, at most the cap. */
static void
check_header(const char *s)
{
	if (s == NULL)
		return;
	if (strpbrk(s, "\r\n") != NULL || strstr(s, "\xe2\x80\xa8") != NULL ||
	    strstr(s, "\xe2\x80\xa9") != NULL ||
	    !g_utf8_validate(s, -1, NULL) ||
	    strlen(s) > MIME_MAX_HEADER_BYTES_DEFAULT)
		abort();
}

static size_t
touch_list(const struct mime_strlist *l)
{
	size_t i, n = 0;

	for (i = 0; i < l->n; i++)
		n += touch(l->v[i]);
	return n;
}

static size_t
touch_addrs(const struct mime_addrlist *l)
{
	size_t i, n = 0;

	for (i = 0; i < l->n; i++)
		n += touch(l->v[i].addr) + touch(l->v[i].name);
	return n;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct message *m;
	volatile size_t n = 0;
	size_t i;

	m = mime_parse((const char *)data, size, NULL);
	n += touch(m->message_id) + touch(m->in_reply_to) +
	    touch_list(&m->references) + touch(m->from.addr) +
	    touch(m->from.name) + touch_addrs(&m->to) + touch_addrs(&m->cc) +
	    touch_addrs(&m->reply_to) + touch_addrs(&m->delivered_to) +
	    touch_addrs(&m->x_original_to) + touch(m->return_path) +
	    touch(m->subject) + touch(m->date) + touch(m->text) +
	    touch(m->auto_submitted) + touch(m->x_autoreply) +
	    touch(m->x_autorespond) + touch(m->precedence) +
	    touch(m->list_id) + touch_list(&m->x_loop) +
	    touch_list(&m->auth_results) + touch(m->content_type) +
	    touch(m->report_type) + touch(m->dsn.action) +
	    touch(m->dsn.status) + touch(m->dsn.final_recipient) +
	    touch(m->dsn.original_message_id) + touch_list(&m->defects) +
	    touch(m->hold_reason);
	for (i = 0; i < m->nattachments; i++) {
		const struct mime_attachment *a = &m->attachments[i];

		n += touch(a->filename) + touch(a->orig_filename) +
		    touch(a->content_type) + strlen(a->sha256);
		if (a->len > 0)
			n += a->data[0] + a->data[a->len - 1];
	}
	if (!g_utf8_validate(m->text, -1, NULL))
		abort();	/* mime.h: every string is valid UTF-8 */
	check_header(m->subject);
	check_header(m->from.name);
	check_header(m->from.addr);
	check_header(m->date);
	check_header(m->message_id);
	check_header(m->in_reply_to);
	for (i = 0; i < m->to.n; i++) {
		check_header(m->to.v[i].addr);
		check_header(m->to.v[i].name);
	}
	(void)mime_has_defect(m, "malformed");
	mime_message_free(m);
	(void)n;
	return 0;
}
