/* xmalloc.h - allocators that abort on exhaustion; memory is the caller's. */
#ifndef GK_XMALLOC_H
#define GK_XMALLOC_H

#include <stddef.h>

void	*xmalloc(size_t);
void	*xcalloc(size_t, size_t);
void	*xreallocarray(void *, size_t, size_t);
char	*xstrdup(const char *);
char	*xstrndup(const char *, size_t);
/* A copy of at most n characters of UTF-8 s, ending in "…" when cut;
 * NULL for NULL. */
char	*xstrcut(const char *s, size_t n);
char	*xasprintf(const char *, ...) __attribute__((format(printf, 1, 2)));

/* The text of a GString in a malloc'd copy (free() it); the GString is
 * freed.  The one way a GString built in a module leaves it. */
struct _GString;
char	*xgstring_free(struct _GString *);

#endif
