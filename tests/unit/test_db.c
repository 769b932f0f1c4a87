/* Database behaviour: creation, refusal of files that are not ours,
 * migrations, the append-only audit trail, optimistic concurrency, the
 * stock ledger and change detection. */
#include "testutil.h"

#include <locale.h>
#include <sqlite3.h>
#include <sys/stat.h>

#include "core/clock.h"
#include "core/db.h"
#include "core/internal.h"
#include "core/risk.h"
#include "core/store.h"

static char *dir;
static char *dbpath;

static int setup(void **state)
{
    (void)state;
    setenv("VIGIL_NOW", "2026-11-20T12:00:00Z", 1);
    dir = tu_tmpdir();
    dbpath = tu_path(dir, "t.db");
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    tu_rmdir(dir);
    free(dir);
    free(dbpath);
    return 0;
}

static core_db *open_new(void)
{
    core_db *db = NULL;
    core_err e;
    assert_int_equal(core_db_open(dbpath, CORE_OPEN_CREATE, &db, &e), CORE_OK);
    return db;
}

/* Run raw SQL on the file with a separate plain SQLite connection, as a
 * careless script or the sqlite3 shell would. Returns the SQLite code. */
static int raw_exec(const char *sql)
{
    sqlite3 *h;
    assert_int_equal(sqlite3_open(dbpath, &h), SQLITE_OK);
    sqlite3_busy_timeout(h, 2000);
    int rc = sqlite3_exec(h, sql, NULL, NULL, NULL);
    sqlite3_close(h);
    return rc;
}

static long long raw_int(const char *sql)
{
    sqlite3 *h;
    sqlite3_stmt *st;
    long long v = -1;
    assert_int_equal(sqlite3_open(dbpath, &h), SQLITE_OK);
    assert_int_equal(sqlite3_prepare_v2(h, sql, -1, &st, NULL), SQLITE_OK);
    if (sqlite3_step(st) == SQLITE_ROW)
        v = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    sqlite3_close(h);
    return v;
}

static unsigned long checksum(const char *path)
{
    size_t n = 0;
    char *b = tu_read(path, &n);
    assert_non_null(b);
    unsigned long h = 5381;
    for (size_t i = 0; i < n; i++)
        h = h * 33 + (unsigned char)b[i];
    free(b);
    return h ^ n;
}

static void test_init_creates_current_schema_in_wal_mode_group_writable(void **state)
{
    (void)state;
    core_db *db = open_new();
    assert_int_equal(core_db_schema_version(db), CORE_SCHEMA_VERSION);
    core_db_close(db);
    struct stat sb;
    assert_int_equal(stat(dbpath, &sb), 0);
    assert_true((sb.st_mode & 0060) == 0060);
    assert_int_equal(raw_int("PRAGMA application_id"), CORE_APPLICATION_ID);
    sqlite3 *h;
    sqlite3_stmt *st;
    assert_int_equal(sqlite3_open(dbpath, &h), SQLITE_OK);
    sqlite3_prepare_v2(h, "PRAGMA journal_mode", -1, &st, NULL);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    assert_string_equal((const char *)sqlite3_column_text(st, 0), "wal");
    sqlite3_finalize(st);
    sqlite3_close(h);
}

static void test_open_without_create_refuses_missing_file(void **state)
{
    (void)state;
    core_db *db = NULL;
    core_err e;
    assert_int_equal(core_db_open(dbpath, 0, &db, &e), CORE_ENOINPUT);
    assert_null(db);
    assert_non_null(strstr(e.msg, "vigil init"));
    assert_int_equal(access(dbpath, F_OK), -1);
}

static void test_refuses_file_that_is_not_sqlite_and_leaves_it_untouched(void **state)
{
    (void)state;
    tu_write(dbpath, "this is a shopping list, not a database\n", 40);
    unsigned long before = checksum(dbpath);
    core_db *db = NULL;
    core_err e;
    assert_int_equal(core_db_open(dbpath, CORE_OPEN_CREATE, &db, &e), CORE_ENOTVIGIL);
    assert_non_null(strstr(e.msg, "not a vigil database"));
    assert_int_equal(checksum(dbpath), before);
}

static void test_refuses_other_sqlite_database_and_leaves_it_untouched(void **state)
{
    (void)state;
    assert_int_equal(raw_exec("CREATE TABLE recipes(name TEXT); INSERT INTO recipes VALUES ('soup');"), SQLITE_OK);
    unsigned long before = checksum(dbpath);
    core_db *db = NULL;
    core_err e;
    assert_int_equal(core_db_open(dbpath, CORE_OPEN_CREATE, &db, &e), CORE_ENOTVIGIL);
    assert_non_null(strstr(e.msg, "not a vigil database"));
    assert_int_equal(checksum(dbpath), before);
    char *wal = tu_path(dir, "t.db-wal");
    assert_int_equal(access(wal, F_OK), -1);
    free(wal);
}

