/* core/risk.h — risk levels: each indicator's aggregate over its window,
 * compared with its thresholds, per region; the region x risk-factor
 * matrix; and the per-day series behind the sparklines (SPEC §3).
 *
 * The window of an indicator at time `now` holds the observations with
 * now - window_days < observed_at <= now. Disputed observations are
 * ignored; unverified ones count, and are counted so the detail can say
 * so. No observation in the window: level NONE. */
#ifndef VIGIL_CORE_RISK_H
#define VIGIL_CORE_RISK_H

#include <stdint.h>
#include <time.h>
#include "core/db.h"
#include "core/status.h"

#define CORE_RISK_FACTORS 14

typedef enum core_level {
    CORE_LEVEL_NONE = 0, CORE_LEVEL_GREEN, CORE_LEVEL_AMBER, CORE_LEVEL_RED
} core_level;

/* "none", "green", "amber", "red". */
const char *core_level_name(core_level l);

typedef struct core_indicator {
    int64_t id;
    char code[64];
    char name[128];
    int risk_factor;          /* 1..14 */
    char unit[32];
    int down;                 /* 1: lower is worse */
    char aggregate[8];        /* latest, sum, max, mean */
    int window_days;
    int has_amber, has_red;
    double amber, red;
} core_indicator;

typedef struct core_cell {
    core_level level;
    double value;             /* the aggregate (valid when n > 0) */
    int n;                    /* observations in the window */
    int unverified;           /* of which unverified */
} core_cell;

typedef struct core_risk_region {
    int64_t id;
    char code[64];
    char name[128];
    core_level factor[CORE_RISK_FACTORS]; /* worst level per risk factor */
    core_level worst;
    int n_red, n_amber;       /* factor cells at red / amber: the score */
    int row;                  /* index of this region's cells row */
} core_risk_region;

typedef struct core_risk {
    time_t now;
    int nregions, nind;
    core_risk_region *regions; /* sorted: most red, then most amber, then code */
    core_indicator *ind;       /* by risk factor, then code */
    core_cell *cells;          /* cells[row * nind + i] */
} core_risk;

/* The level of aggregate v for indicator ind (GREEN when no threshold is
 * reached or none is set). */
core_level core_risk_level(const core_indicator *ind, double v);

/* Compute every region x indicator cell at time now into *out (free with
 * core_risk_free). Reads only the observations inside each window, through
 * the clustered (region, indicator, observed_at) key. */
core_status core_risk_compute(core_db *db, time_t now, core_risk *out, core_err *err);

/* Free what core_risk_compute filled. */
void core_risk_free(core_risk *r);

/* The cell of region r (as listed in out->regions) and indicator index i. */
const core_cell *core_risk_cell(const core_risk *risk, const core_risk_region *r, int i);

/* Series for a sparkline: for each of the `periods` days ending at now
 * (oldest first), the indicator's aggregate over its window ending at that
 * day's end (the last one ends at now). present[k] is 0 where the window
 * held no observation. */
core_status core_risk_series(core_db *db, int64_t region_id, const core_indicator *ind, time_t now,
                             int periods, double *values, int *present, core_err *err);

/* The id of the Risk cell's latest observation that is not disputed (by
 * observed_at, then source; one stamped in the future included, as it is
 * most likely a mistyped date): of any indicator of the same risk factor
 * as the one coded indicator_code, in the region coded region_code. What a
 * duty officer corrects when a mistyped value turned a cell red or a
 * mistyped date hid a report.
 * CORE_ENOTFOUND when there is none (or no such region or indicator). */
core_status core_risk_latest(core_db *db, const char *region_code, const char *indicator_code, int64_t *id,
                             core_err *err);

#endif
