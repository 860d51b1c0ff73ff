/*
 * datadir.h - where the files gongkai ships (the calendar data, the
 * templates) are found: the configured path; else $GK_SRCDIR/SUBDIR when
 * that variable is set and the folder exists (the tests and the demo
 * name their source tree so); else the installed folder under
 * $(pkgdatadir), even when it is missing, so that an error names the
 * place they belong.  An installed program never looks for a source
 * tree by itself.
 *
 * Templates have an override folder: "templates" beside the
 * configuration file (/etc/gongkai/templates for the default one).  A
 * NAME.LANG.txt there wins over the shipped one; the template functions
 * take the two as one search path "OVERRIDE:SHIPPED" (template.h).
 */
#ifndef GK_DATADIR_H
#define GK_DATADIR_H

#include <stddef.h>

/* The folder, as a string the caller frees. */
char	*datadir_find(const char *configured, const char *installed,
	    const char *subdir);

struct calendar;
struct config;

/*
 * The one loaded copy of each, for every part of the program: the
 * working-day calendar of [calendar] holidays (NULL when it cannot be
 * read: weekdays only, every date provisional; said once in the log),
 * and the templates, checked and held in memory (template.h,
 * template_set_load()), loaded at the first use or by
 * datadir_templates_load() (`run` at its start).
 *
 * datadir_reload() (SIGHUP) reads the template folder again and takes
 * the new set only when every template passes; else it keeps the set
 * in use and the calendar, and returns -1 with *errp naming every fault
 * (FILE:LINE: what is wrong, one a line).  On success the calendar is
 * forgotten and read again at its next use.
 */
const struct calendar	*datadir_calendar(const struct config *);
const char		*datadir_templates(void);
int			 datadir_templates_load(char **errp);
int			 datadir_reload(char **errp);

struct template_var;

/* template_render() from the loaded set. */
int	datadir_render(const char *name, const char *lang,
	    const struct template_var *vars, size_t nvars, char **subject,
	    char **body, char **errp);

/*
 * datadir_configure() names the configuration file, whose folder holds
 * the template override folder (called once the configuration is
 * loaded).  datadir_template_override() is that folder when it exists
 * (NULL otherwise, or when its path holds a ':'); datadir_template_path()
 * the search path of the templates, malloc'd: the override folder, if
 * any, then the shipped one.
 */
void		 datadir_configure(const char *config_path);
const char	*datadir_template_override(void);
char		*datadir_template_path(void);

#endif
