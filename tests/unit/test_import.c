/* CSV import and export: every hostile or messy shape of file a field
 * office can send, all-or-nothing, idempotence, rejects, dry runs and the
 * export round trip. */
#include "coretest.h"

#include <locale.h>
#include <sqlite3.h>
#include <time.h>

#include "core/alerts.h"
#include "core/csvio.h"
#include "core/db.h"
#include "core/sanitize.h"
#include "core/store.h"
#include "core/strbuf.h"

/* Write text (len bytes) to dir/name and import it into table. */
static core_status import_text(core_table_id t, const char *name, const char *text, size_t len,
                               core_import_opts *o, core_import_stats *s)
{
    return import_file_text(t, name, text, len, o, s);
}

#define IMPORT(t, text) import_text((t), "in.csv", (text), sizeof(text) - 1, NULL, NULL)

/* Import regions from text (as in.csv) with --rejects; the rejects file's
 * content (malloc'd) in *rejected when it is not NULL. */
static core_status import_rejecting(const char *text, size_t len, core_import_stats *s, char **rejected)
{
    char *rej = tu_path(dir, "rejects.csv");
    core_import_opts o = {.rejects_path = rej};
    core_status st = import_text(CORE_T_REGIONS, "in.csv", text, len, &o, s);
    if (rejected) {
        *rejected = tu_read(rej, NULL);
        assert_non_null(*rejected);
    }
    free(rej);
    return st;
}

static int64_t count(core_table_id t)
{
    int64_t c[CORE_TABLE_COUNT];
    core_err e;
    assert_int_equal(core_db_counts(db, c, &e), CORE_OK);
    return c[t];
}


static const char REGIONS[] = "code,name,parent_code,population\nXR01,North,,1000\nXR02,South,,2000\n";

static void test_quoted_commas_quotes_and_newlines_are_kept_exactly(void **state)
{
    (void)state;
    assert_int_equal(IMPORT(CORE_T_REGIONS, REGIONS), CORE_OK);
    static const char P[] =
        "name,kind,notes\n"
        "\"Women's Peace Forum, East\",cso,\"Met on 3 Nov.\nSaid: \"\"we need radios\"\"\"\n";
    assert_int_equal(IMPORT(CORE_T_PARTNERS, P), CORE_OK);
    char *out = export_str(CORE_T_PARTNERS, CORE_EXPORT_SENSITIVE, NULL);
    assert_non_null(strstr(out, "\"Women's Peace Forum, East\",,cso,"));
    assert_non_null(strstr(out, "\"Met on 3 Nov.\nSaid: \"\"we need radios\"\"\""));
    free(out);
}

static void test_crlf_line_endings_and_bom_are_accepted(void **state)
{
    (void)state;
    static const char R[] = "\xEF\xBB\xBF" "code,name\r\nXR01,North\r\nXR02,South\r\n";
    core_import_stats s;
    assert_int_equal(import_text(CORE_T_REGIONS, "crlf.csv", R, sizeof R - 1, NULL, &s), CORE_OK);
    assert_int_equal(s.inserted, 2);
    /* A line break inside a quoted multi-line field is data: kept as sent. */
    static const char P[] = "name,kind,notes\r\nRadio Unity,media,\"Two\r\nlines\"\r\n";
    assert_int_equal(import_text(CORE_T_PARTNERS, "p.csv", P, sizeof P - 1, NULL, &s), CORE_OK);
    char *out = export_str(CORE_T_PARTNERS, 0, NULL);
    assert_non_null(strstr(out, "\"Two\r\nlines\"\n"));
    free(out);
    int64_t id;
    core_err e;
    core_row r;
    assert_int_equal(core_row_find(db, CORE_T_REGIONS, "XR01", &id, &e), CORE_OK);
    assert_int_equal(core_row_get(db, CORE_T_REGIONS, id, &r, &e), CORE_OK);
    assert_string_equal(r.vals[1], "North");
    core_row_free(&r);
}

static void test_nul_byte_is_rejected_with_its_line(void **state)
{
    (void)state;
    static const char R[] = "code,name\nXR01,North\nXR02,So\0uth\n";
    assert_int_equal(IMPORT(CORE_T_REGIONS, R), CORE_EDATA);
    assert_non_null(strstr(problems, "in.csv:3: contains a NUL byte"));
    assert_int_equal(count(CORE_T_REGIONS), 0);
}

static void test_invalid_utf8_is_rejected_with_line_and_iconv_hint(void **state)
{
    (void)state;
    static const char R[] = "code,name\nXR01,North\nXR02,S\xe9golène\n";
    assert_int_equal(IMPORT(CORE_T_REGIONS, R), CORE_EDATA);
    assert_non_null(strstr(problems, "in.csv:3: invalid UTF-8"));
    assert_non_null(strstr(problems, "iconv -f latin1 -t utf-8"));
    assert_int_equal(count(CORE_T_REGIONS), 0);
}

static void test_latin1_is_transcoded_when_asked(void **state)
{
    (void)state;
    static const char R[] = "code,name\nXR02,S\xe9gou\n";
    core_import_opts o = {.encoding = "latin1"};
    assert_int_equal(import_text(CORE_T_REGIONS, "l1.csv", R, sizeof R - 1, &o, NULL), CORE_OK);
    char *out = export_str(CORE_T_REGIONS, 0, NULL);
    assert_non_null(strstr(out, "XR02,S\xc3\xa9gou,,"));
    free(out);
}

static void test_latin1_from_windows_reads_curly_quotes_and_the_euro_sign(void **state)
{
    (void)state;
    /* As Excel on Windows saves it: 0x93/0x94 quotes, 0x80 euro, 0x96 dash;
     * 0x81 has no Windows-1252 character and stays a control code. */
    static const char P[] = "name,kind,notes\n\x93Unity\x94 Radio,media,Budget \x80""500 \x96 pending\x81\n";
    core_import_opts o = {.encoding = "windows-1252"};
    assert_int_equal(import_text(CORE_T_PARTNERS, "w.csv", P, sizeof P - 1, &o, NULL), CORE_OK);
    char *out = export_str(CORE_T_PARTNERS, CORE_EXPORT_SENSITIVE, NULL);
    assert_non_null(strstr(out, "\xe2\x80\x9cUnity\xe2\x80\x9d Radio,,media,"));
    assert_non_null(strstr(out, "Budget \xe2\x82\xac""500 \xe2\x80\x93 pending\xc2\x81"));
    free(out);
    /* latin1 is read the same way. */
    o.encoding = "latin1";
    static const char Q[] = "name,kind\n\x93Quoted\x94,cso\n";
    assert_int_equal(import_text(CORE_T_PARTNERS, "q.csv", Q, sizeof Q - 1, &o, NULL), CORE_OK);
    out = export_str(CORE_T_PARTNERS, 0, NULL);
    assert_non_null(strstr(out, "\xe2\x80\x9cQuoted\xe2\x80\x9d,,cso,"));
    free(out);
}

static void test_unterminated_quote_is_rejected_at_the_line_it_opens(void **state)
{
    (void)state;
    static const char R[] = "code,name\nXR01,North\nXR02,\"South\nXR03,Mid\n";
    assert_int_equal(IMPORT(CORE_T_REGIONS, R), CORE_EDATA);
    assert_non_null(strstr(problems, "in.csv:3: unterminated quoted field"));
    assert_int_equal(count(CORE_T_REGIONS), 0);
}

static void test_stray_quote_in_unquoted_field_is_rejected(void **state)
{
    (void)state;
    static const char R[] = "code,name\nXR01,Nor\"th\n";
    assert_int_equal(IMPORT(CORE_T_REGIONS, R), CORE_EDATA);
    assert_non_null(strstr(problems, "in.csv:2: malformed CSV"));
}

