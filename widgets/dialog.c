/* widgets/dialog.c — confirmation and message boxes. */
#include "widgets/dialog.h"

#include "core/sanitize.h"
#include "widgets/box.h"
#include "widgets/text.h"
#include "widgets/theme.h"
#include "widgets/widget.h"

#define MIN_INNER 24
#define MAX_INNER 60

static void set(struct w_dialog *d, enum w_dialog_kind kind, const char *title, const char *msg,
                const char *buttons)
{
    d->kind = kind;
    d->title = title;
    d->msg = msg;
    d->buttons = buttons;
}

void w_dialog_confirm(struct w_dialog *d, const char *title, const char *msg)
{
    set(d, W_DIALOG_CONFIRM, title, msg, NULL);
}

void w_dialog_message(struct w_dialog *d, const char *title, const char *msg)
{
    set(d, W_DIALOG_MESSAGE, title, msg, NULL);
}

void w_dialog_choice(struct w_dialog *d, const char *title, const char *msg, const char *buttons)
{
    set(d, W_DIALOG_MESSAGE, title, msg, buttons);
}

struct draw_ctx {
    WINDOW *w;
    int y, x, width, rows, total;
};

static void widest(void *arg, int index, const char *text)
{
    int *max = arg, wd = core_text_width(text);
    (void)index;
    if (wd > *max) *max = wd;
}

static void draw_line(void *arg, int index, const char *text)
{
    struct draw_ctx *c = arg;
    if (index >= c->rows) return;
    attr_t a = w_attr(W_ROLE_NORMAL);
    /* The last row that fits stands for everything after it. */
    if (index == c->rows - 1 && c->total > c->rows)
        w_text_put_cut(c->w, c->y + index, c->x, c->width, text, a, W_ALIGN_LEFT);
    else
        w_text_put_clean(c->w, c->y + index, c->x, c->width, text, a, W_ALIGN_LEFT);
}

void w_dialog_draw(const struct w_dialog *d, WINDOW *w)
{
    int maxy, maxx;
    if (!w || !d) return;
    getmaxyx(w, maxy, maxx);
    (void)maxy;

    const char *buttons = d->buttons ? d->buttons : d->kind == W_DIALOG_CONFIRM ? "[y] yes   [n] no" : "[Enter] ok";
    int inner = 0;
    w_text_lines(d->msg, MAX_INNER, widest, &inner);
    if (d->title && w_text_width(d->title) + 2 > inner) inner = w_text_width(d->title) + 2;
    if (inner < MIN_INNER) inner = MIN_INNER;
    if (inner > MAX_INNER) inner = MAX_INNER;
    if (inner > maxx - 4) inner = maxx - 4; /* frame and a margin each side */
    if (inner < 1) return;

    int lines = w_text_lines(d->msg, inner, NULL, NULL);
    if (lines < 0) return;
    struct w_rect r = w_box_center(w, lines + 4, inner + 4);
    if (r.h < 3 || w_box_draw(w, r, d->title, NULL) < 0) return;

    /* Rows inside the frame: message lines, a blank, the buttons. */
    int rows = r.h - 2;
    struct draw_ctx c = { w, r.y + 1, r.x + 2, inner, rows >= 3 ? rows - 2 : rows - 1, lines };
    if (c.rows > 0) w_text_lines(d->msg, inner, draw_line, &c);
    w_text_put(w, r.y + r.h - 2, r.x + 2, inner, buttons, w_attr(W_ROLE_NORMAL) | A_BOLD,
               W_ALIGN_CENTER);
}

enum w_answer w_dialog_key(const struct w_dialog *d, int key, int fn)
{
    if (fn) return d->kind == W_DIALOG_MESSAGE && key == KEY_ENTER ? W_ANSWER_YES : W_ANSWER_PENDING;
    if (d->kind == W_DIALOG_MESSAGE)
        return key == '\n' || key == '\r' || key == ' ' || key == 'q' || key == W_KEY_ESC
                   ? W_ANSWER_YES : W_ANSWER_PENDING;
    if (key == 'y' || key == 'Y') return W_ANSWER_YES;
    if (key == 'n' || key == 'N' || key == W_KEY_ESC) return W_ANSWER_NO;
    return W_ANSWER_PENDING;
}
