/* core/query.c — list queries for the dashboard's list panels.
 *
 * Each list is a constant description (FROM, display columns, sort keys,
 * the text a filter searches, a flag expression). The SQL is assembled from
 * those constants and the chosen sort column only; the filter text and
 * "now" are always bound parameters (?1 now as a date, ?2 the LIKE
 * pattern). */
#include "core/query.h"
#include "core/clock.h"
#include "core/fold.h"
#include "core/internal.h"
#include "core/strbuf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define MAXC 10

typedef struct list_def {
    const char *from;
    const char *where;              /* fixed condition, or NULL */
    const char *titles[MAXC];
    const char *cols[MAXC];         /* display expressions */
    /* Sort expressions (NULL: not sortable). Never NULL-valued: a row's
     * position is found by a row-value comparison, which NULL defeats. */
    const char *sort[MAXC];
    /* The text a filter looks in: these pieces joined by single spaces
     * (each never NULL). See add_filter for why they are kept apart. */
    const char *search[MAXC];
    const char *flag;               /* 0..3, see core/query.h */
    int natural_col;                /* default sort column */
    int natural_desc;
} list_def;

/* Reused fragments: stock state and overdue state, used both to mark rows
 * and to say why in a column (never colour alone). */
#define STOCK_RED "((t.quantity < t.minimum AND t.quantity <= 0) OR (t.quantity > 0 AND t.expiry < ?1))"
#define STOCK_AMBER "((t.minimum IS NOT NULL AND t.quantity < t.minimum) OR (t.quantity > 0 AND t.expiry <= date(?1, '+14 days')))"
#define OVERDUE "(t.end_date < ?1 AND t.status NOT IN ('completed', 'cancelled'))"
#define SILENT "(t.last_contact <= date(?1, '-30 days'))"

