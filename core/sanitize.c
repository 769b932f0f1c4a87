/* core/sanitize.c — make hostile text safe to show on a terminal (SPEC §6).
 *
 * One decoder serves every function here: it reads one unit at a time, where
 * a unit is either a well-formed UTF-8 character or one maximal invalid
 * subpart (Unicode §3.9, "U+FFFD substitution of maximal subparts"), so a
 * broken sequence yields exactly one U+FFFD and never swallows the valid
 * byte that follows it. Everything is a single pass with no allocation per
 * character. */
#include "core/sanitize.h"

#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#define CP_INVALID UINT32_C(0xFFFFFFFF)

/* The longest thing one unit can turn into: "<U+202E>". */
#define MAX_UNIT_OUT 8

static const char REPLACEMENT[] = "\xEF\xBF\xBD"; /* U+FFFD */

/* Decode the unit at p, which has avail >= 1 bytes. Returns the number of
 * bytes it covers (at least 1) and stores its code point in *cp, or
 * CP_INVALID for an ill-formed subpart. The ranges are those of Unicode
 * Table 3-7; restricting the second byte is what rejects overlong forms
 * (E0 80..9F, F0 80..8F), surrogates (ED A0..BF) and values past U+10FFFF
 * (F4 90..BF), and C0, C1 and F5..FF can never start a character. */
static size_t decode(const unsigned char *p, size_t avail, uint32_t *cp)
{
    unsigned c = p[0];
    unsigned lo = 0x80, hi = 0xBF;
    size_t need;
    uint32_t v;

    if (c < 0x80) {
        *cp = c;
        return 1;
    }
    if (c >= 0xC2 && c <= 0xDF) {
        need = 1;
        v = c & 0x1F;
    } else if (c >= 0xE0 && c <= 0xEF) {
        need = 2;
        v = c & 0x0F;
        if (c == 0xE0) lo = 0xA0;
        else if (c == 0xED) hi = 0x9F;
    } else if (c >= 0xF0 && c <= 0xF4) {
        need = 3;
        v = c & 0x07;
        if (c == 0xF0) lo = 0x90;
        else if (c == 0xF4) hi = 0x8F;
    } else {
        *cp = CP_INVALID;
        return 1;
    }

    size_t i;
    for (i = 1; i <= need; i++) {
        if (i >= avail) break;
        unsigned b = p[i];
        if (b < lo || b > hi) break;
        v = (v << 6) | (b & 0x3F);
        lo = 0x80;
        hi = 0xBF;
    }
    if (i <= need) {
        *cp = CP_INVALID;
        return i;
    }
    *cp = v;
    return need + 1;
}

/* SPEC §6's list, plus U+061C ARABIC LETTER MARK, the one other bidi mark
 * (it reorders text as U+200F does), and the other invisible format
 * characters of the same kind as U+200B: U+2060-U+2064 (word joiner,
 * invisible operators) and U+FEFF (a byte-order mark inside text). */
static int is_bidi_format(uint32_t cp)
{
    return cp == 0x061C || (cp >= 0x200B && cp <= 0x200F) ||
           (cp >= 0x202A && cp <= 0x202E) ||
           (cp >= 0x2060 && cp <= 0x2064) ||
           (cp >= 0x2066 && cp <= 0x2069) || cp == 0xFEFF;
}

/* What the unit at p (n bytes, code point cp) becomes. Returns the output
 * length and points *outp at the bytes: either src itself, which passes
 * through unchanged, or esc, which must hold MAX_UNIT_OUT bytes. */
static size_t render(uint32_t cp, const unsigned char *p, size_t n,
                     char esc[MAX_UNIT_OUT], const char **outp)
{
    static const char hex[] = "0123456789ABCDEF";

    if (cp == CP_INVALID) {
        *outp = REPLACEMENT;
        return 3;
    }
    if (cp < 0x20 || cp == 0x7F) {
        esc[0] = '^';
        esc[1] = (char)(cp ^ 0x40); /* 0x00 -> '@', 0x1B -> '[', 0x7F -> '?' */
        *outp = esc;
        return 2;
    }
    if ((cp >= 0x80 && cp <= 0x9F) || is_bidi_format(cp)) {
        esc[0] = '<';
        esc[1] = 'U';
        esc[2] = '+';
        esc[3] = hex[(cp >> 12) & 0xF];
        esc[4] = hex[(cp >> 8) & 0xF];
        esc[5] = hex[(cp >> 4) & 0xF];
        esc[6] = hex[cp & 0xF];
        esc[7] = '>';
        *outp = esc;
        return 8;
    }
    *outp = (const char *)p;
    return n;
}

