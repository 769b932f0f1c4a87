/* tests/unit/test_w_form.c — the line editor and the data-entry form.
 *
 * Keys are fed the way wget_wch() delivers them (a code point, or a KEY_*
 * code with fn = 1); what the user would see is read back from ncurses'
 * virtual screen (wtest.h). */
#include "wtest.h"
#include "widgets/form.h"
#include "widgets/lineedit.h"
#include "widgets/widget.h"

#define CTRL(c) ((c) & 0x1f)
#define ESC 27

static char line[4096];

/* ---- helpers ----------------------------------------------------------------- */

/* Feed UTF-8 text to the line editor one character at a time. */
static void type_line(struct w_line *l, const char *s)
{
    mbstate_t ps;
    memset(&ps, 0, sizeof ps);
    while (*s) {
        wchar_t wc;
        size_t n = mbrtowc(&wc, s, MB_CUR_MAX, &ps);
        assert_true(n != (size_t)-1 && n != (size_t)-2 && n > 0);
        assert_int_equal(w_line_key(l, (int)wc, 0), W_HANDLED | W_REDRAW);
        s += n;
    }
}

/* The same for the form's focused field. */
static void type_form(struct w_form *f, const char *s)
{
    mbstate_t ps;
    memset(&ps, 0, sizeof ps);
    while (*s) {
        wchar_t wc;
        size_t n = mbrtowc(&wc, s, MB_CUR_MAX, &ps);
        assert_true(n != (size_t)-1 && n != (size_t)-2 && n > 0);
        w_form_key(f, (int)wc, 0);
        s += n;
    }
}

static const char *text_of(const struct w_line *l)
{
    static char buf[8192];
    w_line_get(l, buf, sizeof buf);
    return buf;
}

static const char *value_of(const struct w_form *f, int i)
{
    static char buf[8192];
    w_form_value(f, i, buf, sizeof buf);
    return buf;
}

static unsigned key(struct w_line *l, int k) { return w_line_key(l, k, 0); }
static unsigned fkey(struct w_line *l, int k) { return w_line_key(l, k, 1); }

/* Columns of line y (of a width-wide box at x 0) drawn in reverse video. */
static int reverse_cells(WINDOW *w, int y, int width, int *first)
{
    int n = 0;
    *first = -1;
    for (int x = 0; x < width; x++) {
        if (wt_attr(w, y, x) & A_REVERSE) {
            if (*first < 0) *first = x;
            n++;
        }
    }
    return n;
}

/* The screen row whose text contains needle, or -1. */
static int row_with(WINDOW *w, const char *needle)
{
    for (int y = 0; y < getmaxy(w); y++)
        if (wt_find(w, y, needle) >= 0) return y;
    return -1;
}

/* No cell of w holds a C0 control or DEL (ESC, BEL, ...). */
static void assert_no_raw_controls(WINDOW *w)
{
    for (int y = 0; y < getmaxy(w); y++)
        for (int x = 0; x < getmaxx(w); x++) {
            wchar_t c = wt_char(w, y, x);
            if ((c > 0 && c < 0x20) || c == 0x7f || (c >= 0x80 && c < 0xa0)) {
                print_message("raw control U+%04X at %d,%d\n", (unsigned)c, y, x);
                wt_dump(w);
                fail();
            }
        }
}

/* ---- line editor: keys --------------------------------------------------------- */

static void typing_inserts_at_the_cursor_and_left_right_move_it(void **state)
{
    (void)state;
    struct w_line l;
    w_line_set(&l, NULL);
    assert_int_equal(l.len, 0);
    type_line(&l, "acd");
    assert_int_equal(l.cur, 3);
    assert_int_equal(fkey(&l, KEY_LEFT), W_HANDLED | W_REDRAW);
    fkey(&l, KEY_LEFT);
    assert_int_equal(l.cur, 1);
    type_line(&l, "b");
    assert_string_equal(text_of(&l), "abcd");
    assert_int_equal(l.cur, 2);
    fkey(&l, KEY_RIGHT);
    type_line(&l, "X");
    assert_string_equal(text_of(&l), "abcXd");
    /* The cursor stops at both ends. */
    for (int i = 0; i < 10; i++) fkey(&l, KEY_RIGHT);
    assert_int_equal(l.cur, 5);
    for (int i = 0; i < 10; i++) fkey(&l, KEY_LEFT);
    assert_int_equal(l.cur, 0);
    assert_string_equal(text_of(&l), "abcXd");
}

static void set_puts_the_cursor_at_the_end_and_is_not_a_change(void **state)
{
    (void)state;
    struct w_line l;
    w_line_set(&l, "Kessa");
    assert_int_equal(l.len, 5);
    assert_int_equal(l.cur, 5);
    assert_int_equal(l.dirty, 0);
    type_line(&l, "!");
    assert_int_equal(l.dirty, 1);
    assert_string_equal(text_of(&l), "Kessa!");
}

static void home_end_and_ctrl_a_ctrl_e_jump_to_the_ends(void **state)
{
    (void)state;
    struct w_line l;
    w_line_set(&l, "middle");
    fkey(&l, KEY_HOME);
    assert_int_equal(l.cur, 0);
    type_line(&l, "[");
    fkey(&l, KEY_END);
    assert_int_equal(l.cur, 7);
    type_line(&l, "]");
    assert_string_equal(text_of(&l), "[middle]");
    assert_int_equal(key(&l, CTRL('a')), W_HANDLED | W_REDRAW);
    assert_int_equal(l.cur, 0);
    type_line(&l, "<");
    assert_int_equal(key(&l, CTRL('e')), W_HANDLED | W_REDRAW);
    assert_int_equal(l.cur, 9);
    type_line(&l, ">");
    assert_string_equal(text_of(&l), "<[middle]>");
    /* Moving is not editing. */
    struct w_line m;
    w_line_set(&m, "abc");
    fkey(&m, KEY_HOME);
    key(&m, CTRL('e'));
    key(&m, CTRL('a'));
    fkey(&m, KEY_END);
    assert_int_equal(m.dirty, 0);
}

static void ctrl_b_and_ctrl_f_move_like_left_and_right(void **state)
{
    (void)state;
    struct w_line l;
    w_line_set(&l, "ace");
    key(&l, CTRL('b'));
    type_line(&l, "d");
    key(&l, CTRL('b'));
    key(&l, CTRL('b'));
    type_line(&l, "b");
    assert_string_equal(text_of(&l), "abcde");
    key(&l, CTRL('f'));
    key(&l, CTRL('f'));
    assert_int_equal(l.cur, 4);
    key(&l, CTRL('f'));
    key(&l, CTRL('f'));
    assert_int_equal(l.cur, 5); /* stops at the end */
    key(&l, CTRL('a'));
    key(&l, CTRL('b'));
    assert_int_equal(l.cur, 0); /* and at the start */
}

