/* widgets/text.c — sanitise, measure, truncate, pad and draw. */
#include "widgets/text.h"

#include <stdint.h>
#include <stdlib.h>
#include <limits.h>
#include <string.h>

#include "core/sanitize.h"
#include "widgets/theme.h"

/* Longest output of one sanitised unit ("<U+202E>"). */
#define UNIT_MAX 8

/* Length of the UTF-8 character starting with lead byte c (input is
 * already valid UTF-8 here, the sanitiser saw to that). */
static size_t u8_len(unsigned char c)
{
    return c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
}

static uint32_t u8_decode(const unsigned char *p, size_t *len)
{
    size_t n = u8_len(p[0]);
    for (size_t i = 1; i < n; i++)
        if (!p[i]) n = i; /* never read past a NUL, even on bad input */
    uint32_t cp = n == 1 ? p[0] : p[0] & (0x7F >> n);
    for (size_t i = 1; i < n; i++) cp = (cp << 6) | (p[i] & 0x3F);
    *len = n;
    return cp;
}

static int zero_width_at(const char *s)
{
    size_t n;
    if ((unsigned char)*s < 0x80) return 0;
    return wcwidth((wchar_t)u8_decode((const unsigned char *)s, &n)) == 0;
}

/* Make sanitised text safe for this terminal's repertoire, in place (the
 * output is never longer). What wcwidth cannot measure becomes '?', so the
 * terminal cannot disagree with our idea of its width; in ASCII mode so does
 * everything non-ASCII, and combining marks go. */
/* In ASCII mode, the punctuation and symbols vigil's own text uses keep a
 * readable stand-in (one byte for the two or three they replace). */
static char ascii_for(unsigned cp)
{
    switch (cp) {
    case 0x00B7: return '.';               /* middle dot */
    case 0x2022: case 0x25CF: return '*';  /* bullet, circle */
    case 0x2026: return '~';               /* ellipsis */
    case 0x2013: case 0x2014: case 0x2500: return '-';
    case 0x2502: return '|';
    case 0x2018: case 0x2019: return '\'';
    case 0x201C: case 0x201D: return '"';
    case 0x2039: case 0x2190: return '<';
    case 0x203A: case 0x2192: return '>';
    case 0x2717: case 0x00D7: return 'x';
    case 0x25B2: return '^';
    case 0x25BC: return 'v';
    case 0x25A0: return '#';
    default: return '?';
    }
}

static void display_fix(char *s)
{
    unsigned char *r = (unsigned char *)s, *o = r;
    int uni = w_unicode();
    while (*r) {
        if (*r < 0x80) {
            *o++ = *r++;
            continue;
        }
        size_t n;
        unsigned cp = (unsigned)u8_decode(r, &n);
        int wd = wcwidth((wchar_t)cp);
        if (uni && wd >= 0) {
            memmove(o, r, n);
            o += n;
        } else if (uni) {
            *o++ = '?';
        } else if (wd != 0) {
            *o++ = ascii_for(cp);
        }
        r += n;
    }
    *o = '\0';
}

char *w_text_clean(const char *raw, size_t len)
{
    char *s = core_sanitize(raw, len);
    if (s) display_fix(s);
    return s;
}

/* Text ready to draw in at most `cols` columns. Short strings are cleaned
 * into buf without allocating; a long one is cleaned in full only if the
 * buffer's worth would not already overflow cols. *more says the text was
 * cut before its end; *heap (to free) is set when memory was allocated. */
static const char *prepare(const char *raw, int cols, char *buf, size_t bufsz,
                           char **heap, int *more)
{
    *heap = NULL;
    *more = 0;
    if (!raw) raw = "";
    size_t n = core_sanitize_into(buf, bufsz, raw);
    display_fix(buf);
    if (n + UNIT_MAX < bufsz - 1 || core_text_width(buf) > cols)
        return buf; /* complete, or cut beyond what can be shown anyway */
    *heap = w_text_clean(raw, strlen(raw));
    if (*heap) return *heap;
    *more = 1; /* out of memory: show the prefix, marked as cut */
    return buf;
}

