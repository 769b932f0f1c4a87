/* widgets/theme.c — the role table (see theme.h for why it is static). */
#include "widgets/theme.h"

struct role_spec {
    attr_t mono;    /* used without colour                               */
    short fg, bg;   /* colour pair; both -1 means "no pair, default"     */
    attr_t colour;  /* attributes added to the pair in colour mode        */
};

/* Monochrome first: it must stand on its own for NO_COLOR and vt100. The
 * colours follow htop's conventions, on the user's own background where
 * the role is text rather than a bar. */
static const struct role_spec spec[W_ROLE_COUNT] = {
    [W_ROLE_NORMAL]       = { A_NORMAL,              -1, -1, A_NORMAL },
    [W_ROLE_HEADER]       = { A_BOLD | A_UNDERLINE,  COLOR_BLACK, COLOR_GREEN, A_NORMAL },
    [W_ROLE_SELECTED]     = { A_REVERSE,             COLOR_BLACK, COLOR_CYAN, A_NORMAL },
    [W_ROLE_SELECTED_DIM] = { A_UNDERLINE,           COLOR_BLACK, COLOR_WHITE, A_NORMAL },
    [W_ROLE_TAB]          = { A_REVERSE,             COLOR_WHITE, COLOR_BLUE, A_NORMAL },
    [W_ROLE_TAB_ACTIVE]   = { A_BOLD,                COLOR_BLACK, COLOR_CYAN, A_BOLD },
    [W_ROLE_TITLE]        = { A_REVERSE,             COLOR_WHITE, COLOR_BLUE, A_NORMAL },
    [W_ROLE_STATUS]       = { A_NORMAL,              COLOR_BLACK, COLOR_CYAN, A_NORMAL },
    [W_ROLE_HINT_KEY]     = { A_BOLD | A_REVERSE,    -1, -1, A_BOLD },
    [W_ROLE_MESSAGE]      = { A_BOLD,                COLOR_BLACK, COLOR_CYAN, A_BOLD },
    [W_ROLE_ERROR]        = { A_BOLD | A_REVERSE,    COLOR_WHITE, COLOR_RED, A_BOLD },
    [W_ROLE_LEVEL_RED]    = { A_BOLD | A_REVERSE,    COLOR_RED, -1, A_BOLD },
    [W_ROLE_LEVEL_AMBER]  = { A_BOLD,                COLOR_YELLOW, -1, A_BOLD },
    [W_ROLE_LEVEL_GREEN]  = { A_NORMAL,              COLOR_GREEN, -1, A_NORMAL },
    [W_ROLE_LEVEL_NONE]   = { A_DIM,                 -1, -1, A_DIM },
    [W_ROLE_MARKED]       = { A_BOLD,                COLOR_MAGENTA, -1, A_BOLD },
    [W_ROLE_DIM]          = { A_DIM,                 -1, -1, A_DIM },
    [W_ROLE_BORDER]       = { A_NORMAL,              COLOR_CYAN, -1, A_NORMAL },
};

/* The only mutable module state in widgets/ (documented in theme.h). */
static attr_t role_attr[W_ROLE_COUNT];
static int theme_ready, use_unicode, use_colour_now;

static void set_mono(void)
{
    for (int r = 0; r < W_ROLE_COUNT; r++) role_attr[r] = spec[r].mono;
    use_colour_now = 0;
}

int w_theme_init(int use_colour, int unicode)
{
    use_unicode = unicode != 0;
    theme_ready = 1;
    set_mono();
    if (!use_colour || !has_colors()) return 0;
    if (start_color() == ERR || use_default_colors() == ERR) return 0;
    for (int r = 0; r < W_ROLE_COUNT; r++) {
        const struct role_spec *s = &spec[r];
        if (s->fg == -1 && s->bg == -1) {
            role_attr[r] = s->colour;
            continue;
        }
        short pair = (short)(r + 1);
        if (pair >= COLOR_PAIRS || init_pair(pair, s->fg, s->bg) == ERR) {
            set_mono();
            return 0;
        }
        role_attr[r] = COLOR_PAIR(pair) | s->colour;
    }
    use_colour_now = 1;
    return 1;
}

attr_t w_attr(enum w_role role)
{
    if (!theme_ready) {
        set_mono();
        theme_ready = 1;
    }
    if ((int)role < 0 || role >= W_ROLE_COUNT) role = W_ROLE_NORMAL;
    return role_attr[role];
}

int w_unicode(void)
{
    return use_unicode;
}

int w_colour(void)
{
    return use_colour_now;
}
