/* core/db.c — the connection: open, refuse, migrate, transactions, change
 * detection, audit append. */
#include "core/internal.h"
#include "core/fold.h"
#include "core/clock.h"
#include "core/sanitize.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pwd.h>
#include <sys/file.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define BUSY_TIMEOUT_MS 5000

static const char SQLITE_MAGIC[16] = "SQLite format 3";

static void set_actor(core_db *db)
{
    struct passwd *pw = getpwuid(geteuid());
    if (pw && pw->pw_name && pw->pw_name[0])
        snprintf(db->actor, sizeof db->actor, "%s", pw->pw_name);
    else
        snprintf(db->actor, sizeof db->actor, "uid:%ld", (long)geteuid());
}

core_status core_sqlite_err(core_db *db, int rc, const char *what, core_err *err)
{
    int prim = rc & 0xff;
    const char *path = db && db->path ? db->path : "";
    char p[300];
    core_sanitize_into(p, sizeof p, path);
    switch (prim) {
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
        return core_err_set(err, CORE_EBUSY,
                            "%s: the database %s stayed locked by another user for over %d s; try again",
                            what, p, BUSY_TIMEOUT_MS / 1000);
    case SQLITE_FULL:
        return core_err_set(err, CORE_EIO, "%s: the disk holding %s is full; nothing was saved", what, p);
    case SQLITE_READONLY:
        return core_err_set(err, CORE_EREADONLY,
                            "%s: %s cannot be written (read-only file, directory or file system)", what, p);
    case SQLITE_PERM:
    case SQLITE_CANTOPEN:
    case SQLITE_AUTH:
        return core_err_set(err, CORE_ECANTCREAT, "%s: cannot open %s: %s", what, p,
                            errno ? strerror(errno) : "permission denied");
    case SQLITE_IOERR:
        return core_err_set(err, CORE_EIO, "%s: I/O error on %s; nothing was saved", what, p);
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
        return core_err_set(err, CORE_ECORRUPT, "%s: %s is damaged or not a database", what, p);
    case SQLITE_NOMEM:
        return core_err_set(err, CORE_ENOMEM, "%s: out of memory", what);
    case SQLITE_CONSTRAINT: {
        char m[300];
        core_sanitize_into(m, sizeof m, db && db->h ? sqlite3_errmsg(db->h) : "constraint failed");
        return core_err_set(err, CORE_EDATA, "%s: refused by the database: %s", what, m);
    }
    default: {
        char m[300];
        core_sanitize_into(m, sizeof m, db && db->h ? sqlite3_errmsg(db->h) : sqlite3_errstr(rc));
        return core_err_set(err, CORE_EINTERNAL, "%s: unexpected database error %d (%s)", what, rc, m);
    }
    }
}

sqlite3_stmt *core_stmt(core_db *db, const char *sql, core_err *err)
{
    for (int i = 0; i < db->ncache; i++) {
        if (db->cache[i].sql == sql) {
            sqlite3_stmt *st = db->cache[i].st;
            sqlite3_reset(st);
            sqlite3_clear_bindings(st);
            return st;
        }
    }
    sqlite3_stmt *st = NULL;
    int rc = sqlite3_prepare_v3(db->h, sql, -1, SQLITE_PREPARE_PERSISTENT, &st, NULL);
    if (rc != SQLITE_OK) {
        core_sqlite_err(db, rc, "preparing a query", err);
        return NULL;
    }
    if (db->ncache == db->capcache) {
        int cap = db->capcache ? db->capcache * 2 : 64;
        struct core_stmt_slot *c = realloc(db->cache, sizeof *c * (size_t)cap);
        if (!c) {
            sqlite3_finalize(st);
            core_err_set(err, CORE_ENOMEM, "out of memory");
            return NULL;
        }
        db->cache = c;
        db->capcache = cap;
    }
    db->cache[db->ncache].sql = sql;
    db->cache[db->ncache].st = st;
    db->ncache++;
    return st;
}

static core_status exec(core_db *db, const char *sql, const char *what, core_err *err)
{
    int rc = sqlite3_exec(db->h, sql, NULL, NULL, NULL);
    return rc == SQLITE_OK ? CORE_OK : core_sqlite_err(db, rc, what, err);
}

