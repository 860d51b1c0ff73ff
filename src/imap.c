/*
 * imap.c - the sole libetpan user.
 *
 * imap_open() connects (plain, implicit TLS for imaps://, STARTTLS when
 * [imap] starttls = true), verifies the server certificate with GnuTLS
 * (libetpan, built with GnuTLS on Debian, verifies nothing by itself),
 * logs in and reads the capabilities again, since servers list more of
 * them after LOGIN than before.
 *
 * New mail announced in untagged EXISTS responses is noticed with a mark
 * (see imap_watch_begin()), because libetpan keeps only the message count,
 * which EXPUNGE also changes.
 */
#include <errno.h>
#include <poll.h>
#include <sys/socket.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>
#include <gnutls/gnutls.h>
#include <gnutls/x509.h>
#include <libetpan/libetpan.h>

#include "clock.h"
#include "config.h"
#include "imap.h"
#include "log.h"
#include "xmalloc.h"

/* Batches: UIDs per RFC822.SIZE round, messages and bytes per body round. */
#define IMAP_SIZE_BATCH		500
#define IMAP_BODY_BATCH		100
#define IMAP_BODY_BYTES		(8u << 20)
/* How often imap_idle() looks at its stop flag, in milliseconds. */
#define IMAP_IDLE_SLICE_MS	200
/*
 * The mark put in libetpan's message count before a command: EXISTS sets
 * the count, EXPUNGE decrements it, so a count left within IMAP_MARK_SPAN
 * below the mark means that no EXISTS came.
 */
#define IMAP_MARK		0x80000000u
#define IMAP_MARK_SPAN		0x10000000u

struct imap {
	mailimap	*m;
	char		*host;
	char		*server;	/* host:port, for messages */
	char		*caps;
	char		*selected;	/* UTF-8 name, or NULL */
	char		*known;		/* a mailbox known to exist (mUTF-7) */
	uint32_t	 count;		/* the count saved by the mark */
	char		*bye;		/* the server's BYE, this command */
	int		 broken;
	int		 exists_seen;	/* EXISTS since the last list */
	const char	*protection;	/* how the login was protected */
	size_t		 round_bytes;	/* body bytes per round */
};

/* One message of a fetch batch. */
struct imap_item {
	uint32_t	 uid;
	uint32_t	 size;		/* RFC822.SIZE */
	time_t		 internaldate;	/* 0: the server did not say */
	int		 state;
	const char	*data;		/* borrowed from the fetch result */
	size_t		 len;
};

/* The states of an item: gone, to fetch, too big. */
/* An item is gone, to be fetched, or too big. */
enum { IMAP_ITEM_GONE, IMAP_ITEM_SIZED, IMAP_ITEM_OVERSIZE };

static void *
imap_need(void *p)
{
	if (p == NULL)
		fatalx("imap: out of memory");
	return p;
}

/* Errors after which the connection cannot be trusted any more. */
static int
imap_transport_error(int r)
{
	switch (r) {
	case MAILIMAP_ERROR_STREAM:
	case MAILIMAP_ERROR_PARSE:
	case MAILIMAP_ERROR_CONNECTION_REFUSED:
	case MAILIMAP_ERROR_MEMORY:
	case MAILIMAP_ERROR_FATAL:
	case MAILIMAP_ERROR_PROTOCOL:
	case MAILIMAP_ERROR_DONT_ACCEPT_CONNECTION:
	case MAILIMAP_ERROR_SSL:
	case MAILIMAP_ERROR_BAD_STATE:
		return 1;
	default:
		return 0;
	}
}

/* The server's last words, or libetpan's name for the failure. */
static const char *
imap_words(mailimap *m, int r)
{
	switch (r) {
	case MAILIMAP_ERROR_CONNECTION_REFUSED:
		return "connection refused";
	case MAILIMAP_ERROR_STREAM:
		return "connection lost or timed out";
	case MAILIMAP_ERROR_SSL:
		return "TLS handshake failed";
	case MAILIMAP_ERROR_PARSE:
		return "unparsable response";
	case MAILIMAP_ERROR_DONT_ACCEPT_CONNECTION:
		return "server refused the connection";
	case MAILIMAP_ERROR_BAD_STATE:
		return "connection in the wrong state";
	default:
		break;
	}
	if (m != NULL && m->imap_response != NULL && *m->imap_response)
		return m->imap_response;
	if (r == MAILIMAP_ERROR_FATAL)
		return "server closed the connection (BYE)";
	return "failed";
}

/* 1 when the server has closed the connection (EOF on the socket). */
static int
imap_peer_closed(struct imap *im)
{
	struct pollfd pfd;
	char c;

	if (im->m->imap_stream == NULL)
		return 0;
	pfd.fd = mailstream_low_get_fd(mailstream_get_low(
	    im->m->imap_stream));
	pfd.events = POLLIN;
	pfd.revents = 0;
	if (pfd.fd < 0 || poll(&pfd, 1, 0) != 1)
		return 0;
	return (pfd.revents & POLLHUP) ||
	    recv(pfd.fd, &c, 1, MSG_PEEK | MSG_DONTWAIT) == 0;
}

/* Sets *errp to "server: step: words" and notes a broken connection. */
static void
imap_fail(struct imap *im, int r, char **errp, const char *step)
{
	if (imap_transport_error(r)) {
		im->broken = 1;
		if (im->bye != NULL) {
			*errp = xasprintf("%s: %s: connection closed by the "
			    "server: %s", im->server, step, im->bye);
			return;
		}
		if ((r == MAILIMAP_ERROR_STREAM || r == MAILIMAP_ERROR_PARSE) &&
		    imap_peer_closed(im)) {
			*errp = xasprintf("%s: %s: connection closed by the "
			    "server", im->server, step);
			return;
		}
	}
	*errp = xasprintf("%s: %s: %s", im->server, step, imap_words(im->m, r));
}

