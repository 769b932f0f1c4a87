/* Risk levels and alerts (SPEC §2 indicators, §3 alerts and audit): every
 * aggregate and direction at and around its thresholds, the window's
 * edges, disputed and unverified reports, the region x risk-factor matrix,
 * the sparkline series, and the life of an alert from raise through
 * escalation, acknowledgement and clearing, with its audit trail. "Now" is
 * pinned through VIGIL_NOW and moved with setenv. */
#include "testutil.h"

#include <locale.h>
#include <math.h>
#include <sqlite3.h>

#include "core/alerts.h"
#include "core/clock.h"
#include "core/db.h"
#include "core/risk.h"
#include "core/store.h"

#define NOW_ISO "2026-11-20T12:00:00Z"
#define HOUR 3600L
#define DAY 86400L

static char *dir;
static char *dbpath;
static core_db *db;

static int setup(void **state)
{
    (void)state;
    setenv("VIGIL_NOW", NOW_ISO, 1);
    dir = tu_tmpdir();
    dbpath = tu_path(dir, "t.db");
    core_err e;
    db = NULL;
    assert_int_equal(core_db_open(dbpath, CORE_OPEN_CREATE, &db, &e), CORE_OK);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    core_db_close(db);
    db = NULL;
    tu_rmdir(dir);
    free(dir);
    free(dbpath);
    return 0;
}

/* ---- time ---------------------------------------------------------------- */

static time_t t_of(const char *iso)
{
    time_t t;
    assert_int_equal(core_parse_ts(iso, &t), 0);
    return t;
}

static void set_now(time_t t)
{
    char b[24];
    core_format_ts(t, b);
    setenv("VIGIL_NOW", b, 1);
}

/* ISO timestamp `secs` before the pinned now (negative: after it). */
static void ts_ago(long secs, char *buf)
{
    core_format_ts(core_now() - secs, buf);
}

/* Date `days` before the pinned now (negative: after it). */
static void date_ago(long days, char *buf)
{
    core_format_date(core_now() - days * DAY, buf);
}

/* ---- writing rows through the store -------------------------------------- */

static int64_t insert(core_table_id t, const char *const *vals)
{
    core_err e = {0};
    core_field_error fe = {.col = -1};
    int64_t id = 0;
    core_status st = core_row_insert(db, t, vals, &id, &fe, &e);
    if (st != CORE_OK)
        fail_msg("insert into %s failed (%d): %s / column %d: %s", core_table_get(t)->name, st, e.msg, fe.col,
                 fe.msg);
    return id;
}

static int64_t add_region(const char *code)
{
    char name[64];
    snprintf(name, sizeof name, "Region %.32s", code);
    const char *v[4] = {code, name, NULL, NULL};
    return insert(CORE_T_REGIONS, v);
}

/* amber/red may be NULL (no threshold). */
static int64_t add_indicator(const char *code, int risk_factor, const char *direction, const char *aggregate,
                             int window_days, const char *amber, const char *red)
{
    char rf[8], w[8], name[80];
    snprintf(rf, sizeof rf, "%d", risk_factor);
    snprintf(w, sizeof w, "%d", window_days);
    snprintf(name, sizeof name, "Indicator %.32s", code);
    const char *v[9] = {code, name, rf, "incidents", direction, aggregate, w, amber, red};
    return insert(CORE_T_INDICATORS, v);
}

/* An observation `secs_ago` seconds before now (negative: in the future). */
static int64_t add_obs(const char *region, const char *ind, long secs_ago, double value, const char *source,
                       const char *verification)
{
    char at[24], val[40];
    ts_ago(secs_ago, at);
    snprintf(val, sizeof val, "%.17g", value);
    const char *v[8] = {region, ind, at, val, source, verification, NULL, NULL};
    return insert(CORE_T_OBSERVATIONS, v);
}

/* Set one column of row id to value, through an optimistic update. */
static void update_col(core_table_id t, int64_t id, const char *col, const char *value)
{
    const core_table *tab = core_table_get(t);
    int ci = core_table_col(tab, col);
    assert_true(ci >= 0);
    core_row r;
    core_err e;
    core_field_error fe = {.col = -1};
    assert_int_equal(core_row_get(db, t, id, &r, &e), CORE_OK);
    const char *vals[16] = {0};
    vals[ci] = value;
    core_status st = core_row_update(db, t, id, r.version, vals, &fe, &e);
    core_row_free(&r);
    if (st != CORE_OK)
        fail_msg("update of %s.%s failed (%d): %s / %s", tab->name, col, st, e.msg, fe.msg);
}

static int64_t add_partner(const char *name, const char *last_contact)
{
    const char *v[12] = {name, NULL, "cso", NULL, NULL, NULL, NULL, NULL, NULL, last_contact, NULL, NULL};
    return insert(CORE_T_PARTNERS, v);
}

static int64_t add_activity(const char *code, const char *status, const char *end_date)
{
    const char *v[12] = {code, "Community dialogue", "dialogue", NULL, NULL, status, NULL, end_date, NULL, NULL,
                         NULL, NULL};
    return insert(CORE_T_ACTIVITIES, v);
}

static int64_t add_resource(const char *code, const char *qty, const char *minimum, const char *expiry)
{
    const char *v[11] = {code, "Trauma kits", "medical", "kits", NULL, NULL, qty, minimum, NULL, NULL, expiry};
    return insert(CORE_T_RESOURCES, v);
}

static void move_stock(int64_t resource, long long delta, const char *reason)
{
    core_err e = {0};
    core_field_error fe = {.col = -1};
    core_status st = core_movement_add(db, resource, delta, reason, NULL, &fe, &e);
    if (st != CORE_OK)
        fail_msg("movement %lld failed (%d): %s / %s", delta, st, e.msg, fe.msg);
}

/* ---- reading risk -------------------------------------------------------- */

static const core_risk_region *region_of(const core_risk *r, const char *code)
{
    for (int i = 0; i < r->nregions; i++)
        if (!strcmp(r->regions[i].code, code))
            return &r->regions[i];
    fail_msg("region %s not in the matrix", code);
    return NULL;
}

static int ind_index(const core_risk *r, const char *code)
{
    for (int i = 0; i < r->nind; i++)
        if (!strcmp(r->ind[i].code, code))
            return i;
    fail_msg("indicator %s not in the matrix", code);
    return -1;
}

static const core_cell *cell_of(const core_risk *r, const char *region, const char *ind)
{
    return core_risk_cell(r, region_of(r, region), ind_index(r, ind));
}

static void compute(core_risk *r, time_t now)
{
    core_err e;
    assert_int_equal(core_risk_compute(db, now, r, &e), CORE_OK);
}

#define assert_value(got, want)                                                                                \
    do {                                                                                                       \
        double g_ = (got), w_ = (want);                                                                        \
        if (fabs(g_ - w_) > 1e-9)                                                                              \
            fail_msg("value %.17g, expected %.17g", g_, w_);                                                   \
    } while (0)

/* ---- reading alerts ------------------------------------------------------ */

typedef struct alist {
    core_alert *a;
    int n;
} alist;

static alist list_alerts(unsigned flags)
{
    alist l;
    core_err e;
    assert_int_equal(core_alerts_list(db, flags, &l.a, &l.n, &e), CORE_OK);
    return l;
}

static void alist_free(alist *l)
{
    core_alerts_free(l->a, l->n);
    l->a = NULL;
    l->n = 0;
}

/* Alerts of kind whose subject starts with prefix. */
static int alist_count(const alist *l, const char *kind, const char *prefix)
{
    int n = 0;
    for (int i = 0; i < l->n; i++)
        if (!strcmp(l->a[i].kind, kind) && !strncmp(l->a[i].subject, prefix, strlen(prefix)))
            n++;
    return n;
}

static const core_alert *alist_find(const alist *l, const char *kind, const char *prefix)
{
    for (int i = 0; i < l->n; i++)
        if (!strcmp(l->a[i].kind, kind) && !strncmp(l->a[i].subject, prefix, strlen(prefix)))
            return &l->a[i];
    return NULL;
}

static void refresh(int expect_changed)
{
    core_err e;
    int changed = -1;
    assert_int_equal(core_alerts_refresh(db, &changed, &e), CORE_OK);
    if (expect_changed >= 0)
        assert_int_equal(changed, expect_changed);
}

static void counts(int want_red, int want_amber)
{
    core_err e;
    int red = -1, amber = -1;
    assert_int_equal(core_alerts_count(db, &red, &amber, &e), CORE_OK);
    assert_int_equal(red, want_red);
    assert_int_equal(amber, want_amber);
}

static core_status ack(int64_t id, const char *note, core_err *e)
{
    return core_alert_ack(db, id, note, NULL, e);
}

/* One integer from the file through a separate plain SQLite connection, as
 * another process (or the sqlite3 shell) sees it. */