core_status core_tx_begin(core_db *db, core_err *err)
{
    if (db->readonly) {
        char sp[300];
        core_sanitize_into(sp, sizeof sp, db->path);
        return core_err_set(err, CORE_EREADONLY, "%s is open read-only%s", sp,
                            db->not_writable ? ": you cannot write to it (read-only file, directory or file system)"
                                             : "");
    }
    if (db->tx_depth++ > 0)
        return CORE_OK;
    core_status st = exec(db, "BEGIN IMMEDIATE", "starting a write", err);
    if (st != CORE_OK)
        db->tx_depth = 0;
    return st;
}

/* Stock can dip below zero between the rows of a ledger import, never in
 * a committed state. */
static core_status check_stock_not_negative(core_db *db, core_err *err)
{
    static const char SQL[] = "SELECT code, quantity FROM resources WHERE quantity < 0 LIMIT 1";
    sqlite3_stmt *st = core_stmt(db, SQL, err);
    if (!st)
        return core_err_status(err);
    core_status res = CORE_OK;
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        char code[120];
        core_sanitize_into(code, sizeof code, (const char *)sqlite3_column_text(st, 0));
        res = core_err_set(err, CORE_EDATA, "these movements would leave %s at %lld, below zero; nothing was saved",
                           code, (long long)sqlite3_column_int64(st, 1));
    } else if (rc != SQLITE_DONE) {
        res = core_sqlite_err(db, rc, "checking stock", err);
    }
    sqlite3_reset(st);
    return res;
}

core_status core_tx_commit(core_db *db, core_err *err)
{
    if (db->tx_depth == 0)
        return core_err_set(err, CORE_EINTERNAL, "commit without a transaction");
    if (--db->tx_depth > 0)
        return CORE_OK;
    if (db->dirty_tables & ((1u << CORE_T_MOVEMENTS) | (1u << CORE_T_RESOURCES))) {
        core_status lst = check_stock_not_negative(db, err);
        if (lst != CORE_OK) {
            core_tx_rollback(db);
            return lst;
        }
    }
    if (db->dirty_tables) {
        core_status ast = core_alerts_on_commit(db, err);
        db->dirty_tables = 0;
        if (ast != CORE_OK) {
            core_tx_rollback(db);
            return ast;
        }
    }
    int rc;
    /* busy_timeout already waited inside COMMIT; a BUSY here means another
     * reader held the WAL a long time. Retry a few times, then give up. */
    for (int tries = 0;; tries++) {
        rc = sqlite3_exec(db->h, "COMMIT", NULL, NULL, NULL);
        if ((rc & 0xff) != SQLITE_BUSY || tries >= 3)
            break;
        usleep(50000);
    }
    if (rc != SQLITE_OK) {
        core_status st = core_sqlite_err(db, rc, "saving", err);
        core_tx_rollback(db);
        return st;
    }
    return CORE_OK;
}

void core_tx_rollback(core_db *db)
{
    db->tx_depth = 0;
    db->dirty_tables = 0;
    if (!sqlite3_get_autocommit(db->h))
        sqlite3_exec(db->h, "ROLLBACK", NULL, NULL, NULL);
}

core_status core_audit(core_db *db, const char *action, const char *table, const char *row,
                       const char *changes, core_err *err)
{
    static const char SQL[] =
        "INSERT INTO audit(at, actor, action, tbl, row_key, changes) VALUES (?,?,?,?,?,?)";
    sqlite3_stmt *st = core_stmt(db, SQL, err);
    if (!st)
        return core_err_status(err);
    char now[24];
    core_format_ts(core_now(), now);
    sqlite3_bind_text(st, 1, now, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, db->actor, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 3, action, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 4, table, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 5, row, -1, SQLITE_STATIC);
    if (changes)
        sqlite3_bind_text(st, 6, changes, -1, SQLITE_STATIC);
    int rc = sqlite3_step(st);
    sqlite3_reset(st);
    return rc == SQLITE_DONE ? CORE_OK : core_sqlite_err(db, rc, "recording the audit trail", err);
}

/* SQLite's own busy_timeout, plus a word to the front end once the wait
 * is long enough for a person to notice. */
#define BUSY_NOTICE_MS 200

static int on_busy(void *ctx, int count)
{
    core_db *db = ctx;
    /* Back off 1, 2, 5, 10, 20, 25 ms then 25 ms steps, as SQLite does. */
    static const int delays[] = {1, 2, 5, 10, 15, 20, 25, 25, 25, 50, 50, 100};
    int waited = 0, n = (int)(sizeof delays / sizeof delays[0]);
    for (int i = 0; i < count; i++)
        waited += i < n ? delays[i] : 100;
    if (waited >= BUSY_TIMEOUT_MS)
        return 0;
    int d = count < n ? delays[count] : 100;
    if (db->busy_hook && waited < BUSY_NOTICE_MS && waited + d >= BUSY_NOTICE_MS)
        db->busy_hook(db->busy_ctx, waited + d);
    usleep((useconds_t)d * 1000);
    return 1;
}

