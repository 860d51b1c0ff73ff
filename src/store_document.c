/*
 * store_document.c - the formal documents sent and their numbers, in the
 * database (store.h; store_p.h).
 */
#include <stdlib.h>

#include <sqlite3.h>

#include "log.h"
#include "store.h"
#include "store_p.h"

long long
store_document_next(struct store *st, const char *series, int year)
{
	static const char q[] =
	    "SELECT coalesce(max(n), 0) + 1 FROM documents"
	    " WHERE series = ? AND year = ?";
	sqlite3_stmt *stmt;

	if ((stmt = store_stmt(st, q)) == NULL)
		return -1;
	store_bind_text(stmt, 1, series);
	sqlite3_bind_int(stmt, 2, year);
	return store_int1(st, stmt, -1);
}

long long
store_document_add(struct store *st, const struct store_document *d)
{
	static const char q[] =
	    "INSERT INTO documents (case_id, kind, template, series, year, n,"
	    " number, issued, lang, pdf_path, sha256, size, message_id, at)"
	    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
	sqlite3_stmt *stmt;
	char *msgid = d->message_id != NULL ?
	    store_msgid_at_rest(d->message_id) : NULL;
	int rv;

	if ((stmt = store_stmt(st, q)) == NULL) {
		free(msgid);
		return -1;
	}
	store_bind_text(stmt, 1, d->case_id);
	store_bind_text(stmt, 2, d->kind);
	store_bind_text(stmt, 3, d->template);
	store_bind_text(stmt, 4, d->series);
	sqlite3_bind_int(stmt, 5, d->year);
	sqlite3_bind_int64(stmt, 6, d->n);
	store_bind_text(stmt, 7, d->number);
	store_bind_text(stmt, 8, d->issued);
	store_bind_text(stmt, 9, d->lang);
	store_bind_text(stmt, 10, d->pdf_path);
	store_bind_text(stmt, 11, d->sha256);
	sqlite3_bind_int64(stmt, 12, d->size);
	store_bind_text(stmt, 13, msgid);
	sqlite3_bind_int64(stmt, 14, (long long)d->at);
	rv = store_done(st, stmt);
	free(msgid);
	return rv == -1 ? -1 : sqlite3_last_insert_rowid(st->db);
}

int
store_documents_of(struct store *st, const char *case_id, int year,
    int (*fn)(void *, const struct store_document *), void *arg)
{
	static const char q[] =
	    "SELECT id, case_id, kind, template, series, year, n, number,"
	    " issued, lang, pdf_path, sha256, size, message_id, at"
	    " FROM documents WHERE (?1 IS NULL OR case_id = ?1)"
	    " AND (?2 = 0 OR year = ?2) ORDER BY id";
	sqlite3_stmt *stmt;
	struct store_document d;
	int r, rv = 0;

	if ((stmt = store_stmt(st, q)) == NULL)
		return -1;
	store_bind_text(stmt, 1, case_id);
	sqlite3_bind_int(stmt, 2, year);
	while ((r = sqlite3_step(stmt)) == SQLITE_ROW) {
		d.id = sqlite3_column_int64(stmt, 0);
		d.case_id = (const char *)sqlite3_column_text(stmt, 1);
		d.kind = (const char *)sqlite3_column_text(stmt, 2);
		d.template = (const char *)sqlite3_column_text(stmt, 3);
		d.series = (const char *)sqlite3_column_text(stmt, 4);
		d.year = sqlite3_column_int(stmt, 5);
		d.n = sqlite3_column_int64(stmt, 6);
		d.number = (const char *)sqlite3_column_text(stmt, 7);
		d.issued = (const char *)sqlite3_column_text(stmt, 8);
		d.lang = (const char *)sqlite3_column_text(stmt, 9);
		d.pdf_path = (const char *)sqlite3_column_text(stmt, 10);
		d.sha256 = (const char *)sqlite3_column_text(stmt, 11);
		d.size = sqlite3_column_int64(stmt, 12);
		d.message_id = (const char *)sqlite3_column_text(stmt, 13);
		d.at = (time_t)sqlite3_column_int64(stmt, 14);
		if ((rv = fn(arg, &d)) != 0)
			break;
	}
	if (rv == 0 && r != SQLITE_ROW && r != SQLITE_DONE) {
		log_warnx("%s: %s", st->path, sqlite3_errmsg(st->db));
		rv = -1;
	}
	sqlite3_reset(stmt);
	return rv;
}
