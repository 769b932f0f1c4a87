/* tests/unit/test_query.c — the list panels' queries (core/query.h):
 * counts, pages and positions agree with each other in every order, and
 * the filter finds what the row's text holds. */
#include "testutil.h"

#include "core/alerts.h"
#include "core/db.h"
#include "core/query.h"
#include "core/store.h"

#define NOW_ISO "2026-11-20T12:00:00Z"

static char *dir;
static core_db *db;

static void insert(core_table_id t, const char *const *vals)
{
    core_err e;
    core_field_error fe;
    core_status st = core_row_insert(db, t, vals, NULL, &fe, &e);
    if (st != CORE_OK)
        fprintf(stderr, "insert: %s (%s)\n", e.msg, fe.msg);
    assert_int_equal(st, CORE_OK);
}

/* A small operation with ties in every sort column, NULLs, joined names,
 * sensitive contacts and LIKE wildcards in the data. */
static void fill(void)
{
    const char *regions[][4] = {{"XA01", "Northmoor", "", "1000"}, {"XA02", "Eastwick Valley", "", ""},
                                {"XA03", "Salt 100% Flats", "", "5"}};
    for (size_t i = 0; i < sizeof regions / sizeof regions[0]; i++)
        insert(CORE_T_REGIONS, regions[i]);
    static const char *const KINDS[] = {"local_ngo", "cso", "faith_group", "media"};
    for (int i = 0; i < 37; i++) {
        char name[64], acr[16], email[64], last[16], trust[4];
        snprintf(name, sizeof name, i == 5 ? "Alpha Relief" : i == 6 ? "Kessa_ab" : "Partner %02d", i);
        snprintf(acr, sizeof acr, i == 5 ? "ALF" : i == 6 ? "cd" : i % 3 ? "P%d" : "", i);
        snprintf(email, sizeof email, i == 7 ? "secret.person@x.example" : i == 8 ? "open.person@x.example" : "");
        snprintf(last, sizeof last, "2026-%02d-%02d", 8 + i % 4, 1 + i % 20);
        snprintf(trust, sizeof trust, i % 4 ? "%d" : "", 1 + i % 5);
        const char *v[] = {name, acr, KINDS[i % 4], i % 2 ? "protection;health" : "",
                           i % 3 == 0 ? "XA01" : i % 3 == 1 ? "XA02" : i == 2 ? "XA03" : "", "A. Contact", "", email, trust, last,
                           i == 7 ? "1" : "0", i == 9 ? "notes with 50% off" : ""};
        insert(CORE_T_PARTNERS, v);
    }
    static const char *const CATS[] = {"medical", "food", "water"};
    for (int i = 0; i < 23; i++) {
        char code[16], qty[8], min[8], exp[16];
        snprintf(code, sizeof code, "RES-%02d", i);
        snprintf(qty, sizeof qty, "%d", i % 5 * 3);
        snprintf(min, sizeof min, i % 2 ? "%d" : "", i % 4 * 2);
        snprintf(exp, sizeof exp, i % 3 ? "2026-12-%02d" : "", 1 + i);
        const char *v[] = {code, i % 2 ? "Kits" : "Bags", CATS[i % 3], "units", i % 2 ? "XA01" : "", "Depot",
                           qty, min, i % 4 ? "Partner 01" : "", "available", exp};
        insert(CORE_T_RESOURCES, v);
    }
    static const char *const STATUS[] = {"planned", "ongoing", "completed", "postponed"};
    for (int i = 0; i < 29; i++) {
        char code[16], start[16], end[16], target[8];
        snprintf(code, sizeof code, "ACT-%02d", i);
        snprintf(start, sizeof start, "2026-%02d-01", 1 + i % 9);
        snprintf(end, sizeof end, i % 5 ? "2026-%02d-15" : "", 2 + i % 9 + i % 2);
        snprintf(target, sizeof target, "%d", 10 * (i % 6));
        const char *v[] = {code, i % 2 ? "Dialogue" : "Training", "dialogue", i % 3 ? "XA02" : "",
                           i % 4 ? "Alpha Relief" : "", STATUS[i % 4], start, end, target, "", "", ""};
        insert(CORE_T_ACTIVITIES, v);
    }
    core_err e;
    assert_int_equal(core_alerts_refresh(db, NULL, &e), CORE_OK);
}