void core_db_set_busy_hook(core_db *db, core_busy_hook hook, void *ctx)
{
    db->busy_hook = hook;
    db->busy_ctx = ctx;
}

void core_col_copy(char *dst, size_t n, sqlite3_stmt *st, int i)
{
    const char *s = (const char *)sqlite3_column_text(st, i);
    if (!n)
        return;
    size_t len = s ? strlen(s) : 0;
    if (len >= n)
        len = core_utf8_cut(s, n - 1); /* never half a character */
    memcpy(dst, s ? s : "", len);
    dst[len] = '\0';
}

char *core_col_dup(sqlite3_stmt *st, int i)
{
    const char *s = (const char *)sqlite3_column_text(st, i);
    return strdup(s ? s : "");
}

/* The first column of sql's first row as an integer (0 when there is no
 * row). *rc (when not NULL) receives SQLITE_OK, or the failing result code
 * (SQLITE_ERROR is 1: never take a non-zero rc as "true"). */
static int64_t pragma_int(core_db *db, const char *sql, int *rc_out)
{
    sqlite3_stmt *st = NULL;
    int64_t v = 0;
    int rc = sqlite3_prepare_v2(db->h, sql, -1, &st, NULL);
    if (rc == SQLITE_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
        v = sqlite3_column_int64(st, 0);
        rc = SQLITE_OK;
    } else if (rc == SQLITE_DONE) {
        rc = SQLITE_OK;
    }
    sqlite3_finalize(st);
    if (rc_out)
        *rc_out = rc;
    return v;
}

int core_db_schema_version(core_db *db)
{
    return (int)pragma_int(db, "PRAGMA user_version", NULL);
}

/* Whether this binary reads a file at schema version ver correctly: every
 * migration since is marked read-compatible. */
static int read_compatible(int64_t ver)
{
    if (ver < 1)
        return 0;
    for (int i = 0; i < core_migration_count; i++)
        if (core_migrations[i].to > ver && !core_migrations[i].read_compat)
            return 0;
    return 1;
}

core_status core_db_migrate_with(core_db *db, const core_migration *list, int n, core_err *err)
{
    for (int i = 0; i < n; i++) {
        core_status st = core_tx_begin(db, err);
        if (st != CORE_OK)
            return st;
        int have = core_db_schema_version(db);
        if (list[i].to <= have) {
            core_tx_commit(db, NULL);
            continue;
        }
        if (list[i].to != have + 1) {
            core_tx_rollback(db);
            return core_err_set(err, CORE_EINTERNAL, "no migration from schema %d to %d", have,
                                list[i].to);
        }
        st = exec(db, list[i].sql, "migrating the schema", err);
        if (st == CORE_OK) {
            char sql[96];
            snprintf(sql, sizeof sql, "PRAGMA user_version = %d; PRAGMA application_id = %d",
                     list[i].to, CORE_APPLICATION_ID);
            st = exec(db, sql, "migrating the schema", err);
        }
        if (st == CORE_OK) {
            char row[32];
            snprintf(row, sizeof row, "schema v%d", list[i].to);
            st = core_audit(db, "migrate", "schema", row, NULL, err);
        }
        if (st == CORE_OK)
            st = core_tx_commit(db, err);
        if (st != CORE_OK) {
            core_tx_rollback(db);
            return st;
        }
    }
    return CORE_OK;
}

/* PRAGMA quick_check over the whole file, or over the schema and the
 * small reference tables every panel reads (each with its indexes), which
 * keeps opening the dashboard instant; the whole file is checked by vigil
 * init and vigil check (cron), and damage anywhere else is reported as
 * CORE_ECORRUPT when it is read. */