static long long raw_int(const char *sql)
{
    sqlite3 *h;
    sqlite3_stmt *st;
    long long v = -1;
    assert_int_equal(sqlite3_open_v2(dbpath, &h, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
    sqlite3_busy_timeout(h, 2000);
    assert_int_equal(sqlite3_prepare_v2(h, sql, -1, &st, NULL), SQLITE_OK);
    if (sqlite3_step(st) == SQLITE_ROW)
        v = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    sqlite3_close(h);
    return v;
}

/* One text value (malloc'd, "" for none). */
static char *raw_text(const char *sql)
{
    sqlite3 *h;
    sqlite3_stmt *st;
    char *v = NULL;
    assert_int_equal(sqlite3_open_v2(dbpath, &h, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
    sqlite3_busy_timeout(h, 2000);
    assert_int_equal(sqlite3_prepare_v2(h, sql, -1, &st, NULL), SQLITE_OK);
    if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_text(st, 0))
        v = strdup((const char *)sqlite3_column_text(st, 0));
    sqlite3_finalize(st);
    sqlite3_close(h);
    return v ? v : strdup("");
}

/* =========================================================================
 * 1. Thresholds, for every aggregate and direction
 * ========================================================================= */

typedef struct probe {
    double v;
    core_level want;
} probe;

/* up: amber 10, red 20. down: amber 10, red 5. Just below / at / just
 * above each threshold. */
static const probe UP_PROBES[] = {
    {9.5, CORE_LEVEL_GREEN}, {10, CORE_LEVEL_AMBER}, {10.5, CORE_LEVEL_AMBER},
    {19.5, CORE_LEVEL_AMBER}, {20, CORE_LEVEL_RED},   {20.5, CORE_LEVEL_RED},
};
static const probe DOWN_PROBES[] = {
    {10.5, CORE_LEVEL_GREEN}, {10, CORE_LEVEL_AMBER}, {9.5, CORE_LEVEL_AMBER},
    {5.5, CORE_LEVEL_AMBER},  {5, CORE_LEVEL_RED},    {4.5, CORE_LEVEL_RED},
};
#define NPROBES 6

/* Observations in region whose `aggregate` over the window is exactly v,
 * chosen so that any other aggregate would give a different value (and
 * often a different level). */
static void feed(const char *region, const char *aggregate, int down, double v)
{
    if (!strcmp(aggregate, "latest")) {
        /* An older, alarming report is superseded by the newer one. */
        add_obs(region, "IND", 3 * DAY, down ? -100 : 100, "older", NULL);
        add_obs(region, "IND", HOUR, v, "newer", NULL);
    } else if (!strcmp(aggregate, "sum")) {
        add_obs(region, "IND", 2 * DAY, v / 2, "a", NULL);
        add_obs(region, "IND", HOUR, v / 2, "b", NULL);
    } else if (!strcmp(aggregate, "max")) {
        add_obs(region, "IND", 2 * DAY, v, "a", NULL);
        add_obs(region, "IND", HOUR, v - 3, "b", NULL);
    } else { /* mean */
        add_obs(region, "IND", 2 * DAY, v - 3, "a", NULL);
        add_obs(region, "IND", HOUR, v + 3, "b", NULL);
    }
}

static void check_thresholds(const char *aggregate, int down)
{
    add_indicator("IND", 7, down ? "down" : "up", aggregate, 7, "10", down ? "5" : "20");
    const probe *p = down ? DOWN_PROBES : UP_PROBES;
    char code[NPROBES][16];
    /* In one batch, as an import would: alerts are evaluated once, on the
     * final state, so passing states leave no alerts behind. */
    core_err e;
    assert_int_equal(core_db_batch_begin(db, &e), CORE_OK);
    for (int i = 0; i < NPROBES; i++) {
        snprintf(code[i], sizeof code[i], "XR%02d", i + 1);
        add_region(code[i]);
        feed(code[i], aggregate, down, p[i].v);
    }
    assert_int_equal(core_db_batch_end(db, 1, &e), CORE_OK);
    core_risk r;
    compute(&r, core_now());
    alist l = list_alerts(0);
    int want_red = 0, want_amber = 0;
    for (int i = 0; i < NPROBES; i++) {
        const core_cell *c = cell_of(&r, code[i], "IND");
        if (c->level != p[i].want || fabs(c->value - p[i].v) > 1e-9)
            fail_msg("%s %s, value %g: got level %s value %g, expected %s", aggregate, down ? "down" : "up",
                     p[i].v, core_level_name(c->level), c->value, core_level_name(p[i].want));
        assert_int_equal(c->n, 2);
        assert_int_equal(core_risk_level(&r.ind[0], p[i].v), p[i].want);
        /* The region's factor cell (risk factor 7) shows the same level. */
        assert_int_equal(region_of(&r, code[i])->factor[6], p[i].want);
        /* And the alert a duty officer sees agrees with the matrix. */
        char prefix[64];
        snprintf(prefix, sizeof prefix, "%.32s ", code[i]);
        const core_alert *a = alist_find(&l, "indicator", prefix);
        if (p[i].want == CORE_LEVEL_GREEN) {
            assert_null(a);
        } else {
            assert_non_null(a);
            assert_string_equal(a->level, core_level_name(p[i].want));
            assert_int_equal(alist_count(&l, "indicator", prefix), 1);
        }
        want_red += p[i].want == CORE_LEVEL_RED;
        want_amber += p[i].want == CORE_LEVEL_AMBER;
    }
    assert_int_equal(l.n, want_red + want_amber);
    counts(want_red, want_amber);
    alist_free(&l);
    core_risk_free(&r);
}

static void test_latest_up_levels_at_and_around_thresholds(void **s) { (void)s; check_thresholds("latest", 0); }
static void test_latest_down_levels_at_and_around_thresholds(void **s) { (void)s; check_thresholds("latest", 1); }
static void test_sum_up_levels_at_and_around_thresholds(void **s) { (void)s; check_thresholds("sum", 0); }
static void test_sum_down_levels_at_and_around_thresholds(void **s) { (void)s; check_thresholds("sum", 1); }
static void test_max_up_levels_at_and_around_thresholds(void **s) { (void)s; check_thresholds("max", 0); }
static void test_max_down_levels_at_and_around_thresholds(void **s) { (void)s; check_thresholds("max", 1); }
static void test_mean_up_levels_at_and_around_thresholds(void **s) { (void)s; check_thresholds("mean", 0); }
static void test_mean_down_levels_at_and_around_thresholds(void **s) { (void)s; check_thresholds("mean", 1); }

static void test_level_is_green_when_thresholds_are_missing(void **state)
{
    (void)state;
    core_indicator none = {.aggregate = "latest", .window_days = 7};
    assert_int_equal(core_risk_level(&none, 1e9), CORE_LEVEL_GREEN);
    assert_int_equal(core_risk_level(&none, -1e9), CORE_LEVEL_GREEN);
    core_indicator amber_only = {.has_amber = 1, .amber = 10};
    assert_int_equal(core_risk_level(&amber_only, 9.99), CORE_LEVEL_GREEN);
    assert_int_equal(core_risk_level(&amber_only, 1e9), CORE_LEVEL_AMBER);
    core_indicator red_only_down = {.down = 1, .has_red = 1, .red = 2};
    assert_int_equal(core_risk_level(&red_only_down, 2.01), CORE_LEVEL_GREEN);
    assert_int_equal(core_risk_level(&red_only_down, 2), CORE_LEVEL_RED);
    assert_int_equal(core_risk_level(&red_only_down, -5), CORE_LEVEL_RED);
    assert_string_equal(core_level_name(CORE_LEVEL_NONE), "none");
    assert_string_equal(core_level_name(CORE_LEVEL_GREEN), "green");
    assert_string_equal(core_level_name(CORE_LEVEL_AMBER), "amber");
    assert_string_equal(core_level_name(CORE_LEVEL_RED), "red");
}

static void test_latest_counts_the_newest_observation_whatever_order_it_arrives_in(void **state)
{
    (void)state;
    add_indicator("IND", 1, "up", "latest", 7, "10", "20");
    add_region("XR01");
    add_region("XR02");
    /* Newest is calm, entered last. */
    add_obs("XR01", "IND", 2 * DAY, 25, "a", NULL);
    add_obs("XR01", "IND", DAY, 12, "b", NULL);
    add_obs("XR01", "IND", HOUR, 3, "c", NULL);
    /* Newest is alarming, entered first (a late report of an older event
     * must not hide it). */
    add_obs("XR02", "IND", HOUR, 22, "a", NULL);
    add_obs("XR02", "IND", 3 * DAY, 1, "b", NULL);
    core_risk r;
    compute(&r, core_now());
    const core_cell *c = cell_of(&r, "XR01", "IND");
    assert_int_equal(c->level, CORE_LEVEL_GREEN);
    assert_value(c->value, 3);
    assert_int_equal(c->n, 3);
    c = cell_of(&r, "XR02", "IND");
    assert_int_equal(c->level, CORE_LEVEL_RED);
    assert_value(c->value, 22);
    assert_int_equal(c->n, 2);
    core_risk_free(&r);
}

static void test_latest_two_reports_at_the_same_instant_the_worse_counts(void **state)
{
    (void)state;
    add_indicator("UP", 1, "up", "latest", 7, "10", "20");
    add_indicator("DOWN", 2, "down", "latest", 7, "10", "5");
    add_region("XR01");
    add_region("XR02");
    /* XR01: the worse report entered second; XR02: entered first. */
    add_obs("XR01", "UP", HOUR, 12, "radio", NULL);
    add_obs("XR01", "UP", HOUR, 25, "monitor", NULL);
    add_obs("XR01", "DOWN", HOUR, 8, "radio", NULL);
    add_obs("XR01", "DOWN", HOUR, 3, "monitor", NULL);
    add_obs("XR02", "UP", HOUR, 25, "radio", NULL);
    add_obs("XR02", "UP", HOUR, 12, "monitor", NULL);
    add_obs("XR02", "DOWN", HOUR, 3, "radio", NULL);
    add_obs("XR02", "DOWN", HOUR, 8, "monitor", NULL);
    core_risk r;
    compute(&r, core_now());
    for (int i = 0; i < 2; i++) {
        const char *reg = i ? "XR02" : "XR01";
        const core_cell *c = cell_of(&r, reg, "UP");
        assert_int_equal(c->level, CORE_LEVEL_RED);
        assert_value(c->value, 25);
        c = cell_of(&r, reg, "DOWN");
        assert_int_equal(c->level, CORE_LEVEL_RED);
        assert_value(c->value, 3);
    }
    core_risk_free(&r);
}

/* =========================================================================
 * 2. The window: now - window_days < observed_at <= now
 * ========================================================================= */

static void test_the_latest_observation_of_a_cell_is_found_for_correction(void **state)
{
    (void)state;
    add_indicator("IND", 1, "up", "latest", 7, "10", "20");
    add_indicator("OTHER", 2, "up", "latest", 7, "10", "20");
    add_region("XR01");
    add_region("XR02");
    add_obs("XR01", "IND", 2 * DAY, 25, "a", NULL);
    int64_t newest = add_obs("XR01", "IND", HOUR, 99999, "b", NULL); /* the typo */
    add_obs("XR01", "IND", DAY, 12, "c", NULL);                     /* entered after it */
    add_obs("XR02", "IND", 0, 5, "a", NULL);                        /* another region */
    add_obs("XR01", "OTHER", 0, 5, "a", NULL);                      /* another indicator */
    add_obs("XR01", "IND", 60, 8, "e", "disputed");                 /* newer, but disputed */
    int64_t id = -1;
    core_err e;
    assert_int_equal(core_risk_latest(db, "XR01", "IND", &id, &e), CORE_OK);
    assert_int_equal(id, newest);
    /* A report dated ahead (local time written as UTC) is not counted
     * yet, and is the one to put right. */
    int64_t ahead = add_obs("XR01", "IND", -20 * HOUR, 7, "d", NULL);
    assert_int_equal(core_risk_latest(db, "XR01", "IND", &id, &e), CORE_OK);
    assert_int_equal(id, ahead);
    assert_int_equal(core_risk_latest(db, "XR02", "OTHER", &id, &e), CORE_ENOTFOUND);
    assert_int_equal(core_risk_latest(db, "XR01", "NOPE", &id, &e), CORE_ENOTFOUND);
    /* The cell is the risk factor: a newer report of its second indicator
     * is the cell's latest, whichever indicator the cell was opened by. */
    add_indicator("IND2", 1, "up", "latest", 7, "10", "20");
    int64_t second = add_obs("XR01", "IND2", -21 * HOUR, 3, "f", NULL);
    assert_int_equal(core_risk_latest(db, "XR01", "IND", &id, &e), CORE_OK);
    assert_int_equal(id, second);
    assert_int_equal(core_risk_latest(db, "XR01", "IND2", &id, &e), CORE_OK);
    assert_int_equal(id, second);
    assert_int_equal(core_risk_latest(db, "XR01", "OTHER", &id, &e), CORE_OK);
    assert_int_not_equal(id, second);
}

/* A second report with the same region, indicator, time and source is
 * refused at the time, naming the whole key (it was said of the region:
 * "XR01 is already used by another record"). */
static void test_an_observation_key_clash_names_the_whole_key(void **state)
{
    (void)state;
    add_indicator("IND", 1, "up", "latest", 7, "10", "20");
    add_region("XR01");
    add_obs("XR01", "IND", HOUR, 5, "radio", NULL);
    int64_t other = add_obs("XR01", "IND", 2 * HOUR, 6, "radio", NULL);
    char at[24];
    ts_ago(HOUR, at);
    const char *v[8] = {"XR01", "IND", at, "7", "radio", NULL, NULL, NULL};
    core_field_error fe = {.col = -1};
    core_err e;
    assert_int_equal(core_row_insert(db, CORE_T_OBSERVATIONS, v, NULL, &fe, &e), CORE_EDATA);
    assert_int_equal(fe.col, 2);
    assert_string_equal(fe.msg, "same region, indicator, time and source as another observation");
    /* Moving another report onto it is refused the same way. */
    core_row r;
    assert_int_equal(core_row_get(db, CORE_T_OBSERVATIONS, other, &r, &e), CORE_OK);
    const char *move[8] = {NULL, NULL, at};
    fe.col = -1;
    assert_int_equal(core_row_update(db, CORE_T_OBSERVATIONS, other, r.version, move, &fe, &e), CORE_EDATA);
    core_row_free(&r);
    assert_int_equal(fe.col, 2);
    assert_non_null(strstr(e.msg, "observed_at: same region, indicator, time and source as another"));
}

static void test_window_excludes_exactly_window_days_old_and_future_observations(void **state)
{
    (void)state;
    add_indicator("W", 1, "up", "sum", 7, "10", "20");
    const char *regs[] = {"XR01", "XR02", "XR03", "XR04", "XR05"};
    for (int i = 0; i < 5; i++)
        add_region(regs[i]);
    add_obs("XR01", "W", 7 * DAY, 50, "a", NULL);     /* exactly 7 days old: outside */
    add_obs("XR02", "W", 7 * DAY - 1, 50, "a", NULL); /* one second younger: inside */
    add_obs("XR03", "W", -1, 50, "a", NULL);          /* one second after now: outside */
    add_obs("XR04", "W", 0, 50, "a", NULL);           /* exactly now: inside */
    add_obs("XR05", "W", 7 * DAY, 50, "old", NULL);   /* outside, so only 3 is summed */
    add_obs("XR05", "W", HOUR, 3, "new", NULL);

    core_risk r;
    compute(&r, core_now());
    const core_cell *c = cell_of(&r, "XR01", "W");
    assert_int_equal(c->level, CORE_LEVEL_NONE);
    assert_int_equal(c->n, 0);
    c = cell_of(&r, "XR02", "W");
    assert_int_equal(c->level, CORE_LEVEL_RED);
    assert_int_equal(c->n, 1);
    assert_value(c->value, 50);
    c = cell_of(&r, "XR03", "W");
    assert_int_equal(c->level, CORE_LEVEL_NONE);
    assert_int_equal(c->n, 0);
    c = cell_of(&r, "XR04", "W");
    assert_int_equal(c->level, CORE_LEVEL_RED);
    assert_value(c->value, 50);
    c = cell_of(&r, "XR05", "W");
    assert_int_equal(c->level, CORE_LEVEL_GREEN);
    assert_int_equal(c->n, 1);
    assert_value(c->value, 3);
    /* A region with nothing in the window has no level at all. */
    assert_int_equal(region_of(&r, "XR01")->worst, CORE_LEVEL_NONE);
    assert_int_equal(region_of(&r, "XR03")->factor[0], CORE_LEVEL_NONE);
    core_risk_free(&r);

    /* Alerts only where the window holds something alarming. */
    alist l = list_alerts(1);
    assert_int_equal(l.n, 2);
    assert_int_equal(alist_count(&l, "indicator", "XR02 "), 1);
    assert_int_equal(alist_count(&l, "indicator", "XR04 "), 1);
    alist_free(&l);
    counts(2, 0);
}

static void test_window_slides_with_now(void **state)
{
    (void)state;
    add_indicator("W", 1, "up", "sum", 7, "10", "20");
    add_region("XR02");
    add_region("XR03");
    add_obs("XR02", "W", 7 * DAY - 1, 50, "a", NULL);
    add_obs("XR03", "W", -1, 50, "a", NULL);
    time_t now = core_now();
    /* One second later, XR02's report has aged out and XR03's has arrived. */
    core_risk r;
    compute(&r, now + 1);
    assert_int_equal(cell_of(&r, "XR02", "W")->level, CORE_LEVEL_NONE);
    assert_int_equal(cell_of(&r, "XR03", "W")->level, CORE_LEVEL_RED);
    core_risk_free(&r);

    set_now(now + 1);
    refresh(2); /* XR02 cleared, XR03 raised */
    alist l = list_alerts(1);
    assert_int_equal(l.n, 2);
    const core_alert *a = alist_find(&l, "indicator", "XR02 ");
    assert_non_null(a);
    assert_string_equal(a->cleared_at, "2026-11-20T12:00:01Z");
    a = alist_find(&l, "indicator", "XR03 ");
    assert_non_null(a);
    assert_string_equal(a->cleared_at, "");
    assert_string_equal(a->raised_at, "2026-11-20T12:00:01Z");
    alist_free(&l);
    counts(1, 0);
}

static void test_no_observation_in_window_means_no_level_and_no_alert(void **state)
{
    (void)state;
    add_indicator("W", 1, "up", "latest", 3, "10", "20");
    add_region("XR01");
    add_region("XR02"); /* never observed */
    add_obs("XR01", "W", 10 * DAY, 99, "a", NULL);
    core_risk r;
    compute(&r, core_now());
    for (int i = 0; i < 2; i++) {
        const core_cell *c = cell_of(&r, i ? "XR02" : "XR01", "W");
        assert_int_equal(c->level, CORE_LEVEL_NONE);
        assert_int_equal(c->n, 0);
        assert_int_equal(c->unverified, 0);
    }
    core_risk_free(&r);
    refresh(0);
    alist l = list_alerts(1);
    assert_int_equal(l.n, 0);
    alist_free(&l);
    counts(0, 0);
}

/* =========================================================================
 * 3. Verification
 * ========================================================================= */

static void test_disputed_observations_are_ignored_and_unverified_are_counted(void **state)
{
    (void)state;
    add_indicator("V", 1, "up", "latest", 7, "10", "20");
    add_region("XR01");
    add_region("XR02");
    add_region("XR03");
    add_region("XR04");
    /* A newer disputed report does not raise the level. */
    add_obs("XR01", "V", 2 * HOUR, 5, "a", "verified");
    add_obs("XR01", "V", HOUR, 50, "b", "disputed");
    /* Only disputed reports: no level at all. */
    add_obs("XR02", "V", HOUR, 50, "a", "disputed");
    /* A newer unverified report counts, and is said to be unverified. */
    add_obs("XR03", "V", 2 * HOUR, 5, "a", "verified");
    add_obs("XR03", "V", HOUR, 25, "b", NULL); /* default: unverified */
    /* A disputed report does not win a same-instant tie either. */
    add_obs("XR04", "V", HOUR, 12, "a", "verified");
    add_obs("XR04", "V", HOUR, 50, "b", "disputed");

    core_risk r;
    compute(&r, core_now());
    const core_cell *c = cell_of(&r, "XR01", "V");
    assert_int_equal(c->level, CORE_LEVEL_GREEN);
    assert_value(c->value, 5);
    assert_int_equal(c->n, 1);
    assert_int_equal(c->unverified, 0);
    c = cell_of(&r, "XR02", "V");
    assert_int_equal(c->level, CORE_LEVEL_NONE);
    assert_int_equal(c->n, 0);
    c = cell_of(&r, "XR03", "V");
    assert_int_equal(c->level, CORE_LEVEL_RED);
    assert_value(c->value, 25);
    assert_int_equal(c->n, 2);
    assert_int_equal(c->unverified, 1);
    c = cell_of(&r, "XR04", "V");
    assert_int_equal(c->level, CORE_LEVEL_AMBER);
    assert_value(c->value, 12);
    assert_int_equal(c->n, 1);
    assert_int_equal(c->unverified, 0);
    core_risk_free(&r);

    alist l = list_alerts(1);
    assert_int_equal(l.n, 2);
    assert_int_equal(alist_count(&l, "indicator", "XR01 "), 0);
    assert_int_equal(alist_count(&l, "indicator", "XR02 "), 0);
    const core_alert *a = alist_find(&l, "indicator", "XR03 ");
    assert_non_null(a);
    assert_string_equal(a->level, "red");
    assert_non_null(strstr(a->subject, "1 of 2 unverified"));
    a = alist_find(&l, "indicator", "XR04 ");
    assert_non_null(a);
    assert_string_equal(a->level, "amber");
    assert_null(strstr(a->subject, "unverified"));
    alist_free(&l);
}

static void test_disputing_the_report_behind_an_alert_clears_it(void **state)
{
    (void)state;
    add_indicator("V", 1, "up", "latest", 7, "10", "20");
    add_region("XR01");
    add_obs("XR01", "V", 2 * HOUR, 5, "a", "verified");
    int64_t bad = add_obs("XR01", "V", HOUR, 25, "b", NULL);
    counts(1, 0);
    update_col(CORE_T_OBSERVATIONS, bad, "verification", "disputed");
    counts(0, 0);
    alist l = list_alerts(1);
    assert_int_equal(l.n, 1);
    assert_string_equal(l.a[0].cleared_at, NOW_ISO);
    alist_free(&l);
    core_risk r;
    compute(&r, core_now());
    assert_int_equal(cell_of(&r, "XR01", "V")->level, CORE_LEVEL_GREEN);
    core_risk_free(&r);
}

/* =========================================================================
 * 4. The matrix
 * ========================================================================= */

static void test_matrix_worst_level_per_factor_and_regions_sorted_by_red_then_amber_then_code(void **state)
{
    (void)state;
    /* Two indicators on risk factor 1, one each on 2 and 3. */
    add_indicator("F2-A", 2, "up", "latest", 7, "10", "20");
    add_indicator("F1-B", 1, "up", "latest", 7, "10", "20");
    add_indicator("F3-A", 3, "up", "latest", 7, "10", "20");
    add_indicator("F1-A", 1, "up", "latest", 7, "10", "20");
    const char *regs[] = {"AA01", "AB01", "BB02", "CC03", "DD04", "MM05", "ZZ09"};
    for (int i = 0; i < 7; i++)
        add_region(regs[i]);
    /* ZZ09: two red indicators on one factor count as ONE red factor cell. */
    add_obs("ZZ09", "F1-A", HOUR, 25, "", NULL);
    add_obs("ZZ09", "F1-B", HOUR, 25, "", NULL);
    add_obs("ZZ09", "F2-A", HOUR, 12, "", NULL);
    /* MM05: two red factors. */
    add_obs("MM05", "F1-A", HOUR, 25, "", NULL);
    add_obs("MM05", "F2-A", HOUR, 25, "", NULL);
    /* AA01: three amber factors, no red. */
    add_obs("AA01", "F1-A", HOUR, 12, "", NULL);
    add_obs("AA01", "F2-A", HOUR, 12, "", NULL);
    add_obs("AA01", "F3-A", HOUR, 12, "", NULL);
    /* BB02: amber and red on the same factor: the factor is red. */
    add_obs("BB02", "F1-A", HOUR, 12, "", NULL);
    add_obs("BB02", "F1-B", HOUR, 25, "", NULL);
    /* AB01: one red factor (ties with BB02: code decides). */
    add_obs("AB01", "F1-A", HOUR, 25, "", NULL);
    /* CC03: green; DD04: no data. */
    add_obs("CC03", "F1-A", HOUR, 5, "", NULL);

    core_risk r;
    compute(&r, core_now());
    assert_int_equal(r.nregions, 7);
    assert_int_equal(r.nind, 4);
    /* Indicators by risk factor, then code. */
    assert_string_equal(r.ind[0].code, "F1-A");
    assert_string_equal(r.ind[1].code, "F1-B");
    assert_string_equal(r.ind[2].code, "F2-A");
    assert_string_equal(r.ind[3].code, "F3-A");
    const char *order[] = {"MM05", "ZZ09", "AB01", "BB02", "AA01", "CC03", "DD04"};
    for (int i = 0; i < 7; i++)
        if (strcmp(r.regions[i].code, order[i]))
            fail_msg("region %d is %s, expected %s", i, r.regions[i].code, order[i]);

    const core_risk_region *g = region_of(&r, "ZZ09");
    assert_int_equal(g->factor[0], CORE_LEVEL_RED);
    assert_int_equal(g->factor[1], CORE_LEVEL_AMBER);
    assert_int_equal(g->factor[2], CORE_LEVEL_NONE);
    assert_int_equal(g->n_red, 1);
    assert_int_equal(g->n_amber, 1);
    assert_int_equal(g->worst, CORE_LEVEL_RED);
    g = region_of(&r, "MM05");
    assert_int_equal(g->n_red, 2);
    assert_int_equal(g->n_amber, 0);
    g = region_of(&r, "AA01");
    assert_int_equal(g->n_red, 0);
    assert_int_equal(g->n_amber, 3);
    assert_int_equal(g->worst, CORE_LEVEL_AMBER);
    g = region_of(&r, "BB02");
    assert_int_equal(g->factor[0], CORE_LEVEL_RED);
    assert_int_equal(g->n_red, 1);
    assert_int_equal(g->n_amber, 0);
    g = region_of(&r, "CC03");
    assert_int_equal(g->factor[0], CORE_LEVEL_GREEN);
    assert_int_equal(g->worst, CORE_LEVEL_GREEN);
    assert_int_equal(g->n_red + g->n_amber, 0);
    g = region_of(&r, "DD04");
    assert_int_equal(g->worst, CORE_LEVEL_NONE);
    for (int f = 0; f < CORE_RISK_FACTORS; f++)
        assert_int_equal(g->factor[f], CORE_LEVEL_NONE);

    /* Cells still belong to the right region after sorting. */
    const core_cell *c = cell_of(&r, "BB02", "F1-A");
    assert_int_equal(c->level, CORE_LEVEL_AMBER);
    assert_value(c->value, 12);
    c = cell_of(&r, "BB02", "F1-B");
    assert_int_equal(c->level, CORE_LEVEL_RED);
    assert_value(c->value, 25);
    c = cell_of(&r, "CC03", "F1-A");
    assert_value(c->value, 5);
    assert_int_equal(cell_of(&r, "DD04", "F1-A")->n, 0);
    core_risk_free(&r);
}

/* =========================================================================
 * 5. Series
 * ========================================================================= */

static void test_series_is_30_days_oldest_first_with_gaps_where_the_window_is_empty(void **state)
{
    (void)state;
    int64_t ind = add_indicator("S", 1, "up", "latest", 3, "10", "20");
    int64_t reg = add_region("XR01");
    add_obs("XR01", "S", 32 * DAY, 99, "a", NULL);         /* exactly at the first window's edge: never */
    add_obs("XR01", "S", 19 * DAY, 5, "a", NULL);          /* periods 10..12 */
    add_obs("XR01", "S", 10 * DAY + 6 * HOUR, 12, "a", NULL); /* periods 19..21 */
    add_obs("XR01", "S", 36 * HOUR, 25, "a", NULL);        /* periods 28..29 */
    add_obs("XR01", "S", 20 * HOUR, 50, "b", "disputed");  /* never */

    core_risk r;
    compute(&r, core_now());
    const core_indicator *ip = &r.ind[ind_index(&r, "S")];
    assert_int_equal(ip->id, ind);
    double v[30];
    int present[30];
    for (int k = 0; k < 30; k++) {
        v[k] = -1;
        present[k] = -1;
    }
    core_err e;
    assert_int_equal(core_risk_series(db, reg, ip, core_now(), 30, v, present, &e), CORE_OK);
    for (int k = 0; k < 30; k++) {
        double want = 0;
        if (k >= 10 && k <= 12)
            want = 5;
        else if (k >= 19 && k <= 21)
            want = 12;
        else if (k >= 28)
            want = 25;
        if (present[k] != (want != 0) || fabs(v[k] - want) > 1e-9)
            fail_msg("period %d: present %d value %g, expected %d %g", k, present[k], v[k], want != 0, want);
    }
    /* The last period is the current aggregate. */
    const core_cell *c = cell_of(&r, "XR01", "S");
    assert_int_equal(c->n, 1);
    assert_value(v[29], c->value);
    core_risk_free(&r);
}

static void test_series_last_period_equals_current_aggregate_for_every_kind(void **state)
{
    (void)state;
    static const char *const AGG[] = {"latest", "sum", "max", "mean"};
    for (int i = 0; i < 4; i++) {
        char code[16];
        snprintf(code, sizeof code, "I-%s", AGG[i]);
        add_indicator(code, 1, i % 2 ? "down" : "up", AGG[i], 5, NULL, NULL);
    }
    int64_t reg = add_region("XR01");
    static const struct { long ago; double v; } OBS[] = {
        {5 * DAY + 1, 70}, {4 * DAY, 4}, {2 * DAY, 9}, {DAY, 1.5}, {HOUR, 6}, {-HOUR, 40}};
    for (int i = 0; i < 4; i++) {
        char code[16];
        snprintf(code, sizeof code, "I-%s", AGG[i]);
        for (size_t j = 0; j < sizeof OBS / sizeof OBS[0]; j++) {
            char src[8];
            snprintf(src, sizeof src, "s%zu", j);
            add_obs("XR01", code, OBS[j].ago, OBS[j].v, src, NULL);
        }
    }
    /* In the window (5 days): 4, 9, 1.5, 6. */
    static const double WANT[] = {6, 20.5, 9, 5.125};
    core_risk r;
    compute(&r, core_now());
    for (int i = 0; i < 4; i++) {
        char code[16];
        snprintf(code, sizeof code, "I-%s", AGG[i]);
        const core_cell *c = cell_of(&r, "XR01", code);
        assert_int_equal(c->n, 4);
        assert_value(c->value, WANT[i]);
        double v[30];
        int present[30];
        core_err e;
        assert_int_equal(core_risk_series(db, reg, &r.ind[ind_index(&r, code)], core_now(), 30, v, present, &e),
                         CORE_OK);
        assert_int_equal(present[29], 1);
        assert_value(v[29], c->value);
        /* 25 days back nothing was observed. */
        assert_int_equal(present[0], 0);
        assert_value(v[0], 0);
    }
    core_risk_free(&r);
}

/* =========================================================================
 * 6. The life of an indicator alert
 * ========================================================================= */

/* Indicator "IND" (up, latest, 7 d, amber 10, red 20) and region XR01. */
static void indicator_setup(void)
{
    add_indicator("IND", 4, "up", "latest", 7, "10", "20");
    add_region("XR01");
}

static int64_t only_alert(const char *want_level)
{
    alist l = list_alerts(1);
    assert_int_equal(l.n, 1);
    int64_t id = l.a[0].id;
    if (want_level)
        assert_string_equal(l.a[0].level, want_level);
    alist_free(&l);
    return id;
}

static void test_crossing_amber_raises_exactly_one_open_indicator_alert(void **state)
{
    (void)state;
    indicator_setup();
    add_obs("XR01", "IND", 2 * HOUR, 4, "a", NULL);
    counts(0, 0);
    assert_int_equal(raw_int("SELECT count(*) FROM alerts"), 0);
    add_obs("XR01", "IND", HOUR, 12, "a", NULL); /* the insert itself raises it */
    assert_int_equal(raw_int("SELECT count(*) FROM alerts"), 1);
    alist l = list_alerts(0);
    assert_int_equal(l.n, 1);
    const core_alert *a = &l.a[0];
    assert_string_equal(a->kind, "indicator");
    assert_string_equal(a->level, "amber");
    assert_string_equal(a->raised_at, NOW_ISO);
    assert_string_equal(a->cleared_at, "");
    assert_string_equal(a->acknowledged_at, "");
    assert_string_equal(a->acknowledged_by, "");
    /* The subject says where, what and against which threshold. */
    assert_true(!strncmp(a->subject, "XR01 Region XR01: Indicator IND 12", 34));
    assert_non_null(strstr(a->subject, "amber >= 10"));
    alist_free(&l);
    counts(0, 1);
}

static void test_refresh_and_more_observations_at_the_same_level_never_duplicate_the_alert(void **state)
{
    (void)state;
    indicator_setup();
    add_obs("XR01", "IND", 3 * HOUR, 12, "a", NULL);
    int64_t id = only_alert("amber");
    for (int i = 0; i < 20; i++)
        refresh(0);
    add_obs("XR01", "IND", 2 * HOUR, 13, "a", NULL);
    add_obs("XR01", "IND", HOUR, 11, "b", NULL);
    add_obs("XR01", "IND", HOUR, 15, "c", NULL);
    for (int i = 0; i < 5; i++)
        refresh(0);
    assert_int_equal(only_alert("amber"), id);
    assert_int_equal(raw_int("SELECT count(*) FROM alerts"), 1);
    assert_int_equal(raw_int("SELECT count(*) FROM audit WHERE tbl = 'alerts' AND action = 'raise'"), 1);
    counts(0, 1);
}

static void test_escalation_to_red_keeps_one_alert_and_asks_for_acknowledgement_again(void **state)
{
    (void)state;
    indicator_setup();
    add_obs("XR01", "IND", 3 * HOUR, 12, "a", NULL);
    int64_t id = only_alert("amber");
    core_err e;
    assert_int_equal(ack(id, "monitors informed", &e), CORE_OK);
    alist l = list_alerts(0);
    assert_int_equal(l.n, 1); /* still open: shown although acknowledged */
    assert_string_equal(l.a[0].acknowledged_at, NOW_ISO);
    alist_free(&l);

    add_obs("XR01", "IND", HOUR, 25, "a", NULL);
    assert_int_equal(only_alert("red"), id);
    l = list_alerts(0);
    assert_int_equal(l.n, 1);
    assert_int_equal(l.a[0].id, id);
    assert_string_equal(l.a[0].level, "red");
    assert_string_equal(l.a[0].acknowledged_at, "");
    assert_string_equal(l.a[0].acknowledged_by, "");
    assert_string_equal(l.a[0].note, "");
    assert_string_equal(l.a[0].cleared_at, "");
    assert_non_null(strstr(l.a[0].subject, "red >= 20"));
    alist_free(&l);
    counts(1, 0);
    /* A note written while it was amber (a form opened before the red
     * reading came in) must not silence the red alert. */
    assert_int_equal(core_alert_ack(db, id, "amber is fine, watching", "amber", &e), CORE_ECONFLICT);
    assert_non_null(strstr(e.msg, "is now red (it was amber when you opened it)"));
    l = list_alerts(0);
    assert_string_equal(l.a[0].acknowledged_at, "");
    alist_free(&l);
    /* It must be acknowledged again, and can be. */
    assert_int_equal(core_alert_ack(db, id, "escalated to the protection cluster", "red", &e), CORE_OK);
    assert_int_equal(raw_int("SELECT count(*) FROM alerts"), 1);
}

static void test_falling_from_red_to_amber_keeps_the_same_alert_open_at_amber(void **state)
{
    (void)state;
    indicator_setup();
    add_obs("XR01", "IND", 2 * HOUR, 25, "a", NULL);
    int64_t id = only_alert("red");
    add_obs("XR01", "IND", HOUR, 12, "a", NULL);
    assert_int_equal(only_alert("amber"), id);
    counts(0, 1);
}

static void test_emptied_window_clears_the_alert_at_that_time(void **state)
{
    (void)state;
    indicator_setup();
    add_obs("XR01", "IND", HOUR, 25, "a", NULL);
    int64_t id = only_alert("red");
    /* Six days later the report is still in the window. */
    set_now(t_of(NOW_ISO) + 6 * DAY);
    refresh(0);
    counts(1, 0);
    /* Eight days later the window is empty: cleared, not deleted. */
    set_now(t_of(NOW_ISO) + 8 * DAY);
    refresh(1);
    counts(0, 0);
    alist l = list_alerts(1);
    assert_int_equal(l.n, 1);
    assert_int_equal(l.a[0].id, id);
    assert_string_equal(l.a[0].cleared_at, "2026-11-28T12:00:00Z");
    assert_string_equal(l.a[0].level, "red");
    alist_free(&l);
    /* Refreshing again changes nothing. */
    refresh(0);
    assert_int_equal(raw_int("SELECT count(*) FROM alerts"), 1);
}

static void test_cleared_unacknowledged_alert_stays_listed_until_acknowledged(void **state)
{
    (void)state;
    indicator_setup();
    add_obs("XR01", "IND", HOUR, 25, "a", NULL);
    int64_t id = only_alert("red");
    set_now(t_of(NOW_ISO) + 8 * DAY);
    refresh(1);
    /* A red that came and went while nobody watched is not lost. */
    alist l = list_alerts(0);
    assert_int_equal(l.n, 1);
    assert_int_equal(l.a[0].id, id);
    assert_string_equal(l.a[0].cleared_at, "2026-11-28T12:00:00Z");
    assert_string_equal(l.a[0].acknowledged_at, "");
    alist_free(&l);
    counts(0, 0); /* but it no longer counts as open */
    core_err e;
    assert_int_equal(ack(id, "seen in the morning review", &e), CORE_OK);
    l = list_alerts(0);
    assert_int_equal(l.n, 0);
    alist_free(&l);
    /* --all keeps everything. */
    l = list_alerts(1);
    assert_int_equal(l.n, 1);
    assert_int_equal(l.a[0].id, id);
    assert_string_equal(l.a[0].note, "seen in the morning review");
    alist_free(&l);
}

static void test_condition_returning_after_clear_raises_a_new_alert_and_keeps_the_old(void **state)
{
    (void)state;
    indicator_setup();
    add_obs("XR01", "IND", HOUR, 25, "a", NULL);
    int64_t first = only_alert("red");
    set_now(t_of(NOW_ISO) + 8 * DAY);
    refresh(1);
    add_obs("XR01", "IND", HOUR, 12, "a", NULL);
    alist l = list_alerts(1);
    assert_int_equal(l.n, 2);
    /* Open before cleared. */
    assert_int_not_equal(l.a[0].id, first);
    assert_string_equal(l.a[0].level, "amber");
    assert_string_equal(l.a[0].cleared_at, "");
    assert_string_equal(l.a[0].raised_at, "2026-11-28T12:00:00Z");
    assert_int_equal(l.a[1].id, first);
    assert_string_equal(l.a[1].cleared_at, "2026-11-28T12:00:00Z");
    alist_free(&l);
    counts(0, 1);
}

/* =========================================================================
 * 7. Acknowledgement
 * ========================================================================= */

static void test_acknowledgement_records_actor_time_and_note_and_persists(void **state)
{
    (void)state;
    indicator_setup();
    add_obs("XR01", "IND", HOUR, 12, "a", NULL);
    int64_t id = only_alert("amber");
    set_now(t_of("2026-11-20T12:05:00Z"));
    core_err e;
    assert_int_equal(ack(id, "field team called; situation calm", &e), CORE_OK);
    char actor[64];
    snprintf(actor, sizeof actor, "%s", core_db_actor(db));
    assert_true(actor[0] != '\0');
    core_db_close(db);
    db = NULL;

    /* As another process sees the file. */
    char sql[160];
    snprintf(sql, sizeof sql, "SELECT acknowledged_by FROM alerts WHERE id = %lld", (long long)id);
    char *by = raw_text(sql);
    assert_string_equal(by, actor);
    free(by);

    assert_int_equal(core_db_open(dbpath, 0, &db, &e), CORE_OK);
    alist l = list_alerts(1);
    assert_int_equal(l.n, 1);
    assert_int_equal(l.a[0].id, id);
    assert_string_equal(l.a[0].acknowledged_by, actor);
    assert_string_equal(l.a[0].acknowledged_at, "2026-11-20T12:05:00Z");
    assert_string_equal(l.a[0].note, "field team called; situation calm");
    assert_string_equal(l.a[0].raised_at, NOW_ISO);
    alist_free(&l);
    /* Still open: it stays on the list although acknowledged. */
    l = list_alerts(0);
    assert_int_equal(l.n, 1);
    alist_free(&l);
}

static void test_acknowledging_twice_is_refused_and_keeps_the_first(void **state)
{
    (void)state;
    indicator_setup();
    add_obs("XR01", "IND", HOUR, 12, "a", NULL);
    int64_t id = only_alert("amber");
    core_err e;
    assert_int_equal(ack(id, "first", &e), CORE_OK);
    set_now(t_of("2026-11-20T13:00:00Z"));
    assert_int_equal(ack(id, "second", &e), CORE_EDATA);
    assert_non_null(strstr(e.msg, "already acknowledged"));
    assert_non_null(strstr(e.msg, core_db_actor(db)));
    alist l = list_alerts(1);
    assert_string_equal(l.a[0].note, "first");
    assert_string_equal(l.a[0].acknowledged_at, NOW_ISO);
    alist_free(&l);
    assert_int_equal(raw_int("SELECT count(*) FROM audit WHERE action = 'acknowledge'"), 1);
}

static void test_acknowledging_an_unknown_alert_is_not_found(void **state)
{
    (void)state;
    core_err e;
    assert_int_equal(ack(9999, "who?", &e), CORE_ENOTFOUND);
    assert_non_null(strstr(e.msg, "9999"));
    assert_int_equal(raw_int("SELECT count(*) FROM audit WHERE action = 'acknowledge'"), 0);
}

static void test_acknowledgement_needs_a_note(void **state)
{
    (void)state;
    indicator_setup();
    add_obs("XR01", "IND", HOUR, 12, "a", NULL);
    int64_t id = only_alert("amber");
    core_err e;
    assert_int_equal(ack(id, "", &e), CORE_EDATA);
    assert_non_null(strstr(e.msg, "note"));
    assert_int_equal(ack(id, "   ", &e), CORE_EDATA);
    assert_int_equal(ack(id, NULL, &e), CORE_EDATA);
    alist l = list_alerts(0);
    assert_string_equal(l.a[0].acknowledged_at, "");
    alist_free(&l);
    assert_int_equal(raw_int("SELECT count(*) FROM audit WHERE action = 'acknowledge'"), 0);
}

/* =========================================================================
 * 8. Time-based rules
 * ========================================================================= */

static void test_partner_alert_after_30_days_without_contact(void **state)
{
    (void)state;
    char d29[11], d30[11], today[11];
    date_ago(29, d29);
    date_ago(30, d30);
    date_ago(0, today);
    add_partner("Recent Friends", d29);
    int64_t silent = add_partner("Silent Circle", d30);
    add_partner("Never Called", NULL);
    alist l = list_alerts(1);
    assert_int_equal(l.n, 1);
    assert_int_equal(alist_count(&l, "partner", "Recent Friends"), 0);
    const core_alert *a = alist_find(&l, "partner", "Silent Circle");
    assert_non_null(a);
    assert_string_equal(a->level, "amber");
    assert_non_null(strstr(a->subject, "30 days"));
    alist_free(&l);
    counts(0, 1);

    /* A day later the first one is overdue too, and the open alert's
     * wording follows the count of days. */
    set_now(t_of(NOW_ISO) + DAY);
    refresh(2);
    counts(0, 2);
    l = list_alerts(0);
    a = alist_find(&l, "partner", "Silent Circle");
    assert_non_null(a);
    assert_non_null(strstr(a->subject, "31 days"));
    alist_free(&l);
    /* Contacting the silent partner clears its alert. */
    date_ago(0, today);
    update_col(CORE_T_PARTNERS, silent, "last_contact", today);
    l = list_alerts(1);
    a = alist_find(&l, "partner", "Silent Circle");
    assert_non_null(a);
    assert_string_equal(a->cleared_at, "2026-11-21T12:00:00Z");
    alist_free(&l);
    counts(0, 1);
}

/* Monitoring output (vigil alerts) withholds the name of a sensitive
 * partner, and of one deleted since, as exports leave such alerts out;
 * the dashboard's list still names them. */
static void test_withheld_alerts_do_not_name_sensitive_partners(void **state)
{
    (void)state;
    char d40[11];
    date_ago(40, d40);
    add_partner("Open Door Society", d40);
    int64_t informant = add_partner("Nightjar Contact", d40);
    update_col(CORE_T_PARTNERS, informant, "sensitive", "1");
    int64_t gone = add_partner("Closed Chapter", d40);

    alist l = list_alerts(CORE_ALERTS_ALL | CORE_ALERTS_WITHHOLD);
    assert_int_equal(l.n, 3);
    assert_int_equal(alist_count(&l, "partner", "Open Door Society: no contact for 40 days"), 1);
    for (int i = 0; i < l.n; i++)
        assert_null(strstr(l.a[i].subject, "Nightjar"));
    char want[64];
    snprintf(want, sizeof want, "partner #%lld: name withheld", (long long)informant);
    assert_int_equal(alist_count(&l, "partner", want), 1);
    alist_free(&l);

    /* Without the flag every name is there. */
    l = list_alerts(CORE_ALERTS_ALL);
    assert_int_equal(alist_count(&l, "partner", "Nightjar Contact: no contact"), 1);
    alist_free(&l);

    /* A deleted partner's cleared alert is withheld too: nothing left
     * says whether it was sensitive. */
    core_err e;
    assert_int_equal(core_row_delete(db, CORE_T_PARTNERS, gone, 1, &e), CORE_OK);
    l = list_alerts(CORE_ALERTS_ALL | CORE_ALERTS_WITHHOLD);
    for (int i = 0; i < l.n; i++)
        assert_null(strstr(l.a[i].subject, "Closed Chapter"));
    alist_free(&l);
}

static void test_activity_past_end_date_alerts_until_completed(void **state)
{
    (void)state;
    char yesterday[11], today[11];
    date_ago(1, yesterday);
    date_ago(0, today);
    int64_t late = add_activity("ACT-LATE", "ongoing", yesterday);
    add_activity("ACT-TODAY", "ongoing", today);
    add_activity("ACT-DONE", "completed", yesterday);
    add_activity("ACT-OFF", "cancelled", yesterday);
    alist l = list_alerts(1);
    assert_int_equal(l.n, 1);
    const core_alert *a = alist_find(&l, "activity", "ACT-LATE ");
    assert_non_null(a);
    assert_string_equal(a->level, "amber");
    assert_non_null(strstr(a->subject, "ongoing"));
    alist_free(&l);
    counts(0, 1);

    update_col(CORE_T_ACTIVITIES, late, "status", "completed");
    counts(0, 0);
    l = list_alerts(1);
    assert_int_equal(l.n, 1);
    assert_string_equal(l.a[0].cleared_at, NOW_ISO);
    alist_free(&l);
}

static void test_stock_below_minimum_is_amber_and_empty_is_red(void **state)
{
    (void)state;
    int64_t kits = add_resource("MED-01", "40", "10", NULL);
    add_resource("MED-02", "10", "10", NULL); /* at the minimum: fine */
    counts(0, 0);
    move_stock(kits, -35, "dispatched"); /* 5 < 10 */
    alist l = list_alerts(1);
    assert_int_equal(l.n, 1);
    const core_alert *a = alist_find(&l, "stock", "MED-01 ");
    assert_non_null(a);
    assert_string_equal(a->level, "amber");
    int64_t id = a->id;
    alist_free(&l);
    counts(0, 1);

    move_stock(kits, -5, "dispatched"); /* 0 */
    l = list_alerts(1);
    assert_int_equal(l.n, 1);
    assert_int_equal(l.a[0].id, id);
    assert_string_equal(l.a[0].level, "red");
    assert_non_null(strstr(l.a[0].subject, "0 kits left"));
    alist_free(&l);
    counts(1, 0);

    move_stock(kits, 50, "received");
    counts(0, 0);
    l = list_alerts(1);
    assert_int_equal(l.n, 1);
    assert_string_equal(l.a[0].cleared_at, NOW_ISO);
    alist_free(&l);
}

static void test_stock_expiry_within_14_days_is_amber_and_expired_is_red(void **state)
{
    (void)state;
    char in14[11], in15[11], yesterday[11];
    date_ago(-14, in14);
    date_ago(-15, in15);
    date_ago(1, yesterday);
    add_resource("EXP-14", "20", NULL, in14);
    add_resource("EXP-15", "20", NULL, in15);
    add_resource("EXP-OLD", "20", NULL, yesterday);
    alist l = list_alerts(1);
    assert_int_equal(l.n, 2);
    const core_alert *a = alist_find(&l, "stock", "EXP-14 ");
    assert_non_null(a);
    assert_string_equal(a->level, "amber");
    assert_non_null(strstr(a->subject, in14));
    int64_t id14 = a->id;
    assert_int_equal(alist_count(&l, "stock", "EXP-15 "), 0);
    a = alist_find(&l, "stock", "EXP-OLD ");
    assert_non_null(a);
    assert_string_equal(a->level, "red");
    assert_non_null(strstr(a->subject, "expired"));
    alist_free(&l);
    counts(1, 1);

    /* One day on, the 15-day stock enters the horizon (and EXP-14's
     * wording now says 13 days). */
    set_now(t_of(NOW_ISO) + DAY);
    refresh(2);
    counts(1, 2);
    /* The day after EXP-14's expiry, its alert turns red (the same one). */
    set_now(t_of(NOW_ISO) + 15 * DAY);
    refresh(-1);
    l = list_alerts(1);
    a = alist_find(&l, "stock", "EXP-14 ");
    assert_non_null(a);
    assert_int_equal(a->id, id14);
    assert_string_equal(a->level, "red");
    assert_int_equal(alist_count(&l, "stock", "EXP-14 "), 1);
    alist_free(&l);
}

/* =========================================================================
 * 9. Audit  10. Counts and order
 * ========================================================================= */

static void test_every_raise_clear_and_acknowledgement_is_audited(void **state)
{
    (void)state;
    indicator_setup();
    add_obs("XR01", "IND", HOUR, 12, "a", NULL);     /* raise (amber) */
    int64_t id = only_alert("amber");
    core_err e;
    assert_int_equal(ack(id, "noted", &e), CORE_OK); /* acknowledge */
    add_obs("XR01", "IND", HOUR / 2, 25, "a", NULL); /* raise (to red) */
    assert_int_equal(ack(id, "team sent", &e), CORE_OK);
    set_now(t_of(NOW_ISO) + 8 * DAY);
    refresh(1);                                      /* clear */
    int64_t p = add_partner("Silent Circle", "2026-01-01");
    (void)p;
    const char *actor = core_db_actor(db);
    char sql[400];
    snprintf(sql, sizeof sql,
             "SELECT group_concat(action, ',') FROM (SELECT action FROM audit"
             " WHERE tbl = 'alerts' AND row_key = '#%lld' ORDER BY id)",
             (long long)id);
    char *seq = raw_text(sql);
    assert_string_equal(seq, "raise,acknowledge,raise,acknowledge,clear");
    free(seq);
    snprintf(sql, sizeof sql,
             "SELECT count(*) FROM audit WHERE tbl = 'alerts' AND row_key = '#%lld' AND actor = '%s'",
             (long long)id, actor);
    assert_int_equal(raw_int(sql), 5);
    /* What changed is recorded: levels before -> after, and the note. */
    snprintf(sql, sizeof sql,
             "SELECT count(*) FROM audit WHERE tbl = 'alerts' AND action = 'raise' AND row_key = '#%lld'"
             " AND changes LIKE '%%\"level\":[\"amber\",\"red\"]%%'",
             (long long)id);
    assert_int_equal(raw_int(sql), 1);
    snprintf(sql, sizeof sql,
             "SELECT count(*) FROM audit WHERE tbl = 'alerts' AND action = 'clear' AND row_key = '#%lld'"
             " AND at = '2026-11-28T12:00:00Z' AND changes LIKE '%%\"level\":[\"red\",null]%%'",
             (long long)id);
    assert_int_equal(raw_int(sql), 1);
    assert_int_equal(raw_int("SELECT count(*) FROM audit WHERE action = 'acknowledge' AND changes LIKE '%team sent%'"),
                     1);
    /* Other kinds are audited too: the partner alert's raise. */
    assert_int_equal(raw_int("SELECT count(*) FROM alerts WHERE kind = 'partner'"), 1);
    assert_int_equal(raw_int("SELECT count(*) FROM audit a JOIN alerts l ON a.row_key = '#' || l.id"
                             " WHERE l.kind = 'partner' AND a.action = 'raise' AND a.tbl = 'alerts'"),
                     1);
    /* Every alert ever raised has a raise in the trail. */
    assert_int_equal(raw_int("SELECT count(*) FROM alerts l WHERE NOT EXISTS (SELECT 1 FROM audit a"
                             " WHERE a.tbl = 'alerts' AND a.action = 'raise' AND a.row_key = '#' || l.id)"),
                     0);
}

static void test_alert_counts_match_open_alerts_by_level(void **state)
{
    (void)state;
    counts(0, 0);
    add_indicator("IND", 1, "up", "latest", 7, "10", "20");
    add_region("XR01");
    add_region("XR02");
    add_region("XR03");
    add_obs("XR01", "IND", HOUR, 25, "", NULL); /* red */
    add_obs("XR02", "IND", HOUR, 30, "", NULL); /* red */
    add_obs("XR03", "IND", HOUR, 15, "", NULL); /* amber */
    char old[11], yesterday[11];
    date_ago(45, old);
    date_ago(1, yesterday);
    add_partner("Silent Circle", old);                 /* amber */
    add_activity("ACT-LATE", "postponed", yesterday);  /* amber */
    int64_t kits = add_resource("MED-01", "5", "10", NULL); /* amber ... */
    move_stock(kits, -5, "lost");                      /* ... then red */
    move_stock(kits, 30, "received");                  /* ... then cleared */
    counts(2, 3);
    /* The same numbers as the open alerts on the list. */
    alist l = list_alerts(0);
    int red = 0, amber = 0, cleared = 0;
    for (int i = 0; i < l.n; i++) {
        if (l.a[i].cleared_at[0]) {
            cleared++;
            continue;
        }
        red += !strcmp(l.a[i].level, "red");
        amber += !strcmp(l.a[i].level, "amber");
    }
    assert_int_equal(red, 2);
    assert_int_equal(amber, 3);
    assert_int_equal(cleared, 1); /* the stock alert, never acknowledged */
    alist_free(&l);
    /* Acknowledging changes what is shown, not what is open. */
    l = list_alerts(0);
    core_err e;
    for (int i = 0; i < l.n; i++)
        assert_int_equal(ack(l.a[i].id, "on it", &e), CORE_OK);
    alist_free(&l);
    counts(2, 3);
    l = list_alerts(0);
    assert_int_equal(l.n, 5);
    alist_free(&l);
}

static void test_alert_list_orders_open_before_cleared_red_before_amber_newest_first(void **state)
{
    (void)state;
    add_indicator("IND", 1, "up", "latest", 7, "10", "20");
    const char *regs[] = {"XR01", "XR02", "XR03", "XR04"};
    for (int i = 0; i < 4; i++)
        add_region(regs[i]);
    time_t t0 = t_of(NOW_ISO);
    add_obs("XR01", "IND", HOUR, 12, "", NULL); /* amber, 12:00 */
    set_now(t0 + 60);
    add_obs("XR02", "IND", HOUR, 12, "", NULL); /* amber, 12:01 */
    set_now(t0 + 120);
    add_obs("XR03", "IND", HOUR, 25, "", NULL); /* red, 12:02 */
    set_now(t0 + 180);
    add_obs("XR04", "IND", 5 * DAY, 25, "", NULL); /* red, 12:03; leaves the window first */
    set_now(t0 + 2 * DAY + 180);
    refresh(1); /* XR04 cleared */
    alist l = list_alerts(0);
    assert_int_equal(l.n, 4);
    const char *order[] = {"XR03 ", "XR02 ", "XR01 ", "XR04 "};
    for (int i = 0; i < 4; i++)
        if (strncmp(l.a[i].subject, order[i], 5))
            fail_msg("alert %d is '%s', expected %s", i, l.a[i].subject, order[i]);
    assert_string_equal(l.a[3].cleared_at, "2026-11-22T12:03:00Z");
    alist_free(&l);
}

int main(void)
{
    setlocale(LC_ALL, "C.UTF-8");
#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)
    const struct CMUnitTest tests[] = {
        T(test_latest_up_levels_at_and_around_thresholds),
        T(test_latest_down_levels_at_and_around_thresholds),
        T(test_sum_up_levels_at_and_around_thresholds),
        T(test_sum_down_levels_at_and_around_thresholds),
        T(test_max_up_levels_at_and_around_thresholds),
        T(test_max_down_levels_at_and_around_thresholds),
        T(test_mean_up_levels_at_and_around_thresholds),
        T(test_mean_down_levels_at_and_around_thresholds),
        T(test_level_is_green_when_thresholds_are_missing),
        T(test_latest_counts_the_newest_observation_whatever_order_it_arrives_in),
        T(test_the_latest_observation_of_a_cell_is_found_for_correction),
        T(test_an_observation_key_clash_names_the_whole_key),
        T(test_latest_two_reports_at_the_same_instant_the_worse_counts),
        T(test_window_excludes_exactly_window_days_old_and_future_observations),
        T(test_window_slides_with_now),
        T(test_no_observation_in_window_means_no_level_and_no_alert),
        T(test_disputed_observations_are_ignored_and_unverified_are_counted),
        T(test_disputing_the_report_behind_an_alert_clears_it),
        T(test_matrix_worst_level_per_factor_and_regions_sorted_by_red_then_amber_then_code),
        T(test_series_is_30_days_oldest_first_with_gaps_where_the_window_is_empty),
        T(test_series_last_period_equals_current_aggregate_for_every_kind),
        T(test_crossing_amber_raises_exactly_one_open_indicator_alert),
        T(test_refresh_and_more_observations_at_the_same_level_never_duplicate_the_alert),
        T(test_escalation_to_red_keeps_one_alert_and_asks_for_acknowledgement_again),
        T(test_falling_from_red_to_amber_keeps_the_same_alert_open_at_amber),
        T(test_emptied_window_clears_the_alert_at_that_time),
        T(test_cleared_unacknowledged_alert_stays_listed_until_acknowledged),
        T(test_condition_returning_after_clear_raises_a_new_alert_and_keeps_the_old),
        T(test_acknowledgement_records_actor_time_and_note_and_persists),
        T(test_acknowledging_twice_is_refused_and_keeps_the_first),
        T(test_acknowledging_an_unknown_alert_is_not_found),
        T(test_acknowledgement_needs_a_note),
        T(test_partner_alert_after_30_days_without_contact),
        T(test_withheld_alerts_do_not_name_sensitive_partners),
        T(test_activity_past_end_date_alerts_until_completed),
        T(test_stock_below_minimum_is_amber_and_empty_is_red),
        T(test_stock_expiry_within_14_days_is_amber_and_expired_is_red),
        T(test_every_raise_clear_and_acknowledgement_is_audited),
        T(test_alert_counts_match_open_alerts_by_level),
        T(test_alert_list_orders_open_before_cleared_red_before_amber_newest_first),
    };
#undef T
    return cmocka_run_group_tests_name("risk and alerts", tests, NULL, NULL);
}
