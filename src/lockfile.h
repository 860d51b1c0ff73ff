/*
 * lockfile.h - a lock that one process holds for as long as it lives:
 * a POSIX record lock (fcntl F_SETLK) on a whole file that holds the
 * holder's PID as text, as Postfix's master.lock and OpenSMTPD's pid
 * file do.  The kernel drops the lock when the holder dies, whatever
 * killed it, so a stale file never keeps anyone out; a record lock is
 * not inherited across fork(), so a child never holds it on after its
 * parent has died.  The descriptor is close-on-exec.
 *
 * It fails only when the file cannot be opened (logged); "someone else
 * holds it" is an answer, not a failure.
 */
#ifndef GK_LOCKFILE_H
#define GK_LOCKFILE_H

#include <sys/types.h>

/*
 * Takes the lock on `path` (created if missing, mode 0644 less the
 * umask) without waiting and writes our PID into it.  Its descriptor (to keep open,
 * closed to let go); -1 when another process holds it (*holder its PID,
 * or 0 when it cannot be known) or the file cannot be opened or locked
 * (logged, *holder -1).
 */
int	lockfile_take(const char *path, pid_t *holder);

/* The PID of the process that holds the lock on `path`; 0 when none
 * does (or the file does not exist), -1 when it cannot be told. */
pid_t	lockfile_holder(const char *path);

#endif
