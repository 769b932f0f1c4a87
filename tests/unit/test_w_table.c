/* tests/unit/test_w_table.c — the paged table over a fake source. */
#include "wtest.h"
#include "widgets/table.h"
#include "widgets/text.h"

#define OFF INT64_C(1000000000) /* record ids, far from indexes */

/* A source of `count` virtual rows. Row r holds record r - shift (rows
 * inserted above raise shift), skipping the deleted record. It counts
 * every call and every read outside the page announced by prepare(). */
struct fake {
    int64_t count, shift, deleted; /* deleted: record id, or -1 */
    int64_t pf;
    int pn;
    int prepares, counts, cells, outside, max_page;
    int mark_row;                   /* row drawn W_ROLE_MARKED, or -1 */
    const char *const *text;        /* column 0 of rows 0.., if set   */
    int ntext;
    char buf[64];
};

static int64_t f_count(void *ctx)
{
    struct fake *f = ctx;
    f->counts++;
    return f->count;
}

static void f_prepare(void *ctx, int64_t first, int n)
{
    struct fake *f = ctx;
    assert_true(first >= 0 && n > 0 && first + n <= f->count);
    f->prepares++;
    f->pf = first;
    f->pn = n;
    if (n > f->max_page) f->max_page = n;
}

static void check_row(struct fake *f, int64_t row)
{
    if (row < f->pf || row >= f->pf + f->pn) f->outside++;
}

static int64_t f_row_id(void *ctx, int64_t row)
{
    struct fake *f = ctx;
    check_row(f, row);
    int64_t id = row - f->shift + OFF;
    if (f->deleted >= 0 && id >= f->deleted) id++;
    return id;
}

static int64_t f_index_of(void *ctx, int64_t id)
{
    struct fake *f = ctx;
    if (id == f->deleted) return -1;
    int64_t r = id - OFF + f->shift;
    if (f->deleted >= 0 && id > f->deleted) r--;
    return r >= 0 && r < f->count ? r : -1;
}

static const char *f_cell(void *ctx, int64_t row, int col)
{
    struct fake *f = ctx;
    check_row(f, row);
    f->cells++;
    if (col == 0 && f->text && row < f->ntext) return f->text[row];
    snprintf(f->buf, sizeof f->buf, col == 0 ? "rec %lld" : "%lld", (long long)(f_row_id(f, row) - OFF));
    return f->buf;
}

static int f_mark(void *ctx, int64_t row)
{
    struct fake *f = ctx;
    check_row(f, row);
    return row == f->mark_row ? W_ROLE_MARKED : 0;
}

static const struct w_table_column two_cols[] = {
    { "Name", 10, 30, 2, 0 },
    { "Qty", 6, 8, 1, 1 },
};

static void setup_table(struct w_table *t, struct fake *f, int64_t count,
                        const struct w_table_column *cols, int ncols)
{
    memset(f, 0, sizeof *f);
    f->count = count;
    f->deleted = -1;
    f->mark_row = -1;
    struct w_table_source src = {
        .ctx = f, .count = f_count, .prepare = f_prepare, .cell = f_cell,
        .row_id = f_row_id, .row_mark = f_mark, .index_of = f_index_of,
    };
    w_table_init(t, cols, ncols, &src);
}

/* Screen line (1-based after the header) of the highlighted row, or -1. */
static int selected_line(WINDOW *w)
{
    for (int y = 1; y < getmaxy(w); y++)
        if (wt_attr(w, y, 0) == w_attr(W_ROLE_SELECTED)) return y;
    return -1;
}

static char line[4096];

