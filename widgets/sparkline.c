/* widgets/sparkline.c — sparklines. */
#include "widgets/sparkline.h"

#include <math.h>

#include "widgets/text.h"

static int has_value(const double *v, const unsigned char *present, int i)
{
    return (!present || present[i]) && isfinite(v[i]);
}

int w_sparkline_step(double v, double lo, double hi)
{
    if (!(hi > lo) || !(v > lo)) return 0; /* also catches NaN */
    if (v >= hi) return 7;
    /* Eight equal buckets; the cast floors because the value is >= 0. */
    int s = (int)((v - lo) / (hi - lo) * 8.0);
    return s > 7 ? 7 : s;
}

int w_sparkline_draw(WINDOW *w, int y, int x, int width, const double *values,
                     const unsigned char *present, int n, const enum w_role *roles)
{
    static const wchar_t bars[8] = { L'▁', L'▂', L'▃', L'▄', L'▅', L'▆', L'▇', L'█' };
    static const char ramp[8] = { '_', '.', '-', '~', '=', '+', '*', '#' };
    int maxy, maxx;

    if (!w || !values || n < 0) return -1;
    getmaxyx(w, maxy, maxx);
    if (y < 0 || y >= maxy || x < 0 || x >= maxx || width < 1) return -1;
    if (width > maxx - x) width = maxx - x;

    int first = n > width ? n - width : 0;
    double lo = 0, hi = 0;
    int seen = 0;
    for (int i = first; i < n; i++) {
        if (!has_value(values, present, i)) continue;
        if (!seen || values[i] < lo) lo = values[i];
        if (!seen || values[i] > hi) hi = values[i];
        seen = 1;
    }

    int cx = x;
    for (int i = first; i < n; i++, cx++) {
        if (!has_value(values, present, i)) {
            w_glyph(w, y, cx, L'·', ' ', w_attr(W_ROLE_DIM));
            continue;
        }
        int s = w_sparkline_step(values[i], lo, hi);
        w_glyph(w, y, cx, bars[s], (chtype)(unsigned char)ramp[s],
                w_attr(roles ? roles[i] : W_ROLE_NORMAL));
    }
    if (cx < x + width) w_text_fill(w, y, cx, x + width - cx, w_attr(W_ROLE_NORMAL));
    return cx - x;
}

void w_sparkline_roles(const double *values, const unsigned char *present, int n,
                       double amber, double red, int higher_is_worse,
                       enum w_role *roles)
{
    for (int i = 0; i < n; i++) {
        enum w_role r = W_ROLE_NORMAL;
        if (has_value(values, present, i)) {
            double v = values[i];
            /* Comparisons with NaN are false, so a missing threshold is
             * simply never reached. */
            if (higher_is_worse ? v >= red : v <= red) r = W_ROLE_LEVEL_RED;
            else if (higher_is_worse ? v >= amber : v <= amber) r = W_ROLE_LEVEL_AMBER;
        }
        roles[i] = r;
    }
}