static void backspace_deletes_before_the_cursor_in_all_its_spellings(void **state)
{
    (void)state;
    struct w_line l;
    w_line_set(&l, "abcdef");
    assert_int_equal(fkey(&l, KEY_BACKSPACE), W_HANDLED | W_REDRAW);
    assert_string_equal(text_of(&l), "abcde");
    assert_int_equal(key(&l, 0x7f), W_HANDLED | W_REDRAW); /* DEL, what most terminals send */
    assert_string_equal(text_of(&l), "abcd");
    assert_int_equal(key(&l, CTRL('h')), W_HANDLED | W_REDRAW);
    assert_string_equal(text_of(&l), "abc");
    /* In the middle: the character left of the cursor goes. */
    fkey(&l, KEY_LEFT);
    fkey(&l, KEY_BACKSPACE);
    assert_string_equal(text_of(&l), "ac");
    assert_int_equal(l.cur, 1);
    /* At the start nothing happens and nothing counts as changed. */
    struct w_line m;
    w_line_set(&m, "xyz");
    fkey(&m, KEY_HOME);
    fkey(&m, KEY_BACKSPACE);
    key(&m, 0x7f);
    assert_string_equal(text_of(&m), "xyz");
    assert_int_equal(m.dirty, 0);
}

static void delete_and_ctrl_d_delete_under_the_cursor(void **state)
{
    (void)state;
    struct w_line l;
    w_line_set(&l, "abcdef");
    fkey(&l, KEY_HOME);
    assert_int_equal(fkey(&l, KEY_DC), W_HANDLED | W_REDRAW);
    assert_string_equal(text_of(&l), "bcdef");
    assert_int_equal(l.cur, 0);
    fkey(&l, KEY_RIGHT);
    assert_int_equal(key(&l, CTRL('d')), W_HANDLED | W_REDRAW);
    assert_string_equal(text_of(&l), "bdef");
    assert_int_equal(l.cur, 1);
    /* At the end there is nothing to delete. */
    struct w_line m;
    w_line_set(&m, "xyz");
    fkey(&m, KEY_DC);
    key(&m, CTRL('d'));
    assert_string_equal(text_of(&m), "xyz");
    assert_int_equal(m.dirty, 0);
}

static void ctrl_k_kills_to_the_end_and_ctrl_u_to_the_start(void **state)
{
    (void)state;
    struct w_line l;
    w_line_set(&l, "+999 26 555 0122");
    for (int i = 0; i < 5; i++) fkey(&l, KEY_LEFT);
    assert_int_equal(key(&l, CTRL('k')), W_HANDLED | W_REDRAW);
    assert_string_equal(text_of(&l), "+999 26 555");
    assert_int_equal(l.cur, 11);
    for (int i = 0; i < 4; i++) fkey(&l, KEY_LEFT);
    assert_int_equal(key(&l, CTRL('u')), W_HANDLED | W_REDRAW);
    assert_string_equal(text_of(&l), " 555");
    assert_int_equal(l.cur, 0);
    /* Ctrl-U at the end clears the field, the usual way to retype it. */
    key(&l, CTRL('e'));
    key(&l, CTRL('u'));
    assert_string_equal(text_of(&l), "");
    assert_int_equal(l.len, 0);
    assert_int_equal(l.cur, 0);
}

static void ctrl_w_kills_the_word_before_the_cursor_with_the_spaces_after_it(void **state)
{
    (void)state;
    struct w_line l;
    w_line_set(&l, "alpha beta  gamma");
    assert_int_equal(key(&l, CTRL('w')), W_HANDLED | W_REDRAW);
    assert_string_equal(text_of(&l), "alpha beta  ");
    key(&l, CTRL('w'));
    assert_string_equal(text_of(&l), "alpha ");
    key(&l, CTRL('w'));
    assert_string_equal(text_of(&l), "");
    /* Inside a word: only the part before the cursor goes. */
    w_line_set(&l, "alpha beta");
    fkey(&l, KEY_LEFT);
    fkey(&l, KEY_LEFT);
    key(&l, CTRL('w'));
    assert_string_equal(text_of(&l), "alpha ta");
    assert_int_equal(l.cur, 6);
}

static void enter_esc_and_tab_are_left_to_the_caller(void **state)
{
    (void)state;
    struct w_line l;
    w_line_set(&l, "keep");
    assert_int_equal(key(&l, '\n'), 0);
    assert_int_equal(key(&l, '\r'), 0);
    assert_int_equal(key(&l, ESC), 0);
    assert_int_equal(key(&l, '\t'), 0);
    assert_int_equal(fkey(&l, KEY_F(5)), 0);
    assert_string_equal(text_of(&l), "keep");
    assert_int_equal(l.dirty, 0);
}

/* ---- line editor: UTF-8 and wide characters ---------------------------------- */

static void utf8_and_wide_characters_are_inserted_as_whole_characters(void **state)
{
    (void)state;
    struct w_line l;
    w_line_set(&l, "");
    key(&l, 0xE9);     /* é */
    key(&l, 0x4E2D);   /* 中 */
    key(&l, 0x6587);   /* 文 */
    key(&l, 0x1F600);  /* 😀, outside the BMP */
    assert_int_equal(l.len, 4);
    assert_string_equal(text_of(&l), "é中文😀");
    fkey(&l, KEY_LEFT);
    fkey(&l, KEY_LEFT);
    type_line(&l, "Ω");
    assert_string_equal(text_of(&l), "é中Ω文😀");
    /* Backspace and Delete remove one whole character, never a byte. */
    fkey(&l, KEY_BACKSPACE);
    fkey(&l, KEY_DC);
    assert_string_equal(text_of(&l), "é中😀");
}

static void w_line_get_round_trips_utf8(void **state)
{
    (void)state;
    static const char *const samples[] = {
        "plain ascii", "Ωmega Тест", "中文 and 漢字", "😀 emoji", "cafe\xCC\x81 decomposed", "Tovreth — “quoted”",
        "",
    };
    for (size_t i = 0; i < sizeof samples / sizeof samples[0]; i++) {
        struct w_line l;
        w_line_set(&l, samples[i]);
        char out[256];
        assert_int_equal(w_line_get(&l, out, sizeof out), strlen(samples[i]));
        assert_string_equal(out, samples[i]);
    }
    /* Length counts characters, not bytes. */
    struct w_line l;
    w_line_set(&l, "中文😀");
    assert_int_equal(l.len, 3);
    /* A buffer too small is filled with whole characters only. */
    char small[5];
    assert_int_equal(w_line_get(&l, small, sizeof small), 3);
    assert_string_equal(small, "中");
    assert_int_equal(w_line_get(&l, small, 1), 0);
    assert_string_equal(small, "");
}

