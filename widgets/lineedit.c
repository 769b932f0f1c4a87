/* widgets/lineedit.c — the one-line editor. */
#include "widgets/lineedit.h"
#include "widgets/text.h"
#include "widgets/widget.h"

#include <limits.h>

#include <stdlib.h>
#include <string.h>

#define CTRL(c) ((c) & 0x1f)

void w_line_set(struct w_line *l, const char *utf8)
{
    memset(l, 0, sizeof *l);
    if (utf8) {
        mbstate_t ps = {0};
        const char *src = utf8;
        size_t n = mbsrtowcs(l->buf, &src, W_LINE_MAX, &ps);
        l->len = n == (size_t)-1 ? 0 : (int)n;
        l->buf[l->len] = 0;
    }
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

static int wc_cols(wchar_t c)
{
    int w = wcwidth(c);
    return w < 0 ? 1 : w;
}

void w_line_draw(struct w_line *l, WINDOW *w, int y, int x, int width, attr_t attr, int show_cursor)
{
    if (width <= 0)
        return;
    /* Keep the cursor inside the box: scroll left or right as needed. */
    if (l->cur < l->scroll)
        l->scroll = l->cur;
    for (;;) {
        int cols = 0;
        for (int i = l->scroll; i < l->cur; i++)
            cols += wc_cols(l->buf[i]);
        if (cols < width || l->scroll >= l->cur)
            break;
        l->scroll++;
    }
    w_text_fill(w, y, x, width, attr);
    int col = 0;
    char mb[MB_LEN_MAX + 1];
    for (int i = l->scroll; i <= l->len && col < width; i++) {
        int is_cur = show_cursor && i == l->cur;
        if (i == l->len) {
            if (is_cur)
                w_text_put_clean(w, y, x + col, 1, " ", attr | A_REVERSE, W_ALIGN_LEFT);
            break;
        }
        mbstate_t ps = {0};
        size_t n = wcrtomb(mb, l->buf[i], &ps);
        if (n == (size_t)-1)
            continue;
        mb[n] = '\0';
        int cw = w_text_width(mb);
        if (col + cw > width)
            break;
        col += w_text_put(w, y, x + col, cw, mb, is_cur ? attr | A_REVERSE : attr, W_ALIGN_LEFT);
    }
}