/*
 * Sees the bytes received, to keep the words of a BYE: libetpan drops
 * them when the connection closes before the tagged answer.
 */
static void
imap_logger(mailimap *m, int type, const char *s, size_t len, void *arg)
{
	struct imap *im = arg;
	const char *p, *e;
	size_t i;

	(void)m;
	if (type != MAILSTREAM_LOG_TYPE_DATA_RECEIVED || s == NULL)
		return;
	if ((p = memmem(s, len, "* BYE ", 6)) == NULL)
		return;
	if (p != s && (p - s < 2 || p[-1] != '\n' || p[-2] != '\r'))
		return;
	p += 6;
	for (e = p; e < s + len && *e != '\r' && *e != '\n' &&
	    e - p < 200; e++)
		;
	free(im->bye);
	im->bye = xstrndup(p, (size_t)(e - p));
	for (i = 0; im->bye[i] != '\0'; i++)
		if ((unsigned char)im->bye[i] < 0x20)
			im->bye[i] = ' ';
}

/* -1 with *errp when the connection is already known to be unusable. */
static int
imap_usable(struct imap *im, const char *step, char **errp)
{
	if (!im->broken && im->m->imap_stream != NULL &&
	    im->m->imap_state != MAILIMAP_STATE_DISCONNECTED)
		return 0;
	im->broken = 1;
	*errp = xasprintf("%s: %s: connection already lost", im->server, step);
	return -1;
}

/* Before a command: forget the words of the previous one. */
static void
imap_forget(struct imap *im)
{
	im->m->imap_response = NULL;	/* points into libetpan's buffer */
	free(im->bye);
	im->bye = NULL;
}

/* Before a command: imap_forget(), and mark the count (see IMAP_MARK). */
static void
imap_watch_begin(struct imap *im)
{
	struct mailimap_selection_info *si = im->m->imap_selection_info;

	imap_forget(im);
	if (si == NULL || im->selected == NULL)
		return;
	im->count = si->sel_exists;
	si->sel_exists = IMAP_MARK;
}

static void
imap_watch_end(struct imap *im)
{
	struct mailimap_selection_info *si = im->m->imap_selection_info;
	uint32_t gone;

	if (si == NULL || im->selected == NULL)
		return;
	if (si->sel_exists > IMAP_MARK ||
	    si->sel_exists < IMAP_MARK - IMAP_MARK_SPAN) {
		im->exists_seen = 1;
		return;
	}
	gone = IMAP_MARK - si->sel_exists;
	si->sel_exists = im->count > gone ? im->count - gone : 0;
}

/*
 * Mailbox names: UTF-8 to IMAP's modified UTF-7 (RFC 3501 5.1.3); NULL
 * when the name is not valid UTF-8.
 */
static void
imap_b64_utf16(GString *out, const char *s, size_t len)
{
	static const char b64[] =
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+,";
	gunichar2 *u;
	glong n, i;
	uint32_t acc = 0;
	int bits = 0;

	u = imap_need(g_utf8_to_utf16(s, (glong)len, NULL, &n, NULL));
	for (i = 0; i < n; i++) {
		acc = (acc << 16) | u[i];
		bits += 16;
		while (bits >= 6) {
			bits -= 6;
			g_string_append_c(out, b64[(acc >> bits) & 0x3f]);
		}
		acc &= (1u << bits) - 1;
	}
	if (bits > 0)
		g_string_append_c(out, b64[(acc << (6 - bits)) & 0x3f]);
	g_free(u);
}

static char *
imap_mutf7(const char *name)
{
	GString *out;
	const char *p, *run;

	if (!g_utf8_validate(name, -1, NULL))
		return NULL;
	out = g_string_new(NULL);
	for (p = name; *p != '\0';) {
		if ((unsigned char)*p >= 0x20 && (unsigned char)*p < 0x7f) {
			if (*p == '&')
				g_string_append(out, "&-");
			else
				g_string_append_c(out, *p);
			p++;
			continue;
		}
		for (run = p; *p != '\0' &&
		    ((unsigned char)*p < 0x20 || (unsigned char)*p >= 0x7f);)
			p = g_utf8_next_char(p);
		g_string_append_c(out, '&');
		imap_b64_utf16(out, run, (size_t)(p - run));
		g_string_append_c(out, '-');
	}
	return xgstring_free(out);
}

static char *
imap_caps_string(mailimap *m)
{
	struct mailimap_capability_data *cd = NULL;
	GString *s = g_string_new(NULL);
	clistiter *it;

	if (mailimap_capability(m, &cd) == MAILIMAP_NO_ERROR && cd != NULL) {
		for (it = clist_begin(cd->cap_list); it; it = clist_next(it)) {
			struct mailimap_capability *c = clist_content(it);
			if (s->len)
				g_string_append_c(s, ' ');
			if (c->cap_type == MAILIMAP_CAPABILITY_AUTH_TYPE)
				g_string_append_printf(s, "AUTH=%s",
				    c->cap_data.cap_auth_type);
			else
				g_string_append(s, c->cap_data.cap_name);
		}
		mailimap_capability_data_free(cd);
	}
	return xgstring_free(s);
}

/* Called by libetpan before the handshake: send the name (SNI). */
static void
imap_tls_setup(struct mailstream_ssl_context *ctx, void *arg)
{
	struct imap *im = arg;

	if (!g_hostname_is_ip_address(im->host))
		(void)mailstream_ssl_set_server_name(ctx, im->host);
}

