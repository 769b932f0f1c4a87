/* tests/fuzz/fuzz_import.c — libFuzzer harness: CSV -> validation ->
 * database -> export -> sanitiser -> widgets, under ASan and UBSan.
 *
 * The first input byte picks what to do, the rest is the CSV file:
 *   bits 0-2  table: 0 regions, 1 indicators, 2 observations, 3 partners,
 *             4 resources, 5 movements, 6 activities, 7 partners
 *   bit 3     --encoding latin1
 *   bit 4     --rejects FILE
 *   bit 5     export with the HXL hashtag row
 *   bit 6     --dry-run
 *   bit 7     import the same file twice
 * Each input is imported into a fresh copy of a small vigil database (the
 * demo's regions, indicators, partners, resources and activities, plus a
 * few rows with short codes the seeds use: XR01, IND1, P1, RES1, ACT1).
 *
 * Besides memory and undefined-behaviour errors, these are crashes (the
 * harness prints which rule broke, then aborts):
 *   - import returns a status other than OK or EDATA, or any message it
 *     reports is not safe to print (not sanitised);
 *   - a refused import (or a dry run) changed the database;
 *   - the same file imported twice inserts rows the second time;
 *   - the export of the table is not valid UTF-8; any exported field,
 *     sanitised, holds a control, C1 or bidi character; drawn by the
 *     widgets into 30 columns, it puts a control on the screen or writes
 *     outside its 30 columns;
 *   - import(export(x)) does not reproduce x: the export, imported into a
 *     fresh copy and exported again, differs (or is refused);
 *   - risk levels or alerts cannot be computed; an alert subject is not
 *     safe once sanitised.
 * FUZZ_SKIP (comma-separated) turns off the checks of bugs already
 * reported, so that a run can look past them:
 *   alert-utf8    alert subjects cut inside a UTF-8 character
 *   hxl-row       a first data row mostly starting with '#' is dropped
 *   cr-utf8       invalid UTF-8 gets in after a bare CR (a record ends at
 *                 CR, the UTF-8 check works per LF-terminated line)
 */
#include <csv.h>
#include <curses.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <locale.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <wchar.h>

#include "core/alerts.h"
#include "core/clock.h"
#include "core/csvio.h"
#include "core/db.h"
#include "core/risk.h"
#include "core/sanitize.h"
#include "core/store.h"
#include "core/tables.h"
#include "widgets/text.h"
#include "widgets/theme.h"
#include "tests/termsafe.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char dir[256], tmpl[300], work1[300], work2[300], csv_in[300], csv_rt[300], rejects[300];
static char *tmpl_bytes;
static size_t tmpl_len;
static int64_t tmpl_counts[CORE_TABLE_COUNT];
static int skip_alert_utf8, skip_hxl_row, skip_cr_utf8;
static int input_has_bare_cr; /* the current input has a CR not before LF */

static const core_table_id TABLES[8] = {
    CORE_T_REGIONS, CORE_T_INDICATORS, CORE_T_OBSERVATIONS, CORE_T_PARTNERS,
    CORE_T_RESOURCES, CORE_T_MOVEMENTS, CORE_T_ACTIVITIES, CORE_T_PARTNERS,
};

__attribute__((noreturn, format(printf, 1, 2)))
static void broken(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fprintf(stderr, "\n*** fuzz_import: ");
    vfprintf(stderr, fmt, ap);
    fprintf(stderr, "\n");
    va_end(ap);
    abort();
}

/* ---- an independent check of terminal safety ----------------------------- */

/* -1 when s[0..n) is safe on a terminal, else the offset of the problem. */
static long unsafe_at(const char *s, size_t n)
{
    const unsigned char *p = (const unsigned char *)s;
    for (size_t i = 0; i < n;) {
        uint32_t cp;
        size_t k = ts_decode(p + i, n - i, &cp);
        if (!k || ts_unsafe_cp(cp))
            return (long)i;
        i += k;
    }
    return -1;
}

static void check_safe(const char *s, const char *what)
{
    long at = unsafe_at(s, strlen(s));
    if (at >= 0)
        broken("%s is not safe to print: byte 0x%02X at %ld", what, (unsigned char)s[at], at);
}

/* ---- files and databases --------------------------------------------------- */

static void write_file(const char *path, const void *b, size_t n)
{
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (fd < 0 || (n && write(fd, b, n) != (ssize_t)n) || close(fd) != 0)
        broken("cannot write %s", path);
}

