/* core/query.h — paged, filtered, sorted lists for the dashboard's list
 * panels. A list never loads a whole table: it counts, fetches one page
 * (LIMIT/OFFSET on an indexed order, or by key for the audit trail), and
 * finds a record's position so a selection survives refreshes. */
#ifndef VIGIL_CORE_QUERY_H
#define VIGIL_CORE_QUERY_H

#include <stdint.h>
#include "core/db.h"
#include "core/status.h"

typedef enum core_list_kind {
    CORE_LIST_PARTNERS, CORE_LIST_RESOURCES, CORE_LIST_ACTIVITIES, CORE_LIST_ALERTS, CORE_LIST_AUDIT,
    CORE_LIST_KIND_COUNT
} core_list_kind;

/* What a row flag means (core_list_flag). */
enum {
    CORE_FLAG_NONE = 0,
    CORE_FLAG_AMBER = 1,   /* needs attention: below minimum, overdue, amber alert */
    CORE_FLAG_RED = 2,     /* urgent: out of stock, expired, red alert */
    CORE_FLAG_QUIET = 3,   /* dimmed: acknowledged or cleared alert */
};

typedef struct core_list core_list;

/* A list of kind over db. CORE_ENOMEM on failure. */
core_status core_list_open(core_db *db, core_list_kind kind, core_list **out, core_err *err);

/* Free it (NULL is fine). */
void core_list_close(core_list *l);

/* Number of display columns and their titles. */
int core_list_ncols(const core_list *l);
const char *core_list_title(const core_list *l, int col);

/* Whether display column col can be sorted on. */
int core_list_sortable(const core_list *l, int col);

/* Longest filter text, in bytes (the dashboard's filter line holds 512). */
#define CORE_LIST_FILTER_MAX 16384

/* Case-insensitive substring filter over the row's text (NULL or "" for
 * none). Takes effect at the next count/page; a text longer than
 * CORE_LIST_FILTER_MAX makes them fail with CORE_EUSAGE. */
void core_list_set_filter(core_list *l, const char *text);

/* Sort by display column col (ascending unless desc); columns that cannot
 * be sorted fall back to the list's natural order. */
void core_list_set_sort(core_list *l, int col, int desc);

/* Forget cached counts and pages (call when the database changed). */
void core_list_invalidate(core_list *l);

/* Rows matching the filter; -1 on a database error (err filled). */
int64_t core_list_count(core_list *l, core_err *err);

/* Fetch rows [first, first + n) into the list's page. */
core_status core_list_fetch(core_list *l, int64_t first, int n, core_err *err);

/* Cell text / record id / flag of a row inside the fetched page ("" / -1 /
 * 0 outside it). Cell text is raw data: sanitise before display. */
const char *core_list_cell(const core_list *l, int64_t row, int col);
int64_t core_list_id(const core_list *l, int64_t row);
int core_list_flag(const core_list *l, int64_t row);

/* Position of record id in the current filter and order, or -1. */
int64_t core_list_index_of(core_list *l, int64_t id, core_err *err);

/* Complete a reference as typed in a form: the record of table t (regions,
 * indicators, partners, resources) whose key starts with typed (any case),
 * else whose name contains it. Writes the first match's key to key and
 * "KEY  Name" to label. Returns 1 when one record matches, or one's key is
 * typed exactly (any case); 2 when several match; 0 when none does (or on
 * error). */
int core_ref_complete(core_db *db, int table, const char *typed, char *key, size_t keysz, char *label,
                      size_t labelsz);

/* One field of an audit entry's changes: name, value before and after
 * (NULL when absent; for summaries such as imports, before is NULL). */
typedef struct core_change {
    char *field;
    char *before;
    char *after;
} core_change;

/* The changes recorded by audit entry id, in recorded order. Free with
 * core_changes_free. CORE_ENOTFOUND for an unknown id. */
core_status core_audit_changes(core_db *db, int64_t id, core_change **out, int *n, core_err *err);
void core_changes_free(core_change *c, int n);

#endif