/*
 * Verifies the chain the server sent against ca_file (or the system
 * store) and the host name; 0, or -1 with *errp.
 */
static int
imap_tls_verify(struct imap *im, const char *ca_file, char **errp)
{
	gnutls_x509_trust_list_t tl = NULL;
	gnutls_x509_crt_t *crts = NULL;
	gnutls_typed_vdata_st vd[2];
	gnutls_datum_t out = { NULL, 0 };
	carray *chain;
	unsigned int status = 0, i, n = 0;
	int r, rv = -1;

	chain = mailstream_get_certificate_chain(im->m->imap_stream);
	if (chain == NULL || carray_count(chain) == 0) {
		*errp = xasprintf("%s: TLS: certificate missing: the server "
		    "sent none", im->server);
		goto out;
	}
	crts = xcalloc(carray_count(chain), sizeof(*crts));
	for (i = 0; i < carray_count(chain); i++) {
		MMAPString *der = carray_get(chain, i);
		gnutls_datum_t d = { (unsigned char *)der->str,
		    (unsigned int)der->len };

		if (gnutls_x509_crt_init(&crts[n]) < 0)
			fatalx("imap: out of memory");
		n++;
		if ((r = gnutls_x509_crt_import(crts[n - 1], &d,
		    GNUTLS_X509_FMT_DER)) < 0) {
			*errp = xasprintf("%s: TLS: certificate unreadable: "
			    "%s", im->server, gnutls_strerror(r));
			goto out;
		}
	}
	if (gnutls_x509_trust_list_init(&tl, 0) < 0)
		fatalx("imap: out of memory");
	if (ca_file != NULL && *ca_file != '\0') {
		r = gnutls_x509_trust_list_add_trust_file(tl, ca_file, NULL,
		    GNUTLS_X509_FMT_PEM, 0, 0);
		if (r <= 0) {
			*errp = xasprintf("%s: TLS: certificate authorities "
			    "from %s: %s", im->server, ca_file, r < 0 ?
			    gnutls_strerror(r) : "no certificate in the file");
			goto out;
		}
	} else {
		r = gnutls_x509_trust_list_add_system_trust(tl, 0, 0);
		if (r <= 0) {
			*errp = xasprintf("%s: TLS: certificate authorities "
			    "of the system: %s", im->server, r < 0 ?
			    gnutls_strerror(r) : "none found");
			goto out;
		}
	}
	memset(vd, 0, sizeof(vd));
	vd[0].type = GNUTLS_DT_DNS_HOSTNAME;
	vd[0].data = (unsigned char *)im->host;
	vd[1].type = GNUTLS_DT_KEY_PURPOSE_OID;
	vd[1].data = (unsigned char *)GNUTLS_KP_TLS_WWW_SERVER;
	r = gnutls_x509_trust_list_verify_crt2(tl, crts, n, vd, 2, 0,
	    &status, NULL);
	if (r < 0) {
		*errp = xasprintf("%s: TLS: certificate not verified: %s",
		    im->server, gnutls_strerror(r));
		goto out;
	}
	if (status != 0) {
		if (gnutls_certificate_verification_status_print(status,
		    GNUTLS_CRT_X509, &out, 0) < 0)
			out.data = NULL;
		*errp = xasprintf("%s: TLS: certificate rejected for %s: %s",
		    im->server, im->host, out.data ?
		    g_strstrip((char *)out.data) : "verification failed");
		goto out;
	}
	rv = 0;
out:
	gnutls_free(out.data);
	if (tl != NULL)
		gnutls_x509_trust_list_deinit(tl, 1);
	for (i = 0; i < n; i++)
		gnutls_x509_crt_deinit(crts[i]);
	free(crts);
	if (chain != NULL)
		mailstream_certificate_chain_free(chain);
	return rv;
}

