/* core/tables.c — table and column definitions (SPEC §2) and the validator.
 *
 * This is the single source of truth for what is valid: import, the
 * dashboard's forms and the store all call core_validate_value and
 * core_validate_row. */
#include "core/tables.h"
#include "core/sanitize.h"
#include "core/clock.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

static const char *const DIRECTIONS[] = {"up", "down", NULL};
static const char *const AGGREGATES[] = {"latest", "sum", "max", "mean", NULL};
static const char *const VERIFICATIONS[] = {"unverified", "verified", "disputed", NULL};
static const char *const PARTNER_KINDS[] = {
    "local_ngo", "cso", "community_leader", "faith_group", "un_agency",
    "regional_org", "government", "media", "academic", "other", NULL};
static const char *const RESOURCE_CATEGORIES[] = {
    "medical", "food", "water", "shelter", "vehicle", "fuel", "comms",
    "personnel", "other", NULL};
static const char *const RESOURCE_STATUSES[] = {
    "available", "reserved", "deployed", "damaged", "expired", NULL};
static const char *const MOVEMENT_REASONS[] = {
    "received", "dispatched", "transfer", "lost", "found", "damaged",
    "expired", "correction", NULL};
static const char *const ACTIVITY_KINDS[] = {
    "dialogue", "truth_commission", "community_court", "training",
    "memorialisation", "reparations", "land_restitution", "trauma_healing",
    "other", NULL};
static const char *const ACTIVITY_STATUSES[] = {
    "planned", "ongoing", "completed", "postponed", "cancelled", NULL};
static const char *const ALERT_KINDS[] = {"indicator", "stock", "partner", "activity", NULL};
static const char *const ALERT_LEVELS[] = {"amber", "red", NULL};
static const char *const AUDIT_ACTIONS[] = {
    "insert", "update", "delete", "acknowledge", "reveal", "raise", "clear",
    "import", "migrate", NULL};

#define REQ  CORE_COLF_REQUIRED
#define KEY  CORE_COLF_KEY
#define PAST CORE_COLF_PAST
#define SENS CORE_COLF_SENSITIVE
#define ML   CORE_COLF_MULTILINE

static const core_column REGION_COLS[] = {
    {"code", CORE_COL_TEXT, REQ | KEY, NULL, 0, 0, 0, NULL, "#adm1+code", "p-code, e.g. XR01"},
    {"name", CORE_COL_TEXT, REQ, NULL, 0, 0, 0, NULL, "#adm1+name", "region name"},
    {"parent_code", CORE_COL_REF, 0, NULL, 0, 0, CORE_T_REGIONS, NULL, "#adm1+code+parent", "p-code of the enclosing region"},
    {"population", CORE_COL_INT, 0, NULL, 0, 2e9, 0, NULL, "#population", "people living there"},
};

static const core_column INDICATOR_COLS[] = {
    {"code", CORE_COL_TEXT, REQ | KEY, NULL, 0, 0, 0, NULL, "#indicator+code", "short unique code"},
    {"name", CORE_COL_TEXT, REQ, NULL, 0, 0, 0, NULL, "#indicator+name", "what is measured"},
    {"risk_factor", CORE_COL_INT, REQ, NULL, 1, 14, 0, NULL, "#indicator+risk_factor", "UN Framework risk factor 1-14"},
    {"unit", CORE_COL_TEXT, 0, NULL, 0, 0, 0, NULL, "#indicator+unit", "e.g. incidents, people"},
    {"direction", CORE_COL_ENUM, 0, DIRECTIONS, 0, 0, 0, "up", "#indicator+direction", "up: higher is worse"},
    {"aggregate", CORE_COL_ENUM, 0, AGGREGATES, 0, 0, 0, "latest", "#indicator+aggregate", "how the window is summarised"},
    {"window_days", CORE_COL_INT, 0, NULL, 1, 3660, 0, "7", "#indicator+window", "days in the window"},
    {"amber", CORE_COL_REAL, 0, NULL, 0, 0, 0, NULL, "#indicator+threshold+amber", "amber threshold"},
    {"red", CORE_COL_REAL, 0, NULL, 0, 0, 0, NULL, "#indicator+threshold+red", "red threshold"},
};

