/* core/hxl.h — HXL (Humanitarian Exchange Language, hxlstandard.org)
 * hashtags: recognising a hashtag row and mapping hashtags to vigil's
 * columns, so that 3W/4W sheets and HDX exports import directly and
 * `vigil export --hxl` output imports back. */
#ifndef VIGIL_CORE_HXL_H
#define VIGIL_CORE_HXL_H

#include "core/tables.h"

/* A mapped column index, or one of these. */
enum {
    CORE_HXL_IGNORE = -1,      /* no hashtag: HXL says the column is ignored */
    CORE_HXL_REGION_NAME = -2, /* #adm1+name beside a region code: checked   */
    CORE_HXL_UNKNOWN = -3,     /* a hashtag vigil does not know              */
};

/* Is this row of cells a hashtag row? True when at least one cell and
 * more than half of the non-empty cells start with '#'. */
int core_hxl_is_tag_row(const char *const *cells, int n);

/* Map one hashtag (e.g. "#Adm1 +Code", attributes in any order, any case)
 * to a column of table t: the column whose own hashtag's attributes are
 * all present, the most specific one winning, plus the aliases of HXL
 * practice (#indicator+num for a value; #adm1+name to check a region).
 * Returns a column index or a CORE_HXL_* value. */
int core_hxl_map(const core_table *t, const char *hashtag);

#endif
