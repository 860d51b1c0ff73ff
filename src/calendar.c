/*
 * calendar.c - working-day arithmetic, holidays and make-up days.
 *
 * Each year with data is 366 bytes saying, day by day, "as the weekday
 * says", "holiday" or "make-up working day"; the years sit in an array
 * sorted by year.  The arithmetic walks day by day, which is plainly
 * right and fast enough (a 60-working-day deadline looks at ~90 days).
 * Only calendar_load() and calendar_path() touch the file system.
 */
#include <dirent.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <glib.h>

#include "calendar.h"
#include "datadir.h"
#include "xmalloc.h"

#ifndef GK_DATADIR
#define GK_DATADIR	"/usr/local/share/gongkai/calendar"
#endif

enum cal_kind {
	CAL_NORMAL = 0,		/* Monday to Friday work, weekends rest */
	CAL_HOLIDAY,		/* 放假 */
	CAL_WORKDAY,		/* 调休上班 */
};

struct cal_year {
	int		 year;
	int		 first;		/* the day number of 1 January */
	unsigned char	 kind[366];
	unsigned short	 name[366];	/* 1 + index into names; 0: none */
	int		 line[366];	/* where the day was declared */
	char		**names;
	size_t		 nnames;
	char		*file;
	int		 year_line;
	int		 nholidays;
};

struct calendar {
	struct cal_year	**years;	/* ascending by year */
	size_t		 nyears;
};

/* The valid dates, 1900-01-01 and 9999-12-31 (a test checks them). */
#define CAL_MINDAY	(-25567)
#define CAL_MAXDAY	2932896

/* Dates: H. Hinnant's days_from_civil and civil_from_days. */