static void test_wrong_field_count_is_rejected_with_line(void **state)
{
    (void)state;
    static const char R[] = "code,name\nXR01,North\nXR02,South,extra\n";
    assert_int_equal(IMPORT(CORE_T_REGIONS, R), CORE_EDATA);
    assert_non_null(strstr(problems, "in.csv:3: expected 2 fields as in the header, found 3"));
    assert_int_equal(count(CORE_T_REGIONS), 0);
}

static void test_field_over_64k_is_rejected(void **state)
{
    (void)state;
    size_t big = CORE_CSV_MAX_FIELD + 10;
    char *text = malloc(big + 64);
    int n = sprintf(text, "code,name\nXR01,");
    memset(text + n, 'a', big);
    memcpy(text + n + big, "\n", 2);
    assert_int_equal(import_text(CORE_T_REGIONS, "big.csv", text, strlen(text), NULL, NULL), CORE_EDATA);
    assert_non_null(strstr(problems, "big.csv:2: field 2 is"));
    assert_non_null(strstr(problems, "64 KiB"));
    free(text);
    /* A truly enormous field stops the parse without eating memory. */
    size_t huge = 8u << 20;
    text = malloc(huge + 64);
    n = sprintf(text, "code,name\nXR01,\"");
    memset(text + n, 'b', huge);
    strcpy(text + n + huge, "\"\n");
    problems[0] = '\0';
    assert_int_equal(import_text(CORE_T_REGIONS, "huge.csv", text, strlen(text), NULL, NULL), CORE_EDATA);
    assert_non_null(strstr(problems, "64 KiB"));
    free(text);
    assert_int_equal(count(CORE_T_REGIONS), 0);
}

static void test_unknown_and_missing_columns_are_named(void **state)
{
    (void)state;
    assert_int_equal(IMPORT(CORE_T_REGIONS, "code,nmae,colour\nXR01,North,red\n"), CORE_EDATA);
    assert_non_null(strstr(problems, "'nmae', 'colour'"));
    assert_non_null(strstr(problems, "required column 'name' is missing"));
}

static void test_column_names_match_in_any_case(void **state)
{
    (void)state;
    assert_int_equal(IMPORT(CORE_T_PARTNERS, "NAME, Kind ,Trust\nHarbour Aid,cso,4\n"), CORE_OK);
    char *out = export_str(CORE_T_PARTNERS, 0, NULL);
    assert_non_null(strstr(out, "\nHarbour Aid,,cso,,,4,,0,\n"));
    free(out);
    /* Still one column: "name" and "Name" are the same one, twice. */
    assert_int_equal(IMPORT(CORE_T_PARTNERS, "name,Name,kind\nA,B,cso\n"), CORE_EDATA);
    assert_non_null(strstr(problems, "column 'Name' appears twice in the header"));
}

static void test_one_bad_row_imports_nothing_and_reports_every_problem(void **state)
{
    (void)state;
    static const char R[] =
        "code,name,population\nXR01,North,1000\nXR02,,2000\nXR03,Mid,1.000\nXR04,East,12\n";
    core_import_stats s;
    assert_int_equal(import_text(CORE_T_REGIONS, "mix.csv", R, sizeof R - 1, NULL, &s), CORE_EDATA);
    assert_non_null(strstr(problems, "mix.csv:3: name: is required"));
    assert_non_null(strstr(problems, "mix.csv:4: population: '1.000' is not a whole number"));
    assert_int_equal(s.problems, 2);
    assert_int_equal(s.committed, 0);
    assert_int_equal(count(CORE_T_REGIONS), 0);
    assert_int_equal(count(CORE_T_AUDIT), CORE_SCHEMA_VERSION); /* only the schema migrations */
}

static void test_every_bad_value_in_a_row_is_reported(void **state)
{
    (void)state;
    static const char I[] = "code,name,risk_factor,direction,window_days\nHS,Hate speech,15,sideways,0\n";
    core_import_stats s;
    assert_int_equal(import_text(CORE_T_INDICATORS, "ind.csv", I, sizeof I - 1, NULL, &s), CORE_EDATA);
    assert_non_null(strstr(problems, "ind.csv:2: risk_factor: '15' is out of range (1 to 14)"));
    assert_non_null(strstr(problems, "ind.csv:2: direction: 'sideways' is not one of: up, down"));
    assert_non_null(strstr(problems, "ind.csv:2: window_days: '0' is out of range"));
    assert_int_equal(s.problems, 3);
    assert_int_equal(s.rejected, 1);
}

static void test_reimporting_the_same_file_adds_nothing(void **state)
{
    (void)state;
    assert_int_equal(IMPORT(CORE_T_REGIONS, REGIONS), CORE_OK);
    static const char I[] = "code,name,risk_factor\nHS,Hate speech,9\n";
    assert_int_equal(IMPORT(CORE_T_INDICATORS, I), CORE_OK);
    static const char O[] =
        "region_code,indicator_code,observed_at,value,source\n"
        "XR01,HS,2026-11-19T08:00:00Z,4,monitor\n"
        "XR01,HS,2026-11-20,5,monitor\n";
    assert_int_equal(IMPORT(CORE_T_OBSERVATIONS, O), CORE_OK);
    int64_t audit = count(CORE_T_AUDIT);
    core_import_stats s;
    assert_int_equal(import_text(CORE_T_OBSERVATIONS, "again.csv", O, sizeof O - 1, NULL, &s), CORE_OK);
    assert_int_equal(s.unchanged, 2);
    assert_int_equal(s.inserted, 0);
    assert_int_equal(count(CORE_T_OBSERVATIONS), 2);
    assert_int_equal(count(CORE_T_AUDIT), audit); /* nothing changed, nothing audited */
    /* A corrected value updates in place. */
    static const char O2[] = "region_code,indicator_code,observed_at,value,source\nXR01,HS,2026-11-20T00:00:00Z,7,monitor\n";
    assert_int_equal(import_text(CORE_T_OBSERVATIONS, "fix.csv", O2, sizeof O2 - 1, NULL, &s), CORE_OK);
    assert_int_equal(s.updated, 1);
    assert_int_equal(count(CORE_T_OBSERVATIONS), 2);
}

/* A feed of HOURS hours from base (Unix time) over four region and
 * indicator pairs, value hour % 50, malloc'd into *len bytes: the first
 * XR02/MB row says first_v; the key XR01/MB of hour 20 comes twice in a
 * row (the same chunk), the second time saying same_chunk_v, and the
 * XR01/HS row of hour 10 once more at the very end (past 16,384 rows: another
 * chunk), saying last_v. */
static char *feed(time_t base, int first_v, int same_chunk_v, int last_v, size_t *len)
{
    enum { HOURS = 5000 };
    static const char *const PAIRS[][2] = {{"XR01", "HS"}, {"XR01", "MB"}, {"XR02", "HS"}, {"XR02", "MB"}};
    size_t cap = (size_t)HOURS * 4 * 48 + 256, n = 0;
    char *csv = malloc(cap);
    assert_non_null(csv);
    n += (size_t)snprintf(csv + n, cap - n, "region_code,indicator_code,observed_at,value,source\n");
    char ts[24];
    for (int h = 0; h < HOURS; h++) {
        time_t t = base + (time_t)h * 3600;
        strftime(ts, sizeof ts, "%Y-%m-%dT%H:%M:%SZ", gmtime(&t));
        for (int k = 0; k < 4; k++) {
            int v = (h == 0 && k == 3) ? first_v : h % 50;
            n += (size_t)snprintf(csv + n, cap - n, "%s,%s,%s,%d,monitor\n", PAIRS[k][0], PAIRS[k][1], ts, v);
            if (h == 20 && k == 1)
                n += (size_t)snprintf(csv + n, cap - n, "XR01,MB,%s,%d,monitor\n", ts, same_chunk_v);
        }
    }
    time_t t10 = base + 10 * 3600;
    strftime(ts, sizeof ts, "%Y-%m-%dT%H:%M:%SZ", gmtime(&t10));
    n += (size_t)snprintf(csv + n, cap - n, "XR01,HS,%s,%d,monitor\n", ts, last_v);
    *len = n;
    return csv;
}

