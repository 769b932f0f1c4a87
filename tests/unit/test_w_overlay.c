/* tests/unit/test_w_overlay.c — help overlay, dialogs, too-small screen. */
#include "wtest.h"
#include "widgets/dialog.h"
#include "widgets/help.h"
#include "widgets/toosmall.h"
#include "widgets/widget.h"

static char line[4096];

static const struct w_help_entry entries[] = {
    { NULL, "Panels" },
    { "1-6", "switch panel" },
    { "Tab", "next panel" },
    { NULL, "Moving" },
    { "j k", "move" },
    { "PgUp PgDn", "page" },
    { NULL, "Editing" },
    { "a", "add" },
    { "d", "delete (asks y/n)" },
};
#define NENTRIES ((int)(sizeof entries / sizeof entries[0]))

/* Strip the frame and margins from a line inside the box. */
static char *inner(WINDOW *w, int y)
{
    wt_text(w, y, line, sizeof line);
    char *p = strstr(line, "│");
    if (!p) return NULL;
    p += strlen("│");
    char *e = strstr(p, "│");
    if (e) *e = '\0';
    while (*p == ' ') p++;
    size_t n = strlen(p);
    while (n > 0 && p[n - 1] == ' ') p[--n] = '\0';
    return p;
}

static void help_lists_exactly_the_pairs_given_under_their_headings(void **state)
{
    (void)state;
    struct w_help h;
    w_help_open(&h, entries, NENTRIES);
    w_help_draw(&h, stdscr);
    int top = -1;
    for (int y = 0; y < 24 && top < 0; y++)
        if (wt_find(stdscr, y, "Keys") >= 0) top = y;
    assert_true(top >= 0);
    assert_true(wt_find(stdscr, top, "┌") >= 0);

    /* Every body line is a heading, a blank, or "key  text" with the text
     * in one column; together they are exactly the entries, in order. */
    int i = 0, text_col = -1;
    for (int y = top + 1; wt_find(stdscr, y, "└") < 0; y++) {
        char *s = inner(stdscr, y);
        assert_non_null(s);
        if (!*s) continue;
        assert_true(i < NENTRIES);
        const struct w_help_entry *e = &entries[i++];
        if (!e->key) {
            assert_string_equal(s, e->text);
            assert_int_equal(wt_attr(stdscr, y, wt_find(stdscr, y, e->text)), w_attr(W_ROLE_HEADER));
            continue;
        }
        char want[128];
        int col = wt_find(stdscr, y, e->text);
        if (text_col < 0) text_col = col;
        assert_int_equal(col, text_col);
        assert_int_equal(strncmp(s, e->key, strlen(e->key)), 0);
        snprintf(want, sizeof want, "%s", s + strlen(e->key));
        char *t = want;
        while (*t == ' ') t++;
        assert_string_equal(t, e->text);
    }
    assert_int_equal(i, NENTRIES);
}

static void help_scrolls_when_taller_than_the_screen(void **state)
{
    (void)state;
    struct w_help_entry many[40];
    char keys[40][8];
    for (int i = 0; i < 40; i++) {
        snprintf(keys[i], sizeof keys[i], "k%d", i & 0xff);
        many[i].key = keys[i];
        many[i].text = "does a thing";
    }
    struct w_help h;
    w_help_open(&h, many, 40);
    w_help_draw(&h, stdscr);
    assert_true(wt_find(stdscr, 1, "k0 ") > 0);
    assert_true(wt_find(stdscr, 23, "1-22 of 40") > 0);
    assert_int_equal(w_help_key(&h, KEY_NPAGE, 1), W_HANDLED | W_REDRAW);
    w_help_draw(&h, stdscr);
    assert_true(wt_find(stdscr, 1, "k18 ") > 0); /* clamped to show the last page */
    assert_true(wt_find(stdscr, 22, "k39 ") > 0);
    assert_int_equal(w_help_key(&h, 'j', 0), W_HANDLED); /* at the end: nothing moves */
    assert_int_equal(w_help_key(&h, 'g', 0), W_HANDLED | W_REDRAW);
    assert_int_equal(w_help_key(&h, KEY_DOWN, 1), W_HANDLED | W_REDRAW);
    w_help_draw(&h, stdscr);
    assert_true(wt_find(stdscr, 1, "k1 ") > 0);
}

