/* widgets/dialog.h — a centred y/n confirmation, and a message box.
 *
 * The message is raw text: it is sanitised, split at line breaks and
 * wrapped to the box. The dialog only draws and interprets keys; the caller
 * keeps it on screen until the answer is no longer W_ANSWER_PENDING. */
#ifndef VIGIL_WIDGETS_DIALOG_H
#define VIGIL_WIDGETS_DIALOG_H

#include <curses.h>

enum w_dialog_kind { W_DIALOG_CONFIRM, W_DIALOG_MESSAGE };

enum w_answer {
    W_ANSWER_PENDING, /* keep asking                                    */
    W_ANSWER_YES,     /* confirmed; for a message box: dismissed        */
    W_ANSWER_NO       /* refused (n, N or Esc)                          */
};

struct w_dialog {
    enum w_dialog_kind kind;
    const char *title;   /* raw; may be NULL                           */
    const char *msg;     /* raw; must outlive the dialog                */
    const char *buttons; /* the last line; NULL: the kind's own        */
};

/* Make d a y/n question. */
void w_dialog_confirm(struct w_dialog *d, const char *title, const char *msg);

/* Make d a message box dismissed with Enter, Space, Esc or q. */
void w_dialog_message(struct w_dialog *d, const char *title, const char *msg);

/* Make d a question the caller answers from the keys itself ("Edit what?
 * r region  i indicator"): drawn like a message box, with `buttons` (raw,
 * must outlive the dialog) as its last line instead of "[Enter] ok". */
void w_dialog_choice(struct w_dialog *d, const char *title, const char *msg, const char *buttons);

/* Draw d centred in w over whatever is there; "[y] yes  [n] no" or
 * "[Enter] ok" on its last line. A message longer than the screen is cut,
 * ending in "…". Does nothing when w is too small for a box. */
void w_dialog_draw(const struct w_dialog *d, WINDOW *w);

/* Interpret one key (see widget.h for key/fn). Confirm: y/Y answer
 * W_ANSWER_YES, n/N/Esc W_ANSWER_NO; Enter is deliberately not an answer,
 * so a stray Enter cannot confirm a deletion. Message: Enter, Space, Esc or
 * q give W_ANSWER_YES. Anything else (including KEY_RESIZE) is
 * W_ANSWER_PENDING. */
enum w_answer w_dialog_key(const struct w_dialog *d, int key, int fn);

#endif