static void fresh_copy(const char *path)
{
    char p[320];
    snprintf(p, sizeof p, "%s-wal", path);
    unlink(p);
    snprintf(p, sizeof p, "%s-shm", path);
    unlink(p);
    write_file(path, tmpl_bytes, tmpl_len);
}

static core_db *open_db(const char *path)
{
    core_db *db;
    core_err e;
    if (core_db_open(path, 0, &db, &e) != CORE_OK)
        broken("cannot open a fresh copy: %s", e.msg);
    return db;
}

static void counts(core_db *db, int64_t *c)
{
    core_err e;
    if (core_db_counts(db, c, &e) != CORE_OK)
        broken("counting rows: %s", e.msg);
}

static char *export_table(core_db *db, core_table_id t, unsigned flags, size_t *len)
{
    char *buf = NULL;
    *len = 0;
    FILE *m = open_memstream(&buf, len);
    core_err e;
    core_status st = core_export(db, t, m, flags, NULL, &e);
    fclose(m);
    if (st != CORE_OK)
        broken("exporting %s: status %d: %s", core_table_get(t)->name, st, e.msg);
    return buf;
}

static void import_sample(core_db *db, core_table_id t, const char *sample_dir, const char *name)
{
    char p[600];
    snprintf(p, sizeof p, "%s/%s", sample_dir, name);
    if (access(p, R_OK) != 0)
        return;
    core_import_stats s;
    core_err e;
    if (core_import(db, t, p, NULL, &s, &e) != CORE_OK)
        fprintf(stderr, "fuzz_import: template: %s: %s\n", p, e.msg);
}

static void insert(core_db *db, core_table_id t, const char *const *v)
{
    core_err e;
    core_field_error fe;
    if (core_row_insert(db, t, v, NULL, &fe, &e) != CORE_OK)
        broken("template row: %s %s", e.msg, fe.msg);
}

static void make_template(void)
{
    core_db *db;
    core_err e;
    if (core_db_open(tmpl, CORE_OPEN_CREATE, &db, &e) != CORE_OK)
        broken("template: %s", e.msg);
    const char *sample = getenv("FUZZ_SAMPLE_DIR");
    if (sample) {
        import_sample(db, CORE_T_REGIONS, sample, "regions.csv");
        import_sample(db, CORE_T_INDICATORS, sample, "indicators.csv");
        import_sample(db, CORE_T_PARTNERS, sample, "partners.csv");
        import_sample(db, CORE_T_RESOURCES, sample, "resources.csv");
        import_sample(db, CORE_T_ACTIVITIES, sample, "activities.csv");
    }
    const char *r1[4] = {"XR01", "North", NULL, "1000"};
    const char *r2[4] = {"XR02", "South", "XR01", "2000"};
    insert(db, CORE_T_REGIONS, r1);
    insert(db, CORE_T_REGIONS, r2);
    const char *i1[9] = {"IND1", "Incidents", "1", "incidents", "up", "latest", "7", "5", "10"};
    const char *i2[9] = {"IND2", "Market access", "2", "%", "down", "mean", "30", "3", "1"};
    insert(db, CORE_T_INDICATORS, i1);
    insert(db, CORE_T_INDICATORS, i2);
    const char *p1[12] = {"P1", "PONE", "cso", "protection", "XR01", "Ana", "+999 555 0100", "ana@p1.example", "4",
                          "2026-11-01", "0", "notes"};
    insert(db, CORE_T_PARTNERS, p1);
    const char *s1[11] = {"RES1", "Kits", "medical", "kits", "XR01", "Depot", "10", "5", "P1", "available",
                          "2027-01-31"};
    insert(db, CORE_T_RESOURCES, s1);
    const char *a1[12] = {"ACT1", "Dialogue", "dialogue", "XR01", "P1", "ongoing", "2026-01-01", "2026-12-31",
                          "100", "10", "", ""};
    insert(db, CORE_T_ACTIVITIES, a1);
    const char *o1[8] = {"XR01", "IND1", "2026-11-19T00:00:00Z", "7", "monitor", "verified", "0", ""};
    insert(db, CORE_T_OBSERVATIONS, o1);
    counts(db, tmpl_counts);
    core_db_close(db);
    FILE *f = fopen(tmpl, "rb");
    if (!f)
        broken("template unreadable");
    fseek(f, 0, SEEK_END);
    tmpl_len = (size_t)ftell(f);
    fseek(f, 0, SEEK_SET);
    tmpl_bytes = malloc(tmpl_len);
    if (!tmpl_bytes || fread(tmpl_bytes, 1, tmpl_len, f) != tmpl_len)
        broken("template unreadable");
    fclose(f);
}