static void help_closes_on_esc_q_question_mark_and_f1_and_swallows_the_rest(void **state)
{
    (void)state;
    struct w_help h;
    w_help_open(&h, entries, NENTRIES);
    assert_int_equal(w_help_key(&h, W_KEY_ESC, 0), W_HANDLED | W_CLOSE);
    assert_int_equal(w_help_key(&h, 'q', 0), W_HANDLED | W_CLOSE);
    assert_int_equal(w_help_key(&h, '?', 0), W_HANDLED | W_CLOSE);
    assert_int_equal(w_help_key(&h, KEY_F(1), 1), W_HANDLED | W_CLOSE);
    assert_int_equal(w_help_key(&h, 'x', 0), W_HANDLED);
    assert_int_equal(w_help_key(&h, KEY_RESIZE, 1), 0);
    /* KEY_DOWN's value as a character is not a key press of KEY_DOWN. */
    assert_int_equal(w_help_key(&h, KEY_DOWN, 0), W_HANDLED);
}

static void help_in_a_tiny_window_does_not_crash(void **state)
{
    (void)state;
    struct w_help h;
    w_help_open(&h, entries, NENTRIES);
    for (int rows = 1; rows <= 5; rows++)
        for (int cols = 1; cols <= 12; cols++) {
            WINDOW *w = newwin(rows, cols, 0, 0);
            w_help_draw(&h, w);
            w_help_key(&h, KEY_NPAGE, 1);
            delwin(w);
        }
    w_help_open(&h, NULL, 0);
    w_help_draw(&h, stdscr);
}

static void confirm_answers_only_to_y_n_and_esc(void **state)
{
    (void)state;
    struct w_dialog d;
    w_dialog_confirm(&d, "Delete", "Delete it?");
    assert_int_equal(w_dialog_key(&d, 'y', 0), W_ANSWER_YES);
    assert_int_equal(w_dialog_key(&d, 'Y', 0), W_ANSWER_YES);
    assert_int_equal(w_dialog_key(&d, 'n', 0), W_ANSWER_NO);
    assert_int_equal(w_dialog_key(&d, 'N', 0), W_ANSWER_NO);
    assert_int_equal(w_dialog_key(&d, W_KEY_ESC, 0), W_ANSWER_NO);
    assert_int_equal(w_dialog_key(&d, '\n', 0), W_ANSWER_PENDING); /* a stray Enter */
    assert_int_equal(w_dialog_key(&d, KEY_ENTER, 1), W_ANSWER_PENDING);
    assert_int_equal(w_dialog_key(&d, 'x', 0), W_ANSWER_PENDING);
    assert_int_equal(w_dialog_key(&d, KEY_RESIZE, 1), W_ANSWER_PENDING);
}

static void confirm_box_wraps_and_sanitises_the_message(void **state)
{
    (void)state;
    struct w_dialog d;
    w_dialog_confirm(&d, "Delete partner",
                     "Delete partner \"Acme \x1b[31mRelief\" and its 3 contacts? "
                     "This cannot be undone from the dashboard.\nSecond line.");
    w_dialog_draw(&d, stdscr);
    int y = -1;
    for (int i = 0; i < 24 && y < 0; i++)
        if (wt_find(stdscr, i, "Delete partner \"Acme ^[[31mRelief\"") >= 0) y = i;
    assert_true(y > 0);
    assert_true(wt_find(stdscr, y - 1, "Delete partner") > 0); /* the title */
    assert_true(wt_find(stdscr, y + 1, "cannot be undone") > 0);
    assert_true(wt_find(stdscr, y + 2, "Second line.") > 0);
    assert_true(wt_find(stdscr, y + 4, "[y] yes   [n] no") > 0);
    /* The box is centred: as much room to its left as to its right. */
    int left = wt_find(stdscr, y, "│");
    int right = core_text_width(wt_text(stdscr, y, line, sizeof line)) - 1;
    assert_true(abs(left - (79 - right)) <= 1);
}

static void message_box_is_dismissed_with_enter_space_esc_or_q(void **state)
{
    (void)state;
    struct w_dialog d;
    w_dialog_message(&d, "Saved", "Observation recorded.");
    w_dialog_draw(&d, stdscr);
    int found = 0;
    for (int y = 0; y < 24; y++)
        if (wt_find(stdscr, y, "[Enter] ok") > 0) found = 1;
    assert_true(found);
    assert_int_equal(w_dialog_key(&d, '\n', 0), W_ANSWER_YES);
    assert_int_equal(w_dialog_key(&d, KEY_ENTER, 1), W_ANSWER_YES);
    assert_int_equal(w_dialog_key(&d, ' ', 0), W_ANSWER_YES);
    assert_int_equal(w_dialog_key(&d, W_KEY_ESC, 0), W_ANSWER_YES);
    assert_int_equal(w_dialog_key(&d, 'y', 0), W_ANSWER_PENDING);
}

