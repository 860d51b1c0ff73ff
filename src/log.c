/* log.c - the log on stderr: levels, time or journal prefix, redaction.
 * See log.h. */
#include <sys/stat.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "log.h"

#define LOG_LINE_MAX	8192	/* bytes of one message; longer is cut */
#define LOG_TOKEN_MIN	24	/* base32 characters that make a token */
#define LOG_TOKEN_ODD	2	/* other digits allowed in one (a typo) */
#define LOG_GROUPS	16	/* digit groups looked at together */
#define LOG_DIGITS	32	/* digits kept of a group or span */

static const char *log_progname = "gongkai";
static int log_level_max = LOG_LVL_INFO;
static int log_to_journal;

static const struct {
	const char	*word;
	const char	*prio;	/* sd-daemon(3) */
} log_levels[] = {
	[LOG_LVL_ERROR] = { "error", "<3>" },
	[LOG_LVL_WARN] = { "warning", "<4>" },
	[LOG_LVL_INFO] = { "info", "<6>" },
	[LOG_LVL_DEBUG] = { "debug", "<7>" },
};

/* Whether JOURNAL_STREAM ("DEV:INODE", systemd.exec(5)) is stderr. */
static int
log_stderr_is_journal(void)
{
	const char *js = getenv("JOURNAL_STREAM");
	unsigned long long dev, ino;
	struct stat sb;
	char extra;

	if (js == NULL || sscanf(js, "%llu:%llu%c", &dev, &ino, &extra) != 2)
		return 0;
	if (fstat(STDERR_FILENO, &sb) == -1)
		return 0;
	return (unsigned long long)sb.st_dev == dev &&
	    (unsigned long long)sb.st_ino == ino;
}

void
log_init(const char *progname, int verbose)
{
	if (progname != NULL)
		log_progname = progname;
	log_level_max = LOG_LVL_INFO + verbose;
	if (log_level_max < LOG_LVL_ERROR)
		log_level_max = LOG_LVL_ERROR;
	log_to_journal = log_stderr_is_journal();
	tzset();
}

int
log_verbose(void)
{
	return log_level_max - LOG_LVL_INFO;
}

int
log_journal(void)
{
	return log_to_journal;
}

/* ------------------------------------------------------------ redaction */

static int
log_alnum(unsigned char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
	    (c >= 'A' && c <= 'Z');
}

static int
log_letter(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static int
log_base32(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '2' && c <= '7');
}

/* Words that are tokens become "[token]"; the new length. */
static size_t
log_redact_tokens(char *s)
{
	size_t r = 0, w = 0, e, i, odd;

	while (s[r] != '\0') {
		if (!log_alnum((unsigned char)s[r])) {
			s[w++] = s[r++];
			continue;
		}
		for (e = r, odd = 0; log_alnum((unsigned char)s[e]); e++)
			if (!log_base32((unsigned char)s[e]))
				odd++;
		if (e - r >= LOG_TOKEN_MIN && odd <= LOG_TOKEN_ODD) {
			memcpy(s + w, "[token]", 7);
			w += 7;
		} else
			for (i = r; i < e; i++)
				s[w++] = s[i];
		r = e;
	}
	s[w] = '\0';
	return w;
}

/* The bytes of a digit (ASCII or full-width) at s, its value in *d. */
static size_t
log_digit(const char *s, char *d)
{
	const unsigned char *u = (const unsigned char *)s;

	if (u[0] >= '0' && u[0] <= '9') {
		*d = (char)u[0];
		return 1;
	}
	if (u[0] == 0xef && u[1] == 0xbc && u[2] >= 0x90 && u[2] <= 0x99) {
		*d = (char)('0' + (u[2] - 0x90));
		return 3;
	}
	return 0;
}

/* The bytes of the check letter X (x, full-width Ｘ ｘ) ending a number. */
static size_t
log_check_x(const char *s)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t n = 0;

	if (u[0] == 'X' || u[0] == 'x')
		n = 1;
	else if (u[0] == 0xef && ((u[1] == 0xbc && u[2] == 0xb8) ||
	    (u[1] == 0xbd && u[2] == 0x98)))
		n = 3;
	return n > 0 && !log_alnum(u[n]) ? n : 0;
}

static int
log_sep(char c)
{
	return c == ' ' || c == '-' || c == '(' || c == ')';
}

enum log_kind { LK_NONE, LK_ID, LK_PHONE, LK_DATE };

struct log_group {
	size_t		 start, end;	/* bytes in the line */
	char		 d[LOG_DIGITS + 1];
	size_t		 n;		/* digits, also those not kept */
	int		 x;		/* ends with the check letter X */
	int		 before, after;	/* a letter just before, after */
	char		 sep;		/* '-' when joined by one hyphen */
	enum log_kind	 kind;
	int		 last;		/* a span's last group */
	int		 covered;	/* inside another group's span */
};

static int
log_mobile(const char *d, size_t n)
{
	return n == 11 && d[0] == '1' && d[1] >= '3' && d[1] <= '9';
}

