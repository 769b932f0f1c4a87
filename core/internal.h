/* core/internal.h — what core modules share and nothing outside core/ sees:
 * the connection struct, the statement cache and transaction helpers. */
#ifndef VIGIL_CORE_INTERNAL_H
#define VIGIL_CORE_INTERNAL_H

#include <sqlite3.h>
#include <stdint.h>
#include <string.h>

#include "core/db.h"
#include "core/status.h"
#include "core/tables.h"
#include "core/store.h"

struct core_db {
    sqlite3 *h;
    char *path;
    int readonly;
    int not_writable;  /* read-only because this user cannot write it */
    char actor[64];
    /* Change detection: data_version sees other connections' commits,
     * total_changes sees our own. */
    sqlite3_stmt *st_data_version;
    int64_t seen_data_version;
    int64_t seen_total_changes;
    /* Prepared statements keyed by the address of their constant SQL text
     * (every SQL string in core is a string literal or built once, so
     * there are as many as core has queries). It grows and never evicts:
     * a statement a caller holds stays valid while it prepares another. */
    struct core_stmt_slot { const char *sql; sqlite3_stmt *st; } *cache;
    int ncache, capcache;
    /* SQL built once per table from core_tables (see store.c), indexed by
     * the CORE_SQL_* values there; stable addresses for the cache. */
    char *tsql[CORE_TABLE_COUNT][5];
    int tx_depth;
    /* Set while an import runs: rows it inserts are recorded by the
     * import's own audit entry (file, actor, counts); updates and deletes
     * are still audited row by row. */
    int inserts_audited_by_import;
    core_busy_hook busy_hook;
    void *busy_ctx;
    /* Tables written in the open transaction (bit per core_table_id),
     * for alert re-evaluation at commit. */
    unsigned dirty_tables;
};

/* A migration step: running sql takes a database at version `to - 1` to
 * version `to`. read_compat: this binary reads a file still at `to - 1`
 * correctly (the step only adds speed, an index say), so a read-only open
 * of such a file need not wait for someone to migrate it. */
typedef struct core_migration {
    int to;
    const char *sql;
    int read_compat;
} core_migration;

/* The built-in migrations, and their count. */
extern const core_migration core_migrations[];
extern const int core_migration_count;

/* The queries core_risk_compute and core_risk_series read the risk windows
 * with (for the test that keeps them on the primary key). */
extern const char core_risk_window_sql[];
extern const char core_risk_series_sql[];

/* Apply every migration in list whose `to` is above the file's version, each
 * in its own BEGIN IMMEDIATE transaction that re-reads user_version first
 * (another process may have migrated meanwhile). Exposed for tests. */
core_status core_db_migrate_with(core_db *db, const core_migration *list, int n, core_err *err);

/* Cached prepared statement for constant sql (reset and unbound), or NULL
 * with err filled. Values are bound SQLITE_STATIC throughout core: a
 * SQLITE_TRANSIENT bind that cannot allocate leaves the parameter NULL
 * without an error, so under memory pressure it would store NULL; every
 * bound buffer outlives the step, and bindings are cleared before the
 * statement is reused. */
sqlite3_stmt *core_stmt(core_db *db, const char *sql, core_err *err);

/* Map a SQLite result code to a core status with a message that never
 * carries raw SQLite text to the user unless it helps (constraint text). */
core_status core_sqlite_err(core_db *db, int rc, const char *what, core_err *err);

/* BEGIN IMMEDIATE (waits up to the busy timeout); nests by counting. */
core_status core_tx_begin(core_db *db, core_err *err);
/* COMMIT, retrying while the database is busy; nests by counting. */
core_status core_tx_commit(core_db *db, core_err *err);
/* ROLLBACK the whole transaction (any depth). */
void core_tx_rollback(core_db *db);

/* Copy text column i of the current row into dst (size n), "" for NULL,
 * cut to fit. */
void core_col_copy(char *dst, size_t n, sqlite3_stmt *st, int i);

/* Text column i of the current row as a malloc'd string ("" for NULL;
 * NULL only when out of memory). */
char *core_col_dup(sqlite3_stmt *st, int i);

/* Append one audit row in the current transaction. changes may be NULL. */
core_status core_audit(core_db *db, const char *action, const char *table,
                       const char *row, const char *changes, core_err *err);