static void test_refuses_newer_schema_and_leaves_it_untouched(void **state)
{
    (void)state;
    core_db_close(open_new());
    char sql[80];
    snprintf(sql, sizeof sql, "PRAGMA user_version = %d", CORE_SCHEMA_VERSION + 1);
    assert_int_equal(raw_exec(sql), SQLITE_OK);
    assert_int_equal(raw_exec("PRAGMA wal_checkpoint(TRUNCATE)"), SQLITE_OK);
    unsigned long before = checksum(dbpath);
    core_db *db = NULL;
    core_err e;
    assert_int_equal(core_db_open(dbpath, 0, &db, &e), CORE_ENEWER);
    assert_non_null(strstr(e.msg, "newer"));
    assert_int_equal(checksum(dbpath), before);
}

static void test_refuses_damaged_file(void **state)
{
    (void)state;
    core_db *db = open_new();
    for (int i = 0; i < 300; i++) {
        char code[16], name[32];
        snprintf(code, sizeof code, "R%03d", i);
        snprintf(name, sizeof name, "Region number %d", i);
        const char *v[4] = {code, name, NULL, "1000"};
        core_err e;
        assert_int_equal(core_row_insert(db, CORE_T_REGIONS, v, NULL, NULL, &e), CORE_OK);
    }
    core_db_close(db);
    assert_int_equal(raw_exec("PRAGMA wal_checkpoint(TRUNCATE)"), SQLITE_OK);
    /* Scribble over the middle of the file (past the header page). */
    FILE *f = fopen(dbpath, "r+b");
    assert_non_null(f);
    fseek(f, 0, SEEK_END);
    long size = ftell(f);
    assert_true(size > 3 * 4096);
    for (long off = 4096; off < size; off += 4096) {
        fseek(f, off + 100, SEEK_SET);
        fwrite("\xde\xad\xbe\xef\xde\xad\xbe\xef", 1, 8, f);
    }
    fclose(f);
    core_err e;
    db = NULL;
    core_status st = core_db_open(dbpath, 0, &db, &e);
    assert_int_equal(st, CORE_ECORRUPT);
    assert_null(db);
}

static void test_next_migration_runs_once_and_failed_migration_rolls_back(void **state)
{
    (void)state;
    core_db *db = open_new();
    core_err e;
    const int v = CORE_SCHEMA_VERSION;
    const core_migration next[] = {
        {v, "SELECT 1", 0}, /* already applied: skipped */
        {v + 1, "ALTER TABLE partners ADD COLUMN radio_callsign TEXT;", 0},
    };
    assert_int_equal(core_db_migrate_with(db, next, 2, &e), CORE_OK);
    assert_int_equal(core_db_schema_version(db), v + 1);
    /* Running it again is a no-op, not an "duplicate column" error. */
    assert_int_equal(core_db_migrate_with(db, next, 2, &e), CORE_OK);
    const core_migration bad[] = {{v + 2, "ALTER TABLE partners ADD COLUMN x TEXT; SELECT * FROM no_such_table;", 0}};
    assert_int_not_equal(core_db_migrate_with(db, bad, 1, &e), CORE_OK);
    assert_int_equal(core_db_schema_version(db), v + 1);
    core_db_close(db);
    /* x must not exist: the failed step rolled back whole. */
    assert_int_equal(raw_int("SELECT count(*) FROM pragma_table_info('partners') WHERE name = 'x'"), 0);
    assert_int_equal(raw_int("SELECT count(*) FROM pragma_table_info('partners') WHERE name = 'radio_callsign'"), 1);
    /* That file is now newer than this binary: refused. */
    db = NULL;
    assert_int_equal(core_db_open(dbpath, 0, &db, &e), CORE_ENEWER);
}

/* A database made by the first release opens, is migrated to the current
 * schema in place, and keeps its data. */
static void test_version_1_database_is_migrated_keeping_its_data(void **state)
{
    (void)state;
    char sql[256];
    snprintf(sql, sizeof sql, "PRAGMA user_version = 1; PRAGMA application_id = %d;", CORE_APPLICATION_ID);
    assert_int_equal(raw_exec(core_migrations[0].sql), SQLITE_OK);
    assert_int_equal(raw_exec(sql), SQLITE_OK);
    assert_int_equal(raw_exec("INSERT INTO regions(id, code, name) VALUES (1, 'XR01', 'North');"
                              "INSERT INTO indicators(id, code, name, risk_factor) VALUES (1, 'HATE', 'Hate', 1);"
                              "INSERT INTO observations(region_id, indicator_id, observed_at, value, id)"
                              " VALUES (1, 1, '2026-11-19T08:00:00Z', 7, 1);"),
                     SQLITE_OK);
    assert_int_equal(raw_int("SELECT count(*) FROM sqlite_schema WHERE name = 'observations_indicator'"), 1);
    core_db *db = NULL;
    core_err e;
    /* Read-only (a snapshot, a backup, an officer without write access):
     * v2 only dropped an index, so the file is read as it is, unchanged. */
    assert_int_equal(core_db_open(dbpath, CORE_OPEN_READONLY, &db, &e), CORE_OK);
    assert_int_equal(core_db_schema_version(db), 1);
    core_risk risk;
    assert_int_equal(core_risk_compute(db, core_now(), &risk, &e), CORE_OK);
    assert_int_equal(risk.nregions, 1);
    assert_int_equal(risk.cells[0].n, 1);
    assert_true(risk.cells[0].value == 7.0);
    core_risk_free(&risk);
    core_db_close(db);
    assert_int_equal(raw_int("PRAGMA user_version"), 1);
    /* The first read-write open migrates it. */
    assert_int_equal(core_db_open(dbpath, 0, &db, &e), CORE_OK);
    assert_int_equal(core_db_schema_version(db), CORE_SCHEMA_VERSION);
    core_db_close(db);
    assert_int_equal(raw_int("SELECT count(*) FROM sqlite_schema WHERE name = 'observations_indicator'"), 0);
    assert_int_equal(raw_int("SELECT value FROM observations WHERE region_id = 1 AND indicator_id = 1"), 7);
}

