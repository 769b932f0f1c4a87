/* core/status.h — error values shared by every core module.
 *
 * Errors are values: a core function returns a core_status and, when it is
 * not CORE_OK, fills a core_err with a sentence a duty officer can act on.
 * Messages that quote data have already been sanitised (core/sanitize.h). */
#ifndef VIGIL_CORE_STATUS_H
#define VIGIL_CORE_STATUS_H

#include <stddef.h>

typedef enum core_status {
    CORE_OK = 0,
    CORE_EUSAGE,     /* caller asked for something that does not exist   */
    CORE_EDATA,      /* input data is invalid                            */
    CORE_ENOINPUT,   /* an input file is missing or unreadable           */
    CORE_ECANTCREAT, /* cannot create an output file or database         */
    CORE_EIO,        /* I/O error, disk full, read-only file system       */
    CORE_EBUSY,      /* database stayed locked past the busy timeout     */
    CORE_ECONFLICT,  /* row changed by someone else since it was read    */
    CORE_ENOTFOUND,  /* the row or alert asked for does not exist        */
    CORE_ENOTVIGIL,  /* file is not a vigil database                     */
    CORE_ENEWER,     /* schema is newer than this binary understands     */
    CORE_ECORRUPT,   /* integrity check failed                           */
    CORE_EREADONLY,  /* database opened read-only, write refused         */
    CORE_ENOMEM,     /* out of memory                                    */
    CORE_EINTERNAL   /* a bug: unexpected SQLite result                  */
} core_status;

typedef struct core_err {
    core_status status;
    char msg[1024];
} core_err;

/* Fill err (may be NULL) with status and a printf-style message; returns
 * status so callers can `return core_err_set(err, CORE_EDATA, ...)`. */
core_status core_err_set(core_err *err, core_status status, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Clear err to CORE_OK with an empty message. err may be NULL. */
void core_err_clear(core_err *err);

/* sysexits.h code for a status (0 for CORE_OK, 65 data, 66 no input,
 * 73 cannot create, 74 I/O, 75 busy, 70 internal). */
int core_status_exit_code(core_status status);

#endif
