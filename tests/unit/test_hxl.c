/* HXL hashtag rows and messy field files: detection, mapping, round trips,
 * a large generated import, and an import killed half-way. */
#include "coretest.h"

#include <locale.h>
#include <signal.h>
#include <sqlite3.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>

#include "core/csvio.h"
#include "core/db.h"
#include "core/hxl.h"
#include "core/store.h"

static core_status import_text(core_table_id t, const char *text, core_import_stats *s)
{
    return import_file_text(t, "in.csv", text, strlen(text), NULL, s);
}


static void regions(void)
{
    assert_int_equal(import_text(CORE_T_REGIONS, "code,name\nXV03,Upper Kessa\nXV05,Tovreth\n", NULL), CORE_OK);
}

static void test_tag_row_detection_needs_most_cells_to_be_hashtags(void **state)
{
    (void)state;
    const char *tags[] = {"#org+name", "#org+type", "", "#adm1+code"};
    const char *plain[] = {"name", "kind", "region_code"};
    const char *mixed[] = {"#org+name", "Kind", "Region"};
    const char *empty[] = {"", ""};
    assert_true(core_hxl_is_tag_row(tags, 4));
    assert_false(core_hxl_is_tag_row(plain, 3));
    assert_false(core_hxl_is_tag_row(mixed, 3));
    assert_false(core_hxl_is_tag_row(empty, 2));
}

static void test_hashtags_map_with_attributes_in_any_order_and_case(void **state)
{
    (void)state;
    const core_table *p = core_table_get(CORE_T_PARTNERS), *a = core_table_get(CORE_T_ACTIVITIES);
    const core_table *o = core_table_get(CORE_T_OBSERVATIONS), *r = core_table_get(CORE_T_REGIONS);
    assert_int_equal(core_hxl_map(p, "#org+name"), core_table_col(p, "name"));
    assert_int_equal(core_hxl_map(p, "#ORG +Type"), core_table_col(p, "kind"));
    assert_int_equal(core_hxl_map(p, "#contact+email"), core_table_col(p, "email"));
    assert_int_equal(core_hxl_map(p, "#sector+cluster"), core_table_col(p, "sectors"));
    assert_int_equal(core_hxl_map(a, "#date+start"), core_table_col(a, "start_date"));
    assert_int_equal(core_hxl_map(a, "#date +end"), core_table_col(a, "end_date"));
    assert_int_equal(core_hxl_map(a, "#org+name"), core_table_col(a, "lead_partner"));
    assert_int_equal(core_hxl_map(a, "#activity+type"), core_table_col(a, "kind"));
    assert_int_equal(core_hxl_map(a, "#reached"), core_table_col(a, "reached"));
    assert_int_equal(core_hxl_map(o, "#indicator+num"), core_table_col(o, "value"));
    assert_int_equal(core_hxl_map(o, "#indicator+value"), core_table_col(o, "value"));
    assert_int_equal(core_hxl_map(o, "#date"), core_table_col(o, "observed_at"));
    assert_int_equal(core_hxl_map(o, "#adm1+name"), CORE_HXL_REGION_NAME);
    /* The most specific hashtag wins. */
    assert_int_equal(core_hxl_map(r, "#adm1+code"), core_table_col(r, "code"));
    assert_int_equal(core_hxl_map(r, "#adm1+parent+code"), core_table_col(r, "parent_code"));
    assert_int_equal(core_hxl_map(p, ""), CORE_HXL_IGNORE);
    assert_int_equal(core_hxl_map(p, "#weird+thing"), CORE_HXL_UNKNOWN);
    assert_int_equal(core_hxl_map(p, "#org+na me!"), CORE_HXL_UNKNOWN);
}

static void test_hashtag_row_after_a_preamble_and_human_header(void **state)
{
    (void)state;
    regions();
    core_import_stats s;
    assert_int_equal(import_text(CORE_T_PARTNERS,
                                 "Varsenia 3W,,\n"
                                 "Source: partner reports,,\n"
                                 ",,\n"
                                 "Organisation,Type,Province\n"
                                 "#org+name,#org+type,#adm1+code\n"
                                 "Kessa Women Network,local_ngo,XV03\n",
                                 &s),
                     CORE_OK);
    assert_int_equal(s.inserted, 1);
    char *out = export_str(CORE_T_PARTNERS, 0, NULL);
    assert_non_null(strstr(out, "Kessa Women Network,,local_ngo,,XV03,"));
    free(out);
}

static void test_hashtag_row_under_plain_names_is_not_data(void **state)
{
    (void)state;
    core_import_stats s;
    assert_int_equal(import_text(CORE_T_REGIONS, "code,name\n#adm1+code,#adm1+name\nXV01,Castavel\n", &s), CORE_OK);
    assert_int_equal(s.rows, 1);
    assert_int_equal(s.inserted, 1);
}

