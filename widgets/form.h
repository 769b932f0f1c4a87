/* widgets/form.h — a data-entry form: labelled fields edited with the line
 * editor, choice fields, per-field error messages, and the typed text kept
 * whatever happens. The form knows nothing of what is valid: the caller
 * validates (with core's validators) and sets error messages; the form
 * shows them beside the field and stays open.
 *
 * Keys: Tab/Down next field, Shift-Tab/Up previous, Enter asks to save,
 * Esc asks to cancel; on a choice field Space/Left/Right cycle and typing
 * the first letters of a choice selects it (letters less than a second
 * apart make one prefix: "fa" faith_group); other fields use the line
 * editor's keys (widgets/lineedit.h). */
#ifndef VIGIL_WIDGETS_FORM_H
#define VIGIL_WIDGETS_FORM_H

#include <curses.h>
#include "widgets/lineedit.h"

#define W_FORM_MAX_FIELDS 24

enum w_field_kind {
    W_FIELD_TEXT,     /* free text, numbers, dates: the line editor        */
    W_FIELD_CHOICE,   /* one of choices[]                                  */
    W_FIELD_REF,      /* text that names a record; complete() suggests     */
    W_FIELD_FIXED,    /* shown, not editable (e.g. the resource moved)     */
};

/* Suggest the record a reference field's text names: write the value to
 * use into out (e.g. "XV05") and a label into label ("XV05 Tovreth");
 * return 1 when exactly one record matches (or one matches exactly), 2
 * when several do (out and label then name the first), 0 when none does.
 * Leaving the field takes the suggestion only when it is the one match. */
typedef int (*w_form_complete)(void *ctx, const char *typed, char *out, size_t outsz, char *label, size_t labelsz);

struct w_field {
    const char *label;
    enum w_field_kind kind;
    const char *const *choices;   /* CHOICE: NULL-terminated              */
    const char *hint;             /* shown dim when the field is empty    */
    int required;                 /* marks the label with '*'             */
    struct w_line line;           /* the text (CHOICE: the chosen value)  */
    char error[256];              /* "" when fine                         */
    char theirs[256];             /* after a reload: what the user typed  */
    char suggestion[160];         /* REF: label of the suggested record   */
    char prefix[24];              /* CHOICE: letters typed in a row       */
    int changed;                  /* the user changed the text (since
                                     w_form_add or w_form_set)            */
    int overflow;                 /* typing or a paste went past the field's
                                     W_LINE_MAX; cleared by an edit       */
    long long prefix_ms;          /* CHOICE: when the last was typed      */
};

/* Letters typed on a choice field further apart than this start a new
 * prefix. */
#define W_FORM_TYPEAHEAD_MS 1000

/* Monotonic milliseconds, the clock of the choice fields' type-ahead. */
long long w_form_now_ms(void);

struct w_form {
    const char *title;
    struct w_field f[W_FORM_MAX_FIELDS];
    int n;
    int cur;                      /* focused field                        */
    int top;                      /* first field shown                    */
    int typed;                    /* the user changed something           */
    char message[256];            /* form-level message (conflict, busy)  */
    int message_error;
    w_form_complete complete;     /* for REF fields; may be NULL          */
    void *complete_ctx;
};

enum {
    W_FORM_SUBMIT = 1 << 8,       /* Enter: the caller validates & saves  */
    W_FORM_CANCEL = 1 << 9,       /* Esc: the caller asks if f->typed     */
};

/* Start an empty form. */
void w_form_init(struct w_form *f, const char *title);

/* Add a field with an initial value (NULL: empty). Returns its index, or
 * -1 when the form is full. */
int w_form_add(struct w_form *f, const char *label, enum w_field_kind kind, const char *value,
               const char *const *choices, const char *hint, int required);

/* Current text of field i as UTF-8 into out. */
void w_form_value(const struct w_form *f, int i, char *out, size_t outsz);

/* Replace field i's text (does not count as typing). */
void w_form_set(struct w_form *f, int i, const char *value);

/* The first field whose input ran past what it holds (text was dropped:
 * the caller should not save it unseen), or -1. */
int w_form_overflowed(const struct w_form *f);

/* Whether the user changed field i since it was added or last set: a
 * field left alone can be saved as "unchanged", whatever the editor could
 * hold of it. 0 for an index out of range. */
int w_form_changed(const struct w_form *f, int i);

/* Set (msg non-empty) or clear the error shown beside field i; with
 * focus, move to it. */
void w_form_error(struct w_form *f, int i, const char *msg, int focus);

/* Clear every field error and the form message. */
void w_form_clear_errors(struct w_form *f);

/* One key (wget_wch's key and fn). Returns W_HANDLED|W_REDRAW, or
 * W_FORM_SUBMIT / W_FORM_CANCEL for the caller to act on. */
unsigned w_form_key(struct w_form *f, int key, int fn);

/* Draw the form as a centred box over w (at most 76 columns wide). */
void w_form_draw(struct w_form *f, WINDOW *w);

#endif