static const list_def DEFS[CORE_LIST_KIND_COUNT] = {
    [CORE_LIST_PARTNERS] = {
        .from = "partners t LEFT JOIN regions r ON r.id = t.region_id",
        .titles = {"Name", "Kind", "Region", "Trust", "Last contact", "Sectors", "Contact"},
        .cols = {"t.name", "t.kind", "r.code", "t.trust",
                 /* The mark first, so a narrow column cannot cut it off. */
                 "CASE WHEN " SILENT " THEN 'SILENT ' ELSE '' END || coalesce(t.last_contact, '')",
                 "t.sectors",
                 "CASE WHEN t.sensitive THEN '••••' ELSE coalesce(t.contact_name, '') END"},
        .sort = {"t.name", "t.kind", "coalesce(r.code, '')", "coalesce(t.trust, 0)",
                 "coalesce(t.last_contact, '')", "coalesce(t.sectors, '')", NULL},
        .search = {"t.name", "coalesce(t.acronym, '')", "t.kind", "coalesce(t.sectors, '')", "coalesce(r.code, '')",
                   "coalesce(r.name, '')",
                   "CASE WHEN t.sensitive THEN '' ELSE coalesce(t.contact_name, '') || ' ' ||"
                   " coalesce(t.email, '') END",
                   "coalesce(t.notes, '')"},
        .flag = "CASE WHEN " SILENT " THEN 1 ELSE 0 END",
        .natural_col = 0,
    },
    [CORE_LIST_RESOURCES] = {
        .from = "resources t LEFT JOIN regions r ON r.id = t.region_id",
        .titles = {"Code", "Name", "Category", "Qty", "Min", "Unit", "Stock", "Site", "Status", "Expiry"},
        .cols = {"t.code", "t.name", "t.category", "t.quantity", "t.minimum", "t.unit",
                 "CASE WHEN t.quantity > 0 AND t.expiry < ?1 THEN 'EXPIRED'"
                 /* as the stock alert: below the minimum, and none left */
                 " WHEN t.quantity < t.minimum AND t.quantity <= 0 THEN 'OUT'"
                 " WHEN t.minimum IS NOT NULL AND t.quantity < t.minimum"
                 "  AND t.expiry <= date(?1, '+14 days') THEN 'LOW+EXP'"
                 " WHEN t.minimum IS NOT NULL AND t.quantity < t.minimum THEN 'LOW'"
                 " WHEN t.quantity > 0 AND t.expiry <= date(?1, '+14 days') THEN 'EXPIRES' ELSE 'ok' END",
                 "coalesce(r.code || ' ', '') || coalesce(t.site, '')", "t.status", "t.expiry"},
        .sort = {"t.code", "t.name", "t.category", "t.quantity", "coalesce(t.minimum, -1)", "t.unit",
                 "coalesce(" STOCK_RED ", 0) * 2 + coalesce(" STOCK_AMBER ", 0)", "coalesce(r.code, '') || coalesce(t.site, '')",
                 "t.status", "coalesce(t.expiry, '9999')"},
        .search = {"t.code", "t.name", "t.category", "t.unit", "coalesce(t.site, '')", "coalesce(r.code, '')",
                   "coalesce(r.name, '')", "t.status"},
        .flag = "CASE WHEN " STOCK_RED " THEN 2 WHEN " STOCK_AMBER " THEN 1 ELSE 0 END",
        .natural_col = 0,
    },
    [CORE_LIST_ACTIVITIES] = {
        .from = "activities t LEFT JOIN regions r ON r.id = t.region_id"
                " LEFT JOIN partners p ON p.id = t.lead_partner_id",
        .titles = {"Code", "Title", "Kind", "Region", "Lead", "Status", "Start", "End", "Reached"},
        .cols = {"t.code", "t.title", "t.kind", "r.code", "p.name",
                 "CASE WHEN " OVERDUE " THEN 'OVERDUE ' ELSE '' END || t.status", "t.start_date", "t.end_date",
                 "coalesce(t.reached, '-') || '/' || coalesce(t.target, '-')"},
        .sort = {"t.code", "t.title", "t.kind", "coalesce(r.code, '')", "coalesce(p.name, '')",
                 "CASE WHEN " OVERDUE " THEN '0' ELSE '1' END || t.status", "coalesce(t.start_date, '')", "coalesce(t.end_date, '')",
                 "coalesce(t.reached, -1)"},
        .search = {"t.code", "t.title", "t.kind", "t.status", "coalesce(r.code, '')", "coalesce(r.name, '')",
                   "coalesce(p.name, '')", "coalesce(t.outcome, '')"},
        .flag = "CASE WHEN " OVERDUE " THEN 1 ELSE 0 END",
        .natural_col = 0,
    },
    [CORE_LIST_ALERTS] = {
        .from = "alerts t",
        .where = "(t.cleared_at IS NULL OR t.acknowledged_at IS NULL)",
        .titles = {"Level", "State", "Kind", "Raised", "Subject"},
        .cols = {"upper(t.level)",
                 "CASE WHEN t.cleared_at IS NOT NULL THEN 'cleared' WHEN t.acknowledged_at IS NOT NULL"
                 " THEN 'acked' ELSE 'OPEN' END",
                 "t.kind", "substr(replace(t.raised_at, 'T', ' '), 1, 16)", "t.subject"},
        /* Level: open alerts before cleared ones, then red before amber
         * (as vigil alerts lists them), so a cleared red never sits
         * above an open one. */
        .sort = {"(t.cleared_at IS NULL) * 2 + (t.level = 'red')",
                 "(t.cleared_at IS NULL) * 2 + (t.acknowledged_at IS NULL)", "t.kind",
                 "t.raised_at", "t.subject"},
        .search = {"t.level", "t.kind", "t.subject", "coalesce(t.note, '')", "coalesce(t.acknowledged_by, '')"},
        .flag = "CASE WHEN t.acknowledged_at IS NOT NULL OR t.cleared_at IS NOT NULL THEN 3"
                " WHEN t.level = 'red' THEN 2 ELSE 1 END",
        .natural_col = 0,
        .natural_desc = 1,
    },
    [CORE_LIST_AUDIT] = {
        .from = "audit t",
        .titles = {"At", "Actor", "Action", "Table", "Row", "Changes"},
        .cols = {"substr(replace(t.at, 'T', ' '), 1, 19)", "t.actor", "t.action", "t.tbl", "t.row_key",
                 AUDIT_CONTACTS_HIDDEN("t")},
        .sort = {"t.id", "t.actor", "t.action", "t.tbl", "t.row_key", NULL},
        .search = {"t.actor", "t.action", "t.tbl", "t.row_key", "coalesce(" AUDIT_CONTACTS_HIDDEN("t") ", '')"},
        .flag = "0",
        .natural_col = 0,
        .natural_desc = 1,
    },
};

