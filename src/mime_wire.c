/*
 * mime_wire.c - struct message to bytes and back; mime_parse() in a
 * sandboxed child.  See mime_wire.h.
 *
 * Layout: "GKW1", then every field of struct message in declaration
 * order, then "END1".  A number is 8 bytes (native order); a string is a
 * flag byte (0: NULL, 1: present), a length and the bytes without NUL; a
 * list is a count and its items; an attachment's data is a length and
 * the bytes; the hold reason is a string.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>

#include "log.h"
#include "mime.h"
#include "mime_wire.h"
#include "sandbox.h"
#include "spool.h"
#include "xmalloc.h"

/*
 * Every field of struct message must be in the encoder, the decoder and
 * the comparison of tests/unit/test_mime_wire.c.  A changed struct fails
 * here on purpose: update all three, then this size.
 */
#if defined(__x86_64__) && defined(__LP64__)
_Static_assert(sizeof(struct message) == 368,
    "struct message changed: update mime_wire.c");
_Static_assert(sizeof(struct mime_attachment) == 112,
    "struct mime_attachment changed: update mime_wire.c");
#endif

#define WIRE_MAGIC	"GKW1"
#define WIRE_END	"END1"

/* The hold reasons mime.c gives, and ours. */
static const char *const wire_holds[] = {
	"too-large", "mime-too-deep", "too-many-parts", "parser-failed",
};

/* ------------------------------------------------------------------ */
/* Encoding                                                            */

struct wbuf {
	unsigned char	*p;
	size_t		 len, cap;
};

static void
w_bytes(struct wbuf *b, const void *s, size_t n)
{
	if (n > b->cap - b->len) {
		size_t cap = b->cap ? b->cap : 4096;

		while (n > cap - b->len)
			cap *= 2;
		b->p = xreallocarray(b->p, cap, 1);
		b->cap = cap;
	}
	if (n > 0)
		memcpy(b->p + b->len, s, n);
	b->len += n;
}

static void
w_u64(struct wbuf *b, uint64_t v)
{
	w_bytes(b, &v, sizeof(v));
}

static void
w_str(struct wbuf *b, const char *s)
{
	unsigned char flag = s != NULL;

	w_bytes(b, &flag, 1);
	if (s == NULL)
		return;
	w_u64(b, strlen(s));
	w_bytes(b, s, strlen(s));
}

static void
w_strlist(struct wbuf *b, const struct mime_strlist *l)
{
	size_t i;

	w_u64(b, l->n);
	for (i = 0; i < l->n; i++)
		w_str(b, l->v[i]);
}

static void
w_addr(struct wbuf *b, const struct mime_address *a)
{
	w_str(b, a->addr);
	w_str(b, a->name);
}

static void
w_addrlist(struct wbuf *b, const struct mime_addrlist *l)
{
	size_t i;

	w_u64(b, l->n);
	for (i = 0; i < l->n; i++)
		w_addr(b, &l->v[i]);
}

unsigned char *
mime_wire_encode(const struct message *m, size_t *lenp)
{
	struct wbuf b = { NULL, 0, 0 };
	size_t i;

	w_bytes(&b, WIRE_MAGIC, 4);
	w_str(&b, m->message_id);
	w_str(&b, m->in_reply_to);
	w_strlist(&b, &m->references);
	w_addr(&b, &m->from);
	w_u64(&b, m->from_count);
	w_addrlist(&b, &m->to);
	w_addrlist(&b, &m->cc);
	w_addrlist(&b, &m->reply_to);
	w_addrlist(&b, &m->delivered_to);
	w_addrlist(&b, &m->x_original_to);
	w_str(&b, m->return_path);
	w_u64(&b, (uint64_t)m->return_path_empty);
	w_str(&b, m->subject);
	w_str(&b, m->date);
	w_u64(&b, (uint64_t)m->date_unix);
	w_u64(&b, (uint64_t)m->date_valid);
	w_str(&b, m->text);
	w_u64(&b, (uint64_t)m->text_from_html);
	w_u64(&b, m->nattachments);
	for (i = 0; i < m->nattachments; i++) {
		const struct mime_attachment *a = &m->attachments[i];

		w_str(&b, a->filename);
		w_str(&b, a->orig_filename);
		w_str(&b, a->content_type);
		w_u64(&b, a->len);
		w_bytes(&b, a->data, a->len);
		w_bytes(&b, a->sha256, 64);
	}
	w_str(&b, m->auto_submitted);
	w_str(&b, m->x_autoreply);
	w_str(&b, m->x_autorespond);
	w_str(&b, m->precedence);
	w_str(&b, m->list_id);
	w_strlist(&b, &m->x_loop);
	w_strlist(&b, &m->auth_results);
	w_str(&b, m->content_type);
	w_str(&b, m->report_type);
	w_u64(&b, (uint64_t)m->dsn.present);
	w_str(&b, m->dsn.action);
	w_str(&b, m->dsn.status);
	w_str(&b, m->dsn.final_recipient);
	w_str(&b, m->dsn.original_message_id);
	w_strlist(&b, &m->defects);
	w_str(&b, m->hold_reason);
	w_bytes(&b, WIRE_END, 4);
	*lenp = b.len;
	return b.p;
}