/* ---- rendering through the widgets ------------------------------------------ */

static SCREEN *scr;

/* Draw field into 30 columns between sentinels; nothing unsafe on screen,
 * nothing outside the 30 columns. */
static void render(const char *field, size_t n)
{
    if (!scr)
        return;
    char *z = strndup(field, n);
    if (!z)
        return;
    for (int x = 0; x < 60; x++)
        mvaddch(1, x, 'Z');
    w_text_put(stdscr, 1, 10, 30, z, A_NORMAL, (enum w_align)(n % 3));
    for (int x = 0; x < 60; x++) {
        cchar_t cc;
        wchar_t wc[CCHARW_MAX + 1] = {0};
        attr_t at;
        short pair;
        if (mvin_wch(1, x, &cc) == ERR)
            continue;
        getcchar(&cc, wc, &at, &pair, NULL);
        if ((x < 10 || x >= 40) && wc[0] != L'Z')
            broken("drawing a field into columns 10-39 wrote column %d (U+%04X)", x, (unsigned)wc[0]);
        for (int i = 0; i < CCHARW_MAX && wc[i]; i++)
            if (ts_unsafe_cp((uint32_t)wc[i]))
                broken("drawing a field put U+%04X on the screen at column %d", (unsigned)wc[i], x);
    }
    free(z);
}

/* ---- checks on exported CSV ------------------------------------------------------ */

/* Fields of the template's exports, checked once at start-up: each input
 * then checks only what it brought in (a set of 64-bit hashes). */
#define KNOWN_SLOTS 16384
static uint64_t known[KNOWN_SLOTS];
static int learning;

static uint64_t hash_field(const char *s, size_t n)
{
    uint64_t h = 1469598103934665603ULL;
    for (size_t i = 0; i < n; i++)
        h = (h ^ (unsigned char)s[i]) * 1099511628211ULL;
    return h | 1;
}

/* Returns 1 when h was in the set; adds it when learning. */
static int known_field(uint64_t h)
{
    for (size_t i = h % KNOWN_SLOTS, k = 0; k < KNOWN_SLOTS; i = (i + 1) % KNOWN_SLOTS, k++) {
        if (known[i] == h)
            return 1;
        if (!known[i]) {
            if (learning)
                known[i] = h;
            return 0;
        }
    }
    return 0;
}

static void on_field(void *s, size_t n, void *data)
{
    (void)data;
    const char *f = s ? (const char *)s : "";
    if (known_field(hash_field(f, n)))
        return;
    char *clean = core_sanitize(f, n);
    if (!clean)
        broken("core_sanitize returned NULL");
    check_safe(clean, "a sanitised exported field");
    int w = -1;
    size_t fit = core_text_fit(clean, 25, &w);
    if (w < 0 || w > 25 || unsafe_at(clean, fit) >= 0)
        broken("core_text_fit split a character or overflowed (width %d)", w);
    char small[24];
    size_t k = core_sanitize_into(small, sizeof small, f);
    if (k >= sizeof small || memcmp(small, clean, k) != 0 || unsafe_at(small, k) >= 0)
        broken("core_sanitize_into is not a clean prefix of core_sanitize");
    free(clean);
    render(f, n);
}

static void on_record(int c, void *data)
{
    (void)c;
    (void)data;
}

static void check_export(const char *buf, size_t len, const char *what)
{
    long bad = core_utf8_invalid_at(buf, len);
    if (bad >= 0 && !(skip_cr_utf8 && input_has_bare_cr))
        broken("%s is not valid UTF-8 at byte %ld", what, bad);
    struct csv_parser p;
    csv_init(&p, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL);
    if (csv_parse(&p, buf, len, on_field, on_record, NULL) != len || csv_fini(&p, on_field, on_record, NULL) != 0)
        broken("%s is not well-formed CSV: %s", what, csv_strerror(csv_error(&p)));
    csv_free(&p);
}

/* ---- import ------------------------------------------------------------------------ */

static void on_problem(void *ctx, const char *line)
{
    (void)ctx;
    check_safe(line, "a reported import problem");
    if (getenv("FUZZ_VERBOSE")) /* replaying one input: say what import said */
        fprintf(stderr, "import: %s\n", line);
}

