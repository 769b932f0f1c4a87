/* tui/edit.c — keyboard data entry. Every form is built from core's table
 * description and every value is judged by core's validator, the same one
 * import uses; a save is one core write (audited, alerts re-evaluated).
 * A form remembers the version of the row it opened: saving over a row
 * someone else changed is refused by core with who and when, and the form
 * offers to load their version while showing what was typed. */
#include "tui/app.h"
#include "tui/panel_list.h"

#include "core/alerts.h"
#include "core/clock.h"
#include "core/query.h"
#include "core/risk.h"
#include "core/sanitize.h"
#include "core/store.h"
#include "core/tables.h"
#include "widgets/form.h"
#include "widgets/widget.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A field's text as UTF-8: the line editor's characters at 4 bytes each. */
#define FIELD_BYTES (W_LINE_MAX * 4 + 1)

typedef enum ed_kind {
    ED_INSERT,      /* new row of `table`                    */
    ED_UPDATE,      /* row `id` of `table` at `version`      */
    ED_MOVEMENT,    /* stock movement for resource `id`      */
    ED_ACK,         /* acknowledge alert `id`                */
    ED_DELETE,      /* y/n: delete row `id` at `version`     */
    ED_CHOOSE,      /* Risk panel: which record to add/edit  */
} ed_kind;

typedef enum ask {
    ASK_NONE, ASK_DISCARD, ASK_QUIT, ASK_RELOAD, ASK_DELETE, ASK_CHOOSE,
} ask;

struct editor {
    ed_kind kind;
    core_table_id table;
    int64_t id, version;
    struct w_form form;
    int col[W_FORM_MAX_FIELDS];       /* form field -> table column, -1 none */
    ask asking;
    struct w_dialog dialog;
    char question[600];
    char title[160];
    void *panel;                      /* list panel to refresh, or NULL */
    int panel_index;
    char *region, *indicator;         /* Risk panel choices, whole (owned) */
    char *orig[W_FORM_MAX_FIELDS];    /* each row field as loaded (owned), for
                                         what the officer changed and a reload */
    char alert_level[8];              /* ED_ACK: the level the officer read */
    action choose_act;
    /* The form's values in column order, as save() hands them to core. */
    char store[W_FORM_MAX_FIELDS][FIELD_BYTES];
};

static const char *const BOOL_CHOICES[] = {"0", "1", NULL};

/* Field layout of the fixed forms (built in list_panel_edit). */
enum { ACK_SUBJECT_FIELD, ACK_NOTE_FIELD };
enum { MOVE_RESOURCE_FIELD, MOVE_DELTA_FIELD, MOVE_REASON_FIELD, MOVE_NOTE_FIELD };
/* The movement form's resource line: name, quantity, unit. */
#define ON_HAND "%s (%s %s on hand)"

int edit_active(const app *a) { return a->edit != NULL; }

void edit_close(app *a)
{
    if (a->edit) {
        free(a->edit->region);
        free(a->edit->indicator);
        for (int k = 0; k < W_FORM_MAX_FIELDS; k++)
            free(a->edit->orig[k]);
    }
    free(a->edit);
    a->edit = NULL;
    a->dirty |= APP_DRAW | APP_BARS;
}

static struct editor *new_editor(app *a, ed_kind kind)
{
    edit_close(a);
    struct editor *ed = calloc(1, sizeof *ed);
    if (!ed) {
        app_message(a, 1, "out of memory");
        return NULL;
    }
    ed->kind = kind;
    a->message[0] = '\0'; /* "Saved ..." belongs to the form before */
    ed->panel_index = a->active;
    ed->panel = a->state[a->active];
    for (int i = 0; i < W_FORM_MAX_FIELDS; i++)
        ed->col[i] = -1;
    a->edit = ed;
    a->dirty |= APP_DRAW | APP_BARS;
    return ed;
}

static int complete(void *ctx, const char *typed, char *out, size_t outsz, char *label, size_t labelsz);
static unsigned open_row_form(app *a, core_table_id t, int64_t id, int revealed);

/* Reference fields complete against this table; set per field on focus. */
typedef struct complete_ctx {
    app *a;
    struct editor *ed;
} complete_ctx;

static int complete(void *ctx, const char *typed, char *out, size_t outsz, char *label, size_t labelsz)
{
    app *a = ctx;
    struct editor *ed = a->edit;
    if (!ed)
        return 0;
    int c = ed->col[ed->form.cur];
    if (c < 0)
        return 0;
    const core_column *col = &core_table_get(ed->table)->cols[c];
    if (col->type != CORE_COL_REF)
        return 0;
    return core_ref_complete(a->db, col->ref, typed, out, outsz, label, labelsz);
}

