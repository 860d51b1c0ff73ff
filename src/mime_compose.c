/*
 * mime_compose.c - outgoing mail: mime_compose() builds one whole RFC 5322
 * message from a struct mime_out (mime.h says what it promises).  In
 * order: the value checks, the body and attachment parts, and
 * mime_compose() in its steps (check, Date, addresses, headers, content,
 * write).  Names, subjects and file names are cleaned by mime.c's and
 * mime_header.c's rules (mime_p.h), so that what goes out is cleaned as
 * what comes in.
 */
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include <errno.h>
#include <sys/stat.h>

#include <glib.h>
#include <glib/gstdio.h>
#include <gmime/gmime.h>

#include "address.h"
#include "clock.h"
#include "mime.h"
#include "mime_p.h"
#include "xmalloc.h"

#define OUT_MAX_VALUE		900	/* bytes of a cleaned name or subject */
#define OUT_MAX_ID		250	/* bytes of one Message-ID */
#define OUT_MAX_REFS		20	/* ids kept in References */
#define OUT_MAX_LINE		998	/* octets, RFC 5322 2.1.1 */

/* An address the office can send to: address.h's one rule. */
static int
out_addr_ok(const char *a)
{
	return address_valid(a);
}

/* "<id@host>": printable ASCII without space or brackets inside. */
static int
out_msgid_ok(const char *id)
{
	size_t len, i;

	if (id == NULL || (len = strlen(id)) < 5 || len > OUT_MAX_ID ||
	    id[0] != '<' || id[len - 1] != '>' ||
	    memchr(id + 1, '@', len - 2) == NULL)
		return 0;
	for (i = 1; i + 1 < len; i++)
		if (id[i] <= ' ' || id[i] >= 0x7f || id[i] == '<' ||
		    id[i] == '>')
			return 0;
	return 1;
}

/* The body as canonical text: valid UTF-8, CRLF line ends, no NUL or
 * other controls but TAB; the caller g_free()s it. */
static gchar *
out_body(const char *body, size_t *lenp)
{
	GString *u = g_string_new(NULL), *out;
	size_t i;

	if (body != NULL)
		mime_utf8_append_lossy(u, body, strlen(body));
	out = g_string_sized_new(u->len + u->len / 16 + 2);
	for (i = 0; i < u->len; i++) {
		unsigned char c = (unsigned char)u->str[i];

		if (c == '\r' || c == '\n') {
			if (c == '\r' && i + 1 < u->len &&
			    u->str[i + 1] == '\n')
				i++;
			g_string_append(out, "\r\n");
		} else if (c < 0x20 && c != '\t')
			g_string_append_c(out, ' ');
		else if (c != 0x7f)
			g_string_append_c(out, (char)c);
	}
	if (out->len > 0 && out->str[out->len - 1] != '\n')
		g_string_append(out, "\r\n");
	g_string_free(u, TRUE);
	*lenp = out->len;
	return g_string_free(out, FALSE);
}

/* A type/subtype of token characters, lower-cased into out[size]. */
static int
out_type_ok(const char *t, char *out, size_t size)
{
	const char *slash, *q;
	size_t len;

	if (t == NULL || (len = strlen(t)) >= size ||
	    (slash = strchr(t, '/')) == NULL || slash == t ||
	    slash[1] == '\0' || strchr(slash + 1, '/') != NULL)
		return 0;
	for (q = t; *q != '\0'; q++)
		if (!g_ascii_isalnum(*q) && strchr("/!#$&^_.+-", *q) == NULL)
			return 0;
	for (q = t; *q != '\0'; q++)
		*out++ = g_ascii_tolower(*q);
	*out = '\0';
	return 1;
}

/* The content type for an attachment, into out[size]. */
static void
out_type(const struct mime_out_attachment *a, const char *name, char *out,
    size_t size)
{
	const char *dot = strrchr(name, '.'), *type;

	if (out_type_ok(a->content_type, out, size))
		return;
	if (dot != NULL && (type = mime_type_for_ext(dot)) != NULL) {
		g_strlcpy(out, type, size);
		return;
	}
	if (dot != NULL && g_ascii_strcasecmp(dot, ".jpeg") == 0)
		g_strlcpy(out, "image/jpeg", size);
	else
		g_strlcpy(out, "application/octet-stream", size);
}

/* The text/plain part of the body. */
static GMimeObject *
out_text_part(const char *body, const char *subtype)
{
	GMimePart *part = g_mime_part_new_with_type("text", subtype);
	GMimeStream *s;
	GMimeDataWrapper *dw;
	gchar *text;
	size_t len;

	text = out_body(body, &len);
	s = g_mime_stream_mem_new_with_buffer(text, len);
	g_free(text);
	dw = g_mime_data_wrapper_new_with_stream(s,
	    GMIME_CONTENT_ENCODING_DEFAULT);
	g_mime_part_set_content(part, dw);
	g_object_unref(dw);
	g_object_unref(s);
	g_mime_object_set_content_type_parameter(GMIME_OBJECT(part),
	    "charset", "utf-8");
	g_mime_part_set_content_encoding(part,
	    g_mime_part_get_best_content_encoding(part,
	    GMIME_ENCODING_CONSTRAINT_7BIT));
	return GMIME_OBJECT(part);
}

