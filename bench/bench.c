/* bench/bench.c — core timings on the big database (bench/gen.sh).
 *
 *   bench/run.sh            builds this and runs it (see bench/README.md)
 *   build/bench [-n RUNS] [--risk] [DB]   default DB /tmp/vigil-bench/big.db
 *                                  --risk: only the risk matrix (quick)
 *
 * Every figure is warm: one unmeasured run first, then the median (and the
 * slowest) of RUNS runs timed with clock_gettime(CLOCK_MONOTONIC). "Now" is
 * VIGIL_NOW (default 2026-11-20T12:00:00Z, the end of gen.sh's data), so
 * windows hold what gen.sh put there. Read-only use of the data: nothing
 * here writes, and core_alerts_refresh is measured with nothing changed. */
#include "core/alerts.h"
#include "core/clock.h"
#include "core/db.h"
#include "core/query.h"
#include "core/risk.h"

#include <sqlite3.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define PAGE 40

static int runs = 21;

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

static void die(const char *what, const core_err *e)
{
    fprintf(stderr, "bench: %s: %s\n", what, e->msg);
    exit(1);
}

typedef void (*bench_fn)(void *ctx);

/* One figure: warm-up, then n timed runs; prints median, min and max. */
static double measure_n(int n, const char *label, const char *target, double target_ms, bench_fn f, void *ctx)
{
    double *t = malloc(sizeof *t * (size_t)n);
    if (!t)
        exit(1);
    f(ctx);
    for (int i = 0; i < n; i++) {
        double t0 = now_ms();
        f(ctx);
        t[i] = now_ms() - t0;
    }
    qsort(t, (size_t)n, sizeof *t, cmp_double);
    double med = t[n / 2];
    const char *verdict = target_ms > 0 ? (med < target_ms ? "met" : "MISSED") : "";
    printf("%-52s %9.3f %9.3f %9.3f   %-8s %s\n", label, med, t[0], t[n - 1], target ? target : "", verdict);
    fflush(stdout);
    free(t);
    return med;
}

static double measure(const char *label, const char *target, double target_ms, bench_fn f, void *ctx)
{
    return measure_n(runs, label, target, target_ms, f, ctx);
}

static void section(const char *title)
{
    printf("\n%s\n", title);
}

/* ---- (a) (b) risk -------------------------------------------------------- */

typedef struct risk_ctx {
    core_db *db;
    time_t now;
    const core_indicator *ind;
    int64_t region_id;
    const core_risk *risk;
} risk_ctx;

static void b_risk(void *p)
{
    risk_ctx *c = p;
    core_risk r;
    core_err e;
    if (core_risk_compute(c->db, c->now, &r, &e) != CORE_OK)
        die("core_risk_compute", &e);
    core_risk_free(&r);
}

static void b_series(void *p)
{
    risk_ctx *c = p;
    double v[30];
    int present[30];
    core_err e;
    if (core_risk_series(c->db, c->region_id, c->ind, c->now, 30, v, present, &e) != CORE_OK)
        die("core_risk_series", &e);
}

/* Every indicator of one region: the most a Risk detail pane could ask. */
static void b_series_all(void *p)
{
    risk_ctx *c = p;
    double v[30];
    int present[30];
    core_err e;
    for (int i = 0; i < c->risk->nind; i++)
        if (core_risk_series(c->db, c->region_id, &c->risk->ind[i], c->now, 30, v, present, &e) != CORE_OK)
            die("core_risk_series", &e);
}

/* ---- (c) (d) lists ------------------------------------------------------- */

typedef struct list_ctx {
    core_list *l;
    int64_t first;
    int64_t id;
    const char *filter;
} list_ctx;

static void b_count(void *p)
{
    list_ctx *c = p;
    core_err e;
    core_list_invalidate(c->l);
    if (core_list_count(c->l, &e) < 0)
        die("core_list_count", &e);
}

/* What a panel does when it (re)loads: count, then fetch the visible page. */
static void b_count_fetch(void *p)
{
    list_ctx *c = p;
    core_err e;
    core_list_invalidate(c->l);
    int64_t n = core_list_count(c->l, &e);
    if (n < 0)
        die("core_list_count", &e);
    if (core_list_fetch(c->l, c->first, PAGE, &e) != CORE_OK)
        die("core_list_fetch", &e);
}

