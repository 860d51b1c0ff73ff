/* spool.c - raw files: tmp -> fsync -> rename, then fsync of the folder. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "spool.h"
#include "xmalloc.h"

static const char *const spool_dirs[] = { "", "tmp", "in", "out",
    "quarantine" };

int
spool_init(const char *dir, char **errp)
{
	size_t i;

	for (i = 0; i < sizeof(spool_dirs) / sizeof(spool_dirs[0]); i++) {
		char *p = xasprintf("%s/%s", dir, spool_dirs[i]);
		int r = mkdir(p, 0750);

		if (r == -1 && errno != EEXIST) {
			*errp = xasprintf("%s: %s", p, strerror(errno));
			free(p);
			return -1;
		}
		free(p);
	}
	return 0;
}
