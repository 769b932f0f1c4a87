/* widgets/toosmall.c — "terminal too small". */
#include "widgets/toosmall.h"

#include <stdio.h>

#include "widgets/text.h"
#include "widgets/theme.h"

void w_toosmall_draw(WINDOW *w, int min_cols, int min_rows, const char *note)
{
    int maxy, maxx;
    if (!w) return;
    getmaxyx(w, maxy, maxx);
    if (maxy < 1 || maxx < 1) return;

    const char *x = w_unicode() ? "\xC3\x97" : "x"; /* × */
    char size[64], one[96];
    snprintf(size, sizeof size, "%d%s%d, need %d%s%d", maxx, x, maxy, min_cols, x, min_rows);
    snprintf(one, sizeof one, "Too small: %s", size);
    const char *lines[4] = { "Terminal too small", size, "",
                             note ? note : "Enlarge the window or use a smaller font" };
    const char *single[1] = { one };
    const char **show = lines;
    int n = 4;
    if (maxy == 1) { /* one line must still say what and why */
        show = single;
        n = 1;
    } else if (maxy < 4) {
        n = maxy == 2 ? 2 : 3;
        if (n == 3) lines[2] = lines[3];
    }

    int top = (maxy - n) / 2;
    for (int y = 0; y < maxy; y++) {
        int i = y - top;
        if (i < 0 || i >= n) {
            w_text_fill(w, y, 0, maxx, w_attr(W_ROLE_NORMAL));
            continue;
        }
        attr_t a = i == 0 ? w_attr(W_ROLE_NORMAL) | A_BOLD : w_attr(W_ROLE_NORMAL);
        w_text_put(w, y, 0, maxx, show[i], a, W_ALIGN_CENTER);
    }
}
