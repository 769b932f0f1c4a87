/* core/sanitize.h — the one sanitiser every string from the database or a
 * file passes before a person sees it (SPEC §6), plus display-width helpers.
 *
 * Hostile field data must never move the cursor, change colours, retitle the
 * window, reorder text or misalign a column. The sanitiser turns:
 *   - C0 controls (0x00–0x1F) into caret escapes: "^[" for ESC, "^M" for CR,
 *     "^I" for TAB, "^J" for LF, "^@" for NUL, etc.
 *   - DEL (0x7F) into "^?"
 *   - C1 controls encoded as valid UTF-8 (code points U+0080–U+009F, bytes
 *     C2 80..C2 9F) into "<U+0085>" style escapes; a raw byte 0x80–0x9F
 *     outside a valid sequence is invalid UTF-8 and becomes U+FFFD (below)
 *   - Unicode bidi/format characters U+061C, U+200B–U+200F, U+202A–U+202E
 *     and U+2066–U+2069 into "<U+202E>" style escapes
 *   - every invalid or overlong UTF-8 sequence, surrogate or code point above
 *     U+10FFFF into U+FFFD, one per maximal subpart as Unicode §3.9
 *     recommends (so "E2 82 41" gives U+FFFD then "A", and "C0 80" gives
 *     two U+FFFD)
 * Everything else (printable ASCII, valid UTF-8 incl. wide and combining
 * characters) is copied unchanged. The result is always valid UTF-8 and
 * contains no byte below 0x20, no 0x7F, and no C1 code point.
 *
 * These functions never touch curses or SQLite; widgets and the command
 * line share them. */
#ifndef VIGIL_CORE_SANITIZE_H
#define VIGIL_CORE_SANITIZE_H

#include <stddef.h>

/* Sanitise len bytes of src (NUL bytes inside are data, not terminators)
 * into a newly malloc'd NUL-terminated string. src may be NULL (treated as
 * empty). Returns NULL only when out of memory. */
char *core_sanitize(const char *src, size_t len);

/* Like core_sanitize for a NUL-terminated string (NULL -> ""). */
char *core_sanitize_str(const char *src);

/* Sanitise NUL-terminated src (NULL -> "") into the caller's buffer out of
 * size outsz, always NUL-terminating. Output stops before the first
 * character or escape ("^[", "<U+202E>", U+FFFD) that does not fit whole,
 * so it is a prefix of core_sanitize_str(src) and never cuts one in half.
 * Returns the number of bytes written (excluding NUL). If outsz == 0
 * nothing is written and out may be NULL. */
size_t core_sanitize_into(char *out, size_t outsz, const char *src);

/* Display width in terminal columns of a string that is already sanitised
 * (valid UTF-8, no controls), measured with wcwidth() under the caller's
 * UTF-8 LC_CTYPE; combining marks count 0, and characters wcwidth reports
 * as -1 count as 1. Unsanitised input is still safe to pass: a control
 * or an invalid subsequence counts 1 (it does not predict the width of its
 * escape). NULL -> 0. */
int core_text_width(const char *s);

/* Byte length of the longest prefix of sanitised string s whose display
 * width is at most cols, never splitting a character and keeping combining
 * marks with their base (marks after the last base that fits are kept,
 * marks after a base that does not fit are dropped with it). s == NULL or
 * cols < 0 gives 0. *width_out (may be NULL) receives that prefix's
 * width. */
size_t core_text_fit(const char *s, int cols, int *width_out);

/* Byte offset of the first ill-formed UTF-8 sequence in s[0..n) (same rules
 * as the sanitiser: overlongs, surrogates and values past U+10FFFF are
 * ill-formed), or -1 when all of it is valid. */
long core_utf8_invalid_at(const char *s, size_t n);

/* Length of the longest prefix of s[0..n) that does not end inside a
 * multi-byte UTF-8 character: where to cut text to fit a buffer. */
size_t core_utf8_cut(const char *s, size_t n);

#endif
