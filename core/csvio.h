/* core/csvio.h — CSV import and export (SPEC §2), through libcsv.
 *
 * Import is all-or-nothing by default: the whole file is one transaction
 * and any problem rolls it back. Problems are reported as
 * "FILE:LINE: column: message" through a callback, the first
 * max_reported individually and the rest as counts per column. Rows with a
 * unique key update in place, so re-importing a file adds nothing. Export
 * writes exactly what import reads. */
#ifndef VIGIL_CORE_CSVIO_H
#define VIGIL_CORE_CSVIO_H

#include <stdint.h>
#include <stdio.h>
#include "core/db.h"
#include "core/status.h"
#include "core/tables.h"

#define CORE_CSV_MAX_FIELD (64 * 1024)          /* bytes in one field   */
#define CORE_CSV_MAX_FILE  (4LL * 1024 * 1024 * 1024) /* bytes in a file */

/* The column --rejects adds after the file's own: why each row was
 * refused. An import ignores a column of this name, so a rejects file,
 * once its rows are fixed, imports as it is. */
#define CORE_REJECTS_COLUMN "rejected_because"

typedef struct core_import_opts {
    int dry_run;              /* validate and report, write nothing         */
    const char *rejects_path; /* import valid rows, write the rest here     */
    const char *encoding;     /* NULL or "utf-8"; "latin1" transcodes       */
    int max_reported;         /* problems reported one by one (0: 20)       */
    int date_shift_days;      /* move every date by this many days (demo)   */
    /* Receives each problem line (already sanitised). May be NULL. */
    void (*report)(void *ctx, const char *line);
    void *report_ctx;
    /* Called now and then with bytes read and file size (progress). */
    void (*progress)(void *ctx, int64_t done, int64_t total, int64_t rows);
    void *progress_ctx;
} core_import_opts;

typedef struct core_import_stats {
    int64_t rows;      /* data rows read                                 */
    int64_t inserted;
    int64_t updated;
    int64_t unchanged;
    int64_t rejected;  /* rows with a problem                            */
    int64_t problems;  /* problems found (a row may have several)        */
    int committed;     /* 1 when the changes were saved                  */
} core_import_stats;

/* Import path into table t. Returns CORE_OK when the file was clean (or,
 * with rejects_path, when the valid rows were saved); CORE_EDATA when
 * problems were found and nothing was saved (details went to report and
 * err holds a one-line summary); CORE_ENOINPUT when path cannot be read;
 * CORE_EBUSY/CORE_EIO/... from the database. */
core_status core_import(core_db *db, core_table_id t, const char *path, const core_import_opts *opts,
                        core_import_stats *stats, core_err *err);

enum {
    CORE_EXPORT_SENSITIVE = 1 << 0, /* include sensitive rows and fields */
    CORE_EXPORT_HXL       = 1 << 1, /* add an HXL hashtag row            */
};

/* Write table t as CSV to out (header row first), in key order. Sensitive
 * rows (sensitive = 1) and contact columns are left out unless
 * CORE_EXPORT_SENSITIVE. *rows (may be NULL) receives the rows written.
 * CORE_EIO when writing fails. */
core_status core_export(core_db *db, core_table_id t, FILE *out, unsigned flags, int64_t *rows, core_err *err);

/* Write one CSV field (RFC 4180: quoted only when it holds a comma, quote,
 * CR, LF or leading/trailing space). Returns 0, or -1 on write error. */
int core_csv_put(FILE *out, const char *s, size_t n);

#endif
