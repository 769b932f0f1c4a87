/* core/risk.c — indicator aggregates, levels, the risk matrix, series. */
#include "core/risk.h"
#include "core/clock.h"
#include "core/internal.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *core_level_name(core_level l)
{
    static const char *const N[] = {"none", "green", "amber", "red"};
    return (unsigned)l < 4 ? N[l] : "none";
}

core_level core_risk_level(const core_indicator *ind, double v)
{
    if (ind->down) {
        if (ind->has_red && v <= ind->red)
            return CORE_LEVEL_RED;
        if (ind->has_amber && v <= ind->amber)
            return CORE_LEVEL_AMBER;
    } else {
        if (ind->has_red && v >= ind->red)
            return CORE_LEVEL_RED;
        if (ind->has_amber && v >= ind->amber)
            return CORE_LEVEL_AMBER;
    }
    return CORE_LEVEL_GREEN;
}


/* Running aggregate of one window. */
typedef struct acc {
    int n, unverified;
    double sum, max, latest;
    char latest_at[24];
} acc;

static void acc_add(acc *a, const core_indicator *ind, const char *at, double v, int unverified)
{
    if (a->n == 0 || v > a->max)
        a->max = v;
    a->n++;
    a->unverified += unverified;
    a->sum += v;
    int cmp = strcmp(at, a->latest_at);
    /* Several reports at the same instant: the worst one counts. */
    if (a->n == 1 || cmp > 0 || (cmp == 0 && (ind->down ? v < a->latest : v > a->latest))) {
        a->latest = v;
        size_t len = strnlen(at, sizeof a->latest_at - 1);
        memcpy(a->latest_at, at, len);
        a->latest_at[len] = '\0';
    }
}

static double acc_value(const acc *a, const core_indicator *ind)
{
    if (!strcmp(ind->aggregate, "sum"))
        return a->sum;
    if (!strcmp(ind->aggregate, "max"))
        return a->max; /* SPEC §2: literally the largest, whatever the direction */
    if (!strcmp(ind->aggregate, "mean"))
        return a->sum / a->n;
    return a->latest;
}

static void indicator_from(sqlite3_stmt *st, core_indicator *ind)
{
    memset(ind, 0, sizeof *ind);
    ind->id = sqlite3_column_int64(st, 0);
    core_col_copy(ind->code, sizeof ind->code, st, 1);
    core_col_copy(ind->name, sizeof ind->name, st, 2);
    ind->risk_factor = sqlite3_column_int(st, 3);
    core_col_copy(ind->unit, sizeof ind->unit, st, 4);
    const char *dir = (const char *)sqlite3_column_text(st, 5);
    ind->down = dir && !strcmp(dir, "down");
    core_col_copy(ind->aggregate, sizeof ind->aggregate, st, 6);
    ind->window_days = sqlite3_column_int(st, 7);
    if ((ind->has_amber = sqlite3_column_type(st, 8) != SQLITE_NULL))
        ind->amber = sqlite3_column_double(st, 8);
    if ((ind->has_red = sqlite3_column_type(st, 9) != SQLITE_NULL))
        ind->red = sqlite3_column_double(st, 9);
}

typedef struct idmap {
    int64_t id;
    int idx;
} idmap;

static int idmap_cmp(const void *a, const void *b)
{
    int64_t x = ((const idmap *)a)->id, y = ((const idmap *)b)->id;
    return x < y ? -1 : x > y;
}

static int idmap_find(const idmap *m, int n, int64_t id)
{
    idmap key = {id, 0};
    const idmap *hit = bsearch(&key, m, (size_t)n, sizeof *m, idmap_cmp);
    return hit ? hit->idx : -1;
}

static int region_cmp(const void *a, const void *b)
{
    const core_risk_region *x = a, *y = b;
    if (x->n_red != y->n_red)
        return y->n_red - x->n_red;
    if (x->n_amber != y->n_amber)
        return y->n_amber - x->n_amber;
    return strcmp(x->code, y->code);
}

