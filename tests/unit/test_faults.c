/* Fault injection (SPEC §6: "Disk full, read-only file system and
 * permission errors give a clear message; no committed data is lost and
 * the database stays consistent").
 *
 * A test VFS wraps SQLite's "unix" VFS and fails the Nth xWrite, xSync or
 * xTruncate with an I/O error or SQLITE_FULL — once, or from then on (a
 * disk that stays full). For N = 1, 2, ... until the operation runs
 * without reaching the fault, each of two operations runs on a fresh copy
 * of a small database: a core_import of a small CSV (inserts and an update)
 * and a core_row_update of a stock quantity (a ledger movement and an
 * alert follow). Every time:
 *   - no crash; an error is CORE_EIO and says "full" or "I/O error";
 *   - closing and reopening with the normal VFS works, the integrity check
 *     (which includes the stock ledger) passes, and the file holds exactly
 *     the state before (operation failed) or after (operation reported
 *     success) — never a part of the import, never a lost commit.
 * The same for the Nth SQLite allocation (SQLITE_CONFIG_MALLOC wrapper,
 * installed before any SQLite use): CORE_ENOMEM or success, and the same
 * all-or-nothing file afterwards. */
#include "testutil.h"

#include <errno.h>
#include <stdarg.h>
#include <locale.h>
#include <sqlite3.h>
#include <sys/stat.h>

#include "core/csvio.h"
#include "core/db.h"
#include "core/store.h"

/* ---- the fault VFS ------------------------------------------------------------ */

enum { F_WRITE, F_SYNC, F_TRUNCATE, F_KINDS };
static const char *const KIND_NAME[F_KINDS] = {"xWrite", "xSync", "xTruncate"};

static struct {
    int armed;
    int kind;       /* which call fails                          */
    long nth;       /* the Nth such call fails ...                */
    int persist;    /* ... and, when set, every one after it      */
    int rc;         /* with this result code                      */
    long count;     /* calls of `kind` seen while armed           */
    int hits;       /* faults injected                            */
} F;

static int fault_now(int kind)
{
    if (!F.armed || F.kind != kind)
        return 0;
    F.count++;
    if (F.count == F.nth || (F.persist && F.count > F.nth)) {
        F.hits++;
        return 1;
    }
    return 0;
}

static sqlite3_vfs *real_vfs;
static sqlite3_vfs fault_vfs;

typedef struct ffile {
    sqlite3_file base;
    sqlite3_file *real; /* follows this struct in the same allocation */
} ffile;

#define REAL(f) (((ffile *)(f))->real)

