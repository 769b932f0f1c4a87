/* widgets/lineedit.h — a one-line text editor over a copy of the text
 * (calcurse's "edit a copy" discipline): keys change the copy; the caller
 * reads it when the user confirms. Wide and combining characters are
 * handled as wchar_t; the view scrolls when the text is longer than its
 * box. Keys: ←/→, Home/End, Backspace, Delete, Ctrl-A/E (start/end),
 * Ctrl-K (kill to end), Ctrl-U (kill to start), Ctrl-W (kill word). */
#ifndef VIGIL_WIDGETS_LINEEDIT_H
#define VIGIL_WIDGETS_LINEEDIT_H

#include <stddef.h>
#include <wchar.h>
#include <curses.h>

#define W_LINE_MAX 1024 /* characters */

struct w_line {
    wchar_t buf[W_LINE_MAX + 1];
    int len;      /* characters in buf */
    int cur;      /* cursor, 0..len */
    int scroll;   /* first character shown */
    int dirty;    /* changed since w_line_set */
};

/* Start editing a copy of utf8 (NULL for empty); cursor at the end. */
void w_line_set(struct w_line *l, const char *utf8);

/* The text as UTF-8 in out (always NUL-terminated). Returns its length. */
size_t w_line_get(const struct w_line *l, char *out, size_t outsz);

/* Apply one key (from wget_wch: fn is 1 for KEY_CODE_YES). Returns
 * W_HANDLED|W_REDRAW when it edited or moved, 0 for keys it does not use
 * (Enter, Esc, Tab: the caller's). */
unsigned w_line_key(struct w_line *l, int key, int fn);

/* Draw the visible part in width columns at (y, x) with attribute attr,
 * keeping the cursor in view; the cursor cell is drawn in reverse video
 * when show_cursor. Control characters typed or pasted are shown escaped
 * by the sanitiser. */
void w_line_draw(struct w_line *l, WINDOW *w, int y, int x, int width, attr_t attr, int show_cursor);

/* What a key did to a one-line prompt (a filter line). */
enum w_prompt {
    W_PROMPT_UNUSED,  /* not a key for the prompt                        */
    W_PROMPT_EDITED,  /* the text changed or the cursor moved            */
    W_PROMPT_DONE,    /* Enter: keep the text, stop editing              */
    W_PROMPT_CLEARED, /* Esc: the text is emptied, stop editing          */
};

/* One key for a prompt: Esc empties the line, Enter ends editing, the
 * editing keys edit. Returns what happened. */
enum w_prompt w_line_prompt_key(struct w_line *l, int key, int fn);

/* Draw label then the prompt's text in width columns at (y, x): with the
 * cursor while active, from its beginning otherwise. */
void w_line_draw_prompt(struct w_line *l, WINDOW *w, int y, int x, int width, const char *label, int active);

#endif