/* A feed lists observations by time across every region and indicator;
 * the bulk path buffers and key-sorts them in chunks (csvio.c). A key
 * already in the database is updated and audited. A key the file repeats
 * with the same values, within a chunk or across chunks, is one report
 * sent twice; with other values it is two reports that disagree, and the
 * file is refused at the later line (the later silently replaced the
 * earlier before). */
static void test_large_feed_in_time_order_lands_whole_and_repeats_must_agree(void **state)
{
    (void)state;
    enum { HOURS = 5000 };
    assert_int_equal(IMPORT(CORE_T_REGIONS, REGIONS), CORE_OK);
    static const char I[] = "code,name,risk_factor\nHS,Hate speech,9\nMB,Mobilisation,2\n";
    assert_int_equal(IMPORT(CORE_T_INDICATORS, I), CORE_OK);
    static const char PRE[] = "region_code,indicator_code,observed_at,value,source\nXR02,MB,2026-01-01T00:00:00Z,1,monitor\n";
    assert_int_equal(IMPORT(CORE_T_OBSERVATIONS, PRE), CORE_OK);
    int64_t audit = count(CORE_T_AUDIT);

    size_t len;
    char *csv = feed(1767225600 /* 2026-01-01T00:00:00Z */, 9, 20, 10, &len);
    core_import_stats st;
    assert_int_equal(import_text(CORE_T_OBSERVATIONS, "feed.csv", csv, len, NULL, &st), CORE_OK);
    free(csv);
    assert_int_equal(st.rows, HOURS * 4 + 2);
    assert_int_equal(st.inserted, HOURS * 4 - 1);
    assert_int_equal(st.updated, 1);
    assert_int_equal(st.unchanged, 2);
    assert_int_equal(st.problems, 0);
    assert_int_equal(count(CORE_T_OBSERVATIONS), HOURS * 4);

    char *path = tu_path(dir, "t.db");
    sqlite3 *h;
    sqlite3_stmt *q;
    assert_int_equal(sqlite3_open(path, &h), SQLITE_OK);
    free(path);
    assert_int_equal(sqlite3_prepare_v2(h,
                                        "SELECT o.value FROM observations o JOIN regions r ON r.id = o.region_id"
                                        " JOIN indicators i ON i.id = o.indicator_id"
                                        " WHERE r.code = ?1 AND i.code = ?2 AND o.observed_at = ?3",
                                        -1, &q, NULL),
                     SQLITE_OK);
    static const struct { const char *r, *i, *at; double v; } WANT[] = {
        {"XR01", "HS", "2026-01-01T10:00:00Z", 10}, /* sent twice, chunks apart */
        {"XR01", "MB", "2026-01-01T20:00:00Z", 20}, /* sent twice in a row */
        {"XR02", "MB", "2026-01-01T00:00:00Z", 9},  /* stored before, updated */
        {"XR02", "HS", "2026-07-28T07:00:00Z", 49}, /* an ordinary row: hour 4999 */
    };
    for (size_t k = 0; k < sizeof WANT / sizeof WANT[0]; k++) {
        sqlite3_bind_text(q, 1, WANT[k].r, -1, SQLITE_STATIC);
        sqlite3_bind_text(q, 2, WANT[k].i, -1, SQLITE_STATIC);
        sqlite3_bind_text(q, 3, WANT[k].at, -1, SQLITE_STATIC);
        assert_int_equal(sqlite3_step(q), SQLITE_ROW);
        assert_true(sqlite3_column_double(q, 0) == WANT[k].v);
        sqlite3_reset(q);
    }
    sqlite3_finalize(q);
    /* Ids are unique and dense: one per inserted row. */
    assert_int_equal(sqlite3_prepare_v2(h, "SELECT count(DISTINCT id), max(id) - min(id) + 1 FROM observations", -1, &q,
                                        NULL),
                     SQLITE_OK);
    assert_int_equal(sqlite3_step(q), SQLITE_ROW);
    assert_int_equal(sqlite3_column_int64(q, 0), HOURS * 4);
    assert_int_equal(sqlite3_column_int64(q, 1), HOURS * 4);
    sqlite3_finalize(q);
    sqlite3_close(h);
    /* The update is audited on its own, the inserts by the import. */
    assert_int_equal(count(CORE_T_AUDIT), audit + 1 + 1);

    /* The same feed a year before (new keys), its repeats disagreeing: refused
     * at both later lines, nothing imported. Hour 20's second XR01/MB is
     * line 2 + 20 * 4 + 2; the last line is 2 + 5000 * 4 + 1. */
    csv = feed(1735689600 /* 2025-01-01T00:00:00Z */, 3, 66, 77, &len);
    assert_int_equal(import_text(CORE_T_OBSERVATIONS, "feed2.csv", csv, len, NULL, &st), CORE_EDATA);
    free(csv);
    assert_int_equal(st.problems, 2);
    assert_non_null(strstr(problems, "feed2.csv:84: observed_at: an earlier line of this file has the same"));
    assert_non_null(strstr(problems, "feed2.csv:20003: observed_at: an earlier line"));
    assert_int_equal(count(CORE_T_OBSERVATIONS), HOURS * 4);
}

/* Found by fuzzing: a movements file without an `at` column stored its
 * movements at '' instead of now, so they sorted before every stock count
 * (and were absorbed into it) and exported with an empty time. */
static void test_movement_without_a_time_is_recorded_now(void **state)
{
    (void)state;
    assert_int_equal(IMPORT(CORE_T_REGIONS, REGIONS), CORE_OK);
    static const char R[] = "code,name,category,unit,region_code,site,quantity,minimum\n"
                            "MED-01,Trauma kits,medical,kits,XR01,Main store,10,2\n";
    assert_int_equal(IMPORT(CORE_T_RESOURCES, R), CORE_OK);
    setenv("VIGIL_NOW", "2026-11-20T12:30:00Z", 1);
    static const char M[] = "resource_code,delta,reason\nMED-01,-2,dispatched\n";
    assert_int_equal(IMPORT(CORE_T_MOVEMENTS, M), CORE_OK);
    char *path = tu_path(dir, "t.db");
    sqlite3 *h;
    sqlite3_stmt *q;
    assert_int_equal(sqlite3_open(path, &h), SQLITE_OK);
    free(path);
    assert_int_equal(sqlite3_prepare_v2(h, "SELECT at FROM movements WHERE reason = 'dispatched'", -1, &q, NULL),
                     SQLITE_OK);
    assert_int_equal(sqlite3_step(q), SQLITE_ROW);
    assert_string_equal((const char *)sqlite3_column_text(q, 0), "2026-11-20T12:30:00Z");
    sqlite3_finalize(q);
    /* After the count, so not absorbed: the stock went down. */
    assert_int_equal(sqlite3_prepare_v2(h, "SELECT quantity FROM resources WHERE code = 'MED-01'", -1, &q, NULL),
                     SQLITE_OK);
    assert_int_equal(sqlite3_step(q), SQLITE_ROW);
    assert_int_equal(sqlite3_column_int(q, 0), 8);
    sqlite3_finalize(q);
    sqlite3_close(h);
    /* Two identical movements without a time, whether the column is
     * missing or its cells empty, are two dispatches that cannot be told
     * apart: refused, never merged into one. */
    static const char TWICE[] = "resource_code,delta,reason\nMED-01,-3,dispatched\nMED-01,-3,dispatched\n";
    static const char EMPTY_AT[] = "resource_code,delta,reason,at\nMED-01,-3,dispatched,\nMED-01,-3,dispatched,\n";
    const char *const files[] = {TWICE, EMPTY_AT};
    for (int i = 0; i < 2; i++) {
        problems[0] = '\0';
        assert_int_equal(import_text(CORE_T_MOVEMENTS, "m.csv", files[i], strlen(files[i]), NULL, NULL), CORE_EDATA);
        assert_non_null(strstr(problems, "m.csv:3: delta: the same movement was already recorded this second; "
                                         "if both happened, give each its time in an at column"));
    }
    char *out = export_str(CORE_T_RESOURCES, 0, NULL);
    assert_non_null(strstr(out, "MED-01,Trauma kits,medical,kits,XR01,Main store,8,"));
    free(out);
}

