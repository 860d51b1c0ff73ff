/*
 * spool.h - raw mail on disk.  Layout (doc/design.md, "The spool"): tmp/ (being
 * written), in/YYYY/MM/<sha256>.eml (inbound), att/XX/<sha256>
 * (attachments, by hash), out/<sha256 of the Message-ID>.eml (outbound
 * as sent), doc/<sha256>.pdf (the formal documents sent), quarantine/ (mail that failed processing, with the reason
 * beside it).
 *
 * A file is written to tmp/, fsync'd, renamed into place, and its folder
 * fsync'd: once spool_store() returns 0 the bytes survive a crash.
 * Returned paths are relative to the spool and the caller's to free.
 */
#ifndef GK_SPOOL_H
#define GK_SPOOL_H

#include <stddef.h>
#include <time.h>

/* Creates the spool's folders (mode 0700; files in it are 0600);
 * idempotent.  -1 with *errp. */
int	spool_init(const char *dir, char **errp);

/*
 * Stores raw inbound bytes as in/YYYY/MM/<sha256>.eml (the month of
 * `when` in UTC).  Storing the same bytes twice is harmless.  With `sync`
 * the file and its folder are fsync'd before it returns; without, the
 * caller makes a batch durable with one spool_sync().  Returns the
 * relative path, or NULL with *errp.
 */
char	*spool_store(const char *dir, const char *data, size_t len,
	    const char *sha256_hex, time_t when, int sync, char **errp);
/*
 * Stores an attachment's decoded bytes as att/XX/<sha256> (XX: the hash's
 * first two digits).  Its name from the mail is data, kept in the
 * database, never a path.  Same contract as spool_store().
 */
char	*spool_store_attachment(const char *dir, const void *data, size_t len,
	    const char *sha256_hex, int sync, char **errp);
/*
 * Stores outgoing mail as it is sent (outbox.c writes it before the first
 * attempt), as out/<sha256 of message_id>.eml, synced: a Message-ID names
 * one mail, so storing it again is harmless.  Returns
 * the relative path, or NULL with *errp.
 */
char	*spool_store_out(const char *dir, const char *data, size_t len,
	    const char *message_id, char **errp);
/* Stores a document sent (a PDF) as doc/<sha256>.EXT (ext "pdf"; an
 * item's archived 审核表 "html"), synced; same contract as
 * spool_store_out(). */
char	*spool_store_document(const char *dir, const void *data, size_t len,
	    const char *ext, char **errp);
/* Makes everything written to the spool durable (syncfs); -1 with *errp. */
int	 spool_sync(const char *dir, char **errp);

/* Removes leftovers in tmp/ from an interrupted write. */
void	 spool_clean_tmp(const char *dir);

/* The SHA-256 of data as 64 lower-case hex digits, into out[65]. */
void	 spool_sha256(const char *data, size_t len, char out[65]);

#endif