static int f_close(sqlite3_file *f) { return REAL(f)->pMethods->xClose(REAL(f)); }
static int f_read(sqlite3_file *f, void *b, int n, sqlite3_int64 off)
{
    return REAL(f)->pMethods->xRead(REAL(f), b, n, off);
}
static int f_write(sqlite3_file *f, const void *b, int n, sqlite3_int64 off)
{
    if (fault_now(F_WRITE))
        return F.rc;
    return REAL(f)->pMethods->xWrite(REAL(f), b, n, off);
}
static int f_truncate(sqlite3_file *f, sqlite3_int64 size)
{
    if (fault_now(F_TRUNCATE))
        return F.rc;
    return REAL(f)->pMethods->xTruncate(REAL(f), size);
}
static int f_sync(sqlite3_file *f, int flags)
{
    if (fault_now(F_SYNC))
        return F.rc;
    return REAL(f)->pMethods->xSync(REAL(f), flags);
}
static int f_size(sqlite3_file *f, sqlite3_int64 *size) { return REAL(f)->pMethods->xFileSize(REAL(f), size); }
static int f_lock(sqlite3_file *f, int l) { return REAL(f)->pMethods->xLock(REAL(f), l); }
static int f_unlock(sqlite3_file *f, int l) { return REAL(f)->pMethods->xUnlock(REAL(f), l); }
static int f_check(sqlite3_file *f, int *out) { return REAL(f)->pMethods->xCheckReservedLock(REAL(f), out); }
static int f_fcntl(sqlite3_file *f, int op, void *arg)
{
    return REAL(f)->pMethods->xFileControl(REAL(f), op, arg);
}
static int f_sector(sqlite3_file *f) { return REAL(f)->pMethods->xSectorSize(REAL(f)); }
static int f_devchar(sqlite3_file *f) { return REAL(f)->pMethods->xDeviceCharacteristics(REAL(f)); }
static int f_shmmap(sqlite3_file *f, int pg, int pgsz, int extend, void volatile **pp)
{
    return REAL(f)->pMethods->xShmMap(REAL(f), pg, pgsz, extend, pp);
}
static int f_shmlock(sqlite3_file *f, int off, int n, int flags)
{
    return REAL(f)->pMethods->xShmLock(REAL(f), off, n, flags);
}
static void f_shmbarrier(sqlite3_file *f) { REAL(f)->pMethods->xShmBarrier(REAL(f)); }
static int f_shmunmap(sqlite3_file *f, int del) { return REAL(f)->pMethods->xShmUnmap(REAL(f), del); }
static int f_fetch(sqlite3_file *f, sqlite3_int64 off, int n, void **pp)
{
    return REAL(f)->pMethods->xFetch(REAL(f), off, n, pp);
}
static int f_unfetch(sqlite3_file *f, sqlite3_int64 off, void *p)
{
    return REAL(f)->pMethods->xUnfetch(REAL(f), off, p);
}

static const sqlite3_io_methods FAULT_IO = {
    3, f_close, f_read, f_write, f_truncate, f_sync, f_size, f_lock, f_unlock, f_check, f_fcntl, f_sector,
    f_devchar, f_shmmap, f_shmlock, f_shmbarrier, f_shmunmap, f_fetch, f_unfetch,
};

static int v_open(sqlite3_vfs *vfs, sqlite3_filename name, sqlite3_file *f, int flags, int *out)
{
    (void)vfs;
    ffile *ff = (ffile *)f;
    ff->real = (sqlite3_file *)(ff + 1);
    memset(ff->real, 0, (size_t)real_vfs->szOsFile);
    int rc = real_vfs->xOpen(real_vfs, name, ff->real, flags, out);
    /* The wrapper's methods assume version 3; unix gives that. */
    f->pMethods = ff->real->pMethods && ff->real->pMethods->iVersion >= 3 ? &FAULT_IO : NULL;
    if (ff->real->pMethods && !f->pMethods) {
        ff->real->pMethods->xClose(ff->real);
        return SQLITE_CANTOPEN;
    }
    return rc;
}
static int v_delete(sqlite3_vfs *v, const char *n, int s) { (void)v; return real_vfs->xDelete(real_vfs, n, s); }
static int v_access(sqlite3_vfs *v, const char *n, int fl, int *out)
{
    (void)v;
    return real_vfs->xAccess(real_vfs, n, fl, out);
}
static int v_fullpath(sqlite3_vfs *v, const char *n, int sz, char *out)
{
    (void)v;
    return real_vfs->xFullPathname(real_vfs, n, sz, out);
}
static void *v_dlopen(sqlite3_vfs *v, const char *n) { (void)v; return real_vfs->xDlOpen(real_vfs, n); }
static void v_dlerror(sqlite3_vfs *v, int n, char *m) { (void)v; real_vfs->xDlError(real_vfs, n, m); }
static void (*v_dlsym(sqlite3_vfs *v, void *h, const char *s))(void)
{
    (void)v;
    return real_vfs->xDlSym(real_vfs, h, s);
}
static void v_dlclose(sqlite3_vfs *v, void *h) { (void)v; real_vfs->xDlClose(real_vfs, h); }
static int v_random(sqlite3_vfs *v, int n, char *out) { (void)v; return real_vfs->xRandomness(real_vfs, n, out); }
static int v_sleep(sqlite3_vfs *v, int us) { (void)v; return real_vfs->xSleep(real_vfs, us); }
static int v_time(sqlite3_vfs *v, double *t) { (void)v; return real_vfs->xCurrentTime(real_vfs, t); }
static int v_lasterr(sqlite3_vfs *v, int n, char *m) { (void)v; return real_vfs->xGetLastError(real_vfs, n, m); }
static int v_time64(sqlite3_vfs *v, sqlite3_int64 *t) { (void)v; return real_vfs->xCurrentTimeInt64(real_vfs, t); }