/* ------------------------------------------------------------------ */
/* Decoding: every step checks what is left                            */

struct rbuf {
	const unsigned char	*p;
	size_t			 left;
	const char		*err;	/* the first defect, static */
};

/* What a string must be. */
enum wire_kind {
	W_TEXT,		/* valid UTF-8 without NUL */
	W_LINE,		/* and no control character: a header value */
};

static int
r_bytes(struct rbuf *r, void *dst, size_t n)
{
	if (r->err != NULL)
		return -1;
	if (n > r->left) {
		r->err = "truncated";
		return -1;
	}
	if (n > 0)
		memcpy(dst, r->p, n);
	r->p += n;
	r->left -= n;
	return 0;
}

static uint64_t
r_u64(struct rbuf *r)
{
	uint64_t v = 0;

	r_bytes(r, &v, sizeof(v));
	return v;
}

/* A 0/1 field. */
static int
r_bool(struct rbuf *r)
{
	uint64_t v = r_u64(r);

	if (v > 1 && r->err == NULL)
		r->err = "flag not 0 or 1";
	return (int)(v & 1);
}

/* A count of items that each take at least `min` bytes. */
static size_t
r_count(struct rbuf *r, size_t min)
{
	uint64_t n = r_u64(r);

	if (r->err == NULL && n > r->left / min) {
		r->err = "count larger than the rest";
		return 0;
	}
	return r->err == NULL ? (size_t)n : 0;
}

static int
line_ok(const char *s)
{
	const char *q;
	gunichar c;

	for (q = s; *q != '\0'; q = g_utf8_next_char(q)) {
		c = g_utf8_get_char(q);
		if (c < 0x20 || c == 0x7f || c == 0x2028 || c == 0x2029)
			return 0;
	}
	return 1;
}

static char *
r_str(struct rbuf *r, enum wire_kind kind)
{
	unsigned char flag = 0;
	uint64_t n;
	char *s;

	if (r_bytes(r, &flag, 1) == -1 || flag == 0)
		return NULL;
	if (flag != 1) {
		r->err = "bad string flag";
		return NULL;
	}
	n = r_u64(r);
	if (r->err != NULL)
		return NULL;
	if (n > r->left) {
		r->err = "string longer than the rest";
		return NULL;
	}
	if (memchr(r->p, '\0', n) != NULL ||
	    !g_utf8_validate((const char *)r->p, (gssize)n, NULL)) {
		r->err = "string not UTF-8 or with NUL";
		return NULL;
	}
	s = xmalloc(n + 1);
	r_bytes(r, s, n);
	s[n] = '\0';
	if (kind == W_LINE && !line_ok(s)) {
		r->err = "header value with a control character";
		free(s);
		return NULL;
	}
	return s;
}

static void
r_strlist(struct rbuf *r, struct mime_strlist *l)
{
	size_t n = r_count(r, 9), i;

	if (n == 0)
		return;
	l->v = xcalloc(n + 1, sizeof(*l->v));
	for (i = 0; i < n && r->err == NULL; i++) {
		if ((l->v[i] = r_str(r, W_LINE)) == NULL && r->err == NULL)
			r->err = "NULL in a list";
		if (l->v[i] != NULL)
			l->n++;
	}
}

static void
r_addr(struct rbuf *r, struct mime_address *a)
{
	a->addr = r_str(r, W_LINE);
	a->name = r_str(r, W_LINE);
}

static void
r_addrlist(struct rbuf *r, struct mime_addrlist *l)
{
	size_t n = r_count(r, 2), i;

	if (n == 0)
		return;
	l->v = xcalloc(n, sizeof(*l->v));
	for (i = 0; i < n && r->err == NULL; i++) {
		r_addr(r, &l->v[i]);
		l->n++;
		if (l->v[i].addr == NULL && r->err == NULL)
			r->err = "an address without addr";
	}
}

