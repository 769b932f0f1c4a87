/* widgets/lineedit.c — the one-line editor. */
#include "widgets/lineedit.h"
#include "widgets/text.h"
#include "widgets/theme.h"
#include "widgets/widget.h"

#include <limits.h>

#include <stdlib.h>
#include <string.h>

#define CTRL(c) ((c) & 0x1f)

void w_line_set(struct w_line *l, const char *utf8)
{
    memset(l, 0, sizeof *l);
    /* Decode leniently: a byte that is not UTF-8 becomes U+FFFD instead
     * of emptying the field (which a save would then write back). */
    const char *p = utf8 ? utf8 : "";
    size_t left = strlen(p);
    mbstate_t ps;
    memset(&ps, 0, sizeof ps);
    while (left && l->len < W_LINE_MAX) {
        wchar_t wc;
        size_t n = mbrtowc(&wc, p, left, &ps);
        if (n == (size_t)-1 || n == (size_t)-2) {
            wc = 0xFFFD;
            n = 1;
            memset(&ps, 0, sizeof ps);
        } else if (n == 0) {
            break;
        }
        l->buf[l->len++] = wc;
        p += n;
        left -= n;
    }
    l->buf[l->len] = 0;
    l->cur = l->len;
}

size_t w_line_get(const struct w_line *l, char *out, size_t outsz)
{
    size_t o = 0;
    mbstate_t ps = {0};
    char mb[MB_LEN_MAX];
    if (!outsz)
        return 0;
    for (int i = 0; i < l->len; i++) {
        size_t n = wcrtomb(mb, l->buf[i], &ps);
        if (n == (size_t)-1)
            continue;
        if (o + n >= outsz)
            break;
        memcpy(out + o, mb, n);
        o += n;
    }
    out[o] = '\0';
    return o;
}

static void del_range(struct w_line *l, int from, int to)
{
    if (from >= to)
        return;
    memmove(l->buf + from, l->buf + to, sizeof(wchar_t) * (size_t)(l->len - to + 1));
    l->len -= to - from;
    if (l->cur > to)
        l->cur -= to - from;
    else if (l->cur > from)
        l->cur = from;
    l->dirty = 1;
}

unsigned w_line_key(struct w_line *l, int key, int fn)
{
    if (fn) {
        switch (key) {
        case KEY_LEFT: if (l->cur > 0) l->cur--; break;
        case KEY_RIGHT: if (l->cur < l->len) l->cur++; break;
        case KEY_HOME: l->cur = 0; break;
        case KEY_END: l->cur = l->len; break;
        case KEY_BACKSPACE: del_range(l, l->cur - 1 < 0 ? 0 : l->cur - 1, l->cur); break;
        case KEY_DC: del_range(l, l->cur, l->cur < l->len ? l->cur + 1 : l->cur); break;
        default: return 0;
        }
        return W_HANDLED | W_REDRAW;
    }
    switch (key) {
    case CTRL('a'): l->cur = 0; break;
    case CTRL('e'): l->cur = l->len; break;
    case CTRL('b'): if (l->cur > 0) l->cur--; break;
    case CTRL('f'): if (l->cur < l->len) l->cur++; break;
    case CTRL('k'): del_range(l, l->cur, l->len); break;
    case CTRL('u'): del_range(l, 0, l->cur); break;
    case CTRL('h'):
    case 0x7f: del_range(l, l->cur - 1 < 0 ? 0 : l->cur - 1, l->cur); break;
    case CTRL('d'): del_range(l, l->cur, l->cur < l->len ? l->cur + 1 : l->cur); break;
    case CTRL('w'): {
        int i = l->cur;
        while (i > 0 && l->buf[i - 1] == L' ')
            i--;
        while (i > 0 && l->buf[i - 1] != L' ')
            i--;
        del_range(l, i, l->cur);
        break;
    }
    default:
        /* Enter, Esc, Tab and other controls belong to the caller. */
        if (key < 0x20 || key == 0x7f || l->len >= W_LINE_MAX)
            return 0;
        memmove(l->buf + l->cur + 1, l->buf + l->cur, sizeof(wchar_t) * (size_t)(l->len - l->cur + 1));
        l->buf[l->cur++] = (wchar_t)key;
        l->len++;
        l->dirty = 1;
        break;
    }
    return W_HANDLED | W_REDRAW;
}