static enum w_field_kind field_kind(const core_column *c)
{
    switch (c->type) {
    case CORE_COL_ENUM:
    case CORE_COL_BOOL: return W_FIELD_CHOICE;
    case CORE_COL_REF: return W_FIELD_REF;
    default: return W_FIELD_TEXT;
    }
}

static const char *field_hint(const core_column *c)
{
    switch (c->type) {
    case CORE_COL_DATE: return "YYYY-MM-DD, today, yesterday, -3d";
    case CORE_COL_TIMESTAMP: return "now, -2d, or YYYY-MM-DDTHH:MM:SSZ";
    default: return c->help;
    }
}

/* A form over every column of table t with vals (NULL: defaults). The
 * masked contact details of a sensitive row stay out of the form (and so
 * unchanged) unless they were revealed, which the audit trail records. */
static void build_row_form(app *a, struct editor *ed, core_table_id t, char *const *vals, int revealed)
{
    const core_table *tab = core_table_get(t);
    ed->table = t;
    w_form_init(&ed->form, ed->title);
    ed->form.complete = complete;
    ed->form.complete_ctx = a;
    int si = core_table_col(tab, "sensitive");
    int masked = vals && si >= 0 && !strcmp(vals[si], "1") && !revealed;
    for (int i = 0; i < tab->ncols; i++) {
        const core_column *c = &tab->cols[i];
        if (masked && (c->flags & CORE_COLF_SENSITIVE)) {
            w_form_add(&ed->form, c->name, W_FIELD_FIXED, "•••• (press v on the list to reveal, then edit)", NULL,
                       NULL, 0);
            continue;
        }
        const char *v = vals ? vals[i] : c->def;
        size_t chars = 0;
        for (const char *p = v ? v : ""; *p; p++)
            chars += ((unsigned char)*p & 0xC0) != 0x80;
        if (chars > W_LINE_MAX) {
            /* Shown, and saved unchanged: the editor would cut it. */
            char m[120];
            snprintf(m, sizeof m, "(%zu characters: too long to edit here; export, edit and import it)", chars);
            w_form_add(&ed->form, c->name, W_FIELD_FIXED, m, NULL, NULL, 0);
            continue;
        }
        int k = w_form_add(&ed->form, c->name, field_kind(c), v,
                           c->type == CORE_COL_BOOL ? BOOL_CHOICES : c->choices, field_hint(c),
                           (c->flags & CORE_COLF_REQUIRED) != 0);
        if (k >= 0) {
            ed->col[k] = i;
            ed->orig[k] = vals ? strdup(vals[i]) : NULL; /* NULL: a new row, or memory ran out */
        }
    }
}

/* Whether the officer changed field k: touched it, and its text is not
 * what was loaded (typed and taken back is no change). */
static int field_changed(const struct editor *ed, int k)
{
    if (!w_form_changed(&ed->form, k))
        return 0;
    if (!ed->orig[k])
        return 1;
    char v[FIELD_BYTES];
    w_form_value(&ed->form, k, v, sizeof v);
    return strcmp(v, ed->orig[k]) != 0;
}

/* Gather the form into column order, resolving date shorthand. vals[i]
 * point into ed->store; NULL for columns the form does not have and, on an
 * update, for fields the officer left alone, which core keeps as stored
 * (so nothing the form could not hold whole is written back cut).
 * Returns how many fields were given. */
static int gather(struct editor *ed, const char **vals)
{
    int given = 0;
    const core_table *t = core_table_get(ed->table);
    for (int i = 0; i < t->ncols; i++)
        vals[i] = NULL;
    time_t now = core_now();
    for (int k = 0; k < ed->form.n; k++) {
        int c = ed->col[k];
        if (c < 0 || (ed->kind == ED_UPDATE && !field_changed(ed, k)))
            continue;
        char raw[FIELD_BYTES];
        w_form_value(&ed->form, k, raw, sizeof raw);
        const core_column *col = &t->cols[c];
        if (col->type == CORE_COL_DATE || col->type == CORE_COL_TIMESTAMP)
            core_date_resolve(raw, now, col->type == CORE_COL_TIMESTAMP, ed->store[k], FIELD_BYTES);
        else
            snprintf(ed->store[k], FIELD_BYTES, "%s", raw);
        vals[c] = ed->store[k];
        given++;
    }
    return given;
}