static void test_unknown_hashtags_are_named_and_nothing_is_imported(void **state)
{
    (void)state;
    assert_int_equal(import_text(CORE_T_PARTNERS, "#org+name,#org+type,#weird+thing\nA,cso,x\n", NULL), CORE_EDATA);
    assert_non_null(strstr(problems, "in.csv:1: unknown HXL hashtag(s) '#weird+thing' for table partners"));
    problems[0] = '\0';
    assert_int_equal(import_text(CORE_T_PARTNERS, "#org+name,#sector\nA,health\n", NULL), CORE_EDATA);
    assert_non_null(strstr(problems, "required column 'kind' (#org+type) is missing"));
}

static void test_region_name_beside_its_code_is_checked(void **state)
{
    (void)state;
    regions();
    assert_int_equal(import_text(CORE_T_PARTNERS,
                                 "#org+name,#org+type,#adm1+code,#adm1+name\n"
                                 "Good Org,cso,XV03,upper kessa\n"
                                 "Bad Org,cso,XV03,Tovreth\n",
                                 NULL),
                     CORE_EDATA);
    assert_non_null(strstr(problems, "in.csv:3: #adm1+name: 'Tovreth' is not the name of region XV03"));
    assert_null(strstr(problems, "in.csv:2:"));
    /* Names without codes: the region would be dropped, so the file is
     * refused and the p-codes asked for. */
    assert_int_equal(import_text(CORE_T_PARTNERS, "#org+name,#org+type,#adm1+name\nName Only Org,cso,Tovreth\n", NULL),
                     CORE_EDATA);
    assert_non_null(strstr(problems, "in.csv:1: #adm1+name is only checked against #adm1+code, which is missing"));
}

static void test_empty_trailing_columns_and_short_rows_are_accepted_ragged_rows_are_not(void **state)
{
    (void)state;
    core_import_stats s;
    assert_int_equal(import_text(CORE_T_REGIONS, "code,name,,\nXV01,North,,\nXV02,South\nXV04,West,,,,\n", &s),
                     CORE_OK);
    assert_int_equal(s.inserted, 3);
    assert_int_equal(import_text(CORE_T_REGIONS, "code,name,,\nXV05,East,x,\n", NULL), CORE_OK);
    assert_int_equal(import_text(CORE_T_REGIONS, "code,name,population\nXV06,Far\n", NULL), CORE_EDATA);
    assert_non_null(strstr(problems, "in.csv:2: expected 3 fields as in the header, found 2"));
}

static void test_day_first_dates_and_thousands_separators_are_rejected_with_hints(void **state)
{
    (void)state;
    assert_int_equal(import_text(CORE_T_REGIONS, "code,name,population\nXV01,North,\"1,200,000\"\n", NULL),
                     CORE_EDATA);
    assert_non_null(strstr(problems, "in.csv:2: population: '1,200,000' is not a whole number (write it without "
                                     "thousands separators"));
    problems[0] = '\0';
    regions();
    assert_int_equal(import_text(CORE_T_PARTNERS, "name,kind,last_contact\nA,cso,03/11/2026\n", NULL), CORE_EDATA);
    assert_non_null(strstr(problems, "in.csv:2: last_contact: '03/11/2026' is not a date in YYYY-MM-DD form"));
}

static void test_export_with_hxl_imports_back_unchanged(void **state)
{
    (void)state;
    regions();
    assert_int_equal(import_text(CORE_T_PARTNERS,
                                 "name,acronym,kind,sectors,region_code,trust,notes\n"
                                 "\"Peace, Now\",PN,cso,protection;health,XV05,4,\"two\nlines\"\n",
                                 NULL),
                     CORE_OK);
    char *first = export_str(CORE_T_PARTNERS, CORE_EXPORT_HXL | CORE_EXPORT_SENSITIVE, NULL);
    assert_non_null(strstr(first, "\n#org+name,#org+acronym,#org+type,#sector,#adm1+code,"));
    core_db_close(db);
    char *p = tu_path(dir, "t.db");
    unlink(p);
    char *wal = tu_path(dir, "t.db-wal");
    unlink(wal);
    core_err e;
    assert_int_equal(core_db_open(p, CORE_OPEN_CREATE, &db, &e), CORE_OK);
    regions();
    assert_int_equal(import_text(CORE_T_PARTNERS, first, NULL), CORE_OK);
    char *second = export_str(CORE_T_PARTNERS, CORE_EXPORT_HXL | CORE_EXPORT_SENSITIVE, NULL);
    assert_string_equal(first, second);
    free(first);
    free(second);
    free(p);
    free(wal);
}

/* Write n generated observations (regions XV03/XV05, indicator HS). */
static char *generate(int n)
{
    char *path = tu_path(dir, "big.csv");
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fprintf(f, "region_code,indicator_code,observed_at,value,source,verification,sensitive,note\n");
    for (int i = 0; i < n; i++) {
        time_t t = 1790000000 - (time_t)(i / 2) * 3600; /* back from 2026-09-21: reports of the past */
        struct tm tm;
        gmtime_r(&t, &tm);
        char ts[24];
        strftime(ts, sizeof ts, "%Y-%m-%dT%H:%M:%SZ", &tm);
        fprintf(f, "%s,HS,%s,%d.%d,monitor %d,%s,%d,%s\n", i % 2 ? "XV03" : "XV05", ts, i % 500, i % 10, i % 7,
                i % 3 ? "verified" : "unverified", i % 11 == 0, i % 13 ? "" : "\"see, report\"");
    }
    fclose(f);
    return path;
}

