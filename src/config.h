/*
 * config.h - the configuration file (doc/configuration.md) read into a
 * struct config through one table of keys, with types, defaults, bounds
 * and required flags.
 *
 * config_load() returns a config the caller frees with config_free(), or
 * NULL with *errp set to one line "FILE:LINE: [section] key: what is
 * wrong" (the caller's to free).  Passwords and the token secret are read
 * from the files the configuration names; they never live in the
 * configuration itself.
 */
#ifndef GK_CONFIG_H
#define GK_CONFIG_H

#include <stddef.h>

#include "docnum.h"

struct config_division {
	char	*name;
	char	*handler;
	char	*responsible;
	char	*leader;
	/* the people's names, for letters ("" when not given) */
	char	*handler_name;
	char	*responsible_name;
	char	*leader_name;
};

struct config {
	char	*path;

	struct {
		char	*name;
		char	*address;
		char	*case_prefix;
		char	*timezone;
		char	*secretariat;
		char	*supervising;
		char	*approver;
		char	*head;
		char	*principal;	/* 主要负责人: news escalated to */
		/* the people's names, for letters ("" when not given):
		 * a letter names a person by name and title, never by
		 * mail address */
		char	*secretariat_name;
		char	*supervising_name;
		char	*approver_name;
		char	*head_name;
		char	*principal_name;
		char	*default_division;
	} office;

	struct config_division *divisions;
	size_t	 ndivisions;

	struct {
		char	*url;
		int	 starttls;
		char	*user;
		char	*password_file;
		char	*password;
		char	*ca_file;
		char	*mailbox;
		char	*done_mailbox;
		int	 idle;
		unsigned poll_seconds;
		unsigned timeout_seconds;
		unsigned batch_bytes;	/* raw bytes held per batch */
	} imap;

	struct {
		char	*url;
		int	 starttls;
		char	*user;
		char	*password_file;
		char	*password;
		char	*ca_file;
		char	*from;
		unsigned timeout_seconds;
		unsigned queue_lifetime_hours;	/* deferred mail then fails */
		unsigned connections;	/* delivery processes in parallel */
	} smtp;

	struct {
		char	*database;
		char	*spool;
	} store;

	struct {
		char	*holidays;
	} calendar;

	struct {
		unsigned answer_days;
		unsigned proactive_days;	/* Art. 26: formed -> public */
		unsigned extension_days;
		unsigned correction_notice_days;
		unsigned third_party_days;
		unsigned agency_days;	/* Art. 34 */
		unsigned fee_payment_days;
		unsigned *remind_days;
		size_t	 nremind_days;
		unsigned correction_window_days; /* given in the notice */
		unsigned extension_remind_days;	/* before the last day
						 * to extend: a reminder */
		unsigned idle_days;	/* a step idle this long: a nudge */
		unsigned digest_hour;	/* alerts start at this hour */
		unsigned digest_max;	/* cases listed in a digest */
	} deadlines;

	struct {
		char	*secret_file;
		unsigned char *secret;		/* NULL until the file exists */
		size_t	 secret_len;
		int	 require_dmarc;
		char	*authserv_id;
		unsigned max_message_bytes;
		/* acknowledgments a day per sender address, per domain */
		unsigned ack_limit_address;
		unsigned ack_limit_domain;
		char	**secrecy_markers;	/* NULL-terminated */
	} security;

	struct {
		char	*payment_method;	/* required (109号) */
	} fee;

	struct {
		char	*reconsideration_body;
		char	*reconsideration_channel;	/* "" when none */
		char	**review_first;	/* groups: reconsideration first */
	} remedy;

	struct {
		char	*dir;
		char	*webhook;
		char	*base_url;	/* the website's address; "": none */
	} publish;

	struct {
		char	*number_format;	/* {year} and {n}: 文号 */
		/* a kind's own series (docnum.h); NULL: the office's */
		char	*kind_format[DOCNUM_NKINDS];
		char	*seal_image;	/* PNG; NULL: no seal */
		char	*title_font;	/* fontconfig families */
		char	*body_font;
	} documents;

	struct {
		char	*user;	/* whom root becomes */
	} daemon;

	struct {
		char	*metrics_file;	/* NULL: none */
		/* mail waiting longer than this: degraded */
		unsigned deferred_warn_seconds;
	} status;
};

/* Flags for config_load(). */
#define CONFIG_SECRET_MAY_BE_MISSING	0x01	/* `gongkai init` creates it */
/* The read-only commands: the password files and the secret are named,
 * not read (password and secret stay NULL). */
#define CONFIG_NO_PASSWORDS		0x02

/* The smallest token secret accepted, in bytes. */
#define CONFIG_SECRET_MIN	32

struct config	*config_load(const char *path, int flags, char **errp);
void		 config_free(struct config *);
const struct config_division *config_division(const struct config *,
		    const char *name);
/*
 * 1 when a host (a name or an address, without brackets) or a URL's host
 * is this machine's loopback: localhost, 127.0.0.0/8 or ::1.  A password
 * may cross a connection without TLS only to such a server.
 */
int		 config_host_loopback(const char *host);
int		 config_url_loopback(const char *url);
/* Reads the secret file into cfg->security.secret; -1 with *errp. */
int		 config_read_secret(struct config *, char **errp);

#endif