static void test_rejects_file_gets_bad_rows_with_reasons_and_good_rows_are_saved(void **state)
{
    (void)state;
    static const char R[] = "code,name,population\nXR01,North,1000\nXR02,,2000\nXR03,Mid,-5\nXR04,East,12\n";
    core_import_stats s;
    char *out;
    assert_int_equal(import_rejecting(R, sizeof R - 1, &s, &out), CORE_OK);
    assert_int_equal(s.inserted, 2);
    assert_int_equal(s.rejected, 2);
    assert_int_equal(count(CORE_T_REGIONS), 2);
    assert_non_null(strstr(out, "code,name,population,rejected_because\n"));
    assert_non_null(strstr(out, "XR02,,2000,name: is required\n"));
    assert_non_null(strstr(out, "XR03,Mid,-5,population: '-5' is out of range"));
    /* The rejects file is itself importable once fixed: its own columns,
     * and the reasons are ignored. */
    static const char FIXED[] = "code,name,population,rejected_because\nXR02,South,2000,name: is required\n";
    assert_int_equal(import_text(CORE_T_REGIONS, "fixed.csv", FIXED, sizeof FIXED - 1, NULL, NULL), CORE_OK);
    assert_int_equal(count(CORE_T_REGIONS), 3);
    free(out);
}

static void test_a_good_row_behind_a_refused_one_with_the_same_code_still_lands(void **state)
{
    (void)state;
    /* C1's first row names a parent that is nowhere; its second row, which
     * wins, has none; G1 waited for C1. Only the bad row is refused. */
    static const char R[] = "code,name,parent_code\nG1,Grandchild,C1\nC1,Child,RX\nC1,Child,\n";
    core_import_stats s;
    assert_int_equal(import_rejecting(R, sizeof R - 1, &s, NULL), CORE_OK);
    assert_int_equal(s.rejected, 1);
    assert_int_equal(s.inserted, 2);
    assert_non_null(strstr(problems, "in.csv:3: parent_code: 'RX' is not a known region"));
    assert_null(strstr(problems, "in.csv:2:"));
    char *out = export_str(CORE_T_REGIONS, 0, NULL);
    assert_string_equal(out, "code,name,parent_code,population\nC1,Child,,\nG1,Grandchild,C1,\n");
    free(out);
    /* Spaces around a code do not make it another region: the later row
     * still wins. */
    static const char S[] = "code,name,parent_code\nR5,Old,R9\n\"R5 \",New,\nR9,Nine,\n";
    assert_int_equal(import_text(CORE_T_REGIONS, "sp.csv", S, sizeof S - 1, NULL, NULL), CORE_OK);
    out = export_str(CORE_T_REGIONS, 0, NULL);
    assert_non_null(strstr(out, "\nR5,New,,\n"));
    free(out);
}

static void test_rejects_file_may_not_be_the_input_or_the_database(void **state)
{
    (void)state;
    char *in = tu_path(dir, "report.csv");
    char *dbfile = tu_path(dir, "t.db");
    core_import_opts o = {.rejects_path = in};
    core_import_stats s;
    assert_int_equal(import_text(CORE_T_REGIONS, "report.csv", REGIONS, sizeof REGIONS - 1, &o, &s), CORE_EUSAGE);
    size_t len = 0;
    char *kept = tu_read(in, &len);
    assert_non_null(kept);
    assert_string_equal(kept, REGIONS); /* the field report is untouched */
    free(kept);
    o.rejects_path = dbfile;
    core_err e;
    assert_int_equal(core_import(db, CORE_T_REGIONS, in, &o, &s, &e), CORE_EUSAGE);
    assert_non_null(strstr(e.msg, "is the database"));
    assert_int_equal(core_db_integrity(db, &e), CORE_OK);
    assert_int_equal(count(CORE_T_REGIONS), 0);
    /* A rejects file that cannot be created stops the import before it
     * starts (and frees what it had set up: the sanitizer build checks). */
    char *nowhere = tu_path(dir, "no-such-dir/rejects.csv");
    o.rejects_path = nowhere;
    assert_int_equal(core_import(db, CORE_T_REGIONS, in, &o, &s, &e), CORE_ECANTCREAT);
    assert_non_null(strstr(e.msg, "cannot create"));
    assert_int_equal(count(CORE_T_REGIONS), 0);
    free(nowhere);
    free(in);
    free(dbfile);
}

static void test_dry_run_validates_but_writes_nothing(void **state)
{
    (void)state;
    core_import_opts o = {.dry_run = 1};
    core_import_stats s;
    assert_int_equal(import_text(CORE_T_REGIONS, "d.csv", REGIONS, sizeof REGIONS - 1, &o, &s), CORE_OK);
    assert_int_equal(s.inserted, 2);
    assert_int_equal(s.committed, 0);
    assert_int_equal(count(CORE_T_REGIONS), 0);
    static const char BAD[] = "code,name\nXR01,\n";
    assert_int_equal(import_text(CORE_T_REGIONS, "d2.csv", BAD, sizeof BAD - 1, &o, &s), CORE_EDATA);
    assert_non_null(strstr(problems, "d2.csv:2: name: is required"));
}

static void test_child_region_may_come_before_its_parent(void **state)
{
    (void)state;
    static const char R[] = "code,name,parent_code\nXR01-A,Lower North,XR01\nXR01,North,\nXR02,South,XR77\n";
    assert_int_equal(IMPORT(CORE_T_REGIONS, R), CORE_EDATA);
    assert_non_null(strstr(problems, "in.csv:4: parent_code: 'XR77' is not a known region (add it first)"));
    assert_int_equal(count(CORE_T_REGIONS), 0);
    static const char OK[] = "code,name,parent_code\nXR01-A,Lower North,XR01\nXR01,North,\n";
    assert_int_equal(IMPORT(CORE_T_REGIONS, OK), CORE_OK);
    char *out = export_str(CORE_T_REGIONS, 0, NULL);
    assert_string_equal(out, "code,name,parent_code,population\nXR01,North,,\nXR01-A,Lower North,XR01,\n");
    free(out);
}

