/* tests/unit/test_w_text.c — the text primitive every widget draws with. */
#include "wtest.h"
#include "widgets/text.h"

static char line[4096];

static void put_pads_short_text_to_exact_width_in_its_attribute(void **state)
{
    (void)state;
    mvwaddstr(stdscr, 0, 0, "XXXXXXXXXXXX");
    assert_int_equal(w_text_put(stdscr, 0, 1, 10, "abc", A_BOLD, W_ALIGN_LEFT), 3);
    assert_string_equal(wt_text(stdscr, 0, line, sizeof line), "Xabc       X");
    for (int x = 1; x <= 10; x++) assert_true(wt_attr(stdscr, 0, x) & A_BOLD);
    assert_false(wt_attr(stdscr, 0, 11) & A_BOLD);
}

static void put_aligns_right_and_centre(void **state)
{
    (void)state;
    w_text_put(stdscr, 0, 0, 8, "42", A_NORMAL, W_ALIGN_RIGHT);
    w_text_put(stdscr, 1, 0, 8, "ab", A_NORMAL, W_ALIGN_CENTER);
    assert_string_equal(wt_line(stdscr, 0, line, sizeof line) + 0, "      42" "                                                                        ");
    assert_int_equal(wt_find(stdscr, 1, "ab"), 3);
}

static void put_truncates_with_ellipsis_in_utf8_mode(void **state)
{
    (void)state;
    assert_int_equal(w_text_put(stdscr, 0, 0, 6, "Kinshasa", A_NORMAL, W_ALIGN_LEFT), 6);
    assert_string_equal(wt_text(stdscr, 0, line, sizeof line), "Kinsh…");
}

static void put_never_splits_a_wide_character_when_truncating(void **state)
{
    (void)state;
    /* Four CJK characters, 8 columns, into 4 columns: one character and
     * the mark fit (3 columns), the fourth column is padding, and the next
     * cell is untouched. */
    mvwaddstr(stdscr, 0, 0, "....|");
    w_text_put(stdscr, 0, 0, 4, "漢字漢字", A_NORMAL, W_ALIGN_LEFT);
    assert_string_equal(wt_text(stdscr, 0, line, sizeof line), "漢… |");
    w_text_put(stdscr, 1, 0, 5, "漢字漢字", A_NORMAL, W_ALIGN_LEFT);
    assert_string_equal(wt_text(stdscr, 1, line, sizeof line), "漢字…");
    assert_int_equal(wt_find(stdscr, 0, "|"), 4);
}

static void put_shows_escape_and_bidi_controls_as_visible_escapes(void **state)
{
    (void)state;
    w_text_put(stdscr, 0, 0, 40, "a\x1b[31mb\xE2\x80\xAE" "c\r\x07" "d", A_NORMAL, W_ALIGN_LEFT);
    assert_string_equal(wt_text(stdscr, 0, line, sizeof line), "a^[[31mb<U+202E>c^M^Gd");
    /* The ESC did not reach the terminal as a colour change. */
    for (int x = 0; x < 22; x++) assert_int_equal(wt_attr(stdscr, 0, x), A_NORMAL);
}

static void put_shows_invalid_utf8_as_replacement_character(void **state)
{
    (void)state;
    w_text_put(stdscr, 0, 0, 10, "a\xC3(b\xFF", A_NORMAL, W_ALIGN_LEFT);
    assert_string_equal(wt_text(stdscr, 0, line, sizeof line), "a\xEF\xBF\xBD(b\xEF\xBF\xBD");
}

static void put_shows_characters_wcwidth_cannot_measure_as_question_marks(void **state)
{
    (void)state;
    /* U+0378 is unassigned: the terminal might draw it 0, 1 or 2 wide, so
     * it must not reach the terminal at all. */
    w_text_put(stdscr, 0, 0, 10, "a\xCD\xB8" "b", A_NORMAL, W_ALIGN_LEFT);
    assert_string_equal(wt_text(stdscr, 0, line, sizeof line), "a?b");
    assert_int_equal(w_text_width("a\xCD\xB8" "b"), 3);
}

