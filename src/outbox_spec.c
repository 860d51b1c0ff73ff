/*
 * outbox_spec.c - what a queued mail is made of (outbox_p.h): the values
 * mime_compose() takes, kept as JSON in the outbox row when the mail is
 * queued, and composed into bytes when it is first sent.  Queuing then
 * costs a row, not a MIME message, inside the transaction that causes
 * the mail; composing is deterministic (mime.h), and the first attempt
 * stores the bytes it composed, so every attempt sends the same ones.
 *
 * Attachments are kept as paths in the spool, relative (the spool may be
 * moved between queuing and sending); everything else as given,
 * including the Date (the office's clock when the mail was queued).
 */
#include <stdlib.h>
#include <string.h>

#include <glib.h>
#include <json-glib/json-glib.h>

#include "config.h"
#include "mime.h"
#include "outbox.h"
#include "outbox_p.h"
#include "xmalloc.h"

#define SPEC_MAX_REFS	64	/* ids in References kept at most */

/*
 * The spec is written here, not with JsonGenerator: it escapes a string
 * character by character through GString, and a mail's body made that
 * the largest part of queuing it (115,000 instructions a mail in the
 * first sweep of a day).  JSON needs only ", \ and the C0 controls
 * escaped; the rest goes as it is, valid UTF-8.
 */
static void
put_string(GString *g, const char *s)
{
	static const char hex[] = "0123456789abcdef";
	const char *p, *run;
	char *valid = NULL;

	if (!g_utf8_validate(s, -1, NULL))
		s = valid = g_utf8_make_valid(s, -1);
	g_string_append_c(g, '"');
	for (p = run = s; *p != '\0'; p++) {
		unsigned char c = (unsigned char)*p;

		if (c >= 0x20 && c != '"' && c != '\\')
			continue;
		g_string_append_len(g, run, p - run);
		run = p + 1;
		switch (c) {
		case '"':
			g_string_append(g, "\\\"");
			break;
		case '\\':
			g_string_append(g, "\\\\");
			break;
		case '\n':
			g_string_append(g, "\\n");
			break;
		case '\r':
			g_string_append(g, "\\r");
			break;
		case '\t':
			g_string_append(g, "\\t");
			break;
		default:
			g_string_append(g, "\\u00");
			g_string_append_c(g, hex[c >> 4]);
			g_string_append_c(g, hex[c & 0xf]);
		}
	}
	g_string_append_len(g, run, p - run);
	g_string_append_c(g, '"');
	g_free(valid);
}

/* ,"name": (no comma after the object's opening brace) */
static void
put_name(GString *g, const char *name)
{
	if (g->str[g->len - 1] != '{')
		g_string_append_c(g, ',');
	g_string_append_c(g, '"');
	g_string_append(g, name);
	g_string_append(g, "\":");
}

/* member name = s, when s is not NULL */
static void
put(GString *g, const char *name, const char *s)
{
	if (s == NULL)
		return;
	put_name(g, name);
	put_string(g, s);
}

char *
outbox_spec_dump(const struct mime_out *mo, const struct outmail *om)
{
	GString *g = g_string_sized_new(1024 + (mo->body ?
	    strlen(mo->body) : 0) + (mo->body_html ? strlen(mo->body_html) :
	    0));
	size_t i;

	g_string_append_c(g, '{');
	put(g, "from", mo->from);
	put(g, "to", mo->to_addr);
	put(g, "to_name", mo->to_name);
	put(g, "reply_to", mo->reply_to);
	put(g, "subject", mo->subject);
	put_name(g, "date");
	g_string_append_printf(g, "%lld", (long long)mo->date);
	put(g, "tz", mo->tz);
	put(g, "message_id", mo->message_id);
	put(g, "in_reply_to", mo->in_reply_to);
	if (mo->references != NULL) {
		put_name(g, "references");
		g_string_append_c(g, '[');
		for (i = 0; mo->references[i] != NULL && i < SPEC_MAX_REFS;
		    i++) {
			if (i > 0)
				g_string_append_c(g, ',');
			put_string(g, mo->references[i]);
		}
		g_string_append_c(g, ']');
	}
	put(g, "auto_submitted", mo->auto_submitted);
	put(g, "x_loop", mo->x_loop);
	put(g, "body", mo->body);
	put(g, "body_html", mo->body_html);
	put_name(g, "max_bytes");
	g_string_append_printf(g, "%zu", mo->max_bytes);
	put_name(g, "attachments");
	g_string_append_c(g, '[');
	for (i = 0; i < om->nattachments; i++) {
		g_string_append(g, i > 0 ? ",{" : "{");
		put(g, "filename", om->attachments[i].filename);
		put(g, "content_type", om->attachments[i].content_type);
		put(g, "spool_path", om->attachments[i].spool_path);
		g_string_append_c(g, '}');
	}
	g_string_append(g, "]}");
	return g_string_free(g, FALSE);
}

