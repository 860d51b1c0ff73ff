/* datadir.c - finding the shipped data folders.  See datadir.h. */
#include <stdlib.h>
#include <sys/stat.h>

#include "calendar.h"
#include "config.h"
#include "datadir.h"
#include "log.h"
#include "template.h"
#include "xmalloc.h"

static struct calendar	*dd_cal;
static int		 dd_cal_loaded;
static char		*dd_templates;
static struct template_set *dd_tset;

int
datadir_reload(char **errp)
{
	struct template_set *fresh;
	char *dir = template_dir(NULL);

	if ((fresh = template_set_load(dir, errp)) == NULL) {
		free(dir);
		return -1;
	}
	template_set_free(dd_tset);
	dd_tset = fresh;
	free(dd_templates);
	dd_templates = dir;
	calendar_free(dd_cal);
	dd_cal = NULL;
	dd_cal_loaded = 0;
	return 0;
}

int
datadir_templates_load(char **errp)
{
	if (dd_tset == NULL &&
	    (dd_tset = template_set_load(datadir_templates(), errp)) == NULL)
		return -1;
	return 0;
}

int
datadir_render(const char *name, const char *lang,
    const struct template_var *vars, size_t nvars, char **subject,
    char **body, char **errp)
{
	*subject = *body = NULL;
	if (datadir_templates_load(errp) == -1)
		return -1;
	return template_set_render(dd_tset, name, lang, vars, nvars, subject,
	    body, errp);
}

const struct calendar *
datadir_calendar(const struct config *cfg)
{
	char *path, *err = NULL;

	if (!dd_cal_loaded) {
		path = calendar_path(cfg->calendar.holidays);
		if ((dd_cal = calendar_load(path, &err)) == NULL) {
			log_warnx("calendar: %s; counting weekdays only, every "
			    "date provisional", err);
			free(err);
		}
		free(path);
		dd_cal_loaded = 1;
	}
	return dd_cal;
}

const char *
datadir_templates(void)
{
	if (dd_templates == NULL)
		dd_templates = template_dir(NULL);
	return dd_templates;
}

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
