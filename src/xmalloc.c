/* xmalloc.c - allocators that abort on exhaustion. */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>

#include "log.h"
#include "xmalloc.h"

void *
xmalloc(size_t n)
{
	void *p;

	if (n == 0)
		n = 1;
	if ((p = malloc(n)) == NULL)
		fatal("malloc %zu", n);
	return p;
}

void *
xcalloc(size_t nmemb, size_t size)
{
	void *p;

	if (nmemb == 0 || size == 0)
		nmemb = size = 1;
	if ((p = calloc(nmemb, size)) == NULL)
		fatal("calloc %zu x %zu", nmemb, size);
	return p;
}

void *
xreallocarray(void *ptr, size_t nmemb, size_t size)
{
	void *p;

	if (size != 0 && nmemb > SIZE_MAX / size)
		fatalx("xreallocarray: %zu x %zu overflows", nmemb, size);
	if ((p = realloc(ptr, nmemb * size != 0 ? nmemb * size : 1)) == NULL)
		fatal("realloc %zu x %zu", nmemb, size);
	return p;
}

char *
xstrdup(const char *s)
{
	char *p;

	if ((p = strdup(s)) == NULL)
		fatal("strdup");
	return p;
}

char *
xstrndup(const char *s, size_t n)
{
	char *p;

	if ((p = strndup(s, n)) == NULL)
		fatal("strndup");
	return p;
}

char *
xasprintf(const char *fmt, ...)
{
	va_list ap;
	char *p;
	int r;

	va_start(ap, fmt);
	r = vasprintf(&p, fmt, ap);
	va_end(ap);
	if (r < 0)
		fatal("vasprintf");
	return p;
}

char *
xstrcut(const char *s, size_t n)
{
	const char *p;

	if (s == NULL)
		return NULL;
	/* Count characters by their lead bytes (not 10xxxxxx). */
	for (p = s; *p != '\0'; p++)
		if (((unsigned char)*p & 0xc0) != 0x80 && n-- == 0)
			return xasprintf("%.*s…", (int)(p - s), s);
	return xstrdup(s);
}

char *
xgstring_free(GString *s)
{
	char *p;

	p = xstrdup(s->str);
	g_string_free(s, TRUE);
	return p;
}
