/*
 * cmd_status.c - `gongkai status [--json]` (doc/commands.md): the
 * daemon's health for a person or a Nagios/Zabbix check.
 *
 * Text: one fact a line, "name  value" with the names aligned, the
 * verdict first and each reason for it on a "why" line.  --json: one
 * object (doc/commands.md).  Exit 0 healthy, 1 degraded, 2 broken (the
 * judgement is status.c's); 2 also when the configuration or the
 * database cannot be read.  Reads only: the database is opened read-only
 * and the mail passwords and the secret are not read, so that a member of
 * the database's group may run it.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <json-glib/json-glib.h>

#include "calendar.h"
#include "clock.h"
#include "cmd.h"
#include "config.h"
#include "status.h"
#include "store.h"

static int	cmd_status_exec(struct cli *, int, char **);

const struct cmd_entry cmd_status_entry = {
	.name = "status",
	.usage = "status [--json]",
	.summary = "health: exit 0 healthy, 1 degraded, 2 broken",
	.flags = CMD_CONFIG | CMD_STORE | CMD_NO_PASSWORDS,
	.exec = cmd_status_exec,
};

#define FACT	"%-22s "	/* the name column */

/* t in the office's zone and how far it is from now, into buf. */
static const char *
when(const struct config *cfg, time_t t, time_t now, char *buf, size_t len)
{
	char *iso = clock_iso8601(t, cfg->office.timezone), d[32];

	status_duration(t <= now ? (long long)(now - t) : (long long)(t - now),
	    d, sizeof(d));
	snprintf(buf, len, t <= now ? "%s (%s ago)" : "%s (in %s)", iso, d);
	free(iso);
	return buf;
}

static void
print_text(const struct config *cfg, const struct status_facts *f,
    const struct status_verdict *v)
{
	const struct store_status_outbox *o = &f->outbox;
	char buf[256], d[32];
	size_t i;

	printf(FACT "%s\n", "status", status_word(v->level));
	for (i = 0; i < v->nwhy; i++) {
		printf(FACT "%s: %s: ", "why", status_word(v->why[i].level),
		    v->why[i].what);
		cmd_print_line(v->why[i].text);
		putchar('\n');
	}
	printf(FACT "%s\n", "imap last contact", f->contact_known ?
	    when(cfg, f->contact, f->wall, buf, sizeof(buf)) : "never");
	printf(FACT "%s\n", "imap waits by", f->mode[0] == '\0' ? "-" :
	    strcmp(f->mode, "idle") == 0 ? "IDLE" : "polling");
	printf(FACT "%lld\n", "outbox queued", o->queued);
	printf(FACT "%lld\n", "outbox deferred", o->deferred);
	if (o->deferred > 0) {
		printf(FACT "%s\n", "outbox oldest deferred", status_duration(
		    (long long)(f->now - o->oldest_deferred), d, sizeof(d)));
		printf(FACT "%s\n", "outbox next try", when(cfg, o->next_try,
		    f->wall, buf, sizeof(buf)));
		printf(FACT, "outbox last error");
		cmd_print_line(o->last_error ? o->last_error : "-");
		putchar('\n');
	}
	printf(FACT "%lld (%lld queued in the last %d days)\n",
	    "outbox failed", o->failed, o->failed_since,
	    STATUS_FAILED_WINDOW / 86400);
	printf(FACT "%lld\n", "pen", f->pen_total);
	for (i = 0; i < f->npen; i++) {
		snprintf(buf, sizeof(buf), "pen %s", f->pen[i].reason);
		printf(FACT "%lld\n", buf, f->pen[i].n);
	}
	printf(FACT "%lld\n", "cases open", f->cases_open);
	printf(FACT "%lld\n", "cases due today", f->cases_due_today);
	printf(FACT "%lld\n", "cases overdue", f->cases_overdue);
	printf(FACT "%lld\n", "cases provisional", f->cases_provisional);
	printf(FACT, "calendar years");
	for (i = 0; i < f->nyears; i++)
		printf("%s%d", i ? " " : "", f->years[i]);
	printf("%s\n", f->nyears == 0 ? "none" : "");
}

/* o.name = t as ISO 8601, or null when t is 0. */
static void
json_time(const struct config *cfg, JsonObject *o, const char *name,
    long long t)
{
	char *iso;

	if (t == 0) {
		json_object_set_null_member(o, name);
		return;
	}
	iso = clock_iso8601((time_t)t, cfg->office.timezone);
	json_object_set_string_member(o, name, iso);
	free(iso);
}

static JsonObject *
json_outbox(const struct config *cfg, const struct status_facts *f)
{
	const struct store_status_outbox *o = &f->outbox;
	JsonObject *j = json_object_new();

	json_object_set_int_member(j, "queued", o->queued);
	json_object_set_int_member(j, "deferred", o->deferred);
	json_object_set_int_member(j, "failed", o->failed);
	json_object_set_int_member(j, "failed_recent", o->failed_since);
	if (o->oldest_waiting != 0)
		json_object_set_int_member(j, "oldest_waiting_seconds",
		    (gint64)(f->now - o->oldest_waiting));
	else
		json_object_set_null_member(j, "oldest_waiting_seconds");
	if (o->oldest_deferred != 0)
		json_object_set_int_member(j, "oldest_deferred_seconds",
		    (gint64)(f->now - o->oldest_deferred));
	else
		json_object_set_null_member(j, "oldest_deferred_seconds");
	json_time(cfg, j, "next_try", o->next_try);
	cmd_json_set_string(j, "last_error", o->last_error);
	return j;
}