static void test_rejects_leave_out_a_region_whose_parent_is_nowhere_and_keep_its_stored_values(void **state)
{
    (void)state;
    static const char BASE[] = "code,name,parent_code\nXR01,North,\nXR01-A,Lower North,XR01\n";
    assert_int_equal(IMPORT(CORE_T_REGIONS, BASE), CORE_OK);
    /* A mistyped parent (letter O for zero) on a stored region, an unknown
     * one on a new region, and a child listed before its parent. */
    static const char R[] = "code,name,parent_code\nXR01-A,Lower North renamed,XR0O\nXR09,Nowhere,XR77\n"
                            "XR03-B,Child first,XR03\nXR03,Third,\n";
    core_import_stats s;
    char *r;
    assert_int_equal(import_rejecting(R, sizeof R - 1, &s, &r), CORE_OK);
    assert_int_equal(s.inserted, 2);
    assert_int_equal(s.updated, 0);
    assert_int_equal(s.rejected, 2);
    assert_non_null(strstr(problems, "in.csv:2: parent_code: 'XR0O' is not a known region (add it first)"));
    assert_non_null(strstr(problems, "in.csv:3: parent_code: 'XR77' is not a known region (add it first)"));
    char *out = export_str(CORE_T_REGIONS, 0, NULL);
    assert_string_equal(out, "code,name,parent_code,population\nXR01,North,,\nXR01-A,Lower North,XR01,\n"
                             "XR03,Third,,\nXR03-B,Child first,XR03,\n");
    free(out);
    assert_string_equal(r, "code,name,parent_code,rejected_because\n"
                           "XR01-A,Lower North renamed,XR0O,parent_code: 'XR0O' is not a known region (add it first)\n"
                           "XR09,Nowhere,XR77,parent_code: 'XR77' is not a known region (add it first)\n");
    free(r);
}

static void test_rows_waiting_for_a_parent_keep_file_order(void **state)
{
    (void)state;
    /* A chain listed leaf first, and a region given twice: the first time
     * before its parent, the second time (which wins) without one. */
    static const char R[] = "code,name,parent_code\nA3,Leaf,A2\nA2,Mid,A1\nB1-X,First name,B1\nA1,Root,\n"
                            "B1,Bee,\nB1-X,Second name,\n";
    core_import_stats s;
    assert_int_equal(import_text(CORE_T_REGIONS, "in.csv", R, sizeof R - 1, NULL, &s), CORE_OK);
    assert_int_equal(s.inserted, 5);
    assert_int_equal(s.updated, 1);
    char *out = export_str(CORE_T_REGIONS, 0, NULL);
    assert_string_equal(out, "code,name,parent_code,population\nA1,Root,,\nA2,Mid,A1,\nA3,Leaf,A2,\n"
                             "B1,Bee,,\nB1-X,Second name,,\n");
    free(out);
}

/* A province file of real size listed leaf first: a 1,000-deep chain, 300
 * regions whose parents are nowhere (each refused at its own line, in file
 * order, a good row with the same code after one still written), and two
 * regions naming each other as parent. */
static void test_many_rows_waiting_for_parents_settle_in_file_order(void **state)
{
    (void)state;
    core_sb text = {0};
    core_sb_add(&text, "code,name,parent_code\n");
    for (int i = 0; i < 999; i++) /* C0000 <- C0001 <- ... <- C0999 (root) */
        core_sb_addf(&text, "C%04d,Chain %d,C%04d\n", i, i, i + 1);
    core_sb_add(&text, "C0999,Chain 999,\n");
    for (int i = 0; i < 300; i++)
        core_sb_addf(&text, "O%03d,Orphan %d,NOWHERE%d\n", i, i, i);
    core_sb_add(&text, "O007,Orphan seven found,C0999\nK1,Loop one,K2\nK2,Loop two,K1\n");
    core_import_stats s;
    char *r;
    assert_int_equal(import_rejecting(text.s, text.len, &s, &r), CORE_OK);
    assert_int_equal(s.inserted, 1001);
    assert_int_equal(s.rejected, 302);
    /* Orphans are refused in file order, at their own lines; the loop is
     * broken at its first row, which leaves the second without a parent. */
    assert_non_null(strstr(problems, "in.csv:1002: parent_code: 'NOWHERE0' is not a known region"));
    assert_true(strncmp(r, "code,name,parent_code,rejected_because\nO000,Orphan 0,NOWHERE0,", 61) == 0);
    assert_non_null(strstr(r, "\nO299,Orphan 299,NOWHERE299,parent_code"));
    assert_non_null(strstr(r, "\nK1,Loop one,K2,parent_code: 'K2' is not a known region"));
    assert_non_null(strstr(r, "\nK2,Loop two,K1,parent_code: 'K1' is not a known region"));
    free(r);
    char *out = export_str(CORE_T_REGIONS, 0, NULL);
    assert_non_null(strstr(out, "\nC0000,Chain 0,C0001,\n"));
    assert_non_null(strstr(out, "\nC0998,Chain 998,C0999,\nC0999,Chain 999,,\n"));
    assert_non_null(strstr(out, "\nO007,Orphan seven found,C0999,\n"));
    assert_null(strstr(out, "\nK1,"));
    assert_null(strstr(out, "\nK2,"));
    free(out);
    core_sb_free(&text);
}

/* SPEC §2: sensitive rows are left out of exports. The audit trail and the
 * alerts carry their values too (a note's before and after, a partner's
 * name), so their exports leave those entries out as well. */