/* Check every field with core's validator, and that references name
 * existing records, so that all problems show at once. */
static int validate_all(app *a, struct editor *ed, const char **vals)
{
    const core_table *t = core_table_get(ed->table);
    int bad = 0;
    w_form_clear_errors(&ed->form);
    for (int k = ed->form.n - 1; k >= 0; k--) {
        int c = ed->col[k];
        if (c < 0 || !vals[c])
            continue;
        char norm[FIELD_BYTES + 64], msg[400];
        const core_column *col = &t->cols[c];
        if (core_validate_value(col, vals[c], norm, sizeof norm, msg, sizeof msg) != CORE_OK) {
            w_form_error(&ed->form, k, msg, 1);
            bad = 1;
            continue;
        }
        int64_t id;
        core_err e;
        if (col->type == CORE_COL_REF && norm[0] && core_row_find(a->db, col->ref, norm, &id, &e) != CORE_OK) {
            char key[256], label[160];
            if (core_ref_complete(a->db, col->ref, norm, key, sizeof key, label, sizeof label) == 2)
                snprintf(msg, sizeof msg, "several %ss match '%.100s': type more of the code or name",
                         core_table_get(col->ref)->noun, norm);
            else
                snprintf(msg, sizeof msg, "no %s '%.100s' (type a few letters of its code or name)",
                         core_table_get(col->ref)->noun, norm);
            w_form_error(&ed->form, k, msg, 1);
            bad = 1;
        }
    }
    return !bad;
}

static int field_of(const struct editor *ed, int col)
{
    for (int k = 0; k < ed->form.n; k++)
        if (ed->col[k] == col)
            return k;
    return -1;
}

static void show_field_error(struct editor *ed, const core_field_error *fe, const core_err *e)
{
    int k = fe->col >= 0 ? field_of(ed, fe->col) : -1;
    if (k >= 0) {
        w_form_error(&ed->form, k, fe->msg, 1);
    } else {
        snprintf(ed->form.message, sizeof ed->form.message, "%.250s", fe->col >= 0 ? fe->msg : e->msg);
        ed->form.message_error = 1;
    }
}

/* After a conflict: load the row as it is now and adopt its version. A
 * field only the other officer changed takes their value; one only this
 * officer changed keeps what was typed (saving then writes it over their
 * version, leaving their other changes be); where both changed a field,
 * theirs is shown in it and "you typed" beside, to be chosen again, so
 * that saving cannot undo their change unseen (a stock count taken back
 * over a dispatch). */
static void reload_row(app *a, struct editor *ed)
{
    core_row r;
    core_err e;
    if (core_row_get(a->db, ed->table, ed->id, &r, &e) != CORE_OK) {
        snprintf(ed->form.message, sizeof ed->form.message, "%.250s", e.msg);
        ed->form.message_error = 1;
        return;
    }
    int clashes = 0;
    for (int k = 0; k < ed->form.n; k++) {
        int c = ed->col[k];
        if (c < 0)
            continue;
        char typed[FIELD_BYTES];
        w_form_value(&ed->form, k, typed, sizeof typed);
        ed->form.f[k].theirs[0] = '\0';
        int mine = field_changed(ed, k);
        int theirs = !ed->orig[k] || strcmp(ed->orig[k], r.vals[c]) != 0;
        char *now = strdup(r.vals[c]);
        free(ed->orig[k]);
        ed->orig[k] = now;
        if (mine && !theirs)
            continue; /* keep what was typed */
        if (mine && strcmp(typed, r.vals[c]) != 0) {
            size_t n = strlen(typed);
            if (n >= sizeof ed->form.f[k].theirs)
                n = core_utf8_cut(typed, sizeof ed->form.f[k].theirs - 1);
            memcpy(ed->form.f[k].theirs, typed, n);
            ed->form.f[k].theirs[n] = '\0';
            clashes++;
        }
        w_form_set(&ed->form, k, r.vals[c]);
    }
    ed->version = r.version;
    snprintf(ed->form.message, sizeof ed->form.message,
             clashes ? "%s saved it at %s: both changed %d field(s), theirs shown. Enter saves."
                     : "%s saved it at %s; your changes are kept. Enter saves them.",
             r.updated_by, r.updated_at + (strlen(r.updated_at) > 11 ? 11 : 0), clashes);
    ed->form.message_error = 0;
    core_row_free(&r);
}