static void a_full_line_refuses_more_characters_without_overflowing(void **state)
{
    (void)state;
    static char big[W_LINE_MAX * 3 + 16];
    memset(big, 'x', W_LINE_MAX + 10);
    big[W_LINE_MAX + 10] = '\0';
    struct w_line l;
    w_line_set(&l, big); /* longer than the editor holds: cut at W_LINE_MAX */
    assert_int_equal(l.len, W_LINE_MAX);
    assert_int_equal(l.cur, W_LINE_MAX);
    assert_int_equal(key(&l, 'y'), 0);
    assert_int_equal(l.len, W_LINE_MAX);
    fkey(&l, KEY_BACKSPACE);
    assert_int_equal(key(&l, 0x4E2D), W_HANDLED | W_REDRAW);
    assert_int_equal(l.len, W_LINE_MAX);
    char out[W_LINE_MAX * 3 + 16];
    assert_int_equal(w_line_get(&l, out, sizeof out), W_LINE_MAX - 1 + 3);
    assert_string_equal(out + W_LINE_MAX - 1, "中");
}

/* ---- line editor: drawing ------------------------------------------------------ */

static void wide_characters_take_two_columns_and_the_cursor_cell_is_reversed(void **state)
{
    (void)state;
    struct w_line l;
    w_line_set(&l, "a中b");
    fkey(&l, KEY_HOME);
    fkey(&l, KEY_RIGHT); /* on 中 */
    w_line_draw(&l, stdscr, 0, 0, 20, A_NORMAL, 1);
    assert_int_equal(wt_char(stdscr, 0, 0), L'a');
    assert_int_equal(wt_char(stdscr, 0, 1), L'中');
    assert_int_equal(wt_char(stdscr, 0, 3), L'b');
    assert_false(wt_attr(stdscr, 0, 0) & A_REVERSE);
    assert_true(wt_attr(stdscr, 0, 1) & A_REVERSE);
    assert_false(wt_attr(stdscr, 0, 3) & A_REVERSE);
    /* At the end the cursor is a reversed blank after the text. */
    fkey(&l, KEY_END);
    w_line_draw(&l, stdscr, 0, 0, 20, A_NORMAL, 1);
    int first;
    assert_int_equal(reverse_cells(stdscr, 0, 20, &first), 1);
    assert_int_equal(first, 4);
    assert_int_equal(wt_char(stdscr, 0, 4), L' ');
    /* Without show_cursor nothing is reversed. */
    w_line_draw(&l, stdscr, 0, 0, 20, A_NORMAL, 0);
    assert_int_equal(reverse_cells(stdscr, 0, 20, &first), 0);
    /* The box is cleared: nothing of a longer earlier text is left. */
    mvwaddstr(stdscr, 1, 0, "XXXXXXXXXXXX");
    w_line_draw(&l, stdscr, 1, 0, 10, A_NORMAL, 0);
    assert_string_equal(wt_text(stdscr, 1, line, sizeof line), "a中b      XX");
}

static void a_field_longer_than_its_box_scrolls_so_the_cursor_stays_visible(void **state)
{
    (void)state;
    struct w_line l;
    w_line_set(&l, "abcdefghijklmnopqrstuvwxyz0123");
    w_line_draw(&l, stdscr, 0, 0, 10, A_NORMAL, 1);
    int first;
    /* The cursor (after the end) is inside the 10 columns, the end of the
     * text just before it, and the beginning scrolled out. */
    assert_int_equal(reverse_cells(stdscr, 0, 10, &first), 1);
    assert_true(first >= 0 && first < 10);
    assert_int_equal(wt_char(stdscr, 0, first - 1), L'3');
    assert_int_equal(wt_find(stdscr, 0, "a"), -1);
    assert_int_equal(wt_char(stdscr, 0, 10), L' '); /* nothing drawn past the box */
    /* Home brings the start back, cursor on 'a'. */
    fkey(&l, KEY_HOME);
    w_line_draw(&l, stdscr, 0, 0, 10, A_NORMAL, 1);
    assert_string_equal(wt_text(stdscr, 0, line, sizeof line), "abcdefghij");
    assert_int_equal(reverse_cells(stdscr, 0, 10, &first), 1);
    assert_int_equal(first, 0);
    /* Walking right past the box edge scrolls one step at a time. */
    for (int i = 0; i < 12; i++) fkey(&l, KEY_RIGHT);
    w_line_draw(&l, stdscr, 0, 0, 10, A_NORMAL, 1);
    assert_int_equal(reverse_cells(stdscr, 0, 10, &first), 1);
    assert_int_equal(wt_char(stdscr, 0, first), L'm');
    /* Typing at the end of a long field keeps the new text in view. */
    fkey(&l, KEY_END);
    type_line(&l, "XYZ");
    w_line_draw(&l, stdscr, 0, 0, 10, A_NORMAL, 1);
    assert_true(wt_find(stdscr, 0, "XYZ") >= 0);
    assert_int_equal(reverse_cells(stdscr, 0, 10, &first), 1);
    assert_int_equal(first, wt_find(stdscr, 0, "XYZ") + 3);
}

static void wide_text_longer_than_its_box_scrolls_without_splitting_characters(void **state)
{
    (void)state;
    struct w_line l;
    w_line_set(&l, "中文中文中文中文中文"); /* 20 columns into 9 */
    w_line_draw(&l, stdscr, 0, 0, 9, A_NORMAL, 1);
    int first;
    assert_int_equal(reverse_cells(stdscr, 0, 9, &first), 1);
    assert_true(first < 9);
    assert_int_equal(wt_char(stdscr, 0, first), L' ');
    assert_int_equal(wt_char(stdscr, 0, 9), L' ');
    fkey(&l, KEY_HOME);
    w_line_draw(&l, stdscr, 0, 0, 9, A_NORMAL, 1);
    assert_string_equal(wt_text(stdscr, 0, line, sizeof line), "中文中文");
}

static void a_wide_character_under_the_cursor_at_the_box_edge_is_scrolled_into_view(void **state)
{
    (void)state;
    /* Nine narrow characters and a wide one in a 10-column box: with the
     * cursor on the wide character it needs columns 9 and 10, so the view
     * must scroll for the cursor to be seen. */
    struct w_line l;
    w_line_set(&l, "abcdefghi中");
    fkey(&l, KEY_LEFT);
    w_line_draw(&l, stdscr, 0, 0, 10, A_NORMAL, 1);
    int first;
    if (reverse_cells(stdscr, 0, 10, &first) == 0) wt_dump(stdscr);
    assert_true(reverse_cells(stdscr, 0, 10, &first) >= 1);
    assert_int_equal(wt_char(stdscr, 0, first), L'中');
    assert_int_equal(wt_char(stdscr, 0, 10), L' ');
}

