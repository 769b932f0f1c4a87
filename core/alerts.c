/* core/alerts.c — raising, escalating, clearing and acknowledging alerts.
 *
 * Each condition has a stable key ("indicator:REGION_ID:INDICATOR_ID",
 * "stock:RESOURCE_ID:low", "stock:RESOURCE_ID:expiry", "partner:ID",
 * "activity:ID"). Evaluation computes the set of conditions that hold now,
 * compares it with the open alerts and applies the difference, so running
 * it any number of times never duplicates an alert. */
#include "core/alerts.h"
#include "core/clock.h"
#include "core/internal.h"
#include "core/risk.h"
#include "core/sanitize.h"
#include "core/strbuf.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { K_INDICATOR = 1, K_STOCK = 2, K_PARTNER = 4, K_ACTIVITY = 8, K_ALL = 15 };

#define STOCK_EXPIRY_DAYS 14
#define PARTNER_SILENCE_DAYS 30

typedef struct want {
    char key[48];
    const char *kind;
    const char *level;
    char *subject;
    int matched;              /* an open alert already covers it */
} want;

typedef struct wants {
    want *v;
    int n, cap;
    int oom;
} wants;

static void want_add(wants *w, const char *kind, const char *level, const char *key, char *subject)
{
    if (!subject || w->oom) {
        free(subject);
        w->oom = 1;
        return;
    }
    if (w->n == w->cap) {
        int cap = w->cap ? w->cap * 2 : 32;
        want *p = realloc(w->v, sizeof *p * (size_t)cap);
        if (!p) {
            free(subject);
            w->oom = 1;
            return;
        }
        w->v = p;
        w->cap = cap;
    }
    want *x = &w->v[w->n++];
    snprintf(x->key, sizeof x->key, "%s", key);
    x->kind = kind;
    x->level = level;
    x->subject = subject;
    x->matched = 0;
}

static void wants_free(wants *w)
{
    for (int i = 0; i < w->n; i++)
        free(w->v[i].subject);
    free(w->v);
    memset(w, 0, sizeof *w);
}

static char *fmt(const char *f, ...) __attribute__((format(printf, 1, 2)));
static char *fmt(const char *f, ...)
{
    char buf[1024];
    va_list ap;
    va_start(ap, f);
    int n = vsnprintf(buf, sizeof buf, f, ap);
    va_end(ap);
    if (n >= (int)sizeof buf) /* cut: never inside a character */
        buf[core_utf8_cut(buf, sizeof buf - 1)] = '\0';
    return strdup(buf);
}

static long days_between(const char *from_date, time_t now)
{
    time_t t;
    if (core_parse_ts(from_date, &t) != 0)
        return 0;
    char today[11];
    core_format_date(now, today);
    time_t t0;
    core_parse_ts(today, &t0);
    return (long)((t0 - t) / 86400);
}

static core_status collect_indicators(core_db *db, time_t now, wants *w, core_err *err)
{
    core_risk r;
    core_status st = core_risk_compute(db, now, &r, err);
    if (st != CORE_OK)
        return st;
    for (int ri = 0; ri < r.nregions; ri++) {
        const core_risk_region *reg = &r.regions[ri];
        for (int i = 0; i < r.nind; i++) {
            const core_cell *c = core_risk_cell(&r, reg, i);
            if (c->level < CORE_LEVEL_AMBER)
                continue;
            const core_indicator *ind = &r.ind[i];
            const char *cmp = ind->down ? "<=" : ">=";
            char key[48], thr[96] = "";
            snprintf(key, sizeof key, "indicator:%lld:%lld", (long long)reg->id, (long long)ind->id);
            if (c->level == CORE_LEVEL_RED)
                snprintf(thr, sizeof thr, "red %s %g", cmp, ind->red);
            else
                snprintf(thr, sizeof thr, "amber %s %g", cmp, ind->amber);
            char unv[48] = "";
            if (c->unverified)
                snprintf(unv, sizeof unv, ", %d of %d unverified", c->unverified, c->n);
            want_add(w, "indicator", core_level_name(c->level), key,
                     fmt("%s %s: %s %g %s (%s over %d d; %s%s)", reg->code, reg->name, ind->name, c->value,
                         ind->unit, ind->aggregate, ind->window_days, thr, unv));
        }
    }
    core_risk_free(&r);
    return CORE_OK;
}

