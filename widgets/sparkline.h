/* widgets/sparkline.h — a row of eight-step bars, one cell per period.
 *
 * UTF-8: ▁▂▃▄▅▆▇█, with "·" for a period that has no value; ASCII:
 * "_.-~=+*#", with a space for no value. The lowest value shown maps to the
 * lowest step and the highest to the highest; a flat series sits on the
 * lowest step. Each cell may carry its own role, so values past a threshold
 * can stand out (the step height still tells the value without colour). */
#ifndef VIGIL_WIDGETS_SPARKLINE_H
#define VIGIL_WIDGETS_SPARKLINE_H

#include <curses.h>
#include "widgets/theme.h"

/* Which of the eight steps (0..7) v takes on the scale lo..hi. Values
 * outside the scale are clamped; lo >= hi gives 0. */
int w_sparkline_step(double v, double lo, double hi);

/* Draw n periods (oldest first) at (y, x) in `width` columns. present[i]
 * non-zero means values[i] is a value (present may be NULL: all present;
 * a non-finite value counts as absent). When n > width only the newest
 * `width` periods are shown; when n < width the rest is blank. roles[i]
 * (may be NULL) colours cell i; absent cells are W_ROLE_DIM. Returns the
 * number of cells drawn, or -1 when nothing could be drawn. */
int w_sparkline_draw(WINDOW *w, int y, int x, int width, const double *values,
                     const unsigned char *present, int n, const enum w_role *roles);

/* Fill roles[0..n) from thresholds as SPEC §3 defines levels: with
 * higher_is_worse, a value >= red is W_ROLE_LEVEL_RED, else >= amber is
 * W_ROLE_LEVEL_AMBER; otherwise <= red / <= amber. A NaN threshold is
 * never reached. Other and absent cells get W_ROLE_NORMAL. */
void w_sparkline_roles(const double *values, const unsigned char *present, int n,
                       double amber, double red, int higher_is_worse,
                       enum w_role *roles);

#endif