static void
print_json(const struct config *cfg, const struct status_facts *f,
    const struct status_limits *l, const struct status_verdict *v)
{
	JsonObject *j = json_object_new(), *o;
	JsonArray *a;
	size_t i;
	int y;

	json_object_set_string_member(j, "status", status_word(v->level));
	json_object_set_int_member(j, "exit", v->level);
	a = json_array_new();
	for (i = 0; i < v->nwhy; i++) {
		o = json_object_new();
		json_object_set_string_member(o, "level",
		    status_word(v->why[i].level));
		json_object_set_string_member(o, "what", v->why[i].what);
		json_object_set_string_member(o, "text", v->why[i].text);
		json_array_add_object_element(a, o);
	}
	json_object_set_array_member(j, "why", a);
	o = json_object_new();
	json_time(cfg, o, "last_contact", f->contact_known ? f->contact : 0);
	if (f->contact_known)
		json_object_set_int_member(o, "last_contact_age_seconds",
		    (gint64)(f->wall - f->contact));
	else
		json_object_set_null_member(o, "last_contact_age_seconds");
	cmd_json_set_string(o, "mode", f->mode[0] ? f->mode : NULL);
	json_object_set_int_member(o, "warn_seconds", l->imap_warn);
	json_object_set_int_member(o, "crit_seconds", l->imap_crit);
	json_object_set_object_member(j, "imap", o);
	o = json_outbox(cfg, f);
	json_object_set_int_member(o, "warn_seconds", l->deferred_warn);
	json_object_set_object_member(j, "outbox", o);
	o = json_object_new();
	for (i = 0; i < f->npen; i++)
		json_object_set_int_member(o, f->pen[i].reason, f->pen[i].n);
	json_object_set_object_member(j, "pen", o);
	o = json_object_new();
	json_object_set_int_member(o, "open", f->cases_open);
	json_object_set_int_member(o, "due_today", f->cases_due_today);
	json_object_set_int_member(o, "overdue", f->cases_overdue);
	json_object_set_int_member(o, "provisional", f->cases_provisional);
	json_object_set_object_member(j, "cases", o);
	o = json_object_new();
	a = json_array_new();
	for (i = 0; i < f->nyears; i++)
		json_array_add_int_element(a, f->years[i]);
	json_object_set_array_member(o, "years", a);
	calendar_date_ymd(f->today, &y, NULL, NULL);
	json_object_set_boolean_member(o, "this_year_missing",
	    !status_has_year(f, y));
	json_object_set_boolean_member(o, "next_year_missing",
	    !status_has_year(f, y + 1));
	json_object_set_object_member(j, "calendar", o);
	cmd_print_json_object(j);
}

/*
 * The database could not be read: the verdict on stdout as well, so that
 * a check that shows stdout says why, and the one-line error on stderr.
 */
static int
broken(int json, const char *why)
{
	JsonObject *j, *w;
	JsonArray *a;

	fprintf(stderr, "gongkai status: broken: %s\n", why);
	if (!json) {
		printf(FACT "%s\n" FACT "broken: database: ", "status",
		    status_word(STATUS_BROKEN), "why");
		cmd_print_line(why);
		putchar('\n');
		return STATUS_BROKEN;
	}
	j = json_object_new();
	json_object_set_string_member(j, "status", status_word(STATUS_BROKEN));
	json_object_set_int_member(j, "exit", STATUS_BROKEN);
	w = json_object_new();
	json_object_set_string_member(w, "level", status_word(STATUS_BROKEN));
	json_object_set_string_member(w, "what", "database");
	json_object_set_string_member(w, "text", why);
	a = json_array_new();
	json_array_add_object_element(a, w);
	json_object_set_array_member(j, "why", a);
	cmd_print_json_object(j);
	return STATUS_BROKEN;
}

static int
cmd_status_exec(struct cli *cli, int argc, char **argv)
{
	struct status_facts f;
	struct status_limits l;
	struct status_verdict v;
	const char *db = cli->cfg->store.database;
	char *err = NULL;
	int json = 0, rv;

	if (argc == 2 && strcmp(argv[1], "--json") == 0)
		json = 1;
	else if (argc != 1)
		return cmd_usage(&cmd_status_entry);
	if ((cli->st = store_open_ro(db, &err)) == NULL) {
		rv = broken(json, err);
		free(err);
		return rv;
	}
	if (store_schema_version(cli->st) != STORE_SCHEMA_VERSION) {
		err = g_strdup_printf("%s: the database schema is not "
		    "current; run gongkai init", db);
		rv = broken(json, err);
		g_free(err);
		return rv;
	}
	if (status_gather(cli->cfg, cli->st, &f) == -1) {
		err = g_strdup_printf("%s: cannot be read; see the log above",
		    db);
		rv = broken(json, err);
		g_free(err);
	} else {
		status_limits(cli->cfg, &f, &l);
		rv = status_judge(&f, &l, &v);
		if (json)
			print_json(cli->cfg, &f, &l, &v);
		else
			print_text(cli->cfg, &f, &v);
	}
	status_facts_clear(&f);
	return rv;
}
