/* tui/cli.c — vigil's subcommands: init, import, export, check, backup. */
#include "tui/cli.h"

#include "core/alerts.h"
#include "core/clock.h"
#include "core/strbuf.h"
#include "core/csvio.h"
#include "core/db.h"
#include "core/sanitize.h"
#include "core/tables.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#ifndef VIGIL_SHAREDIR
#define VIGIL_SHAREDIR "/usr/local/share/vigil"
#endif

/* The demo data is written as if it were this moment (the last reports of
 * 2026-11-20 are in by 09:00Z); init --demo shifts every date by whole days
 * so that the latest moment it holds is in the recent past, never the
 * future (sample-data/README.md). */
#define DEMO_REFERENCE "2026-11-20T09:00:00Z"

void cli_errorf(const char *fmt, ...)
{
    char raw[2048];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(raw, sizeof raw, fmt, ap);
    va_end(ap);
    char *clean = core_sanitize_str(raw);
    fprintf(stderr, "vigil: %s\n", clean ? clean : "out of memory");
    free(clean);
}

/* Print a line a person reads: sanitised when stdout is a terminal. */
static void say(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void say(const char *fmt, ...)
{
    char raw[4096];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(raw, sizeof raw, fmt, ap);
    va_end(ap);
    char *clean = core_sanitize_str(raw);
    printf("%s\n", clean ? clean : "");
    free(clean);
}

static void usage_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void usage_error(const char *fmt, ...)
{
    char raw[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(raw, sizeof raw, fmt, ap);
    va_end(ap);
    cli_errorf("%s (see vigil --help)", raw);
}

/* Options and whether they take a value. */
static const struct {
    const char *name;
    int has_arg;
} OPTIONS[] = {
    {"--db", 1},          {"--read-only", 0}, {"--no-color", 0},          {"--demo", 0},
    {"--dry-run", 0},     {"--rejects", 1},   {"--encoding", 1},          {"-o", 1},
    {"--output", 1},      {"--include-sensitive", 0}, {"--hxl", 0},       {"--all", 0},
    {"--format", 1},      {"--note", 1},      {"--panel", 1},             {"--size", 1},
    {"--help", 0},        {"-h", 0},          {"--version", 0},           {"-V", 0},
};

static void set_opt(cli_opts *o, const char *name, const char *val)
{
    if (!strcmp(name, "--db")) o->db = val;
    else if (!strcmp(name, "--read-only")) o->read_only = 1;
    else if (!strcmp(name, "--no-color")) o->no_color = 1;
    else if (!strcmp(name, "--demo")) o->demo = 1;
    else if (!strcmp(name, "--dry-run")) o->dry_run = 1;
    else if (!strcmp(name, "--rejects")) o->rejects = val;
    else if (!strcmp(name, "--encoding")) o->encoding = val;
    else if (!strcmp(name, "-o") || !strcmp(name, "--output")) o->output = val;
    else if (!strcmp(name, "--include-sensitive")) o->include_sensitive = 1;
    else if (!strcmp(name, "--hxl")) o->hxl = 1;
    else if (!strcmp(name, "--all")) o->all = 1;
    else if (!strcmp(name, "--format")) o->format = val;
    else if (!strcmp(name, "--note")) o->note = val;
    else if (!strcmp(name, "--panel")) o->panel = val;
    else if (!strcmp(name, "--size")) o->size = val;
    else if (!strcmp(name, "--help") || !strcmp(name, "-h")) o->help = 1;
    else if (!strcmp(name, "--version") || !strcmp(name, "-V")) o->version = 1;
}

int cli_parse(int argc, char **argv, cli_opts *o)
{
    memset(o, 0, sizeof *o);
    int only_pos = 0;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (!only_pos && !strcmp(a, "--")) {
            only_pos = 1;
            continue;
        }
        if (!only_pos && a[0] == '-' && a[1]) {
            const char *eq = strchr(a, '=');
            size_t nlen = eq ? (size_t)(eq - a) : strlen(a);
            int found = -1;
            for (size_t k = 0; k < sizeof OPTIONS / sizeof OPTIONS[0]; k++)
                if (strlen(OPTIONS[k].name) == nlen && !strncmp(OPTIONS[k].name, a, nlen))
                    found = (int)k;
            if (found < 0) {
                usage_error("unknown option %s", a);
                return 64;
            }
            const char *val = NULL;
            if (OPTIONS[found].has_arg) {
                if (eq)
                    val = eq + 1;
                else if (i + 1 < argc)
                    val = argv[++i];
                else {
                    usage_error("%s needs a value", OPTIONS[found].name);
                    return 64;
                }
            } else if (eq) {
                usage_error("%s takes no value", OPTIONS[found].name);
                return 64;
            }
            set_opt(o, OPTIONS[found].name, val);
            continue;
        }
        if (!o->cmd) {
            o->cmd = a;
        } else if (o->npos < 4) {
            o->pos[o->npos++] = a;
        } else {
            usage_error("too many arguments");
            return 64;
        }
    }
    if (!o->db) {
        const char *env = getenv("VIGIL_DB");
        o->db = env && *env ? env : "vigil.db";
    }
    return 0;
}

const char *cli_sample_dir(char *buf, unsigned bufsz)
{
    struct stat sb;
    const char *env = getenv("VIGIL_SAMPLE_DIR");
    char exe[PATH_MAX];
    const char *cands[4] = {env, "sample-data", NULL, VIGIL_SHAREDIR "/sample-data"};
    char beside[PATH_MAX + 32];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (n > 0) {
        exe[n] = '\0';
        char *slash = strrchr(exe, '/');
        if (slash) {
            *slash = '\0';
            snprintf(beside, sizeof beside, "%s/../sample-data", exe);
            cands[2] = beside;
        }
    }
    for (int i = 0; i < 4; i++) {
        if (!cands[i] || !*cands[i])
            continue;
        char probe[PATH_MAX + 64];
        snprintf(probe, sizeof probe, "%s/regions.csv", cands[i]);
        if (stat(probe, &sb) == 0) {
            snprintf(buf, bufsz, "%s", cands[i]);
            return buf;
        }
    }
    return NULL;
}

static int fail(const core_err *e)
{
    cli_errorf("%s", e->msg);
    return core_status_exit_code(e->status);
}

static int open_db(const cli_opts *o, unsigned flags, core_db **db)
{
    core_err e;
    if (core_db_open(o->db, flags, db, &e) != CORE_OK)
        return fail(&e);
    return 0;
}

static void print_problem(void *ctx, const char *line)
{
    (void)ctx;
    fprintf(stderr, "%s\n", line); /* already sanitised by core */
}

static void print_progress(void *ctx, int64_t done, int64_t total, int64_t rows)
{
    struct timespec *t0 = ctx, now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    double secs = (double)(now.tv_sec - t0->tv_sec) + (double)(now.tv_nsec - t0->tv_nsec) / 1e9;
    if (secs < 0.5)
        return;
    fprintf(stderr, "\r  %3d%%  %lld rows  %.0f rows/s ", total ? (int)(done * 100 / total) : 0,
            (long long)rows, secs > 0 ? (double)rows / secs : 0.0);
}

/* Import one file; prints problems and a one-line summary. */
static int import_file(core_db *db, const core_table *t, const char *path, const cli_opts *o, int shift_days,
                       int quiet)
{
    struct timespec t0;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    core_import_opts io = {0};
    io.dry_run = o->dry_run;
    io.rejects_path = o->rejects;
    io.encoding = o->encoding;
    io.date_shift_days = shift_days;
    io.report = print_problem;
    int tty = isatty(STDERR_FILENO);
    if (tty) {
        io.progress = print_progress;
        io.progress_ctx = &t0;
    }
    core_import_stats s;
    core_err e;
    core_status st = core_import(db, t->id, path, &io, &s, &e);
    if (tty && s.rows > 16383)
        fprintf(stderr, "\r\033[K");
    if (st != CORE_OK)
        return fail(&e);
    if (quiet)
        return 0;
    const char *verb = o->dry_run ? "would import" : "imported";
    if (!s.rejected) {
        say("%s: %s %lld row(s): %lld inserted, %lld updated, %lld unchanged", path, verb, (long long)s.rows,
            (long long)s.inserted, (long long)s.updated, (long long)s.unchanged);
        return 0;
    }
    say("%s: %s %lld of %lld row(s): %lld inserted, %lld updated, %lld unchanged, %lld rejected", path, verb,
        (long long)(s.rows - s.rejected), (long long)s.rows, (long long)s.inserted, (long long)s.updated,
        (long long)s.unchanged, (long long)s.rejected);
    if (o->dry_run)
        say("dry run: the rejected row(s) were not written to %s", o->rejects);
    else
        say("%lld rejected row(s) written to %s", (long long)s.rejected, o->rejects);
    /* The rows that were fine are in; but a file of which nothing could be
     * taken is bad input, and a script must be able to see that. */
    if (s.rejected == s.rows) {
        cli_errorf("%s: every row was rejected; nothing was imported", path);
        return 65;
    }
    return 0;
}

static int demo_shift_days(void)
{
    time_t ref;
    core_parse_ts(DEMO_REFERENCE, &ref);
    long long d = (long long)(core_now() - ref);
    return (int)(d >= 0 ? d / 86400 : -((-d + 86399) / 86400));
}

static int cmd_init(const cli_opts *o)
{
    if (o->npos) {
        usage_error("usage: vigil init [--db PATH] [--demo]");
        return 64;
    }
    core_db *db;
    int rc = open_db(o, CORE_OPEN_CREATE | CORE_OPEN_FULLCHECK, &db);
    if (rc)
        return rc;
    say("%s: vigil database, schema version %d", o->db, core_db_schema_version(db));
    if (o->demo) {
        int64_t counts[CORE_TABLE_COUNT];
        core_err e;
        /* One transaction, the question included: a second init --demo
         * at the same moment waits for the first's, then sees its data. */
        if (core_db_batch_begin(db, &e) != CORE_OK) {
            core_db_close(db);
            return fail(&e);
        }
        if (core_db_counts(db, counts, &e) != CORE_OK) {
            core_db_batch_end(db, 0, NULL);
            core_db_close(db);
            return fail(&e);
        }
        if (counts[CORE_T_REGIONS] > 0) {
            core_db_batch_end(db, 0, NULL);
            say("%s already holds data; the demo data was not loaded", o->db);
            core_db_close(db);
            return 0;
        }
        char dir[PATH_MAX];
        if (!cli_sample_dir(dir, sizeof dir)) {
            core_db_batch_end(db, 0, NULL);
            cli_errorf("cannot find sample-data/ (set VIGIL_SAMPLE_DIR)");
            core_db_close(db);
            return 66;
        }
        static const char *const ORDER[] = {"regions", "indicators", "partners", "resources",
                                            "movements", "activities", "observations"};
        int shift = demo_shift_days();
        cli_opts demo = *o;
        demo.dry_run = 0;
        demo.rejects = NULL;
        /* The demo lands whole, and alerts are judged on the finished
         * picture, not on each file's intermediate state. */
        for (size_t i = 0; i < sizeof ORDER / sizeof ORDER[0]; i++) {
            char path[PATH_MAX + 64];
            snprintf(path, sizeof path, "%s/%s.csv", dir, ORDER[i]);
            rc = import_file(db, core_table_by_name(ORDER[i]), path, &demo, shift, 0);
            if (rc) {
                core_db_batch_end(db, 0, &e);
                core_db_close(db);
                return rc;
            }
        }
        if (core_db_batch_end(db, 1, &e) != CORE_OK) {
            core_db_close(db);
            return fail(&e);
        }
    }
    core_db_close(db);
    return 0;
}

static const core_table *table_arg(const char *name, int import)
{
    const core_table *t = core_table_by_name(name);
    if (!t || (import && !(t->flags & CORE_TABF_IMPORT))) {
        usage_error("%s: no such %stable; tables: %s%s", name, import ? "importable " : "",
                    core_table_import_names(), import ? "" : " alerts audit");
        return NULL;
    }
    return t;
}

static int cmd_import(const cli_opts *o)
{
    if (o->npos != 2) {
        usage_error("usage: vigil import TABLE FILE [--dry-run] [--rejects FILE] [--encoding latin1]");
        return 64;
    }
    const core_table *t = table_arg(o->pos[0], 1);
    if (!t)
        return 64;
    if (access(o->pos[1], R_OK) != 0) {
        cli_errorf("cannot read %s: %s", o->pos[1], strerror(errno));
        return 66;
    }
    core_db *db;
    int rc = open_db(o, 0, &db);
    if (rc)
        return rc;
    rc = import_file(db, t, o->pos[1], o, 0, 0);
    core_db_close(db);
    return rc;
}

/* Copy a stream of exported CSV to the terminal, sanitising each line. */
static void print_sanitised(const char *buf, size_t len)
{
    const char *p = buf, *end = buf + len;
    while (p < end) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        size_t n = nl ? (size_t)(nl - p) : (size_t)(end - p);
        char *clean = core_sanitize(p, n);
        printf("%s\n", clean ? clean : "");
        free(clean);
        p += n + 1;
    }
}

