/* tests/unit/test_w_detail.c — the detail pane. */
#include "wtest.h"
#include "widgets/detail.h"

static char line[4096];

static const struct w_detail_field fields[] = {
    { "Name", "Acme Relief" },
    { "Kind", "local_ngo" },
    { "Notes", "First line of notes that is quite long and will wrap around.\r\n"
               "Second \x1b[2J line" },
    { "Phone", NULL },
    { "Last contact", "2024-05-01" },
    { "Trust", "4" },
};
#define NFIELDS ((int)(sizeof fields / sizeof fields[0]))

static void labels_are_right_aligned_and_values_share_one_column(void **state)
{
    (void)state;
    WINDOW *w = newwin(10, 50, 0, 0);
    struct w_detail d;
    w_detail_set(&d, fields, NFIELDS);
    w_detail_draw(&d, w);
    assert_string_equal(wt_text(w, 0, line, sizeof line), "        Name  Acme Relief");
    assert_string_equal(wt_text(w, 6, line, sizeof line), "Last contact  2024-05-01");
    /* Labels end in one column, values start in one column. */
    for (int y = 0; y < 8; y++) {
        assert_int_equal(wt_char(w, y, 12), L' ');
        assert_int_equal(wt_char(w, y, 13), L' ');
    }
    assert_int_equal(wt_attr(w, 0, 8), w_attr(W_ROLE_DIM));
    assert_int_equal(wt_attr(w, 0, 14), w_attr(W_ROLE_NORMAL));
    delwin(w);
}

static void values_wrap_and_keep_their_line_breaks_with_controls_escaped(void **state)
{
    (void)state;
    WINDOW *w = newwin(10, 50, 0, 0);
    struct w_detail d;
    w_detail_set(&d, fields, NFIELDS);
    w_detail_draw(&d, w);
    assert_string_equal(wt_text(w, 2, line, sizeof line), "       Notes  First line of notes that is quite");
    assert_string_equal(wt_text(w, 3, line, sizeof line), "              long and will wrap around.");
    /* CRLF is a line break, not "^M"; the ESC inside the line is escaped. */
    assert_string_equal(wt_text(w, 4, line, sizeof line), "              Second ^[[2J line");
    assert_string_equal(wt_text(w, 5, line, sizeof line), "       Phone");
    delwin(w);
}

static void long_labels_take_at_most_a_third_of_the_width(void **state)
{
    (void)state;
    static const struct w_detail_field f[] = { { "A very long label indeed for a field", "v" } };
    WINDOW *w = newwin(3, 30, 0, 0);
    struct w_detail d;
    w_detail_set(&d, f, 1);
    w_detail_draw(&d, w);
    assert_string_equal(wt_text(w, 0, line, sizeof line), "A very lo…  v");
    delwin(w);
}

static void pane_scrolls_and_shows_where_there_is_more(void **state)
{
    (void)state;
    WINDOW *w = newwin(4, 50, 0, 0);
    struct w_detail d;
    w_detail_set(&d, fields, NFIELDS);
    w_detail_draw(&d, w); /* 8 lines in 4 rows */
    assert_int_equal(wt_char(w, 0, 49), L' ');
    assert_int_equal(wt_char(w, 3, 49), L'▼');
    assert_int_equal(w_detail_scroll(&d, W_MOVE_DOWN), 1);
    w_detail_draw(&d, w);
    assert_int_equal(wt_char(w, 0, 49), L'▲');
    assert_true(wt_find(w, 0, "Kind") >= 0);
    assert_int_equal(w_detail_scroll(&d, W_MOVE_END), 1);
    w_detail_draw(&d, w);
    assert_true(wt_find(w, 3, "Trust  4") >= 0);
    assert_int_equal(wt_char(w, 3, 49), L' ');
    assert_int_equal(w_detail_scroll(&d, W_MOVE_DOWN), 0);
    assert_int_equal(w_detail_key(&d, 'g', 0), W_HANDLED | W_REDRAW);
    assert_int_equal(w_detail_key(&d, KEY_UP, 1), W_HANDLED);
    assert_int_equal(w_detail_key(&d, 'x', 0), 0);
    w_detail_draw(&d, w);
    assert_true(wt_find(w, 0, "Name") >= 0);
    delwin(w);
}

static void shrinking_the_pane_never_leaves_it_scrolled_past_the_end(void **state)
{
    (void)state;
    WINDOW *small = newwin(3, 50, 0, 0), *big = newwin(20, 50, 0, 0);
    struct w_detail d;
    w_detail_set(&d, fields, NFIELDS);
    w_detail_draw(&d, small);
    w_detail_scroll(&d, W_MOVE_END);
    w_detail_draw(&d, big);
    assert_true(wt_find(big, 0, "Name") >= 0);
    assert_string_equal(wt_text(big, 8, line, sizeof line), "");
    delwin(small);
    delwin(big);
}

static void tiny_and_empty_panes_do_not_crash(void **state)
{
    (void)state;
    struct w_detail d;
    w_detail_set(&d, fields, NFIELDS);
    for (int rows = 1; rows <= 3; rows++)
        for (int cols = 1; cols <= 8; cols++) {
            WINDOW *w = newwin(rows, cols, 0, 0);
            w_detail_draw(&d, w);
            w_detail_scroll(&d, W_MOVE_PAGE_DOWN);
            delwin(w);
        }
    w_detail_set(&d, NULL, 0);
    w_detail_draw(&d, stdscr);
    assert_int_equal(w_detail_scroll(&d, W_MOVE_END), 0);
}

static void ascii_mode_marks_scrolling_with_caret_and_v(void **state)
{
    (void)state;
    WINDOW *w = newwin(4, 50, 0, 0);
    struct w_detail d;
    w_detail_set(&d, fields, NFIELDS);
    w_detail_scroll(&d, W_MOVE_DOWN);
    w_detail_draw(&d, w); /* the first draw learns the size; scroll again */
    w_detail_scroll(&d, W_MOVE_DOWN);
    w_detail_draw(&d, w);
    assert_int_equal(wt_char(w, 0, 49), L'^');
    assert_int_equal(wt_char(w, 3, 49), L'v');
    delwin(w);
}

#define UTF8(t) cmocka_unit_test_setup_teardown(t, wt_setup_utf8, wt_teardown)
#define VT100(t) cmocka_unit_test_setup_teardown(t, wt_setup_vt100, wt_teardown)

int main(void)
{
    const struct CMUnitTest tests[] = {
        UTF8(labels_are_right_aligned_and_values_share_one_column),
        UTF8(values_wrap_and_keep_their_line_breaks_with_controls_escaped),
        UTF8(long_labels_take_at_most_a_third_of_the_width),
        UTF8(pane_scrolls_and_shows_where_there_is_more),
        UTF8(shrinking_the_pane_never_leaves_it_scrolled_past_the_end),
        UTF8(tiny_and_empty_panes_do_not_crash),
        VT100(ascii_mode_marks_scrolling_with_caret_and_v),
    };
    return cmocka_run_group_tests_name("widgets/detail", tests, NULL, NULL);
}
