/* tui/keys.c — the key table (SPEC §4). Order here is the order of the
 * help screen and the priority of the bottom-bar hints. */
#include "tui/keys.h"

#include <curses.h>

#define CTRL(c) ((c) & 0x1f)

static const key_binding TABLE[] = {
    {ACT_HELP, {'?', KEY_FN(KEY_F(1))}, "?/F1", "help", "show this help", "General", P_ALL, 0},
    {ACT_PANEL1, {'1'}, "1", NULL, "Risk: regions x risk factors", "Panels", P_ALL, 0},
    {ACT_PANEL2, {'2'}, "2", NULL, "Partners directory", "Panels", P_ALL, 0},
    {ACT_PANEL3, {'3'}, "3", NULL, "Inventory of resources", "Panels", P_ALL, 0},
    {ACT_PANEL4, {'4'}, "4", NULL, "Reconciliation activities", "Panels", P_ALL, 0},
    {ACT_PANEL5, {'5'}, "5", NULL, "Alerts needing attention", "Panels", P_ALL, 0},
    {ACT_PANEL6, {'6'}, "6", NULL, "Audit trail, newest first", "Panels", P_ALL, 0},
    {ACT_NEXT_PANEL, {'\t'}, "Tab", "panel", "next panel", "Panels", P_ALL, 0},
    {ACT_PREV_PANEL, {KEY_FN(KEY_BTAB)}, "S-Tab", NULL, "previous panel", "Panels", P_ALL, 0},
    {ACT_OPEN, {'\n', '\r', KEY_FN(KEY_ENTER)}, "Enter", "detail", "open the selected record's detail", "Records",
     P_ALL, 0},
    {ACT_BACK, {27}, "Esc", NULL, "close the detail; then clear the filter", "Records", P_ALL, 0},
    {ACT_FILTER, {'/'}, "/", "filter", "filter the panel as you type; Esc clears", "Records", P_ALL, 0},
    {ACT_SORT, {'s'}, "s", "sort", "sort by the next column", "Records", P_LISTS, 0},
    {ACT_SORT_REVERSE, {'S'}, "S", NULL, "reverse the sort order", "Records", P_LISTS, 0},
    {ACT_ADD, {'a'}, "a", "add", "add a record (Risk: a region, indicator or observation)", "Edit", P_RISK | P_PARTNERS | P_INVENTORY | P_ACTIVITIES, K_WRITES},
    {ACT_EDIT, {'e'}, "e", "edit", "edit the selected record (Risk: its region, indicator or latest observation)",
     "Edit", P_RISK | P_PARTNERS | P_INVENTORY | P_ACTIVITIES, K_WRITES},
    {ACT_DELETE, {'d'}, "d", NULL, "delete the selected record, asks y/n (Risk: the cell's latest observation)",
     "Edit", P_RISK | P_PARTNERS | P_INVENTORY | P_ACTIVITIES, K_WRITES},
    {ACT_OBSERVE, {'o'}, "o", "observe", "add an observation for the selected region", "Edit", P_RISK, K_WRITES},
    {ACT_MOVEMENT, {'m'}, "m", "move", "record a stock movement", "Edit", P_INVENTORY, K_WRITES},
    {ACT_ACK, {'A'}, "A", "ack", "acknowledge the selected alert, with a note", "Edit", P_ALERTS, K_WRITES},
    /* Revealing writes the audit trail, so a read-only dashboard cannot. */
    {ACT_REVEAL, {'v'}, "v", "reveal", "reveal masked contact details (recorded in the audit trail)", "Edit",
     P_PARTNERS, K_WRITES},
    {ACT_UP, {'k', KEY_FN(KEY_UP)}, "k/Up", NULL, "move up", "Move", P_ALL, 0},
    {ACT_DOWN, {'j', KEY_FN(KEY_DOWN)}, "j/Down", NULL, "move down", "Move", P_ALL, 0},
    {ACT_PAGE_UP, {KEY_FN(KEY_PPAGE)}, "PgUp", NULL, "page up", "Move", P_ALL, 0},
    {ACT_PAGE_DOWN, {KEY_FN(KEY_NPAGE)}, "PgDn", NULL, "page down", "Move", P_ALL, 0},
    {ACT_HOME, {'g', KEY_FN(KEY_HOME)}, "g/Home", NULL, "first row", "Move", P_ALL, 0},
    {ACT_END, {'G', KEY_FN(KEY_END)}, "G/End", NULL, "last row", "Move", P_ALL, 0},
    {ACT_LEFT, {'h', KEY_FN(KEY_LEFT)}, "h/Left", NULL, "previous risk factor", "Move", P_RISK, 0},
    {ACT_RIGHT, {'l', KEY_FN(KEY_RIGHT)}, "l/Right", NULL, "next risk factor", "Move", P_RISK, 0},
    {ACT_REDRAW, {CTRL('l')}, "^L", NULL, "redraw the screen", "General", P_ALL, 0},
    {ACT_QUIT, {'q'}, "q", "quit", "quit, as Ctrl-C does (asks only if a form has unsaved input)", "General", P_ALL, 0},
};

const key_binding *keys_table(int *n)
{
    *n = (int)(sizeof TABLE / sizeof TABLE[0]);
    return TABLE;
}

int keys_applies(const key_binding *b, int panel, int read_only)
{
    if (read_only && (b->flags & K_WRITES))
        return 0;
    return panel < 0 || (b->panels & (1u << panel)) != 0;
}

action keys_lookup(int key, int panel, int read_only)
{
    int n;
    const key_binding *t = keys_table(&n);
    for (int i = 0; i < n; i++) {
        if (!keys_applies(&t[i], panel, read_only))
            continue;
        for (int k = 0; k < KEYS_PER_ACTION && t[i].keys[k]; k++)
            if (t[i].keys[k] == key)
                return t[i].act;
    }
    return ACT_NONE;
}
