/* tui/panel_risk.c — the Risk panel: regions x the 14 risk factors of the
 * UN Framework of Analysis for Atrocity Crimes, worst level per cell,
 * regions sorted by overall risk; below, the indicators behind the
 * selected cell with their aggregate, thresholds and a 30-day sparkline. */
#include "tui/app.h"

#include "core/clock.h"
#include "core/fold.h"
#include "core/risk.h"
#include "core/store.h"
#include "widgets/level.h"
#include "widgets/sparkline.h"
#include "widgets/table.h"
#include "widgets/text.h"
#include "widgets/theme.h"
#include "widgets/widget.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define FIXED_COLS 3    /* region, name, score */
#define SPARK_DAYS 30

static const char *const FACTORS[CORE_RISK_FACTORS] = {
    "Armed conflict or other instability",
    "Record of serious violations of human rights and humanitarian law",
    "Weakness of State structures",
    "Motives or incentives",
    "Capacity to commit atrocity crimes",
    "Absence of mitigating factors",
    "Enabling circumstances or preparatory action",
    "Triggering factors",
    "Intergroup tensions or discrimination (genocide)",
    "Signs of intent to destroy a protected group (genocide)",
    "Signs of a widespread or systematic attack (crimes against humanity)",
    "Signs of a plan or policy to attack civilians (crimes against humanity)",
    "Serious threats to people protected by humanitarian law (war crimes)",
    "Serious threats to humanitarian or peacekeeping operations (war crimes)",
};

static const struct w_table_column MATRIX_COLS[FIXED_COLS + CORE_RISK_FACTORS] = {
    {"Region", 7, 8, 0, 0}, {"Name", 10, 22, 1, 0}, {"Score", 6, 7, 0, 0},
    {"1", 2, 3, 0, 0}, {"2", 2, 3, 0, 0}, {"3", 2, 3, 0, 0}, {"4", 2, 3, 0, 0}, {"5", 2, 3, 0, 0},
    {"6", 2, 3, 0, 0}, {"7", 2, 3, 0, 0}, {"8", 2, 3, 0, 0}, {"9", 2, 3, 0, 0}, {"10", 2, 3, 0, 0},
    {"11", 2, 3, 0, 0}, {"12", 2, 3, 0, 0}, {"13", 2, 3, 0, 0}, {"14", 2, 3, 0, 0},
};

typedef struct risk_panel {
    app *a;
    core_risk risk;
    int have;
    int *rows;              /* indices into risk.regions after the filter */
    int nrows;
    struct w_table table;
    struct w_table_source src;
    char cellbuf[32];
    int filtering;
    struct w_line filter;
    char filter_text[256];
    int all_factors;        /* Enter: show every indicator of the region */
    int detail_top;
    int detail_room;        /* indicators the detail showed last: a page */
} risk_panel;

static const core_risk_region *region_at(const risk_panel *p, int64_t row)
{
    return row >= 0 && row < p->nrows ? &p->risk.regions[p->rows[row]] : NULL;
}

static enum w_level to_w(core_level l)
{
    switch (l) {
    case CORE_LEVEL_RED: return W_LEVEL_RED;
    case CORE_LEVEL_AMBER: return W_LEVEL_AMBER;
    case CORE_LEVEL_GREEN: return W_LEVEL_GREEN;
    default: return W_LEVEL_NONE;
    }
}

static int64_t src_count(void *ctx) { return ((risk_panel *)ctx)->nrows; }

static const char *src_cell(void *ctx, int64_t row, int col)
{
    risk_panel *p = ctx;
    const core_risk_region *r = region_at(p, row);
    if (!r)
        return "";
    switch (col) {
    case 0: return r->code;
    case 1: return r->name;
    case 2:
        if (!r->n_red && !r->n_amber)
            return "";
        snprintf(p->cellbuf, sizeof p->cellbuf, "%dR %dA", r->n_red, r->n_amber);
        return p->cellbuf;
    default:
        return w_level_badge(to_w(r->factor[col - FIXED_COLS]));
    }
}

static int64_t src_row_id(void *ctx, int64_t row)
{
    const core_risk_region *r = region_at(ctx, row);
    return r ? r->id : -1;
}

static int src_cell_role(void *ctx, int64_t row, int col)
{
    const core_risk_region *r = region_at(ctx, row);
    if (!r)
        return 0;
    if (col == 2)
        return r->n_red ? W_ROLE_LEVEL_RED : r->n_amber ? W_ROLE_LEVEL_AMBER : 0;
    if (col < FIXED_COLS)
        return 0;
    return w_level_role(to_w(r->factor[col - FIXED_COLS]));
}

