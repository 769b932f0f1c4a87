/* tui/app.c — the dashboard's main loop, layout and shared services.
 *
 * One thread, one loop: wait for a key with a 250 ms tick; on each tick
 * ask the core whether anything was committed (PRAGMA data_version) and
 * re-query only the visible panel when it was; draw only what is dirty and
 * call doupdate() once per frame. When nothing changes nothing is written
 * to the terminal, except the clock once a minute. */
#include "tui/app.h"

#include "core/alerts.h"
#include "core/clock.h"
#include "core/sanitize.h"
#include "widgets/statusbar.h"
#include "widgets/text.h"
#include "widgets/theme.h"
#include "widgets/toosmall.h"
#include "widgets/topbar.h"
#include "widgets/widget.h"

#include <errno.h>
#include <langinfo.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <term.h>
#include <unistd.h>

#define TICK_MS 250
#define PASTE_QUIET_TICKS 20 /* 5 s */
#define PASTE_ON "\033[?2004h"
#define PASTE_OFF "\033[?2004l"
#define PASTE_IGNORED "pasted text ignored: open a form (a, e) or the filter (/) first"
#define ALERT_CHECK_SECONDS 60
#define MESSAGE_SECONDS 8

/* The one piece of state outside the app struct: a signal handler may only
 * set a flag, and it cannot reach the struct. SIGTERM and SIGHUP stop the
 * dashboard; SIGINT (Ctrl-C) is the quit key, which asks first when a form
 * has unsaved input. */
static volatile sig_atomic_t stop_signal, interrupt_signal;

static void on_signal(int sig)
{
    stop_signal = sig;
}

static void on_interrupt(int sig)
{
    (void)sig;
    interrupt_signal = 1;
}

static const panel_ops *const PANELS[APP_PANELS] = {
    &panel_risk, &panel_partners, &panel_inventory, &panel_activities, &panel_alerts, &panel_audit,
};

void app_message(app *a, int error, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(a->message, sizeof a->message, fmt, ap);
    va_end(ap);
    a->message_error = error;
    a->message_at = time(NULL);
    a->dirty |= APP_BARS;
}

void app_error(app *a, const char *what, const char *msg)
{
    app_message(a, 1, "%s: %s", what, msg);
}

/* ---- layout and drawing -------------------------------------------------- */

static void free_windows(app *a)
{
    if (a->top) delwin(a->top);
    if (a->body) delwin(a->body);
    if (a->bottom) delwin(a->bottom);
    a->top = a->body = a->bottom = NULL;
}

static int too_small(const app *a)
{
    return a->cols < APP_MIN_COLS || a->rows < APP_MIN_ROWS;
}

static void layout(app *a)
{
    free_windows(a);
    getmaxyx(stdscr, a->rows, a->cols);
    /* Input is read through stdscr, and wget_wch() repaints stdscr when it
     * has changes (it has, after initscr or a resize). Fold it into the
     * virtual screen now so that it never paints over the panels. */
    werase(stdscr);
    wnoutrefresh(stdscr);
    if (!too_small(a)) {
        a->top = newwin(1, a->cols, 0, 0);
        a->body = newwin(a->rows - 2, a->cols, 1, 0);
        a->bottom = newwin(1, a->cols, a->rows - 1, 0);
    }
    a->dirty = APP_DRAW | APP_BARS;
}

static void update_clock(app *a)
{
    time_t now = core_now();
    struct tm tm;
    localtime_r(&now, &tm);
    char c[6];
    strftime(c, sizeof c, "%H:%M", &tm);
    if (strcmp(c, a->clock) != 0) {
        memcpy(a->clock, c, sizeof c);
        a->dirty |= APP_BARS;
    }
}

static void draw_top(app *a)
{
    const char *labels[APP_PANELS];
    for (int i = 0; i < APP_PANELS; i++)
        labels[i] = PANELS[i]->label;
    struct w_topbar tb = {
        .product = a->read_only ? "vigil (read-only)" : "vigil",
        .db = a->dbname,
        .tabs = labels,
        .ntabs = APP_PANELS,
        .active = a->active,
        .red = a->red,
        .amber = a->amber,
        .clock = a->snapshot ? NULL : a->clock,
    };
    werase(a->top);
    w_topbar_draw(a->top, 0, &tb);
}

