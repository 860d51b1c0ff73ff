/*
 * datadir.h - where the files gongkai ships (the calendar data, the
 * templates) are found: the configured path; else the installed folder;
 * else, for a program run from its build tree, $GK_SRCDIR/SUBDIR and
 * then the source tree it was built from; else the installed folder, so
 * that an error names the place they belong.
 */
#ifndef GK_DATADIR_H
#define GK_DATADIR_H

/* The folder, as a string the caller frees. */
char	*datadir_find(const char *configured, const char *installed,
	    const char *subdir);

struct calendar;
struct config;

/*
 * The one loaded copy of each, for every part of the program: the
 * working-day calendar of [calendar] holidays (NULL when it cannot be
 * read: weekdays only, every date provisional; said once in the log),
 * and the template folder.  datadir_reload() forgets both (SIGHUP).
 */
const struct calendar	*datadir_calendar(const struct config *);
const char		*datadir_templates(void);
void			 datadir_reload(void);

#endif
