/* widgets/form.c — the data-entry form. */
#include "widgets/form.h"
#include "widgets/box.h"
#include "widgets/text.h"
#include "widgets/theme.h"
#include "widgets/widget.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <time.h>

void w_form_init(struct w_form *f, const char *title)
{
    memset(f, 0, sizeof *f);
    f->title = title;
}

int w_form_add(struct w_form *f, const char *label, enum w_field_kind kind, const char *value,
               const char *const *choices, const char *hint, int required)
{
    if (f->n >= W_FORM_MAX_FIELDS)
        return -1;
    struct w_field *x = &f->f[f->n];
    memset(x, 0, sizeof *x);
    x->label = label;
    x->kind = kind;
    x->choices = choices;
    x->hint = hint;
    x->required = required;
    if (kind == W_FIELD_CHOICE && choices && (!value || !*value) && required)
        value = choices[0];
    w_line_set(&x->line, value);
    return f->n++;
}

void w_form_value(const struct w_form *f, int i, char *out, size_t outsz)
{
    if (i < 0 || i >= f->n) {
        if (outsz)
            out[0] = '\0';
        return;
    }
    w_line_get(&f->f[i].line, out, outsz);
}

void w_form_set(struct w_form *f, int i, const char *value)
{
    if (i >= 0 && i < f->n) {
        w_line_set(&f->f[i].line, value);
        f->f[i].changed = f->f[i].overflow = 0;
    }
}

int w_form_overflowed(const struct w_form *f)
{
    for (int i = 0; i < f->n; i++)
        if (f->f[i].overflow)
            return i;
    return -1;
}

int w_form_changed(const struct w_form *f, int i)
{
    return i >= 0 && i < f->n && f->f[i].changed;
}

void w_form_error(struct w_form *f, int i, const char *msg, int focus)
{
    if (i < 0 || i >= f->n)
        return;
    snprintf(f->f[i].error, sizeof f->f[i].error, "%s", msg ? msg : "");
    if (focus && msg && *msg)
        f->cur = i;
}

void w_form_clear_errors(struct w_form *f)
{
    for (int i = 0; i < f->n; i++)
        f->f[i].error[0] = '\0';
    f->message[0] = '\0';
}

/* Index of the current choice of a choice field (-1: none). */
static int choice_index(const struct w_field *x)
{
    char v[256];
    w_line_get(&x->line, v, sizeof v);
    for (int i = 0; x->choices && x->choices[i]; i++)
        if (!strcmp(x->choices[i], v))
            return i;
    return -1;
}

static void cycle(struct w_field *x, int delta)
{
    int n = 0;
    while (x->choices && x->choices[n])
        n++;
    if (!n)
        return;
    int i = choice_index(x);
    /* An optional choice field may also be left empty: slot n. */
    int slots = x->required ? n : n + 1;
    i = i < 0 ? (x->required ? 0 : n) : i;
    i = ((i + delta) % slots + slots) % slots;
    w_line_set(&x->line, i < n ? x->choices[i] : "");
    x->prefix[0] = '\0';
}

/* Whether choice c starts with the n letters of p, in either case. */
static int starts_with(const char *c, const char *p, size_t n)
{
    return strlen(c) >= n && strncasecmp(c, p, n) == 0;
}

/* The next choice after the current one (wrapping; the first when there
 * is none) that starts with the n letters of p, or -1. */
static int next_starting(const struct w_field *x, const char *p, size_t n)
{
    int cur = choice_index(x), count = 0;
    while (x->choices && x->choices[count])
        count++;
    for (int k = 1; k <= count; k++) {
        int i = cur < 0 ? k - 1 : (cur + k) % count;
        if (starts_with(x->choices[i], p, n))
            return i;
    }
    return -1;
}

long long w_form_now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Typing on a choice field picks a choice by its first letters, as list
 * boxes do. Letters typed less than W_FORM_TYPEAHEAD_MS apart make one
 * prefix ("fa" faith_group, "co" community_leader, "trau" trauma_healing),
 * and the choice stays while the prefix still matches it. A first letter
 * moves on from the current choice to the next one starting with it, so
 * the same letter again steps through them ("c", "c": cso, then
 * community_leader); a letter that leaves no choice matching starts a new
 * prefix. Returns 1 when the choice changed, 0 when it did not (the word
 * goes on, or no choice starts with the letter at all). */