struct imap *
imap_open(const struct config *cfg, char **errp)
{
	struct imap *im = NULL, *rv = NULL;
	GUri *uri = NULL;
	const char *scheme;
	int port, tls, r;

	uri = g_uri_parse(cfg->imap.url, G_URI_FLAGS_NONE, NULL);
	if (uri == NULL || g_uri_get_host(uri) == NULL ||
	    *g_uri_get_host(uri) == '\0') {
		*errp = xasprintf("%s: not a URL", cfg->imap.url);
		goto out;
	}
	scheme = g_uri_get_scheme(uri);
	if (g_ascii_strcasecmp(scheme, "imap") != 0 &&
	    g_ascii_strcasecmp(scheme, "imaps") != 0) {
		*errp = xasprintf("%s: not an imap:// or imaps:// URL",
		    cfg->imap.url);
		goto out;
	}
	tls = g_ascii_strcasecmp(scheme, "imaps") == 0;
	port = g_uri_get_port(uri);
	if (port <= 0)
		port = tls ? 993 : 143;

	im = xcalloc(1, sizeof(*im));
	/* A round of bodies is held whole in memory: within the batch. */
	im->round_bytes = cfg->imap.batch_bytes < IMAP_BODY_BYTES ?
	    cfg->imap.batch_bytes : IMAP_BODY_BYTES;
	im->host = xstrdup(g_uri_get_host(uri));
	if (strchr(im->host, ':') != NULL)
		im->server = xasprintf("[%s]:%d", im->host, port);
	else
		im->server = xasprintf("%s:%d", im->host, port);
	im->m = imap_need(mailimap_new(0, NULL));
	mailimap_set_timeout(im->m, cfg->imap.timeout_seconds);
	mailimap_set_logger(im->m, imap_logger, im);
	if (tls)
		r = mailimap_ssl_connect_with_callback(im->m, im->host,
		    (uint16_t)port, imap_tls_setup, im);
	else
		r = mailimap_socket_connect(im->m, im->host, (uint16_t)port);
	if (r != MAILIMAP_NO_ERROR && r != MAILIMAP_NO_ERROR_AUTHENTICATED &&
	    r != MAILIMAP_NO_ERROR_NON_AUTHENTICATED) {
		*errp = xasprintf("%s: %s: %s", im->server,
		    tls ? "TLS connect" : "connect", imap_words(NULL, r));
		goto out;
	}
	if (!tls && cfg->imap.starttls) {
		r = mailimap_socket_starttls_with_callback(im->m,
		    imap_tls_setup, im);
		if (r != MAILIMAP_NO_ERROR) {
			*errp = xasprintf("%s: STARTTLS: %s", im->server,
			    r == MAILIMAP_ERROR_SSL ? "TLS handshake failed" :
			    imap_words(im->m, r));
			goto out;
		}
	}
	if ((tls || cfg->imap.starttls) &&
	    imap_tls_verify(im, cfg->imap.ca_file, errp) == -1)
		goto out;
	/* No password in clear but to this machine (config.c refuses such
	 * a configuration already; this is the last line). */
	if (tls)
		im->protection = "TLS, certificate verified";
	else if (cfg->imap.starttls)
		im->protection = "STARTTLS, certificate verified";
	else if (config_host_loopback(im->host))
		im->protection = "plain, loopback";
	else {
		*errp = xasprintf("%s: LOGIN: refused to send the password "
		    "without TLS to a server not on loopback", im->server);
		goto out;
	}
	r = mailimap_login(im->m, cfg->imap.user, cfg->imap.password);
	if (r != MAILIMAP_NO_ERROR) {
		*errp = xasprintf("%s: LOGIN as %s: %s", im->server,
		    cfg->imap.user, imap_words(im->m, r));
		goto out;
	}
	im->caps = imap_caps_string(im->m);
	rv = im;
	im = NULL;
out:
	if (uri != NULL)
		g_uri_unref(uri);
	if (im != NULL)
		im->broken = 1;		/* no LOGOUT to a server not trusted */
	imap_close(im);
	return rv;
}

void
imap_close(struct imap *im)
{
	if (im == NULL)
		return;
	if (im->m != NULL) {
		/* mailimap_free() would say LOGOUT even on a dead line. */
		if (im->broken && im->m->imap_stream != NULL) {
			mailstream_close(im->m->imap_stream);
			im->m->imap_stream = NULL;
		} else if (im->m->imap_state != MAILIMAP_STATE_DISCONNECTED &&
		    im->m->imap_stream != NULL)
			(void)mailimap_logout(im->m);
		mailimap_free(im->m);
	}
	free(im->host);
	free(im->server);
	free(im->caps);
	free(im->selected);
	free(im->known);
	free(im->bye);
	free(im);
}

const char *
imap_protection(const struct imap *im)
{
	return im->protection;
}

const char *
imap_capabilities(const struct imap *im)
{
	return im->caps ? im->caps : "";
}

int
imap_has_capability(const struct imap *im, const char *name)
{
	char **v;
	int i, rv = 0;

	if (im->caps == NULL)
		return 0;
	v = g_strsplit(im->caps, " ", -1);
	for (i = 0; v[i] != NULL && !rv; i++)
		rv = g_ascii_strcasecmp(v[i], name) == 0;
	g_strfreev(v);
	return rv;
}

int
imap_broken(const struct imap *im)
{
	return im->broken;
}

int
imap_select(struct imap *im, const char *mailbox, uint32_t *uidvalidity,
    uint32_t *uidnext, char **errp)
{
	struct mailimap_selection_info *si;
	char *enc = NULL, *step;
	int r, rv = -1;

	step = xasprintf("SELECT %s", mailbox);
	*uidvalidity = 0;
	*uidnext = 0;
	if (imap_usable(im, step, errp) == -1)
		goto out;
	if ((enc = imap_mutf7(mailbox)) == NULL) {
		*errp = xasprintf("%s: %s: not UTF-8", im->server, step);
		goto out;
	}
	free(im->selected);
	im->selected = NULL;
	im->exists_seen = 0;
	imap_forget(im);
	r = mailimap_select(im->m, enc);
	if (r != MAILIMAP_NO_ERROR) {
		imap_fail(im, r, errp, step);
		goto out;
	}
	si = im->m->imap_selection_info;
	if (si == NULL || si->sel_uidvalidity == 0) {
		*errp = xasprintf("%s: %s: the server sent no UIDVALIDITY",
		    im->server, step);
		goto out;
	}
	*uidvalidity = si->sel_uidvalidity;
	*uidnext = si->sel_uidnext;
	im->selected = xstrdup(mailbox);
	rv = 0;
out:
	free(enc);
	free(step);
	return rv;
}

static int
imap_uid_cmp(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	return x < y ? -1 : x > y;
}

/* v[] ascending and each UID once; its new length. */
static size_t
imap_uids_sort(uint32_t *v, size_t n)
{
	size_t k, i;

	qsort(v, n, sizeof(*v), imap_uid_cmp);
	for (i = 0, k = 0; i < n; i++)
		if (k == 0 || v[k - 1] != v[i])
			v[k++] = v[i];
	return k;
}

/* The message count the server last told (outside a command). */
static uint32_t
imap_count(const struct imap *im)
{
	const struct mailimap_selection_info *si =
	    im->m->imap_selection_info;

	return si != NULL ? si->sel_exists : 0;
}

/*
 * The UIDs of messages 1 to max: the lowest, by sequence number (valid
 * while the server has not told of an expunge, and it tells none during
 * a FETCH), so that a round over a full mailbox does not list it whole.
 */