/* Fails (printing the plan) unless the plan of sql reads observations (alias
 * obs) by one search of its primary key and never scans it. Matched on
 * "USING PRIMARY KEY" and the constrained columns only: the rest of the
 * wording differs between SQLite releases. */
static void assert_primary_key_range(const char *sql, const char *obs)
{
    sqlite3 *h;
    sqlite3_stmt *st;
    assert_int_equal(sqlite3_open(dbpath, &h), SQLITE_OK);
    char *q = sqlite3_mprintf("EXPLAIN QUERY PLAN %s", sql);
    assert_int_equal(sqlite3_prepare_v2(h, q, -1, &st, NULL), SQLITE_OK);
    char plan[2048] = "", subject[64];
    int on_key = 0, other = 0;
    snprintf(subject, sizeof subject, " %s ", obs);
    while (sqlite3_step(st) == SQLITE_ROW) {
        const char *d = (const char *)sqlite3_column_text(st, 3);
        size_t used = strlen(plan);
        snprintf(plan + used, sizeof plan - used, "  %s\n", d);
        char padded[512];
        snprintf(padded, sizeof padded, " %s ", d);
        if (!strstr(padded, subject))
            continue;
        if (strstr(d, "SEARCH") && strstr(d, "USING PRIMARY KEY") && strstr(d, "region_id=?") &&
            strstr(d, "indicator_id=?") && strstr(d, "observed_at>?"))
            on_key++;
        else
            other++;
    }
    sqlite3_finalize(st);
    sqlite3_free(q);
    sqlite3_close(h);
    if (on_key != 1 || other != 0)
        fail_msg("observations is not read by one primary-key range:\n%s", plan);
}

/* The risk matrix and the sparklines read each window as one range of the
 * clustered primary key: an index that the planner would prefer (one
 * leading with indicator_id) makes them look every row up twice and the
 * matrix slow on a large database (bench/README.md). */
static void test_risk_windows_are_ranges_of_the_primary_key(void **state)
{
    (void)state;
    core_db_close(open_new());
    assert_primary_key_range(core_risk_window_sql, "o");
    assert_primary_key_range(core_risk_series_sql, "observations");
}

/* Deleting an indicator that has observations is refused (no index serves
 * that check since v2: it scans, and must still hold). */
static void test_deleting_an_indicator_with_observations_is_refused(void **state)
{
    (void)state;
    core_db_close(open_new());
    assert_int_equal(raw_exec("INSERT INTO regions(id, code, name) VALUES (1, 'XR01', 'North');"
                              "INSERT INTO indicators(id, code, name, risk_factor) VALUES (1, 'HATE', 'Hate', 1);"
                              "INSERT INTO indicators(id, code, name, risk_factor) VALUES (2, 'IDLE', 'Idle', 2);"
                              "INSERT INTO observations(region_id, indicator_id, observed_at, value, id)"
                              " VALUES (1, 1, '2026-11-19T08:00:00Z', 7, 1);"),
                     SQLITE_OK);
    assert_int_equal(raw_exec("PRAGMA foreign_keys = ON; DELETE FROM indicators WHERE id = 1"), SQLITE_CONSTRAINT);
    assert_int_equal(raw_exec("PRAGMA foreign_keys = ON; DELETE FROM indicators WHERE id = 2"), SQLITE_OK);
    assert_int_equal(raw_int("SELECT count(*) FROM indicators"), 1);
}

static void add_region(core_db *db, const char *code, const char *name)
{
    const char *v[4] = {code, name, NULL, NULL};
    core_err e;
    core_field_error fe;
    assert_int_equal(core_row_insert(db, CORE_T_REGIONS, v, NULL, &fe, &e), CORE_OK);
}

static void test_audit_trail_refuses_raw_update_and_delete(void **state)
{
    (void)state;
    core_db *db = open_new();
    add_region(db, "XR01", "North");
    core_db_close(db);
    long long n = raw_int("SELECT count(*) FROM audit");
    assert_true(n >= 2);
    assert_int_not_equal(raw_exec("UPDATE audit SET actor = 'nobody'"), SQLITE_OK);
    assert_int_not_equal(raw_exec("DELETE FROM audit"), SQLITE_OK);
    assert_int_equal(raw_int("SELECT count(*) FROM audit"), n);
    assert_int_equal(raw_int("SELECT count(*) FROM audit WHERE actor = 'nobody'"), 0);
}