struct core_list {
    core_db *db;
    char today[11];         /* bound as ?1 by reference (SQLITE_STATIC) */
    core_list_kind kind;
    const list_def *d;
    int ncols;
    char *pattern;          /* LIKE pattern, NULL without filter */
    int pattern_spaced;     /* the filter text holds a space */
    size_t filter_len;      /* bytes of filter text */
    int sort_col, sort_desc;
    sqlite3_stmt *st_count, *st_page, *st_index;
    int64_t count;          /* -1: unknown */
    int64_t max_id;         /* audit keyset */
    int keyset;             /* audit, unfiltered, newest first */
    /* the fetched page */
    int64_t first;
    int n;
    char **cells;           /* n * ncols */
    int64_t *ids;
    int *flags;
};

static void free_page(core_list *l)
{
    for (int i = 0; l->cells && i < l->n * l->ncols; i++)
        free(l->cells[i]);
    free(l->cells);
    free(l->ids);
    free(l->flags);
    l->cells = NULL;
    l->ids = NULL;
    l->flags = NULL;
    l->n = 0;
}

static void drop_statements(core_list *l)
{
    sqlite3_finalize(l->st_count);
    sqlite3_finalize(l->st_page);
    sqlite3_finalize(l->st_index);
    l->st_count = l->st_page = l->st_index = NULL;
}

void core_list_invalidate(core_list *l)
{
    l->count = -1;
    free_page(l);
}

core_status core_list_open(core_db *db, core_list_kind kind, core_list **out, core_err *err)
{
    if ((unsigned)kind >= CORE_LIST_KIND_COUNT)
        return core_err_set(err, CORE_EUSAGE, "no such list");
    core_list *l = calloc(1, sizeof *l);
    if (!l)
        return core_err_set(err, CORE_ENOMEM, "out of memory");
    l->db = db;
    l->kind = kind;
    l->d = &DEFS[kind];
    while (l->ncols < MAXC && l->d->cols[l->ncols])
        l->ncols++;
    l->sort_col = l->d->natural_col;
    l->sort_desc = l->d->natural_desc;
    l->count = -1;
    *out = l;
    return CORE_OK;
}

void core_list_close(core_list *l)
{
    if (!l)
        return;
    free_page(l);
    drop_statements(l);
    free(l->pattern);
    free(l);
}

int core_list_ncols(const core_list *l) { return l->ncols; }

const char *core_list_title(const core_list *l, int col)
{
    return col >= 0 && col < l->ncols ? l->d->titles[col] : "";
}

void core_list_set_filter(core_list *l, const char *text)
{
    free(l->pattern);
    l->pattern = NULL;
    if (text && *text) {
        /* %text% with LIKE's own wildcards escaped: the filter is literal. */
        core_sb sb = {0};
        core_sb_add(&sb, "%");
        for (const char *p = text; *p; p++) {
            if (*p == '%' || *p == '_' || *p == '\\')
                core_sb_add(&sb, "\\");
            core_sb_addn(&sb, p, 1);
        }
        core_sb_add(&sb, "%");
        l->pattern = sb.oom ? NULL : sb.s;
        l->pattern_spaced = strchr(text, ' ') != NULL;
        l->filter_len = strlen(text);
    }
    drop_statements(l);
    core_list_invalidate(l);
}

