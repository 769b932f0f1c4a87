/* core/store.c — generic, table-driven row reads and writes.
 *
 * Every table is described once in core/tables.c; the SQL here is built
 * from those constant descriptions (never from data) and every value is
 * bound. References travel as codes/names in CSV form and are stored as
 * integer ids. */
#include "core/store.h"
#include "core/internal.h"
#include "core/clock.h"
#include "core/sanitize.h"
#include "core/strbuf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { CORE_SQL_SELECT, CORE_SQL_BY_ID, CORE_SQL_BY_KEY, CORE_SQL_INSERT, CORE_SQL_UPDATE };

#define NORM_MAX 65600 /* a CSV field is at most 64 KiB */

const char *core_store_dbcol(const core_column *c, char *buf, size_t bufsz)
{
    if (c->type != CORE_COL_REF)
        return c->name;
    size_t n = strlen(c->name);
    if (n > 5 && strcmp(c->name + n - 5, "_code") == 0)
        snprintf(buf, bufsz, "%.*s_id", (int)(n - 5), c->name);
    else
        snprintf(buf, bufsz, "%s_id", c->name);
    return buf;
}

/* The referenced table's key column (code, or name for partners). */
static const char *ref_key(const core_column *c)
{
    return core_table_get(c->ref)->cols[0].name;
}

/* Columns written directly: resources.quantity only changes through the
 * movement ledger. */
static int writable(const core_table *t, int i)
{
    return !(t->id == CORE_T_RESOURCES && strcmp(t->cols[i].name, "quantity") == 0);
}

static const char *build_sql(core_db *db, core_table_id tid, int which, core_err *err)
{
    if (db->tsql[tid][which])
        return db->tsql[tid][which];
    const core_table *t = core_table_get(tid);
    core_sb sb = {0};
    char b[64];
    switch (which) {
    case CORE_SQL_SELECT:
        core_sb_add(&sb, "SELECT t.id, t.version, t.updated_at, t.updated_by");
        for (int i = 0; i < t->ncols; i++) {
            const core_column *c = &t->cols[i];
            if (c->type == CORE_COL_REF)
                core_sb_addf(&sb, ", (SELECT r.%s FROM %s r WHERE r.id = t.%s)", ref_key(c),
                             core_table_get(c->ref)->name, core_store_dbcol(c, b, sizeof b));
            else
                core_sb_addf(&sb, ", t.%s", c->name);
        }
        core_sb_addf(&sb, " FROM %s t", t->name);
        break;
    case CORE_SQL_BY_ID:
    case CORE_SQL_BY_KEY: {
        const char *base = build_sql(db, tid, CORE_SQL_SELECT, err);
        if (!base)
            return NULL;
        core_sb_add(&sb, base);
        if (which == CORE_SQL_BY_ID) {
            core_sb_add(&sb, " WHERE t.id = ?");
            break;
        }
        const char *sep = " WHERE ";
        for (int i = 0; i < t->ncols; i++) {
            if (!(t->cols[i].flags & CORE_COLF_KEY))
                continue;
            core_sb_addf(&sb, "%st.%s = ?", sep, core_store_dbcol(&t->cols[i], b, sizeof b));
            sep = " AND ";
        }
        break;
    }
    case CORE_SQL_INSERT: {
        core_sb_addf(&sb, "INSERT INTO %s(", t->name);
        int n = 0;
        for (int i = 0; i < t->ncols; i++)
            if (writable(t, i)) {
                core_sb_addf(&sb, "%s%s", n++ ? ", " : "", core_store_dbcol(&t->cols[i], b, sizeof b));
            }
        core_sb_add(&sb, ", version, updated_at, updated_by, id) VALUES (");
        for (int i = 0; i < n + 4; i++)
            core_sb_add(&sb, i ? ", ?" : "?");
        core_sb_add(&sb, ")");
        break;
    }
    case CORE_SQL_UPDATE:
        core_sb_addf(&sb, "UPDATE %s SET ", t->name);
        for (int i = 0; i < t->ncols; i++)
            if (writable(t, i))
                core_sb_addf(&sb, "%s = ?, ", core_store_dbcol(&t->cols[i], b, sizeof b));
        core_sb_add(&sb, "version = ?, updated_at = ?, updated_by = ? WHERE id = ?");
        break;
    }
    if (sb.oom) {
        core_sb_free(&sb);
        core_err_set(err, CORE_ENOMEM, "out of memory");
        return NULL;
    }
    db->tsql[tid][which] = sb.s;
    return sb.s;
}

const char *core_store_select(core_db *db, core_table_id tid, core_err *err)
{
    return build_sql(db, tid, CORE_SQL_SELECT, err);
}

char *core_store_value_text(sqlite3_stmt *st, int idx, const core_column *c)
{
    char buf[64];
    switch (sqlite3_column_type(st, idx)) {
    case SQLITE_NULL:
        return strdup("");
    case SQLITE_INTEGER:
        snprintf(buf, sizeof buf, "%lld", (long long)sqlite3_column_int64(st, idx));
        return strdup(buf);
    case SQLITE_FLOAT:
        if (c->type == CORE_COL_INT || c->type == CORE_COL_BOOL)
            snprintf(buf, sizeof buf, "%lld", (long long)sqlite3_column_double(st, idx));
        else
            core_format_real(sqlite3_column_double(st, idx), buf, sizeof buf);
        return strdup(buf);
    default: {
        const char *s = (const char *)sqlite3_column_text(st, idx);
        int n = sqlite3_column_bytes(st, idx);
        char *r = malloc((size_t)n + 1);
        if (r) {
            if (n)
                memcpy(r, s, (size_t)n);
            r[n] = '\0';
        }
        return r;
    }
    }
}