static void reads_only_the_visible_page_of_a_million_rows(void **state)
{
    (void)state;
    struct w_table t;
    struct fake f;
    setup_table(&t, &f, 1000000, two_cols, 2);
    assert_int_equal(f.counts, 0); /* init asks nothing */
    w_table_refresh(&t);
    w_table_draw(&t, stdscr);
    assert_int_equal(f.counts, 1);
    assert_int_equal(f.outside, 0);
    assert_int_equal(f.max_page, 23);
    assert_int_equal(f.cells, 23 * 2);
    assert_non_null(strstr(wt_text(stdscr, 1, line, sizeof line), "rec 0"));
    assert_non_null(strstr(wt_text(stdscr, 23, line, sizeof line), "rec 22"));

    f.cells = 0;
    assert_int_equal(w_table_move(&t, W_MOVE_END), 1);
    w_table_draw(&t, stdscr);
    assert_int_equal(f.outside, 0);
    assert_int_equal(f.cells, 23 * 2);
    assert_true(f.pf == 1000000 - 23 && f.pn == 23);
    assert_non_null(strstr(wt_text(stdscr, 23, line, sizeof line), "rec 999999"));
    assert_int_equal(selected_line(stdscr), 23);
    assert_int_equal(f.counts, 1);
}

static void redraw_without_changes_does_not_refetch_the_page(void **state)
{
    (void)state;
    struct w_table t;
    struct fake f;
    setup_table(&t, &f, 1000, two_cols, 2);
    w_table_refresh(&t);
    w_table_draw(&t, stdscr);
    int p = f.prepares;
    w_table_draw(&t, stdscr);
    w_table_move(&t, W_MOVE_DOWN); /* still on the same page */
    w_table_draw(&t, stdscr);
    assert_int_equal(f.prepares, p);
    w_table_refresh(&t); /* data changed: the page must be fetched again */
    w_table_draw(&t, stdscr);
    assert_int_equal(f.prepares, p + 1);
}

static void selection_follows_its_record_when_rows_are_inserted_above(void **state)
{
    (void)state;
    struct w_table t;
    struct fake f;
    setup_table(&t, &f, 500, two_cols, 2);
    w_table_refresh(&t);
    w_table_draw(&t, stdscr);
    for (int i = 0; i < 30; i++) w_table_move(&t, W_MOVE_DOWN);
    w_table_draw(&t, stdscr);
    int64_t id = w_table_selected_id(&t);
    int y = selected_line(stdscr);
    char before[4096];
    wt_text(stdscr, y, before, sizeof before);

    f.shift = 3; /* another officer added three rows above */
    f.count += 3;
    assert_int_equal(w_table_refresh(&t), 0);
    w_table_draw(&t, stdscr);
    assert_int_equal(w_table_selected_id(&t), id);
    assert_int_equal(w_table_selected(&t), 33);
    /* Same record, same screen line: nothing jumps under the cursor. */
    assert_int_equal(selected_line(stdscr), y);
    assert_string_equal(wt_text(stdscr, y, line, sizeof line), before);
    assert_int_equal(f.outside, 0);
}

static void selection_keeps_its_index_when_its_record_is_deleted(void **state)
{
    (void)state;
    struct w_table t;
    struct fake f;
    setup_table(&t, &f, 100, two_cols, 2);
    w_table_refresh(&t);
    w_table_draw(&t, stdscr);
    for (int i = 0; i < 5; i++) w_table_move(&t, W_MOVE_DOWN);
    int64_t id = w_table_selected_id(&t);
    f.deleted = id;
    f.count--;
    assert_int_equal(w_table_refresh(&t), 1);
    assert_int_equal(w_table_selected(&t), 5);
    assert_int_equal(w_table_selected_id(&t), id + 1);

    f.count = 3; /* most rows gone: the index is clamped */
    f.deleted = -1;
    w_table_refresh(&t);
    assert_int_equal(w_table_selected(&t), 2);
    f.count = 0;
    assert_int_equal(w_table_refresh(&t), 1);
    assert_int_equal(w_table_selected(&t), -1);
    assert_int_equal(w_table_selected_id(&t), -1);
}

