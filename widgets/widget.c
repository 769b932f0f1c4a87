/* widgets/widget.c — the key convention shared by modal widgets. */
#include "widgets/widget.h"

#include <curses.h>

int w_key_move(int key, int fn)
{
    if (fn) {
        switch (key) {
        case KEY_UP:    return W_MOVE_UP;
        case KEY_DOWN:  return W_MOVE_DOWN;
        case KEY_PPAGE: return W_MOVE_PAGE_UP;
        case KEY_NPAGE: return W_MOVE_PAGE_DOWN;
        case KEY_HOME:  return W_MOVE_HOME;
        case KEY_END:   return W_MOVE_END;
        default:        return -1;
        }
    }
    switch (key) {
    case 'k': return W_MOVE_UP;
    case 'j': return W_MOVE_DOWN;
    case 'b': return W_MOVE_PAGE_UP;
    case ' ': return W_MOVE_PAGE_DOWN;
    case 'g': return W_MOVE_HOME;
    case 'G': return W_MOVE_END;
    default:  return -1;
    }
}