static void fault_vfs_install(void)
{
    sqlite3_vfs_register(&fault_vfs, 1);
    assert_ptr_equal(sqlite3_vfs_find(NULL), &fault_vfs);
}

static void fault_vfs_remove(void)
{
    sqlite3_vfs_unregister(&fault_vfs);
    sqlite3_vfs_register(real_vfs, 1);
    assert_ptr_equal(sqlite3_vfs_find(NULL), real_vfs);
}

/* ---- the failing allocator ------------------------------------------------------ */

static sqlite3_mem_methods real_mem;

static struct {
    int armed;
    long nth;
    int persist;
    long count;
    int hits;
} M;

static int mem_fault(void)
{
    if (!M.armed)
        return 0;
    M.count++;
    if (M.count == M.nth || (M.persist && M.count > M.nth)) {
        M.hits++;
        return 1;
    }
    return 0;
}
static void *m_malloc(int n) { return mem_fault() ? NULL : real_mem.xMalloc(n); }
static void m_free(void *p) { real_mem.xFree(p); }
static void *m_realloc(void *p, int n) { return mem_fault() ? NULL : real_mem.xRealloc(p, n); }
static int m_size(void *p) { return real_mem.xSize(p); }
static int m_roundup(int n) { return real_mem.xRoundup(n); }
static int m_init(void *a) { return real_mem.xInit(a); }
static void m_shutdown(void *a) { real_mem.xShutdown(a); }

/* ---- the database and the operations ------------------------------------------- */

static char *dir, *tmpl, *work, *csv;

static const char IMPORT_CSV[] =
    "name,kind,region_code,notes\n"
    "New One,cso,XR01,first\n"
    "New Two,media,XR01,\"second, with a comma\"\n"
    "New Three,local_ngo,,\"two\nlines\"\n"
    "New Four,other,XR01,\n"
    "New Five,faith_group,,fifth\n"
    "Old Partner,cso,XR01,changed by the import\n";

/* The template: a region, a partner the import updates, a resource whose
 * quantity the update changes. */
static void make_template(void)
{
    core_db *db;
    core_err e;
    assert_int_equal(core_db_open(tmpl, CORE_OPEN_CREATE, &db, &e), CORE_OK);
    const char *r[4] = {"XR01", "North", NULL, "1000"};
    assert_int_equal(core_row_insert(db, CORE_T_REGIONS, r, NULL, NULL, &e), CORE_OK);
    const char *p[12] = {"Old Partner", NULL, "cso", NULL, "XR01"};
    p[11] = "as it was";
    assert_int_equal(core_row_insert(db, CORE_T_PARTNERS, p, NULL, NULL, &e), CORE_OK);
    const char *s[11] = {"RES1", "Medical kits", "medical", "kits", "XR01", "Depot", "10", "5"};
    assert_int_equal(core_row_insert(db, CORE_T_RESOURCES, s, NULL, NULL, &e), CORE_OK);
    core_db_close(db);
}

static void copy_file(const char *from, const char *to)
{
    size_t n;
    char *b = tu_read(from, &n);
    assert_non_null(b);
    tu_write(to, b, n);
    free(b);
}

static void remove_work(void)
{
    char p[700];
    unlink(work);
    snprintf(p, sizeof p, "%s-wal", work);
    unlink(p);
    snprintf(p, sizeof p, "%s-shm", work);
    unlink(p);
}