static int choose_by_letters(struct w_field *x, int key, long long now_ms)
{
    if (now_ms - x->prefix_ms > W_FORM_TYPEAHEAD_MS)
        x->prefix[0] = '\0';
    x->prefix_ms = now_ms;
    int cur = choice_index(x);
    size_t n = strlen(x->prefix);
    char cand[sizeof x->prefix];
    if (n + 1 < sizeof cand) {
        memcpy(cand, x->prefix, n);
        cand[n] = (char)key;
        cand[n + 1] = '\0';
        if (n > 0 && cur >= 0 && starts_with(x->choices[cur], cand, n + 1)) {
            memcpy(x->prefix, cand, n + 2); /* the word goes on: the choice still matches */
            return 0;
        }
        for (int i = 0; x->choices && x->choices[i]; i++)
            if (i != cur && starts_with(x->choices[i], cand, n + 1)) {
                w_line_set(&x->line, x->choices[i]);
                memcpy(x->prefix, cand, n + 2);
                return 1;
            }
    }
    /* The same letter again, or a letter that fits nothing typed before:
     * by that letter alone. */
    char one[2] = {(char)key, '\0'};
    int i = next_starting(x, one, 1);
    if (i < 0)
        return 0;
    w_line_set(&x->line, x->choices[i]);
    memcpy(x->prefix, one, 2);
    return i != cur;
}

static void update_suggestion(struct w_form *f, struct w_field *x)
{
    x->suggestion[0] = '\0';
    if (x->kind != W_FIELD_REF || !f->complete)
        return;
    char typed[256], out[256], label[160];
    w_line_get(&x->line, typed, sizeof typed);
    int n = typed[0] ? f->complete(f->complete_ctx, typed, out, sizeof out, label, sizeof label) : 0;
    if (n == 1 && strcmp(out, typed) != 0)
        snprintf(x->suggestion, sizeof x->suggestion, "%s", label);
    else if (n > 1)
        snprintf(x->suggestion, sizeof x->suggestion, "several match, type more: %.100s, ...", label);
}

/* Leaving a reference field takes the suggestion when what was typed
 * names exactly one record by a prefix of its code or name; text that
 * several match stays as typed, for the caller's validation to refuse. */
static void accept_suggestion(struct w_form *f, struct w_field *x)
{
    if (x->kind != W_FIELD_REF || !f->complete)
        return;
    char typed[256], out[256], label[160];
    w_line_get(&x->line, typed, sizeof typed);
    if (typed[0] && f->complete(f->complete_ctx, typed, out, sizeof out, label, sizeof label) == 1 &&
        strcmp(out, typed) != 0) {
        w_line_set(&x->line, out);
        x->changed = 1;
    }
    x->suggestion[0] = '\0';
}

static void focus(struct w_form *f, int to)
{
    if (f->n == 0)
        return;
    accept_suggestion(f, &f->f[f->cur]);
    int step = to > f->cur ? 1 : -1;
    to = (to + f->n) % f->n;
    /* Skip fields that cannot be edited. */
    for (int k = 0; k < f->n && f->f[to].kind == W_FIELD_FIXED; k++)
        to = ((to + step) % f->n + f->n) % f->n;
    f->cur = to;
    f->f[to].prefix[0] = '\0'; /* type-ahead starts afresh in a field */
}

unsigned w_form_key(struct w_form *f, int key, int fn)
{
    if (f->n == 0)
        return (!fn && key == 27) ? W_FORM_CANCEL : 0;
    struct w_field *x = &f->f[f->cur];
    if (!fn) {
        switch (key) {
        case 27: return W_FORM_CANCEL;
        case '\n': case '\r':
            accept_suggestion(f, x);
            return W_FORM_SUBMIT;
        case '\t':
            focus(f, f->cur + 1);
            return W_HANDLED | W_REDRAW;
        }
    } else {
        switch (key) {
        case KEY_ENTER:
            accept_suggestion(f, x);
            return W_FORM_SUBMIT;
        case KEY_BTAB: case KEY_UP:
            focus(f, f->cur - 1);
            return W_HANDLED | W_REDRAW;
        case KEY_DOWN:
            focus(f, f->cur + 1);
            return W_HANDLED | W_REDRAW;
        }
    }
    if (x->kind == W_FIELD_FIXED)
        return W_HANDLED;
    if (x->kind == W_FIELD_CHOICE) {
        if ((!fn && key == ' ') || (fn && key == KEY_RIGHT))
            cycle(x, 1);
        else if (fn && key == KEY_LEFT)
            cycle(x, -1);
        else if (!fn && key > ' ' && key < 0x7f) {
            if (!choose_by_letters(x, key, w_form_now_ms()))
                return W_HANDLED | W_REDRAW; /* no change: nothing typed */
        } else
            return W_HANDLED;
        f->typed = x->changed = 1;
        x->error[0] = '\0';
        return W_HANDLED | W_REDRAW;
    }
    if (!fn && key >= ' ' && key != 0x7f && x->line.len >= W_LINE_MAX) {
        snprintf(x->error, sizeof x->error, "this field holds at most %d characters", W_LINE_MAX);
        x->overflow = 1;
        return W_HANDLED | W_REDRAW;
    }
    unsigned r = w_line_key(&x->line, key, fn);
    if (x->line.dirty) {
        f->typed = x->changed = 1;
        x->overflow = 0;
        x->error[0] = '\0';
        x->line.dirty = 0;
        update_suggestion(f, x);
    }
    return r ? r : W_HANDLED;
}

