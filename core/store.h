/* core/store.h — reading and writing rows, the only way data changes.
 *
 * Every write runs in BEGIN IMMEDIATE, validates with core/tables.h, checks
 * references, appends to the audit trail, and re-evaluates alerts before it
 * commits. Editing is optimistic: a row carries a version; an update or
 * delete that names an old version is refused with who changed it and when
 * (CORE_ECONFLICT). */
#ifndef VIGIL_CORE_STORE_H
#define VIGIL_CORE_STORE_H

#include <stdint.h>
#include "core/db.h"
#include "core/status.h"
#include "core/tables.h"

typedef struct core_row {
    core_table_id table;
    int64_t id;
    int64_t version;
    char updated_at[24];   /* when it was last written                   */
    char updated_by[64];   /* who wrote it                               */
    char **vals;           /* ncols values in CSV form, "" when empty    */
} core_row;

/* The column a validation failure blames (-1: the whole row) and why. */
typedef struct core_field_error {
    int col;
    char msg[400];
} core_field_error;

/* Read row id of table t into *out (free with core_row_free). Returns
 * CORE_ENOTFOUND when there is no such row. */
core_status core_row_get(core_db *db, core_table_id t, int64_t id, core_row *out, core_err *err);

/* Free what core_row_get filled (the struct itself is the caller's). */
void core_row_free(core_row *r);

/* Id of the row whose single-column key (code, or name for partners) is
 * key. CORE_ENOTFOUND when absent. */
core_status core_row_find(core_db *db, core_table_id t, const char *key, int64_t *id, core_err *err);

/* Insert a row; vals has t's ncols entries (NULL or "" = empty/default).
 * On invalid input returns CORE_EDATA with fe (may be NULL) naming the
 * column; a row whose key exists already is CORE_EDATA too. *id_out (may be
 * NULL) receives the new id. */
core_status core_row_insert(core_db *db, core_table_id t, const char *const *vals,
                            int64_t *id_out, core_field_error *fe, core_err *err);

/* Update row id, which the caller read at version `version`. vals entries
 * that are NULL leave that column unchanged; when no value differs from
 * the stored row nothing is written (no audit entry, the same version).
 * CORE_ECONFLICT, with "changed
 * by ACTOR at TIME" in err, when the row has moved on; CORE_ENOTFOUND when
 * it was deleted; CORE_EDATA with fe on invalid input. */
core_status core_row_update(core_db *db, core_table_id t, int64_t id, int64_t version,
                            const char *const *vals, core_field_error *fe, core_err *err);

/* Delete row id read at `version`: CORE_ECONFLICT / CORE_ENOTFOUND as for
 * update; CORE_EDATA when other records still refer to it. */
core_status core_row_delete(core_db *db, core_table_id t, int64_t id, int64_t version, core_err *err);

/* Record a stock movement for resource id: delta (non-zero), reason (a
 * movement reason), note (may be NULL). The resource's quantity follows.
 * CORE_EDATA with fe when it would take the quantity below zero. */
core_status core_movement_add(core_db *db, int64_t resource_id, long long delta, const char *reason,
                              const char *note, core_field_error *fe, core_err *err);

/* Record in the audit trail that the current user revealed the masked
 * contact details of sensitive row id of table t. */
core_status core_row_reveal(core_db *db, core_table_id t, int64_t id, core_err *err);

#endif