static core_status collect_stock(core_db *db, time_t now, wants *w, core_err *err)
{
    static const char SQL[] =
        "SELECT id, code, name, quantity, minimum, expiry, unit FROM resources"
        " WHERE (minimum IS NOT NULL AND quantity < minimum) OR (expiry IS NOT NULL AND quantity > 0"
        "   AND expiry <= ?)";
    sqlite3_stmt *st = core_stmt(db, SQL, err);
    if (!st)
        return core_err_status(err);
    char horizon[11];
    core_format_date(now + STOCK_EXPIRY_DAYS * 86400, horizon);
    sqlite3_bind_text(st, 1, horizon, -1, SQLITE_STATIC);
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        long long id = sqlite3_column_int64(st, 0);
        const char *code = (const char *)sqlite3_column_text(st, 1);
        const char *name = (const char *)sqlite3_column_text(st, 2);
        long long q = sqlite3_column_int64(st, 3);
        const char *unit = (const char *)sqlite3_column_text(st, 6);
        char key[48];
        if (sqlite3_column_type(st, 4) != SQLITE_NULL && q < sqlite3_column_int64(st, 4)) {
            snprintf(key, sizeof key, "stock:%lld:low", id);
            want_add(w, "stock", q <= 0 ? "red" : "amber", key,
                     fmt("%s %s: %lld %s left, minimum %lld", code, name, q, unit ? unit : "",
                         (long long)sqlite3_column_int64(st, 4)));
        }
        const char *exp = (const char *)sqlite3_column_text(st, 5);
        if (exp && q > 0 && strcmp(exp, horizon) <= 0) {
            long left = -days_between(exp, now);
            snprintf(key, sizeof key, "stock:%lld:expiry", id);
            want_add(w, "stock", left < 0 ? "red" : "amber", key,
                     left < 0 ? fmt("%s %s: %lld %s expired on %s", code, name, q, unit ? unit : "", exp)
                              : fmt("%s %s: %lld %s expire on %s (in %ld d)", code, name, q, unit ? unit : "",
                                    exp, left));
        }
    }
    sqlite3_reset(st);
    return rc == SQLITE_DONE ? CORE_OK : core_sqlite_err(db, rc, "checking stock", err);
}

static core_status collect_partners(core_db *db, time_t now, wants *w, core_err *err)
{
    static const char SQL[] =
        "SELECT id, name, last_contact FROM partners WHERE last_contact IS NOT NULL AND last_contact <= ?";
    sqlite3_stmt *st = core_stmt(db, SQL, err);
    if (!st)
        return core_err_status(err);
    char cutoff[11];
    core_format_date(now - PARTNER_SILENCE_DAYS * 86400, cutoff);
    sqlite3_bind_text(st, 1, cutoff, -1, SQLITE_STATIC);
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        char key[48];
        const char *last = (const char *)sqlite3_column_text(st, 2);
        snprintf(key, sizeof key, "partner:%lld", (long long)sqlite3_column_int64(st, 0));
        want_add(w, "partner", "amber", key,
                 fmt("%s: no contact for %ld days (last %s)", (const char *)sqlite3_column_text(st, 1),
                     days_between(last, now), last));
    }
    sqlite3_reset(st);
    return rc == SQLITE_DONE ? CORE_OK : core_sqlite_err(db, rc, "checking partners", err);
}

static core_status collect_activities(core_db *db, time_t now, wants *w, core_err *err)
{
    static const char SQL[] =
        "SELECT id, code, title, end_date, status FROM activities"
        " WHERE end_date IS NOT NULL AND end_date < ? AND status NOT IN ('completed', 'cancelled')";
    sqlite3_stmt *st = core_stmt(db, SQL, err);
    if (!st)
        return core_err_status(err);
    char today[11];
    core_format_date(now, today);
    sqlite3_bind_text(st, 1, today, -1, SQLITE_STATIC);
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        char key[48];
        const char *end = (const char *)sqlite3_column_text(st, 3);
        long days = days_between(end, now);
        snprintf(key, sizeof key, "activity:%lld", (long long)sqlite3_column_int64(st, 0));
        want_add(w, "activity", "amber", key,
                 fmt("%s %s: still %s, %ld day%s past its end date %s", (const char *)sqlite3_column_text(st, 1),
                     (const char *)sqlite3_column_text(st, 2), (const char *)sqlite3_column_text(st, 4), days,
                     days == 1 ? "" : "s", end));
    }
    sqlite3_reset(st);
    return rc == SQLITE_DONE ? CORE_OK : core_sqlite_err(db, rc, "checking activities", err);
}