core_status core_store_row_from(sqlite3_stmt *st, core_table_id tid, core_row *r, core_err *err)
{
    const core_table *t = core_table_get(tid);
    memset(r, 0, sizeof *r);
    r->table = tid;
    r->id = sqlite3_column_int64(st, 0);
    r->version = sqlite3_column_int64(st, 1);
    const char *ua = (const char *)sqlite3_column_text(st, 2);
    const char *ub = (const char *)sqlite3_column_text(st, 3);
    snprintf(r->updated_at, sizeof r->updated_at, "%s", ua ? ua : "");
    snprintf(r->updated_by, sizeof r->updated_by, "%s", ub ? ub : "");
    r->vals = calloc((size_t)t->ncols, sizeof *r->vals);
    if (!r->vals)
        return core_err_set(err, CORE_ENOMEM, "out of memory");
    for (int i = 0; i < t->ncols; i++)
        if (!(r->vals[i] = core_store_value_text(st, 4 + i, &t->cols[i]))) {
            core_row_free(r);
            return core_err_set(err, CORE_ENOMEM, "out of memory");
        }
    return CORE_OK;
}

void core_row_free(core_row *r)
{
    if (!r || !r->vals)
        return;
    const core_table *t = core_table_get(r->table);
    for (int i = 0; i < t->ncols; i++)
        free(r->vals[i]);
    free(r->vals);
    r->vals = NULL;
}

/* Step a prepared by-id/by-key statement: CORE_OK with *r filled, or
 * CORE_ENOTFOUND. */
static core_status fetch_one(core_db *db, sqlite3_stmt *st, core_table_id tid, core_row *r, core_err *err)
{
    int rc = sqlite3_step(st);
    core_status res;
    if (rc == SQLITE_ROW)
        res = core_store_row_from(st, tid, r, err);
    else if (rc == SQLITE_DONE)
        res = CORE_ENOTFOUND;
    else
        res = core_sqlite_err(db, rc, "reading", err);
    sqlite3_reset(st);
    return res;
}

core_status core_row_get(core_db *db, core_table_id tid, int64_t id, core_row *out, core_err *err)
{
    const char *sql = build_sql(db, tid, CORE_SQL_BY_ID, err);
    sqlite3_stmt *st = sql ? core_stmt(db, sql, err) : NULL;
    if (!st)
        return core_err_status(err);
    sqlite3_bind_int64(st, 1, id);
    core_status res = fetch_one(db, st, tid, out, err);
    if (res == CORE_ENOTFOUND)
        core_err_set(err, res, "%s row %lld no longer exists", core_table_get(tid)->name, (long long)id);
    return res;
}

/* Look up the id behind a reference (code or name). 0 when absent. */
static int64_t ref_id(core_db *db, core_table_id ref, const char *key, core_err *err)
{
    static const char *const SQL[CORE_TABLE_COUNT] = {
        [CORE_T_REGIONS] = "SELECT id FROM regions WHERE code = ?",
        [CORE_T_INDICATORS] = "SELECT id FROM indicators WHERE code = ?",
        [CORE_T_PARTNERS] = "SELECT id FROM partners WHERE name = ?",
        [CORE_T_RESOURCES] = "SELECT id FROM resources WHERE code = ?",
        [CORE_T_ACTIVITIES] = "SELECT id FROM activities WHERE code = ?",
    };
    if (!SQL[ref])
        return 0;
    sqlite3_stmt *st = core_stmt(db, SQL[ref], err);
    if (!st)
        return -1;
    sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
    int rc = sqlite3_step(st);
    int64_t id = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
    sqlite3_reset(st);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
        core_sqlite_err(db, rc, "looking up a reference", err);
        return -1;
    }
    return id;
}

core_status core_row_find(core_db *db, core_table_id t, const char *key, int64_t *id, core_err *err)
{
    int64_t r = ref_id(db, t, key, err);
    if (r < 0)
        return core_err_status(err);
    *id = r;
    if (r == 0) {
        char k[200];
        core_sanitize_into(k, sizeof k, key);
        return core_err_set(err, CORE_ENOTFOUND, "no %s '%s'", core_table_get(t)->name, k);
    }
    return CORE_OK;
}

/* The audit trail's name for a row: its key values joined by " / ". */
static void row_label(const core_table *t, char *const *vals, core_sb *sb)
{
    int n = 0;
    for (int i = 0; i < t->ncols; i++)
        if (t->cols[i].flags & CORE_COLF_KEY) {
            if (n++)
                core_sb_add(sb, " / ");
            core_sb_add(sb, vals[i]);
        }
}

static int row_is_sensitive(const core_table *t, char *const *vals)
{
    int i = core_table_col(t, "sensitive");
    return i >= 0 && vals && vals[i] && strcmp(vals[i], "1") == 0;
}

/* {"col":[before,after],...} for the columns that differ. Contact details
 * of a sensitive row are recorded as changed without their values, so
 * the trail does not undo the masking; and an entry about a sensitive row
 * always carries "sensitive" (as ["1","1"] when it did not change), so
 * that exports leave it out by what it says, whatever the record is
 * called or has become since. */
static void changes_json(const core_table *t, char *const *before, char *const *after, core_sb *sb)
{
    int hide = row_is_sensitive(t, before) || row_is_sensitive(t, after);
    int si = core_table_col(t, "sensitive");
    int n = 0;
    core_sb_add(sb, "{");
    for (int i = 0; i < t->ncols; i++) {
        const char *b = before ? before[i] : "";
        const char *a = after ? after[i] : "";
        if (hide && i == si && strcmp(b, a) == 0) {
            core_sb_add(sb, n++ ? "," : "");
            core_sb_add(sb, "\"sensitive\":[\"1\",\"1\"]");
            continue;
        }
        if (strcmp(b, a) == 0)
            continue;
        core_sb_add(sb, n++ ? "," : "");
        core_sb_json(sb, t->cols[i].name);
        core_sb_add(sb, ":[");
        if (hide && (t->cols[i].flags & CORE_COLF_SENSITIVE)) {
            core_sb_add(sb, *b ? "\"(hidden)\"" : "null");
            core_sb_add(sb, ",");
            core_sb_add(sb, *a ? "\"(hidden)\"" : "null");
        } else {
            core_sb_json(sb, *b ? b : NULL);
            core_sb_add(sb, ",");
            core_sb_json(sb, *a ? a : NULL);
        }
        core_sb_add(sb, "]");
    }
    core_sb_add(sb, "}");
}

