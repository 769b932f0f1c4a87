/* tests/unit/test_validate.c — the table descriptions and the one validator
 * (core/tables.h, SPEC §2).
 *
 * The schema tests write SPEC §2 out by hand — table names, columns in SPEC
 * order, bold (required) columns, unique keys, choice lists, defaults — so
 * that any drift between core/tables.c and the contract fails here. Every
 * value rule of core_validate_value and every row rule of core_validate_row
 * has at least one accepted and one rejected case. Every rejection message
 * is checked to be free of control bytes, and where the input is a short
 * printable value, to quote it. */
#include "tests/unit/testutil.h"

#include <locale.h>
#include <time.h>

#include "core/clock.h"
#include "core/tables.h"

#define NORMSZ 512
#define MSGSZ 400

/* ---- helpers ------------------------------------------------------------ */

static const core_table *table(const char *name)
{
    const core_table *t = core_table_by_name(name);
    if (!t)
        fail_msg("no table '%s'", name);
    return t;
}

static const core_column *col(const char *tname, const char *cname)
{
    const core_table *t = table(tname);
    int i = core_table_col(t, cname);
    if (i < 0)
        fail_msg("no column %s.%s", tname, cname);
    return &t->cols[i];
}

/* Printable rendering of a test input for failure messages. */
static const char *show(const char *s)
{
    static char buf[4][300];
    static int k;
    char *o = buf[k++ & 3];
    size_t n = 0;
    if (!s)
        return "(null)";
    for (; *s && n < sizeof buf[0] - 5; s++) {
        unsigned char c = (unsigned char)*s;
        if (c < 0x20 || c == 0x7f)
            n += (size_t)snprintf(o + n, 5, "\\x%02x", c);
        else
            o[n++] = (char)c;
    }
    o[n] = '\0';
    return o;
}

/* A message a person will read: non-empty, NUL-terminated inside its
 * buffer, no C0 control and no DEL. */
static void check_msg_clean(const char *msg, const char *file, int line)
{
    if (!msg[0])
        fail_msg("%s:%d: rejection without a message", file, line);
    for (const unsigned char *p = (const unsigned char *)msg; *p; p++)
        if (*p < 0x20 || *p == 0x7f)
            fail_msg("%s:%d: message has control byte 0x%02x: %s", file, line, *p, show(msg));
}

static char last_msg[MSGSZ];
static char last_norm[NORMSZ];

/* Accepted, normalised to want (NULL want: only check acceptance). */
static void check_ok(const core_column *c, const char *in, const char *want, const char *file, int line)
{
    char norm[NORMSZ], msg[MSGSZ];
    memset(norm, 'N', sizeof norm);
    memset(msg, 'M', sizeof msg);
    msg[sizeof msg - 1] = '\0';
    core_status st = core_validate_value(c, in, norm, sizeof norm, msg, sizeof msg);
    if (st != CORE_OK)
        fail_msg("%s:%d: %s: '%s' rejected (status %d): %s", file, line, c->name, show(in), st,
                 show(msg));
    if (!memchr(norm, '\0', sizeof norm))
        fail_msg("%s:%d: %s: normalised value not terminated", file, line, c->name);
    if (want && strcmp(norm, want) != 0)
        fail_msg("%s:%d: %s: '%s' normalised to '%s', want '%s'", file, line, c->name, show(in),
                 show(norm), show(want));
    snprintf(last_norm, sizeof last_norm, "%s", norm);
}

/* Rejected with CORE_EDATA; the message contains every string in the
 * NULL-terminated list; when quote is set it also quotes the trimmed
 * input. */
static void check_rej(const core_column *c, const char *in, int quote, const char *file, int line, ...)
{
    char norm[NORMSZ], msg[MSGSZ];
    memset(msg, 'M', sizeof msg);
    msg[sizeof msg - 1] = '\0';
    core_status st = core_validate_value(c, in, norm, sizeof norm, msg, sizeof msg);
    if (st != CORE_EDATA)
        fail_msg("%s:%d: %s: '%s' gave status %d (norm '%s'), want CORE_EDATA", file, line, c->name,
                 show(in), st, st == CORE_OK ? show(norm) : "");
    if (!memchr(msg, '\0', sizeof msg))
        fail_msg("%s:%d: message not terminated", file, line);
    check_msg_clean(msg, file, line);
    snprintf(last_msg, sizeof last_msg, "%s", msg);
    va_list ap;
    va_start(ap, line);
    for (const char *want; (want = va_arg(ap, const char *)) != NULL;)
        if (!strstr(msg, want)) {
            va_end(ap);
            fail_msg("%s:%d: %s: message for '%s' lacks \"%s\": %s", file, line, c->name, show(in),
                     show(want), show(msg));
        }
    va_end(ap);
    if (quote) {
        const char *s = in;
        while (*s == ' ' || *s == '\t')
            s++;
        size_t n = strlen(s);
        while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
            n--;
        char q[80];
        assert_true(n + 3 <= sizeof q);
        snprintf(q, sizeof q, "'%.*s'", (int)n, s);
        if (strncmp(msg, q, strlen(q)) != 0)
            fail_msg("%s:%d: %s: message does not start by quoting %s: %s", file, line, c->name,
                     show(q), show(msg));
    }
}

/* OK(col, input, normalised) / REJ(col, input, substrings...) quotes the
 * input / REJ_NQ(...) when the message need not quote it. */
#define OK(c, in, want) check_ok((c), (in), (want), __FILE__, __LINE__)
#define REJ(c, in, ...) check_rej((c), (in), 1, __FILE__, __LINE__, __VA_ARGS__, (const char *)NULL)
#define REJ_NQ(c, in, ...) check_rej((c), (in), 0, __FILE__, __LINE__, __VA_ARGS__, (const char *)NULL)

/* Row helpers: a value array in column order, set by column name. */
#define MAXCOLS 32
typedef struct row {
    const core_table *t;
    const char *v[MAXCOLS];
} row;

static row row_of(const char *tname)
{
    row r;
    memset(&r, 0, sizeof r);
    r.t = table(tname);
    assert_true(r.t->ncols <= MAXCOLS);
    return r;
}

static void set(row *r, const char *cname, const char *value)
{
    int i = core_table_col(r->t, cname);
    if (i < 0)
        fail_msg("no column %s.%s", r->t->name, cname);
    r->v[i] = value;
}

static void row_ok(const row *r, const char *file, int line)
{
    char msg[MSGSZ] = "";
    int bad = 1234;
    core_status st = core_validate_row(r->t, r->v, &bad, msg, sizeof msg);
    if (st != CORE_OK)
        fail_msg("%s:%d: row of %s rejected: %s", file, line, r->t->name, show(msg));
    if (bad != -1)
        fail_msg("%s:%d: accepted row set bad_col to %d, want -1", file, line, bad);
}

static void row_rej(const row *r, const char *blame, const char *file, int line, ...)
{
    char msg[MSGSZ] = "";
    int bad = 1234;
    core_status st = core_validate_row(r->t, r->v, &bad, msg, sizeof msg);
    if (st != CORE_EDATA)
        fail_msg("%s:%d: row of %s gave status %d, want CORE_EDATA", file, line, r->t->name, st);
    int want = core_table_col(r->t, blame);
    if (bad != want)
        fail_msg("%s:%d: bad_col %d, want %d (%s)", file, line, bad, want, blame);
    check_msg_clean(msg, file, line);
    va_list ap;
    va_start(ap, line);
    for (const char *w; (w = va_arg(ap, const char *)) != NULL;)
        if (!strstr(msg, w)) {
            va_end(ap);
            fail_msg("%s:%d: row message lacks \"%s\": %s", file, line, w, show(msg));
        }
    va_end(ap);
}

#define ROW_OK(r) row_ok((r), __FILE__, __LINE__)
#define ROW_REJ(r, blame, ...) row_rej((r), (blame), __FILE__, __LINE__, __VA_ARGS__, (const char *)NULL)

/* Columns made up for rules no SPEC column exercises. */
static const char *const FRUITS[] = {"apple", "pear", "blood_orange", NULL};
static const core_column LIST_WITH_CHOICES = {
    .name = "fruits", .type = CORE_COL_LIST, .choices = FRUITS};
static const core_column REAL_IN_RANGE = {
    .name = "percent", .type = CORE_COL_REAL, .min = 0, .max = 100};
static const core_column REQUIRED_LIST = {
    .name = "tags", .type = CORE_COL_LIST, .flags = CORE_COLF_REQUIRED};

/* ---- SPEC §2 written out ------------------------------------------------ */

/* '*' marks a bold (required) column. */
static const struct spec_table {
    const char *name;
    const char *cols;
    const char *keys;   /* the SPEC's unique key columns */
    int importable;
} SPEC[] = {
    {"regions", "*code *name parent_code population", "code", 1},
    {"indicators",
     "*code *name *risk_factor unit direction aggregate window_days amber red", "code", 1},
    {"observations",
     "*region_code *indicator_code *observed_at *value source verification sensitive note",
     "region_code indicator_code observed_at source", 1},
    {"partners",
     "*name acronym *kind sectors region_code contact_name phone email trust last_contact "
     "sensitive notes",
     "name", 1},
    {"resources",
     "*code *name *category *unit region_code site *quantity minimum owner status expiry", "code", 1},
    {"movements", "*resource_code *delta *reason at note", "resource_code at delta reason", 1},
    {"activities",
     "*code *title *kind region_code lead_partner *status start_date end_date target reached "
     "outcome notes",
     "code", 1},
    {"alerts",
     "id kind level subject raised_at acknowledged_by acknowledged_at note cleared_at", "", 0},
    {"audit", "at actor action table row changes", "", 0},
};
#define NSPEC ((int)(sizeof SPEC / sizeof SPEC[0]))