static void draw_bottom(app *a)
{
    int n;
    const key_binding *t = keys_table(&n);
    struct w_hint hints[32];
    int nh = 0;
    for (int i = 0; i < n && nh < 32; i++)
        if (t[i].hint && keys_applies(&t[i], a->active, a->read_only))
            hints[nh++] = (struct w_hint){t[i].label, t[i].hint};
    char right[64] = "";
    const panel_ops *p = a->ops[a->active];
    if (p->status)
        p->status(a->state[a->active], right, sizeof right);
    struct w_statusbar sb = {
        .hints = hints,
        .nhints = nh,
        .message = a->message,
        .error = a->message_error,
        .right = right,
    };
    werase(a->bottom);
    w_statusbar_draw(a->bottom, 0, &sb);
}

static void ensure_loaded(app *a)
{
    if (!a->loaded[a->active]) {
        a->ops[a->active]->reload(a->state[a->active], a);
        a->loaded[a->active] = 1;
    }
}

static void draw(app *a)
{
    if (!a->dirty)
        return;
    if (too_small(a)) {
        werase(stdscr);
        /* A form's unsaved input waits for the room to be back; q twice
         * leaves it, as there is no room to ask. */
        w_toosmall_draw(stdscr, APP_MIN_COLS, APP_MIN_ROWS,
                        !edit_has_input(a) ? NULL
                        : a->small_quit    ? "Press q again to quit and lose the form's input"
                                           : "A form has unsaved input: enlarge to go on, or press q twice to quit");
        wnoutrefresh(stdscr);
    } else {
        if (a->dirty & APP_DRAW) {
            ensure_loaded(a);
            werase(a->body);
            a->ops[a->active]->draw(a->state[a->active], a, a->body);
            edit_draw(a, a->body);
            if (a->help_open)
                w_help_draw(&a->help, a->body);
            if (a->dialog_open)
                w_dialog_draw(&a->dialog, a->body);
            wnoutrefresh(a->body);
            a->dirty |= APP_BARS; /* the position note follows the body */
        }
        if (a->dirty & APP_BARS) {
            draw_top(a);
            draw_bottom(a);
            wnoutrefresh(a->top);
            wnoutrefresh(a->bottom);
        }
    }
    if (!a->snapshot)
        doupdate();
    a->dirty = 0;
}

/* ---- data ------------------------------------------------------------------ */

static void refresh_counts(app *a)
{
    core_err e;
    int red = 0, amber = 0;
    if (core_alerts_count(a->db, &red, &amber, &e) == CORE_OK && (red != a->red || amber != a->amber)) {
        a->red = red;
        a->amber = amber;
        a->dirty |= APP_BARS;
    }
}

/* Something was committed (by anyone): re-query the visible panel; the
 * others reload when they are shown. */
static void data_changed(app *a)
{
    for (int i = 0; i < APP_PANELS; i++)
        a->loaded[i] = 0;
    refresh_counts(a);
    a->dirty |= APP_DRAW;
}

static void tick(app *a)
{
    update_clock(a);
    time_t now = time(NULL);
    if (!a->read_only && now - a->last_alert_check >= ALERT_CHECK_SECONDS) {
        /* Time-based conditions (windows sliding, partners going quiet,
         * stock expiring) need a look even when nobody writes. */
        core_err e;
        if (core_alerts_refresh(a->db, NULL, &e) != CORE_OK)
            app_error(a, "checking alerts", e.msg);
        a->last_alert_check = now;
    }
    if (core_db_changed(a->db))
        data_changed(a);
    if (a->message[0] && now - a->message_at >= MESSAGE_SECONDS) {
        a->message[0] = '\0';
        a->dirty |= APP_BARS;
    }
}

/* ---- input ----------------------------------------------------------------- */