static core_status collect(core_db *db, time_t now, unsigned kinds, wants *w, core_err *err)
{
    core_status st = CORE_OK;
    if ((kinds & K_INDICATOR) && (st = collect_indicators(db, now, w, err)))
        return st;
    if ((kinds & K_STOCK) && (st = collect_stock(db, now, w, err)))
        return st;
    if ((kinds & K_PARTNER) && (st = collect_partners(db, now, w, err)))
        return st;
    if ((kinds & K_ACTIVITY) && (st = collect_activities(db, now, w, err)))
        return st;
    return w->oom ? core_err_set(err, CORE_ENOMEM, "out of memory") : CORE_OK;
}

static int kind_bit(const char *kind)
{
    if (!strcmp(kind, "indicator")) return K_INDICATOR;
    if (!strcmp(kind, "stock")) return K_STOCK;
    if (!strcmp(kind, "partner")) return K_PARTNER;
    if (!strcmp(kind, "activity")) return K_ACTIVITY;
    return 0;
}

typedef struct open_alert {
    int64_t id;
    char key[48];
    char level[8];
    char *subject;
} open_alert;

static void open_free(open_alert *o, int n)
{
    for (int i = 0; i < n; i++)
        free(o[i].subject);
    free(o);
}

static core_status set_subject(core_db *db, int64_t id, const char *subject, core_err *err)
{
    static const char SQL[] = "UPDATE alerts SET subject = ? WHERE id = ?";
    sqlite3_stmt *s = core_stmt(db, SQL, err);
    if (!s)
        return core_err_status(err);
    sqlite3_bind_text(s, 1, subject, -1, SQLITE_STATIC);
    sqlite3_bind_int64(s, 2, id);
    int rc = sqlite3_step(s);
    sqlite3_reset(s);
    return rc == SQLITE_DONE ? CORE_OK : core_sqlite_err(db, rc, "updating an alert", err);
}

static int want_key_cmp(const void *a, const void *b)
{
    return strcmp(((const want *)a)->key, ((const want *)b)->key);
}

static core_status load_open(core_db *db, unsigned kinds, open_alert **out, int *n, core_err *err)
{
    static const char SQL[] = "SELECT id, cond_key, level, kind, subject FROM alerts WHERE cleared_at IS NULL";
    sqlite3_stmt *st = core_stmt(db, SQL, err);
    if (!st)
        return core_err_status(err);
    int cap = 0, rc;
    *out = NULL;
    *n = 0;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        if (!(kind_bit((const char *)sqlite3_column_text(st, 3)) & (int)kinds))
            continue;
        if (*n == cap) {
            void *p = realloc(*out, sizeof **out * (size_t)(cap = cap ? cap * 2 : 32));
            if (!p) {
                sqlite3_reset(st);
                return core_err_set(err, CORE_ENOMEM, "out of memory");
            }
            *out = p;
        }
        open_alert *o = &(*out)[(*n)++];
        o->id = sqlite3_column_int64(st, 0);
        snprintf(o->key, sizeof o->key, "%s", (const char *)sqlite3_column_text(st, 1));
        snprintf(o->level, sizeof o->level, "%s", (const char *)sqlite3_column_text(st, 2));
        const char *subj = (const char *)sqlite3_column_text(st, 4);
        o->subject = strdup(subj ? subj : "");
    }
    sqlite3_reset(st);
    return rc == SQLITE_DONE ? CORE_OK : core_sqlite_err(db, rc, "reading alerts", err);
}

