/* widgets/text.h — the one way widgets put text on the screen.
 *
 * w_text_put() is the primitive every widget draws strings through: it
 * sanitises (core/sanitize.h), measures with wcwidth, truncates without
 * splitting a character (marking the cut with "…", or "~" in ASCII mode),
 * pads to the exact width and draws, so hostile data can neither move the
 * cursor nor push a column out of line. A character wcwidth() cannot
 * measure (unassigned, newer than the C library) is shown as '?', so the
 * terminal cannot disagree about its width; in ASCII mode (w_unicode() == 0)
 * so is every non-ASCII character.
 *
 * Windows passed here must not have scrollok() set: drawing into the last
 * cell of the last line must not scroll. Nothing here calls refresh. */
#ifndef VIGIL_WIDGETS_TEXT_H
#define VIGIL_WIDGETS_TEXT_H

#include <stddef.h>
#include <wchar.h>
#include <curses.h>

enum w_align { W_ALIGN_LEFT, W_ALIGN_RIGHT, W_ALIGN_CENTER };

/* Draw raw (untrusted, NULL = "") at (y, x) of w in exactly `width`
 * columns: sanitised, truncated with an ellipsis if too wide, aligned and
 * padded with spaces in attr. width is clipped to the window's edge.
 * Returns the columns taken by the text itself (without padding), or -1
 * when nothing can be drawn (w NULL, y/x outside w, width < 1). */
int w_text_put(WINDOW *w, int y, int x, int width, const char *raw,
               attr_t attr, enum w_align align);

/* w_text_put() for text that already went through w_text_clean() or
 * core_sanitize() (e.g. a line w_text_wrap() produced); skips sanitising
 * again. Same contract otherwise. */
int w_text_put_clean(WINDOW *w, int y, int x, int width, const char *clean,
                     attr_t attr, enum w_align align);

/* Like w_text_put_clean, but the text is known to go on beyond what is
 * given (the rest did not fit), so the truncation mark is always drawn. */
int w_text_put_cut(WINDOW *w, int y, int x, int width, const char *clean,
                   attr_t attr, enum w_align align);

/* Draw raw so that it ends just before column x_end, using at most
 * max_width columns (no padding). Returns the column where the text
 * starts, or x_end when nothing was drawn. */
int w_text_put_right(WINDOW *w, int y, int x_end, int max_width,
                     const char *raw, attr_t attr);

/* Fill `width` columns at (y, x) with spaces in attr (clipped to w). */
void w_text_fill(WINDOW *w, int y, int x, int width, attr_t attr);

/* Display width raw will have once drawn (after sanitising and, in ASCII
 * mode, transliteration). Returns 0 for NULL or on out of memory. */
int w_text_width(const char *raw);

/* Sanitised copy of len bytes of raw, as drawn: escapes for controls,
 * '?' for what the terminal cannot show. Caller frees. Returns NULL only
 * when out of memory. */
char *w_text_clean(const char *raw, size_t len);

/* One piece of line wrapping: for clean single-line text s, the byte
 * length of the longest leading piece that fits in cols columns, breaking
 * after a space where possible and never inside a character. *next gets
 * the offset where the following piece starts (spaces at the break are
 * skipped). Always makes progress while *s is not NUL: a character wider
 * than cols comes out alone (w_text_put_clean truncates it). */
size_t w_text_wrap(const char *s, int cols, size_t *next);

/* Sanitise raw, split it into lines at LF (a CR before the LF is dropped),
 * wrap each line at cols and call line(arg, index, text) for every display
 * line in order; text is clean and NUL-terminated, valid only during the
 * call. An empty raw gives one empty line; a final LF adds none. Returns
 * the number of lines, or -1 when out of memory. line may be NULL to only
 * count. */
int w_text_lines(const char *raw, int cols,
                 void (*line)(void *arg, int index, const char *text), void *arg);

/* Draw one symbol cell at (y, x): the wide character uni in UTF-8 mode,
 * else ascii (a plain character or an ACS_* value) — for box drawing,
 * separators, sort arrows and sparklines. Ignored outside w. */
void w_glyph(WINDOW *w, int y, int x, wchar_t uni, chtype ascii, attr_t attr);

/* Read back line y of w as drawn, as UTF-8 into out (NUL-terminated,
 * trailing spaces kept; line-drawing characters from the alternate
 * character set read as '-', '|' and '+'). For vigil snapshot and tests.
 * Returns the bytes written. */
size_t w_read_line(WINDOW *w, int y, char *out, size_t outsz);

#endif
