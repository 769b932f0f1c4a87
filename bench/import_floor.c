/* bench/import_floor.c — how fast can rows go into vigil's observations
 * table at all? The lower bound under any importer on this schema, and on
 * two other layouts an importer could load faster.
 *
 *   import_floor DB ROWS key|file [vigil|rowid|compact]
 *
 * DB is a vigil database holding the 50 regions (ids 1-50) and 15
 * indicators (ids 1-15) that bench/import.sh creates. ROWS observations
 * shaped like import.sh's file (one per region x indicator per hour, the
 * same text lengths) are generated in memory — no CSV, no validation, no
 * code lookup — and inserted with one prepared statement in one
 * transaction, as vigil's bulk path does, either in primary-key order
 * ("key", the best case: every insert lands next to the previous one) or
 * in file order ("file", by time across all regions, as feeds deliver
 * them); either way a row's id is its place in the file, as vigil gives it.
 *
 * The layout (default vigil):
 *   vigil    observations as it is: clustered on the window key (WITHOUT
 *            ROWID); observations_id is dropped first and rebuilt at the
 *            end, as the bulk path does for a large file;
 *   rowid    the same columns in a rowid table (id INTEGER PRIMARY KEY),
 *            appended like the shell's bare table, and the window key
 *            (region, indicator, observed_at, source, value, verification)
 *            built afterwards as one covering unique index — the "build
 *            the indexes after the load" design;
 *   compact  as rowid, with every column that can be a number stored as
 *            one (times as Unix seconds, source and updated_by as small
 *            ids, verification as 0-2): the narrowest row that keeps what
 *            vigil keeps;
 *   times    as rowid, with only the two times as Unix seconds (what a
 *            migration of the time columns alone would give);
 *   live     as compact, with the window key indexed before the load and
 *            kept up to date row by row instead of built afterwards;
 *   clustered  compact's columns in a WITHOUT ROWID table clustered on the
 *            window key (region, indicator, observed_at, source), as vigil
 *            is, and no other index (edits would find a row by its key).
 * The other layouts replace observations before the timing starts. Prints
 * the time to insert, to build the index and to commit (which checkpoints
 * the WAL). Writes the DB. */
#define _POSIX_C_SOURCE 200809L
#include <sqlite3.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int exec(sqlite3 *db, const char *sql)
{
    char *msg = NULL;
    if (sqlite3_exec(db, sql, NULL, NULL, &msg) != SQLITE_OK) {
        fprintf(stderr, "import_floor: %s: %s\n", sql, msg ? msg : "?");
        sqlite3_free(msg);
        return -1;
    }
    return 0;
}

enum layout { L_VIGIL, L_ROWID, L_COMPACT, L_TIMES, L_LIVE, L_CLUSTERED };
static const char *const LAYOUTS[] = {"vigil", "rowid", "compact", "times", "live", "clustered", NULL};

/* Times as numbers in every layout but vigil and rowid; every other
 * column too in the compact ones. */
static int insert(sqlite3_stmt *st, enum layout l, int r, int i, long h, long hours, long long id)
{
    int compact = l == L_COMPACT || l == L_LIVE || l == L_CLUSTERED, int_times = compact || l == L_TIMES;
    static const time_t end = 1795176000; /* 2026-11-20T12:00:00Z ("now"), as import.sh */
    time_t t = end - (time_t)(hours - h) * 3600;
    struct tm tm;
    char ts[24], src[24];
    /* The columns both layouts bind alike. */
    sqlite3_bind_int(st, 1, r);
    sqlite3_bind_int(st, 2, i);
    sqlite3_bind_double(st, 5, (double)((r * 31 + i * 17 + h) % 100));
    sqlite3_bind_int(st, 7, 0);
    sqlite3_bind_text(st, 8,
                      r % 2 ? "Reported by the district focal point, follow-up planned."
                            : "Reported by the community focal point, follow-up planned.",
                      -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 9, id);
    if (compact) { /* numbers for the time, the source, verification and the actor */
        sqlite3_bind_int64(st, 3, (long long)t);
        sqlite3_bind_int(st, 4, r % 7);
        sqlite3_bind_int(st, 6, (int)((h + r) % 2));
        sqlite3_bind_int64(st, 10, 1795176000LL); /* 2026-11-20T12:00:00Z */
        sqlite3_bind_int(st, 11, 1);
    } else {
        gmtime_r(&t, &tm);
        strftime(ts, sizeof ts, "%Y-%m-%dT%H:%M:%SZ", &tm);
        snprintf(src, sizeof src, "field monitor %d", r % 7);
        if (int_times) {
            sqlite3_bind_int64(st, 3, (long long)t);
            sqlite3_bind_int64(st, 10, 1795176000LL);
        } else {
            sqlite3_bind_text(st, 3, ts, -1, SQLITE_STATIC);
            sqlite3_bind_text(st, 10, "2026-11-20T12:00:00Z", -1, SQLITE_STATIC);
        }
        sqlite3_bind_text(st, 4, src, -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 6, (h + r) % 2 ? "verified" : "unverified", -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 11, "bench", -1, SQLITE_STATIC);
    }
    int rc = sqlite3_step(st);
    sqlite3_reset(st);
    return rc == SQLITE_DONE ? 0 : -1;
}

