/* tui/panel_list.c — the list panels: Partners, Inventory, Activities,
 * Alerts and Audit. One implementation, five descriptions: a core list
 * query (only the visible page is fetched), a table, a filter line and a
 * detail pane for the selected record. */
#include "tui/app.h"
#include "tui/panel_list.h"

#include "core/alerts.h"
#include "core/query.h"
#include "core/store.h"
#include "core/tables.h"
#include "widgets/detail.h"
#include "widgets/table.h"
#include "widgets/text.h"
#include "widgets/theme.h"
#include "widgets/widget.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_FIELDS 40
#define MASK "••••"

typedef struct list_desc {
    const char *name, *label;
    core_list_kind kind;
    int table;                       /* core_table_id with a detail row, or -1 */
    struct w_table_column cols[10];
} list_desc;

static const list_desc DESCS[] = {
    {"partners", "Partners", CORE_LIST_PARTNERS, CORE_T_PARTNERS,
     /* At 80 columns a code and "SILENT 2026-10-18" are shown whole: they
      * are what an officer reads the row by. */
     {{"Name", 16, 0, 5, 0}, {"Kind", 8, 16, 1, 0}, {"Region", 6, 8, 0, 0}, {"Trust", 5, 5, 0, 1},
      {"Last contact", 17, 19, 0, 0}, {"Sectors", 6, 0, 2, 0}, {"Contact", 7, 0, 1, 0}}},
    {"inventory", "Inventory", CORE_LIST_RESOURCES, CORE_T_RESOURCES,
     {{"Code", 14, 16, 0, 0}, {"Name", 10, 0, 4, 0}, {"Category", 8, 10, 0, 0}, {"Qty", 6, 9, 0, 1},
      {"Min", 5, 9, 0, 1}, {"Unit", 6, 10, 1, 0}, {"Stock", 7, 7, 0, 0}, {"Site", 6, 0, 2, 0},
      {"Status", 9, 9, 0, 0}, {"Expiry", 10, 10, 0, 0}}},
    {"activities", "Activities", CORE_LIST_ACTIVITIES, CORE_T_ACTIVITIES,
     {{"Code", 7, 10, 0, 0}, {"Title", 14, 0, 4, 0}, {"Kind", 9, 16, 1, 0}, {"Region", 6, 8, 0, 0},
      /* Status and Reached grow when there is room: "OVERDUE postponed"
       * and "3500/2000" whole from about 100 columns. */
      {"Lead", 8, 0, 2, 0}, {"Status", 9, 17, 6, 0}, {"Start", 10, 10, 0, 0}, {"End", 10, 10, 0, 0},
      {"Reached", 7, 11, 3, 1}}},
    {"alerts", "Alerts", CORE_LIST_ALERTS, -1,
     {{"Level", 6, 6, 0, 0}, {"State", 7, 7, 0, 0}, {"Kind", 9, 9, 0, 0}, {"Raised", 16, 16, 0, 0},
      {"Subject", 20, 0, 1, 0}}},
    {"audit", "Audit", CORE_LIST_AUDIT, -1,
     {{"At", 19, 19, 0, 0}, {"Actor", 6, 12, 1, 0}, {"Action", 6, 11, 0, 0}, {"Table", 8, 12, 0, 0},
      {"Row", 10, 30, 2, 0}, {"Changes", 10, 0, 4, 0}}},
};

typedef struct list_panel {
    const list_desc *d;
    core_list *list;
    struct w_table table;
    struct w_table_source src;
    int ncols;
    int sort_col, sort_desc;
    int filtering;
    struct w_line filter;
    char filter_text[512];
    int full_detail;               /* Enter: detail takes the whole panel */
    struct w_detail detail;
    struct w_detail_field fields[MAX_FIELDS];
    char *labels[MAX_FIELDS], *values[MAX_FIELDS];
    int nfields;
    int64_t detail_id;             /* record shown in the detail, -1 none */
    int64_t revealed_id;           /* sensitive record revealed while selected, -1 none */
    app *a;
} list_panel;

/* ---- the table's data source ---------------------------------------------- */

static int64_t src_count(void *ctx)
{
    list_panel *p = ctx;
    core_err e;
    int64_t n = core_list_count(p->list, &e);
    if (n < 0) {
        app_error(p->a, "reading the list", e.msg);
        return 0;
    }
    return n;
}

static void src_prepare(void *ctx, int64_t first, int n)
{
    list_panel *p = ctx;
    core_err e;
    if (core_list_fetch(p->list, first, n, &e) != CORE_OK)
        app_error(p->a, "reading the list", e.msg);
}

static const char *src_cell(void *ctx, int64_t row, int col)
{
    return core_list_cell(((list_panel *)ctx)->list, row, col);
}

