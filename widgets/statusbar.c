/* widgets/statusbar.c — the bottom bar. */
#include "widgets/statusbar.h"

#include "widgets/text.h"
#include "widgets/theme.h"

int w_statusbar_draw(WINDOW *w, int y, const struct w_statusbar *sb)
{
    int maxy, maxx;
    if (!w || !sb) return -1;
    getmaxyx(w, maxy, maxx);
    if (y < 0 || y >= maxy) return -1;
    attr_t base = w_attr(W_ROLE_STATUS);
    w_text_fill(w, y, 0, maxx, base);

    int end = maxx; /* left part stops before this column */
    if (sb->right && *sb->right) {
        int rw = w_text_width(sb->right);
        if (rw + 2 <= maxx / 2) {
            w_text_put_right(w, y, maxx - 1, rw, sb->right, base);
            end = maxx - 1 - rw - 2;
        }
    }

    if (sb->message && *sb->message) {
        attr_t a = w_attr(sb->error ? W_ROLE_ERROR : W_ROLE_MESSAGE);
        int mw = w_text_width(sb->message) + 2; /* a space either side */
        if (mw > end) mw = end;
        w_text_put(w, y, 0, mw, sb->message, a, W_ALIGN_CENTER);
        return 0;
    }

    int x = 1, shown = 0;
    attr_t key = w_attr(W_ROLE_HINT_KEY);
    for (int i = 0; i < sb->nhints; i++) {
        const struct w_hint *h = &sb->hints[i];
        int kw = w_text_width(h->key), lw = w_text_width(h->label);
        if (x + kw + 1 + lw > end) break;
        w_text_put(w, y, x, kw, h->key, key, W_ALIGN_LEFT);
        w_text_put(w, y, x + kw + 1, lw, h->label, base, W_ALIGN_LEFT);
        x += kw + 1 + lw + 2;
        shown++;
    }
    return shown;
}
