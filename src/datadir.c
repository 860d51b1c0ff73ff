/* datadir.c - finding the shipped data folders.  See datadir.h. */
#include <stdlib.h>
#include <sys/stat.h>

#include "datadir.h"
#include "xmalloc.h"

/* `path` without "..", when it is a folder; NULL otherwise. */
static char *
dir_real(const char *path)
{
	struct stat sb;
	char *r;

	if (stat(path, &sb) == -1 || !S_ISDIR(sb.st_mode))
		return NULL;
	if ((r = realpath(path, NULL)) == NULL)
		return xstrdup(path);
	return r;
}

char *
datadir_find(const char *configured, const char *installed,
    const char *subdir)
{
	const char *env;
	char *p, *r;

	if (configured != NULL)
		return xstrdup(configured);
	if ((r = dir_real(installed)) != NULL) {
		free(r);
		return xstrdup(installed);
	}
	if ((env = getenv("GK_SRCDIR")) != NULL && *env != '\0') {
		p = xasprintf("%s/%s", env, subdir);
		r = dir_real(p);
		free(p);
		if (r != NULL)
			return r;
	}
#ifdef GK_SRCDIR
	p = xasprintf("%s/%s", GK_SRCDIR, subdir);
	r = dir_real(p);
	free(p);
	if (r != NULL)
		return r;
#endif
	return xstrdup(installed);
}
