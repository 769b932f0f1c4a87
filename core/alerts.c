/* core/alerts.c — raising and clearing alerts (SPEC §3). */
#include "core/internal.h"

void core_alerts_mark(core_db *db, core_table_id t, int64_t a, int64_t b)
{
    (void)a;
    (void)b;
    db->dirty_tables |= 1u << t;
}

core_status core_alerts_on_commit(core_db *db, core_err *err)
{
    (void)db;
    (void)err;
    return CORE_OK;
}