static int64_t src_row_id(void *ctx, int64_t row)
{
    return core_list_id(((list_panel *)ctx)->list, row);
}

static int src_row_mark(void *ctx, int64_t row)
{
    switch (core_list_flag(((list_panel *)ctx)->list, row)) {
    case CORE_FLAG_AMBER: return W_ROLE_LEVEL_AMBER;
    case CORE_FLAG_RED: return W_ROLE_LEVEL_RED;
    case CORE_FLAG_QUIET: return W_ROLE_DIM;
    default: return 0;
    }
}

static int64_t src_index_of(void *ctx, int64_t id)
{
    list_panel *p = ctx;
    core_err e;
    return core_list_index_of(p->list, id, &e);
}

/* ---- detail ---------------------------------------------------------------- */

static void clear_detail(list_panel *p)
{
    for (int i = 0; i < p->nfields; i++) {
        free(p->labels[i]);
        free(p->values[i]);
    }
    p->nfields = 0;
}

static void add_field(list_panel *p, const char *label, const char *value)
{
    if (p->nfields >= MAX_FIELDS)
        return;
    p->labels[p->nfields] = strdup(label ? label : "");
    p->values[p->nfields] = strdup(value ? value : "");
    p->fields[p->nfields] = (struct w_detail_field){p->labels[p->nfields], p->values[p->nfields]};
    p->nfields++;
}

static void detail_row(list_panel *p, int64_t id)
{
    core_row r;
    core_err e;
    if (core_row_get(p->a->db, (core_table_id)p->d->table, id, &r, &e) != CORE_OK)
        return;
    const core_table *t = core_table_get((core_table_id)p->d->table);
    int si = core_table_col(t, "sensitive");
    int masked = si >= 0 && !strcmp(r.vals[si], "1") && p->revealed_id != id;
    for (int i = 0; i < t->ncols; i++) {
        const char *v = r.vals[i];
        if (masked && (t->cols[i].flags & CORE_COLF_SENSITIVE) && *v)
            v = p->a->read_only ? MASK : MASK " (v reveals)";
        add_field(p, t->cols[i].name, v);
    }
    char who[160];
    snprintf(who, sizeof who, "%s at %s (version %lld)", r.updated_by, r.updated_at, (long long)r.version);
    add_field(p, "last change", who);
    core_row_free(&r);
}

static void detail_alert(list_panel *p, int64_t id)
{
    core_alert al;
    core_err e;
    if (core_alert_get(p->a->db, id, &al, &e) != CORE_OK)
        return;
    char num[32];
    snprintf(num, sizeof num, "#%lld", (long long)al.id);
    add_field(p, "alert", num);
    add_field(p, "level", al.level);
    add_field(p, "kind", al.kind);
    add_field(p, "subject", al.subject);
    add_field(p, "raised", al.raised_at);
    add_field(p, "condition", *al.cleared_at ? "cleared" : "holds");
    if (*al.cleared_at)
        add_field(p, "cleared", al.cleared_at);
    add_field(p, "acknowledged", *al.acknowledged_at ? al.acknowledged_by : "not yet (A acknowledges)");
    if (*al.acknowledged_at) {
        add_field(p, "at", al.acknowledged_at);
        add_field(p, "note", al.note);
    }
    core_alert_clear(&al);
}

static void detail_audit(list_panel *p, int64_t id, int64_t row)
{
    for (int c = 0; c < 5; c++)
        add_field(p, core_list_title(p->list, c), core_list_cell(p->list, row, c));
    core_change *ch;
    int n;
    core_err e;
    if (core_audit_changes(p->a->db, id, &ch, &n, &e) != CORE_OK)
        return;
    for (int i = 0; i < n; i++) {
        char v[1200];
        if (ch[i].before || !ch[i].after)
            snprintf(v, sizeof v, "%s -> %s", ch[i].before ? ch[i].before : "(empty)",
                     ch[i].after ? ch[i].after : "(empty)");
        else
            snprintf(v, sizeof v, "%s", ch[i].after);
        add_field(p, ch[i].field, v);
    }
    core_changes_free(ch, n);
}

/* Rebuild the detail pane for the selected record. */
static void load_detail(list_panel *p)
{
    int64_t row = w_table_selected(&p->table);
    int64_t id = w_table_selected_id(&p->table);
    int same = p->detail_id == id; /* a reload of the same record keeps its scroll */
    /* A reveal lasts while its record stays selected: moving away masks
     * it again, and a record that later takes a deleted one's id is
     * never shown unmasked by it. */
    if (id != p->revealed_id)
        p->revealed_id = -1;
    clear_detail(p);
    p->detail_id = id;
    /* The table has the selected row's page prepared (it reads the id from
     * it), so the list's page already holds this row. */
    if (row >= 0 && id >= 0) {
        if (p->d->table >= 0)
            detail_row(p, id);
        else if (p->d->kind == CORE_LIST_ALERTS)
            detail_alert(p, id);
        else
            detail_audit(p, id, row);
    }
    int top = p->detail.top;
    w_detail_set(&p->detail, p->fields, p->nfields);
    p->detail.top = same ? top : 0;
}