static void control_characters_in_the_text_are_drawn_escaped_and_the_cursor_stays_in_view(void **state)
{
    (void)state;
    /* Text loaded from a hostile record: each ESC is drawn as "^[" (two
     * columns); the view must still reach the cursor at the end. */
    struct w_line l;
    w_line_set(&l, "\x1b\x1b\x1b\x1b\x1b\x1b\x1b\x1b\x1b\x1b\x1b\x1b\x1b\x1b\x1b\x1b");
    w_line_draw(&l, stdscr, 0, 0, 10, A_NORMAL, 1);
    assert_no_raw_controls(stdscr);
    assert_true(wt_find(stdscr, 0, "^[") >= 0);
    int first;
    if (reverse_cells(stdscr, 0, 10, &first) != 1) wt_dump(stdscr);
    assert_int_equal(reverse_cells(stdscr, 0, 10, &first), 1);
    assert_int_equal(wt_char(stdscr, 0, first), L' ');
    assert_int_equal(wt_char(stdscr, 0, 10), L' ');
}

static void a_combining_accent_stays_on_its_letter(void **state)
{
    (void)state;
    /* "café" written with e + U+0301, as some phones and Macs send it. */
    struct w_line l;
    w_line_set(&l, "cafe\xCC\x81");
    w_line_draw(&l, stdscr, 0, 0, 20, A_NORMAL, 0);
    assert_string_equal(wt_text(stdscr, 0, line, sizeof line), "cafe\xCC\x81");
}

/* ---- the form ------------------------------------------------------------------ */

static const char *const KINDS[] = {"local_ngo", "cso", "community_leader", "faith_group", "un_agency", NULL};
static const char *const STATUS[] = {"planned", "ongoing", "completed", "postponed", "cancelled", NULL};

enum { F_RESOURCE, F_NAME, F_KIND, F_REGION, F_STATUS, F_EMAIL, F_NOTES };

struct completer {
    int calls;
    char last[256];
};

/* Regions by prefix of code or name: "XV05 Tovreth", "XV03 Upper Kessa". */
static int complete_region(void *ctx, const char *typed, char *out, size_t outsz, char *label, size_t labelsz)
{
    struct completer *c = ctx;
    c->calls++;
    snprintf(c->last, sizeof c->last, "%s", typed);
    static const char *const R[][3] = {
        {"XV05", "tovreth", "XV05 Tovreth \x1b[31mhub"},
        {"XV03", "upper kessa", "XV03 Upper Kessa"},
    };
    int found = 0;
    for (size_t i = 0; i < 2; i++) {
        size_t n = strlen(typed);
        if (!strncasecmp(typed, R[i][0], n) || !strncasecmp(typed, R[i][1], n)) {
            if (!found++) {
                snprintf(out, outsz, "%s", R[i][0]);
                snprintf(label, labelsz, "%s", R[i][2]);
            }
            if (!strcasecmp(typed, R[i][0])) /* a whole code names its record */
                return 1;
        }
    }
    return found > 1 ? 2 : found;
}

static struct w_form F;
static struct completer C;

static void build(void)
{
    w_form_init(&F, " New partner ");
    memset(&C, 0, sizeof C);
    F.complete = complete_region;
    F.complete_ctx = &C;
    assert_int_equal(w_form_add(&F, "resource", W_FIELD_FIXED, "Antibiotics (450 on hand)", NULL, NULL, 0), F_RESOURCE);
    assert_int_equal(w_form_add(&F, "name", W_FIELD_TEXT, NULL, NULL, "full name", 1), F_NAME);
    assert_int_equal(w_form_add(&F, "kind", W_FIELD_CHOICE, NULL, KINDS, NULL, 1), F_KIND);
    assert_int_equal(w_form_add(&F, "region", W_FIELD_REF, NULL, NULL, "region p-code", 0), F_REGION);
    assert_int_equal(w_form_add(&F, "status", W_FIELD_CHOICE, NULL, STATUS, NULL, 0), F_STATUS);
    assert_int_equal(w_form_add(&F, "email", W_FIELD_TEXT, NULL, NULL, "name@domain", 0), F_EMAIL);
    assert_int_equal(w_form_add(&F, "notes", W_FIELD_TEXT, NULL, NULL, "free text", 0), F_NOTES);
    F.cur = F_NAME;
}

static unsigned fk(int k) { return w_form_key(&F, k, 1); }
static unsigned ck(int k) { return w_form_key(&F, k, 0); }

static void tab_and_down_go_to_the_next_field_and_skip_fixed_ones(void **state)
{
    (void)state;
    build();
    assert_int_equal(ck('\t'), W_HANDLED | W_REDRAW);
    assert_int_equal(F.cur, F_KIND);
    assert_int_equal(fk(KEY_DOWN), W_HANDLED | W_REDRAW);
    assert_int_equal(F.cur, F_REGION);
    ck('\t');
    fk(KEY_DOWN);
    ck('\t');
    assert_int_equal(F.cur, F_NOTES);
    /* Past the last field it wraps round, over the fixed first one. */
    ck('\t');
    assert_int_equal(F.cur, F_NAME);
    assert_int_equal(F.typed, 0);
}

static void shift_tab_and_up_go_to_the_previous_field_and_skip_fixed_ones(void **state)
{
    (void)state;
    build();
    F.cur = F_REGION;
    assert_int_equal(fk(KEY_BTAB), W_HANDLED | W_REDRAW);
    assert_int_equal(F.cur, F_KIND);
    assert_int_equal(fk(KEY_UP), W_HANDLED | W_REDRAW);
    assert_int_equal(F.cur, F_NAME);
    /* Before the first editable field: round to the last, never the fixed one. */
    fk(KEY_BTAB);
    assert_int_equal(F.cur, F_NOTES);
    fk(KEY_UP);
    assert_int_equal(F.cur, F_EMAIL);
    assert_int_equal(F.typed, 0);
}

static void key_btab_is_a_function_key_and_the_same_number_as_a_character_is_text(void **state)
{
    (void)state;
    /* KEY_BTAB (0541) is also the code point of 'š': only fn tells them
     * apart. As a character it is typed into the field. */
    build();
    w_form_key(&F, KEY_BTAB, 0);
    assert_int_equal(F.cur, F_NAME);
    char expect[8] = {0};
    mbstate_t ps;
    memset(&ps, 0, sizeof ps);
    wcrtomb(expect, (wchar_t)KEY_BTAB, &ps);
    assert_string_equal(value_of(&F, F_NAME), expect);
}

