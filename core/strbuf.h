/* core/strbuf.h — a growable byte buffer, and JSON string quoting. */
#ifndef VIGIL_CORE_STRBUF_H
#define VIGIL_CORE_STRBUF_H

#include <stddef.h>

typedef struct core_sb {
    char *s;      /* always NUL-terminated once anything was added      */
    size_t len;
    size_t cap;
    int oom;      /* set when an allocation failed; later adds are no-ops */
} core_sb;

/* Append n bytes of p. On allocation failure sets sb->oom. */
void core_sb_addn(core_sb *sb, const char *p, size_t n);
/* Append a NUL-terminated string (NULL appends nothing). */
void core_sb_add(core_sb *sb, const char *p);
/* Append printf-style. */
void core_sb_addf(core_sb *sb, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Append s as a JSON string literal with quotes; NULL appends `null`.
 * Control characters become \uXXXX; bytes are otherwise copied. */
void core_sb_json(core_sb *sb, const char *s);
/* The contents ("" when empty); stays owned by sb. */
const char *core_sb_str(const core_sb *sb);
/* Forget the contents but keep the allocation. */
void core_sb_reset(core_sb *sb);
/* Free the buffer. */
void core_sb_free(core_sb *sb);

#endif
