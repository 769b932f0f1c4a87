/* tests/unit/test_fold.c — the filter ignores case beyond ASCII (SPEC §4:
 * "case-insensitive"): "RÉCONC" finds "Réconciliation", "КИЕВ" "Киев",
 * with LIKE's wildcards and ESCAPE as SQLite has them. */
#include "testutil.h"

#include <sqlite3.h>

#include "core/fold.h"

static void test_capitals_fold_to_small_letters_in_the_scripts_field_reports_use(void **state)
{
    (void)state;
    static const int PAIRS[][2] = {
        {'A', 'a'},     {'Z', 'z'},     {0xC9, 0xE9},   {0xD6, 0xF6},   {0xDE, 0xFE},  {0x100, 0x101},
        {0x15A, 0x15B}, {0x141, 0x142}, {0x17D, 0x17E}, {0x178, 0xFF},  {0x130, 'i'},  {0x391, 0x3B1},
        {0x3A3, 0x3C3}, {0x3C2, 0x3C3}, {0x388, 0x3AD}, {0x38F, 0x3CE}, {0x410, 0x430}, {0x42F, 0x44F},
        {0x401, 0x451}, {0x404, 0x454}, {0x490, 0x491}, {0x531, 0x561}, {0x1EA0, 0x1EA1}, {0x1E9E, 0xDF},
    };
    for (size_t i = 0; i < sizeof PAIRS / sizeof PAIRS[0]; i++) {
        assert_int_equal(core_fold_cp(PAIRS[i][0]), PAIRS[i][1]);
        assert_int_equal(core_fold_cp(PAIRS[i][1]), PAIRS[i][1]); /* small stays small */
    }
    /* Not letters with a case: unchanged. */
    static const int SAME[] = {'1', '%', 0xD7, 0xF7, 0x138, 0x3A2, 0x4E00, 0x627, 0x1F600};
    for (size_t i = 0; i < sizeof SAME / sizeof SAME[0]; i++)
        assert_int_equal(core_fold_cp(SAME[i]), SAME[i]);
}

static void test_contains_ignores_case_in_any_of_those_scripts(void **state)
{
    (void)state;
    assert_true(core_fold_contains("Réconciliation à Tovreth", "RÉCONC"));
    assert_true(core_fold_contains("Миротворческая группа Киев", "КИЕВ"));
    /* Σ, σ and the final ς are one letter. */
    assert_true(core_fold_contains("Ομάδα ΕΙΡΗΝΗΣ", "ειρηνησ"));
    assert_true(core_fold_contains("Ομάδα ΕΙΡΗΝΗΣ", "ειρηνης"));
    assert_true(core_fold_contains("anything", ""));
    assert_true(core_fold_equal("Église Unie", "ÉGLISE unie"));
    assert_false(core_fold_equal("Église Unie", "Église Unie du Nord"));
    assert_false(core_fold_equal("Église", ""));
    assert_true(core_fold_equal("", ""));
    assert_false(core_fold_contains("Tovreth", "Kessa"));
    assert_false(core_fold_contains("", "a"));
    /* An invalid byte matches only itself. */
    assert_true(core_fold_contains("ab\xff" "cd", "\xff" "C"));
    assert_false(core_fold_contains("ab\xfe" "cd", "\xff"));
}

static int like(sqlite3 *h, const char *text, const char *pattern, const char *esc)
{
    sqlite3_stmt *st;
    assert_int_equal(sqlite3_prepare_v2(h, esc ? "SELECT ?1 LIKE ?2 ESCAPE ?3" : "SELECT ?1 LIKE ?2", -1, &st, NULL),
                     SQLITE_OK);
    sqlite3_bind_text(st, 1, text, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, pattern, -1, SQLITE_STATIC);
    if (esc)
        sqlite3_bind_text(st, 3, esc, -1, SQLITE_STATIC);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    int r = sqlite3_column_type(st, 0) == SQLITE_NULL ? -1 : sqlite3_column_int(st, 0);
    sqlite3_finalize(st);
    return r;
}