static core_status audit_alert(core_db *db, const char *action, int64_t id, const char *kind, const char *level_before,
                               const char *level_after, const char *subject, core_err *err)
{
    core_sb ch = {0};
    char row[32];
    snprintf(row, sizeof row, "#%lld", (long long)id);
    core_sb_add(&ch, "{\"kind\":");
    core_sb_json(&ch, kind);
    core_sb_add(&ch, ",\"level\":[");
    core_sb_json(&ch, level_before);
    core_sb_add(&ch, ",");
    core_sb_json(&ch, level_after);
    core_sb_add(&ch, "],\"subject\":");
    core_sb_json(&ch, subject);
    core_sb_add(&ch, "}");
    core_status st = ch.oom ? core_err_set(err, CORE_ENOMEM, "out of memory")
                            : core_audit(db, action, "alerts", row, core_sb_str(&ch), err);
    core_sb_free(&ch);
    return st;
}

/* Compare wanted conditions with open alerts; with apply = 0 only count
 * the differences, with apply = 1 write them (inside a transaction). */
static core_status reconcile(core_db *db, time_t now, unsigned kinds, int apply, int *ndiff, core_err *err)
{
    static const char INS[] =
        "INSERT INTO alerts(kind, level, cond_key, subject, raised_at) VALUES (?,?,?,?,?)";
    static const char ESC[] =
        "UPDATE alerts SET level = ?, subject = ?, acknowledged_by = NULL, acknowledged_at = NULL, note = NULL"
        " WHERE id = ?";
    static const char DEESC[] = "UPDATE alerts SET level = ?, subject = ? WHERE id = ?";
    static const char CLR[] = "UPDATE alerts SET cleared_at = ? WHERE id = ?";
    static const char SUBJ[] = "SELECT kind, subject FROM alerts WHERE id = ?";
    wants w = {0};
    open_alert *open = NULL;
    int nopen = 0;
    *ndiff = 0;
    core_status st = collect(db, now, kinds, &w, err);
    if (st == CORE_OK)
        st = load_open(db, kinds, &open, &nopen, err);
    if (st != CORE_OK)
        goto out;
    /* w.v is NULL when no condition holds: qsort/bsearch need a valid
     * pointer even for zero elements. */
    if (w.n)
        qsort(w.v, (size_t)w.n, sizeof *w.v, want_key_cmp);
    char nows[24];
    core_format_ts(now, nows);
    for (int i = 0; i < nopen && st == CORE_OK; i++) {
        want key = {0};
        snprintf(key.key, sizeof key.key, "%s", open[i].key);
        want *hit = w.n ? bsearch(&key, w.v, (size_t)w.n, sizeof *w.v, want_key_cmp) : NULL;
        if (hit) {
            hit->matched = 1;
            if (strcmp(hit->level, open[i].level) == 0) {
                /* Same level: keep the wording current ("3 kits left",
                 * "no contact for 41 days") without a new audit entry;
                 * the audit trail records changes of state. */
                if (strcmp(hit->subject, open[i].subject) != 0) {
                    (*ndiff)++;
                    if (apply)
                        st = set_subject(db, open[i].id, hit->subject, err);
                }
                continue;
            }
            (*ndiff)++;
            if (!apply)
                continue;
            int up = !strcmp(hit->level, "red");
            sqlite3_stmt *s = core_stmt(db, up ? ESC : DEESC, err);
            if (!s) {
                st = core_err_status(err);
                break;
            }
            sqlite3_bind_text(s, 1, hit->level, -1, SQLITE_STATIC);
            sqlite3_bind_text(s, 2, hit->subject, -1, SQLITE_STATIC);
            sqlite3_bind_int64(s, 3, open[i].id);
            int rc = sqlite3_step(s);
            sqlite3_reset(s);
            st = rc == SQLITE_DONE ? audit_alert(db, up ? "raise" : "update", open[i].id, hit->kind, open[i].level,
                                                 hit->level, hit->subject, err)
                                   : core_sqlite_err(db, rc, "updating an alert", err);
            continue;
        }
        (*ndiff)++;
        if (!apply)
            continue;
        sqlite3_stmt *s = core_stmt(db, CLR, err);
        if (!s) {
            st = core_err_status(err);
            break;
        }
        sqlite3_bind_text(s, 1, nows, -1, SQLITE_STATIC);
        sqlite3_bind_int64(s, 2, open[i].id);
        int rc = sqlite3_step(s);
        sqlite3_reset(s);
        if (rc != SQLITE_DONE) {
            st = core_sqlite_err(db, rc, "clearing an alert", err);
            break;
        }
        sqlite3_stmt *q = core_stmt(db, SUBJ, err);
        char kind[16] = "", *subject = NULL;
        if (q) {
            sqlite3_bind_int64(q, 1, open[i].id);
            if (sqlite3_step(q) == SQLITE_ROW) {
                snprintf(kind, sizeof kind, "%s", (const char *)sqlite3_column_text(q, 0));
                subject = strdup((const char *)sqlite3_column_text(q, 1));
            }
            sqlite3_reset(q);
        }
        st = audit_alert(db, "clear", open[i].id, kind, open[i].level, NULL, subject, err);
        free(subject);
    }
    for (int i = 0; i < w.n && st == CORE_OK; i++) {
        if (w.v[i].matched)
            continue;
        (*ndiff)++;
        if (!apply)
            continue;
        sqlite3_stmt *s = core_stmt(db, INS, err);
        if (!s) {
            st = core_err_status(err);
            break;
        }
        sqlite3_bind_text(s, 1, w.v[i].kind, -1, SQLITE_STATIC);
        sqlite3_bind_text(s, 2, w.v[i].level, -1, SQLITE_STATIC);
        sqlite3_bind_text(s, 3, w.v[i].key, -1, SQLITE_STATIC);
        sqlite3_bind_text(s, 4, w.v[i].subject, -1, SQLITE_STATIC);
        sqlite3_bind_text(s, 5, nows, -1, SQLITE_STATIC);
        int rc = sqlite3_step(s);
        sqlite3_reset(s);
        st = rc == SQLITE_DONE ? audit_alert(db, "raise", sqlite3_last_insert_rowid(db->h), w.v[i].kind, NULL,
                                             w.v[i].level, w.v[i].subject, err)
                               : core_sqlite_err(db, rc, "raising an alert", err);
    }
out:
    wants_free(&w);
    open_free(open, nopen);
    return st;
}

