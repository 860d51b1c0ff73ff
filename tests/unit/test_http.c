/* test_http.c - the webhook POST against a loopback server in a thread
 * (a fake inside this module's test only): the method, path, headers
 * (JSON, Idempotency-Key) and body as sent; any status handed back, a
 * redirect not followed, the answer's start kept and cut; a closed port
 * and a file:// address are errors. */
#include <sys/socket.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <curl/curl.h>
#include <glib.h>

#include "http.h"

struct server {
	int		 fd;
	int		 port;
	const char	*reply;		/* the whole HTTP answer */
	char		 request[8192];	/* what came, NUL-ended */
};

/* One request: headers, then Content-Length bytes of body. */
static void *
serve(void *arg)
{
	struct server *s = arg;
	size_t have = 0;
	ssize_t n;
	char *end, *cl;
	long want = -1;
	int c;

	if ((c = accept(s->fd, NULL, NULL)) == -1)
		return NULL;
	while (have < sizeof(s->request) - 1) {
		n = read(c, s->request + have, sizeof(s->request) - 1 - have);
		if (n <= 0)
			break;
		have += (size_t)n;
		s->request[have] = '\0';
		if ((end = strstr(s->request, "\r\n\r\n")) == NULL)
			continue;
		if (want == -1) {
			cl = strcasestr(s->request, "Content-Length:");
			want = cl != NULL && cl < end ? atol(cl + 15) : 0;
		}
		if ((long)(have - (size_t)(end + 4 - s->request)) >= want)
			break;
	}
	if (write(c, s->reply, strlen(s->reply)) < 0)
		g_warning("write: reply lost");
	close(c);
	return NULL;
}

static void
listen_on(struct server *s)
{
	struct sockaddr_in a = { 0 };
	socklen_t len = sizeof(a);

	a.sin_family = AF_INET;
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	s->fd = socket(AF_INET, SOCK_STREAM, 0);
	g_assert_cmpint(s->fd, >=, 0);
	g_assert_cmpint(bind(s->fd, (struct sockaddr *)&a, sizeof(a)), ==, 0);
	g_assert_cmpint(listen(s->fd, 1), ==, 0);
	g_assert_cmpint(getsockname(s->fd, (struct sockaddr *)&a, &len), ==,
	    0);
	s->port = ntohs(a.sin_port);
}

/* POSTs json to the server answering `reply`; returns what it saw. */
static int
post(struct server *s, const char *reply, const char *json,
    struct http_answer *answer, char **err)
{
	pthread_t t;
	char *url;
	int rv;

	memset(s, 0, sizeof(*s));
	listen_on(s);
	s->reply = reply;
	g_assert_cmpint(pthread_create(&t, NULL, serve, s), ==, 0);
	url = g_strdup_printf("http://127.0.0.1:%d/api/items", s->port);
	rv = http_post_json(url, json, "gk-GK-2026-0042-1", 10, answer, err);
	pthread_join(t, NULL);
	close(s->fd);
	g_free(url);
	return rv;
}

static void
test_post(void)
{
	struct server s;
	struct http_answer a;
	char *err = NULL;
	const char *json = "{\"id\":\"GK-2026-0042\",\"title\":\"预算\"}";

	g_assert_cmpint(post(&s, "HTTP/1.1 201 Created\r\n"
	    "Content-Length: 9\r\nConnection: close\r\n\r\n{\"ok\":1}\n",
	    json, &a, &err), ==, 0);
	g_assert_null(err);
	g_assert_cmpint(a.status, ==, 201);
	g_assert_cmpstr(a.body, ==, "{\"ok\":1}\n");
	g_assert_true(g_str_has_prefix(s.request, "POST /api/items HTTP/1.1"));
	g_assert_nonnull(strcasestr(s.request,
	    "\r\nContent-Type: application/json\r\n"));
	g_assert_nonnull(strcasestr(s.request,
	    "\r\nIdempotency-Key: gk-GK-2026-0042-1\r\n"));
	g_assert_nonnull(strstr(s.request, "\r\n\r\n"));
	g_assert_cmpstr(strstr(s.request, "\r\n\r\n") + 4, ==, json);
}

static void
test_status(void)
{
	struct server s;
	struct http_answer a;
	char *err = NULL, *reply;
	GString *big = g_string_new(NULL);

	g_assert_cmpint(post(&s, "HTTP/1.1 503 Service Unavailable\r\n"
	    "Content-Length: 4\r\nConnection: close\r\n\r\nbusy", "{}", &a,
	    &err), ==, 0);
	g_assert_cmpint(a.status, ==, 503);
	g_assert_cmpstr(a.body, ==, "busy");

	/* a redirect is an answer, not followed */
	g_assert_cmpint(post(&s, "HTTP/1.1 302 Found\r\nLocation: "
	    "http://127.0.0.1:1/\r\nContent-Length: 0\r\nConnection: close"
	    "\r\n\r\n", "{}", &a, &err), ==, 0);
	g_assert_cmpint(a.status, ==, 302);

	/* a long answer: its start kept */
	while (big->len < 5000)
		g_string_append(big, "0123456789");
	reply = g_strdup_printf("HTTP/1.1 200 OK\r\nContent-Length: %zu\r\n"
	    "Connection: close\r\n\r\n%s", big->len, big->str);
	g_assert_cmpint(post(&s, reply, "{}", &a, &err), ==, 0);
	g_assert_cmpint(a.status, ==, 200);
	g_assert_cmpuint(strlen(a.body), ==, HTTP_BODY_MAX);
	g_assert_true(strncmp(a.body, big->str, HTTP_BODY_MAX) == 0);
	g_free(reply);
	g_string_free(big, TRUE);
}

static void
test_errors(void)
{
	struct server s;
	struct http_answer a;
	char *err = NULL, *url;

	/* a port nobody listens on */
	memset(&s, 0, sizeof(s));
	listen_on(&s);
	close(s.fd);
	url = g_strdup_printf("http://127.0.0.1:%d/", s.port);
	g_assert_cmpint(http_post_json(url, "{}", "k", 5, &a, &err), ==, -1);
	g_assert_nonnull(err);
	g_assert_nonnull(strstr(err, url));
	g_assert_cmpint(a.status, ==, 0);
	g_free(err);
	g_free(url);
	/* only http and https */
	err = NULL;
	g_assert_cmpint(http_post_json("file:///etc/passwd", "{}", "k", 5, &a,
	    &err), ==, -1);
	g_assert_nonnull(err);
	g_free(err);
}

int
main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	curl_global_init(CURL_GLOBAL_DEFAULT);
	g_test_add_func("/http/post", test_post);
	g_test_add_func("/http/status", test_status);
	g_test_add_func("/http/errors", test_errors);
	return g_test_run();
}