static void b_index_of(void *p)
{
    list_ctx *c = p;
    core_err e;
    core_list_invalidate(c->l);
    if (core_list_index_of(c->l, c->id, &e) < 0)
        die("core_list_index_of", &e);
}

/* One keystroke in the filter line: new filter, count, first page. */
static void b_filter(void *p)
{
    list_ctx *c = p;
    core_err e;
    core_list_set_filter(c->l, c->filter);
    if (core_list_count(c->l, &e) < 0)
        die("core_list_count (filtered)", &e);
    if (core_list_fetch(c->l, 0, PAGE, &e) != CORE_OK)
        die("core_list_fetch (filtered)", &e);
}

static const char *const KIND_NAME[CORE_LIST_KIND_COUNT] = {"partners", "resources", "activities", "alerts",
                                                            "audit"};

static void bench_list(core_db *db, core_list_kind kind, int with_sort)
{
    core_list *l;
    core_err e;
    char label[200];
    if (core_list_open(db, kind, &l, &e) != CORE_OK)
        die("core_list_open", &e);
    core_list_set_sort(l, 0, kind == CORE_LIST_ALERTS || kind == CORE_LIST_AUDIT);
    int64_t n = core_list_count(l, &e);
    if (n < 0)
        die("core_list_count", &e);
    printf("  %s: %lld rows\n", KIND_NAME[kind], (long long)n);
    list_ctx c = {.l = l};
    snprintf(label, sizeof label, "  %s count", KIND_NAME[kind]);
    measure(label, "", 0, b_count, &c);
    int64_t at[3] = {0, n / 2, n > PAGE ? n - PAGE : 0};
    const char *where[3] = {"top", "middle", "end"};
    for (int k = 0; k < 3; k++) {
        c.first = at[k];
        snprintf(label, sizeof label, "  %s count + page at the %s", KIND_NAME[kind], where[k]);
        measure(label, "< 16 ms", 16, b_count_fetch, &c);
    }
    /* index_of a row in the middle (the selection kept across a reload). */
    if (core_list_fetch(l, n / 2, 1, &e) != CORE_OK)
        die("core_list_fetch", &e);
    c.id = core_list_id(l, n / 2);
    snprintf(label, sizeof label, "  %s count + index_of (middle row)", KIND_NAME[kind]);
    measure(label, "< 16 ms", 16, b_index_of, &c);

    c.filter = "a";
    snprintf(label, sizeof label, "  %s filter \"a\": count + page", KIND_NAME[kind]);
    measure(label, "< 16 ms", 16, b_filter, &c);
    core_list_set_filter(l, NULL);

    if (with_sort) {
        /* Pressing `s`: sort on the second column, reload at the top and middle. */
        core_list_set_sort(l, 1, 0);
        snprintf(label, sizeof label, "  %s sorted by \"%s\": count + top page", KIND_NAME[kind],
                 core_list_title(l, 1));
        c.first = 0;
        measure(label, "< 16 ms", 16, b_count_fetch, &c);
        c.first = n / 2;
        snprintf(label, sizeof label, "  %s sorted by \"%s\": count + middle page", KIND_NAME[kind],
                 core_list_title(l, 1));
        measure(label, "< 16 ms", 16, b_count_fetch, &c);
    }
    core_list_close(l);
}

/* ---- (e) (f) ------------------------------------------------------------- */

static void b_alerts_refresh(void *p)
{
    core_db *db = p;
    core_err e;
    int changed = -1;
    if (core_alerts_refresh(db, &changed, &e) != CORE_OK)
        die("core_alerts_refresh", &e);
    if (changed != 0) {
        fprintf(stderr, "bench: core_alerts_refresh changed %d alert(s); run it once more\n", changed);
    }
}

static void b_db_changed(void *p)
{
    core_db_changed(p);
}

typedef struct open_ctx {
    const char *path;
    unsigned flags;
} open_ctx;

static void b_open_close(void *p)
{
    open_ctx *c = p;
    core_db *db;
    core_err e;
    if (core_db_open(c->path, c->flags, &db, &e) != CORE_OK)
        die("core_db_open", &e);
    core_db_close(db);
}