static const core_column OBSERVATION_COLS[] = {
    {"region_code", CORE_COL_REF, REQ | KEY, NULL, 0, 0, CORE_T_REGIONS, NULL, "#adm1+code", "region p-code"},
    {"indicator_code", CORE_COL_REF, REQ | KEY, NULL, 0, 0, CORE_T_INDICATORS, NULL, "#indicator+code", "indicator code"},
    {"observed_at", CORE_COL_TIMESTAMP, REQ | KEY | PAST, NULL, 0, 0, 0, NULL, "#date", "when (UTC)"},
    {"value", CORE_COL_REAL, REQ, NULL, 0, 0, 0, NULL, "#indicator+value", "observed value"},
    {"source", CORE_COL_TEXT, KEY, NULL, 0, 0, 0, "", "#meta+source", "who reported it"},
    {"verification", CORE_COL_ENUM, 0, VERIFICATIONS, 0, 0, 0, "unverified", "#status+verification", "unverified, verified or disputed"},
    {"sensitive", CORE_COL_BOOL, 0, NULL, 0, 0, 0, "0", "#meta+sensitive", "1 to keep out of exports"},
    {"note", CORE_COL_TEXT, ML, NULL, 0, 0, 0, NULL, "#description", "free text"},
};

static const core_column PARTNER_COLS[] = {
    {"name", CORE_COL_TEXT, REQ | KEY, NULL, 0, 0, 0, NULL, "#org+name", "organisation or person"},
    {"acronym", CORE_COL_TEXT, 0, NULL, 0, 0, 0, NULL, "#org+acronym", "short name"},
    {"kind", CORE_COL_ENUM, REQ, PARTNER_KINDS, 0, 0, 0, NULL, "#org+type", "kind of partner"},
    {"sectors", CORE_COL_LIST, 0, NULL, 0, 0, 0, NULL, "#sector", "';'-separated, e.g. protection;health"},
    {"region_code", CORE_COL_REF, 0, NULL, 0, 0, CORE_T_REGIONS, NULL, "#adm1+code", "region p-code"},
    {"contact_name", CORE_COL_TEXT, SENS, NULL, 0, 0, 0, NULL, "#contact+name", "contact person"},
    {"phone", CORE_COL_PHONE, SENS, NULL, 0, 0, 0, NULL, "#contact+phone", "e.g. +999 20 555 0134"},
    {"email", CORE_COL_EMAIL, SENS, NULL, 0, 0, 0, NULL, "#contact+email", "name@domain"},
    {"trust", CORE_COL_INT, 0, NULL, 1, 5, 0, NULL, "#meta+trust", "1 (low) to 5 (high)"},
    {"last_contact", CORE_COL_DATE, PAST, NULL, 0, 0, 0, NULL, "#date+contact", "YYYY-MM-DD"},
    {"sensitive", CORE_COL_BOOL, 0, NULL, 0, 0, 0, "0", "#meta+sensitive", "1 to mask contacts and keep out of exports"},
    {"notes", CORE_COL_TEXT, ML, NULL, 0, 0, 0, NULL, "#description", "free text"},
};

static const core_column RESOURCE_COLS[] = {
    {"code", CORE_COL_TEXT, REQ | KEY, NULL, 0, 0, 0, NULL, "#item+code", "unique stock code"},
    {"name", CORE_COL_TEXT, REQ, NULL, 0, 0, 0, NULL, "#item+name", "what it is"},
    {"category", CORE_COL_ENUM, REQ, RESOURCE_CATEGORIES, 0, 0, 0, NULL, "#item+type", "kind of resource"},
    {"unit", CORE_COL_TEXT, REQ, NULL, 0, 0, 0, NULL, "#item+unit", "e.g. kits, litres"},
    {"region_code", CORE_COL_REF, 0, NULL, 0, 0, CORE_T_REGIONS, NULL, "#adm1+code", "region p-code"},
    {"site", CORE_COL_TEXT, 0, NULL, 0, 0, 0, NULL, "#loc", "warehouse or base"},
    {"quantity", CORE_COL_INT, REQ, NULL, 0, 1e12, 0, NULL, "#item+quantity", "stock on hand"},
    {"minimum", CORE_COL_INT, 0, NULL, 0, 1e12, 0, NULL, "#item+minimum", "alert below this"},
    {"owner", CORE_COL_REF, 0, NULL, 0, 0, CORE_T_PARTNERS, NULL, "#org+name", "partner holding it"},
    {"status", CORE_COL_ENUM, 0, RESOURCE_STATUSES, 0, 0, 0, "available", "#status", "availability"},
    {"expiry", CORE_COL_DATE, 0, NULL, 0, 0, 0, NULL, "#date+expiry", "YYYY-MM-DD"},
};

