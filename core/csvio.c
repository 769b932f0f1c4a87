/* core/csvio.c — CSV import/export through libcsv in strict mode. */
#include "core/csvio.h"
#include "core/clock.h"
#include "core/internal.h"
#include "core/sanitize.h"
#include "core/strbuf.h"

#include <csv.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* libcsv grows its field buffer without bound; this realloc refuses past
 * a hard ceiling so a hostile file with one gigantic field cannot exhaust
 * memory. Fields between 64 KiB and the ceiling are rejected politely by
 * the field callback instead. */
#define LIBCSV_BUFFER_CEILING (4 * CORE_CSV_MAX_FIELD)

static void *bounded_realloc(void *p, size_t n)
{
    return n > LIBCSV_BUFFER_CEILING ? NULL : realloc(p, n);
}

int core_csv_put(FILE *out, const char *s, size_t n)
{
    int quote = n > 0 && (s[0] == ' ' || s[n - 1] == ' ');
    for (size_t i = 0; !quote && i < n; i++)
        quote = s[i] == ',' || s[i] == '"' || s[i] == '\r' || s[i] == '\n';
    if (!quote)
        return fwrite(s, 1, n, out) == n ? 0 : -1;
    return csv_fwrite(out, s, n) == 0 ? 0 : -1;
}

/* ---- import ------------------------------------------------------------ */

typedef struct importer {
    core_db *db;
    const core_table *t;
    const core_import_opts *o;
    core_import_stats *s;
    core_err *err;
    const char *path;       /* sanitised for messages */
    int64_t line;           /* current physical line */
    int64_t rec_line;       /* line where the current record started */
    /* current record: fields packed in buf, offsets/lengths in arrays */
    core_sb buf;
    size_t *off, *len;
    int nf, capf;
    char rec_problem[200];  /* a problem seen while reading the record */
    int header_done;
    int map[64];            /* header position -> column index */
    int nhead;
    int fatal;              /* stop: header or parse error, or db failure */
    core_status fatal_status;
    FILE *rejects;
    int rejects_header_done;
    char **hdr;             /* raw header names, for the rejects file */
    int64_t col_problems[64 + 1];
    struct deferred { char *key, *parent; int64_t line; } *def;
    int ndef, capdef;
    char norm[32];
    char *norm_buf;         /* scratch for validating one field */
} importer;

static void report(importer *im, int64_t line, const char *col, const char *msg)
{
    im->s->problems++;
    int ci = im->t ? core_table_col(im->t, col ? col : "") : -1;
    im->col_problems[ci >= 0 && ci < 64 ? ci : 64]++;
    int cap = im->o && im->o->max_reported > 0 ? im->o->max_reported : 20;
    if (im->s->problems > cap || !im->o || !im->o->report)
        return;
    char m[700], line_txt[900];
    core_sanitize_into(m, sizeof m, msg);
    if (col && *col)
        snprintf(line_txt, sizeof line_txt, "%s:%lld: %s: %s", im->path, (long long)line, col, m);
    else
        snprintf(line_txt, sizeof line_txt, "%s:%lld: %s", im->path, (long long)line, m);
    im->o->report(im->o->report_ctx, line_txt);
}

static void fatal(importer *im, int64_t line, const char *msg)
{
    report(im, line, NULL, msg);
    im->fatal = 1;
    if (!im->fatal_status)
        im->fatal_status = CORE_EDATA;
}

static void on_field(void *s, size_t n, void *data)
{
    importer *im = data;
    if (im->fatal)
        return;
    if (im->nf == im->capf) {
        int cap = im->capf ? im->capf * 2 : 32;
        size_t *o = realloc(im->off, sizeof *o * (size_t)cap), *l;
        if (o)
            im->off = o;
        l = o ? realloc(im->len, sizeof *l * (size_t)cap) : NULL;
        if (!o || !l) {
            im->fatal = 1;
            im->fatal_status = CORE_ENOMEM;
            return;
        }
        im->len = l;
        im->capf = cap;
    }
    if (n > CORE_CSV_MAX_FIELD) {
        if (!im->rec_problem[0])
            snprintf(im->rec_problem, sizeof im->rec_problem, "field %d is %zu bytes, over the %d KiB limit",
                     im->nf + 1, n, CORE_CSV_MAX_FIELD / 1024);
        n = 0;
    }
    im->off[im->nf] = im->buf.len;
    im->len[im->nf] = n;
    core_sb_addn(&im->buf, s ? (const char *)s : "", n);
    core_sb_addn(&im->buf, "", 1); /* keep each field NUL-terminated */
    if (im->buf.oom) {
        im->fatal = 1;
        im->fatal_status = CORE_ENOMEM;
    }
    im->nf++;
}