static void put_spaces(WINDOW *w, int n)
{
    while (n-- > 0) waddch(w, ' ');
}

/* The core of w_text_put: s is clean; `more` forces the truncation mark. */
static int put_fitted(WINDOW *w, int y, int x, int width, const char *s,
                      attr_t attr, enum w_align align, int more)
{
    int maxy, maxx;
    if (!w) return -1;
    getmaxyx(w, maxy, maxx);
    if (y < 0 || y >= maxy || x < 0 || x >= maxx || width < 1) return -1;
    if (width > maxx - x) width = maxx - x;

    /* A combining mark with no base would attach itself to the cell to our
     * left, i.e. to another column; it has nothing to mark, so drop it. */
    while (*s && zero_width_at(s)) s += u8_len((unsigned char)*s);

    int used, mark = 0;
    size_t n;
    int tw = core_text_width(s);
    if (tw <= width && !more) {
        n = strlen(s);
        used = tw;
    } else {
        n = core_text_fit(s, width - 1, &used);
        mark = 1;
    }
    int pad = width - used - mark;
    int lpad = align == W_ALIGN_RIGHT ? pad : align == W_ALIGN_CENTER ? pad / 2 : 0;

    attr_t oa;
    short op;
    wattr_get(w, &oa, &op, NULL);
    wattr_set(w, attr & ~A_COLOR, (short)PAIR_NUMBER(attr), NULL);
    wmove(w, y, x);
    put_spaces(w, lpad);
    if (n) waddnstr(w, s, (int)n);
    if (mark) waddstr(w, w_unicode() ? "\xE2\x80\xA6" : "~");
    put_spaces(w, pad - lpad);
    wattr_set(w, oa, op, NULL);
    return used + mark;
}

int w_text_put(WINDOW *w, int y, int x, int width, const char *raw,
               attr_t attr, enum w_align align)
{
    char buf[1024], *heap;
    int more;
    const char *s = prepare(raw, width, buf, sizeof buf, &heap, &more);
    int r = put_fitted(w, y, x, width, s, attr, align, more);
    free(heap);
    return r;
}

int w_text_put_clean(WINDOW *w, int y, int x, int width, const char *clean,
                     attr_t attr, enum w_align align)
{
    return put_fitted(w, y, x, width, clean ? clean : "", attr, align, 0);
}

int w_text_put_cut(WINDOW *w, int y, int x, int width, const char *clean,
                   attr_t attr, enum w_align align)
{
    return put_fitted(w, y, x, width, clean ? clean : "", attr, align, 1);
}

int w_text_width(const char *raw)
{
    char buf[1024], *heap;
    int more;
    const char *s = prepare(raw, INT32_MAX, buf, sizeof buf, &heap, &more);
    int wd = core_text_width(s);
    free(heap);
    return wd;
}

int w_text_put_right(WINDOW *w, int y, int x_end, int max_width,
                     const char *raw, attr_t attr)
{
    int tw = w_text_width(raw);
    if (tw > max_width) tw = max_width;
    int x = x_end - tw;
    if (x < 0) {
        tw += x;
        x = 0;
    }
    if (tw < 1 || w_text_put(w, y, x, tw, raw, attr, W_ALIGN_LEFT) < 0) return x_end;
    return x;
}

void w_text_fill(WINDOW *w, int y, int x, int width, attr_t attr)
{
    put_fitted(w, y, x, width, "", attr, W_ALIGN_LEFT, 0);
}

/* One character plus the combining marks that ride on it. */
static size_t cluster_len(const char *s)
{
    size_t n = u8_len((unsigned char)*s);
    while (s[n] && zero_width_at(s + n)) n += u8_len((unsigned char)s[n]);
    return n;
}

