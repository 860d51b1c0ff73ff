/* datadir.c - finding the shipped data folders.  See datadir.h. */
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <glib.h>

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
static char		*dd_override;

int
datadir_reload(char **errp)
{
	struct template_set *fresh;
	char *dir = datadir_template_path();

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

void
datadir_configure(const char *config_path)
{
	char *dir;

	free(dd_override);
	dd_override = NULL;
	if (config_path == NULL)
		return;
	dir = g_path_get_dirname(config_path);
	dd_override = xasprintf("%s/templates", dir);
	g_free(dir);
	free(dd_templates);
	dd_templates = NULL;
}

const char *
datadir_template_override(void)
{
	struct stat sb;

	if (dd_override == NULL || strchr(dd_override, ':') != NULL ||
	    stat(dd_override, &sb) == -1 || !S_ISDIR(sb.st_mode))
		return NULL;
	return dd_override;
}

char *
datadir_template_path(void)
{
	const char *ov = datadir_template_override();
	char *shipped, *r;

	shipped = template_dir(NULL);
	if (ov == NULL)
		return shipped;
	r = xasprintf("%s:%s", ov, shipped);
	free(shipped);
	return r;
}

const char *
datadir_templates(void)
{
	if (dd_templates == NULL)
		dd_templates = datadir_template_path();
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
	/* A source tree only when asked for by name: never by default. */
	if ((env = getenv("GK_SRCDIR")) != NULL && *env != '\0') {
		p = xasprintf("%s/%s", env, subdir);
		r = dir_real(p);
		free(p);
		if (r != NULL)
			return r;
	}
	return xstrdup(installed);
}
