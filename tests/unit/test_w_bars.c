/* tests/unit/test_w_bars.c — top bar, tabs and status bar. */
#include "wtest.h"
#include "widgets/level.h"
#include "widgets/statusbar.h"
#include "widgets/tabs.h"
#include "widgets/topbar.h"

static const char *const tabs[] = { "Risk", "Partners", "Inventory", "Activities", "Alerts", "Audit" };
static char line[4096];

/* Clock and counts without the digits 1-6, so those digits can only come
 * from the tabs. */
static struct w_topbar bar(int active)
{
    struct w_topbar tb = { "vigil", "ops.db", tabs, 6, active, 7, 8, "09:00" };
    return tb;
}

static int has_all_tab_numbers(const char *s)
{
    for (char d = '1'; d <= '6'; d++) {
        char pat[4] = { ' ', d, 0, 0 };
        const char *p = strstr(s, pat);
        if (!p || (p[2] != ' ' && p[2] != '\0')) return 0;
    }
    return 1;
}

static void topbar_at_80_columns_shows_every_tab_number_counts_and_clock(void **state)
{
    (void)state;
    mvwaddstr(stdscr, 1, 0, "untouched");
    for (int active = 0; active < 6; active++) {
        struct w_topbar tb = bar(active);
        w_topbar_draw(stdscr, 0, &tb);
        wt_line(stdscr, 0, line, sizeof line);
        assert_int_equal(core_text_width(line), 80);
        assert_true(has_all_tab_numbers(line));
        assert_non_null(strstr(line, tabs[active])); /* the active label in full */
        assert_int_equal(wt_find(stdscr, 0, "09:00"), 74);
        assert_true(wt_find(stdscr, 0, "■R7 ▲A8") > 0);
        assert_int_equal(wt_find(stdscr, 0, "vigil"), 1);
        assert_true(wt_find(stdscr, 0, "ops.db") > 0);
    }
    assert_string_equal(wt_text(stdscr, 1, line, sizeof line), "untouched");
}

static void topbar_never_wraps_or_overflows_at_any_width(void **state)
{
    (void)state;
    assert_int_equal(resizeterm(24, 200), OK);
    struct w_topbar tb = bar(3);
    tb.db = "/srv/vigil/operations-centre-live-2024.db";
    for (int cols = 1; cols <= 200; cols++) {
        WINDOW *w = newwin(2, cols, 0, 0);
        assert_non_null(w);
        w_topbar_draw(w, 0, &tb);
        wt_line(w, 0, line, sizeof line);
        assert_int_equal(core_text_width(line), cols);
        assert_int_equal(wt_char(w, 1, 0), L' '); /* nothing spilled onto line 2 */
        if (cols >= 37) {
            assert_true(has_all_tab_numbers(line));
            assert_non_null(strstr(line, "09:00"));
            assert_non_null(strstr(line, "R7"));
            assert_non_null(strstr(line, "A8"));
        }
        if (cols >= 130) assert_non_null(strstr(line, "3 Inventory  4 Activities  5 Alerts"));
        /* The clock is never cut: whole or absent. */
        assert_null(strstr(line, "09…"));
        delwin(w);
    }
}

static void topbar_shortens_tabs_before_dropping_the_database_name(void **state)
{
    (void)state;
    struct w_topbar tb = bar(0);
    w_topbar_draw(stdscr, 0, &tb);
    wt_line(stdscr, 0, line, sizeof line);
    assert_non_null(strstr(line, "ops.db"));
    assert_non_null(strstr(line, "1 Risk  2 Par  3 Inv  4 Act  5 Ale  6 Aud"));
}

static void topbar_alert_counts_use_level_roles_only_when_nonzero(void **state)
{
    (void)state;
    struct w_topbar tb = bar(0);
    tb.amber = 0;
    w_topbar_draw(stdscr, 0, &tb);
    int r = wt_find(stdscr, 0, "■R7"), a = wt_find(stdscr, 0, "▲A0");
    assert_true(r > 0 && a > r);
    assert_int_equal(wt_attr(stdscr, 0, r), w_attr(W_ROLE_LEVEL_RED));
    assert_int_equal(wt_attr(stdscr, 0, a), w_attr(W_ROLE_TITLE));
    tb.red = tb.amber = -1;
    w_topbar_draw(stdscr, 0, &tb);
    assert_int_equal(wt_find(stdscr, 0, "R7"), -1);
}

static void topbar_monochrome_shows_letters_for_counts(void **state)
{
    (void)state;
    struct w_topbar tb = bar(1);
    w_topbar_draw(stdscr, 0, &tb);
    assert_true(wt_find(stdscr, 0, "R!7 A^8") > 0);
    assert_true(has_all_tab_numbers(wt_line(stdscr, 0, line, sizeof line)));
}

static void topbar_shows_a_hostile_database_name_escaped(void **state)
{
    (void)state;
    struct w_topbar tb = bar(0);
    tb.db = "\x1b]2;x\x07";
    w_topbar_draw(stdscr, 0, &tb);
    assert_true(wt_find(stdscr, 0, "^[]2;x^G") > 0);
}

