/* tests/unit/test_sanitize.c — the terminal sanitiser and width helpers
 * (core/sanitize.h, SPEC §6). Every output is checked by an independent
 * validator: well-formed UTF-8, no C0, no DEL, no C1, no bidi/format
 * character, no NUL inside. */
#include "tests/unit/testutil.h"

#include <locale.h>

#include "core/sanitize.h"
#include "tests/termsafe.h"

#define FFFD "\xEF\xBF\xBD"

/* ---- helpers ------------------------------------------------------------ */

/* Independent of the decoder under test: decode by bit pattern, then reject
 * overlong forms, surrogates and out-of-range values after the fact. */
static void assert_clean_n(const char *s, size_t n)
{
    static const uint32_t min_for_len[] = { 0, 0, 0x80, 0x800, 0x10000 };
    const unsigned char *u = (const unsigned char *)s;
    size_t i = 0;
    while (i < n) {
        unsigned c = u[i];
        uint32_t cp = 0; /* GCC cannot see that fail_msg() never returns */
        size_t k = 1;
        if (c < 0x80) { cp = c; k = 1; }
        else if ((c & 0xE0) == 0xC0) { cp = c & 0x1F; k = 2; }
        else if ((c & 0xF0) == 0xE0) { cp = c & 0x0F; k = 3; }
        else if ((c & 0xF8) == 0xF0) { cp = c & 0x07; k = 4; }
        else fail_msg("byte %zu (0x%02X) cannot start a UTF-8 character", i, c);
        if (k > n - i) fail_msg("character at byte %zu is cut short", i);
        for (size_t j = 1; j < k; j++) {
            unsigned b = u[i + j];
            if ((b & 0xC0) != 0x80)
                fail_msg("byte %zu (0x%02X) is not a continuation byte", i + j, b);
            cp = (cp << 6) | (b & 0x3F);
        }
        if (cp < min_for_len[k]) fail_msg("overlong form at byte %zu", i);
        if (cp >= 0xD800 && cp <= 0xDFFF) fail_msg("surrogate at byte %zu", i);
        if (cp > 0x10FFFF) fail_msg("code point above U+10FFFF at byte %zu", i);
        if (cp < 0x20 || cp == 0x7F) fail_msg("control 0x%02X at byte %zu", (unsigned)cp, i);
        if (cp >= 0x80 && cp <= 0x9F) fail_msg("C1 U+%04X at byte %zu", (unsigned)cp, i);
        if (ts_bidi_or_format(cp)) fail_msg("bidi/format U+%04X at byte %zu", (unsigned)cp, i);
        i += k;
    }
}

static void assert_clean(const char *s)
{
    assert_non_null(s);
    assert_clean_n(s, strlen(s));
}

/* Sanitise len bytes and compare with the expected text; also check the
 * result is clean and that sanitising it again changes nothing. */
static void check_n(const char *in, size_t len, const char *expect)
{
    char *got = core_sanitize(in, len);
    assert_non_null(got);
    assert_string_equal(got, expect);
    assert_clean(got);
    char *again = core_sanitize_str(got);
    assert_non_null(again);
    assert_string_equal(again, got);
    free(again);
    free(got);
}

static void check(const char *in, const char *expect)
{
    check_n(in, strlen(in), expect);
}

/* Encode a code point as UTF-8 (no validity checks: tests use it to build
 * surrogates on purpose). Returns the length; buf gets a NUL too. */
