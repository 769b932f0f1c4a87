/* widgets/tabs.h — numbered panel tabs ("1 Risk  2 Partners ..."), where
 * the number is the key that selects the panel: tab i answers to key i+1.
 *
 * Tabs shrink in steps rather than wrap: full labels; the active label in
 * full and the others cut to three columns ("2 Par"); the active label and
 * bare numbers for the others; bare numbers only. */
#ifndef VIGIL_WIDGETS_TABS_H
#define VIGIL_WIDGETS_TABS_H

#include <curses.h>

enum w_tabs_style {
    W_TABS_FULL,        /* " 1 Risk  2 Partners "   */
    W_TABS_SHORT,       /* " 1 Risk  2 Par "        */
    W_TABS_NUMBERS,     /* " 1 Risk  2 "            */
    W_TABS_NUMBERS_ONLY /* " 1  2 "                 */
};

/* Columns n tabs (labels are raw text, NULL = none) take in style, with
 * tab `active` highlighted. Returns 0 for n <= 0. */
int w_tabs_width(const char *const *labels, int n, int active, enum w_tabs_style style);

/* The fullest style whose width is at most width (W_TABS_NUMBERS_ONLY when
 * none fits). */
enum w_tabs_style w_tabs_fit(const char *const *labels, int n, int active, int width);

/* Draw the tabs at (y, x) within width columns: the active tab in
 * W_ROLE_TAB_ACTIVE, the others in W_ROLE_TAB. A tab that does not fit
 * whole is left out, so nothing ever wraps. Returns the columns used, or -1
 * when nothing could be drawn. */
int w_tabs_draw(WINDOW *w, int y, int x, int width, const char *const *labels,
                int n, int active, enum w_tabs_style style);

#endif