static core_status audit_row(core_db *db, const core_table *t, const char *action, char *const *key_vals,
                             char *const *before, char *const *after, core_err *err)
{
    core_sb label = {0}, ch = {0};
    row_label(t, key_vals, &label);
    changes_json(t, before, after, &ch);
    core_status st = label.oom || ch.oom
                         ? core_err_set(err, CORE_ENOMEM, "out of memory")
                         : core_audit(db, action, t->name, core_sb_str(&label), core_sb_str(&ch), err);
    core_sb_free(&label);
    core_sb_free(&ch);
    return st;
}

/* Bind normalised value v of column c at index idx (refs bound as ids). */
static void bind_value(sqlite3_stmt *st, int idx, const core_column *c, const char *v, int64_t refid)
{
    if (!v || (!*v && !c->def)) {
        sqlite3_bind_null(st, idx);
        return;
    }
    switch (c->type) {
    case CORE_COL_INT:
    case CORE_COL_BOOL:
        sqlite3_bind_int64(st, idx, strtoll(v, NULL, 10));
        break;
    case CORE_COL_REAL:
        sqlite3_bind_double(st, idx, strtod(v, NULL));
        break;
    case CORE_COL_REF:
        if (refid > 0)
            sqlite3_bind_int64(st, idx, refid);
        else
            sqlite3_bind_null(st, idx);
        break;
    default:
        sqlite3_bind_text(st, idx, v, -1, SQLITE_STATIC);
        break;
    }
}

static core_status field_err(core_field_error *fe, int col, core_err *err, const char *colname, const char *msg)
{
    if (fe) {
        fe->col = col;
        snprintf(fe->msg, sizeof fe->msg, "%s", msg);
    }
    return core_err_set(err, CORE_EDATA, "%s: %s", colname ? colname : "row", msg);
}

/* A movement whose key (resource, at, delta, reason) is taken. */
static const char IDENTICAL_MOVEMENT[] = "an identical movement was already recorded at that time";
/* Two identical movements stamped "now" in one second. */
static const char SAME_MOVEMENT[] = "the same movement was already recorded this second; if both happened, give "
                                    "each its time in an at column, else remove the repeated line";

/* A row whose unique key another record already has. One key column:
 * said of it. Several (observations): said of the first time column, the
 * one a person most often changes, naming every column of the key. */
static core_status key_taken(const core_table *t, core_field_error *fe, core_err *err)
{
    int key[16], nkey = 0, at = 0;
    for (int i = 0; i < t->ncols && nkey < 16; i++)
        if (t->cols[i].flags & CORE_COLF_KEY) {
            if (t->cols[i].type == CORE_COL_TIMESTAMP && !at)
                at = i;
            key[nkey++] = i;
        }
    if (nkey < 2)
        return field_err(fe, 0, err, t->cols[0].name, "is already used by another record");
    /* Short enough for a form's line at 80 columns: "same region,
     * indicator, time and source as another observation". */
    char msg[400];
    int len = snprintf(msg, sizeof msg, "same");
    for (int k = 0; k < nkey && len > 0 && (size_t)len < sizeof msg; k++) {
        const core_column *c = &t->cols[key[k]];
        size_t n = strlen(c->name);
        if (n > 5 && !strcmp(c->name + n - 5, "_code"))
            n -= 5;
        len += snprintf(msg + len, sizeof msg - (size_t)len, "%s%.*s", k == 0 ? " " : k == nkey - 1 ? " and " : ", ",
                        c->type == CORE_COL_TIMESTAMP ? 4 : (int)n, c->type == CORE_COL_TIMESTAMP ? "time" : c->name);
    }
    if (len > 0 && (size_t)len < sizeof msg)
        snprintf(msg + len, sizeof msg - (size_t)len, " as another %s", t->noun);
    return field_err(fe, at, err, t->cols[at].name, msg);
}

/* Normalised working copy of a row: vals[i] owned strings. */
typedef struct work {
    const core_table *t;
    char **v;
    int64_t refs[16];
    int now_given;      /* an empty key timestamp was read as "now" */
} work;

static void work_free(work *w)
{
    if (!w->v)
        return;
    for (int i = 0; i < w->t->ncols; i++)
        free(w->v[i]);
    free(w->v);
    w->v = NULL;
}

/* Validate given values into w (NULL entries stay NULL: "not given"). */
static core_status normalise(const core_table *t, const char *const *vals, work *w, core_field_error *fe,
                             core_err *err)
{
    char *norm = malloc(NORM_MAX);
    w->t = t;
    w->v = calloc((size_t)t->ncols, sizeof *w->v);
    if (!norm || !w->v) {
        free(norm);
        return core_err_set(err, CORE_ENOMEM, "out of memory");
    }
    for (int i = 0; i < t->ncols; i++) {
        if (!vals[i])
            continue;
        char msg[400];
        const core_column *c = &t->cols[i];
        if (core_validate_value(c, vals[i], norm, NORM_MAX, msg, sizeof msg) != CORE_OK) {
            free(norm);
            return field_err(fe, i, err, c->name, msg);
        }
        /* An empty key timestamp (movements.at) means "now". */
        if (!*norm && c->type == CORE_COL_TIMESTAMP && (c->flags & CORE_COLF_KEY)) {
            core_format_ts(core_now(), norm);
            w->now_given = 1;
        }
        if (!(w->v[i] = strdup(norm))) {
            free(norm);
            return core_err_set(err, CORE_ENOMEM, "out of memory");
        }
    }
    free(norm);
    return CORE_OK;
}

/* Resolve every given reference in w; missing self-references are deferred
 * when allowed. */
static core_status resolve_refs(core_db *db, work *w, unsigned flags, int *deferred, core_field_error *fe,
                                core_err *err)
{
    const core_table *t = w->t;
    for (int i = 0; i < t->ncols && i < 16; i++) {
        const core_column *c = &t->cols[i];
        w->refs[i] = 0;
        if (c->type != CORE_COL_REF || !w->v[i] || !*w->v[i])
            continue;
        int64_t id = ref_id(db, c->ref, w->v[i], err);
        if (id < 0)
            return core_err_status(err);
        if (id == 0) {
            if (c->ref == t->id && (flags & CORE_UPSERT_DEFER_SELF_REF) && deferred) {
                *deferred = 1; /* the caller writes the row later */
                return CORE_OK;
            }
            char q[200], msg[400];
            core_sanitize_into(q, sizeof q, w->v[i]);
            snprintf(msg, sizeof msg, "'%s' is not a known %s (add it first)", q,
                     core_table_get(c->ref)->noun);
            return field_err(fe, i, err, c->name, msg);
        }
        w->refs[i] = id;
    }
    return CORE_OK;
}

