/* core/fold.c — case folding for the filter, and LIKE built on it. */
#include "core/fold.h"

#include <stddef.h>
#include <stdlib.h>
#include <string.h>

int core_fold_cp(int c)
{
    if (c < 0x80)
        return c >= 'A' && c <= 'Z' ? c + 32 : c;
    if (c >= 0xC0 && c <= 0xDE && c != 0xD7) /* À-Þ, not × */
        return c + 32;
    if (c == 0x130) /* İ */
        return 'i';
    if ((c >= 0x100 && c <= 0x137) || (c >= 0x14A && c <= 0x177)) /* Āā ... Ŷŷ */
        return c | 1;
    if ((c >= 0x139 && c <= 0x148) || (c >= 0x179 && c <= 0x17E)) /* Ĺĺ ... Žž */
        return c & 1 ? c + 1 : c;
    if (c == 0x178) /* Ÿ */
        return 0xFF;
    if (c >= 0x391 && c <= 0x3AB && c != 0x3A2) /* Greek capitals */
        return c + 32;
    if (c == 0x3C2) /* final sigma */
        return 0x3C3;
    if (c == 0x386)
        return 0x3AC;
    if (c >= 0x388 && c <= 0x38A)
        return c + 37;
    if (c == 0x38C)
        return 0x3CC;
    if (c == 0x38E || c == 0x38F)
        return c + 63;
    if (c >= 0x410 && c <= 0x42F) /* Cyrillic А-Я */
        return c + 32;
    if (c >= 0x400 && c <= 0x40F) /* Ѐ-Џ */
        return c + 80;
    if ((c >= 0x460 && c <= 0x481) || (c >= 0x48A && c <= 0x4BF) || (c >= 0x4D0 && c <= 0x52F))
        return c | 1;
    if (c >= 0x531 && c <= 0x556) /* Armenian */
        return c + 48;
    if ((c >= 0x1E00 && c <= 0x1E95) || (c >= 0x1EA0 && c <= 0x1EFF)) /* Latin Extended Additional */
        return c | 1;
    if (c == 0x1E9E) /* ẞ */
        return 0xDF;
    return c;
}

/* The code point at *s (UTF-8), folded, advancing *s; a byte that does not
 * start a well-formed sequence stands for itself (as 0x110000 + byte, so it
 * never equals a real character). 0 at the end. */
static int next_folded(const unsigned char **s)
{
    const unsigned char *p = *s;
    int c = p[0], n = 0;
    if (c == 0)
        return 0;
    if (c >= 0xC2 && c <= 0xDF)
        n = 1, c &= 0x1F;
    else if (c >= 0xE0 && c <= 0xEF)
        n = 2, c &= 0x0F;
    else if (c >= 0xF0 && c <= 0xF4)
        n = 3, c &= 0x07;
    else if (c >= 0x80) {
        *s = p + 1;
        return 0x110000 + c;
    }
    for (int i = 1; i <= n; i++) {
        if ((p[i] & 0xC0) != 0x80) {
            *s = p + 1;
            return 0x110000 + p[0];
        }
        c = (c << 6) | (p[i] & 0x3F);
    }
    /* Overlong forms, surrogates and values past U+10FFFF are not
     * characters either (as the sanitiser has it). */
    if ((n == 2 && c < 0x800) || (c >= 0xD800 && c <= 0xDFFF) || (n == 3 && (c < 0x10000 || c > 0x10FFFF))) {
        *s = p + 1;
        return 0x110000 + p[0];
    }
    *s = p + 1 + n;
    return core_fold_cp(c);
}

/* Whether the pattern at *p starts with the escape character esc (an
 * ASCII one compared as written, not folded), stepping over it. */
static int at_escape(const unsigned char **p, int esc)
{
    if (!esc)
        return 0;
    if (esc < 0x80) {
        if (**p != esc)
            return 0;
        (*p)++;
        return 1;
    }
    const unsigned char *q = *p;
    if (next_folded(&q) != esc)
        return 0;
    *p = q;
    return 1;
}

/* Pattern pat (with % and _, and esc before a character taking it
 * literally; esc 0 for none) against the whole of text, folded. One
 * backtracking point (the last %) suffices for LIKE's wildcards. */
