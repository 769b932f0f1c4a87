/* widgets/theme.h — colours by role, with a monochrome column, and the
 * terminal's character repertoire (UTF-8 or ASCII/ACS).
 *
 * Widgets never name a colour; they ask for a role. Every role has a
 * monochrome attribute (bold, reverse, underline, dim) so nothing depends
 * on colour, and level roles are always drawn with a letter as well.
 *
 * The role table and the two mode flags are the library's only
 * module-level state, set once by w_theme_init(): curses colour pairs are
 * process-global anyway, so a per-widget copy would only pretend otherwise.
 * Before w_theme_init() the monochrome table and ASCII mode are in force.
 * The theme owns colour pairs 1..W_ROLE_COUNT. */
#ifndef VIGIL_WIDGETS_THEME_H
#define VIGIL_WIDGETS_THEME_H

#include <curses.h>

enum w_role {
    W_ROLE_NORMAL,       /* ordinary text                                   */
    W_ROLE_HEADER,       /* table header row, section headings              */
    W_ROLE_SELECTED,     /* selected row of the focused widget              */
    W_ROLE_SELECTED_DIM, /* selected row of an unfocused widget             */
    W_ROLE_TAB,          /* an inactive tab in the top bar                  */
    W_ROLE_TAB_ACTIVE,   /* the active tab                                  */
    W_ROLE_TITLE,        /* the top bar itself                              */
    W_ROLE_STATUS,       /* the bottom bar and hint labels                  */
    W_ROLE_HINT_KEY,     /* the key part of a hint, keys in the help box    */
    W_ROLE_MESSAGE,      /* an informational message                        */
    W_ROLE_ERROR,        /* an error message                                */
    W_ROLE_LEVEL_RED,
    W_ROLE_LEVEL_AMBER,
    W_ROLE_LEVEL_GREEN,
    W_ROLE_LEVEL_NONE,
    W_ROLE_MARKED,       /* a row that needs attention (stock below minimum) */
    W_ROLE_DIM,          /* secondary text: labels, empty-state text         */
    W_ROLE_BORDER,       /* box frames and column separators                 */
    W_ROLE_COUNT
};

/* Set up the role table. Call after initscr()/newterm() and before drawing.
 * use_colour: the caller's decision (false when NO_COLOR is non-empty,
 * --no-color was given or !has_colors()); unicode: whether the locale's
 * codeset is UTF-8 (nl_langinfo(CODESET)). With colour, the terminal's
 * default colours show through (use_default_colors(), background -1).
 * Returns 1 if colour is in use, 0 if monochrome (also when start_color()
 * or use_default_colors() fails, which is not an error). */
int w_theme_init(int use_colour, int unicode);

/* The attribute (including colour pair) for a role; out-of-range roles get
 * W_ROLE_NORMAL's. */
attr_t w_attr(enum w_role role);

/* 1 when widgets may draw UTF-8 symbols and box drawing, 0 for ASCII and
 * ACS line drawing. */
int w_unicode(void);

/* 1 when colour is in use. */
int w_colour(void);

#endif