static core_status quick_check(core_db *db, int whole, const char *sp, core_err *err)
{
    static const char *const SMALL[] = {
        "PRAGMA quick_check(sqlite_schema)", "PRAGMA quick_check(regions)", "PRAGMA quick_check(indicators)",
    };
    static const char *const WHOLE[] = {"PRAGMA quick_check(1)"};
    const char *const *list = whole ? WHOLE : SMALL;
    int n = whole ? 1 : (int)(sizeof SMALL / sizeof SMALL[0]);
    for (int i = 0; i < n; i++) {
        sqlite3_stmt *qc = NULL;
        int rc = sqlite3_prepare_v2(db->h, list[i], -1, &qc, NULL);
        if (rc == SQLITE_OK)
            rc = sqlite3_step(qc);
        const char *res = rc == SQLITE_ROW ? (const char *)sqlite3_column_text(qc, 0) : NULL;
        if (!res || strcmp(res, "ok") != 0) {
            char m[300];
            core_sanitize_into(m, sizeof m, res ? res : sqlite3_errstr(rc));
            sqlite3_finalize(qc);
            return core_err_set(err, CORE_ECORRUPT,
                                "%s fails its integrity check (%s); left untouched - restore from backup", sp, m);
        }
        sqlite3_finalize(qc);
    }
    return CORE_OK;
}

/* SQLite gives -wal and -shm the database's mode when it creates them. A
 * -shm made while the database was read-only (mode 0444) outlives it and
 * turns every later writer away; give such leftovers we own the
 * database's mode again before opening for writing. */
static void repair_sidecar_modes(const char *path)
{
    struct stat db;
    if (stat(path, &db) != 0)
        return;
    static const char *const SUFFIX[] = {"-wal", "-shm"};
    for (int i = 0; i < 2; i++) {
        char side[PATH_MAX];
        struct stat sb;
        if (snprintf(side, sizeof side, "%s%s", path, SUFFIX[i]) >= (int)sizeof side || stat(side, &sb) != 0)
            continue;
        mode_t want = db.st_mode & 0666;
        if ((sb.st_mode & 0666) != want && (sb.st_uid == geteuid() || geteuid() == 0) &&
            (sb.st_mode & 0222) == 0)
            chmod(side, want);
    }
}

/* Read the first 16 bytes to tell "empty", "SQLite", "something else". */
static int file_kind(const char *path, off_t *size)
{
    struct stat sb;
    if (stat(path, &sb) != 0)
        return -1; /* missing */
    *size = sb.st_size;
    if (!S_ISREG(sb.st_mode))
        return 3; /* not a regular file */
    if (sb.st_size == 0)
        return 0; /* empty */
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return 4; /* unreadable */
    char head[16] = {0};
    ssize_t got = read(fd, head, sizeof head);
    close(fd);
    if (got == 16 && memcmp(head, SQLITE_MAGIC, 16) == 0)
        return 1;
    return 2; /* foreign */
}

/* The directory part of path into dir ("." for a bare name, "/" for
 * "/name"). Returns the last component (in path), or NULL when the
 * directory part does not fit. */
static const char *dir_of(const char *path, char *dir, size_t dirsz)
{
    const char *slash = strrchr(path, '/');
    if (!slash) {
        snprintf(dir, dirsz, ".");
        return path;
    }
    size_t n = slash == path ? 1 : (size_t)(slash - path);
    if (n >= dirsz)
        return NULL;
    memcpy(dir, path, n);
    dir[n] = '\0';
    return slash + 1;
}

/* Whether path+suffix ("-wal") exists. */
static int sidecar_exists(const char *path, const char *suffix)
{
    char p[4096];
    struct stat sb;
    if (snprintf(p, sizeof p, "%s%s", path, suffix) >= (int)sizeof p)
        return 1; /* cannot tell: assume it does */
    return stat(p, &sb) == 0;
}

/* Open db->h on path, read-only when ro; with as_is, as an immutable
 * file (a URI with immutable=1: no locks, no -shm). Sets what every
 * connection needs. Returns the SQLite code. */