static void test_audit_and_alerts_exports_leave_sensitive_records_out(void **state)
{
    (void)state;
    assert_int_equal(IMPORT(CORE_T_REGIONS, REGIONS), CORE_OK);
    static const char IND[] = "code,name,risk_factor\nHS,Hate speech,1\n";
    assert_int_equal(IMPORT(CORE_T_INDICATORS, IND), CORE_OK);
    /* Inserted by import (audited per file), then updated (audited per row). */
    static const char P1[] = "name,kind,last_contact,sensitive,notes\n"
                             "Informant Seven,other,2026-08-01,1,witness at 12 Main St\n"
                             "Open Forum,cso,2026-08-01,0,public meeting\n";
    static const char P2[] = "name,kind,last_contact,sensitive,notes\n"
                             "Informant Seven,other,2026-08-01,1,witness at 14 Main St\n"
                             "Open Forum,cso,2026-08-01,0,public meeting moved\n";
    static const char O1[] = "region_code,indicator_code,observed_at,value,source,sensitive,note\n"
                             "XR01,HS,2026-11-01T00:00:00Z,5,informant-7,1,named a commander\n"
                             "XR02,HS,2026-11-01T00:00:00Z,5,radio,0,broadcast\n";
    static const char O2[] = "region_code,indicator_code,observed_at,value,source,sensitive,note\n"
                             "XR01,HS,2026-11-01T00:00:00Z,6,informant-7,1,named two commanders\n"
                             "XR02,HS,2026-11-01T00:00:00Z,6,radio,0,broadcast again\n";
    assert_int_equal(IMPORT(CORE_T_PARTNERS, P1), CORE_OK);
    assert_int_equal(IMPORT(CORE_T_PARTNERS, P2), CORE_OK);
    static const char P4[] = "name,kind,contact_name,phone\nOpen Forum,cso,Bob Open,+1 555 765 4321\n";
    assert_int_equal(IMPORT(CORE_T_PARTNERS, P4), CORE_OK);
    assert_int_equal(IMPORT(CORE_T_OBSERVATIONS, O1), CORE_OK);
    assert_int_equal(IMPORT(CORE_T_OBSERVATIONS, O2), CORE_OK);
    /* A region marked sensitive never was, so its history stays; a partner
     * deleted while sensitive leaves its history out too. */
    static const char P3[] = "name,kind,sensitive\nGone Source,other,1\n";
    assert_int_equal(IMPORT(CORE_T_PARTNERS, P3), CORE_OK);
    int64_t id;
    core_err e;
    core_row r;
    assert_int_equal(core_row_find(db, CORE_T_PARTNERS, "Gone Source", &id, &e), CORE_OK);
    assert_int_equal(core_row_get(db, CORE_T_PARTNERS, id, &r, &e), CORE_OK);
    const char *notes[12] = {[11] = "met twice"};
    assert_int_equal(core_row_update(db, CORE_T_PARTNERS, id, r.version, notes, NULL, &e), CORE_OK);
    core_row_free(&r);
    assert_int_equal(core_row_get(db, CORE_T_PARTNERS, id, &r, &e), CORE_OK);
    assert_int_equal(core_row_delete(db, CORE_T_PARTNERS, id, r.version, &e), CORE_OK);
    core_row_free(&r);
    int changed;
    assert_int_equal(core_alerts_refresh(db, &changed, &e), CORE_OK);

    char *all = export_str(CORE_T_AUDIT, CORE_EXPORT_SENSITIVE, NULL);
    assert_non_null(strstr(all, "14 Main St"));
    assert_non_null(strstr(all, "named two commanders"));
    assert_non_null(strstr(all, "met twice"));
    assert_non_null(strstr(all, "Informant Seven: no contact"));
    free(all);
    char *pub = export_str(CORE_T_AUDIT, 0, NULL);
    assert_null(strstr(pub, "Main St"));
    assert_null(strstr(pub, "Informant Seven"));
    assert_null(strstr(pub, "commander"));
    assert_null(strstr(pub, "informant-7"));
    assert_null(strstr(pub, "Gone Source"));
    assert_null(strstr(pub, "met twice"));
    /* What is not sensitive is all there, but for contact details. */
    assert_non_null(strstr(pub, "public meeting moved"));
    assert_non_null(strstr(pub, "broadcast again"));
    assert_non_null(strstr(pub, "Open Forum: no contact"));
    assert_null(strstr(pub, "Bob Open"));
    assert_null(strstr(pub, "555 765"));
    assert_non_null(strstr(pub, "\"\"contact_name\"\":[\"\"(hidden)\"\",\"\"(hidden)\"\"]"));
    free(pub);
    char *alerts = export_str(CORE_T_ALERTS, 0, NULL);
    assert_null(strstr(alerts, "Informant Seven"));
    assert_non_null(strstr(alerts, "Open Forum: no contact"));
    free(alerts);
    alerts = export_str(CORE_T_ALERTS, CORE_EXPORT_SENSITIVE, NULL);
    assert_non_null(strstr(alerts, "Informant Seven: no contact"));
    free(alerts);

    /* Renamed, then deleted: its entries under the old name, and the
     * alert that named it, stay out all the same. */
    assert_int_equal(core_row_find(db, CORE_T_PARTNERS, "Informant Seven", &id, &e), CORE_OK);
    assert_int_equal(core_row_get(db, CORE_T_PARTNERS, id, &r, &e), CORE_OK);
    const char *rename[12] = {"Source K"};
    assert_int_equal(core_row_update(db, CORE_T_PARTNERS, id, r.version, rename, NULL, &e), CORE_OK);
    core_row_free(&r);
    assert_int_equal(core_row_get(db, CORE_T_PARTNERS, id, &r, &e), CORE_OK);
    assert_int_equal(core_row_delete(db, CORE_T_PARTNERS, id, r.version, &e), CORE_OK);
    core_row_free(&r);
    assert_int_equal(core_alerts_refresh(db, &changed, &e), CORE_OK);
    pub = export_str(CORE_T_AUDIT, 0, NULL);
    assert_null(strstr(pub, "Informant Seven"));
    assert_null(strstr(pub, "Source K"));
    assert_null(strstr(pub, "Main St"));
    assert_non_null(strstr(pub, "public meeting moved"));
    free(pub);
    alerts = export_str(CORE_T_ALERTS, 0, NULL);
    assert_null(strstr(alerts, "Informant Seven"));
    assert_non_null(strstr(alerts, "Open Forum: no contact"));
    free(alerts);
}

/* A problem line too long for its buffer is cut between characters:
 * a lone lead byte on stderr is not text, and on a terminal that is not in
 * UTF-8 a cut 3-byte character can leave a C1 control. */
static void test_a_long_problem_line_is_cut_between_characters(void **state)
{
    (void)state;
    char name[256] = "", text[4096] = "code,name,";
    for (int i = 0; i < 125; i++)
        strcat(name, "\xc3\xa9"); /* é */
    strcat(name, ".csv");
    for (int i = 0; i < 30; i++) {
        for (int j = 0; j < 20; j++)
            strcat(text, "\xe2\x82\xac"); /* € */
        strcat(text, i < 29 ? "," : "\n");
    }
    strcat(text, "XR01,North\n");
    assert_int_equal(import_text(CORE_T_REGIONS, name, text, strlen(text), NULL, NULL), CORE_EDATA);
    assert_true(strlen(problems) > 800); /* long enough to be cut */
    assert_int_equal(core_utf8_invalid_at(problems, strlen(problems)), -1);
}

/* Every problem of a row comes in one pass: its unknown references with
 * its bad values, and every unknown reference, not only the first (a
 * fixed file was refused again for the next one). */
static void test_a_rows_unknown_references_are_reported_with_its_other_problems(void **state)
{
    (void)state;
    assert_int_equal(IMPORT(CORE_T_REGIONS, REGIONS), CORE_OK);
    static const char P[] = "name,kind,region_code,trust\n"
                            "Known Region Org,cso,XR01,3\n"
                            "Bad Kind Org,bad_kind,XR98,9\n";
    assert_int_equal(IMPORT(CORE_T_PARTNERS, P), CORE_EDATA);
    assert_non_null(strstr(problems, "in.csv:3: kind: 'bad_kind' is not one of"));
    assert_non_null(strstr(problems, "in.csv:3: trust: '9' is out of range"));
    assert_non_null(strstr(problems, "in.csv:3: region_code: 'XR98' is not a known region (add it first)"));
    assert_null(strstr(problems, "in.csv:2:"));
    static const char A[] = "code,title,kind,status,region_code,lead_partner\n"
                            "ACT-Z,Talks,dialogue,planned,XR99, Nobody Org \n";
    core_import_stats s;
    assert_int_equal(import_text(CORE_T_ACTIVITIES, "a.csv", A, sizeof A - 1, NULL, &s), CORE_EDATA);
    assert_int_equal(s.problems, 2);
    assert_non_null(strstr(problems, "a.csv:2: region_code: 'XR99' is not a known region"));
    assert_non_null(strstr(problems, "a.csv:2: lead_partner: 'Nobody Org' is not a known partner"));
}

static void test_problem_report_is_capped_then_counted_per_column(void **state)
{
    (void)state;
    char text[8192] = "code,name,population\n";
    for (int i = 0; i < 50; i++)
        snprintf(text + strlen(text), sizeof text - strlen(text), "R%02d,Name,%s\n", i, i % 2 ? "\"1,5\"" : "x");
    assert_int_equal(import_text(CORE_T_REGIONS, "many.csv", text, strlen(text), NULL, NULL), CORE_EDATA);
    int lines = 0;
    for (const char *p = problems; *p; p++)
        lines += *p == '\n';
    assert_int_equal(lines, 21);
    assert_non_null(strstr(problems, "many.csv: 30 more problem(s) not shown; all 50 by column: population 50"));
}

