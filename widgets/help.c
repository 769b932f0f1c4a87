/* widgets/help.c — the help overlay. */
#include "widgets/help.h"

#include <stdio.h>

#include "widgets/box.h"
#include "widgets/text.h"
#include "widgets/theme.h"
#include "widgets/widget.h"

/* Widest key column; longer keys are truncated rather than squeeze text. */
#define KEYCOL_MAX 16

/* Lines the entries take: one each, plus a blank line before every heading
 * but the first line. Entry of line `line` goes to *entry (-1: blank). */
static int line_count(const struct w_help *h, int line, int *entry)
{
    int l = 0;
    if (entry) *entry = -1;
    for (int i = 0; i < h->n; i++) {
        if (!h->entries[i].key && l > 0) l++; /* blank before a heading */
        if (entry && l == line) *entry = i;
        l++;
    }
    return l;
}

void w_help_open(struct w_help *h, const struct w_help_entry *entries, int n)
{
    h->entries = entries;
    h->n = entries && n > 0 ? n : 0;
    h->top = 0;
    h->page = 1;
}

static void clamp(struct w_help *h)
{
    int max = line_count(h, -1, NULL) - h->page;
    if (h->top > max) h->top = max;
    if (h->top < 0) h->top = 0;
}

void w_help_draw(struct w_help *h, WINDOW *w)
{
    int kw = 0, tw = 0;
    if (!w) return;
    for (int i = 0; i < h->n; i++) {
        const struct w_help_entry *e = &h->entries[i];
        int k = e->key ? w_text_width(e->key) : 0;
        if (k > kw) kw = k;
    }
    if (kw > KEYCOL_MAX) kw = KEYCOL_MAX;
    /* Every description starts after the widest key: measure from there. */
    for (int i = 0; i < h->n; i++) {
        const struct w_help_entry *e = &h->entries[i];
        int t = w_text_width(e->text) + (e->key ? kw + 2 : 0);
        if (t > tw) tw = t;
    }
    int lines = line_count(h, -1, NULL);
    /* Width of the longest line, at least wide enough for the footer;
     * a margin of two columns inside each side of the frame. */
    struct w_rect r = w_box_center(w, lines + 2, (tw < 30 ? 30 : tw) + 6);
    if (r.h < 3 || r.w < 8) return;

    h->page = r.h - 2;
    clamp(h);
    char foot[64] = "Esc close";
    if (lines > h->page) {
        int last = h->top + h->page < lines ? h->top + h->page : lines;
        snprintf(foot, sizeof foot, "%d-%d of %d  Esc close", h->top + 1, last, lines);
    }
    w_box_draw(w, r, "Keys", foot);

    int x = r.x + 2, width = r.w - 4;
    if (kw > width / 2) kw = width / 2;
    for (int row = 0; row < h->page; row++) {
        int entry;
        line_count(h, h->top + row, &entry);
        if (entry < 0) continue;
        const struct w_help_entry *e = &h->entries[entry];
        int y = r.y + 1 + row;
        if (!e->key) {
            w_text_put(w, y, x, width, e->text, w_attr(W_ROLE_HEADER), W_ALIGN_LEFT);
            continue;
        }
        int k = w_text_width(e->key);
        if (k > kw) k = kw;
        w_text_put(w, y, x, k, e->key, w_attr(W_ROLE_HINT_KEY), W_ALIGN_LEFT);
        if (width - kw - 2 > 0)
            w_text_put(w, y, x + kw + 2, width - kw - 2, e->text, w_attr(W_ROLE_NORMAL), W_ALIGN_LEFT);
    }
}

unsigned w_help_key(struct w_help *h, int key, int fn)
{
    if (fn && key == KEY_RESIZE) return 0;
    if ((fn && key == KEY_F(1)) || (!fn && (key == W_KEY_ESC || key == 'q' || key == '?')))
        return W_HANDLED | W_CLOSE;

    int old = h->top, page = h->page > 1 ? h->page : 1;
    switch (w_key_move(key, fn)) {
    case W_MOVE_UP:        h->top--; break;
    case W_MOVE_DOWN:      h->top++; break;
    case W_MOVE_PAGE_UP:   h->top -= page; break;
    case W_MOVE_PAGE_DOWN: h->top += page; break;
    case W_MOVE_HOME:      h->top = 0; break;
    case W_MOVE_END:       h->top = line_count(h, -1, NULL); break;
    default:               return W_HANDLED;
    }
    clamp(h);
    return h->top != old ? W_HANDLED | W_REDRAW : W_HANDLED;
}
