/* core/tables.h — the one description of vigil's tables and columns, and
 * the one validator. Import, export, the forms and the detail panes all read
 * this; nothing else decides what a valid value is.
 *
 * A row travels as an array of strings in the table's column order (the
 * CSV column names of SPEC §2). NULL means "column not given" (left
 * unchanged on update, default on insert); "" means empty. */
#ifndef VIGIL_CORE_TABLES_H
#define VIGIL_CORE_TABLES_H

#include <stddef.h>
#include "core/status.h"

typedef enum core_table_id {
    CORE_T_REGIONS, CORE_T_INDICATORS, CORE_T_OBSERVATIONS, CORE_T_PARTNERS,
    CORE_T_RESOURCES, CORE_T_MOVEMENTS, CORE_T_ACTIVITIES, CORE_T_ALERTS,
    CORE_T_AUDIT, CORE_TABLE_COUNT
} core_table_id;

typedef enum core_coltype {
    CORE_COL_TEXT,      /* free text, single line or multi-line           */
    CORE_COL_INT,       /* integer, optionally within [min, max]          */
    CORE_COL_REAL,      /* number, optionally within [min, max]           */
    CORE_COL_ENUM,      /* one of choices[] (case-insensitive on input)   */
    CORE_COL_DATE,      /* YYYY-MM-DD                                     */
    CORE_COL_TIMESTAMP, /* ISO 8601 UTC, stored as YYYY-MM-DDTHH:MM:SSZ   */
    CORE_COL_BOOL,      /* 0 or 1                                         */
    CORE_COL_REF,       /* names a row of table `ref` by its key          */
    CORE_COL_EMAIL,     /* local@domain.tld                               */
    CORE_COL_PHONE,     /* digits, spaces, + - ( ) . ; at least 6 digits  */
    CORE_COL_LIST       /* ';'-separated list of choices[] (or free text) */
} core_coltype;

enum {
    CORE_COLF_REQUIRED  = 1 << 0, /* must be non-empty                    */
    CORE_COLF_KEY       = 1 << 1, /* part of the table's unique key       */
    CORE_COLF_SENSITIVE = 1 << 2, /* contact detail: masked, not exported */
    CORE_COLF_MULTILINE = 1 << 3, /* may contain newlines                 */
    CORE_COLF_PAST      = 1 << 4, /* a report of what has happened: at
                                     most a day ahead of now (time zones) */
};

typedef struct core_column {
    const char *name;             /* CSV column name, also the form label */
    core_coltype type;
    unsigned flags;
    const char *const *choices;   /* ENUM/LIST: NULL-terminated           */
    double min, max;              /* INT/REAL range, used when min < max  */
    core_table_id ref;            /* REF: which table                     */
    const char *def;              /* value used when empty (NULL: none)   */
    const char *hxl;              /* HXL hashtag written by export --hxl  */
    const char *help;             /* one-line hint for forms              */
} core_column;

enum {
    CORE_TABF_IMPORT = 1 << 0,    /* vigil import accepts it              */
    CORE_TABF_EDIT   = 1 << 1,    /* add/edit/delete from the dashboard   */
};

typedef struct core_table {
    core_table_id id;
    const char *name;             /* "regions" ...                        */
    const char *label;            /* "Regions" for titles                 */
    const char *noun;             /* "region": one row, for messages      */
    const core_column *cols;
    int ncols;
    unsigned flags;
} core_table;

/* Table by id (always valid for id < CORE_TABLE_COUNT). */
const core_table *core_table_get(core_table_id id);

/* Table by its SPEC name ("partners"), or NULL. */
const core_table *core_table_by_name(const char *name);

/* Index of column `name` in t, or -1. */
int core_table_col(const core_table *t, const char *name);

/* Space-separated list of importable table names, for usage messages. */
const char *core_table_import_names(void);

/* Validate and normalise one value for column c. value may be NULL or ""
 * (then the default applies; empty is an error for a required column).
 * Leading and trailing spaces are trimmed. On success writes the normalised
 * value (e.g. "2026-11-02T00:00:00Z", lower-case enum, "1") to norm and
 * returns CORE_OK; on failure returns CORE_EDATA and writes a message naming
 * the bad value (sanitised, shortened) to msg, e.g.
 *   "'maybe' is not one of: up, down". */
core_status core_validate_value(const core_column *c, const char *value,
                                char *norm, size_t normsz,
                                char *msg, size_t msgsz);

/* Cross-field rules of a whole row whose values are already normalised
 * (vals[i] may be NULL for "not given"): amber/red order matching the
 * direction, end_date not before start_date, reached/target non-negative.
 * Returns CORE_OK or CORE_EDATA with *bad_col set to the column to blame
 * and msg filled. */
core_status core_validate_row(const core_table *t, const char *const *vals,
                              int *bad_col, char *msg, size_t msgsz);

/* x as the shortest decimal text (at least 15 significant digits' worth,
 * at most 17) that reads back as exactly x, into buf (n bytes). How
 * validation normalises a number and how export writes one. */
void core_format_real(double x, char *buf, size_t n);

#endif