static const char *field(importer *im, int i) { return im->buf.s + im->off[i]; }

static int write_reject(importer *im, const char *reason)
{
    if (!im->rejects)
        return 0;
    if (!im->rejects_header_done) {
        for (int i = 0; i < im->nhead; i++) {
            core_csv_put(im->rejects, im->hdr[i], strlen(im->hdr[i]));
            fputc(',', im->rejects);
        }
        fputs("reason\n", im->rejects);
        im->rejects_header_done = 1;
    }
    for (int i = 0; i < im->nf; i++) {
        core_csv_put(im->rejects, field(im, i), im->len[i]);
        fputc(',', im->rejects);
    }
    core_csv_put(im->rejects, reason, strlen(reason));
    return fputc('\n', im->rejects) == EOF ? -1 : 0;
}

static void do_header(importer *im)
{
    const core_table *t = im->t;
    int seen[64] = {0};
    core_sb unknown = {0};
    im->nhead = im->nf;
    if (im->nf > 64) {
        fatal(im, im->rec_line, "the header has more than 64 columns");
        return;
    }
    im->hdr = calloc((size_t)im->nf, sizeof *im->hdr);
    for (int i = 0; im->hdr && i < im->nf; i++) {
        const char *h = field(im, i);
        /* A UTF-8 BOM before the first name is accepted. */
        if (i == 0 && strncmp(h, "\xEF\xBB\xBF", 3) == 0)
            h += 3;
        while (*h == ' ')
            h++;
        char name[128];
        snprintf(name, sizeof name, "%s", h);
        for (size_t k = strlen(name); k > 0 && name[k - 1] == ' '; k--)
            name[k - 1] = '\0';
        im->hdr[i] = strdup(name);
        int c = core_table_col(t, name);
        im->map[i] = c;
        if (c < 0) {
            char q[160];
            core_sanitize_into(q, sizeof q, name);
            core_sb_addf(&unknown, "%s'%s'", unknown.len ? ", " : "", q);
        } else if (seen[c]++) {
            char m[200];
            snprintf(m, sizeof m, "column '%s' appears twice in the header", name);
            fatal(im, im->rec_line, m);
        }
    }
    if (unknown.len) {
        char m[900];
        snprintf(m, sizeof m, "unknown column(s) %s for table %s; expected columns: ", core_sb_str(&unknown),
                 t->name);
        for (int i = 0; i < t->ncols; i++)
            snprintf(m + strlen(m), sizeof m - strlen(m), "%s%s", i ? "," : "", t->cols[i].name);
        fatal(im, im->rec_line, m);
    }
    core_sb_free(&unknown);
    for (int c = 0; c < t->ncols; c++)
        if ((t->cols[c].flags & CORE_COLF_REQUIRED) && !seen[c] &&
            !(t->id == CORE_T_RESOURCES && 0)) {
            char m[200];
            snprintf(m, sizeof m, "required column '%s' is missing from the header", t->cols[c].name);
            fatal(im, im->rec_line, m);
        }
    im->header_done = 1;
}

/* Shift a normalisable date or timestamp by days (demo loader). */
static const char *shift_date(importer *im, const core_column *c, const char *v)
{
    if (!im->o || !im->o->date_shift_days || !v || !*v)
        return v;
    if (c->type != CORE_COL_DATE && c->type != CORE_COL_TIMESTAMP)
        return v;
    time_t t;
    if (core_parse_ts(v, &t) != 0)
        return v; /* the validator will say what is wrong */
    t += (time_t)im->o->date_shift_days * 86400;
    if (c->type == CORE_COL_DATE)
        core_format_date(t, im->norm);
    else
        core_format_ts(t, im->norm);
    return im->norm;
}