static int
days_from_civil(int y, int m, int d)
{
	int era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

static int
date_valid(int date)
{
	return date >= CAL_MINDAY && date <= CAL_MAXDAY;
}

void
calendar_date_ymd(int date, int *y, int *m, int *d)
{
	int z, era, doe, yoe, doy, mp, yy, mm;

	if (!date_valid(date)) {
		if (y != NULL)
			*y = 0;
		if (m != NULL)
			*m = 0;
		if (d != NULL)
			*d = 0;
		return;
	}
	z = date + 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	yy = yoe + era * 400;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	mm = mp < 10 ? mp + 3 : mp - 9;
	if (d != NULL)
		*d = doy - (153 * mp + 2) / 5 + 1;
	if (m != NULL)
		*m = mm;
	if (y != NULL)
		*y = yy + (mm <= 2);
}

int
calendar_date_year(int date)
{
	int y;

	calendar_date_ymd(date, &y, NULL, NULL);
	return y;
}

static int
is_leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int
month_days(int y, int m)
{
	static const int mdays[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30,
	    31, 30, 31 };

	return m == 2 && is_leap(y) ? 29 : mdays[m - 1];
}

int
calendar_date_make(int y, int m, int d, int *date)
{
	if (y < CALENDAR_YEAR_MIN || y > CALENDAR_YEAR_MAX || m < 1 ||
	    m > 12 || d < 1 || d > month_days(y, m))
		return -1;
	*date = days_from_civil(y, m, d);
	return 0;
}

int
calendar_date_weekday(int date)
{
	int r = date % 7;

	if (r < 0)
		r += 7;
	return (r + 3) % 7 + 1;		/* day 0 was a Thursday */
}

static int
digits(const char *s, int n)
{
	int i, v = 0;

	for (i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	return v;
}

/* Reads YYYY-MM-DD from exactly `len` bytes. */
static int
date_parse_n(const char *s, size_t len, int *date)
{
	int y, m, d;

	if (len != 10 || s[4] != '-' || s[7] != '-')
		return -1;
	if ((y = digits(s, 4)) == -1 || (m = digits(s + 5, 2)) == -1 ||
	    (d = digits(s + 8, 2)) == -1)
		return -1;
	return calendar_date_make(y, m, d, date);
}

int
calendar_date_parse(const char *s, int *date)
{
	return date_parse_n(s, strlen(s), date);
}

char *
calendar_date_format(int date, char buf[CALENDAR_DATE_LEN])
{
	int y, m, d;

	calendar_date_ymd(date, &y, &m, &d);	/* 0000-00-00 if invalid */
	buf[0] = (char)('0' + y / 1000);
	buf[1] = (char)('0' + y / 100 % 10);
	buf[2] = (char)('0' + y / 10 % 10);
	buf[3] = (char)('0' + y % 10);
	buf[4] = '-';
	buf[5] = (char)('0' + m / 10);
	buf[6] = (char)('0' + m % 10);
	buf[7] = '-';
	buf[8] = (char)('0' + d / 10);
	buf[9] = (char)('0' + d % 10);
	buf[10] = '\0';
	return buf;
}

/* Parsing. */

struct cal_parse {
	struct calendar	*cal;
	const char	*file;
	int		 lineno;
	int		 file_year;	/* from the name YYYY.conf, or 0 */
	int		 nyears;	/* year lines in this file */
	struct cal_year	*cur;
	char		*err;
};

static int
cal_err(struct cal_parse *p, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static int
cal_err(struct cal_parse *p, const char *fmt, ...)
{
	va_list ap;
	char *what;

	if (p->err != NULL)
		return -1;
	va_start(ap, fmt);
	if (vasprintf(&what, fmt, ap) == -1)
		what = NULL;
	va_end(ap);
	if (what == NULL)
		p->err = xasprintf("%s:%d: out of memory", p->file, p->lineno);
	else {
		p->err = xasprintf("%s:%d: %s", p->file, p->lineno, what);
		free(what);
	}
	return -1;
}

static struct cal_year *
cal_find(const struct calendar *cal, int year)
{
	size_t lo = 0, hi;

	if (cal == NULL)
		return NULL;
	hi = cal->nyears;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (cal->years[mid]->year == year)
			return cal->years[mid];
		if (cal->years[mid]->year < year)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

static void
cal_year_free(struct cal_year *cy)
{
	size_t i;

	if (cy == NULL)
		return;
	for (i = 0; i < cy->nnames; i++)
		free(cy->names[i]);
	free(cy->names);
	free(cy->file);
	free(cy);
}

/* A year without holidays is a half-written file. */
static int
cal_year_close(struct cal_parse *p)
{
	struct cal_year *cy = p->cur;

	p->cur = NULL;
	if (cy == NULL || cy->nholidays > 0)
		return 0;
	p->lineno = cy->year_line;
	return cal_err(p, "year %d has no holiday lines", cy->year);
}

/* Inserts in order; the caller has checked that the year is new. */
static void
cal_insert(struct calendar *cal, struct cal_year *cy)
{
	size_t i;

	cal->years = xreallocarray(cal->years, cal->nyears + 1,
	    sizeof(*cal->years));
	for (i = cal->nyears; i > 0 && cal->years[i - 1]->year > cy->year; i--)
		cal->years[i] = cal->years[i - 1];
	cal->years[i] = cy;
	cal->nyears++;
}

static int
cal_line_year(struct cal_parse *p, const char *arg, size_t len,
    const char *rest)
{
	struct cal_year *cy, *old;
	int y;

	if (cal_year_close(p) == -1)
		return -1;
	if (len != 4 || (y = digits(arg, 4)) == -1 || *rest != '\0')
		return cal_err(p, "\"year\" takes a four-digit year");
	if (y < CALENDAR_YEAR_MIN || y > CALENDAR_YEAR_MAX)
		return cal_err(p, "year %d is outside %d..%d", y,
		    CALENDAR_YEAR_MIN, CALENDAR_YEAR_MAX);
	if (p->file_year != 0 && y != p->file_year)
		return cal_err(p, "year %d in a file named for %d", y,
		    p->file_year);
	if ((old = cal_find(p->cal, y)) != NULL)
		return cal_err(p, "year %d is already defined at %s:%d", y,
		    old->file, old->year_line);
	if (p->cal->nyears >= CALENDAR_YEAR_MAX - CALENDAR_YEAR_MIN + 1)
		return cal_err(p, "too many years");
	cy = xcalloc(1, sizeof(*cy));
	cy->year = y;
	cy->first = days_from_civil(y, 1, 1);
	cy->file = xstrdup(p->file);
	cy->year_line = p->lineno;
	cal_insert(p->cal, cy);
	p->cur = cy;
	p->nyears++;
	return 0;
}

/* Some of a person's text for a message: valid UTF-8, at most ~40 bytes. */
static char *
cal_quote(const char *s, size_t len)
{
	gchar *v;
	char *q;

	v = g_utf8_make_valid(s, (gssize)(len > 40 ? 40 : len));
	q = xasprintf("\"%s%s\"", v, len > 40 ? "..." : "");
	g_free(v);
	return q;
}

static int
cal_date_in_year(struct cal_parse *p, const char *s, size_t len, int *date)
{
	char *q;

	if (date_parse_n(s, len, date) == -1) {
		q = cal_quote(s, len);
		cal_err(p, "%s is not a date (YYYY-MM-DD)", q);
		free(q);
		return -1;
	}
	if (calendar_date_year(*date) != p->cur->year)
		return cal_err(p, "%.*s is not in year %d", (int)len, s,
		    p->cur->year);
	return 0;
}

static const char *const cal_weekdays[] = { "", "Monday", "Tuesday",
    "Wednesday", "Thursday", "Friday", "Saturday", "Sunday" };

static int
cal_line_day(struct cal_parse *p, enum cal_kind kind, const char *arg,
    size_t len, const char *name)
{
	struct cal_year *cy = p->cur;
	const char *what = kind == CAL_HOLIDAY ? "holiday" : "workday";
	const char *dots;
	char buf[CALENDAR_DATE_LEN];
	int first, last, d, wd;

	if (cy == NULL)
		return cal_err(p, "\"%s\" before any \"year\" line", what);
	if (len == 0)
		return cal_err(p, "\"%s\" needs a date", what);
	dots = memchr(arg, '.', len);
	if (dots != NULL && kind == CAL_HOLIDAY) {
		size_t l1 = (size_t)(dots - arg);

		if (len < l1 + 2 || dots[1] != '.')
			return cal_err(p, "a range is FIRST..LAST");
		if (cal_date_in_year(p, arg, l1, &first) == -1 ||
		    cal_date_in_year(p, dots + 2, len - l1 - 2, &last) == -1)
			return -1;
		if (last < first)
			return cal_err(p, "range %.*s ends before it starts",
			    (int)len, arg);
		if (last - first + 1 > CALENDAR_MAX_RANGE)
			return cal_err(p, "range %.*s is longer than %d days",
			    (int)len, arg, CALENDAR_MAX_RANGE);
	} else {
		if (cal_date_in_year(p, arg, len, &first) == -1)
			return -1;
		last = first;
	}
	if (*name == '\0')
		return cal_err(p, "\"%s %.*s\" needs a name (e.g. 春节)",
		    what, (int)len, arg);
	if (!g_utf8_validate(name, -1, NULL))
		return cal_err(p, "the name is not UTF-8");
	if (kind == CAL_WORKDAY &&
	    (wd = calendar_date_weekday(first)) < 6)
		return cal_err(p, "make-up working day %s is a %s, not a "
		    "Saturday or Sunday", calendar_date_format(first, buf),
		    cal_weekdays[wd]);
	for (d = first; d <= last; d++) {
		int i = d - cy->first;

		if (cy->kind[i] != CAL_NORMAL)
			return cal_err(p, "%s is already a %s at line %d",
			    calendar_date_format(d, buf),
			    cy->kind[i] == CAL_HOLIDAY ? "holiday" :
			    "make-up working day", cy->line[i]);
	}
	cy->names = xreallocarray(cy->names, cy->nnames + 1,
	    sizeof(*cy->names));
	cy->names[cy->nnames++] = xstrdup(name);
	for (d = first; d <= last; d++) {
		int i = d - cy->first;

		cy->kind[i] = (unsigned char)kind;
		cy->name[i] = (unsigned short)cy->nnames;
		cy->line[i] = p->lineno;
	}
	if (kind == CAL_HOLIDAY)
		cy->nholidays++;
	return 0;
}

static int
is_blank(int c)
{
	return c == ' ' || c == '\t';
}

/* Splits the line (NUL-terminated, no newline) and acts on it. */
static int
cal_line(struct cal_parse *p, char *s)
{
	char *kw, *arg, *rest, *e, *q;
	size_t kwlen, arglen;

	/* Comments: '#' at the start or after a blank. */
	for (e = s; *e != '\0'; e++)
		if (*e == '#' && (e == s || is_blank(e[-1]))) {
			*e = '\0';
			break;
		}
	while (e > s && is_blank(e[-1]))
		*--e = '\0';
	while (is_blank(*s))
		s++;
	if (*s == '\0')
		return 0;

	kw = s;
	for (kwlen = 0; kw[kwlen] != '\0' && !is_blank(kw[kwlen]); kwlen++)
		;
	for (arg = kw + kwlen; is_blank(*arg); arg++)
		;
	for (arglen = 0; arg[arglen] != '\0' && !is_blank(arg[arglen]);
	    arglen++)
		;
	for (rest = arg + arglen; is_blank(*rest); rest++)
		;

	if (kwlen == 4 && memcmp(kw, "year", 4) == 0)
		return cal_line_year(p, arg, arglen, rest);
	if (kwlen == 7 && memcmp(kw, "holiday", 7) == 0)
		return cal_line_day(p, CAL_HOLIDAY, arg, arglen, rest);
	if (kwlen == 7 && memcmp(kw, "workday", 7) == 0)
		return cal_line_day(p, CAL_WORKDAY, arg, arglen, rest);
	q = cal_quote(kw, kwlen);
	cal_err(p, "unknown keyword %s; expected year, holiday or workday", q);
	free(q);
	return -1;
}

/* "2026.conf" (after the last '/') names its year; 0 otherwise. */
static int
cal_file_year(const char *name)
{
	const char *base = strrchr(name, '/');
	int y;

	base = base != NULL ? base + 1 : name;
	if (strlen(base) != 9 || strcmp(base + 4, ".conf") != 0 ||
	    (y = digits(base, 4)) == -1)
		return 0;
	return y;
}

/* Adds the year blocks of one file's bytes to `cal`. */
static int
cal_parse_into(struct calendar *cal, const char *name, const char *buf,
    size_t len, char **errp)
{
	struct cal_parse p = { 0 };
	char line[CALENDAR_MAX_LINE + 1];
	size_t off = 0, n, i;
	const char *nl;

	p.cal = cal;
	p.file = name;
	p.file_year = cal_file_year(name);
	if (len > CALENDAR_MAX_FILE) {
		p.err = xasprintf("%s: larger than %d bytes", name,
		    CALENDAR_MAX_FILE);
		goto out;
	}
	if (len >= 3 && memcmp(buf, "\xef\xbb\xbf", 3) == 0)
		off = 3;
	while (off < len) {
		p.lineno++;
		nl = memchr(buf + off, '\n', len - off);
		n = nl != NULL ? (size_t)(nl - (buf + off)) : len - off;
		if (n > 0 && buf[off + n - 1] == '\r')
			n--;
		if (n > CALENDAR_MAX_LINE) {
			cal_err(&p, "line longer than %d bytes",
			    CALENDAR_MAX_LINE);
			goto out;
		}
		for (i = 0; i < n; i++)
			if ((unsigned char)buf[off + i] < 0x20 &&
			    buf[off + i] != '\t') {
				cal_err(&p, "control character 0x%02x",
				    (unsigned char)buf[off + i]);
				goto out;
			}
		memcpy(line, buf + off, n);
		line[n] = '\0';
		if (cal_line(&p, line) == -1)
			goto out;
		off = nl != NULL ? (size_t)(nl - buf) + 1 : len;
	}
	if (cal_year_close(&p) == -1)
		goto out;
	if (p.nyears == 0) {
		p.lineno = 1;
		cal_err(&p, "no \"year\" line");
	}
out:
	if (p.err != NULL) {
		*errp = p.err;
		return -1;
	}
	return 0;
}

struct calendar *
calendar_parse(const char *name, const char *buf, size_t len, char **errp)
{
	struct calendar *cal = xcalloc(1, sizeof(*cal));

	if (cal_parse_into(cal, name, buf, len, errp) == -1) {
		calendar_free(cal);
		return NULL;
	}
	return cal;
}

static int
cal_read_file(struct calendar *cal, const char *path, char **errp)
{
	FILE *f = NULL;
	char *buf = NULL;
	size_t len;
	int rv = -1;

	if ((f = fopen(path, "rb")) == NULL) {
		*errp = xasprintf("%s: %s", path, strerror(errno));
		goto out;
	}
	buf = xmalloc(CALENDAR_MAX_FILE + 1);
	len = fread(buf, 1, CALENDAR_MAX_FILE + 1, f);
	if (ferror(f)) {
		*errp = xasprintf("%s: %s", path, strerror(errno));
		goto out;
	}
	if (len > CALENDAR_MAX_FILE) {
		*errp = xasprintf("%s: larger than %d bytes", path,
		    CALENDAR_MAX_FILE);
		goto out;
	}
	rv = cal_parse_into(cal, path, buf, len, errp);
out:
	if (f != NULL)
		fclose(f);
	free(buf);
	return rv;
}

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int
cal_read_dir(struct calendar *cal, const char *path, char **errp)
{
	DIR *dir = NULL;
	struct dirent *de;
	char **names = NULL;
	size_t i, n = 0;
	int rv = -1;

	if ((dir = opendir(path)) == NULL) {
		*errp = xasprintf("%s: %s", path, strerror(errno));
		goto out;
	}
	while ((errno = 0, de = readdir(dir)) != NULL) {
		size_t l = strlen(de->d_name);

		if (de->d_name[0] == '.' || l <= 5 ||
		    strcmp(de->d_name + l - 5, ".conf") != 0)
			continue;
		if (n >= CALENDAR_MAX_FILES) {
			*errp = xasprintf("%s: more than %d .conf files", path,
			    CALENDAR_MAX_FILES);
			goto out;
		}
		names = xreallocarray(names, n + 1, sizeof(*names));
		names[n++] = xasprintf("%s/%s", path, de->d_name);
	}
	if (errno != 0) {
		*errp = xasprintf("%s: %s", path, strerror(errno));
		goto out;
	}
	if (n == 0) {
		*errp = xasprintf("%s: no calendar files (*.conf) in the "
		    "folder", path);
		goto out;
	}
	qsort(names, n, sizeof(*names), cmp_str);
	for (i = 0; i < n; i++)
		if (cal_read_file(cal, names[i], errp) == -1)
			goto out;
	rv = 0;
out:
	if (dir != NULL)
		closedir(dir);
	for (i = 0; i < n; i++)
		free(names[i]);
	free(names);
	return rv;
}

struct calendar *
calendar_load(const char *path, char **errp)
{
	struct calendar *cal = xcalloc(1, sizeof(*cal));
	struct stat sb;
	char *p = NULL;
	size_t l;
	int rv = -1;

	/* "dir/" and "dir" name the same files in messages. */
	p = xstrdup(path);
	for (l = strlen(p); l > 1 && p[l - 1] == '/'; l--)
		p[l - 1] = '\0';
	if (stat(p, &sb) == -1) {
		*errp = xasprintf("%s: %s", p, strerror(errno));
		goto out;
	}
	if (S_ISDIR(sb.st_mode))
		rv = cal_read_dir(cal, p, errp);
	else
		rv = cal_read_file(cal, p, errp);
out:
	free(p);
	if (rv == -1) {
		calendar_free(cal);
		return NULL;
	}
	return cal;
}

void
calendar_free(struct calendar *cal)
{
	size_t i;

	if (cal == NULL)
		return;
	for (i = 0; i < cal->nyears; i++)
		cal_year_free(cal->years[i]);
	free(cal->years);
	free(cal);
}

char *
calendar_path(const char *configured)
{
	return datadir_find(configured, GK_DATADIR, "data/calendar");
}

/* Queries. */

int
calendar_has_year(const struct calendar *cal, int year)
{
	return cal_find(cal, year) != NULL;
}

size_t
calendar_nyears(const struct calendar *cal)
{
	return cal != NULL ? cal->nyears : 0;
}

int
calendar_year(const struct calendar *cal, size_t i)
{
	return cal != NULL && i < cal->nyears ? cal->years[i]->year : 0;
}

/*
 * A cursor over consecutive days that looks the year up only when the
 * year changes.
 */
struct cal_cursor {
	const struct calendar	*cal;
	const struct cal_year	*cy;
	int			 first, last;	/* the year's day numbers */
	int			 year;
};

static void
cursor_seek(struct cal_cursor *c, int date)
{
	int y = calendar_date_year(date);

	c->year = y;
	c->first = days_from_civil(y, 1, 1);
	c->last = days_from_civil(y, 12, 31);
	c->cy = cal_find(c->cal, y);
}

/* 1 or 0; *known &= whether the day's year has data. */
static int
cursor_workday(struct cal_cursor *c, int date, int *known)
{
	if (date < c->first || date > c->last)
		cursor_seek(c, date);
	if (c->cy != NULL) {
		switch (c->cy->kind[date - c->first]) {
		case CAL_HOLIDAY:
			return 0;
		case CAL_WORKDAY:
			return 1;
		default:
			break;
		}
	} else
		*known = 0;
	return calendar_date_weekday(date) <= 5;
}

static void
cursor_init(struct cal_cursor *c, const struct calendar *cal)
{
	memset(c, 0, sizeof(*c));
	c->cal = cal;
	c->first = 1;		/* empty: the first use seeks */
	c->last = 0;
}

int
calendar_is_workday(const struct calendar *cal, int date, int *known)
{
	struct cal_cursor c;
	int k = 1, w;

	cursor_init(&c, cal);
	w = cursor_workday(&c, date, &k);
	if (known != NULL)
		*known = k;
	return w;
}

const char *
calendar_day_name(const struct calendar *cal, int date)
{
	const struct cal_year *cy;
	int i;

	if (!date_valid(date) ||
	    (cy = cal_find(cal, calendar_date_year(date))) == NULL)
		return NULL;
	i = date - cy->first;
	return cy->name[i] != 0 ? cy->names[cy->name[i] - 1] : NULL;
}

int
calendar_add(const struct calendar *cal, int date, int n, int *out,
    int *provisional)
{
	struct cal_cursor c;
	int known = 1, d = date;

	if (!date_valid(date) || n < 0 || n > CALENDAR_MAX_N)
		return -1;
	cursor_init(&c, cal);
	while (n > 0) {
		if (++d > CAL_MAXDAY)
			return -1;
		n -= cursor_workday(&c, d, &known);
	}
	*out = d;
	*provisional = !known;
	return 0;
}

int
calendar_count(const struct calendar *cal, int from, int to, int *n,
    int *provisional)
{
	struct cal_cursor c;
	int known = 1, lo, hi, d, k = 0;

	if (!date_valid(from) || !date_valid(to))
		return -1;
	lo = from < to ? from : to;
	hi = from < to ? to : from;
	cursor_init(&c, cal);
	for (d = lo + 1; d <= hi; d++)
		k += cursor_workday(&c, d, &known);
	*n = from <= to ? k : -k;
	*provisional = !known;
	return 0;
}

static int
cal_roll(const struct calendar *cal, int date, int step, int *out,
    int *provisional)
{
	struct cal_cursor c;
	int known = 1, d;

	if (!date_valid(date))
		return -1;
	cursor_init(&c, cal);
	for (d = date; !cursor_workday(&c, d, &known); d += step)
		if (d + step < CAL_MINDAY || d + step > CAL_MAXDAY)
			return -1;
	*out = d;
	*provisional = !known;
	return 0;
}

int
calendar_next_workday(const struct calendar *cal, int date, int *out,
    int *provisional)
{
	return cal_roll(cal, date, 1, out, provisional);
}

int
calendar_prev_workday(const struct calendar *cal, int date, int *out,
    int *provisional)
{
	return cal_roll(cal, date, -1, out, provisional);
}

int
calendar_missing_year(const struct calendar *cal, int a, int b)
{
	int lo = a < b ? a : b, hi = a < b ? b : a, y, ylast;

	if (!date_valid(lo) || !date_valid(hi) || lo == hi)
		return 0;
	ylast = calendar_date_year(hi);
	for (y = calendar_date_year(lo + 1); y <= ylast; y++)
		if (cal_find(cal, y) == NULL)
			return y;
	return 0;
}
