/* core/strbuf.c — growable buffer. */
#include "core/strbuf.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int grow(core_sb *sb, size_t need)
{
    if (sb->oom)
        return -1;
    if (sb->len + need + 1 <= sb->cap)
        return 0;
    size_t cap = sb->cap ? sb->cap : 64;
    while (cap < sb->len + need + 1)
        cap *= 2;
    char *p = realloc(sb->s, cap);
    if (!p) {
        sb->oom = 1;
        return -1;
    }
    sb->s = p;
    sb->cap = cap;
    return 0;
}

void core_sb_addn(core_sb *sb, const char *p, size_t n)
{
    if (grow(sb, n))
        return;
    memcpy(sb->s + sb->len, p, n);
    sb->len += n;
    sb->s[sb->len] = '\0';
}

void core_sb_add(core_sb *sb, const char *p)
{
    if (p)
        core_sb_addn(sb, p, strlen(p));
}

void core_sb_addf(core_sb *sb, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0 || grow(sb, (size_t)n))
        return;
    va_start(ap, fmt);
    vsnprintf(sb->s + sb->len, (size_t)n + 1, fmt, ap);
    va_end(ap);
    sb->len += (size_t)n;
}

void core_sb_json(core_sb *sb, const char *s)
{
    if (!s) {
        core_sb_add(sb, "null");
        return;
    }
    core_sb_addn(sb, "\"", 1);
    const char *run = s;
    for (const char *p = s; *p; p++) {
        unsigned char c = (unsigned char)*p;
        if (c >= 0x20 && c != '"' && c != '\\' && c != 0x7f)
            continue;
        core_sb_addn(sb, run, (size_t)(p - run));
        switch (c) {
        case '"':  core_sb_add(sb, "\\\""); break;
        case '\\': core_sb_add(sb, "\\\\"); break;
        case '\n': core_sb_add(sb, "\\n"); break;
        case '\r': core_sb_add(sb, "\\r"); break;
        case '\t': core_sb_add(sb, "\\t"); break;
        default:   core_sb_addf(sb, "\\u%04x", c); break;
        }
        run = p + 1;
    }
    core_sb_add(sb, run);
    core_sb_addn(sb, "\"", 1);
}

const char *core_sb_str(const core_sb *sb) { return sb->s ? sb->s : ""; }

void core_sb_reset(core_sb *sb)
{
    sb->len = 0;
    if (sb->s)
        sb->s[0] = '\0';
}

void core_sb_free(core_sb *sb)
{
    free(sb->s);
    sb->s = NULL;
    sb->len = sb->cap = 0;
    sb->oom = 0;
}