/* The list panel the editor was opened from, if it is still on screen
 * (the Risk panel is not a list: it reloads on the change itself). */
static void *list_of(const app *a, const struct editor *ed)
{
    return ed->panel_index == a->active && a->ops[a->active] != &panel_risk ? ed->panel : NULL;
}

static void saved(app *a, struct editor *ed, int64_t id, const char *what)
{
    app_message(a, 0, "%s", what);
    void *panel = list_of(a, ed);
    edit_close(a);
    if (panel)
        list_panel_show(panel, id, 0);
}

static unsigned save(app *a, struct editor *ed)
{
    /* Text that did not fit was dropped: say so rather than save the rest
     * as if it were all (an edit of the field clears this). */
    int over = w_form_overflowed(&ed->form);
    if (over >= 0) {
        w_form_error(&ed->form, over, "not saved: only the first 1024 characters were taken; shorten it", 1);
        return APP_DRAW;
    }
    const char *vals[64];
    core_field_error fe = {-1, ""};
    core_err e = {0};
    core_status st;
    int64_t id = ed->id;
    ed->form.message[0] = '\0';

    if (ed->kind == ED_ACK) {
        char note[FIELD_BYTES];
        w_form_value(&ed->form, ACK_NOTE_FIELD, note, sizeof note);
        st = core_alert_ack(a->db, ed->id, note, ed->alert_level, &e);
        if (st == CORE_OK) {
            saved(a, ed, id, "Alert acknowledged");
            return APP_DRAW | APP_BARS;
        }
        if (st == CORE_EDATA && strstr(e.msg, "note")) {
            w_form_error(&ed->form, ACK_NOTE_FIELD, e.msg, 1);
            return APP_DRAW;
        }
        core_alert al;
        core_err e2;
        if (st == CORE_ECONFLICT && core_alert_get(a->db, ed->id, &al, &e2) == CORE_OK) {
            /* Show the alert as it is now; a second Enter acknowledges
             * that, knowingly. */
            w_form_set(&ed->form, 0, al.subject);
            snprintf(ed->alert_level, sizeof ed->alert_level, "%s", al.level);
            snprintf(ed->form.message, sizeof ed->form.message,
                     "Not saved: %.120s. Above is the alert now; Enter acknowledges it as it is.", e.msg);
            ed->form.message_error = 1;
            core_alert_clear(&al);
            return APP_DRAW;
        }
    } else if (ed->kind == ED_MOVEMENT) {
        char delta[64], reason[64], note[FIELD_BYTES];
        w_form_value(&ed->form, MOVE_DELTA_FIELD, delta, sizeof delta);
        w_form_value(&ed->form, MOVE_REASON_FIELD, reason, sizeof reason);
        w_form_value(&ed->form, MOVE_NOTE_FIELD, note, sizeof note);
        const core_table *mt = core_table_get(CORE_T_MOVEMENTS);
        char norm[64], msg[400];
        w_form_clear_errors(&ed->form);
        if (core_validate_value(&mt->cols[1], delta, norm, sizeof norm, msg, sizeof msg) != CORE_OK ||
            strtoll(norm, NULL, 10) == 0) {
            w_form_error(&ed->form, MOVE_DELTA_FIELD, *msg ? msg : "a movement of 0 changes nothing", 1);
            return APP_DRAW;
        }
        st = core_movement_add(a->db, ed->id, strtoll(norm, NULL, 10), reason, note, &fe, &e);
        if (st == CORE_OK) {
            saved(a, ed, id, "Movement recorded");
            return APP_DRAW | APP_BARS;
        }
        /* Refused (perhaps over another officer's dispatch): show the
         * stock as it is now beside the reason. */
        core_row r;
        core_err e2;
        if (core_row_get(a->db, CORE_T_RESOURCES, ed->id, &r, &e2) == CORE_OK) {
            char on_hand[160];
            snprintf(on_hand, sizeof on_hand, ON_HAND, r.vals[1], r.vals[6], r.vals[3]);
            w_form_set(&ed->form, MOVE_RESOURCE_FIELD, on_hand);
            core_row_free(&r);
        }
        if (st == CORE_EDATA) {
            /* movements' columns: delta is 1, reason 2 (core/tables.c) */
            if (fe.col == 1 || fe.col == 2)
                w_form_error(&ed->form, fe.col == 1 ? MOVE_DELTA_FIELD : MOVE_REASON_FIELD, fe.msg, 1);
            else
                show_field_error(ed, &fe, &e);
            return APP_DRAW;
        }
    } else {
        if (!gather(ed, vals) && ed->kind == ED_UPDATE) {
            saved(a, ed, id, "Nothing changed");
            return APP_DRAW | APP_BARS;
        }
        if (!validate_all(a, ed, vals))
            return APP_DRAW;
        if (ed->kind == ED_INSERT)
            st = core_row_insert(a->db, ed->table, vals, &id, &fe, &e);
        else
            st = core_row_update(a->db, ed->table, ed->id, ed->version, vals, &fe, &e);
        if (st == CORE_OK) {
            char m[200];
            snprintf(m, sizeof m, "Saved %s %s", ed->kind == ED_INSERT ? "new" : "the", core_table_get(ed->table)->noun);
            saved(a, ed, id, m);
            return APP_DRAW | APP_BARS;
        }
        if (st == CORE_EDATA) {
            show_field_error(ed, &fe, &e);
            return APP_DRAW;
        }
        if (st == CORE_ECONFLICT) {
            snprintf(ed->question, sizeof ed->question,
                     "Someone else saved this record meanwhile: %.300s. Load their version? Your changes are kept; "
                     "where you both changed a field, yours is shown beside theirs.",
                     e.msg);
            w_dialog_confirm(&ed->dialog, "Changed meanwhile", ed->question);
            ed->asking = ASK_RELOAD;
            return APP_DRAW;
        }
    }
    /* Busy past the timeout, deleted meanwhile, disk full, read-only...:
     * the form stays open with everything typed. */
    snprintf(ed->form.message, sizeof ed->form.message, "Not saved: %.240s", e.msg);
    ed->form.message_error = 1;
    return APP_DRAW;
}