static int fold_like(const unsigned char *pat, const unsigned char *text, int esc)
{
    const unsigned char *p = pat, *t = text, *star_p = NULL, *star_t = NULL;
    while (*t) {
        int pc, literal = 0;
        if (at_escape(&p, esc)) {
            if (!*p)
                return 0; /* an escape with nothing after it matches nothing, as in SQLite */
            pc = next_folded(&p);
            literal = 1;
        } else {
            pc = next_folded(&p);
        }
        if (pc == '%' && !literal) {
            star_p = p;
            star_t = t;
            continue;
        }
        int tc = next_folded(&t);
        if (pc && ((pc == '_' && !literal) || pc == tc))
            continue;
        if (!star_p)
            return 0;
        p = star_p;
        next_folded(&star_t); /* the % takes one more character */
        t = star_t;
    }
    for (;;) { /* what is left of the pattern must be all % */
        if (!*p)
            return 1;
        if (*p != '%')
            return 0;
        p++;
    }
}

int core_fold_equal(const char *a, const char *b)
{
    const unsigned char *x = (const unsigned char *)a, *y = (const unsigned char *)b;
    for (;;) {
        int cx = next_folded(&x), cy = next_folded(&y);
        if (cx != cy)
            return 0;
        if (!cx)
            return 1;
    }
}

int core_fold_contains(const char *hay, const char *needle)
{
    const unsigned char *h = (const unsigned char *)hay;
    size_t nn = strlen(needle);
    if (nn == 0)
        return 1;
    for (;;) {
        const unsigned char *a = h, *b = (const unsigned char *)needle;
        for (;;) {
            if (!*b)
                return 1;
            if (!*a)
                return 0;
            if (next_folded(&a) != next_folded(&b))
                break;
        }
        if (!*h)
            return 0;
        next_folded(&h);
    }
}

/* Append code point c as UTF-8 (a stand-in for an invalid byte as that
 * byte) to out; returns the bytes written (at most 4). */
static size_t put_utf8(unsigned char *out, int c)
{
    if (c >= 0x110000) {
        out[0] = (unsigned char)(c - 0x110000);
        return 1;
    }
    if (c < 0x80) {
        out[0] = (unsigned char)c;
        return 1;
    }
    if (c < 0x800) {
        out[0] = (unsigned char)(0xC0 | c >> 6);
        out[1] = (unsigned char)(0x80 | (c & 0x3F));
        return 2;
    }
    if (c < 0x10000) {
        out[0] = (unsigned char)(0xE0 | c >> 12);
        out[1] = (unsigned char)(0x80 | ((c >> 6) & 0x3F));
        out[2] = (unsigned char)(0x80 | (c & 0x3F));
        return 3;
    }
    out[0] = (unsigned char)(0xF0 | c >> 18);
    out[1] = (unsigned char)(0x80 | ((c >> 12) & 0x3F));
    out[2] = (unsigned char)(0x80 | ((c >> 6) & 0x3F));
    out[3] = (unsigned char)(0x80 | (c & 0x3F));
    return 4;
}

/* s folded, as UTF-8, into out (room for 4 bytes per input byte: folding
 * never lengthens a character by more); returns its length. */
static size_t fold_into(unsigned char *out, const unsigned char *s)
{
    size_t o = 0;
    while (*s) {
        if (*s < 0x80) { /* the common case, byte by byte */
            out[o++] = (unsigned char)(*s >= 'A' && *s <= 'Z' ? *s + 32 : *s);
            s++;
            continue;
        }
        o += put_utf8(out + o, next_folded(&s));
    }
    return o;
}

/* A pattern of the filter's shape, "%text%" with no other wildcard, kept
 * folded for the statement's life (sqlite3_set_auxdata): each row is then
 * one fold and one memmem instead of a character-by-character match. */
typedef struct needle {
    size_t len;
    unsigned char s[]; /* folded text, NUL-terminated */
} needle;