static void a_choice_shows_its_own_last_line_instead_of_ok(void **state)
{
    (void)state;
    struct w_dialog d;
    w_dialog_choice(&d, "Edit", "Edit what?  r region  i indicator", "press a letter   [Esc] cancel");
    w_dialog_draw(&d, stdscr);
    int found = 0, ok = 0;
    for (int y = 0; y < 24; y++) {
        found |= wt_find(stdscr, y, "press a letter   [Esc] cancel") > 0;
        ok |= wt_find(stdscr, y, "[Enter] ok") > 0;
    }
    assert_true(found);
    assert_false(ok);
}

static void long_message_is_cut_with_a_mark_on_a_short_screen(void **state)
{
    (void)state;
    char msg[2000] = "";
    for (int i = 0; i < 40; i++) strcat(msg, "word word word word.\n");
    struct w_dialog d;
    w_dialog_message(&d, NULL, msg);
    w_dialog_draw(&d, stdscr);
    int marks = 0;
    for (int y = 0; y < 24; y++)
        if (wt_find(stdscr, y, "…") >= 0) marks++;
    assert_int_equal(marks, 1);
    assert_true(wt_find(stdscr, 22, "[Enter] ok") > 0);
    for (int rows = 1; rows <= 6; rows++) {
        WINDOW *w = newwin(rows, 9, 0, 0);
        w_dialog_draw(&d, w);
        delwin(w);
    }
}

static void too_small_screen_shows_current_and_minimum_size(void **state)
{
    (void)state;
    assert_int_equal(resizeterm(20, 60), OK);
    w_toosmall_draw(stdscr, 80, 24, NULL);
    int y = -1;
    for (int i = 0; i < 20 && y < 0; i++)
        if (wt_find(stdscr, i, "Terminal too small") >= 0) y = i;
    assert_true(y >= 0);
    assert_true(wt_find(stdscr, y + 1, "60×20, need 80×24") > 0);
}

static void too_small_screen_draws_at_any_tiny_size(void **state)
{
    (void)state;
    for (int rows = 1; rows <= 6; rows++)
        for (int cols = 1; cols <= 24; cols++) {
            assert_int_equal(resizeterm(rows, cols), OK);
            w_toosmall_draw(stdscr, 80, 24, NULL);
            for (int y = 0; y < rows; y++) {
                wt_line(stdscr, y, line, sizeof line);
                assert_int_equal(core_text_width(line), cols);
            }
        }
    assert_int_equal(resizeterm(1, 40), OK);
    w_toosmall_draw(stdscr, 80, 24, NULL);
    assert_true(wt_find(stdscr, 0, "Too small: 40×1, need 80×24") >= 0);
    assert_int_equal(resizeterm(3, 10), OK);
    w_toosmall_draw(stdscr, 80, 24, NULL);
    assert_int_equal(wt_find(stdscr, 0, "Terminal …"), 0);
    w_toosmall_draw(NULL, 80, 24, NULL);
}

static void too_small_in_ascii_mode_uses_x(void **state)
{
    (void)state;
    assert_int_equal(resizeterm(10, 40), OK);
    w_toosmall_draw(stdscr, 80, 24, NULL);
    int found = 0;
    for (int y = 0; y < 10; y++)
        if (wt_find(stdscr, y, "40x10, need 80x24") >= 0) found = 1;
    assert_true(found);
}

#define UTF8(t) cmocka_unit_test_setup_teardown(t, wt_setup_utf8, wt_teardown)
#define VT100(t) cmocka_unit_test_setup_teardown(t, wt_setup_vt100, wt_teardown)

int main(void)
{
    const struct CMUnitTest tests[] = {
        UTF8(help_lists_exactly_the_pairs_given_under_their_headings),
        UTF8(help_scrolls_when_taller_than_the_screen),
        UTF8(help_closes_on_esc_q_question_mark_and_f1_and_swallows_the_rest),
        UTF8(help_in_a_tiny_window_does_not_crash),
        UTF8(confirm_answers_only_to_y_n_and_esc),
        UTF8(confirm_box_wraps_and_sanitises_the_message),
        UTF8(message_box_is_dismissed_with_enter_space_esc_or_q),
        UTF8(a_choice_shows_its_own_last_line_instead_of_ok),
        UTF8(long_message_is_cut_with_a_mark_on_a_short_screen),
        UTF8(too_small_screen_shows_current_and_minimum_size),
        UTF8(too_small_screen_draws_at_any_tiny_size),
        VT100(too_small_in_ascii_mode_uses_x),
    };
    return cmocka_run_group_tests_name("widgets/overlay", tests, NULL, NULL);
}