static void keys_on_a_fixed_field_change_nothing(void **state)
{
    (void)state;
    build();
    F.cur = F_RESOURCE;
    ck('x');
    fk(KEY_BACKSPACE);
    ck(' ');
    assert_string_equal(value_of(&F, F_RESOURCE), "Antibiotics (450 on hand)");
    assert_int_equal(F.typed, 0);
}

static void text_fields_edit_with_the_line_editor_keys(void **state)
{
    (void)state;
    build();
    type_form(&F, "Harbour Watch Collective");
    assert_string_equal(value_of(&F, F_NAME), "Harbour Watch Collective");
    ck(CTRL('w'));
    assert_string_equal(value_of(&F, F_NAME), "Harbour Watch ");
    fk(KEY_HOME);
    fk(KEY_DC);
    ck(CTRL('e'));
    fk(KEY_BACKSPACE);
    assert_string_equal(value_of(&F, F_NAME), "arbour Watch");
    ck(CTRL('u'));
    assert_string_equal(value_of(&F, F_NAME), "");
}

static void choice_fields_cycle_with_space_and_right_forward_and_left_back(void **state)
{
    (void)state;
    build();
    /* A required choice with no value starts on its first choice. */
    assert_string_equal(value_of(&F, F_KIND), "local_ngo");
    F.cur = F_KIND;
    assert_int_equal(ck(' '), W_HANDLED | W_REDRAW);
    assert_string_equal(value_of(&F, F_KIND), "cso");
    assert_int_equal(fk(KEY_RIGHT), W_HANDLED | W_REDRAW);
    assert_string_equal(value_of(&F, F_KIND), "community_leader");
    assert_int_equal(fk(KEY_LEFT), W_HANDLED | W_REDRAW);
    assert_string_equal(value_of(&F, F_KIND), "cso");
    fk(KEY_LEFT);
    fk(KEY_LEFT); /* a required choice wraps round and is never empty */
    assert_string_equal(value_of(&F, F_KIND), "un_agency");
    ck(' ');
    assert_string_equal(value_of(&F, F_KIND), "local_ngo");
    /* The chosen value is shown between the markers. */
    w_form_draw(&F, stdscr);
    int y = row_with(stdscr, "kind*");
    assert_true(y >= 0);
    assert_true(wt_find(stdscr, y, "‹ local_ngo ›") > wt_find(stdscr, y, "kind*"));
}

static void choice_fields_choose_by_first_letter_and_the_same_letter_again_moves_on(void **state)
{
    (void)state;
    build();
    F.cur = F_KIND;
    ck('c');
    assert_string_equal(value_of(&F, F_KIND), "cso");
    ck('c');
    assert_string_equal(value_of(&F, F_KIND), "community_leader");
    ck('c');
    assert_string_equal(value_of(&F, F_KIND), "cso");
    ck('U'); /* either case */
    assert_string_equal(value_of(&F, F_KIND), "un_agency");
    ck('f');
    assert_string_equal(value_of(&F, F_KIND), "faith_group");
    /* Letters are not typed into a choice field. */
    assert_int_equal(F.f[F_KIND].line.len, (int)strlen("faith_group"));
    /* An empty optional choice takes the first match. */
    F.cur = F_STATUS;
    ck('c');
    assert_string_equal(value_of(&F, F_STATUS), "completed");
    ck('c');
    assert_string_equal(value_of(&F, F_STATUS), "cancelled");
}

static void choice_fields_take_the_first_letters_of_a_word_typed_in_a_row(void **state)
{
    (void)state;
    static const char *const ACT[] = {"dialogue", "truth_commission", "community_court", "training",
                                      "memorialisation", "reparations", "land_restitution", "trauma_healing",
                                      "other", NULL};
    build();
    F.cur = F_KIND;
    ck('f');
    ck('a');
    assert_string_equal(value_of(&F, F_KIND), "faith_group");
    fk(KEY_RIGHT); /* cycling forgets the letters */
    ck('c');
    ck('o');
    assert_string_equal(value_of(&F, F_KIND), "community_leader");
    ck('m'); /* still matches: stays */
    assert_string_equal(value_of(&F, F_KIND), "community_leader");
    /* After a pause, a letter starts a new word. */
    F.f[F_KIND].prefix_ms -= W_FORM_TYPEAHEAD_MS + 1;
    ck('u');
    assert_string_equal(value_of(&F, F_KIND), "un_agency");
    /* A letter that fits no word typed so far starts one of its own. */
    ck('l');
    assert_string_equal(value_of(&F, F_KIND), "local_ngo");
    /* A whole word, on a longer list. */
    struct w_form G;
    w_form_init(&G, " New activity ");
    assert_int_equal(w_form_add(&G, "kind", W_FIELD_CHOICE, NULL, ACT, NULL, 1), 0);
    for (const char *k = "trauma"; *k; k++)
        w_form_key(&G, *k, 0);
    char v[64];
    w_form_value(&G, 0, v, sizeof v);
    assert_string_equal(v, "trauma_healing");
    for (const char *k = "tra"; *k; k++) { /* typed again after a pause */
        G.f[0].prefix_ms -= W_FORM_TYPEAHEAD_MS + 1;
        w_form_key(&G, *k, 0);
    }
    w_form_value(&G, 0, v, sizeof v);
    /* One by one: t moves on to truth_commission, r picks reparations, a
     * fits nothing. */
    assert_string_equal(v, "reparations");
    /* A first letter always moves on, with or without a pause: an edit
     * form's stored "cso" goes to community_leader, then back. */
    F.cur = F_KIND;
    w_line_set(&F.f[F_KIND].line, "cso");
    F.f[F_KIND].prefix[0] = '\0';
    ck('c');
    assert_string_equal(value_of(&F, F_KIND), "community_leader");
    F.f[F_KIND].prefix_ms -= W_FORM_TYPEAHEAD_MS + 1;
    ck('c');
    assert_string_equal(value_of(&F, F_KIND), "cso");
}

static void a_letter_that_starts_no_choice_changes_nothing_and_is_not_typing(void **state)
{
    (void)state;
    build();
    F.cur = F_KIND;
    ck('z');
    assert_string_equal(value_of(&F, F_KIND), "local_ngo");
    /* Nothing changed, so Esc must not ask "Discard?". */
    assert_int_equal(F.typed, 0);
}