/* A cleaned attachment name: data, but never a path. */
static int
filename_ok(const char *s)
{
	return s != NULL && s[0] != '\0' && s[0] != '.' &&
	    strlen(s) <= 255 && strchr(s, '/') == NULL &&
	    strchr(s, '\\') == NULL;
}

static void
r_attachment(struct rbuf *r, struct mime_attachment *a)
{
	char sha[65];
	uint64_t n;

	a->filename = r_str(r, W_LINE);
	a->orig_filename = r_str(r, W_TEXT);
	a->content_type = r_str(r, W_LINE);
	if (r->err == NULL && (!filename_ok(a->filename) ||
	    a->content_type == NULL)) {
		r->err = "attachment name or type";
		return;
	}
	n = r_u64(r);
	if (r->err == NULL && n > r->left) {
		r->err = "attachment longer than the rest";
		return;
	}
	if (r->err != NULL)
		return;
	a->data = xmalloc(n > 0 ? n : 1);
	a->len = n;
	r_bytes(r, a->data, n);
	if (r_bytes(r, a->sha256, 64) == -1)
		return;
	a->sha256[64] = '\0';
	spool_sha256((const char *)a->data, a->len, sha);
	if (strcmp(sha, a->sha256) != 0)
		r->err = "attachment hash does not match its bytes";
}

static const char *
r_hold(struct rbuf *r)
{
	char *s = r_str(r, W_LINE);
	const char *h = NULL;
	size_t i;

	if (s == NULL)
		return NULL;
	for (i = 0; i < G_N_ELEMENTS(wire_holds); i++)
		if (strcmp(s, wire_holds[i]) == 0)
			h = wire_holds[i];
	if (h == NULL && r->err == NULL)
		r->err = "unknown hold reason";
	free(s);
	return h;
}

struct message *
mime_wire_decode(const unsigned char *buf, size_t len, char **errp)
{
	struct rbuf r = { buf, len, NULL };
	struct message *m = xcalloc(1, sizeof(*m));
	char tag[4];
	size_t i, n;

	*errp = NULL;
	if (r_bytes(&r, tag, 4) == 0 && memcmp(tag, WIRE_MAGIC, 4) != 0)
		r.err = "bad magic";
	m->message_id = r_str(&r, W_LINE);
	m->in_reply_to = r_str(&r, W_LINE);
	r_strlist(&r, &m->references);
	r_addr(&r, &m->from);
	m->from_count = (size_t)r_u64(&r);
	r_addrlist(&r, &m->to);
	r_addrlist(&r, &m->cc);
	r_addrlist(&r, &m->reply_to);
	r_addrlist(&r, &m->delivered_to);
	r_addrlist(&r, &m->x_original_to);
	m->return_path = r_str(&r, W_LINE);
	m->return_path_empty = r_bool(&r);
	m->subject = r_str(&r, W_LINE);
	m->date = r_str(&r, W_LINE);
	m->date_unix = (long long)r_u64(&r);
	m->date_valid = r_bool(&r);
	m->text = r_str(&r, W_TEXT);
	if (m->text == NULL && r.err == NULL)
		r.err = "no text";
	m->text_from_html = r_bool(&r);
	if ((n = r_count(&r, 9 + 1 + 9 + 8 + 64)) > 0) {
		m->attachments = xcalloc(n, sizeof(*m->attachments));
		for (i = 0; i < n && r.err == NULL; i++) {
			r_attachment(&r, &m->attachments[i]);
			m->nattachments++;
		}
	}
	m->auto_submitted = r_str(&r, W_LINE);
	m->x_autoreply = r_str(&r, W_LINE);
	m->x_autorespond = r_str(&r, W_LINE);
	m->precedence = r_str(&r, W_LINE);
	m->list_id = r_str(&r, W_LINE);
	r_strlist(&r, &m->x_loop);
	r_strlist(&r, &m->auth_results);
	m->content_type = r_str(&r, W_LINE);
	m->report_type = r_str(&r, W_LINE);
	m->dsn.present = r_bool(&r);
	m->dsn.action = r_str(&r, W_LINE);
	m->dsn.status = r_str(&r, W_LINE);
	m->dsn.final_recipient = r_str(&r, W_LINE);
	m->dsn.original_message_id = r_str(&r, W_LINE);
	r_strlist(&r, &m->defects);
	m->hold_reason = r_hold(&r);
	if (r_bytes(&r, tag, 4) == 0 && memcmp(tag, WIRE_END, 4) != 0)
		r.err = "bad end";
	if (r.err == NULL && r.left != 0)
		r.err = "bytes after the end";
	if (r.err != NULL) {
		*errp = xasprintf("bad output: %s at byte %zu", r.err,
		    len - r.left);
		mime_message_free(m);
		return NULL;
	}
	return m;
}