/* s as the validator reads a code: spaces and tabs around it do not
 * count. Returns where it starts and sets *n to its length. */
static inline const char *core_trim(const char *s, size_t *n)
{
    s += strspn(s, " \t");
    size_t len = strlen(s);
    while (len && (s[len - 1] == ' ' || s[len - 1] == '\t'))
        len--;
    *n = len;
    return s;
}

/* The status a failed call left in err, which callers may pass as NULL. */
static inline core_status core_err_status(const core_err *err)
{
    return err ? err->status : CORE_EINTERNAL;
}

/* ---- store internals shared with import (store.c) ---------------------- */

typedef enum core_upsert_result {
    CORE_UPSERT_INSERTED, CORE_UPSERT_UPDATED, CORE_UPSERT_UNCHANGED
} core_upsert_result;

enum {
    /* When a reference to the same table (regions.parent_code) names a
     * row that does not exist yet, nothing is written and *deferred is set,
     * so that the importer can write the row once its parent is in (a
     * file may list a child before its parent). */
    CORE_UPSERT_DEFER_SELF_REF = 1 << 0,
};

/* In an open transaction: validate raw vals (NULL = column not given),
 * resolve references, then insert or update the row with the same unique
 * key, auditing the change. Observations with an id from fresh_from up
 * (0: none) were written by the same import: a row whose key one of them
 * has, with other values, is refused (CORE_EDATA, fe on observed_at) as
 * two lines of one file that disagree, instead of the later silently
 * replacing the earlier. */
core_status core_store_upsert(core_db *db, const core_table *t, const char *const *vals,
                              unsigned flags, int64_t fresh_from, core_upsert_result *res, int *deferred,
                              core_field_error *fe, core_err *err);

/* Column of table t in the database ("region_code" -> "region_id"). */
const char *core_store_dbcol(const core_column *c, char *buf, size_t bufsz);

/* "SELECT t.id, t.version, t.updated_at, t.updated_by, <cols in CSV form>
 * FROM <table> t" for t, built once per connection; NULL when out of
 * memory (err filled). */
const char *core_store_select(core_db *db, core_table_id t, core_err *err);

/* Fill *r from the current row of a statement that starts with
 * core_store_select's columns. */
core_status core_store_row_from(sqlite3_stmt *st, core_table_id t, core_row *r, core_err *err);

/* Value of column c at result index idx in CSV form, malloc'd ("" for
 * NULL; numbers formatted as the validator normalises them). */
char *core_store_value_text(sqlite3_stmt *st, int idx, const core_column *c);

/* Called by core_tx_commit before the outermost COMMIT: re-evaluates the
 * alert conditions the transaction's writes may have changed (alerts.c). */
core_status core_alerts_on_commit(core_db *db, core_err *err);

/* Mark that a write touched table t (for core_alerts_on_commit). */
void core_alerts_mark(core_db *db, core_table_id t, int64_t a, int64_t b);

/* SQL: whether alert row AL (an alias) is about a partner that is
 * sensitive or gone, so that its subject (which names the partner) stays
 * out of exports and monitoring output (csvio.c, alerts.c). */
#define PARTNER_ALERT_HIDDEN(al)                                                                          \
    "(substr(" al ".cond_key, 1, 8) = 'partner:' AND NOT EXISTS (SELECT 1 FROM partners p"            \
    " WHERE p.id = CAST(substr(" al ".cond_key, 9) AS INTEGER) AND NOT p.sensitive))"

/* SQL: audit entry AL's changes (an alias) with a partner's contact
 * columns shown as "(hidden)": the trail never shows them (the Partners
 * panel does, after a reveal); for the Audit panel and exports. */
#define HIDDEN_PAIR "json('[\"(hidden)\",\"(hidden)\"]')"
#define AUDIT_CONTACTS_HIDDEN(al)                                                                         \
    "CASE WHEN " al ".tbl = 'partners' AND json_valid(" al ".changes) THEN json_replace(" al ".changes,"  \
    " '$.contact_name', " HIDDEN_PAIR ", '$.phone', " HIDDEN_PAIR ", '$.email', " HIDDEN_PAIR ")"          \
    " ELSE " al ".changes END"

#endif