static const core_column MOVEMENT_COLS[] = {
    {"resource_code", CORE_COL_REF, REQ | KEY, NULL, 0, 0, CORE_T_RESOURCES, NULL, "#item+code", "resource code"},
    {"delta", CORE_COL_INT, REQ | KEY, NULL, -1e12, 1e12, 0, NULL, "#item+delta", "signed change, e.g. -20"},
    {"reason", CORE_COL_ENUM, REQ | KEY, MOVEMENT_REASONS, 0, 0, 0, NULL, "#item+reason", "why it moved"},
    {"at", CORE_COL_TIMESTAMP, KEY, NULL, 0, 0, 0, NULL, "#date", "when (UTC), default now"},
    {"note", CORE_COL_TEXT, ML, NULL, 0, 0, 0, NULL, "#description", "free text"},
};

static const core_column ACTIVITY_COLS[] = {
    {"code", CORE_COL_TEXT, REQ | KEY, NULL, 0, 0, 0, NULL, "#activity+code", "unique code"},
    {"title", CORE_COL_TEXT, REQ, NULL, 0, 0, 0, NULL, "#activity+name", "what it is"},
    {"kind", CORE_COL_ENUM, REQ, ACTIVITY_KINDS, 0, 0, 0, NULL, "#activity+type", "kind of activity"},
    {"region_code", CORE_COL_REF, 0, NULL, 0, 0, CORE_T_REGIONS, NULL, "#adm1+code", "region p-code"},
    {"lead_partner", CORE_COL_REF, 0, NULL, 0, 0, CORE_T_PARTNERS, NULL, "#org+name", "partner leading it"},
    {"status", CORE_COL_ENUM, REQ, ACTIVITY_STATUSES, 0, 0, 0, NULL, "#status", "where it stands"},
    {"start_date", CORE_COL_DATE, 0, NULL, 0, 0, 0, NULL, "#date+start", "YYYY-MM-DD"},
    {"end_date", CORE_COL_DATE, 0, NULL, 0, 0, 0, NULL, "#date+end", "YYYY-MM-DD"},
    {"target", CORE_COL_INT, 0, NULL, 0, 1e12, 0, NULL, "#targeted", "people targeted"},
    {"reached", CORE_COL_INT, 0, NULL, 0, 1e12, 0, NULL, "#reached", "people reached"},
    {"outcome", CORE_COL_TEXT, ML, NULL, 0, 0, 0, NULL, "#meta+outcome", "result"},
    {"notes", CORE_COL_TEXT, ML, NULL, 0, 0, 0, NULL, "#description", "free text"},
};

static const core_column ALERT_COLS[] = {
    {"id", CORE_COL_INT, 0, NULL, 0, 0, 0, NULL, "#meta+id", NULL},
    {"kind", CORE_COL_ENUM, 0, ALERT_KINDS, 0, 0, 0, NULL, "#alert+type", NULL},
    {"level", CORE_COL_ENUM, 0, ALERT_LEVELS, 0, 0, 0, NULL, "#severity", NULL},
    {"subject", CORE_COL_TEXT, 0, NULL, 0, 0, 0, NULL, "#description", NULL},
    {"raised_at", CORE_COL_TIMESTAMP, 0, NULL, 0, 0, 0, NULL, "#date+raised", NULL},
    {"acknowledged_by", CORE_COL_TEXT, 0, NULL, 0, 0, 0, NULL, "#contact+name", NULL},
    {"acknowledged_at", CORE_COL_TIMESTAMP, 0, NULL, 0, 0, 0, NULL, "#date+acknowledged", NULL},
    {"note", CORE_COL_TEXT, ML, NULL, 0, 0, 0, NULL, "#meta+note", NULL},
    {"cleared_at", CORE_COL_TIMESTAMP, 0, NULL, 0, 0, 0, NULL, "#date+cleared", NULL},
};

static const core_column AUDIT_COLS[] = {
    {"at", CORE_COL_TIMESTAMP, 0, NULL, 0, 0, 0, NULL, "#date", NULL},
    {"actor", CORE_COL_TEXT, 0, NULL, 0, 0, 0, NULL, "#contact+name", NULL},
    {"action", CORE_COL_ENUM, 0, AUDIT_ACTIONS, 0, 0, 0, NULL, "#meta+action", NULL},
    {"table", CORE_COL_TEXT, 0, NULL, 0, 0, 0, NULL, "#meta+table", NULL},
    {"row", CORE_COL_TEXT, 0, NULL, 0, 0, 0, NULL, "#meta+row", NULL},
    {"changes", CORE_COL_TEXT, ML, NULL, 0, 0, 0, NULL, "#meta+changes", NULL},
};

