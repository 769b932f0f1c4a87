/* widgets/detail.h — a record's fields as "label  value" lines: labels
 * right-aligned in one column, values wrapped beside them, line breaks in a
 * value kept as separate lines, the whole scrollable. */
#ifndef VIGIL_WIDGETS_DETAIL_H
#define VIGIL_WIDGETS_DETAIL_H

#include <curses.h>
#include "widgets/widget.h"

struct w_detail_field {
    const char *label; /* raw                      */
    const char *value; /* raw; NULL shows as empty */
};

struct w_detail {
    const struct w_detail_field *fields; /* owned by the caller           */
    int n;
    int top;   /* private: first line shown                             */
    int page;  /* private: rows at the last draw                        */
    int lines; /* private: lines the fields took at the last draw       */
};

/* Show n fields from the top. The fields must stay valid until the next
 * w_detail_set(). */
void w_detail_set(struct w_detail *d, const struct w_detail_field *fields, int n);

/* Draw into the whole of w. The rightmost column holds "▲"/"▼" ("^"/"v")
 * when there is more above/below. Labels take at most a third of the
 * width. */
void w_detail_draw(struct w_detail *d, WINDOW *w);

/* Scroll by a movement request, using the size seen at the last draw.
 * Returns 1 if the view changed, 0 otherwise. */
int w_detail_scroll(struct w_detail *d, enum w_move m);

/* Scroll for a movement key (see w_key_move); returns W_HANDLED|W_REDRAW,
 * W_HANDLED when already at the end, 0 for keys it does not use. */
unsigned w_detail_key(struct w_detail *d, int key, int fn);

#endif
