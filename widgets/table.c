/* widgets/table.c — the paged, scrollable table. */
#include "widgets/table.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "widgets/text.h"
#include "widgets/theme.h"

void w_table_init(struct w_table *t, const struct w_table_column *cols, int ncols,
                  const struct w_table_source *src)
{
    memset(t, 0, sizeof *t);
    t->cols = cols;
    t->ncols = cols && ncols > 0 ? (ncols < W_TABLE_MAX_COLS ? ncols : W_TABLE_MAX_COLS) : 0;
    if (src) t->src = *src;
    t->empty_text = "no rows";
    t->focused = 1;
    t->sort_col = -1;
    t->sel = -1;
    t->sel_id = -1;
}

/* Rows a page holds; 1 before the first draw tells us the real height. */
static int page_rows(const struct w_table *t)
{
    return t->page > 0 ? t->page : 1;
}

/* Keep the selection on screen and the screen full of rows. */
static void scroll_to_sel(struct w_table *t)
{
    int64_t page = page_rows(t);
    if (t->sel < 0) {
        t->top = 0;
        return;
    }
    if (t->sel < t->top) t->top = t->sel;
    if (t->sel >= t->top + page) t->top = t->sel - page + 1;
    if (t->top > t->count - page) t->top = t->count - page;
    if (t->top < 0) t->top = 0;
}

/* Announce the visible rows to the source, once per distinct range. */
static int visible_rows(struct w_table *t)
{
    int64_t n = t->count - t->top;
    if (n > page_rows(t)) n = page_rows(t);
    if (n <= 0) return 0;
    if (t->prep_n != (int)n || t->prep_first != t->top) {
        if (t->src.prepare) t->src.prepare(t->src.ctx, t->top, (int)n);
        t->prep_first = t->top;
        t->prep_n = (int)n;
    }
    return (int)n;
}

/* After the selection moved: scroll, and learn which record it is on. */
static void settle(struct w_table *t)
{
    scroll_to_sel(t);
    if (t->sel < 0) {
        t->sel_id = -1;
        return;
    }
    visible_rows(t);
    t->sel_id = t->src.row_id ? t->src.row_id(t->src.ctx, t->sel) : t->sel;
}

int w_table_refresh(struct w_table *t)
{
    int64_t old_id = t->sel_id;
    int64_t line = t->sel >= 0 ? t->sel - t->top : 0; /* screen line to keep */
    int64_t sel = t->sel;

    t->count = t->src.count ? t->src.count(t->src.ctx) : 0;
    if (t->count < 0) t->count = 0;
    t->prep_n = 0; /* the source's page is stale now */
    if (t->count == 0) {
        t->sel = t->sel_id = -1;
        t->top = 0;
        return old_id != -1;
    }
    if (sel < 0) {
        sel = 0;
    } else if (t->src.index_of && old_id >= 0) {
        int64_t i = t->src.index_of(t->src.ctx, old_id);
        if (i >= 0) sel = i;
    }
    if (sel >= t->count) sel = t->count - 1;
    t->sel = sel;
    t->top = sel - line;
    settle(t);
    return t->sel_id != old_id;
}

int w_table_select_index(struct w_table *t, int64_t index)
{
    if (t->count == 0) return 0;
    if (index < 0) index = 0;
    if (index >= t->count) index = t->count - 1;
    int64_t old = t->sel;
    t->sel = index;
    settle(t);
    return t->sel != old;
}

int w_table_move(struct w_table *t, enum w_move m)
{
    int64_t page = page_rows(t), to = t->sel;
    if (t->count == 0) return 0;
    switch (m) {
    case W_MOVE_UP:        to--; break;
    case W_MOVE_DOWN:      to++; break;
    /* A page move turns the page under the cursor, like less(1). */
    case W_MOVE_PAGE_UP:   to -= page; t->top -= page; break;
    case W_MOVE_PAGE_DOWN: to += page; t->top += page; break;
    case W_MOVE_HOME:      to = 0; break;
    case W_MOVE_END:       to = t->count - 1; break;
    }
    return w_table_select_index(t, to);
}

int w_table_move_col(struct w_table *t, int delta)
{
    int old = t->sel_col, c = t->sel_col + delta;
    if (c >= t->ncols) c = t->ncols - 1;
    if (c < 0) c = 0;
    t->sel_col = c;
    return c != old;
}

int w_table_select_id(struct w_table *t, int64_t id)
{
    if (!t->src.index_of || t->count == 0) return 0;
    int64_t i = t->src.index_of(t->src.ctx, id);
    if (i < 0 || i >= t->count) return 0;
    w_table_select_index(t, i);
    return 1;
}

int64_t w_table_selected(const struct w_table *t) { return t->sel; }
int64_t w_table_selected_id(const struct w_table *t) { return t->sel_id; }
int w_table_selected_col(const struct w_table *t) { return t->sel_col; }
int64_t w_table_count(const struct w_table *t) { return t->count; }

void w_table_set_sort(struct w_table *t, int col, int descending)
{
    t->sort_col = col < t->ncols ? col : -1;
    t->sort_desc = descending != 0;
}

int w_table_position(const struct w_table *t, char *buf, size_t size)
{
    return snprintf(buf, size, "%" PRId64 " of %" PRId64, t->sel >= 0 ? t->sel + 1 : 0, t->count);
}

int w_table_col_x(const struct w_table *t, int col)
{
    if (col < 0 || col >= t->ncols || t->width[col] == 0) return -1;
    int x = 0;
    for (int c = 0; c < col; c++) x += t->width[c] + 1;
    return x;
}