/* With or without the trunk 0 before the area code. */
static int
log_landline(const char *d, size_t n, int trunk)
{
	if (trunk)
		return n >= 10 && n <= 12 && d[0] == '0' && d[1] != '0';
	return n >= 9 && n <= 11 && d[0] >= '2' && d[0] <= '9';
}

/*
 * What digits d (n of them, then X if x) are; glued: next to a letter,
 * as in a random hex word, where only an ID number's length counts.
 */
static enum log_kind
log_classify(const char *d, size_t n, int x, int glued)
{
	if (x && n == 17)
		return LK_ID;
	if (glued)
		return n == 15 || n == 18 ? LK_ID : LK_NONE;
	if (n <= LOG_DIGITS && (log_mobile(d, n) || log_landline(d, n, 1)))
		return LK_PHONE;
	if (n > 2 && n <= LOG_DIGITS && strncmp(d, "86", 2) == 0 &&
	    (log_mobile(d + 2, n - 2) || log_landline(d + 2, n - 2, 0)))
		return LK_PHONE;
	if (n > 4 && n <= LOG_DIGITS && strncmp(d, "0086", 4) == 0 &&
	    (log_mobile(d + 4, n - 4) || log_landline(d + 4, n - 4, 0)))
		return LK_PHONE;
	if (n == 15 || n == 18)
		return LK_ID;
	return LK_NONE;
}

/*
 * Reads the digit groups from s[at], joined by one or two separators;
 * the number read.  Each group starts at a digit.
 */
static int
log_groups(const char *s, size_t at, struct log_group *g)
{
	size_t p = at, q, len;
	int ng = 0, nsep;
	char c;

	for (;;) {
		memset(&g[ng], 0, sizeof(g[ng]));
		g[ng].start = p;
		while ((len = log_digit(s + p, &c)) > 0) {
			if (g[ng].n < LOG_DIGITS)
				g[ng].d[g[ng].n] = c;
			g[ng].n++;
			p += len;
		}
		if ((len = log_check_x(s + p)) > 0) {
			g[ng].x = 1;
			p += len;
		}
		g[ng].end = p;
		g[ng].last = ng;
		g[ng].before = g[ng].start > 0 &&
		    log_letter((unsigned char)s[g[ng].start - 1]);
		g[ng].after = log_letter((unsigned char)s[p]);
		ng++;
		for (q = p, nsep = 0; nsep < 2 && log_sep(s[q]); q++)
			nsep++;
		if (nsep == 0 || g[ng - 1].x || ng == LOG_GROUPS ||
		    log_digit(s + q, &c) == 0)
			break;
		if (nsep == 1 && s[p] == '-')
			g[ng - 1].sep = '-';
		p = q;
	}
	return ng;
}

/* YYYY-MM-DD stays as it is, and is never part of a span. */
static void
log_dates(struct log_group *g, int ng)
{
	int i;

	for (i = 0; i + 2 < ng; i++)
		if (g[i].n == 4 && (g[i].d[0] == '1' || g[i].d[0] == '2') &&
		    g[i].sep == '-' && g[i + 1].n <= 2 &&
		    g[i + 1].sep == '-' && g[i + 2].n <= 2 && !g[i + 2].x) {
			g[i].kind = g[i + 1].kind = g[i + 2].kind = LK_DATE;
			i += 2;
		}
}

/* The longest span of free groups from i that is a secret; 0 if none. */
static int
log_span(struct log_group *g, int ng, int i)
{
	char d[LOG_DIGITS + 1];
	enum log_kind k;
	size_t n;
	int j, m, stop;

	for (stop = i; stop < ng && g[stop].kind == LK_NONE; stop++)
		;
	for (j = stop - 1; j > i; j--) {
		for (m = i, n = 0; m <= j && n + g[m].n <= LOG_DIGITS; m++) {
			memcpy(d + n, g[m].d, g[m].n);
			n += g[m].n;
		}
		if (m <= j)
			continue;
		if ((k = log_classify(d, n, g[j].x, g[i].before ||
		    g[j].after)) == LK_NONE)
			continue;
		g[i].kind = k;
		g[i].last = j;
		for (m = i + 1; m <= j; m++)
			g[m].covered = 1;
		return 1;
	}
	return 0;
}

/*
 * The digits at s[*r] onwards, secrets replaced, written at s[*w]; both
 * move on.  Writing never overtakes reading: a marker is shorter than the
 * digits it replaces.
 */
