/*
 * store_p.h - what the parts of the store share (private: only store*.c
 * include it): the handle, the statement cache and the step helpers.
 */
#ifndef GK_STORE_P_H
#define GK_STORE_P_H

#include <sqlite3.h>

struct store_cached {
	const char	*sql;
	sqlite3_stmt	*stmt;
};

struct store {
	sqlite3		*db;
	char		*path;
	struct store_cached *stmts;
	size_t		 nstmts;
	int		 lazy;		/* in a store_begin_lazy() */
};

/* The prepared statement for sql (cached by its address); NULL after
 * logging why. */
sqlite3_stmt	*store_stmt(struct store *, const char *sql);
int		 store_exec(struct store *, const char *sql);
/* Steps a statement that returns no row; 0 or -1. */
int		 store_done(struct store *, sqlite3_stmt *);
/* Steps a statement returning at most one text column (the caller frees
 * it); NULL when there is no row. */
char		*store_text1(struct store *, sqlite3_stmt *);
/* Steps a statement returning one integer; `none` if no row, -1 on an
 * error. */
long long	 store_int1(struct store *, sqlite3_stmt *, long long none);
void		 store_bind_text(sqlite3_stmt *, int, const char *);
char		*store_column_dup(sqlite3_stmt *, int);

/* Tokens at rest (store.c's header comment). */
/* Where a token stood in a notification kept in the database. */
#define STORE_TOKEN_MARK	"[[gongkai-reply-token]]"
void		 store_token_hash(const char *token, char out[65]);
char		*store_msgid_at_rest(const char *msgid);
char		*store_replace(const char *text, const char *from,
		    const char *to);

/* Queries that store_sweep_plans() explains beside its own. */
extern const char store_q_ack_addr[];
extern const char store_q_ack_domain[];
extern const char store_q_pen_reason[];

#endif