static int64_t src_index_of(void *ctx, int64_t id)
{
    risk_panel *p = ctx;
    for (int i = 0; i < p->nrows; i++)
        if (p->risk.regions[p->rows[i]].id == id)
            return i;
    return -1;
}

static void apply_filter(risk_panel *p)
{
    free(p->rows);
    p->rows = malloc(sizeof *p->rows * (size_t)(p->risk.nregions + 1));
    p->nrows = 0;
    for (int i = 0; p->rows && i < p->risk.nregions; i++) {
        const core_risk_region *r = &p->risk.regions[i];
        if (!p->filter_text[0] || core_fold_contains(r->code, p->filter_text) || core_fold_contains(r->name, p->filter_text))
            p->rows[p->nrows++] = i;
    }
    w_table_refresh(&p->table);
}

static void *open_risk(app *a)
{
    risk_panel *p = calloc(1, sizeof *p);
    if (!p)
        return NULL;
    p->a = a;
    p->src = (struct w_table_source){
        .ctx = p, .count = src_count, .cell = src_cell, .row_id = src_row_id, .cell_role = src_cell_role,
        .index_of = src_index_of,
    };
    w_table_init(&p->table, MATRIX_COLS, FIXED_COLS + CORE_RISK_FACTORS, &p->src);
    p->table.focused = 1;
    p->table.cell_cursor = 1;
    p->table.empty_text = "no regions";
    w_table_move_col(&p->table, FIXED_COLS);
    return p;
}

static void close_risk(void *st)
{
    risk_panel *p = st;
    if (p->have)
        core_risk_free(&p->risk);
    free(p->rows);
    free(p);
}

static void reload(void *st, app *a)
{
    risk_panel *p = st;
    core_risk fresh;
    core_err e;
    if (core_risk_compute(a->db, core_now(), &fresh, &e) != CORE_OK) {
        app_error(a, "computing risk", e.msg);
        return;
    }
    if (p->have)
        core_risk_free(&p->risk);
    p->risk = fresh;
    p->have = 1;
    apply_filter(p);
}

static int selected_factor(const risk_panel *p)
{
    int c = w_table_selected_col(&p->table) - FIXED_COLS;
    return c >= 0 && c < CORE_RISK_FACTORS ? c + 1 : 0;
}

static void fmt_num(char *buf, size_t n, double v)
{
    if (fabs(v - llround(v)) < 1e-9 && fabs(v) < 1e15)
        snprintf(buf, n, "%lld", (long long)llround(v));
    else
        snprintf(buf, n, "%.2f", v);
}

/* Two lines for one indicator of the selected region. */
static int draw_indicator(risk_panel *p, WINDOW *w, int y, const core_risk_region *r, int i)
{
    const core_indicator *ind = &p->risk.ind[i];
    const core_cell *c = core_risk_cell(&p->risk, r, i);
    int width = getmaxx(w);
    if (y >= getmaxy(w))
        return y;
    w_level_draw(w, y, 1, 2, to_w(c->level));
    char line[600], val[64] = "no data in window", am[32] = "-", rd[32] = "-";
    if (c->n)
        fmt_num(val, sizeof val, c->value);
    if (ind->has_amber)
        fmt_num(am, sizeof am, ind->amber);
    if (ind->has_red)
        fmt_num(rd, sizeof rd, ind->red);
    snprintf(line, sizeof line, "%s  %s", ind->code, ind->name);
    w_text_put(w, y, 4, width - 4, line, w_attr(W_ROLE_NORMAL) | A_BOLD, W_ALIGN_LEFT);
    if (++y >= getmaxy(w))
        return y;
    const char *cmp = ind->down ? "<=" : ">=";
    char unv[48] = "";
    if (c->unverified)
        snprintf(unv, sizeof unv, ", %d unverified", c->unverified);
    snprintf(line, sizeof line, "%s %s  (%s of %d d, %d report%s%s)  amber %s%s  red %s%s", val, c->n ? ind->unit : "",
             ind->aggregate, ind->window_days, c->n, c->n == 1 ? "" : "s", unv, cmp, am, cmp, rd);
    int spark_w = width >= 100 ? SPARK_DAYS : 0;
    w_text_put(w, y, 4, width - 5 - spark_w - (spark_w ? 2 : 0), line, w_attr(W_ROLE_NORMAL), W_ALIGN_LEFT);
    if (spark_w) {
        double vals[SPARK_DAYS];
        int present[SPARK_DAYS];
        unsigned char pres[SPARK_DAYS];
        enum w_role roles[SPARK_DAYS];
        core_err e;
        if (core_risk_series(p->a->db, r->id, ind, p->risk.now, SPARK_DAYS, vals, present, &e) == CORE_OK) {
            for (int k = 0; k < SPARK_DAYS; k++)
                pres[k] = (unsigned char)present[k];
            w_sparkline_roles(vals, pres, SPARK_DAYS, ind->has_amber ? ind->amber : NAN,
                              ind->has_red ? ind->red : NAN, !ind->down, roles);
            w_sparkline_draw(w, y, width - spark_w - 1, spark_w, vals, pres, SPARK_DAYS, roles);
        }
    }
    return y + 1;
}