/* An attachment read from its file; NULL with *errp. */
static GMimeObject *
out_attachment(const struct mime_out_attachment *a, size_t *total,
    size_t max, char **errp)
{
	GMimePart *part = NULL;
	GMimeStream *s;
	GMimeDataWrapper *dw;
	GError *gerr = NULL;
	gchar *data = NULL;
	gsize len;
	char type[128], *name = NULL, *slash;

	if (a->path == NULL) {
		*errp = xstrdup("an attachment without a file");
		goto out;
	}
	if (!g_file_get_contents(a->path, &data, &len, &gerr)) {
		*errp = xasprintf("attachment %s", gerr->message);
		g_error_free(gerr);
		goto out;
	}
	*total += len;
	if (max > 0 && *total > max) {
		*errp = xasprintf("%s: the attachments exceed %zu bytes",
		    a->path, max);
		goto out;
	}
	if ((name = mime_name_clean(a->filename)) == NULL)
		name = xstrdup("attachment");
	out_type(a, name, type, sizeof(type));
	slash = strchr(type, '/');
	*slash = '\0';
	part = g_mime_part_new_with_type(type, slash + 1);
	s = g_mime_stream_mem_new_with_buffer(data, len);
	dw = g_mime_data_wrapper_new_with_stream(s,
	    GMIME_CONTENT_ENCODING_DEFAULT);
	g_mime_part_set_content(part, dw);
	g_object_unref(dw);
	g_object_unref(s);
	g_mime_part_set_filename(part, name);
	g_mime_part_set_content_encoding(part, GMIME_CONTENT_ENCODING_BASE64);
out:
	g_free(data);
	free(name);
	return part != NULL ? GMIME_OBJECT(part) : NULL;
}

/* Adds the valid ids of refs to References, at most OUT_MAX_REFS of them:
 * the first and the latest. */
static void
out_references(GMimeObject *obj, const char *const *refs)
{
	GPtrArray *ok = g_ptr_array_new();
	GString *v = g_string_new(NULL);
	size_t i, skip_to = 0;

	for (i = 0; refs != NULL && refs[i] != NULL; i++)
		if (out_msgid_ok(refs[i]))
			g_ptr_array_add(ok, (gpointer)refs[i]);
	if (ok->len > OUT_MAX_REFS)
		skip_to = ok->len - (OUT_MAX_REFS - 1);
	for (i = 0; i < ok->len; i++) {
		if (i > 0 && i < skip_to)
			continue;
		if (v->len > 0)
			g_string_append_c(v, ' ');
		g_string_append(v, g_ptr_array_index(ok, i));
	}
	if (v->len > 0)
		g_mime_object_set_header(obj, "References", v->str, NULL);
	g_string_free(v, TRUE);
	g_ptr_array_free(ok, TRUE);
}

/* Every line ends in CRLF and holds at most OUT_MAX_LINE octets. */
static int
out_lines_ok(const unsigned char *s, size_t len)
{
	size_t i, start = 0;

	for (i = 0; i < len; i++) {
		if (s[i] == '\r' && i + 1 < len && s[i + 1] == '\n') {
			if (i - start > OUT_MAX_LINE)
				return 0;
			start = ++i + 1;
		} else if (s[i] == '\r' || s[i] == '\n' || s[i] >= 0x80)
			return 0;
	}
	return len - start <= OUT_MAX_LINE;
}

/*
 * Everything is checked before anything is built: 0, and in *fromp the
 * parsed From (one mailbox; the caller's), or -1 with *errp.
 */
