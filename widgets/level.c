/* widgets/level.c — level badges. */
#include "widgets/level.h"

#include <stdio.h>

#include "widgets/text.h"

static enum w_level norm(enum w_level l)
{
    return l >= W_LEVEL_NONE && l <= W_LEVEL_RED ? l : W_LEVEL_NONE;
}

const char *w_level_badge(enum w_level level)
{
    /* Shapes rank by weight (dot, triangle, square) so the levels differ
     * in form too, for anyone who cannot tell the colours apart. */
    static const char *const uni[] = { "\xC2\xB7-", "\xE2\x97\x8FG", "\xE2\x96\xB2" "A", "\xE2\x96\xA0R" };
    static const char *const ascii[] = { "--", "G.", "A^", "R!" };
    return (w_unicode() ? uni : ascii)[norm(level)];
}

const char *w_level_letter(enum w_level level)
{
    static const char *const s[] = { "-", "G", "A", "R" };
    return s[norm(level)];
}

const char *w_level_name(enum w_level level)
{
    static const char *const s[] = { "none", "green", "amber", "red" };
    return s[norm(level)];
}

enum w_role w_level_role(enum w_level level)
{
    static const enum w_role r[] = {
        W_ROLE_LEVEL_NONE, W_ROLE_LEVEL_GREEN, W_ROLE_LEVEL_AMBER, W_ROLE_LEVEL_RED
    };
    return r[norm(level)];
}

int w_level_draw(WINDOW *w, int y, int x, int width, enum w_level level)
{
    char text[32];
    if (width >= 8)
        snprintf(text, sizeof text, "%s %s", w_level_badge(level), w_level_name(level));
    else
        snprintf(text, sizeof text, "%s", width >= 2 ? w_level_badge(level) : w_level_letter(level));
    int tw = w_text_width(text);
    if (tw > width) tw = width;
    int used = w_text_put(w, y, x, tw, text, w_attr(w_level_role(level)), W_ALIGN_LEFT);
    if (used >= 0 && width > tw) w_text_fill(w, y, x + tw, width - tw, w_attr(W_ROLE_NORMAL));
    return used;
}
