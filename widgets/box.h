/* widgets/box.h — a framed, blanked rectangle for overlays (help, dialogs),
 * drawn into a region of the caller's window: the overlay is painted over
 * whatever the panel drew this frame, so no extra curses window exists to
 * be kept in sync. */
#ifndef VIGIL_WIDGETS_BOX_H
#define VIGIL_WIDGETS_BOX_H

#include <curses.h>

/* A rectangle in window coordinates. */
struct w_rect {
    int y, x, h, w;
};

/* A rectangle of (at most) h rows by wd columns centred in win; it is
 * shrunk to fit the window. Returns it (h or w may be 0 for a 0-size
 * window). */
struct w_rect w_box_center(WINDOW *win, int h, int wd);

/* Frame r in W_ROLE_BORDER (box-drawing characters, or ACS lines in ASCII
 * mode), blank its inside, and write title (raw, may be NULL) into the top
 * edge and footer (raw, may be NULL) right-aligned into the bottom edge.
 * Returns 0, or -1 if r is smaller than 2x2 or not inside win (then nothing
 * is drawn). */
int w_box_draw(WINDOW *win, struct w_rect r, const char *title, const char *footer);

#endif