void core_alerts_mark(core_db *db, core_table_id t, int64_t a, int64_t b)
{
    (void)a;
    (void)b;
    db->dirty_tables |= 1u << t;
}

core_status core_alerts_on_commit(core_db *db, core_err *err)
{
    unsigned d = db->dirty_tables, kinds = 0;
    if (d & ((1u << CORE_T_OBSERVATIONS) | (1u << CORE_T_INDICATORS) | (1u << CORE_T_REGIONS)))
        kinds |= K_INDICATOR;
    if (d & ((1u << CORE_T_RESOURCES) | (1u << CORE_T_MOVEMENTS)))
        kinds |= K_STOCK;
    if (d & (1u << CORE_T_PARTNERS))
        kinds |= K_PARTNER;
    if (d & (1u << CORE_T_ACTIVITIES))
        kinds |= K_ACTIVITY;
    if (!kinds)
        return CORE_OK;
    int n;
    return reconcile(db, core_now(), kinds, 1, &n, err);
}

core_status core_alerts_refresh(core_db *db, int *changed, core_err *err)
{
    time_t now = core_now();
    int n = 0;
    if (changed)
        *changed = 0;
    /* Look first without the write lock: most ticks change nothing. */
    core_status st = reconcile(db, now, K_ALL, 0, &n, err);
    if (st != CORE_OK || n == 0 || db->readonly)
        return st;
    if ((st = core_tx_begin(db, err)))
        return st;
    st = reconcile(db, now, K_ALL, 1, &n, err);
    if (st != CORE_OK) {
        core_tx_rollback(db);
        return st;
    }
    db->dirty_tables |= 1u << CORE_T_ALERTS;
    st = core_tx_commit(db, err);
    if (st == CORE_OK && changed)
        *changed = n;
    return st;
}

static void alert_from(sqlite3_stmt *st, core_alert *a)
{
    memset(a, 0, sizeof *a);
    a->id = sqlite3_column_int64(st, 0);
    core_col_copy(a->kind, sizeof a->kind, st, 1);
    core_col_copy(a->level, sizeof a->level, st, 2);
    a->subject = core_col_dup(st, 3);
    core_col_copy(a->raised_at, sizeof a->raised_at, st, 4);
    a->acknowledged_by = core_col_dup(st, 5);
    core_col_copy(a->acknowledged_at, sizeof a->acknowledged_at, st, 6);
    a->note = core_col_dup(st, 7);
    core_col_copy(a->cleared_at, sizeof a->cleared_at, st, 8);
}