static int setup(void **state)
{
    (void)state;
    setenv("VIGIL_NOW", NOW_ISO, 1);
    dir = tu_tmpdir();
    char *path = tu_path(dir, "q.db");
    core_err e;
    assert_int_equal(core_db_open(path, CORE_OPEN_CREATE, &db, &e), CORE_OK);
    free(path);
    fill();
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    core_db_close(db);
    tu_rmdir(dir);
    free(dir);
    return 0;
}

/* Ids of the whole list in one fetch. */
static int64_t *all_ids(core_list *l, int64_t *n)
{
    core_err e;
    *n = core_list_count(l, &e);
    assert_true(*n >= 0);
    assert_int_equal(core_list_fetch(l, 0, (int)*n + 3, &e), CORE_OK);
    int64_t *ids = calloc((size_t)*n + 1, sizeof *ids);
    assert_non_null(ids);
    for (int64_t k = 0; k < *n; k++) {
        ids[k] = core_list_id(l, k);
        assert_true(ids[k] > 0);
        for (int64_t j = 0; j < k; j++)
            assert_true(ids[j] != ids[k]);
    }
    assert_int_equal(core_list_id(l, *n), -1);
    return ids;
}

static void check_consistent(core_list *l, const char *what)
{
    core_err e;
    int64_t n;
    int64_t *ids = all_ids(l, &n);
    /* Pages of 7 from anywhere give the same rows in the same order. */
    for (int64_t first = 0; first < n; first += 5) {
        core_list_invalidate(l);
        assert_int_equal(core_list_fetch(l, first, 7, &e), CORE_OK);
        for (int64_t k = first; k < first + 7; k++) {
            int64_t want = k < n ? ids[k] : -1;
            if (core_list_id(l, k) != want)
                fprintf(stderr, "%s: row %lld of %lld: id %lld, expected %lld\n", what, (long long)k,
                        (long long)n, (long long)core_list_id(l, k), (long long)want);
            assert_int_equal(core_list_id(l, k), want);
        }
    }
    /* Every row's position is where the page has it. */
    for (int64_t k = 0; k < n; k++) {
        core_list_invalidate(l);
        int64_t at = core_list_index_of(l, ids[k], &e);
        if (at != k)
            fprintf(stderr, "%s: index_of(%lld) = %lld, expected %lld\n", what, (long long)ids[k], (long long)at,
                    (long long)k);
        assert_int_equal(at, k);
    }
    assert_int_equal(core_list_index_of(l, 999999, &e), -1);
    free(ids);
}

static void test_count_pages_and_positions_agree_in_every_order_and_filter(void **state)
{
    (void)state;
    static const char *const FILTERS[] = {NULL, "a", "P", "e s", "%", "_", "zzz-nothing"};
    for (int k = 0; k < CORE_LIST_KIND_COUNT; k++) {
        core_list *l;
        core_err e;
        assert_int_equal(core_list_open(db, (core_list_kind)k, &l, &e), CORE_OK);
        for (int col = 0; col < core_list_ncols(l); col++) {
            if (!core_list_sortable(l, col))
                continue;
            for (int desc = 0; desc < 2; desc++) {
                for (size_t f = 0; f < sizeof FILTERS / sizeof FILTERS[0]; f++) {
                    core_list_set_sort(l, col, desc);
                    core_list_set_filter(l, FILTERS[f]);
                    char what[120];
                    snprintf(what, sizeof what, "list %d col %d %s filter '%s'", k, col, desc ? "desc" : "asc",
                             FILTERS[f] ? FILTERS[f] : "");
                    check_consistent(l, what);
                }
            }
        }
        core_list_close(l);
    }
}

/* Count the rows that the filter finds, and whether the one named is one. */
static int64_t filtered(core_list_kind kind, const char *text)
{
    core_list *l;
    core_err e;
    assert_int_equal(core_list_open(db, kind, &l, &e), CORE_OK);
    core_list_set_filter(l, text);
    int64_t n = core_list_count(l, &e);
    core_list_close(l);
    return n;
}

static void test_filter_finds_text_in_any_piece_including_joined_tables(void **state)
{
    (void)state;
    /* Region names come from the join; case does not matter. */
    assert_int_equal(filtered(CORE_LIST_PARTNERS, "northmoor"), 13);
    assert_int_equal(filtered(CORE_LIST_PARTNERS, "EASTWICK"), 12);
    /* The lead partner's name, two joins away from nothing. */
    assert_int_equal(filtered(CORE_LIST_ACTIVITIES, "relief"), 21);
    assert_int_equal(filtered(CORE_LIST_RESOURCES, "northmoor"), 11);
    /* Beyond ASCII too (SPEC §4: case-insensitive). */
    const char *v[] = {"Réseau des Femmes de Northmoor", "", "cso", "", "", "", "", "", "", "", "0", ""};
    insert(CORE_T_PARTNERS, v);
    assert_int_equal(filtered(CORE_LIST_PARTNERS, "RÉSEAU"), 1);
    assert_int_equal(filtered(CORE_LIST_PARTNERS, "réseau des"), 1);
}

