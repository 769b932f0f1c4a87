/* tests/termsafe.h — the tests' own check of terminal safety (SPEC §6),
 * written apart from core/sanitize.c so that a bug there cannot hide
 * itself: valid UTF-8 only, and no C0 control, DEL, C1 control or bidi /
 * format character. Shared by the unit tests and the fuzzer. */
#ifndef VIGIL_TESTS_TERMSAFE_H
#define VIGIL_TESTS_TERMSAFE_H

#include <stddef.h>
#include <stdint.h>

/* Decode one UTF-8 character of p[0..n) into *cp: its length, or 0 when it
 * is invalid (bad lead or continuation byte, cut short, overlong form,
 * surrogate, above U+10FFFF). */
static inline size_t ts_decode(const unsigned char *p, size_t n, uint32_t *cp)
{
    size_t len;
    uint32_t v, min;
    if (p[0] < 0x80) {
        *cp = p[0];
        return 1;
    }
    if ((p[0] & 0xE0) == 0xC0)
        len = 2, v = p[0] & 0x1F, min = 0x80;
    else if ((p[0] & 0xF0) == 0xE0)
        len = 3, v = p[0] & 0x0F, min = 0x800;
    else if ((p[0] & 0xF8) == 0xF0)
        len = 4, v = p[0] & 0x07, min = 0x10000;
    else
        return 0;
    if (len > n)
        return 0;
    for (size_t i = 1; i < len; i++) {
        if ((p[i] & 0xC0) != 0x80)
            return 0;
        v = (v << 6) | (p[i] & 0x3F);
    }
    if (v < min || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF))
        return 0;
    *cp = v;
    return len;
}

/* SPEC §6's bidi and format characters, plus U+061C ARABIC LETTER MARK. */
static inline int ts_bidi_or_format(uint32_t cp)
{
    return cp == 0x061C || (cp >= 0x200B && cp <= 0x200F) || (cp >= 0x202A && cp <= 0x202E) ||
           (cp >= 0x2066 && cp <= 0x2069);
}

/* Whether code point cp must never reach the terminal raw. */
static inline int ts_unsafe_cp(uint32_t cp)
{
    return cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp <= 0x9F) || ts_bidi_or_format(cp);
}

#endif
