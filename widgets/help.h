/* widgets/help.h — the "Keys" overlay: a centred box listing (key,
 * description) pairs grouped under section headings, scrollable when it
 * does not fit. The caller generates the entries from its live key table,
 * so help cannot drift from the bindings. */
#ifndef VIGIL_WIDGETS_HELP_H
#define VIGIL_WIDGETS_HELP_H

#include <curses.h>

/* key == NULL makes text a section heading. */
struct w_help_entry {
    const char *key;
    const char *text;
};

struct w_help {
    const struct w_help_entry *entries; /* owned by the caller, must outlive h */
    int n;
    int top;   /* private: first line shown */
    int page;  /* private: lines visible at the last draw */
};

/* Start showing entries (n of them) from the top. */
void w_help_open(struct w_help *h, const struct w_help_entry *entries, int n);

/* Draw the box, centred in w, over whatever is there. Does nothing when w
 * is too small for a box. */
void w_help_draw(struct w_help *h, WINDOW *w);

/* Handle one key (see widget.h for key/fn). Movement keys scroll; Esc, q,
 * ? and F1 close (W_CLOSE). The overlay is modal, so every other key is
 * swallowed (W_HANDLED) except KEY_RESIZE, which is left to the caller
 * (returns 0). */
unsigned w_help_key(struct w_help *h, int key, int fn);

#endif