#undef REQ
#undef KEY
#undef PAST
#undef SENS
#undef ML

#define N(a) ((int)(sizeof(a) / sizeof((a)[0])))
static const core_table TABLES[CORE_TABLE_COUNT] = {
    {CORE_T_REGIONS, "regions", "Regions", "region", REGION_COLS, N(REGION_COLS), CORE_TABF_IMPORT | CORE_TABF_EDIT},
    {CORE_T_INDICATORS, "indicators", "Indicators", "indicator", INDICATOR_COLS, N(INDICATOR_COLS), CORE_TABF_IMPORT | CORE_TABF_EDIT},
    {CORE_T_OBSERVATIONS, "observations", "Observations", "observation", OBSERVATION_COLS, N(OBSERVATION_COLS), CORE_TABF_IMPORT | CORE_TABF_EDIT},
    {CORE_T_PARTNERS, "partners", "Partners", "partner", PARTNER_COLS, N(PARTNER_COLS), CORE_TABF_IMPORT | CORE_TABF_EDIT},
    {CORE_T_RESOURCES, "resources", "Resources", "resource", RESOURCE_COLS, N(RESOURCE_COLS), CORE_TABF_IMPORT | CORE_TABF_EDIT},
    {CORE_T_MOVEMENTS, "movements", "Movements", "movement", MOVEMENT_COLS, N(MOVEMENT_COLS), CORE_TABF_IMPORT},
    {CORE_T_ACTIVITIES, "activities", "Activities", "activity", ACTIVITY_COLS, N(ACTIVITY_COLS), CORE_TABF_IMPORT | CORE_TABF_EDIT},
    {CORE_T_ALERTS, "alerts", "Alerts", "alert", ALERT_COLS, N(ALERT_COLS), 0},
    {CORE_T_AUDIT, "audit", "Audit", "audit entry", AUDIT_COLS, N(AUDIT_COLS), 0},
};
#undef N

const core_table *core_table_get(core_table_id id)
{
    return (unsigned)id < CORE_TABLE_COUNT ? &TABLES[id] : NULL;
}

const core_table *core_table_by_name(const char *name)
{
    for (int i = 0; name && i < CORE_TABLE_COUNT; i++)
        if (strcmp(TABLES[i].name, name) == 0)
            return &TABLES[i];
    return NULL;
}

int core_table_col(const core_table *t, const char *name)
{
    for (int i = 0; t && name && i < t->ncols; i++)
        if (strcmp(t->cols[i].name, name) == 0)
            return i;
    return -1;
}

const char *core_table_import_names(void)
{
    return "regions indicators observations partners resources movements activities";
}

/* ---- value validation -------------------------------------------------- */

/* Quote a bad value for a message: sanitised and cut to ~40 columns. */
static void quote_value(const char *v, char *out, size_t outsz)
{
    char tmp[256];
    core_sanitize_into(tmp, sizeof tmp, v);
    int w = 0;
    size_t n = core_text_fit(tmp, 40, &w);
    if (tmp[n]) {
        snprintf(out, outsz, "'%.*s...'", (int)n, tmp);
    } else {
        snprintf(out, outsz, "'%s'", tmp);
    }
}

