/* widgets/detail.c — the detail pane. */
#include "widgets/detail.h"

#include "widgets/text.h"
#include "widgets/theme.h"

void w_detail_set(struct w_detail *d, const struct w_detail_field *fields, int n)
{
    d->fields = fields;
    d->n = fields && n > 0 ? n : 0;
    d->top = 0;
    d->page = 1;
    d->lines = 0;
}

struct ctx {
    WINDOW *w;
    const char *label;
    int base;   /* line number of this field's first line */
    int top, rows, lw, vw;
};

static void draw_line(void *arg, int index, const char *text)
{
    struct ctx *c = arg;
    int y = c->base + index - c->top;
    if (y < 0 || y >= c->rows) return;
    /* Only a field's first line carries its label. */
    w_text_put(c->w, y, 0, c->lw, index == 0 ? c->label : "", w_attr(W_ROLE_DIM), W_ALIGN_RIGHT);
    w_text_fill(c->w, y, c->lw, 2, w_attr(W_ROLE_NORMAL));
    w_text_put_clean(c->w, y, c->lw + 2, c->vw, text, w_attr(W_ROLE_NORMAL), W_ALIGN_LEFT);
}

static int clamp(struct w_detail *d)
{
    int max = d->lines - d->page, old = d->top;
    if (d->top > max) d->top = max;
    if (d->top < 0) d->top = 0;
    return d->top != old;
}

void w_detail_draw(struct w_detail *d, WINDOW *w)
{
    int rows, cols;
    if (!w || !d) return;
    getmaxyx(w, rows, cols);
    if (rows < 1 || cols < 1) return;

    int lw = 0;
    for (int i = 0; i < d->n; i++) {
        int l = w_text_width(d->fields[i].label);
        if (l > lw) lw = l;
    }
    if (lw > cols / 3) lw = cols / 3;
    if (lw < 1) lw = 1;
    int vw = cols - lw - 3; /* two spaces after the label, a scroll column */
    if (vw < 1) {
        for (int y = 0; y < rows; y++) w_text_fill(w, y, 0, cols, w_attr(W_ROLE_NORMAL));
        return;
    }

    /* First count, so a shrunken value or window cannot leave the view
     * scrolled past the end; then draw only the visible lines. */
    int total = 0;
    for (int i = 0; i < d->n; i++) {
        int l = w_text_lines(d->fields[i].value, vw, NULL, NULL);
        total += l > 0 ? l : 1;
    }
    d->lines = total;
    d->page = rows;
    clamp(d);

    struct ctx c = { w, NULL, 0, d->top, rows, lw, vw };
    for (int i = 0; i < d->n && c.base < d->top + rows; i++) {
        c.label = d->fields[i].label;
        int l = w_text_lines(d->fields[i].value, vw, draw_line, &c);
        c.base += l > 0 ? l : 1;
    }
    for (int y = c.base - d->top; y < rows; y++)
        if (y >= 0) w_text_fill(w, y, 0, cols - 1, w_attr(W_ROLE_NORMAL));

    for (int y = 0; y < rows; y++) {
        if (y == 0 && d->top > 0)
            w_glyph(w, y, cols - 1, L'▲', '^', w_attr(W_ROLE_DIM));
        else if (y == rows - 1 && d->top + rows < total)
            w_glyph(w, y, cols - 1, L'▼', 'v', w_attr(W_ROLE_DIM));
        else
            w_text_fill(w, y, cols - 1, 1, w_attr(W_ROLE_NORMAL));
    }
}

int w_detail_scroll(struct w_detail *d, enum w_move m)
{
    int old = d->top, page = d->page > 1 ? d->page : 1;
    switch (m) {
    case W_MOVE_UP:        d->top--; break;
    case W_MOVE_DOWN:      d->top++; break;
    case W_MOVE_PAGE_UP:   d->top -= page; break;
    case W_MOVE_PAGE_DOWN: d->top += page; break;
    case W_MOVE_HOME:      d->top = 0; break;
    case W_MOVE_END:       d->top = d->lines; break;
    }
    clamp(d);
    return d->top != old;
}

unsigned w_detail_key(struct w_detail *d, int key, int fn)
{
    int m = w_key_move(key, fn);
    if (m < 0) return 0;
    return w_detail_scroll(d, (enum w_move)m) ? W_HANDLED | W_REDRAW : W_HANDLED;
}
