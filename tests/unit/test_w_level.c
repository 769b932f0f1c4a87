/* tests/unit/test_w_level.c — theme roles and level badges. */
#include "wtest.h"
#include "widgets/level.h"
#include "widgets/text.h"

static char line[4096];

static void monochrome_roles_carry_no_colour_and_selection_is_reverse(void **state)
{
    (void)state;
    assert_false(w_colour());
    for (int r = 0; r < W_ROLE_COUNT; r++) assert_int_equal(w_attr((enum w_role)r) & A_COLOR, 0);
    assert_true(w_attr(W_ROLE_SELECTED) & A_REVERSE);
    assert_int_not_equal(w_attr(W_ROLE_SELECTED), w_attr(W_ROLE_SELECTED_DIM));
    assert_int_not_equal(w_attr(W_ROLE_LEVEL_RED), w_attr(W_ROLE_LEVEL_AMBER));
    assert_int_not_equal(w_attr(W_ROLE_TAB), w_attr(W_ROLE_TAB_ACTIVE));
    assert_int_not_equal(w_attr(W_ROLE_ERROR), w_attr(W_ROLE_STATUS));
    assert_int_equal(w_attr((enum w_role)999), w_attr(W_ROLE_NORMAL));
}

static void colour_roles_use_pairs_on_the_default_background(void **state)
{
    (void)state;
    assert_true(w_colour());
    attr_t red = w_attr(W_ROLE_LEVEL_RED);
    assert_int_not_equal(PAIR_NUMBER(red), 0);
    short fg, bg;
    pair_content((short)PAIR_NUMBER(red), &fg, &bg);
    assert_int_equal(fg, COLOR_RED);
    assert_int_equal(bg, -1);
    assert_int_not_equal(PAIR_NUMBER(w_attr(W_ROLE_SELECTED)), 0);
}

static void colour_off_or_unavailable_gives_monochrome(void **state)
{
    (void)state;
    assert_int_equal(w_theme_init(0, 1), 0); /* NO_COLOR on a colour terminal */
    assert_false(w_colour());
    assert_int_equal(w_attr(W_ROLE_LEVEL_RED) & A_COLOR, 0);
    assert_int_equal(w_theme_init(1, 1), 1);
    assert_true(w_colour());
}

static void vt100_refuses_colour_and_falls_back(void **state)
{
    (void)state;
    assert_int_equal(w_theme_init(1, 0), 0); /* vt100 has no colours */
    assert_false(w_colour());
    assert_false(w_unicode());
}

static void every_badge_is_two_columns_with_its_letter_and_distinct(void **state)
{
    (void)state;
    static const char *const letters[] = { "-", "G", "A", "R" };
    for (int mode = 0; mode < 2; mode++) {
        w_theme_init(0, mode);
        for (int l = W_LEVEL_NONE; l <= W_LEVEL_RED; l++) {
            const char *b = w_level_badge((enum w_level)l);
            assert_int_equal(w_text_width(b), 2);
            assert_non_null(strstr(b, letters[l]));
            assert_string_equal(w_level_letter((enum w_level)l), letters[l]);
            for (int m = 0; m < l; m++) assert_string_not_equal(b, w_level_badge((enum w_level)m));
        }
    }
    assert_string_equal(w_level_name(W_LEVEL_AMBER), "amber");
    assert_string_equal(w_level_badge((enum w_level)42), w_level_badge(W_LEVEL_NONE));
    assert_int_equal(w_level_role(W_LEVEL_RED), W_ROLE_LEVEL_RED);
}

static void monochrome_vt100_badge_shows_its_letter_on_screen(void **state)
{
    (void)state;
    w_level_draw(stdscr, 0, 0, 2, W_LEVEL_RED);
    w_level_draw(stdscr, 1, 0, 2, W_LEVEL_AMBER);
    w_level_draw(stdscr, 2, 0, 2, W_LEVEL_GREEN);
    w_level_draw(stdscr, 3, 0, 2, W_LEVEL_NONE);
    assert_string_equal(wt_text(stdscr, 0, line, sizeof line), "R!");
    assert_string_equal(wt_text(stdscr, 1, line, sizeof line), "A^");
    assert_string_equal(wt_text(stdscr, 2, line, sizeof line), "G.");
    assert_string_equal(wt_text(stdscr, 3, line, sizeof line), "--");
    assert_true(wt_attr(stdscr, 0, 0) & A_REVERSE); /* red stands out without colour */
    assert_int_equal(wt_attr(stdscr, 0, 0) & A_COLOR, 0);
}

static void badge_draw_adapts_to_width(void **state)
{
    (void)state;
    assert_int_equal(w_level_draw(stdscr, 0, 0, 1, W_LEVEL_AMBER), 1);
    assert_string_equal(wt_text(stdscr, 0, line, sizeof line), "A");
    assert_int_equal(w_level_draw(stdscr, 1, 0, 3, W_LEVEL_AMBER), 2);
    assert_string_equal(wt_text(stdscr, 1, line, sizeof line), "▲A");
    assert_int_equal(w_level_draw(stdscr, 2, 0, 10, W_LEVEL_RED), 6);
    assert_string_equal(wt_text(stdscr, 2, line, sizeof line), "■R red");
    assert_int_equal(wt_attr(stdscr, 2, 0), w_attr(W_ROLE_LEVEL_RED));
    assert_int_equal(wt_attr(stdscr, 2, 9), w_attr(W_ROLE_NORMAL));
    assert_int_equal(w_level_draw(stdscr, 3, 79, 5, W_LEVEL_RED), 1); /* clipped at the edge */
    assert_int_equal(w_level_draw(stdscr, 30, 0, 2, W_LEVEL_RED), -1);
}

#define UTF8(t) cmocka_unit_test_setup_teardown(t, wt_setup_utf8, wt_teardown)
#define VT100(t) cmocka_unit_test_setup_teardown(t, wt_setup_vt100, wt_teardown)

int main(void)
{
    const struct CMUnitTest tests[] = {
        VT100(monochrome_roles_carry_no_colour_and_selection_is_reverse),
        UTF8(colour_roles_use_pairs_on_the_default_background),
        UTF8(colour_off_or_unavailable_gives_monochrome),
        VT100(vt100_refuses_colour_and_falls_back),
        UTF8(every_badge_is_two_columns_with_its_letter_and_distinct),
        VT100(monochrome_vt100_badge_shows_its_letter_on_screen),
        UTF8(badge_draw_adapts_to_width),
    };
    return cmocka_run_group_tests_name("widgets/theme+level", tests, NULL, NULL);
}