int main(int argc, char **argv)
{
    const char *name = argc == 5 ? argv[4] : "vigil";
    int l = 0;
    while (LAYOUTS[l] && strcmp(LAYOUTS[l], name))
        l++;
    if ((argc != 4 && argc != 5) || (strcmp(argv[3], "key") && strcmp(argv[3], "file")) || !LAYOUTS[l]) {
        fprintf(stderr, "usage: import_floor DB ROWS key|file [vigil|rowid|compact|times|live|clustered]\n");
        return 2;
    }
    /* rowid, compact and times append and build the window key after. */
    int index_after = l == L_ROWID || l == L_COMPACT || l == L_TIMES;
    long rows = atol(argv[2]);
    int key_order = !strcmp(argv[3], "key");
    sqlite3 *db;
    if (sqlite3_open_v2(argv[1], &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK) {
        fprintf(stderr, "import_floor: cannot open %s\n", argv[1]);
        return 1;
    }
    /* The settings of vigil's import (core/db.c, core/csvio.c). */
    if (exec(db, "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA cache_size=-16384;"
                 " PRAGMA foreign_keys=OFF"))
        return 1;
    /* The other layouts replace the table first (outside the timing); %s
     * is the type of the time columns, %s the compact ones' type. */
    static const char ROWID_SQL[] =
        "DROP TABLE observations;"
        "CREATE TABLE observations(region_id INTEGER NOT NULL, indicator_id INTEGER NOT NULL,"
        " observed_at %s NOT NULL, source %s NOT NULL, value REAL NOT NULL,"
        " verification %s NOT NULL, sensitive INTEGER NOT NULL DEFAULT 0,"
        " note TEXT, id INTEGER PRIMARY KEY, version INTEGER NOT NULL DEFAULT 1,"
        " updated_at %s NOT NULL, updated_by %s NOT NULL)";
    static const char CLUSTERED_SQL[] =
        "DROP TABLE observations;"
        "CREATE TABLE observations(region_id INTEGER NOT NULL, indicator_id INTEGER NOT NULL,"
        " observed_at INTEGER NOT NULL, source INTEGER NOT NULL, value REAL NOT NULL,"
        " verification INTEGER NOT NULL, sensitive INTEGER NOT NULL DEFAULT 0,"
        " note TEXT, id INTEGER NOT NULL, version INTEGER NOT NULL DEFAULT 1,"
        " updated_at INTEGER NOT NULL, updated_by INTEGER NOT NULL,"
        " PRIMARY KEY (region_id, indicator_id, observed_at, source)) WITHOUT ROWID";
    static const char KEY_SQL[] =
        "CREATE UNIQUE INDEX observations_key ON observations(region_id, indicator_id,"
        " observed_at, source, value, verification)";
    if (l != L_VIGIL && l != L_CLUSTERED) {
        const char *tt = l == L_ROWID ? "TEXT" : "INTEGER", *ct = l == L_COMPACT || l == L_LIVE ? "INTEGER" : "TEXT";
        char sql[sizeof ROWID_SQL + 64];
        snprintf(sql, sizeof sql, ROWID_SQL, tt, ct, ct, tt, ct);
        if (exec(db, sql) || (l == L_LIVE && exec(db, KEY_SQL)))
            return 1;
    }
    if (l == L_CLUSTERED && exec(db, CLUSTERED_SQL))
        return 1;
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(db,
                           "INSERT INTO observations(region_id, indicator_id, observed_at, source, value,"
                           " verification, sensitive, note, id, version, updated_at, updated_by)"
                           " VALUES (?,?,?,?,?,?,?,?,?,1,?,?)",
                           -1, &st, NULL) != SQLITE_OK) {
        fprintf(stderr, "import_floor: %s\n", sqlite3_errmsg(db));
        return 1;
    }
    long hours = (rows + 749) / 750, n = 0;
    double t0 = now_s();
    if (exec(db, l == L_VIGIL ? "BEGIN IMMEDIATE; DROP INDEX observations_id" : "BEGIN IMMEDIATE"))
        return 1;
    int bad = 0;
    if (key_order) {
        for (int r = 1; r <= 50 && !bad; r++)
            for (int i = 1; i <= 15 && !bad; i++)
                for (long h = 0; h < hours && !bad; h++)
                    if (h * 750 + (r - 1) * 15 + i <= rows) { /* the same rows as file order, */
                        n++;                                  /* with the same ids */
                        bad = insert(st, (enum layout)l, r, i, h, hours, h * 750 + (r - 1) * 15 + i);
                    }
    } else {
        for (long h = 0; h < hours && !bad; h++)
            for (int r = 1; r <= 50 && !bad && n < rows; r++)
                for (int i = 1; i <= 15 && !bad && n < rows; i++)
                    bad = insert(st, (enum layout)l, r, i, h, hours, ++n);
    }
    if (bad) {
        fprintf(stderr, "import_floor: insert: %s\n", sqlite3_errmsg(db));
        return 1;
    }
    double t1 = now_s();
    if ((index_after && exec(db, KEY_SQL)) ||
        (l == L_VIGIL && exec(db, "CREATE UNIQUE INDEX observations_id ON observations(id)")))
        return 1;
    double t2 = now_s();
    if (exec(db, "COMMIT"))
        return 1;
    sqlite3_finalize(st);
    sqlite3_close(db);
    double t3 = now_s();
    printf("floor, %-7s layout, %s order: %6.2f s  %8.0f rows/s  (insert %.2f s, index %.2f s, commit and close %.2f s)\n",
           name, key_order ? "key " : "file", t3 - t0, (double)n / (t3 - t0), t1 - t0, t2 - t1, t3 - t2);
    return 0;
}