static int cmd_export(const cli_opts *o)
{
    if (o->npos != 1) {
        usage_error("usage: vigil export TABLE [-o FILE] [--include-sensitive] [--hxl]");
        return 64;
    }
    const core_table *t = table_arg(o->pos[0], 0);
    if (!t)
        return 64;
    core_db *db;
    int rc = open_db(o, CORE_OPEN_READONLY | CORE_OPEN_AS_IS, &db);
    if (rc)
        return rc;
    unsigned flags = (o->include_sensitive ? CORE_EXPORT_SENSITIVE : 0) | (o->hxl ? CORE_EXPORT_HXL : 0);
    core_err e;
    core_status st;
    if (o->output && strcmp(o->output, "-") != 0 && core_db_is_own_file(db, o->output)) {
        cli_errorf("%s is the database itself (or one of its -wal/-shm files); export to another file",
                   o->output);
        core_db_close(db);
        return 64;
    }
    if (o->output && strcmp(o->output, "-") != 0) {
        /* Write beside the target and rename, so a reader never sees half
         * a file and a failed export leaves the old one in place. */
        char tmp[PATH_MAX + 16];
        snprintf(tmp, sizeof tmp, "%s.tmpXXXXXX", o->output);
        int fd = mkstemp(tmp);
        if (fd < 0) {
            cli_errorf("cannot create %s: %s", o->output, strerror(errno));
            core_db_close(db);
            return 73;
        }
        fchmod(fd, 0660);
        FILE *f = fdopen(fd, "wb");
        if (!f) {
            cli_errorf("cannot create %s: %s", o->output, strerror(errno));
            close(fd);
            unlink(tmp);
            core_db_close(db);
            return 73;
        }
        st = core_export(db, t->id, f, flags, NULL, &e);
        int synced = fflush(f) == 0 && fsync(fd) == 0;
        int closed = fclose(f) == 0; /* whatever happened: no stream left open */
        if (st == CORE_OK && !(synced && closed))
            st = core_err_set(&e, CORE_EIO, "writing %s failed: %s", o->output, strerror(errno));
        if (st == CORE_OK && rename(tmp, o->output) != 0)
            st = core_err_set(&e, CORE_ECANTCREAT, "cannot create %s: %s", o->output, strerror(errno));
        if (st != CORE_OK)
            unlink(tmp);
    } else if (isatty(STDOUT_FILENO)) {
        char *buf = NULL;
        size_t len = 0;
        FILE *m = open_memstream(&buf, &len);
        st = m ? core_export(db, t->id, m, flags, NULL, &e) : core_err_set(&e, CORE_ENOMEM, "out of memory");
        if (m)
            fclose(m);
        if (st == CORE_OK)
            print_sanitised(buf, len);
        free(buf);
    } else {
        st = core_export(db, t->id, stdout, flags, NULL, &e);
    }
    core_db_close(db);
    return st == CORE_OK ? 0 : fail(&e);
}