static void draw_detail(risk_panel *p, WINDOW *w)
{
    const core_risk_region *r = region_at(p, w_table_selected(&p->table));
    int width = getmaxx(w);
    if (!r) {
        w_text_put(w, 0, 1, width - 1, "no region selected", w_attr(W_ROLE_DIM), W_ALIGN_LEFT);
        return;
    }
    int f = p->all_factors ? 0 : selected_factor(p);
    char head[400];
    if (f)
        snprintf(head, sizeof head, "%s %s  ·  factor %d: %s", r->code, r->name, f, FACTORS[f - 1]);
    else
        snprintf(head, sizeof head, "%s %s  ·  every indicator, worst first", r->code, r->name);
    w_text_put(w, 0, 1, width - 1, head, w_attr(W_ROLE_HEADER), W_ALIGN_LEFT);
    /* Worst first so the reason for the colour is on screen. */
    int order[256], n = 0;
    for (int lvl = CORE_LEVEL_RED; lvl >= CORE_LEVEL_NONE; lvl--)
        for (int i = 0; i < p->risk.nind && n < 256; i++)
            if ((!f || p->risk.ind[i].risk_factor == f) && (int)core_risk_cell(&p->risk, r, i)->level == lvl)
                order[n++] = i;
    if (!n) {
        char msg[160];
        snprintf(msg, sizeof msg, "no indicator measures risk factor %d", f);
        w_text_put(w, 2, 1, width - 1, msg, w_attr(W_ROLE_DIM), W_ALIGN_LEFT);
        return;
    }
    int lines_per = 2, room = (getmaxy(w) - 1) / lines_per;
    p->detail_room = room;
    if (p->detail_top > n - room)
        p->detail_top = n - room < 0 ? 0 : n - room;
    int y = 1;
    for (int k = p->detail_top; k < n && y < getmaxy(w); k++)
        y = draw_indicator(p, w, y, r, order[k]);
    if (n > room) {
        char more[48];
        snprintf(more, sizeof more, " %d-%d of %d%s ", p->detail_top + 1,
                 p->detail_top + room < n ? p->detail_top + room : n, n, p->all_factors ? " PgDn" : "");
        w_text_put_right(w, 0, width, 22, more, w_attr(W_ROLE_DIM));
    }
}

/* The indicator behind the selected cell: the worst of its factor. */
static const core_indicator *cell_indicator(const risk_panel *p, const core_risk_region *r)
{
    int f = selected_factor(p), best = -1;
    for (int i = 0; i < p->risk.nind; i++)
        if (p->risk.ind[i].risk_factor == f &&
            (best < 0 || core_risk_cell(&p->risk, r, i)->level > core_risk_cell(&p->risk, r, best)->level))
            best = i;
    return best >= 0 ? &p->risk.ind[best] : NULL;
}

/* The whole code of row id of table t (malloc'd; NULL when there is none
 * or memory ran out). The matrix keeps codes in fixed buffers for drawing,
 * which a hostile code overflows: editing by a cut code could open
 * another record whose code it equals. */
static char *whole_code(app *a, core_table_id t, int64_t id)
{
    core_row r;
    core_err e;
    if (core_row_get(a->db, t, id, &r, &e) != CORE_OK)
        return NULL;
    char *c = strdup(r.vals[0]);
    core_row_free(&r);
    return c;
}