/* ---- panel operations -------------------------------------------------------- */

static void *open_list(app *a, int which)
{
    list_panel *p = calloc(1, sizeof *p);
    if (!p)
        return NULL;
    p->d = &DESCS[which];
    p->a = a;
    p->detail_id = p->revealed_id = -1;
    core_err e;
    if (core_list_open(a->db, p->d->kind, &p->list, &e) != CORE_OK) {
        free(p);
        return NULL;
    }
    p->ncols = core_list_ncols(p->list);
    p->src = (struct w_table_source){
        .ctx = p, .count = src_count, .prepare = src_prepare, .cell = src_cell, .row_id = src_row_id,
        .row_mark = src_row_mark, .index_of = src_index_of,
    };
    w_table_init(&p->table, p->d->cols, p->ncols, &p->src);
    p->table.focused = 1;
    p->table.empty_text = "no rows";
    p->sort_desc = p->d->kind == CORE_LIST_ALERTS || p->d->kind == CORE_LIST_AUDIT;
    core_list_set_sort(p->list, 0, p->sort_desc);
    w_table_set_sort(&p->table, 0, p->sort_desc);
    return p;
}

static void close_list(void *st)
{
    list_panel *p = st;
    clear_detail(p);
    core_list_close(p->list);
    free(p);
}

static void reload(void *st, app *a)
{
    (void)a;
    list_panel *p = st;
    core_list_invalidate(p->list);
    w_table_refresh(&p->table);
    load_detail(p);
}

static void draw(void *st, app *a, WINDOW *body)
{
    (void)a;
    list_panel *p = st;
    int h = getmaxy(body), w = getmaxx(body);
    /* Line 0: what this is, how it is filtered and sorted. */
    char head[700];
    const char *sort = core_list_title(p->list, p->sort_col);
    snprintf(head, sizeof head, " %s  ·  sorted by %s %s", p->d->label, sort, p->sort_desc ? "(descending)" : "");
    w_text_put(body, 0, 0, w, head, w_attr(W_ROLE_HEADER), W_ALIGN_LEFT);
    if (p->filtering || p->filter_text[0]) {
        int fx = w / 2;
        w_line_draw_prompt(&p->filter, body, 0, fx, w - fx, " filter /", p->filtering);
    }
    int side = w >= 140;
    int th, tw, dy, dx, dh, dw;
    if (p->full_detail) {
        th = 0, tw = 0, dy = 1, dx = 0, dh = h - 1, dw = w;
    } else if (side) {
        tw = w * 3 / 5, th = h - 1, dy = 1, dx = tw + 1, dh = h - 1, dw = w - tw - 1;
    } else {
        dh = (h - 1) * 2 / 5;
        if (dh < 5)
            dh = 5;
        th = h - 1 - dh, tw = w, dy = 1 + th, dx = 0, dw = w;
    }
    if (th > 1) {
        WINDOW *tw_ = derwin(body, th, tw, 1, 0);
        if (tw_) {
            p->table.empty_text = p->filter_text[0] ? "no rows match the filter" : "no rows";
            w_table_draw(&p->table, tw_);
            delwin(tw_);
        }
    }
    /* Separator, then the detail of the selected record. */
    if (!p->full_detail) {
        if (side)
            mvwvline_set(body, 1, tw, WACS_VLINE, h - 1);
        else
            mvwhline_set(body, dy, 0, WACS_HLINE, w);
        if (!side) {
            dy++;
            dh--;
        }
    }
    if (dh > 0 && dw > 0) {
        WINDOW *dwin = derwin(body, dh, dw, dy, dx);
        if (dwin) {
            if (p->nfields)
                w_detail_draw(&p->detail, dwin);
            else
                w_text_put(dwin, 0, 1, dw - 1, "nothing selected", w_attr(W_ROLE_DIM), W_ALIGN_LEFT);
            delwin(dwin);
        }
    }
}

static void apply_filter(list_panel *p)
{
    w_line_get(&p->filter, p->filter_text, sizeof p->filter_text);
    core_list_set_filter(p->list, p->filter_text);
    w_table_refresh(&p->table);
    load_detail(p);
}