static int dropped_hxl_like_row(const char *exp, size_t len)
{
    /* The first data row, if its filled cells mostly start with '#'. */
    const char *nl = memchr(exp, '\n', len);
    if (!nl)
        return 0;
    const char *row = nl + 1;
    int filled = 0, tags = 0, at_start = 1, in_q = 0;
    for (const char *p = row; p < exp + len; p++) {
        if (in_q) {
            if (*p == '"')
                in_q = p + 1 < exp + len && p[1] == '"' ? (p++, 1) : 0;
            continue;
        }
        if (*p == '\n')
            break;
        if (*p == ',') {
            at_start = 1;
            continue;
        }
        if (at_start && *p == ' ')
            continue;
        if (at_start) {
            filled++;
            tags += *p == '#' || (*p == '"' && p[1] == '#');
            at_start = 0;
        }
        if (*p == '"')
            in_q = 1;
    }
    return tags > 0 && tags * 2 > filled;
}

/* Remove a scratch directory (flat: files only). */
static void remove_dir(const char *d)
{
    DIR *dh = opendir(d);
    if (!dh)
        return;
    struct dirent *de;
    char p[600];
    while ((de = readdir(dh)))
        if (strcmp(de->d_name, ".") && strcmp(de->d_name, "..")) {
            snprintf(p, sizeof p, "%s/%s", d, de->d_name);
            unlink(p);
        }
    closedir(dh);
    rmdir(d);
}

/* A process that crashed (abort skips the destructor) or was killed at the
 * end of a fork-mode job leaves its directory: remove those whose process
 * is gone. */
static void remove_stale_dirs(const char *base)
{
    DIR *dh = opendir(base);
    if (!dh)
        return;
    struct dirent *de;
    char p[600];
    while ((de = readdir(dh))) {
        long pid;
        if (sscanf(de->d_name, "vigil-fuzz-%ld-", &pid) != 1 || pid <= 0)
            continue;
        if (kill((pid_t)pid, 0) == 0 || errno != ESRCH)
            continue;
        snprintf(p, sizeof p, "%s/%s", base, de->d_name);
        remove_dir(p);
    }
    closedir(dh);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    setlocale(LC_ALL, "C.UTF-8");
    setenv("VIGIL_NOW", "2026-11-20T12:00:00Z", 1);
    setenv("TZ", "UTC", 1);
    const char *sk = getenv("FUZZ_SKIP");
    skip_alert_utf8 = sk && strstr(sk, "alert-utf8");
    skip_hxl_row = sk && strstr(sk, "hxl-row");
    skip_cr_utf8 = sk && strstr(sk, "cr-utf8");
    const char *base = access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp";
    remove_stale_dirs(base);
    snprintf(dir, sizeof dir, "%s/vigil-fuzz-%ld-XXXXXX", base, (long)getpid());
    if (!mkdtemp(dir))
        broken("mkdtemp");
    snprintf(tmpl, sizeof tmpl, "%s/template.db", dir);
    snprintf(work1, sizeof work1, "%s/one.db", dir);
    snprintf(work2, sizeof work2, "%s/two.db", dir);
    snprintf(csv_in, sizeof csv_in, "%s/in.csv", dir);
    snprintf(csv_rt, sizeof csv_rt, "%s/export.csv", dir);
    snprintf(rejects, sizeof rejects, "%s/rejects.csv", dir);
    make_template();
    FILE *out = fopen("/dev/null", "w"), *in = fopen("/dev/null", "r");
    scr = out && in ? newterm("xterm-256color", out, in) : NULL;
    if (scr) {
        set_term(scr);
        resizeterm(5, 80);
        w_theme_init(0, 1);
    }
    /* Check the template's own exports once, and remember their fields. */
    fresh_copy(work1);
    core_db *db = open_db(work1);
    learning = 1;
    for (int t = 0; t < CORE_TABLE_COUNT; t++)
        for (unsigned fl = 0; fl < 2; fl++) {
            size_t n;
            char *x = export_table(db, (core_table_id)t, CORE_EXPORT_SENSITIVE | (fl ? CORE_EXPORT_HXL : 0), &n);
            check_export(x, n, "the template's export");
            free(x);
        }
    learning = 0;
    core_db_close(db);
    return 0;
}