static int
out_check(const struct mime_out *o, InternetAddressList **fromp,
    char **errp)
{
	InternetAddressList *from = NULL;
	InternetAddress *ia;
	char *name;
	int rv = -1;

	name = mime_clean_line(o->from, OUT_MAX_VALUE);
	if (name == NULL || (from = internet_address_list_parse(NULL,
	    name)) == NULL || internet_address_list_length(from) != 1 ||
	    !INTERNET_ADDRESS_IS_MAILBOX(ia =
	    internet_address_list_get_address(from, 0)) ||
	    !out_addr_ok(internet_address_mailbox_get_addr(
	    INTERNET_ADDRESS_MAILBOX(ia)))) {
		*errp = xasprintf("From \"%s\": not one address",
		    o->from ? o->from : "");
		goto out;
	}
	if (!out_addr_ok(o->to_addr)) {
		*errp = xasprintf("To \"%s\": not an address",
		    o->to_addr ? o->to_addr : "");
		goto out;
	}
	if (o->reply_to != NULL && !out_addr_ok(o->reply_to)) {
		*errp = xasprintf("Reply-To \"%s\": not an address",
		    o->reply_to);
		goto out;
	}
	if (o->x_loop != NULL && !out_addr_ok(o->x_loop)) {
		*errp = xasprintf("X-Loop \"%s\": not an address", o->x_loop);
		goto out;
	}
	if (!out_msgid_ok(o->message_id)) {
		*errp = xasprintf("Message-ID \"%s\": not <id@domain>",
		    o->message_id ? o->message_id : "");
		goto out;
	}
	if (o->auto_submitted == NULL ||
	    (strcmp(o->auto_submitted, "auto-generated") != 0 &&
	    strcmp(o->auto_submitted, "auto-replied") != 0)) {
		*errp = xasprintf("Auto-Submitted \"%s\": not auto-generated "
		    "or auto-replied", o->auto_submitted ?
		    o->auto_submitted : "");
		goto out;
	}
	*fromp = from;
	from = NULL;
	rv = 0;
out:
	if (from != NULL)
		g_object_unref(from);
	free(name);
	return rv;
}

/* Date: o->date in time zone o->tz, else UTC. */
static void
out_date(GMimeMessage *msg, const struct mime_out *o)
{
	GTimeZone *tz;
	GDateTime *utc, *local;

	tz = clock_tz(o->tz);
	utc = g_date_time_new_from_unix_utc((gint64)o->date);
	local = g_date_time_to_timezone(utc, tz);
	g_mime_message_set_date(msg, local);
	g_date_time_unref(local);
	g_date_time_unref(utc);
	g_time_zone_unref(tz);
}

/* From (ia, out_check()'s), Reply-To and To. */
static void
out_addresses(GMimeMessage *msg, const struct mime_out *o,
    InternetAddress *ia)
{
	InternetAddress *mb;
	char *name;

	/* The configured name, cleaned again: it is put back by GMime. */
	name = mime_clean_line(internet_address_get_name(ia), OUT_MAX_VALUE);
	mb = internet_address_mailbox_new(name,
	    internet_address_mailbox_get_addr(INTERNET_ADDRESS_MAILBOX(ia)));
	internet_address_list_add(g_mime_message_get_addresses(msg,
	    GMIME_ADDRESS_TYPE_FROM), mb);
	g_object_unref(mb);
	free(name);
	if (o->reply_to != NULL) {
		mb = internet_address_mailbox_new(NULL, o->reply_to);
		internet_address_list_add(g_mime_message_get_addresses(msg,
		    GMIME_ADDRESS_TYPE_REPLY_TO), mb);
		g_object_unref(mb);
	}
	name = mime_clean_line(o->to_name, OUT_MAX_VALUE);
	mb = internet_address_mailbox_new(name, o->to_addr);
	internet_address_list_add(g_mime_message_get_addresses(msg,
	    GMIME_ADDRESS_TYPE_TO), mb);
	g_object_unref(mb);
	free(name);
}

/* Subject, the ids and the headers that mark automatic mail. */
static void
out_headers(GMimeMessage *msg, const struct mime_out *o)
{
	GMimeObject *obj = GMIME_OBJECT(msg);
	char *subject, *id;

	subject = mime_clean_line(o->subject, OUT_MAX_VALUE);
	g_mime_message_set_subject(msg, subject ? subject : "", "utf-8");
	id = xstrndup(o->message_id + 1, strlen(o->message_id) - 2);
	g_mime_message_set_message_id(msg, id);
	if (out_msgid_ok(o->in_reply_to))
		g_mime_object_set_header(obj, "In-Reply-To", o->in_reply_to,
		    NULL);
	out_references(obj, o->references);
	g_mime_object_set_header(obj, "MIME-Version", "1.0", NULL);
	g_mime_object_set_header(obj, "Auto-Submitted", o->auto_submitted,
	    NULL);
	if (o->x_loop != NULL)
		g_mime_object_set_header(obj, "X-Loop", o->x_loop, NULL);
	g_mime_object_set_header(obj, "X-Auto-Response-Suppress", "All",
	    NULL);
	free(subject);
	free(id);
}

/*
 * The message's MIME part: the text (with its HTML alternative), in
 * multipart/mixed with the attachments if there are any; NULL with
 * *errp when an attachment cannot be read.
 */