static void do_row(importer *im)
{
    const core_table *t = im->t;
    im->s->rows++;
    if (im->rec_problem[0]) {
        report(im, im->rec_line, NULL, im->rec_problem);
        im->s->rejected++;
        write_reject(im, im->rec_problem);
        return;
    }
    if (im->nf != im->nhead) {
        char m[120];
        snprintf(m, sizeof m, "expected %d fields as in the header, found %d", im->nhead, im->nf);
        report(im, im->rec_line, NULL, m);
        im->s->rejected++;
        write_reject(im, m);
        return;
    }
    const char *vals[64] = {0};
    char shifted[64][32];
    for (int i = 0; i < im->nf; i++) {
        int c = im->map[i];
        const char *v = field(im, i);
        const char *sv = shift_date(im, &t->cols[c], v);
        if (sv != v) {
            snprintf(shifted[c], sizeof shifted[c], "%s", sv);
            sv = shifted[c];
        }
        vals[c] = sv;
    }
    /* Report every bad value of the row, not only the first. */
    int bad = 0;
    char first_reason[600] = "";
    for (int c = 0; c < t->ncols; c++) {
        char msg[400];
        if (!vals[c] || core_validate_value(&t->cols[c], vals[c], im->norm_buf, CORE_CSV_MAX_FIELD + 64, msg,
                                            sizeof msg) == CORE_OK)
            continue;
        report(im, im->rec_line, t->cols[c].name, msg);
        if (!bad++)
            snprintf(first_reason, sizeof first_reason, "%s: %s", t->cols[c].name, msg);
    }
    if (bad) {
        im->s->rejected++;
        write_reject(im, first_reason);
        return;
    }
    core_field_error fe = {-1, ""};
    core_err e = {0};
    core_upsert_result res = CORE_UPSERT_UNCHANGED;
    int deferred = 0;
    int sp = im->rejects != NULL;
    if (sp)
        sqlite3_exec(im->db->h, "SAVEPOINT import_row", NULL, NULL, NULL);
    core_status st = core_store_upsert(im->db, t, vals, CORE_UPSERT_DEFER_SELF_REF, &res, &deferred, &fe, &e);
    if (st == CORE_OK) {
        if (sp)
            sqlite3_exec(im->db->h, "RELEASE import_row", NULL, NULL, NULL);
        im->s->inserted += res == CORE_UPSERT_INSERTED;
        im->s->updated += res == CORE_UPSERT_UPDATED;
        im->s->unchanged += res == CORE_UPSERT_UNCHANGED;
        if (deferred) {
            int pc = core_table_col(t, "parent_code");
            if (im->ndef == im->capdef) {
                int cap = im->capdef ? im->capdef * 2 : 16;
                void *p = realloc(im->def, sizeof *im->def * (size_t)cap);
                if (!p) {
                    im->fatal = 1;
                    im->fatal_status = CORE_ENOMEM;
                    return;
                }
                im->def = p;
                im->capdef = cap;
            }
            im->def[im->ndef].key = strdup(vals[0]);
            im->def[im->ndef].parent = strdup(vals[pc]);
            im->def[im->ndef].line = im->rec_line;
            im->ndef++;
        }
        return;
    }
    if (sp) {
        sqlite3_exec(im->db->h, "ROLLBACK TO import_row", NULL, NULL, NULL);
        sqlite3_exec(im->db->h, "RELEASE import_row", NULL, NULL, NULL);
    }
    if (st == CORE_EDATA) {
        const char *col = fe.col >= 0 ? t->cols[fe.col].name : NULL;
        report(im, im->rec_line, col, fe.col >= 0 ? fe.msg : e.msg);
        im->s->rejected++;
        char reason[1200];
        snprintf(reason, sizeof reason, "%s%s%s", col ? col : "", col ? ": " : "", fe.col >= 0 ? fe.msg : e.msg);
        write_reject(im, reason);
        return;
    }
    /* Busy, I/O, disk full: stop, nothing is saved. */
    im->fatal = 1;
    im->fatal_status = st;
    *im->err = e;
}

static void on_record(int c, void *data)
{
    importer *im = data;
    (void)c;
    if (!im->fatal) {
        if (!im->header_done)
            do_header(im);
        else
            do_row(im);
    }
    im->nf = 0;
    core_sb_reset(&im->buf);
    im->rec_problem[0] = '\0';
}