static void optional_choice_fields_can_be_emptied_and_show_none(void **state)
{
    (void)state;
    build();
    assert_string_equal(value_of(&F, F_STATUS), "");
    w_form_draw(&F, stdscr);
    int y = row_with(stdscr, "status");
    assert_true(y >= 0);
    assert_true(wt_find(stdscr, y, "(none)") >= 0);
    F.cur = F_STATUS;
    ck(' ');
    assert_string_equal(value_of(&F, F_STATUS), "planned");
    fk(KEY_LEFT);
    assert_string_equal(value_of(&F, F_STATUS), "");
    fk(KEY_LEFT);
    assert_string_equal(value_of(&F, F_STATUS), "cancelled");
    fk(KEY_RIGHT);
    assert_string_equal(value_of(&F, F_STATUS), "");
    w_form_draw(&F, stdscr);
    assert_true(wt_find(stdscr, y, "‹ (none) ›") >= 0);
    fk(KEY_RIGHT);
    assert_string_equal(value_of(&F, F_STATUS), "planned");
}

static void enter_returns_submit_and_esc_returns_cancel(void **state)
{
    (void)state;
    build();
    type_form(&F, "Name");
    assert_true(ck('\n') & W_FORM_SUBMIT);
    assert_true(ck('\r') & W_FORM_SUBMIT);
    assert_true(fk(KEY_ENTER) & W_FORM_SUBMIT);
    assert_false(ck('\n') & W_FORM_CANCEL);
    assert_true(ck(ESC) & W_FORM_CANCEL);
    assert_false(ck(ESC) & W_FORM_SUBMIT);
    /* From a choice field too, and neither key changes the text. */
    F.cur = F_KIND;
    assert_true(ck('\n') & W_FORM_SUBMIT);
    assert_true(ck(ESC) & W_FORM_CANCEL);
    assert_string_equal(value_of(&F, F_NAME), "Name");
    assert_string_equal(value_of(&F, F_KIND), "local_ngo");
    /* An empty form can still be cancelled. */
    struct w_form empty;
    w_form_init(&empty, "x");
    assert_true(w_form_key(&empty, ESC, 0) & W_FORM_CANCEL);
}

static void typed_is_set_only_after_a_change(void **state)
{
    (void)state;
    build();
    w_form_set(&F, F_NAME, "Loaded value"); /* the caller filling in: not typing */
    w_form_error(&F, F_EMAIL, "not an e-mail address", 1);
    w_form_clear_errors(&F);
    assert_int_equal(F.typed, 0);
    F.cur = F_NAME;
    fk(KEY_LEFT);
    fk(KEY_HOME);
    fk(KEY_END);
    ck(CTRL('a'));
    fk(KEY_BACKSPACE); /* nothing before the cursor */
    ck(CTRL('e'));
    fk(KEY_DC);        /* nothing under the cursor */
    ck(CTRL('k'));     /* nothing after it */
    ck('\t');
    fk(KEY_BTAB);
    fk(KEY_DOWN);
    fk(KEY_UP);
    fk(KEY_F(5));
    assert_true(ck('\n') & W_FORM_SUBMIT);
    assert_int_equal(F.typed, 0);
    type_form(&F, "!");
    assert_int_equal(F.typed, 1);

    build();
    F.cur = F_KIND;
    ck(' ');
    assert_int_equal(F.typed, 1);
}

static void w_form_error_shows_the_message_beside_the_field_and_focuses_it(void **state)
{
    (void)state;
    build();
    type_form(&F, "Harbour Watch");
    F.cur = F_EMAIL;
    type_form(&F, "not-an-email");
    F.cur = F_NAME;
    w_form_error(&F, F_EMAIL, "'not-an-email' is not an e-mail address", 1);
    assert_int_equal(F.cur, F_EMAIL);
    w_form_draw(&F, stdscr);
    int y = row_with(stdscr, "email");
    assert_true(y >= 0);
    int vx = wt_find(stdscr, y, "not-an-email");
    assert_true(vx > wt_find(stdscr, y, "email"));
    /* The message is on the next line, starting in the value column. */
    assert_int_equal(wt_find(stdscr, y + 1, "✗ 'not-an-email' is not an e-mail address"), vx);
    assert_int_equal(wt_attr(stdscr, y + 1, vx), w_attr(W_ROLE_ERROR));
    /* Everything typed is still there. */
    assert_true(row_with(stdscr, "Harbour Watch") >= 0);
    assert_string_equal(value_of(&F, F_EMAIL), "not-an-email");
    /* Without focus the cursor stays where it is. */
    w_form_error(&F, F_NAME, "is required", 0);
    assert_int_equal(F.cur, F_EMAIL);
    /* Clearing removes the message. */
    w_form_clear_errors(&F);
    werase(stdscr);
    w_form_draw(&F, stdscr);
    assert_int_equal(row_with(stdscr, "✗"), -1);
}

static void editing_a_field_clears_its_error(void **state)
{
    (void)state;
    build();
    F.cur = F_EMAIL;
    type_form(&F, "x");
    w_form_error(&F, F_EMAIL, "not an e-mail address", 1);
    fk(KEY_LEFT); /* moving is not editing */
    assert_string_equal(F.f[F_EMAIL].error, "not an e-mail address");
    fk(KEY_END);
    type_form(&F, "@y.example");
    assert_string_equal(F.f[F_EMAIL].error, "");
    werase(stdscr);
    w_form_draw(&F, stdscr);
    assert_int_equal(row_with(stdscr, "not an e-mail address"), -1);
}

static void labels_are_right_aligned_with_required_marks_and_hints_show_in_empty_fields(void **state)
{
    (void)state;
    build();
    w_form_draw(&F, stdscr);
    assert_true(row_with(stdscr, " New partner ") >= 0);
    int yn = row_with(stdscr, "name*"), ye = row_with(stdscr, "email");
    assert_true(yn >= 0 && ye > yn);
    /* Labels end in one column. */
    assert_int_equal(wt_find(stdscr, yn, "name*") + 5, wt_find(stdscr, ye, "email") + 5);
    /* An empty unfocused field shows its hint, dim; the focused one does not. */
    assert_true(wt_find(stdscr, ye, "name@domain") >= 0);
    assert_int_equal(wt_attr(stdscr, ye, wt_find(stdscr, ye, "name@domain")), w_attr(W_ROLE_DIM));
    assert_int_equal(wt_find(stdscr, yn, "full name"), -1);
    /* The fixed field shows its value. */
    assert_true(row_with(stdscr, "Antibiotics (450 on hand)") >= 0);
}

static void an_unfocused_long_value_shows_its_beginning(void **state)
{
    (void)state;
    /* Editing a record: a long note that is not being edited should read
     * from its start, not from wherever the (invisible) cursor is. */
    build();
    w_form_set(&F, F_NOTES,
               "Runs 14 community monitors in Upper Kessa, daily SMS reports, and a weekly call with the hub "
               "coordinator on Thursdays.");
    F.cur = F_NAME;
    w_form_draw(&F, stdscr);
    int y = row_with(stdscr, "notes");
    assert_true(y >= 0);
    if (wt_find(stdscr, y, "Runs 14 community") < 0) wt_dump(stdscr);
    assert_true(wt_find(stdscr, y, "Runs 14 community") > wt_find(stdscr, y, "notes"));
}