/* Everything the file holds, as text: every table's export. */
static char *snapshot(core_db *db)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *m = open_memstream(&buf, &len);
    assert_non_null(m);
    for (int t = 0; t < CORE_TABLE_COUNT; t++) {
        core_err e;
        fprintf(m, "== %s\n", core_table_get((core_table_id)t)->name);
        if (core_export(db, (core_table_id)t, m, CORE_EXPORT_SENSITIVE, NULL, &e) != CORE_OK)
            fail_msg("export %d: %s", t, e.msg);
    }
    assert_int_equal(fclose(m), 0);
    return buf;
}

enum { OP_IMPORT, OP_UPDATE, OP_COUNT };
static const char *const OP_NAME[OP_COUNT] = {"import", "update"};

/* What the operation needs read before the fault is armed. */
typedef struct prep {
    int64_t id, version;
} prep;

static void op_prepare(core_db *db, int op, prep *p)
{
    core_err e;
    if (op == OP_UPDATE) {
        assert_int_equal(core_row_find(db, CORE_T_RESOURCES, "RES1", &p->id, &e), CORE_OK);
        core_row r;
        assert_int_equal(core_row_get(db, CORE_T_RESOURCES, p->id, &r, &e), CORE_OK);
        p->version = r.version;
        core_row_free(&r);
    }
}

/* Problems the import reported in the last run, joined. */
static char last_problems[2048];

static void keep_problem(void *ctx, const char *line)
{
    (void)ctx;
    size_t n = strlen(last_problems);
    snprintf(last_problems + n, sizeof last_problems - n, "%s%s", n ? " / " : "", line);
}

static core_status op_run(core_db *db, int op, const prep *p, core_err *e)
{
    last_problems[0] = '\0';
    if (op == OP_IMPORT) {
        core_import_stats s;
        core_import_opts o = {0};
        o.report = keep_problem;
        return core_import(db, CORE_T_PARTNERS, csv, &o, &s, e);
    }
    /* A stock count of 3 (minimum 5): a correction movement and an alert. */
    const char *v[11] = {NULL};
    v[6] = "3";
    v[10] = "2027-01-31";
    core_field_error fe;
    return core_row_update(db, CORE_T_RESOURCES, p->id, p->version, v, &fe, e);
}

/* The file's state before and after each operation, from clean runs. */
static char *before_state, *after_state[OP_COUNT];

static char *reopen_and_check(const char *what)
{
    core_db *db;
    core_err e;
    core_status st = core_db_open(work, CORE_OPEN_FULLCHECK, &db, &e);
    if (st != CORE_OK)
        fail_msg("%s: reopening with the normal VFS: %s", what, e.msg);
    if (core_db_integrity(db, &e) != CORE_OK)
        fail_msg("%s: integrity: %s", what, e.msg);
    char *s = snapshot(db);
    core_db_close(db);
    return s;
}

/* The operation without faults: learns after_state[op]. */
static void clean_run(int op)
{
    remove_work();
    copy_file(tmpl, work);
    core_db *db;
    core_err e;
    assert_int_equal(core_db_open(work, 0, &db, &e), CORE_OK);
    prep p = {0};
    op_prepare(db, op, &p);
    core_status st = op_run(db, op, &p, &e);
    if (st != CORE_OK)
        fail_msg("%s without faults: %s", OP_NAME[op], e.msg);
    core_db_close(db);
    after_state[op] = reopen_and_check("clean run");
}

static int group_setup(void **state)
{
    (void)state;
    setenv("VIGIL_NOW", "2026-11-20T12:00:00Z", 1);
    /* tmpfs when there is one: many small databases, no disk waits. */
    char t[] = "/dev/shm/vigil-faults-XXXXXX";
    char *d = access("/dev/shm", W_OK) == 0 ? mkdtemp(t) : NULL;
    dir = d ? strdup(d) : tu_tmpdir();
    tmpl = tu_path(dir, "template.db");
    work = tu_path(dir, "work.db");
    csv = tu_path(dir, "in.csv");
    tu_write(csv, IMPORT_CSV, sizeof IMPORT_CSV - 1);
    make_template();
    remove_work();
    copy_file(tmpl, work);
    before_state = reopen_and_check("template");
    for (int op = 0; op < OP_COUNT; op++)
        clean_run(op);
    assert_string_not_equal(before_state, after_state[OP_IMPORT]);
    assert_string_not_equal(before_state, after_state[OP_UPDATE]);
    return 0;
}