/* Write src[0..len) sanitised into out, at most room bytes and only whole
 * units; no NUL. Returns the bytes written. */
static size_t sanitize_run(char *out, size_t room, const unsigned char *p, size_t len)
{
    size_t i = 0, o = 0;
    while (i < len) {
        unsigned char c = p[i];
        if (c >= 0x20 && c < 0x7F) { /* the common case: printable ASCII */
            if (o == room) break;
            out[o++] = (char)c;
            i++;
            continue;
        }
        uint32_t cp;
        size_t n = decode(p + i, len - i, &cp);
        char esc[MAX_UNIT_OUT];
        const char *r;
        size_t rn = render(cp, p + i, n, esc, &r);
        if (rn > room - o) break; /* a whole unit or nothing */
        memcpy(out + o, r, rn);
        o += rn;
        i += n;
    }
    return o;
}

char *core_sanitize(const char *src, size_t len)
{
    if (!src) len = 0;

    /* No unit grows by more than 4x (C2 85 -> "<U+0085>"; a lone byte
     * becomes at most 3), so one allocation of 4*len+1 always suffices. */
    if (len > (SIZE_MAX - 1) / 4) return NULL;
    char *out = malloc(len * 4 + 1);
    if (!out) return NULL;
    size_t o = sanitize_run(out, len * 4, (const unsigned char *)src, len);
    out[o] = '\0';

    /* Give back the slack when it is worth a call; shrinking can fail
     * without harm, the old block is still valid. */
    if (len * 4 - o > 256) {
        char *shrunk = realloc(out, o + 1);
        if (shrunk) out = shrunk;
    }
    return out;
}

char *core_sanitize_str(const char *src)
{
    return core_sanitize(src, src ? strlen(src) : 0);
}

size_t core_sanitize_into(char *out, size_t outsz, const char *src)
{
    if (outsz == 0) return 0;
    if (!src) src = "";
    /* keep one byte for the NUL */
    size_t o = sanitize_run(out, outsz - 1, (const unsigned char *)src, strlen(src));
    out[o] = '\0';
    return o;
}

/* Columns one code point takes. wcwidth() is -1 for what it cannot print
 * (unassigned code points, or text that was never sanitised); such a cell
 * still occupies a column, so count 1 rather than let a column shrink. */
static int cp_width(uint32_t cp)
{
    if (cp >= 0x20 && cp < 0x7F) return 1;
    if (cp == CP_INVALID) return 1; /* shown as U+FFFD */
    int w = wcwidth((wchar_t)cp);
    return w < 0 ? 1 : w;
}

int core_text_width(const char *s)
{
    if (!s) return 0;
    const unsigned char *p = (const unsigned char *)s;
    size_t len = strlen(s);
    size_t i = 0;
    int total = 0;
    while (i < len) {
        uint32_t cp;
        size_t n = decode(p + i, len - i, &cp);
        int w = cp_width(cp);
        if (total > INT_MAX - w) return INT_MAX; /* saturate, never wrap */
        total += w;
        i += n;
    }
    return total;
}

size_t core_text_fit(const char *s, int cols, int *width_out)
{
    size_t i = 0;
    int total = 0;

    if (s && cols >= 0) {
        const unsigned char *p = (const unsigned char *)s;
        size_t len = strlen(s);
        /* Widths are never negative, so the first unit that does not fit
         * ends the prefix; zero-width marks after an included base always
         * fit and so stay with it, and marks after an excluded base are
         * cut with it. */
        while (i < len) {
            uint32_t cp;
            size_t n = decode(p + i, len - i, &cp);
            int w = cp_width(cp);
            if (w > cols - total) break;
            total += w;
            i += n;
        }
    }
    if (width_out) *width_out = total;
    return i;
}

long core_utf8_invalid_at(const char *s, size_t n)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t i = 0;
    while (i < n) {
        if (p[i] < 0x80) { /* ASCII fast path */
            i++;
            continue;
        }
        uint32_t cp;
        size_t k = decode(p + i, n - i, &cp);
        if (cp == CP_INVALID)
            return (long)i;
        i += k;
    }
    return -1;
}

size_t core_utf8_cut(const char *s, size_t n)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t i = n;
    /* Back over up to three continuation bytes to the last lead byte. */
    while (i > 0 && n - i < 3 && (p[i - 1] & 0xC0) == 0x80)
        i--;
    if (i == 0 || p[i - 1] < 0xC0)
        return n; /* ends on ASCII or a stray continuation: nothing to cut */
    unsigned char lead = p[i - 1];
    size_t need = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : 2;
    return (i - 1) + need <= n ? n : i - 1;
}