static void resolve_deferred(importer *im)
{
    for (int i = 0; i < im->ndef && !im->fatal; i++) {
        const char *vals[4] = {im->def[i].key, NULL, im->def[i].parent, NULL};
        core_field_error fe = {-1, ""};
        core_err e = {0};
        core_upsert_result res;
        core_status st = core_store_upsert(im->db, im->t, vals, 0, &res, NULL, &fe, &e);
        if (st == CORE_EDATA) {
            report(im, im->def[i].line, "parent_code", fe.col >= 0 ? fe.msg : e.msg);
            im->s->rejected++;
        } else if (st != CORE_OK) {
            im->fatal = 1;
            im->fatal_status = st;
            *im->err = e;
        }
    }
}

static void importer_free(importer *im)
{
    free(im->norm_buf);
    core_sb_free(&im->buf);
    free(im->off);
    free(im->len);
    for (int i = 0; im->hdr && i < im->nhead; i++)
        free(im->hdr[i]);
    free(im->hdr);
    for (int i = 0; i < im->ndef; i++) {
        free(im->def[i].key);
        free(im->def[i].parent);
    }
    free(im->def);
}

/* Latin-1 to UTF-8, into sb. */
static void latin1_to_utf8(const char *s, size_t n, core_sb *sb)
{
    core_sb_reset(sb);
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c < 0x80) {
            core_sb_addn(sb, (const char *)&s[i], 1);
        } else {
            char u[2] = {(char)(0xC0 | (c >> 6)), (char)(0x80 | (c & 0x3F))};
            core_sb_addn(sb, u, 2);
        }
    }
}