static int cmd_check(const cli_opts *o)
{
    if (o->npos) {
        usage_error("usage: vigil check [--db PATH]");
        return 64;
    }
    core_db *db;
    int rc = open_db(o, CORE_OPEN_READONLY | CORE_OPEN_AS_IS | CORE_OPEN_FULLCHECK, &db);
    if (rc)
        return rc;
    core_err e;
    int64_t counts[CORE_TABLE_COUNT];
    say("database: %s", o->db);
    say("schema version: %d (this vigil: %d)", core_db_schema_version(db), CORE_SCHEMA_VERSION);
    core_status st = core_db_integrity(db, &e);
    say("integrity: %s", st == CORE_OK ? "ok" : e.msg);
    if (st == CORE_OK && core_db_counts(db, counts, &e) == CORE_OK) {
        for (int i = 0; i < CORE_TABLE_COUNT; i++)
            say("%-13s %lld", core_table_get((core_table_id)i)->name, (long long)counts[i]);
    } else if (st == CORE_OK) {
        st = e.status;
        cli_errorf("%s", e.msg);
    }
    core_db_close(db);
    return st == CORE_OK ? 0 : core_status_exit_code(st);
}

/* vigil alerts: the monitoring-plugin convention (0 OK, 1 WARNING,
 * 2 CRITICAL, 3 UNKNOWN) so Nagios/Icinga/cron can call it directly. */
