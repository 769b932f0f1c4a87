/* tests/stress/stressdrv.c — the writers and readers behind tests/stress/.
 *
 * Uses only core's public API (core/db.h, core/store.h, core/csvio.h): core
 * is the only code that writes the file. The test scripts verify the result
 * with the sqlite3 shell and `vigil check`.
 *
 *   stressdrv plan N                         what writer w does with N ops,
 *                                            all succeeding (one line)
 *   stressdrv setup DB WRITERS SHARED        a resource per writer (RES-Ww),
 *                                            SHARED shared activities
 *   stressdrv write DB W N SHARED [SECONDS]  writer W: N mixed ops (or until
 *                                            SECONDS passed, or the file
 *                                            $STRESSDRV_STOP exists; at most
 *                                            $STRESSDRV_RATE ops/s if set);
 *                                            prints its tallies on one line
 *   stressdrv crash DB JOURNAL RUN           writes until killed; journals
 *                                            each acknowledged write (see
 *                                            cmd_crash)
 *   stressdrv watch DB STOPFILE              polls core_db_changed until
 *                                            STOPFILE exists; prints the
 *                                            changes and observation counts
 *
 * The write plan of writer w, op i (k = i % 10):
 *   k = 0, 5  insert partner "Ww-Pi"
 *   k = 1, 6  movement +(i+1) received on RES-Ww
 *   k = 2, 7  movement -(i/2) dispatched on RES-Ww
 *   k = 3, 8  reached += 1 on a shared activity (read, update at that
 *             version; CORE_ECONFLICT -> re-read and retry, counted)
 *   k = 4     update partner "Ww-P(i-4)": notes = "note i"
 *   k = 9     stock count on RES-Ww: quantity q -> q - (c+1) (or q + (c+1)
 *             when q < c+1), c = i / 10; core records a correction
 *             movement for the difference and audits both.
 * Every movement's (resource, delta, reason) is distinct, so the ledger's
 * unique key (resource, at, delta, reason) never refuses one. */
#include "core/db.h"
#include "core/store.h"
#include "core/tables.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

typedef struct tally {
    long long part_ins, part_upd, mov_ins, counts, shared_ok, conflicts, own_conflicts;
    long long busy, other_err;
    long long qty;          /* expected quantity of RES-Ww */
    long long mov_sum;      /* sum of the deltas written (corrections too) */
} tally;

static void die(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fprintf(stderr, "stressdrv: ");
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
    exit(2);
}

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static core_db *open_db(const char *path, unsigned flags)
{
    core_db *db = NULL;
    core_err e;
    if (core_db_open(path, flags, &db, &e) != CORE_OK)
        die("open %s: %s", path, e.msg);
    return db;
}

static int col(core_table_id t, const char *name)
{
    int c = core_table_col(core_table_get(t), name);
    if (c < 0)
        die("no column %s", name);
    return c;
}

/* A failed call that is not legitimate: note it (the test fails on it). */
static void bad(tally *t, const char *what, core_status st, const core_err *e)
{
    if (st == CORE_EBUSY)
        t->busy++;
    else
        t->other_err++;
    fprintf(stderr, "stressdrv: %s: status %d: %s\n", what, (int)st, e->msg);
}

static core_status insert_partner(core_db *db, const char *name, core_err *e)
{
    const char *v[32] = {0};
    v[col(CORE_T_PARTNERS, "name")] = name;
    v[col(CORE_T_PARTNERS, "kind")] = "other";
    return core_row_insert(db, CORE_T_PARTNERS, v, NULL, NULL, e);
}

/* Update one column of row `id` from its current version, retrying on
 * CORE_ECONFLICT; new value computed from the current row by f. */
typedef void (*mutate_fn)(const core_row *cur, char *out, size_t n, void *ctx);

static core_status update_retry(core_db *db, core_table_id t, int64_t id, int c, mutate_fn f, void *ctx,
                                long long *conflicts, core_err *e)
{
    for (int tries = 0; tries < 100000; tries++) {
        core_row r;
        core_status st = core_row_get(db, t, id, &r, e);
        if (st != CORE_OK)
            return st;
        char val[128];
        f(&r, val, sizeof val, ctx);
        const char *v[32] = {0};
        v[c] = val;
        int64_t ver = r.version;
        core_row_free(&r);
        st = core_row_update(db, t, id, ver, v, NULL, e);
        if (st != CORE_ECONFLICT)
            return st;
        (*conflicts)++;
    }
    return CORE_ECONFLICT;
}