static void open_help(app *a)
{
    struct w_help_entry *entries = a->help_entries;
    const int cap = (int)(sizeof a->help_entries / sizeof a->help_entries[0]);
    int n, k = 0;
    const key_binding *t = keys_table(&n);
    /* One heading per section, in the order sections first appear, with
     * all of its keys under it. */
    for (int s = 0; s < n; s++) {
        int first = 1;
        for (int j = 0; j < s && first; j++)
            first = strcmp(t[j].section, t[s].section) != 0;
        if (!first)
            continue;
        int heading = 0;
        for (int i = s; i < n && k < cap - 1; i++) {
            if (strcmp(t[i].section, t[s].section) != 0 || !keys_applies(&t[i], -1, a->read_only))
                continue;
            if (!heading++)
                entries[k++] = (struct w_help_entry){NULL, t[s].section};
            entries[k++] = (struct w_help_entry){t[i].label, t[i].help};
        }
    }
    w_help_open(&a->help, entries, k);
    a->help_open = 1;
    a->dirty |= APP_DRAW;
}

static void switch_panel(app *a, int p)
{
    if (p == a->active)
        return;
    a->active = (p + APP_PANELS) % APP_PANELS;
    a->message[0] = '\0'; /* "Saved the resource" belongs to the panel left */
    a->dirty |= APP_DRAW | APP_BARS;
}

/* Bracketed paste (xterm's mode 2004, which the dashboard turns on): the
 * terminal wraps pasted text in these, so that it can be told from keys. */
#define KEY_PASTE_BEGIN (KEY_MAX + 1)
#define KEY_PASTE_END (KEY_MAX + 2)

/* One pasted character: text for the focused form field or the filter
 * line, never a command (a line break in a paste must not save a form,
 * nor the letters after it delete a record). Line breaks and tabs become a
 * space (CR LF one), other control characters are dropped, and a paste
 * anywhere else is ignored, with a word. */
static unsigned paste_key(app *a, int key, int fn)
{
    int after_cr = a->paste_cr;
    a->paste_cr = !fn && key == '\r';
    if (fn || (key == '\n' && after_cr))
        return 0;
    if (key == '\r' || key == '\n' || key == '\t')
        key = ' ';
    if (key < ' ' || key == 0x7f)
        return 0;
    const panel_ops *p = a->ops[a->active];
    void *st = a->state[a->active];
    unsigned r = 0;
    if (too_small(a) || a->help_open || a->dialog_open) {
        return 0;
    } else if (edit_active(a)) {
        if (!edit_takes_text(a))
            return 0;
        r = edit_key(a, key, 0) | APP_BARS;
    } else if (p->typing && p->typing(st)) {
        r = p->text(st, a, key, 0) | APP_BARS;
    } else {
        if (strcmp(a->message, PASTE_IGNORED) != 0)
            app_message(a, 0, "%s", PASTE_IGNORED);
        return 0;
    }
    if (!strcmp(a->message, PASTE_IGNORED)) /* this paste went somewhere */
        a->message[0] = '\0';
    a->dirty |= r & (APP_DRAW | APP_BARS);
    return 0;
}