enum { MON_OK = 0, MON_WARNING = 1, MON_CRITICAL = 2, MON_UNKNOWN = 3 };

static void alerts_csv(FILE *out, const core_alert *a, int n)
{
    fputs("id,kind,level,subject,raised_at,acknowledged_by,acknowledged_at,note,cleared_at\n", out);
    for (int i = 0; i < n; i++) {
        fprintf(out, "%lld,%s,%s,", (long long)a[i].id, a[i].kind, a[i].level);
        const char *f[6] = {a[i].subject, a[i].raised_at, a[i].acknowledged_by, a[i].acknowledged_at, a[i].note,
                            a[i].cleared_at};
        for (int k = 0; k < 6; k++) {
            core_csv_put(out, f[k], strlen(f[k]));
            fputc(k < 5 ? ',' : '\n', out);
        }
    }
}

static void alerts_json(FILE *out, const char *status, int red, int amber, const core_alert *a, int n)
{
    core_sb sb = {0};
    core_sb_addf(&sb, "{\"status\":\"%s\",\"red\":%d,\"amber\":%d,\"alerts\":[", status, red, amber);
    for (int i = 0; i < n; i++) {
        core_sb_addf(&sb, "%s{\"id\":%lld,\"kind\":", i ? "," : "", (long long)a[i].id);
        core_sb_json(&sb, a[i].kind);
        core_sb_add(&sb, ",\"level\":");
        core_sb_json(&sb, a[i].level);
        core_sb_add(&sb, ",\"subject\":");
        core_sb_json(&sb, a[i].subject);
        core_sb_add(&sb, ",\"raised_at\":");
        core_sb_json(&sb, a[i].raised_at);
        core_sb_add(&sb, ",\"acknowledged_by\":");
        core_sb_json(&sb, *a[i].acknowledged_by ? a[i].acknowledged_by : NULL);
        core_sb_add(&sb, ",\"acknowledged_at\":");
        core_sb_json(&sb, *a[i].acknowledged_at ? a[i].acknowledged_at : NULL);
        core_sb_add(&sb, ",\"note\":");
        core_sb_json(&sb, *a[i].note ? a[i].note : NULL);
        core_sb_add(&sb, ",\"cleared_at\":");
        core_sb_json(&sb, *a[i].cleared_at ? a[i].cleared_at : NULL);
        core_sb_add(&sb, "}");
    }
    core_sb_add(&sb, "]}\n");
    fputs(core_sb_str(&sb), out);
    core_sb_free(&sb);
}