static void add_one(const core_row *cur, char *out, size_t n, void *ctx)
{
    int c = *(int *)ctx;
    snprintf(out, n, "%lld", (cur->vals[c][0] ? atoll(cur->vals[c]) : 0) + 1);
}

static void set_text(const core_row *cur, char *out, size_t n, void *ctx)
{
    (void)cur;
    snprintf(out, n, "%s", (const char *)ctx);
}

/* ---- plan ----------------------------------------------------------------- */

static void plan(long long n, tally *t)
{
    memset(t, 0, sizeof *t);
    for (long long i = 0; i < n; i++) {
        switch (i % 10) {
        case 0: case 5: t->part_ins++; break;
        case 1: case 6: t->mov_ins++; t->qty += i + 1; t->mov_sum += i + 1; break;
        case 2: case 7: t->mov_ins++; t->qty -= i / 2; t->mov_sum -= i / 2; break;
        case 3: case 8: t->shared_ok++; break;
        case 4: t->part_upd++; break;
        case 9: {
            long long c = i / 10, d = t->qty >= c + 1 ? -(c + 1) : c + 1;
            t->counts++;
            t->qty += d;
            t->mov_sum += d;
            break;
        }
        }
    }
}

static void print_tally(const char *tag, int w, const tally *t)
{
    printf("%s w=%d part_ins=%lld part_upd=%lld mov_ins=%lld counts=%lld shared_ok=%lld conflicts=%lld "
           "own_conflicts=%lld busy=%lld errors=%lld qty=%lld mov_sum=%lld\n",
           tag, w, t->part_ins, t->part_upd, t->mov_ins, t->counts, t->shared_ok, t->conflicts, t->own_conflicts,
           t->busy, t->other_err, t->qty, t->mov_sum);
}

/* ---- setup ---------------------------------------------------------------- */

static int cmd_setup(const char *path, int writers, int shared)
{
    core_db *db = open_db(path, 0);
    core_err e;
    for (int w = 0; w < writers; w++) {
        char code[32];
        snprintf(code, sizeof code, "RES-W%d", w);
        const char *v[32] = {0};
        v[col(CORE_T_RESOURCES, "code")] = code;
        v[col(CORE_T_RESOURCES, "name")] = "stress stock";
        v[col(CORE_T_RESOURCES, "category")] = "other";
        v[col(CORE_T_RESOURCES, "unit")] = "units";
        v[col(CORE_T_RESOURCES, "quantity")] = "0";
        if (core_row_insert(db, CORE_T_RESOURCES, v, NULL, NULL, &e) != CORE_OK)
            die("setup %s: %s", code, e.msg);
    }
    for (int s = 0; s < shared; s++) {
        char code[32];
        snprintf(code, sizeof code, "SHARED-%d", s);
        const char *v[32] = {0};
        v[col(CORE_T_ACTIVITIES, "code")] = code;
        v[col(CORE_T_ACTIVITIES, "title")] = "shared counter";
        v[col(CORE_T_ACTIVITIES, "kind")] = "other";
        v[col(CORE_T_ACTIVITIES, "status")] = "ongoing";
        v[col(CORE_T_ACTIVITIES, "reached")] = "0";
        if (core_row_insert(db, CORE_T_ACTIVITIES, v, NULL, NULL, &e) != CORE_OK)
            die("setup %s: %s", code, e.msg);
    }
    core_db_close(db);
    return 0;
}

/* ---- write ---------------------------------------------------------------- */