/* Find the existing row with w's key, if any. */
static core_status find_by_key(core_db *db, work *w, core_row *old, int *found, core_err *err)
{
    const core_table *t = w->t;
    const char *sql = build_sql(db, t->id, CORE_SQL_BY_KEY, err);
    sqlite3_stmt *st = sql ? core_stmt(db, sql, err) : NULL;
    if (!st)
        return core_err_status(err);
    int k = 1;
    for (int i = 0; i < t->ncols; i++) {
        const core_column *c = &t->cols[i];
        if (!(c->flags & CORE_COLF_KEY))
            continue;
        const char *v = w->v[i] ? w->v[i] : (c->def ? c->def : "");
        if (c->type == CORE_COL_REF)
            sqlite3_bind_int64(st, k++, w->refs[i]);
        else if (c->type == CORE_COL_INT)
            sqlite3_bind_int64(st, k++, strtoll(v, NULL, 10));
        else
            sqlite3_bind_text(st, k++, v, -1, SQLITE_STATIC);
    }
    core_status res = fetch_one(db, st, t->id, old, err);
    *found = res == CORE_OK;
    return res == CORE_ENOTFOUND ? CORE_OK : res;
}

static core_status check_required(work *w, core_field_error *fe, core_err *err)
{
    for (int i = 0; i < w->t->ncols; i++) {
        const core_column *c = &w->t->cols[i];
        if ((c->flags & CORE_COLF_REQUIRED) && (!w->v[i] || !*w->v[i]))
            return field_err(fe, i, err, c->name, "is required");
    }
    return CORE_OK;
}

static core_status check_row_rules(work *w, core_field_error *fe, core_err *err)
{
    int bad = -1;
    char msg[400];
    if (core_validate_row(w->t, (const char *const *)w->v, &bad, msg, sizeof msg) != CORE_OK)
        return field_err(fe, bad, err, bad >= 0 ? w->t->cols[bad].name : NULL, msg);
    return CORE_OK;
}

/* Quantity recorded for resource id into *q (0 if there is none). A
 * database error is an error, not "nothing on hand". */
static core_status resource_qty(core_db *db, int64_t id, long long *q, core_err *err)
{
    static const char SQL[] = "SELECT quantity FROM resources WHERE id = ?";
    sqlite3_stmt *st = core_stmt(db, SQL, err);
    *q = 0;
    if (!st)
        return core_err_status(err);
    sqlite3_bind_int64(st, 1, id);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW)
        *q = sqlite3_column_int64(st, 0);
    sqlite3_reset(st);
    return rc == SQLITE_ROW || rc == SQLITE_DONE ? CORE_OK : core_sqlite_err(db, rc, "reading stock", err);
}

/* A stock count is a checkpoint: the correction core records when a
 * quantity is set (by import or a form) carries this note. */
#define STOCK_COUNT_NOTE "stock count"

/* Change the correction of the stock count of resource_id made at `at` by
 * change: the row is created, changed, or removed when it comes to zero,
 * and audited as a movements insert, update or delete. There is at most one
 * such row per resource and second, so two counts within one second (a
 * sheet listing a resource twice, an import right after a form) fold into
 * it rather than clash with the ledger's (resource, at, delta, reason)
 * key. */
static core_status adjust_count(core_db *db, int64_t resource_id, const char *resource_code, const char *at,
                                long long change, core_err *err)
{
    static const char FIND[] =
        "SELECT id, delta FROM movements WHERE resource_id = ? AND reason = 'correction' AND at = ? AND note = '"
        STOCK_COUNT_NOTE "'";
    static const char SET[] =
        "UPDATE movements SET delta = ?, version = version + 1, updated_at = ?, updated_by = ? WHERE id = ?";
    static const char DROP[] = "DELETE FROM movements WHERE id = ?";
    static const char ADD[] =
        "INSERT INTO movements(resource_id, delta, reason, at, note, version, updated_at, updated_by)"
        " VALUES (?, ?, 'correction', ?, '" STOCK_COUNT_NOTE "', 1, ?, ?)";
    sqlite3_stmt *f = core_stmt(db, FIND, err);
    if (!f)
        return core_err_status(err);
    sqlite3_bind_int64(f, 1, resource_id);
    sqlite3_bind_text(f, 2, at, -1, SQLITE_STATIC);
    int rc = sqlite3_step(f);
    int64_t cid = rc == SQLITE_ROW ? sqlite3_column_int64(f, 0) : 0;
    long long cdelta = rc == SQLITE_ROW ? sqlite3_column_int64(f, 1) : 0;
    sqlite3_reset(f);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        return core_sqlite_err(db, rc, "reading the ledger", err);
    long long left = cdelta + change;
    if (!cid && !left)
        return CORE_OK;
    char now[24];
    core_format_ts(core_now(), now);
    sqlite3_stmt *w = core_stmt(db, !cid ? ADD : left ? SET : DROP, err);
    if (!w)
        return core_err_status(err);
    if (!cid) {
        sqlite3_bind_int64(w, 1, resource_id);
        sqlite3_bind_int64(w, 2, left);
        sqlite3_bind_text(w, 3, at, -1, SQLITE_STATIC);
        sqlite3_bind_text(w, 4, now, -1, SQLITE_STATIC);
        sqlite3_bind_text(w, 5, db->actor, -1, SQLITE_STATIC);
    } else if (left) {
        sqlite3_bind_int64(w, 1, left);
        sqlite3_bind_text(w, 2, now, -1, SQLITE_STATIC);
        sqlite3_bind_text(w, 3, db->actor, -1, SQLITE_STATIC);
        sqlite3_bind_int64(w, 4, cid);
    } else {
        sqlite3_bind_int64(w, 1, cid);
    }
    rc = sqlite3_step(w);
    sqlite3_reset(w);
    if (rc != SQLITE_DONE)
        return core_sqlite_err(db, rc, "adjusting a stock count", err);
    const core_table *mt = core_table_get(CORE_T_MOVEMENTS);
    char before[32], after[32];
    snprintf(before, sizeof before, "%lld", cdelta);
    snprintf(after, sizeof after, "%lld", left);
    char *old_vals[5] = {(char *)resource_code, before, (char *)"correction", (char *)at, (char *)STOCK_COUNT_NOTE};
    char *new_vals[5] = {(char *)resource_code, after, (char *)"correction", (char *)at, (char *)STOCK_COUNT_NOTE};
    if (!cid)
        return audit_row(db, mt, "insert", new_vals, NULL, new_vals, err);
    return audit_row(db, mt, left ? "update" : "delete", old_vals, old_vals, left ? new_vals : NULL, err);
}