/* Whether word occurs as a space-separated word of list. */
static int has_word(const char *list, const char *word)
{
    size_t n = strlen(word);
    for (const char *p = list; (p = strstr(p, word)) != NULL; p++)
        if ((p == list || p[-1] == ' ') && (p[n] == ' ' || p[n] == '\0'))
            return 1;
    return 0;
}

static void assert_choices(const char *tname, const char *cname, const char *spec)
{
    const core_column *c = col(tname, cname);
    if (c->type != CORE_COL_ENUM)
        fail_msg("%s.%s is not an ENUM", tname, cname);
    char buf[400] = "";
    size_t off = 0;
    for (const char *const *ch = c->choices; *ch; ch++)
        off += (size_t)snprintf(buf + off, sizeof buf - off, "%s%s", off ? " " : "", *ch);
    if (strcmp(buf, spec) != 0)
        fail_msg("%s.%s choices '%s', SPEC says '%s'", tname, cname, buf, spec);
}

/* ---- table lookup --------------------------------------------------------- */

static void test_table_by_name_finds_every_spec_table(void **state)
{
    (void)state;
    for (int i = 0; i < NSPEC; i++) {
        const core_table *t = core_table_by_name(SPEC[i].name);
        assert_non_null(t);
        assert_string_equal(t->name, SPEC[i].name);
        assert_ptr_equal(core_table_get(t->id), t);
    }
}

static void test_table_by_name_returns_null_for_unknown_names(void **state)
{
    (void)state;
    assert_null(core_table_by_name(NULL));
    assert_null(core_table_by_name(""));
    assert_null(core_table_by_name("nope"));
    assert_null(core_table_by_name("partner"));
    assert_null(core_table_by_name("partners "));
    assert_null(core_table_by_name("partnersx"));
    assert_null(core_table_by_name("regions;drop"));
}

static void test_there_are_exactly_the_spec_tables(void **state)
{
    (void)state;
    assert_int_equal(CORE_TABLE_COUNT, NSPEC);
    for (int id = 0; id < CORE_TABLE_COUNT; id++) {
        const core_table *t = core_table_get((core_table_id)id);
        assert_non_null(t);
        assert_int_equal(t->id, id);
        int found = 0;
        for (int i = 0; i < NSPEC; i++)
            found += strcmp(SPEC[i].name, t->name) == 0;
        if (found != 1)
            fail_msg("table '%s' is not in SPEC §2", t->name);
    }
}

static void test_table_col_finds_each_column_by_exact_name(void **state)
{
    (void)state;
    for (int id = 0; id < CORE_TABLE_COUNT; id++) {
        const core_table *t = core_table_get((core_table_id)id);
        for (int i = 0; i < t->ncols; i++)
            assert_int_equal(core_table_col(t, t->cols[i].name), i);
    }
    assert_int_equal(core_table_col(table("partners"), "email"), 7);
}

static void test_table_col_returns_minus_one_for_unknown_or_null(void **state)
{
    (void)state;
    const core_table *t = table("partners");
    assert_int_equal(core_table_col(t, "nope"), -1);
    assert_int_equal(core_table_col(t, ""), -1);
    assert_int_equal(core_table_col(t, "Name"), -1);
    assert_int_equal(core_table_col(t, "name "), -1);
    assert_int_equal(core_table_col(t, "code"), -1); /* a column of other tables */
    assert_int_equal(core_table_col(t, NULL), -1);
    assert_int_equal(core_table_col(NULL, "name"), -1);
}

static void test_import_names_are_exactly_the_importable_tables(void **state)
{
    (void)state;
    char names[300];
    snprintf(names, sizeof names, "%s", core_table_import_names());
    int count = 0;
    char *save = NULL;
    for (char *w = strtok_r(names, " ", &save); w; w = strtok_r(NULL, " ", &save)) {
        const core_table *t = core_table_by_name(w);
        if (!t)
            fail_msg("import names list unknown table '%s'", w);
        assert_true(t->flags & CORE_TABF_IMPORT);
        count++;
    }
    int importable = 0;
    for (int i = 0; i < NSPEC; i++) {
        const core_table *t = table(SPEC[i].name);
        if (!!(t->flags & CORE_TABF_IMPORT) != SPEC[i].importable)
            fail_msg("%s: import flag %d, SPEC says %d", t->name, !!(t->flags & CORE_TABF_IMPORT),
                     SPEC[i].importable);
        importable += SPEC[i].importable;
        if (SPEC[i].importable && !has_word(core_table_import_names(), SPEC[i].name))
            fail_msg("import names lack '%s'", SPEC[i].name);
    }
    assert_int_equal(count, importable);
}

/* ---- the schema pins SPEC §2 ---------------------------------------------- */

static void test_every_table_has_spec_columns_in_spec_order_with_bold_required(void **state)
{
    (void)state;
    for (int i = 0; i < NSPEC; i++) {
        const core_table *t = table(SPEC[i].name);
        char buf[400];
        snprintf(buf, sizeof buf, "%s", SPEC[i].cols);
        int k = 0;
        char *save = NULL;
        for (char *w = strtok_r(buf, " ", &save); w; w = strtok_r(NULL, " ", &save), k++) {
            int req = *w == '*';
            if (req)
                w++;
            if (k >= t->ncols)
                fail_msg("%s: SPEC column %d '%s' missing (table has %d)", t->name, k, w, t->ncols);
            if (strcmp(t->cols[k].name, w) != 0)
                fail_msg("%s: column %d is '%s', SPEC says '%s'", t->name, k, t->cols[k].name, w);
            if (!!(t->cols[k].flags & CORE_COLF_REQUIRED) != req)
                fail_msg("%s.%s: required=%d, SPEC bold=%d", t->name, w,
                         !!(t->cols[k].flags & CORE_COLF_REQUIRED), req);
        }
        if (k != t->ncols)
            fail_msg("%s: %d columns, SPEC lists %d", t->name, t->ncols, k);
    }
}

static void test_spec_unique_keys_and_only_they_are_flagged_key(void **state)
{
    (void)state;
    for (int i = 0; i < NSPEC; i++) {
        const core_table *t = table(SPEC[i].name);
        for (int k = 0; k < t->ncols; k++) {
            int key = !!(t->cols[k].flags & CORE_COLF_KEY);
            if (key != has_word(SPEC[i].keys, t->cols[k].name))
                fail_msg("%s.%s: key=%d, SPEC unique key is '%s'", t->name, t->cols[k].name, key,
                         SPEC[i].keys);
        }
    }
}

static void test_spec_choice_lists_are_exact(void **state)
{
    (void)state;
    assert_choices("indicators", "direction", "up down");
    assert_choices("indicators", "aggregate", "latest sum max mean");
    assert_choices("observations", "verification", "unverified verified disputed");
    assert_choices("partners", "kind",
                   "local_ngo cso community_leader faith_group un_agency regional_org government "
                   "media academic other");
    assert_choices("resources", "category",
                   "medical food water shelter vehicle fuel comms personnel other");
    assert_choices("resources", "status", "available reserved deployed damaged expired");
    assert_choices("movements", "reason",
                   "received dispatched transfer lost found damaged expired correction");
    assert_choices("activities", "kind",
                   "dialogue truth_commission community_court training memorialisation "
                   "reparations land_restitution trauma_healing other");
    assert_choices("activities", "status", "planned ongoing completed postponed cancelled");
}

static void test_spec_defaults_are_declared(void **state)
{
    (void)state;
    static const struct { const char *t, *c, *def; } D[] = {
        {"indicators", "direction", "up"},
        {"indicators", "aggregate", "latest"},
        {"indicators", "window_days", "7"},
        {"observations", "verification", "unverified"},
        {"resources", "status", "available"},
    };
    for (size_t i = 0; i < sizeof D / sizeof D[0]; i++) {
        const core_column *c = col(D[i].t, D[i].c);
        if (!c->def || strcmp(c->def, D[i].def) != 0)
            fail_msg("%s.%s default '%s', SPEC says '%s'", D[i].t, D[i].c, show(c->def), D[i].def);
    }
}

static void test_spec_column_types_are_declared(void **state)
{
    (void)state;
    static const struct { const char *t, *c; core_coltype type; } T[] = {
        {"regions", "parent_code", CORE_COL_REF},
        {"regions", "population", CORE_COL_INT},
        {"indicators", "risk_factor", CORE_COL_INT},
        {"indicators", "window_days", CORE_COL_INT},
        {"indicators", "amber", CORE_COL_REAL},
        {"indicators", "red", CORE_COL_REAL},
        {"observations", "region_code", CORE_COL_REF},
        {"observations", "indicator_code", CORE_COL_REF},
        {"observations", "observed_at", CORE_COL_TIMESTAMP},
        {"observations", "value", CORE_COL_REAL},
        {"observations", "sensitive", CORE_COL_BOOL},
        {"observations", "note", CORE_COL_TEXT},
        {"partners", "sectors", CORE_COL_LIST},
        {"partners", "region_code", CORE_COL_REF},
        {"partners", "phone", CORE_COL_PHONE},
        {"partners", "email", CORE_COL_EMAIL},
        {"partners", "trust", CORE_COL_INT},
        {"partners", "last_contact", CORE_COL_DATE},
        {"partners", "sensitive", CORE_COL_BOOL},
        {"resources", "quantity", CORE_COL_INT},
        {"resources", "minimum", CORE_COL_INT},
        {"resources", "owner", CORE_COL_REF},
        {"resources", "expiry", CORE_COL_DATE},
        {"movements", "resource_code", CORE_COL_REF},
        {"movements", "delta", CORE_COL_INT},
        {"movements", "at", CORE_COL_TIMESTAMP},
        {"activities", "lead_partner", CORE_COL_REF},
        {"activities", "start_date", CORE_COL_DATE},
        {"activities", "end_date", CORE_COL_DATE},
        {"activities", "target", CORE_COL_INT},
        {"activities", "reached", CORE_COL_INT},
    };
    for (size_t i = 0; i < sizeof T / sizeof T[0]; i++)
        if (col(T[i].t, T[i].c)->type != T[i].type)
            fail_msg("%s.%s has type %d, want %d", T[i].t, T[i].c, col(T[i].t, T[i].c)->type,
                     T[i].type);
    static const struct { const char *t, *c; core_table_id ref; } R[] = {
        {"regions", "parent_code", CORE_T_REGIONS},
        {"observations", "region_code", CORE_T_REGIONS},
        {"observations", "indicator_code", CORE_T_INDICATORS},
        {"partners", "region_code", CORE_T_REGIONS},
        {"resources", "region_code", CORE_T_REGIONS},
        {"resources", "owner", CORE_T_PARTNERS},
        {"movements", "resource_code", CORE_T_RESOURCES},
        {"activities", "region_code", CORE_T_REGIONS},
        {"activities", "lead_partner", CORE_T_PARTNERS},
    };
    for (size_t i = 0; i < sizeof R / sizeof R[0]; i++) {
        const core_column *c = col(R[i].t, R[i].c);
        assert_int_equal(c->type, CORE_COL_REF);
        assert_int_equal(c->ref, R[i].ref);
    }
}