static GMimeObject *
out_content(const struct mime_out *o, char **errp)
{
	GMimeObject *text, *part;
	GMimeMultipart *mixed;
	gchar *seed, *b;
	size_t i, total = 0;

	/* Boundaries from the Message-ID, not at random: the same mail
	 * composed twice is the same bytes ("=-" never occurs in base64 or
	 * quoted-printable, nor, as a line, in text GMime encodes). */
	seed = g_compute_checksum_for_string(G_CHECKSUM_SHA256,
	    o->message_id, -1);
	seed[24] = '\0';

	text = out_text_part(o->body, "plain");
	if (o->body_html != NULL) {
		/* text/plain first: clients show the last part they can. */
		GMimeMultipart *alt = g_mime_multipart_new_with_subtype(
		    "alternative");
		GMimeObject *html = out_text_part(o->body_html, "html");

		b = g_strdup_printf("=-gk-alt-%s", seed);
		g_mime_multipart_set_boundary(alt, b);
		g_free(b);
		g_mime_multipart_add(alt, text);
		g_mime_multipart_add(alt, html);
		g_object_unref(html);
		g_object_unref(text);
		text = GMIME_OBJECT(alt);
	}
	if (o->nattachments == 0) {
		g_free(seed);
		return text;
	}
	mixed = g_mime_multipart_new_with_subtype("mixed");
	b = g_strdup_printf("=-gk-mix-%s", seed);
	g_mime_multipart_set_boundary(mixed, b);
	g_free(b);
	g_free(seed);
	g_mime_multipart_add(mixed, text);
	g_object_unref(text);
	for (i = 0; i < o->nattachments; i++) {
		if ((part = out_attachment(&o->attachments[i], &total,
		    o->max_bytes, errp)) == NULL) {
			g_object_unref(mixed);
			return NULL;
		}
		g_mime_multipart_add(mixed, part);
		g_object_unref(part);
	}
	return GMIME_OBJECT(mixed);
}

/* The message as bytes with CRLF line ends, checked; NULL with *errp. */
static char *
out_write(GMimeMessage *msg, size_t *lenp, char **errp)
{
	GMimeFormatOptions *fo;
	GMimeStream *ms;
	GByteArray *ba;
	char *rv = NULL;

	fo = g_mime_format_options_new();
	g_mime_format_options_set_newline_format(fo, GMIME_NEWLINE_FORMAT_DOS);
	ms = g_mime_stream_mem_new();
	if (g_mime_object_write_to_stream(GMIME_OBJECT(msg), fo, ms) < 0) {
		*errp = xstrdup("the message could not be written");
		goto out;
	}
	ba = g_mime_stream_mem_get_byte_array(GMIME_STREAM_MEM(ms));
	if (!out_lines_ok(ba->data, ba->len)) {
		/* GMime folds and encodes; this is a bug if it happens. */
		*errp = xstrdup("the composed message has a line over 998 "
		    "octets, a bare CR or LF, or 8-bit bytes");
		goto out;
	}
	rv = xmalloc(ba->len + 1);
	memcpy(rv, ba->data, ba->len);
	rv[ba->len] = '\0';
	*lenp = ba->len;
out:
	g_object_unref(ms);
	g_mime_format_options_free(fo);
	return rv;
}

int
mime_out_check(const struct mime_out *o, char **errp)
{
	InternetAddressList *from = NULL;
	GStatBuf sb;
	size_t i, total = 0;
	int e;

	mime_init();
	*errp = NULL;
	if (out_check(o, &from, errp) == -1)
		return -1;
	g_object_unref(from);
	for (i = 0; i < o->nattachments; i++) {
		const char *path = o->attachments[i].path;

		if (path == NULL) {
			*errp = xstrdup("an attachment without a file");
			return -1;
		}
		e = g_stat(path, &sb) == -1 ? errno : 0;
		if (e != 0 || !S_ISREG(sb.st_mode)) {
			*errp = xasprintf("attachment %s: %s", path,
			    e != 0 ? g_strerror(e) : "not a file");
			return -1;
		}
		total += (size_t)sb.st_size;
		if (o->max_bytes > 0 && total > o->max_bytes) {
			*errp = xasprintf("%s: the attachments exceed %zu "
			    "bytes", path, o->max_bytes);
			return -1;
		}
	}
	return 0;
}

char *
mime_compose(const struct mime_out *o, size_t *lenp, char **errp)
{
	GMimeMessage *msg = NULL;
	GMimeObject *content;
	InternetAddressList *from = NULL;
	char *rv = NULL;

	mime_init();
	*errp = NULL;
	if (out_check(o, &from, errp) == -1)
		goto out;
	msg = g_mime_message_new(TRUE);
	out_date(msg, o);
	out_addresses(msg, o, internet_address_list_get_address(from, 0));
	out_headers(msg, o);
	if ((content = out_content(o, errp)) == NULL)
		goto out;
	g_mime_message_set_mime_part(msg, content);
	g_object_unref(content);
	rv = out_write(msg, lenp, errp);
out:
	if (msg != NULL)
		g_object_unref(msg);
	if (from != NULL)
		g_object_unref(from);
	return rv;
}