static void test_every_write_is_audited_with_actor_and_before_after(void **state)
{
    (void)state;
    core_db *db = open_new();
    core_err e;
    add_region(db, "XR01", "North");
    int64_t id;
    assert_int_equal(core_row_find(db, CORE_T_REGIONS, "XR01", &id, &e), CORE_OK);
    core_row r;
    assert_int_equal(core_row_get(db, CORE_T_REGIONS, id, &r, &e), CORE_OK);
    const char *upd[4] = {NULL, "North Province", NULL, NULL};
    assert_int_equal(core_row_update(db, CORE_T_REGIONS, id, r.version, upd, NULL, &e), CORE_OK);
    core_row_free(&r);
    assert_int_equal(core_row_get(db, CORE_T_REGIONS, id, &r, &e), CORE_OK);
    assert_int_equal(core_row_delete(db, CORE_T_REGIONS, id, r.version, &e), CORE_OK);
    core_row_free(&r);
    const char *actor = core_db_actor(db);
    char sql[200];
    snprintf(sql, sizeof sql, "SELECT count(*) FROM audit WHERE tbl='regions' AND actor='%s'", actor);
    core_db_close(db);
    assert_int_equal(raw_int(sql), 3);
    assert_int_equal(raw_int("SELECT count(*) FROM audit WHERE action='update' AND row_key='XR01' AND "
                             "changes = '{\"name\":[\"North\",\"North Province\"]}'"),
                     1);
    assert_int_equal(raw_int("SELECT count(*) FROM audit WHERE action='delete' AND row_key='XR01'"), 1);
}

/* An edit that changes nothing (a form saved as it opened, or with the
 * same value typed again) writes nothing: no audit entry, no new version;
 * and a column left out keeps its stored text whole, however long. */
static void test_update_without_a_change_writes_nothing_and_keeps_long_text(void **state)
{
    (void)state;
    core_db *db = open_new();
    core_err e;
    add_region(db, "XR01", "North");
    char *notes = malloc(5001);
    memset(notes, 'n', 5000);
    notes[5000] = '\0';
    const char *p[] = {"Kessa Forum", NULL, "cso", NULL, "XR01", NULL, NULL, NULL, NULL, NULL, NULL, notes};
    int64_t id;
    assert_int_equal(core_row_insert(db, CORE_T_PARTNERS, p, &id, NULL, &e), CORE_OK);
    core_row r;
    assert_int_equal(core_row_get(db, CORE_T_PARTNERS, id, &r, &e), CORE_OK);
    int64_t audits = raw_int("SELECT count(*) FROM audit");
    const char *same[12] = {NULL, NULL, "cso"};
    assert_int_equal(core_row_update(db, CORE_T_PARTNERS, id, r.version, same, NULL, &e), CORE_OK);
    core_row now;
    assert_int_equal(core_row_get(db, CORE_T_PARTNERS, id, &now, &e), CORE_OK);
    assert_int_equal(now.version, r.version);
    assert_int_equal(raw_int("SELECT count(*) FROM audit"), audits);
    core_row_free(&now);
    const char *trust[12] = {NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, "4"};
    assert_int_equal(core_row_update(db, CORE_T_PARTNERS, id, r.version, trust, NULL, &e), CORE_OK);
    assert_int_equal(core_row_get(db, CORE_T_PARTNERS, id, &now, &e), CORE_OK);
    assert_int_equal(now.version, r.version + 1);
    assert_string_equal(now.vals[8], "4");
    assert_string_equal(now.vals[11], notes);
    core_row_free(&now);
    core_row_free(&r);
    free(notes);
    core_db_close(db);
}

/* `vigil check` must not call a file with a table missing healthy:
 * counting it is an error, not a count of 0. */
static void test_counts_of_a_file_missing_a_table_are_an_error(void **state)
{
    (void)state;
    core_db *db = open_new();
    core_db_close(db);
    assert_int_equal(raw_exec("DROP TABLE activities"), SQLITE_OK);
    core_err e;
    assert_int_equal(core_db_open(dbpath, 0, &db, &e), CORE_OK);
    int64_t c[CORE_TABLE_COUNT];
    assert_int_not_equal(core_db_counts(db, c, &e), CORE_OK);
    assert_non_null(strstr(e.msg, "no such table: activities"));
    core_db_close(db);
}

static void test_stale_update_is_refused_with_who_changed_it(void **state)
{
    (void)state;
    core_db *a = open_new();
    core_db *b = NULL;
    core_err e;
    assert_int_equal(core_db_open(dbpath, 0, &b, &e), CORE_OK);
    add_region(a, "XR01", "North");
    int64_t id;
    assert_int_equal(core_row_find(b, CORE_T_REGIONS, "XR01", &id, &e), CORE_OK);
    core_row ra, rb;
    assert_int_equal(core_row_get(a, CORE_T_REGIONS, id, &ra, &e), CORE_OK);
    assert_int_equal(core_row_get(b, CORE_T_REGIONS, id, &rb, &e), CORE_OK);
    const char *va[4] = {NULL, "North (A)", NULL, NULL};
    const char *vb[4] = {NULL, "North (B)", NULL, NULL};
    assert_int_equal(core_row_update(a, CORE_T_REGIONS, id, ra.version, va, NULL, &e), CORE_OK);
    assert_int_equal(core_row_update(b, CORE_T_REGIONS, id, rb.version, vb, NULL, &e), CORE_ECONFLICT);
    assert_non_null(strstr(e.msg, "changed by "));
    assert_non_null(strstr(e.msg, core_db_actor(a)));
    assert_non_null(strstr(e.msg, "2026-11-20T12:00:00Z"));
    /* Nothing lost: A's value stands. */
    core_row now;
    assert_int_equal(core_row_get(b, CORE_T_REGIONS, id, &now, &e), CORE_OK);
    assert_string_equal(now.vals[1], "North (A)");
    /* A stale delete is refused the same way. */
    assert_int_equal(core_row_delete(b, CORE_T_REGIONS, id, rb.version, &e), CORE_ECONFLICT);
    /* With the fresh version B's edit goes through. */
    assert_int_equal(core_row_update(b, CORE_T_REGIONS, id, now.version, vb, NULL, &e), CORE_OK);
    core_row_free(&ra);
    core_row_free(&rb);
    core_row_free(&now);
    core_db_close(a);
    core_db_close(b);
}