core_status core_import(core_db *db, core_table_id tid, const char *path, const core_import_opts *opts,
                        core_import_stats *stats, core_err *err)
{
    static const core_import_opts defaults = {0};
    const core_import_opts *o = opts ? opts : &defaults;
    core_import_stats local = {0};
    core_import_stats *s = stats ? stats : &local;
    memset(s, 0, sizeof *s);
    core_err_clear(err);
    const core_table *t = core_table_get(tid);
    char sp[300];
    core_sanitize_into(sp, sizeof sp, path);
    if (!t || !(t->flags & CORE_TABF_IMPORT))
        return core_err_set(err, CORE_EUSAGE, "cannot import into %s; tables: %s", t ? t->name : "?",
                            core_table_import_names());
    int latin1 = 0;
    if (o->encoding && *o->encoding) {
        if (!strcasecmp(o->encoding, "latin1") || !strcasecmp(o->encoding, "latin-1") ||
            !strcasecmp(o->encoding, "iso-8859-1"))
            latin1 = 1;
        else if (strcasecmp(o->encoding, "utf-8") && strcasecmp(o->encoding, "utf8"))
            return core_err_set(err, CORE_EUSAGE, "unknown encoding (use utf-8 or latin1)");
    }
    FILE *f = fopen(path, "rb");
    if (!f)
        return core_err_set(err, CORE_ENOINPUT, "cannot read %s: %s", sp, strerror(errno));
    struct stat sb;
    if (fstat(fileno(f), &sb) == 0 && S_ISDIR(sb.st_mode)) {
        fclose(f);
        return core_err_set(err, CORE_ENOINPUT, "%s is a directory", sp);
    }
    int64_t total = sb.st_size;
    if (total > CORE_CSV_MAX_FILE) {
        fclose(f);
        return core_err_set(err, CORE_EDATA, "%s is %lld bytes, over the %lld GiB import limit; split it", sp,
                            (long long)total, CORE_CSV_MAX_FILE >> 30);
    }

    importer im = {0};
    im.norm_buf = malloc(CORE_CSV_MAX_FIELD + 64);
    if (!im.norm_buf) {
        fclose(f);
        return core_err_set(err, CORE_ENOMEM, "out of memory");
    }
    im.db = db;
    im.t = t;
    im.o = o;
    im.s = s;
    im.err = err;
    im.path = sp;
    if (o->rejects_path && !o->dry_run) {
        im.rejects = fopen(o->rejects_path, "wb");
        if (!im.rejects) {
            fclose(f);
            char rp[300];
            core_sanitize_into(rp, sizeof rp, o->rejects_path);
            return core_err_set(err, CORE_ECANTCREAT, "cannot create %s: %s", rp, strerror(errno));
        }
    }
    struct csv_parser p;
    csv_init(&p, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL);
    csv_set_realloc_func(&p, bounded_realloc);
    core_status st = core_tx_begin(db, err);
    if (st != CORE_OK) {
        fclose(f);
        if (im.rejects)
            fclose(im.rejects);
        csv_free(&p);
        return st;
    }
    char *line = NULL;
    size_t cap = 0;
    ssize_t n;
    int64_t done = 0;
    core_sb conv = {0};
    while (!im.fatal && (n = getline(&line, &cap, f)) > 0) {
        im.line++;
        done += n;
        if (p.pstate == 0) /* no record open: the next one starts here */
            im.rec_line = im.line;
        const char *data = line;
        size_t len = (size_t)n;
        if (memchr(line, '\0', len)) {
            if (!im.rec_problem[0])
                snprintf(im.rec_problem, sizeof im.rec_problem, "contains a NUL byte");
        }
        if (latin1) {
            latin1_to_utf8(line, len, &conv);
            data = core_sb_str(&conv);
            len = conv.len;
        } else {
            const char *d = data;
            size_t l = len;
            if (im.line == 1 && l >= 3 && memcmp(d, "\xEF\xBB\xBF", 3) == 0) {
                d += 3;
                l -= 3;
            }
            long bad_at = core_utf8_invalid_at(d, l);
            if (bad_at >= 0 && !im.rec_problem[0])
                snprintf(im.rec_problem, sizeof im.rec_problem,
                         "invalid UTF-8 at byte %ld of the line (if the file is Latin-1, convert it with "
                         "iconv -f latin1 -t utf-8, or import with --encoding latin1)",
                         bad_at + 1);
        }
        if (csv_parse(&p, data, len, on_field, on_record, &im) != len && !im.fatal) {
            int e = csv_error(&p);
            if (e == CSV_ENOMEM)
                fatal(&im, im.line, "a field is far over the 64 KiB limit (or a quote is never closed)");
            else
                fatal(&im, im.rec_line, "malformed CSV: a quote inside an unquoted field, or text after a "
                                        "closing quote");
        }
        if (o->progress && (im.line & 0x3fff) == 0)
            o->progress(o->progress_ctx, done, total, s->rows);
    }
    if (ferror(f) && !im.fatal)
        fatal(&im, im.line, strerror(errno));
    if (!im.fatal && csv_fini(&p, on_field, on_record, &im) != 0 && !im.fatal)
        fatal(&im, im.rec_line, "unterminated quoted field: a quote opened here is never closed");
    if (!im.fatal && !im.header_done)
        fatal(&im, 1, "the file is empty: expected a header row");
    if (!im.fatal)
        resolve_deferred(&im);
    free(line);
    core_sb_free(&conv);
    csv_free(&p);
    fclose(f);

    int cap_r = o->max_reported > 0 ? o->max_reported : 20;
    if (s->problems > cap_r && o->report) {
        char m[900];
        int off = snprintf(m, sizeof m, "%s: %lld more problem(s) not shown:", sp,
                           (long long)(s->problems - cap_r));
        for (int c = 0; c <= 64 && off < (int)sizeof m - 40; c++)
            if (im.col_problems[c])
                off += snprintf(m + off, sizeof m - (size_t)off, " %s %lld,",
                                c < t->ncols ? t->cols[c].name : "row", (long long)im.col_problems[c]);
        if (m[off - 1] == ',')
            m[off - 1] = '\0';
        o->report(o->report_ctx, m);
    }

    int keep = !im.fatal && !o->dry_run && (s->problems == 0 || im.rejects);
    if (keep && (s->inserted || s->updated)) {
        char summary[200];
        snprintf(summary, sizeof summary, "{\"inserted\":%lld,\"updated\":%lld,\"unchanged\":%lld,\"rejected\":%lld}",
                 (long long)s->inserted, (long long)s->updated, (long long)s->unchanged, (long long)s->rejected);
        st = core_audit(db, "import", t->name, path, summary, err);
        keep = st == CORE_OK;
    }
    if (keep) {
        st = core_tx_commit(db, err);
        s->committed = st == CORE_OK;
    } else {
        core_tx_rollback(db);
        if (im.fatal_status && im.fatal_status != CORE_EDATA)
            st = im.fatal_status;
        else if (im.fatal)
            st = core_err_set(err, CORE_EDATA, "%s: stopped at the problem above; nothing was imported", sp);
        else if (s->problems && !im.rejects)
            st = core_err_set(err, CORE_EDATA, "%s: %lld problem(s) in %lld row(s); nothing was imported", sp,
                              (long long)s->problems, (long long)s->rejected);
        else
            st = CORE_OK; /* dry run */
    }
    if (im.rejects && fclose(im.rejects) != 0 && st == CORE_OK)
        st = core_err_set(err, CORE_EIO, "writing the rejects file failed: %s", strerror(errno));
    importer_free(&im);
    return st;
}

