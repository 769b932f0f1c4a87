/* core/alerts.h — alerts (SPEC §3): raised and cleared by the core, never
 * typed in. One open alert per condition; a rise from amber to red raises
 * the open alert's level and asks for acknowledgement again. An alert is
 * shown until its condition has cleared AND someone acknowledged it, so a
 * red that came and went while nobody watched is not lost. Every raise,
 * clear and acknowledgement is audited. */
#ifndef VIGIL_CORE_ALERTS_H
#define VIGIL_CORE_ALERTS_H

#include <stdint.h>
#include "core/db.h"
#include "core/status.h"

typedef struct core_alert {
    int64_t id;
    char kind[12];            /* indicator, stock, partner, activity */
    char level[8];            /* amber, red */
    char *subject;            /* what and where, e.g. "XR03 Lowmere: ..." */
    char raised_at[24];
    char *acknowledged_by;    /* "" when not acknowledged */
    char acknowledged_at[24];
    char *note;
    char cleared_at[24];      /* "" while the condition holds */
} core_alert;

/* Re-evaluate every condition at the current time (core_now()) and raise,
 * escalate or clear alerts to match. Writes (in BEGIN IMMEDIATE) only when
 * something differs. *changed (may be NULL) counts alerts raised, changed
 * or cleared. For cron jobs and the dashboard's tick. */
core_status core_alerts_refresh(core_db *db, int *changed, core_err *err);

enum {
    CORE_ALERTS_ALL = 1,      /* every alert ever raised, not only those needing attention */
    CORE_ALERTS_WITHHOLD = 2, /* subjects naming a sensitive (or deleted) partner withheld */
};

/* Alerts that need attention (condition holds, or cleared but never
 * acknowledged), or with CORE_ALERTS_ALL in flags every alert ever raised;
 * ordered open before cleared, red before amber, newest first. With
 * CORE_ALERTS_WITHHOLD, a partner alert whose partner is sensitive or gone
 * says "partner #ID: name withheld (a sensitive or deleted partner; ...)"
 * instead of its subject (for output that leaves the operations room: monitoring,
 * mail). Free with core_alerts_free. */
core_status core_alerts_list(core_db *db, unsigned flags, core_alert **out, int *n, core_err *err);

/* Read alert id into *out (free its strings with core_alerts_free(out, 1)
 * on a heap copy, or core_alert_clear). CORE_ENOTFOUND when unknown. */
core_status core_alert_get(core_db *db, int64_t id, core_alert *out, core_err *err);

/* Free the strings inside one alert (not the struct). */
void core_alert_clear(core_alert *a);

/* Free a list from core_alerts_list. */
void core_alerts_free(core_alert *a, int n);

/* Open (not cleared) alerts by level, for the top bar and exit codes. */
core_status core_alerts_count(core_db *db, int *red, int *amber, core_err *err);

/* Acknowledge alert id with a note (required, non-empty): records who and
 * when. expect_level, when not NULL, is the level the officer read
 * ("amber"): if the alert has moved to another level since, nothing is
 * written and CORE_ECONFLICT says so, so that a note about an amber alert
 * never silences its red escalation. CORE_ENOTFOUND for an unknown id;
 * CORE_EDATA when it is already acknowledged at its current level or the
 * note is empty. */
core_status core_alert_ack(core_db *db, int64_t id, const char *note, const char *expect_level, core_err *err);

#endif