static void test_contact_details_are_sensitive(void **state)
{
    (void)state;
    assert_true(col("partners", "contact_name")->flags & CORE_COLF_SENSITIVE);
    assert_true(col("partners", "phone")->flags & CORE_COLF_SENSITIVE);
    assert_true(col("partners", "email")->flags & CORE_COLF_SENSITIVE);
    assert_false(col("partners", "name")->flags & CORE_COLF_SENSITIVE);
}

/* Declared defaults must themselves be valid, and every choice must be a
 * lower-case spelling that validates to itself. */
static void test_every_default_and_choice_validates_to_itself(void **state)
{
    (void)state;
    for (int id = 0; id < CORE_TABLE_COUNT; id++) {
        const core_table *t = core_table_get((core_table_id)id);
        for (int i = 0; i < t->ncols; i++) {
            const core_column *c = &t->cols[i];
            if (c->def && c->def[0])
                OK(c, c->def, c->def);
            for (const char *const *ch = c->choices; ch && *ch; ch++) {
                for (const char *p = *ch; *p; p++)
                    if (*p >= 'A' && *p <= 'Z')
                        fail_msg("%s.%s choice '%s' is not lower case", t->name, c->name, *ch);
                OK(c, *ch, *ch);
            }
        }
    }
}

/* ---- required columns and defaults ---------------------------------------- */

static void test_required_column_rejects_null_empty_and_blank(void **state)
{
    (void)state;
    const core_column *c = col("partners", "name");
    REJ_NQ(c, NULL, "is required");
    REJ_NQ(c, "", "is required");
    REJ_NQ(c, "   ", "is required");
    REJ_NQ(c, " \t ", "is required");
}

static void test_required_column_accepts_a_value(void **state)
{
    (void)state;
    OK(col("partners", "name"), "Peace Circle", "Peace Circle");
}

static void test_every_required_column_without_default_rejects_empty(void **state)
{
    (void)state;
    int n = 0;
    for (int id = 0; id < CORE_TABLE_COUNT; id++) {
        const core_table *t = core_table_get((core_table_id)id);
        for (int i = 0; i < t->ncols; i++) {
            const core_column *c = &t->cols[i];
            if (c->flags & CORE_COLF_REQUIRED) {
                assert_null(c->def); /* a default would hide a missing value */
                REJ_NQ(c, "", "is required");
                REJ_NQ(c, NULL, "is required");
                n++;
            }
        }
    }
    int bold = 0; /* the bold columns of SPEC §2 */
    for (int i = 0; i < NSPEC; i++)
        for (const char *p = SPEC[i].cols; (p = strchr(p, '*')) != NULL; p++)
            bold++;
    assert_int_equal(bold, 23);
    assert_int_equal(n, bold);
}

static void test_every_optional_column_without_default_accepts_empty_as_empty(void **state)
{
    (void)state;
    for (int id = 0; id < CORE_TABLE_COUNT; id++) {
        const core_table *t = core_table_get((core_table_id)id);
        for (int i = 0; i < t->ncols; i++) {
            const core_column *c = &t->cols[i];
            if (!(c->flags & CORE_COLF_REQUIRED) && !c->def) {
                OK(c, "", "");
                OK(c, NULL, "");
                OK(c, "  ", "");
            }
        }
    }
}

static void test_default_applies_to_null_empty_and_blank(void **state)
{
    (void)state;
    static const struct { const char *t, *c, *def; } D[] = {
        {"indicators", "direction", "up"},
        {"indicators", "aggregate", "latest"},
        {"indicators", "window_days", "7"},
        {"observations", "verification", "unverified"},
        {"observations", "sensitive", "0"},
        {"partners", "sensitive", "0"},
        {"resources", "status", "available"},
    };
    for (size_t i = 0; i < sizeof D / sizeof D[0]; i++) {
        const core_column *c = col(D[i].t, D[i].c);
        OK(c, NULL, D[i].def);
        OK(c, "", D[i].def);
        OK(c, "   ", D[i].def);
    }
}

static void test_default_does_not_override_a_given_value(void **state)
{
    (void)state;
    OK(col("indicators", "direction"), "down", "down");
    OK(col("indicators", "aggregate"), "max", "max");
    OK(col("indicators", "window_days"), "30", "30");
    OK(col("observations", "sensitive"), "1", "1");
    OK(col("resources", "status"), "deployed", "deployed");
    REJ(col("indicators", "direction"), "sideways", "is not one of: up, down");
}

/* ---- trimming ------------------------------------------------------------- */

static void test_surrounding_spaces_and_tabs_are_trimmed(void **state)
{
    (void)state;
    OK(col("regions", "name"), "  North Kivu  ", "North Kivu");
    OK(col("regions", "name"), "\tNorth Kivu\t ", "North Kivu");
    OK(col("regions", "population"), " 1200 ", "1200");
    OK(col("indicators", "amber"), " 2.5\t", "2.5");
    OK(col("indicators", "direction"), "  down ", "down");
    OK(col("partners", "last_contact"), " 2026-11-02 ", "2026-11-02");
    OK(col("observations", "observed_at"), " 2026-11-02T10:30:00Z ", "2026-11-02T10:30:00Z");
    OK(col("observations", "sensitive"), " yes ", "1");
    OK(col("observations", "region_code"), " XR01 ", "XR01");
    OK(col("partners", "email"), " ops@example.org ", "ops@example.org");
    OK(col("partners", "phone"), " +999 20 555 0134 ", "+999 20 555 0134");
}

static void test_inner_spaces_are_kept(void **state)
{
    (void)state;
    OK(col("regions", "name"), "North   Kivu", "North   Kivu");
}

static void test_trimming_does_not_rescue_an_invalid_value(void **state)
{
    (void)state;
    REJ(col("indicators", "direction"), "  upward  ", "is not one of");
    REJ(col("regions", "population"), " 12a ", "is not a whole number");
}

/* ---- TEXT ------------------------------------------------------------------ */

static void test_text_accepts_utf8_unchanged(void **state)
{
    (void)state;
    OK(col("regions", "name"), "Bunia \xe2\x80\x94 Ituri \xe5\x8c\x97", "Bunia \xe2\x80\x94 Ituri \xe5\x8c\x97");
}

static void test_single_line_text_rejects_line_feed(void **state)
{
    (void)state;
    REJ_NQ(col("regions", "name"), "North\nKivu", "'North^JKivu'", "contains a line break");
}

static void test_single_line_text_rejects_carriage_return(void **state)
{
    (void)state;
    REJ_NQ(col("partners", "acronym"), "PC\r", "'PC^M'", "contains a line break");
    REJ_NQ(col("partners", "acronym"), "P\r\nC", "contains a line break");
}

static void test_multiline_text_accepts_line_breaks(void **state)
{
    (void)state;
    OK(col("observations", "note"), "line one\nline two", "line one\nline two");
    OK(col("partners", "notes"), "a\r\nb", "a\r\nb");
    OK(col("activities", "outcome"), "x\ny", "x\ny");
    OK(col("movements", "note"), "one\ntwo", "one\ntwo");
}

static void test_only_multiline_text_columns_accept_line_breaks(void **state)
{
    (void)state;
    for (int id = 0; id < CORE_TABLE_COUNT; id++) {
        const core_table *t = core_table_get((core_table_id)id);
        for (int i = 0; i < t->ncols; i++) {
            const core_column *c = &t->cols[i];
            if (c->type == CORE_COL_TEXT && (c->flags & CORE_COLF_MULTILINE))
                OK(c, "a\nb", "a\nb");
            else
                REJ_NQ(c, "1\n2", "contains a line break");
        }
    }
}

static void test_multiline_flag_is_only_on_free_text_notes(void **state)
{
    (void)state;
    static const char *const ML[] = {"observations.note", "partners.notes", "movements.note",
                                     "activities.outcome", "activities.notes", "alerts.note",
                                     "audit.changes"};
    for (int id = 0; id < CORE_TABLE_COUNT; id++) {
        const core_table *t = core_table_get((core_table_id)id);
        for (int i = 0; i < t->ncols; i++) {
            char q[100];
            snprintf(q, sizeof q, "%s.%s", t->name, t->cols[i].name);
            int want = 0;
            for (size_t k = 0; k < sizeof ML / sizeof ML[0]; k++)
                want |= strcmp(ML[k], q) == 0;
            if (!!(t->cols[i].flags & CORE_COLF_MULTILINE) != want)
                fail_msg("%s: multiline=%d, want %d", q, !want, want);
        }
    }
}