/* A movement dated before the resource's last stock count was already in
 * that count: the count's correction absorbs it (created, shrunk, or
 * removed when nothing is left), so the counted quantity stands and the
 * ledger still sums to it. A movement after the count changes the
 * quantity as usual. */
static core_status absorb_in_count(core_db *db, int64_t resource_id, const char *resource_code, long long delta,
                                   const char *at, int *absorbed, core_err *err)
{
    static const char COUNTED[] = "SELECT counted_at FROM resources WHERE id = ?";
    *absorbed = 0;
    sqlite3_stmt *c = core_stmt(db, COUNTED, err);
    if (!c)
        return core_err_status(err);
    sqlite3_bind_int64(c, 1, resource_id);
    char counted[24] = "";
    int rc = sqlite3_step(c);
    if (rc == SQLITE_ROW && sqlite3_column_type(c, 0) != SQLITE_NULL)
        snprintf(counted, sizeof counted, "%s", (const char *)sqlite3_column_text(c, 0));
    sqlite3_reset(c);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE) /* not "never counted": the ledger would count twice */
        return core_sqlite_err(db, rc, "reading the last stock count", err);
    if (!counted[0] || strcmp(at, counted) >= 0)
        return CORE_OK;
    *absorbed = 1;
    return adjust_count(db, resource_id, resource_code, counted, -delta, err);
}

/* Record that resource id was counted now. */
static core_status mark_counted(core_db *db, int64_t id, core_err *err)
{
    static const char SQL[] = "UPDATE resources SET counted_at = ? WHERE id = ?";
    sqlite3_stmt *st = core_stmt(db, SQL, err);
    if (!st)
        return core_err_status(err);
    char now[24];
    core_format_ts(core_now(), now);
    sqlite3_bind_text(st, 1, now, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 2, id);
    int rc = sqlite3_step(st);
    sqlite3_reset(st);
    return rc == SQLITE_DONE ? CORE_OK : core_sqlite_err(db, rc, "recording the stock count", err);
}

/* Insert one movement row (inside a transaction), refusing to take the
 * quantity below zero when check_now. */
static core_status insert_movement(core_db *db, int64_t resource_id, const char *resource_code,
                                   long long delta, const char *reason, const char *at, const char *note,
                                   int check_now, core_field_error *fe, core_err *err)
{
    static const char SQL[] =
        "INSERT INTO movements(resource_id, delta, reason, at, note, version, updated_at, updated_by)"
        " VALUES (?,?,?,?,?,1,?,?)";
    char now[24];
    core_format_ts(core_now(), now);
    if (at && !*at)
        at = NULL; /* a file without an `at` column: now, as documented */
    int is_count = !strcmp(reason, "correction") && note && !strcmp(note, STOCK_COUNT_NOTE) && !at;
    int absorbed = 0;
    if (!is_count) {
        core_status ab = absorb_in_count(db, resource_id, resource_code, delta, at ? at : now, &absorbed, err);
        if (ab != CORE_OK)
            return ab;
    }
    long long q = 0;
    if (check_now) {
        core_status qs = resource_qty(db, resource_id, &q, err);
        if (qs != CORE_OK)
            return qs;
    }
    if (check_now && !absorbed && q + delta < 0) {
        char msg[400], rc[120];
        core_sanitize_into(rc, sizeof rc, resource_code);
        snprintf(msg, sizeof msg, "%lld would take %s below zero (%lld on hand)", delta, rc, q);
        return field_err(fe, 1, err, "delta", msg);
    }
    if (is_count) {
        core_status cs = adjust_count(db, resource_id, resource_code, now, delta, err);
        if (cs == CORE_OK) {
            core_alerts_mark(db, CORE_T_RESOURCES, resource_id, 0);
            db->dirty_tables |= 1u << CORE_T_MOVEMENTS;
        }
        return cs;
    }
    sqlite3_stmt *st = core_stmt(db, SQL, err);
    if (!st)
        return core_err_status(err);
    sqlite3_bind_int64(st, 1, resource_id);
    sqlite3_bind_int64(st, 2, delta);
    sqlite3_bind_text(st, 3, reason, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 4, at ? at : now, -1, SQLITE_STATIC);
    if (note && *note)
        sqlite3_bind_text(st, 5, note, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 6, now, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 7, db->actor, -1, SQLITE_STATIC);
    int rc = sqlite3_step(st);
    sqlite3_reset(st);
    if ((rc & 0xff) == SQLITE_CONSTRAINT && rc == SQLITE_CONSTRAINT_UNIQUE)
        return field_err(fe, 1, err, "delta", SAME_MOVEMENT);
    if (rc != SQLITE_DONE)
        return core_sqlite_err(db, rc, "recording the movement", err);
    /* Audit it as a movements insert. */
    const core_table *mt = core_table_get(CORE_T_MOVEMENTS);
    char ds[32];
    snprintf(ds, sizeof ds, "%lld", delta);
    char *vals[5] = {(char *)resource_code, ds, (char *)reason, (char *)(at ? at : now),
                     (char *)(note ? note : "")};
    core_alerts_mark(db, CORE_T_RESOURCES, resource_id, 0);
    db->dirty_tables |= 1u << CORE_T_MOVEMENTS;
    if (db->inserts_audited_by_import && at)
        return CORE_OK;
    return audit_row(db, mt, "insert", vals, NULL, vals, err);
}