static void alerts_text(FILE *out, const char *status, int red, int amber, const core_alert *a, int n, int all)
{
    int waiting = 0;
    for (int i = 0; i < n; i++)
        waiting += *a[i].cleared_at && !*a[i].acknowledged_at;
    if (red || amber)
        fprintf(out, "VIGIL %s - %d red, %d amber open", status, red, amber);
    else
        fprintf(out, "VIGIL OK - no open alerts");
    if (waiting)
        fprintf(out, "; %d cleared, not yet acknowledged", waiting);
    fputc('\n', out);
    for (int i = 0; i < n; i++) {
        const core_alert *x = &a[i];
        const char *state = *x->cleared_at ? "cleared" : *x->acknowledged_at ? "acked" : "OPEN";
        fprintf(out, "#%-5lld %-5s %-7s %-9s %.16s  %s\n", (long long)x->id, !strcmp(x->level, "red") ? "RED" : "AMBER",
                state, x->kind, x->raised_at, x->subject);
        if (*x->acknowledged_at)
            fprintf(out, "       acknowledged by %s at %.16s: %s\n", x->acknowledged_by, x->acknowledged_at, x->note);
        if (*x->cleared_at && (all || !*x->acknowledged_at))
            fprintf(out, "       condition cleared at %.16s\n", x->cleared_at);
    }
}

