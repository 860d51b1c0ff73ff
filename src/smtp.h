/*
 * smtp.h - the sole libcurl user for mail: connection checks and batch
 * delivery to the configured submission server.
 */
#ifndef GK_SMTP_H
#define GK_SMTP_H

struct config;

/*
 * Connects, says EHLO, upgrades with STARTTLS when configured, logs in
 * when a user is configured, and sends NOOP.  0, or -1 with *errp naming
 * the server, the step and the server's words.
 */
int	smtp_check(const struct config *, char **errp);

/* Once per process, before any thread starts. */
void	smtp_global_init(void);

#endif
