/* tests/unit/test_w_sparkline.c — sparklines. */
#include <math.h>

#include "wtest.h"
#include "widgets/sparkline.h"

static char line[4096];

static void min_maps_to_lowest_block_and_max_to_highest(void **state)
{
    (void)state;
    const double v[] = { 3, 10, 17, 24, 31, 38, 45, 52 };
    assert_int_equal(w_sparkline_draw(stdscr, 0, 0, 8, v, NULL, 8, NULL), 8);
    assert_string_equal(wt_text(stdscr, 0, line, sizeof line), "▁▂▃▄▅▆▇█");
    const double w[] = { 5, -2, 100 };
    w_sparkline_draw(stdscr, 1, 0, 3, w, NULL, 3, NULL);
    assert_int_equal(wt_char(stdscr, 1, 1), L'▁');
    assert_int_equal(wt_char(stdscr, 1, 2), L'█');
}

static void step_scale_is_clamped_and_flat_series_sit_low(void **state)
{
    (void)state;
    assert_int_equal(w_sparkline_step(0, 0, 8), 0);
    assert_int_equal(w_sparkline_step(8, 0, 8), 7);
    assert_int_equal(w_sparkline_step(4, 0, 8), 4);
    assert_int_equal(w_sparkline_step(-5, 0, 8), 0);
    assert_int_equal(w_sparkline_step(99, 0, 8), 7);
    assert_int_equal(w_sparkline_step(3, 3, 3), 0);
    assert_int_equal(w_sparkline_step(NAN, 0, 8), 0);
    const double flat[] = { 7, 7, 7 };
    w_sparkline_draw(stdscr, 0, 0, 3, flat, NULL, 3, NULL);
    assert_string_equal(wt_text(stdscr, 0, line, sizeof line), "▁▁▁");
}

static void absent_periods_show_a_dim_dot(void **state)
{
    (void)state;
    const double v[] = { 1, 0, 8, NAN };
    const unsigned char present[] = { 1, 0, 1, 1 };
    w_sparkline_draw(stdscr, 0, 0, 4, v, present, 4, NULL);
    assert_string_equal(wt_text(stdscr, 0, line, sizeof line), "▁·█·");
    assert_int_equal(wt_attr(stdscr, 0, 1), w_attr(W_ROLE_DIM));
}

static void only_the_newest_periods_show_when_narrower(void **state)
{
    (void)state;
    double v[30];
    for (int i = 0; i < 30; i++) v[i] = i;
    assert_int_equal(w_sparkline_draw(stdscr, 0, 0, 5, v, NULL, 30, NULL), 5);
    assert_string_equal(wt_text(stdscr, 0, line, sizeof line), "▁▃▅▇█"); /* 25..29 rescaled: steps 0 2 4 6 7 */
    /* Wider than the data: the rest is blank, nothing beyond width. */
    mvwaddstr(stdscr, 1, 0, "..........|");
    assert_int_equal(w_sparkline_draw(stdscr, 1, 0, 10, v, NULL, 3, NULL), 3);
    assert_string_equal(wt_text(stdscr, 1, line, sizeof line), "▁▅█       |");
}

static void ascii_mode_uses_a_character_ramp(void **state)
{
    (void)state;
    const double v[] = { 0, 1, 2, 3, 4, 5, 6, 7, 0 };
    const unsigned char present[] = { 1, 1, 1, 1, 1, 1, 1, 1, 0 };
    w_sparkline_draw(stdscr, 0, 0, 9, v, present, 9, NULL);
    assert_string_equal(wt_line(stdscr, 0, line, sizeof line), "_.-~=+*# " "                                                                       ");
}

static void threshold_roles_follow_the_indicator_direction(void **state)
{
    (void)state;
    const double v[] = { 1, 5, 9, 3 };
    const unsigned char present[] = { 1, 1, 1, 0 };
    enum w_role r[4];
    w_sparkline_roles(v, present, 4, 5, 9, 1, r);
    assert_int_equal(r[0], W_ROLE_NORMAL);
    assert_int_equal(r[1], W_ROLE_LEVEL_AMBER);
    assert_int_equal(r[2], W_ROLE_LEVEL_RED);
    assert_int_equal(r[3], W_ROLE_NORMAL);
    w_sparkline_roles(v, NULL, 4, 5, 1, 0, r); /* lower is worse */
    assert_int_equal(r[0], W_ROLE_LEVEL_RED);
    assert_int_equal(r[1], W_ROLE_LEVEL_AMBER);
    assert_int_equal(r[2], W_ROLE_NORMAL);
    assert_int_equal(r[3], W_ROLE_LEVEL_AMBER);
    w_sparkline_roles(v, NULL, 4, NAN, NAN, 1, r); /* no thresholds */
    for (int i = 0; i < 4; i++) assert_int_equal(r[i], W_ROLE_NORMAL);

    w_sparkline_roles(v, present, 4, 5, 9, 1, r);
    w_sparkline_draw(stdscr, 0, 0, 4, v, present, 4, r);
    assert_int_equal(wt_attr(stdscr, 0, 2), w_attr(W_ROLE_LEVEL_RED));
    assert_int_equal(wt_attr(stdscr, 0, 1), w_attr(W_ROLE_LEVEL_AMBER));
}

static void bad_arguments_draw_nothing(void **state)
{
    (void)state;
    const double v[] = { 1 };
    assert_int_equal(w_sparkline_draw(stdscr, 0, 0, 4, NULL, NULL, 1, NULL), -1);
    assert_int_equal(w_sparkline_draw(stdscr, 24, 0, 4, v, NULL, 1, NULL), -1);
    assert_int_equal(w_sparkline_draw(stdscr, 0, 0, 0, v, NULL, 1, NULL), -1);
    assert_int_equal(w_sparkline_draw(stdscr, 0, 78, 5, v, NULL, 1, NULL), 1);
    assert_int_equal(w_sparkline_draw(stdscr, 0, 0, 5, v, NULL, 0, NULL), 0);
}

#define UTF8(t) cmocka_unit_test_setup_teardown(t, wt_setup_utf8, wt_teardown)
#define VT100(t) cmocka_unit_test_setup_teardown(t, wt_setup_vt100, wt_teardown)

int main(void)
{
    const struct CMUnitTest tests[] = {
        UTF8(min_maps_to_lowest_block_and_max_to_highest),
        UTF8(step_scale_is_clamped_and_flat_series_sit_low),
        UTF8(absent_periods_show_a_dim_dot),
        UTF8(only_the_newest_periods_show_when_narrower),
        VT100(ascii_mode_uses_a_character_ramp),
        UTF8(threshold_roles_follow_the_indicator_direction),
        UTF8(bad_arguments_draw_nothing),
    };
    return cmocka_run_group_tests_name("widgets/sparkline", tests, NULL, NULL);
}