static void test_text_longer_than_buffer_is_rejected(void **state)
{
    (void)state;
    char norm[8], msg[MSGSZ];
    const core_column *c = col("regions", "name");
    assert_int_equal(core_validate_value(c, "abcdefg", norm, sizeof norm, msg, sizeof msg), CORE_OK);
    assert_string_equal(norm, "abcdefg");
    assert_int_equal(core_validate_value(c, "abcdefgh", norm, sizeof norm, msg, sizeof msg), CORE_EDATA);
    assert_non_null(strstr(msg, "too long"));
    assert_int_equal(core_validate_value(c, "x", norm, 0, msg, sizeof msg), CORE_EDATA);
}

/* ---- INT ------------------------------------------------------------------- */

static void test_int_accepts_and_normalises_whole_numbers(void **state)
{
    (void)state;
    const core_column *pop = col("regions", "population");
    OK(pop, "0", "0");
    OK(pop, "42", "42");
    OK(pop, "007", "7");
    OK(pop, "+1200", "1200");
    const core_column *delta = col("movements", "delta");
    OK(delta, "-20", "-20");
    OK(delta, "20", "20");
    OK(delta, "-0", "0");
}

static void test_int_rejects_fractions_exponents_hex_and_words(void **state)
{
    (void)state;
    const core_column *pop = col("regions", "population");
    static const char *const bad[] = {"2.5", "2.0", "1e3", "0x10", "ten", "5kg", "--5", "-",
                                      "+", "12a", "1_000", ".5"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        REJ(pop, bad[i], "is not a whole number");
}

static void test_int_rejects_thousands_separators_with_hint(void **state)
{
    (void)state;
    const core_column *pop = col("regions", "population");
    REJ(pop, "1,200", "is not a whole number", "thousands separators");
    REJ(pop, "1 200 000", "is not a whole number", "thousands separators");
    OK(pop, "1200000", "1200000");
}

static void test_int_range_accepts_both_bounds(void **state)
{
    (void)state;
    OK(col("indicators", "risk_factor"), "1", "1");
    OK(col("indicators", "risk_factor"), "14", "14");
    OK(col("partners", "trust"), "1", "1");
    OK(col("partners", "trust"), "5", "5");
    OK(col("indicators", "window_days"), "1", "1");
    OK(col("indicators", "window_days"), "3660", "3660");
    OK(col("regions", "population"), "2000000000", "2000000000");
    OK(col("resources", "quantity"), "0", "0");
    OK(col("resources", "quantity"), "1000000000000", "1000000000000");
    OK(col("movements", "delta"), "-1000000000000", "-1000000000000");
}

static void test_int_range_rejects_just_outside_naming_the_range(void **state)
{
    (void)state;
    REJ(col("indicators", "risk_factor"), "0", "is out of range (1 to 14)");
    REJ(col("indicators", "risk_factor"), "15", "is out of range (1 to 14)");
    REJ(col("partners", "trust"), "6", "is out of range (1 to 5)");
    REJ(col("partners", "trust"), "0", "is out of range (1 to 5)");
    REJ(col("indicators", "window_days"), "0", "out of range");
    REJ(col("regions", "population"), "-1", "out of range");
    REJ(col("resources", "quantity"), "-1", "is out of range (0 to 1000000000000)");
    REJ(col("resources", "minimum"), "-5", "out of range");
    REJ(col("activities", "target"), "-1", "out of range");
    REJ(col("activities", "reached"), "-1", "out of range");
    REJ(col("movements", "delta"), "1000000000001", "out of range");
}

static void test_int_without_range_accepts_large_values_but_not_overflow(void **state)
{
    (void)state;
    const core_column *id = col("alerts", "id");
    OK(id, "123456789012345", "123456789012345");
    OK(id, "-3", "-3");
    /* Too many digits is out of range, as a number past the column's
     * limits is: the officer typed a number, just too big a one. */
    REJ(id, "99999999999999999999", "is out of range");
    REJ(col("resources", "quantity"), "99999999999999999999", "is out of range (0 to 1000000000000)");
    REJ(id, "9x", "is not a whole number");
}

/* ---- REAL ------------------------------------------------------------------ */

static void test_real_accepts_and_normalises_decimal_forms(void **state)
{
    (void)state;
    const core_column *v = col("observations", "value");
    OK(v, "12", "12");
    OK(v, "0.5", "0.5");
    OK(v, ".5", "0.5");
    OK(v, "3.", "3");
    OK(v, "-2.25", "-2.25");
    OK(v, "+7.5", "7.5");
    OK(v, "1e3", "1000");
    OK(v, "2.5E-1", "0.25");
    OK(v, "0.1", "0.1");
    /* No digit the number holds is lost (they were cut to 15), and none
     * is made up: the shortest text that reads back as the same number. */
    OK(v, "123456789.123456789", "123456789.12345679");
    OK(v, "0.30000000000000004", "0.30000000000000004");
    OK(v, "0.3", "0.3");
    OK(v, "1234567890123456789", "1.2345678901234568e+18");
}

static void test_real_rejects_hexadecimal(void **state)
{
    (void)state;
    const core_column *v = col("observations", "value");
    REJ(v, "0x1A", "is not a number");
    REJ(v, "0X10", "is not a number");
    REJ(v, "0x1p3", "is not a number");
    REJ(v, "-0x10", "is not a number");
}

static void test_real_rejects_infinity_and_nan(void **state)
{
    (void)state;
    const core_column *v = col("observations", "value");
    static const char *const bad[] = {"inf", "INF", "-inf", "+inf", "infinity", "Infinity",
                                      "nan", "NaN", "-nan", "nan(1)", "1e999", "-1e999"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        REJ(v, bad[i], "is not a number");
}

static void test_real_rejects_decimal_comma_with_hint(void **state)
{
    (void)state;
    REJ(col("observations", "value"), "1,5", "is not a number", "'.' for decimals");
    REJ(col("indicators", "amber"), "1 000.5", "is not a number", "thousands separators");
    OK(col("observations", "value"), "1.5", "1.5");
}

static void test_real_rejects_words_and_junk(void **state)
{
    (void)state;
    const core_column *v = col("observations", "value");
    REJ(v, "abc", "is not a number");
    REJ(v, "1.2.3", "is not a number");
    REJ(v, "5%", "is not a number");
    REJ(v, "e5", "is not a number");
    REJ(v, "-", "is not a number");
    REJ(v, ".", "is not a number");
}

static void test_real_range_accepts_inside_and_rejects_outside(void **state)
{
    (void)state;
    OK(&REAL_IN_RANGE, "0", "0");
    OK(&REAL_IN_RANGE, "100", "100");
    OK(&REAL_IN_RANGE, "55.5", "55.5");
    REJ(&REAL_IN_RANGE, "-0.1", "is out of range (0 to 100)");
    REJ(&REAL_IN_RANGE, "100.01", "is out of range (0 to 100)");
}

static void test_real_without_range_accepts_negative_thresholds(void **state)
{
    (void)state;
    OK(col("indicators", "red"), "-40", "-40");
    OK(col("indicators", "amber"), "1e6", "1000000");
}

/* ---- ENUM ------------------------------------------------------------------ */

static void test_enum_accepts_any_case_and_normalises_to_lower(void **state)
{
    (void)state;
    OK(col("indicators", "direction"), "UP", "up");
    OK(col("indicators", "direction"), "Down", "down");
    OK(col("partners", "kind"), "Local_NGO", "local_ngo");
    OK(col("resources", "category"), "MEDICAL", "medical");
    OK(col("activities", "status"), "onGoing", "ongoing");
    OK(col("movements", "reason"), " Correction ", "correction");
}

static void test_enum_rejects_unknown_value_listing_the_choices(void **state)
{
    (void)state;
    char norm[NORMSZ], msg[MSGSZ];
    assert_int_equal(core_validate_value(col("indicators", "direction"), "maybe", norm, sizeof norm,
                                         msg, sizeof msg),
                     CORE_EDATA);
    assert_string_equal(msg, "'maybe' is not one of: up, down");
}

static void test_enum_message_lists_every_choice(void **state)
{
    (void)state;
    REJ(col("partners", "kind"), "ngo",
        "is not one of: local_ngo, cso, community_leader, faith_group, un_agency, regional_org, "
        "government, media, academic, other");
    REJ(col("resources", "status"), "lost",
        "is not one of: available, reserved, deployed, damaged, expired");
}

static void test_enum_rejects_prefixes_extensions_and_spellings(void **state)
{
    (void)state;
    const core_column *d = col("indicators", "direction");
    REJ(d, "u", "is not one of");
    REJ(d, "upp", "is not one of");
    REJ(d, "up down", "is not one of");
    REJ(d, "up;down", "is not one of");
    REJ(col("partners", "kind"), "local ngo", "is not one of");
    REJ(col("activities", "kind"), "memorialization", "is not one of");
}

/* ---- DATE ------------------------------------------------------------------ */

static void test_date_accepts_iso_dates(void **state)
{
    (void)state;
    const core_column *d = col("activities", "end_date"); /* dates that may lie ahead */
    OK(d, "2026-11-02", "2026-11-02");
    OK(d, "2026-01-31", "2026-01-31");
    OK(d, "2026-12-31", "2026-12-31");
    OK(d, "2026-04-30", "2026-04-30");
    OK(col("resources", "expiry"), "2027-06-01", "2027-06-01");
    OK(col("activities", "start_date"), "2026-02-28", "2026-02-28");
}

static void test_date_accepts_february_29_in_leap_years(void **state)
{
    (void)state;
    const core_column *d = col("activities", "end_date");
    OK(d, "2024-02-29", "2024-02-29");
    OK(d, "2028-02-29", "2028-02-29");
    OK(d, "2000-02-29", "2000-02-29");
}

static void test_date_rejects_february_29_in_common_years(void **state)
{
    (void)state;
    const core_column *d = col("partners", "last_contact");
    REJ(d, "2026-02-29", "is not a date in YYYY-MM-DD form");
    REJ(d, "2100-02-29", "is not a date");
    REJ(d, "1900-02-29", "is not a date");
}

static void test_date_rejects_days_and_months_that_do_not_exist(void **state)
{
    (void)state;
    const core_column *d = col("partners", "last_contact");
    static const char *const bad[] = {"2026-02-30", "2026-02-31", "2026-04-31", "2026-06-31",
                                      "2026-09-31", "2026-11-31", "2026-01-32", "2026-01-00",
                                      "2026-13-01", "2026-00-10", "0000-01-01"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        REJ(d, bad[i], "is not a date in YYYY-MM-DD form");
        if (strstr(last_msg, "dates are ambiguous"))
            fail_msg("'%s' is year-first, yet the message calls it ambiguous: %s", bad[i], last_msg);
    }
}

static void test_date_rejects_day_first_form_with_hint(void **state)
{
    (void)state;
    const core_column *d = col("partners", "last_contact");
    REJ(d, "02/11/2026", "is not a date in YYYY-MM-DD form", "month-day-year dates are ambiguous");
    REJ(d, "11/30/2026", "is not a date in YYYY-MM-DD form", "month-day-year dates are ambiguous");
    REJ(d, "2/11/2026", "dates are ambiguous");
    REJ(d, "02.11.2026", "dates are ambiguous");
    REJ(d, "02-11-2026", "dates are ambiguous");
    REJ(d, "31/12/2026", "dates are ambiguous");
}

static void test_date_rejects_other_forms_without_day_first_hint(void **state)
{
    (void)state;
    const core_column *d = col("partners", "last_contact");
    static const char *const bad[] = {"2026/11/02", "2026-1-2", "2026-11-2", "20261102",
                                      "26-11-02", "2026-11-02T10:00:00Z", "2026-11-02x",
                                      "yesterday", "2026-02-40", "2026-11", "+2026-11-02"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        REJ(d, bad[i], "is not a date in YYYY-MM-DD form");
        if (strstr(last_msg, "dates are ambiguous"))
            fail_msg("'%s' is not day- or month-first, yet the message calls it ambiguous: %s", bad[i], last_msg);
    }
}

/* ---- TIMESTAMP ------------------------------------------------------------- */

static void test_timestamp_keeps_canonical_utc_form(void **state)
{
    (void)state;
    const core_column *t = col("observations", "observed_at");
    OK(t, "2026-11-02T10:30:45Z", "2026-11-02T10:30:45Z");
    OK(t, "2026-11-02T00:00:00Z", "2026-11-02T00:00:00Z");
    OK(t, "2026-11-02T23:59:59Z", "2026-11-02T23:59:59Z");
}

static void test_timestamp_date_only_means_midnight_utc(void **state)
{
    (void)state;
    OK(col("observations", "observed_at"), "2026-11-02", "2026-11-02T00:00:00Z");
    OK(col("movements", "at"), "2024-02-29", "2024-02-29T00:00:00Z");
}

static void test_timestamp_minutes_only_gets_zero_seconds(void **state)
{
    (void)state;
    OK(col("observations", "observed_at"), "2026-11-02T10:30Z", "2026-11-02T10:30:00Z");
    OK(col("observations", "observed_at"), "2026-11-02T10:30", "2026-11-02T10:30:00Z");
}

static void test_timestamp_accepts_space_and_lower_case_separators(void **state)
{
    (void)state;
    const core_column *t = col("observations", "observed_at");
    OK(t, "2026-11-02 10:30:45", "2026-11-02T10:30:45Z");
    OK(t, "2026-11-02t10:30:45z", "2026-11-02T10:30:45Z");
}

static void test_timestamp_without_zone_is_taken_as_utc(void **state)
{
    (void)state;
    OK(col("observations", "observed_at"), "2026-11-02T10:30:45", "2026-11-02T10:30:45Z");
}

static void test_timestamp_drops_fractional_seconds(void **state)
{
    (void)state;
    const core_column *t = col("observations", "observed_at");
    OK(t, "2026-11-02T10:30:45.123Z", "2026-11-02T10:30:45Z");
    OK(t, "2026-11-02T10:30:45.999999", "2026-11-02T10:30:45Z");
    OK(t, "2026-11-02T10:30:45.5+01:00", "2026-11-02T09:30:45Z");
}

static void test_timestamp_converts_offsets_to_utc(void **state)
{
    (void)state;
    const core_column *t = col("observations", "observed_at");
    OK(t, "2026-11-02T12:30:00+02:00", "2026-11-02T10:30:00Z");
    OK(t, "2026-11-02T12:30:00-02:00", "2026-11-02T14:30:00Z");
    OK(t, "2026-11-02T12:30:00+0200", "2026-11-02T10:30:00Z");
    OK(t, "2026-11-02T12:30:00+02", "2026-11-02T10:30:00Z");
    OK(t, "2026-11-02T12:30:00+05:30", "2026-11-02T07:00:00Z");
    OK(t, "2026-11-02T12:30:00-09:45", "2026-11-02T22:15:00Z");
    OK(t, "2026-11-02T12:30:00+00:00", "2026-11-02T12:30:00Z");
    OK(t, "2026-11-02T12:30:00-00:00", "2026-11-02T12:30:00Z");
    OK(t, "2026-11-02T12:30+03:00", "2026-11-02T09:30:00Z");
    OK(t, "2026-11-02T23:00:00+14:00", "2026-11-02T09:00:00Z"); /* Kiribati, the last in use */
    OK(t, "2026-11-02T00:00:00-12:00", "2026-11-02T12:00:00Z");
}

static void test_timestamp_offset_rolls_over_day_month_and_year(void **state)
{
    (void)state;
    const core_column *t = col("movements", "at"); /* a timestamp that may lie ahead */
    OK(t, "2026-11-02T01:30:00+02:00", "2026-11-01T23:30:00Z");
    OK(t, "2026-11-01T00:15:00+01:00", "2026-10-31T23:15:00Z");
    OK(t, "2026-01-01T00:00:00+00:01", "2025-12-31T23:59:00Z");
    OK(t, "2026-12-31T22:30:00-02:00", "2027-01-01T00:30:00Z");
    OK(t, "2024-02-28T23:00:00-01:00", "2024-02-29T00:00:00Z");
    OK(t, "2026-02-28T23:00:00-01:00", "2026-03-01T00:00:00Z");
    OK(t, "2024-03-01T00:30:00+01:00", "2024-02-29T23:30:00Z");
}

static void test_clock_reads_canonical_times_as_timegm_does(void **state)
{
    (void)state;
    static const char *const TS[] = {
        "1970-01-01T00:00:00Z", "2026-11-20T12:00:00Z", "2024-02-29T23:59:59Z", "2100-03-01T00:00:00Z",
        "2026-04-31T10:00:00Z" /* past the month's end, as timegm rolls it */, "2026-06-30T23:59:60Z",
        "1969-12-31T23:59:59Z", "0001-01-01T00:00:00Z", "2026-11-20", "2000-02-29"};
    for (size_t i = 0; i < sizeof TS / sizeof TS[0]; i++) {
        struct tm tm = {0};
        int n = sscanf(TS[i], "%4d-%2d-%2dT%2d:%2d:%2d", &tm.tm_year, &tm.tm_mon, &tm.tm_mday, &tm.tm_hour,
                       &tm.tm_min, &tm.tm_sec);
        assert_true(n == 3 || n == 6);
        tm.tm_year -= 1900;
        tm.tm_mon -= 1;
        time_t got = 0;
        assert_int_equal(core_parse_ts(TS[i], &got), 0);
        if (got != timegm(&tm))
            fail_msg("%s: %lld, timegm says %lld", TS[i], (long long)got, (long long)timegm(&tm));
    }
    time_t t;
    assert_int_equal(core_parse_ts("2026-13-01T00:00:00Z", &t), -1);
    assert_int_equal(core_parse_ts("2026-11-20T24:00:00Z", &t), -1);
    assert_int_equal(core_parse_ts("2026-11-2xT00:00:00Z", &t), -1);
}

static void test_reports_more_than_a_day_ahead_are_refused(void **state)
{
    (void)state;
    setenv("VIGIL_NOW", "2026-11-20T12:00:00Z", 1);
    const core_column *t = col("observations", "observed_at");
    OK(t, "2026-11-20T12:00:00Z", "2026-11-20T12:00:00Z");
    OK(t, "2026-11-21T12:00:00Z", "2026-11-21T12:00:00Z");    /* a day ahead: local time as UTC */
    OK(t, "2026-11-21T15:00:00+03:00", "2026-11-21T12:00:00Z");
    REJ(t, "2026-12-20T09:00:00Z", "is ahead of today (2026-11-20)", "check the date"); /* a mistyped month */
    REJ(t, "2026-11-21T12:00:01Z", "is ahead of today", "check the date");
    const core_column *d = col("partners", "last_contact");
    OK(d, "2026-11-21", "2026-11-21");
    REJ(d, "2026-11-22", "is ahead of today (2026-11-20)", "check the date");
    /* Plans may lie ahead. */
    OK(col("activities", "end_date"), "2027-06-30", "2027-06-30");
    OK(col("resources", "expiry"), "2027-06-30", "2027-06-30");
    unsetenv("VIGIL_NOW");
}

static void test_timestamp_rejects_out_of_range_fields(void **state)
{
    (void)state;
    const core_column *t = col("observations", "observed_at");
    static const char *const bad[] = {
        "2026-11-02T24:00:00Z", "2026-11-02T25:00Z", "2026-11-02T10:60:00Z",
        "2026-11-02T10:30:61Z", "2026-11-02T10:30:00+15:00", "2026-11-02T10:30:00+02:60",
        "2026-11-02T10:30:00+14:30", "2026-11-02T10:30:00-12:30", "2026-11-02T10:30:00-13:00",
        "2026-02-30T10:00:00Z", "2026-13-01T00:00:00Z", "2025-02-29"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        REJ(t, bad[i], "is not an ISO 8601 timestamp", "YYYY-MM-DDTHH:MM:SSZ");
}

static void test_timestamp_rejects_bad_forms(void **state)
{
    (void)state;
    const core_column *t = col("observations", "observed_at");
    static const char *const bad[] = {
        "2026-11-02T", "2026-11-02T10", "2026-11-02T1:30", "2026-11-02T10:3",
        "2026-11-02T10:30:", "2026-11-02T10:30:5", "2026-11-02T10:30:00.",
        "2026-11-02T10:30:00.Z", "2026-11-02T10:30.5Z", "2026-11-02T10:30:00ZZ",
        "2026-11-02T10:30:00Z junk", "2026-11-02T10:30:00+2", "2026-11-02T10:30:00+02:",
        "2026-11-02T10:30:00+02:0", "2026-11-02T10:30:00+", "2026-11-02T10:30:00+02:00Z",
        "2026-11-02X10:30", "2026-11-02Z", "2026-11-0210:30", "2026/11/02 10:30",
        "2026-1-2T10:30:00Z", "now", "1730505600", "T10:30:00Z", "10:30"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        REJ(t, bad[i], "is not an ISO 8601 timestamp");
}

static void test_timestamp_rejects_day_first_form_with_hint(void **state)
{
    (void)state;
    REJ(col("observations", "observed_at"), "02/11/2026 10:30", "is not an ISO 8601 timestamp",
        "dates are ambiguous");
    REJ(col("observations", "observed_at"), "02.11.2026", "dates are ambiguous");
}

/* ---- BOOL ------------------------------------------------------------------ */

static void test_bool_accepts_true_yes_and_1_as_1(void **state)
{
    (void)state;
    const core_column *b = col("observations", "sensitive");
    OK(b, "1", "1");
    OK(b, "true", "1");
    OK(b, "TRUE", "1");
    OK(b, "yes", "1");
    OK(b, "Yes", "1");
}

static void test_bool_accepts_false_no_and_0_as_0(void **state)
{
    (void)state;
    const core_column *b = col("partners", "sensitive");
    OK(b, "0", "0");
    OK(b, "false", "0");
    OK(b, "False", "0");
    OK(b, "no", "0");
    OK(b, "NO", "0");
}

static void test_bool_rejects_other_words_and_numbers(void **state)
{
    (void)state;
    const core_column *b = col("observations", "sensitive");
    static const char *const bad[] = {"2", "-1", "10", "01", "maybe", "y", "n", "on", "off",
                                      "t", "f", "yes please"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        REJ(b, bad[i], "is not 0 or 1");
}

/* ---- REF ------------------------------------------------------------------- */

static void test_ref_accepts_a_key_trimmed(void **state)
{
    (void)state;
    OK(col("observations", "region_code"), "XR01", "XR01");
    OK(col("resources", "owner"), "  Peace Circle ", "Peace Circle");
}

static void test_required_ref_rejects_empty(void **state)
{
    (void)state;
    REJ_NQ(col("observations", "region_code"), "", "is required");
    REJ_NQ(col("observations", "indicator_code"), "  ", "is required");
    REJ_NQ(col("movements", "resource_code"), NULL, "is required");
}

static void test_optional_ref_accepts_empty(void **state)
{
    (void)state;
    OK(col("regions", "parent_code"), "", "");
    OK(col("activities", "lead_partner"), NULL, "");
}

static void test_ref_rejects_line_break(void **state)
{
    (void)state;
    REJ_NQ(col("observations", "region_code"), "XR01\nXR02", "contains a line break");
}

/* ---- EMAIL ----------------------------------------------------------------- */

static void test_email_accepts_addresses(void **state)
{
    (void)state;
    const core_column *e = col("partners", "email");
    OK(e, "ops@example.org", "ops@example.org");
    OK(e, "first.last+tag@sub.example.co.uk", "first.last+tag@sub.example.co.uk");
    OK(e, "A.B@Example.ORG", "A.B@Example.ORG");
}

static void test_email_rejects_non_addresses(void **state)
{
    (void)state;
    const core_column *e = col("partners", "email");
    static const char *const bad[] = {
        "ops", "ops@", "@example.org", "ops@example", "ops@@example.org", "a@b@example.org",
        "ops@.example.org", "ops@example.org.", "o ps@example.org", "ops@exa mple.org",
        "ops@example.org;x@example.org", "ops@example.org,x@example.org", "<ops@example.org>",
        "ops@example.org>"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        REJ(e, bad[i], "is not an e-mail address");
}

/* ---- PHONE ----------------------------------------------------------------- */

static void test_phone_accepts_digits_with_allowed_punctuation(void **state)
{
    (void)state;
    const core_column *p = col("partners", "phone");
    OK(p, "+999 20 555 0134", "+999 20 555 0134");
    OK(p, "(020) 555-0134", "(020) 555-0134");
    OK(p, "020.555.0134", "020.555.0134");
    OK(p, "123456", "123456");                             /* 6 digits: the minimum */
    OK(p, "+12345678901234567890", "+12345678901234567890"); /* 20 digits: the maximum */
}

static void test_phone_rejects_too_few_or_too_many_digits(void **state)
{
    (void)state;
    const core_column *p = col("partners", "phone");
    REJ(p, "12345", "is not a phone number", "6 to 20 digits");
    REJ(p, "+1 (23) 4-5", "6 to 20 digits");
    REJ(p, "+ - ( ) .", "6 to 20 digits");
    REJ(p, "123456789012345678901", "6 to 20 digits");
}

static void test_phone_rejects_other_characters(void **state)
{
    (void)state;
    const core_column *p = col("partners", "phone");
    static const char *const bad[] = {"555-CALL-NOW", "20 555 0134 ext 5", "020/555/0134",
                                      "020 555 0134, 020 555 0135", "020#5550134",
                                      "20+555 0134", "++999 20 555 0134", "020_555_0134"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        REJ(p, bad[i], "is not a phone number", "digits, spaces, + - ( ) . only");
}

/* ---- LIST ------------------------------------------------------------------ */

static void test_list_trims_items_and_joins_with_semicolons(void **state)
{
    (void)state;
    const core_column *l = col("partners", "sectors");
    OK(l, "protection; health ;  education", "protection;health;education");
    OK(l, "protection;health", "protection;health");
    OK(l, "child protection ; food security", "child protection;food security");
}

static void test_list_drops_empty_items(void **state)
{
    (void)state;
    const core_column *l = col("partners", "sectors");
    OK(l, ";protection;;health;", "protection;health");
    OK(l, " ; ; health ; ; ", "health");
    OK(l, ";;;", "");
}

static void test_list_single_item_is_kept(void **state)
{
    (void)state;
    OK(col("partners", "sectors"), "health", "health");
}

static void test_list_rejects_line_break(void **state)
{
    (void)state;
    REJ_NQ(col("partners", "sectors"), "health\nprotection", "contains a line break");
}

static void test_list_with_choices_normalises_items_to_lower_case(void **state)
{
    (void)state;
    OK(&LIST_WITH_CHOICES, " Apple ; PEAR;;blood_Orange ", "apple;pear;blood_orange");
    OK(&LIST_WITH_CHOICES, "pear", "pear");
}

static void test_list_with_choices_rejects_unknown_item_naming_it(void **state)
{
    (void)state;
    REJ_NQ(&LIST_WITH_CHOICES, "apple; kiwi ;pear", "'kiwi' is not one of: apple, pear, blood_orange");
    REJ_NQ(&LIST_WITH_CHOICES, "app", "'app' is not one of");
}

static void test_required_list_rejects_empty(void **state)
{
    (void)state;
    REJ_NQ(&REQUIRED_LIST, "", "is required");
    OK(&REQUIRED_LIST, "a;b", "a;b");
}

/* ---- messages -------------------------------------------------------------- */

static void test_message_quotes_the_bad_value(void **state)
{
    (void)state;
    REJ(col("regions", "population"), "lots", "is not a whole number");
    REJ(col("indicators", "amber"), "high", "is not a number");
    REJ(col("indicators", "direction"), "sideways", "is not one of");
    REJ(col("partners", "last_contact"), "last week", "is not a date");
    REJ(col("observations", "observed_at"), "this morning", "is not an ISO 8601 timestamp");
    REJ(col("observations", "sensitive"), "perhaps", "is not 0 or 1");
    REJ(col("partners", "email"), "nobody", "is not an e-mail address");
    REJ(col("partners", "phone"), "none", "is not a phone number");
}

static void test_message_quotes_the_trimmed_value(void **state)
{
    (void)state;
    char norm[NORMSZ], msg[MSGSZ];
    assert_int_equal(core_validate_value(col("indicators", "direction"), "   sideways  ", norm,
                                         sizeof norm, msg, sizeof msg),
                     CORE_EDATA);
    assert_memory_equal(msg, "'sideways' ", 11);
}

/* A hostile value with an ESC byte (and friends) must not reach the
 * message raw: the message is printed to stderr and drawn on the screen. */
static void test_message_sanitises_escape_byte_in_value(void **state)
{
    (void)state;
    static const struct { const char *t, *c; } C[] = {
        {"regions", "population"},    {"indicators", "amber"},       {"indicators", "direction"},
        {"partners", "last_contact"}, {"observations", "observed_at"}, {"observations", "sensitive"},
        {"partners", "email"},        {"partners", "phone"},          {"partners", "sectors"},
        {"regions", "name"},          {"observations", "region_code"},
    };
    const char *hostile = "\x1b[2J\x1b]0;pwned\x07\n\x7f\x9b" "31m";
    for (size_t i = 0; i < sizeof C / sizeof C[0]; i++) {
        const core_column *c = col(C[i].t, C[i].c);
        /* every type rejects it (a line break is in it); check_rej also
         * fails on any control byte in the message */
        REJ_NQ(c, hostile, "^[[2J^[]0;pwned^G^J^?");
        assert_null(strchr(last_msg, 0x1b));
        assert_null(strchr(last_msg, '\n'));
        assert_null(strstr(last_msg, "\xc2\x9b"));
        assert_null(strchr(last_msg, (char)0x9b));
    }
    /* and without the line break, down each type's own rejection path */
    REJ_NQ(col("indicators", "direction"), "\x1b[31mred", "'^[[31mred' is not one of");
    REJ_NQ(col("regions", "population"), "1\x1b[8m", "'1^[[8m' is not a whole number");
    REJ_NQ(col("partners", "last_contact"), "\x1b" "2026-11-02", "'^[2026-11-02' is not a date");
    REJ_NQ(col("partners", "email"), "a\x1b@b.org", "'a^[@b.org' is not an e-mail");
    for (const char *p = last_msg; *p; p++)
        assert_int_not_equal(*p, 0x1b);
}

static void test_message_sanitises_bidi_override_in_value(void **state)
{
    (void)state;
    REJ_NQ(col("indicators", "direction"), "up\xe2\x80\xae" "nwod", "'up<U+202E>nwod'");
    assert_null(strstr(last_msg, "\xe2\x80\xae"));
}

static void test_message_shortens_a_long_value(void **state)
{
    (void)state;
    char big[2000];
    memset(big, 'x', sizeof big - 1);
    big[sizeof big - 1] = '\0';
    big[0] = 'Q';
    REJ_NQ(col("indicators", "direction"), big, "...'", "is not one of: up, down");
    assert_true(strlen(last_msg) < 120);
    assert_memory_equal(last_msg, "'Q", 2);
}

static void test_message_fits_a_small_buffer(void **state)
{
    (void)state;
    char norm[NORMSZ], msg[16];
    memset(msg, 'M', sizeof msg);
    assert_int_equal(core_validate_value(col("partners", "kind"), "something long and wrong", norm,
                                         sizeof norm, msg, sizeof msg),
                     CORE_EDATA);
    assert_non_null(memchr(msg, '\0', sizeof msg));
    assert_memory_equal(msg, "'something", 10);
}

/* ---- core_validate_row ---------------------------------------------------- */

/* The date shorthand of the forms: relative days from now, and text that
 * is not one left as typed for the validator to judge. */
static void test_date_shorthand_resolves_relative_days_and_leaves_the_rest(void **state)
{
    (void)state;
    const time_t now = 1795176000; /* 2026-11-20T12:00:00Z */
    char out[64];
    static const char *const CASES[][3] = {
        {"today", "2026-11-20", "2026-11-20T00:00:00Z"},   {"yesterday", "2026-11-19", "2026-11-19T12:00:00Z"},
        {"now", "2026-11-20", "2026-11-20T12:00:00Z"},     {"-3d", "2026-11-17", "2026-11-17T12:00:00Z"},
        {"+2 ", "+2 ", "+2 "},                             {"+2", "2026-11-22", "2026-11-22T12:00:00Z"},
        {" -1days", "2026-11-19", "2026-11-19T12:00:00Z"}, {"2026-01-05", "2026-01-05", "2026-01-05"},
        /* Past ±100,000 days it is no date (and would overflow the clock). */
        {"+99999999999999d", "+99999999999999d", "+99999999999999d"}, {"-100001d", "-100001d", "-100001d"},
    };
    for (size_t i = 0; i < sizeof CASES / sizeof CASES[0]; i++) {
        core_date_resolve(CASES[i][0], now, 0, out, sizeof out);
        assert_string_equal(out, CASES[i][1]);
        core_date_resolve(CASES[i][0], now, 1, out, sizeof out);
        assert_string_equal(out, CASES[i][2]);
    }
}

static void test_row_up_accepts_red_above_amber(void **state)
{
    (void)state;
    row r = row_of("indicators");
    set(&r, "direction", "up");
    set(&r, "amber", "5");
    set(&r, "red", "10");
    ROW_OK(&r);
}

static void test_row_up_accepts_equal_amber_and_red(void **state)
{
    (void)state;
    row r = row_of("indicators");
    set(&r, "direction", "up");
    set(&r, "amber", "7.5");
    set(&r, "red", "7.5");
    ROW_OK(&r);
}

static void test_row_up_rejects_red_below_amber_blaming_red(void **state)
{
    (void)state;
    row r = row_of("indicators");
    set(&r, "direction", "up");
    set(&r, "amber", "10");
    set(&r, "red", "5");
    ROW_REJ(&r, "red", "red (5)", "amber (10)", "below");
}

static void test_row_compares_thresholds_as_numbers_not_text(void **state)
{
    (void)state;
    row r = row_of("indicators");
    set(&r, "direction", "up");
    set(&r, "amber", "9");
    set(&r, "red", "10"); /* "10" < "9" as text */
    ROW_OK(&r);
    set(&r, "amber", "10");
    set(&r, "red", "9");
    ROW_REJ(&r, "red", "below");
    set(&r, "amber", "-2");
    set(&r, "red", "-10");
    ROW_REJ(&r, "red", "below");
}

static void test_row_missing_direction_means_up(void **state)
{
    (void)state;
    row r = row_of("indicators");
    set(&r, "amber", "10");
    set(&r, "red", "5");
    ROW_REJ(&r, "red", "below");
    set(&r, "direction", "");
    ROW_REJ(&r, "red", "below");
    set(&r, "red", "20");
    ROW_OK(&r);
}

static void test_row_down_accepts_red_below_amber(void **state)
{
    (void)state;
    row r = row_of("indicators");
    set(&r, "direction", "down");
    set(&r, "amber", "40");
    set(&r, "red", "20");
    ROW_OK(&r);
}

static void test_row_down_accepts_equal_amber_and_red(void **state)
{
    (void)state;
    row r = row_of("indicators");
    set(&r, "direction", "down");
    set(&r, "amber", "20");
    set(&r, "red", "20");
    ROW_OK(&r);
}

static void test_row_down_rejects_red_above_amber_blaming_red(void **state)
{
    (void)state;
    row r = row_of("indicators");
    set(&r, "direction", "down");
    set(&r, "amber", "20");
    set(&r, "red", "40");
    ROW_REJ(&r, "red", "red (40)", "amber (20)", "above");
}

static void test_row_threshold_order_needs_both_thresholds(void **state)
{
    (void)state;
    row r = row_of("indicators");
    set(&r, "direction", "up");
    set(&r, "amber", "10");
    ROW_OK(&r);
    set(&r, "red", "");
    ROW_OK(&r);
    set(&r, "amber", NULL);
    set(&r, "red", "1");
    ROW_OK(&r);
}

static void test_row_activity_rejects_end_date_before_start_date(void **state)
{
    (void)state;
    row r = row_of("activities");
    set(&r, "start_date", "2026-11-02");
    set(&r, "end_date", "2026-11-01");
    ROW_REJ(&r, "end_date", "2026-11-01", "2026-11-02", "before");
    set(&r, "end_date", "2025-12-31");
    ROW_REJ(&r, "end_date", "before");
}

static void test_row_activity_accepts_end_date_on_or_after_start_date(void **state)
{
    (void)state;
    row r = row_of("activities");
    set(&r, "start_date", "2026-11-02");
    set(&r, "end_date", "2026-11-02");
    ROW_OK(&r);
    set(&r, "end_date", "2027-01-01");
    ROW_OK(&r);
}

static void test_row_activity_accepts_either_date_missing(void **state)
{
    (void)state;
    row r = row_of("activities");
    set(&r, "end_date", "2026-11-01");
    ROW_OK(&r);
    set(&r, "start_date", "");
    ROW_OK(&r);
    set(&r, "end_date", NULL);
    set(&r, "start_date", "2026-11-02");
    ROW_OK(&r);
}

static void test_row_activity_rejects_negative_target_or_reached(void **state)
{
    (void)state;
    row r = row_of("activities");
    set(&r, "target", "-1");
    ROW_REJ(&r, "target", "target", "negative");
    set(&r, "target", "100");
    set(&r, "reached", "-5");
    ROW_REJ(&r, "reached", "reached", "negative");
}

static void test_row_activity_accepts_zero_or_positive_target_and_reached(void **state)
{
    (void)state;
    row r = row_of("activities");
    set(&r, "target", "0");
    set(&r, "reached", "0");
    ROW_OK(&r);
    set(&r, "target", "100");
    set(&r, "reached", "250"); /* more reached than targeted is good news */
    ROW_OK(&r);
}

static void test_row_movement_rejects_zero_delta_blaming_delta(void **state)
{
    (void)state;
    row r = row_of("movements");
    set(&r, "resource_code", "MED-01");
    set(&r, "reason", "correction");
    set(&r, "delta", "0");
    ROW_REJ(&r, "delta", "0");
}

static void test_row_movement_accepts_nonzero_or_missing_delta(void **state)
{
    (void)state;
    row r = row_of("movements");
    set(&r, "delta", "-20");
    ROW_OK(&r);
    set(&r, "delta", "5");
    ROW_OK(&r);
    set(&r, "delta", "10");
    ROW_OK(&r);
    set(&r, "delta", NULL);
    ROW_OK(&r);
}

static void test_row_normalised_minus_zero_delta_is_rejected(void **state)
{
    (void)state;
    /* "-0" and "+0" validate to "0", which the row rule then refuses */
    OK(col("movements", "delta"), "+0", "0");
    row r = row_of("movements");
    set(&r, "delta", last_norm);
    ROW_REJ(&r, "delta", "changes nothing");
}

static void test_row_tables_without_cross_rules_accept_any_row(void **state)
{
    (void)state;
    static const char *const names[] = {"regions", "observations", "partners", "resources",
                                        "alerts", "audit"};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        row r = row_of(names[i]);
        ROW_OK(&r);
    }
    row r = row_of("indicators");
    ROW_OK(&r);
    r = row_of("activities");
    ROW_OK(&r);
    r = row_of("movements");
    ROW_OK(&r);
}

/* ---- main ------------------------------------------------------------------ */

int main(void)
{
    /* Message shortening measures width with wcwidth: needs a UTF-8 ctype. */
    if (!setlocale(LC_ALL, "C.UTF-8")) {
        fprintf(stderr, "test_validate: cannot set the C.UTF-8 locale\n");
        return 1;
    }
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_table_by_name_finds_every_spec_table),
        cmocka_unit_test(test_table_by_name_returns_null_for_unknown_names),
        cmocka_unit_test(test_there_are_exactly_the_spec_tables),
        cmocka_unit_test(test_table_col_finds_each_column_by_exact_name),
        cmocka_unit_test(test_table_col_returns_minus_one_for_unknown_or_null),
        cmocka_unit_test(test_import_names_are_exactly_the_importable_tables),
        cmocka_unit_test(test_every_table_has_spec_columns_in_spec_order_with_bold_required),
        cmocka_unit_test(test_spec_unique_keys_and_only_they_are_flagged_key),
        cmocka_unit_test(test_spec_choice_lists_are_exact),
        cmocka_unit_test(test_spec_defaults_are_declared),
        cmocka_unit_test(test_spec_column_types_are_declared),
        cmocka_unit_test(test_contact_details_are_sensitive),
        cmocka_unit_test(test_every_default_and_choice_validates_to_itself),
        cmocka_unit_test(test_required_column_rejects_null_empty_and_blank),
        cmocka_unit_test(test_required_column_accepts_a_value),
        cmocka_unit_test(test_every_required_column_without_default_rejects_empty),
        cmocka_unit_test(test_every_optional_column_without_default_accepts_empty_as_empty),
        cmocka_unit_test(test_default_applies_to_null_empty_and_blank),
        cmocka_unit_test(test_default_does_not_override_a_given_value),
        cmocka_unit_test(test_surrounding_spaces_and_tabs_are_trimmed),
        cmocka_unit_test(test_inner_spaces_are_kept),
        cmocka_unit_test(test_trimming_does_not_rescue_an_invalid_value),
        cmocka_unit_test(test_text_accepts_utf8_unchanged),
        cmocka_unit_test(test_single_line_text_rejects_line_feed),
        cmocka_unit_test(test_single_line_text_rejects_carriage_return),
        cmocka_unit_test(test_multiline_text_accepts_line_breaks),
        cmocka_unit_test(test_only_multiline_text_columns_accept_line_breaks),
        cmocka_unit_test(test_multiline_flag_is_only_on_free_text_notes),
        cmocka_unit_test(test_text_longer_than_buffer_is_rejected),
        cmocka_unit_test(test_int_accepts_and_normalises_whole_numbers),
        cmocka_unit_test(test_int_rejects_fractions_exponents_hex_and_words),
        cmocka_unit_test(test_int_rejects_thousands_separators_with_hint),
        cmocka_unit_test(test_int_range_accepts_both_bounds),
        cmocka_unit_test(test_int_range_rejects_just_outside_naming_the_range),
        cmocka_unit_test(test_int_without_range_accepts_large_values_but_not_overflow),
        cmocka_unit_test(test_real_accepts_and_normalises_decimal_forms),
        cmocka_unit_test(test_real_rejects_hexadecimal),
        cmocka_unit_test(test_real_rejects_infinity_and_nan),
        cmocka_unit_test(test_real_rejects_decimal_comma_with_hint),
        cmocka_unit_test(test_real_rejects_words_and_junk),
        cmocka_unit_test(test_real_range_accepts_inside_and_rejects_outside),
        cmocka_unit_test(test_real_without_range_accepts_negative_thresholds),
        cmocka_unit_test(test_enum_accepts_any_case_and_normalises_to_lower),
        cmocka_unit_test(test_enum_rejects_unknown_value_listing_the_choices),
        cmocka_unit_test(test_enum_message_lists_every_choice),
        cmocka_unit_test(test_enum_rejects_prefixes_extensions_and_spellings),
        cmocka_unit_test(test_date_accepts_iso_dates),
        cmocka_unit_test(test_date_accepts_february_29_in_leap_years),
        cmocka_unit_test(test_date_rejects_february_29_in_common_years),
        cmocka_unit_test(test_date_rejects_days_and_months_that_do_not_exist),
        cmocka_unit_test(test_date_rejects_day_first_form_with_hint),
        cmocka_unit_test(test_date_rejects_other_forms_without_day_first_hint),
        cmocka_unit_test(test_timestamp_keeps_canonical_utc_form),
        cmocka_unit_test(test_timestamp_date_only_means_midnight_utc),
        cmocka_unit_test(test_timestamp_minutes_only_gets_zero_seconds),
        cmocka_unit_test(test_timestamp_accepts_space_and_lower_case_separators),
        cmocka_unit_test(test_timestamp_without_zone_is_taken_as_utc),
        cmocka_unit_test(test_timestamp_drops_fractional_seconds),
        cmocka_unit_test(test_timestamp_converts_offsets_to_utc),
        cmocka_unit_test(test_timestamp_offset_rolls_over_day_month_and_year),
        cmocka_unit_test(test_clock_reads_canonical_times_as_timegm_does),
        cmocka_unit_test(test_reports_more_than_a_day_ahead_are_refused),
        cmocka_unit_test(test_timestamp_rejects_out_of_range_fields),
        cmocka_unit_test(test_timestamp_rejects_bad_forms),
        cmocka_unit_test(test_timestamp_rejects_day_first_form_with_hint),
        cmocka_unit_test(test_bool_accepts_true_yes_and_1_as_1),
        cmocka_unit_test(test_bool_accepts_false_no_and_0_as_0),
        cmocka_unit_test(test_bool_rejects_other_words_and_numbers),
        cmocka_unit_test(test_ref_accepts_a_key_trimmed),
        cmocka_unit_test(test_required_ref_rejects_empty),
        cmocka_unit_test(test_optional_ref_accepts_empty),
        cmocka_unit_test(test_ref_rejects_line_break),
        cmocka_unit_test(test_email_accepts_addresses),
        cmocka_unit_test(test_email_rejects_non_addresses),
        cmocka_unit_test(test_phone_accepts_digits_with_allowed_punctuation),
        cmocka_unit_test(test_phone_rejects_too_few_or_too_many_digits),
        cmocka_unit_test(test_phone_rejects_other_characters),
        cmocka_unit_test(test_list_trims_items_and_joins_with_semicolons),
        cmocka_unit_test(test_list_drops_empty_items),
        cmocka_unit_test(test_list_single_item_is_kept),
        cmocka_unit_test(test_list_rejects_line_break),
        cmocka_unit_test(test_list_with_choices_normalises_items_to_lower_case),
        cmocka_unit_test(test_list_with_choices_rejects_unknown_item_naming_it),
        cmocka_unit_test(test_required_list_rejects_empty),
        cmocka_unit_test(test_message_quotes_the_bad_value),
        cmocka_unit_test(test_message_quotes_the_trimmed_value),
        cmocka_unit_test(test_message_sanitises_escape_byte_in_value),
        cmocka_unit_test(test_message_sanitises_bidi_override_in_value),
        cmocka_unit_test(test_message_shortens_a_long_value),
        cmocka_unit_test(test_message_fits_a_small_buffer),
        cmocka_unit_test(test_date_shorthand_resolves_relative_days_and_leaves_the_rest),
        cmocka_unit_test(test_row_up_accepts_red_above_amber),
        cmocka_unit_test(test_row_up_accepts_equal_amber_and_red),
        cmocka_unit_test(test_row_up_rejects_red_below_amber_blaming_red),
        cmocka_unit_test(test_row_compares_thresholds_as_numbers_not_text),
        cmocka_unit_test(test_row_missing_direction_means_up),
        cmocka_unit_test(test_row_down_accepts_red_below_amber),
        cmocka_unit_test(test_row_down_accepts_equal_amber_and_red),
        cmocka_unit_test(test_row_down_rejects_red_above_amber_blaming_red),
        cmocka_unit_test(test_row_threshold_order_needs_both_thresholds),
        cmocka_unit_test(test_row_activity_rejects_end_date_before_start_date),
        cmocka_unit_test(test_row_activity_accepts_end_date_on_or_after_start_date),
        cmocka_unit_test(test_row_activity_accepts_either_date_missing),
        cmocka_unit_test(test_row_activity_rejects_negative_target_or_reached),
        cmocka_unit_test(test_row_activity_accepts_zero_or_positive_target_and_reached),
        cmocka_unit_test(test_row_movement_rejects_zero_delta_blaming_delta),
        cmocka_unit_test(test_row_movement_accepts_nonzero_or_missing_delta),
        cmocka_unit_test(test_row_normalised_minus_zero_delta_is_rejected),
        cmocka_unit_test(test_row_tables_without_cross_rules_accept_any_row),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