static int
imap_list_first(struct imap *im, size_t max, uint32_t **uidsp, size_t *np,
    char **errp)
{
	struct mailimap_fetch_type *ft;
	struct mailimap_set *set;
	clist *result = NULL;
	clistiter *it, *at;
	uint32_t *v;
	size_t n;
	int r;

	set = imap_need(mailimap_set_new_interval(1, (uint32_t)max));
	ft = imap_need(mailimap_fetch_type_new_fetch_att_list_empty());
	(void)mailimap_fetch_type_new_fetch_att_list_add(ft,
	    imap_need(mailimap_fetch_att_new_uid()));
	imap_watch_begin(im);
	r = mailimap_fetch(im->m, set, ft, &result);
	imap_watch_end(im);
	mailimap_fetch_type_free(ft);
	mailimap_set_free(set);
	if (r != MAILIMAP_NO_ERROR) {
		imap_fail(im, r, errp, "FETCH UID");
		return -1;
	}
	v = xreallocarray(NULL, (size_t)clist_count(result) + 1, sizeof(*v));
	n = 0;
	/* Unsolicited FETCH (flag changes) may come without a UID. */
	for (it = clist_begin(result); it != NULL; it = clist_next(it)) {
		struct mailimap_msg_att *ma = clist_content(it);

		for (at = clist_begin(ma->att_list); at; at = clist_next(at)) {
			struct mailimap_msg_att_item *ai = clist_content(at);

			if (ai->att_type == MAILIMAP_MSG_ATT_ITEM_STATIC &&
			    ai->att_data.att_static->att_type ==
			    MAILIMAP_MSG_ATT_UID)
				v[n++] = ai->att_data.att_static->att_data.
				    att_uid;
		}
	}
	mailimap_fetch_list_free(result);
	n = imap_uids_sort(v, n);
	if (n > max)
		n = max;
	if (n == 0)
		free(v);
	else {
		*uidsp = v;
		*np = n;
	}
	return 0;
}

int
imap_list_after(struct imap *im, uint32_t after, size_t max,
    uint32_t **uidsp, size_t *np, char **errp)
{
	struct mailimap_search_key *key;
	clist *result = NULL;
	clistiter *it;
	uint32_t *v = NULL;
	size_t n = 0;
	int r, rv = -1;

	*uidsp = NULL;
	*np = 0;
	if (im->selected == NULL)
		fatalx("imap_list_after: no mailbox selected");
	if (imap_usable(im, "UID SEARCH", errp) == -1)
		goto out;
	if (after == UINT32_MAX || max == 0) {
		rv = 0;
		goto out;
	}
	im->exists_seen = 0;
	if (after == 0 && max < imap_count(im))
		return imap_list_first(im, max, uidsp, np, errp);
	/* UID n:* always matches the last message, even below n. */
	key = imap_need(mailimap_search_key_new_uid(imap_need(
	    mailimap_set_new_interval(after + 1, 0))));
	imap_watch_begin(im);
	r = mailimap_uid_search(im->m, NULL, key, &result);
	imap_watch_end(im);
	mailimap_search_key_free(key);
	if (r != MAILIMAP_NO_ERROR) {
		imap_fail(im, r, errp, "UID SEARCH");
		goto out;
	}
	v = xreallocarray(NULL, (size_t)clist_count(result) + 1, sizeof(*v));
	for (it = clist_begin(result); it != NULL; it = clist_next(it)) {
		uint32_t uid = *(uint32_t *)clist_content(it);
		if (uid > after)
			v[n++] = uid;
	}
	if ((n = imap_uids_sort(v, n)) > max)
		n = max;
	if (n > 0) {
		*uidsp = v;
		*np = n;
		v = NULL;
	}
	rv = 0;
out:
	free(v);
	if (result != NULL)
		mailimap_search_result_free(result);
	return rv;
}

/* A UID set of the items, as ranges of consecutive UIDs; NULL if none. */
static struct mailimap_set *
imap_set_of(const struct imap_item *items, size_t n, int state)
{
	struct mailimap_set *set = NULL;
	size_t i, j;

	for (i = 0; i < n; i = j) {
		if (items[i].state != state) {
			j = i + 1;
			continue;
		}
		for (j = i + 1; j < n && items[j].state == state &&
		    items[j].uid == items[j - 1].uid + 1; j++)
			;
		if (set == NULL)
			set = imap_need(mailimap_set_new_empty());
		if (mailimap_set_add_interval(set, items[i].uid,
		    items[j - 1].uid) != MAILIMAP_NO_ERROR)
			fatalx("imap: out of memory");
	}
	return set;
}

/* The item of a UID, through a table of UID to index + 1. */
static struct imap_item *
imap_item_of(GHashTable *index, struct imap_item *items, uint32_t uid)
{
	size_t i;

	i = GPOINTER_TO_SIZE(g_hash_table_lookup(index,
	    GUINT_TO_POINTER(uid)));
	return i == 0 ? NULL : &items[i - 1];
}

/* An IMAP date-time (zone as written: -0200 is -200) as seconds since
 * the epoch; 0 when it is no date. */