static unsigned dispatch(app *a, int key, int fn)
{
    if (key == KEY_RESIZE && fn) {
        layout(a);
        return 0;
    }
    if (fn && (key == KEY_PASTE_BEGIN || key == KEY_PASTE_END)) {
        a->pasting = key == KEY_PASTE_BEGIN;
        a->paste_cr = a->paste_quiet = 0;
        return 0;
    }
    a->paste_quiet = 0;
    if (a->pasting)
        return paste_key(a, key, fn);
    if (too_small(a)) { /* q quits; over a form's unsaved input, a second q (no room to ask) */
        int q = key == 'q' && !fn;
        if (q && (!edit_has_input(a) || a->small_quit))
            return APP_QUIT;
        if (a->small_quit != q)
            a->dirty |= APP_DRAW;
        a->small_quit = q;
        return 0;
    }
    a->small_quit = 0;
    if (a->help_open) {
        unsigned r = w_help_key(&a->help, key, fn);
        if (r & W_CLOSE)
            a->help_open = 0;
        a->dirty |= APP_DRAW;
        return 0;
    }
    if (edit_active(a)) {
        unsigned r = edit_key(a, key, fn);
        a->dirty |= (r & (APP_DRAW | APP_BARS));
        return r & APP_QUIT;
    }
    const panel_ops *p = a->ops[a->active];
    void *st = a->state[a->active];
    if (p->typing && p->typing(st)) {
        unsigned r = p->text(st, a, key, fn);
        a->dirty |= (r & (APP_DRAW | APP_BARS)) | APP_BARS;
        return r & APP_QUIT;
    }
    int code = fn ? KEY_FN(key) : key;
    action act = keys_lookup(code, a->active, a->read_only);
    if (act == ACT_NONE) {
        /* An editing key pressed in read-only mode deserves a word. */
        if (a->read_only && keys_lookup(code, a->active, 0) != ACT_NONE)
            app_message(a, 1, "read-only: %s", a->read_only_why);
        return 0;
    }
    switch (act) {
    case ACT_PANEL1: case ACT_PANEL2: case ACT_PANEL3: case ACT_PANEL4: case ACT_PANEL5: case ACT_PANEL6:
        switch_panel(a, act - ACT_PANEL1);
        return 0;
    case ACT_NEXT_PANEL:
        switch_panel(a, a->active + 1);
        return 0;
    case ACT_PREV_PANEL:
        switch_panel(a, a->active - 1);
        return 0;
    case ACT_HELP:
        open_help(a);
        return 0;
    case ACT_REDRAW:
        clearok(curscr, TRUE);
        a->dirty |= APP_DRAW | APP_BARS;
        return 0;
    case ACT_QUIT:
        return APP_QUIT;
    default: {
        ensure_loaded(a);
        unsigned r = p->act(st, a, act);
        a->dirty |= r & (APP_DRAW | APP_BARS);
        if (!(r & APP_HANDLED))
            app_message(a, 0, "not available on this panel");
        return r & APP_QUIT;
    }
    }
}

/* A dropped SSH session shows up as a hang-up on the terminal. */
static int terminal_lost(void)
{
    struct pollfd pfd = {.fd = STDIN_FILENO, .events = POLLIN};
    if (poll(&pfd, 1, 0) < 0)
        return errno != EINTR;
    return (pfd.revents & (POLLHUP | POLLERR | POLLNVAL)) != 0;
}

/* ---- set-up ---------------------------------------------------------------- */

/* Called from inside a write that has waited ~200 ms for another user:
 * say so at once (the loop is blocked in the write meanwhile). */
static void on_busy_wait(void *ctx, int ms)
{
    app *a = ctx;
    (void)ms;
    app_message(a, 0, "waiting for the database (another officer is saving)...");
    if (!too_small(a)) {
        draw_bottom(a);
        wnoutrefresh(a->bottom);
        doupdate();
        a->dirty &= ~APP_BARS;
    }
}

static int open_panels(app *a)
{
    for (int i = 0; i < APP_PANELS; i++) {
        a->ops[i] = PANELS[i];
        a->state[i] = PANELS[i]->open(a);
        if (!a->state[i])
            return -1;
    }
    return 0;
}

static void close_panels(app *a)
{
    for (int i = 0; i < APP_PANELS; i++)
        if (a->state[i])
            a->ops[i]->close(a->state[i]);
}

static int panel_by_name(const char *name)
{
    if (!name)
        return 0;
    for (int i = 0; i < APP_PANELS; i++)
        if (!strcasecmp(name, PANELS[i]->name) || (name[0] == '1' + i && !name[1]))
            return i;
    return -1;
}

static int use_colour(const cli_opts *o)
{
    const char *nc = getenv("NO_COLOR");
    return !o->no_color && !(nc && *nc) && has_colors();
}

static int locale_utf8(void)
{
    const char *cs = nl_langinfo(CODESET);
    return cs && (!strcasecmp(cs, "UTF-8") || !strcasecmp(cs, "utf8"));
}