void core_list_set_sort(core_list *l, int col, int desc)
{
    if (col < 0 || col >= l->ncols || !l->d->sort[col])
        col = l->d->natural_col;
    l->sort_col = col;
    l->sort_desc = desc;
    drop_statements(l);
    core_list_invalidate(l);
}

int core_list_sortable(const core_list *l, int col)
{
    return col >= 0 && col < l->ncols && l->d->sort[col] != NULL;
}

static const char *sort_expr(const core_list *l) { return l->d->sort[l->sort_col]; }

/* Whether SQL expression e reads a joined table: every column in DEFS is
 * qualified, so look for "alias." with an alias other than t (string
 * literals skipped). */
static int reads_joined(const char *e)
{
    for (const char *q = e; e && *q; q++) {
        if (*q == '\'') {
            while (q[1] && q[1] != '\'')
                q++;
            if (q[1])
                q++;
            continue;
        }
        if (*q != '.' || q == e)
            continue;
        const char *a = q;
        while (a > e && (a[-1] == '_' || (a[-1] >= 'a' && a[-1] <= 'z') || (a[-1] >= 'A' && a[-1] <= 'Z') ||
                         (a[-1] >= '0' && a[-1] <= '9')))
            a--;
        if (a < q && !(q - a == 1 && *a == 't'))
            return 1;
    }
    return 0;
}

/* " FROM ... WHERE ..." shared by every statement. With joins = 0 only the
 * list's own table (alias t): DEFS join other tables only by LEFT JOIN on
 * their primary key, so the joins never add, drop or repeat a row and a
 * statement that reads no joined column (counts, positions, the ids of a
 * page) can leave them out and walk one table or one index. */
static void add_from(const core_list *l, core_sb *sb, int joins)
{
    const char *from = l->d->from, *cut = joins ? NULL : strstr(from, " LEFT JOIN ");
    core_sb_add(sb, " FROM ");
    if (cut)
        core_sb_addn(sb, from, (size_t)(cut - from));
    else
        core_sb_add(sb, from);
}

/* Whether the filter reads a joined table. */
static int filter_reads_joined(const core_list *l)
{
    for (int i = 0; l->pattern && i < MAXC && l->d->search[i]; i++)
        if (reads_joined(l->d->search[i]))
            return 1;
    return 0;
}

/* " AND <the row's search text contains the filter text>". The text is
 * the search pieces joined by spaces. A filter without a space cannot
 * match across a joining space, so it matches the whole text exactly when
 * it matches one of the pieces: test them one by one, which stops at the
 * first hit and never builds the joined string (several times faster over
 * many rows). A filter with a space is matched against the joined text. */
static void add_filter(const core_list *l, core_sb *sb)
{
    const char *const *f = l->d->search;
    core_sb_add(sb, " AND (");
    for (int i = 0; i < MAXC && f[i]; i++) {
        if (l->pattern_spaced)
            core_sb_addf(sb, "%s%s", i ? " || ' ' || " : "", f[i]);
        else
            core_sb_addf(sb, "%s(%s) LIKE ?2 ESCAPE '\\'", i ? " OR " : "", f[i]);
    }
    core_sb_add(sb, l->pattern_spaced ? ") LIKE ?2 ESCAPE '\\'" : ")");
}

static void add_from_where(const core_list *l, core_sb *sb, int joins)
{
    add_from(l, sb, joins);
    core_sb_add(sb, " WHERE 1");
    if (l->d->where)
        core_sb_addf(sb, " AND %s", l->d->where);
    if (l->pattern)
        add_filter(l, sb);
}

