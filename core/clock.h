/* core/clock.h — "now" for everything time-based (alerts, windows, audit).
 *
 * The time comes from the system clock unless VIGIL_NOW holds an ISO 8601
 * UTC timestamp ("2026-11-20T12:00:00Z"), which pins it so that tests and
 * replays are deterministic. */
#ifndef VIGIL_CORE_CLOCK_H
#define VIGIL_CORE_CLOCK_H

#include <time.h>

/* Seconds since the epoch: VIGIL_NOW when set and valid, else time(NULL). */
time_t core_now(void);

/* Format t as "YYYY-MM-DDTHH:MM:SSZ" into buf (at least 21 bytes). */
void core_format_ts(time_t t, char *buf);

/* Format t as "YYYY-MM-DD" (UTC) into buf (at least 11 bytes). */
void core_format_date(time_t t, char *buf);

/* Parse "YYYY-MM-DDTHH:MM:SSZ" or "YYYY-MM-DD" (UTC). Returns 0 and sets *out,
 * or -1 when s is not in one of those forms. */
int core_parse_ts(const char *s, time_t *out);

/* Resolve the shorthand people type in date fields: "now", "today",
 * "yesterday", "-3d" (days ago), "+2d"; anything else is copied as given
 * (the validator judges it). as_timestamp picks "YYYY-MM-DDTHH:MM:SSZ"
 * (now-relative) over "YYYY-MM-DD". out needs at least 21 bytes. */
void core_date_resolve(const char *in, time_t now, int as_timestamp, char *out, size_t outsz);

#endif
