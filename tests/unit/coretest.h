/* tests/unit/coretest.h — one fixture for tests of core's import and
 * export: a fresh database in a temporary directory per test, "now"
 * pinned, and the importer's problem lines collected. */
#ifndef VIGIL_CORETEST_H
#define VIGIL_CORETEST_H

#include "testutil.h"

#include "core/csvio.h"
#include "core/db.h"
#include "core/tables.h"

static char *dir;              /* the test's temporary directory      */
static core_db *db;            /* a fresh database in it              */
static char problems[32768];   /* problem lines reported, one a line  */

static inline void collect(void *ctx, const char *line)
{
    (void)ctx;
    size_t n = strlen(problems);
    snprintf(problems + n, sizeof problems - n, "%s\n", line);
}

static inline int setup(void **state)
{
    (void)state;
    setenv("VIGIL_NOW", "2026-11-20T12:00:00Z", 1);
    dir = tu_tmpdir();
    char *p = tu_path(dir, "t.db");
    core_err e;
    assert_int_equal(core_db_open(p, CORE_OPEN_CREATE, &db, &e), CORE_OK);
    free(p);
    problems[0] = '\0';
    return 0;
}

static inline int teardown(void **state)
{
    (void)state;
    core_db_close(db);
    db = NULL;
    tu_rmdir(dir);
    free(dir);
    return 0;
}

/* Write len bytes of text to dir/name and import it into table t
 * (o and s may be NULL); problems go to `problems`. */
static inline core_status import_file_text(core_table_id t, const char *name, const char *text, size_t len,
                                    core_import_opts *o, core_import_stats *s)
{
    char *p = tu_path(dir, name);
    tu_write(p, text, len);
    core_import_opts local = {0};
    if (!o)
        o = &local;
    o->report = collect;
    core_err e;
    core_import_stats ls;
    core_status st = core_import(db, t, p, o, s ? s : &ls, &e);
    free(p);
    return st;
}

/* Export table t into a malloc'd string; its length in *len if len is
 * not NULL (exports of hostile data may hold NUL bytes). */
static inline char *export_str(core_table_id t, unsigned flags, size_t *len)
{
    char *buf = NULL;
    size_t n = 0;
    FILE *m = open_memstream(&buf, &n);
    assert_non_null(m);
    core_err e;
    core_status st = core_export(db, t, m, flags, NULL, &e);
    if (st != CORE_OK)
        fail_msg("export %s: %s", core_table_get(t)->name, e.msg);
    assert_int_equal(fclose(m), 0);
    if (len)
        *len = n;
    return buf;
}

#endif