static int group_teardown(void **state)
{
    (void)state;
    free(before_state);
    for (int op = 0; op < OP_COUNT; op++)
        free(after_state[op]);
    tu_rmdir(dir);
    free(dir);
    free(tmpl);
    free(work);
    free(csv);
    return 0;
}

/* Violations found in a series, one line per kind (the first example of
 * each), so that one run reports every distinct problem. */
static char violations[16384], kinds[16384];
static int nviolations;

__attribute__((format(printf, 1, 2)))
static void violation(const char *fmt, ...)
{
    char line[1200], key[1200];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(line, sizeof line, fmt, ap);
    va_end(ap);
    nviolations++;
    /* The kind: the line without its numbers (which call, which row) and
     * without the directory. */
    size_t k = 0;
    const char *from = strchr(line, ':') ? strchr(line, ':') : line;
    for (const char *p = from; *p && k + 1 < sizeof key; p++) {
        if (!strncmp(p, dir, strlen(dir)))
            p += strlen(dir);
        if (*p < '0' || *p > '9')
            key[k++] = *p;
    }
    key[k] = '\0';
    if (strstr(kinds, key))
        return;
    size_t n = strlen(kinds);
    snprintf(kinds + n, sizeof kinds - n, "%s\n", key);
    n = strlen(violations);
    snprintf(violations + n, sizeof violations - n, "- %s\n", line);
}

static void report_violations(void)
{
    if (nviolations) {
        int n = nviolations;
        /* cmocka cuts long failure messages: the list goes to stdout. */
        printf("%d violation(s); the first of each kind:\n%s", n, violations);
        violations[0] = kinds[0] = '\0';
        nviolations = 0;
        fail_msg("%d violation(s), listed above", n);
    }
}

/* After an attempt that returned st: the file is exactly before or after,
 * matching what the caller was told. */
static void check_outcome(int op, core_status st, const char *what)
{
    char *s = reopen_and_check(what);
    if (st == CORE_OK) {
        if (strcmp(s, after_state[op]) != 0) {
            /* The first line that differs, to say what was lost. */
            const char *a = s, *b = after_state[op];
            while (*a && *a == *b)
                a++, b++;
            while (a > s && a[-1] != '\n')
                a--, b--;
            violation("%s: reported success but the file does not hold the change: '%.*s' instead of '%.*s'",
                      what, (int)strcspn(a, "\n"), a, (int)strcspn(b, "\n"), b);
        }
    } else if (strcmp(s, before_state) != 0) {
        violation("%s: reported failure but the file changed (%s)", what,
                  strcmp(s, after_state[op]) == 0 ? "all of it" : "part of it");
    }
    free(s);
}

typedef struct io_stats {
    long attempts, faults, failed, runs;
    long by_kind[F_KINDS];  /* attempts where a fault of that kind landed */
} io_stats;