static void put_clips_at_window_edge_without_wrapping(void **state)
{
    (void)state;
    w_text_put(stdscr, 0, 76, 10, "abcdefghij", A_NORMAL, W_ALIGN_LEFT);
    assert_string_equal(wt_text(stdscr, 0, line, sizeof line) + 76, "abc…");
    assert_string_equal(wt_text(stdscr, 1, line, sizeof line), "");
    /* A wide character that would straddle the edge is not drawn. */
    w_text_put(stdscr, 2, 77, 10, "漢字", A_NORMAL, W_ALIGN_LEFT);
    assert_string_equal(wt_text(stdscr, 2, line, sizeof line) + 77, "漢…");
    assert_string_equal(wt_text(stdscr, 3, line, sizeof line), "");
}

static void put_rejects_positions_outside_the_window(void **state)
{
    (void)state;
    assert_int_equal(w_text_put(stdscr, 24, 0, 5, "x", A_NORMAL, W_ALIGN_LEFT), -1);
    assert_int_equal(w_text_put(stdscr, 0, 80, 5, "x", A_NORMAL, W_ALIGN_LEFT), -1);
    assert_int_equal(w_text_put(stdscr, -1, 0, 5, "x", A_NORMAL, W_ALIGN_LEFT), -1);
    assert_int_equal(w_text_put(stdscr, 0, 0, 0, "x", A_NORMAL, W_ALIGN_LEFT), -1);
    assert_int_equal(w_text_put(NULL, 0, 0, 5, "x", A_NORMAL, W_ALIGN_LEFT), -1);
    assert_int_equal(w_text_put(stdscr, 0, 0, 3, NULL, A_NORMAL, W_ALIGN_LEFT), 0);
}

static void put_drops_a_leading_combining_mark_instead_of_marking_the_neighbour(void **state)
{
    (void)state;
    mvwaddstr(stdscr, 0, 0, "q");
    w_text_put(stdscr, 0, 1, 3, "\xCC\x81z", A_NORMAL, W_ALIGN_LEFT);
    cchar_t cc;
    wchar_t wc[CCHARW_MAX + 1] = { 0 };
    attr_t a;
    short p;
    mvwin_wch(stdscr, 0, 0, &cc);
    getcchar(&cc, wc, &a, &p, NULL);
    assert_int_equal(wc[0], L'q');
    assert_int_equal(wc[1], 0);
    assert_string_equal(wt_text(stdscr, 0, line, sizeof line), "qz");
}

static void put_keeps_combining_marks_with_their_base(void **state)
{
    (void)state;
    w_text_put(stdscr, 0, 0, 4, "e\xCC\x81te!", A_NORMAL, W_ALIGN_LEFT);
    assert_string_equal(wt_text(stdscr, 0, line, sizeof line), "e\xCC\x81te!");
    w_text_put(stdscr, 1, 0, 3, "e\xCC\x81te!", A_NORMAL, W_ALIGN_LEFT);
    assert_string_equal(wt_text(stdscr, 1, line, sizeof line), "e\xCC\x81t…");
}

static void put_truncates_a_huge_field_and_marks_it(void **state)
{
    (void)state;
    size_t n = 70000;
    char *big = malloc(n + 1);
    assert_non_null(big);
    memset(big, 'x', n);
    big[n] = '\0';
    assert_int_equal(w_text_put(stdscr, 0, 0, 80, big, A_NORMAL, W_ALIGN_LEFT), 80);
    wt_line(stdscr, 0, line, sizeof line);
    assert_int_equal(core_text_width(line), 80);
    assert_non_null(strstr(line, "x…"));
    assert_int_equal(w_text_width(big), 70000);
    free(big);
}

static void put_right_ends_text_at_the_given_column(void **state)
{
    (void)state;
    assert_int_equal(w_text_put_right(stdscr, 0, 10, 20, "12:05", A_NORMAL), 5);
    assert_int_equal(wt_find(stdscr, 0, "12:05"), 5);
    assert_int_equal(w_text_put_right(stdscr, 1, 3, 20, "12:05", A_NORMAL), 0);
    assert_string_equal(wt_text(stdscr, 1, line, sizeof line), "12…");
}

static void wrap_breaks_after_spaces_and_cuts_long_words(void **state)
{
    (void)state;
    size_t next;
    const char *s = "the quick brown fox";
    assert_int_equal(w_text_wrap(s, 10, &next), 9); /* "the quick" */
    assert_int_equal(next, 10);
    assert_int_equal(w_text_wrap(s + next, 10, &next), 9); /* "brown fox" */
    s = "abcdefghijklmno";
    assert_int_equal(w_text_wrap(s, 4, &next), 4);
    assert_int_equal(next, 4);
    /* A wide character in a one-column line still makes progress. */
    assert_int_equal(w_text_wrap("漢x", 1, &next), 3);
    assert_int_equal(next, 3);
}

