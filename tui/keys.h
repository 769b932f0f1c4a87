/* tui/keys.h — every action and its keys, declared once. The same table
 * drives dispatch, the bottom-bar hints and the help screen, so they
 * cannot disagree. */
#ifndef VIGIL_TUI_KEYS_H
#define VIGIL_TUI_KEYS_H

typedef enum action {
    ACT_NONE = 0,
    ACT_PANEL1, ACT_PANEL2, ACT_PANEL3, ACT_PANEL4, ACT_PANEL5, ACT_PANEL6,
    ACT_NEXT_PANEL, ACT_PREV_PANEL,
    ACT_UP, ACT_DOWN, ACT_PAGE_UP, ACT_PAGE_DOWN, ACT_HOME, ACT_END, ACT_LEFT, ACT_RIGHT,
    ACT_OPEN, ACT_BACK, ACT_FILTER, ACT_SORT, ACT_SORT_REVERSE,
    ACT_ADD, ACT_EDIT, ACT_DELETE, ACT_OBSERVE, ACT_MOVEMENT, ACT_ACK, ACT_REVEAL,
    ACT_REDRAW, ACT_HELP, ACT_QUIT,
    ACT_COUNT
} action;

/* Panels an action applies to (bit per panel index 0..5). */
#define P_RISK       (1u << 0)
#define P_PARTNERS   (1u << 1)
#define P_INVENTORY  (1u << 2)
#define P_ACTIVITIES (1u << 3)
#define P_ALERTS     (1u << 4)
#define P_AUDIT      (1u << 5)
#define P_ALL        0x3fu
#define P_LISTS      (P_PARTNERS | P_INVENTORY | P_ACTIVITIES | P_ALERTS | P_AUDIT)

enum {
    K_WRITES = 1 << 0, /* changes data: absent in --read-only */
};

#define KEYS_PER_ACTION 4

typedef struct key_binding {
    action act;
    int keys[KEYS_PER_ACTION];  /* key codes; function keys as KEY_FN(x) */
    const char *label;          /* how the keys are written: "Tab", "j/↓" */
    const char *hint;           /* bottom-bar word, or NULL: help only */
    const char *help;           /* one line for the help screen */
    const char *section;        /* help heading */
    unsigned panels;            /* P_* mask */
    unsigned flags;             /* K_* */
} key_binding;

/* Function keys (KEY_CODE_YES from wget_wch) are told apart from
 * characters with the same value by this bit. */
#define KEY_FN(k) ((k) | 0x40000000)

/* The table and its length. */
const key_binding *keys_table(int *n);

/* The action bound to key (already KEY_FN-encoded) on panel index p, or
 * ACT_NONE. Actions flagged K_WRITES are not found when read_only. */
action keys_lookup(int key, int panel, int read_only);

/* Is act available on panel p (and in this mode)? */
int keys_applies(const key_binding *b, int panel, int read_only);

#endif
