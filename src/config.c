/*
 * config.c - key file -> struct config, through one table of keys.
 *
 * GLib's key-file parser reads the values; a second, line-oriented pass
 * over the same bytes finds the line of every group and key so that each
 * error can name FILE:LINE.
 */
#include <errno.h>
#include <stdarg.h>
#include <limits.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <arpa/inet.h>
#include <unistd.h>

#include <glib.h>

#include "address.h"
#include "config.h"
#include "outbox.h"
#include "remedy.h"
#include "role.h"
#include "xmalloc.h"

enum cfg_type {
	CFG_STRING,	/* any non-empty text without control characters */
	CFG_BOOL,
	CFG_UINT,
	CFG_ADDRESS,	/* local@domain */
	CFG_MAILBOX,	/* Display Name <local@domain>, or local@domain */
	CFG_URL_IMAP,
	CFG_URL_SMTP,
	CFG_URL_HTTP,	/* http(s)://, may be empty */
	CFG_PATH,	/* relative paths are taken from the config's folder */
	CFG_TIMEZONE,
	CFG_UINT_LIST,
	CFG_STRING_LIST,
	CFG_PASSWORD_FILE,
	CFG_SECRET_FILE,
	CFG_PATH_OPT,	/* a path, or empty for none (NULL) */
	CFG_TEXT_OPT,	/* text, or empty ("") */
	CFG_REMEDY_GROUPS, /* answer TYPE groups (remedy.h), comma-separated */
	CFG_NUMBER_FORMAT, /* a document number's format (docnum.h) */
	CFG_NUMBER_FORMAT_OPT, /* the same, or empty for none (NULL) */
};

struct cfg_key {
	const char	*section;	/* "division" for [division NAME] */
	const char	*key;
	enum cfg_type	 type;
	size_t		 offset;	/* in struct config or config_division */
	const char	*def;		/* NULL: no default */
	unsigned long	 min, max;	/* for numbers and list members */
	int		 required;
	size_t		 aux_offset;	/* list length, or password's value */
};

#define C(f)	offsetof(struct config, f)
#define D(f)	offsetof(struct config_division, f)

/*
 * The rows for the roles' addresses come from role.h's list, the [office]
 * ones and the [division NAME] ones each in their section's block (a
 * section's rows stand together: see config_load()).
 */