/* One operation against every Nth call of one kind, one error. */
static void io_fault_series(int op, int kind, int rc, int persist, io_stats *stats)
{
    const long LIMIT = 2000;
    long n;
    for (n = 1; n <= LIMIT; n++) {
        char what[160];
        snprintf(what, sizeof what, "%s, %s #%ld fails with %s%s", OP_NAME[op], KIND_NAME[kind], n,
                 rc == SQLITE_FULL ? "SQLITE_FULL" : "an I/O error", persist ? " and keeps failing" : "");
        remove_work();
        copy_file(tmpl, work);
        fault_vfs_install();
        core_db *db;
        core_err e;
        core_status st = core_db_open(work, 0, &db, &e);
        if (st != CORE_OK)
            fail_msg("%s: open (no fault yet): %s", what, e.msg);
        prep p = {0};
        op_prepare(db, op, &p);
        memset(&F, 0, sizeof F);
        F.kind = kind;
        F.nth = n;
        F.persist = persist;
        F.rc = rc;
        F.armed = 1;
        core_err_clear(&e);
        st = op_run(db, op, &p, &e);
        int hit_in_op = F.hits > 0;
        /* Closing checkpoints the WAL: a fault may land there too. */
        core_db_close(db);
        F.armed = 0;
        fault_vfs_remove();
        stats->attempts++;
        if (!F.hits) {
            if (st != CORE_OK)
                fail_msg("%s: failed without a fault: %s", what, e.msg);
            check_outcome(op, st, what);
            break;
        }
        stats->faults++;
        stats->by_kind[kind]++;
        if (st != CORE_OK) {
            stats->failed++;
            if (!hit_in_op)
                fail_msg("%s: failed before any fault: %s", what, e.msg);
            const char *says = rc == SQLITE_FULL ? "full" : "I/O error";
            if (st != CORE_EIO)
                violation("%s: status %d (%s%s%s), want CORE_EIO", what, st, e.msg,
                          last_problems[0] ? "; reported: " : "", last_problems);
            else if (!strstr(e.msg, says) || !strstr(e.msg, "work.db"))
                violation("%s: message '%s' should name the file and say '%s'", what, e.msg, says);
            else if (core_status_exit_code(st) != 74)
                violation("%s: exit code %d, want 74", what, core_status_exit_code(st));
        }
        check_outcome(op, st, what);
    }
    if (n > LIMIT)
        fail_msg("%s: still hitting faults after %ld calls", OP_NAME[op], LIMIT);
    stats->runs++;
}

static void run_io_faults(int op)
{
    io_stats s = {0};
    static const int RC[F_KINDS][2] = {
        {SQLITE_IOERR_WRITE, SQLITE_FULL},
        {SQLITE_IOERR_FSYNC, SQLITE_FULL},
        {SQLITE_IOERR_TRUNCATE, SQLITE_FULL},
    };
    for (int kind = 0; kind < F_KINDS; kind++)
        for (int r = 0; r < 2; r++)
            for (int persist = 0; persist < 2; persist++)
                io_fault_series(op, kind, RC[kind][r], persist, &s);
    /* The series did reach writes and syncs: the checks above ran. */
    assert_true(s.faults > 20);
    assert_true(s.failed > 5);
    printf("  %s: %ld attempts, %ld with a fault injected (xWrite %ld, xSync %ld, xTruncate %ld), %ld refused\n",
           OP_NAME[op], s.attempts, s.faults, s.by_kind[F_WRITE], s.by_kind[F_SYNC], s.by_kind[F_TRUNCATE], s.failed);
    report_violations();
}

static void test_import_under_io_faults_is_all_or_nothing(void **state)
{
    (void)state;
    run_io_faults(OP_IMPORT);
}

static void test_update_under_io_faults_is_all_or_nothing(void **state)
{
    (void)state;
    run_io_faults(OP_UPDATE);
}