static void hostile_text_in_a_field_is_drawn_escaped(void **state)
{
    (void)state;
    build();
    w_form_set(&F, F_NAME, "Evil\x1b[2J\x07Name\xE2\x80\xAEgnp.exe");
    w_form_set(&F, F_NOTES, "note\x1b]0;pwned\x07\r\nsecond\xC2\x85line");
    F.title = " Edit \x1b[31mpartner ";
    w_form_error(&F, F_EMAIL, "bad \x1b[5m value", 0);
    snprintf(F.message, sizeof F.message, "changed by \x1b[1mmallory");
    F.cur = F_NOTES; /* one hostile field focused, one not */
    w_form_draw(&F, stdscr);
    assert_no_raw_controls(stdscr);
    int y = row_with(stdscr, "Evil");
    assert_true(y >= 0);
    assert_true(wt_find(stdscr, y, "Evil^[[2J^GName<U+202E>gnp.exe") >= 0);
    assert_true(row_with(stdscr, "note^[]0;pwned^G^M^Jsecond") >= 0);
    assert_true(row_with(stdscr, "bad ^[[5m value") >= 0);
    assert_true(row_with(stdscr, "^[[1mmallory") >= 0);
    /* Swap focus: drawn the same way either way. */
    F.cur = F_NAME;
    werase(stdscr);
    w_form_draw(&F, stdscr);
    assert_no_raw_controls(stdscr);
    assert_true(row_with(stdscr, "Evil^[[2J^GName") >= 0);
}

static void ref_fields_ask_complete_and_show_the_suggestion_while_typing(void **state)
{
    (void)state;
    build();
    F.cur = F_REGION;
    type_form(&F, "tov");
    assert_true(C.calls >= 1);
    assert_string_equal(C.last, "tov");
    assert_string_equal(value_of(&F, F_REGION), "tov"); /* not replaced while typing */
    w_form_draw(&F, stdscr);
    int y = row_with(stdscr, "region");
    assert_true(y >= 0);
    /* The suggestion's label (hostile here) is shown under the field, escaped. */
    assert_true(wt_find(stdscr, y + 1, "→ XV05 Tovreth ^[[31mhub") >= 0);
    assert_no_raw_controls(stdscr);
}

static void ref_fields_take_the_suggestion_when_leaving_the_field(void **state)
{
    (void)state;
    build();
    F.cur = F_REGION;
    type_form(&F, "upp");
    ck('\t');
    assert_int_equal(F.cur, F_STATUS);
    assert_string_equal(value_of(&F, F_REGION), "XV03");
    assert_string_equal(F.f[F_REGION].suggestion, "");
    /* Shift-Tab out of it, and Enter, take it too. */
    build();
    F.cur = F_REGION;
    type_form(&F, "tovr");
    fk(KEY_BTAB);
    assert_string_equal(value_of(&F, F_REGION), "XV05");
    build();
    F.cur = F_REGION;
    type_form(&F, "Tovr");
    assert_true(ck('\n') & W_FORM_SUBMIT);
    assert_string_equal(value_of(&F, F_REGION), "XV05");
}

/* "xv0" begins XV05 and XV03: leaving the field must not pick one. */
static void a_ref_field_that_several_records_match_keeps_what_was_typed_and_says_so(void **state)
{
    (void)state;
    build();
    F.cur = F_REGION;
    type_form(&F, "xv0");
    w_form_draw(&F, stdscr);
    int y = row_with(stdscr, "region");
    assert_true(wt_find(stdscr, y + 1, "several match, type more: XV05 Tovreth") >= 0);
    assert_true(ck('\n') & W_FORM_SUBMIT);
    assert_string_equal(value_of(&F, F_REGION), "xv0");
    /* One more letter names one. */
    build();
    F.cur = F_REGION;
    type_form(&F, "xv03");
    ck('\t');
    assert_string_equal(value_of(&F, F_REGION), "XV03");
}

/* What the officer touched is known field by field, so that a field left
 * alone is saved as stored. */
static void the_form_knows_which_fields_were_changed(void **state)
{
    (void)state;
    build();
    w_form_set(&F, F_NAME, "Kessa Women's Forum");
    for (int i = 0; i < F.n; i++)
        assert_false(w_form_changed(&F, i));
    F.cur = F_NAME;
    ck('x');
    fk(KEY_BACKSPACE); /* typed and taken back: still touched */
    assert_true(w_form_changed(&F, F_NAME));
    assert_false(w_form_changed(&F, F_NOTES));
    F.cur = F_STATUS;
    ck(' ');
    assert_true(w_form_changed(&F, F_STATUS));
    w_form_set(&F, F_NAME, "Reloaded");
    assert_false(w_form_changed(&F, F_NAME));
    assert_false(w_form_changed(&F, -1));
    assert_false(w_form_changed(&F, F.n));
}

/* A field at the editor's limit refuses more, visibly, instead of
 * dropping what was typed without a word. */
static void a_full_field_says_it_is_full(void **state)
{
    (void)state;
    build();
    char *full = malloc(W_LINE_MAX + 1);
    memset(full, 'a', W_LINE_MAX);
    full[W_LINE_MAX] = '\0';
    w_form_set(&F, F_NOTES, full);
    F.cur = F_NOTES;
    ck('b');
    assert_int_equal(F.f[F_NOTES].line.len, W_LINE_MAX);
    assert_non_null(strstr(F.f[F_NOTES].error, "at most 1024 characters"));
    assert_int_equal(w_form_overflowed(&F), F_NOTES); /* the caller refuses to save it unseen */
    fk(KEY_BACKSPACE);
    assert_int_equal(w_form_overflowed(&F), -1);
    ck('b');
    assert_int_equal(F.f[F_NOTES].line.len, W_LINE_MAX);
    assert_int_equal(F.f[F_NOTES].line.buf[W_LINE_MAX - 1], L'b');
    free(full);
}

static void a_ref_field_that_matches_nothing_keeps_what_was_typed(void **state)
{
    (void)state;
    build();
    F.cur = F_REGION;
    type_form(&F, "Nowhere");
    w_form_draw(&F, stdscr);
    assert_int_equal(row_with(stdscr, "→"), -1);
    ck('\t');
    assert_string_equal(value_of(&F, F_REGION), "Nowhere");
    /* A text field never calls complete. */
    int calls = C.calls;
    F.cur = F_EMAIL;
    type_form(&F, "tov");
    ck('\t');
    assert_int_equal(C.calls, calls);
    assert_string_equal(value_of(&F, F_EMAIL), "tov");
}