/* The Risk panel's "Add what? / Edit what?" answered with letter k, for
 * the region and indicator codes (whole) of the selected cell. */
static unsigned choose(app *a, int k, action act, const char *region, const char *indicator)
{
    if (k == 'o')
        return risk_panel_edit(a, ACT_OBSERVE, region, indicator);
    if (k == 'l') {
        int64_t oid;
        core_err e;
        if (core_risk_latest(a->db, region, indicator, &oid, &e) != CORE_OK) {
            app_message(a, 1, "%s", e.msg);
            return APP_BARS;
        }
        return open_row_form(a, CORE_T_OBSERVATIONS, oid, 1);
    }
    core_table_id t = k == 'r' ? CORE_T_REGIONS : CORE_T_INDICATORS;
    const char *key_ = k == 'r' ? region : indicator;
    if (act == ACT_ADD) {
        struct editor *ne = new_editor(a, ED_INSERT);
        if (ne) {
            snprintf(ne->title, sizeof ne->title, " New %s ", k == 'r' ? "region" : "indicator");
            build_row_form(a, ne, t, NULL, 1);
        }
        return APP_DRAW;
    }
    int64_t id;
    core_err e;
    core_row r;
    if (!*key_ || core_row_find(a->db, t, key_, &id, &e) != CORE_OK ||
        core_row_get(a->db, t, id, &r, &e) != CORE_OK) {
        app_message(a, 1, "nothing to edit there");
        return APP_BARS;
    }
    struct editor *ne = new_editor(a, ED_UPDATE);
    if (ne) {
        ne->id = id;
        ne->version = r.version;
        snprintf(ne->title, sizeof ne->title, " Edit %s %s ", k == 'r' ? "region" : "indicator", key_);
        build_row_form(a, ne, t, r.vals, 1);
    }
    core_row_free(&r);
    return APP_DRAW;
}