static void page_moves_turn_a_screenful_and_home_end_reach_the_ends(void **state)
{
    (void)state;
    struct w_table t;
    struct fake f;
    setup_table(&t, &f, 1000, two_cols, 2);
    w_table_refresh(&t);
    w_table_draw(&t, stdscr);
    w_table_move(&t, W_MOVE_DOWN);
    assert_int_equal(w_table_move(&t, W_MOVE_PAGE_DOWN), 1);
    assert_int_equal(w_table_selected(&t), 24);
    w_table_draw(&t, stdscr);
    assert_int_equal(selected_line(stdscr), 2); /* same line, next page */
    assert_non_null(strstr(wt_text(stdscr, 1, line, sizeof line), "rec 23"));
    assert_int_equal(w_table_move(&t, W_MOVE_PAGE_UP), 1);
    assert_int_equal(w_table_selected(&t), 1);
    assert_int_equal(w_table_move(&t, W_MOVE_END), 1);
    assert_int_equal(w_table_selected(&t), 999);
    assert_int_equal(w_table_move(&t, W_MOVE_HOME), 1);
    assert_int_equal(w_table_selected(&t), 0);
    assert_int_equal(f.outside, 0);
}

static void moves_report_no_change_at_the_edges_and_on_empty_tables(void **state)
{
    (void)state;
    struct w_table t;
    struct fake f;
    setup_table(&t, &f, 3, two_cols, 2);
    w_table_refresh(&t);
    assert_int_equal(w_table_move(&t, W_MOVE_UP), 0);
    assert_int_equal(w_table_move(&t, W_MOVE_PAGE_UP), 0);
    assert_int_equal(w_table_move(&t, W_MOVE_HOME), 0);
    assert_int_equal(w_table_move(&t, W_MOVE_END), 1);
    assert_int_equal(w_table_move(&t, W_MOVE_DOWN), 0);
    assert_int_equal(w_table_move(&t, W_MOVE_PAGE_DOWN), 0);
    f.count = 0;
    w_table_refresh(&t);
    for (int m = W_MOVE_UP; m <= W_MOVE_END; m++) assert_int_equal(w_table_move(&t, (enum w_move)m), 0);
}

static void cjk_is_truncated_whole_and_separators_stay_in_one_column(void **state)
{
    (void)state;
    static const struct w_table_column cols[] = {
        { "Name", 7, 7, 0, 0 },
        { "Qty", 5, 5, 0, 1 },
        { "Note", 10, 0, 1, 0 },
    };
    static const char *const names[] = {
        "漢字漢字漢字", "abcdefghij", "a漢字b", "e\xCC\x81" "e\xCC\x81" "e\xCC\x81" "e\xCC\x81" "e\xCC\x81" "e\xCC\x81" "e\xCC\x81" "e\xCC\x81",
        "\x1b[2J\xE2\x80\xAE" "evil", "漢漢漢漢", "short", "\xF0\x9F\x98\x80\xF0\x9F\x98\x80\xF0\x9F\x98\x80\xF0\x9F\x98\x80",
    };
    struct w_table t;
    struct fake f;
    setup_table(&t, &f, 8, cols, 3);
    f.text = names;
    f.ntext = 8;
    w_table_refresh(&t);
    w_table_draw(&t, stdscr);
    for (int y = 0; y <= 8; y++) {
        /* Read cell characters: the separators sit at columns 7 and 13. */
        assert_int_equal(wt_char(stdscr, y, 7), L'│');
        assert_int_equal(wt_char(stdscr, y, 13), L'│');
        wt_line(stdscr, y, line, sizeof line);
        assert_int_equal(core_text_width(line), 80);
    }
    assert_string_equal(wt_text(stdscr, 1, line, sizeof line) + 0, "漢字漢…│    0│0");
    assert_int_equal(wt_find(stdscr, 3, "a漢字b"), 0);
    assert_int_equal(wt_find(stdscr, 5, "^[[2J<…"), 0);
    assert_int_equal(wt_find(stdscr, 6, "漢漢漢…"), 0);
}