static time_t
imap_date_time(const struct mailimap_date_time *d)
{
	struct tm tm;
	int zone;
	time_t t;

	if (d == NULL || d->dt_month < 1 || d->dt_month > 12 ||
	    d->dt_day < 1 || d->dt_day > 31 || d->dt_year < 1970 ||
	    d->dt_hour < 0 || d->dt_hour > 23 || d->dt_min < 0 ||
	    d->dt_min > 59 || d->dt_sec < 0 || d->dt_sec > 60 ||
	    d->dt_zone < -2400 || d->dt_zone > 2400)
		return 0;
	memset(&tm, 0, sizeof(tm));
	tm.tm_year = d->dt_year - 1900;
	tm.tm_mon = d->dt_month - 1;
	tm.tm_mday = d->dt_day;
	tm.tm_hour = d->dt_hour;
	tm.tm_min = d->dt_min;
	tm.tm_sec = d->dt_sec;
	if ((t = timegm(&tm)) == (time_t)-1)
		return 0;
	zone = d->dt_zone < 0 ? -d->dt_zone : d->dt_zone;
	zone = (zone / 100) * 3600 + (zone % 100) * 60;
	return d->dt_zone < 0 ? t + zone : t - zone;
}

/*
 * One UID FETCH round over the items to fetch; fills sizes and arrival
 * (size round) or data (body round).  The result list is the caller's to
 * free.
 */
static int
imap_fetch_round(struct imap *im, struct imap_item *items, size_t n,
    int body, size_t max_bytes, clist **resultp, char **errp)
{
	struct mailimap_fetch_type *ft;
	struct mailimap_set *set;
	GHashTable *index;
	clistiter *it, *at;
	size_t i;
	int r, rv = -1;

	*resultp = NULL;
	set = imap_set_of(items, n, IMAP_ITEM_SIZED);
	if (set == NULL)
		return 0;
	index = g_hash_table_new(g_direct_hash, g_direct_equal);
	for (i = 0; i < n; i++)
		g_hash_table_insert(index, GUINT_TO_POINTER(items[i].uid),
		    GSIZE_TO_POINTER(i + 1));
	ft = imap_need(mailimap_fetch_type_new_fetch_att_list_empty());
	(void)mailimap_fetch_type_new_fetch_att_list_add(ft,
	    imap_need(mailimap_fetch_att_new_uid()));
	if (body)
		(void)mailimap_fetch_type_new_fetch_att_list_add(ft,
		    imap_need(mailimap_fetch_att_new_body_peek_section_partial(
		    imap_need(mailimap_section_new(NULL)), 0,
		    (uint32_t)max_bytes + 1)));
	else {
		(void)mailimap_fetch_type_new_fetch_att_list_add(ft,
		    imap_need(mailimap_fetch_att_new_rfc822_size()));
		(void)mailimap_fetch_type_new_fetch_att_list_add(ft,
		    imap_need(mailimap_fetch_att_new_internaldate()));
	}
	imap_watch_begin(im);
	r = mailimap_uid_fetch(im->m, set, ft, resultp);
	imap_watch_end(im);
	mailimap_fetch_type_free(ft);
	mailimap_set_free(set);
	if (r != MAILIMAP_NO_ERROR) {
		imap_fail(im, r, errp, body ? "UID FETCH BODY.PEEK[]" :
		    "UID FETCH RFC822.SIZE INTERNALDATE");
		goto out;
	}
	for (it = clist_begin(*resultp); it != NULL; it = clist_next(it)) {
		struct mailimap_msg_att *ma = clist_content(it);
		struct mailimap_msg_att_body_section *sec = NULL;
		struct imap_item *item;
		uint32_t uid = 0, size = 0;
		time_t arrived = 0;
		int have_size = 0;

		for (at = clist_begin(ma->att_list); at; at = clist_next(at)) {
			struct mailimap_msg_att_item *ai = clist_content(at);
			struct mailimap_msg_att_static *st;

			if (ai->att_type != MAILIMAP_MSG_ATT_ITEM_STATIC)
				continue;
			st = ai->att_data.att_static;
			if (st->att_type == MAILIMAP_MSG_ATT_UID)
				uid = st->att_data.att_uid;
			else if (st->att_type == MAILIMAP_MSG_ATT_RFC822_SIZE) {
				size = st->att_data.att_rfc822_size;
				have_size = 1;
			} else if (st->att_type ==
			    MAILIMAP_MSG_ATT_INTERNALDATE)
				arrived = imap_date_time(
				    st->att_data.att_internal_date);
			else if (st->att_type ==
			    MAILIMAP_MSG_ATT_BODY_SECTION)
				sec = st->att_data.att_body_section;
		}
		/* Unsolicited FETCH (flag changes) may name other UIDs. */
		if ((item = imap_item_of(index, items, uid)) == NULL ||
		    item->state != IMAP_ITEM_SIZED)
			continue;
		if (!body && have_size) {
			item->size = size;
			item->len = size;
			item->internaldate = arrived;
		} else if (body && sec != NULL) {
			item->data = sec->sec_body_part ?
			    sec->sec_body_part : "";
			item->len = sec->sec_body_part ? sec->sec_length : 0;
		}
	}
	rv = 0;
out:
	g_hash_table_destroy(index);
	return rv;
}

