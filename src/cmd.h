/*
 * cmd.h - what the subcommand handlers (cli.c, cmd_*.c) share: opening
 * the database `gongkai init` made, and printing a --json document.
 */
#ifndef GK_CMD_H
#define GK_CMD_H

#include <json-glib/json-glib.h>

struct config;

/* The database, at the current schema; NULL after saying why on stderr. */
struct store	*cmd_open_store(const struct config *);

/* Prints the document on stdout, pretty, and frees it. */
void		 cmd_print_json_array(JsonArray *);
void		 cmd_print_json_object(JsonObject *);

#endif