/* The Nth SQLite allocation fails (once, or from then on). */
static void mem_fault_series(int op, int persist, long *attempts, long *failed)
{
    const long LIMIT = 20000;
    long n;
    /* Every allocation when it fails once; a stride when all later ones
     * fail too (the paths it reaches are much alike). */
    long step = persist ? 7 : 1;
    for (n = 1; n <= LIMIT; n += step) {
        char what[160];
        snprintf(what, sizeof what, "%s, SQLite allocation #%ld fails%s", OP_NAME[op], n,
                 persist ? " and so do all after it" : "");
        remove_work();
        copy_file(tmpl, work);
        core_db *db;
        core_err e;
        assert_int_equal(core_db_open(work, 0, &db, &e), CORE_OK);
        prep p = {0};
        op_prepare(db, op, &p);
        memset(&M, 0, sizeof M);
        M.nth = n;
        M.persist = persist;
        M.armed = 1;
        core_err_clear(&e);
        core_status st = op_run(db, op, &p, &e);
        M.armed = 0;
        int hit = M.hits > 0;
        core_db_close(db);
        (*attempts)++;
        if (!hit) {
            if (st != CORE_OK)
                fail_msg("%s: failed without a fault: %s", what, e.msg);
            check_outcome(op, st, what);
            break;
        }
        if (st != CORE_OK) {
            (*failed)++;
            if (st != CORE_ENOMEM)
                violation("%s: status %d (%s%s%s), want CORE_ENOMEM", what, st, e.msg,
                          last_problems[0] ? "; reported: " : "", last_problems);
            else if (!strstr(e.msg, "out of memory"))
                violation("%s: message '%s' should say out of memory", what, e.msg);
        }
        check_outcome(op, st, what);
    }
    if (n > LIMIT)
        fail_msg("%s: still failing allocations after %ld", OP_NAME[op], LIMIT);
}

static void run_mem_faults(int op)
{
    long attempts = 0, failed = 0;
    mem_fault_series(op, 0, &attempts, &failed);
    mem_fault_series(op, 1, &attempts, &failed);
    assert_true(failed > 5);
    printf("  %s: %ld attempts, %ld refused\n", OP_NAME[op], attempts, failed);
    report_violations();
}

static void test_import_under_allocation_failures_is_all_or_nothing(void **state)
{
    (void)state;
    run_mem_faults(OP_IMPORT);
}

static void test_update_under_allocation_failures_is_all_or_nothing(void **state)
{
    (void)state;
    run_mem_faults(OP_UPDATE);
}

int main(void)
{
    setlocale(LC_ALL, "C.UTF-8");
    /* The failing allocator goes in before SQLite is used at all. */
    sqlite3_shutdown();
    assert_int_equal(sqlite3_config(SQLITE_CONFIG_GETMALLOC, &real_mem), SQLITE_OK);
    sqlite3_mem_methods fm = {m_malloc, m_free, m_realloc, m_size, m_roundup, m_init, m_shutdown, NULL};
    assert_int_equal(sqlite3_config(SQLITE_CONFIG_MALLOC, &fm), SQLITE_OK);
    assert_int_equal(sqlite3_initialize(), SQLITE_OK);
    real_vfs = sqlite3_vfs_find("unix");
    assert_non_null(real_vfs);
    fault_vfs = *real_vfs;
    fault_vfs.zName = "vigil-fault";
    fault_vfs.szOsFile = (int)sizeof(ffile) + real_vfs->szOsFile;
    fault_vfs.pNext = NULL;
    fault_vfs.pAppData = NULL;
    fault_vfs.xOpen = v_open;
    fault_vfs.xDelete = v_delete;
    fault_vfs.xAccess = v_access;
    fault_vfs.xFullPathname = v_fullpath;
    fault_vfs.xDlOpen = v_dlopen;
    fault_vfs.xDlError = v_dlerror;
    fault_vfs.xDlSym = v_dlsym;
    fault_vfs.xDlClose = v_dlclose;
    fault_vfs.xRandomness = v_random;
    fault_vfs.xSleep = v_sleep;
    fault_vfs.xCurrentTime = v_time;
    fault_vfs.xGetLastError = v_lasterr;
    fault_vfs.xCurrentTimeInt64 = v_time64;
    fault_vfs.iVersion = 2; /* no system-call overrides through the wrapper */

    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_import_under_io_faults_is_all_or_nothing),
        cmocka_unit_test(test_update_under_io_faults_is_all_or_nothing),
        cmocka_unit_test(test_import_under_allocation_failures_is_all_or_nothing),
        cmocka_unit_test(test_update_under_allocation_failures_is_all_or_nothing),
    };
    return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