static core_status prepare(core_list *l, core_err *err)
{
    if (l->st_page)
        return CORE_OK;
    /* Past this SQLite's LIKE refuses the pattern (50,000 bytes, escapes
     * included) with an error that would mean nothing to the user. */
    if (l->pattern && l->filter_len > CORE_LIST_FILTER_MAX)
        return core_err_set(err, CORE_EUSAGE, "the filter is too long (%zu bytes, at most %d)", l->filter_len,
                            CORE_LIST_FILTER_MAX);
    l->keyset = l->kind == CORE_LIST_AUDIT && !l->pattern && l->sort_col == 0 && l->sort_desc;
    const char *dir = l->sort_desc ? "DESC" : "ASC";
    /* Joins are needed where the filter or the sort reads them. */
    int joins = filter_reads_joined(l) || reads_joined(l->d->where) || reads_joined(sort_expr(l));
    core_sb c = {0}, p = {0}, x = {0};
    /* The audit trail is append-only and its ids have no gaps, so its
     * size and any row's position follow from the ids: no scan of a
     * million rows to count them or to reach the last page. (Each of
     * max and min in its own subquery: together in one SELECT they defeat
     * SQLite's min/max optimisation and scan the whole table.) */
    if (l->keyset)
        core_sb_add(&c, "SELECT coalesce((SELECT max(id) FROM audit), 0),"
                        " coalesce((SELECT max(id) FROM audit), 0) - coalesce((SELECT min(id) FROM audit), 1) + 1");
    else {
        core_sb_add(&c, "SELECT 0, count(*)");
        add_from_where(l, &c, filter_reads_joined(l) || reads_joined(l->d->where));
    }
    core_sb_add(&p, "SELECT t.id, ");
    core_sb_add(&p, l->d->flag);
    for (int i = 0; i < l->ncols; i++)
        core_sb_addf(&p, ", %s", l->d->cols[i]);
    if (l->keyset) {
        add_from_where(l, &p, 1);
        core_sb_add(&p, " AND t.id <= ?3 ORDER BY t.id DESC LIMIT ?4");
    } else {
        /* Pick the page's ids first, reading only what the order and the
         * filter need (often one index), then fetch the display columns
         * and joins for those rows alone, in the same order. Skipping
         * OFFSET rows costs an index step each instead of a row and its
         * joins, and a sort holds keys and ids instead of whole rows. */
        core_sb_addf(&p, " FROM (SELECT t.id");
        add_from_where(l, &p, joins);
        core_sb_addf(&p, " ORDER BY %s %s, t.id %s LIMIT ?4 OFFSET ?3) AS k CROSS JOIN %s WHERE t.id = k.id",
                     sort_expr(l), dir, dir, l->d->from);
        core_sb_addf(&p, " ORDER BY %s %s, t.id %s", sort_expr(l), dir, dir);
    }
    /* Position of a record: how many rows sort before it. */
    core_sb_add(&x, "SELECT count(*)");
    add_from_where(l, &x, joins);
    core_sb_addf(&x, " AND (%s, t.id) %s (SELECT %s, t.id", sort_expr(l), l->sort_desc ? ">" : "<", sort_expr(l));
    add_from(l, &x, joins);
    core_sb_add(&x, " WHERE t.id = ?3)");
    core_status st = CORE_OK;
    if (c.oom || p.oom || x.oom) {
        st = core_err_set(err, CORE_ENOMEM, "out of memory");
    } else {
        int rc = sqlite3_prepare_v3(l->db->h, c.s, -1, SQLITE_PREPARE_PERSISTENT, &l->st_count, NULL);
        if (rc == SQLITE_OK)
            rc = sqlite3_prepare_v3(l->db->h, p.s, -1, SQLITE_PREPARE_PERSISTENT, &l->st_page, NULL);
        if (rc == SQLITE_OK)
            rc = sqlite3_prepare_v3(l->db->h, x.s, -1, SQLITE_PREPARE_PERSISTENT, &l->st_index, NULL);
        if (rc != SQLITE_OK) {
            st = core_sqlite_err(l->db, rc, "preparing a list", err);
            drop_statements(l);
        }
    }
    core_sb_free(&c);
    core_sb_free(&p);
    core_sb_free(&x);
    return st;
}

