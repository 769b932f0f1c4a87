/* widgets/widget.h — what every widget shares: the flags key handlers
 * return, movement requests, and the key convention.
 *
 * Widgets never own the main loop and never read the keyboard. A key
 * handler is given one key the way wget_wch() delivered it: `key` is the
 * character (a Unicode code point) or, when `fn` is non-zero, a curses
 * KEY_* code. Keeping the flag avoids confusing KEY_DOWN (0402) with the
 * character U+0102. Handlers answer with W_* bit flags and leave the
 * decision to the caller. */
#ifndef VIGIL_WIDGETS_WIDGET_H
#define VIGIL_WIDGETS_WIDGET_H

enum {
    W_HANDLED = 1 << 0, /* the widget used the key                          */
    W_REDRAW  = 1 << 1, /* the widget looks different: draw it this frame   */
    W_CLOSE   = 1 << 2  /* a modal widget (help, message) asks to be closed */
};

/* Movement requests shared by the table, help overlay and detail pane. */
enum w_move {
    W_MOVE_UP, W_MOVE_DOWN,
    W_MOVE_PAGE_UP, W_MOVE_PAGE_DOWN,
    W_MOVE_HOME, W_MOVE_END
};

#define W_KEY_ESC 27

/* The movement a key means in a scrolling overlay (help, detail): arrows,
 * k/j, PgUp/PgDn, Space/b, Home/End, g/G. Returns the w_move, or -1 when
 * the key is not a movement. */
int w_key_move(int key, int fn);

#endif
