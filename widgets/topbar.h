/* widgets/topbar.h — the top line: product, database name, numbered tabs,
 * open alert counts and the clock.
 *
 * It never wraps or overflows. As the width shrinks it first shortens the
 * tabs (see tabs.h) while keeping at least ten columns of the database
 * name, then shortens the database name (with "…") and drops it, then drops
 * the product name. Tab numbers, alert counts and the clock stay. */
#ifndef VIGIL_WIDGETS_TOPBAR_H
#define VIGIL_WIDGETS_TOPBAR_H

#include <curses.h>

struct w_topbar {
    const char *product;      /* "vigil"; may be NULL                          */
    const char *db;           /* database name as the user should see it; NULL */
    const char *const *tabs;  /* tab labels; tab i is selected by key i+1      */
    int ntabs;
    int active;               /* index of the active tab                       */
    int red, amber;           /* open alert counts; both < 0 hides them        */
    const char *clock;        /* "HH:MM" from the caller; widgets never read
                                 the clock. NULL hides it                      */
};

/* Draw tb across the whole width of line y of w in W_ROLE_TITLE. Alert
 * counts are level badges with the count ("■R3 ▲A5"), in the level's role
 * when non-zero. Does nothing if w is NULL or y is outside it. */
void w_topbar_draw(WINDOW *w, int y, const struct w_topbar *tb);

#endif