static void bind_common(core_list *l, sqlite3_stmt *st)
{
    core_format_date(core_now(), l->today);
    if (sqlite3_bind_parameter_count(st) >= 1)
        sqlite3_bind_text(st, 1, l->today, -1, SQLITE_STATIC);
    if (l->pattern && sqlite3_bind_parameter_count(st) >= 2)
        sqlite3_bind_text(st, 2, l->pattern, -1, SQLITE_STATIC);
}

int64_t core_list_count(core_list *l, core_err *err)
{
    if (l->count >= 0)
        return l->count;
    if (prepare(l, err) != CORE_OK)
        return -1;
    sqlite3_stmt *st = l->st_count;
    sqlite3_reset(st);
    bind_common(l, st);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        l->max_id = sqlite3_column_int64(st, 0);
        l->count = sqlite3_column_int64(st, 1);
    }
    sqlite3_reset(st);
    if (rc != SQLITE_ROW) {
        core_sqlite_err(l->db, rc, "counting a list", err);
        return -1;
    }
    return l->count;
}

core_status core_list_fetch(core_list *l, int64_t first, int n, core_err *err)
{
    if (first == l->first && n <= l->n && l->cells)
        return CORE_OK;
    if (core_list_count(l, err) < 0)
        return core_err_status(err);
    free_page(l);
    if (n <= 0)
        return CORE_OK;
    l->cells = calloc((size_t)n * (size_t)l->ncols, sizeof *l->cells);
    l->ids = calloc((size_t)n, sizeof *l->ids);
    l->flags = calloc((size_t)n, sizeof *l->flags);
    if (!l->cells || !l->ids || !l->flags) {
        free_page(l);
        return core_err_set(err, CORE_ENOMEM, "out of memory");
    }
    sqlite3_stmt *st = l->st_page;
    sqlite3_reset(st);
    bind_common(l, st);
    sqlite3_bind_int64(st, 3, l->keyset ? l->max_id - first : first);
    sqlite3_bind_int(st, 4, n);
    l->first = first;
    int rc, k = 0;
    while (k < n && (rc = sqlite3_step(st)) == SQLITE_ROW) {
        l->ids[k] = sqlite3_column_int64(st, 0);
        l->flags[k] = sqlite3_column_int(st, 1);
        for (int c = 0; c < l->ncols; c++) {
            const char *v = (const char *)sqlite3_column_text(st, 2 + c);
            l->cells[k * l->ncols + c] = strdup(v ? v : "");
        }
        l->n = ++k;
    }
    if (k < n)
        rc = rc == SQLITE_ROW ? SQLITE_DONE : rc;
    else
        rc = SQLITE_DONE;
    sqlite3_reset(st);
    if (rc != SQLITE_DONE)
        return core_sqlite_err(l->db, rc, "reading a list", err);
    return CORE_OK;
}

static int in_page(const core_list *l, int64_t row)
{
    return l->cells && row >= l->first && row < l->first + l->n;
}

const char *core_list_cell(const core_list *l, int64_t row, int col)
{
    if (!in_page(l, row) || col < 0 || col >= l->ncols)
        return "";
    const char *v = l->cells[(row - l->first) * l->ncols + col];
    return v ? v : "";
}

int64_t core_list_id(const core_list *l, int64_t row)
{
    return in_page(l, row) ? l->ids[row - l->first] : -1;
}

int core_list_flag(const core_list *l, int64_t row)
{
    return in_page(l, row) ? l->flags[row - l->first] : 0;
}

int64_t core_list_index_of(core_list *l, int64_t id, core_err *err)
{
    if (core_list_count(l, err) < 0)
        return -1;
    if (l->keyset)
        return id <= l->max_id && id > l->max_id - l->count ? l->max_id - id : -1;
    sqlite3_stmt *st = l->st_index;
    sqlite3_reset(st);
    bind_common(l, st);
    sqlite3_bind_int64(st, 3, id);
    int rc = sqlite3_step(st);
    int64_t before = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : -1;
    sqlite3_reset(st);
    if (rc != SQLITE_ROW) {
        core_sqlite_err(l->db, rc, "locating a row", err);
        return -1;
    }
    /* The row itself may be gone or filtered out: check it is in the page
     * position it claims by fetching that one row's id. */
    sqlite3_stmt *pg = l->st_page;
    sqlite3_reset(pg);
    bind_common(l, pg);
    sqlite3_bind_int64(pg, 3, before);
    sqlite3_bind_int(pg, 4, 1);
    int64_t there = sqlite3_step(pg) == SQLITE_ROW ? sqlite3_column_int64(pg, 0) : -1;
    sqlite3_reset(pg);
    return there == id ? before : -1;
}