/* Columns not given (NULL in w) keep old's values; *changed says whether
 * any given one differs from old. Returns CORE_ENOMEM when a copy fails. */
static core_status keep_unchanged(work *w, const core_row *old, int *changed, core_err *err)
{
    *changed = 0;
    for (int i = 0; i < w->t->ncols; i++) {
        if (!w->v[i]) {
            if (!(w->v[i] = strdup(old->vals[i])))
                return core_err_set(err, CORE_ENOMEM, "out of memory");
        } else if (strcmp(w->v[i], old->vals[i]) != 0) {
            *changed = 1;
        }
    }
    return CORE_OK;
}

/* Write w as a new row (insert) or over old (update). */
static core_status write_row(core_db *db, work *w, const core_row *old, int64_t *id_out, core_field_error *fe,
                             core_err *err)
{
    const core_table *t = w->t;
    const char *sql = build_sql(db, t->id, old ? CORE_SQL_UPDATE : CORE_SQL_INSERT, err);
    sqlite3_stmt *st = sql ? core_stmt(db, sql, err) : NULL;
    if (!st)
        return core_err_status(err);
    int k = 1;
    for (int i = 0; i < t->ncols; i++)
        if (writable(t, i))
            bind_value(st, k++, &t->cols[i], w->v[i], w->refs[i]);
    char now[24];
    core_format_ts(core_now(), now);
    int64_t id = old ? old->id : 0;
    if (!old && t->id == CORE_T_OBSERVATIONS) {
        /* WITHOUT ROWID: ids are ours to hand out (inside BEGIN IMMEDIATE). */
        static const char MAXID[] = "SELECT coalesce(max(id), 0) + 1 FROM observations";
        sqlite3_stmt *m = core_stmt(db, MAXID, err);
        if (!m)
            return core_err_status(err);
        int mrc = sqlite3_step(m);
        if (mrc == SQLITE_ROW)
            id = sqlite3_column_int64(m, 0);
        sqlite3_reset(m);
        if (mrc != SQLITE_ROW)
            return core_sqlite_err(db, mrc, "numbering the observation", err);
    }
    sqlite3_bind_int64(st, k++, old ? old->version + 1 : 1);
    sqlite3_bind_text(st, k++, now, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, k++, db->actor, -1, SQLITE_STATIC);
    if (id)
        sqlite3_bind_int64(st, k++, id);
    else
        sqlite3_bind_null(st, k++);
    int rc = sqlite3_step(st);
    sqlite3_reset(st);
    if (rc != SQLITE_DONE) {
        if (rc == SQLITE_CONSTRAINT_UNIQUE || rc == SQLITE_CONSTRAINT_PRIMARYKEY) {
            int kc = 0;
            return field_err(fe, kc, err, t->cols[kc].name, "another row already has this key");
        }
        return core_sqlite_err(db, rc, old ? "updating" : "adding", err);
    }
    if (!id) /* rowid tables; observations (WITHOUT ROWID) got theirs above */
        id = sqlite3_last_insert_rowid(db->h);
    if (id_out)
        *id_out = id;
    db->dirty_tables |= 1u << t->id;
    if (t->id == CORE_T_OBSERVATIONS)
        core_alerts_mark(db, t->id, w->refs[0], w->refs[1]);
    else
        core_alerts_mark(db, t->id, id, 0);
    core_status s = CORE_OK;
    if (old || !db->inserts_audited_by_import)
        s = audit_row(db, t, old ? "update" : "insert", w->v, old ? old->vals : NULL, w->v, err);
    if (s != CORE_OK)
        return s;

    /* A resource's quantity is set by a count: the difference goes into
     * the ledger as a correction (the ledger triggers do the rest), and
     * the count's time is kept so earlier history is not counted twice. */
    if (t->id == CORE_T_RESOURCES) {
        int qi = core_table_col(t, "quantity");
        long long want = w->v[qi] && *w->v[qi] ? strtoll(w->v[qi], NULL, 10) : 0;
        long long have = old ? strtoll(old->vals[qi], NULL, 10) : 0;
        if (want != have || !old)
            s = mark_counted(db, id, err);
        if (s == CORE_OK && want != have)
            s = insert_movement(db, id, w->v[0], want - have, "correction", NULL, STOCK_COUNT_NOTE, 1, fe, err);
    }
    return s;
}

core_status core_store_upsert(core_db *db, const core_table *t, const char *const *vals, unsigned flags,
                              int64_t fresh_from, core_upsert_result *res, int *deferred, core_field_error *fe,
                              core_err *err)
{
    work w = {0};
    core_row old = {0};
    int found = 0;
    if (deferred)
        *deferred = 0;
    core_status st = normalise(t, vals, &w, fe, err);
    if (st == CORE_OK)
        st = resolve_refs(db, &w, flags, deferred, fe, err);
    if (st == CORE_OK && deferred && *deferred)
        goto out; /* nothing written */
    if (st == CORE_OK)
        st = find_by_key(db, &w, &old, &found, err);
    if (st != CORE_OK)
        goto out;
    if (found && w.now_given && t->id == CORE_T_MOVEMENTS) {
        /* Two movements without a time in one second are two events, not
         * one re-imported: merging them would lose a dispatch. */
        st = field_err(fe, 1, err, "delta", SAME_MOVEMENT);
        goto out;
    }
    if (found) {
        int changed;
        if ((st = keep_unchanged(&w, &old, &changed, err)))
            goto out;
        if (!changed) {
            if (res)
                *res = CORE_UPSERT_UNCHANGED;
            goto out;
        }
        if (t->id == CORE_T_OBSERVATIONS && fresh_from > 0 && old.id >= fresh_from) {
            st = field_err(fe, 2, err, t->cols[2].name,
                           "an earlier line of this file has the same region_code, indicator_code, observed_at and "
                           "source, with other values: keep the right one");
            goto out;
        }
        if ((st = resolve_refs(db, &w, flags, deferred, fe, err)) || (st = check_row_rules(&w, fe, err)))
            goto out;
        st = write_row(db, &w, &old, NULL, fe, err);
        if (res)
            *res = CORE_UPSERT_UPDATED;
    } else {
        for (int i = 0; i < t->ncols; i++)
            if (!w.v[i] && !(w.v[i] = strdup(t->cols[i].def ? t->cols[i].def : ""))) {
                st = core_err_set(err, CORE_ENOMEM, "out of memory");
                goto out;
            }
        if ((st = check_required(&w, fe, err)) || (st = check_row_rules(&w, fe, err)))
            goto out;
        if (t->id == CORE_T_MOVEMENTS) {
            /* A ledger file may dip below zero between rows: the commit
             * checks the final quantities (core_tx_commit). */
            st = insert_movement(db, w.refs[0], w.v[0], strtoll(w.v[1], NULL, 10), w.v[2], w.v[3], w.v[4], 0,
                                 fe, err);
        } else {
            st = write_row(db, &w, NULL, NULL, fe, err);
        }
        if (res)
            *res = CORE_UPSERT_INSERTED;
    }
out:
    core_row_free(&old);
    work_free(&w);
    return st;
}