static void test_like_keeps_sqlites_wildcards_and_escape(void **state)
{
    (void)state;
    sqlite3 *h;
    assert_int_equal(sqlite3_open(":memory:", &h), SQLITE_OK);
    assert_int_equal(core_fold_register_like(h), SQLITE_OK);
    assert_int_equal(like(h, "Réconciliation", "%RÉCONC%", NULL), 1);
    assert_int_equal(like(h, "Réconciliation", "réconc", NULL), 0); /* whole text, as LIKE */
    assert_int_equal(like(h, "abc", "a_c", NULL), 1);
    assert_int_equal(like(h, "aéc", "A_C", NULL), 1);        /* _ is one character, not one byte */
    assert_int_equal(like(h, "abc", "a_", NULL), 0);
    assert_int_equal(like(h, "", "%", NULL), 1);
    assert_int_equal(like(h, "", "", NULL), 1);
    assert_int_equal(like(h, "x", "", NULL), 0);
    /* Backtracking: the first 'b' is not the one. */
    assert_int_equal(like(h, "abxbyc", "%B%C", NULL), 1);
    assert_int_equal(like(h, "aaaaaaaaaaaaaaaaaaaaaaaaaaaaab", "%a%a%a%a%a%a%b", NULL), 1);
    assert_int_equal(like(h, "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "%a%a%a%a%a%a%b", NULL), 0);
    /* ESCAPE makes a wildcard literal. */
    assert_int_equal(like(h, "50% off", "%50\\%%", "\\"), 1);
    assert_int_equal(like(h, "50 off", "%50\\%%", "\\"), 0);
    assert_int_equal(like(h, "a_b", "a\\_b", "\\"), 1);
    assert_int_equal(like(h, "axb", "a\\_b", "\\"), 0);
    /* An escape is compared as written; one at the very end matches
     * nothing (both as SQLite). */
    assert_int_equal(like(h, "x", "%X%", "X"), 0);
    assert_int_equal(like(h, "a%", "aX%", "X"), 1);
    assert_int_equal(like(h, "a\\", "%\\", "\\"), 0);
    /* Not characters: overlong forms and surrogates do not end the
     * pattern, and a stray byte does not match inside a character. */
    assert_int_equal(like(h, "a", "_\xE0\x80\x80zz", NULL), 0);
    assert_int_equal(like(h, "caf\xC3\xA9", "%\xA9%", NULL), 0);
    assert_int_equal(like(h, "ab\xA9", "%\xA9%", NULL), 1);
    assert_int_equal(like(h, "\xED\xA0\x80", "\xED\xA0\x80", NULL), 1);
    /* NULL in, NULL out. */
    sqlite3_stmt *st;
    assert_int_equal(sqlite3_prepare_v2(h, "SELECT NULL LIKE 'a'", -1, &st, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    assert_int_equal(sqlite3_column_type(st, 0), SQLITE_NULL);
    sqlite3_finalize(st);
    /* A two-character escape is an error, as in SQLite. */
    assert_int_not_equal(sqlite3_prepare_v2(h, "SELECT 'a' LIKE 'a' ESCAPE 'ab'", -1, &st, NULL) == SQLITE_OK &&
                             sqlite3_step(st) == SQLITE_ROW,
                         1);
    sqlite3_finalize(st);
    sqlite3_close(h);
}

/* The filter's pattern is folded once per statement and kept: rows after
 * the first, and the pattern bound anew after a reset, still match. */
static void test_a_kept_pattern_serves_every_row_and_a_new_binding(void **state)
{
    (void)state;
    sqlite3 *h;
    assert_int_equal(sqlite3_open(":memory:", &h), SQLITE_OK);
    assert_int_equal(core_fold_register_like(h), SQLITE_OK);
    assert_int_equal(sqlite3_exec(h,
                                  "CREATE TABLE t(x); INSERT INTO t VALUES ('Réseau Nord'), ('réseau sud'),"
                                  " ('Kessa'), ('RÉSEAU'), ('50% off'), (NULL)",
                                  NULL, NULL, NULL),
                     SQLITE_OK);
    sqlite3_stmt *st;
    assert_int_equal(sqlite3_prepare_v2(h, "SELECT count(*) FROM t WHERE x LIKE ?1 ESCAPE '\\'", -1, &st, NULL),
                     SQLITE_OK);
    static const struct { const char *pat; int n; } CASES[] = {
        {"%RÉSEAU%", 3}, {"%kessa%", 1}, {"%50\\%%", 1}, {"%é%", 3}, {"%%", 5}, {"%zz%", 0},
    };
    for (size_t i = 0; i < sizeof CASES / sizeof CASES[0]; i++) {
        sqlite3_reset(st);
        sqlite3_bind_text(st, 1, CASES[i].pat, -1, SQLITE_STATIC);
        assert_int_equal(sqlite3_step(st), SQLITE_ROW);
        assert_int_equal(sqlite3_column_int(st, 0), CASES[i].n);
    }
    sqlite3_finalize(st);
    sqlite3_close(h);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_capitals_fold_to_small_letters_in_the_scripts_field_reports_use),
        cmocka_unit_test(test_contains_ignores_case_in_any_of_those_scripts),
        cmocka_unit_test(test_like_keeps_sqlites_wildcards_and_escape),
        cmocka_unit_test(test_a_kept_pattern_serves_every_row_and_a_new_binding),
    };
    return cmocka_run_group_tests_name("fold", tests, NULL, NULL);
}