/* Widths for `cols` screen columns: minimums left to right while they fit
 * (one separator between columns), then the spare by flex weight. */
static void layout(struct w_table *t, int cols)
{
    int used = 0, shown = 0;
    memset(t->width, 0, sizeof t->width);
    for (int c = 0; c < t->ncols; c++) {
        int mw = t->cols[c].min_width > 0 ? t->cols[c].min_width : 1;
        if (used + mw + (c > 0) > cols) break;
        t->width[c] = mw;
        used += mw + (c > 0);
        shown++;
    }
    if (shown == 0) {
        if (t->ncols > 0 && cols > 0) t->width[0] = cols; /* cut it rather than show nothing */
        return;
    }
    for (int spare = cols - used; spare > 0;) {
        int weight = 0, given = 0;
        for (int c = 0; c < shown; c++) {
            const struct w_table_column *k = &t->cols[c];
            if (k->flex > 0 && (k->max_width <= 0 || t->width[c] < k->max_width)) weight += k->flex;
        }
        if (weight == 0) break;
        for (int c = 0; c < shown && given < spare; c++) {
            const struct w_table_column *k = &t->cols[c];
            if (k->flex <= 0 || (k->max_width > 0 && t->width[c] >= k->max_width)) continue;
            int add = spare * k->flex / weight;
            if (add < 1) add = 1;
            if (add > spare - given) add = spare - given;
            if (k->max_width > 0 && t->width[c] + add > k->max_width) add = k->max_width - t->width[c];
            t->width[c] += add;
            given += add;
        }
        if (given == 0) break;
        spare -= given;
    }
}

static void separator(WINDOW *w, int y, int x, attr_t a)
{
    w_glyph(w, y, x, L'│', ACS_VLINE, a);
}

static void draw_header(struct w_table *t, WINDOW *w, int cols)
{
    attr_t a = w_attr(W_ROLE_HEADER);
    int x = 0;
    for (int c = 0; c < t->ncols && t->width[c] > 0; c++) {
        if (c > 0) separator(w, 0, x++, a);
        int wd = t->width[c];
        const struct w_table_column *k = &t->cols[c];
        if (c != t->sort_col || wd < 2) {
            w_text_put(w, 0, x, wd, k->title, a, k->align_right ? W_ALIGN_RIGHT : W_ALIGN_LEFT);
        } else {
            /* The arrow sits right after the title, and survives cutting. */
            wchar_t up = t->sort_desc ? L'▼' : L'▲';
            chtype asc = t->sort_desc ? 'v' : '^';
            int tw = w_text_width(k->title);
            if (tw > wd - 1) tw = wd - 1;
            int tx = k->align_right ? x + wd - tw : x;
            w_text_fill(w, 0, x, wd, a);
            w_text_put(w, 0, tx, tw, k->title, a, W_ALIGN_LEFT);
            w_glyph(w, 0, k->align_right ? tx - 1 : tx + tw, up, asc, a);
        }
        x += wd;
    }
    if (x < cols) w_text_fill(w, 0, x, cols - x, a);
}

static void draw_row(struct w_table *t, WINDOW *w, int y, int cols, int64_t row)
{
    const struct w_table_source *s = &t->src;
    int is_sel = row == t->sel;
    enum w_role sel_role = t->focused ? W_ROLE_SELECTED : W_ROLE_SELECTED_DIM;
    attr_t base = w_attr(W_ROLE_NORMAL);
    if (is_sel) {
        base = w_attr(t->cell_cursor ? W_ROLE_SELECTED_DIM : sel_role);
    } else if (s->row_mark) {
        int r = s->row_mark(s->ctx, row);
        if (r > 0) base = w_attr((enum w_role)r);
    }
    attr_t sep = is_sel ? base : w_attr(W_ROLE_BORDER);

    int x = 0;
    for (int c = 0; c < t->ncols && t->width[c] > 0; c++) {
        if (c > 0) separator(w, y, x++, sep);
        attr_t a = base;
        if (is_sel && t->cell_cursor && c == t->sel_col) {
            a = w_attr(sel_role);
        } else if (!is_sel && s->cell_role) {
            int r = s->cell_role(s->ctx, row, c);
            if (r > 0) a = w_attr((enum w_role)r);
        }
        const char *text = s->cell ? s->cell(s->ctx, row, c) : NULL;
        w_text_put(w, y, x, t->width[c], text, a,
                   t->cols[c].align_right ? W_ALIGN_RIGHT : W_ALIGN_LEFT);
        x += t->width[c];
    }
    if (x < cols) w_text_fill(w, y, x, cols - x, base);
}

void w_table_draw(struct w_table *t, WINDOW *w)
{
    int rows, cols;
    if (!w || !t) return;
    getmaxyx(w, rows, cols);
    if (rows < 1 || cols < 1) return;

    t->page = rows - 1;
    layout(t, cols);
    draw_header(t, w, cols);
    if (t->count == 0) {
        for (int y = 1; y < rows; y++) w_text_fill(w, y, 0, cols, w_attr(W_ROLE_NORMAL));
        if (rows > 1)
            w_text_put(w, 1, 0, cols, t->empty_text, w_attr(W_ROLE_DIM), W_ALIGN_CENTER);
        return;
    }

    scroll_to_sel(t); /* the height may have changed since the last move */
    int n = t->page > 0 ? visible_rows(t) : 0;
    for (int i = 0; i < t->page; i++) {
        if (i < n) draw_row(t, w, i + 1, cols, t->top + i);
        else w_text_fill(w, i + 1, 0, cols, w_attr(W_ROLE_NORMAL));
    }
}