core_status core_alert_get(core_db *db, int64_t id, core_alert *out, core_err *err)
{
    static const char SQL[] =
        "SELECT id, kind, level, subject, raised_at, acknowledged_by, acknowledged_at, note, cleared_at"
        " FROM alerts WHERE id = ?";
    sqlite3_stmt *st = core_stmt(db, SQL, err);
    if (!st)
        return core_err_status(err);
    sqlite3_bind_int64(st, 1, id);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW)
        alert_from(st, out);
    sqlite3_reset(st);
    if (rc == SQLITE_ROW)
        return CORE_OK;
    return rc == SQLITE_DONE ? core_err_set(err, CORE_ENOTFOUND, "no alert #%lld", (long long)id)
                             : core_sqlite_err(db, rc, "reading an alert", err);
}

void core_alert_clear(core_alert *a)
{
    free(a->subject);
    free(a->acknowledged_by);
    free(a->note);
    a->subject = a->acknowledged_by = a->note = NULL;
}

core_status core_alerts_list(core_db *db, unsigned flags, core_alert **out, int *n, core_err *err)
{
    /* With CORE_ALERTS_WITHHOLD a partner alert's subject (which begins
     * with the partner's name) is replaced when the partner is sensitive
     * or gone, as exports leave such alerts out. */
#define ALERT_COLS(subject)                                                                                     \
    "SELECT id, kind, level, " subject ", raised_at, acknowledged_by, acknowledged_at, note, cleared_at FROM alerts a"
#define WITHHELD                                                                                                \
    "CASE WHEN " PARTNER_ALERT_HIDDEN("a") " THEN 'partner #' || CAST(substr(a.cond_key, 9) AS INTEGER)"        \
    " || ': name withheld (a sensitive or deleted partner; the dashboard shows it)' ELSE a.subject END"
#define ALERT_OPEN " WHERE cleared_at IS NULL OR acknowledged_at IS NULL"
#define ALERT_ORDER " ORDER BY cleared_at IS NOT NULL, level = 'red' DESC, raised_at DESC, id DESC"
    static const char *const SQL[4] = {
        ALERT_COLS("subject") ALERT_OPEN ALERT_ORDER,
        ALERT_COLS("subject") ALERT_ORDER,
        ALERT_COLS(WITHHELD) ALERT_OPEN ALERT_ORDER,
        ALERT_COLS(WITHHELD) ALERT_ORDER,
    };
#undef ALERT_COLS
#undef WITHHELD
#undef ALERT_OPEN
#undef ALERT_ORDER
    sqlite3_stmt *st = core_stmt(db, SQL[flags & (CORE_ALERTS_ALL | CORE_ALERTS_WITHHOLD)], err);
    *out = NULL;
    *n = 0;
    if (!st)
        return core_err_status(err);
    int cap = 0, rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        if (*n == cap) {
            void *p = realloc(*out, sizeof **out * (size_t)(cap = cap ? cap * 2 : 32));
            if (!p) {
                sqlite3_reset(st);
                core_alerts_free(*out, *n);
                *out = NULL;
                *n = 0;
                return core_err_set(err, CORE_ENOMEM, "out of memory");
            }
            *out = p;
        }
        alert_from(st, &(*out)[(*n)++]);
    }
    sqlite3_reset(st);
    return rc == SQLITE_DONE ? CORE_OK : core_sqlite_err(db, rc, "listing alerts", err);
}

void core_alerts_free(core_alert *a, int n)
{
    for (int i = 0; i < n; i++)
        core_alert_clear(&a[i]);
    free(a);
}

core_status core_alerts_count(core_db *db, int *red, int *amber, core_err *err)
{
    static const char SQL[] =
        "SELECT sum(level = 'red'), sum(level = 'amber') FROM alerts WHERE cleared_at IS NULL";
    sqlite3_stmt *st = core_stmt(db, SQL, err);
    if (!st)
        return core_err_status(err);
    int rc = sqlite3_step(st);
    *red = rc == SQLITE_ROW ? sqlite3_column_int(st, 0) : 0;
    *amber = rc == SQLITE_ROW ? sqlite3_column_int(st, 1) : 0;
    sqlite3_reset(st);
    return rc == SQLITE_ROW ? CORE_OK : core_sqlite_err(db, rc, "counting alerts", err);
}