/* One pass over exactly the observations inside each window: for each
 * region x indicator the clustered key (region_id, indicator_id,
 * observed_at) is sought at the window's lower bound and read to "now".
 *
 * The query shape is what keeps this at a few milliseconds over a
 * million rows (bench/README.md):
 *  - CROSS JOIN fixes the loop order regions, indicators, observations;
 *    with a plain JOIN the planner scans every observation;
 *  - the primary key serves all four constraints, so each window is one
 *    range and the rows inside it are not tested again. No secondary
 *    index may lead with indicator_id (schema v2 dropped the one that
 *    did: the planner chose it and looked every row up again), and
 *    test_db's plan test fails if the search stops being on the key;
 *  - w is MATERIALIZED so that the window bound is computed once per
 *    indicator, not re-evaluated for every row the range returns. */
const char core_risk_window_sql[] =
    "WITH w(id, lo) AS MATERIALIZED"
    "   (SELECT id, strftime('%Y-%m-%dT%H:%M:%SZ', ?1, '-' || window_days || ' days') FROM indicators)"
    " SELECT o.region_id, o.indicator_id, o.observed_at, o.value, o.verification = 'unverified'"
    " FROM regions r CROSS JOIN w CROSS JOIN observations o"
    " WHERE o.region_id = r.id AND o.indicator_id = w.id"
    "   AND o.observed_at > w.lo AND o.observed_at <= ?1"
    "   AND o.verification <> 'disputed'";

