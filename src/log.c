/* log.c - logging to stderr, one line per event, with the program's name. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "log.h"

static const char *log_progname = "gongkai";
static int log_level_max = LOG_LVL_INFO;

void
log_init(const char *progname, int verbose)
{
	if (progname != NULL)
		log_progname = progname;
	log_level_max = LOG_LVL_INFO + verbose;
	if (log_level_max < LOG_LVL_ERROR)
		log_level_max = LOG_LVL_ERROR;
}

int
log_verbose(void)
{
	return log_level_max - LOG_LVL_INFO;
}

static void
log_vwrite(int, int, const char *, va_list)
    __attribute__((format(printf, 3, 0)));

static void
log_vwrite(int level, int with_errno, const char *fmt, va_list ap)
{
	int saved = errno;

	if (level > log_level_max)
		return;
	fprintf(stderr, "%s: ", log_progname);
	vfprintf(stderr, fmt, ap);
	if (with_errno)
		fprintf(stderr, ": %s", strerror(saved));
	fputc('\n', stderr);
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