size_t w_text_wrap(const char *s, int cols, size_t *next)
{
    size_t len = strlen(s);
    if (cols < 1) cols = 1;
    size_t n = core_text_fit(s, cols, NULL);
    if (n >= len) {
        *next = len;
        return len;
    }
    if (n == 0) { /* one character wider than the line */
        *next = cluster_len(s);
        return *next;
    }

    size_t piece = n, adv = n;
    if (s[n] != ' ') {
        size_t sp = n;
        while (sp > 0 && s[sp - 1] != ' ') sp--;
        if (sp > 0) piece = adv = sp - 1;
    }
    while (piece > 0 && s[piece - 1] == ' ') piece--;
    if (piece == 0) piece = adv = n; /* only spaces before the word: cut it */
    /* Skip the spaces at the break, but not one that carries a mark. */
    while (s[adv] == ' ' && !zero_width_at(s + adv + 1)) adv++;
    *next = adv;
    return piece;
}

int w_text_lines(const char *raw, int cols,
                 void (*line)(void *arg, int index, const char *text), void *arg)
{
    const char *p = raw ? raw : "";
    int count = 0;
    for (;;) {
        const char *nl = strchr(p, '\n');
        size_t seg = nl ? (size_t)(nl - p) : strlen(p);
        if (seg > 0 && p[seg - 1] == '\r') seg--;
        char *clean = w_text_clean(p, seg);
        if (!clean) return -1;
        char *s = clean;
        do {
            size_t next = 0, n = *s ? w_text_wrap(s, cols, &next) : 0;
            if (line) { /* lend the callback a terminated piece */
                char keep = s[n];
                s[n] = '\0';
                line(arg, count, s);
                s[n] = keep;
            }
            count++;
            s += next;
        } while (*s);
        free(clean);
        if (!nl || !nl[1]) break;
        p = nl + 1;
    }
    return count;
}

void w_glyph(WINDOW *w, int y, int x, wchar_t uni, chtype ascii, attr_t attr)
{
    int maxy, maxx;
    if (!w) return;
    getmaxyx(w, maxy, maxx);
    if (y < 0 || y >= maxy || x < 0 || x >= maxx) return;

    attr_t oa;
    short op;
    wattr_get(w, &oa, &op, NULL);
    wattr_set(w, A_NORMAL, 0, NULL); /* the cell's own attributes rule */
    if (w_unicode()) {
        wchar_t s[2] = { uni, L'\0' };
        cchar_t cc;
        setcchar(&cc, s, attr & ~A_COLOR, (short)PAIR_NUMBER(attr), NULL);
        mvwadd_wch(w, y, x, &cc);
    } else {
        mvwaddch(w, y, x, ascii | attr);
    }
    wattr_set(w, oa, op, NULL);
}

size_t w_read_line(WINDOW *w, int y, char *out, size_t outsz)
{
    size_t o = 0;
    if (!outsz)
        return 0;
    int maxx = getmaxx(w);
    for (int x = 0; x < maxx; x++) {
        cchar_t cc;
        wchar_t wc[CCHARW_MAX + 1] = {0};
        attr_t a;
        short pair;
        if (mvwin_wch(w, y, x, &cc) == ERR)
            break;
        getcchar(&cc, wc, &a, &pair, NULL);
        if (a & A_ALTCHARSET) {
            wc[0] = wc[0] == L'q' ? L'-' : wc[0] == L'x' ? L'|' : L'+';
            wc[1] = 0;
        }
        for (int i = 0; i <= CCHARW_MAX && wc[i]; i++) {
            char mb[MB_LEN_MAX];
            mbstate_t st;
            memset(&st, 0, sizeof st);
            size_t n = wcrtomb(mb, wc[i], &st);
            if (n == (size_t)-1 || o + n >= outsz)
                continue;
            memcpy(out + o, mb, n);
            o += n;
        }
        if (wcwidth(wc[0]) == 2)
            x++;
    }
    out[o] = '\0';
    return o;
}