static void tabs_highlight_the_active_tab_and_shrink_in_steps(void **state)
{
    (void)state;
    assert_int_equal(w_tabs_width(tabs, 6, 1, W_TABS_FULL), 66);
    assert_int_equal(w_tabs_width(tabs, 6, 1, W_TABS_SHORT), 47);
    assert_int_equal(w_tabs_width(tabs, 6, 1, W_TABS_NUMBERS), 27);
    assert_int_equal(w_tabs_width(tabs, 6, 1, W_TABS_NUMBERS_ONLY), 18);
    assert_int_equal(w_tabs_fit(tabs, 6, 1, 50), W_TABS_SHORT);
    assert_int_equal(w_tabs_fit(tabs, 6, 1, 5), W_TABS_NUMBERS_ONLY);
    assert_int_equal(w_tabs_draw(stdscr, 0, 0, 80, tabs, 6, 1, W_TABS_FULL), 66);
    int x = wt_find(stdscr, 0, "2 Partners");
    assert_int_equal(wt_attr(stdscr, 0, x), w_attr(W_ROLE_TAB_ACTIVE));
    assert_int_equal(wt_attr(stdscr, 0, 1), w_attr(W_ROLE_TAB));
    /* A tab that does not fit whole is left out. */
    assert_int_equal(w_tabs_draw(stdscr, 1, 0, 20, tabs, 6, 0, W_TABS_FULL), 20);
    assert_int_equal(w_tabs_draw(stdscr, 2, 0, 19, tabs, 6, 0, W_TABS_FULL), 8);
    assert_string_equal(wt_text(stdscr, 2, line, sizeof line), " 1 Risk");
}

static const struct w_hint hints[] = {
    { "?", "help" }, { "/", "filter" }, { "s", "sort" }, { "Enter", "open" },
    { "a", "add" }, { "q", "quit" },
};

static void statusbar_shows_whole_hints_in_priority_order(void **state)
{
    (void)state;
    struct w_statusbar sb = { hints, 6, NULL, 0, NULL };
    assert_int_equal(w_statusbar_draw(stdscr, 23, &sb), 6);
    assert_string_equal(wt_text(stdscr, 23, line, sizeof line),
                        " ? help  / filter  s sort  Enter open  a add  q quit");
    assert_int_equal(wt_attr(stdscr, 23, 1), w_attr(W_ROLE_HINT_KEY));
    assert_int_equal(wt_attr(stdscr, 23, 3), w_attr(W_ROLE_STATUS));

    WINDOW *w = newwin(1, 22, 0, 0);
    assert_int_equal(w_statusbar_draw(w, 0, &sb), 2); /* "s sort" would end at 25 */
    assert_string_equal(wt_text(w, 0, line, sizeof line), " ? help  / filter");
    delwin(w);
}

static void statusbar_message_replaces_hints_and_errors_stand_out(void **state)
{
    (void)state;
    struct w_statusbar sb = { hints, 6, "Saved \x1b[1mAcme", 0, NULL };
    assert_int_equal(w_statusbar_draw(stdscr, 23, &sb), 0);
    assert_string_equal(wt_text(stdscr, 23, line, sizeof line), " Saved ^[[1mAcme");
    assert_int_equal(wt_attr(stdscr, 23, 1), w_attr(W_ROLE_MESSAGE));
    sb.error = 1;
    sb.message = "database is busy";
    w_statusbar_draw(stdscr, 23, &sb);
    assert_int_equal(wt_attr(stdscr, 23, 1), w_attr(W_ROLE_ERROR));
    assert_int_equal(wt_find(stdscr, 23, "help"), -1);
}

static void statusbar_right_note_sits_at_the_right_end(void **state)
{
    (void)state;
    struct w_statusbar sb = { hints, 6, NULL, 0, "12 of 340" };
    w_statusbar_draw(stdscr, 23, &sb);
    assert_int_equal(wt_find(stdscr, 23, "12 of 340"), 80 - 1 - 9);
    assert_true(wt_find(stdscr, 23, "q quit") > 0); /* 51 + 2 + 9 fits in 80 */
    WINDOW *w = newwin(1, 15, 0, 0); /* too narrow: the note gives way */
    w_statusbar_draw(w, 0, &sb);
    assert_int_equal(wt_find(w, 0, "12 of"), -1);
    assert_int_equal(wt_find(w, 0, "? help"), 1);
    delwin(w);
}

#define UTF8(t) cmocka_unit_test_setup_teardown(t, wt_setup_utf8, wt_teardown)
#define VT100(t) cmocka_unit_test_setup_teardown(t, wt_setup_vt100, wt_teardown)

int main(void)
{
    const struct CMUnitTest tests[] = {
        UTF8(topbar_at_80_columns_shows_every_tab_number_counts_and_clock),
        UTF8(topbar_never_wraps_or_overflows_at_any_width),
        UTF8(topbar_shortens_tabs_before_dropping_the_database_name),
        UTF8(topbar_alert_counts_use_level_roles_only_when_nonzero),
        VT100(topbar_monochrome_shows_letters_for_counts),
        UTF8(topbar_shows_a_hostile_database_name_escaped),
        UTF8(tabs_highlight_the_active_tab_and_shrink_in_steps),
        UTF8(statusbar_shows_whole_hints_in_priority_order),
        UTF8(statusbar_message_replaces_hints_and_errors_stand_out),
        UTF8(statusbar_right_note_sits_at_the_right_end),
    };
    return cmocka_run_group_tests_name("widgets/bars", tests, NULL, NULL);
}