static int app_init(app *a, const cli_opts *o, int snapshot)
{
    memset(a, 0, sizeof *a);
    a->opts = o;
    a->snapshot = snapshot;
    a->read_only = o->read_only || snapshot;
    a->read_only_why = "this dashboard was opened with --read-only";
    core_err e;
    /* A snapshot is one short read: it may take a file it cannot open for
     * live reading as it stands (core_db_open's CORE_OPEN_AS_IS). */
    unsigned flags = (a->read_only ? CORE_OPEN_READONLY : 0u) | (snapshot ? CORE_OPEN_AS_IS : 0u);
    if (core_db_open(o->db, flags, &a->db, &e) != CORE_OK) {
        cli_errorf("%s", e.msg);
        return core_status_exit_code(e.status);
    }
    const char *slash = strrchr(o->db, '/');
    snprintf(a->dbname, sizeof a->dbname, "%s", slash ? slash + 1 : o->db);
    if (!a->read_only && core_db_readonly(a->db)) {
        /* An officer without write access: shown as --read-only is. */
        a->read_only = 1;
        a->read_only_why = "you cannot write to this database";
        app_message(a, 1, "read-only: you cannot write to %s", a->dbname);
    }
    return 0;
}

/* Whether $TERM can place the cursor, which a full-screen dashboard needs
 * (TERM=dumb, an emacs shell buffer cannot): 1 yes, 0 no, -1 unknown. */
static int term_can_address(void)
{
    int err = 0;
    if (setupterm(NULL, STDOUT_FILENO, &err) != OK)
        return -1;
    const char *cup = tigetstr("cup");
    int ok = cup != NULL && cup != (char *)-1;
    del_curterm(cur_term);
    return ok;
}

/* Give the terminal back as it was: out of curses, and out of the
 * bracketed paste the dashboard turned on. */
static void leave_screen(void)
{
    endwin();
    fputs(PASTE_OFF, stdout);
    fflush(stdout);
}

int app_main(const cli_opts *o)
{
    if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
        cli_errorf("the dashboard needs a terminal; for a text frame use: vigil snapshot");
        return 64;
    }
    int can = term_can_address();
    if (can <= 0) {
        const char *term = getenv("TERM");
        char t[64];
        core_sanitize_into(t, sizeof t, term ? term : "");
        /* Not ncurses' own "Error opening terminal", which exits 1. */
        if (can < 0)
            cli_errorf("TERM=%s is not a terminal type known here; set TERM (e.g. xterm-256color), or for a text"
                       " frame use: vigil snapshot",
                       t);
        else
            cli_errorf("TERM=%s cannot move the cursor, which the dashboard needs; set TERM (e.g."
                       " xterm-256color), or for a text frame use: vigil snapshot",
                       t);
        return can < 0 ? 74 : 64;
    }
    app a;
    int rc = app_init(&a, o, 0);
    if (rc)
        return rc;
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sigaction(SIGTERM, &sa, NULL);
    sigaction(SIGHUP, &sa, NULL);
    sa.sa_handler = on_interrupt;
    sigaction(SIGINT, &sa, NULL);
    signal(SIGPIPE, SIG_IGN);

    /* Esc must act within 50 ms; ncurses waits ESCDELAY for a sequence. */
    set_escdelay(25);
    if (!initscr()) {
        cli_errorf("cannot start the terminal interface (is TERM set?)");
        core_db_close(a.db);
        return 74;
    }
    cbreak();
    noecho();
    nonl();
    keypad(stdscr, TRUE);
    define_key("\033[200~", KEY_PASTE_BEGIN);
    define_key("\033[201~", KEY_PASTE_END);
    fputs(PASTE_ON, stdout); /* before ncurses' first output: nothing to interleave with */
    fflush(stdout);
    curs_set(0);
    w_theme_init(use_colour(o), locale_utf8());
    core_db_set_busy_hook(a.db, on_busy_wait, &a);
    if (open_panels(&a) != 0) {
        leave_screen();
        close_panels(&a);
        core_db_close(a.db);
        cli_errorf("cannot start the dashboard: out of memory");
        return 70;
    }
    /* The first frame shows the alerts as stored; the first tick (within
     * 250 ms) re-evaluates the time-based ones, so opening stays instant. */
    a.last_alert_check = 0;
    refresh_counts(&a);
    core_db_changed(a.db);
    update_clock(&a);
    layout(&a);
    wtimeout(stdscr, TICK_MS);

    int quit = 0;
    while (!quit && !stop_signal) {
        if (interrupt_signal) { /* Ctrl-C: as q, asking over unsaved input; twice quits */
            interrupt_signal = 0;
            if (edit_may_quit(&a))
                break;
            a.dirty |= APP_DRAW;
        }
        draw(&a);
        wint_t ch;
        errno = 0;
        int r = wget_wch(stdscr, &ch);
        if (stop_signal)
            break;
        if (interrupt_signal)
            continue;
        if (r == ERR) {
            if (terminal_lost())
                break;
            /* A paste whose end marker was lost would hold every key as
             * text: after PASTE_QUIET_TICKS quiet ticks keys are keys again
             * (long enough that a paste stalled on a poor link does not
             * turn into commands halfway). */
            if (a.pasting && ++a.paste_quiet >= PASTE_QUIET_TICKS)
                a.pasting = 0;
            tick(&a);
            continue;
        }
        if (dispatch(&a, (int)ch, r == KEY_CODE_YES) & APP_QUIT)
            quit = 1;
    }
    edit_close(&a);
    free_windows(&a);
    leave_screen();
    close_panels(&a);
    core_db_close(a.db);
    return 0;
}