struct message *
mime_message_held(const char *reason)
{
	struct message *m = xcalloc(1, sizeof(*m));

	m->text = xstrdup("");
	m->hold_reason = reason;
	return m;
}

/* ------------------------------------------------------------------ */
/* The sandboxed parse                                                 */

/*
 * The charsets whose glibc gconv modules the parent loads and keeps
 * loaded (an open descriptor each): glibc unloads a module soon after
 * its last descriptor closes, and the child cannot dlopen one again.  A
 * charset missing here still parses in the child, as an unknown label
 * (the "charset-fallback" heuristics).
 */
static const char *const warm_charsets[] = {
	"GB18030", "GBK", "GB2312", "ISO-2022-CN",
	"BIG5-HKSCS", "BIG5", "CP950", "EUC-TW",
	"SHIFT_JIS", "CP932", "EUC-JP", "ISO-2022-JP",
	"EUC-KR", "CP949", "ISO-2022-KR", "JOHAB",
	"ISO-8859-2", "ISO-8859-3", "ISO-8859-4", "ISO-8859-5",
	"ISO-8859-6", "ISO-8859-7", "ISO-8859-8", "ISO-8859-9",
	"ISO-8859-10", "ISO-8859-13", "ISO-8859-14", "ISO-8859-15",
	"ISO-8859-16",
	"WINDOWS-1250", "WINDOWS-1251", "WINDOWS-1252", "WINDOWS-1253",
	"WINDOWS-1254", "WINDOWS-1255", "WINDOWS-1256", "WINDOWS-1257",
	"WINDOWS-1258",
	"KOI8-R", "KOI8-U", "CP866", "CP437", "CP850", "MACINTOSH",
	"TIS-620", "CP874", "VISCII", "TCVN",
	"UTF-16", "UTF-16LE", "UTF-16BE", "UTF-32", "UTF-7",
};

/* A small mail that takes the parser down its lazy paths once. */
static const char warm_mail[] =
    "From: =?GB2312?B?1cXI/Q==?= <a@example.test>\r\n"
    "To: b@example.test, \"C\" <c@example.test>\r\n"
    "Subject: =?UTF-8?B?5rWL6K+V?= =?big5?Q?=B4=FA?=\r\n"
    "Date: Mon, 21 Sep 2026 10:05:00 +0800\r\n"
    "Message-ID: <warm@example.test>\r\n"
    "MIME-Version: 1.0\r\n"
    "Content-Type: multipart/mixed; boundary=\"b\"\r\n"
    "\r\n"
    "--b\r\n"
    "Content-Type: multipart/alternative; boundary=\"c\"\r\n"
    "\r\n"
    "--c\r\n"
    "Content-Type: text/plain; charset=gb2312; format=flowed\r\n"
    "Content-Transfer-Encoding: base64\r\n"
    "\r\n"
    "1cXI/Q0K\r\n"
    "--c\r\n"
    "Content-Type: text/html; charset=big5\r\n"
    "Content-Transfer-Encoding: quoted-printable\r\n"
    "\r\n"
    "<p>=B4=FA</p>\r\n"
    "--c--\r\n"
    "--b\r\n"
    "Content-Type: application/octet-stream; name*=UTF-8''%E6%B5%8B.bin\r\n"
    "Content-Disposition: attachment\r\n"
    "Content-Transfer-Encoding: base64\r\n"
    "\r\n"
    "AAEC\r\n"
    "--b--\r\n";

/* Open for the life of the process (volatile: stores that are never
 * read must not be optimised away, or valgrind calls them lost). */
static GIConv volatile warm_keep[G_N_ELEMENTS(warm_charsets)];

static gpointer
prepare_once(gpointer unused)
{
	size_t i;

	/*
	 * Not under valgrind: its children may open files, and valgrind
	 * 3.19 reports ld.so's reads of $ORIGIN in several gconv modules.
	 */
	for (i = 0; i < G_N_ELEMENTS(warm_charsets) && sandbox_confined();
	    i++)
		if ((warm_keep[i] = g_iconv_open("UTF-8", warm_charsets[i])) ==
		    (GIConv)-1)
			log_debug("sandbox: no iconv module for %s",
			    warm_charsets[i]);
	mime_message_free(mime_parse(warm_mail, sizeof(warm_mail) - 1, NULL));
	return NULL;
}