static int cmd_write(const char *path, int w, long long n, int shared, double seconds)
{
    core_db *db = open_db(path, 0);
    core_err e;
    tally t = {0};
    char res_code[32];
    snprintf(res_code, sizeof res_code, "RES-W%d", w);
    int64_t res_id, *act = calloc((size_t)shared, sizeof *act);
    if (!act)
        die("out of memory");
    if (core_row_find(db, CORE_T_RESOURCES, res_code, &res_id, &e) != CORE_OK)
        die("%s: %s", res_code, e.msg);
    for (int s = 0; s < shared; s++) {
        char code[32];
        snprintf(code, sizeof code, "SHARED-%d", s);
        if (core_row_find(db, CORE_T_ACTIVITIES, code, &act[s], &e) != CORE_OK)
            die("%s: %s", code, e.msg);
    }
    int qcol = col(CORE_T_RESOURCES, "quantity");
    int reached = col(CORE_T_ACTIVITIES, "reached");
    int notes = col(CORE_T_PARTNERS, "notes");
    const char *stop = getenv("STRESSDRV_STOP");
    double rate = getenv("STRESSDRV_RATE") ? atof(getenv("STRESSDRV_RATE")) : 0;
    double t0 = now_s();
    long long i;
    for (i = 0; i < n; i++) {
        if ((i & 15) == 0 && ((seconds > 0 && now_s() - t0 > seconds) || (stop && access(stop, F_OK) == 0)))
            break;
        if (rate > 0) {
            double ahead = t0 + (double)i / rate - now_s();
            if (ahead > 0)
                usleep((useconds_t)(ahead * 1e6));
        }
        core_status st;
        char name[64], what[96];
        switch (i % 10) {
        case 0: case 5:
            snprintf(name, sizeof name, "W%d-P%lld", w, i);
            st = insert_partner(db, name, &e);
            if (st == CORE_OK)
                t.part_ins++;
            else
                snprintf(what, sizeof what, "insert partner %s", name), bad(&t, what, st, &e);
            break;
        case 1: case 6: case 2: case 7: {
            int in = i % 5 == 1;
            long long d = in ? i + 1 : -(i / 2);
            st = core_movement_add(db, res_id, d, in ? "received" : "dispatched", NULL, NULL, &e);
            if (st == CORE_OK)
                t.mov_ins++, t.qty += d, t.mov_sum += d;
            else
                snprintf(what, sizeof what, "movement %+lld", d), bad(&t, what, st, &e);
            break;
        }
        case 3: case 8: {
            int64_t id = act[(i / 10 + w) % shared];
            st = update_retry(db, CORE_T_ACTIVITIES, id, reached, add_one, &reached, &t.conflicts, &e);
            if (st == CORE_OK)
                t.shared_ok++;
            else
                bad(&t, "shared update", st, &e);
            break;
        }
        case 4: {
            snprintf(name, sizeof name, "W%d-P%lld", w, i - 4);
            int64_t pid;
            st = core_row_find(db, CORE_T_PARTNERS, name, &pid, &e);
            if (st == CORE_OK) {
                char note[64];
                snprintf(note, sizeof note, "note %lld", i);
                st = update_retry(db, CORE_T_PARTNERS, pid, notes, set_text, note, &t.own_conflicts, &e);
            }
            if (st == CORE_OK)
                t.part_upd++;
            else
                snprintf(what, sizeof what, "update partner %s", name), bad(&t, what, st, &e);
            break;
        }
        case 9: {
            core_row r;
            st = core_row_get(db, CORE_T_RESOURCES, res_id, &r, &e);
            if (st != CORE_OK) {
                bad(&t, "read resource", st, &e);
                break;
            }
            long long q = atoll(r.vals[qcol]), c = i / 10;
            int64_t ver = r.version;
            core_row_free(&r);
            if (q != t.qty) {
                fprintf(stderr, "stressdrv: LOST WRITE? %s holds %lld, expected %lld\n", res_code, q, t.qty);
                t.other_err++;
            }
            long long d = q >= c + 1 ? -(c + 1) : c + 1;
            char qs[32];
            snprintf(qs, sizeof qs, "%lld", q + d);
            const char *v[32] = {0};
            v[qcol] = qs;
            st = core_row_update(db, CORE_T_RESOURCES, res_id, ver, v, NULL, &e);
            if (st == CORE_OK)
                t.counts++, t.qty += d, t.mov_sum += d;
            else
                bad(&t, "stock count", st, &e);
            break;
        }
        }
    }
    double el = now_s() - t0;
    print_tally("writer", w, &t);
    fprintf(stderr, "stressdrv: writer %d: %lld ops in %.1f s\n", w, i, el);
    core_db_close(db);
    free(act);
    return t.busy || t.other_err ? 1 : 0;
}

/* ---- crash ----------------------------------------------------------------
 * Writes until SIGKILLed. After each write that returned CORE_OK, appends a
 * line to JOURNAL and fsyncs it, so the journal lists only acknowledged
 * writes (the write in flight when the kill lands may be committed but not
 * journaled):
 *   P NAME        inserted partner NAME ("C<run>-<i>")
 *   M DELTA       movement +DELTA received on RES-W0 (DELTA = run*1e6+i+1)
 *   U NAME NOTE   partner NAME updated: notes = NOTE */

static void journal(int fd, const char *line)
{
    size_t n = strlen(line);
    if (write(fd, line, n) != (ssize_t)n || fsync(fd) != 0)
        die("journal: %s", strerror(errno));
}