static unsigned answer(app *a, struct editor *ed, int key, int fn)
{
    if (ed->asking == ASK_CHOOSE) {
        int k = fn ? 0 : key;
        ed->asking = ASK_NONE;
        if (k == 'r' || k == 'i' || k == 'o' || (k == 'l' && ed->choose_act == ACT_EDIT)) {
            action act = ed->choose_act;
            char *region = ed->region, *indicator = ed->indicator;
            ed->region = ed->indicator = NULL;
            edit_close(a);
            unsigned r = choose(a, k, act, region ? region : "", indicator ? indicator : "");
            free(region);
            free(indicator);
            return r;
        }
        edit_close(a);
        return APP_DRAW;
    }
    enum w_answer ans = w_dialog_key(&ed->dialog, key, fn);
    if (ans == W_ANSWER_PENDING)
        return 0;
    ask q = ed->asking;
    ed->asking = ASK_NONE;
    int yes = ans == W_ANSWER_YES;
    switch (q) {
    case ASK_DISCARD:
        if (yes)
            edit_close(a);
        return APP_DRAW;
    case ASK_QUIT:
        return yes ? APP_QUIT : APP_DRAW;
    case ASK_RELOAD:
        if (yes)
            reload_row(a, ed);
        return APP_DRAW;
    case ASK_DELETE:
        if (yes) {
            core_err e;
            if (core_row_delete(a->db, ed->table, ed->id, ed->version, &e) == CORE_OK) {
                app_message(a, 0, "Deleted");
                void *panel = list_of(a, ed);
                edit_close(a);
                if (panel)
                    list_panel_show(panel, -1, 0);
            } else {
                app_message(a, 1, "Not deleted: %s", e.msg);
                edit_close(a);
            }
        } else {
            edit_close(a);
        }
        return APP_DRAW | APP_BARS;
    default:
        return APP_DRAW;
    }
}

unsigned edit_key(app *a, int key, int fn)
{
    struct editor *ed = a->edit;
    if (!ed)
        return 0;
    if (ed->asking != ASK_NONE)
        return answer(a, ed, key, fn);
    /* q in a field that cannot take text is the quit key. */
    if (!fn && key == 'q' && ed->form.f[ed->form.cur].kind != W_FIELD_TEXT &&
        ed->form.f[ed->form.cur].kind != W_FIELD_REF)
        return edit_may_quit(a) ? APP_QUIT : APP_DRAW;
    unsigned r = w_form_key(&ed->form, key, fn);
    if (r & W_FORM_CANCEL) {
        if (!ed->form.typed) {
            edit_close(a);
            return APP_DRAW;
        }
        w_dialog_confirm(&ed->dialog, "Discard?", "Close the form and lose what you typed?");
        ed->asking = ASK_DISCARD;
        return APP_DRAW;
    }
    if (r & W_FORM_SUBMIT)
        return save(a, ed);
    return (r & W_REDRAW) ? APP_DRAW : 0;
}

int edit_takes_text(const app *a)
{
    const struct editor *ed = a->edit;
    if (!ed || ed->asking != ASK_NONE || ed->kind == ED_DELETE || ed->kind == ED_CHOOSE || ed->form.n == 0)
        return 0;
    enum w_field_kind k = ed->form.f[ed->form.cur].kind;
    return k == W_FIELD_TEXT || k == W_FIELD_REF;
}

int edit_has_input(const app *a)
{
    return a->edit && a->edit->form.typed;
}

int edit_may_quit(app *a)
{
    struct editor *ed = a->edit;
    if (!edit_has_input(a) || ed->asking == ASK_QUIT) /* asked already: the second time quits */
        return 1;
    w_dialog_confirm(&ed->dialog, "Quit?", "A form has unsaved input. Quit and lose it?");
    ed->asking = ASK_QUIT;
    a->dirty |= APP_DRAW;
    return 0;
}

void edit_draw(app *a, WINDOW *body)
{
    struct editor *ed = a->edit;
    if (!ed)
        return;
    if (ed->kind != ED_DELETE && ed->kind != ED_CHOOSE)
        w_form_draw(&ed->form, body);
    if (ed->asking != ASK_NONE)
        w_dialog_draw(&ed->dialog, body);
}

/* ---- opening forms ---------------------------------------------------------- */

static unsigned open_row_form(app *a, core_table_id t, int64_t id, int revealed)
{
    core_row r;
    core_err e;
    int have = id >= 0 && core_row_get(a->db, t, id, &r, &e) == CORE_OK;
    if (id >= 0 && !have) {
        app_message(a, 1, "%s", e.msg);
        return APP_HANDLED | APP_BARS;
    }
    struct editor *ed = new_editor(a, have ? ED_UPDATE : ED_INSERT);
    if (!ed) {
        if (have)
            core_row_free(&r);
        return APP_HANDLED;
    }
    if (have) {
        ed->id = id;
        ed->version = r.version;
        snprintf(ed->title, sizeof ed->title, " Edit %s: %.60s ", core_table_get(t)->noun, r.vals[0]);
    } else {
        snprintf(ed->title, sizeof ed->title, " New %s ", core_table_get(t)->noun);
    }
    build_row_form(a, ed, t, have ? r.vals : NULL, revealed);
    if (have)
        core_row_free(&r);
    return APP_HANDLED | APP_DRAW;
}