static int open_handle(core_db *db, const char *path, int ro, int as_is)
{
    char uri[4096 * 3 + 32];
    const char *name = path;
    if (as_is) {
        /* Every byte but the unreserved ones percent-encoded. */
        static const char HEX[] = "0123456789ABCDEF";
        size_t n = 0;
        n += (size_t)snprintf(uri, sizeof uri, "file:");
        for (const unsigned char *c = (const unsigned char *)path; *c && n + 4 < sizeof uri - 16; c++) {
            if ((*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') || (*c >= '0' && *c <= '9') || *c == '/' ||
                *c == '.' || *c == '-' || *c == '_' || *c == '~') {
                uri[n++] = (char)*c;
            } else {
                uri[n++] = '%';
                uri[n++] = HEX[*c >> 4];
                uri[n++] = HEX[*c & 15];
            }
        }
        snprintf(uri + n, sizeof uri - n, "?immutable=1");
        name = uri;
    }
    /* NOMUTEX: a connection is used by one thread only (vigil has one), so
     * SQLite need not lock it on every call; reading a column per row of a
     * risk window was 7% of the matrix in mutex calls. */
    int rc = sqlite3_open_v2(name, &db->h,
                             (ro ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE) | SQLITE_OPEN_NOMUTEX |
                                 (as_is ? SQLITE_OPEN_URI : 0),
                             NULL);
    if (rc != SQLITE_OK)
        return rc;
    sqlite3_extended_result_codes(db->h, 1);
    sqlite3_busy_handler(db->h, on_busy, db);
    /* The filter's LIKE ignores case beyond ASCII (core/fold.h). */
    return core_fold_register_like(db->h);
}

static core_status db_open(const char *path, unsigned flags, core_db **out, core_err *err)
{
    *out = NULL;
    core_err_clear(err);
    char sp[300];
    core_sanitize_into(sp, sizeof sp, path);
    int ro = (flags & CORE_OPEN_READONLY) != 0;
    off_t size = 0;
    int kind = file_kind(path, &size);
    if (kind == -1) {
        if (!(flags & CORE_OPEN_CREATE))
            return core_err_set(err, CORE_ENOINPUT,
                                "no database at %s (create it with: vigil init --db %s)", sp, sp);
        /* Create group-readable/writable whatever the umask, so officers
         * in one group can share it; SQLite gives -wal/-shm the same mode. */
        int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0660);
        if (fd < 0 && errno == EEXIST) {
            /* Another officer's init created it this instant: open theirs
             * (the schema is written under the write lock, once). */
            kind = file_kind(path, &size);
        } else if (fd < 0) {
            return core_err_set(err, CORE_ECANTCREAT, "cannot create %s: %s", sp, strerror(errno));
        } else {
            if (fchmod(fd, 0660) != 0) { /* best effort: shared dirs may forbid */
            }
            close(fd);
            kind = 0;
        }
    }
    if (kind == 3)
        return core_err_set(err, CORE_ENOTVIGIL, "%s is not a regular file", sp);
    if (kind == 4)
        return core_err_set(err, CORE_ENOINPUT, "cannot read %s: %s", sp, strerror(errno));
    if (kind == 2)
        return core_err_set(err, CORE_ENOTVIGIL, "%s is not a vigil database (not an SQLite file); left untouched", sp);
    if (kind == 0 && !(flags & CORE_OPEN_CREATE))
        return core_err_set(err, CORE_ENOINPUT,
                            "%s is empty, not a vigil database (create it with: vigil init --db %s)", sp, sp);

    if (!ro)
        repair_sidecar_modes(path);
    core_db *db = calloc(1, sizeof *db);
    if (!db || !(db->path = strdup(path))) {
        free(db);
        return core_err_set(err, CORE_ENOMEM, "out of memory");
    }
    db->readonly = ro;
    set_actor(db);
    core_status st = CORE_OK;
    int rc = open_handle(db, path, ro, 0);
    if (rc != SQLITE_OK) {
        st = core_sqlite_err(db, rc, "opening the database", err);
        goto fail;
    }
    /* A file this user cannot write opens read-only (SQLite falls back):
     * say so now, so that the dashboard hides its editing keys instead of
     * refusing a whole form at the end. */
    if (!ro && sqlite3_db_readonly(db->h, "main") == 1)
        ro = db->readonly = db->not_writable = 1;

    int prc = SQLITE_OK;
    int64_t app_id = pragma_int(db, "PRAGMA application_id", &prc);
    if (prc != SQLITE_OK && ro && ((prc & 0xff) == SQLITE_READONLY || (prc & 0xff) == SQLITE_CANTOPEN) &&
        !sidecar_exists(path, "-wal")) {
        /* A file in WAL mode is read through its -shm file, which the
         * first connection creates beside it: a user who cannot write the
         * directory cannot, while nobody has the database open. A short
         * read may then take the file as it stands: nothing is in a -wal
         * to miss. A dashboard, which must see others' changes, may not. */
        if (!(flags & CORE_OPEN_AS_IS)) {
            st = core_err_set(err, CORE_EREADONLY,
                              "%s: reading it needs its -shm file beside it, which you cannot create (you "
                              "cannot write to its directory); it is there while an officer with write "
                              "access has vigil open on it. Or ask for write access to the directory",
                              sp);
            goto fail;
        }
        sqlite3_close(db->h);
        db->h = NULL;
        if ((rc = open_handle(db, path, 1, 1)) != SQLITE_OK) {
            st = core_sqlite_err(db, rc, "opening the database", err);
            goto fail;
        }
        prc = SQLITE_OK;
        app_id = pragma_int(db, "PRAGMA application_id", &prc);
    }
    if (prc != SQLITE_OK) {
        st = core_sqlite_err(db, prc, "reading the database", err);
        if (st == CORE_ECORRUPT)
            core_err_set(err, CORE_ECORRUPT, "%s is damaged (not readable as a database); left untouched", sp);
        goto fail;
    }
    int prc2 = SQLITE_OK;
    int64_t ver = pragma_int(db, "PRAGMA user_version", &prc);
    int64_t nobj = pragma_int(db, "SELECT count(*) FROM sqlite_schema", &prc2);
    if (prc != SQLITE_OK || prc2 != SQLITE_OK) { /* not "version 0, empty": that would migrate it */
        st = core_sqlite_err(db, prc != SQLITE_OK ? prc : prc2, "reading the database", err);
        goto fail;
    }
    if (app_id != CORE_APPLICATION_ID && (nobj > 0 || ver != 0)) {
        st = core_err_set(err, CORE_ENOTVIGIL,
                          "%s is an SQLite file but not a vigil database; left untouched", sp);
        goto fail;
    }
    if (ver > CORE_SCHEMA_VERSION) {
        st = core_err_set(err, CORE_ENEWER,
                          "%s has schema version %lld, newer than this vigil understands (%d); "
                          "upgrade vigil. The file was left untouched",
                          sp, (long long)ver, CORE_SCHEMA_VERSION);
        goto fail;
    }
    /* The whole file is checked before a migration writes to it. */
    if (nobj > 0 && (st = quick_check(db, (flags & CORE_OPEN_FULLCHECK) || (ver < CORE_SCHEMA_VERSION && !ro), sp,
                                      err)))
        goto fail;

    if (!ro) {
        sqlite3_stmt *jm = NULL;
        rc = sqlite3_prepare_v2(db->h, "PRAGMA journal_mode=WAL", -1, &jm, NULL);
        if (rc == SQLITE_OK)
            rc = sqlite3_step(jm);
        sqlite3_finalize(jm);
        if (rc != SQLITE_ROW) {
            st = core_sqlite_err(db, rc, "switching to WAL mode", err);
            goto fail;
        }
    }
    /* 8 MiB of page cache keeps the pages the risk windows read resident
     * between refreshes (the default 2 MiB re-reads them from the OS). */
    /* journal_size_limit: a long read (a backup, a slow reader) lets the
     * -wal grow while writers go on; once checkpointed, it is cut back to
     * 64 MiB instead of keeping its peak size all shift. */
    if ((st = exec(db,
                   "PRAGMA foreign_keys=ON; PRAGMA synchronous=NORMAL; PRAGMA cache_size=-8192;"
                   " PRAGMA journal_size_limit=67108864",
                   "configuring the database", err)))
        goto fail;

    if (ver < CORE_SCHEMA_VERSION) {
        if (ro && read_compatible(ver))
            goto opened; /* read as it is; the next read-write open migrates it */
        if (ro) {
            st = core_err_set(err, CORE_EREADONLY,
                              "%s has schema version %lld and needs migrating to %d: run vigil init --db %s",
                              sp, (long long)ver, CORE_SCHEMA_VERSION, sp);
            goto fail;
        }
        if (ver == 0 && !(flags & CORE_OPEN_CREATE)) {
            st = core_err_set(err, CORE_ENOINPUT, "%s has no vigil schema yet: run vigil init --db %s", sp, sp);
            goto fail;
        }
        if ((st = core_db_migrate_with(db, core_migrations, core_migration_count, err)))
            goto fail;
    }
opened:
    rc = sqlite3_prepare_v3(db->h, "PRAGMA data_version", -1, SQLITE_PREPARE_PERSISTENT,
                            &db->st_data_version, NULL);
    if (rc != SQLITE_OK) {
        st = core_sqlite_err(db, rc, "preparing change detection", err);
        goto fail;
    }
    core_db_changed(db);
    *out = db;
    return CORE_OK;
fail:
    core_db_close(db);
    return st;
}

