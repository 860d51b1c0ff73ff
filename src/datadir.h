/*
 * datadir.h - where the files gongkai ships (the calendar data, the
 * templates) are found: the configured path; else the installed folder;
 * else, for a program run from its build tree, $GK_SRCDIR/SUBDIR and
 * then the source tree it was built from; else the installed folder, so
 * that an error names the place they belong.
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

#endif
