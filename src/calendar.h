/*
 * calendar.h - working-day arithmetic (doc/lifecycle.md).  A working day
 * is Monday to Friday, minus the statutory holidays of the State Council's
 * yearly notice, plus its make-up working days (调休上班); for a year whose
 * data is not installed, Monday to Friday alone, and every answer that
 * looked at such a year says so through *provisional (never silently).
 *
 * Dates.  A date is an int day number: days since 1970-01-01 in the
 * proleptic Gregorian calendar (1970-01-01 is 0, 1969-12-31 is -1), so
 * that date + 1 is the next day and b - a is a distance in days.  Valid
 * dates lie in CALENDAR_YEAR_MIN..CALENDAR_YEAR_MAX; they are written and
 * read as YYYY-MM-DD only.
 *
 * Counting (民事诉讼法 Art. 85): the start day is never counted.
 * calendar_add(d, N) is the N-th working day after d; calendar_count(a, b)
 * is the number of working days in (a, b].  So count(d, add(d, N)) == N,
 * add(d, N) is a working day for every N >= 1, and what d itself is
 * (holiday, weekend, a year without data) does not matter.  An answer is
 * provisional when a day it looked at (the days after the start day, up
 * to and including the end) belongs to a year without data.
 *
 * Data.  calendar_load() reads a file or a folder; calendar_parse() reads
 * bytes.  The format, one or more year blocks per file:
 *
 *	# comment: a line whose first non-blank character is '#'; a '#'
 *	# after a blank also starts a comment.  Blank lines are ignored.
 *	year 2026
 *	holiday 2026-01-01..2026-01-03 元旦
 *	workday 2026-01-04 元旦调休
 *	holiday 2026-04-04..2026-04-06 清明节
 *
 *   - "year YYYY" opens a block; every later date up to the next year line
 *     must lie in that year.  A year is defined once in all the files, has
 *     at least one holiday, and a file named YYYY.conf holds year YYYY
 *     only.
 *   - "holiday DATE NAME" or "holiday FIRST..LAST NAME" (inclusive, at most
 *     CALENDAR_MAX_RANGE days): days off, weekends included.
 *   - "workday DATE NAME": a Saturday or Sunday that is a working day.
 *   - NAME (the rest of the line, UTF-8) is required: it is the holiday the
 *     line belongs to, and it is what a person reads back.
 *   - A day is declared at most once: a second holiday or workday on the
 *     same day is an error naming the first line.
 *   - Fields are separated by blanks or tabs; CRLF line ends and a UTF-8
 *     byte-order mark are accepted; a line is at most CALENDAR_MAX_LINE
 *     bytes, a file at most CALENDAR_MAX_FILE.
 *   A folder is every "*.conf" file in it (not starting with '.'), read in
 *   name order; other files (README.md) are ignored.  A folder without a
 *   .conf file is an error.  data/calendar/README.md has the same text
 *   for the people who edit the files.
 *
 * Ownership and failure.  calendar_load() and calendar_parse() return a
 * calendar the caller frees with calendar_free() (NULL is a no-op), or
 * NULL with *errp set to one line the caller frees: "FILE:LINE: what is
 * wrong" for a fault in the data, "FILE: reason" when a file cannot be
 * read.  A loaded calendar is read-only: queries never change it.  A NULL
 * calendar is a calendar without any year.  The arithmetic returns -1
 * only for arguments out of range (a date outside the valid years, N < 0
 * or N > CALENDAR_MAX_N, a result past 9999-12-31); missing data is never
 * an error, it is *provisional.  `provisional` and `out` must not be NULL.
 * Returned const char * are borrowed from the calendar.
 */
#ifndef GK_CALENDAR_H
#define GK_CALENDAR_H

#include <stddef.h>

#define CALENDAR_YEAR_MIN	1900
#define CALENDAR_YEAR_MAX	9999
#define CALENDAR_DATE_LEN	11		/* "YYYY-MM-DD" and its NUL */
#define CALENDAR_MAX_N		10000		/* working days, for add */
#define CALENDAR_MAX_RANGE	31		/* days in one holiday line */
#define CALENDAR_MAX_LINE	1024		/* bytes in one data line */
#define CALENDAR_MAX_FILE	(1024 * 1024)	/* bytes in one data file */
#define CALENDAR_MAX_FILES	1000		/* .conf files in a folder */

struct calendar;

/* Dates (pure). */

/* 0 and *date for a valid Y-M-D in the valid years; -1 otherwise. */
int	calendar_date_make(int y, int m, int d, int *date);
/* Y, M, D (any pointer may be NULL); all 0 for an invalid date. */
void	calendar_date_ymd(int date, int *y, int *m, int *d);
int	calendar_date_year(int date);
/* ISO weekday: 1 = Monday ... 6 = Saturday, 7 = Sunday. */
int	calendar_date_weekday(int date);
/* Exactly "YYYY-MM-DD" (no blanks, no other forms); 0 or -1. */
int	calendar_date_parse(const char *s, int *date);
/* Writes "YYYY-MM-DD" into buf and returns buf; "0000-00-00" if invalid. */
char	*calendar_date_format(int date, char buf[CALENDAR_DATE_LEN]);

/* Loading. */

/* A file, or a folder of *.conf files. */
struct calendar	*calendar_load(const char *path, char **errp);
/* The bytes of one file; `name` is used in messages and for YYYY.conf. */
struct calendar	*calendar_parse(const char *name, const char *buf,
		    size_t len, char **errp);
void		 calendar_free(struct calendar *);

/*
 * Where the data lives, as a string the caller frees: `configured` (the
 * [calendar] holidays key) when it is not NULL; else
 * $GK_SRCDIR/data/calendar when that environment variable names a source
 * tree (as `make check` and the demo do; made absolute, without "..");
 * else GK_DATADIR, the installed $(pkgdatadir)/calendar (datadir.h).
 * Reads the environment and the file system only.
 */
char		*calendar_path(const char *configured);

/* Queries (pure). */

int	calendar_has_year(const struct calendar *, int year);
/* The years with data, ascending: calendar_year(cal, 0 .. nyears - 1). */
size_t	calendar_nyears(const struct calendar *);
int	calendar_year(const struct calendar *, size_t i);
/*
 * 1 if `date` is a working day, 0 if not; *known is 1 when its year has
 * data, 0 when the answer is Monday to Friday alone (known may be NULL).
 */
int	calendar_is_workday(const struct calendar *, int date, int *known);
/* The holiday or make-up day's name from the data, or NULL. */
const char *calendar_day_name(const struct calendar *, int date);

/* The n-th working day after `date` (n = 0 gives `date` itself). */
int	calendar_add(const struct calendar *, int date, int n, int *out,
	    int *provisional);
/* Working days in (from, to]; negative (-count(to, from)) when to < from. */
int	calendar_count(const struct calendar *, int from, int to, int *n,
	    int *provisional);
/*
 * The first working day on or after, the last on or before, `date` (for
 * natural-day periods whose last day is a holiday, and "by 31 January");
 * these look at `date` itself too.
 */
int	calendar_next_workday(const struct calendar *, int date, int *out,
	    int *provisional);
int	calendar_prev_workday(const struct calendar *, int date, int *out,
	    int *provisional);
/*
 * The first year without data among the days in (min(a, b), max(a, b)],
 * the days an answer about a and b looked at; 0 when all have data.  For
 * next_workday(d) ask about (d - 1, out), for prev_workday(d) (out - 1, d).
 */
int	calendar_missing_year(const struct calendar *, int a, int b);

#endif