static void test_filter_with_a_space_matches_across_pieces_and_without_one_does_not(void **state)
{
    (void)state;
    /* name "Alpha Relief", acronym "ALF": the row's text is "Alpha Relief ALF ...". */
    assert_int_equal(filtered(CORE_LIST_PARTNERS, "relief alf"), 1);
    assert_int_equal(filtered(CORE_LIST_PARTNERS, "Relief  ALF"), 0);
    /* name "Kessa_ab", acronym "cd": "ab cd" spans the pieces, "abcd" is nowhere. */
    assert_int_equal(filtered(CORE_LIST_PARTNERS, "ab cd"), 1);
    assert_int_equal(filtered(CORE_LIST_PARTNERS, "abcd"), 0);
    /* Partner 02 is in "Salt 100% Flats": a spaced filter inside one piece. */
    assert_int_equal(filtered(CORE_LIST_PARTNERS, "salt 100% fl"), 1);
    assert_int_equal(filtered(CORE_LIST_PARTNERS, "XA03 salt"), 1);
}

static void test_filter_wildcards_are_literal_and_sensitive_contacts_are_not_searched(void **state)
{
    (void)state;
    /* '%' is in partner 09's notes and partner 02's region name; '_' in
     * the kinds local_ngo and faith_group (19 partners, "Kessa_ab" among
     * them) and nowhere else. */
    assert_int_equal(filtered(CORE_LIST_PARTNERS, "%"), 2);
    assert_int_equal(filtered(CORE_LIST_PARTNERS, "50% off"), 1);
    assert_int_equal(filtered(CORE_LIST_PARTNERS, "_"), 19);
    assert_int_equal(filtered(CORE_LIST_PARTNERS, "a_a"), 1);
    /* Partner 7 is sensitive: its e-mail is not searched; partner 8's is. */
    assert_int_equal(filtered(CORE_LIST_PARTNERS, "secret.person"), 0);
    assert_int_equal(filtered(CORE_LIST_PARTNERS, "open.person"), 1);
    assert_int_equal(filtered(CORE_LIST_PARTNERS, "open.person@x.example"), 1);
}

/* The Audit panel never shows a partner's contact details, which the
 * Partners panel masks for a sensitive partner until a reveal: a partner
 * made sensitive after an edit had its phone in the trail in clear. */
static void test_audit_panel_hides_partner_contact_details(void **state)
{
    (void)state;
    /* Partner 08's e-mail was recorded when it was inserted. */
    assert_int_equal(filtered(CORE_LIST_AUDIT, "open.person"), 0);
    core_list *l;
    core_err e;
    assert_int_equal(core_list_open(db, CORE_LIST_AUDIT, &l, &e), CORE_OK);
    core_list_set_filter(l, "insert partners Partner 08");
    assert_int_equal(core_list_count(l, &e), 1);
    assert_int_equal(core_list_fetch(l, 0, 1, &e), CORE_OK);
    const char *changes = core_list_cell(l, 0, 5);
    assert_null(strstr(changes, "open.person"));
    assert_non_null(strstr(changes, "\"email\":[\"(hidden)\",\"(hidden)\"]"));
    assert_non_null(strstr(changes, "\"name\":[null,\"Partner 08\"]"));
    core_change *c;
    int n;
    assert_int_equal(core_audit_changes(db, core_list_id(l, 0), &c, &n, &e), CORE_OK);
    int seen = 0;
    for (int i = 0; i < n; i++)
        if (!strcmp(c[i].field, "email")) {
            assert_string_equal(c[i].after, "(hidden)");
            seen = 1;
        }
    assert_true(seen);
    core_changes_free(c, n);
    core_list_close(l);
}

static void test_audit_newest_first_counts_every_entry_without_a_scan(void **state)
{
    (void)state;
    core_err e;
    int64_t counts[16];
    assert_int_equal(core_db_counts(db, counts, &e), CORE_OK);
    core_list *l;
    assert_int_equal(core_list_open(db, CORE_LIST_AUDIT, &l, &e), CORE_OK);
    core_list_set_sort(l, 0, 1);
    assert_int_equal(core_list_count(l, &e), counts[CORE_T_AUDIT]);
    check_consistent(l, "audit newest first");
    core_list_close(l);
}