core_status core_db_open(const char *path, unsigned flags, core_db **out, core_err *err)
{
    if (!(flags & CORE_OPEN_CREATE))
        return db_open(path, flags, out, err);
    /* Two officers running vigil init at once: without this the second
     * could read the file between the first's creating it and its schema
     * ("not a vigil database"), or both wait on each other to switch it to
     * WAL. Creating and migrating hold an exclusive lock on the directory
     * (flock: SQLite's own locks are fcntl locks, and other openers never
     * take this one); where it cannot be had, the open goes on without. */
    char dir[PATH_MAX];
    int dfd = dir_of(path, dir, sizeof dir) ? open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC) : -1;
    if (dfd >= 0 && flock(dfd, LOCK_EX) != 0) {
        close(dfd);
        dfd = -1;
    }
    core_status st = db_open(path, flags, out, err);
    if (dfd >= 0)
        close(dfd); /* releases the lock */
    return st;
}

void core_db_close(core_db *db)
{
    if (!db)
        return;
    for (int i = 0; i < db->ncache; i++)
        sqlite3_finalize(db->cache[i].st);
    free(db->cache);
    for (int i = 0; i < CORE_TABLE_COUNT; i++)
        for (int j = 0; j < 5; j++)
            free(db->tsql[i][j]);
    sqlite3_finalize(db->st_data_version);
    if (db->h)
        sqlite3_close_v2(db->h);
    free(db->path);
    free(db);
}