static needle *plain_needle(const unsigned char *pat, int esc)
{
    size_t n = strlen((const char *)pat);
    if (n < 2 || pat[0] != '%' || pat[n - 1] != '%' || (esc && n >= 3 && pat[n - 2] == esc))
        return NULL;
    needle *nd = malloc(sizeof *nd + 4 * n + 1);
    if (!nd)
        return NULL;
    unsigned char *lit = nd->s + 3 * n; /* the literal, unescaped, before folding */
    size_t l = 0;
    for (size_t i = 1; i + 1 < n; i++) {
        if (esc && pat[i] == esc && i + 2 < n) {
            lit[l++] = pat[++i];
            continue;
        }
        if (pat[i] == '%' || pat[i] == '_') {
            free(nd);
            return NULL;
        }
        lit[l++] = pat[i];
    }
    lit[l] = '\0';
    /* Bytes that are not characters match only themselves on the slow
     * path; searched byte by byte they could match inside a character. */
    for (const unsigned char *q = lit; *q;) {
        if (*q < 0x80) {
            q++;
            continue;
        }
        if (next_folded(&q) >= 0x110000) {
            free(nd);
            return NULL;
        }
    }
    unsigned char *copy = malloc(l + 1); /* fold_into writes where lit lies */
    if (!copy) {
        free(nd);
        return NULL;
    }
    memcpy(copy, lit, l + 1);
    nd->len = fold_into(nd->s, copy);
    nd->s[nd->len] = '\0';
    free(copy);
    return nd;
}

/* Whether the n bytes at nd occur in the len bytes at s. */
static int contains(const unsigned char *s, size_t len, const unsigned char *nd, size_t n)
{
    if (n == 0)
        return 1;
    for (const unsigned char *p = s, *end = s + len; (size_t)(end - p) >= n; p++) {
        p = memchr(p, nd[0], (size_t)(end - p) - n + 1);
        if (!p)
            return 0;
        if (!memcmp(p, nd, n))
            return 1;
    }
    return 0;
}

/* like(PATTERN, TEXT [, ESCAPE]): "TEXT LIKE PATTERN ESCAPE E". NULL in,
 * NULL out, as SQLite's own. */
static void like_func(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    const unsigned char *pat = sqlite3_value_text(argv[0]), *text = sqlite3_value_text(argv[1]);
    if (!pat || !text)
        return;
    int esc = 0;
    if (argc == 3) {
        const unsigned char *e = sqlite3_value_text(argv[2]);
        if (!e)
            return;
        const unsigned char *q = e;
        esc = next_folded(&q);
        if (!esc || *q) {
            sqlite3_result_error(ctx, "ESCAPE expression must be a single character", -1);
            return;
        }
        if (e[0] < 0x80)
            esc = e[0]; /* as written: an escape is not a letter to fold */
        else
            esc = -1; /* matched on the slow path, where it is one character */
    }
    needle *nd = esc >= 0 ? sqlite3_get_auxdata(ctx, 0) : NULL, *made = NULL;
    if (!nd && esc >= 0)
        nd = made = plain_needle(pat, esc);
    if (nd) {
        size_t n = (size_t)sqlite3_value_bytes(argv[1]);
        unsigned char small[1024], *buf = 4 * n + 1 <= sizeof small ? small : malloc(4 * n + 1);
        if (!buf) {
            free(made);
            sqlite3_result_error_nomem(ctx);
            return;
        }
        size_t len = fold_into(buf, text);
        sqlite3_result_int(ctx, contains(buf, len, nd->s, nd->len));
        if (buf != small)
            free(buf);
        /* Last: SQLite may free it at once when it will not keep it. */
        if (made)
            sqlite3_set_auxdata(ctx, 0, made, free);
        return;
    }
    if (esc < 0) { /* a non-ASCII escape character: matched the slow way */
        const unsigned char *q = sqlite3_value_text(argv[2]);
        esc = next_folded(&q);
    }
    sqlite3_result_int(ctx, fold_like(pat, text, esc));
}

int core_fold_register_like(sqlite3 *h)
{
    int flags = SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS;
    int rc = sqlite3_create_function(h, "like", 2, flags, NULL, like_func, NULL, NULL);
    if (rc == SQLITE_OK)
        rc = sqlite3_create_function(h, "like", 3, flags, NULL, like_func, NULL, NULL);
    return rc;
}