static void hostile_cell_text_is_shown_escaped(void **state)
{
    (void)state;
    static const struct w_table_column cols[] = { { "Note", 30, 0, 1, 0 } };
    static const char *const notes[] = { "ok\x1b]0;pwned\x07\xE2\x80\xAEgnp.exe\xC2\x85" };
    struct w_table t;
    struct fake f;
    setup_table(&t, &f, 1, cols, 1);
    f.text = notes;
    f.ntext = 1;
    w_table_refresh(&t);
    w_table_draw(&t, stdscr);
    assert_string_equal(wt_text(stdscr, 1, line, sizeof line), "ok^[]0;pwned^G<U+202E>gnp.exe<U+0085>");
}

static void empty_table_shows_the_empty_text(void **state)
{
    (void)state;
    struct w_table t;
    struct fake f;
    setup_table(&t, &f, 0, two_cols, 2);
    w_table_refresh(&t);
    w_table_draw(&t, stdscr);
    assert_true(wt_find(stdscr, 1, "no rows") > 0);
    assert_int_equal(f.cells, 0);
    assert_int_equal(f.prepares, 0);
    t.empty_text = "no rows match filter";
    w_table_draw(&t, stdscr);
    assert_true(wt_find(stdscr, 1, "no rows match filter") > 0);
    w_table_position(&t, line, sizeof line);
    assert_string_equal(line, "0 of 0");
    assert_int_equal(w_table_selected_id(&t), -1);
}

static void sort_column_header_carries_the_direction_arrow(void **state)
{
    (void)state;
    struct w_table t;
    struct fake f;
    setup_table(&t, &f, 5, two_cols, 2);
    w_table_refresh(&t);
    w_table_set_sort(&t, 0, 0);
    w_table_draw(&t, stdscr);
    const char *up = w_unicode() ? "Name▲" : "Name^";
    const char *down = w_unicode() ? "▼Qty" : "vQty";
    assert_int_equal(wt_find(stdscr, 0, up), 0);
    w_table_set_sort(&t, 1, 1);
    w_table_draw(&t, stdscr);
    assert_int_equal(wt_find(stdscr, 0, "Name "), 0);
    assert_true(wt_find(stdscr, 0, down) > 0);
    /* The right-aligned title still ends at its column's right edge. */
    assert_int_equal(wt_find(stdscr, 0, down) + 4, w_table_col_x(&t, 1) + t.width[1]);
}

static void selected_row_is_highlighted_across_the_full_width(void **state)
{
    (void)state;
    struct w_table t;
    struct fake f;
    setup_table(&t, &f, 5, two_cols, 2);
    w_table_refresh(&t);
    w_table_move(&t, W_MOVE_DOWN);
    w_table_draw(&t, stdscr);
    for (int x = 0; x < 80; x++) assert_int_equal(wt_attr(stdscr, 2, x), w_attr(W_ROLE_SELECTED));
    assert_int_not_equal(wt_attr(stdscr, 1, 0), w_attr(W_ROLE_SELECTED));
    t.focused = 0;
    w_table_draw(&t, stdscr);
    assert_int_equal(wt_attr(stdscr, 2, 79), w_attr(W_ROLE_SELECTED_DIM));
}

static void marked_rows_are_drawn_in_the_marked_role(void **state)
{
    (void)state;
    struct w_table t;
    struct fake f;
    setup_table(&t, &f, 5, two_cols, 2);
    f.mark_row = 3;
    w_table_refresh(&t);
    w_table_draw(&t, stdscr);
    assert_int_equal(wt_attr(stdscr, 4, 0), w_attr(W_ROLE_MARKED));
    assert_int_equal(wt_attr(stdscr, 3, 0), w_attr(W_ROLE_NORMAL));
}

