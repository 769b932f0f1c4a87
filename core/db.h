/* core/db.h — opening, creating, migrating and checking the shared file.
 *
 * The core is the only code that touches SQLite. A core_db wraps one
 * connection configured for several duty officers sharing one file: WAL,
 * busy_timeout 5 s, foreign_keys=ON, synchronous=NORMAL, files created
 * group-readable/writable. */
#ifndef VIGIL_CORE_DB_H
#define VIGIL_CORE_DB_H

#include <stdint.h>
#include "core/status.h"

#define CORE_SCHEMA_VERSION 2
/* PRAGMA application_id marking a vigil database ("VGL1"). */
#define CORE_APPLICATION_ID 0x56474C31

typedef struct core_db core_db;

enum {
    CORE_OPEN_CREATE   = 1 << 0, /* create the file and schema if missing  */
    CORE_OPEN_READONLY = 1 << 1, /* open read-only; every write refused    */
    CORE_OPEN_FULLCHECK = 1 << 2, /* quick_check the whole file, not only
                                     the small tables (see core_db_open)   */
    CORE_OPEN_AS_IS    = 1 << 3, /* a short read (export, check, backup,
                                    alerts, snapshot): when this user cannot
                                    create the -shm file of a database in WAL
                                    mode that nobody has open, read the file
                                    as it stands instead of refusing        */
};

/* Open the database at path. With CORE_OPEN_CREATE a missing or empty file
 * gets the current schema; an older vigil schema is migrated (unless
 * read-only). Refuses, leaving the file untouched: a file that is not a
 * vigil database (CORE_ENOTVIGIL), a newer schema (CORE_ENEWER), a file
 * failing PRAGMA quick_check (CORE_ECORRUPT), a missing file without
 * CORE_OPEN_CREATE (CORE_ENOINPUT). On error *out is NULL and err says
 * why, naming the path (sanitised).
 *
 * The quick_check covers the schema and the regions and indicators tables,
 * so that opening stays instant on a large file; with CORE_OPEN_FULLCHECK
 * (vigil init, vigil check) it covers the whole file. Damage elsewhere
 * surfaces as CORE_ECORRUPT when it is read. */
core_status core_db_open(const char *path, unsigned flags, core_db **out, core_err *err);

/* Close the connection (NULL is fine). */
void core_db_close(core_db *db);

/* Path the database was opened with. */
const char *core_db_path(const core_db *db);

/* Non-zero when the connection is read-only: opened with
 * CORE_OPEN_READONLY, or a file this user cannot write (opened for
 * writing, SQLite fell back to reading). */
int core_db_readonly(const core_db *db);

/* Schema version stored in the file (PRAGMA user_version). */
int core_db_schema_version(core_db *db);

/* Cheap change check for live panels: returns 1 when any connection
 * (including this one) committed since the previous call, else 0. Uses
 * PRAGMA data_version on a reused statement plus this connection's own
 * commit counter; holds no transaction afterwards. */
int core_db_changed(core_db *db);

/* Run PRAGMA integrity_check. CORE_OK when it reports "ok", CORE_ECORRUPT
 * with the first problem in err otherwise. */
core_status core_db_integrity(core_db *db, core_err *err);

/* Rows per table, in core_tables order; counts[] must hold
 * CORE_TABLE_COUNT entries. */
core_status core_db_counts(core_db *db, int64_t *counts, core_err *err);

/* Group several writes (imports, edits) into one transaction, so that
 * they land together or not at all and alerts are evaluated once, on the
 * final state. core_db_batch_end commits when commit is non-zero, else
 * rolls everything back. Calls nest. */
core_status core_db_batch_begin(core_db *db, core_err *err);
core_status core_db_batch_end(core_db *db, int commit, core_err *err);

/* Called once when a write has waited `ms` (about 200) for another
 * user's transaction, so a front end can say "waiting for the database";
 * the wait then goes on up to the busy timeout. NULL removes it. */
typedef void (*core_busy_hook)(void *ctx, int ms);
void core_db_set_busy_hook(core_db *db, core_busy_hook hook, void *ctx);

/* Whether writing a file at path would overwrite this database or one of
 * its companions (-wal, -shm, -journal), found by file identity when path
 * exists (a link or another name for the same file counts) and by
 * resolved name when it does not. Returns 1 if so, else 0; a path whose
 * directory cannot be resolved counts as not the database. */
int core_db_is_own_file(const core_db *db, const char *path);

/* Whether paths a and b name one existing file (same device and inode).
 * 0 when either does not exist. */
int core_same_file(const char *a, const char *b);

/* Consistent online copy of the database to dest while others keep
 * writing: VACUUM INTO a temporary name beside dest, fsync, rename over
 * dest, fsync the directory. dest is never left half-written: on any
 * error the temporary file is removed and dest is as it was.
 * CORE_EUSAGE when dest is the database itself or one of its companion
 * files (renaming a copy over a live database destroys it),
 * CORE_ECANTCREAT when dest's directory cannot be written, CORE_EIO on
 * write errors (disk full). */
core_status core_db_backup(core_db *db, const char *dest, core_err *err);

/* Login name recorded as the actor in the audit trail
 * (getpwuid(geteuid())), or "uid:N" when the uid has no passwd entry. */
const char *core_db_actor(const core_db *db);

#endif