/* The Stock column says why a row is marked, never colour alone; low stock
 * that also expires soon says both (two alerts stand). Now is 2026-11-20. */
static void test_stock_column_says_why_a_resource_is_marked(void **state)
{
    (void)state;
    static const char *const R[][4] = {
        {"RX-1", "1", "5", "2026-11-25"},  {"RX-2", "1", "5", ""},  {"RX-3", "10", "5", "2026-11-25"},
        {"RX-4", "3", "", "2026-11-01"},   {"RX-5", "0", "5", ""},  {"RX-6", "10", "5", "2027-01-01"},
        {"RX-7", "0", "0", ""}, /* none left, but none needed: no alert either */
    };
    static const char *const WANT[] = {"LOW+EXP", "LOW", "EXPIRES", "EXPIRED", "OUT", "ok", "ok"};
    for (size_t i = 0; i < 7; i++) {
        const char *v[] = {R[i][0], "Kits", "medical", "kits", "", "", R[i][1], R[i][2], "", "available", R[i][3]};
        insert(CORE_T_RESOURCES, v);
    }
    core_list *l;
    core_err e;
    assert_int_equal(core_list_open(db, CORE_LIST_RESOURCES, &l, &e), CORE_OK);
    core_list_set_filter(l, "RX-");
    core_list_set_sort(l, 0, 0);
    assert_int_equal(core_list_count(l, &e), 7);
    assert_int_equal(core_list_fetch(l, 0, 7, &e), CORE_OK);
    for (int i = 0; i < 7; i++) {
        assert_string_equal(core_list_cell(l, i, 0), R[i][0]);
        assert_string_equal(core_list_cell(l, i, 6), WANT[i]);
    }
    core_list_close(l);
}

/* The Alerts panel lists alerts whose condition holds before cleared
 * ones still waiting for an acknowledgement, as vigil alerts does: a
 * cleared red never sits above an open amber. */
static void test_alerts_panel_lists_open_alerts_before_cleared_ones(void **state)
{
    (void)state;
    const char *out[] = {"RZ-1", "Kits", "medical", "kits", "", "", "0", "5", "", "available", ""};
    insert(CORE_T_RESOURCES, out);
    core_err e;
    assert_int_equal(core_alerts_refresh(db, NULL, &e), CORE_OK);
    const char *low[] = {"RZ-2", "Kits", "medical", "kits", "", "", "1", "5", "", "available", ""};
    insert(CORE_T_RESOURCES, low);
    /* RZ-1 is counted again, 10 on hand: its red alert clears. */
    int64_t id;
    core_row r;
    assert_int_equal(core_row_find(db, CORE_T_RESOURCES, "RZ-1", &id, &e), CORE_OK);
    assert_int_equal(core_row_get(db, CORE_T_RESOURCES, id, &r, &e), CORE_OK);
    const char *count10[11] = {[6] = "10"};
    core_field_error fe;
    assert_int_equal(core_row_update(db, CORE_T_RESOURCES, id, r.version, count10, &fe, &e), CORE_OK);
    core_row_free(&r);
    assert_int_equal(core_alerts_refresh(db, NULL, &e), CORE_OK);
    core_list *l;
    assert_int_equal(core_list_open(db, CORE_LIST_ALERTS, &l, &e), CORE_OK);
    core_list_set_filter(l, "RZ-");
    assert_int_equal(core_list_count(l, &e), 2);
    assert_int_equal(core_list_fetch(l, 0, 2, &e), CORE_OK);
    assert_string_equal(core_list_cell(l, 0, 0), "AMBER");
    assert_string_equal(core_list_cell(l, 0, 1), "OPEN");
    assert_string_equal(core_list_cell(l, 1, 0), "RED");
    assert_string_equal(core_list_cell(l, 1, 1), "cleared");
    core_list_close(l);
}