static void test_change_counter_sees_other_connections_commits(void **state)
{
    (void)state;
    core_db *a = open_new();
    core_db *b = NULL;
    core_err e;
    assert_int_equal(core_db_open(dbpath, 0, &b, &e), CORE_OK);
    core_db_changed(a);
    assert_int_equal(core_db_changed(a), 0);
    add_region(b, "XR01", "North");
    assert_int_equal(core_db_changed(a), 1);
    assert_int_equal(core_db_changed(a), 0);
    assert_int_equal(raw_exec("INSERT INTO regions(code, name) VALUES ('XR02', 'From the shell')"), SQLITE_OK);
    assert_int_equal(core_db_changed(a), 1);
    /* Its own writes count too. */
    add_region(a, "XR03", "Mine");
    assert_int_equal(core_db_changed(a), 1);
    core_db_close(a);
    core_db_close(b);
}

static long long qty(core_db *db, int64_t id)
{
    core_row r;
    core_err e;
    assert_int_equal(core_row_get(db, CORE_T_RESOURCES, id, &r, &e), CORE_OK);
    long long q = atoll(r.vals[6]);
    core_row_free(&r);
    return q;
}

/* Insert resource code (category "medical") holding quantity; its id. */
static int64_t add_resource(core_db *db, const char *code, const char *quantity)
{
    core_err e;
    core_field_error fe;
    const char *res[11] = {code, "Trauma kits", "medical", "kits", NULL, "Main store", quantity, "10", NULL,
                           NULL, NULL};
    int64_t id;
    assert_int_equal(core_row_insert(db, CORE_T_RESOURCES, res, &id, &fe, &e), CORE_OK);
    return id;
}

/* Set resource id's quantity by a form edit (a stock count): its status,
 * with the reason in fe/e. */
static core_status set_quantity(core_db *db, int64_t id, const char *quantity, core_field_error *fe, core_err *e)
{
    core_row r;
    assert_int_equal(core_row_get(db, CORE_T_RESOURCES, id, &r, e), CORE_OK);
    const char *upd[11] = {NULL, NULL, NULL, NULL, NULL, NULL, quantity, NULL, NULL, NULL, NULL};
    core_status st = core_row_update(db, CORE_T_RESOURCES, id, r.version, upd, fe, e);
    core_row_free(&r);
    return st;
}

static void test_stock_quantity_always_equals_sum_of_movements(void **state)
{
    (void)state;
    core_db *db = open_new();
    core_err e;
    core_field_error fe;
    int64_t id = add_resource(db, "MED-01", "40");
    assert_int_equal(qty(db, id), 40);
    assert_int_equal(core_movement_add(db, id, -15, "dispatched", "to clinic", &fe, &e), CORE_OK);
    assert_int_equal(qty(db, id), 25);
    assert_int_equal(core_movement_add(db, id, -26, "dispatched", NULL, &fe, &e), CORE_EDATA);
    assert_non_null(strstr(fe.msg, "below zero"));
    assert_int_equal(qty(db, id), 25);
    /* Editing the quantity (five minutes on) records the difference as a
     * correction of its own. */
    setenv("VIGIL_NOW", "2026-11-20T12:05:00Z", 1);
    assert_int_equal(set_quantity(db, id, "31", &fe, &e), CORE_OK);
    assert_int_equal(qty(db, id), 31);
    assert_int_equal(core_db_integrity(db, &e), CORE_OK);
    core_db_close(db);
    assert_int_equal(raw_int("SELECT sum(delta) FROM movements"), 31);
    assert_int_equal(raw_int("SELECT count(*) FROM movements WHERE reason='correction'"), 2);
    /* Even a raw insert into the ledger keeps the invariant. */
    assert_int_equal(raw_exec("INSERT INTO movements(resource_id, delta, reason, at) VALUES (1, 4, 'found', 'x')"),
                     SQLITE_OK);
    assert_int_equal(raw_int("SELECT quantity FROM resources"), 35);
}

/* A duty officer types "dispatched 50": the reason says stock left, so the
 * form refuses the sign that would add it; an import takes the sign as
 * given (older ledgers and other systems' files must load). */
