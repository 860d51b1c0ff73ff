/*
 * log.h - the daemon's log: one line per event on stderr, at one of four
 * levels (error, warning, info, debug; info and above by default, -v adds
 * debug).  The _warn forms add strerror(errno), the _warnx forms don't.
 *
 * Format.  On a terminal or a file each line reads
 *
 *	2026-09-18T10:00:05.123+08:00 gongkai[4242]: warning: message
 *
 * (local time with its offset, the program and its PID, the level word).
 * When stderr is the systemd journal (JOURNAL_STREAM names stderr's
 * device and inode, systemd.exec(5)) the journal keeps the time and PID
 * itself: each line is only the priority sd-daemon(3) style, "<3>" error,
 * "<4>" warning, "<6>" info, "<7>" debug, and the message.
 *
 * Secrets.  Every message is passed through log_redact() before it is
 * written: reply tokens become "[token]", resident ID numbers "[id]" and
 * telephone numbers "[phone]".  Callers should still not pass them.
 *
 * Each line is one write(2), so lines of several processes (the daemon,
 * its delivery process) never interleave.  Logging never fails the caller
 * and leaves errno as it was.
 */
#ifndef GK_LOG_H
#define GK_LOG_H

#include <stdarg.h>
#include <stddef.h>

enum log_level { LOG_LVL_ERROR, LOG_LVL_WARN, LOG_LVL_INFO, LOG_LVL_DEBUG };

/*
 * Once, early (again in tests): the program's name, how many -v, and
 * whether stderr is the journal.  Loads the time zone, so that no line
 * needs a file (sandboxed children log too).
 */
void	log_init(const char *progname, int verbose);
int	log_verbose(void);
/* 1 when lines go to the journal with <N> prefixes (log_init decided). */
int	log_journal(void);
void	log_error(const char *, ...) __attribute__((format(printf, 1, 2)));
void	log_errorx(const char *, ...) __attribute__((format(printf, 1, 2)));
void	log_warn(const char *, ...) __attribute__((format(printf, 1, 2)));
void	log_warnx(const char *, ...) __attribute__((format(printf, 1, 2)));
void	log_info(const char *, ...) __attribute__((format(printf, 1, 2)));
void	log_debug(const char *, ...) __attribute__((format(printf, 1, 2)));
/* fatal: a bug or an impossible state; print and abort. */
void	fatal(const char *, ...) __attribute__((format(printf, 1, 2), noreturn));
void	fatalx(const char *, ...) __attribute__((format(printf, 1, 2), noreturn));

/*
 * Rewrites s in place with every secret replaced by its marker (each
 * marker is shorter than what it replaces); returns the new length.
 *  - "[token]": a word (letters and digits between other characters) of
 *    at least 24 characters of the reply tokens' base32 alphabet (a-z,
 *    2-7, any case), allowing two other digits for a mistyped one: the
 *    token of gongkai+TOKEN@ and of a Message-ID <case.kind.TOKEN@...>;
 *  - "[id]": 18 digits (the last may be X) or 15;
 *  - "[phone]": a mobile number 1[3-9] and 9 digits, a landline with its
 *    area code (0, then 9 to 11 digits), either with 86 or 0086 before.
 * Digits may be ASCII or full-width and grouped by spaces, hyphens or
 * parentheses ("138 0013 8000", "(021) 6232-1234"); a group that is a
 * secret by itself is taken alone, so "GK-2026-0001" or "2026-09-18"
 * next to it stays.  Digits next to a letter (as in a hexadecimal word)
 * count only as an ID number.  Not recognised: landlines without their
 * area code (7 or 8 digits), and runs of other lengths, such as the 19 or
 * 20 digits of many Message-IDs.  A message longer than 8 KiB is cut
 * before its last word, so no secret is left half there.
 */
size_t	log_redact(char *s);

#endif