core_status core_alert_ack(core_db *db, int64_t id, const char *note, const char *expect_level, core_err *err)
{
    static const char GET[] =
        "SELECT kind, level, subject, acknowledged_by, acknowledged_at FROM alerts WHERE id = ?";
    static const char ACK[] =
        "UPDATE alerts SET acknowledged_by = ?, acknowledged_at = ?, note = ? WHERE id = ?";
    const char *p = note ? note : "";
    while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')
        p++;
    if (!*p)
        return core_err_set(err, CORE_EDATA, "an acknowledgement needs a note saying what is being done");
    core_status st = core_tx_begin(db, err);
    if (st != CORE_OK)
        return st;
    sqlite3_stmt *g = core_stmt(db, GET, err);
    if (!g) {
        core_tx_rollback(db);
        return core_err_status(err);
    }
    sqlite3_bind_int64(g, 1, id);
    int rc = sqlite3_step(g);
    if (rc != SQLITE_ROW) {
        sqlite3_reset(g);
        core_tx_rollback(db);
        return rc == SQLITE_DONE ? core_err_set(err, CORE_ENOTFOUND, "no alert #%lld", (long long)id)
                                 : core_sqlite_err(db, rc, "reading the alert", err);
    }
    char kind[16], level[8], by[64], at[24];
    core_col_copy(kind, sizeof kind, g, 0);
    core_col_copy(level, sizeof level, g, 1);
    char *subject = core_col_dup(g, 2);
    core_col_copy(by, sizeof by, g, 3);
    core_col_copy(at, sizeof at, g, 4);
    sqlite3_reset(g);
    if (*at) {
        free(subject);
        core_tx_rollback(db);
        char who[80];
        core_sanitize_into(who, sizeof who, by);
        return core_err_set(err, CORE_EDATA, "alert #%lld was already acknowledged by %s at %s", (long long)id, who, at);
    }
    if (expect_level && strcmp(expect_level, level) != 0) {
        free(subject);
        core_tx_rollback(db);
        return core_err_set(err, CORE_ECONFLICT,
                            "alert #%lld is now %s (it was %s when you opened it): read it again before "
                            "acknowledging",
                            (long long)id, level, expect_level);
    }
    char nows[24];
    core_format_ts(core_now(), nows);
    sqlite3_stmt *u = core_stmt(db, ACK, err);
    if (!u) {
        free(subject);
        core_tx_rollback(db);
        return core_err_status(err);
    }
    sqlite3_bind_text(u, 1, db->actor, -1, SQLITE_STATIC);
    sqlite3_bind_text(u, 2, nows, -1, SQLITE_STATIC);
    sqlite3_bind_text(u, 3, note, -1, SQLITE_STATIC);
    sqlite3_bind_int64(u, 4, id);
    rc = sqlite3_step(u);
    sqlite3_reset(u);
    if (rc != SQLITE_DONE) {
        free(subject);
        core_tx_rollback(db);
        return core_sqlite_err(db, rc, "acknowledging", err);
    }
    core_sb ch = {0};
    char row[32];
    snprintf(row, sizeof row, "#%lld", (long long)id);
    core_sb_add(&ch, "{\"level\":");
    core_sb_json(&ch, level);
    core_sb_add(&ch, ",\"subject\":");
    core_sb_json(&ch, subject);
    core_sb_add(&ch, ",\"note\":[null,");
    core_sb_json(&ch, note);
    core_sb_add(&ch, "]}");
    free(subject);
    st = ch.oom ? core_err_set(err, CORE_ENOMEM, "out of memory")
                : core_audit(db, "acknowledge", "alerts", row, core_sb_str(&ch), err);
    core_sb_free(&ch);
    if (st != CORE_OK) {
        core_tx_rollback(db);
        return st;
    }
    db->dirty_tables |= 1u << CORE_T_ALERTS;
    return core_tx_commit(db, err);
}