void w_form_draw(struct w_form *f, WINDOW *w)
{
    int H = getmaxy(w), W = getmaxx(w);
    int lw = 0;
    for (int i = 0; i < f->n; i++) {
        int l = w_text_width(f->f[i].label) + (f->f[i].required ? 1 : 0);
        if (l > lw)
            lw = l;
    }
    int bw = W - 4 < 76 ? W - 4 : 76;
    /* Each field takes one line, plus one for an error or suggestion. */
    int lines = 0;
    for (int i = 0; i < f->n; i++)
        lines += 1 + (f->f[i].error[0] || f->f[i].suggestion[0] || f->f[i].theirs[0]);
    int bh = lines + 4 + (f->message[0] ? 1 : 0);
    if (bh > H - 2)
        bh = H - 2;
    struct w_rect r = w_box_center(w, bh, bw);
    if (w_box_draw(w, r, f->title, " Enter save  Esc cancel  Tab next ") != 0)
        return;
    int y = r.y + 1, x0 = r.x + 2, vx = x0 + lw + 2, vw = r.x + r.w - 2 - vx;
    if (f->message[0]) {
        w_text_put(w, y++, x0, r.w - 4, f->message, w_attr(f->message_error ? W_ROLE_ERROR : W_ROLE_MESSAGE),
                   W_ALIGN_LEFT);
    }
    /* Scroll so the focused field is visible. */
    int room = r.y + r.h - 2 - y;
    if (f->cur < f->top)
        f->top = f->cur;
    while (f->top < f->cur) {
        int need = 0;
        for (int i = f->top; i <= f->cur; i++)
            need += 1 + (f->f[i].error[0] || f->f[i].suggestion[0] || f->f[i].theirs[0]);
        if (need <= room)
            break;
        f->top++;
    }
    for (int i = f->top; i < f->n && y < r.y + r.h - 2; i++) {
        struct w_field *x = &f->f[i];
        int focused = i == f->cur;
        char label[96];
        snprintf(label, sizeof label, "%s%s", x->label, x->required ? "*" : "");
        w_text_put(w, y, x0, lw, label, w_attr(focused ? W_ROLE_HINT_KEY : W_ROLE_DIM), W_ALIGN_RIGHT);
        attr_t va = w_attr(W_ROLE_NORMAL) | (focused ? A_UNDERLINE : 0);
        if (x->kind == W_FIELD_CHOICE) {
            char v[256], shown[300];
            w_line_get(&x->line, v, sizeof v);
            snprintf(shown, sizeof shown, "%s %s %s", w_unicode() ? "‹" : "<", v[0] ? v : "(none)",
                     w_unicode() ? "›" : ">");
            w_text_put(w, y, vx, vw, shown, va | (focused ? A_REVERSE : 0), W_ALIGN_LEFT);
        } else if (x->kind == W_FIELD_FIXED) {
            char v[256];
            w_line_get(&x->line, v, sizeof v);
            w_text_put(w, y, vx, vw, v, w_attr(W_ROLE_NORMAL) | A_BOLD, W_ALIGN_LEFT);
        } else if (x->line.len == 0 && !focused && x->hint) {
            w_text_put(w, y, vx, vw, x->hint, w_attr(W_ROLE_DIM), W_ALIGN_LEFT);
        } else if (!focused) {
            /* A field not being edited shows its beginning. */
            char v[W_LINE_MAX * 4 + 1];
            w_line_get(&x->line, v, sizeof v);
            w_text_put(w, y, vx, vw, v, va, W_ALIGN_LEFT);
        } else {
            w_line_draw(&x->line, w, y, vx, vw, va, focused);
        }
        y++;
        if (y >= r.y + r.h - 1)
            break;
        if (x->error[0]) {
            char m[300];
            snprintf(m, sizeof m, "%s %s", w_unicode() ? "✗" : "!", x->error);
            w_text_put(w, y++, vx, vw, m, w_attr(W_ROLE_ERROR), W_ALIGN_LEFT);
        } else if (x->theirs[0]) {
            char m[300];
            snprintf(m, sizeof m, "you typed: %s", x->theirs);
            w_text_put(w, y++, vx, vw, m, w_attr(W_ROLE_MESSAGE), W_ALIGN_LEFT);
        } else if (x->suggestion[0]) {
            char m[200];
            snprintf(m, sizeof m, "%s %s", w_unicode() ? "→" : "->", x->suggestion);
            w_text_put(w, y++, vx, vw, m, w_attr(W_ROLE_DIM), W_ALIGN_LEFT);
        }
    }
}