static void test_the_movement_form_refuses_a_sign_against_its_reason(void **state)
{
    (void)state;
    core_db *db = open_new();
    core_err e;
    core_field_error fe;
    int64_t id = add_resource(db, "MED-01", "40");
    static const struct { long long delta; const char *reason, *says; } REFUSED[] = {
        {50, "dispatched", "'dispatched' takes out stock: write -50"},
        {5, "lost", "'lost' takes out stock"},
        {2, "damaged", "takes out"},
        {1, "expired", "takes out"},
        {-5, "received", "'received' adds stock: write 5"},
        {-1, "found", "'found' adds stock"},
    };
    for (size_t i = 0; i < sizeof REFUSED / sizeof REFUSED[0]; i++) {
        assert_int_equal(core_movement_add(db, id, REFUSED[i].delta, REFUSED[i].reason, NULL, &fe, &e), CORE_EDATA);
        assert_int_equal(fe.col, 1);
        assert_non_null(strstr(fe.msg, REFUSED[i].says));
    }
    assert_int_equal(qty(db, id), 40);
    assert_int_equal(core_movement_add(db, id, -3, "transfer", NULL, &fe, &e), CORE_OK);
    assert_int_equal(core_movement_add(db, id, 2, "correction", NULL, &fe, &e), CORE_OK);
    assert_int_equal(core_movement_add(db, id, 10, "received", NULL, &fe, &e), CORE_OK);
    assert_int_equal(qty(db, id), 49);
    /* An older ledger's contradictory line still imports. */
    const char *mv[] = {"MED-01", "5", "dispatched", "2026-11-20T12:00:00Z", "old ledger"};
    assert_int_equal(core_row_insert(db, CORE_T_MOVEMENTS, mv, NULL, &fe, &e), CORE_OK);
    assert_int_equal(qty(db, id), 54);
    core_db_close(db);
}

/* From the keyboard a movement takes "now": the same one twice in a second
 * is refused at the delta field with what to do, not with advice about an
 * at column the form does not have. */
static void test_the_same_movement_twice_in_a_second_from_the_form_says_what_to_do(void **state)
{
    (void)state;
    core_db *db = open_new();
    core_err e;
    core_field_error fe;
    int64_t id = add_resource(db, "MED-01", "40");
    assert_int_equal(core_movement_add(db, id, -4, "dispatched", NULL, &fe, &e), CORE_OK);
    assert_int_equal(core_movement_add(db, id, -4, "dispatched", NULL, &fe, &e), CORE_EDATA);
    assert_int_equal(fe.col, 1);
    assert_non_null(strstr(fe.msg, "just recorded; if this is another, press Enter again"));
    assert_int_equal(qty(db, id), 36);
    setenv("VIGIL_NOW", "2026-11-20T12:00:01Z", 1);
    assert_int_equal(core_movement_add(db, id, -4, "dispatched", NULL, &fe, &e), CORE_OK);
    assert_int_equal(qty(db, id), 32);
    core_db_close(db);
}

/* SPEC §3: every delete is in the audit trail. Deleting a resource takes
 * its ledger with it, so each of its movements is recorded as deleted. */
static void test_deleting_a_resource_audits_each_movement_it_takes(void **state)
{
    (void)state;
    core_db *db = open_new();
    core_err e;
    core_field_error fe;
    int64_t id = add_resource(db, "MED-01", "40");
    assert_int_equal(core_movement_add(db, id, -15, "dispatched", "to clinic", &fe, &e), CORE_OK);
    core_row r;
    assert_int_equal(core_row_get(db, CORE_T_RESOURCES, id, &r, &e), CORE_OK);
    assert_int_equal(core_row_delete(db, CORE_T_RESOURCES, id, r.version, &e), CORE_OK);
    core_row_free(&r);
    core_db_close(db);
    assert_int_equal(raw_int("SELECT count(*) FROM movements"), 0);
    assert_int_equal(raw_int("SELECT count(*) FROM audit WHERE action = 'delete' AND tbl = 'movements'"), 2);
    assert_int_equal(raw_int("SELECT count(*) FROM audit WHERE action = 'delete' AND tbl = 'movements'"
                             " AND changes LIKE '%\"delta\":[\"-15\",null]%' AND changes LIKE '%to clinic%'"),
                     1);
    assert_int_equal(raw_int("SELECT count(*) FROM audit WHERE action = 'delete' AND tbl = 'resources'"), 1);
}

/* Found by fuzzing: two stock counts of one resource within one second
 * whose corrections were equal (10 -> 14 -> 18: +4 and +4) clashed with
 * the ledger's (resource, at, delta, reason) key, and the second was
 * refused as "the same movement was already recorded this second" — an
 * import listing a resource twice failed whole. Counts in one second now
 * fold into one correction line; the quantity and the ledger agree. */
