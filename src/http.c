/*
 * http.c - a JSON POST with an idempotency key (http.h).
 */
#include <string.h>

#include <curl/curl.h>
#include <glib.h>

#include "http.h"

static size_t
keep_body(char *data, size_t size, size_t n, void *arg)
{
	struct http_answer *a = arg;
	size_t have = strlen(a->body), room = HTTP_BODY_MAX - have;
	size_t len = size * n;

	memcpy(a->body + have, data, len < room ? len : room);
	a->body[have + (len < room ? len : room)] = '\0';
	return len;		/* the rest is read and dropped */
}

int
http_post_json(const char *url, const char *json, const char *key,
    long timeout, struct http_answer *answer, char **errp)
{
	char errbuf[CURL_ERROR_SIZE] = "", *hkey;
	struct curl_slist *h = NULL;
	CURLcode rc;
	CURL *c;

	memset(answer, 0, sizeof(*answer));
	if ((c = curl_easy_init()) == NULL) {
		*errp = g_strdup("curl_easy_init failed");
		return -1;
	}
	hkey = g_strdup_printf("Idempotency-Key: %s", key);
	h = curl_slist_append(h, "Content-Type: application/json");
	h = curl_slist_append(h, hkey);
	h = curl_slist_append(h, "Expect:");
	g_free(hkey);
	curl_easy_setopt(c, CURLOPT_URL, url);
#if LIBCURL_VERSION_NUM >= 0x075500
	curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
#else
	curl_easy_setopt(c, CURLOPT_PROTOCOLS,
	    (long)(CURLPROTO_HTTP | CURLPROTO_HTTPS));
#endif
	curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 0L);
	curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(c, CURLOPT_TIMEOUT, timeout);
	curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, timeout);
	curl_easy_setopt(c, CURLOPT_USERAGENT, "gongkai/" PACKAGE_VERSION);
	curl_easy_setopt(c, CURLOPT_HTTPHEADER, h);
	curl_easy_setopt(c, CURLOPT_POSTFIELDS, json);
	curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE_LARGE,
	    (curl_off_t)strlen(json));
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, keep_body);
	curl_easy_setopt(c, CURLOPT_WRITEDATA, answer);
	curl_easy_setopt(c, CURLOPT_ERRORBUFFER, errbuf);
	rc = curl_easy_perform(c);
	if (rc == CURLE_OK)
		curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &answer->status);
	else
		*errp = g_strdup_printf("%s: %s", url, *errbuf != '\0' ?
		    errbuf : curl_easy_strerror(rc));
	curl_slist_free_all(h);
	curl_easy_cleanup(c);
	return rc == CURLE_OK ? 0 : -1;
}