static void test_generated_100k_row_import_equals_its_export(void **state)
{
    (void)state;
    regions();
    assert_int_equal(import_text(CORE_T_INDICATORS, "code,name,risk_factor\nHS,Hate speech,9\n", NULL), CORE_OK);
    char *path = generate(100000);
    core_import_opts o = {.report = collect};
    core_import_stats s;
    core_err e;
    assert_int_equal(core_import(db, CORE_T_OBSERVATIONS, path, &o, &s, &e), CORE_OK);
    assert_int_equal(s.inserted, 100000);
    /* The export (sorted by key) holds exactly the generated rows. */
    char *out = export_str(CORE_T_OBSERVATIONS, CORE_EXPORT_SENSITIVE, NULL);
    size_t lines = 0;
    for (const char *c = out; *c; c++)
        lines += *c == '\n';
    assert_int_equal(lines, 100001);
    char *again = tu_path(dir, "again.csv");
    tu_write(again, out, strlen(out));
    /* Importing the export changes nothing, and exports the same bytes. */
    assert_int_equal(core_import(db, CORE_T_OBSERVATIONS, again, &o, &s, &e), CORE_OK);
    assert_int_equal(s.unchanged, 100000);
    char *out2 = export_str(CORE_T_OBSERVATIONS, CORE_EXPORT_SENSITIVE, NULL);
    assert_string_equal(out, out2);
    assert_int_equal(core_db_integrity(db, &e), CORE_OK);
    free(out);
    free(out2);
    free(again);
    free(path);
}

static void test_import_killed_half_way_leaves_the_database_as_it_was(void **state)
{
    (void)state;
    regions();
    assert_int_equal(import_text(CORE_T_INDICATORS, "code,name,risk_factor\nHS,Hate speech,9\n", NULL), CORE_OK);
    /* Big enough to take the bulk path with index rebuilds (16 MB+). */
    char *path = generate(300000);
    char *dbp = tu_path(dir, "t.db");
    int64_t before[CORE_TABLE_COUNT];
    core_err e;
    assert_int_equal(core_db_counts(db, before, &e), CORE_OK);
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        core_db *child;
        if (core_db_open(dbp, 0, &child, &e) != CORE_OK)
            _exit(2);
        core_import_opts o = {0};
        core_import(child, CORE_T_OBSERVATIONS, path, &o, NULL, &e);
        _exit(0);
    }
    /* Kill it only once it is visibly under way: its uncommitted pages
     * are filling the write-ahead log. */
    char *wal = tu_path(dir, "t.db-wal");
    struct stat sb;
    int waited = 0;
    while ((stat(wal, &sb) != 0 || sb.st_size < 4 * 1024 * 1024) && waited < 10000) {
        usleep(10000);
        waited += 10;
    }
    assert_true(waited < 10000);
    kill(pid, SIGKILL);
    free(wal);
    int status;
    waitpid(pid, &status, 0);
    assert_true(WIFSIGNALED(status));
    core_db_close(db);
    assert_int_equal(core_db_open(dbp, 0, &db, &e), CORE_OK);
    assert_int_equal(core_db_integrity(db, &e), CORE_OK);
    int64_t after[CORE_TABLE_COUNT];
    assert_int_equal(core_db_counts(db, after, &e), CORE_OK);
    for (int i = 0; i < CORE_TABLE_COUNT; i++)
        assert_int_equal(before[i], after[i]);
    /* The index the import dropped is there again (never committed). */
    sqlite3 *h;
    assert_int_equal(sqlite3_open(dbp, &h), SQLITE_OK);
    sqlite3_stmt *st;
    sqlite3_prepare_v2(h, "SELECT count(*) FROM sqlite_schema WHERE name = 'observations_id'", -1, &st, NULL);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    assert_int_equal(sqlite3_column_int(st, 0), 1);
    sqlite3_finalize(st);
    sqlite3_close(h);
    free(dbp);
    free(path);
}

int main(void)
{
    setlocale(LC_ALL, "C.UTF-8");
#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)
    const struct CMUnitTest tests[] = {
        T(test_tag_row_detection_needs_most_cells_to_be_hashtags),
        T(test_hashtags_map_with_attributes_in_any_order_and_case),
        T(test_hashtag_row_after_a_preamble_and_human_header),
        T(test_hashtag_row_under_plain_names_is_not_data),
        T(test_unknown_hashtags_are_named_and_nothing_is_imported),
        T(test_region_name_beside_its_code_is_checked),
        T(test_empty_trailing_columns_and_short_rows_are_accepted_ragged_rows_are_not),
        T(test_day_first_dates_and_thousands_separators_are_rejected_with_hints),
        T(test_export_with_hxl_imports_back_unchanged),
        T(test_generated_100k_row_import_equals_its_export),
        T(test_import_killed_half_way_leaves_the_database_as_it_was),
    };
    return cmocka_run_group_tests_name("HXL and field files", tests, NULL, NULL);
}
