/* widgets/toosmall.h — the screen shown instead of a broken layout when
 * the terminal is smaller than the dashboard needs (SPEC §4: 80x24). */
#ifndef VIGIL_WIDGETS_TOOSMALL_H
#define VIGIL_WIDGETS_TOOSMALL_H

#include <curses.h>

/* Clear w and centre a notice giving its current size and the minimum
 * (min_cols x min_rows), with note (NULL for none) as its last line in
 * place of the advice to enlarge the window. Fits what it can down to a
 * 1x1 window; never draws outside w. Does nothing if w is NULL. */
void w_toosmall_draw(WINDOW *w, int min_cols, int min_rows, const char *note);

#endif