/* ---- snapshot -------------------------------------------------------------- */

/* Print line y of the composed screen as UTF-8 without trailing spaces. */
static void print_line(WINDOW *w, int y)
{
    char line[4096];
    size_t o = w_read_line(w, y, line, sizeof line);
    while (o > 0 && line[o - 1] == ' ')
        o--;
    /* Already sanitised on the way in; sanitising again is a no-op that
     * keeps the rule simple: nothing reaches stdout unsanitised. */
    char *clean = core_sanitize(line, o);
    printf("%s\n", clean ? clean : "");
    free(clean);
}

int app_snapshot(const cli_opts *o)
{
    int cols = 80, rows = 24, end = 0;
    if (o->npos) {
        cli_errorf("usage: vigil snapshot [--panel NAME] [--size COLSxROWS] (see vigil --help)");
        return 64;
    }
    if (o->size && (sscanf(o->size, "%dx%d%n", &cols, &rows, &end) != 2 || o->size[end] != '\0')) {
        cli_errorf("--size must be COLUMNSxROWS, like 80x24");
        return 64;
    }
    if (cols < 1 || rows < 1 || cols > 1000 || rows > 1000) {
        cli_errorf("--size: columns and rows must each be 1 to 1000");
        return 64;
    }
    int p = panel_by_name(o->panel);
    if (p < 0) {
        cli_errorf("--panel must be one of: risk partners inventory activities alerts audit");
        return 64;
    }
    app a;
    int rc = app_init(&a, o, 1);
    if (rc)
        return rc;
    FILE *out = fopen("/dev/null", "w"), *in = fopen("/dev/null", "r");
    const char *term = getenv("TERM");
    SCREEN *scr = newterm(term && *term ? term : "xterm", out, in);
    if (!scr)
        scr = newterm("xterm", out, in);
    if (!scr) {
        cli_errorf("cannot set up a virtual screen");
        core_db_close(a.db);
        return 70;
    }
    set_term(scr);
    resizeterm(rows, cols);
    w_theme_init(0, locale_utf8());
    rc = 0;
    if (open_panels(&a) == 0) {
        a.active = p;
        refresh_counts(&a);
        layout(&a);
        draw(&a);
        WINDOW *wins[3] = {a.top, a.body, a.bottom};
        if (too_small(&a)) {
            for (int y = 0; y < rows; y++)
                print_line(stdscr, y);
        } else {
            for (int k = 0; k < 3; k++)
                for (int y = 0; y < getmaxy(wins[k]); y++)
                    print_line(wins[k], y);
        }
    } else {
        rc = 70;
    }
    free_windows(&a);
    endwin();
    delscreen(scr);
    fclose(out);
    fclose(in);
    close_panels(&a);
    core_db_close(a.db);
    return rc;
}
