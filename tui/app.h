/* tui/app.h — the application: its one struct, the panel interface, and
 * the services panels use (messages, dirty flags). */
#ifndef VIGIL_TUI_APP_H
#define VIGIL_TUI_APP_H

#include <curses.h>
#include <time.h>

#include "core/db.h"
#include "tui/cli.h"
#include "tui/keys.h"
#include "widgets/help.h"
#include "widgets/dialog.h"
#include "widgets/lineedit.h"

#define APP_MIN_COLS 80
#define APP_MIN_ROWS 24
#define APP_PANELS 6

/* What a handler asks of the main loop. */
enum {
    APP_HANDLED = 1 << 0,
    APP_DRAW    = 1 << 1, /* redraw the panel */
    APP_BARS    = 1 << 2, /* redraw top and bottom bars */
    APP_QUIT    = 1 << 3,
};

struct app;

/* A panel is a small table of functions (htop's meters, tig's views). */
typedef struct panel_ops {
    const char *name;   /* for --panel and snapshot: "risk" */
    const char *label;  /* tab label: "Risk" */
    /* Create state; returns NULL on failure with a message set on the app. */
    void *(*open)(struct app *a);
    void (*close)(void *st);
    /* The database changed: re-query what is visible, keep the selection. */
    void (*reload)(void *st, struct app *a);
    /* Draw into the whole of body (werase first). */
    void (*draw)(void *st, struct app *a, WINDOW *body);
    /* Perform an action from the key table. */
    unsigned (*act)(void *st, struct app *a, action act);
    /* While the panel takes text (filter, form): raw keys. NULL otherwise. */
    unsigned (*text)(void *st, struct app *a, int key, int fn);
    /* Non-zero while the panel is taking text input. */
    int (*typing)(void *st);
    /* Right-hand note for the bottom bar ("12 of 340"). */
    void (*status)(void *st, char *buf, size_t n);
} panel_ops;

typedef struct app {
    core_db *db;
    const cli_opts *opts;
    int read_only;
    const char *read_only_why; /* what an editing key is told: --read-only, or no write access */
    int small_quit;            /* q pressed once on the too-small screen over unsaved input */
    int snapshot;              /* drawing one frame for `vigil snapshot` */
    int active;
    const panel_ops *ops[APP_PANELS];
    void *state[APP_PANELS];
    int loaded[APP_PANELS];    /* reloaded since the last data change */
    WINDOW *top, *body, *bottom;
    int rows, cols;
    unsigned dirty;            /* APP_DRAW | APP_BARS */
    char message[300];
    int message_error;
    time_t message_at;
    int help_open;
    struct w_help help;
    struct w_help_entry help_entries[96]; /* what help shows (open_help) */
    int dialog_open;
    struct w_dialog dialog;
    int red, amber;            /* open alerts */
    char clock[6];
    time_t last_alert_check;
    char dbname[128];
    struct editor *edit;       /* the open form or question, NULL none */
    int pasting;               /* inside a bracketed paste (app.c)        */
    int paste_cr;              /* the last pasted character was a CR      */
    int paste_quiet;           /* ticks without input inside a paste     */
} app;

/* Show a message in the bottom bar (printf-style); error messages use the
 * error role. Data quoted in fmt is sanitised when drawn. */
void app_message(app *a, int error, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/* Report a core error in the bottom bar. */
void app_error(app *a, const char *what, const char *msg);

/* The panels, in tab order. */
extern const panel_ops panel_risk;
extern const panel_ops panel_partners;
extern const panel_ops panel_inventory;
extern const panel_ops panel_activities;
extern const panel_ops panel_alerts;
extern const panel_ops panel_audit;

/* Editing from the Risk panel: act is ACT_ADD, ACT_EDIT or ACT_OBSERVE;
 * region_code is the selected region, indicator_code the indicator behind
 * the selected cell (either may be NULL). (tui/edit.c) */
unsigned risk_panel_edit(app *a, action act, const char *region_code, const char *indicator_code);

/* The open form, if any (tui/edit.c): keys, drawing, closing. */
int edit_active(const app *a);
unsigned edit_key(app *a, int key, int fn);
void edit_draw(app *a, WINDOW *body);
void edit_close(app *a);
/* Whether the open form's focused field takes text (a paste goes there). */
int edit_takes_text(const app *a);
/* q or Ctrl-C was pressed: 1 if quitting may go ahead now (nothing typed,
 * or the question was already being asked), 0 if a question was asked. */
int edit_may_quit(app *a);

/* Whether an open form holds input not yet saved. */
int edit_has_input(const app *a);

/* Entry points from main. */
int app_main(const cli_opts *o);
int app_snapshot(const cli_opts *o);

#endif