static void columns_get_minimums_then_flex_share_and_the_rest_hide(void **state)
{
    (void)state;
    static const struct w_table_column wide[] = {
        { "A", 40, 0, 0, 0 }, { "B", 40, 0, 0, 0 }, { "C", 5, 0, 0, 0 },
    };
    struct w_table t;
    struct fake f;
    setup_table(&t, &f, 1, wide, 3);
    w_table_refresh(&t);
    w_table_draw(&t, stdscr);
    assert_int_equal(w_table_col_x(&t, 0), 0);
    assert_int_equal(w_table_col_x(&t, 1), -1); /* 40+1+40 > 80 */
    assert_int_equal(w_table_col_x(&t, 2), -1);

    setup_table(&t, &f, 1, two_cols, 2);
    w_table_refresh(&t);
    w_table_draw(&t, stdscr);
    /* 80 = 10 + 1 + 6 + 63 spare: Name grows to its max 30, Qty to 8. */
    assert_int_equal(t.width[0], 30);
    assert_int_equal(t.width[1], 8);
    assert_int_equal(w_table_col_x(&t, 1), 31);
}

static void shrinking_window_keeps_the_selection_visible(void **state)
{
    (void)state;
    struct w_table t;
    struct fake f;
    setup_table(&t, &f, 200, two_cols, 2);
    w_table_refresh(&t);
    w_table_draw(&t, stdscr);
    for (int i = 0; i < 20; i++) w_table_move(&t, W_MOVE_DOWN);
    WINDOW *small = newwin(6, 40, 0, 0);
    assert_non_null(small);
    w_table_draw(&t, small);
    int y = selected_line(small);
    assert_true(y >= 1 && y <= 5);
    assert_non_null(strstr(wt_text(small, y, line, sizeof line), "rec 20"));
    assert_int_equal(f.outside, 0);
    assert_true(f.max_page <= 23);
    delwin(small);
}

static void position_text_counts_from_one(void **state)
{
    (void)state;
    struct w_table t;
    struct fake f;
    setup_table(&t, &f, 1000000, two_cols, 2);
    w_table_refresh(&t);
    w_table_move(&t, W_MOVE_DOWN);
    w_table_position(&t, line, sizeof line);
    assert_string_equal(line, "2 of 1000000");
    assert_int_equal(w_table_count(&t), 1000000);
}

static void select_id_finds_a_record_by_its_id(void **state)
{
    (void)state;
    struct w_table t;
    struct fake f;
    setup_table(&t, &f, 1000, two_cols, 2);
    w_table_refresh(&t);
    w_table_draw(&t, stdscr);
    assert_int_equal(w_table_select_id(&t, OFF + 640), 1);
    assert_int_equal(w_table_selected(&t), 640);
    assert_int_equal(w_table_selected_id(&t), OFF + 640);
    assert_int_equal(w_table_select_id(&t, 5), 0);
    assert_int_equal(w_table_selected(&t), 640);
    w_table_draw(&t, stdscr);
    assert_int_equal(f.outside, 0);
}

static void cell_cursor_highlights_one_cell_of_the_selected_row(void **state)
{
    (void)state;
    struct w_table t;
    struct fake f;
    setup_table(&t, &f, 3, two_cols, 2);
    t.cell_cursor = 1;
    w_table_refresh(&t);
    assert_int_equal(w_table_move_col(&t, 1), 1);
    assert_int_equal(w_table_move_col(&t, 1), 0);
    assert_int_equal(w_table_selected_col(&t), 1);
    w_table_draw(&t, stdscr);
    int x = w_table_col_x(&t, 1);
    assert_int_equal(wt_attr(stdscr, 1, x), w_attr(W_ROLE_SELECTED));
    assert_int_equal(wt_attr(stdscr, 1, 0), w_attr(W_ROLE_SELECTED_DIM));
}

static void vt100_table_uses_acs_separators_and_reverse_video(void **state)
{
    (void)state;
    struct w_table t;
    struct fake f;
    setup_table(&t, &f, 3, two_cols, 2);
    w_table_refresh(&t);
    w_table_set_sort(&t, 0, 0);
    w_table_draw(&t, stdscr);
    int x = w_table_col_x(&t, 1) - 1;
    assert_true(wt_attr(stdscr, 2, x) & A_ALTCHARSET);
    assert_int_equal(wt_char(stdscr, 2, x), L'x');
    assert_true(wt_attr(stdscr, 1, 0) & A_REVERSE);
    assert_false(wt_attr(stdscr, 1, 0) & A_COLOR);
    assert_int_equal(wt_find(stdscr, 0, "Name^"), 0);
}

