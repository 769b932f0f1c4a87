/* tui/edit.c — keyboard data entry: forms over core's validators. */
#include "tui/app.h"
#include "tui/panel_list.h"

#include "core/store.h"

unsigned list_panel_edit(void *panel, app *a, action act, core_list_kind kind, int table, int64_t id)
{
    (void)panel;
    (void)a;
    (void)act;
    (void)kind;
    (void)table;
    (void)id;
    return 0;
}

unsigned risk_panel_observe(app *a, const char *region_code, int factor)
{
    (void)a;
    (void)region_code;
    (void)factor;
    return 0;
}