int
imap_fetch(struct imap *im, const uint32_t *uids, size_t n,
    size_t max_bytes, imap_fetch_cb *cb, void *arg, char **errp)
{
	struct imap_item *items = NULL;
	clist *result = NULL;
	size_t i, j, k, m, chunk, count, bytes;
	int rv = -1;

	if (im->selected == NULL)
		fatalx("imap_fetch: no mailbox selected");
	if (max_bytes == 0 || max_bytes >= UINT32_MAX)
		fatalx("imap_fetch: max_bytes %zu out of range", max_bytes);
	if (imap_usable(im, "UID FETCH", errp) == -1)
		goto out;
	for (i = 0; i < n; i += chunk) {
		chunk = n - i < IMAP_SIZE_BATCH ? n - i : IMAP_SIZE_BATCH;
		free(items);
		items = xcalloc(chunk, sizeof(*items));
		for (j = 0; j < chunk; j++) {
			items[j].uid = uids[i + j];
			items[j].state = uids[i + j] != 0 ?
			    IMAP_ITEM_SIZED : IMAP_ITEM_GONE;
			items[j].len = SIZE_MAX;
		}
		/* Sizes first; a UID without an answer is gone. */
		if (imap_fetch_round(im, items, chunk, 0, max_bytes, &result,
		    errp) == -1)
			goto out;
		if (result != NULL)
			mailimap_fetch_list_free(result);
		result = NULL;
		for (j = 0; j < chunk; j++) {
			if (items[j].state != IMAP_ITEM_SIZED)
				continue;
			if (items[j].len == SIZE_MAX)
				items[j].state = IMAP_ITEM_GONE;
			else if (items[j].size > max_bytes)
				items[j].state = IMAP_ITEM_OVERSIZE;
			items[j].len = 0;
		}
		/* Bodies in rounds bounded in count and bytes. */
		for (j = 0; j < chunk; j = k) {
			count = bytes = 0;
			for (k = j; k < chunk && count < IMAP_BODY_BATCH; k++) {
				if (items[k].state != IMAP_ITEM_SIZED)
					continue;
				if (count > 0 &&
				    bytes + items[k].size > im->round_bytes)
					break;
				bytes += items[k].size;
				count++;
			}
			if (imap_fetch_round(im, items + j, k - j, 1,
			    max_bytes, &result, errp) == -1)
				goto out;
			for (m = j; m < k; m++) {
				struct imap_item *it = &items[m];
				struct imap_message msg;
				int cr;

				/* Gone, maybe since the sizes were asked. */
				if (it->state == IMAP_ITEM_GONE ||
				    (it->state == IMAP_ITEM_SIZED &&
				    it->data == NULL))
					continue;
				if (it->state == IMAP_ITEM_SIZED &&
				    it->len > max_bytes) {
					/* The size was wrong; never mind. */
					it->state = IMAP_ITEM_OVERSIZE;
					if (it->size < it->len)
						it->size = it->len;
				}
				msg.uid = it->uid;
				msg.internaldate = it->internaldate;
				if (it->state == IMAP_ITEM_OVERSIZE) {
					msg.data = NULL;
					msg.len = it->size;
				} else {
					msg.data = it->data;
					msg.len = it->len;
				}
				cr = cb(arg, &msg);
				if (cr != 0) {
					*errp = xasprintf("%s: UID FETCH: "
					    "stopped by the caller at UID %u",
					    im->server, it->uid);
					goto out;
				}
				it->data = NULL;
			}
			if (result != NULL)
				mailimap_fetch_list_free(result);
			result = NULL;
		}
	}
	rv = 0;
out:
	if (result != NULL)
		mailimap_fetch_list_free(result);
	free(items);
	return rv;
}

/*
 * Waits during IDLE until the server says something (1), or the deadline
 * passes or *stop is set (0); -1 with *errp.  Short polls, so that the
 * stop flag is seen even when its signal came just before poll().
 */
static int
imap_idle_wait(struct imap *im, double deadline, volatile sig_atomic_t *stop,
    char **errp)
{
	struct pollfd pfd;
	double left;
	int r, ms;

	for (;;) {
		if (stop != NULL && *stop)
			return 0;
		if ((left = deadline - clock_mono()) <= 0)
			return 0;
		/* Bytes may already wait in libetpan's buffer. */
		if (im->m->imap_stream->read_buffer_len > 0)
			return 1;
		ms = left * 1000 < IMAP_IDLE_SLICE_MS ?
		    (int)(left * 1000) + 1 : IMAP_IDLE_SLICE_MS;
		pfd.fd = mailimap_idle_get_fd(im->m);
		pfd.events = POLLIN;
		pfd.revents = 0;
		r = poll(&pfd, 1, ms);
		if (r > 0)
			return 1;
		if (r == -1 && errno != EINTR) {
			im->broken = 1;
			*errp = xasprintf("%s: IDLE: poll: %s", im->server,
			    strerror(errno));
			return -1;
		}
	}
}

int
imap_idle(struct imap *im, unsigned timeout_seconds,
    volatile sig_atomic_t *stop, int *woken, char **errp)
{
	double deadline;
	int r, ready, rv = -1;

	*woken = 0;
	if (im->selected == NULL)
		fatalx("imap_idle: no mailbox selected");
	if (imap_usable(im, "IDLE", errp) == -1)
		goto out;
	if (!imap_has_capability(im, "IDLE")) {
		*errp = xasprintf("%s: IDLE: not supported by the server",
		    im->server);
		goto out;
	}
	deadline = clock_mono() + timeout_seconds;
	/* Until EXISTS; "* OK Still here", flags, expunges: idle on. */
	for (ready = 1; ready == 1 && !im->exists_seen;) {
		imap_watch_begin(im);
		if ((r = mailimap_idle(im->m)) != MAILIMAP_NO_ERROR) {
			imap_watch_end(im);
			imap_fail(im, r, errp, "IDLE");
			goto out;
		}
		if ((ready = imap_idle_wait(im, deadline, stop, errp)) == -1) {
			imap_watch_end(im);
			goto out;
		}
		r = mailimap_idle_done(im->m);
		imap_watch_end(im);
		if (r != MAILIMAP_NO_ERROR) {
			imap_fail(im, r, errp, "IDLE DONE");
			goto out;
		}
	}
	*woken = im->exists_seen;
	im->exists_seen = 0;
	rv = 0;
out:
	return rv;
}