core_status core_risk_compute(core_db *db, time_t now, core_risk *out, core_err *err)
{
    static const char IND_SQL[] =
        "SELECT id, code, name, risk_factor, unit, direction, aggregate, window_days, amber, red"
        " FROM indicators ORDER BY risk_factor, code";
    static const char REG_SQL[] = "SELECT id, code, name FROM regions ORDER BY code";
    memset(out, 0, sizeof *out);
    out->now = now;
    core_status res = CORE_OK;
    idmap *rmap = NULL, *imap = NULL;
    acc *accs = NULL;
    int cap;
    sqlite3_stmt *st;
    int rc;

    /* Indicators. */
    if (!(st = core_stmt(db, IND_SQL, err)))
        return core_err_status(err);
    cap = 16;
    out->ind = malloc(sizeof *out->ind * (size_t)cap);
    rc = SQLITE_NOMEM;
    while (out->ind && (rc = sqlite3_step(st)) == SQLITE_ROW) {
        if (out->nind == cap) {
            core_indicator *p = realloc(out->ind, sizeof *p * (size_t)(cap *= 2));
            if (!p) {
                rc = SQLITE_NOMEM;
                break;
            }
            out->ind = p;
        }
        indicator_from(st, &out->ind[out->nind++]);
    }
    sqlite3_reset(st);
    /* A matrix missing rows would clear their open alerts: all or nothing. */
    if (rc != SQLITE_DONE) {
        res = rc == SQLITE_NOMEM ? core_err_set(err, CORE_ENOMEM, "out of memory")
                                 : core_sqlite_err(db, rc, "reading indicators", err);
        goto fail;
    }
    /* Regions. */
    if (!(st = core_stmt(db, REG_SQL, err))) {
        res = core_err_status(err);
        goto fail;
    }
    cap = 16;
    out->regions = malloc(sizeof *out->regions * (size_t)cap);
    rc = SQLITE_NOMEM;
    while (out->regions && (rc = sqlite3_step(st)) == SQLITE_ROW) {
        if (out->nregions == cap) {
            core_risk_region *p = realloc(out->regions, sizeof *p * (size_t)(cap *= 2));
            if (!p) {
                rc = SQLITE_NOMEM;
                break;
            }
            out->regions = p;
        }
        core_risk_region *r = &out->regions[out->nregions];
        memset(r, 0, sizeof *r);
        r->id = sqlite3_column_int64(st, 0);
        core_col_copy(r->code, sizeof r->code, st, 1);
        core_col_copy(r->name, sizeof r->name, st, 2);
        r->row = out->nregions++;
    }
    sqlite3_reset(st);
    if (rc != SQLITE_DONE) {
        res = rc == SQLITE_NOMEM ? core_err_set(err, CORE_ENOMEM, "out of memory")
                                 : core_sqlite_err(db, rc, "reading regions", err);
        goto fail;
    }
    size_t ncells = (size_t)out->nregions * (size_t)out->nind;
    out->cells = calloc(ncells ? ncells : 1, sizeof *out->cells);
    accs = calloc(ncells ? ncells : 1, sizeof *accs);
    rmap = malloc(sizeof *rmap * (size_t)(out->nregions + 1));
    imap = malloc(sizeof *imap * (size_t)(out->nind + 1));
    if (!out->cells || !accs || !rmap || !imap) {
        res = core_err_set(err, CORE_ENOMEM, "out of memory");
        goto fail;
    }
    for (int i = 0; i < out->nregions; i++)
        rmap[i] = (idmap){out->regions[i].id, i};
    for (int i = 0; i < out->nind; i++)
        imap[i] = (idmap){out->ind[i].id, i};
    qsort(rmap, (size_t)out->nregions, sizeof *rmap, idmap_cmp);
    qsort(imap, (size_t)out->nind, sizeof *imap, idmap_cmp);

    if (!(st = core_stmt(db, core_risk_window_sql, err))) {
        res = core_err_status(err);
        goto fail;
    }
    char nows[24];
    core_format_ts(now, nows);
    sqlite3_bind_text(st, 1, nows, -1, SQLITE_STATIC);
    /* Rows come cell by cell: look the cell up only when it changes. */
    int64_t last_r = 0, last_i = 0;
    int cr = -1, ci = -1;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        int64_t rid = sqlite3_column_int64(st, 0), iid = sqlite3_column_int64(st, 1);
        if (cr < 0 || ci < 0 || rid != last_r || iid != last_i) {
            cr = idmap_find(rmap, out->nregions, rid);
            ci = idmap_find(imap, out->nind, iid);
            last_r = rid;
            last_i = iid;
        }
        if (cr < 0 || ci < 0)
            continue;
        const char *at = (const char *)sqlite3_column_text(st, 2);
        acc_add(&accs[(size_t)cr * (size_t)out->nind + (size_t)ci], &out->ind[ci], at ? at : "",
                sqlite3_column_double(st, 3), sqlite3_column_int(st, 4));
    }
    sqlite3_reset(st);
    if (rc != SQLITE_DONE) {
        res = core_sqlite_err(db, rc, "computing risk levels", err);
        goto fail;
    }
    for (int ri = 0; ri < out->nregions; ri++) {
        core_risk_region *r = &out->regions[ri];
        for (int ii = 0; ii < out->nind; ii++) {
            const acc *a = &accs[(size_t)ri * (size_t)out->nind + (size_t)ii];
            core_cell *c = &out->cells[(size_t)ri * (size_t)out->nind + (size_t)ii];
            if (a->n == 0)
                continue;
            c->n = a->n;
            c->unverified = a->unverified;
            c->value = acc_value(a, &out->ind[ii]);
            c->level = core_risk_level(&out->ind[ii], c->value);
            int f = out->ind[ii].risk_factor - 1;
            if (f >= 0 && f < CORE_RISK_FACTORS && c->level > r->factor[f])
                r->factor[f] = c->level;
            if (c->level > r->worst)
                r->worst = c->level;
        }
        for (int f = 0; f < CORE_RISK_FACTORS; f++) {
            r->n_red += r->factor[f] == CORE_LEVEL_RED;
            r->n_amber += r->factor[f] == CORE_LEVEL_AMBER;
        }
    }
    qsort(out->regions, (size_t)out->nregions, sizeof *out->regions, region_cmp);
    free(accs);
    free(rmap);
    free(imap);
    return CORE_OK;
fail:
    free(accs);
    free(rmap);
    free(imap);
    core_risk_free(out);
    return res;
}

void core_risk_free(core_risk *r)
{
    free(r->regions);
    free(r->ind);
    free(r->cells);
    memset(r, 0, sizeof *r);
}

const core_cell *core_risk_cell(const core_risk *risk, const core_risk_region *r, int i)
{
    return &risk->cells[(size_t)r->row * (size_t)risk->nind + (size_t)i];
}

/* One range of the primary key, as in core_risk_compute (see there). */
const char core_risk_series_sql[] =
    "SELECT observed_at, value, verification = 'unverified' FROM observations"
    " WHERE region_id = ?1 AND indicator_id = ?2 AND observed_at > ?3 AND observed_at <= ?4"
    "   AND verification <> 'disputed' ORDER BY observed_at";

