/* widgets/level.h — alert levels as badges that read without colour.
 *
 * A level is always shown with a symbol and its letter (R, A, G) as well
 * as its role's colour, so NO_COLOR and vt100 users read it as easily:
 *   UTF-8:  red "■R"  amber "▲A"  green "●G"  none "·-"
 *   ASCII:  red "R!"  amber "A^"  green "G."  none "--"
 * Every badge is exactly two columns, so columns of badges line up. */
#ifndef VIGIL_WIDGETS_LEVEL_H
#define VIGIL_WIDGETS_LEVEL_H

#include <curses.h>
#include "widgets/theme.h"

enum w_level { W_LEVEL_NONE, W_LEVEL_GREEN, W_LEVEL_AMBER, W_LEVEL_RED };

/* The two-column badge for a level in the current mode (see above).
 * Out-of-range levels are treated as W_LEVEL_NONE. Never NULL. */
const char *w_level_badge(enum w_level level);

/* The level's letter: "R", "A", "G" or "-". Never NULL. */
const char *w_level_letter(enum w_level level);

/* The level's name: "red", "amber", "green" or "none". Never NULL. */
const char *w_level_name(enum w_level level);

/* The colour role that goes with a level. */
enum w_role w_level_role(enum w_level level);

/* Draw a level into `width` columns at (y, x) in its role: the letter alone
 * when width is 1, the badge from 2, the badge and name ("▲A amber") from
 * 8; padded with spaces in W_ROLE_NORMAL. Returns the columns the level
 * itself took, or -1 when nothing could be drawn. */
int w_level_draw(WINDOW *w, int y, int x, int width, enum w_level level);

#endif
