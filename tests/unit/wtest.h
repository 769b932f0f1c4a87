/* tests/unit/wtest.h — virtual screens for widget tests.
 *
 * Widgets draw into ncurses' in-memory screen (output to /dev/null, as
 * tig's tests do); the tests read a window back cell by cell and assert
 * what a user would see. Everything is pinned: locale C.UTF-8, terminal
 * type and size. */
#ifndef VIGIL_WTEST_H
#define VIGIL_WTEST_H

#include <curses.h>
#include <limits.h>
#include <locale.h>
#include <wchar.h>

#include "testutil.h"
#include "core/sanitize.h"
#include "widgets/text.h"
#include "widgets/theme.h"

struct wt_screen {
    SCREEN *scr;
    FILE *out, *in;
};

static inline struct wt_screen *wt_state(void)
{
    static struct wt_screen s;
    return &s;
}

/* Open a rows x cols virtual terminal of type term ("xterm-256color",
 * "vt100") and initialise the theme. */
static inline void wt_open(const char *term, int rows, int cols, int colour, int unicode)
{
    struct wt_screen *s = wt_state();
    assert_non_null(setlocale(LC_ALL, "C.UTF-8"));
    s->out = fopen("/dev/null", "w");
    s->in = fopen("/dev/null", "r");
    assert_non_null(s->out);
    assert_non_null(s->in);
    s->scr = newterm(term, s->out, s->in);
    assert_non_null(s->scr);
    set_term(s->scr);
    assert_int_equal(resizeterm(rows, cols), OK);
    w_theme_init(colour, unicode);
}

static inline void wt_close(void)
{
    struct wt_screen *s = wt_state();
    endwin();
    delscreen(s->scr);
    fclose(s->out);
    fclose(s->in);
    s->scr = NULL;
}

/* cmocka setup/teardown pairs for the usual screens. */
static inline int wt_setup_utf8(void **state)
{
    (void)state;
    wt_open("xterm-256color", 24, 80, 1, 1);
    return 0;
}

static inline int wt_setup_vt100(void **state)
{
    (void)state;
    wt_open("vt100", 24, 80, 0, 0);
    return 0;
}

static inline int wt_teardown(void **state)
{
    (void)state;
    wt_close();
    return 0;
}

/* Line y of w as UTF-8: each character once (a wide character's second
 * cell is skipped), combining marks kept, ACS line drawing as + - |.
 * Trailing spaces are kept, so the width of the result is the window's. */
static inline char *wt_line(WINDOW *w, int y, char *buf, size_t size)
{
    assert_true(y >= 0 && y < getmaxy(w));
    size_t n = w_read_line(w, y, buf, size);
    assert_true(n + 1 < size); /* the line fitted */
    return buf;
}

/* Line y with trailing spaces removed. */
static inline char *wt_text(WINDOW *w, int y, char *buf, size_t size)
{
    wt_line(w, y, buf, size);
    size_t n = strlen(buf);
    while (n > 0 && buf[n - 1] == ' ') buf[--n] = '\0';
    return buf;
}

/* Screen column where needle first appears on line y of w, or -1. */
static inline int wt_find(WINDOW *w, int y, const char *needle)
{
    char buf[4096];
    wt_line(w, y, buf, sizeof buf);
    char *p = strstr(buf, needle);
    if (!p) return -1;
    *p = '\0';
    return core_text_width(buf);
}

/* Attributes (with the colour pair) of the cell at (y, x). */
static inline attr_t wt_attr(WINDOW *w, int y, int x)
{
    cchar_t cc;
    wchar_t wc[CCHARW_MAX + 1];
    attr_t a;
    short pair;
    assert_int_not_equal(mvwin_wch(w, y, x, &cc), ERR);
    getcchar(&cc, wc, &a, &pair, NULL);
    return (a & ~A_COLOR) | (attr_t)COLOR_PAIR(pair);
}

/* The cell's character (first code point). */
static inline wchar_t wt_char(WINDOW *w, int y, int x)
{
    cchar_t cc;
    wchar_t wc[CCHARW_MAX + 1] = { 0 };
    attr_t a;
    short pair;
    assert_int_not_equal(mvwin_wch(w, y, x, &cc), ERR);
    getcchar(&cc, wc, &a, &pair, NULL);
    return wc[0];
}

/* Print the window, for a failing test's log. */
static inline void wt_dump(WINDOW *w)
{
    char buf[4096];
    for (int y = 0; y < getmaxy(w); y++) print_message("%2d|%s|\n", y, wt_line(w, y, buf, sizeof buf));
}

#endif