const char *core_db_path(const core_db *db) { return db->path; }
int core_db_readonly(const core_db *db) { return db->readonly; }
const char *core_db_actor(const core_db *db) { return db->actor; }

int core_db_changed(core_db *db)
{
    int64_t dv = db->seen_data_version;
    if (sqlite3_step(db->st_data_version) == SQLITE_ROW)
        dv = sqlite3_column_int64(db->st_data_version, 0);
    sqlite3_reset(db->st_data_version);
    int64_t tc = sqlite3_total_changes64(db->h);
    int changed = dv != db->seen_data_version || tc != db->seen_total_changes;
    db->seen_data_version = dv;
    db->seen_total_changes = tc;
    return changed;
}

core_status core_db_integrity(core_db *db, core_err *err)
{
    sqlite3_stmt *st = NULL;
    int rc = sqlite3_prepare_v2(db->h, "PRAGMA integrity_check(1)", -1, &st, NULL);
    if (rc == SQLITE_OK)
        rc = sqlite3_step(st);
    core_status res = CORE_OK;
    if (rc != SQLITE_ROW) {
        res = core_sqlite_err(db, rc, "checking integrity", err);
    } else {
        const char *r = (const char *)sqlite3_column_text(st, 0);
        if (!r || strcmp(r, "ok") != 0) {
            char m[300];
            core_sanitize_into(m, sizeof m, r ? r : "");
            res = core_err_set(err, CORE_ECORRUPT, "integrity check failed: %s", m);
        }
    }
    sqlite3_finalize(st);
    if (res == CORE_OK) {
        /* The ledger invariant is part of integrity for vigil. */
        int prc = SQLITE_OK;
        int64_t bad = pragma_int(db,
                                 "SELECT count(*) FROM resources r WHERE quantity <> "
                                 "(SELECT coalesce(sum(delta),0) FROM movements m WHERE m.resource_id = r.id)",
                                 &prc);
        if (prc != SQLITE_OK)
            res = core_sqlite_err(db, prc, "checking the stock ledger", err);
        else if (bad > 0)
            res = core_err_set(err, CORE_ECORRUPT,
                               "%lld resource(s) have a quantity that differs from the sum of their movements",
                               (long long)bad);
    }
    return res;
}

core_status core_db_counts(core_db *db, int64_t *counts, core_err *err)
{
    static const char *const SQL[CORE_TABLE_COUNT] = {
        "SELECT count(*) FROM regions",    "SELECT count(*) FROM indicators",
        "SELECT count(*) FROM observations", "SELECT count(*) FROM partners",
        "SELECT count(*) FROM resources",  "SELECT count(*) FROM movements",
        "SELECT count(*) FROM activities", "SELECT count(*) FROM alerts",
        "SELECT count(*) FROM audit",
    };
    for (int i = 0; i < CORE_TABLE_COUNT; i++) {
        int rc = SQLITE_OK;
        counts[i] = pragma_int(db, SQL[i], &rc);
        if (rc != SQLITE_OK)
            return core_sqlite_err(db, rc, "counting rows", err);
    }
    return CORE_OK;
}

core_status core_db_batch_begin(core_db *db, core_err *err)
{
    return core_tx_begin(db, err);
}