core_status core_audit_changes(core_db *db, int64_t id, core_change **out, int *n, core_err *err)
{
    /* SQLite's own JSON reader takes the recorded object apart: each key
     * is a field; [before, after] pairs or plain values. */
    static const char SQL[] =
        "SELECT j.key, CASE WHEN j.type = 'array' THEN json_extract(j.value, '$[0]') END,"
        " CASE WHEN j.type = 'array' THEN json_extract(j.value, '$[1]') ELSE j.value END"
        " FROM audit a, json_each(CASE WHEN json_valid(a.changes) THEN " AUDIT_CONTACTS_HIDDEN("a") " ELSE '{}' END) j"
        " WHERE a.id = ? ORDER BY j.id";
    *out = NULL;
    *n = 0;
    sqlite3_stmt *st = core_stmt(db, SQL, err);
    if (!st)
        return core_err_status(err);
    sqlite3_bind_int64(st, 1, id);
    int rc, cap = 0;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        if (*n == cap) {
            void *p = realloc(*out, sizeof **out * (size_t)(cap = cap ? cap * 2 : 8));
            if (!p)
                break;
            *out = p;
        }
        core_change *c = &(*out)[(*n)++];
        const char *f = (const char *)sqlite3_column_text(st, 0);
        const char *b = (const char *)sqlite3_column_text(st, 1);
        const char *a = (const char *)sqlite3_column_text(st, 2);
        c->field = strdup(f ? f : "");
        c->before = b ? strdup(b) : NULL;
        c->after = a ? strdup(a) : NULL;
    }
    sqlite3_reset(st);
    if (rc != SQLITE_DONE) {
        core_changes_free(*out, *n);
        *out = NULL;
        *n = 0;
        return rc == SQLITE_ROW ? core_err_set(err, CORE_ENOMEM, "out of memory")
                                : core_sqlite_err(db, rc, "reading the audit trail", err);
    }
    return CORE_OK;
}

void core_changes_free(core_change *c, int n)
{
    for (int i = 0; i < n; i++) {
        free(c[i].field);
        free(c[i].before);
        free(c[i].after);
    }
    free(c);
}

