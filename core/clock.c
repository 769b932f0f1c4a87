/* core/clock.c — the injectable clock. */
#include "core/clock.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* Days from 1970-01-01 to y-m-d (proleptic Gregorian; d may run past the
 * month's end, as timegm allows). */
static long long days_from_civil(long long y, int m, int d)
{
    y -= m <= 2;
    long long era = (y >= 0 ? y : y - 399) / 400;
    long long yoe = y - era * 400;
    long long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    return era * 146097 + yoe * 365 + yoe / 4 - yoe / 100 + doy - 719468;
}

/* n digits at s as a number, or -1. */
static int num(const char *s, int n)
{
    int v = 0;
    for (int i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9')
            return -1;
        v = v * 10 + (s[i] - '0');
    }
    return v;
}

int core_parse_ts(const char *s, time_t *out)
{
    /* The canonical forms, which every stored value and VIGIL_NOW take, by
     * arithmetic: the clock is read once per validated report, and sscanf
     * and timegm cost a second on a million-row import. */
    size_t len = s ? strlen(s) : 0;
    if ((len == 10 || (len == 20 && s[10] == 'T' && s[13] == ':' && s[16] == ':' && s[19] == 'Z')) &&
        s[4] == '-' && s[7] == '-') {
        int y = num(s, 4), mo = num(s + 5, 2), d = num(s + 8, 2);
        int h = len == 20 ? num(s + 11, 2) : 0, mi = len == 20 ? num(s + 14, 2) : 0,
            sec = len == 20 ? num(s + 17, 2) : 0;
        if (y >= 0 && mo >= 1 && mo <= 12 && d >= 1 && d <= 31 && h >= 0 && h <= 23 && mi >= 0 && mi <= 59 &&
            sec >= 0 && sec <= 60) {
            *out = (time_t)(days_from_civil(y, mo, d) * 86400 + h * 3600 + mi * 60 + sec);
            return 0;
        }
    }
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
             (!strcasecmp(end, "d") || !strcasecmp(end, "days") || !*end) && days >= -100000 && days <= 100000)
        ; /* beyond ±100,000 days (and strtol's range) it is no date: left for the validator to refuse */
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