/* The directory goes when the process ends. */
__attribute__((destructor)) static void cleanup(void)
{
    if (dir[0])
        remove_dir(dir);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    unsigned b = data[0];
    core_table_id t = TABLES[b & 7];
    int latin1 = (b & 0x08) != 0, with_rejects = (b & 0x10) != 0, hxl = (b & 0x20) != 0;
    int dry = (b & 0x40) != 0, twice = (b & 0x80) != 0;
    write_file(csv_in, data + 1, size - 1);
    input_has_bare_cr = 0;
    for (size_t i = 1; i < size && !input_has_bare_cr; i++)
        input_has_bare_cr = data[i] == '\r' && (i + 1 == size || data[i + 1] != '\n');
    fresh_copy(work1);
    core_db *db = open_db(work1);

    core_import_opts o = {0};
    o.report = on_problem;
    o.encoding = latin1 ? "latin1" : NULL;
    o.rejects_path = with_rejects ? rejects : NULL;
    o.dry_run = dry;
    core_import_stats s;
    core_err e;
    core_err_clear(&e);
    core_status st = core_import(db, t, csv_in, &o, &s, &e);
    if (st != CORE_OK && st != CORE_EDATA)
        broken("import returned status %d: %s", st, e.msg);
    if (st != CORE_OK)
        check_safe(e.msg, "the import's error message");
    int64_t c[CORE_TABLE_COUNT];
    counts(db, c);
    if (st != CORE_OK || dry) {
        if (memcmp(c, tmpl_counts, sizeof c) != 0 || s.committed)
            broken("a refused import or dry run changed the database (status %d, dry %d)", st, dry);
    }
    int saved = st == CORE_OK && !dry;
    if (saved && twice) {
        core_import_stats s2;
        st = core_import(db, t, csv_in, &o, &s2, &e);
        if (st != CORE_OK)
            broken("the same file, imported again, was refused: %s", e.msg);
        if (s2.inserted != 0)
            broken("the same file, imported again, inserted %lld row(s)", (long long)s2.inserted);
    }

    unsigned flags = CORE_EXPORT_SENSITIVE | (hxl ? CORE_EXPORT_HXL : 0);
    size_t n1;
    char *e1 = export_table(db, t, flags, &n1);
    check_export(e1, n1, "the export");

    /* import(export(x)) reproduces x (an export that is already known to
     * be broken, under FUZZ_SKIP=cr-utf8, cannot be read back). */
    if (saved && !(skip_hxl_row && dropped_hxl_like_row(e1, n1)) && core_utf8_invalid_at(e1, n1) < 0) {
        write_file(csv_rt, e1, n1);
        fresh_copy(work2);
        core_db *db2 = open_db(work2);
        core_import_opts o2 = {0};
        o2.report = on_problem;
        core_import_stats s3;
        core_status st2 = core_import(db2, t, csv_rt, &o2, &s3, &e);
        if (st2 != CORE_OK)
            broken("the export does not import (status %d): %s", st2, e.msg);
        size_t n2;
        char *e2 = export_table(db2, t, flags, &n2);
        if (n1 != n2 || memcmp(e1, e2, n1) != 0) {
            if (getenv("FUZZ_VERBOSE")) {
                write_file("/tmp/fuzz-export-1.csv", e1, n1);
                write_file("/tmp/fuzz-export-2.csv", e2, n2);
                fprintf(stderr, "exports kept: /tmp/fuzz-export-1.csv (x), /tmp/fuzz-export-2.csv (re-imported)\n");
            }
            size_t k = 0;
            while (k < n1 && k < n2 && e1[k] == e2[k])
                k++;
            broken("import(export(x)) differs from x at byte %zu (%zu vs %zu bytes, %lld rows re-imported)", k,
                   n1, n2, (long long)s3.rows);
        }
        free(e2);
        core_db_close(db2);
    }
    free(e1);

    /* Risk levels and alerts over whatever was imported. */
    core_risk r;
    if (core_risk_compute(db, core_now(), &r, &e) != CORE_OK)
        broken("core_risk_compute: %s", e.msg);
    for (int i = 0; i < r.nregions; i++) {
        char *cl = core_sanitize_str(r.regions[i].name);
        check_safe(cl, "a sanitised region name");
        free(cl);
    }
    core_risk_free(&r);
    if (!dry) {
        int changed = 0;
        if (core_alerts_refresh(db, &changed, &e) != CORE_OK)
            broken("core_alerts_refresh: %s", e.msg);
    }
    core_alert *al = NULL;
    int nal = 0;
    if (core_alerts_list(db, 1, &al, &nal, &e) != CORE_OK)
        broken("core_alerts_list: %s", e.msg);
    for (int i = 0; i < nal; i++) {
        char *cl = core_sanitize_str(al[i].subject);
        check_safe(cl, "a sanitised alert subject");
        free(cl);
        if (!skip_alert_utf8 && core_utf8_invalid_at(al[i].subject, strlen(al[i].subject)) >= 0)
            broken("alert subject stored with invalid UTF-8 (cut inside a character)");
    }
    core_alerts_free(al, nal);
    core_db_close(db);
    return 0;
}
