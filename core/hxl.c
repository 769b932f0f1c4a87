/* core/hxl.c — HXL hashtag rows. */
#include "core/hxl.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

#define MAX_ATTRS 8

typedef struct tag {
    char name[32];
    char attrs[MAX_ATTRS][32];
    int nattrs;
} tag;

/* Parse "#tag +a +b" (spaces allowed, any case) into lower case. */
static int parse(const char *s, tag *t)
{
    memset(t, 0, sizeof *t);
    while (*s == ' ')
        s++;
    if (*s++ != '#')
        return -1;
    char *out = t->name;
    size_t cap = sizeof t->name, n = 0;
    for (; *s; s++) {
        if (*s == ' ')
            continue;
        if (*s == '+') {
            if (t->nattrs == MAX_ATTRS)
                return -1;
            out = t->attrs[t->nattrs++];
            cap = sizeof t->attrs[0];
            n = 0;
            continue;
        }
        if (!isalnum((unsigned char)*s) && *s != '_' && *s != '-')
            return -1;
        if (n + 1 < cap) {
            out[n++] = (char)tolower((unsigned char)*s);
            out[n] = '\0';
        }
    }
    return t->name[0] ? 0 : -1;
}

static int has_attr(const tag *t, const char *a)
{
    for (int i = 0; i < t->nattrs; i++)
        if (!strcmp(t->attrs[i], a))
            return 1;
    return 0;
}

/* How well spec (a column's own hashtag) fits the hashtag h: -1 for not
 * at all, else the number of attributes it requires (more is better). */
static int fit(const char *spec, const tag *h)
{
    tag s;
    if (!spec || parse(spec, &s) != 0 || strcmp(s.name, h->name) != 0)
        return -1;
    for (int i = 0; i < s.nattrs; i++)
        if (!has_attr(h, s.attrs[i]))
            return -1;
    return s.nattrs;
}

int core_hxl_is_tag_row(const char *const *cells, int n)
{
    int filled = 0, tags = 0;
    for (int i = 0; i < n; i++) {
        const char *c = cells[i] ? cells[i] : "";
        while (*c == ' ')
            c++;
        if (!*c)
            continue;
        filled++;
        tags += *c == '#';
    }
    return tags > 0 && tags * 2 > filled;
}

/* Hashtags seen in the field that name a vigil column differently. */
static const struct {
    core_table_id table;
    const char *spec;
    const char *column;
} ALIASES[] = {
    {CORE_T_OBSERVATIONS, "#indicator+num", "value"},
    {CORE_T_OBSERVATIONS, "#value", "value"},
    {CORE_T_OBSERVATIONS, "#date+observed", "observed_at"},
    {CORE_T_ACTIVITIES, "#activity+id", "code"},
    {CORE_T_ACTIVITIES, "#reached+total", "reached"},
    {CORE_T_ACTIVITIES, "#targeted+total", "target"},
    {CORE_T_ACTIVITIES, "#org+lead", "lead_partner"},
    {CORE_T_PARTNERS, "#org", "name"},
    {CORE_T_RESOURCES, "#item", "name"},
};

int core_hxl_map(const core_table *t, const char *hashtag)
{
    tag h;
    const char *p = hashtag ? hashtag : "";
    while (*p == ' ')
        p++;
    if (!*p)
        return CORE_HXL_IGNORE;
    if (parse(p, &h) != 0)
        return CORE_HXL_UNKNOWN;
    int best = CORE_HXL_UNKNOWN, best_fit = -1;
    for (int i = 0; i < t->ncols; i++) {
        int f = fit(t->cols[i].hxl, &h);
        if (f > best_fit) {
            best_fit = f;
            best = i;
        }
    }
    for (size_t k = 0; k < sizeof ALIASES / sizeof ALIASES[0]; k++) {
        if (ALIASES[k].table != t->id)
            continue;
        int f = fit(ALIASES[k].spec, &h);
        if (f > best_fit) {
            best_fit = f;
            best = core_table_col(t, ALIASES[k].column);
        }
    }
    /* A region's name beside its code, in a table that only refers to
     * regions, is there to check the code against. */
    if (best_fit < 2 && !strcmp(h.name, "adm1") && has_attr(&h, "name") && t->id != CORE_T_REGIONS &&
        core_table_col(t, "region_code") >= 0)
        return CORE_HXL_REGION_NAME;
    return best;
}
