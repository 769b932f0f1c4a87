/* core/clock.c — the injectable clock. */
#include "core/clock.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

int core_parse_ts(const char *s, time_t *out)
{
    struct tm tm = {0};
    int y, mo, d, h = 0, mi = 0, sec = 0;
    char z = 0;
    size_t n = s ? strlen(s) : 0;
    if (n == 10) {
        if (sscanf(s, "%4d-%2d-%2d", &y, &mo, &d) != 3)
            return -1;
    } else if (n == 20) {
        if (sscanf(s, "%4d-%2d-%2dT%2d:%2d:%2d%c", &y, &mo, &d, &h, &mi, &sec, &z) != 7 || z != 'Z')
            return -1;
    } else {
        return -1;
    }
    if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || sec > 60)
        return -1;
    tm.tm_year = y - 1900;
    tm.tm_mon = mo - 1;
    tm.tm_mday = d;
    tm.tm_hour = h;
    tm.tm_min = mi;
    tm.tm_sec = sec;
    *out = timegm(&tm);
    return 0;
}

time_t core_now(void)
{
    const char *pin = getenv("VIGIL_NOW");
    time_t t;
    if (pin && *pin && core_parse_ts(pin, &t) == 0)
        return t;
    return time(NULL);
}

void core_format_ts(time_t t, char *buf)
{
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(buf, 21, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

void core_format_date(time_t t, char *buf)
{
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(buf, 11, "%Y-%m-%d", &tm);
}

void core_date_resolve(const char *in, time_t now, int as_timestamp, char *out, size_t outsz)
{
    const char *p = in ? in : "";
    while (*p == ' ')
        p++;
    long days = 0;
    int rel = 1;
    char *end = NULL;
    if (!strcasecmp(p, "now") || !strcasecmp(p, "today"))
        days = 0;
    else if (!strcasecmp(p, "yesterday"))
        days = -1;
    else if ((p[0] == '-' || p[0] == '+') && (days = strtol(p, &end, 10), end != p + 1) && end &&
             (!strcasecmp(end, "d") || !strcasecmp(end, "days") || !*end))
        ;
    else
        rel = 0;
    if (!rel) {
        snprintf(out, outsz, "%s", p);
        return;
    }
    char buf[24];
    time_t t = now + (time_t)days * 86400;
    if (as_timestamp && !strcasecmp(p, "today"))
        t -= t % 86400;
    if (as_timestamp)
        core_format_ts(t, buf);
    else
        core_format_date(t, buf);
    snprintf(out, outsz, "%s", buf);
}