static void test_two_stock_counts_in_one_second_fold_into_one_correction(void **state)
{
    (void)state;
    core_db *db = open_new();
    core_err e;
    core_field_error fe;
    int64_t id = add_resource(db, "MED-02", "10");
    static const char *const COUNTS[] = {"14", "18", "10", "0", "7"};
    for (size_t i = 0; i < sizeof COUNTS / sizeof COUNTS[0]; i++) {
        if (set_quantity(db, id, COUNTS[i], &fe, &e) != CORE_OK)
            fail_msg("count %s refused: %s", COUNTS[i], fe.col >= 0 ? fe.msg : e.msg);
        assert_int_equal(qty(db, id), atoll(COUNTS[i]));
    }
    core_db_close(db);
    assert_int_equal(raw_int("SELECT sum(delta) FROM movements"), 7);
    assert_int_equal(raw_int("SELECT count(*) FROM movements"), 1);
    /* Every count is in the audit trail: the first made the line, the
     * others changed it. */
    assert_int_equal(raw_int("SELECT count(*) FROM audit WHERE tbl = 'movements'"), 6);
    assert_int_equal(raw_int("SELECT count(*) FROM audit WHERE tbl = 'resources' AND action = 'update'"), 5);
}

static void test_deleting_a_referenced_region_is_refused_clearly(void **state)
{
    (void)state;
    core_db *db = open_new();
    core_err e;
    core_field_error fe;
    add_region(db, "XR01", "North");
    const char *p[12] = {"Peace Circle", NULL, "cso", NULL, "XR01", NULL, NULL, NULL, NULL, NULL, NULL, NULL};
    assert_int_equal(core_row_insert(db, CORE_T_PARTNERS, p, NULL, &fe, &e), CORE_OK);
    int64_t id;
    core_row r;
    assert_int_equal(core_row_find(db, CORE_T_REGIONS, "XR01", &id, &e), CORE_OK);
    assert_int_equal(core_row_get(db, CORE_T_REGIONS, id, &r, &e), CORE_OK);
    assert_int_equal(core_row_delete(db, CORE_T_REGIONS, id, r.version, &e), CORE_EDATA);
    assert_string_equal(e.msg, "other records still refer to region 'XR01'; reassign or delete them first");
    core_row_free(&r);
    assert_int_equal(core_row_find(db, CORE_T_REGIONS, "XR01", &id, &e), CORE_OK);
    core_db_close(db);
}

static void test_insert_with_unknown_reference_names_the_column(void **state)
{
    (void)state;
    core_db *db = open_new();
    core_err e;
    core_field_error fe;
    const char *p[12] = {"Peace Circle", NULL, "cso", NULL, "XR99", NULL, NULL, NULL, NULL, NULL, NULL, NULL};
    assert_int_equal(core_row_insert(db, CORE_T_PARTNERS, p, NULL, &fe, &e), CORE_EDATA);
    assert_int_equal(fe.col, 4);
    assert_non_null(strstr(fe.msg, "XR99"));
    int64_t counts[CORE_TABLE_COUNT];
    assert_int_equal(core_db_counts(db, counts, &e), CORE_OK);
    assert_int_equal(counts[CORE_T_PARTNERS], 0);
    core_db_close(db);
}

static void test_read_only_connection_refuses_writes(void **state)
{
    (void)state;
    core_db_close(open_new());
    core_db *db = NULL;
    core_err e;
    assert_int_equal(core_db_open(dbpath, CORE_OPEN_READONLY, &db, &e), CORE_OK);
    const char *v[4] = {"XR01", "North", NULL, NULL};
    assert_int_equal(core_row_insert(db, CORE_T_REGIONS, v, NULL, NULL, &e), CORE_EREADONLY);
    core_db_close(db);
}

static void test_backup_is_a_complete_consistent_copy_and_never_half_written(void **state)
{
    (void)state;
    core_db *db = open_new();
    add_region(db, "XR01", "North");
    add_region(db, "XR02", "South");
    core_err e;
    char *dest = tu_path(dir, "copy.db");
    assert_int_equal(core_db_backup(db, dest, &e), CORE_OK);
    /* Backing up over an existing copy replaces it whole. */
    add_region(db, "XR03", "East");
    assert_int_equal(core_db_backup(db, dest, &e), CORE_OK);
    core_db *copy = NULL;
    assert_int_equal(core_db_open(dest, 0, &copy, &e), CORE_OK);
    assert_int_equal(core_db_integrity(copy, &e), CORE_OK);
    int64_t c1[CORE_TABLE_COUNT], c2[CORE_TABLE_COUNT];
    assert_int_equal(core_db_counts(db, c1, &e), CORE_OK);
    assert_int_equal(core_db_counts(copy, c2, &e), CORE_OK);
    assert_int_equal(c2[CORE_T_REGIONS], 3);
    assert_int_equal(c1[CORE_T_AUDIT], c2[CORE_T_AUDIT]);
    core_db_close(copy);
    /* A destination that cannot be written: clear error, nothing left. */
    char *bad = tu_path(dir, "no/such/dir/copy.db");
    assert_int_equal(core_db_backup(db, bad, &e), CORE_ECANTCREAT);
    char cmd[600];
    snprintf(cmd, sizeof cmd, "ls '%s' | grep -c tmp- >/dev/null", dir);
    assert_int_not_equal(system(cmd), 0);
    free(bad);
    free(dest);
    core_db_close(db);
}