/* ---- export ------------------------------------------------------------ */

static const char AUDIT_SQL[] =
    "SELECT at, actor, action, tbl, row_key, changes FROM audit ORDER BY id";
static const char ALERTS_SQL[] =
    "SELECT id, kind, level, subject, raised_at, acknowledged_by, acknowledged_at, note, cleared_at"
    " FROM alerts ORDER BY id";

core_status core_export(core_db *db, core_table_id tid, FILE *out, unsigned flags, int64_t *rows, core_err *err)
{
    const core_table *t = core_table_get(tid);
    if (!t)
        return core_err_set(err, CORE_EUSAGE, "no such table");
    int sens = (flags & CORE_EXPORT_SENSITIVE) != 0;
    int keep[64];
    for (int i = 0; i < t->ncols; i++)
        keep[i] = sens || !(t->cols[i].flags & CORE_COLF_SENSITIVE);
    core_sb sql = {0};
    int first_col = 0;
    if (tid == CORE_T_AUDIT) {
        core_sb_add(&sql, AUDIT_SQL);
    } else if (tid == CORE_T_ALERTS) {
        core_sb_add(&sql, ALERTS_SQL);
    } else {
        first_col = 4;
        core_sb_add(&sql, core_store_select(db, tid, err));
        if (!sens && core_table_col(t, "sensitive") >= 0)
            core_sb_add(&sql, " WHERE t.sensitive = 0");
        const char *sep = " ORDER BY ";
        for (int i = 0; i < t->ncols; i++)
            if (t->cols[i].flags & CORE_COLF_KEY) {
                core_sb_addf(&sql, "%s%d", sep, first_col + i + 1);
                sep = ", ";
            }
    }
    if (sql.oom) {
        core_sb_free(&sql);
        return core_err_set(err, CORE_ENOMEM, "out of memory");
    }
    sqlite3_stmt *st = NULL;
    int rc = sqlite3_prepare_v2(db->h, core_sb_str(&sql), -1, &st, NULL);
    core_sb_free(&sql);
    if (rc != SQLITE_OK)
        return core_sqlite_err(db, rc, "exporting", err);
    int wrote = 0, ioerr = 0;
    for (int pass = 0; pass < ((flags & CORE_EXPORT_HXL) ? 2 : 1); pass++) {
        wrote = 0;
        for (int i = 0; i < t->ncols; i++) {
            if (!keep[i])
                continue;
            const char *h = pass ? (t->cols[i].hxl ? t->cols[i].hxl : "") : t->cols[i].name;
            if (wrote++)
                ioerr |= fputc(',', out) == EOF;
            ioerr |= core_csv_put(out, h, strlen(h));
        }
        ioerr |= fputc('\n', out) == EOF;
    }
    int64_t n = 0;
    while (!ioerr && (rc = sqlite3_step(st)) == SQLITE_ROW) {
        wrote = 0;
        for (int i = 0; i < t->ncols; i++) {
            if (!keep[i])
                continue;
            char *v = core_store_value_text(st, first_col + i, &t->cols[i]);
            if (!v) {
                sqlite3_finalize(st);
                return core_err_set(err, CORE_ENOMEM, "out of memory");
            }
            if (wrote++)
                ioerr |= fputc(',', out) == EOF;
            ioerr |= core_csv_put(out, v, strlen(v));
            free(v);
        }
        ioerr |= fputc('\n', out) == EOF;
        n++;
    }
    sqlite3_finalize(st);
    if (ioerr || fflush(out) != 0)
        return core_err_set(err, CORE_EIO, "writing the export failed: %s", strerror(errno));
    if (rc != SQLITE_DONE && rc != SQLITE_ROW)
        return core_sqlite_err(db, rc, "exporting", err);
    if (rows)
        *rows = n;
    return CORE_OK;
}