/* Creates the mailbox unless it exists; 0, or -1 with *errp. */
static int
imap_ensure(struct imap *im, const char *enc, const char *name, char **errp)
{
	struct mailimap_status_att_list *sl;
	struct mailimap_mailbox_data_status *st = NULL;
	struct mailimap_response_info *ri;
	char *step;
	int r, rv = -1;

	if (im->known != NULL && strcmp(im->known, enc) == 0)
		return 0;
	step = xasprintf("CREATE %s", name);
	imap_watch_begin(im);
	r = mailimap_create(im->m, enc);
	imap_watch_end(im);
	if (r == MAILIMAP_NO_ERROR)
		goto known;
	if (imap_transport_error(r)) {
		imap_fail(im, r, errp, step);
		goto out;
	}
	ri = im->m->imap_response_info;
	if (ri != NULL && ri->rsp_atom != NULL &&
	    g_ascii_strcasecmp(ri->rsp_atom, "ALREADYEXISTS") == 0)
		goto known;
	/* A server without RFC 5530 codes: does it exist? */
	*errp = xasprintf("%s: %s: %s", im->server, step,
	    imap_words(im->m, r));
	sl = imap_need(mailimap_status_att_list_new_empty());
	(void)mailimap_status_att_list_add(sl, MAILIMAP_STATUS_ATT_MESSAGES);
	imap_watch_begin(im);
	r = mailimap_status(im->m, enc, sl, &st);
	imap_watch_end(im);
	mailimap_status_att_list_free(sl);
	if (st != NULL)
		mailimap_mailbox_data_status_free(st);
	if (r != MAILIMAP_NO_ERROR) {
		if (imap_transport_error(r)) {
			free(*errp);
			imap_fail(im, r, errp, step);
		}
		goto out;
	}
	free(*errp);
	*errp = NULL;
known:
	free(im->known);
	im->known = xstrdup(enc);
	rv = 0;
out:
	free(step);
	return rv;
}

int
imap_move(struct imap *im, uint32_t uid, const char *mailbox, char **errp)
{
	return imap_move_set(im, &uid, 1, mailbox, errp);
}

/* The UIDs (ascending or not) as a set of ranges: 3:7,9,12:13. */
static struct mailimap_set *
imap_uid_set(const uint32_t *uids, size_t n)
{
	struct mailimap_set *set = imap_need(mailimap_set_new_empty());
	uint32_t *v = xreallocarray(NULL, n, sizeof(*v));
	size_t i, j;

	memcpy(v, uids, n * sizeof(*v));
	qsort(v, n, sizeof(*v), imap_uid_cmp);
	for (i = 0; i < n; i = j) {
		for (j = i + 1; j < n && v[j] <= v[j - 1] + 1; j++)
			;
		if (mailimap_set_add_interval(set, v[i], v[j - 1]) !=
		    MAILIMAP_NO_ERROR)
			fatalx("imap: out of memory");
	}
	free(v);
	return set;
}

int
imap_move_set(struct imap *im, const uint32_t *uids, size_t n,
    const char *mailbox, char **errp)
{
	struct mailimap_set *set = NULL;
	struct mailimap_flag_list *fl;
	struct mailimap_store_att_flags *sa = NULL;
	const char *what = "UID MOVE";
	char *enc = NULL, *step = NULL;
	int r, rv = -1;

	size_t i;

	if (im->selected == NULL)
		fatalx("imap_move: no mailbox selected");
	for (i = 0; i < n; i++)
		if (uids[i] == 0)
			fatalx("imap_move: UID 0");
	if (n == 0)
		return 0;
	if (imap_usable(im, "UID MOVE", errp) == -1)
		goto out;
	if ((enc = imap_mutf7(mailbox)) == NULL) {
		*errp = xasprintf("%s: UID MOVE to %s: not UTF-8", im->server,
		    mailbox);
		goto out;
	}
	if (strcmp(mailbox, im->selected) == 0) {
		*errp = xasprintf("%s: UID MOVE to %s: that is the mailbox "
		    "being read", im->server, mailbox);
		goto out;
	}
	if (imap_ensure(im, enc, mailbox, errp) == -1)
		goto out;
	set = imap_uid_set(uids, n);
	imap_watch_begin(im);
	if (imap_has_capability(im, "MOVE")) {
		r = mailimap_uid_move(im->m, set, enc);
	} else {
		what = "UID COPY";
		r = mailimap_uid_copy(im->m, set, enc);
		if (r == MAILIMAP_NO_ERROR) {
			what = "UID STORE +FLAGS (\\Deleted)";
			fl = imap_need(mailimap_flag_list_new_empty());
			if (mailimap_flag_list_add(fl,
			    imap_need(mailimap_flag_new_deleted())) !=
			    MAILIMAP_NO_ERROR)
				fatalx("imap: out of memory");
			sa = imap_need(
			    mailimap_store_att_flags_new_add_flags_silent(fl));
			r = mailimap_uid_store(im->m, set, sa);
		}
		if (r == MAILIMAP_NO_ERROR) {
			if (imap_has_capability(im, "UIDPLUS")) {
				what = "UID EXPUNGE";
				r = mailimap_uid_expunge(im->m, set);
			} else {
				what = "EXPUNGE";
				r = mailimap_expunge(im->m);
			}
		}
	}
	imap_watch_end(im);
	if (r != MAILIMAP_NO_ERROR) {
		/* Maybe the mailbox went away: create it next time. */
		free(im->known);
		im->known = NULL;
		step = n == 1 ? xasprintf("%s %u to %s", what, uids[0],
		    mailbox) : xasprintf("%s of %zu messages to %s", what, n,
		    mailbox);
		imap_fail(im, r, errp, step);
		goto out;
	}
	rv = 0;
out:
	if (sa != NULL)
		mailimap_store_att_flags_free(sa);
	if (set != NULL)
		mailimap_set_free(set);
	free(step);
	free(enc);
	return rv;
}
