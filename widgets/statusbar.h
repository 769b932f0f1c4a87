/* widgets/statusbar.h — the bottom line: key hints from the caller's key
 * table, or a message, plus an optional right-hand note (e.g. the table
 * position "12 of 340"). */
#ifndef VIGIL_WIDGETS_STATUSBAR_H
#define VIGIL_WIDGETS_STATUSBAR_H

#include <curses.h>

/* One hint: the key as the user types it ("?", "F1", "^L") and what it
 * does ("help"). */
struct w_hint {
    const char *key;
    const char *label;
};

struct w_statusbar {
    const struct w_hint *hints; /* in priority order, most important first */
    int nhints;
    const char *message;        /* non-empty: shown instead of the hints    */
    int error;                  /* message is an error (W_ROLE_ERROR)       */
    const char *right;          /* right-aligned note; may be NULL          */
};

/* Draw sb across line y of w in W_ROLE_STATUS. A message takes precedence
 * over the hints; otherwise whole hints ("key label", key in
 * W_ROLE_HINT_KEY) are shown in order until the next one does not fit.
 * The right note is kept only when it leaves at least half the line.
 * Returns the number of hints shown, or -1 when nothing could be drawn. */
int w_statusbar_draw(WINDOW *w, int y, const struct w_statusbar *sb);

#endif
