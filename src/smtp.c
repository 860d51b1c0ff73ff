/*
 * smtp.c - the sole libcurl user for mail.  Every transfer carries the
 * configured timeouts, TLS policy and credentials; the server's own words
 * are kept for the error message.
 */
#include <stdlib.h>
#include <string.h>

#include <curl/curl.h>

#include "config.h"
#include "smtp.h"
#include "xmalloc.h"

void
smtp_global_init(void)
{
	if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK)
		abort();
}

/* Sets what every SMTP transfer shares; the caller adds the rest. */
static CURL *
smtp_handle(const struct config *cfg, char *errbuf)
{
	CURL *c;

	if ((c = curl_easy_init()) == NULL)
		return NULL;
	errbuf[0] = '\0';
	curl_easy_setopt(c, CURLOPT_ERRORBUFFER, errbuf);
	curl_easy_setopt(c, CURLOPT_URL, cfg->smtp.url);
	curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT,
	    (long)cfg->smtp.timeout_seconds);
	curl_easy_setopt(c, CURLOPT_TIMEOUT, (long)cfg->smtp.timeout_seconds);
	if (cfg->smtp.starttls)
		curl_easy_setopt(c, CURLOPT_USE_SSL, (long)CURLUSESSL_ALL);
	if (cfg->smtp.ca_file != NULL)
		curl_easy_setopt(c, CURLOPT_CAINFO, cfg->smtp.ca_file);
	if (cfg->smtp.user != NULL) {
		curl_easy_setopt(c, CURLOPT_USERNAME, cfg->smtp.user);
		curl_easy_setopt(c, CURLOPT_PASSWORD, cfg->smtp.password);
	}
	return c;
}

int
smtp_check(const struct config *cfg, char **errp)
{
	char errbuf[CURL_ERROR_SIZE];
	CURL *c;
	CURLcode rc;

	if ((c = smtp_handle(cfg, errbuf)) == NULL) {
		*errp = xasprintf("%s: out of memory", cfg->smtp.url);
		return -1;
	}
	curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, "NOOP");
	curl_easy_setopt(c, CURLOPT_NOBODY, 1L);
	rc = curl_easy_perform(c);
	curl_easy_cleanup(c);
	if (rc != CURLE_OK) {
		*errp = xasprintf("%s: %s%s", cfg->smtp.url,
		    rc == CURLE_LOGIN_DENIED ? "AUTH: " :
		    rc == CURLE_USE_SSL_FAILED ? "STARTTLS: " :
		    rc == CURLE_COULDNT_CONNECT ? "connect: " : "",
		    errbuf[0] ? errbuf : curl_easy_strerror(rc));
		return -1;
	}
	return 0;
}