/* Refuse a write over a row that moved on since the caller read it. */
static core_status check_version(core_db *db, core_table_id tid, int64_t id, int64_t version, core_row *cur,
                                 core_err *err)
{
    core_status st = core_row_get(db, tid, id, cur, err);
    if (st == CORE_ENOTFOUND) {
        return core_err_set(err, CORE_ENOTFOUND, "this %s was deleted by someone else meanwhile",
                            core_table_get(tid)->noun);
    }
    if (st != CORE_OK)
        return st;
    if (cur->version != version) {
        char who[80];
        core_sanitize_into(who, sizeof who, cur->updated_by);
        return core_err_set(err, CORE_ECONFLICT, "changed by %s at %s", who, cur->updated_at);
    }
    return CORE_OK;
}

core_status core_row_insert(core_db *db, core_table_id tid, const char *const *vals, int64_t *id_out,
                            core_field_error *fe, core_err *err)
{
    const core_table *t = core_table_get(tid);
    if (fe)
        fe->col = -1;
    work w = {0};
    core_row old = {0};
    int found = 0;
    core_status st = core_tx_begin(db, err);
    if (st != CORE_OK)
        return st;
    const char **given = calloc((size_t)t->ncols, sizeof *given);
    if (!given) {
        core_tx_rollback(db);
        return core_err_set(err, CORE_ENOMEM, "out of memory");
    }
    for (int i = 0; i < t->ncols; i++)
        given[i] = vals[i] ? vals[i] : "";
    if ((st = normalise(t, given, &w, fe, err)) || (st = resolve_refs(db, &w, 0, NULL, fe, err)) ||
        (st = check_required(&w, fe, err)) || (st = check_row_rules(&w, fe, err)) ||
        (st = find_by_key(db, &w, &old, &found, err)))
        goto out;
    if (found) {
        st = tid == CORE_T_MOVEMENTS ? field_err(fe, 0, err, t->cols[0].name, IDENTICAL_MOVEMENT)
                                     : key_taken(t, fe, err);
        goto out;
    }
    if (tid == CORE_T_MOVEMENTS)
        st = insert_movement(db, w.refs[0], w.v[0], strtoll(w.v[1], NULL, 10), w.v[2], w.v[3], w.v[4], 1, fe,
                             err);
    else
        st = write_row(db, &w, NULL, id_out, fe, err);
out:
    free(given);
    core_row_free(&old);
    work_free(&w);
    if (st == CORE_OK)
        return core_tx_commit(db, err);
    core_tx_rollback(db);
    return st;
}

core_status core_row_update(core_db *db, core_table_id tid, int64_t id, int64_t version,
                            const char *const *vals, core_field_error *fe, core_err *err)
{
    const core_table *t = core_table_get(tid);
    if (fe)
        fe->col = -1;
    work w = {0};
    core_row cur = {0};
    core_status st = core_tx_begin(db, err);
    if (st != CORE_OK)
        return st;
    int changed;
    if ((st = check_version(db, tid, id, version, &cur, err)) || (st = normalise(t, vals, &w, fe, err)) ||
        (st = keep_unchanged(&w, &cur, &changed, err)))
        goto out;
    if (!changed) /* nothing to write, audit or count as a new version */
        goto out;
    if ((st = resolve_refs(db, &w, 0, NULL, fe, err)) || (st = check_required(&w, fe, err)) ||
        (st = check_row_rules(&w, fe, err)))
        goto out;
    /* A changed key must not collide with another row. */
    core_row other = {0};
    int found = 0;
    if ((st = find_by_key(db, &w, &other, &found, err)))
        goto out;
    if (found && other.id != id) {
        core_row_free(&other);
        st = key_taken(t, fe, err);
        goto out;
    }
    core_row_free(&other);
    st = write_row(db, &w, &cur, NULL, fe, err);
out:
    core_row_free(&cur);
    work_free(&w);
    if (st == CORE_OK)
        return core_tx_commit(db, err);
    core_tx_rollback(db);
    return st;
}

/* Audit the deletion of every movement of resource id, oldest first. */
static core_status audit_ledger_delete(core_db *db, int64_t id, core_err *err)
{
    static const char SQL[] = "SELECT id FROM movements WHERE resource_id = ? ORDER BY at, id";
    sqlite3_stmt *st = core_stmt(db, SQL, err);
    if (!st)
        return core_err_status(err);
    sqlite3_bind_int64(st, 1, id);
    int64_t *ids = NULL;
    int n = 0, cap = 0, rc;
    core_status res = CORE_OK;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        if (n == cap) {
            int64_t *p = realloc(ids, sizeof *p * (size_t)(cap = cap ? cap * 2 : 16));
            if (!p) {
                res = core_err_set(err, CORE_ENOMEM, "out of memory");
                break;
            }
            ids = p;
        }
        ids[n++] = sqlite3_column_int64(st, 0);
    }
    sqlite3_reset(st);
    if (res == CORE_OK && rc != SQLITE_DONE)
        res = core_sqlite_err(db, rc, "reading the stock ledger", err);
    const core_table *mt = core_table_get(CORE_T_MOVEMENTS);
    for (int i = 0; i < n && res == CORE_OK; i++) {
        core_row m;
        if ((res = core_row_get(db, CORE_T_MOVEMENTS, ids[i], &m, err)) == CORE_OK) {
            res = audit_row(db, mt, "delete", m.vals, m.vals, NULL, err);
            core_row_free(&m);
        }
    }
    free(ids);
    return res;
}