static void test_hostile_values_are_sanitised_in_problem_messages(void **state)
{
    (void)state;
    static const char R[] = "code,name,population\nXR01,North,\"\x1b]0;pwned\x07\x1b[2J\"\n";
    assert_int_equal(IMPORT(CORE_T_REGIONS, R), CORE_EDATA);
    assert_null(strchr(problems, '\x1b'));
    assert_null(strchr(problems, '\x07'));
    assert_non_null(strstr(problems, "^[]0;pwned^G^[[2J"));
}

static void test_sensitive_rows_and_contact_columns_stay_out_of_exports(void **state)
{
    (void)state;
    static const char P[] =
        "name,kind,phone,email,sensitive\n"
        "Open Radio,media,+999 20 555 0101,desk@radio.example,0\n"
        "Witness Support Group,cso,+999 20 555 0199,safe@wsg.example,1\n";
    assert_int_equal(IMPORT(CORE_T_PARTNERS, P), CORE_OK);
    char *plain = export_str(CORE_T_PARTNERS, 0, NULL);
    assert_null(strstr(plain, "Witness Support Group"));
    assert_null(strstr(plain, "555"));
    assert_null(strstr(plain, "phone"));
    assert_non_null(strstr(plain, "Open Radio"));
    char *all = export_str(CORE_T_PARTNERS, CORE_EXPORT_SENSITIVE, NULL);
    assert_non_null(strstr(all, "Witness Support Group"));
    assert_non_null(strstr(all, "+999 20 555 0199"));
    free(plain);
    free(all);
}

/* A row that names a sensitive partner carries the name SPEC §2 keeps
 * out: a resource it owns, an activity it leads and that resource's
 * movements are left out, the trail hides the name in their changes, and
 * a reveal of the partner (the only entries under a name it has since
 * lost) stays out. What is left imports into an empty database. */
static void test_rows_naming_a_sensitive_partner_stay_out_of_exports(void **state)
{
    (void)state;
    static const char P[] = "name,kind,sensitive\nSafe House Network,cso,1\nOpen Radio,media,0\n";
    static const char R[] = "code,name,category,unit,quantity,owner\n"
                            "KIT-S,Trauma kits,medical,kits,10,Safe House Network\n"
                            "KIT-O,Trauma kits,medical,kits,20,Open Radio\n";
    static const char M[] = "resource_code,delta,reason,at\n"
                            "KIT-S,-2,dispatched,2026-11-19T08:00:00Z\n"
                            "KIT-O,-3,dispatched,2026-11-19T08:00:00Z\n";
    static const char A[] = "code,title,kind,status,lead_partner\n"
                            "ACT-S,Safe dialogue,dialogue,planned,Safe House Network\n"
                            "ACT-O,Radio dialogue,dialogue,planned,Open Radio\n";
    assert_int_equal(IMPORT(CORE_T_PARTNERS, P), CORE_OK);
    assert_int_equal(IMPORT(CORE_T_RESOURCES, R), CORE_OK);
    assert_int_equal(IMPORT(CORE_T_MOVEMENTS, M), CORE_OK);
    assert_int_equal(IMPORT(CORE_T_ACTIVITIES, A), CORE_OK);
    /* Updates are audited per row, with the lead's name before and after. */
    static const char A2[] = "code,title,kind,status,lead_partner\n"
                             "ACT-O,Radio dialogue,dialogue,planned,Safe House Network\n";
    assert_int_equal(IMPORT(CORE_T_ACTIVITIES, A2), CORE_OK);
    int64_t id;
    core_err e;
    assert_int_equal(core_row_find(db, CORE_T_PARTNERS, "Safe House Network", &id, &e), CORE_OK);
    assert_int_equal(core_row_reveal(db, CORE_T_PARTNERS, id, &e), CORE_OK);
    core_row r;
    assert_int_equal(core_row_get(db, CORE_T_PARTNERS, id, &r, &e), CORE_OK);
    const char *rename[12] = {"Partner S-7"};
    assert_int_equal(core_row_update(db, CORE_T_PARTNERS, id, r.version, rename, NULL, &e), CORE_OK);
    core_row_free(&r);

    const core_table_id T[] = {CORE_T_RESOURCES, CORE_T_MOVEMENTS, CORE_T_ACTIVITIES, CORE_T_AUDIT};
    for (size_t i = 0; i < sizeof T / sizeof T[0]; i++) {
        char *pub = export_str(T[i], 0, NULL);
        assert_null(strstr(pub, "Safe House"));
        assert_null(strstr(pub, "S-7"));
        if (T[i] != CORE_T_AUDIT) { /* the trail may name them, not who */
            assert_null(strstr(pub, "KIT-S"));
            assert_null(strstr(pub, "ACT-S"));
        }
        free(pub);
        char *all = export_str(T[i], CORE_EXPORT_SENSITIVE, NULL);
        assert_true(strstr(all, "KIT-S") || strstr(all, "ACT-S") || strstr(all, "Safe House"));
        free(all);
    }
    char *act = export_str(CORE_T_ACTIVITIES, 0, NULL);
    assert_null(strstr(act, "ACT-O")); /* its lead is the sensitive partner now */
    free(act);
    char *res = export_str(CORE_T_RESOURCES, 0, NULL);
    assert_non_null(strstr(res, "KIT-O"));
    char *mov = export_str(CORE_T_MOVEMENTS, 0, NULL);
    assert_non_null(strstr(mov, "KIT-O,-3,dispatched"));
    char *aud = export_str(CORE_T_AUDIT, 0, NULL);
    assert_non_null(strstr(aud, "\"\"lead_partner\"\":[\"\"(hidden)\"\",\"\"(hidden)\"\"]"));
    assert_null(strstr(aud, "reveal"));
    free(aud);

    /* The public resources and movements import into an empty database
     * with its partners. */
    char *par = export_str(CORE_T_PARTNERS, 0, NULL);
    char *p2 = tu_path(dir, "public.db");
    core_db *orig = db;
    assert_int_equal(core_db_open(p2, CORE_OPEN_CREATE, &db, &e), CORE_OK);
    const char *texts[3] = {par, res, mov};
    const core_table_id into[3] = {CORE_T_PARTNERS, CORE_T_RESOURCES, CORE_T_MOVEMENTS};
    for (int i = 0; i < 3; i++)
        assert_int_equal(import_text(into[i], "public.csv", texts[i], strlen(texts[i]), NULL, NULL), CORE_OK);
    core_db_close(db);
    db = orig;
    free(p2);
    free(par);
    free(res);
    free(mov);
}

/* Import every file of sample-data/ into db (same order as init --demo). */
static void load_sample(core_db *into, const char *sample)
{
    static const char *const ORDER[] = {"regions", "indicators", "partners", "resources",
                                        "movements", "activities", "observations"};
    for (size_t i = 0; i < sizeof ORDER / sizeof ORDER[0]; i++) {
        char path[1024];
        snprintf(path, sizeof path, "%s/%s.csv", sample, ORDER[i]);
        core_import_opts o = {.report = collect};
        core_import_stats s;
        core_err e;
        core_status st = core_import(into, core_table_by_name(ORDER[i])->id, path, &o, &s, &e);
        if (st != CORE_OK)
            fprintf(stderr, "%s\n%s\n", e.msg, problems);
        assert_int_equal(st, CORE_OK);
        assert_true(s.inserted > 0);
    }
}

