/* widgets/tabs.c — numbered panel tabs. */
#include "widgets/tabs.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/sanitize.h"
#include "widgets/text.h"
#include "widgets/theme.h"

/* Longest label shown, in columns: tabs are names, not sentences. */
#define LABEL_MAX 24

/* The text of tab i in style ("3 Inv"), clean; returns its width. Each tab
 * is drawn with one space of margin either side, added by the caller. */
static int tab_text(char *buf, size_t sz, const char *const *labels, int i,
                    int active, enum w_tabs_style style)
{
    int cols = LABEL_MAX;
    if (i != active) {
        if (style == W_TABS_SHORT) cols = 3;
        else if (style >= W_TABS_NUMBERS) cols = 0;
    } else if (style == W_TABS_NUMBERS_ONLY) {
        cols = 0;
    }
    int n = snprintf(buf, sz, "%d", i + 1);
    if (cols > 0 && labels && labels[i] && *labels[i]) {
        char *clean = w_text_clean(labels[i], strlen(labels[i]));
        if (clean) {
            int lw;
            size_t len = core_text_fit(clean, cols, &lw);
            if (len + (size_t)n + 2 <= sz) {
                buf[n++] = ' ';
                memcpy(buf + n, clean, len);
                buf[n + (int)len] = '\0';
            }
            free(clean);
        }
    }
    return core_text_width(buf);
}

int w_tabs_width(const char *const *labels, int n, int active, enum w_tabs_style style)
{
    char buf[128];
    int total = 0;
    for (int i = 0; i < n; i++) total += tab_text(buf, sizeof buf, labels, i, active, style) + 2;
    return total;
}

enum w_tabs_style w_tabs_fit(const char *const *labels, int n, int active, int width)
{
    for (int s = W_TABS_FULL; s < W_TABS_NUMBERS_ONLY; s++)
        if (w_tabs_width(labels, n, active, (enum w_tabs_style)s) <= width)
            return (enum w_tabs_style)s;
    return W_TABS_NUMBERS_ONLY;
}

int w_tabs_draw(WINDOW *w, int y, int x, int width, const char *const *labels,
                int n, int active, enum w_tabs_style style)
{
    char buf[128];
    int used = 0;
    if (!w || width < 1) return -1;
    for (int i = 0; i < n; i++) {
        int tw = tab_text(buf, sizeof buf, labels, i, active, style) + 2;
        if (used + tw > width) break;
        attr_t a = w_attr(i == active ? W_ROLE_TAB_ACTIVE : W_ROLE_TAB);
        if (w_text_put_clean(w, y, x + used, tw, buf, a, W_ALIGN_CENTER) < 0) break;
        used += tw;
    }
    return used;
}