core_status core_row_delete(core_db *db, core_table_id tid, int64_t id, int64_t version, core_err *err)
{
    static const char *const SQL[CORE_TABLE_COUNT] = {
        [CORE_T_REGIONS] = "DELETE FROM regions WHERE id = ?",
        [CORE_T_INDICATORS] = "DELETE FROM indicators WHERE id = ?",
        [CORE_T_OBSERVATIONS] = "DELETE FROM observations WHERE id = ?",
        [CORE_T_PARTNERS] = "DELETE FROM partners WHERE id = ?",
        [CORE_T_RESOURCES] = "DELETE FROM resources WHERE id = ?",
        [CORE_T_MOVEMENTS] = "DELETE FROM movements WHERE id = ?",
        [CORE_T_ACTIVITIES] = "DELETE FROM activities WHERE id = ?",
    };
    const core_table *t = core_table_get(tid);
    if (!SQL[tid])
        return core_err_set(err, CORE_EUSAGE, "%s rows cannot be deleted", t->name);
    core_row cur = {0};
    core_status st = core_tx_begin(db, err);
    if (st != CORE_OK)
        return st;
    if ((st = check_version(db, tid, id, version, &cur, err)))
        goto out;
    /* A resource's ledger goes with it (ON DELETE CASCADE): each movement
     * is recorded as deleted, so the trail still holds the history. */
    if (tid == CORE_T_RESOURCES && (st = audit_ledger_delete(db, id, err)))
        goto out;
    sqlite3_stmt *s = core_stmt(db, SQL[tid], err);
    if (!s) {
        st = core_err_status(err);
        goto out;
    }
    sqlite3_bind_int64(s, 1, id);
    int rc = sqlite3_step(s);
    sqlite3_reset(s);
    if (rc == SQLITE_CONSTRAINT_FOREIGNKEY) {
        char k[200];
        core_sanitize_into(k, sizeof k, cur.vals[0]);
        st = core_err_set(err, CORE_EDATA,
                          "other records still refer to %s '%s'; reassign or delete them first", t->noun, k);
        goto out;
    }
    if (rc != SQLITE_DONE) {
        st = core_sqlite_err(db, rc, "deleting", err);
        goto out;
    }
    db->dirty_tables |= 1u << tid;
    core_alerts_mark(db, tid, id, 0);
    st = audit_row(db, t, "delete", cur.vals, cur.vals, NULL, err);
out:
    core_row_free(&cur);
    if (st == CORE_OK)
        return core_tx_commit(db, err);
    core_tx_rollback(db);
    return st;
}

core_status core_movement_add(core_db *db, int64_t resource_id, long long delta, const char *reason,
                              const char *note, core_field_error *fe, core_err *err)
{
    core_row r = {0};
    core_status st = core_row_get(db, CORE_T_RESOURCES, resource_id, &r, err);
    if (st != CORE_OK)
        return st;
    char ds[32];
    snprintf(ds, sizeof ds, "%lld", delta);
    const char *vals[5] = {r.vals[0], ds, reason, "", note};
    core_field_error own = {-1, ""};
    core_field_error *f = fe ? fe : &own;
    /* The reason says which way stock went: "dispatched 50" typed in the
     * form would add what left. (Imports take the sign as given: files
     * from other systems, and exports of older ledgers, must load.)
     * transfer and correction go either way. */
    const char *rs = reason ? reason : "";
    int in = !strcmp(rs, "received") || !strcmp(rs, "found");
    int out = !strcmp(rs, "dispatched") || !strcmp(rs, "lost") || !strcmp(rs, "damaged") || !strcmp(rs, "expired");
    if ((in && delta < 0) || (out && delta > 0)) {
        char m[160];
        snprintf(m, sizeof m, "'%s' %s stock: write %s%lld", rs,
                 in ? "adds" : "takes out", in ? "" : "-", delta < 0 ? -delta : delta);
        core_row_free(&r);
        return field_err(f, 1, err, "delta", m);
    }
    st = core_row_insert(db, CORE_T_MOVEMENTS, vals, NULL, f, err);
    if (st == CORE_EDATA && f->col == 0 && !strcmp(f->msg, IDENTICAL_MOVEMENT))
        /* From the keyboard that is Enter pressed twice, or a second
         * movement just like the first within the same second. */
        st = field_err(f, 1, err, "delta",
                       "just recorded; if this is another, press Enter again");
    core_row_free(&r);
    return st;
}

core_status core_row_reveal(core_db *db, core_table_id tid, int64_t id, core_err *err)
{
    const core_table *t = core_table_get(tid);
    core_row r = {0};
    core_status st = core_row_get(db, tid, id, &r, err);
    if (st != CORE_OK)
        return st;
    core_sb label = {0}, ch = {0};
    row_label(t, r.vals, &label);
    core_sb_add(&ch, "{\"revealed\":");
    core_sb sens = {0};
    for (int i = 0; i < t->ncols; i++)
        if (t->cols[i].flags & CORE_COLF_SENSITIVE)
            core_sb_addf(&sens, "%s%s", sens.len ? ", " : "", t->cols[i].name);
    core_sb_json(&ch, core_sb_str(&sens));
    core_sb_add(&ch, "}");
    core_row_free(&r);
    if (label.oom || ch.oom || sens.oom)
        st = core_err_set(err, CORE_ENOMEM, "out of memory");
    if (st == CORE_OK && (st = core_tx_begin(db, err)) == CORE_OK) {
        st = core_audit(db, "reveal", t->name, core_sb_str(&label), core_sb_str(&ch), err);
        st = st == CORE_OK ? core_tx_commit(db, err) : (core_tx_rollback(db), st);
    }
    core_sb_free(&label);
    core_sb_free(&ch);
    core_sb_free(&sens);
    return st;
}