/* A form's reference field: one record named, or several, or none. */
static void test_reference_completion_names_one_record_or_says_several_match(void **state)
{
    (void)state;
    char key[64], label[128];
    /* "XA0" begins all three regions: several, the first offered. */
    assert_int_equal(core_ref_complete(db, CORE_T_REGIONS, "XA0", key, sizeof key, label, sizeof label), 2);
    assert_string_equal(key, "XA01");
    /* A whole code names its record, in any case. */
    assert_int_equal(core_ref_complete(db, CORE_T_REGIONS, "xa02", key, sizeof key, label, sizeof label), 1);
    assert_string_equal(key, "XA02");
    assert_string_equal(label, "XA02  Eastwick Valley");
    /* A name's piece that only one region has. */
    assert_int_equal(core_ref_complete(db, CORE_T_REGIONS, "wick", key, sizeof key, label, sizeof label), 1);
    assert_string_equal(key, "XA02");
    /* "Partner 0" begins ten partners; "Alpha" one. */
    assert_int_equal(core_ref_complete(db, CORE_T_PARTNERS, "Partner 0", key, sizeof key, label, sizeof label), 2);
    assert_int_equal(core_ref_complete(db, CORE_T_PARTNERS, "Alpha", key, sizeof key, label, sizeof label), 1);
    assert_string_equal(key, "Alpha Relief");
    assert_int_equal(core_ref_complete(db, CORE_T_REGIONS, "Nowhere", key, sizeof key, label, sizeof label), 0);
    /* A whole name, in any case, names its record even when it begins
     * another; two names differing only in case need the exact one. */
    const char *e1[] = {"Église Unie", "", "faith_group", "", "", "", "", "", "", "", "0", ""};
    const char *e2[] = {"Église Unie du Nord", "", "faith_group", "", "", "", "", "", "", "", "0", ""};
    const char *e3[] = {"ALPHA RELIEF", "", "cso", "", "", "", "", "", "", "", "0", ""};
    insert(CORE_T_PARTNERS, e1);
    insert(CORE_T_PARTNERS, e2);
    insert(CORE_T_PARTNERS, e3);
    assert_int_equal(core_ref_complete(db, CORE_T_PARTNERS, "église unie", key, sizeof key, label, sizeof label), 1);
    assert_string_equal(key, "Église Unie");
    assert_int_equal(core_ref_complete(db, CORE_T_PARTNERS, "Église", key, sizeof key, label, sizeof label), 2);
    assert_int_equal(core_ref_complete(db, CORE_T_PARTNERS, "Alpha Relief", key, sizeof key, label, sizeof label), 1);
    assert_string_equal(key, "Alpha Relief");
    assert_int_equal(core_ref_complete(db, CORE_T_PARTNERS, "ALPHA RELIEF", key, sizeof key, label, sizeof label), 1);
    assert_string_equal(key, "ALPHA RELIEF");
    assert_int_equal(core_ref_complete(db, CORE_T_PARTNERS, "alpha relief", key, sizeof key, label, sizeof label), 2);
    /* Spaces around, as a cell copied from a sheet brings them, do not count. */
    assert_int_equal(core_ref_complete(db, CORE_T_PARTNERS, " Alpha Relief\t", key, sizeof key, label, sizeof label), 1);
    assert_string_equal(key, "Alpha Relief");
    assert_int_equal(core_ref_complete(db, CORE_T_REGIONS, "xa02 ", key, sizeof key, label, sizeof label), 1);
    assert_string_equal(key, "XA02");
    /* A whole name in another case names its region, however many names
     * sort before it among those containing it. */
    const char *r1[] = {"XB01", "Anchor Northmoor", "", ""};
    const char *r2[] = {"XB02", "Big Northmoor", "", ""};
    insert(CORE_T_REGIONS, r1);
    insert(CORE_T_REGIONS, r2);
    assert_int_equal(core_ref_complete(db, CORE_T_REGIONS, "NORTHMOOR", key, sizeof key, label, sizeof label), 1);
    assert_string_equal(key, "XA01");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_count_pages_and_positions_agree_in_every_order_and_filter, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_filter_finds_text_in_any_piece_including_joined_tables, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_filter_with_a_space_matches_across_pieces_and_without_one_does_not,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(test_filter_wildcards_are_literal_and_sensitive_contacts_are_not_searched,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(test_audit_newest_first_counts_every_entry_without_a_scan, setup, teardown),
        cmocka_unit_test_setup_teardown(test_audit_panel_hides_partner_contact_details, setup, teardown),
        cmocka_unit_test_setup_teardown(test_alerts_panel_lists_open_alerts_before_cleared_ones, setup, teardown),
        cmocka_unit_test_setup_teardown(test_stock_column_says_why_a_resource_is_marked, setup, teardown),
        cmocka_unit_test_setup_teardown(test_reference_completion_names_one_record_or_says_several_match, setup,
                                        teardown),
    };
    return cmocka_run_group_tests_name("query", tests, NULL, NULL);
}