static _Noreturn void cmd_crash(const char *path, const char *jpath, long run)
{
    int jfd = open(jpath, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0644);
    if (jfd < 0)
        die("%s: %s", jpath, strerror(errno));
    core_db *db = open_db(path, 0);
    core_err e;
    int64_t res_id;
    if (core_row_find(db, CORE_T_RESOURCES, "RES-W0", &res_id, &e) != CORE_OK)
        die("RES-W0: %s", e.msg);
    int notes = col(CORE_T_PARTNERS, "notes");
    char line[128], name[64], prev[64] = "";
    for (long long i = 0;; i++) {
        core_status st;
        if (i % 4 == 1) {
            long long d = run * 1000000LL + i + 1;
            st = core_movement_add(db, res_id, d, "received", NULL, NULL, &e);
            if (st != CORE_OK)
                die("movement %lld: status %d: %s", d, (int)st, e.msg);
            snprintf(line, sizeof line, "M %lld\n", d);
        } else if (i % 4 == 3 && prev[0]) {
            int64_t pid;
            long long ignored = 0;
            char note[64];
            snprintf(note, sizeof note, "n%lld", i);
            st = core_row_find(db, CORE_T_PARTNERS, prev, &pid, &e);
            if (st == CORE_OK)
                st = update_retry(db, CORE_T_PARTNERS, pid, notes, set_text, note, &ignored, &e);
            if (st != CORE_OK)
                die("update %s: status %d: %s", prev, (int)st, e.msg);
            snprintf(line, sizeof line, "U %s %s\n", prev, note);
        } else {
            snprintf(name, sizeof name, "C%ld-%lld", run, i);
            st = insert_partner(db, name, &e);
            if (st != CORE_OK)
                die("insert %s: status %d: %s", name, (int)st, e.msg);
            snprintf(line, sizeof line, "P %s\n", name);
            snprintf(prev, sizeof prev, "%s", name);
        }
        journal(jfd, line);
    }
}

/* ---- watch ---------------------------------------------------------------- */

static int cmd_watch(const char *path, const char *stopfile)
{
    core_db *db = open_db(path, CORE_OPEN_READONLY);
    core_err e;
    int64_t counts[CORE_TABLE_COUNT];
    if (core_db_counts(db, counts, &e) != CORE_OK)
        die("counts: %s", e.msg);
    long long seen[64];
    int nseen = 0;
    seen[nseen++] = counts[CORE_T_OBSERVATIONS];
    long long changes = 0, polls = 0;
    core_db_changed(db); /* baseline */
    printf("ready\n");
    fflush(stdout);
    for (int last = 0; !last;) {
        last = access(stopfile, F_OK) == 0;
        polls++;
        if (core_db_changed(db))
            changes++;
        if (core_db_counts(db, counts, &e) != CORE_OK)
            die("counts: %s", e.msg);
        long long c = counts[CORE_T_OBSERVATIONS];
        int known = 0;
        for (int k = 0; k < nseen; k++)
            known |= seen[k] == c;
        if (!known && nseen < 64)
            seen[nseen++] = c;
        usleep(5000);
    }
    printf("changes=%lld polls=%lld counts=", changes, polls);
    for (int k = 0; k < nseen; k++)
        printf("%s%lld", k ? "," : "", seen[k]);
    printf("\n");
    core_db_close(db);
    return 0;
}

int main(int argc, char **argv)
{
    setvbuf(stdout, NULL, _IOLBF, 0);
    if (argc >= 3 && !strcmp(argv[1], "plan")) {
        tally t;
        plan(atoll(argv[2]), &t);
        print_tally("plan", -1, &t);
        return 0;
    }
    if (argc == 5 && !strcmp(argv[1], "setup"))
        return cmd_setup(argv[2], atoi(argv[3]), atoi(argv[4]));
    if ((argc == 6 || argc == 7) && !strcmp(argv[1], "write"))
        return cmd_write(argv[2], atoi(argv[3]), atoll(argv[4]), atoi(argv[5]), argc == 7 ? atof(argv[6]) : 0);
    if (argc == 5 && !strcmp(argv[1], "crash"))
        cmd_crash(argv[2], argv[3], atol(argv[4]));
    if (argc == 4 && !strcmp(argv[1], "watch"))
        return cmd_watch(argv[2], argv[3]);
    fprintf(stderr, "usage: see the comment at the top of tests/stress/stressdrv.c\n");
    return 64;
}
