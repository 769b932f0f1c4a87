/* widgets/topbar.c — the top bar. */
#include "widgets/topbar.h"

#include <stdio.h>

#include "widgets/level.h"
#include "widgets/tabs.h"
#include "widgets/text.h"
#include "widgets/theme.h"

/* Columns of the database name kept before the tabs must shrink further. */
#define DB_KEEP 10
#define GAP 2

/* Draw text so it ends before column end, whole or not at all (a cut
 * clock or count would mislead). Returns where the next item must end:
 * `gap` columns left of this one, or end itself if nothing was drawn. */
static int put_right_whole(WINDOW *w, int y, int end, int gap, const char *text, attr_t a)
{
    int tw = w_text_width(text);
    if (tw < 1 || tw > end - 1) return end; /* keep the left margin */
    return w_text_put_right(w, y, end, tw, text, a) - gap;
}

void w_topbar_draw(WINDOW *w, int y, const struct w_topbar *tb)
{
    int maxy, maxx;
    if (!w || !tb) return;
    getmaxyx(w, maxy, maxx);
    if (y < 0 || y >= maxy) return;
    attr_t title = w_attr(W_ROLE_TITLE);
    w_text_fill(w, y, 0, maxx, title);

    /* Right end first: it is what a duty officer must always see. `end` is
     * where the next thing to the left of what is drawn must stop. */
    int end = maxx - 1;
    if (tb->clock) end = put_right_whole(w, y, end, GAP, tb->clock, title);
    if (tb->red >= 0 || tb->amber >= 0) {
        /* Both counts or neither: amber alone would read as "no red". */
        char r[32], a[32];
        snprintf(r, sizeof r, "%s%d", w_level_badge(W_LEVEL_RED), tb->red > 0 ? tb->red : 0);
        snprintf(a, sizeof a, "%s%d", w_level_badge(W_LEVEL_AMBER), tb->amber > 0 ? tb->amber : 0);
        if (w_text_width(r) + 1 + w_text_width(a) <= end - 1) {
            end = put_right_whole(w, y, end, 1, a, tb->amber > 0 ? w_attr(W_ROLE_LEVEL_AMBER) : title);
            end = put_right_whole(w, y, end, GAP, r, tb->red > 0 ? w_attr(W_ROLE_LEVEL_RED) : title);
        }
    }

    int pw = tb->product ? w_text_width(tb->product) : 0;
    int dbw = tb->db ? w_text_width(tb->db) : 0;
    int budget = end - 1 - (pw ? pw + GAP : 0); /* for db and tabs */
    int keep = dbw < DB_KEEP ? dbw : DB_KEEP;
    int style = -1;

    for (int s = W_TABS_FULL; s <= W_TABS_NUMBERS_ONLY && style < 0; s++)
        if (w_tabs_width(tb->tabs, tb->ntabs, tb->active, (enum w_tabs_style)s) +
                (keep ? keep + GAP : 0) <= budget)
            style = s;
    if (style < 0) { /* no room for the database name */
        dbw = 0;
        style = w_tabs_fit(tb->tabs, tb->ntabs, tb->active, budget);
        if (w_tabs_width(tb->tabs, tb->ntabs, tb->active, (enum w_tabs_style)style) > budget && pw) {
            budget += pw + GAP; /* nor for the product name */
            pw = 0;
        }
    }
    int tw = w_tabs_width(tb->tabs, tb->ntabs, tb->active, (enum w_tabs_style)style);
    int dbroom = budget - tw - GAP;
    if (dbw > dbroom) dbw = dbroom >= 4 ? dbroom : 0;

    int x = 1;
    if (pw) {
        w_text_put(w, y, x, pw, tb->product, title | A_BOLD, W_ALIGN_LEFT);
        x += pw + GAP;
    }
    if (dbw) {
        w_text_put(w, y, x, dbw, tb->db, title, W_ALIGN_LEFT);
        x += dbw + GAP;
    }
    if (end - x > 0)
        w_tabs_draw(w, y, x, end - x, tb->tabs, tb->ntabs, tb->active, (enum w_tabs_style)style);
}