core_status core_db_batch_end(core_db *db, int commit, core_err *err)
{
    if (commit)
        return core_tx_commit(db, err);
    core_tx_rollback(db);
    return CORE_OK;
}

int core_same_file(const char *a, const char *b)
{
    struct stat sa, sb;
    return stat(a, &sa) == 0 && stat(b, &sb) == 0 && sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
}

/* path with its directory resolved (the last component kept as given, so
 * a name that does not exist yet still has a canonical form), or NULL. */
static char *resolved_name(const char *path)
{
    char dir[PATH_MAX], real[PATH_MAX];
    const char *base = dir_of(path, dir, sizeof dir);
    if (!base || !realpath(dir, real))
        return NULL;
    size_t len = strlen(real) + 1 + strlen(base) + 1;
    char *out = malloc(len);
    if (out)
        snprintf(out, len, "%s/%s", strcmp(real, "/") ? real : "", base);
    return out;
}

int core_db_is_own_file(const core_db *db, const char *path)
{
    static const char *const SUFFIX[] = {"", "-wal", "-shm", "-journal"};
    const char *main_path = sqlite3_db_filename(db->h, "main");
    if (!main_path || !*main_path)
        main_path = db->path;
    char *want = resolved_name(path), *mine = resolved_name(main_path);
    int own = 0;
    size_t n = strlen(main_path);
    char *companion = malloc(n + 16);
    for (size_t i = 0; companion && i < sizeof SUFFIX / sizeof SUFFIX[0] && !own; i++) {
        snprintf(companion, n + 16, "%s%s", main_path, SUFFIX[i]);
        if (core_same_file(path, companion))
            own = 1;
        else if (want && mine) {
            size_t m = strlen(mine);
            own = !strncmp(want, mine, m) && !strcmp(want + m, SUFFIX[i]);
        }
    }
    free(companion);
    free(want);
    free(mine);
    return own;
}

core_status core_db_backup(core_db *db, const char *dest, core_err *err)
{
    char sd[300];
    core_sanitize_into(sd, sizeof sd, dest);
    if (core_db_is_own_file(db, dest))
        return core_err_set(err, CORE_EUSAGE,
                            "%s is the database itself (or one of its -wal/-shm files); back up to another path",
                            sd);
    size_t n = strlen(dest);
    char *tmp = malloc(n + 16);
    if (!tmp)
        return core_err_set(err, CORE_ENOMEM, "out of memory");
    snprintf(tmp, n + 16, "%s.tmp-XXXXXX", dest);
    /* An empty file is what VACUUM INTO accepts as its target. */
    int fd = mkstemp(tmp);
    if (fd < 0) {
        core_status st = core_err_set(err, CORE_ECANTCREAT, "cannot create %s: %s", sd, strerror(errno));
        free(tmp);
        return st;
    }
    fchmod(fd, 0660);
    close(fd);
    core_status st = CORE_OK;
    sqlite3_stmt *v = NULL;
    int rc = sqlite3_prepare_v2(db->h, "VACUUM INTO ?", -1, &v, NULL);
    if (rc == SQLITE_OK) {
        sqlite3_bind_text(v, 1, tmp, -1, SQLITE_STATIC);
        rc = sqlite3_step(v);
    }
    sqlite3_finalize(v);
    if (rc != SQLITE_DONE && rc != SQLITE_OK) {
        st = core_sqlite_err(db, rc, "copying the database", err);
    } else {
        fd = open(tmp, O_RDONLY | O_CLOEXEC);
        if (fd < 0 || fsync(fd) != 0)
            st = core_err_set(err, CORE_EIO, "writing %s: %s", sd, strerror(errno));
        if (fd >= 0)
            close(fd);
        if (st == CORE_OK && rename(tmp, dest) != 0)
            st = core_err_set(err, CORE_ECANTCREAT, "cannot create %s: %s", sd, strerror(errno));
        if (st == CORE_OK) {
            /* Make the rename itself durable. */
            char *dir = strdup(dest);
            char *slash = dir ? strrchr(dir, '/') : NULL;
            if (dir) {
                if (slash)
                    *(slash == dir ? slash + 1 : slash) = '\0';
                int dfd = open(slash ? dir : ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
                if (dfd >= 0) {
                    fsync(dfd);
                    close(dfd);
                }
                free(dir);
            }
        }
    }
    if (st != CORE_OK)
        unlink(tmp);
    free(tmp);
    return st;
}