struct collect {
    int n;
    char lines[8][64];
};

static void collect_line(void *arg, int index, const char *text)
{
    struct collect *c = arg;
    assert_int_equal(index, c->n);
    if (c->n < 8) snprintf(c->lines[c->n], sizeof c->lines[0], "%s", text);
    c->n++;
}

static void lines_split_on_lf_before_sanitising_and_wrap_each(void **state)
{
    (void)state;
    struct collect c = { 0 };
    int n = w_text_lines("first line\r\nsecond \x1b[2J\n\nlast one is longer\n", 10, collect_line, &c);
    assert_int_equal(n, 6);
    assert_int_equal(c.n, 6);
    assert_string_equal(c.lines[0], "first line");
    assert_string_equal(c.lines[1], "second");
    assert_string_equal(c.lines[2], "^[[2J");
    assert_string_equal(c.lines[3], "");
    assert_string_equal(c.lines[4], "last one");
    assert_string_equal(c.lines[5], "is longer");
    assert_int_equal(w_text_lines("", 10, NULL, NULL), 1);
    assert_int_equal(w_text_lines(NULL, 10, NULL, NULL), 1);
}

static void ascii_mode_transliterates_punctuation_and_shows_other_non_ascii_as_question_marks(void **state)
{
    (void)state;
    w_text_put(stdscr, 0, 0, 20, "Goma—Kivu 漢", A_NORMAL, W_ALIGN_LEFT);
    assert_string_equal(wt_text(stdscr, 0, line, sizeof line), "Goma-Kivu ?");
    w_text_put(stdscr, 2, 0, 20, "a · b •••• ‹c›", A_NORMAL, W_ALIGN_LEFT);
    assert_string_equal(wt_text(stdscr, 2, line, sizeof line), "a . b **** <c>");
    w_text_put(stdscr, 1, 0, 5, "abcdefgh", A_NORMAL, W_ALIGN_LEFT);
    assert_string_equal(wt_text(stdscr, 1, line, sizeof line), "abcd~");
    assert_int_equal(w_text_width("漢字e\xCC\x81"), 3);
}

static void glyph_uses_unicode_or_acs_by_mode(void **state)
{
    (void)state;
    w_glyph(stdscr, 0, 0, L'│', ACS_VLINE, A_NORMAL);
    assert_int_equal(wt_char(stdscr, 0, 0), w_unicode() ? L'│' : L'x');
    if (!w_unicode()) assert_true(wt_attr(stdscr, 0, 0) & A_ALTCHARSET);
    w_glyph(stdscr, 24, 0, L'│', ACS_VLINE, A_NORMAL); /* outside: ignored */
}

#define UTF8(t) cmocka_unit_test_setup_teardown(t, wt_setup_utf8, wt_teardown)
#define VT100(t) cmocka_unit_test_setup_teardown(t, wt_setup_vt100, wt_teardown)

int main(void)
{
    const struct CMUnitTest tests[] = {
        UTF8(put_pads_short_text_to_exact_width_in_its_attribute),
        UTF8(put_aligns_right_and_centre),
        UTF8(put_truncates_with_ellipsis_in_utf8_mode),
        UTF8(put_never_splits_a_wide_character_when_truncating),
        UTF8(put_shows_escape_and_bidi_controls_as_visible_escapes),
        UTF8(put_shows_invalid_utf8_as_replacement_character),
        UTF8(put_shows_characters_wcwidth_cannot_measure_as_question_marks),
        UTF8(put_clips_at_window_edge_without_wrapping),
        UTF8(put_rejects_positions_outside_the_window),
        UTF8(put_drops_a_leading_combining_mark_instead_of_marking_the_neighbour),
        UTF8(put_keeps_combining_marks_with_their_base),
        UTF8(put_truncates_a_huge_field_and_marks_it),
        UTF8(put_right_ends_text_at_the_given_column),
        UTF8(wrap_breaks_after_spaces_and_cuts_long_words),
        UTF8(lines_split_on_lf_before_sanitising_and_wrap_each),
        UTF8(glyph_uses_unicode_or_acs_by_mode),
        VT100(ascii_mode_transliterates_punctuation_and_shows_other_non_ascii_as_question_marks),
        VT100(glyph_uses_unicode_or_acs_by_mode), /* ACS in ASCII mode */
    };
    return cmocka_run_group_tests_name("widgets/text", tests, NULL, NULL);
}
