/*
 * imap.c - the sole libetpan user.
 *
 * imap_open() connects (plain, implicit TLS for imaps://, STARTTLS when
 * [imap] starttls = true), logs in and reads the capabilities again, since
 * servers list more of them after LOGIN than before.
 */
#include <stdlib.h>
#include <string.h>

#include <glib.h>
#include <libetpan/libetpan.h>

#include "config.h"
#include "imap.h"
#include "log.h"
#include "xmalloc.h"

struct imap {
	mailimap	*m;
	char		*server;	/* host:port, for messages */
	char		*caps;
};

/* The server's last words, or libetpan's name for the failure. */
static const char *
imap_words(mailimap *m, int r)
{
	if (m != NULL && m->imap_response != NULL && *m->imap_response)
		return m->imap_response;
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
	default:
		return "failed";
	}
}

static char *
imap_caps_string(mailimap *m)
{
	struct mailimap_capability_data *cd = NULL;
	GString *s = g_string_new(NULL);
	clistiter *it;
	char *rv;

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
	rv = xstrdup(s->str);
	g_string_free(s, TRUE);
	return rv;
}

struct imap *
imap_open(const struct config *cfg, char **errp)
{
	struct imap *im = NULL;
	GUri *uri = NULL;
	const char *host;
	int port, tls, r;

	uri = g_uri_parse(cfg->imap.url, G_URI_FLAGS_NONE, NULL);
	if (uri == NULL) {
		*errp = xasprintf("%s: not a URL", cfg->imap.url);
		return NULL;
	}
	tls = strcmp(g_uri_get_scheme(uri), "imaps") == 0;
	host = g_uri_get_host(uri);
	port = g_uri_get_port(uri);
	if (port <= 0)
		port = tls ? 993 : 143;

	im = xcalloc(1, sizeof(*im));
	im->server = xasprintf("%s:%d", host, port);
	im->m = mailimap_new(0, NULL);
	mailimap_set_timeout(im->m, cfg->imap.timeout_seconds);
	if (tls)
		r = mailimap_ssl_connect(im->m, host, (uint16_t)port);
	else
		r = mailimap_socket_connect(im->m, host, (uint16_t)port);
	if (r != MAILIMAP_NO_ERROR && r != MAILIMAP_NO_ERROR_AUTHENTICATED &&
	    r != MAILIMAP_NO_ERROR_NON_AUTHENTICATED) {
		*errp = xasprintf("%s: connect%s: %s", im->server,
		    tls ? " (TLS)" : "", imap_words(NULL, r));
		goto fail;
	}
	if (!tls && cfg->imap.starttls) {
		r = mailimap_socket_starttls(im->m);
		if (r != MAILIMAP_NO_ERROR) {
			*errp = xasprintf("%s: STARTTLS: %s", im->server,
			    imap_words(im->m, r));
			goto fail;
		}
	}
	r = mailimap_login(im->m, cfg->imap.user, cfg->imap.password);
	if (r != MAILIMAP_NO_ERROR) {
		*errp = xasprintf("%s: LOGIN as %s: %s", im->server,
		    cfg->imap.user, imap_words(im->m, r));
		goto fail;
	}
	im->caps = imap_caps_string(im->m);
	g_uri_unref(uri);
	return im;
fail:
	g_uri_unref(uri);
	imap_close(im);
	return NULL;
}

void
imap_close(struct imap *im)
{
	if (im == NULL)
		return;
	if (im->m != NULL) {
		if (im->m->imap_state != MAILIMAP_STATE_DISCONNECTED &&
		    im->m->imap_stream != NULL)
			(void)mailimap_logout(im->m);
		mailimap_free(im->m);
	}
	free(im->server);
	free(im->caps);
	free(im);
}

const char *
imap_capabilities(const struct imap *im)
{
	return im->caps ? im->caps : "";
}