/* The check could not be made: UNKNOWN, in the format asked for (a JSON
 * consumer gets JSON, a CSV one the status line on stderr and nothing to
 * parse). */
static int alerts_unknown(const char *format, const char *msg)
{
    if (!strcmp(format, "json")) {
        core_sb sb = {0};
        core_sb_add(&sb, "{\"status\":\"UNKNOWN\",\"error\":");
        core_sb_json(&sb, msg);
        core_sb_add(&sb, "}\n");
        fputs(sb.oom ? "{\"status\":\"UNKNOWN\"}\n" : core_sb_str(&sb), stdout);
        core_sb_free(&sb);
    } else if (!strcmp(format, "csv")) {
        cli_errorf("VIGIL UNKNOWN - %s", msg);
    } else {
        printf("VIGIL UNKNOWN - %s\n", msg);
    }
    return MON_UNKNOWN;
}

static int cmd_alerts(const cli_opts *o)
{
    const char *format = o->format ? o->format : "text";
    /* A monitoring check that is called wrongly is UNKNOWN, not OK. */
    if (strcmp(format, "text") && strcmp(format, "csv") && strcmp(format, "json")) {
        usage_error("--format must be text, csv or json");
        return MON_UNKNOWN;
    }
    if (o->npos) {
        usage_error("usage: vigil alerts [--all] [--include-sensitive] [--format text|csv|json]");
        return MON_UNKNOWN;
    }
    core_db *db = NULL;
    core_err e;
    /* Re-evaluate time-based conditions first, so a cron job alone keeps
     * alerts current; a user who may only read the file still gets the
     * stored picture. */
    if (core_db_open(o->db, 0, &db, &e) == CORE_OK) {
        if (!core_db_readonly(db) && core_alerts_refresh(db, NULL, &e) != CORE_OK)
            cli_errorf("could not re-evaluate alerts: %s", e.msg);
    } else if (e.status == CORE_EREADONLY || e.status == CORE_ECANTCREAT) {
        if (core_db_open(o->db, CORE_OPEN_READONLY | CORE_OPEN_AS_IS, &db, &e) != CORE_OK)
            db = NULL;
    }
    if (!db)
        return alerts_unknown(format, e.msg);
    int red = 0, amber = 0, n = 0;
    core_alert *a = NULL;
    if (core_alerts_count(db, &red, &amber, &e) != CORE_OK || core_alerts_list(db, (o->all ? CORE_ALERTS_ALL : 0u) | (o->include_sensitive ? 0u : CORE_ALERTS_WITHHOLD), &a, &n, &e) != CORE_OK) {
        core_db_close(db);
        return alerts_unknown(format, e.msg);
    }
    core_db_close(db);
    const char *status = red ? "CRITICAL" : amber ? "WARNING" : "OK";
    char *buf = NULL;
    size_t len = 0;
    FILE *m = open_memstream(&buf, &len);
    if (!m) {
        core_alerts_free(a, n);
        return MON_UNKNOWN;
    }
    if (!strcmp(format, "csv"))
        alerts_csv(m, a, n);
    else if (!strcmp(format, "json"))
        alerts_json(m, status, red, amber, a, n);
    else
        alerts_text(m, status, red, amber, a, n, o->all);
    fclose(m);
    core_alerts_free(a, n);
    /* Text is for people: always sanitised. CSV and JSON are exact unless
     * a person is reading them on a terminal. */
    if (!strcmp(format, "text") || isatty(STDOUT_FILENO))
        print_sanitised(buf, len);
    else
        fwrite(buf, 1, len, stdout);
    free(buf);
    return red ? MON_CRITICAL : amber ? MON_WARNING : MON_OK;
}