static void draw(void *st, app *a, WINDOW *body)
{
    (void)a;
    risk_panel *p = st;
    int h = getmaxy(body), w = getmaxx(body);
    char head[300];
    int f = selected_factor(p);
    snprintf(head, sizeof head, " Risk  ·  regions by overall risk  ·  factor %d: %s", f, f ? FACTORS[f - 1] : "");
    w_text_put(body, 0, 0, w, head, w_attr(W_ROLE_HEADER), W_ALIGN_LEFT);
    if (p->filtering || p->filter_text[0]) {
        int fx = w * 2 / 3;
        w_line_draw_prompt(&p->filter, body, 0, fx, w - fx, " filter /", p->filtering);
    }
    /* The matrix gets what it needs (up to 60%), the detail the rest. */
    int avail = h - 2;
    int mh = p->nrows + 1;
    if (mh > avail * 3 / 5)
        mh = avail * 3 / 5;
    if (mh < 4)
        mh = 4;
    WINDOW *mw = derwin(body, mh, w, 1, 0);
    if (mw) {
        w_table_draw(&p->table, mw);
        delwin(mw);
    }
    mvwhline_set(body, 1 + mh, 0, WACS_HLINE, w);
    int dh = h - mh - 2;
    if (dh > 0) {
        WINDOW *dw = derwin(body, dh, w, 2 + mh, 0);
        if (dw) {
            draw_detail(p, dw);
            delwin(dw);
        }
    }
}

static unsigned text(void *st, app *a, int key, int fn)
{
    (void)a;
    risk_panel *p = st;
    enum w_prompt r = w_line_prompt_key(&p->filter, key, fn);
    if (r == W_PROMPT_UNUSED)
        return APP_HANDLED;
    if (r != W_PROMPT_EDITED)
        p->filtering = 0;
    if (r != W_PROMPT_DONE) {
        w_line_get(&p->filter, p->filter_text, sizeof p->filter_text);
        apply_filter(p);
    }
    return APP_HANDLED | APP_DRAW;
}

static int typing(void *st) { return ((risk_panel *)st)->filtering; }

static void status(void *st, char *buf, size_t n)
{
    w_table_position(&((risk_panel *)st)->table, buf, n);
}

static unsigned act(void *st, app *a, action act)
{
    risk_panel *p = st;
    int changed = 0;
    switch (act) {
    case ACT_UP: changed = w_table_move(&p->table, W_MOVE_UP); break;
    case ACT_DOWN: changed = w_table_move(&p->table, W_MOVE_DOWN); break;
    case ACT_PAGE_UP:
    case ACT_PAGE_DOWN:
        if (p->all_factors) {
            /* Every indicator of the region: PgUp/PgDn page through them
             * (drawing keeps the last page full). */
            int page = p->detail_room > 0 ? p->detail_room : 1;
            p->detail_top += act == ACT_PAGE_DOWN ? page : -page;
            if (p->detail_top < 0)
                p->detail_top = 0;
            return APP_HANDLED | APP_DRAW;
        }
        changed = w_table_move(&p->table, act == ACT_PAGE_UP ? W_MOVE_PAGE_UP : W_MOVE_PAGE_DOWN);
        break;
    case ACT_HOME: changed = w_table_move(&p->table, W_MOVE_HOME); break;
    case ACT_END: changed = w_table_move(&p->table, W_MOVE_END); break;
    case ACT_LEFT:
        if (w_table_selected_col(&p->table) > FIXED_COLS)
            changed = w_table_move_col(&p->table, -1);
        p->all_factors = 0;
        break;
    case ACT_RIGHT:
        changed = w_table_move_col(&p->table, 1);
        p->all_factors = 0;
        break;
    case ACT_OPEN:
        p->all_factors = !p->all_factors;
        changed = 1;
        break;
    case ACT_BACK: /* one step back: every indicator, then the filter */
        if (p->all_factors) {
            p->all_factors = 0;
        } else if (p->filter_text[0]) {
            p->filter_text[0] = '\0';
            w_line_set(&p->filter, "");
            apply_filter(p);
        }
        changed = 1;
        break;
    case ACT_FILTER:
        p->filtering = 1;
        w_line_set(&p->filter, p->filter_text);
        changed = 1;
        break;
    case ACT_OBSERVE:
    case ACT_ADD:
    case ACT_EDIT:
    case ACT_DELETE: {
        const core_risk_region *r = region_at(p, w_table_selected(&p->table));
        const core_indicator *ind = r ? cell_indicator(p, r) : NULL;
        char *rc = r ? whole_code(a, CORE_T_REGIONS, r->id) : NULL;
        char *ic = ind ? whole_code(a, CORE_T_INDICATORS, ind->id) : NULL;
        unsigned res = risk_panel_edit(a, act, rc, ic);
        free(rc);
        free(ic);
        return res;
    }
    default:
        return 0;
    }
    if (changed)
        p->detail_top = 0;
    return APP_HANDLED | (changed ? APP_DRAW : 0);
}

const panel_ops panel_risk = {
    .name = "risk", .label = "Risk", .open = open_risk, .close = close_risk, .reload = reload, .draw = draw,
    .act = act, .text = text, .typing = typing, .status = status,
};