static long vm_kib(const char *key)
{
    FILE *f = fopen("/proc/self/status", "r");
    char line[256];
    long v = -1;
    size_t kl = strlen(key);
    while (f && fgets(line, sizeof line, f))
        if (!strncmp(line, key, kl) && line[kl] == ':')
            v = strtol(line + kl + 1, NULL, 10);
    if (f)
        fclose(f);
    return v;
}

int main(int argc, char **argv)
{
    const char *path = "/tmp/vigil-bench/big.db";
    int with_sort = 1, risk_only = 0;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "-n") && i + 1 < argc)
            runs = atoi(argv[++i]);
        else if (!strcmp(argv[i], "--no-sort"))
            with_sort = 0;
        else if (!strcmp(argv[i], "--risk"))
            risk_only = 1;
        else
            path = argv[i];
    }
    if (runs < 1)
        runs = 1;
    setenv("VIGIL_NOW", getenv("VIGIL_NOW") ? getenv("VIGIL_NOW") : "2026-11-20T12:00:00Z", 1);

    core_db *db;
    core_err e;
    double t0 = now_ms();
    if (core_db_open(path, 0, &db, &e) != CORE_OK)
        die("core_db_open", &e);
    double open_ms = now_ms() - t0;
    char load[64] = "?";
    FILE *la = fopen("/proc/loadavg", "r");
    if (la) {
        if (!fgets(load, sizeof load, la))
            snprintf(load, sizeof load, "?");
        load[strcspn(load, "\n")] = '\0';
        fclose(la);
    }
    printf("vigil core benchmark: %s, VIGIL_NOW=%s, SQLite %s, load average %s\n", path, getenv("VIGIL_NOW"),
           sqlite3_libversion(), load);
    printf("every figure: one unmeasured run, then %d timed runs (CLOCK_MONOTONIC)\n", runs);
    printf("first core_db_open (cold, includes PRAGMA quick_check): %.1f ms\n", open_ms);
    printf("\n%-52s %9s %9s %9s   %-8s %s\n", "figure (ms)", "median", "min", "max", "target", "");

    if (risk_only) {
        risk_ctx rc = {.db = db, .now = core_now()};
        measure("core_risk_compute, whole matrix", "< 5 ms", 5, b_risk, &rc);
        core_db_close(db);
        return 0;
    }
    section("(o) opening (PRAGMA quick_check of the whole file; 5 runs)");
    open_ctx oc = {path, CORE_OPEN_READONLY};
    measure_n(5, "core_db_open + close, read-only (vigil snapshot)", "", 0, b_open_close, &oc);
    oc.flags = 0;
    measure_n(5, "core_db_open + close, read-write (the dashboard)", "", 0, b_open_close, &oc);

    section("(a)(b) risk");
    risk_ctx rc = {.db = db, .now = core_now()};
    measure("core_risk_compute, whole matrix", "< 5 ms", 5, b_risk, &rc);
    core_risk risk;
    if (core_risk_compute(db, rc.now, &risk, &e) != CORE_OK)
        die("core_risk_compute", &e);
    printf("  matrix: %d regions x %d indicators\n", risk.nregions, risk.nind);
    rc.risk = &risk;
    rc.region_id = risk.regions[0].id; /* the top row: the one selected first */
    for (int i = 0; i < risk.nind; i++)
        if (!rc.ind || risk.ind[i].window_days > rc.ind->window_days)
            rc.ind = &risk.ind[i];
    char label[200];
    snprintf(label, sizeof label, "core_risk_series, %.16s x %.16s (%d-day window)", risk.regions[0].code, rc.ind->code,
             rc.ind->window_days);
    measure(label, "", 0, b_series, &rc);
    measure("core_risk_series, all 15 indicators of a region", "", 0, b_series_all, &rc);

    section("(c)(d) lists: count + 40-row page at top/middle/end, index_of, filter \"a\"");
    for (int k = 0; k < CORE_LIST_KIND_COUNT; k++)
        bench_list(db, (core_list_kind)k, with_sort);

    section("(e)(f) live updates");
    measure("core_alerts_refresh, nothing changed", "", 0, b_alerts_refresh, db);
    measure("core_db_changed", "", 0, b_db_changed, db);

    core_risk_free(&risk);
    core_db_close(db);
    printf("\nbench process: VmHWM %ld KiB, VmRSS %ld KiB\n", vm_kib("VmHWM"), vm_kib("VmRSS"));
    return 0;
}