unsigned list_panel_edit(void *panel, app *a, action act, core_list_kind kind, int table, int64_t id)
{
    core_err e;
    switch (act) {
    case ACT_ADD:
        if (table < 0)
            return 0;
        return open_row_form(a, (core_table_id)table, -1, 1);
    case ACT_EDIT:
        if (table < 0)
            return 0;
        if (id < 0) {
            app_message(a, 1, "nothing selected");
            return APP_HANDLED | APP_BARS;
        }
        return open_row_form(a, (core_table_id)table, id, list_panel_revealed(panel) == id);
    case ACT_DELETE: {
        if (table < 0 || id < 0)
            return table < 0 ? 0 : APP_HANDLED;
        core_row r;
        if (core_row_get(a->db, (core_table_id)table, id, &r, &e) != CORE_OK) {
            app_message(a, 1, "%s", e.msg);
            return APP_HANDLED | APP_BARS;
        }
        struct editor *ed = new_editor(a, ED_DELETE);
        if (ed) {
            ed->table = (core_table_id)table;
            ed->id = id;
            ed->version = r.version;
            snprintf(ed->question, sizeof ed->question, "Delete %s '%.200s'%s? %s recorded in the audit trail.",
                     core_table_get(ed->table)->noun, r.vals[0],
                     ed->table == CORE_T_RESOURCES ? " and its stock movements" : "",
                     ed->table == CORE_T_RESOURCES ? "Each is" : "This is");
            w_dialog_confirm(&ed->dialog, "Delete", ed->question);
            ed->asking = ASK_DELETE;
        }
        core_row_free(&r);
        return APP_HANDLED | APP_DRAW;
    }
    case ACT_MOVEMENT: {
        if (kind != CORE_LIST_RESOURCES || id < 0)
            return kind == CORE_LIST_RESOURCES ? APP_HANDLED : 0;
        core_row r;
        if (core_row_get(a->db, CORE_T_RESOURCES, id, &r, &e) != CORE_OK) {
            app_message(a, 1, "%s", e.msg);
            return APP_HANDLED | APP_BARS;
        }
        struct editor *ed = new_editor(a, ED_MOVEMENT);
        if (ed) {
            const core_table *mt = core_table_get(CORE_T_MOVEMENTS);
            ed->id = id;
            ed->table = CORE_T_MOVEMENTS;
            snprintf(ed->title, sizeof ed->title, " Stock movement: %.40s ", r.vals[0]);
            w_form_init(&ed->form, ed->title);
            char on_hand[160];
            snprintf(on_hand, sizeof on_hand, ON_HAND, r.vals[1], r.vals[6], r.vals[3]);
            w_form_add(&ed->form, "resource", W_FIELD_FIXED, on_hand, NULL, NULL, 0);
            w_form_add(&ed->form, "delta", W_FIELD_TEXT, NULL, NULL, "+ received, - dispatched, e.g. -20", 1);
            w_form_add(&ed->form, "reason", W_FIELD_CHOICE, "received", mt->cols[2].choices, NULL, 1);
            w_form_add(&ed->form, "note", W_FIELD_TEXT, NULL, NULL, "optional", 0);
            ed->form.cur = MOVE_DELTA_FIELD;
        }
        core_row_free(&r);
        return APP_HANDLED | APP_DRAW;
    }
    case ACT_ACK: {
        if (kind != CORE_LIST_ALERTS)
            return 0;
        core_alert al;
        if (id < 0 || core_alert_get(a->db, id, &al, &e) != CORE_OK) {
            app_message(a, 1, "no alert selected");
            return APP_HANDLED | APP_BARS;
        }
        if (*al.acknowledged_at) {
            app_message(a, 1, "already acknowledged by %s at %s", al.acknowledged_by, al.acknowledged_at);
            core_alert_clear(&al);
            return APP_HANDLED | APP_BARS;
        }
        struct editor *ed = new_editor(a, ED_ACK);
        if (ed) {
            ed->id = id;
            snprintf(ed->alert_level, sizeof ed->alert_level, "%s", al.level);
            snprintf(ed->title, sizeof ed->title, " Acknowledge alert #%lld ", (long long)id);
            w_form_init(&ed->form, ed->title);
            w_form_add(&ed->form, "alert", W_FIELD_FIXED, al.subject, NULL, NULL, 0);
            w_form_add(&ed->form, "note", W_FIELD_TEXT, NULL, NULL, "what is being done about it", 1);
            ed->form.cur = ACK_NOTE_FIELD;
        }
        core_alert_clear(&al);
        return APP_HANDLED | APP_DRAW;
    }
    case ACT_REVEAL: {
        if (table < 0 || id < 0)
            return table < 0 ? 0 : APP_HANDLED;
        if (core_row_reveal(a->db, (core_table_id)table, id, &e) != CORE_OK) {
            app_message(a, 1, "%s", e.msg);
            return APP_HANDLED | APP_BARS;
        }
        list_panel_show(panel, id, 1);
        app_message(a, 0, "Contact details shown; the reveal is recorded in the audit trail");
        return APP_HANDLED | APP_DRAW | APP_BARS;
    }
    default:
        return 0;
    }
}