/* The characters from i that are drawn as one: a character and the
 * zero-width marks that follow it. Returns the index after them and puts
 * their UTF-8 in out. */
static int cluster(const struct w_line *l, int i, char *out, size_t outsz)
{
    size_t o = 0;
    int j = i;
    do {
        char mb[MB_LEN_MAX];
        mbstate_t ps;
        memset(&ps, 0, sizeof ps);
        size_t n = wcrtomb(mb, l->buf[j], &ps);
        if (n != (size_t)-1 && o + n < outsz) {
            memcpy(out + o, mb, n);
            o += n;
        }
        j++;
    } while (j < l->len && wcwidth(l->buf[j]) == 0 && l->buf[j] >= 0x300);
    out[o] = '\0';
    return j;
}

/* Columns the cluster at i takes once drawn (escapes included). */
static int cluster_cols(const struct w_line *l, int i, int *next)
{
    char u[64];
    *next = cluster(l, i, u, sizeof u);
    int w = w_text_width(u);
    return w > 0 ? w : 1;
}

void w_line_draw(struct w_line *l, WINDOW *w, int y, int x, int width, attr_t attr, int show_cursor)
{
    if (width <= 0)
        return;
    /* Keep the cursor cell inside the box, measuring each character as it
     * will be drawn (an escaped control is several columns, a wide
     * character two, a combining mark none of its own). */
    if (l->cur < l->scroll)
        l->scroll = l->cur;
    for (;;) {
        int cols = 0, nx;
        for (int i = l->scroll; i < l->cur; i = nx)
            cols += cluster_cols(l, i, &nx);
        int cur_w = 1;
        if (l->cur < l->len)
            cur_w = cluster_cols(l, l->cur, &nx);
        if (cols + cur_w <= width || l->scroll >= l->cur)
            break;
        cluster_cols(l, l->scroll, &nx);
        l->scroll = nx;
    }
    w_text_fill(w, y, x, width, attr);
    int col = 0;
    char u[64];
    for (int i = l->scroll; i <= l->len && col < width;) {
        int is_cur = show_cursor && i == l->cur;
        if (i == l->len) {
            if (is_cur)
                w_text_put_clean(w, y, x + col, 1, " ", attr | A_REVERSE, W_ALIGN_LEFT);
            break;
        }
        int next = cluster(l, i, u, sizeof u);
        int cw = w_text_width(u);
        if (cw <= 0)
            cw = 1;
        if (col + cw > width)
            break;
        col += w_text_put(w, y, x + col, cw, u, is_cur ? attr | A_REVERSE : attr, W_ALIGN_LEFT);
        i = next;
    }
}

enum w_prompt w_line_prompt_key(struct w_line *l, int key, int fn)
{
    if (!fn && key == 27) {
        w_line_set(l, "");
        return W_PROMPT_CLEARED;
    }
    if ((!fn && (key == '\n' || key == '\r')) || (fn && key == KEY_ENTER))
        return W_PROMPT_DONE;
    return (w_line_key(l, key, fn) & W_HANDLED) ? W_PROMPT_EDITED : W_PROMPT_UNUSED;
}

void w_line_draw_prompt(struct w_line *l, WINDOW *w, int y, int x, int width, const char *label, int active)
{
    int lw = w_text_width(label);
    if (width <= lw)
        return;
    w_text_put(w, y, x, lw, label, w_attr(W_ROLE_HINT_KEY), W_ALIGN_LEFT);
    if (active) {
        w_line_draw(l, w, y, x + lw, width - lw, w_attr(W_ROLE_NORMAL), 1);
    } else {
        char text[W_LINE_MAX * 4 + 1];
        w_line_get(l, text, sizeof text);
        w_text_put(w, y, x + lw, width - lw, text, w_attr(W_ROLE_NORMAL), W_ALIGN_LEFT);
    }
}