void
mime_sandbox_prepare(void)
{
	static GOnce once = G_ONCE_INIT;

	g_once(&once, prepare_once, NULL);
}

static int
parse_child(const void *in, size_t inlen, int outfd, void *arg)
{
	struct message *m = mime_parse(in, inlen, arg);
	unsigned char *buf;
	size_t len;
	int rv;

	buf = mime_wire_encode(m, &len);
	rv = sandbox_write_all(outfd, buf, len) == 0 ? 0 : 2;
	free(buf);
	mime_message_free(m);
	return rv;
}

/* A failure of the sandbox rather than of the child. */
static int
environment_failure(const char *why)
{
	static const char *const child[] = { "timeout", "cpu-limit",
	    "memory-limit", "output-too-large", "crashed: ", "exit " };
	size_t i;

	for (i = 0; i < G_N_ELEMENTS(child); i++)
		if (strncmp(why, child[i], strlen(child[i])) == 0)
			return 0;
	return 1;
}

/* The default limits, for a mail of len bytes. */
static void
limits_for(struct sandbox_limits *sl, size_t len)
{
	const char *env;

	sl->cpu_seconds = MIME_SANDBOX_CPU_SECONDS;
	sl->mem_bytes = MIME_SANDBOX_MEM_BYTES;
	sl->out_bytes = MIME_SANDBOX_OUT_BYTES(len);
	sl->wall_ms = MIME_SANDBOX_WALL_MS;
	if ((env = getenv("GONGKAI_PARSER_WALL_MS")) != NULL &&
	    strspn(env, "0123456789") == strlen(env) && strlen(env) < 9 &&
	    (unsigned)atoi(env) < sl->wall_ms)
		sl->wall_ms = (unsigned)atoi(env);
}

/* The child's answer (r, out, why from the sandbox) as a message. */
static struct message *
answer(int r, unsigned char *out, size_t outlen, char *why, char **whyp)
{
	struct message *m;

	if (r == -1) {
		*whyp = why;
		return environment_failure(why) ? NULL :
		    mime_message_held("parser-failed");
	}
	if ((m = mime_wire_decode(out, outlen, &why)) == NULL) {
		*whyp = why;
		m = mime_message_held("parser-failed");
	}
	free(out);
	return m;
}

struct message *
mime_parse_sandboxed(const char *raw, size_t len,
    const struct mime_limits *lim, const struct sandbox_limits *sl,
    char **whyp)
{
	struct sandbox_limits def;
	struct mime_limits ml;
	unsigned char *out = NULL;
	size_t outlen = 0;
	char *why = NULL;
	int r;

	*whyp = NULL;
	if (lim == NULL) {
		mime_limits_default(&ml);
		lim = &ml;
	}
	if (sl == NULL) {
		limits_for(&def, len);
		sl = &def;
	}
	mime_sandbox_prepare();
	r = sandbox_run(sl, parse_child, (void *)lim, raw, len, &out, &outlen,
	    &why);
	return answer(r, out, outlen, why, whyp);
}

struct mime_parser {
	struct mime_limits	 lim;
	struct sandbox		*sb;
};

/* In a session's child: one mail in, its encoding out. */
static int
parse_child_buf(const void *in, size_t inlen, unsigned char **outp,
    size_t *outlenp, void *arg)
{
	struct mime_parser *mp = arg;
	struct message *m = mime_parse(in, inlen, &mp->lim);

	*outp = mime_wire_encode(m, outlenp);
	mime_message_free(m);
	return 0;
}

struct mime_parser *
mime_parser_open(const struct mime_limits *lim)
{
	struct mime_parser *mp = xcalloc(1, sizeof(*mp));
	struct sandbox_limits sl;

	if (lim != NULL)
		mp->lim = *lim;
	else
		mime_limits_default(&mp->lim);
	limits_for(&sl, 0);
	mime_sandbox_prepare();
	mp->sb = sandbox_open(&sl, parse_child_buf, mp);
	return mp;
}

struct message *
mime_parser_parse(struct mime_parser *mp, const char *raw, size_t len,
    char **whyp)
{
	struct sandbox_limits sl;
	unsigned char *out = NULL;
	size_t outlen = 0;
	char *why = NULL;
	int r;

	*whyp = NULL;
	limits_for(&sl, len);
	r = sandbox_call(mp->sb, &sl, raw, len, &out, &outlen, &why);
	return answer(r, out, outlen, why, whyp);
}

void
mime_parser_close(struct mime_parser *mp)
{
	if (mp == NULL)
		return;
	sandbox_close(mp->sb);
	free(mp);
}