unsigned risk_panel_edit(app *a, action act, const char *region_code, const char *indicator_code)
{
    if (act == ACT_OBSERVE) {
        if (!region_code) {
            app_message(a, 1, "select a region first");
            return APP_HANDLED | APP_BARS;
        }
        struct editor *ed = new_editor(a, ED_INSERT);
        if (!ed)
            return APP_HANDLED;
        snprintf(ed->title, sizeof ed->title, " New observation: %.40s ", region_code);
        const core_table *t = core_table_get(CORE_T_OBSERVATIONS);
        char *vals[16] = {0};
        for (int i = 0; i < t->ncols; i++)
            vals[i] = (char *)(t->cols[i].def ? t->cols[i].def : "");
        vals[0] = (char *)region_code;
        vals[1] = (char *)(indicator_code ? indicator_code : "");
        vals[2] = (char *)"now";
        build_row_form(a, ed, CORE_T_OBSERVATIONS, vals, 1);
        ed->form.cur = indicator_code && *indicator_code ? 3 : 1;
        return APP_HANDLED | APP_DRAW;
    }
    if (act == ACT_DELETE) {
        /* The cell's latest observation: the usual mistake to undo. */
        int64_t id;
        core_err e;
        core_row r;
        if (!region_code || !indicator_code ||
            core_risk_latest(a->db, region_code, indicator_code, &id, &e) != CORE_OK ||
            core_row_get(a->db, CORE_T_OBSERVATIONS, id, &r, &e) != CORE_OK) {
            app_message(a, 1, "no observation in this cell to delete");
            return APP_HANDLED | APP_BARS;
        }
        struct editor *ed = new_editor(a, ED_DELETE);
        if (ed) {
            ed->table = CORE_T_OBSERVATIONS;
            ed->id = id;
            ed->version = r.version;
            /* region_code, indicator_code, observed_at, value, source */
            snprintf(ed->question, sizeof ed->question,
                     "Delete the latest observation of %.40s in %.40s: %.40s at %.30s%s%.60s? "
                     "This is recorded in the audit trail.",
                     r.vals[1], r.vals[0], r.vals[3], r.vals[2], r.vals[4][0] ? " from " : "", r.vals[4]);
            w_dialog_confirm(&ed->dialog, "Delete", ed->question);
            ed->asking = ASK_DELETE;
        }
        core_row_free(&r);
        return APP_HANDLED | APP_DRAW;
    }
    struct editor *ed = new_editor(a, ED_CHOOSE);
    if (!ed)
        return APP_HANDLED;
    ed->choose_act = act;
    ed->region = strdup(region_code ? region_code : "");
    ed->indicator = strdup(indicator_code ? indicator_code : "");
    if (!ed->region || !ed->indicator) {
        edit_close(a);
        app_message(a, 1, "out of memory");
        return APP_HANDLED | APP_BARS;
    }
    if (act == ACT_ADD)
        snprintf(ed->question, sizeof ed->question, "Add what?  r region   i indicator   o observation for %s",
                 *ed->region ? ed->region : "(select a region)");
    else {
        int64_t oid;
        core_err e;
        int has_obs = *ed->indicator && core_risk_latest(a->db, ed->region, ed->indicator, &oid, &e) == CORE_OK;
        snprintf(ed->question, sizeof ed->question, "Edit what?  r region %s   i indicator %s%s", ed->region,
                 *ed->indicator ? ed->indicator : "(none in this cell)", has_obs ? "   l the cell's latest observation" : "");
    }
    w_dialog_choice(&ed->dialog, act == ACT_ADD ? "Add" : "Edit", ed->question, "press a letter   [Esc] cancel");
    ed->asking = ASK_CHOOSE;
    return APP_HANDLED | APP_DRAW;
}
