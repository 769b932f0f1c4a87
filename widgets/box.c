/* widgets/box.c — frames for overlays. */
#include "widgets/box.h"

#include "widgets/text.h"
#include "widgets/theme.h"

struct w_rect w_box_center(WINDOW *win, int h, int wd)
{
    struct w_rect r = { 0, 0, 0, 0 };
    int maxy, maxx;
    if (!win) return r;
    getmaxyx(win, maxy, maxx);
    r.h = h < maxy ? h : maxy;
    r.w = wd < maxx ? wd : maxx;
    if (r.h < 0) r.h = 0;
    if (r.w < 0) r.w = 0;
    r.y = (maxy - r.h) / 2;
    r.x = (maxx - r.w) / 2;
    return r;
}

int w_box_draw(WINDOW *win, struct w_rect r, const char *title, const char *footer)
{
    int maxy, maxx;
    if (!win) return -1;
    getmaxyx(win, maxy, maxx);
    if (r.h < 2 || r.w < 2 || r.y < 0 || r.x < 0 || r.y + r.h > maxy || r.x + r.w > maxx)
        return -1;

    attr_t b = w_attr(W_ROLE_BORDER), n = w_attr(W_ROLE_NORMAL);
    int bottom = r.y + r.h - 1, right = r.x + r.w - 1;
    w_glyph(win, r.y, r.x, L'┌', ACS_ULCORNER, b);
    w_glyph(win, r.y, right, L'┐', ACS_URCORNER, b);
    w_glyph(win, bottom, r.x, L'└', ACS_LLCORNER, b);
    w_glyph(win, bottom, right, L'┘', ACS_LRCORNER, b);
    for (int x = r.x + 1; x < right; x++) {
        w_glyph(win, r.y, x, L'─', ACS_HLINE, b);
        w_glyph(win, bottom, x, L'─', ACS_HLINE, b);
    }
    for (int y = r.y + 1; y < bottom; y++) {
        w_glyph(win, y, r.x, L'│', ACS_VLINE, b);
        w_text_fill(win, y, r.x + 1, r.w - 2, n);
        w_glyph(win, y, right, L'│', ACS_VLINE, b);
    }

    /* " Title " and " footer " sit on the edges with a space either side
     * and at least one line character left at each corner. */
    int room = r.w - 4;
    if (title && *title && room > 2) {
        int tw = w_text_width(title);
        if (tw > room - 2) tw = room - 2;
        w_text_put(win, r.y, r.x + 2, tw + 2, title, b | A_BOLD, W_ALIGN_CENTER);
    }
    if (footer && *footer && room > 2) {
        int fw = w_text_width(footer);
        if (fw > room - 2) fw = room - 2;
        w_text_put(win, bottom, right - 2 - fw - 1, fw + 2, footer, b, W_ALIGN_CENTER);
    }
    return 0;
}