static void test_stock_count_is_a_checkpoint_that_absorbs_earlier_movements(void **state)
{
    (void)state;
    /* Counted 40 kits today (VIGIL_NOW is 2026-11-20T12:00Z). */
    static const char R[] = "code,name,category,unit,quantity\nMED-01,Trauma kits,medical,kits,40\n";
    assert_int_equal(IMPORT(CORE_T_RESOURCES, R), CORE_OK);
    /* History before the count is already in it: the quantity stands. */
    static const char M[] = "resource_code,delta,reason,at\n"
                            "MED-01,50,received,2026-11-01T08:00:00Z\n"
                            "MED-01,-10,dispatched,2026-11-10T08:00:00Z\n";
    assert_int_equal(IMPORT(CORE_T_MOVEMENTS, M), CORE_OK);
    char *out = export_str(CORE_T_RESOURCES, 0, NULL);
    assert_non_null(strstr(out, "MED-01,Trauma kits,medical,kits,,,40,"));
    free(out);
    /* The count's correction shrank by the history (40 - 50 + 10 = 0) and
     * went: the ledger is just the history, and still sums to 40. */
    out = export_str(CORE_T_MOVEMENTS, 0, NULL);
    /* The ledger reads in time order. */
    assert_non_null(strstr(out, "MED-01,50,received,2026-11-01T08:00:00Z,\n"
                                "MED-01,-10,dispatched,2026-11-10T08:00:00Z,\n"));
    assert_null(strstr(out, "MED-01,40,correction"));
    assert_null(strstr(out, "correction"));
    free(out);
    /* A movement after the count changes the quantity. */
    static const char L[] = "resource_code,delta,reason,at\nMED-01,-5,dispatched,2026-11-20T13:00:00Z\n";
    assert_int_equal(IMPORT(CORE_T_MOVEMENTS, L), CORE_OK);
    out = export_str(CORE_T_RESOURCES, 0, NULL);
    assert_non_null(strstr(out, ",35,"));
    free(out);
    core_err e;
    assert_int_equal(core_db_integrity(db, &e), CORE_OK);
    /* A count of zero is a checkpoint too: the history before it is
     * balanced by an opening correction at the count. */
    static const char R2[] = "code,name,category,unit,quantity\nMED-02,Splints,medical,pieces,0\n";
    assert_int_equal(IMPORT(CORE_T_RESOURCES, R2), CORE_OK);
    static const char M2[] = "resource_code,delta,reason,at\nMED-02,-7,dispatched,2026-11-02T08:00:00Z\n";
    assert_int_equal(IMPORT(CORE_T_MOVEMENTS, M2), CORE_OK);
    out = export_str(CORE_T_MOVEMENTS, 0, NULL);
    assert_non_null(strstr(out, "MED-02,-7,dispatched"));
    assert_non_null(strstr(out, "MED-02,7,correction,2026-11-20T12:00:00Z,stock count\n"));
    free(out);
    out = export_str(CORE_T_RESOURCES, 0, NULL);
    assert_non_null(strstr(out, "MED-02,Splints,medical,pieces,,,0,"));
    free(out);
    assert_int_equal(core_db_integrity(db, &e), CORE_OK);
}

static void test_export_import_export_is_byte_identical_for_every_table(void **state)
{
    (void)state;
    const char *sample = getenv("VIGIL_SAMPLE_DIR");
    if (!sample)
        sample = "sample-data";
    load_sample(db, sample);
    /* Round trip into a second database, exports imported as they are. */
    static const core_table_id ORDER[] = {CORE_T_REGIONS, CORE_T_INDICATORS, CORE_T_PARTNERS, CORE_T_RESOURCES,
                                          CORE_T_MOVEMENTS, CORE_T_ACTIVITIES, CORE_T_OBSERVATIONS};
    char *p2 = tu_path(dir, "copy.db");
    core_db *db2;
    core_err e;
    assert_int_equal(core_db_open(p2, CORE_OPEN_CREATE, &db2, &e), CORE_OK);
    /* The copy is made a day later, as it would be. */
    setenv("VIGIL_NOW", "2026-11-21T12:00:00Z", 1);
    char *first[8];
    for (int i = 0; i < 7; i++) {
        first[i] = export_str(ORDER[i], CORE_EXPORT_SENSITIVE, NULL);
        const char *text = first[i];
        char name[32];
        snprintf(name, sizeof name, "rt%d.csv", i);
        char *p = tu_path(dir, name);
        tu_write(p, text, strlen(text));
        core_import_opts o = {.report = collect};
        core_status st = core_import(db2, ORDER[i], p, &o, NULL, &e);
        if (st != CORE_OK)
            fprintf(stderr, "%s: %s\n%s", name, e.msg, problems);
        assert_int_equal(st, CORE_OK);
        free(p);
    }
    core_db *keep = db;
    db = db2;
    for (int i = 0; i < 7; i++) {
        char *second = export_str(ORDER[i], CORE_EXPORT_SENSITIVE, NULL);
        if (strcmp(first[i], second) != 0)
            fprintf(stderr, "table %s differs after a round trip\n", core_table_get(ORDER[i])->name);
        assert_string_equal(first[i], second);
        free(second);
        free(first[i]);
    }
    db = keep;
    assert_int_equal(core_db_integrity(db2, &e), CORE_OK);
    core_db_close(db2);
    free(p2);
}

int main(void)
{
    setlocale(LC_ALL, "C.UTF-8");
#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)
    const struct CMUnitTest tests[] = {
        T(test_quoted_commas_quotes_and_newlines_are_kept_exactly),
        T(test_crlf_line_endings_and_bom_are_accepted),
        T(test_nul_byte_is_rejected_with_its_line),
        T(test_invalid_utf8_is_rejected_with_line_and_iconv_hint),
        T(test_latin1_is_transcoded_when_asked),
        T(test_latin1_from_windows_reads_curly_quotes_and_the_euro_sign),
        T(test_unterminated_quote_is_rejected_at_the_line_it_opens),
        T(test_stray_quote_in_unquoted_field_is_rejected),
        T(test_wrong_field_count_is_rejected_with_line),
        T(test_field_over_64k_is_rejected),
        T(test_unknown_and_missing_columns_are_named),
        T(test_column_names_match_in_any_case),
        T(test_one_bad_row_imports_nothing_and_reports_every_problem),
        T(test_every_bad_value_in_a_row_is_reported),
        T(test_reimporting_the_same_file_adds_nothing),
        T(test_large_feed_in_time_order_lands_whole_and_repeats_must_agree),
        T(test_movement_without_a_time_is_recorded_now),
        T(test_rejects_file_gets_bad_rows_with_reasons_and_good_rows_are_saved),
        T(test_dry_run_validates_but_writes_nothing),
        T(test_child_region_may_come_before_its_parent),
        T(test_rejects_leave_out_a_region_whose_parent_is_nowhere_and_keep_its_stored_values),
        T(test_rows_waiting_for_a_parent_keep_file_order),
        T(test_many_rows_waiting_for_parents_settle_in_file_order),
        T(test_audit_and_alerts_exports_leave_sensitive_records_out),
        T(test_a_long_problem_line_is_cut_between_characters),
        T(test_rejects_file_may_not_be_the_input_or_the_database),
        T(test_a_good_row_behind_a_refused_one_with_the_same_code_still_lands),
        T(test_problem_report_is_capped_then_counted_per_column),
        T(test_a_rows_unknown_references_are_reported_with_its_other_problems),
        T(test_hostile_values_are_sanitised_in_problem_messages),
        T(test_sensitive_rows_and_contact_columns_stay_out_of_exports),
        T(test_rows_naming_a_sensitive_partner_stay_out_of_exports),
        T(test_stock_count_is_a_checkpoint_that_absorbs_earlier_movements),
        T(test_export_import_export_is_byte_identical_for_every_table),
    };
    return cmocka_run_group_tests_name("csv import and export", tests, NULL, NULL);
}