static unsigned text(void *st, app *a, int key, int fn)
{
    (void)a;
    list_panel *p = st;
    if (fn && (key == KEY_UP || key == KEY_DOWN || key == KEY_NPAGE || key == KEY_PPAGE)) {
        /* Arrow keys leave the filter line and move in the list. */
        p->filtering = 0;
        w_table_move(&p->table, w_key_move(key, fn) >= 0 ? (enum w_move)w_key_move(key, fn) : W_MOVE_DOWN);
        load_detail(p);
        return APP_HANDLED | APP_DRAW;
    }
    enum w_prompt r = w_line_prompt_key(&p->filter, key, fn);
    if (r == W_PROMPT_UNUSED)
        return APP_HANDLED;
    if (r != W_PROMPT_EDITED)
        p->filtering = 0;
    if (r != W_PROMPT_DONE)
        apply_filter(p); /* incremental: every keystroke re-queries; Esc clears */
    return APP_HANDLED | APP_DRAW;
}

static int typing(void *st)
{
    return ((list_panel *)st)->filtering;
}

static void status(void *st, char *buf, size_t n)
{
    list_panel *p = st;
    w_table_position(&p->table, buf, n);
}

static unsigned list_move(list_panel *p, enum w_move m)
{
    if (p->full_detail)
        return w_detail_scroll(&p->detail, m) ? APP_HANDLED | APP_DRAW : APP_HANDLED;
    if (w_table_move(&p->table, m)) {
        load_detail(p);
        return APP_HANDLED | APP_DRAW;
    }
    return APP_HANDLED;
}

/* Next sortable column (s), or flip the direction (S). */
static unsigned sort(list_panel *p, int reverse)
{
    if (reverse) {
        p->sort_desc = !p->sort_desc;
    } else {
        int c = p->sort_col;
        do
            c = (c + 1) % p->ncols;
        while (!core_list_sortable(p->list, c) && c != p->sort_col);
        p->sort_col = c;
        p->sort_desc = 0;
    }
    core_list_set_sort(p->list, p->sort_col, p->sort_desc);
    w_table_set_sort(&p->table, p->sort_col, p->sort_desc);
    w_table_refresh(&p->table);
    load_detail(p);
    return APP_HANDLED | APP_DRAW | APP_BARS;
}

static unsigned act(void *st, app *a, action act)
{
    list_panel *p = st;
    switch (act) {
    case ACT_UP: return list_move(p, W_MOVE_UP);
    case ACT_DOWN: return list_move(p, W_MOVE_DOWN);
    case ACT_PAGE_UP: return list_move(p, W_MOVE_PAGE_UP);
    case ACT_PAGE_DOWN: return list_move(p, W_MOVE_PAGE_DOWN);
    case ACT_HOME: return list_move(p, W_MOVE_HOME);
    case ACT_END: return list_move(p, W_MOVE_END);
    case ACT_OPEN:
        p->full_detail = !p->full_detail;
        return APP_HANDLED | APP_DRAW;
    case ACT_BACK: /* one step back: the whole-panel detail, then the filter */
        if (p->full_detail) {
            p->full_detail = 0;
        } else if (p->filter_text[0]) {
            w_line_set(&p->filter, "");
            apply_filter(p);
        }
        return APP_HANDLED | APP_DRAW | APP_BARS;
    case ACT_FILTER:
        p->filtering = 1;
        p->full_detail = 0;
        w_line_set(&p->filter, p->filter_text);
        return APP_HANDLED | APP_DRAW | APP_BARS;
    case ACT_SORT: return sort(p, 0);
    case ACT_SORT_REVERSE: return sort(p, 1);
    default:
        return list_panel_edit(p, a, act, p->d->kind, p->d->table, w_table_selected_id(&p->table));
    }
}

int64_t list_panel_revealed(void *st)
{
    return ((list_panel *)st)->revealed_id;
}

/* Let the editing code (tui/edit.c) tell this panel to show record id. */
void list_panel_show(void *st, int64_t id, int reveal)
{
    list_panel *p = st;
    core_list_invalidate(p->list);
    w_table_refresh(&p->table);
    if (id >= 0)
        w_table_select_id(&p->table, id);
    if (reveal)
        p->revealed_id = id;
    load_detail(p);
}

#define LIST_PANEL(var, idx, lbl)                                                                     \
    static void *open_##var(app *a) { return open_list(a, idx); }                                 \
    const panel_ops panel_##var = {                                                                \
        .name = #var, .label = lbl, .open = open_##var, .close = close_list, .reload = reload,       \
        .draw = draw, .act = act, .text = text, .typing = typing, .status = status,                 \
    };

LIST_PANEL(partners, 0, "Partners")
LIST_PANEL(inventory, 1, "Inventory")
LIST_PANEL(activities, 2, "Activities")
LIST_PANEL(alerts, 3, "Alerts")
LIST_PANEL(audit, 4, "Audit")
