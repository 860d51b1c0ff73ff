/*
 * spool.h - raw mail on disk.  Layout (DESIGN.md section 6): tmp/ (being
 * written), in/YYYY/MM/<sha256>.eml (inbound), out/ (outbound as sent),
 * quarantine/ (mail that failed processing, with the reason beside it).
 */
#ifndef GK_SPOOL_H
#define GK_SPOOL_H

/* Creates the spool's folders (mode 0750); idempotent.  -1 with *errp. */
int	spool_init(const char *dir, char **errp);

#endif