static const char *min_cell(void *ctx, int64_t row, int col)
{
    static char buf[32];
    (void)ctx;
    snprintf(buf, sizeof buf, "r%lld c%d", (long long)row, col);
    return buf;
}

static int64_t min_count(void *ctx)
{
    return *(int64_t *)ctx;
}

static void minimal_source_with_only_count_and_cell_works_by_index(void **state)
{
    (void)state;
    int64_t n = 40;
    struct w_table_source src = { .ctx = &n, .count = min_count, .cell = min_cell };
    struct w_table t;
    w_table_init(&t, two_cols, 2, &src);
    w_table_refresh(&t);
    w_table_move(&t, W_MOVE_PAGE_DOWN);
    w_table_draw(&t, stdscr);
    assert_int_equal(w_table_selected_id(&t), w_table_selected(&t));
    n = 45; /* no index_of: the selection stays at its index */
    int64_t before = w_table_selected(&t);
    w_table_refresh(&t);
    assert_int_equal(w_table_selected(&t), before);
    assert_int_equal(w_table_select_id(&t, 3), 0);
    assert_non_null(strstr(wt_text(stdscr, 1, line, sizeof line), "r"));
}

static void tiny_windows_do_not_crash(void **state)
{
    (void)state;
    struct w_table t;
    struct fake f;
    setup_table(&t, &f, 50, two_cols, 2);
    w_table_refresh(&t);
    for (int h = 1; h <= 3; h++)
        for (int w = 1; w <= 12; w++) {
            WINDOW *win = newwin(h, w, 0, 0);
            assert_non_null(win);
            w_table_draw(&t, win);
            w_table_move(&t, W_MOVE_PAGE_DOWN);
            delwin(win);
        }
    assert_int_equal(f.outside, 0);
}

#define UTF8(t) cmocka_unit_test_setup_teardown(t, wt_setup_utf8, wt_teardown)
#define VT100(t) cmocka_unit_test_setup_teardown(t, wt_setup_vt100, wt_teardown)

int main(void)
{
    const struct CMUnitTest tests[] = {
        UTF8(reads_only_the_visible_page_of_a_million_rows),
        UTF8(redraw_without_changes_does_not_refetch_the_page),
        UTF8(selection_follows_its_record_when_rows_are_inserted_above),
        UTF8(selection_keeps_its_index_when_its_record_is_deleted),
        UTF8(page_moves_turn_a_screenful_and_home_end_reach_the_ends),
        UTF8(moves_report_no_change_at_the_edges_and_on_empty_tables),
        UTF8(cjk_is_truncated_whole_and_separators_stay_in_one_column),
        UTF8(hostile_cell_text_is_shown_escaped),
        UTF8(empty_table_shows_the_empty_text),
        UTF8(sort_column_header_carries_the_direction_arrow),
        UTF8(selected_row_is_highlighted_across_the_full_width),
        UTF8(marked_rows_are_drawn_in_the_marked_role),
        UTF8(columns_get_minimums_then_flex_share_and_the_rest_hide),
        UTF8(shrinking_window_keeps_the_selection_visible),
        UTF8(position_text_counts_from_one),
        UTF8(select_id_finds_a_record_by_its_id),
        UTF8(cell_cursor_highlights_one_cell_of_the_selected_row),
        UTF8(minimal_source_with_only_count_and_cell_works_by_index),
        UTF8(tiny_windows_do_not_crash),
        VT100(vt100_table_uses_acs_separators_and_reverse_video),
        VT100(sort_column_header_carries_the_direction_arrow),
    };
    return cmocka_run_group_tests_name("widgets/table", tests, NULL, NULL);
}
