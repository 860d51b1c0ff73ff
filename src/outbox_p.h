/*
 * outbox_p.h - what outbox.c shares with outbox_spec.c; not for other
 * modules.
 */
#ifndef GK_OUTBOX_P_H
#define GK_OUTBOX_P_H

#include <stddef.h>

struct config;
struct mime_out;
struct outmail;

/*
 * A queued mail's spec: mo's values (mo->attachments ignored) and om's
 * attachments by their spool paths, as one JSON text (g_free() it).
 */
char	*outbox_spec_dump(const struct mime_out *mo, const struct outmail *om);

/*
 * The mail a spec describes, composed (mime_compose(), deterministic):
 * its bytes (free() them, *lenp long), or NULL with *errp (the caller's)
 * when the spec cannot be read or an attachment is gone or too big.
 */
char	*outbox_spec_compose(const struct config *, const char *spec,
	    size_t *lenp, char **errp);

#endif