int core_ref_complete(core_db *db, int table, const char *typed, char *key, size_t keysz, char *label,
                      size_t labelsz)
{
    /* Columns: the key, the label, and the text the typed letters are
     * matched against (a whole one names its record); one typed exactly
     * comes first. */
    static const char *const BY_KEY[CORE_TABLE_COUNT] = {
        [CORE_T_REGIONS] = "SELECT code, code || '  ' || name, code FROM regions WHERE code LIKE ?1 || '%' ESCAPE '\\'"
                           " ORDER BY code = ?2 DESC, code LIKE ?1 ESCAPE '\\' DESC, length(code), code LIMIT 2",
        [CORE_T_INDICATORS] = "SELECT code, code || '  ' || name, code FROM indicators WHERE code LIKE ?1 || '%'"
                              " ESCAPE '\\' ORDER BY code = ?2 DESC, code LIKE ?1 ESCAPE '\\' DESC, length(code), code"
                              " LIMIT 2",
        [CORE_T_PARTNERS] = "SELECT name, name || coalesce('  (' || acronym || ')', ''),"
                            " CASE WHEN acronym LIKE ?1 ESCAPE '\\' THEN acronym ELSE name END FROM partners"
                            " WHERE name LIKE ?1 || '%' ESCAPE '\\' OR acronym LIKE ?1 ESCAPE '\\'"
                            " ORDER BY name = ?2 OR acronym = ?2 DESC, name LIKE ?1 ESCAPE '\\' OR acronym LIKE ?1 ESCAPE '\\' DESC,"
                            " length(name), name LIMIT 2",
        [CORE_T_RESOURCES] = "SELECT code, code || '  ' || name, code FROM resources WHERE code LIKE ?1 || '%'"
                             " ESCAPE '\\' ORDER BY code = ?2 DESC, code LIKE ?1 ESCAPE '\\' DESC, length(code), code LIMIT 2",
    };
    static const char *const BY_NAME[CORE_TABLE_COUNT] = {
        [CORE_T_REGIONS] = "SELECT code, code || '  ' || name, name FROM regions WHERE name LIKE '%' || ?1 || '%'"
                           " ESCAPE '\\' ORDER BY name = ?2 DESC, name LIKE ?1 ESCAPE '\\' DESC, name LIMIT 2",
        [CORE_T_INDICATORS] = "SELECT code, code || '  ' || name, name FROM indicators"
                              " WHERE name LIKE '%' || ?1 || '%' ESCAPE '\\' ORDER BY name = ?2 DESC, name LIKE ?1 ESCAPE '\\' DESC,"
                              " name LIMIT 2",
        [CORE_T_PARTNERS] = "SELECT name, name, name FROM partners WHERE name LIKE '%' || ?1 || '%' ESCAPE '\\'"
                            " ORDER BY name = ?2 DESC, name LIKE ?1 ESCAPE '\\' DESC, name LIMIT 2",
        [CORE_T_RESOURCES] = "SELECT code, code || '  ' || name, name FROM resources"
                             " WHERE name LIKE '%' || ?1 || '%' ESCAPE '\\' ORDER BY name = ?2 DESC, name LIKE ?1 ESCAPE '\\' DESC,"
                             " code LIMIT 2",
    };
    if (table < 0 || table >= CORE_TABLE_COUNT || !BY_KEY[table] || !typed)
        return 0;
    /* As the validator reads it: spaces and tabs around do not count (a
     * cell copied from a sheet brings them). */
    char trimmed[300];
    size_t tn;
    typed = core_trim(typed, &tn);
    if (!tn || tn >= sizeof trimmed)
        return 0;
    memcpy(trimmed, typed, tn);
    trimmed[tn] = '\0';
    typed = trimmed;
    char esc[600];
    size_t o = 0;
    for (const char *p = typed; *p && o + 2 < sizeof esc; p++) {
        if (*p == '%' || *p == '_' || *p == '\\')
            esc[o++] = '\\';
        esc[o++] = *p;
    }
    esc[o] = '\0';
    for (int pass = 0; pass < 2; pass++) {
        sqlite3_stmt *st = core_stmt(db, pass ? BY_NAME[table] : BY_KEY[table], NULL);
        if (!st)
            return 0;
        sqlite3_bind_text(st, 1, esc, -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 2, typed, -1, SQLITE_STATIC);
        int found = 0, exact[2] = {0, 0};
        for (int row = 0; row < 2 && sqlite3_step(st) == SQLITE_ROW; row++) {
            const char *m = (const char *)sqlite3_column_text(st, 2);
            exact[row] = !m ? 0 : strcmp(m, typed) == 0 ? 2 : core_fold_equal(m, typed);
            /* The first row, or the second when only it is typed whole. */
            if (row == 0 || (exact[1] && !exact[0])) {
                snprintf(key, keysz, "%s", (const char *)sqlite3_column_text(st, 0));
                snprintf(label, labelsz, "%s", (const char *)sqlite3_column_text(st, 1));
            }
            found++;
        }
        sqlite3_reset(st);
        if (!found)
            continue;
        /* One match, or one typed whole (exactly, or alone but for case):
         * that record; else several. */
        if (found == 1 || exact[0] == 2 || (exact[0] && !exact[1]) || (exact[1] && !exact[0]))
            return 1;
        return 2;
    }
    return 0;
}