static size_t enc(uint32_t cp, char buf[5])
{
    size_t n;
    if (cp < 0x80) { buf[0] = (char)cp; n = 1; }
    else if (cp < 0x800) {
        buf[0] = (char)(0xC0 | (cp >> 6));
        buf[1] = (char)(0x80 | (cp & 0x3F));
        n = 2;
    } else if (cp < 0x10000) {
        buf[0] = (char)(0xE0 | (cp >> 12));
        buf[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        buf[2] = (char)(0x80 | (cp & 0x3F));
        n = 3;
    } else {
        buf[0] = (char)(0xF0 | (cp >> 18));
        buf[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
        buf[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
        buf[3] = (char)(0x80 | (cp & 0x3F));
        n = 4;
    }
    buf[n] = '\0';
    return n;
}

/* Deterministic xorshift so fuzz failures reproduce. */
static uint32_t rng_state = 0x9E3779B9u;
static uint32_t rng(void)
{
    uint32_t x = rng_state;
    x ^= x << 13;
    x ^= x >> 17;
    x ^= x << 5;
    return rng_state = x;
}

/* ---- printable text passes ---------------------------------------------- */

static void test_printable_ascii_passes_unchanged(void **state)
{
    (void)state;
    char all[96];
    for (int c = 0x20; c < 0x7F; c++) all[c - 0x20] = (char)c;
    all[95] = '\0';
    check(all, all);
    check("", "");
    check("Region 7 ^ alert <U+0041> literal", "Region 7 ^ alert <U+0041> literal");
}

static void test_wide_cjk_emoji_and_combining_pass_unchanged(void **state)
{
    (void)state;
    check("日本語", "日本語");                           /* wide CJK */
    check("\xF0\x9F\x98\x80 ok", "\xF0\x9F\x98\x80 ok"); /* U+1F600 emoji */
    check("e\xCC\x81", "e\xCC\x81");                     /* e + U+0301 */
    check("Ελληνικά עברית العربية", "Ελληνικά עברית العربية");
    check("\xC2\xA0\xC2\xA9", "\xC2\xA0\xC2\xA9");       /* NBSP, © (just past C1) */
}

static void test_utf8_boundary_code_points_pass_unchanged(void **state)
{
    (void)state;
    check("\xDF\xBF", "\xDF\xBF");                 /* U+07FF   last 2-byte  */
    check("\xE0\xA0\x80", "\xE0\xA0\x80");         /* U+0800   first 3-byte */
    check("\xED\x9F\xBF", "\xED\x9F\xBF");         /* U+D7FF   before surrogates */
    check("\xEE\x80\x80", "\xEE\x80\x80");         /* U+E000   after surrogates  */
    check(FFFD, FFFD);                             /* U+FFFD   itself */
    check("\xF0\x90\x80\x80", "\xF0\x90\x80\x80"); /* U+10000  first 4-byte */
    check("\xF4\x8F\xBF\xBF", "\xF4\x8F\xBF\xBF"); /* U+10FFFF last code point */
}

/* ---- C0 controls and DEL ------------------------------------------------ */

static void test_esc_sequence_becomes_visible_caret_escape(void **state)
{
    (void)state;
    check("\x1b[2J", "^[[2J");               /* clear screen */
    check("\x1b[6n", "^[[6n");               /* CSI 6n: cursor position report */
    check("\x1b[31mred\x1b[0m", "^[[31mred^[[0m");
    check("\x1b" "c", "^[c");                 /* full reset */
}

static void test_osc_title_sequence_becomes_visible(void **state)
{
    (void)state;
    check("\x1b]0;title\x07", "^[]0;title^G");
    check("\x1b]8;;http://x\x1b\\link", "^[]8;;http://x^[\\link");
}

static void test_cr_tab_and_lf_become_caret_escapes(void **state)
{
    (void)state;
    check("a\rb", "a^Mb");
    check("a\tb", "a^Ib");
    check("a\nb", "a^Jb");
    check("\r\n", "^M^J");
}

static void test_every_c0_control_becomes_caret_letter(void **state)
{
    (void)state;
    static const char names[] = "@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_";
    for (unsigned b = 0; b < 0x20; b++) {
        char in[1] = { (char)b };
        char expect[3] = { '^', names[b], '\0' };
        check_n(in, 1, expect);
    }
}

static void test_del_becomes_caret_question_mark(void **state)
{
    (void)state;
    check("\x7f", "^?");
    check("ab\x7f" "c", "ab^?c");
}

static void test_embedded_nul_is_data_not_terminator(void **state)
{
    (void)state;
    /* No terminator at all: ASan catches any read past len. */
    const char in[3] = { 'a', '\0', 'b' };
    check_n(in, sizeof in, "a^@b");
    check_n("\0\0", 2, "^@^@");
    check_n("abc", 0, "");
}

/* ---- C1 controls -------------------------------------------------------- */

static void test_c1_code_point_becomes_unicode_escape(void **state)
{
    (void)state;
    check("\xC2\x85", "<U+0085>");            /* NEL */
    check("\xC2\x9B" "2J", "<U+009B>2J");     /* 8-bit CSI */
    check("x\xC2\x9D" "0;t\xC2\x9C", "x<U+009D>0;t<U+009C>"); /* 8-bit OSC/ST */
    for (uint32_t cp = 0x80; cp <= 0x9F; cp++) {
        char in[5], expect[16];
        size_t n = enc(cp, in);
        snprintf(expect, sizeof expect, "<U+%04X>", (unsigned)cp);
        check_n(in, n, expect);
    }
}

static void test_raw_c1_byte_becomes_replacement_character(void **state)
{
    (void)state;
    check("\x9B" "2J", FFFD "2J");
    check("a\x85" "b", "a" FFFD "b");
}

/* ---- bidi and format characters ----------------------------------------- */

static void test_bidi_override_becomes_unicode_escape(void **state)
{
    (void)state;
    check("abc\xE2\x80\xAE" "fdp.exe", "abc<U+202E>fdp.exe");  /* RLO */
    check("\xE2\x81\xA6x\xE2\x81\xA9", "<U+2066>x<U+2069>");    /* LRI..PDI */
    check("zero\xE2\x80\x8Bwidth", "zero<U+200B>width");       /* ZWSP */
    check("\xD8\xA8\xD8\x9C" "1", "\xD8\xA8<U+061C>1");              /* ALM */
}

static void test_every_listed_bidi_format_character_is_escaped(void **state)
{
    (void)state;
    static const uint32_t ranges[][2] = {
        { 0x061C, 0x061C }, { 0x200B, 0x200F }, { 0x202A, 0x202E }, { 0x2060, 0x2064 },
        { 0x2066, 0x2069 }, { 0xFEFF, 0xFEFF },
    };
    int count = 0;
    for (size_t r = 0; r < sizeof ranges / sizeof ranges[0]; r++) {
        for (uint32_t cp = ranges[r][0]; cp <= ranges[r][1]; cp++) {
            char in[5], expect[16];
            size_t n = enc(cp, in);
            snprintf(expect, sizeof expect, "<U+%04X>", (unsigned)cp);
            check_n(in, n, expect);
            count++;
        }
    }
    assert_int_equal(count, 21);
}

static void test_neighbours_of_bidi_ranges_pass_unchanged(void **state)
{
    (void)state;
    check("\xE2\x80\x8A", "\xE2\x80\x8A"); /* U+200A hair space */
    check("\xE2\x80\x90", "\xE2\x80\x90"); /* U+2010 hyphen */
    check("\xE2\x80\xAF", "\xE2\x80\xAF"); /* U+202F narrow no-break space */
    check("\xE2\x81\xB0", "\xE2\x81\xB0"); /* U+2070 superscript zero */
    check("\xE2\x81\x9F", "\xE2\x81\x9F"); /* U+205F medium mathematical space */
    check("\xEF\xBB\xBC", "\xEF\xBB\xBC"); /* U+FEFC Arabic ligature lam with alef */
    check("\xD8\x9B", "\xD8\x9B");         /* U+061B Arabic semicolon */
    check("\xD8\x9D", "\xD8\x9D");         /* U+061D Arabic end of text mark */
}

/* ---- invalid UTF-8 ------------------------------------------------------ */

static void test_lone_continuation_byte_becomes_one_replacement(void **state)
{
    (void)state;
    check("\x80", FFFD);
    check("a\xBF" "b", "a" FFFD "b");
    check("\x80\x80", FFFD FFFD);   /* each stray byte is its own subpart */
}

static void test_truncated_sequence_becomes_one_replacement(void **state)
{
    (void)state;
    check("\xE2\x82", FFFD);                 /* cut at end of input */
    check("\xE2\x82" "A", FFFD "A");         /* valid byte after it survives */
    check("\xF0\x9F\x98", FFFD);             /* 3 of 4 bytes */
    check("\xF0\x9F\x98" "\xF0\x9F\x98\x80", FFFD "\xF0\x9F\x98\x80");
    check("\xC3", FFFD);
    check("\xC3" "\xC3\xA9", FFFD "\xC3\xA9");
}

static void test_overlong_encodings_become_replacements(void **state)
{
    (void)state;
    check("\xC0\x80", FFFD FFFD);            /* overlong NUL */
    check("\xC0\xAF", FFFD FFFD);            /* overlong '/' */
    check("\xC1\xBF", FFFD FFFD);
    check("\xE0\x80\x80", FFFD FFFD FFFD);
    check("\xE0\x9F\xBF", FFFD FFFD FFFD);   /* overlong U+07FF */
    check("\xF0\x80\x80\x80", FFFD FFFD FFFD FFFD);
    check("\xF0\x8F\xBF\xBF", FFFD FFFD FFFD FFFD); /* overlong U+FFFF */
    check("\xC0\x9B", FFFD FFFD);            /* overlong ESC stays harmless */
}

static void test_surrogates_become_replacements(void **state)
{
    (void)state;
    check("\xED\xA0\x80", FFFD FFFD FFFD);   /* U+D800 */
    check("\xED\xBF\xBF", FFFD FFFD FFFD);   /* U+DFFF */
    check("\xED\xA0\xBD\xED\xB8\x80", FFFD FFFD FFFD FFFD FFFD FFFD); /* CESU pair */
}

static void test_code_points_above_10ffff_become_replacements(void **state)
{
    (void)state;
    check("\xF4\x90\x80\x80", FFFD FFFD FFFD FFFD); /* U+110000 */
    check("\xF5\x80\x80\x80", FFFD FFFD FFFD FFFD);
    check("\xF7\xBF\xBF\xBF", FFFD FFFD FFFD FFFD);
    check("\xF8\x88\x80\x80\x80", FFFD FFFD FFFD FFFD FFFD);
    check("\xFE\xFF", FFFD FFFD);
}

static void test_maximal_subparts_match_unicode_table_3_8(void **state)
{
    (void)state;
    /* The worked example in the Unicode Standard, §3.9. */
    check("\x61\xF1\x80\x80\xE1\x80\xC2\x62\x80\x63\x80\xBF\x64",
          "a" FFFD FFFD FFFD "b" FFFD "c" FFFD FFFD "d");
}

/* ---- whole input space -------------------------------------------------- */

static void test_every_single_byte_gives_clean_output(void **state)
{
    (void)state;
    for (unsigned b = 0; b <= 0xFF; b++) {
        char in[1] = { (char)b };
        char expect[4];
        if (b < 0x20) { expect[0] = '^'; expect[1] = (char)(b + 0x40); expect[2] = 0; }
        else if (b == 0x7F) strcpy(expect, "^?");
        else if (b < 0x7F) { expect[0] = (char)b; expect[1] = 0; }
        else strcpy(expect, FFFD);
        check_n(in, 1, expect);
    }
}

static void test_every_byte_pair_gives_clean_idempotent_output(void **state)
{
    (void)state;
    for (unsigned a = 0; a <= 0xFF; a++) {
        for (unsigned b = 0; b <= 0xFF; b++) {
            char in[2] = { (char)a, (char)b };
            char *got = core_sanitize(in, 2);
            assert_non_null(got);
            assert_clean(got);
            char *again = core_sanitize_str(got);
            assert_string_equal(again, got);
            free(again);
            free(got);
        }
    }
}

static void test_lead_bytes_with_any_continuation_give_clean_output(void **state)
{
    (void)state;
    static const unsigned char thirds[] = { 0x00, 0x41, 0x80, 0x8F, 0x90, 0x9F, 0xA0, 0xBF, 0xC0 };
    for (unsigned a = 0xC0; a <= 0xFF; a++)
        for (unsigned b = 0; b <= 0xFF; b++)
            for (size_t t = 0; t < sizeof thirds; t++) {
                char in[4] = { (char)a, (char)b, (char)thirds[t], (char)0x80 };
                for (size_t len = 3; len <= 4; len++) {
                    char *got = core_sanitize(in, len);
                    assert_non_null(got);
                    assert_clean(got);
                    free(got);
                }
            }
}

static void test_random_hostile_bytes_give_clean_idempotent_output(void **state)
{
    (void)state;
    /* Biased towards bytes that matter: controls, leads, continuations. */
    static const unsigned char pool[] = {
        0x00, 0x07, 0x09, 0x0A, 0x0D, 0x1B, 0x1F, 0x20, '[', 'a', 0x7F,
        0x80, 0x85, 0x8F, 0x90, 0x9B, 0x9F, 0xA0, 0xAE, 0xBF, 0xC0, 0xC1,
        0xC2, 0xDF, 0xE0, 0xE1, 0xE2, 0xED, 0xEF, 0xF0, 0xF4, 0xF5, 0xFF,
    };
    char in[64];
    for (int iter = 0; iter < 20000; iter++) {
        size_t len = rng() % sizeof in;
        for (size_t i = 0; i < len; i++)
            in[i] = (char)((rng() & 3) ? pool[rng() % sizeof pool] : (rng() & 0xFF));
        char *got = core_sanitize(in, len);
        assert_non_null(got);
        assert_clean(got);
        char *again = core_sanitize_str(got);
        assert_string_equal(again, got);
        free(again);
        /* The buffer variant agrees with the allocating one (once NULs,
         * which end a C string, are out of the way). */
        size_t clen = strnlen(in, len);
        char *ref = core_sanitize(in, clen);
        char *tmp = malloc(clen + 1);
        memcpy(tmp, in, clen);
        tmp[clen] = '\0';
        char out[64 * 8 + 1];
        size_t n = core_sanitize_into(out, sizeof out, tmp);
        assert_int_equal(n, strlen(ref));
        assert_string_equal(out, ref);
        free(tmp);
        free(ref);
        free(got);
    }
}

/* ---- NULL and the NUL-terminated variant -------------------------------- */

static void test_null_input_gives_empty_string(void **state)
{
    (void)state;
    char *a = core_sanitize(NULL, 10);
    char *b = core_sanitize_str(NULL);
    assert_non_null(a);
    assert_non_null(b);
    assert_string_equal(a, "");
    assert_string_equal(b, "");
    free(a);
    free(b);

    char out[4] = "xyz";
    assert_int_equal(core_sanitize_into(out, sizeof out, NULL), 0);
    assert_string_equal(out, "");
}

static void test_sanitize_str_stops_at_first_nul(void **state)
{
    (void)state;
    char *s = core_sanitize_str("a\x1b" "b\0\x1b");
    assert_string_equal(s, "a^[b");
    free(s);
}

/* ---- core_sanitize_into: truncation ------------------------------------- */

/* One unit per row: input bytes and what they must become. */
static const struct { const char *in, *out; } mixed[] = {
    { "a", "a" },
    { "\x1b", "^[" },
    { "[", "[" },
    { "\xE2\x80\xAE", "<U+202E>" },
    { "\xE6\x97\xA5", "\xE6\x97\xA5" },              /* 日 */
    { "\xC2\x85", "<U+0085>" },
    { "\xFF", FFFD },
    { "e", "e" },
    { "\xCC\x81", "\xCC\x81" },                      /* U+0301 */
    { "\xF0\x9F\x98\x80", "\xF0\x9F\x98\x80" },      /* U+1F600 */
    { "\t", "^I" },
    { "\xE2\x82", FFFD },                            /* truncated */
    { "z", "z" },
    { "\x7f", "^?" },
};
#define N_MIXED (sizeof mixed / sizeof mixed[0])

static void test_sanitize_into_never_splits_char_or_escape_at_any_size(void **state)
{
    (void)state;
    char in[128] = "", expect[256] = "";
    size_t bounds[N_MIXED + 1];
    bounds[0] = 0;
    for (size_t i = 0; i < N_MIXED; i++) {
        strcat(in, mixed[i].in);
        strcat(expect, mixed[i].out);
        bounds[i + 1] = strlen(expect);
    }
    size_t full = strlen(expect);

    for (size_t outsz = 1; outsz <= full + 2; outsz++) {
        /* Exactly outsz bytes, so ASan flags a write one past the end. */
        char *out = malloc(outsz);
        assert_non_null(out);
        memset(out, 0xAA, outsz);
        size_t n = core_sanitize_into(out, outsz, in);

        size_t want = 0; /* the last unit boundary that fits with the NUL */
        for (size_t i = 0; i <= N_MIXED; i++)
            if (bounds[i] <= outsz - 1) want = bounds[i];

        assert_int_equal(n, want);
        assert_true(n < outsz);
        assert_int_equal(out[n], '\0');
        assert_int_equal(strlen(out), n);
        assert_memory_equal(out, expect, n);
        assert_clean(out);
        free(out);
    }
}

static void test_sanitize_into_with_zero_size_writes_nothing(void **state)
{
    (void)state;
    char out[2] = { 'X', 'Y' };
    assert_int_equal(core_sanitize_into(out, 0, "abc"), 0);
    assert_int_equal(out[0], 'X');
    assert_int_equal(core_sanitize_into(NULL, 0, "abc"), 0);
}

static void test_sanitize_into_size_one_gives_empty_string(void **state)
{
    (void)state;
    char out[1] = { 'X' };
    assert_int_equal(core_sanitize_into(out, 1, "abc"), 0);
    assert_int_equal(out[0], '\0');
}

static void test_sanitize_into_drops_whole_escape_that_does_not_fit(void **state)
{
    (void)state;
    char out[8];
    /* "ab" + "<U+202E>" needs 10 bytes + NUL: the escape goes, not half of it. */
    assert_int_equal(core_sanitize_into(out, sizeof out, "ab\xE2\x80\xAE" "c"), 2);
    assert_string_equal(out, "ab");
    /* Room for 2 bytes: "a" fits, "^[" would need 2 more, so it goes. */
    char small[3];
    assert_int_equal(core_sanitize_into(small, sizeof small, "a\x1b"), 1);
    assert_string_equal(small, "a");
}

/* ---- width -------------------------------------------------------------- */

static void test_width_of_ascii_is_its_length(void **state)
{
    (void)state;
    assert_int_equal(core_text_width("hello"), 5);
    assert_int_equal(core_text_width(""), 0);
    assert_int_equal(core_text_width(NULL), 0);
    char *s = core_sanitize_str("\x1b[2J");
    assert_int_equal(core_text_width(s), 5); /* "^[[2J" */
    free(s);
}

static void test_width_of_cjk_and_emoji_is_two_per_character(void **state)
{
    (void)state;
    assert_int_equal(core_text_width("日本語"), 6);
    assert_int_equal(core_text_width("a日b"), 4);
    assert_int_equal(core_text_width("\xF0\x9F\x98\x80"), 2);
}

static void test_width_of_combining_mark_is_zero(void **state)
{
    (void)state;
    assert_int_equal(core_text_width("e\xCC\x81"), 1);
    assert_int_equal(core_text_width("\xCC\x81"), 0);
    assert_int_equal(core_text_width("a\xCC\x81\xCC\x82\xCC\x83" "b"), 2);
}

static void test_width_counts_unprintable_code_point_as_one(void **state)
{
    (void)state;
    /* U+0378 is unassigned; wcwidth says -1 but it still takes a cell. */
    assert_int_equal(core_text_width("\xCD\xB8"), 1);
    assert_int_equal(core_text_width(FFFD), 1);
    /* Text that skipped the sanitiser still measures sensibly. */
    assert_int_equal(core_text_width("a\x1b" "b"), 3);
    assert_int_equal(core_text_width("a\xFF" "b"), 3);
}

/* ---- fit ---------------------------------------------------------------- */

static void test_fit_ascii_cuts_at_column_count(void **state)
{
    (void)state;
    int w = -1;
    assert_int_equal(core_text_fit("hello", 3, &w), 3);
    assert_int_equal(w, 3);
    assert_int_equal(core_text_fit("hello", 10, &w), 5);
    assert_int_equal(w, 5);
    assert_int_equal(core_text_fit("hello", 0, &w), 0);
    assert_int_equal(w, 0);
    assert_int_equal(core_text_fit("hello", -1, &w), 0);
    assert_int_equal(w, 0);
    assert_int_equal(core_text_fit(NULL, 5, &w), 0);
    assert_int_equal(w, 0);
    assert_int_equal(core_text_fit("hello", 2, NULL), 2);
}

static void test_fit_never_splits_a_wide_character(void **state)
{
    (void)state;
    int w = -1;
    assert_int_equal(core_text_fit("日本", 3, &w), 3);   /* only 日 */
    assert_int_equal(w, 2);
    assert_int_equal(core_text_fit("a日", 2, &w), 1);    /* 日 needs 2, 1 left */
    assert_int_equal(w, 1);
    assert_int_equal(core_text_fit("日", 1, &w), 0);
    assert_int_equal(w, 0);
    assert_int_equal(core_text_fit("日本", 4, &w), 6);
    assert_int_equal(w, 4);
}

static void test_fit_keeps_combining_marks_with_included_base(void **state)
{
    (void)state;
    int w = -1;
    /* e + U+0301 + U+0302, then x */
    assert_int_equal(core_text_fit("e\xCC\x81\xCC\x82x", 1, &w), 5);
    assert_int_equal(w, 1);
    /* The marks on a wide character that does not fit go with it. */
    assert_int_equal(core_text_fit("a日\xCC\x81", 2, &w), 1);
    assert_int_equal(w, 1);
    assert_int_equal(core_text_fit("a日\xCC\x81", 3, &w), 6);
    assert_int_equal(w, 3);
}

/* ---- scale -------------------------------------------------------------- */

static void test_ten_thousand_combining_marks_are_handled_in_one_pass(void **state)
{
    (void)state;
    size_t marks = 10000, len = 1 + 2 * marks;
    char *s = malloc(len + 1);
    assert_non_null(s);
    s[0] = 'e';
    for (size_t i = 0; i < marks; i++) {
        s[1 + 2 * i] = (char)0xCC;
        s[2 + 2 * i] = (char)0x81;
    }
    s[len] = '\0';

    char *san = core_sanitize(s, len);
    assert_non_null(san);
    assert_memory_equal(san, s, len + 1);
    assert_int_equal(core_text_width(san), 1);
    int w = -1;
    assert_int_equal(core_text_fit(san, 1, &w), len);
    assert_int_equal(w, 1);
    assert_int_equal(core_text_fit(san, 0, &w), 0);

    char *buf = malloc(len + 1);
    assert_int_equal(core_sanitize_into(buf, len + 1, s), len);
    assert_memory_equal(buf, s, len + 1);
    /* One byte short: the last 2-byte mark goes whole, not half of it. */
    assert_int_equal(core_sanitize_into(buf, len, s), len - 2);
    assert_clean(buf);

    free(buf);
    free(san);
    free(s);
}

static void test_megabyte_of_worst_case_input_is_sanitised(void **state)
{
    (void)state;
    /* C2 85 is the largest growth (2 bytes -> 8), so the output is 4x. */
    size_t pairs = 512 * 1024, len = 2 * pairs;
    char *s = malloc(len);
    assert_non_null(s);
    for (size_t i = 0; i < pairs; i++) {
        s[2 * i] = (char)0xC2;
        s[2 * i + 1] = (char)0x85;
    }
    char *out = core_sanitize(s, len);
    assert_non_null(out);
    assert_int_equal(strlen(out), 8 * pairs);
    assert_memory_equal(out, "<U+0085><U+0085>", 16);
    free(out);
    free(s);
}

/* ---- runner ------------------------------------------------------------- */

static int group_setup(void **state)
{
    (void)state;
    /* Widths of CJK and combining marks need a UTF-8 ctype. */
    return setlocale(LC_ALL, "C.UTF-8") ? 0 : -1;
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_printable_ascii_passes_unchanged),
        cmocka_unit_test(test_wide_cjk_emoji_and_combining_pass_unchanged),
        cmocka_unit_test(test_utf8_boundary_code_points_pass_unchanged),
        cmocka_unit_test(test_esc_sequence_becomes_visible_caret_escape),
        cmocka_unit_test(test_osc_title_sequence_becomes_visible),
        cmocka_unit_test(test_cr_tab_and_lf_become_caret_escapes),
        cmocka_unit_test(test_every_c0_control_becomes_caret_letter),
        cmocka_unit_test(test_del_becomes_caret_question_mark),
        cmocka_unit_test(test_embedded_nul_is_data_not_terminator),
        cmocka_unit_test(test_c1_code_point_becomes_unicode_escape),
        cmocka_unit_test(test_raw_c1_byte_becomes_replacement_character),
        cmocka_unit_test(test_bidi_override_becomes_unicode_escape),
        cmocka_unit_test(test_every_listed_bidi_format_character_is_escaped),
        cmocka_unit_test(test_neighbours_of_bidi_ranges_pass_unchanged),
        cmocka_unit_test(test_lone_continuation_byte_becomes_one_replacement),
        cmocka_unit_test(test_truncated_sequence_becomes_one_replacement),
        cmocka_unit_test(test_overlong_encodings_become_replacements),
        cmocka_unit_test(test_surrogates_become_replacements),
        cmocka_unit_test(test_code_points_above_10ffff_become_replacements),
        cmocka_unit_test(test_maximal_subparts_match_unicode_table_3_8),
        cmocka_unit_test(test_every_single_byte_gives_clean_output),
        cmocka_unit_test(test_every_byte_pair_gives_clean_idempotent_output),
        cmocka_unit_test(test_lead_bytes_with_any_continuation_give_clean_output),
        cmocka_unit_test(test_random_hostile_bytes_give_clean_idempotent_output),
        cmocka_unit_test(test_null_input_gives_empty_string),
        cmocka_unit_test(test_sanitize_str_stops_at_first_nul),
        cmocka_unit_test(test_sanitize_into_never_splits_char_or_escape_at_any_size),
        cmocka_unit_test(test_sanitize_into_with_zero_size_writes_nothing),
        cmocka_unit_test(test_sanitize_into_size_one_gives_empty_string),
        cmocka_unit_test(test_sanitize_into_drops_whole_escape_that_does_not_fit),
        cmocka_unit_test(test_width_of_ascii_is_its_length),
        cmocka_unit_test(test_width_of_cjk_and_emoji_is_two_per_character),
        cmocka_unit_test(test_width_of_combining_mark_is_zero),
        cmocka_unit_test(test_width_counts_unprintable_code_point_as_one),
        cmocka_unit_test(test_fit_ascii_cuts_at_column_count),
        cmocka_unit_test(test_fit_never_splits_a_wide_character),
        cmocka_unit_test(test_fit_keeps_combining_marks_with_included_base),
        cmocka_unit_test(test_ten_thousand_combining_marks_are_handled_in_one_pass),
        cmocka_unit_test(test_megabyte_of_worst_case_input_is_sanitised),
    };
    return cmocka_run_group_tests(tests, group_setup, NULL);
}
