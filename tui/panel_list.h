/* tui/panel_list.h — hooks between the list panels and the editing code. */
#ifndef VIGIL_TUI_PANEL_LIST_H
#define VIGIL_TUI_PANEL_LIST_H

#include <stdint.h>
#include "core/query.h"
#include "tui/app.h"

/* Editing actions (a, e, d, m, A, v) on a list panel: kind and table say
 * which list, id is the selected record (-1 when none). Returns APP_*
 * flags; APP_HANDLED clear when the action does not apply. (tui/edit.c) */
unsigned list_panel_edit(void *panel, app *a, action act, core_list_kind kind, int table, int64_t id);

/* Refresh the panel and select record id (reveal: unmask its contacts). */
void list_panel_show(void *panel, int64_t id, int reveal);

/* The sensitive record whose contacts were revealed (v), or -1. */
int64_t list_panel_revealed(void *panel);

#endif