static void test_backup_onto_the_database_or_its_companions_is_refused_and_harms_nothing(void **state)
{
    (void)state;
    core_db *db = open_new();
    add_region(db, "XR01", "North");
    /* Another connection keeps the -wal and -shm in use, as an open
     * dashboard does. */
    core_db *other = NULL;
    core_err e;
    assert_int_equal(core_db_open(dbpath, 0, &other, &e), CORE_OK);
    add_region(other, "XR02", "South");
    char link[600], dotted[600], wal[600], shm[600], parent[600];
    snprintf(link, sizeof link, "%s/link.db", dir);
    assert_int_equal(symlink(dbpath, link), 0);
    snprintf(dotted, sizeof dotted, "%s/./t.db", dir);
    snprintf(wal, sizeof wal, "%s-wal", dbpath);
    snprintf(shm, sizeof shm, "%s-shm", dbpath);
    snprintf(parent, sizeof parent, "%s/../%s/t.db", dir, strrchr(dir, '/') + 1);
    const char *same[] = {dbpath, link, dotted, wal, shm, parent};
    for (size_t i = 0; i < sizeof same / sizeof same[0]; i++) {
        assert_int_equal(core_db_is_own_file(db, same[i]), 1);
        assert_int_equal(core_db_backup(db, same[i], &e), CORE_EUSAGE);
        assert_non_null(strstr(e.msg, "is the database itself"));
    }
    /* A journal that does not exist yet is still the database's name. */
    char journal[600];
    snprintf(journal, sizeof journal, "%s-journal", dbpath);
    assert_int_equal(core_db_is_own_file(db, journal), 1);
    char *copy = tu_path(dir, "t.db.copy");
    assert_int_equal(core_db_is_own_file(db, copy), 0);
    assert_int_equal(core_db_backup(db, copy, &e), CORE_OK);
    free(copy);
    core_db_close(other);
    assert_int_equal(core_db_integrity(db, &e), CORE_OK);
    int64_t c[CORE_TABLE_COUNT];
    assert_int_equal(core_db_counts(db, c, &e), CORE_OK);
    assert_int_equal(c[CORE_T_REGIONS], 2);
    core_db_close(db);
}

int main(void)
{
    setlocale(LC_ALL, "C.UTF-8");
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_init_creates_current_schema_in_wal_mode_group_writable, setup, teardown),
        cmocka_unit_test_setup_teardown(test_open_without_create_refuses_missing_file, setup, teardown),
        cmocka_unit_test_setup_teardown(test_refuses_file_that_is_not_sqlite_and_leaves_it_untouched, setup, teardown),
        cmocka_unit_test_setup_teardown(test_refuses_other_sqlite_database_and_leaves_it_untouched, setup, teardown),
        cmocka_unit_test_setup_teardown(test_refuses_newer_schema_and_leaves_it_untouched, setup, teardown),
        cmocka_unit_test_setup_teardown(test_refuses_damaged_file, setup, teardown),
        cmocka_unit_test_setup_teardown(test_next_migration_runs_once_and_failed_migration_rolls_back, setup, teardown),
        cmocka_unit_test_setup_teardown(test_version_1_database_is_migrated_keeping_its_data, setup, teardown),
        cmocka_unit_test_setup_teardown(test_risk_windows_are_ranges_of_the_primary_key, setup, teardown),
        cmocka_unit_test_setup_teardown(test_deleting_an_indicator_with_observations_is_refused, setup, teardown),
        cmocka_unit_test_setup_teardown(test_audit_trail_refuses_raw_update_and_delete, setup, teardown),
        cmocka_unit_test_setup_teardown(test_every_write_is_audited_with_actor_and_before_after, setup, teardown),
        cmocka_unit_test_setup_teardown(test_update_without_a_change_writes_nothing_and_keeps_long_text, setup, teardown),
        cmocka_unit_test_setup_teardown(test_counts_of_a_file_missing_a_table_are_an_error, setup, teardown),
        cmocka_unit_test_setup_teardown(test_stale_update_is_refused_with_who_changed_it, setup, teardown),
        cmocka_unit_test_setup_teardown(test_change_counter_sees_other_connections_commits, setup, teardown),
        cmocka_unit_test_setup_teardown(test_stock_quantity_always_equals_sum_of_movements, setup, teardown),
        cmocka_unit_test_setup_teardown(test_two_stock_counts_in_one_second_fold_into_one_correction, setup, teardown),
        cmocka_unit_test_setup_teardown(test_deleting_a_resource_audits_each_movement_it_takes, setup, teardown),
        cmocka_unit_test_setup_teardown(test_the_movement_form_refuses_a_sign_against_its_reason, setup, teardown),
        cmocka_unit_test_setup_teardown(test_the_same_movement_twice_in_a_second_from_the_form_says_what_to_do, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_deleting_a_referenced_region_is_refused_clearly, setup, teardown),
        cmocka_unit_test_setup_teardown(test_insert_with_unknown_reference_names_the_column, setup, teardown),
        cmocka_unit_test_setup_teardown(test_read_only_connection_refuses_writes, setup, teardown),
        cmocka_unit_test_setup_teardown(test_backup_onto_the_database_or_its_companions_is_refused_and_harms_nothing,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(test_backup_is_a_complete_consistent_copy_and_never_half_written, setup,
                                        teardown),
    };
    return cmocka_run_group_tests_name("core database", tests, NULL, NULL);
}