static void an_exact_reference_shows_no_suggestion(void **state)
{
    (void)state;
    build();
    F.cur = F_REGION;
    type_form(&F, "XV05");
    assert_string_equal(F.f[F_REGION].suggestion, "");
    ck('\t');
    assert_string_equal(value_of(&F, F_REGION), "XV05");
}

static void after_a_reload_what_was_typed_is_shown_beside_the_field(void **state)
{
    (void)state;
    build();
    w_form_set(&F, F_EMAIL, "first@kvpn.example");
    snprintf(F.f[F_EMAIL].theirs, sizeof F.f[F_EMAIL].theirs, "%s", "second@kvpn.example");
    w_form_draw(&F, stdscr);
    int y = row_with(stdscr, "first@kvpn.example");
    assert_true(y >= 0);
    assert_true(wt_find(stdscr, y + 1, "you typed: second@kvpn.example") >= 0);
}

static void a_form_taller_than_the_screen_scrolls_to_the_focused_field(void **state)
{
    (void)state;
    static const char *const names[] = {"f01", "f02", "f03", "f04", "f05", "f06", "f07", "f08", "f09", "f10",
                                        "f11", "f12", "f13", "f14", "f15", "f16", "f17", "f18", "f19", "f20"};
    struct w_form g;
    w_form_init(&g, "tall");
    for (int i = 0; i < 20; i++) w_form_add(&g, names[i], W_FIELD_TEXT, NULL, NULL, NULL, 0);
    WINDOW *w = newwin(12, 60, 0, 0);
    for (int i = 0; i < 19; i++) w_form_key(&g, '\t', 0);
    assert_int_equal(g.cur, 19);
    w_form_draw(&g, w);
    assert_true(row_with(w, "f20") >= 0);
    /* An error under the last field still fits. */
    w_form_error(&g, 19, "is required", 1);
    werase(w);
    w_form_draw(&g, w);
    assert_true(row_with(w, "f20") >= 0);
    assert_true(row_with(w, "✗ is required") >= 0);
    w_form_key(&g, '\t', 0);
    werase(w);
    w_form_draw(&g, w);
    assert_true(row_with(w, "f01") >= 0);
    delwin(w);
}

static void ascii_terminals_get_ascii_markers(void **state)
{
    (void)state;
    build();
    F.cur = F_EMAIL;
    w_form_error(&F, F_EMAIL, "not an e-mail address", 1);
    F.cur = F_REGION;
    type_form(&F, "tov");
    w_form_draw(&F, stdscr);
    int y = row_with(stdscr, "kind*");
    assert_true(wt_find(stdscr, y, "< local_ngo >") >= 0);
    assert_true(row_with(stdscr, "! not an e-mail address") >= 0);
    assert_true(row_with(stdscr, "-> XV05 Tovreth") >= 0);
}

#define UTF8(t) cmocka_unit_test_setup_teardown(t, wt_setup_utf8, wt_teardown)
#define VT100(t) cmocka_unit_test_setup_teardown(t, wt_setup_vt100, wt_teardown)

int main(void)
{
    const struct CMUnitTest tests[] = {
        UTF8(typing_inserts_at_the_cursor_and_left_right_move_it),
        UTF8(set_puts_the_cursor_at_the_end_and_is_not_a_change),
        UTF8(home_end_and_ctrl_a_ctrl_e_jump_to_the_ends),
        UTF8(ctrl_b_and_ctrl_f_move_like_left_and_right),
        UTF8(backspace_deletes_before_the_cursor_in_all_its_spellings),
        UTF8(delete_and_ctrl_d_delete_under_the_cursor),
        UTF8(ctrl_k_kills_to_the_end_and_ctrl_u_to_the_start),
        UTF8(ctrl_w_kills_the_word_before_the_cursor_with_the_spaces_after_it),
        UTF8(enter_esc_and_tab_are_left_to_the_caller),
        UTF8(utf8_and_wide_characters_are_inserted_as_whole_characters),
        UTF8(w_line_get_round_trips_utf8),
        UTF8(a_full_line_refuses_more_characters_without_overflowing),
        UTF8(wide_characters_take_two_columns_and_the_cursor_cell_is_reversed),
        UTF8(a_field_longer_than_its_box_scrolls_so_the_cursor_stays_visible),
        UTF8(wide_text_longer_than_its_box_scrolls_without_splitting_characters),
        UTF8(a_wide_character_under_the_cursor_at_the_box_edge_is_scrolled_into_view),
        UTF8(control_characters_in_the_text_are_drawn_escaped_and_the_cursor_stays_in_view),
        UTF8(a_combining_accent_stays_on_its_letter),
        UTF8(tab_and_down_go_to_the_next_field_and_skip_fixed_ones),
        UTF8(shift_tab_and_up_go_to_the_previous_field_and_skip_fixed_ones),
        UTF8(key_btab_is_a_function_key_and_the_same_number_as_a_character_is_text),
        UTF8(keys_on_a_fixed_field_change_nothing),
        UTF8(text_fields_edit_with_the_line_editor_keys),
        UTF8(choice_fields_cycle_with_space_and_right_forward_and_left_back),
        UTF8(choice_fields_choose_by_first_letter_and_the_same_letter_again_moves_on),
        UTF8(choice_fields_take_the_first_letters_of_a_word_typed_in_a_row),
        UTF8(a_letter_that_starts_no_choice_changes_nothing_and_is_not_typing),
        UTF8(optional_choice_fields_can_be_emptied_and_show_none),
        UTF8(enter_returns_submit_and_esc_returns_cancel),
        UTF8(typed_is_set_only_after_a_change),
        UTF8(w_form_error_shows_the_message_beside_the_field_and_focuses_it),
        UTF8(editing_a_field_clears_its_error),
        UTF8(labels_are_right_aligned_with_required_marks_and_hints_show_in_empty_fields),
        UTF8(an_unfocused_long_value_shows_its_beginning),
        UTF8(hostile_text_in_a_field_is_drawn_escaped),
        UTF8(ref_fields_ask_complete_and_show_the_suggestion_while_typing),
        UTF8(a_ref_field_that_several_records_match_keeps_what_was_typed_and_says_so),
        UTF8(the_form_knows_which_fields_were_changed),
        UTF8(a_full_field_says_it_is_full),
        UTF8(ref_fields_take_the_suggestion_when_leaving_the_field),
        UTF8(a_ref_field_that_matches_nothing_keeps_what_was_typed),
        UTF8(an_exact_reference_shows_no_suggestion),
        UTF8(after_a_reload_what_was_typed_is_shown_beside_the_field),
        UTF8(a_form_taller_than_the_screen_scrolls_to_the_focused_field),
        VT100(ascii_terminals_get_ascii_markers),
    };
    return cmocka_run_group_tests_name("widgets/form", tests, NULL, NULL);
}