static void
log_redact_digits(char *s, size_t *r, size_t *w)
{
	static const char *const marker[] = { NULL, "[id]", "[phone]",
	    NULL };
	struct log_group g[LOG_GROUPS];
	size_t pos = *r, len;
	int ng, i;

	ng = log_groups(s, *r, g);
	log_dates(g, ng);
	for (i = 0; i < ng; i++)
		if (g[i].kind == LK_NONE)
			g[i].kind = log_classify(g[i].d, g[i].n, g[i].x,
			    g[i].before || g[i].after);
	for (i = 0; i < ng; i++)
		if (g[i].kind == LK_NONE && !g[i].covered &&
		    log_span(g, ng, i))
			i = g[i].last;
	for (i = 0; i < ng; i++) {
		if (g[i].covered)
			continue;
		len = g[i].start - pos;
		memmove(s + *w, s + pos, len);
		*w += len;
		if (g[i].kind == LK_ID || g[i].kind == LK_PHONE) {
			len = strlen(marker[g[i].kind]);
			memcpy(s + *w, marker[g[i].kind], len);
			*w += len;
			pos = g[g[i].last].end;
		} else {
			len = g[i].end - g[i].start;
			memmove(s + *w, s + g[i].start, len);
			*w += len;
			pos = g[i].end;
		}
	}
	*r = pos;
}

size_t
log_redact(char *s)
{
	size_t r = 0, w = 0;
	char c;

	log_redact_tokens(s);
	while (s[r] != '\0') {
		if (log_digit(s + r, &c) > 0)
			log_redact_digits(s, &r, &w);
		else
			s[w++] = s[r++];
	}
	s[w] = '\0';
	return w;
}

/* -------------------------------------------------------------- writing */

/* "2026-09-18T10:00:05.123+08:00", local time. */
static void
log_stamp(char *buf, size_t len)
{
	struct timespec ts;
	struct tm tm;
	char z[8];
	size_t n;

	clock_gettime(CLOCK_REALTIME, &ts);
	if (localtime_r(&ts.tv_sec, &tm) == NULL ||
	    (n = strftime(buf, len, "%Y-%m-%dT%H:%M:%S", &tm)) == 0 ||
	    strftime(z, sizeof(z), "%z", &tm) != 5) {
		snprintf(buf, len, "%lld", (long long)ts.tv_sec);
		return;
	}
	snprintf(buf + n, len - n, ".%03ld%.3s:%.2s",
	    (long)(ts.tv_nsec / 1000000), z, z + 3);
}

static void
log_write_all(const char *p, size_t len)
{
	ssize_t n;

	while (len > 0) {
		if ((n = write(STDERR_FILENO, p, len)) == -1) {
			if (errno == EINTR)
				continue;
			return;
		}
		p += n;
		len -= (size_t)n;
	}
}

static void
log_vwrite(int, int, const char *, va_list)
    __attribute__((format(printf, 3, 0)));

static void
log_vwrite(int level, int with_errno, const char *fmt, va_list ap)
{
	char msg[LOG_LINE_MAX], line[LOG_LINE_MAX + 128], stamp[48];
	int saved = errno, n;
	size_t len, i;

	if (level > log_level_max)
		return;
	n = vsnprintf(msg, sizeof(msg), fmt, ap);
	len = n < 0 ? 0 : (size_t)n;
	if (with_errno && len < sizeof(msg))
		len += (size_t)snprintf(msg + len, sizeof(msg) - len, ": %s",
		    strerror(saved));
	if (len >= sizeof(msg)) {
		/* Cut: no half word left that redaction could miss. */
		len = sizeof(msg) - 1;
		while (len > 0 && log_alnum((unsigned char)msg[len - 1]))
			len--;
		msg[len] = '\0';
	}
	/* One event, one line. */
	for (i = 0; i < len; i++)
		if ((unsigned char)msg[i] < ' ' || msg[i] == 0x7f)
			msg[i] = ' ';
	log_redact(msg);
	if (log_to_journal)
		n = snprintf(line, sizeof(line), "%s%s\n",
		    log_levels[level].prio, msg);
	else {
		log_stamp(stamp, sizeof(stamp));
		n = snprintf(line, sizeof(line), "%s %s[%ld]: %s: %s\n",
		    stamp, log_progname, (long)getpid(),
		    log_levels[level].word, msg);
	}
	if (n > 0)
		log_write_all(line, (size_t)n < sizeof(line) ? (size_t)n :
		    sizeof(line) - 1);
	errno = saved;
}

#define LOG_FN(name, level, err)			\
void							\
name(const char *fmt, ...)				\
{							\
	va_list ap;					\
	va_start(ap, fmt);				\
	log_vwrite(level, err, fmt, ap);		\
	va_end(ap);					\
}

LOG_FN(log_error, LOG_LVL_ERROR, 1)
LOG_FN(log_errorx, LOG_LVL_ERROR, 0)
LOG_FN(log_warn, LOG_LVL_WARN, 1)
LOG_FN(log_warnx, LOG_LVL_WARN, 0)
LOG_FN(log_info, LOG_LVL_INFO, 0)
LOG_FN(log_debug, LOG_LVL_DEBUG, 0)

void
fatal(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	log_vwrite(LOG_LVL_ERROR, 1, fmt, ap);
	va_end(ap);
	abort();
}

void
fatalx(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	log_vwrite(LOG_LVL_ERROR, 0, fmt, ap);
	va_end(ap);
	abort();
}