/* A string member, or NULL when absent or not a string. */
static const char *
get(JsonObject *o, const char *name)
{
	JsonNode *n = json_object_get_member(o, name);

	return n != NULL && JSON_NODE_HOLDS_VALUE(n) &&
	    json_node_get_value_type(n) == G_TYPE_STRING ?
	    json_node_get_string(n) : NULL;
}

char *
outbox_spec_compose(const struct config *cfg, const char *spec,
    size_t *lenp, char **errp)
{
	JsonParser *p = json_parser_new_immutable();
	JsonObject *o, *ao;
	JsonArray *refs = NULL, *atts = NULL;
	struct mime_out mo;
	struct mime_out_attachment *att = NULL;
	const char **ref = NULL;
	GError *gerr = NULL;
	char *raw = NULL;
	guint i, n = 0, nref = 0;

	*errp = NULL;
	memset(&mo, 0, sizeof(mo));
	if (!json_parser_load_from_data(p, spec, -1, &gerr) ||
	    !JSON_NODE_HOLDS_OBJECT(json_parser_get_root(p))) {
		*errp = xasprintf("its spec cannot be read: %s", gerr ?
		    gerr->message : "not an object");
		goto out;
	}
	o = json_node_get_object(json_parser_get_root(p));
	mo.from = get(o, "from");
	mo.to_addr = get(o, "to");
	mo.to_name = get(o, "to_name");
	mo.reply_to = get(o, "reply_to");
	mo.subject = get(o, "subject");
	mo.date = json_object_get_int_member_with_default(o, "date", 0);
	mo.tz = get(o, "tz");
	mo.message_id = get(o, "message_id");
	mo.in_reply_to = get(o, "in_reply_to");
	mo.auto_submitted = get(o, "auto_submitted");
	mo.x_loop = get(o, "x_loop");
	mo.body = get(o, "body");
	mo.body_html = get(o, "body_html");
	mo.max_bytes = (size_t)json_object_get_int_member_with_default(o,
	    "max_bytes", 0);
	if (json_object_has_member(o, "references") &&
	    JSON_NODE_HOLDS_ARRAY(json_object_get_member(o, "references"))) {
		refs = json_object_get_array_member(o, "references");
		nref = MIN(json_array_get_length(refs), SPEC_MAX_REFS);
		ref = xcalloc(nref + 1, sizeof(*ref));
		for (i = 0; i < nref; i++) {
			JsonNode *e = json_array_get_element(refs, i);

			ref[i] = JSON_NODE_HOLDS_VALUE(e) ?
			    json_node_get_string(e) : NULL;
			if (ref[i] == NULL)
				break;
		}
		mo.references = ref;
	}
	if (json_object_has_member(o, "attachments") &&
	    JSON_NODE_HOLDS_ARRAY(json_object_get_member(o, "attachments"))) {
		atts = json_object_get_array_member(o, "attachments");
		n = json_array_get_length(atts);
		att = xcalloc(n + 1, sizeof(*att));
		for (i = 0; i < n; i++) {
			JsonNode *e = json_array_get_element(atts, i);

			if (!JSON_NODE_HOLDS_OBJECT(e)) {
				*errp = xstrdup("its spec has an attachment "
				    "that is no object");
				goto out;
			}
			ao = json_node_get_object(e);
			att[i].filename = get(ao, "filename");
			att[i].content_type = get(ao, "content_type");
			if ((att[i].path = outbox_att_path(cfg,
			    get(ao, "spool_path"))) == NULL) {
				*errp = xstrdup("its spec names an attachment "
				    "outside the spool");
				goto out;
			}
		}
		mo.attachments = att;
		mo.nattachments = n;
	}
	raw = mime_compose(&mo, lenp, errp);
out:
	for (i = 0; att != NULL && i < n; i++)
		free((char *)att[i].path);
	free(att);
	free(ref);
	if (gerr != NULL)
		g_error_free(gerr);
	g_object_unref(p);
	return raw;
}
