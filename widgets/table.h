/* widgets/table.h — a scrollable table that only ever asks its data source
 * for the rows on screen, so the source may hold a million rows.
 *
 * Call order, which a source may rely on:
 *   - count() and index_of() are called only from w_table_refresh() and
 *     w_table_select_id();
 *   - before reading any row the table calls prepare(first, n) for the
 *     rows it is about to read (at most one screenful), then calls cell(),
 *     row_id(), row_mark() and cell_role() only for rows in
 *     [first, first + n). It calls prepare() again only when that range
 *     changes or after w_table_refresh(), so a source fetches one page per
 *     call (one LIMIT/OFFSET query) and serves the rest from it.
 * When the underlying data changes (new data_version, filter, sort), call
 * w_table_refresh(): the selection stays on the same record (by row_id), or
 * at the same index if that record is gone. */
#ifndef VIGIL_WIDGETS_TABLE_H
#define VIGIL_WIDGETS_TABLE_H

#include <stddef.h>
#include <stdint.h>
#include <curses.h>
#include "widgets/widget.h"

#define W_TABLE_MAX_COLS 32

struct w_table_column {
    const char *title;  /* header text (raw)                               */
    int min_width;      /* never narrower; columns whose minimum does not
                           fit are hidden, rightmost first                 */
    int max_width;      /* 0: no limit                                     */
    int flex;           /* share of the spare width; 0 keeps min_width     */
    int align_right;    /* numbers                                         */
};

struct w_table_source {
    void *ctx;
    int64_t (*count)(void *ctx);
    /* Optional: rows [first, first+n) are about to be read. */
    void (*prepare)(void *ctx, int64_t first, int n);
    /* Raw text of a cell (sanitised when drawn); NULL shows as empty. The
     * pointer need only stay valid until the next call into the source. */
    const char *(*cell)(void *ctx, int64_t row, int col);
    /* Stable record id of a row (optional: the index is used). */
    int64_t (*row_id)(void *ctx, int64_t row);
    /* Optional: 0, or an enum w_role for the whole row (e.g.
     * W_ROLE_MARKED for stock below minimum). Emphasis only: the row's
     * cells must also say why, for users without colour. */
    int (*row_mark)(void *ctx, int64_t row);
    /* Optional: 0, or an enum w_role for one cell (a level column). */
    int (*cell_role)(void *ctx, int64_t row, int col);
    /* Optional: current index of record id, or -1 if it is gone. */
    int64_t (*index_of)(void *ctx, int64_t id);
};

struct w_table {
    const struct w_table_column *cols;
    int ncols;
    struct w_table_source src;
    /* The caller may set these three directly. */
    const char *empty_text; /* shown when there are no rows ("no rows")    */
    int focused;            /* 0 draws the selection in W_ROLE_SELECTED_DIM */
    int cell_cursor;        /* 1 highlights the selected cell (a matrix)   */
    /* Private: read through the functions below. */
    int sort_col, sort_desc, sel_col, page;
    int64_t count, sel, sel_id, top, prep_first;
    int prep_n;
    int width[W_TABLE_MAX_COLS];
};

/* Set t up over ncols columns (at most W_TABLE_MAX_COLS are used) and a
 * source; both arrays are the caller's and must outlive t. The table is
 * empty until the first w_table_refresh(); nothing is asked of the source
 * here. */
void w_table_init(struct w_table *t, const struct w_table_column *cols, int ncols,
                  const struct w_table_source *src);

/* Re-read the row count and find the selected record again (index_of),
 * keeping it on the same screen line where possible; if it is gone, keep
 * the selection index, clamped. Returns 1 if the selected record changed
 * (the caller may need to update a detail pane), else 0. */
int w_table_refresh(struct w_table *t);

/* Move the selection; scrolling keeps it visible. Page moves use the body
 * height of the last draw. Returns 1 if the selection changed, else 0. */
int w_table_move(struct w_table *t, enum w_move m);

/* Move the selected column by delta, clamped (for cell_cursor tables).
 * Returns 1 if it changed. */
int w_table_move_col(struct w_table *t, int delta);

/* Select row index (clamped). Returns 1 if the selection changed. */
int w_table_select_index(struct w_table *t, int64_t index);

/* Select the record with this id (needs index_of). Returns 1 if found,
 * 0 if not (the selection is then unchanged). */
int w_table_select_id(struct w_table *t, int64_t id);

/* Selected row index, or -1 when the table is empty. */
int64_t w_table_selected(const struct w_table *t);

/* Selected record id, or -1 when the table is empty. */
int64_t w_table_selected_id(const struct w_table *t);

/* Selected column (cell_cursor tables). */
int w_table_selected_col(const struct w_table *t);

/* Rows as of the last refresh. */
int64_t w_table_count(const struct w_table *t);

/* Show the sort indicator (▲ ascending, ▼ descending; ^ v in ASCII) on
 * column col, or on none for col < 0. The source does the sorting; call
 * w_table_refresh() after it has. */
void w_table_set_sort(struct w_table *t, int col, int descending);

/* Write "12 of 340" (or "0 of 0") into buf for the status bar. Returns
 * the length snprintf reports. */
int w_table_position(const struct w_table *t, char *buf, size_t size);

/* Draw into the whole of w: the header on line 0, rows below, the
 * selected row highlighted across the full width, empty_text when there
 * are no rows. Columns are separated by one "│" and sized from the
 * window's width: each gets its minimum, then spare columns go by flex
 * weight up to each maximum. Reads only the visible rows. */
void w_table_draw(struct w_table *t, WINDOW *w);

/* Screen column where column col starts at the last draw, or -1 if it is
 * hidden. */
int w_table_col_x(const struct w_table *t, int col);

#endif