static int cmd_ack(const cli_opts *o)
{
    char *end = NULL;
    long long id = o->npos == 1 ? strtoll(o->pos[0][0] == '#' ? o->pos[0] + 1 : o->pos[0], &end, 10) : 0;
    if (o->npos != 1 || !end || *end || id <= 0 || !o->note) {
        usage_error("usage: vigil ack ALERT_ID --note TEXT");
        return 64;
    }
    core_db *db;
    int rc = open_db(o, 0, &db);
    if (rc)
        return rc;
    core_err e;
    core_status st = core_alert_ack(db, id, o->note, NULL, &e);
    core_db_close(db);
    if (st != CORE_OK)
        return fail(&e);
    say("alert #%lld acknowledged", id);
    return 0;
}

static int cmd_backup(const cli_opts *o)
{
    if (o->npos != 1) {
        usage_error("usage: vigil backup DEST");
        return 64;
    }
    core_db *db;
    int rc = open_db(o, CORE_OPEN_READONLY | CORE_OPEN_AS_IS, &db);
    if (rc)
        return rc;
    core_err e;
    core_status st = core_db_backup(db, o->pos[0], &e);
    core_db_close(db);
    if (st != CORE_OK)
        return fail(&e);
    say("%s: consistent copy of %s written", o->pos[0], o->db);
    return 0;
}

int cli_run(const cli_opts *o)
{
    static const struct {
        const char *name;
        int (*run)(const cli_opts *);
    } CMDS[] = {
        {"init", cmd_init},     {"import", cmd_import}, {"export", cmd_export},
        {"check", cmd_check},   {"alerts", cmd_alerts}, {"ack", cmd_ack},
        {"backup", cmd_backup},
    };
    for (size_t i = 0; i < sizeof CMDS / sizeof CMDS[0]; i++)
        if (!strcmp(o->cmd, CMDS[i].name))
            return CMDS[i].run(o);
    usage_error("unknown command %s", o->cmd);
    return 64;
}