core_status core_risk_series(core_db *db, int64_t region_id, const core_indicator *ind, time_t now,
                             int periods, double *values, int *present, core_err *err)
{
    time_t first_end = now - (time_t)(periods - 1) * 86400;
    time_t lo = first_end - (time_t)ind->window_days * 86400;
    char los[24], his[24];
    core_format_ts(lo, los);
    core_format_ts(now, his);
    sqlite3_stmt *st = core_stmt(db, core_risk_series_sql, err);
    if (!st)
        return core_err_status(err);
    sqlite3_bind_int64(st, 1, region_id);
    sqlite3_bind_int64(st, 2, ind->id);
    sqlite3_bind_text(st, 3, los, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 4, his, -1, SQLITE_STATIC);
    struct obs { time_t at; char ats[24]; double v; int unv; } *rows = NULL;
    int n = 0, cap = 0, rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        if (n == cap) {
            void *p = realloc(rows, sizeof *rows * (size_t)(cap = cap ? cap * 2 : 64));
            if (!p) {
                free(rows);
                sqlite3_reset(st);
                return core_err_set(err, CORE_ENOMEM, "out of memory");
            }
            rows = p;
        }
        const char *at = (const char *)sqlite3_column_text(st, 0);
        snprintf(rows[n].ats, sizeof rows[n].ats, "%s", at ? at : "");
        if (core_parse_ts(rows[n].ats, &rows[n].at) != 0)
            continue;
        rows[n].v = sqlite3_column_double(st, 1);
        rows[n].unv = sqlite3_column_int(st, 2);
        n++;
    }
    sqlite3_reset(st);
    if (rc != SQLITE_DONE) {
        free(rows);
        return core_sqlite_err(db, rc, "reading the series", err);
    }
    for (int k = 0; k < periods; k++) {
        time_t end = first_end + (time_t)k * 86400, start = end - (time_t)ind->window_days * 86400;
        acc a = {0};
        for (int j = 0; j < n; j++)
            if (rows[j].at > start && rows[j].at <= end)
                acc_add(&a, ind, rows[j].ats, rows[j].v, rows[j].unv);
        present[k] = a.n > 0;
        values[k] = a.n ? acc_value(&a, ind) : 0;
    }
    free(rows);
    return CORE_OK;
}

core_status core_risk_latest(core_db *db, const char *region_code, const char *indicator_code, int64_t *id,
                             core_err *err)
{
    /* One step back along the primary key from the end of the pair's range.
     * Disputed reports are left out (the cell ignores them, and marking
     * one disputed is itself the correction). A report stamped in the
     * future is not counted yet but is kept in: it is most likely a
     * mistyped date, and the one to put right. */
    /* The cell is the indicator's risk factor: one step per indicator of
     * it, then the latest of those few. */
    static const char SQL[] =
        "SELECT o.id FROM indicators i JOIN observations o ON o.id = (SELECT o2.id FROM observations o2"
        "   WHERE o2.region_id = (SELECT id FROM regions WHERE code = ?1) AND o2.indicator_id = i.id"
        "   AND o2.verification <> 'disputed' ORDER BY o2.observed_at DESC, o2.source DESC LIMIT 1)"
        " WHERE i.risk_factor = (SELECT risk_factor FROM indicators WHERE code = ?2)"
        " ORDER BY o.observed_at DESC, o.source DESC, i.code LIMIT 1";
    sqlite3_stmt *st = core_stmt(db, SQL, err);
    if (!st)
        return core_err_status(err);
    sqlite3_bind_text(st, 1, region_code ? region_code : "", -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, indicator_code ? indicator_code : "", -1, SQLITE_STATIC);
    int rc = sqlite3_step(st);
    core_status res = CORE_OK;
    if (rc == SQLITE_ROW)
        *id = sqlite3_column_int64(st, 0);
    else if (rc == SQLITE_DONE)
        res = core_err_set(err, CORE_ENOTFOUND, "no observation in this cell");
    else
        res = core_sqlite_err(db, rc, "finding the latest observation", err);
    sqlite3_reset(st);
    return res;
}