__attribute__((format(printf, 4, 5)))
static core_status bad(char *msg, size_t msgsz, const char *value, const char *fmt, ...)
{
    char q[300];
    char rest[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(rest, sizeof rest, fmt, ap);
    va_end(ap);
    if (value) {
        quote_value(value, q, sizeof q);
        snprintf(msg, msgsz, "%s %s", q, rest);
    } else {
        snprintf(msg, msgsz, "%s", rest);
    }
    return CORE_EDATA;
}

static int put(char *norm, size_t normsz, const char *s, size_t n)
{
    if (n >= normsz)
        return -1;
    memcpy(norm, s, n);
    norm[n] = '\0';
    return 0;
}

static int all_digits(const char *s, size_t n)
{
    if (n == 0)
        return 0;
    for (size_t i = 0; i < n; i++)
        if (!isdigit((unsigned char)s[i]))
            return 0;
    return 1;
}

static int days_in_month(int y, int m)
{
    static const int d[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
        return 29;
    return d[m - 1];
}

/* Parse exactly YYYY-MM-DD at s (10 bytes). */
static int parse_ymd(const char *s, int *y, int *m, int *d)
{
    if (!all_digits(s, 4) || s[4] != '-' || !all_digits(s + 5, 2) || s[7] != '-' ||
        !all_digits(s + 8, 2))
        return -1;
    *y = atoi(s);
    *m = (s[5] - '0') * 10 + (s[6] - '0');
    *d = (s[8] - '0') * 10 + (s[9] - '0');
    if (*y < 1900 || *y > 2999 || *m < 1 || *m > 12 || *d < 1 || *d > days_in_month(*y, *m))
        return -1;
    return 0;
}

static int looks_like_dmy(const char *s)
{
    /* DD/MM/YYYY or D/M/YYYY or with dots or dashes. */
    int a, b, c;
    char s1, s2;
    return sscanf(s, "%d%c%d%c%d", &a, &s1, &b, &s2, &c) == 5 && s1 == s2 &&
           (s1 == '/' || s1 == '.' || s1 == '-') && a >= 1 && a <= 31 && c > 31;
}

static core_status check_date(const char *v, char *norm, size_t normsz, char *msg, size_t msgsz)
{
    int y, m, d;
    if (strlen(v) == 10 && parse_ymd(v, &y, &m, &d) == 0)
        return put(norm, normsz, v, 10) ? CORE_EDATA : CORE_OK;
    if (looks_like_dmy(v))
        return bad(msg, msgsz, v,
                   "is not a date in YYYY-MM-DD form (day-month-year and month-day-year dates are ambiguous; "
                   "write e.g. 2026-11-02)");
    return bad(msg, msgsz, v, "is not a date in YYYY-MM-DD form");
}

/* YYYY-MM-DDTHH:MM:SSZ with every field in range. */
static int is_canonical_ts(const char *v)
{
    int y, m, d;
    if (v[10] != 'T' || v[13] != ':' || v[16] != ':' || parse_ymd(v, &y, &m, &d) != 0)
        return 0;
    if (!all_digits(v + 11, 2) || !all_digits(v + 14, 2) || !all_digits(v + 17, 2))
        return 0;
    return (v[11] - '0') * 10 + (v[12] - '0') < 24 && v[14] < '6' && v[17] < '6';
}

static core_status check_timestamp(const char *v, char *norm, size_t normsz, char *msg, size_t msgsz)
{
    int y, m, d, hh = 0, mi = 0, ss = 0, off = 0;
    size_t n = strlen(v);
    if (n < 10 || parse_ymd(v, &y, &m, &d) != 0) {
        if (looks_like_dmy(v))
            return bad(msg, msgsz, v,
                       "is not an ISO 8601 timestamp (expected YYYY-MM-DDTHH:MM:SSZ; day-month-year and "
                       "month-day-year dates are ambiguous)");
        return bad(msg, msgsz, v, "is not an ISO 8601 timestamp (expected YYYY-MM-DDTHH:MM:SSZ)");
    }
    const char *p = v + 10;
    if (*p == 'T' || *p == 't' || *p == ' ') {
        p++;
        if (!all_digits(p, 2) || p[2] != ':' || !all_digits(p + 3, 2))
            goto fail;
        hh = atoi(p);
        mi = atoi(p + 3);
        p += 5;
        if (*p == ':') {
            if (!all_digits(p + 1, 2))
                goto fail;
            ss = atoi(p + 1);
            p += 3;
            if (*p == '.') { /* fractional seconds: accepted, dropped */
                p++;
                if (!isdigit((unsigned char)*p))
                    goto fail;
                while (isdigit((unsigned char)*p))
                    p++;
            }
        }
        if (*p == 'Z' || *p == 'z') {
            p++;
        } else if (*p == '+' || *p == '-') {
            int sign = *p == '-' ? -1 : 1;
            if (!all_digits(p + 1, 2))
                goto fail;
            int oh = (p[1] - '0') * 10 + (p[2] - '0'), om = 0; /* not atoi: "+0200" */
            p += 3;
            if (*p == ':' && !all_digits(++p, 2))
                goto fail;
            if (all_digits(p, 2)) {
                om = (p[0] - '0') * 10 + (p[1] - '0');
                p += 2;
            }
            /* Offsets in use run from -12:00 to +14:00. */
            if (om > 59 || oh * 60 + om > (sign > 0 ? 14 : 12) * 60)
                goto fail;
            off = sign * (oh * 60 + om);
        }
        if (*p != '\0' || hh > 23 || mi > 59 || ss > 60)
            goto fail;
    } else if (*p != '\0') {
        goto fail;
    }
    {
        struct tm tm = {0};
        tm.tm_year = y - 1900;
        tm.tm_mon = m - 1;
        tm.tm_mday = d;
        tm.tm_hour = hh;
        tm.tm_min = mi - off;
        tm.tm_sec = ss > 59 ? 59 : ss;
        time_t t = timegm(&tm);
        struct tm out;
        gmtime_r(&t, &out);
        if (normsz < 21)
            return bad(msg, msgsz, NULL, "internal: buffer too small");
        strftime(norm, normsz, "%Y-%m-%dT%H:%M:%SZ", &out);
        return CORE_OK;
    }
fail:
    return bad(msg, msgsz, v, "is not an ISO 8601 timestamp (expected YYYY-MM-DDTHH:MM:SSZ)");
}

static core_status check_number(const core_column *c, const char *v, char *norm, size_t normsz,
                                char *msg, size_t msgsz)
{
    const char *what = c->type == CORE_COL_INT ? "a whole number" : "a number";
    /* Thousands separators and decimal commas are the common field mistake:
     * name them rather than say "not a number". */
    if (strchr(v, ',') || (strchr(v, ' ') && isdigit((unsigned char)v[0])))
        return bad(msg, msgsz, v, "is not %s (write it without thousands separators, with '.' for decimals)", what);
    errno = 0;
    char *end = NULL;
    double x;
    if (c->type == CORE_COL_INT) {
        long long ll = strtoll(v, &end, 10);
        if (end == v || *end)
            return bad(msg, msgsz, v, "is not %s", what);
        if (errno == ERANGE) /* digits all right, but too many */
            return c->min < c->max ? bad(msg, msgsz, v, "is out of range (%.0f to %.0f)", c->min, c->max)
                                   : bad(msg, msgsz, v, "is out of range");
        if (errno)
            return bad(msg, msgsz, v, "is not %s", what);
        x = (double)ll;
        if (c->min < c->max && (x < c->min || x > c->max))
            return bad(msg, msgsz, v, "is out of range (%.0f to %.0f)", c->min, c->max);
        snprintf(norm, normsz, "%lld", ll);
        return CORE_OK;
    }
    x = strtod(v, &end);
    if (end == v || *end || errno || !isfinite(x) || isalpha((unsigned char)v[0]) ||
        strpbrk(v, "xXpP"))
        return bad(msg, msgsz, v, "is not %s", what);
    if (c->min < c->max && (x < c->min || x > c->max))
        return bad(msg, msgsz, v, "is out of range (%g to %g)", c->min, c->max);
    core_format_real(x, norm, normsz);
    return CORE_OK;
}

void core_format_real(double x, char *buf, size_t n)
{
    /* The fewest digits that read back as the same number: 0.1 stays
     * "0.1", and 123456789.123456789 is not rounded to 15 digits. */
    for (int prec = 15; prec <= 17; prec++) {
        snprintf(buf, n, "%.*g", prec, x);
        if (strtod(buf, NULL) == x)
            return;
    }
}

/* The choice matching the n bytes at s case-insensitively, or NULL. */
static const char *find_choice(const core_column *c, const char *s, size_t n)
{
    for (const char *const *ch = c->choices; *ch; ch++)
        if (strlen(*ch) == n && strncasecmp(*ch, s, n) == 0)
            return *ch;
    return NULL;
}

/* A column of reports (CORE_COLF_PAST) refuses a value more than a day
 * ahead of now: a mistyped month would otherwise hide a reading until it
 * came due. A day allows for local time written as UTC. norm is the
 * canonical form (YYYY-MM-DD or YYYY-MM-DDTHH:MM:SSZ). */
static core_status not_ahead(const core_column *c, const char *norm, char *msg, size_t msgsz)
{
    if (!(c->flags & CORE_COLF_PAST) || !*norm)
        return CORE_OK;
    time_t now = core_now();
    char limit[24], today[24];
    core_format_ts(now + 86400, limit);
    if (strncmp(norm, limit, c->type == CORE_COL_DATE ? 10 : 20) <= 0)
        return CORE_OK;
    core_format_ts(now, today); /* only for the message */
    return bad(msg, msgsz, norm, "is ahead of today (%.10s): this records what has happened; check the date", today);
}

static core_status bad_choice(const core_column *c, const char *v, char *msg, size_t msgsz)
{
    char list[400] = "";
    size_t off = 0;
    for (const char *const *ch = c->choices; *ch && off < sizeof list; ch++)
        off += (size_t)snprintf(list + off, sizeof list - off, "%s%s", ch == c->choices ? "" : ", ", *ch);
    return bad(msg, msgsz, v, "is not one of: %s", list);
}

static core_status check_enum(const core_column *c, const char *v, char *norm, size_t normsz,
                              char *msg, size_t msgsz)
{
    const char *ch = find_choice(c, v, strlen(v));
    if (ch)
        return put(norm, normsz, ch, strlen(ch)) ? CORE_EDATA : CORE_OK;
    return bad_choice(c, v, msg, msgsz);
}

static core_status check_email(const char *v, char *norm, size_t normsz, char *msg, size_t msgsz)
{
    const char *at = strchr(v, '@');
    int ok = at && at != v && !strchr(at + 1, '@') && strchr(at + 1, '.') &&
             at[1] != '.' && v[strlen(v) - 1] != '.';
    for (const char *p = v; ok && *p; p++)
        if ((unsigned char)*p <= ' ' || *p == ',' || *p == ';' || *p == '<' || *p == '>')
            ok = 0;
    if (!ok)
        return bad(msg, msgsz, v, "is not an e-mail address (expected name@domain)");
    return put(norm, normsz, v, strlen(v)) ? CORE_EDATA : CORE_OK;
}

static core_status check_phone(const char *v, char *norm, size_t normsz, char *msg, size_t msgsz)
{
    int digits = 0;
    for (const char *p = v; *p; p++) {
        if (isdigit((unsigned char)*p))
            digits++;
        else if (!strchr(" +-().", *p) || (*p == '+' && p != v))
            return bad(msg, msgsz, v, "is not a phone number (digits, spaces, + - ( ) . only)");
    }
    if (digits < 6 || digits > 20)
        return bad(msg, msgsz, v, "is not a phone number (expected 6 to 20 digits)");
    return put(norm, normsz, v, strlen(v)) ? CORE_EDATA : CORE_OK;
}

static core_status check_list(const core_column *c, const char *v, char *norm, size_t normsz,
                              char *msg, size_t msgsz)
{
    size_t o = 0;
    const char *p = v;
    while (*p) {
        while (*p == ' ' || *p == ';')
            p++;
        const char *s = p;
        while (*p && *p != ';')
            p++;
        const char *e = p;
        while (e > s && e[-1] == ' ')
            e--;
        if (e > s) {
            size_t n = (size_t)(e - s);
            if (c->choices) {
                const char *ch = find_choice(c, s, n);
                if (!ch) {
                    char *item = strndup(s, n);
                    core_status st = item ? bad_choice(c, item, msg, msgsz)
                                          : bad(msg, msgsz, NULL, "out of memory");
                    free(item);
                    return st;
                }
                s = ch; /* the choice's own spelling (lower case) */
            }
            if (o + n + 2 > normsz)
                return bad(msg, msgsz, NULL, "list is too long");
            if (o)
                norm[o++] = ';';
            memcpy(norm + o, s, n);
            o += n;
        }
    }
    norm[o] = '\0';
    return CORE_OK;
}

core_status core_validate_value(const core_column *c, const char *value, char *norm, size_t normsz,
                                char *msg, size_t msgsz)
{
    if (!norm || normsz == 0)
        return CORE_EDATA;
    norm[0] = '\0';
    if (msg && msgsz)
        msg[0] = '\0';
    const char *v = value ? value : "";
    /* Trim surrounding spaces (field sheets are full of them). */
    while (*v == ' ' || *v == '\t')
        v++;
    size_t n = strlen(v);
    while (n && (v[n - 1] == ' ' || v[n - 1] == '\t'))
        n--;
    /* The common case of a bulk import: a timestamp already in canonical
     * form needs no conversion. */
    if (c->type == CORE_COL_TIMESTAMP && n == 20 && v[19] == 'Z' && is_canonical_ts(v)) {
        if (put(norm, normsz, v, 20))
            return CORE_EDATA;
        return not_ahead(c, norm, msg, msgsz);
    }
    if (n == 0) {
        if (c->def)
            return put(norm, normsz, c->def, strlen(c->def)) ? CORE_EDATA : CORE_OK;
        if (c->flags & CORE_COLF_REQUIRED)
            return bad(msg, msgsz, NULL, "is required");
        return CORE_OK;
    }
    /* Copy only when trimming left trailing spaces to cut off. */
    char *owned = NULL;
    const char *t = v;
    if (v[n] != '\0') {
        if (!(owned = strndup(v, n)))
            return bad(msg, msgsz, NULL, "out of memory");
        t = owned;
    }
    core_status st = CORE_OK;
    if (strlen(t) != n) {
        st = bad(msg, msgsz, NULL, "contains a NUL byte");
        goto done;
    }
    if (c->type != CORE_COL_TEXT || !(c->flags & CORE_COLF_MULTILINE)) {
        if (strpbrk(t, "\r\n")) {
            st = bad(msg, msgsz, t, "contains a line break");
            goto done;
        }
    }
    switch (c->type) {
    case CORE_COL_TEXT:
    case CORE_COL_REF:
        if (put(norm, normsz, t, n))
            st = bad(msg, msgsz, NULL, "is too long (%zu bytes, at most %zu)", n, normsz - 1);
        break;
    case CORE_COL_INT:
    case CORE_COL_REAL:
        st = check_number(c, t, norm, normsz, msg, msgsz);
        break;
    case CORE_COL_ENUM:
        st = check_enum(c, t, norm, normsz, msg, msgsz);
        break;
    case CORE_COL_DATE:
        st = check_date(t, norm, normsz, msg, msgsz);
        break;
    case CORE_COL_TIMESTAMP:
        st = check_timestamp(t, norm, normsz, msg, msgsz);
        break;
    case CORE_COL_BOOL:
        if (!strcmp(t, "1") || !strcasecmp(t, "true") || !strcasecmp(t, "yes"))
            st = put(norm, normsz, "1", 1) ? CORE_EDATA : CORE_OK;
        else if (!strcmp(t, "0") || !strcasecmp(t, "false") || !strcasecmp(t, "no"))
            st = put(norm, normsz, "0", 1) ? CORE_EDATA : CORE_OK;
        else
            st = bad(msg, msgsz, t, "is not 0 or 1");
        break;
    case CORE_COL_EMAIL:
        st = check_email(t, norm, normsz, msg, msgsz);
        break;
    case CORE_COL_PHONE:
        st = check_phone(t, norm, normsz, msg, msgsz);
        break;
    case CORE_COL_LIST:
        st = check_list(c, t, norm, normsz, msg, msgsz);
        break;
    }
    if (st == CORE_OK)
        st = not_ahead(c, norm, msg, msgsz);
done:
    free(owned);
    return st;
}

/* ---- row validation ---------------------------------------------------- */

static const char *val(const core_table *t, const char *const *vals, const char *name)
{
    int i = core_table_col(t, name);
    return i >= 0 && vals[i] && vals[i][0] ? vals[i] : NULL;
}

core_status core_validate_row(const core_table *t, const char *const *vals, int *bad_col,
                              char *msg, size_t msgsz)
{
    *bad_col = -1;
    if (t->id == CORE_T_INDICATORS) {
        const char *a = val(t, vals, "amber"), *r = val(t, vals, "red");
        const char *dir = val(t, vals, "direction");
        int down = dir && strcmp(dir, "down") == 0;
        if (a && r) {
            double av = strtod(a, NULL), rv = strtod(r, NULL);
            if (!down && av > rv) {
                *bad_col = core_table_col(t, "red");
                return bad(msg, msgsz, NULL, "red (%s) must not be below amber (%s) when higher is worse", r, a);
            }
            if (down && av < rv) {
                *bad_col = core_table_col(t, "red");
                return bad(msg, msgsz, NULL, "red (%s) must not be above amber (%s) when lower is worse", r, a);
            }
        }
    } else if (t->id == CORE_T_ACTIVITIES) {
        const char *s = val(t, vals, "start_date"), *e = val(t, vals, "end_date");
        if (s && e && strcmp(e, s) < 0) {
            *bad_col = core_table_col(t, "end_date");
            return bad(msg, msgsz, NULL, "end_date %s is before start_date %s", e, s);
        }
        static const char *const counts[] = {"target", "reached"};
        for (int i = 0; i < 2; i++) {
            const char *v = val(t, vals, counts[i]);
            if (v && strtod(v, NULL) < 0) {
                *bad_col = core_table_col(t, counts[i]);
                return bad(msg, msgsz, NULL, "%s must not be negative", counts[i]);
            }
        }
    } else if (t->id == CORE_T_MOVEMENTS) {
        const char *d = val(t, vals, "delta");
        if (d && strcmp(d, "0") == 0) {
            *bad_col = core_table_col(t, "delta");
            return bad(msg, msgsz, NULL, "a movement of 0 changes nothing");
        }
    }
    return CORE_OK;
}