#define ROLE_ROW_office_OFFICE(w, req)	\
	{ "office", #w, CFG_ADDRESS, C(office.w), NULL, 0, 0, req, 0 }, \
	{ "office", #w "_name", CFG_TEXT_OPT, C(office.w##_name), "", 0, 0, 0, 0 },
#define ROLE_ROW_office_DIVISION(w, req)
#define ROLE_ROW_office_CASE(w, req)
#define ROLE_ROW_division_OFFICE(w, req)
#define ROLE_ROW_division_DIVISION(w, req)	\
	{ "division", #w, CFG_ADDRESS, D(w), NULL, 0, 0, req, 0 }, \
	{ "division", #w "_name", CFG_TEXT_OPT, D(w##_name), "", 0, 0, 0, 0 },
#define ROLE_ROW_division_CASE(w, req)
#define ROLE_KEYS_office(e, w, where, req, zh, en, enp)		\
	ROLE_ROW_office_##where(w, req)
#define ROLE_KEYS_division(e, w, where, req, zh, en, enp)	\
	ROLE_ROW_division_##where(w, req)

static const struct cfg_key cfg_keys[] = {
	{ "office", "name", CFG_STRING, C(office.name), NULL, 0, 0, 1, 0 },
	{ "office", "address", CFG_ADDRESS, C(office.address), NULL, 0, 0, 1, 0 },
	{ "office", "case_prefix", CFG_STRING, C(office.case_prefix), "GK", 0, 0, 0, 0 },
	{ "office", "timezone", CFG_TIMEZONE, C(office.timezone), "Asia/Shanghai", 0, 0, 0, 0 },
	ROLE_LIST(ROLE_KEYS_office)
	{ "office", "default_division", CFG_STRING, C(office.default_division), NULL, 0, 0, 1, 0 },

	ROLE_LIST(ROLE_KEYS_division)

	{ "imap", "url", CFG_URL_IMAP, C(imap.url), NULL, 0, 0, 1, 0 },
	{ "imap", "starttls", CFG_BOOL, C(imap.starttls), "true", 0, 0, 0, 0 },
	{ "imap", "user", CFG_STRING, C(imap.user), NULL, 0, 0, 1, 0 },
	{ "imap", "password_file", CFG_PASSWORD_FILE, C(imap.password_file), NULL, 0, 0, 1, C(imap.password) },
	{ "imap", "ca_file", CFG_PATH, C(imap.ca_file), NULL, 0, 0, 0, 0 },
	{ "imap", "mailbox", CFG_STRING, C(imap.mailbox), "INBOX", 0, 0, 0, 0 },
	{ "imap", "done_mailbox", CFG_STRING, C(imap.done_mailbox), "Processed", 0, 0, 0, 0 },
	{ "imap", "idle", CFG_BOOL, C(imap.idle), "true", 0, 0, 0, 0 },
	{ "imap", "poll_seconds", CFG_UINT, C(imap.poll_seconds), "60", 1, 86400, 0, 0 },
	{ "imap", "timeout_seconds", CFG_UINT, C(imap.timeout_seconds), "60", 1, 3600, 0, 0 },
	/* raw bytes of mail held (fetched, parsed) before one commit */
	{ "imap", "batch_bytes", CFG_UINT, C(imap.batch_bytes), "33554432", 65536, 1073741824, 0, 0 },

	{ "smtp", "url", CFG_URL_SMTP, C(smtp.url), NULL, 0, 0, 1, 0 },
	{ "smtp", "starttls", CFG_BOOL, C(smtp.starttls), "true", 0, 0, 0, 0 },
	{ "smtp", "user", CFG_STRING, C(smtp.user), NULL, 0, 0, 0, 0 },
	{ "smtp", "password_file", CFG_PASSWORD_FILE, C(smtp.password_file), NULL, 0, 0, 0, C(smtp.password) },
	{ "smtp", "ca_file", CFG_PATH, C(smtp.ca_file), NULL, 0, 0, 0, 0 },
	{ "smtp", "from", CFG_MAILBOX, C(smtp.from), NULL, 0, 0, 1, 0 },
	{ "smtp", "timeout_seconds", CFG_UINT, C(smtp.timeout_seconds), "60", 1, 3600, 0, 0 },
	{ "smtp", "queue_lifetime_hours", CFG_UINT, C(smtp.queue_lifetime_hours), "120", 1, 8760, 0, 0 },
	{ "smtp", "connections", CFG_UINT, C(smtp.connections), "2", 1, OUTBOX_MAX_CONNECTIONS, 0, 0 },

	{ "store", "database", CFG_PATH, C(store.database), NULL, 0, 0, 1, 0 },
	{ "store", "spool", CFG_PATH, C(store.spool), NULL, 0, 0, 1, 0 },

	{ "calendar", "holidays", CFG_PATH, C(calendar.holidays), NULL, 0, 0, 0, 0 },

	{ "deadlines", "answer_days", CFG_UINT, C(deadlines.answer_days), "20", 1, 60, 0, 0 },
	{ "deadlines", "proactive_days", CFG_UINT, C(deadlines.proactive_days), "20", 1, 60, 0, 0 },
	{ "deadlines", "extension_days", CFG_UINT, C(deadlines.extension_days), "20", 1, 60, 0, 0 },
	{ "deadlines", "correction_notice_days", CFG_UINT, C(deadlines.correction_notice_days), "7", 1, 60, 0, 0 },
	{ "deadlines", "third_party_days", CFG_UINT, C(deadlines.third_party_days), "15", 1, 60, 0, 0 },
	{ "deadlines", "agency_days", CFG_UINT, C(deadlines.agency_days), "15", 1, 60, 0, 0 },
	{ "deadlines", "fee_payment_days", CFG_UINT, C(deadlines.fee_payment_days), "20", 1, 60, 0, 0 },
	{ "deadlines", "remind_days", CFG_UINT_LIST, C(deadlines.remind_days), "5,3,1,0", 0, 60, 0, C(deadlines.nremind_days) },
	/* the deadline sweep (sweep.h) */
	{ "deadlines", "correction_window_days", CFG_UINT, C(deadlines.correction_window_days), "15", 1, 60, 0, 0 },
	/* the handler and head told this close to the last day to extend */
	{ "deadlines", "extension_remind_days", CFG_UINT, C(deadlines.extension_remind_days), "3", 0, 20, 0, 0 },
	{ "deadlines", "idle_days", CFG_UINT, C(deadlines.idle_days), "3", 1, 60, 0, 0 },
	{ "deadlines", "digest_hour", CFG_UINT, C(deadlines.digest_hour), "8", 0, 23, 0, 0 },
	{ "deadlines", "digest_max", CFG_UINT, C(deadlines.digest_max), "200", 1, 100000, 0, 0 },

	{ "security", "secret_file", CFG_SECRET_FILE, C(security.secret_file), NULL, 0, 0, 1, 0 },
	{ "security", "require_dmarc", CFG_BOOL, C(security.require_dmarc), "false", 0, 0, 0, 0 },
	{ "security", "authserv_id", CFG_STRING, C(security.authserv_id), NULL, 0, 0, 0, 0 },
	{ "security", "max_message_bytes", CFG_UINT, C(security.max_message_bytes), "26214400", 4096, 1073741824, 0, 0 },
	{ "security", "ack_limit_address", CFG_UINT, C(security.ack_limit_address), "5", 1, 1000000, 0, 0 },
	{ "security", "ack_limit_domain", CFG_UINT, C(security.ack_limit_domain), "50", 1, 1000000, 0, 0 },
	{ "security", "secrecy_markers", CFG_STRING_LIST, C(security.secrecy_markers), "绝密,机密,秘密★,内部资料,不得公开", 0, 0, 0, 0 },

	/* required, checked with the law (cfg_laws) for its article */
	{ "fee", "payment_method", CFG_STRING, C(fee.payment_method), NULL, 0, 0, 0, 0 },

	{ "documents", "number_format", CFG_NUMBER_FORMAT, C(documents.number_format), "〔{year}〕{n}号", 0, 0, 0, 0 },
#define DOCNUM_KEY(e, k, zh) \
	{ "documents", "number_format_" #k, CFG_NUMBER_FORMAT_OPT, C(documents.kind_format[DOCNUM_##e]), "", 0, 0, 0, 0 },
	DOCNUM_KINDS(DOCNUM_KEY)
#undef DOCNUM_KEY
	{ "documents", "seal_image", CFG_PATH_OPT, C(documents.seal_image), "", 0, 0, 0, 0 },
	{ "documents", "title_font", CFG_STRING, C(documents.title_font), "Noto Serif CJK SC", 0, 0, 0, 0 },
	{ "documents", "body_font", CFG_STRING, C(documents.body_font), "Noto Serif CJK SC", 0, 0, 0, 0 },

	/* the remedy clause of every answer (remedy.h) */
	{ "remedy", "reconsideration_body", CFG_STRING, C(remedy.reconsideration_body), "上海市人民政府", 0, 0, 0, 0 },
	{ "remedy", "reconsideration_channel", CFG_TEXT_OPT, C(remedy.reconsideration_channel), "", 0, 0, 0, 0 },
	{ "remedy", "review_first", CFG_REMEDY_GROUPS, C(remedy.review_first), REMEDY_REVIEW_FIRST_DEFAULT, 0, 0, 0, 0 },

	{ "publish", "dir", CFG_PATH, C(publish.dir), NULL, 0, 0, 0, 0 },
	{ "publish", "webhook", CFG_URL_HTTP, C(publish.webhook), "", 0, 0, 0, 0 },
	{ "publish", "base_url", CFG_URL_HTTP, C(publish.base_url), "", 0, 0, 0, 0 },

	{ "daemon", "user", CFG_STRING, C(daemon.user), NULL, 0, 0, 0, 0 },

	/* gongkai status and the metrics file (status.h) */
	{ "status", "metrics_file", CFG_PATH_OPT, C(status.metrics_file), "", 0, 0, 0, 0 },
	{ "status", "deferred_warn_seconds", CFG_UINT, C(status.deferred_warn_seconds), "3600", 1, 2592000, 0, 0 },
};

#define NKEYS	(sizeof(cfg_keys) / sizeof(cfg_keys[0]))

/* Where each group and key stands in the file. */
struct cfg_line {
	char	*group;
	char	*key;		/* NULL for the group's own line */
	int	 line;
};

struct cfg_parse {
	const char	*path;
	char		*dir;
	struct cfg_line	*lines;
	size_t		 nlines;
	int		 last_line;
	char		*err;
};

static int
cfg_err(struct cfg_parse *p, int line, const char *group, const char *key,
    const char *fmt, ...) __attribute__((format(printf, 5, 6)));

static int
cfg_err(struct cfg_parse *p, int line, const char *group, const char *key,
    const char *fmt, ...)
{
	va_list ap;
	char *what;

	char *one, *all;

	va_start(ap, fmt);
	what = g_strdup_vprintf(fmt, ap);
	va_end(ap);
	if (group != NULL && key != NULL)
		one = xasprintf("%s:%d: [%s] %s: %s", p->path, line,
		    group, key, what);
	else if (group != NULL)
		one = xasprintf("%s:%d: [%s]: %s", p->path, line, group,
		    what);
	else
		one = xasprintf("%s:%d: %s", p->path, line, what);
	g_free(what);
	/* Every error found, one a line, in the order found. */
	if (p->err == NULL)
		p->err = one;
	else {
		all = xasprintf("%s\n%s", p->err, one);
		free(p->err);
		free(one);
		p->err = all;
	}
	return -1;
}

static int
cfg_line_of(const struct cfg_parse *p, const char *group, const char *key)
{
	size_t i;
	int group_line = 0;

	for (i = 0; i < p->nlines; i++) {
		if (strcmp(p->lines[i].group, group) != 0)
			continue;
		if (key == NULL && p->lines[i].key == NULL)
			return p->lines[i].line;
		if (p->lines[i].key == NULL && group_line == 0)
			group_line = p->lines[i].line;
		if (key != NULL && p->lines[i].key != NULL &&
		    strcmp(p->lines[i].key, key) == 0)
			return p->lines[i].line;
	}
	/* A missing key is reported at its group, a missing group at EOF. */
	return group_line ? group_line : p->last_line;
}

static void
cfg_line_add(struct cfg_parse *p, const char *group, const char *key,
    int line)
{
	p->lines = xreallocarray(p->lines, p->nlines + 1, sizeof(*p->lines));
	p->lines[p->nlines].group = xstrdup(group);
	p->lines[p->nlines].key = key ? xstrdup(key) : NULL;
	p->lines[p->nlines].line = line;
	p->nlines++;
}

/* The line (1, 2, ...) of the byte at `at` in text. */
static int
line_at(const char *text, const char *at)
{
	int n = 1;

	for (; text < at; text++)
		if (*text == '\n')
			n++;
	return n;
}

/*
 * The line pass: records the position of every group and key, and finds
 * what GKeyFile would reject (or silently accept) with its line number.
 */
static int
cfg_scan_lines(struct cfg_parse *p, const char *text, size_t len)
{
	char **lines, *group = NULL;
	const gchar *bad;
	const char *nul;
	size_t i, j;
	int rv = -1, bad_line = 0;

	if (!g_utf8_validate(text, (gssize)len, &bad))
		return cfg_err(p, line_at(text, bad), NULL, NULL, "not UTF-8 "
		    "(byte 0x%02x): the file must be UTF-8",
		    (unsigned char)*bad);
	if ((nul = memchr(text, '\0', len)) != NULL)
		return cfg_err(p, line_at(text, nul), NULL, NULL,
		    "the file holds a NUL byte");
	lines = g_strsplit(text, "\n", -1);
	for (i = 0; lines[i] != NULL; i++) {
		char *l = g_strstrip(lines[i]);
		int n = (int)i + 1;

		if (*l != '\0')
			p->last_line = n;
		if (*l == '\0' || *l == '#')
			continue;
		if (*l == ';')
			continue;
		if (*l == '[') {
			char *end = strchr(l, ']');
			if (end == NULL || end[1] != '\0') {
				cfg_err(p, n, NULL, NULL,
				    "a group header must be [name]");
				bad_line = 1;
				continue;
			}
			g_free(group);
			group = g_strndup(l + 1, (size_t)(end - l - 1));
			for (j = 0; j < p->nlines; j++)
				if (p->lines[j].key == NULL &&
				    strcmp(p->lines[j].group, group) == 0)
					break;
			if (j < p->nlines) {
				cfg_err(p, n, group, NULL, "the section "
				    "appears twice (first at line %d)",
				    p->lines[j].line);
				bad_line = 1;
				continue;
			}
			cfg_line_add(p, group, NULL, n);
			continue;
		}
		char *eq = strchr(l, '=');
		if (eq == NULL) {
			cfg_err(p, n, NULL, NULL,
			    "expected key = value, [section] or # comment");
			bad_line = 1;
			continue;
		}
		if (group == NULL) {
			cfg_err(p, n, NULL, NULL, "a key before any [section]");
			bad_line = 1;
			continue;
		}
		*eq = '\0';
		g_strstrip(l);
		for (j = 0; j < p->nlines; j++)
			if (p->lines[j].key != NULL &&
			    strcmp(p->lines[j].group, group) == 0 &&
			    strcmp(p->lines[j].key, l) == 0)
				break;
		if (j < p->nlines) {
			cfg_err(p, n, group, l, "the key appears twice "
			    "(first at line %d)", p->lines[j].line);
			bad_line = 1;
			continue;
		}
		cfg_line_add(p, group, l, n);
	}
	if (p->last_line == 0)
		p->last_line = 1;
	rv = bad_line ? -1 : 0;
	g_free(group);
	g_strfreev(lines);
	return rv;
}

static int
valid_text(const char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s < 0x20 || *s == 0x7f)
			return 0;
	return 1;
}

static int
valid_mailbox(const char *s)
{
	const char *lt, *gt;
	char *addr;
	int ok;

	if (!valid_text(s))
		return 0;
	lt = strrchr(s, '<');
	if (lt == NULL)
		return address_valid(s);
	gt = strchr(lt, '>');
	if (gt == NULL || gt[1] != '\0')
		return 0;
	addr = g_strndup(lt + 1, (size_t)(gt - lt - 1));
	ok = address_valid(addr);
	g_free(addr);
	return ok;
}

static int
valid_url(const char *s, const char *scheme1, const char *scheme2)
{
	GUri *uri;
	int ok;

	uri = g_uri_parse(s, G_URI_FLAGS_NONE, NULL);
	if (uri == NULL)
		return 0;
	ok = (strcmp(g_uri_get_scheme(uri), scheme1) == 0 ||
	    strcmp(g_uri_get_scheme(uri), scheme2) == 0) &&
	    g_uri_get_host(uri) != NULL && *g_uri_get_host(uri) != '\0';
	g_uri_unref(uri);
	return ok;
}

static int
parse_uint(const char *s, unsigned long *out)
{
	char *end;
	unsigned long v;

	if (*s < '0' || *s > '9')
		return -1;
	errno = 0;
	v = strtoul(s, &end, 10);
	if (errno != 0 || *end != '\0' || v > UINT_MAX)
		return -1;
	*out = v;
	return 0;
}

static char *
resolve_path(const struct cfg_parse *p, const char *v)
{
	if (g_path_is_absolute(v))
		return xstrdup(v);
	return xasprintf("%s/%s", p->dir, v);
}

/* Reads the first line of a password file; NULL with a reason. */
static char *
read_password(const char *path, char **why)
{
	char *text = NULL, *nl, *pw;
	gsize len;
	GError *gerr = NULL;

	if (!g_file_get_contents(path, &text, &len, &gerr)) {
		*why = xasprintf("cannot read %s: %s", path, gerr->message);
		g_error_free(gerr);
		return NULL;
	}
	if ((nl = memchr(text, '\n', len)) != NULL)
		*nl = '\0';
	text[strcspn(text, "\r")] = '\0';
	if (*text == '\0') {
		*why = xasprintf("%s holds no password on its first line",
		    path);
		g_free(text);
		return NULL;
	}
	pw = xstrdup(text);
	explicit_bzero(text, len);
	g_free(text);
	return pw;
}

/* One value being set: the key's row, where it goes, where it came from. */
struct cfg_value {
	struct cfg_parse	*p;
	void			*base;	/* struct config or config_division */
	const struct cfg_key	*k;
	const char		*group;
	const char		*v;
	int			 line;
	int			 flags;
};

#define CFG_AT(cv, off, T)	(*(T *)((char *)(cv)->base + (off)))
#define CFG_FIELD(cv, T)	CFG_AT(cv, (cv)->k->offset, T)
#define CFG_AUX(cv, T)		CFG_AT(cv, (cv)->k->aux_offset, T)
#define CFG_ERR(cv, ...)	cfg_err((cv)->p, (cv)->line, (cv)->group, \
				    (cv)->k->key, __VA_ARGS__)

/*
 * The periods and the fee notice's contents the law fixes: a value
 * outside [min, max] working days (or text missing when max is 0) is
 * refused, naming the provision.
 */
static const struct cfg_law {
	const char	*section, *key;
	size_t		 offset;
	unsigned	 min, max;
	const char	*law;
} cfg_laws[] = {
	{ "deadlines", "answer_days", C(deadlines.answer_days), 1, 20,
	    "条例第三十三条第二款: at most 20 working days (Art. 33 para. 2)" },
	{ "deadlines", "proactive_days", C(deadlines.proactive_days), 1, 20,
	    "条例第二十六条: public within 20 working days of being formed "
	    "or changed (Art. 26)" },
	{ "deadlines", "extension_days", C(deadlines.extension_days), 1, 20,
	    "条例第三十三条第二款: an extension of at most 20 working days "
	    "(Art. 33 para. 2)" },
	{ "deadlines", "correction_notice_days",
	    C(deadlines.correction_notice_days), 1, 7,
	    "条例第三十条: the correction notice within 7 working days "
	    "(Art. 30)" },
	{ "deadlines", "third_party_days", C(deadlines.third_party_days),
	    15, 60, "条例第三十二条: a third party has 15 working days "
	    "(Art. 32)" },
	{ "deadlines", "agency_days", C(deadlines.agency_days),
	    15, 60, "条例第三十四条: a consulted agency has 15 working days "
	    "(Art. 34)" },
	{ "deadlines", "fee_payment_days", C(deadlines.fee_payment_days),
	    20, 60, "国办函〔2020〕109号: 20 working days to pay" },
	{ "fee", "payment_method", C(fee.payment_method), 0, 0,
	    "国办函〔2020〕109号: the fee notice states how and where to pay" },
};

/* The provision a key must obey, or NULL. */
static const struct cfg_law *
cfg_law_of(const char *section, const char *key)
{
	size_t i;

	for (i = 0; i < sizeof(cfg_laws) / sizeof(cfg_laws[0]); i++)
		if (strcmp(cfg_laws[i].section, section) == 0 &&
		    strcmp(cfg_laws[i].key, key) == 0)
			return &cfg_laws[i];
	return NULL;
}

static int
cfg_set_string(struct cfg_value *cv)
{
	const struct cfg_law *law = cfg_law_of(cv->group, cv->k->key);

	if (*cv->v == '\0' && law != NULL)
		return CFG_ERR(cv, "required by %s", law->law);
	if (*cv->v == '\0' || !valid_text(cv->v))
		return CFG_ERR(cv, "expected non-empty text");
	CFG_FIELD(cv, char *) = xstrdup(cv->v);
	return 0;
}

static int
cfg_set_bool(struct cfg_value *cv)
{
	const char *v = cv->v;

	if (strcmp(v, "true") == 0 || strcmp(v, "yes") == 0 ||
	    strcmp(v, "1") == 0)
		CFG_FIELD(cv, int) = 1;
	else if (strcmp(v, "false") == 0 || strcmp(v, "no") == 0 ||
	    strcmp(v, "0") == 0)
		CFG_FIELD(cv, int) = 0;
	else
		return CFG_ERR(cv, "expected true or false, not \"%s\"", v);
	return 0;
}

static int
cfg_set_uint(struct cfg_value *cv)
{
	unsigned long n;

	if (parse_uint(cv->v, &n) == -1)
		return CFG_ERR(cv, "expected a whole number, not \"%s\"",
		    cv->v);
	if (n < cv->k->min || n > cv->k->max)
		return CFG_ERR(cv, "%lu is out of bounds (%lu to %lu)", n,
		    cv->k->min, cv->k->max);
	CFG_FIELD(cv, unsigned) = (unsigned)n;
	return 0;
}

static int
cfg_set_address(struct cfg_value *cv)
{
	if (!address_valid(cv->v))
		return CFG_ERR(cv,
		    "expected a mail address local@domain, not \"%s\"", cv->v);
	CFG_FIELD(cv, char *) = g_ascii_strdown(cv->v, -1);
	return 0;
}

static int
cfg_set_mailbox(struct cfg_value *cv)
{
	if (!valid_mailbox(cv->v))
		return CFG_ERR(cv, "expected Name <local@domain>, not \"%s\"",
		    cv->v);
	CFG_FIELD(cv, char *) = xstrdup(cv->v);
	return 0;
}

/* A URL of one of two schemes; `want` says what was expected. */
static int
cfg_set_url(struct cfg_value *cv, const char *scheme1, const char *scheme2,
    const char *want)
{
	if (!valid_url(cv->v, scheme1, scheme2))
		return CFG_ERR(cv, "expected %s, not \"%s\"", want, cv->v);
	CFG_FIELD(cv, char *) = xstrdup(cv->v);
	return 0;
}

static int
cfg_set_url_imap(struct cfg_value *cv)
{
	return cfg_set_url(cv, "imap", "imaps",
	    "imap://host[:port] or imaps://host[:port]");
}

static int
cfg_set_url_smtp(struct cfg_value *cv)
{
	return cfg_set_url(cv, "smtp", "smtps",
	    "smtp://host[:port] or smtps://host[:port]");
}

static int
cfg_set_url_http(struct cfg_value *cv)
{
	if (*cv->v == '\0') {
		CFG_FIELD(cv, char *) = xstrdup("");
		return 0;
	}
	return cfg_set_url(cv, "http", "https", "http:// or https:// URL");
}

static int
cfg_set_path(struct cfg_value *cv)
{
	if (*cv->v == '\0' || !valid_text(cv->v))
		return CFG_ERR(cv, "expected a path");
	CFG_FIELD(cv, char *) = resolve_path(cv->p, cv->v);
	return 0;
}

static int
cfg_set_path_opt(struct cfg_value *cv)
{
	if (*cv->v == '\0')
		return 0;
	return cfg_set_path(cv);
}

static int	cfg_set_string_list(struct cfg_value *);

static int
cfg_set_text_opt(struct cfg_value *cv)
{
	if (*cv->v != '\0' && !valid_text(cv->v))
		return CFG_ERR(cv, "expected text without control characters");
	CFG_FIELD(cv, char *) = xstrdup(cv->v);
	return 0;
}

/* The groups whose answers go to reconsideration first: known groups,
 * and always 不予公开 (行政复议法 Art. 23 para. 1 (4), para. 2). */
static int
cfg_set_remedy_groups(struct cfg_value *cv)
{
	char **g;
	size_t i;
	int law = 0;

	if (cfg_set_string_list(cv) == -1)
		return -1;
	g = CFG_FIELD(cv, char **);
	for (i = 0; g[i] != NULL; i++) {
		if (!remedy_group_valid(g[i]))
			return CFG_ERR(cv, "\"%s\" is not a group of answer "
			    "types (public-already, disclose, partial, "
			    "withhold, unavailable, not-processed, other)",
			    g[i]);
		if (strcmp(g[i], REMEDY_REVIEW_FIRST_REQUIRED) == 0)
			law = 1;
	}
	if (!law)
		return CFG_ERR(cv, "must include %s: 行政复议法第二十三条第一款"
		    "第（四）项、第二款: reconsideration comes first for "
		    "不予公开 (Art. 23 para. 1 (4), para. 2)",
		    REMEDY_REVIEW_FIRST_REQUIRED);
	return 0;
}

/* A document number's format: {n} once, {year} at most once. */
static int
cfg_set_number_format(struct cfg_value *cv)
{
	const char *why;

	if (!valid_text(cv->v) || docnum_format_check(cv->v, &why) == -1)
		return CFG_ERR(cv, "\"%s\" %s", cv->v, valid_text(cv->v) ?
		    why : "has control characters");
	CFG_FIELD(cv, char *) = xstrdup(cv->v);
	return 0;
}

static int
cfg_set_number_format_opt(struct cfg_value *cv)
{
	if (*cv->v == '\0')
		return 0;
	return cfg_set_number_format(cv);
}

static int
cfg_set_timezone(struct cfg_value *cv)
{
	GTimeZone *tz;

	if ((tz = g_time_zone_new_identifier(cv->v)) == NULL)
		return CFG_ERR(cv, "unknown time zone \"%s\"", cv->v);
	g_time_zone_unref(tz);
	CFG_FIELD(cv, char *) = xstrdup(cv->v);
	return 0;
}

static int
cfg_set_uint_list(struct cfg_value *cv)
{
	char **parts = g_strsplit(cv->v, ",", -1);
	size_t i, cnt = g_strv_length(parts);
	unsigned *vals = xcalloc(cnt ? cnt : 1, sizeof(*vals));
	unsigned long n;

	for (i = 0; i < cnt; i++) {
		g_strstrip(parts[i]);
		if (parse_uint(parts[i], &n) == -1 || n < cv->k->min ||
		    n > cv->k->max) {
			g_strfreev(parts);
			free(vals);
			return CFG_ERR(cv, "expected whole numbers from %lu to "
			    "%lu separated by commas, not \"%s\"", cv->k->min,
			    cv->k->max, cv->v);
		}
		vals[i] = (unsigned)n;
	}
	g_strfreev(parts);
	CFG_FIELD(cv, unsigned *) = vals;
	CFG_AUX(cv, size_t) = cnt;
	return 0;
}

static int
cfg_set_string_list(struct cfg_value *cv)
{
	char **parts = g_strsplit(cv->v, ",", -1);
	size_t i, o = 0;
	char *s;

	for (i = 0; parts[i] != NULL; i++) {
		s = g_strstrip(parts[i]);
		if (*s == '\0') {
			g_free(s);
			continue;
		}
		parts[o++] = s;
	}
	parts[o] = NULL;
	CFG_FIELD(cv, char **) = parts;
	return 0;
}

/* A file only its owner may read (the secret, a password). */
static int
cfg_check_private(struct cfg_value *cv, const char *path,
    const struct stat *st)
{
	if (st->st_mode & (S_IRWXG | S_IRWXO))
		return CFG_ERR(cv, "%s is open to group or others "
		    "(mode %04o); chmod 600 it", path,
		    (unsigned)(st->st_mode & 07777));
	return 0;
}

static int
cfg_set_password_file(struct cfg_value *cv)
{
	char *path = resolve_path(cv->p, cv->v), *pw, *why = NULL;
	struct stat st;

	CFG_FIELD(cv, char *) = path;
	if (cv->flags & CONFIG_NO_PASSWORDS)
		return 0;
	if (stat(path, &st) == 0 && S_ISREG(st.st_mode) &&
	    cfg_check_private(cv, path, &st) == -1)
		return -1;
	if ((pw = read_password(path, &why)) == NULL) {
		CFG_ERR(cv, "%s", why);
		free(why);
		return -1;
	}
	CFG_AUX(cv, char *) = pw;
	return 0;
}

static int
cfg_set_secret_file(struct cfg_value *cv)
{
	char *path = resolve_path(cv->p, cv->v);
	struct stat st;

	CFG_FIELD(cv, char *) = path;
	if (cv->flags & CONFIG_NO_PASSWORDS)
		return 0;
	if (stat(path, &st) == -1) {
		if (errno == ENOENT &&
		    (cv->flags & CONFIG_SECRET_MAY_BE_MISSING))
			return 0;
		return CFG_ERR(cv, "cannot read %s: %s%s", path,
		    strerror(errno),
		    errno == ENOENT ? " (gongkai init creates it)" : "");
	}
	if (!S_ISREG(st.st_mode))
		return CFG_ERR(cv, "%s is not a regular file", path);
	return cfg_check_private(cv, path, &st);
}

/* How each type of value is checked and stored: one row a type. */
static int (*const cfg_setters[])(struct cfg_value *) = {
	[CFG_STRING] =		cfg_set_string,
	[CFG_BOOL] =		cfg_set_bool,
	[CFG_UINT] =		cfg_set_uint,
	[CFG_ADDRESS] =		cfg_set_address,
	[CFG_MAILBOX] =		cfg_set_mailbox,
	[CFG_URL_IMAP] =	cfg_set_url_imap,
	[CFG_URL_SMTP] =	cfg_set_url_smtp,
	[CFG_URL_HTTP] =	cfg_set_url_http,
	[CFG_PATH] =		cfg_set_path,
	[CFG_TIMEZONE] =	cfg_set_timezone,
	[CFG_UINT_LIST] =	cfg_set_uint_list,
	[CFG_STRING_LIST] =	cfg_set_string_list,
	[CFG_PASSWORD_FILE] =	cfg_set_password_file,
	[CFG_SECRET_FILE] =	cfg_set_secret_file,
	[CFG_PATH_OPT] =	cfg_set_path_opt,
	[CFG_TEXT_OPT] =	cfg_set_text_opt,
	[CFG_REMEDY_GROUPS] =	cfg_set_remedy_groups,
	[CFG_NUMBER_FORMAT] =	cfg_set_number_format,
	[CFG_NUMBER_FORMAT_OPT] = cfg_set_number_format_opt,
};

static int
cfg_set(struct cfg_parse *p, void *base, const struct cfg_key *k,
    const char *group, const char *v, int line, int flags)
{
	struct cfg_value cv = { p, base, k, group, v, line, flags };

	if ((size_t)k->type >= sizeof(cfg_setters) / sizeof(cfg_setters[0]) ||
	    cfg_setters[k->type] == NULL)
		return cfg_err(p, line, group, k->key,
		    "internal: unknown type");
	return cfg_setters[k->type](&cv);
}

static const struct cfg_key *
cfg_find(const char *section, const char *key)
{
	size_t i;

	for (i = 0; i < NKEYS; i++)
		if (strcmp(cfg_keys[i].section, section) == 0 &&
		    strcmp(cfg_keys[i].key, key) == 0)
			return &cfg_keys[i];
	return NULL;
}

static int
cfg_known_section(const char *section)
{
	size_t i;

	for (i = 0; i < NKEYS; i++)
		if (strcmp(cfg_keys[i].section, section) == 0)
			return 1;
	return 0;
}

/* Fills one section (a fixed one, or one [division NAME]) from the file. */
static int
cfg_fill(struct cfg_parse *p, GKeyFile *kf, const char *group,
    const char *section, void *base, int flags)
{
	size_t i;
	int rv = 0;

	for (i = 0; i < NKEYS; i++) {
		const struct cfg_key *k = &cfg_keys[i];
		char *v = NULL;
		int line, r;

		if (strcmp(k->section, section) != 0)
			continue;
		line = cfg_line_of(p, group, k->key);
		if (g_key_file_has_key(kf, group, k->key, NULL)) {
			v = g_key_file_get_string(kf, group, k->key, NULL);
			if (v == NULL) {
				rv = cfg_err(p, line, group, k->key,
				    "the value has a bad escape sequence");
				continue;
			}
			g_strstrip(v);
		}
		if (v == NULL && k->def == NULL) {
			if (k->required)
				rv = cfg_err(p, line, group, k->key,
				    "required, but missing");
			continue;
		}
		r = cfg_set(p, base, k, group, v ? v : k->def, line, flags);
		g_free(v);
		if (r == -1)
			rv = -1;
	}
	return rv;
}

int
config_read_secret(struct config *cfg, char **errp)
{
	gchar *data = NULL;
	gsize len;
	GError *gerr = NULL;

	if (!g_file_get_contents(cfg->security.secret_file, &data, &len,
	    &gerr)) {
		*errp = xasprintf("%s: [security] secret_file: %s",
		    cfg->path, gerr->message);
		g_error_free(gerr);
		return -1;
	}
	if (len < CONFIG_SECRET_MIN) {
		*errp = xasprintf("%s: [security] secret_file: %s holds %zu "
		    "bytes, fewer than %d", cfg->path,
		    cfg->security.secret_file, (size_t)len,
		    CONFIG_SECRET_MIN);
		explicit_bzero(data, len);
		g_free(data);
		return -1;
	}
	if (cfg->security.secret != NULL) {
		explicit_bzero(cfg->security.secret, cfg->security.secret_len);
		free(cfg->security.secret);
	}
	cfg->security.secret = xmalloc(len);
	memcpy(cfg->security.secret, data, len);
	cfg->security.secret_len = len;
	explicit_bzero(data, len);
	g_free(data);
	return 0;
}

int
config_host_loopback(const char *host)
{
	struct in_addr a4;
	struct in6_addr a6;

	if (host == NULL)
		return 0;
	if (g_ascii_strcasecmp(host, "localhost") == 0)
		return 1;
	if (inet_pton(AF_INET, host, &a4) == 1)
		return (ntohl(a4.s_addr) >> 24) == 127;
	if (inet_pton(AF_INET6, host, &a6) == 1)
		return IN6_IS_ADDR_LOOPBACK(&a6);
	return 0;
}

int
config_url_loopback(const char *url)
{
	GUri *uri = g_uri_parse(url, G_URI_FLAGS_NONE, NULL);
	int rv;

	if (uri == NULL)
		return 0;
	rv = config_host_loopback(g_uri_get_host(uri));
	g_uri_unref(uri);
	return rv;
}

/*
 * 1 when a login over `url` would send the password without TLS to a
 * server that is not on this machine: plain scheme, no STARTTLS.
 */
static int
cfg_clear_password(const char *url, const char *plain_scheme, int starttls)
{
	size_t n = strlen(plain_scheme);

	return !starttls && g_ascii_strncasecmp(url, plain_scheme, n) == 0 &&
	    strncmp(url + n, "://", 3) == 0 && !config_url_loopback(url);
}

/* The periods and texts the law fixes (cfg_laws). */
static int
cfg_check_law(struct cfg_parse *p, struct config *cfg)
{
	const struct cfg_law *l;
	unsigned n;
	size_t i;
	int rv = 0;

	for (i = 0; i < sizeof(cfg_laws) / sizeof(cfg_laws[0]); i++) {
		l = &cfg_laws[i];
		if (l->max == 0) {
			if (*(char **)((char *)cfg + l->offset) == NULL)
				rv = cfg_err(p, cfg_line_of(p, l->section,
				    l->key), l->section, l->key,
				    "required by %s", l->law);
			continue;
		}
		n = *(unsigned *)((char *)cfg + l->offset);
		if (n < l->min || n > l->max)
			rv = cfg_err(p, cfg_line_of(p, l->section, l->key),
			    l->section, l->key, "%u working days is "
			    "unlawful: %s", n, l->law);
	}
	return rv;
}

static int
cfg_check(struct cfg_parse *p, struct config *cfg)
{
	int rv = cfg_check_law(p, cfg);

	if (cfg_clear_password(cfg->imap.url, "imap", cfg->imap.starttls))
		rv = cfg_err(p, cfg_line_of(p, "imap", "starttls"), "imap",
		    "starttls", "false would send the password without TLS "
		    "to a server not on loopback; use imaps:// or "
		    "starttls = true");
	if (cfg->smtp.user != NULL &&
	    cfg_clear_password(cfg->smtp.url, "smtp", cfg->smtp.starttls))
		rv = cfg_err(p, cfg_line_of(p, "smtp", "starttls"), "smtp",
		    "starttls", "false would send the password without TLS "
		    "to a server not on loopback; use smtps:// or "
		    "starttls = true");
	if (config_division(cfg, cfg->office.default_division) == NULL)
		rv = cfg_err(p, cfg_line_of(p, "office", "default_division"),
		    "office", "default_division",
		    "no [division %s] section", cfg->office.default_division);
	if ((cfg->smtp.user == NULL) != (cfg->smtp.password_file == NULL))
		rv = cfg_err(p, cfg_line_of(p, "smtp", cfg->smtp.user ?
		    "user" : "password_file"), "smtp",
		    cfg->smtp.user ? "password_file" : "user",
		    "user and password_file go together");
	if (cfg->security.require_dmarc && cfg->security.authserv_id == NULL)
		rv = cfg_err(p, cfg_line_of(p, "security", "require_dmarc"),
		    "security", "authserv_id",
		    "required when require_dmarc = true");
	if (strspn(cfg->office.case_prefix,
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789") !=
	    strlen(cfg->office.case_prefix) ||
	    strlen(cfg->office.case_prefix) > 8)
		rv = cfg_err(p, cfg_line_of(p, "office", "case_prefix"),
		    "office", "case_prefix",
		    "expected 1 to 8 capital letters or digits");
	return rv;
}

/* The edit distance of a and b (Damerau's: a swap of two neighbours
 * counts one, as an insertion, deletion or change does), up to 99. */
static size_t
cfg_distance(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b), i, j, d[64][64];

	if (la >= 64 || lb >= 64)
		return 99;
	for (i = 0; i <= la; i++)
		d[i][0] = i;
	for (j = 0; j <= lb; j++)
		d[0][j] = j;
	for (i = 1; i <= la; i++)
		for (j = 1; j <= lb; j++) {
			d[i][j] = MIN(MIN(d[i - 1][j] + 1, d[i][j - 1] + 1),
			    d[i - 1][j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
			if (i > 1 && j > 1 && a[i - 1] == b[j - 2] &&
			    a[i - 2] == b[j - 1])
				d[i][j] = MIN(d[i][j], d[i - 2][j - 2] + 1);
		}
	return d[la][lb];
}

/*
 * An unknown key in group g (of section `section`): the error, naming
 * the section it belongs in when it is another's key, or else the
 * nearest key of this section ("did you mean"), when one is near.
 */
static int
cfg_unknown_key(struct cfg_parse *p, const char *g, const char *section,
    const char *key)
{
	const char *best = NULL, *other = NULL;
	size_t i, d, bestd = 99, limit = strlen(key) <= 4 ? 1 : 2;

	for (i = 0; i < NKEYS; i++) {
		if (strcmp(cfg_keys[i].section, section) != 0) {
			if (other == NULL && strcmp(cfg_keys[i].key, key) == 0)
				other = cfg_keys[i].section;
			continue;
		}
		if ((d = cfg_distance(key, cfg_keys[i].key)) < bestd) {
			bestd = d;
			best = cfg_keys[i].key;
		}
	}
	if (other != NULL)
		return cfg_err(p, cfg_line_of(p, g, key), g, key,
		    "unknown key here; it belongs in [%s%s]", other,
		    strcmp(other, "division") == 0 ? " NAME" : "");
	if (best != NULL && bestd <= limit)
		return cfg_err(p, cfg_line_of(p, g, key), g, key,
		    "unknown key; did you mean %s?", best);
	return cfg_err(p, cfg_line_of(p, g, key), g, key, "unknown key");
}

/*
 * Checks one group of the file: a known section with known keys; a
 * [division NAME] is added to cfg and filled here, the other sections
 * are filled from the key table afterwards.
 */
static int
cfg_group(struct cfg_parse *p, GKeyFile *kf, struct config *cfg,
    const char *g, int flags)
{
	const char *section = g, *name;
	struct config_division *d;
	char **keys;
	size_t j;
	int rv = 0;

	if (strncmp(g, "division ", 9) == 0) {
		name = g + 9;
		while (*name == ' ')
			name++;
		if (*name == '\0' || !valid_text(name))
			return cfg_err(p, cfg_line_of(p, g, NULL), g, NULL,
			    "a division needs a name");
		section = "division";
		cfg->divisions = xreallocarray(cfg->divisions,
		    cfg->ndivisions + 1, sizeof(*cfg->divisions));
		d = &cfg->divisions[cfg->ndivisions++];
		memset(d, 0, sizeof(*d));
		d->name = xstrdup(name);
	} else if (strcmp(g, "division") == 0 || !cfg_known_section(g))
		return cfg_err(p, cfg_line_of(p, g, NULL), g, NULL,
		    "unknown section");
	keys = g_key_file_get_keys(kf, g, NULL, NULL);
	for (j = 0; keys != NULL && keys[j] != NULL; j++)
		if (cfg_find(section, keys[j]) == NULL)
			rv = cfg_unknown_key(p, g, section, keys[j]);
	g_strfreev(keys);
	if (rv == -1)
		return -1;
	if (strcmp(section, "division") == 0)
		return cfg_fill(p, kf, g, section,
		    &cfg->divisions[cfg->ndivisions - 1], flags);
	return 0;
}

struct config *
config_load(const char *path, int flags, char **errp)
{
	struct cfg_parse p = { 0 };
	struct config *cfg = NULL, *rv = NULL;
	GKeyFile *kf = NULL;
	GError *gerr = NULL;
	gchar *text = NULL, **groups = NULL;
	gsize len, i, body = 0;

	p.path = path;
	*errp = NULL;
	if (!g_file_get_contents(path, &text, &len, &gerr)) {
		*errp = xasprintf("%s: %s", path, gerr->message);
		g_error_free(gerr);
		return NULL;
	}
	{
		gchar *d = g_path_get_dirname(path);
		p.dir = g_canonicalize_filename(d, NULL);
		g_free(d);
	}
	/* A UTF-8 byte order mark, as some Windows editors write: skipped. */
	if (len >= 3 && memcmp(text, "\xef\xbb\xbf", 3) == 0)
		body = 3;
	if (cfg_scan_lines(&p, text + body, len - body) == -1)
		goto out;

	kf = g_key_file_new();
	if (!g_key_file_load_from_data(kf, text + body, len - body,
	    G_KEY_FILE_NONE, &gerr)) {
		cfg_err(&p, 1, NULL, NULL, "%s", gerr->message);
		g_error_free(gerr);
		goto out;
	}

	cfg = xcalloc(1, sizeof(*cfg));
	cfg->path = xstrdup(path);
	groups = g_key_file_get_groups(kf, NULL);
	/* Every error is told (cfg_err() adds each to p.err); the checks
	 * across keys only when each key on its own is right. */
	for (i = 0; groups[i] != NULL; i++)
		(void)cfg_group(&p, kf, cfg, groups[i], flags);
	for (i = 0; i < NKEYS; i++) {
		const char *s = cfg_keys[i].section;

		if (strcmp(s, "division") == 0 ||
		    (i > 0 && strcmp(cfg_keys[i - 1].section, s) == 0))
			continue;
		(void)cfg_fill(&p, kf, s, s, cfg, flags);
	}
	if (p.err != NULL || cfg_check(&p, cfg) == -1)
		goto out;
	if (!(flags & CONFIG_NO_PASSWORDS) &&
	    access(cfg->security.secret_file, F_OK) == 0 &&
	    config_read_secret(cfg, &p.err) == -1)
		goto out;
	rv = cfg;
	cfg = NULL;
out:
	if (p.err != NULL)
		*errp = p.err;
	for (i = 0; i < p.nlines; i++) {
		free(p.lines[i].group);
		free(p.lines[i].key);
	}
	free(p.lines);
	g_free(p.dir);
	g_strfreev(groups);
	if (kf != NULL)
		g_key_file_free(kf);
	if (text != NULL) {
		explicit_bzero(text, len);
		g_free(text);
	}
	config_free(cfg);
	return rv;
}

const struct config_division *
config_division(const struct config *cfg, const char *name)
{
	size_t i;

	for (i = 0; i < cfg->ndivisions; i++)
		if (strcmp(cfg->divisions[i].name, name) == 0)
			return &cfg->divisions[i];
	return NULL;
}

static void
cfg_free_fields(void *base, const char *section)
{
	size_t i;

	for (i = 0; i < NKEYS; i++) {
		const struct cfg_key *k = &cfg_keys[i];
		char *field = (char *)base + k->offset;

		if ((strcmp(section, "division") == 0) !=
		    (strcmp(k->section, "division") == 0))
			continue;
		switch (k->type) {
		case CFG_BOOL:
		case CFG_UINT:
			break;
		case CFG_STRING_LIST:
		case CFG_REMEDY_GROUPS:
			g_strfreev(*(char ***)field);
			break;
		case CFG_ADDRESS:
			g_free(*(char **)field);
			break;
		case CFG_PASSWORD_FILE: {
			char *pw = *(char **)((char *)base + k->aux_offset);
			if (pw != NULL) {
				explicit_bzero(pw, strlen(pw));
				free(pw);
			}
			free(*(char **)field);
			break;
		}
		default:
			free(*(void **)field);
			break;
		}
	}
}

void
config_free(struct config *cfg)
{
	size_t i;

	if (cfg == NULL)
		return;
	for (i = 0; i < cfg->ndivisions; i++) {
		cfg_free_fields(&cfg->divisions[i], "division");
		free(cfg->divisions[i].name);
	}
	free(cfg->divisions);
	cfg_free_fields(cfg, "config");
	if (cfg->security.secret != NULL) {
		explicit_bzero(cfg->security.secret, cfg->security.secret_len);
		free(cfg->security.secret);
	}
	free(cfg->path);
	free(cfg);
}
